/* test-ask.c — the public "Ask for help" form over HTTP on 127.0.0.1: every
 * field, error and limit, the thank-you and answer pages, the pages the law
 * asks for, and what reaches the intake inbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <libsoup/soup.h>
#include <sqlite3.h>

#include "monia-core.h"
#include "monia-server.h"
#include "monia-server-ask.h"
#include "monia-server-private.h"
#include "monia-test-util.h"

#define PASSWORD "correct horse battery"

/* Friday 5 December 2025 at 23:30 in Helsinki (UTC+2). */
#define FRIDAY_LATE G_GINT64_CONSTANT (1764970200)

typedef struct
{
  char         *dir;
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  GMutex        lock;
  GCond         cond;
  guint16       port;
  gboolean      ready;
  MoniaServer  *server;
  gint64        now;
  SoupSession  *session;
} Fixture;

static gpointer
server_thread (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaServerStore) store = NULL;
  g_autoptr(GInetAddress) any = g_inet_address_new_from_string ("127.0.0.1");
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (any, 0);
  const char *locale_dir = g_getenv ("MONIA_TEST_LOCALEDIR");

  g_main_context_push_thread_default (f->context);
  store = monia_server_store_open (f->dir, FALSE, &error);
  g_assert_no_error (error);
  f->server = monia_server_new (store, NULL);
  if (locale_dir != NULL)
    monia_server_set_locale_dir (f->server, locale_dir);
  _monia_server_set_web_now (f->server, f->now);
  monia_server_listen (f->server, G_INET_SOCKET_ADDRESS (address), &error);
  g_assert_no_error (error);

  g_mutex_lock (&f->lock);
  f->port = monia_server_get_port (f->server);
  f->ready = TRUE;
  g_cond_signal (&f->cond);
  g_mutex_unlock (&f->lock);

  g_main_loop_run (f->loop);
  monia_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_main_context_pop_thread_default (f->context);
  return NULL;
}

/* @settings: key, value, …, NULL */
static void
fixture_start (Fixture    *f,
               gint64      now,
               const char *first_key,
               ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaServerStore) store = NULL;
  g_autofree char *id = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  va_list args;

  f->dir = monia_test_tmp_dir_new ();
  store = monia_server_store_open (f->dir, TRUE, &error);
  g_assert_no_error (error);
  id = monia_server_store_add_account (store, "ilona", "Ilona Example", "Org A", "Intake", MONIA_ROLE_INTAKE,
                                       PASSWORD, &error);
  g_assert_no_error (error);
  va_start (args, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);

      g_assert_true (monia_server_store_set_setting (store, key, value, &error));
      g_assert_no_error (error);
    }
  va_end (args);
  g_clear_object (&store);

  f->now = now;
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
  f->session = soup_session_new_with_options ("timeout", 20, NULL);
}

static void
fixture_stop (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaServerStore) store = NULL;
  gint64 n = 0;

  g_clear_object (&f->session);
  g_main_loop_quit (f->loop);
  g_thread_join (f->thread);
  g_main_loop_unref (f->loop);
  g_main_context_unref (f->context);
  g_mutex_clear (&f->lock);
  g_cond_clear (&f->cond);
  store = monia_server_store_open (f->dir, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (monia_server_store_audit_verify (store, &n, &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  monia_test_tmp_dir_remove (f->dir);
  g_free (f->dir);
}

typedef struct
{
  guint               status;
  char               *body;
  SoupMessageHeaders *headers;
} Reply;

static void
reply_clear (Reply *reply)
{
  g_clear_pointer (&reply->body, g_free);
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reply, reply_clear)

static void
send_message (Fixture     *f,
              SoupSession *session,
              SoupMessage *msg,
              Reply       *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read (session != NULL ? session : f->session, msg, NULL, &error);
  gsize length = 0;
  const char *data;

  g_assert_no_error (error);
  data = g_bytes_get_data (bytes, &length);
  out->status = soup_message_get_status (msg);
  out->body = g_strndup (data, length);
  out->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
}

static void
get (Fixture    *f,
     const char *path,
     const char *accept_language,
     Reply      *out)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u%s", f->port, path);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);

  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (accept_language != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept-Language", accept_language);
  send_message (f, NULL, msg, out);
}

static void
post_raw (Fixture     *f,
          SoupSession *session,
          const char  *path,
          const char  *content_type,
          const char  *body,
          gsize        length,
          Reply       *out)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u%s", f->port, path);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) bytes = g_bytes_new (body, length);

  soup_message_set_request_body_from_bytes (msg, content_type, bytes);
  send_message (f, session, msg, out);
}

/* The hidden token of the form at @path. */
static char *
get_token (Fixture    *f,
           const char *path)
{
  g_auto(Reply) reply = { 0 };
  const char *start, *end;

  get (f, path, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  start = strstr (reply.body, "name=\"token\" value=\"");
  g_assert_nonnull (start);
  start += strlen ("name=\"token\" value=\"");
  end = strchr (start, '"');
  return g_strndup (start, end - start);
}

/* Posts the form: @token (NULL for none), then name, value, …, NULL. */
static void
post_form (Fixture     *f,
           SoupSession *session,
           const char  *path,
           const char  *token,
           Reply       *out,
           ...)
{
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *body = NULL;
  va_list args;

  if (token != NULL)
    g_hash_table_insert (fields, "token", (gpointer) token);
  va_start (args, out);
  for (const char *name = va_arg (args, const char *); name != NULL; name = va_arg (args, const char *))
    g_hash_table_insert (fields, (gpointer) name, va_arg (args, char *));
  va_end (args);
  body = soup_form_encode_hash (fields);
  post_raw (f, session, path, "application/x-www-form-urlencoded", body, strlen (body), out);
}

static gint64
count_requests (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->dir, MONIA_SERVER_STORE_FILE, NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM records WHERE kind = 'help_request'", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* The newest help request's fields, and its feed. */
static JsonObject *
latest_request (Fixture  *f,
                char    **out_feed)
{
  g_autofree char *path = g_build_filename (f->dir, MONIA_SERVER_STORE_FILE, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  JsonObject *fields;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT fields, feed FROM records WHERE kind = 'help_request'"
                                           " ORDER BY rowid DESC LIMIT 1", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_true (json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 0), -1, NULL));
  if (out_feed != NULL)
    *out_feed = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  fields = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return fields;
}

static void
assert_security_headers (Reply *reply)
{
  const char *csp = soup_message_headers_get_one (reply->headers, "Content-Security-Policy");

  g_assert_nonnull (csp);
  g_assert_nonnull (strstr (csp, "default-src 'none'"));
  g_assert_nonnull (strstr (csp, "frame-ancestors 'none'"));
  g_assert_nonnull (strstr (csp, "form-action 'self'"));
  g_assert_null (strstr (csp, "script-src"));
  g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "X-Content-Type-Options"), ==, "nosniff");
  g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "X-Frame-Options"), ==, "DENY");
  g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Referrer-Policy"), ==, "no-referrer");
  g_assert_nonnull (soup_message_headers_get_one (reply->headers, "Permissions-Policy"));
}

