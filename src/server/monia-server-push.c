/* monia-server-push.c — push: mutations checked, applied or turned into conflicts, once each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-server-push"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "monia-json-private.h"
#include "monia-server-sync-private.h"

/* Push */

static JsonObject *
result_new (const char *mutation_id,
            const char *status)
{
  JsonObject *result = json_object_new ();

  if (mutation_id != NULL)
    json_object_set_string_member (result, "id", mutation_id);
  else
    json_object_set_null_member (result, "id");
  json_object_set_string_member (result, "status", status);
  return result;
}

static JsonObject *
result_rejected (const char   *mutation_id,
                 const GError *error)
{
  JsonObject *result = result_new (mutation_id, "rejected");
  JsonObject *err = json_object_new ();

  json_object_set_string_member (err, "code", monia_server_error_code_name (error));
  json_object_set_string_member (err, "message", error->message);
  json_object_set_object_member (result, "error", err);
  return result;
}

/* A mutation the protocol cannot read is the client's mistake: 400. */
static gboolean
parse_mutation (JsonNode           *node,
                MoniaWireMutation  *m,
                GError            **error)
{
  g_autoptr(GError) local_error = NULL;

  if (monia_wire_mutation_read (node, m, &local_error))
    return TRUE;
  g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_BAD_REQUEST, local_error->message);
  return FALSE;
}

gboolean
_monia_server_check_field (const MoniaKind  *kind,
                           const char       *name,
                           JsonNode         *node,
                           GError          **error)
{
  const MoniaField *field = monia_kind_lookup_field (kind, name);
  g_autoptr(GVariant) value = NULL;

  if (field == NULL)
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("A %s has no field “%s”."), kind->name, name);
      return FALSE;
    }
  if (JSON_NODE_HOLDS_NULL (node))
    {
      if (field->flags & MONIA_FIELD_FLAG_REQUIRED)
        {
          g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                       _("“%s” cannot be left empty."), name);
          return FALSE;
        }
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node))
    goto wrong;

  switch (field->type)
    {
    case MONIA_FIELD_TEXT:
    case MONIA_FIELD_DATE:
    case MONIA_FIELD_REF:
      if (json_node_get_value_type (node) != G_TYPE_STRING)
        goto wrong;
      value = g_variant_ref_sink (g_variant_new_string (json_node_get_string (node)));
      break;
    case MONIA_FIELD_INT:
    case MONIA_FIELD_TIME:
      if (json_node_get_value_type (node) != G_TYPE_INT64)
        goto wrong;
      value = g_variant_ref_sink (g_variant_new_int64 (json_node_get_int (node)));
      break;
    case MONIA_FIELD_BOOL:
      if (json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        goto wrong;
      value = g_variant_ref_sink (g_variant_new_boolean (json_node_get_boolean (node)));
      break;
    default:
      goto wrong;
    }

  if (field->flags & MONIA_FIELD_FLAG_REQUIRED && field->type == MONIA_FIELD_TEXT &&
      *g_variant_get_string (value, NULL) == '\0')
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("“%s” cannot be left empty."), name);
      return FALSE;
    }
  return monia_field_check_value (kind, field, value, error);

wrong:
  g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
               _("The value given for “%s” is of the wrong kind."), name);
  return FALSE;
}

