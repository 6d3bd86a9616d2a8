/* test-pairs.c — work pairs and consent, driven as a person would, under a display
 *
 * With MONIA_SCREENSHOT_DIR set, the tests also save pictures of the new
 * dialogs, the case page's overview and the Pair Cases page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-test"

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "monia-app-test-util.h"
#include "monia-case-page-private.h"
#include "monia-case-row.h"
#include "monia-case-util.h"
#include "monia-consent-dialog.h"
#include "monia-core.h"
#include "monia-pair-cases-page.h"
#include "monia-pair-dialog.h"
#include "monia-picker-row.h"

typedef struct
{
  char       *dir;
  MoniaStore *store;
  char       *org_family;
  char       *org_school;
  char       *worker;
  char       *nurse;
  char       *curator;
  char       *case_id;
  char       *guardian;
  char       *p_curator;
  GDate       today;
} Fixture;

static char *
create (Fixture    *fixture,
        const char *kind,
        ...)
{
  g_autoptr(MoniaMutation) m = monia_mutation_new_create (kind);
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, kind);
  for (const char *field = va_arg (args, const char *); field != NULL; field = va_arg (args, const char *))
    monia_mutation_set_string (m, field, va_arg (args, const char *));
  va_end (args);
  g_assert_true (monia_store_apply_one (fixture->store, m, &error));
  g_assert_no_error (error);
  return g_strdup (monia_mutation_get_record_id (m));
}

/* Today + @days as YYYY-MM-DD. */
static char *
day_iso (Fixture *fixture,
         int      days)
{
  GDate day = fixture->today;

  if (days >= 0)
    g_date_add_days (&day, days);
  else
    g_date_subtract_days (&day, -days);
  return monia_date_format_iso (&day);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *child = NULL, *link1 = NULL, *link2 = NULL, *p_worker = NULL;

  monia_get_today (&fixture->today);
  fixture->dir = g_dir_make_tmp ("monia-pairs-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "monia.db", NULL);
  fixture->store = monia_store_open (path, &error);
  g_assert_no_error (error);

  fixture->org_family = create (fixture, "organisation", "name", "Perhetyö", NULL);
  fixture->org_school = create (fixture, "organisation", "name", "Koivulan koulu", NULL);
  fixture->worker = create (fixture, "professional", "name", "Sanna Sosiaalityö", "profession", "Social worker",
                            "organisation_id", fixture->org_family, NULL);
  fixture->nurse = create (fixture, "professional", "name", "Pekka Psykiatri", "profession", "Psychiatric nurse",
                           "organisation_id", fixture->org_family, NULL);
  fixture->curator = create (fixture, "professional", "name", "Kaisa Kuraattori", "profession", "School curator",
                             "organisation_id", fixture->org_school, NULL);
  fixture->case_id = create (fixture, "case", "title", "Synthetic family", "status", "open",
                             "opened_on", "2026-01-05", "owner_id", fixture->worker, NULL);
  child = create (fixture, "person", "name", "Testi Testinen", NULL);
  fixture->guardian = create (fixture, "person", "name", "Vanhempi Testinen", NULL);
  link1 = create (fixture, "case_person", "case_id", fixture->case_id, "person_id", child, "relation", "child", NULL);
  link2 = create (fixture, "case_person", "case_id", fixture->case_id, "person_id", fixture->guardian,
                  "relation", "guardian", NULL);
  p_worker = create (fixture, "participant", "case_id", fixture->case_id, "professional_id", fixture->worker,
                     "organisation_id", fixture->org_family, "role", "owner", NULL);
  fixture->p_curator = create (fixture, "participant", "case_id", fixture->case_id, "professional_id",
                               fixture->curator, "organisation_id", fixture->org_school, "role", "member", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_true (monia_test_finalize_object (fixture->store));
  monia_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->org_family);
  g_free (fixture->org_school);
  g_free (fixture->worker);
  g_free (fixture->nurse);
  g_free (fixture->curator);
  g_free (fixture->case_id);
  g_free (fixture->guardian);
  g_free (fixture->p_curator);
}

/* ---- finding what a person sees ---- */

static const char *
widget_name (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget))
    return gtk_button_get_label (GTK_BUTTON (widget));
  if (ADW_IS_PREFERENCES_ROW (widget))
    return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
  return NULL;
}

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

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
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

/* A check box that its row's title names (the row toggles it). */
static gboolean
is_row_activatable (GtkWidget *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_ACTION_ROW);

  return row != NULL && adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row)) == widget;
}

