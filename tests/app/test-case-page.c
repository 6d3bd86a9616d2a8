/* test-case-page.c — the case page, driven as a person would, under a display
 *
 * With MONIA_SCREENSHOT_DIR set, /case-page/screenshots also saves pictures of
 * every section with demo data, light and dark, wide and 360 px narrow.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-test"

#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include <adwaita.h>

#include "monia-app-test-util.h"
#include "monia-assessment-view.h"
#include "monia-case-ops.h"
#include "monia-case-page.h"
#include "monia-case-util.h"
#include "monia-core.h"
#include "monia-date-row.h"
#include "monia-event-row.h"
#include "monia-goal-progress-row.h"
#include "monia-goal-row.h"
#include "monia-measure-row.h"
#include "monia-plan-view.h"
#include "monia-text-row.h"
#include "monia-picker-row.h"
#include "monia-consent-dialog.h"
#include "monia-participant-dialog.h"
#include "monia-person-dialog.h"

typedef struct
{
  char       *dir;
  MoniaStore *store;
  char       *case_id;
  char       *org_school;
  char       *org_family;
  char       *pro_curator;
  char       *pro_worker;
  char       *pro_stranger;
} Fixture;

static char *
create (GPtrArray  *batch,
        const char *kind,
        ...)
{
  MoniaMutation *m = monia_mutation_new_create (kind);
  va_list args;

  va_start (args, kind);
  for (const char *field = va_arg (args, const char *); field != NULL; field = va_arg (args, const char *))
    monia_mutation_set_string (m, field, va_arg (args, const char *));
  va_end (args);
  g_ptr_array_add (batch, m);
  return g_strdup (monia_mutation_get_record_id (m));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) monia_mutation_unref);
  g_autofree char *path = NULL;
  g_autofree char *person = NULL;
  g_autofree char *p1 = NULL, *p2 = NULL, *link = NULL;

  fixture->dir = g_dir_make_tmp ("monia-case-page-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "monia.db", NULL);
  fixture->store = monia_store_open (path, &error);
  g_assert_no_error (error);

  fixture->org_school = create (batch, "organisation", "name", "Koivulan koulu", "sector", "school", NULL);
  fixture->org_family = create (batch, "organisation", "name", "Perhetyö", "sector", "wellbeing_area", NULL);
  fixture->pro_curator = create (batch, "professional", "name", "Kaisa Kuraattori", "profession", "School curator",
                                 "organisation_id", fixture->org_school, NULL);
  fixture->pro_worker = create (batch, "professional", "name", "Sanna Sosiaalityö", "profession", "Social worker",
                                "organisation_id", fixture->org_family, NULL);
  fixture->pro_stranger = create (batch, "professional", "name", "Ville Vieras", "profession", "Social worker",
                                  "organisation_id", fixture->org_family, "role", "worker", NULL);
  fixture->case_id = create (batch, "case", "title", "Synthetic family", "status", "open",
                             "opened_on", "2026-01-05", "owner_id", fixture->pro_worker, NULL);
  person = create (batch, "person", "name", "Testi Testinen", "birth_date", "2015-03-14", NULL);
  link = create (batch, "case_person", "case_id", fixture->case_id, "person_id", person, "relation", "child", NULL);
  p1 = create (batch, "participant", "case_id", fixture->case_id, "professional_id", fixture->pro_worker,
               "organisation_id", fixture->org_family, "role", "owner", NULL);
  p2 = create (batch, "participant", "case_id", fixture->case_id, "professional_id", fixture->pro_curator,
               "organisation_id", fixture->org_school, "role", "member", NULL);
  g_assert_true (monia_store_apply (fixture->store, batch, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_true (monia_test_finalize_object (fixture->store));
  monia_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->case_id);
  g_free (fixture->org_school);
  g_free (fixture->org_family);
  g_free (fixture->pro_curator);
  g_free (fixture->pro_worker);
  g_free (fixture->pro_stranger);
}

/* ---- finding what a person sees ---- */

static const char *
widget_name (GtkWidget *widget)
{
  /* An icon-only button is named by its tooltip, as a screen reader says it. */
  if (GTK_IS_BUTTON (widget))
    return gtk_button_get_label (GTK_BUTTON (widget)) != NULL ? gtk_button_get_label (GTK_BUTTON (widget))
                                                               : gtk_widget_get_tooltip_text (widget);
  if (ADW_IS_PREFERENCES_ROW (widget))
    return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
  return NULL;
}

/* The first mapped widget of @type under @root named @name (a button's
 * label, a row's title). */
static GtkWidget *
find_named (GtkWidget  *root,
            GType       type,
            const char *name)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && g_strcmp0 (widget_name (root), name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, type, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
need (GtkWidget  *root,
      GType       type,
      const char *name)
{
  GtkWidget *widget = find_named (root, type, name);

  if (widget == NULL)
    g_error ("No %s “%s” on screen", g_type_name (type), name);
  return widget;
}

static gboolean
has_text_label (GtkWidget *root)
{
  if (GTK_IS_LABEL (root) && gtk_label_get_text (GTK_LABEL (root))[0] != '\0')
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (has_text_label (child))
      return TRUE;
  return FALSE;
}

/* Every button and row a screen reader meets has a name. */
static void
assert_all_named (GtkWidget *root)
{
  if (!gtk_widget_get_mapped (root))
    return;

  /* A spin button's own − and + and the window's controls are named by GTK. */
  if (GTK_IS_SPIN_BUTTON (root) || GTK_IS_WINDOW_CONTROLS (root))
    return;
  /* A toast's close button is libadwaita's own. */
  if (g_str_equal (G_OBJECT_TYPE_NAME (root), "AdwToastWidget"))
    return;

  /* A button shows its name, or an icon-only one says it as its tooltip
   * (which GTK gives it as its accessible name). */
  if ((GTK_IS_BUTTON (root) && !GTK_IS_MENU_BUTTON (gtk_widget_get_parent (root))) || GTK_IS_MENU_BUTTON (root))
    {
      const char *label = GTK_IS_BUTTON (root) ? gtk_button_get_label (GTK_BUTTON (root))
                                               : gtk_menu_button_get_label (GTK_MENU_BUTTON (root));
      const char *tooltip = gtk_widget_get_tooltip_text (root);

      if ((label == NULL || label[0] == '\0') && (tooltip == NULL || tooltip[0] == '\0') &&
          !has_text_label (root))
        g_error ("A %s in a %s has no name", G_OBJECT_TYPE_NAME (root),
                 G_OBJECT_TYPE_NAME (gtk_widget_get_parent (root)));
    }
  if (ADW_IS_PREFERENCES_ROW (root))
    {
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root));

      g_assert_nonnull (title);
      g_assert_cmpstr (title, !=, "");
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    assert_all_named (child);
}

static GtkWidget *
find_type_below (GtkWidget *root,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type_below (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  GtkWidget *found = find_type_below (root, type);

  if (found == NULL)
    g_error ("No %s found", g_type_name (type));
  return found;
}

static void
click (GtkWidget  *root,
       const char *label)
{
  GtkWidget *button = need (root, GTK_TYPE_BUTTON, label);

  g_assert_true (gtk_widget_is_sensitive (button));
  /* What a screen reader's "click" does; the click lands a moment later. */
  gtk_widget_activate (button);
}

/* Types into an entry row or a long text's row. */
static void
type_into (GtkWidget  *root,
           const char *row_title,
           const char *text)
{
  GtkWidget *row = need (root, ADW_TYPE_PREFERENCES_ROW, row_title);

  if (MONIA_IS_TEXT_ROW (row))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (monia_text_row_get_view (MONIA_TEXT_ROW (row))), text, -1);
  else
    gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static MoniaTextRow *
need_text (GtkWidget  *root,
           const char *row_title)
{
  return MONIA_TEXT_ROW (need (root, MONIA_TYPE_TEXT_ROW, row_title));
}

static void
choose (GtkWidget  *root,
        const char *row_title,
        const char *item)
{
  GtkWidget *widget = need (root, ADW_TYPE_PREFERENCES_ROW, row_title);
  AdwComboRow *row;
  GListModel *model;

  /* A picker: its choices by their titles. */
  if (MONIA_IS_PICKER_ROW (widget))
    {
      GListModel *choices = monia_picker_row_get_choices (MONIA_PICKER_ROW (widget));

      for (guint i = 0; i < g_list_model_get_n_items (choices); i++)
        {
          g_autoptr(MoniaChoice) choice = g_list_model_get_item (choices, i);

          if (g_strcmp0 (monia_choice_get_title (choice), item) == 0)
            {
              g_assert_true (monia_picker_row_select_id (MONIA_PICKER_ROW (widget), monia_choice_get_id (choice)));
              return;
            }
        }
      g_error ("“%s” offers no “%s”", row_title, item);
    }

  row = ADW_COMBO_ROW (widget);
  model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) object = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (object), item) == 0)
        {
          adw_combo_row_set_selected (row, i);
          return;
        }
    }
  g_error ("“%s” offers no “%s”", row_title, item);
}

