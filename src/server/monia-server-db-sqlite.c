/* monia-server-db-sqlite.c — the embedded default: the store in one SQLite file
 *
 * One machine, one monia-server: writers are serialised by BEGIN IMMEDIATE,
 * so locks are no-ops here. The WAL is synced on each durable commit; the
 * commits of reads skip that and are synced by _monia_server_db_sync().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-server-db"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "monia-server-db.h"

typedef struct
{
  MoniaServerDb  parent;
  sqlite3       *db;
  char          *path;
  /* A read transaction is open (synchronous = NORMAL until it ends). */
  gboolean       reading;
} SqliteDb;

typedef struct
{
  MoniaServerStmt  parent;
  sqlite3_stmt    *stmt;
} SqliteStmt;

#define SQLITE_DB(db) ((SqliteDb *) (db))
#define SQLITE_STMT(stmt) (((SqliteStmt *) (stmt))->stmt)

static void
set_failure (MoniaServerDb *db)
{
  sqlite3 *handle = SQLITE_DB (db)->db;
  int code = sqlite3_extended_errcode (handle);

  /* SQLite's message names tables and constraints, never values. */
  _monia_server_db_fail (db,
                         code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY
                           ? MONIA_SERVER_FAILURE_UNIQUE : MONIA_SERVER_FAILURE_OTHER,
                         sqlite3_errmsg (handle));
}

static void
sqlite_close (MoniaServerDb *db)
{
  SqliteDb *self = SQLITE_DB (db);

  g_clear_pointer (&self->db, sqlite3_close);
  g_free (self->path);
  g_free (self);
}

