/* monia-inbox-page.c — the open help requests, the one due first on top
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

struct _MoniaInboxPage
{
  AdwBin       parent_instance;

  MoniaIntake       *intake;
  GListModel        *requests;
  GtkSliceListModel *shown;     /* the first of requests, in the list box */
  guint              countdown_id;
  gulong             paint_id;    /* until the first frame after mapping */
  guint              fill_id;

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

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "requests");
  gtk_widget_set_visible (self->more_button,
                          !empty && self->shown != NULL &&
                          g_list_model_get_n_items (self->requests) > gtk_slice_list_model_get_size (self->shown));
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

static gboolean
on_countdown_tick (gpointer user_data)
{
  monia_inbox_page_update_countdowns (MONIA_INBOX_PAGE (user_data), NULL);
  return G_SOURCE_CONTINUE;
}

static void
monia_inbox_page_dispose (GObject *object)
{
  MoniaInboxPage *self = MONIA_INBOX_PAGE (object);

  g_clear_handle_id (&self->countdown_id, g_source_remove);
  g_clear_handle_id (&self->fill_id, g_source_remove);
  if (self->list_box != NULL)
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);
  if (self->requests != NULL)
    g_signal_handlers_disconnect_by_data (self->requests, self);
  g_clear_object (&self->shown);
  g_clear_object (&self->requests);
  g_clear_object (&self->intake);

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

static void
monia_inbox_page_init (MoniaInboxPage *self)
{
  GtkWidget *empty, *scrolled, *clamp, *box, *heading;

  self->stack = GTK_STACK (gtk_stack_new ());
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->stack));

  empty = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "mail-read-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Open Help Requests"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("Requests from the “Ask for help” button, callback requests, consultation calls and child welfare notifications appear here."));
  gtk_stack_add_named (self->stack, empty, "empty");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  heading = gtk_label_new (_("Answer first the ones due first. Activate a request to triage it."));
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

  g_return_val_if_fail (MONIA_IS_INTAKE (intake), NULL);

  self = g_object_new (MONIA_TYPE_INBOX_PAGE, NULL);
  self->intake = g_object_ref (intake);
  self->requests = monia_store_list_open_help_requests (monia_intake_get_store (intake));
  self->shown = gtk_slice_list_model_new (g_object_ref (self->requests), 0, FIRST_ROWS);
  g_signal_connect_swapped (self->requests, "items-changed", G_CALLBACK (update_state), self);
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->shown), create_row, self, NULL);
  update_state (self);

  return GTK_WIDGET (self);
}

GListModel *
monia_inbox_page_get_requests (MoniaInboxPage *self)
{
  g_return_val_if_fail (MONIA_IS_INBOX_PAGE (self), NULL);

  return self->requests;
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
