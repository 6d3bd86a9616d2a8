/* monia-case-list-page.c — a list of cases (mine, my pair's, all), with
 * each case's next statutory day, filters and an order
 *
 * The model given goes through a GtkFilterListModel and a GtkSortListModel
 * to the list view. With no filter and the store's own order both pass the
 * items through untouched, so a region's 50,000 cases stay a lazy list of
 * row ids until someone filters or orders them; a filter or an order asks
 * for every record (incrementally, on a big list).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "monia-case-list-page.h"
#include "monia-case-row.h"
#include "monia-case-util.h"

/* Past this many cases, filtering and ordering run a batch at a time
 * while the main loop is idle, and the list fills in as they go. */
#define INCREMENTAL_FROM 2000

/* The choosers of the filter bar, by name (tests ask for them so). */
enum {
  CHOOSER_SHOW,
  CHOOSER_STATUS,
  CHOOSER_TEAM,
  CHOOSER_PAIR,
  CHOOSER_ORDER,
  N_CHOOSERS
};

static const char * const chooser_names[N_CHOOSERS] = { "show", "status", "team", "pair", "order" };

static const char * const statuses[] = { "open", "assessment", "planning", "implementation", "review", "closed" };

struct _MoniaCaseListPage
{
  AdwBin              parent_instance;

  GListModel         *model;
  gboolean            model_bound;   /* given to the list view */
  MoniaCaseClocks    *clocks;
  GtkFilterListModel *filtered;
  GtkSortListModel   *sorted;
  GtkCustomFilter    *filter;
  GtkCustomSorter    *deadline_sorter;
  GHashTable         *bound_rows;    /* MoniaCaseRow shown, for clocks that change */
  GDate               today;
  guint               midnight_id;

  MoniaCaseShow       show;
  char               *status;
  char               *team_id;
  char               *pair_id;
  MoniaCaseOrder      order;
  GPtrArray          *team_ids;      /* behind the team chooser's items after "Any Team" */
  GPtrArray          *pair_ids;
  gboolean            choices_dirty;
  gboolean            filling;

  GtkWidget          *filter_bar;
  GtkDropDown        *choosers[N_CHOOSERS];
  GtkWidget          *pair_child;    /* the pair chooser's place in the bar */
  gboolean            pair_filter_visible;
  GtkStack           *stack;
  AdwStatusPage      *empty_page;
  GtkListView        *list_view;
};

G_DEFINE_FINAL_TYPE (MoniaCaseListPage, monia_case_list_page, ADW_TYPE_BIN)