static const char *
subtitle_of (GtkWidget  *root,
             const char *row_title)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (need (root, ADW_TYPE_ACTION_ROW, row_title)));
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} LabelQuery;

static gboolean
label_is_shown (gpointer user_data)
{
  LabelQuery *query = user_data;

  return monia_test_find_label (query->root, query->text) != NULL;
}

static void
assert_shown (GtkWidget  *root,
              const char *text)
{
  LabelQuery query = { root, text };

  if (!monia_test_wait_until (label_is_shown, &query, 3000))
    g_error ("“%s” is not on screen", text);
}

static gboolean
label_contains (GtkWidget  *root,
                const char *text)
{
  if (!gtk_widget_get_mapped (root))
    return FALSE;
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (label_contains (child, text))
      return TRUE;
  return FALSE;
}

/* ---- waiting for the store ---- */

typedef struct
{
  MoniaStore *store;
  const char *kind;
  const char *field;
  const char *ref;
  guint       count;
} CountQuery;

static gboolean
has_count (gpointer user_data)
{
  CountQuery *query = user_data;
  g_autoptr(GPtrArray) found = monia_store_find (query->store, query->kind, query->field, query->ref, NULL);

  return found != NULL && found->len == query->count;
}

static GPtrArray *
wait_for_records (Fixture    *fixture,
                  const char *kind,
                  const char *field,
                  const char *ref,
                  guint       count)
{
  CountQuery query = { fixture->store, kind, field, ref, count };

  if (!monia_test_wait_until (has_count, &query, 3000))
    g_error ("Expected %u %s records", count, kind);
  return monia_store_find (fixture->store, kind, field, ref, NULL);
}

typedef struct
{
  MoniaStore *store;
  const char *kind;
  const char *id;
  const char *field;
  const char *value;
} FieldQuery;

static gboolean
has_value (gpointer user_data)
{
  FieldQuery *query = user_data;
  g_autoptr(MoniaRecord) record = monia_store_get (query->store, query->kind, query->id, NULL);

  return record != NULL && g_strcmp0 (monia_record_get_string (record, query->field), query->value) == 0;
}

static void
wait_for_field (Fixture    *fixture,
                const char *kind,
                const char *id,
                const char *field,
                const char *value)
{
  FieldQuery query = { fixture->store, kind, id, field, value };

  if (!monia_test_wait_until (has_value, &query, 3000))
    g_error ("%s.%s never became “%s”", kind, field, value);
}

static MoniaRecord *
get_record (Fixture    *fixture,
            const char *kind,
            const char *id)
{
  g_autoptr(GError) error = NULL;
  MoniaRecord *record = monia_store_get (fixture->store, kind, id, &error);

  g_assert_no_error (error);
  return record;
}

/* Lets activations land and toasts appear. */
static void
settle (GtkWidget *widget)
{
  monia_test_wait_frames (widget, 3);
}

