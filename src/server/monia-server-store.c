/* monia-server-store.c — opening, schema and migrations, transactions, the statement cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-server-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "monia-core.h"
#include "monia-server-store-private.h"

G_DEFINE_FINAL_TYPE (MoniaServerStore, monia_server_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (monia-server-error-quark, monia_server_error)

static const char *error_names[] = {
  "bad_request", "unauthorized", "forbidden", "not_found", "access_lost",
  "throttled", "exists", "internal", "audit_broken",
};

static const guint error_status[] = {
  400, 401, 403, 404, 403, 429, 409, 500, 500,
};

const char *
monia_server_error_code_name (const GError *error)
{
  if (error != NULL && error->domain == MONIA_SERVER_ERROR &&
      error->code >= 0 && (guint) error->code < G_N_ELEMENTS (error_names))
    return error_names[error->code];
  if (error != NULL && error->domain == MONIA_ERROR &&
      (error->code == MONIA_ERROR_INVALID_INPUT || error->code == MONIA_ERROR_OUT_OF_RANGE))
    return "invalid_value";
  if (error != NULL && error->domain == MONIA_ERROR && error->code == MONIA_ERROR_READ_ONLY)
    return "append_only";
  return "internal";
}

guint
monia_server_error_http_status (const GError *error)
{
  if (error != NULL && error->domain == MONIA_SERVER_ERROR &&
      error->code >= 0 && (guint) error->code < G_N_ELEMENTS (error_status))
    return error_status[error->code];
  if (error != NULL && error->domain == MONIA_ERROR &&
      (error->code == MONIA_ERROR_INVALID_INPUT || error->code == MONIA_ERROR_OUT_OF_RANGE ||
       error->code == MONIA_ERROR_READ_ONLY))
    return 400;
  return 500;
}

/* SQLite plumbing */

gboolean
_monia_server_set_error (MoniaServerStore  *self,
                         GError           **error)
{
  /* SQLite's message names tables and constraints, never values. */
  g_set_error (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_STORE,
               _("The server database failed: %s"), sqlite3_errmsg (self->db));
  return FALSE;
}

gboolean
_monia_server_exec (MoniaServerStore  *self,
                    const char        *sql,
                    GError           **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return _monia_server_set_error (self, error);
  return TRUE;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

sqlite3_stmt *
_monia_server_prepare (MoniaServerStore  *self,
                       const char        *sql,
                       GError           **error)
{
  GPtrArray *copies = g_hash_table_lookup (self->statements, sql);
  sqlite3_stmt *stmt = NULL;

  if (copies == NULL)
    {
      copies = g_ptr_array_new_with_free_func (finalize_statement);
      g_hash_table_insert (self->statements, g_strdup (sql), copies);
    }
  /* A copy that is stepping belongs to a caller up the stack. */
  for (guint i = 0; i < copies->len; i++)
    if (!sqlite3_stmt_busy (copies->pdata[i]))
      {
        stmt = copies->pdata[i];
        sqlite3_reset (stmt);
        sqlite3_clear_bindings (stmt);
        return stmt;
      }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      _monia_server_set_error (self, error);
      sqlite3_finalize (stmt);
      return NULL;
    }
  g_ptr_array_add (copies, stmt);
  return stmt;
}

void
_monia_server_release (sqlite3_stmt *stmt)
{
  /* Ends its read of the database; the store keeps it for next time. */
  if (stmt != NULL)
    sqlite3_reset (stmt);
}

