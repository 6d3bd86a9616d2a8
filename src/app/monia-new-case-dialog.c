/* monia-new-case-dialog.c — asks for what a new case needs and creates it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-new-case-dialog-private.h"

struct _MoniaNewCaseDialog
{
  AdwWindow    parent_instance;

  MoniaStore  *store;

  AdwEntryRow *title_row;
  AdwEntryRow *name_row;
  AdwEntryRow *hetu_row;
  GtkButton   *cancel_button;
  GtkButton   *create_button;
  GtkLabel    *hetu_error_label;
  GtkLabel    *store_error_label;
};

G_DEFINE_FINAL_TYPE (MoniaNewCaseDialog, monia_new_case_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

enum {
  CASE_CREATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The text of @row without surrounding white space; never NULL. */
static char *
dup_entry_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static gboolean
is_entry_filled (AdwEntryRow *row)
{
  g_autofree char *text = dup_entry_text (row);

  return text[0] != '\0';
}

static void
update_create_enabled (MoniaNewCaseDialog *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "new-case.create",
                                 self->store != NULL &&
                                 is_entry_filled (self->title_row) &&
                                 is_entry_filled (self->name_row));
}

static void
show_error (GtkLabel   *label,
            GtkWidget  *row,
            const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);

  if (row == NULL)
    return;

  if (message != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (row),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, label, NULL,
                                      -1);
    }
  else
    {
      gtk_widget_remove_css_class (row, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
    }
}

static void
on_required_entry_changed (MoniaNewCaseDialog *self)
{
  update_create_enabled (self);
}

static void
on_hetu_entry_changed (MoniaNewCaseDialog *self)
{
  /* The old complaint is about text that is no longer there. */
  show_error (self->hetu_error_label, GTK_WIDGET (self->hetu_row), NULL);
}

static void
create_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MoniaNewCaseDialog *self = MONIA_NEW_CASE_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = dup_entry_text (self->title_row);
  g_autofree char *name = dup_entry_text (self->name_row);
  g_autofree char *hetu_text = dup_entry_text (self->hetu_row);
  g_autofree char *case_id = NULL;
  MoniaHetu hetu;
  const char *hetu_code = NULL;

  if (self->store == NULL || title[0] == '\0' || name[0] == '\0')
    return;

  if (hetu_text[0] != '\0')
    {
      if (!monia_hetu_parse (hetu_text, &hetu, &error))
        {
          show_error (self->hetu_error_label, GTK_WIDGET (self->hetu_row), error->message);
          gtk_widget_grab_focus (GTK_WIDGET (self->hetu_row));
          return;
        }

      hetu_code = hetu.code;
    }

  show_error (self->store_error_label, NULL, NULL);

  case_id = monia_store_create_case (self->store, title, name, hetu_code, &error);
  if (case_id == NULL)
    {
      /* Keep everything typed so nothing is lost; the person can retry. */
      show_error (self->store_error_label, NULL, error->message);
      return;
    }

  g_signal_emit (self, signals[CASE_CREATED], 0, case_id);
  gtk_window_close (GTK_WINDOW (self));
}

/* GTK 4.8 names a widget by joining its label property with the labels that
 * point at it, so a button with a mnemonic would be read as "_Cancel Cancel"
 * and an entry row as "Title Title". Dropping the property leaves the one
 * visible label as the name. */
static void
drop_duplicate_accessible_label (GtkWidget *widget)
{
  gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

static void
monia_new_case_dialog_dispose (GObject *object)
{
  MoniaNewCaseDialog *self = MONIA_NEW_CASE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MONIA_TYPE_NEW_CASE_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (monia_new_case_dialog_parent_class)->dispose (object);
}

static void
monia_new_case_dialog_constructed (GObject *object)
{
  MoniaNewCaseDialog *self = MONIA_NEW_CASE_DIALOG (object);

  G_OBJECT_CLASS (monia_new_case_dialog_parent_class)->constructed (object);

  update_create_enabled (self);
}

static void
monia_new_case_dialog_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  MoniaNewCaseDialog *self = MONIA_NEW_CASE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
monia_new_case_dialog_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  MoniaNewCaseDialog *self = MONIA_NEW_CASE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
monia_new_case_dialog_class_init (MoniaNewCaseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = monia_new_case_dialog_dispose;
  object_class->constructed = monia_new_case_dialog_constructed;
  object_class->get_property = monia_new_case_dialog_get_property;
  object_class->set_property = monia_new_case_dialog_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         MONIA_TYPE_STORE,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MoniaNewCaseDialog::case-created:
   * @self: the dialog
   * @case_id: the new case's record id
   *
   * Emitted after the case is in the store, just before the dialog closes.
   */
  signals[CASE_CREATED] =
    g_signal_new ("case-created",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/monia-new-case-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MoniaNewCaseDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaNewCaseDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaNewCaseDialog, hetu_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaNewCaseDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, MoniaNewCaseDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, MoniaNewCaseDialog, hetu_error_label);
  gtk_widget_class_bind_template_child (widget_class, MoniaNewCaseDialog, store_error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_required_entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_hetu_entry_changed);

  gtk_widget_class_install_action (widget_class, "new-case.create", NULL, create_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
monia_new_case_dialog_init (MoniaNewCaseDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  drop_duplicate_accessible_label (GTK_WIDGET (self->cancel_button));
  drop_duplicate_accessible_label (GTK_WIDGET (self->create_button));
}

MoniaNewCaseDialog *
monia_new_case_dialog_new (MoniaStore *store)
{
  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);

  return g_object_new (MONIA_TYPE_NEW_CASE_DIALOG,
                       "store", store,
                       NULL);
}

MoniaStore *
monia_new_case_dialog_get_store (MoniaNewCaseDialog *self)
{
  g_return_val_if_fail (MONIA_IS_NEW_CASE_DIALOG (self), NULL);

  return self->store;
}

GtkEditable *
_monia_new_case_dialog_get_title_entry (MoniaNewCaseDialog *self)
{
  return GTK_EDITABLE (self->title_row);
}

GtkEditable *
_monia_new_case_dialog_get_name_entry (MoniaNewCaseDialog *self)
{
  return GTK_EDITABLE (self->name_row);
}

GtkEditable *
_monia_new_case_dialog_get_hetu_entry (MoniaNewCaseDialog *self)
{
  return GTK_EDITABLE (self->hetu_row);
}

GtkWidget *
_monia_new_case_dialog_get_create_button (MoniaNewCaseDialog *self)
{
  return GTK_WIDGET (self->create_button);
}

GtkLabel *
_monia_new_case_dialog_get_hetu_error (MoniaNewCaseDialog *self)
{
  return self->hetu_error_label;
}

GtkLabel *
_monia_new_case_dialog_get_store_error (MoniaNewCaseDialog *self)
{
  return self->store_error_label;
}
