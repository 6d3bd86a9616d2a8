/* monia-server-store.c — opening the server store, accounts, tokens, audit
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

#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"
#define AUDIT_KEY_BYTES 32
G_STATIC_ASSERT (AUDIT_KEY_BYTES >= crypto_generichash_KEYBYTES_MIN &&
                 AUDIT_KEY_BYTES <= crypto_generichash_KEYBYTES_MAX);
G_STATIC_ASSERT (crypto_sign_SEEDBYTES == 32);

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


void
monia_server_account_free (MoniaServerAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->id);
  g_free (account->login);
  g_free (account->name);
  g_free (account->org);
  g_free (account->team);
  g_free (account->team_id);
  g_free (account);
}

static char *
format_uuid (const guint8 b[16])
{
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                          b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

char *
monia_server_team_id (const char *org,
                      const char *team)
{
  crypto_generichash_state state;
  guint8 b[16];

  g_return_val_if_fail (org != NULL && team != NULL, NULL);

  crypto_generichash_init (&state, NULL, 0, sizeof b);
  crypto_generichash_update (&state, (const guint8 *) "monia-team", strlen ("monia-team") + 1);
  crypto_generichash_update (&state, (const guint8 *) org, strlen (org) + 1);
  crypto_generichash_update (&state, (const guint8 *) team, strlen (team));
  crypto_generichash_final (&state, b, sizeof b);
  b[6] = (guint8) (0x80 | (b[6] & 0x0f));  /* version 8: made from names */
  b[8] = (guint8) (0x80 | (b[8] & 0x3f));
  return format_uuid (b);
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

static gboolean
write_audit_head (MoniaServerStore  *self,
                  GError           **error);

gboolean
_monia_server_commit (MoniaServerStore  *self,
                      GError           **error)
{
  if ((self->audit_dirty && !write_audit_head (self, error)) ||
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
  "CREATE INDEX audit_case ON audit (case_id);";

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

static gboolean make_audit_keys   (MoniaServerStore  *self,
                                   GError           **error);
static void     remove_audit_keys (const char        *data_dir);
static gboolean load_audit_key    (MoniaServerStore  *self,
                                   GError           **error);

/* @upgrading: for “audit upgrade”, which opens a store made before audit
 * keys (or with its key missing) to key it. */
static MoniaServerStore *
open_store (const char  *data_dir,
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
      if (!make_audit_keys (self, error))
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
  if (!upgrading && !create && !load_audit_key (self, error))
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
      remove_audit_keys (data_dir);
    }
  return NULL;
}

MoniaServerStore *
monia_server_store_open (const char  *data_dir,
                         gboolean     create,
                         GError     **error)
{
  return open_store (data_dir, create, FALSE, NULL, error);
}

const char *
monia_server_store_get_path (MoniaServerStore *self)
{
  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), NULL);
  return self->path;
}

/* Accounts */

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

char *
monia_server_store_add_account (MoniaServerStore  *self,
                                const char        *login,
                                const char        *name,
                                const char        *org,
                                const char        *team,
                                MoniaRole          role,
                                const char        *password,
                                GError           **error)
{
  char hash[crypto_pwhash_STRBYTES];
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *id = NULL;
  g_autofree char *team_id = NULL;
  MoniaAuditEntry entry = { 0 };

  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), NULL);

  if (is_blank (login) || is_blank (name) || is_blank (org) || is_blank (team) ||
      !g_utf8_validate (login, -1, NULL) || !g_utf8_validate (name, -1, NULL) ||
      !g_utf8_validate (org, -1, NULL) || !g_utf8_validate (team, -1, NULL))
    {
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                           _("A login, a name, an organisation and a team are all needed."));
      return NULL;
    }
  if (password == NULL || strlen (password) < 8)
    {
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                           _("The password must be at least 8 characters long."));
      return NULL;
    }

  if (crypto_pwhash_str_alg (hash, password, strlen (password),
                             crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_FAILED,
                           _("The password could not be hashed: out of memory."));
      return NULL;
    }

  id = monia_id_new ();
  team_id = monia_server_team_id (org, team);

  if (!_monia_server_begin (self, error))
    return NULL;

  stmt = _monia_server_prepare (self,
                                "INSERT INTO accounts (id, login, name, org, team, team_id, role,"
                                " password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                error);
  if (stmt == NULL)
    goto fail;
  _monia_server_bind_text (stmt, 1, id);
  _monia_server_bind_text (stmt, 2, login);
  _monia_server_bind_text (stmt, 3, name);
  _monia_server_bind_text (stmt, 4, org);
  _monia_server_bind_text (stmt, 5, team);
  _monia_server_bind_text (stmt, 6, team_id);
  _monia_server_bind_text (stmt, 7, monia_role_to_string (role));
  _monia_server_bind_text (stmt, 8, hash);
  sqlite3_bind_int64 (stmt, 9, g_get_real_time () / G_USEC_PER_SEC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      if (sqlite3_extended_errcode (self->db) == SQLITE_CONSTRAINT_UNIQUE)
        g_set_error (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_EXISTS,
                     _("There is already an account with the login “%s”."), login);
      else
        _monia_server_set_error (self, error);
      goto fail;
    }

  entry.action = "account_add";
  entry.record_kind = "professional";
  entry.record_id = id;
  entry.device = "monia-server";
  if (!_monia_server_publish_professional (self, id, name, team_id, monia_role_to_string (role), login, error) ||
      !_monia_server_audit_in_tx (self, &entry, error) ||
      !_monia_server_commit (self, error))
    goto fail;

  sodium_memzero (hash, sizeof hash);
  return g_steal_pointer (&id);

fail:
  sodium_memzero (hash, sizeof hash);
  _monia_server_rollback (self);
  return NULL;
}

static MoniaServerAccount *
account_from_row (sqlite3_stmt *stmt,
                  int           first)
{
  MoniaServerAccount *account = g_new0 (MoniaServerAccount, 1);

  account->id = g_strdup ((const char *) sqlite3_column_text (stmt, first));
  account->login = g_strdup ((const char *) sqlite3_column_text (stmt, first + 1));
  account->name = g_strdup ((const char *) sqlite3_column_text (stmt, first + 2));
  account->org = g_strdup ((const char *) sqlite3_column_text (stmt, first + 3));
  account->team = g_strdup ((const char *) sqlite3_column_text (stmt, first + 4));
  account->team_id = g_strdup ((const char *) sqlite3_column_text (stmt, first + 5));
  if (!monia_role_from_string ((const char *) sqlite3_column_text (stmt, first + 6), &account->role))
    account->role = MONIA_ROLE_WORKER;
  return account;
}

