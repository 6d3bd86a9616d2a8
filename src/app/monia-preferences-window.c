/* monia-preferences-window.c — preferences: the account on the region's
 * server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-preferences-window.h"
#include "monia-store-sync.h"
#include "monia-sync-indicator.h"

struct _MoniaPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  MoniaSyncClient      *client;
  GCancellable         *cancellable;

  GtkWidget            *server_group;
  GtkWidget            *url_row;
  GtkWidget            *login_row;
  GtkWidget            *password_row;
  GtkWidget            *login_button;
  GtkLabel             *error_label;
  GtkLabel             *account_error_label;
  GtkWidget            *status_row;
  GtkWidget            *sync_button;
  GtkWidget            *logout_button;
  GSettings            *settings;       /* NULL when the schema is not installed */
  GtkWidget            *notify_switches[3];
  GtkSpinButton        *cap_spin;
};

G_DEFINE_FINAL_TYPE (MoniaPreferencesWindow, monia_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
set_error_label (GtkLabel   *label,
                 const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL && *message != '\0');
}

/* A login's error shows under the login form; a sync's or a logout's under
 * the account, as the form is away while logged in. */
static void
show_error (MoniaPreferencesWindow *self,
            const char             *message)
{
  set_error_label (self->error_label, message);
}

static void
show_account_error (MoniaPreferencesWindow *self,
                    const char             *message)
{
  set_error_label (self->account_error_label, message);
}

/* Logged in: a token this session holds that the server has not refused. */
static gboolean
is_logged_in (MoniaPreferencesWindow *self)
{
  MoniaSyncState state = monia_sync_client_get_state (self->client);

  return monia_sync_client_get_token (self->client) != NULL &&
         state != MONIA_SYNC_STATE_NOT_SET_UP && state != MONIA_SYNC_STATE_LOGIN_NEEDED;
}

static void
update_status (MoniaPreferencesWindow *self)
{
  MoniaStore *store = monia_sync_client_get_store (self->client);
  MoniaSyncState state = monia_sync_client_get_state (self->client);
  g_autofree char *name = monia_store_get_sync_setting (store, "account_name");
  g_autofree char *login = monia_store_get_sync_setting (store, "login");
  g_autofree char *synced = NULL;
  g_autofree char *subtitle = NULL;
  const char *message = monia_sync_client_get_message (self->client);
  gboolean logged_in = login != NULL && state != MONIA_SYNC_STATE_NOT_SET_UP;
  gboolean show_form = !is_logged_in (self);

  if (state == MONIA_SYNC_STATE_SYNCING)
    synced = g_strdup (_("Syncing"));
  else
    synced = monia_format_last_synced (monia_sync_client_get_last_synced (self->client),
                                       g_get_real_time () / G_USEC_PER_SEC);
  if (message != NULL && *message != '\0' && state != MONIA_SYNC_STATE_IDLE)
    subtitle = g_strdup_printf ("%s\n%s", synced, message);
  else
    subtitle = g_strdup (synced);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row),
                                 !logged_in ? _("Not logged in")
                                 : name != NULL ? name : login);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->status_row),
                               logged_in ? subtitle : _("Not synced: this computer only"));
  gtk_widget_set_sensitive (self->sync_button, logged_in && state != MONIA_SYNC_STATE_SYNCING);
  gtk_widget_set_sensitive (self->logout_button, logged_in);

  /* The password form is for logging in, not to be filled again while the
   * session holds; a login that expired brings it back. */
  if (gtk_widget_get_visible (self->server_group) != show_form)
    {
      gtk_widget_set_visible (self->server_group, show_form);
      if (show_form)
        show_account_error (self, NULL);
      else
        show_error (self, NULL);
    }
}

static void
login_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(MoniaPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  gtk_widget_set_sensitive (self->login_button, TRUE);
  if (!monia_sync_client_login_finish (MONIA_SYNC_CLIENT (source), result, &error) &&
      !g_error_matches (error, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_KEYRING))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }

  /* Logged in (perhaps only for this session, which the message says,
   * under the account: the form is away now). */
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  monia_sync_client_start (self->client);
  update_status (self);
  show_account_error (self, error != NULL ? error->message : NULL);
}

