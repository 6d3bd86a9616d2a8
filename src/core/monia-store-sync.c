/* monia-store-sync.c — the local store's side of synchronisation
 *
 * Pulled records are written here without entering the change log: they
 * are the server's, not edits made on this computer. Every record the
 * server has served or taken keeps its server revision in sync_base; an
 * edit made here is logged with that revision as its base (see
 * _monia_store_get_base_rev), and the change log keeps the values it
 * replaced, so the pair is the base copy of the three-way merge the server
 * does on push.
 *
 * Foreign keys are off while a page is written: the server is the judge of
 * references, and a page may name a record that a later page brings, or
 * that the client's consent keeps from this account altogether.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "monia-error.h"
#include "monia-mutation-private.h"
#include "monia-store-private.h"
#include "monia-store-sync.h"

void
monia_conflict_free (MoniaConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_free (conflict->id);
  g_free (conflict->case_id);
  g_free (conflict->record_kind);
  g_free (conflict->record_id);
  g_free (conflict->field);
  g_free (conflict->base);
  g_free (conflict->theirs);
  g_free (conflict->theirs_by);
  g_free (conflict->mine);
  g_free (conflict->mine_by);
  g_free (conflict->resolved_by);
  g_free (conflict);
}

static gboolean
step_done (MoniaStore    *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _monia_store_set_error (self, rc, error);
      return FALSE;
    }
  return TRUE;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

/* Settings ---------------------------------------------------------------- */

