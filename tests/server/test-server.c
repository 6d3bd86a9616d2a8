/* test-server.c — monia-server on 127.0.0.1, driven by a real libsoup client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <libsoup/soup.h>
#include <sqlite3.h>

#include "monia-core.h"
#include "monia-server.h"
#include "monia-server-store-private.h"
#include "monia-test-util.h"

#define PASSWORD "correct horse battery"

/* The server runs in its own thread with its own main context, so the test
 * can use libsoup's blocking calls. */
typedef struct
{
  char         *dir;
  char         *database;   /* NULL: the SQLite file in dir */
  gint64        token_lifetime;
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  GMutex        lock;
  GCond         cond;
  guint16       port;
  gboolean      ready;
  SoupSession  *session;
  char         *alice, *bob, *carol, *lead, *admin;   /* account ids */
} Fixture;

static gpointer
server_thread (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaServerStore) store = NULL;
  g_autoptr(MoniaServer) server = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);

  g_main_context_push_thread_default (f->context);
  store = monia_server_store_open_database (f->dir, f->database, FALSE, &error);
  g_assert_no_error (error);
  server = monia_server_new (store, NULL);
  monia_server_set_token_lifetime (server, f->token_lifetime);
  monia_server_listen (server, G_INET_SOCKET_ADDRESS (address), &error);
  g_assert_no_error (error);

  g_mutex_lock (&f->lock);
  f->port = monia_server_get_port (server);
  f->ready = TRUE;
  g_cond_signal (&f->cond);
  g_mutex_unlock (&f->lock);

  g_main_loop_run (f->loop);
  monia_server_disconnect (server);
  g_clear_object (&server);
  g_main_context_pop_thread_default (f->context);
  return NULL;
}

static void
fixture_start (Fixture *f,
               gint64   token_lifetime)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaServerStore) store = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  f->dir = monia_test_tmp_dir_new ();
  f->database = monia_test_database_new ();
  store = monia_server_store_open_database (f->dir, f->database, TRUE, &error);
  g_assert_no_error (error);
  f->alice = monia_server_store_add_account (store, "alice", "Alice Example", "Org A", "Team 1", MONIA_ROLE_WORKER, PASSWORD, &error);
  g_assert_no_error (error);
  f->bob = monia_server_store_add_account (store, "bob", "Bob Example", "Org A", "Team 1", MONIA_ROLE_WORKER, PASSWORD, &error);
  g_assert_no_error (error);
  f->carol = monia_server_store_add_account (store, "carol", "Carol Example", "Org A", "Team 2", MONIA_ROLE_WORKER, PASSWORD, &error);
  g_assert_no_error (error);
  f->lead = monia_server_store_add_account (store, "lead", "Lea Example", "Org A", "Team 1", MONIA_ROLE_LEAD, PASSWORD, &error);
  g_assert_no_error (error);
  f->admin = monia_server_store_add_account (store, "admin", "Adam Example", "Org A", "Admins", MONIA_ROLE_ADMIN, PASSWORD, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  f->token_lifetime = token_lifetime;
  f->context = g_main_context_new ();
  f->loop = g_main_loop_new (f->context, FALSE);
  g_mutex_init (&f->lock);
  g_cond_init (&f->cond);
  f->thread = g_thread_new ("monia-server", server_thread, f);

  g_mutex_lock (&f->lock);
  while (!f->ready)
    if (!g_cond_wait_until (&f->cond, &f->lock, deadline))
      break;
  g_mutex_unlock (&f->lock);
  g_assert_true (f->ready);
  g_assert_cmpuint (f->port, >, 0);

  f->session = soup_session_new_with_options ("timeout", 20, NULL);
}

static void
assert_audit_intact (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaServerStore) store = monia_server_store_open_database (f->dir, f->database, FALSE, &error);
  gint64 n = 0;

  g_assert_no_error (error);
  g_assert_true (monia_server_store_audit_verify (store, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, >, 5);
}

static void
fixture_stop (Fixture *f)
{
  g_clear_object (&f->session);
  g_main_loop_quit (f->loop);
  g_thread_join (f->thread);
  g_main_loop_unref (f->loop);
  g_main_context_unref (f->context);
  g_mutex_clear (&f->lock);
  g_cond_clear (&f->cond);
  /* Every test leaves an intact audit chain behind. */
  assert_audit_intact (f);
  monia_test_tmp_dir_remove (f->dir);
  monia_test_database_drop (f->database);
  g_free (f->dir);
  g_free (f->database);
  g_free (f->alice);
  g_free (f->bob);
  g_free (f->carol);
  g_free (f->lead);
  g_free (f->admin);
}

static SoupMessage *
make_message (Fixture    *f,
              const char *method,
              const char *path,
              const char *token,
              const char *body)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u%s", f->port, path);
  SoupMessage *msg = soup_message_new (method, uri);

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *header = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
    }
  soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Monia-Device", "test-device");
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  return msg;
}

/* Sends a request; returns the parsed JSON reply (or a JSON null) and the
 * status code. */
static JsonNode *
request (Fixture    *f,
         const char *method,
         const char *path,
         const char *token,
         const char *body,
         guint      *status)
{
  g_autoptr(SoupMessage) msg = make_message (f, method, path, token, body);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) reply = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length = 0;
  const char *data;

  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  data = g_bytes_get_data (reply, &length);
  if (length == 0)
    return json_node_new (JSON_NODE_NULL);
  json_parser_load_from_data (parser, data, (gssize) length, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static const char *
error_code (JsonNode *node)
{
  JsonObject *error;

  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  error = json_object_get_object_member (json_node_get_object (node), "error");
  g_assert_nonnull (error);
  g_assert_nonnull (json_object_get_string_member (error, "message"));
  return json_object_get_string_member (error, "code");
}

static char *
login (Fixture    *f,
       const char *who)
{
  g_autofree char *body = g_strdup_printf ("{\"login\":\"%s\",\"password\":\"%s\"}", who, PASSWORD);
  guint status = 0;
  g_autoptr(JsonNode) reply = request (f, "POST", "/v1/login", NULL, body, &status);

  g_assert_cmpuint (status, ==, 200);
  return g_strdup (json_object_get_string_member (json_node_get_object (reply), "token"));
}

/* Mutations as the desktop sends them */

static char *
mutation (const char *kind,
          const char *record_id,
          const char *op,
          gint64      base_rev,
          const char *fields_json)
{
  g_autofree char *id = monia_id_new ();

  return g_strdup_printf ("{\"id\":\"%s\",\"kind\":\"%s\",\"record_id\":\"%s\",\"op\":\"%s\","
                          "\"base_rev\":%" G_GINT64_FORMAT ",\"fields\":%s}",
                          id, kind, record_id, op, base_rev, fields_json);
}

static JsonObject *
push_one (Fixture    *f,
          const char *token,
          const char *mutation_json,
          JsonNode  **out_reply)
{
  g_autofree char *body = g_strdup_printf ("{\"mutations\":[%s]}", mutation_json);
  guint status = 0;
  JsonNode *reply = request (f, "POST", "/v1/push", token, body, &status);
  JsonArray *results;

  g_assert_cmpuint (status, ==, 200);
  results = json_object_get_array_member (json_node_get_object (reply), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  *out_reply = reply;
  return json_array_get_object_element (results, 0);
}

static const char *
result_status (JsonObject *result)
{
  return json_object_get_string_member (result, "status");
}

static const char *
result_error_code (JsonObject *result)
{
  return json_object_get_string_member (json_object_get_object_member (result, "error"), "code");
}

/* Creates a case owned by @token's account with @participant on its team;
 * returns its id. */
static char *
create_case (Fixture    *f,
             const char *token,
             const char *participant)
{
  g_autofree char *case_id = monia_id_new ();
  g_autofree char *m = mutation ("case", case_id, "create", 0,
                                 "{\"title\":\"Family 900\",\"status\":\"open\",\"opened_on\":\"2025-03-03\"}");
  g_autoptr(JsonNode) reply = NULL;
  JsonObject *result = push_one (f, token, m, &reply);

  g_assert_cmpstr (result_status (result), ==, "applied");
  if (participant != NULL)
    {
      g_autofree char *pid = monia_id_new ();
      g_autofree char *fields = g_strdup_printf ("{\"case_id\":\"%s\",\"professional_id\":\"%s\",\"role\":\"pair\"}",
                                                 case_id, participant);
      g_autofree char *m2 = mutation ("participant", pid, "create", 0, fields);
      g_autoptr(JsonNode) reply2 = NULL;

      result = push_one (f, token, m2, &reply2);
      g_assert_cmpstr (result_status (result), ==, "applied");
    }
  return g_steal_pointer (&case_id);
}

static JsonNode *
pull (Fixture    *f,
      const char *token,
      const char *case_id,
      gint64      since,
      guint       limit,
      guint      *status)
{
  g_autofree char *path = g_strdup_printf ("/v1/cases/%s/changes?since=%" G_GINT64_FORMAT "&limit=%u",
                                           case_id, since, limit);

  return request (f, "GET", path, token, NULL, status);
}

/* The changes of a case, page by page (bounded). */
static JsonArray *
pull_all (Fixture    *f,
          const char *token,
          const char *case_id)
{
  JsonArray *all = json_array_new ();
  gint64 since = 0;

  for (guint page = 0; page < 100; page++)
    {
      guint status = 0;
      g_autoptr(JsonNode) reply = pull (f, token, case_id, since, 2, &status);
      JsonObject *object = json_node_get_object (reply);
      JsonArray *changes;

      g_assert_cmpuint (status, ==, 200);
      changes = json_object_get_array_member (object, "changes");
      for (guint i = 0; i < json_array_get_length (changes); i++)
        json_array_add_element (all, json_node_copy (json_array_get_element (changes, i)));
      g_assert_cmpint (json_object_get_int_member (object, "seq"), >=, since);
      since = json_object_get_int_member (object, "seq");
      if (!json_object_get_boolean_member (object, "more"))
        return all;
    }
  g_assert_not_reached ();
}

static JsonObject *
find_change (JsonArray  *changes,
             const char *kind,
             const char *id)
{
  JsonObject *found = NULL;

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);

      if (g_str_equal (json_object_get_string_member (change, "kind"), kind) &&
          (id == NULL || g_str_equal (json_object_get_string_member (change, "id"), id)))
        {
          g_assert_null (found);  /* each record once */
          found = change;
        }
    }
  return found;
}

static guint
count_kind (JsonArray  *changes,
            const char *kind)
{
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (changes); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (changes, i), "kind"), kind))
      n++;
  return n;
}

static gboolean
case_listed (Fixture    *f,
             const char *token,
             const char *case_id,
             const char *list)
{
  guint status = 0;
  g_autoptr(JsonNode) reply = request (f, "GET", "/v1/cases", token, NULL, &status);
  JsonArray *items;

  g_assert_cmpuint (status, ==, 200);
  items = json_object_get_array_member (json_node_get_object (reply), list);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *item = json_array_get_element (items, i);
      const char *id = JSON_NODE_HOLDS_OBJECT (item)
        ? json_object_get_string_member (json_node_get_object (item), "id")
        : json_node_get_string (item);

      if (g_str_equal (id, case_id))
        return TRUE;
    }
  return FALSE;
}

/* POST /v1/pull of @feeds (NULL-terminated, each from since 0). */
static JsonNode *
pull_many (Fixture     *f,
           const char  *token,
           const char **feeds,
           int          limit,
           guint       *status)
{
  g_autoptr(GString) body = g_string_new ("{\"feeds\":[");

  for (guint i = 0; feeds[i] != NULL; i++)
    g_string_append_printf (body, "%s{\"feed\":\"%s\",\"since\":0}", i > 0 ? "," : "", feeds[i]);
  g_string_append_printf (body, "],\"limit\":%d}", limit);
  return request (f, "POST", "/v1/pull", token, body->str, status);
}

static const char *
error_feed (JsonNode *node)
{
  JsonObject *error = json_object_get_object_member (json_node_get_object (node), "error");

  return json_object_get_string_member_with_default (error, "feed", NULL);
}

/* Tests */

static void
test_login (void)
{
  Fixture f = { 0 };
  g_autofree char *token = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) me = NULL;
  guint status = 0;

  fixture_start (&f, 3600);

  reply = request (&f, "POST", "/v1/login", NULL,
                   "{\"login\":\"alice\",\"password\":\"" PASSWORD "\"}", &status);
  g_assert_cmpuint (status, ==, 200);
  token = g_strdup (json_object_get_string_member (json_node_get_object (reply), "token"));
  g_assert_cmpuint (strlen (token), >=, 40);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (reply), "expires_at"), >,
                   g_get_real_time () / G_USEC_PER_SEC + 3000);
  g_clear_pointer (&reply, json_node_unref);

  me = request (&f, "GET", "/v1/me", token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (me), "id"), ==, f.alice);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (me), "role"), ==, "worker");

  reply = request (&f, "POST", "/v1/login", NULL, "{\"login\":\"alice\",\"password\":\"wrong password\"}", &status);
  g_assert_cmpuint (status, ==, 401);
  g_assert_cmpstr (error_code (reply), ==, "unauthorized");
  g_clear_pointer (&reply, json_node_unref);

  reply = request (&f, "POST", "/v1/login", NULL, "{\"login\":\"nobody\",\"password\":\"" PASSWORD "\"}", &status);
  g_assert_cmpuint (status, ==, 401);
  g_clear_pointer (&reply, json_node_unref);

  /* No token, a made-up token */
  reply = request (&f, "GET", "/v1/cases", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 401);
  g_assert_cmpstr (error_code (reply), ==, "unauthorized");
  g_clear_pointer (&reply, json_node_unref);
  reply = request (&f, "GET", "/v1/cases", "madeup", NULL, &status);
  g_assert_cmpuint (status, ==, 401);
  g_clear_pointer (&reply, json_node_unref);

  /* Bad requests get JSON errors */
  reply = request (&f, "POST", "/v1/push", token, "{\"mutations\": [", &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (error_code (reply), ==, "bad_request");
  g_clear_pointer (&reply, json_node_unref);
  reply = request (&f, "POST", "/v1/push", token, "[1, 2]", &status);
  g_assert_cmpuint (status, ==, 400);
  g_clear_pointer (&reply, json_node_unref);
  reply = request (&f, "POST", "/v1/login", NULL, "{\"login\": 5}", &status);
  g_assert_cmpuint (status, ==, 400);
  g_clear_pointer (&reply, json_node_unref);
  reply = request (&f, "GET", "/v1/no-such-thing", token, NULL, &status);
  g_assert_cmpuint (status, ==, 404);
  g_assert_cmpstr (error_code (reply), ==, "not_found");
  g_clear_pointer (&reply, json_node_unref);
  reply = request (&f, "GET", "/elsewhere", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 404);
  g_clear_pointer (&reply, json_node_unref);
  reply = request (&f, "GET", "/v1/push", token, NULL, &status);
  g_assert_cmpuint (status, ==, 405);
  g_clear_pointer (&reply, json_node_unref);
  reply = request (&f, "GET", "/v1/cases/not-a-uuid/changes?since=x", token, NULL, &status);
  g_assert_cmpuint (status, ==, 404);
  g_clear_pointer (&reply, json_node_unref);

  /* A body over the limit is refused before it is read */
  {
    gsize size = MONIA_SERVER_MAX_BODY + 1024;
    char *big = g_malloc (size + 1);

    memset (big, ' ', size);
    big[0] = '{';
    big[size - 1] = '}';
    big[size] = '\0';
    reply = request (&f, "POST", "/v1/push", token, big, &status);
    g_free (big);
    g_assert_cmpuint (status, ==, 413);
    g_assert_cmpstr (error_code (reply), ==, "too_large");
    g_clear_pointer (&reply, json_node_unref);
  }

  /* The server is still there */
  reply = request (&f, "GET", "/v1/cases", token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&reply, json_node_unref);

  /* Logged out, the token is dead */
  reply = request (&f, "POST", "/v1/logout", token, NULL, &status);
  g_assert_cmpuint (status, ==, 204);
  g_clear_pointer (&reply, json_node_unref);
  reply = request (&f, "GET", "/v1/me", token, NULL, &status);
  g_assert_cmpuint (status, ==, 401);

  fixture_stop (&f);
}

