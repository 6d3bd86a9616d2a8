/* monia-sync-client-private.h — the sync client's parts, shared by its files
 *
 * The client is split by job: monia-sync-client.c makes the object, keeps
 * its state and fetches the lead's feed; monia-sync-client-requests.c sends
 * requests and reads the answers; monia-sync-client-login.c logs in and out
 * and keeps the login in the keyring; monia-sync-client-round.c starts a
 * round and pushes, monia-sync-client-pull.c pulls; monia-sync-client-live.c
 * says when rounds run, and keeps in step with the server's live notices.
 * They share the struct and the types below.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsecret/secret.h>
#include <libsoup/soup.h>

#include "monia-store-sync.h"
#include "monia-sync-client.h"

G_BEGIN_DECLS

/* After a failure the next try waits this long, doubled each time up to the
 * most (monia-sync-client-live.c). */
#define BACKOFF_MIN_S 2
#define BACKOFF_MAX_S (5 * 60)

typedef enum
{
  ROUND_PUSH  = 1 << 0,
  ROUND_FULL  = 1 << 1,
  ROUND_FEEDS = 1 << 2,
} RoundFlags;

struct _MoniaSyncClient
{
  GObject          parent_instance;

  MoniaStore      *store;
  SoupSession     *session;
  SoupSession     *live_session;
  char            *token;
  gboolean         use_keyring;

  MoniaSyncState   state;
  char            *message;
  gint64           last_synced;
  guint64          n_pulled;

  /* The round running, and what was asked for meanwhile. */
  gboolean         round_running;
  RoundFlags       next_flags;
  GHashTable      *next_feeds;        /* feed → GINT_TO_POINTER (1) */
  GPtrArray       *waiting_full;      /* GTask: sync_async callers */
  GPtrArray       *waiting_next;      /* those waiting on the round after this */

  /* Keeping in step by itself. */
  gboolean         running;
  guint            push_source;
  guint            retry_source;
  guint            periodic_source;
  guint            backoff_s;
  SoupWebsocketConnection *live;
  GCancellable    *live_cancellable;
  gulong           committed_handler;
  gboolean         applying;
  gboolean         first_pull;        /* see monia_store_begin_first_pull() */
};

/* A server's answer to a request (monia-sync-client-requests.c). */
typedef struct
{
  SoupMessage *msg;
  guint        status;
  JsonNode    *root;    /* the answer's JSON, or NULL */
} Reply;

/* A feed the pull asks for, and the point to read it from. */
typedef struct
{
  char   *feed;
  gint64  since;
} PullItem;

/* What the pull writes, in the order it came: a reply's pages, or a case
 * to drop. */
typedef struct
{
  Reply *reply;
  guint  next_page;   /* the first not yet written */
  char  *drop_case;
} Apply;

/* A round: the data of its GTask. */
typedef struct
{
  RoundFlags   flags;
  GPtrArray   *feeds;        /* feeds to pull, in order */
  guint        n_requests;
  gboolean     pushed_any;

  /* The pull: the next requests go out while the last answers are
   * read and written, so the server and this computer work at the same
   * time. */
  gboolean     pull_started;
  GQueue       to_pull;      /* PullItem */
  guint        n_out;        /* pull requests out */
  guint        n_unwritten;  /* of them, not yet sent whole */
  GQueue       to_apply;     /* Apply */
  guint        apply_source;
  gboolean     returned;
} Round;


/* monia-sync-client.c: the state. */
void _monia_sync_client_set_state (MoniaSyncClient *self,
                                   MoniaSyncState   state,
                                   const char      *message);
void _monia_sync_client_set_state_from_error (MoniaSyncClient *self,
                                              const GError    *error);
void _monia_sync_client_set_last_synced_now (MoniaSyncClient *self);
gboolean _monia_sync_client_check_syncable (MoniaSyncClient  *self,
                                            GError          **error);

/* monia-sync-client-requests.c: requests and their replies. */
GError *_monia_sync_client_server_failed (void);
void _monia_sync_client_reply_free (Reply *reply);
JsonArray *_monia_sync_client_array_member (JsonObject *object,
                                            const char *name);
JsonObject *_monia_sync_client_object_member (JsonObject *object,
                                              const char *name);
const char *_monia_sync_client_string_element (JsonArray *array,
                                               guint      index);
const char *_monia_sync_client_error_code (JsonNode *root);
SoupMessage *_monia_sync_client_new_message (MoniaSyncClient  *self,
                                             const char       *server_url,
                                             const char       *method,
                                             const char       *path,
                                             const char       *body,
                                             GError          **error);
SoupMessage *_monia_sync_client_request_to_async (MoniaSyncClient     *self,
                                                  const char          *server_url,
                                                  const char          *method,
                                                  const char          *path,
                                                  const char          *body,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
SoupMessage *_monia_sync_client_request_async (MoniaSyncClient     *self,
                                               const char          *method,
                                               const char          *path,
                                               const char          *body,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
Reply *_monia_sync_client_request_finish (MoniaSyncClient  *self,
                                          GAsyncResult     *result,
                                          GError          **error);
GError *_monia_sync_client_refused_error (Reply *reply);

/* monia-sync-client-login.c: the keyring's entry for a login. */
const SecretSchema *_monia_sync_client_token_schema (void);

/* monia-sync-client-round.c: a round, as a GTask whose data is the Round. */
void _monia_sync_client_run_round (MoniaSyncClient     *self,
                                   RoundFlags           flags,
                                   GPtrArray           *feeds,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
void _monia_sync_client_round_return (GTask  *task,
                                      GError *error);
gboolean _monia_sync_client_round_count_request (GTask *task);

/* monia-sync-client-pull.c: the pull, the last step of a round. */
void _monia_sync_client_pull_item_free (PullItem *item);
void _monia_sync_client_apply_free (Apply *apply);
void _monia_sync_client_round_pull (GTask *task);

G_END_DECLS
