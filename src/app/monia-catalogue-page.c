/* monia-catalogue-page.c — the region's service catalogue: browse, search, edit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "monia-case-util.h"
#include "monia-catalogue-page-private.h"

struct _MoniaCataloguePage
{
  AdwBin              parent_instance;

  MoniaStore         *store;
  GListModel         *services;       /* every service, in creation order */
  GtkSortListModel   *sorted;
  GtkFilterListModel *filtered;
  GtkCustomFilter    *filter;
  char               *search_text;
  char              **search_words;   /* normalised and case-folded */
  const char         *sector;         /* one of monia_service_sector_ids(), or NULL: all */
  GHashTable         *pending;        /* service id → its undo AdwToast */
  AdwToast           *undo_toast;     /* weak: the latest */
  MoniaServiceDialog *dialog;         /* weak */

  GtkWidget          *toolbar;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *sector_filter;
  GtkStack           *stack;
  GtkListView        *list_view;
  GtkWidget          *empty_add_button;
};

G_DEFINE_FINAL_TYPE (MoniaCataloguePage, monia_catalogue_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- sectors ---- */

/* The names of monia_service_sector_ids(), in its order. */
static const char * const sector_labels[] = {
  NC_("service sector", "Public"),
  NC_("service sector", "Municipal"),
  NC_("service sector", "Parish"),
  NC_("service sector", "Third Sector"),
  NC_("service sector", "Digital"),
};

const char *
monia_service_sector_to_label (const char *sector)
{
  const char * const *sector_ids = monia_service_sector_ids ();

  for (guint i = 0; i < G_N_ELEMENTS (sector_labels) && sector_ids[i] != NULL; i++)
    if (g_strcmp0 (sector, sector_ids[i]) == 0)
      return g_dpgettext2 (NULL, "service sector", sector_labels[i]);

  /* A sector added by a newer Monia: better shown raw than hidden. */
  return sector;
}

/* ---- filtering ---- */

static char *
fold (const char *text)
{
  g_autofree char *normal = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);

  return normal != NULL ? g_utf8_casefold (normal, -1) : g_strdup ("");
}

static gboolean
matches_words (MoniaRecord *record,
               char       **words)
{
  static const char *fields[] = { "name", "provider", "area", "target_group" };
  g_autoptr(GString) haystack = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *value = monia_record_get_string (record, fields[i]);

      if (value != NULL)
        g_string_append_printf (haystack, "%s\n", value);
    }
  if (haystack->len == 0)
    return FALSE;

  {
    g_autofree char *folded = fold (haystack->str);

    for (guint i = 0; words[i] != NULL; i++)
      if (strstr (folded, words[i]) == NULL)
        return FALSE;
  }
  return TRUE;
}

static gboolean
filter_service (gpointer item,
                gpointer user_data)
{
  MoniaCataloguePage *self = user_data;
  MoniaRecord *record = item;

  if (g_hash_table_contains (self->pending, monia_record_get_id (record)))
    return FALSE;
  if (self->sector != NULL && g_strcmp0 (monia_record_get_string (record, "sector"), self->sector) != 0)
    return FALSE;
  if (self->search_words != NULL && self->search_words[0] != NULL)
    return matches_words (record, self->search_words);
  return TRUE;
}

static guint
count_visible_services (MoniaCataloguePage *self)
{
  guint n = self->services != NULL ? g_list_model_get_n_items (self->services) : 0;

  return n - MIN (n, g_hash_table_size (self->pending));
}

static void
update_state (MoniaCataloguePage *self)
{
  const char *state;

  if (self->stack == NULL)
    return;

  if (count_visible_services (self) == 0)
    state = "empty";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0 &&
           gtk_filter_list_model_get_pending (self->filtered) == 0)
    state = "no-results";
  else
    state = "list";

  gtk_stack_set_visible_child_name (self->stack, state);
  /* Nothing to search or filter in an empty catalogue. */
  gtk_widget_set_visible (self->toolbar, !g_str_equal (state, "empty"));
}

