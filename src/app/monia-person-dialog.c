/* monia-person-dialog.c — adds a person to a case, or edits or removes one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-case-ops.h"
#include "monia-case-util.h"
#include "monia-date-row.h"
#include "monia-person-dialog.h"

struct _MoniaPersonDialog
{
  AdwWindow            parent_instance;

  MoniaStore          *store;
  char                *case_id;
  char                *person_id;   /* NULL: a new person */
  char                *relation;    /* the link's, when editing */
  gboolean             may_link;

  GtkWidget           *name_error;
  GtkWidget           *relation_error;
  GtkWidget           *hetu_error;
  GtkWidget           *born_error;

  GtkButton           *cancel_button;
  GtkButton           *save_button;
  AdwPreferencesGroup *name_group;
  AdwEntryRow         *name_row;
  AdwPreferencesGroup *relation_group;
  AdwComboRow         *relation_row;
  AdwPreferencesGroup *hetu_group;
  AdwEntryRow         *hetu_row;
  AdwPreferencesGroup *born_group;
  MoniaDateRow        *born_row;
  AdwEntryRow         *phone_row;
  AdwPreferencesGroup *remove_group;
  GtkButton           *remove_button;
  GtkLabel            *error_label;
};

G_DEFINE_FINAL_TYPE (MoniaPersonDialog, monia_person_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  REMOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The message beside the field it is about, or at the bottom. */
static void
show_error (MoniaPersonDialog *self,
            const GError      *error)
{
  const MoniaFormField fields[] = {
    { "name", GTK_WIDGET (self->name_row), self->name_error },
    { "relation", GTK_WIDGET (self->relation_row), self->relation_error },
    { "hetu", GTK_WIDGET (self->hetu_row), self->hetu_error },
    { "birth_date", GTK_WIDGET (self->born_row), self->born_error },
    { NULL, GTK_WIDGET (self->save_button), GTK_WIDGET (self->error_label) },
  };

  monia_form_show_error (fields, G_N_ELEMENTS (fields), error);
}

static void
clear_errors (MoniaPersonDialog *self)
{
  show_error (self, NULL);
}

static void
on_input_changed (MoniaPersonDialog *self)
{
  clear_errors (self);
}

static const char *
chosen_relation (MoniaPersonDialog *self)
{
  const char * const *relations = monia_person_relations ();
  guint selected = adw_combo_row_get_selected (self->relation_row);

  /* An edited link keeps a relation that is not among the choices. */
  if (selected >= g_strv_length ((char **) relations))
    return self->relation;
  return relations[selected];
}

static void
save_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  MoniaPersonDialog *self = MONIA_PERSON_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  MoniaPersonSpec spec;

  monia_person_spec_init (&spec);
  spec.name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  spec.relation = self->may_link ? chosen_relation (self) : NULL;
  spec.hetu = gtk_editable_get_text (GTK_EDITABLE (self->hetu_row));
  monia_date_row_get_date (self->born_row, &spec.birth_date);
  spec.phone = gtk_editable_get_text (GTK_EDITABLE (self->phone_row));

  if (self->person_id == NULL)
    id = monia_case_add_person (self->store, self->case_id, &spec, &error);
  else if (monia_case_update_person (self->store, self->case_id, self->person_id, &spec, &error))
    id = g_strdup (self->person_id);
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
  MoniaPersonDialog *self = MONIA_PERSON_DIALOG (widget);
  g_autoptr(GError) error = NULL;

  if (self->person_id == NULL)
    return;
  if (!monia_case_remove_person (self->store, self->case_id, self->person_id, &error))
    {
      monia_field_set_error (GTK_WIDGET (self->remove_button), GTK_WIDGET (self->error_label), error->message);
      return;
    }
  g_signal_emit (self, signals[REMOVED], 0, self->person_id, self->relation);
  gtk_window_close (GTK_WINDOW (self));
}

