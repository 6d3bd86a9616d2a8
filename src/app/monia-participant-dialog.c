/* monia-participant-dialog.c — adds a professional to a case, or edits or removes a participation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-case-util.h"
#include "monia-date-row.h"
#include "monia-participant-dialog.h"
#include "monia-picker-row.h"

struct _MoniaParticipantDialog
{
  AdwWindow            parent_instance;

  MoniaStore          *store;
  char                *case_id;
  char                *participant_id;  /* NULL: a new participant */

  GtkWidget           *role_error;
  GtkWidget           *period_error;

  GtkButton           *cancel_button;
  GtkButton           *save_button;
  AdwPreferencesGroup *professional_group;
  MoniaPickerRow      *professional_row;
  AdwPreferencesGroup *consent_group;
  AdwActionRow        *consent_row;
  AdwPreferencesGroup *role_group;
  AdwComboRow         *role_row;
  AdwPreferencesGroup *period_group;
  MoniaDateRow        *from_row;
  MoniaDateRow        *until_row;
  AdwPreferencesGroup *remove_group;
  GtkButton           *remove_button;
  GtkLabel            *error_label;
};

G_DEFINE_FINAL_TYPE (MoniaParticipantDialog, monia_participant_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  REMOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const struct
{
  const char *value;
  const char *label;
} role_labels[] = {
  { "owner", NC_("participant role", "Responsible worker") },
  { "pair", NC_("participant role", "Work pair") },
  { "member", NC_("participant role", "Team member") },
};

const char *
monia_participant_role_to_label (const char *role)
{
  for (guint i = 0; role != NULL && i < G_N_ELEMENTS (role_labels); i++)
    if (g_str_equal (role, role_labels[i].value))
      return g_dpgettext2 (NULL, "participant role", role_labels[i].label);
  return role;
}

/* The message at the field it is about, or at the bottom. */
static void
show_error (MoniaParticipantDialog *self,
            const GError           *error)
{
  const MoniaFormField fields[] = {
    { "professional_id", GTK_WIDGET (self->professional_row), NULL },
    { "role", GTK_WIDGET (self->role_row), self->role_error },
    { "active_from", GTK_WIDGET (self->until_row), self->period_error },
    { "active_until", GTK_WIDGET (self->until_row), self->period_error },
    { NULL, GTK_WIDGET (self->save_button), GTK_WIDGET (self->error_label) },
  };

  monia_form_show_error (fields, G_N_ELEMENTS (fields), error);
}

static void
clear_errors (MoniaParticipantDialog *self)
{
  show_error (self, NULL);
}

/* A professional of another organisation sees only what consent covers:
 * the dialog says so before they are added. */
static void
on_professional_chosen (MoniaParticipantDialog *self)
{
  const char *pro = monia_picker_row_get_selected_id (self->professional_row);

  clear_errors (self);
  gtk_widget_set_visible (GTK_WIDGET (self->consent_group),
                          pro != NULL && monia_case_is_other_organisation (self->store, self->case_id, pro));
}

static void
save_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  MoniaParticipantDialog *self = MONIA_PARTICIPANT_DIALOG (widget);
  const char * const *roles = monia_participant_roles ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  MoniaParticipantSpec spec;
  guint role = adw_combo_row_get_selected (self->role_row);

  monia_participant_spec_init (&spec);
  spec.professional_id = monia_picker_row_get_selected_id (self->professional_row);
  spec.role = role < g_strv_length ((char **) roles) ? roles[role] : NULL;
  monia_date_row_get_date (self->from_row, &spec.active_from);
  monia_date_row_get_date (self->until_row, &spec.active_until);

  if (self->participant_id == NULL)
    id = monia_case_add_participant (self->store, self->case_id, &spec, &error);
  else if (monia_case_update_participant (self->store, self->participant_id, &spec, &error))
    id = g_strdup (self->participant_id);
  if (id == NULL)
    {
      show_error (self, error);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0, id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
remove_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MoniaParticipantDialog *self = MONIA_PARTICIPANT_DIALOG (widget);
  g_autoptr(GError) error = NULL;

  if (self->participant_id == NULL)
    return;
  if (!monia_case_remove_participant (self->store, self->participant_id, &error))
    {
      monia_field_set_error (GTK_WIDGET (self->remove_button), GTK_WIDGET (self->error_label), error->message);
      return;
    }
  g_signal_emit (self, signals[REMOVED], 0, self->participant_id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
fill (MoniaParticipantDialog *self)
{
  const char * const *roles = monia_participant_roles ();
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GListModel) pros = NULL;
  g_autoptr(MoniaRecord) participant = NULL;
  const char *role = "member";
  GDate today;

  for (guint i = 0; roles[i] != NULL; i++)
    gtk_string_list_append (labels, monia_participant_role_to_label (roles[i]));
  adw_combo_row_set_model (self->role_row, G_LIST_MODEL (labels));

  if (self->participant_id != NULL)
    participant = monia_store_get (self->store, "participant", self->participant_id, NULL);
  if (participant != NULL)
    {
      const char *ids[] = { monia_record_get_string (participant, "professional_id"), NULL };

      pros = monia_choices_professionals_of (self->store, ids, NULL);
      role = monia_record_get_string (participant, "role");
      monia_date_row_set_iso (self->from_row, monia_record_get_string (participant, "active_from"));
      monia_date_row_set_iso (self->until_row, monia_record_get_string (participant, "active_until"));
    }
  else
    {
      pros = monia_choices_professionals (self->store, C_("professional", "Not chosen"));
      monia_get_today (&today);
      monia_date_row_set_date (self->from_row, &today);
      monia_date_row_set_date (self->until_row, NULL);
    }
  monia_picker_row_set_choices (self->professional_row, pros);
  for (guint i = 0; roles[i] != NULL; i++)
    if (g_strcmp0 (roles[i], role) == 0)
      adw_combo_row_set_selected (self->role_row, i);

  gtk_window_set_title (GTK_WINDOW (self), participant == NULL ? _("Add Participant") : _("Edit Participant"));
  gtk_button_set_label (self->save_button, participant == NULL ? _("_Add") : _("_Save"));
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->save_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->professional_row), participant == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->remove_group), participant != NULL);
  if (participant != NULL)
    adw_preferences_group_set_description (self->professional_group, NULL);
  on_professional_chosen (self);
}