static void
on_search_changed (MoniaCataloguePage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *folded = fold (text);
  GtkFilterChange change;

  if (g_strcmp0 (text, self->search_text) == 0)
    return;

  /* Every word must match, so text that contains the old text can only
   * narrow what is shown. */
  if (self->search_text != NULL && strstr (text, self->search_text) != NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (self->search_text != NULL && strstr (self->search_text, text) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;

  g_free (self->search_text);
  self->search_text = g_strdup (text);
  g_strfreev (self->search_words);
  self->search_words = g_strsplit_set (g_strstrip (folded), " \t\n", -1);
  /* Splitting on runs of spaces leaves empty words. */
  {
    guint kept = 0;

    for (guint i = 0; self->search_words[i] != NULL; i++)
      {
        if (self->search_words[i][0] != '\0')
          self->search_words[kept++] = self->search_words[i];
        else
          g_free (self->search_words[i]);
      }
    self->search_words[kept] = NULL;
  }

  gtk_filter_changed (GTK_FILTER (self->filter), change);
}

static void
on_sector_filter_selected (MoniaCataloguePage *self)
{
  guint selected = gtk_drop_down_get_selected (self->sector_filter);
  const char *sector = selected > 0 && selected <= G_N_ELEMENTS (sector_labels) ? monia_service_sector_ids ()[selected - 1] : NULL;

  if (sector == self->sector)
    return;

  self->sector = sector;
  if (self->filter != NULL)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/* ---- rows ---- */

static void
on_row_setup (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *details = gtk_label_new (NULL);
  GtkWidget *sector = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_label_set_xalign (GTK_LABEL (details), 0);
  gtk_label_set_ellipsize (GTK_LABEL (details), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (details, "caption");
  gtk_widget_add_css_class (details, "dim-label");
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (text), name);
  gtk_box_append (GTK_BOX (text), details);

  gtk_widget_set_valign (sector, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (sector, "caption");
  gtk_widget_add_css_class (sector, "monia-sector");

  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), sector);

  g_object_set_data (G_OBJECT (box), "monia-name", name);
  g_object_set_data (G_OBJECT (box), "monia-details", details);
  g_object_set_data (G_OBJECT (box), "monia-sector", sector);
  gtk_list_item_set_child (item, box);
}

static void
on_row_bind (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  MoniaRecord *record = gtk_list_item_get_item (item);
  const char *name = monia_record_get_string (record, "name");
  const char *provider = monia_record_get_string (record, "provider");
  const char *area = monia_record_get_string (record, "area");
  const char *sector = monia_service_sector_to_label (monia_record_get_string (record, "sector"));
  g_autofree char *details = NULL;
  g_autoptr(GString) accessible = g_string_new (NULL);

  if (name == NULL)
    name = _("Unnamed Service");
  if (provider != NULL && area != NULL)
    /* Translators: a service's provider, then the area it serves */
    details = g_strdup_printf (_("%s · %s"), provider, area);
  else
    details = g_strdup (provider != NULL ? provider : area);

  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "monia-name"), name);
  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "monia-details"), details != NULL ? details : "");
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (box), "monia-details"), details != NULL);
  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "monia-sector"), sector != NULL ? sector : "");
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (box), "monia-sector"), sector != NULL);

  /* The row's name for a screen reader: everything it shows, in order. */
  g_string_append (accessible, name);
  for (guint i = 0; i < 2; i++)
    {
      const char *part = i == 0 ? details : sector;

      if (part != NULL)
        /* Translators: joins the parts of a service row for a screen reader */
        g_string_append_printf (accessible, _(", %s"), part);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible->str,
                                  -1);
}

/* ---- editing ---- */

static void delete_service (MoniaCataloguePage *self,
                            const char         *id);

static void
on_service_added (MoniaCataloguePage *self)
{
  monia_show_toast (GTK_WIDGET (self), _("Service added"));
}

static void
on_delete_requested (MoniaCataloguePage *self,
                     const char         *id)
{
  delete_service (self, id);
}

static void
open_dialog (MoniaCataloguePage *self,
             const char         *service_id)
{
  MoniaServiceDialog *dialog;

  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));

  dialog = monia_service_dialog_new (self->store, service_id);
  g_signal_connect_object (dialog, "service-added", G_CALLBACK (on_service_added), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "delete-requested", G_CALLBACK (on_delete_requested), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->dialog, dialog);
  monia_present_over (GTK_WIDGET (self), GTK_WINDOW (dialog));
}

static void
add_action_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  open_dialog (MONIA_CATALOGUE_PAGE (widget), NULL);
}

static void
on_list_activate (MoniaCataloguePage *self,
                  guint               position)
{
  g_autoptr(MoniaRecord) record = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

  if (record != NULL)
    open_dialog (self, monia_record_get_id (record));
}

/* ---- deleting, with a way back ---- */

