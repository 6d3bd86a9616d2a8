/* monia-store-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "monia-store.h"

G_BEGIN_DECLS

/* "MONI": marks a SQLite file as a Monia store (PRAGMA application_id). */
#define MONIA_STORE_APPLICATION_ID 0x4D4F4E49

/* The tables whose new rows go into the search index, and the statement
 * that indexes rows after rowid ?1. */
typedef struct
{
  const char *table;
  const char *index_sql;
} MoniaSearchSource;

extern const MoniaSearchSource _monia_store_search_sources[];

gboolean     _monia_store_schema_migrate    (sqlite3          *db,
                                             int               from_version,
                                             int               to_version,
                                             GError          **error);

/* For the lazy list models. */
GArray      *_monia_store_query_rowids      (MoniaStore       *self,
                                             const char       *sql,
                                             const char       *param,
                                             GError          **error);
MoniaRecord *_monia_store_read_by_rowid     (MoniaStore       *self,
                                             const MoniaKind  *kind,
                                             gint64            rowid);
gint64       _monia_store_lookup_rowid      (MoniaStore       *self,
                                             const MoniaKind  *kind,
                                             const char       *id);

/* For tests: create a store file at an older schema version. */
gboolean     _monia_store_create_at_version (const char       *path,
                                             int               version,
                                             GError          **error);

/* @where is an SQL condition written by the store itself (never from
 * input); @param, if not NULL, is bound to its ?1. */
GListModel  *_monia_record_list_new         (MoniaStore       *store,
                                             const MoniaKind  *kind,
                                             const char       *where,
                                             const char       *param,
                                             const char       *order_by);

G_END_DECLS
