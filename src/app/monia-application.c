/* monia-application.c — the application object
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <signal.h>
#include <stdio.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "monia-application.h"
#include "monia-intake.h"
#include "monia-notifier.h"
#include "monia-preferences-window.h"
#include "monia-store-sync.h"
#include "monia-window.h"

struct _MoniaApplication
{
  AdwApplication  parent_instance;

  char           *database_path;
  char           *user_id;
  char           *user_problem;  /* why --user was not taken, for the window to say */
  MoniaSyncClient *sync_client;
  MoniaNotifier  *notifier;
  guint           signal_sources[3];
  /* Shown while an older store is being updated, or NULL. */
  GtkWindow      *updating_window;
  /* Requests from the public form already told of (ids). */
  GHashTable     *told_requests;
};

G_DEFINE_FINAL_TYPE (MoniaApplication, monia_application, ADW_TYPE_APPLICATION)

/* The path set in the "database-path" setting, or NULL when it is empty or
 * the schema is not installed (running from the build folder). */
static char *
dup_configured_database_path (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *path = NULL;

  if (source == NULL)
    return NULL;

  schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "database-path"))
    return NULL;

  settings = g_settings_new_full (schema, NULL, NULL);
  path = g_settings_get_string (settings, "database-path");
  if (path[0] == '\0')
    return NULL;

  return g_canonicalize_filename (path, NULL);
}

/* The application's settings, or NULL when the schema is not installed. */
static GSettings *
create_settings_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE) : NULL;

  if (schema == NULL || !g_settings_schema_has_key (schema, "notify-conflict"))
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

static void
send_notification (const char    *id,
                   const char    *title,
                   const char    *body,
                   GNotification *notification,
                   gpointer       user_data)
{
  g_application_send_notification (G_APPLICATION (user_data), id, notification);
}

static char *
build_default_database_path (void)
{
  char *path = dup_configured_database_path ();

  if (path != NULL)
    return path;

  return g_build_filename (g_get_user_data_dir (), APPLICATION_ID, "monia.db", NULL);
}

static int
monia_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  MoniaApplication *self = MONIA_APPLICATION (app);
  const char *path = NULL;

  if (g_variant_dict_lookup (options, "database", "^&ay", &path) && path[0] != '\0')
    {
      g_clear_pointer (&self->database_path, g_free);
      self->database_path = g_canonicalize_filename (path, NULL);

      /* Another store is another instance: a running Monia on the default
       * store must not be asked to show this one instead. */
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }

  if (g_variant_dict_lookup (options, "user", "&s", &path) && path[0] != '\0')
    {
      g_clear_pointer (&self->user_id, g_free);
      g_clear_pointer (&self->user_problem, g_free);
      /* The window opens all the same, and says what was wrong where the
       * person is looking: a terminal is easily not. */
      if (!g_uuid_string_is_valid (path))
        {
          g_printerr (_("“%s” is not a professional’s id. Give the id (a UUID) shown by monia-ctl.\n"), path);
          self->user_problem = g_strdup_printf (_("“%s” given with --user is not a professional’s id (a UUID, as "
                                                  "monia-ctl shows it). Monia is open as it would be without "
                                                  "--user."), path);
        }
      else
        self->user_id = g_strdup (path);
    }

  /* Go on with the default handling (startup, activate). */
  return -1;
}

/* With MONIA_BENCH_FIRST_FRAME set, the first painted frame of the window
 * is reported on stdout with the wall-clock time, so tests/bench/
 * run-ui-bench.sh can time start-up from outside the process. */
static void
on_bench_frame_painted (GdkFrameClock *clock)
{
  g_signal_handlers_disconnect_by_func (clock, on_bench_frame_painted, NULL);
  g_print ("monia-bench: first-frame %" G_GINT64_FORMAT "\n", g_get_real_time ());
  fflush (stdout);
}

static void
on_bench_window_realized (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_bench_frame_painted), NULL);
}

/* A request from the public form arrived (pulled after a live notice): a
 * desktop notification, which says nothing of the family, as it may show
 * on a locked screen. Once per request. */
