/* monia-ctl-client.c — monia-ctl as a headless sync client
 *
 *   monia-ctl --database PATH login URL LOGIN      (password on stdin)
 *   monia-ctl --database PATH sync
 *   monia-ctl --database PATH logout
 *   monia-ctl --database PATH cases [--json]
 *   monia-ctl --database PATH case new --title T
 *   monia-ctl --database PATH participant add|remove CASE LOGIN
 *   monia-ctl --database PATH goal add CASE --text T
 *   monia-ctl --database PATH goal set GOAL --text T
 *   monia-ctl --database PATH goals CASE [--json]
 *   monia-ctl --database PATH conflicts [--json]
 *   monia-ctl --database PATH resolve CONFLICT --take mine|theirs
 *
 * Edits are made in the local store, as in the app, and sent by `sync`.
 * The login's token is kept in the keyring, as the app keeps it; where
 * there is none (a server, a script, CI) in a file readable by its user
 * alone (monia-ctl-token.c). A token in MONIA_TOKEN wins over both.
 * Ids are printed one per line; --json prints a JSON array of objects.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-ctl"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "monia-case-ops.h"
#include "monia-ctl.h"
#include "monia-sync-client.h"

#define MAX_PASSWORD 1024

/* Running an asynchronous call to its end -------------------------------- */

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
wait_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static GAsyncResult *
wait_for (Wait *wait)
{
  g_main_loop_run (wait->loop);
  g_main_loop_unref (wait->loop);
  return wait->result;
}

/* Small helpers ----------------------------------------------------------- */

static int
usage (const char *command,
       const char *text)
{
  g_printerr ("monia-ctl %s: %s\n", command, text);
  return MONIA_CTL_EXIT_USAGE;
}

static int
failed (const char *command,
        GError     *error)
{
  monia_ctl_print_error (command, error);
  return MONIA_CTL_EXIT_FAILED;
}

/* --NAME VALUE or --NAME=VALUE at argv[*i]; advances *i. */
static gboolean
take_option (int          argc,
             char       **argv,
             int         *i,
             const char  *name,
             const char **value)
{
  gsize len = strlen (name);

  if (g_str_equal (argv[*i], name) && *i + 1 < argc)
    {
      *value = argv[++*i];
      return TRUE;
    }
  if (strncmp (argv[*i], name, len) == 0 && argv[*i][len] == '=')
    {
      *value = argv[*i] + len + 1;
      return TRUE;
    }
  return FALSE;
}

static gboolean
has_flag (int         argc,
          char      **argv,
          const char *flag)
{
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], flag))
      return TRUE;
  return FALSE;
}

static void
print_json_array (JsonArray *array)
{
  g_autoptr(JsonNode) root = json_node_init_array (json_node_alloc (), array);
  g_autofree char *text = json_to_string (root, TRUE);

  printf ("%s\n", text);
}

static void
set_variant_member (JsonObject *object,
                    const char *name,
                    GVariant   *value)
{
  if (value == NULL)
    json_object_set_null_member (object, name);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    json_object_set_string_member (object, name, g_variant_get_string (value, NULL));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    json_object_set_int_member (object, name, g_variant_get_int64 (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    json_object_set_boolean_member (object, name, g_variant_get_boolean (value));
}

/* One record of a listing: its id on a line, or with --json an object of
 * its id and @fields added to @array. */
static void
list_record (MoniaRecord        *record,
             const char * const *fields,
             gboolean            json,
             JsonArray          *array)
{
  JsonObject *object;

  if (!json)
    {
      printf ("%s\n", monia_record_get_id (record));
      return;
    }
  object = json_object_new ();
  json_object_set_string_member (object, "id", monia_record_get_id (record));
  for (guint i = 0; fields[i] != NULL; i++)
    set_variant_member (object, fields[i], monia_record_get (record, fields[i]));
  json_array_add_object_element (array, object);
}

static MoniaRecord *
get_record (MoniaStore  *store,
            const char  *kind,
            const char  *id,
            GError     **error)
{
  if (!g_uuid_string_is_valid (id))
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("“%s” is not a record identifier."), id);
      return NULL;
    }
  return monia_store_get (store, kind, id, error);
}

