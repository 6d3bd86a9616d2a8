/* test-intake.c — help requests: promises, triage outcomes, countdowns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-test"

#include "config.h"

#include <string.h>

#include "monia-core.h"
#include "monia-intake.h"
#include "monia-test-util.h"

/* Finnish winter time, fixed, so the tests do not depend on tzdata or on
 * the machine's zone. */
#define TZ_OFFSET (2 * 3600)

typedef struct
{
  char        *dir;
  MoniaStore  *store;
  MoniaIntake *intake;
  GTimeZone   *tz;
  char        *author;
  guint        n_committed;
  GPtrArray   *changed_kinds;
} Fixture;

static void
on_committed (Fixture *fixture)
{
  fixture->n_committed++;
}

static void
on_record_changed (MoniaStore *store,
                   const char *kind,
                   const char *id,
                   Fixture    *fixture)
{
  g_ptr_array_add (fixture->changed_kinds, g_strdup (kind));
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

  fixture->author = monia_id_new ();
  monia_store_set_author (fixture->store, fixture->author);

  fixture->tz = g_time_zone_new_offset (TZ_OFFSET);
  fixture->intake = monia_intake_new (fixture->store, NULL);
  monia_intake_set_time_zone (fixture->intake, fixture->tz);

  fixture->changed_kinds = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect_swapped (fixture->store, "committed", G_CALLBACK (on_committed), fixture);
  g_signal_connect (fixture->store, "record-changed", G_CALLBACK (on_record_changed), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->intake);
  g_assert_finalize_object (fixture->store);
  g_time_zone_unref (fixture->tz);
  g_ptr_array_unref (fixture->changed_kinds);
  monia_test_tmp_dir_remove (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->author);
}

static void
reset_counts (Fixture *fixture)
{
  fixture->n_committed = 0;
  g_ptr_array_set_size (fixture->changed_kinds, 0);
}

static guint
count_changed (Fixture    *fixture,
               const char *kind)
{
  guint n = 0;

  for (guint i = 0; i < fixture->changed_kinds->len; i++)
    if (g_str_equal (g_ptr_array_index (fixture->changed_kinds, i), kind))
      n++;
  return n;
}

static GDateTime *
at (Fixture *fixture,
    int      year,
    int      month,
    int      day,
    int      hour,
    int      minute)
{
  return g_date_time_new (fixture->tz, year, month, day, hour, minute, 0);
}

static gint64
unix_at (Fixture *fixture,
         int      year,
         int      month,
         int      day,
         int      hour)
{
  g_autoptr(GDateTime) t = at (fixture, year, month, day, hour, 0);

  return g_date_time_to_unix (t);
}

static char *
register_request (Fixture    *fixture,
                  const char *channel,
                  GDateTime  *received,
                  const char *name,
                  const char *topic)
{
  g_autoptr(GError) error = NULL;
  MoniaIntakeRequest request = {
    .channel = channel,
    .received_at = received,
    .contact_name = name,
    .contact_phone = name != NULL ? "000 900 1234" : NULL,
    .topic = topic,
    .message = "Synthetic message for a test.",
  };
  char *id = monia_intake_register (fixture->intake, &request, &error);

  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (id));
  return id;
}

