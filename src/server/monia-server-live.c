/* monia-server-live.c — live notices: the WebSocket, long-polls, and what each account may be told
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-server-live"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "monia-error.h"
#include "monia-json-check.h"
#include "monia-protocol.h"
#include "monia-server-private.h"

/* Live notices */

static JsonObject *
notice_object (const char *feed,
               gint64      seq)
{
  JsonObject *notice = json_object_new ();

  json_object_set_string_member (notice, "feed", feed);
  json_object_set_int_member (notice, "seq", seq);
  return notice;
}

void
_monia_server_waiter_free (Waiter *waiter)
{
  _monia_server_clear_timeout (waiter->server, &waiter->timeout_id);
  g_clear_signal_handler (&waiter->disconnected_id, waiter->msg);
  g_clear_object (&waiter->msg);
  monia_server_account_free (waiter->account);
  g_free (waiter->token_hash);
  g_free (waiter);
}

/* The notices after @after that @account may see, newest seq per feed. */
static JsonArray *
visible_notices (MoniaServer        *self,
                 MoniaServerAccount *account,
                 guint64             after)
{
  JsonArray *notices = json_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint64 first = self->next_notice > RING_SIZE ? self->next_notice - RING_SIZE : 0;

  for (guint64 n = MAX (after, first); n < self->next_notice; n++)
    {
      Notice *notice = &self->ring[n % RING_SIZE];
      gint64 seq;

      if (notice->feed == NULL || g_hash_table_contains (seen, notice->feed))
        continue;
      g_hash_table_add (seen, notice->feed);
      seq = monia_server_store_case_seq (self->store, account, notice->feed);
      if (seq >= 0)
        json_array_add_object_element (notices, notice_object (notice->feed, seq));
    }
  return notices;
}

static void
reply_notices (MoniaServer        *self,
               SoupServerMessage  *msg,
               JsonArray          *notices,
               gboolean            reset)
{
  JsonObject *reply = json_object_new ();

  json_object_set_string_member (reply, "epoch", self->epoch);
  json_object_set_int_member (reply, "next", (gint64) self->next_notice);
  json_object_set_boolean_member (reply, "reset", reset);
  json_object_set_array_member (reply, "notices", notices);
  _monia_server_reply_object (msg, SOUP_STATUS_OK, reply);
  json_object_unref (reply);
}

void
_monia_server_finish_waiter (MoniaServer *self,
                             Waiter      *waiter,
                             JsonArray   *notices)
{
  /* A token that stopped working while it waited gets no notices. */
  if (monia_server_store_token_expiry (self->store, waiter->token_hash) <= g_get_real_time () / G_USEC_PER_SEC)
    {
      json_array_unref (notices);
      soup_message_headers_replace (soup_server_message_get_response_headers (waiter->msg),
                                    "WWW-Authenticate", "Bearer");
      _monia_server_reply_error (waiter->msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                                 _("The session has ended. Log in again."));
    }
  else
    reply_notices (self, waiter->msg, notices, FALSE);
  soup_server_message_unpause (waiter->msg);
  g_ptr_array_remove (self->waiters, waiter);
}

void
_monia_server_notify_feeds (MoniaServer *self,
                            GPtrArray   *feeds)
{
  for (guint i = 0; i < feeds->len; i++)
    {
      Notice *slot = &self->ring[self->next_notice % RING_SIZE];

      g_free (slot->feed);
      slot->feed = g_strdup (feeds->pdata[i]);
      slot->number = self->next_notice++;
    }

  for (guint c = 0; c < self->live_clients->len; c++)
    {
      LiveClient *client = self->live_clients->pdata[c];

      if (soup_websocket_connection_get_state (client->connection) != SOUP_WEBSOCKET_STATE_OPEN)
        continue;
      for (guint i = 0; i < feeds->len; i++)
        {
          gint64 seq = monia_server_store_case_seq (self->store, client->account, feeds->pdata[i]);
          g_autoptr(JsonNode) node = NULL;
          g_autofree char *text = NULL;

          if (seq < 0)
            continue;
          node = json_node_init_object (json_node_alloc (), notice_object (feeds->pdata[i], seq));
          json_object_unref (json_node_get_object (node));
          text = json_to_string (node, FALSE);
          soup_websocket_connection_send_text (client->connection, text);
        }
    }

  /* Bounded: each pass removes the waiter it answers. */
  for (guint w = self->waiters->len; w > 0; w--)
    {
      Waiter *waiter = self->waiters->pdata[w - 1];
      JsonArray *notices = visible_notices (self, waiter->account, waiter->after);

      if (json_array_get_length (notices) > 0)
        _monia_server_finish_waiter (self, waiter, notices);
      else
        json_array_unref (notices);
    }
}

