/* test-demo.c — synthetic demo data and the demo-data command
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-demo"

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "monia-core.h"

#define N_CASES   200
#define TODAY     "2025-03-14"

typedef struct
{
  char       *dir;
  MoniaStore *store;
} Fixture;

static void
fixture_open (Fixture    *fixture,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("monia-test-demo-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, name, NULL);
  fixture->store = monia_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (dir);
}

static void
fixture_close (Fixture *fixture)
{
  g_clear_object (&fixture->store);
  if (fixture->dir != NULL)
    remove_dir (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

typedef struct
{
  guint calls;
  guint last_done;
  guint total;
} Progress;

static void
on_progress (guint    done,
             guint    total,
             gpointer user_data)
{
  Progress *progress = user_data;

  g_assert_cmpuint (done, >=, progress->last_done);
  g_assert_cmpuint (done, <=, total);
  progress->calls++;
  progress->last_done = done;
  progress->total = total;
}

static void
generate (Fixture *fixture,
          guint    n_cases,
          guint64  seed)
{
  g_autoptr(GError) error = NULL;
  Progress progress = { 0 };

  fixture_open (fixture, "demo.db");
  g_assert_false (monia_store_is_demo (fixture->store));
  g_assert_true (monia_demo_generate (fixture->store, n_cases, seed, on_progress, &progress, &error));
  g_assert_true (monia_store_is_demo (fixture->store));
  g_assert_no_error (error);
  g_assert_cmpuint (progress.last_done, ==, n_cases);
  g_assert_cmpuint (progress.total, ==, n_cases);
  g_assert_cmpuint (progress.calls, >=, 2);   /* the foundation, then the cases */
}

/* A description of the content that leaves out the UUIDs: every case in list
 * order with its people in creation order. */
static char *
describe_content (MoniaStore *store)
{
  g_autoptr(GListModel) cases = monia_store_list_cases (store);
  GString *out = g_string_new (NULL);
  guint n = g_list_model_get_n_items (cases);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MoniaRecord) record = g_list_model_get_item (cases, i);
      g_autoptr(GPtrArray) links = NULL;
      g_autoptr(GPtrArray) events = NULL;
      g_autoptr(GError) error = NULL;

      g_string_append_printf (out, "%s|%s|%s|%s\n",
                              monia_record_get_string (record, "title"),
                              monia_record_get_string (record, "status"),
                              monia_record_get_string (record, "opened_on"),
                              monia_record_get_string (record, "closed_on"));
      links = monia_store_find (store, "case_person", "case_id", monia_record_get_id (record), &error);
      g_assert_no_error (error);
      for (guint j = 0; j < links->len; j++)
        {
          MoniaRecord *link = g_ptr_array_index (links, j);
          g_autoptr(MoniaRecord) person = monia_store_get (store, "person",
                                                           monia_record_get_string (link, "person_id"),
                                                           &error);
          g_assert_no_error (error);
          g_string_append_printf (out, "  %s %s %s %s\n",
                                  monia_record_get_string (link, "relation"),
                                  monia_record_get_string (person, "name"),
                                  monia_record_get_string (person, "hetu"),
                                  monia_record_get_string (person, "birth_date"));
        }
      events = monia_store_find (store, "event", "case_id", monia_record_get_id (record), &error);
      g_assert_no_error (error);
      for (guint j = 0; j < events->len; j++)
        g_string_append_printf (out, "  %s %" G_GINT64_FORMAT "\n",
                                monia_record_get_string (g_ptr_array_index (events, j), "kind"),
                                monia_record_get_int (g_ptr_array_index (events, j), "occurred_at", -1));
    }
  return g_string_free (out, FALSE);
}

static void
test_demo_same_seed (void)
{
  Fixture a = { NULL }, b = { NULL };
  g_autofree char *content_a = NULL;
  g_autofree char *content_b = NULL;
  const MoniaKind *kinds;
  guint n_kinds;
  gint64 total = 0;

  generate (&a, N_CASES, 42);
  generate (&b, N_CASES, 42);

  kinds = monia_kind_get_all (&n_kinds);
  for (guint k = 0; k < n_kinds; k++)
    {
      gint64 count = monia_store_count (a.store, kinds[k].name);

      g_test_message ("%s: %" G_GINT64_FORMAT, kinds[k].name, count);
      g_assert_cmpint (count, ==, monia_store_count (b.store, kinds[k].name));
      total += count;
    }
  g_assert_cmpint (monia_store_count (a.store, "case"), ==, N_CASES);
  g_assert_cmpint (monia_store_count (a.store, "person"), >=, 2 * N_CASES);
  g_assert_cmpint (monia_store_count (a.store, "person"), <=, 5 * N_CASES);
  g_assert_cmpint (total, >, 10 * N_CASES);

  content_a = describe_content (a.store);
  content_b = describe_content (b.store);
  g_assert_cmpuint (strlen (content_a), >, N_CASES * 20);
  g_assert_cmpstr (content_a, ==, content_b);

  fixture_close (&a);
  fixture_close (&b);
}

