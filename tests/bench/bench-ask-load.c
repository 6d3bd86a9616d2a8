/* bench-ask-load.c — the public form under load: CLIENTS clients send the
 * form at RATE submissions a second between them for SECONDS seconds, each
 * as a browser does (GET the form for its token, POST it), against a
 * monia-server already running. Prints the POSTs' latencies (p50, p95,
 * p99, max), the rate reached, the server's memory (from /proc) and
 * whether every request that was answered 200 is in the store.
 *
 *   bench-ask-load URL SERVER_PID STORE_DB [CLIENTS [RATE [SECONDS]]]
 *
 * Run by tests/bench/run-ask-bench.sh, which starts the server with the
 * per-address limit lifted (all clients come from 127.0.0.1).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsoup/soup.h>
#include <sqlite3.h>

typedef struct
{
  const char *url;
  guint       index;
  guint       per_client;   /* submissions this client sends */
  double      interval;     /* seconds between them */
  gint64      start;        /* monotonic, µs */
  GArray     *latencies;    /* double, ms, of the POSTs */
  guint       ok;
  guint       failed;
} Client;

static char *
read_token (const char *html)
{
  const char *start = strstr (html, "name=\"token\" value=\"");
  const char *end;

  if (start == NULL)
    return NULL;
  start += strlen ("name=\"token\" value=\"");
  end = strchr (start, '"');
  return end != NULL ? g_strndup (start, end - start) : NULL;
}

static gpointer
client_thread (gpointer data)
{
  Client *c = data;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);
  g_autofree char *form_uri = g_strdup_printf ("%s/ask?lang=fi", c->url);

  for (guint i = 0; i < c->per_client; i++)
    {
      /* Sent on a fixed schedule, so a slow answer does not lower the rate
       * asked of the server (no coordinated omission). */
      gint64 due = c->start + (gint64) ((i + (double) c->index / 20.0) * c->interval * G_USEC_PER_SEC);
      g_autoptr(SoupMessage) get = soup_message_new ("GET", form_uri);
      g_autoptr(SoupMessage) post = NULL;
      g_autoptr(GBytes) page = NULL;
      g_autoptr(GBytes) body = NULL;
      g_autoptr(GBytes) answer = NULL;
      g_autofree char *html = NULL;
      g_autofree char *token = NULL;
      g_autofree char *form = NULL;
      g_autofree char *message = NULL;
      gint64 now = g_get_monotonic_time ();
      gint64 sent;

      if (due > now)
        g_usleep (due - now);

      page = soup_session_send_and_read (session, get, NULL, NULL);
      if (page == NULL || soup_message_get_status (get) != 200)
        {
          c->failed++;
          continue;
        }
      html = g_strndup (g_bytes_get_data (page, NULL), g_bytes_get_size (page));
      token = read_token (html);
      message = g_strdup_printf ("Kuormitustesti %u/%u: tarvitsemme apua arkeen.", c->index, i);
      form = soup_form_encode ("token", token != NULL ? token : "", "message", message, "anonymous", "1",
                               "topic", "parenting", "request", i % 4 == 0 ? "callback" : "help",
                               "phone", "040 123 4567", NULL);
      body = g_bytes_new (form, strlen (form));
      post = soup_message_new ("POST", form_uri);
      soup_message_set_request_body_from_bytes (post, "application/x-www-form-urlencoded", body);
      sent = g_get_monotonic_time ();
      answer = soup_session_send_and_read (session, post, NULL, NULL);
      if (answer != NULL && soup_message_get_status (post) == 200)
        {
          double ms = (g_get_monotonic_time () - sent) / 1000.0;

          g_array_append_val (c->latencies, ms);
          c->ok++;
        }
      else
        c->failed++;
    }
  return NULL;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *sorted,
            double  p)
{
  guint i;

  if (sorted->len == 0)
    return 0;
  i = (guint) (p / 100.0 * (sorted->len - 1) + 0.5);
  return g_array_index (sorted, double, MIN (i, sorted->len - 1));
}