static gboolean
waiter_timeout_cb (gpointer data)
{
  Waiter *waiter = data;

  waiter->timeout_id = 0;
  _monia_server_finish_waiter (waiter->server, waiter, json_array_new ());
  return G_SOURCE_REMOVE;
}

static void
waiter_disconnected_cb (SoupServerMessage *msg,
                        Waiter            *waiter)
{
  g_clear_signal_handler (&waiter->disconnected_id, waiter->msg);
  g_ptr_array_remove (waiter->server->waiters, waiter);
}

void
_monia_server_handle_notices (MoniaServer        *self,
                              SoupServerMessage  *msg,
                              GHashTable         *query,
                              MoniaServerAccount *account)
{
  const char *epoch = query ? g_hash_table_lookup (query, "epoch") : NULL;
  const char *after_text = query ? g_hash_table_lookup (query, "after") : NULL;
  const char *wait_text = query ? g_hash_table_lookup (query, "wait") : NULL;
  guint64 after = 0, wait = 25;
  JsonArray *notices;
  Waiter *waiter;

  if ((after_text != NULL && !g_ascii_string_to_unsigned (after_text, 10, 0, G_MAXUINT64, &after, NULL)) ||
      (wait_text != NULL && !g_ascii_string_to_unsigned (wait_text, 10, 0, MONIA_SERVER_MAX_POLL_WAIT, &wait, NULL)))
    {
      _monia_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                 _("“after” and “wait” must be whole numbers (wait at most 60 seconds)."));
      return;
    }

  /* Another epoch: the server restarted and its notice numbers began anew. */
  if ((epoch != NULL && g_strcmp0 (epoch, self->epoch) != 0) || after > self->next_notice)
    {
      reply_notices (self, msg, json_array_new (), TRUE);
      return;
    }

  notices = visible_notices (self, account, after);
  if (json_array_get_length (notices) > 0 || wait == 0)
    {
      reply_notices (self, msg, notices, FALSE);
      return;
    }
  json_array_unref (notices);

  waiter = g_new0 (Waiter, 1);
  waiter->server = self;
  waiter->msg = g_object_ref (msg);
  waiter->account = g_memdup2 (account, sizeof *account);
  waiter->account->id = g_strdup (account->id);
  waiter->account->login = g_strdup (account->login);
  waiter->account->name = g_strdup (account->name);
  waiter->account->org = g_strdup (account->org);
  waiter->account->team = g_strdup (account->team);
  waiter->account->team_id = g_strdup (account->team_id);
  waiter->token_hash = monia_server_token_hash (_monia_server_bearer_token (msg));
  waiter->after = after;
  waiter->timeout_id = _monia_server_add_timeout (self, g_timeout_source_new_seconds ((guint) wait), waiter_timeout_cb, waiter);
  waiter->disconnected_id = g_signal_connect (msg, "disconnected", G_CALLBACK (waiter_disconnected_cb), waiter);
  g_ptr_array_add (self->waiters, waiter);
  soup_server_message_pause (msg);
}