/* Every button, check box, drop-down and row a screen reader meets has a
 * name: its label, its title, or its accessible label. */
static void
assert_all_named (GtkWidget *root)
{
  if (!gtk_widget_get_mapped (root))
    return;
  if (GTK_IS_WINDOW_CONTROLS (root) || g_str_equal (G_OBJECT_TYPE_NAME (root), "AdwToastWidget"))
    return;

  if ((GTK_IS_BUTTON (root) && !GTK_IS_MENU_BUTTON (gtk_widget_get_parent (root))) ||
      GTK_IS_CHECK_BUTTON (root) || GTK_IS_DROP_DOWN (root))
    {
      g_autofree char *label = NULL;
      const char *tooltip = gtk_widget_get_tooltip_text (root);

      if (GTK_IS_BUTTON (root))
        label = g_strdup (gtk_button_get_label (GTK_BUTTON (root)));
      else if (GTK_IS_CHECK_BUTTON (root))
        label = g_strdup (gtk_check_button_get_label (GTK_CHECK_BUTTON (root)));
      if ((label == NULL || label[0] == '\0') && (tooltip == NULL || tooltip[0] == '\0') &&
          !has_text_label (root) && !is_row_activatable (root))
        g_error ("A %s in a %s has no name", G_OBJECT_TYPE_NAME (root), G_OBJECT_TYPE_NAME (gtk_widget_get_parent (root)));
    }
  if (ADW_IS_PREFERENCES_ROW (root))
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), !=, "");

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    assert_all_named (child);
}

static void
click (GtkWidget  *root,
       const char *label)
{
  GtkWidget *button = need (root, GTK_TYPE_BUTTON, label);

  g_assert_true (gtk_widget_is_sensitive (button));
  gtk_widget_activate (button);
}

/* The title of what a picker shows as chosen. */
static const char *
chosen_of (GtkWidget  *root,
           const char *row_title)
{
  MoniaChoice *choice = monia_picker_row_get_selected (MONIA_PICKER_ROW (need (root, MONIA_TYPE_PICKER_ROW, row_title)));

  return choice != NULL ? monia_choice_get_title (choice) : NULL;
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

static void
tick (GtkWidget  *root,
      const char *row_title)
{
  GtkWidget *row = need (root, ADW_TYPE_ACTION_ROW, row_title);
  GtkWidget *check = find_type (row, GTK_TYPE_CHECK_BUTTON);

  g_assert_nonnull (check);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
}

static const char *
subtitle_of (GtkWidget  *root,
             const char *row_title)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (need (root, ADW_TYPE_ACTION_ROW, row_title)));
}

static void
settle (GtkWidget *widget)
{
  monia_test_wait_frames (widget, 3);
}

typedef struct
{
  GType      type;
  GtkWidget *found;
} WindowQuery;

static gboolean
window_shown (gpointer user_data)
{
  WindowQuery *query = user_data;
  GListModel *toplevels = gtk_window_get_toplevels ();  /* not ours */

  query->found = NULL;
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, query->type) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        query->found = GTK_WIDGET (window);
    }
  return query->found != NULL;
}

static GtkWidget *
wait_for_window (GType type)
{
  WindowQuery query = { type, NULL };

  if (!monia_test_wait_until (window_shown, &query, 3000))
    g_error ("No %s opened", g_type_name (type));
  monia_test_wait_frames (query.found, 3);
  return query.found;
}

static gboolean
window_gone (gpointer user_data)
{
  return !window_shown (user_data);
}

static void
wait_closed (GType type)
{
  WindowQuery query = { type, NULL };

  if (!monia_test_wait_until (window_gone, &query, 3000))
    g_error ("The %s stayed open", g_type_name (type));
}

static void
maybe_screenshot (GtkWidget  *window,
                  const char *name)
{
  const char *dir = g_getenv ("MONIA_SCREENSHOT_DIR");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  path = g_build_filename (dir, name, NULL);
  monia_test_wait_frames (window, 4);
  g_assert_true (monia_test_save_screenshot (window, path, &error));
  g_assert_no_error (error);
  g_test_message ("%s", path);
}