#define ACCOUNT_COLUMNS "a.id, a.login, a.name, a.org, a.team, a.team_id, a.role"

/* Tokens and logins */

static char *
hash_token (const char *token)
{
  guint8 digest[32];
  char hex[65];

  crypto_generichash (digest, sizeof digest, (const guint8 *) token, strlen (token), NULL, 0);
  sodium_bin2hex (hex, sizeof hex, digest, sizeof digest);
  return g_strdup (hex);
}

static char *
make_token (void)
{
  guint8 raw[32];
  char text[sodium_base64_ENCODED_LEN (32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  randombytes_buf (raw, sizeof raw);
  sodium_bin2base64 (text, sizeof text, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (raw, sizeof raw);
  return g_strdup (text);
}

/* The attempts of @value (a login or an address) since @since that failed
 * (@ok FALSE) or succeeded, and the time of the oldest of them. */
static gint64
count_attempts (MoniaServerStore *self,
                const char       *column,
                const char       *value,
                gint64            since,
                gboolean          ok,
                gint64           *oldest)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT count(*), min(at) FROM login_attempts"
                                          " WHERE %s = ? AND at > ? AND ok = ?", column);

  stmt = _monia_server_prepare (self, sql, NULL);
  if (stmt == NULL)
    return 0;
  _monia_server_bind_text (stmt, 1, value);
  sqlite3_bind_int64 (stmt, 2, since);
  sqlite3_bind_int (stmt, 3, ok ? 1 : 0);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  *oldest = sqlite3_column_int64 (stmt, 1);
  return sqlite3_column_int64 (stmt, 0);
}

static gboolean
record_attempt (MoniaServerStore *self,
                const char       *login,
                const char       *address,
                gint64            now,
                gboolean          ok,
                GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (ok)
    {
      /* A success clears the account's failures; an address's stay. Of
       * the successes only those still in the rate window are kept. */
      stmt = _monia_server_prepare (self, "DELETE FROM login_attempts WHERE login = ? AND (ok = 0 OR at <= ?)", error);
      if (stmt == NULL)
        return FALSE;
      _monia_server_bind_text (stmt, 1, login);
      sqlite3_bind_int64 (stmt, 2, now - MONIA_SERVER_LOGIN_RATE_WINDOW);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        return _monia_server_set_error (self, error);
      g_clear_pointer (&stmt, _monia_server_release);
    }

  stmt = _monia_server_prepare (self, "INSERT INTO login_attempts (login, address, at, ok) VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, login);
  _monia_server_bind_text (stmt, 2, address);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_int (stmt, 4, ok ? 1 : 0);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _monia_server_set_error (self, error);
  return TRUE;
}

static GMutex verify_hook_lock;
static MoniaServerVerifyHook verify_hook;
static gpointer verify_hook_data;

void
_monia_server_set_verify_hook (MoniaServerVerifyHook hook,
                               gpointer              data)
{
  g_mutex_lock (&verify_hook_lock);
  verify_hook = hook;
  verify_hook_data = data;
  g_mutex_unlock (&verify_hook_lock);
}

static void
call_verify_hook (const char *login)
{
  MoniaServerVerifyHook hook;
  gpointer data;

  g_mutex_lock (&verify_hook_lock);
  hook = verify_hook;
  data = verify_hook_data;
  g_mutex_unlock (&verify_hook_lock);
  if (hook != NULL)
    hook (login, data);
}

/* Spends about as long on an unknown login as on a wrong password, so the
 * answer's timing does not tell which logins exist. Any thread. */
static gboolean
verify_dummy (const char *password)
{
  static char dummy[crypto_pwhash_STRBYTES];
  static gsize made = 0;

  if (g_once_init_enter (&made))
    {
      gsize ok = crypto_pwhash_str_alg (dummy, "monia-dummy-password", strlen ("monia-dummy-password"),
                                        crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                        crypto_pwhash_MEMLIMIT_INTERACTIVE,
                                        crypto_pwhash_ALG_ARGON2ID13) == 0 ? 1 : 2;

      g_once_init_leave (&made, ok);
    }
  return made == 1 && crypto_pwhash_str_verify (dummy, password, strlen (password)) == 0;
}

/* Logins begun and not finished yet, by login and by address: they count
 * against the throttles as if each were a failure (and, by login, a
 * success), so checking passwords side by side gives no more guesses. */
static guint
pending_count (GHashTable *table,
               const char *key)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (table, key));
}

static void
pending_add (GHashTable *table,
             const char *key,
             int         delta)
{
  guint n = pending_count (table, key);

  if (delta < 0 && n <= 1)
    g_hash_table_remove (table, key);
  else
    g_hash_table_insert (table, g_strdup (key), GUINT_TO_POINTER (n + delta));
}

struct _MoniaServerLogin
{
  MoniaServerStore   *store;
  char               *login;
  char               *password;
  char               *address;
  char               *device;
  char               *stored_hash;   /* NULL for an unknown login */
  MoniaServerAccount *account;       /* NULL for an unknown login */
  gboolean            pending;       /* counted in the store's pending tables */
  gboolean            ok;
};

static void
login_release_pending (MoniaServerLogin *login)
{
  if (!login->pending)
    return;
  login->pending = FALSE;
  pending_add (login->store->pending_logins, login->login, -1);
  pending_add (login->store->pending_addresses, login->address, -1);
}

void
monia_server_login_free (MoniaServerLogin *login)
{
  if (login == NULL)
    return;
  login_release_pending (login);
  g_clear_object (&login->store);
  if (login->password != NULL)
    sodium_memzero (login->password, strlen (login->password));
  g_free (login->password);
  g_free (login->login);
  g_free (login->address);
  g_free (login->device);
  g_free (login->stored_hash);
  g_clear_pointer (&login->account, monia_server_account_free);
  g_free (login);
}

/* Whether @recorded attempts in the window (the oldest at @oldest) and
 * @pending ones reach @limit, and if so for how long to wait: until the
 * oldest leaves the window, or a second when only the pending ones, which
 * end soon, make up the difference. */
static gboolean
over_limit (gint64  recorded,
            guint   pending,
            gint64  limit,
            gint64  oldest,
            gint64  window,
            gint64  now,
            gint64 *retry_after)
{
  if (recorded >= limit)
    *retry_after = MAX (1, oldest + window - now);
  else if (recorded + pending >= limit)
    *retry_after = 1;
  else
    return FALSE;
  return TRUE;
}

