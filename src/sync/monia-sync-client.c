/* monia-sync-client.c — the desktop's half of synchronisation
 *
 * Follows docs/sync-protocol.md. Everything runs on the thread that made
 * the client (the main thread in the app): HTTP requests are asynchronous,
 * and each pulled page is written to the store in one short transaction.
 *
 * A *round* is one pass: push the outbox (at most one change per record in
 * a request, so each change's base is known when it is sent), send the
 * conflict resolutions made here, then — for a full round — read the case
 * list, drop revoked cases and pull every feed that moved; a round started
 * by a live notice pulls only the feeds named. Rounds never overlap: what
 * is asked for while one runs is merged into the next.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>
#include <libsoup/soup.h>

#include "monia-core.h"
#include "monia-sync-client.h"

#define PUSH_LIMIT 500
/* A pull asks for up to this many feed entries from up to this many feeds. */
#define PULL_LIMIT 1000
#define PULL_FEEDS 100
/* Up to this many pulls are out at once (over different feeds), and up
 * to this many answers wait to be written: while the server answers one,
 * this computer reads the last and writes the one before. */
#define PULLS_OUT 2
#define ANSWERS_WAITING 3
/* Pulled pages are written some 250 records to a transaction; in the
 * first pull into an empty store, with nothing yet to show, a whole answer. */
#define APPLY_ROWS 250
#define APPLY_ROWS_FIRST_PULL PULL_LIMIT
#define REQUEST_TIMEOUT_S 60
#define FULL_SYNC_INTERVAL_S (5 * 60)
#define BACKOFF_MIN_S 2
#define BACKOFF_MAX_S (5 * 60)
/* A round's steps are bounded: no server answer can keep it going. */
#define MAX_REQUESTS_PER_ROUND 1000000

G_DEFINE_QUARK (monia-sync-error-quark, monia_sync_error)

GType
monia_sync_state_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { MONIA_SYNC_STATE_NOT_SET_UP, "MONIA_SYNC_STATE_NOT_SET_UP", "not-set-up" },
        { MONIA_SYNC_STATE_IDLE, "MONIA_SYNC_STATE_IDLE", "idle" },
        { MONIA_SYNC_STATE_SYNCING, "MONIA_SYNC_STATE_SYNCING", "syncing" },
        { MONIA_SYNC_STATE_OFFLINE, "MONIA_SYNC_STATE_OFFLINE", "offline" },
        { MONIA_SYNC_STATE_LOGIN_NEEDED, "MONIA_SYNC_STATE_LOGIN_NEEDED", "login-needed" },
        { MONIA_SYNC_STATE_ERROR, "MONIA_SYNC_STATE_ERROR", "error" },
        { 0, NULL, NULL }
      };
      GType type = g_enum_register_static ("MoniaSyncState", values);

      g_once_init_leave (&type_id, type);
    }
  return (GType) type_id;
}

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "fi.monia.Monia.Login", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "login", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  };
  return &schema;
}

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

G_DEFINE_FINAL_TYPE (MoniaSyncClient, monia_sync_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_MESSAGE,
  PROP_LAST_SYNCED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_round_if_idle (MoniaSyncClient *self);
static void connect_live (MoniaSyncClient *self);

/* State ------------------------------------------------------------------- */

static void
set_state (MoniaSyncClient *self,
           MoniaSyncState   state,
           const char      *message)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (g_strcmp0 (self->message, message) != 0)
    {
      g_free (self->message);
      self->message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
set_state_from_error (MoniaSyncClient *self,
                      const GError    *error)
{
  MoniaSyncState state = MONIA_SYNC_STATE_ERROR;

  if (error->domain == MONIA_SYNC_ERROR)
    switch ((MoniaSyncError) error->code)
      {
      case MONIA_SYNC_ERROR_OFFLINE:
        state = MONIA_SYNC_STATE_OFFLINE;
        break;
      case MONIA_SYNC_ERROR_LOGIN_NEEDED:
        state = MONIA_SYNC_STATE_LOGIN_NEEDED;
        break;
      case MONIA_SYNC_ERROR_NOT_SET_UP:
      case MONIA_SYNC_ERROR_DEMO_STORE:
        state = MONIA_SYNC_STATE_NOT_SET_UP;
        break;
      default:
        break;
      }
  set_state (self, state, error->message);
}

static void
load_initial_state (MoniaSyncClient *self)
{
  g_autofree char *url = monia_store_get_sync_setting (self->store, "server_url");
  g_autofree char *last = monia_store_get_sync_setting (self->store, "last_synced");

  self->last_synced = last ? g_ascii_strtoll (last, NULL, 10) : 0;
  if (monia_store_is_demo (self->store) || url == NULL)
    self->state = MONIA_SYNC_STATE_NOT_SET_UP;
  else
    self->state = MONIA_SYNC_STATE_IDLE;
}

/* Object ------------------------------------------------------------------ */

static void
monia_sync_client_dispose (GObject *object)
{
  MoniaSyncClient *self = MONIA_SYNC_CLIENT (object);

  monia_sync_client_stop (self);
  if (self->first_pull)
    {
      g_autoptr(GError) error = NULL;

      /* Otherwise the next opening of the store does it. */
      self->first_pull = FALSE;
      if (!monia_store_end_first_pull (self->store, &error))
        g_debug ("ending the first pull: %s", error->message);
    }
  g_clear_object (&self->session);
  g_clear_object (&self->live_session);

  G_OBJECT_CLASS (monia_sync_client_parent_class)->dispose (object);
}

static void
monia_sync_client_finalize (GObject *object)
{
  MoniaSyncClient *self = MONIA_SYNC_CLIENT (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->next_feeds, g_hash_table_unref);
  g_clear_pointer (&self->waiting_full, g_ptr_array_unref);
  g_clear_pointer (&self->waiting_next, g_ptr_array_unref);

  G_OBJECT_CLASS (monia_sync_client_parent_class)->finalize (object);
}

static void
monia_sync_client_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  MoniaSyncClient *self = MONIA_SYNC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_LAST_SYNCED:
      g_value_set_int64 (value, self->last_synced);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
monia_sync_client_class_init (MoniaSyncClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = monia_sync_client_dispose;
  object_class->finalize = monia_sync_client_finalize;
  object_class->get_property = monia_sync_client_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       MONIA_TYPE_SYNC_STATE, MONIA_SYNC_STATE_NOT_SET_UP,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SYNCED] =
    g_param_spec_int64 ("last-synced", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
monia_sync_client_init (MoniaSyncClient *self)
{
  g_autofree char *user_agent = g_strdup_printf ("Monia/%s", PACKAGE_VERSION);

  self->use_keyring = TRUE;
  self->session = soup_session_new_with_options ("timeout", REQUEST_TIMEOUT_S,
                                                 "user-agent", user_agent,
                                                 "max-conns-per-host", 6,
                                                 NULL);
  /* The live channel is idle for long stretches: no read timeout; the
   * WebSocket's own keepalive notices a dead connection. */
  self->live_session = soup_session_new_with_options ("user-agent", user_agent, NULL);
  self->next_feeds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->waiting_full = g_ptr_array_new_with_free_func (g_object_unref);
  self->waiting_next = g_ptr_array_new_with_free_func (g_object_unref);
  self->backoff_s = BACKOFF_MIN_S;
}

MoniaSyncClient *
monia_sync_client_new (MoniaStore *store)
{
  MoniaSyncClient *self;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);

  self = g_object_new (MONIA_TYPE_SYNC_CLIENT, NULL);
  self->store = g_object_ref (store);
  load_initial_state (self);
  return self;
}

MoniaStore *
monia_sync_client_get_store (MoniaSyncClient *self)
{
  g_return_val_if_fail (MONIA_IS_SYNC_CLIENT (self), NULL);
  return self->store;
}

void
monia_sync_client_set_use_keyring (MoniaSyncClient *self,
                                   gboolean         use_keyring)
{
  g_return_if_fail (MONIA_IS_SYNC_CLIENT (self));
  self->use_keyring = use_keyring;
}

void
monia_sync_client_set_token (MoniaSyncClient *self,
                             const char      *token)
{
  g_return_if_fail (MONIA_IS_SYNC_CLIENT (self));
  g_free (self->token);
  self->token = g_strdup (token);
}

MoniaSyncState
monia_sync_client_get_state (MoniaSyncClient *self)
{
  g_return_val_if_fail (MONIA_IS_SYNC_CLIENT (self), MONIA_SYNC_STATE_NOT_SET_UP);
  return self->state;
}

const char *
monia_sync_client_get_message (MoniaSyncClient *self)
{
  g_return_val_if_fail (MONIA_IS_SYNC_CLIENT (self), NULL);
  return self->message;
}

gint64
monia_sync_client_get_last_synced (MoniaSyncClient *self)
{
  g_return_val_if_fail (MONIA_IS_SYNC_CLIENT (self), 0);
  return self->last_synced;
}

char *
monia_sync_client_dup_server_url (MoniaSyncClient *self)
{
  g_return_val_if_fail (MONIA_IS_SYNC_CLIENT (self), NULL);
  return monia_store_get_sync_setting (self->store, "server_url");
}

char *
monia_sync_client_dup_login (MoniaSyncClient *self)
{
  g_return_val_if_fail (MONIA_IS_SYNC_CLIENT (self), NULL);
  return monia_store_get_sync_setting (self->store, "login");
}

const char *
monia_sync_client_get_token (MoniaSyncClient *self)
{
  g_return_val_if_fail (MONIA_IS_SYNC_CLIENT (self), NULL);
  return self->token;
}

guint64
monia_sync_client_get_n_pulled (MoniaSyncClient *self)
{
  g_return_val_if_fail (MONIA_IS_SYNC_CLIENT (self), 0);
  return self->n_pulled;
}

/* Addresses --------------------------------------------------------------- */

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* The server's address without a trailing slash, or an error a person can
 * act on. Plain http is for a server on this computer only. */
static char *
normalise_url (const char  *url,
               GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;
  g_autofree char *text = NULL;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  host = uri ? g_uri_get_host (uri) : NULL;
  if (uri == NULL || host == NULL || *host == '\0' ||
      (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0) ||
      g_uri_get_query (uri) != NULL || g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_INVALID_ADDRESS,
                   _("“%s” is not a server address. Write it like https://monia.example.fi"), url);
      return NULL;
    }
  if (g_str_equal (scheme, "http") && !host_is_loopback (host))
    {
      g_set_error (error, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_INVALID_ADDRESS,
                   _("Client data is only sent over an encrypted connection: use an address "
                     "that begins with https://"));
      return NULL;
    }

  text = g_uri_to_string (uri);
  while (g_str_has_suffix (text, "/"))
    text[strlen (text) - 1] = '\0';
  return g_steal_pointer (&text);
}

/* The server failed, or answered something that is not an answer. */
static GError *
server_failed (void)
{
  return g_error_new_literal (MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_SERVER,
                              _("The server could not handle the request. Your work is kept "
                                "on this computer; Monia tries again later."));
}

/* Requests ---------------------------------------------------------------- */

typedef struct
{
  SoupMessage *msg;
  guint        status;
  JsonNode    *root;    /* the answer's JSON, or NULL */
} Reply;

static void
reply_free (Reply *reply)
{
  g_clear_object (&reply->msg);
  g_clear_pointer (&reply->root, json_node_unref);
  g_free (reply);
}

/* Members of the type asked for, or NULL: the server's answer is input. */
static JsonArray *
array_member (JsonObject *object,
              const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static const char *
string_element (JsonArray *array,
                guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
    ? json_node_get_string (node) : NULL;
}

static const char *
error_code (JsonNode *root)
{
  JsonObject *object, *error;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  object = json_node_get_object (root);
  if (!json_object_has_member (object, "error") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "error")))
    return NULL;
  error = json_object_get_object_member (object, "error");
  return json_object_get_string_member_with_default (error, "code", NULL);
}