static void
test_throttle (void)
{
  Fixture f = { 0 };
  guint status = 0;

  fixture_start (&f, 3600);

  for (guint i = 0; i < MONIA_SERVER_MAX_FAILURES_PER_ACCOUNT; i++)
    {
      g_autoptr(JsonNode) reply = request (&f, "POST", "/v1/login", NULL,
                                           "{\"login\":\"bob\",\"password\":\"guess guess\"}", &status);
      g_assert_cmpuint (status, ==, 401);
    }

  /* Now even the right password is refused for a while */
  {
    g_autoptr(SoupMessage) msg = make_message (&f, "POST", "/v1/login", NULL,
                                               "{\"login\":\"bob\",\"password\":\"" PASSWORD "\"}");
    g_autoptr(GBytes) body = soup_session_send_and_read (f.session, msg, NULL, NULL);
    const char *retry = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After");

    g_assert_cmpuint (soup_message_get_status (msg), ==, 429);
    g_assert_cmpstr (soup_message_get_reason_phrase (msg), ==, "Too Many Requests");
    g_assert_nonnull (retry);
    g_assert_cmpint (g_ascii_strtoll (retry, NULL, 10), >, 0);
    g_assert_nonnull (strstr (g_bytes_get_data (body, NULL), "\"throttled\""));
  }

  /* Another account is not blocked by bob's failures */
  g_free (login (&f, "alice"));

  fixture_stop (&f);
}

static void
test_token_expiry (void)
{
  Fixture f = { 0 };
  g_autofree char *token = NULL;
  guint status = 0;

  fixture_start (&f, 1);
  token = login (&f, "alice");
  {
    g_autoptr(JsonNode) reply = request (&f, "GET", "/v1/me", token, NULL, &status);
    /* Issued within this second: either still valid or just ended */
    g_assert_true (status == 200 || status == 401);
  }
  g_usleep (2100 * 1000);
  {
    g_autoptr(JsonNode) reply = request (&f, "GET", "/v1/me", token, NULL, &status);

    g_assert_cmpuint (status, ==, 401);
    g_assert_cmpstr (error_code (reply), ==, "unauthorized");
  }
  fixture_stop (&f);
}

static void
test_push_idempotent (void)
{
  Fixture f = { 0 };
  g_autofree char *token = NULL;
  g_autofree char *case_id = monia_id_new ();
  g_autofree char *m = NULL;
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(JsonArray) changes = NULL;
  JsonObject *record;
  guint status = 0;
  gint64 seq_before;

  fixture_start (&f, 3600);
  token = login (&f, "alice");

  m = mutation ("case", case_id, "create", 0, "{\"title\":\"Family 901\",\"status\":\"open\"}");
  body = g_strdup_printf ("{\"mutations\":[%s]}", m);
  first = request (&f, "POST", "/v1/push", token, body, &status);
  g_assert_cmpuint (status, ==, 200);
  record = json_array_get_object_element (json_object_get_array_member (json_node_get_object (first), "results"), 0);
  g_assert_cmpstr (result_status (record), ==, "applied");
  g_assert_cmpint (json_object_get_int_member (record, "rev"), ==, 1);

  changes = pull_all (&f, token, case_id);
  g_assert_cmpuint (json_array_get_length (changes), ==, 1);
  record = find_change (changes, "case", case_id);
  g_assert_nonnull (record);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (record, "fields"), "title"), ==, "Family 901");
  /* The maker owns it */
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (record, "fields"), "owner_id"), ==, f.alice);
  seq_before = json_object_get_int_member (record, "seq");
  g_assert_true (case_listed (&f, token, case_id, "cases"));

  /* The same batch again changes nothing and answers the same */
  second = request (&f, "POST", "/v1/push", token, body, &status);
  g_assert_cmpuint (status, ==, 200);
  record = json_array_get_object_element (json_object_get_array_member (json_node_get_object (second), "results"), 0);
  g_assert_cmpstr (result_status (record), ==, "applied");
  g_assert_true (json_object_get_boolean_member (record, "duplicate"));
  g_assert_cmpint (json_object_get_int_member (record, "rev"), ==, 1);
  g_clear_pointer (&changes, json_array_unref);
  changes = pull_all (&f, token, case_id);
  g_assert_cmpuint (json_array_get_length (changes), ==, 1);
  g_assert_cmpint (json_object_get_int_member (find_change (changes, "case", case_id), "seq"), ==, seq_before);
  g_assert_cmpint (json_object_get_int_member (find_change (changes, "case", case_id), "rev"), ==, 1);

  /* A bad value is rejected with a reason, and nothing else breaks */
  {
    g_autofree char *bad = mutation ("case", case_id, "update", 1, "{\"opened_on\":\"yesterday\"}");
    g_autoptr(JsonNode) reply = NULL;
    JsonObject *result = push_one (&f, token, bad, &reply);

    g_assert_cmpstr (result_status (result), ==, "rejected");
    g_assert_cmpstr (result_error_code (result), ==, "invalid_value");
  }
  {
    g_autoptr(JsonNode) reply = NULL;
    JsonObject *result = push_one (&f, token, "{\"id\":\"x\"}", &reply);

    g_assert_cmpstr (result_status (result), ==, "rejected");
    g_assert_cmpstr (result_error_code (result), ==, "bad_request");
  }

  fixture_stop (&f);
}

/* A long-poll that sees no change answers when its wait is over, on the
 * server's own main context (the server runs on a thread of its own here,
 * and this thread never iterates the default context while it waits). */
static void
test_poll_timeout (void)
{
  Fixture f = { 0 };
  g_autofree char *token = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;
  gint64 start;

  fixture_start (&f, 3600);
  token = login (&f, "alice");
  first = request (&f, "GET", "/v1/notices?wait=0", token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);

  path = g_strdup_printf ("/v1/notices?after=%" G_GINT64_FORMAT "&epoch=%s&wait=1",
                          json_object_get_int_member (json_node_get_object (first), "next"),
                          json_object_get_string_member (json_node_get_object (first), "epoch"));
  start = g_get_monotonic_time ();
  reply = request (&f, "GET", path, token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (reply), "notices")), ==, 0);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (reply), "reset"));
  /* It waited about its second (timeouts in seconds are coarse), not the
   * client's 20 s timeout. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC / 2);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);

  fixture_stop (&f);
}

/* A push is one commit with a savepoint per mutation: a refused mutation
 * in the middle of a batch leaves no trace (no record, no audit entry),
 * the others are kept, and the audit chain stays whole even when another
 * process writes to the log between two requests. */
static void
test_push_batch_units (void)
{
  Fixture f = { 0 };
  g_autofree char *token = NULL;
  g_autofree char *case_id = monia_id_new ();
  g_autofree char *good_event = monia_id_new ();
  g_autofree char *bad_event = monia_id_new ();
  g_autofree char *m1 = NULL, *m2 = NULL, *m3 = NULL, *m4 = NULL;
  g_autofree char *f2 = NULL, *f3 = NULL, *body = NULL, *again = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) resent = NULL;
  g_autoptr(JsonArray) changes = NULL;
  JsonArray *results;
  guint status = 0;
  gint64 n_before = 0, n_after = 0;

  fixture_start (&f, 3600);
  token = login (&f, "alice");

  m1 = mutation ("case", case_id, "create", 0, "{\"title\":\"Family 903\",\"status\":\"open\"}");
  f2 = g_strdup_printf ("{\"case_id\":\"%s\",\"kind\":\"note\",\"occurred_at\":1741000000,\"text\":\"Kept\"}", case_id);
  m2 = mutation ("event", good_event, "create", 0, f2);
  /* Refused after its checks began: no such kind of value for the date */
  f3 = g_strdup_printf ("{\"case_id\":\"%s\",\"kind\":\"note\",\"occurred_at\":\"soon\"}", case_id);
  m3 = mutation ("event", bad_event, "create", 0, f3);
  m4 = mutation ("case", case_id, "update", 1, "{\"status\":\"assessment\"}");
  body = g_strdup_printf ("{\"mutations\":[%s,%s,%s,%s]}", m1, m2, m3, m4);

  reply = request (&f, "POST", "/v1/push", token, body, &status);
  g_assert_cmpuint (status, ==, 200);
  results = json_object_get_array_member (json_node_get_object (reply), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 4);
  g_assert_cmpstr (result_status (json_array_get_object_element (results, 0)), ==, "applied");
  g_assert_cmpstr (result_status (json_array_get_object_element (results, 1)), ==, "applied");
  g_assert_cmpstr (result_status (json_array_get_object_element (results, 2)), ==, "rejected");
  g_assert_cmpstr (result_error_code (json_array_get_object_element (results, 2)), ==, "invalid_value");
  g_assert_cmpstr (result_status (json_array_get_object_element (results, 3)), ==, "applied");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (results, 3), "rev"), ==, 2);

  changes = pull_all (&f, token, case_id);
  g_assert_nonnull (find_change (changes, "event", good_event));
  g_assert_null (find_change (changes, "event", bad_event));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (find_change (changes, "case", case_id), "fields"), "status"),
                   ==, "assessment");

  /* Another process adds to the audit log while the server runs */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MoniaServerStore) other = monia_server_store_open_database (f.dir, f.database, FALSE, &error);
    g_autofree char *id = NULL;

    g_assert_no_error (error);
    g_assert_true (monia_server_store_audit_verify (other, &n_before, &error));
    g_assert_no_error (error);
    id = monia_server_store_add_account (other, "dave", "Dave Example", "Org A", "Team 1",
                                         MONIA_ROLE_WORKER, PASSWORD, &error);
    g_assert_no_error (error);
  }

  /* The whole batch again: the same answers, marked as duplicates */
  resent = request (&f, "POST", "/v1/push", token, body, &status);
  g_assert_cmpuint (status, ==, 200);
  results = json_object_get_array_member (json_node_get_object (resent), "results");
  for (guint i = 0; i < 4; i++)
    g_assert_true (json_object_get_boolean_member (json_array_get_object_element (results, i), "duplicate"));
  g_assert_cmpstr (result_status (json_array_get_object_element (results, 2)), ==, "rejected");

  again = mutation ("case", case_id, "update", 2, "{\"status\":\"planning\"}");
  {
    g_autoptr(JsonNode) one = NULL;

    g_assert_cmpstr (result_status (push_one (&f, token, again, &one)), ==, "applied");
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MoniaServerStore) other = monia_server_store_open_database (f.dir, f.database, FALSE, &error);

    g_assert_no_error (error);
    g_assert_true (monia_server_store_audit_verify (other, &n_after, &error));
    g_assert_no_error (error);
    /* account_add, the update and the reads of the pulls since */
    g_assert_cmpint (n_after, >, n_before + 1);
  }

  fixture_stop (&f);
}

