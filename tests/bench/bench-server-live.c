/* bench-server-live.c — monia-server's memory with many idle live connections
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-server-live http://127.0.0.1:PORT SERVER_PID [CONNECTIONS]
 *
 * Opens CONNECTIONS (default 2,000) WebSockets on /v1/live as worker B,
 * 100 at a time, waits for each greeting, lets them sit idle, then reads
 * VmRSS and VmHWM of the server process (SERVER_PID, which must be a
 * monia-server) from /proc. Then worker A pushes one change to a case B is
 * on and the time until every connection has its notice is measured (the
 * fan-out). Needs about CONNECTIONS + 50 file descriptors in this process
 * and in the server: raise them with `ulimit -n` first.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "bench-server-util.h"

#define IN_FLIGHT 100
#define SETTLE_SECONDS 3

typedef struct
{
  SoupWebsocketConnection *connection;
  gboolean                 failed;
  gboolean                 greeted;
  gboolean                 notified;
} Live;

typedef struct
{
  Live  *lives;
  guint  n_pending;
  guint  n_open;
  guint  n_greeted;
  guint  n_failed;
  guint  n_notified;
  char  *case_id;
} State;

typedef struct
{
  State *state;
  Live  *live;
} Pending;

static void
message_cb (SoupWebsocketConnection *connection,
            int                      type,
            GBytes                  *message,
            Pending                 *p)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (message, NULL), g_bytes_get_size (message));

  if (!p->live->greeted && strstr (text, "\"epoch\"") != NULL)
    {
      p->live->greeted = TRUE;
      p->state->n_greeted++;
    }
  else if (!p->live->notified && p->state->case_id != NULL && strstr (text, p->state->case_id) != NULL)
    {
      p->live->notified = TRUE;
      p->state->n_notified++;
    }
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Pending *p = data;
  g_autoptr(GError) error = NULL;

  p->state->n_pending--;
  p->live->connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (p->live->connection == NULL)
    {
      if (p->state->n_failed++ == 0)
        g_printerr ("A WebSocket did not open: %s\n", error->message);
      p->live->failed = TRUE;
      return;
    }
  p->state->n_open++;
  /* Kept alive with the connection: freed at exit. */
  g_signal_connect (p->live->connection, "message", G_CALLBACK (message_cb), p);
}

static gboolean
read_memory (const char *pid,
             guint64    *rss_kb,
             guint64    *hwm_kb)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "VmRSS:"))
        *rss_kb = g_ascii_strtoull (lines[i] + 6, NULL, 10);
      else if (g_str_has_prefix (lines[i], "VmHWM:"))
        *hwm_kb = g_ascii_strtoull (lines[i] + 6, NULL, 10);
    }
  return TRUE;
}

