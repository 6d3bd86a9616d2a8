/* monia-screenshot.c — pictures of the main window, for people to look at
 *
 * Not a test. Run under a display, e.g.
 *   xvfb-run -a -s '-screen 0 1280x800x24' ./monia-screenshot \
 *       --database /tmp/shot.db --demo 12 --output /tmp/cases.png
 * With --new-case the new-case dialog is opened too and saved beside the
 * window's picture as OUTPUT-dialog.png.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-screenshot"

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "monia-app-test-util.h"
#include "monia-case-page.h"
#include "monia-catalogue-page-private.h"
#include "monia-core.h"
#include "monia-new-case-dialog-private.h"
#include "monia-preferences-window.h"
#include "monia-store-sync.h"
#include "monia-window-private.h"

static char *database_path;
static char *output_path;
static int n_demo_cases;
static int width = 720;
static int height = 560;
static gboolean new_case;
static char *hetu_text;
static gboolean dark;
static char *section;
static gboolean open_case;
static gboolean triage;
static gboolean edit_service;
static gboolean sync_set_up;
static char *case_view;
static char *case_id;
static gboolean shortcuts;
static char *user_id;
static int overview_figure = -1;
static char *thl_pdf;

static const GOptionEntry entries[] = {
  { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database_path, "The store to show", "PATH" },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_path, "The PNG file to write", "PNG" },
  { "demo", 0, 0, G_OPTION_ARG_INT, &n_demo_cases, "First add N synthetic demo cases", "N" },
  { "width", 0, 0, G_OPTION_ARG_INT, &width, "Window width", "PX" },
  { "height", 0, 0, G_OPTION_ARG_INT, &height, "Window height", "PX" },
  { "new-case", 0, 0, G_OPTION_ARG_NONE, &new_case, "Also open the new-case dialog", NULL },
  { "hetu", 0, 0, G_OPTION_ARG_STRING, &hetu_text, "Type this identity code in the dialog and press Create", "CODE" },
  { "dark", 0, 0, G_OPTION_ARG_NONE, &dark, "Use the dark style", NULL },
  { "page", 0, 0, G_OPTION_ARG_STRING, &section, "Show a sidebar page: inbox, mine, pair, all, overview, services", "NAME" },
  { "open-case", 0, 0, G_OPTION_ARG_NONE, &open_case, "Open the newest case", NULL },
  { "case-id", 0, 0, G_OPTION_ARG_STRING, &case_id, "Open this case instead of the newest", "ID" },
  { "case-view", 0, 0, G_OPTION_ARG_STRING, &case_view, "With --open-case, show this part of it: overview, assessment, plan, implementation, closure", "NAME" },
  { "user", 0, 0, G_OPTION_ARG_STRING, &user_id, "Work as this professional (a lead sees the team's figures)", "ID" },
  { "thl-pdf", 0, 0, G_OPTION_ARG_FILENAME, &thl_pdf, "With --page overview, also export the shown THL return to this PDF", "PDF" },
  { "overview-figure", 0, 0, G_OPTION_ARG_INT, &overview_figure, "With --page overview, open the cases behind this figure (0–6)", "N" },
  { "shortcuts", 0, 0, G_OPTION_ARG_NONE, &shortcuts, "Also open the keyboard shortcuts window (OUTPUT-dialog.png)", NULL },
  { "triage", 0, 0, G_OPTION_ARG_NONE, &triage, "Also open the triage dialog of the first request (OUTPUT-dialog.png)", NULL },
  { "edit-service", 0, 0, G_OPTION_ARG_NONE, &edit_service, "Also open the first service of the catalogue (OUTPUT-dialog.png)", NULL },
  { "sync", 0, 0, G_OPTION_ARG_NONE, &sync_set_up, "Show the sync indicator of a store set up for a server (never contacted) and the account page (OUTPUT-preferences.png)", NULL },
  { NULL }
};

/* Where a dialog's picture goes: beside the window's, as OUTPUT-dialog.png. */
static char *
dup_dialog_path (void)
{
  g_autofree char *base = g_strdup (output_path);

  if (g_str_has_suffix (base, ".png"))
    base[strlen (base) - 4] = '\0';
  return g_strconcat (base, "-dialog.png", NULL);
}

static gboolean
save (GtkWidget  *widget,
      const char *path)
{
  g_autoptr(GError) error = NULL;

  monia_test_wait_frames (widget, 3);
  if (!monia_test_save_screenshot (widget, path, &error))
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }

  g_print ("%s\n", path);
  return TRUE;
}

static gboolean
overview_ready (gpointer user_data)
{
  MoniaTeamOverviewPage *page = _monia_window_get_overview_page (user_data);

  return page != NULL && _monia_team_overview_page_is_ready (page);
}

