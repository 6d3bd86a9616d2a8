/* monia-store-open.c — opening the store: the file looked at before it is
 * touched, the schema made or migrated (with a copy kept), in a thread too
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-store"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "monia-error.h"
#include "monia-store-private.h"

static const char sqlite_header[16] = "SQLite format 3";

typedef enum
{
  FILE_MISSING,
  FILE_EMPTY,
  FILE_SQLITE,
} FileState;

static gboolean
inspect_file (const char  *path,
              const char  *display_name,
              FileState   *state,
              GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  char header[sizeof sqlite_header] = { 0 };
  gsize n_read = 0;

  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          *state = FILE_MISSING;
          return TRUE;
        }
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_STORE,
                   _("Could not open the database “%s”: %s"), display_name, local_error->message);
      return FALSE;
    }

  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), header, sizeof header, &n_read, NULL, &local_error))
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_STORE,
                   _("Could not open the database “%s”: %s"), display_name, local_error->message);
      return FALSE;
    }

  if (n_read == 0)
    {
      *state = FILE_EMPTY;
      return TRUE;
    }

  if (n_read < sizeof header || memcmp (header, sqlite_header, sizeof header) != 0)
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_FOREIGN_FILE,
                   _("“%s” is not a Monia database. Monia has not changed it."), display_name);
      return FALSE;
    }

  *state = FILE_SQLITE;
  return TRUE;
}

static gboolean
query_int (MoniaStore  *self,
           const char  *sql,
           gint64      *out,
           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _monia_store_set_error (self, rc, error);
      sqlite3_finalize (stmt);
      return FALSE;
    }
  *out = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return TRUE;
}

/* Keeps the file as it was before a migration, beside it. */
static gboolean
back_up_before_migration (MoniaStore  *self,
                          int          version,
                          GError     **error)
{
  g_autofree char *backup = NULL;
  g_autofree char *sql = NULL;
  char *quoted;

  for (guint n = 0; n < 100; n++)
    {
      g_free (backup);
      backup = n == 0
        ? g_strdup_printf ("%s.v%d.bak", self->path, version)
        : g_strdup_printf ("%s.v%d.%u.bak", self->path, version, n);
      if (!g_file_test (backup, G_FILE_TEST_EXISTS))
        break;
    }

  quoted = sqlite3_mprintf ("VACUUM INTO %Q", backup);
  sql = g_strdup (quoted);
  sqlite3_free (quoted);
  if (!_monia_store_exec (self, sql, NULL))
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_STORE,
                   _("Could not keep a copy of the database before updating it to this version of Monia. "
                     "Check that there is free space beside “%s”."),
                   self->display_name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
prepare_schema (MoniaStore  *self,
                FileState    state,
                GError     **error)
{
  gint64 application_id = 0, user_version = 0, n_objects = 0;
  g_autofree char *demo = NULL;
  gboolean fresh;

  /* Read before writing anything: a file that is not ours stays as it is. */
  if (!query_int (self, "PRAGMA application_id", &application_id, error) ||
      !query_int (self, "PRAGMA user_version", &user_version, error) ||
      !query_int (self, "SELECT count(*) FROM sqlite_master", &n_objects, error))
    return FALSE;

  fresh = state != FILE_SQLITE || (application_id == 0 && user_version == 0 && n_objects == 0);

  if (!fresh && application_id != MONIA_STORE_APPLICATION_ID)
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_FOREIGN_FILE,
                   _("“%s” is not a Monia database. Monia has not changed it."), self->display_name);
      return FALSE;
    }

  if (user_version > MONIA_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_NEWER_VERSION,
                   _("The database “%s” was written by a newer version of Monia. "
                     "Update Monia to open it; the file has not been changed."),
                   self->display_name);
      return FALSE;
    }

  if (!fresh && (user_version < 1 || n_objects == 0))
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_CORRUPT_STORE,
                   _("The database “%s” is damaged. Monia has not changed it. "
                     "Restore it from a backup, or move it aside and sync again from the server."),
                   self->display_name);
      return FALSE;
    }

  if (!fresh && user_version < MONIA_STORE_SCHEMA_VERSION &&
      !back_up_before_migration (self, (int) user_version, error))
    return FALSE;

  /* A 64 MB page cache (taken only as pages are read): a batch of a few
   * thousand records then stays in memory until its commit. The WAL is
   * copied back at some 40 MB rather than 4 MB: a sync writes the same
   * index pages over and over, and each is copied back once. */
  if (!_monia_store_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !_monia_store_exec (self, "PRAGMA synchronous = NORMAL", error) ||
      !_monia_store_exec (self, "PRAGMA cache_size = -65536", error) ||
      !_monia_store_exec (self, "PRAGMA wal_autocheckpoint = 10000", error) ||
      !_monia_store_exec (self, "PRAGMA foreign_keys = ON", error))
    return FALSE;

  /* A first pull that never ended left its indexes to be built: before
   * anything else, as a migration may count on them. */
  if (!fresh && user_version >= 4 && !_monia_store_finish_first_pull (self, error))
    return FALSE;

  if (user_version < MONIA_STORE_SCHEMA_VERSION)
    {
      g_autofree char *set_app_id = g_strdup_printf ("PRAGMA application_id = %d", MONIA_STORE_APPLICATION_ID);

      if (!_monia_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;

      if (!_monia_store_schema_migrate (self->db, (int) user_version, MONIA_STORE_SCHEMA_VERSION, error) ||
          !_monia_store_exec (self, set_app_id, error))
        {
          _monia_store_exec (self, "ROLLBACK", NULL);
          return FALSE;
        }

      if (fresh)
        {
          g_autofree char *device_id = g_uuid_string_random ();
          g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);

          if (!_monia_store_write_meta (self, "device_id", device_id, error) ||
              !_monia_store_write_meta (self, "created_at", now, error))
            {
              _monia_store_exec (self, "ROLLBACK", NULL);
              return FALSE;
            }
        }

      if (!_monia_store_exec (self, "COMMIT", error))
        {
          _monia_store_exec (self, "ROLLBACK", NULL);
          return FALSE;
        }

      /* A migration of a region's store is one transaction of hundreds of
       * megabytes in the write-ahead log. Copied back and emptied now:
       * left there, every later open after an unclean exit (a killed or
       * crashed Monia) reads all of it again to rebuild its index, which
       * took a second at each start on the 50,000-case store. Only
       * housekeeping: a failure here changes nothing. */
      _monia_store_exec (self, "PRAGMA wal_checkpoint(TRUNCATE)", NULL);
    }

  self->schema_version = MONIA_STORE_SCHEMA_VERSION;
  self->device_id = _monia_store_read_meta (self, "device_id");
  demo = _monia_store_read_meta (self, "demo");
  self->is_demo = g_strcmp0 (demo, "1") == 0;
  if (self->device_id == NULL)
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_CORRUPT_STORE,
                   _("The database “%s” is damaged. Monia has not changed it. "
                     "Restore it from a backup, or move it aside and sync again from the server."),
                   self->display_name);
      return FALSE;
    }

  return TRUE;
}

