/* monia-server-private.h — monia-server internals, shared by its files and
 * used by tests and fuzzing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "monia-server.h"
#include "monia-server-store.h"

G_BEGIN_DECLS

#define RING_SIZE 1024
#define MAX_DEVICE_LEN 100
/* Reads are audited in commits that do not wait for the disk; the WAL is
 * synced this long after the first of them at the latest. */
#define READ_SYNC_DELAY_MS 100
/* The nice value of the threads that check passwords: with the cores busy
 * hashing, the loop still gets its turn at once. */
#define LOGIN_THREAD_NICE 10

typedef struct
{
  guint64  number;
  char    *feed;
} Notice;

typedef struct
{
  MoniaServer             *server;
  SoupWebsocketConnection *connection;
  MoniaServerAccount      *account;
  char                    *token_hash;   /* of the token it was opened with */
  guint                    expiry_id;
} LiveClient;

/* A login whose password is being checked on the pool. */
typedef struct
{
  MoniaServer       *server;
  SoupServerMessage *msg;
  MoniaServerLogin  *login;
  GMainContext      *context;       /* the server's */
  GSource           *checked;       /* made by the worker once checked */
  gulong             disconnected_id;
  gboolean           gone;          /* the client went away meanwhile */
} LoginJob;

typedef struct
{
  MoniaServer        *server;
  SoupServerMessage  *msg;
  MoniaServerAccount *account;
  char               *token_hash;   /* of the token it came with */
  guint64             after;
  guint               timeout_id;
  gulong              disconnected_id;
} Waiter;

struct _MoniaServer
{
  GObject           parent_instance;

  MoniaServerStore *store;
  SoupServer       *soup;
  gboolean          tls;
  gint64            token_lifetime;

  char             *epoch;
  guint64           next_notice;
  Notice            ring[RING_SIZE];
  GPtrArray        *live_clients;   /* LiveClient */
  GPtrArray        *waiters;        /* Waiter */
  GThreadPool      *login_pool;     /* checks passwords: LoginJob */
  GPtrArray        *logins;         /* LoginJob, queued or being checked */
  guint             sync_id;
  GMainContext     *context;        /* the one the server was made on */

  /* The public pages (monia-server-web.c, -ask.c). */
  char             *locale_dir;     /* NULL: LOCALEDIR */
  GHashTable       *catalogues[2];  /* fi, sv: msgid → msgstr */
  gboolean          catalogues_loaded;
  guint8            web_key[32];
  gboolean          web_key_loaded;
  gint64            web_now;        /* tests: the pages' clock; 0 for the real one */
};

/* Shared by monia-server.c, -live.c and -login.c. */
void _monia_server_reply_object (SoupServerMessage *msg,
                                 guint              status,
                                 JsonObject        *object);
void _monia_server_reply_error (SoupServerMessage *msg,
                                guint              status,
                                const char        *code,
                                const char        *message);
void _monia_server_reply_gerror (SoupServerMessage *msg,
                                 const GError      *error);
JsonNode *_monia_server_parse_body (SoupServerMessage  *msg,
                                    GError            **error);
const char *_monia_server_get_string_member (JsonObject *object,
                                             const char *member);
const char *_monia_server_request_device (SoupServerMessage *msg);
const char *_monia_server_bearer_token (SoupServerMessage *msg);
MoniaServerAccount *_monia_server_authenticate (MoniaServer        *self,
                                                SoupServerMessage  *msg,
                                                GError            **error);
guint _monia_server_add_timeout (MoniaServer *self,
                                 GSource     *source,
                                 GSourceFunc  func,
                                 gpointer     data);
void _monia_server_clear_timeout (MoniaServer *self,
                                  guint       *id);
void _monia_server_waiter_free (Waiter *waiter);
void _monia_server_finish_waiter (MoniaServer *self,
                                  Waiter      *waiter,
                                  JsonArray   *notices);
void _monia_server_notify_feeds (MoniaServer *self,
                                 GPtrArray   *feeds);
void _monia_server_handle_notices (MoniaServer        *self,
                                   SoupServerMessage  *msg,
                                   GHashTable         *query,
                                   MoniaServerAccount *account);
void _monia_server_live_client_free (LiveClient *client);
void _monia_server_close_live_clients (MoniaServer *self,
                                       const char  *token_hash,
                                       const char  *account_id,
                                       const char  *reason);
void _monia_server_live_cb (SoupServer              *soup,
                            SoupServerMessage       *msg,
                            const char              *path,
                            SoupWebsocketConnection *connection,
                            gpointer                 user_data);
void _monia_server_login_job_free (LoginJob *job);
void _monia_server_login_check_func (gpointer data,
                                     gpointer user_data);
void _monia_server_handle_login (MoniaServer       *self,
                                 SoupServerMessage *msg);
void _monia_server_handle_logout (MoniaServer       *self,
                                  SoupServerMessage *msg);

/* Syncs the WAL shortly, after commits that did not wait for the disk. */
void _monia_server_schedule_sync (MoniaServer *self);

/* The public pages' clock (Unix seconds); tests set it, 0 for the real one. */
gint64 _monia_server_web_now (MoniaServer *self);
void _monia_server_set_web_now (MoniaServer *self,
                                gint64       unix_seconds);

/* Serves one connection given as a stream (an in-memory one, say) as if it
 * had been accepted on a listening socket: the request goes through the
 * same handlers as over the network. */
gboolean _monia_server_accept_iostream (MoniaServer     *self,
                                        GIOStream       *stream,
                                        GSocketAddress  *local_address,
                                        GSocketAddress  *remote_address,
                                        GError         **error);

G_END_DECLS
