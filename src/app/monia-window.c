/* monia-window.c — the main window: a sidebar of pages and their content
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-case-list-page.h"
#include "monia-case-util.h"
#include "monia-catalogue-page.h"
#include "monia-help-request-row.h"
#include "monia-inbox-page.h"
#include "monia-new-case-dialog.h"
#include "monia-pair-cases-page.h"
#include "monia-register-request-dialog.h"
#include "monia-search-page.h"
#include "monia-sync-indicator.h"
#include "monia-team-overview-page.h"
#include "monia-triage-dialog.h"
#include "monia-window-private.h"

/* The case page (monia-case-page.[ch]); 0 shows a plain placeholder. */
#ifndef MONIA_WINDOW_HAVE_CASE_PAGE
#define MONIA_WINDOW_HAVE_CASE_PAGE 1
#endif

#if MONIA_WINDOW_HAVE_CASE_PAGE
#include "monia-case-page.h"
#endif

typedef enum
{
  SECTION_INBOX,
  SECTION_MINE,
  SECTION_PAIR,
  SECTION_ALL,
  SECTION_OVERVIEW,
  SECTION_SERVICES,
  N_SECTIONS
} Section;

static const struct {
  const char *name;
  const char *title;
  const char *icon_name;
} sections[N_SECTIONS] = {
  { "inbox", N_("Inbox"), "mail-unread-symbolic" },
  { "mine", N_("My Cases"), "avatar-default-symbolic" },
  { "pair", N_("Pair Cases"), "system-users-symbolic" },
  { "all", N_("All Cases"), "folder-symbolic" },
  { "overview", N_("Team Overview"), "view-grid-symbolic" },
  { "services", N_("Service Catalogue"), "help-contents-symbolic" },
};

struct _MoniaWindow
{
  AdwApplicationWindow  parent_instance;

  MoniaStore           *store;
  MoniaIntake          *intake;
  GListModel           *cases;
  GListModel           *my_cases;
  GListModel           *pair_cases;
  MoniaCaseClocks      *clocks;
  GSettings            *settings;
  MoniaNewCaseDialog   *new_case_dialog;    /* weak */
  MoniaRegisterRequestDialog *register_dialog; /* weak */
  MoniaTriageDialog    *triage_dialog;      /* weak */
  gboolean              failed;
  Section               section;
  gboolean              searching;
  char                 *shown_case_id;
  char                 *last_toast;
  GtkWidget            *case_back_button;  /* weak: in the case page's header */

  GtkListBoxRow        *sidebar_rows[N_SECTIONS];
  GtkLabel             *sidebar_counts[N_SECTIONS];
  MoniaInboxPage       *inbox_page;
  MoniaCaseListPage    *mine_page;
  MoniaCaseListPage    *pair_page;
  MoniaCaseListPage    *all_page;
  MoniaSearchPage      *search_page;
  MoniaCataloguePage   *catalogue_page;
  MoniaTeamOverviewPage *overview_page;
  gulong                first_paint_id;   /* on the frame clock, until the first frame */
  guint                 warm_up_id;
  guint                 warm_up_step;

  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar_box;
  GtkWidget            *sidebar_separator;
  GtkListBox           *sidebar_list;
  GtkWidget            *content_box;
  GtkStack             *title_stack;
  AdwWindowTitle       *window_title;
  GtkWidget            *content_header;
  GtkSearchEntry       *search_entry;
  GtkButton            *back_button;
  GtkButton            *new_case_button;
  GtkButton            *register_button;
  GtkToggleButton      *search_button;
  GtkButton            *empty_new_case_button;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwBin               *case_view;
  AdwStatusPage        *error_page;
  GtkLabel             *error_path_label;
  MoniaSyncIndicator   *sync_indicator;
};