static MoniaRecord *
get_record (Fixture    *fixture,
            const char *kind,
            const char *id)
{
  g_autoptr(GError) error = NULL;
  MoniaRecord *record = monia_store_get (fixture->store, kind, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (record);
  return record;
}

static void
assert_date (MoniaRecord *record,
             const char  *field,
             const char  *expected)
{
  g_assert_cmpstr (monia_record_get_string (record, field), ==, expected);
}

/* Easter 2026: Good Friday 3.4., Easter Monday 6.4. */
static void
test_due_per_channel (Fixture       *fixture,
                      gconstpointer  data)
{
  static const struct {
    const char *channel;
    int         day, month, hour;   /* received, 2026 */
    int         due_day, due_month; /* the midnight starting this day */
  } cases[] = {
    /* Thu before Easter: Tue 7.4 (1), Wed 8.4 (2), Thu 9.4 (3). */
    { MONIA_CHANNEL_WEB, 2, 4, 10, 10, 4 },
    /* Next working day after Easter. */
    { MONIA_CHANNEL_CALLBACK, 2, 4, 15, 8, 4 },
    /* Friday evening: over the weekend to Monday. */
    { MONIA_CHANNEL_CONSULTATION, 27, 3, 18, 31, 3 },
    { MONIA_CHANNEL_PHONE, 28, 3, 11, 31, 3 },
    /* Tue 24.3: the 7th working day is Thu 2.4. */
    { MONIA_CHANNEL_NOTIFICATION, 24, 3, 9, 3, 4 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) received = at (fixture, 2026, cases[i].month, cases[i].day, cases[i].hour, 30);
      g_autofree char *id = register_request (fixture, cases[i].channel, received, "Testi Testinen", "Synthetic topic");
      g_autoptr(MoniaRecord) request = get_record (fixture, "help_request", id);

      g_test_message ("channel %s", cases[i].channel);
      g_assert_cmpstr (monia_record_get_string (request, "channel"), ==, cases[i].channel);
      g_assert_cmpint (monia_record_get_int (request, "received_at", 0), ==, g_date_time_to_unix (received));
      g_assert_cmpint (monia_record_get_int (request, "due_at", 0), ==,
                       unix_at (fixture, 2026, cases[i].due_month, cases[i].due_day, 0));
      g_assert_cmpint (monia_intake_get_due_at (fixture->intake, request), ==,
                       unix_at (fixture, 2026, cases[i].due_month, cases[i].due_day, 0));
      g_assert_cmpint (monia_record_get_int (request, "promise_working_days", 0), ==,
                       monia_intake_get_promise (fixture->intake, cases[i].channel));
      g_assert_null (monia_record_get_string (request, "outcome"));
    }

  g_assert_cmpuint (monia_intake_get_promise (fixture->intake, MONIA_CHANNEL_WEB), ==, 3);
  g_assert_cmpuint (monia_intake_get_promise (fixture->intake, MONIA_CHANNEL_CALLBACK), ==, 1);
  g_assert_cmpuint (monia_intake_get_promise (fixture->intake, MONIA_CHANNEL_NOTIFICATION), ==, 7);

  /* The open list has them all, the one due first on top. */
  {
    g_autoptr(GListModel) open = monia_store_list_open_help_requests (fixture->store);
    g_autoptr(MoniaRecord) first = NULL;

    g_assert_cmpuint (g_list_model_get_n_items (open), ==, G_N_ELEMENTS (cases));
    first = g_list_model_get_item (open, 0);
    g_assert_cmpint (monia_record_get_int (first, "due_at", 0), ==, unix_at (fixture, 2026, 3, 31, 0));
  }

  /* A region's own promise: the "Ask for help" button within 1 working day. */
  monia_intake_set_promise (fixture->intake, MONIA_CHANNEL_WEB, 1);
  {
    g_autoptr(GDateTime) received = at (fixture, 2026, 4, 2, 10, 0);
    g_autofree char *id = register_request (fixture, MONIA_CHANNEL_WEB, received, "Testi", "Sleep");
    g_autoptr(MoniaRecord) request = get_record (fixture, "help_request", id);

    g_assert_cmpint (monia_record_get_int (request, "due_at", 0), ==, unix_at (fixture, 2026, 4, 8, 0));
  }
}

static void
test_due_without_stored_due_at (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaMutation) m = monia_mutation_new_create ("help_request");
  g_autoptr(MoniaRecord) request = NULL;

  /* As older data and the demo leave notifications: no due_at stored. */
  monia_mutation_set_string (m, "channel", MONIA_CHANNEL_NOTIFICATION);
  monia_mutation_set_int (m, "received_at", unix_at (fixture, 2026, 4, 2, 9));
  monia_store_apply_one (fixture->store, m, &error);
  g_assert_no_error (error);

  request = get_record (fixture, "help_request", monia_mutation_get_record_id (m));
  g_assert_null (monia_record_get (request, "due_at"));
  /* 7th working day after Thu 2.4.2026 over Easter: Wed 15.4. */
  g_assert_cmpint (monia_intake_get_due_at (fixture->intake, request), ==, unix_at (fixture, 2026, 4, 16, 0));
}

static void
check_countdown (Fixture    *fixture,
                 gint64      due_at,
                 GDateTime  *now,
                 gboolean    overdue,
                 gint        working_days,
                 gint        hours,
                 const char *text)
{
  MoniaCountdown countdown = { 0 };
  g_autofree char *formatted = NULL;

  monia_intake_get_countdown (fixture->intake, due_at, now, &countdown);
  formatted = monia_countdown_format (&countdown);
  g_assert_cmpint (countdown.overdue, ==, overdue);
  g_assert_cmpint (countdown.working_days, ==, working_days);
  g_assert_cmpint (countdown.hours, ==, hours);
  g_assert_cmpstr (formatted, ==, text);
}

