/* monia-window-private.h — the window's parts, for tests
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
