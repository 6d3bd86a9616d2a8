/* monia-store-write.c — the store's one write path, and the change log it
 * writes for the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "monia-error.h"
#include "monia-json-private.h"
#include "monia-mutation-private.h"
#include "monia-store-private.h"

/* The write path ---------------------------------------------------------- */

void
_monia_store_append_json_value (GString  *out,
                                GVariant *value)
{
  if (value == NULL)
    g_string_append (out, "null");
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    g_string_append_printf (out, "%" G_GINT64_FORMAT, g_variant_get_int64 (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    g_string_append (out, g_variant_get_boolean (value) ? "true" : "false");
  else
    _monia_json_append_string (out, g_variant_get_string (value, NULL));
}

static char *
changes_to_json (MoniaMutation *mutation)
{
  GString *out = g_string_new ("{");
  guint n = monia_mutation_get_n_changes (mutation);
  gboolean create = monia_mutation_get_op (mutation) == MONIA_OP_CREATE;

  for (guint i = 0; i < n; i++)
    {
      const MoniaFieldChange *change = monia_mutation_get_change (mutation, i);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_printf (out, "\"%s\":", change->field);
      if (create)
        _monia_store_append_json_value (out, change->new_value);
      else
        {
          g_string_append_c (out, '[');
          _monia_store_append_json_value (out, change->old_value);
          g_string_append_c (out, ',');
          _monia_store_append_json_value (out, change->new_value);
          g_string_append_c (out, ']');
        }
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

/* NULL, or text that is only white space. */
static gboolean
is_blank (GVariant *value)
{
  const char *s;

  if (value == NULL)
    return TRUE;
  if (!g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return FALSE;
  for (s = g_variant_get_string (value, NULL); *s; s = g_utf8_next_char (s))
    if (!g_unichar_isspace (g_utf8_get_char (s)))
      return FALSE;
  return TRUE;
}

static gboolean
validate_mutation (MoniaMutation  *mutation,
                   GError        **error)
{
  const MoniaKind *kind = monia_kind_lookup (monia_mutation_get_kind (mutation));
  MoniaOp op = monia_mutation_get_op (mutation);
  guint n = monia_mutation_get_n_changes (mutation);

  if (kind == NULL)
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("“%s” is not a kind of record Monia knows."), monia_mutation_get_kind (mutation));
      return FALSE;
    }

  if (!g_uuid_string_is_valid (monia_mutation_get_record_id (mutation)))
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("The record to change is not named by a valid identifier."));
      return FALSE;
    }

  if (op != MONIA_OP_CREATE && (kind->flags & MONIA_KIND_FLAG_APPEND_ONLY) != 0)
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_READ_ONLY,
                   _("Notes, events and ratings cannot be changed or removed once saved; add a new one instead."));
      return FALSE;
    }

  if (op == MONIA_OP_DELETE && n > 0)
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("Removing a record cannot change its fields at the same time."));
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      const MoniaFieldChange *change = monia_mutation_get_change (mutation, i);
      const MoniaField *field = monia_kind_lookup_field (kind, change->field);

      if (field == NULL)
        {
          g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                       /* Translators: the first %s is a field name, the second a record kind */
                       _("“%s” is not a field of a %s record."), change->field, kind->name);
          return FALSE;
        }

      if (!monia_field_check_value (kind, field, change->new_value, error))
        return FALSE;

      if ((field->flags & MONIA_FIELD_FLAG_REQUIRED) != 0 && is_blank (change->new_value))
        {
          g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                       _("“%s” cannot be left empty."), field->name);
          return FALSE;
        }
    }

  if (op == MONIA_OP_CREATE)
    {
      for (guint f = 0; f < kind->n_fields; f++)
        {
          gboolean given = FALSE;

          if ((kind->fields[f].flags & MONIA_FIELD_FLAG_REQUIRED) == 0)
            continue;
          for (guint i = 0; i < n && !given; i++)
            given = g_str_equal (monia_mutation_get_change (mutation, i)->field, kind->fields[f].name);
          if (!given)
            {
              g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                           _("“%s” must be given."), kind->fields[f].name);
              return FALSE;
            }
        }
    }

  return TRUE;
}

static gboolean
variants_equal (GVariant *a,
                GVariant *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_variant_equal (a, b);
}