static void
on_store_record_changed (MoniaApplication *self,
                         const char       *kind,
                         const char       *id,
                         MoniaStore       *store)
{
  g_autoptr(MoniaRecord) request = NULL;
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GDateTime) due = NULL;
  g_autofree char *body = NULL;
  g_autofree char *due_text = NULL;
  const char *channel;

  if (!g_str_equal (kind, "help_request") || g_hash_table_contains (self->told_requests, id))
    return;
  request = monia_store_get (store, "help_request", id, NULL);
  if (request == NULL || !monia_intake_is_arriving (request, g_get_real_time () / G_USEC_PER_SEC))
    return;
  g_hash_table_add (self->told_requests, g_strdup (id));

  channel = monia_record_get_string (request, "channel");
  due = monia_record_get (request, "due_at") != NULL
    ? g_date_time_new_from_unix_local (monia_record_get_int (request, "due_at", 0) - 1) : NULL;
  /* Translators: the last day to answer, as "Tue 9 Dec" */
  due_text = due != NULL ? g_date_time_format (due, _("%a %-d %b")) : NULL;
  if (due_text != NULL)
    /* Translators: a channel ("Callback request") and the day to answer by */
    body = g_strdup_printf (_("%s: answer by %s"), monia_intake_channel_to_label (channel), due_text);
  else
    body = g_strdup (monia_intake_channel_to_label (channel));

  notification = g_notification_new (_("New Help Request"));
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_application_send_notification (G_APPLICATION (self), "help-request", notification);
}

static gboolean
store_has_professional (MoniaStore *store,
                        const char *id)
{
  g_autoptr(MoniaRecord) professional = monia_store_get (store, "professional", id, NULL);

  return professional != NULL;
}

/* Says over @window why --user was not taken. */
static void
show_user_problem (MoniaApplication *self,
                   GtkWindow        *window)
{
  GtkWidget *dialog;

  if (self->user_problem == NULL)
    return;
  dialog = adw_message_dialog_new (window, _("Unknown User"), self->user_problem);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
  g_clear_pointer (&self->user_problem, g_free);
}

/* The main window on @store, with the store's sync client; or, without a
 * store, a window saying why it could not be opened. */
static GtkWindow *
create_window_for_store (MoniaApplication *self,
                         MoniaStore       *store,
                         const GError     *error)
{
  const char *path = monia_application_get_database_path (self);
  g_autofree char *account = NULL;
  g_autofree char *server = NULL;
  MoniaWindow *window;

  if (store == NULL)
    {
      g_debug ("Could not open the case database: %s", error->message);
      return GTK_WINDOW (monia_window_new_for_error (GTK_APPLICATION (self), path, error));
    }

  /* A store logged in to a server is that account's: its edits are the
   * account's, unless --user says otherwise. */
  account = monia_store_get_sync_setting (store, "account_id");
  /* A new desk has no directory yet to look the id up in: it is taken as
   * given, and the sync brings the professional. */
  if (self->user_id != NULL && monia_store_count (store, "professional") > 0 &&
      !store_has_professional (store, self->user_id))
    {
      g_free (self->user_problem);
      self->user_problem = g_strdup_printf (_("No professional with the id “%s” given with --user is in this "
                                              "case database. Monia is open as it would be without --user."),
                                            self->user_id);
      g_clear_pointer (&self->user_id, g_free);
    }
  if (self->user_id != NULL)
    monia_store_set_author (store, self->user_id);
  else if (account != NULL && g_uuid_string_is_valid (account))
    monia_store_set_author (store, account);

  window = monia_window_new (GTK_APPLICATION (self), store);
  g_signal_connect_object (store, "record-changed", G_CALLBACK (on_store_record_changed), self, G_CONNECT_SWAPPED);

  g_clear_object (&self->sync_client);
  self->sync_client = monia_sync_client_new (store);
  monia_window_set_sync_client (window, self->sync_client);

  /* Notifications for the person at the desk: checked every five minutes. */
  {
    g_autoptr(GSettings) settings = create_settings_if_installed ();

    g_clear_object (&self->notifier);
    self->notifier = monia_notifier_new (store, settings, send_notification, self);
    monia_notifier_start (self->notifier, 5 * 60);
  }

  /* A store without a server (and demo data) never touches the network. */
  server = monia_store_get_sync_setting (store, "server_url");
  if (server != NULL && !monia_store_is_demo (store))
    monia_sync_client_start (self->sync_client);

  return GTK_WINDOW (window);
}

