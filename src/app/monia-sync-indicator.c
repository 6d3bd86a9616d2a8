/* monia-sync-indicator.c — a small button in the header bar showing how
 * synchronisation stands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-sync-indicator.h"

/* Syncing that ends sooner than this shows no spinner, so a quick push
 * after each save does not make the header bar flicker. */
#define SPINNER_DELAY_MS 1000
/* "5 minutes ago" is kept current this often. */
#define REFRESH_INTERVAL_S 30

struct _MoniaSyncIndicator
{
  AdwBin           parent_instance;

  MoniaSyncClient *client;
  char            *label;
  char            *description;
  guint            spinner_source;
  guint            refresh_source;
  gboolean         spinning;

  GtkWidget       *button;
  GtkStack        *stack;
  GtkImage        *image;
  GtkSpinner      *spinner;
};

G_DEFINE_FINAL_TYPE (MoniaSyncIndicator, monia_sync_indicator, ADW_TYPE_BIN)

char *
monia_format_last_synced (gint64 last_synced,
                          gint64 now)
{
  gint64 ago = now - last_synced;

  if (last_synced <= 0)
    return g_strdup (_("Not synced yet"));
  if (ago < 60)
    return g_strdup (_("Synced just now"));
  if (ago < 3600)
    {
      int minutes = (int) (ago / 60);
      /* Translators: how long ago the last synchronisation was */
      return g_strdup_printf (g_dngettext (NULL, "Synced %d minute ago", "Synced %d minutes ago", minutes),
                              minutes);
    }
  if (ago < 24 * 3600)
    {
      int hours = (int) (ago / 3600);
      /* Translators: how long ago the last synchronisation was */
      return g_strdup_printf (g_dngettext (NULL, "Synced %d hour ago", "Synced %d hours ago", hours),
                              hours);
    }
  {
    int days = (int) (ago / (24 * 3600));
    /* Translators: how long ago the last synchronisation was */
    return g_strdup_printf (g_dngettext (NULL, "Synced %d day ago", "Synced %d days ago", days), days);
  }
}

static void
set_spinning (MoniaSyncIndicator *self,
              gboolean            spinning)
{
  self->spinning = spinning;
  gtk_spinner_set_spinning (self->spinner, spinning);
  gtk_stack_set_visible_child_name (self->stack, spinning ? "spinner" : "icon");
}

static gboolean
show_spinner_cb (gpointer user_data)
{
  MoniaSyncIndicator *self = user_data;

  self->spinner_source = 0;
  set_spinning (self, TRUE);
  return G_SOURCE_REMOVE;
}

static void
set_style (MoniaSyncIndicator *self,
           const char         *style)
{
  gtk_widget_remove_css_class (self->button, "warning");
  gtk_widget_remove_css_class (self->button, "error");
  if (style != NULL)
    gtk_widget_add_css_class (self->button, style);
}

static void
update (MoniaSyncIndicator *self)
{
  MoniaSyncState state = self->client ? monia_sync_client_get_state (self->client) : MONIA_SYNC_STATE_NOT_SET_UP;
  const char *message = self->client ? monia_sync_client_get_message (self->client) : NULL;
  gint64 last = self->client ? monia_sync_client_get_last_synced (self->client) : 0;
  g_autofree char *synced = monia_format_last_synced (last, g_get_real_time () / G_USEC_PER_SEC);
  g_autofree char *tooltip = NULL;
  const char *icon = "emblem-ok-symbolic";
  const char *label;
  const char *style = NULL;

  switch (state)
    {
    case MONIA_SYNC_STATE_IDLE:
      label = synced;
      message = NULL;
      break;
    case MONIA_SYNC_STATE_SYNCING:
      label = _("Syncing");
      message = synced;
      break;
    case MONIA_SYNC_STATE_OFFLINE:
      icon = "network-offline-symbolic";
      label = _("Offline");
      break;
    case MONIA_SYNC_STATE_LOGIN_NEEDED:
      icon = "dialog-password-symbolic";
      label = _("Login needed to sync");
      style = "warning";
      break;
    case MONIA_SYNC_STATE_ERROR:
      icon = "dialog-warning-symbolic";
      label = _("Sync problem");
      style = "error";
      break;
    case MONIA_SYNC_STATE_NOT_SET_UP:
    default:
      label = _("Not synced: this computer only");
      message = NULL;
      break;
    }

  g_free (self->label);
  self->label = g_strdup (label);
  g_free (self->description);
  self->description = g_strdup (message != NULL ? message : "");

  /* Nothing to say on a store that never syncs: the header stays quiet. */
  gtk_widget_set_visible (GTK_WIDGET (self), state != MONIA_SYNC_STATE_NOT_SET_UP);
  gtk_image_set_from_icon_name (self->image, icon);
  set_style (self, style);

  tooltip = message != NULL && *message != '\0' ? g_strdup_printf ("%s\n%s", label, message) : g_strdup (label);
  gtk_widget_set_tooltip_text (self->button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->description,
                                  -1);

  if (state == MONIA_SYNC_STATE_SYNCING)
    {
      if (!self->spinning && self->spinner_source == 0)
        self->spinner_source = g_timeout_add (SPINNER_DELAY_MS, show_spinner_cb, self);
    }
  else
    {
      g_clear_handle_id (&self->spinner_source, g_source_remove);
      if (self->spinning)
        set_spinning (self, FALSE);
    }
}

