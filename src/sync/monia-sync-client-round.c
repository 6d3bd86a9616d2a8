/* monia-sync-client-round.c — a round: its start, the push, the
 * resolutions of conflicts made here and the case list; the pull that ends
 * it is in monia-sync-client-pull.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "monia-protocol.h"
#include "monia-sync-client-private.h"

#define PUSH_LIMIT 500
/* A round's steps are bounded: no server answer can keep it going. */
#define MAX_REQUESTS_PER_ROUND 1000000

/* A round ----------------------------------------------------------------- */

static void
round_free (Round *round)
{
  g_clear_pointer (&round->feeds, g_ptr_array_unref);
  g_queue_clear_full (&round->to_pull, (GDestroyNotify) _monia_sync_client_pull_item_free);
  g_queue_clear_full (&round->to_apply, (GDestroyNotify) _monia_sync_client_apply_free);
  g_clear_handle_id (&round->apply_source, g_source_remove);
  g_free (round);
}

/* Ends the round once; whatever is still out is ignored when it comes. */
void
_monia_sync_client_round_return (GTask  *task,
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

gboolean
_monia_sync_client_round_count_request (GTask *task)
{
  Round *round = g_task_get_task_data (task);

  if (++round->n_requests > MAX_REQUESTS_PER_ROUND)
    {
      _monia_sync_client_round_return (task, _monia_sync_client_server_failed ());
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

  reply = _monia_sync_client_request_finish (self, result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (reply->status != SOUP_STATUS_OK)
    {
      g_task_return_error (task, _monia_sync_client_refused_error (reply));
      _monia_sync_client_reply_free (reply);
      return;
    }

  results = _monia_sync_client_array_member (json_node_get_object (reply->root), "results");
  if (results == NULL || json_array_get_length (results) != batch->len)
    {
      _monia_sync_client_reply_free (reply);
      g_task_return_error (task, _monia_sync_client_server_failed ());
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
          JsonArray *applied = _monia_sync_client_array_member (entry, "applied");
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
          JsonObject *problem = _monia_sync_client_object_member (entry, "error");
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
          _monia_sync_client_reply_free (reply);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  _monia_sync_client_reply_free (reply);
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
  if (!_monia_sync_client_round_count_request (task))
    return;

  round->pushed_any = TRUE;
  json_object_set_array_member (body, "mutations", g_steal_pointer (&mutations));
  root = json_node_init_object (json_node_alloc (), body);
  text = json_to_string (root, FALSE);
  g_object_set_data_full (G_OBJECT (task), "batch", g_steal_pointer (&batch), (GDestroyNotify) g_ptr_array_unref);
  _monia_sync_client_request_async (self, "POST", "/v1/push", text, NULL, push_done,
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
  Reply *reply = _monia_sync_client_request_finish (self, result, &error);

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
      g_task_return_error (task, _monia_sync_client_refused_error (reply));
      _monia_sync_client_reply_free (reply);
      return;
    }
  _monia_sync_client_reply_free (reply);
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
        _monia_sync_client_round_pull (g_steal_pointer (&task));
      return;
    }
  if (!_monia_sync_client_round_count_request (task))
    return;
  g_object_set_data_full (G_OBJECT (task), "conflict", g_strdup (pending[0]), g_free);
  path = g_strdup_printf ("/v1/conflicts/%s/resolve", pending[0]);
  _monia_sync_client_request_async (self, "POST", path, "{}", NULL, resolution_done,
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

  reply = _monia_sync_client_request_finish (self, result, &error);
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
          g_task_return_error (task, _monia_sync_client_refused_error (reply));
          _monia_sync_client_reply_free (reply);
          return;
        }
      _monia_sync_client_reply_free (reply);
      add_feed (round, MONIA_FEED_DIRECTORY);
      _monia_sync_client_round_pull (g_steal_pointer (&task));
      return;
    }

  object = json_node_get_object (reply->root);
  cases = _monia_sync_client_array_member (object, "cases");
  revoked = _monia_sync_client_array_member (object, "revoked");
  if (cases == NULL)
    {
      _monia_sync_client_reply_free (reply);
      g_task_return_error (task, _monia_sync_client_server_failed ());
      return;
    }

  /* Cases this account may no longer see go first, with all in them. */
  for (guint i = 0; revoked != NULL && i < json_array_get_length (revoked); i++)
    {
      const char *id = _monia_sync_client_string_element (revoked, i);

      if (id != NULL && g_uuid_string_is_valid (id) &&
          !monia_store_drop_case (self->store, id, &error))
        {
          _monia_sync_client_reply_free (reply);
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
  _monia_sync_client_reply_free (reply);
  _monia_sync_client_round_pull (g_steal_pointer (&task));
}

static void
round_case_list (GTask *task_in)
{
  g_autoptr(GTask) task = task_in;  /* each step owns the round */
  MoniaSyncClient *self = g_task_get_source_object (task);

  if (!_monia_sync_client_round_count_request (task))
    return;
  _monia_sync_client_request_async (self, "GET", "/v1/cases", NULL, NULL, case_list_done,
                                    g_steal_pointer (&task));
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

void
_monia_sync_client_run_round (MoniaSyncClient     *self,
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

  if (!_monia_sync_client_check_syncable (self, &error))
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
      secret_password_lookup (_monia_sync_client_token_schema (), NULL, token_looked_up, g_steal_pointer (&task),
                              "server", url, "login", login, NULL);
      return;
    }
  round_push (g_steal_pointer (&task));
}