/* VmRSS and VmHWM of @pid, in MiB. */
static void
server_memory (const char *pid,
               double     *rss,
               double     *peak)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", pid);
  g_autofree char *status = NULL;
  g_auto(GStrv) lines = NULL;

  *rss = *peak = 0;
  if (!g_file_get_contents (path, &status, NULL, NULL))
    return;
  lines = g_strsplit (status, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "VmRSS:"))
        *rss = g_ascii_strtod (lines[i] + 6, NULL) / 1024.0;
      else if (g_str_has_prefix (lines[i], "VmHWM:"))
        *peak = g_ascii_strtod (lines[i] + 6, NULL) / 1024.0;
    }
}

static gint64
count_requests (const char *db_path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT count(*) FROM records WHERE kind = 'help_request'", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

int
main (int    argc,
      char **argv)
{
  guint clients = argc > 4 ? (guint) atoi (argv[4]) : 20;
  guint rate = argc > 5 ? (guint) atoi (argv[5]) : 200;
  guint seconds = argc > 6 ? (guint) atoi (argv[6]) : 30;
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree Client *c = NULL;
  g_autofree GThread **threads = NULL;
  guint ok = 0, failed = 0, total;
  gint64 start, elapsed;
  double rss_before, peak_before, rss, peak;
  gint64 stored;

  if (argc < 4 || clients == 0 || clients > 200 || rate == 0 || rate > 5000 || seconds == 0 || seconds > 600)
    {
      g_printerr ("Usage: %s URL SERVER_PID STORE_DB [CLIENTS (1-200) [RATE (1-5000/s) [SECONDS (1-600)]]]\n", argv[0]);
      return 2;
    }

  total = rate * seconds;
  server_memory (argv[2], &rss_before, &peak_before);
  c = g_new0 (Client, clients);
  threads = g_new0 (GThread *, clients);
  start = g_get_monotonic_time () + G_USEC_PER_SEC / 10;
  for (guint i = 0; i < clients; i++)
    {
      c[i].url = argv[1];
      c[i].index = i;
      c[i].per_client = total / clients + (i < total % clients ? 1 : 0);
      c[i].interval = (double) clients / rate;
      c[i].start = start + (gint64) (i * c[i].interval * G_USEC_PER_SEC / clients);
      c[i].latencies = g_array_new (FALSE, FALSE, sizeof (double));
      threads[i] = g_thread_new ("client", client_thread, &c[i]);
    }
  for (guint i = 0; i < clients; i++)
    {
      g_thread_join (threads[i]);
      ok += c[i].ok;
      failed += c[i].failed;
      g_array_append_vals (all, c[i].latencies->data, c[i].latencies->len);
      g_array_unref (c[i].latencies);
    }
  elapsed = g_get_monotonic_time () - start;
  server_memory (argv[2], &rss, &peak);
  stored = count_requests (argv[3]);

  g_array_sort (all, compare_double);
  printf ("ask-load: %u clients, %u submissions asked at %u/s for %u s\n", clients, total, rate, seconds);
  printf ("ask-load: answered 200: %u, failed: %u, in %.1f s = %.1f submissions/s\n",
          ok, failed, elapsed / 1e6, ok / (elapsed / 1e6));
  printf ("ask-load: POST latency ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f\n",
          percentile (all, 50), percentile (all, 95), percentile (all, 99), percentile (all, 100));
  printf ("ask-load: server memory MiB: before %.1f, after %.1f, peak %.1f\n", rss_before, rss, peak);
  printf ("ask-load: help requests in the store: %" G_GINT64_FORMAT " (answered 200: %u): %s\n",
          stored, ok, stored == ok && failed == 0 ? "nothing lost" : "MISMATCH");
  return stored == ok && failed == 0 ? 0 : 1;
}