static const char *
error_message (JsonNode *root)
{
  JsonObject *object;

  if (error_code (root) == NULL)
    return NULL;
  object = json_object_get_object_member (json_node_get_object (root), "error");
  return json_object_get_string_member_with_default (object, "message", NULL);
}

/* A request to the store's server, or to @server_url if not NULL. */
static SoupMessage *
new_message (MoniaSyncClient  *self,
             const char       *server_url,
             const char       *method,
             const char       *path,
             const char       *body,
             GError          **error)
{
  g_autofree char *base = server_url ? g_strdup (server_url)
                                     : monia_store_get_sync_setting (self->store, "server_url");
  g_autofree char *url = NULL;
  SoupMessage *msg;
  SoupMessageHeaders *headers;

  if (base == NULL)
    {
      g_set_error (error, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_NOT_SET_UP,
                   _("No server has been chosen. Log in to your region’s Monia server first."));
      return NULL;
    }
  url = g_strconcat (base, path, NULL);
  msg = soup_message_new (method, url);
  if (msg == NULL)
    {
      g_set_error (error, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_INVALID_ADDRESS,
                   _("“%s” is not a server address. Write it like https://monia.example.fi"), base);
      return NULL;
    }
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "X-Monia-Device", monia_store_get_device_id (self->store));
  if (self->token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_replace (headers, "Authorization", bearer);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  /* libsoup opens a new connection for every POST, lest one be sent twice
   * on a connection the server was closing. A pull only reads, and the
   * server takes a pushed mutation once by its id: both may go on an open
   * connection, which saves a connect on each (the live notices' round
   * trip is a push and a pull). */
  if (g_str_equal (path, "/v1/pull") || g_str_equal (path, "/v1/push"))
    soup_message_add_flags (msg, SOUP_MESSAGE_IDEMPOTENT);
  return msg;
}

/* Answers this large are parsed in a worker thread: meanwhile the main
 * thread writes the last answer into the store. */
#define PARSE_IN_THREAD_BYTES (64 * 1024)

/* Larger than any page a server makes (a page holds at most a few thousand
 * records); an answer beyond it is no answer. */
#define MAX_ANSWER_BYTES (512 * 1024 * 1024)

/* NULL for anything but JSON, and for JSON that would crash or cut the
 * parser (too deep, a NUL in a string): a hostile or broken server's
 * answer is no answer. */
static JsonNode *
parse_json (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (body, &size);

  if (size > 0 && !monia_json_check_text (data, size, MAX_ANSWER_BYTES, &error))
    {
      g_debug ("answer refused: %s", error->message);
      return NULL;
    }
  if (size == 0 || !json_parser_load_from_data (parser, data, (gssize) size, NULL))
    return NULL;
  return json_node_ref (json_parser_get_root (parser));
}

static void
parse_in_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  g_task_return_pointer (task, parse_json (task_data), (GDestroyNotify) json_node_unref);
}