char *
monia_store_get_sync_setting (MoniaStore *self,
                              const char *key)
{
  g_autofree char *meta_key = NULL;

  g_return_val_if_fail (MONIA_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  meta_key = g_strconcat ("sync.", key, NULL);
  return _monia_store_read_meta (self, meta_key);
}

gboolean
monia_store_set_sync_setting (MoniaStore  *self,
                              const char  *key,
                              const char  *value,
                              GError     **error)
{
  g_autofree char *meta_key = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MONIA_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  meta_key = g_strconcat ("sync.", key, NULL);
  if (value != NULL)
    return _monia_store_write_meta (self, meta_key, value, error);

  stmt = _monia_store_statement (self, "DELETE FROM meta WHERE key = ?", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, meta_key);
  return step_done (self, stmt, error);
}

/* Feeds and bases --------------------------------------------------------- */

gint64
monia_store_get_feed_seq (MoniaStore *self,
                          const char *feed)
{
  sqlite3_stmt *stmt;
  gint64 seq = 0;

  g_return_val_if_fail (MONIA_IS_STORE (self), 0);

  stmt = _monia_store_static_statement (self, "SELECT seq FROM sync_feeds WHERE feed = ?", NULL);
  if (stmt == NULL)
    return 0;
  bind_text (stmt, 1, feed);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    seq = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return seq;
}

gint64
_monia_store_get_base_rev (MoniaStore *self,
                           const char *id)
{
  sqlite3_stmt *stmt = _monia_store_static_statement (self, "SELECT rev FROM sync_base WHERE id = ?", NULL);
  gint64 rev = 0;
  int rc;

  if (stmt == NULL)
    return -1;
  bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    rev = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? rev : -1;
}

static gboolean
set_base (MoniaStore  *self,
          const char  *id,
          const char  *kind,
          const char  *case_id,
          gint64       rev,
          GError     **error)
{
  sqlite3_stmt *stmt = _monia_store_static_statement (self,
                                               "INSERT INTO sync_base (id, kind, case_id, rev) VALUES (?1, ?2, ?3, ?4)"
                                               " ON CONFLICT (id) DO UPDATE SET rev = ?4,"
                                               " case_id = coalesce (?3, case_id)",
                                               error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  bind_text (stmt, 2, kind);
  bind_text (stmt, 3, case_id);
  sqlite3_bind_int64 (stmt, 4, rev);
  return step_done (self, stmt, error);
}

/* Transactions with foreign keys off ------------------------------------- */

/* They stay off after the commit: the next lot of a sync needs them off
 * again, and an edit made here turns them on first. */
static gboolean
begin_remote (MoniaStore  *self,
              GError     **error)
{
  return _monia_store_set_foreign_keys (self, FALSE, error) &&
         _monia_store_exec (self, "BEGIN IMMEDIATE", error);
}

static gboolean
end_remote (MoniaStore  *self,
            gboolean     commit,
            GError     **error)
{
  gboolean ok = TRUE;

  if (commit)
    ok = _monia_store_exec (self, "COMMIT", error);
  if (!commit || !ok)
    _monia_store_exec (self, "ROLLBACK", NULL);
  return commit && ok;
}

/* The first pull into an empty store ------------------------------------- */

/* Every index a pull writes to, kept up row by row, costs more than the
 * rows themselves: the first pull of a region's cases (tens of thousands
 * of records under random ids) writes faster with its tables bare and the
 * indexes built once at the end. What was taken away is written down in
 * the same transaction, and put back when the pull ends, or when the
 * store is next opened if Monia was stopped before (see
 * _monia_store_finish_first_pull).
 *
 * The search index is not left for the end: filled lot by lot it costs
 * as much, but while the server works on the next answer. */
#define FIRST_PULL_INDEXES "first_pull.indexes"

gboolean
monia_store_begin_first_pull (MoniaStore  *self,
                              gboolean    *started,
                              GError     **error)
{
  g_autoptr(GString) indexes = g_string_new (NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *begun = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (MONIA_IS_STORE (self), FALSE);
  g_return_val_if_fail (started != NULL, FALSE);

  *started = FALSE;
  begun = _monia_store_read_meta (self, FIRST_PULL_INDEXES);
  if (begun != NULL)
    return TRUE;

  if (!_monia_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  /* Only a store holding nothing from the server: a later pull brings a
   * few records, each cheaper to index than all of them again. */
  stmt = _monia_store_statement (self, "SELECT 1 FROM sync_base LIMIT 1", error);
  if (stmt == NULL)
    goto fail;
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return _monia_store_exec (self, "COMMIT", error);
  if (rc != SQLITE_DONE)
    {
      _monia_store_set_error (self, rc, error);
      goto fail;
    }

  /* The indexes of the tables a pull writes; not the change log's, read
   * and written by edits made meanwhile. */
  stmt = _monia_store_statement (self,
                                 "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                                 " AND sql IS NOT NULL AND tbl_name NOT IN ('changes', 'meta')"
                                 " ORDER BY name",
                                 error);
  if (stmt == NULL)
    goto fail;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_string_append_printf (indexes, "%s;\n", (const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _monia_store_set_error (self, rc, error);
      goto fail;
    }

  for (guint i = 0; i < names->len; i++)
    {
      char *drop = sqlite3_mprintf ("DROP INDEX \"%w\"", (const char *) g_ptr_array_index (names, i));
      gboolean ok = _monia_store_exec (self, drop, error);

      sqlite3_free (drop);
      if (!ok)
        goto fail;
    }
  if (!_monia_store_write_meta (self, FIRST_PULL_INDEXES, indexes->str, error) ||
      !_monia_store_exec (self, "COMMIT", error))
    goto fail;
  *started = TRUE;
  return TRUE;

fail:
  _monia_store_exec (self, "ROLLBACK", NULL);
  return FALSE;
}

gboolean
_monia_store_finish_first_pull (MoniaStore  *self,
                                GError     **error)
{
  g_autofree char *indexes = _monia_store_read_meta (self, FIRST_PULL_INDEXES);
  sqlite3_stmt *stmt;

  if (indexes == NULL)
    return TRUE;

  if (!_monia_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!_monia_store_exec (self, indexes, error))
    goto fail;
  stmt = _monia_store_statement (self, "DELETE FROM meta WHERE key = '" FIRST_PULL_INDEXES "'", error);
  if (stmt == NULL || !step_done (self, stmt, error) ||
      !_monia_store_exec (self, "COMMIT", error))
    goto fail;
  return TRUE;

fail:
  _monia_store_exec (self, "ROLLBACK", NULL);
  return FALSE;
}

gboolean
monia_store_end_first_pull (MoniaStore  *self,
                            GError     **error)
{
  g_return_val_if_fail (MONIA_IS_STORE (self), FALSE);

  return _monia_store_finish_first_pull (self, error);
}

/* Pulled pages ------------------------------------------------------------ */

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
member_int (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return json_node_get_int (node);
}

static char *
member_json (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return g_strdup ("null");
  return json_to_string (node, FALSE);
}

/* The values edited here and not yet pushed, field → GVariant (NULL value:
 * cleared); *deleted is set if the record was deleted here. */
static GHashTable *
read_unsent_values (MoniaStore       *self,
                    const MoniaKind  *kind,
                    const char       *id,
                    gboolean         *deleted,
                    GError          **error)
{
  g_autoptr(GHashTable) values = NULL;
  sqlite3_stmt *stmt;
  int rc;

  *deleted = FALSE;
  stmt = _monia_store_static_statement (self,
                                 "SELECT op, fields FROM changes WHERE record_id = ? AND state = 0 ORDER BY seq",
                                 error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *op = (const char *) sqlite3_column_text (stmt, 0);
      const char *fields = (const char *) sqlite3_column_text (stmt, 1);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GList) members = NULL;
      JsonObject *object;

      if (values == NULL)
        values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_variant_unref);
      if (g_str_equal (op, "delete"))
        *deleted = TRUE;
      if (!json_parser_load_from_data (parser, fields, -1, NULL) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        continue;
      object = json_node_get_object (json_parser_get_root (parser));
      members = json_object_get_members (object);
      for (GList *l = members; l != NULL; l = l->next)
        {
          const MoniaField *field = monia_kind_lookup_field (kind, l->data);
          JsonNode *node = json_object_get_member (object, l->data);
          GVariant *value;

          if (field == NULL)
            continue;
          if (!g_str_equal (op, "create"))
            {
              if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) != 2)
                continue;
              node = json_array_get_element (json_node_get_array (node), 1);
            }
          value = _monia_store_json_to_variant (node, field->type);
          /* A cleared field is kept as a NULL-typed marker: the maybe type. */
          g_hash_table_insert (values, g_strdup (l->data),
                               value ? g_variant_ref_sink (value)
                                     : g_variant_ref_sink (g_variant_new_maybe (G_VARIANT_TYPE_STRING, NULL)));
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _monia_store_set_error (self, rc, error);
      return NULL;
    }
  if (values == NULL)
    values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_variant_unref);
  return g_steal_pointer (&values);
}

/* Binds a column the table declares NOT NULL but the page left out (a
 * field the client's consent keeps from this account). */
static void
bind_placeholder (sqlite3_stmt     *stmt,
                  int               index,
                  const MoniaField *field)
{
  switch (field->type)
    {
    case MONIA_FIELD_INT:
    case MONIA_FIELD_TIME:
      sqlite3_bind_int64 (stmt, index, 0);
      break;
    case MONIA_FIELD_BOOL:
      sqlite3_bind_int (stmt, index, 0);
      break;
    default:
      sqlite3_bind_text (stmt, index, "", 0, SQLITE_STATIC);
      break;
    }
}

/* Binds a pulled value straight from the page, as the store keeps a value
 * of @field's type; returns FALSE, binding nothing, if the page holds no
 * such value (missing, null, or of another type). The text stays in @node
 * until the statement is done. */
static gboolean
bind_json_value (sqlite3_stmt     *stmt,
                 int               index,
                 JsonNode         *node,
                 const MoniaField *field)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  switch (field->type)
    {
    case MONIA_FIELD_TEXT:
    case MONIA_FIELD_DATE:
    case MONIA_FIELD_REF:
      if (type != G_TYPE_STRING)
        return FALSE;
      sqlite3_bind_text (stmt, index, json_node_get_string (node), -1, SQLITE_STATIC);
      return TRUE;
    case MONIA_FIELD_INT:
    case MONIA_FIELD_TIME:
      if (type != G_TYPE_INT64)
        return FALSE;
      sqlite3_bind_int64 (stmt, index, json_node_get_int (node));
      return TRUE;
    case MONIA_FIELD_BOOL:
      if (type != G_TYPE_BOOLEAN)
        return FALSE;
      sqlite3_bind_int (stmt, index, json_node_get_boolean (node) ? 1 : 0);
      return TRUE;
    default:
      return FALSE;
    }
}

/* The statement that writes a pulled record of @kind, made once per kind. */
static const char *
upsert_sql (const MoniaKind *kind)
{
  static GHashTable *made;  /* MoniaKind * → SQL; kinds are static */
  static GMutex lock;
  GString *sql;
  const char *text;

  g_mutex_lock (&lock);
  if (made == NULL)
    made = g_hash_table_new (NULL, NULL);
  text = g_hash_table_lookup (made, kind);
  if (text == NULL)
    {
      sql = g_string_new (NULL);
      g_string_printf (sql, "INSERT INTO %s (id, rev, deleted, created_at, updated_at", kind->table);
      for (guint i = 0; i < kind->n_fields; i++)
        g_string_append_printf (sql, ", %s", kind->fields[i].name);
      g_string_append (sql, ") VALUES (?1, 1, 0, ?2, ?2");
      for (guint i = 0; i < kind->n_fields; i++)
        g_string_append_printf (sql, ", ?%u", i + 3);
      g_string_append (sql, ") ON CONFLICT (id) DO UPDATE SET rev = rev + 1, deleted = 0, updated_at = ?2");
      for (guint i = 0; i < kind->n_fields; i++)
        g_string_append_printf (sql, ", %s = ?%u", kind->fields[i].name, i + 3);
      text = g_string_free (sql, FALSE);
      g_hash_table_insert (made, (gpointer) kind, (gpointer) text);
    }
  g_mutex_unlock (&lock);
  return text;
}

/* Writes a pulled record. With @any_unsent, values edited here and not yet
 * pushed are looked for and kept on top. */
static gboolean
write_remote_record (MoniaStore       *self,
                     const MoniaKind  *kind,
                     const char       *id,
                     gboolean          deleted,
                     JsonObject       *fields,
                     gint64            now,
                     gboolean          any_unsent,
                     GError          **error)
{
  g_autoptr(GHashTable) unsent = NULL;
  gboolean deleted_here = FALSE;
  sqlite3_stmt *stmt;

  if (any_unsent)
    {
      unsent = read_unsent_values (self, kind, id, &deleted_here, error);
      if (unsent == NULL)
        return FALSE;
      if (deleted_here)
        return TRUE;  /* the delete made here is pushed next and judged there */
    }

  if (deleted)
    {
      g_autofree char *sql = g_strdup_printf ("UPDATE %s SET deleted = 1, rev = rev + 1, updated_at = ? WHERE id = ?",
                                              kind->table);

      stmt = _monia_store_statement (self, sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, now);
      bind_text (stmt, 2, id);
      return step_done (self, stmt, error);
    }

  stmt = _monia_store_static_statement (self, upsert_sql (kind), error);
  if (stmt == NULL)
    return FALSE;
  /* Values are bound from the page itself (and from @unsent), without a
   * copy: both live until the step is done. */
  bind_text (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, now);
  for (guint i = 0; i < kind->n_fields; i++)
    {
      const MoniaField *field = &kind->fields[i];
      int index = (int) i + 3;
      GVariant *mine;
      gboolean bound;

      if (unsent != NULL && g_hash_table_lookup_extended (unsent, field->name, NULL, (gpointer *) &mine))
        {
          bound = !g_variant_is_of_type (mine, G_VARIANT_TYPE_MAYBE);
          if (bound)
            _monia_store_bind_value (stmt, index, mine);
        }
      else
        bound = bind_json_value (stmt, index, json_object_get_member (fields, field->name), field);
      /* Bindings were cleared: an unbound parameter is NULL. */
      if (!bound && (field->flags & MONIA_FIELD_FLAG_REQUIRED))
        bind_placeholder (stmt, index, field);
    }
  return step_done (self, stmt, error);
}

static gboolean
write_remote_conflict (MoniaStore  *self,
                       const char  *id,
                       const char  *case_id,
                       JsonObject  *fields,
                       GError     **error)
{
  g_autofree char *base = member_json (fields, "base");
  g_autofree char *theirs = member_json (fields, "theirs");
  g_autofree char *mine = member_json (fields, "mine");
  const char *record_kind = member_string (fields, "record_kind");
  const char *record_id = member_string (fields, "record_id");
  gint64 resolved_at = member_int (fields, "resolved_at");
  sqlite3_stmt *stmt;

  if (record_kind == NULL || record_id == NULL)
    return TRUE;  /* not one this version understands */

  /* A conflict resolved here and not yet told to the server keeps that. */
  stmt = _monia_store_static_statement (self,
                                 "INSERT INTO conflicts (id, case_id, record_kind, record_id, field, base,"
                                 " theirs, theirs_by, mine, mine_by, created_at, resolved_at, resolved_by)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
                                 " ON CONFLICT (id) DO UPDATE SET field = ?5, base = ?6, theirs = ?7,"
                                 " theirs_by = ?8, mine = ?9, mine_by = ?10, created_at = ?11,"
                                 " resolved_at = CASE WHEN resolve_pending THEN resolved_at ELSE ?12 END,"
                                 " resolved_by = CASE WHEN resolve_pending THEN resolved_by ELSE ?13 END,"
                                 " resolve_pending = resolve_pending AND ?12 IS NULL",
                                 error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  bind_text (stmt, 2, case_id);
  bind_text (stmt, 3, record_kind);
  bind_text (stmt, 4, record_id);
  bind_text (stmt, 5, member_string (fields, "field"));
  bind_text (stmt, 6, base);
  bind_text (stmt, 7, theirs);
  bind_text (stmt, 8, member_string (fields, "theirs_by"));
  bind_text (stmt, 9, mine);
  bind_text (stmt, 10, member_string (fields, "mine_by"));
  sqlite3_bind_int64 (stmt, 11, member_int (fields, "created_at"));
  if (resolved_at > 0)
    sqlite3_bind_int64 (stmt, 12, resolved_at);
  else
    sqlite3_bind_null (stmt, 12);
  bind_text (stmt, 13, member_string (fields, "resolved_by"));
  return step_done (self, stmt, error);
}

static gboolean
set_feed_seq (MoniaStore  *self,
              const char  *feed,
              gint64       seq,
              GError     **error)
{
  sqlite3_stmt *stmt = _monia_store_static_statement (self,
                                               "INSERT INTO sync_feeds (feed, seq) VALUES (?1, ?2)"
                                               " ON CONFLICT (feed) DO UPDATE SET seq = max (seq, ?2)",
                                               error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, feed);
  sqlite3_bind_int64 (stmt, 2, seq);
  return step_done (self, stmt, error);
}

static void
bad_page (MoniaStore  *self,
          GError     **error)
{
  g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
               _("The server sent changes Monia cannot read. Nothing from them was saved; "
                 "try again later, and tell your administrator if this goes on."));
}

/* Whether anything edited here waits to be pushed: if not, no record needs
 * its unsent values looked up. */
static gboolean
any_unsent_change (MoniaStore  *self,
                   gboolean    *any,
                   GError     **error)
{
  sqlite3_stmt *stmt = _monia_store_static_statement (self, "SELECT 1 FROM changes WHERE state = 0 LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _monia_store_set_error (self, rc, error);
      return FALSE;
    }
  *any = rc == SQLITE_ROW;
  return TRUE;
}

static gboolean
page_is_readable (MoniaRemotePage *page)
{
  guint n = json_array_get_length (page->changes);

  if (page->feed == NULL || page->seq < 0)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (page->changes, i);
      JsonObject *entry;
      const char *id;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return FALSE;
      entry = json_node_get_object (node);
      id = member_string (entry, "id");
      if (member_string (entry, "kind") == NULL || id == NULL || !g_uuid_string_is_valid (id) ||
          !json_object_has_member (entry, "fields") ||
          !JSON_NODE_HOLDS_OBJECT (json_object_get_member (entry, "fields")))
        return FALSE;
    }
  return TRUE;
}