static const char *
visible_error (GtkWidget *dialog)
{
  /* The dialogs' one error label. */
  for (GtkWidget *child = gtk_widget_get_first_child (dialog); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      const char *text = visible_error (child);

      if (text != NULL)
        return text;
    }
  if (GTK_IS_LABEL (dialog) && gtk_widget_get_visible (dialog) &&
      gtk_widget_has_css_class (dialog, "error"))
    return gtk_label_get_text (GTK_LABEL (dialog));
  return NULL;
}

static gboolean
error_shown (gpointer user_data)
{
  return visible_error (user_data) != NULL;
}

/* The error the dialog says once the click landed. */
static const char *
wait_error (GtkWidget *dialog)
{
  monia_test_wait_until (error_shown, dialog, 3000);
  return visible_error (dialog);
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

/* ---- the pair caseload ---- */

static char *
pair_case (Fixture    *fixture,
           const char *title,
           const char *pair_id,
           int         decision_in,
           gboolean    started,
           int         completion_in)
{
  char *case_id = create (fixture, "case", "title", title, "status", "assessment", "opened_on", "2026-01-05",
                          "owner_id", fixture->worker, "pair_id", pair_id, NULL);
  g_autofree char *decision = day_iso (fixture, decision_in);
  g_autofree char *completion = day_iso (fixture, completion_in);
  g_autofree char *assessment = NULL;

  assessment = create (fixture, "assessment", "case_id", case_id, "kind", "child_welfare_s26",
                       "pending_on", "2026-01-05", "decision_due", decision, "completion_due", completion,
                       "started_on", started ? "2026-01-06" : NULL, NULL);
  return case_id;
}

static void
assert_order (GListModel  *model,
              const char **titles,
              guint        n)
{
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MoniaRecord) record = g_list_model_get_item (model, i);

      g_assert_cmpstr (monia_record_get_string (record, "title"), ==, titles[i]);
    }
}