static void
test_conflict (void)
{
  Fixture f = { 0 };
  g_autofree char *alice = NULL, *bob = NULL, *case_id = NULL;
  g_autofree char *ma = NULL, *mb = NULL;
  g_autoptr(JsonNode) ra = NULL, rb = NULL;
  g_autoptr(JsonArray) seen_by_alice = NULL, seen_by_bob = NULL;
  JsonObject *result, *record, *conflict, *fields;
  JsonArray *conflicts;
  gint64 base;

  fixture_start (&f, 3600);
  alice = login (&f, "alice");
  bob = login (&f, "bob");
  case_id = create_case (&f, alice, f.bob);

  seen_by_bob = pull_all (&f, bob, case_id);
  base = json_object_get_int_member (find_change (seen_by_bob, "case", case_id), "rev");
  g_clear_pointer (&seen_by_bob, json_array_unref);

  /* Both edit the title from the same base */
  ma = mutation ("case", case_id, "update", base, "{\"title\":\"Family 902 (Alice)\"}");
  result = push_one (&f, alice, ma, &ra);
  g_assert_cmpstr (result_status (result), ==, "applied");

  mb = mutation ("case", case_id, "update", base, "{\"title\":\"Family 902 (Bob)\",\"status\":\"assessment\"}");
  result = push_one (&f, bob, mb, &rb);
  g_assert_cmpstr (result_status (result), ==, "conflict");
  /* The field nobody else touched went in */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result, "applied")), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (result, "applied"), 0), ==, "status");
  conflicts = json_object_get_array_member (result, "conflicts");
  g_assert_cmpuint (json_array_get_length (conflicts), ==, 1);
  conflict = json_array_get_object_element (conflicts, 0);
  g_assert_cmpstr (json_object_get_string_member (conflict, "field"), ==, "title");
  g_assert_cmpstr (json_object_get_string_member (conflict, "base"), ==, "Family 900");
  g_assert_cmpstr (json_object_get_string_member (conflict, "theirs"), ==, "Family 902 (Alice)");
  g_assert_cmpstr (json_object_get_string_member (conflict, "mine"), ==, "Family 902 (Bob)");

  /* Both see the same single conflict; the server kept Alice's title and
   * Bob's text is in the conflict: nothing lost. */
  seen_by_alice = pull_all (&f, alice, case_id);
  seen_by_bob = pull_all (&f, bob, case_id);
  g_assert_cmpuint (count_kind (seen_by_alice, "conflict"), ==, 1);
  g_assert_cmpuint (count_kind (seen_by_bob, "conflict"), ==, 1);
  for (guint who = 0; who < 2; who++)
    {
      JsonArray *changes = who == 0 ? seen_by_alice : seen_by_bob;

      record = find_change (changes, "case", case_id);
      fields = json_object_get_object_member (record, "fields");
      g_assert_cmpstr (json_object_get_string_member (fields, "title"), ==, "Family 902 (Alice)");
      g_assert_cmpstr (json_object_get_string_member (fields, "status"), ==, "assessment");
      fields = json_object_get_object_member (find_change (changes, "conflict", NULL), "fields");
      g_assert_cmpstr (json_object_get_string_member (fields, "record_id"), ==, case_id);
      g_assert_cmpstr (json_object_get_string_member (fields, "mine"), ==, "Family 902 (Bob)");
      g_assert_cmpstr (json_object_get_string_member (fields, "theirs"), ==, "Family 902 (Alice)");
      g_assert_cmpstr (json_object_get_string_member (fields, "mine_by"), ==, f.bob);
      g_assert_cmpstr (json_object_get_string_member (fields, "theirs_by"), ==, f.alice);
      g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (fields, "resolved_at")));
    }

  /* Resolving it is seen by the team */
  {
    const char *conflict_id = json_object_get_string_member (find_change (seen_by_alice, "conflict", NULL), "id");
    g_autofree char *path = g_strdup_printf ("/v1/conflicts/%s/resolve", conflict_id);
    g_autoptr(JsonNode) reply = NULL;
    g_autoptr(JsonArray) after = NULL;
    guint status = 0;

    reply = request (&f, "POST", path, bob, "{}", &status);
    g_assert_cmpuint (status, ==, 200);
    after = pull_all (&f, alice, case_id);
    fields = json_object_get_object_member (find_change (after, "conflict", conflict_id), "fields");
    g_assert_cmpstr (json_object_get_string_member (fields, "resolved_by"), ==, f.bob);
  }

  fixture_stop (&f);
}

static void
test_append_only (void)
{
  Fixture f = { 0 };
  g_autofree char *token = NULL, *case_id = NULL, *event_id = monia_id_new ();
  g_autofree char *fields = NULL, *create = NULL, *update = NULL, *del = NULL;
  g_autoptr(JsonNode) r1 = NULL, r2 = NULL, r3 = NULL;
  g_autoptr(JsonArray) changes = NULL;
  JsonObject *result;

  fixture_start (&f, 3600);
  token = login (&f, "alice");
  case_id = create_case (&f, token, NULL);

  fields = g_strdup_printf ("{\"case_id\":\"%s\",\"kind\":\"note\",\"occurred_at\":1740000000,\"text\":\"Called the school.\"}", case_id);
  create = mutation ("event", event_id, "create", 0, fields);
  result = push_one (&f, token, create, &r1);
  g_assert_cmpstr (result_status (result), ==, "applied");

  update = mutation ("event", event_id, "update", 1, "{\"text\":\"Changed\"}");
  result = push_one (&f, token, update, &r2);
  g_assert_cmpstr (result_status (result), ==, "rejected");
  g_assert_cmpstr (result_error_code (result), ==, "append_only");

  del = mutation ("event", event_id, "delete", 1, "{}");
  result = push_one (&f, token, del, &r3);
  g_assert_cmpstr (result_status (result), ==, "rejected");
  g_assert_cmpstr (result_error_code (result), ==, "append_only");

  changes = pull_all (&f, token, case_id);
  result = find_change (changes, "event", event_id);
  g_assert_false (json_object_get_boolean_member (result, "deleted"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (result, "fields"), "text"), ==,
                   "Called the school.");

  fixture_stop (&f);
}

static void
test_other_team (void)
{
  Fixture f = { 0 };
  g_autofree char *alice = NULL, *carol = NULL, *lead = NULL, *case_id = NULL;
  g_autofree char *path = NULL, *fields = NULL, *update = NULL, *event = NULL, *event_id = monia_id_new ();
  g_autoptr(JsonNode) reply = NULL;
  JsonObject *result;
  guint status = 0;

  fixture_start (&f, 3600);
  alice = login (&f, "alice");
  carol = login (&f, "carol");
  lead = login (&f, "lead");
  case_id = create_case (&f, alice, NULL);

  /* Carol, of another team, gets nothing of the case anywhere */
  g_assert_false (case_listed (&f, carol, case_id, "cases"));
  g_assert_false (case_listed (&f, carol, case_id, "revoked"));

  reply = pull (&f, carol, case_id, 0, 10, &status);
  g_assert_cmpuint (status, ==, 404);
  g_assert_cmpstr (error_code (reply), ==, "not_found");
  g_clear_pointer (&reply, json_node_unref);

  update = mutation ("case", case_id, "update", 1, "{\"title\":\"Taken over\"}");
  result = push_one (&f, carol, update, &reply);
  g_assert_cmpstr (result_status (result), ==, "rejected");
  g_assert_cmpstr (result_error_code (result), ==, "not_found");
  g_clear_pointer (&reply, json_node_unref);

  fields = g_strdup_printf ("{\"case_id\":\"%s\",\"kind\":\"note\",\"occurred_at\":1740000000,\"text\":\"x\"}", case_id);
  event = mutation ("event", event_id, "create", 0, fields);
  result = push_one (&f, carol, event, &reply);
  g_assert_cmpstr (result_status (result), ==, "rejected");
  g_assert_cmpstr (result_error_code (result), ==, "not_found");
  g_clear_pointer (&reply, json_node_unref);

  reply = request (&f, "GET", "/v1/lead/cases", carol, NULL, &status);
  g_assert_cmpuint (status, ==, 403);
  g_assert_cmpstr (error_code (reply), ==, "forbidden");
  g_clear_pointer (&reply, json_node_unref);

  path = g_strdup_printf ("/v1/admin/people/%s/processing", case_id);
  reply = request (&f, "GET", path, carol, NULL, &status);
  g_assert_cmpuint (status, ==, 403);
  g_clear_pointer (&reply, json_node_unref);

  reply = request (&f, "GET", "/v1/feeds/inbox/changes", carol, NULL, &status);
  g_assert_cmpuint (status, ==, 404);
  g_clear_pointer (&reply, json_node_unref);

  /* The title stayed */
  {
    g_autoptr(JsonArray) changes = pull_all (&f, alice, case_id);

    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (find_change (changes, "case", case_id), "fields"), "title"),
                     ==, "Family 900");
  }

  /* The lead of Alice's team sees the case's dates and owner, not its text */
  reply = request (&f, "GET", "/v1/lead/cases", lead, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  {
    JsonArray *cases = json_object_get_array_member (json_node_get_object (reply), "cases");
    JsonObject *item;

    g_assert_cmpuint (json_array_get_length (cases), ==, 1);
    item = json_array_get_object_element (cases, 0);
    g_assert_cmpstr (json_object_get_string_member (item, "id"), ==, case_id);
    g_assert_cmpstr (json_object_get_string_member (item, "owner_id"), ==, f.alice);
    g_assert_cmpstr (json_object_get_string_member (item, "opened_on"), ==, "2025-03-03");
    /* Its name, as metadata; nothing of what is in it (see /server/lead-feed-metadata). */
    g_assert_cmpstr (json_object_get_string_member (item, "title"), ==, "Family 900");
  }
  g_clear_pointer (&reply, json_node_unref);
  reply = pull (&f, lead, case_id, 0, 10, &status);
  g_assert_cmpuint (status, ==, 403);
  g_assert_cmpstr (error_code (reply), ==, "forbidden");
  g_clear_pointer (&reply, json_node_unref);
  {
    const char *feeds[] = { case_id, NULL };

    reply = pull_many (&f, lead, feeds, 100, &status);
    g_assert_cmpuint (status, ==, 403);
    g_assert_cmpstr (error_code (reply), ==, "forbidden");
  }

  fixture_stop (&f);
}

/* The keys a lead's feed may carry, written here by hand: anything else
 * (a title, a name, a note, a section of an assessment) is content. */
static const char * const lead_feed_keys[] = { "team_id", "cases", "help_requests", NULL };
static const char * const lead_case_keys[] = {
  "id", "title", "status", "opened_on", "closed_on", "owner_id", "pair_id", "team_id", "seq", "next_deadline",
  "assessments", "child_keys", NULL
};
static const char * const lead_assessment_keys[] = {
  "id", "kind", "pending_on", "decision_due", "started_on", "completion_due", "completed_on", NULL
};
static const char * const lead_request_keys[] = { "id", "channel", "received_at", "due_at", NULL };

static void
assert_only_keys (JsonObject         *object,
                  const char * const *allowed)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      if (!g_strv_contains (allowed, l->data))
        g_error ("the lead feed carries “%s”, which is not metadata", (const char *) l->data);
    }
}

/* A lead's feed carries the team's cases' metadata and the clocks' days,
 * never contents; another team's lead gets nothing of them. */
static void
test_lead_feed_metadata (void)
{
  Fixture f = { 0 };
  g_autofree char *alice = NULL, *lead = NULL, *lead2 = NULL, *admin = NULL, *case_id = NULL;
  g_autofree char *assessment_id = monia_id_new (), *person_id = monia_id_new (), *link_id = monia_id_new ();
  g_autofree char *note_id = monia_id_new (), *request_id = monia_id_new ();
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) reply = NULL;
  JsonArray *cases, *assessments, *children, *requests;
  JsonObject *root, *item;
  guint status = 0;
  /* The case's name ("Family 900") is metadata a lead follows it by; none
   * of what is in it is. */
  const char *contents[] = { "Aino Testinen", "300620A901D", "Sleeps badly",
                             "Phoned the school", "Worried about the baby", "Maija Soittaja", NULL };

  fixture_start (&f, 3600);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MoniaServerStore) store = monia_server_store_open_database (f.dir, f.database, FALSE, &error);
    g_autofree char *id = NULL;

    g_assert_no_error (error);
    id = monia_server_store_add_account (store, "lead2", "Leo Example", "Org A", "Team 2", MONIA_ROLE_LEAD,
                                         PASSWORD, &error);
    g_assert_no_error (error);
  }
  alice = login (&f, "alice");
  lead = login (&f, "lead");
  lead2 = login (&f, "lead2");
  admin = login (&f, "admin");
  case_id = create_case (&f, alice, NULL);

  {
    const struct { const char *kind; const char *id; const char *fields; } records[] = {
      { "assessment", assessment_id, "{\"case_id\":\"CASE\",\"kind\":\"child_welfare_s26\",\"pending_on\":\"2025-03-03\","
        "\"decision_due\":\"2025-03-12\",\"started_on\":\"2025-03-05\",\"completion_due\":\"2025-06-03\","
        "\"sections\":\"{\\\"child\\\":\\\"Sleeps badly\\\"}\",\"conclusion\":\"Sleeps badly\"}" },
      { "person", person_id, "{\"name\":\"Aino Testinen\",\"hetu\":\"300620A901D\"}" },
      { "case_person", link_id, "{\"case_id\":\"CASE\",\"person_id\":\"PERSON\",\"relation\":\"child\"}" },
      { "event", note_id, "{\"case_id\":\"CASE\",\"kind\":\"note\",\"occurred_at\":1741000000,"
        "\"text\":\"Phoned the school\"}" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (records); i++)
      {
        g_autofree char *with_person = NULL;
        g_autofree char *m = NULL;
        g_autoptr(JsonNode) pushed = NULL;
        JsonObject *result;
        GString *fixed = g_string_new (records[i].fields);

        g_string_replace (fixed, "CASE", case_id, 0);
        g_string_replace (fixed, "PERSON", person_id, 0);
        with_person = g_string_free (fixed, FALSE);
        if (g_str_equal (records[i].kind, "person"))
          {
            g_autofree char *mid = monia_id_new ();

            /* A person's change names its case in the envelope. */
            m = g_strdup_printf ("{\"id\":\"%s\",\"kind\":\"person\",\"record_id\":\"%s\",\"op\":\"create\","
                                 "\"base_rev\":0,\"case_id\":\"%s\",\"fields\":%s}",
                                 mid, records[i].id, case_id, with_person);
          }
        else
          m = mutation (records[i].kind, records[i].id, "create", 0, with_person);
        result = push_one (&f, alice, m, &pushed);
        g_assert_cmpstr (result_status (result), ==, "applied");
      }
  }
  {
    g_autofree char *m = mutation ("help_request", request_id, "create", 0,
                                   "{\"channel\":\"web\",\"received_at\":1741000000,\"due_at\":1741300000,"
                                   "\"message\":\"Worried about the baby\",\"contact_name\":\"Maija Soittaja\"}");
    g_autoptr(JsonNode) pushed = NULL;

    g_assert_cmpstr (result_status (push_one (&f, admin, m, &pushed)), ==, "applied");
  }

  reply = request (&f, "GET", "/v1/lead/cases", lead, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  root = json_node_get_object (reply);
  assert_only_keys (root, lead_feed_keys);
  cases = json_object_get_array_member (root, "cases");
  g_assert_cmpuint (json_array_get_length (cases), ==, 1);
  item = json_array_get_object_element (cases, 0);
  assert_only_keys (item, lead_case_keys);
  g_assert_cmpstr (json_object_get_string_member (item, "owner_id"), ==, f.alice);
  assessments = json_object_get_array_member (item, "assessments");
  g_assert_cmpuint (json_array_get_length (assessments), ==, 1);
  assert_only_keys (json_array_get_object_element (assessments, 0), lead_assessment_keys);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (assessments, 0), "started_on"),
                   ==, "2025-03-05");
  /* A child is a key to count by, not the person's id */
  children = json_object_get_array_member (item, "child_keys");
  g_assert_cmpuint (json_array_get_length (children), ==, 1);
  g_assert_cmpuint (strlen (json_array_get_string_element (children, 0)), ==, 32);
  g_assert_cmpstr (json_array_get_string_element (children, 0), !=, person_id);
  requests = json_object_get_array_member (root, "help_requests");
  g_assert_cmpuint (json_array_get_length (requests), ==, 1);
  assert_only_keys (json_array_get_object_element (requests, 0), lead_request_keys);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (requests, 0), "due_at"), ==,
                   1741300000);

  /* And no content anywhere in the answer */
  text = json_to_string (reply, FALSE);
  for (guint i = 0; contents[i] != NULL; i++)
    g_assert_null (strstr (text, contents[i]));
  g_assert_null (strstr (text, person_id));
  g_clear_pointer (&reply, json_node_unref);

  /* The other team's lead sees none of Team 1's cases */
  reply = request (&f, "GET", "/v1/lead/cases", lead2, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (reply), "cases")),
                    ==, 0);
  g_clear_pointer (&reply, json_node_unref);
  g_clear_pointer (&text, g_free);

  fixture_stop (&f);
}

