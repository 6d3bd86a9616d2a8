/* bench-server-propagation.c — from A's push to B having the change
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-server-propagation http://127.0.0.1:PORT [SAMPLES]
 *
 * Workers A and B of one team work on the same case. B keeps a WebSocket on
 * /v1/live and pulls the case (since its last seq) whenever a notice for it
 * comes. A pushes an update of the case's title; a sample is the time from
 * A starting the push until B has received the notice AND pulled the
 * change (and found A's new title in it). SAMPLES (default 300, at least
 * 200) samples after 20 warm-up rounds; prints p50, p95, p99 and max.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bench-server-util.h"

#define WARMUP 20
#define ROUND_TIMEOUT 5.0

typedef struct
{
  BenchClient *b;
  const char  *case_id;
  gint64       b_since;
  char        *expected_title;
  gboolean     b_done;     /* B has the change */
  gboolean     a_done;     /* A's push came back */
  gint64       a_rev;
  guint        n_notices;
  gboolean     failed;
} Round;

/* B pulls what changed since its last pull; done when A's title is in it. */
static void
b_pull (Round *r)
{
  g_autofree char *path = g_strdup_printf ("/v1/cases/%s/changes?since=%" G_GINT64_FORMAT "&limit=500",
                                           r->case_id, r->b_since);
  g_autoptr(JsonNode) reply = bench_client_request (r->b, "GET", path, NULL, 200);
  JsonObject *object = json_node_get_object (reply);
  JsonArray *changes = json_object_get_array_member (object, "changes");

  r->b_since = json_object_get_int_member (object, "seq");
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);
      JsonObject *fields = json_object_get_object_member (change, "fields");

      if (g_str_equal (json_object_get_string_member (change, "kind"), "case") &&
          g_strcmp0 (json_object_get_string_member_with_default (fields, "title", NULL), r->expected_title) == 0)
        r->b_done = TRUE;
    }
}

static void
ws_message_cb (SoupWebsocketConnection *connection,
               int                      type,
               GBytes                  *message,
               Round                   *r)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *notice;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (message, NULL),
                                   (gssize) g_bytes_get_size (message), NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  notice = json_node_get_object (json_parser_get_root (parser));
  if (g_strcmp0 (json_object_get_string_member_with_default (notice, "feed", NULL), r->case_id) != 0)
    return;
  r->n_notices++;
  if (!r->b_done && json_object_get_int_member (notice, "seq") > r->b_since)
    b_pull (r);
}

static void
ws_connected_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  SoupWebsocketConnection **out = data;
  g_autoptr(GError) error = NULL;

  *out = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (*out == NULL)
    {
      g_printerr ("The WebSocket did not open: %s\n", error->message);
      exit (1);
    }
}

static void
push_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Round *r = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *first;

  r->a_done = TRUE;
  if (bytes == NULL ||
      !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), NULL))
    {
      g_printerr ("A's push failed: %s\n", error ? error->message : "not JSON");
      r->failed = TRUE;
      return;
    }
  first = json_array_get_object_element (json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                                                       "results"), 0);
  if (!g_str_equal (json_object_get_string_member (first, "status"), "applied"))
    {
      g_printerr ("A's push was not applied.\n");
      r->failed = TRUE;
      return;
    }
  r->a_rev = json_object_get_int_member (first, "rev");
}

