/* monia-server-db.h — the server store's database: one interface, SQLite
 * and PostgreSQL behind it
 *
 * The store's files write their SQL once, in the part of SQL that both
 * engines understand: `?` or `?N` parameters, `fields ->> 'name'` for a
 * field of a record, `INSERT … ON CONFLICT … DO NOTHING / DO UPDATE`,
 * `RETURNING`, `NULLS LAST`. Whatever an engine needs beyond that (its
 * schema and migrations, how a transaction begins, row locks, notices to
 * other servers) is in its own file: monia-server-db-sqlite.c and
 * monia-server-db-pg.c. See docs/deployment.md for choosing one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  MONIA_SERVER_DB_SQLITE,
  MONIA_SERVER_DB_POSTGRESQL,
} MoniaServerDbKind;

typedef enum
{
  MONIA_SERVER_ROW,
  MONIA_SERVER_DONE,
  MONIA_SERVER_FAILED,
} MoniaServerStep;

typedef enum
{
  MONIA_SERVER_COLUMN_NULL,
  MONIA_SERVER_COLUMN_INTEGER,
  MONIA_SERVER_COLUMN_TEXT,
  MONIA_SERVER_COLUMN_OTHER,
} MoniaServerColumnType;

/* The kinds of transaction the store opens. */
typedef enum
{
  /* Writes: their commit is durable before it returns. */
  MONIA_SERVER_TX_WRITE,
  /* Reads and the audit entries of those reads: committed without waiting
   * for the disk, made durable by the next durable commit or by
   * _monia_server_db_sync(). */
  MONIA_SERVER_TX_READ,
  /* Reads only, all from one consistent view (audit verification). */
  MONIA_SERVER_TX_SNAPSHOT,
} MoniaServerTx;

/* What the last failure was, so callers can tell a retry from a refusal. */
typedef enum
{
  MONIA_SERVER_FAILURE_NONE,
  MONIA_SERVER_FAILURE_UNIQUE,   /* a unique key was taken */
  MONIA_SERVER_FAILURE_RETRY,    /* a deadlock or a serialisation failure: run the transaction again */
  MONIA_SERVER_FAILURE_LOST,     /* the database went away (a failover): reconnect and run it again */
  MONIA_SERVER_FAILURE_OTHER,
} MoniaServerFailure;

typedef struct _MoniaServerDb      MoniaServerDb;
typedef struct _MoniaServerDbClass MoniaServerDbClass;
typedef struct _MoniaServerStmt    MoniaServerStmt;

/* A prepared statement. A backend's own statement starts with this. */
struct _MoniaServerStmt
{
  MoniaServerDb *db;
  guint          generation;   /* of the connection it was prepared on */
  gboolean       active;       /* stepped since it was handed out */
};

struct _MoniaServerDbClass
{
  MoniaServerDbKind      kind;
  const char            *name;

  void                   (*close)          (MoniaServerDb   *db);
  /* Outside a transaction: connects again if the connection was lost
   * (a failover). NULL where there is nothing to connect to. */
  gboolean               (*ensure)         (MoniaServerDb   *db);
  /* One or more statements without parameters or rows. */
  gboolean               (*exec)           (MoniaServerDb   *db,
                                            const char      *sql);
  MoniaServerStmt       *(*prepare)        (MoniaServerDb   *db,
                                            const char      *sql);
  void                   (*finalize)       (MoniaServerStmt *stmt);
  /* Ends its rows and clears its bindings. */
  void                   (*reset)          (MoniaServerStmt *stmt);
  /* 1-based, as in the SQL; NULL text is SQL NULL. */
  void                   (*bind_text)      (MoniaServerStmt *stmt,
                                            int              index,
                                            const char      *text);
  void                   (*bind_int64)     (MoniaServerStmt *stmt,
                                            int              index,
                                            gint64           value);
  MoniaServerStep        (*step)           (MoniaServerStmt *stmt);
  /* 0-based; NULL for SQL NULL. Valid until the next step or reset. */
  const char            *(*column_text)    (MoniaServerStmt *stmt,
                                            int              column);
  gint64                 (*column_int64)   (MoniaServerStmt *stmt,
                                            int              column);
  MoniaServerColumnType  (*column_type)    (MoniaServerStmt *stmt,
                                            int              column);
  gboolean               (*begin)          (MoniaServerDb   *db,
                                            MoniaServerTx    tx);
  gboolean               (*commit)         (MoniaServerDb   *db);
  void                   (*rollback)       (MoniaServerDb   *db);
  gboolean               (*in_transaction) (MoniaServerDb   *db);
  /* Holds @key until the transaction ends, so that writers of the same
   * thing through other connections (other servers) wait for each other.
   * A no-op where writers are serialised anyway (SQLite). */
  gboolean               (*lock)           (MoniaServerDb   *db,
                                            const char      *key);
  /* Makes commits of MONIA_SERVER_TX_READ durable. */
  gboolean               (*sync)           (MoniaServerDb   *db);
};