static gboolean
dialog_shown (gpointer user_data)
{
  AdwMessageDialog **out = user_data;
  GListModel *toplevels = gtk_window_get_toplevels ();  /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        {
          *out = ADW_MESSAGE_DIALOG (window);
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
has_error_style (gpointer user_data)
{
  return gtk_widget_has_css_class (GTK_WIDGET (user_data), "error");
}

static gboolean
is_cleared (gpointer user_data)
{
  return *(gpointer *) user_data == NULL;
}

static gboolean has_focus_within (GtkWidget *root);

/* ---- the whole process ---- */

/* With MONIA_SCREENSHOT_DIR set, a picture of @widget (a window: at 360
 * px wide too) for a person to look at. */
static void
shoot (GtkWidget  *widget,
       const char *name)
{
  const char *dir = g_getenv ("MONIA_SCREENSHOT_DIR");
  static const int widths[] = { 0, 360 };

  if (dir == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *file = NULL;
      g_autofree char *path = NULL;
      int width = widths[i];

      if (width != 0 && !GTK_IS_WINDOW (widget))
        continue;
      if (width != 0)
        gtk_window_set_default_size (GTK_WINDOW (widget), width, 760);
      monia_test_wait_frames (widget, 6);
      file = g_strdup_printf ("%s-%d.png", name, gtk_widget_get_width (widget));
      path = g_build_filename (dir, file, NULL);
      g_assert_true (monia_test_save_screenshot (widget, path, &error));
      g_assert_no_error (error);
      g_test_message ("%s", path);
    }
}

/* Types into a picker's search field and takes the first match with Enter,
 * as a person would. */
static void
search_and_choose (GtkWidget  *root,
                   const char *row_title,
                   const char *search)
{
  MoniaPickerRow *row = MONIA_PICKER_ROW (need (root, MONIA_TYPE_PICKER_ROW, row_title));
  GtkWidget *popover = NULL;
  GtkWidget *entry;

  monia_picker_row_popup (row);
  settle (GTK_WIDGET (row));
  popover = find_type (GTK_WIDGET (row), GTK_TYPE_POPOVER);
  g_assert_true (gtk_widget_get_mapped (popover));
  entry = find_type (popover, GTK_TYPE_SEARCH_ENTRY);
  g_assert_true (has_focus_within (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), search);
  /* The search runs a moment after typing stops. */
  monia_test_wait_frames (entry, 20);
  {
    g_autofree char *name = g_strdup_printf ("picker-%s", row_title);

    shoot (popover, name);
  }
  g_signal_emit_by_name (entry, "activate");
  settle (GTK_WIDGET (row));
}

static void
test_case_page_process (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(MoniaCalendar) calendar = monia_calendar_new ();
  g_autoptr(MoniaRecord) case_record = NULL;
  g_autoptr(MoniaRecord) assessment = NULL;
  g_autoptr(MoniaRecord) plan = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GPtrArray) goals = NULL;
  g_autoptr(GPtrArray) measures = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) ratings = NULL;
  g_autoptr(GPtrArray) feedback = NULL;
  g_autofree char *today_iso = NULL;
  g_autofree char *today_text = NULL;
  g_autofree char *review_text = NULL;
  g_autofree char *progress = NULL;
  g_autofree char *situation = NULL;
  g_autofree char *assessment_id = NULL;
  AdwMessageDialog *dialog = NULL;
  GtkWidget *window, *page;
  gpointer weak_page;
  GDate today, review;

  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();

    g_date_clear (&today, 1);
    g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                    g_date_time_get_year (now));
  }
  today_iso = monia_date_format_iso (&today);
  {
    g_autoptr(GDateTime) noon = g_date_time_new_local (g_date_get_year (&today), g_date_get_month (&today),
                                                       g_date_get_day (&today), 12, 0, 0);

    today_text = g_date_time_format (noon, "%-d %b %Y");
  }

  page = monia_case_page_new (fixture->store, fixture->case_id);
  weak_page = page;
  g_object_add_weak_pointer (G_OBJECT (page), &weak_page);
  g_assert_true (monia_case_page_get_store (MONIA_CASE_PAGE (page)) == fixture->store);
  g_assert_cmpstr (monia_case_page_get_case_id (MONIA_CASE_PAGE (page)), ==, fixture->case_id);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 1400);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (monia_test_wait_mapped (page));
  settle (page);

  /* Overview: the child, who is responsible, the participants. */
  assert_shown (page, "Synthetic family");
  assert_shown (page, "Testi Testinen");
  g_assert_true (label_contains (page, "Child · born"));
  assert_shown (page, "Kaisa Kuraattori");
  assert_shown (page, "Koivulan koulu · Team member\nSees nothing: no valid consent covers them");
  assert_shown (page, "Sanna Sosiaalityö");
  assert_shown (page, "No consents recorded");
  assert_all_named (page);
  monia_test_assert_names_once (page, G_STRLOC);

  /* Assessment: start it, pending today. */
  monia_case_page_show_section (MONIA_CASE_PAGE (page), "assessment");
  settle (page);
  choose (page, "Assessed Under", "Child Welfare Act, section 26");
  click (page, "Start Assessment");
  g_clear_pointer (&events, g_ptr_array_unref);
  events = wait_for_records (fixture, "assessment", "case_id", fixture->case_id, 1);
  assessment = g_object_ref (g_ptr_array_index (events, 0));
  g_clear_pointer (&events, g_ptr_array_unref);
  g_assert_cmpstr (monia_record_get_string (assessment, "pending_on"), ==, today_iso);
  g_assert_cmpstr (monia_record_get_string (assessment, "kind"), ==, MONIA_ASSESSMENT_CHILD_WELFARE);
  {
    GDate due;
    g_autofree char *due_iso = NULL;

    g_assert_true (monia_calendar_add_working_days (calendar, &today, 7, &due, NULL));
    due_iso = monia_date_format_iso (&due);
    g_assert_cmpstr (monia_record_get_string (assessment, "decision_due"), ==, due_iso);
  }
  settle (page);
  g_assert_nonnull (strstr (subtitle_of (page, "Decision to Start"), "7 working days left"));
  g_assert_nonnull (strstr (subtitle_of (page, "Pending Since"), today_text));
  g_assert_null (find_named (page, GTK_TYPE_BUTTON, "Start Assessment"));
  assert_all_named (page);
  monia_test_assert_names_once (page, G_STRLOC);

  /* Completing before the decision to start fails and keeps what was typed. */
  type_into (page, "Family’s situation", "Moved to the area in spring");
  type_into (page, "Conclusion", "Family work is needed");
  click (page, "Complete Assessment");
  wait_for_field (fixture, "assessment", monia_record_get_id (assessment), "conclusion", "Family work is needed");
  settle (page);
  assessment_id = g_strdup (monia_record_get_id (assessment));
  g_clear_object (&assessment);
  assessment = get_record (fixture, "assessment", assessment_id);
  g_assert_null (monia_record_get_string (assessment, "completed_on"));
  {
    g_autofree char *conclusion = monia_text_row_dup_text (need_text (page, "Conclusion"));

    g_assert_cmpstr (conclusion, ==, "Family work is needed");
  }
  situation = monia_assessment_dup_section (assessment, "situation");
  g_assert_cmpstr (situation, ==, "Moved to the area in spring");

  monia_date_row_choose (MONIA_DATE_ROW (need (page, MONIA_TYPE_DATE_ROW, "Decided to Start")), &today);
  wait_for_field (fixture, "assessment", monia_record_get_id (assessment), "started_on", today_iso);
  settle (page);
  g_assert_nonnull (strstr (subtitle_of (page, "Decision to Start"), "on time"));
  assert_shown (page, "On time");

  type_into (page, "Client’s View", "We want the mornings to be calmer");
  click (page, "Complete Assessment");
  wait_for_field (fixture, "assessment", monia_record_get_id (assessment), "completed_on", today_iso);
  wait_for_field (fixture, "assessment", monia_record_get_id (assessment), "client_view", "We want the mornings to be calmer");
  wait_for_field (fixture, "case", fixture->case_id, "status", "planning");
  settle (page);
  g_assert_null (find_named (page, GTK_TYPE_BUTTON, "Complete Assessment"));
  g_assert_false (monia_text_row_get_editable (need_text (page, "Conclusion")));

  /* Plan: a draft with two goals and three measures, then agreed. */
  monia_case_page_show_section (MONIA_CASE_PAGE (page), "plan");
  settle (page);
  click (page, "Start a Plan");
  plans = wait_for_records (fixture, "plan", "case_id", fixture->case_id, 1);
  plan = g_object_ref (g_ptr_array_index (plans, 0));
  g_clear_pointer (&plans, g_ptr_array_unref);
  settle (page);
  assert_shown (page, "No goals yet");

  type_into (page, "Client’s Commitments", "We keep the mornings calm");
  wait_for_field (fixture, "plan", monia_record_get_id (plan), "client_commitments", "We keep the mornings calm");
  /* Long texts run over lines, and are saved whole. */
  type_into (page, "Need for Services and Support", "Support with the mornings.\nHelp with school attendance.");
  wait_for_field (fixture, "plan", monia_record_get_id (plan), "needs",
                  "Support with the mornings.\nHelp with school attendance.");
  g_assert_true (MONIA_IS_TEXT_ROW (need (page, ADW_TYPE_PREFERENCES_ROW, "Strengths and Resources")));

  /* A goal without its text: said at the field, which takes the focus. */
  click (page, "Add Goal");
  assert_shown (page, "Write what the goal is.");
  g_assert_true (gtk_widget_has_css_class (need (page, ADW_TYPE_ENTRY_ROW, "Goal"), "error"));
  g_assert_true (has_focus_within (need (page, ADW_TYPE_ENTRY_ROW, "Goal")));

  type_into (page, "Goal", "Regular school attendance");
  type_into (page, "In the Client’s Own Words", "I want to go to school every day");
  type_into (page, "Indicator", "Absences per month");
  click (page, "Add Goal");
  goals = wait_for_records (fixture, "goal", "plan_id", monia_record_get_id (plan), 1);
  g_clear_pointer (&goals, g_ptr_array_unref);
  settle (page);
  /* The form is empty again for the next goal. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (need (page, ADW_TYPE_ENTRY_ROW, "Goal"))), ==, "");
  type_into (page, "Goal", "Calmer evenings");
  click (page, "Add Goal");
  goals = wait_for_records (fixture, "goal", "plan_id", monia_record_get_id (plan), 2);
  settle (page);
  assert_shown (page, "Regular school attendance");
  assert_shown (page, "“I want to go to school every day” · Indicator: Absences per month");
  assert_shown (page, "Calmer evenings");

  {
    static const struct {
      const char *text, *goal, *org, *pro;
    } wanted[] = {
      { "Family work twice a week", "Regular school attendance", "Perhetyö", "Sanna Sosiaalityö" },
      { "Curator meetings at school", "Regular school attendance", "Koivulan koulu", "Kaisa Kuraattori" },
      { "Evening routine coaching", "Calmer evenings", "Perhetyö", "Not chosen" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (wanted); i++)
      {
        type_into (page, "Measure", wanted[i].text);
        choose (page, "For Goal", wanted[i].goal);
        choose (page, "Provided By", wanted[i].org);
        choose (page, "Professional", wanted[i].pro);
        monia_date_row_choose (MONIA_DATE_ROW (need (page, MONIA_TYPE_DATE_ROW, "Starts")), &today);
        click (page, "Add Measure");
        g_clear_pointer (&measures, g_ptr_array_unref);
        measures = wait_for_records (fixture, "measure", "plan_id", monia_record_get_id (plan), i + 1);
        settle (page);
      }
    g_assert_cmpstr (monia_record_get_string (g_ptr_array_index (measures, 1), "organisation_id"), ==, fixture->org_school);
    g_assert_cmpstr (monia_record_get_string (g_ptr_array_index (measures, 1), "professional_id"), ==, fixture->pro_curator);
    g_assert_cmpstr (monia_record_get_string (g_ptr_array_index (measures, 1), "goal_id"), ==,
                     monia_record_get_id (g_ptr_array_index (goals, 0)));
    g_assert_null (monia_record_get_string (g_ptr_array_index (measures, 2), "professional_id"));
    g_assert_cmpstr (monia_record_get_string (g_ptr_array_index (measures, 2), "starts_on"), ==, today_iso);
  }
  assert_shown (page, "Curator meetings at school");
  g_assert_true (label_contains (page, "Koivulan koulu, Kaisa Kuraattori"));
  g_assert_true (label_contains (page, "For: Calmer evenings"));
  assert_all_named (page);
  monia_test_assert_names_once (page, G_STRLOC);

  click (page, "Agree the Plan");
  wait_for_field (fixture, "plan", monia_record_get_id (plan), "status", "agreed");
  wait_for_field (fixture, "case", fixture->case_id, "status", "implementation");
  settle (page);
  g_assert_null (find_named (page, GTK_TYPE_BUTTON, "Agree the Plan"));
  g_assert_null (find_named (page, GTK_TYPE_BUTTON, "Add Goal"));
  /* A child welfare plan is reviewed within a year. */
  g_assert_true (monia_calendar_add_months (calendar, &today, 12, &review, NULL));
  review_text = monia_format_date (&review);
  g_assert_cmpstr (subtitle_of (page, "Review Date"), ==, review_text);
  {
    g_autofree char *version = g_strdup_printf ("Version 1 · Agreed · %s", today_text);

    assert_shown (page, version);
  }

  /* A new version copies the goals; the agreed one stays readable. */
  click (page, "New Version");
  plans = wait_for_records (fixture, "plan", "case_id", fixture->case_id, 2);
  settle (page);
  assert_shown (page, "Version 2 · Draft");
  assert_shown (page, "Calmer evenings");
  g_assert_nonnull (find_named (page, GTK_TYPE_BUTTON, "Agree the Plan"));
  adw_combo_row_set_selected (ADW_COMBO_ROW (need (page, ADW_TYPE_COMBO_ROW, "Version")), 0);
  settle (page);
  g_assert_null (find_named (page, GTK_TYPE_BUTTON, "Add Goal"));
  assert_shown (page, "Regular school attendance");
  g_assert_false (monia_text_row_get_editable (need_text (page, "Client’s Commitments")));
  adw_combo_row_set_selected (ADW_COMBO_ROW (need (page, ADW_TYPE_COMBO_ROW, "Version")), 1);
  settle (page);
  click (page, "Agree the Plan");
  wait_for_field (fixture, "plan", monia_record_get_id (plan), "status", "superseded");
  g_clear_pointer (&goals, g_ptr_array_unref);
  goals = monia_plan_list_goals (fixture->store, monia_record_get_id (g_ptr_array_index (plans, 1)), NULL);
  g_assert_cmpuint (goals->len, ==, 2);

  /* Implementation: a meeting about the first goal, then a rating. */
  monia_case_page_show_section (MONIA_CASE_PAGE (page), "implementation");
  settle (page);
  assert_shown (page, "Nothing recorded yet");
  choose (page, "Kind", "Meeting");
  type_into (page, "Time", "25:99");
  click (page, "Record Event");
  /* Said at the field, which takes the focus, not only in a toast. */
  g_assert_true (monia_test_wait_until (has_error_style, need (page, ADW_TYPE_ENTRY_ROW, "Time"), 3000));
  assert_shown (page, "Write the time as hours and minutes, for example 14:30.");
  g_assert_true (has_focus_within (need (page, ADW_TYPE_ENTRY_ROW, "Time")));
  g_assert_cmpint (monia_store_count (fixture->store, "event"), ==, 0);
  type_into (page, "Time", "14.30");
  /* A note needs its text: the message moves to that field. */
  choose (page, "Kind", "Note");
  click (page, "Record Event");
  assert_shown (page, "Write the note before saving it.");
  g_assert_true (gtk_widget_has_css_class (need (page, MONIA_TYPE_TEXT_ROW, "What Happened"), "error"));
  g_assert_false (gtk_widget_has_css_class (need (page, ADW_TYPE_ENTRY_ROW, "Time"), "error"));
  g_assert_false (label_contains (page, "Write the time as hours"));
  g_assert_cmpint (monia_store_count (fixture->store, "event"), ==, 0);
  choose (page, "Kind", "Meeting");
  /* What happened runs over lines and is kept whole. */
  type_into (page, "What Happened", "Met the family and the curator at school\nAgreed on mornings");
  /* Goals and measures are told apart by a second line: the goal in the
   * client's own words, who provides the measure. */
  {
    MoniaPickerRow *goal = MONIA_PICKER_ROW (need (page, MONIA_TYPE_PICKER_ROW, "Goal"));
    MoniaPickerRow *measure = MONIA_PICKER_ROW (need (page, MONIA_TYPE_PICKER_ROW, "Measure"));
    g_autoptr(MoniaChoice) first_goal = g_list_model_get_item (monia_picker_row_get_choices (goal), 1);
    g_autoptr(MoniaChoice) curator = g_list_model_get_item (monia_picker_row_get_choices (measure), 2);

    g_assert_null (monia_picker_row_get_selected_id (goal));
    g_assert_cmpuint (g_list_model_get_n_items (monia_picker_row_get_choices (goal)), ==, 3);
    g_assert_cmpstr (monia_choice_get_subtitle (first_goal), ==, "I want to go to school every day");
    g_assert_cmpuint (g_list_model_get_n_items (monia_picker_row_get_choices (measure)), ==, 4);
    g_assert_cmpstr (monia_choice_get_title (curator), ==, "Curator meetings at school");
    g_assert_cmpstr (monia_choice_get_subtitle (curator), ==, "Koivulan koulu, Kaisa Kuraattori");
    g_assert_true (monia_choice_matches (curator, "kuraattori"));
  }
  /* Found by a word of the goal, then by the provider's name. */
  search_and_choose (page, "Goal", "school");
  g_assert_cmpstr (monia_picker_row_get_selected_id (MONIA_PICKER_ROW (need (page, MONIA_TYPE_PICKER_ROW, "Goal"))), ==,
                   monia_record_get_id (g_ptr_array_index (goals, 0)));
  search_and_choose (page, "Measure", "kuraattori");
  click (page, "Record Event");
  events = wait_for_records (fixture, "event", "case_id", fixture->case_id, 1);
  g_assert_cmpstr (monia_record_get_string (g_ptr_array_index (events, 0), "text"), ==,
                   "Met the family and the curator at school\nAgreed on mornings");
  {
    g_autoptr(MoniaRecord) measure = get_record (fixture, "measure",
                                                 monia_record_get_string (g_ptr_array_index (events, 0), "measure_id"));

    g_assert_cmpstr (monia_record_get_string (measure, "text"), ==, "Curator meetings at school");
  }
  settle (page);
  /* A try that works clears the message. */
  g_assert_false (label_contains (page, "Write the note before saving it."));
  g_assert_false (gtk_widget_has_css_class (need (page, MONIA_TYPE_TEXT_ROW, "What Happened"), "error"));
  {
    g_autofree char *left = monia_text_row_dup_text (need_text (page, "What Happened"));

    g_assert_cmpstr (left, ==, "");
  }
  g_assert_cmpstr (monia_record_get_string (g_ptr_array_index (events, 0), "kind"), ==, "meeting");
  g_assert_cmpstr (monia_record_get_string (g_ptr_array_index (events, 0), "goal_id"), ==,
                   monia_record_get_id (g_ptr_array_index (goals, 0)));
  {
    g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (monia_record_get_int (g_ptr_array_index (events, 0),
                                                                                     "occurred_at", 0));

    g_assert_cmpint (g_date_time_get_hour (at), ==, 14);
    g_assert_cmpint (g_date_time_get_minute (at), ==, 30);
  }
  settle (page);
  g_assert_true (label_contains (page, "Meeting · "));
  g_assert_true (label_contains (page, "Goal: Regular school attendance"));

  choose (page, "Goal to Rate", "Regular school attendance");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_type (need (page, ADW_TYPE_ACTION_ROW, "Rating"),
                                                          GTK_TYPE_SPIN_BUTTON)), 7);
  type_into (page, "Comment", "Most days now");
  click (page, "Save Rating");
  ratings = wait_for_records (fixture, "goal_rating", "case_id", fixture->case_id, 1);
  g_assert_cmpint (monia_record_get_int (g_ptr_array_index (ratings, 0), "rating", -1), ==, 7);
  wait_for_field (fixture, "case", fixture->case_id, "status", "review");
  settle (page);
  progress = g_strdup_printf ("7/10 on %s\nMost days now", today_text);
  assert_shown (page, progress);
  assert_all_named (page);
  monia_test_assert_names_once (page, G_STRLOC);

  /* Closure: without a reason it is refused, and nothing typed is lost. */
  monia_case_page_show_section (MONIA_CASE_PAGE (page), "closure");
  settle (page);
  choose (page, "Did You Get the Help You Sought?", "Yes");
  choose (page, "Would You Recommend the Service to Someone Close to You?", "9");
  type_into (page, "Client’s Comment", "Thank you");
  click (page, "Close Case…");
  g_assert_true (monia_test_wait_until (dialog_shown, &dialog, 3000));
  adw_message_dialog_response (dialog, "close");
  settle (page);
  case_record = get_record (fixture, "case", fixture->case_id);
  g_assert_cmpstr (monia_record_get_string (case_record, "status"), ==, "review");
  g_clear_object (&case_record);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (need (page, ADW_TYPE_ENTRY_ROW, "Client’s Comment"))), ==,
                   "Thank you");

  type_into (page, "Reason for Closing", "The goals were reached");
  dialog = NULL;
  click (page, "Close Case…");
  g_assert_true (monia_test_wait_until (dialog_shown, &dialog, 3000));
  adw_message_dialog_response (dialog, "close");
  wait_for_field (fixture, "case", fixture->case_id, "status", "closed");
  case_record = get_record (fixture, "case", fixture->case_id);
  g_assert_cmpstr (monia_record_get_string (case_record, "closed_on"), ==, today_iso);
  g_assert_cmpstr (monia_record_get_string (case_record, "closure_reason"), ==, "The goals were reached");
  feedback = monia_store_find (fixture->store, "feedback", "case_id", fixture->case_id, NULL);
  g_assert_cmpuint (feedback->len, ==, 1);
  g_assert_cmpstr (monia_record_get_string (g_ptr_array_index (feedback, 0), "got_help"), ==, "yes");
  g_assert_cmpint (monia_record_get_int (g_ptr_array_index (feedback, 0), "recommend", -1), ==, 9);
  g_assert_cmpstr (monia_record_get_string (g_ptr_array_index (feedback, 0), "comment"), ==, "Thank you");
  settle (page);
  assert_shown (page, "Case Closed");
  assert_shown (page, "The goals were reached");
  assert_shown (page, "9/10");
  g_assert_null (find_named (page, GTK_TYPE_BUTTON, "Close Case…"));
  g_assert_true (label_contains (page, "Closed"));

  /* A closed case is read-only everywhere. */
  monia_case_page_show_section (MONIA_CASE_PAGE (page), "implementation");
  settle (page);
  g_assert_null (find_named (page, GTK_TYPE_BUTTON, "Record Event"));
  g_assert_true (label_contains (page, "Met the family and the curator at school"));

  g_assert_true (monia_test_destroy_window (GTK_WINDOW (window)));
  g_assert_true (monia_test_wait_until (is_cleared, &weak_page, 5000));
}