/* The MoniaCaseRow showing @title. */
static MoniaCaseRow *
find_case_row (GtkWidget  *root,
               const char *title)
{
  if (MONIA_IS_CASE_ROW (root))
    {
      MoniaRecord *record = monia_case_row_get_record (MONIA_CASE_ROW (root));

      return record != NULL && g_strcmp0 (monia_record_get_string (record, "title"), title) == 0
        ? MONIA_CASE_ROW (root) : NULL;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      MoniaCaseRow *found = find_case_row (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_pair_caseload (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pair_a = NULL, *pair_b = NULL;
  g_autofree char *c1 = NULL, *c2 = NULL, *c3 = NULL, *c4 = NULL, *c5 = NULL, *c6 = NULL;
  g_autofree char *assessment = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GPtrArray) pairs = NULL;
  const char *all_order[] = { "Late decision", "Decision soon", "Completion later", "Other pair's case",
                              "No assessment" };
  const char *b_order[] = { "Other pair's case" };
  GtkWidget *window, *page, *dialog;
  GListModel *model;
  GtkDropDown *chooser;
  MoniaCaseRow *row;
  GDate day;

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 1, 1, 2026);
  pair_a = monia_team_form_pair (fixture->store, fixture->worker, fixture->nurse, &day, &error);
  g_assert_no_error (error);
  /* The second pair started a day later: the chooser lists it second. */
  g_date_add_days (&day, 1);
  pair_b = monia_team_form_pair (fixture->store, fixture->curator, fixture->worker, &day, &error);
  g_assert_no_error (error);

  /* Deadlines: decision in 5 days; decision 3 days late; started, so the
   * completion in 40 days; none at all; the other pair's in 60 days. */
  c1 = pair_case (fixture, "Decision soon", pair_a, 5, FALSE, 80);
  c2 = pair_case (fixture, "Late decision", pair_a, -3, FALSE, 70);
  c3 = pair_case (fixture, "Completion later", pair_a, -20, TRUE, 40);
  c4 = create (fixture, "case", "title", "No assessment", "status", "open", "pair_id", pair_a, NULL);
  c5 = pair_case (fixture, "Other pair's case", pair_b, 60, FALSE, 90);
  /* Not the user's pair: not listed. */
  c6 = create (fixture, "case", "title", "Someone else's", "status", "open", NULL);

  page = monia_pair_cases_page_new (fixture->store, fixture->worker);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 700);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (monia_test_wait_mapped (page));
  settle (page);

  /* The pairs' caseload, the one due first on top. */
  model = monia_case_list_page_get_shown_model (monia_pair_cases_page_get_list_page (MONIA_PAIR_CASES_PAGE (page)));
  assert_order (model, all_order, G_N_ELEMENTS (all_order));

  /* Each row says which clock, its day and how long is left; a passed one
   * how late, in working days for the decision to start. */
  row = find_case_row (page, "Decision soon");
  g_assert_nonnull (row);
  g_date_clear (&day, 1);
  day = fixture->today;
  g_date_add_days (&day, 5);
  {
    g_autofree char *text = monia_format_date (&day);

    expected = g_strdup_printf ("Decision to start · %s · ", text);
  }
  g_assert_true (g_str_has_prefix (monia_case_row_get_deadline_text (row), expected));
  g_assert_true (g_str_has_suffix (monia_case_row_get_deadline_text (row), " left"));
  row = find_case_row (page, "Late decision");
  g_assert_nonnull (row);
  g_assert_true (g_str_has_prefix (monia_case_row_get_deadline_text (row), "Decision to start · "));
  g_assert_true (g_str_has_suffix (monia_case_row_get_deadline_text (row), " late"));
  row = find_case_row (page, "No assessment");
  g_assert_nonnull (row);
  g_assert_null (monia_case_row_get_deadline_text (row));

  /* Two pairs: the chooser is there; choosing one narrows the list. */
  chooser = monia_pair_cases_page_get_pair_chooser (MONIA_PAIR_CASES_PAGE (page));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (chooser)));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (chooser)), ==, 3);
  {
    g_autoptr(GtkStringObject) item = g_list_model_get_item (gtk_drop_down_get_model (chooser), 2);

    g_assert_cmpstr (gtk_string_object_get_string (item), ==, "Kaisa Kuraattori and Sanna Sosiaalityö");
  }
  gtk_drop_down_set_selected (chooser, 2);
  settle (page);
  assert_order (model, b_order, G_N_ELEMENTS (b_order));
  gtk_drop_down_set_selected (chooser, 0);
  settle (page);
  assert_order (model, all_order, G_N_ELEMENTS (all_order));
  assert_all_named (page);
  monia_test_assert_names_once (page, G_STRLOC);
  maybe_screenshot (window, "pair-cases.png");

  /* Starting the late one moves it behind the others due sooner. */
  {
    g_autoptr(GPtrArray) found = monia_store_find (fixture->store, "assessment", "case_id", c2, NULL);
    g_autoptr(MoniaMutation) m = monia_mutation_new_update ("assessment",
                                                            monia_record_get_id (g_ptr_array_index (found, 0)));
    const char *after_start[] = { "Decision soon", "Completion later", "Other pair's case", "Late decision",
                                  "No assessment" };

    monia_mutation_set_string (m, "started_on", "2026-01-09");
    g_assert_true (monia_store_apply_one (fixture->store, m, &error));
    g_assert_no_error (error);
    settle (page);
    assert_order (model, after_start, G_N_ELEMENTS (after_start));
  }

  /* Forming a pair from the page: mistakes are said, then it is formed. */
  click (page, "_New Work Pair…");
  dialog = wait_for_window (MONIA_TYPE_PAIR_DIALOG);
  assert_all_named (dialog);
  monia_test_assert_names_once (dialog, G_STRLOC);
  g_assert_cmpstr (chosen_of (dialog, "First Professional"), ==, "Sanna Sosiaalityö");
  click (dialog, "_Form Pair");
  g_assert_cmpstr (wait_error (dialog), ==, "Choose both professionals of the pair.");
  choose (dialog, "Second Professional", "Sanna Sosiaalityö");
  g_assert_null (visible_error (dialog));
  click (dialog, "_Form Pair");
  g_assert_cmpstr (wait_error (dialog), ==,
                   "A work pair is two different people; choose someone else as the second.");
  /* The same two again are a pair already. */
  choose (dialog, "Second Professional", "Pekka Psykiatri");
  click (dialog, "_Form Pair");
  g_assert_cmpstr (wait_error (dialog), ==, "These two already work as a pair.");
  maybe_screenshot (dialog, "pair-dialog-error.png");
  choose (dialog, "First Professional", "Kaisa Kuraattori");
  click (dialog, "_Form Pair");
  wait_closed (MONIA_TYPE_PAIR_DIALOG);

  pairs = monia_team_list_pairs_of (fixture->store, fixture->nurse, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pairs->len, ==, 2);
  g_assert_true (monia_work_pair_has_member (g_ptr_array_index (pairs, 1), fixture->curator));
  {
    g_autofree char *today_iso = monia_date_format_iso (&fixture->today);

    g_assert_cmpstr (monia_record_get_string (g_ptr_array_index (pairs, 1), "active_from"), ==, today_iso);
  }
  /* Not the user's pair: the chooser stays at the user's two. */
  settle (page);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (chooser)), ==, 3);

  g_assert_true (monia_test_destroy_window (GTK_WINDOW (window)));
}