static void
monia_participant_dialog_dispose (GObject *object)
{
  MoniaParticipantDialog *self = MONIA_PARTICIPANT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MONIA_TYPE_PARTICIPANT_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (monia_participant_dialog_parent_class)->dispose (object);
}

static void
monia_participant_dialog_finalize (GObject *object)
{
  MoniaParticipantDialog *self = MONIA_PARTICIPANT_DIALOG (object);

  g_free (self->case_id);
  g_free (self->participant_id);

  G_OBJECT_CLASS (monia_participant_dialog_parent_class)->finalize (object);
}

static void
monia_participant_dialog_class_init (MoniaParticipantDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = monia_participant_dialog_dispose;
  object_class->finalize = monia_participant_dialog_finalize;

  /**
   * MoniaParticipantDialog::saved:
   * @self: the dialog
   * @participant_id: the participant record added or edited
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * MoniaParticipantDialog::removed:
   * @self: the dialog
   * @participant_id: the participant record removed
   */
  signals[REMOVED] = g_signal_new ("removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (MONIA_TYPE_DATE_ROW);
  g_type_ensure (MONIA_TYPE_PICKER_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/monia-participant-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, MoniaParticipantDialog, name)
  BIND (cancel_button);
  BIND (save_button);
  BIND (professional_group);
  BIND (professional_row);
  BIND (consent_group);
  BIND (consent_row);
  BIND (role_group);
  BIND (role_row);
  BIND (period_group);
  BIND (from_row);
  BIND (until_row);
  BIND (remove_group);
  BIND (remove_button);
  BIND (error_label);
#undef BIND

  gtk_widget_class_install_action (widget_class, "participant.save", NULL, save_action_cb);
  gtk_widget_class_install_action (widget_class, "participant.remove", NULL, remove_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
monia_participant_dialog_init (MoniaParticipantDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->role_error = monia_form_add_error_label (self->role_group, NULL);
  self->period_error = monia_form_add_error_label (self->period_group, NULL);
  monia_date_row_set_placeholder (self->from_row, _("From the start"));
  monia_date_row_set_placeholder (self->until_row, _("Until further notice"));
  g_signal_connect_object (self->professional_row, "notify::selected-id", G_CALLBACK (on_professional_chosen),
                           self, G_CONNECT_SWAPPED);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->cancel_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->remove_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

MoniaParticipantDialog *
monia_participant_dialog_new (MoniaStore *store,
                              const char *case_id,
                              const char *participant_id)
{
  MoniaParticipantDialog *self;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  self = g_object_new (MONIA_TYPE_PARTICIPANT_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->case_id = g_strdup (case_id);
  self->participant_id = g_strdup (participant_id);
  fill (self);
  return self;
}
