/* monia-case-list-page.c — a list of cases (mine, my pair's, all)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-case-list-page.h"
#include "monia-case-ops.h"
#include "monia-case-row.h"

struct _MoniaCaseListPage
{
  AdwBin         parent_instance;

  GListModel    *model;
  gboolean       model_bound;   /* given to the list view */
  MoniaStore    *deadline_store;

  GtkStack      *stack;
  AdwStatusPage *empty_page;
  GtkListView   *list_view;
};

G_DEFINE_FINAL_TYPE (MoniaCaseListPage, monia_case_list_page, ADW_TYPE_BIN)

enum {
  CASE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_state (MoniaCaseListPage *self)
{
  gboolean empty = self->model == NULL || g_list_model_get_n_items (self->model) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "cases");
}

static void
on_items_changed (MoniaCaseListPage *self)
{
  update_state (self);
}

static void
on_row_setup (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  gtk_list_item_set_child (item, monia_case_row_new ());
}

static void
on_row_bind (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             MoniaCaseListPage        *self)
{
  MoniaCaseRow *row = MONIA_CASE_ROW (gtk_list_item_get_child (item));
  MoniaRecord *record = gtk_list_item_get_item (item);
  GDate due;

  monia_case_row_set_record (row, record);
  g_date_clear (&due, 1);
  if (self->deadline_store != NULL && record != NULL)
    monia_case_next_deadline (self->deadline_store, monia_record_get_id (record), &due, NULL);
  monia_case_row_set_deadline (row, &due);
}

static void
on_row_unbind (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  monia_case_row_set_record (MONIA_CASE_ROW (gtk_list_item_get_child (item)), NULL);
}

static void
on_list_activate (MoniaCaseListPage *self,
                  guint              position)
{
  g_autoptr(MoniaRecord) record = NULL;

  if (self->model == NULL)
    return;

  record = g_list_model_get_item (self->model, position);
  if (record != NULL)
    g_signal_emit (self, signals[CASE_ACTIVATED], 0, monia_record_get_id (record));
}

/* The list view makes a row for every item near its anchor (up to 200 in
 * GTK 4.8) as soon as it has a model, shown or not; a window of several
 * lists built them all before its first frame. So a list gets its model
 * when it is first shown. */
static void
bind_model (MoniaCaseListPage *self)
{
  g_autoptr(GtkSelectionModel) selection = NULL;

  if (self->model != NULL)
    selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (self->model)));
  gtk_list_view_set_model (self->list_view, selection);
  self->model_bound = TRUE;
}

static void
monia_case_list_page_map (GtkWidget *widget)
{
  MoniaCaseListPage *self = MONIA_CASE_LIST_PAGE (widget);

  /* Before the children are mapped, so the new rows are mapped with them. */
  if (!self->model_bound)
    bind_model (self);

  GTK_WIDGET_CLASS (monia_case_list_page_parent_class)->map (widget);
}

static void
monia_case_list_page_dispose (GObject *object)
{
  MoniaCaseListPage *self = MONIA_CASE_LIST_PAGE (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  g_clear_object (&self->deadline_store);

  G_OBJECT_CLASS (monia_case_list_page_parent_class)->dispose (object);
}

static void
monia_case_list_page_class_init (MoniaCaseListPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = monia_case_list_page_dispose;

  widget_class->map = monia_case_list_page_map;

  /**
   * MoniaCaseListPage::case-activated:
   * @self: the page
   * @case_id: the activated case's id
   */
  signals[CASE_ACTIVATED] =
    g_signal_new ("case-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
monia_case_list_page_init (MoniaCaseListPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkWidget *scrolled, *clamp;

  self->stack = GTK_STACK (gtk_stack_new ());
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->stack));

  self->empty_page = ADW_STATUS_PAGE (adw_status_page_new ());
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->empty_page), "empty");

  g_signal_connect (factory, "setup", G_CALLBACK (on_row_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_row_bind), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_row_unbind), NULL);

  self->list_view = GTK_LIST_VIEW (gtk_list_view_new (NULL, g_steal_pointer (&factory)));
  gtk_list_view_set_single_click_activate (self->list_view, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list_view), "navigation-sidebar");
  gtk_widget_set_margin_top (GTK_WIDGET (self->list_view), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->list_view), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (self->list_view), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->list_view), 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Cases"),
                                  -1);
  g_signal_connect_swapped (self->list_view, "activate", G_CALLBACK (on_list_activate), self);

  clamp = adw_clamp_scrollable_new ();
  adw_clamp_scrollable_set_maximum_size (ADW_CLAMP_SCROLLABLE (clamp), 720);
  adw_clamp_scrollable_set_tightening_threshold (ADW_CLAMP_SCROLLABLE (clamp), 560);
  adw_clamp_scrollable_set_child (ADW_CLAMP_SCROLLABLE (clamp), GTK_WIDGET (self->list_view));

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_stack_add_named (self->stack, scrolled, "cases");

  update_state (self);
}