enum {
  CASE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Filtering and ordering ------------------------------------------------------- */

static void
get_clock (MoniaCaseListPage *self,
           MoniaRecord       *record,
           MoniaClockStatus  *out)
{
  if (self->clocks != NULL && record != NULL)
    monia_case_clocks_get (self->clocks, record, &self->today, out);
  else
    {
      memset (out, 0, sizeof *out);
      g_date_clear (&out->due, 1);
    }
}

static gboolean
has_any_filter (MoniaCaseListPage *self)
{
  return self->show != MONIA_CASE_SHOW_ALL || self->status != NULL ||
         self->team_id != NULL || self->pair_id != NULL;
}

static gboolean
matches (gpointer item,
         gpointer user_data)
{
  MoniaCaseListPage *self = user_data;
  MoniaRecord *record = MONIA_RECORD (item);

  if (self->status != NULL)
    {
      const char *status = monia_record_get_string (record, "status");

      if (g_strcmp0 (status != NULL && status[0] != '\0' ? status : "open", self->status) != 0)
        return FALSE;
    }
  if (self->team_id != NULL && g_strcmp0 (monia_record_get_string (record, "team_id"), self->team_id) != 0)
    return FALSE;
  if (self->pair_id != NULL && g_strcmp0 (monia_record_get_string (record, "pair_id"), self->pair_id) != 0)
    return FALSE;

  if (self->show != MONIA_CASE_SHOW_ALL)
    {
      MoniaClockStatus clock;

      get_clock (self, record, &clock);
      if (self->show == MONIA_CASE_SHOW_LATE && !clock.late)
        return FALSE;
      if (self->show == MONIA_CASE_SHOW_DUE_THIS_WEEK && !clock.due_this_week)
        return FALSE;
    }
  return TRUE;
}

static int
compare_deadlines (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  MoniaCaseListPage *self = user_data;
  MoniaClockStatus clock_a, clock_b;
  int order;

  get_clock (self, MONIA_RECORD ((gpointer) a), &clock_a);
  get_clock (self, MONIA_RECORD ((gpointer) b), &clock_b);
  order = monia_clock_status_compare (&clock_a, &clock_b);
  if (order != 0)
    return order;
  order = g_strcmp0 (monia_record_get_string (MONIA_RECORD ((gpointer) a), "opened_on"),
                     monia_record_get_string (MONIA_RECORD ((gpointer) b), "opened_on"));
  /* Same day: the case opened first has waited longest. No clock at all:
   * newest first, as the lists are otherwise. */
  return clock_a.kind == MONIA_CLOCK_NONE ? -order : order;
}

static void
set_incremental (MoniaCaseListPage *self)
{
  gboolean big = self->model != NULL && g_list_model_get_n_items (self->model) >= INCREMENTAL_FROM;

  gtk_filter_list_model_set_incremental (self->filtered, big);
  gtk_sort_list_model_set_incremental (self->sorted, big);
}

/* A filter of none and the model's own order pass the items through
 * without asking for any. */
static void
apply_filter (MoniaCaseListPage *self)
{
  gboolean any = has_any_filter (self);

  if (any && gtk_filter_list_model_get_filter (self->filtered) == NULL)
    gtk_filter_list_model_set_filter (self->filtered, GTK_FILTER (self->filter));
  else if (!any)
    gtk_filter_list_model_set_filter (self->filtered, NULL);
  else
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
apply_order (MoniaCaseListPage *self)
{
  gtk_sort_list_model_set_sorter (self->sorted,
                                  self->order == MONIA_CASE_ORDER_DEADLINE && self->clocks != NULL
                                  ? GTK_SORTER (self->deadline_sorter) : NULL);
}

/* The rows, the filter and the order after the clocks or the day changed. */
static void
refresh_clocks (MoniaCaseListPage *self)
{
  GHashTableIter iter;
  gpointer row;

  g_hash_table_iter_init (&iter, self->bound_rows);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    {
      MoniaRecord *record = monia_case_row_get_record (row);
      MoniaClockStatus clock;

      if (record == NULL)
        continue;
      get_clock (self, record, &clock);
      monia_case_row_set_clock (row, &clock);
    }

  if (self->show != MONIA_CASE_SHOW_ALL)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  if (gtk_sort_list_model_get_sorter (self->sorted) != NULL)
    gtk_sorter_changed (GTK_SORTER (self->deadline_sorter), GTK_SORTER_CHANGE_DIFFERENT);
}

static void schedule_midnight (MoniaCaseListPage *self);

static gboolean
on_midnight (gpointer user_data)
{
  MoniaCaseListPage *self = MONIA_CASE_LIST_PAGE (user_data);

  self->midnight_id = 0;
  monia_get_today (&self->today);
  refresh_clocks (self);
  schedule_midnight (self);
  return G_SOURCE_REMOVE;
}

/* "Due tomorrow" becomes "Due today" without waiting for a change. */
static void
schedule_midnight (MoniaCaseListPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) midnight = NULL;
  gint64 seconds;

  midnight = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                    g_date_time_get_day_of_month (now), 0, 0, 0);
  if (midnight != NULL)
    {
      g_autoptr(GDateTime) next = g_date_time_add_days (midnight, 1);

      seconds = next != NULL ? g_date_time_difference (next, now) / G_USEC_PER_SEC + 1 : 3600;
    }
  else
    seconds = 3600;

  g_clear_handle_id (&self->midnight_id, g_source_remove);
  self->midnight_id = g_timeout_add_seconds ((guint) CLAMP (seconds, 1, 24 * 3600), on_midnight, self);
}

static void
on_clocks_changed (MoniaCaseListPage *self)
{
  refresh_clocks (self);
}

/* The state shown ---------------------------------------------------------------- */

static void
update_state (MoniaCaseListPage *self)
{
  gboolean empty = self->model == NULL || g_list_model_get_n_items (self->model) == 0;
  gboolean none_match = !empty && self->model_bound &&
                        g_list_model_get_n_items (G_LIST_MODEL (self->sorted)) == 0 &&
                        gtk_filter_list_model_get_pending (self->filtered) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : none_match ? "no-match" : "cases");
  gtk_widget_set_visible (self->filter_bar, !empty && self->clocks != NULL);
}

static void
on_items_changed (MoniaCaseListPage *self)
{
  update_state (self);
}

