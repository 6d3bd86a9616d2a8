/* monia-server-store-private.h — shared between the store's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "monia-server-db.h"
#include "monia-server-store.h"

G_BEGIN_DECLS

struct _MoniaServerStore
{
  GObject  parent_instance;

  char          *path;       /* the SQLite file, or the database URI without its password */
  char          *data_dir;
  MoniaServerDb *db;

  /* The key of the audit chain's hash, from the data folder's audit.key:
   * outside the database, so whoever can only write the database cannot
   * make a chain that verifies. */
  guint8      audit_key[32];

  /* The audit entries of the open transaction, appended to the chain just
   * before COMMIT: so the chain's head (one for the whole region) is held
   * only while the transaction commits, however many servers write. */
  GArray     *audit_pending;   /* PendingAudit */
  guint       savepoint_audit_pending;
  guint       savepoint_notify;
  /* The chain's head, read from meta (under the audit lock) when the
   * pending entries are appended, written back to meta with them. */
  gboolean    audit_loaded;
  gboolean    audit_dirty;
  gint64      audit_seq;
  char        audit_hash[65];
  gboolean    savepoint_open;

  /* Commits of reads (synchronous = NORMAL, or synchronous_commit = off)
   * since the last durable commit. */
  gboolean    unsynced;

  /* Logins begun and not finished (their passwords being checked): login
   * or address → count, see monia_server_store_login_begin(). */
  GHashTable *pending_logins;
  GHashTable *pending_addresses;
};

gboolean      _monia_server_exec        (MoniaServerStore  *self,
                                         const char        *sql,
                                         GError           **error);
/* A cached prepared statement, reset and without bindings. The store owns
 * it: let g_autoptr(MoniaServerStmt) give it back (that only resets it),
 * never free it. Bind and step it straight away; a statement of the same
 * SQL that is still stepping is not handed out twice. The SQL is written
 * once for both backends: see monia-server-db.h. */
MoniaServerStmt *_monia_server_prepare  (MoniaServerStore  *self,
                                         const char        *sql,
                                         GError           **error);
void          _monia_server_release     (MoniaServerStmt   *stmt);
/* Sets @error from the database's last failure. */
gboolean      _monia_server_set_error   (MoniaServerStore  *self,
                                         GError           **error);
/* What the last failure was: a retry, a lost connection, a taken key… */
MoniaServerFailure _monia_server_failure (MoniaServerStore *self);
/* Whether the transaction failed in a way that running it again may mend:
 * a deadlock with another server, or a database that went away. */
gboolean      _monia_server_must_retry  (MoniaServerStore  *self);
/* Rows changed by the last statement that changed rows. */
gint64        _monia_server_changes     (MoniaServerStore  *self);
gboolean      _monia_server_begin       (MoniaServerStore  *self,
                                         GError           **error);
gboolean      _monia_server_commit      (MoniaServerStore  *self,
                                         GError           **error);
void          _monia_server_rollback    (MoniaServerStore  *self);
/* A read transaction: its only writes are audit entries of reads. It is
 * committed without waiting for the disk; that is done by the next durable
 * commit or by monia_server_store_sync(). */
gboolean      _monia_server_begin_read  (MoniaServerStore  *self,
                                         GError           **error);
gboolean      _monia_server_commit_read (MoniaServerStore  *self,
                                         GError           **error);
/* Reads only, from one consistent view; ended with _monia_server_rollback(). */
gboolean      _monia_server_begin_snapshot (MoniaServerStore  *self,
                                            GError           **error);
/* Holds @key (a record, a case, a mutation id) until the transaction ends,
 * so that another server writing the same thing waits for this one. */
gboolean      _monia_server_lock        (MoniaServerStore  *self,
                                         const char        *key,
                                         GError           **error);
/* One level of savepoint inside a transaction: a unit that is kept or
 * undone whole (with its audit entries) while the transaction goes on. */
