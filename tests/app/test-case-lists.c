/* test-case-lists.c — the case lists show each case's next statutory day,
 * order by it and filter, under a display
 *
 * With MONIA_SCREENSHOT_DIR set, pictures of "My Cases" at 360 and 1280
 * pixels are written there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-test"

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "monia-app-test-util.h"
#include "monia-case-list-page.h"
#include "monia-case-row.h"
#include "monia-case-util.h"
#include "monia-core.h"
#include "monia-window-private.h"

typedef struct
{
  char        *dir;
  MoniaStore  *store;
  GDate        today;
  char        *me;
  char        *colleague;
  char        *team_a;
  char        *team_b;
  char        *pair;
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
  g_autofree char *from = NULL;

  fixture->dir = g_dir_make_tmp ("monia-case-lists-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "monia.db", NULL);
  fixture->store = monia_store_open (path, &error);
  g_assert_no_error (error);
  monia_get_today (&fixture->today);

  fixture->team_a = create (fixture, "team", "name", "Perhesosiaalityö Koivula", NULL);
  fixture->team_b = create (fixture, "team", "name", "Lastensuojelu Lehtola", NULL);
  fixture->me = create (fixture, "professional", "name", "Sanna Sosiaalityö", "profession", "Social worker",
                        "team_id", fixture->team_a, NULL);
  fixture->colleague = create (fixture, "professional", "name", "Pekka Perhetyö", "profession", "Family worker",
                               "team_id", fixture->team_a, NULL);
  from = day_iso (fixture, -100);
  fixture->pair = create (fixture, "work_pair", "first_id", fixture->me, "second_id", fixture->colleague,
                          "team_id", fixture->team_a, "active_from", from, NULL);
  monia_store_set_author (fixture->store, fixture->me);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_true (monia_test_finalize_object (fixture->store));
  monia_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->me);
  g_free (fixture->colleague);
  g_free (fixture->team_a);
  g_free (fixture->team_b);
  g_free (fixture->pair);
}

/* A case of mine (or of @owner) with one assessment: its decision due in
 * @decision_in days (already made when @started), its completion in
 * @completion_in. */
static char *
assessed_case (Fixture    *fixture,
               const char *title,
               const char *owner,
               const char *team,
               const char *pair,
               const char *opened_on,
               int         decision_in,
               gboolean    started,
               int         completion_in)
{
  g_autofree char *decision = day_iso (fixture, decision_in);
  g_autofree char *completion = day_iso (fixture, completion_in);
  g_autofree char *pending = day_iso (fixture, decision_in - 9);
  g_autofree char *assessment = NULL;
  char *case_id;

  case_id = create (fixture, "case", "title", title, "status", "assessment", "opened_on", opened_on,
                    "owner_id", owner, "team_id", team, "pair_id", pair, NULL);
  assessment = create (fixture, "assessment", "case_id", case_id, "kind", "child_welfare_s26",
                       "pending_on", pending, "decision_due", decision, "completion_due", completion,
                       "started_on", started ? pending : NULL, NULL);
  return case_id;
}

static MoniaWindow *
present_window (Fixture *fixture,
                int      width)
{
  MoniaWindow *window = monia_window_new (NULL, fixture->store);

  gtk_window_set_default_size (GTK_WINDOW (window), width, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (monia_test_wait_mapped (GTK_WIDGET (window)));
  monia_test_wait_frames (GTK_WIDGET (window), 2);
  return window;
}

static MoniaCaseListPage *
show_page (MoniaWindow *window,
           const char  *section)
{
  MoniaCaseListPage *page;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", section));
  page = _monia_window_get_case_list_page (window, section);
  g_assert_true (monia_test_wait_mapped (GTK_WIDGET (page)));
  monia_test_wait_frames (GTK_WIDGET (window), 2);
  return page;
}

/* The titles shown, in order, joined by " | ". */
static char *
shown_titles (MoniaCaseListPage *page)
{
  GListModel *model = monia_case_list_page_get_shown_model (page);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) titles = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(MoniaRecord) record = g_list_model_get_item (model, i);

      g_strv_builder_add (builder, monia_record_get_string (record, "title"));
    }
  titles = g_strv_builder_end (builder);
  return g_strjoinv (" | ", titles);
}

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

