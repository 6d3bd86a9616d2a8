/* monia-server-records.c — records as kept on the server: reading, saving, feeds and case membership
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-server-records"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "monia-json-private.h"
#include "monia-server-sync-private.h"

/* Records as kept on the server */

void
_monia_server_record_free (ServerRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->kind);
  g_free (record->id);
  g_free (record->case_id);
  g_free (record->feed);
  g_clear_pointer (&record->fields, json_object_unref);
  g_clear_pointer (&record->field_revs, json_object_unref);
  g_free (record);
}

JsonObject *
_monia_server_parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return json_object_new ();
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

JsonNode *
_monia_server_parse_value (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL) ||
      json_parser_get_root (parser) == NULL)
    return json_node_new (JSON_NODE_NULL);
  return json_node_copy (json_parser_get_root (parser));
}

/* A node that owns @object (json_node_init_object would add a reference). */
JsonNode *
_monia_server_node_take_object (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

char *
_monia_server_object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_to_string (node, FALSE);
}

char *
_monia_server_value_to_string (JsonNode *node)
{
  if (node == NULL)
    return g_strdup ("null");
  return json_to_string (node, FALSE);
}

const char *
_monia_server_object_get_string (JsonObject *object,
                                 const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

ServerRecord *
_monia_server_load_record (MoniaServerStore  *self,
                           const char        *kind,
                           const char        *id,
                           GError           **error)
{
  g_autoptr(MoniaServerStmt) stmt = NULL;
  ServerRecord *record;
  int rc;

  stmt = _monia_server_prepare (self,
                                "SELECT case_id, feed, rev, deleted, fields, field_revs FROM records"
                                " WHERE kind = ? AND id = ?", error);
  if (stmt == NULL)
    return NULL;
  _monia_server_bind_text (stmt, 1, kind);
  _monia_server_bind_text (stmt, 2, id);
  rc = _monia_server_step (stmt);
  if (rc == MONIA_SERVER_DONE)
    return NULL;
  if (rc != MONIA_SERVER_ROW)
    {
      _monia_server_set_error (self, error);
      return NULL;
    }

  record = g_new0 (ServerRecord, 1);
  record->kind = g_strdup (kind);
  record->id = g_strdup (id);
  record->case_id = g_strdup (_monia_server_column_text (stmt, 0));
  record->feed = g_strdup (_monia_server_column_text (stmt, 1));
  record->rev = _monia_server_column_int64 (stmt, 2);
  record->deleted = _monia_server_column_int64 (stmt, 3) != 0;
  record->fields = _monia_server_parse_object (_monia_server_column_text (stmt, 4));
  record->field_revs = _monia_server_parse_object (_monia_server_column_text (stmt, 5));
  return record;
}

static gboolean
record_exists (MoniaServerStore *self,
               const char       *kind,
               const char       *id)
{
  g_autoptr(MoniaServerStmt) stmt = _monia_server_prepare (self,
    "SELECT 1 FROM records WHERE kind = ? AND id = ? AND deleted = 0", NULL);

  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, kind);
  _monia_server_bind_text (stmt, 2, id);
  return _monia_server_step (stmt) == MONIA_SERVER_ROW;
}

char *
_monia_server_dup_column (MoniaServerStmt *stmt,
                          int              column)
{
  return g_strdup (_monia_server_column_text (stmt, column));
}

