/* monia-service-dialog.c — adds a service to the catalogue or edits one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-case-util.h"
#include "monia-catalogue-page.h"
#include "monia-service-dialog-private.h"


struct _MoniaServiceDialog
{
  AdwWindow        parent_instance;

  MoniaStore      *store;
  char            *service_id;  /* NULL: a new service */
  gboolean         quiet;

  AdwWindowTitle  *window_title;
  AdwHeaderBar    *header_bar;
  GtkWidget       *cancel_button;
  GtkWidget       *add_button;
  AdwToastOverlay *toast_overlay;
  AdwEntryRow     *name_row;
  AdwEntryRow     *provider_row;
  AdwComboRow     *sector_row;
  AdwEntryRow     *area_row;
  AdwEntryRow     *target_group_row;
  AdwEntryRow     *contact_row;
  AdwEntryRow     *description_row;
  GtkLabel        *error_label;
  GtkWidget       *delete_group;
  GtkWidget       *delete_button;
};

G_DEFINE_FINAL_TYPE (MoniaServiceDialog, monia_service_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SERVICE_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SERVICE_ADDED,
  DELETE_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static AdwEntryRow *
get_row (MoniaServiceDialog *self,
         const char         *field)
{
  AdwEntryRow *rows[] = {
    self->name_row, self->provider_row, self->area_row,
    self->target_group_row, self->contact_row, self->description_row,
  };
  const char * const *fields = monia_service_text_fields ();

  /* The rows are in the order of the fields. */
  for (guint i = 0; fields[i] != NULL && i < G_N_ELEMENTS (rows); i++)
    if (g_str_equal (fields[i], field))
      return rows[i];
  g_return_val_if_reached (NULL);
}

static void
show_error (MoniaServiceDialog *self,
            const char         *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* ---- editing a service: each change saved at once ---- */

static gboolean
save_field (GtkWidget    *row,
            const char   *text,
            gpointer      user_data,
            GError      **error)
{
  MoniaServiceDialog *self = user_data;
  const char *field = g_object_get_data (G_OBJECT (row), "monia-field");

  if (!monia_catalogue_set_service_field (self->store, self->service_id, field, text, error))
    {
      show_error (self, (*error)->message);
      return FALSE;
    }

  show_error (self, NULL);
  return TRUE;
}

static void
on_sector_selected (MoniaServiceDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (self->quiet || self->service_id == NULL)
    return;

  if (!monia_catalogue_set_service_field (self->store, self->service_id, "sector",
                                          monia_combo_get_selected_id (self->sector_row), &error))
    {
      monia_field_set_error (GTK_WIDGET (self->sector_row), GTK_WIDGET (self->error_label), error->message);
      return;
    }
  /* Only what was said about the sector: another row may still be wrong. */
  if (gtk_widget_has_css_class (GTK_WIDGET (self->sector_row), "error"))
    monia_field_set_error (GTK_WIDGET (self->sector_row), GTK_WIDGET (self->error_label), NULL);
}

static void
load_service (MoniaServiceDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaRecord) record = monia_store_get (self->store, "service", self->service_id, &error);

  if (record == NULL)
    {
      show_error (self, error != NULL ? error->message : _("The service is no longer in the catalogue."));
      gtk_widget_set_sensitive (GTK_WIDGET (self->name_row), FALSE);
      return;
    }

  for (const char * const *field = monia_service_text_fields (); *field != NULL; field++)
    monia_autosave_set_text (get_row (self, *field), monia_record_get_string (record, *field));

  self->quiet = TRUE;
  if (!monia_combo_select_id (self->sector_row, monia_record_get_string (record, "sector")))
    adw_combo_row_set_selected (self->sector_row, 0);
  self->quiet = FALSE;
}

/* ---- a new service ---- */

static void
add_action_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MoniaServiceDialog *self = MONIA_SERVICE_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  MoniaServiceSpec spec;

  if (self->service_id != NULL)
    return;

  monia_service_spec_init (&spec);
  spec.name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  spec.provider = gtk_editable_get_text (GTK_EDITABLE (self->provider_row));
  spec.sector = monia_combo_get_selected_id (self->sector_row);
  spec.area = gtk_editable_get_text (GTK_EDITABLE (self->area_row));
  spec.target_group = gtk_editable_get_text (GTK_EDITABLE (self->target_group_row));
  spec.contact = gtk_editable_get_text (GTK_EDITABLE (self->contact_row));
  spec.description = gtk_editable_get_text (GTK_EDITABLE (self->description_row));

  id = monia_catalogue_add_service (self->store, &spec, &error);
  if (id == NULL)
    {
      show_error (self, error->message);
      if (g_strcmp0 (monia_error_get_field (error), "name") == 0)
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
          gtk_accessible_update_property (GTK_ACCESSIBLE (self->name_row),
                                          GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, error->message,
                                          -1);
          gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
        }
      return;
    }

  g_signal_emit (self, signals[SERVICE_ADDED], 0, id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_name_changed (MoniaServiceDialog *self)
{
  /* A new service's name is checked on Add; typing clears the complaint. */
  if (self->service_id != NULL || !gtk_widget_has_css_class (GTK_WIDGET (self->name_row), "error"))
    return;

  gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->name_row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  show_error (self, NULL);
}

static void
delete_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MoniaServiceDialog *self = MONIA_SERVICE_DIALOG (widget);
  g_autofree char *id = g_strdup (self->service_id);

  if (id == NULL)
    return;

  /* What was typed last is saved before the service goes. */
  for (const char * const *field = monia_service_text_fields (); *field != NULL; field++)
    monia_autosave_flush (get_row (self, *field));

  g_signal_emit (self, signals[DELETE_REQUESTED], 0, id);
  gtk_window_close (GTK_WINDOW (self));
}