/* Hands @reply (with its root parsed) to the request's caller. */
static void
reply_ready (GTask *task,
             Reply *reply)
{
  if (reply->status == SOUP_STATUS_UNAUTHORIZED)
    {
      reply_free (reply);
      g_task_return_new_error (task, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_LOGIN_NEEDED,
                               _("Your login has expired. Log in again to sync."));
      return;
    }
  if (reply->status == 429)
    {
      const char *retry = soup_message_headers_get_one (soup_message_get_response_headers (reply->msg),
                                                        "Retry-After");
      guint64 seconds = 0;
      gboolean short_wait = retry != NULL && g_ascii_string_to_unsigned (retry, 10, 0, 60, &seconds, NULL);

      /* A minute's wait is the limit on logins that succeed; longer, the one
       * on failed attempts. */
      reply_free (reply);
      g_task_return_new_error (task, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_THROTTLED, "%s",
                               short_wait ? _("Too many logins in a short time. Wait a minute and try again.")
                                          : _("Too many failed logins. Wait a quarter of an hour and try again."));
      return;
    }
  if (reply->status >= 500 || (reply->status >= 200 && reply->status < 300 && reply->status != 204 &&
                               (reply->root == NULL || !JSON_NODE_HOLDS_OBJECT (reply->root))))
    {
      reply_free (reply);
      g_task_return_error (task, server_failed ());
      return;
    }
  g_task_return_pointer (task, reply, (GDestroyNotify) reply_free);
}

typedef struct
{
  GTask *task;     /* the request's */
  Reply *reply;
} Parsing;

static void
parsed (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  Parsing *parsing = user_data;
  g_autoptr(GTask) task = parsing->task;

  parsing->reply->root = g_task_propagate_pointer (G_TASK (result), NULL);
  reply_ready (task, parsing->reply);
  g_free (parsing);
}

static void
request_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Reply *reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        {
          g_debug ("request failed: %s", error->message);
          g_task_return_new_error (task, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_OFFLINE,
                                   _("The server cannot be reached. Your work is kept on this "
                                     "computer and sent when the connection is back."));
        }
      return;
    }

  reply = g_new0 (Reply, 1);
  reply->msg = g_object_ref (g_task_get_task_data (task));
  reply->status = soup_message_get_status (reply->msg);
  if (g_bytes_get_size (body) >= PARSE_IN_THREAD_BYTES)
    {
      Parsing *parsing = g_new0 (Parsing, 1);
      g_autoptr(GTask) parse = NULL;

      parsing->task = g_steal_pointer (&task);
      parsing->reply = reply;
      parse = g_task_new (NULL, NULL, parsed, parsing);
      g_task_set_task_data (parse, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
      g_task_run_in_thread (parse, parse_in_thread);
      return;
    }
  reply->root = parse_json (body);
  reply_ready (task, reply);
}

/* Sends a request; the reply comes back for any status below 500 except
 * 401 and 429, which become errors. Returns the message on its way (owned
 * by the request), or NULL. */
static SoupMessage *
request_to_async (MoniaSyncClient     *self,
                  const char          *server_url,
                  const char          *method,
                  const char          *path,
                  const char          *body,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  SoupMessage *msg;

  msg = new_message (self, server_url, method, path, body, &error);
  if (msg == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return NULL;
    }
  g_task_set_task_data (task, msg, g_object_unref);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    request_done, g_steal_pointer (&task));
  return msg;
}

static SoupMessage *
request_async (MoniaSyncClient     *self,
               const char          *method,
               const char          *path,
               const char          *body,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  return request_to_async (self, NULL, method, path, body, cancellable, callback, user_data);
}

