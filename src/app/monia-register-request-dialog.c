/* monia-register-request-dialog.c — registers a help request by hand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "monia-case-util.h"
#include "monia-date-row.h"
#include "monia-register-request-dialog.h"

struct _MoniaRegisterRequestDialog
{
  AdwWindow    parent_instance;

  MoniaIntake *intake;

  AdwComboRow *channel_row;
  MoniaDateRow *received_day_row;
  AdwEntryRow *received_time_row;
  GtkSwitch   *anonymous_switch;
  GtkWidget   *outside_row;
  GtkSwitch   *outside_switch;
  AdwEntryRow *name_row;
  AdwEntryRow *phone_row;
  AdwEntryRow *topic_row;
  AdwEntryRow *message_row;
  GtkButton   *cancel_button;
  GtkButton   *register_button;
  GtkLabel    *error_label;
};

G_DEFINE_FINAL_TYPE (MoniaRegisterRequestDialog, monia_register_request_dialog, ADW_TYPE_WINDOW)

enum {
  REQUEST_REGISTERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
is_filled (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  return text[0] != '\0';
}

static void
update_register_enabled (MoniaRegisterRequestDialog *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "register-request.register",
                                 is_filled (self->topic_row) || is_filled (self->message_row));
}

static void
on_entry_changed (MoniaRegisterRequestDialog *self)
{
  update_register_enabled (self);
}

static void
on_time_changed (MoniaRegisterRequestDialog *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->received_time_row), "error");
}

/* A time as people type it: 14:30, 14.30 or 9.05. */
static gboolean
parse_time (const char *text,
            int        *hour,
            int        *minute)
{
  g_autofree char *clean = g_strstrip (g_strdup (text != NULL ? text : ""));
  char *separator = strpbrk (clean, ":.");
  guint64 h, m;

  if (separator == NULL || strlen (separator + 1) != 2)
    return FALSE;
  *separator = '\0';
  if (!g_ascii_string_to_unsigned (clean, 10, 0, 23, &h, NULL) ||
      !g_ascii_string_to_unsigned (separator + 1, 10, 0, 59, &m, NULL))
    return FALSE;
  *hour = (int) h;
  *minute = (int) m;
  return TRUE;
}

/* The moment the request came in, as typed in the day and time rows, in
 * the intake's time zone; NULL (and the time row marked) if the time cannot
 * be read. */
static GDateTime *
get_received (MoniaRegisterRequestDialog *self)
{
  int hour, minute;
  GDate day;

  if (!monia_date_row_get_date (self->received_day_row, &day))
    monia_get_today (&day);
  if (!parse_time (gtk_editable_get_text (GTK_EDITABLE (self->received_time_row)), &hour, &minute))
    return NULL;

  return g_date_time_new (monia_intake_get_time_zone (self->intake),
                          g_date_get_year (&day), g_date_get_month (&day), g_date_get_day (&day),
                          hour, minute, 0);
}

static void
on_anonymous_changed (MoniaRegisterRequestDialog *self)
{
  gboolean anonymous = gtk_switch_get_active (self->anonymous_switch);

  gtk_widget_set_sensitive (GTK_WIDGET (self->name_row), !anonymous);
  gtk_widget_set_sensitive (GTK_WIDGET (self->phone_row), !anonymous);
}

/* Only a professional's consultation call can come from outside the county. */
static void
on_channel_selected (MoniaRegisterRequestDialog *self)
{
  const char * const *channels = monia_intake_get_channels ();
  guint selected = adw_combo_row_get_selected (self->channel_row);

  gtk_widget_set_visible (self->outside_row, selected < g_strv_length ((char **) channels) &&
                                             g_str_equal (channels[selected], MONIA_CHANNEL_CONSULTATION));
}

static void
show_error (MoniaRegisterRequestDialog *self,
            const char                 *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
register_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MoniaRegisterRequestDialog *self = MONIA_REGISTER_REQUEST_DIALOG (widget);
  const char * const *channels = monia_intake_get_channels ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) received = NULL;
  g_autofree char *id = NULL;
  MoniaIntakeRequest request = { NULL };
  guint selected = adw_combo_row_get_selected (self->channel_row);

  if (selected >= g_strv_length ((char **) channels))
    {
      show_error (self, _("Choose the channel the request came by."));
      return;
    }

  received = get_received (self);
  if (received == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->received_time_row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->received_time_row));
      show_error (self, _("Write the time the request came in as hours and minutes, such as 14:30."));
      return;
    }

  request.channel = channels[selected];
  request.received_at = received;
  request.anonymous = gtk_switch_get_active (self->anonymous_switch);
  request.from_outside_area = gtk_widget_get_visible (self->outside_row) &&
                              gtk_switch_get_active (self->outside_switch);
  request.contact_name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  request.contact_phone = gtk_editable_get_text (GTK_EDITABLE (self->phone_row));
  request.topic = gtk_editable_get_text (GTK_EDITABLE (self->topic_row));
  request.message = gtk_editable_get_text (GTK_EDITABLE (self->message_row));

  id = monia_intake_register (self->intake, &request, &error);
  if (id == NULL)
    {
      /* Everything typed stays, so the person can fix it and retry. */
      show_error (self, error->message);
      return;
    }

  g_signal_emit (self, signals[REQUEST_REGISTERED], 0, id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
monia_register_request_dialog_dispose (GObject *object)
{
  MoniaRegisterRequestDialog *self = MONIA_REGISTER_REQUEST_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MONIA_TYPE_REGISTER_REQUEST_DIALOG);
  g_clear_object (&self->intake);

  G_OBJECT_CLASS (monia_register_request_dialog_parent_class)->dispose (object);
}

