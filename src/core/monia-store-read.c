/* monia-store-read.c — reading the store: a record, records by reference,
 * counts, the live list models, and search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "monia-error.h"
#include "monia-store-private.h"

void
monia_search_hit_free (MoniaSearchHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->kind);
  g_free (hit->record_id);
  g_free (hit->case_id);
  g_free (hit->snippet);
  g_free (hit);
}

/* "a, b, c" for every field of @kind. */
static void
append_field_list (GString         *sql,
                   const MoniaKind *kind)
{
  for (guint i = 0; i < kind->n_fields; i++)
    g_string_append_printf (sql, ", %s", kind->fields[i].name);
}

static MoniaRecord *
record_from_row (const MoniaKind *kind,
                 sqlite3_stmt    *stmt,
                 int              first_field_column)
{
  /* Columns: id, rev, then the kind's fields in order. */
  MoniaRecord *record = monia_record_new (kind,
                                          (const char *) sqlite3_column_text (stmt, 0),
                                          sqlite3_column_int64 (stmt, 1));

  for (guint i = 0; i < kind->n_fields; i++)
    {
      GVariant *value = _monia_store_column_value (stmt, first_field_column + (int) i, kind->fields[i].type);

      if (value != NULL)
        monia_record_take (record, kind->fields[i].name, value);
    }
  return record;
}

static const MoniaKind *
lookup_kind_or_error (const char  *name,
                      GError     **error)
{
  const MoniaKind *kind = monia_kind_lookup (name);

  if (kind == NULL)
    g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                 _("“%s” is not a kind of record Monia knows."), name);
  return kind;
}

MoniaRecord *
monia_store_get (MoniaStore  *self,
                 const char  *kind_name,
                 const char  *id,
                 GError     **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT id, rev");
  const MoniaKind *kind;
  sqlite3_stmt *stmt;
  MoniaRecord *record;
  int rc;

  g_return_val_if_fail (MONIA_IS_STORE (self), NULL);
  g_return_val_if_fail (kind_name != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  kind = lookup_kind_or_error (kind_name, error);
  if (kind == NULL)
    return NULL;

  append_field_list (sql, kind);
  g_string_append_printf (sql, " FROM %s WHERE id = ? AND deleted = 0", kind->table);
  stmt = _monia_store_statement (self, sql->str, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        g_set_error (error, MONIA_ERROR, MONIA_ERROR_NOT_FOUND,
                     _("The record asked for does not exist or has been removed."));
      else
        _monia_store_set_error (self, rc, error);
      return NULL;
    }

  record = record_from_row (kind, stmt, 2);
  sqlite3_reset (stmt);
  return record;
}

GPtrArray *
monia_store_find (MoniaStore  *self,
                  const char  *kind_name,
                  const char  *field_name,
                  const char  *ref_id,
                  GError     **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT id, rev");
  g_autoptr(GPtrArray) records = NULL;
  const MoniaKind *kind;
  const MoniaField *field;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (MONIA_IS_STORE (self), NULL);
  g_return_val_if_fail (kind_name != NULL, NULL);
  g_return_val_if_fail (field_name != NULL, NULL);
  g_return_val_if_fail (ref_id != NULL, NULL);

  kind = lookup_kind_or_error (kind_name, error);
  if (kind == NULL)
    return NULL;

  /* Only a declared reference field is ever put into SQL text. */
  field = monia_kind_lookup_field (kind, field_name);
  if (field == NULL || field->type != MONIA_FIELD_REF)
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("“%s” is not a field of a %s record."), field_name, kind->name);
      return NULL;
    }

  append_field_list (sql, kind);
  g_string_append_printf (sql, " FROM %s WHERE %s = ? AND deleted = 0 ORDER BY rowid",
                          kind->table, field->name);
  stmt = _monia_store_statement (self, sql->str, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, ref_id, -1, SQLITE_STATIC);
  records = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, record_from_row (kind, stmt, 2));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _monia_store_set_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&records);
}

gint64
monia_store_count (MoniaStore *self,
                   const char *kind_name)
{
  g_autofree char *sql = NULL;
  const MoniaKind *kind;

  g_return_val_if_fail (MONIA_IS_STORE (self), -1);

  kind = monia_kind_lookup (kind_name);
  g_return_val_if_fail (kind != NULL, -1);

  sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE deleted = 0", kind->table);
  return _monia_store_count_rows (self, sql);
}

