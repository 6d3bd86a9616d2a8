/* test-overview.c — the Team Overview, driven as a person would, under a display
 *
 * Today is pinned to Tuesday 17 June 2025 (Midsummer Eve is that Friday).
 * With MONIA_SCREENSHOT_DIR set, pictures of the page at 1280 and 360
 * pixels are saved too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-test"

#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "monia-app-test-util.h"
#include "monia-core.h"
#include "monia-preferences-window.h"
#include "monia-team-overview-page.h"
#include "monia-thl-print.h"

typedef struct
{
  char       *dir;
  MoniaStore *store;
  char       *team, *other_team, *worker, *nurse, *lead, *pair;
  char       *late_case;     /* the case whose decision to start is late */
} Fixture;

static char *
create (Fixture    *f,
        const char *kind,
        ...)
{
  g_autoptr(MoniaMutation) m = monia_mutation_new_create (kind);
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, kind);
  for (const char *field = va_arg (args, const char *); field != NULL; field = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);

      if (value != NULL)
        monia_mutation_set_string (m, field, value);
    }
  va_end (args);
  g_assert_true (monia_store_apply_one (f->store, m, &error));
  g_assert_no_error (error);
  return g_strdup (monia_mutation_get_record_id (m));
}

static void
add_assessment (Fixture    *f,
                const char *case_id,
                const char *pending,
                const char *started)
{
  g_autofree char *id = create (f, "assessment", "case_id", case_id, "kind", "child_welfare_s26",
                                "pending_on", pending, "started_on", started, NULL);
}

static void
add_child (Fixture    *f,
           const char *case_id,
           const char *name)
{
  g_autofree char *person = create (f, "person", "name", name, NULL);
  g_autofree char *link = create (f, "case_person", "case_id", case_id, "person_id", person, "relation", "child", NULL);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) helsinki = g_time_zone_new_identifier ("Europe/Helsinki");
  g_autoptr(GDateTime) noon = g_date_time_new (helsinki, 2025, 6, 17, 12, 0, 0);
  g_autofree char *path = NULL, *org = NULL, *other = NULL, *x = NULL;

  monia_policy_set_now_for_testing (g_date_time_to_unix (noon));
  f->dir = g_dir_make_tmp ("monia-test-overview-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "monia.db", NULL);
  f->store = monia_store_open (path, &error);
  g_assert_no_error (error);

  org = create (f, "organisation", "name", "Perhetyö", NULL);
  f->team = create (f, "team", "name", "Team North", "organisation_id", org, NULL);
  f->other_team = create (f, "team", "name", "Team South", "organisation_id", org, NULL);
  f->worker = create (f, "professional", "name", "Sanna Sosiaalityö", "team_id", f->team, "role", "worker", NULL);
  f->nurse = create (f, "professional", "name", "Pekka Psykiatri", "team_id", f->team, "role", "worker", NULL);
  f->lead = create (f, "professional", "name", "Liisa Lead", "team_id", f->team, "role", "lead", NULL);
  f->pair = create (f, "work_pair", "first_id", f->worker, "second_id", f->nurse, "team_id", f->team,
                    "active_from", "2024-01-01", NULL);

  /* Sanna's case with the pair: a decision due today, one due tomorrow
   * (within 3 working days), one late (due 16.6.). */
  x = create (f, "case", "title", "Virtanen family", "status", "assessment", "team_id", f->team,
              "owner_id", f->worker, "pair_id", f->pair, "opened_on", "2025-06-05", NULL);
  add_assessment (f, x, "2025-06-06", NULL);
  add_assessment (f, x, "2025-06-09", NULL);
  add_child (f, x, "Aino Virtanen");
  add_child (f, x, "Eino Virtanen");
  f->late_case = create (f, "case", "title", "Korhonen family", "status", "assessment", "team_id", f->team,
                         "owner_id", f->worker, "opened_on", "2025-06-05", NULL);
  add_assessment (f, f->late_case, "2025-06-05", NULL);
  add_child (f, f->late_case, "Helmi Korhonen");
  /* An assessment past its 3 months, decided in time (the THL's period
   * 1.4.–30.9.2025 holds nothing of it) */
  add_assessment (f, x, "2025-03-16", "2025-03-18");
  /* Another team's case */
  other = create (f, "case", "title", "Mäkinen family", "status", "assessment", "team_id", f->other_team,
                  "opened_on", "2025-04-14", NULL);
  add_assessment (f, other, "2025-04-14", "2025-04-28");   /* decided 1 working day late (Easter) */

  /* For the scorecard: one feedback, one consultation from outside the
   * county guided to a digital service */
  {
    g_autofree char *feedback = create (f, "feedback", "case_id", other, "got_help", "yes", "given_on", "2025-06-10",
                                        NULL);
    g_autofree char *service = create (f, "service", "name", "Digital family centre", "sector", "digital", NULL);
    g_autoptr(MoniaMutation) m = monia_mutation_new_create ("help_request");
    g_autoptr(MoniaMutation) rating = monia_mutation_new_update ("feedback", feedback);

    monia_mutation_set_int (rating, "recommend", 9);
    g_assert_true (monia_store_apply_one (f->store, rating, &error));
    monia_mutation_set_string (m, "channel", "consultation");
    monia_mutation_set_int (m, "received_at", g_date_time_to_unix (noon) - 86400);
    monia_mutation_set_string (m, "outcome", "service");
    monia_mutation_set_string (m, "service_id", service);
    monia_mutation_set_bool (m, "from_outside_area", TRUE);
    g_assert_true (monia_store_apply_one (f->store, m, &error));
    g_assert_no_error (error);
  }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  monia_policy_set_now_for_testing (0);
  g_assert_true (monia_test_finalize_object (f->store));
  monia_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->team);
  g_free (f->other_team);
  g_free (f->worker);
  g_free (f->nurse);
  g_free (f->lead);
  g_free (f->pair);
  g_free (f->late_case);
}

