/* monia-store.h — the local SQLite store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "monia-mutation.h"
#include "monia-record.h"

G_BEGIN_DECLS

#define MONIA_STORE_SCHEMA_VERSION 6

#define MONIA_TYPE_STORE (monia_store_get_type ())

G_DECLARE_FINAL_TYPE (MoniaStore, monia_store, MONIA, STORE, GObject)

typedef struct
{
  char *kind;       /* "person", "case" or "event" */
  char *record_id;
  char *case_id;    /* the case the hit belongs to, or NULL */
  char *snippet;    /* the matching text with the match in «» */
} MoniaSearchHit;

void              monia_search_hit_free        (MoniaSearchHit *hit);

/* Opens the store at @path, creating it (and its folder) if missing and
 * migrating an older schema forward (after keeping a copy of the older file
 * beside it). A damaged file, a file that is not a Monia store or one written
 * by a newer Monia gives an error and is left untouched. */
MoniaStore       *monia_store_open             (const char     *path,
                                                GError        **error);
/* The same in a worker thread, for a store that needs updating (see
 * monia_store_needs_update()): a region's store takes a while. */
void              monia_store_open_async       (const char     *path,
                                                GCancellable   *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer        user_data);
MoniaStore       *monia_store_open_finish      (GAsyncResult   *result,
                                                GError        **error);
/* Whether the file at @path is a Monia store of an older schema, which
 * monia_store_open() will update. Reads only; FALSE for anything else
 * (missing, current, damaged, foreign: monia_store_open() says what). */
gboolean          monia_store_needs_update     (const char     *path);
const char       *monia_store_get_path         (MoniaStore     *self);
const char       *monia_store_get_device_id    (MoniaStore     *self);
int               monia_store_get_schema_version (MoniaStore   *self);

/* The professional (record id) whose changes these are; logged with each. */
void              monia_store_set_author       (MoniaStore     *self,
                                                const char     *author_id);
const char       *monia_store_get_author       (MoniaStore     *self);

/* The one write path: applies @mutations (MoniaMutation) in one transaction,
 * all or none, appending each to the change log. Emits ::record-changed for
 * each after the commit. */
gboolean          monia_store_apply            (MoniaStore     *self,
                                                GPtrArray      *mutations,
                                                GError        **error);
gboolean          monia_store_apply_one        (MoniaStore     *self,
                                                MoniaMutation  *mutation,
                                                GError        **error);

/* Reads. */
MoniaRecord      *monia_store_get              (MoniaStore     *self,
                                                const char     *kind,
                                                const char     *id,
                                                GError        **error);
/* Records of @kind whose REF field @field is @ref_id, in creation order. */
GPtrArray        *monia_store_find             (MoniaStore     *self,
                                                const char     *kind,
                                                const char     *field,
                                                const char     *ref_id,
                                                GError        **error);
gint64            monia_store_count            (MoniaStore     *self,
                                                const char     *kind);

/* Lazy list models of MoniaRecord: only the row order is held in memory,
 * records are read a page at a time as they are asked for. They follow
 * changes made through the store. */
GListModel       *monia_store_list_cases       (MoniaStore     *self);
GListModel       *monia_store_list_help_requests (MoniaStore   *self);
/* Cases whose reference @field ("owner_id", "pair_id", "team_id") is @value,
 * newest first. */
GListModel       *monia_store_list_cases_by    (MoniaStore     *self,
                                                const char     *field,
                                                const char     *value);
/* Help requests with no outcome yet, the one due first on top. */
GListModel       *monia_store_list_open_help_requests (MoniaStore *self);
/* Every record of @kind, in creation order. */
GListModel       *monia_store_list             (MoniaStore     *self,
                                                const char     *kind);
/* Records of @kind whose reference @field is @ref_id, in creation order. */
GListModel       *monia_store_list_by_ref      (MoniaStore     *self,
                                                const char     *kind,
                                                const char     *field,
                                                const char     *ref_id);

/* Full-text search over people, cases and notes; every word must match as
 * a prefix; the newest matches first. */
GPtrArray        *monia_store_search           (MoniaStore     *self,
                                                const char     *text,
                                                guint           limit,
                                                GError        **error);

/* The change log, oldest first: mutations not yet sent to the server. */
GPtrArray        *monia_store_get_pending_changes (MoniaStore  *self,
                                                   guint        limit,
                                                   GError     **error);
gint64            monia_store_count_pending_changes (MoniaStore *self);

/* A store holding synthetic demo data is marked so for good: its people are
 * made up, and it must never be synchronised with a real server. */
gboolean          monia_store_mark_demo        (MoniaStore     *self,
                                                GError        **error);
gboolean          monia_store_is_demo          (MoniaStore     *self);

/* A full consistency check of the file (slow on a large store). */
gboolean          monia_store_check_integrity  (MoniaStore     *self,
                                                GError        **error);

/* Convenience for the first window and scripts: a case with one person. */
char             *monia_store_create_case      (MoniaStore     *self,
                                                const char     *title,
                                                const char     *person_name,
                                                const char     *hetu,
                                                GError        **error);

G_END_DECLS