static void
log_in_cb (MoniaPreferencesWindow *self)
{
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->url_row));
  const char *login = gtk_editable_get_text (GTK_EDITABLE (self->login_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  show_error (self, NULL);
  gtk_widget_set_sensitive (self->login_button, FALSE);
  monia_sync_client_login_async (self->client, url, login, password, self->cancellable,
                                 login_done_cb, g_object_ref (self));
}

static void
sync_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MoniaPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!monia_sync_client_sync_finish (MONIA_SYNC_CLIENT (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_account_error (self, error->message);
  update_status (self);
}

static void
sync_now_cb (MoniaPreferencesWindow *self)
{
  show_account_error (self, NULL);
  monia_sync_client_sync_async (self->client, self->cancellable, sync_done_cb, g_object_ref (self));
}

static void
logout_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(MoniaPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!monia_sync_client_logout_finish (MONIA_SYNC_CLIENT (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_account_error (self, error->message);
  update_status (self);
}

static void
log_out_cb (MoniaPreferencesWindow *self)
{
  show_account_error (self, NULL);
  monia_sync_client_stop (self->client);
  monia_sync_client_logout_async (self->client, self->cancellable, logout_done_cb, g_object_ref (self));
}

static GtkWidget *
make_button (const char *label,
             const char *style)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  /* GTK 4.8 reads the label property, then the label pointing at the
   * button: "_Log In Log In". The label alone names it. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  if (style != NULL)
    gtk_widget_add_css_class (button, style);
  return button;
}

/* An alert: a screen reader says it when it appears. */
static GtkLabel *
make_error_label (void)
{
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL, "accessible-role", GTK_ACCESSIBLE_ROLE_ALERT, NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_set_visible (label, FALSE);
  return GTK_LABEL (label);
}

static void
build_page (MoniaPreferencesWindow *self)
{
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *server_group = self->server_group = adw_preferences_group_new ();
  GtkWidget *account_group = adw_preferences_group_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("Account"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "avatar-default-symbolic");

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (server_group), _("Server"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (server_group),
                                         _("Log in to your region’s Monia server to share cases with your team. "
                                           "Without a login, cases stay on this computer only."));

  self->url_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->url_row), _("Server Address"));
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), "https://");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (server_group), self->url_row);

  self->login_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->login_row), _("Login Name"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (server_group), self->login_row);

  self->password_row = adw_password_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row), _("Password"));
  g_signal_connect_object (self->password_row, "entry-activated", G_CALLBACK (log_in_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (server_group), self->password_row);

  self->error_label = make_error_label ();
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (server_group), GTK_WIDGET (self->error_label));

  self->login_button = make_button (_("_Log In"), "suggested-action");
  gtk_widget_set_halign (self->login_button, GTK_ALIGN_END);
  gtk_widget_set_margin_top (self->login_button, 12);
  g_signal_connect_object (self->login_button, "clicked", G_CALLBACK (log_in_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (server_group), self->login_button);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (account_group), _("Account"));
  self->status_row = adw_action_row_new ();
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (self->status_row), 4);
  self->sync_button = make_button (_("_Sync Now"), NULL);
  g_signal_connect_object (self->sync_button, "clicked", G_CALLBACK (sync_now_cb), self, G_CONNECT_SWAPPED);
  self->logout_button = make_button (_("Log _Out"), "destructive-action");
  g_signal_connect_object (self->logout_button, "clicked", G_CALLBACK (log_out_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), self->sync_button);
  gtk_box_append (GTK_BOX (box), self->logout_button);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->status_row), box);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (account_group), self->status_row);
  self->account_error_label = make_error_label ();
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (account_group), GTK_WIDGET (self->account_error_label));

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (account_group));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (server_group));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (page));
}

static const struct
{
  const char *key;
  const char *title;
  const char *subtitle;
} notify_keys[] = {
  { "notify-decision-due", N_("Decisions to Start Due Tomorrow"),
    N_("When matters of your cases must be decided on by the next working day") },
  { "notify-request-promise", N_("Promises About to Be Broken"),
    N_("When open help requests must be answered within two hours") },
  { "notify-conflict", N_("Conflicting Changes"),
    N_("When a change here and one made elsewhere need your choice") },
};