static JsonObject *
store_conflict (MoniaServerStore   *self,
                MoniaServerAccount *account,
                MoniaWireMutation  *m,
                ServerRecord       *record,
                const char         *field,
                JsonNode           *mine,
                GPtrArray          *changed_feeds,
                GError            **error)
{
  g_autoptr(MoniaServerStmt) stmt = NULL;
  g_autofree char *id = monia_id_new ();
  gint64 theirs_rev = field ? json_object_get_int_member_with_default (record->field_revs, field, 0) : record->rev;
  g_autofree char *theirs_by = _monia_server_field_changed_by (self, record, theirs_rev);
  g_autoptr(JsonNode) base = field ? _monia_server_field_value_at (self, record, field, m->base_rev) : json_node_new (JSON_NODE_NULL);
  JsonNode *theirs = field ? json_object_get_member (record->fields, field) : NULL;
  g_autofree char *base_text = _monia_server_value_to_string (base);
  g_autofree char *theirs_text = _monia_server_value_to_string (theirs);
  g_autofree char *mine_text = _monia_server_value_to_string (mine);
  JsonObject *summary;

  stmt = _monia_server_prepare (self,
                                "INSERT INTO conflicts (id, case_id, record_kind, record_id, field, base_rev,"
                                " base_value, theirs_value, theirs_rev, theirs_by, mine_value, mine_by,"
                                " mutation_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                error);
  if (stmt == NULL)
    return NULL;
  _monia_server_bind_text (stmt, 1, id);
  _monia_server_bind_text (stmt, 2, record->case_id);
  _monia_server_bind_text (stmt, 3, record->kind);
  _monia_server_bind_text (stmt, 4, record->id);
  _monia_server_bind_text (stmt, 5, field);
  _monia_server_bind_int64 (stmt, 6, m->base_rev);
  _monia_server_bind_text (stmt, 7, base_text);
  _monia_server_bind_text (stmt, 8, theirs_text);
  _monia_server_bind_int64 (stmt, 9, theirs_rev);
  _monia_server_bind_text (stmt, 10, theirs_by);
  _monia_server_bind_text (stmt, 11, mine_text);
  _monia_server_bind_text (stmt, 12, account->id);
  _monia_server_bind_text (stmt, 13, m->id);
  _monia_server_bind_int64 (stmt, 14, g_get_real_time () / G_USEC_PER_SEC);
  if (_monia_server_step (stmt) != MONIA_SERVER_DONE)
    {
      _monia_server_set_error (self, error);
      return NULL;
    }

  if (record->case_id != NULL &&
      !_monia_server_touch_feed (self, record->case_id, "conflict", id, changed_feeds, error))
    return NULL;

  summary = json_object_new ();
  json_object_set_string_member (summary, "conflict_id", id);
  if (field != NULL)
    json_object_set_string_member (summary, "field", field);
  else
    json_object_set_null_member (summary, "field");
  json_object_set_member (summary, "base", json_node_copy (base));
  json_object_set_member (summary, "theirs", theirs ? json_node_copy (theirs) : json_node_new (JSON_NODE_NULL));
  json_object_set_member (summary, "mine", mine ? json_node_copy (mine) : json_node_new (JSON_NODE_NULL));
  return summary;
}

/* Applies one mutation inside the caller's transaction. Returns the result
 * object, or NULL with @error for a mutation that is refused. */
static JsonObject *
apply_mutation (MoniaServerStore   *self,
                MoniaServerAccount *account,
                const char         *device,
                MoniaWireMutation  *m,
                GPtrArray          *changed_feeds,
                GError            **error)
{
  const MoniaKind *kind = monia_kind_lookup (m->kind);
  g_autoptr(ServerRecord) record = NULL;
  g_autoptr(JsonObject) changed = json_object_new ();
  g_autoptr(JsonArray) applied = json_array_new ();
  g_autoptr(JsonArray) conflicts = json_array_new ();
  g_autofree char *case_id = NULL;
  g_autofree char *feed = NULL;
  g_autofree char *lock = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *result;
  gboolean is_new = FALSE;
  gint64 new_rev;

  if (kind == NULL || g_str_equal (kind->name, "professional"))
    {
      g_set_error (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_BAD_REQUEST,
                   _("Records of kind “%s” cannot be pushed."), m->kind);
      return NULL;
    }

  /* Views made offline on a desktop go into the audit log. */
  if (g_str_equal (kind->name, "audit_event"))
    {
      if (!_monia_server_check_audit_event (self, account, kind, m, device, error))
        return NULL;
      return result_new (m->id, "applied");
    }

  /* Another server changing the same record waits for this one: then it
   * sees this change and the field's new revision, so the same field
   * edited through two servers is one conflict, never a lost update. */
  lock = g_strconcat ("record:", kind->name, ":", m->record_id, NULL);
  if (!_monia_server_lock (self, lock, error))
    return NULL;
  record = _monia_server_load_record (self, kind->name, m->record_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (g_str_equal (m->op, "create"))
    {
      if (record != NULL)
        {
          g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_EXISTS,
                               _("A record with this id already exists."));
          return NULL;
        }
    }
  else
    {
      if (kind->flags & MONIA_KIND_FLAG_APPEND_ONLY)
        {
          g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_READ_ONLY,
                               _("Notes, events and ratings cannot be changed or removed once saved."));
          return NULL;
        }
      if (record == NULL || record->deleted)
        {
          g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_NOT_FOUND,
                               _("The record does not exist or was removed."));
          return NULL;
        }
      if (m->base_rev > record->rev || m->base_rev < 1)
        {
          g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_BAD_REQUEST,
                               _("“base_rev” is not a revision the server gave out."));
          return NULL;
        }
    }

  /* Check every value before deciding anything. */
  if (m->fields != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (m->fields);

      for (GList *l = members; l != NULL; l = l->next)
        if (!_monia_server_check_field (kind, l->data, json_object_get_member (m->fields, l->data), error))
          return NULL;
    }

  if (!_monia_server_authorise (self, account, kind, m, record, &case_id, &feed, error))
    return NULL;

  if (record == NULL)
    {
      is_new = TRUE;
      record = g_new0 (ServerRecord, 1);
      record->kind = g_strdup (kind->name);
      record->id = g_strdup (m->record_id);
      record->case_id = g_strdup (case_id);
      record->feed = g_strdup (feed);
      record->rev = 0;
      record->fields = json_object_new ();
      record->field_revs = json_object_new ();

      for (guint i = 0; i < kind->n_fields; i++)
        if (kind->fields[i].flags & MONIA_FIELD_FLAG_REQUIRED &&
            (m->fields == NULL || !json_object_has_member (m->fields, kind->fields[i].name)))
          {
            g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                         _("“%s” cannot be left empty."), kind->fields[i].name);
            return NULL;
          }
    }
  else if (m->fields != NULL && json_object_has_member (m->fields, "case_id") &&
           g_strcmp0 (_monia_server_object_get_string (m->fields, "case_id"), record->case_id) != 0)
    {
      g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_BAD_REQUEST,
                           _("A record cannot be moved to another case."));
      return NULL;
    }

  new_rev = record->rev + 1;

  if (g_str_equal (m->op, "delete"))
    {
      if (m->base_rev < record->rev)
        {
          JsonObject *summary = store_conflict (self, account, m, record, NULL, NULL, changed_feeds, error);

          if (summary == NULL)
            return NULL;
          json_array_add_object_element (conflicts, summary);
        }
      else
        {
          record->deleted = TRUE;
          record->rev = new_rev;
          json_object_set_boolean_member (changed, "_deleted", TRUE);
        }
    }
  else if (m->fields != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (m->fields);

      for (GList *l = members; l != NULL; l = l->next)
        {
          const char *name = l->data;
          JsonNode *mine = json_object_get_member (m->fields, name);
          JsonNode *current = json_object_get_member (record->fields, name);
          gint64 field_rev = json_object_get_int_member_with_default (record->field_revs, name, 0);
          gboolean same = (current == NULL && JSON_NODE_HOLDS_NULL (mine)) ||
                          (current != NULL && json_node_equal (current, mine));

          if (same)
            continue;
          if (is_new || field_rev <= m->base_rev)
            {
              if (JSON_NODE_HOLDS_NULL (mine))
                json_object_remove_member (record->fields, name);
              else
                json_object_set_member (record->fields, name, json_node_copy (mine));
              json_object_set_int_member (record->field_revs, name, new_rev);
              json_object_set_member (changed, name, json_node_copy (mine));
              json_array_add_string_element (applied, name);
            }
          else
            {
              /* Someone changed the field after the pusher's base: keep
               * both, let the team decide. */
              JsonObject *summary = store_conflict (self, account, m, record, name, mine, changed_feeds, error);

              if (summary == NULL)
                return NULL;
              json_array_add_object_element (conflicts, summary);
            }
        }
    }

  /* A new case belongs to whoever makes it unless it names its owner. */
  if (is_new && g_str_equal (kind->name, "case"))
    {
      if (!json_object_has_member (record->fields, "owner_id"))
        {
          json_object_set_string_member (record->fields, "owner_id", account->id);
          json_object_set_string_member (changed, "owner_id", account->id);
          json_object_set_int_member (record->field_revs, "owner_id", new_rev);
        }
      if (!json_object_has_member (record->fields, "team_id"))
        {
          json_object_set_string_member (record->fields, "team_id", account->team_id);
          json_object_set_string_member (changed, "team_id", account->team_id);
          json_object_set_int_member (record->field_revs, "team_id", new_rev);
        }
    }

  if (json_object_get_size (changed) > 0 || is_new)
    {
      record->rev = new_rev;
      if (!_monia_server_save_record (self, record, is_new, m->op, changed, account->id, m->id, error) ||
          !_monia_server_touch_record_feeds (self, record, changed_feeds, error) ||
          !_monia_server_after_write (self, record, changed_feeds, error) ||
          !_monia_server_audit_record (self, account, device, m->op, record, record->case_id, NULL, error))
        return NULL;
    }

  result = result_new (m->id, json_array_get_length (conflicts) > 0 ? "conflict" : "applied");
  json_object_set_int_member (result, "rev", record->rev);
  json_object_set_array_member (result, "applied", g_steal_pointer (&applied));
  if (json_array_get_length (conflicts) > 0)
    json_object_set_array_member (result, "conflicts", g_steal_pointer (&conflicts));
  return result;
}