/* Rows ---------------------------------------------------------------------------- */

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
  MoniaClockStatus clock;

  monia_case_row_set_record (row, record);
  get_clock (self, record, &clock);
  monia_case_row_set_clock (row, &clock);
  g_hash_table_add (self->bound_rows, row);
}

static void
on_row_unbind (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               MoniaCaseListPage        *self)
{
  MoniaCaseRow *row = MONIA_CASE_ROW (gtk_list_item_get_child (item));

  g_hash_table_remove (self->bound_rows, row);
  monia_case_row_set_record (row, NULL);
}

static void
on_list_activate (MoniaCaseListPage *self,
                  guint              position)
{
  g_autoptr(MoniaRecord) record = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);

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

  set_incremental (self);
  gtk_filter_list_model_set_model (self->filtered, self->model);
  if (self->model != NULL)
    selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->sorted))));
  gtk_list_view_set_model (self->list_view, selection);
  self->model_bound = TRUE;
  update_state (self);
}

/* The filter bar ------------------------------------------------------------------ */

static GtkStringList *
new_choices (const char *any)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  gtk_string_list_append (list, any);
  return list;
}

static guint
find_id (GPtrArray  *ids,
         const char *id)
{
  for (guint i = 0; id != NULL && i < ids->len; i++)
    if (g_str_equal (g_ptr_array_index (ids, i), id))
      return i + 1;
  return 0;
}

typedef struct
{
  char *id;
  char *label;
} Choice;

static void
choice_free (gpointer data)
{
  Choice *choice = data;

  g_free (choice->id);
  g_free (choice->label);
  g_free (choice);
}

static int
compare_choices (gconstpointer a,
                 gconstpointer b)
{
  const Choice *ca = *(Choice * const *) a;
  const Choice *cb = *(Choice * const *) b;

  return g_utf8_collate (ca->label, cb->label);
}

/* The teams and pairs of the store, by name; a chosen one that went away
 * is forgotten. */
static void
fill_record_choices (MoniaCaseListPage *self,
                     guint              which,
                     const char        *kind,
                     const char        *any,
                     GPtrArray         *ids,
                     char             **chosen)
{
  MoniaStore *store = monia_case_clocks_get_store (self->clocks);
  g_autoptr(GListModel) records = monia_store_list (store, kind);
  g_autoptr(GPtrArray) choices = g_ptr_array_new_with_free_func (choice_free);
  g_autoptr(GtkStringList) labels = new_choices (any);
  guint selected;

  for (guint i = 0; i < g_list_model_get_n_items (records); i++)
    {
      g_autoptr(MoniaRecord) record = g_list_model_get_item (records, i);
      Choice *choice = g_new0 (Choice, 1);

      choice->id = g_strdup (monia_record_get_id (record));
      if (g_str_equal (kind, "work_pair"))
        choice->label = monia_work_pair_dup_names (store, record);
      else
        choice->label = g_strdup (monia_record_get_string (record, "name"));
      if (choice->label == NULL || choice->label[0] == '\0')
        {
          g_free (choice->label);
          choice->label = g_strdup (_("Unnamed"));
        }
      g_ptr_array_add (choices, choice);
    }
  g_ptr_array_sort (choices, compare_choices);

  g_ptr_array_set_size (ids, 0);
  for (guint i = 0; i < choices->len; i++)
    {
      Choice *choice = g_ptr_array_index (choices, i);

      g_ptr_array_add (ids, g_strdup (choice->id));
      gtk_string_list_append (labels, choice->label);
    }

  selected = find_id (ids, *chosen);
  if (selected == 0)
    g_clear_pointer (chosen, g_free);

  self->filling = TRUE;
  gtk_drop_down_set_model (self->choosers[which], G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->choosers[which], selected);
  self->filling = FALSE;
}

static void
fill_choices (MoniaCaseListPage *self)
{
  if (self->clocks == NULL)
    return;

  /* Translators: the team filter of a case list: no team chosen */
  fill_record_choices (self, CHOOSER_TEAM, "team", _("Any Team"), self->team_ids, &self->team_id);
  /* Translators: the work pair filter of a case list: no pair chosen */
  fill_record_choices (self, CHOOSER_PAIR, "work_pair", _("Any Pair"), self->pair_ids, &self->pair_id);
}

static void
on_record_changed (MoniaCaseListPage *self,
                   const char        *kind)
{
  if (g_str_equal (kind, "team") || g_str_equal (kind, "work_pair") || g_str_equal (kind, "professional"))
    self->choices_dirty = TRUE;
}

