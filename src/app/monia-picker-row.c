/* monia-picker-row.c — a row to choose one of many, searchable, each choice on two lines
 *
 * GTK 4.8's GtkDropDown searches only from the start of the whole text, so
 * "Kuraattori" would not find "Kaisa Kuraattori" and no one could search by
 * organisation: the list here is a popover of its own, filtered word by word.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-case-util.h"
#include "monia-picker-row.h"

struct _MoniaPickerRow
{
  AdwPreferencesRow   parent_instance;

  GListModel         *choices;
  GtkFilterListModel *filtered;
  GtkFilter          *filter;
  char               *selected_id;   /* NULL: the "none" choice */
  char               *error;

  GtkLabel           *title_label;
  GtkButton          *button;
  GtkWidget          *chosen_box;
  GtkLabel           *chosen_title;
  GtkLabel           *chosen_subtitle;
  GtkPopover         *popover;
  GtkWidget          *popover_box;
  GtkSearchEntry     *search_entry;
  GtkListView        *list_view;
  GtkWidget          *no_match_label;
  GtkLabel           *error_label;
};

G_DEFINE_FINAL_TYPE (MoniaPickerRow, monia_picker_row, ADW_TYPE_PREFERENCES_ROW)

enum {
  PROP_0,
  PROP_SELECTED_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static MoniaChoice *
find_choice (MoniaPickerRow *self,
             const char     *id)
{
  guint n = self->choices != NULL ? g_list_model_get_n_items (self->choices) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MoniaChoice) choice = g_list_model_get_item (self->choices, i);

      if (g_strcmp0 (monia_choice_get_id (choice), id) == 0)
        return g_steal_pointer (&choice);
    }
  return NULL;
}

/* What the button shows and a screen reader says. */
static void
update_button (MoniaPickerRow *self)
{
  g_autoptr(MoniaChoice) choice = find_choice (self, self->selected_id);
  const char *title = choice != NULL ? monia_choice_get_title (choice) : "";
  const char *subtitle = choice != NULL ? monia_choice_get_subtitle (choice) : NULL;
  g_autofree char *label = NULL;

  gtk_label_set_text (self->chosen_title, title);
  gtk_label_set_text (self->chosen_subtitle, subtitle != NULL ? subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (self->chosen_subtitle), subtitle != NULL);

  /* Translators: a chooser's name for a screen reader: its title, then what is chosen */
  label = g_strdup_printf (_("%s: %s"), adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self)), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  if (self->error != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    self->error, -1);
  else if (subtitle != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    subtitle, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static void
set_selected_id (MoniaPickerRow *self,
                 const char     *id)
{
  if (id != NULL && id[0] == '\0')
    id = NULL;
  if (g_strcmp0 (self->selected_id, id) == 0)
    {
      update_button (self);
      return;
    }
  g_free (self->selected_id);
  self->selected_id = g_strdup (id);
  update_button (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ID]);
}

/* ---- the list ---- */

