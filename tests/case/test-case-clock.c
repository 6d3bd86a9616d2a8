/* test-case-clock.c — each case's next statutory day, as the case lists show it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-test"

#include "config.h"

#include "monia-case-clock.h"
#include "monia-case-ops.h"
#include "monia-core.h"
#include "monia-test-util.h"

static void
set_date (GDate      *date,
          const char *iso)
{
  g_autoptr(GError) error = NULL;

  g_date_clear (date, 1);
  g_assert_true (monia_date_parse_iso (iso, date, &error));
  g_assert_no_error (error);
}

static void
assert_date (const GDate *date,
             const char  *iso)
{
  g_autofree char *text = monia_date_format_iso (date);

  g_assert_cmpstr (text, ==, iso);
}

/* The clock of @kind due on @due, seen on @today, in words. */
static char *
status_on (MoniaClockKind    kind,
           const char       *due,
           const char       *today,
           MoniaClockStatus *out)
{
  g_autoptr(MoniaCalendar) calendar = monia_calendar_new ();
  GDate due_date, today_date;

  set_date (&due_date, due);
  set_date (&today_date, today);
  monia_clock_status_init (out, calendar, kind, &due_date, &today_date);
  return monia_clock_status_format_when (out);
}

/* The decision to start counts in working days: Thursday 12 November 2026,
 * seen from the days around it. */
static void
test_decision_in_working_days (void)
{
  MoniaClockStatus status;
  g_autofree char *monday = status_on (MONIA_CLOCK_DECISION, "2026-11-12", "2026-11-09", &status);
  g_autofree char *wednesday = NULL;
  g_autofree char *thursday = NULL;
  g_autofree char *next_monday = NULL;
  g_autofree char *week_before = NULL;

  g_assert_cmpstr (monday, ==, "3 working days left");
  g_assert_false (status.late);
  g_assert_true (status.due_this_week);
  g_assert_cmpint (status.days_left, ==, 3);

  wednesday = status_on (MONIA_CLOCK_DECISION, "2026-11-12", "2026-11-11", &status);
  g_assert_cmpstr (wednesday, ==, "Due tomorrow");
  thursday = status_on (MONIA_CLOCK_DECISION, "2026-11-12", "2026-11-12", &status);
  g_assert_cmpstr (thursday, ==, "Due today");
  g_assert_true (status.due_this_week);

  /* Friday and Monday: two working days late, though four days passed. */
  next_monday = status_on (MONIA_CLOCK_DECISION, "2026-11-12", "2026-11-16", &status);
  g_assert_cmpstr (next_monday, ==, "2 working days late");
  g_assert_true (status.late);
  g_assert_cmpint (status.late_by, ==, 2);
  g_assert_cmpint (status.days_left, ==, -4);
  g_assert_false (status.due_this_week);

  /* Seen from the Friday before, it is next week's. */
  week_before = status_on (MONIA_CLOCK_DECISION, "2026-11-12", "2026-11-06", &status);
  g_assert_cmpstr (week_before, ==, "4 working days left");
  g_assert_false (status.due_this_week);
}

/* The month-long clocks count calendar days, also past a weekend. */
static void
test_months_in_days (void)
{
  MoniaClockStatus status;
  g_autofree char *late = status_on (MONIA_CLOCK_COMPLETION, "2027-02-28", "2027-03-05", &status);
  g_autofree char *ahead = NULL;
  g_autofree char *sunday = NULL;

  g_assert_cmpstr (late, ==, "5 days late");
  g_assert_cmpint (status.late_by, ==, 5);

  ahead = status_on (MONIA_CLOCK_PLAN_REVIEW, "2027-11-20", "2027-10-01", &status);
  g_assert_cmpstr (ahead, ==, "50 days left");
  g_assert_false (status.due_this_week);

  /* Due on the Sunday of this week: this week's. */
  sunday = status_on (MONIA_CLOCK_COMPLETION, "2027-02-28", "2027-02-22", &status);
  g_assert_cmpstr (sunday, ==, "6 days left");
  g_assert_true (status.due_this_week);
}

