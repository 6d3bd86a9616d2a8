/* monia-row-list.h — the store's live list of records, as a list box's rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MONIA_TYPE_ROW_LIST (monia_row_list_get_type ())

G_DECLARE_FINAL_TYPE (MoniaRowList, monia_row_list, MONIA, ROW_LIST, GObject)

/* A list of the MoniaRecords of @source (a live list of the store, perhaps
 * sorted) for gtk_list_box_bind_model(): records that come, go or move
 * come, go or move as rows, but a record changed in place keeps its row —
 * a list box would otherwise make it anew, and drop what is being typed or
 * chosen in it. Rows show such changes when their section refreshes them. */
GListModel *monia_row_list_new (GListModel *source);

G_END_DECLS
