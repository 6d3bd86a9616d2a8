/* monia-search-page.h — search results as you type: people, cases, notes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "monia-core.h"

G_BEGIN_DECLS

#define MONIA_TYPE_SEARCH_PAGE (monia_search_page_get_type ())

G_DECLARE_FINAL_TYPE (MoniaSearchPage, monia_search_page, MONIA, SEARCH_PAGE, AdwBin)

/* Activating a result emits ::case-activated with the case it belongs to
 * (a person's through the cases they are in). */
GtkWidget  *monia_search_page_new        (MoniaStore      *store);
/* Searches for @text now; the caller debounces typing (GtkSearchEntry's
 * ::search-changed does). */
void        monia_search_page_set_text   (MoniaSearchPage *self,
                                          const char      *text);
GtkListBox *monia_search_page_get_list_box (MoniaSearchPage *self);
/* "initial", "none" or "results" */
const char *monia_search_page_get_state  (MoniaSearchPage *self);
/* What a result row shows as its first line, without the match marks. */
const char *monia_search_page_get_row_title (MoniaSearchPage *self,
                                             GtkListBoxRow   *row);
/* Activates the first result, as Enter in the search entry does. */
gboolean    monia_search_page_activate_first (MoniaSearchPage *self);

G_END_DECLS
