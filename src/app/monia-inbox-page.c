/* monia-inbox-page.c — the open help requests, today's work first
 *
 * The store's open requests (a live list, due first) go through a filter
 * (channel, "due today"), a sorter that puts today's promises and today's
 * arrivals before the backlog (monia_intake_compare_for_inbox()), and a
 * slice, into a list box with a header where each group begins.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-help-request-row.h"
#include "monia-inbox-page.h"

/* Countdowns are in hours at the finest: once a minute is plenty. */
#define COUNTDOWN_INTERVAL_SECONDS 60

/* How many requests the list shows at first, and how many more each "Show
 * More" adds. A region can have thousands open; a list box makes a row for
 * every item it is given, and thousands of rows took seconds and well over
 * 100 MB to build (tests/bench/run-ui-bench.sh). The ones due first are what
 * a worker answers next. */
#define BATCH_SIZE 30

/* Of the first batch, the rows made before the window's first frame: more
 * than a screenful at the default size and most of one on a maximized
 * 1080p screen. The rest follow just after that frame, out of sight. */
#define FIRST_ROWS 16

/* Past this many open requests, filtering and ordering run a batch at a
 * time while the main loop is idle. */
#define INCREMENTAL_FROM 2000

struct _MoniaInboxPage
{
  AdwBin       parent_instance;

  MoniaIntake       *intake;
  GListModel        *requests;
  GtkCustomFilter   *filter;
  GtkFilterListModel *filtered;
  GtkCustomSorter   *sorter;
  GtkSortListModel  *sorted;
  GtkSliceListModel *shown;     /* the first of sorted, in the list box */
  GDateTime         *sorted_at; /* the moment the groups were made for */
  GHashTable        *keys;      /* request id → SortKey, for sorted_at */
  char              *channel;   /* shown only, or NULL */
  gboolean           due_today;
  int                focus_index; /* the focused row, while its request leaves the list; or -1 */
  guint              focus_tick_id;
  guint              focus_ticks;   /* frames waited for the row's place */
  guint              countdown_id;
  gulong             paint_id;    /* until the first frame after mapping */
  guint              fill_id;

  GtkWidget         *filter_bar;
  GtkDropDown       *channel_chooser;
  GtkToggleButton   *due_today_button;
  GtkStack          *stack;
  GtkListBox        *list_box;
  GtkWidget         *more_button;
};

G_DEFINE_FINAL_TYPE (MoniaInboxPage, monia_inbox_page, ADW_TYPE_BIN)

enum {
  REQUEST_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_state (MoniaInboxPage *self)
{
  gboolean empty = self->requests == NULL || g_list_model_get_n_items (self->requests) == 0;
  guint n_shown = self->sorted != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->sorted)) : 0;
  gboolean none_match = !empty && n_shown == 0 && gtk_filter_list_model_get_pending (self->filtered) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : none_match ? "no-match" : "requests");
  gtk_widget_set_visible (self->filter_bar, !empty);
  gtk_widget_set_visible (self->more_button,
                          !empty && self->shown != NULL &&
                          n_shown > gtk_slice_list_model_get_size (self->shown));
}

/* Filtering, ordering, grouping ---------------------------------------------- */

static GDateTime *
get_now (MoniaInboxPage *self)
{
  if (self->sorted_at == NULL)
    self->sorted_at = g_date_time_new_now (monia_intake_get_time_zone (self->intake));
  return self->sorted_at;
}

/* What the order looks at, worked out once a request and a day: a
 * region's inbox sorts thousands, and each comparison asked the calendar. */
typedef struct
{
  MoniaInboxGroup group;
  gint64          due_at;
  gint64          received_at;
} SortKey;

static const SortKey *
get_sort_key (MoniaInboxPage *self,
              MoniaRecord    *request)
{
  const char *id = monia_record_get_id (request);
  SortKey *key = g_hash_table_lookup (self->keys, id);

  if (key == NULL)
    {
      key = g_new (SortKey, 1);
      key->group = monia_intake_get_inbox_group (self->intake, request, get_now (self));
      key->due_at = monia_intake_get_due_at (self->intake, request);
      key->received_at = monia_record_get_int (request, "received_at", 0);
      g_hash_table_insert (self->keys, g_strdup (id), key);
    }
  return key;
}