MoniaServerLogin *
monia_server_store_login_begin (MoniaServerStore  *self,
                                const char        *login,
                                const char        *password,
                                const char        *address,
                                const char        *device,
                                gint64            *out_retry_after,
                                GError           **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 oldest_login = 0, oldest_address = 0, oldest_success = 0;
  gint64 by_login, by_address, successes, retry_after = 0;
  guint pending_login, pending_address;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  MoniaServerLogin *attempt;

  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), NULL);
  g_return_val_if_fail (login != NULL && password != NULL && address != NULL, NULL);

  pending_login = pending_count (self->pending_logins, login);
  pending_address = pending_count (self->pending_addresses, address);
  by_login = count_attempts (self, "login", login, now - MONIA_SERVER_THROTTLE_WINDOW, FALSE, &oldest_login);
  by_address = count_attempts (self, "address", address, now - MONIA_SERVER_THROTTLE_WINDOW, FALSE, &oldest_address);
  successes = count_attempts (self, "login", login, now - MONIA_SERVER_LOGIN_RATE_WINDOW, TRUE, &oldest_success);
  if (over_limit (by_login, pending_login, MONIA_SERVER_MAX_FAILURES_PER_ACCOUNT,
                  oldest_login, MONIA_SERVER_THROTTLE_WINDOW, now, &retry_after) ||
      over_limit (by_address, pending_address, MONIA_SERVER_MAX_FAILURES_PER_ADDRESS,
                  oldest_address, MONIA_SERVER_THROTTLE_WINDOW, now, &retry_after))
    {
      g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_THROTTLED,
                           _("Too many failed logins. Wait a while and try again."));
      goto throttled;
    }
  if (over_limit (successes, pending_login, MONIA_SERVER_MAX_LOGINS_PER_ACCOUNT,
                  oldest_success, MONIA_SERVER_LOGIN_RATE_WINDOW, now, &retry_after))
    {
      g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_THROTTLED,
                           _("Too many logins in a short time. Wait a minute and try again."));
      goto throttled;
    }

  stmt = _monia_server_prepare (self,
                                "SELECT " ACCOUNT_COLUMNS ", a.password_hash FROM accounts a"
                                " WHERE a.login = ? AND a.disabled = 0",
                                error);
  if (stmt == NULL)
    return NULL;
  _monia_server_bind_text (stmt, 1, login);

  attempt = g_new0 (MoniaServerLogin, 1);
  attempt->store = g_object_ref (self);
  attempt->login = g_strdup (login);
  attempt->password = g_strdup (password);
  attempt->address = g_strdup (address);
  attempt->device = g_strdup (device);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      attempt->account = account_from_row (stmt, 0);
      attempt->stored_hash = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
    }
  attempt->pending = TRUE;
  pending_add (self->pending_logins, login, 1);
  pending_add (self->pending_addresses, address, 1);
  return attempt;

throttled:
  if (out_retry_after != NULL)
    *out_retry_after = retry_after;
  return NULL;
}

void
monia_server_login_check (MoniaServerLogin *login)
{
  g_return_if_fail (login != NULL);

  call_verify_hook (login->login);
  if (login->stored_hash != NULL)
    login->ok = crypto_pwhash_str_verify (login->stored_hash, login->password, strlen (login->password)) == 0;
  else if (verify_dummy (login->password))
    g_debug ("The dummy password matched");
  sodium_memzero (login->password, strlen (login->password));
}

gboolean
monia_server_login_succeeded (MoniaServerLogin *login)
{
  g_return_val_if_fail (login != NULL, FALSE);

  return login->ok;
}

/* Ends the account's oldest sessions beyond the cap. */
static gboolean
cap_tokens (MoniaServerStore  *self,
            const char        *account_id,
            GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _monia_server_prepare (self,
                                "DELETE FROM tokens WHERE account_id = ?1 AND hash NOT IN"
                                " (SELECT hash FROM tokens WHERE account_id = ?1"
                                "  ORDER BY created_at DESC, rowid DESC LIMIT ?2)",
                                error);
  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, account_id);
  sqlite3_bind_int (stmt, 2, MONIA_SERVER_MAX_TOKENS_PER_ACCOUNT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _monia_server_set_error (self, error);
  return TRUE;
}

MoniaServerAccount *
monia_server_store_login_finish (MoniaServerStore  *self,
                                 MoniaServerLogin  *login,
                                 gint64             lifetime,
                                 char             **out_token,
                                 gint64            *out_expires_at,
                                 GError           **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *token = NULL;
  MoniaAuditEntry entry = { 0 };

  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), NULL);
  g_return_val_if_fail (login != NULL && login->store == self, NULL);
  g_return_val_if_fail (out_token != NULL, NULL);

  login_release_pending (login);
  if (!_monia_server_begin (self, error))
    return NULL;

  entry.device = login->device;
  if (!login->ok)
    {
      entry.action = "login_failed";
      entry.actor = login->account != NULL ? login->account->id : NULL;
      if (!record_attempt (self, login->login, login->address, now, FALSE, error) ||
          !_monia_server_audit_in_tx (self, &entry, error) ||
          !_monia_server_commit (self, error))
        {
          _monia_server_rollback (self);
          return NULL;
        }
      g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_UNAUTHORIZED,
                           _("The login or the password is wrong."));
      return NULL;
    }

  token = make_token ();
  hash = hash_token (token);
  stmt = _monia_server_prepare (self,
                                "INSERT INTO tokens (hash, account_id, device, created_at, expires_at)"
                                " VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  _monia_server_bind_text (stmt, 1, hash);
  _monia_server_bind_text (stmt, 2, login->account->id);
  _monia_server_bind_text (stmt, 3, login->device);
  sqlite3_bind_int64 (stmt, 4, now);
  sqlite3_bind_int64 (stmt, 5, now + lifetime);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _monia_server_set_error (self, error);
      goto fail;
    }

  entry.actor = login->account->id;
  entry.action = "login";
  if (!record_attempt (self, login->login, login->address, now, TRUE, error) ||
      !cap_tokens (self, login->account->id, error) ||
      !_monia_server_exec (self, "DELETE FROM tokens WHERE expires_at < strftime('%s', 'now') - 86400", error) ||
      !_monia_server_audit_in_tx (self, &entry, error) ||
      !_monia_server_commit (self, error))
    goto fail;

  *out_token = g_steal_pointer (&token);
  if (out_expires_at != NULL)
    *out_expires_at = now + lifetime;
  return g_steal_pointer (&login->account);

fail:
  _monia_server_rollback (self);
  return NULL;
}

MoniaServerAccount *
monia_server_store_login (MoniaServerStore  *self,
                          const char        *login,
                          const char        *password,
                          const char        *address,
                          const char        *device,
                          gint64             lifetime,
                          char             **out_token,
                          gint64            *out_expires_at,
                          gint64            *out_retry_after,
                          GError           **error)
{
  g_autoptr(MoniaServerLogin) attempt = NULL;

  attempt = monia_server_store_login_begin (self, login, password, address, device, out_retry_after, error);
  if (attempt == NULL)
    return NULL;
  monia_server_login_check (attempt);
  return monia_server_store_login_finish (self, attempt, lifetime, out_token, out_expires_at, error);
}

