/* monia-catalogue-page-private.h — the page's parts, for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "monia-catalogue-page.h"
#include "monia-service-dialog.h"

G_BEGIN_DECLS

/* "empty" (no services at all), "no-results" (none match) or "list". */
const char         *_monia_catalogue_page_get_state         (MoniaCataloguePage *self);
GtkEditable        *_monia_catalogue_page_get_search_entry  (MoniaCataloguePage *self);
GtkDropDown        *_monia_catalogue_page_get_sector_filter (MoniaCataloguePage *self);
GtkListView        *_monia_catalogue_page_get_list_view     (MoniaCataloguePage *self);
/* The services shown, in the order shown (MoniaRecord). */
GListModel         *_monia_catalogue_page_get_shown         (MoniaCataloguePage *self);
/* Whether searching or sorting is still under way. */
gboolean            _monia_catalogue_page_is_busy           (MoniaCataloguePage *self);
/* The dialog open now, or NULL. */
MoniaServiceDialog *_monia_catalogue_page_get_dialog        (MoniaCataloguePage *self);
/* The undo toast of the latest deletion still pending, or NULL. */
AdwToast           *_monia_catalogue_page_get_undo_toast    (MoniaCataloguePage *self);

G_END_DECLS
