/* monia-help-request-row.c — one open help request in the inbox
 *
 * The row looks like an AdwActionRow (the same style classes: a box.header
 * holding a box.title with label.title and label.subtitle) but is a plain
 * GtkListBoxRow of single-line, ellipsized labels. The inbox is the first
 * page a worker sees, and its rows were most of the time to Monia's first
 * frame: an action row's labels wrap, so each is measured height-for-width
 * again and again, and the row brings widgets the inbox does not use
 * (tests/bench/run-ui-bench.sh). The full topic and message are in the
 * triage dialog the row opens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-help-request-row.h"

struct _MoniaHelpRequestRow
{
  GtkListBoxRow  parent_instance;

  MoniaIntake   *intake;
  MoniaRecord   *request;
  gboolean       overdue;

  GtkImage      *channel_icon;
  GtkLabel      *title_label;
  GtkLabel      *subtitle_label;
  GtkImage      *overdue_icon;
  GtkLabel      *countdown_label;
  GtkLabel      *due_label;
};

G_DEFINE_FINAL_TYPE (MoniaHelpRequestRow, monia_help_request_row, GTK_TYPE_LIST_BOX_ROW)

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

static const char *
get_topic (MoniaHelpRequestRow *self)
{
  const char *topic = monia_record_get_string (self->request, "topic");

  return topic != NULL && topic[0] != '\0' ? topic : _("No topic");
}

static void
update_texts (MoniaHelpRequestRow *self)
{
  const char *channel = monia_record_get_string (self->request, "channel");
  const char *name = monia_record_get_string (self->request, "contact_name");
  g_autofree char *received = monia_intake_format_received (self->intake,
                                                            monia_record_get_int (self->request, "received_at", 0),
                                                            NULL);
  g_autofree char *subtitle = NULL;
  const char *who;

  if (monia_record_get_bool (self->request, "anonymous"))
    who = _("Anonymous");
  else if (name == NULL || name[0] == '\0')
    who = _("No name given");
  else
    who = name;

  /* When it arrived first: on a narrow window the end of the line is cut,
   * and the channel has its icon besides. */
  /* Translators: when a help request arrived, its channel and who sent it:
   * "4 Mar, 10:15 · Callback request · Testi Testinen" */
  subtitle = g_strdup_printf (_("%s · %s · %s"), received, monia_intake_channel_to_label (channel), who);

  gtk_label_set_text (self->title_label, get_topic (self));
  gtk_label_set_text (self->subtitle_label, subtitle);
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
  g_autofree char *left = NULL;
  g_autofree char *due = NULL;
  g_autofree char *label = NULL;
  gint64 due_at;

  g_return_if_fail (MONIA_IS_HELP_REQUEST_ROW (self));

  due_at = monia_intake_get_due_at (self->intake, self->request);
  monia_intake_get_countdown (self->intake, due_at, now, &countdown);
  left = monia_countdown_format (&countdown);
  due = monia_intake_format_due (self->intake, due_at, now);
  if (g_strcmp0 (gtk_label_get_text (self->countdown_label), left) != 0)
    gtk_label_set_text (self->countdown_label, left);
  if (g_strcmp0 (gtk_label_get_text (self->due_label), due) != 0)
    gtk_label_set_text (self->due_label, due);

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

  /* Translators: what a screen reader says for an inbox row: the topic,
   * the channel, the time left ("2 working days left"), then the promise
   * ("by Thu 10 Dec 24:00") */
  label = g_strdup_printf (_("%s, %s, %s, %s"), get_topic (self),
                           monia_intake_channel_to_label (monia_record_get_string (self->request, "channel")),
                           left, due);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
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

/* A label of one line that ellipsizes: measured once, not for every width. */
static GtkLabel *
create_line_label (const char *css_class)
{
  GtkLabel *label = GTK_LABEL (gtk_label_new (NULL));

  gtk_label_set_xalign (label, 0);
  gtk_label_set_ellipsize (label, PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (label), css_class);
  return label;
}

