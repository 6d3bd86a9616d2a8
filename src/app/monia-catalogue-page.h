/* monia-catalogue-page.h — the region's service catalogue: browse, search, edit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "monia-core.h"

G_BEGIN_DECLS

#define MONIA_TYPE_CATALOGUE_PAGE (monia_catalogue_page_get_type ())

G_DECLARE_FINAL_TYPE (MoniaCataloguePage, monia_catalogue_page, MONIA, CATALOGUE_PAGE, AdwBin)

/* A sector (one of monia_service_sector_ids()) as the user's language
 * names it; an unknown value as it is. */
const char         *monia_service_sector_to_label (const char *sector);

/* Shows the services of @store, searchable and filtered by sector. Adding,
 * editing and deleting go straight to @store; a deletion can be undone from
 * its toast (shown in the nearest AdwToastOverlay above the page) and is
 * written when the toast goes away or the page does. */
GtkWidget          *monia_catalogue_page_new      (MoniaStore         *store);
MoniaStore         *monia_catalogue_page_get_store (MoniaCataloguePage *self);

G_END_DECLS