/* Writes the deletion of @id if it is still waiting. */
static void
commit_delete (MoniaCataloguePage *self,
               const char         *id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  if (!g_hash_table_steal_extended (self->pending, id, (gpointer *) &key, NULL))
    return;

  if (!monia_catalogue_delete_service (self->store, key, &error))
    {
      /* The service shows again, as it was not deleted. */
      gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_LESS_STRICT);
      update_state (self);
      if (gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY) != NULL)
        monia_show_error (GTK_WIDGET (self), error);
      else
        g_debug ("Could not delete a service: %s", error->message);
    }
}

static void
on_undo_toast_dismissed (MoniaCataloguePage *self,
                         AdwToast           *toast)
{
  commit_delete (self, g_object_get_data (G_OBJECT (toast), "monia-service-id"));
}

static void
on_undo_clicked (MoniaCataloguePage *self,
                 AdwToast           *toast)
{
  const char *id = g_object_get_data (G_OBJECT (toast), "monia-service-id");

  /* Taken back before the toast goes, so its dismissal deletes nothing. */
  if (g_hash_table_remove (self->pending, id))
    {
      gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_LESS_STRICT);
      update_state (self);
    }
}

static void
delete_service (MoniaCataloguePage *self,
                const char         *id)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autoptr(MoniaRecord) record = monia_store_get (self->store, "service", id, NULL);
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  if (record == NULL || g_hash_table_contains (self->pending, id))
    return;

  /* Without a toast to take it back from, the deletion is written now. */
  if (overlay == NULL)
    {
      g_hash_table_insert (self->pending, g_strdup (id), NULL);
      commit_delete (self, id);
      return;
    }

  escaped = g_markup_escape_text (monia_record_get_string (record, "name") != NULL
                                  ? monia_record_get_string (record, "name") : "", -1);
  /* Translators: a toast after deleting a service; %s is its name */
  title = g_strdup_printf (_("“%s” deleted"), escaped);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "monia-service-id", g_strdup (id), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_clicked), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_undo_toast_dismissed), self, G_CONNECT_SWAPPED);

  g_hash_table_insert (self->pending, g_strdup (id), toast);
  g_set_weak_pointer (&self->undo_toast, toast);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_MORE_STRICT);
  update_state (self);

  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

/* Deletions still waiting for their toast are written before the page
 * goes, so closing the window is not an undo. */
static void
commit_all_deletes (MoniaCataloguePage *self)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer id;

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    g_ptr_array_add (ids, g_strdup (id));
  for (guint i = 0; i < ids->len; i++)
    commit_delete (self, g_ptr_array_index (ids, i));
}

/* ---- the class ---- */

static void
on_model_changed (MoniaCataloguePage *self)
{
  update_state (self);
}

static char *
get_sort_name (MoniaRecord *record)
{
  const char *name = monia_record_get_string (record, "name");

  return g_strdup (name != NULL ? name : "");
}

static void
monia_catalogue_page_constructed (GObject *object)
{
  MoniaCataloguePage *self = MONIA_CATALOGUE_PAGE (object);
  g_autoptr(GtkSelectionModel) selection = NULL;
  GtkExpression *expression;
  GtkStringSorter *sorter;

  G_OBJECT_CLASS (monia_catalogue_page_parent_class)->constructed (object);

  self->services = monia_store_list (self->store, "service");

  /* By name in the user's language; both steps run in pieces so a large
   * catalogue never stops the window. */
  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (get_sort_name), NULL, NULL);
  sorter = gtk_string_sorter_new (expression);
  self->sorted = gtk_sort_list_model_new (g_object_ref (self->services), GTK_SORTER (sorter));
  gtk_sort_list_model_set_incremental (self->sorted, TRUE);

  self->filter = gtk_custom_filter_new (filter_service, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->sorted)),
                                              GTK_FILTER (g_object_ref (self->filter)));
  gtk_filter_list_model_set_incremental (self->filtered, TRUE);

  g_signal_connect_object (self->services, "items-changed", G_CALLBACK (on_model_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filtered, "items-changed", G_CALLBACK (on_model_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filtered, "notify::pending", G_CALLBACK (on_model_changed), self, G_CONNECT_SWAPPED);

  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->filtered))));
  gtk_list_view_set_model (self->list_view, selection);
  update_state (self);
}

static void
monia_catalogue_page_dispose (GObject *object)
{
  MoniaCataloguePage *self = MONIA_CATALOGUE_PAGE (object);

  commit_all_deletes (self);
  if (self->services != NULL)
    g_signal_handlers_disconnect_by_data (self->services, self);
  if (self->filtered != NULL)
    g_signal_handlers_disconnect_by_data (self->filtered, self);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  g_clear_weak_pointer (&self->dialog);
  g_clear_weak_pointer (&self->undo_toast);

  gtk_widget_dispose_template (GTK_WIDGET (self), MONIA_TYPE_CATALOGUE_PAGE);

  /* The filter calls back into the page: it must not outlive it. */
  if (self->filter != NULL)
    gtk_custom_filter_set_filter_func (self->filter, NULL, NULL, NULL);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->sorted);
  g_clear_object (&self->services);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (monia_catalogue_page_parent_class)->dispose (object);
}

