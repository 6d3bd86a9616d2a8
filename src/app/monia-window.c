/* monia-window.c — the main window: a sidebar of pages and their content
 *
 * This file makes the window and its pages; which page shows is
 * monia-window-pages.c's job, the actions and dialogs are
 * monia-window-actions.c's (see monia-window-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-case-list-page.h"
#include "monia-case-util.h"
#include "monia-catalogue-page.h"
#include "monia-inbox-page.h"
#include "monia-pair-cases-page.h"
#include "monia-search-page.h"
#include "monia-sync-indicator.h"
#include "monia-window-private.h"

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

/* Set-up ------------------------------------------------------------------------ */

static void
on_request_activated (MoniaWindow *self,
                      MoniaRecord *request)
{
  _monia_window_open_triage_dialog (self, request);
}

static void
on_case_activated (MoniaWindow *self,
                   const char  *case_id)
{
  monia_window_open_case (self, case_id);
}

static void
on_cases_items_changed (MoniaWindow *self)
{
  _monia_window_update_visible_page (self);
  _monia_window_update_counts (self);
}

static void
set_up_pages (MoniaWindow *self)
{
  self->intake = monia_intake_new (self->store, NULL);

  /* Inbox: the first page when requests wait, so made at once. */
  self->inbox_page = MONIA_INBOX_PAGE (monia_inbox_page_new (self->intake));
  g_signal_connect_object (self->inbox_page, "request-activated",
                           G_CALLBACK (on_request_activated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (monia_inbox_page_get_requests (self->inbox_page), "items-changed",
                           G_CALLBACK (_monia_window_update_counts), self, G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->inbox_page), "inbox");

  _monia_window_update_counts (self);
}

/* The case lists (mine, the pairs', all) and their counts. Made when one
 * of them is shown, or else just after the window's first frame: listing a
 * region's 50,000 cases, sorting the pairs' cases by deadline and building
 * the pages cost a good part of the start-up time otherwise
 * (tests/bench/run-ui-bench.sh). */
void
_monia_window_ensure_case_lists (MoniaWindow *self)
{
  const char *author;
  GtkWidget *pair_cases_page;

  if (self->store == NULL || self->all_page != NULL)
    return;

  author = monia_store_get_author (self->store);
  if (self->clocks == NULL)
    {
      g_autoptr(MoniaCalendar) calendar = monia_calendar_new_from_settings ();

      self->clocks = monia_case_clocks_new (self->store, calendar);
    }

  /* My cases and pair cases need to know who the user is. Their own cases
   * are a worker's day: the one due first on top. */
  self->mine_page = MONIA_CASE_LIST_PAGE (monia_case_list_page_new (NULL, NULL, NULL));
  monia_case_list_page_set_clocks (self->mine_page, self->clocks);
  monia_case_list_page_set_order (self->mine_page, MONIA_CASE_ORDER_DEADLINE);
  /* Pair cases: the pairs' caseload, nearest deadline first. */
  pair_cases_page = monia_pair_cases_page_new (self->store, author);
  self->pair_page = monia_pair_cases_page_get_list_page (MONIA_PAIR_CASES_PAGE (pair_cases_page));
  if (author == NULL)
    {
      const char *description = _("Monia does not know who you are, so it cannot tell which cases are yours. Start Monia with --user and your professional id.");

      monia_case_list_page_set_empty_text (self->mine_page, "avatar-default-symbolic",
                                           _("Who Are You?"), description);
      monia_case_list_page_set_empty_text (self->pair_page, "system-users-symbolic",
                                           _("Who Are You?"), description);
    }
  else
    {
      self->my_cases = monia_store_list_cases_by (self->store, "owner_id", author);
      self->pair_cases = g_object_ref (monia_pair_cases_page_get_model (MONIA_PAIR_CASES_PAGE (pair_cases_page)));
      monia_case_list_page_set_empty_text (self->mine_page, "avatar-default-symbolic",
                                           _("No Cases of Your Own"),
                                           _("Cases you own appear here."));
      monia_case_list_page_set_empty_text (self->pair_page, "system-users-symbolic",
                                           _("No Pair Cases"),
                                           _("Cases owned by a work pair you belong to appear here."));
      monia_case_list_page_set_model (self->mine_page, self->my_cases);
      g_signal_connect_object (self->my_cases, "items-changed",
                               G_CALLBACK (_monia_window_update_counts), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->pair_cases, "items-changed",
                               G_CALLBACK (_monia_window_update_counts), self, G_CONNECT_SWAPPED);
    }
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->mine_page), "mine");
  gtk_stack_add_named (self->stack, pair_cases_page, "pair");

  /* All cases: the empty state is the window's own, with its button. */
  self->cases = monia_store_list_cases (self->store);
  g_signal_connect_object (self->cases, "items-changed",
                           G_CALLBACK (on_cases_items_changed), self, G_CONNECT_SWAPPED);
  self->all_page = MONIA_CASE_LIST_PAGE (monia_case_list_page_new ("folder-symbolic", _("No Cases Yet"), NULL));
  monia_case_list_page_set_clocks (self->all_page, self->clocks);
  monia_case_list_page_set_model (self->all_page, self->cases);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->all_page), "cases");

  for (guint i = 0; i < 3; i++)
    {
      MoniaCaseListPage *page = (MoniaCaseListPage *[]) { self->mine_page, self->pair_page, self->all_page }[i];

      g_signal_connect_object (page, "case-activated", G_CALLBACK (on_case_activated), self, G_CONNECT_SWAPPED);
    }

  _monia_window_update_counts (self);
}