void
_monia_server_live_client_free (LiveClient *client)
{
  _monia_server_clear_timeout (client->server, &client->expiry_id);
  g_signal_handlers_disconnect_by_data (client->connection, client);
  g_clear_object (&client->connection);
  monia_server_account_free (client->account);
  g_free (client->token_hash);
  g_free (client);
}

/* Nothing is sent on a socket after this: _monia_server_notify_feeds() skips all but
 * open ones. It leaves the list once closed. */
static void
close_live_client (LiveClient *client,
                   const char *reason)
{
  _monia_server_clear_timeout (client->server, &client->expiry_id);
  if (soup_websocket_connection_get_state (client->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (client->connection, MONIA_SERVER_LIVE_CLOSE_SESSION_ENDED, reason);
}

/* Closes the sockets opened with @token_hash, or (with NULL) those of
 * @account_id whose token does not work any more. */
void
_monia_server_close_live_clients (MoniaServer *self,
                                  const char  *token_hash,
                                  const char  *account_id,
                                  const char  *reason)
{
  /* Backwards: a socket that closes at once leaves the list at once. */
  for (guint i = self->live_clients->len; i > 0; i--)
    {
      LiveClient *client = self->live_clients->pdata[i - 1];

      if (token_hash != NULL ? g_str_equal (client->token_hash, token_hash)
                             : (g_str_equal (client->account->id, account_id) &&
                                monia_server_store_token_expiry (self->store, client->token_hash) == 0))
        close_live_client (client, reason);
    }
}

static gboolean live_expiry_cb (gpointer data);

/* Closes @client when its token ends, at @expires_at (seconds since 1970)
 * or at once when that is 0. */
static void
schedule_live_expiry (LiveClient *client,
                      gint64      expires_at)
{
  gint64 delay_ms = expires_at * 1000 - g_get_real_time () / 1000;

  _monia_server_clear_timeout (client->server, &client->expiry_id);
  if (expires_at == 0 || delay_ms <= 0)
    {
      close_live_client (client, "session_ended");
      return;
    }
  /* A token longer than G_MAXINT ms is looked at again then. */
  client->expiry_id = _monia_server_add_timeout (client->server, g_timeout_source_new ((guint) MIN (delay_ms, G_MAXINT)),
                                                 live_expiry_cb, client);
}

static gboolean
live_expiry_cb (gpointer data)
{
  LiveClient *client = data;

  client->expiry_id = 0;
  schedule_live_expiry (client, monia_server_store_token_expiry (client->server->store, client->token_hash));
  return G_SOURCE_REMOVE;
}

static void
live_closed_cb (SoupWebsocketConnection *connection,
                LiveClient              *client)
{
  g_ptr_array_remove (client->server->live_clients, client);
}

void
_monia_server_live_cb (SoupServer              *soup,
                       SoupServerMessage       *msg,
                       const char              *path,
                       SoupWebsocketConnection *connection,
                       gpointer                 user_data)
{
  MoniaServer *self = user_data;
  g_autoptr(GError) error = NULL;
  MoniaServerAccount *account = _monia_server_authenticate (self, msg, &error);
  LiveClient *client;
  g_autoptr(JsonNode) hello = NULL;
  g_autofree char *text = NULL;

  if (account == NULL)
    {
      soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, NULL);
      return;
    }

  client = g_new0 (LiveClient, 1);
  client->server = self;
  client->connection = g_object_ref (connection);
  client->account = account;
  client->token_hash = monia_server_token_hash (_monia_server_bearer_token (msg));
  g_signal_connect (connection, "closed", G_CALLBACK (live_closed_cb), client);
  g_ptr_array_add (self->live_clients, client);

  hello = json_node_init_object (json_node_alloc (), json_object_new ());
  json_object_unref (json_node_get_object (hello));
  json_object_set_string_member (json_node_get_object (hello), "epoch", self->epoch);
  text = json_to_string (hello, FALSE);
  soup_websocket_connection_send_text (connection, text);
  schedule_live_expiry (client, monia_server_store_token_expiry (self->store, client->token_hash));
}