static void
iterate_for (double seconds)
{
  double until = bench_now () + seconds;

  while (bench_now () < until)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (2000), TRUE);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(BenchClient) a = NULL;
  g_autoptr(BenchClient) b = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autofree Pending *pendings = NULL;
  g_autofree char *exe = NULL;
  g_autofree char *exe_link = NULL;
  State state = { 0 };
  guint64 n_connections = 2000;
  guint64 rss0 = 0, hwm0 = 0, rss1 = 0, hwm1 = 0;
  guint next = 0;
  double start, deadline, fanout_start, fanout_end;
  struct rlimit limit;

  if (argc < 3 || argc > 4 ||
      !g_ascii_string_to_unsigned (argv[2], 10, 1, G_MAXINT, NULL, NULL) ||
      (argc == 4 && !g_ascii_string_to_unsigned (argv[3], 10, 1, 20000, &n_connections, NULL)))
    {
      g_printerr ("Usage: %s http://127.0.0.1:PORT SERVER_PID [CONNECTIONS]\n", argv[0]);
      return 2;
    }
  exe_link = g_strdup_printf ("/proc/%s/exe", argv[2]);
  exe = g_file_read_link (exe_link, NULL);
  if (exe == NULL || !g_str_has_suffix (exe, "/monia-server"))
    {
      g_printerr ("Process %s is not a monia-server.\n", argv[2]);
      return 2;
    }
  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < n_connections + 50)
    {
      g_printerr ("Only %lu file descriptors: raise the limit with “ulimit -n %" G_GUINT64_FORMAT "”.\n",
                  (unsigned long) limit.rlim_cur, n_connections + 100);
      return 2;
    }

  a = bench_client_new (argv[1]);
  b = bench_client_new (argv[1]);
  bench_client_login (a, BENCH_LOGIN_A);
  bench_client_login (b, BENCH_LOGIN_B);

  /* A case B is on, for the fan-out. */
  {
    g_autoptr(JsonNode) list = bench_client_request (b, "GET", "/v1/cases", NULL, 200);
    JsonArray *cases = json_object_get_array_member (json_node_get_object (list), "cases");

    if (json_array_get_length (cases) == 0)
      {
        g_printerr ("Worker B has no cases: seed the store first.\n");
        return 1;
      }
    state.case_id = g_strdup (json_object_get_string_member (json_array_get_object_element (cases, 0), "id"));
  }

  read_memory (argv[2], &rss0, &hwm0);
  g_print ("Server before: VmRSS %" G_GUINT64_FORMAT " kB, VmHWM %" G_GUINT64_FORMAT " kB\n", rss0, hwm0);

  session = soup_session_new_with_options ("timeout", 60, "max-conns", (int) n_connections + 10,
                                           "max-conns-per-host", (int) n_connections + 10, NULL);
  state.lives = g_new0 (Live, n_connections);
  pendings = g_new0 (Pending, n_connections);

  start = bench_now ();
  deadline = start + 120;
  while ((next < n_connections || state.n_pending > 0) && bench_now () < deadline)
    {
      while (next < n_connections && state.n_pending < IN_FLIGHT)
        {
          g_autoptr(SoupMessage) msg = bench_client_message (b, "GET", "/v1/live", NULL);

          pendings[next].state = &state;
          pendings[next].live = &state.lives[next];
          state.n_pending++;
          soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                                connected_cb, &pendings[next]);
          next++;
        }
      g_main_context_iteration (NULL, TRUE);
    }
  deadline = bench_now () + 30;
  while (state.n_greeted < state.n_open && bench_now () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);
  g_print ("%u WebSockets open and greeted (%u failed) in %.2f s\n",
           state.n_greeted, state.n_failed, bench_now () - start);

  iterate_for (SETTLE_SECONDS);
  read_memory (argv[2], &rss1, &hwm1);
  g_print ("Server with %u idle WebSockets: VmRSS %" G_GUINT64_FORMAT " kB (%.1f MB), VmHWM %" G_GUINT64_FORMAT " kB (%.1f MB); "
           "%.1f kB per connection\n",
           state.n_open, rss1, rss1 / 1024.0, hwm1, hwm1 / 1024.0,
           state.n_open > 0 ? ((double) rss1 - (double) rss0) / state.n_open : 0.0);
  bench_result ("live_connections", state.n_greeted);
  bench_result ("live_rss_before_mb", rss0 / 1024.0);
  bench_result ("live_rss_mb", rss1 / 1024.0);
  bench_result ("live_hwm_mb", hwm1 / 1024.0);
  bench_result ("live_per_connection_kb", state.n_open > 0 ? ((double) rss1 - (double) rss0) / state.n_open : 0.0);

  /* Fan-out: one change, a notice to every connection. */
  {
    g_autofree char *m = g_uuid_string_random ();
    g_autofree char *id = g_uuid_string_random ();
    g_autofree char *body = g_strdup_printf ("{\"mutations\":[{\"id\":\"%s\",\"kind\":\"event\",\"record_id\":\"%s\","
                                             "\"op\":\"create\",\"base_rev\":0,\"fields\":{\"case_id\":\"%s\","
                                             "\"kind\":\"note\",\"occurred_at\":1741000000,\"text\":\"Fan-out\"}}]}",
                                             m, id, state.case_id);
    g_autoptr(JsonNode) reply = NULL;

    fanout_start = bench_now ();
    reply = bench_client_request (a, "POST", "/v1/push", body, 200);
    deadline = fanout_start + 30;
    while (state.n_notified < state.n_greeted && bench_now () < deadline)
      g_main_context_iteration (NULL, FALSE) || (g_usleep (200), TRUE);
    fanout_end = bench_now ();
    g_print ("Fan-out: %u of %u connections had the notice %.1f ms after the push began\n",
             state.n_notified, state.n_greeted, (fanout_end - fanout_start) * 1000);
    bench_result ("live_fanout_ms", (fanout_end - fanout_start) * 1000);
    bench_result ("live_fanout_notified", state.n_notified);
  }

  for (guint i = 0; i < n_connections; i++)
    if (state.lives[i].connection != NULL)
      soup_websocket_connection_close (state.lives[i].connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  iterate_for (1);
  for (guint i = 0; i < n_connections; i++)
    g_clear_object (&state.lives[i].connection);
  g_free (state.lives);
  g_free (state.case_id);
  return state.n_greeted == n_connections ? 0 : 1;
}
