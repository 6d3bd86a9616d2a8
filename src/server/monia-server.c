/* monia-server.c — the route table and its matcher, replies, push and pull
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-server"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <sodium.h>

#include "monia-error.h"
#include "monia-json-check.h"
#include "monia-protocol.h"
#include "monia-server-form.h"
#include "monia-server-private.h"
#include "monia-server-web-private.h"

G_DEFINE_FINAL_TYPE (MoniaServer, monia_server, G_TYPE_OBJECT)

/* Replies */

static void
reply_json (SoupServerMessage *msg,
            guint              status,
            JsonNode          *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length = 0;
  char *text;

  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, &length);
  /* libsoup 3.2 has no phrase of its own for 429. */
  soup_server_message_set_status (msg, status, status == 429 ? "Too Many Requests" : NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, length);
}

void
_monia_server_reply_object (SoupServerMessage *msg,
                            guint              status,
                            JsonObject        *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  reply_json (msg, status, node);
}

/* {"error": {"code": …, "message": …}}, and the feed it is about if any. */
static void
reply_error_for_feed (SoupServerMessage *msg,
                      guint              status,
                      const char        *code,
                      const char        *message,
                      const char        *feed)
{
  JsonObject *reply = json_object_new ();
  JsonObject *error = json_object_new ();

  json_object_set_string_member (error, "code", code);
  json_object_set_string_member (error, "message", message);
  if (feed != NULL)
    json_object_set_string_member (error, "feed", feed);
  json_object_set_object_member (reply, "error", error);
  _monia_server_reply_object (msg, status, reply);
  json_object_unref (reply);
}

void
_monia_server_reply_error (SoupServerMessage *msg,
                           guint              status,
                           const char        *code,
                           const char        *message)
{
  reply_error_for_feed (msg, status, code, message, NULL);
}

static void
reply_gerror_for_feed (SoupServerMessage *msg,
                       const GError      *error,
                       const char        *feed)
{
  guint status = monia_server_error_http_status (error);

  if (status == 401)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "WWW-Authenticate", "Bearer");
  if (status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    {
      g_message ("Request refused for now: the database cannot be reached");
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", G_STRINGIFY (MONIA_SERVER_UNAVAILABLE_RETRY_AFTER));
    }
  if (status == 500)
    {
      /* The details stay in the server's log; they name no one. */
      g_warning ("Request failed: %s", error->message);
      _monia_server_reply_error (msg, status, "internal", _("The server could not do this. Try again later."));
      return;
    }
  reply_error_for_feed (msg, status, monia_server_error_code_name (error), error->message, feed);
}

void
_monia_server_reply_gerror (SoupServerMessage *msg,
                            const GError      *error)
{
  reply_gerror_for_feed (msg, error, NULL);
}

JsonNode *
_monia_server_parse_body (SoupServerMessage  *msg,
                          GError            **error)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);

  if (length > MONIA_SERVER_MAX_BODY)
    {
      g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_BAD_REQUEST,
                           _("The request is too large."));
      return NULL;
    }
  /* What json-glib would recurse on too deeply, or cut at a NUL, is
   * refused before it parses. */
  if (!monia_json_check_text (data, length, MONIA_SERVER_MAX_BODY, &local_error))
    {
      g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_BAD_REQUEST,
                           local_error->message);
      return NULL;
    }
  if (length == 0 ||
      !json_parser_load_from_data (parser, data, (gssize) length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_BAD_REQUEST,
                           _("The request body must be a JSON object."));
      return NULL;
    }
  return json_node_copy (json_parser_get_root (parser));
}

const char *
_monia_server_get_string_member (JsonObject *object,
                                 const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

const char *
_monia_server_request_device (SoupServerMessage *msg)
{
  const char *device = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "X-Monia-Device");

  if (device == NULL || strlen (device) > MAX_DEVICE_LEN || !g_utf8_validate (device, -1, NULL))
    return NULL;
  return device;
}