void
_monia_server_bind_text (sqlite3_stmt *stmt,
                         int           index,
                         const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

/* Runs a statement that returns no rows, from the cache. */
static gboolean
run_cached (MoniaServerStore  *self,
            const char        *sql,
            GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = _monia_server_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;
  return _monia_server_set_error (self, error);
}

static void
audit_state_reset (MoniaServerStore *self)
{
  self->audit_loaded = FALSE;
  self->audit_dirty = FALSE;
  self->savepoint_open = FALSE;
}

gboolean
_monia_server_begin (MoniaServerStore  *self,
                     GError           **error)
{
  audit_state_reset (self);
  return run_cached (self, "BEGIN IMMEDIATE", error);
}

gboolean
_monia_server_commit (MoniaServerStore  *self,
                      GError           **error)
{
  if ((self->audit_dirty && !_monia_server_write_audit_head (self, error)) ||
      !run_cached (self, "COMMIT", error))
    {
      _monia_server_rollback (self);
      return FALSE;
    }
  audit_state_reset (self);
  /* A durable commit syncs the whole WAL, earlier commits with it. */
  self->unsynced = FALSE;
  return TRUE;
}

/* Back to durable commits for everything else. */
static gboolean
end_read (MoniaServerStore  *self,
          GError           **error)
{
  if (!self->reading)
    return TRUE;
  self->reading = FALSE;
  return run_cached (self, "PRAGMA synchronous = FULL", error);
}

void
_monia_server_rollback (MoniaServerStore *self)
{
  audit_state_reset (self);
  if (!sqlite3_get_autocommit (self->db))
    run_cached (self, "ROLLBACK", NULL);
  end_read (self, NULL);
}

gboolean
_monia_server_begin_read (MoniaServerStore  *self,
                          GError           **error)
{
  if (!run_cached (self, "PRAGMA synchronous = NORMAL", error))
    return FALSE;
  self->reading = TRUE;
  if (!_monia_server_begin (self, error))
    {
      end_read (self, NULL);
      return FALSE;
    }
  return TRUE;
}

gboolean
_monia_server_commit_read (MoniaServerStore  *self,
                           GError           **error)
{
  gboolean ok = _monia_server_commit (self, error);

  if (!end_read (self, ok ? error : NULL))
    ok = FALSE;
  if (ok)
    self->unsynced = TRUE;
  return ok;
}

gboolean
_monia_server_savepoint (MoniaServerStore  *self,
                         GError           **error)
{
  g_return_val_if_fail (!self->savepoint_open, FALSE);

  if (!run_cached (self, "SAVEPOINT unit", error))
    return FALSE;
  self->savepoint_open = TRUE;
  self->savepoint_audit_loaded = self->audit_loaded;
  self->savepoint_audit_dirty = self->audit_dirty;
  self->savepoint_audit_seq = self->audit_seq;
  memcpy (self->savepoint_audit_hash, self->audit_hash, sizeof self->audit_hash);
  return TRUE;
}

gboolean
_monia_server_savepoint_release (MoniaServerStore  *self,
                                 GError           **error)
{
  g_return_val_if_fail (self->savepoint_open, FALSE);

  self->savepoint_open = FALSE;
  return run_cached (self, "RELEASE unit", error);
}

void
_monia_server_savepoint_rollback (MoniaServerStore *self)
{
  g_return_if_fail (self->savepoint_open);

  self->savepoint_open = FALSE;
  self->audit_loaded = self->savepoint_audit_loaded;
  self->audit_dirty = self->savepoint_audit_dirty;
  self->audit_seq = self->savepoint_audit_seq;
  memcpy (self->audit_hash, self->savepoint_audit_hash, sizeof self->audit_hash);
  if (!sqlite3_get_autocommit (self->db))
    {
      run_cached (self, "ROLLBACK TO unit", NULL);
      run_cached (self, "RELEASE unit", NULL);
    }
}

gboolean
monia_server_store_sync (MoniaServerStore  *self,
                         GError           **error)
{
  g_autofree char *wal = NULL;
  int fd;

  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), FALSE);

  if (!self->unsynced)
    return TRUE;
  /* What a durable commit would have done: sync the WAL file. Syncing it
   * through a descriptor of our own flushes SQLite's writes to it as well,
   * without a checkpoint's copying. */
  wal = g_strconcat (self->path, "-wal", NULL);
  fd = g_open (wal, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 && errno != ENOENT)
    {
      int saved = errno;

      g_set_error (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_STORE,
                   _("The server database could not be synced: %s"), g_strerror (saved));
      return FALSE;
    }
  if (fd >= 0)
    {
      int rc = fdatasync (fd);
      int saved = errno;

      close (fd);
      if (rc != 0)
        {
          g_set_error (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_STORE,
                       _("The server database could not be synced: %s"), g_strerror (saved));
          return FALSE;
        }
    }
  self->unsynced = FALSE;
  return TRUE;
}

/* Version 4: the public form (monia-server-ask-store.c). "IF NOT EXISTS":
 * a store marked older than it is (as the audit upgrade tests make one)
 * migrates all the same. */
#define PUBLIC_FORM_SQL \
  "CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);" \
  /* Form posts and answer look-ups per address, the address kept only as \
   * a keyed hash. */ \
  "CREATE TABLE IF NOT EXISTS web_hits (" \
  "  id INTEGER PRIMARY KEY, address TEXT NOT NULL, action TEXT NOT NULL," \
  "  at INTEGER NOT NULL);" \
  "CREATE INDEX IF NOT EXISTS web_hits_address ON web_hits (address, action, at);" \
  "CREATE INDEX IF NOT EXISTS web_hits_at ON web_hits (at);" \
  /* Each form sent is taken once: the same form sent again (a double \
   * click, a reload) makes no second request. */ \
  "CREATE TABLE IF NOT EXISTS ask_forms (nonce TEXT PRIMARY KEY, at INTEGER NOT NULL);" \
  "CREATE INDEX IF NOT EXISTS ask_forms_at ON ask_forms (at);" \
  "CREATE TABLE IF NOT EXISTS ask_codes (" \
  "  code TEXT PRIMARY KEY, request_id TEXT NOT NULL, created_at INTEGER NOT NULL);"