static void
test_compare (void)
{
  MoniaClockStatus early, late, same_day_later_clock, none;
  g_autofree char *a = status_on (MONIA_CLOCK_COMPLETION, "2026-11-10", "2026-11-01", &early);
  g_autofree char *b = status_on (MONIA_CLOCK_DECISION, "2026-11-20", "2026-11-01", &late);
  g_autofree char *c = status_on (MONIA_CLOCK_PLAN_REVIEW, "2026-11-10", "2026-11-01", &same_day_later_clock);
  g_autoptr(MoniaCalendar) calendar = monia_calendar_new ();
  GDate today;

  set_date (&today, "2026-11-01");
  monia_clock_status_init (&none, calendar, MONIA_CLOCK_NONE, NULL, &today);
  g_assert_null (monia_clock_status_format_when (&none));

  g_assert_cmpint (monia_clock_status_compare (&early, &late), <, 0);
  g_assert_cmpint (monia_clock_status_compare (&late, &early), >, 0);
  g_assert_cmpint (monia_clock_status_compare (&early, &same_day_later_clock), <, 0);
  g_assert_cmpint (monia_clock_status_compare (&late, &none), <, 0);
  g_assert_cmpint (monia_clock_status_compare (&none, &early), >, 0);
  g_assert_cmpint (monia_clock_status_compare (&none, &none), ==, 0);
  g_assert_cmpint (monia_clock_status_compare (&early, &early), ==, 0);
}

/* Cases in a store ------------------------------------------------------------- */

typedef struct
{
  char          *dir;
  MoniaStore    *store;
  MoniaCalendar *calendar;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = monia_test_tmp_dir_new ();
  path = g_build_filename (fixture->dir, "monia.db", NULL);
  fixture->store = monia_store_open (path, &error);
  g_assert_no_error (error);
  fixture->calendar = monia_calendar_new ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->store);
  monia_calendar_unref (fixture->calendar);
  monia_test_tmp_dir_remove (fixture->dir);
  g_free (fixture->dir);
}

static char *
make_case (Fixture    *fixture,
           const char *title,
           const char *status)
{
  g_autoptr(MoniaMutation) m = monia_mutation_new_create ("case");
  g_autoptr(GError) error = NULL;

  monia_mutation_set_string (m, "title", title);
  monia_mutation_set_string (m, "status", status);
  monia_mutation_set_string (m, "opened_on", "2026-06-01");
  g_assert_true (monia_store_apply_one (fixture->store, m, &error));
  g_assert_no_error (error);
  return g_strdup (monia_mutation_get_record_id (m));
}

static char *
start_assessment (Fixture    *fixture,
                  const char *case_id,
                  const char *pending_on)
{
  g_autoptr(GError) error = NULL;
  GDate pending;
  char *id;

  set_date (&pending, pending_on);
  id = monia_case_start_assessment (fixture->store, fixture->calendar, case_id,
                                    MONIA_ASSESSMENT_CHILD_WELFARE, &pending, &error);
  g_assert_no_error (error);
  return id;
}

static void
agree_plan (Fixture    *fixture,
            const char *case_id,
            const char *agreed_on,
            const char *review_on)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *plan = monia_case_create_plan_draft (fixture->store, case_id, &error);

  g_autoptr(GPtrArray) goals = NULL;
  GDate agreed, review;

  g_assert_no_error (error);
  goals = monia_plan_list_goals (fixture->store, plan, &error);
  g_assert_no_error (error);
  if (goals->len == 0)
    g_free (monia_case_add_goal (fixture->store, plan, "Calm evenings", NULL, NULL, &error));
  g_assert_no_error (error);
  set_date (&agreed, agreed_on);
  set_date (&review, review_on);
  g_assert_true (monia_case_set_plan_review_on (fixture->store, plan, &review, &error));
  g_assert_true (monia_case_agree_plan (fixture->store, fixture->calendar, plan, &agreed, &error));
  g_assert_no_error (error);
}

static MoniaClockKind
clock_of (MoniaCaseClocks *clocks,
          Fixture         *fixture,
          const char      *case_id,
          const char      *today_iso,
          GDate           *due)
{
  g_autoptr(MoniaRecord) record = monia_store_get (fixture->store, "case", case_id, NULL);
  MoniaClockStatus status;
  GDate today;

  g_assert_nonnull (record);
  set_date (&today, today_iso);
  if (monia_case_clocks_get (clocks, record, &today, &status))
    g_assert_cmpint (status.kind, !=, MONIA_CLOCK_NONE);
  else
    g_assert_cmpint (status.kind, ==, MONIA_CLOCK_NONE);
  if (due != NULL)
    *due = status.due;
  return status.kind;
}

