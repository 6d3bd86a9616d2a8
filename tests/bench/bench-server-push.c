/* bench-server-push.c — audited mutations and pull pages per second
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-server-push http://127.0.0.1:PORT [BATCHES]
 *
 * As worker A, on a case of its own:
 *  - BATCHES (default 10) pushes of 500 creates (events), then the same
 *    number of pushes of 500 updates (measures' status), each mutation its
 *    own transaction with its audit entry on the server: mutations/s;
 *  - 500 pushes of a single update each: pushes/s;
 *  - the case pulled from since=0 in pages of 500 and of 100, several
 *    times: pages/s and rows/s (every row served is an audited read).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bench-server-util.h"

#define BATCH 500
#define SINGLE_PUSHES 500
#define PULL_ROUNDS 3

static JsonNode *
push (BenchClient *client,
      GString     *body,
      guint        expected_results)
{
  JsonNode *reply = bench_client_request (client, "POST", "/v1/push", body->str, 200);
  JsonArray *results = json_object_get_array_member (json_node_get_object (reply), "results");

  if (json_array_get_length (results) != expected_results)
    {
      g_printerr ("A push of %u mutations got %u results.\n", expected_results, json_array_get_length (results));
      exit (1);
    }
  for (guint i = 0; i < expected_results; i++)
    if (!g_str_equal (json_object_get_string_member (json_array_get_object_element (results, i), "status"), "applied"))
      {
        g_autoptr(JsonNode) node = json_node_copy (json_array_get_element (results, i));
        g_autofree char *text = json_to_string (node, FALSE);

        g_printerr ("A mutation was not applied: %s\n", text);
        exit (1);
      }
  return reply;
}

static void
begin_batch (GString *body)
{
  g_string_assign (body, "{\"mutations\":[");
}

static void
end_batch (GString *body)
{
  g_string_truncate (body, body->len - 1);  /* the last comma */
  g_string_append (body, "]}");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(BenchClient) a = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GPtrArray) measures = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *case_id = g_uuid_string_random ();
  g_autofree char *plan_id = g_uuid_string_random ();
  guint64 n_batches = 10;
  double start, end;
  double create_rate, update_rate, single_rate;

  if (argc < 2 || argc > 3 ||
      (argc == 3 && !g_ascii_string_to_unsigned (argv[2], 10, 1, 1000, &n_batches, NULL)))
    {
      g_printerr ("Usage: %s http://127.0.0.1:PORT [BATCHES]\n", argv[0]);
      return 2;
    }
  a = bench_client_new (argv[1]);
  bench_client_login (a, BENCH_LOGIN_A);

  /* The case, its plan and 500 measures to update later. */
  {
    g_autoptr(JsonNode) reply = NULL;
    g_autofree char *m1 = g_uuid_string_random (), *m2 = g_uuid_string_random ();

    begin_batch (body);
    g_string_append_printf (body,
                            "{\"id\":\"%s\",\"kind\":\"case\",\"record_id\":\"%s\",\"op\":\"create\",\"base_rev\":0,"
                            "\"fields\":{\"title\":\"Push bench 900\",\"status\":\"open\",\"opened_on\":\"2025-03-03\"}},"
                            "{\"id\":\"%s\",\"kind\":\"plan\",\"record_id\":\"%s\",\"op\":\"create\",\"base_rev\":0,"
                            "\"fields\":{\"case_id\":\"%s\",\"version\":1}},",
                            m1, case_id, m2, plan_id, case_id);
    end_batch (body);
    reply = push (a, body, 2);

    begin_batch (body);
    for (guint i = 0; i < BATCH; i++)
      {
        g_autofree char *m = g_uuid_string_random ();
        char *id = g_uuid_string_random ();

        g_string_append_printf (body,
                                "{\"id\":\"%s\",\"kind\":\"measure\",\"record_id\":\"%s\",\"op\":\"create\",\"base_rev\":0,"
                                "\"fields\":{\"case_id\":\"%s\",\"plan_id\":\"%s\",\"text\":\"Measure %u\",\"status\":\"planned\"}},",
                                m, id, case_id, plan_id, i);
        g_ptr_array_add (measures, id);
      }
    end_batch (body);
    g_clear_pointer (&reply, json_node_unref);
    reply = push (a, body, BATCH);
  }

  /* Creates in batches of 500. */
  start = bench_now ();
  for (guint b = 0; b < n_batches; b++)
    {
      g_autoptr(JsonNode) reply = NULL;

      begin_batch (body);
      for (guint i = 0; i < BATCH; i++)
        {
          g_autofree char *m = g_uuid_string_random ();
          g_autofree char *id = g_uuid_string_random ();

          g_string_append_printf (body,
                                  "{\"id\":\"%s\",\"kind\":\"event\",\"record_id\":\"%s\",\"op\":\"create\",\"base_rev\":0,"
                                  "\"fields\":{\"case_id\":\"%s\",\"kind\":\"note\",\"occurred_at\":%u,"
                                  "\"text\":\"Bench note %u\"}},",
                                  m, id, case_id, 1741000000 + b * BATCH + i, i);
        }
      end_batch (body);
      reply = push (a, body, BATCH);
    }
  end = bench_now ();
  create_rate = n_batches * BATCH / (end - start);
  g_print ("Creates: %" G_GUINT64_FORMAT " pushes of %u in %.2f s: %.0f mutations/s\n",
           n_batches, BATCH, end - start, create_rate);

  /* Updates in batches of 500: every measure once per batch. */
  start = bench_now ();
  for (guint b = 0; b < n_batches; b++)
    {
      g_autoptr(JsonNode) reply = NULL;

      begin_batch (body);
      for (guint i = 0; i < BATCH; i++)
        {
          g_autofree char *m = g_uuid_string_random ();

          g_string_append_printf (body,
                                  "{\"id\":\"%s\",\"kind\":\"measure\",\"record_id\":\"%s\",\"op\":\"update\",\"base_rev\":%u,"
                                  "\"fields\":{\"status\":\"%s round %u\"}},",
                                  m, (const char *) measures->pdata[i], b + 1, "ongoing", b);
        }
      end_batch (body);
      reply = push (a, body, BATCH);
    }
  end = bench_now ();
  update_rate = n_batches * BATCH / (end - start);
  g_print ("Updates: %" G_GUINT64_FORMAT " pushes of %u in %.2f s: %.0f mutations/s\n",
           n_batches, BATCH, end - start, update_rate);

  /* One mutation per push. */
  start = bench_now ();
  for (guint i = 0; i < SINGLE_PUSHES; i++)
    {
      g_autoptr(JsonNode) reply = NULL;
      g_autofree char *m = g_uuid_string_random ();

      begin_batch (body);
      g_string_append_printf (body,
                              "{\"id\":\"%s\",\"kind\":\"measure\",\"record_id\":\"%s\",\"op\":\"update\",\"base_rev\":%u,"
                              "\"fields\":{\"status\":\"single %u\"}},",
                              m, (const char *) measures->pdata[i % BATCH],
                              (guint) n_batches + 1 + i / BATCH, i);
      end_batch (body);
      reply = push (a, body, 1);
    }
  end = bench_now ();
  single_rate = SINGLE_PUSHES / (end - start);
  g_print ("Single-mutation pushes: %u in %.2f s: %.0f pushes/s\n", SINGLE_PUSHES, end - start, single_rate);

  bench_result ("push_batch_create_per_s", create_rate);
  bench_result ("push_batch_update_per_s", update_rate);
  bench_result ("push_batch_per_s", MIN (create_rate, update_rate));
  bench_result ("push_single_per_s", single_rate);

  /* Pulls of the whole case. */
  for (guint l = 0; l < 2; l++)
    {
      guint limit = l == 0 ? 500 : 100;
      guint n_pages = 0, n_rows = 0;

      start = bench_now ();
      for (guint round = 0; round < PULL_ROUNDS; round++)
        n_rows += bench_pull_case (a, case_id, 0, limit, NULL, &n_pages);
      end = bench_now ();
      g_print ("Pulls, limit %u: %u pages, %u rows in %.2f s: %.1f pages/s, %.0f rows/s\n",
               limit, n_pages, n_rows, end - start, n_pages / (end - start), n_rows / (end - start));
      bench_result (l == 0 ? "pull_pages_500_per_s" : "pull_pages_100_per_s", n_pages / (end - start));
      bench_result (l == 0 ? "pull_rows_500_per_s" : "pull_rows_100_per_s", n_rows / (end - start));
    }
  return 0;
}
