/* bench-ui.c — the app driven in-process: page switches and search as you type
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * bench-ui --database PATH [--user ID]
 *
 * Runs the real application (MoniaApplication and its window, from the app's
 * static library) on a store, waits for its first frame, then:
 *
 *  - shows each sidebar page in turn, three rounds, and times each switch
 *    from the call to the end of the next painted frame;
 *  - opens search and types each of a set of queries letter by letter,
 *    timing each step from setting the text (what the search entry does when
 *    its delay has run) to the results list being updated, and to the end of
 *    the next painted frame;
 *
 * and prints the figures, with the process's memory (VmRSS, VmHWM) after the
 * first frame, after the page switches and after searching. Lines starting
 * with "monia-bench:" are read by run-ui-bench.sh.
 */
#define G_LOG_DOMAIN "bench-ui"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monia-application.h"
#include "monia-window-private.h"

#define SETTLE_MS        1000  /* after the first frame, before measuring */
#define STEP_GAP_MS      40    /* between steps: longer than a frame, like typing */
#define PAGE_ROUNDS      3
#define WATCHDOG_SECONDS 600

static const char *pages[] = { "inbox", "mine", "pair", "all", "services" };

/* Names, words from notes and help requests, identity-code-like strings,
 * and words that match nothing: typed a letter at a time. */
static const char *queries[] = {
  "Virtanen", "Korhonen", "Nyström", "Lindholm", "Mäkinen", "Heikkilä", "Sjöberg", "Laine",
  "Aino", "Hugo", "Väinö", "Ebba", "Eli", "Sa", "Kos", "Lin",
  "Aino Virtanen", "Leo Korhonen", "Saga Lindqvist",
  "home visit", "network meeting", "school", "football", "father", "bedtime", "swedish",
  "family", "010", "A9", "nonexistentword", "Koivukuja", "Strandvägen",
};

typedef enum
{
  PHASE_START,
  PHASE_PAGES,
  PHASE_SEARCH,
  PHASE_DONE,
} Phase;

typedef struct
{
  MoniaApplication *app;
  MoniaWindow      *window;
  gint64            started;       /* monotonic, at main () */
  Phase             phase;
  guint             step;          /* within the phase */
  guint             query;         /* search: which query */
  guint             n_chars;       /* search: how much of it is typed */
  gint64            step_start;
  double            step_update_ms;
  gulong            paint_handler;
  GPtrArray        *page_times[G_N_ELEMENTS (pages)];  /* of double *: ms to frame */
  GArray           *search_update; /* double: ms to the list updated */
  GArray           *search_frame;  /* double: ms to the frame painted */
  double            search_open_ms;
  guint             n_results_max;
} Bench;

static void run_step (Bench *bench);

static void
read_memory (gint64 *rss_kb,
             gint64 *hwm_kb)
{
  g_autofree char *status = NULL;
  g_auto(GStrv) lines = NULL;

  *rss_kb = *hwm_kb = -1;
  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return;

  lines = g_strsplit (status, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "VmRSS:"))
        *rss_kb = g_ascii_strtoll (lines[i] + 6, NULL, 10);
      else if (g_str_has_prefix (lines[i], "VmHWM:"))
        *hwm_kb = g_ascii_strtoll (lines[i] + 6, NULL, 10);
    }
}