/* Several feeds in one pull: the same pages as one by one, in the order
 * asked, cut at the limit and resumable; one feed the account may not read
 * refuses the whole request and is named. */
static void
test_pull_many (void)
{
  Fixture f = { 0 };
  g_autofree char *alice = NULL, *carol = NULL;
  g_autofree char *c1 = NULL, *c2 = NULL, *c3 = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *pages;
  guint status = 0, expected = 0, got = 0;
  gint64 since[3] = { 0, 0, 0 };

  fixture_start (&f, 3600);
  alice = login (&f, "alice");
  carol = login (&f, "carol");
  c1 = create_case (&f, alice, f.bob);
  c2 = create_case (&f, alice, NULL);
  c3 = create_case (&f, alice, f.bob);

  {
    const char *feeds[] = { c1, c2, c3, NULL };

    reply = pull_many (&f, alice, feeds, 2000, &status);
    g_assert_cmpuint (status, ==, 200);
    pages = json_object_get_array_member (json_node_get_object (reply), "pages");
    g_assert_cmpuint (json_array_get_length (pages), ==, 3);
    for (guint i = 0; i < 3; i++)
      {
        JsonObject *page = json_array_get_object_element (pages, i);
        g_autoptr(JsonArray) one_by_one = pull_all (&f, alice, feeds[i]);
        JsonArray *changes = json_object_get_array_member (page, "changes");

        g_assert_cmpstr (json_object_get_string_member (page, "feed"), ==, feeds[i]);
        g_assert_false (json_object_get_boolean_member (page, "more"));
        g_assert_cmpint (json_object_get_int_member (page, "seq"), ==, json_object_get_int_member (page, "head"));
        g_assert_cmpuint (json_array_get_length (changes), ==, json_array_get_length (one_by_one));
        g_assert_nonnull (find_change (changes, "case", feeds[i]));
        expected += json_array_get_length (changes);
      }
    g_clear_pointer (&reply, json_node_unref);

    /* Three entries at a time: the first page is cut, the rest follow. */
    for (guint round = 0; round < 50 && got < expected; round++)
      {
        g_autoptr(GString) body = g_string_new ("{\"feeds\":[");
        guint first = 0;

        while (first < 3 && since[first] < 0)
          first++;
        g_assert_cmpuint (first, <, 3);
        for (guint i = first; i < 3; i++)
          g_string_append_printf (body, "%s{\"feed\":\"%s\",\"since\":%" G_GINT64_FORMAT "}",
                                  i > first ? "," : "", feeds[i], since[i]);
        g_string_append (body, "],\"limit\":3}");
        reply = request (&f, "POST", "/v1/pull", alice, body->str, &status);
        g_assert_cmpuint (status, ==, 200);
        pages = json_object_get_array_member (json_node_get_object (reply), "pages");
        g_assert_cmpuint (json_array_get_length (pages), >=, 1);
        for (guint i = 0; i < json_array_get_length (pages); i++)
          {
            JsonObject *page = json_array_get_object_element (pages, i);
            JsonArray *changes = json_object_get_array_member (page, "changes");

            g_assert_cmpstr (json_object_get_string_member (page, "feed"), ==, feeds[first + i]);
            g_assert_cmpuint (json_array_get_length (changes), <=, 3);
            for (guint j = 0; j < json_array_get_length (changes); j++)
              {
                JsonObject *change = json_array_get_object_element (changes, j);
                char *key = g_strconcat (feeds[first + i], "/",
                                         json_object_get_string_member (change, "id"), NULL);

                /* Nothing twice */
                g_assert_true (g_hash_table_add (seen, key));
                got++;
              }
            since[first + i] = json_object_get_boolean_member (page, "more")
              ? json_object_get_int_member (page, "seq") : -1;
          }
        g_clear_pointer (&reply, json_node_unref);
      }
    g_assert_cmpuint (got, ==, expected);
    g_assert_cmpint (since[2], ==, -1);
  }

  /* Carol, of another team: not one page, whatever comes first. */
  {
    const char *feeds[] = { "directory", c2, NULL };

    reply = pull_many (&f, carol, feeds, 100, &status);
    g_assert_cmpuint (status, ==, 404);
    g_assert_cmpstr (error_code (reply), ==, "not_found");
    g_assert_cmpstr (error_feed (reply), ==, c2);
    g_assert_false (json_object_has_member (json_node_get_object (reply), "pages"));
    g_clear_pointer (&reply, json_node_unref);
  }
  {
    const char *feeds[] = { "inbox", NULL };

    reply = pull_many (&f, carol, feeds, 100, &status);
    g_assert_cmpuint (status, ==, 404);
    g_assert_cmpstr (error_feed (reply), ==, "inbox");
    g_clear_pointer (&reply, json_node_unref);
  }

  /* Bad requests */
  {
    g_autofree char *twice = g_strdup_printf ("{\"feeds\":[{\"feed\":\"%s\"},{\"feed\":\"%s\"}]}", c1, c1);
    g_autofree char *negative = g_strdup_printf ("{\"feeds\":[{\"feed\":\"%s\",\"since\":-1}]}", c1);
    g_autofree char *no_limit = g_strdup_printf ("{\"feeds\":[{\"feed\":\"%s\"}],\"limit\":0}", c1);
    g_autofree char *big_limit = g_strdup_printf ("{\"feeds\":[{\"feed\":\"%s\"}],\"limit\":2001}", c1);
    g_autofree char *text_since = g_strdup_printf ("{\"feeds\":[{\"feed\":\"%s\",\"since\":\"0\"}]}", c1);
    g_autoptr(GString) too_many = g_string_new ("{\"feeds\":[");
    const char *bodies[] = { "{}", "{\"feeds\":[]}", "{\"feeds\":{}}", "{\"feeds\":[1]}",
                             "{\"feeds\":[{\"feed\":\"../cases\"}]}", "{\"feeds\":[{\"feed\":null}]}",
                             twice, negative, no_limit, big_limit, text_since, NULL, NULL };

    for (guint i = 0; i < 201; i++)
      g_string_append_printf (too_many, "%s{\"feed\":\"%s\"}", i > 0 ? "," : "", "directory");
    g_string_append (too_many, "]}");
    bodies[G_N_ELEMENTS (bodies) - 2] = too_many->str;
    for (guint i = 0; bodies[i] != NULL; i++)
      {
        reply = request (&f, "POST", "/v1/pull", alice, bodies[i], &status);
        g_assert_cmpuint (status, ==, 400);
        g_assert_cmpstr (error_code (reply), ==, "bad_request");
        g_clear_pointer (&reply, json_node_unref);
      }
    reply = request (&f, "GET", "/v1/pull", alice, NULL, &status);
    g_assert_cmpuint (status, ==, 405);
    g_clear_pointer (&reply, json_node_unref);
  }

  fixture_stop (&f);
}

static void
test_access_lost (void)
{
  Fixture f = { 0 };
  g_autofree char *alice = NULL, *bob = NULL, *case_id = NULL, *del = NULL;
  g_autoptr(JsonArray) changes = NULL;
  g_autoptr(JsonNode) reply = NULL;
  JsonObject *participant, *result;
  guint status = 0;

  fixture_start (&f, 3600);
  alice = login (&f, "alice");
  bob = login (&f, "bob");
  case_id = create_case (&f, alice, f.bob);

  changes = pull_all (&f, bob, case_id);
  participant = find_change (changes, "participant", NULL);
  g_assert_nonnull (participant);
  g_assert_true (case_listed (&f, bob, case_id, "cases"));

  del = mutation ("participant", json_object_get_string_member (participant, "id"), "delete",
                  json_object_get_int_member (participant, "rev"), "{}");
  result = push_one (&f, alice, del, &reply);
  g_assert_cmpstr (result_status (result), ==, "applied");
  g_clear_pointer (&reply, json_node_unref);

  /* Bob's desktop is told to drop the case */
  g_assert_false (case_listed (&f, bob, case_id, "cases"));
  g_assert_true (case_listed (&f, bob, case_id, "revoked"));
  reply = pull (&f, bob, case_id, 0, 10, &status);
  g_assert_cmpuint (status, ==, 403);
  g_assert_cmpstr (error_code (reply), ==, "access_lost");
  g_clear_pointer (&reply, json_node_unref);
  {
    const char *feeds[] = { "directory", case_id, NULL };

    reply = pull_many (&f, bob, feeds, 100, &status);
    g_assert_cmpuint (status, ==, 403);
    g_assert_cmpstr (error_code (reply), ==, "access_lost");
    g_assert_cmpstr (error_feed (reply), ==, case_id);
  }

  fixture_stop (&f);
}

typedef struct
{
  GMainContext *context;
  char         *text;
  SoupWebsocketConnection *connection;
  GError       *error;
  GBytes       *bytes;
  gboolean      done;
} Wait;

static void
ws_message_cb (SoupWebsocketConnection *connection,
               int                      type,
               GBytes                  *message,
               Wait                    *w)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (message, NULL), g_bytes_get_size (message));

  /* The first message is a greeting with the epoch */
  if (strstr (text, "\"feed\"") != NULL && w->text == NULL)
    w->text = g_steal_pointer (&text);
}

static void
ws_connected_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  Wait *w = data;

  w->connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &w->error);
  w->done = TRUE;
}

static void
poll_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Wait *w = data;

  w->bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &w->error);
  w->done = TRUE;
}

static void
iterate_until (gboolean *flag,
               guint     seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!*flag && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);
}

static void
test_live (void)
{
  Fixture f = { 0 };
  g_autofree char *alice = NULL, *bob = NULL, *case_id = NULL, *update = NULL, *path = NULL;
  g_autoptr(SoupMessage) ws_msg = NULL;
  g_autoptr(SoupMessage) poll_msg = NULL;
  g_autoptr(SoupSession) async_session = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) first_poll = NULL;
  Wait ws = { 0 }, lp = { 0 };
  guint status = 0;
  gint64 next;
  const char *epoch;
  gint64 seq_now;

  fixture_start (&f, 3600);
  alice = login (&f, "alice");
  bob = login (&f, "bob");
  case_id = create_case (&f, alice, f.bob);
  async_session = soup_session_new_with_options ("timeout", 20, NULL);

  /* A WebSocket without a token is refused */
  {
    g_autoptr(SoupMessage) anon = make_message (&f, "GET", "/v1/live", NULL, NULL);
    Wait refused = { 0 };

    soup_session_websocket_connect_async (async_session, anon, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                          ws_connected_cb, &refused);
    iterate_until (&refused.done, 10);
    g_assert_true (refused.done);
    g_assert_null (refused.connection);
    g_assert_cmpuint (soup_message_get_status (anon), ==, 401);
    g_clear_error (&refused.error);
  }

  ws_msg = make_message (&f, "GET", "/v1/live", bob, NULL);
  soup_session_websocket_connect_async (async_session, ws_msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        ws_connected_cb, &ws);
  iterate_until (&ws.done, 10);
  g_assert_no_error (ws.error);
  g_assert_nonnull (ws.connection);
  g_signal_connect (ws.connection, "message", G_CALLBACK (ws_message_cb), &ws);

  /* Where the notices stand now */
  first_poll = request (&f, "GET", "/v1/notices?wait=0", bob, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  next = json_object_get_int_member (json_node_get_object (first_poll), "next");
  epoch = json_object_get_string_member (json_node_get_object (first_poll), "epoch");

  /* A long-poll waits for the next change */
  path = g_strdup_printf ("/v1/notices?after=%" G_GINT64_FORMAT "&epoch=%s&wait=20", next, epoch);
  poll_msg = make_message (&f, "GET", path, bob, NULL);
  soup_session_send_and_read_async (async_session, poll_msg, G_PRIORITY_DEFAULT, NULL, poll_done_cb, &lp);
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_usleep (200 * 1000);
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (lp.done);

  update = mutation ("case", case_id, "update", 1, "{\"status\":\"planning\"}");
  {
    JsonObject *result = push_one (&f, alice, update, &reply);

    g_assert_cmpstr (result_status (result), ==, "applied");
  }
  {
    g_autoptr(JsonArray) now = pull_all (&f, alice, case_id);

    seq_now = json_object_get_int_member (find_change (now, "case", case_id), "seq");
  }

  iterate_until (&lp.done, 10);
  g_assert_true (lp.done);
  g_assert_no_error (lp.error);
  g_assert_cmpuint (soup_message_get_status (poll_msg), ==, 200);
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonArray *notices;
    JsonObject *notice;

    g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (lp.bytes, NULL),
                                               (gssize) g_bytes_get_size (lp.bytes), NULL));
    notices = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "notices");
    g_assert_cmpuint (json_array_get_length (notices), ==, 1);
    notice = json_array_get_object_element (notices, 0);
    g_assert_cmpstr (json_object_get_string_member (notice, "feed"), ==, case_id);
    g_assert_cmpint (json_object_get_int_member (notice, "seq"), ==, seq_now);
  }

  {
    gboolean got = FALSE;
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (!got && g_get_monotonic_time () < deadline)
      {
        g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);
        got = ws.text != NULL;
      }
    g_assert_true (got);
    g_assert_nonnull (strstr (ws.text, case_id));
  }

  soup_websocket_connection_close (ws.connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&ws.connection);
  g_free (ws.text);
  g_bytes_unref (lp.bytes);
  fixture_stop (&f);
}

/* Logins off the server's loop */

/* Holds password checks of logins starting with a prefix where the store's
 * verify hook calls it: the n-th check waits until the gate has been
 * released n times, or for max_wait_us at most. */
typedef struct
{
  GMutex      lock;
  GCond       cond;
  const char *login;
  guint       entered;
  guint       released;
  gint64      max_wait_us;
} Gate;

static void
gate_hook (const char *login,
           gpointer    data)
{
  Gate *gate = data;
  gint64 deadline = g_get_monotonic_time () + gate->max_wait_us;
  guint ticket;

  if (!g_str_has_prefix (login, gate->login))
    return;
  g_mutex_lock (&gate->lock);
  ticket = ++gate->entered;
  g_cond_broadcast (&gate->cond);
  while (gate->released < ticket)
    if (!g_cond_wait_until (&gate->cond, &gate->lock, deadline))
      break;
  g_mutex_unlock (&gate->lock);
}