static const char *
row_text (MoniaCaseListPage *page,
          const char        *title)
{
  MoniaCaseRow *row = find_case_row (GTK_WIDGET (page), title);

  g_assert_nonnull (row);
  return monia_case_row_get_deadline_text (row);
}

/* Chooses the item labelled @label, as a person would in the drop-down. */
static void
choose (MoniaCaseListPage *page,
        const char        *chooser_name,
        const char        *label)
{
  GtkDropDown *chooser = _monia_case_list_page_get_chooser (page, chooser_name);
  GListModel *items = gtk_drop_down_get_model (chooser);

  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (chooser)));
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (items, i);

      if (g_str_equal (gtk_string_object_get_string (item), label))
        {
          gtk_drop_down_set_selected (chooser, i);
          monia_test_wait_frames (GTK_WIDGET (page), 2);
          return;
        }
    }
  g_error ("No “%s” in the %s chooser", label, chooser_name);
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

static void
make_caseload (Fixture *fixture)
{
  g_autofree char *late = NULL, *today = NULL, *later = NULL, *overdue = NULL, *other = NULL;
  g_autofree char *plan_case = NULL, *plan = NULL, *review_on = NULL, *agreed_on = NULL;
  g_autofree char *closed = NULL, *left_open = NULL, *quiet = NULL;

  late = assessed_case (fixture, "Late decision", fixture->me, fixture->team_a, fixture->pair, "2026-01-10",
                        -3, FALSE, 80);
  today = assessed_case (fixture, "Decision today", fixture->me, fixture->team_a, NULL, "2026-01-12",
                         0, FALSE, 90);
  later = assessed_case (fixture, "Completion later", fixture->me, fixture->team_a, fixture->pair, "2026-01-05",
                         -40, TRUE, 40);
  overdue = assessed_case (fixture, "Completion overdue", fixture->me, fixture->team_a, NULL, "2026-01-01",
                           -100, TRUE, -12);
  other = assessed_case (fixture, "Other team's case", fixture->colleague, fixture->team_b, NULL, "2026-01-20",
                         -10, FALSE, 70);

  /* An agreed plan, reviewed in 200 days; nothing else running. */
  plan_case = create (fixture, "case", "title", "Plan in force", "status", "implementation",
                      "opened_on", "2026-01-03", "owner_id", fixture->me, "team_id", fixture->team_a, NULL);
  agreed_on = day_iso (fixture, -165);
  review_on = day_iso (fixture, 200);
  plan = create (fixture, "plan", "case_id", plan_case, "status", "agreed",
                 "agreed_on", agreed_on, "review_on", review_on, NULL);
  /* Closed, with an assessment left open: no clock. */
  closed = create (fixture, "case", "title", "Closed case", "status", "closed", "opened_on", "2026-01-02",
                   "owner_id", fixture->me, "team_id", fixture->team_a, NULL);
  left_open = create (fixture, "assessment", "case_id", closed, "kind", "child_welfare_s26",
                      "pending_on", "2026-01-02", "decision_due", "2026-01-13", NULL);
  quiet = create (fixture, "case", "title", "Nothing running", "status", "open", "opened_on", "2026-01-15",
                  "owner_id", fixture->me, "team_id", fixture->team_a, NULL);
}

static char *
case_id_by_title (Fixture    *fixture,
                  const char *title)
{
  g_autoptr(GListModel) cases = monia_store_list_cases (fixture->store);

  for (guint i = 0; i < g_list_model_get_n_items (cases); i++)
    {
      g_autoptr(MoniaRecord) record = g_list_model_get_item (cases, i);

      if (g_strcmp0 (monia_record_get_string (record, "title"), title) == 0)
        return g_strdup (monia_record_get_id (record));
    }
  g_assert_not_reached ();
}

