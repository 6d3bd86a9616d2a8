/* monia-case-list-page.h — a list of cases (mine, my pair's, all)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "monia-core.h"

G_BEGIN_DECLS

#define MONIA_TYPE_CASE_LIST_PAGE (monia_case_list_page_get_type ())

G_DECLARE_FINAL_TYPE (MoniaCaseListPage, monia_case_list_page, MONIA, CASE_LIST_PAGE, AdwBin)

/* Shows the cases of @model (MoniaRecord, may be NULL) or, when it is empty
 * or NULL, a status page with @icon_name, @title and @description.
 * Activating a case emits ::case-activated with its id. */
GtkWidget   *monia_case_list_page_new            (const char        *icon_name,
                                                  const char        *title,
                                                  const char        *description);
void         monia_case_list_page_set_model      (MoniaCaseListPage *self,
                                                  GListModel        *model);
/* The rows are made when the page is first shown, or now. */
void         monia_case_list_page_prepare        (MoniaCaseListPage *self);
GListModel  *monia_case_list_page_get_model      (MoniaCaseListPage *self);
void         monia_case_list_page_set_empty_text (MoniaCaseListPage *self,
                                                  const char        *icon_name,
                                                  const char        *title,
                                                  const char        *description);
GtkListView *monia_case_list_page_get_list_view  (MoniaCaseListPage *self);
/* With a store, each row shows the case's next statutory deadline
 * (monia_case_next_deadline()); NULL shows none. */
void         monia_case_list_page_set_deadline_store (MoniaCaseListPage *self,
                                                      MoniaStore        *store);
/* Binds every row again, for deadlines that changed without their case. */
void         monia_case_list_page_rebind_rows    (MoniaCaseListPage *self);
/* "empty" or "cases" */
const char  *monia_case_list_page_get_state      (MoniaCaseListPage *self);

G_END_DECLS