static void
test_countdown (Fixture       *fixture,
                gconstpointer  data)
{
  /* Due at the end of Thu 9.4.2026. */
  gint64 due = unix_at (fixture, 2026, 4, 10, 0);
  /* Due at the end of Fri 10.4.2026. */
  gint64 due_friday = unix_at (fixture, 2026, 4, 11, 0);
  g_autoptr(GDateTime) thursday_before = at (fixture, 2026, 4, 2, 12, 0);
  g_autoptr(GDateTime) good_friday = at (fixture, 2026, 4, 3, 12, 0);
  g_autoptr(GDateTime) wednesday = at (fixture, 2026, 4, 8, 16, 0);
  g_autoptr(GDateTime) evening = at (fixture, 2026, 4, 9, 21, 0);
  g_autoptr(GDateTime) next_morning = at (fixture, 2026, 4, 10, 9, 0);
  g_autoptr(GDateTime) saturday = at (fixture, 2026, 4, 11, 5, 0);
  g_autoptr(GDateTime) tuesday = at (fixture, 2026, 4, 14, 10, 0);

  /* Good Friday and Easter Monday are not counted. */
  check_countdown (fixture, due, thursday_before, FALSE, 3, 180, "3 working days left");
  check_countdown (fixture, due, good_friday, FALSE, 3, 156, "3 working days left");
  check_countdown (fixture, due, wednesday, FALSE, 1, 32, "1 working day left");
  check_countdown (fixture, due, evening, FALSE, 0, 3, "Due in 3 hours");
  check_countdown (fixture, due, next_morning, TRUE, -1, -9, "Overdue by 1 working day");
  /* Fri 10.4, Mon 13.4, Tue 14.4. */
  check_countdown (fixture, due, tuesday, TRUE, -3, -106, "Overdue by 3 working days");
  /* Late over a weekend: no working day has passed yet, only hours. */
  check_countdown (fixture, due_friday, saturday, TRUE, 0, -5, "Overdue by 5 hours");
  /* The very moment it falls due it is overdue, and the next working day
   * has begun. */
  {
    g_autoptr(GDateTime) midnight = at (fixture, 2026, 4, 10, 0, 0);

    check_countdown (fixture, due, midnight, TRUE, -1, -1, "Overdue by 1 working day");
  }
}

static char *
add_service (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaMutation) m = monia_mutation_new_create ("service");

  monia_mutation_set_string (m, "name", "Synthetic family club");
  monia_mutation_set_string (m, "sector", "third_sector");
  monia_store_apply_one (fixture->store, m, &error);
  g_assert_no_error (error);
  return g_strdup (monia_mutation_get_record_id (m));
}

static guint
count_open (Fixture *fixture)
{
  g_autoptr(GListModel) open = monia_store_list_open_help_requests (fixture->store);

  return g_list_model_get_n_items (open);
}

static void
assert_closed (Fixture     *fixture,
               MoniaRecord *request,
               const char  *outcome)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_cmpstr (monia_record_get_string (request, "outcome"), ==, outcome);
  g_assert_cmpstr (monia_record_get_string (request, "outcome_by"), ==, fixture->author);
  g_assert_cmpint (monia_record_get_int (request, "outcome_at", 0), <=, now);
  g_assert_cmpint (monia_record_get_int (request, "outcome_at", 0), >=, now - 60);
}

