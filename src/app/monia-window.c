/* monia-window.c — the main window: the list of cases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-case-row.h"
#include "monia-new-case-dialog.h"
#include "monia-window-private.h"

struct _MoniaWindow
{
  AdwApplicationWindow  parent_instance;

  MoniaStore           *store;
  GListModel           *cases;
  GSettings            *settings;
  MoniaNewCaseDialog   *new_case_dialog;   /* weak */
  gboolean              failed;

  GtkButton            *new_case_button;
  GtkButton            *empty_new_case_button;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwStatusPage        *error_page;
  GtkLabel             *error_path_label;
  GtkListView          *case_list_view;
};

G_DEFINE_FINAL_TYPE (MoniaWindow, monia_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const size_keys[] = { "window-width", "window-height", "window-maximized" };

/* The settings, or NULL when the schema is not installed (running from the
 * build folder): the window then just does not remember its size. */
static GSettings *
create_settings_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL)
    return NULL;

  schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (size_keys); i++)
    {
      if (!g_settings_schema_has_key (schema, size_keys[i]))
        return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

static void
restore_window_size (MoniaWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;

  width = g_settings_get_int (self->settings, "window-width");
  height = g_settings_get_int (self->settings, "window-height");
  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), width, height);

  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
save_window_size (MoniaWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static void
update_visible_page (MoniaWindow *self)
{
  const char *page;

  if (self->failed)
    page = "error";
  else if (self->cases != NULL && g_list_model_get_n_items (self->cases) > 0)
    page = "cases";
  else
    page = "empty";

  gtk_stack_set_visible_child_name (self->stack, page);
}

static void
on_cases_items_changed (MoniaWindow *self,
                        guint        position,
                        guint        removed,
                        guint        added,
                        GListModel  *model)
{
  update_visible_page (self);
}

static void
on_case_row_setup (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  gtk_list_item_set_child (item, monia_case_row_new ());
}

static void
on_case_row_bind (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  monia_case_row_set_record (MONIA_CASE_ROW (gtk_list_item_get_child (item)),
                             gtk_list_item_get_item (item));
}

static void
on_case_row_unbind (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  monia_case_row_set_record (MONIA_CASE_ROW (gtk_list_item_get_child (item)), NULL);
}

static void
set_up_case_list (MoniaWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkSelectionModel) selection = NULL;

  self->cases = monia_store_list_cases (self->store);
  g_signal_connect_object (self->cases, "items-changed",
                           G_CALLBACK (on_cases_items_changed), self,
                           G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_case_row_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_case_row_bind), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_case_row_unbind), NULL);

  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (self->cases)));
  gtk_list_view_set_factory (self->case_list_view, factory);
  gtk_list_view_set_model (self->case_list_view, selection);
}

static void
show_store_error (MoniaWindow  *self,
                  const char   *path,
                  const GError *error)
{
  g_autofree char *description = NULL;
  g_autofree char *path_text = NULL;

  self->failed = TRUE;

  /* The status page reads its description as markup. */
  description = g_markup_escape_text (error->message, -1);
  adw_status_page_set_description (self->error_page, description);

  if (path != NULL)
    {
      g_autofree char *display_name = g_filename_display_name (path);

      /* Translators: %s is the path of the database file */
      path_text = g_strdup_printf (_("File: %s"), display_name);
    }
  gtk_label_set_text (self->error_path_label, path_text != NULL ? path_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_path_label), path_text != NULL);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-case", FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->new_case_button), FALSE);

  update_visible_page (self);
}

static void
on_case_created (MoniaWindow        *self,
                 const char         *case_id,
                 MoniaNewCaseDialog *dialog)
{
  monia_window_add_toast (self, _("Case created"));
}

static void
new_case_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MoniaWindow *self = MONIA_WINDOW (widget);
  MoniaNewCaseDialog *dialog;

  if (self->store == NULL)
    return;

  if (self->new_case_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->new_case_dialog));
      return;
    }

  dialog = monia_new_case_dialog_new (self->store);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "case-created",
                           G_CALLBACK (on_case_created), self,
                           G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->new_case_dialog, dialog);

  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
monia_window_close_request (GtkWindow *window)
{
  save_window_size (MONIA_WINDOW (window));

  return GTK_WINDOW_CLASS (monia_window_parent_class)->close_request (window);
}

