/* monia-triage-dialog.c — decides what becomes of a help request
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-catalogue-page.h"
#include "monia-triage-dialog.h"

struct _MoniaTriageDialog
{
  AdwWindow            parent_instance;

  MoniaIntake         *intake;
  MoniaRecord         *request;
  guint                n_services;

  GtkButton           *cancel_button;
  GtkButton           *record_button;
  GtkButton           *reply_button;
  GtkLabel            *error_label;
  AdwPreferencesGroup *request_group;
  AdwActionRow        *channel_info_row;
  AdwActionRow        *contact_info_row;
  AdwActionRow        *due_info_row;
  AdwActionRow        *reference_info_row;
  GtkLabel            *message_label;
  AdwPreferencesGroup *reply_group;
  GtkTextView         *reply_view;
  GtkLabel            *reply_status_label;
  GtkCheckButton      *advice_check;
  GtkCheckButton      *service_check;
  GtkCheckButton      *case_check;
  GtkCheckButton      *notification_check;
  AdwActionRow        *service_choice_row;
  AdwPreferencesGroup *service_group;
  MoniaPickerRow      *service_row;
  AdwPreferencesGroup *case_group;
  AdwEntryRow         *case_title_row;
  AdwEntryRow         *person_row;
};

G_DEFINE_FINAL_TYPE (MoniaTriageDialog, monia_triage_dialog, ADW_TYPE_WINDOW)

enum {
  TRIAGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
get_outcome (MoniaTriageDialog *self)
{
  if (gtk_check_button_get_active (self->advice_check))
    return MONIA_OUTCOME_ADVICE;
  if (gtk_check_button_get_active (self->service_check))
    return MONIA_OUTCOME_SERVICE;
  if (gtk_check_button_get_active (self->case_check))
    return MONIA_OUTCOME_CASE;
  if (gtk_check_button_get_active (self->notification_check))
    return MONIA_OUTCOME_NOTIFICATION;
  return NULL;
}

static void
on_outcome_toggled (MoniaTriageDialog *self)
{
  const char *outcome = get_outcome (self);
  gboolean with_case = g_strcmp0 (outcome, MONIA_OUTCOME_CASE) == 0 ||
                       g_strcmp0 (outcome, MONIA_OUTCOME_NOTIFICATION) == 0;

  gtk_widget_set_visible (GTK_WIDGET (self->service_group), g_strcmp0 (outcome, MONIA_OUTCOME_SERVICE) == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->case_group), with_case);

  if (g_strcmp0 (outcome, MONIA_OUTCOME_NOTIFICATION) == 0)
    {
      adw_preferences_group_set_title (self->case_group, _("The Notification's Case"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->person_row), _("Child's name (optional)"));
      /* The contact made the notification; the child is someone else. */
      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->person_row)),
                     monia_record_get_string (self->request, "contact_name")) == 0)
        gtk_editable_set_text (GTK_EDITABLE (self->person_row), "");
    }
  else if (with_case)
    {
      adw_preferences_group_set_title (self->case_group, _("New Case"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->person_row), _("Person's name (optional)"));
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "triage.record",
                                 outcome != NULL &&
                                 (!g_str_equal (outcome, MONIA_OUTCOME_SERVICE) || self->n_services > 0));
}

static void
record_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MoniaTriageDialog *self = MONIA_TRIAGE_DIALOG (widget);
  const char *outcome = get_outcome (self);
  const char *request_id = monia_record_get_id (self->request);
  const char *title = gtk_editable_get_text (GTK_EDITABLE (self->case_title_row));
  const char *person = gtk_editable_get_text (GTK_EDITABLE (self->person_row));
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = NULL;
  gboolean ok = FALSE;

  if (outcome == NULL)
    return;

  if (g_str_equal (outcome, MONIA_OUTCOME_ADVICE))
    ok = monia_intake_give_advice (self->intake, request_id, &error);
  else if (g_str_equal (outcome, MONIA_OUTCOME_SERVICE))
    ok = monia_intake_direct_to_service (self->intake, request_id,
                                         monia_picker_row_get_selected_id (self->service_row), &error);
  else if (g_str_equal (outcome, MONIA_OUTCOME_CASE))
    ok = (case_id = monia_intake_open_case (self->intake, request_id, title, person, &error)) != NULL;
  else if (g_str_equal (outcome, MONIA_OUTCOME_NOTIFICATION))
    ok = (case_id = monia_intake_register_notification (self->intake, request_id, title, person, &error)) != NULL;

  if (!ok)
    {
      gtk_label_set_text (self->error_label, error != NULL ? error->message : "");
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  g_signal_emit (self, signals[TRIAGED], 0, outcome, request_id, case_id);
  gtk_window_close (GTK_WINDOW (self));
}

