/* monia-store-sync.h — what the sync engine needs of the local store
 *
 * The store knows nothing of HTTP: the sync engine (src/sync) reads the
 * outbox from here, hands pulled pages back, and says what the server did
 * with each pushed change. See docs/sync-protocol.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "monia-store.h"

G_BEGIN_DECLS

/* A field that two people changed at once, as the server recorded it.
 * Values are JSON text ("null" for none). "mine" is the value of the person
 * whose push met the other's change ("mine_by"), "theirs" the value the
 * server held ("theirs_by"). */
typedef struct
{
  char   *id;
  char   *case_id;
  char   *record_kind;
  char   *record_id;
  char   *field;         /* NULL: a delete that met a later change */
  char   *base;
  char   *theirs;
  char   *theirs_by;
  char   *mine;
  char   *mine_by;
  gint64  created_at;
  gint64  resolved_at;   /* 0 while open */
  char   *resolved_by;
  gboolean resolve_pending;  /* resolved here, the server not told yet */
} MoniaConflict;

void           monia_conflict_free              (MoniaConflict *conflict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MoniaConflict, monia_conflict_free)

/* Small settings kept with the store: "server_url", "login", "account_id",
 * "account_name", "role", "team_id", "last_synced". NULL when unset. */
char          *monia_store_get_sync_setting     (MoniaStore    *self,
                                                 const char    *key);
gboolean       monia_store_set_sync_setting     (MoniaStore    *self,
                                                 const char    *key,
                                                 const char    *value,
                                                 GError       **error);

/* How far a feed ("directory", "inbox" or a case id) has been pulled. */
gint64         monia_store_get_feed_seq         (MoniaStore    *self,
                                                 const char    *feed);

/* Applies one pulled page: @changes is the page's "changes" array, @seq its
 * "seq". The records, their server revisions and the feed's new sequence
 * are written in one transaction, and not logged as local changes. Values
 * edited here and not yet pushed stay on top of what the server sent (the
 * push that follows makes any clash a conflict on the server). Entries of
 * unknown kinds, from a newer server, are skipped. */
gboolean       monia_store_apply_remote         (MoniaStore    *self,
                                                 const char    *feed,
                                                 gint64         seq,
                                                 JsonArray     *changes,
                                                 GError       **error);

/* One pulled page of a feed. */
typedef struct
{
  const char *feed;
  gint64      seq;
  JsonArray  *changes;
} MoniaRemotePage;

/* Applies several pages, as monia_store_apply_remote() does each, in one
 * transaction: all of them or, on an error, none. */
gboolean       monia_store_apply_remote_pages   (MoniaStore      *self,
                                                 MoniaRemotePage *pages,
                                                 guint            n_pages,
                                                 GError         **error);

/* Forgets a case the account may no longer see: the case, every record in
 * it, its people unless another case here has them, its conflicts, its
 * unsent changes and how far it was pulled. */
/* For the first pull into a store that holds nothing from the server yet:
 * takes the indexes of the tables a pull writes away until
 * monia_store_end_first_pull() builds them all at once (or the next
 * monia_store_open(), if that never came). *started tells whether it did
 * anything: not if the store holds records from the server already, or a
 * first pull is under way. */
gboolean       monia_store_begin_first_pull     (MoniaStore    *self,
                                                 gboolean      *started,
                                                 GError       **error);
gboolean       monia_store_end_first_pull       (MoniaStore    *self,
                                                 GError       **error);

gboolean       monia_store_drop_case            (MoniaStore    *self,
                                                 const char    *case_id,
                                                 GError       **error);

/* Case ids this store has pulled from the server. */
GStrv          monia_store_get_synced_cases     (MoniaStore    *self);

/* The case a person belongs to here (pushes of people name one). */
char          *monia_store_get_case_of_person   (MoniaStore    *self,
                                                 const char    *person_id);

/* The server took the change @mutation_id (applied, conflicted or already
 * had it): it leaves the outbox. If @server_rev is the revision this change
 * alone made (nobody else changed the record in between), later unsent
 * edits of the record that were based on @base_rev are now based on it. */
gboolean       monia_store_mark_change_sent     (MoniaStore    *self,
                                                 const char    *mutation_id,
                                                 const char    *kind,
                                                 const char    *record_id,
                                                 gint64         base_rev,
                                                 gint64         server_rev,
                                                 gboolean       only_this_change,
                                                 GError       **error);
/* The server refused the change for good: it stays in the log with
 * @message and is not sent again. */
gboolean       monia_store_mark_change_refused  (MoniaStore    *self,
                                                 const char    *mutation_id,
                                                 const char    *message,
                                                 GError       **error);
gint64         monia_store_count_refused_changes (MoniaStore   *self);

/* Conflicts, oldest first; of one case, or all with @case_id NULL. */
GPtrArray     *monia_store_list_conflicts       (MoniaStore    *self,
                                                 const char    *case_id,
                                                 gboolean       open_only,
                                                 GError       **error);
MoniaConflict *monia_store_get_conflict         (MoniaStore    *self,
                                                 const char    *conflict_id,
                                                 GError       **error);
/* Settles a conflict on @value_json (one of its values): the record is
 * edited to it if it holds something else (an ordinary change, pushed at
 * the next sync), and the conflict is marked resolved here and queued for
 * the server. */
gboolean       monia_store_resolve_conflict     (MoniaStore    *self,
                                                 const char    *conflict_id,
                                                 const char    *value_json,
                                                 GError       **error);
GStrv          monia_store_get_pending_resolutions (MoniaStore *self);
gboolean       monia_store_mark_resolution_sent (MoniaStore    *self,
                                                 const char    *conflict_id,
                                                 GError       **error);

G_END_DECLS