/* The professional with @login in the directory pulled from the server. */
static char *
find_professional (MoniaStore  *store,
                   const char  *login,
                   GError     **error)
{
  g_autoptr(GListModel) all = monia_store_list (store, "professional");

  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(MoniaRecord) record = g_list_model_get_item (all, i);

      if (g_strcmp0 (monia_record_get_string (record, "login"), login) == 0)
        return g_strdup (monia_record_get_id (record));
    }
  g_set_error (error, MONIA_ERROR, MONIA_ERROR_NOT_FOUND,
               _("No professional with the login “%s” is known here. Run “monia-ctl sync” first."),
               login);
  return NULL;
}

static char *
today_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/* login ------------------------------------------------------------------- */

static char *
read_password (void)
{
  char buffer[MAX_PASSWORD + 2];
  gsize len;

  if (fgets (buffer, sizeof buffer, stdin) == NULL)
    return NULL;
  len = strlen (buffer);
  while (len > 0 && (buffer[len - 1] == '\n' || buffer[len - 1] == '\r'))
    buffer[--len] = '\0';
  {
    char *password = g_strdup (buffer);

    memset (buffer, 0, sizeof buffer);
    return password;
  }
}

/* No keyring here: the login goes into a file instead, and the person is
 * told where, since a file is not a keyring. */
static gboolean
keep_token_in_file (MoniaStore       *store,
                    MoniaSyncClient  *client,
                    GError          **error)
{
  g_autofree char *url = monia_store_get_sync_setting (store, "server_url");
  g_autofree char *login = monia_store_get_sync_setting (store, "login");
  g_autofree char *path = NULL;

  if (!monia_ctl_token_save (url, login, monia_sync_client_get_token (client), &path, error))
    return FALSE;
  g_printerr ("monia-ctl login: ");
  g_printerr (_("No keyring is available, so the login is kept in a file instead, readable by you alone: "
                "“%s”. “monia-ctl logout” removes it."), path);
  g_printerr ("\n");
  return TRUE;
}

/* The login is in the keyring now: a file from an earlier login without
 * one would otherwise win over it with a stale token. */
static void
forget_token_file (MoniaStore *store)
{
  g_autofree char *url = monia_store_get_sync_setting (store, "server_url");
  g_autofree char *login = monia_store_get_sync_setting (store, "login");
  g_autoptr(GError) error = NULL;

  if (url != NULL && login != NULL && !monia_ctl_token_forget (url, login, &error))
    monia_ctl_print_error ("login", error);
}

int
monia_ctl_cmd_login (const MoniaCtlGlobals *globals,
                     int                    argc,
                     char                 **argv)
{
  g_autoptr(MoniaStore) store = NULL;
  g_autoptr(MoniaSyncClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  g_autofree char *name = NULL;
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL };
  gboolean ok;

  if (argc != 3)
    {
      g_main_loop_unref (wait.loop);
      return usage ("login", _("Usage: monia-ctl login URL LOGIN (the password is read from standard input)"));
    }

  password = read_password ();
  if (password == NULL || *password == '\0')
    {
      g_main_loop_unref (wait.loop);
      return usage ("login", _("Give the password on standard input."));
    }

  store = monia_ctl_open_store (globals);
  if (store == NULL)
    {
      g_main_loop_unref (wait.loop);
      return MONIA_CTL_EXIT_FAILED;
    }
  client = monia_sync_client_new (store);
  monia_sync_client_login_async (client, argv[1], argv[2], password, NULL, wait_done, &wait);
  memset (password, 0, strlen (password));
  result = wait_for (&wait);
  ok = monia_sync_client_login_finish (client, result, &error);
  if (!ok && g_error_matches (error, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_KEYRING))
    {
      g_clear_error (&error);
      if (!keep_token_in_file (store, client, &error))
        return failed ("login", error);
    }
  else if (!ok)
    return failed ("login", error);
  else
    forget_token_file (store);

  name = monia_store_get_sync_setting (store, "account_name");
  /* Translators: %s is a person's name */
  g_printerr (_("Logged in as %s."), name ? name : argv[2]);
  g_printerr ("\n");
  return MONIA_CTL_EXIT_OK;
}