static const char schema_sql[] =
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE accounts ("
  "  id TEXT PRIMARY KEY, login TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
  "  org TEXT NOT NULL, team TEXT NOT NULL, team_id TEXT NOT NULL,"
  "  role TEXT NOT NULL CHECK (role IN ('worker', 'lead', 'intake', 'admin')),"
  "  password_hash TEXT NOT NULL, created_at INTEGER NOT NULL,"
  "  disabled INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX accounts_team ON accounts (team_id);"
  "CREATE TABLE tokens ("
  "  hash TEXT PRIMARY KEY,"
  "  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  device TEXT, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);"
  "CREATE TABLE login_attempts ("
  "  id INTEGER PRIMARY KEY, login TEXT NOT NULL, address TEXT NOT NULL,"
  "  at INTEGER NOT NULL, ok INTEGER NOT NULL);"
  "CREATE INDEX login_attempts_login ON login_attempts (login, at);"
  "CREATE INDEX login_attempts_address ON login_attempts (address, at);"
  /* fields: the current values; field_revs: for each field, the revision
   * at which it last changed, for the three-way merge of a push. */
  "CREATE TABLE records ("
  "  kind TEXT NOT NULL, id TEXT NOT NULL, case_id TEXT, feed TEXT NOT NULL,"
  "  rev INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,"
  "  fields TEXT NOT NULL, field_revs TEXT NOT NULL,"
  "  created_by TEXT, created_at INTEGER NOT NULL,"
  "  updated_by TEXT, updated_at INTEGER NOT NULL,"
  "  PRIMARY KEY (kind, id));"
  "CREATE INDEX records_case ON records (case_id, kind);"
  "CREATE TABLE record_history ("
  "  kind TEXT NOT NULL, record_id TEXT NOT NULL, rev INTEGER NOT NULL,"
  "  op TEXT NOT NULL, fields TEXT NOT NULL, actor TEXT, at INTEGER NOT NULL,"
  "  mutation_id TEXT,"
  "  PRIMARY KEY (kind, record_id, rev));"
  /* A feed is a case (its id), "directory" or "inbox"; each has its own
   * sequence. A record sits once in each feed it belongs to, at the
   * sequence of its latest change, so a pull gets the latest versions. */
  "CREATE TABLE feeds (feed TEXT PRIMARY KEY, seq INTEGER NOT NULL);"
  "CREATE TABLE feed_entries ("
  "  feed TEXT NOT NULL, kind TEXT NOT NULL, record_id TEXT NOT NULL,"
  "  seq INTEGER NOT NULL,"
  "  PRIMARY KEY (feed, kind, record_id));"
  "CREATE UNIQUE INDEX feed_entries_seq ON feed_entries (feed, seq);"
  "CREATE INDEX feed_entries_record ON feed_entries (kind, record_id);"
  /* Derived from case, work_pair and participant records. */
  "CREATE TABLE case_members ("
  "  case_id TEXT NOT NULL, account_id TEXT NOT NULL, via TEXT NOT NULL,"
  "  until TEXT,"
  "  PRIMARY KEY (case_id, account_id, via));"
  "CREATE INDEX case_members_account ON case_members (account_id);"
  "CREATE TABLE served_cases ("
  "  account_id TEXT NOT NULL, case_id TEXT NOT NULL,"
  "  PRIMARY KEY (account_id, case_id));"
  /* A mutation id is the sending account's own: it finds only that
   * account's answer. */
  "CREATE TABLE applied_mutations ("
  "  mutation_id TEXT NOT NULL, account_id TEXT NOT NULL,"
  "  at INTEGER NOT NULL, result TEXT NOT NULL,"
  "  PRIMARY KEY (account_id, mutation_id));"
  "CREATE TABLE conflicts ("
  "  id TEXT PRIMARY KEY, case_id TEXT NOT NULL,"
  "  record_kind TEXT NOT NULL, record_id TEXT NOT NULL, field TEXT,"
  "  base_rev INTEGER NOT NULL, base_value TEXT, theirs_value TEXT,"
  "  theirs_rev INTEGER NOT NULL, theirs_by TEXT, mine_value TEXT,"
  "  mine_by TEXT NOT NULL, mutation_id TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL, resolved_at INTEGER, resolved_by TEXT);"
  "CREATE INDEX conflicts_case ON conflicts (case_id);"
  "CREATE TABLE audit ("
  "  seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT,"
  "  action TEXT NOT NULL, record_kind TEXT, record_id TEXT, case_id TEXT,"
  "  person_ids TEXT, reason TEXT, device TEXT,"
  "  prev_hash TEXT NOT NULL, hash TEXT NOT NULL);"
  "CREATE INDEX audit_case ON audit (case_id);"
  PUBLIC_FORM_SQL;

/* What takes a store of the version before each one to it; a fresh store
 * gets schema_sql at the newest version at once. */
static const char * const migrations[] = {
  [2] = NULL,   /* the audit chain keyed: “audit upgrade”, which needs the operator */
  [3] = /* applied_mutations keyed by account and mutation id, not the id alone */
        "CREATE TABLE applied_mutations_2 ("
        "  mutation_id TEXT NOT NULL, account_id TEXT NOT NULL,"
        "  at INTEGER NOT NULL, result TEXT NOT NULL,"
        "  PRIMARY KEY (account_id, mutation_id));"
        "INSERT INTO applied_mutations_2 (mutation_id, account_id, at, result)"
        "  SELECT mutation_id, account_id, at, result FROM applied_mutations;"
        "DROP TABLE applied_mutations;"
        "ALTER TABLE applied_mutations_2 RENAME TO applied_mutations;",
  [4] = PUBLIC_FORM_SQL,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == MONIA_SERVER_STORE_SCHEMA_VERSION + 1);

static gboolean
configure_connection (MoniaServerStore  *self,
                      GError           **error)
{
  sqlite3_busy_timeout (self->db, 5000);
  /* An acknowledged write is on disk: FULL syncs the WAL on each commit. */
  return _monia_server_exec (self,
                             "PRAGMA journal_mode = WAL;"
                             "PRAGMA synchronous = FULL;"
                             "PRAGMA foreign_keys = ON;",
                             error) &&
         _monia_server_register_policy (self, error);
}

static gboolean
read_schema_version (MoniaServerStore  *self,
                     int               *version,
                     GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _monia_server_prepare (self, "SELECT value FROM meta WHERE key = 'schema_version'", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_FOREIGN_FILE,
                   _("“%s” is not a Monia server store."), self->path);
      return FALSE;
    }
  *version = sqlite3_column_int (stmt, 0);
  return TRUE;
}