MoniaServerAccount *
monia_server_store_authenticate (MoniaServerStore  *self,
                                 const char        *token,
                                 GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *hash = NULL;

  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), NULL);

  if (token == NULL || *token == '\0' || strlen (token) > 256)
    {
      g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_UNAUTHORIZED,
                           _("Log in first."));
      return NULL;
    }

  hash = hash_token (token);
  stmt = _monia_server_prepare (self,
                                "SELECT " ACCOUNT_COLUMNS ", t.expires_at FROM tokens t"
                                " JOIN accounts a ON a.id = t.account_id"
                                " WHERE t.hash = ? AND a.disabled = 0",
                                error);
  if (stmt == NULL)
    return NULL;
  _monia_server_bind_text (stmt, 1, hash);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_UNAUTHORIZED,
                           _("The session is not valid. Log in again."));
      return NULL;
    }
  if (sqlite3_column_int64 (stmt, 7) <= g_get_real_time () / G_USEC_PER_SEC)
    {
      g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_UNAUTHORIZED,
                           _("The session has ended. Log in again."));
      return NULL;
    }
  return account_from_row (stmt, 0);
}

char *
monia_server_token_hash (const char *token)
{
  g_return_val_if_fail (token != NULL, NULL);

  return hash_token (token);
}

gint64
monia_server_store_token_expiry (MoniaServerStore *self,
                                 const char       *token_hash)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), 0);
  g_return_val_if_fail (token_hash != NULL, 0);

  stmt = _monia_server_prepare (self,
                                "SELECT t.expires_at FROM tokens t JOIN accounts a ON a.id = t.account_id"
                                " WHERE t.hash = ? AND a.disabled = 0",
                                NULL);
  if (stmt == NULL)
    return 0;
  _monia_server_bind_text (stmt, 1, token_hash);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

gboolean
monia_server_store_logout (MoniaServerStore  *self,
                           const char        *token,
                           GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *hash = hash_token (token);

  stmt = _monia_server_prepare (self, "DELETE FROM tokens WHERE hash = ?", error);
  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, hash);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _monia_server_set_error (self, error);
  return TRUE;
}

gboolean
monia_server_store_disable_account (MoniaServerStore  *self,
                                    const char        *login,
                                    GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *id = NULL;
  MoniaAuditEntry entry = { 0 };

  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), FALSE);

  if (!_monia_server_begin (self, error))
    return FALSE;
  stmt = _monia_server_prepare (self, "UPDATE accounts SET disabled = 1 WHERE login = ? RETURNING id", error);
  if (stmt == NULL)
    goto fail;
  _monia_server_bind_text (stmt, 1, login);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  g_clear_pointer (&stmt, _monia_server_release);
  if (id == NULL)
    {
      g_set_error (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_NOT_FOUND,
                   _("There is no account with the login “%s”."), login);
      goto fail;
    }

  /* Its sessions end now, on every device: a lost laptop's token with them. */
  stmt = _monia_server_prepare (self, "DELETE FROM tokens WHERE account_id = ?", error);
  if (stmt == NULL)
    goto fail;
  _monia_server_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _monia_server_set_error (self, error);
      goto fail;
    }

  entry.action = "account_disable";
  entry.record_kind = "professional";
  entry.record_id = id;
  entry.device = "monia-server";
  if (!_monia_server_audit_in_tx (self, &entry, error) || !_monia_server_commit (self, error))
    goto fail;
  return TRUE;

fail:
  _monia_server_rollback (self);
  return FALSE;
}

/* Audit chain.
 *
 * Each entry's hash is BLAKE2b-256, keyed with the 32 bytes of audit.key,
 * over the previous entry's hash (64 hex digits, the genesis hash being 64
 * zeros) followed by the canonical entry: each of seq, at, actor, action,
 * record_kind, record_id, case_id, person_ids, reason and device written as
 * "<byte length>:<bytes>", or "~" for none; numbers in decimal. The head
 * (last seq and hash) is kept in meta as well, so removing the last entries
 * is noticed too, unless meta is changed with them: signed checkpoints kept
 * off the server catch that, and a rewrite by someone holding the key. */

static void
append_decimal (GString *out,
                guint64  value)
{
  char digits[24];
  guint n = 0;

  do
    {
      digits[n++] = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value > 0);
  while (n > 0)
    g_string_append_c (out, digits[--n]);
}

static void
canonical_add (GString    *out,
               const char *value)
{
  gsize length;

  if (value == NULL)
    {
      g_string_append_c (out, '~');
      return;
    }
  /* Without printf: this runs for every audit entry. */
  length = strlen (value);
  append_decimal (out, length);
  g_string_append_c (out, ':');
  g_string_append_len (out, value, (gssize) length);
}

static void
canonical_add_number (GString *out,
                      gint64   value)
{
  char number[32];

  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, value);
  canonical_add (out, number);
}

/* @key: AUDIT_KEY_BYTES, or NULL for the unkeyed chain of a store made
 * before audit keys. */
static char *
audit_hash (const guint8  *key,
            const char    *prev_hash,
            gint64         seq,
            gint64         at,
            const char   **columns)
{
  GString *canonical = g_string_sized_new (512);
  crypto_generichash_state state;
  guint8 digest[32];
  char hex[65];

  if (seq >= 0 && at >= 0)
    {
      /* The same text as canonical_add_number(), made faster. */
      GString *number = g_string_sized_new (24);

      append_decimal (number, (guint64) seq);
      canonical_add (canonical, number->str);
      g_string_truncate (number, 0);
      append_decimal (number, (guint64) at);
      canonical_add (canonical, number->str);
      g_string_free (number, TRUE);
    }
  else
    {
      canonical_add_number (canonical, seq);
      canonical_add_number (canonical, at);
    }
  for (guint i = 0; i < 8; i++)
    canonical_add (canonical, columns[i]);

  crypto_generichash_init (&state, key, key != NULL ? AUDIT_KEY_BYTES : 0, sizeof digest);
  crypto_generichash_update (&state, (const guint8 *) prev_hash, strlen (prev_hash));
  crypto_generichash_update (&state, (const guint8 *) canonical->str, canonical->len);
  crypto_generichash_final (&state, digest, sizeof digest);
  sodium_bin2hex (hex, sizeof hex, digest, sizeof digest);
  g_string_free (canonical, TRUE);
  return g_strdup (hex);
}