GArray *
_monia_store_query_rowids (MoniaStore  *self,
                           const char  *sql,
                           const char  *param,
                           GError     **error)
{
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = _monia_store_statement (self, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  if (param != NULL)
    sqlite3_bind_text (stmt, 1, param, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (rowids, rowid);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _monia_store_set_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&rowids);
}

MoniaRecord *
_monia_store_read_by_rowid (MoniaStore      *self,
                            const MoniaKind *kind,
                            gint64           rowid)
{
  g_autoptr(GString) sql = g_string_new ("SELECT id, rev");
  sqlite3_stmt *stmt;
  MoniaRecord *record = NULL;

  append_field_list (sql, kind);
  g_string_append_printf (sql, " FROM %s WHERE rowid = ?", kind->table);
  stmt = _monia_store_statement (self, sql->str, NULL);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, rowid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    record = record_from_row (kind, stmt, 2);
  sqlite3_reset (stmt);
  return record;
}

gint64
_monia_store_lookup_rowid (MoniaStore      *self,
                           const MoniaKind *kind,
                           const char      *id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT rowid FROM %s WHERE id = ?", kind->table);
  sqlite3_stmt *stmt = _monia_store_statement (self, sql, NULL);
  gint64 rowid = -1;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    rowid = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return rowid;
}

#define CASES_NEWEST_FIRST "opened_on DESC, rowid DESC"

GListModel *
monia_store_list_cases (MoniaStore *self)
{
  g_return_val_if_fail (MONIA_IS_STORE (self), NULL);

  return _monia_record_list_new (self, monia_kind_lookup ("case"), NULL, NULL, CASES_NEWEST_FIRST);
}

/* The field, if it is a reference field of @kind; only such names are ever
 * put into SQL text. */
static const MoniaField *
lookup_ref_field (const MoniaKind *kind,
                  const char      *field_name)
{
  const MoniaField *field = monia_kind_lookup_field (kind, field_name);

  g_return_val_if_fail (field != NULL && field->type == MONIA_FIELD_REF, NULL);
  return field;
}

GListModel *
monia_store_list_cases_by (MoniaStore *self,
                           const char *field_name,
                           const char *value)
{
  const MoniaKind *kind = monia_kind_lookup ("case");
  const MoniaField *field;
  g_autofree char *where = NULL;

  g_return_val_if_fail (MONIA_IS_STORE (self), NULL);
  g_return_val_if_fail (value != NULL, NULL);

  field = lookup_ref_field (kind, field_name);
  if (field == NULL)
    return NULL;

  where = g_strdup_printf ("%s = ?1", field->name);
  return _monia_record_list_new (self, kind, where, value, CASES_NEWEST_FIRST);
}

GListModel *
monia_store_list (MoniaStore *self,
                  const char *kind_name)
{
  const MoniaKind *kind;

  g_return_val_if_fail (MONIA_IS_STORE (self), NULL);

  kind = monia_kind_lookup (kind_name);
  g_return_val_if_fail (kind != NULL, NULL);
  return _monia_record_list_new (self, kind, NULL, NULL, "rowid");
}

GListModel *
monia_store_list_by_ref (MoniaStore *self,
                         const char *kind_name,
                         const char *field_name,
                         const char *ref_id)
{
  const MoniaKind *kind;
  const MoniaField *field;
  g_autofree char *where = NULL;

  g_return_val_if_fail (MONIA_IS_STORE (self), NULL);
  g_return_val_if_fail (ref_id != NULL, NULL);

  kind = monia_kind_lookup (kind_name);
  g_return_val_if_fail (kind != NULL, NULL);
  field = lookup_ref_field (kind, field_name);
  if (field == NULL)
    return NULL;

  where = g_strdup_printf ("%s = ?1", field->name);
  return _monia_record_list_new (self, kind, where, ref_id, "rowid");
}

GListModel *
monia_store_list_help_requests (MoniaStore *self)
{
  g_return_val_if_fail (MONIA_IS_STORE (self), NULL);

  return _monia_record_list_new (self, monia_kind_lookup ("help_request"), NULL, NULL,
                                 "outcome IS NOT NULL, coalesce (due_at, received_at), rowid");
}

GListModel *
monia_store_list_open_help_requests (MoniaStore *self)
{
  g_return_val_if_fail (MONIA_IS_STORE (self), NULL);

  return _monia_record_list_new (self, monia_kind_lookup ("help_request"), "outcome IS NULL", NULL,
                                 "coalesce (due_at, received_at), rowid");
}

/* Search results come newest first (the index's rowids follow the rows'),
 * not by FTS5's rank: ranking every match of a short prefix such as "sa"
 * costs 100–200 ms on a region's store, reading the newest fifty a few. */

/* Turns what a person typed into an FTS5 query: every word must match as a
 * prefix. Quoting each word keeps FTS5's own syntax out of people's hands. */
static char *
build_match_query (const char *text)
{
  GString *query = g_string_new (NULL);
  GString *word = g_string_new (NULL);

  for (const char *p = text;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && g_unichar_isalnum (c))
        {
          g_string_append_unichar (word, c);
          continue;
        }

      if (word->len > 0)
        {
          if (query->len > 0)
            g_string_append_c (query, ' ');
          g_string_append_printf (query, "\"%s\"*", word->str);
          g_string_truncate (word, 0);
        }

      if (c == 0)
        break;
    }

  g_string_free (word, TRUE);
  return g_string_free (query, query->len == 0);
}

GPtrArray *
monia_store_search (MoniaStore  *self,
                    const char  *text,
                    guint        limit,
                    GError     **error)
{
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) monia_search_hit_free);
  g_autofree char *query = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (MONIA_IS_STORE (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("The search text is not valid UTF-8."));
      return NULL;
    }

  query = build_match_query (text);
  if (query == NULL || limit == 0)
    return g_steal_pointer (&hits);

  stmt = _monia_store_statement (self,
                                 "SELECT kind, record_id, case_id, snippet (search, 0, '«', '»', '…', 10)"
                                 " FROM search WHERE search MATCH ? ORDER BY rowid DESC LIMIT ?",
                                 error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, query, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, (int) MIN (limit, G_MAXINT));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MoniaSearchHit *hit = g_new0 (MoniaSearchHit, 1);

      hit->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      hit->record_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      hit->case_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      hit->snippet = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      g_ptr_array_add (hits, hit);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _monia_store_set_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&hits);
}