/* The reply an anonymous family reads on the server's answer page. */
static void
reply_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  MoniaTriageDialog *self = MONIA_TRIAGE_DIALOG (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->reply_view);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (!monia_intake_reply (self->intake, monia_record_get_id (self->request), text, &error))
    {
      gtk_label_set_text (self->reply_status_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->reply_status_label), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->reply_status_label), "error");
  gtk_label_set_text (self->reply_status_label, _("Saved: the family can read it once this desk has synced."));
}

static int
compare_titles (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  return g_utf8_collate (monia_choice_get_title ((MoniaChoice *) a), monia_choice_get_title ((MoniaChoice *) b));
}

/* The catalogue's services by name, each with who provides it, its sector
 * and its area, so that two of the same name can be told apart. */
static void
fill_services (MoniaTriageDialog *self)
{
  g_autoptr(GListModel) services = monia_intake_list_services (self->intake);
  g_autoptr(GListStore) choices = monia_choice_list_new ();

  self->n_services = g_list_model_get_n_items (services);
  for (guint i = 0; i < self->n_services; i++)
    {
      g_autoptr(MoniaRecord) service = g_list_model_get_item (services, i);
      g_autoptr(GStrvBuilder) parts = g_strv_builder_new ();
      g_auto(GStrv) line = NULL;
      g_autofree char *subtitle = NULL;
      const char *provider = monia_record_get_string (service, "provider");
      const char *sector = monia_record_get_string (service, "sector");
      const char *area = monia_record_get_string (service, "area");

      if (provider != NULL && provider[0] != '\0')
        g_strv_builder_add (parts, provider);
      if (sector != NULL && sector[0] != '\0')
        g_strv_builder_add (parts, monia_service_sector_to_label (sector));
      if (area != NULL && area[0] != '\0')
        g_strv_builder_add (parts, area);
      line = g_strv_builder_end (parts);
      subtitle = line[0] != NULL ? g_strjoinv (" · ", line) : NULL;
      monia_choice_list_add (choices, monia_record_get_id (service), monia_record_get_string (service, "name"),
                             subtitle);
    }
  g_list_store_sort (choices, compare_titles, NULL);

  monia_picker_row_set_choices (self->service_row, G_LIST_MODEL (choices));
  if (self->n_services == 0)
    adw_action_row_set_subtitle (self->service_choice_row, _("The service catalogue is empty"));
}