static char *
meta_get (MoniaServerStore *self,
          const char       *key)
{
  g_autoptr(sqlite3_stmt) stmt = _monia_server_prepare (self, "SELECT value FROM meta WHERE key = ?", NULL);

  if (stmt == NULL)
    return NULL;
  _monia_server_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static gboolean
meta_set (MoniaServerStore  *self,
          const char        *key,
          const char        *value,
          GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = _monia_server_prepare (self, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, key);
  _monia_server_bind_text (stmt, 2, value);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _monia_server_set_error (self, error);
  return TRUE;
}

static gboolean
load_audit_head (MoniaServerStore  *self,
                 GError           **error)
{
  g_autofree char *head_seq = meta_get (self, "audit_head_seq");
  g_autofree char *head_hash = meta_get (self, "audit_head_hash");

  if (head_seq == NULL || head_hash == NULL || strlen (head_hash) != 64)
    {
      g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_AUDIT,
                           _("The audit log’s head is missing; run “monia-server audit verify”."));
      return FALSE;
    }
  self->audit_seq = g_ascii_strtoll (head_seq, NULL, 10);
  memcpy (self->audit_hash, head_hash, 65);
  self->audit_loaded = TRUE;
  return TRUE;
}

static gboolean
write_audit_head (MoniaServerStore  *self,
                  GError           **error)
{
  char seq_text[32];

  g_snprintf (seq_text, sizeof seq_text, "%" G_GINT64_FORMAT, self->audit_seq);
  return meta_set (self, "audit_head_seq", seq_text, error) &&
         meta_set (self, "audit_head_hash", self->audit_hash, error);
}

/* Audit keys: files beside the database, each 32 bytes, mode 0600. */

static char *
key_path (const char *data_dir,
          const char *name)
{
  return g_build_filename (data_dir, name, NULL);
}

static gboolean
write_key_file (const char    *path,
                const guint8  *key,
                gsize          size,
                GError       **error)
{
  gsize done = 0;
  int saved = 0;
  int fd;

  /* Never over another key: that would orphan the chain it keys. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      saved = errno;
      if (saved == EEXIST)
        g_set_error (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_EXISTS,
                     _("The key file “%s” is there already; move it away first, so it is not overwritten."),
                     path);
      else
        g_set_error (error, MONIA_ERROR, MONIA_ERROR_STORE,
                     _("The key file “%s” could not be written: %s"), path, g_strerror (saved));
      return FALSE;
    }
  while (done < size)
    {
      gssize n = write (fd, key + done, size - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          saved = n < 0 ? errno : EIO;
          break;
        }
      done += (gsize) n;
    }
  if (saved == 0 && fsync (fd) != 0)
    saved = errno;
  close (fd);
  if (saved != 0)
    {
      g_unlink (path);
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_STORE,
                   _("The key file “%s” could not be written: %s"), path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* A missing file is MONIA_ERROR_NOT_FOUND, for the caller to explain. */
static gboolean
read_key_file (const char  *path,
               guint8      *key,
               gsize        size,
               GError     **error)
{
  struct stat st;
  gsize done = 0;
  int fd;

  fd = g_open (path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;

      if (saved == ENOENT)
        g_set_error (error, MONIA_ERROR, MONIA_ERROR_NOT_FOUND,
                     _("The key file “%s” is missing."), path);
      else
        g_set_error (error, MONIA_ERROR, MONIA_ERROR_STORE,
                     _("The key file “%s” could not be read: %s"), path, g_strerror (saved));
      return FALSE;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) || st.st_size != (goffset) size)
    {
      close (fd);
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_STORE,
                   _("The key file “%s” is damaged: it should hold exactly %u bytes."),
                   path, (guint) size);
      return FALSE;
    }
  if ((st.st_mode & 0077) != 0)
    {
      close (fd);
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_STORE,
                   _("The key file “%s” can be read by other users; make it private with “chmod 600 %s”."),
                   path, path);
      return FALSE;
    }
  while (done < size)
    {
      gssize n = read (fd, key + done, size - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      done += (gsize) n;
    }
  close (fd);
  if (done != size)
    {
      sodium_memzero (key, size);
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_STORE,
                   _("The key file “%s” is damaged: it should hold exactly %u bytes."),
                   path, (guint) size);
      return FALSE;
    }
  return TRUE;
}

static void
remove_audit_keys (const char *data_dir)
{
  g_autofree char *key = key_path (data_dir, MONIA_SERVER_AUDIT_KEY_FILE);
  g_autofree char *sign = key_path (data_dir, MONIA_SERVER_AUDIT_SIGN_KEY_FILE);

  g_unlink (key);
  g_unlink (sign);
}

/* Both keys, or neither. */
static gboolean
make_audit_keys (MoniaServerStore  *self,
                 GError           **error)
{
  g_autofree char *key = key_path (self->data_dir, MONIA_SERVER_AUDIT_KEY_FILE);
  g_autofree char *sign = key_path (self->data_dir, MONIA_SERVER_AUDIT_SIGN_KEY_FILE);
  guint8 seed[crypto_sign_SEEDBYTES];
  gboolean ok;

  randombytes_buf (self->audit_key, sizeof self->audit_key);
  randombytes_buf (seed, sizeof seed);
  if (!write_key_file (key, self->audit_key, sizeof self->audit_key, error))
    {
      sodium_memzero (seed, sizeof seed);
      return FALSE;
    }
  ok = write_key_file (sign, seed, sizeof seed, error);
  sodium_memzero (seed, sizeof seed);
  if (!ok)
    g_unlink (key);
  return ok;
}