static void
monia_catalogue_page_finalize (GObject *object)
{
  MoniaCataloguePage *self = MONIA_CATALOGUE_PAGE (object);

  g_hash_table_unref (self->pending);
  g_free (self->search_text);
  g_strfreev (self->search_words);

  G_OBJECT_CLASS (monia_catalogue_page_parent_class)->finalize (object);
}

static void
monia_catalogue_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  MoniaCataloguePage *self = MONIA_CATALOGUE_PAGE (object);

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
monia_catalogue_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  MoniaCataloguePage *self = MONIA_CATALOGUE_PAGE (object);

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
monia_catalogue_page_class_init (MoniaCataloguePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = monia_catalogue_page_constructed;
  object_class->dispose = monia_catalogue_page_dispose;
  object_class->finalize = monia_catalogue_page_finalize;
  object_class->get_property = monia_catalogue_page_get_property;
  object_class->set_property = monia_catalogue_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         MONIA_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/monia-catalogue-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MoniaCataloguePage, toolbar);
  gtk_widget_class_bind_template_child (widget_class, MoniaCataloguePage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MoniaCataloguePage, sector_filter);
  gtk_widget_class_bind_template_child (widget_class, MoniaCataloguePage, stack);
  gtk_widget_class_bind_template_child (widget_class, MoniaCataloguePage, list_view);
  gtk_widget_class_bind_template_child (widget_class, MoniaCataloguePage, empty_add_button);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_sector_filter_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);

  gtk_widget_class_install_action (widget_class, "catalogue.add", NULL, add_action_cb);
}

static void
monia_catalogue_page_init (MoniaCataloguePage *self)
{
  g_autoptr(GtkStringList) sectors = gtk_string_list_new (NULL);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* GTK 4.8 would read "_Add Service Add Service": the label property and
   * the label pointing at the button. The label alone names it. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->empty_add_button), GTK_ACCESSIBLE_PROPERTY_LABEL);

  gtk_string_list_append (sectors, C_("service sector", "All Sectors"));
  for (guint i = 0; i < G_N_ELEMENTS (sector_labels); i++)
    gtk_string_list_append (sectors, g_dpgettext2 (NULL, "service sector", sector_labels[i]));
  gtk_drop_down_set_model (self->sector_filter, G_LIST_MODEL (sectors));

  g_signal_connect (factory, "setup", G_CALLBACK (on_row_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_row_bind), NULL);
  gtk_list_view_set_factory (self->list_view, factory);

  /* Typing anywhere on the page searches. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
}

GtkWidget *
monia_catalogue_page_new (MoniaStore *store)
{
  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);

  return g_object_new (MONIA_TYPE_CATALOGUE_PAGE, "store", store, NULL);
}

MoniaStore *
monia_catalogue_page_get_store (MoniaCataloguePage *self)
{
  g_return_val_if_fail (MONIA_IS_CATALOGUE_PAGE (self), NULL);

  return self->store;
}

const char *
_monia_catalogue_page_get_state (MoniaCataloguePage *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

GtkEditable *
_monia_catalogue_page_get_search_entry (MoniaCataloguePage *self)
{
  return GTK_EDITABLE (self->search_entry);
}

GtkDropDown *
_monia_catalogue_page_get_sector_filter (MoniaCataloguePage *self)
{
  return self->sector_filter;
}

GtkListView *
_monia_catalogue_page_get_list_view (MoniaCataloguePage *self)
{
  return self->list_view;
}

GListModel *
_monia_catalogue_page_get_shown (MoniaCataloguePage *self)
{
  return G_LIST_MODEL (self->filtered);
}

gboolean
_monia_catalogue_page_is_busy (MoniaCataloguePage *self)
{
  return gtk_filter_list_model_get_pending (self->filtered) > 0 ||
         gtk_sort_list_model_get_pending (self->sorted) > 0;
}

MoniaServiceDialog *
_monia_catalogue_page_get_dialog (MoniaCataloguePage *self)
{
  return self->dialog;
}

AdwToast *
_monia_catalogue_page_get_undo_toast (MoniaCataloguePage *self)
{
  return self->undo_toast;
}
