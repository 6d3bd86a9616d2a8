/* monia-pair-cases-page.c — the caseload of the user's work pairs, nearest deadline first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-case-ops.h"
#include "monia-case-util.h"
#include "monia-pair-cases-page.h"
#include "monia-pair-dialog.h"

/* The pairs' lists one after the other, newest first as one list is: the
 * case list page orders them by deadline, or keeps this order. */
static int
compare_newest (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  int order = g_strcmp0 (monia_record_get_string (MONIA_RECORD ((gpointer) b), "opened_on"),
                         monia_record_get_string (MONIA_RECORD ((gpointer) a), "opened_on"));

  if (order != 0)
    return order;
  return g_strcmp0 (monia_record_get_id (MONIA_RECORD ((gpointer) a)),
                    monia_record_get_id (MONIA_RECORD ((gpointer) b)));
}

struct _MoniaPairCasesPage
{
  AdwBin             parent_instance;

  MoniaStore        *store;
  char              *author_id;
  GPtrArray         *pair_ids;        /* the chooser's items after "All" */
  char              *shown_pair_id;   /* NULL: all pairs */
  GListStore        *lists;           /* one case list per pair shown */
  GtkSortListModel  *sorted;
  MoniaCaseClocks   *clocks;
  gboolean           pairs_dirty;
  gboolean           filling;

  GtkDropDown       *pair_chooser;
  GtkWidget         *new_pair_button;
  MoniaCaseListPage *list_page;
  MoniaPairDialog   *pair_dialog;     /* weak */
};

G_DEFINE_FINAL_TYPE (MoniaPairCasesPage, monia_pair_cases_page, ADW_TYPE_BIN)

static void
fill_lists (MoniaPairCasesPage *self)
{
  g_list_store_remove_all (self->lists);
  for (guint i = 0; i < self->pair_ids->len; i++)
    {
      const char *pair_id = g_ptr_array_index (self->pair_ids, i);
      g_autoptr(GListModel) cases = NULL;

      if (self->shown_pair_id != NULL && !g_str_equal (self->shown_pair_id, pair_id))
        continue;
      cases = monia_store_list_cases_by (self->store, "pair_id", pair_id);
      g_list_store_append (self->lists, cases);
    }
}

static void
fill_pairs (MoniaPairCasesPage *self)
{
  g_autoptr(GPtrArray) pairs = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;
  GDate today;

  g_ptr_array_set_size (self->pair_ids, 0);
  if (self->author_id != NULL)
    pairs = monia_team_list_pairs_of (self->store, self->author_id, NULL);

  monia_get_today (&today);
  gtk_string_list_append (names, _("All My Pairs"));
  for (guint i = 0; pairs != NULL && i < pairs->len; i++)
    {
      MoniaRecord *pair = g_ptr_array_index (pairs, i);
      g_autofree char *label = monia_work_pair_dup_names (self->store, pair);

      if (!monia_work_pair_is_active (pair, &today))
        {
          /* Translators: a work pair that no longer works together */
          g_autofree char *ended = g_strdup_printf (_("%s (ended)"), label);

          g_free (label);
          label = g_steal_pointer (&ended);
        }
      g_ptr_array_add (self->pair_ids, g_strdup (monia_record_get_id (pair)));
      gtk_string_list_append (names, label);
      if (g_strcmp0 (self->shown_pair_id, monia_record_get_id (pair)) == 0)
        selected = self->pair_ids->len;
    }
  if (selected == 0)
    g_clear_pointer (&self->shown_pair_id, g_free);

  self->filling = TRUE;
  gtk_drop_down_set_model (self->pair_chooser, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->pair_chooser, selected);
  self->filling = FALSE;
  /* One pair needs no choosing. */
  gtk_widget_set_visible (GTK_WIDGET (self->pair_chooser), self->pair_ids->len > 1);

  fill_lists (self);
}

static void
on_pair_chosen (MoniaPairCasesPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->pair_chooser);

  if (self->filling)
    return;
  monia_pair_cases_page_show_pair (self, selected >= 1 && selected <= self->pair_ids->len
                                         ? g_ptr_array_index (self->pair_ids, selected - 1) : NULL);
}

static void
on_record_changed (MoniaPairCasesPage *self,
                   const char         *kind,
                   const char         *id)
{
  if (g_str_equal (kind, "work_pair") || g_str_equal (kind, "professional"))
    self->pairs_dirty = TRUE;
}

static void
on_committed (MoniaPairCasesPage *self)
{
  if (self->pairs_dirty)
    {
      self->pairs_dirty = FALSE;
      fill_pairs (self);
    }
}

static void
on_pair_formed (MoniaPairCasesPage *self)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (_("Work pair formed")));
}

static void
new_pair_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MoniaPairCasesPage *self = MONIA_PAIR_CASES_PAGE (widget);
  MoniaPairDialog *dialog;

  if (self->pair_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->pair_dialog));
      return;
    }

  dialog = monia_pair_dialog_new (self->store, self->author_id);
  g_signal_connect_object (dialog, "pair-formed", G_CALLBACK (on_pair_formed), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->pair_dialog, dialog);
  monia_present_over (widget, GTK_WINDOW (dialog));
}

static void
monia_pair_cases_page_dispose (GObject *object)
{
  MoniaPairCasesPage *self = MONIA_PAIR_CASES_PAGE (object);

  g_clear_weak_pointer (&self->pair_dialog);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  adw_bin_set_child (ADW_BIN (self), NULL);
  g_clear_object (&self->sorted);
  g_clear_object (&self->lists);
  g_clear_object (&self->clocks);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (monia_pair_cases_page_parent_class)->dispose (object);
}