/* ---- pictures (not a test unless asked for) ---- */

static const char *sections[] = { "overview", "assessment", "plan", "implementation", "closure" };

static MoniaRecord *
pick_demo_case (MoniaStore *store,
                const char *status)
{
  g_autoptr(GListModel) cases = monia_store_list_cases (store);

  for (guint i = 0; i < g_list_model_get_n_items (cases); i++)
    {
      g_autoptr(MoniaRecord) record = g_list_model_get_item (cases, i);

      if (g_strcmp0 (monia_record_get_string (record, "status"), status) == 0)
        return g_steal_pointer (&record);
    }
  return NULL;
}

static void
save_sections (MoniaStore *store,
               const char *case_id,
               const char *dir,
               const char *tag,
               int         width,
               int         height,
               gboolean    dark)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = monia_case_page_new (store, case_id);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (monia_test_wait_mapped (page));

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("%s-%s-%d-%s.png", tag, sections[i], width, dark ? "dark" : "light");
      g_autofree char *path = g_build_filename (dir, name, NULL);

      monia_case_page_show_section (MONIA_CASE_PAGE (page), sections[i]);
      monia_test_wait_frames (page, 4);
      g_assert_true (monia_test_save_screenshot (window, path, &error));
      g_assert_no_error (error);
      g_test_message ("%s", path);
    }

  g_assert_true (monia_test_destroy_window (GTK_WINDOW (window)));
}