static void
test_my_cases (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *titles = NULL;
  g_autofree char *expected = NULL;
  MoniaCaseListPage *page;
  MoniaWindow *window;
  const char *text;

  make_caseload (fixture);
  window = present_window (fixture, 1280);
  page = show_page (window, "mine");

  /* The one due first on top; what has no clock last, newest first. */
  titles = shown_titles (page);
  g_assert_cmpstr (titles, ==, "Completion overdue | Late decision | Decision today | Completion later | "
                               "Plan in force | Nothing running | Closed case");

  /* Which clock, its day, how late: working days for the decision. */
  text = row_text (page, "Late decision");
  g_assert_true (g_str_has_prefix (text, "Decision to start · "));
  g_assert_true (g_str_has_suffix (text, " late"));
  g_assert_nonnull (strstr (text, "working day"));
  g_assert_true (gtk_widget_has_css_class (gtk_widget_get_last_child (GTK_WIDGET (find_case_row (GTK_WIDGET (page),
                                                                                                  "Late decision"))),
                                           "error"));
  /* … and days for the three months. */
  {
    GDate due = fixture->today;
    g_autofree char *day = NULL;

    g_date_subtract_days (&due, 12);
    day = monia_format_date (&due);
    expected = g_strdup_printf ("Assessment completion · %s · 12 days late", day);
  }
  g_assert_cmpstr (row_text (page, "Completion overdue"), ==, expected);
  g_assert_true (g_str_has_suffix (row_text (page, "Decision today"), " · Due today"));
  g_assert_true (g_str_has_prefix (row_text (page, "Plan in force"), "Plan review · "));
  g_assert_true (g_str_has_suffix (row_text (page, "Plan in force"), " · 200 days left"));
  g_assert_null (row_text (page, "Nothing running"));
  g_assert_null (row_text (page, "Closed case"));
  maybe_screenshot (GTK_WIDGET (window), "my-cases-1280.png");

  /* Late only. */
  choose (page, "show", "Late");
  g_free (titles);
  titles = shown_titles (page);
  g_assert_cmpstr (titles, ==, "Completion overdue | Late decision");

  /* Due this week: today's decision (and whatever else falls by Sunday). */
  choose (page, "show", "Due This Week");
  g_free (titles);
  titles = shown_titles (page);
  g_assert_cmpstr (titles, ==, "Decision today");
  choose (page, "show", "All Cases");

  /* By status, team and pair. */
  choose (page, "status", "Closed");
  g_free (titles);
  titles = shown_titles (page);
  g_assert_cmpstr (titles, ==, "Closed case");
  choose (page, "status", "Any Status");
  choose (page, "pair", "Sanna Sosiaalityö and Pekka Perhetyö");
  g_free (titles);
  titles = shown_titles (page);
  g_assert_cmpstr (titles, ==, "Late decision | Completion later");

  /* Nothing matches: said so, with the filters still there to change. */
  choose (page, "team", "Lastensuojelu Lehtola");
  g_assert_cmpuint (g_list_model_get_n_items (monia_case_list_page_get_shown_model (page)), ==, 0);
  g_assert_cmpstr (monia_case_list_page_get_state (page), ==, "no-match");
  g_assert_nonnull (monia_test_find_label (GTK_WIDGET (page), "No Matching Cases"));
  choose (page, "team", "Any Team");
  choose (page, "pair", "Any Pair");
  g_assert_cmpstr (monia_case_list_page_get_state (page), ==, "cases");

  /* Newest first, if asked. */
  choose (page, "order", "Newest First");
  g_free (titles);
  titles = shown_titles (page);
  g_assert_cmpstr (titles, ==, "Nothing running | Decision today | Late decision | Completion later | "
                               "Plan in force | Closed case | Completion overdue");

  g_assert_true (monia_test_destroy_window (GTK_WINDOW (window)));
}

/* All Cases: the store's order (newest first) until asked for another, and
 * every other team's case can be found by team. A decision recorded moves
 * its case in the list and changes its row, without a reload. */
