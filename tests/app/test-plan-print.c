/* test-plan-print.c — the client plan printed and exported as PDF
 *
 * With MONIA_SCREENSHOT_DIR set, the long plan's PDF is kept there as
 * plan.pdf for people to look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-test"

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "monia-app-test-util.h"
#include "monia-case-ops.h"
#include "monia-case-page.h"
#include "monia-case-util.h"
#include "monia-core.h"
#include "monia-plan-print.h"

typedef struct
{
  char       *dir;
  MoniaStore *store;
  char       *case_id;
  char       *org_id;
  char       *pro_id;
} Fixture;

static char *
create (MoniaStore *store,
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
  g_assert_true (monia_store_apply_one (store, m, &error));
  g_assert_no_error (error);
  return g_strdup (monia_mutation_get_record_id (m));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("monia-plan-print-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "monia.db", NULL);
  fixture->store = monia_store_open (path, &error);
  g_assert_no_error (error);

  fixture->org_id = create (fixture->store, "organisation", "name", "Perhetyö", "sector", "wellbeing_area", NULL);
  fixture->pro_id = create (fixture->store, "professional", "name", "Sanna Sosiaalityö",
                            "organisation_id", fixture->org_id, NULL);
  fixture->case_id = create (fixture->store, "case", "title", "Synthetic family", "status", "planning",
                             "owner_id", fixture->pro_id, NULL);
  monia_store_set_author (fixture->store, fixture->pro_id);

  /* The family, and a school curator taking part. */
  {
    MoniaPersonSpec person;
    MoniaParticipantSpec participant;
    g_autofree char *school = create (fixture->store, "organisation", "name", "Koivulan koulu", "sector", "school", NULL);
    g_autofree char *curator = create (fixture->store, "professional", "name", "Kaisa Kuraattori",
                                       "profession", "School curator", "organisation_id", school,
                                       "phone", "040 000 0001", "email", "kaisa.kuraattori@example.invalid", NULL);
    g_autofree char *person_id = NULL;
    g_autofree char *participant_id = NULL;

    monia_person_spec_init (&person);
    person.name = "Testi Testinen";
    person.relation = "child";
    person_id = monia_case_add_person (fixture->store, fixture->case_id, &person, &error);
    g_assert_no_error (error);
    monia_participant_spec_init (&participant);
    participant.professional_id = curator;
    participant_id = monia_case_add_participant (fixture->store, fixture->case_id, &participant, &error);
    g_assert_no_error (error);
  }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_true (monia_test_finalize_object (fixture->store));
  monia_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->case_id);
  g_free (fixture->org_id);
  g_free (fixture->pro_id);
}

/* An agreed plan with @n_goals goals, each with a measure. */
static char *
make_plan (Fixture *fixture,
           guint    n_goals,
           gboolean agree)
{
  g_autoptr(MoniaCalendar) calendar = monia_calendar_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *plan_id = NULL;
  GDate today;

  plan_id = monia_case_create_plan_draft (fixture->store, fixture->case_id, &error);
  g_assert_no_error (error);
  g_assert_true (monia_case_set_plan_text (fixture->store, plan_id, "client_commitments",
                                           "We keep the mornings calm and answer the school's calls.", &error));
  g_assert_no_error (error);
  g_assert_true (monia_case_set_plan_text (fixture->store, plan_id, "differing_views",
                                           "The father does not see a need for evening support.", &error));
  g_assert_no_error (error);
  g_assert_true (monia_case_set_plan_text (fixture->store, plan_id, "needs",
                                           "Support with school mornings and the evenings.", &error));
  g_assert_no_error (error);
  g_assert_true (monia_case_set_plan_text (fixture->store, plan_id, "strengths",
                                           "The grandmother helps; the child likes football.", &error));
  g_assert_no_error (error);
  g_assert_true (monia_case_set_plan_text (fixture->store, plan_id, "child_meetings",
                                           "Met the child alone at school every other week.", &error));
  g_assert_no_error (error);

  for (guint i = 0; i < n_goals; i++)
    {
      g_autofree char *text = g_strdup_printf ("Synthetic goal %02u about school mornings", i + 1);
      g_autofree char *words = g_strdup_printf ("I want mornings number %02u to be calmer and to get to school on time "
                                                "without anyone shouting at anyone", i + 1);
      g_autofree char *goal_id = monia_case_add_goal (fixture->store, plan_id, text, words, "Absences per month", &error);
      g_autofree char *measure_text = g_strdup_printf ("Family work visit %02u", i + 1);
      g_autofree char *measure_id = NULL;
      MoniaMeasureSpec spec;

      g_assert_no_error (error);
      monia_measure_spec_init (&spec);
      spec.text = measure_text;
      spec.goal_id = goal_id;
      spec.organisation_id = fixture->org_id;
      spec.professional_id = fixture->pro_id;
      g_date_set_dmy (&spec.starts_on, 1, G_DATE_FEBRUARY, 2026);
      g_date_set_dmy (&spec.ends_on, 30, G_DATE_JUNE, 2026);
      measure_id = monia_case_add_measure (fixture->store, plan_id, &spec, &error);
      g_assert_no_error (error);
    }

  if (agree)
    {
      g_date_clear (&today, 1);
      g_date_set_dmy (&today, 2, G_DATE_FEBRUARY, 2026);
      g_assert_true (monia_case_agree_plan (fixture->store, calendar, plan_id, &today, &error));
      g_assert_no_error (error);
    }
  return g_steal_pointer (&plan_id);
}