static void
test_demo_other_seed (void)
{
  Fixture a = { NULL }, b = { NULL };
  g_autofree char *content_a = NULL;
  g_autofree char *content_b = NULL;

  generate (&a, N_CASES, 42);
  generate (&b, N_CASES, 43);
  g_assert_cmpint (monia_store_count (b.store, "case"), ==, N_CASES);

  content_a = describe_content (a.store);
  content_b = describe_content (b.store);
  g_assert_cmpstr (content_a, !=, content_b);

  fixture_close (&a);
  fixture_close (&b);
}

static gboolean
parse_date (MoniaRecord *record,
            const char  *field,
            GDate       *out)
{
  const char *text = monia_record_get_string (record, field);
  g_autoptr(GError) error = NULL;

  if (text == NULL)
    return FALSE;
  g_assert_true (monia_date_parse_iso (text, out, &error));
  g_assert_no_error (error);
  return TRUE;
}

/* Stages: not started, started, completed on time, completed late, decided late. */
enum { STAGE_PENDING, STAGE_STARTED, STAGE_ON_TIME, STAGE_LATE, STAGE_DECIDED_LATE, N_STAGES };

static void
check_assessment (MoniaCalendar *calendar,
                  MoniaRecord   *assessment,
                  const char    *case_status,
                  guint         *stages)
{
  g_autoptr(GError) error = NULL;
  GDate pending, decision_due, completion_due, started, completed, expected;
  gboolean has_started, has_completed;

  g_assert_true (parse_date (assessment, "pending_on", &pending));
  g_assert_true (parse_date (assessment, "decision_due", &decision_due));
  g_assert_true (parse_date (assessment, "completion_due", &completion_due));

  /* The deadlines are the calendar's: 7 working days and 3 months. */
  g_assert_true (monia_calendar_add_working_days (calendar, &pending, 7, &expected, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_date_compare (&expected, &decision_due), ==, 0);
  g_assert_cmpint (monia_calendar_working_days_between (calendar, &pending, &decision_due), ==, 7);
  g_assert_true (monia_calendar_add_months (calendar, &pending, 3, &expected, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_date_compare (&expected, &completion_due), ==, 0);

  has_started = parse_date (assessment, "started_on", &started);
  has_completed = parse_date (assessment, "completed_on", &completed);
  g_assert_true (has_started || !has_completed);

  if (g_str_equal (case_status, "open"))
    g_assert_false (has_started);
  else
    g_assert_true (has_started);
  if (g_str_equal (case_status, "open") || g_str_equal (case_status, "assessment"))
    g_assert_false (has_completed);
  else
    g_assert_true (has_completed);

  if (!has_started)
    stages[STAGE_PENDING]++;
  else
    {
      g_assert_cmpint (g_date_compare (&started, &pending), >=, 0);
      if (g_date_compare (&started, &decision_due) > 0)
        stages[STAGE_DECIDED_LATE]++;
      if (!has_completed)
        stages[STAGE_STARTED]++;
      else
        {
          g_assert_cmpint (g_date_compare (&completed, &started), >=, 0);
          g_assert_nonnull (monia_record_get_string (assessment, "conclusion"));
          if (g_date_compare (&completed, &completion_due) > 0)
            stages[STAGE_LATE]++;
          else
            stages[STAGE_ON_TIME]++;
        }
    }
}

static void
check_people (MoniaStore  *store,
              MoniaRecord *case_record,
              guint       *n_without_code,
              GHashTable  *codes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = monia_store_find (store, "case_person", "case_id",
                                                 monia_record_get_id (case_record), &error);
  guint n_children = 0, n_guardians = 0;

  g_assert_no_error (error);
  for (guint j = 0; j < links->len; j++)
    {
      MoniaRecord *link = g_ptr_array_index (links, j);
      g_autoptr(MoniaRecord) person = monia_store_get (store, "person",
                                                       monia_record_get_string (link, "person_id"), &error);
      const char *relation = monia_record_get_string (link, "relation");
      const char *hetu;
      GDate birth;

      g_assert_no_error (error);
      if (g_str_equal (relation, "child"))
        n_children++;
      else
        {
          g_assert_cmpstr (relation, ==, "guardian");
          n_guardians++;
        }
      g_assert_true (parse_date (person, "birth_date", &birth));
      hetu = monia_record_get_string (person, "hetu");
      if (hetu == NULL)
        (*n_without_code)++;
      else
        {
          MoniaHetu parsed;

          g_assert_true (monia_hetu_parse (hetu, &parsed, &error));
          g_assert_no_error (error);
          g_assert_true (parsed.temporary);
          g_assert_cmpuint (parsed.individual_number, >=, 900);
          g_assert_cmpint (g_date_compare (&parsed.birth_date, &birth), ==, 0);
          /* No two synthetic people share a code. */
          g_assert_true (g_hash_table_add (codes, g_strdup (hetu)));
        }
    }
  g_assert_cmpuint (n_children, >=, 1);
  g_assert_cmpuint (n_children, <=, 3);
  g_assert_cmpuint (n_guardians, >=, 1);
  g_assert_cmpuint (n_guardians, <=, 2);
}

static void
check_plans (MoniaStore  *store,
             MoniaRecord *case_record)
{
  g_autoptr(GError) error = NULL;
  const char *case_id = monia_record_get_id (case_record);
  const char *status = monia_record_get_string (case_record, "status");
  g_autoptr(GPtrArray) plans = monia_store_find (store, "plan", "case_id", case_id, &error);
  g_autoptr(GPtrArray) goals = NULL;
  g_autoptr(GPtrArray) measures = NULL;
  MoniaRecord *current;

  g_assert_no_error (error);
  if (g_str_equal (status, "open") || g_str_equal (status, "assessment"))
    {
      g_assert_cmpuint (plans->len, ==, 0);
      return;
    }
  g_assert_cmpuint (plans->len, >=, 1);
  current = g_ptr_array_index (plans, plans->len - 1);
  g_assert_cmpint (monia_record_get_int (current, "version", 0), ==, plans->len);
  g_assert_cmpstr (monia_record_get_string (current, "status"), ==,
                   g_str_equal (status, "planning") ? "draft" : "agreed");

  goals = monia_store_find (store, "goal", "plan_id", monia_record_get_id (current), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (goals->len, >=, 2);
  g_assert_cmpuint (goals->len, <=, 4);
  for (guint i = 0; i < goals->len; i++)
    {
      MoniaRecord *goal = g_ptr_array_index (goals, i);

      g_assert_nonnull (monia_record_get_string (goal, "client_words"));
      g_assert_nonnull (monia_record_get_string (goal, "indicator"));
    }
  measures = monia_store_find (store, "measure", "plan_id", monia_record_get_id (current), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (measures->len, >=, 2);
  g_assert_cmpuint (measures->len, <=, 4);
  for (guint i = 0; i < measures->len; i++)
    {
      MoniaRecord *measure = g_ptr_array_index (measures, i);

      g_assert_nonnull (monia_record_get_string (measure, "organisation_id"));
      g_assert_nonnull (monia_record_get_string (measure, "starts_on"));
      g_assert_nonnull (monia_record_get_string (measure, "status"));
    }
}

static void
check_feedback (MoniaStore  *store,
                MoniaRecord *case_record,
                guint       *n_feedback)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) feedback = monia_store_find (store, "feedback", "case_id",
                                                    monia_record_get_id (case_record), &error);
  gboolean closed = g_str_equal (monia_record_get_string (case_record, "status"), "closed");

  g_assert_no_error (error);
  if (!closed)
    {
      g_assert_cmpuint (feedback->len, ==, 0);
      g_assert_null (monia_record_get_string (case_record, "closed_on"));
      return;
    }
  g_assert_nonnull (monia_record_get_string (case_record, "closed_on"));
  g_assert_cmpuint (feedback->len, <=, 1);
  for (guint i = 0; i < feedback->len; i++)
    {
      MoniaRecord *answer = g_ptr_array_index (feedback, i);
      const char *got_help = monia_record_get_string (answer, "got_help");
      gint64 recommend = monia_record_get_int (answer, "recommend", -1);

      g_assert_true (g_str_equal (got_help, "yes") || g_str_equal (got_help, "partly") ||
                     g_str_equal (got_help, "no"));
      g_assert_cmpint (recommend, >=, 0);
      g_assert_cmpint (recommend, <=, 10);
      (*n_feedback)++;
    }
}

static gint64
day_start_utc (const GDate *date)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (g_date_get_year (date), g_date_get_month (date),
                                                 g_date_get_day (date), 0, 0, 0);

  return g_date_time_to_unix (dt);
}

/* Events happen while the case is open, oldest first. */
static void
check_events (MoniaStore  *store,
              MoniaRecord *case_record)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = monia_store_find (store, "event", "case_id",
                                                  monia_record_get_id (case_record), &error);
  GDate opened, last;
  gint64 previous = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (events->len, >=, 1);
  g_assert_true (parse_date (case_record, "opened_on", &opened));
  if (!parse_date (case_record, "closed_on", &last))
    g_assert_true (monia_date_parse_iso (TODAY, &last, NULL));
  for (guint i = 0; i < events->len; i++)
    {
      gint64 at = monia_record_get_int (g_ptr_array_index (events, i), "occurred_at", 0);

      /* A day of slack either side for the time zone. */
      g_assert_cmpint (at, >=, day_start_utc (&opened) - 86400);
      g_assert_cmpint (at, <, day_start_utc (&last) + 2 * 86400);
      g_assert_cmpint (at, >=, previous);
      previous = at;
    }
}

