/* monia-pair-dialog.c — forms a work pair of two professionals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-case-util.h"
#include "monia-date-row.h"
#include "monia-pair-dialog.h"
#include "monia-picker-row.h"

struct _MoniaPairDialog
{
  AdwWindow     parent_instance;

  MoniaStore   *store;
  char         *first_id;

  MoniaPickerRow *first_row;
  MoniaPickerRow *second_row;
  MoniaDateRow *from_row;
  GtkButton    *cancel_button;
  GtkButton    *form_button;
  GtkLabel     *error_label;
};

G_DEFINE_FINAL_TYPE (MoniaPairDialog, monia_pair_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_FIRST_ID,
  N_PROPS
};

enum {
  PAIR_FORMED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
show_error (MoniaPairDialog *self,
            const char      *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
on_choice_changed (MoniaPairDialog *self)
{
  /* The complaint was about the choice no longer there. */
  show_error (self, NULL);
}

static void
form_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  MoniaPairDialog *self = MONIA_PAIR_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *pair_id = NULL;
  GDate from;

  monia_date_row_get_date (self->from_row, &from);
  pair_id = monia_team_form_pair (self->store,
                                  monia_picker_row_get_selected_id (self->first_row),
                                  monia_picker_row_get_selected_id (self->second_row),
                                  &from, &error);
  if (pair_id == NULL)
    {
      show_error (self, error->message);
      return;
    }

  g_signal_emit (self, signals[PAIR_FORMED], 0, pair_id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
monia_pair_dialog_constructed (GObject *object)
{
  MoniaPairDialog *self = MONIA_PAIR_DIALOG (object);
  GDate today;

  G_OBJECT_CLASS (monia_pair_dialog_parent_class)->constructed (object);

  g_return_if_fail (MONIA_IS_STORE (self->store));

  {
    g_autoptr(GListModel) pros = monia_choices_professionals (self->store, C_("professional", "Not chosen"));

    monia_picker_row_set_choices (self->first_row, pros);
    monia_picker_row_set_choices (self->second_row, pros);
  }
  if (self->first_id != NULL)
    monia_picker_row_select_id (self->first_row, self->first_id);

  monia_get_today (&today);
  monia_date_row_set_date (self->from_row, &today);
  show_error (self, NULL);
}

static void
monia_pair_dialog_dispose (GObject *object)
{
  MoniaPairDialog *self = MONIA_PAIR_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MONIA_TYPE_PAIR_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (monia_pair_dialog_parent_class)->dispose (object);
}

static void
monia_pair_dialog_finalize (GObject *object)
{
  MoniaPairDialog *self = MONIA_PAIR_DIALOG (object);

  g_free (self->first_id);

  G_OBJECT_CLASS (monia_pair_dialog_parent_class)->finalize (object);
}

static void
monia_pair_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  MoniaPairDialog *self = MONIA_PAIR_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_FIRST_ID:
      g_value_set_string (value, self->first_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
monia_pair_dialog_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  MoniaPairDialog *self = MONIA_PAIR_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_FIRST_ID:
      self->first_id = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
monia_pair_dialog_class_init (MoniaPairDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = monia_pair_dialog_constructed;
  object_class->dispose = monia_pair_dialog_dispose;
  object_class->finalize = monia_pair_dialog_finalize;
  object_class->get_property = monia_pair_dialog_get_property;
  object_class->set_property = monia_pair_dialog_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         MONIA_TYPE_STORE,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_FIRST_ID] =
    g_param_spec_string ("first-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MoniaPairDialog::pair-formed:
   * @self: the dialog
   * @pair_id: the new work pair's record id
   */
  signals[PAIR_FORMED] =
    g_signal_new ("pair-formed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (MONIA_TYPE_DATE_ROW);
  g_type_ensure (MONIA_TYPE_PICKER_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/monia-pair-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MoniaPairDialog, first_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaPairDialog, second_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaPairDialog, from_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaPairDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, MoniaPairDialog, form_button);
  gtk_widget_class_bind_template_child (widget_class, MoniaPairDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_choice_changed);

  gtk_widget_class_install_action (widget_class, "pair.form", NULL, form_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
monia_pair_dialog_init (MoniaPairDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* GTK 4.8 would read "_Cancel Cancel": the label child is name enough. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->cancel_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->form_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

MoniaPairDialog *
monia_pair_dialog_new (MoniaStore *store,
                       const char *first_id)
{
  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);

  return g_object_new (MONIA_TYPE_PAIR_DIALOG,
                       "store", store,
                       "first-id", first_id,
                       NULL);
}