/* sync, logout ------------------------------------------------------------ */

typedef enum
{
  TOKEN_UNUSABLE,
  TOKEN_FROM_ENVIRONMENT,
  TOKEN_FROM_FILE,
  TOKEN_FROM_KEYRING,   /* or none: the sync client looks there itself */
} TokenSource;

/* The sync client speaks of the keyring alone; here the token may also
 * have come from a file or MONIA_TOKEN, or from nowhere. */
static void
explain_login_needed (MoniaSyncClient  *client,
                      TokenSource       source,
                      GError          **error)
{
  const char *text = NULL;

  if (!g_error_matches (*error, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_LOGIN_NEEDED))
    return;
  if (source == TOKEN_FROM_ENVIRONMENT)
    text = _("The server did not accept the token in MONIA_TOKEN: it has expired or was never valid.");
  else if (source == TOKEN_FROM_KEYRING && monia_sync_client_get_token (client) == NULL)
    text = _("Log in to sync: no login is kept here, neither in the keyring nor in a file, "
             "and MONIA_TOKEN is not set.");
  if (text == NULL)
    return;
  g_clear_error (error);
  g_set_error_literal (error, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_LOGIN_NEEDED, text);
}

/* MONIA_TOKEN, else the file kept where there is no keyring, else the
 * keyring. */
static TokenSource
use_kept_token (MoniaStore       *store,
                MoniaSyncClient  *client,
                GError          **error)
{
  const char *given = g_getenv ("MONIA_TOKEN");
  g_autofree char *url = NULL;
  g_autofree char *login = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GError) local_error = NULL;

  if (given != NULL && *given != '\0')
    {
      if (!monia_ctl_token_is_valid (given))
        {
          g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                               _("MONIA_TOKEN does not hold a login token."));
          return TOKEN_UNUSABLE;
        }
      monia_sync_client_set_token (client, given);
      return TOKEN_FROM_ENVIRONMENT;
    }

  url = monia_store_get_sync_setting (store, "server_url");
  login = monia_store_get_sync_setting (store, "login");
  if (url == NULL || login == NULL)
    return TOKEN_FROM_KEYRING;
  token = monia_ctl_token_load (url, login, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return TOKEN_UNUSABLE;
    }
  if (token == NULL)
    return TOKEN_FROM_KEYRING;
  monia_sync_client_set_token (client, token);
  memset (token, 0, strlen (token));
  return TOKEN_FROM_FILE;
}