/* The stored answer to @account's own mutation @mutation_id: another
 * account's mutation of the same id is not this one. */
static JsonObject *
lookup_applied (MoniaServerStore   *self,
                MoniaServerAccount *account,
                const char         *mutation_id)
{
  g_autoptr(MoniaServerStmt) stmt = NULL;
  JsonObject *result;

  stmt = _monia_server_prepare (self, "SELECT result FROM applied_mutations"
                                      " WHERE account_id = ? AND mutation_id = ?", NULL);
  if (stmt == NULL)
    return NULL;
  _monia_server_bind_text (stmt, 1, account->id);
  _monia_server_bind_text (stmt, 2, mutation_id);
  if (_monia_server_step (stmt) != MONIA_SERVER_ROW)
    return NULL;
  result = _monia_server_parse_object (_monia_server_column_text (stmt, 0));
  json_object_set_boolean_member (result, "duplicate", TRUE);
  return result;
}

static gboolean
remember_applied (MoniaServerStore   *self,
                  MoniaServerAccount *account,
                  const char         *mutation_id,
                  JsonObject         *result,
                  GError            **error)
{
  g_autoptr(MoniaServerStmt) stmt = NULL;
  g_autofree char *text = _monia_server_object_to_string (result);

  stmt = _monia_server_prepare (self,
                                "INSERT INTO applied_mutations (mutation_id, account_id, at, result)"
                                " VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, mutation_id);
  _monia_server_bind_text (stmt, 2, account->id);
  _monia_server_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);
  _monia_server_bind_text (stmt, 4, text);
  if (_monia_server_step (stmt) != MONIA_SERVER_DONE)
    return _monia_server_set_error (self, error);
  return TRUE;
}

