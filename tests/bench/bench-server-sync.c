/* bench-server-sync.c — a desktop's initial sync against monia-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-server-sync http://127.0.0.1:PORT [EXPECTED_RECORDS]
 *
 * Logs in as worker A, GETs /v1/cases, then pulls every case from since=0 in
 * list order, pages of 500, parsing every answer, as the desktop does on a
 * new machine. Prints the wall time (with and without the login, which is
 * an Argon2id check on purpose) and the rows per second. With
 * EXPECTED_RECORDS, fails unless that many changes came.
 */
#include "config.h"

#include "bench-server-util.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(BenchClient) client = NULL;
  g_autoptr(JsonNode) list = NULL;
  JsonArray *cases;
  guint64 expected = 0;
  guint n_changes = 0, n_pages = 0, n_cases;
  double start, logged_in, listed, end;

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
  for (guint i = 0; i < n_cases; i++)
    {
      JsonObject *item = json_array_get_object_element (cases, i);

      n_changes += bench_pull_case (client, json_object_get_string_member (item, "id"), 0, 500, NULL, &n_pages);
    }
  end = bench_now ();

  g_print ("Initial sync: %u cases, %u changes in %u pages\n", n_cases, n_changes, n_pages);
  g_print ("  login %.3f s, case list %.3f s, pulls %.3f s; total %.3f s (%.0f rows/s)\n",
           logged_in - start, listed - logged_in, end - listed, end - start, n_changes / (end - start));
  bench_result ("sync_rows", n_changes);
  bench_result ("sync_total_s", end - start);
  bench_result ("sync_login_s", logged_in - start);
  bench_result ("sync_list_s", listed - logged_in);
  bench_result ("sync_pull_s", end - listed);
  bench_result ("sync_pull_pages_per_s", n_pages / (end - listed));

  if (expected > 0 && n_changes != expected)
    {
      g_printerr ("Expected %" G_GUINT64_FORMAT " changes, got %u.\n", expected, n_changes);
      return 1;
    }
  return 0;
}
