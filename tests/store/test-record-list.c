/* test-record-list.c — the lazy list models
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "monia-core.h"
#include "monia-record-list.h"
#include "monia-test-util.h"

#define N_CASES 1000

typedef struct
{
  guint position;
  guint removed;
  guint added;
} Change;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GArray     *log)
{
  Change change = { position, removed, added };

  g_array_append_val (log, change);
}

static void
fill (MoniaStore *store,
      guint       n)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) monia_mutation_unref);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      MoniaMutation *m = monia_mutation_new_create ("case");
      g_autofree char *title = g_strdup_printf ("Family %04u", i);
      g_autofree char *opened = g_strdup_printf ("2025-%02u-%02u", 1 + i % 12, 1 + i % 28);

      monia_mutation_set_string (m, "title", title);
      monia_mutation_set_string (m, "opened_on", opened);
      g_ptr_array_add (batch, m);
    }
  g_assert_true (monia_store_apply (store, batch, &error));
  g_assert_no_error (error);
}

static void
test_lazy_and_ordered (void)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();
  g_autofree char *path = g_build_filename (dir, "monia.db", NULL);
  g_autoptr(MoniaStore) store = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *previous = NULL;

  store = monia_store_open (path, &error);
  g_assert_no_error (error);
  fill (store, N_CASES);

  list = monia_store_list_cases (store);
  g_assert_true (g_list_model_get_item_type (list) == MONIA_TYPE_RECORD);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, N_CASES);

  /* Knowing the length reads no record. */
  g_assert_cmpuint (monia_record_list_get_n_cached (MONIA_RECORD_LIST (list)), ==, 0);

  {
    g_autoptr(MoniaRecord) last = g_list_model_get_item (list, N_CASES - 1);

    g_assert_nonnull (last);
    g_assert_cmpuint (monia_record_list_get_n_cached (MONIA_RECORD_LIST (list)), <=,
                      MONIA_RECORD_LIST_PAGE_SIZE);
  }

  /* Newest first; every record read once while walking, memory bounded. */
  for (guint i = 0; i < N_CASES; i++)
    {
      g_autoptr(MoniaRecord) record = g_list_model_get_item (list, i);
      const char *opened = monia_record_get_string (record, "opened_on");

      g_assert_nonnull (record);
      if (previous != NULL)
        g_assert_cmpstr (previous, >=, opened);
      g_free (previous);
      previous = g_strdup (opened);
      g_assert_cmpuint (monia_record_list_get_n_cached (MONIA_RECORD_LIST (list)), <=,
                        MONIA_RECORD_LIST_PAGE_SIZE * MONIA_RECORD_LIST_MAX_PAGES);
    }

  g_assert_null (g_list_model_get_item (list, N_CASES));

  g_clear_object (&list);
  g_assert_finalize_object (g_steal_pointer (&store));
  monia_test_tmp_dir_remove (dir);
}

static guint
find_title (GListModel *list,
            const char *title)
{
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(MoniaRecord) record = g_list_model_get_item (list, i);

      if (g_strcmp0 (monia_record_get_string (record, "title"), title) == 0)
        return i;
    }
  return G_MAXUINT;
}

static void
test_follows_changes (void)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();
  g_autofree char *path = g_build_filename (dir, "monia.db", NULL);
  g_autoptr(MoniaStore) store = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GArray) log = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autoptr(MoniaMutation) create = monia_mutation_new_create ("case");
  g_autoptr(MoniaMutation) update = NULL;
  g_autoptr(MoniaMutation) del = NULL;
  g_autoptr(MoniaMutation) person = monia_mutation_new_create ("person");
  g_autoptr(GError) error = NULL;
  Change *change;
  guint position;

  store = monia_store_open (path, &error);
  g_assert_no_error (error);
  fill (store, 100);
  list = monia_store_list_cases (store);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), log);

  /* Another kind changes nothing here. */
  monia_mutation_set_string (person, "name", "Aino Testinen");
  g_assert_true (monia_store_apply_one (store, person, &error));
  g_assert_cmpuint (log->len, ==, 0);

  /* The newest case appears at the top. */
  monia_mutation_set_string (create, "title", "Newest family");
  monia_mutation_set_string (create, "opened_on", "2026-11-23");
  g_assert_true (monia_store_apply_one (store, create, &error));
  g_assert_cmpuint (log->len, ==, 1);
  change = &g_array_index (log, Change, 0);
  g_assert_cmpuint (change->position, ==, 0);
  g_assert_cmpuint (change->removed, ==, 0);
  g_assert_cmpuint (change->added, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 101);
  g_assert_cmpuint (find_title (list, "Newest family"), ==, 0);

  /* A change in place is one row replaced, showing the new value. */
  position = find_title (list, "Family 0042");
  g_assert_cmpuint (position, !=, G_MAXUINT);
  g_array_set_size (log, 0);
  update = monia_mutation_new_update ("case", monia_mutation_get_record_id (create));
  monia_mutation_set_string (update, "title", "Renamed family");
  g_assert_true (monia_store_apply_one (store, update, &error));
  g_assert_cmpuint (log->len, ==, 1);
  change = &g_array_index (log, Change, 0);
  g_assert_cmpuint (change->position, ==, 0);
  g_assert_cmpuint (change->removed, ==, 1);
  g_assert_cmpuint (change->added, ==, 1);
  g_assert_cmpuint (find_title (list, "Renamed family"), ==, 0);

  /* A removed case leaves the list. */
  g_array_set_size (log, 0);
  del = monia_mutation_new_delete ("case", monia_mutation_get_record_id (create));
  g_assert_true (monia_store_apply_one (store, del, &error));
  g_assert_cmpuint (log->len, ==, 1);
  change = &g_array_index (log, Change, 0);
  g_assert_cmpuint (change->position, ==, 0);
  g_assert_cmpuint (change->removed, ==, 1);
  g_assert_cmpuint (change->added, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 100);
  g_assert_cmpuint (find_title (list, "Renamed family"), ==, G_MAXUINT);

  g_signal_handlers_disconnect_by_data (list, log);
  g_assert_finalize_object (g_steal_pointer (&list));
  g_assert_finalize_object (g_steal_pointer (&store));
  monia_test_tmp_dir_remove (dir);
}