/* Every page is whole, in its language, and links the privacy notice and
 * the accessibility statement; it loads nothing from elsewhere and has no
 * script. */
static void
assert_page (Reply      *reply,
             const char *lang)
{
  g_autofree char *html_lang = g_strdup_printf ("<html lang=\"%s\">", lang);

  assert_security_headers (reply);
  g_assert_true (g_str_has_prefix (soup_message_headers_get_one (reply->headers, "Content-Type"), "text/html"));
  g_assert_true (g_str_has_prefix (reply->body, "<!DOCTYPE html>"));
  g_assert_nonnull (strstr (reply->body, html_lang));
  g_assert_nonnull (strstr (reply->body, "<meta name=\"viewport\""));
  g_assert_nonnull (strstr (reply->body, "href=\"/privacy?lang="));
  g_assert_nonnull (strstr (reply->body, "href=\"/accessibility?lang="));
  g_assert_null (strstr (reply->body, "<script"));
  g_assert_null (strstr (reply->body, "src=\"http"));
  g_assert_null (strstr (reply->body, "href=\"http"));
  g_assert_nonnull (strstr (reply->body, "</html>"));
}

static void
test_form_page (void)
{
  Fixture f = { 0 };
  static const char * const fields[] = {
    "name=\"message\"", "name=\"topic\"", "name=\"request\"", "value=\"help\"", "value=\"callback\"",
    "name=\"anonymous\"", "name=\"name\"", "name=\"phone\"", "name=\"email\"", "name=\"contact_preference\"",
    "name=\"municipality\"", "name=\"child_age\"", "name=\"token\"", "name=\"website\"",
    "<label for=\"message\">", "<label for=\"phone\">", "<legend>",
  };

  fixture_start (&f, 0, NULL);
  {
    g_auto(Reply) reply = { 0 };

    get (&f, "/ask", NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
    assert_page (&reply, "fi");   /* Finnish unless asked otherwise */
    for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
      g_assert_nonnull (strstr (reply.body, fields[i]));
    g_assert_cmpstr (soup_message_headers_get_one (reply.headers, "Cache-Control"), ==, "no-store");
    /* The honeypot is out of sight and out of the tab order. */
    g_assert_nonnull (strstr (reply.body, "<div class=\"trap\">"));
    g_assert_nonnull (strstr (reply.body, "tabindex=\"-1\""));
    /* With the build's catalogue, the Finnish page is in Finnish. */
    if (g_getenv ("MONIA_TEST_LOCALEDIR") != NULL)
      g_assert_nonnull (strstr (reply.body, "Takaisinsoittopyyntö"));
  }
  {
    g_auto(Reply) reply = { 0 };

    get (&f, "/ask?lang=sv", NULL, &reply);
    assert_page (&reply, "sv");
    g_assert_nonnull (strstr (reply.body, "action=\"/ask?lang=sv\""));
    if (g_getenv ("MONIA_TEST_LOCALEDIR") != NULL)
      g_assert_nonnull (strstr (reply.body, "Begäran om återuppringning"));
  }
  {
    g_auto(Reply) reply = { 0 };

    get (&f, "/ask", "de-DE, sv;q=0.8, en;q=0.9", &reply);
    assert_page (&reply, "en");
    g_assert_nonnull (strstr (reply.body, "Callback request"));
  }
  {
    g_auto(Reply) reply = { 0 };

    /* An unknown ?lang= falls back to the header. */
    get (&f, "/ask?lang=de", "sv-FI", &reply);
    assert_page (&reply, "sv");
  }
  {
    g_auto(Reply) reply = { 0 };

    get (&f, "/ask/style.css", NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
    g_assert_true (g_str_has_prefix (soup_message_headers_get_one (reply.headers, "Content-Type"), "text/css"));
    g_assert_nonnull (strstr (reply.body, ":focus-visible"));
    g_assert_null (strstr (reply.body, "url("));
    g_assert_null (strstr (reply.body, "@import"));
  }
  {
    g_auto(Reply) reply = { 0 };

    get (&f, "/", NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 303);
    g_assert_true (g_str_has_suffix (soup_message_headers_get_one (reply.headers, "Location"), "/ask?lang=fi"));
  }
  {
    g_auto(Reply) reply = { 0 };
    g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u/ask", f.port);
    g_autoptr(SoupMessage) msg = soup_message_new ("PUT", uri);

    send_message (&f, NULL, msg, &reply);
    g_assert_cmpuint (reply.status, ==, 405);
    g_assert_cmpstr (soup_message_headers_get_one (reply.headers, "Allow"), ==, "GET, POST");
  }
  fixture_stop (&f);
}

static void
test_submit (void)
{
  Fixture f = { 0 };
  g_autofree char *token = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autofree char *feed = NULL;
  g_auto(Reply) reply = { 0 };
  g_autofree char *login_body = g_strdup_printf ("{\"login\":\"ilona\",\"password\":\"%s\"}", PASSWORD);

  fixture_start (&f, FRIDAY_LATE, MONIA_SETTING_PROMISE_WEB, "2", NULL);
  token = get_token (&f, "/ask?lang=en");
  post_form (&f, NULL, "/ask?lang=en", token, &reply,
             "lang", "en", "request", "help", "message", "  Our 4-year-old does not sleep, and we are tired.  ",
             "topic", "parenting", "child_age", "3-6", "municipality", "Raisio", "name", "Testi Vanhempi",
             "phone", "040 123 4567", "email", "parent@example.fi", "contact_preference", "sms",
             "website", "", NULL);
  g_assert_cmpuint (reply.status, ==, 200);
  assert_page (&reply, "en");
  /* Friday 23:30 in Helsinki: the 2nd working day after Friday is Tuesday. */
  g_assert_nonnull (strstr (reply.body, "<time datetime=\"2025-12-09\">Tuesday 9 December 2025</time>"));
  g_assert_nonnull (strstr (reply.body, "class=\"code\""));

  fields = latest_request (&f, &feed);
  g_assert_cmpstr (feed, ==, "inbox");
  g_assert_cmpstr (json_object_get_string_member (fields, "channel"), ==, "web");
  g_assert_cmpstr (json_object_get_string_member (fields, "message"), ==, "Our 4-year-old does not sleep, and we are tired.");
  g_assert_cmpstr (json_object_get_string_member (fields, "topic"), ==, "parenting");
  g_assert_cmpstr (json_object_get_string_member (fields, "child_age"), ==, "3-6");
  g_assert_cmpstr (json_object_get_string_member (fields, "municipality"), ==, "Raisio");
  g_assert_cmpstr (json_object_get_string_member (fields, "contact_name"), ==, "Testi Vanhempi");
  g_assert_cmpstr (json_object_get_string_member (fields, "contact_phone"), ==, "040 123 4567");
  g_assert_cmpstr (json_object_get_string_member (fields, "contact_email"), ==, "parent@example.fi");
  g_assert_cmpstr (json_object_get_string_member (fields, "contact_preference"), ==, "sms");
  g_assert_cmpstr (json_object_get_string_member (fields, "language"), ==, "en");
  g_assert_false (json_object_get_boolean_member (fields, "anonymous"));
  g_assert_cmpint (json_object_get_int_member (fields, "received_at"), ==, FRIDAY_LATE);
  g_assert_cmpint (json_object_get_int_member (fields, "promise_working_days"), ==, 2);
  /* Due at midnight ending Tuesday in Helsinki: 22:00 UTC. */
  g_assert_cmpint (json_object_get_int_member (fields, "due_at"), ==, G_GINT64_CONSTANT (1765317600));
  g_assert_nonnull (strstr (reply.body, json_object_get_string_member (fields, "reference")));
  g_assert_cmpuint (strlen (json_object_get_string_member (fields, "reference")), ==, 14);

  /* The same form sent again makes no second request. */
  {
    g_auto(Reply) again = { 0 };

    post_form (&f, NULL, "/ask", token, &again, "message", "Again", "anonymous", "1", NULL);
    g_assert_cmpuint (again.status, ==, 409);
    assert_page (&again, "fi");
    g_assert_cmpint (count_requests (&f), ==, 1);
  }

  /* An intake worker sees it in the inbox. */
  {
    g_auto(Reply) login = { 0 }, pull = { 0 };
    g_autoptr(JsonNode) node = NULL;
    g_autofree char *header = NULL;
    g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u/v1/feeds/inbox/changes", f.port);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);

    post_raw (&f, NULL, "/v1/login", "application/json", login_body, strlen (login_body), &login);
    g_assert_cmpuint (login.status, ==, 200);
    node = json_from_string (login.body, NULL);
    header = g_strdup_printf ("Bearer %s", json_object_get_string_member (json_node_get_object (node), "token"));
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
    send_message (&f, NULL, msg, &pull);
    g_assert_cmpuint (pull.status, ==, 200);
    g_assert_nonnull (strstr (pull.body, "Our 4-year-old does not sleep"));
  }
  fixture_stop (&f);
}

/* The callback's promise is its own setting; an anonymous callback keeps
 * the number to call and nothing else of the person. */
static void
test_submit_callback_anonymous (void)
{
  Fixture f = { 0 };
  g_autofree char *token = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_auto(Reply) reply = { 0 };

  fixture_start (&f, FRIDAY_LATE, NULL);
  token = get_token (&f, "/ask");
  post_form (&f, NULL, "/ask", token, &reply, "request", "callback", "anonymous", "1",
             "message", "Soittakaa minulle", "name", "Not Kept", "email", "not@kept.fi", "phone", "+358 40 765 4321",
             NULL);
  g_assert_cmpuint (reply.status, ==, 200);
  /* Friday 23:30: the next working day is Monday. */
  g_assert_nonnull (strstr (reply.body, "<time datetime=\"2025-12-08\">"));
  fields = latest_request (&f, NULL);
  g_assert_cmpstr (json_object_get_string_member (fields, "channel"), ==, "callback");
  g_assert_true (json_object_get_boolean_member (fields, "anonymous"));
  g_assert_cmpstr (json_object_get_string_member (fields, "contact_phone"), ==, "+358 40 765 4321");
  g_assert_false (json_object_has_member (fields, "contact_name"));
  g_assert_false (json_object_has_member (fields, "contact_email"));
  g_assert_cmpint (json_object_get_int_member (fields, "promise_working_days"), ==, 1);
  fixture_stop (&f);
  memset (&f, 0, sizeof f);

  /* Three working days for a callback, from 00:30 on Saturday in Helsinki. */
  fixture_start (&f, FRIDAY_LATE + 3600, MONIA_SETTING_PROMISE_CALLBACK, "3", NULL);
  {
    g_autofree char *token2 = get_token (&f, "/ask");
    g_auto(Reply) reply2 = { 0 };

    post_form (&f, NULL, "/ask", token2, &reply2, "request", "callback", "message", "Call", "phone", "0401234567",
               NULL);
    g_assert_cmpuint (reply2.status, ==, 200);
    g_assert_nonnull (strstr (reply2.body, "<time datetime=\"2025-12-10\">"));
  }
  fixture_stop (&f);
}

typedef struct
{
  const char *why;
  const char *field;    /* the field the error is at, NULL for the summary alone */
  const char *pairs[12];
} BadCase;

/* Each error comes back at its field, in the summary, with the person's
 * text kept and nothing stored. */
static void
test_field_errors (void)
{
  Fixture f = { 0 };
  g_autofree char *long_message = g_strnfill (5001, 'a');
  g_autofree char *long_name = g_strnfill (201, 'n');
  const BadCase cases[] = {
    { "empty message", "message", { "message", "  \n ", "phone", "0401234567" } },
    { "message too long", "message", { "message", long_message, "phone", "0401234567" } },
    { "callback without phone", "phone", { "message", "Kept text", "request", "callback", "anonymous", "1" } },
    { "not help or callback", "request", { "message", "Kept text", "request", "visit", "phone", "0401234567" } },
    { "phone not a number", "phone", { "message", "Kept text", "phone", "call me maybe" } },
    { "phone too short", "phone", { "message", "Kept text", "phone", "123" } },
    { "e-mail malformed", "email", { "message", "Kept text", "email", "parent.example.fi" } },
    { "no way to answer", "phone", { "message", "Kept text", "name", "Testi" } },
    { "unknown topic", "topic", { "message", "Kept text", "topic", "weather", "anonymous", "1" } },
    { "unknown age band", "child_age", { "message", "Kept text", "child_age", "40-50", "anonymous", "1" } },
    { "anonymous not 1", "anonymous", { "message", "Kept text", "anonymous", "yes" } },
    { "unknown contact preference", "contact_preference", { "message", "Kept text", "phone", "0401234567",
                                                            "contact_preference", "pigeon" } },
    { "e-mail preferred, none given", "email", { "message", "Kept text", "phone", "0401234567",
                                                 "contact_preference", "email" } },
    { "text message preferred, no phone", "phone", { "message", "Kept text", "email", "a@example.fi",
                                                     "contact_preference", "sms" } },
    { "name too long", "name", { "message", "Kept text", "anonymous", "1", "name", long_name } },
    { "municipality too long", "municipality", { "message", "Kept text", "anonymous", "1",
                                                 "municipality", long_name } },
  };

  fixture_start (&f, 0, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GHashTable) body_fields = g_hash_table_new (g_str_hash, g_str_equal);
      g_autofree char *token = get_token (&f, "/ask?lang=en");
      g_autofree char *body = NULL;
      g_autofree char *invalid = g_strdup_printf ("id=\"%s\"", cases[i].field);
      g_autofree char *error_id = g_strdup_printf ("id=\"%s-error\"", cases[i].field);
      g_autofree char *link = NULL;
      g_auto(Reply) reply = { 0 };
      const char *at;

      g_test_message ("%s", cases[i].why);
      g_hash_table_insert (body_fields, "token", token);
      g_hash_table_insert (body_fields, "lang", "en");
      for (guint j = 0; cases[i].pairs[j] != NULL; j += 2)
        g_hash_table_insert (body_fields, (gpointer) cases[i].pairs[j], (gpointer) cases[i].pairs[j + 1]);
      body = soup_form_encode_hash (body_fields);
      post_raw (&f, NULL, "/ask", "application/x-www-form-urlencoded", body, strlen (body), &reply);

      g_assert_cmpuint (reply.status, ==, 400);
      assert_page (&reply, "en");
      g_assert_nonnull (strstr (reply.body, "<title>Error: "));
      g_assert_nonnull (strstr (reply.body, "role=\"alert\""));
      g_assert_nonnull (strstr (reply.body, error_id));
      /* The input (or group) says it is invalid and names its message. */
      at = strstr (reply.body, invalid);
      g_assert_nonnull (at);
      if (g_str_equal (cases[i].field, "request") || g_str_equal (cases[i].field, "contact_preference"))
        g_assert_nonnull (strstr (at, "aria-invalid=\"true\""));
      else
        {
          const char *end = strchr (at, '>');

          g_assert_nonnull (g_strstr_len (at, end - at, "aria-invalid=\"true\""));
          g_assert_nonnull (g_strstr_len (at, end - at, "-error\""));
        }
      /* The summary leads to it. */
      link = g_strdup_printf ("<a href=\"#%s", cases[i].field);
      g_assert_nonnull (strstr (reply.body, link));
      /* What was written comes back. */
      if (strstr (cases[i].why, "long") == NULL && strstr (cases[i].why, "empty") == NULL)
        g_assert_nonnull (strstr (reply.body, ">Kept text</textarea>"));
      g_assert_cmpint (count_requests (&f), ==, 0);
    }
  fixture_stop (&f);
}

/* A topic the region does not offer is refused like an unknown one. */
static void
test_topics_setting (void)
{
  Fixture f = { 0 };
  g_autofree char *token = NULL;
  g_auto(Reply) form = { 0 }, reply = { 0 };

  fixture_start (&f, 0, MONIA_SETTING_TOPICS, "school,other", NULL);
  get (&f, "/ask", NULL, &form);
  g_assert_nonnull (strstr (form.body, "value=\"school\""));
  g_assert_null (strstr (form.body, "value=\"money\""));
  token = get_token (&f, "/ask");
  post_form (&f, NULL, "/ask", token, &reply, "message", "Hi", "anonymous", "1", "topic", "money", NULL);
  g_assert_cmpuint (reply.status, ==, 400);
  g_assert_nonnull (strstr (reply.body, "id=\"topic-error\""));
  g_assert_cmpint (count_requests (&f), ==, 0);
  fixture_stop (&f);
}

/* No token, a forged one, an old one, or the honeypot filled: the form
 * comes back filled in, with a fresh token, and nothing is stored; sent
 * again as it came, it goes. */
static void
test_token_and_honeypot (void)
{
  Fixture f = { 0 };
  g_autofree char *token = NULL;
  g_autofree char *forged = NULL;

  fixture_start (&f, FRIDAY_LATE, NULL);
  {
    g_auto(Reply) reply = { 0 };

    /* A municipality's own form, with the contract's fields and no token. */
    post_form (&f, NULL, "/ask", NULL, &reply, "message", "From the municipality page", "anonymous", "1", NULL);
    g_assert_cmpuint (reply.status, ==, 400);
    assert_page (&reply, "fi");
    g_assert_nonnull (strstr (reply.body, "role=\"alert\""));
    g_assert_nonnull (strstr (reply.body, ">From the municipality page</textarea>"));
    g_assert_nonnull (strstr (reply.body, "name=\"anonymous\" value=\"1\" checked"));
    g_assert_cmpint (count_requests (&f), ==, 0);
  }

  token = get_token (&f, "/ask");
  forged = g_strdup (token);
  forged[strlen (forged) - 2] = forged[strlen (forged) - 2] == 'A' ? 'B' : 'A';
  {
    g_auto(Reply) reply = { 0 };

    post_form (&f, NULL, "/ask", forged, &reply, "message", "Forged", "anonymous", "1", NULL);
    g_assert_cmpuint (reply.status, ==, 400);
    g_assert_cmpint (count_requests (&f), ==, 0);
  }
  {
    g_auto(Reply) reply = { 0 };

    post_form (&f, NULL, "/ask", token, &reply, "message", "Robot", "anonymous", "1", "website", "http://spam", NULL);
    g_assert_cmpuint (reply.status, ==, 400);
    g_assert_cmpint (count_requests (&f), ==, 0);
  }
  {
    g_auto(Reply) reply = { 0 };

    /* Five hours later the token has expired. */
    f.server->web_now = FRIDAY_LATE + 5 * 3600;
    post_form (&f, NULL, "/ask?lang=en", token, &reply, "message", "Slow writer", "anonymous", "1", NULL);
    g_assert_cmpuint (reply.status, ==, 400);
    g_assert_nonnull (strstr (reply.body, "open for a long time"));
    g_assert_nonnull (strstr (reply.body, ">Slow writer</textarea>"));
    g_assert_cmpint (count_requests (&f), ==, 0);
  }
  {
    g_auto(Reply) reply = { 0 };
    g_autofree char *fresh = get_token (&f, "/ask");

    post_form (&f, NULL, "/ask", fresh, &reply, "message", "Now it goes", "anonymous", "1", NULL);
    g_assert_cmpuint (reply.status, ==, 200);
    g_assert_cmpint (count_requests (&f), ==, 1);
  }
  fixture_stop (&f);
}

/* Posts that are not forms this page reads: refused with a page, nothing
 * stored, nothing read past the limit. */
static void
test_bounds (void)
{
  Fixture f = { 0 };
  g_autofree char *token = NULL;

  fixture_start (&f, 0, NULL);
  token = get_token (&f, "/ask");
  {
    g_auto(Reply) reply = { 0 };
    gsize size = 70 * 1024;
    g_autofree char *big = g_malloc (size + 1);

    memcpy (big, "message=", 8);
    memset (big + 8, 'x', size - 8);
    post_raw (&f, NULL, "/ask", "application/x-www-form-urlencoded", big, size, &reply);
    g_assert_cmpuint (reply.status, ==, 413);
    assert_page (&reply, "fi");
  }
  {
    static const char * const bodies[] = {
      "message=a&message=b",                       /* twice */
      "message=%ZZ",                               /* broken escape */
      "message=abc%00def",                         /* NUL */
      "message=%C3%28",                            /* not UTF-8 */
      "message=%1B%5B31m",                         /* a control character */
      "Message=upper",                             /* not a field name */
      "m%65ssage=escaped+name",                    /* nor this */
    };

    for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
      {
        g_auto(Reply) reply = { 0 };
        g_autofree char *body = g_strdup_printf ("%s&anonymous=1&token=%s", bodies[i], token);

        g_test_message ("%s", bodies[i]);
        post_raw (&f, NULL, "/ask", "application/x-www-form-urlencoded", body, strlen (body), &reply);
        g_assert_cmpuint (reply.status, ==, 400);
        assert_page (&reply, "fi");
      }
  }
  {
    g_auto(Reply) reply = { 0 };
    g_autoptr(GString) many = g_string_new ("message=hi");

    for (guint i = 0; i < 40; i++)
      g_string_append_printf (many, "&x%u=1", i);
    post_raw (&f, NULL, "/ask", "application/x-www-form-urlencoded", many->str, many->len, &reply);
    g_assert_cmpuint (reply.status, ==, 400);
  }
  {
    g_auto(Reply) reply = { 0 };
    const char *json = "{\"message\":\"hi\"}";

    post_raw (&f, NULL, "/ask", "application/json", json, strlen (json), &reply);
    g_assert_cmpuint (reply.status, ==, 415);
    assert_page (&reply, "fi");
  }
  {
    g_auto(Reply) reply = { 0 };
    const char *multipart = "--x\r\nContent-Disposition: form-data; name=\"message\"\r\n\r\nhi\r\n--x--\r\n";

    post_raw (&f, NULL, "/ask", "multipart/form-data; boundary=x", multipart, strlen (multipart), &reply);
    g_assert_cmpuint (reply.status, ==, 415);
  }
  g_assert_cmpint (count_requests (&f), ==, 0);
  fixture_stop (&f);
}

/* Per address: the limit's next post is 429 with Retry-After and a page
 * that keeps the text; another address is not held back. */
static void
test_rate_limit (void)
{
  Fixture f = { 0 };
  g_autoptr(GInetAddress) other = g_inet_address_new_from_string ("127.0.0.2");
  g_autoptr(GSocketAddress) other_address = g_inet_socket_address_new (other, 0);
  g_autoptr(SoupSession) other_session = NULL;

  fixture_start (&f, FRIDAY_LATE, MONIA_SETTING_LIMIT_SUBMISSIONS, "3", MONIA_SETTING_LIMIT_ANSWERS, "2", NULL);
  for (guint i = 0; i < 3; i++)
    {
      g_auto(Reply) reply = { 0 };
      g_autofree char *token = get_token (&f, "/ask");

      post_form (&f, NULL, "/ask", token, &reply, "message", i == 0 ? "" : "Fine", "anonymous", "1", NULL);
      g_assert_cmpuint (reply.status, ==, i == 0 ? 400 : 200);
    }
  {
    g_auto(Reply) reply = { 0 };
    g_autofree char *token = get_token (&f, "/ask?lang=en");

    post_form (&f, NULL, "/ask?lang=en", token, &reply, "message", "Fourth, kept", "anonymous", "1", NULL);
    g_assert_cmpuint (reply.status, ==, 429);
    assert_page (&reply, "en");
    g_assert_nonnull (soup_message_headers_get_one (reply.headers, "Retry-After"));
    g_assert_cmpint (g_ascii_strtoll (soup_message_headers_get_one (reply.headers, "Retry-After"), NULL, 10), >, 3000);
    g_assert_nonnull (strstr (reply.body, "role=\"alert\""));
    g_assert_nonnull (strstr (reply.body, "Try again in 60 minutes."));
    g_assert_nonnull (strstr (reply.body, ">Fourth, kept</textarea>"));
  }
  g_assert_cmpint (count_requests (&f), ==, 2);

  /* An hour later the address may post again. */
  f.server->web_now = FRIDAY_LATE + 3601;
  {
    g_auto(Reply) reply = { 0 };
    g_autofree char *token = get_token (&f, "/ask");

    post_form (&f, NULL, "/ask", token, &reply, "message", "Next hour", "anonymous", "1", NULL);
    g_assert_cmpuint (reply.status, ==, 200);
  }

  /* Another address has its own count. */
  other_session = soup_session_new_with_options ("timeout", 20, "local-address", other_address, NULL);
  for (guint i = 0; i < 3; i++)
    {
      g_auto(Reply) reply = { 0 };
      g_autofree char *token = get_token (&f, "/ask");

      post_form (&f, other_session, "/ask", token, &reply, "message", "Other", "anonymous", "1", NULL);
      g_assert_cmpuint (reply.status, ==, 200);
    }

  /* The answer page counts look-ups on its own. */
  for (guint i = 0; i < 3; i++)
    {
      g_auto(Reply) reply = { 0 };
      g_autofree char *token = get_token (&f, "/ask/answer");

      post_form (&f, NULL, "/ask/answer", token, &reply, "code", "AAAA-BBBB-CCCC", NULL);
      g_assert_cmpuint (reply.status, ==, i < 2 ? 404 : 429);
    }

  /* The table names no address. */
  {
    g_autofree char *path = g_build_filename (f.dir, MONIA_SERVER_STORE_FILE, NULL);
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM web_hits WHERE address LIKE '127.%'", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }
  fixture_stop (&f);
}

static char *
code_on (const char *body)
{
  const char *start = strstr (body, "<p class=\"code\" id=\"code\">");
  const char *end;

  g_assert_nonnull (start);
  start += strlen ("<p class=\"code\" id=\"code\">");
  end = strchr (start, '<');
  return g_strndup (start, end - start);
}

/* An anonymous family reads the answer by its code, and nothing else of
 * the request; a wrong or malformed code finds nothing. */
static void
test_answer (void)
{
  Fixture f = { 0 };
  g_autofree char *token = NULL;
  g_autofree char *code = NULL;
  g_autofree char *typed = NULL;
  g_autofree char *request_id = NULL;
  g_autofree char *bearer = NULL;
  g_autofree char *login_body = g_strdup_printf ("{\"login\":\"ilona\",\"password\":\"%s\"}", PASSWORD);
  g_auto(Reply) sent = { 0 };

  fixture_start (&f, FRIDAY_LATE, NULL);
  token = get_token (&f, "/ask?lang=en");
  post_form (&f, NULL, "/ask?lang=en", token, &sent, "message", "A secret worry", "anonymous", "1",
             "topic", "wellbeing", NULL);
  g_assert_cmpuint (sent.status, ==, 200);
  code = code_on (sent.body);
  g_assert_cmpuint (strlen (code), ==, 14);

  {
    g_auto(Reply) page = { 0 };

    get (&f, "/ask/answer?lang=sv", NULL, &page);
    g_assert_cmpuint (page.status, ==, 200);
    assert_page (&page, "sv");
    g_assert_nonnull (strstr (page.body, "name=\"code\""));
  }
  {
    g_auto(Reply) reply = { 0 };
    g_autofree char *answer_token = get_token (&f, "/ask/answer");

    post_form (&f, NULL, "/ask/answer?lang=en", answer_token, &reply, "code", code, NULL);
    g_assert_cmpuint (reply.status, ==, 200);
    assert_page (&reply, "en");
    g_assert_nonnull (strstr (reply.body, "No answer yet"));
    g_assert_null (strstr (reply.body, "A secret worry"));
  }

  /* The intake worker replies through the sync protocol, as the app does. */
  {
    g_autoptr(JsonObject) fields = latest_request (&f, NULL);
    g_auto(Reply) login = { 0 }, pushed = { 0 }, pull = { 0 };
    g_autoptr(JsonNode) node = NULL;
    g_autofree char *mutation_id = monia_id_new ();
    g_autofree char *body = NULL;
    g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u/v1/push", f.port);
    g_autofree char *pull_uri = g_strdup_printf ("http://127.0.0.1:%u/v1/feeds/inbox/changes", f.port);
    g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
    g_autoptr(SoupMessage) pull_msg = soup_message_new ("GET", pull_uri);
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(JsonNode) pulled = NULL;
    JsonArray *records;

    post_raw (&f, NULL, "/v1/login", "application/json", login_body, strlen (login_body), &login);
    node = json_from_string (login.body, NULL);
    bearer = g_strdup_printf ("Bearer %s", json_object_get_string_member (json_node_get_object (node), "token"));

    soup_message_headers_replace (soup_message_get_request_headers (pull_msg), "Authorization", bearer);
    send_message (&f, NULL, pull_msg, &pull);
    pulled = json_from_string (pull.body, NULL);
    records = json_object_get_array_member (json_node_get_object (pulled), "changes");
    g_assert_cmpuint (json_array_get_length (records), ==, 1);
    request_id = g_strdup (json_object_get_string_member (json_array_get_object_element (records, 0), "id"));
    g_assert_cmpstr (json_object_get_string_member (fields, "reference"), ==, code);

    body = g_strdup_printf ("{\"mutations\":[{\"id\":\"%s\",\"kind\":\"help_request\",\"record_id\":\"%s\","
                            "\"op\":\"update\",\"base_rev\":1,\"fields\":{\"reply\":\"Welcome to the family "
                            "centre's <b>drop-in</b> on Tuesdays.\",\"replied_at\":%" G_GINT64_FORMAT "}}]}",
                            mutation_id, request_id, FRIDAY_LATE + 60);
    bytes = g_bytes_new (body, strlen (body));
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
    soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    send_message (&f, NULL, msg, &pushed);
    g_assert_cmpuint (pushed.status, ==, 200);
    g_assert_nonnull (strstr (pushed.body, "\"applied\""));
  }

  /* Typed in small letters with spaces, it still finds the answer, which
   * is shown as text and with nothing else of the request. */
  typed = g_ascii_strdown (code, -1);
  g_strdelimit (typed, "-", ' ');
  {
    g_auto(Reply) reply = { 0 };
    g_autofree char *answer_token = get_token (&f, "/ask/answer");

    post_form (&f, NULL, "/ask/answer?lang=en", answer_token, &reply, "code", typed, NULL);
    g_assert_cmpuint (reply.status, ==, 200);
    assert_page (&reply, "en");
    g_assert_nonnull (strstr (reply.body, "&lt;b&gt;drop-in&lt;/b&gt;"));
    g_assert_null (strstr (reply.body, "<b>"));
    g_assert_nonnull (strstr (reply.body, "<time datetime=\"2025-12-05\">"));
    g_assert_null (strstr (reply.body, "A secret worry"));
    g_assert_null (strstr (reply.body, "wellbeing"));
    g_assert_null (strstr (reply.body, code));
  }
  {
    static const char * const wrong[] = { "2222-2222-2222", "NK48-F43V-2MT" /* short */, "", "<script>" };

    for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
      {
        g_auto(Reply) reply = { 0 };
        g_autofree char *answer_token = get_token (&f, "/ask/answer");

        post_form (&f, NULL, "/ask/answer", answer_token, &reply, "code", wrong[i], NULL);
        g_assert_cmpuint (reply.status, ==, i == 0 ? 404 : 400);
        assert_page (&reply, "fi");
        g_assert_nonnull (strstr (reply.body, "id=\"code-error\""));
        g_assert_nonnull (strstr (reply.body, "aria-invalid=\"true\""));
        g_assert_null (strstr (reply.body, "Welcome to the family"));
        g_assert_null (strstr (reply.body, "<script>"));
      }
  }
  {
    g_auto(Reply) reply = { 0 };

    /* Without the page's token the code is not looked up. */
    post_form (&f, NULL, "/ask/answer", NULL, &reply, "code", code, NULL);
    g_assert_cmpuint (reply.status, ==, 400);
    g_assert_null (strstr (reply.body, "Welcome to the family"));
  }
  fixture_stop (&f);
}

/* An intake desktop's long-poll hears of the new request at once. */
static void
test_live_notice (void)
{
  Fixture f = { 0 };
  g_autofree char *login_body = g_strdup_printf ("{\"login\":\"ilona\",\"password\":\"%s\"}", PASSWORD);
  g_autofree char *bearer = NULL;
  g_autofree char *token = NULL;
  g_auto(Reply) login = { 0 }, first = { 0 }, sent = { 0 }, second = { 0 };
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) first_node = NULL;
  g_autoptr(JsonNode) second_node = NULL;
  g_autofree char *path = NULL;
  JsonArray *notices;

  fixture_start (&f, 0, NULL);
  post_raw (&f, NULL, "/v1/login", "application/json", login_body, strlen (login_body), &login);
  node = json_from_string (login.body, NULL);
  bearer = g_strdup_printf ("Bearer %s", json_object_get_string_member (json_node_get_object (node), "token"));
  {
    g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u/v1/notices?wait=0", f.port);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
    send_message (&f, NULL, msg, &first);
    first_node = json_from_string (first.body, NULL);
  }

  token = get_token (&f, "/ask");
  post_form (&f, NULL, "/ask", token, &sent, "message", "Hello", "anonymous", "1", NULL);
  g_assert_cmpuint (sent.status, ==, 200);

  path = g_strdup_printf ("http://127.0.0.1:%u/v1/notices?after=%" G_GINT64_FORMAT "&epoch=%s&wait=1", f.port,
                          json_object_get_int_member (json_node_get_object (first_node), "next"),
                          json_object_get_string_member (json_node_get_object (first_node), "epoch"));
  {
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", path);

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
    send_message (&f, NULL, msg, &second);
  }
  second_node = json_from_string (second.body, NULL);
  notices = json_object_get_array_member (json_node_get_object (second_node), "notices");
  g_assert_cmpuint (json_array_get_length (notices), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (notices, 0), "feed"), ==, "inbox");
  fixture_stop (&f);
}