static void
on_committed (MoniaCaseListPage *self)
{
  if (!self->choices_dirty)
    return;
  self->choices_dirty = FALSE;
  fill_choices (self);
  apply_filter (self);
}

static void
on_chooser_changed (MoniaCaseListPage *self)
{
  guint show = gtk_drop_down_get_selected (self->choosers[CHOOSER_SHOW]);
  guint status = gtk_drop_down_get_selected (self->choosers[CHOOSER_STATUS]);
  guint team = gtk_drop_down_get_selected (self->choosers[CHOOSER_TEAM]);
  guint pair = gtk_drop_down_get_selected (self->choosers[CHOOSER_PAIR]);
  guint order = gtk_drop_down_get_selected (self->choosers[CHOOSER_ORDER]);

  if (self->filling)
    return;

  self->show = show <= MONIA_CASE_SHOW_DUE_THIS_WEEK ? show : MONIA_CASE_SHOW_ALL;
  g_free (self->status);
  self->status = status >= 1 && status <= G_N_ELEMENTS (statuses) ? g_strdup (statuses[status - 1]) : NULL;
  g_free (self->team_id);
  self->team_id = team >= 1 && team <= self->team_ids->len ? g_strdup (g_ptr_array_index (self->team_ids, team - 1)) : NULL;
  g_free (self->pair_id);
  self->pair_id = pair >= 1 && pair <= self->pair_ids->len ? g_strdup (g_ptr_array_index (self->pair_ids, pair - 1)) : NULL;
  self->order = order == 1 ? MONIA_CASE_ORDER_DEADLINE : MONIA_CASE_ORDER_NEWEST;

  apply_filter (self);
  apply_order (self);
  update_state (self);
}

/* Choosers show what they hold in full: a name cut short would make two
 * teams look the same. The team and pair lists of a region are long, so
 * those can be searched. */
static GtkDropDown *
new_chooser (MoniaCaseListPage *self,
             const char        *accessible_name,
             const char        *tooltip,
             GtkStringList     *choices,
             gboolean           searchable)
{
  GtkDropDown *chooser = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));

  gtk_drop_down_set_model (chooser, G_LIST_MODEL (choices));
  if (searchable)
    {
      g_autoptr(GtkExpression) name = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");

      gtk_drop_down_set_expression (chooser, name);
      gtk_drop_down_set_enable_search (chooser, TRUE);
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (chooser), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (chooser),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name,
                                  -1);
  g_signal_connect_swapped (chooser, "notify::selected", G_CALLBACK (on_chooser_changed), self);
  return chooser;
}

static GtkWidget *
build_filter_bar (MoniaCaseListPage *self)
{
  GtkWidget *flow = gtk_flow_box_new ();
  GtkWidget *clamp = adw_clamp_new ();
  g_autoptr(GtkStringList) show = NULL;
  g_autoptr(GtkStringList) status = NULL;
  g_autoptr(GtkStringList) order = NULL;
  g_autoptr(GtkStringList) team = new_choices (_("Any Team"));
  g_autoptr(GtkStringList) pair = new_choices (_("Any Pair"));

  /* Translators: the "show" filter of a case list: every case */
  show = new_choices (_("All Cases"));
  /* Translators: the "show" filter: cases whose statutory day has passed */
  gtk_string_list_append (show, _("Late"));
  /* Translators: the "show" filter: cases whose statutory day is by Sunday */
  gtk_string_list_append (show, _("Due This Week"));

  /* Translators: the status filter of a case list: no status chosen */
  status = new_choices (_("Any Status"));
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    gtk_string_list_append (status, monia_case_status_to_label (statuses[i]));

  /* Translators: the order of a case list: as the store keeps it */
  order = new_choices (_("Newest First"));
  /* Translators: the order of a case list: the next statutory day first */
  gtk_string_list_append (order, _("Next Deadline First"));

  self->choosers[CHOOSER_SHOW] = new_chooser (self, _("Show"), _("Which cases to show, by their deadline"),
                                              show, FALSE);
  self->choosers[CHOOSER_STATUS] = new_chooser (self, _("Status"), _("Show the cases in one stage only"),
                                                status, FALSE);
  self->choosers[CHOOSER_TEAM] = new_chooser (self, _("Team"), _("Show one team’s cases only"),
                                              team, TRUE);
  self->choosers[CHOOSER_PAIR] = new_chooser (self, _("Work Pair"), _("Show one work pair’s cases only"),
                                              pair, TRUE);
  self->choosers[CHOOSER_ORDER] = new_chooser (self, _("Order"), _("The order of the list"), order, FALSE);

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), FALSE);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 6);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), N_CHOOSERS);
  for (guint i = 0; i < N_CHOOSERS; i++)
    {
      GtkWidget *child = gtk_flow_box_child_new ();

      /* The chooser takes the focus, not its place in the bar. */
      gtk_widget_set_focusable (child, FALSE);
      gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), GTK_WIDGET (self->choosers[i]));
      gtk_flow_box_append (GTK_FLOW_BOX (flow), child);
      if (i == CHOOSER_PAIR)
        self->pair_child = child;
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (flow),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Filter and Order"),
                                  -1);

  gtk_widget_set_margin_top (flow, 12);
  gtk_widget_set_margin_start (flow, 12);
  gtk_widget_set_margin_end (flow, 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), 560);
  adw_clamp_set_child (ADW_CLAMP (clamp), flow);
  return clamp;
}

