/* monia-window-pages.c — which page the window shows: the sidebar's
 * sections and their counts, a case, search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-window-private.h"

/* The case page (monia-case-page.[ch]); 0 shows a plain placeholder. */
#ifndef MONIA_WINDOW_HAVE_CASE_PAGE
#define MONIA_WINDOW_HAVE_CASE_PAGE 1
#endif

#if MONIA_WINDOW_HAVE_CASE_PAGE
#include "monia-case-page.h"
#endif

static const struct {
  const char *name;
  const char *title;
} sections[MONIA_WINDOW_N_SECTIONS] = {
  { "inbox", N_("Inbox") },
  { "mine", N_("My Cases") },
  { "pair", N_("Pair Cases") },
  { "all", N_("All Cases") },
  { "overview", N_("Team Overview") },
  { "services", N_("Service Catalogue") },
};

MoniaWindowSection
_monia_window_lookup_section (const char *name)
{
  for (guint i = 0; i < MONIA_WINDOW_N_SECTIONS; i++)
    if (g_strcmp0 (sections[i].name, name) == 0)
      return i;
  return MONIA_WINDOW_N_SECTIONS;
}

const char *
_monia_window_section_get_name (MoniaWindowSection section)
{
  g_return_val_if_fail (section < MONIA_WINDOW_N_SECTIONS, NULL);

  return sections[section].name;
}

/* The sidebar --------------------------------------------------------------- */

/* The rows and their counts are the template's, in the order of the
 * sections. */
void
_monia_window_init_sidebar (MoniaWindow *self)
{
  GtkListBoxRow *rows[] = { self->inbox_row, self->mine_row, self->pair_row, self->all_row, self->overview_row,
                            self->services_row };
  GtkLabel *counts[] = { self->inbox_count, self->mine_count, self->pair_count, self->all_count,
                         self->overview_count, self->services_count };

  G_STATIC_ASSERT (G_N_ELEMENTS (rows) == MONIA_WINDOW_N_SECTIONS);
  G_STATIC_ASSERT (G_N_ELEMENTS (counts) == MONIA_WINDOW_N_SECTIONS);
  for (guint i = 0; i < MONIA_WINDOW_N_SECTIONS; i++)
    {
      g_assert (gtk_list_box_row_get_index (rows[i]) == (int) i);
      self->sidebar_rows[i] = rows[i];
      self->sidebar_counts[i] = counts[i];
    }
}

static void
set_count (MoniaWindow        *self,
           MoniaWindowSection  section,
           GListModel         *model)
{
  GtkLabel *label = self->sidebar_counts[section];
  guint n = model != NULL ? g_list_model_get_n_items (model) : 0;
  g_autofree char *text = NULL;
  g_autofree char *accessible = NULL;

  text = n > 0 ? g_strdup_printf ("%u", n) : g_strdup ("");
  gtk_label_set_text (label, text);

  /* Not counted yet (the lists are made after the first frame) or not
   * countable (nobody to own cases): the row says only what it is. */
  if (model == NULL)
    accessible = g_strdup (_(sections[section].title));
  else if (section == MONIA_WINDOW_SECTION_INBOX)
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

void
_monia_window_update_counts (MoniaWindow *self)
{
  if (self->inbox_page != NULL)
    set_count (self, MONIA_WINDOW_SECTION_INBOX, monia_inbox_page_get_requests (self->inbox_page));
  set_count (self, MONIA_WINDOW_SECTION_MINE, self->my_cases);
  set_count (self, MONIA_WINDOW_SECTION_PAIR, self->pair_cases);
  set_count (self, MONIA_WINDOW_SECTION_ALL, self->cases);
}

static void
on_sidebar_row_activated (MoniaWindow   *self,
                          GtkListBoxRow *row)
{
  int index = gtk_list_box_row_get_index (row);

  if (index >= 0 && index < MONIA_WINDOW_N_SECTIONS)
    _monia_window_show_section (self, index);
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

void
_monia_window_update_visible_page (MoniaWindow *self)
{
  const char *page;

  if (self->failed || self->store == NULL)
    page = "error";
  else if (self->searching)
    page = "search";
  else if (self->shown_case_id != NULL)
    page = "case";
  else if (self->section == MONIA_WINDOW_SECTION_ALL)
    {
      _monia_window_ensure_case_lists (self);
      page = self->cases != NULL && g_list_model_get_n_items (self->cases) > 0 ? "cases" : "empty";
    }
  else
    page = sections[self->section].name;

  _monia_window_ensure_page (self, page);
  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_widget_set_visible (self->content_header,
                          !(MONIA_WINDOW_HAVE_CASE_PAGE && g_str_equal (page, "case")));
  update_title (self);
  update_back_button (self);
}

void
_monia_window_show_section (MoniaWindow        *self,
                            MoniaWindowSection  section)
{
  g_return_if_fail (section < MONIA_WINDOW_N_SECTIONS);

  self->section = section;
  if (self->shown_case_id != NULL)
    {
      g_clear_pointer (&self->shown_case_id, g_free);
      _monia_window_drop_case_view (self);
    }
  if (self->searching)
    gtk_toggle_button_set_active (self->search_button, FALSE);

  if (gtk_list_box_get_selected_row (self->sidebar_list) != self->sidebar_rows[section])
    gtk_list_box_select_row (self->sidebar_list, self->sidebar_rows[section]);

  _monia_window_update_visible_page (self);
  adw_leaflet_set_visible_child (self->leaflet, self->content_box);
}

static void
on_leaflet_folded_changed (MoniaWindow *self)
{
  update_back_button (self);
}

void
_monia_window_go_back (MoniaWindow *self)
{
  if (self->searching)
    gtk_toggle_button_set_active (self->search_button, FALSE);
  else if (self->shown_case_id != NULL)
    {
      g_clear_pointer (&self->shown_case_id, g_free);
      _monia_window_drop_case_view (self);
      _monia_window_update_visible_page (self);
    }
  else if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* A case --------------------------------------------------------------------- */

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
void
_monia_window_drop_case_view (MoniaWindow *self)
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
  _monia_window_drop_case_view (self);
  adw_bin_set_child (self->case_view, create_case_view (self, case_id));

  /* Leaving search mode shows the case, as shown_case_id is set. */
  if (self->searching)
    gtk_toggle_button_set_active (self->search_button, FALSE);

  _monia_window_update_visible_page (self);
  adw_leaflet_set_visible_child (self->leaflet, self->content_box);
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

  _monia_window_update_visible_page (self);
}

void
_monia_window_start_search (MoniaWindow *self)
{
  if (self->store == NULL)
    return;

  gtk_toggle_button_set_active (self->search_button, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
on_search_button_toggled (MoniaWindow *self)
{
  set_searching (self, gtk_toggle_button_get_active (self->search_button));
}

static void
on_search_changed (MoniaWindow *self)
{
  _monia_window_ensure_page (self, "search");
  if (self->search_page != NULL)
    monia_search_page_set_text (self->search_page, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
on_search_activate (MoniaWindow *self)
{
  _monia_window_ensure_page (self, "search");
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

void
_monia_window_class_init_pages (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_folded_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stopped);
  gtk_widget_class_bind_template_callback (widget_class, on_search_button_toggled);
}