/* The statement has what Act 306/2019 asks for; both pages in all three
 * languages, linked from each other. */
static void
test_law_pages (void)
{
  Fixture f = { 0 };
  static const char * const langs[] = { "fi", "sv", "en" };

  fixture_start (&f, 0, MONIA_SETTING_REGION_NAME, "Testikylän hyvinvointialue",
                 MONIA_SETTING_REGION_EMAIL, "saavutettavuus@example.fi",
                 MONIA_SETTING_A11Y_ASSESSED_ON, "2025-11-20", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (langs); i++)
    {
      g_autofree char *a11y = g_strdup_printf ("/accessibility?lang=%s", langs[i]);
      g_autofree char *privacy = g_strdup_printf ("/privacy?lang=%s", langs[i]);
      g_auto(Reply) statement = { 0 }, notice = { 0 };

      get (&f, a11y, NULL, &statement);
      g_assert_cmpuint (statement.status, ==, 200);
      assert_page (&statement, langs[i]);
      g_assert_nonnull (strstr (statement.body, "Testikylän hyvinvointialue"));
      g_assert_nonnull (strstr (statement.body, "<time datetime=\"2025-11-20\">"));
      g_assert_nonnull (strstr (statement.body, "mailto:saavutettavuus@example.fi"));
      g_assert_nonnull (strstr (statement.body, "saavutettavuusvaatimukset.fi"));

      get (&f, privacy, NULL, &notice);
      g_assert_cmpuint (notice.status, ==, 200);
      assert_page (&notice, langs[i]);
    }
  {
    g_auto(Reply) statement = { 0 };

    get (&f, "/accessibility?lang=en", NULL, &statement);
    /* Compliance, what is not accessible, how the statement was made and
     * when reviewed, feedback and its two weeks, the authority. */
    g_assert_nonnull (strstr (statement.body, "WCAG 2.1 at levels A and AA"));
    g_assert_nonnull (strstr (statement.body, "Content that is not accessible"));
    g_assert_nonnull (strstr (statement.body, "our own assessment"));
    g_assert_nonnull (strstr (statement.body, "at least once a year"));
    g_assert_nonnull (strstr (statement.body, "within two weeks"));
    g_assert_nonnull (strstr (statement.body, "Supervisory authority"));
  }
  fixture_stop (&f);
}