/* Writes one page inside the open transaction; adds "kind\nid" of each
 * record written to @changed. */
static gboolean
write_page (MoniaStore      *self,
            MoniaRemotePage *page,
            gint64           now,
            gboolean         any_unsent,
            GPtrArray       *changed,
            GError         **error)
{
  guint n = json_array_get_length (page->changes);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *entry = json_array_get_object_element (page->changes, i);
      const char *kind_name = member_string (entry, "kind");
      const char *id = member_string (entry, "id");
      const char *case_id = member_string (entry, "case_id");
      JsonObject *fields = json_object_get_object_member (entry, "fields");
      const MoniaKind *kind;
      gboolean deleted = json_object_get_boolean_member_with_default (entry, "deleted", FALSE);

      if (g_str_equal (kind_name, "conflict"))
        {
          if (!write_remote_conflict (self, id, case_id, fields, error))
            return FALSE;
          g_ptr_array_add (changed, g_strconcat ("conflict", "\n", id, NULL));
          continue;
        }

      kind = monia_kind_lookup (kind_name);
      if (kind == NULL || g_str_equal (kind->name, "audit_event"))
        continue;

      if (!write_remote_record (self, kind, id, deleted, fields, now, any_unsent, error) ||
          !set_base (self, id, kind->name, case_id, member_int (entry, "rev"), error))
        return FALSE;
      g_ptr_array_add (changed, g_strconcat (kind->name, "\n", id, NULL));
    }
  return set_feed_seq (self, page->feed, page->seq, error);
}