/* ---- the class ---- */

static void
monia_service_dialog_constructed (GObject *object)
{
  MoniaServiceDialog *self = MONIA_SERVICE_DIALOG (object);
  gboolean editing = self->service_id != NULL;

  G_OBJECT_CLASS (monia_service_dialog_parent_class)->constructed (object);

  adw_window_title_set_title (self->window_title, editing ? _("Edit Service") : _("New Service"));
  gtk_window_set_title (GTK_WINDOW (self), editing ? _("Edit Service") : _("New Service"));

  /* A new service is a form with Add and Cancel; an existing one saves as
   * it is edited and just closes. */
  gtk_widget_set_visible (self->cancel_button, !editing);
  gtk_widget_set_visible (self->add_button, !editing);
  adw_header_bar_set_show_end_title_buttons (self->header_bar, editing);
  gtk_widget_set_visible (self->delete_group, editing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "service.add", !editing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "service.delete", editing);
  if (!editing)
    gtk_window_set_default_widget (GTK_WINDOW (self), self->add_button);

  if (editing)
    {
      for (const char * const *field = monia_service_text_fields (); *field != NULL; field++)
        monia_autosave_entry (get_row (self, *field), save_field, self);
      load_service (self);
    }
  else
    g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (on_name_changed), self);
}

static void
monia_service_dialog_dispose (GObject *object)
{
  MoniaServiceDialog *self = MONIA_SERVICE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MONIA_TYPE_SERVICE_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (monia_service_dialog_parent_class)->dispose (object);
}

static void
monia_service_dialog_finalize (GObject *object)
{
  MoniaServiceDialog *self = MONIA_SERVICE_DIALOG (object);

  g_free (self->service_id);

  G_OBJECT_CLASS (monia_service_dialog_parent_class)->finalize (object);
}