/* Built in code rather than from a template: the inbox makes a batch of
 * these before the first frame, and every widget counts there. */
static void
monia_help_request_row_init (MoniaHelpRequestRow *self)
{
  GtkWidget *header, *titles, *suffixes, *times;

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), TRUE);

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (header, "header");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), header);

  self->channel_icon = GTK_IMAGE (gtk_image_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->channel_icon), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->channel_icon), "prefixes");
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->channel_icon));

  titles = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (titles, "title");
  gtk_widget_set_valign (titles, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (titles, TRUE);
  self->title_label = create_line_label ("title");
  /* On a narrow window the topic keeps a few words; the countdown wraps. */
  gtk_label_set_width_chars (self->title_label, 12);
  self->subtitle_label = create_line_label ("subtitle");
  gtk_box_append (GTK_BOX (titles), GTK_WIDGET (self->title_label));
  gtk_box_append (GTK_BOX (titles), GTK_WIDGET (self->subtitle_label));
  gtk_box_append (GTK_BOX (header), titles);

  suffixes = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (suffixes, "suffixes");
  gtk_widget_set_valign (suffixes, GTK_ALIGN_CENTER);
  self->overdue_icon = GTK_IMAGE (gtk_image_new_from_icon_name ("alarm-symbolic"));
  gtk_widget_add_css_class (GTK_WIDGET (self->overdue_icon), "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->overdue_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Overdue"),
                                  -1);
  gtk_widget_set_visible (GTK_WIDGET (self->overdue_icon), FALSE);
  self->countdown_label = GTK_LABEL (gtk_label_new (NULL));
  /* One line while there is room; on a narrow window two, so the topic
   * keeps some of its width. The only label of the row that wraps. */
  gtk_label_set_wrap (self->countdown_label, TRUE);
  gtk_label_set_natural_wrap_mode (self->countdown_label, GTK_NATURAL_WRAP_NONE);
  gtk_label_set_width_chars (self->countdown_label, 12);
  gtk_label_set_max_width_chars (self->countdown_label, 32);
  gtk_label_set_justify (self->countdown_label, GTK_JUSTIFY_RIGHT);
  gtk_label_set_xalign (self->countdown_label, 1.0);
  gtk_widget_add_css_class (GTK_WIDGET (self->countdown_label), "countdown");
  /* Under the time left, the promise as a day and a time. */
  self->due_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->due_label, TRUE);
  gtk_label_set_natural_wrap_mode (self->due_label, GTK_NATURAL_WRAP_NONE);
  gtk_label_set_width_chars (self->due_label, 12);
  gtk_label_set_max_width_chars (self->due_label, 32);
  gtk_label_set_justify (self->due_label, GTK_JUSTIFY_RIGHT);
  gtk_label_set_xalign (self->due_label, 1.0);
  gtk_widget_add_css_class (GTK_WIDGET (self->due_label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->due_label), "dim-label");
  times = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_valign (times, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (times), GTK_WIDGET (self->countdown_label));
  gtk_box_append (GTK_BOX (times), GTK_WIDGET (self->due_label));
  gtk_box_append (GTK_BOX (suffixes), GTK_WIDGET (self->overdue_icon));
  gtk_box_append (GTK_BOX (suffixes), times);
  gtk_box_append (GTK_BOX (suffixes), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_box_append (GTK_BOX (header), suffixes);
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

GtkLabel *
monia_help_request_row_get_due_label (MoniaHelpRequestRow *self)
{
  g_return_val_if_fail (MONIA_IS_HELP_REQUEST_ROW (self), NULL);

  return self->due_label;
}

GtkLabel *
monia_help_request_row_get_subtitle_label (MoniaHelpRequestRow *self)
{
  g_return_val_if_fail (MONIA_IS_HELP_REQUEST_ROW (self), NULL);

  return self->subtitle_label;
}

gboolean
monia_help_request_row_is_overdue (MoniaHelpRequestRow *self)
{
  g_return_val_if_fail (MONIA_IS_HELP_REQUEST_ROW (self), FALSE);

  return self->overdue;
}