static void
fill (MoniaPersonDialog *self)
{
  const char * const *relations = monia_person_relations ();
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(MoniaRecord) person = NULL;
  g_autoptr(GPtrArray) links = NULL;
  guint n = g_strv_length ((char **) relations);

  for (guint i = 0; i < n; i++)
    gtk_string_list_append (labels, monia_relation_to_label (relations[i]));

  if (self->person_id != NULL)
    {
      person = monia_store_get (self->store, "person", self->person_id, NULL);
      links = monia_store_find (self->store, "case_person", "case_id", self->case_id, NULL);
      for (guint i = 0; links != NULL && i < links->len; i++)
        if (g_strcmp0 (monia_record_get_string (g_ptr_array_index (links, i), "person_id"), self->person_id) == 0)
          self->relation = g_strdup (monia_record_get_string (g_ptr_array_index (links, i), "relation"));
      /* A relation not among the choices ("client") is kept as it is. */
      if (self->relation != NULL && !g_strv_contains (relations, self->relation))
        gtk_string_list_append (labels, monia_relation_to_label (self->relation));
    }
  adw_combo_row_set_model (self->relation_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->relation_row, 0);
  for (guint i = 0; self->relation != NULL && i < n; i++)
    if (g_str_equal (relations[i], self->relation))
      adw_combo_row_set_selected (self->relation_row, i);
  if (self->relation != NULL && !g_strv_contains (relations, self->relation))
    adw_combo_row_set_selected (self->relation_row, n);

  if (person != NULL)
    {
      const char *text;

      text = monia_record_get_string (person, "name");
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), text != NULL ? text : "");
      text = monia_record_get_string (person, "hetu");
      gtk_editable_set_text (GTK_EDITABLE (self->hetu_row), text != NULL ? text : "");
      text = monia_record_get_string (person, "phone");
      gtk_editable_set_text (GTK_EDITABLE (self->phone_row), text != NULL ? text : "");
      monia_date_row_set_iso (self->born_row, monia_record_get_string (person, "birth_date"));
    }
  else
    monia_date_row_set_date (self->born_row, NULL);

  gtk_window_set_title (GTK_WINDOW (self), self->person_id == NULL ? _("Add Person") : _("Edit Person"));
  gtk_button_set_label (self->save_button, self->person_id == NULL ? _("_Add") : _("_Save"));
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->save_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  /* Only the owner and the pair change who is in the case. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->relation_row), self->may_link);
  gtk_widget_set_visible (GTK_WIDGET (self->remove_group), self->person_id != NULL && self->may_link);
  if (!self->may_link)
    adw_preferences_group_set_description (self->relation_group,
                                           _("Only the case’s responsible worker and work pair change who is in the case."));
  clear_errors (self);
}

static void
monia_person_dialog_dispose (GObject *object)
{
  MoniaPersonDialog *self = MONIA_PERSON_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MONIA_TYPE_PERSON_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (monia_person_dialog_parent_class)->dispose (object);
}

static void
monia_person_dialog_finalize (GObject *object)
{
  MoniaPersonDialog *self = MONIA_PERSON_DIALOG (object);

  g_free (self->case_id);
  g_free (self->person_id);
  g_free (self->relation);

  G_OBJECT_CLASS (monia_person_dialog_parent_class)->finalize (object);
}

static void
monia_person_dialog_class_init (MoniaPersonDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = monia_person_dialog_dispose;
  object_class->finalize = monia_person_dialog_finalize;

  /**
   * MoniaPersonDialog::saved:
   * @self: the dialog
   * @person_id: the person added or edited
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * MoniaPersonDialog::removed:
   * @self: the dialog
   * @person_id: the person taken out of the case
   * @relation: their relation to the case, for an undo
   */
  signals[REMOVED] = g_signal_new ("removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  g_type_ensure (MONIA_TYPE_DATE_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/monia-person-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, MoniaPersonDialog, name)
  BIND (cancel_button);
  BIND (save_button);
  BIND (name_group);
  BIND (name_row);
  BIND (relation_group);
  BIND (relation_row);
  BIND (hetu_group);
  BIND (hetu_row);
  BIND (born_group);
  BIND (born_row);
  BIND (phone_row);
  BIND (remove_group);
  BIND (remove_button);
  BIND (error_label);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_input_changed);

  gtk_widget_class_install_action (widget_class, "person.save", NULL, save_action_cb);
  gtk_widget_class_install_action (widget_class, "person.remove", NULL, remove_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
monia_person_dialog_init (MoniaPersonDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->name_error = monia_form_add_error_label (self->name_group, NULL);
  self->relation_error = monia_form_add_error_label (self->relation_group, NULL);
  self->hetu_error = monia_form_add_error_label (self->hetu_group, NULL);
  self->born_error = monia_form_add_error_label (self->born_group, NULL);
  monia_date_row_set_placeholder (self->born_row, _("Not known"));
  /* GTK 4.8 would read "_Cancel Cancel": the label child is name enough. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->cancel_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->remove_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

MoniaPersonDialog *
monia_person_dialog_new (MoniaStore *store,
                         const char *case_id,
                         const char *person_id,
                         gboolean    may_link)
{
  MoniaPersonDialog *self;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  self = g_object_new (MONIA_TYPE_PERSON_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->case_id = g_strdup (case_id);
  self->person_id = g_strdup (person_id);
  self->may_link = may_link;
  fill (self);
  return self;
}