/* Updating an older store ---------------------------------------------------- */

static void
on_updated_store_opened (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(MoniaApplication) self = user_data;
  g_autoptr(MoniaStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = monia_store_open_finish (result, &error);

  /* Closed while it worked: the person wanted to quit, and the update, one
   * transaction, is now done (or was left untouched). */
  if (self->updating_window != NULL)
    {
      GtkWindow *window = create_window_for_store (self, store, error);

      gtk_window_present (window);
      show_user_problem (self, window);
      gtk_window_destroy (self->updating_window);
    }

  g_application_release (G_APPLICATION (self));
}

/* A plain window that says what is going on while an older store is
 * brought up to this version's schema: on a region's 50,000 cases that
 * takes a while, and nothing else can be shown until it is done. */
static GtkWindow *
create_updating_window (MoniaApplication *self)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (self));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *status = adw_status_page_new ();
  GtkWidget *spinner = gtk_spinner_new ();

  gtk_window_set_title (GTK_WINDOW (window), _("Monia"));
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 480);

  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Updating the Case Database"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status),
                                   _("This version of Monia keeps cases in a new way. The cases on this "
                                     "computer are being updated, once; with many cases this takes a minute "
                                     "or two. A copy of the database as it was is kept beside it."));
  gtk_widget_set_vexpand (status, TRUE);

  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spinner),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Updating"),
                                  -1);
  adw_status_page_set_child (ADW_STATUS_PAGE (status), spinner);

  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), status);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);

  return GTK_WINDOW (window);
}

static GtkWindow *
create_main_window (MoniaApplication *self)
{
  const char *path = monia_application_get_database_path (self);
  g_autoptr(MoniaStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (monia_store_needs_update (path))
    {
      self->updating_window = create_updating_window (self);
      g_object_add_weak_pointer (G_OBJECT (self->updating_window), (gpointer *) &self->updating_window);
      /* The update runs to its end even if the window is closed. */
      g_application_hold (G_APPLICATION (self));
      monia_store_open_async (path, NULL, on_updated_store_opened, g_object_ref (self));
      return self->updating_window;
    }

  store = monia_store_open (path, &error);
  return create_window_for_store (self, store, error);
}

static void
monia_application_activate (GApplication *app)
{
  MoniaApplication *self = MONIA_APPLICATION (app);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    {
      window = create_main_window (self);
      if (g_getenv ("MONIA_BENCH_FIRST_FRAME") != NULL)
        g_signal_connect (window, "realize", G_CALLBACK (on_bench_window_realized), NULL);
    }

  gtk_window_present (window);
  show_user_problem (self, window);
}

static void
preferences_action_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  MoniaApplication *self = MONIA_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *preferences;

  /* Without a store (it could not be opened) there is no account to set up. */
  if (self->sync_client == NULL)
    return;

  preferences = monia_preferences_window_new (self->sync_client);
  gtk_window_set_transient_for (GTK_WINDOW (preferences), parent);
  gtk_window_set_modal (GTK_WINDOW (preferences), TRUE);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
quit_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  g_autoptr(GPtrArray) windows = g_ptr_array_new_with_free_func (g_object_unref);

  /* Closing the windows (rather than g_application_quit) lets the main
   * window save its size and drop its store cleanly; the application quits
   * when the last one is gone. */
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    g_ptr_array_add (windows, g_object_ref (l->data));
  for (guint i = 0; i < windows->len; i++)
    gtk_window_close (g_ptr_array_index (windows, i));
}

