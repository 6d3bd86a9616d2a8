/* test-audit.c — audit events: a case's views, its plan given out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-test"

#include "config.h"

#include "monia-case-ops.h"
#include "monia-core.h"
#include "monia-test-util.h"

#define ME "0b6a7a3c-1d2e-4f50-8a9b-0c1d2e3f4a5b"

typedef struct
{
  char       *dir;
  MoniaStore *store;
  char       *case_id;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(MoniaMutation) m = monia_mutation_new_create ("case");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = monia_test_tmp_dir_new ();
  path = g_build_filename (fixture->dir, "monia.db", NULL);
  fixture->store = monia_store_open (path, &error);
  g_assert_no_error (error);

  monia_mutation_set_string (m, "title", "Synthetic family");
  monia_mutation_set_string (m, "status", "open");
  monia_mutation_set_string (m, "owner_id", ME);
  g_assert_true (monia_store_apply_one (fixture->store, m, &error));
  g_assert_no_error (error);
  fixture->case_id = g_strdup (monia_mutation_get_record_id (m));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->store);
  monia_test_tmp_dir_remove (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->case_id);
}

static MoniaRecord *
only_event (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = monia_store_find (fixture->store, "audit_event", "case_id", fixture->case_id, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  return g_object_ref (g_ptr_array_index (events, 0));
}

static void
test_case_view (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaRecord) event = NULL;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;

  monia_store_set_author (fixture->store, ME);
  g_assert_true (monia_audit_record_case_view (fixture->store, fixture->case_id, &error));
  g_assert_no_error (error);

  event = only_event (fixture);
  g_assert_cmpstr (monia_record_get_string (event, "action"), ==, "view");
  g_assert_cmpstr (monia_record_get_string (event, "record_kind"), ==, "case");
  g_assert_cmpstr (monia_record_get_string (event, "record_id"), ==, fixture->case_id);
  g_assert_cmpstr (monia_record_get_string (event, "actor_id"), ==, ME);
  g_assert_cmpstr (monia_record_get_string (event, "device_id"), ==, monia_store_get_device_id (fixture->store));
  g_assert_cmpint (monia_record_get_int (event, "at", 0), >=, before);

  /* A case that is not there is not looked at. */
  g_assert_false (monia_audit_record_case_view (fixture->store, "00000000-0000-4000-8000-000000000099", &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_NOT_FOUND);
}

static void
test_plan_output (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaRecord) event = NULL;
  g_autofree char *plan_id = NULL;

  plan_id = monia_case_create_plan_draft (fixture->store, fixture->case_id, &error);
  g_assert_no_error (error);

  /* Nobody named: the event says no one. */
  g_assert_true (monia_audit_record_plan_output (fixture->store, plan_id, "export", &error));
  g_assert_no_error (error);
  event = only_event (fixture);
  g_assert_cmpstr (monia_record_get_string (event, "action"), ==, "export");
  g_assert_cmpstr (monia_record_get_string (event, "record_kind"), ==, "plan");
  g_assert_cmpstr (monia_record_get_string (event, "record_id"), ==, plan_id);
  g_assert_cmpstr (monia_record_get_string (event, "case_id"), ==, fixture->case_id);
  g_assert_null (monia_record_get_string (event, "actor_id"));
}

static void
test_thl_output (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) events = NULL;
  g_autoptr(MoniaRecord) event = NULL;
  GDate from, to;

  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  g_date_set_dmy (&from, 1, 1, 2026);
  g_date_set_dmy (&to, 30, 6, 2026);
  monia_store_set_author (fixture->store, ME);
  g_assert_true (monia_audit_record_thl_output (fixture->store, &from, &to, "print", &error));
  g_assert_no_error (error);

  events = monia_store_list (fixture->store, "audit_event");
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 1);
  event = g_list_model_get_item (events, 0);
  g_assert_cmpstr (monia_record_get_string (event, "action"), ==, "print");
  g_assert_cmpstr (monia_record_get_string (event, "reason"), ==, "thl_return 2026-01-01/2026-06-30");
  g_assert_cmpstr (monia_record_get_string (event, "actor_id"), ==, ME);
  g_assert_null (monia_record_get_string (event, "record_id"));
  g_assert_null (monia_record_get_string (event, "case_id"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/audit/case-view", test_case_view);
  ADD ("/audit/plan-output", test_plan_output);
  ADD ("/audit/thl-output", test_thl_output);

  return g_test_run ();
}