static void
test_triage_advice_and_service (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) received = at (fixture, 2026, 4, 2, 10, 0);
  g_autofree char *advice_id = register_request (fixture, MONIA_CHANNEL_WEB, received, "Testi Testinen", "Sleep");
  g_autofree char *service_id_req = register_request (fixture, MONIA_CHANNEL_PHONE, received, "Testi Testinen", "Club");
  g_autofree char *service_id = add_service (fixture);
  g_autofree char *bogus = monia_id_new ();
  g_autoptr(MoniaRecord) advice = NULL;
  g_autoptr(MoniaRecord) directed = NULL;
  g_autoptr(MoniaRecord) reopened = NULL;
  g_autoptr(GListModel) services = monia_intake_list_services (fixture->intake);

  g_assert_cmpuint (count_open (fixture), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (services), ==, 1);

  reset_counts (fixture);
  g_assert_true (monia_intake_give_advice (fixture->intake, advice_id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->n_committed, ==, 1);
  g_assert_cmpuint (count_changed (fixture, "help_request"), ==, 1);
  advice = get_record (fixture, "help_request", advice_id);
  assert_closed (fixture, advice, MONIA_OUTCOME_ADVICE);
  g_assert_cmpuint (count_open (fixture), ==, 1);

  /* Handled once is handled: nothing is written again. */
  reset_counts (fixture);
  g_assert_false (monia_intake_give_advice (fixture->intake, advice_id, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpuint (fixture->n_committed, ==, 0);

  /* A service that is not in the catalogue. */
  g_assert_false (monia_intake_direct_to_service (fixture->intake, service_id_req, bogus, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (monia_intake_direct_to_service (fixture->intake, service_id_req, NULL, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpuint (fixture->n_committed, ==, 0);

  g_assert_true (monia_intake_direct_to_service (fixture->intake, service_id_req, service_id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->n_committed, ==, 1);
  directed = get_record (fixture, "help_request", service_id_req);
  assert_closed (fixture, directed, MONIA_OUTCOME_SERVICE);
  g_assert_cmpstr (monia_record_get_string (directed, "service_id"), ==, service_id);
  g_assert_cmpuint (count_open (fixture), ==, 0);

  /* Undo of advice: open again, with no trace of the outcome. */
  g_assert_true (monia_intake_reopen (fixture->intake, advice_id, &error));
  g_assert_no_error (error);
  reopened = get_record (fixture, "help_request", advice_id);
  g_assert_null (monia_record_get_string (reopened, "outcome"));
  g_assert_null (monia_record_get (reopened, "outcome_at"));
  g_assert_null (monia_record_get_string (reopened, "outcome_by"));
  g_assert_cmpuint (count_open (fixture), ==, 1);
}

static void
test_triage_open_case (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) received = at (fixture, 2026, 4, 2, 10, 0);
  g_autofree char *request_id = register_request (fixture, MONIA_CHANNEL_CALLBACK, received,
                                                  "Testi Testinen", "School absences");
  g_autofree char *case_id = NULL;
  g_autoptr(MoniaRecord) request = NULL;
  g_autoptr(MoniaRecord) case_ = NULL;
  g_autoptr(MoniaRecord) person = NULL;
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GListModel) mine = NULL;

  reset_counts (fixture);
  case_id = monia_intake_open_case (fixture->intake, request_id, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (case_id);

  /* One batch: the case, its person and link, and the closed request. */
  g_assert_cmpuint (fixture->n_committed, ==, 1);
  g_assert_cmpuint (count_changed (fixture, "case"), ==, 1);
  g_assert_cmpuint (count_changed (fixture, "person"), ==, 1);
  g_assert_cmpuint (count_changed (fixture, "case_person"), ==, 1);
  g_assert_cmpuint (count_changed (fixture, "help_request"), ==, 1);

  request = get_record (fixture, "help_request", request_id);
  assert_closed (fixture, request, MONIA_OUTCOME_CASE);
  g_assert_cmpstr (monia_record_get_string (request, "case_id"), ==, case_id);
  g_assert_cmpuint (count_open (fixture), ==, 0);

  case_ = get_record (fixture, "case", case_id);
  g_assert_cmpstr (monia_record_get_string (case_, "title"), ==, "Testi Testinen – School absences");
  g_assert_cmpstr (monia_record_get_string (case_, "owner_id"), ==, fixture->author);
  g_assert_cmpstr (monia_record_get_string (case_, "status"), ==, "open");

  links = monia_store_find (fixture->store, "case_person", "case_id", case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (links->len, ==, 1);
  person = get_record (fixture, "person",
                       monia_record_get_string (g_ptr_array_index (links, 0), "person_id"));
  g_assert_cmpstr (monia_record_get_string (person, "name"), ==, "Testi Testinen");
  g_assert_cmpstr (monia_record_get_string (person, "phone"), ==, "000 900 1234");

  mine = monia_store_list_cases_by (fixture->store, "owner_id", fixture->author);
  g_assert_cmpuint (g_list_model_get_n_items (mine), ==, 1);

  /* A case cannot be undone by reopening the request. */
  g_assert_false (monia_intake_reopen (fixture->intake, request_id, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
}

static void
test_triage_open_case_anonymous (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MoniaIntakeRequest input = {
    .channel = MONIA_CHANNEL_WEB,
    .anonymous = TRUE,
    .contact_name = "Not kept",
    .topic = "Worried about a teenager",
  };
  g_autofree char *request_id = monia_intake_register (fixture->intake, &input, &error);
  g_autofree char *case_id = NULL;
  g_autoptr(MoniaRecord) request = NULL;
  g_autoptr(MoniaRecord) case_ = NULL;

  g_assert_no_error (error);
  request = get_record (fixture, "help_request", request_id);
  g_assert_true (monia_record_get_bool (request, "anonymous"));
  g_assert_null (monia_record_get_string (request, "contact_name"));

  case_id = monia_intake_open_case (fixture->intake, request_id, "  Synthetic family  ", NULL, &error);
  g_assert_no_error (error);
  case_ = get_record (fixture, "case", case_id);
  g_assert_cmpstr (monia_record_get_string (case_, "title"), ==, "Synthetic family");
  g_assert_cmpint (monia_store_count (fixture->store, "person"), ==, 0);
}

static void
test_triage_notification (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  /* Thu 2.4.2026, the day before Good Friday. */
  g_autoptr(GDateTime) received = at (fixture, 2026, 4, 2, 14, 0);
  g_autofree char *request_id = register_request (fixture, MONIA_CHANNEL_NOTIFICATION, received,
                                                  "Synthetic school curator", "Child often absent");
  g_autofree char *case_id = NULL;
  g_autoptr(MoniaRecord) request = NULL;
  g_autoptr(MoniaRecord) assessment = NULL;
  g_autoptr(GPtrArray) assessments = NULL;
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(MoniaRecord) child = NULL;
  g_autoptr(MoniaCalendar) calendar = monia_calendar_new ();
  GDate pending, decision, completion;

  reset_counts (fixture);
  case_id = monia_intake_register_notification (fixture->intake, request_id, NULL,
                                                "Lapsi Testinen", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->n_committed, ==, 1);
  g_assert_cmpuint (count_changed (fixture, "assessment"), ==, 1);
  g_assert_cmpuint (count_changed (fixture, "case"), ==, 1);

  request = get_record (fixture, "help_request", request_id);
  assert_closed (fixture, request, MONIA_OUTCOME_NOTIFICATION);
  g_assert_cmpstr (monia_record_get_string (request, "case_id"), ==, case_id);
  g_assert_cmpuint (count_open (fixture), ==, 0);

  assessments = monia_store_find (fixture->store, "assessment", "case_id", case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (assessments->len, ==, 1);
  assessment = g_object_ref (g_ptr_array_index (assessments, 0));
  g_assert_cmpstr (monia_record_get_string (assessment, "kind"), ==, "child_welfare_s26");
  assert_date (assessment, "pending_on", "2026-04-02");
  /* Tue 7.4 (1) … Wed 15.4 (7), over Easter. */
  assert_date (assessment, "decision_due", "2026-04-15");
  assert_date (assessment, "completion_due", "2026-07-02");

  /* And they agree with the calendar itself. */
  g_date_clear (&pending, 1);
  g_date_set_dmy (&pending, 2, G_DATE_APRIL, 2026);
  g_assert_true (monia_calendar_add_working_days (calendar, &pending, 7, &decision, NULL));
  g_assert_true (monia_calendar_add_months (calendar, &pending, 3, &completion, NULL));
  {
    g_autofree char *d = monia_date_format_iso (&decision);
    g_autofree char *c = monia_date_format_iso (&completion);

    assert_date (assessment, "decision_due", d);
    assert_date (assessment, "completion_due", c);
  }

  /* The child is the case's person; the notifier is not. */
  links = monia_store_find (fixture->store, "case_person", "case_id", case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (links->len, ==, 1);
  child = get_record (fixture, "person", monia_record_get_string (g_ptr_array_index (links, 0), "person_id"));
  g_assert_cmpstr (monia_record_get_string (child, "name"), ==, "Lapsi Testinen");
  g_assert_cmpstr (monia_record_get_string (g_ptr_array_index (links, 0), "relation"), ==, "child");
}

static void
test_bad_input (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = monia_id_new ();
  MoniaIntakeRequest no_channel = { .channel = "fax", .topic = "x", .contact_name = "Testi" };
  MoniaIntakeRequest no_topic = { .channel = MONIA_CHANNEL_PHONE, .topic = "   ", .contact_name = "Testi" };
  MoniaIntakeRequest no_contact = { .channel = MONIA_CHANNEL_CALLBACK, .topic = "Sleep" };
  MoniaIntakeRequest null_channel = { .channel = NULL, .topic = "x", .anonymous = TRUE };
  char *id;

  id = monia_intake_register (fixture->intake, &no_channel, &error);
  g_assert_null (id);
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  id = monia_intake_register (fixture->intake, &null_channel, &error);
  g_assert_null (id);
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  id = monia_intake_register (fixture->intake, &no_topic, &error);
  g_assert_null (id);
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* A callback with nobody to call back. */
  id = monia_intake_register (fixture->intake, &no_contact, &error);
  g_assert_null (id);
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpint (monia_store_count (fixture->store, "help_request"), ==, 0);

  g_assert_false (monia_intake_give_advice (fixture->intake, missing, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (monia_intake_give_advice (fixture->intake, "not-an-id", &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_null (monia_intake_open_case (fixture->intake, missing, "x", NULL, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (monia_intake_register_notification (fixture->intake, NULL, NULL, NULL, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_assert_cmpint (monia_store_count (fixture->store, "case"), ==, 0);
}

/* The promise as a day and a time: the end of its working day, written as
 * 24:00 of that day; the year only when it is not this year's. */
static void
test_format_due (Fixture       *fixture,
                 gconstpointer  data)
{
  /* The midnight ending Thursday 10 December 2026. */
  gint64 end_of_thursday = unix_at (fixture, 2026, 12, 11, 0);
  gint64 afternoon = unix_at (fixture, 2026, 12, 10, 16);
  g_autoptr(GDateTime) monday = at (fixture, 2026, 12, 7, 9, 30);
  g_autoptr(GDateTime) year_before = at (fixture, 2025, 12, 30, 9, 30);
  g_autofree char *due = monia_intake_format_due (fixture->intake, end_of_thursday, monday);
  g_autofree char *due_other_year = monia_intake_format_due (fixture->intake, end_of_thursday, year_before);
  g_autofree char *due_afternoon = monia_intake_format_due (fixture->intake, afternoon, monday);

  g_assert_cmpstr (due, ==, "by Thu 10 Dec 24:00");
  g_assert_cmpstr (due_other_year, ==, "by Thu 10 Dec 2026 24:00");
  g_assert_cmpstr (due_afternoon, ==, "by Thu 10 Dec 16:00");
}

static void
test_format_received (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GDateTime) received = at (fixture, 2026, 3, 4, 10, 15);
  g_autoptr(GDateTime) same_year = at (fixture, 2026, 12, 7, 9, 0);
  g_autoptr(GDateTime) next_year = at (fixture, 2027, 1, 2, 9, 0);
  g_autofree char *this_year = monia_intake_format_received (fixture->intake, g_date_time_to_unix (received),
                                                             same_year);
  g_autofree char *other_year = monia_intake_format_received (fixture->intake, g_date_time_to_unix (received),
                                                              next_year);

  g_assert_cmpstr (this_year, ==, "4 Mar, 10:15");
  g_assert_cmpstr (other_year, ==, "4 Mar 2026, 10:15");
}

static int
compare_for_inbox (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  gpointer *context = user_data;

  return monia_intake_compare_for_inbox (context[0], *(MoniaRecord * const *) a, *(MoniaRecord * const *) b,
                                         context[1]);
}

/* Wednesday 8 April 2026, 10:00, the week after Easter: today's promises
 * and today's arrivals come before the backlog. */
static void
test_inbox_groups (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDateTime) now = at (fixture, 2026, 4, 8, 10, 0);
  g_autoptr(GDateTime) tuesday_morning = at (fixture, 2026, 4, 7, 9, 0);
  g_autoptr(GDateTime) tuesday_noon = at (fixture, 2026, 4, 7, 12, 0);
  g_autoptr(GDateTime) wednesday_morning = at (fixture, 2026, 4, 8, 8, 0);
  g_autoptr(GDateTime) before_easter = at (fixture, 2026, 4, 2, 15, 0);
  /* A call yesterday: answered by the end of today. */
  g_autofree char *due_today = register_request (fixture, MONIA_CHANNEL_PHONE, tuesday_morning, "Testi A", "a");
  /* The button this morning: three working days. */
  g_autofree char *new_today = register_request (fixture, MONIA_CHANNEL_WEB, wednesday_morning, "Testi B", "b");
  /* A callback before Easter: the next working day was Tuesday. */
  g_autofree char *overdue = register_request (fixture, MONIA_CHANNEL_CALLBACK, before_easter, "Testi C", "c");
  /* The button yesterday: due Friday. */
  g_autofree char *later = register_request (fixture, MONIA_CHANNEL_WEB, tuesday_noon, "Testi D", "d");
  const char *ids[] = { later, overdue, new_today, due_today };
  const MoniaInboxGroup groups[] = { MONIA_INBOX_LATER, MONIA_INBOX_OVERDUE, MONIA_INBOX_NEW,
                                     MONIA_INBOX_DUE_TODAY };
  g_autoptr(GPtrArray) requests = g_ptr_array_new_with_free_func (g_object_unref);
  gpointer context[2] = { fixture->intake, now };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      MoniaRecord *request = get_record (fixture, "help_request", ids[i]);

      g_assert_cmpint (monia_intake_get_inbox_group (fixture->intake, request, now), ==, groups[i]);
      g_ptr_array_add (requests, request);
    }

  g_ptr_array_sort_with_data (requests, compare_for_inbox, context);
  g_assert_cmpstr (monia_record_get_id (g_ptr_array_index (requests, 0)), ==, due_today);
  g_assert_cmpstr (monia_record_get_id (g_ptr_array_index (requests, 1)), ==, new_today);
  g_assert_cmpstr (monia_record_get_id (g_ptr_array_index (requests, 2)), ==, overdue);
  g_assert_cmpstr (monia_record_get_id (g_ptr_array_index (requests, 3)), ==, later);

  g_assert_cmpstr (monia_inbox_group_to_label (MONIA_INBOX_DUE_TODAY), ==, "Due Today");
  g_assert_cmpstr (monia_inbox_group_to_label (MONIA_INBOX_OVERDUE), ==, "Overdue");
}

/* A call logged later keeps the time it came in, and the promise counts
 * from then; a time still to come is refused. */
static void
test_arrival_time (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now (fixture->tz);
  g_autoptr(GDateTime) earlier = g_date_time_add_days (now, -3);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autoptr(GDateTime) a_minute_ahead = g_date_time_add_minutes (now, 1);
  g_autoptr(GDateTime) promised = NULL;
  g_autoptr(MoniaRecord) request = NULL;
  g_autofree char *logged_later = NULL;
  g_autofree char *clock_ahead = NULL;
  MoniaIntakeRequest future = {
    .channel = MONIA_CHANNEL_PHONE,
    .received_at = tomorrow,
    .contact_name = "Testi Tulevainen",
    .topic = "Not yet",
  };

  logged_later = register_request (fixture, MONIA_CHANNEL_PHONE, earlier, "Testi Myöhemmin", "Logged later");
  request = get_record (fixture, "help_request", logged_later);
  g_assert_cmpint (monia_record_get_int (request, "received_at", 0), ==, g_date_time_to_unix (earlier));
  promised = monia_calendar_promise_deadline (monia_intake_get_calendar (fixture->intake), earlier, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (monia_intake_get_due_at (fixture->intake, request), ==, g_date_time_to_unix (promised));

  g_assert_null (monia_intake_register (fixture->intake, &future, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "later than now"));
  g_clear_error (&error);
  g_assert_cmpint (monia_store_count (fixture->store, "help_request"), ==, 1);

  /* A clock a little ahead is no mistake of the person's. */
  clock_ahead = register_request (fixture, MONIA_CHANNEL_PHONE, a_minute_ahead, "Testi Kello", "Clock ahead");
  g_assert_nonnull (clock_ahead);
}

static void
test_channel_labels (void)
{
  const char * const *channels = monia_intake_get_channels ();
  guint n = 0;

  for (; channels[n] != NULL && n < 10; n++)
    {
      g_assert_true (monia_intake_channel_is_valid (channels[n]));
      g_assert_cmpstr (monia_intake_channel_to_label (channels[n]), !=, channels[n]);
    }
  g_assert_cmpuint (n, ==, 5);
  g_assert_false (monia_intake_channel_is_valid ("fax"));
  g_assert_cmpstr (monia_intake_channel_to_label ("fax"), ==, "fax");
  g_assert_cmpstr (monia_intake_channel_to_label (MONIA_CHANNEL_NOTIFICATION), ==, "Child welfare notification");
}

/* The public form's promise: counted from the day the request arrived in
 * Finland, across weekends, holidays and the Eves, and around midnight in
 * Helsinki in winter and in summer time, whatever this machine's zone. */
static void
test_promise_in_finland (void)
{
  static const struct
  {
    const char *utc;      /* when it arrived */
    guint       days;
    const char *last_day;
    const char *why;
  } cases[] = {
    { "2025-12-04T08:00:00Z", 3, "2025-12-09", "Thu: Fri, Mon, Tue" },
    { "2025-12-04T08:00:00Z", 1, "2025-12-05", "Thu: next working day Fri" },
    { "2025-12-05T14:00:00Z", 1, "2025-12-08", "Fri: over the weekend (Sat 6.12 a holiday too)" },
    { "2025-12-06T10:00:00Z", 3, "2025-12-10", "Independence Day (Sat): Mon, Tue, Wed" },
    { "2025-12-23T07:00:00Z", 3, "2025-12-31", "before Christmas: Mon 29, Tue 30, Wed 31 (New Year's Eve works)" },
    { "2025-12-23T07:00:00Z", 1, "2025-12-29", "Christmas Eve, Day, St Stephen's, a weekend" },
    { "2025-12-31T10:00:00Z", 1, "2026-01-02", "New Year's Day" },
    { "2026-04-02T07:00:00Z", 3, "2026-04-09", "Good Friday and Easter Monday" },
    { "2026-01-05T10:00:00Z", 1, "2026-01-07", "Epiphany (Tue 6.1)" },
    /* Thursday 23:30 in Helsinki (UTC+2): still Thursday there. */
    { "2025-12-04T21:30:00Z", 1, "2025-12-05", "23:30 Thursday in Helsinki" },
    /* Friday 00:30 in Helsinki, still Thursday in UTC: Friday's request. */
    { "2025-12-04T22:30:00Z", 1, "2025-12-08", "00:30 Friday in Helsinki" },
    /* Summer time (UTC+3): Thursday 00:30 in Helsinki, then Midsummer Eve
     * (Fri 20.6.2025) and Day and a Sunday. */
    { "2025-06-18T21:30:00Z", 1, "2025-06-23", "00:30 Thursday before Midsummer" },
    { "2025-06-18T20:30:00Z", 1, "2025-06-19", "23:30 Wednesday before Midsummer" },
    /* Saturday 23:59:59 and Sunday 00:00 in Helsinki count alike. */
    { "2025-12-13T21:59:59Z", 1, "2025-12-15", "Saturday night" },
    { "2025-12-13T22:00:00Z", 1, "2025-12-15", "Sunday's first second" },
  };
  g_autoptr(MoniaCalendar) calendar = monia_calendar_new ();
  g_autoptr(GTimeZone) helsinki = g_time_zone_new_identifier ("Europe/Helsinki");

  if (helsinki == NULL)
    {
      g_test_skip ("No time zone data for Europe/Helsinki");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (cases[i].utc, NULL);
      g_autoptr(GDateTime) due = NULL;
      g_autoptr(GDateTime) due_local = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *day_text = NULL;
      gint64 due_at = 0;
      GDate day;

      g_test_message ("%s", cases[i].why);
      g_assert_true (monia_intake_promise_in_finland (calendar, g_date_time_to_unix (at), cases[i].days,
                                                      &day, &due_at, &error));
      g_assert_no_error (error);
      day_text = monia_date_format_iso (&day);
      g_assert_cmpstr (day_text, ==, cases[i].last_day);

      /* Due at the midnight that ends that day in Helsinki. */
      due = g_date_time_new_from_unix_utc (due_at);
      due_local = g_date_time_to_timezone (due, helsinki);
      g_assert_cmpint (g_date_time_get_hour (due_local), ==, 0);
      g_assert_cmpint (g_date_time_get_minute (due_local), ==, 0);
      g_date_add_days (&day, 1);
      g_assert_cmpint (g_date_time_get_day_of_month (due_local), ==, g_date_get_day (&day));
      g_assert_cmpint (g_date_time_get_month (due_local), ==, g_date_get_month (&day));
    }
}

/* A consultation call from outside the wellbeing services county is
 * marked so, for the scorecard; no other channel can be. */
static void
test_from_outside_area (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *channels[] = { MONIA_CHANNEL_CONSULTATION, MONIA_CHANNEL_WEB };

  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MoniaRecord) record = NULL;
      g_autofree char *id = NULL;
      MoniaIntakeRequest request = {
        .channel = channels[i],
        .contact_name = "Kaisa Kuraattori",
        .topic = "A pupil's wellbeing",
        .from_outside_area = TRUE,
      };

      id = monia_intake_register (fixture->intake, &request, &error);
      g_assert_no_error (error);
      record = get_record (fixture, "help_request", id);
      g_assert_cmpint (monia_record_get_bool (record, "from_outside_area"), ==, i == 0);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/intake/due/per-channel", test_due_per_channel);
  ADD ("/intake/due/not-stored", test_due_without_stored_due_at);
  ADD ("/intake/countdown", test_countdown);
  ADD ("/intake/triage/advice-and-service", test_triage_advice_and_service);
  ADD ("/intake/triage/open-case", test_triage_open_case);
  ADD ("/intake/triage/open-case-anonymous", test_triage_open_case_anonymous);
  ADD ("/intake/triage/notification", test_triage_notification);
  ADD ("/intake/bad-input", test_bad_input);
  ADD ("/intake/format-due", test_format_due);
  ADD ("/intake/format-received", test_format_received);
  ADD ("/intake/inbox-groups", test_inbox_groups);
  ADD ("/intake/arrival-time", test_arrival_time);
  ADD ("/intake/from-outside-area", test_from_outside_area);
#undef ADD
  g_test_add_func ("/intake/channel-labels", test_channel_labels);
  g_test_add_func ("/intake/promise-in-finland", test_promise_in_finland);

  return g_test_run ();
}