/* Lays out a page not shown yet, so that showing it later finds its rows
 * made, styled and measured. */
static void
prepare_page (MoniaWindow *self,
              GtkWidget   *page)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->stack));

  if (page == NULL || width <= 0)
    return;

  if (MONIA_IS_CASE_LIST_PAGE (page))
    monia_case_list_page_prepare (MONIA_CASE_LIST_PAGE (page));
  gtk_widget_measure (page, GTK_ORIENTATION_HORIZONTAL, -1, NULL, NULL, NULL, NULL);
  gtk_widget_measure (page, GTK_ORIENTATION_VERTICAL, width, NULL, NULL, NULL, NULL);
}

/* After the first frame, the pages not shown yet are made one at a time
 * while the main loop is otherwise idle, so that the first visit to each
 * is as quick as the later ones. */
static gboolean
on_warm_up_idle (gpointer user_data)
{
  MoniaWindow *self = MONIA_WINDOW (user_data);

  switch (self->warm_up_step++)
    {
    case 0:
      _monia_window_ensure_case_lists (self);
      break;
    case 1:
      prepare_page (self, GTK_WIDGET (self->mine_page));
      break;
    case 2:
      prepare_page (self, GTK_WIDGET (self->all_page));
      break;
    case 3:
      if (self->pair_page != NULL)
        monia_case_list_page_prepare (self->pair_page);
      prepare_page (self, gtk_stack_get_child_by_name (self->stack, "pair"));
      break;
    case 4:
      _monia_window_ensure_page (self, "services");
      prepare_page (self, GTK_WIDGET (self->catalogue_page));
      break;
    case 5:
      _monia_window_ensure_page (self, "search");
      prepare_page (self, GTK_WIDGET (self->search_page));
      break;
    case 6:
      /* The Team Overview counts in a worker thread from here on: a region's
       * 50,000 cases take a few hundred milliseconds, and its figures are
       * then ready when it is first opened. */
      _monia_window_ensure_page (self, "overview");
      break;
    default:
      self->warm_up_id = 0;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
on_first_frame_painted (MoniaWindow   *self,
                        GdkFrameClock *clock)
{
  g_clear_signal_handler (&self->first_paint_id, clock);
  if (self->warm_up_id == 0 && self->warm_up_step == 0)
    self->warm_up_id = g_idle_add (on_warm_up_idle, self);
}

static void
monia_window_realize (GtkWidget *widget)
{
  MoniaWindow *self = MONIA_WINDOW (widget);

  GTK_WIDGET_CLASS (monia_window_parent_class)->realize (widget);

  if (self->store != NULL && self->warm_up_step == 0 && self->first_paint_id == 0)
    self->first_paint_id = g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                                                    G_CALLBACK (on_first_frame_painted), self,
                                                    G_CONNECT_SWAPPED);
}

static void
monia_window_unrealize (GtkWidget *widget)
{
  MoniaWindow *self = MONIA_WINDOW (widget);

  g_clear_signal_handler (&self->first_paint_id, gtk_widget_get_frame_clock (widget));

  GTK_WIDGET_CLASS (monia_window_parent_class)->unrealize (widget);
}

/* The service catalogue and search are made when first shown, the case
 * lists at the latest then: every page made before the first frame is a
 * tree of widgets built and styled while the window is not yet on screen. */
void
_monia_window_ensure_page (MoniaWindow *self,
                           const char  *page)
{
  if (self->store == NULL)
    return;

  if (g_str_equal (page, "mine") || g_str_equal (page, "pair") || g_str_equal (page, "cases"))
    _monia_window_ensure_case_lists (self);
  else if (self->catalogue_page == NULL && g_str_equal (page, "services"))
    {
      self->catalogue_page = MONIA_CATALOGUE_PAGE (monia_catalogue_page_new (self->store));
      gtk_stack_add_named (self->stack, GTK_WIDGET (self->catalogue_page), "services");
    }
  else if (self->overview_page == NULL && g_str_equal (page, "overview"))
    {
      self->overview_page = MONIA_TEAM_OVERVIEW_PAGE (monia_team_overview_page_new (self->store,
                                                                                   monia_window_get_sync_client (self)));
      g_signal_connect_object (self->overview_page, "case-activated",
                               G_CALLBACK (on_case_activated), self, G_CONNECT_SWAPPED);
      gtk_stack_add_named (self->stack, GTK_WIDGET (self->overview_page), "overview");
    }
  else if (self->search_page == NULL && g_str_equal (page, "search"))
    {
      self->search_page = MONIA_SEARCH_PAGE (monia_search_page_new (self->store));
      g_signal_connect_object (self->search_page, "case-activated",
                               G_CALLBACK (on_case_activated), self, G_CONNECT_SWAPPED);
      gtk_stack_add_named (self->stack, GTK_WIDGET (self->search_page), "search");
    }
}

/* Start where the work is: the inbox when something waits there, otherwise
 * one's own cases, otherwise all. */
static MoniaWindowSection
choose_first_section (MoniaWindow *self)
{
  if (g_list_model_get_n_items (monia_inbox_page_get_requests (self->inbox_page)) > 0)
    return MONIA_WINDOW_SECTION_INBOX;
  _monia_window_ensure_case_lists (self);
  if (self->my_cases != NULL && g_list_model_get_n_items (self->my_cases) > 0)
    return MONIA_WINDOW_SECTION_MINE;
  return MONIA_WINDOW_SECTION_ALL;
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

  _monia_window_update_visible_page (self);
}

static gboolean
monia_window_close_request (GtkWindow *window)
{
  save_window_size (MONIA_WINDOW (window));

  return GTK_WINDOW_CLASS (monia_window_parent_class)->close_request (window);
}

static void
set_store_actions_enabled (MoniaWindow *self,
                           gboolean     enabled)
{
  _monia_window_set_actions_enabled (self, enabled);

  /* Without a store there is nothing to navigate: only the error shows. */
  gtk_widget_set_visible (self->sidebar_box, enabled);
  gtk_widget_set_visible (self->sidebar_separator, enabled);
  gtk_widget_set_visible (GTK_WIDGET (self->new_case_button), enabled);
  gtk_widget_set_visible (GTK_WIDGET (self->register_button), enabled);
  gtk_widget_set_visible (GTK_WIDGET (self->search_button), enabled);
}

static void
monia_window_constructed (GObject *object)
{
  MoniaWindow *self = MONIA_WINDOW (object);

  G_OBJECT_CLASS (monia_window_parent_class)->constructed (object);

  if (self->store != NULL)
    {
      set_up_pages (self);
      _monia_window_show_section (self, choose_first_section (self));
    }
  else
    {
      set_store_actions_enabled (self, FALSE);
      _monia_window_update_visible_page (self);
    }
}

static void
monia_window_dispose (GObject *object)
{
  MoniaWindow *self = MONIA_WINDOW (object);

  g_clear_weak_pointer (&self->new_case_dialog);
  g_clear_weak_pointer (&self->register_dialog);
  g_clear_weak_pointer (&self->triage_dialog);
  g_clear_weak_pointer (&self->case_back_button);
  g_clear_handle_id (&self->warm_up_id, g_source_remove);
  _monia_window_drop_case_view (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), MONIA_TYPE_WINDOW);
  g_clear_object (&self->cases);
  g_clear_object (&self->my_cases);
  g_clear_object (&self->pair_cases);
  g_clear_object (&self->clocks);
  g_clear_object (&self->intake);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (monia_window_parent_class)->dispose (object);
}

