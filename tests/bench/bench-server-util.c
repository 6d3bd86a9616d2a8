/* bench-server-util.c — a small blocking client for the monia-server benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bench-server-util.h"

BenchClient *
bench_client_new (const char *base)
{
  BenchClient *client;

  if (base == NULL || !g_str_has_prefix (base, "http://127.0.0.1:"))
    {
      g_printerr ("The benchmarks talk only to http://127.0.0.1:PORT, not “%s”.\n", base ? base : "");
      exit (2);
    }
  client = g_new0 (BenchClient, 1);
  client->session = soup_session_new_with_options ("timeout", 120, "max-conns", 32,
                                                   "max-conns-per-host", 8, NULL);
  client->base = g_strdup (base);
  if (g_str_has_suffix (client->base, "/"))
    client->base[strlen (client->base) - 1] = '\0';
  return client;
}

void
bench_client_free (BenchClient *client)
{
  if (client == NULL)
    return;
  g_clear_object (&client->session);
  g_free (client->base);
  g_free (client->token);
  g_free (client->account_id);
  g_free (client);
}

SoupMessage *
bench_client_message (BenchClient *client,
                      const char  *method,
                      const char  *path,
                      const char  *body)
{
  g_autofree char *uri = g_strconcat (client->base, path, NULL);
  SoupMessage *msg = soup_message_new (method, uri);
  SoupMessageHeaders *headers;

  g_assert (msg != NULL);
  headers = soup_message_get_request_headers (msg);
  if (client->token != NULL)
    {
      g_autofree char *header = g_strdup_printf ("Bearer %s", client->token);

      soup_message_headers_replace (headers, "Authorization", header);
    }
  soup_message_headers_replace (headers, "X-Monia-Device", "bench");
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  return msg;
}

JsonNode *
bench_client_request (BenchClient *client,
                      const char  *method,
                      const char  *path,
                      const char  *body,
                      guint        expected)
{
  g_autoptr(SoupMessage) msg = bench_client_message (client, method, path, body);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) reply = soup_session_send_and_read (client->session, msg, NULL, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length = 0;
  const char *data;

  if (reply == NULL)
    {
      g_printerr ("%s %s failed: %s\n", method, path, error->message);
      exit (1);
    }
  if (soup_message_get_status (msg) != expected)
    {
      g_printerr ("%s %s answered %u, not %u: %.*s\n", method, path,
                  soup_message_get_status (msg), expected,
                  (int) MIN (g_bytes_get_size (reply), 400),
                  (const char *) g_bytes_get_data (reply, NULL));
      exit (1);
    }
  data = g_bytes_get_data (reply, &length);
  if (length == 0)
    return json_node_new (JSON_NODE_NULL);
  if (!json_parser_load_from_data (parser, data, (gssize) length, &error))
    {
      g_printerr ("%s %s: the answer is not JSON: %s\n", method, path, error->message);
      exit (1);
    }
  return json_node_copy (json_parser_get_root (parser));
}

void
bench_client_login (BenchClient *client,
                    const char  *login)
{
  g_autofree char *body = g_strdup_printf ("{\"login\":\"%s\",\"password\":\"%s\"}", login, BENCH_PASSWORD);
  g_autoptr(JsonNode) reply = bench_client_request (client, "POST", "/v1/login", body, 200);
  JsonObject *object = json_node_get_object (reply);

  g_free (client->token);
  g_free (client->account_id);
  client->token = g_strdup (json_object_get_string_member (object, "token"));
  client->account_id = g_strdup (json_object_get_string_member (json_object_get_object_member (object, "account"), "id"));
}

double
bench_now (void)
{
  return (double) g_get_monotonic_time () / G_USEC_PER_SEC;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

double
bench_percentile (double *values,
                  guint   n,
                  double  p)
{
  guint index;

  if (n == 0)
    return 0;
  qsort (values, n, sizeof *values, compare_doubles);
  /* Nearest rank. */
  index = (guint) MIN (n - 1, MAX (0.0, (p / 100.0) * n - 0.000001));
  return values[index];
}

void
bench_result (const char *key,
              double      value)
{
  g_print ("RESULT %s %.3f\n", key, value);
}

guint
bench_pull_case (BenchClient *client,
                 const char  *case_id,
                 gint64       since,
                 guint        limit,
                 gint64      *out_seq,
                 guint       *n_pages)
{
  guint n = 0;

  /* Bounded: a case never needs more pages than this here. */
  for (guint page = 0; page < 100000; page++)
    {
      g_autofree char *path = g_strdup_printf ("/v1/cases/%s/changes?since=%" G_GINT64_FORMAT "&limit=%u",
                                               case_id, since, limit);
      g_autoptr(JsonNode) reply = bench_client_request (client, "GET", path, NULL, 200);
      JsonObject *object = json_node_get_object (reply);

      n += json_array_get_length (json_object_get_array_member (object, "changes"));
      since = json_object_get_int_member (object, "seq");
      if (n_pages != NULL)
        (*n_pages)++;
      if (!json_object_get_boolean_member (object, "more"))
        break;
    }
  if (out_seq != NULL)
    *out_seq = since;
  return n;
}