gboolean
monia_store_apply_remote_pages (MoniaStore      *self,
                                MoniaRemotePage *pages,
                                guint            n_pages,
                                GError         **error)
{
  gint64 watermarks[MONIA_STORE_MAX_SEARCH_SOURCES];
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gboolean any_unsent = TRUE;

  g_return_val_if_fail (MONIA_IS_STORE (self), FALSE);
  g_return_val_if_fail (n_pages == 0 || pages != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Check the shape of every entry before anything is written. */
  for (guint i = 0; i < n_pages; i++)
    if (pages[i].changes == NULL || !page_is_readable (&pages[i]))
      {
        bad_page (self, error);
        return FALSE;
      }

  if (!begin_remote (self, error))
    return FALSE;
  if (!_monia_store_begin_indexing (self, watermarks, error) ||
      !any_unsent_change (self, &any_unsent, error))
    return end_remote (self, FALSE, NULL);
  for (guint i = 0; i < n_pages; i++)
    if (!write_page (self, &pages[i], now, any_unsent, changed, error))
      return end_remote (self, FALSE, NULL);
  if (!_monia_store_finish_indexing (self, watermarks, error))
    return end_remote (self, FALSE, NULL);
  if (!end_remote (self, TRUE, error))
    return FALSE;

  for (guint i = 0; i < changed->len; i++)
    {
      char *kind_and_id = g_ptr_array_index (changed, i);
      char *newline = strchr (kind_and_id, '\n');

      *newline = '\0';
      _monia_store_emit_changed (self, kind_and_id, newline + 1);
    }
  if (changed->len > 0)
    _monia_store_emit_committed (self);
  return TRUE;
}

gboolean
monia_store_apply_remote (MoniaStore  *self,
                          const char  *feed,
                          gint64       seq,
                          JsonArray   *changes,
                          GError     **error)
{
  MoniaRemotePage page = { feed, seq, changes };

  g_return_val_if_fail (feed != NULL, FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);

  return monia_store_apply_remote_pages (self, &page, 1, error);
}

/* Dropping a case --------------------------------------------------------- */

static gboolean
exec_bound (MoniaStore  *self,
            const char  *sql,
            const char  *param,
            GError     **error)
{
  sqlite3_stmt *stmt = _monia_store_statement (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, param);
  return step_done (self, stmt, error);
}

gboolean
monia_store_drop_case (MoniaStore  *self,
                       const char  *case_id,
                       GError     **error)
{
  const MoniaKind *kinds;
  guint n_kinds;

  g_return_val_if_fail (MONIA_IS_STORE (self), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);

  kinds = monia_kind_get_all (&n_kinds);
  if (!begin_remote (self, error))
    return FALSE;

  /* People only this case has: their unsent changes, bases and rows. */
  if (!exec_bound (self,
                   "CREATE TEMP TABLE IF NOT EXISTS dropped_people (id TEXT PRIMARY KEY)",
                   NULL, error) ||
      !exec_bound (self, "DELETE FROM dropped_people", NULL, error) ||
      !exec_bound (self,
                   "INSERT OR IGNORE INTO dropped_people SELECT person_id FROM case_people"
                   " WHERE case_id = ?1 AND person_id NOT IN"
                   " (SELECT person_id FROM case_people WHERE case_id IS NOT ?1)",
                   case_id, error) ||
      !exec_bound (self, "DELETE FROM changes WHERE record_id IN (SELECT id FROM dropped_people)", NULL, error) ||
      !exec_bound (self, "DELETE FROM sync_base WHERE id IN (SELECT id FROM dropped_people)", NULL, error) ||
      !exec_bound (self, "DELETE FROM people WHERE id IN (SELECT id FROM dropped_people)", NULL, error))
    return end_remote (self, FALSE, NULL);

  for (guint i = 0; i < n_kinds; i++)
    {
      const MoniaKind *kind = &kinds[i];
      g_autofree char *changes_sql = NULL;
      g_autofree char *base_sql = NULL;
      g_autofree char *rows_sql = NULL;

      if (!(kind->flags & MONIA_KIND_FLAG_CASE_SCOPED))
        continue;
      changes_sql = g_strdup_printf ("DELETE FROM changes WHERE record_id IN (SELECT id FROM %s WHERE case_id = ?1)",
                                     kind->table);
      base_sql = g_strdup_printf ("DELETE FROM sync_base WHERE id IN (SELECT id FROM %s WHERE case_id = ?1)",
                                  kind->table);
      rows_sql = g_strdup_printf ("DELETE FROM %s WHERE case_id = ?1", kind->table);
      if (!exec_bound (self, changes_sql, case_id, error) ||
          !exec_bound (self, base_sql, case_id, error) ||
          !exec_bound (self, rows_sql, case_id, error))
        return end_remote (self, FALSE, NULL);
    }

  if (!exec_bound (self, "DELETE FROM changes WHERE record_id = ?1", case_id, error) ||
      !exec_bound (self, "DELETE FROM sync_base WHERE id = ?1 OR case_id = ?1", case_id, error) ||
      !exec_bound (self, "DELETE FROM cases WHERE id = ?1", case_id, error) ||
      !exec_bound (self, "DELETE FROM conflicts WHERE case_id = ?1", case_id, error) ||
      !exec_bound (self, "DELETE FROM sync_feeds WHERE feed = ?1", case_id, error) ||
      /* The inbox request that opened it stays, without the link. */
      !exec_bound (self, "UPDATE help_requests SET case_id = NULL WHERE case_id = ?1", case_id, error))
    return end_remote (self, FALSE, NULL);

  if (!end_remote (self, TRUE, error))
    return FALSE;

  _monia_store_emit_changed (self, "case", case_id);
  _monia_store_emit_committed (self);
  return TRUE;
}

static GStrv
collect_strings (MoniaStore *self,
                 const char *sql)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt = _monia_store_statement (self, sql, NULL);

  if (stmt != NULL)
    {
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
    }
  return g_strv_builder_end (builder);
}

