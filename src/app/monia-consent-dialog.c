/* monia-consent-dialog.c — records a client's consent to share a case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "monia-case-ops.h"
#include "monia-case-util.h"
#include "monia-consent-dialog.h"
#include "monia-date-row.h"
#include "monia-picker-row.h"

/* The recipient combo's ids say what they name. */
#define PRO_PREFIX "professional:"
#define ORG_PREFIX "organisation:"

struct _MoniaConsentDialog
{
  AdwWindow            parent_instance;

  MoniaStore          *store;
  char                *case_id;
  GtkCheckButton      *part_checks[4];

  GtkWidget           *parts_error;
  GtkWidget           *dates_error;

  AdwPreferencesGroup *person_group;
  MoniaPickerRow      *person_row;
  AdwPreferencesGroup *recipient_group;
  MoniaPickerRow      *recipient_row;
  AdwPreferencesGroup *parts_group;
  AdwPreferencesGroup *dates_group;
  MoniaDateRow        *given_row;
  MoniaDateRow        *until_row;
  GtkButton           *cancel_button;
  GtkButton           *record_button;
  GtkLabel            *error_label;
};

G_DEFINE_FINAL_TYPE (MoniaConsentDialog, monia_consent_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CASE_ID,
  N_PROPS
};

enum {
  CONSENT_RECORDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* In the order of MoniaCaseParts; the same words as the case page's tabs. */
static const char *part_titles[] = {
  NC_("case section", "Overview"),
  NC_("case section", "Assessment"),
  NC_("case section", "Plan"),
  NC_("case section", "Implementation"),
};

/* The message at the field it is about, brought into view: a message
 * below the fold made "Record" seem to do nothing. */
static void
show_error (MoniaConsentDialog *self,
            const GError       *error)
{
  GtkWidget *parts = gtk_widget_get_parent (GTK_WIDGET (self->part_checks[0]));
  const MoniaFormField fields[] = {
    { "person_id", GTK_WIDGET (self->person_row), NULL },
    { "recipient", GTK_WIDGET (self->recipient_row), NULL },
    { "scope", parts, self->parts_error },
    { "given_on", GTK_WIDGET (self->given_row), self->dates_error },
    { "valid_until", GTK_WIDGET (self->until_row), self->dates_error },
    { NULL, GTK_WIDGET (self->record_button), GTK_WIDGET (self->error_label) },
  };

  monia_form_show_error (fields, G_N_ELEMENTS (fields), error);
  /* The parts are check boxes: the first takes the focus. */
  if (error != NULL && g_strcmp0 (monia_error_get_field (error), "scope") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->part_checks[0]));
}

static void
clear_errors (MoniaConsentDialog *self)
{
  show_error (self, NULL);
}

static void
on_input_changed (MoniaConsentDialog *self)
{
  if (self->parts_error != NULL)
    clear_errors (self);
}

static void
fill_people (MoniaConsentDialog *self)
{
  g_autoptr(GPtrArray) links = monia_store_find (self->store, "case_person", "case_id", self->case_id, NULL);
  g_autoptr(GListStore) choices = monia_choice_list_new ();

  monia_choice_list_add (choices, NULL, C_("person", "Not chosen"), NULL);
  for (guint i = 0; links != NULL && i < links->len; i++)
    {
      MoniaRecord *link = g_ptr_array_index (links, i);
      const char *person_id = monia_record_get_string (link, "person_id");
      g_autoptr(MoniaRecord) person = monia_store_get (self->store, "person", person_id, NULL);
      const char *relation = monia_relation_to_label (monia_record_get_string (link, "relation"));

      if (person != NULL)
        monia_choice_list_add (choices, person_id, monia_record_get_string (person, "name"),
                               relation[0] != '\0' ? relation : NULL);
    }
  monia_picker_row_set_choices (self->person_row, G_LIST_MODEL (choices));
}

/* The case's participants first (as people), then every organisation, each
 * with the line that tells it apart. */