static gboolean
apply_create (MoniaStore       *self,
              const MoniaKind  *kind,
              MoniaMutation    *mutation,
              gint64            now,
              GError          **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  guint n = monia_mutation_get_n_changes (mutation);
  sqlite3_stmt *stmt;
  int rc;

  g_string_append_printf (sql, "INSERT INTO %s (id, rev, created_at, updated_at", kind->table);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (sql, ", %s", monia_mutation_get_change (mutation, i)->field);
  g_string_append (sql, ") VALUES (?, 1, ?, ?");
  for (guint i = 0; i < n; i++)
    g_string_append (sql, ", ?");
  g_string_append_c (sql, ')');

  stmt = _monia_store_statement (self, sql->str, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, monia_mutation_get_record_id (mutation), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, now);
  for (guint i = 0; i < n; i++)
    _monia_store_bind_value (stmt, 4 + (int) i, monia_mutation_get_change (mutation, i)->new_value);

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      if ((rc & 0xff) == SQLITE_CONSTRAINT)
        g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                     _("A record with this identifier exists already."));
      else
        _monia_store_set_error (self, rc, error);
      return FALSE;
    }

  _monia_mutation_set_base_rev (mutation, 0);
  return TRUE;
}

static gboolean
apply_update_or_delete (MoniaStore       *self,
                        const MoniaKind  *kind,
                        MoniaMutation    *mutation,
                        gint64            now,
                        gboolean         *logged,
                        GError          **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  MoniaOp op = monia_mutation_get_op (mutation);
  sqlite3_stmt *stmt;
  gint64 rev;
  int rc;

  /* Read the record as it is: the base revision and the old values. */
  g_string_append (sql, "SELECT rev, deleted");
  for (guint i = 0; i < monia_mutation_get_n_changes (mutation); i++)
    g_string_append_printf (sql, ", %s", monia_mutation_get_change (mutation, i)->field);
  g_string_append_printf (sql, " FROM %s WHERE id = ?", kind->table);

  stmt = _monia_store_statement (self, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, monia_mutation_get_record_id (mutation), -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW || sqlite3_column_int (stmt, 1) != 0)
    {
      sqlite3_reset (stmt);
      if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        g_set_error (error, MONIA_ERROR, MONIA_ERROR_NOT_FOUND,
                     _("The record to change no longer exists."));
      else
        _monia_store_set_error (self, rc, error);
      return FALSE;
    }

  for (guint i = 0; i < monia_mutation_get_n_changes (mutation); i++)
    {
      const MoniaField *field = monia_kind_lookup_field (kind, monia_mutation_get_change (mutation, i)->field);

      _monia_mutation_set_old_value (mutation, i, _monia_store_column_value (stmt, 2 + (int) i, field->type));
    }
  sqlite3_reset (stmt);

  /* The base is the server's revision this edit was made on (nothing yet
   * for a record the server has not seen): see monia-store-sync.c. */
  rev = _monia_store_get_base_rev (self, monia_mutation_get_record_id (mutation));
  if (rev < 0)
    {
      _monia_store_set_error (self, SQLITE_ERROR, error);
      return FALSE;
    }
  _monia_mutation_set_base_rev (mutation, rev);

  /* A field set to the value it has is no change, and is not logged. */
  for (guint i = monia_mutation_get_n_changes (mutation); i > 0; i--)
    {
      const MoniaFieldChange *change = monia_mutation_get_change (mutation, i - 1);

      if (variants_equal (change->old_value, change->new_value))
        _monia_mutation_remove_change (mutation, i - 1);
    }

  if (op == MONIA_OP_UPDATE && monia_mutation_get_n_changes (mutation) == 0)
    {
      *logged = FALSE;
      return TRUE;
    }

  g_string_truncate (sql, 0);
  g_string_append_printf (sql, "UPDATE %s SET rev = rev + 1, updated_at = ?", kind->table);
  if (op == MONIA_OP_DELETE)
    g_string_append (sql, ", deleted = 1");
  for (guint i = 0; i < monia_mutation_get_n_changes (mutation); i++)
    g_string_append_printf (sql, ", %s = ?", monia_mutation_get_change (mutation, i)->field);
  g_string_append (sql, " WHERE id = ?");

  stmt = _monia_store_statement (self, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  for (guint i = 0; i < monia_mutation_get_n_changes (mutation); i++)
    _monia_store_bind_value (stmt, 2 + (int) i, monia_mutation_get_change (mutation, i)->new_value);
  sqlite3_bind_text (stmt, 2 + (int) monia_mutation_get_n_changes (mutation),
                     monia_mutation_get_record_id (mutation), -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _monia_store_set_error (self, rc, error);
      return FALSE;
    }

  *logged = TRUE;
  return TRUE;
}

static const char *
op_to_string (MoniaOp op)
{
  switch (op)
    {
    case MONIA_OP_CREATE:
      return "create";
    case MONIA_OP_UPDATE:
      return "update";
    case MONIA_OP_DELETE:
      return "delete";
    default:
      g_return_val_if_reached (NULL);
    }
}

static gboolean
log_change (MoniaStore     *self,
            MoniaMutation  *mutation,
            gint64          now,
            GError        **error)
{
  g_autofree char *fields = changes_to_json (mutation);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _monia_store_statement (self,
                                 "INSERT INTO changes (mutation_id, kind, record_id, op, base_rev, fields, author, device_time)"
                                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                 error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, monia_mutation_get_id (mutation), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, monia_mutation_get_kind (mutation), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, monia_mutation_get_record_id (mutation), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, op_to_string (monia_mutation_get_op (mutation)), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, monia_mutation_get_base_rev (mutation));
  sqlite3_bind_text (stmt, 6, fields, -1, SQLITE_STATIC);
  if (self->author != NULL)
    sqlite3_bind_text (stmt, 7, self->author, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, now);

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      if ((rc & 0xff) == SQLITE_CONSTRAINT)
        g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                     _("This change has been saved already."));
      else
        _monia_store_set_error (self, rc, error);
      return FALSE;
    }
  return TRUE;
}