const char *
_monia_server_bearer_token (SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return NULL;
  return header + 7;
}

MoniaServerAccount *
_monia_server_authenticate (MoniaServer        *self,
                            SoupServerMessage  *msg,
                            GError            **error)
{
  return monia_server_store_authenticate (self->store, _monia_server_bearer_token (msg), error);
}

/* Timeouts run on the server's own context: g_timeout_add() would put
 * them on the global default context, which may belong to another thread
 * (as when the server runs on a thread of its own). */
guint
_monia_server_add_timeout (MoniaServer *self,
                           GSource     *source,
                           GSourceFunc  func,
                           gpointer     data)
{
  guint id;

  g_source_set_callback (source, func, data, NULL);
  id = g_source_attach (source, self->context);
  g_source_unref (source);
  return id;
}

void
_monia_server_clear_timeout (MoniaServer *self,
                             guint       *id)
{
  if (*id != 0)
    {
      GSource *source = g_main_context_find_source_by_id (self->context, *id);

      if (source != NULL)
        g_source_destroy (source);
      *id = 0;
    }
}

/* Routes */

static void
handle_me (MoniaServer        *self,
           SoupServerMessage  *msg,
           MoniaServerAccount *account)
{
  JsonObject *who = json_object_new ();

  json_object_set_string_member (who, "id", account->id);
  json_object_set_string_member (who, "login", account->login);
  json_object_set_string_member (who, "name", account->name);
  json_object_set_string_member (who, "org", account->org);
  json_object_set_string_member (who, "team", account->team);
  json_object_set_string_member (who, "team_id", account->team_id);
  json_object_set_string_member (who, "role", monia_role_to_string (account->role));
  _monia_server_reply_object (msg, SOUP_STATUS_OK, who);
  json_object_unref (who);
}

static void
handle_push (MoniaServer        *self,
             SoupServerMessage  *msg,
             MoniaServerAccount *account)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = _monia_server_parse_body (msg, &error);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GPtrArray) feeds = g_ptr_array_new_with_free_func (g_free);
  JsonNode *mutations;

  if (body == NULL)
    {
      _monia_server_reply_gerror (msg, error);
      return;
    }
  mutations = json_object_get_member (json_node_get_object (body), "mutations");
  if (mutations == NULL || !JSON_NODE_HOLDS_ARRAY (mutations))
    {
      _monia_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                 _("A push is an object with an array “mutations”."));
      return;
    }

  reply = monia_server_store_push (self->store, account, _monia_server_request_device (msg),
                                   json_node_get_array (mutations), feeds, &error);
  if (reply == NULL)
    {
      _monia_server_reply_gerror (msg, error);
      return;
    }
  reply_json (msg, SOUP_STATUS_OK, reply);
  if (feeds->len > 0)
    _monia_server_notify_feeds (self, feeds);
}

static gboolean
sync_cb (gpointer data)
{
  MoniaServer *self = data;
  g_autoptr(GError) error = NULL;

  self->sync_id = 0;
  if (!monia_server_store_sync (self->store, &error))
    g_warning ("Syncing the store failed: %s", error->message);
  return G_SOURCE_REMOVE;
}

void
_monia_server_schedule_sync (MoniaServer *self)
{
  if (self->sync_id == 0)
    self->sync_id = _monia_server_add_timeout (self, g_timeout_source_new (READ_SYNC_DELAY_MS), sync_cb, self);
}

/* A pull's answer is JSON text made by the store. */
static void
reply_pull (MoniaServer       *self,
            SoupServerMessage *msg,
            GBytes            *reply)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), reply);
  _monia_server_schedule_sync (self);
}