static gboolean
matches (gpointer item,
         gpointer user_data)
{
  MoniaInboxPage *self = user_data;
  MoniaRecord *request = MONIA_RECORD (item);

  if (self->channel != NULL && g_strcmp0 (monia_record_get_string (request, "channel"), self->channel) != 0)
    return FALSE;
  if (self->due_today)
    {
      MoniaInboxGroup group = get_sort_key (self, request)->group;

      if (group != MONIA_INBOX_DUE_TODAY && group != MONIA_INBOX_OVERDUE)
        return FALSE;
    }
  return TRUE;
}

/* The order of monia_intake_compare_for_inbox(), from the keys. */
static int
compare_requests (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  MoniaInboxPage *self = user_data;
  const SortKey *ka = get_sort_key (self, MONIA_RECORD ((gpointer) a));
  const SortKey *kb = get_sort_key (self, MONIA_RECORD ((gpointer) b));

  if (ka->group != kb->group)
    return ka->group < kb->group ? -1 : 1;
  if (ka->due_at != kb->due_at)
    return ka->due_at < kb->due_at ? -1 : 1;
  if (ka->received_at != kb->received_at)
    return ka->received_at < kb->received_at ? -1 : 1;
  return g_strcmp0 (monia_record_get_id (MONIA_RECORD ((gpointer) a)),
                    monia_record_get_id (MONIA_RECORD ((gpointer) b)));
}

static void
on_store_record_changed (MoniaInboxPage *self,
                         const char     *kind,
                         const char     *id)
{
  if (g_str_equal (kind, "help_request"))
    g_hash_table_remove (self->keys, id);
}

static void
apply_filter (MoniaInboxPage *self)
{
  gboolean any = self->channel != NULL || self->due_today;

  if (any && gtk_filter_list_model_get_filter (self->filtered) == NULL)
    gtk_filter_list_model_set_filter (self->filtered, GTK_FILTER (self->filter));
  else if (!any)
    gtk_filter_list_model_set_filter (self->filtered, NULL);
  else
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_state (self);
}

/* The groups are of a day: made again when the day changes. */
static void
regroup_if_new_day (MoniaInboxPage *self,
                    GDateTime      *now)
{
  g_autoptr(GDateTime) current = NULL;
  g_autoptr(GDateTime) local_now = NULL;
  g_autoptr(GDateTime) local_sorted = NULL;
  GTimeZone *tz = monia_intake_get_time_zone (self->intake);

  if (now == NULL)
    now = current = g_date_time_new_now (tz);
  local_now = g_date_time_to_timezone (now, tz);
  local_sorted = g_date_time_to_timezone (get_now (self), tz);
  if (local_now == NULL || local_sorted == NULL ||
      (g_date_time_get_year (local_now) == g_date_time_get_year (local_sorted) &&
       g_date_time_get_day_of_year (local_now) == g_date_time_get_day_of_year (local_sorted)))
    return;

  g_clear_pointer (&self->sorted_at, g_date_time_unref);
  self->sorted_at = g_date_time_ref (now);
  g_hash_table_remove_all (self->keys);
  if (self->due_today)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
  gtk_list_box_invalidate_headers (self->list_box);
}

static MoniaInboxGroup
row_group (MoniaInboxPage *self,
           GtkListBoxRow  *row)
{
  return get_sort_key (self, monia_help_request_row_get_request (MONIA_HELP_REQUEST_ROW (row)))->group;
}

