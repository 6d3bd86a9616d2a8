/* test-sync.c — the sync engine in-process against a real monia-server
 *
 * The server is the real program on 127.0.0.1, started (and killed) here;
 * the desktops are MoniaSyncClients on their own stores, with tokens kept
 * in memory. Every wait is bounded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <sqlite3.h>
#include <unistd.h>
#include <libsoup/soup.h>

#include "monia-core.h"
#include "monia-case-ops.h"
#include "monia-sync-client.h"
#include "monia-test-util.h"

#define WAIT_S 300

/* The server ------------------------------------------------------------------ */

typedef struct
{
  char        *data;
  char        *database;   /* NULL: the SQLite file in data */
  GSubprocess *proc;
  char        *url;
} Server;

static char *
server_run (Server     *server,
            const char *input,
            ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("MONIA_SERVER"));
  g_ptr_array_add (argv, (char *) "--data");
  g_ptr_array_add (argv, server->data);
  if (server->database != NULL)
    {
      g_ptr_array_add (argv, (char *) "--database");
      g_ptr_array_add (argv, server->database);
    }
  va_start (args, input);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, input, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  return g_strstrip (g_steal_pointer (&out));
}

static void
server_start (Server *server)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  const char *argv[] = { g_getenv ("MONIA_SERVER"), "--data", server->data, "serve",
                         "--listen", "127.0.0.1:0", NULL, NULL, NULL };

  if (server->database != NULL)
    {
      /* --data DIR --database URI serve …: after the folder. */
      memmove (argv + 5, argv + 3, 4 * sizeof argv[0]);
      argv[3] = "--database";
      argv[4] = server->database;
    }
  server->proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->proc));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "Listening on http://127.0.0.1:"));
  g_free (server->url);
  server->url = g_strndup (line + strlen ("Listening on "), strlen (line) - strlen ("Listening on ") - 1);
}

static void
server_stop (Server *server,
             int     signal_number)
{
  if (server->proc == NULL)
    return;
  g_subprocess_send_signal (server->proc, signal_number);
  g_assert_true (g_subprocess_wait (server->proc, NULL, NULL));
  g_clear_object (&server->proc);
}

static Server *
server_new (const char *dir)
{
  Server *server = g_new0 (Server, 1);
  g_autofree char *out = NULL;

  server->data = g_build_filename (dir, "server", NULL);
  server->database = monia_test_database_new ();
  out = server_run (server, NULL, "init", NULL);
  return server;
}

static char *
server_add (Server     *server,
            const char *login,
            const char *org)
{
  g_autofree char *password = g_strdup_printf ("%s-secret-1\n", login);
  g_autofree char *name = g_strdup_printf ("%s Testinen", login);

  return server_run (server, password, "user", "add", login, "--name", name, "--org", org,
                     "--team", "Family work", "--role", "worker", NULL);
}

static void
server_free (Server *server)
{
  server_stop (server, SIGTERM);
  monia_test_database_drop (server->database);
  g_free (server->database);
  g_free (server->data);
  g_free (server->url);
  g_free (server);
}

static gint64
server_count (Server     *server,
              const char *sql)
{
  return monia_test_database_query_int (server->data, server->database, sql);
}

/* Desktops -------------------------------------------------------------------- */

typedef struct
{
  MoniaStore      *store;
  MoniaSyncClient *client;
} Desktop;

static Desktop *
desktop_new (const char *dir,
             const char *name)
{
  Desktop *desktop = g_new0 (Desktop, 1);
  g_autofree char *file = g_strconcat (name, ".db", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autoptr(GError) error = NULL;

  desktop->store = monia_store_open (path, &error);
  g_assert_no_error (error);
  desktop->client = monia_sync_client_new (desktop->store);
  monia_sync_client_set_use_keyring (desktop->client, FALSE);
  return desktop;
}

static void
desktop_free (Desktop *desktop)
{
  monia_sync_client_stop (desktop->client);
  g_clear_object (&desktop->client);
  g_clear_object (&desktop->store);
  g_free (desktop);
}

static void
desktop_login (Desktop    *desktop,
               Server     *server,
               const char *login)
{
  g_autofree char *password = g_strdup_printf ("%s-secret-1", login);
  g_autoptr(GError) error = NULL;
  MoniaTestWait wait = { FALSE, NULL };

  monia_sync_client_login_async (desktop->client, server->url, login, password, NULL, monia_test_wait_done, &wait);
  g_assert_true (monia_test_wait_flag (&wait.done, WAIT_S));
  g_assert_true (monia_sync_client_login_finish (desktop->client, wait.result, &error));
  g_assert_no_error (error);
  g_object_unref (wait.result);
}

static gboolean
desktop_sync (Desktop  *desktop,
              GError  **error)
{
  MoniaTestWait wait = { FALSE, NULL };
  gboolean ok;

  monia_sync_client_sync_async (desktop->client, NULL, monia_test_wait_done, &wait);
  g_assert_true (monia_test_wait_flag (&wait.done, WAIT_S));
  ok = monia_sync_client_sync_finish (desktop->client, wait.result, error);
  g_object_unref (wait.result);
  return ok;
}

static void
desktop_sync_ok (Desktop *desktop)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (desktop_sync (desktop, &error));
  g_assert_no_error (error);
}

static char *
professional_id (Desktop    *desktop,
                 const char *login)
{
  g_autoptr(GListModel) all = monia_store_list (desktop->store, "professional");

  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(MoniaRecord) record = g_list_model_get_item (all, i);

      if (g_strcmp0 (monia_record_get_string (record, "login"), login) == 0)
        return g_strdup (monia_record_get_id (record));
    }
  g_assert_not_reached ();
}

/* A case of @owner with @partner as a participant, and a draft plan. */
static char *
shared_case (Desktop     *owner,
             const char  *partner_login,
             char       **plan_out)
{
  g_autoptr(MoniaMutation) create = monia_mutation_new_create ("case");
  g_autoptr(MoniaMutation) participant = monia_mutation_new_create ("participant");
  g_autofree char *partner = professional_id (owner, partner_login);
  g_autoptr(GError) error = NULL;
  const char *case_id = monia_mutation_get_record_id (create);

  monia_mutation_set_string (create, "title", "Family 907");
  monia_mutation_set_string (create, "status", "open");
  monia_mutation_set_string (create, "opened_on", "2026-11-23");
  monia_mutation_set_string (create, "owner_id", monia_store_get_author (owner->store));
  g_assert_true (monia_store_apply_one (owner->store, create, &error));
  monia_mutation_set_string (participant, "case_id", case_id);
  monia_mutation_set_string (participant, "professional_id", partner);
  g_assert_true (monia_store_apply_one (owner->store, participant, &error));
  g_assert_no_error (error);
  *plan_out = monia_case_create_plan_draft (owner->store, case_id, &error);
  g_assert_no_error (error);
  return g_strdup (case_id);
}

/* Tests --------------------------------------------------------------------- */

typedef struct
{
  char    *dir;
  Server  *server;
  Desktop *alice;
  Desktop *bob;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *a = NULL, *b = NULL;

  fixture->dir = monia_test_tmp_dir_new ();
  fixture->server = server_new (fixture->dir);
  a = server_add (fixture->server, "alice", "Espoo family services");
  b = server_add (fixture->server, "bob", "Espoo family services");
  server_start (fixture->server);
  fixture->alice = desktop_new (fixture->dir, "alice");
  fixture->bob = desktop_new (fixture->dir, "bob");
  desktop_login (fixture->alice, fixture->server, "alice");
  desktop_login (fixture->bob, fixture->server, "bob");
  desktop_sync_ok (fixture->alice);
  desktop_sync_ok (fixture->bob);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  desktop_free (fixture->alice);
  desktop_free (fixture->bob);
  server_free (fixture->server);
  monia_test_tmp_dir_remove (fixture->dir);
  g_free (fixture->dir);
}

