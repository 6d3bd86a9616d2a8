/* monia-help-request-row.c — one open help request in the inbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-help-request-row.h"

struct _MoniaHelpRequestRow
{
  AdwActionRow  parent_instance;

  MoniaIntake  *intake;
  MoniaRecord  *request;
  gboolean      overdue;

  GtkImage     *channel_icon;
  GtkImage     *overdue_icon;
  GtkLabel     *countdown_label;
};

G_DEFINE_FINAL_TYPE (MoniaHelpRequestRow, monia_help_request_row, ADW_TYPE_ACTION_ROW)

static const struct {
  const char *channel;
  const char *icon_name;
} channel_icons[] = {
  { MONIA_CHANNEL_WEB, "preferences-system-network-symbolic" },
  { MONIA_CHANNEL_CALLBACK, "call-outgoing-symbolic" },
  { MONIA_CHANNEL_PHONE, "call-incoming-symbolic" },
  { MONIA_CHANNEL_CONSULTATION, "system-users-symbolic" },
  { MONIA_CHANNEL_NOTIFICATION, "dialog-warning-symbolic" },
};

const char *
monia_channel_get_icon_name (const char *channel)
{
  for (guint i = 0; channel != NULL && i < G_N_ELEMENTS (channel_icons); i++)
    if (g_str_equal (channel, channel_icons[i].channel))
      return channel_icons[i].icon_name;
  return "mail-unread-symbolic";
}

static char *
format_received (MoniaRecord *request)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (monia_record_get_int (request, "received_at", 0));
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL || (local = g_date_time_to_local (utc)) == NULL)
    return g_strdup ("");

  /* Translators: when a help request arrived, a g_date_time_format()
   * format; Finnish would use "%-d.%-m. klo %H.%M" */
  return g_date_time_format (local, C_("help request received", "%-d %b, %H:%M"));
}

static void
update_texts (MoniaHelpRequestRow *self)
{
  const char *channel = monia_record_get_string (self->request, "channel");
  const char *topic = monia_record_get_string (self->request, "topic");
  const char *name = monia_record_get_string (self->request, "contact_name");
  g_autofree char *received = format_received (self->request);
  g_autofree char *escaped_topic = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *who = NULL;

  if (topic == NULL || topic[0] == '\0')
    topic = _("No topic");
  if (monia_record_get_bool (self->request, "anonymous") || name == NULL || name[0] == '\0')
    who = g_strdup (monia_record_get_bool (self->request, "anonymous") ? _("Anonymous") : _("No name given"));
  else
    who = g_strdup (name);

  /* Translators: a help request's channel, who sent it and when it arrived:
   * "Callback request · Testi Testinen · 4 Mar, 10:15" */
  subtitle = g_strdup_printf (_("%s · %s · %s"), monia_intake_channel_to_label (channel), who, received);

  escaped_topic = g_markup_escape_text (topic, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), escaped_topic);
  {
    g_autofree char *escaped = g_markup_escape_text (subtitle, -1);

    adw_action_row_set_subtitle (ADW_ACTION_ROW (self), escaped);
  }
  gtk_image_set_from_icon_name (self->channel_icon, monia_channel_get_icon_name (channel));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->channel_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, monia_intake_channel_to_label (channel),
                                  -1);
}

void
monia_help_request_row_update_countdown (MoniaHelpRequestRow *self,
                                         GDateTime           *now)
{
  MoniaCountdown countdown;
  g_autofree char *text = NULL;

  g_return_if_fail (MONIA_IS_HELP_REQUEST_ROW (self));

  monia_intake_get_countdown (self->intake, monia_intake_get_due_at (self->intake, self->request),
                              now, &countdown);
  text = monia_countdown_format (&countdown);
  gtk_label_set_text (self->countdown_label, text);

  self->overdue = countdown.overdue;
  gtk_widget_set_visible (GTK_WIDGET (self->overdue_icon), countdown.overdue);
  if (countdown.overdue)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->countdown_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self), "overdue");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->countdown_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self), "overdue");
    }

  {
    const char *topic = monia_record_get_string (self->request, "topic");
    g_autofree char *label = NULL;

    if (topic == NULL || topic[0] == '\0')
      topic = _("No topic");
    /* Translators: what a screen reader says for an inbox row: the topic,
     * the channel, then the time left ("2 working days left") */
    label = g_strdup_printf (_("%s, %s, %s"), topic,
                             monia_intake_channel_to_label (monia_record_get_string (self->request, "channel")),
                             text);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                    -1);
  }
}

static void
monia_help_request_row_dispose (GObject *object)
{
  MoniaHelpRequestRow *self = MONIA_HELP_REQUEST_ROW (object);

  g_clear_object (&self->request);
  g_clear_object (&self->intake);

  G_OBJECT_CLASS (monia_help_request_row_parent_class)->dispose (object);
}

static void
monia_help_request_row_class_init (MoniaHelpRequestRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = monia_help_request_row_dispose;
}

static void
monia_help_request_row_init (MoniaHelpRequestRow *self)
{
  GtkWidget *box;

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), TRUE);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (self), 2);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (self), 2);

  self->channel_icon = GTK_IMAGE (gtk_image_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->channel_icon), GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (self), GTK_WIDGET (self->channel_icon));

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  self->overdue_icon = GTK_IMAGE (gtk_image_new_from_icon_name ("alarm-symbolic"));
  gtk_widget_add_css_class (GTK_WIDGET (self->overdue_icon), "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->overdue_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Overdue"),
                                  -1);
  gtk_widget_set_visible (GTK_WIDGET (self->overdue_icon), FALSE);
  self->countdown_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->countdown_label, TRUE);
  /* Wide enough that "2 working days left" stays on one or two lines. */
  gtk_label_set_width_chars (self->countdown_label, 12);
  gtk_label_set_max_width_chars (self->countdown_label, 28);
  gtk_label_set_justify (self->countdown_label, GTK_JUSTIFY_RIGHT);
  gtk_label_set_xalign (self->countdown_label, 1.0);
  gtk_widget_add_css_class (GTK_WIDGET (self->countdown_label), "countdown");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->overdue_icon));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->countdown_label));
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), box);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), gtk_image_new_from_icon_name ("go-next-symbolic"));
}

GtkWidget *
monia_help_request_row_new (MoniaIntake *intake,
                            MoniaRecord *request)
{
  MoniaHelpRequestRow *self;

  g_return_val_if_fail (MONIA_IS_INTAKE (intake), NULL);
  g_return_val_if_fail (MONIA_IS_RECORD (request), NULL);

  self = g_object_new (MONIA_TYPE_HELP_REQUEST_ROW, NULL);
  self->intake = g_object_ref (intake);
  self->request = g_object_ref (request);
  update_texts (self);
  monia_help_request_row_update_countdown (self, NULL);

  return GTK_WIDGET (self);
}

MoniaRecord *
monia_help_request_row_get_request (MoniaHelpRequestRow *self)
{
  g_return_val_if_fail (MONIA_IS_HELP_REQUEST_ROW (self), NULL);

  return self->request;
}

GtkLabel *
monia_help_request_row_get_countdown_label (MoniaHelpRequestRow *self)
{
  g_return_val_if_fail (MONIA_IS_HELP_REQUEST_ROW (self), NULL);

  return self->countdown_label;
}

gboolean
monia_help_request_row_is_overdue (MoniaHelpRequestRow *self)
{
  g_return_val_if_fail (MONIA_IS_HELP_REQUEST_ROW (self), FALSE);

  return self->overdue;
}