static gboolean
filter_choice (gpointer item,
               gpointer user_data)
{
  MoniaPickerRow *self = user_data;

  return monia_choice_matches (item, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
setup_item (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  for (guint i = 0; i < 2; i++)
    {
      GtkLabel *label = GTK_LABEL (i == 0 ? title : subtitle);

      gtk_label_set_xalign (label, 0);
      gtk_label_set_wrap (label, TRUE);
      gtk_label_set_wrap_mode (label, PANGO_WRAP_WORD_CHAR);
      /* Long names wrap rather than widen the list past a narrow window. */
      gtk_label_set_max_width_chars (label, 36);
    }
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Chosen"), -1);
  gtk_box_append (GTK_BOX (texts), title);
  gtk_box_append (GTK_BOX (texts), subtitle);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_box_append (GTK_BOX (box), check);
  gtk_list_item_set_child (item, box);
}

static void
bind_item (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           MoniaPickerRow           *self)
{
  MoniaChoice *choice = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *texts = gtk_widget_get_first_child (box);
  GtkWidget *title = gtk_widget_get_first_child (texts);
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);
  GtkWidget *check = gtk_widget_get_next_sibling (texts);
  const char *line = monia_choice_get_subtitle (choice);

  gtk_label_set_text (GTK_LABEL (title), monia_choice_get_title (choice));
  gtk_label_set_text (GTK_LABEL (subtitle), line != NULL ? line : "");
  gtk_widget_set_visible (subtitle, line != NULL);
  gtk_widget_set_opacity (check, g_strcmp0 (monia_choice_get_id (choice), self->selected_id) == 0 ? 1.0 : 0.0);
}

static void
update_no_match (MoniaPickerRow *self)
{
  gtk_widget_set_visible (self->no_match_label,
                          g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0);
}

static void
on_search_changed (MoniaPickerRow *self)
{
  gtk_filter_changed (self->filter, GTK_FILTER_CHANGE_DIFFERENT);
  update_no_match (self);
}

static void
choose_position (MoniaPickerRow *self,
                 guint           position)
{
  g_autoptr(MoniaChoice) choice = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

  if (choice == NULL)
    return;
  gtk_popover_popdown (self->popover);
  set_selected_id (self, monia_choice_get_id (choice));
  gtk_widget_grab_focus (GTK_WIDGET (self->button));
}

static void
on_list_activate (MoniaPickerRow *self,
                  guint           position)
{
  choose_position (self, position);
}

/* Enter in the search field takes the first match. */
static void
on_search_activate (MoniaPickerRow *self)
{
  choose_position (self, 0);
}

static void
on_button_clicked (MoniaPickerRow *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->button));
  graphene_rect_t bounds;

  /* As wide as the button and no wider: the list fits where the row fits. */
  gtk_widget_set_size_request (self->popover_box, MAX (width, 240), -1);
  if (gtk_widget_compute_bounds (GTK_WIDGET (self->button), GTK_WIDGET (self), &bounds))
    {
      GdkRectangle rect = { (int) bounds.origin.x, (int) bounds.origin.y,
                            (int) bounds.size.width, (int) bounds.size.height };

      gtk_popover_set_pointing_to (self->popover, &rect);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_filter_changed (self->filter, GTK_FILTER_CHANGE_LESS_STRICT);
  update_no_match (self);
  gtk_popover_popup (self->popover);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* The list: a search field over the choices, in a popover of the row's
 * own (a menu button would centre the choice and not let it wrap). */
static void
build_popover (MoniaPickerRow *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  self->popover_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  self->search_entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->search_entry, "placeholder-text", _("Search by name, organisation or team"), NULL);
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (on_search_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "activate", G_CALLBACK (on_search_activate),
                           self, G_CONNECT_SWAPPED);

  self->list_view = GTK_LIST_VIEW (gtk_list_view_new (NULL, NULL));
  gtk_list_view_set_single_click_activate (self->list_view, TRUE);
  g_signal_connect_object (self->list_view, "activate", G_CALLBACK (on_list_activate), self, G_CONNECT_SWAPPED);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 420);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list_view));

  self->no_match_label = gtk_label_new (_("Nothing matches"));
  gtk_widget_set_visible (self->no_match_label, FALSE);
  gtk_widget_set_margin_top (self->no_match_label, 12);
  gtk_widget_set_margin_bottom (self->no_match_label, 12);
  gtk_widget_add_css_class (self->no_match_label, "dim-label");

  gtk_box_append (GTK_BOX (self->popover_box), GTK_WIDGET (self->search_entry));
  gtk_box_append (GTK_BOX (self->popover_box), scrolled);
  gtk_box_append (GTK_BOX (self->popover_box), self->no_match_label);

  self->popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_child (self->popover, self->popover_box);
  gtk_widget_set_parent (GTK_WIDGET (self->popover), GTK_WIDGET (self));
}

/* A popover's parent places it each time it is itself placed. */
static void
monia_picker_row_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  MoniaPickerRow *self = MONIA_PICKER_ROW (widget);

  GTK_WIDGET_CLASS (monia_picker_row_parent_class)->size_allocate (widget, width, height, baseline);
  if (self->popover != NULL)
    gtk_popover_present (self->popover);
}

static void
on_title_changed (MoniaPickerRow *self)
{
  gtk_label_set_text (self->title_label, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self)));
  update_button (self);
}

/* ---- the class ---- */

static void
monia_picker_row_dispose (GObject *object)
{
  MoniaPickerRow *self = MONIA_PICKER_ROW (object);

  g_clear_pointer ((GtkWidget **) &self->popover, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), MONIA_TYPE_PICKER_ROW);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->choices);

  G_OBJECT_CLASS (monia_picker_row_parent_class)->dispose (object);
}

static void
monia_picker_row_finalize (GObject *object)
{
  MoniaPickerRow *self = MONIA_PICKER_ROW (object);

  g_free (self->selected_id);
  g_free (self->error);

  G_OBJECT_CLASS (monia_picker_row_parent_class)->finalize (object);
}

