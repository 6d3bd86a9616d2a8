/* bench-store.c — the foundation benchmark: a region-sized store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * bench-store [N] [--keep PATH]
 *
 * Fills a new store with N demo cases (default 50,000) and prints: the time
 * to make them (and how the time per batch changes as the store grows), the
 * file size, then — in a fresh process, so its memory figures are its own —
 * the time to open the store, to build the case list and read its first 50
 * items, the memory after that, and search latency.
 */
#define G_LOG_DOMAIN "bench-store"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "monia-core.h"

#define DEFAULT_CASES 50000
#define FIRST_ITEMS   50

static const char *queries[] = {
  "Virtanen", "Korhonen", "Nyström", "Lindholm", "Mäkinen", "Heikkilä", "Sjöberg", "Laine",
  "Aino", "Hugo", "Väinö", "Ebba", "Eli", "Sa", "Kos", "Lin",
  "Aino Virtanen", "Leo Korhonen", "Saga Lindqvist",
  "home visit", "network meeting", "school", "football", "father", "bedtime", "swedish",
  "family", "010", "A9", "nonexistentword",
};

typedef struct
{
  GTimer *timer;
  GArray *batch_seconds;   /* double */
  double  last;
} Progress;

static void
on_progress (guint    done,
             guint    total,
             gpointer user_data)
{
  Progress *progress = user_data;
  double now = g_timer_elapsed (progress->timer, NULL);
  double spent = now - progress->last;

  g_array_append_val (progress->batch_seconds, spent);
  progress->last = now;
}

static void
print_memory (const char *when)
{
  g_autofree char *status = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return;
  lines = g_strsplit (status, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "VmHWM:") || g_str_has_prefix (lines[i], "VmRSS:"))
      {
        g_autofree char *value = g_strstrip (g_strdup (strchr (lines[i], ':') + 1));
        g_autofree char *label = g_strdup_printf ("%s %.5s:", when, lines[i]);

        printf ("%-34s %s\n", label, value);
      }
}

static goffset
file_size (const char *path)
{
  GStatBuf buf;

  return g_stat (path, &buf) == 0 ? (goffset) buf.st_size : 0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* Runs in its own process: opening, listing, searching. */
static int
measure_open (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(MoniaStore) store = NULL;
  g_autoptr(GListModel) cases = NULL;
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GString) slow = g_string_new (NULL);
  guint n_items, n_hits = 0;
  double seconds;

  print_memory ("memory before open");
  store = monia_store_open (path, &error);
  if (store == NULL)
    {
      g_printerr ("bench-store: %s\n", error->message);
      return 1;
    }
  seconds = g_timer_elapsed (timer, NULL);
  printf ("%-34s %.1f ms\n", "open store:", seconds * 1000);

  g_timer_start (timer);
  cases = monia_store_list_cases (store);
  for (guint i = 0; i < FIRST_ITEMS && i < g_list_model_get_n_items (cases); i++)
    {
      g_autoptr(MoniaRecord) record = g_list_model_get_item (cases, i);

      g_assert (monia_record_get_string (record, "title") != NULL);
    }
  n_items = g_list_model_get_n_items (cases);
  seconds = g_timer_elapsed (timer, NULL);
  printf ("%-34s %.1f ms (%u cases)\n", "case list + first 50 + n_items:", seconds * 1000, n_items);
  print_memory ("memory after the case list");

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GPtrArray) hits = NULL;
      double ms;

      g_timer_start (timer);
      hits = monia_store_search (store, queries[i], 50, &error);
      ms = g_timer_elapsed (timer, NULL) * 1000;
      if (hits == NULL)
        {
          g_printerr ("bench-store: search “%s”: %s\n", queries[i], error->message);
          return 1;
        }
      n_hits += hits->len;
      g_array_append_val (latencies, ms);
      if (ms >= 20)
        g_string_append_printf (slow, "%s“%s” %.0f ms", slow->len > 0 ? ", " : "", queries[i], ms);
    }
  g_array_sort (latencies, compare_doubles);
  printf ("%-34s median %.2f ms, p95 %.2f ms, max %.2f ms (%u queries, %u hits, limit 50)\n",
          "search:",
          g_array_index (latencies, double, latencies->len / 2),
          g_array_index (latencies, double, (latencies->len * 95 + 99) / 100 - 1),
          g_array_index (latencies, double, latencies->len - 1),
          latencies->len, n_hits);
  if (slow->len > 0)
    printf ("%-34s %s\n", "searches of 20 ms or more:", slow->str);
  print_memory ("memory after searching");
  return 0;
}

