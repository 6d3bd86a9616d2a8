/* monia-sync-client-live.c — when rounds run: when asked for, after a
 * change here, every few minutes, on the server's live notices, and again
 * after a failure
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-sync"

#include "config.h"

#include "monia-json-check.h"
#include "monia-protocol.h"
#include "monia-sync-client-private.h"

#define FULL_SYNC_INTERVAL_S (5 * 60)

static void start_round_if_idle (MoniaSyncClient *self);
static void connect_live (MoniaSyncClient *self);

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
        _monia_sync_client_set_last_synced_now (self);
      self->backoff_s = BACKOFF_MIN_S;
      _monia_sync_client_set_state (self, MONIA_SYNC_STATE_IDLE, NULL);
      if (self->running && self->live == NULL && self->live_cancellable == NULL)
        connect_live (self);
    }
  else
    {
      _monia_sync_client_set_state_from_error (self, error);
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
    _monia_sync_client_set_state (self, MONIA_SYNC_STATE_SYNCING, NULL);
  self->round_running = TRUE;
  _monia_sync_client_run_round (self, flags, feeds, round_finished, NULL);
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
  g_autoptr(SoupMessage) msg = _monia_sync_client_new_message (self, NULL, "GET", "/v1/live", NULL, &error);

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