/* GObject ------------------------------------------------------------------------- */

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

  g_clear_handle_id (&self->midnight_id, g_source_remove);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  if (self->clocks != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->clocks, self);
      g_signal_handlers_disconnect_by_data (monia_case_clocks_get_store (self->clocks), self);
    }
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  if (self->sorted != NULL)
    g_signal_handlers_disconnect_by_data (self->sorted, self);
  /* The filter and sorter call back into the page: cut them loose first. */
  if (self->filtered != NULL)
    {
      gtk_filter_list_model_set_filter (self->filtered, NULL);
      gtk_filter_list_model_set_model (self->filtered, NULL);
    }
  if (self->sorted != NULL)
    gtk_sort_list_model_set_sorter (self->sorted, NULL);
  if (self->filter != NULL)
    gtk_custom_filter_set_filter_func (self->filter, NULL, NULL, NULL);
  if (self->deadline_sorter != NULL)
    gtk_custom_sorter_set_sort_func (self->deadline_sorter, NULL, NULL, NULL);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->deadline_sorter);
  g_clear_object (&self->model);
  g_clear_object (&self->clocks);

  G_OBJECT_CLASS (monia_case_list_page_parent_class)->dispose (object);
}

static void
monia_case_list_page_finalize (GObject *object)
{
  MoniaCaseListPage *self = MONIA_CASE_LIST_PAGE (object);

  g_hash_table_unref (self->bound_rows);
  g_ptr_array_unref (self->team_ids);
  g_ptr_array_unref (self->pair_ids);
  g_free (self->status);
  g_free (self->team_id);
  g_free (self->pair_id);

  G_OBJECT_CLASS (monia_case_list_page_parent_class)->finalize (object);
}

static void
monia_case_list_page_class_init (MoniaCaseListPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = monia_case_list_page_dispose;
  object_class->finalize = monia_case_list_page_finalize;

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
  GtkWidget *box, *scrolled, *clamp, *no_match;

  self->bound_rows = g_hash_table_new (NULL, NULL);
  self->team_ids = g_ptr_array_new_with_free_func (g_free);
  self->pair_ids = g_ptr_array_new_with_free_func (g_free);
  self->pair_filter_visible = TRUE;
  monia_get_today (&self->today);

  self->filter = gtk_custom_filter_new (matches, self, NULL);
  self->deadline_sorter = gtk_custom_sorter_new (compare_deadlines, self, NULL);
  self->filtered = gtk_filter_list_model_new (NULL, NULL);
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->filtered)), NULL);
  g_signal_connect_swapped (self->sorted, "items-changed", G_CALLBACK (on_items_changed), self);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  adw_bin_set_child (ADW_BIN (self), box);

  self->filter_bar = build_filter_bar (self);
  gtk_widget_set_visible (self->filter_bar, FALSE);
  gtk_box_append (GTK_BOX (box), self->filter_bar);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));

  self->empty_page = ADW_STATUS_PAGE (adw_status_page_new ());
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->empty_page), "empty");

  no_match = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (no_match), "edit-find-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (no_match), _("No Matching Cases"));
  adw_status_page_set_description (ADW_STATUS_PAGE (no_match),
                                   _("No case of this list matches the filters above."));
  gtk_stack_add_named (self->stack, no_match, "no-match");

  g_signal_connect (factory, "setup", G_CALLBACK (on_row_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_row_bind), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_row_unbind), self);

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