static void
test_case_page_screenshots (Fixture       *fixture,
                            gconstpointer  data)
{
  const char *dir = g_getenv ("MONIA_SCREENSHOT_DIR");
  g_autoptr(GError) error = NULL;
  static const char *statuses[] = { "review", "assessment", "closed" };

  if (dir == NULL)
    {
      g_test_skip ("Set MONIA_SCREENSHOT_DIR to save pictures of the case page");
      return;
    }

  /* Pictures are for looking at what goes wrong, warnings included. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  g_assert_true (monia_demo_generate (fixture->store, 40, 1, NULL, NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(MoniaRecord) record = pick_demo_case (fixture->store, statuses[i]);

      g_assert_nonnull (record);
      save_sections (fixture->store, monia_record_get_id (record), dir, statuses[i], 1280, 1000, FALSE);
      if (i == 0)
        {
          save_sections (fixture->store, monia_record_get_id (record), dir, statuses[i], 1280, 1000, TRUE);
          save_sections (fixture->store, monia_record_get_id (record), dir, statuses[i], 360, 760, FALSE);
          save_sections (fixture->store, monia_record_get_id (record), dir, statuses[i], 360, 760, TRUE);
        }
    }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

/* ---- what the person at the desk may change ---- */

static GtkWidget *
show_page (Fixture *fixture)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = monia_case_page_new (fixture->store, fixture->case_id);

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 1400);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (monia_test_wait_mapped (page));
  settle (page);
  return window;
}

static void
assert_sensitive (GtkWidget  *page,
                  GType       type,
                  const char *name,
                  gboolean    sensitive)
{
  g_test_message ("%s should be %s", name, sensitive ? "sensitive" : "read-only");
  g_assert_cmpint (gtk_widget_is_sensitive (need (page, type, name)), ==, sensitive);
}

/* The school curator takes part under the guardian's consent to the plan:
 * the page says so at the top, the plan can be worked on, and the
 * assessment, the responsible worker and the consents are read-only, as
 * the server would refuse them. The owner sees no such row. */
static void
test_case_page_access (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) monia_mutation_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *consent = NULL;
  g_autofree char *guardian = NULL;
  g_autofree char *link = NULL;
  GtkWidget *window, *page, *row;

  guardian = create (batch, "person", "name", "Vanhempi Testinen", NULL);
  link = create (batch, "case_person", "case_id", fixture->case_id, "person_id", guardian,
                 "relation", "guardian", NULL);
  consent = create (batch, "consent", "case_id", fixture->case_id, "person_id", guardian,
                    "organisation_id", fixture->org_school, "scope", "plan", "given_on", "2026-01-06", NULL);
  g_assert_true (monia_store_apply (fixture->store, batch, &error));
  g_assert_no_error (error);

  monia_store_set_author (fixture->store, fixture->pro_curator);
  window = show_page (fixture);
  page = gtk_window_get_child (GTK_WINDOW (window));
  row = need (page, ADW_TYPE_ACTION_ROW, "The client’s consent lets you see: plan");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "You take part from another organisation: you see and add to what the client’s "
                   "consent covers, and the case’s own workers change the rest.");
  assert_sensitive (page, GTK_TYPE_BUTTON, "_Record Consent…", FALSE);
  assert_sensitive (page, MONIA_TYPE_PICKER_ROW, "Responsible Worker", FALSE);
  assert_sensitive (page, MONIA_TYPE_PICKER_ROW, "Work Pair", FALSE);
  g_assert_null (find_named (page, GTK_TYPE_BUTTON, "Revoke"));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (find_type (page, MONIA_TYPE_PLAN_VIEW))));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (find_type (page, MONIA_TYPE_ASSESSMENT_VIEW))));
  assert_all_named (page);
  monia_test_assert_names_once (page, G_STRLOC);
  g_assert_true (monia_test_destroy_window (GTK_WINDOW (window)));

  /* A colleague of another team, not on the case. */
  monia_store_set_author (fixture->store, fixture->pro_stranger);
  window = show_page (fixture);
  page = gtk_window_get_child (GTK_WINDOW (window));
  need (page, ADW_TYPE_ACTION_ROW, "You are not on this case’s team");
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (find_type (page, MONIA_TYPE_PLAN_VIEW))));
  g_assert_true (monia_test_destroy_window (GTK_WINDOW (window)));

  /* The owner: no row, everything open. */
  monia_store_set_author (fixture->store, fixture->pro_worker);
  window = show_page (fixture);
  page = gtk_window_get_child (GTK_WINDOW (window));
  g_assert_null (find_named (page, ADW_TYPE_ACTION_ROW, "The client’s consent lets you see: plan"));
  g_assert_null (find_named (page, ADW_TYPE_ACTION_ROW, "You are not on this case’s team"));
  assert_sensitive (page, GTK_TYPE_BUTTON, "_Record Consent…", TRUE);
  assert_sensitive (page, MONIA_TYPE_PICKER_ROW, "Responsible Worker", TRUE);
  need (page, GTK_TYPE_BUTTON, "Revoke");
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (find_type (page, MONIA_TYPE_ASSESSMENT_VIEW))));
  g_assert_true (monia_test_destroy_window (GTK_WINDOW (window)));
}

/* ---- people and participants ---- */

typedef struct
{
  GType      type;
  GtkWindow *found;
} WindowQuery;

static gboolean
window_shown (gpointer user_data)
{
  WindowQuery *query = user_data;
  GListModel *toplevels = gtk_window_get_toplevels ();  /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, query->type) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        {
          query->found = window;
          return TRUE;
        }
    }
  return FALSE;
}

static GtkWidget *
wait_for_window (GType type)
{
  WindowQuery query = { type, NULL };

  if (!monia_test_wait_until (window_shown, &query, 3000))
    g_error ("No %s appeared", g_type_name (type));
  settle (GTK_WIDGET (query.found));
  return GTK_WIDGET (query.found);
}

static gboolean
window_gone (gpointer user_data)
{
  return !window_shown (user_data);
}

static void
wait_for_window_gone (GType type)
{
  WindowQuery query = { type, NULL };

  if (!monia_test_wait_until (window_gone, &query, 3000))
    g_error ("The %s stayed open", g_type_name (type));
}

/* Whether @widget is @root or inside it. */
static gboolean
has_focus_within (GtkWidget *root)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (root));

  return focus != NULL && (focus == root || gtk_widget_is_ancestor (focus, root));
}

static guint
count_rows (GtkWidget *root,
            GType      type)
{
  guint n = G_TYPE_CHECK_INSTANCE_TYPE (root, type) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    n += count_rows (child, type);
  return n;
}

/* Professionals as the server's directory gives them: no organisation, a
 * team id made from the organisation and the team. The owner's colleague
 * of the same team has the case open on the server; the row says so, not
 * that they see nothing. */
static void
test_case_page_server_colleague (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) monia_mutation_unref);
  g_autoptr(GError) error = NULL;
  const char *team = "3f8e2b1c-5d4a-8e6f-9a0b-1c2d3e4f5a6b";
  g_autofree char *owner = NULL;
  g_autofree char *colleague = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *participation = NULL;
  GtkWidget *window, *page;

  owner = create (batch, "professional", "name", "Olli Omistaja", "team_id", team, "role", "worker",
                  "login", "olli", NULL);
  colleague = create (batch, "professional", "name", "Kirsi Kollega", "team_id", team, "role", "worker",
                      "login", "kirsi", NULL);
  case_id = create (batch, "case", "title", "Server family", "status", "open", "opened_on", "2026-01-05",
                    "owner_id", owner, "team_id", team, NULL);
  participation = create (batch, "participant", "case_id", case_id, "professional_id", colleague,
                          "role", "member", NULL);
  g_assert_true (monia_store_apply (fixture->store, batch, &error));
  g_assert_no_error (error);

  page = monia_case_page_new (fixture->store, case_id);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 1400);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (monia_test_wait_mapped (page));
  settle (page);

  g_assert_cmpstr (subtitle_of (page, "Kirsi Kollega"), ==, "Team member\nSees the whole case");
  g_assert_false (label_contains (page, "Sees nothing"));

  g_assert_true (monia_test_destroy_window (GTK_WINDOW (window)));
}