#define MAX_SEARCH_SOURCES MONIA_STORE_MAX_SEARCH_SOURCES

/* The highest rowid of each searchable table before a batch… */
gboolean
_monia_store_begin_indexing (MoniaStore  *self,
                             gint64      *watermarks,
                             GError     **error)
{
  for (guint i = 0; _monia_store_search_sources[i].table != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT coalesce (max (rowid), 0) FROM %s",
                                              _monia_store_search_sources[i].table);
      sqlite3_stmt *stmt;
      int rc;

      g_assert (i < MAX_SEARCH_SOURCES);
      stmt = _monia_store_statement (self, sql, error);
      if (stmt == NULL)
        return FALSE;
      rc = sqlite3_step (stmt);
      watermarks[i] = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW)
        {
          _monia_store_set_error (self, rc, error);
          return FALSE;
        }
    }
  return TRUE;
}

/* …so that the rows the batch made are indexed in one go at its end. */
gboolean
_monia_store_finish_indexing (MoniaStore    *self,
                              const gint64  *watermarks,
                              GError       **error)
{
  for (guint i = 0; _monia_store_search_sources[i].table != NULL; i++)
    {
      sqlite3_stmt *stmt = _monia_store_static_statement (self, _monia_store_search_sources[i].index_sql, error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, watermarks[i]);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          _monia_store_set_error (self, rc, error);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
monia_store_apply (MoniaStore  *self,
                   GPtrArray   *mutations,
                   GError     **error)
{
  g_autoptr(GPtrArray) changed = NULL;
  gint64 watermarks[MAX_SEARCH_SOURCES];
  gint64 now;
  int rc;

  g_return_val_if_fail (MONIA_IS_STORE (self), FALSE);
  g_return_val_if_fail (mutations != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Check everything before the database is touched. */
  for (guint i = 0; i < mutations->len; i++)
    if (!validate_mutation (g_ptr_array_index (mutations, i), error))
      return FALSE;

  if (mutations->len == 0)
    return TRUE;

  if (!_monia_store_set_foreign_keys (self, TRUE, error) ||
      !_monia_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!_monia_store_begin_indexing (self, watermarks, error))
    {
      _monia_store_exec (self, "ROLLBACK", NULL);
      return FALSE;
    }

  now = g_get_real_time () / G_USEC_PER_SEC;
  changed = g_ptr_array_new ();

  for (guint i = 0; i < mutations->len; i++)
    {
      MoniaMutation *mutation = g_ptr_array_index (mutations, i);
      const MoniaKind *kind = monia_kind_lookup (monia_mutation_get_kind (mutation));
      gboolean logged = TRUE;
      gboolean ok;

      if (monia_mutation_get_op (mutation) == MONIA_OP_CREATE)
        ok = apply_create (self, kind, mutation, now, error);
      else
        ok = apply_update_or_delete (self, kind, mutation, now, &logged, error);

      if (ok && logged)
        ok = log_change (self, mutation, now, error);

      if (!ok)
        {
          _monia_store_exec (self, "ROLLBACK", NULL);
          return FALSE;
        }

      if (logged)
        g_ptr_array_add (changed, mutation);
    }

  if (!_monia_store_finish_indexing (self, watermarks, error))
    {
      _monia_store_exec (self, "ROLLBACK", NULL);
      return FALSE;
    }

  /* Deferred foreign keys are checked here. */
  rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      _monia_store_set_error (self, rc, error);
      _monia_store_exec (self, "ROLLBACK", NULL);
      return FALSE;
    }

  for (guint i = 0; i < changed->len; i++)
    {
      MoniaMutation *mutation = g_ptr_array_index (changed, i);

      _monia_store_emit_changed (self,
                                 monia_mutation_get_kind (mutation),
                                 monia_mutation_get_record_id (mutation));
    }
  if (changed->len > 0)
    _monia_store_emit_committed (self);

  return TRUE;
}

gboolean
monia_store_apply_one (MoniaStore     *self,
                       MoniaMutation  *mutation,
                       GError        **error)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new ();

  g_return_val_if_fail (mutation != NULL, FALSE);

  g_ptr_array_add (batch, mutation);
  return monia_store_apply (self, batch, error);
}

/* The change log ---------------------------------------------------------- */

GVariant *
_monia_store_json_to_variant (JsonNode       *node,
                              MoniaFieldType  type)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node) || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  switch (type)
    {
    case MONIA_FIELD_TEXT:
    case MONIA_FIELD_DATE:
    case MONIA_FIELD_REF:
      return json_node_get_value_type (node) == G_TYPE_STRING
        ? g_variant_new_string (json_node_get_string (node)) : NULL;
    case MONIA_FIELD_INT:
    case MONIA_FIELD_TIME:
      return json_node_get_value_type (node) == G_TYPE_INT64
        ? g_variant_new_int64 (json_node_get_int (node)) : NULL;
    case MONIA_FIELD_BOOL:
      return json_node_get_value_type (node) == G_TYPE_BOOLEAN
        ? g_variant_new_boolean (json_node_get_boolean (node)) : NULL;
    default:
      return NULL;
    }
}