static void
test_demo_content (void)
{
  static const char *channels[] = { "web", "callback", "consultation", "notification", "phone" };
  static const char *outcomes[] = { "advice", "service", "case", "notification" };
  static const char *statuses[] = { "open", "assessment", "planning", "implementation", "review", "closed" };
  Fixture fixture = { NULL };
  g_autoptr(MoniaCalendar) calendar = monia_calendar_new ();
  g_autoptr(GListModel) cases = NULL;
  g_autoptr(GListModel) requests = NULL;
  g_autoptr(GHashTable) codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint stages[N_STAGES] = { 0 };
  guint per_channel[G_N_ELEMENTS (channels)] = { 0 };
  guint per_outcome[G_N_ELEMENTS (outcomes)] = { 0 };
  guint per_status[G_N_ELEMENTS (statuses)] = { 0 };
  guint n_anonymous = 0, n_open_requests = 0, n_without_code = 0, n_feedback = 0, n_promised = 0;
  g_autoptr(GTimeZone) helsinki = g_time_zone_new_identifier ("Europe/Helsinki");
  gint64 oldest = G_MAXINT64, newest = 0;
  g_autoptr(GDateTime) today = g_date_time_new_local (2025, 3, 14, 23, 59, 59);

  generate (&fixture, N_CASES, 7);

  cases = monia_store_list_cases (fixture.store);
  g_assert_cmpuint (g_list_model_get_n_items (cases), ==, N_CASES);
  for (guint i = 0; i < N_CASES; i++)
    {
      g_autoptr(MoniaRecord) record = g_list_model_get_item (cases, i);
      g_autoptr(GPtrArray) assessments = NULL;
      g_autoptr(GError) error = NULL;
      const char *status = monia_record_get_string (record, "status");
      gboolean known = FALSE;

      for (guint s = 0; s < G_N_ELEMENTS (statuses); s++)
        if (g_str_equal (status, statuses[s]))
          {
            per_status[s]++;
            known = TRUE;
          }
      g_assert_true (known);
      g_assert_nonnull (monia_record_get_string (record, "owner_id"));

      assessments = monia_store_find (fixture.store, "assessment", "case_id", monia_record_get_id (record), &error);
      g_assert_no_error (error);
      g_assert_cmpuint (assessments->len, ==, 1);
      check_assessment (calendar, g_ptr_array_index (assessments, 0), status, stages);
      check_events (fixture.store, record);
      check_people (fixture.store, record, &n_without_code, codes);
      check_plans (fixture.store, record);
      check_feedback (fixture.store, record, &n_feedback);
    }

  for (guint s = 0; s < G_N_ELEMENTS (statuses); s++)
    {
      g_test_message ("status %s: %u", statuses[s], per_status[s]);
      g_assert_cmpuint (per_status[s], >, 0);
    }
  for (guint s = 0; s < N_STAGES; s++)
    {
      g_test_message ("assessment stage %u: %u", s, stages[s]);
      g_assert_cmpuint (stages[s], >, 0);
    }
  /* Most are on time, as in the national figures. */
  g_assert_cmpuint (stages[STAGE_ON_TIME], >, 3 * stages[STAGE_LATE]);
  g_assert_cmpuint (n_without_code, >, 0);
  g_assert_cmpuint (n_feedback, >, 0);
  g_assert_cmpuint (g_hash_table_size (codes), >, 2 * N_CASES);

  requests = monia_store_list_help_requests (fixture.store);
  g_assert_cmpuint (g_list_model_get_n_items (requests), >, N_CASES);
  for (guint i = 0; i < g_list_model_get_n_items (requests); i++)
    {
      g_autoptr(MoniaRecord) request = g_list_model_get_item (requests, i);
      const char *channel = monia_record_get_string (request, "channel");
      const char *outcome = monia_record_get_string (request, "outcome");
      gint64 received = monia_record_get_int (request, "received_at", 0);
      gboolean known = FALSE;

      for (guint c = 0; c < G_N_ELEMENTS (channels); c++)
        if (g_str_equal (channel, channels[c]))
          {
            per_channel[c]++;
            known = TRUE;
          }
      g_assert_true (known);

      if (monia_record_get_bool (request, "anonymous"))
        {
          n_anonymous++;
          g_assert_null (monia_record_get_string (request, "contact_name"));
        }
      else
        g_assert_nonnull (monia_record_get_string (request, "contact_name"));

      if (outcome == NULL)
        {
          n_open_requests++;
          g_assert_null (monia_record_get_string (request, "outcome_by"));
        }
      else
        {
          known = FALSE;
          for (guint o = 0; o < G_N_ELEMENTS (outcomes); o++)
            if (g_str_equal (outcome, outcomes[o]))
              {
                per_outcome[o]++;
                known = TRUE;
              }
          g_assert_true (known);
          g_assert_cmpint (monia_record_get_int (request, "outcome_at", 0), >=, received);
          g_assert_cmpint ((monia_record_get_string (request, "case_id") != NULL), ==,
                           g_str_equal (outcome, "case"));
          if (g_str_equal (outcome, "service"))
            g_assert_nonnull (monia_record_get_string (request, "service_id"));
        }
      /* Web and callback requests carry the intake promise, by the calendar. */
      if (g_str_equal (channel, "web") || g_str_equal (channel, "callback"))
        {
          gint64 days = monia_record_get_int (request, "promise_working_days", 0);
          g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (received);
          g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, helsinki);
          g_autoptr(GDateTime) due = NULL;
          g_autoptr(GError) error = NULL;

          g_assert_cmpint (days, >=, 1);
          g_assert_cmpint (days, <=, 3);
          due = monia_calendar_promise_deadline (calendar, local, (guint) days, &error);
          g_assert_no_error (error);
          g_assert_cmpint (monia_record_get_int (request, "due_at", 0), ==, g_date_time_to_unix (due));
          n_promised++;
        }

      oldest = MIN (oldest, received);
      newest = MAX (newest, received);
    }
  for (guint c = 0; c < G_N_ELEMENTS (channels); c++)
    {
      g_test_message ("channel %s: %u", channels[c], per_channel[c]);
      g_assert_cmpuint (per_channel[c], >, 0);
    }
  for (guint o = 0; o < G_N_ELEMENTS (outcomes); o++)
    {
      g_test_message ("outcome %s: %u", outcomes[o], per_outcome[o]);
      g_assert_cmpuint (per_outcome[o], >, 0);
    }
  g_assert_cmpuint (n_anonymous, >, 0);
  g_assert_cmpuint (n_open_requests, >, 0);
  g_assert_cmpuint (n_promised, >, 0);
  /* Spread over the last two years, none in the future. */
  g_assert_cmpint (newest, <=, g_date_time_to_unix (today));
  g_assert_cmpint (newest - oldest, >, 600 * (gint64) 86400);
  g_assert_cmpint (newest - oldest, <=, 740 * (gint64) 86400);

  /* The foundation: every sector has a service, and there are work pairs. */
  g_assert_cmpint (monia_store_count (fixture.store, "organisation"), >=, 7);
  g_assert_cmpint (monia_store_count (fixture.store, "service"), >=, 5);
  g_assert_cmpint (monia_store_count (fixture.store, "work_pair"), >=, 2);
  g_assert_cmpint (monia_store_count (fixture.store, "professional"), >=, 20);

  fixture_close (&fixture);
}

