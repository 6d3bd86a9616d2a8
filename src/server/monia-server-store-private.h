/* monia-server-store-private.h — shared between the store's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "monia-server-store.h"

G_BEGIN_DECLS

struct _MoniaServerStore
{
  GObject  parent_instance;

  char       *path;
  char       *data_dir;
  sqlite3    *db;
  /* Prepared statements by SQL text (GPtrArray of sqlite3_stmt): parsing a
   * statement costs more than running it, so each is prepared once. */
  GHashTable *statements;

  /* The key of the audit chain's hash, from the data folder's audit.key:
   * outside the database, so whoever can only write the database cannot
   * make a chain that verifies. */
  guint8      audit_key[32];

  /* The audit chain's head while a transaction is open: read from meta by
   * the first entry of the transaction, written back to meta once, just
   * before COMMIT. */
  gboolean    audit_loaded;
  gboolean    audit_dirty;
  gint64      audit_seq;
  char        audit_hash[65];
  /* The same at the open savepoint, to go back to. */
  gboolean    savepoint_open;
  gboolean    savepoint_audit_loaded;
  gboolean    savepoint_audit_dirty;
  gint64      savepoint_audit_seq;
  char        savepoint_audit_hash[65];

  /* A read transaction is open (synchronous = NORMAL until it ends). */
  gboolean    reading;
  /* Commits made with synchronous = NORMAL since the WAL was last synced. */
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
 * it: let g_autoptr(sqlite3_stmt) give it back (that only resets it), never
 * finalize it. Bind and step it straight away; a statement of the same SQL
 * that is still stepping is not handed out twice. */
sqlite3_stmt *_monia_server_prepare     (MoniaServerStore  *self,
                                         const char        *sql,
                                         GError           **error);
void          _monia_server_release     (sqlite3_stmt      *stmt);
gboolean      _monia_server_set_error   (MoniaServerStore  *self,
                                         GError           **error);
gboolean      _monia_server_begin       (MoniaServerStore  *self,
                                         GError           **error);
gboolean      _monia_server_commit      (MoniaServerStore  *self,
                                         GError           **error);
void          _monia_server_rollback    (MoniaServerStore  *self);
/* A read transaction: its only writes are audit entries of reads. It is
 * committed without waiting for the disk (synchronous = NORMAL); the WAL is
 * synced by the next durable commit or by monia_server_store_sync(). */
gboolean      _monia_server_begin_read  (MoniaServerStore  *self,
                                         GError           **error);
gboolean      _monia_server_commit_read (MoniaServerStore  *self,
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
/* Puts an account's professional record (name, team, role, login: no
 * client data) in the directory feed, so desktops can name owners and
 * participants. Inside the caller's transaction. */
gboolean      _monia_server_publish_professional (MoniaServerStore  *self,
                                                  const char        *id,
                                                  const char        *name,
                                                  const char        *team_id,
                                                  const char        *role,
                                                  const char        *login,
                                                  GError           **error);
/* SQL functions of the access policy (monia_today ()), on the store's
 * connection. */
gboolean      _monia_server_register_policy (MoniaServerStore  *self,
                                             GError           **error);
void          _monia_server_bind_text   (sqlite3_stmt *stmt,
                                         int           index,
                                         const char   *text);

/* Tests only: called with the login on whichever thread checks a password,
 * just before the check, so a test can hold a check while it looks at the
 * server. NULL removes it. */
typedef void (*MoniaServerVerifyHook) (const char *login,
                                       gpointer    data);
void          _monia_server_set_verify_hook (MoniaServerVerifyHook hook,
                                             gpointer              data);

/* Shared by the store's files (monia-server-store.c, -accounts.c, -audit.c). */
#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"

MoniaServerStore *_monia_server_open_store (const char  *data_dir,
                                            gboolean     create,
                                            gboolean     upgrading,
                                            int         *out_version,
                                            GError     **error);
gboolean _monia_server_write_audit_head (MoniaServerStore  *self,
                                         GError           **error);
void _monia_server_remove_audit_keys (const char *data_dir);
gboolean _monia_server_make_audit_keys (MoniaServerStore  *self,
                                        GError           **error);
gboolean _monia_server_load_audit_key (MoniaServerStore  *self,
                                       GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, _monia_server_release)

G_END_DECLS