static void
gate_init (Gate       *gate,
           const char *login,
           guint       max_wait_s)
{
  g_mutex_init (&gate->lock);
  g_cond_init (&gate->cond);
  gate->login = login;
  gate->max_wait_us = max_wait_s * G_USEC_PER_SEC;
  _monia_server_set_verify_hook (gate_hook, gate);
}

/* Only once no check is inside the gate any more. */
static void
gate_clear (Gate *gate)
{
  _monia_server_set_verify_hook (NULL, NULL);
  g_mutex_clear (&gate->lock);
  g_cond_clear (&gate->cond);
}

static void
gate_release (Gate  *gate,
              guint  n)
{
  g_mutex_lock (&gate->lock);
  gate->released = MIN (G_MAXUINT - n, gate->released) + n;
  g_cond_broadcast (&gate->cond);
  g_mutex_unlock (&gate->lock);
}

/* Runs the test's own context (its async requests) until @n checks have
 * entered the gate; FALSE if that did not happen within @seconds. */
static gboolean
gate_wait (Gate  *gate,
           guint  n,
           guint  seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  for (;;)
    {
      guint entered;

      g_mutex_lock (&gate->lock);
      entered = gate->entered;
      g_mutex_unlock (&gate->lock);
      if (entered >= n)
        return TRUE;
      if (g_get_monotonic_time () >= deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);
    }
}

static SoupMessage *
send_login_async (Fixture      *f,
                  SoupSession  *session,
                  const char   *who,
                  const char   *password,
                  GCancellable *cancellable,
                  Wait         *wait)
{
  g_autofree char *body = g_strdup_printf ("{\"login\":\"%s\",\"password\":\"%s\"}", who, password);
  SoupMessage *msg = make_message (f, "POST", "/v1/login", NULL, body);

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, cancellable, poll_done_cb, wait);
  return msg;
}

static void
test_login_off_loop (void)
{
  Fixture f = { 0 };
  Gate gate = { 0 };
  Wait held = { 0 };
  g_autofree char *bob = NULL;
  g_autoptr(SoupSession) async_session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  guint status = 0;

  fixture_start (&f, 3600);
  bob = login (&f, "bob");

  /* Alice's password check is held; bob's requests are answered meanwhile. */
  gate_init (&gate, "alice", 15);
  msg = send_login_async (&f, async_session, "alice", PASSWORD, NULL, &held);
  g_assert_true (gate_wait (&gate, 1, 10));
  /* A new connection with a short timeout: a stalled server fails the test
   * in seconds. */
  g_clear_object (&f.session);
  f.session = soup_session_new_with_options ("timeout", 3, NULL);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonNode) me = request (&f, "GET", "/v1/me", bob, NULL, &status);

      g_assert_cmpuint (status, ==, 200);
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (me), "id"), ==, f.bob);
    }
  g_assert_false (held.done);

  gate_release (&gate, 1);
  iterate_until (&held.done, 10);
  g_assert_true (held.done);
  g_assert_no_error (held.error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_nonnull (strstr (g_bytes_get_data (held.bytes, NULL), "\"token\""));

  g_bytes_unref (held.bytes);
  fixture_stop (&f);
  gate_clear (&gate);
}

/* More logins than may wait at once: the one too many is answered 503 at
 * once, the others in turn. */
static void
test_login_busy (void)
{
  enum { N = MONIA_SERVER_MAX_PENDING_LOGINS + 1 };
  Fixture f = { 0 };
  Gate gate = { 0 };
  Wait held[N] = { 0 };
  SoupMessage *msgs[N] = { 0 };
  g_autoptr(SoupSession) async_session = soup_session_new_with_options ("max-conns", 64,
                                                                        "max-conns-per-host", 64, NULL);
  gint64 deadline;
  guint busy = N;

  fixture_start (&f, 3600);
  gate_init (&gate, "nobody-", 15);
  for (guint i = 0; i < N; i++)
    {
      g_autofree char *who = g_strdup_printf ("nobody-%u", i);

      msgs[i] = send_login_async (&f, async_session, who, PASSWORD, NULL, &held[i]);
    }

  /* Bounded: until one is answered, while the gate holds the others. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (busy == N && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);
      for (guint i = 0; i < N; i++)
        if (held[i].done)
          busy = i;
    }
  g_assert_cmpuint (busy, <, N);
  g_assert_no_error (held[busy].error);
  g_assert_cmpuint (soup_message_get_status (msgs[busy]), ==, 503);
  {
    const char *retry = soup_message_headers_get_one (soup_message_get_response_headers (msgs[busy]), "Retry-After");

    g_assert_nonnull (retry);
    g_assert_cmpint (g_ascii_strtoll (retry, NULL, 10), >, 0);
    g_assert_nonnull (strstr (g_bytes_get_data (held[busy].bytes, NULL), "\"busy\""));
  }

  gate_release (&gate, G_MAXUINT);
  for (guint i = 0; i < N; i++)
    {
      iterate_until (&held[i].done, 20);
      g_assert_true (held[i].done);
      g_assert_no_error (held[i].error);
      if (i != busy)
        g_assert_cmpuint (soup_message_get_status (msgs[i]), ==, 401);
      g_bytes_unref (held[i].bytes);
      g_object_unref (msgs[i]);
    }
  fixture_stop (&f);
  gate_clear (&gate);
}

/* A client that goes away while its password is checked: the server goes
 * on, and the failed attempt still counts towards the throttle. */
static void
test_login_disconnect (void)
{
  Fixture f = { 0 };
  Gate gate = { 0 };
  g_autoptr(SoupSession) async_session = soup_session_new ();
  guint status = 0;

  fixture_start (&f, 3600);
  gate_init (&gate, "bob", 15);
  for (guint i = 0; i < MONIA_SERVER_MAX_FAILURES_PER_ACCOUNT; i++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(SoupMessage) msg = NULL;
      Wait gone = { 0 };

      msg = send_login_async (&f, async_session, "bob", "guess guess", cancellable, &gone);
      g_assert_true (gate_wait (&gate, i + 1, 10));
      g_cancellable_cancel (cancellable);
      iterate_until (&gone.done, 10);
      g_assert_true (gone.done);
      g_assert_error (gone.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&gone.error);
      /* Let the server see the connection close, most times. */
      g_usleep (50 * 1000);
      gate_release (&gate, 1);
    }

  /* The server still answers, and bob is throttled now. */
  {
    g_autoptr(JsonNode) reply = request (&f, "POST", "/v1/login", NULL,
                                         "{\"login\":\"bob\",\"password\":\"" PASSWORD "\"}", &status);

    g_assert_cmpuint (status, ==, 429);
    g_assert_cmpstr (error_code (reply), ==, "throttled");
  }
  g_free (login (&f, "alice"));
  fixture_stop (&f);
  gate_clear (&gate);
}

/* The server goes away while a password check runs. */
static void
test_login_dispose (void)
{
  Fixture f = { 0 };
  Gate gate = { 0 };
  Wait held = { 0 };
  g_autoptr(SoupSession) async_session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;

  fixture_start (&f, 3600);
  g_free (login (&f, "bob"));
  /* The check is let go after a second on its own: the server's thread is
   * then stopping and waits for it. */
  gate_init (&gate, "alice", 1);
  msg = send_login_async (&f, async_session, "alice", PASSWORD, NULL, &held);
  g_assert_true (gate_wait (&gate, 1, 10));
  fixture_stop (&f);

  iterate_until (&held.done, 10);
  g_assert_true (held.done);
  g_assert_cmpuint (soup_message_get_status (msg), !=, 200);
  g_clear_error (&held.error);
  g_clear_pointer (&held.bytes, g_bytes_unref);
  gate_clear (&gate);
}

static void
test_login_rate (void)
{
  Fixture f = { 0 };
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  const char *retry;

  fixture_start (&f, 3600);
  for (guint i = 0; i < MONIA_SERVER_MAX_LOGINS_PER_ACCOUNT; i++)
    g_free (login (&f, "alice"));

  /* One more within the minute is refused, and says for how long. */
  msg = make_message (&f, "POST", "/v1/login", NULL, "{\"login\":\"alice\",\"password\":\"" PASSWORD "\"}");
  body = soup_session_send_and_read (f.session, msg, NULL, NULL);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 429);
  g_assert_cmpstr (soup_message_get_reason_phrase (msg), ==, "Too Many Requests");
  retry = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After");
  g_assert_nonnull (retry);
  g_assert_cmpint (g_ascii_strtoll (retry, NULL, 10), >, 0);
  g_assert_cmpint (g_ascii_strtoll (retry, NULL, 10), <=, MONIA_SERVER_LOGIN_RATE_WINDOW);
  g_assert_nonnull (strstr (g_bytes_get_data (body, NULL), "\"throttled\""));

  /* Others are not held back by alice's logins. */
  g_free (login (&f, "bob"));
  fixture_stop (&f);
}

static gint64
count_tokens (Fixture    *f,
              const char *account_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM tokens WHERE account_id = '%s'", account_id);

  return monia_test_database_query_int (f->dir, f->database, sql);
}

static void
test_token_cap (void)
{
  Fixture f = { 0 };
  g_autofree char *oldest = NULL, *newest = NULL;
  guint status = 0;

  fixture_start (&f, 3600);
  oldest = login (&f, "alice");

  /* Sessions of alice's made after that one, on other devices, up to the
   * cap (the rate of logins would take minutes to get there). */
  {
    g_autofree char *sql = NULL;

    if (f.database != NULL)
      sql = g_strdup_printf ("INSERT INTO tokens (hash, account_id, device, created_at, expires_at)"
                             " SELECT md5 (random ()::text) || md5 (random ()::text), '%s', 'other device',"
                             " extract (epoch FROM now ())::bigint, extract (epoch FROM now ())::bigint + 3600"
                             " FROM generate_series (1, %d)",
                             f.alice, MONIA_SERVER_MAX_TOKENS_PER_ACCOUNT - 1);
    else
      sql = g_strdup_printf ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
                             " INSERT INTO tokens (hash, account_id, device, created_at, expires_at)"
                             " SELECT lower(hex(randomblob(32))), '%s', 'other device',"
                             " strftime('%%s', 'now'), strftime('%%s', 'now') + 3600 FROM n",
                             MONIA_SERVER_MAX_TOKENS_PER_ACCOUNT - 1, f.alice);
    monia_test_database_exec (f.dir, f.database, sql);
  }
  g_assert_cmpint (count_tokens (&f, f.alice), ==, MONIA_SERVER_MAX_TOKENS_PER_ACCOUNT);
  {
    g_autoptr(JsonNode) me = request (&f, "GET", "/v1/me", oldest, NULL, &status);

    g_assert_cmpuint (status, ==, 200);
  }

  /* One more session ends the oldest. */
  newest = login (&f, "alice");
  g_assert_cmpint (count_tokens (&f, f.alice), ==, MONIA_SERVER_MAX_TOKENS_PER_ACCOUNT);
  {
    g_autoptr(JsonNode) me = request (&f, "GET", "/v1/me", oldest, NULL, &status);

    g_assert_cmpuint (status, ==, 401);
    g_assert_cmpstr (error_code (me), ==, "unauthorized");
  }
  {
    g_autoptr(JsonNode) me = request (&f, "GET", "/v1/me", newest, NULL, &status);

    g_assert_cmpuint (status, ==, 200);
  }
  fixture_stop (&f);
}

/* Live sockets that stop with their token */

typedef struct
{
  Wait     open;
  guint    notices;
  gboolean closed;
} Live;

static void
live_message_cb (SoupWebsocketConnection *connection,
                 int                      type,
                 GBytes                  *message,
                 Live                    *live)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (message, NULL), g_bytes_get_size (message));

  if (strstr (text, "\"feed\"") != NULL)
    live->notices++;
}

static void
live_closed_cb (SoupWebsocketConnection *connection,
                Live                    *live)
{
  live->closed = TRUE;
}

static void
live_open (Fixture     *f,
           SoupSession *session,
           const char  *token,
           Live        *live)
{
  g_autoptr(SoupMessage) msg = make_message (f, "GET", "/v1/live", token, NULL);

  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        ws_connected_cb, &live->open);
  iterate_until (&live->open.done, 10);
  g_assert_no_error (live->open.error);
  g_assert_nonnull (live->open.connection);
  g_signal_connect (live->open.connection, "message", G_CALLBACK (live_message_cb), live);
  g_signal_connect (live->open.connection, "closed", G_CALLBACK (live_closed_cb), live);
}