static void
test_demo_too_many (void)
{
  Fixture fixture = { NULL };
  g_autoptr(GError) error = NULL;

  fixture_open (&fixture, "demo.db");
  g_assert_false (monia_demo_generate (fixture.store, 1000001, 1, NULL, NULL, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_OUT_OF_RANGE);
  g_assert_cmpint (monia_store_count (fixture.store, "organisation"), ==, 0);
  fixture_close (&fixture);
}

static void
test_demo_bad_reference_day (void)
{
  Fixture fixture = { NULL };
  g_autoptr(GError) error = NULL;

  fixture_open (&fixture, "demo.db");
  g_setenv ("MONIA_DEMO_TODAY", "2025-02-30", TRUE);
  g_assert_false (monia_demo_generate (fixture.store, 10, 1, NULL, NULL, &error));
  g_setenv ("MONIA_DEMO_TODAY", TODAY, TRUE);
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_assert_cmpint (monia_store_count (fixture.store, "case"), ==, 0);
  fixture_close (&fixture);
}


/* What a lead sees of it ------------------------------------------------- */

/* Fields that hold something that happened (not a deadline or a plan). */
static const struct
{
  const char *kind;
  const char *field;
} happened[] = {
  { "case", "opened_on" }, { "case", "closed_on" },
  { "assessment", "pending_on" }, { "assessment", "started_on" }, { "assessment", "completed_on" },
  { "plan", "agreed_on" }, { "event", "occurred_at" }, { "goal_rating", "rated_on" },
  { "consent", "given_on" }, { "consent", "revoked_on" }, { "feedback", "given_on" },
  { "help_request", "received_at" }, { "help_request", "outcome_at" },
  { "work_pair", "active_from" }, { "person", "birth_date" },
};

/* A demo anchored to a Monday and to a Friday: nothing after today, open
 * help requests only from the last days (some past their promise),
 * callbacks promised for the next working day, caseloads around the cap
 * (some over) and level from month to month, the clocks near the national
 * figures with one team clearly worse. */
static void
check_believable (const char *today_iso)
{
  Fixture fixture = { NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaReportData) data = NULL;
  g_autoptr(GListModel) requests = NULL;
  g_autoptr(GTimeZone) helsinki = g_time_zone_new_identifier ("Europe/Helsinki");
  g_autofree MoniaUnitFigures *figures = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GArray) loads = g_array_new (FALSE, FALSE, sizeof (guint));
  GDate today, from, to, due;
  guint n_open = 0, n_late = 0, n_over = 0, best_start = 0, worst_start = 1000;

  g_assert_true (monia_date_parse_iso (today_iso, &today, NULL));
  now = g_date_time_new (helsinki, g_date_get_year (&today), g_date_get_month (&today), g_date_get_day (&today),
                         16, 0, 0);
  fixture_open (&fixture, "believable.db");
  g_assert_true (monia_demo_generate_for_day (fixture.store, 1500, 3, &today, NULL, NULL, &error));
  g_assert_no_error (error);

  /* Nothing happened after today. */
  for (guint i = 0; i < G_N_ELEMENTS (happened); i++)
    {
      g_autoptr(GListModel) records = monia_store_list (fixture.store, happened[i].kind);

      for (guint r = 0; r < g_list_model_get_n_items (records); r++)
        {
          g_autoptr(MoniaRecord) record = g_list_model_get_item (records, r);
          GDate day;

          if (monia_kind_lookup_field (monia_record_get_kind (record), happened[i].field)->type == MONIA_FIELD_TIME)
            {
              if (monia_record_get (record, happened[i].field) != NULL)
                g_assert_cmpint (monia_record_get_int (record, happened[i].field, 0), <=, g_date_time_to_unix (now));
            }
          else if (monia_record_get_date (record, happened[i].field, &day))
            {
              if (g_date_compare (&day, &today) > 0)
                g_test_message ("%s.%s after today", happened[i].kind, happened[i].field);
              g_assert_cmpint (g_date_compare (&day, &today), <=, 0);
            }
        }
    }

  /* Open requests are of the last week; callbacks are promised for the
   * next working day. */
  requests = monia_store_list_help_requests (fixture.store);
  for (guint i = 0; i < g_list_model_get_n_items (requests); i++)
    {
      g_autoptr(MoniaRecord) request = g_list_model_get_item (requests, i);

      if (g_strcmp0 (monia_record_get_string (request, "channel"), "callback") == 0)
        g_assert_cmpint (monia_record_get_int (request, "promise_working_days", 0), ==, 1);
      if (monia_record_get_string (request, "outcome") != NULL)
        continue;
      n_open++;
      g_assert_cmpint (monia_record_get_int (request, "received_at", 0), >,
                       g_date_time_to_unix (now) - 7 * 86400);
      if (monia_record_get (request, "due_at") != NULL &&
          monia_record_get_int (request, "due_at", 0) < g_date_time_to_unix (now))
        n_late++;
    }
  g_test_message ("%s: %u open requests, %u late", today_iso, n_open, n_late);
  g_assert_cmpuint (n_open, >, 5);
  g_assert_cmpuint (n_late, >, 0);
  g_assert_cmpuint (n_late, <, n_open / 2);

  data = monia_report_data_load (fixture.store, NULL, &error);
  g_assert_no_error (error);

  /* Caseloads of the workers with cases: around the cap, some over, and
   * level over the six months. */
  figures = monia_report_compute_figures (data, &today, NULL);
  for (guint u = 1; u < monia_report_data_get_n_units (data); u++)
    {
      guint children = figures[u].children[MONIA_CASELOAD_TREND_MONTHS - 1];

      if (monia_report_data_get_unit (data, u)->kind != MONIA_UNIT_WORKER ||
          figures[u].counts[MONIA_FIGURE_OPEN_CASES] == 0)
        continue;
      g_array_append_val (loads, children);
      n_over += children > MONIA_CASELOAD_CAP_DEFAULT;
    }
  {
    guint sum = 0;

    for (guint i = 0; i < loads->len; i++)
      sum += g_array_index (loads, guint, i);
    g_test_message ("%s: %u workers with cases, mean %u children, %u over the cap", today_iso, loads->len,
                    sum / loads->len, n_over);
    g_assert_cmpuint (sum / loads->len, >=, 18);
    g_assert_cmpuint (sum / loads->len, <=, 32);
  }
  g_assert_cmpuint (n_over, >, 0);
  g_assert_cmpuint (n_over, <, loads->len / 2);
  {
    guint lo = G_MAXUINT, hi = 0;

    for (guint t = 0; t < MONIA_CASELOAD_TREND_MONTHS; t++)
      {
        lo = MIN (lo, figures[0].children[t]);
        hi = MAX (hi, figures[0].children[t]);
      }
    g_assert_cmpuint (hi * 10, <=, lo * 13);
  }

  /* The last half-year's clocks: the region near the national figures,
   * the teams near 90 % and one clearly worse. */
  {
    GDate before = today;
    g_autoptr(MoniaThlReturn) ret = NULL;

    g_date_subtract_months (&before, 6);
    monia_thl_period_of_day (&before, &from, &to, &due);
    ret = monia_thl_return_compute (data, 0, &from, &to, &due, NULL);
    g_test_message ("%s: starts %.1f %%, completions %.1f %%", today_iso,
                    monia_report_share (ret->counts.started_within_7, ret->counts.became_pending),
                    monia_report_share (ret->counts.completed_within_3_months, ret->counts.completed));
    g_assert_cmpfloat (monia_report_share (ret->counts.started_within_7, ret->counts.became_pending), >=, 75);
    g_assert_cmpfloat (monia_report_share (ret->counts.started_within_7, ret->counts.became_pending), <=, 97);
    g_assert_cmpfloat (monia_report_share (ret->counts.completed_within_3_months, ret->counts.completed), >=, 70);
    g_assert_cmpfloat (monia_report_share (ret->counts.completed_within_3_months, ret->counts.completed), <=, 92);
    for (guint u = 1; u < monia_report_data_get_n_units (data); u++)
      {
        const MoniaThlCounts *c = &ret->units[u];
        guint share;

        if (monia_report_data_get_unit (data, u)->kind != MONIA_UNIT_TEAM || c->became_pending < 20)
          continue;
        share = (guint) monia_report_share (c->started_within_7, c->became_pending);
        best_start = MAX (best_start, share);
        worst_start = MIN (worst_start, share);
      }
    g_test_message ("%s: teams from %u %% to %u %%", today_iso, worst_start, best_start);
    g_assert_cmpuint (best_start, >=, 85);
    g_assert_cmpuint (worst_start, >=, 45);
    g_assert_cmpuint (worst_start, <=, 72);
  }

  fixture_close (&fixture);
}