/* A heading where a group begins: "Due Today", "New Today", … */
static void
update_header (GtkListBoxRow *row,
               GtkListBoxRow *before,
               gpointer       user_data)
{
  MoniaInboxPage *self = user_data;
  MoniaInboxGroup group;
  GtkWidget *header;

  if (!MONIA_IS_HELP_REQUEST_ROW (row))
    return;
  group = row_group (self, row);
  if (before != NULL && MONIA_IS_HELP_REQUEST_ROW (before) && row_group (self, before) == group)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  header = gtk_list_box_row_get_header (row);
  if (header == NULL)
    {
      header = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (header), 0);
      gtk_widget_set_margin_top (header, 12);
      gtk_widget_set_margin_bottom (header, 6);
      gtk_widget_set_margin_start (header, 12);
      gtk_widget_set_margin_end (header, 12);
      gtk_widget_add_css_class (header, "heading");
      gtk_list_box_row_set_header (row, header);
    }
  gtk_label_set_text (GTK_LABEL (header), monia_inbox_group_to_label (group));
}

static void
on_more_clicked (MoniaInboxPage *self)
{
  gtk_slice_list_model_set_size (self->shown, gtk_slice_list_model_get_size (self->shown) + BATCH_SIZE);
  update_state (self);
}

static gboolean
on_fill_idle (gpointer user_data)
{
  MoniaInboxPage *self = MONIA_INBOX_PAGE (user_data);

  self->fill_id = 0;
  /* "Show More" may have been pressed meanwhile: only ever more rows. */
  if (gtk_slice_list_model_get_size (self->shown) < BATCH_SIZE)
    {
      gtk_slice_list_model_set_size (self->shown, BATCH_SIZE);
      update_state (self);
    }
  return G_SOURCE_REMOVE;
}

static void
on_frame_painted (MoniaInboxPage *self,
                  GdkFrameClock  *clock)
{
  g_clear_signal_handler (&self->paint_id, clock);
  if (self->fill_id == 0)
    self->fill_id = g_idle_add (on_fill_idle, self);
}

static void
monia_inbox_page_map (GtkWidget *widget)
{
  MoniaInboxPage *self = MONIA_INBOX_PAGE (widget);

  GTK_WIDGET_CLASS (monia_inbox_page_parent_class)->map (widget);

  if (self->shown != NULL && gtk_slice_list_model_get_size (self->shown) < BATCH_SIZE &&
      self->paint_id == 0 && self->fill_id == 0)
    self->paint_id = g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                                              G_CALLBACK (on_frame_painted), self, G_CONNECT_SWAPPED);
}

static void
monia_inbox_page_unmap (GtkWidget *widget)
{
  MoniaInboxPage *self = MONIA_INBOX_PAGE (widget);

  g_clear_signal_handler (&self->paint_id, gtk_widget_get_frame_clock (widget));

  GTK_WIDGET_CLASS (monia_inbox_page_parent_class)->unmap (widget);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  MoniaInboxPage *self = MONIA_INBOX_PAGE (user_data);

  return monia_help_request_row_new (self->intake, MONIA_RECORD (item));
}

static void
on_row_activated (MoniaInboxPage *self,
                  GtkListBoxRow  *row)
{
  if (MONIA_IS_HELP_REQUEST_ROW (row))
    g_signal_emit (self, signals[REQUEST_ACTIVATED], 0,
                   monia_help_request_row_get_request (MONIA_HELP_REQUEST_ROW (row)));
}

/* A request triaged leaves the list, and its row with it. GTK would give
 * the focus to the list itself, and the scrolled window would scroll to
 * its top; the next Tab or arrow key would start again from the first
 * request. So before the list box hears of it, the focus goes to a row
 * that stays, and after, to the request that took the triaged one's place:
 * the list stays where it was and the next one is ready. */
static void
on_shown_changing (MoniaInboxPage *self,
                   guint           position,
                   guint           removed,
                   guint           added)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *row = focus != NULL ? gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW) : NULL;
  GtkListBoxRow *stays;
  int index;

  if (removed == 0 || row == NULL || gtk_widget_get_parent (row) != GTK_WIDGET (self->list_box))
    return;
  index = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row));
  if (index < 0 || (guint) index < position || (guint) index >= position + removed)
    return;

  self->focus_index = index;
  stays = gtk_list_box_get_row_at_index (self->list_box, position + removed);
  if (stays == NULL && position > 0)
    stays = gtk_list_box_get_row_at_index (self->list_box, position - 1);
  if (stays != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (stays));
}

