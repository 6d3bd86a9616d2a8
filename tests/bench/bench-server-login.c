/* bench-server-login.c — another user's request while others log in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-server-login http://127.0.0.1:PORT [SAMPLES]
 *
 * Worker B times GET /v1/me, SAMPLES times (default 300, at least 50), one
 * every 20 ms: first on a quiet server, then during a login storm, 8 clients
 * (threads, each its own connection) logging in with the right password in
 * a loop as the seeded storm accounts (each client its own
 * BENCH_STORM_ACCOUNTS / 8, moving on to the next when one is refused: at
 * most MONIA_SERVER_MAX_LOGINS_PER_ACCOUNT logins a minute per account).
 * Prints p50, p95 and max of both, and how the storm's logins were
 * answered.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bench-server-util.h"

#define STORM_CLIENTS 8
#define INTERVAL_US (20 * 1000)

typedef struct
{
  const char *base;
  guint       first;          /* its first storm account */
  gint       *stop;
  guint       n_ok;
  guint       n_throttled;    /* 429 */
  guint       n_busy;         /* 503 */
  guint       n_other;
} StormClient;

static gpointer
storm_thread (gpointer data)
{
  StormClient *storm = data;
  g_autoptr(BenchClient) client = bench_client_new (storm->base);
  guint per_client = BENCH_STORM_ACCOUNTS / STORM_CLIENTS;
  guint account = 0;

  while (!g_atomic_int_get (storm->stop))
    {
      g_autofree char *login = g_strdup_printf (BENCH_STORM_LOGIN, storm->first + account);
      g_autofree char *body = g_strdup_printf ("{\"login\":\"%s\",\"password\":\"%s\"}", login, BENCH_PASSWORD);
      g_autoptr(SoupMessage) msg = bench_client_message (client, "POST", "/v1/login", body);
      g_autoptr(GBytes) reply = soup_session_send_and_read (client->session, msg, NULL, NULL);
      guint status = soup_message_get_status (msg);

      switch (status)
        {
        case 200:
          storm->n_ok++;
          break;
        case 429:
          storm->n_throttled++;
          account = (account + 1) % per_client;
          break;
        case 503:
          storm->n_busy++;
          break;
        default:
          storm->n_other++;
          /* The server gone or refusing: do not spin. */
          g_usleep (10 * 1000);
          break;
        }
    }
  return NULL;
}

/* @n timed GET /v1/me of @client into @ms. */
static void
time_me (BenchClient *client,
         double      *ms,
         guint        n)
{
  for (guint i = 0; i < n; i++)
    {
      double start = bench_now ();
      g_autoptr(JsonNode) reply = bench_client_request (client, "GET", "/v1/me", NULL, 200);

      ms[i] = (bench_now () - start) * 1000;
      g_usleep (INTERVAL_US);
    }
}

static void
report (const char *what,
        const char *key,
        double     *ms,
        guint       n)
{
  g_autofree char *p50 = g_strdup_printf ("login_me_%s_p50_ms", key);
  g_autofree char *p95 = g_strdup_printf ("login_me_%s_p95_ms", key);
  g_autofree char *max = g_strdup_printf ("login_me_%s_max_ms", key);
  double v50 = bench_percentile (ms, n, 50), v95 = bench_percentile (ms, n, 95), vmax = bench_percentile (ms, n, 100);

  g_print ("GET /v1/me %s: p50 %.2f ms, p95 %.2f ms, max %.2f ms (%u samples)\n", what, v50, v95, vmax, n);
  bench_result (p50, v50);
  bench_result (p95, v95);
  bench_result (max, vmax);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(BenchClient) b = NULL;
  g_autofree double *quiet = NULL, *storm_ms = NULL;
  StormClient storms[STORM_CLIENTS] = { 0 };
  GThread *threads[STORM_CLIENTS];
  gint stop = 0;
  guint64 samples = 300;
  guint ok = 0, throttled = 0, busy = 0, other = 0;
  double start, seconds;

  if (argc < 2 || argc > 3 ||
      (argc > 2 && !g_ascii_string_to_unsigned (argv[2], 10, 50, 100000, &samples, NULL)))
    {
      g_printerr ("Usage: %s http://127.0.0.1:PORT [SAMPLES (50 or more)]\n", argv[0]);
      return 2;
    }

  b = bench_client_new (argv[1]);
  bench_client_login (b, BENCH_LOGIN_B);
  quiet = g_new (double, samples);
  storm_ms = g_new (double, samples);

  /* Warm-up, then the quiet server. */
  time_me (b, quiet, MIN (samples, 20));
  time_me (b, quiet, (guint) samples);

  for (guint i = 0; i < STORM_CLIENTS; i++)
    {
      storms[i].base = argv[1];
      storms[i].first = i * (BENCH_STORM_ACCOUNTS / STORM_CLIENTS);
      storms[i].stop = &stop;
      threads[i] = g_thread_new ("storm", storm_thread, &storms[i]);
    }
  /* Let the storm get going. */
  g_usleep (300 * 1000);
  start = bench_now ();
  time_me (b, storm_ms, (guint) samples);
  seconds = bench_now () - start;
  g_atomic_int_set (&stop, 1);
  for (guint i = 0; i < STORM_CLIENTS; i++)
    {
      g_thread_join (threads[i]);
      ok += storms[i].n_ok;
      throttled += storms[i].n_throttled;
      busy += storms[i].n_busy;
      other += storms[i].n_other;
    }

  report ("on a quiet server", "quiet", quiet, (guint) samples);
  report ("during the login storm", "storm", storm_ms, (guint) samples);
  g_print ("The storm (%d clients, %.1f s): %u logins, %u refused 429, %u refused 503, %u other\n",
           STORM_CLIENTS, seconds, ok, throttled, busy, other);
  bench_result ("login_storm_ok_per_s", ok / seconds);
  bench_result ("login_storm_refused_per_s", (throttled + busy) / seconds);
  if (other > 0)
    {
      g_printerr ("%u logins in the storm got neither 200, 429 nor 503.\n", other);
      return 1;
    }
  return 0;
}