static void
monia_window_constructed (GObject *object)
{
  MoniaWindow *self = MONIA_WINDOW (object);

  G_OBJECT_CLASS (monia_window_parent_class)->constructed (object);

  if (self->store != NULL)
    set_up_case_list (self);
  else
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-case", FALSE);

  update_visible_page (self);
}

static void
monia_window_dispose (GObject *object)
{
  MoniaWindow *self = MONIA_WINDOW (object);

  g_clear_weak_pointer (&self->new_case_dialog);
  gtk_widget_dispose_template (GTK_WIDGET (self), MONIA_TYPE_WINDOW);
  g_clear_object (&self->cases);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (monia_window_parent_class)->dispose (object);
}

static void
monia_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MoniaWindow *self = MONIA_WINDOW (object);

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
monia_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  MoniaWindow *self = MONIA_WINDOW (object);

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
monia_window_class_init (MoniaWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = monia_window_constructed;
  object_class->dispose = monia_window_dispose;
  object_class->get_property = monia_window_get_property;
  object_class->set_property = monia_window_set_property;

  window_class->close_request = monia_window_close_request;

  /**
   * MoniaWindow:store:
   *
   * The store whose cases the window shows; %NULL when it could not be
   * opened.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         MONIA_TYPE_STORE,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MONIA_TYPE_CASE_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/monia-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MoniaWindow, new_case_button);
  gtk_widget_class_bind_template_child (widget_class, MoniaWindow, empty_new_case_button);
  gtk_widget_class_bind_template_child (widget_class, MoniaWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MoniaWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, MoniaWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, MoniaWindow, error_path_label);
  gtk_widget_class_bind_template_child (widget_class, MoniaWindow, case_list_view);

  gtk_widget_class_install_action (widget_class, "win.new-case", NULL, new_case_action_cb);
}

static void
monia_window_init (MoniaWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* GTK 4.8 would read the mnemonic button as "_New Case New Case": its
   * label property and its label child both count. The child is enough. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->empty_new_case_button),
                                 GTK_ACCESSIBLE_PROPERTY_LABEL);

  if (g_str_equal (PROFILE, "Devel"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->settings = create_settings_if_installed ();
  restore_window_size (self);
}

MoniaWindow *
monia_window_new (GtkApplication *application,
                  MoniaStore     *store)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);

  return g_object_new (MONIA_TYPE_WINDOW,
                       "application", application,
                       "store", store,
                       NULL);
}

MoniaWindow *
monia_window_new_for_error (GtkApplication *application,
                            const char     *path,
                            const GError   *error)
{
  MoniaWindow *self;

  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (error != NULL, NULL);

  self = g_object_new (MONIA_TYPE_WINDOW,
                       "application", application,
                       NULL);
  show_store_error (self, path, error);

  return self;
}

MoniaWindow *
monia_window_new_for_database (GtkApplication *application,
                               const char     *path)
{
  g_autoptr(MoniaStore) store = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  store = monia_store_open (path, &error);
  if (store == NULL)
    {
      g_debug ("Could not open the case database: %s", error->message);
      return monia_window_new_for_error (application, path, error);
    }

  return monia_window_new (application, store);
}

MoniaStore *
monia_window_get_store (MoniaWindow *self)
{
  g_return_val_if_fail (MONIA_IS_WINDOW (self), NULL);

  return self->store;
}

void
monia_window_add_toast (MoniaWindow *self,
                        const char  *title)
{
  g_return_if_fail (MONIA_IS_WINDOW (self));
  g_return_if_fail (title != NULL);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

GtkStack *
_monia_window_get_stack (MoniaWindow *self)
{
  return self->stack;
}

GListModel *
_monia_window_get_cases (MoniaWindow *self)
{
  return self->cases;
}

GtkListView *
_monia_window_get_case_list_view (MoniaWindow *self)
{
  return self->case_list_view;
}

AdwStatusPage *
_monia_window_get_error_page (MoniaWindow *self)
{
  return self->error_page;
}

MoniaNewCaseDialog *
_monia_window_get_new_case_dialog (MoniaWindow *self)
{
  return self->new_case_dialog;
}
