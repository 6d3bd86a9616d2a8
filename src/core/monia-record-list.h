/* monia-record-list.h — a lazy GListModel of one kind of record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MONIA_TYPE_RECORD_LIST (monia_record_list_get_type ())

G_DECLARE_FINAL_TYPE (MoniaRecordList, monia_record_list, MONIA, RECORD_LIST, GObject)

/* How many records are read from the store at once, and how many such pages
 * are kept; the rest of the list is only its order (one row id per item). */
#define MONIA_RECORD_LIST_PAGE_SIZE 64
#define MONIA_RECORD_LIST_MAX_PAGES 32

guint monia_record_list_get_n_cached (MoniaRecordList *self);

G_END_DECLS