int
monia_ctl_cmd_sync (const MoniaCtlGlobals *globals,
                    int                    argc,
                    char                 **argv)
{
  g_autoptr(MoniaStore) store = NULL;
  g_autoptr(MoniaSyncClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { NULL, NULL };
  TokenSource source;
  gint64 refused;

  if (argc != 1)
    return usage ("sync", _("Usage: monia-ctl sync"));

  store = monia_ctl_open_store (globals);
  if (store == NULL)
    return MONIA_CTL_EXIT_FAILED;
  client = monia_sync_client_new (store);
  source = use_kept_token (store, client, &error);
  if (source == TOKEN_UNUSABLE)
    return failed ("sync", error);
  wait.loop = g_main_loop_new (NULL, FALSE);
  monia_sync_client_sync_async (client, NULL, wait_done, &wait);
  result = wait_for (&wait);
  if (!monia_sync_client_sync_finish (client, result, &error))
    {
      explain_login_needed (client, source, &error);
      return failed ("sync", error);
    }

  refused = monia_store_count_refused_changes (store);
  if (refused > 0)
    {
      g_printerr ("monia-ctl sync: ");
      g_printerr (g_dngettext (GETTEXT_PACKAGE, "The server refused %d change.",
                               "The server refused %d changes.", (gulong) refused),
                  (int) MIN (refused, G_MAXINT));
      g_printerr ("\n");
    }
  return MONIA_CTL_EXIT_OK;
}

/* Ends the kept login on the server and forgets it here, in the keyring
 * and in the file. A token in MONIA_TOKEN is not monia-ctl's to end. */
int
monia_ctl_cmd_logout (const MoniaCtlGlobals *globals,
                      int                    argc,
                      char                 **argv)
{
  g_autoptr(MoniaStore) store = NULL;
  g_autoptr(MoniaSyncClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *login = NULL;
  g_autofree char *token = NULL;
  Wait wait = { NULL, NULL };

  if (argc != 1)
    return usage ("logout", _("Usage: monia-ctl logout"));

  store = monia_ctl_open_store (globals);
  if (store == NULL)
    return MONIA_CTL_EXIT_FAILED;
  url = monia_store_get_sync_setting (store, "server_url");
  login = monia_store_get_sync_setting (store, "login");
  if (url == NULL || login == NULL)
    {
      g_printerr ("monia-ctl logout: %s\n", _("Not logged in to any server."));
      return MONIA_CTL_EXIT_OK;
    }

  /* A file that others could read is removed all the same, but its token
   * is not sent anywhere. */
  client = monia_sync_client_new (store);
  token = monia_ctl_token_load (url, login, NULL);
  if (token != NULL)
    {
      monia_sync_client_set_token (client, token);
      memset (token, 0, strlen (token));
    }
  wait.loop = g_main_loop_new (NULL, FALSE);
  monia_sync_client_logout_async (client, NULL, wait_done, &wait);
  result = wait_for (&wait);
  if (!monia_sync_client_logout_finish (client, result, &error) ||
      !monia_ctl_token_forget (url, login, &error))
    return failed ("logout", error);

  g_printerr ("%s\n", _("Logged out."));
  return MONIA_CTL_EXIT_OK;
}

/* cases, case new --------------------------------------------------------- */

int
monia_ctl_cmd_cases (const MoniaCtlGlobals *globals,
                     int                    argc,
                     char                 **argv)
{
  g_autoptr(MoniaStore) store = NULL;
  static const char * const fields[] = { "title", "status", "opened_on", "owner_id", NULL };
  g_autoptr(GListModel) cases = NULL;
  g_autoptr(JsonArray) array = json_array_new ();
  gboolean json = has_flag (argc, argv, "--json");

  if (argc > 2 || (argc == 2 && !json))
    return usage ("cases", _("Usage: monia-ctl cases [--json]"));

  store = monia_ctl_open_store (globals);
  if (store == NULL)
    return MONIA_CTL_EXIT_FAILED;

  cases = monia_store_list_cases (store);
  for (guint i = 0; i < g_list_model_get_n_items (cases); i++)
    {
      g_autoptr(MoniaRecord) record = g_list_model_get_item (cases, i);

      list_record (record, fields, json, array);
    }

  if (json)
    print_json_array (array);
  return MONIA_CTL_EXIT_OK;
}

int
monia_ctl_cmd_case (const MoniaCtlGlobals *globals,
                    int                    argc,
                    char                 **argv)
{
  g_autoptr(MoniaStore) store = NULL;
  g_autoptr(MoniaMutation) create = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *account = NULL;
  g_autofree char *team = NULL;
  g_autofree char *today = today_iso ();
  g_autofree char *title = NULL;
  const char *given = NULL;

  for (int i = 2; i < argc; i++)
    if (!take_option (argc, argv, &i, "--title", &given))
      given = NULL, i = argc;
  if (argc < 2 || !g_str_equal (argv[1], "new") || given == NULL)
    return usage ("case", _("Usage: monia-ctl case new --title TITLE"));

  title = g_strstrip (g_strdup (given));
  if (*title == '\0' || !g_utf8_validate (title, -1, NULL))
    return usage ("case", _("The case needs a title."));

  store = monia_ctl_open_store (globals);
  if (store == NULL)
    return MONIA_CTL_EXIT_FAILED;

  account = monia_store_get_sync_setting (store, "account_id");
  team = monia_store_get_sync_setting (store, "team_id");
  create = monia_mutation_new_create ("case");
  monia_mutation_set_string (create, "title", title);
  monia_mutation_set_string (create, "status", "open");
  monia_mutation_set_string (create, "opened_on", today);
  if (account != NULL)
    monia_mutation_set_string (create, "owner_id", account);
  if (team != NULL)
    monia_mutation_set_string (create, "team_id", team);
  if (!monia_store_apply_one (store, create, &error))
    return failed ("case", error);

  printf ("%s\n", monia_mutation_get_record_id (create));
  return MONIA_CTL_EXIT_OK;
}

/* participant add|remove -------------------------------------------------- */

int
monia_ctl_cmd_participant (const MoniaCtlGlobals *globals,
                           int                    argc,
                           char                 **argv)
{
  g_autoptr(MoniaStore) store = NULL;
  g_autoptr(MoniaRecord) case_ = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *professional = NULL;
  g_autofree char *today = today_iso ();
  gboolean add;

  if (argc != 4 || (!g_str_equal (argv[1], "add") && !g_str_equal (argv[1], "remove")))
    return usage ("participant", _("Usage: monia-ctl participant add|remove CASE LOGIN"));
  add = g_str_equal (argv[1], "add");

  store = monia_ctl_open_store (globals);
  if (store == NULL)
    return MONIA_CTL_EXIT_FAILED;

  case_ = get_record (store, "case", argv[2], &error);
  if (case_ == NULL)
    return failed ("participant", error);
  professional = find_professional (store, argv[3], &error);
  if (professional == NULL)
    return failed ("participant", error);

  if (add)
    {
      g_autoptr(MoniaMutation) create = monia_mutation_new_create ("participant");
      g_autoptr(MoniaRecord) person = monia_store_get (store, "professional", professional, NULL);

      monia_mutation_set_string (create, "case_id", argv[2]);
      monia_mutation_set_string (create, "professional_id", professional);
      if (person != NULL && monia_record_get (person, "organisation_id") != NULL)
        monia_mutation_set_string (create, "organisation_id",
                                   monia_record_get_string (person, "organisation_id"));
      monia_mutation_set_string (create, "active_from", today);
      if (!monia_store_apply_one (store, create, &error))
        return failed ("participant", error);
      printf ("%s\n", monia_mutation_get_record_id (create));
    }
  else
    {
      g_autoptr(GPtrArray) participants = monia_store_find (store, "participant", "case_id", argv[2], &error);
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) monia_mutation_unref);

      if (participants == NULL)
        return failed ("participant", error);
      for (guint i = 0; i < participants->len; i++)
        {
          MoniaRecord *record = g_ptr_array_index (participants, i);

          if (g_strcmp0 (monia_record_get_string (record, "professional_id"), professional) == 0)
            g_ptr_array_add (batch, monia_mutation_new_delete ("participant", monia_record_get_id (record)));
        }
      if (batch->len == 0)
        {
          g_set_error (&error, MONIA_ERROR, MONIA_ERROR_NOT_FOUND,
                       _("“%s” is not a participant of this case."), argv[3]);
          return failed ("participant", error);
        }
      if (!monia_store_apply (store, batch, &error))
        return failed ("participant", error);
      for (guint i = 0; i < batch->len; i++)
        printf ("%s\n", monia_mutation_get_record_id (g_ptr_array_index (batch, i)));
    }
  return MONIA_CTL_EXIT_OK;
}