static double
mean_of (GArray *values,
         guint   from,
         guint   to)
{
  double sum = 0;

  if (to <= from)
    return 0;
  for (guint i = from; i < to; i++)
    sum += g_array_index (values, double, i);
  return sum / (to - from);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *self_exe = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;
  g_autoptr(MoniaStore) store = NULL;
  g_autoptr(GTimer) timer = NULL;
  const char *keep = NULL;
  guint64 n_cases = DEFAULT_CASES;
  Progress progress = { NULL };
  gint64 n_records = 0;
  const MoniaKind *kinds;
  guint n_kinds, n_batches, tenth;
  double seconds;
  int status = 0;

  if (argc == 3 && g_str_equal (argv[1], "--measure-open"))
    return measure_open (argv[2]);

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--keep") && i + 1 < argc)
        keep = argv[++i];
      else if (!g_ascii_string_to_unsigned (argv[i], 10, 1, 1000000, &n_cases, &error))
        {
          g_printerr ("bench-store: %s\nUsage: bench-store [N] [--keep PATH]\n", error->message);
          return 2;
        }
    }

  if (keep != NULL)
    path = g_strdup (keep);
  else
    {
      dir = g_dir_make_tmp ("monia-bench-XXXXXX", &error);
      if (dir == NULL)
        {
          g_printerr ("bench-store: %s\n", error->message);
          return 1;
        }
      path = g_build_filename (dir, "bench.db", NULL);
    }
  wal = g_strconcat (path, "-wal", NULL);
  shm = g_strconcat (path, "-shm", NULL);

  store = monia_store_open (path, &error);
  if (store == NULL)
    {
      g_printerr ("bench-store: %s\n", error->message);
      return 1;
    }

  printf ("%-34s %" G_GUINT64_FORMAT "\n", "cases:", n_cases);
  timer = g_timer_new ();
  progress.timer = timer;
  progress.batch_seconds = g_array_new (FALSE, FALSE, sizeof (double));
  if (!monia_demo_generate (store, (guint) n_cases, 1, on_progress, &progress, &error))
    {
      g_printerr ("bench-store: %s\n", error->message);
      return 1;
    }
  seconds = g_timer_elapsed (timer, NULL);

  kinds = monia_kind_get_all (&n_kinds);
  for (guint k = 0; k < n_kinds; k++)
    n_records += monia_store_count (store, kinds[k].name);
  printf ("%-34s %.1f s (%" G_GINT64_FORMAT " records, %.0f records/s)\n", "demo-data:",
          seconds, n_records, n_records / seconds);

  /* Batch 0 is the foundation; how the later ones slow down as it grows. */
  n_batches = progress.batch_seconds->len - 1;
  tenth = MAX (1u, n_batches / 10);
  printf ("%-34s first tenth %.0f ms, last tenth %.0f ms (%u batches)\n", "time per batch of cases:",
          mean_of (progress.batch_seconds, 1, 1 + tenth) * 1000,
          mean_of (progress.batch_seconds, progress.batch_seconds->len - tenth,
                   progress.batch_seconds->len) * 1000,
          n_batches);
  print_memory ("memory after demo-data");
  g_array_unref (progress.batch_seconds);

  printf ("%-34s %.1f MB (db %.1f MB + wal %.1f MB + shm %.1f MB)\n", "store file size (store open):",
          (file_size (path) + file_size (wal) + file_size (shm)) / 1e6,
          file_size (path) / 1e6, file_size (wal) / 1e6, file_size (shm) / 1e6);
  g_clear_object (&store);
  printf ("%-34s %.1f MB (db %.1f MB + wal %.1f MB)\n", "store file size (closed):",
          (file_size (path) + file_size (wal)) / 1e6, file_size (path) / 1e6, file_size (wal) / 1e6);
  fflush (stdout);

  /* A fresh process, so that VmHWM is what opening and listing cost. */
  self_exe = g_file_read_link ("/proc/self/exe", NULL);
  {
    char *child_argv[] = { self_exe ? self_exe : argv[0], (char *) "--measure-open", path, NULL };

    if (!g_spawn_sync (NULL, child_argv, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL,
                       NULL, NULL, &status, &error))
      {
        g_printerr ("bench-store: %s\n", error->message);
        return 1;
      }
  }

  if (dir != NULL)
    {
      g_remove (path);
      g_remove (wal);
      g_remove (shm);
      g_rmdir (dir);
    }
  return g_spawn_check_wait_status (status, NULL) ? 0 : 1;
}
