/* bench-sync-engine.c — the desktop's sync engine against monia-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-sync-engine http://127.0.0.1:PORT EXPECTED_RECORDS [SAMPLES]
 *
 * What a person gets, not what the wire can do: two new desktop stores on
 * disk (in a temporary folder), each with a MoniaSyncClient as the app runs
 * it. Worker A logs in and makes the initial sync of everything the seeded
 * server holds into an empty store (timed from the sync call to the last
 * page written in the local store, login not included, then with it); then
 * worker B does the same. Then both keep in step by themselves (live
 * notices), and A edits an assessment's conclusion SAMPLES times (default 100): the time from
 * A's save to the new text being in B's store, p50 and p95. Fails unless
 * at least EXPECTED_RECORDS records reached each store.
 */
#include "config.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "monia-core.h"
#include "monia-case-ops.h"
#include "monia-sync-client.h"
#include "bench-server-util.h"
#include "monia-test-util.h"

#define WAIT_S 600

typedef struct
{
  MoniaStore      *store;
  MoniaSyncClient *client;
} Desktop;


static void
fail (const char   *what,
      const GError *error)
{
  g_printerr ("%s: %s\n", what, error ? error->message : "timed out");
  exit (1);
}

static Desktop *
desktop_new (const char *dir,
             const char *name)
{
  Desktop *desktop = g_new0 (Desktop, 1);
  g_autofree char *file = g_strconcat (name, ".db", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autoptr(GError) error = NULL;

  desktop->store = monia_store_open (path, &error);
  if (desktop->store == NULL)
    fail ("Opening a store", error);
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
               const char *url,
               const char *login)
{
  g_autoptr(GError) error = NULL;
  MoniaTestWait wait = { FALSE, NULL };

  monia_sync_client_login_async (desktop->client, url, login, BENCH_PASSWORD, NULL, monia_test_wait_done, &wait);
  if (!monia_test_wait_flag (&wait.done, WAIT_S) ||
      !monia_sync_client_login_finish (desktop->client, wait.result, &error))
    fail ("Logging in", error);
  g_object_unref (wait.result);
}

static void
desktop_sync (Desktop *desktop)
{
  g_autoptr(GError) error = NULL;
  MoniaTestWait wait = { FALSE, NULL };

  monia_sync_client_sync_async (desktop->client, NULL, monia_test_wait_done, &wait);
  if (!monia_test_wait_flag (&wait.done, WAIT_S) ||
      !monia_sync_client_sync_finish (desktop->client, wait.result, &error))
    fail ("Syncing", error);
  g_object_unref (wait.result);
}

/* This process's CPU time (user and system), in seconds; with @main_only,
 * only the main thread's (the one that writes the store; JSON is parsed
 * in worker threads). */
static double
cpu_now (gboolean main_only)
{
  struct rusage usage;

  if (main_only)
    {
      struct timespec now;

      clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
      return now.tv_sec + now.tv_nsec / 1e9;
    }
  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

/* Initial sync of an empty store; returns the seconds it took. */
static double
initial_sync (Desktop    *desktop,
              const char *url,
              const char *login,
              const char *name,
              guint64     expected)
{
  double start, logged_in, end, cpu_start, cpu_end, main_start, main_end;
  guint64 pulled;

  start = bench_now ();
  desktop_login (desktop, url, login);
  logged_in = bench_now ();
  cpu_start = cpu_now (FALSE);
  main_start = cpu_now (TRUE);
  desktop_sync (desktop);
  end = bench_now ();
  cpu_end = cpu_now (FALSE);
  main_end = cpu_now (TRUE);
  pulled = monia_sync_client_get_n_pulled (desktop->client);

  g_print ("Initial sync of %s's desktop: %" G_GUINT64_FORMAT " records into the local store in %.3f s"
           " (%.0f rows/s; the desktop's CPU time %.3f s, %.3f s of it in the main thread);"
           " with the login %.3f s\n",
           name, pulled, end - logged_in, pulled / (end - logged_in), cpu_end - cpu_start,
           main_end - main_start, end - start);
  bench_result (g_str_equal (name, "A") ? "engine_sync_a_cpu_s" : "engine_sync_b_cpu_s", cpu_end - cpu_start);
  bench_result (g_str_equal (name, "A") ? "engine_sync_a_main_cpu_s" : "engine_sync_b_main_cpu_s",
                main_end - main_start);
  if (pulled < expected)
    {
      g_printerr ("Expected at least %" G_GUINT64_FORMAT " records, got %" G_GUINT64_FORMAT ".\n",
                  expected, pulled);
      exit (1);
    }
  return end - logged_in;
}

/* An assessment id from a desktop's store file, read beside the store. */
static char *
some_assessment (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "a.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *id = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT id FROM assessments ORDER BY id LIMIT 1", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  if (id == NULL)
    {
      g_printerr ("The synced store holds no assessment.\n");
      exit (1);
    }
  return id;
}

typedef struct
{
  const char *record_id;
  const char *text;
  gboolean    seen;
  double      seen_at;
} Watch;

static void
on_record_changed (MoniaStore *store,
                   const char *kind,
                   const char *id,
                   Watch      *watch)
{
  g_autoptr(MoniaRecord) record = NULL;

  if (watch->seen || watch->text == NULL || !g_str_equal (kind, "assessment") ||
      !g_str_equal (id, watch->record_id))
    return;
  record = monia_store_get (store, "assessment", id, NULL);
  if (record != NULL && g_strcmp0 (monia_record_get_string (record, "conclusion"), watch->text) == 0)
    {
      watch->seen = TRUE;
      watch->seen_at = bench_now ();
    }
}

static gboolean
settled (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets both engines run for @ms without a busy loop. */
static void
settle (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, settled, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = NULL;
  g_autofree char *assessment = NULL;
  g_autofree double *samples = NULL;
  g_autoptr(GError) error = NULL;
  guint64 expected = 0, n_samples = 100;
  Desktop *a, *b;
  Watch watch = { NULL, NULL, FALSE, 0 };
  double sync_a, sync_b;
  gulong handler;

  if (argc < 3 || argc > 4 ||
      !g_ascii_string_to_unsigned (argv[2], 10, 0, G_MAXUINT, &expected, NULL) ||
      (argc == 4 && !g_ascii_string_to_unsigned (argv[3], 10, 1, 100000, &n_samples, NULL)))
    {
      g_printerr ("Usage: %s http://127.0.0.1:PORT EXPECTED_RECORDS [SAMPLES]\n", argv[0]);
      return 2;
    }
  if (!g_str_has_prefix (argv[1], "http://127.0.0.1:"))
    {
      g_printerr ("The benchmark talks to 127.0.0.1 only.\n");
      return 2;
    }

  dir = g_dir_make_tmp ("monia-bench-engine-XXXXXX", &error);
  if (dir == NULL)
    fail ("Making a temporary folder", error);
  a = desktop_new (dir, "a");
  b = desktop_new (dir, "b");

  sync_a = initial_sync (a, argv[1], BENCH_LOGIN_A, "A", expected);
  sync_b = initial_sync (b, argv[1], BENCH_LOGIN_B, "B", expected);
  bench_result ("engine_sync_a_s", sync_a);
  bench_result ("engine_sync_b_s", sync_b);
  bench_result ("engine_sync_rows", (double) monia_sync_client_get_n_pulled (a->client));

  /* A → B with live notices, both engines running as in the app. */
  assessment = some_assessment (dir);
  watch.record_id = assessment;
  monia_sync_client_start (a->client);
  monia_sync_client_start (b->client);
  handler = g_signal_connect (b->store, "record-changed", G_CALLBACK (on_record_changed), &watch);
  /* The live channels open after each engine's first round. */
  settle (1000);
  samples = g_new0 (double, n_samples);
  for (guint i = 0; i < n_samples; i++)
    {
      g_autofree char *text = g_strdup_printf ("Needs support with sleep, %u", i);
      double start;

      settle (50);
      watch.text = text;
      watch.seen = FALSE;
      start = bench_now ();
      if (!monia_case_set_assessment_text (a->store, assessment, "conclusion", text, &error))
        fail ("Editing the assessment", error);
      if (!monia_test_wait_flag (&watch.seen, 30))
        fail ("Waiting for the edit at B", NULL);
      samples[i] = (watch.seen_at - start) * 1000;
    }
  g_signal_handler_disconnect (b->store, handler);

  {
    double p50 = bench_percentile (samples, (guint) n_samples, 50);
    double p95 = bench_percentile (samples, (guint) n_samples, 95);
    double p99 = bench_percentile (samples, (guint) n_samples, 99);

    g_print ("A -> B through both engines (save at A to the record in B's store), %u edits:"
             " p50 %.1f ms, p95 %.1f ms, p99 %.1f ms\n", (guint) n_samples, p50, p95, p99);
    bench_result ("engine_propagation_p50_ms", p50);
    bench_result ("engine_propagation_p95_ms", p95);
    bench_result ("engine_propagation_p99_ms", p99);
  }

  desktop_free (a);
  desktop_free (b);
  {
    g_autoptr(GFile) folder = g_file_new_for_path (dir);
    g_autoptr(GFileEnumerator) files = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                  G_FILE_QUERY_INFO_NONE, NULL, NULL);
    GFileInfo *info;

    while (files != NULL && (info = g_file_enumerator_next_file (files, NULL, NULL)) != NULL)
      {
        g_autoptr(GFile) child = g_file_get_child (folder, g_file_info_get_name (info));

        g_file_delete (child, NULL, NULL);
        g_object_unref (info);
      }
    g_file_delete (folder, NULL, NULL);
  }
  return 0;
}