static void
about_action_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { N_("Monia developers"), NULL };
  g_autofree char *developer = g_strdup (_(developers[0]));
  const char *translated_developers[] = { developer, NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "modal", TRUE,
                        "application-name", _("Monia"),
                        "application-icon", APPLICATION_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", developer,
                        "developers", translated_developers,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", "https://monia.fi",
                        /* Translators: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        "copyright", _("© Monia developers"),
                        NULL);

  gtk_window_present (GTK_WINDOW (about));
}

/* From a notification: show a page, or open a case, in the main window. */
static void
show_section_action_cb (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  if (MONIA_IS_WINDOW (window))
    {
      monia_window_show_section (MONIA_WINDOW (window), g_variant_get_string (parameter, NULL));
      gtk_window_present (window);
    }
}

static void
open_case_action_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  const char *case_id = g_variant_get_string (parameter, NULL);

  if (MONIA_IS_WINDOW (window) && g_uuid_string_is_valid (case_id))
    {
      monia_window_open_case (MONIA_WINDOW (window), case_id);
      gtk_window_present (window);
    }
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action_cb },
  { "about", about_action_cb },
  { "preferences", preferences_action_cb },
  { "show-section", show_section_action_cb, "s" },
  { "open-case", open_case_action_cb, "s" },
};

/* Asked to stop by the session, a service manager or Ctrl+C in a terminal:
 * quit as the Quit item does, so that what was typed is saved. */
static gboolean
on_quit_signal (gpointer user_data)
{
  g_action_group_activate_action (G_ACTION_GROUP (user_data), "quit", NULL);
  return G_SOURCE_CONTINUE;
}

static void
monia_application_startup (GApplication *app)
{
  MoniaApplication *self = MONIA_APPLICATION (app);
  static const int quit_signals[] = { SIGTERM, SIGINT, SIGHUP };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *new_case_accels[] = { "<Control>n", NULL };
  static const char *register_accels[] = { "<Control>r", NULL };
  static const char *search_accels[] = { "<Control>f", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };

  G_APPLICATION_CLASS (monia_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.new-case", new_case_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.register-request", register_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.search", search_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", preferences_accels);
  /* GtkApplication sets this one only for a gtk/help-overlay.ui resource,
   * which Monia leaves out (monia-window.c builds the window on demand). */
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay", shortcuts_accels);

  G_STATIC_ASSERT (G_N_ELEMENTS (quit_signals) == G_N_ELEMENTS (self->signal_sources));
  for (guint i = 0; i < G_N_ELEMENTS (quit_signals); i++)
    self->signal_sources[i] = g_unix_signal_add (quit_signals[i], on_quit_signal, app);
}

static void
monia_application_shutdown (GApplication *app)
{
  MoniaApplication *self = MONIA_APPLICATION (app);

  if (self->sync_client != NULL)
    monia_sync_client_stop (self->sync_client);
  g_clear_object (&self->notifier);
  for (guint i = 0; i < G_N_ELEMENTS (self->signal_sources); i++)
    g_clear_handle_id (&self->signal_sources[i], g_source_remove);

  G_APPLICATION_CLASS (monia_application_parent_class)->shutdown (app);
}

static void
monia_application_finalize (GObject *object)
{
  MoniaApplication *self = MONIA_APPLICATION (object);

  g_clear_weak_pointer (&self->updating_window);
  g_clear_pointer (&self->database_path, g_free);
  g_clear_pointer (&self->user_id, g_free);
  g_clear_pointer (&self->user_problem, g_free);
  g_clear_object (&self->sync_client);
  g_clear_pointer (&self->told_requests, g_hash_table_unref);
  g_clear_object (&self->notifier);

  G_OBJECT_CLASS (monia_application_parent_class)->finalize (object);
}

static void
monia_application_class_init (MoniaApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = monia_application_finalize;

  app_class->handle_local_options = monia_application_handle_local_options;
  app_class->startup = monia_application_startup;
  app_class->shutdown = monia_application_shutdown;
  app_class->activate = monia_application_activate;
}

static void
monia_application_init (MoniaApplication *self)
{
  static const GOptionEntry options[] = {
    { "database", 'd', G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, NULL,
      N_("Open the case database at PATH instead of the default one"), N_("PATH") },
    { "user", 'u', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
      N_("Work as the professional with this record id (for “My Cases” and triage)"), N_("ID") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  self->told_requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Case planning for family services."));
}

MoniaApplication *
monia_application_new (void)
{
  return g_object_new (MONIA_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

const char *
monia_application_get_database_path (MoniaApplication *self)
{
  g_return_val_if_fail (MONIA_IS_APPLICATION (self), NULL);

  if (self->database_path == NULL)
    self->database_path = build_default_database_path ();

  return self->database_path;
}
