/* monia-window-private.h — the window's parts, shared by its files
 *
 * The window is split by job: monia-window.c makes it and its pages,
 * monia-window-pages.c shows one page at a time (the sidebar, the case,
 * search), monia-window-actions.c answers its actions, shortcuts and
 * dialogs. They share the struct below; the _monia_window_get_*()
 * accessors at the end are for tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "monia-case-list-page.h"
#include "monia-catalogue-page.h"
#include "monia-inbox-page.h"
#include "monia-intake.h"
#include "monia-new-case-dialog.h"
#include "monia-register-request-dialog.h"
#include "monia-search-page.h"
#include "monia-sync-indicator.h"
#include "monia-team-overview-page.h"
#include "monia-triage-dialog.h"
#include "monia-window.h"

G_BEGIN_DECLS

/* The sidebar's rows, in their order in the .ui. */
typedef enum
{
  MONIA_WINDOW_SECTION_INBOX,
  MONIA_WINDOW_SECTION_MINE,
  MONIA_WINDOW_SECTION_PAIR,
  MONIA_WINDOW_SECTION_ALL,
  MONIA_WINDOW_SECTION_OVERVIEW,
  MONIA_WINDOW_SECTION_SERVICES,
  MONIA_WINDOW_N_SECTIONS
} MoniaWindowSection;

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
  MoniaWindowSection    section;
  gboolean              searching;
  char                 *shown_case_id;
  char                 *last_toast;
  GtkWidget            *case_back_button;  /* weak: in the case page's header */

  GtkListBoxRow        *sidebar_rows[MONIA_WINDOW_N_SECTIONS];
  GtkLabel             *sidebar_counts[MONIA_WINDOW_N_SECTIONS];
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

  /* The template's */
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar_box;
  GtkWidget            *sidebar_separator;
  GtkListBox           *sidebar_list;
  GtkListBoxRow        *inbox_row;
  GtkListBoxRow        *mine_row;
  GtkListBoxRow        *pair_row;
  GtkListBoxRow        *all_row;
  GtkListBoxRow        *overview_row;
  GtkListBoxRow        *services_row;
  GtkLabel             *inbox_count;
  GtkLabel             *mine_count;
  GtkLabel             *pair_count;
  GtkLabel             *all_count;
  GtkLabel             *overview_count;
  GtkLabel             *services_count;
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

/* monia-window.c: the pages, made when first needed. */
void                _monia_window_ensure_page          (MoniaWindow        *self,
                                                        const char         *page);
void                _monia_window_ensure_case_lists    (MoniaWindow        *self);

/* monia-window-pages.c: which page shows. */
void                _monia_window_class_init_pages     (GtkWidgetClass     *widget_class);
void                _monia_window_init_sidebar         (MoniaWindow        *self);
/* MONIA_WINDOW_N_SECTIONS for an unknown @name. */
MoniaWindowSection  _monia_window_lookup_section       (const char         *name);
const char         *_monia_window_section_get_name     (MoniaWindowSection  section);
void                _monia_window_update_counts        (MoniaWindow        *self);
void                _monia_window_update_visible_page  (MoniaWindow        *self);
void                _monia_window_show_section         (MoniaWindow        *self,
                                                        MoniaWindowSection  section);
/* Back from search, from a case to its list, or to the sidebar. */
void                _monia_window_go_back              (MoniaWindow        *self);
void                _monia_window_start_search         (MoniaWindow        *self);
void                _monia_window_drop_case_view       (MoniaWindow        *self);

/* monia-window-actions.c: actions, shortcuts, dialogs and toasts. */
void                _monia_window_class_init_actions   (GtkWidgetClass     *widget_class);
void                _monia_window_init_actions         (MoniaWindow        *self);
/* Without a store only the error shows: nothing to act on. */
void                _monia_window_set_actions_enabled  (MoniaWindow        *self,
                                                        gboolean            enabled);
void                _monia_window_add_toast            (MoniaWindow        *self,
                                                        AdwToast           *toast);
void                _monia_window_open_triage_dialog   (MoniaWindow        *self,
                                                        MoniaRecord        *request);

/* For tests ---------------------------------------------------------------- */

/* The content stack. Its pages: "inbox", "mine", "pair", "cases" (all
 * cases) or "empty" (no cases at all), "overview", "services", "search", "case" (one
 * case opened) and "error" (the store could not be opened). */
GtkStack           *_monia_window_get_stack            (MoniaWindow *self);
/* All cases in the store. */
GListModel         *_monia_window_get_cases            (MoniaWindow *self);
GtkListView        *_monia_window_get_case_list_view   (MoniaWindow *self);
AdwStatusPage      *_monia_window_get_error_page       (MoniaWindow *self);
MoniaNewCaseDialog *_monia_window_get_new_case_dialog  (MoniaWindow *self);

MoniaIntake        *_monia_window_get_intake           (MoniaWindow *self);
AdwLeaflet         *_monia_window_get_leaflet          (MoniaWindow *self);
GtkListBox         *_monia_window_get_sidebar          (MoniaWindow *self);
/* The sidebar row of @section ("inbox", "mine", "pair", "all", "overview", "services"). */
GtkListBoxRow      *_monia_window_get_sidebar_row      (MoniaWindow *self,
                                                        const char  *section);
/* The count shown beside a sidebar row ("" when none). */
const char         *_monia_window_get_sidebar_count    (MoniaWindow *self,
                                                        const char  *section);
const char         *_monia_window_get_section          (MoniaWindow *self);
MoniaInboxPage     *_monia_window_get_inbox_page       (MoniaWindow *self);
MoniaCaseListPage  *_monia_window_get_case_list_page   (MoniaWindow *self,
                                                        const char  *section);
MoniaSearchPage    *_monia_window_get_search_page      (MoniaWindow *self);
GtkEditable        *_monia_window_get_search_entry     (MoniaWindow *self);
MoniaCataloguePage *_monia_window_get_catalogue_page   (MoniaWindow *self);
/* The Team Overview, once shown (or NULL). */
MoniaTeamOverviewPage *_monia_window_get_overview_page (MoniaWindow *self);
GtkWidget          *_monia_window_get_back_button      (MoniaWindow *self);
MoniaRegisterRequestDialog *_monia_window_get_register_dialog (MoniaWindow *self);
MoniaTriageDialog  *_monia_window_get_triage_dialog    (MoniaWindow *self);
/* The case shown in the "case" page, or NULL. */
const char         *_monia_window_get_shown_case_id    (MoniaWindow *self);
/* The widget that shows that case (a MoniaCasePage), or NULL. */
GtkWidget          *_monia_window_get_case_view        (MoniaWindow *self);
/* The title of the toast shown last, or NULL. */
const char         *_monia_window_get_last_toast       (MoniaWindow *self);

/* The sync indicator in the sidebar's header bar. */
MoniaSyncIndicator *_monia_window_get_sync_indicator   (MoniaWindow *self);

G_END_DECLS