GStrv
monia_store_get_synced_cases (MoniaStore *self)
{
  g_return_val_if_fail (MONIA_IS_STORE (self), NULL);

  return collect_strings (self, "SELECT id FROM sync_base WHERE kind = 'case' ORDER BY id");
}

char *
monia_store_get_case_of_person (MoniaStore *self,
                                const char *person_id)
{
  sqlite3_stmt *stmt;
  char *case_id = NULL;

  g_return_val_if_fail (MONIA_IS_STORE (self), NULL);

  stmt = _monia_store_statement (self,
                                 "SELECT case_id FROM case_people WHERE person_id = ? AND deleted = 0"
                                 " ORDER BY rowid LIMIT 1",
                                 NULL);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, person_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    case_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return case_id;
}

/* The outbox -------------------------------------------------------------- */

gboolean
monia_store_mark_change_sent (MoniaStore  *self,
                              const char  *mutation_id,
                              const char  *kind,
                              const char  *record_id,
                              gint64       base_rev,
                              gint64       server_rev,
                              gboolean     only_this_change,
                              GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MONIA_IS_STORE (self), FALSE);

  if (!_monia_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!exec_bound (self, "DELETE FROM changes WHERE mutation_id = ?1", mutation_id, error))
    goto fail;

  if (only_this_change && server_rev > 0)
    {
      if (!set_base (self, record_id, kind, NULL, server_rev, error))
        goto fail;
      stmt = _monia_store_statement (self,
                                     "UPDATE changes SET base_rev = ?3"
                                     " WHERE record_id = ?1 AND state = 0 AND base_rev = ?2",
                                     error);
      if (stmt == NULL)
        goto fail;
      bind_text (stmt, 1, record_id);
      sqlite3_bind_int64 (stmt, 2, base_rev);
      sqlite3_bind_int64 (stmt, 3, server_rev);
      if (!step_done (self, stmt, error))
        goto fail;
    }

  if (!_monia_store_exec (self, "COMMIT", error))
    goto fail;
  return TRUE;