static void
fill_request (MoniaTriageDialog *self)
{
  const char *channel = monia_record_get_string (self->request, "channel");
  const char *topic = monia_record_get_string (self->request, "topic");
  const char *message = monia_record_get_string (self->request, "message");
  const char *name = monia_record_get_string (self->request, "contact_name");
  const char *phone = monia_record_get_string (self->request, "contact_phone");
  const char *email = monia_record_get_string (self->request, "contact_email");
  gboolean anonymous = monia_record_get_bool (self->request, "anonymous");
  g_autofree char *contact = NULL;
  g_autofree char *countdown_text = NULL;
  g_autofree char *suggested_title = NULL;
  MoniaCountdown countdown;

  adw_preferences_group_set_title (self->request_group,
                                   topic != NULL && topic[0] != '\0' ? topic : _("No topic"));
  adw_action_row_set_subtitle (self->channel_info_row, monia_intake_channel_to_label (channel));

  if (anonymous)
    contact = g_strdup (_("Anonymous"));
  else if (name != NULL && phone != NULL)
    contact = g_strdup_printf ("%s, %s", name, phone);
  else
    contact = g_strdup (name != NULL ? name : phone != NULL ? phone : _("No name given"));
  if (email != NULL && !anonymous)
    {
      g_autofree char *shorter = g_steal_pointer (&contact);

      contact = g_strdup_printf ("%s, %s", shorter, email);
    }
  /* An anonymous callback keeps the number to call. */
  if (anonymous && phone != NULL)
    {
      g_clear_pointer (&contact, g_free);
      /* Translators: an anonymous request's phone number for the callback */
      contact = g_strdup_printf (_("Anonymous, %s"), phone);
    }
  {
    g_autofree char *escaped = g_markup_escape_text (contact, -1);

    adw_action_row_set_subtitle (self->contact_info_row, escaped);
  }

  monia_intake_get_countdown (self->intake, monia_intake_get_due_at (self->intake, self->request),
                              NULL, &countdown);
  {
    g_autofree char *left = monia_countdown_format (&countdown);
    g_autofree char *due = monia_intake_format_due (self->intake,
                                                    monia_intake_get_due_at (self->intake, self->request), NULL);

    /* Translators: the time left to answer a help request, then the
     * promise as a day and a time: "2 working days left · by Thu 10 Dec 24:00" */
    countdown_text = g_strdup_printf (_("%s · %s"), left, due);
  }
  adw_action_row_set_subtitle (self->due_info_row, countdown_text);
  if (countdown.overdue)
    gtk_widget_add_css_class (GTK_WIDGET (self->due_info_row), "error");

  {
    const char *reference = monia_record_get_string (self->request, "reference");
    const char *reply = monia_record_get_string (self->request, "reply");

    gtk_widget_set_visible (GTK_WIDGET (self->reference_info_row), reference != NULL);
    if (reference != NULL)
      adw_action_row_set_subtitle (self->reference_info_row, reference);
    /* Only an anonymous family from the form has no other way to hear. */
    gtk_widget_set_visible (GTK_WIDGET (self->reply_group), anonymous && reference != NULL);
    if (reply != NULL)
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->reply_view), reply, -1);
  }

  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL && message[0] != '\0');

  /* Pre-filled from the request, as the core would name the case. */
  if (!anonymous && name != NULL && topic != NULL)
    suggested_title = g_strdup_printf (_("%s – %s"), name, topic);
  else
    suggested_title = g_strdup (!anonymous && name != NULL ? name : topic != NULL ? topic : "");
  gtk_editable_set_text (GTK_EDITABLE (self->case_title_row), suggested_title);
  if (!anonymous && name != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->person_row), name);

  /* A notification is most often registered as one. */
  if (g_strcmp0 (channel, MONIA_CHANNEL_NOTIFICATION) == 0)
    gtk_check_button_set_active (self->notification_check, TRUE);
}

static void
monia_triage_dialog_dispose (GObject *object)
{
  MoniaTriageDialog *self = MONIA_TRIAGE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MONIA_TYPE_TRIAGE_DIALOG);
  g_clear_object (&self->request);
  g_clear_object (&self->intake);

  G_OBJECT_CLASS (monia_triage_dialog_parent_class)->dispose (object);
}