/* The row that took the triaged one's place gets the focus once it has
 * its place on screen: focused before, the scrolled window would scroll to
 * where it was not yet, the top. */
static gboolean
focus_row_when_placed (GtkWidget     *widget,
                       GdkFrameClock *clock,
                       gpointer       user_data)
{
  MoniaInboxPage *self = MONIA_INBOX_PAGE (user_data);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->shown));
  GtkListBoxRow *row = NULL;

  if (self->focus_index >= 0 && n > 0)
    row = gtk_list_box_get_row_at_index (self->list_box, MIN ((guint) self->focus_index, n - 1));
  /* A few frames at most: a row that never gets a place gets no focus. */
  if (row != NULL && gtk_widget_get_height (GTK_WIDGET (row)) == 0 && ++self->focus_ticks < 30)
    return G_SOURCE_CONTINUE;

  if (row != NULL && gtk_widget_get_height (GTK_WIDGET (row)) > 0)
    gtk_widget_grab_focus (GTK_WIDGET (row));
  self->focus_index = -1;
  self->focus_tick_id = 0;
  self->focus_ticks = 0;
  return G_SOURCE_REMOVE;
}

/* Connected after the list box's own handler: the rows are made again. */
static void
on_shown_changed (MoniaInboxPage *self,
                  guint           position,
                  guint           removed,
                  guint           added)
{
  update_state (self);
  if (self->focus_index < 0 || self->focus_tick_id != 0)
    return;
  self->focus_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->list_box), focus_row_when_placed,
                                                      self, NULL);
}

static gboolean
on_countdown_tick (gpointer user_data)
{
  MoniaInboxPage *self = MONIA_INBOX_PAGE (user_data);

  regroup_if_new_day (self, NULL);
  monia_inbox_page_update_countdowns (self, NULL);
  return G_SOURCE_CONTINUE;
}

static void
on_channel_chosen (MoniaInboxPage *self)
{
  const char * const *channels = monia_intake_get_channels ();
  guint selected = gtk_drop_down_get_selected (self->channel_chooser);

  g_clear_pointer (&self->channel, g_free);
  if (selected >= 1 && selected <= g_strv_length ((char **) channels))
    self->channel = g_strdup (channels[selected - 1]);
  apply_filter (self);
}

static void
on_due_today_toggled (MoniaInboxPage *self)
{
  self->due_today = gtk_toggle_button_get_active (self->due_today_button);
  apply_filter (self);
}

static void
monia_inbox_page_dispose (GObject *object)
{
  MoniaInboxPage *self = MONIA_INBOX_PAGE (object);

  g_clear_handle_id (&self->countdown_id, g_source_remove);
  g_clear_handle_id (&self->fill_id, g_source_remove);
  if (self->focus_tick_id != 0 && self->list_box != NULL)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->list_box), self->focus_tick_id);
  self->focus_tick_id = 0;
  if (self->list_box != NULL)
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);
  if (self->requests != NULL)
    g_signal_handlers_disconnect_by_data (self->requests, self);
  if (self->shown != NULL)
    g_signal_handlers_disconnect_by_data (self->shown, self);
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
  g_clear_object (&self->shown);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_object (&self->sorter);
  g_clear_object (&self->filter);
  g_clear_object (&self->requests);
  g_clear_object (&self->intake);
  g_clear_pointer (&self->sorted_at, g_date_time_unref);
  g_clear_pointer (&self->keys, g_hash_table_unref);
  g_clear_pointer (&self->channel, g_free);

  G_OBJECT_CLASS (monia_inbox_page_parent_class)->dispose (object);
}

