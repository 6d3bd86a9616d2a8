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
  "throttled", "exists", "internal", "audit_broken", "unavailable",
};

static const guint error_status[] = {
  400, 401, 403, 404, 403, 429, 409, 500, 500, 503,
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

/* Database plumbing: see monia-server-db.h */

gboolean
_monia_server_set_error (MoniaServerStore  *self,
                         GError           **error)
{
  /* A database gone away, as in a failover, is back (or its standby is)
   * in moments: the client is told to try again, not that it failed. */
  if (self->db->failure == MONIA_SERVER_FAILURE_LOST)
    {
      g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_UNAVAILABLE,
                           _("The server’s database cannot be reached just now. Try again in a moment."));
      return FALSE;
    }
  /* The database's message names tables and constraints, never values. */
  g_set_error (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_STORE,
               _("The server database failed: %s"),
               self->db->message != NULL ? self->db->message : "");
  return FALSE;
}

MoniaServerFailure
_monia_server_failure (MoniaServerStore *self)
{
  return self->db->failure;
}

gboolean
_monia_server_must_retry (MoniaServerStore *self)
{
  return self->db->failure == MONIA_SERVER_FAILURE_RETRY || self->db->failure == MONIA_SERVER_FAILURE_LOST;
}

gint64
_monia_server_changes (MoniaServerStore *self)
{
  return self->db->changes;
}

gboolean
_monia_server_exec (MoniaServerStore  *self,
                    const char        *sql,
                    GError           **error)
{
  if (!self->db->klass->exec (self->db, sql))
    return _monia_server_set_error (self, error);
  return TRUE;
}

MoniaServerStmt *
_monia_server_prepare (MoniaServerStore  *self,
                       const char        *sql,
                       GError           **error)
{
  MoniaServerStmt *stmt = _monia_server_db_prepare (self->db, sql);

  if (stmt == NULL)
    _monia_server_set_error (self, error);
  return stmt;
}

void
_monia_server_release (MoniaServerStmt *stmt)
{
  _monia_server_db_release (stmt);
}

void
_monia_server_today_text (char out[16])
{
  GDate today;

  monia_policy_today (&today);
  g_snprintf (out, 16, "%04u-%02u-%02u", g_date_get_year (&today),
              g_date_get_month (&today), g_date_get_day (&today));
}

gboolean
_monia_server_lock (MoniaServerStore  *self,
                    const char        *key,
                    GError           **error)
{
  if (!self->db->klass->lock (self->db, key))
    return _monia_server_set_error (self, error);
  return TRUE;
}

/* Runs a statement without rows, from the cache: savepoints run for every
 * mutation. */
static gboolean
run_cached (MoniaServerStore  *self,
            const char        *sql,
            GError           **error)
{
  g_autoptr(MoniaServerStmt) stmt = _monia_server_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (_monia_server_step (stmt) == MONIA_SERVER_FAILED)
    return _monia_server_set_error (self, error);
  return TRUE;
}

static void
tx_state_reset (MoniaServerStore *self)
{
  _monia_server_clear_audit (self);
  self->savepoint_open = FALSE;
}

static gboolean
begin_tx (MoniaServerStore  *self,
          MoniaServerTx      tx,
          GError           **error)
{
  tx_state_reset (self);
  self->db->failure = MONIA_SERVER_FAILURE_NONE;
  if (!self->db->klass->begin (self->db, tx))
    return _monia_server_set_error (self, error);
  return TRUE;
}

gboolean
_monia_server_begin (MoniaServerStore  *self,
                     GError           **error)
{
  return begin_tx (self, MONIA_SERVER_TX_WRITE, error);
}

gboolean
_monia_server_begin_read (MoniaServerStore  *self,
                          GError           **error)
{
  return begin_tx (self, MONIA_SERVER_TX_READ, error);
}

gboolean
_monia_server_begin_snapshot (MoniaServerStore  *self,
                              GError           **error)
{
  return begin_tx (self, MONIA_SERVER_TX_SNAPSHOT, error);
}

static gboolean
commit_tx (MoniaServerStore  *self,
           GError           **error)
{
  if (!_monia_server_flush_audit (self, error))
    {
      _monia_server_rollback (self);
      return FALSE;
    }
  if (!self->db->klass->commit (self->db))
    {
      _monia_server_set_error (self, error);
      _monia_server_rollback (self);
      return FALSE;
    }
  tx_state_reset (self);
  return TRUE;
}

gboolean
_monia_server_commit (MoniaServerStore  *self,
                      GError           **error)
{
  if (!commit_tx (self, error))
    return FALSE;
  /* A durable commit syncs the whole log, earlier commits with it. */
  self->unsynced = FALSE;
  return TRUE;
}