fail:
  _monia_store_exec (self, "ROLLBACK", NULL);
  return FALSE;
}

gboolean
monia_store_mark_change_refused (MoniaStore  *self,
                                 const char  *mutation_id,
                                 const char  *message,
                                 GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MONIA_IS_STORE (self), FALSE);

  stmt = _monia_store_statement (self, "UPDATE changes SET state = 2, error = ?2 WHERE mutation_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, mutation_id);
  bind_text (stmt, 2, message);
  return step_done (self, stmt, error);
}

gint64
monia_store_count_refused_changes (MoniaStore *self)
{
  g_return_val_if_fail (MONIA_IS_STORE (self), -1);

  return _monia_store_count_rows (self, "SELECT count(*) FROM changes WHERE state = 2");
}

/* Conflicts --------------------------------------------------------------- */

#define CONFLICT_COLUMNS \
  "id, case_id, record_kind, record_id, field, base, theirs, theirs_by, mine, mine_by," \
  " created_at, resolved_at, resolved_by, resolve_pending"

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static MoniaConflict *
conflict_from_row (sqlite3_stmt *stmt)
{
  MoniaConflict *conflict = g_new0 (MoniaConflict, 1);

  conflict->id = column_text (stmt, 0);
  conflict->case_id = column_text (stmt, 1);
  conflict->record_kind = column_text (stmt, 2);
  conflict->record_id = column_text (stmt, 3);
  conflict->field = column_text (stmt, 4);
  conflict->base = column_text (stmt, 5);
  conflict->theirs = column_text (stmt, 6);
  conflict->theirs_by = column_text (stmt, 7);
  conflict->mine = column_text (stmt, 8);
  conflict->mine_by = column_text (stmt, 9);
  conflict->created_at = sqlite3_column_int64 (stmt, 10);
  conflict->resolved_at = sqlite3_column_int64 (stmt, 11);
  conflict->resolved_by = column_text (stmt, 12);
  conflict->resolve_pending = sqlite3_column_int (stmt, 13) != 0;
  return conflict;
}