static void
print_memory (const char *when)
{
  gint64 rss, hwm;

  read_memory (&rss, &hwm);
  g_print ("memory %-22s VmRSS %6.1f MB   VmHWM %6.1f MB\n", when, rss / 1024.0, hwm / 1024.0);
  g_print ("monia-bench: memory-%s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n", when, rss, hwm);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* The value below which @fraction of the sorted samples lie (nearest rank). */
static double
percentile (GArray *sorted,
            double  fraction)
{
  guint rank;

  if (sorted->len == 0)
    return 0;
  rank = (guint) (fraction * sorted->len + 0.999999);
  rank = CLAMP (rank, 1, sorted->len);
  return g_array_index (sorted, double, rank - 1);
}

static void
print_distribution (const char *label,
                    const char *key,
                    GArray     *samples)
{
  g_autoptr(GArray) sorted = g_array_copy (samples);

  g_array_sort (sorted, compare_doubles);
  g_print ("%-34s median %6.2f ms   p95 %6.2f ms   max %6.2f ms   (%u samples)\n",
           label, percentile (sorted, 0.5), percentile (sorted, 0.95),
           sorted->len > 0 ? g_array_index (sorted, double, sorted->len - 1) : 0.0,
           sorted->len);
  g_print ("monia-bench: %s %.3f %.3f %.3f\n", key,
           percentile (sorted, 0.5), percentile (sorted, 0.95),
           sorted->len > 0 ? g_array_index (sorted, double, sorted->len - 1) : 0.0);
}

static void
print_results (Bench *bench)
{
  g_autoptr(GArray) all_pages = g_array_new (FALSE, FALSE, sizeof (double));

  g_print ("\n== page switches (call → next frame painted; first visit, then later visits)\n");
  for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
    {
      GPtrArray *times = bench->page_times[p];
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint i = 0; i < times->len; i++)
        {
          double ms = *(double *) g_ptr_array_index (times, i);

          g_string_append_printf (line, " %7.2f", ms);
          g_array_append_val (all_pages, ms);
        }
      g_print ("%-10s%s ms\n", pages[p], line->str);
      g_print ("monia-bench: page-%s%s\n", pages[p], line->str);
    }
  print_distribution ("all page switches", "page-switch", all_pages);

  g_print ("\n== search as you type (%u queries, %u steps; at most %u results shown)\n",
           (guint) G_N_ELEMENTS (queries), bench->search_update->len, bench->n_results_max);
  g_print ("opening search                     %6.2f ms\n", bench->search_open_ms);
  print_distribution ("text set → results list updated", "search-update", bench->search_update);
  print_distribution ("text set → frame painted", "search-frame", bench->search_frame);
}

static gboolean
on_step_timeout (gpointer user_data)
{
  run_step (user_data);
  return G_SOURCE_REMOVE;
}

static void
on_after_paint (GdkFrameClock *clock,
                Bench         *bench)
{
  double to_frame = (g_get_monotonic_time () - bench->step_start) / 1000.0;

  g_clear_signal_handler (&bench->paint_handler, clock);

  switch (bench->phase)
    {
    case PHASE_START:
      g_print ("first frame (in process, from main) %.1f ms\n", to_frame);
      break;

    case PHASE_PAGES:
      {
        double *ms = g_new (double, 1);

        *ms = to_frame;
        g_ptr_array_add (bench->page_times[(bench->step - 1) % G_N_ELEMENTS (pages)], ms);
      }
      break;

    case PHASE_SEARCH:
      if (bench->n_chars == 0)
        bench->search_open_ms = to_frame;
      else
        {
          g_array_append_val (bench->search_update, bench->step_update_ms);
          g_array_append_val (bench->search_frame, to_frame);
        }
      break;

    case PHASE_DONE:
    default:
      break;
    }

  g_timeout_add (bench->phase == PHASE_START ? SETTLE_MS : STEP_GAP_MS, on_step_timeout, bench);
}

/* Waits for the next painted frame; a frame is asked for in case the step
 * changed nothing on screen. */
static void
wait_for_frame (Bench *bench)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (bench->window));

  bench->paint_handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), bench);
  gtk_widget_queue_draw (GTK_WIDGET (bench->window));
}

/* The first @n_chars characters of @text. */
static char *
dup_prefix (const char *text,
            guint       n_chars)
{
  return g_strndup (text, g_utf8_offset_to_pointer (text, n_chars) - text);
}

static guint
count_rows (GtkListBox *list_box)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list_box, n) != NULL)
    n++;
  return n;
}