static void
monia_register_request_dialog_class_init (MoniaRegisterRequestDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = monia_register_request_dialog_dispose;

  /**
   * MoniaRegisterRequestDialog::request-registered:
   * @self: the dialog
   * @request_id: the new help request's id
   */
  signals[REQUEST_REGISTERED] =
    g_signal_new ("request-registered",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (MONIA_TYPE_DATE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/monia-register-request-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MoniaRegisterRequestDialog, channel_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaRegisterRequestDialog, received_day_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaRegisterRequestDialog, received_time_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaRegisterRequestDialog, anonymous_switch);
  gtk_widget_class_bind_template_child (widget_class, MoniaRegisterRequestDialog, outside_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaRegisterRequestDialog, outside_switch);
  gtk_widget_class_bind_template_child (widget_class, MoniaRegisterRequestDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaRegisterRequestDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaRegisterRequestDialog, topic_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaRegisterRequestDialog, message_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaRegisterRequestDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, MoniaRegisterRequestDialog, register_button);
  gtk_widget_class_bind_template_child (widget_class, MoniaRegisterRequestDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_anonymous_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_time_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_channel_selected);

  gtk_widget_class_install_action (widget_class, "register-request.register", NULL, register_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
monia_register_request_dialog_init (MoniaRegisterRequestDialog *self)
{
  const char * const *channels = monia_intake_get_channels ();
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = NULL;
  GDate today;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Now, unless the person says it came in earlier (a call logged after
   * it ended, a letter opened in the morning). */
  monia_get_today (&today);
  monia_date_row_set_date (self->received_day_row, &today);
  time = g_date_time_format (now, "%H:%M");
  gtk_editable_set_text (GTK_EDITABLE (self->received_time_row), time);

  for (guint i = 0; channels[i] != NULL; i++)
    gtk_string_list_append (labels, monia_intake_channel_to_label (channels[i]));
  adw_combo_row_set_model (self->channel_row, G_LIST_MODEL (labels));
  /* A call is what is most often typed in by hand. */
  for (guint i = 0; channels[i] != NULL; i++)
    if (g_str_equal (channels[i], MONIA_CHANNEL_PHONE))
      adw_combo_row_set_selected (self->channel_row, i);

  /* GTK 4.8 would read "_Cancel Cancel": the label child is enough. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->cancel_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->register_button), GTK_ACCESSIBLE_PROPERTY_LABEL);

  update_register_enabled (self);
}

MoniaRegisterRequestDialog *
monia_register_request_dialog_new (MoniaIntake *intake)
{
  MoniaRegisterRequestDialog *self;

  g_return_val_if_fail (MONIA_IS_INTAKE (intake), NULL);

  self = g_object_new (MONIA_TYPE_REGISTER_REQUEST_DIALOG, NULL);
  self->intake = g_object_ref (intake);
  return self;
}

AdwComboRow *
_monia_register_request_dialog_get_channel_row (MoniaRegisterRequestDialog *self)
{
  return self->channel_row;
}

MoniaDateRow *
_monia_register_request_dialog_get_received_day_row (MoniaRegisterRequestDialog *self)
{
  return self->received_day_row;
}

GtkEditable *
_monia_register_request_dialog_get_received_time_entry (MoniaRegisterRequestDialog *self)
{
  return GTK_EDITABLE (self->received_time_row);
}

GtkSwitch *
_monia_register_request_dialog_get_anonymous (MoniaRegisterRequestDialog *self)
{
  return self->anonymous_switch;
}

GtkSwitch *
_monia_register_request_dialog_get_outside (MoniaRegisterRequestDialog *self)
{
  return self->outside_switch;
}

GtkEditable *
_monia_register_request_dialog_get_name_entry (MoniaRegisterRequestDialog *self)
{
  return GTK_EDITABLE (self->name_row);
}

GtkEditable *
_monia_register_request_dialog_get_phone_entry (MoniaRegisterRequestDialog *self)
{
  return GTK_EDITABLE (self->phone_row);
}

GtkEditable *
_monia_register_request_dialog_get_topic_entry (MoniaRegisterRequestDialog *self)
{
  return GTK_EDITABLE (self->topic_row);
}

GtkEditable *
_monia_register_request_dialog_get_message_entry (MoniaRegisterRequestDialog *self)
{
  return GTK_EDITABLE (self->message_row);
}

GtkWidget *
_monia_register_request_dialog_get_register_button (MoniaRegisterRequestDialog *self)
{
  return GTK_WIDGET (self->register_button);
}

GtkLabel *
_monia_register_request_dialog_get_error_label (MoniaRegisterRequestDialog *self)
{
  return self->error_label;
}