gboolean
_monia_server_commit_read (MoniaServerStore  *self,
                           GError           **error)
{
  if (!commit_tx (self, error))
    return FALSE;
  self->unsynced = TRUE;
  return TRUE;
}

void
_monia_server_rollback (MoniaServerStore *self)
{
  tx_state_reset (self);
  self->db->klass->rollback (self->db);
}

gboolean
_monia_server_savepoint (MoniaServerStore  *self,
                         GError           **error)
{
  g_return_val_if_fail (!self->savepoint_open, FALSE);

  if (!run_cached (self, "SAVEPOINT unit", error))
    return FALSE;
  self->savepoint_open = TRUE;
  self->savepoint_audit_pending = self->audit_pending->len;
  self->savepoint_notify = _monia_server_db_notify_mark (self->db);
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
  if (self->audit_pending->len > self->savepoint_audit_pending)
    g_array_set_size (self->audit_pending, self->savepoint_audit_pending);
  _monia_server_db_notify_undo (self->db, self->savepoint_notify);
  if (self->db->klass->in_transaction (self->db))
    {
      run_cached (self, "ROLLBACK TO unit", NULL);
      run_cached (self, "RELEASE unit", NULL);
    }
}

gboolean
monia_server_store_sync (MoniaServerStore  *self,
                         GError           **error)
{
  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), FALSE);

  if (!self->unsynced)
    return TRUE;
  if (!self->db->klass->sync (self->db))
    {
      if (self->db->failure == MONIA_SERVER_FAILURE_LOST)
        {
          /* The commits went with the old primary, or reached the standby
           * that is the primary now: nothing is left to sync either way. */
          g_message ("The database went away before reads were synced: %s", self->db->message);
          self->unsynced = FALSE;
          return TRUE;
        }
      g_set_error (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_STORE,
                   _("The server database could not be synced: %s"), self->db->message);
      return FALSE;
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
  [5] = NULL,   /* records only: see migration_code[] */
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == MONIA_SERVER_STORE_SCHEMA_VERSION + 1);

/* The steps that change records, as the store's own code writes them (a
 * record's revision, its feeds), in either dialect: each runs after its
 * version's SQL, in the same transaction. */
typedef gboolean (*MigrationFunc) (MoniaServerStore  *self,
                                   GError           **error);

static const MigrationFunc migration_code[] = {
  [5] = _monia_server_publish_organisations,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migration_code) == MONIA_SERVER_STORE_SCHEMA_VERSION + 1);

static gboolean
read_schema_version (MoniaServerStore  *self,
                     int               *version,
                     GError           **error)
{
  g_autoptr(MoniaServerStmt) stmt = NULL;

  stmt = _monia_server_prepare (self, "SELECT value FROM meta WHERE key = 'schema_version'", NULL);
  if (stmt == NULL || _monia_server_step (stmt) != MONIA_SERVER_ROW)
    {
      if (stmt == NULL && _monia_server_failure (self) == MONIA_SERVER_FAILURE_LOST)
        return _monia_server_set_error (self, error);
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_FOREIGN_FILE,
                   _("“%s” is not a Monia server store."), self->path);
      return FALSE;
    }
  *version = (int) g_ascii_strtoll (_monia_server_column_text (stmt, 0), NULL, 10);
  return TRUE;
}

static const char *
schema_of (MoniaServerStore *self)
{
  return self->db->klass->kind == MONIA_SERVER_DB_POSTGRESQL ? _monia_server_pg_schema : schema_sql;
}

static const char *
migration_of (MoniaServerStore *self,
              int               step)
{
  return self->db->klass->kind == MONIA_SERVER_DB_POSTGRESQL ? _monia_server_pg_migrations[step] : migrations[step];
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
  if (!_monia_server_exec (self, schema_of (self), error) ||
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
  /* Servers starting side by side on one database migrate one at a time. */
  if (!_monia_server_lock (self, "schema", error) ||
      !read_schema_version (self, version, error))
    {
      _monia_server_rollback (self);
      return FALSE;
    }
  for (int step = *version + 1; step <= MONIA_SERVER_STORE_SCHEMA_VERSION; step++)
    if ((migration_of (self, step) != NULL && !_monia_server_exec (self, migration_of (self, step), error)) ||
        (migration_code[step] != NULL && !migration_code[step] (self, error)))
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

  g_clear_pointer (&self->db, _monia_server_db_close);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->data_dir, g_free);
  sodium_memzero (self->audit_key, sizeof self->audit_key);
  g_clear_pointer (&self->audit_pending, g_array_unref);
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
  self->audit_pending = _monia_server_audit_pending_new ();
  self->pending_logins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->pending_addresses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* Whether @database names a PostgreSQL database: a libpq URI. */
static gboolean
is_postgresql_uri (const char *database)
{
  return g_str_has_prefix (database, "postgresql://") || g_str_has_prefix (database, "postgres://");
}

/* The URI without its password, to name the store in messages. */
static char *
uri_for_messages (const char *uri)
{
  const char *scheme_end = strstr (uri, "://");
  const char *at, *colon;

  if (scheme_end == NULL)
    return g_strdup (uri);
  at = strchr (scheme_end + 3, '@');
  colon = strchr (scheme_end + 3, ':');
  if (at == NULL || colon == NULL || colon > at)
    return g_strdup (uri);
  return g_strdup_printf ("%.*s:***%s", (int) (colon - uri), uri, at);
}

static gboolean
open_sqlite (MoniaServerStore  *self,
             gboolean           create,
             GError           **error)
{
  g_autofree char *message = NULL;

  self->db = _monia_server_db_open_sqlite (self->path, create, &message);
  if (self->db == NULL)
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_STORE,
                   _("The server store “%s” could not be opened."), self->path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
open_postgresql (MoniaServerStore  *self,
                 const char        *database,
                 GError           **error)
{
  g_autofree char *message = NULL;

  self->db = _monia_server_db_open_pg (database, &message);
  if (self->db == NULL)
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_STORE,
                   _("The server database “%s” could not be reached: %s"), self->path, message);
      return FALSE;
    }
  return TRUE;
}