static void
monia_triage_dialog_class_init (MoniaTriageDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = monia_triage_dialog_dispose;

  /**
   * MoniaTriageDialog::triaged:
   * @self: the dialog
   * @outcome: one of MONIA_OUTCOME_*
   * @request_id: the help request's id
   * @case_id: (nullable): the case opened, if any
   */
  signals[TRIAGED] =
    g_signal_new ("triaged",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);

  g_type_ensure (MONIA_TYPE_PICKER_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/monia-triage-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MoniaTriageDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, MoniaTriageDialog, record_button);
  gtk_widget_class_bind_template_child (widget_class, MoniaTriageDialog, reply_button);
  gtk_widget_class_bind_template_child (widget_class, MoniaTriageDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, MoniaTriageDialog, request_group);
  gtk_widget_class_bind_template_child (widget_class, MoniaTriageDialog, channel_info_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaTriageDialog, contact_info_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaTriageDialog, due_info_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaTriageDialog, reference_info_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaTriageDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, MoniaTriageDialog, reply_group);
  gtk_widget_class_bind_template_child (widget_class, MoniaTriageDialog, reply_view);
  gtk_widget_class_bind_template_child (widget_class, MoniaTriageDialog, reply_status_label);
  gtk_widget_class_bind_template_child (widget_class, MoniaTriageDialog, advice_check);
  gtk_widget_class_bind_template_child (widget_class, MoniaTriageDialog, service_check);
  gtk_widget_class_bind_template_child (widget_class, MoniaTriageDialog, case_check);
  gtk_widget_class_bind_template_child (widget_class, MoniaTriageDialog, notification_check);
  gtk_widget_class_bind_template_child (widget_class, MoniaTriageDialog, service_choice_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaTriageDialog, service_group);
  gtk_widget_class_bind_template_child (widget_class, MoniaTriageDialog, service_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaTriageDialog, case_group);
  gtk_widget_class_bind_template_child (widget_class, MoniaTriageDialog, case_title_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaTriageDialog, person_row);
  gtk_widget_class_bind_template_callback (widget_class, on_outcome_toggled);

  gtk_widget_class_install_action (widget_class, "triage.record", NULL, record_action_cb);
  gtk_widget_class_install_action (widget_class, "triage.reply", NULL, reply_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
monia_triage_dialog_init (MoniaTriageDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));


  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->cancel_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->record_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->reply_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "triage.record", FALSE);
}

MoniaTriageDialog *
monia_triage_dialog_new (MoniaIntake *intake,
                         MoniaRecord *request)
{
  MoniaTriageDialog *self;

  g_return_val_if_fail (MONIA_IS_INTAKE (intake), NULL);
  g_return_val_if_fail (MONIA_IS_RECORD (request), NULL);

  self = g_object_new (MONIA_TYPE_TRIAGE_DIALOG, NULL);
  self->intake = g_object_ref (intake);
  self->request = g_object_ref (request);
  fill_services (self);
  fill_request (self);
  on_outcome_toggled (self);

  return self;
}

MoniaRecord *
monia_triage_dialog_get_request (MoniaTriageDialog *self)
{
  g_return_val_if_fail (MONIA_IS_TRIAGE_DIALOG (self), NULL);

  return self->request;
}

void
monia_triage_dialog_set_outcome (MoniaTriageDialog *self,
                                 const char        *outcome)
{
  GtkCheckButton *check = NULL;

  g_return_if_fail (MONIA_IS_TRIAGE_DIALOG (self));
  g_return_if_fail (outcome != NULL);

  if (g_str_equal (outcome, MONIA_OUTCOME_ADVICE))
    check = self->advice_check;
  else if (g_str_equal (outcome, MONIA_OUTCOME_SERVICE))
    check = self->service_check;
  else if (g_str_equal (outcome, MONIA_OUTCOME_CASE))
    check = self->case_check;
  else if (g_str_equal (outcome, MONIA_OUTCOME_NOTIFICATION))
    check = self->notification_check;
  g_return_if_fail (check != NULL);

  gtk_check_button_set_active (check, TRUE);
}

GtkWidget *
_monia_triage_dialog_get_record_button (MoniaTriageDialog *self)
{
  return GTK_WIDGET (self->record_button);
}

MoniaPickerRow *
_monia_triage_dialog_get_service_row (MoniaTriageDialog *self)
{
  return self->service_row;
}

GtkEditable *
_monia_triage_dialog_get_case_title_entry (MoniaTriageDialog *self)
{
  return GTK_EDITABLE (self->case_title_row);
}

GtkEditable *
_monia_triage_dialog_get_person_entry (MoniaTriageDialog *self)
{
  return GTK_EDITABLE (self->person_row);
}

GtkTextView *
_monia_triage_dialog_get_reply_view (MoniaTriageDialog *self)
{
  return self->reply_view;
}

GtkLabel *
_monia_triage_dialog_get_error_label (MoniaTriageDialog *self)
{
  return self->error_label;
}
