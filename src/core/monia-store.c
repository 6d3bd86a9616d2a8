/* monia-store.c — the local SQLite store and its one write path
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-store"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "monia-calendar.h"
#include "monia-error.h"
#include "monia-hetu.h"
#include "monia-json-private.h"
#include "monia-mutation-private.h"
#include "monia-store-private.h"

struct _MoniaStore
{
  GObject     parent_instance;

  char       *path;
  char       *display_name;
  sqlite3    *db;
  char       *device_id;
  char       *author;
  int         schema_version;
  gboolean    is_demo;
  GHashTable *statements;   /* SQL text → sqlite3_stmt */
  GHashTable *by_address;   /* SQL that never changes, by address → sqlite3_stmt */
  gboolean    foreign_keys_off;
};

G_DEFINE_FINAL_TYPE (MoniaStore, monia_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_AUTHOR,
  N_PROPS
};

enum {
  RECORD_CHANGED,
  COMMITTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char sqlite_header[16] = "SQLite format 3";

void
monia_search_hit_free (MoniaSearchHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->kind);
  g_free (hit->record_id);
  g_free (hit->case_id);
  g_free (hit->snippet);
  g_free (hit);
}

/* Errors ------------------------------------------------------------------ */

static void
set_sqlite_error (MoniaStore  *self,
                  sqlite3     *db,
                  int          rc,
                  GError     **error)
{
  const char *name = self ? self->display_name : "";

  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_CORRUPT_STORE,
                   _("The database “%s” is damaged. Monia has not changed it. "
                     "Restore it from a backup, or move it aside and sync again from the server."),
                   name);
      break;
    case SQLITE_FULL:
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_STORE,
                   _("The disk is full, so the change could not be saved. Free some space and try again."));
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_STORE,
                   _("The database “%s” cannot be written. Check that the folder is yours and writable."),
                   name);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_STORE,
                   _("The database “%s” is in use by another program. Close it and try again."),
                   name);
      break;
    case SQLITE_CONSTRAINT:
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("The change refers to a record that does not exist, or repeats one that does."));
      break;
    default:
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_STORE,
                   /* Translators: %s is the database's own message, in English */
                   _("Could not read or write the database: %s"),
                   db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      break;
    }
}

/* Statements -------------------------------------------------------------- */

static sqlite3_stmt *
get_statement (MoniaStore  *self,
               const char  *sql,
               GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, self->db, rc, error);
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

/* The same for SQL text that lives as long as the program and never
 * changes (a literal, or text made once): found by its address, without
 * hashing text of some hundred characters for every row a sync writes. */
static sqlite3_stmt *
get_static_statement (MoniaStore  *self,
                      const char  *sql,
                      GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->by_address, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  stmt = get_statement (self, sql, error);
  if (stmt != NULL)
    g_hash_table_insert (self->by_address, (gpointer) sql, stmt);
  return stmt;
}

static gboolean
exec_sql (MoniaStore  *self,
          const char  *sql,
          GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, self->db, rc, error);
      return FALSE;
    }
  return TRUE;
}

/* Pulled records are written with foreign keys off (see
 * monia-store-sync.c), edits made here with them on. Switching either way
 * makes SQLite prepare every statement again, so the switch is made only
 * when the other kind of write comes: a sync writing lot after lot
 * switches once. Outside a transaction only: inside one SQLite ignores it. */