static void
live_clear (Live *live)
{
  if (live->open.connection == NULL)
    return;
  g_signal_handlers_disconnect_by_data (live->open.connection, live);
  if (soup_websocket_connection_get_state (live->open.connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (live->open.connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&live->open.connection);
}

/* Until @live has @n notices (bounded). */
static void
live_wait_notices (Live  *live,
                   guint  n,
                   guint  seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (live->notices < n && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);
}

static void
test_live_logout (void)
{
  Fixture f = { 0 };
  g_autofree char *alice = NULL, *bob = NULL, *bob_other = NULL, *case_id = NULL, *update = NULL;
  g_autoptr(SoupSession) async_session = soup_session_new ();
  g_autoptr(JsonNode) reply = NULL;
  Live first = { 0 }, second = { 0 };
  guint status = 0;

  fixture_start (&f, 3600);
  alice = login (&f, "alice");
  bob = login (&f, "bob");
  bob_other = login (&f, "bob");
  case_id = create_case (&f, alice, f.bob);
  live_open (&f, async_session, bob, &first);
  live_open (&f, async_session, bob_other, &second);

  reply = request (&f, "POST", "/v1/logout", bob, NULL, &status);
  g_assert_cmpuint (status, ==, 204);
  g_clear_pointer (&reply, json_node_unref);

  /* Only the socket of the token logged out is closed, and says why. */
  iterate_until (&first.closed, 8);
  g_assert_true (first.closed);
  g_assert_cmpuint (soup_websocket_connection_get_close_code (first.open.connection), ==,
                    MONIA_SERVER_LIVE_CLOSE_SESSION_ENDED);
  g_assert_cmpstr (soup_websocket_connection_get_close_data (first.open.connection), ==, "logged_out");
  g_assert_false (second.closed);

  update = mutation ("case", case_id, "update", 1, "{\"status\":\"planning\"}");
  g_assert_cmpstr (result_status (push_one (&f, alice, update, &reply)), ==, "applied");
  live_wait_notices (&second, 1, 10);
  g_assert_cmpuint (second.notices, ==, 1);
  g_assert_cmpuint (first.notices, ==, 0);

  live_clear (&first);
  live_clear (&second);
  fixture_stop (&f);
}

/* A long-poll waiting with a token that is logged out gets 401 at once. */
static void
test_poll_logout (void)
{
  Fixture f = { 0 };
  g_autofree char *bob = NULL;
  g_autoptr(SoupSession) async_session = soup_session_new ();
  g_autoptr(SoupMessage) poll_msg = NULL;
  g_autoptr(JsonNode) reply = NULL;
  Wait lp = { 0 };
  guint status = 0;

  fixture_start (&f, 3600);
  bob = login (&f, "bob");
  reply = request (&f, "GET", "/v1/notices?wait=0", bob, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  {
    JsonObject *object = json_node_get_object (reply);
    g_autofree char *path = g_strdup_printf ("/v1/notices?after=%" G_GINT64_FORMAT "&epoch=%s&wait=30",
                                             json_object_get_int_member (object, "next"),
                                             json_object_get_string_member (object, "epoch"));

    poll_msg = make_message (&f, "GET", path, bob, NULL);
  }
  g_clear_pointer (&reply, json_node_unref);
  soup_session_send_and_read_async (async_session, poll_msg, G_PRIORITY_DEFAULT, NULL, poll_done_cb, &lp);
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_usleep (200 * 1000);
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (lp.done);

  reply = request (&f, "POST", "/v1/logout", bob, NULL, &status);
  g_assert_cmpuint (status, ==, 204);
  iterate_until (&lp.done, 5);
  g_assert_true (lp.done);
  g_assert_no_error (lp.error);
  g_assert_cmpuint (soup_message_get_status (poll_msg), ==, 401);
  g_assert_nonnull (strstr (g_bytes_get_data (lp.bytes, NULL), "\"unauthorized\""));

  g_bytes_unref (lp.bytes);
  fixture_stop (&f);
}

/* A long-poll whose token ends while it waits gets 401, not notices. */
static void
test_poll_expiry (void)
{
  Fixture f = { 0 };
  g_autofree char *bob = NULL;
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  fixture_start (&f, 2);
  bob = login (&f, "bob");
  reply = request (&f, "GET", "/v1/notices?wait=4", bob, NULL, &status);
  g_assert_cmpuint (status, ==, 401);
  g_assert_cmpstr (error_code (reply), ==, "unauthorized");
  fixture_stop (&f);
}

static void
test_live_expiry (void)
{
  Fixture f = { 0 };
  g_autofree char *alice = NULL, *alice_again = NULL, *bob = NULL, *case_id = NULL, *update = NULL;
  g_autoptr(SoupSession) async_session = soup_session_new ();
  g_autoptr(JsonNode) reply = NULL;
  Live live = { 0 };

  fixture_start (&f, 2);
  alice = login (&f, "alice");
  case_id = create_case (&f, alice, f.bob);
  bob = login (&f, "bob");
  live_open (&f, async_session, bob, &live);

  iterate_until (&live.closed, 8);
  g_assert_true (live.closed);
  g_assert_cmpuint (soup_websocket_connection_get_close_code (live.open.connection), ==,
                    MONIA_SERVER_LIVE_CLOSE_SESSION_ENDED);
  g_assert_cmpstr (soup_websocket_connection_get_close_data (live.open.connection), ==, "session_ended");

  /* A change bob could see brings nothing to the closed socket. */
  alice_again = login (&f, "alice");
  update = mutation ("case", case_id, "update", 1, "{\"status\":\"planning\"}");
  g_assert_cmpstr (result_status (push_one (&f, alice_again, update, &reply)), ==, "applied");
  live_wait_notices (&live, 1, 1);
  g_assert_cmpuint (live.notices, ==, 0);

  live_clear (&live);
  fixture_stop (&f);
}

static void
test_admin_processing (void)
{
  Fixture f = { 0 };
  g_autofree char *alice = NULL, *admin = NULL, *case_id = NULL, *person_id = monia_id_new ();
  g_autofree char *link_id = monia_id_new ();
  g_autofree char *person = NULL, *fields = NULL, *link = NULL, *path = NULL;
  g_autoptr(JsonNode) r1 = NULL, r2 = NULL, reply = NULL;
  g_autoptr(JsonArray) changes = NULL;
  JsonArray *entries;
  gboolean saw_read = FALSE;
  guint status = 0;

  fixture_start (&f, 3600);
  alice = login (&f, "alice");
  admin = login (&f, "admin");
  case_id = create_case (&f, alice, NULL);

  {
    g_autofree char *mid = monia_id_new ();

    person = g_strdup_printf ("{\"id\":\"%s\",\"kind\":\"person\",\"record_id\":\"%s\",\"op\":\"create\","
                              "\"base_rev\":0,\"case_id\":\"%s\",\"fields\":{\"name\":\"Test Child\",\"hetu\":\"010115A995X\"}}",
                              mid, person_id, case_id);
  }
  g_assert_cmpstr (result_status (push_one (&f, alice, person, &r1)), ==, "applied");
  fields = g_strdup_printf ("{\"case_id\":\"%s\",\"person_id\":\"%s\",\"relation\":\"child\"}", case_id, person_id);
  link = mutation ("case_person", link_id, "create", 0, fields);
  g_assert_cmpstr (result_status (push_one (&f, alice, link, &r2)), ==, "applied");

  changes = pull_all (&f, alice, case_id);
  g_assert_nonnull (find_change (changes, "person", person_id));
  g_assert_nonnull (find_change (changes, "case_person", link_id));

  /* A worker may not ask */
  path = g_strdup_printf ("/v1/admin/people/%s/processing", person_id);
  reply = request (&f, "GET", path, alice, NULL, &status);
  g_assert_cmpuint (status, ==, 403);
  g_clear_pointer (&reply, json_node_unref);

  reply = request (&f, "GET", path, admin, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  entries = json_object_get_array_member (json_node_get_object (reply), "entries");
  g_assert_cmpuint (json_array_get_length (entries), >=, 3);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);

      g_assert_cmpstr (json_object_get_string_member (entry, "actor"), ==, f.alice);
      if (g_str_equal (json_object_get_string_member (entry, "action"), "read") &&
          g_strcmp0 (json_object_get_string_member (entry, "record_id"), person_id) == 0)
        {
          saw_read = TRUE;
          g_assert_cmpstr (json_object_get_string_member (entry, "actor_name"), ==, "Alice Example");
          g_assert_cmpstr (json_object_get_string_member (entry, "device"), ==, "test-device");
        }
    }
  g_assert_true (saw_read);

  fixture_stop (&f);
}

/* The route table, walked row by row */

/* @route's pattern with its placeholders filled in. */
static char *
route_example_path (const MoniaServerRoute *route,
                    const char             *id)
{
  g_autoptr(GString) path = g_string_new (route->pattern);

  g_string_replace (path, "{id}", id, 0);
  g_string_replace (path, "{feed}", "directory", 0);
  g_assert_null (strchr (path->str, '{'));
  return g_string_free (g_steal_pointer (&path), FALSE);
}

/* Every method the rows with @route's pattern take, in table order. */
static char *
route_allow (const MoniaServerRoute *routes,
             guint                   n_routes,
             const MoniaServerRoute *route)
{
  g_autoptr(GString) allow = g_string_new (NULL);

  for (guint i = 0; i < n_routes; i++)
    if (g_str_equal (routes[i].pattern, route->pattern))
      g_string_append_printf (allow, "%s%s", allow->len > 0 ? ", " : "", routes[i].method);
  return g_string_free (g_steal_pointer (&allow), FALSE);
}

static guint
send_for_status (Fixture     *f,
                 const char  *method,
                 const char  *path,
                 const char  *token,
                 char       **out_allow,
                 char       **out_code)
{
  g_autoptr(SoupMessage) msg = make_message (f, method, path, token, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) reply = soup_session_send_and_read (f->session, msg, NULL, &error);
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);

  g_assert_no_error (error);
  if (out_allow != NULL)
    *out_allow = g_strdup (soup_message_headers_get_one (headers, "Allow"));
  if (out_code != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize length = 0;
      const char *data = g_bytes_get_data (reply, &length);

      *out_code = NULL;
      if (length > 0 && json_parser_load_from_data (parser, data, (gssize) length, NULL) &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) &&
          json_object_has_member (json_node_get_object (json_parser_get_root (parser)), "error"))
        *out_code = g_strdup (error_code (json_parser_get_root (parser)));
    }
  if (soup_message_get_status (msg) == 401)
    g_assert_cmpstr (soup_message_headers_get_one (headers, "WWW-Authenticate"), ==, "Bearer");
  return soup_message_get_status (msg);
}

static void
test_routes (void)
{
  static const char *const methods[] = { "GET", "POST", "PUT", "DELETE", "PATCH" };
  Fixture f = { 0 };
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *worker = NULL;
  g_autofree char *lead = NULL;
  g_autofree char *admin = NULL;
  const MoniaServerRoute *routes;
  guint n_routes = 0;

  fixture_start (&f, 3600);
  worker = login (&f, "alice");
  lead = login (&f, "lead");
  admin = login (&f, "admin");
  routes = monia_server_get_routes (&n_routes);
  g_assert_cmpuint (n_routes, >=, 12);

  for (guint r = 0; r < n_routes; r++)
    {
      const MoniaServerRoute *route = &routes[r];
      g_autofree char *path = route_example_path (route, id);
      g_autofree char *allow = route_allow (routes, n_routes, route);
      guint status;

      g_test_message ("%s %s", route->method, route->pattern);
      g_assert_nonnull (route->handler);
      g_assert_true (route->caller != MONIA_ROUTE_ROLES || (route->roles != 0 && route->forbidden != NULL));

      /* Every method the path does not take: 405 with all it does take,
       * with a token or without. */
      for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
        {
          const char *tokens[] = { NULL, worker };

          if (strstr (allow, methods[m]) != NULL)
            continue;
          for (guint t = 0; t < G_N_ELEMENTS (tokens); t++)
            {
              g_autofree char *got_allow = NULL;
              g_autofree char *code = NULL;

              status = send_for_status (&f, methods[m], path, tokens[t], &got_allow, &code);
              g_assert_cmpuint (status, ==, 405);
              g_assert_cmpstr (got_allow, ==, allow);
              g_assert_cmpstr (code, ==, "method_not_allowed");
            }
        }

      /* Its own method without a token: 401 unless anyone may call it. */
      {
        g_autofree char *code = NULL;

        status = send_for_status (&f, route->method, path, NULL, NULL, &code);
        if (route->caller == MONIA_ROUTE_ANYONE)
          {
            g_assert_cmpuint (status, !=, 401);
            g_assert_cmpuint (status, !=, 404);
            g_assert_cmpuint (status, !=, 405);
          }
        else
          {
            g_assert_cmpuint (status, ==, 401);
            g_assert_cmpstr (code, ==, "unauthorized");
          }
      }

      /* Rows for some roles refuse the others with 403. */
      if (route->caller == MONIA_ROUTE_ROLES)
        {
          const struct { const char *token; MoniaRole role; } callers[] = {
            { worker, MONIA_ROLE_WORKER }, { lead, MONIA_ROLE_LEAD }, { admin, MONIA_ROLE_ADMIN },
          };

          for (guint c = 0; c < G_N_ELEMENTS (callers); c++)
            {
              g_autofree char *code = NULL;

              status = send_for_status (&f, route->method, path, callers[c].token, NULL, &code);
              if (route->roles & MONIA_ROUTE_ROLE (callers[c].role))
                g_assert_cmpuint (status, ==, 200);
              else
                {
                  g_assert_cmpuint (status, ==, 403);
                  g_assert_cmpstr (code, ==, "forbidden");
                }
            }
        }
    }

  /* Paths no row fits: 404, with a token or without. */
  {
    g_autofree char *too_long = g_strdup_printf ("/v1/cases/%s/changes/more", id);
    g_autofree char *not_an_id = g_strdup_printf ("/v1/conflicts/%s0/resolve", id);
    const char *unknown[] = {
      "/v1/no-such-thing", "/v1/", "/v1", "/elsewhere", "/ask/", "/ask/answer/x", "/v1/me/", "/v1//me", "/v1/ME",
      "/v1/cases/", "/v1/cases/not-a-uuid/changes", "/v1/feeds/elsewhere/changes",
      "/v1/feeds//changes", "/v1/admin/people/processing", too_long, not_an_id,
    };

    for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
      for (guint m = 0; m < 2; m++)
        {
          g_autofree char *code = NULL;
          guint status;

          g_test_message ("%s %s", methods[m], unknown[i]);
          status = send_for_status (&f, methods[m], unknown[i], m == 0 ? NULL : worker, NULL, &code);
          g_assert_cmpuint (status, ==, 404);
          g_assert_cmpstr (code, ==, "not_found");
        }
  }

  fixture_stop (&f);
}

/* Hostile input: what json-glib would choke on or cut is refused whole. */

static char *
nested (guint depth)
{
  GString *text = g_string_new ("{\"login\":");

  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  return g_string_free (text, FALSE);
}

static void
assert_bad_request (JsonNode   *reply,
                    guint       status,
                    const char *words)
{
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (error_code (reply), ==, "bad_request");
  g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (reply), "error"),
                                                           "message"), words));
}

