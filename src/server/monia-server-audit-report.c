/* monia-server-audit-report.c — the audit log read back: who processed a person's data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-server-audit"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "monia-json-private.h"
#include "monia-server-sync-private.h"

JsonNode *
monia_server_store_audit_for_person (MoniaServerStore   *self,
                                     MoniaServerAccount *admin,
                                     const char         *person_id,
                                     GError            **error)
{
  g_autoptr(MoniaServerStmt) stmt = NULL;
  g_autoptr(JsonArray) entries = json_array_new ();
  JsonObject *reply;
  MoniaAuditEntry entry = { 0 };
  int rc;

  if (admin->role != MONIA_ROLE_ADMIN)
    {
      g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_FORBIDDEN,
                           _("Only administrators can read the audit log."));
      return NULL;
    }
  if (!g_uuid_string_is_valid (person_id))
    {
      g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_BAD_REQUEST,
                           _("A person is named by their record id."));
      return NULL;
    }

  stmt = _monia_server_prepare (self,
    "SELECT a.seq, a.at, a.actor, a.action, a.record_kind, a.record_id, a.case_id, a.reason, a.device,"
    " acc.name, acc.org FROM audit a LEFT JOIN accounts acc ON acc.id = a.actor"
    " WHERE (',' || a.person_ids || ',') LIKE '%,' || CAST (?1 AS TEXT) || ',%'"
    " OR a.case_id IN (SELECT r.case_id FROM records r WHERE r.kind = 'case_person'"
    "                  AND (r.fields ->> 'person_id') = ?1)"
    " ORDER BY a.seq LIMIT 10000", error);
  if (stmt == NULL)
    return NULL;
  _monia_server_bind_text (stmt, 1, person_id);
  while ((rc = _monia_server_step (stmt)) == MONIA_SERVER_ROW)
    {
      JsonObject *item = json_object_new ();

      json_object_set_int_member (item, "seq", _monia_server_column_int64 (stmt, 0));
      json_object_set_int_member (item, "at", _monia_server_column_int64 (stmt, 1));
      _monia_server_set_string_or_null (item, "actor", _monia_server_column_text (stmt, 2));
      _monia_server_set_string_or_null (item, "action", _monia_server_column_text (stmt, 3));
      _monia_server_set_string_or_null (item, "record_kind", _monia_server_column_text (stmt, 4));
      _monia_server_set_string_or_null (item, "record_id", _monia_server_column_text (stmt, 5));
      _monia_server_set_string_or_null (item, "case_id", _monia_server_column_text (stmt, 6));
      _monia_server_set_string_or_null (item, "reason", _monia_server_column_text (stmt, 7));
      _monia_server_set_string_or_null (item, "device", _monia_server_column_text (stmt, 8));
      _monia_server_set_string_or_null (item, "actor_name", _monia_server_column_text (stmt, 9));
      _monia_server_set_string_or_null (item, "actor_org", _monia_server_column_text (stmt, 10));
      json_array_add_object_element (entries, item);
    }
  if (rc != MONIA_SERVER_DONE)
    {
      _monia_server_set_error (self, error);
      return NULL;
    }

  /* Reading the log about a person is itself logged. */
  entry.actor = admin->id;
  entry.action = "audit_query";
  entry.record_kind = "person";
  entry.record_id = person_id;
  entry.person_ids = person_id;
  if (!monia_server_store_audit (self, &entry, error))
    return NULL;

  reply = json_object_new ();
  json_object_set_string_member (reply, "person_id", person_id);
  json_object_set_array_member (reply, "entries", g_steal_pointer (&entries));
  return _monia_server_node_take_object (reply);
}