static gboolean
shows_hetu_error (gpointer user_data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (_monia_new_case_dialog_get_hetu_error (user_data)));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  MoniaWindow *window;
  gboolean ok;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (database_path == NULL || output_path == NULL)
    {
      g_printerr ("Give --database and --output\n");
      return 2;
    }

  gtk_init ();
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  /* What AdwApplication loads for the real app. */
  {
    g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (provider, RESOURCE_PREFIX "/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (provider),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
  if (dark)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);

  if (n_demo_cases > 0)
    {
      g_autoptr(MoniaStore) store = monia_store_open (database_path, &error);

      if (store == NULL || !monia_demo_generate (store, n_demo_cases, 1, NULL, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
    }

  window = monia_window_new_for_database (NULL, database_path);
  if (sync_set_up && monia_window_get_store (window) != NULL)
    {
      MoniaStore *store = monia_window_get_store (window);
      g_autoptr(MoniaSyncClient) client = NULL;

      monia_store_set_sync_setting (store, "server_url", "https://monia.example.fi", NULL);
      monia_store_set_sync_setting (store, "login", "sanna", NULL);
      monia_store_set_sync_setting (store, "account_name", "Sanna Sosiaalityö", NULL);
      client = monia_sync_client_new (store);
      monia_sync_client_set_use_keyring (client, FALSE);
      monia_window_set_sync_client (window, client);
    }
  if (user_id != NULL && monia_window_get_store (window) != NULL)
    monia_store_set_author (monia_window_get_store (window), user_id);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  if (!monia_test_wait_mapped (GTK_WIDGET (window)))
    return 1;

  if (section != NULL)
    monia_window_show_section (window, section);
  if (g_strcmp0 (section, "overview") == 0)
    {
      if (!monia_test_wait_until (overview_ready, window, 30000))
        return 1;
      if (thl_pdf != NULL &&
          !monia_team_overview_page_export_pdf (_monia_window_get_overview_page (window), thl_pdf, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      if (overview_figure >= 0)
        gtk_widget_activate (_monia_team_overview_page_get_figure_row (_monia_window_get_overview_page (window),
                                                                       (guint) overview_figure));
    }
  if (open_case && _monia_window_get_cases (window) != NULL &&
      g_list_model_get_n_items (_monia_window_get_cases (window)) > 0)
    {
      g_autoptr(MoniaRecord) first = g_list_model_get_item (_monia_window_get_cases (window), 0);

      monia_window_open_case (window, case_id != NULL ? case_id : monia_record_get_id (first));
      if (case_view != NULL && MONIA_IS_CASE_PAGE (_monia_window_get_case_view (window)))
        {
          monia_case_page_show_section (MONIA_CASE_PAGE (_monia_window_get_case_view (window)), case_view);
          monia_test_wait_frames (GTK_WIDGET (window), 3);
        }
    }

  ok = save (GTK_WIDGET (window), output_path);

  if (ok && triage)
    {
      g_autofree char *dialog_path = dup_dialog_path ();
      GtkListBox *list = monia_inbox_page_get_list_box (_monia_window_get_inbox_page (window));
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, 0);
      MoniaTriageDialog *dialog;


      if (row == NULL)
        return 1;
      g_signal_emit_by_name (list, "row-activated", row);
      dialog = _monia_window_get_triage_dialog (window);
      if (dialog == NULL || !monia_test_wait_mapped (GTK_WIDGET (dialog)))
        return 1;
      monia_triage_dialog_set_outcome (dialog, MONIA_OUTCOME_CASE);
      ok = save (GTK_WIDGET (dialog), dialog_path);
    }

  if (ok && edit_service)
    {
      g_autofree char *dialog_path = dup_dialog_path ();
      MoniaCataloguePage *page = _monia_window_get_catalogue_page (window);
      MoniaServiceDialog *dialog;


      monia_window_show_section (window, "services");
      monia_test_wait_frames (GTK_WIDGET (window), 3);
      if (g_list_model_get_n_items (_monia_catalogue_page_get_shown (page)) == 0)
        return 1;
      g_signal_emit_by_name (_monia_catalogue_page_get_list_view (page), "activate", 0);
      dialog = _monia_catalogue_page_get_dialog (page);
      if (dialog == NULL || !monia_test_wait_mapped (GTK_WIDGET (dialog)))
        return 1;
      ok = save (GTK_WIDGET (dialog), dialog_path);
    }

  if (ok && shortcuts)
    {
      g_autofree char *dialog_path = dup_dialog_path ();
      GtkShortcutsWindow *overlay;


      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
      overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
      if (overlay == NULL || !monia_test_wait_mapped (GTK_WIDGET (overlay)))
        return 1;
      ok = save (GTK_WIDGET (overlay), dialog_path);
    }

  if (ok && new_case)
    {
      g_autofree char *dialog_path = dup_dialog_path ();
      MoniaNewCaseDialog *dialog;


      gtk_widget_activate_action (GTK_WIDGET (window), "win.new-case", NULL);
      dialog = _monia_window_get_new_case_dialog (window);
      if (dialog == NULL || !monia_test_wait_mapped (GTK_WIDGET (dialog)))
        return 1;

      if (hetu_text != NULL)
        {
          gtk_editable_set_text (_monia_new_case_dialog_get_title_entry (dialog), "Synthetic family");
          gtk_editable_set_text (_monia_new_case_dialog_get_name_entry (dialog), "Testi Testinen");
          gtk_editable_set_text (_monia_new_case_dialog_get_hetu_entry (dialog), hetu_text);
          gtk_widget_activate (_monia_new_case_dialog_get_create_button (dialog));
          /* The click lands a moment after the activation. */
          monia_test_wait_until (shows_hetu_error, dialog, 2000);
        }

      ok = save (GTK_WIDGET (dialog), dialog_path);
    }

  if (ok && sync_set_up && monia_window_get_sync_client (window) != NULL)
    {
      g_autofree char *base = g_strdup (output_path);
      g_autofree char *preferences_path = NULL;
      GtkWidget *preferences = monia_preferences_window_new (monia_window_get_sync_client (window));

      if (g_str_has_suffix (base, ".png"))
        base[strlen (base) - 4] = '\0';
      preferences_path = g_strconcat (base, "-preferences.png", NULL);
      gtk_window_set_transient_for (GTK_WINDOW (preferences), GTK_WINDOW (window));
      gtk_window_present (GTK_WINDOW (preferences));
      if (!monia_test_wait_mapped (preferences))
        return 1;
      ok = save (preferences, preferences_path);
      monia_test_destroy_window (GTK_WINDOW (preferences));
    }

  monia_test_destroy_window (GTK_WINDOW (window));

  return ok ? 0 : 1;
}