static void
monia_window_finalize (GObject *object)
{
  MoniaWindow *self = MONIA_WINDOW (object);

  g_free (self->shown_case_id);
  g_free (self->last_toast);

  G_OBJECT_CLASS (monia_window_parent_class)->finalize (object);
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
  object_class->finalize = monia_window_finalize;
  object_class->get_property = monia_window_get_property;
  object_class->set_property = monia_window_set_property;

  widget_class->realize = monia_window_realize;
  widget_class->unrealize = monia_window_unrealize;

  window_class->close_request = monia_window_close_request;

  /**
   * MoniaWindow:store:
   *
   * The store the window shows; %NULL when it could not be opened. Its
   * author (monia_store_get_author()) is who the user is.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         MONIA_TYPE_STORE,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/monia-window.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, MoniaWindow, name)
  BIND (leaflet);
  BIND (sidebar_box);
  BIND (sidebar_separator);
  BIND (sidebar_list);
  BIND (inbox_row);
  BIND (mine_row);
  BIND (pair_row);
  BIND (all_row);
  BIND (overview_row);
  BIND (services_row);
  BIND (inbox_count);
  BIND (mine_count);
  BIND (pair_count);
  BIND (all_count);
  BIND (overview_count);
  BIND (services_count);
  BIND (content_box);
  BIND (title_stack);
  BIND (window_title);
  BIND (content_header);
  BIND (search_entry);
  BIND (back_button);
  BIND (new_case_button);
  BIND (register_button);
  BIND (search_button);
  BIND (empty_new_case_button);
  BIND (toast_overlay);
  BIND (stack);
  BIND (case_view);
  BIND (error_page);
  BIND (error_path_label);
  BIND (sync_indicator);
#undef BIND

  _monia_window_class_init_pages (widget_class);
  _monia_window_class_init_actions (widget_class);
}

static void
monia_window_init (MoniaWindow *self)
{
  g_type_ensure (MONIA_TYPE_CASE_LIST_PAGE);
  g_type_ensure (MONIA_TYPE_SYNC_INDICATOR);

  gtk_widget_init_template (GTK_WIDGET (self));

  _monia_window_init_sidebar (self);

  /* GTK 4.8 would read the mnemonic button as "_New Case New Case": its
   * label property and its label child both count. The child is enough. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->empty_new_case_button),
                                 GTK_ACCESSIBLE_PROPERTY_LABEL);

  _monia_window_init_actions (self);

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
  return monia_window_new_for_database_as (application, path, NULL);
}

MoniaWindow *
monia_window_new_for_database_as (GtkApplication *application,
                                  const char     *path,
                                  const char     *author_id)
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

  if (author_id != NULL && author_id[0] != '\0')
    monia_store_set_author (store, author_id);

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

  _monia_window_add_toast (self, adw_toast_new (title));
}

void
monia_window_show_section (MoniaWindow *self,
                           const char  *section)
{
  MoniaWindowSection s;

  g_return_if_fail (MONIA_IS_WINDOW (self));

  s = _monia_window_lookup_section (section);
  g_return_if_fail (s < MONIA_WINDOW_N_SECTIONS);
  if (!self->failed)
    _monia_window_show_section (self, s);
}

/* For tests ------------------------------------------------------------------ */

GtkStack *
_monia_window_get_stack (MoniaWindow *self)
{
  return self->stack;
}

GListModel *
_monia_window_get_cases (MoniaWindow *self)
{
  _monia_window_ensure_case_lists (self);
  return self->cases;
}

GtkListView *
_monia_window_get_case_list_view (MoniaWindow *self)
{
  _monia_window_ensure_case_lists (self);
  return self->all_page != NULL ? monia_case_list_page_get_list_view (self->all_page) : NULL;
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

MoniaIntake *
_monia_window_get_intake (MoniaWindow *self)
{
  return self->intake;
}

AdwLeaflet *
_monia_window_get_leaflet (MoniaWindow *self)
{
  return self->leaflet;
}

GtkListBox *
_monia_window_get_sidebar (MoniaWindow *self)
{
  return self->sidebar_list;
}

GtkListBoxRow *
_monia_window_get_sidebar_row (MoniaWindow *self,
                               const char  *section)
{
  MoniaWindowSection s = _monia_window_lookup_section (section);

  return s < MONIA_WINDOW_N_SECTIONS ? self->sidebar_rows[s] : NULL;
}

const char *
_monia_window_get_sidebar_count (MoniaWindow *self,
                                 const char  *section)
{
  MoniaWindowSection s = _monia_window_lookup_section (section);

  return s < MONIA_WINDOW_N_SECTIONS ? gtk_label_get_text (self->sidebar_counts[s]) : NULL;
}

const char *
_monia_window_get_section (MoniaWindow *self)
{
  return _monia_window_section_get_name (self->section);
}

MoniaInboxPage *
_monia_window_get_inbox_page (MoniaWindow *self)
{
  return self->inbox_page;
}

MoniaCaseListPage *
_monia_window_get_case_list_page (MoniaWindow *self,
                                  const char  *section)
{
  _monia_window_ensure_case_lists (self);
  switch (_monia_window_lookup_section (section))
    {
    case MONIA_WINDOW_SECTION_MINE:
      return self->mine_page;
    case MONIA_WINDOW_SECTION_PAIR:
      return self->pair_page;
    case MONIA_WINDOW_SECTION_ALL:
      return self->all_page;
    case MONIA_WINDOW_SECTION_INBOX:
    case MONIA_WINDOW_SECTION_OVERVIEW:
    case MONIA_WINDOW_SECTION_SERVICES:
    case MONIA_WINDOW_N_SECTIONS:
    default:
      return NULL;
    }
}

MoniaSearchPage *
_monia_window_get_search_page (MoniaWindow *self)
{
  _monia_window_ensure_page (self, "search");
  return self->search_page;
}

GtkEditable *
_monia_window_get_search_entry (MoniaWindow *self)
{
  return GTK_EDITABLE (self->search_entry);
}

MoniaCataloguePage *
_monia_window_get_catalogue_page (MoniaWindow *self)
{
  _monia_window_ensure_page (self, "services");
  return self->catalogue_page;
}

MoniaTeamOverviewPage *
_monia_window_get_overview_page (MoniaWindow *self)
{
  return self->overview_page;
}

GtkWidget *
_monia_window_get_back_button (MoniaWindow *self)
{
  if (self->case_back_button != NULL && gtk_widget_get_visible (GTK_WIDGET (self->case_view)) &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "case") == 0)
    return self->case_back_button;

  return GTK_WIDGET (self->back_button);
}

MoniaRegisterRequestDialog *
_monia_window_get_register_dialog (MoniaWindow *self)
{
  return self->register_dialog;
}

MoniaTriageDialog *
_monia_window_get_triage_dialog (MoniaWindow *self)
{
  return self->triage_dialog;
}

const char *
_monia_window_get_shown_case_id (MoniaWindow *self)
{
  return self->shown_case_id;
}

GtkWidget *
_monia_window_get_case_view (MoniaWindow *self)
{
  return self->case_view != NULL ? adw_bin_get_child (self->case_view) : NULL;
}

const char *
_monia_window_get_last_toast (MoniaWindow *self)
{
  return self->last_toast;
}

void
monia_window_set_sync_client (MoniaWindow     *self,
                              MoniaSyncClient *client)
{
  g_return_if_fail (MONIA_IS_WINDOW (self));
  g_return_if_fail (client == NULL || MONIA_IS_SYNC_CLIENT (client));

  monia_sync_indicator_set_client (self->sync_indicator, client);
}

MoniaSyncClient *
monia_window_get_sync_client (MoniaWindow *self)
{
  g_return_val_if_fail (MONIA_IS_WINDOW (self), NULL);

  return monia_sync_indicator_get_client (self->sync_indicator);
}

MoniaSyncIndicator *
_monia_window_get_sync_indicator (MoniaWindow *self)
{
  g_return_val_if_fail (MONIA_IS_WINDOW (self), NULL);

  return self->sync_indicator;
}