MoniaStore *
monia_store_open (const char  *path,
                  GError     **error)
{
  g_autoptr(MoniaStore) self = NULL;
  g_autofree char *folder = NULL;
  FileState state;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  _monia_store_keep_locks ();

  self = g_object_new (MONIA_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->display_name = g_filename_display_basename (path);

  if (!inspect_file (path, self->display_name, &state, error))
    return NULL;

  folder = g_path_get_dirname (path);
  if (state == FILE_MISSING && g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, MONIA_ERROR, MONIA_ERROR_STORE,
                   _("Could not create the folder for the database: %s"), g_strerror (saved_errno));
      return NULL;
    }

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      _monia_store_set_error (self, rc, error);
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);

  if (!prepare_schema (self, state, error))
    return NULL;

  return g_steal_pointer (&self);
}

static void
open_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  MoniaStore *store = monia_store_open (task_data, &error);

  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

void
monia_store_open_async (const char          *path,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, monia_store_open_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  /* Once begun, an update runs to its end (it is one transaction). */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, open_in_thread);
}

MoniaStore *
monia_store_open_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == monia_store_open_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
monia_store_needs_update (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 application_id = 0, user_version = 0;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return FALSE;
  _monia_store_keep_locks ();
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      sqlite3_close (db);
      return FALSE;
    }
  sqlite3_busy_timeout (db, 5000);

  ok = sqlite3_prepare_v2 (db, "PRAGMA application_id", -1, &stmt, NULL) == SQLITE_OK &&
       sqlite3_step (stmt) == SQLITE_ROW;
  if (ok)
    application_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  stmt = NULL;
  ok = ok &&
       sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
       sqlite3_step (stmt) == SQLITE_ROW;
  if (ok)
    user_version = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return ok && application_id == MONIA_STORE_APPLICATION_ID &&
         user_version >= 1 && user_version < MONIA_STORE_SCHEMA_VERSION;
}

/* Tests ------------------------------------------------------------------- */

gboolean
_monia_store_create_at_version (const char  *path,
                                int          version,
                                GError     **error)
{
  g_autofree char *set_app_id = g_strdup_printf ("PRAGMA application_id = %d;", MONIA_STORE_APPLICATION_ID);
  g_autofree char *device_id = g_uuid_string_random ();
  g_autofree char *meta = NULL;
  sqlite3 *db = NULL;
  gboolean ok;
  char *quoted;

  _monia_store_keep_locks ();
  if (sqlite3_open (path, &db) != SQLITE_OK)
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_STORE, "%s", sqlite3_errmsg (db));
      sqlite3_close (db);
      return FALSE;
    }

  quoted = sqlite3_mprintf ("INSERT INTO meta (key, value) VALUES ('device_id', %Q);", device_id);
  meta = g_strdup (quoted);
  sqlite3_free (quoted);

  ok = _monia_store_schema_migrate (db, 0, version, error) &&
       sqlite3_exec (db, set_app_id, NULL, NULL, NULL) == SQLITE_OK &&
       sqlite3_exec (db, meta, NULL, NULL, NULL) == SQLITE_OK;
  sqlite3_close (db);
  return ok;
}