static gboolean
set_foreign_keys (MoniaStore  *self,
                  gboolean     on,
                  GError     **error)
{
  g_return_val_if_fail (sqlite3_get_autocommit (self->db), FALSE);

  if (self->foreign_keys_off != on)
    return TRUE;
  if (!exec_sql (self, on ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF", error))
    return FALSE;
  self->foreign_keys_off = !on;
  return TRUE;
}

static void
bind_value (sqlite3_stmt *stmt,
            int           index,
            GVariant     *value)
{
  if (value == NULL)
    sqlite3_bind_null (stmt, index);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    sqlite3_bind_text (stmt, index, g_variant_get_string (value, NULL), -1, SQLITE_STATIC);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    sqlite3_bind_int64 (stmt, index, g_variant_get_int64 (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    sqlite3_bind_int (stmt, index, g_variant_get_boolean (value) ? 1 : 0);
  else
    g_return_if_reached ();
}

static GVariant *
column_value (sqlite3_stmt   *stmt,
              int             column,
              MoniaFieldType  type)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;

  switch (type)
    {
    case MONIA_FIELD_TEXT:
    case MONIA_FIELD_DATE:
    case MONIA_FIELD_REF:
      {
        const char *text = (const char *) sqlite3_column_text (stmt, column);

        /* Only a damaged or tampered file holds invalid text: show what can be. */
        if (G_UNLIKELY (!g_utf8_validate (text, -1, NULL)))
          return g_variant_new_take_string (g_utf8_make_valid (text, -1));
        return g_variant_new_string (text);
      }
    case MONIA_FIELD_INT:
    case MONIA_FIELD_TIME:
      return g_variant_new_int64 (sqlite3_column_int64 (stmt, column));
    case MONIA_FIELD_BOOL:
      return g_variant_new_boolean (sqlite3_column_int (stmt, column) != 0);
    default:
      g_return_val_if_reached (NULL);
    }
}

/* "a, b, c" for every field of @kind. */
static void
append_field_list (GString         *sql,
                   const MoniaKind *kind)
{
  for (guint i = 0; i < kind->n_fields; i++)
    g_string_append_printf (sql, ", %s", kind->fields[i].name);
}

static MoniaRecord *
record_from_row (const MoniaKind *kind,
                 sqlite3_stmt    *stmt,
                 int              first_field_column)
{
  /* Columns: id, rev, then the kind's fields in order. */
  MoniaRecord *record = monia_record_new (kind,
                                          (const char *) sqlite3_column_text (stmt, 0),
                                          sqlite3_column_int64 (stmt, 1));

  for (guint i = 0; i < kind->n_fields; i++)
    {
      GVariant *value = column_value (stmt, first_field_column + (int) i, kind->fields[i].type);

      if (value != NULL)
        monia_record_take (record, kind->fields[i].name, value);
    }
  return record;
}

/* Object ------------------------------------------------------------------ */

static void
monia_store_finalize (GObject *object)
{
  MoniaStore *self = (MoniaStore *) object;

  g_clear_pointer (&self->by_address, g_hash_table_unref);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_free (self->path);
  g_free (self->display_name);
  g_free (self->device_id);
  g_free (self->author);

  G_OBJECT_CLASS (monia_store_parent_class)->finalize (object);
}

static void
monia_store_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  MoniaStore *self = MONIA_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_AUTHOR:
      g_value_set_string (value, self->author);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
monia_store_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  MoniaStore *self = MONIA_STORE (object);

  switch (prop_id)
    {
    case PROP_AUTHOR:
      monia_store_set_author (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
monia_store_class_init (MoniaStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = monia_store_finalize;
  object_class->get_property = monia_store_get_property;
  object_class->set_property = monia_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_AUTHOR] =
    g_param_spec_string ("author", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MoniaStore::record-changed:
   * @kind: the record kind's name
   * @id: the record's id
   *
   * A record was created, changed or deleted; emitted after the commit.
   */
  signals[RECORD_CHANGED] =
    g_signal_new ("record-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * MoniaStore::committed:
   *
   * Emitted once after each applied batch, after its ::record-changed
   * emissions, so views can refresh once per batch.
   */
  signals[COMMITTED] =
    g_signal_new ("committed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
monia_store_init (MoniaStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
  self->by_address = g_hash_table_new (NULL, NULL);
}

/* Opening ----------------------------------------------------------------- */

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
      set_sqlite_error (self, self->db, rc, error);
      sqlite3_finalize (stmt);
      return FALSE;
    }
  *out = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return TRUE;
}

static char *
read_meta (MoniaStore *self,
           const char *key)
{
  sqlite3_stmt *stmt = get_statement (self, "SELECT value FROM meta WHERE key = ?", NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

static gboolean
write_meta (MoniaStore  *self,
            const char  *key,
            const char  *value,
            GError     **error)
{
  sqlite3_stmt *stmt = get_statement (self, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, self->db, rc, error);
      return FALSE;
    }
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
  if (!exec_sql (self, sql, NULL))
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
  if (!exec_sql (self, "PRAGMA journal_mode = WAL", error) ||
      !exec_sql (self, "PRAGMA synchronous = NORMAL", error) ||
      !exec_sql (self, "PRAGMA cache_size = -65536", error) ||
      !exec_sql (self, "PRAGMA wal_autocheckpoint = 10000", error) ||
      !exec_sql (self, "PRAGMA foreign_keys = ON", error))
    return FALSE;

  /* A first pull that never ended left its indexes to be built: before
   * anything else, as a migration may count on them. */
  if (!fresh && user_version >= 4 && !_monia_store_finish_first_pull (self, error))
    return FALSE;

  if (user_version < MONIA_STORE_SCHEMA_VERSION)
    {
      g_autofree char *set_app_id = g_strdup_printf ("PRAGMA application_id = %d", MONIA_STORE_APPLICATION_ID);

      if (!exec_sql (self, "BEGIN IMMEDIATE", error))
        return FALSE;

      if (!_monia_store_schema_migrate (self->db, (int) user_version, MONIA_STORE_SCHEMA_VERSION, error) ||
          !exec_sql (self, set_app_id, error))
        {
          exec_sql (self, "ROLLBACK", NULL);
          return FALSE;
        }

      if (fresh)
        {
          g_autofree char *device_id = g_uuid_string_random ();
          g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);

          if (!write_meta (self, "device_id", device_id, error) ||
              !write_meta (self, "created_at", now, error))
            {
              exec_sql (self, "ROLLBACK", NULL);
              return FALSE;
            }
        }

      if (!exec_sql (self, "COMMIT", error))
        {
          exec_sql (self, "ROLLBACK", NULL);
          return FALSE;
        }

      /* A migration of a region's store is one transaction of hundreds of
       * megabytes in the write-ahead log. Copied back and emptied now:
       * left there, every later open after an unclean exit (a killed or
       * crashed Monia) reads all of it again to rebuild its index, which
       * took a second at each start on the 50,000-case store. Only
       * housekeeping: a failure here changes nothing. */
      exec_sql (self, "PRAGMA wal_checkpoint(TRUNCATE)", NULL);
    }

  self->schema_version = MONIA_STORE_SCHEMA_VERSION;
  self->device_id = read_meta (self, "device_id");
  demo = read_meta (self, "demo");
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
      set_sqlite_error (self, self->db, rc, error);
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

const char *
monia_store_get_path (MoniaStore *self)
{
  g_return_val_if_fail (MONIA_IS_STORE (self), NULL);
  return self->path;
}

const char *
monia_store_get_device_id (MoniaStore *self)
{
  g_return_val_if_fail (MONIA_IS_STORE (self), NULL);
  return self->device_id;
}

int
monia_store_get_schema_version (MoniaStore *self)
{
  g_return_val_if_fail (MONIA_IS_STORE (self), 0);
  return self->schema_version;
}

void
monia_store_set_author (MoniaStore *self,
                        const char *author_id)
{
  g_return_if_fail (MONIA_IS_STORE (self));

  if (g_strcmp0 (self->author, author_id) == 0)
    return;

  g_free (self->author);
  self->author = g_strdup (author_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTHOR]);
}

const char *
monia_store_get_author (MoniaStore *self)
{
  g_return_val_if_fail (MONIA_IS_STORE (self), NULL);
  return self->author;
}

/* The write path ---------------------------------------------------------- */

static void
append_json_value (GString  *out,
                   GVariant *value)
{
  if (value == NULL)
    g_string_append (out, "null");
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    g_string_append_printf (out, "%" G_GINT64_FORMAT, g_variant_get_int64 (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    g_string_append (out, g_variant_get_boolean (value) ? "true" : "false");
  else
    _monia_json_append_string (out, g_variant_get_string (value, NULL));
}

static char *
changes_to_json (MoniaMutation *mutation)
{
  GString *out = g_string_new ("{");
  guint n = monia_mutation_get_n_changes (mutation);
  gboolean create = monia_mutation_get_op (mutation) == MONIA_OP_CREATE;

  for (guint i = 0; i < n; i++)
    {
      const MoniaFieldChange *change = monia_mutation_get_change (mutation, i);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_printf (out, "\"%s\":", change->field);
      if (create)
        append_json_value (out, change->new_value);
      else
        {
          g_string_append_c (out, '[');
          append_json_value (out, change->old_value);
          g_string_append_c (out, ',');
          append_json_value (out, change->new_value);
          g_string_append_c (out, ']');
        }
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

/* NULL, or text that is only white space. */
static gboolean
is_blank (GVariant *value)
{
  const char *s;

  if (value == NULL)
    return TRUE;
  if (!g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return FALSE;
  for (s = g_variant_get_string (value, NULL); *s; s = g_utf8_next_char (s))
    if (!g_unichar_isspace (g_utf8_get_char (s)))
      return FALSE;
  return TRUE;
}

static gboolean
validate_mutation (MoniaMutation  *mutation,
                   GError        **error)
{
  const MoniaKind *kind = monia_kind_lookup (monia_mutation_get_kind (mutation));
  MoniaOp op = monia_mutation_get_op (mutation);
  guint n = monia_mutation_get_n_changes (mutation);

  if (kind == NULL)
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("“%s” is not a kind of record Monia knows."), monia_mutation_get_kind (mutation));
      return FALSE;
    }

  if (!g_uuid_string_is_valid (monia_mutation_get_record_id (mutation)))
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("The record to change is not named by a valid identifier."));
      return FALSE;
    }

  if (op != MONIA_OP_CREATE && (kind->flags & MONIA_KIND_FLAG_APPEND_ONLY) != 0)
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_READ_ONLY,
                   _("Notes, events and ratings cannot be changed or removed once saved; add a new one instead."));
      return FALSE;
    }

  if (op == MONIA_OP_DELETE && n > 0)
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("Removing a record cannot change its fields at the same time."));
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      const MoniaFieldChange *change = monia_mutation_get_change (mutation, i);
      const MoniaField *field = monia_kind_lookup_field (kind, change->field);

      if (field == NULL)
        {
          g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                       /* Translators: the first %s is a field name, the second a record kind */
                       _("“%s” is not a field of a %s record."), change->field, kind->name);
          return FALSE;
        }

      if (!monia_field_check_value (kind, field, change->new_value, error))
        return FALSE;

      if ((field->flags & MONIA_FIELD_FLAG_REQUIRED) != 0 && is_blank (change->new_value))
        {
          g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                       _("“%s” cannot be left empty."), field->name);
          return FALSE;
        }
    }

  if (op == MONIA_OP_CREATE)
    {
      for (guint f = 0; f < kind->n_fields; f++)
        {
          gboolean given = FALSE;

          if ((kind->fields[f].flags & MONIA_FIELD_FLAG_REQUIRED) == 0)
            continue;
          for (guint i = 0; i < n && !given; i++)
            given = g_str_equal (monia_mutation_get_change (mutation, i)->field, kind->fields[f].name);
          if (!given)
            {
              g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                           _("“%s” must be given."), kind->fields[f].name);
              return FALSE;
            }
        }
    }

  return TRUE;
}