typedef struct
{
  Server     *server;
  MoniaStore *store;
  gint64      first_pending;
  gboolean    killed;
} Killer;

/* Kills the server as soon as the first batch of the push has been taken:
 * the next batch is then on its way. */
static gboolean
kill_after_first_batch (gpointer user_data)
{
  Killer *killer = user_data;

  if (monia_store_count_pending_changes (killer->store) < killer->first_pending)
    {
      server_stop (killer->server, SIGKILL);
      killer->killed = TRUE;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
test_kill_server_mid_push (Fixture       *fixture,
                           gconstpointer  data)
{
  enum { N_GOALS = 3000 };
  g_autofree char *plan = NULL;
  g_autofree char *case_id = shared_case (fixture->alice, "bob", &plan);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) monia_mutation_unref);
  g_autoptr(GPtrArray) goals = NULL;
  g_autoptr(GError) error = NULL;
  Killer killer = { fixture->server, fixture->alice->store, 0, FALSE };
  gint64 mutations;

  for (guint i = 0; i < N_GOALS; i++)
    {
      MoniaMutation *goal = monia_mutation_new_create ("goal");
      g_autofree char *text = g_strdup_printf ("Goal %04u", i);

      monia_mutation_set_string (goal, "case_id", case_id);
      monia_mutation_set_string (goal, "plan_id", plan);
      monia_mutation_set_string (goal, "text", text);
      monia_mutation_set_int (goal, "position", i);
      g_ptr_array_add (batch, goal);
    }
  g_assert_true (monia_store_apply (fixture->alice->store, batch, &error));
  g_assert_no_error (error);
  killer.first_pending = monia_store_count_pending_changes (fixture->alice->store);
  g_assert_cmpint (killer.first_pending, >=, N_GOALS);

  g_timeout_add (1, kill_after_first_batch, &killer);
  g_assert_false (desktop_sync (fixture->alice, &error));
  g_assert_true (killer.killed);
  g_assert_error (error, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_OFFLINE);
  g_assert_cmpint (monia_sync_client_get_state (fixture->alice->client), ==, MONIA_SYNC_STATE_OFFLINE);
  g_clear_error (&error);
  /* Some went, the rest waits; nothing was lost here. */
  g_assert_cmpint (monia_store_count_pending_changes (fixture->alice->store), >, 0);
  g_assert_cmpint (monia_store_count_pending_changes (fixture->alice->store), <, killer.first_pending);

  /* The server comes back (on another port): the rest is resent. */
  server_start (fixture->server);
  g_assert_true (monia_store_set_sync_setting (fixture->alice->store, "server_url", fixture->server->url, NULL));
  g_assert_true (monia_store_set_sync_setting (fixture->bob->store, "server_url", fixture->server->url, NULL));
  desktop_sync_ok (fixture->alice);
  g_assert_cmpint (monia_store_count_pending_changes (fixture->alice->store), ==, 0);
  g_assert_cmpint (monia_store_count_refused_changes (fixture->alice->store), ==, 0);

  /* Exactly one of each on the server, and at Bob's. */
  g_assert_cmpint (server_count (fixture->server, "SELECT count(*) FROM records WHERE kind = 'goal'"), ==, N_GOALS);
  mutations = server_count (fixture->server, "SELECT count(*) FROM applied_mutations");
  g_assert_cmpint (mutations, ==, killer.first_pending);  /* each change once */
  desktop_sync_ok (fixture->bob);
  goals = monia_store_find (fixture->bob->store, "goal", "case_id", case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (goals->len, ==, N_GOALS);
  g_assert_cmpstr (monia_record_get_string (g_ptr_array_index (goals, N_GOALS - 1), "text"), ==, "Goal 2999");
}

typedef struct
{
  MoniaStore *store;
  const char *goal_id;
  const char *text;
  gboolean    seen;
} Watch;

static void
on_record_changed (MoniaStore *store,
                   const char *kind,
                   const char *id,
                   Watch      *watch)
{
  g_autoptr(MoniaRecord) goal = NULL;

  if (g_strcmp0 (id, watch->goal_id) != 0)
    return;
  goal = monia_store_get (store, "goal", id, NULL);
  if (goal != NULL && g_strcmp0 (monia_record_get_string (goal, "text"), watch->text) == 0)
    watch->seen = TRUE;
}

static void
test_live_notices (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *plan = NULL;
  g_autofree char *case_id = shared_case (fixture->alice, "bob", &plan);
  g_autofree char *goal = NULL;
  g_autoptr(GError) error = NULL;
  Watch watch = { fixture->bob->store, NULL, NULL, FALSE };
  gulong handler;

  goal = monia_case_add_goal (fixture->alice->store, plan, "Sleep at night", NULL, NULL, &error);
  g_assert_no_error (error);
  desktop_sync_ok (fixture->alice);
  desktop_sync_ok (fixture->bob);

  /* Both keep in step by themselves from here on. */
  monia_sync_client_start (fixture->alice->client);
  monia_sync_client_start (fixture->bob->client);
  watch.goal_id = goal;
  handler = g_signal_connect (fixture->bob->store, "record-changed", G_CALLBACK (on_record_changed), &watch);

  for (guint round = 0; round < 3; round++)
    {
      g_autofree char *text = g_strdup_printf ("Sleep at night, round %u", round);

      /* Let both settle (the live channel opens after the first sync). */
      g_usleep (200 * 1000);
      for (guint i = 0; i < 50; i++)
        g_main_context_iteration (NULL, FALSE);
      watch.text = text;
      watch.seen = FALSE;
      g_assert_true (monia_case_set_goal_text (fixture->alice->store, goal, "text", text, &error));
      g_assert_no_error (error);
      /* Alice saved; nobody calls sync: it reaches Bob by itself. */
      g_assert_true (monia_test_wait_flag (&watch.seen, 20));
    }
  g_signal_handler_disconnect (fixture->bob->store, handler);
  g_assert_cmpint (monia_store_count_pending_changes (fixture->alice->store), ==, 0);
}

/* A team lead's desktop holds none of the team's cases: the Team
 * Overview's figures come from the server's lead feed: a case's name and
 * dates, nothing of what is in it nor anyone's id, and a worker cannot
 * fetch it. */
static void
test_lead_overview_data (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *lead_id = NULL, *case_id = NULL, *child = NULL, *link = NULL, *assessment = NULL;
  g_autofree char *feed_text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) feed = NULL;
  g_autoptr(MoniaReportData) report = NULL;
  g_autoptr(MoniaThlReturn) ret = NULL;
  MoniaTestWait wait = { FALSE, NULL };
  Desktop *lead;
  GDate from, to;

  lead_id = server_run (fixture->server, "leena-secret-1\n", "user", "add", "leena", "--name", "Leena Testinen",
                        "--org", "Espoo family services", "--team", "Family work", "--role", "lead", NULL);

  /* Alice's case: a child welfare matter decided late, a child */
  {
    g_autoptr(MoniaMutation) c = monia_mutation_new_create ("case");
    g_autoptr(MoniaMutation) p = monia_mutation_new_create ("person");
    g_autoptr(MoniaMutation) l = monia_mutation_new_create ("case_person");
    g_autoptr(MoniaMutation) a = monia_mutation_new_create ("assessment");
    g_autoptr(GPtrArray) batch = g_ptr_array_new ();

    case_id = g_strdup (monia_mutation_get_record_id (c));
    monia_mutation_set_string (c, "title", "Family 911");
    monia_mutation_set_string (c, "status", "assessment");
    monia_mutation_set_string (c, "opened_on", "2025-04-14");
    monia_mutation_set_string (c, "owner_id", monia_store_get_author (fixture->alice->store));
    monia_mutation_set_string (p, "name", "Aino Testinen");
    monia_mutation_set_string (l, "case_id", case_id);
    monia_mutation_set_string (l, "person_id", monia_mutation_get_record_id (p));
    monia_mutation_set_string (l, "relation", "child");
    monia_mutation_set_string (a, "case_id", case_id);
    monia_mutation_set_string (a, "kind", "child_welfare_s26");
    monia_mutation_set_string (a, "pending_on", "2025-04-14");
    monia_mutation_set_string (a, "started_on", "2025-04-28");
    monia_mutation_set_string (a, "conclusion", "Sleeps badly");
    g_ptr_array_add (batch, c);
    g_ptr_array_add (batch, p);
    g_ptr_array_add (batch, l);
    g_ptr_array_add (batch, a);
    g_assert_true (monia_store_apply (fixture->alice->store, batch, &error));
    g_assert_no_error (error);
  }
  desktop_sync_ok (fixture->alice);

  lead = desktop_new (fixture->dir, "leena");
  desktop_login (lead, fixture->server, "leena");
  desktop_sync_ok (lead);
  g_assert_cmpint (monia_store_count (lead->store, "case"), ==, 0);

  monia_sync_client_fetch_lead_feed_async (lead->client, NULL, monia_test_wait_done, &wait);
  g_assert_true (monia_test_wait_flag (&wait.done, WAIT_S));
  feed = monia_sync_client_fetch_lead_feed_finish (lead->client, wait.result, &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  feed_text = json_to_string (feed, FALSE);
  g_assert_nonnull (strstr (feed_text, "Family 911"));
  g_assert_null (strstr (feed_text, "Aino"));
  g_assert_null (strstr (feed_text, "Sleeps"));

  report = monia_report_data_new_from_lead_feed (feed, lead->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (monia_report_data_has_contents (report));
  g_assert_cmpuint (monia_report_data_get_n_cases (report), ==, 1);
  g_assert_cmpstr (monia_report_data_get_case (report, 0)->title, ==, "Family 911");
  g_assert_cmpuint (monia_report_data_get_n_children (report, 0), ==, 1);
  /* The responsible worker's name comes from the directory the lead holds */
  g_assert_cmpstr (monia_report_data_lookup_name (report, monia_report_data_get_case (report, 0)->owner_id), ==,
                   "alice Testinen");
  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  g_date_set_dmy (&from, 1, G_DATE_APRIL, 2025);
  g_date_set_dmy (&to, 30, G_DATE_SEPTEMBER, 2025);
  ret = monia_thl_return_compute (report, 0, &from, &to, &to, NULL);
  g_assert_cmpuint (ret->counts.became_pending, ==, 1);
  g_assert_cmpuint (ret->counts.started_late, ==, 1);

  /* A worker is refused the feed, with the server's words. */
  wait.done = FALSE;
  monia_sync_client_fetch_lead_feed_async (fixture->bob->client, NULL, monia_test_wait_done, &wait);
  g_assert_true (monia_test_wait_flag (&wait.done, WAIT_S));
  g_assert_null (monia_sync_client_fetch_lead_feed_finish (fixture->bob->client, wait.result, &error));
  g_clear_object (&wait.result);
  g_assert_error (error, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_REFUSED);

  desktop_free (lead);
}

/* A colleague of the owner's organisation in another team works on the
 * case by the server's rule; the owner's desktop, from the directory the
 * server publishes, tells them apart from a participant of another
 * organisation the same way: the one sees the whole case, the other
 * nothing until the client's consent covers them. */
static void
test_organisation_colleague (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *carol_id = NULL, *dave_id = NULL, *case_id = NULL;
  g_autofree char *carol_part = NULL, *dave_part = NULL;
  g_autoptr(MoniaRecord) alice_pro = NULL, carol_pro = NULL, dave_pro = NULL;
  g_autoptr(MoniaRecord) org = NULL, team = NULL, carol_record = NULL, dave_record = NULL;
  g_autoptr(GError) error = NULL;
  MoniaStore *store = fixture->alice->store;
  MoniaCaseParts parts = MONIA_CASE_PART_ALL;
  MoniaParticipantSpec spec;
  Desktop *carol;
  GDate today;

  carol_id = server_run (fixture->server, "carol-secret-1\n", "user", "add", "carol", "--name", "carol Testinen",
                         "--org", "Espoo family services", "--team", "School social work", "--role", "worker", NULL);
  dave_id = server_add (fixture->server, "dave", "Vantaa upper school");
  desktop_sync_ok (fixture->alice);

  /* The directory names everyone's organisation and team */
  alice_pro = monia_store_get (store, "professional", monia_store_get_author (store), &error);
  carol_pro = monia_store_get (store, "professional", carol_id, &error);
  dave_pro = monia_store_get (store, "professional", dave_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (alice_pro);
  g_assert_nonnull (carol_pro);
  g_assert_nonnull (dave_pro);
  g_assert_cmpstr (monia_record_get_string (carol_pro, "organisation_id"), ==,
                   monia_record_get_string (alice_pro, "organisation_id"));
  g_assert_cmpstr (monia_record_get_string (dave_pro, "organisation_id"), !=,
                   monia_record_get_string (alice_pro, "organisation_id"));
  org = monia_store_get (store, "organisation", monia_record_get_string (carol_pro, "organisation_id"), &error);
  team = monia_store_get (store, "team", monia_record_get_string (carol_pro, "team_id"), &error);
  g_assert_no_error (error);
  g_assert_nonnull (org);
  g_assert_nonnull (team);
  g_assert_cmpstr (monia_record_get_string (org, "name"), ==, "Espoo family services");
  g_assert_cmpstr (monia_record_get_string (team, "name"), ==, "School social work");
  g_assert_cmpstr (monia_record_get_string (team, "organisation_id"), ==, monia_record_get_id (org));

  /* Alice's case, with Carol and Dave taking part and no consent */
  {
    g_autoptr(MoniaMutation) create = monia_mutation_new_create ("case");

    case_id = g_strdup (monia_mutation_get_record_id (create));
    monia_mutation_set_string (create, "title", "Family 912");
    monia_mutation_set_string (create, "status", "open");
    monia_mutation_set_string (create, "opened_on", "2026-11-23");
    monia_mutation_set_string (create, "owner_id", monia_store_get_author (store));
    g_assert_true (monia_store_apply_one (store, create, &error));
    g_assert_no_error (error);
  }
  monia_participant_spec_init (&spec);
  spec.professional_id = carol_id;
  carol_part = monia_case_add_participant (store, case_id, &spec, &error);
  g_assert_no_error (error);
  spec.professional_id = dave_id;
  dave_part = monia_case_add_participant (store, case_id, &spec, &error);
  g_assert_no_error (error);
  desktop_sync_ok (fixture->alice);
  g_assert_cmpint (monia_store_count_pending_changes (store), ==, 0);

  monia_policy_today (&today);
  g_assert_cmpint (monia_case_relation (store, case_id, carol_id, &today, NULL, &error), ==,
                   MONIA_RELATION_ORG_PARTICIPANT);
  g_assert_cmpint (monia_case_relation (store, case_id, dave_id, &today, &parts, &error), ==,
                   MONIA_RELATION_CONSENT_PARTICIPANT);
  g_assert_no_error (error);
  g_assert_cmpint (parts, ==, MONIA_CASE_PART_NONE);
  g_assert_false (monia_case_is_other_organisation (store, case_id, carol_id));
  g_assert_true (monia_case_is_other_organisation (store, case_id, dave_id));

  /* What the participant rows say: the whole case for Carol, nothing for
   * Dave (“Sees nothing: no valid consent covers them”). */
  carol_record = monia_store_get (store, "participant", carol_part, &error);
  dave_record = monia_store_get (store, "participant", dave_part, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (monia_record_get_string (carol_record, "organisation_id"), ==, monia_record_get_id (org));
  g_assert_cmpint (monia_participant_visible_parts (store, carol_record, &today, &error), ==, MONIA_CASE_PART_ALL);
  g_assert_cmpint (monia_participant_visible_parts (store, dave_record, &today, &error), ==, MONIA_CASE_PART_NONE);
  g_assert_no_error (error);

  /* The server lets Carol in as the desktop said, and her own desktop
   * agrees. */
  carol = desktop_new (fixture->dir, "carol");
  desktop_login (carol, fixture->server, "carol");
  desktop_sync_ok (carol);
  {
    g_autoptr(MoniaRecord) pulled = monia_store_get (carol->store, "case", case_id, &error);

    g_assert_no_error (error);
    g_assert_nonnull (pulled);
    g_assert_cmpstr (monia_record_get_string (pulled, "title"), ==, "Family 912");
  }
  g_assert_cmpint (monia_case_relation (carol->store, case_id, carol_id, &today, NULL, &error), ==,
                   MONIA_RELATION_ORG_PARTICIPANT);
  g_assert_no_error (error);
  desktop_free (carol);
}

static void
test_demo_store_never_syncs (void)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();
  Desktop *desktop = desktop_new (dir, "demo");
  g_autoptr(GError) error = NULL;
  MoniaTestWait wait = { FALSE, NULL };

  g_assert_true (monia_store_mark_demo (desktop->store, &error));
  monia_sync_client_login_async (desktop->client, "http://127.0.0.1:9", "alice", "secret", NULL, monia_test_wait_done, &wait);
  g_assert_true (monia_test_wait_flag (&wait.done, WAIT_S));
  g_assert_false (monia_sync_client_login_finish (desktop->client, wait.result, &error));
  g_assert_error (error, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_DEMO_STORE);
  g_clear_object (&wait.result);
  g_clear_error (&error);
  g_assert_null (monia_store_get_sync_setting (desktop->store, "server_url"));

  g_assert_false (desktop_sync (desktop, &error));
  g_assert_error (error, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_DEMO_STORE);
  g_assert_cmpint (monia_sync_client_get_state (desktop->client), ==, MONIA_SYNC_STATE_NOT_SET_UP);
  desktop_free (desktop);
  monia_test_tmp_dir_remove (dir);
}

/* A server that answers nonsense: nothing of it is saved. */
static void
nonsense_handler (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  const char *body;

  if (g_str_equal (path, "/v1/login"))
    body = "{\"token\": \"t0k3n\", \"expires_at\": 1, \"account\": {\"id\": \"01a209ab-6d14-7af0-bc5b-c2085e62745b\","
           " \"login\": \"alice\", \"role\": \"worker\"}}";
  else if (g_str_equal (path, "/v1/cases"))
    body = "{\"cases\": [{\"id\": \"01a209ab-7dec-7ddd-a5ff-244141729e8c\", \"seq\": 3}], \"revoked\": [17, {}]}";
  else if (g_str_equal (path, "/v1/feeds/directory/changes"))
    body = "{\"seq\": 1, \"more\": false, \"changes\": []}";
  else
    body = "{\"seq\": 3, \"more\": false, \"changes\": [{\"kind\": \"case\", \"id\": \"01a209ab-7dec-7ddd-a5ff-244141729e8c\","
           " \"rev\": 1, \"fields\": {\"title\": \"Family 908\"}}, {\"kind\": \"goal\", \"id\": \"not a uuid\", \"fields\": []}]}";
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body, strlen (body));
}

static void
test_nonsense_from_the_server (void)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GSList) uris = NULL;
  g_autofree char *url = NULL;
  g_autofree char *own = NULL;
  g_autoptr(GError) error = NULL;
  Desktop *desktop = desktop_new (dir, "nonsense");
  MoniaTestWait wait = { FALSE, NULL };
  gint64 cases_before;

  soup_server_add_handler (server, NULL, nonsense_handler, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  own = monia_store_create_case (desktop->store, "Family 909", "Aino Testinen", NULL, &error);
  g_assert_no_error (error);
  cases_before = monia_store_count (desktop->store, "case");

  monia_sync_client_login_async (desktop->client, url, "alice", "secret", NULL, monia_test_wait_done, &wait);
  g_assert_true (monia_test_wait_flag (&wait.done, WAIT_S));
  g_assert_true (monia_sync_client_login_finish (desktop->client, wait.result, &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);

  /* The push meets an answer that is no answer: nothing is lost. */
  g_assert_false (desktop_sync (desktop, &error));
  g_assert_error (error, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_SERVER);
  g_assert_cmpint (monia_store_count_pending_changes (desktop->store), ==, 3);
  g_assert_cmpint (monia_store_count (desktop->store, "case"), ==, cases_before);
  g_assert_nonnull (monia_sync_client_get_message (desktop->client));
  desktop_free (desktop);
  monia_test_tmp_dir_remove (dir);
}

/* A server on which the account loses one case between the case list and
 * the pull: the batch that names it is refused with access_lost. */
#define KEPT_CASE "01a209ab-7dec-7ddd-a5ff-244141729e91"
#define LOST_CASE "01a209ab-7dec-7ddd-a5ff-244141729e92"

typedef struct
{
  guint pulls;
  guint refused;
  gboolean lost_asked_again;
} LosingServer;

static void
losing_handler (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  LosingServer *state = user_data;
  g_autoptr(GString) body = g_string_new (NULL);
  guint status = SOUP_STATUS_OK;

  if (g_str_equal (path, "/v1/login"))
    g_string_append (body, "{\"token\": \"t0k3n\", \"expires_at\": 1, \"account\": {\"id\": "
                           "\"01a209ab-6d14-7af0-bc5b-c2085e62745b\", \"login\": \"alice\", \"role\": \"worker\"}}");
  else if (g_str_equal (path, "/v1/cases"))
    g_string_append (body, "{\"cases\": [{\"id\": \"" KEPT_CASE "\", \"seq\": 1},"
                           " {\"id\": \"" LOST_CASE "\", \"seq\": 9}], \"revoked\": []}");
  else if (g_str_equal (path, "/v1/pull"))
    {
      SoupMessageBody *request = soup_server_message_get_request_body (msg);
      g_autoptr(GBytes) bytes = soup_message_body_flatten (request);
      g_autoptr(JsonNode) root = json_from_string (g_bytes_get_data (bytes, NULL), NULL);
      JsonArray *feeds = root ? json_object_get_array_member (json_node_get_object (root), "feeds") : NULL;
      gboolean names_lost = FALSE;

      g_assert_nonnull (feeds);
      state->pulls++;
      for (guint i = 0; i < json_array_get_length (feeds); i++)
        names_lost |= g_strcmp0 (json_object_get_string_member (json_array_get_object_element (feeds, i), "feed"),
                                 LOST_CASE) == 0;
      if (names_lost && state->refused > 0)
        state->lost_asked_again = TRUE;

      if (names_lost)
        {
          state->refused++;
          status = SOUP_STATUS_FORBIDDEN;
          g_string_append (body, "{\"error\": {\"code\": \"access_lost\", \"message\": \"Gone.\","
                                 " \"feed\": \"" LOST_CASE "\"}}");
        }
      else
        {
          g_string_append (body, "{\"pages\": [");
          for (guint i = 0; i < json_array_get_length (feeds); i++)
            {
              const char *feed = json_object_get_string_member (json_array_get_object_element (feeds, i), "feed");

              if (i > 0)
                g_string_append (body, ", ");
              if (g_str_equal (feed, KEPT_CASE))
                g_string_append (body, "{\"feed\": \"" KEPT_CASE "\", \"since\": 0, \"seq\": 1, \"head\": 1,"
                                       " \"more\": false, \"changes\": [{\"seq\": 1, \"kind\": \"case\","
                                       " \"id\": \"" KEPT_CASE "\", \"case_id\": \"" KEPT_CASE "\", \"rev\": 1,"
                                       " \"fields\": {\"title\": \"Family 912\", \"status\": \"open\"}}]}");
              else
                g_string_append_printf (body, "{\"feed\": \"%s\", \"since\": 0, \"seq\": 0, \"head\": 0,"
                                              " \"more\": false, \"changes\": []}", feed);
            }
          g_string_append (body, "]}");
        }
    }
  else
    {
      status = SOUP_STATUS_NOT_FOUND;
      g_string_append (body, "{\"error\": {\"code\": \"not_found\", \"message\": \"No such thing.\"}}");
    }

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body->str, body->len);
}

static void
test_access_lost_in_a_batch (void)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GSList) uris = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) earlier = json_from_string ("[{\"kind\": \"case\", \"id\": \"" LOST_CASE "\","
                                                  " \"case_id\": \"" LOST_CASE "\", \"rev\": 1,"
                                                  " \"fields\": {\"title\": \"Family 913\", \"status\": \"open\"}}]", NULL);
  g_autoptr(MoniaRecord) kept = NULL;
  g_autoptr(MoniaRecord) lost = NULL;
  LosingServer state = { 0 };
  Desktop *desktop = desktop_new (dir, "losing");
  MoniaTestWait wait = { FALSE, NULL };

  soup_server_add_handler (server, NULL, losing_handler, &state, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  /* The case this desktop was served before. */
  g_assert_true (monia_store_apply_remote (desktop->store, LOST_CASE, 4, json_node_get_array (earlier), &error));
  g_assert_no_error (error);
  g_assert_cmpint (monia_store_count (desktop->store, "case"), ==, 1);

  monia_sync_client_login_async (desktop->client, url, "alice", "secret", NULL, monia_test_wait_done, &wait);
  g_assert_true (monia_test_wait_flag (&wait.done, WAIT_S));
  g_assert_true (monia_sync_client_login_finish (desktop->client, wait.result, &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);

  /* Refused once for the lost case; asked again without it. */
  g_assert_true (desktop_sync (desktop, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (state.refused, ==, 1);
  g_assert_cmpuint (state.pulls, ==, 2);
  g_assert_false (state.lost_asked_again);

  lost = monia_store_get (desktop->store, "case", LOST_CASE, NULL);
  g_assert_null (lost);
  g_assert_cmpint (monia_store_get_feed_seq (desktop->store, LOST_CASE), ==, 0);
  kept = monia_store_get (desktop->store, "case", KEPT_CASE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (monia_record_get_string (kept, "title"), ==, "Family 912");
  g_assert_cmpint (monia_store_get_feed_seq (desktop->store, KEPT_CASE), ==, 1);
  g_assert_cmpint (monia_store_count (desktop->store, "case"), ==, 1);

  desktop_free (desktop);
  monia_test_tmp_dir_remove (dir);
}

/* A server whose answers would crash or cut a parser: deep nesting, a NUL
 * escape. The desktop refuses them whole and keeps what it has. */
#define HOSTILE_CASE "01a209ab-7dec-7ddd-a5ff-244141729e93"

typedef enum
{
  HOSTILE_NUL,
  HOSTILE_DEEP,
} Hostility;

typedef struct
{
  Hostility hostility;
  guint     pushes;
  guint     pulls;
} HostileServer;

static void
append_deep (GString *body)
{
  for (guint i = 0; i < 160 * 1024; i++)
    g_string_append_c (body, '[');
}

static void
hostile_handler (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  HostileServer *state = user_data;
  g_autoptr(GString) body = g_string_new (NULL);
  guint status = SOUP_STATUS_OK;

  if (g_str_equal (path, "/v1/login"))
    g_string_append (body, "{\"token\": \"t0k3n\", \"expires_at\": 1, \"account\": {\"id\": "
                           "\"01a209ab-6d14-7af0-bc5b-c2085e62745b\", \"login\": \"alice\", \"role\": \"worker\"}}");
  else if (g_str_equal (path, "/v1/cases"))
    g_string_append (body, "{\"cases\": [{\"id\": \"" HOSTILE_CASE "\", \"seq\": 1}], \"revoked\": []}");
  else if (g_str_equal (path, "/v1/push"))
    {
      state->pushes++;
      append_deep (body);
    }
  else if (g_str_equal (path, "/v1/pull") && state->hostility == HOSTILE_DEEP)
    {
      state->pulls++;
      append_deep (body);
    }
  else if (g_str_equal (path, "/v1/pull"))
    {
      SoupMessageBody *request = soup_server_message_get_request_body (msg);
      g_autoptr(GBytes) bytes = soup_message_body_flatten (request);
      g_autoptr(JsonNode) root = json_from_string (g_bytes_get_data (bytes, NULL), NULL);
      JsonArray *feeds = root ? json_object_get_array_member (json_node_get_object (root), "feeds") : NULL;

      /* A well-made answer but for the NUL in the case's title */
      g_assert_nonnull (feeds);
      state->pulls++;
      g_string_append (body, "{\"pages\": [");
      for (guint i = 0; i < json_array_get_length (feeds); i++)
        {
          const char *feed = json_object_get_string_member (json_array_get_object_element (feeds, i), "feed");

          if (i > 0)
            g_string_append (body, ", ");
          if (g_str_equal (feed, HOSTILE_CASE))
            g_string_append (body, "{\"feed\": \"" HOSTILE_CASE "\", \"since\": 0, \"seq\": 1, \"head\": 1,"
                                   " \"more\": false, \"changes\": [{\"seq\": 1, \"kind\": \"case\","
                                   " \"id\": \"" HOSTILE_CASE "\", \"case_id\": \"" HOSTILE_CASE "\", \"rev\": 1,"
                                   " \"fields\": {\"title\": \"Family\\u0000 914\", \"status\": \"open\"}}]}");
          else
            g_string_append_printf (body, "{\"feed\": \"%s\", \"since\": 0, \"seq\": 0, \"head\": 0,"
                                          " \"more\": false, \"changes\": []}", feed);
        }
      g_string_append (body, "]}");
    }
  else
    {
      status = SOUP_STATUS_NOT_FOUND;
      g_string_append (body, "{\"error\": {\"code\": \"not_found\", \"message\": \"No such thing.\"}}");
    }

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body->str, body->len);
}

static void
hostile_sync (const char *dir,
              const char *name,
              Hostility   hostility,
              gboolean    with_own_case)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GSList) uris = NULL;
  g_autofree char *url = NULL;
  g_autofree char *own = NULL;
  g_autoptr(GError) error = NULL;
  HostileServer state = { hostility, 0, 0 };
  Desktop *desktop = desktop_new (dir, name);
  MoniaTestWait wait = { FALSE, NULL };
  gint64 pending;

  soup_server_add_handler (server, NULL, hostile_handler, &state, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  if (with_own_case)
    {
      own = monia_store_create_case (desktop->store, "Family 915", "Aino Testinen", NULL, &error);
      g_assert_no_error (error);
    }
  pending = monia_store_count_pending_changes (desktop->store);

  monia_sync_client_login_async (desktop->client, url, "alice", "secret", NULL, monia_test_wait_done, &wait);
  g_assert_true (monia_test_wait_flag (&wait.done, WAIT_S));
  g_assert_true (monia_sync_client_login_finish (desktop->client, wait.result, &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);

  g_assert_false (desktop_sync (desktop, &error));
  g_assert_error (error, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_SERVER);
  g_assert_cmpuint (state.pushes + state.pulls, >, 0);
  g_assert_cmpuint (state.pushes, ==, with_own_case ? 1 : 0);
  /* Nothing pulled, nothing lost */
  g_assert_null (monia_store_get (desktop->store, "case", HOSTILE_CASE, NULL));
  g_assert_cmpint (monia_store_get_feed_seq (desktop->store, HOSTILE_CASE), ==, 0);
  g_assert_cmpint (monia_store_count_pending_changes (desktop->store), ==, pending);
  g_assert_cmpint (monia_store_count (desktop->store, "case"), ==, with_own_case ? 1 : 0);
  desktop_free (desktop);
}

static void
test_hostile_answers (void)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();

  hostile_sync (dir, "nul-page", HOSTILE_NUL, FALSE);
  hostile_sync (dir, "deep-page", HOSTILE_DEEP, FALSE);
  hostile_sync (dir, "deep-push-result", HOSTILE_DEEP, TRUE);
  monia_test_tmp_dir_remove (dir);
}

/* Logins refused for a while: a minute after too many logins that
 * succeeded, a quarter of an hour after failed ones. The desktop says which,
 * from the server's Retry-After. */
static void
throttle_handler (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  const char *retry_after = user_data;
  static const char body[] = "{\"error\": {\"code\": \"throttled\", \"message\": \"Odota.\"}}";

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", retry_after);
  soup_server_message_set_status (msg, 429, "Too Many Requests");
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body, strlen (body));
}

static void
test_throttled_login (void)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();
  const struct { const char *retry_after; const char *message; } cases[] = {
    { "60", "Too many logins in a short time. Wait a minute and try again." },
    { "900", "Too many failed logins. Wait a quarter of an hour and try again." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
      g_autoptr(GSList) uris = NULL;
      g_autofree char *url = NULL;
      g_autofree char *name = g_strdup_printf ("throttled-%u", i);
      g_autoptr(GError) error = NULL;
      MoniaTestWait wait = { FALSE, NULL };
      Desktop *desktop = desktop_new (dir, name);

      soup_server_add_handler (server, NULL, throttle_handler, (gpointer) cases[i].retry_after, NULL);
      g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
      g_assert_no_error (error);
      uris = soup_server_get_uris (server);
      url = g_uri_to_string (uris->data);

      monia_sync_client_login_async (desktop->client, url, "alice", "secret", NULL, monia_test_wait_done, &wait);
      g_assert_true (monia_test_wait_flag (&wait.done, WAIT_S));
      g_assert_false (monia_sync_client_login_finish (desktop->client, wait.result, &error));
      g_assert_error (error, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_THROTTLED);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_clear_object (&wait.result);
      g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
      desktop_free (desktop);
    }
  monia_test_tmp_dir_remove (dir);
}

/* A page with one bad entry is refused whole. */
static void
test_bad_page_changes_nothing (void)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();
  g_autofree char *path = g_build_filename (dir, "page.db", NULL);
  g_autoptr(MoniaStore) store = monia_store_open (path, NULL);
  g_autoptr(JsonNode) good = json_from_string ("[{\"kind\": \"case\", \"id\": \"01a209ab-7dec-7ddd-a5ff-244141729e8c\","
                                               " \"case_id\": \"01a209ab-7dec-7ddd-a5ff-244141729e8c\", \"rev\": 2,"
                                               " \"fields\": {\"title\": \"Family 910\", \"status\": \"open\"}}]", NULL);
  g_autoptr(JsonNode) bad = json_from_string ("[{\"kind\": \"case\", \"id\": \"01a209ab-7dec-7ddd-a5ff-244141729e8d\","
                                              " \"rev\": 1, \"fields\": {\"title\": \"Family 911\"}},"
                                              " {\"kind\": \"goal\", \"id\": 5, \"fields\": {}}]", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (monia_store_apply_remote (store, "directory", 4, json_node_get_array (bad), &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpint (monia_store_count (store, "case"), ==, 0);
  g_assert_cmpint (monia_store_get_feed_seq (store, "directory"), ==, 0);

  /* Several pages in one go: a good one and a bad one write nothing. */
  {
    MoniaRemotePage pages[] = {
      { "01a209ab-7dec-7ddd-a5ff-244141729e8c", 7, json_node_get_array (good) },
      { "directory", 4, json_node_get_array (bad) },
    };

    g_assert_false (monia_store_apply_remote_pages (store, pages, G_N_ELEMENTS (pages), &error));
    g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
    g_clear_error (&error);
    g_assert_cmpint (monia_store_count (store, "case"), ==, 0);
    g_assert_cmpint (monia_store_get_feed_seq (store, "01a209ab-7dec-7ddd-a5ff-244141729e8c"), ==, 0);
  }

  g_assert_true (monia_store_apply_remote (store, "01a209ab-7dec-7ddd-a5ff-244141729e8c", 7,
                                           json_node_get_array (good), &error));
  g_assert_no_error (error);
  g_assert_cmpint (monia_store_count (store, "case"), ==, 1);
  g_assert_cmpint (monia_store_get_feed_seq (store, "01a209ab-7dec-7ddd-a5ff-244141729e8c"), ==, 7);
  /* Pulled, not edited here: nothing to send back. */
  g_assert_cmpint (monia_store_count_pending_changes (store), ==, 0);

  /* Two good pages: both feeds move on together. */
  {
    g_autoptr(JsonNode) other = json_from_string ("[{\"kind\": \"case\", \"id\": \"01a209ab-7dec-7ddd-a5ff-244141729e8f\","
                                                  " \"case_id\": \"01a209ab-7dec-7ddd-a5ff-244141729e8f\", \"rev\": 1,"
                                                  " \"fields\": {\"title\": \"Family 912\", \"status\": \"open\"}}]", NULL);
    g_autoptr(JsonNode) none = json_from_string ("[]", NULL);
    MoniaRemotePage pages[] = {
      { "01a209ab-7dec-7ddd-a5ff-244141729e8f", 3, json_node_get_array (other) },
      { "directory", 9, json_node_get_array (none) },
    };

    g_assert_true (monia_store_apply_remote_pages (store, pages, G_N_ELEMENTS (pages), &error));
    g_assert_no_error (error);
    g_assert_cmpint (monia_store_count (store, "case"), ==, 2);
    g_assert_cmpint (monia_store_get_feed_seq (store, "01a209ab-7dec-7ddd-a5ff-244141729e8f"), ==, 3);
    g_assert_cmpint (monia_store_get_feed_seq (store, "directory"), ==, 9);
  }
  g_clear_object (&store);
  monia_test_tmp_dir_remove (dir);
}

/* Pulled values are written as the store keeps them, each of its type. */
static void
test_pulled_values_keep_types (void)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();
  g_autofree char *path = g_build_filename (dir, "types.db", NULL);
  g_autoptr(MoniaStore) store = monia_store_open (path, NULL);
  g_autoptr(JsonNode) page = json_from_string (
    "[{\"kind\": \"help_request\", \"id\": \"01a209ab-7dec-7ddd-a5ff-244141729e90\", \"rev\": 3,"
    "  \"fields\": {\"channel\": \"web\", \"received_at\": 1700000000, \"anonymous\": true,"
    "   \"contact_name\": \"H\\u00e4m\\u00e4l\\u00e4inen \\\"Testi\\\" 990\", \"promise_working_days\": 7,"
    "   \"message\": null, \"topic\": 5, \"outcome_at\": \"soon\", \"due_at\": 1700086400}},"
    " {\"kind\": \"help_request\", \"id\": \"01a209ab-7dec-7ddd-a5ff-244141729e91\", \"rev\": 1,"
    "  \"fields\": {\"anonymous\": false, \"promise_working_days\": 0}}]", NULL);
  g_autoptr(MoniaRecord) first = NULL;
  g_autoptr(MoniaRecord) second = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (monia_store_apply_remote (store, "inbox", 2, json_node_get_array (page), &error));
  g_assert_no_error (error);

  first = monia_store_get (store, "help_request", "01a209ab-7dec-7ddd-a5ff-244141729e90", &error);
  g_assert_no_error (error);
  g_assert_true (g_variant_is_of_type (monia_record_get (first, "channel"), G_VARIANT_TYPE_STRING));
  g_assert_cmpstr (monia_record_get_string (first, "channel"), ==, "web");
  g_assert_cmpstr (monia_record_get_string (first, "contact_name"), ==, "Hämäläinen \"Testi\" 990");
  g_assert_true (g_variant_is_of_type (monia_record_get (first, "received_at"), G_VARIANT_TYPE_INT64));
  g_assert_cmpint (monia_record_get_int (first, "received_at", -1), ==, 1700000000);
  g_assert_cmpint (monia_record_get_int (first, "due_at", -1), ==, 1700086400);
  g_assert_true (g_variant_is_of_type (monia_record_get (first, "promise_working_days"), G_VARIANT_TYPE_INT64));
  g_assert_cmpint (monia_record_get_int (first, "promise_working_days", -1), ==, 7);
  g_assert_true (g_variant_is_of_type (monia_record_get (first, "anonymous"), G_VARIANT_TYPE_BOOLEAN));
  g_assert_true (monia_record_get_bool (first, "anonymous"));
  /* A null, and values of the wrong type, are no value. */
  g_assert_null (monia_record_get (first, "message"));
  g_assert_null (monia_record_get (first, "topic"));
  g_assert_null (monia_record_get (first, "outcome_at"));
  g_assert_null (monia_record_get (first, "outcome"));

  /* Required fields the page left out get the empty value of their type. */
  second = monia_store_get (store, "help_request", "01a209ab-7dec-7ddd-a5ff-244141729e91", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (monia_record_get_string (second, "channel"), ==, "");
  g_assert_true (g_variant_is_of_type (monia_record_get (second, "received_at"), G_VARIANT_TYPE_INT64));
  g_assert_cmpint (monia_record_get_int (second, "received_at", -1), ==, 0);
  g_assert_true (g_variant_is_of_type (monia_record_get (second, "anonymous"), G_VARIANT_TYPE_BOOLEAN));
  g_assert_false (monia_record_get_bool (second, "anonymous"));
  g_assert_cmpint (monia_record_get_int (second, "promise_working_days", -1), ==, 0);
  g_assert_null (monia_record_get (second, "contact_name"));

  /* An edit made here and not yet pushed stays on top of a later pull;
   * the rest comes from the page. */
  {
    g_autoptr(MoniaMutation) edit = monia_mutation_new_update ("help_request", "01a209ab-7dec-7ddd-a5ff-244141729e90");
    g_autoptr(JsonNode) later = json_from_string (
      "[{\"kind\": \"help_request\", \"id\": \"01a209ab-7dec-7ddd-a5ff-244141729e90\", \"rev\": 4,"
      "  \"fields\": {\"channel\": \"phone\", \"received_at\": 1700000000, \"anonymous\": true,"
      "   \"contact_name\": \"Server 991\", \"promise_working_days\": 3}}]", NULL);
    g_autoptr(MoniaRecord) merged = NULL;

    monia_mutation_set (edit, "contact_name", g_variant_new_string ("Here 992"));
    monia_mutation_set (edit, "anonymous", g_variant_new_boolean (FALSE));
    g_assert_true (monia_store_apply_one (store, edit, &error));
    g_assert_no_error (error);
    g_assert_true (monia_store_apply_remote (store, "inbox", 3, json_node_get_array (later), &error));
    g_assert_no_error (error);
    merged = monia_store_get (store, "help_request", "01a209ab-7dec-7ddd-a5ff-244141729e90", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (monia_record_get_string (merged, "contact_name"), ==, "Here 992");
    g_assert_false (monia_record_get_bool (merged, "anonymous"));
    g_assert_cmpstr (monia_record_get_string (merged, "channel"), ==, "phone");
    g_assert_cmpint (monia_record_get_int (merged, "promise_working_days", -1), ==, 3);
  }

  g_clear_object (&store);
  monia_test_tmp_dir_remove (dir);
}

/* Pulled records are written with foreign keys off; an edit made here
 * afterwards still has them checked. */
static void
test_edits_after_pull_check_references (void)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();
  g_autofree char *path = g_build_filename (dir, "refs.db", NULL);
  g_autoptr(MoniaStore) store = monia_store_open (path, NULL);
  /* The server may send a record before the case it belongs to. */
  g_autoptr(JsonNode) page = json_from_string (
    "[{\"kind\": \"event\", \"id\": \"01a209ab-7dec-7ddd-a5ff-244141729eb0\","
    "  \"case_id\": \"01a209ab-7dec-7ddd-a5ff-244141729eb1\", \"rev\": 1,"
    "  \"fields\": {\"case_id\": \"01a209ab-7dec-7ddd-a5ff-244141729eb1\", \"kind\": \"note\","
    "   \"occurred_at\": 1700000000}}]", NULL);
  g_autoptr(MoniaMutation) orphan = monia_mutation_new_create ("event");
  g_autoptr(GError) error = NULL;

  g_assert_true (monia_store_apply_remote (store, "01a209ab-7dec-7ddd-a5ff-244141729eb1", 1,
                                           json_node_get_array (page), &error));
  g_assert_no_error (error);
  g_assert_cmpint (monia_store_count (store, "event"), ==, 1);

  monia_mutation_set (orphan, "case_id", g_variant_new_string ("01a209ab-7dec-7ddd-a5ff-244141729eb2"));
  monia_mutation_set (orphan, "kind", g_variant_new_string ("note"));
  monia_mutation_set (orphan, "occurred_at", g_variant_new_int64 (1700000000));
  g_assert_false (monia_store_apply_one (store, orphan, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_assert_cmpint (monia_store_count (store, "event"), ==, 1);
  g_assert_cmpint (monia_store_count_pending_changes (store), ==, 0);

  g_clear_object (&store);
  monia_test_tmp_dir_remove (dir);
}

/* "name: sql" of every index the schema made, one a line. */
static char *
list_indexes (const char *path)
{
  g_autoptr(GString) list = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                                           " AND sql IS NOT NULL ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (list, "%s: %s\n", sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&list), FALSE);
}

static guint
count_hits (MoniaStore *store,
            const char *text)
{
  g_autoptr(GPtrArray) hits = monia_store_search (store, text, 50, NULL);

  g_assert_nonnull (hits);
  return hits->len;
}

/* A case with a person and a note, as a first pull brings them. */
static void
pull_family (MoniaStore *store,
             const char *case_id,
             const char *title)
{
  g_autofree char *json = g_strdup_printf (
    "[{\"kind\": \"case\", \"id\": \"%s\", \"case_id\": \"%s\", \"rev\": 1,"
    "  \"fields\": {\"title\": \"%s\", \"status\": \"open\", \"opened_on\": \"2026-01-05\"}},"
    " {\"kind\": \"person\", \"id\": \"01a209ab-7dec-7ddd-a5ff-3%s\", \"case_id\": \"%s\", \"rev\": 1,"
    "  \"fields\": {\"name\": \"Pulled Person\", \"hetu\": \"010199-9986\"}},"
    " {\"kind\": \"event\", \"id\": \"01a209ab-7dec-7ddd-a5ff-1%s\", \"case_id\": \"%s\", \"rev\": 1,"
    "  \"fields\": {\"case_id\": \"%s\", \"kind\": \"note\", \"occurred_at\": 1700000000,"
    "   \"text\": \"Bedtime routines discussed\"}}]",
    case_id, case_id, title, case_id + 25, case_id, case_id + 25, case_id, case_id);
  g_autoptr(JsonNode) page = json_from_string (json, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (page);
  g_assert_true (monia_store_apply_remote (store, case_id, 3, json_node_get_array (page), &error));
  g_assert_no_error (error);
}

/* The child of test_first_pull: stops dead in the middle of a first pull,
 * as a killed Monia would, without closing the store. */
static void
first_pull_killed (const char *path)
{
  MoniaStore *store = monia_store_open (path, NULL);
  g_autoptr(GError) error = NULL;
  gboolean started = FALSE;

  g_assert_nonnull (store);
  g_assert_true (monia_store_begin_first_pull (store, &started, &error));
  g_assert_no_error (error);
  g_assert_true (started);
  pull_family (store, "01a209ab-7dec-7ddd-a5ff-244141729ea1", "Family 994");
  _exit (0);
}

/* The first pull into an empty store builds the indexes at its end; one
 * that never ended leaves a store that opens with all of them, and finds
 * what it brought. */
static void
test_first_pull (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *killed_path = NULL;
  g_autofree char *indexes = NULL;
  g_autofree char *bare = NULL;
  g_autofree char *rebuilt = NULL;
  g_autofree char *left = NULL;
  g_autofree char *reopened = NULL;
  g_autoptr(MoniaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean started = FALSE;

  if (g_test_subprocess ())
    {
      first_pull_killed (g_getenv ("MONIA_TEST_FIRST_PULL_STORE"));
      return;
    }

  dir = monia_test_tmp_dir_new ();
  path = g_build_filename (dir, "first.db", NULL);
  store = monia_store_open (path, &error);
  g_assert_no_error (error);
  indexes = list_indexes (path);
  g_assert_nonnull (strstr (indexes, "cases_live_owner: "));
  g_assert_nonnull (strstr (indexes, "sync_base_case: "));

  g_assert_true (monia_store_begin_first_pull (store, &started, &error));
  g_assert_no_error (error);
  g_assert_true (started);
  /* Under way already: nothing more to do. */
  g_assert_true (monia_store_begin_first_pull (store, &started, &error));
  g_assert_false (started);
  bare = list_indexes (path);
  g_assert_null (strstr (bare, "cases_live_owner: "));
  g_assert_null (strstr (bare, "sync_base_case: "));
  /* The change log keeps its own: edits may be made meanwhile. */
  g_assert_nonnull (strstr (bare, "changes_record: "));

  pull_family (store, "01a209ab-7dec-7ddd-a5ff-244141729ea0", "Family 993");
  g_assert_cmpint (monia_store_count (store, "case"), ==, 1);
  /* Searchable at once: the search index is kept up lot by lot. */
  g_assert_cmpuint (count_hits (store, "Family 993"), ==, 1);

  g_assert_true (monia_store_end_first_pull (store, &error));
  g_assert_no_error (error);
  rebuilt = list_indexes (path);
  g_assert_cmpstr (rebuilt, ==, indexes);
  g_assert_cmpuint (count_hits (store, "Family 993"), ==, 1);
  g_assert_cmpuint (count_hits (store, "Pulled Person"), ==, 1);
  g_assert_cmpuint (count_hits (store, "bedtime"), ==, 1);
  /* Nothing to put back twice, and a store with records is no first pull. */
  g_assert_true (monia_store_end_first_pull (store, &error));
  g_assert_true (monia_store_begin_first_pull (store, &started, &error));
  g_assert_no_error (error);
  g_assert_false (started);
  g_clear_object (&store);

  /* Killed in the middle. */
  killed_path = g_build_filename (dir, "killed.db", NULL);
  store = monia_store_open (killed_path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  g_setenv ("MONIA_TEST_FIRST_PULL_STORE", killed_path, TRUE);
  g_test_trap_subprocess (NULL, 0, 0);
  g_test_trap_assert_passed ();
  left = list_indexes (killed_path);
  g_assert_null (strstr (left, "cases_live_owner: "));

  store = monia_store_open (killed_path, &error);
  g_assert_no_error (error);
  reopened = list_indexes (killed_path);
  g_assert_cmpstr (reopened, ==, indexes);
  g_assert_cmpint (monia_store_count (store, "case"), ==, 1);
  g_assert_cmpuint (count_hits (store, "Family 994"), ==, 1);
  g_assert_cmpuint (count_hits (store, "Pulled Person"), ==, 1);
  g_assert_cmpuint (count_hits (store, "bedtime"), ==, 1);
  g_assert_true (monia_store_check_integrity (store, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  monia_test_tmp_dir_remove (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sync/kill-server-mid-push", Fixture, NULL, fixture_set_up, test_kill_server_mid_push, fixture_tear_down);
  g_test_add ("/sync/live-notices", Fixture, NULL, fixture_set_up, test_live_notices, fixture_tear_down);
  g_test_add ("/sync/lead-overview-data", Fixture, NULL, fixture_set_up, test_lead_overview_data, fixture_tear_down);
  g_test_add ("/sync/organisation-colleague", Fixture, NULL, fixture_set_up, test_organisation_colleague,
              fixture_tear_down);
  g_test_add_func ("/sync/demo-store-never-syncs", test_demo_store_never_syncs);
  g_test_add_func ("/sync/nonsense-from-the-server", test_nonsense_from_the_server);
  g_test_add_func ("/sync/access-lost-in-a-batch", test_access_lost_in_a_batch);
  g_test_add_func ("/sync/hostile-answers", test_hostile_answers);
  g_test_add_func ("/sync/throttled-login", test_throttled_login);
  g_test_add_func ("/sync/bad-page-changes-nothing", test_bad_page_changes_nothing);
  g_test_add_func ("/sync/pulled-values-keep-types", test_pulled_values_keep_types);
  g_test_add_func ("/sync/first-pull", test_first_pull);
  g_test_add_func ("/sync/edits-after-pull-check-references", test_edits_after_pull_check_references);

  return g_test_run ();
}