static void
handle_pull (MoniaServer        *self,
             SoupServerMessage  *msg,
             GHashTable         *query,
             MoniaServerAccount *account,
             const char         *feed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) reply = NULL;
  const char *since_text = query ? g_hash_table_lookup (query, "since") : NULL;
  const char *limit_text = query ? g_hash_table_lookup (query, "limit") : NULL;
  guint64 since = 0, limit = 100;

  if ((since_text != NULL && !g_ascii_string_to_unsigned (since_text, 10, 0, G_MAXINT64, &since, NULL)) ||
      (limit_text != NULL && !g_ascii_string_to_unsigned (limit_text, 10, 1, 500, &limit, NULL)))
    {
      _monia_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                 _("“since” must be a whole number and “limit” between 1 and 500."));
      return;
    }

  reply = monia_server_store_pull (self->store, account, _monia_server_request_device (msg), feed,
                                   (gint64) since, (guint) limit, &error);
  if (reply == NULL)
    _monia_server_reply_gerror (msg, error);
  else
    reply_pull (self, msg, reply);
}

/* POST /v1/pull: {"feeds": [{"feed": F, "since": N}, …], "limit": M} */
static void
handle_pull_many (MoniaServer        *self,
                  SoupServerMessage  *msg,
                  MoniaServerAccount *account)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = _monia_server_parse_body (msg, &error);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree const char **feeds = NULL;
  g_autofree gint64 *since = NULL;
  g_autofree char *failed_feed = NULL;
  JsonObject *object;
  JsonNode *list, *limit_node;
  JsonArray *array;
  gint64 limit = 1000;
  guint n;

  if (body == NULL)
    {
      _monia_server_reply_gerror (msg, error);
      return;
    }
  object = json_node_get_object (body);
  list = json_object_get_member (object, "feeds");
  limit_node = json_object_get_member (object, "limit");
  if (limit_node != NULL)
    limit = JSON_NODE_HOLDS_VALUE (limit_node) && json_node_get_value_type (limit_node) == G_TYPE_INT64
      ? json_node_get_int (limit_node) : -1;
  n = list != NULL && JSON_NODE_HOLDS_ARRAY (list) ? json_array_get_length (json_node_get_array (list)) : 0;
  if (n == 0 || n > MONIA_SERVER_MAX_PULL_MANY_FEEDS || limit < 1 || limit > MONIA_SERVER_MAX_PULL_MANY_LIMIT)
    {
      g_autofree char *message = g_strdup_printf (_("A pull is an object with an array “feeds” of 1 to %d feeds "
                                                    "and a “limit” between 1 and %d."),
                                                  MONIA_SERVER_MAX_PULL_MANY_FEEDS,
                                                  MONIA_SERVER_MAX_PULL_MANY_LIMIT);

      _monia_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", message);
      return;
    }

  array = json_node_get_array (list);
  feeds = g_new0 (const char *, n + 1);
  since = g_new0 (gint64, n);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *item = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      JsonNode *feed_node = item ? json_object_get_member (item, "feed") : NULL;
      JsonNode *since_node = item ? json_object_get_member (item, "since") : NULL;
      const char *feed = feed_node != NULL && JSON_NODE_HOLDS_VALUE (feed_node) &&
                         json_node_get_value_type (feed_node) == G_TYPE_STRING
                         ? json_node_get_string (feed_node) : NULL;

      if (feed == NULL || !monia_feed_name_is_valid (feed) || g_hash_table_contains (seen, feed) ||
          (since_node != NULL && (!JSON_NODE_HOLDS_VALUE (since_node) ||
                                  json_node_get_value_type (since_node) != G_TYPE_INT64 ||
                                  json_node_get_int (since_node) < 0)))
        {
          _monia_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                     _("Each feed to pull is named once, as “directory”, “inbox” or a case id, "
                                       "with “since” a whole number."));
          return;
        }
      g_hash_table_add (seen, (gpointer) feed);
      feeds[i] = feed;
      since[i] = since_node != NULL ? json_node_get_int (since_node) : 0;
    }

  reply = monia_server_store_pull_many (self->store, account, _monia_server_request_device (msg), feeds, since, n,
                                        (guint) limit, &failed_feed, &error);
  if (reply == NULL)
    reply_gerror_for_feed (msg, error, failed_feed);
  else
    reply_pull (self, msg, reply);
}

