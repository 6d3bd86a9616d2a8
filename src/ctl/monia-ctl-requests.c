/* monia-ctl-requests.c — the requests command: the store's help requests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Scripts read the output. With --json each request is an object with
 * exactly: id, channel, received_at (ISO 8601, UTC), due_on (the promise's
 * last day in Finland, YYYY-MM-DD, or null), anonymous (boolean), topic and
 * outcome (strings or null). Without it, one request a line, those values
 * in that order separated by tabs ("-" for none).
 */
#define G_LOG_DOMAIN "monia-ctl"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "monia-ctl.h"
#include "monia-intake.h"

/* The last day of the promise: the day in Finland just before its due_at,
 * the midnight that ends it. */
static char *
due_on (MoniaIntake *intake,
        MoniaRecord *request)
{
  gint64 due_at = monia_intake_get_due_at (intake, request);
  g_autoptr(GDateTime) moment = g_date_time_new_from_unix_utc (due_at - 1);
  GDate day;

  if (moment == NULL || due_at <= 0)
    return NULL;
  monia_policy_date_in_finland (moment, &day);
  return monia_date_format_iso (&day);
}

static char *
iso_time (gint64 unix_time)
{
  g_autoptr(GDateTime) moment = g_date_time_new_from_unix_utc (unix_time);

  return moment != NULL ? g_date_time_format_iso8601 (moment) : NULL;
}

static void
set_string_or_null (JsonObject *object,
                    const char *name,
                    const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

int
monia_ctl_cmd_requests (const MoniaCtlGlobals *globals,
                        int                    argc,
                        char                 **argv)
{
  g_autoptr(MoniaStore) store = NULL;
  g_autoptr(MoniaIntake) intake = NULL;
  g_autoptr(GListModel) requests = NULL;
  g_autoptr(JsonArray) array = json_array_new ();
  gboolean json = argc == 2 && g_str_equal (argv[1], "--json");

  if (argc > 2 || (argc == 2 && !json))
    {
      g_printerr ("monia-ctl requests: %s\n", _("Usage: monia-ctl requests [--json]"));
      return MONIA_CTL_EXIT_USAGE;
    }

  store = monia_ctl_open_store (globals);
  if (store == NULL)
    return MONIA_CTL_EXIT_FAILED;
  intake = monia_intake_new (store, NULL);

  requests = monia_store_list_help_requests (store);
  for (guint i = 0; i < g_list_model_get_n_items (requests); i++)
    {
      g_autoptr(MoniaRecord) request = g_list_model_get_item (requests, i);
      g_autofree char *received = iso_time (monia_record_get_int (request, "received_at", 0));
      g_autofree char *due = due_on (intake, request);
      const char *channel = monia_record_get_string (request, "channel");
      const char *topic = monia_record_get_string (request, "topic");
      const char *outcome = monia_record_get_string (request, "outcome");
      gboolean anonymous = monia_record_get_bool (request, "anonymous");

      if (json)
        {
          JsonObject *object = json_object_new ();

          json_object_set_string_member (object, "id", monia_record_get_id (request));
          set_string_or_null (object, "channel", channel);
          set_string_or_null (object, "received_at", received);
          set_string_or_null (object, "due_on", due);
          json_object_set_boolean_member (object, "anonymous", anonymous);
          set_string_or_null (object, "topic", topic);
          set_string_or_null (object, "outcome", outcome);
          json_array_add_object_element (array, object);
        }
      else
        {
          /* Topics are free text from the desk: no tab or line break may
           * split the line. */
          g_autofree char *topic_line = g_strdelimit (g_strdup (topic ? topic : "-"), "\t\n\r", ' ');

          printf ("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", monia_record_get_id (request), channel ? channel : "-",
                  received ? received : "-", due ? due : "-", anonymous ? "true" : "false", topic_line,
                  outcome ? outcome : "-");
        }
    }

  if (json)
    {
      g_autoptr(JsonNode) root = json_node_init_array (json_node_alloc (), array);
      g_autofree char *text = json_to_string (root, TRUE);

      printf ("%s\n", text);
    }
  return MONIA_CTL_EXIT_OK;
}