static void
test_settings (void)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();
  g_autoptr(MoniaServerStore) store = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const bad[][2] = {
    { MONIA_SETTING_PROMISE_WEB, "0" }, { MONIA_SETTING_PROMISE_WEB, "31" }, { MONIA_SETTING_PROMISE_WEB, "two" },
    { MONIA_SETTING_PROMISE_CALLBACK, "-1" }, { MONIA_SETTING_LIMIT_SUBMISSIONS, "0" },
    { MONIA_SETTING_TOPICS, "school,weather" }, { MONIA_SETTING_A11Y_ASSESSED_ON, "2025-02-30" },
    { MONIA_SETTING_A11Y_ASSESSED_BY, "nobody" }, { "no.such", "1" },
  };
  char *value;

  store = monia_server_store_open (dir, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (monia_server_store_get_setting_uint (store, MONIA_SETTING_PROMISE_WEB), ==, 3);
  g_assert_cmpuint (monia_server_store_get_setting_uint (store, MONIA_SETTING_PROMISE_CALLBACK), ==, 1);
  g_assert_true (monia_server_store_set_setting (store, MONIA_SETTING_PROMISE_WEB, "5", &error));
  g_assert_cmpuint (monia_server_store_get_setting_uint (store, MONIA_SETTING_PROMISE_WEB), ==, 5);
  g_assert_true (monia_server_store_set_setting (store, MONIA_SETTING_PROMISE_WEB, NULL, &error));
  g_assert_cmpuint (monia_server_store_get_setting_uint (store, MONIA_SETTING_PROMISE_WEB), ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (monia_server_store_set_setting (store, bad[i][0], bad[i][1], &error));
      g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
      g_clear_error (&error);
    }
  value = monia_server_store_get_setting (store, "no.such");
  g_assert_null (value);
  g_clear_object (&store);
  monia_test_tmp_dir_remove (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ask/form-page", test_form_page);
  g_test_add_func ("/ask/submit", test_submit);
  g_test_add_func ("/ask/submit-callback-anonymous", test_submit_callback_anonymous);
  g_test_add_func ("/ask/field-errors", test_field_errors);
  g_test_add_func ("/ask/topics-setting", test_topics_setting);
  g_test_add_func ("/ask/token-and-honeypot", test_token_and_honeypot);
  g_test_add_func ("/ask/bounds", test_bounds);
  g_test_add_func ("/ask/rate-limit", test_rate_limit);
  g_test_add_func ("/ask/answer", test_answer);
  g_test_add_func ("/ask/live-notice", test_live_notice);
  g_test_add_func ("/ask/law-pages", test_law_pages);
  g_test_add_func ("/ask/settings", test_settings);

  return g_test_run ();
}