static gboolean
page_ready (gpointer user_data)
{
  return _monia_team_overview_page_is_ready (user_data);
}

static MoniaTeamOverviewPage *
show_page (Fixture    *f,
           GtkWidget **out_window,
           int         width)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = monia_team_overview_page_new (f->store, NULL);
  GtkWidget *overlay = adw_toast_overlay_new ();

  /* Where the window shows the page's messages. */
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), page);
  gtk_window_set_default_size (GTK_WINDOW (window), width, 900);
  gtk_window_set_child (GTK_WINDOW (window), overlay);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (monia_test_wait_mapped (page));
  g_assert_true (monia_test_wait_until (page_ready, page, 20000));
  monia_test_wait_frames (page, 2);
  *out_window = window;
  return MONIA_TEAM_OVERVIEW_PAGE (page);
}

static gboolean
has_error_style (gpointer user_data)
{
  return gtk_widget_has_css_class (GTK_WIDGET (user_data), "error");
}

static void
on_case_activated (MoniaTeamOverviewPage *page,
                   const char            *case_id,
                   char                 **out)
{
  g_free (*out);
  *out = g_strdup (case_id);
}

static void
save_picture (GtkWidget  *window,
              const char *name)
{
  const char *dir = g_getenv ("MONIA_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (dir == NULL)
    return;
  path = g_build_filename (dir, name, NULL);
  monia_test_wait_frames (window, 3);
  g_assert_true (monia_test_save_screenshot (window, path, &error));
  g_assert_no_error (error);
}

/* The region's figures, the cases behind one, and opening one of them. */
static void
test_figures_and_cases (Fixture       *f,
                        gconstpointer  data)
{
  GtkWidget *window = NULL;
  MoniaTeamOverviewPage *page = show_page (f, &window, 1280);
  g_autofree char *activated = NULL;
  GtkListBoxRow *row;

  g_assert_cmpstr (_monia_team_overview_page_get_visible (page), ==, "figures");
  g_assert_cmpuint (_monia_team_overview_page_get_unit (page), ==, 0);
  g_assert_cmpstr (_monia_team_overview_page_get_figure_text (page, MONIA_FIGURE_DECISION_DUE_TODAY), ==, "1");
  g_assert_cmpstr (_monia_team_overview_page_get_figure_text (page, MONIA_FIGURE_DECISION_DUE_SOON), ==, "1");
  g_assert_cmpstr (_monia_team_overview_page_get_figure_text (page, MONIA_FIGURE_DECISION_LATE), ==, "1");
  g_assert_cmpstr (_monia_team_overview_page_get_figure_text (page, MONIA_FIGURE_COMPLETION_LATE), ==, "1");
  g_assert_cmpstr (_monia_team_overview_page_get_figure_text (page, MONIA_FIGURE_OPEN_CASES), ==, "3");
  g_assert_nonnull (monia_test_find_label (window, "Decisions to start late"));
  /* The scorecard of this half-year, counted just after the figures */
  monia_test_wait_frames (window, 2);
  g_assert_cmpstr (_monia_team_overview_page_get_scorecard_text (page, 0), ==, "1 / 0 / 0");
  g_assert_cmpstr (_monia_team_overview_page_get_scorecard_text (page, 1), ==, "9.0 (1 answer)");
  g_assert_cmpstr (_monia_team_overview_page_get_scorecard_text (page, 2), ==, "1");
  g_assert_cmpstr (_monia_team_overview_page_get_scorecard_text (page, 3), ==, "1 / 0 / 0 / 0");
  g_assert_cmpstr (_monia_team_overview_page_get_scorecard_text (page, 5), ==, "1 (1)");
  save_picture (window, "overview-region-1280.png");

  /* The late decision opens its case's row, which opens the case. */
  g_signal_connect (page, "case-activated", G_CALLBACK (on_case_activated), &activated);
  gtk_widget_activate (_monia_team_overview_page_get_figure_row (page, MONIA_FIGURE_DECISION_LATE));
  g_assert_cmpstr (_monia_team_overview_page_get_visible (page), ==, "cases");
  row = gtk_list_box_get_row_at_index (_monia_team_overview_page_get_case_list (page), 0);
  g_assert_nonnull (row);
  g_assert_null (gtk_list_box_get_row_at_index (_monia_team_overview_page_get_case_list (page), 1));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Korhonen family");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Sanna Sosiaalityö"));
  g_signal_emit_by_name (_monia_team_overview_page_get_case_list (page), "row-activated", row);
  g_assert_cmpstr (activated, ==, f->late_case);

  gtk_widget_activate_action (GTK_WIDGET (page), "overview.back", NULL);
  g_assert_cmpstr (_monia_team_overview_page_get_visible (page), ==, "figures");

  /* Down to a team, then up again */
  {
    MoniaReportData *report = _monia_team_overview_page_get_data (page);
    gint team = monia_report_data_find_unit (report, MONIA_UNIT_TEAM, f->other_team);
    MoniaThlReturn *ret;

    g_assert_cmpint (team, >, 0);
    _monia_team_overview_page_show_unit (page, (guint) team);
    g_assert_cmpstr (_monia_team_overview_page_get_figure_text (page, MONIA_FIGURE_OPEN_CASES), ==, "1");
    g_assert_cmpstr (_monia_team_overview_page_get_figure_text (page, MONIA_FIGURE_DECISION_LATE), ==, "0");
    ret = _monia_team_overview_page_get_thl (page);
    g_assert_nonnull (ret);
    g_assert_cmpuint (ret->counts.became_pending, ==, 1);
    g_assert_cmpuint (ret->counts.started_late, ==, 1);
    gtk_widget_activate (_monia_team_overview_page_get_late_row (page));
    g_assert_cmpstr (_monia_team_overview_page_get_visible (page), ==, "cases");
    row = gtk_list_box_get_row_at_index (_monia_team_overview_page_get_case_list (page), 0);
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Mäkinen family");
    gtk_widget_activate_action (GTK_WIDGET (page), "overview.back", NULL);
    gtk_widget_activate_action (GTK_WIDGET (page), "overview.up", NULL);
    g_assert_cmpuint (_monia_team_overview_page_get_unit (page), ==, 0);
  }

  g_assert_true (monia_test_destroy_window (GTK_WINDOW (window)));
}

