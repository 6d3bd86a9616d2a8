/* monia-pair-cases-page.h — the caseload of the user's work pairs, nearest deadline first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "monia-case-list-page.h"
#include "monia-core.h"

G_BEGIN_DECLS

#define MONIA_TYPE_PAIR_CASES_PAGE (monia_pair_cases_page_get_type ())

G_DECLARE_FINAL_TYPE (MoniaPairCasesPage, monia_pair_cases_page, MONIA, PAIR_CASES_PAGE, AdwBin)

/* The cases of every work pair @author_id (may be NULL: none) belongs to,
 * past pairs included, ordered by next statutory deadline (cases without
 * one last). With several pairs a chooser narrows it to one pair. */
GtkWidget         *monia_pair_cases_page_new           (MoniaStore         *store,
                                                        const char         *author_id);
/* The sorted cases shown (MoniaRecord). */
GListModel        *monia_pair_cases_page_get_model     (MoniaPairCasesPage *self);
MoniaCaseListPage *monia_pair_cases_page_get_list_page (MoniaPairCasesPage *self);
/* The pair chooser: "All pairs", then each pair, oldest first. */
GtkDropDown       *monia_pair_cases_page_get_pair_chooser (MoniaPairCasesPage *self);
/* Shows only @pair_id's cases; NULL shows all pairs'. */
void               monia_pair_cases_page_show_pair     (MoniaPairCasesPage *self,
                                                        const char         *pair_id);

G_END_DECLS