static void
reply_node_or_error (SoupServerMessage *msg,
                     JsonNode          *node,
                     const GError      *error)
{
  if (node == NULL)
    _monia_server_reply_gerror (msg, error);
  else
    reply_json (msg, SOUP_STATUS_OK, node);
}

static void
wrong_method (SoupServerMessage *msg,
              const char        *allowed)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allowed);
  _monia_server_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                             _("This address does not take that method."));
}

static void
not_found (SoupServerMessage *msg)
{
  _monia_server_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", _("There is nothing at this address."));
}

/* The table of routes */

#define MAX_PATH_LEN 512
#define MAX_PATH_PARAMS 2

/* What a row's handler gets: the request, the account when the row needs
 * one (NULL on rows anyone may call), and the path's placeholders in order. */
struct _MoniaServerRequest
{
  MoniaServer        *server;
  SoupServerMessage  *msg;
  GHashTable         *query;
  MoniaServerAccount *account;
  const char         *params[MAX_PATH_PARAMS];
};

static void
route_login (MoniaServerRequest *request)
{
  _monia_server_handle_login (request->server, request->msg);
}

static void
route_me (MoniaServerRequest *request)
{
  handle_me (request->server, request->msg, request->account);
}

static void
route_logout (MoniaServerRequest *request)
{
  _monia_server_handle_logout (request->server, request->msg);
}

static void
route_push (MoniaServerRequest *request)
{
  handle_push (request->server, request->msg, request->account);
}

static void
route_pull_many (MoniaServerRequest *request)
{
  handle_pull_many (request->server, request->msg, request->account);
}

static void
route_cases (MoniaServerRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = monia_server_store_list_cases (request->server->store, request->account, &error);

  reply_node_or_error (request->msg, reply, error);
}

/* GET /v1/cases/{id}/changes and /v1/feeds/{feed}/changes */
static void
route_changes (MoniaServerRequest *request)
{
  handle_pull (request->server, request->msg, request->query, request->account, request->params[0]);
}

static void
route_lead_cases (MoniaServerRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = monia_server_store_lead_feed (request->server->store, request->account, &error);

  reply_node_or_error (request->msg, reply, error);
}

static void
route_resolve_conflict (MoniaServerRequest *request)
{
  MoniaServer *self = request->server;
  const char *conflict_id = request->params[0];
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) feeds = NULL;
  g_autofree char *case_id = NULL;
  JsonObject *reply;

  if (!monia_server_store_resolve_conflict (self->store, request->account, _monia_server_request_device (request->msg),
                                            conflict_id, &case_id, &error))
    {
      _monia_server_reply_gerror (request->msg, error);
      return;
    }

  reply = json_object_new ();
  json_object_set_string_member (reply, "id", conflict_id);
  json_object_set_boolean_member (reply, "resolved", TRUE);
  _monia_server_reply_object (request->msg, SOUP_STATUS_OK, reply);
  json_object_unref (reply);
  feeds = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (feeds, g_steal_pointer (&case_id));
  _monia_server_notify_feeds (self, feeds);
}

static void
route_notices (MoniaServerRequest *request)
{
  _monia_server_handle_notices (request->server, request->msg, request->query, request->account);
}

static void
route_home (MoniaServerRequest *request)
{
  _monia_server_web_home (request->server, request->msg, request->query);
}

static void
route_ask_form (MoniaServerRequest *request)
{
  _monia_server_ask_form (request->server, request->msg, request->query);
}

static void
route_ask_post (MoniaServerRequest *request)
{
  _monia_server_ask_post (request->server, request->msg, request->query);
}

static void
route_ask_answer_form (MoniaServerRequest *request)
{
  _monia_server_ask_answer_form (request->server, request->msg, request->query);
}

