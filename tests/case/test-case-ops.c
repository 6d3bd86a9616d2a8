/* test-case-ops.c — a case's process: assessment, plan, implementation, closure
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-test"

#include "config.h"

#include <string.h>

#include "monia-case-ops.h"
#include "monia-core.h"
#include "monia-test-util.h"

typedef struct
{
  char          *dir;
  MoniaStore    *store;
  MoniaCalendar *calendar;
  char          *case_id;
  gint64         seen;     /* change-log entries already looked at */
} Fixture;

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
assert_field (MoniaRecord *record,
              const char  *field,
              const char  *expected)
{
  g_assert_cmpstr (monia_record_get_string (record, field), ==, expected);
}

static MoniaRecord *
get (Fixture    *fixture,
     const char *kind,
     const char *id)
{
  g_autoptr(GError) error = NULL;
  MoniaRecord *record = monia_store_get (fixture->store, kind, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (record);
  return record;
}

static char *
make_case (Fixture    *fixture,
           const char *title)
{
  g_autoptr(MoniaMutation) m = monia_mutation_new_create ("case");
  g_autoptr(GError) error = NULL;

  monia_mutation_set_string (m, "title", title);
  monia_mutation_set_string (m, "status", "open");
  monia_mutation_set_string (m, "opened_on", "2026-11-02");
  g_assert_true (monia_store_apply_one (fixture->store, m, &error));
  g_assert_no_error (error);
  return g_strdup (monia_mutation_get_record_id (m));
}

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
  fixture->case_id = make_case (fixture, "Synthetic family");
  fixture->seen = monia_store_count_pending_changes (fixture->store);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->store);
  monia_calendar_unref (fixture->calendar);
  g_free (fixture->case_id);
  monia_test_tmp_dir_remove (fixture->dir);
  g_free (fixture->dir);
}

/* The change log gained exactly the entries named "kind:op" (in order) since
 * it was last looked at; NULL-terminated. */