/* goal add|set, goals ----------------------------------------------------- */

/* The case's draft plan, made if there is none. */
static char *
draft_plan (MoniaStore  *store,
            const char  *case_id,
            GError     **error)
{
  g_autoptr(GPtrArray) plans = monia_case_list_plans (store, case_id, error);

  if (plans == NULL)
    return NULL;
  for (guint i = plans->len; i > 0; i--)
    {
      MoniaRecord *plan = g_ptr_array_index (plans, i - 1);

      if (g_strcmp0 (monia_record_get_string (plan, "status"), "draft") == 0)
        return g_strdup (monia_record_get_id (plan));
    }
  return monia_case_create_plan_draft (store, case_id, error);
}

int
monia_ctl_cmd_goal (const MoniaCtlGlobals *globals,
                    int                    argc,
                    char                 **argv)
{
  g_autoptr(MoniaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *text = NULL;

  for (int i = 3; i < argc; i++)
    if (!take_option (argc, argv, &i, "--text", &text))
      text = NULL, i = argc;
  if (argc != 5 || text == NULL || (!g_str_equal (argv[1], "add") && !g_str_equal (argv[1], "set")))
    return usage ("goal", _("Usage: monia-ctl goal add CASE --text TEXT | goal set GOAL --text TEXT"));

  store = monia_ctl_open_store (globals);
  if (store == NULL)
    return MONIA_CTL_EXIT_FAILED;

  if (g_str_equal (argv[1], "add"))
    {
      g_autoptr(MoniaRecord) case_ = get_record (store, "case", argv[2], &error);
      g_autofree char *plan = NULL;
      g_autofree char *goal = NULL;

      if (case_ == NULL || (plan = draft_plan (store, argv[2], &error)) == NULL ||
          (goal = monia_case_add_goal (store, plan, text, NULL, NULL, &error)) == NULL)
        return failed ("goal", error);
      printf ("%s\n", goal);
    }
  else
    {
      g_autoptr(MoniaRecord) goal = get_record (store, "goal", argv[2], &error);
      g_autoptr(MoniaMutation) update = NULL;

      if (goal == NULL)
        return failed ("goal", error);
      update = monia_mutation_new_update ("goal", argv[2]);
      monia_mutation_set_string (update, "text", text);
      if (!monia_store_apply_one (store, update, &error))
        return failed ("goal", error);
    }
  return MONIA_CTL_EXIT_OK;
}

int
monia_ctl_cmd_goals (const MoniaCtlGlobals *globals,
                     int                    argc,
                     char                 **argv)
{
  g_autoptr(MoniaStore) store = NULL;
  static const char * const fields[] = { "text", "plan_id", "position", NULL };
  g_autoptr(GPtrArray) goals = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) array = json_array_new ();
  gboolean json = has_flag (argc, argv, "--json");

  if (argc != (json ? 3 : 2) || g_str_equal (argv[1], "--json"))
    return usage ("goals", _("Usage: monia-ctl goals CASE [--json]"));

  store = monia_ctl_open_store (globals);
  if (store == NULL)
    return MONIA_CTL_EXIT_FAILED;
  if (!g_uuid_string_is_valid (argv[1]))
    {
      g_set_error (&error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("“%s” is not a record identifier."), argv[1]);
      return failed ("goals", error);
    }

  goals = monia_store_find (store, "goal", "case_id", argv[1], &error);
  if (goals == NULL)
    return failed ("goals", error);
  for (guint i = 0; i < goals->len; i++)
    list_record (g_ptr_array_index (goals, i), fields, json, array);
  if (json)
    print_json_array (array);
  return MONIA_CTL_EXIT_OK;
}

