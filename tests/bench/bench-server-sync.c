/* bench-server-sync.c — a desktop's initial sync against monia-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-server-sync http://127.0.0.1:PORT [EXPECTED_RECORDS]
 *
 * Logs in as worker A, GETs /v1/cases, then pulls every case from since=0 in
 * list order with POST /v1/pull (up to 100 feeds and 1,000 entries a
 * request, one request after another), parsing every answer, as the desktop
 * does on a new machine. Prints the wall time (with and without the login,
 * which is an Argon2id check on purpose) and the rows per second. Then, for
 * comparison, the same with one GET …/changes per case (pages of 500), as
 * the protocol allowed before POST /v1/pull. With EXPECTED_RECORDS, fails
 * unless that many changes came each time.
 */
#include "config.h"

#include "bench-server-util.h"

typedef struct
{
  const char *feed;
  gint64      since;
} Item;

/* Pulls @cases in batches until none has more; returns the changes. */
static guint
pull_batches (BenchClient *client,
              JsonArray   *cases,
              guint       *n_requests)
{
  guint n_cases = json_array_get_length (cases);
  g_autofree Item *queue = g_new0 (Item, n_cases);
  guint head = 0, tail = 0, n_changes = 0;

  for (guint i = 0; i < n_cases; i++)
    {
      queue[tail].feed = json_object_get_string_member (json_array_get_object_element (cases, i), "id");
      queue[tail++].since = 0;
    }

  /* Bounded: every answer moves at least one feed on. */
  for (guint round = 0; head < tail && round < 100000; round++)
    {
      g_autoptr(GString) body = g_string_new ("{\"feeds\":[");
      g_autoptr(JsonNode) reply = NULL;
      JsonArray *pages;
      guint asked = MIN (tail - head, 100), n_pages, next;

      for (guint i = 0; i < asked; i++)
        g_string_append_printf (body, "%s{\"feed\":\"%s\",\"since\":%" G_GINT64_FORMAT "}",
                                i > 0 ? "," : "", queue[head + i].feed, queue[head + i].since);
      g_string_append (body, "],\"limit\":1000}");
      reply = bench_client_request (client, "POST", "/v1/pull", body->str, 200);
      (*n_requests)++;
      pages = json_object_get_array_member (json_node_get_object (reply), "pages");
      n_pages = json_array_get_length (pages);
      next = head + n_pages;
      for (guint i = 0; i < n_pages; i++)
        {
          JsonObject *page = json_array_get_object_element (pages, i);

          n_changes += json_array_get_length (json_object_get_array_member (page, "changes"));
          if (json_object_get_boolean_member (page, "more"))
            {
              /* Asked for first next time. */
              next--;
              queue[next].feed = queue[head + i].feed;
              queue[next].since = json_object_get_int_member (page, "seq");
            }
        }
      head = next;
    }
  return n_changes;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(BenchClient) client = NULL;
  g_autoptr(JsonNode) list = NULL;
  JsonArray *cases;
  guint64 expected = 0;
  guint n_changes = 0, n_requests = 0, n_single = 0, n_pages = 0, n_cases;
  double start, logged_in, listed, end, single_start, single_end;

  if (argc < 2 || argc > 3 ||
      (argc == 3 && !g_ascii_string_to_unsigned (argv[2], 10, 0, G_MAXUINT, &expected, NULL)))
    {
      g_printerr ("Usage: %s http://127.0.0.1:PORT [EXPECTED_RECORDS]\n", argv[0]);
      return 2;
    }
  client = bench_client_new (argv[1]);

  start = bench_now ();
  bench_client_login (client, BENCH_LOGIN_A);
  logged_in = bench_now ();
  list = bench_client_request (client, "GET", "/v1/cases", NULL, 200);
  listed = bench_now ();
  cases = json_object_get_array_member (json_node_get_object (list), "cases");
  n_cases = json_array_get_length (cases);
  n_changes = pull_batches (client, cases, &n_requests);
  end = bench_now ();

  g_print ("Initial sync: %u cases, %u changes in %u POST /v1/pull requests\n", n_cases, n_changes, n_requests);
  g_print ("  login %.3f s, case list %.3f s, pulls %.3f s; total %.3f s (%.0f rows/s)\n",
           logged_in - start, listed - logged_in, end - listed, end - start, n_changes / (end - start));
  bench_result ("sync_rows", n_changes);
  bench_result ("sync_total_s", end - start);
  bench_result ("sync_login_s", logged_in - start);
  bench_result ("sync_list_s", listed - logged_in);
  bench_result ("sync_pull_s", end - listed);
  if (expected > 0 && n_changes != expected)
    {
      g_printerr ("Expected %" G_GUINT64_FORMAT " changes, got %u.\n", expected, n_changes);
      return 1;
    }

  /* The same, a request per case. */
  single_start = bench_now ();
  for (guint i = 0; i < n_cases; i++)
    {
      JsonObject *item = json_array_get_object_element (cases, i);

      n_single += bench_pull_case (client, json_object_get_string_member (item, "id"), 0, 500, NULL, &n_pages);
    }
  single_end = bench_now ();
  g_print ("The same pulls with one GET per case: %u changes in %u pages, %.3f s\n",
           n_single, n_pages, single_end - single_start);
  bench_result ("sync_single_pull_s", single_end - single_start);
  bench_result ("sync_pull_pages_per_s", n_pages / (single_end - single_start));
  if (expected > 0 && n_single != expected)
    {
      g_printerr ("Expected %" G_GUINT64_FORMAT " changes, got %u.\n", expected, n_single);
      return 1;
    }
  return 0;
}