static void
monia_pair_cases_page_finalize (GObject *object)
{
  MoniaPairCasesPage *self = MONIA_PAIR_CASES_PAGE (object);

  g_ptr_array_unref (self->pair_ids);
  g_free (self->author_id);
  g_free (self->shown_pair_id);

  G_OBJECT_CLASS (monia_pair_cases_page_parent_class)->finalize (object);
}

static void
monia_pair_cases_page_class_init (MoniaPairCasesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = monia_pair_cases_page_dispose;
  object_class->finalize = monia_pair_cases_page_finalize;

  gtk_widget_class_install_action (widget_class, "pair-cases.new-pair", NULL, new_pair_action_cb);
}

static void
monia_pair_cases_page_init (MoniaPairCasesPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *spacer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  self->pair_ids = g_ptr_array_new_with_free_func (g_free);
  self->lists = g_list_store_new (G_TYPE_LIST_MODEL);

  self->pair_chooser = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->pair_chooser), _("Whose caseload to show"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pair_chooser),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Work Pair"),
                                  -1);
  g_signal_connect_swapped (self->pair_chooser, "notify::selected", G_CALLBACK (on_pair_chosen), self);
  gtk_box_append (GTK_BOX (toolbar), GTK_WIDGET (self->pair_chooser));

  gtk_widget_set_hexpand (spacer, TRUE);
  gtk_box_append (GTK_BOX (toolbar), spacer);

  self->new_pair_button = gtk_button_new_with_mnemonic (_("_New Work Pair…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->new_pair_button), "pair-cases.new-pair");
  /* GTK 4.8 would read "_New Work Pair… New Work Pair…": the child names it. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->new_pair_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_box_append (GTK_BOX (toolbar), self->new_pair_button);

  gtk_widget_set_margin_top (toolbar, 12);
  gtk_widget_set_margin_start (toolbar, 18);
  gtk_widget_set_margin_end (toolbar, 18);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), 560);
  adw_clamp_set_child (ADW_CLAMP (clamp), toolbar);
  gtk_box_append (GTK_BOX (box), clamp);

  self->list_page = MONIA_CASE_LIST_PAGE (monia_case_list_page_new (NULL, NULL, NULL));
  gtk_widget_set_vexpand (GTK_WIDGET (self->list_page), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->list_page));

  adw_bin_set_child (ADW_BIN (self), box);
}

GtkWidget *
monia_pair_cases_page_new (MoniaStore *store,
                           const char *author_id)
{
  g_autoptr(MoniaCalendar) calendar = NULL;
  MoniaPairCasesPage *self;
  GtkFlattenListModel *flat;
  GtkSorter *sorter;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);

  self = g_object_new (MONIA_TYPE_PAIR_CASES_PAGE, NULL);
  self->store = g_object_ref (store);
  self->author_id = g_strdup (author_id);
  calendar = monia_calendar_new_from_settings ();
  self->clocks = monia_case_clocks_new (store, calendar);

  flat = gtk_flatten_list_model_new (G_LIST_MODEL (g_object_ref (self->lists)));
  sorter = GTK_SORTER (gtk_custom_sorter_new (compare_newest, NULL, NULL));
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (flat), sorter);

  /* The pair chooser above says whose cases; the list the rest, the one
   * due first on top. */
  monia_case_list_page_set_clocks (self->list_page, self->clocks);
  monia_case_list_page_set_pair_filter_visible (self->list_page, FALSE);
  monia_case_list_page_set_order (self->list_page, MONIA_CASE_ORDER_DEADLINE);
  monia_case_list_page_set_model (self->list_page, G_LIST_MODEL (self->sorted));

  g_signal_connect_object (store, "record-changed", G_CALLBACK (on_record_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "committed", G_CALLBACK (on_committed), self, G_CONNECT_SWAPPED);
  fill_pairs (self);

  return GTK_WIDGET (self);
}

GListModel *
monia_pair_cases_page_get_model (MoniaPairCasesPage *self)
{
  g_return_val_if_fail (MONIA_IS_PAIR_CASES_PAGE (self), NULL);

  return G_LIST_MODEL (self->sorted);
}

MoniaCaseListPage *
monia_pair_cases_page_get_list_page (MoniaPairCasesPage *self)
{
  g_return_val_if_fail (MONIA_IS_PAIR_CASES_PAGE (self), NULL);

  return self->list_page;
}

GtkDropDown *
monia_pair_cases_page_get_pair_chooser (MoniaPairCasesPage *self)
{
  g_return_val_if_fail (MONIA_IS_PAIR_CASES_PAGE (self), NULL);

  return self->pair_chooser;
}

void
monia_pair_cases_page_show_pair (MoniaPairCasesPage *self,
                                 const char         *pair_id)
{
  g_return_if_fail (MONIA_IS_PAIR_CASES_PAGE (self));

  if (g_strcmp0 (self->shown_pair_id, pair_id) == 0)
    return;
  g_free (self->shown_pair_id);
  self->shown_pair_id = g_strdup (pair_id);

  self->filling = TRUE;
  gtk_drop_down_set_selected (self->pair_chooser, 0);
  for (guint i = 0; pair_id != NULL && i < self->pair_ids->len; i++)
    if (g_str_equal (g_ptr_array_index (self->pair_ids, i), pair_id))
      gtk_drop_down_set_selected (self->pair_chooser, i + 1);
  self->filling = FALSE;

  fill_lists (self);
}