static void
route_ask_answer_post (MoniaServerRequest *request)
{
  _monia_server_ask_answer_post (request->server, request->msg, request->query);
}

static void
route_style (MoniaServerRequest *request)
{
  _monia_server_web_style (request->server, request->msg);
}

static void
route_accessibility (MoniaServerRequest *request)
{
  _monia_server_web_accessibility (request->server, request->msg, request->query);
}

static void
route_privacy (MoniaServerRequest *request)
{
  _monia_server_web_privacy (request->server, request->msg, request->query);
}

static void
route_person_processing (MoniaServerRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = monia_server_store_audit_for_person (request->server->store, request->account,
                                                                   request->params[0], &error);

  reply_node_or_error (request->msg, reply, error);
}

/* The role checks here answer as the store's own would (the store checks
 * again): the same refusal, said once per row. */
static const MoniaServerRoute routes[] = {
  { "POST", "/v1/login", MONIA_ROUTE_ANYONE, 0, NULL, route_login },
  { "GET", "/v1/me", MONIA_ROUTE_ACCOUNT, 0, NULL, route_me },
  { "POST", "/v1/logout", MONIA_ROUTE_ACCOUNT, 0, NULL, route_logout },
  { "POST", "/v1/push", MONIA_ROUTE_ACCOUNT, 0, NULL, route_push },
  { "POST", "/v1/pull", MONIA_ROUTE_ACCOUNT, 0, NULL, route_pull_many },
  { "GET", "/v1/cases", MONIA_ROUTE_ACCOUNT, 0, NULL, route_cases },
  { "GET", "/v1/cases/{id}/changes", MONIA_ROUTE_ACCOUNT, 0, NULL, route_changes },
  { "GET", "/v1/feeds/{feed}/changes", MONIA_ROUTE_ACCOUNT, 0, NULL, route_changes },
  { "GET", "/v1/lead/cases", MONIA_ROUTE_ROLES,
    MONIA_ROUTE_ROLE (MONIA_ROLE_LEAD) | MONIA_ROUTE_ROLE (MONIA_ROLE_ADMIN),
    N_("Only team leads see their teams’ case deadlines."), route_lead_cases },
  { "POST", "/v1/conflicts/{id}/resolve", MONIA_ROUTE_ACCOUNT, 0, NULL, route_resolve_conflict },
  { "GET", "/v1/notices", MONIA_ROUTE_ACCOUNT, 0, NULL, route_notices },
  { "GET", "/v1/admin/people/{id}/processing", MONIA_ROUTE_ROLES, MONIA_ROUTE_ROLE (MONIA_ROLE_ADMIN),
    N_("Only administrators can read the audit log."), route_person_processing },
  /* The public pages: the family's front door (docs/ask-form.md). */
  { "GET", "/", MONIA_ROUTE_ANYONE, 0, NULL, route_home },
  { "GET", "/ask", MONIA_ROUTE_ANYONE, 0, NULL, route_ask_form },
  { "POST", "/ask", MONIA_ROUTE_ANYONE, 0, NULL, route_ask_post },
  { "GET", "/ask/answer", MONIA_ROUTE_ANYONE, 0, NULL, route_ask_answer_form },
  { "POST", "/ask/answer", MONIA_ROUTE_ANYONE, 0, NULL, route_ask_answer_post },
  { "GET", "/ask/style.css", MONIA_ROUTE_ANYONE, 0, NULL, route_style },
  { "GET", "/accessibility", MONIA_ROUTE_ANYONE, 0, NULL, route_accessibility },
  { "GET", "/privacy", MONIA_ROUTE_ANYONE, 0, NULL, route_privacy },
};

const MoniaServerRoute *
monia_server_get_routes (guint *n_routes)
{
  g_return_val_if_fail (n_routes != NULL, NULL);

  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}

static gboolean
is_named_feed (const char *segment)
{
  return g_str_equal (segment, MONIA_FEED_DIRECTORY) || g_str_equal (segment, MONIA_FEED_INBOX);
}

