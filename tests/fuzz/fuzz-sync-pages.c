/* fuzz-sync-pages.c — the desktop reading a server's answer to a pull
 *
 * A real MoniaSyncClient on a store in a temporary folder syncs with a
 * stand-in server on 127.0.0.1 that answers the first POST /v1/pull of
 * each round with the input (and later ones with empty pages). So the
 * input goes the whole way an answer
 * goes on the desktop: libsoup, the JSON parser, the check of the pages
 * against what was asked, and monia_store_apply_remote_pages() into the
 * store. The account is an intake worker on one case: each round asks for
 * "directory", "inbox" and FUZZ_CASE_ID, in that order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "fuzz-util.h"
#include "monia-core.h"
#include "monia-sync-client.h"

#define ROUND_WAIT_S 20
#define ACCOUNT_ID "c0ffee00-0000-4000-8000-0000000000a1"
#define TEAM_ID    "c0ffee00-0000-4000-8000-0000000000a2"

typedef struct
{
  SoupServer      *server;
  MoniaStore      *store;
  MoniaSyncClient *client;
  GBytes          *page;       /* the answer to the next pull */
  guint            n_rounds;
} Desktop;

static void
reply_text (SoupServerMessage *msg,
            guint              status,
            const char        *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, text, strlen (text));
}

/* The answer to the round's later pulls (for the feeds the input had no
 * page for, or asked for again after "more"): an empty page for each feed
 * asked for, so the round ends well and the input's pages are written. */
static void
reply_nothing_new (SoupServerMessage *msg)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) reply = g_string_new ("{\"pages\": [");
  JsonArray *feeds;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body), NULL))
    fuzz_fail ("the desktop sent a pull that is not JSON", NULL);
  feeds = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "feeds");
  for (guint i = 0; i < json_array_get_length (feeds); i++)
    {
      JsonObject *feed = json_array_get_object_element (feeds, i);
      gint64 since = json_object_get_int_member (feed, "since");

      g_string_append_printf (reply, "%s{\"feed\": \"%s\", \"since\": %" G_GINT64_FORMAT ", \"seq\": %"
                              G_GINT64_FORMAT ", \"head\": %" G_GINT64_FORMAT ", \"more\": false, \"changes\": []}",
                              i > 0 ? ", " : "", json_object_get_string_member (feed, "feed"), since, since, since);
    }
  g_string_append (reply, "]}");
  reply_text (msg, SOUP_STATUS_OK, reply->str);
}

static void
handle_request (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  Desktop *desktop = user_data;

  if (g_str_equal (path, "/v1/login"))
    reply_text (msg, SOUP_STATUS_OK,
                "{\"token\": \"fuzz-token\", \"expires_at\": 4102444800, \"account\": {"
                "\"id\": \"" ACCOUNT_ID "\", \"login\": \"fuzz-intake\", \"name\": \"Fuzz Intake\","
                " \"org\": \"Org A\", \"team\": \"Team 1\", \"team_id\": \"" TEAM_ID "\","
                " \"role\": \"intake\"}}");
  else if (g_str_equal (path, "/v1/cases"))
    {
      /* A sequence the desktop never has, so the case is pulled each round. */
      g_autofree char *text = g_strdup_printf ("{\"cases\": [{\"id\": \"" FUZZ_CASE_ID "\", \"seq\": %u}],"
                                               " \"revoked\": []}",
                                               1000000 + desktop->n_rounds);

      reply_text (msg, SOUP_STATUS_OK, text);
    }
  else if (g_str_equal (path, "/v1/pull") && desktop->page != NULL)
    {
      g_autoptr(GBytes) page = g_steal_pointer (&desktop->page);

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (page, NULL), g_bytes_get_size (page));
    }
  else if (g_str_equal (path, "/v1/pull"))
    reply_nothing_new (msg);
  else
    reply_text (msg, SOUP_STATUS_NOT_FOUND,
                "{\"error\": {\"code\": \"not_found\", \"message\": \"Nothing here.\"}}");
}

static void
on_logged_in (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  if (!monia_sync_client_login_finish (MONIA_SYNC_CLIENT (source), result, &error))
    fuzz_fail ("setting up: no login", error->message);
  *done = TRUE;
}

static Desktop *
desktop_get (void)
{
  static Desktop *desktop;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;
  GSList *uris;
  gboolean done = FALSE;

  if (desktop != NULL)
    return desktop;

  desktop = g_new0 (Desktop, 1);
  desktop->server = soup_server_new ("server-header", "fuzz-stand-in", NULL);
  soup_server_add_handler (desktop->server, NULL, handle_request, desktop, NULL);
  if (!soup_server_listen_local (desktop->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    fuzz_fail ("setting up: cannot listen", error->message);
  uris = soup_server_get_uris (desktop->server);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  path = g_build_filename (fuzz_tmp_dir (), "desktop.db", NULL);
  desktop->store = monia_store_open (path, &error);
  if (desktop->store == NULL)
    fuzz_fail ("setting up: no store", error->message);
  desktop->client = monia_sync_client_new (desktop->store);
  monia_sync_client_set_use_keyring (desktop->client, FALSE);

  monia_sync_client_login_async (desktop->client, url, "fuzz-intake", "fuzz-password-1", NULL,
                                 on_logged_in, &done);
  fuzz_wait_flag (&done, ROUND_WAIT_S);
  return desktop;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init_glib ();
  desktop_get ();
  return 0;
}

static void
on_synced (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  /* An error is a right answer to a bad page: only how it is reached
   * matters here. With MONIA_FUZZ_PRINT set, it is printed (to see what a
   * seed reaches). */
  if (!monia_sync_client_sync_finish (MONIA_SYNC_CLIENT (source), result, &error) &&
      g_getenv ("MONIA_FUZZ_PRINT") != NULL)
    fprintf (stderr, "sync: %s\n", error->message);
  else if (g_getenv ("MONIA_FUZZ_PRINT") != NULL)
    fprintf (stderr, "sync: done, %" G_GUINT64_FORMAT " records pulled so far\n",
             monia_sync_client_get_n_pulled (MONIA_SYNC_CLIENT (source)));
  *done = TRUE;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  Desktop *desktop = desktop_get ();
  gboolean done = FALSE;

  g_clear_pointer (&desktop->page, g_bytes_unref);
  desktop->page = g_bytes_new (data, size);
  desktop->n_rounds++;
  monia_sync_client_sync_async (desktop->client, NULL, on_synced, &done);
  fuzz_wait_flag (&done, ROUND_WAIT_S);
  return 0;
}
