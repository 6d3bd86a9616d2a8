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

/* The recipient combo's ids say what they name. */
#define PRO_PREFIX "professional:"
#define ORG_PREFIX "organisation:"

struct _MoniaConsentDialog
{
  AdwWindow            parent_instance;

  MoniaStore          *store;
  char                *case_id;
  GtkCheckButton      *part_checks[4];

  AdwComboRow         *person_row;
  AdwComboRow         *recipient_row;
  AdwPreferencesGroup *parts_group;
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

static void
show_error (MoniaConsentDialog *self,
            const char         *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
on_input_changed (MoniaConsentDialog *self)
{
  show_error (self, NULL);
}

static void
fill_people (MoniaConsentDialog *self)
{
  g_autoptr(GPtrArray) links = monia_store_find (self->store, "case_person", "case_id", self->case_id, NULL);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (ids, NULL);
  g_ptr_array_add (labels, g_strdup (C_("person", "Not chosen")));
  for (guint i = 0; links != NULL && i < links->len; i++)
    {
      MoniaRecord *link = g_ptr_array_index (links, i);
      const char *person_id = monia_record_get_string (link, "person_id");
      g_autoptr(MoniaRecord) person = monia_store_get (self->store, "person", person_id, NULL);
      const char *relation = monia_relation_to_label (monia_record_get_string (link, "relation"));

      if (person == NULL)
        continue;
      g_ptr_array_add (ids, g_strdup (person_id));
      if (relation[0] != '\0')
        /* Translators: a person's name, then their relation to the case ("Guardian") */
        g_ptr_array_add (labels, g_strdup_printf (_("%s · %s"), monia_record_get_string (person, "name"), relation));
      else
        g_ptr_array_add (labels, g_strdup (monia_record_get_string (person, "name")));
    }
  monia_combo_set_choices (self->person_row, (const char * const *) ids->pdata,
                           (const char * const *) labels->pdata, ids->len);
}

/* The case's participants first (as people), then every organisation. */
static void
fill_recipients (MoniaConsentDialog *self)
{
  g_autoptr(GPtrArray) participants = monia_store_find (self->store, "participant", "case_id", self->case_id, NULL);
  g_autoptr(GListModel) orgs = monia_store_list (self->store, "organisation");
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_ptr_array_add (ids, NULL);
  g_ptr_array_add (labels, g_strdup (C_("consent recipient", "Not chosen")));
  for (guint i = 0; participants != NULL && i < participants->len; i++)
    {
      const char *pro_id = monia_record_get_string (g_ptr_array_index (participants, i), "professional_id");
      char *label = monia_describe_professional (self->store, pro_id);

      if (label == NULL || !g_hash_table_add (seen, g_strdup (pro_id)))
        {
          g_free (label);
          continue;
        }
      g_ptr_array_add (ids, g_strconcat (PRO_PREFIX, pro_id, NULL));
      g_ptr_array_add (labels, label);
    }
  for (guint i = 0; i < g_list_model_get_n_items (orgs); i++)
    {
      g_autoptr(MoniaRecord) org = g_list_model_get_item (orgs, i);

      g_ptr_array_add (ids, g_strconcat (ORG_PREFIX, monia_record_get_id (org), NULL));
      /* Translators: a consent given to all of an organisation, not one person in it */
      g_ptr_array_add (labels, g_strdup_printf (_("%s (whole organisation)"), monia_record_get_string (org, "name")));
    }
  monia_combo_set_choices (self->recipient_row, (const char * const *) ids->pdata,
                           (const char * const *) labels->pdata, ids->len);
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
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
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
  const char *recipient = monia_combo_get_selected_id (self->recipient_row);
  g_autoptr(GError) error = NULL;
  g_autofree char *consent_id = NULL;
  MoniaConsentSpec spec;

  monia_consent_spec_init (&spec);
  spec.person_id = monia_combo_get_selected_id (self->person_row);
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
      show_error (self, error->message);
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
  show_error (self, NULL);
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

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/monia-consent-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MoniaConsentDialog, person_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaConsentDialog, recipient_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaConsentDialog, parts_group);
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