/* API ----------------------------------------------------------------------------- */

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
        {
          gtk_list_view_set_model (self->list_view, NULL);
          gtk_filter_list_model_set_model (self->filtered, NULL);
        }
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

GListModel *
monia_case_list_page_get_shown_model (MoniaCaseListPage *self)
{
  g_return_val_if_fail (MONIA_IS_CASE_LIST_PAGE (self), NULL);

  return G_LIST_MODEL (self->sorted);
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
monia_case_list_page_set_clocks (MoniaCaseListPage *self,
                                 MoniaCaseClocks   *clocks)
{
  g_return_if_fail (MONIA_IS_CASE_LIST_PAGE (self));
  g_return_if_fail (clocks == NULL || MONIA_IS_CASE_CLOCKS (clocks));

  if (self->clocks == clocks)
    return;

  if (self->clocks != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->clocks, self);
      g_signal_handlers_disconnect_by_data (monia_case_clocks_get_store (self->clocks), self);
    }
  g_set_object (&self->clocks, clocks);
  g_clear_handle_id (&self->midnight_id, g_source_remove);

  if (clocks != NULL)
    {
      g_signal_connect_object (clocks, "changed", G_CALLBACK (on_clocks_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (monia_case_clocks_get_store (clocks), "record-changed",
                               G_CALLBACK (on_record_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (monia_case_clocks_get_store (clocks), "committed",
                               G_CALLBACK (on_committed), self, G_CONNECT_SWAPPED);
      fill_choices (self);
      schedule_midnight (self);
    }

  apply_filter (self);
  apply_order (self);
  refresh_clocks (self);
  update_state (self);
}

void
monia_case_list_page_set_pair_filter_visible (MoniaCaseListPage *self,
                                              gboolean           visible)
{
  g_return_if_fail (MONIA_IS_CASE_LIST_PAGE (self));

  self->pair_filter_visible = visible;
  gtk_widget_set_visible (self->pair_child, visible);
  if (!visible)
    monia_case_list_page_set_pair_filter (self, NULL);
}

void
monia_case_list_page_set_show (MoniaCaseListPage *self,
                               MoniaCaseShow      show)
{
  g_return_if_fail (MONIA_IS_CASE_LIST_PAGE (self));
  g_return_if_fail (show <= MONIA_CASE_SHOW_DUE_THIS_WEEK);

  gtk_drop_down_set_selected (self->choosers[CHOOSER_SHOW], show);
}

void
monia_case_list_page_set_status_filter (MoniaCaseListPage *self,
                                        const char        *status)
{
  guint selected = 0;

  g_return_if_fail (MONIA_IS_CASE_LIST_PAGE (self));

  for (guint i = 0; status != NULL && i < G_N_ELEMENTS (statuses); i++)
    if (g_str_equal (statuses[i], status))
      selected = i + 1;
  gtk_drop_down_set_selected (self->choosers[CHOOSER_STATUS], selected);
}

void
monia_case_list_page_set_team_filter (MoniaCaseListPage *self,
                                      const char        *team_id)
{
  g_return_if_fail (MONIA_IS_CASE_LIST_PAGE (self));

  gtk_drop_down_set_selected (self->choosers[CHOOSER_TEAM], find_id (self->team_ids, team_id));
}

void
monia_case_list_page_set_pair_filter (MoniaCaseListPage *self,
                                      const char        *pair_id)
{
  g_return_if_fail (MONIA_IS_CASE_LIST_PAGE (self));

  gtk_drop_down_set_selected (self->choosers[CHOOSER_PAIR], find_id (self->pair_ids, pair_id));
}

void
monia_case_list_page_set_order (MoniaCaseListPage *self,
                                MoniaCaseOrder     order)
{
  g_return_if_fail (MONIA_IS_CASE_LIST_PAGE (self));

  gtk_drop_down_set_selected (self->choosers[CHOOSER_ORDER], order == MONIA_CASE_ORDER_DEADLINE ? 1 : 0);
}

GtkDropDown *
_monia_case_list_page_get_chooser (MoniaCaseListPage *self,
                                   const char        *name)
{
  g_return_val_if_fail (MONIA_IS_CASE_LIST_PAGE (self), NULL);

  for (guint i = 0; i < N_CHOOSERS; i++)
    if (g_strcmp0 (chooser_names[i], name) == 0)
      return self->choosers[i];
  return NULL;
}
