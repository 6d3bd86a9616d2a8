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

  char    *path;
  sqlite3 *db;
};

gboolean      _monia_server_exec        (MoniaServerStore  *self,
                                         const char        *sql,
                                         GError           **error);
sqlite3_stmt *_monia_server_prepare     (MoniaServerStore  *self,
                                         const char        *sql,
                                         GError           **error);
gboolean      _monia_server_set_error   (MoniaServerStore  *self,
                                         GError           **error);
gboolean      _monia_server_begin       (MoniaServerStore  *self,
                                         GError           **error);
gboolean      _monia_server_commit      (MoniaServerStore  *self,
                                         GError           **error);
void          _monia_server_rollback    (MoniaServerStore  *self);
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
void          _monia_server_bind_text   (sqlite3_stmt *stmt,
                                         int           index,
                                         const char   *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