static gboolean
variants_equal (GVariant *a,
                GVariant *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_variant_equal (a, b);
}

static gboolean
apply_create (MoniaStore       *self,
              const MoniaKind  *kind,
              MoniaMutation    *mutation,
              gint64            now,
              GError          **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  guint n = monia_mutation_get_n_changes (mutation);
  sqlite3_stmt *stmt;
  int rc;

  g_string_append_printf (sql, "INSERT INTO %s (id, rev, created_at, updated_at", kind->table);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (sql, ", %s", monia_mutation_get_change (mutation, i)->field);
  g_string_append (sql, ") VALUES (?, 1, ?, ?");
  for (guint i = 0; i < n; i++)
    g_string_append (sql, ", ?");
  g_string_append_c (sql, ')');

  stmt = get_statement (self, sql->str, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, monia_mutation_get_record_id (mutation), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, now);
  for (guint i = 0; i < n; i++)
    bind_value (stmt, 4 + (int) i, monia_mutation_get_change (mutation, i)->new_value);

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      if ((rc & 0xff) == SQLITE_CONSTRAINT)
        g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                     _("A record with this identifier exists already."));
      else
        set_sqlite_error (self, self->db, rc, error);
      return FALSE;
    }

  _monia_mutation_set_base_rev (mutation, 0);
  return TRUE;
}