static void
monia_service_dialog_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  MoniaServiceDialog *self = MONIA_SERVICE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_SERVICE_ID:
      g_value_set_string (value, self->service_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
monia_service_dialog_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  MoniaServiceDialog *self = MONIA_SERVICE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_SERVICE_ID:
      self->service_id = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
monia_service_dialog_class_init (MoniaServiceDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = monia_service_dialog_constructed;
  object_class->dispose = monia_service_dialog_dispose;
  object_class->finalize = monia_service_dialog_finalize;
  object_class->get_property = monia_service_dialog_get_property;
  object_class->set_property = monia_service_dialog_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         MONIA_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  /**
   * MoniaServiceDialog:service-id:
   *
   * The service edited, or %NULL when the dialog adds a new one.
   */
  properties[PROP_SERVICE_ID] =
    g_param_spec_string ("service-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MoniaServiceDialog::service-added:
   * @self: the dialog
   * @service_id: the new service's id
   */
  signals[SERVICE_ADDED] =
    g_signal_new ("service-added",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * MoniaServiceDialog::delete-requested:
   * @self: the dialog
   * @service_id: the service to delete
   */
  signals[DELETE_REQUESTED] =
    g_signal_new ("delete-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/monia-service-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, MoniaServiceDialog, name)
  BIND (window_title);
  BIND (header_bar);
  BIND (cancel_button);
  BIND (add_button);
  BIND (toast_overlay);
  BIND (name_row);
  BIND (provider_row);
  BIND (sector_row);
  BIND (area_row);
  BIND (target_group_row);
  BIND (contact_row);
  BIND (description_row);
  BIND (error_label);
  BIND (delete_group);
  BIND (delete_button);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_sector_selected);

  gtk_widget_class_install_action (widget_class, "service.add", NULL, add_action_cb);
  gtk_widget_class_install_action (widget_class, "service.delete", NULL, delete_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
monia_service_dialog_init (MoniaServiceDialog *self)
{
  const char * const *sectors = monia_service_sector_ids ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* GTK 4.8 reads a mnemonic button's label property, then its label:
   * "_Cancel Cancel". The label alone names it. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->cancel_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->add_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->delete_button), GTK_ACCESSIBLE_PROPERTY_LABEL);

  for (const char * const *field = monia_service_text_fields (); *field != NULL; field++)
    g_object_set_data (G_OBJECT (get_row (self, *field)), "monia-field", (gpointer) *field);

  g_ptr_array_add (ids, (gpointer) "");
  g_ptr_array_add (labels, (gpointer) C_("service sector", "Not chosen"));
  for (guint i = 0; sectors[i] != NULL; i++)
    {
      g_ptr_array_add (ids, (gpointer) sectors[i]);
      g_ptr_array_add (labels, (gpointer) monia_service_sector_to_label (sectors[i]));
    }
  self->quiet = TRUE;
  monia_combo_set_choices (self->sector_row, (const char * const *) ids->pdata,
                           (const char * const *) labels->pdata, ids->len);
  self->quiet = FALSE;

  /* Enter in the form adds the service, as the default button would. */
  for (const char * const *field = monia_service_text_fields (); *field != NULL; field++)
    adw_entry_row_set_activates_default (get_row (self, *field), TRUE);
}

MoniaServiceDialog *
monia_service_dialog_new (MoniaStore *store,
                          const char *service_id)
{
  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);

  return g_object_new (MONIA_TYPE_SERVICE_DIALOG,
                       "store", store,
                       "service-id", service_id,
                       NULL);
}

const char *
monia_service_dialog_get_service_id (MoniaServiceDialog *self)
{
  g_return_val_if_fail (MONIA_IS_SERVICE_DIALOG (self), NULL);

  return self->service_id;
}

GtkEditable *
_monia_service_dialog_get_entry (MoniaServiceDialog *self,
                                 const char         *field)
{
  return GTK_EDITABLE (get_row (self, field));
}

AdwComboRow *
_monia_service_dialog_get_sector_row (MoniaServiceDialog *self)
{
  return self->sector_row;
}

GtkWidget *
_monia_service_dialog_get_add_button (MoniaServiceDialog *self)
{
  return self->add_button;
}

GtkWidget *
_monia_service_dialog_get_delete_button (MoniaServiceDialog *self)
{
  return self->delete_button;
}

const char *
_monia_service_dialog_get_error (MoniaServiceDialog *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_text (self->error_label) : "";
}