GtkWidget *
monia_case_list_page_new (const char *icon_name,
                          const char *title,
                          const char *description)
{
  MoniaCaseListPage *self = g_object_new (MONIA_TYPE_CASE_LIST_PAGE, NULL);

  monia_case_list_page_set_empty_text (self, icon_name, title, description);
  return GTK_WIDGET (self);
}

void
monia_case_list_page_set_model (MoniaCaseListPage *self,
                                GListModel        *model)
{
  g_return_if_fail (MONIA_IS_CASE_LIST_PAGE (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model == model)
    return;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, model);

  if (model != NULL)
    g_signal_connect_swapped (model, "items-changed", G_CALLBACK (on_items_changed), self);

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    bind_model (self);
  else
    {
      /* Rows of the model before are not kept while hidden. */
      if (self->model_bound)
        gtk_list_view_set_model (self->list_view, NULL);
      self->model_bound = FALSE;
    }

  update_state (self);
}

void
monia_case_list_page_prepare (MoniaCaseListPage *self)
{
  g_return_if_fail (MONIA_IS_CASE_LIST_PAGE (self));

  if (!self->model_bound)
    bind_model (self);
}

GListModel *
monia_case_list_page_get_model (MoniaCaseListPage *self)
{
  g_return_val_if_fail (MONIA_IS_CASE_LIST_PAGE (self), NULL);

  return self->model;
}

void
monia_case_list_page_set_empty_text (MoniaCaseListPage *self,
                                     const char        *icon_name,
                                     const char        *title,
                                     const char        *description)
{
  g_return_if_fail (MONIA_IS_CASE_LIST_PAGE (self));

  adw_status_page_set_icon_name (self->empty_page, icon_name);
  adw_status_page_set_title (self->empty_page, title);
  adw_status_page_set_description (self->empty_page, description);
}

GtkListView *
monia_case_list_page_get_list_view (MoniaCaseListPage *self)
{
  g_return_val_if_fail (MONIA_IS_CASE_LIST_PAGE (self), NULL);

  return self->list_view;
}

const char *
monia_case_list_page_get_state (MoniaCaseListPage *self)
{
  g_return_val_if_fail (MONIA_IS_CASE_LIST_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

void
monia_case_list_page_set_deadline_store (MoniaCaseListPage *self,
                                         MoniaStore        *store)
{
  g_return_if_fail (MONIA_IS_CASE_LIST_PAGE (self));
  g_return_if_fail (store == NULL || MONIA_IS_STORE (store));

  g_set_object (&self->deadline_store, store);
}

void
monia_case_list_page_rebind_rows (MoniaCaseListPage *self)
{
  g_autoptr(GListModel) model = NULL;

  g_return_if_fail (MONIA_IS_CASE_LIST_PAGE (self));

  if (self->model == NULL)
    return;
  model = g_object_ref (self->model);
  monia_case_list_page_set_model (self, NULL);
  monia_case_list_page_set_model (self, model);
}