static MoniaOp
op_from_string (const char *op)
{
  if (g_str_equal (op, "create"))
    return MONIA_OP_CREATE;
  if (g_str_equal (op, "delete"))
    return MONIA_OP_DELETE;
  return MONIA_OP_UPDATE;
}

static MoniaMutation *
mutation_from_row (MoniaStore    *self,
                   sqlite3_stmt  *stmt,
                   GError       **error)
{
  const char *kind_name = (const char *) sqlite3_column_text (stmt, 1);
  const char *fields = (const char *) sqlite3_column_text (stmt, 5);
  const MoniaKind *kind = monia_kind_lookup (kind_name);
  g_autoptr(MoniaMutation) mutation = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GList) members = NULL;
  JsonObject *object;
  MoniaOp op;

  if (kind == NULL || !json_parser_load_from_data (parser, fields, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_CORRUPT_STORE,
                   _("The database “%s” is damaged. Monia has not changed it. "
                     "Restore it from a backup, or move it aside and sync again from the server."),
                   self->display_name);
      return NULL;
    }

  op = op_from_string ((const char *) sqlite3_column_text (stmt, 3));
  mutation = _monia_mutation_new_full ((const char *) sqlite3_column_text (stmt, 0),
                                       kind_name,
                                       (const char *) sqlite3_column_text (stmt, 2),
                                       op,
                                       sqlite3_column_int64 (stmt, 4));

  /* Members in the order they were written, which is the order set. */
  object = json_node_get_object (json_parser_get_root (parser));
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *member = l->data;
      JsonNode *node = json_object_get_member (object, member);
      const MoniaField *field = monia_kind_lookup_field (kind, member);
      guint index = monia_mutation_get_n_changes (mutation);

      if (field == NULL)
        continue;

      if (op == MONIA_OP_CREATE)
        monia_mutation_set (mutation, member, _monia_store_json_to_variant (node, field->type));
      else if (JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) == 2)
        {
          JsonArray *pair = json_node_get_array (node);

          monia_mutation_set (mutation, member, _monia_store_json_to_variant (json_array_get_element (pair, 1), field->type));
          _monia_mutation_set_old_value (mutation, index, _monia_store_json_to_variant (json_array_get_element (pair, 0), field->type));
        }
    }

  return g_steal_pointer (&mutation);
}

GPtrArray *
monia_store_get_pending_changes (MoniaStore  *self,
                                 guint        limit,
                                 GError     **error)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) monia_mutation_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (MONIA_IS_STORE (self), NULL);

  stmt = _monia_store_statement (self,
                                 "SELECT mutation_id, kind, record_id, op, base_rev, fields"
                                 " FROM changes WHERE state = 0 ORDER BY seq LIMIT ?",
                                 error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int (stmt, 1, (int) MIN (limit, G_MAXINT));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MoniaMutation *mutation = mutation_from_row (self, stmt, error);

      if (mutation == NULL)
        {
          sqlite3_reset (stmt);
          return NULL;
        }
      g_ptr_array_add (changes, mutation);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _monia_store_set_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&changes);
}

gint64
monia_store_count_pending_changes (MoniaStore *self)
{
  g_return_val_if_fail (MONIA_IS_STORE (self), -1);

  return _monia_store_count_rows (self, "SELECT count(*) FROM changes WHERE state = 0");
}