static void
test_hostile_json (void)
{
  Fixture f = { 0 };
  g_autofree char *token = NULL, *deep = nested (160 * 1024), *case_id = NULL, *update = NULL;
  g_autoptr(JsonArray) changes = NULL;
  guint status = 0;

  fixture_start (&f, 3600);
  token = login (&f, "alice");
  case_id = create_case (&f, token, NULL);

  /* 160 kB of [ once crashed the server, before any login */
  {
    g_autoptr(JsonNode) reply = request (&f, "POST", "/v1/login", NULL, deep, &status);

    assert_bad_request (reply, status, "nested");
  }
  {
    g_autoptr(JsonNode) reply = request (&f, "POST", "/v1/push", token, deep, &status);

    assert_bad_request (reply, status, "nested");
  }
  {
    g_autoptr(JsonNode) reply = request (&f, "POST", "/v1/pull", token, deep, &status);

    assert_bad_request (reply, status, "nested");
  }
  /* …and the server still answers */
  {
    g_autoptr(JsonNode) reply = request (&f, "GET", "/v1/me", token, NULL, &status);

    g_assert_cmpuint (status, ==, 200);
  }

  /* A password followed by a NUL and junk no longer logs in */
  {
    g_autoptr(JsonNode) reply = request (&f, "POST", "/v1/login", NULL,
                                         "{\"login\":\"alice\",\"password\":\"" PASSWORD "\\u0000junk\"}", &status);

    assert_bad_request (reply, status, "null character");
  }
  {
    g_autoptr(JsonNode) reply = request (&f, "POST", "/v1/login", NULL,
                                         "{\"login\":\"alice\\u0000x\",\"password\":\"" PASSWORD "\"}", &status);

    assert_bad_request (reply, status, "null character");
  }
  /* Nor does one cut by an escape json-glib reads as a NUL */
  {
    g_autoptr(JsonNode) reply = request (&f, "POST", "/v1/login", NULL,
                                         "{\"login\":\"alice\",\"password\":\"" PASSWORD "\\0junk\"}", &status);

    assert_bad_request (reply, status, "escape");
  }
  /* Invalid UTF-8, as bytes or as half a surrogate pair */
  {
    g_autoptr(JsonNode) reply = request (&f, "POST", "/v1/login", NULL,
                                         "{\"login\":\"alice\xff\",\"password\":\"" PASSWORD "\"}", &status);

    assert_bad_request (reply, status, "UTF-8");
  }
  {
    g_autoptr(JsonNode) reply = request (&f, "POST", "/v1/login", NULL,
                                         "{\"login\":\"alice\",\"password\":\"\\ud800\"}", &status);

    assert_bad_request (reply, status, "Unicode");
  }

  /* A NUL in a pushed text: refused with a reason, nothing stored */
  update = mutation ("case", case_id, "update", 1, "{\"title\":\"before\\u0000after\"}");
  {
    g_autofree char *body = g_strdup_printf ("{\"mutations\":[%s]}", update);
    g_autoptr(JsonNode) reply = request (&f, "POST", "/v1/push", token, body, &status);

    assert_bad_request (reply, status, "null character");
  }
  g_free (update);
  update = mutation ("case", case_id, "update", 1, "{\"title\":\"Family \\udc00\"}");
  {
    g_autofree char *body = g_strdup_printf ("{\"mutations\":[%s]}", update);
    g_autoptr(JsonNode) reply = request (&f, "POST", "/v1/push", token, body, &status);

    assert_bad_request (reply, status, "Unicode");
  }
  changes = pull_all (&f, token, case_id);
  g_assert_cmpint (json_object_get_int_member (find_change (changes, "case", case_id), "rev"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (find_change (changes, "case", case_id), "fields"),
                                                  "title"), ==, "Family 900");

  /* The right password still works */
  g_free (login (&f, "alice"));

  fixture_stop (&f);
}

/* Numbers are checked against their field's range. */
static void
test_ranges (void)
{
  Fixture f = { 0 };
  g_autofree char *token = NULL, *case_id = NULL, *plan_id = monia_id_new (), *goal_id = monia_id_new ();
  g_autofree char *fields = NULL, *m = NULL;
  g_autoptr(JsonArray) changes = NULL;
  const char *bad[] = { "9223372036854775807", "11", "-1", "-9223372036854775808" };

  fixture_start (&f, 3600);
  token = login (&f, "alice");
  case_id = create_case (&f, token, NULL);

  fields = g_strdup_printf ("{\"case_id\":\"%s\",\"version\":1,\"status\":\"draft\"}", case_id);
  m = mutation ("plan", plan_id, "create", 0, fields);
  {
    g_autoptr(JsonNode) reply = NULL;

    g_assert_cmpstr (result_status (push_one (&f, token, m, &reply)), ==, "applied");
  }
  g_free (fields);
  g_free (m);
  fields = g_strdup_printf ("{\"case_id\":\"%s\",\"plan_id\":\"%s\",\"text\":\"Goes to school\",\"position\":0}",
                            case_id, plan_id);
  m = mutation ("goal", goal_id, "create", 0, fields);
  {
    g_autoptr(JsonNode) reply = NULL;

    g_assert_cmpstr (result_status (push_one (&f, token, m, &reply)), ==, "applied");
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *rating_id = monia_id_new ();
      g_autofree char *rating = g_strdup_printf ("{\"case_id\":\"%s\",\"goal_id\":\"%s\",\"rated_on\":\"2025-03-03\","
                                                 "\"rating\":%s}", case_id, goal_id, bad[i]);
      g_autofree char *create = mutation ("goal_rating", rating_id, "create", 0, rating);
      g_autoptr(JsonNode) reply = NULL;
      JsonObject *result = push_one (&f, token, create, &reply);

      g_assert_cmpstr (result_status (result), ==, "rejected");
      g_assert_cmpstr (result_error_code (result), ==, "invalid_value");
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (result, "error"), "message"), ==,
                       "“rating” must be a whole number from 0 to 10.");
    }
  {
    g_autofree char *rating_id = monia_id_new ();
    g_autofree char *rating = g_strdup_printf ("{\"case_id\":\"%s\",\"goal_id\":\"%s\",\"rated_on\":\"2025-03-03\","
                                               "\"rating\":10}", case_id, goal_id);
    g_autofree char *create = mutation ("goal_rating", rating_id, "create", 0, rating);
    g_autoptr(JsonNode) reply = NULL;

    g_assert_cmpstr (result_status (push_one (&f, token, create, &reply)), ==, "applied");
  }
  /* A plan's version and a moment out of range */
  {
    g_autofree char *update = mutation ("plan", plan_id, "update", 1, "{\"version\":0}");
    g_autoptr(JsonNode) reply = NULL;
    JsonObject *result = push_one (&f, token, update, &reply);

    g_assert_cmpstr (result_status (result), ==, "rejected");
    g_assert_cmpstr (result_error_code (result), ==, "invalid_value");
  }
  {
    g_autofree char *event_id = monia_id_new ();
    g_autofree char *event = g_strdup_printf ("{\"case_id\":\"%s\",\"kind\":\"note\",\"occurred_at\":9223372036854775807}",
                                              case_id);
    g_autofree char *create = mutation ("event", event_id, "create", 0, event);
    g_autoptr(JsonNode) reply = NULL;
    JsonObject *result = push_one (&f, token, create, &reply);

    g_assert_cmpstr (result_status (result), ==, "rejected");
    g_assert_cmpstr (result_error_code (result), ==, "invalid_value");
  }

  changes = pull_all (&f, token, case_id);
  g_assert_cmpuint (count_kind (changes, "goal_rating"), ==, 1);
  g_assert_cmpuint (count_kind (changes, "event"), ==, 0);
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);

      if (g_str_equal (json_object_get_string_member (change, "kind"), "goal_rating"))
        g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (change, "fields"), "rating"), ==, 10);
    }

  fixture_stop (&f);
}

/* A mutation id names a mutation of one account: another account sending
 * the same id gets its own answer, never the first account's. */
static void
test_mutation_id_per_account (void)
{
  Fixture f = { 0 };
  g_autofree char *alice = NULL, *carol = NULL, *mutation_id = monia_id_new ();
  g_autofree char *alice_case = monia_id_new (), *carol_case = monia_id_new ();
  g_autofree char *first = NULL, *second = NULL;
  g_autoptr(JsonNode) r1 = NULL, r2 = NULL, r3 = NULL;
  JsonObject *result;

  fixture_start (&f, 3600);
  alice = login (&f, "alice");
  carol = login (&f, "carol");

  first = g_strdup_printf ("{\"id\":\"%s\",\"kind\":\"case\",\"record_id\":\"%s\",\"op\":\"create\",\"base_rev\":0,"
                           "\"fields\":{\"title\":\"Family 904\",\"status\":\"open\"}}", mutation_id, alice_case);
  result = push_one (&f, alice, first, &r1);
  g_assert_cmpstr (result_status (result), ==, "applied");

  /* Carol, in another team, sends the same mutation id for her own case */
  second = g_strdup_printf ("{\"id\":\"%s\",\"kind\":\"case\",\"record_id\":\"%s\",\"op\":\"create\",\"base_rev\":0,"
                            "\"fields\":{\"title\":\"Family 905\",\"status\":\"open\"}}", mutation_id, carol_case);
  result = push_one (&f, carol, second, &r2);
  g_assert_cmpstr (result_status (result), ==, "applied");
  g_assert_false (json_object_has_member (result, "duplicate"));
  g_assert_true (case_listed (&f, carol, carol_case, "cases"));
  g_assert_false (case_listed (&f, carol, alice_case, "cases"));
  {
    g_autoptr(JsonArray) changes = pull_all (&f, carol, carol_case);

    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (find_change (changes, "case", carol_case), "fields"),
                                                    "title"), ==, "Family 905");
  }

  /* Alice sending hers again still gets her own stored answer */
  result = push_one (&f, alice, first, &r3);
  g_assert_cmpstr (result_status (result), ==, "applied");
  g_assert_true (json_object_get_boolean_member (result, "duplicate"));
  g_assert_false (case_listed (&f, alice, carol_case, "cases"));

  fixture_stop (&f);
}

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* A store made before mutation ids were scoped to the account keeps its
 * answers when it is opened: each still found by its own account only. */
static void
test_applied_mutations_migrated (void)
{
  Fixture f = { 0 };
  g_autofree char *alice = NULL, *carol = NULL, *mutation_id = monia_id_new ();
  g_autofree char *case_id = monia_id_new (), *first = NULL, *path = NULL;
  g_autoptr(JsonNode) r1 = NULL, r2 = NULL, r3 = NULL;
  JsonObject *result;
  sqlite3 *db = NULL;

  if (g_getenv ("MONIA_TEST_PG") != NULL)
    {
      /* Schema 2 was SQLite's only: a PostgreSQL store starts at 3. */
      g_test_skip ("a SQLite store's migration");
      return;
    }
  fixture_start (&f, 3600);
  alice = login (&f, "alice");
  carol = login (&f, "carol");
  first = g_strdup_printf ("{\"id\":\"%s\",\"kind\":\"case\",\"record_id\":\"%s\",\"op\":\"create\",\"base_rev\":0,"
                           "\"fields\":{\"title\":\"Family 906\",\"status\":\"open\"}}", mutation_id, case_id);
  g_assert_cmpstr (result_status (push_one (&f, alice, first, &r1)), ==, "applied");

  /* Back to schema 2 (keyed audit, answers by id alone), as an older server left it */
  path = g_build_filename (f.dir, MONIA_SERVER_STORE_FILE, NULL);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  exec_sql (db, "BEGIN IMMEDIATE;"
                "CREATE TABLE old (mutation_id TEXT PRIMARY KEY, account_id TEXT NOT NULL,"
                "  at INTEGER NOT NULL, result TEXT NOT NULL);"
                "INSERT INTO old SELECT mutation_id, account_id, at, result FROM applied_mutations;"
                "DROP TABLE applied_mutations;"
                "ALTER TABLE old RENAME TO applied_mutations;"
                "UPDATE meta SET value = '2' WHERE key = 'schema_version';"
                "COMMIT;");
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM pragma_table_info('applied_mutations') WHERE pk > 0"), ==, 1);

  /* Opened by this server: migrated, nothing lost */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MoniaServerStore) store = monia_server_store_open_database (f.dir, f.database, FALSE, &error);

    g_assert_no_error (error);
  }
  g_assert_cmpint (query_int (db, "SELECT value FROM meta WHERE key = 'schema_version'"), ==,
                   MONIA_SERVER_STORE_SCHEMA_VERSION);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM pragma_table_info('applied_mutations') WHERE pk > 0"), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM applied_mutations"), >=, 1);
  sqlite3_close (db);

  /* Alice's answer is still hers; Carol's same id is her own */
  result = push_one (&f, alice, first, &r2);
  g_assert_cmpstr (result_status (result), ==, "applied");
  g_assert_true (json_object_get_boolean_member (result, "duplicate"));
  result = push_one (&f, carol, first, &r3);
  g_assert_false (json_object_has_member (result, "duplicate"));
  g_assert_cmpstr (result_status (result), ==, "rejected");

  fixture_stop (&f);
}

/* A consent ends with its last day in Finland. The server used SQL's
 * date('now'), in UTC: for the first two or three hours of a Finnish day
 * it still let a participant see what a consent ended the day before. */
static gboolean
pulls_kind (Fixture    *f,
            const char *token,
            const char *case_id,
            const char *kind)
{
  g_autoptr(JsonArray) changes = pull_all (f, token, case_id);

  return find_change (changes, kind, NULL) != NULL;
}

static void
test_consent_day_in_finland (void)
{
  Fixture f = { 0 };
  g_autofree char *alice = NULL, *dave = NULL, *case_id = NULL, *dave_id = NULL;
  g_autofree char *last_day = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) evening = NULL, late = NULL;
  g_autoptr(JsonNode) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL;
  g_autofree char *person_id = monia_id_new (), *link_id = monia_id_new ();
  g_autofree char *consent_id = monia_id_new (), *assessment_id = monia_id_new ();
  g_autofree char *m1 = NULL, *m2 = NULL, *m3 = NULL, *m4 = NULL, *fields = NULL;

  fixture_start (&f, 3600);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MoniaServerStore) store = monia_server_store_open_database (f.dir, f.database, FALSE, &error);

    g_assert_no_error (error);
    dave_id = monia_server_store_add_account (store, "dave", "Dave Example", "Org B", "School", MONIA_ROLE_WORKER,
                                              PASSWORD, &error);
    g_assert_no_error (error);
  }
  alice = login (&f, "alice");
  dave = login (&f, "dave");
  case_id = create_case (&f, alice, dave_id);

  /* The consent's last day is today in UTC. */
  last_day = g_date_time_format (now, "%Y-%m-%d");
  evening = g_date_time_new_utc (g_date_time_get_year (now), g_date_time_get_month (now),
                                 g_date_time_get_day_of_month (now), 20, 0, 0);
  late = g_date_time_add_minutes (evening, 150);   /* 22:30 UTC: the next day in Finland */

  {
    g_autofree char *mid = monia_id_new ();

    m1 = g_strdup_printf ("{\"id\":\"%s\",\"kind\":\"person\",\"record_id\":\"%s\",\"op\":\"create\","
                          "\"base_rev\":0,\"case_id\":\"%s\",\"fields\":{\"name\":\"Lapsi Testinen\"}}",
                          mid, person_id, case_id);
  }
  g_assert_cmpstr (result_status (push_one (&f, alice, m1, &r1)), ==, "applied");
  fields = g_strdup_printf ("{\"case_id\":\"%s\",\"person_id\":\"%s\",\"relation\":\"child\"}", case_id, person_id);
  m2 = mutation ("case_person", link_id, "create", 0, fields);
  g_assert_cmpstr (result_status (push_one (&f, alice, m2, &r2)), ==, "applied");
  g_free (fields);
  fields = g_strdup_printf ("{\"case_id\":\"%s\",\"person_id\":\"%s\",\"professional_id\":\"%s\","
                            "\"scope\":\"assessment\",\"given_on\":\"2026-01-05\",\"valid_until\":\"%s\"}",
                            case_id, person_id, dave_id, last_day);
  m3 = mutation ("consent", consent_id, "create", 0, fields);
  g_assert_cmpstr (result_status (push_one (&f, alice, m3, &r3)), ==, "applied");
  g_free (fields);
  fields = g_strdup_printf ("{\"case_id\":\"%s\",\"kind\":\"child_welfare_s26\",\"pending_on\":\"2026-01-05\"}",
                            case_id);
  m4 = mutation ("assessment", assessment_id, "create", 0, fields);
  g_assert_cmpstr (result_status (push_one (&f, alice, m4, &r4)), ==, "applied");

  /* 22:00 in Finland on the last day: it holds. */
  monia_policy_set_now_for_testing (g_date_time_to_unix (evening));
  g_assert_true (pulls_kind (&f, dave, case_id, "assessment"));
  /* 00:30 in Finland the day after (22:30 UTC, still the last day in UTC):
   * it has ended. */
  monia_policy_set_now_for_testing (g_date_time_to_unix (late));
  g_assert_false (pulls_kind (&f, dave, case_id, "assessment"));
  monia_policy_set_now_for_testing (0);

  fixture_stop (&f);
}