static gboolean
apply_update_or_delete (MoniaStore       *self,
                        const MoniaKind  *kind,
                        MoniaMutation    *mutation,
                        gint64            now,
                        gboolean         *logged,
                        GError          **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  MoniaOp op = monia_mutation_get_op (mutation);
  sqlite3_stmt *stmt;
  gint64 rev;
  int rc;

  /* Read the record as it is: the base revision and the old values. */
  g_string_append (sql, "SELECT rev, deleted");
  for (guint i = 0; i < monia_mutation_get_n_changes (mutation); i++)
    g_string_append_printf (sql, ", %s", monia_mutation_get_change (mutation, i)->field);
  g_string_append_printf (sql, " FROM %s WHERE id = ?", kind->table);

  stmt = get_statement (self, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, monia_mutation_get_record_id (mutation), -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW || sqlite3_column_int (stmt, 1) != 0)
    {
      sqlite3_reset (stmt);
      if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        g_set_error (error, MONIA_ERROR, MONIA_ERROR_NOT_FOUND,
                     _("The record to change no longer exists."));
      else
        set_sqlite_error (self, self->db, rc, error);
      return FALSE;
    }

  for (guint i = 0; i < monia_mutation_get_n_changes (mutation); i++)
    {
      const MoniaField *field = monia_kind_lookup_field (kind, monia_mutation_get_change (mutation, i)->field);

      _monia_mutation_set_old_value (mutation, i, column_value (stmt, 2 + (int) i, field->type));
    }
  sqlite3_reset (stmt);

  /* The base is the server's revision this edit was made on (nothing yet
   * for a record the server has not seen): see monia-store-sync.c. */
  rev = _monia_store_get_base_rev (self, monia_mutation_get_record_id (mutation));
  if (rev < 0)
    {
      set_sqlite_error (self, self->db, SQLITE_ERROR, error);
      return FALSE;
    }
  _monia_mutation_set_base_rev (mutation, rev);

  /* A field set to the value it has is no change, and is not logged. */
  for (guint i = monia_mutation_get_n_changes (mutation); i > 0; i--)
    {
      const MoniaFieldChange *change = monia_mutation_get_change (mutation, i - 1);

      if (variants_equal (change->old_value, change->new_value))
        _monia_mutation_remove_change (mutation, i - 1);
    }

  if (op == MONIA_OP_UPDATE && monia_mutation_get_n_changes (mutation) == 0)
    {
      *logged = FALSE;
      return TRUE;
    }

  g_string_truncate (sql, 0);
  g_string_append_printf (sql, "UPDATE %s SET rev = rev + 1, updated_at = ?", kind->table);
  if (op == MONIA_OP_DELETE)
    g_string_append (sql, ", deleted = 1");
  for (guint i = 0; i < monia_mutation_get_n_changes (mutation); i++)
    g_string_append_printf (sql, ", %s = ?", monia_mutation_get_change (mutation, i)->field);
  g_string_append (sql, " WHERE id = ?");

  stmt = get_statement (self, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  for (guint i = 0; i < monia_mutation_get_n_changes (mutation); i++)
    bind_value (stmt, 2 + (int) i, monia_mutation_get_change (mutation, i)->new_value);
  sqlite3_bind_text (stmt, 2 + (int) monia_mutation_get_n_changes (mutation),
                     monia_mutation_get_record_id (mutation), -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, self->db, rc, error);
      return FALSE;
    }

  *logged = TRUE;
  return TRUE;
}

static const char *
op_to_string (MoniaOp op)
{
  switch (op)
    {
    case MONIA_OP_CREATE:
      return "create";
    case MONIA_OP_UPDATE:
      return "update";
    case MONIA_OP_DELETE:
      return "delete";
    default:
      g_return_val_if_reached (NULL);
    }
}

static gboolean
log_change (MoniaStore     *self,
            MoniaMutation  *mutation,
            gint64          now,
            GError        **error)
{
  g_autofree char *fields = changes_to_json (mutation);
  sqlite3_stmt *stmt;
  int rc;

  stmt = get_statement (self,
                        "INSERT INTO changes (mutation_id, kind, record_id, op, base_rev, fields, author, device_time)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, monia_mutation_get_id (mutation), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, monia_mutation_get_kind (mutation), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, monia_mutation_get_record_id (mutation), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, op_to_string (monia_mutation_get_op (mutation)), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, monia_mutation_get_base_rev (mutation));
  sqlite3_bind_text (stmt, 6, fields, -1, SQLITE_STATIC);
  if (self->author != NULL)
    sqlite3_bind_text (stmt, 7, self->author, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, now);

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      if ((rc & 0xff) == SQLITE_CONSTRAINT)
        g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                     _("This change has been saved already."));
      else
        set_sqlite_error (self, self->db, rc, error);
      return FALSE;
    }
  return TRUE;
}

#define MAX_SEARCH_SOURCES MONIA_STORE_MAX_SEARCH_SOURCES

/* The highest rowid of each searchable table before a batch… */
static gboolean
read_search_watermarks (MoniaStore  *self,
                        gint64      *watermarks,
                        GError     **error)
{
  for (guint i = 0; _monia_store_search_sources[i].table != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT coalesce (max (rowid), 0) FROM %s",
                                              _monia_store_search_sources[i].table);
      sqlite3_stmt *stmt;
      int rc;

      g_assert (i < MAX_SEARCH_SOURCES);
      stmt = get_statement (self, sql, error);
      if (stmt == NULL)
        return FALSE;
      rc = sqlite3_step (stmt);
      watermarks[i] = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW)
        {
          set_sqlite_error (self, self->db, rc, error);
          return FALSE;
        }
    }
  return TRUE;
}