static void
fill_recipients (MoniaConsentDialog *self)
{
  g_autoptr(GPtrArray) participants = monia_store_find (self->store, "participant", "case_id", self->case_id, NULL);
  g_autoptr(GListModel) orgs = monia_choices_organisations (self->store, NULL);
  g_autoptr(GListStore) choices = monia_choice_list_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GStrvBuilder) pro_ids = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;
  g_autoptr(GListModel) pros = NULL;

  monia_choice_list_add (choices, NULL, C_("consent recipient", "Not chosen"), NULL);
  for (guint i = 0; participants != NULL && i < participants->len; i++)
    {
      const char *pro_id = monia_record_get_string (g_ptr_array_index (participants, i), "professional_id");

      if (pro_id != NULL && g_hash_table_add (seen, g_strdup (pro_id)))
        g_strv_builder_add (pro_ids, pro_id);
    }
  ids = g_strv_builder_end (pro_ids);
  pros = monia_choices_professionals_of (self->store, (const char * const *) ids, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (pros); i++)
    {
      g_autoptr(MoniaChoice) pro = g_list_model_get_item (pros, i);
      g_autofree char *id = g_strconcat (PRO_PREFIX, monia_choice_get_id (pro), NULL);

      monia_choice_list_add (choices, id, monia_choice_get_title (pro), monia_choice_get_subtitle (pro));
    }
  for (guint i = 0; i < g_list_model_get_n_items (orgs); i++)
    {
      g_autoptr(MoniaChoice) org = g_list_model_get_item (orgs, i);
      g_autofree char *id = g_strconcat (ORG_PREFIX, monia_choice_get_id (org), NULL);
      g_autofree char *line = NULL;

      if (monia_choice_get_subtitle (org) != NULL)
        /* Translators: a consent to all of an organisation, then the organisation's sector */
        line = g_strdup_printf (_("Whole organisation · %s"), monia_choice_get_subtitle (org));
      else
        line = g_strdup (_("Whole organisation"));
      monia_choice_list_add (choices, id, monia_choice_get_title (org), line);
    }
  monia_picker_row_set_choices (self->recipient_row, G_LIST_MODEL (choices));
}

static void
add_part_rows (MoniaConsentDialog *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (part_titles); i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      const char *title = g_dpgettext2 (NULL, "case section", part_titles[i]);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      /* Named by the row's title, which the row points at it. */
      g_signal_connect_object (check, "toggled", G_CALLBACK (on_input_changed), self, G_CONNECT_SWAPPED);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_group_add (self->parts_group, row);
      self->part_checks[i] = GTK_CHECK_BUTTON (check);
    }
}