static void
monia_picker_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MoniaPickerRow *self = MONIA_PICKER_ROW (object);

  switch (prop_id)
    {
    case PROP_SELECTED_ID:
      g_value_set_string (value, self->selected_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
monia_picker_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  MoniaPickerRow *self = MONIA_PICKER_ROW (object);

  switch (prop_id)
    {
    case PROP_SELECTED_ID:
      monia_picker_row_select_id (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
monia_picker_row_class_init (MoniaPickerRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = monia_picker_row_dispose;
  object_class->finalize = monia_picker_row_finalize;
  object_class->get_property = monia_picker_row_get_property;
  object_class->set_property = monia_picker_row_set_property;
  widget_class->size_allocate = monia_picker_row_size_allocate;

  properties[PROP_SELECTED_ID] =
    g_param_spec_string ("selected-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/monia-picker-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MoniaPickerRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, MoniaPickerRow, button);
  gtk_widget_class_bind_template_child (widget_class, MoniaPickerRow, chosen_box);
  gtk_widget_class_bind_template_child (widget_class, MoniaPickerRow, chosen_title);
  gtk_widget_class_bind_template_child (widget_class, MoniaPickerRow, chosen_subtitle);
  gtk_widget_class_bind_template_child (widget_class, MoniaPickerRow, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_button_clicked);
}

static void
monia_picker_row_init (MoniaPickerRow *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  build_popover (self);

  self->filter = GTK_FILTER (gtk_custom_filter_new (filter_choice, self, NULL));
  self->filtered = gtk_filter_list_model_new (NULL, g_object_ref (self->filter));
  gtk_list_view_set_model (self->list_view,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)))));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_item), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_item), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  g_signal_connect (self, "notify::title", G_CALLBACK (on_title_changed), NULL);
  update_button (self);
}

GtkWidget *
monia_picker_row_new (void)
{
  return g_object_new (MONIA_TYPE_PICKER_ROW, NULL);
}

/* Whether @a and @b offer the same choices, shown the same. */
static gboolean
same_choices (GListModel *a,
              GListModel *b)
{
  guint n = a != NULL ? g_list_model_get_n_items (a) : 0;

  if (a == NULL || b == NULL || n != g_list_model_get_n_items (b))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MoniaChoice) ca = g_list_model_get_item (a, i);
      g_autoptr(MoniaChoice) cb = g_list_model_get_item (b, i);

      if (g_strcmp0 (monia_choice_get_id (ca), monia_choice_get_id (cb)) != 0 ||
          g_strcmp0 (monia_choice_get_title (ca), monia_choice_get_title (cb)) != 0 ||
          g_strcmp0 (monia_choice_get_subtitle (ca), monia_choice_get_subtitle (cb)) != 0)
        return FALSE;
    }
  return TRUE;
}

void
monia_picker_row_set_choices (MoniaPickerRow *self,
                              GListModel     *choices)
{
  g_autofree char *keep = NULL;

  g_return_if_fail (MONIA_IS_PICKER_ROW (self));
  g_return_if_fail (choices == NULL || G_IS_LIST_MODEL (choices));

  /* The list is not rebuilt under the person choosing from it. */
  if (same_choices (self->choices, choices))
    return;

  keep = g_strdup (self->selected_id);
  g_set_object (&self->choices, choices);
  gtk_filter_list_model_set_model (self->filtered, choices);
  if (!monia_picker_row_select_id (self, keep))
    {
      g_autoptr(MoniaChoice) first = choices != NULL ? g_list_model_get_item (choices, 0) : NULL;

      set_selected_id (self, first != NULL ? monia_choice_get_id (first) : NULL);
    }
}

GListModel *
monia_picker_row_get_choices (MoniaPickerRow *self)
{
  g_return_val_if_fail (MONIA_IS_PICKER_ROW (self), NULL);
  return self->choices;
}

const char *
monia_picker_row_get_selected_id (MoniaPickerRow *self)
{
  g_return_val_if_fail (MONIA_IS_PICKER_ROW (self), NULL);
  return self->selected_id;
}

MoniaChoice *
monia_picker_row_get_selected (MoniaPickerRow *self)
{
  g_autoptr(MoniaChoice) choice = NULL;

  g_return_val_if_fail (MONIA_IS_PICKER_ROW (self), NULL);

  /* The list holds its own reference. */
  choice = find_choice (self, self->selected_id);
  return choice;
}

gboolean
monia_picker_row_select_id (MoniaPickerRow *self,
                            const char     *id)
{
  g_autoptr(MoniaChoice) choice = NULL;

  g_return_val_if_fail (MONIA_IS_PICKER_ROW (self), FALSE);

  if (id != NULL && id[0] == '\0')
    id = NULL;
  choice = find_choice (self, id);
  if (choice == NULL)
    return FALSE;
  set_selected_id (self, id);
  return TRUE;
}

void
monia_picker_row_popup (MoniaPickerRow *self)
{
  g_return_if_fail (MONIA_IS_PICKER_ROW (self));

  on_button_clicked (self);
}

void
monia_picker_row_set_error (MoniaPickerRow *self,
                            const char     *message)
{
  g_return_if_fail (MONIA_IS_PICKER_ROW (self));

  g_free (self->error);
  self->error = g_strdup (message);
  monia_field_set_error (GTK_WIDGET (self->button), GTK_WIDGET (self->error_label), message);
  update_button (self);
}
