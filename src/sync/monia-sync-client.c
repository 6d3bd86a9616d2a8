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
 * This file makes the client and keeps its state; its other jobs are in
 * monia-sync-client-*.c (see monia-sync-client-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "monia-sync-client-private.h"

#define REQUEST_TIMEOUT_S 60

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

G_DEFINE_FINAL_TYPE (MoniaSyncClient, monia_sync_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_MESSAGE,
  PROP_LAST_SYNCED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* State ------------------------------------------------------------------- */

void
_monia_sync_client_set_state (MoniaSyncClient *self,
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

void
_monia_sync_client_set_state_from_error (MoniaSyncClient *self,
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
  _monia_sync_client_set_state (self, state, error->message);
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

/* A full round went well: the time shows, and is kept for the next start. */
void
_monia_sync_client_set_last_synced_now (MoniaSyncClient *self)
{
  g_autofree char *now = NULL;

  self->last_synced = g_get_real_time () / G_USEC_PER_SEC;
  now = g_strdup_printf ("%" G_GINT64_FORMAT, self->last_synced);
  monia_store_set_sync_setting (self->store, "last_synced", now, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNCED]);
}

gboolean
_monia_sync_client_check_syncable (MoniaSyncClient  *self,
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

/* The lead's feed --------------------------------------------------------- */

static void
lead_feed_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  Reply *reply = _monia_sync_client_request_finish (MONIA_SYNC_CLIENT (source), result, &error);

  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (reply->status != SOUP_STATUS_OK)
    g_task_return_error (task, _monia_sync_client_refused_error (reply));
  else
    g_task_return_pointer (task, json_node_ref (reply->root), (GDestroyNotify) json_node_unref);
  _monia_sync_client_reply_free (reply);
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
  if (!_monia_sync_client_check_syncable (self, &error))
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
  _monia_sync_client_request_async (self, "GET", "/v1/lead/cases", NULL, cancellable, lead_feed_done,
                                    g_steal_pointer (&task));
}

JsonNode *
monia_sync_client_fetch_lead_feed_finish (MoniaSyncClient  *self,
                                          GAsyncResult     *result,
                                          GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