static char *
run_tool (const char *tool,
          const char *path)
{
  g_autofree char *program = g_find_program_in_path (tool);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = 0;
  const char *argv[] = { tool, path, NULL, NULL };

  if (program == NULL)
    g_error ("%s is missing: install poppler-utils (build-aux/install-deps.sh)", tool);
  if (g_str_equal (tool, "pdftotext"))
    argv[2] = "-";

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

static guint
count_pdf_pages (const char *path)
{
  g_autofree char *info = run_tool ("pdfinfo", path);
  const char *pages = strstr (info, "\nPages:");

  g_assert_nonnull (pages);
  return (guint) g_ascii_strtoull (pages + strlen ("\nPages:"), NULL, 10);
}

static void
assert_is_pdf (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
}

static GPtrArray *
find_audit (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *found = monia_store_find (fixture->store, "audit_event", "case_id", fixture->case_id, &error);

  g_assert_no_error (error);
  return found;
}

/* ---- tests ---- */

static void
test_export_long_plan (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autofree char *plan_id = make_plan (fixture, 40, TRUE);
  g_autofree char *path = g_build_filename (fixture->dir, "plan.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *last_page = NULL;
  g_autofree char *first_page = NULL;
  const char *keep = g_getenv ("MONIA_SCREENSHOT_DIR");
  MoniaRecord *event;
  guint n_pages = 0;

  audit = find_audit (fixture);
  g_assert_cmpuint (audit->len, ==, 0);
  g_clear_pointer (&audit, g_ptr_array_unref);

  g_assert_true (monia_plan_export_pdf (fixture->store, plan_id, path, &n_pages, &error));
  g_assert_no_error (error);
  assert_is_pdf (path);
  g_assert_cmpuint (n_pages, >=, 3);
  g_assert_cmpuint (count_pdf_pages (path), ==, n_pages);
  g_test_message ("40 goals: %u A4 pages", n_pages);

  text = run_tool ("pdftotext", path);
  g_assert_nonnull (strstr (text, "Client Plan"));
  g_assert_nonnull (strstr (text, "Synthetic family"));
  g_assert_nonnull (strstr (text, "Version: 1 (Agreed)"));
  g_assert_nonnull (strstr (text, "Agreed on: 2 Feb 2026"));
  g_assert_nonnull (strstr (text, "Synthetic goal 01 about school mornings"));
  g_assert_nonnull (strstr (text, "Synthetic goal 40 about school mornings"));
  g_assert_nonnull (strstr (text, "Indicator: Absences per month"));
  g_assert_nonnull (strstr (text, "Family work visit 40"));
  g_assert_nonnull (strstr (text, "Provided by: Perhetyö, Sanna Sosiaalityö"));
  g_assert_nonnull (strstr (text, "Time: 1 Feb 2026 – 30 Jun 2026"));
  g_assert_nonnull (strstr (text, "Status: Planned"));
  g_assert_nonnull (strstr (text, "The Client’s Own Commitments"));
  g_assert_nonnull (strstr (text, "We keep the mornings calm"));
  g_assert_nonnull (strstr (text, "The father does not see a need for evening support."));
  /* All of DOMAIN.md's client plan contents, the people and who works with them. */
  g_assert_nonnull (strstr (text, "Need for Services and Support"));
  g_assert_nonnull (strstr (text, "Support with school mornings and the evenings."));
  g_assert_nonnull (strstr (text, "Strengths and Resources"));
  g_assert_nonnull (strstr (text, "The grandmother helps; the child likes football."));
  g_assert_nonnull (strstr (text, "The Worker’s Meetings with the Child"));
  g_assert_nonnull (strstr (text, "Met the child alone at school every other week."));
  g_assert_nonnull (strstr (text, "Review date:"));
  g_assert_nonnull (strstr (text, "Child: Testi Testinen"));
  g_assert_nonnull (strstr (text, "Responsible Workers"));
  g_assert_nonnull (strstr (text, "Responsible worker: Sanna Sosiaalityö"));
  g_assert_nonnull (strstr (text, "Takes part: Kaisa Kuraattori, School curator"));
  g_assert_nonnull (strstr (text, "Koivulan koulu · 040 000 0001 · kaisa.kuraattori@example.invalid"));
  first_page = g_strdup_printf ("Page 1 of %u", n_pages);
  last_page = g_strdup_printf ("Page %u of %u", n_pages, n_pages);
  g_assert_nonnull (strstr (text, first_page));
  g_assert_nonnull (strstr (text, last_page));

  /* The export is on record: who, what, from which device. */
  audit = find_audit (fixture);
  g_assert_cmpuint (audit->len, ==, 1);
  event = g_ptr_array_index (audit, 0);
  g_assert_cmpstr (monia_record_get_string (event, "action"), ==, "export");
  g_assert_cmpstr (monia_record_get_string (event, "record_kind"), ==, "plan");
  g_assert_cmpstr (monia_record_get_string (event, "record_id"), ==, plan_id);
  g_assert_cmpstr (monia_record_get_string (event, "actor_id"), ==, fixture->pro_id);
  g_assert_cmpstr (monia_record_get_string (event, "device_id"), ==, monia_store_get_device_id (fixture->store));
  g_assert_cmpint (ABS (monia_record_get_int (event, "at", 0) - g_get_real_time () / G_USEC_PER_SEC), <, 60);

  if (keep != NULL)
    {
      g_autofree char *copy = g_build_filename (keep, "plan.pdf", NULL);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_true (g_file_set_contents (copy, contents, (gssize) length, NULL));
      g_test_message ("%s", copy);
    }
}

static void
test_export_short_plan (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autofree char *plan_id = make_plan (fixture, 1, TRUE);
  g_autofree char *path = g_build_filename (fixture->dir, "short.pdf", NULL);
  g_autofree char *direct = g_build_filename (fixture->dir, "direct.pdf", NULL);
  g_autoptr(MoniaPlanDocument) document = NULL;
  guint n_pages = 0;

  g_assert_true (monia_plan_export_pdf (fixture->store, plan_id, path, &n_pages, &error));
  g_assert_no_error (error);
  assert_is_pdf (path);
  g_assert_cmpuint (n_pages, ==, 1);
  g_assert_cmpuint (count_pdf_pages (path), ==, 1);

  /* The layout alone draws to any cairo surface, and records nothing. */
  document = monia_plan_document_new (fixture->store, plan_id, &error);
  g_assert_no_error (error);
  g_assert_true (monia_plan_document_write_pdf (document, direct, &n_pages, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_pages, ==, 1);
  assert_is_pdf (direct);
  {
    g_autofree char *text = run_tool ("pdftotext", direct);

    g_assert_nonnull (strstr (text, "Synthetic goal 01 about school mornings"));
  }

  audit = find_audit (fixture);
  g_assert_cmpuint (audit->len, ==, 1);
}

/* The file is offered under the family's name, the version and the day. */
static void
test_file_name (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *plan_id = make_plan (fixture, 1, TRUE);
  g_autofree char *name = monia_plan_dup_file_name (fixture->store, plan_id);
  g_autofree char *draft_id = NULL;
  g_autofree char *draft_name = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  GDate today;

  g_assert_cmpstr (name, ==, "Synthetic family – client plan v1 (2026-02-02).pdf");

  draft_id = monia_case_create_plan_draft (fixture->store, fixture->case_id, &error);
  g_assert_no_error (error);
  draft_name = monia_plan_dup_file_name (fixture->store, draft_id);
  monia_get_today (&today);
  expected = g_strdup_printf ("Synthetic family – client plan v2 (%04d-%02d-%02d).pdf", g_date_get_year (&today),
                              g_date_get_month (&today), g_date_get_day (&today));
  g_assert_cmpstr (draft_name, ==, expected);
}

static void
test_export_errors (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *plan_id = make_plan (fixture, 1, TRUE);
  g_autofree char *path = g_build_filename (fixture->dir, "no-such-folder", "plan.pdf", NULL);
  g_autofree char *ok_path = g_build_filename (fixture->dir, "plan.pdf", NULL);
  g_autoptr(GPtrArray) audit = NULL;

  /* A plan that is not there. */
  g_assert_false (monia_plan_export_pdf (fixture->store, "00000000-0000-7000-8000-000000000000", ok_path, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (g_file_test (ok_path, G_FILE_TEST_EXISTS));

  /* A folder that is not there. */
  g_assert_false (monia_plan_export_pdf (fixture->store, plan_id, path, NULL, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "plan.pdf"));
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  audit = find_audit (fixture);
  g_test_message ("%u audit records after a failed export", audit->len);
}

typedef struct
{
  GtkWidget  *root;
  const char *label;
} ButtonQuery;

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
button_shown (gpointer user_data)
{
  ButtonQuery *query = user_data;

  return find_button (query->root, query->label) != NULL;
}

static void
test_plan_view_buttons (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *plan_id = make_plan (fixture, 2, FALSE);
  g_autoptr(MoniaCalendar) calendar = monia_calendar_new ();
  g_autoptr(GError) error = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = monia_case_page_new (fixture->store, fixture->case_id);
  ButtonQuery print = { page, "_Print…" };
  ButtonQuery export = { page, "_Export PDF…" };
  GDate today;

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 900);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (monia_test_wait_mapped (page));
  monia_case_page_show_section (MONIA_CASE_PAGE (page), "plan");
  monia_test_wait_frames (page, 3);

  /* A draft is not given to the family. */
  g_assert_null (find_button (page, "_Print…"));
  g_assert_null (find_button (page, "_Export PDF…"));

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 2, G_DATE_FEBRUARY, 2026);
  g_assert_true (monia_case_agree_plan (fixture->store, calendar, plan_id, &today, &error));
  g_assert_no_error (error);
  g_assert_true (monia_test_wait_until (button_shown, &print, 3000));
  g_assert_true (monia_test_wait_until (button_shown, &export, 3000));
  g_assert_true (gtk_widget_is_sensitive (find_button (page, "_Print…")));

  if (g_getenv ("MONIA_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *shot = g_build_filename (g_getenv ("MONIA_SCREENSHOT_DIR"), "plan-view.png", NULL);

      monia_test_wait_frames (page, 3);
      g_assert_true (monia_test_save_screenshot (window, shot, &error));
      g_assert_no_error (error);
    }

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

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/plan-print/export-long", test_export_long_plan);
  ADD ("/plan-print/export-short", test_export_short_plan);
  ADD ("/plan-print/export-errors", test_export_errors);
  ADD ("/plan-print/file-name", test_file_name);
  ADD ("/plan-print/plan-view-buttons", test_plan_view_buttons);
#undef ADD

  return g_test_run ();
}
