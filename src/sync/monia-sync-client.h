/* monia-sync-client.h — the desktop's half of synchronisation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "monia-store.h"

G_BEGIN_DECLS

#define MONIA_SYNC_ERROR (monia_sync_error_quark ())

/**
 * MoniaSyncError:
 * @MONIA_SYNC_ERROR_OFFLINE: the server could not be reached
 * @MONIA_SYNC_ERROR_LOGIN_NEEDED: no login yet, or the login has expired
 * @MONIA_SYNC_ERROR_THROTTLED: too many failed logins; wait and try again
 * @MONIA_SYNC_ERROR_REFUSED: the server refused the request (role, access)
 * @MONIA_SYNC_ERROR_SERVER: the server failed or answered nonsense
 * @MONIA_SYNC_ERROR_NOT_SET_UP: no server has been chosen for this store
 * @MONIA_SYNC_ERROR_DEMO_STORE: the store holds demo data and never syncs
 * @MONIA_SYNC_ERROR_KEYRING: the login could not be kept in the keyring
 * @MONIA_SYNC_ERROR_INVALID_ADDRESS: the server address is not usable
 */
typedef enum
{
  MONIA_SYNC_ERROR_OFFLINE,
  MONIA_SYNC_ERROR_LOGIN_NEEDED,
  MONIA_SYNC_ERROR_THROTTLED,
  MONIA_SYNC_ERROR_REFUSED,
  MONIA_SYNC_ERROR_SERVER,
  MONIA_SYNC_ERROR_NOT_SET_UP,
  MONIA_SYNC_ERROR_DEMO_STORE,
  MONIA_SYNC_ERROR_KEYRING,
  MONIA_SYNC_ERROR_INVALID_ADDRESS,
} MoniaSyncError;

GQuark monia_sync_error_quark (void);

/**
 * MoniaSyncState:
 * @MONIA_SYNC_STATE_NOT_SET_UP: no server chosen (or a demo store)
 * @MONIA_SYNC_STATE_IDLE: in step with the server as of #MoniaSyncClient:last-synced
 * @MONIA_SYNC_STATE_SYNCING: a sync is running
 * @MONIA_SYNC_STATE_OFFLINE: the server cannot be reached; work goes on and
 *   is sent later
 * @MONIA_SYNC_STATE_LOGIN_NEEDED: the login has expired or was never made
 * @MONIA_SYNC_STATE_ERROR: something a person can act on (see the message)
 */
typedef enum
{
  MONIA_SYNC_STATE_NOT_SET_UP,
  MONIA_SYNC_STATE_IDLE,
  MONIA_SYNC_STATE_SYNCING,
  MONIA_SYNC_STATE_OFFLINE,
  MONIA_SYNC_STATE_LOGIN_NEEDED,
  MONIA_SYNC_STATE_ERROR,
} MoniaSyncState;

GType monia_sync_state_get_type (void) G_GNUC_CONST;
#define MONIA_TYPE_SYNC_STATE (monia_sync_state_get_type ())

#define MONIA_TYPE_SYNC_CLIENT (monia_sync_client_get_type ())

G_DECLARE_FINAL_TYPE (MoniaSyncClient, monia_sync_client, MONIA, SYNC_CLIENT, GObject)

MoniaSyncClient *monia_sync_client_new              (MoniaStore           *store);
MoniaStore      *monia_sync_client_get_store        (MoniaSyncClient      *self);

/* Where tokens are kept: the keyring (the default), or only in memory for
 * this process (tests). */
void             monia_sync_client_set_use_keyring  (MoniaSyncClient      *self,
                                                     gboolean              use_keyring);
/* Uses @token for the following requests instead of looking one up in
 * the keyring: a token kept elsewhere (monia-ctl keeps it in a file where
 * there is no keyring, or takes it from MONIA_TOKEN). */
void             monia_sync_client_set_token        (MoniaSyncClient      *self,
                                                     const char           *token);

MoniaSyncState   monia_sync_client_get_state        (MoniaSyncClient      *self);
/* A sentence for a person about the state: why offline, what to do. */
const char      *monia_sync_client_get_message      (MoniaSyncClient      *self);
/* Unix seconds of the last complete sync, 0 if never. */
gint64           monia_sync_client_get_last_synced  (MoniaSyncClient      *self);
char            *monia_sync_client_dup_server_url   (MoniaSyncClient      *self);
char            *monia_sync_client_dup_login        (MoniaSyncClient      *self);

/* Logs in to @url as @login and keeps the token (in the keyring). The
 * store then belongs to that account: its id becomes the author of edits. */
void             monia_sync_client_login_async      (MoniaSyncClient      *self,
                                                     const char           *url,
                                                     const char           *login,
                                                     const char           *password,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean         monia_sync_client_login_finish     (MoniaSyncClient      *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* Forgets the token (here and in the keyring) and tells the server. */
void             monia_sync_client_logout_async     (MoniaSyncClient      *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean         monia_sync_client_logout_finish    (MoniaSyncClient      *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* One whole sync: sends every unsent change and conflict resolution, drops
 * cases the account may no longer see, then pulls the directory, the inbox
 * (intake workers) and every case that changed, nearest deadline first. */
void             monia_sync_client_sync_async       (MoniaSyncClient      *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean         monia_sync_client_sync_finish      (MoniaSyncClient      *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* Keeps in step by itself: listens for the server's live notices, sends
 * edits shortly after they are saved, and retries with growing pauses
 * while the server cannot be reached. */
void             monia_sync_client_start            (MoniaSyncClient      *self);
void             monia_sync_client_stop             (MoniaSyncClient      *self);

/* A team lead's metadata of their team's cases (GET /v1/lead/cases): the
 * cases' owners, pairs, statuses and the days of their clocks, never their
 * contents (see monia_report_data_new_from_lead_feed()). */
void             monia_sync_client_fetch_lead_feed_async  (MoniaSyncClient     *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
JsonNode        *monia_sync_client_fetch_lead_feed_finish (MoniaSyncClient     *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

/* For tests and benchmarks: the token in use; records pulled so far. */
const char      *monia_sync_client_get_token        (MoniaSyncClient      *self);
guint64          monia_sync_client_get_n_pulled     (MoniaSyncClient      *self);

G_END_DECLS