/* The plan's and the implementation's rows follow the store's live lists:
 * what is added elsewhere (another window, a sync) shows; a goal whose text
 * is being typed keeps its row, and the focus, while the text is saved; a
 * measure keeps its row when its status changes there. */
static void
test_case_page_rows (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) earlier = g_date_time_new_local (2026, 2, 2, 9, 0, 0);
  g_autoptr(GDateTime) later = g_date_time_new_local (2026, 2, 3, 15, 30, 0);
  g_autofree char *plan_id = NULL;
  g_autofree char *goal1 = NULL;
  g_autofree char *goal2 = NULL;
  g_autofree char *measure = NULL;
  g_autofree char *event1 = NULL;
  g_autofree char *event2 = NULL;
  g_autofree char *rating = NULL;
  GtkWidget *window, *page, *goal_row, *measure_row, *entry, *first_event;
  gpointer weak_goal_row, weak_measure_row;
  MoniaMeasureSpec spec;
  GDate today;

  plan_id = monia_case_create_plan_draft (fixture->store, fixture->case_id, &error);
  g_assert_no_error (error);
  goal1 = monia_case_add_goal (fixture->store, plan_id, "Regular school attendance", NULL, "Absences", &error);
  g_assert_no_error (error);
  monia_measure_spec_init (&spec);
  spec.text = "Family work twice a week";
  spec.goal_id = goal1;
  measure = monia_case_add_measure (fixture->store, plan_id, &spec, &error);
  g_assert_no_error (error);

  page = monia_case_page_new (fixture->store, fixture->case_id);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 1400);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (monia_test_wait_mapped (page));
  monia_case_page_show_section (MONIA_CASE_PAGE (page), "plan");
  settle (page);

  goal_row = find_type (page, MONIA_TYPE_GOAL_ROW);
  weak_goal_row = goal_row;
  g_object_add_weak_pointer (G_OBJECT (goal_row), &weak_goal_row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (goal_row)), ==, "Regular school attendance");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (goal_row), TRUE);
  settle (page);
  entry = need (goal_row, ADW_TYPE_ENTRY_ROW, "Goal");
  g_assert_true (gtk_widget_grab_focus (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), "Regular school days");
  wait_for_field (fixture, "goal", goal1, "text", "Regular school days");
  settle (page);
  g_assert_true (weak_goal_row == goal_row);
  g_assert_nonnull (gtk_widget_get_parent (goal_row));
  g_assert_true (has_focus_within (entry));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (goal_row)), ==, "Regular school days");
  g_assert_true (label_contains (page, "For: Regular school days"));

  goal2 = monia_case_add_goal (fixture->store, plan_id, "Calmer evenings", NULL, NULL, &error);
  g_assert_no_error (error);
  assert_shown (page, "Calmer evenings");
  g_assert_cmpuint (count_rows (page, MONIA_TYPE_GOAL_ROW), ==, 2);
  g_assert_true (find_type (page, MONIA_TYPE_GOAL_ROW) == goal_row);

  measure_row = find_type (page, MONIA_TYPE_MEASURE_ROW);
  weak_measure_row = measure_row;
  g_object_add_weak_pointer (G_OBJECT (measure_row), &weak_measure_row);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_type (measure_row, GTK_TYPE_DROP_DOWN)), 1);
  wait_for_field (fixture, "measure", measure, "status", "ongoing");
  settle (page);
  g_assert_true (weak_measure_row == measure_row);
  /* A status that cannot be saved (another program holds the store) goes
   * back to the one kept, and the chooser says why. */
  {
    g_autofree char *path = g_build_filename (fixture->dir, "monia.db", NULL);
    GtkDropDown *status = GTK_DROP_DOWN (find_type (measure_row, GTK_TYPE_DROP_DOWN));
    sqlite3 *other = NULL;

    g_assert_cmpint (sqlite3_open_v2 (path, &other, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
    gtk_drop_down_set_selected (status, 2);
    g_assert_true (monia_test_wait_until (has_error_style, status, 10000));
    g_assert_cmpuint (gtk_drop_down_get_selected (status), ==, 1);
    g_assert_cmpint (sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (other);
    wait_for_field (fixture, "measure", measure, "status", "ongoing");

    gtk_drop_down_set_selected (status, 2);
    wait_for_field (fixture, "measure", measure, "status", "done");
    g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (status), "error"));
    gtk_drop_down_set_selected (status, 1);
    wait_for_field (fixture, "measure", measure, "status", "ongoing");
    settle (page);
  }
  g_assert_nonnull (gtk_widget_get_parent (measure_row));
  assert_all_named (page);
  monia_test_assert_names_once (page, G_STRLOC);

  /* Events, newest first, whatever order they were written in. */
  monia_case_page_show_section (MONIA_CASE_PAGE (page), "implementation");
  settle (page);
  assert_shown (page, "Nothing recorded yet");
  event1 = monia_case_record_event (fixture->store, fixture->case_id, "call", later, "Called the mother", NULL, NULL,
                                    &error);
  g_assert_no_error (error);
  event2 = monia_case_record_event (fixture->store, fixture->case_id, "home_visit", earlier, "Visited at home",
                                    goal1, measure, &error);
  g_assert_no_error (error);
  settle (page);
  g_assert_cmpuint (count_rows (page, MONIA_TYPE_EVENT_ROW), ==, 2);
  first_event = find_type (page, MONIA_TYPE_EVENT_ROW);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (first_event)), ==, "Called the mother");
  g_assert_true (label_contains (page, "Visited at home\nGoal: Regular school days\nMeasure: Family work twice a week"));

  /* A goal's progress follows its ratings. */
  assert_shown (page, "Not rated yet");
  monia_get_today (&today);
  rating = monia_case_rate_goal (fixture->store, goal2, 4, NULL, &today, &error);
  g_assert_no_error (error);
  settle (page);
  g_assert_true (label_contains (page, "4/10 on "));
  g_assert_cmpuint (count_rows (page, MONIA_TYPE_GOAL_PROGRESS_ROW), ==, 2);

  g_object_remove_weak_pointer (G_OBJECT (goal_row), &weak_goal_row);
  g_object_remove_weak_pointer (G_OBJECT (measure_row), &weak_measure_row);
  g_assert_true (monia_test_destroy_window (GTK_WINDOW (window)));
}