static const struct
{
  const char *name;
  gboolean  (*fits) (const char *segment);
} placeholders[] = {
  { "{id}", g_uuid_string_is_valid },
  { "{feed}", is_named_feed },
};

static gboolean
placeholder_fits (const char *name,
                  gsize       len,
                  const char *segment)
{
  for (guint i = 0; i < G_N_ELEMENTS (placeholders); i++)
    if (strlen (placeholders[i].name) == len && strncmp (placeholders[i].name, name, len) == 0)
      return placeholders[i].fits (segment);
  g_critical ("Unknown placeholder in a route: %.*s", (int) len, name);
  return FALSE;
}

/* Whether @parts (the path split at each '/') fit @pattern, segment by
 * segment; the placeholders' segments go to @params. */
static gboolean
pattern_fits (const char  *pattern,
              char       **parts,
              const char **params)
{
  const char *want = pattern;
  guint n_params = 0;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *end = strchr (want, '/');
      gsize len = end != NULL ? (gsize) (end - want) : strlen (want);

      if (want[0] == '{')
        {
          if (n_params == MAX_PATH_PARAMS || !placeholder_fits (want, len, parts[i]))
            return FALSE;
          params[n_params++] = parts[i];
        }
      else if (strlen (parts[i]) != len || strncmp (want, parts[i], len) != 0)
        return FALSE;
      if (end == NULL)
        return parts[i + 1] == NULL;
      want = end + 1;
    }
  return FALSE;
}

static void
handle_request (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  MoniaServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  MoniaServerRequest request = { self, msg, query, NULL, { NULL } };
  const MoniaServerRoute *route = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaServerAccount) account = NULL;
  g_autoptr(GString) allow = NULL;
  g_auto(GStrv) parts = NULL;

  if (path == NULL || path[0] != '/' || strlen (path) > MAX_PATH_LEN)
    {
      not_found (msg);
      return;
    }

  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; i < G_N_ELEMENTS (routes) && route == NULL; i++)
    {
      const char *params[MAX_PATH_PARAMS] = { NULL };

      if (!pattern_fits (routes[i].pattern, parts, params))
        continue;
      if (g_str_equal (routes[i].method, method))
        {
          route = &routes[i];
          memcpy (request.params, params, sizeof params);
        }
      else if (allow == NULL)
        allow = g_string_new (routes[i].method);
      else
        g_string_append_printf (allow, ", %s", routes[i].method);
    }
  if (route == NULL)
    {
      if (allow == NULL)
        not_found (msg);
      else
        wrong_method (msg, allow->str);
      return;
    }

  /* Whether a route exists is no secret; what is there is. */
  if (route->caller != MONIA_ROUTE_ANYONE)
    {
      account = _monia_server_authenticate (self, msg, &error);
      if (account == NULL)
        {
          _monia_server_reply_gerror (msg, error);
          return;
        }
      if (route->caller == MONIA_ROUTE_ROLES && (route->roles & MONIA_ROUTE_ROLE (account->role)) == 0)
        {
          g_set_error_literal (&error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_FORBIDDEN, _(route->forbidden));
          _monia_server_reply_gerror (msg, error);
          return;
        }
      request.account = account;
    }
  route->handler (&request);
}

/* Runs once the headers are in, before the body is read: a body that is
 * too large is refused without reading it. */
