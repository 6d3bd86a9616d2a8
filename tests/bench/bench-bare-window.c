/* bench-bare-window.c — the baseline of the UI benchmark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The least a libadwaita app shows: a window of Monia's default size with a
 * header bar and a status page. tests/bench/run-ui-bench.sh starts it the
 * same way as Monia, so Monia's start-up time and memory can be read against
 * what GTK and libadwaita cost by themselves on the same machine in the same
 * run. With MONIA_BENCH_FIRST_FRAME set it reports its first painted frame
 * exactly as the app does (monia-application.c).
 */
#define G_LOG_DOMAIN "bench-bare-window"

#include "config.h"

#include <stdio.h>

#include <adwaita.h>

static void
on_frame_painted (GdkFrameClock *clock)
{
  g_signal_handlers_disconnect_by_func (clock, on_frame_painted, NULL);
  g_print ("monia-bench: first-frame %" G_GINT64_FORMAT "\n", g_get_real_time ());
  fflush (stdout);
}

static void
on_window_realized (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_frame_painted), NULL);
}

static void
on_activate (GtkApplication *app)
{
  GtkWidget *window = adw_application_window_new (app);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *status = adw_status_page_new ();

  /* Not translated: a benchmark's scaffolding, never shown to a person. */
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "folder-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), "Baseline");
  adw_status_page_set_description (ADW_STATUS_PAGE (status), "A header bar and a status page.");
  gtk_widget_set_vexpand (status, TRUE);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), status);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_title (GTK_WINDOW (window), "Baseline");
  gtk_window_set_default_size (GTK_WINDOW (window), 960, 640);

  if (g_getenv ("MONIA_BENCH_FIRST_FRAME") != NULL)
    g_signal_connect (window, "realize", G_CALLBACK (on_window_realized), NULL);

  gtk_window_present (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(AdwApplication) app = adw_application_new ("fi.monia.BenchBareWindow",
                                                       G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (on_activate), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