/* @upgrading: for “audit upgrade”, which opens a store made before audit
 * keys (or with its key missing) to key it. */
MoniaServerStore *
_monia_server_open_store (const char  *data_dir,
                          const char  *database,
                          gboolean     create,
                          gboolean     upgrading,
                          int         *out_version,
                          GError     **error)
{
  g_autoptr(MoniaServerStore) self = NULL;
  gboolean exists = FALSE;
  gboolean keys_made = FALSE;
  int version = 0;

  g_return_val_if_fail (data_dir != NULL, NULL);

  if (sodium_init () < 0)
    {
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_FAILED,
                           _("The cryptography library could not be started."));
      return NULL;
    }
  if (database != NULL && !is_postgresql_uri (database))
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("“%s” is not a database this server can use; give a PostgreSQL URI "
                     "(postgresql://…), or leave out --database for the SQLite store in the data folder."),
                   database);
      return NULL;
    }

  self = g_object_new (MONIA_TYPE_SERVER_STORE, NULL);
  self->path = database != NULL ? uri_for_messages (database)
                                : g_build_filename (data_dir, MONIA_SERVER_STORE_FILE, NULL);
  self->data_dir = g_strdup (data_dir);

  if (database == NULL)
    exists = g_file_test (self->path, G_FILE_TEST_EXISTS);
  else
    {
      if (!open_postgresql (self, database, error))
        return NULL;
      exists = _monia_server_db_pg_has_store (self->db);
    }

  if (create && exists)
    {
      if (database != NULL)
        g_set_error (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_EXISTS,
                     _("The database “%s” holds a server store already."), self->path);
      else
        g_set_error (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_EXISTS,
                     _("A server store already exists in “%s”."), data_dir);
      return NULL;
    }
  if (!create && !exists)
    {
      if (database != NULL)
        g_set_error (error, MONIA_ERROR, MONIA_ERROR_NOT_FOUND,
                     _("There is no server store in the database “%s”; make one with "
                       "“monia-server --data %s --database URI init”."),
                     self->path, data_dir);
      else
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
      if ((database == NULL && !open_sqlite (self, TRUE, error)) ||
          !create_schema (self, error))
        goto fail;
    }
  else if (database == NULL && !open_sqlite (self, FALSE, error))
    return NULL;

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
      g_clear_pointer (&self->db, _monia_server_db_close);
      if (database == NULL)
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
  return _monia_server_open_store (data_dir, NULL, create, FALSE, NULL, error);
}

MoniaServerStore *
monia_server_store_open_database (const char  *data_dir,
                                  const char  *database,
                                  gboolean     create,
                                  GError     **error)
{
  return _monia_server_open_store (data_dir, database, create, FALSE, NULL, error);
}

const char *
monia_server_store_get_path (MoniaServerStore *self)
{
  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), NULL);
  return self->path;
}

gboolean
monia_server_store_is_shared (MoniaServerStore *self)
{
  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), FALSE);
  return self->db->klass->kind == MONIA_SERVER_DB_POSTGRESQL;
}

void
monia_server_store_watch_feeds (MoniaServerStore          *self,
                                GMainContext              *context,
                                MoniaServerStoreFeedsFunc  func,
                                gpointer                   data)
{
  g_return_if_fail (MONIA_IS_SERVER_STORE (self));

  _monia_server_db_pg_listen (self->db, context, func, data);
}

void
monia_server_store_unwatch_feeds (MoniaServerStore *self)
{
  g_return_if_fail (MONIA_IS_SERVER_STORE (self));

  _monia_server_db_pg_unlisten (self->db);
}