/* One mutation, its bookkeeping and its audit entry: kept or undone as a
 * unit (a savepoint inside the push's transaction). */
static JsonObject *
push_one (MoniaServerStore   *self,
          MoniaServerAccount *account,
          const char         *device,
          JsonNode           *node,
          GPtrArray          *changed_feeds)
{
  MoniaWireMutation m = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) feeds = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *lock = NULL;
  JsonObject *result;

  if (!parse_mutation (node, &m, &error))
    return result_rejected (m.id, error);

  if (!_monia_server_savepoint (self, &error))
    return result_rejected (m.id, error);

  /* The same mutation resent to another server meanwhile waits here, and
   * then finds this one's answer. */
  lock = g_strconcat ("mutation:", account->id, ":", m.id, NULL);
  if (!_monia_server_lock (self, lock, &error))
    {
      _monia_server_savepoint_rollback (self);
      return result_rejected (m.id, error);
    }
  result = lookup_applied (self, account, m.id);
  if (result != NULL)
    {
      _monia_server_savepoint_rollback (self);
      return result;
    }

  result = apply_mutation (self, account, device, &m, feeds, &error);
  if (result == NULL)
    {
      _monia_server_savepoint_rollback (self);
      if (g_error_matches (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_STORE))
        return result_rejected (m.id, error);

      /* A refusal is remembered too, so a resent batch gets the same answer. */
      result = result_rejected (m.id, error);
      g_clear_error (&error);
      if (!_monia_server_savepoint (self, &error))
        return result;
      if (!remember_applied (self, account, m.id, result, &error) ||
          !_monia_server_savepoint_release (self, &error))
        _monia_server_savepoint_rollback (self);
      return result;
    }

  if (!remember_applied (self, account, m.id, result, &error) ||
      !_monia_server_savepoint_release (self, &error))
    {
      _monia_server_savepoint_rollback (self);
      json_object_unref (result);
      return result_rejected (m.id, error);
    }

  for (guint i = 0; i < feeds->len; i++)
    if (changed_feeds != NULL && !g_ptr_array_find_with_equal_func (changed_feeds, feeds->pdata[i], g_str_equal, NULL))
      g_ptr_array_add (changed_feeds, g_strdup (feeds->pdata[i]));
  return result;
}