static void
test_all_cases (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *titles = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *late_id = NULL;
  MoniaCaseListPage *page;
  MoniaWindow *window;

  make_caseload (fixture);
  window = present_window (fixture, 1280);
  page = show_page (window, "all");

  titles = shown_titles (page);
  g_assert_cmpstr (titles, ==, "Other team's case | Nothing running | Decision today | Late decision | "
                               "Completion later | Plan in force | Closed case | Completion overdue");
  /* The store's own order and no filter: nothing is read but what is shown. */
  g_assert_true (monia_case_list_page_get_shown_model (page) != NULL);

  choose (page, "team", "Lastensuojelu Lehtola");
  g_free (titles);
  titles = shown_titles (page);
  g_assert_cmpstr (titles, ==, "Other team's case");
  choose (page, "team", "Any Team");

  choose (page, "order", "Next Deadline First");
  choose (page, "show", "Late");
  g_free (titles);
  titles = shown_titles (page);
  g_assert_cmpstr (titles, ==, "Completion overdue | Other team's case | Late decision");

  /* The late decision made: no longer late, and its row says what is next. */
  late_id = case_id_by_title (fixture, "Late decision");
  found = monia_store_find (fixture->store, "assessment", "case_id", late_id, &error);
  g_assert_no_error (error);
  {
    g_autoptr(MoniaMutation) m = monia_mutation_new_update ("assessment",
                                                            monia_record_get_id (g_ptr_array_index (found, 0)));
    g_autofree char *started = day_iso (fixture, -4);

    monia_mutation_set_string (m, "started_on", started);
    g_assert_true (monia_store_apply_one (fixture->store, m, &error));
    g_assert_no_error (error);
  }
  monia_test_wait_frames (GTK_WIDGET (window), 2);
  g_free (titles);
  titles = shown_titles (page);
  g_assert_cmpstr (titles, ==, "Completion overdue | Other team's case");
  choose (page, "show", "All Cases");
  g_assert_true (g_str_has_prefix (row_text (page, "Late decision"), "Assessment completion · "));
  g_assert_true (g_str_has_suffix (row_text (page, "Late decision"), " · 80 days left"));

  g_assert_true (monia_test_destroy_window (GTK_WINDOW (window)));
}

/* A phone-sized window: the filters wrap, none is cut off, each is named. */
static void
test_narrow (Fixture       *fixture,
             gconstpointer  data)
{
  static const char * const names[] = { "show", "status", "team", "pair", "order" };
  MoniaCaseListPage *page;
  MoniaWindow *window;

  make_caseload (fixture);
  window = present_window (fixture, 360);
  page = show_page (window, "mine");

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkWidget *chooser = GTK_WIDGET (_monia_case_list_page_get_chooser (page, names[i]));
      int minimum, natural;

      g_assert_true (gtk_widget_get_mapped (chooser));
      gtk_widget_measure (chooser, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
      /* Given what it asks for, inside the window. */
      g_assert_cmpint (gtk_widget_get_width (chooser), >=, natural);
      g_assert_cmpint (gtk_widget_get_width (chooser), <=, 360);
      g_assert_cmpstr (gtk_widget_get_tooltip_text (chooser), !=, NULL);
    }
  /* How late is the end of the line: never cut off. */
  {
    MoniaCaseRow *row = find_case_row (GTK_WIDGET (page), "Late decision");
    GtkLabel *line = GTK_LABEL (gtk_widget_get_last_child (GTK_WIDGET (row)));

    g_assert_true (g_str_has_suffix (gtk_label_get_text (line), " late"));
    g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (line)));
    g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (line)), <=, 360);
  }
  maybe_screenshot (GTK_WIDGET (window), "my-cases-360.png");

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

  g_test_add ("/app/case-lists/my-cases", Fixture, NULL, fixture_set_up, test_my_cases, fixture_tear_down);
  g_test_add ("/app/case-lists/all-cases", Fixture, NULL, fixture_set_up, test_all_cases, fixture_tear_down);
  g_test_add ("/app/case-lists/narrow", Fixture, NULL, fixture_set_up, test_narrow, fixture_tear_down);

  return g_test_run ();
}