/* A worker starts at their own figures; a lead at the team, and the
 * lead goes down to a worker and back but not above the team. */
static void
test_homes (Fixture       *f,
            gconstpointer  data)
{
  GtkWidget *window = NULL;
  MoniaTeamOverviewPage *page;
  MoniaReportData *report;

  monia_store_set_author (f->store, f->nurse);
  page = show_page (f, &window, 360);
  report = _monia_team_overview_page_get_data (page);
  g_assert_cmpuint (_monia_team_overview_page_get_unit (page), ==,
                    (guint) monia_report_data_find_unit (report, MONIA_UNIT_WORKER, f->nurse));
  /* Through the pair: the case with two children and two decisions */
  g_assert_cmpstr (_monia_team_overview_page_get_figure_text (page, MONIA_FIGURE_DECISION_DUE_TODAY), ==, "1");
  g_assert_cmpstr (_monia_team_overview_page_get_figure_text (page, MONIA_FIGURE_OPEN_CASES), ==, "1");
  save_picture (window, "overview-worker-360.png");
  g_assert_true (monia_test_destroy_window (GTK_WINDOW (window)));

  monia_store_set_author (f->store, f->lead);
  page = show_page (f, &window, 1280);
  report = _monia_team_overview_page_get_data (page);
  {
    guint team = (guint) monia_report_data_find_unit (report, MONIA_UNIT_TEAM, f->team);
    guint worker = (guint) monia_report_data_find_unit (report, MONIA_UNIT_WORKER, f->worker);

    g_assert_cmpuint (_monia_team_overview_page_get_unit (page), ==, team);
    g_assert_cmpstr (_monia_team_overview_page_get_figure_text (page, MONIA_FIGURE_OPEN_CASES), ==, "2");
    save_picture (window, "overview-lead-1280.png");
    _monia_team_overview_page_show_unit (page, worker);
    gtk_widget_activate_action (GTK_WIDGET (page), "overview.up", NULL);
    g_assert_cmpuint (_monia_team_overview_page_get_unit (page), ==, team);
    gtk_widget_activate_action (GTK_WIDGET (page), "overview.up", NULL);
    g_assert_cmpuint (_monia_team_overview_page_get_unit (page), ==, team);
  }
  g_assert_true (monia_test_destroy_window (GTK_WINDOW (window)));
}