/* …so that the rows the batch made are indexed in one go at its end. */
static gboolean
index_new_rows (MoniaStore    *self,
                const gint64  *watermarks,
                GError       **error)
{
  for (guint i = 0; _monia_store_search_sources[i].table != NULL; i++)
    {
      sqlite3_stmt *stmt = get_static_statement (self, _monia_store_search_sources[i].index_sql, error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, watermarks[i]);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          set_sqlite_error (self, self->db, rc, error);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
monia_store_apply (MoniaStore  *self,
                   GPtrArray   *mutations,
                   GError     **error)
{
  g_autoptr(GPtrArray) changed = NULL;
  gint64 watermarks[MAX_SEARCH_SOURCES];
  gint64 now;
  int rc;

  g_return_val_if_fail (MONIA_IS_STORE (self), FALSE);
  g_return_val_if_fail (mutations != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Check everything before the database is touched. */
  for (guint i = 0; i < mutations->len; i++)
    if (!validate_mutation (g_ptr_array_index (mutations, i), error))
      return FALSE;

  if (mutations->len == 0)
    return TRUE;

  if (!set_foreign_keys (self, TRUE, error) ||
      !exec_sql (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!read_search_watermarks (self, watermarks, error))
    {
      exec_sql (self, "ROLLBACK", NULL);
      return FALSE;
    }

  now = g_get_real_time () / G_USEC_PER_SEC;
  changed = g_ptr_array_new ();

  for (guint i = 0; i < mutations->len; i++)
    {
      MoniaMutation *mutation = g_ptr_array_index (mutations, i);
      const MoniaKind *kind = monia_kind_lookup (monia_mutation_get_kind (mutation));
      gboolean logged = TRUE;
      gboolean ok;

      if (monia_mutation_get_op (mutation) == MONIA_OP_CREATE)
        ok = apply_create (self, kind, mutation, now, error);
      else
        ok = apply_update_or_delete (self, kind, mutation, now, &logged, error);

      if (ok && logged)
        ok = log_change (self, mutation, now, error);

      if (!ok)
        {
          exec_sql (self, "ROLLBACK", NULL);
          return FALSE;
        }

      if (logged)
        g_ptr_array_add (changed, mutation);
    }

  if (!index_new_rows (self, watermarks, error))
    {
      exec_sql (self, "ROLLBACK", NULL);
      return FALSE;
    }

  /* Deferred foreign keys are checked here. */
  rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, self->db, rc, error);
      exec_sql (self, "ROLLBACK", NULL);
      return FALSE;
    }

  for (guint i = 0; i < changed->len; i++)
    {
      MoniaMutation *mutation = g_ptr_array_index (changed, i);

      g_signal_emit (self, signals[RECORD_CHANGED], 0,
                     monia_mutation_get_kind (mutation),
                     monia_mutation_get_record_id (mutation));
    }
  if (changed->len > 0)
    g_signal_emit (self, signals[COMMITTED], 0);

  return TRUE;
}

gboolean
monia_store_apply_one (MoniaStore     *self,
                       MoniaMutation  *mutation,
                       GError        **error)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new ();

  g_return_val_if_fail (mutation != NULL, FALSE);

  g_ptr_array_add (batch, mutation);
  return monia_store_apply (self, batch, error);
}

/* Reads ------------------------------------------------------------------- */

static const MoniaKind *
lookup_kind_or_error (const char  *name,
                      GError     **error)
{
  const MoniaKind *kind = monia_kind_lookup (name);

  if (kind == NULL)
    g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                 _("“%s” is not a kind of record Monia knows."), name);
  return kind;
}

MoniaRecord *
monia_store_get (MoniaStore  *self,
                 const char  *kind_name,
                 const char  *id,
                 GError     **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT id, rev");
  const MoniaKind *kind;
  sqlite3_stmt *stmt;
  MoniaRecord *record;
  int rc;

  g_return_val_if_fail (MONIA_IS_STORE (self), NULL);
  g_return_val_if_fail (kind_name != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  kind = lookup_kind_or_error (kind_name, error);
  if (kind == NULL)
    return NULL;

  append_field_list (sql, kind);
  g_string_append_printf (sql, " FROM %s WHERE id = ? AND deleted = 0", kind->table);
  stmt = get_statement (self, sql->str, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        g_set_error (error, MONIA_ERROR, MONIA_ERROR_NOT_FOUND,
                     _("The record asked for does not exist or has been removed."));
      else
        set_sqlite_error (self, self->db, rc, error);
      return NULL;
    }

  record = record_from_row (kind, stmt, 2);
  sqlite3_reset (stmt);
  return record;
}

GPtrArray *
monia_store_find (MoniaStore  *self,
                  const char  *kind_name,
                  const char  *field_name,
                  const char  *ref_id,
                  GError     **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT id, rev");
  g_autoptr(GPtrArray) records = NULL;
  const MoniaKind *kind;
  const MoniaField *field;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (MONIA_IS_STORE (self), NULL);
  g_return_val_if_fail (kind_name != NULL, NULL);
  g_return_val_if_fail (field_name != NULL, NULL);
  g_return_val_if_fail (ref_id != NULL, NULL);

  kind = lookup_kind_or_error (kind_name, error);
  if (kind == NULL)
    return NULL;

  /* Only a declared reference field is ever put into SQL text. */
  field = monia_kind_lookup_field (kind, field_name);
  if (field == NULL || field->type != MONIA_FIELD_REF)
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("“%s” is not a field of a %s record."), field_name, kind->name);
      return NULL;
    }

  append_field_list (sql, kind);
  g_string_append_printf (sql, " FROM %s WHERE %s = ? AND deleted = 0 ORDER BY rowid",
                          kind->table, field->name);
  stmt = get_statement (self, sql->str, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, ref_id, -1, SQLITE_STATIC);
  records = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, record_from_row (kind, stmt, 2));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, self->db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&records);
}