static gboolean
recompute_members (MoniaServerStore  *self,
                   const char        *case_id,
                   GError           **error)
{
  static const char *statements[] = {
    "DELETE FROM case_members WHERE case_id = ?1",
    "INSERT INTO case_members (case_id, account_id, via, until)"
    " SELECT ?1, (fields ->> 'owner_id'), 'owner', NULL FROM records"
    " WHERE kind = 'case' AND id = ?1 AND deleted = 0 AND (fields ->> 'owner_id') IS NOT NULL"
    " ON CONFLICT DO NOTHING",
    "INSERT INTO case_members (case_id, account_id, via, until)"
    " SELECT ?1, (p.fields ->> 'first_id'), 'pair', (p.fields ->> 'active_until')"
    " FROM records c JOIN records p ON p.kind = 'work_pair' AND p.id = (c.fields ->> 'pair_id')"
    " AND p.deleted = 0 WHERE c.kind = 'case' AND c.id = ?1 AND c.deleted = 0"
    " AND (p.fields ->> 'first_id') IS NOT NULL ON CONFLICT DO NOTHING",
    "INSERT INTO case_members (case_id, account_id, via, until)"
    " SELECT ?1, (p.fields ->> 'second_id'), 'pair', (p.fields ->> 'active_until')"
    " FROM records c JOIN records p ON p.kind = 'work_pair' AND p.id = (c.fields ->> 'pair_id')"
    " AND p.deleted = 0 WHERE c.kind = 'case' AND c.id = ?1 AND c.deleted = 0"
    " AND (p.fields ->> 'second_id') IS NOT NULL ON CONFLICT DO NOTHING",
    "INSERT INTO case_members (case_id, account_id, via, until)"
    " SELECT ?1, (fields ->> 'professional_id'), 'participant', (fields ->> 'active_until')"
    " FROM records WHERE kind = 'participant' AND case_id = ?1 AND deleted = 0"
    " AND (fields ->> 'professional_id') IS NOT NULL ON CONFLICT DO NOTHING",
  };
  g_autofree char *lock = g_strconcat ("members:", case_id, NULL);

  /* Two servers recomputing one case's members take turns, each from
   * what the other committed. */
  if (!_monia_server_lock (self, lock, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      g_autoptr(MoniaServerStmt) stmt = _monia_server_prepare (self, statements[i], error);

      if (stmt == NULL)
        return FALSE;
      _monia_server_bind_text (stmt, 1, case_id);
      if (_monia_server_step (stmt) != MONIA_SERVER_DONE)
        return _monia_server_set_error (self, error);
    }
  return TRUE;
}

static gboolean
recompute_pair_cases (MoniaServerStore  *self,
                      const char        *pair_id,
                      GError           **error)
{
  g_autoptr(MoniaServerStmt) stmt = NULL;
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_free);

  stmt = _monia_server_prepare (self,
                                "SELECT id FROM records WHERE kind = 'case'"
                                " AND (fields ->> 'pair_id') = ?", error);
  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, pair_id);
  while (_monia_server_step (stmt) == MONIA_SERVER_ROW)
    g_ptr_array_add (cases, g_strdup (_monia_server_column_text (stmt, 0)));

  for (guint i = 0; i < cases->len; i++)
    if (!recompute_members (self, cases->pdata[i], error))
      return FALSE;
  return TRUE;
}

/* Feeds */

gboolean
_monia_server_touch_feed (MoniaServerStore  *self,
                          const char        *feed,
                          const char        *kind,
                          const char        *record_id,
                          GPtrArray         *changed_feeds,
                          GError           **error)
{
  g_autoptr(MoniaServerStmt) bump = NULL;
  g_autoptr(MoniaServerStmt) entry = NULL;
  gint64 seq;

  bump = _monia_server_prepare (self,
                                "INSERT INTO feeds (feed, seq) VALUES (?, 1)"
                                " ON CONFLICT (feed) DO UPDATE SET seq = feeds.seq + 1 RETURNING seq",
                                error);
  if (bump == NULL)
    return FALSE;
  _monia_server_bind_text (bump, 1, feed);
  if (_monia_server_step (bump) != MONIA_SERVER_ROW)
    return _monia_server_set_error (self, error);
  seq = _monia_server_column_int64 (bump, 0);

  entry = _monia_server_prepare (self,
                                 "INSERT INTO feed_entries (feed, kind, record_id, seq) VALUES (?, ?, ?, ?)"
                                 " ON CONFLICT (feed, kind, record_id) DO UPDATE SET seq = excluded.seq",
                                 error);
  if (entry == NULL)
    return FALSE;
  _monia_server_bind_text (entry, 1, feed);
  _monia_server_bind_text (entry, 2, kind);
  _monia_server_bind_text (entry, 3, record_id);
  _monia_server_bind_int64 (entry, 4, seq);
  if (_monia_server_step (entry) != MONIA_SERVER_DONE)
    return _monia_server_set_error (self, error);

  if (changed_feeds != NULL && !g_ptr_array_find_with_equal_func (changed_feeds, feed, g_str_equal, NULL))
    g_ptr_array_add (changed_feeds, g_strdup (feed));
  /* And to the desktops of other servers on the same database. */
  _monia_server_db_notify_feed (self->db, feed);
  return TRUE;
}