static gboolean
create_schema (MoniaServerStore  *self,
               GError           **error)
{
  g_autofree char *meta = NULL;

  if (!_monia_server_begin (self, error))
    return FALSE;
  meta = g_strdup_printf ("INSERT INTO meta (key, value) VALUES"
                          " ('schema_version', '%d'), ('created_at', '%" G_GINT64_FORMAT "'),"
                          " ('audit_head_seq', '0'), ('audit_head_hash', '" GENESIS_HASH "');",
                          MONIA_SERVER_STORE_SCHEMA_VERSION, g_get_real_time () / G_USEC_PER_SEC);
  if (!_monia_server_exec (self, schema_sql, error) ||
      !_monia_server_exec (self, meta, error))
    {
      _monia_server_rollback (self);
      return FALSE;
    }
  return _monia_server_commit (self, error);
}

/* Brings an older store up to this version, all steps in one transaction;
 * another process may have done it meanwhile. */
static gboolean
migrate (MoniaServerStore  *self,
         int               *version,
         GError           **error)
{
  g_autofree char *update = NULL;

  if (!_monia_server_begin (self, error))
    return FALSE;
  if (!read_schema_version (self, version, error))
    {
      _monia_server_rollback (self);
      return FALSE;
    }
  for (int step = *version + 1; step <= MONIA_SERVER_STORE_SCHEMA_VERSION; step++)
    if (migrations[step] != NULL && !_monia_server_exec (self, migrations[step], error))
      {
        _monia_server_rollback (self);
        return FALSE;
      }
  update = g_strdup_printf ("UPDATE meta SET value = '%d' WHERE key = 'schema_version';",
                            MONIA_SERVER_STORE_SCHEMA_VERSION);
  if (*version < MONIA_SERVER_STORE_SCHEMA_VERSION && !_monia_server_exec (self, update, error))
    {
      _monia_server_rollback (self);
      return FALSE;
    }
  if (!_monia_server_commit (self, error))
    return FALSE;
  *version = MONIA_SERVER_STORE_SCHEMA_VERSION;
  return TRUE;
}