static Reply *
request_finish (MoniaSyncClient  *self,
                GAsyncResult     *result,
                GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* An error for a refused request, with the server's own words if any. */
static GError *
refused_error (Reply *reply)
{
  const char *message = error_message (reply->root);

  return g_error_new (MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_REFUSED, "%s",
                      message ? message : _("The server refused the request."));
}

/* Login ------------------------------------------------------------------- */

typedef struct
{
  char *url;
  char *login;
  char *token;
} LoginData;

static void
login_data_free (LoginData *data)
{
  g_free (data->url);
  g_free (data->login);
  if (data->token != NULL)
    memset (data->token, 0, strlen (data->token));
  g_free (data->token);
  g_free (data);
}

static gboolean
check_syncable (MoniaSyncClient  *self,
                GError          **error)
{
  if (monia_store_is_demo (self->store))
    {
      g_set_error (error, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_DEMO_STORE,
                   _("This database holds made-up demo data, and demo data is never sent to a server. "
                     "Use another database to work with real cases."));
      return FALSE;
    }
  return TRUE;
}

static void
login_keyring_stored (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      g_debug ("keyring: %s", error->message);
      g_task_return_new_error (task, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_KEYRING,
                               _("Logged in, but the login could not be kept in the keyring, so it "
                                 "lasts only until Monia closes. Check that a keyring is available."));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static gboolean
save_account (MoniaSyncClient  *self,
              LoginData        *data,
              JsonObject       *account,
              GError          **error)
{
  static const char *const members[][2] = {
    { "id", "account_id" }, { "name", "account_name" }, { "role", "role" },
    { "team_id", "team_id" }, { "org", "organisation" }, { "team", "team" },
  };
  const char *id = json_object_get_string_member_with_default (account, "id", NULL);

  if (id == NULL || !g_uuid_string_is_valid (id))
    {
      g_propagate_error (error, server_failed ());
      return FALSE;
    }

  if (!monia_store_set_sync_setting (self->store, "server_url", data->url, error) ||
      !monia_store_set_sync_setting (self->store, "login", data->login, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    if (!monia_store_set_sync_setting (self->store, members[i][1],
                                       json_object_get_string_member_with_default (account, members[i][0], NULL),
                                       error))
      return FALSE;
  monia_store_set_author (self->store, id);
  return TRUE;
}

static void
login_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  MoniaSyncClient *self = MONIA_SYNC_CLIENT (source);
  g_autoptr(GTask) task = user_data;
  LoginData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *owner = NULL;
  Reply *reply;
  JsonObject *object;
  const char *token;
  const char *account_id;

  reply = request_finish (self, result, &error);
  if (reply == NULL)
    {
      if (g_error_matches (error, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_LOGIN_NEEDED))
        g_task_return_new_error (task, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_LOGIN_NEEDED,
                                 _("The login name or password is wrong."));
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  object = reply->root && JSON_NODE_HOLDS_OBJECT (reply->root) ? json_node_get_object (reply->root) : NULL;
  token = object ? json_object_get_string_member_with_default (object, "token", NULL) : NULL;
  if (reply->status != SOUP_STATUS_OK || token == NULL || object_member (object, "account") == NULL)
    {
      g_task_return_error (task, reply->status == SOUP_STATUS_OK
                                 ? server_failed ()
                                 : refused_error (reply));
      reply_free (reply);
      return;
    }

  /* A store holds one account's view of one server: another's would mix
   * what each may see. */
  account_id = json_object_get_string_member_with_default (json_object_get_object_member (object, "account"),
                                                          "id", NULL);
  owner = monia_store_get_sync_setting (self->store, "account_id");
  if (owner != NULL && g_strcmp0 (owner, account_id) != 0)
    {
      reply_free (reply);
      g_task_return_new_error (task, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_REFUSED,
                               _("This database belongs to another account. Log in with that account, "
                                 "or use another database."));
      return;
    }

  if (!save_account (self, data, json_object_get_object_member (object, "account"), &error))
    {
      reply_free (reply);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_free (self->token);
  self->token = g_strdup (token);
  data->token = g_strdup (token);
  reply_free (reply);
  set_state (self, MONIA_SYNC_STATE_IDLE, NULL);

  if (!self->use_keyring)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  {
    g_autofree char *label = g_strdup_printf (_("Monia login %s at %s"), data->login, data->url);

    secret_password_store (token_schema (), SECRET_COLLECTION_DEFAULT, label, data->token,
                           g_task_get_cancellable (task), login_keyring_stored, g_object_ref (task),
                           "server", data->url, "login", data->login, NULL);
  }
}

void
monia_sync_client_login_async (MoniaSyncClient     *self,
                               const char          *url,
                               const char          *login,
                               const char          *password,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  LoginData *data;

  g_return_if_fail (MONIA_IS_SYNC_CLIENT (self));
  g_return_if_fail (url != NULL && login != NULL && password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, monia_sync_client_login_async);

  data = g_new0 (LoginData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) login_data_free);
  data->login = g_strdup (login);
  data->url = normalise_url (url, &error);
  if (data->url == NULL || !check_syncable (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (*login == '\0')
    {
      g_task_return_new_error (task, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_LOGIN_NEEDED,
                               _("Enter your login name."));
      return;
    }

  /* The request goes to the new address; the store keeps the old one until
   * the login succeeds. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "login");
  json_builder_add_string_value (builder, login);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);

  request_to_async (self, data->url, "POST", "/v1/login", body, cancellable, login_done,
                    g_steal_pointer (&task));
  memset (body, 0, strlen (body));
}

gboolean
monia_sync_client_login_finish (MoniaSyncClient  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Logout ------------------------------------------------------------------ */

static void
logout_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  MoniaSyncClient *self = MONIA_SYNC_CLIENT (source);
  g_autoptr(GTask) task = user_data;
  Reply *reply = request_finish (self, result, NULL);

  /* Whatever the server said, the token is gone here. */
  g_clear_pointer (&reply, reply_free);
  g_task_return_boolean (task, TRUE);
}

void
monia_sync_client_logout_async (MoniaSyncClient     *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *url = NULL;
  g_autofree char *login = NULL;

  g_return_if_fail (MONIA_IS_SYNC_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  monia_sync_client_stop (self);
  url = monia_store_get_sync_setting (self->store, "server_url");
  login = monia_store_get_sync_setting (self->store, "login");
  if (self->use_keyring && url != NULL && login != NULL)
    secret_password_clear (token_schema (), NULL, NULL, NULL, "server", url, "login", login, NULL);
  set_state (self, MONIA_SYNC_STATE_LOGIN_NEEDED, _("Logged out. Log in again to sync."));
  if (self->token == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  request_async (self, "POST", "/v1/logout", "{}", cancellable, logout_done, g_steal_pointer (&task));
  g_clear_pointer (&self->token, g_free);
}

gboolean
monia_sync_client_logout_finish (MoniaSyncClient  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* A round ----------------------------------------------------------------- */

typedef struct
{
  char   *feed;
  gint64  since;
} PullItem;

static void
pull_item_free (PullItem *item)
{
  if (item == NULL)   /* taken out of its array */
    return;
  g_free (item->feed);
  g_free (item);
}

/* What the pull writes, in the order it came: a reply's pages, or a case
 * to drop. */
typedef struct
{
  Reply *reply;
  guint  next_page;   /* the first not yet written */
  char  *drop_case;
} Apply;

static void
unref_in_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  json_node_unref (task_data);
  g_task_return_boolean (task, TRUE);
}

static void
apply_free (Apply *apply)
{
  /* Freeing an answer's tree of a thousand records takes as long as a good
   * part of writing them: a worker thread does it, not the one writing. */
  if (apply->reply != NULL && apply->reply->root != NULL)
    {
      g_autoptr(GTask) release = g_task_new (NULL, NULL, NULL, NULL);

      g_task_set_task_data (release, g_steal_pointer (&apply->reply->root), NULL);
      g_task_run_in_thread (release, unref_in_thread);
    }
  g_clear_pointer (&apply->reply, reply_free);
  g_free (apply->drop_case);
  g_free (apply);
}

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

static void
round_free (Round *round)
{
  g_clear_pointer (&round->feeds, g_ptr_array_unref);
  g_queue_clear_full (&round->to_pull, (GDestroyNotify) pull_item_free);
  g_queue_clear_full (&round->to_apply, (GDestroyNotify) apply_free);
  g_clear_handle_id (&round->apply_source, g_source_remove);
  g_free (round);
}

/* Ends the round once; whatever is still out is ignored when it comes. */
static void
round_return (GTask  *task,
              GError *error)
{
  Round *round = g_task_get_task_data (task);

  if (round->returned)
    {
      g_clear_error (&error);
      return;
    }
  round->returned = TRUE;
  g_clear_handle_id (&round->apply_source, g_source_remove);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void round_push (GTask *task);
static void round_resolutions (GTask *task);
static void round_case_list (GTask *task);
static void round_pull (GTask *task);

static gboolean
round_count_request (GTask *task)
{
  Round *round = g_task_get_task_data (task);

  if (++round->n_requests > MAX_REQUESTS_PER_ROUND)
    {
      round_return (task, server_failed ());
      return FALSE;
    }
  return TRUE;
}

static JsonObject *
mutation_to_json (MoniaSyncClient *self,
                  MoniaMutation   *mutation,
                  gboolean        *orphan)
{
  g_autofree char *case_id = NULL;

  /* A person is not of one case: the push names the case it is made in. */
  *orphan = FALSE;
  if (g_str_equal (monia_mutation_get_kind (mutation), "person"))
    {
      case_id = monia_store_get_case_of_person (self->store, monia_mutation_get_record_id (mutation));
      *orphan = case_id == NULL;
    }
  return monia_wire_mutation_write (mutation, case_id);
}

static void
push_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  MoniaSyncClient *self = MONIA_SYNC_CLIENT (source);
  g_autoptr(GTask) task = user_data;
  GPtrArray *batch = g_object_get_data (G_OBJECT (task), "batch");
  g_autoptr(GError) error = NULL;
  Reply *reply;
  JsonArray *results;

  reply = request_finish (self, result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (reply->status != SOUP_STATUS_OK)
    {
      g_task_return_error (task, refused_error (reply));
      reply_free (reply);
      return;
    }

  results = array_member (json_node_get_object (reply->root), "results");
  if (results == NULL || json_array_get_length (results) != batch->len)
    {
      reply_free (reply);
      g_task_return_error (task, server_failed ());
      return;
    }

  for (guint i = 0; i < batch->len; i++)
    {
      MoniaMutation *mutation = g_ptr_array_index (batch, i);
      JsonNode *node = json_array_get_element (results, i);
      JsonObject *entry = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *status = entry ? json_object_get_string_member_with_default (entry, "status", "") : "";
      gboolean ok = TRUE;

      if (entry == NULL ||
          g_strcmp0 (json_object_get_string_member_with_default (entry, "id", NULL),
                     monia_mutation_get_id (mutation)) != 0)
        {
          /* Out of step with what was sent: leave the rest for next time. */
          break;
        }

      if (g_str_equal (status, "applied") || g_str_equal (status, "conflict"))
        {
          gint64 base = monia_mutation_get_base_rev (mutation);
          gint64 rev = json_object_get_int_member_with_default (entry, "rev", 0);
          JsonArray *applied = array_member (entry, "applied");
          gboolean changed = applied != NULL && json_array_get_length (applied) > 0;
          gboolean alone = g_str_equal (status, "applied") &&
                           !json_object_get_boolean_member_with_default (entry, "duplicate", FALSE) &&
                           rev == base + (changed ? 1 : 0);

          ok = monia_store_mark_change_sent (self->store, monia_mutation_get_id (mutation),
                                             monia_mutation_get_kind (mutation),
                                             monia_mutation_get_record_id (mutation),
                                             base, rev, alone, &error);
        }
      else if (g_str_equal (status, "rejected"))
        {
          JsonObject *problem = object_member (entry, "error");
          const char *message = problem
            ? json_object_get_string_member_with_default (problem, "message", NULL) : NULL;

          g_debug ("change %s refused: %s", monia_mutation_get_id (mutation),
                   problem ? json_object_get_string_member_with_default (problem, "code", "?") : "?");
          ok = monia_store_mark_change_refused (self->store, monia_mutation_get_id (mutation),
                                                message ? message : _("The server refused the change."),
                                                &error);
        }
      if (!ok)
        {
          reply_free (reply);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  reply_free (reply);
  round_push (g_steal_pointer (&task));
}

static void
round_push (GTask *task_in)
{
  g_autoptr(GTask) task = task_in;  /* each step owns the round */
  MoniaSyncClient *self = g_task_get_source_object (task);
  Round *round = g_task_get_task_data (task);
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) monia_mutation_unref);
  g_autoptr(GHashTable) records = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonArray) mutations = json_array_new ();
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (!(round->flags & ROUND_PUSH))
    {
      round_resolutions (g_steal_pointer (&task));
      return;
    }

  pending = monia_store_get_pending_changes (self->store, PUSH_LIMIT, &error);
  if (pending == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < pending->len; i++)
    {
      MoniaMutation *mutation = g_ptr_array_index (pending, i);
      gboolean orphan;
      JsonObject *object;

      /* A second change of a record waits for the first one's answer: its
       * base is the revision that one makes. */
      if (g_hash_table_contains (records, monia_mutation_get_record_id (mutation)))
        break;
      object = mutation_to_json (self, mutation, &orphan);
      if (orphan)
        {
          json_object_unref (object);
          if (!monia_store_mark_change_refused (self->store, monia_mutation_get_id (mutation),
                                                _("This person is in no case, so the server cannot take them."),
                                                &error))
            {
              g_task_return_error (task, g_steal_pointer (&error));
              return;
            }
          continue;
        }
      g_hash_table_add (records, (gpointer) monia_mutation_get_record_id (mutation));
      json_array_add_object_element (mutations, object);
      g_ptr_array_add (batch, monia_mutation_ref (mutation));
    }

  if (batch->len == 0)
    {
      round_resolutions (g_steal_pointer (&task));
      return;
    }
  if (!round_count_request (task))
    return;

  round->pushed_any = TRUE;
  json_object_set_array_member (body, "mutations", g_steal_pointer (&mutations));
  root = json_node_init_object (json_node_alloc (), body);
  text = json_to_string (root, FALSE);
  g_object_set_data_full (G_OBJECT (task), "batch", g_steal_pointer (&batch), (GDestroyNotify) g_ptr_array_unref);
  request_async (self, "POST", "/v1/push", text, NULL, push_done,
                 g_steal_pointer (&task));
}

static void
resolution_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  MoniaSyncClient *self = MONIA_SYNC_CLIENT (source);
  g_autoptr(GTask) task = user_data;
  const char *id = g_object_get_data (G_OBJECT (task), "conflict");
  g_autoptr(GError) error = NULL;
  Reply *reply = request_finish (self, result, &error);

  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Done, or a conflict the server no longer shows this account: either
   * way there is nothing more to send. */
  if (reply->status != SOUP_STATUS_OK && reply->status != 404 && reply->status != 403 &&
      reply->status != 204)
    {
      g_task_return_error (task, refused_error (reply));
      reply_free (reply);
      return;
    }
  reply_free (reply);
  if (!monia_store_mark_resolution_sent (self->store, id, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  round_resolutions (g_steal_pointer (&task));
}

static void
round_resolutions (GTask *task_in)
{
  g_autoptr(GTask) task = task_in;  /* each step owns the round */
  MoniaSyncClient *self = g_task_get_source_object (task);
  Round *round = g_task_get_task_data (task);
  g_auto(GStrv) pending = monia_store_get_pending_resolutions (self->store);
  g_autofree char *path = NULL;

  if (pending == NULL || pending[0] == NULL)
    {
      if (round->flags & ROUND_FULL)
        round_case_list (g_steal_pointer (&task));
      else
        round_pull (g_steal_pointer (&task));
      return;
    }
  if (!round_count_request (task))
    return;
  g_object_set_data_full (G_OBJECT (task), "conflict", g_strdup (pending[0]), g_free);
  path = g_strdup_printf ("/v1/conflicts/%s/resolve", pending[0]);
  request_async (self, "POST", path, "{}", NULL, resolution_done,
                 g_steal_pointer (&task));
}

static void
add_feed (Round      *round,
          const char *feed)
{
  for (guint i = 0; i < round->feeds->len; i++)
    if (g_str_equal (g_ptr_array_index (round->feeds, i), feed))
      return;
  g_ptr_array_add (round->feeds, g_strdup (feed));
}

static void
case_list_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  MoniaSyncClient *self = MONIA_SYNC_CLIENT (source);
  g_autoptr(GTask) task = user_data;
  Round *round = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *role = NULL;
  Reply *reply;
  JsonObject *object;
  JsonArray *cases, *revoked;

  reply = request_finish (self, result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (reply->status != SOUP_STATUS_OK)
    {
      /* Leads see no case contents: only the directory. */
      if (reply->status != 403)
        {
          g_task_return_error (task, refused_error (reply));
          reply_free (reply);
          return;
        }
      reply_free (reply);
      add_feed (round, MONIA_FEED_DIRECTORY);
      round_pull (g_steal_pointer (&task));
      return;
    }

  object = json_node_get_object (reply->root);
  cases = array_member (object, "cases");
  revoked = array_member (object, "revoked");
  if (cases == NULL)
    {
      reply_free (reply);
      g_task_return_error (task, server_failed ());
      return;
    }

  /* Cases this account may no longer see go first, with all in them. */
  for (guint i = 0; revoked != NULL && i < json_array_get_length (revoked); i++)
    {
      const char *id = string_element (revoked, i);

      if (id != NULL && g_uuid_string_is_valid (id) &&
          !monia_store_drop_case (self->store, id, &error))
        {
          reply_free (reply);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  add_feed (round, MONIA_FEED_DIRECTORY);
  role = monia_store_get_sync_setting (self->store, "role");
  if (g_strcmp0 (role, "intake") == 0 || g_strcmp0 (role, "admin") == 0)
    add_feed (round, MONIA_FEED_INBOX);

  /* In the server's order: the nearest deadline first. */
  for (guint i = 0; i < json_array_get_length (cases); i++)
    {
      JsonNode *node = json_array_get_element (cases, i);
      JsonObject *entry = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *id = entry ? json_object_get_string_member_with_default (entry, "id", NULL) : NULL;
      gint64 seq = entry ? json_object_get_int_member_with_default (entry, "seq", 0) : 0;

      if (id == NULL || !g_uuid_string_is_valid (id))
        continue;
      if (seq != monia_store_get_feed_seq (self->store, id))
        add_feed (round, id);
    }
  reply_free (reply);
  round_pull (g_steal_pointer (&task));
}

static void
round_case_list (GTask *task_in)
{
  g_autoptr(GTask) task = task_in;  /* each step owns the round */
  MoniaSyncClient *self = g_task_get_source_object (task);

  if (!round_count_request (task))
    return;
  request_async (self, "GET", "/v1/cases", NULL, NULL, case_list_done,
                 g_steal_pointer (&task));
}

static void pull_next (GTask *task);

/* Moves @items back to the head of the queue, in their order. */
static void
requeue (Round     *round,
         GPtrArray *items)
{
  for (guint i = items->len; i > 0; i--)
    {
      PullItem *item = g_ptr_array_index (items, i - 1);

      g_queue_push_head (&round->to_pull, item);
      items->pdata[i - 1] = NULL;
    }
}

static gboolean
apply_next (gpointer user_data)
{
  GTask *task = user_data;
  MoniaSyncClient *self = g_task_get_source_object (task);
  Round *round = g_task_get_task_data (task);
  Apply *apply = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  /* Writing holds the main thread: the next request goes out first, so
   * the server works on it meanwhile. */
  if (round->n_unwritten > 0)
    {
      round->apply_source = 0;
      return G_SOURCE_REMOVE;
    }
  if (!round->returned)
    apply = g_queue_peek_head (&round->to_apply);

  if (apply == NULL)
    {
      round->apply_source = 0;
      pull_next (task);
      return G_SOURCE_REMOVE;
    }

  if (apply->drop_case != NULL)
    {
      ok = monia_store_drop_case (self->store, apply->drop_case, &error);
      apply_free (g_queue_pop_head (&round->to_apply));
    }
  else
    {
      JsonArray *pages = array_member (json_node_get_object (apply->reply->root), "pages");
      guint n_pages = json_array_get_length (pages);
      g_autofree MoniaRemotePage *remote = g_new0 (MoniaRemotePage, MAX (n_pages, 1));
      guint first = apply->next_page, n = 0, rows = 0;

      /* Some hundreds of records at a time, each lot in one transaction: the
       * window stays responsive, and the next answer is read meanwhile.
       * pull_done() checked the shape of each page. */
      while (first + n < n_pages && (n == 0 || rows < (self->first_pull ? APPLY_ROWS_FIRST_PULL : APPLY_ROWS)))
        {
          JsonNode *page = json_array_get_element (pages, first + n);

          /* Cannot fail: pull_done() read each page for what was asked. */
          monia_wire_page_read (page, json_object_get_string_member (json_node_get_object (page), "feed"),
                                G_MININT64, &remote[n]);
          rows += json_array_get_length (remote[n].changes);
          n++;
        }
      self->applying = TRUE;
      ok = monia_store_apply_remote_pages (self->store, remote, n, &error);
      self->applying = FALSE;
      if (ok)
        self->n_pulled += rows;
      apply->next_page = first + n;
      if (apply->next_page >= n_pages)
        {
          apply_free (g_queue_pop_head (&round->to_apply));
          /* Room for another answer. */
          if (ok && !g_queue_is_empty (&round->to_pull))
            pull_next (task);
        }
    }

  if (!ok)
    {
      round->apply_source = 0;
      round_return (task, g_steal_pointer (&error));
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
schedule_apply (GTask *task)
{
  Round *round = g_task_get_task_data (task);

  if (round->apply_source == 0 && !round->returned && !g_queue_is_empty (&round->to_apply))
    round->apply_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, apply_next,
                                           g_object_ref (task), g_object_unref);
}

static void
queue_apply (GTask *task,
             Apply *apply)
{
  Round *round = g_task_get_task_data (task);

  g_queue_push_tail (&round->to_apply, apply);
  schedule_apply (task);
}

/* A pull request out, and the feeds it asked for. */
typedef struct
{
  GTask       *task;      /* the round's */
  SoupMessage *msg;
  GPtrArray   *asked;     /* PullItem */
  gboolean     written;
} PullRequest;

static void
pull_request_free (PullRequest *request)
{
  if (request->msg != NULL)
    g_signal_handlers_disconnect_by_data (request->msg, request);
  g_clear_object (&request->msg);
  g_clear_pointer (&request->asked, g_ptr_array_unref);
  g_clear_object (&request->task);
  g_free (request);
}

static void
mark_written (PullRequest *request)
{
  Round *round = g_task_get_task_data (request->task);

  if (request->written)
    return;
  request->written = TRUE;
  round->n_unwritten--;
}

static void
on_pull_written (SoupMessage *msg,
                 PullRequest *request)
{
  mark_written (request);
  schedule_apply (request->task);
}

/* The pages of a pull's answer, each checked against what was asked; NULL
 * when the answer does not fit the request. */
static JsonArray *
check_pages (Reply     *reply,
             GPtrArray *asked)
{
  JsonArray *pages = array_member (json_node_get_object (reply->root), "pages");
  guint n;

  if (pages == NULL)
    return NULL;
  n = json_array_get_length (pages);
  if (n > asked->len || (n == 0 && asked->len > 0))
    return NULL;
  for (guint i = 0; i < n; i++)
    {
      PullItem *item = g_ptr_array_index (asked, i);
      MoniaRemotePage page;

      if (!monia_wire_page_read (json_array_get_element (pages, i), item->feed, item->since, &page))
        return NULL;
    }
  return pages;
}

static void
pull_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  MoniaSyncClient *self = MONIA_SYNC_CLIENT (source);
  PullRequest *request = user_data;
  g_autoptr(GTask) task = g_object_ref (request->task);
  Round *round = g_task_get_task_data (task);
  g_autoptr(GPtrArray) asked = g_steal_pointer (&request->asked);
  g_autoptr(GPtrArray) again = g_ptr_array_new_with_free_func ((GDestroyNotify) pull_item_free);
  g_autoptr(GError) error = NULL;
  Reply *reply;
  JsonArray *pages;
  guint n_pages;

  reply = request_finish (self, result, &error);
  mark_written (request);
  round->n_out--;
  pull_request_free (request);
  if (round->returned)
    {
      g_clear_pointer (&reply, reply_free);
      return;
    }
  if (reply == NULL)
    {
      round_return (task, g_steal_pointer (&error));
      return;
    }

  if (reply->status != SOUP_STATUS_OK)
    {
      JsonObject *problem = reply->root && JSON_NODE_HOLDS_OBJECT (reply->root)
        ? object_member (json_node_get_object (reply->root), "error") : NULL;
      const char *feed = problem ? json_object_get_string_member_with_default (problem, "feed", NULL) : NULL;
      const char *code = error_code (reply->root);
      gboolean found = FALSE;

      /* One feed may not be read: drop it if the case is lost to this
       * account, and ask again for the others. */
      for (guint i = 0; feed != NULL && i < asked->len && !found; i++)
        {
          PullItem *item = g_ptr_array_index (asked, i);

          if (!g_str_equal (item->feed, feed))
            continue;
          found = TRUE;
          if (g_strcmp0 (code, "access_lost") == 0 && monia_feed_is_case (feed))
            {
              Apply *apply = g_new0 (Apply, 1);

              apply->drop_case = g_strdup (feed);
              queue_apply (task, apply);
            }
          g_ptr_array_remove_index (asked, i);
        }
      if (!found)
        {
          round_return (task, refused_error (reply));
          reply_free (reply);
          return;
        }
      reply_free (reply);
      requeue (round, asked);
      pull_next (task);
      return;
    }

  pages = check_pages (reply, asked);
  if (pages == NULL)
    {
      reply_free (reply);
      round_return (task, server_failed ());
      return;
    }

  /* What is still to come is asked for first next time, in order. */
  n_pages = json_array_get_length (pages);
  for (guint i = 0; i < asked->len; i++)
    {
      PullItem *item = g_ptr_array_index (asked, i);

      if (i < n_pages)
        {
          JsonObject *page = json_array_get_object_element (pages, i);
          gint64 seq = json_object_get_int_member (page, "seq");

          if (!json_object_get_boolean_member_with_default (page, "more", FALSE))
            continue;
          if (seq == item->since)
            {
              /* "More", but not a step further: it would never end. */
              reply_free (reply);
              round_return (task, server_failed ());
              return;
            }
          item->since = seq;
        }
      g_ptr_array_add (again, item);
      asked->pdata[i] = NULL;
    }
  requeue (round, again);

  {
    Apply *apply = g_new0 (Apply, 1);

    apply->reply = reply;
    queue_apply (task, apply);
  }
  pull_next (task);
}

/* Sends the next requests while there is room; ends the round once
 * everything asked for is written. */
static void
pull_next (GTask *task)
{
  MoniaSyncClient *self = g_task_get_source_object (task);
  Round *round = g_task_get_task_data (task);

  if (round->returned)
    return;
  if (g_queue_is_empty (&round->to_pull))
    {
      if (round->n_out == 0 && g_queue_is_empty (&round->to_apply))
        round_return (task, NULL);
      else
        schedule_apply (task);
      return;
    }

  while (!round->returned && !g_queue_is_empty (&round->to_pull) &&
         round->n_out < PULLS_OUT && round->n_out + g_queue_get_length (&round->to_apply) < ANSWERS_WAITING)
    {
      g_autoptr(GString) body = g_string_new ("{\"feeds\":[");
      PullRequest *request;

      if (!round_count_request (task))
        return;
      request = g_new0 (PullRequest, 1);
      request->task = g_object_ref (task);
      request->asked = g_ptr_array_new_with_free_func ((GDestroyNotify) pull_item_free);
      while (request->asked->len < PULL_FEEDS && !g_queue_is_empty (&round->to_pull))
        {
          PullItem *item = g_queue_pop_head (&round->to_pull);

          /* Feed names are case uuids, "directory" or "inbox": nothing to escape. */
          g_string_append_printf (body, "%s{\"feed\":\"%s\",\"since\":%" G_GINT64_FORMAT "}",
                                  request->asked->len > 0 ? "," : "", item->feed, item->since);
          g_ptr_array_add (request->asked, item);
        }
      g_string_append_printf (body, "],\"limit\":%d}", PULL_LIMIT);
      round->n_out++;
      round->n_unwritten++;
      /* The request holds the round until it is done. */
      request->msg = request_async (self, "POST", "/v1/pull", body->str, NULL, pull_done, request);
      if (request->msg != NULL)
        {
          g_object_ref (request->msg);
          g_signal_connect (request->msg, "wrote-body", G_CALLBACK (on_pull_written), request);
        }
    }
}

static void
round_pull (GTask *task_in)
{
  g_autoptr(GTask) task = task_in;  /* each step owns the round */
  MoniaSyncClient *self = g_task_get_source_object (task);
  Round *round = g_task_get_task_data (task);

  if (!round->pull_started)
    {
      g_autoptr(GError) error = NULL;

      round->pull_started = TRUE;
      if ((round->flags & ROUND_FULL) && !self->first_pull &&
          !monia_store_begin_first_pull (self->store, &self->first_pull, &error))
        {
          round_return (task, g_steal_pointer (&error));
          return;
        }
      for (guint i = 0; i < round->feeds->len; i++)
        {
          PullItem *item = g_new0 (PullItem, 1);

          item->feed = g_strdup (g_ptr_array_index (round->feeds, i));
          item->since = monia_store_get_feed_seq (self->store, item->feed);
          g_queue_push_tail (&round->to_pull, item);
        }
    }
  pull_next (task);
}

/* Reading the token from the keyring ---------------------------------------- */

static void
token_looked_up (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MoniaSyncClient *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  char *token = secret_password_lookup_finish (result, &error);

  if (token == NULL)
    {
      if (error != NULL)
        g_debug ("keyring: %s", error->message);
      g_task_return_new_error (task, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_LOGIN_NEEDED,
                               _("Log in to sync: no saved login was found in the keyring."));
      return;
    }
  g_free (self->token);
  self->token = g_strdup (token);
  secret_password_free (token);
  round_push (g_steal_pointer (&task));
}

static void
run_round (MoniaSyncClient     *self,
           RoundFlags           flags,
           GPtrArray           *feeds,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = monia_store_get_sync_setting (self->store, "server_url");
  g_autofree char *login = monia_store_get_sync_setting (self->store, "login");
  g_autofree char *account = monia_store_get_sync_setting (self->store, "account_id");
  Round *round = g_new0 (Round, 1);

  round->flags = flags;
  round->feeds = feeds ? g_ptr_array_ref (feeds) : g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, round, (GDestroyNotify) round_free);

  if (!check_syncable (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (url == NULL || login == NULL)
    {
      g_task_return_new_error (task, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_NOT_SET_UP,
                               _("No server has been chosen. Log in to your region’s Monia server first."));
      return;
    }
  if (account != NULL && g_strcmp0 (monia_store_get_author (self->store), account) != 0)
    monia_store_set_author (self->store, account);

  if (self->token == NULL)
    {
      if (!self->use_keyring)
        {
          g_task_return_new_error (task, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_LOGIN_NEEDED,
                                   _("Your login has expired. Log in again to sync."));
          return;
        }
      secret_password_lookup (token_schema (), NULL, token_looked_up, g_steal_pointer (&task),
                              "server", url, "login", login, NULL);
      return;
    }
  round_push (g_steal_pointer (&task));
}

/* Scheduling rounds ------------------------------------------------------- */

static guint
jittered (guint seconds)
{
  /* ±20 %, so many desktops do not come back all at once. */
  return (guint) (seconds * 1000 * g_random_double_range (0.8, 1.2));
}

static gboolean
retry_now (gpointer user_data)
{
  MoniaSyncClient *self = user_data;

  self->retry_source = 0;
  self->next_flags |= ROUND_PUSH | ROUND_FULL;
  start_round_if_idle (self);
  return G_SOURCE_REMOVE;
}

static void
round_finished (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  MoniaSyncClient *self = MONIA_SYNC_CLIENT (source);
  Round *round = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) waiting = NULL;
  gboolean full = round->flags & ROUND_FULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  self->round_running = FALSE;

  /* Whether it went well or not, the store gets its indexes back. */
  if (self->first_pull)
    {
      g_autoptr(GError) end_error = NULL;

      self->first_pull = FALSE;
      if (!monia_store_end_first_pull (self->store, &end_error) && ok)
        {
          ok = FALSE;
          error = g_steal_pointer (&end_error);
        }
    }

  if (ok)
    {
      if (full)
        {
          g_autofree char *now = NULL;

          self->last_synced = g_get_real_time () / G_USEC_PER_SEC;
          now = g_strdup_printf ("%" G_GINT64_FORMAT, self->last_synced);
          monia_store_set_sync_setting (self->store, "last_synced", now, NULL);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNCED]);
        }
      self->backoff_s = BACKOFF_MIN_S;
      set_state (self, MONIA_SYNC_STATE_IDLE, NULL);
      if (self->running && self->live == NULL && self->live_cancellable == NULL)
        connect_live (self);
    }
  else
    {
      set_state_from_error (self, error);
      if (g_error_matches (error, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_LOGIN_NEEDED))
        g_clear_pointer (&self->token, g_free);
      if (self->running && self->retry_source == 0 &&
          (g_error_matches (error, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_OFFLINE) ||
           g_error_matches (error, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_SERVER)))
        {
          self->retry_source = g_timeout_add (jittered (self->backoff_s), retry_now, self);
          self->backoff_s = MIN (self->backoff_s * 2, BACKOFF_MAX_S);
        }
    }

  /* Callers of sync_async waited for a full round. */
  if (full)
    {
      waiting = g_steal_pointer (&self->waiting_full);
      self->waiting_full = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < waiting->len; i++)
        {
          GTask *task = g_ptr_array_index (waiting, i);

          if (ok)
            g_task_return_boolean (task, TRUE);
          else
            g_task_return_error (task, g_error_copy (error));
        }
    }

  start_round_if_idle (self);
}

static void
start_round_if_idle (MoniaSyncClient *self)
{
  g_autoptr(GPtrArray) feeds = NULL;
  GHashTableIter iter;
  gpointer key;
  RoundFlags flags;

  if (self->round_running)
    return;

  /* Whoever asked while the last round ran is owed this one. */
  g_ptr_array_extend_and_steal (self->waiting_full, g_steal_pointer (&self->waiting_next));
  self->waiting_next = g_ptr_array_new_with_free_func (g_object_unref);

  /* A full round is owed to someone waiting. */
  if (self->waiting_full->len > 0)
    self->next_flags |= ROUND_PUSH | ROUND_FULL;
  if (self->next_flags == 0 && g_hash_table_size (self->next_feeds) == 0)
    return;

  flags = self->next_flags | ROUND_PUSH;
  feeds = g_ptr_array_new_with_free_func (g_free);
  if (!(flags & ROUND_FULL))
    {
      g_hash_table_iter_init (&iter, self->next_feeds);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_ptr_array_add (feeds, g_strdup (key));
      flags |= ROUND_FEEDS;
    }
  g_hash_table_remove_all (self->next_feeds);
  self->next_flags = 0;

  if (flags & ROUND_FULL)
    set_state (self, MONIA_SYNC_STATE_SYNCING, NULL);
  self->round_running = TRUE;
  run_round (self, flags, feeds, round_finished, NULL);
}

void
monia_sync_client_sync_async (MoniaSyncClient     *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (MONIA_IS_SYNC_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, monia_sync_client_sync_async);
  /* A round already running may have read the outbox before this call:
   * wait for the one after it. */
  if (self->round_running)
    g_ptr_array_add (self->waiting_next, task);
  else
    g_ptr_array_add (self->waiting_full, task);
  start_round_if_idle (self);
}

gboolean
monia_sync_client_sync_finish (MoniaSyncClient  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Keeping in step --------------------------------------------------------- */

static gboolean
push_soon (gpointer user_data)
{
  MoniaSyncClient *self = user_data;

  self->push_source = 0;
  self->next_flags |= ROUND_PUSH;
  start_round_if_idle (self);
  return G_SOURCE_REMOVE;
}

static void
on_committed (MoniaSyncClient *self)
{
  if (!self->running || self->applying || self->push_source != 0)
    return;
  {
    g_auto(GStrv) resolutions = monia_store_get_pending_resolutions (self->store);

    if (monia_store_count_pending_changes (self->store) <= 0 &&
        (resolutions == NULL || resolutions[0] == NULL))
      return;
  }
  /* Saves made in one go (one handler, one dialog) leave in one push; the
   * app itself waits for a pause in typing before it saves. */
  self->push_source = g_idle_add (push_soon, self);
}

static gboolean
periodic_sync (gpointer user_data)
{
  MoniaSyncClient *self = user_data;

  self->next_flags |= ROUND_PUSH | ROUND_FULL;
  start_round_if_idle (self);
  return G_SOURCE_CONTINUE;
}

static void live_closed (MoniaSyncClient *self);

static void
on_live_message (SoupWebsocketConnection *connection,
                 int                      type,
                 GBytes                  *message,
                 MoniaSyncClient         *self)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size = 0;
  const char *data = g_bytes_get_data (message, &size);
  JsonObject *object;
  const char *feed;
  gint64 seq;

  if (type != SOUP_WEBSOCKET_DATA_TEXT || size > 4096 ||
      !monia_json_check_text (data, size, 4096, NULL) ||
      !json_parser_load_from_data (parser, data, (gssize) size, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  object = json_node_get_object (json_parser_get_root (parser));
  feed = json_object_get_string_member_with_default (object, "feed", NULL);
  seq = json_object_get_int_member_with_default (object, "seq", 0);
  if (feed == NULL || (monia_feed_is_case (feed) && !g_uuid_string_is_valid (feed)) ||
      seq <= monia_store_get_feed_seq (self->store, feed))
    return;

  g_hash_table_add (self->next_feeds, g_strdup (feed));
  start_round_if_idle (self);
}

static void
on_live_closed (SoupWebsocketConnection *connection,
                MoniaSyncClient         *self)
{
  live_closed (self);
}

static void
live_closed (MoniaSyncClient *self)
{
  if (self->live != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->live, self);
      g_clear_object (&self->live);
    }
  if (self->running && self->retry_source == 0)
    {
      /* Something may have been missed while the channel was down. */
      self->retry_source = g_timeout_add (jittered (self->backoff_s), retry_now, self);
      self->backoff_s = MIN (self->backoff_s * 2, BACKOFF_MAX_S);
    }
}

static void
live_connected (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  MoniaSyncClient *self = user_data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *connection;

  connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  g_clear_object (&self->live_cancellable);
  if (connection == NULL)
    {
      g_debug ("live channel: %s", error->message);
      live_closed (self);
      g_object_unref (self);
      return;
    }

  self->live = connection;
  soup_websocket_connection_set_keepalive_interval (connection, 30);
  soup_websocket_connection_set_max_incoming_payload_size (connection, 4096);
  g_signal_connect (connection, "message", G_CALLBACK (on_live_message), self);
  g_signal_connect (connection, "closed", G_CALLBACK (on_live_closed), self);
  /* What changed between the last round's case list and now came with no
   * notice: one more look at the list catches it. */
  self->next_flags |= ROUND_FULL;
  start_round_if_idle (self);
  g_object_unref (self);
}

static void
connect_live (MoniaSyncClient *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) msg = new_message (self, NULL, "GET", "/v1/live", NULL, &error);

  if (msg == NULL || self->token == NULL)
    return;
  self->live_cancellable = g_cancellable_new ();
  soup_session_websocket_connect_async (self->live_session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->live_cancellable, live_connected, g_object_ref (self));
}

void
monia_sync_client_start (MoniaSyncClient *self)
{
  g_return_if_fail (MONIA_IS_SYNC_CLIENT (self));

  if (self->running || monia_store_is_demo (self->store))
    return;
  self->running = TRUE;
  self->committed_handler = g_signal_connect_swapped (self->store, "committed",
                                                      G_CALLBACK (on_committed), self);
  self->periodic_source = g_timeout_add_seconds (FULL_SYNC_INTERVAL_S, periodic_sync, self);
  self->next_flags |= ROUND_PUSH | ROUND_FULL;
  start_round_if_idle (self);
}

void
monia_sync_client_stop (MoniaSyncClient *self)
{
  g_return_if_fail (MONIA_IS_SYNC_CLIENT (self));

  self->running = FALSE;
  g_clear_signal_handler (&self->committed_handler, self->store);
  g_clear_handle_id (&self->push_source, g_source_remove);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_handle_id (&self->periodic_source, g_source_remove);
  if (self->live_cancellable != NULL)
    {
      g_cancellable_cancel (self->live_cancellable);
      g_clear_object (&self->live_cancellable);
    }
  if (self->live != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->live, self);
      if (soup_websocket_connection_get_state (self->live) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->live, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
      g_clear_object (&self->live);
    }
}

/* The lead's feed --------------------------------------------------------- */

static void
lead_feed_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  Reply *reply = request_finish (MONIA_SYNC_CLIENT (source), result, &error);

  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (reply->status != SOUP_STATUS_OK)
    g_task_return_error (task, refused_error (reply));
  else
    g_task_return_pointer (task, json_node_ref (reply->root), (GDestroyNotify) json_node_unref);
  reply_free (reply);
}

void
monia_sync_client_fetch_lead_feed_async (MoniaSyncClient     *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (MONIA_IS_SYNC_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, monia_sync_client_fetch_lead_feed_async);
  if (!check_syncable (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* The token is the one the last sync round found (in the keyring). */
  if (self->token == NULL)
    {
      g_task_return_new_error (task, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_LOGIN_NEEDED,
                               _("Log in to see your teams’ figures."));
      return;
    }
  request_async (self, "GET", "/v1/lead/cases", NULL, cancellable, lead_feed_done, g_steal_pointer (&task));
}

JsonNode *
monia_sync_client_fetch_lead_feed_finish (MoniaSyncClient  *self,
                                          GAsyncResult     *result,
                                          GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