GPtrArray *
monia_store_list_conflicts (MoniaStore  *self,
                            const char  *case_id,
                            gboolean     open_only,
                            GError     **error)
{
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) monia_conflict_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (MONIA_IS_STORE (self), NULL);

  stmt = _monia_store_statement (self,
                                 "SELECT " CONFLICT_COLUMNS " FROM conflicts"
                                 " WHERE (?1 IS NULL OR case_id = ?1) AND (NOT ?2 OR resolved_at IS NULL)"
                                 " ORDER BY created_at, id",
                                 error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, case_id);
  sqlite3_bind_int (stmt, 2, open_only ? 1 : 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (conflicts, conflict_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _monia_store_set_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&conflicts);
}

MoniaConflict *
monia_store_get_conflict (MoniaStore  *self,
                          const char  *conflict_id,
                          GError     **error)
{
  sqlite3_stmt *stmt;
  MoniaConflict *conflict = NULL;
  int rc;

  g_return_val_if_fail (MONIA_IS_STORE (self), NULL);

  stmt = _monia_store_statement (self, "SELECT " CONFLICT_COLUMNS " FROM conflicts WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, conflict_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    conflict = conflict_from_row (stmt);
  sqlite3_reset (stmt);
  if (conflict == NULL)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, MONIA_ERROR, MONIA_ERROR_NOT_FOUND, _("There is no such conflict."));
      else
        _monia_store_set_error (self, rc, error);
    }
  return conflict;
}