static void
run_search_step (Bench *bench)
{
  MoniaSearchPage *page = _monia_window_get_search_page (bench->window);
  const char *query;
  g_autofree char *text = NULL;

  if (bench->query >= G_N_ELEMENTS (queries))
    {
      gtk_widget_activate_action (GTK_WIDGET (bench->window), "win.back", NULL);
      print_memory ("after-search");
      bench->phase = PHASE_DONE;
      print_results (bench);
      g_application_quit (G_APPLICATION (bench->app));
      return;
    }

  query = queries[bench->query];
  if (bench->n_chars >= (guint) g_utf8_strlen (query, -1))
    {
      /* The next query starts from an empty entry, as after select-all. */
      monia_search_page_set_text (page, "");
      bench->query++;
      bench->n_chars = 0;
      g_timeout_add (STEP_GAP_MS, on_step_timeout, bench);
      return;
    }

  bench->n_chars++;
  text = dup_prefix (query, bench->n_chars);
  bench->step_start = g_get_monotonic_time ();
  monia_search_page_set_text (page, text);
  bench->step_update_ms = (g_get_monotonic_time () - bench->step_start) / 1000.0;
  bench->n_results_max = MAX (bench->n_results_max, count_rows (monia_search_page_get_list_box (page)));
  wait_for_frame (bench);
}

static void
run_step (Bench *bench)
{
  switch (bench->phase)
    {
    case PHASE_START:
      print_memory ("after-first-frame");
      bench->phase = PHASE_PAGES;
      bench->step = 0;
      G_GNUC_FALLTHROUGH;

    case PHASE_PAGES:
      if (bench->step < PAGE_ROUNDS * G_N_ELEMENTS (pages))
        {
          const char *name = pages[bench->step % G_N_ELEMENTS (pages)];

          bench->step++;
          bench->step_start = g_get_monotonic_time ();
          monia_window_show_section (bench->window, name);
          wait_for_frame (bench);
          return;
        }
      print_memory ("after-pages");
      bench->phase = PHASE_SEARCH;
      bench->query = 0;
      bench->n_chars = 0;
      /* Opening search is timed like a page switch. */
      bench->step_start = g_get_monotonic_time ();
      gtk_widget_activate_action (GTK_WIDGET (bench->window), "win.search", NULL);
      wait_for_frame (bench);
      return;

    case PHASE_SEARCH:
      run_search_step (bench);
      return;

    case PHASE_DONE:
    default:
      return;
    }
}

static void
on_window_realized (GtkWidget *widget,
                    Bench     *bench)
{
  bench->step_start = bench->started;
  bench->paint_handler = g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                                           G_CALLBACK (on_after_paint), bench);
}

static void
on_window_added (GtkApplication *app,
                 GtkWindow      *window,
                 Bench          *bench)
{
  if (bench->window != NULL || !MONIA_IS_WINDOW (window))
    return;

  bench->window = MONIA_WINDOW (window);
  if (monia_window_get_store (bench->window) == NULL)
    {
      g_printerr ("bench-ui: the store could not be opened\n");
      exit (1);
    }
  g_signal_connect (window, "realize", G_CALLBACK (on_window_realized), bench);
}

static gboolean
on_watchdog (gpointer user_data)
{
  g_printerr ("bench-ui: gave up after %d s\n", WATCHDOG_SECONDS);
  exit (1);
  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  Bench bench = { 0 };
  int status;

  bench.started = g_get_monotonic_time ();
  bench.search_update = g_array_new (FALSE, FALSE, sizeof (double));
  bench.search_frame = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
    bench.page_times[p] = g_ptr_array_new_with_free_func (g_free);

  bench.app = monia_application_new ();
  g_signal_connect (bench.app, "window-added", G_CALLBACK (on_window_added), &bench);
  g_timeout_add_seconds (WATCHDOG_SECONDS, on_watchdog, NULL);

  status = g_application_run (G_APPLICATION (bench.app), argc, argv);
  if (status == 0 && bench.phase != PHASE_DONE)
    {
      g_printerr ("bench-ui: the app ended before the benchmark did\n");
      status = 1;
    }

  g_object_unref (bench.app);
  g_array_unref (bench.search_update);
  g_array_unref (bench.search_frame);
  for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
    g_ptr_array_unref (bench.page_times[p]);
  return status;
}