gint64
monia_store_count (MoniaStore *self,
                   const char *kind_name)
{
  g_autofree char *sql = NULL;
  const MoniaKind *kind;

  g_return_val_if_fail (MONIA_IS_STORE (self), -1);

  kind = monia_kind_lookup (kind_name);
  g_return_val_if_fail (kind != NULL, -1);

  sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE deleted = 0", kind->table);
  return _monia_store_count_rows (self, sql);
}

GArray *
_monia_store_query_rowids (MoniaStore  *self,
                           const char  *sql,
                           const char  *param,
                           GError     **error)
{
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = get_statement (self, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  if (param != NULL)
    sqlite3_bind_text (stmt, 1, param, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (rowids, rowid);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, self->db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&rowids);
}

MoniaRecord *
_monia_store_read_by_rowid (MoniaStore      *self,
                            const MoniaKind *kind,
                            gint64           rowid)
{
  g_autoptr(GString) sql = g_string_new ("SELECT id, rev");
  sqlite3_stmt *stmt;
  MoniaRecord *record = NULL;

  append_field_list (sql, kind);
  g_string_append_printf (sql, " FROM %s WHERE rowid = ?", kind->table);
  stmt = get_statement (self, sql->str, NULL);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, rowid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    record = record_from_row (kind, stmt, 2);
  sqlite3_reset (stmt);
  return record;
}

gint64
_monia_store_lookup_rowid (MoniaStore      *self,
                           const MoniaKind *kind,
                           const char      *id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT rowid FROM %s WHERE id = ?", kind->table);
  sqlite3_stmt *stmt = get_statement (self, sql, NULL);
  gint64 rowid = -1;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    rowid = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return rowid;
}

#define CASES_NEWEST_FIRST "opened_on DESC, rowid DESC"

GListModel *
monia_store_list_cases (MoniaStore *self)
{
  g_return_val_if_fail (MONIA_IS_STORE (self), NULL);

  return _monia_record_list_new (self, monia_kind_lookup ("case"), NULL, NULL, CASES_NEWEST_FIRST);
}

/* The field, if it is a reference field of @kind; only such names are ever
 * put into SQL text. */
static const MoniaField *
lookup_ref_field (const MoniaKind *kind,
                  const char      *field_name)
{
  const MoniaField *field = monia_kind_lookup_field (kind, field_name);

  g_return_val_if_fail (field != NULL && field->type == MONIA_FIELD_REF, NULL);
  return field;
}

GListModel *
monia_store_list_cases_by (MoniaStore *self,
                           const char *field_name,
                           const char *value)
{
  const MoniaKind *kind = monia_kind_lookup ("case");
  const MoniaField *field;
  g_autofree char *where = NULL;

  g_return_val_if_fail (MONIA_IS_STORE (self), NULL);
  g_return_val_if_fail (value != NULL, NULL);

  field = lookup_ref_field (kind, field_name);
  if (field == NULL)
    return NULL;

  where = g_strdup_printf ("%s = ?1", field->name);
  return _monia_record_list_new (self, kind, where, value, CASES_NEWEST_FIRST);
}

GListModel *
monia_store_list (MoniaStore *self,
                  const char *kind_name)
{
  const MoniaKind *kind;

  g_return_val_if_fail (MONIA_IS_STORE (self), NULL);

  kind = monia_kind_lookup (kind_name);
  g_return_val_if_fail (kind != NULL, NULL);
  return _monia_record_list_new (self, kind, NULL, NULL, "rowid");
}

GListModel *
monia_store_list_by_ref (MoniaStore *self,
                         const char *kind_name,
                         const char *field_name,
                         const char *ref_id)
{
  const MoniaKind *kind;
  const MoniaField *field;
  g_autofree char *where = NULL;

  g_return_val_if_fail (MONIA_IS_STORE (self), NULL);
  g_return_val_if_fail (ref_id != NULL, NULL);

  kind = monia_kind_lookup (kind_name);
  g_return_val_if_fail (kind != NULL, NULL);
  field = lookup_ref_field (kind, field_name);
  if (field == NULL)
    return NULL;

  where = g_strdup_printf ("%s = ?1", field->name);
  return _monia_record_list_new (self, kind, where, ref_id, "rowid");
}

GListModel *
monia_store_list_help_requests (MoniaStore *self)
{
  g_return_val_if_fail (MONIA_IS_STORE (self), NULL);

  return _monia_record_list_new (self, monia_kind_lookup ("help_request"), NULL, NULL,
                                 "outcome IS NOT NULL, coalesce (due_at, received_at), rowid");
}

GListModel *
monia_store_list_open_help_requests (MoniaStore *self)
{
  g_return_val_if_fail (MONIA_IS_STORE (self), NULL);

  return _monia_record_list_new (self, monia_kind_lookup ("help_request"), "outcome IS NULL", NULL,
                                 "coalesce (due_at, received_at), rowid");
}

/* Search results come newest first (the index's rowids follow the rows'),
 * not by FTS5's rank: ranking every match of a short prefix such as "sa"
 * costs 100–200 ms on a region's store, reading the newest fifty a few. */

/* Turns what a person typed into an FTS5 query: every word must match as a
 * prefix. Quoting each word keeps FTS5's own syntax out of people's hands. */
static char *
build_match_query (const char *text)
{
  GString *query = g_string_new (NULL);
  GString *word = g_string_new (NULL);

  for (const char *p = text;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && g_unichar_isalnum (c))
        {
          g_string_append_unichar (word, c);
          continue;
        }

      if (word->len > 0)
        {
          if (query->len > 0)
            g_string_append_c (query, ' ');
          g_string_append_printf (query, "\"%s\"*", word->str);
          g_string_truncate (word, 0);
        }

      if (c == 0)
        break;
    }

  g_string_free (word, TRUE);
  return g_string_free (query, query->len == 0);
}

