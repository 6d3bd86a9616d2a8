/* monia-case-list-page.h — a list of cases (mine, my pair's, all)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "monia-case-clock.h"
#include "monia-core.h"

G_BEGIN_DECLS

#define MONIA_TYPE_CASE_LIST_PAGE (monia_case_list_page_get_type ())

G_DECLARE_FINAL_TYPE (MoniaCaseListPage, monia_case_list_page, MONIA, CASE_LIST_PAGE, AdwBin)

/* Which cases of the list are shown, by their next statutory day. */
typedef enum
{
  MONIA_CASE_SHOW_ALL,
  MONIA_CASE_SHOW_LATE,
  MONIA_CASE_SHOW_DUE_THIS_WEEK,
} MoniaCaseShow;

typedef enum
{
  MONIA_CASE_ORDER_NEWEST,    /* the model's own order: the store lists newest first */
  MONIA_CASE_ORDER_DEADLINE,  /* next statutory day first, cases with none last */
} MoniaCaseOrder;

/* Shows the cases of @model (MoniaRecord, may be NULL) or, when it is empty
 * or NULL, a status page with @icon_name, @title and @description.
 * Activating a case emits ::case-activated with its id. */
GtkWidget   *monia_case_list_page_new            (const char        *icon_name,
                                                  const char        *title,
                                                  const char        *description);
/* @model is expected newest first, as the store lists cases. */
void         monia_case_list_page_set_model      (MoniaCaseListPage *self,
                                                  GListModel        *model);
/* The rows are made when the page is first shown, or now. */
void         monia_case_list_page_prepare        (MoniaCaseListPage *self);
/* The model given, all of it. */
GListModel  *monia_case_list_page_get_model      (MoniaCaseListPage *self);
/* What is shown: the model filtered and in the chosen order. */
GListModel  *monia_case_list_page_get_shown_model (MoniaCaseListPage *self);
void         monia_case_list_page_set_empty_text (MoniaCaseListPage *self,
                                                  const char        *icon_name,
                                                  const char        *title,
                                                  const char        *description);
GtkListView *monia_case_list_page_get_list_view  (MoniaCaseListPage *self);
/* With clocks, each row shows the case's next statutory day, and the cases
 * can be filtered (late, due this week, status, team, pair) and ordered by
 * it; NULL shows none of that. */
void         monia_case_list_page_set_clocks     (MoniaCaseListPage *self,
                                                  MoniaCaseClocks   *clocks);
/* The pair filter, for lists that choose their pair another way. */
void         monia_case_list_page_set_pair_filter_visible (MoniaCaseListPage *self,
                                                           gboolean           visible);
void         monia_case_list_page_set_show       (MoniaCaseListPage *self,
                                                  MoniaCaseShow      show);
/* @status, @team_id, @pair_id: NULL for any. */
void         monia_case_list_page_set_status_filter (MoniaCaseListPage *self,
                                                     const char        *status);
void         monia_case_list_page_set_team_filter (MoniaCaseListPage *self,
                                                   const char        *team_id);
void         monia_case_list_page_set_pair_filter (MoniaCaseListPage *self,
                                                   const char        *pair_id);
void         monia_case_list_page_set_order      (MoniaCaseListPage *self,
                                                  MoniaCaseOrder     order);
/* The choosers of the filter bar, for tests. */
GtkDropDown *_monia_case_list_page_get_chooser   (MoniaCaseListPage *self,
                                                  const char        *name);
/* "empty", "no-match" or "cases" */
const char  *monia_case_list_page_get_state      (MoniaCaseListPage *self);

G_END_DECLS