static void
test_case_page_people (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) monia_mutation_unref);
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GPtrArray) participants = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaRecord) person = NULL;
  g_autofree char *org_ngo = NULL;
  g_autofree char *pro_ngo = NULL;
  g_autofree char *code = NULL;
  g_autofree char *person_id = NULL;
  GtkWidget *window, *page, *dialog, *row, *button;
  AdwMessageDialog *offer = NULL;
  GDate born;

  org_ngo = create (batch, "organisation", "name", "Järjestö ry", "sector", "ngo", NULL);
  pro_ngo = create (batch, "professional", "name", "Jussi Järjestö", "profession", "Family counsellor",
                    "organisation_id", org_ngo, NULL);
  g_assert_true (monia_store_apply (fixture->store, batch, &error));
  g_assert_no_error (error);
  g_date_clear (&born, 1);
  g_date_set_dmy (&born, 14, 3, 2015);
  code = monia_hetu_build (&born, 902);

  monia_store_set_author (fixture->store, fixture->pro_worker);
  window = show_page (fixture);
  page = gtk_window_get_child (GTK_WINDOW (window));
  assert_shown (page, "Testi Testinen");
  assert_sensitive (page, GTK_TYPE_BUTTON, "Add Person", TRUE);
  assert_sensitive (page, GTK_TYPE_BUTTON, "Add Participant", TRUE);

  /* A person without a name: the error is at the name, which has the focus. */
  click (page, "Add Person");
  dialog = wait_for_window (MONIA_TYPE_PERSON_DIALOG);
  assert_all_named (dialog);
  monia_test_assert_names_once (dialog, G_STRLOC);
  click (dialog, "_Add");
  settle (dialog);
  assert_shown (dialog, "Give the person’s name.");
  row = need (dialog, ADW_TYPE_ENTRY_ROW, "Name");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_true (has_focus_within (row));

  /* A wrong identity code: at the code. */
  type_into (dialog, "Name", "Pikku Testinen");
  choose (dialog, "Relation to the Case", "Guardian");
  type_into (dialog, "Personal Identity Code", "140315A902X");
  click (dialog, "_Add");
  settle (dialog);
  row = need (dialog, ADW_TYPE_ENTRY_ROW, "Personal Identity Code");
  shoot (dialog, "person-dialog-error");
  assert_shown (dialog, "The check character (the last character) of the identity code does not match; check the code for typing errors.");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_true (has_focus_within (row));
  g_assert_false (gtk_widget_has_css_class (need (dialog, ADW_TYPE_ENTRY_ROW, "Name"), "error"));
  g_assert_cmpint (monia_store_count (fixture->store, "person"), ==, 1);

  type_into (dialog, "Personal Identity Code", code);
  click (dialog, "_Add");
  wait_for_window_gone (MONIA_TYPE_PERSON_DIALOG);
  links = wait_for_records (fixture, "case_person", "case_id", fixture->case_id, 2);
  person_id = g_strdup (monia_record_get_string (g_ptr_array_index (links, 1), "person_id"));
  g_assert_cmpstr (monia_record_get_string (g_ptr_array_index (links, 1), "relation"), ==, "guardian");
  person = get_record (fixture, "person", person_id);
  g_assert_cmpstr (monia_record_get_string (person, "hetu"), ==, code);
  settle (page);
  assert_shown (page, "Pikku Testinen");
  g_assert_true (label_contains (page, "Guardian · born"));

  /* Edited, the row shows the new name in place. */
  click (page, "Edit Pikku Testinen");
  dialog = wait_for_window (MONIA_TYPE_PERSON_DIALOG);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (need (dialog, ADW_TYPE_ENTRY_ROW, "Personal Identity Code"))),
                   ==, code);
  type_into (dialog, "Name", "Pikku Testinen-Koivu");
  click (dialog, "_Save");
  wait_for_window_gone (MONIA_TYPE_PERSON_DIALOG);
  wait_for_field (fixture, "person", person_id, "name", "Pikku Testinen-Koivu");
  settle (page);
  assert_shown (page, "Pikku Testinen-Koivu");

  /* Removed, and brought back with Undo. */
  click (page, "Edit Pikku Testinen-Koivu");
  dialog = wait_for_window (MONIA_TYPE_PERSON_DIALOG);
  click (dialog, "_Remove from the Case");
  wait_for_window_gone (MONIA_TYPE_PERSON_DIALOG);
  g_clear_pointer (&links, g_ptr_array_unref);
  links = wait_for_records (fixture, "case_person", "case_id", fixture->case_id, 1);
  settle (page);
  g_assert_null (find_named (page, ADW_TYPE_ACTION_ROW, "Pikku Testinen-Koivu"));
  gtk_widget_activate_action (page, "case.undo-remove-person", "(ss)", person_id, "guardian");
  g_clear_pointer (&links, g_ptr_array_unref);
  links = wait_for_records (fixture, "case_person", "case_id", fixture->case_id, 2);
  settle (page);
  assert_shown (page, "Pikku Testinen-Koivu");

  /* A professional of another organisation, found by a word of the name. */
  click (page, "Add Participant");
  dialog = wait_for_window (MONIA_TYPE_PARTICIPANT_DIALOG);
  click (dialog, "_Add");
  settle (dialog);
  assert_shown (dialog, "Choose the professional.");
  search_and_choose (dialog, "Professional", "järj");
  g_assert_cmpstr (monia_picker_row_get_selected_id (MONIA_PICKER_ROW (need (dialog, MONIA_TYPE_PICKER_ROW,
                                                                                "Professional"))), ==, pro_ngo);
  /* The choice shows whole, with what tells it apart; the dialog warns. */
  assert_shown (dialog, "Jussi Järjestö");
  assert_shown (dialog, "Family counsellor · Järjestö ry");
  assert_shown (dialog, "From another organisation");
  assert_all_named (dialog);
  monia_test_assert_names_once (dialog, G_STRLOC);
  shoot (dialog, "participant-dialog");
  click (dialog, "_Add");
  wait_for_window_gone (MONIA_TYPE_PARTICIPANT_DIALOG);
  participants = wait_for_records (fixture, "participant", "case_id", fixture->case_id, 3);
  g_assert_cmpstr (monia_record_get_string (g_ptr_array_index (participants, 2), "organisation_id"), ==, org_ngo);

  /* … and the consent that lets them see is offered, for them. */
  g_assert_true (monia_test_wait_until (dialog_shown, &offer, 3000));
  adw_message_dialog_response (offer, "record");
  dialog = wait_for_window (MONIA_TYPE_CONSENT_DIALOG);
  g_assert_cmpstr (monia_picker_row_get_selected_id (MONIA_PICKER_ROW (need (dialog, MONIA_TYPE_PICKER_ROW,
                                                                                "Shared With"))),
                   !=, NULL);
  assert_shown (dialog, "Jussi Järjestö");
  /* Nobody chosen as the giver: the error is at "Given By", in view. */
  click (dialog, "_Record");
  settle (dialog);
  assert_shown (dialog, "Choose who gives the consent.");
  shoot (dialog, "consent-dialog-error");
  g_assert_true (has_focus_within (need (dialog, MONIA_TYPE_PICKER_ROW, "Given By")));
  search_and_choose (dialog, "Given By", "koivu");
  g_assert_cmpstr (monia_picker_row_get_selected_id (MONIA_PICKER_ROW (need (dialog, MONIA_TYPE_PICKER_ROW,
                                                                                "Given By"))), ==, person_id);
  click (dialog, "_Record");
  settle (dialog);
  assert_shown (dialog, "Choose at least one part of the case the consent covers.");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (find_type (need (dialog, ADW_TYPE_ACTION_ROW, "Plan"),
                                                            GTK_TYPE_CHECK_BUTTON)), TRUE);
  click (dialog, "_Record");
  wait_for_window_gone (MONIA_TYPE_CONSENT_DIALOG);
  g_clear_pointer (&links, g_ptr_array_unref);
  links = wait_for_records (fixture, "consent", "case_id", fixture->case_id, 1);
  g_assert_cmpstr (monia_record_get_string (g_ptr_array_index (links, 0), "professional_id"), ==, pro_ngo);
  settle (page);
  assert_shown (page, "Järjestö ry · Team member\nSees: plan");
  shoot (window, "case-overview-people");

  /* The participation ends. */
  button = need (page, GTK_TYPE_BUTTON, "Edit participation of Jussi Järjestö");
  gtk_widget_activate (button);
  dialog = wait_for_window (MONIA_TYPE_PARTICIPANT_DIALOG);
  g_assert_false (gtk_widget_is_sensitive (need (dialog, MONIA_TYPE_PICKER_ROW, "Professional")));
  click (dialog, "_Remove from the Case");
  wait_for_window_gone (MONIA_TYPE_PARTICIPANT_DIALOG);
  g_clear_pointer (&participants, g_ptr_array_unref);
  participants = wait_for_records (fixture, "participant", "case_id", fixture->case_id, 2);
  g_assert_true (monia_test_destroy_window (GTK_WINDOW (window)));

  /* The school curator, there by consent, may change none of it, and is told why. */
  monia_store_set_author (fixture->store, fixture->pro_curator);
  window = show_page (fixture);
  page = gtk_window_get_child (GTK_WINDOW (window));
  assert_sensitive (page, GTK_TYPE_BUTTON, "Add Person", FALSE);
  assert_sensitive (page, GTK_TYPE_BUTTON, "Add Participant", FALSE);
  g_assert_false (gtk_widget_is_sensitive (need (page, GTK_TYPE_BUTTON, "Edit Testi Testinen")));
  assert_shown (page, monia_policy_explain (MONIA_RELATION_CONSENT_PARTICIPANT, "case_person", MONIA_ACCESS_CREATE));
  g_assert_true (monia_test_destroy_window (GTK_WINDOW (window)));
}

/* ---- errors where the person is looking ---- */

/* The mapped label under @root showing @text, outside the toasts: a message
 * that stays beside the form, not one that goes away. */
static GtkLabel *
find_form_label (GtkWidget  *root,
                 const char *text)
{
  if (!gtk_widget_get_mapped (root) || g_str_equal (G_OBJECT_TYPE_NAME (root), "AdwToastWidget"))
    return NULL;
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return GTK_LABEL (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_form_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
  GtkLabel   *found;
} FormLabelQuery;

static gboolean
form_label_shown (gpointer user_data)
{
  FormLabelQuery *query = user_data;

  query->found = find_form_label (query->root, query->text);
  return query->found != NULL;
}

/* @message is shown in the form; @field has the error style, is invalid
 * with the message as its description and error message for a screen
 * reader, and has the focus. */
static void
assert_field_error (GtkWidget  *root,
                    GtkWidget  *field,
                    const char *message)
{
  FormLabelQuery query = { root, message, NULL };

  if (!monia_test_wait_until (form_label_shown, &query, 3000))
    g_error ("“%s” is not shown in the form", message);
  g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (query.found), root));
  g_assert_true (gtk_widget_has_css_class (field, "error"));
  gtk_test_accessible_assert_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message);
  gtk_test_accessible_assert_relation (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE, query.found);
  g_assert_true (has_focus_within (field));
}

