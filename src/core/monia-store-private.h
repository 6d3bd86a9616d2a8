/* monia-store-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "monia-store.h"

G_BEGIN_DECLS

/* "MONI": marks a SQLite file as a Monia store (PRAGMA application_id). */
#define MONIA_STORE_APPLICATION_ID 0x4D4F4E49

/* For the store's own files (monia-store*.c) only. */
struct _MoniaStore
{
  GObject     parent_instance;

  char       *path;
  char       *display_name;
  sqlite3    *db;
  char       *device_id;
  char       *author;
  int         schema_version;
  gboolean    is_demo;
  GHashTable *statements;   /* SQL text → sqlite3_stmt */
  GHashTable *by_address;   /* SQL that never changes, by address → sqlite3_stmt */
  gboolean    foreign_keys_off;
};

/* The tables whose new rows go into the search index, and the statement
 * that indexes rows after rowid ?1. */
typedef struct
{
  const char *table;
  const char *index_sql;
} MoniaSearchSource;

extern const MoniaSearchSource _monia_store_search_sources[];

/* Keeps SQLite's locks on the store from being dropped by anything else in
 * the process opening and closing its files (monia-store-locks.c). Called
 * before any SQLite file is opened; once is enough, more do nothing. */
void         _monia_store_keep_locks        (void);

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

/* For the store's files (monia-store-*.c): its statements, errors and signals. */
#define MONIA_STORE_MAX_SEARCH_SOURCES 8

sqlite3      *_monia_store_get_db            (MoniaStore       *self);
/* The number the one-column count query @sql gives, or -1 on an error. */
gint64        _monia_store_count_rows        (MoniaStore       *self,
                                              const char       *sql);
sqlite3_stmt *_monia_store_statement         (MoniaStore       *self,
                                              const char       *sql,
                                              GError          **error);
/* For SQL text that is never freed nor changed: looked up by address. */
sqlite3_stmt *_monia_store_static_statement  (MoniaStore       *self,
                                              const char       *sql,
                                              GError          **error);
gboolean      _monia_store_set_foreign_keys  (MoniaStore       *self,
                                              gboolean          on,
                                              GError          **error);
void          _monia_store_set_error         (MoniaStore       *self,
                                              int               rc,
                                              GError          **error);
gboolean      _monia_store_exec              (MoniaStore       *self,
                                              const char       *sql,
                                              GError          **error);
void          _monia_store_bind_value        (sqlite3_stmt     *stmt,
                                              int               index,
                                              GVariant         *value);
GVariant     *_monia_store_column_value      (sqlite3_stmt     *stmt,
                                              int               column,
                                              MoniaFieldType    type);
GVariant     *_monia_store_json_to_variant   (JsonNode         *node,
                                              MoniaFieldType    type);
void          _monia_store_append_json_value (GString          *out,
                                              GVariant         *value);
gboolean      _monia_store_begin_indexing    (MoniaStore       *self,
                                              gint64           *watermarks,
                                              GError          **error);
gboolean      _monia_store_finish_indexing   (MoniaStore       *self,
                                              const gint64     *watermarks,
                                              GError          **error);
void          _monia_store_emit_changed      (MoniaStore       *self,
                                              const char       *kind,
                                              const char       *id);
void          _monia_store_emit_committed    (MoniaStore       *self);
char         *_monia_store_read_meta         (MoniaStore       *self,
                                              const char       *key);
gboolean      _monia_store_write_meta        (MoniaStore       *self,
                                              const char       *key,
                                              const char       *value,
                                              GError          **error);
const char   *_monia_store_get_display_name  (MoniaStore       *self);
/* Puts back what monia_store_begin_first_pull() took away, if anything. */
gboolean      _monia_store_finish_first_pull (MoniaStore       *self,
                                              GError          **error);
/* The server revision an edit of @id is based on: 0 if the server has not
 * seen the record, -1 on a database error. */
gint64        _monia_store_get_base_rev      (MoniaStore       *self,
                                              const char       *id);

G_END_DECLS