/* ---- the case page: owner, pair, consent ---- */

static void
test_case_page_pairs_and_consent (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaRecord) record = NULL;
  g_autoptr(GPtrArray) consents = NULL;
  g_autofree char *pair = NULL;
  g_autofree char *today_iso = monia_date_format_iso (&fixture->today);
  g_autofree char *consent_id = NULL;
  GtkWidget *window, *page, *dialog;
  GDate day;

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 1, 1, 2026);
  pair = monia_team_form_pair (fixture->store, fixture->worker, fixture->nurse, &day, &error);
  g_assert_no_error (error);

  page = monia_case_page_new (fixture->store, fixture->case_id);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 1300);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (monia_test_wait_mapped (page));
  settle (page);

  /* Who is responsible: the worker alone. */
  g_assert_cmpstr (chosen_of (page, "Responsible Worker"), ==, "Sanna Sosiaalityö");
  g_assert_cmpstr (chosen_of (page, "Work Pair"), ==, "None: the worker alone");
  /* The curator is of another organisation and has no consent. */
  g_assert_cmpstr (subtitle_of (page, "Kaisa Kuraattori"), ==,
                   "Koivulan koulu · Team member\nSees nothing: no valid consent covers them");
  assert_all_named (page);
  monia_test_assert_names_once (page, G_STRLOC);

  /* To the pair: saved at once, undoable. */
  choose (page, "Work Pair", "Sanna Sosiaalityö and Pekka Psykiatri");
  settle (page);
  record = get_record (fixture, "case", fixture->case_id);
  g_assert_cmpstr (monia_record_get_string (record, "pair_id"), ==, pair);
  g_clear_object (&record);
  g_assert_cmpstr (_monia_case_page_get_last_toast (MONIA_CASE_PAGE (page)), ==, "The case is now the work pair’s");
  g_assert_true (gtk_widget_activate_action (page, "case.undo-responsible", "(ss)", "pair_id", ""));
  settle (page);
  record = get_record (fixture, "case", fixture->case_id);
  g_assert_null (monia_record_get_string (record, "pair_id"));
  g_clear_object (&record);
  g_assert_cmpstr (chosen_of (page, "Work Pair"), ==, "None: the worker alone");

  /* Another responsible worker, and back. */
  choose (page, "Responsible Worker", "Pekka Psykiatri");
  settle (page);
  record = get_record (fixture, "case", fixture->case_id);
  g_assert_cmpstr (monia_record_get_string (record, "owner_id"), ==, fixture->nurse);
  g_clear_object (&record);
  g_assert_cmpstr (_monia_case_page_get_last_toast (MONIA_CASE_PAGE (page)), ==, "Responsible worker changed");
  g_assert_true (gtk_widget_activate_action (page, "case.undo-responsible", "(ss)", "owner_id", fixture->worker));
  settle (page);
  record = get_record (fixture, "case", fixture->case_id);
  g_assert_cmpstr (monia_record_get_string (record, "owner_id"), ==, fixture->worker);
  g_clear_object (&record);

  /* A new pair from the case page takes the case. */
  click (page, "_New Work Pair…");
  dialog = wait_for_window (MONIA_TYPE_PAIR_DIALOG);
  choose (dialog, "Second Professional", "Kaisa Kuraattori");
  maybe_screenshot (dialog, "pair-dialog.png");
  click (dialog, "_Form Pair");
  wait_closed (MONIA_TYPE_PAIR_DIALOG);
  settle (page);
  record = get_record (fixture, "case", fixture->case_id);
  g_assert_nonnull (monia_record_get_string (record, "pair_id"));
  g_assert_cmpstr (monia_record_get_string (record, "pair_id"), !=, pair);
  g_clear_object (&record);
  g_assert_cmpstr (chosen_of (page, "Work Pair"), ==, "Sanna Sosiaalityö and Kaisa Kuraattori");
  /* As a pair member the curator now sees the whole case. */
  g_assert_cmpstr (subtitle_of (page, "Kaisa Kuraattori"), ==, "Koivulan koulu · Team member\nSees the whole case");
  choose (page, "Work Pair", "None: the worker alone");
  settle (page);
  g_assert_cmpstr (_monia_case_page_get_last_toast (MONIA_CASE_PAGE (page)), ==,
                   "The case is back with the responsible worker alone");

  /* Consent: what is missing is said; then the school may see two parts. */
  click (page, "_Record Consent…");
  dialog = wait_for_window (MONIA_TYPE_CONSENT_DIALOG);
  assert_all_named (dialog);
  monia_test_assert_names_once (dialog, G_STRLOC);
  click (dialog, "_Record");
  g_assert_cmpstr (wait_error (dialog), ==, "Choose who gives the consent.");
  choose (dialog, "Given By", "Vanhempi Testinen");
  click (dialog, "_Record");
  g_assert_cmpstr (wait_error (dialog), ==, "Choose the organisation or the professional the consent is given to.");
  choose (dialog, "Shared With", "Koivulan koulu");
  click (dialog, "_Record");
  g_assert_cmpstr (wait_error (dialog), ==, "Choose at least one part of the case the consent covers.");
  tick (dialog, "Overview");
  tick (dialog, "Plan");
  g_assert_null (visible_error (dialog));
  maybe_screenshot (dialog, "consent-dialog.png");
  click (dialog, "_Record");
  wait_closed (MONIA_TYPE_CONSENT_DIALOG);
  settle (page);

  consents = monia_store_find (fixture->store, "consent", "case_id", fixture->case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (consents->len, ==, 1);
  record = g_object_ref (g_ptr_array_index (consents, 0));
  consent_id = g_strdup (monia_record_get_id (record));
  g_assert_cmpstr (monia_record_get_string (record, "person_id"), ==, fixture->guardian);
  g_assert_cmpstr (monia_record_get_string (record, "organisation_id"), ==, fixture->org_school);
  g_assert_cmpstr (monia_record_get_string (record, "scope"), ==, "overview,plan");
  g_assert_cmpstr (monia_record_get_string (record, "given_on"), ==, today_iso);
  g_assert_null (monia_record_get_string (record, "valid_until"));
  g_clear_object (&record);
  g_assert_cmpstr (_monia_case_page_get_last_toast (MONIA_CASE_PAGE (page)), ==, "Consent recorded");

  /* The curator is shown the parts the consent covers. */
  g_assert_cmpstr (subtitle_of (page, "Kaisa Kuraattori"), ==, "Koivulan koulu · Team member\nSees: overview, plan");
  g_assert_cmpstr (subtitle_of (page, "Koivulan koulu"), ==, "May see: overview, plan\nGiven by Vanhempi Testinen");
  assert_all_named (page);
  monia_test_assert_names_once (page, G_STRLOC);
  maybe_screenshot (window, "case-overview-consent.png");

  /* Revoked today, and the curator sees nothing; Undo brings it back. */
  click (page, "Revoke");
  wait_for_field (fixture, "consent", consent_id, "revoked_on", today_iso);
  settle (page);
  record = get_record (fixture, "consent", consent_id);
  g_assert_cmpstr (monia_record_get_string (record, "revoked_on"), ==, today_iso);
  g_clear_object (&record);
  g_assert_cmpstr (_monia_case_page_get_last_toast (MONIA_CASE_PAGE (page)), ==, "Consent revoked");
  g_assert_cmpstr (subtitle_of (page, "Kaisa Kuraattori"), ==,
                   "Koivulan koulu · Team member\nSees nothing: no valid consent covers them");
  g_assert_null (find_named (page, GTK_TYPE_BUTTON, "Revoke"));
  g_assert_true (gtk_widget_activate_action (page, "case.undo-revoke", "s", consent_id));
  settle (page);
  record = get_record (fixture, "consent", consent_id);
  g_assert_null (monia_record_get_string (record, "revoked_on"));
  g_clear_object (&record);
  g_assert_cmpstr (subtitle_of (page, "Kaisa Kuraattori"), ==, "Koivulan koulu · Team member\nSees: overview, plan");

  g_assert_true (monia_test_destroy_window (GTK_WINDOW (window)));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  gtk_init ();
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/pairs/caseload", Fixture, NULL, fixture_set_up, test_pair_caseload, fixture_tear_down);
  g_test_add ("/pairs/case-page", Fixture, NULL, fixture_set_up, test_case_page_pairs_and_consent,
              fixture_tear_down);

  return g_test_run ();
}