static gboolean
load_audit_key (MoniaServerStore  *self,
                GError           **error)
{
  g_autofree char *path = key_path (self->data_dir, MONIA_SERVER_AUDIT_KEY_FILE);
  g_autoptr(GError) local = NULL;

  if (read_key_file (path, self->audit_key, sizeof self->audit_key, &local))
    return TRUE;
  if (g_error_matches (local, MONIA_ERROR, MONIA_ERROR_NOT_FOUND))
    g_set_error (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_AUDIT,
                 _("The audit key “%s” is missing, and without it the audit log cannot be kept. "
                   "Restore it and “%s” from the store’s backup."),
                 path, MONIA_SERVER_AUDIT_SIGN_KEY_FILE);
  else
    g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

static gboolean
load_signing_key (MoniaServerStore  *self,
                  guint8             public_key[crypto_sign_PUBLICKEYBYTES],
                  guint8             secret_key[crypto_sign_SECRETKEYBYTES],
                  GError           **error)
{
  g_autofree char *path = key_path (self->data_dir, MONIA_SERVER_AUDIT_SIGN_KEY_FILE);
  g_autoptr(GError) local = NULL;
  guint8 seed[crypto_sign_SEEDBYTES];

  if (!read_key_file (path, seed, sizeof seed, &local))
    {
      if (g_error_matches (local, MONIA_ERROR, MONIA_ERROR_NOT_FOUND))
        g_set_error (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_AUDIT,
                     _("The audit signing key “%s” is missing; restore it from the store’s backup."),
                     path);
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  crypto_sign_seed_keypair (public_key, secret_key, seed);
  sodium_memzero (seed, sizeof seed);
  return TRUE;
}

gboolean
_monia_server_audit_in_tx (MoniaServerStore      *self,
                           const MoniaAuditEntry *entry,
                           GError               **error)
{
  g_autofree char *hash = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *columns[8] = {
    entry->actor, entry->action, entry->record_kind, entry->record_id,
    entry->case_id, entry->person_ids, entry->reason, entry->device,
  };
  gint64 seq, at = g_get_real_time () / G_USEC_PER_SEC;

  g_return_val_if_fail (!sqlite3_get_autocommit (self->db), FALSE);

  /* The head is read once a transaction (another process, such as
   * “monia-server user add”, may have written to the log in between) and
   * written back once, by _monia_server_commit(). */
  if (!self->audit_loaded && !load_audit_head (self, error))
    return FALSE;
  seq = self->audit_seq + 1;
  hash = audit_hash (self->audit_key, self->audit_hash, seq, at, columns);

  stmt = _monia_server_prepare (self,
                                "INSERT INTO audit (seq, at, actor, action, record_kind, record_id,"
                                " case_id, person_ids, reason, device, prev_hash, hash)"
                                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  sqlite3_bind_int64 (stmt, 2, at);
  for (guint i = 0; i < 8; i++)
    _monia_server_bind_text (stmt, 3 + i, columns[i]);
  sqlite3_bind_text (stmt, 11, self->audit_hash, 64, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 12, hash, 64, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _monia_server_set_error (self, error);

  self->audit_seq = seq;
  memcpy (self->audit_hash, hash, 65);
  self->audit_dirty = TRUE;
  return TRUE;
}

gboolean
monia_server_store_audit (MoniaServerStore       *self,
                          const MoniaAuditEntry  *entry,
                          GError                **error)
{
  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), FALSE);

  if (!_monia_server_begin (self, error))
    return FALSE;
  if (!_monia_server_audit_in_tx (self, entry, error))
    {
      _monia_server_rollback (self);
      return FALSE;
    }
  return _monia_server_commit (self, error);
}

static gboolean
audit_broken (GError **error,
              gint64   seq,
              const char *what)
{
  g_set_error (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_AUDIT,
               /* Translators: %s says what is wrong, %lld is an entry number */
               _("The audit log is broken at entry %lld: %s."), (long long) seq, what);
  return FALSE;
}

/* Walks the chain in the caller's transaction. @key NULL: the unkeyed
 * chain of a store made before audit keys. If @mark_seq is 0 or more, that
 * entry's hash (the genesis hash for 0) goes into @mark_hash, "" if the
 * chain does not reach it. */
static gboolean
verify_chain (MoniaServerStore  *self,
              const guint8      *key,
              gint64             mark_seq,
              char               mark_hash[65],
              gint64            *out_n_entries,
              GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *head_seq = NULL;
  g_autofree char *head_hash = NULL;
  g_autofree char *prev = g_strdup (GENESIS_HASH);
  gint64 expected = 1;
  int rc;

  if (mark_hash != NULL)
    g_strlcpy (mark_hash, mark_seq == 0 ? GENESIS_HASH : "", 65);

  stmt = _monia_server_prepare (self,
                                "SELECT seq, at, actor, action, record_kind, record_id, case_id,"
                                " person_ids, reason, device, prev_hash, hash FROM audit ORDER BY seq",
                                error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (stmt, 0);
      const char *columns[8];
      const char *stored_prev = (const char *) sqlite3_column_text (stmt, 10);
      const char *stored_hash = (const char *) sqlite3_column_text (stmt, 11);
      g_autofree char *hash = NULL;

      if (seq != expected)
        return audit_broken (error, expected, _("an entry is missing"));
      for (guint i = 0; i < 8; i++)
        columns[i] = (const char *) sqlite3_column_text (stmt, 2 + i);
      if (sqlite3_column_type (stmt, 1) != SQLITE_INTEGER)
        return audit_broken (error, seq, _("its time was changed"));
      hash = audit_hash (key, prev, seq, sqlite3_column_int64 (stmt, 1), columns);
      if (g_strcmp0 (stored_prev, prev) != 0)
        return audit_broken (error, seq, _("it does not follow the entry before it"));
      /* Without the key a forger cannot make this hash, so a whole chain
       * recomputed without it breaks at its first entry. */
      if (g_strcmp0 (stored_hash, hash) != 0)
        return audit_broken (error, seq, _("its contents were changed, or its hash was not made with this server’s audit key"));

      if (seq == mark_seq && mark_hash != NULL)
        g_strlcpy (mark_hash, hash, 65);
      g_free (prev);
      prev = g_steal_pointer (&hash);
      expected++;
    }
  if (rc != SQLITE_DONE)
    return _monia_server_set_error (self, error);

  head_seq = meta_get (self, "audit_head_seq");
  head_hash = meta_get (self, "audit_head_hash");
  if (head_seq == NULL || g_ascii_strtoll (head_seq, NULL, 10) != expected - 1 ||
      g_strcmp0 (head_hash, prev) != 0)
    return audit_broken (error, expected, _("the last entries were removed"));

  if (out_n_entries != NULL)
    *out_n_entries = expected - 1;
  return TRUE;
}

/* In one read, so entries a running server adds meanwhile do not look
 * like a broken head. */
static gboolean
verify_in_read (MoniaServerStore  *self,
                gint64             mark_seq,
                char               mark_hash[65],
                gint64            *out_n_entries,
                GError           **error)
{
  gboolean ok;

  if (!_monia_server_exec (self, "BEGIN", error))
    return FALSE;
  ok = verify_chain (self, self->audit_key, mark_seq, mark_hash, out_n_entries, error);
  _monia_server_rollback (self);
  return ok;
}

gboolean
monia_server_store_audit_verify (MoniaServerStore  *self,
                                 gint64            *out_n_entries,
                                 GError           **error)
{
  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), FALSE);

  return verify_in_read (self, -1, NULL, out_n_entries, error);
}

/* Checkpoints.
 *
 * A JSON object: kind "monia-audit-checkpoint", version 1, entries (the
 * count), head_hash (the last entry's hash), time (ISO 8601, UTC),
 * public_key and signature (hex). The Ed25519 signature is over the text
 * made by checkpoint_message(), so the JSON's spacing does not matter. */