/* The list does not keep the store alive, and says nothing once it is gone. */
static void
test_outlives_store (void)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();
  g_autofree char *path = g_build_filename (dir, "monia.db", NULL);
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;
  MoniaStore *store;

  store = monia_store_open (path, &error);
  g_assert_no_error (error);
  fill (store, 3);
  list = monia_store_list_help_requests (store);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 0);
  g_clear_object (&list);

  list = monia_store_list_cases (store);
  g_assert_finalize_object (store);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 3);
  g_assert_null (g_list_model_get_item (list, 0));
  monia_test_tmp_dir_remove (dir);
}

/* Filtered lists take in and let go of records as their fields change. */
static void
test_filtered (void)
{
  static const char *const me = "0b6a7a3c-1d2e-4f50-8a9b-0c1d2e3f4a5b";
  static const char *const other = "0b6a7a3c-1d2e-4f50-8a9b-0c1d2e3f4a5c";
  g_autofree char *dir = monia_test_tmp_dir_new ();
  g_autofree char *path = g_build_filename (dir, "monia.db", NULL);
  g_autoptr(MoniaStore) store = NULL;
  g_autoptr(GListModel) mine = NULL;
  g_autoptr(GListModel) open_requests = NULL;
  g_autoptr(GListModel) links = NULL;
  g_autoptr(MoniaMutation) handover = NULL;
  g_autoptr(MoniaMutation) triaged = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) monia_mutation_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *first_request = NULL;

  store = monia_store_open (path, &error);
  g_assert_no_error (error);
  monia_store_set_author (store, me);
  fill (store, 5);  /* nobody's */
  case_id = monia_store_create_case (store, "Testinen family", "Aino Testinen", NULL, &error);
  g_assert_no_error (error);

  mine = monia_store_list_cases_by (store, "owner_id", me);
  g_assert_cmpuint (g_list_model_get_n_items (mine), ==, 1);
  links = monia_store_list_by_ref (store, "case_person", "case_id", case_id);
  g_assert_cmpuint (g_list_model_get_n_items (links), ==, 1);

  handover = monia_mutation_new_update ("case", case_id);
  monia_mutation_set_string (handover, "owner_id", other);
  g_assert_true (monia_store_apply_one (store, handover, &error));
  g_assert_cmpuint (g_list_model_get_n_items (mine), ==, 0);

  /* Three requests due at different times; the earliest first. */
  for (gint64 due = 3; due >= 1; due--)
    {
      MoniaMutation *m = monia_mutation_new_create ("help_request");

      monia_mutation_set_string (m, "channel", "web");
      monia_mutation_set_int (m, "received_at", 1763900000);
      monia_mutation_set_int (m, "due_at", 1763900000 + due * 86400);
      if (due == 1)
        first_request = g_strdup (monia_mutation_get_record_id (m));
      g_ptr_array_add (batch, m);
    }
  g_assert_true (monia_store_apply (store, batch, &error));
  open_requests = monia_store_list_open_help_requests (store);
  g_assert_cmpuint (g_list_model_get_n_items (open_requests), ==, 3);
  {
    g_autoptr(MoniaRecord) top = g_list_model_get_item (open_requests, 0);

    g_assert_cmpstr (monia_record_get_id (top), ==, first_request);
  }

  triaged = monia_mutation_new_update ("help_request", first_request);
  monia_mutation_set_string (triaged, "outcome", "advice");
  g_assert_true (monia_store_apply_one (store, triaged, &error));
  g_assert_cmpuint (g_list_model_get_n_items (open_requests), ==, 2);

  g_clear_object (&mine);
  g_clear_object (&links);
  g_clear_object (&open_requests);
  g_assert_finalize_object (g_steal_pointer (&store));
  monia_test_tmp_dir_remove (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/record-list/lazy-and-ordered", test_lazy_and_ordered);
  g_test_add_func ("/record-list/follows-changes", test_follows_changes);
  g_test_add_func ("/record-list/outlives-store", test_outlives_store);
  g_test_add_func ("/record-list/filtered", test_filtered);

  return g_test_run ();
}