static gboolean
sqlite_exec (MoniaServerDb *db,
             const char    *sql)
{
  if (sqlite3_exec (SQLITE_DB (db)->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      set_failure (db);
      return FALSE;
    }
  return TRUE;
}

static MoniaServerStmt *
sqlite_prepare (MoniaServerDb *db,
                const char    *sql)
{
  sqlite3_stmt *handle = NULL;
  SqliteStmt *stmt;

  if (sqlite3_prepare_v3 (SQLITE_DB (db)->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &handle, NULL) != SQLITE_OK)
    {
      set_failure (db);
      sqlite3_finalize (handle);
      return NULL;
    }
  stmt = g_new0 (SqliteStmt, 1);
  stmt->stmt = handle;
  return &stmt->parent;
}

static void
sqlite_finalize (MoniaServerStmt *stmt)
{
  sqlite3_finalize (SQLITE_STMT (stmt));
  g_free (stmt);
}

static void
sqlite_reset (MoniaServerStmt *stmt)
{
  sqlite3_reset (SQLITE_STMT (stmt));
  sqlite3_clear_bindings (SQLITE_STMT (stmt));
}

static void
sqlite_bind_text (MoniaServerStmt *stmt,
                  int              index,
                  const char      *text)
{
  if (text == NULL)
    sqlite3_bind_null (SQLITE_STMT (stmt), index);
  else
    sqlite3_bind_text (SQLITE_STMT (stmt), index, text, -1, SQLITE_TRANSIENT);
}

static void
sqlite_bind_int64 (MoniaServerStmt *stmt,
                   int              index,
                   gint64           value)
{
  sqlite3_bind_int64 (SQLITE_STMT (stmt), index, value);
}

static MoniaServerStep
sqlite_step (MoniaServerStmt *stmt)
{
  int rc = sqlite3_step (SQLITE_STMT (stmt));

  if (rc == SQLITE_ROW)
    return MONIA_SERVER_ROW;
  if (rc == SQLITE_DONE)
    {
      stmt->db->changes = sqlite3_changes (SQLITE_DB (stmt->db)->db);
      return MONIA_SERVER_DONE;
    }
  set_failure (stmt->db);
  return MONIA_SERVER_FAILED;
}

static const char *
sqlite_column_text (MoniaServerStmt *stmt,
                    int              column)
{
  return (const char *) sqlite3_column_text (SQLITE_STMT (stmt), column);
}

static gint64
sqlite_column_int64 (MoniaServerStmt *stmt,
                     int              column)
{
  return sqlite3_column_int64 (SQLITE_STMT (stmt), column);
}

static MoniaServerColumnType
sqlite_column_type (MoniaServerStmt *stmt,
                    int              column)
{
  switch (sqlite3_column_type (SQLITE_STMT (stmt), column))
    {
    case SQLITE_NULL:
      return MONIA_SERVER_COLUMN_NULL;
    case SQLITE_INTEGER:
      return MONIA_SERVER_COLUMN_INTEGER;
    case SQLITE_TEXT:
      return MONIA_SERVER_COLUMN_TEXT;
    default:
      return MONIA_SERVER_COLUMN_OTHER;
    }
}

/* Runs a statement without rows from the cache: BEGIN and COMMIT run for
 * every request. */
static gboolean
run_cached (MoniaServerDb *db,
            const char    *sql)
{
  MoniaServerStmt *stmt = _monia_server_db_prepare (db, sql);
  MoniaServerStep step;

  if (stmt == NULL)
    return FALSE;
  step = sqlite_step (stmt);
  _monia_server_db_release (stmt);
  return step != MONIA_SERVER_FAILED;
}

/* Back to durable commits for everything else. */
static void
end_read (MoniaServerDb *db)
{
  if (!SQLITE_DB (db)->reading)
    return;
  SQLITE_DB (db)->reading = FALSE;
  run_cached (db, "PRAGMA synchronous = FULL");
}

static gboolean
sqlite_begin (MoniaServerDb *db,
              MoniaServerTx  tx)
{
  switch (tx)
    {
    case MONIA_SERVER_TX_SNAPSHOT:
      return run_cached (db, "BEGIN");
    case MONIA_SERVER_TX_READ:
      if (!run_cached (db, "PRAGMA synchronous = NORMAL"))
        return FALSE;
      SQLITE_DB (db)->reading = TRUE;
      if (!run_cached (db, "BEGIN IMMEDIATE"))
        {
          end_read (db);
          return FALSE;
        }
      return TRUE;
    case MONIA_SERVER_TX_WRITE:
    default:
      return run_cached (db, "BEGIN IMMEDIATE");
    }
}

static gboolean
sqlite_commit (MoniaServerDb *db)
{
  gboolean ok = run_cached (db, "COMMIT");

  if (ok && SQLITE_DB (db)->reading)
    {
      SQLITE_DB (db)->reading = FALSE;
      ok = run_cached (db, "PRAGMA synchronous = FULL");
    }
  return ok;
}

static gboolean
sqlite_in_transaction (MoniaServerDb *db)
{
  return !sqlite3_get_autocommit (SQLITE_DB (db)->db);
}

static void
sqlite_rollback (MoniaServerDb *db)
{
  if (sqlite_in_transaction (db))
    run_cached (db, "ROLLBACK");
  end_read (db);
}

static gboolean
sqlite_lock (MoniaServerDb *db,
             const char    *key)
{
  return TRUE;
}

static gboolean
sqlite_sync (MoniaServerDb *db)
{
  g_autofree char *wal = NULL;
  int fd;

  /* What a durable commit would have done: sync the WAL file. Syncing it
   * through a descriptor of our own flushes SQLite's writes to it as well,
   * without a checkpoint's copying. */
  wal = g_strconcat (SQLITE_DB (db)->path, "-wal", NULL);
  fd = g_open (wal, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 && errno != ENOENT)
    {
      _monia_server_db_fail (db, MONIA_SERVER_FAILURE_OTHER, g_strerror (errno));
      return FALSE;
    }
  if (fd >= 0)
    {
      int rc = fdatasync (fd);
      int saved = errno;

      close (fd);
      if (rc != 0)
        {
          _monia_server_db_fail (db, MONIA_SERVER_FAILURE_OTHER, g_strerror (saved));
          return FALSE;
        }
    }
  return TRUE;
}

static const MoniaServerDbClass sqlite_class = {
  .kind = MONIA_SERVER_DB_SQLITE,
  .name = "SQLite",
  .close = sqlite_close,
  .exec = sqlite_exec,
  .prepare = sqlite_prepare,
  .finalize = sqlite_finalize,
  .reset = sqlite_reset,
  .bind_text = sqlite_bind_text,
  .bind_int64 = sqlite_bind_int64,
  .step = sqlite_step,
  .column_text = sqlite_column_text,
  .column_int64 = sqlite_column_int64,
  .column_type = sqlite_column_type,
  .begin = sqlite_begin,
  .commit = sqlite_commit,
  .rollback = sqlite_rollback,
  .in_transaction = sqlite_in_transaction,
  .lock = sqlite_lock,
  .sync = sqlite_sync,
};

MoniaServerDb *
_monia_server_db_open_sqlite (const char  *path,
                              gboolean     create,
                              char       **out_message)
{
  SqliteDb *self = g_new0 (SqliteDb, 1);
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);

  _monia_server_db_init (&self->parent, &sqlite_class);
  self->path = g_strdup (path);
  if (sqlite3_open_v2 (path, &self->db, flags, NULL) != SQLITE_OK)
    {
      if (out_message != NULL)
        *out_message = g_strdup (self->db != NULL ? sqlite3_errmsg (self->db) : "out of memory");
      _monia_server_db_close (&self->parent);
      return NULL;
    }
  if (create)
    g_chmod (path, 0600);
  sqlite3_busy_timeout (self->db, 5000);
  /* An acknowledged write is on disk: FULL syncs the WAL on each commit. */
  if (!sqlite_exec (&self->parent,
                    "PRAGMA journal_mode = WAL;"
                    "PRAGMA synchronous = FULL;"
                    "PRAGMA foreign_keys = ON;"))
    {
      if (out_message != NULL)
        *out_message = g_strdup (self->parent.message);
      _monia_server_db_close (&self->parent);
      return NULL;
    }
  return &self->parent;
}
