/* monia-sync-client-pull.c — the pull that ends a round: the next requests
 * go out while the last answers are read and written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-sync"

#include "config.h"

#include "monia-protocol.h"
#include "monia-sync-client-private.h"

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

void
_monia_sync_client_pull_item_free (PullItem *item)
{
  if (item == NULL)   /* taken out of its array */
    return;
  g_free (item->feed);
  g_free (item);
}

static void
unref_in_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  json_node_unref (task_data);
  g_task_return_boolean (task, TRUE);
}

void
_monia_sync_client_apply_free (Apply *apply)
{
  /* Freeing an answer's tree of a thousand records takes as long as a good
   * part of writing them: a worker thread does it, not the one writing. */
  if (apply->reply != NULL && apply->reply->root != NULL)
    {
      g_autoptr(GTask) release = g_task_new (NULL, NULL, NULL, NULL);

      g_task_set_task_data (release, g_steal_pointer (&apply->reply->root), NULL);
      g_task_run_in_thread (release, unref_in_thread);
    }
  g_clear_pointer (&apply->reply, _monia_sync_client_reply_free);
  g_free (apply->drop_case);
  g_free (apply);
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
      _monia_sync_client_apply_free (g_queue_pop_head (&round->to_apply));
    }
  else
    {
      JsonArray *pages = _monia_sync_client_array_member (json_node_get_object (apply->reply->root), "pages");
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
          _monia_sync_client_apply_free (g_queue_pop_head (&round->to_apply));
          /* Room for another answer. */
          if (ok && !g_queue_is_empty (&round->to_pull))
            pull_next (task);
        }
    }

  if (!ok)
    {
      round->apply_source = 0;
      _monia_sync_client_round_return (task, g_steal_pointer (&error));
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
  JsonArray *pages = _monia_sync_client_array_member (json_node_get_object (reply->root), "pages");
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
  g_autoptr(GPtrArray) again = g_ptr_array_new_with_free_func ((GDestroyNotify) _monia_sync_client_pull_item_free);
  g_autoptr(GError) error = NULL;
  Reply *reply;
  JsonArray *pages;
  guint n_pages;

  reply = _monia_sync_client_request_finish (self, result, &error);
  mark_written (request);
  round->n_out--;
  pull_request_free (request);
  if (round->returned)
    {
      g_clear_pointer (&reply, _monia_sync_client_reply_free);
      return;
    }
  if (reply == NULL)
    {
      _monia_sync_client_round_return (task, g_steal_pointer (&error));
      return;
    }

  if (reply->status != SOUP_STATUS_OK)
    {
      JsonObject *problem = reply->root && JSON_NODE_HOLDS_OBJECT (reply->root)
        ? _monia_sync_client_object_member (json_node_get_object (reply->root), "error") : NULL;
      const char *feed = problem ? json_object_get_string_member_with_default (problem, "feed", NULL) : NULL;
      const char *code = _monia_sync_client_error_code (reply->root);
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
          _monia_sync_client_round_return (task, _monia_sync_client_refused_error (reply));
          _monia_sync_client_reply_free (reply);
          return;
        }
      _monia_sync_client_reply_free (reply);
      requeue (round, asked);
      pull_next (task);
      return;
    }

  pages = check_pages (reply, asked);
  if (pages == NULL)
    {
      _monia_sync_client_reply_free (reply);
      _monia_sync_client_round_return (task, _monia_sync_client_server_failed ());
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
              _monia_sync_client_reply_free (reply);
              _monia_sync_client_round_return (task, _monia_sync_client_server_failed ());
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
        _monia_sync_client_round_return (task, NULL);
      else
        schedule_apply (task);
      return;
    }

  while (!round->returned && !g_queue_is_empty (&round->to_pull) &&
         round->n_out < PULLS_OUT && round->n_out + g_queue_get_length (&round->to_apply) < ANSWERS_WAITING)
    {
      g_autoptr(GString) body = g_string_new ("{\"feeds\":[");
      PullRequest *request;

      if (!_monia_sync_client_round_count_request (task))
        return;
      request = g_new0 (PullRequest, 1);
      request->task = g_object_ref (task);
      request->asked = g_ptr_array_new_with_free_func ((GDestroyNotify) _monia_sync_client_pull_item_free);
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
      request->msg = _monia_sync_client_request_async (self, "POST", "/v1/pull", body->str, NULL, pull_done, request);
      if (request->msg != NULL)
        {
          g_object_ref (request->msg);
          g_signal_connect (request->msg, "wrote-body", G_CALLBACK (on_pull_written), request);
        }
    }
}

void
_monia_sync_client_round_pull (GTask *task_in)
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
          _monia_sync_client_round_return (task, g_steal_pointer (&error));
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