static void
monia_server_store_finalize (GObject *object)
{
  MoniaServerStore *self = (MoniaServerStore *) object;

  /* The statements go before the connection they belong to. */
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->data_dir, g_free);
  sodium_memzero (self->audit_key, sizeof self->audit_key);
  g_clear_pointer (&self->pending_logins, g_hash_table_unref);
  g_clear_pointer (&self->pending_addresses, g_hash_table_unref);

  G_OBJECT_CLASS (monia_server_store_parent_class)->finalize (object);
}

static void
monia_server_store_class_init (MoniaServerStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = monia_server_store_finalize;
}

static void
monia_server_store_init (MoniaServerStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_ptr_array_unref);
  self->pending_logins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->pending_addresses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* @upgrading: for “audit upgrade”, which opens a store made before audit
 * keys (or with its key missing) to key it. */
MoniaServerStore *
_monia_server_open_store (const char  *data_dir,
                          gboolean     create,
                          gboolean     upgrading,
                          int         *out_version,
                          GError     **error)
{
  g_autoptr(MoniaServerStore) self = NULL;
  gboolean exists;
  gboolean keys_made = FALSE;
  int version = 0;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

  g_return_val_if_fail (data_dir != NULL, NULL);

  if (sodium_init () < 0)
    {
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_FAILED,
                           _("The cryptography library could not be started."));
      return NULL;
    }

  self = g_object_new (MONIA_TYPE_SERVER_STORE, NULL);
  self->path = g_build_filename (data_dir, MONIA_SERVER_STORE_FILE, NULL);
  self->data_dir = g_strdup (data_dir);
  exists = g_file_test (self->path, G_FILE_TEST_EXISTS);

  if (create && exists)
    {
      g_set_error (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_EXISTS,
                   _("A server store already exists in “%s”."), data_dir);
      return NULL;
    }
  if (!create && !exists)
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_NOT_FOUND,
                   _("There is no server store in “%s”; make one with “monia-server --data %s init”."),
                   data_dir, data_dir);
      return NULL;
    }
  if (create)
    {
      if (g_mkdir_with_parents (data_dir, 0700) != 0)
        {
          g_set_error (error, MONIA_ERROR, MONIA_ERROR_STORE,
                       _("The folder “%s” could not be made."), data_dir);
          return NULL;
        }
      /* The keys first: a leftover key of another store stops init before
       * there is a database to clean up. */
      if (!_monia_server_make_audit_keys (self, error))
        return NULL;
      keys_made = TRUE;
      flags |= SQLITE_OPEN_CREATE;
    }

  if (sqlite3_open_v2 (self->path, &self->db, flags, NULL) != SQLITE_OK)
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_STORE,
                   _("The server store “%s” could not be opened."), self->path);
      goto fail;
    }
  if (create)
    g_chmod (self->path, 0600);

  if (!configure_connection (self, error))
    goto fail;

  if (create && !create_schema (self, error))
    goto fail;

  if (!read_schema_version (self, &version, error))
    goto fail;
  if (version > MONIA_SERVER_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_NEWER_VERSION,
                   _("The server store was made by a newer monia-server."));
      goto fail;
    }
  if (!upgrading && version <= MONIA_SERVER_STORE_UNKEYED_AUDIT_VERSION)
    {
      g_set_error (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_AUDIT,
                   _("The store in “%s” was made before its audit log had a key. "
                     "Run “monia-server --data %s audit upgrade” once to give it one."),
                   data_dir, data_dir);
      goto fail;
    }
  /* Never run unkeyed: without the key every entry would break the chain. */
  if (!upgrading && !create && !_monia_server_load_audit_key (self, error))
    goto fail;
  if (!upgrading && version < MONIA_SERVER_STORE_SCHEMA_VERSION && !migrate (self, &version, error))
    goto fail;

  if (out_version != NULL)
    *out_version = version;
  return g_steal_pointer (&self);

fail:
  if (keys_made)
    {
      g_clear_pointer (&self->statements, g_hash_table_unref);
      g_clear_pointer (&self->db, sqlite3_close);
      g_unlink (self->path);
      _monia_server_remove_audit_keys (data_dir);
    }
  return NULL;
}

MoniaServerStore *
monia_server_store_open (const char  *data_dir,
                         gboolean     create,
                         GError     **error)
{
  return _monia_server_open_store (data_dir, create, FALSE, NULL, error);
}

const char *
monia_server_store_get_path (MoniaServerStore *self)
{
  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), NULL);
  return self->path;
}