static void
test_demo_believable (void)
{
  check_believable ("2025-10-20");   /* a Monday */
  check_believable ("2025-03-14");   /* a Friday */
}

/* The command line ------------------------------------------------------- */

static int
run_ctl (const char  *database,
         char       **out,
         char       **err,
         ...)
{
  const char *ctl = g_getenv ("MONIA_CTL");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  int status = 0;
  va_list args;

  g_assert_nonnull (ctl);
  g_ptr_array_add (argv, (char *) ctl);
  g_ptr_array_add (argv, (char *) "--database");
  g_ptr_array_add (argv, (char *) database);
  g_ptr_array_add (argv, (char *) "demo-data");
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT,
                               NULL, NULL, out, err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_ctl_demo_data (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("monia-test-demo-ctl-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "ctl.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(MoniaStore) store = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (run_ctl (path, &out, &err, "--cases", "30", "--seed", "5", NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_true (g_regex_match_simple ("^\\s*case\\s+30$", out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("[0-9]+\\.[0-9] ", out, 0, 0));   /* seconds */
  g_assert_cmpuint (g_strv_length (lines), <=, 15);   /* short: no line per batch */

  store = monia_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (monia_store_count (store, "case"), ==, 30);
  g_clear_object (&store);

  /* --today pins the day: the newest case is of that day or before, and
   * the same seed and day make the same cases as the library does. */
  {
    g_autofree char *pinned = g_build_filename (dir, "pinned.db", NULL);
    g_autofree char *library = g_build_filename (dir, "library.db", NULL);
    g_autofree char *described = NULL, *expected = NULL;
    g_autoptr(MoniaStore) other = NULL;
    g_autoptr(GListModel) cases = NULL;
    GDate day;

    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_ctl (pinned, &out, &err, "--cases", "30", "--seed", "5", "--today", "2024-06-20", NULL), ==, 0);
    store = monia_store_open (pinned, &error);
    g_assert_no_error (error);
    cases = monia_store_list_cases (store);
    for (guint i = 0; i < g_list_model_get_n_items (cases); i++)
      {
        g_autoptr(MoniaRecord) record = g_list_model_get_item (cases, i);
        GDate last;

        g_assert_true (monia_record_get_date (record, "opened_on", &day));
        g_date_clear (&last, 1);
        g_date_set_dmy (&last, 20, G_DATE_JUNE, 2024);
        g_assert_cmpint (g_date_compare (&day, &last), <=, 0);
      }
    other = monia_store_open (library, &error);
    g_assert_no_error (error);
    g_date_clear (&day, 1);
    g_date_set_dmy (&day, 20, G_DATE_JUNE, 2024);
    g_assert_true (monia_demo_generate_for_day (other, 30, 5, &day, NULL, NULL, &error));
    g_assert_no_error (error);
    described = describe_content (store);
    expected = describe_content (other);
    g_assert_cmpstr (described, ==, expected);
    g_clear_object (&store);
  }

  remove_dir (dir);
}

static void
test_ctl_demo_data_bad_input (void)
{
  static const char *bad[][4] = {
    { NULL },
    { "--cases", NULL },
    { "--cases", "0", NULL },
    { "--cases", "1000001", NULL },
    { "--cases", "ten", NULL },
    { "--cases", "-5", NULL },
    { "--cases", "12x", NULL },
    { "--cases", "", NULL },
    { "--cases=3", "--seed", "abc", NULL },
    { "--cases", "3", "--seed", NULL },
    { "--cases", "3", "--frobnicate", NULL },
    { "--cases", "3", "--cases", "4" },
    { "--cases", "3", "--today", "2025-02-30" },
    { "--cases", "3", "--today", NULL },
    { "--cases", "3", "--today", "14.3.2025" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("monia-test-demo-ctl-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "never.db", NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int code;

      code = run_ctl (path, &out, &err,
                      bad[i][0], bad[i][0] ? bad[i][1] : NULL,
                      bad[i][0] && bad[i][1] ? bad[i][2] : NULL,
                      bad[i][0] && bad[i][1] && bad[i][2] ? bad[i][3] : NULL, NULL);
      g_test_message ("case %u: exit %d, %s", i, code, err);
      g_assert_cmpint (code, ==, 2);
      g_assert_cmpstr (out, ==, "");
      g_assert_true (g_str_has_prefix (err, "monia-ctl demo-data: "));
      /* Bad input never touches the store. */
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }
  remove_dir (dir);
}

static void
test_ctl_demo_data_bad_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("monia-test-demo-ctl-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "not-a-store.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *contents = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, "these are notes, not a database\n", -1, &error));
  g_assert_no_error (error);

  g_assert_cmpint (run_ctl (path, &out, &err, "--cases", "3", NULL), ==, 3);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpuint (strlen (err), >, 10);
  /* The file is left as it was. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_cmpstr (contents, ==, "these are notes, not a database\n");

  remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  /* The content depends on the reference day: pin it. */
  g_setenv ("MONIA_DEMO_TODAY", TODAY, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo/same-seed", test_demo_same_seed);
  g_test_add_func ("/demo/other-seed", test_demo_other_seed);
  g_test_add_func ("/demo/content", test_demo_content);
  g_test_add_func ("/demo/too-many", test_demo_too_many);
  g_test_add_func ("/demo/bad-reference-day", test_demo_bad_reference_day);
  g_test_add_func ("/demo/believable", test_demo_believable);
  g_test_add_func ("/demo/ctl", test_ctl_demo_data);
  g_test_add_func ("/demo/ctl-bad-input", test_ctl_demo_data_bad_input);
  g_test_add_func ("/demo/ctl-bad-store", test_ctl_demo_data_bad_store);

  return g_test_run ();
}