/* conflicts, resolve ------------------------------------------------------ */

/* Conflicts are shown from the reader's side: "mine" is the value this
 * account pushed or held. */
static gboolean
conflict_is_reversed (MoniaStore    *store,
                      MoniaConflict *conflict)
{
  g_autofree char *account = monia_store_get_sync_setting (store, "account_id");

  return account != NULL && g_strcmp0 (conflict->theirs_by, account) == 0 &&
         g_strcmp0 (conflict->mine_by, account) != 0;
}

static JsonNode *
parse_value (const char *text)
{
  JsonNode *node = text ? json_from_string (text, NULL) : NULL;

  return node ? node : json_node_init_null (json_node_alloc ());
}

int
monia_ctl_cmd_conflicts (const MoniaCtlGlobals *globals,
                         int                    argc,
                         char                 **argv)
{
  g_autoptr(MoniaStore) store = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) array = json_array_new ();
  gboolean json = has_flag (argc, argv, "--json");

  if (argc > 2 || (argc == 2 && !json))
    return usage ("conflicts", _("Usage: monia-ctl conflicts [--json]"));

  store = monia_ctl_open_store (globals);
  if (store == NULL)
    return MONIA_CTL_EXIT_FAILED;
  conflicts = monia_store_list_conflicts (store, NULL, TRUE, &error);
  if (conflicts == NULL)
    return failed ("conflicts", error);

  for (guint i = 0; i < conflicts->len; i++)
    {
      MoniaConflict *conflict = g_ptr_array_index (conflicts, i);
      gboolean reversed = conflict_is_reversed (store, conflict);
      JsonObject *object;

      if (!json)
        {
          printf ("%s\n", conflict->id);
          continue;
        }
      object = json_object_new ();
      json_object_set_string_member (object, "id", conflict->id);
      json_object_set_string_member (object, "case_id", conflict->case_id);
      json_object_set_string_member (object, "kind", conflict->record_kind);
      json_object_set_string_member (object, "record", conflict->record_id);
      json_object_set_string_member (object, "field", conflict->field);
      json_object_set_member (object, "mine", parse_value (reversed ? conflict->theirs : conflict->mine));
      json_object_set_member (object, "theirs", parse_value (reversed ? conflict->mine : conflict->theirs));
      json_object_set_member (object, "base", parse_value (conflict->base));
      json_object_set_string_member (object, "mine_by", reversed ? conflict->theirs_by : conflict->mine_by);
      json_object_set_string_member (object, "theirs_by", reversed ? conflict->mine_by : conflict->theirs_by);
      json_object_set_int_member (object, "created_at", conflict->created_at);
      json_array_add_object_element (array, object);
    }
  if (json)
    print_json_array (array);
  return MONIA_CTL_EXIT_OK;
}