static void
monia_inbox_page_class_init (MoniaInboxPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = monia_inbox_page_dispose;

  widget_class->map = monia_inbox_page_map;
  widget_class->unmap = monia_inbox_page_unmap;

  /**
   * MoniaInboxPage::request-activated:
   * @self: the page
   * @request: the help request (a MoniaRecord)
   */
  signals[REQUEST_ACTIVATED] =
    g_signal_new ("request-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, MONIA_TYPE_RECORD);
}

static GtkWidget *
build_filter_bar (MoniaInboxPage *self)
{
  const char * const *channels = monia_intake_get_channels ();
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  /* Translators: the channel filter of the inbox: every channel */
  gtk_string_list_append (labels, _("All Channels"));
  for (guint i = 0; channels[i] != NULL; i++)
    gtk_string_list_append (labels, monia_intake_channel_to_label (channels[i]));
  self->channel_chooser = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  gtk_drop_down_set_model (self->channel_chooser, G_LIST_MODEL (labels));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->channel_chooser), _("Show the requests of one channel only"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->channel_chooser),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Channel"),
                                  -1);
  g_signal_connect_swapped (self->channel_chooser, "notify::selected", G_CALLBACK (on_channel_chosen), self);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->channel_chooser));

  self->due_today_button = GTK_TOGGLE_BUTTON (gtk_toggle_button_new_with_mnemonic (_("Due _Today")));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->due_today_button),
                               _("Show only what must be answered today: due today or overdue"));
  /* GTK 4.8 would read the label with its underscore too: the child is enough. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->due_today_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  g_signal_connect_swapped (self->due_today_button, "toggled", G_CALLBACK (on_due_today_toggled), self);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->due_today_button));

  return bar;
}

static void
monia_inbox_page_init (MoniaInboxPage *self)
{
  GtkWidget *page, *bar_clamp, *empty, *no_match, *scrolled, *clamp, *box, *heading;

  self->focus_index = -1;
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  /* The filters above the list, in reach also when nothing matches them. */
  page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  adw_bin_set_child (ADW_BIN (self), page);

  self->filter_bar = build_filter_bar (self);
  gtk_widget_set_margin_top (self->filter_bar, 18);
  gtk_widget_set_margin_start (self->filter_bar, 12);
  gtk_widget_set_margin_end (self->filter_bar, 12);
  bar_clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (bar_clamp), 720);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (bar_clamp), 560);
  adw_clamp_set_child (ADW_CLAMP (bar_clamp), self->filter_bar);
  gtk_box_append (GTK_BOX (page), bar_clamp);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->stack));

  empty = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "mail-read-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Open Help Requests"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("Requests from the “Ask for help” button, callback requests, consultation calls and child welfare notifications appear here."));
  gtk_stack_add_named (self->stack, empty, "empty");

  no_match = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (no_match), "edit-find-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (no_match), _("No Matching Requests"));
  adw_status_page_set_description (ADW_STATUS_PAGE (no_match),
                                   _("No open request matches the filters above."));
  gtk_stack_add_named (self->stack, no_match, "no-match");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  heading = gtk_label_new (_("Today’s work first: what is due today, then what came in today. Activate a request to triage it."));
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "dim-label");
  gtk_box_append (GTK_BOX (box), heading);

  self->list_box = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list_box, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list_box), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Open help requests"),
                                  -1);
  g_signal_connect_swapped (self->list_box, "row-activated", G_CALLBACK (on_row_activated), self);
  gtk_list_box_set_header_func (self->list_box, update_header, self, NULL);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->list_box));

  self->more_button = gtk_button_new_with_mnemonic (_("Show _More Requests"));
  gtk_widget_set_halign (self->more_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->more_button, "pill");
  gtk_widget_set_visible (self->more_button, FALSE);
  /* GTK 4.8 reads both the label property (with its underscore) and the
   * label child: the child is enough. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->more_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  g_signal_connect_swapped (self->more_button, "clicked", G_CALLBACK (on_more_clicked), self);
  gtk_box_append (GTK_BOX (box), self->more_button);

  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), 560);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_stack_add_named (self->stack, scrolled, "requests");

  self->countdown_id = g_timeout_add_seconds (COUNTDOWN_INTERVAL_SECONDS, on_countdown_tick, self);
}

GtkWidget *
monia_inbox_page_new (MoniaIntake *intake)
{
  MoniaInboxPage *self;
  gboolean big;

  g_return_val_if_fail (MONIA_IS_INTAKE (intake), NULL);

  self = g_object_new (MONIA_TYPE_INBOX_PAGE, NULL);
  self->intake = g_object_ref (intake);
  self->requests = monia_store_list_open_help_requests (monia_intake_get_store (intake));
  /* Before the list's own handler: a changed request's key goes first. */
  g_signal_connect_object (monia_intake_get_store (intake), "record-changed",
                           G_CALLBACK (on_store_record_changed), self, G_CONNECT_SWAPPED);
  big = g_list_model_get_n_items (self->requests) >= INCREMENTAL_FROM;

  self->filter = gtk_custom_filter_new (matches, self, NULL);
  self->sorter = gtk_custom_sorter_new (compare_requests, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (self->requests), NULL);
  gtk_filter_list_model_set_incremental (self->filtered, big);
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->filtered)),
                                          GTK_SORTER (g_object_ref (self->sorter)));
  gtk_sort_list_model_set_incremental (self->sorted, big);
  self->shown = gtk_slice_list_model_new (G_LIST_MODEL (g_object_ref (self->sorted)), 0, FIRST_ROWS);

  g_signal_connect_swapped (self->requests, "items-changed", G_CALLBACK (update_state), self);
  g_signal_connect_swapped (self->sorted, "items-changed", G_CALLBACK (update_state), self);
  /* Before and after the list box's own handler. */
  g_signal_connect_swapped (self->shown, "items-changed", G_CALLBACK (on_shown_changing), self);
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->shown), create_row, self, NULL);
  g_signal_connect_swapped (self->shown, "items-changed", G_CALLBACK (on_shown_changed), self);
  update_state (self);

  return GTK_WIDGET (self);
}