GPtrArray *
monia_store_search (MoniaStore  *self,
                    const char  *text,
                    guint        limit,
                    GError     **error)
{
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) monia_search_hit_free);
  g_autofree char *query = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (MONIA_IS_STORE (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("The search text is not valid UTF-8."));
      return NULL;
    }

  query = build_match_query (text);
  if (query == NULL || limit == 0)
    return g_steal_pointer (&hits);

  stmt = get_statement (self,
                        "SELECT kind, record_id, case_id, snippet (search, 0, '«', '»', '…', 10)"
                        " FROM search WHERE search MATCH ? ORDER BY rowid DESC LIMIT ?",
                        error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, query, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, (int) MIN (limit, G_MAXINT));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MoniaSearchHit *hit = g_new0 (MoniaSearchHit, 1);

      hit->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      hit->record_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      hit->case_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      hit->snippet = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      g_ptr_array_add (hits, hit);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, self->db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&hits);
}

/* The change log ---------------------------------------------------------- */

static GVariant *
json_to_variant (JsonNode       *node,
                 MoniaFieldType  type)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node) || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  switch (type)
    {
    case MONIA_FIELD_TEXT:
    case MONIA_FIELD_DATE:
    case MONIA_FIELD_REF:
      return json_node_get_value_type (node) == G_TYPE_STRING
        ? g_variant_new_string (json_node_get_string (node)) : NULL;
    case MONIA_FIELD_INT:
    case MONIA_FIELD_TIME:
      return json_node_get_value_type (node) == G_TYPE_INT64
        ? g_variant_new_int64 (json_node_get_int (node)) : NULL;
    case MONIA_FIELD_BOOL:
      return json_node_get_value_type (node) == G_TYPE_BOOLEAN
        ? g_variant_new_boolean (json_node_get_boolean (node)) : NULL;
    default:
      return NULL;
    }
}

static MoniaOp
op_from_string (const char *op)
{
  if (g_str_equal (op, "create"))
    return MONIA_OP_CREATE;
  if (g_str_equal (op, "delete"))
    return MONIA_OP_DELETE;
  return MONIA_OP_UPDATE;
}

static MoniaMutation *
mutation_from_row (MoniaStore    *self,
                   sqlite3_stmt  *stmt,
                   GError       **error)
{
  const char *kind_name = (const char *) sqlite3_column_text (stmt, 1);
  const char *fields = (const char *) sqlite3_column_text (stmt, 5);
  const MoniaKind *kind = monia_kind_lookup (kind_name);
  g_autoptr(MoniaMutation) mutation = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GList) members = NULL;
  JsonObject *object;
  MoniaOp op;

  if (kind == NULL || !json_parser_load_from_data (parser, fields, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_CORRUPT_STORE,
                   _("The database “%s” is damaged. Monia has not changed it. "
                     "Restore it from a backup, or move it aside and sync again from the server."),
                   self->display_name);
      return NULL;
    }

  op = op_from_string ((const char *) sqlite3_column_text (stmt, 3));
  mutation = _monia_mutation_new_full ((const char *) sqlite3_column_text (stmt, 0),
                                       kind_name,
                                       (const char *) sqlite3_column_text (stmt, 2),
                                       op,
                                       sqlite3_column_int64 (stmt, 4));

  /* Members in the order they were written, which is the order set. */
  object = json_node_get_object (json_parser_get_root (parser));
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *member = l->data;
      JsonNode *node = json_object_get_member (object, member);
      const MoniaField *field = monia_kind_lookup_field (kind, member);
      guint index = monia_mutation_get_n_changes (mutation);

      if (field == NULL)
        continue;

      if (op == MONIA_OP_CREATE)
        monia_mutation_set (mutation, member, json_to_variant (node, field->type));
      else if (JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) == 2)
        {
          JsonArray *pair = json_node_get_array (node);

          monia_mutation_set (mutation, member, json_to_variant (json_array_get_element (pair, 1), field->type));
          _monia_mutation_set_old_value (mutation, index, json_to_variant (json_array_get_element (pair, 0), field->type));
        }
    }

  return g_steal_pointer (&mutation);
}

GPtrArray *
monia_store_get_pending_changes (MoniaStore  *self,
                                 guint        limit,
                                 GError     **error)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) monia_mutation_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (MONIA_IS_STORE (self), NULL);

  stmt = get_statement (self,
                        "SELECT mutation_id, kind, record_id, op, base_rev, fields"
                        " FROM changes WHERE state = 0 ORDER BY seq LIMIT ?",
                        error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int (stmt, 1, (int) MIN (limit, G_MAXINT));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MoniaMutation *mutation = mutation_from_row (self, stmt, error);

      if (mutation == NULL)
        {
          sqlite3_reset (stmt);
          return NULL;
        }
      g_ptr_array_add (changes, mutation);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, self->db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&changes);
}

gint64
monia_store_count_pending_changes (MoniaStore *self)
{
  g_return_val_if_fail (MONIA_IS_STORE (self), -1);

  return _monia_store_count_rows (self, "SELECT count(*) FROM changes WHERE state = 0");
}

gboolean
monia_store_mark_demo (MoniaStore  *self,
                       GError     **error)
{
  g_return_val_if_fail (MONIA_IS_STORE (self), FALSE);

  if (self->is_demo)
    return TRUE;
  if (!write_meta (self, "demo", "1", error))
    return FALSE;
  self->is_demo = TRUE;
  return TRUE;
}

