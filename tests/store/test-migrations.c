/* test-migrations.c — every earlier schema version opens and migrates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "monia-core.h"
#include "monia-store-private.h"
#include "monia-test-util.h"

#define FIXTURE_CASE "6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e10"
#define FIXTURE_CHILD "6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e01"
#define FIXTURE_NOTE "6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e30"
#define FIXTURE_REQUEST "6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e40"

/* Builds a store file from a frozen SQL dump of that version. */
static char *
load_fixture (const char *dir,
              int         version)
{
  g_autofree char *name = g_strdup_printf ("store-v%d.sql", version);
  g_autofree char *sql_path = g_test_build_filename (G_TEST_DIST, "store", "data", name, NULL);
  g_autofree char *sql = NULL;
  char *path = g_build_filename (dir, "monia.db", NULL);
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_true (g_file_get_contents (sql_path, &sql, NULL, NULL));
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("fixture %s: %s", name, message);
  sqlite3_close (db);
  return path;
}

static gint64
raw_int (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
test_migrate_fixture (gconstpointer data)
{
  int version = GPOINTER_TO_INT (data);
  g_autofree char *dir = monia_test_tmp_dir_new ();
  g_autofree char *path = load_fixture (dir, version);
  g_autofree char *backup = g_strdup_printf ("%s.v%d.bak", path, version);
  g_autoptr(MoniaStore) store = NULL;
  g_autoptr(MoniaRecord) case_ = NULL;
  g_autoptr(MoniaRecord) request = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *new_case = NULL;

  g_assert_cmpint (raw_int (path, "PRAGMA user_version"), ==, version);
  g_assert_true (monia_store_needs_update (path));

  /* As the app opens a store that needs updating: in a worker thread. */
  {
    MoniaTestWait wait = { FALSE, NULL };

    monia_store_open_async (path, NULL, monia_test_wait_done, &wait);
    g_assert_true (monia_test_wait_flag (&wait.done, 120));
    store = monia_store_open_finish (wait.result, &error);
    g_object_unref (wait.result);
  }
  g_assert_no_error (error);
  g_assert_false (monia_store_needs_update (path));
  g_assert_cmpint (monia_store_get_schema_version (store), ==, MONIA_STORE_SCHEMA_VERSION);

  /* The migration's write-ahead log is emptied, not left to be read again
   * at the next open. */
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    GStatBuf st;

    g_assert_cmpint (g_stat (wal, &st), ==, 0);
    g_assert_cmpint (st.st_size, ==, 0);
  }

  /* The older file is kept beside it, unchanged in version. */
  g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));
  g_assert_cmpint (raw_int (backup, "PRAGMA user_version"), ==, version);
  g_assert_cmpint (raw_int (backup, "SELECT count(*) FROM cases"), ==, 1);

  /* Everything that was there is still there. */
  case_ = monia_store_get (store, "case", FIXTURE_CASE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (monia_record_get_string (case_, "title"), ==, "Testinen family");
  g_assert_cmpint (monia_store_count (store, "person"), ==, 2);
  g_assert_cmpint (monia_store_count (store, "case_person"), ==, 2);
  g_assert_cmpint (monia_store_count (store, "event"), ==, 1);
  request = monia_store_get (store, "help_request", FIXTURE_REQUEST, &error);
  g_assert_no_error (error);
  g_assert_true (monia_record_get_bool (request, "anonymous"));
  /* Its answer-by time (new in version 3) is reckoned: sent by the web
   * button on Sunday 14 January 2024 with a promise of three working days,
   * it is due by the end of Wednesday 17 January. */
  {
    g_autoptr(GDateTime) due = g_date_time_new_local (2024, 1, 18, 0, 0, 0);

    g_assert_nonnull (monia_record_get (request, "due_at"));
    g_assert_cmpint (monia_record_get_int (request, "due_at", 0), ==, g_date_time_to_unix (due));
  }

  pending = monia_store_get_pending_changes (store, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 1);

  /* Search covers the rows from before the index existed. */
  hits = monia_store_search (store, "testinen", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 3);  /* two people and the case */
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = monia_store_search (store, "kotikäynti", 10, &error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (((MoniaSearchHit *) g_ptr_array_index (hits, 0))->record_id, ==, FIXTURE_NOTE);

  /* And the migrated store takes new work. */
  new_case = monia_store_create_case (store, "Virtanen family", "Eino Virtanen", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (monia_store_count (store, "case"), ==, 2);
  g_assert_true (monia_store_check_integrity (store, &error));

  g_clear_object (&store);
  g_assert_cmpint (raw_int (path, "PRAGMA user_version"), ==, MONIA_STORE_SCHEMA_VERSION);
  monia_test_tmp_dir_remove (dir);
}

/* A store made at each earlier version by that version's migrations
 * reaches the same schema as a new store. */
static void
test_migrated_schema_equals_fresh (void)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();
  g_autofree char *fresh_path = g_build_filename (dir, "fresh.db", NULL);
  g_autoptr(MoniaStore) fresh = NULL;
  g_autoptr(GError) error = NULL;
  gint64 fresh_objects, fresh_text;

  fresh = monia_store_open (fresh_path, &error);
  g_assert_no_error (error);
  g_clear_object (&fresh);
  fresh_objects = raw_int (fresh_path, "SELECT count(*) FROM sqlite_master");
  g_assert_cmpint (fresh_objects, >, 40);
  /* A version that only adds columns has as many objects as the one
   * before it, but longer definitions. */
  fresh_text = raw_int (fresh_path, "SELECT sum (length (sql)) FROM sqlite_master");

  for (int v = 1; v < MONIA_STORE_SCHEMA_VERSION; v++)
    {
      g_autofree char *name = g_strdup_printf ("v%d.db", v);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(MoniaStore) store = NULL;

      g_assert_true (_monia_store_create_at_version (path, v, &error));
      g_assert_no_error (error);
      g_assert_cmpint (raw_int (path, "SELECT count(*) FROM sqlite_master"), <=, fresh_objects);
      g_assert_cmpint (raw_int (path, "SELECT sum (length (sql)) FROM sqlite_master"), <, fresh_text);
      store = monia_store_open (path, &error);
      g_assert_no_error (error);
      g_clear_object (&store);
      g_assert_cmpint (raw_int (path, "SELECT count(*) FROM sqlite_master"), ==, fresh_objects);
      g_assert_cmpint (raw_int (path, "SELECT sum (length (sql)) FROM sqlite_master"), ==, fresh_text);
    }

  monia_test_tmp_dir_remove (dir);
}

/* Only a Monia store of an older schema needs updating; whatever else is
 * there is left for monia_store_open() to open or refuse. */
static void
test_needs_update (void)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();
  g_autofree char *missing = g_build_filename (dir, "missing.db", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.db", NULL);
  g_autofree char *text = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *foreign = g_build_filename (dir, "foreign.db", NULL);
  g_autofree char *current = g_build_filename (dir, "current.db", NULL);
  g_autofree char *newer = g_build_filename (dir, "newer.db", NULL);
  g_autofree char *older = g_build_filename (dir, "older.db", NULL);
  g_autofree char *set_newer = g_strdup_printf ("PRAGMA user_version = %d", MONIA_STORE_SCHEMA_VERSION + 1);
  g_autoptr(MoniaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  MoniaTestWait wait = { FALSE, NULL };

  g_assert_false (monia_store_needs_update (missing));
  g_assert_false (monia_store_needs_update (dir));
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_false (monia_store_needs_update (empty));
  g_assert_true (g_file_set_contents (text, "Not a database at all, but long enough to have a header.", -1, NULL));
  g_assert_false (monia_store_needs_update (text));

  g_assert_cmpint (sqlite3_open (foreign, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE t (x); PRAGMA user_version = 1", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_false (monia_store_needs_update (foreign));

  store = monia_store_open (current, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  g_assert_false (monia_store_needs_update (current));

  store = monia_store_open (newer, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  g_assert_cmpint (sqlite3_open (newer, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, set_newer, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_false (monia_store_needs_update (newer));

  g_assert_true (_monia_store_create_at_version (older, MONIA_STORE_SCHEMA_VERSION - 1, &error));
  g_assert_no_error (error);
  g_assert_true (monia_store_needs_update (older));

  /* The threaded open refuses what the plain one refuses, with its error. */
  monia_store_open_async (foreign, NULL, monia_test_wait_done, &wait);
  g_assert_true (monia_test_wait_flag (&wait.done, 60));
  g_assert_null (monia_store_open_finish (wait.result, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_FOREIGN_FILE);
  g_clear_object (&wait.result);

  monia_test_tmp_dir_remove (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (int v = 1; v < MONIA_STORE_SCHEMA_VERSION; v++)
    {
      g_autofree char *path = g_strdup_printf ("/migrations/from-v%d", v);

      g_test_add_data_func (path, GINT_TO_POINTER (v), test_migrate_fixture);
    }
  g_test_add_func ("/migrations/schema-equals-fresh", test_migrated_schema_equals_fresh);
  g_test_add_func ("/migrations/needs-update", test_needs_update);

  return g_test_run ();
}