static void
record_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MoniaConsentDialog *self = MONIA_CONSENT_DIALOG (widget);
  const char *recipient = monia_picker_row_get_selected_id (self->recipient_row);
  g_autoptr(GError) error = NULL;
  g_autofree char *consent_id = NULL;
  MoniaConsentSpec spec;

  monia_consent_spec_init (&spec);
  spec.person_id = monia_picker_row_get_selected_id (self->person_row);
  if (recipient != NULL && g_str_has_prefix (recipient, PRO_PREFIX))
    spec.professional_id = recipient + strlen (PRO_PREFIX);
  else if (recipient != NULL && g_str_has_prefix (recipient, ORG_PREFIX))
    spec.organisation_id = recipient + strlen (ORG_PREFIX);
  for (guint i = 0; i < G_N_ELEMENTS (self->part_checks); i++)
    if (gtk_check_button_get_active (self->part_checks[i]))
      spec.parts |= 1 << i;
  monia_date_row_get_date (self->given_row, &spec.given_on);
  monia_date_row_get_date (self->until_row, &spec.valid_until);

  consent_id = monia_case_record_consent (self->store, self->case_id, &spec, &error);
  if (consent_id == NULL)
    {
      show_error (self, error);
      return;
    }

  g_signal_emit (self, signals[CONSENT_RECORDED], 0, consent_id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
monia_consent_dialog_constructed (GObject *object)
{
  MoniaConsentDialog *self = MONIA_CONSENT_DIALOG (object);
  GDate today;

  G_OBJECT_CLASS (monia_consent_dialog_parent_class)->constructed (object);

  g_return_if_fail (MONIA_IS_STORE (self->store));
  g_return_if_fail (self->case_id != NULL);

  fill_people (self);
  fill_recipients (self);
  add_part_rows (self);
  monia_get_today (&today);
  monia_date_row_set_date (self->given_row, &today);
  monia_date_row_set_placeholder (self->until_row, _("Until revoked"));
  monia_date_row_set_date (self->until_row, NULL);
  self->parts_error = monia_form_add_error_label (self->parts_group, NULL);
  self->dates_error = monia_form_add_error_label (self->dates_group, NULL);
  clear_errors (self);
}

static void
monia_consent_dialog_dispose (GObject *object)
{
  MoniaConsentDialog *self = MONIA_CONSENT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MONIA_TYPE_CONSENT_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (monia_consent_dialog_parent_class)->dispose (object);
}

static void
monia_consent_dialog_finalize (GObject *object)
{
  MoniaConsentDialog *self = MONIA_CONSENT_DIALOG (object);

  g_free (self->case_id);

  G_OBJECT_CLASS (monia_consent_dialog_parent_class)->finalize (object);
}

static void
monia_consent_dialog_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  MoniaConsentDialog *self = MONIA_CONSENT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_CASE_ID:
      g_value_set_string (value, self->case_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
monia_consent_dialog_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  MoniaConsentDialog *self = MONIA_CONSENT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_CASE_ID:
      self->case_id = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
monia_consent_dialog_class_init (MoniaConsentDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = monia_consent_dialog_constructed;
  object_class->dispose = monia_consent_dialog_dispose;
  object_class->finalize = monia_consent_dialog_finalize;
  object_class->get_property = monia_consent_dialog_get_property;
  object_class->set_property = monia_consent_dialog_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         MONIA_TYPE_STORE,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_CASE_ID] =
    g_param_spec_string ("case-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MoniaConsentDialog::consent-recorded:
   * @self: the dialog
   * @consent_id: the new consent record's id
   */
  signals[CONSENT_RECORDED] =
    g_signal_new ("consent-recorded",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (MONIA_TYPE_DATE_ROW);
  g_type_ensure (MONIA_TYPE_PICKER_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/monia-consent-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MoniaConsentDialog, person_group);
  gtk_widget_class_bind_template_child (widget_class, MoniaConsentDialog, person_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaConsentDialog, recipient_group);
  gtk_widget_class_bind_template_child (widget_class, MoniaConsentDialog, recipient_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaConsentDialog, parts_group);
  gtk_widget_class_bind_template_child (widget_class, MoniaConsentDialog, dates_group);
  gtk_widget_class_bind_template_child (widget_class, MoniaConsentDialog, given_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaConsentDialog, until_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaConsentDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, MoniaConsentDialog, record_button);
  gtk_widget_class_bind_template_child (widget_class, MoniaConsentDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_input_changed);

  gtk_widget_class_install_action (widget_class, "consent.record", NULL, record_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
monia_consent_dialog_init (MoniaConsentDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* GTK 4.8 would read "_Cancel Cancel": the label child is name enough. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->cancel_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->record_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

MoniaConsentDialog *
monia_consent_dialog_new (MoniaStore *store,
                          const char *case_id)
{
  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  return g_object_new (MONIA_TYPE_CONSENT_DIALOG,
                       "store", store,
                       "case-id", case_id,
                       NULL);
}

void
monia_consent_dialog_set_recipient (MoniaConsentDialog *self,
                                    const char         *professional_id)
{
  g_autofree char *id = NULL;

  g_return_if_fail (MONIA_IS_CONSENT_DIALOG (self));
  g_return_if_fail (professional_id != NULL);

  id = g_strconcat (PRO_PREFIX, professional_id, NULL);
  monia_picker_row_select_id (self->recipient_row, id);
}