G_DEFINE_FINAL_TYPE (MoniaWindow, monia_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const size_keys[] = { "window-width", "window-height", "window-maximized" };

static void update_visible_page (MoniaWindow *self);
static void drop_case_view      (MoniaWindow *self);
static void ensure_page         (MoniaWindow *self,
                                 const char  *page);
static void ensure_case_lists   (MoniaWindow *self);

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

static Section
lookup_section (const char *name)
{
  for (guint i = 0; i < N_SECTIONS; i++)
    if (g_strcmp0 (sections[i].name, name) == 0)
      return i;
  return N_SECTIONS;
}

/* The sidebar --------------------------------------------------------------- */

static void
set_count (MoniaWindow *self,
           Section      section,
           GListModel  *model)
{
  GtkLabel *label = self->sidebar_counts[section];
  guint n = model != NULL ? g_list_model_get_n_items (model) : 0;
  g_autofree char *text = NULL;
  g_autofree char *accessible = NULL;

  if (label == NULL)
    return;

  text = n > 0 ? g_strdup_printf ("%u", n) : g_strdup ("");
  gtk_label_set_text (label, text);

  /* Not counted yet (the lists are made after the first frame) or not
   * countable (nobody to own cases): the row says only what it is. */
  if (model == NULL)
    accessible = g_strdup (_(sections[section].title));
  else if (section == SECTION_INBOX)
    /* Translators: the inbox row of the sidebar, for a screen reader */
    accessible = g_strdup_printf (g_dngettext (NULL, "Inbox, %u open request", "Inbox, %u open requests", n), n);
  else
    /* Translators: a sidebar row ("My Cases") and how many cases it has */
    accessible = g_strdup_printf (g_dngettext (NULL, "%s, %u case", "%s, %u cases", n),
                                  _(sections[section].title), n);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sidebar_rows[section]),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
update_counts (MoniaWindow *self)
{
  if (self->inbox_page != NULL)
    set_count (self, SECTION_INBOX, monia_inbox_page_get_requests (self->inbox_page));
  set_count (self, SECTION_MINE, self->my_cases);
  set_count (self, SECTION_PAIR, self->pair_cases);
  set_count (self, SECTION_ALL, self->cases);
}

static void
build_sidebar (MoniaWindow *self)
{
  for (guint i = 0; i < N_SECTIONS; i++)
    {
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *label = gtk_label_new (_(sections[i].title));
      GtkWidget *count = gtk_label_new (NULL);

      gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (sections[i].icon_name));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (box), label);
      gtk_widget_add_css_class (count, "dim-label");
      gtk_widget_add_css_class (count, "numeric");
      gtk_box_append (GTK_BOX (box), count);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _(sections[i].title),
                                      -1);
      g_object_set_data (G_OBJECT (row), "monia-section", GUINT_TO_POINTER (i));
      gtk_list_box_append (self->sidebar_list, row);

      self->sidebar_rows[i] = GTK_LIST_BOX_ROW (row);
      self->sidebar_counts[i] = GTK_LABEL (count);
    }
}

/* Pages --------------------------------------------------------------------- */

static void
update_back_button (MoniaWindow *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);

  gtk_widget_set_visible (GTK_WIDGET (self->back_button),
                          !self->failed && (folded || self->shown_case_id != NULL));
}

static void
update_title (MoniaWindow *self)
{
  const char *title;

  if (self->failed)
    title = _("Monia");
  else if (self->shown_case_id != NULL)
    title = _("Case");
  else
    title = _(sections[self->section].title);

  adw_window_title_set_title (self->window_title, title);
}

static void
update_visible_page (MoniaWindow *self)
{
  const char *page;

  if (self->failed || self->store == NULL)
    page = "error";
  else if (self->searching)
    page = "search";
  else if (self->shown_case_id != NULL)
    page = "case";
  else if (self->section == SECTION_ALL)
    {
      ensure_case_lists (self);
      page = self->cases != NULL && g_list_model_get_n_items (self->cases) > 0 ? "cases" : "empty";
    }
  else
    page = sections[self->section].name;

  ensure_page (self, page);
  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_widget_set_visible (self->content_header,
                          !(MONIA_WINDOW_HAVE_CASE_PAGE && g_str_equal (page, "case")));
  update_title (self);
  update_back_button (self);
}

static void
on_cases_items_changed (MoniaWindow *self)
{
  update_visible_page (self);
  update_counts (self);
}