static char *
make_case (BenchClient *a,
           const char  *b_id)
{
  g_autofree char *case_id = g_uuid_string_random ();
  g_autofree char *m1 = g_uuid_string_random ();
  g_autofree char *m2 = g_uuid_string_random ();
  g_autofree char *pid = g_uuid_string_random ();
  g_autofree char *body = g_strdup_printf (
    "{\"mutations\":["
    "{\"id\":\"%s\",\"kind\":\"case\",\"record_id\":\"%s\",\"op\":\"create\",\"base_rev\":0,"
    " \"fields\":{\"title\":\"Propagation 900\",\"status\":\"open\",\"opened_on\":\"2025-03-03\"}},"
    "{\"id\":\"%s\",\"kind\":\"participant\",\"record_id\":\"%s\",\"op\":\"create\",\"base_rev\":0,"
    " \"fields\":{\"case_id\":\"%s\",\"professional_id\":\"%s\",\"role\":\"pair\"}}]}",
    m1, case_id, m2, pid, case_id, b_id);
  g_autoptr(JsonNode) reply = bench_client_request (a, "POST", "/v1/push", body, 200);

  return g_steal_pointer (&case_id);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(BenchClient) a = NULL;
  g_autoptr(BenchClient) b = NULL;
  g_autoptr(SoupMessage) ws_msg = NULL;
  g_autoptr(SoupSession) async_session = NULL;
  SoupWebsocketConnection *ws = NULL;
  g_autofree char *case_id = NULL;
  g_autofree double *samples = NULL;
  guint64 n_samples = 300;
  guint n = 0;
  gint64 rev = 1;
  Round r = { 0 };
  double deadline;

  if (argc < 2 || argc > 3 ||
      (argc == 3 && !g_ascii_string_to_unsigned (argv[2], 10, 200, 100000, &n_samples, NULL)))
    {
      g_printerr ("Usage: %s http://127.0.0.1:PORT [SAMPLES (200 or more)]\n", argv[0]);
      return 2;
    }
  a = bench_client_new (argv[1]);
  b = bench_client_new (g_getenv ("MONIA_BENCH_URL_B") != NULL ? g_getenv ("MONIA_BENCH_URL_B") : argv[1]);
  bench_client_login (a, BENCH_LOGIN_A);
  bench_client_login (b, BENCH_LOGIN_B);
  case_id = make_case (a, b->account_id);

  r.b = b;
  r.case_id = case_id;
  /* B starts with the case as it is. */
  bench_pull_case (b, case_id, 0, 500, &r.b_since, NULL);

  /* A's pushes go out on this session (async, from this thread's main
   * context) so B's notice can be handled while A waits for its answer. */
  async_session = soup_session_new_with_options ("timeout", 30, NULL);
  ws_msg = bench_client_message (b, "GET", "/v1/live", NULL);
  soup_session_websocket_connect_async (async_session, ws_msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        ws_connected_cb, &ws);
  deadline = bench_now () + 10;
  while (ws == NULL && bench_now () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (ws == NULL)
    {
      g_printerr ("The WebSocket did not open in time.\n");
      return 1;
    }
  g_signal_connect (ws, "message", G_CALLBACK (ws_message_cb), &r);

  samples = g_new0 (double, n_samples);
  for (guint round = 0; round < WARMUP + n_samples; round++)
    {
      g_autofree char *mutation_id = g_uuid_string_random ();
      g_autofree char *body = NULL;
      g_autoptr(SoupMessage) push = NULL;
      double start, done_at = 0;

      g_clear_pointer (&r.expected_title, g_free);
      r.expected_title = g_strdup_printf ("Propagation 900 round %u", round);
      r.b_done = r.a_done = FALSE;
      body = g_strdup_printf ("{\"mutations\":[{\"id\":\"%s\",\"kind\":\"case\",\"record_id\":\"%s\","
                              "\"op\":\"update\",\"base_rev\":%" G_GINT64_FORMAT ",\"fields\":{\"title\":\"%s\"}}]}",
                              mutation_id, case_id, rev, r.expected_title);
      push = bench_client_message (a, "POST", "/v1/push", body);

      start = bench_now ();
      soup_session_send_and_read_async (async_session, push, G_PRIORITY_DEFAULT, NULL, push_done_cb, &r);
      deadline = start + ROUND_TIMEOUT;
      while ((!r.b_done || !r.a_done) && bench_now () < deadline)
        {
          g_main_context_iteration (NULL, TRUE);
          if (r.b_done && done_at == 0)
            done_at = bench_now ();
        }
      if (!r.b_done || !r.a_done || r.failed)
        {
          g_printerr ("Round %u did not finish in %.0f s (B %s, A %s).\n", round, ROUND_TIMEOUT,
                      r.b_done ? "done" : "waiting", r.a_done ? "done" : "waiting");
          return 1;
        }
      rev = r.a_rev;
      if (round >= WARMUP)
        samples[n++] = (done_at - start) * 1000.0;
    }

  {
    double p50 = bench_percentile (samples, n, 50);
    double p95 = bench_percentile (samples, n, 95);
    double p99 = bench_percentile (samples, n, 99);
    double max = bench_percentile (samples, n, 100);

    g_print ("A -> B propagation over %u samples (%u notices): p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms\n",
             n, r.n_notices, p50, p95, p99, max);
    bench_result ("propagation_samples", n);
    bench_result ("propagation_p50_ms", p50);
    bench_result ("propagation_p95_ms", p95);
    bench_result ("propagation_p99_ms", p99);
    bench_result ("propagation_max_ms", max);
  }

  soup_websocket_connection_close (ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  deadline = bench_now () + 2;
  while (soup_websocket_connection_get_state (ws) != SOUP_WEBSOCKET_STATE_CLOSED && bench_now () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);
  g_object_unref (ws);
  g_free (r.expected_title);
  return 0;
}