#define CHECKPOINT_KIND "monia-audit-checkpoint"
#define CHECKPOINT_MAX_BYTES (64 * 1024)

static char *
checkpoint_message (gint64      entries,
                    const char *head_hash,
                    const char *when,
                    const char *public_key)
{
  return g_strdup_printf (CHECKPOINT_KIND " 1\nentries %" G_GINT64_FORMAT "\nhead_hash %s\n"
                          "time %s\npublic_key %s\n",
                          entries, head_hash, when, public_key);
}

static char *
to_hex (const guint8 *bytes,
        gsize         size)
{
  char *hex = g_malloc (size * 2 + 1);

  sodium_bin2hex (hex, size * 2 + 1, bytes, size);
  return hex;
}

char *
monia_server_store_audit_public_key (MoniaServerStore  *self,
                                     GError           **error)
{
  guint8 public_key[crypto_sign_PUBLICKEYBYTES];
  guint8 secret_key[crypto_sign_SECRETKEYBYTES];

  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), NULL);

  if (!load_signing_key (self, public_key, secret_key, error))
    return NULL;
  sodium_memzero (secret_key, sizeof secret_key);
  return to_hex (public_key, sizeof public_key);
}

char *
monia_server_store_audit_checkpoint (MoniaServerStore  *self,
                                     GError           **error)
{
  guint8 public_key[crypto_sign_PUBLICKEYBYTES];
  guint8 secret_key[crypto_sign_SECRETKEYBYTES];
  guint8 signature[crypto_sign_BYTES];
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *when = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *public_hex = NULL;
  g_autofree char *signature_hex = NULL;
  g_autofree char *message = NULL;
  char head[65];
  gint64 n = 0;

  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), NULL);

  if (!load_signing_key (self, public_key, secret_key, error))
    return NULL;
  /* A head that does not verify is not vouched for. */
  if (!_monia_server_exec (self, "BEGIN", error))
    goto fail;
  if (!verify_chain (self, self->audit_key, -1, NULL, &n, error))
    {
      _monia_server_rollback (self);
      goto fail;
    }
  /* verify_chain() checked that meta holds the chain's own head. */
  if (n == 0)
    g_strlcpy (head, GENESIS_HASH, sizeof head);
  else
    {
      g_autofree char *hash = meta_get (self, "audit_head_hash");

      g_strlcpy (head, hash != NULL ? hash : "", sizeof head);
    }
  _monia_server_rollback (self);

  public_hex = to_hex (public_key, sizeof public_key);
  message = checkpoint_message (n, head, when, public_hex);
  crypto_sign_detached (signature, NULL, (const guint8 *) message, strlen (message), secret_key);
  sodium_memzero (secret_key, sizeof secret_key);
  signature_hex = to_hex (signature, sizeof signature);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, CHECKPOINT_KIND);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "entries");
  json_builder_add_int_value (builder, n);
  json_builder_set_member_name (builder, "head_hash");
  json_builder_add_string_value (builder, head);
  json_builder_set_member_name (builder, "time");
  json_builder_add_string_value (builder, when);
  json_builder_set_member_name (builder, "public_key");
  json_builder_add_string_value (builder, public_hex);
  json_builder_set_member_name (builder, "signature");
  json_builder_add_string_value (builder, signature_hex);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, TRUE);

fail:
  sodium_memzero (secret_key, sizeof secret_key);
  return NULL;
}

typedef struct
{
  gint64  entries;
  char   *head_hash;
  char   *time;
  char   *public_key;
  guint8  public_key_bytes[crypto_sign_PUBLICKEYBYTES];
  guint8  signature[crypto_sign_BYTES];
} Checkpoint;

static void
checkpoint_clear (Checkpoint *checkpoint)
{
  g_clear_pointer (&checkpoint->head_hash, g_free);
  g_clear_pointer (&checkpoint->time, g_free);
  g_clear_pointer (&checkpoint->public_key, g_free);
}

static const char *
checkpoint_string (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
checkpoint_int (JsonObject *object,
                const char *name,
                gint64     *value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

static gboolean
hex_exactly (const char *hex,
             guint8     *bytes,
             gsize       size)
{
  gsize length = 0;

  return hex != NULL && strlen (hex) == size * 2 &&
         sodium_hex2bin (bytes, size, hex, size * 2, NULL, &length, NULL) == 0 &&
         length == size;
}

static gboolean
parse_checkpoint (const char  *text,
                  gsize        length,
                  Checkpoint  *out,
                  GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GDateTime) when = NULL;
  JsonNode *root;
  JsonObject *object;
  const char *head_hash, *time_text, *public_key, *signature;
  guint8 head_bytes[32];
  gint64 version = 0;

  /* An empty text parses, to no root at all. */
  if (length > CHECKPOINT_MAX_BYTES || !g_utf8_validate (text, (gssize) length, NULL) ||
      !json_parser_load_from_data (parser, text, (gssize) length, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    goto bad;
  object = json_node_get_object (root);
  head_hash = checkpoint_string (object, "head_hash");
  time_text = checkpoint_string (object, "time");
  public_key = checkpoint_string (object, "public_key");
  signature = checkpoint_string (object, "signature");
  if (g_strcmp0 (checkpoint_string (object, "kind"), CHECKPOINT_KIND) != 0 ||
      !checkpoint_int (object, "version", &version) || version != 1 ||
      !checkpoint_int (object, "entries", &out->entries) || out->entries < 0 ||
      !hex_exactly (head_hash, head_bytes, sizeof head_bytes) ||
      time_text == NULL || strlen (time_text) > 64 ||
      (when = g_date_time_new_from_iso8601 (time_text, NULL)) == NULL ||
      !hex_exactly (public_key, out->public_key_bytes, sizeof out->public_key_bytes) ||
      !hex_exactly (signature, out->signature, sizeof out->signature))
    goto bad;
  out->head_hash = g_ascii_strdown (head_hash, -1);
  out->time = g_strdup (time_text);
  out->public_key = g_strdup (public_key);
  return TRUE;

bad:
  g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_BAD_REQUEST,
                       _("This is not a Monia audit checkpoint, or it is damaged."));
  return FALSE;
}

gboolean
monia_server_store_audit_verify_checkpoint (MoniaServerStore  *self,
                                            const char        *text,
                                            gsize              length,
                                            gint64            *out_n_entries,
                                            gint64            *out_checkpoint_entries,
                                            char             **out_checkpoint_time,
                                            GError           **error)
{
  Checkpoint checkpoint = { 0 };
  guint8 public_key[crypto_sign_PUBLICKEYBYTES];
  guint8 secret_key[crypto_sign_SECRETKEYBYTES];
  g_autofree char *message = NULL;
  char hash_there[65];
  gint64 n = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (!parse_checkpoint (text, length, &checkpoint, error))
    return FALSE;

  /* The public key in the file only says who claims to have signed; the
   * claim must hold, and the claimant must be this server. */
  message = checkpoint_message (checkpoint.entries, checkpoint.head_hash, checkpoint.time,
                                checkpoint.public_key);
  if (crypto_sign_verify_detached (checkpoint.signature, (const guint8 *) message, strlen (message),
                                   checkpoint.public_key_bytes) != 0)
    {
      g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_AUDIT,
                           _("The checkpoint’s signature does not hold: the checkpoint was changed after it was signed."));
      goto out;
    }
  if (!load_signing_key (self, public_key, secret_key, error))
    goto out;
  sodium_memzero (secret_key, sizeof secret_key);
  if (sodium_memcmp (public_key, checkpoint.public_key_bytes, sizeof public_key) != 0)
    {
      g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_AUDIT,
                           _("The checkpoint was signed with another key than this server’s: "
                             "it is another server’s, or this server’s signing key was replaced."));
      goto out;
    }

  if (!verify_in_read (self, checkpoint.entries, hash_there, &n, error))
    goto out;
  if (n < checkpoint.entries)
    {
      g_set_error (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_AUDIT,
                   /* Translators: %s is the checkpoint's time, %lld are entry numbers */
                   _("Audit entries were removed: the checkpoint of %s covers the log up to entry %lld, "
                     "but the log now ends at entry %lld."),
                   checkpoint.time, (long long) checkpoint.entries, (long long) n);
      goto out;
    }
  if (g_strcmp0 (hash_there, checkpoint.head_hash) != 0)
    {
      g_set_error (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_AUDIT,
                   /* Translators: %lld is an entry number, %s the checkpoint's time */
                   _("The audit log was rewritten: entry %lld no longer has the hash the checkpoint of %s "
                     "vouches for, so it or an entry before it was changed."),
                   (long long) checkpoint.entries, checkpoint.time);
      goto out;
    }

  if (out_n_entries != NULL)
    *out_n_entries = n;
  if (out_checkpoint_entries != NULL)
    *out_checkpoint_entries = checkpoint.entries;
  if (out_checkpoint_time != NULL)
    *out_checkpoint_time = g_strdup (checkpoint.time);
  ok = TRUE;

out:
  checkpoint_clear (&checkpoint);
  return ok;
}