static void
early_cb (SoupServer        *soup,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  MoniaServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupEncoding encoding = soup_message_headers_get_encoding (headers);

  if (encoding == SOUP_ENCODING_CHUNKED)
    {
      _monia_server_reply_error (msg, SOUP_STATUS_LENGTH_REQUIRED, "length_required",
                                 _("Send the request with a Content-Length."));
      return;
    }
  /* A form post is a page's business: a person reads the answer. */
  if (encoding == SOUP_ENCODING_CONTENT_LENGTH && path != NULL && g_str_has_prefix (path, "/ask") &&
      soup_message_headers_get_content_length (headers) > MONIA_FORM_MAX_BYTES)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
      _monia_web_reply_problem (self, msg, query, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                                N_("The form is too large"),
                                N_("The form holds more than the service takes. Shorten your message and send it again."));
      return;
    }
  if (encoding == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > MONIA_SERVER_MAX_BODY)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
      _monia_server_reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large",
                                 _("The request is too large."));
      return;
    }

  /* The WebSocket upgrade is answered only for a valid token. */
  if (path != NULL && g_str_equal (path, "/v1/live"))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MoniaServerAccount) account = _monia_server_authenticate (self, msg, &error);

      if (account == NULL)
        _monia_server_reply_gerror (msg, error);
    }
}

/* GObject */

static void
monia_server_dispose (GObject *object)
{
  MoniaServer *self = (MoniaServer *) object;

  monia_server_disconnect (self);
  /* Checks running now are waited for (each well under a second), queued
   * ones dropped; then no thread holds a job, and the checked ones waiting
   * for this context are dropped with theirs. */
  if (self->login_pool != NULL)
    g_thread_pool_free (g_steal_pointer (&self->login_pool), TRUE, TRUE);
  if (self->logins != NULL)
    g_ptr_array_set_size (self->logins, 0);
  if (self->sync_id != 0)
    {
      _monia_server_clear_timeout (self, &self->sync_id);
      sync_cb (self);
    }
  g_clear_object (&self->soup);
  if (self->store != NULL)
    monia_server_store_unwatch_feeds (self->store);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (monia_server_parent_class)->dispose (object);
}

static void
monia_server_finalize (GObject *object)
{
  MoniaServer *self = (MoniaServer *) object;

  for (guint i = 0; i < RING_SIZE; i++)
    g_free (self->ring[i].feed);
  g_clear_pointer (&self->live_clients, g_ptr_array_unref);
  g_clear_pointer (&self->waiters, g_ptr_array_unref);
  g_clear_pointer (&self->logins, g_ptr_array_unref);
  for (guint i = 0; i < G_N_ELEMENTS (self->catalogues); i++)
    g_clear_pointer (&self->catalogues[i], g_hash_table_unref);
  g_free (self->locale_dir);
  sodium_memzero (self->web_key, sizeof self->web_key);
  g_free (self->epoch);
  g_main_context_unref (self->context);

  G_OBJECT_CLASS (monia_server_parent_class)->finalize (object);
}

static void
monia_server_class_init (MoniaServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = monia_server_dispose;
  object_class->finalize = monia_server_finalize;
}

static void
monia_server_init (MoniaServer *self)
{
  int login_threads = CLAMP ((int) g_get_num_processors () - 1, 1, MONIA_SERVER_LOGIN_THREADS);
  g_autoptr(GError) error = NULL;

  self->token_lifetime = MONIA_SERVER_DEFAULT_TOKEN_LIFETIME;
  self->epoch = g_uuid_string_random ();
  self->context = g_main_context_ref_thread_default ();
  self->live_clients = g_ptr_array_new_with_free_func ((GDestroyNotify) _monia_server_live_client_free);
  self->waiters = g_ptr_array_new_with_free_func ((GDestroyNotify) _monia_server_waiter_free);
  self->logins = g_ptr_array_new_with_free_func ((GDestroyNotify) _monia_server_login_job_free);
  self->login_pool = g_thread_pool_new (_monia_server_login_check_func, NULL, login_threads, TRUE, &error);
  if (self->login_pool == NULL)
    {
      /* Then it starts them when needed, or waits until it can. */
      g_warning ("Starting the threads that check passwords failed: %s", error->message);
      self->login_pool = g_thread_pool_new (_monia_server_login_check_func, NULL, login_threads, FALSE, NULL);
    }
}

/* Another server on the same database committed changes to @feeds: its
 * desktops were told, and ours are told now. */
