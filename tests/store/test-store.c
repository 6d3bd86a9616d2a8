/* test-store.c — the store, its one write path and the change log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "monia-core.h"
#include "monia-store-private.h"
#include "monia-test-util.h"

/* Synthetic people only: temporary identity codes (individual number 900–999). */
#define CHILD_HETU "300620A901D"
#define GUARDIAN_HETU "120388-9428"

typedef struct
{
  char       *dir;
  char       *path;
  MoniaStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = monia_test_tmp_dir_new ();
  fixture->path = g_build_filename (fixture->dir, "sub", "monia.db", NULL);
  fixture->store = monia_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
  monia_store_set_author (fixture->store, "0b6a7a3c-1d2e-4f50-8a9b-0c1d2e3f4a5b");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->store);
  monia_test_tmp_dir_remove (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* Raw access to the file, for checking what the store wrote. */
static sqlite3 *
open_raw (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  return db;
}

static gint64
raw_int (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static char *
raw_text (sqlite3    *db,
          const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static char *
create_person (MoniaStore *store,
               const char *name)
{
  g_autoptr(MoniaMutation) m = monia_mutation_new_create ("person");
  g_autoptr(GError) error = NULL;

  monia_mutation_set_string (m, "name", name);
  g_assert_true (monia_store_apply_one (store, m, &error));
  g_assert_no_error (error);
  return g_strdup (monia_mutation_get_record_id (m));
}

static void
test_open_new (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *mode = NULL;
  sqlite3 *db;

  g_assert_cmpint (monia_store_get_schema_version (fixture->store), ==, MONIA_STORE_SCHEMA_VERSION);
  g_assert_true (g_uuid_string_is_valid (monia_store_get_device_id (fixture->store)));
  g_assert_cmpstr (monia_store_get_path (fixture->store), ==, fixture->path);
  g_assert_cmpint (monia_store_count (fixture->store, "case"), ==, 0);

  db = open_raw (fixture->path);
  mode = raw_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (raw_int (db, "PRAGMA application_id"), ==, MONIA_STORE_APPLICATION_ID);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, MONIA_STORE_SCHEMA_VERSION);
  sqlite3_close (db);
}

static void
test_reopen_keeps_device (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *device = g_strdup (monia_store_get_device_id (fixture->store));
  g_autofree char *person = create_person (fixture->store, "Aino Testinen");
  g_autoptr(MoniaStore) again = NULL;
  g_autoptr(MoniaRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (monia_store_is_demo (fixture->store));
  g_assert_true (monia_store_mark_demo (fixture->store, &error));
  g_assert_no_error (error);

  again = monia_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (monia_store_get_device_id (again), ==, device);
  g_assert_true (monia_store_is_demo (again));
  record = monia_store_get (again, "person", person, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (monia_record_get_string (record, "name"), ==, "Aino Testinen");
}

/* The kinds table in C and the tables the migrations make must agree, or
 * the write path would build SQL for columns that are not there. */
static void
test_kinds_match_tables (Fixture       *fixture,
                         gconstpointer  data)
{
  static const char *const meta_columns[] = { "id", "rev", "deleted", "created_at", "updated_at" };
  const MoniaKind *kinds;
  guint n_kinds;
  sqlite3 *db = open_raw (fixture->path);

  kinds = monia_kind_get_all (&n_kinds);
  g_assert_cmpuint (n_kinds, >=, 19);

  for (guint k = 0; k < n_kinds; k++)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA table_info(%s)", kinds[k].table);
      g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func (g_free);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (columns, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
      sqlite3_finalize (stmt);

      g_assert_cmpuint (columns->len, ==, G_N_ELEMENTS (meta_columns) + kinds[k].n_fields);
      for (guint i = 0; i < G_N_ELEMENTS (meta_columns); i++)
        g_assert_true (g_ptr_array_find_with_equal_func (columns, meta_columns[i], g_str_equal, NULL));
      for (guint f = 0; f < kinds[k].n_fields; f++)
        {
          if (!g_ptr_array_find_with_equal_func (columns, kinds[k].fields[f].name, g_str_equal, NULL))
            g_error ("table %s lacks column %s", kinds[k].table, kinds[k].fields[f].name);
          if (kinds[k].fields[f].type == MONIA_FIELD_REF)
            g_assert_nonnull (monia_kind_lookup (kinds[k].fields[f].ref_kind));
        }
      if ((kinds[k].flags & MONIA_KIND_FLAG_CASE_SCOPED) != 0)
        g_assert_nonnull (monia_kind_lookup_field (&kinds[k], "case_id"));
    }

  sqlite3_close (db);
}

static void
test_create_update_delete_logged (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(MoniaMutation) create = monia_mutation_new_create ("case");
  g_autoptr(MoniaMutation) update = NULL;
  g_autoptr(MoniaMutation) noop = NULL;
  g_autoptr(MoniaMutation) del = NULL;
  g_autoptr(MoniaRecord) record = NULL;
  g_autoptr(MoniaRecord) gone = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fields = NULL;
  g_autofree char *author = NULL;
  const char *id = monia_mutation_get_record_id (create);
  sqlite3 *db;

  g_assert_true (g_uuid_string_is_valid (id));
  g_assert_true (g_uuid_string_is_valid (monia_mutation_get_id (create)));

  monia_mutation_set_string (create, "title", "Testinen family");
  monia_mutation_set_string (create, "status", "open");
  monia_mutation_set_string (create, "opened_on", "2026-11-02");
  g_assert_true (monia_store_apply_one (fixture->store, create, &error));
  g_assert_no_error (error);
  g_assert_cmpint (monia_mutation_get_base_rev (create), ==, 0);

  record = monia_store_get (fixture->store, "case", id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (monia_record_get_rev (record), ==, 1);
  g_assert_cmpstr (monia_record_get_string (record, "title"), ==, "Testinen family");
  g_assert_null (monia_record_get (record, "closed_on"));
  g_clear_object (&record);

  update = monia_mutation_new_update ("case", id);
  monia_mutation_set_string (update, "title", "Testinen–Virtanen family");
  monia_mutation_set_string (update, "status", "open");  /* unchanged: not logged */
  g_assert_true (monia_store_apply_one (fixture->store, update, &error));
  g_assert_no_error (error);
  g_assert_cmpint (monia_mutation_get_base_rev (update), ==, 0);  /* the server has not seen it */
  g_assert_cmpuint (monia_mutation_get_n_changes (update), ==, 1);
  g_assert_cmpstr (g_variant_get_string (monia_mutation_get_change (update, 0)->old_value, NULL),
                   ==, "Testinen family");

  record = monia_store_get (fixture->store, "case", id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (monia_record_get_rev (record), ==, 2);
  g_assert_cmpstr (monia_record_get_string (record, "title"), ==, "Testinen–Virtanen family");

  /* Setting a field to what it is changes nothing and logs nothing. */
  noop = monia_mutation_new_update ("case", id);
  monia_mutation_set_string (noop, "title", "Testinen–Virtanen family");
  g_assert_true (monia_store_apply_one (fixture->store, noop, &error));
  g_assert_cmpint (monia_store_count_pending_changes (fixture->store), ==, 2);

  del = monia_mutation_new_delete ("case", id);
  g_assert_true (monia_store_apply_one (fixture->store, del, &error));
  g_assert_no_error (error);
  g_assert_cmpint (monia_mutation_get_base_rev (del), ==, 0);
  gone = monia_store_get (fixture->store, "case", id, &error);
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_NOT_FOUND);
  g_assert_null (gone);
  g_assert_cmpint (monia_store_count (fixture->store, "case"), ==, 0);

  db = open_raw (fixture->path);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM changes"), ==, 3);
  fields = raw_text (db, "SELECT fields FROM changes WHERE op = 'update'");
  g_assert_cmpstr (fields, ==, "{\"title\":[\"Testinen family\",\"Testinen–Virtanen family\"]}");
  author = raw_text (db, "SELECT author FROM changes WHERE op = 'delete'");
  g_assert_cmpstr (author, ==, "0b6a7a3c-1d2e-4f50-8a9b-0c1d2e3f4a5b");
  g_assert_cmpint (raw_int (db, "SELECT deleted FROM cases"), ==, 1);
  g_assert_cmpint (raw_int (db, "SELECT rev FROM cases"), ==, 3);
  sqlite3_close (db);
}

static void
test_pending_changes_roundtrip (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(MoniaMutation) create = monia_mutation_new_create ("help_request");
  g_autoptr(MoniaMutation) update = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GError) error = NULL;
  MoniaMutation *read;

  monia_mutation_set_string (create, "channel", "web");
  monia_mutation_set_int (create, "received_at", 1763900000);
  monia_mutation_set_bool (create, "anonymous", TRUE);
  monia_mutation_set_string (create, "message", "Line one\nLine \"two\" \\ tab\t end");
  g_assert_true (monia_store_apply_one (fixture->store, create, &error));

  update = monia_mutation_new_update ("help_request", monia_mutation_get_record_id (create));
  monia_mutation_set_bool (update, "anonymous", FALSE);
  monia_mutation_set_string (update, "message", NULL);
  g_assert_true (monia_store_apply_one (fixture->store, update, &error));
  g_assert_no_error (error);

  pending = monia_store_get_pending_changes (fixture->store, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 2);

  read = g_ptr_array_index (pending, 0);
  g_assert_cmpstr (monia_mutation_get_id (read), ==, monia_mutation_get_id (create));
  g_assert_cmpint (monia_mutation_get_op (read), ==, MONIA_OP_CREATE);
  g_assert_cmpuint (monia_mutation_get_n_changes (read), ==, 4);
  g_assert_cmpstr (g_variant_get_string (monia_mutation_get_change (read, 3)->new_value, NULL),
                   ==, "Line one\nLine \"two\" \\ tab\t end");
  g_assert_cmpint (g_variant_get_int64 (monia_mutation_get_change (read, 1)->new_value), ==, 1763900000);

  read = g_ptr_array_index (pending, 1);
  g_assert_cmpint (monia_mutation_get_op (read), ==, MONIA_OP_UPDATE);
  g_assert_cmpint (monia_mutation_get_base_rev (read), ==, 0);
  g_assert_cmpuint (monia_mutation_get_n_changes (read), ==, 2);
  g_assert_cmpstr (monia_mutation_get_change (read, 0)->field, ==, "anonymous");
  g_assert_true (g_variant_get_boolean (monia_mutation_get_change (read, 0)->old_value));
  g_assert_false (g_variant_get_boolean (monia_mutation_get_change (read, 0)->new_value));
  g_assert_cmpstr (monia_mutation_get_change (read, 1)->field, ==, "message");
  g_assert_nonnull (monia_mutation_get_change (read, 1)->old_value);
  g_assert_null (monia_mutation_get_change (read, 1)->new_value);

  g_clear_pointer (&pending, g_ptr_array_unref);
  pending = monia_store_get_pending_changes (fixture->store, 1, &error);
  g_assert_cmpuint (pending->len, ==, 1);
}

typedef struct
{
  const char *what;
  MoniaError  code;
} BadCase;

static void
assert_rejected (Fixture       *fixture,
                 MoniaMutation *mutation,
                 MoniaError     code)
{
  g_autoptr(GError) error = NULL;
  gint64 before = monia_store_count_pending_changes (fixture->store);

  g_assert_false (monia_store_apply_one (fixture->store, mutation, &error));
  g_assert_error (error, MONIA_ERROR, (int) code);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_cmpint (monia_store_count_pending_changes (fixture->store), ==, before);
}

static void
test_bad_mutations_rejected (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *person = create_person (fixture->store, "Pekka Testinen");
  g_autoptr(MoniaMutation) event = monia_mutation_new_create ("event");
  g_autoptr(MoniaMutation) case_ = monia_mutation_new_create ("case");
  g_autoptr(GError) error = NULL;
  MoniaMutation *m;

  m = monia_mutation_new_create ("spaceship");
  assert_rejected (fixture, m, MONIA_ERROR_INVALID_INPUT);
  monia_mutation_unref (m);

  m = monia_mutation_new_create ("person");
  monia_mutation_set_string (m, "name", "X");
  monia_mutation_set_string (m, "shoe_size", "42");
  assert_rejected (fixture, m, MONIA_ERROR_INVALID_INPUT);
  monia_mutation_unref (m);

  m = monia_mutation_new_create ("person");
  monia_mutation_set_int (m, "name", 5);
  assert_rejected (fixture, m, MONIA_ERROR_INVALID_INPUT);
  monia_mutation_unref (m);

  m = monia_mutation_new_create ("person");
  monia_mutation_set_string (m, "name", "   ");
  assert_rejected (fixture, m, MONIA_ERROR_INVALID_INPUT);
  monia_mutation_unref (m);

  m = monia_mutation_new_create ("person");
  monia_mutation_set_string (m, "phone", "040 000 0000");
  assert_rejected (fixture, m, MONIA_ERROR_INVALID_INPUT);  /* name missing */
  monia_mutation_unref (m);

  m = monia_mutation_new_create ("person");
  monia_mutation_set_string (m, "name", "X");
  monia_mutation_set_string (m, "birth_date", "2023-02-29");
  assert_rejected (fixture, m, MONIA_ERROR_INVALID_INPUT);
  monia_mutation_unref (m);

  m = monia_mutation_new_create ("person");
  monia_mutation_set_string (m, "name", "\xff\xfe");
  assert_rejected (fixture, m, MONIA_ERROR_INVALID_INPUT);
  monia_mutation_unref (m);

  m = monia_mutation_new_create ("case_person");
  monia_mutation_set_string (m, "case_id", "not-a-uuid");
  monia_mutation_set_string (m, "person_id", person);
  assert_rejected (fixture, m, MONIA_ERROR_INVALID_INPUT);
  monia_mutation_unref (m);

  m = monia_mutation_new_update ("person", "8d0c7f2e-0000-4000-8000-000000000000");
  monia_mutation_set_string (m, "name", "Nobody");
  assert_rejected (fixture, m, MONIA_ERROR_NOT_FOUND);
  monia_mutation_unref (m);

  m = monia_mutation_new_update ("person", "'; DROP TABLE people; --");
  monia_mutation_set_string (m, "name", "Nobody");
  assert_rejected (fixture, m, MONIA_ERROR_INVALID_INPUT);
  monia_mutation_unref (m);

  /* Notes are append-only. */
  monia_mutation_set_string (case_, "title", "Case");
  monia_mutation_set_string (event, "case_id", monia_mutation_get_record_id (case_));
  monia_mutation_set_string (event, "kind", "note");
  monia_mutation_set_int (event, "occurred_at", 1763900000);
  monia_mutation_set_string (event, "text", "Soitettu huoltajalle");
  {
    g_autoptr(GPtrArray) batch = g_ptr_array_new ();

    g_ptr_array_add (batch, case_);
    g_ptr_array_add (batch, event);
    g_assert_true (monia_store_apply (fixture->store, batch, &error));
    g_assert_no_error (error);
  }
  m = monia_mutation_new_update ("event", monia_mutation_get_record_id (event));
  monia_mutation_set_string (m, "text", "Rewritten");
  assert_rejected (fixture, m, MONIA_ERROR_READ_ONLY);
  monia_mutation_unref (m);
  m = monia_mutation_new_delete ("event", monia_mutation_get_record_id (event));
  assert_rejected (fixture, m, MONIA_ERROR_READ_ONLY);
  monia_mutation_unref (m);

  /* Creating the same record twice. */
  assert_rejected (fixture, case_, MONIA_ERROR_INVALID_INPUT);
}

/* A batch is all or nothing: a reference to a case that does not exist
 * fails at the commit and takes the valid mutations before it along. */
static void
test_batch_is_atomic (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) monia_mutation_unref);
  g_autoptr(GError) error = NULL;
  MoniaMutation *person = monia_mutation_new_create ("person");
  MoniaMutation *link = monia_mutation_new_create ("case_person");

  monia_mutation_set_string (person, "name", "Aino Testinen");
  monia_mutation_set_string (link, "case_id", "5a5a5a5a-0000-4000-8000-000000000001");
  monia_mutation_set_string (link, "person_id", monia_mutation_get_record_id (person));
  g_ptr_array_add (batch, person);
  g_ptr_array_add (batch, link);

  g_assert_false (monia_store_apply (fixture->store, batch, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_assert_cmpint (monia_store_count (fixture->store, "person"), ==, 0);
  g_assert_cmpint (monia_store_count_pending_changes (fixture->store), ==, 0);

  /* The store still works after the rollback. */
  g_free (create_person (fixture->store, "Aino Testinen"));
  g_assert_cmpint (monia_store_count (fixture->store, "person"), ==, 1);
}

static void
on_record_changed (MoniaStore *store,
                   const char *kind,
                   const char *id,
                   GPtrArray  *seen)
{
  g_autoptr(MoniaRecord) record = monia_store_get (store, kind, id, NULL);

  /* Emitted after the commit: the record is readable. */
  g_assert_nonnull (record);
  g_ptr_array_add (seen, g_strdup_printf ("%s:%s", kind, id));
}

static void
test_create_case (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(MoniaRecord) case_ = NULL;
  g_autoptr(MoniaRecord) person = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *expected = NULL;
  char *bad;

  g_signal_connect (fixture->store, "record-changed", G_CALLBACK (on_record_changed), seen);

  id = monia_store_create_case (fixture->store, "  Testinen family ", "Aino Testinen", " 300620a901d ", &error);
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (id));
  g_assert_cmpuint (seen->len, ==, 3);
  expected = g_strdup_printf ("case:%s", id);
  g_assert_true (g_ptr_array_find_with_equal_func (seen, expected, g_str_equal, NULL));

  case_ = monia_store_get (fixture->store, "case", id, &error);
  g_assert_cmpstr (monia_record_get_string (case_, "title"), ==, "Testinen family");
  g_assert_cmpstr (monia_record_get_string (case_, "owner_id"), ==, "0b6a7a3c-1d2e-4f50-8a9b-0c1d2e3f4a5b");
  links = monia_store_find (fixture->store, "case_person", "case_id", id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (links->len, ==, 1);
  person = monia_store_get (fixture->store, "person",
                            monia_record_get_string (g_ptr_array_index (links, 0), "person_id"), &error);
  g_assert_cmpstr (monia_record_get_string (person, "hetu"), ==, CHILD_HETU);
  g_assert_cmpstr (monia_record_get_string (person, "birth_date"), ==, "2020-06-30");

  /* A wrong check character: nothing is written. */
  bad = monia_store_create_case (fixture->store, "Other family", "Pekka Testinen", "120388-9429", &error);
  g_assert_null (bad);
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  bad = monia_store_create_case (fixture->store, " ", "Pekka Testinen", NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  bad = monia_store_create_case (fixture->store, "Other family", "", NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_assert_cmpint (monia_store_count (fixture->store, "case"), ==, 1);
  g_assert_cmpint (monia_store_count (fixture->store, "person"), ==, 1);

  g_signal_handlers_disconnect_by_data (fixture->store, seen);
}

static gboolean
hits_contain (GPtrArray  *hits,
              const char *kind,
              const char *record_id)
{
  for (guint i = 0; i < hits->len; i++)
    {
      MoniaSearchHit *hit = g_ptr_array_index (hits, i);

      if (g_str_equal (hit->kind, kind) && g_str_equal (hit->record_id, record_id))
        return TRUE;
    }
  return FALSE;
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  static const char *const hostile[] = {
    "\"", "\"\"", "*", "AND", "OR NOT", "(", "näkö)", "NEAR(a b)", "title:x", "^", "-",
    "'; DROP TABLE search; --", "a\"b*c", "🙂", "",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaMutation) event = monia_mutation_new_create ("event");
  g_autoptr(MoniaMutation) rename = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *other = NULL;
  GPtrArray *hits;

  case_id = monia_store_create_case (fixture->store, "Mäkinen family", "Väinö Mäkinen", GUARDIAN_HETU, &error);
  g_assert_no_error (error);
  other = monia_store_create_case (fixture->store, "Korhonen family", "Liisa Korhonen", NULL, &error);

  monia_mutation_set_string (event, "case_id", case_id);
  monia_mutation_set_string (event, "kind", "home_visit");
  monia_mutation_set_int (event, "occurred_at", 1763900000);
  monia_mutation_set_string (event, "text", "Kotikäynti: isä kertoi jaksamisesta");
  g_assert_true (monia_store_apply_one (fixture->store, event, &error));

  /* Prefixes, any case, with or without the dots. */
  hits = monia_store_search (fixture->store, "mäki", 10, &error);
  g_assert_no_error (error);
  g_assert_true (hits_contain (hits, "case", case_id));
  g_assert_false (hits_contain (hits, "case", other));
  g_ptr_array_unref (hits);

  hits = monia_store_search (fixture->store, "MAKINEN vai", 10, &error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (((MoniaSearchHit *) g_ptr_array_index (hits, 0))->kind, ==, "person");
  g_assert_nonnull (strstr (((MoniaSearchHit *) g_ptr_array_index (hits, 0))->snippet, "«"));
  g_ptr_array_unref (hits);

  hits = monia_store_search (fixture->store, "jaksam", 10, &error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (((MoniaSearchHit *) g_ptr_array_index (hits, 0))->kind, ==, "event");
  g_assert_cmpstr (((MoniaSearchHit *) g_ptr_array_index (hits, 0))->case_id, ==, case_id);
  g_ptr_array_unref (hits);

  hits = monia_store_search (fixture->store, "120388", 10, &error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_ptr_array_unref (hits);

  /* Every word must match. */
  hits = monia_store_search (fixture->store, "mäkinen korhonen", 10, &error);
  g_assert_cmpuint (hits->len, ==, 0);
  g_ptr_array_unref (hits);

  /* A renamed case is found by its new title only. */
  rename = monia_mutation_new_update ("case", other);
  monia_mutation_set_string (rename, "title", "Lahtinen family");
  g_assert_true (monia_store_apply_one (fixture->store, rename, &error));
  hits = monia_store_search (fixture->store, "korhonen", 10, &error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (((MoniaSearchHit *) g_ptr_array_index (hits, 0))->kind, ==, "person");
  g_ptr_array_unref (hits);
  hits = monia_store_search (fixture->store, "lahti", 10, &error);
  g_assert_true (hits_contain (hits, "case", other));
  g_ptr_array_unref (hits);

  /* FTS syntax typed by a person is searched for, never run. */
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      hits = monia_store_search (fixture->store, hostile[i], 10, &error);
      g_assert_no_error (error);
      g_assert_nonnull (hits);
      g_ptr_array_unref (hits);
    }
  g_assert_cmpint (monia_store_count (fixture->store, "case"), ==, 2);

  hits = monia_store_search (fixture->store, "\xc3\x28", 10, &error);
  g_assert_null (hits);
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
}

/* Rows made and changed in one batch are indexed once, as they end up. */
static void
test_search_same_batch (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) monia_mutation_unref);
  g_autoptr(GError) error = NULL;
  MoniaMutation *kept = monia_mutation_new_create ("case");
  MoniaMutation *renamed = monia_mutation_new_update ("case", monia_mutation_get_record_id (kept));
  MoniaMutation *dropped = monia_mutation_new_create ("person");
  MoniaMutation *removed = monia_mutation_new_delete ("person", monia_mutation_get_record_id (dropped));
  GPtrArray *hits;

  monia_mutation_set_string (kept, "title", "Heikkinen family");
  monia_mutation_set_string (renamed, "title", "Salonen family");
  monia_mutation_set_string (dropped, "name", "Ilmari Ahonen");
  g_ptr_array_add (batch, kept);
  g_ptr_array_add (batch, renamed);
  g_ptr_array_add (batch, dropped);
  g_ptr_array_add (batch, removed);
  g_assert_true (monia_store_apply (fixture->store, batch, &error));
  g_assert_no_error (error);

  hits = monia_store_search (fixture->store, "salonen", 10, &error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_ptr_array_unref (hits);
  hits = monia_store_search (fixture->store, "heikkinen", 10, &error);
  g_assert_cmpuint (hits->len, ==, 0);
  g_ptr_array_unref (hits);
  hits = monia_store_search (fixture->store, "ahonen", 10, &error);
  g_assert_cmpuint (hits->len, ==, 0);
  g_ptr_array_unref (hits);
  g_assert_true (monia_store_check_integrity (fixture->store, &error));
  g_assert_no_error (error);
}

/* Opening files that are not a usable Monia store ------------------------- */

static void
assert_open_fails_untouched (const char *path,
                             MoniaError  code)
{
  g_autoptr(GBytes) before = monia_test_read_file (path);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  MoniaStore *store;

  store = monia_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, MONIA_ERROR, (int) code);
  g_assert_nonnull (strstr (error->message, "has not"));

  after = monia_test_read_file (path);
  g_assert_true (g_bytes_equal (before, after));
  /* Nothing was even journaled beside it. */
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_open_garbage (void)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();
  g_autofree char *path = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *small = g_build_filename (dir, "small.db", NULL);

  g_assert_true (g_file_set_contents (path, "Muistiinpanoja, ei tietokanta.\n", -1, NULL));
  assert_open_fails_untouched (path, MONIA_ERROR_FOREIGN_FILE);
  g_assert_true (g_file_set_contents (small, "SQLite", -1, NULL));
  assert_open_fails_untouched (small, MONIA_ERROR_FOREIGN_FILE);

  monia_test_tmp_dir_remove (dir);
}

static void
test_open_foreign_sqlite (void)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();
  g_autofree char *path = g_build_filename (dir, "other.db", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('pulla');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  assert_open_fails_untouched (path, MONIA_ERROR_FOREIGN_FILE);
  monia_test_tmp_dir_remove (dir);
}

static char *
make_store_file (const char *dir)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, "monia.db", NULL);
  MoniaStore *store = monia_store_open (path, &error);
  g_autofree char *id = NULL;
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  id = monia_store_create_case (store, "Testinen family", "Aino Testinen", NULL, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (store);

  /* Fold the WAL into the file so the file alone is the store. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  return path;
}

static void
test_open_newer (void)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();
  g_autofree char *path = make_store_file (dir);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  assert_open_fails_untouched (path, MONIA_ERROR_NEWER_VERSION);
  monia_test_tmp_dir_remove (dir);
}

static void
test_open_corrupt (void)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();
  g_autofree char *path = make_store_file (dir);
  g_autofree char *contents = NULL;
  gsize length = 0;

  /* Scribble over the schema table on the first page, past the header. */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 4096);
  memset (contents + 100, 0xA5, 3000);
  g_assert_true (g_file_set_contents (path, contents, (gssize) length, NULL));

  assert_open_fails_untouched (path, MONIA_ERROR_CORRUPT_STORE);
  monia_test_tmp_dir_remove (dir);
}

/* Damage past the first page is found by the integrity check, and reads of
 * the damaged table give an error, not a crash. */
static void
test_corrupt_later_page (void)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();
  g_autofree char *path = make_store_file (dir);
  g_autofree char *contents = NULL;
  g_autoptr(MoniaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  for (gsize offset = 4096; offset + 4096 <= length; offset += 4096)
    memset (contents + offset + 8, 0xFF, 4000);
  g_assert_true (g_file_set_contents (path, contents, (gssize) length, NULL));

  store = monia_store_open (path, &error);
  if (store == NULL)
    {
      g_assert_error (error, MONIA_ERROR, MONIA_ERROR_CORRUPT_STORE);
    }
  else
    {
      g_autoptr(GPtrArray) hits = NULL;

      g_assert_false (monia_store_check_integrity (store, &error));
      g_assert_error (error, MONIA_ERROR, MONIA_ERROR_CORRUPT_STORE);
      g_clear_error (&error);
      hits = monia_store_search (store, "testinen", 10, &error);
      g_assert_null (hits);
      g_assert_nonnull (error);
    }

  monia_test_tmp_dir_remove (dir);
}

static void
test_open_empty_file (void)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();
  g_autofree char *path = g_build_filename (dir, "empty.db", NULL);
  g_autoptr(MoniaStore) store = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  store = monia_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (monia_store_get_schema_version (store), ==, MONIA_STORE_SCHEMA_VERSION);
  g_assert_true (monia_store_check_integrity (store, &error));
  g_clear_object (&store);
  monia_test_tmp_dir_remove (dir);
}

static void
test_open_unwritable_folder (void)
{
  g_autoptr(GError) error = NULL;
  MoniaStore *store;

  if (geteuid () == 0)
    {
      /* root writes anywhere; use a path under a regular file instead. */
      g_autofree char *dir = monia_test_tmp_dir_new ();
      g_autofree char *file = g_build_filename (dir, "file", NULL);
      g_autofree char *path = g_build_filename (file, "monia.db", NULL);

      g_assert_true (g_file_set_contents (file, "x", 1, NULL));
      store = monia_store_open (path, &error);
      g_assert_null (store);
      g_assert_error (error, MONIA_ERROR, MONIA_ERROR_STORE);
      monia_test_tmp_dir_remove (dir);
      return;
    }

  store = monia_store_open ("/proc/monia-cannot-be-here/monia.db", &error);
  g_assert_null (store);
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_STORE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/store/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("open-new", test_open_new);
  ADD ("reopen-keeps-device", test_reopen_keeps_device);
  ADD ("kinds-match-tables", test_kinds_match_tables);
  ADD ("create-update-delete-logged", test_create_update_delete_logged);
  ADD ("pending-changes-roundtrip", test_pending_changes_roundtrip);
  ADD ("bad-mutations-rejected", test_bad_mutations_rejected);
  ADD ("batch-is-atomic", test_batch_is_atomic);
  ADD ("create-case", test_create_case);
  ADD ("search", test_search);
  ADD ("search-same-batch", test_search_same_batch);
  g_test_add_func ("/store/open/garbage", test_open_garbage);
  g_test_add_func ("/store/open/foreign-sqlite", test_open_foreign_sqlite);
  g_test_add_func ("/store/open/newer", test_open_newer);
  g_test_add_func ("/store/open/corrupt", test_open_corrupt);
  g_test_add_func ("/store/open/corrupt-later-page", test_corrupt_later_page);
  g_test_add_func ("/store/open/empty-file", test_open_empty_file);
  g_test_add_func ("/store/open/unwritable-folder", test_open_unwritable_folder);

  return g_test_run ();
}