struct _MoniaServerDb
{
  const MoniaServerDbClass *klass;

  /* The last failure, in words without values from the data. */
  char               *message;
  MoniaServerFailure  failure;
  /* Rows changed by the last statement that changed rows. */
  gint64              changes;
  /* Prepared statements by SQL text (GPtrArray of MoniaServerStmt):
   * parsing a statement costs more than running it, so each is prepared
   * once per connection. */
  GHashTable         *statements;
  /* Grows with each new connection; older statements are dropped. */
  guint               generation;
};

/* For backends: sets the failure. */
void             _monia_server_db_fail        (MoniaServerDb      *db,
                                               MoniaServerFailure  failure,
                                               const char         *message);
void             _monia_server_db_init        (MoniaServerDb      *db,
                                               const MoniaServerDbClass *klass);
/* Drops the statements of connections before this one. */
void             _monia_server_db_new_connection (MoniaServerDb   *db);

void             _monia_server_db_close       (MoniaServerDb      *db);
/* A cached statement, reset and without bindings. Give it back with
 * _monia_server_db_release(); a statement of the same SQL still in use up
 * the stack is not handed out twice. */
MoniaServerStmt *_monia_server_db_prepare     (MoniaServerDb      *db,
                                               const char         *sql);
void             _monia_server_db_release     (MoniaServerStmt    *stmt);

/* SQLite: @path is the database file, made when @create. */
MoniaServerDb   *_monia_server_db_open_sqlite (const char         *path,
                                               gboolean            create,
                                               char              **out_message);
/* PostgreSQL: @uri is a libpq connection URI. */
MoniaServerDb   *_monia_server_db_open_pg     (const char         *uri,
                                               char              **out_message);
/* Whether the database holds a store (its meta table) already. */
gboolean         _monia_server_db_pg_has_store (MoniaServerDb     *db);

/* Notices to other servers on the same database (PostgreSQL; no-ops on
 * SQLite): a feed changed by the open transaction is announced when it
 * commits. A mark taken before a savepoint undoes those after it. */
void             _monia_server_db_notify_feed (MoniaServerDb      *db,
                                               const char         *feed);
guint            _monia_server_db_notify_mark (MoniaServerDb      *db);
void             _monia_server_db_notify_undo (MoniaServerDb      *db,
                                               guint               mark);
/* Calls @func on @context with the feeds that other servers' commits
 * changed (a NULL-terminated array), until unlisten; listens again by
 * itself after a failover. FALSE where there are no other servers. */
typedef void (*MoniaServerDbNoticeFunc) (const char * const *feeds,
                                         gpointer            data);
gboolean         _monia_server_db_pg_listen   (MoniaServerDb      *db,
                                               GMainContext       *context,
                                               MoniaServerDbNoticeFunc func,
                                               gpointer            data);
void             _monia_server_db_pg_unlisten (MoniaServerDb      *db);

/* COPY into @target ("table (columns)") inside the open transaction: rows
 * collect in @buffer and go in chunks; copy_end sends the rest. */
gboolean         _monia_server_db_pg_copy_begin (MoniaServerDb      *db,
                                                 const char         *target);
gboolean         _monia_server_db_pg_copy_row   (MoniaServerDb      *db,
                                                 const char * const *values,
                                                 guint               n_values,
                                                 GString            *buffer);
gboolean         _monia_server_db_pg_copy_end   (MoniaServerDb      *db,
                                                 GString            *buffer);

/* The PostgreSQL schema at MONIA_SERVER_STORE_SCHEMA_VERSION, and what
 * takes a store of the version before each one to it. */
extern const char         _monia_server_pg_schema[];
extern const char * const _monia_server_pg_migrations[];

G_END_DECLS