GListModel *
monia_inbox_page_get_requests (MoniaInboxPage *self)
{
  g_return_val_if_fail (MONIA_IS_INBOX_PAGE (self), NULL);

  return self->requests;
}

GListModel *
monia_inbox_page_get_shown_requests (MoniaInboxPage *self)
{
  g_return_val_if_fail (MONIA_IS_INBOX_PAGE (self), NULL);

  return G_LIST_MODEL (self->sorted);
}

void
monia_inbox_page_set_channel_filter (MoniaInboxPage *self,
                                     const char     *channel)
{
  const char * const *channels = monia_intake_get_channels ();
  guint selected = 0;

  g_return_if_fail (MONIA_IS_INBOX_PAGE (self));

  for (guint i = 0; channel != NULL && channels[i] != NULL; i++)
    if (g_str_equal (channels[i], channel))
      selected = i + 1;
  gtk_drop_down_set_selected (self->channel_chooser, selected);
}

void
monia_inbox_page_set_due_today_filter (MoniaInboxPage *self,
                                       gboolean        due_today)
{
  g_return_if_fail (MONIA_IS_INBOX_PAGE (self));

  gtk_toggle_button_set_active (self->due_today_button, due_today);
}

GtkDropDown *
_monia_inbox_page_get_channel_chooser (MoniaInboxPage *self)
{
  return self->channel_chooser;
}

GtkToggleButton *
_monia_inbox_page_get_due_today_button (MoniaInboxPage *self)
{
  return self->due_today_button;
}

GtkListBox *
monia_inbox_page_get_list_box (MoniaInboxPage *self)
{
  g_return_val_if_fail (MONIA_IS_INBOX_PAGE (self), NULL);

  return self->list_box;
}

GtkButton *
monia_inbox_page_get_more_button (MoniaInboxPage *self)
{
  g_return_val_if_fail (MONIA_IS_INBOX_PAGE (self), NULL);

  return GTK_BUTTON (self->more_button);
}

const char *
monia_inbox_page_get_state (MoniaInboxPage *self)
{
  g_return_val_if_fail (MONIA_IS_INBOX_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

void
monia_inbox_page_update_countdowns (MoniaInboxPage *self,
                                    GDateTime      *now)
{
  g_return_if_fail (MONIA_IS_INBOX_PAGE (self));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (MONIA_IS_HELP_REQUEST_ROW (child))
        monia_help_request_row_update_countdown (MONIA_HELP_REQUEST_ROW (child), now);
    }
}