gboolean
monia_store_resolve_conflict (MoniaStore  *self,
                              const char  *conflict_id,
                              const char  *value_json,
                              GError     **error)
{
  g_autoptr(MoniaConflict) conflict = NULL;
  g_autoptr(MoniaMutation) edit = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GVariant) value = NULL;
  const MoniaKind *kind;
  const MoniaField *field;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MONIA_IS_STORE (self), FALSE);
  g_return_val_if_fail (value_json != NULL, FALSE);

  conflict = monia_store_get_conflict (self, conflict_id, error);
  if (conflict == NULL)
    return FALSE;

  kind = monia_kind_lookup (conflict->record_kind);
  node = json_from_string (value_json, NULL);
  if (kind == NULL || node == NULL)
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("This conflict cannot be settled on this computer; update Monia."));
      return FALSE;
    }

  /* A kept record (a delete that met a change) needs no edit: it is there. */
  if (conflict->field != NULL)
    {
      g_autoptr(MoniaRecord) record = NULL;
      g_autoptr(GError) local_error = NULL;

      field = monia_kind_lookup_field (kind, conflict->field);
      if (field == NULL)
        {
          g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                       _("This conflict cannot be settled on this computer; update Monia."));
          return FALSE;
        }
      value = _monia_store_json_to_variant (node, field->type);
      if (value != NULL)
        g_variant_ref_sink (value);

      record = monia_store_get (self, kind->name, conflict->record_id, &local_error);
      if (record != NULL)
        {
          GVariant *current = monia_record_get (record, field->name);

          if (!((current == NULL && value == NULL) ||
                (current != NULL && value != NULL && g_variant_equal (current, value))))
            {
              edit = monia_mutation_new_update (kind->name, conflict->record_id);
              monia_mutation_set (edit, field->name, value);
              if (!monia_store_apply_one (self, edit, error))
                return FALSE;
            }
        }
    }

  stmt = _monia_store_statement (self,
                                 "UPDATE conflicts SET resolved_at = ?2, resolved_by = ?3, resolve_pending = 1"
                                 " WHERE id = ?1",
                                 error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, conflict_id);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  bind_text (stmt, 3, monia_store_get_author (self));
  if (!step_done (self, stmt, error))
    return FALSE;

  _monia_store_emit_changed (self, "conflict", conflict_id);
  _monia_store_emit_committed (self);
  return TRUE;
}

GStrv
monia_store_get_pending_resolutions (MoniaStore *self)
{
  g_return_val_if_fail (MONIA_IS_STORE (self), NULL);

  return collect_strings (self, "SELECT id FROM conflicts WHERE resolve_pending ORDER BY created_at, id");
}

gboolean
monia_store_mark_resolution_sent (MoniaStore  *self,
                                  const char  *conflict_id,
                                  GError     **error)
{
  g_return_val_if_fail (MONIA_IS_STORE (self), FALSE);

  return exec_bound (self, "UPDATE conflicts SET resolve_pending = 0 WHERE id = ?1", conflict_id, error);
}