static void
count_changes (guint *n)
{
  (*n)++;
}

static void
test_store_clocks (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pending = make_case (fixture, "Pending matter", "assessment");
  g_autofree char *started = make_case (fixture, "Assessment started", "assessment");
  g_autofree char *planned = make_case (fixture, "Agreed plan", "implementation");
  g_autofree char *closed = make_case (fixture, "Closed case", "assessment");
  g_autofree char *quiet = make_case (fixture, "Nothing running", "open");
  g_autofree char *pending_assessment = start_assessment (fixture, pending, "2026-11-02");
  g_autofree char *started_assessment = start_assessment (fixture, started, "2026-10-01");
  g_autofree char *left_open = start_assessment (fixture, closed, "2026-11-02");
  g_autoptr(MoniaCaseClocks) clocks = NULL;
  guint n_changed = 0;
  GDate due, started_on;

  {
    /* Closed with its assessment left open (as an older Monia could). */
    g_autoptr(MoniaMutation) close = monia_mutation_new_update ("case", closed);

    monia_mutation_set_string (close, "status", "closed");
    g_assert_true (monia_store_apply_one (fixture->store, close, &error));
    g_assert_no_error (error);
  }
  set_date (&started_on, "2026-10-05");
  g_assert_true (monia_case_record_assessment_started (fixture->store, started_assessment, &started_on, &error));
  g_assert_no_error (error);
  agree_plan (fixture, planned, "2026-06-01", "2027-06-01");

  clocks = monia_case_clocks_new (fixture->store, fixture->calendar);
  g_signal_connect_swapped (clocks, "changed", G_CALLBACK (count_changes), &n_changed);

  /* Monday 2 November pending: the 7th working day after is Wednesday 11th. */
  g_assert_cmpint (clock_of (clocks, fixture, pending, "2026-11-03", &due), ==, MONIA_CLOCK_DECISION);
  assert_date (&due, "2026-11-11");
  /* Started on time: next is completion, 3 months from 1 October. */
  g_assert_cmpint (clock_of (clocks, fixture, started, "2026-11-03", &due), ==, MONIA_CLOCK_COMPLETION);
  assert_date (&due, "2027-01-01");
  g_assert_cmpint (clock_of (clocks, fixture, planned, "2026-11-03", &due), ==, MONIA_CLOCK_PLAN_REVIEW);
  assert_date (&due, "2027-06-01");
  /* A closed case asks nothing more, whatever was left open in it. */
  g_assert_cmpint (clock_of (clocks, fixture, closed, "2026-11-03", NULL), ==, MONIA_CLOCK_NONE);
  g_assert_cmpint (clock_of (clocks, fixture, quiet, "2026-11-03", NULL), ==, MONIA_CLOCK_NONE);

  /* The decision recorded: the case's next day is its completion, and the
   * lists hear of it once, after the commit. */
  set_date (&started_on, "2026-11-10");
  g_assert_true (monia_case_record_assessment_started (fixture->store, pending_assessment, &started_on, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_changed, ==, 1);
  g_assert_cmpint (clock_of (clocks, fixture, pending, "2026-11-12", &due), ==, MONIA_CLOCK_COMPLETION);
  assert_date (&due, "2027-02-02");

  /* A new plan version agreed (a draft, its review day, the agreement: a
   * commit each): only the agreed one's review counts. */
  agree_plan (fixture, planned, "2026-11-12", "2027-03-01");
  g_assert_cmpuint (n_changed, >, 1);
  g_assert_cmpint (clock_of (clocks, fixture, planned, "2026-11-12", &due), ==, MONIA_CLOCK_PLAN_REVIEW);
  assert_date (&due, "2027-03-01");

  /* Records that hold no clock (a professional) change nothing. */
  n_changed = 0;
  {
    g_autoptr(MoniaMutation) m = monia_mutation_new_create ("professional");

    monia_mutation_set_string (m, "name", "Synthetic Worker");
    g_assert_true (monia_store_apply_one (fixture->store, m, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (n_changed, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/case-clock/decision-in-working-days", test_decision_in_working_days);
  g_test_add_func ("/case-clock/months-in-days", test_months_in_days);
  g_test_add_func ("/case-clock/compare", test_compare);
  g_test_add ("/case-clock/store", Fixture, NULL, fixture_set_up, test_store_clocks, fixture_tear_down);

  return g_test_run ();
}