gboolean
monia_store_is_demo (MoniaStore *self)
{
  g_return_val_if_fail (MONIA_IS_STORE (self), FALSE);
  return self->is_demo;
}

gboolean
monia_store_check_integrity (MoniaStore  *self,
                             GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (MONIA_IS_STORE (self), FALSE);

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA integrity_check(1)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    ok = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);

  if (!ok)
    set_sqlite_error (self, self->db, rc == SQLITE_ROW ? SQLITE_CORRUPT : rc, error);
  return ok;
}

/* Convenience ------------------------------------------------------------- */

static char *
today_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

char *
monia_store_create_case (MoniaStore  *self,
                         const char  *title,
                         const char  *person_name,
                         const char  *hetu,
                         GError     **error)
{
  g_autoptr(MoniaMutation) person = NULL;
  g_autoptr(MoniaMutation) case_ = NULL;
  g_autoptr(MoniaMutation) link = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new ();
  g_autofree char *clean_title = NULL;
  g_autofree char *clean_name = NULL;
  g_autofree char *today = today_iso ();
  MoniaHetu parsed;

  g_return_val_if_fail (MONIA_IS_STORE (self), NULL);

  clean_title = g_strstrip (g_strdup (title ? title : ""));
  clean_name = g_strstrip (g_strdup (person_name ? person_name : ""));

  if (clean_title[0] == '\0')
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT, _("Give the case a title."));
      return NULL;
    }
  if (clean_name[0] == '\0')
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT, _("Give the person’s name."));
      return NULL;
    }

  person = monia_mutation_new_create ("person");
  monia_mutation_set_string (person, "name", clean_name);
  if (hetu != NULL && *hetu != '\0')
    {
      if (!monia_hetu_parse (hetu, &parsed, error))
        return NULL;
      monia_mutation_set_string (person, "hetu", parsed.code);
      monia_mutation_set_date (person, "birth_date", &parsed.birth_date);
    }

  case_ = monia_mutation_new_create ("case");
  monia_mutation_set_string (case_, "title", clean_title);
  monia_mutation_set_string (case_, "status", "open");
  monia_mutation_set_string (case_, "opened_on", today);
  if (self->author != NULL)
    monia_mutation_set_string (case_, "owner_id", self->author);

  link = monia_mutation_new_create ("case_person");
  monia_mutation_set_string (link, "case_id", monia_mutation_get_record_id (case_));
  monia_mutation_set_string (link, "person_id", monia_mutation_get_record_id (person));
  monia_mutation_set_string (link, "relation", "client");

  g_ptr_array_add (batch, person);
  g_ptr_array_add (batch, case_);
  g_ptr_array_add (batch, link);
  if (!monia_store_apply (self, batch, error))
    return NULL;

  return g_strdup (monia_mutation_get_record_id (case_));
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

/* For the synchronisation support in monia-store-sync.c ------------------- */

sqlite3 *
_monia_store_get_db (MoniaStore *self)
{
  return self->db;
}

sqlite3_stmt *
_monia_store_statement (MoniaStore  *self,
                        const char  *sql,
                        GError     **error)
{
  return get_statement (self, sql, error);
}

gint64
_monia_store_count_rows (MoniaStore *self,
                         const char *sql)
{
  sqlite3_stmt *stmt = get_statement (self, sql, NULL);
  gint64 count = -1;

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

sqlite3_stmt *
_monia_store_static_statement (MoniaStore  *self,
                               const char  *sql,
                               GError     **error)
{
  return get_static_statement (self, sql, error);
}

gboolean
_monia_store_set_foreign_keys (MoniaStore  *self,
                               gboolean     on,
                               GError     **error)
{
  return set_foreign_keys (self, on, error);
}

void
_monia_store_set_error (MoniaStore  *self,
                        int          rc,
                        GError     **error)
{
  set_sqlite_error (self, self->db, rc, error);
}

gboolean
_monia_store_exec (MoniaStore  *self,
                   const char  *sql,
                   GError     **error)
{
  return exec_sql (self, sql, error);
}

void
_monia_store_bind_value (sqlite3_stmt *stmt,
                         int           index,
                         GVariant     *value)
{
  bind_value (stmt, index, value);
}

GVariant *
_monia_store_column_value (sqlite3_stmt   *stmt,
                           int             column,
                           MoniaFieldType  type)
{
  return column_value (stmt, column, type);
}

GVariant *
_monia_store_json_to_variant (JsonNode       *node,
                              MoniaFieldType  type)
{
  return json_to_variant (node, type);
}

void
_monia_store_append_json_value (GString  *out,
                                GVariant *value)
{
  append_json_value (out, value);
}

gboolean
_monia_store_begin_indexing (MoniaStore  *self,
                             gint64      *watermarks,
                             GError     **error)
{
  return read_search_watermarks (self, watermarks, error);
}

gboolean
_monia_store_finish_indexing (MoniaStore    *self,
                              const gint64  *watermarks,
                              GError       **error)
{
  return index_new_rows (self, watermarks, error);
}

void
_monia_store_emit_changed (MoniaStore *self,
                           const char *kind,
                           const char *id)
{
  g_signal_emit (self, signals[RECORD_CHANGED], 0, kind, id);
}

void
_monia_store_emit_committed (MoniaStore *self)
{
  g_signal_emit (self, signals[COMMITTED], 0);
}

char *
_monia_store_read_meta (MoniaStore *self,
                        const char *key)
{
  return read_meta (self, key);
}

gboolean
_monia_store_write_meta (MoniaStore  *self,
                         const char  *key,
                         const char  *value,
                         GError     **error)
{
  return write_meta (self, key, value, error);
}

const char *
_monia_store_get_display_name (MoniaStore *self)
{
  return self->display_name;
}