static gboolean
comment_saved (gpointer user_data)
{
  Fixture *f = user_data;
  g_autofree char *comment = NULL;
  GDate from, to;

  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  g_date_set_dmy (&from, 1, G_DATE_APRIL, 2025);
  g_date_set_dmy (&to, 30, G_DATE_SEPTEMBER, 2025);
  comment = monia_thl_get_comment (f->store, &from, &to);
  return g_strcmp0 (comment, "Kaksi virkaa auki koko kesän.") == 0;
}

/* The return's comment is kept; the return is exported to PDF and CSV,
 * each export recorded. */
static void
test_thl_comment_and_exports (Fixture       *f,
                              gconstpointer  data)
{
  GtkWidget *window = NULL;
  MoniaTeamOverviewPage *page = show_page (f, &window, 1280);
  g_autofree char *pdf = g_build_filename (f->dir, "thl.pdf", NULL);
  g_autofree char *csv_path = g_build_filename (f->dir, "thl.csv", NULL);
  g_autofree char *csv = NULL, *head = NULL;
  g_autoptr(GError) error = NULL;
  MoniaThlReturn *ret = _monia_team_overview_page_get_thl (page);
  gint64 audit_before = monia_store_count (f->store, "audit_event");

  /* 17.6. is in 1.4.–30.9.2025, which is chosen */
  g_assert_cmpint (g_date_get_month (&ret->from), ==, G_DATE_APRIL);
  g_assert_cmpuint (ret->counts.became_pending, ==, 4);

  /* A comment that cannot be saved (another program holds the store) is
   * marked so, kept, and saved once it can be. */
  {
    g_autofree char *path = g_build_filename (f->dir, "monia.db", NULL);
    GtkWidget *view = GTK_WIDGET (_monia_team_overview_page_get_comment_view (page));
    sqlite3 *other = NULL;

    g_assert_cmpint (sqlite3_open_v2 (path, &other, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "Kaksi virkaa auki koko kesän.", -1);
    g_assert_true (monia_test_wait_until (has_error_style, view, 15000));
    g_assert_false (comment_saved (f));
    g_assert_cmpint (sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (other);
  }

  g_assert_true (monia_team_overview_page_export_pdf (page, pdf, &error));
  g_assert_no_error (error);
  /* Exporting saved it first. */
  g_assert_true (comment_saved (f));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (_monia_team_overview_page_get_comment_view (page)), "error"));
  g_assert_true (g_file_get_contents (pdf, &head, NULL, NULL));
  g_assert_true (g_str_has_prefix (head, "%PDF"));
  g_assert_true (monia_team_overview_page_export_csv (page, csv_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_nonnull (strstr (csv, "Kaksi virkaa auki koko kesän."));
  g_assert_nonnull (strstr (csv, "Decided late,1,Mäkinen family"));
  g_assert_cmpint (monia_store_count (f->store, "audit_event"), ==, audit_before + 2);

  /* The printed document says the same, with the comment */
  {
    g_autoptr(MoniaThlDocument) document = monia_thl_document_new (ret, _monia_team_overview_page_get_data (page),
                                                                   "Kaksi virkaa auki koko kesän.");
    g_autofree char *text = monia_thl_document_dup_text (document);
    g_autofree char *direct = g_build_filename (f->dir, "direct.pdf", NULL);
    guint n_pages = 0;

    g_assert_nonnull (strstr (text, "Matters that became pending\t4\n"));
    g_assert_nonnull (strstr (text, "Decided late\t1\n"));
    g_assert_nonnull (strstr (text, "Mäkinen family · – · pending from"));
    g_assert_nonnull (strstr (text, "decided 28 Apr 2025, 1 working day late"));
    g_assert_nonnull (strstr (text, "Kaksi virkaa auki koko kesän."));
    g_assert_true (monia_thl_document_write_pdf (document, direct, &n_pages, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n_pages, ==, 1);
  }

  /* Export where it cannot be written: a message, not a crash */
  g_assert_false (monia_team_overview_page_export_csv (page, "/nonexistent/dir/thl.csv", &error));
  g_assert_nonnull (error);

  g_assert_true (monia_test_destroy_window (GTK_WINDOW (window)));
}

/* The figures follow the store: a decision recorded drops the late one. */
static gboolean
late_is_zero (gpointer user_data)
{
  return g_strcmp0 (_monia_team_overview_page_get_figure_text (user_data, MONIA_FIGURE_DECISION_LATE), "0") == 0;
}

static AdwComboRow *
find_combo (GtkWidget  *root,
            const char *title)
{
  if (ADW_IS_COMBO_ROW (root) && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return ADW_COMBO_ROW (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      AdwComboRow *found = find_combo (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A comment typed just before another half-year is chosen is the first
 * half-year's: it was saved under the one chosen. */
static void
test_comment_stays_with_its_half_year (Fixture       *f,
                                       gconstpointer  data)
{
  GtkWidget *window = NULL;
  MoniaTeamOverviewPage *page = show_page (f, &window, 1280);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (_monia_team_overview_page_get_comment_view (page));
  AdwComboRow *half_year = find_combo (GTK_WIDGET (page), "Half-Year");
  MoniaThlReturn *ret = _monia_team_overview_page_get_thl (page);
  GDate from = ret->from, to = ret->to;
  guint chosen = adw_combo_row_get_selected (half_year);
  g_autofree char *first = NULL;
  g_autofree char *other = NULL;

  gtk_text_buffer_set_text (buffer, "Kaksi virkaa auki koko kesän.", -1);
  adw_combo_row_set_selected (half_year, chosen + 1);
  monia_test_wait_frames (GTK_WIDGET (page), 2);

  first = monia_thl_get_comment (f->store, &from, &to);
  g_assert_cmpstr (first, ==, "Kaksi virkaa auki koko kesän.");
  ret = _monia_team_overview_page_get_thl (page);
  g_assert_cmpint (g_date_compare (&ret->to, &from), <, 0);
  other = monia_thl_get_comment (f->store, &ret->from, &ret->to);
  g_assert_null (other);
  {
    g_autofree char *shown = NULL;
    GtkTextIter start, end;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    shown = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_cmpstr (shown, ==, "");
  }

  g_assert_true (monia_test_destroy_window (GTK_WINDOW (window)));
}

static void
test_follows_store (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *window = NULL;
  MoniaTeamOverviewPage *page = show_page (f, &window, 1280);
  g_autoptr(GPtrArray) found = monia_store_find (f->store, "assessment", "case_id", f->late_case, NULL);
  g_autoptr(MoniaMutation) m = monia_mutation_new_update ("assessment",
                                                          monia_record_get_id (g_ptr_array_index (found, 0)));
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (_monia_team_overview_page_get_figure_text (page, MONIA_FIGURE_DECISION_LATE), ==, "1");
  monia_mutation_set_string (m, "started_on", "2025-06-17");
  g_assert_true (monia_store_apply_one (f->store, m, &error));
  g_assert_no_error (error);
  g_assert_true (monia_test_wait_until (late_is_zero, page, 10000));
  g_assert_true (monia_test_destroy_window (GTK_WINDOW (window)));
}

/* Preferences: each notification can be turned off, and the cap changed. */
static void
test_preferences (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(MoniaSyncClient) client = monia_sync_client_new (f->store);
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  GtkWidget *window = monia_preferences_window_new (client);
  const char *keys[] = { "notify-decision-due", "notify-request-promise", "notify-conflict" };

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (monia_test_wait_mapped (window));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkSwitch *toggle = _monia_preferences_window_get_notify_switch (MONIA_PREFERENCES_WINDOW (window), i);

      g_assert_nonnull (toggle);
      g_assert_true (gtk_switch_get_active (toggle));
      gtk_switch_set_active (toggle, FALSE);
      g_assert_false (g_settings_get_boolean (settings, keys[i]));
      g_settings_reset (settings, keys[i]);
      g_assert_true (gtk_switch_get_active (toggle));
    }
  g_assert_true (monia_test_destroy_window (GTK_WINDOW (window)));

  /* A lower cap marks more caseloads: Sanna's three children are over 2 */
  g_settings_set_int (settings, "caseload-cap", 2);
  {
    GtkWidget *page_window = NULL;
    MoniaTeamOverviewPage *page;
    MoniaReportData *report;

    monia_store_set_author (f->store, f->worker);
    page = show_page (f, &page_window, 1280);
    report = _monia_team_overview_page_get_data (page);
    g_assert_cmpuint (_monia_team_overview_page_get_unit (page), ==,
                      (guint) monia_report_data_find_unit (report, MONIA_UNIT_WORKER, f->worker));
    g_assert_nonnull (monia_test_find_label (page_window, "3 of 2"));
    g_assert_true (monia_test_destroy_window (GTK_WINDOW (page_window)));
  }
  g_settings_reset (settings, "caseload-cap");
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/overview/figures-and-cases", Fixture, NULL, fixture_set_up, test_figures_and_cases, fixture_tear_down);
  g_test_add ("/overview/homes", Fixture, NULL, fixture_set_up, test_homes, fixture_tear_down);
  g_test_add ("/overview/thl-comment-exports", Fixture, NULL, fixture_set_up, test_thl_comment_and_exports,
              fixture_tear_down);
  g_test_add ("/overview/comment-half-year", Fixture, NULL, fixture_set_up, test_comment_stays_with_its_half_year,
              fixture_tear_down);
  g_test_add ("/overview/follows-store", Fixture, NULL, fixture_set_up, test_follows_store, fixture_tear_down);
  g_test_add ("/overview/preferences", Fixture, NULL, fixture_set_up, test_preferences, fixture_tear_down);

  return g_test_run ();
}