static gboolean
refresh_cb (gpointer user_data)
{
  update (MONIA_SYNC_INDICATOR (user_data));
  return G_SOURCE_CONTINUE;
}

static void
monia_sync_indicator_dispose (GObject *object)
{
  MoniaSyncIndicator *self = MONIA_SYNC_INDICATOR (object);

  g_clear_handle_id (&self->spinner_source, g_source_remove);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (monia_sync_indicator_parent_class)->dispose (object);
}

static void
monia_sync_indicator_finalize (GObject *object)
{
  MoniaSyncIndicator *self = MONIA_SYNC_INDICATOR (object);

  g_free (self->label);
  g_free (self->description);

  G_OBJECT_CLASS (monia_sync_indicator_parent_class)->finalize (object);
}

static void
monia_sync_indicator_class_init (MoniaSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = monia_sync_indicator_dispose;
  object_class->finalize = monia_sync_indicator_finalize;
}

static void
monia_sync_indicator_init (MoniaSyncIndicator *self)
{
  self->button = gtk_button_new ();
  self->stack = GTK_STACK (gtk_stack_new ());
  self->image = GTK_IMAGE (gtk_image_new ());
  self->spinner = GTK_SPINNER (gtk_spinner_new ());

  gtk_stack_add_named (self->stack, GTK_WIDGET (self->image), "icon");
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->spinner), "spinner");
  gtk_button_set_child (GTK_BUTTON (self->button), GTK_WIDGET (self->stack));
  gtk_widget_add_css_class (self->button, "flat");
  /* Whatever the state, the way to do something about it is the account
   * page. */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->button), "app.preferences");
  adw_bin_set_child (ADW_BIN (self), self->button);

  update (self);
}

GtkWidget *
monia_sync_indicator_new (void)
{
  return g_object_new (MONIA_TYPE_SYNC_INDICATOR, NULL);
}

void
monia_sync_indicator_set_client (MoniaSyncIndicator *self,
                                 MoniaSyncClient    *client)
{
  g_return_if_fail (MONIA_IS_SYNC_INDICATOR (self));
  g_return_if_fail (client == NULL || MONIA_IS_SYNC_CLIENT (client));

  if (self->client == client)
    return;

  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_set_object (&self->client, client);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (client != NULL)
    {
      g_signal_connect_object (client, "notify::state", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (client, "notify::message", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (client, "notify::last-synced", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      self->refresh_source = g_timeout_add_seconds (REFRESH_INTERVAL_S, refresh_cb, self);
    }
  update (self);
}

MoniaSyncClient *
monia_sync_indicator_get_client (MoniaSyncIndicator *self)
{
  g_return_val_if_fail (MONIA_IS_SYNC_INDICATOR (self), NULL);
  return self->client;
}

const char *
monia_sync_indicator_get_label (MoniaSyncIndicator *self)
{
  g_return_val_if_fail (MONIA_IS_SYNC_INDICATOR (self), NULL);
  return self->label;
}

const char *
monia_sync_indicator_get_description (MoniaSyncIndicator *self)
{
  g_return_val_if_fail (MONIA_IS_SYNC_INDICATOR (self), NULL);
  return self->description;
}

gboolean
monia_sync_indicator_get_spinning (MoniaSyncIndicator *self)
{
  g_return_val_if_fail (MONIA_IS_SYNC_INDICATOR (self), FALSE);
  return self->spinning;
}