/* A changed record moves to the head of every feed it is in. */
gboolean
_monia_server_touch_record_feeds (MoniaServerStore  *self,
                                  ServerRecord      *record,
                                  GPtrArray         *changed_feeds,
                                  GError           **error)
{
  g_autoptr(MoniaServerStmt) stmt = NULL;
  g_autoptr(GPtrArray) feeds = g_ptr_array_new_with_free_func (g_free);

  stmt = _monia_server_prepare (self, "SELECT feed FROM feed_entries WHERE kind = ? AND record_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, record->kind);
  _monia_server_bind_text (stmt, 2, record->id);
  while (_monia_server_step (stmt) == MONIA_SERVER_ROW)
    g_ptr_array_add (feeds, g_strdup (_monia_server_column_text (stmt, 0)));
  if (!g_ptr_array_find_with_equal_func (feeds, record->feed, g_str_equal, NULL))
    g_ptr_array_add (feeds, g_strdup (record->feed));

  for (guint i = 0; i < feeds->len; i++)
    if (!_monia_server_touch_feed (self, feeds->pdata[i], record->kind, record->id, changed_feeds, error))
      return FALSE;
  return TRUE;
}

gboolean
_monia_server_save_record (MoniaServerStore  *self,
                           ServerRecord      *record,
                           gboolean           is_new,
                           const char        *op,
                           JsonObject        *changed,
                           const char        *actor,
                           const char        *mutation_id,
                           GError           **error)
{
  g_autoptr(MoniaServerStmt) stmt = NULL;
  g_autoptr(MoniaServerStmt) history = NULL;
  g_autofree char *fields = _monia_server_object_to_string (record->fields);
  g_autofree char *revs = _monia_server_object_to_string (record->field_revs);
  g_autofree char *changed_text = _monia_server_object_to_string (changed);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (is_new)
    stmt = _monia_server_prepare (self,
                                  "INSERT INTO records (kind, id, case_id, feed, rev, deleted, fields, field_revs,"
                                  " created_by, created_at, updated_by, updated_at)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?9, ?10)", error);
  else
    stmt = _monia_server_prepare (self,
                                  "UPDATE records SET case_id = ?3, feed = ?4, rev = ?5, deleted = ?6,"
                                  " fields = ?7, field_revs = ?8, updated_by = ?9, updated_at = ?10"
                                  " WHERE kind = ?1 AND id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, record->kind);
  _monia_server_bind_text (stmt, 2, record->id);
  _monia_server_bind_text (stmt, 3, record->case_id);
  _monia_server_bind_text (stmt, 4, record->feed);
  _monia_server_bind_int64 (stmt, 5, record->rev);
  _monia_server_bind_int64 (stmt, 6, record->deleted ? 1 : 0);
  _monia_server_bind_text (stmt, 7, fields);
  _monia_server_bind_text (stmt, 8, revs);
  _monia_server_bind_text (stmt, 9, actor);
  _monia_server_bind_int64 (stmt, 10, now);
  if (_monia_server_step (stmt) != MONIA_SERVER_DONE)
    return _monia_server_set_error (self, error);

  history = _monia_server_prepare (self,
                                   "INSERT INTO record_history (kind, record_id, rev, op, fields, actor, at, mutation_id)"
                                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (history == NULL)
    return FALSE;
  _monia_server_bind_text (history, 1, record->kind);
  _monia_server_bind_text (history, 2, record->id);
  _monia_server_bind_int64 (history, 3, record->rev);
  _monia_server_bind_text (history, 4, op);
  _monia_server_bind_text (history, 5, changed_text);
  _monia_server_bind_text (history, 6, actor);
  _monia_server_bind_int64 (history, 7, now);
  _monia_server_bind_text (history, 8, mutation_id);
  if (_monia_server_step (history) != MONIA_SERVER_DONE)
    return _monia_server_set_error (self, error);
  return TRUE;
}

/* The field's value as of @base_rev, and who made its latest change. */
JsonNode *
_monia_server_field_value_at (MoniaServerStore *self,
                              ServerRecord     *record,
                              const char       *field,
                              gint64            base_rev)
{
  g_autoptr(MoniaServerStmt) stmt = NULL;

  /* `->` with a name gives the value as JSON text, in both dialects. */
  stmt = _monia_server_prepare (self,
                                "SELECT (fields -> CAST (?3 AS TEXT)) FROM record_history"
                                " WHERE kind = ?1 AND record_id = ?2 AND rev <= ?4"
                                " AND (fields -> CAST (?3 AS TEXT)) IS NOT NULL ORDER BY rev DESC LIMIT 1",
                                NULL);
  if (stmt == NULL)
    return json_node_new (JSON_NODE_NULL);
  _monia_server_bind_text (stmt, 1, record->kind);
  _monia_server_bind_text (stmt, 2, record->id);
  _monia_server_bind_text (stmt, 3, field);
  _monia_server_bind_int64 (stmt, 4, base_rev);
  if (_monia_server_step (stmt) != MONIA_SERVER_ROW)
    return json_node_new (JSON_NODE_NULL);
  return _monia_server_parse_value (_monia_server_column_text (stmt, 0));
}

char *
_monia_server_field_changed_by (MoniaServerStore *self,
                                ServerRecord     *record,
                                gint64            rev)
{
  g_autoptr(MoniaServerStmt) stmt = NULL;

  stmt = _monia_server_prepare (self,
                                "SELECT actor FROM record_history WHERE kind = ? AND record_id = ? AND rev = ?",
                                NULL);
  if (stmt == NULL)
    return NULL;
  _monia_server_bind_text (stmt, 1, record->kind);
  _monia_server_bind_text (stmt, 2, record->id);
  _monia_server_bind_int64 (stmt, 3, rev);
  if (_monia_server_step (stmt) != MONIA_SERVER_ROW)
    return NULL;
  return g_strdup (_monia_server_column_text (stmt, 0));
}

static void
add_person_ids (GString      *out,
                ServerRecord *record)
{
  const char *person = NULL;

  if (g_str_equal (record->kind, "person"))
    person = record->id;
  else if (g_str_equal (record->kind, "case_person") || g_str_equal (record->kind, "consent"))
    person = _monia_server_object_get_string (record->fields, "person_id");
  if (person != NULL)
    g_string_append (out, person);
}

gboolean
_monia_server_audit_record (MoniaServerStore   *self,
                            MoniaServerAccount *account,
                            const char         *device,
                            const char         *action,
                            ServerRecord       *record,
                            const char         *case_id,
                            const char         *reason,
                            GError            **error)
{
  g_autoptr(GString) people = g_string_new (NULL);
  MoniaAuditEntry entry = { 0 };

  add_person_ids (people, record);
  entry.actor = account->id;
  entry.action = action;
  entry.record_kind = record->kind;
  entry.record_id = record->id;
  entry.case_id = case_id;
  entry.person_ids = people->len > 0 ? people->str : NULL;
  entry.reason = reason;
  entry.device = device;
  return _monia_server_audit_in_tx (self, &entry, error);
}

gboolean
_monia_server_after_write (MoniaServerStore   *self,
                           ServerRecord       *record,
                           GPtrArray          *changed_feeds,
                           GError            **error)
{
  if (g_str_equal (record->kind, "case") || g_str_equal (record->kind, "participant"))
    return recompute_members (self, record->case_id, error);
  if (g_str_equal (record->kind, "work_pair"))
    return recompute_pair_cases (self, record->id, error);
  if (g_str_equal (record->kind, "case_person") && !record->deleted)
    {
      /* The person now belongs in this case's feed too. */
      const char *person_id = _monia_server_object_get_string (record->fields, "person_id");

      if (person_id != NULL && record_exists (self, "person", person_id))
        return _monia_server_touch_feed (self, record->case_id, "person", person_id, changed_feeds, error);
    }
  return TRUE;
}

void
_monia_server_set_string_or_null (JsonObject *object,
                                  const char *member,
                                  const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

/* Puts a record the server makes from accounts in the directory, unless
 * one of its kind and id is there already: @names and @values are its
 * fields, each at revision 1. */
static gboolean
publish_directory_record (MoniaServerStore    *self,
                          const char          *kind,
                          const char          *id,
                          const char * const  *names,
                          const char * const  *values,
                          guint                n_fields,
                          GError             **error)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) revs = json_object_new ();
  g_autoptr(MoniaServerStmt) stmt = NULL;
  g_autofree char *fields_text = NULL;
  g_autofree char *revs_text = NULL;
  MoniaServerStep step;

  for (guint i = 0; i < n_fields; i++)
    {
      json_object_set_string_member (fields, names[i], values[i]);
      json_object_set_int_member (revs, names[i], 1);
    }
  fields_text = _monia_server_object_to_string (fields);
  revs_text = _monia_server_object_to_string (revs);

  /* Accounts added side by side (on other servers) may both make their
   * team's records: the second finds them there and leaves them. */
  stmt = _monia_server_prepare (self,
                                "INSERT INTO records (kind, id, case_id, feed, rev, deleted, fields, field_revs,"
                                " created_by, created_at, updated_by, updated_at)"
                                " VALUES (?1, ?2, NULL, 'directory', 1, 0, ?3, ?4, NULL, ?5, NULL, ?5)"
                                " ON CONFLICT (kind, id) DO NOTHING RETURNING id",
                                error);
  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, kind);
  _monia_server_bind_text (stmt, 2, id);
  _monia_server_bind_text (stmt, 3, fields_text);
  _monia_server_bind_text (stmt, 4, revs_text);
  _monia_server_bind_int64 (stmt, 5, g_get_real_time () / G_USEC_PER_SEC);
  step = _monia_server_step (stmt);
  if (step == MONIA_SERVER_DONE)
    return TRUE;
  if (step != MONIA_SERVER_ROW)
    return _monia_server_set_error (self, error);
  return _monia_server_touch_feed (self, MONIA_FEED_DIRECTORY, kind, id, NULL, error);
}

/* The organisation and the team of an account, made from their names. */
static gboolean
publish_team (MoniaServerStore  *self,
              const char        *org,
              const char        *team,
              GError           **error)
{
  g_autofree char *org_id = monia_server_organisation_id (org);
  g_autofree char *team_id = monia_server_team_id (org, team);
  const char *const org_names[] = { "name" };
  const char *const org_values[] = { org };
  const char *const team_names[] = { "name", "organisation_id" };
  const char *const team_values[] = { team, org_id };

  return publish_directory_record (self, "organisation", org_id, org_names, org_values,
                                   G_N_ELEMENTS (org_names), error) &&
         publish_directory_record (self, "team", team_id, team_names, team_values,
                                   G_N_ELEMENTS (team_names), error);
}

gboolean
_monia_server_publish_professional (MoniaServerStore  *self,
                                    const char        *id,
                                    const char        *name,
                                    const char        *org,
                                    const char        *team,
                                    const char        *role,
                                    const char        *login,
                                    GError           **error)
{
  g_autofree char *org_id = monia_server_organisation_id (org);
  g_autofree char *team_id = monia_server_team_id (org, team);
  const char *const names[] = { "name", "organisation_id", "team_id", "role", "login" };
  const char *const values[] = { name, org_id, team_id, role, login };

  /* The records it names first, so a page never names one not yet served. */
  return publish_team (self, org, team, error) &&
         publish_directory_record (self, "professional", id, names, values, G_N_ELEMENTS (names), error);
}

/* Schema 5: the professional records published before then name no
 * organisation, and there are no organisation or team records for them.
 * Each account's are published now, and its professional record gains its
 * organisation as a change like any other: a new revision, moved to the
 * head of the directory, so desktops pull it from where they were. */
gboolean
_monia_server_publish_organisations (MoniaServerStore  *self,
                                     GError           **error)
{
  g_autoptr(MoniaServerStmt) stmt = NULL;
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_free);
  MoniaServerStep step;

  stmt = _monia_server_prepare (self, "SELECT id, org, team FROM accounts ORDER BY created_at, id", error);
  if (stmt == NULL)
    return FALSE;
  while ((step = _monia_server_step (stmt)) == MONIA_SERVER_ROW)
    for (int c = 0; c < 3; c++)
      g_ptr_array_add (accounts, _monia_server_dup_column (stmt, c));
  if (step != MONIA_SERVER_DONE)
    return _monia_server_set_error (self, error);
  g_clear_pointer (&stmt, _monia_server_release);

  for (guint i = 0; i < accounts->len; i += 3)
    {
      const char *id = accounts->pdata[i];
      const char *org = accounts->pdata[i + 1];
      const char *team = accounts->pdata[i + 2];
      g_autofree char *org_id = monia_server_organisation_id (org);
      g_autoptr(ServerRecord) record = NULL;
      g_autoptr(JsonObject) changed = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!publish_team (self, org, team, error))
        return FALSE;
      record = _monia_server_load_record (self, "professional", id, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (record == NULL)
        continue;
      if (g_strcmp0 (_monia_server_object_get_string (record->fields, "organisation_id"), org_id) == 0)
        continue;

      record->rev++;
      json_object_set_string_member (record->fields, "organisation_id", org_id);
      json_object_set_int_member (record->field_revs, "organisation_id", record->rev);
      changed = json_object_new ();
      json_object_set_string_member (changed, "organisation_id", org_id);
      if (!_monia_server_save_record (self, record, FALSE, "update", changed, NULL, NULL, error) ||
          !_monia_server_touch_record_feeds (self, record, NULL, error))
        return FALSE;
    }
  return TRUE;
}