int
monia_ctl_cmd_resolve (const MoniaCtlGlobals *globals,
                       int                    argc,
                       char                 **argv)
{
  g_autoptr(MoniaStore) store = NULL;
  g_autoptr(MoniaConflict) conflict = NULL;
  g_autoptr(GError) error = NULL;
  const char *take = NULL;
  gboolean mine, reversed;

  for (int i = 2; i < argc; i++)
    if (!take_option (argc, argv, &i, "--take", &take))
      take = NULL, i = argc;
  if (argc != 4 || take == NULL || (!g_str_equal (take, "mine") && !g_str_equal (take, "theirs")))
    return usage ("resolve", _("Usage: monia-ctl resolve CONFLICT --take mine|theirs"));
  mine = g_str_equal (take, "mine");

  store = monia_ctl_open_store (globals);
  if (store == NULL)
    return MONIA_CTL_EXIT_FAILED;
  conflict = monia_store_get_conflict (store, argv[1], &error);
  if (conflict == NULL)
    return failed ("resolve", error);
  if (conflict->resolved_at != 0)
    {
      g_set_error (&error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT, _("This conflict has been resolved already."));
      return failed ("resolve", error);
    }

  reversed = conflict_is_reversed (store, conflict);
  if (!monia_store_resolve_conflict (store, conflict->id,
                                     mine != reversed ? conflict->mine : conflict->theirs, &error))
    return failed ("resolve", error);
  return MONIA_CTL_EXIT_OK;
}