static void
assert_new_changes (Fixture *fixture,
                    ...)
{
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  gint64 count = monia_store_count_pending_changes (fixture->store);
  va_list args;
  guint i = 0;

  changes = monia_store_get_pending_changes (fixture->store, G_MAXUINT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (changes->len, ==, count);

  va_start (args, fixture);
  for (const char *expected = va_arg (args, const char *);
       expected != NULL;
       expected = va_arg (args, const char *), i++)
    {
      MoniaMutation *m;
      g_autofree char *got = NULL;
      static const char *ops[] = { "create", "update", "delete" };

      g_assert_cmpint (fixture->seen + i, <, count);
      m = g_ptr_array_index (changes, fixture->seen + i);
      got = g_strdup_printf ("%s:%s", monia_mutation_get_kind (m), ops[monia_mutation_get_op (m)]);
      g_assert_cmpstr (got, ==, expected);
    }
  va_end (args);

  g_assert_cmpint (count, ==, fixture->seen + i);
  fixture->seen = count;
}

static void
assert_no_new_changes (Fixture *fixture)
{
  g_assert_cmpint (monia_store_count_pending_changes (fixture->store), ==, fixture->seen);
}

static char *
start_assessment (Fixture    *fixture,
                  const char *kind,
                  const char *pending_iso)
{
  g_autoptr(GError) error = NULL;
  char *id;
  GDate pending;

  set_date (&pending, pending_iso);
  id = monia_case_start_assessment (fixture->store, fixture->calendar, fixture->case_id,
                                    kind, &pending, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

static void
assert_deadlines (Fixture    *fixture,
                  const char *pending,
                  const char *decision_due,
                  const char *completion_due)
{
  g_autofree char *case_id = make_case (fixture, "Deadline case");
  g_autofree char *id = NULL;
  g_autoptr(MoniaRecord) assessment = NULL;
  g_autoptr(GError) error = NULL;
  GDate date;

  set_date (&date, pending);
  id = monia_case_start_assessment (fixture->store, fixture->calendar, case_id,
                                    MONIA_ASSESSMENT_CHILD_WELFARE, &date, &error);
  g_assert_no_error (error);
  assessment = get (fixture, "assessment", id);
  assert_field (assessment, "pending_on", pending);
  assert_field (assessment, "decision_due", decision_due);
  assert_field (assessment, "completion_due", completion_due);
  fixture->seen = monia_store_count_pending_changes (fixture->store);
}

static void
test_assessment_deadlines (Fixture       *fixture,
                           gconstpointer  data)
{
  /* Tuesday, no holidays near: the 7th working day is Thursday next week. */
  assert_deadlines (fixture, "2026-11-24", "2026-12-03", "2027-02-24");
  /* Christmas Eve (a setting, on), Christmas and St Stephen's Day are not
   * counted; New Year's Eve is a working day. */
  assert_deadlines (fixture, "2026-12-18", "2026-12-31", "2027-03-18");
  /* New Year's Day and Epiphany fall in the count. */
  assert_deadlines (fixture, "2026-12-29", "2027-01-11", "2027-03-29");
  /* 30 November + 3 months: 28 February, 29 February in a leap year; the
   * Sunday 28 February 2027 is shown as it is. */
  assert_deadlines (fixture, "2026-11-30", "2026-12-09", "2027-02-28");
  /* …and Independence Day, Monday 6 December 2027, is not a working day. */
  assert_deadlines (fixture, "2027-11-30", "2027-12-10", "2028-02-29");

  /* The caller's settings: Christmas Eve a working day, month ends moved. */
  monia_calendar_set_eves_non_working (fixture->calendar, FALSE);
  monia_calendar_set_month_end_moves (fixture->calendar, TRUE);
  assert_deadlines (fixture, "2026-12-18", "2026-12-30", "2027-03-18");
  assert_deadlines (fixture, "2026-11-30", "2026-12-09", "2027-03-01");
}

static void
test_assessment_flow (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaRecord) assessment = NULL;
  g_autoptr(MoniaRecord) case_record = NULL;
  g_autoptr(GHashTable) sections = NULL;
  g_autofree char *id = NULL;
  g_autofree char *situation = NULL;
  g_autofree char *child = NULL;
  GDate date;

  /* Bad input: nothing is written. */
  set_date (&date, "2026-11-24");
  g_assert_null (monia_case_start_assessment (fixture->store, fixture->calendar, fixture->case_id,
                                              "guesswork", &date, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_assert_cmpstr (monia_error_get_field (error), ==, "kind");
  g_clear_error (&error);
  g_assert_null (monia_case_start_assessment (fixture->store, fixture->calendar, fixture->case_id,
                                              MONIA_ASSESSMENT_SOCIAL_WELFARE, NULL, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_assert_cmpstr (monia_error_get_field (error), ==, "pending_on");
  g_clear_error (&error);
  /* A typo in the year: no deadline can be counted from it. */
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 24, 11, 1026);
  g_assert_null (monia_case_start_assessment (fixture->store, fixture->calendar, fixture->case_id,
                                              MONIA_ASSESSMENT_SOCIAL_WELFARE, &date, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_OUT_OF_RANGE);
  g_assert_cmpstr (monia_error_get_field (error), ==, "pending_on");
  g_clear_error (&error);
  assert_no_new_changes (fixture);

  id = start_assessment (fixture, MONIA_ASSESSMENT_SOCIAL_WELFARE, "2026-11-24");
  assert_new_changes (fixture, "assessment:create", "case:update", NULL);
  case_record = get (fixture, "case", fixture->case_id);
  assert_field (case_record, "status", "assessment");
  g_clear_object (&case_record);

  /* One assessment at a time. */
  g_assert_null (monia_case_start_assessment (fixture->store, fixture->calendar, fixture->case_id,
                                              MONIA_ASSESSMENT_SOCIAL_WELFARE, &date, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* Completing needs the decision to start first, and a conclusion. */
  set_date (&date, "2027-01-20");
  g_assert_false (monia_case_complete_assessment (fixture->store, id, &date, "Family work", NULL, NULL, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_assert_cmpstr (monia_error_get_field (error), ==, "started_on");
  g_clear_error (&error);

  set_date (&date, "2026-11-20");
  g_assert_false (monia_case_record_assessment_started (fixture->store, id, &date, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_assert_cmpstr (monia_error_get_field (error), ==, "started_on");
  g_clear_error (&error);
  assert_no_new_changes (fixture);

  set_date (&date, "2026-12-01");
  g_assert_true (monia_case_record_assessment_started (fixture->store, id, &date, &error));
  g_assert_no_error (error);
  assert_new_changes (fixture, "assessment:update", NULL);

  g_assert_true (monia_case_set_assessment_section (fixture->store, id, "situation", "  Moved in spring.  ", &error));
  g_assert_no_error (error);
  g_assert_true (monia_case_set_assessment_text (fixture->store, id, "client_view", "We want help.", &error));
  g_assert_no_error (error);
  assert_new_changes (fixture, "assessment:update", "assessment:update", NULL);

  set_date (&date, "2027-01-20");
  g_assert_false (monia_case_complete_assessment (fixture->store, id, &date, "   ", NULL, NULL, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_assert_cmpstr (monia_error_get_field (error), ==, "conclusion");
  g_clear_error (&error);
  assert_no_new_changes (fixture);

  sections = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (sections, (gpointer) "child", (gpointer) "Tired at school.");
  g_assert_true (monia_case_complete_assessment (fixture->store, id, &date,
                                                 "Needs family work.", NULL, sections, &error));
  g_assert_no_error (error);
  assert_new_changes (fixture, "assessment:update", "case:update", NULL);

  assessment = get (fixture, "assessment", id);
  assert_field (assessment, "completed_on", "2027-01-20");
  assert_field (assessment, "started_on", "2026-12-01");
  assert_field (assessment, "conclusion", "Needs family work.");
  assert_field (assessment, "client_view", "We want help.");
  situation = monia_assessment_dup_section (assessment, "situation");
  child = monia_assessment_dup_section (assessment, "child");
  g_assert_cmpstr (situation, ==, "Moved in spring.");
  g_assert_cmpstr (child, ==, "Tired at school.");
  g_assert_true (g_str_has_prefix (monia_record_get_string (assessment, "sections"), "{"));
  case_record = get (fixture, "case", fixture->case_id);
  assert_field (case_record, "status", "planning");

  /* A completed assessment stays as it is. */
  g_assert_false (monia_case_set_assessment_text (fixture->store, id, "conclusion", "Other", &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_READ_ONLY);
  g_clear_error (&error);
  assert_no_new_changes (fixture);
}

static void
test_assessment_status (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaRecord) assessment = NULL;
  g_autofree char *id = start_assessment (fixture, MONIA_ASSESSMENT_CHILD_WELFARE, "2026-11-24");
  MoniaAssessmentStatus status;
  GDate today;

  assessment = get (fixture, "assessment", id);

  /* Thursday after: 7 days, 5 working days to Thursday 3 December. */
  set_date (&today, "2026-11-26");
  g_assert_true (monia_assessment_get_status (assessment, fixture->calendar, &today, &status, &error));
  g_assert_no_error (error);
  g_assert_true (status.decision.valid);
  g_assert_false (status.decision.met);
  g_assert_false (status.decision.late);
  g_assert_cmpint (status.decision.days_left, ==, 7);
  g_assert_cmpint (status.decision.working_days_left, ==, 5);
  g_assert_cmpint (status.completion.days_left, ==, 90);
  g_assert_false (status.completion.late);

  /* Monday 7 December: 4 days, 2 working days late (Friday and Monday). */
  set_date (&today, "2026-12-07");
  g_assert_true (monia_assessment_get_status (assessment, fixture->calendar, &today, &status, &error));
  g_assert_true (status.decision.late);
  g_assert_cmpint (status.decision.days_late, ==, 4);
  g_assert_cmpint (status.decision.working_days_late, ==, 2);
  g_assert_cmpint (status.decision.days_left, ==, -4);

  /* Decided on Friday 4 December: met, one day late. */
  set_date (&today, "2026-12-04");
  g_assert_true (monia_case_record_assessment_started (fixture->store, id, &today, &error));
  g_assert_no_error (error);
  g_clear_object (&assessment);
  assessment = get (fixture, "assessment", id);
  set_date (&today, "2027-03-01");
  g_assert_true (monia_assessment_get_status (assessment, fixture->calendar, &today, &status, &error));
  g_assert_true (status.decision.met);
  g_assert_true (status.decision.late);
  g_assert_cmpint (status.decision.days_late, ==, 1);
  g_assert_cmpint (status.decision.working_days_late, ==, 1);
  /* Not completed by Monday 1 March: 5 days past 24 February. */
  g_assert_false (status.completion.met);
  g_assert_true (status.completion.late);
  g_assert_cmpint (status.completion.days_late, ==, 5);
  g_assert_cmpint (status.completion.working_days_late, ==, 3);
}

static char *
add_goal (Fixture    *fixture,
          const char *plan_id,
          const char *text,
          const char *words)
{
  g_autoptr(GError) error = NULL;
  char *id = monia_case_add_goal (fixture->store, plan_id, text, words, "Attendance report", &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

static char *
add_measure (Fixture    *fixture,
             const char *plan_id,
             const char *text,
             const char *goal_id)
{
  g_autoptr(GError) error = NULL;
  MoniaMeasureSpec spec;
  char *id;

  monia_measure_spec_init (&spec);
  spec.text = text;
  spec.goal_id = goal_id;
  set_date (&spec.starts_on, "2027-02-01");
  set_date (&spec.ends_on, "2027-06-30");
  id = monia_case_add_measure (fixture->store, plan_id, &spec, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

static void
assert_records_equal (MoniaRecord *a,
                      MoniaRecord *b)
{
  const MoniaKind *kind = monia_record_get_kind (a);

  g_assert_cmpint (monia_record_get_rev (a), ==, monia_record_get_rev (b));
  for (guint i = 0; i < kind->n_fields; i++)
    {
      GVariant *va = monia_record_get (a, kind->fields[i].name);
      GVariant *vb = monia_record_get (b, kind->fields[i].name);

      g_assert_true ((va == NULL) == (vb == NULL));
      if (va != NULL)
        g_assert_true (g_variant_equal (va, vb));
    }
}

static void
test_plan_versions (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaRecord) v1_agreed = NULL;
  g_autoptr(MoniaRecord) v1_after = NULL;
  g_autoptr(MoniaRecord) v2 = NULL;
  g_autoptr(MoniaRecord) case_record = NULL;
  g_autoptr(GPtrArray) v2_goals = NULL;
  g_autoptr(GPtrArray) v2_measures = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autofree char *assessment = start_assessment (fixture, MONIA_ASSESSMENT_CHILD_WELFARE, "2026-11-24");
  g_autofree char *v1 = NULL;
  g_autofree char *v2_id = NULL;
  g_autofree char *goal1 = NULL;
  g_autofree char *goal2 = NULL;
  g_autofree char *m1 = NULL;
  g_autofree char *m2 = NULL;
  g_autofree char *m3 = NULL;
  GDate date;

  fixture->seen = monia_store_count_pending_changes (fixture->store);

  v1 = monia_case_create_plan_draft (fixture->store, fixture->case_id, &error);
  g_assert_no_error (error);
  assert_new_changes (fixture, "plan:create", "case:update", NULL);
  v2 = get (fixture, "plan", v1);
  g_assert_cmpint (monia_record_get_int (v2, "version", 0), ==, 1);
  assert_field (v2, "status", "draft");
  g_clear_object (&v2);

  /* One draft at a time; an empty plan is not agreed. */
  g_assert_null (monia_case_create_plan_draft (fixture->store, fixture->case_id, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_assert_null (monia_error_get_field (error));
  g_clear_error (&error);
  set_date (&date, "2027-01-25");
  g_assert_false (monia_case_agree_plan (fixture->store, fixture->calendar, v1, &date, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_assert_cmpstr (monia_error_get_field (error), ==, "goals");
  g_clear_error (&error);
  g_assert_null (monia_case_add_goal (fixture->store, v1, "  ", NULL, NULL, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  assert_no_new_changes (fixture);

  g_assert_true (monia_case_set_plan_text (fixture->store, v1, "client_commitments", "We keep the mornings calm.", &error));
  g_assert_no_error (error);
  goal1 = add_goal (fixture, v1, "Regular school attendance", "I want to go to school every day");
  goal2 = add_goal (fixture, v1, "Calmer evenings", NULL);
  m1 = add_measure (fixture, v1, "Family work twice a week", goal1);
  m2 = add_measure (fixture, v1, "School curator meetings", goal1);
  m3 = add_measure (fixture, v1, "Parenting group", goal2);
  assert_new_changes (fixture, "plan:update", "goal:create", "goal:create",
                      "measure:create", "measure:create", "measure:create", NULL);

  {
    MoniaMeasureSpec spec;

    monia_measure_spec_init (&spec);
    spec.text = "Backwards";
    set_date (&spec.starts_on, "2027-03-01");
    set_date (&spec.ends_on, "2027-02-01");
    g_assert_null (monia_case_add_measure (fixture->store, v1, &spec, &error));
    g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
    g_clear_error (&error);
    g_date_clear (&spec.ends_on, 1);
    spec.status = "forgotten";
    g_assert_null (monia_case_add_measure (fixture->store, v1, &spec, &error));
    g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
    g_clear_error (&error);
    assert_no_new_changes (fixture);
  }

  /* Agree v1: child welfare, so reviewed a year later. */
  g_assert_true (monia_case_agree_plan (fixture->store, fixture->calendar, v1, &date, &error));
  g_assert_no_error (error);
  assert_new_changes (fixture, "plan:update", "case:update", NULL);
  v1_agreed = get (fixture, "plan", v1);
  assert_field (v1_agreed, "status", "agreed");
  assert_field (v1_agreed, "agreed_on", "2027-01-25");
  assert_field (v1_agreed, "review_on", "2028-01-25");
  case_record = get (fixture, "case", fixture->case_id);
  assert_field (case_record, "status", "implementation");
  g_clear_object (&case_record);

  /* An agreed plan's texts and goals stay; its review day may move. */
  g_assert_false (monia_case_set_plan_text (fixture->store, v1, "needs", "More", &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_null (monia_case_add_goal (fixture->store, v1, "Another", NULL, NULL, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_READ_ONLY);
  g_clear_error (&error);
  assert_no_new_changes (fixture);
  set_date (&date, "2027-07-01");
  g_assert_true (monia_case_set_plan_review_on (fixture->store, v1, &date, &error));
  g_assert_no_error (error);
  g_assert_true (monia_case_set_measure_status (fixture->store, m1, "ongoing", &error));
  g_assert_no_error (error);
  assert_new_changes (fixture, "plan:update", "measure:update", NULL);
  g_clear_object (&v1_agreed);
  v1_agreed = get (fixture, "plan", v1);

  /* Draft v2: the goals and measures copied as new records. */
  v2_id = monia_case_create_plan_draft (fixture->store, fixture->case_id, &error);
  g_assert_no_error (error);
  assert_new_changes (fixture, "plan:create", "goal:create", "goal:create",
                      "measure:create", "measure:create", "measure:create", "case:update", NULL);
  v2 = get (fixture, "plan", v2_id);
  g_assert_cmpint (monia_record_get_int (v2, "version", 0), ==, 2);
  assert_field (v2, "status", "draft");
  assert_field (v2, "client_commitments", "We keep the mornings calm.");
  g_assert_null (monia_record_get_string (v2, "review_on"));
  case_record = get (fixture, "case", fixture->case_id);
  assert_field (case_record, "status", "review");
  g_clear_object (&case_record);

  v2_goals = monia_plan_list_goals (fixture->store, v2_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (v2_goals->len, ==, 2);
  assert_field (g_ptr_array_index (v2_goals, 0), "text", "Regular school attendance");
  assert_field (g_ptr_array_index (v2_goals, 0), "client_words", "I want to go to school every day");
  assert_field (g_ptr_array_index (v2_goals, 1), "text", "Calmer evenings");
  g_assert_cmpstr (monia_record_get_id (g_ptr_array_index (v2_goals, 0)), !=, goal1);
  v2_measures = monia_plan_list_measures (fixture->store, v2_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (v2_measures->len, ==, 3);
  assert_field (g_ptr_array_index (v2_measures, 0), "text", "Family work twice a week");
  assert_field (g_ptr_array_index (v2_measures, 0), "status", "ongoing");
  assert_field (g_ptr_array_index (v2_measures, 0), "starts_on", "2027-02-01");
  /* …pointing at the copied goals, not the old ones. */
  assert_field (g_ptr_array_index (v2_measures, 0), "goal_id",
                monia_record_get_id (g_ptr_array_index (v2_goals, 0)));
  assert_field (g_ptr_array_index (v2_measures, 2), "goal_id",
                monia_record_get_id (g_ptr_array_index (v2_goals, 1)));

  /* Agree v2: v1 superseded and otherwise as it was. */
  g_assert_true (monia_case_set_plan_text (fixture->store, v2_id, "differing_views", "The father sees no need.", &error));
  g_assert_no_error (error);
  set_date (&date, "2027-07-01");
  g_assert_true (monia_case_agree_plan (fixture->store, fixture->calendar, v2_id, &date, &error));
  g_assert_no_error (error);
  assert_new_changes (fixture, "plan:update", "plan:update", "plan:update", "case:update", NULL);

  v1_after = get (fixture, "plan", v1);
  assert_field (v1_after, "status", "superseded");
  g_assert_cmpint (monia_record_get_rev (v1_after), ==, monia_record_get_rev (v1_agreed) + 1);
  {
    const MoniaKind *kind = monia_record_get_kind (v1_after);

    for (guint i = 0; i < kind->n_fields; i++)
      if (!g_str_equal (kind->fields[i].name, "status"))
        {
          GVariant *before = monia_record_get (v1_agreed, kind->fields[i].name);
          GVariant *after = monia_record_get (v1_after, kind->fields[i].name);

          g_assert_true ((before == NULL) == (after == NULL));
          g_assert_true (before == NULL || g_variant_equal (before, after));
        }
  }
  /* v1's goals are untouched. */
  {
    g_autoptr(MoniaRecord) goal_now = get (fixture, "goal", goal1);
    g_autoptr(GPtrArray) v1_goals = monia_plan_list_goals (fixture->store, v1, &error);

    g_assert_cmpuint (v1_goals->len, ==, 2);
    assert_records_equal (goal_now, g_ptr_array_index (v1_goals, 0));
    g_assert_cmpint (monia_record_get_rev (goal_now), ==, 1);
  }

  g_clear_object (&v2);
  v2 = get (fixture, "plan", v2_id);
  assert_field (v2, "status", "agreed");
  assert_field (v2, "review_on", "2028-07-01");
  plans = monia_case_list_plans (fixture->store, fixture->case_id, &error);
  g_assert_cmpuint (plans->len, ==, 2);
  g_assert_cmpstr (monia_record_get_id (g_ptr_array_index (plans, 1)), ==, v2_id);

  /* A superseded plan's review day stays too. */
  g_assert_false (monia_case_set_plan_review_on (fixture->store, v1, &date, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_READ_ONLY);
  g_clear_error (&error);
  assert_no_new_changes (fixture);
}

static void
test_plan_review_default (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaRecord) plan = NULL;
  g_autofree char *assessment = start_assessment (fixture, MONIA_ASSESSMENT_SOCIAL_WELFARE, "2026-11-24");
  g_autofree char *plan_id = monia_case_create_plan_draft (fixture->store, fixture->case_id, &error);
  g_autofree char *goal = NULL;
  GDate date;

  g_assert_no_error (error);
  goal = add_goal (fixture, plan_id, "Work", NULL);

  /* Not a child welfare plan: the review day is what the plan says. */
  set_date (&date, "2027-01-25");
  g_assert_true (monia_case_agree_plan (fixture->store, fixture->calendar, plan_id, &date, &error));
  g_assert_no_error (error);
  plan = get (fixture, "plan", plan_id);
  g_assert_null (monia_record_get_string (plan, "review_on"));

  /* Not before the agreement. */
  set_date (&date, "2027-01-24");
  g_assert_false (monia_case_set_plan_review_on (fixture->store, plan_id, &date, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_assert_cmpstr (monia_error_get_field (error), ==, "review_on");
}

static void
test_events_and_ratings (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) at = g_date_time_new_utc (2027, 2, 3, 10, 30, 0);
  g_autoptr(MoniaRecord) event = NULL;
  g_autoptr(MoniaRecord) rating = NULL;
  g_autoptr(MoniaRecord) case_record = NULL;
  g_autoptr(MoniaMutation) update = NULL;
  g_autofree char *plan_id = NULL;
  g_autofree char *goal = NULL;
  g_autofree char *measure = NULL;
  g_autofree char *event_id = NULL;
  g_autofree char *rating_id = NULL;
  g_autofree char *other_case = make_case (fixture, "Other family");
  g_autofree char *other_event = NULL;
  GDate date;

  plan_id = monia_case_create_plan_draft (fixture->store, fixture->case_id, &error);
  g_assert_no_error (error);
  goal = add_goal (fixture, plan_id, "School", "Go to school");
  measure = add_measure (fixture, plan_id, "Family work", goal);
  set_date (&date, "2027-01-25");
  g_assert_true (monia_case_agree_plan (fixture->store, fixture->calendar, plan_id, &date, &error));
  g_assert_no_error (error);
  fixture->seen = monia_store_count_pending_changes (fixture->store);

  /* Bad input. */
  g_assert_null (monia_case_record_event (fixture->store, fixture->case_id, "party", at, "x", NULL, NULL, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_null (monia_case_record_event (fixture->store, fixture->case_id, "note", at, "  ", NULL, NULL, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_null (monia_case_record_event (fixture->store, fixture->case_id, "call", NULL, "x", NULL, NULL, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  /* A goal of this case cannot be linked from another case's event. */
  g_assert_null (monia_case_record_event (fixture->store, other_case, "call", at, "x", goal, NULL, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  assert_no_new_changes (fixture);

  event_id = monia_case_record_event (fixture->store, fixture->case_id, "meeting", at,
                                      "Met the family at school.", goal, measure, &error);
  g_assert_no_error (error);
  assert_new_changes (fixture, "event:create", NULL);
  event = get (fixture, "event", event_id);
  assert_field (event, "kind", "meeting");
  assert_field (event, "goal_id", goal);
  assert_field (event, "measure_id", measure);
  g_assert_cmpint (monia_record_get_int (event, "occurred_at", 0), ==, g_date_time_to_unix (at));

  /* Append-only: an update is refused and nothing changes. */
  update = monia_mutation_new_update ("event", event_id);
  monia_mutation_set_string (update, "text", "Rewritten");
  g_assert_false (monia_store_apply_one (fixture->store, update, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_READ_ONLY);
  g_clear_error (&error);
  assert_no_new_changes (fixture);
  g_clear_object (&event);
  event = get (fixture, "event", event_id);
  assert_field (event, "text", "Met the family at school.");

  /* Ratings 0–10. */
  set_date (&date, "2027-04-01");
  g_assert_null (monia_case_rate_goal (fixture->store, goal, 11, NULL, &date, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_null (monia_case_rate_goal (fixture->store, goal, -1, NULL, &date, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  assert_no_new_changes (fixture);

  rating_id = monia_case_rate_goal (fixture->store, goal, 7, "Most days now", &date, &error);
  g_assert_no_error (error);
  assert_new_changes (fixture, "goal_rating:create", "case:update", NULL);
  rating = get (fixture, "goal_rating", rating_id);
  g_assert_cmpint (monia_record_get_int (rating, "rating", -1), ==, 7);
  assert_field (rating, "rated_on", "2027-04-01");
  assert_field (rating, "case_id", fixture->case_id);
  case_record = get (fixture, "case", fixture->case_id);
  assert_field (case_record, "status", "review");

  /* The second rating is a new record; the first stays. */
  g_free (other_event);
  other_event = monia_case_rate_goal (fixture->store, goal, 9, NULL, &date, &error);
  g_assert_no_error (error);
  assert_new_changes (fixture, "goal_rating:create", NULL);
  g_assert_cmpstr (other_event, !=, rating_id);
}

static void
test_close (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaRecord) case_record = NULL;
  g_autoptr(GPtrArray) feedback = NULL;
  g_autoptr(GDateTime) at = g_date_time_new_utc (2027, 2, 3, 10, 30, 0);
  g_autofree char *second = make_case (fixture, "Second family");
  GDate date;

  set_date (&date, "2027-06-30");
  fixture->seen = monia_store_count_pending_changes (fixture->store);

  g_assert_false (monia_case_close (fixture->store, fixture->case_id, &date, "Goals reached", "yes", 11, NULL, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_assert_cmpstr (monia_error_get_field (error), ==, "recommend");
  g_clear_error (&error);
  g_assert_false (monia_case_close (fixture->store, fixture->case_id, &date, "Goals reached", "maybe", 8, NULL, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_assert_cmpstr (monia_error_get_field (error), ==, "got_help");
  g_clear_error (&error);
  g_assert_false (monia_case_close (fixture->store, fixture->case_id, &date, " ", "yes", 8, NULL, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_assert_cmpstr (monia_error_get_field (error), ==, "closure_reason");
  g_clear_error (&error);
  set_date (&date, "2026-10-01");
  g_assert_false (monia_case_close (fixture->store, fixture->case_id, &date, "Goals reached", "yes", 8, NULL, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_assert_cmpstr (monia_error_get_field (error), ==, "closed_on");
  g_clear_error (&error);
  assert_no_new_changes (fixture);
  case_record = get (fixture, "case", fixture->case_id);
  assert_field (case_record, "status", "open");
  g_clear_object (&case_record);

  set_date (&date, "2027-06-30");
  g_assert_true (monia_case_close (fixture->store, fixture->case_id, &date, "Goals reached", "partly", 10,
                                   "Thank you", &error));
  g_assert_no_error (error);
  assert_new_changes (fixture, "case:update", "feedback:create", NULL);
  case_record = get (fixture, "case", fixture->case_id);
  assert_field (case_record, "status", "closed");
  assert_field (case_record, "closed_on", "2027-06-30");
  assert_field (case_record, "closure_reason", "Goals reached");
  feedback = monia_store_find (fixture->store, "feedback", "case_id", fixture->case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (feedback->len, ==, 1);
  assert_field (g_ptr_array_index (feedback, 0), "got_help", "partly");
  g_assert_cmpint (monia_record_get_int (g_ptr_array_index (feedback, 0), "recommend", -1), ==, 10);
  assert_field (g_ptr_array_index (feedback, 0), "given_on", "2027-06-30");

  /* A closed case takes nothing more. */
  g_assert_null (monia_case_record_event (fixture->store, fixture->case_id, "call", at, "x", NULL, NULL, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (monia_case_close (fixture->store, fixture->case_id, &date, "Again", NULL, -1, NULL, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_READ_ONLY);
  g_clear_error (&error);
  assert_no_new_changes (fixture);

  /* Without feedback: only the case changes. */
  g_assert_true (monia_case_close (fixture->store, second, &date, "Moved away", NULL, -1, "  ", &error));
  g_assert_no_error (error);
  assert_new_changes (fixture, "case:update", NULL);
}

static void
test_labels (void)
{
  g_assert_cmpstr (monia_event_kind_to_label ("home_visit"), ==, "Home Visit");
  g_assert_cmpstr (monia_measure_status_to_label ("ongoing"), ==, "Ongoing");
  g_assert_cmpstr (monia_plan_status_to_label ("superseded"), ==, "Superseded");
  g_assert_cmpstr (monia_got_help_to_label ("partly"), ==, "Partly");
  /* Values from a newer Monia are shown as they are. */
  g_assert_cmpstr (monia_event_kind_to_label ("video_call"), ==, "video_call");
  g_assert_cmpuint (g_strv_length ((char **) monia_assessment_section_names ()), ==, 5);
  g_assert_cmpstr (monia_assessment_section_title ("situation"), ==, "Family’s situation");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/case/assessment/deadlines", test_assessment_deadlines);
  ADD ("/case/assessment/flow", test_assessment_flow);
  ADD ("/case/assessment/status", test_assessment_status);
  ADD ("/case/plan/versions", test_plan_versions);
  ADD ("/case/plan/review-default", test_plan_review_default);
  ADD ("/case/implementation/events-and-ratings", test_events_and_ratings);
  ADD ("/case/closure", test_close);
  g_test_add_func ("/case/labels", test_labels);

  return g_test_run ();
}