/* Notifications and the caseload cap: settings of this computer. */
static void
build_general_page (MoniaPreferencesWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE) : NULL;
  GtkWidget *page, *notify_group, *overview_group, *cap_row;

  if (schema == NULL || !g_settings_schema_has_key (schema, "caseload-cap"))
    return;
  self->settings = g_settings_new_full (schema, NULL, NULL);

  page = adw_preferences_page_new ();
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("General"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "preferences-system-symbolic");

  notify_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (notify_group), _("Notifications"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (notify_group),
                                         _("They never name a client: they may show on a locked screen."));
  for (guint i = 0; i < G_N_ELEMENTS (notify_keys); i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *toggle = gtk_switch_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(notify_keys[i].title));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(notify_keys[i].subtitle));
      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
      /* The row names its switch (it is the row's activatable widget): a
       * label of the switch's own would be said twice. */
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
      g_settings_bind (self->settings, notify_keys[i].key, toggle, "active", G_SETTINGS_BIND_DEFAULT);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (notify_group), row);
      self->notify_switches[i] = toggle;
    }

  overview_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (overview_group), _("Team Overview"));
  cap_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (cap_row), _("Caseload Cap"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (cap_row),
                               _("The most children a social worker may have in open cases (30 by law from 2024)"));
  self->cap_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (1, 100, 1));
  gtk_widget_set_valign (GTK_WIDGET (self->cap_spin), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->cap_spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Caseload Cap"), -1);
  g_settings_bind (self->settings, "caseload-cap", self->cap_spin, "value", G_SETTINGS_BIND_DEFAULT);
  adw_action_row_add_suffix (ADW_ACTION_ROW (cap_row), GTK_WIDGET (self->cap_spin));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (overview_group), cap_row);

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (notify_group));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (overview_group));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (page));
}

static void
monia_preferences_window_dispose (GObject *object)
{
  MoniaPreferencesWindow *self = MONIA_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (monia_preferences_window_parent_class)->dispose (object);
}

static void
monia_preferences_window_finalize (GObject *object)
{
  MoniaPreferencesWindow *self = MONIA_PREFERENCES_WINDOW (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (monia_preferences_window_parent_class)->finalize (object);
}

static void
monia_preferences_window_class_init (MoniaPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = monia_preferences_window_dispose;
  object_class->finalize = monia_preferences_window_finalize;
}

static void
monia_preferences_window_init (MoniaPreferencesWindow *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 560);
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (self), FALSE);
  build_page (self);
  build_general_page (self);
}

GtkWidget *
monia_preferences_window_new (MoniaSyncClient *client)
{
  MoniaPreferencesWindow *self;
  g_autofree char *url = NULL;
  g_autofree char *login = NULL;

  g_return_val_if_fail (MONIA_IS_SYNC_CLIENT (client), NULL);

  self = g_object_new (MONIA_TYPE_PREFERENCES_WINDOW, NULL);
  self->client = g_object_ref (client);

  url = monia_sync_client_dup_server_url (client);
  login = monia_sync_client_dup_login (client);
  if (url != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  if (login != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->login_row), login);

  g_signal_connect_object (client, "notify::state", G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "notify::message", G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "notify::last-synced", G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  update_status (self);

  return GTK_WIDGET (self);
}

GtkEditable *
_monia_preferences_window_get_url_row (MoniaPreferencesWindow *self)
{
  return GTK_EDITABLE (self->url_row);
}

GtkEditable *
_monia_preferences_window_get_login_row (MoniaPreferencesWindow *self)
{
  return GTK_EDITABLE (self->login_row);
}

GtkEditable *
_monia_preferences_window_get_password_row (MoniaPreferencesWindow *self)
{
  return GTK_EDITABLE (self->password_row);
}

GtkButton *
_monia_preferences_window_get_login_button (MoniaPreferencesWindow *self)
{
  return GTK_BUTTON (self->login_button);
}

const char *
_monia_preferences_window_get_error (MoniaPreferencesWindow *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->account_error_label)))
    return gtk_label_get_text (self->account_error_label);
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_text (self->error_label) : "";
}

GtkSwitch *
_monia_preferences_window_get_notify_switch (MoniaPreferencesWindow *self,
                                             guint                   index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (notify_keys), NULL);
  return self->notify_switches[index] != NULL ? GTK_SWITCH (self->notify_switches[index]) : NULL;
}

GtkWidget *
_monia_preferences_window_get_server_group (MoniaPreferencesWindow *self)
{
  return self->server_group;
}

AdwActionRow *
_monia_preferences_window_get_status_row (MoniaPreferencesWindow *self)
{
  return ADW_ACTION_ROW (self->status_row);
}