#define MAX_MUTATIONS_PER_PUSH 500
/* A deadlock between servers is rare; a lost database does not come back
 * within a request. */
#define MAX_PUSH_ATTEMPTS 3

JsonNode *
monia_server_store_push (MoniaServerStore   *self,
                         MoniaServerAccount *account,
                         const char         *device,
                         JsonArray          *mutations,
                         GPtrArray          *out_changed_feeds,
                         GError            **error)
{
  g_autoptr(JsonArray) results = json_array_new ();
  g_autoptr(GPtrArray) feeds = g_ptr_array_new_with_free_func (g_free);
  JsonObject *reply;
  guint n;

  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), NULL);

  n = json_array_get_length (mutations);
  if (n > MAX_MUTATIONS_PER_PUSH)
    {
      g_set_error (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_BAD_REQUEST,
                   _("Send at most %d mutations at a time."), MAX_MUTATIONS_PER_PUSH);
      return NULL;
    }

  /* Each mutation is a unit of its own (a savepoint: its record changes,
   * bookkeeping and audit entry are kept or undone together, and one
   * refusal does not stop the rest), and the push is one durable commit
   * before the answer: the disk is synced once a push, not once a
   * mutation. If that commit fails, nothing of the push was kept and the
   * desktop gets an error and sends the same mutations again. A push that
   * ran into another server's (a deadlock) is run again from the start;
   * one whose database went away fails whole, never as refusals. */
  for (guint attempt = 1;; attempt++)
    {
      gboolean again = FALSE;

      g_ptr_array_set_size (feeds, 0);
      g_clear_pointer (&results, json_array_unref);
      results = json_array_new ();
      if (!_monia_server_begin (self, error))
        return NULL;
      for (guint i = 0; i < n && !again; i++)
        {
          json_array_add_object_element (results,
                                         push_one (self, account, device,
                                                   json_array_get_element (mutations, i),
                                                   feeds));
          again = _monia_server_must_retry (self);
        }
      if (!again && _monia_server_commit (self, error))
        break;
      if (!again && !_monia_server_must_retry (self))
        return NULL;
      if (again)
        {
          _monia_server_rollback (self);
          if (attempt >= MAX_PUSH_ATTEMPTS)
            {
              _monia_server_set_error (self, error);
              return NULL;
            }
        }
      else
        {
          if (attempt >= MAX_PUSH_ATTEMPTS)
            return NULL;
          g_clear_error (error);
        }
      g_debug ("push run again (attempt %u): %s", attempt + 1, self->db->message);
    }

  for (guint i = 0; out_changed_feeds != NULL && i < feeds->len; i++)
    if (!g_ptr_array_find_with_equal_func (out_changed_feeds, feeds->pdata[i], g_str_equal, NULL))
      g_ptr_array_add (out_changed_feeds, g_strdup (feeds->pdata[i]));

  reply = json_object_new ();
  json_object_set_array_member (reply, "results", g_steal_pointer (&results));
  return _monia_server_node_take_object (reply);
}