static void
assert_field_clear (GtkWidget  *root,
                    GtkWidget  *field,
                    const char *message)
{
  settle (root);
  g_assert_null (find_form_label (root, message));
  g_assert_false (gtk_widget_has_css_class (field, "error"));
  g_assert_false (gtk_test_accessible_has_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID));
}

static void
close_case_confirmed (GtkWidget *page)
{
  AdwMessageDialog *dialog = NULL;

  click (page, "Close Case…");
  g_assert_true (monia_test_wait_until (dialog_shown, &dialog, 3000));
  adw_message_dialog_response (dialog, "close");
  settle (page);
}

/* Issue 12: no form's error only in a toast. Each error a person can make
 * in the assessment, the plan and the closure is said at the field it is
 * about, and goes when the next try succeeds. */
static void
test_case_page_form_errors (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *assessment_id = NULL;
  g_autofree char *plan_id = NULL;
  g_autofree char *today_iso = NULL;
  g_autofree char *review_iso = NULL;
  GtkWidget *window, *page, *field;
  GDate today, yesterday, typo, review, before_opened;
  const char *message;

  monia_get_today (&today);
  today_iso = monia_date_format_iso (&today);
  yesterday = today;
  g_date_subtract_days (&yesterday, 1);
  review = today;
  g_date_add_months (&review, 6);
  review_iso = monia_date_format_iso (&review);
  g_date_clear (&typo, 1);
  g_date_set_dmy (&typo, 4, G_DATE_JANUARY, 1026);
  g_date_clear (&before_opened, 1);
  g_date_set_dmy (&before_opened, 4, G_DATE_JANUARY, 2026);

  monia_store_set_author (fixture->store, fixture->pro_worker);
  window = show_page (fixture);
  page = gtk_window_get_child (GTK_WINDOW (window));

  /* Assessment: a typo in the year of "Became Pending". */
  monia_case_page_show_section (MONIA_CASE_PAGE (page), "assessment");
  settle (page);
  field = need (page, MONIA_TYPE_DATE_ROW, "Became Pending");
  monia_date_row_choose (MONIA_DATE_ROW (field), &typo);
  click (page, "Start Assessment");
  message = "The date is in the year 1026; Monia can count deadlines only for the years 1900–2200.";
  assert_field_error (page, field, message);
  shoot (window, "assessment-start-error");
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 1400);
  g_assert_cmpint (monia_store_count (fixture->store, "assessment"), ==, 0);
  monia_date_row_choose (MONIA_DATE_ROW (field), &today);
  click (page, "Start Assessment");
  found = wait_for_records (fixture, "assessment", "case_id", fixture->case_id, 1);
  assessment_id = g_strdup (monia_record_get_id (g_ptr_array_index (found, 0)));
  g_clear_pointer (&found, g_ptr_array_unref);
  assert_field_clear (page, field, message);

  /* Completing before the decision to start: at "Decided to Start". */
  click (page, "Complete Assessment");
  field = need (page, MONIA_TYPE_DATE_ROW, "Decided to Start");
  message = "Record the day it was decided to start the assessment before completing it.";
  assert_field_error (page, field, message);

  /* A decision before the matter was pending: there too, until a right day. */
  monia_date_row_choose (MONIA_DATE_ROW (field), &yesterday);
  assert_field_error (page, field, "The decision to start cannot be before the matter became pending.");
  g_assert_null (find_form_label (page, message));
  monia_date_row_choose (MONIA_DATE_ROW (field), &today);
  wait_for_field (fixture, "assessment", assessment_id, "started_on", today_iso);
  assert_field_clear (page, field, "The decision to start cannot be before the matter became pending.");

  /* Completed before it was started: at "Completed On". */
  field = need (page, MONIA_TYPE_DATE_ROW, "Completed On");
  monia_date_row_choose (MONIA_DATE_ROW (field), &yesterday);
  click (page, "Complete Assessment");
  assert_field_error (page, field, "The assessment cannot be completed before it was started.");

  /* No conclusion: at the conclusion; the day's complaint is gone. */
  monia_date_row_choose (MONIA_DATE_ROW (field), &today);
  click (page, "Complete Assessment");
  message = "Write the assessment’s conclusion before completing it.";
  assert_field_error (page, GTK_WIDGET (need_text (page, "Conclusion")), message);
  assert_field_clear (page, field, "The assessment cannot be completed before it was started.");
  field = GTK_WIDGET (need_text (page, "Conclusion"));
  type_into (page, "Conclusion", "Family work is needed");
  click (page, "Complete Assessment");
  wait_for_field (fixture, "assessment", assessment_id, "completed_on", today_iso);
  assert_field_clear (page, field, message);

  /* Plan: agreeing one without goals sends the person to add one. */
  monia_case_page_show_section (MONIA_CASE_PAGE (page), "plan");
  settle (page);
  click (page, "Start a Plan");
  found = wait_for_records (fixture, "plan", "case_id", fixture->case_id, 1);
  plan_id = g_strdup (monia_record_get_id (g_ptr_array_index (found, 0)));
  g_clear_pointer (&found, g_ptr_array_unref);
  settle (page);
  click (page, "Agree the Plan");
  field = need (page, ADW_TYPE_ENTRY_ROW, "Goal");
  message = "Add at least one goal before agreeing the plan.";
  assert_field_error (page, field, message);
  wait_for_field (fixture, "plan", plan_id, "status", "draft");
  type_into (page, "Goal", "Regular school attendance");
  click (page, "Add Goal");
  found = wait_for_records (fixture, "goal", "plan_id", plan_id, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  settle (page);
  click (page, "Agree the Plan");
  wait_for_field (fixture, "plan", plan_id, "status", "agreed");
  assert_field_clear (page, field, message);

  /* A review before the agreement: at "Review Date". */
  field = need (page, MONIA_TYPE_DATE_ROW, "Review Date");
  monia_date_row_choose (MONIA_DATE_ROW (field), &yesterday);
  message = "The review cannot be before the plan was agreed.";
  assert_field_error (page, field, message);
  monia_date_row_choose (MONIA_DATE_ROW (field), &review);
  wait_for_field (fixture, "plan", plan_id, "review_on", review_iso);
  assert_field_clear (page, field, message);

  /* Closure: without a reason, at the reason; then a day before the case
   * was opened, at the day. */
  monia_case_page_show_section (MONIA_CASE_PAGE (page), "closure");
  settle (page);
  close_case_confirmed (page);
  field = need (page, ADW_TYPE_ENTRY_ROW, "Reason for Closing");
  message = "Write why the case is closed.";
  assert_field_error (page, field, message);
  shoot (window, "closure-error");
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 1400);
  settle (page);
  type_into (page, "Reason for Closing", "The goals were reached");
  monia_date_row_choose (MONIA_DATE_ROW (need (page, MONIA_TYPE_DATE_ROW, "Closing Date")), &before_opened);
  close_case_confirmed (page);
  assert_field_clear (page, field, message);
  field = need (page, MONIA_TYPE_DATE_ROW, "Closing Date");
  message = "A case cannot be closed before it was opened.";
  assert_field_error (page, field, message);
  wait_for_field (fixture, "case", fixture->case_id, "status", "implementation");
  monia_date_row_choose (MONIA_DATE_ROW (field), &today);
  close_case_confirmed (page);
  wait_for_field (fixture, "case", fixture->case_id, "status", "closed");
  assert_field_clear (page, field, message);

  g_assert_true (monia_test_destroy_window (GTK_WINDOW (window)));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  gtk_init ();
  adw_init ();
  /* No transitions: what the tests look at is there at once. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/case-page/process", Fixture, NULL,
              fixture_set_up, test_case_page_process, fixture_tear_down);
  g_test_add ("/case-page/server-colleague", Fixture, NULL,
              fixture_set_up, test_case_page_server_colleague, fixture_tear_down);
  g_test_add ("/case-page/rows", Fixture, NULL,
              fixture_set_up, test_case_page_rows, fixture_tear_down);
  g_test_add ("/case-page/access", Fixture, NULL,
              fixture_set_up, test_case_page_access, fixture_tear_down);
  g_test_add ("/case-page/people", Fixture, NULL,
              fixture_set_up, test_case_page_people, fixture_tear_down);
  g_test_add ("/case-page/form-errors", Fixture, NULL,
              fixture_set_up, test_case_page_form_errors, fixture_tear_down);
  g_test_add ("/case-page/screenshots", Fixture, NULL,
              fixture_set_up, test_case_page_screenshots, fixture_tear_down);

  return g_test_run ();
}