/* Upgrading a store made before audit keys. */

/* Rewrites every entry's prev_hash and hash with the key, a batch at a
 * time: rows are not updated under a statement still reading them. */
static gboolean
rechain (MoniaServerStore  *self,
         GError           **error)
{
  g_autofree char *prev = g_strdup (GENESIS_HASH);
  gint64 last = 0;

  for (;;)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;
      g_autoptr(GArray) seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GPtrArray) prevs = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) hashes = g_ptr_array_new_with_free_func (g_free);
      int rc;

      stmt = _monia_server_prepare (self,
                                    "SELECT seq, at, actor, action, record_kind, record_id, case_id,"
                                    " person_ids, reason, device FROM audit WHERE seq > ?"
                                    " ORDER BY seq LIMIT 512", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, last);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 seq = sqlite3_column_int64 (stmt, 0);
          const char *columns[8];
          char *hash;

          for (guint i = 0; i < 8; i++)
            columns[i] = (const char *) sqlite3_column_text (stmt, 2 + i);
          hash = audit_hash (self->audit_key, prev, seq, sqlite3_column_int64 (stmt, 1), columns);
          g_array_append_val (seqs, seq);
          g_ptr_array_add (prevs, g_steal_pointer (&prev));
          g_ptr_array_add (hashes, hash);
          prev = g_strdup (hash);
          last = seq;
        }
      if (rc != SQLITE_DONE)
        return _monia_server_set_error (self, error);
      g_clear_pointer (&stmt, _monia_server_release);
      if (seqs->len == 0)
        break;

      for (guint i = 0; i < seqs->len; i++)
        {
          g_autoptr(sqlite3_stmt) update = NULL;

          update = _monia_server_prepare (self, "UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?", error);
          if (update == NULL)
            return FALSE;
          _monia_server_bind_text (update, 1, prevs->pdata[i]);
          _monia_server_bind_text (update, 2, hashes->pdata[i]);
          sqlite3_bind_int64 (update, 3, g_array_index (seqs, gint64, i));
          if (sqlite3_step (update) != SQLITE_DONE)
            return _monia_server_set_error (self, error);
        }
    }

  self->audit_loaded = TRUE;
  self->audit_dirty = TRUE;
  self->audit_seq = last;
  g_strlcpy (self->audit_hash, prev, sizeof self->audit_hash);
  return TRUE;
}

gboolean
monia_server_store_audit_upgrade (const char  *data_dir,
                                  gint64      *out_n_entries,
                                  GError     **error)
{
  g_autoptr(MoniaServerStore) self = NULL;
  MoniaAuditEntry entry = { 0 };
  char version_text[16];
  gint64 n = 0;
  int version = 0;

  g_return_val_if_fail (data_dir != NULL, FALSE);

  self = open_store (data_dir, FALSE, TRUE, &version, error);
  if (self == NULL)
    return FALSE;
  if (version > MONIA_SERVER_STORE_UNKEYED_AUDIT_VERSION)
    {
      /* Re-keying a keyed chain would launder whatever was done to it. */
      g_set_error (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_EXISTS,
                   _("The audit log in “%s” has a key already, so there is nothing to upgrade. "
                     "If its key files are missing, restore them from the store’s backup."),
                   data_dir);
      return FALSE;
    }

  if (!_monia_server_begin (self, error))
    return FALSE;
  /* Only an intact chain is carried over. */
  if (!verify_chain (self, NULL, -1, NULL, &n, error))
    goto fail;
  if (!make_audit_keys (self, error))
    goto fail;

  /* Keyed, and nothing more: the next open runs the later migrations. */
  g_snprintf (version_text, sizeof version_text, "%d", MONIA_SERVER_STORE_UNKEYED_AUDIT_VERSION + 1);
  entry.action = "audit_keyed";
  entry.device = "monia-server";
  if (!rechain (self, error) ||
      !_monia_server_audit_in_tx (self, &entry, error) ||
      !meta_set (self, "schema_version", version_text, error) ||
      !_monia_server_commit (self, error))
    {
      remove_audit_keys (data_dir);
      goto fail;
    }

  if (out_n_entries != NULL)
    *out_n_entries = n;
  return TRUE;

fail:
  _monia_server_rollback (self);
  return FALSE;
}