static void
feeds_changed_elsewhere_cb (const char * const *feeds,
                            gpointer            data)
{
  MoniaServer *self = data;
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; feeds[i] != NULL && changed->len < RING_SIZE; i++)
    if (!g_ptr_array_find_with_equal_func (changed, feeds[i], g_str_equal, NULL))
      g_ptr_array_add (changed, g_strdup (feeds[i]));
  _monia_server_notify_feeds (self, changed);
}

MoniaServer *
monia_server_new (MoniaServerStore *store,
                  GTlsCertificate  *certificate)
{
  MoniaServer *self;

  g_return_val_if_fail (MONIA_IS_SERVER_STORE (store), NULL);
  g_return_val_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate), NULL);

  self = g_object_new (MONIA_TYPE_SERVER, NULL);
  self->store = g_object_ref (store);
  self->tls = certificate != NULL;
  self->soup = soup_server_new ("server-header", "monia-server",
                                "tls-certificate", certificate,
                                NULL);
  soup_server_add_early_handler (self->soup, NULL, early_cb, self, NULL);
  /* Handlers are kept per path: /v1/live needs its own early handler to
   * refuse an upgrade without a valid token. */
  soup_server_add_early_handler (self->soup, "/v1/live", early_cb, self, NULL);
  soup_server_add_websocket_handler (self->soup, "/v1/live", NULL, NULL, _monia_server_live_cb, self, NULL);
  soup_server_add_handler (self->soup, NULL, handle_request, self, NULL);
  monia_server_store_watch_feeds (store, self->context, feeds_changed_elsewhere_cb, self);
  return self;
}

void
monia_server_set_token_lifetime (MoniaServer *self,
                                 gint64       seconds)
{
  g_return_if_fail (MONIA_IS_SERVER (self));
  g_return_if_fail (seconds > 0);

  self->token_lifetime = seconds;
}

gboolean
monia_server_listen (MoniaServer         *self,
                     GInetSocketAddress  *address,
                     GError             **error)
{
  GInetAddress *inet;

  g_return_val_if_fail (MONIA_IS_SERVER (self), FALSE);
  g_return_val_if_fail (G_IS_INET_SOCKET_ADDRESS (address), FALSE);

  inet = g_inet_socket_address_get_address (address);
  if (!self->tls && !g_inet_address_get_is_loopback (inet))
    {
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                           _("Listening beyond this machine needs TLS: give --tls-cert and --tls-key."));
      return FALSE;
    }

  return soup_server_listen (self->soup, G_SOCKET_ADDRESS (address),
                             self->tls ? SOUP_SERVER_LISTEN_HTTPS : 0, error);
}

guint16
monia_server_get_port (MoniaServer *self)
{
  GSList *uris;
  guint16 port = 0;

  g_return_val_if_fail (MONIA_IS_SERVER (self), 0);

  uris = soup_server_get_uris (self->soup);
  if (uris != NULL)
    port = (guint16) g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return port;
}

gboolean
_monia_server_accept_iostream (MoniaServer     *self,
                               GIOStream       *stream,
                               GSocketAddress  *local_address,
                               GSocketAddress  *remote_address,
                               GError         **error)
{
  g_return_val_if_fail (MONIA_IS_SERVER (self), FALSE);

  return soup_server_accept_iostream (self->soup, stream, local_address, remote_address, error);
}

void
monia_server_disconnect (MoniaServer *self)
{
  g_return_if_fail (MONIA_IS_SERVER (self));

  if (self->waiters != NULL)
    while (self->waiters->len > 0)
      _monia_server_finish_waiter (self, self->waiters->pdata[self->waiters->len - 1], json_array_new ());
  if (self->live_clients != NULL)
    for (guint i = 0; i < self->live_clients->len; i++)
      {
        LiveClient *client = self->live_clients->pdata[i];

        if (soup_websocket_connection_get_state (client->connection) == SOUP_WEBSOCKET_STATE_OPEN)
          soup_websocket_connection_close (client->connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
      }
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
}