gboolean
monia_server_store_resolve_conflict (MoniaServerStore   *self,
                                     MoniaServerAccount *account,
                                     const char         *device,
                                     const char         *conflict_id,
                                     char              **out_case_id,
                                     GError            **error)
{
  g_autoptr(MoniaServerStmt) stmt = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *record_kind = NULL;
  MoniaAuditEntry entry = { 0 };
  CaseAccess access = { MONIA_RELATION_NONE, MONIA_CASE_PART_NONE, FALSE };

  stmt = _monia_server_prepare (self, "SELECT case_id, record_kind FROM conflicts WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, conflict_id);
  if (_monia_server_step (stmt) == MONIA_SERVER_ROW)
    {
      case_id = g_strdup (_monia_server_column_text (stmt, 0));
      record_kind = g_strdup (_monia_server_column_text (stmt, 1));
    }
  g_clear_pointer (&stmt, _monia_server_release);

  if (case_id != NULL)
    access = _monia_server_case_access (self, account, case_id);
  if (case_id == NULL || !_monia_server_is_on_case (&access) || !_monia_server_may_read_kind (&access, record_kind))
    {
      g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_NOT_FOUND,
                           _("There is no such conflict in your cases."));
      return FALSE;
    }
  if (!_monia_server_may_write_case (&access, record_kind, MONIA_ACCESS_UPDATE, error))
    return FALSE;

  if (!_monia_server_begin (self, error))
    return FALSE;
  stmt = _monia_server_prepare (self,
                                "UPDATE conflicts SET resolved_at = ?, resolved_by = ?"
                                " WHERE id = ? AND resolved_at IS NULL", error);
  if (stmt == NULL)
    goto fail;
  _monia_server_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
  _monia_server_bind_text (stmt, 2, account->id);
  _monia_server_bind_text (stmt, 3, conflict_id);
  if (_monia_server_step (stmt) != MONIA_SERVER_DONE)
    {
      _monia_server_set_error (self, error);
      goto fail;
    }
  if (_monia_server_changes (self) > 0)
    {
      entry.actor = account->id;
      entry.action = "resolve_conflict";
      entry.record_kind = "conflict";
      entry.record_id = conflict_id;
      entry.case_id = case_id;
      entry.device = device;
      if (!_monia_server_touch_feed (self, case_id, "conflict", conflict_id, NULL, error) ||
          !_monia_server_audit_in_tx (self, &entry, error))
        goto fail;
    }
  if (!_monia_server_commit (self, error))
    return FALSE;
  if (out_case_id != NULL)
    *out_case_id = g_steal_pointer (&case_id);
  return TRUE;

fail:
  _monia_server_rollback (self);
  return FALSE;
}
