/* monia-sync-client-requests.c — the sync client's requests to the server
 * and the reading of its answers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "monia-json-check.h"
#include "monia-sync-client-private.h"

/* Requests ---------------------------------------------------------------- */

/* The server failed, or answered something that is not an answer. */
GError *
_monia_sync_client_server_failed (void)
{
  return g_error_new_literal (MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_SERVER,
                              _("The server could not handle the request. Your work is kept "
                                "on this computer; Monia tries again later."));
}

void
_monia_sync_client_reply_free (Reply *reply)
{
  g_clear_object (&reply->msg);
  g_clear_pointer (&reply->root, json_node_unref);
  g_free (reply);
}

/* Members of the type asked for, or NULL: the server's answer is input. */
JsonArray *
_monia_sync_client_array_member (JsonObject *object,
                                 const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

JsonObject *
_monia_sync_client_object_member (JsonObject *object,
                                  const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

const char *
_monia_sync_client_string_element (JsonArray *array,
                                   guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
    ? json_node_get_string (node) : NULL;
}

const char *
_monia_sync_client_error_code (JsonNode *root)
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

  if (_monia_sync_client_error_code (root) == NULL)
    return NULL;
  object = json_object_get_object_member (json_node_get_object (root), "error");
  return json_object_get_string_member_with_default (object, "message", NULL);
}

/* A request to the store's server, or to @server_url if not NULL. */
SoupMessage *
_monia_sync_client_new_message (MoniaSyncClient  *self,
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
      _monia_sync_client_reply_free (reply);
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
      _monia_sync_client_reply_free (reply);
      g_task_return_new_error (task, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_THROTTLED, "%s",
                               short_wait ? _("Too many logins in a short time. Wait a minute and try again.")
                                          : _("Too many failed logins. Wait a quarter of an hour and try again."));
      return;
    }
  if (reply->status >= 500 || (reply->status >= 200 && reply->status < 300 && reply->status != 204 &&
                               (reply->root == NULL || !JSON_NODE_HOLDS_OBJECT (reply->root))))
    {
      _monia_sync_client_reply_free (reply);
      g_task_return_error (task, _monia_sync_client_server_failed ());
      return;
    }
  g_task_return_pointer (task, reply, (GDestroyNotify) _monia_sync_client_reply_free);
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
SoupMessage *
_monia_sync_client_request_to_async (MoniaSyncClient     *self,
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

  msg = _monia_sync_client_new_message (self, server_url, method, path, body, &error);
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

SoupMessage *
_monia_sync_client_request_async (MoniaSyncClient     *self,
                                  const char          *method,
                                  const char          *path,
                                  const char          *body,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  return _monia_sync_client_request_to_async (self, NULL, method, path, body, cancellable, callback, user_data);
}

Reply *
_monia_sync_client_request_finish (MoniaSyncClient  *self,
                                   GAsyncResult     *result,
                                   GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* An error for a refused request, with the server's own words if any. */
GError *
_monia_sync_client_refused_error (Reply *reply)
{
  const char *message = error_message (reply->root);

  return g_error_new (MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_REFUSED, "%s",
                      message ? message : _("The server refused the request."));
}