static void
show_section (MoniaWindow *self,
              Section      section)
{
  g_return_if_fail (section < N_SECTIONS);

  self->section = section;
  if (self->shown_case_id != NULL)
    {
      g_clear_pointer (&self->shown_case_id, g_free);
      drop_case_view (self);
    }
  if (self->searching)
    gtk_toggle_button_set_active (self->search_button, FALSE);

  if (self->sidebar_rows[section] != NULL &&
      gtk_list_box_get_selected_row (self->sidebar_list) != self->sidebar_rows[section])
    gtk_list_box_select_row (self->sidebar_list, self->sidebar_rows[section]);

  update_visible_page (self);
  adw_leaflet_set_visible_child (self->leaflet, self->content_box);
}

static void
on_sidebar_row_activated (MoniaWindow   *self,
                          GtkListBoxRow *row)
{
  show_section (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "monia-section")));
}

static void
on_leaflet_folded_changed (MoniaWindow *self)
{
  update_back_button (self);
}

/* Opening a case ------------------------------------------------------------- */

static GtkWidget *
create_case_view (MoniaWindow *self,
                  const char  *case_id)
{
#if MONIA_WINDOW_HAVE_CASE_PAGE
  GtkWidget *page = monia_case_page_new (self->store, case_id);
  AdwHeaderBar *header = monia_case_page_get_header_bar (MONIA_CASE_PAGE (page));
  GtkWidget *back = gtk_button_new_from_icon_name ("go-previous-symbolic");

  /* The case page brings its own header bar; the window's steps aside
   * and lends it the way back. */
  gtk_widget_set_tooltip_text (back, _("Back"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (back),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Back"),
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (back), "win.back");
  adw_header_bar_pack_start (header, back);
  g_object_bind_property (self->leaflet, "folded", header, "show-start-title-buttons", G_BINDING_SYNC_CREATE);
  g_set_weak_pointer (&self->case_back_button, back);

  return page;
#else
  g_autoptr(MoniaRecord) record = monia_store_get (self->store, "case", case_id, NULL);
  GtkWidget *page = adw_status_page_new ();
  g_autofree char *title = NULL;

  if (record != NULL)
    title = g_markup_escape_text (monia_record_get_string (record, "title"), -1);
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "folder-open-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (page), title != NULL ? title : _("Case"));
  adw_status_page_set_description (ADW_STATUS_PAGE (page),
                                   record != NULL ? NULL : _("The case is no longer in this database."));
  return page;
#endif
}

/* Removes the case page. Its own child goes first: MoniaCasePage (an AdwBin
 * built from a template) drops that child in its template's disposal while
 * AdwBin still points at it, which ends in a critical warning. Harmless
 * once that is fixed there. */
static void
drop_case_view (MoniaWindow *self)
{
  GtkWidget *page = self->case_view != NULL ? adw_bin_get_child (self->case_view) : NULL;

  if (page == NULL)
    return;

  if (ADW_IS_BIN (page))
    adw_bin_set_child (ADW_BIN (page), NULL);
  adw_bin_set_child (self->case_view, NULL);
}

void
monia_window_open_case (MoniaWindow *self,
                        const char  *case_id)
{
  g_return_if_fail (MONIA_IS_WINDOW (self));
  g_return_if_fail (case_id != NULL);

  if (self->store == NULL)
    return;

  g_free (self->shown_case_id);
  self->shown_case_id = g_strdup (case_id);
  drop_case_view (self);
  adw_bin_set_child (self->case_view, create_case_view (self, case_id));

  /* Leaving search mode shows the case, as shown_case_id is set. */
  if (self->searching)
    gtk_toggle_button_set_active (self->search_button, FALSE);

  update_visible_page (self);
  adw_leaflet_set_visible_child (self->leaflet, self->content_box);
}

static void
on_case_activated (MoniaWindow *self,
                   const char  *case_id)
{
  monia_window_open_case (self, case_id);
}

static void
back_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  MoniaWindow *self = MONIA_WINDOW (widget);

  if (self->searching)
    gtk_toggle_button_set_active (self->search_button, FALSE);
  else if (self->shown_case_id != NULL)
    {
      g_clear_pointer (&self->shown_case_id, g_free);
      drop_case_view (self);
      update_visible_page (self);
    }
  else if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* Search --------------------------------------------------------------------- */

static void
set_searching (MoniaWindow *self,
               gboolean     searching)
{
  if (self->searching == searching || self->store == NULL)
    return;

  self->searching = searching;
  gtk_stack_set_visible_child_name (self->title_stack, searching ? "search" : "title");
  if (searching)
    {
      adw_leaflet_set_visible_child (self->leaflet, self->content_box);
      gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
    }
  else
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");

  update_visible_page (self);
}

static void
on_search_button_toggled (MoniaWindow *self)
{
  set_searching (self, gtk_toggle_button_get_active (self->search_button));
}

static void
on_search_changed (MoniaWindow *self)
{
  ensure_page (self, "search");
  if (self->search_page != NULL)
    monia_search_page_set_text (self->search_page, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
on_search_activate (MoniaWindow *self)
{
  ensure_page (self, "search");
  if (self->search_page == NULL)
    return;

  /* Enter may come before the entry's delay has run the search. */
  monia_search_page_set_text (self->search_page, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  monia_search_page_activate_first (self->search_page);
}

static void
on_search_stopped (MoniaWindow *self)
{
  gtk_toggle_button_set_active (self->search_button, FALSE);
}

static void
search_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MoniaWindow *self = MONIA_WINDOW (widget);

  if (self->store == NULL)
    return;

  gtk_toggle_button_set_active (self->search_button, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Toasts ----------------------------------------------------------------------- */

static void
add_toast_full (MoniaWindow *self,
                AdwToast    *toast)
{
  g_free (self->last_toast);
  self->last_toast = g_strdup (adw_toast_get_title (toast));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
undo_triage_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  MoniaWindow *self = MONIA_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->intake == NULL)
    return;

  if (!monia_intake_reopen (self->intake, g_variant_get_string (parameter, NULL), &error))
    add_toast_full (self, adw_toast_new (error->message));
}

static void
open_case_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  monia_window_open_case (MONIA_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* Dialogs ---------------------------------------------------------------------- */

static void
on_case_created (MoniaWindow        *self,
                 const char         *case_id,
                 MoniaNewCaseDialog *dialog)
{
  AdwToast *toast = adw_toast_new (_("Case created"));

  adw_toast_set_button_label (toast, _("_Open"));
  adw_toast_set_action_name (toast, "win.open-case");
  adw_toast_set_action_target_value (toast, g_variant_new_string (case_id));
  /* The way into the new case goes before older news. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  add_toast_full (self, toast);
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

static void
on_request_registered (MoniaWindow *self,
                       const char  *request_id)
{
  add_toast_full (self, adw_toast_new (_("Help request registered")));
  show_section (self, SECTION_INBOX);
}

static void
register_request_action_cb (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  MoniaWindow *self = MONIA_WINDOW (widget);
  MoniaRegisterRequestDialog *dialog;

  if (self->intake == NULL)
    return;

  if (self->register_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->register_dialog));
      return;
    }

  dialog = monia_register_request_dialog_new (self->intake);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "request-registered",
                           G_CALLBACK (on_request_registered), self,
                           G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->register_dialog, dialog);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_triaged (MoniaWindow *self,
            const char  *outcome,
            const char  *request_id,
            const char  *case_id)
{
  AdwToast *toast;

  if (g_str_equal (outcome, MONIA_OUTCOME_ADVICE) || g_str_equal (outcome, MONIA_OUTCOME_SERVICE))
    {
      toast = adw_toast_new (g_str_equal (outcome, MONIA_OUTCOME_ADVICE)
                             ? _("Marked as advice given")
                             : _("Directed to a service"));
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, "win.undo-triage");
      adw_toast_set_action_target_value (toast, g_variant_new_string (request_id));
    }
  else
    {
      toast = adw_toast_new (g_str_equal (outcome, MONIA_OUTCOME_NOTIFICATION)
                             ? _("Child welfare notification registered")
                             : _("Case opened"));
      if (case_id != NULL)
        {
          adw_toast_set_button_label (toast, _("_Open"));
          adw_toast_set_action_name (toast, "win.open-case");
          adw_toast_set_action_target_value (toast, g_variant_new_string (case_id));
          adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
        }
    }

  add_toast_full (self, toast);
}

static void
open_triage_dialog (MoniaWindow *self,
                    MoniaRecord *request)
{
  MoniaTriageDialog *dialog;

  if (self->triage_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->triage_dialog));

  dialog = monia_triage_dialog_new (self->intake, request);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "triaged", G_CALLBACK (on_triaged), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->triage_dialog, dialog);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_request_activated (MoniaWindow *self,
                      MoniaRecord *request)
{
  open_triage_dialog (self, request);
}

static void
show_section_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  MoniaWindow *self = MONIA_WINDOW (widget);
  Section section = lookup_section (g_variant_get_string (parameter, NULL));

  if (section < N_SECTIONS && !self->failed)
    show_section (self, section);
}

/* The keyboard shortcuts window is built when first asked for. Under
 * GtkApplication's own name for it (gtk/help-overlay.ui) every window built
 * one as it was added to the application, before its first frame. Once set,
 * GtkApplicationWindow keeps it; this action stays the one that shows it. */
static void
show_help_overlay_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  GtkApplicationWindow *self = GTK_APPLICATION_WINDOW (user_data);
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (self);

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_PREFIX "/ui/help-overlay.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (self, overlay);
    }

  gtk_window_present (GTK_WINDOW (overlay));
}

/* Set-up ------------------------------------------------------------------------ */

static void
set_up_pages (MoniaWindow *self)
{
  self->intake = monia_intake_new (self->store, NULL);

  /* Inbox: the first page when requests wait, so made at once. */
  self->inbox_page = MONIA_INBOX_PAGE (monia_inbox_page_new (self->intake));
  g_signal_connect_object (self->inbox_page, "request-activated",
                           G_CALLBACK (on_request_activated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (monia_inbox_page_get_requests (self->inbox_page), "items-changed",
                           G_CALLBACK (update_counts), self, G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->inbox_page), "inbox");

  update_counts (self);
}

/* The case lists (mine, the pairs', all) and their counts. Made when one
 * of them is shown, or else just after the window's first frame: listing a
 * region's 50,000 cases, sorting the pairs' cases by deadline and building
 * the pages cost a good part of the start-up time otherwise
 * (tests/bench/run-ui-bench.sh). */
static void
ensure_case_lists (MoniaWindow *self)
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
                               G_CALLBACK (update_counts), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->pair_cases, "items-changed",
                               G_CALLBACK (update_counts), self, G_CONNECT_SWAPPED);
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

  update_counts (self);
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
      ensure_case_lists (self);
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
      ensure_page (self, "services");
      prepare_page (self, GTK_WIDGET (self->catalogue_page));
      break;
    case 5:
      ensure_page (self, "search");
      prepare_page (self, GTK_WIDGET (self->search_page));
      break;
    case 6:
      /* The Team Overview counts in a worker thread from here on: a region's
       * 50,000 cases take a few hundred milliseconds, and its figures are
       * then ready when it is first opened. */
      ensure_page (self, "overview");
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
static void
ensure_page (MoniaWindow *self,
             const char  *page)
{
  if (self->store == NULL)
    return;

  if (g_str_equal (page, "mine") || g_str_equal (page, "pair") || g_str_equal (page, "cases"))
    ensure_case_lists (self);
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
static Section
choose_first_section (MoniaWindow *self)
{
  if (g_list_model_get_n_items (monia_inbox_page_get_requests (self->inbox_page)) > 0)
    return SECTION_INBOX;
  ensure_case_lists (self);
  if (self->my_cases != NULL && g_list_model_get_n_items (self->my_cases) > 0)
    return SECTION_MINE;
  return SECTION_ALL;
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

  update_visible_page (self);
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
  static const char *actions[] = {
    "win.new-case", "win.register-request", "win.search", "win.show-section",
    "win.undo-triage", "win.open-case", "win.back",
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i], enabled);

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
      show_section (self, choose_first_section (self));
    }
  else
    {
      set_store_actions_enabled (self, FALSE);
      update_visible_page (self);
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
  drop_case_view (self);
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
  gtk_widget_class_bind_template_child (widget_class, MoniaWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, MoniaWindow, sidebar_box);
  gtk_widget_class_bind_template_child (widget_class, MoniaWindow, sidebar_separator);
  gtk_widget_class_bind_template_child (widget_class, MoniaWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, MoniaWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, MoniaWindow, title_stack);
  gtk_widget_class_bind_template_child (widget_class, MoniaWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, MoniaWindow, content_header);
  gtk_widget_class_bind_template_child (widget_class, MoniaWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MoniaWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, MoniaWindow, new_case_button);
  gtk_widget_class_bind_template_child (widget_class, MoniaWindow, register_button);
  gtk_widget_class_bind_template_child (widget_class, MoniaWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, MoniaWindow, empty_new_case_button);
  gtk_widget_class_bind_template_child (widget_class, MoniaWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MoniaWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, MoniaWindow, case_view);
  gtk_widget_class_bind_template_child (widget_class, MoniaWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, MoniaWindow, error_path_label);
  gtk_widget_class_bind_template_child (widget_class, MoniaWindow, sync_indicator);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_folded_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stopped);
  gtk_widget_class_bind_template_callback (widget_class, on_search_button_toggled);

  gtk_widget_class_install_action (widget_class, "win.new-case", NULL, new_case_action_cb);
  gtk_widget_class_install_action (widget_class, "win.register-request", NULL, register_request_action_cb);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action_cb);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action_cb);
  gtk_widget_class_install_action (widget_class, "win.show-section", "s", show_section_action_cb);
  gtk_widget_class_install_action (widget_class, "win.undo-triage", "s", undo_triage_action_cb);
  gtk_widget_class_install_action (widget_class, "win.open-case", "s", open_case_action_cb);

  /* The window's own shortcuts, so they work without the application too
   * (tests, tools); Ctrl+N is also the application's accelerator. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-case", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.register-request", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  for (guint i = 0; i < N_SECTIONS; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_CONTROL_MASK,
                                         "win.show-section", "s", sections[i].name);
}

static void
monia_window_init (MoniaWindow *self)
{
  g_type_ensure (MONIA_TYPE_CASE_LIST_PAGE);
  g_type_ensure (MONIA_TYPE_SYNC_INDICATOR);

  gtk_widget_init_template (GTK_WIDGET (self));

  build_sidebar (self);

  /* GTK 4.8 would read the mnemonic button as "_New Case New Case": its
   * label property and its label child both count. The child is enough. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->empty_new_case_button),
                                 GTK_ACCESSIBLE_PROPERTY_LABEL);

  {
    static const GActionEntry entries[] = {
      { "show-help-overlay", show_help_overlay_cb },
    };

    g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  }

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

  add_toast_full (self, adw_toast_new (title));
}

void
monia_window_show_section (MoniaWindow *self,
                           const char  *section)
{
  Section s;

  g_return_if_fail (MONIA_IS_WINDOW (self));

  s = lookup_section (section);
  g_return_if_fail (s < N_SECTIONS);
  if (!self->failed)
    show_section (self, s);
}

GtkStack *
_monia_window_get_stack (MoniaWindow *self)
{
  return self->stack;
}

GListModel *
_monia_window_get_cases (MoniaWindow *self)
{
  ensure_case_lists (self);
  return self->cases;
}

GtkListView *
_monia_window_get_case_list_view (MoniaWindow *self)
{
  ensure_case_lists (self);
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
  Section s = lookup_section (section);

  return s < N_SECTIONS ? self->sidebar_rows[s] : NULL;
}

const char *
_monia_window_get_sidebar_count (MoniaWindow *self,
                                 const char  *section)
{
  Section s = lookup_section (section);

  return s < N_SECTIONS ? gtk_label_get_text (self->sidebar_counts[s]) : NULL;
}

const char *
_monia_window_get_section (MoniaWindow *self)
{
  return sections[self->section].name;
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
  ensure_case_lists (self);
  switch (lookup_section (section))
    {
    case SECTION_MINE:
      return self->mine_page;
    case SECTION_PAIR:
      return self->pair_page;
    case SECTION_ALL:
      return self->all_page;
    case SECTION_INBOX:
    case SECTION_OVERVIEW:
    case SECTION_SERVICES:
    case N_SECTIONS:
    default:
      return NULL;
    }
}

MoniaSearchPage *
_monia_window_get_search_page (MoniaWindow *self)
{
  ensure_page (self, "search");
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
  ensure_page (self, "services");
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