gboolean      _monia_server_savepoint   (MoniaServerStore  *self,
                                         GError           **error);
gboolean      _monia_server_savepoint_release  (MoniaServerStore  *self,
                                                GError           **error);
void          _monia_server_savepoint_rollback (MoniaServerStore  *self);
/* Appends to the audit chain inside the caller's transaction. */
gboolean      _monia_server_audit_in_tx (MoniaServerStore      *self,
                                         const MoniaAuditEntry *entry,
                                         GError               **error);
/* Puts an account's professional record (name, organisation, team, role,
 * login: no client data) in the directory feed, so desktops can name
 * owners and participants and tell who belongs to which organisation, with
 * its organisation and team records if they are not there yet. Inside the
 * caller's transaction. */
gboolean      _monia_server_publish_professional (MoniaServerStore  *self,
                                                  const char        *id,
                                                  const char        *name,
                                                  const char        *org,
                                                  const char        *team,
                                                  const char        *role,
                                                  const char        *login,
                                                  GError           **error);
/* The migration to schema 5: every account's organisation and team
 * published, and its professional record naming its organisation. Inside
 * the caller's transaction. */
gboolean      _monia_server_publish_organisations (MoniaServerStore  *self,
                                                   GError           **error);
static inline void
_monia_server_bind_text (MoniaServerStmt *stmt,
                         int              index,
                         const char      *text)
{
  stmt->db->klass->bind_text (stmt, index, text);
}

static inline void
_monia_server_bind_int64 (MoniaServerStmt *stmt,
                          int              index,
                          gint64           value)
{
  stmt->db->klass->bind_int64 (stmt, index, value);
}

static inline MoniaServerStep
_monia_server_step (MoniaServerStmt *stmt)
{
  return stmt->db->klass->step (stmt);
}

/* 0-based; NULL for SQL NULL. */
static inline const char *
_monia_server_column_text (MoniaServerStmt *stmt,
                           int              column)
{
  return stmt->db->klass->column_text (stmt, column);
}

static inline gint64
_monia_server_column_int64 (MoniaServerStmt *stmt,
                            int              column)
{
  return stmt->db->klass->column_int64 (stmt, column);
}

static inline MoniaServerColumnType
_monia_server_column_type (MoniaServerStmt *stmt,
                           int              column)
{
  return stmt->db->klass->column_type (stmt, column);
}

/* Today in Finland as YYYY-MM-DD, the date membership periods are compared
 * with (bound into the SQL: the policy's date rule stays in C). */
void          _monia_server_today_text  (char               out[16]);

/* Tests only: called with the login on whichever thread checks a password,
 * just before the check, so a test can hold a check while it looks at the
 * server. NULL removes it. */
typedef void (*MoniaServerVerifyHook) (const char *login,
                                       gpointer    data);
void          _monia_server_set_verify_hook (MoniaServerVerifyHook hook,
                                             gpointer              data);

/* Shared by the store's files (monia-server-store.c, -accounts.c, -audit.c). */
#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"

/* @database: NULL for the SQLite file in @data_dir, or a PostgreSQL URI. */
MoniaServerStore *_monia_server_open_store (const char  *data_dir,
                                            const char  *database,
                                            gboolean     create,
                                            gboolean     upgrading,
                                            int         *out_version,
                                            GError     **error);
/* Appends the transaction's pending audit entries to the chain and writes
 * its head back to meta: just before COMMIT. */
gboolean _monia_server_flush_audit (MoniaServerStore  *self,
                                    GError           **error);
void _monia_server_clear_audit (MoniaServerStore *self);
GArray *_monia_server_audit_pending_new (void);
void _monia_server_remove_audit_keys (const char *data_dir);
gboolean _monia_server_make_audit_keys (MoniaServerStore  *self,
                                        GError           **error);
gboolean _monia_server_load_audit_key (MoniaServerStore  *self,
                                       GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MoniaServerStmt, _monia_server_release)

G_END_DECLS