/* The directory as @token's account pulls it from @since, a few entries a
 * page (bounded); the feed's sequence after the last page in @out_seq. */
static JsonArray *
pull_directory (Fixture    *f,
                const char *token,
                gint64      since,
                gint64     *out_seq)
{
  JsonArray *all = json_array_new ();

  for (guint page = 0; page < 100; page++)
    {
      g_autofree char *path = g_strdup_printf ("/v1/feeds/directory/changes?since=%" G_GINT64_FORMAT "&limit=4",
                                               since);
      guint status = 0;
      g_autoptr(JsonNode) reply = request (f, "GET", path, token, NULL, &status);
      JsonObject *object;
      JsonArray *changes;

      g_assert_cmpuint (status, ==, 200);
      object = json_node_get_object (reply);
      changes = json_object_get_array_member (object, "changes");
      for (guint i = 0; i < json_array_get_length (changes); i++)
        json_array_add_element (all, json_node_copy (json_array_get_element (changes, i)));
      since = json_object_get_int_member (object, "seq");
      if (!json_object_get_boolean_member (object, "more"))
        {
          *out_seq = since;
          return all;
        }
    }
  g_assert_not_reached ();
}

static const char *
change_field (JsonObject *change,
              const char *field)
{
  return json_object_get_string_member_with_default (json_object_get_object_member (change, "fields"), field, NULL);
}

/* The one record of @kind whose @field is @value, or NULL. */
static JsonObject *
find_by_field (JsonArray  *changes,
               const char *kind,
               const char *field,
               const char *value)
{
  JsonObject *found = NULL;

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);

      if (g_str_equal (json_object_get_string_member (change, "kind"), kind) &&
          g_strcmp0 (change_field (change, field), value) == 0)
        {
          g_assert_null (found);  /* one record each */
          found = change;
        }
    }
  return found;
}

static const struct
{
  const char *login;
  const char *org;
  const char *team;
} directory_accounts[] = {
  { "alice", "Org A", "Team 1" },
  { "bob", "Org A", "Team 1" },
  { "carol", "Org A", "Team 2" },
  { "lead", "Org A", "Team 1" },
  { "admin", "Org A", "Admins" },
  { "dave", "Org B", "School" },
};

/* Each professional of @changes (of the accounts above) names its
 * organisation and its team, and both records are in @changes. */
static void
assert_directory_resolves (JsonArray *changes)
{
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (directory_accounts); i++)
    {
      JsonObject *pro = find_by_field (changes, "professional", "login", directory_accounts[i].login);
      JsonObject *org, *team;
      g_autofree char *org_id = monia_server_organisation_id (directory_accounts[i].org);
      g_autofree char *team_id = monia_server_team_id (directory_accounts[i].org, directory_accounts[i].team);

      if (pro == NULL)
        continue;
      n++;
      org = find_by_field (changes, "organisation", "name", directory_accounts[i].org);
      g_assert_nonnull (org);
      g_assert_cmpstr (change_field (pro, "organisation_id"), ==, json_object_get_string_member (org, "id"));
      team = find_change (changes, "team", change_field (pro, "team_id"));
      g_assert_nonnull (team);
      g_assert_cmpstr (change_field (team, "name"), ==, directory_accounts[i].team);
      g_assert_cmpstr (change_field (team, "organisation_id"), ==, json_object_get_string_member (org, "id"));
      /* The same ids on every server: made from the names. */
      g_assert_cmpstr (json_object_get_string_member (org, "id"), ==, org_id);
      g_assert_cmpstr (json_object_get_string_member (team, "id"), ==, team_id);
      g_assert_null (json_object_get_string_member (team, "case_id"));
    }
  g_assert_cmpuint (n, >, 0);
}

/* The server publishes each account's organisation and team once, and its
 * professional record names both, so a desktop can tell colleagues of one
 * organisation (in other teams) from strangers, as the server does. */
static void
test_directory_organisations (void)
{
  Fixture f = { 0 };
  g_autofree char *alice = NULL, *dave_id = NULL;
  g_autoptr(JsonArray) changes = NULL;
  JsonObject *alice_pro, *bob_pro, *carol_pro, *dave_pro, *org_a;
  gint64 seq = 0;

  fixture_start (&f, 3600);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MoniaServerStore) store = monia_server_store_open_database (f.dir, f.database, FALSE, &error);

    g_assert_no_error (error);
    dave_id = monia_server_store_add_account (store, "dave", "Dave Example", "Org B", "School", MONIA_ROLE_WORKER,
                                              PASSWORD, &error);
    g_assert_no_error (error);
  }
  alice = login (&f, "alice");
  changes = pull_directory (&f, alice, 0, &seq);

  /* Two organisations, four teams: Org A's three teams share its record. */
  g_assert_cmpuint (count_kind (changes, "organisation"), ==, 2);
  g_assert_cmpuint (count_kind (changes, "team"), ==, 4);
  g_assert_cmpuint (count_kind (changes, "professional"), ==, G_N_ELEMENTS (directory_accounts));
  assert_directory_resolves (changes);

  alice_pro = find_change (changes, "professional", f.alice);
  bob_pro = find_change (changes, "professional", f.bob);
  carol_pro = find_change (changes, "professional", f.carol);
  dave_pro = find_change (changes, "professional", dave_id);
  g_assert_cmpstr (change_field (alice_pro, "organisation_id"), ==, change_field (carol_pro, "organisation_id"));
  g_assert_cmpstr (change_field (alice_pro, "team_id"), !=, change_field (carol_pro, "team_id"));
  g_assert_cmpstr (change_field (alice_pro, "team_id"), ==, change_field (bob_pro, "team_id"));
  g_assert_cmpstr (change_field (alice_pro, "organisation_id"), !=, change_field (dave_pro, "organisation_id"));
  /* An organisation's id is not a team's. */
  g_assert_null (find_change (changes, "team", change_field (alice_pro, "organisation_id")));
  /* Nor do the ids ever change: stores and desktops hold them. */
  {
    g_autofree char *team_id = monia_server_team_id ("Org A", "Team 1");
    g_autofree char *org_id = monia_server_organisation_id ("Org A");

    g_assert_cmpstr (team_id, ==, "99dd6181-41dd-8dd3-9170-9cc4dd3672b5");
    g_assert_cmpstr (org_id, ==, "b61ae81e-efe7-8ac3-a023-fe603ee854db");
  }

  /* Published when Alice's account was made, and not again for the next
   * accounts of the organisation. */
  org_a = find_by_field (changes, "organisation", "name", "Org A");
  g_assert_cmpint (json_object_get_int_member (org_a, "rev"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (org_a, "seq"), <, json_object_get_int_member (alice_pro, "seq"));

  fixture_stop (&f);
}

/* A store of schema 4 published professionals without their organisation
 * and no organisations or teams. Opened by this server, it publishes them,
 * and desktops get them with their next pull, from where they were. */
static void
test_directory_migrated (void)
{
  Fixture f = { 0 };
  g_autofree char *alice = NULL;
  g_autoptr(JsonArray) before = NULL, after = NULL, again = NULL;
  gint64 cursor = 0, seq = 0, last = 0;

  fixture_start (&f, 3600);
  alice = login (&f, "alice");

  /* Back to schema 4, as an older server left it */
  monia_test_database_exec (f.dir, f.database,
                            "DELETE FROM feed_entries WHERE kind IN ('organisation', 'team');"
                            "DELETE FROM record_history WHERE kind IN ('organisation', 'team');"
                            "DELETE FROM records WHERE kind IN ('organisation', 'team');"
                            "UPDATE meta SET value = '4' WHERE key = 'schema_version';");
  if (f.database != NULL)
    monia_test_database_exec (f.dir, f.database,
                              "UPDATE records SET fields = fields - 'organisation_id',"
                              " field_revs = (field_revs::jsonb - 'organisation_id')::text"
                              " WHERE kind = 'professional';");
  else
    monia_test_database_exec (f.dir, f.database,
                              "UPDATE records SET fields = json_remove (fields, '$.organisation_id'),"
                              " field_revs = json_remove (field_revs, '$.organisation_id')"
                              " WHERE kind = 'professional';");

  /* A desktop's pull before the upgrade: no organisations anywhere */
  before = pull_directory (&f, alice, 0, &cursor);
  g_assert_cmpuint (count_kind (before, "professional"), ==, 5);
  g_assert_cmpuint (count_kind (before, "organisation") + count_kind (before, "team"), ==, 0);
  for (guint i = 0; i < json_array_get_length (before); i++)
    g_assert_null (change_field (json_array_get_object_element (before, i), "organisation_id"));

  /* Opened by this server: migrated in one go */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MoniaServerStore) store = monia_server_store_open_database (f.dir, f.database, FALSE, &error);

    g_assert_no_error (error);
  }
  g_assert_cmpint (monia_test_database_query_int (f.dir, f.database,
                                                  "SELECT value FROM meta WHERE key = 'schema_version'"),
                   ==, MONIA_SERVER_STORE_SCHEMA_VERSION);

  /* The next pull, from where the desktop was, brings every professional
   * again, changed, with the organisations and teams they name. */
  after = pull_directory (&f, alice, cursor, &seq);
  g_assert_cmpint (seq, >, cursor);
  g_assert_cmpuint (count_kind (after, "professional"), ==, 5);
  g_assert_cmpuint (count_kind (after, "organisation"), ==, 1);
  g_assert_cmpuint (count_kind (after, "team"), ==, 3);
  assert_directory_resolves (after);
  for (guint i = 0; i < json_array_get_length (after); i++)
    {
      JsonObject *change = json_array_get_object_element (after, i);

      if (g_str_equal (json_object_get_string_member (change, "kind"), "professional"))
        {
          g_assert_cmpint (json_object_get_int_member (change, "rev"), ==, 2);
          g_assert_nonnull (change_field (change, "name"));
          g_assert_nonnull (change_field (change, "login"));
        }
    }
  /* The field changed at the record's new revision, as any change is kept. */
  g_assert_cmpint (monia_test_database_query_int (f.dir, f.database,
                                                  f.database != NULL
                                                  ? "SELECT count(*) FROM records WHERE kind = 'professional'"
                                                    " AND (field_revs::jsonb ->> 'organisation_id') = '2'"
                                                  : "SELECT count(*) FROM records WHERE kind = 'professional'"
                                                    " AND json_extract (field_revs, '$.organisation_id') = 2"),
                   ==, 5);

  /* Opened again: nothing more to publish */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MoniaServerStore) store = monia_server_store_open_database (f.dir, f.database, FALSE, &error);

    g_assert_no_error (error);
  }
  again = pull_directory (&f, alice, seq, &last);
  g_assert_cmpuint (json_array_get_length (again), ==, 0);
  g_assert_cmpint (last, ==, seq);

  fixture_stop (&f);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/login", test_login);
  g_test_add_func ("/server/throttle", test_throttle);
  g_test_add_func ("/server/token-expiry", test_token_expiry);
  g_test_add_func ("/server/push-idempotent", test_push_idempotent);
  g_test_add_func ("/server/push-batch-units", test_push_batch_units);
  g_test_add_func ("/server/poll-timeout", test_poll_timeout);
  g_test_add_func ("/server/conflict", test_conflict);
  g_test_add_func ("/server/append-only", test_append_only);
  g_test_add_func ("/server/other-team", test_other_team);
  g_test_add_func ("/server/lead-feed-metadata", test_lead_feed_metadata);
  g_test_add_func ("/server/pull-many", test_pull_many);
  g_test_add_func ("/server/access-lost", test_access_lost);
  g_test_add_func ("/server/live", test_live);
  g_test_add_func ("/server/admin-processing", test_admin_processing);
  g_test_add_func ("/server/routes", test_routes);
  g_test_add_func ("/server/consent-day-in-finland", test_consent_day_in_finland);
  g_test_add_func ("/server/directory-organisations", test_directory_organisations);
  g_test_add_func ("/server/directory-migrated", test_directory_migrated);
  g_test_add_func ("/server/hostile-json", test_hostile_json);
  g_test_add_func ("/server/ranges", test_ranges);
  g_test_add_func ("/server/mutation-id-per-account", test_mutation_id_per_account);
  g_test_add_func ("/server/applied-mutations-migrated", test_applied_mutations_migrated);
  g_test_add_func ("/server/login-off-loop", test_login_off_loop);
  g_test_add_func ("/server/login-busy", test_login_busy);
  g_test_add_func ("/server/login-disconnect", test_login_disconnect);
  g_test_add_func ("/server/login-dispose", test_login_dispose);
  g_test_add_func ("/server/login-rate", test_login_rate);
  g_test_add_func ("/server/token-cap", test_token_cap);
  g_test_add_func ("/server/live-logout", test_live_logout);
  g_test_add_func ("/server/live-expiry", test_live_expiry);
  g_test_add_func ("/server/poll-logout", test_poll_logout);
  g_test_add_func ("/server/poll-expiry", test_poll_expiry);

  return g_test_run ();
}
