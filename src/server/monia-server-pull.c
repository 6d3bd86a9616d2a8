/* monia-server-pull.c — pull: case lists, pages of feeds, the lead feed, live sequence numbers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-server-pull"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "monia-json-private.h"
#include "monia-server-sync-private.h"

/* Pull */

static const char next_deadline_sql[] =
  "(SELECT min (d) FROM ("
  "   SELECT (a.fields ->> 'decision_due') AS d FROM records a"
  "   WHERE a.kind = 'assessment' AND a.case_id = c.id AND a.deleted = 0"
  "   AND (a.fields ->> 'started_on') IS NULL"
  "   UNION ALL"
  "   SELECT (a.fields ->> 'completion_due') FROM records a"
  "   WHERE a.kind = 'assessment' AND a.case_id = c.id AND a.deleted = 0"
  "   AND (a.fields ->> 'completed_on') IS NULL) AS deadlines)";

JsonNode *
monia_server_store_list_cases (MoniaServerStore   *self,
                               MoniaServerAccount *account,
                               GError            **error)
{
  g_autoptr(MoniaServerStmt) stmt = NULL;
  g_autoptr(JsonArray) cases = json_array_new ();
  g_autoptr(JsonArray) revoked = json_array_new ();
  g_autofree char *sql = NULL;
  JsonObject *reply;
  char today[16];
  int rc;

  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), NULL);

  /* A case once, however many ways the account is on it. */
  sql = g_strdup_printf ("SELECT c.id, (c.fields ->> 'title'), (c.fields ->> 'status'),"
                         " (c.fields ->> 'opened_on'), coalesce (f.seq, 0), %s AS due"
                         " FROM records c LEFT JOIN feeds f ON f.feed = c.id"
                         " WHERE c.kind = 'case' AND c.deleted = 0 AND c.id IN"
                         " (SELECT m.case_id FROM case_members m WHERE m.account_id = ?1 AND " MEMBER_ACTIVE ("?2") ")"
                         " ORDER BY due NULLS LAST, c.id",
                         next_deadline_sql);
  stmt = _monia_server_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  _monia_server_today_text (today);
  _monia_server_bind_text (stmt, 1, account->id);
  _monia_server_bind_text (stmt, 2, today);
  while ((rc = _monia_server_step (stmt)) == MONIA_SERVER_ROW)
    {
      JsonObject *item = json_object_new ();
      const char *id = _monia_server_column_text (stmt, 0);
      CaseAccess access = _monia_server_case_access (self, account, id);
      gboolean full = monia_relation_is_full (access.relation);
      gboolean titled = _monia_server_may_read_kind (&access, "case");

      json_object_set_string_member (item, "id", id);
      /* A participant without consent to the overview sees no title. */
      _monia_server_set_string_or_null (item, "title", titled ? _monia_server_column_text (stmt, 1) : NULL);
      _monia_server_set_string_or_null (item, "status", _monia_server_column_text (stmt, 2));
      _monia_server_set_string_or_null (item, "opened_on", _monia_server_column_text (stmt, 3));
      json_object_set_int_member (item, "seq", _monia_server_column_int64 (stmt, 4));
      _monia_server_set_string_or_null (item, "next_deadline", _monia_server_column_text (stmt, 5));
      json_object_set_string_member (item, "access", full ? "team" : "consent");
      json_array_add_object_element (cases, item);
    }
  if (rc != MONIA_SERVER_DONE)
    {
      _monia_server_set_error (self, error);
      return NULL;
    }

  g_clear_pointer (&stmt, _monia_server_release);
  stmt = _monia_server_prepare (self,
                                "SELECT s.case_id FROM served_cases s WHERE s.account_id = ?1 AND NOT EXISTS"
                                " (SELECT 1 FROM case_members m JOIN records c ON c.kind = 'case'"
                                "  AND c.id = m.case_id AND c.deleted = 0"
                                "  WHERE m.case_id = s.case_id AND m.account_id = ?1 AND " MEMBER_ACTIVE ("?2") ")"
                                " ORDER BY s.case_id", error);
  if (stmt == NULL)
    return NULL;
  _monia_server_bind_text (stmt, 1, account->id);
  _monia_server_bind_text (stmt, 2, today);
  while (_monia_server_step (stmt) == MONIA_SERVER_ROW)
    json_array_add_string_element (revoked, _monia_server_column_text (stmt, 0));

  reply = json_object_new ();
  json_object_set_array_member (reply, "cases", g_steal_pointer (&cases));
  json_object_set_array_member (reply, "revoked", g_steal_pointer (&revoked));
  return _monia_server_node_take_object (reply);
}

static JsonObject *
conflict_entry (MoniaServerStore *self,
                const char       *id,
                ServerRecord    **out_record)
{
  g_autoptr(MoniaServerStmt) stmt = NULL;
  JsonObject *entry;
  JsonObject *fields;

  stmt = _monia_server_prepare (self,
                                "SELECT case_id, record_kind, record_id, field, base_rev, base_value,"
                                " theirs_value, theirs_rev, theirs_by, mine_value, mine_by, mutation_id,"
                                " created_at, resolved_at, resolved_by FROM conflicts WHERE id = ?", NULL);
  if (stmt == NULL)
    return NULL;
  _monia_server_bind_text (stmt, 1, id);
  if (_monia_server_step (stmt) != MONIA_SERVER_ROW)
    return NULL;

  fields = json_object_new ();
  json_object_set_string_member (fields, "record_kind", _monia_server_column_text (stmt, 1));
  json_object_set_string_member (fields, "record_id", _monia_server_column_text (stmt, 2));
  _monia_server_set_string_or_null (fields, "field", _monia_server_column_text (stmt, 3));
  json_object_set_int_member (fields, "base_rev", _monia_server_column_int64 (stmt, 4));
  json_object_set_member (fields, "base", _monia_server_parse_value (_monia_server_column_text (stmt, 5)));
  json_object_set_member (fields, "theirs", _monia_server_parse_value (_monia_server_column_text (stmt, 6)));
  json_object_set_int_member (fields, "theirs_rev", _monia_server_column_int64 (stmt, 7));
  _monia_server_set_string_or_null (fields, "theirs_by", _monia_server_column_text (stmt, 8));
  json_object_set_member (fields, "mine", _monia_server_parse_value (_monia_server_column_text (stmt, 9)));
  json_object_set_string_member (fields, "mine_by", _monia_server_column_text (stmt, 10));
  json_object_set_string_member (fields, "mutation_id", _monia_server_column_text (stmt, 11));
  json_object_set_int_member (fields, "created_at", _monia_server_column_int64 (stmt, 12));
  if (_monia_server_column_type (stmt, 13) == MONIA_SERVER_COLUMN_NULL)
    json_object_set_null_member (fields, "resolved_at");
  else
    json_object_set_int_member (fields, "resolved_at", _monia_server_column_int64 (stmt, 13));
  _monia_server_set_string_or_null (fields, "resolved_by", _monia_server_column_text (stmt, 14));

  *out_record = g_new0 (ServerRecord, 1);
  (*out_record)->kind = g_strdup (_monia_server_column_text (stmt, 1));
  (*out_record)->id = g_strdup (_monia_server_column_text (stmt, 2));

  entry = json_object_new ();
  json_object_set_string_member (entry, "kind", "conflict");
  json_object_set_string_member (entry, "id", id);
  json_object_set_string_member (entry, "case_id", _monia_server_column_text (stmt, 0));
  json_object_set_int_member (entry, "rev", _monia_server_column_type (stmt, 13) == MONIA_SERVER_COLUMN_NULL ? 1 : 2);
  json_object_set_boolean_member (entry, "deleted", FALSE);
  json_object_set_object_member (entry, "fields", fields);
  return entry;
}

#define MAX_PULL_LIMIT 500

/* One feed's page, written into @reply as a JSON object, inside the open
 * read transaction. @limit counts the feed entries looked at, shown or not;
 * how many is added to @n_entries. */
static gboolean
write_page (MoniaServerStore   *self,
            MoniaServerAccount *account,
            const char         *device,
            const char         *feed,
            const CaseAccess   *access,
            gint64              since,
            guint               limit,
            GString            *reply,
            guint              *n_entries,
            GError            **error)
{
  g_autoptr(MoniaServerStmt) stmt = NULL;
  /* The answer is written as text: the stored fields are JSON objects
   * already (made by _monia_server_object_to_string()) and go in as they are, which
   * saves parsing and generating every record. */
  g_autoptr(GString) changes = g_string_sized_new (16384);
  gboolean is_case;
  gint64 last = since, head = 0;
  guint n = 0;
  int rc;

  is_case = !g_str_equal (feed, MONIA_FEED_DIRECTORY) && !g_str_equal (feed, MONIA_FEED_INBOX);

  /* The page's entries with their records, in one statement. */
  stmt = _monia_server_prepare (self,
                                "SELECT e.seq, e.kind, e.record_id, r.case_id, r.rev, r.deleted, r.fields,"
                                " CASE WHEN e.kind IN ('case_person', 'consent')"
                                "  THEN (r.fields ->> 'person_id') END"
                                " FROM feed_entries e LEFT JOIN records r ON r.kind = e.kind AND r.id = e.record_id"
                                " WHERE e.feed = ? AND e.seq > ? ORDER BY e.seq LIMIT ?", error);
  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, feed);
  _monia_server_bind_int64 (stmt, 2, since);
  _monia_server_bind_int64 (stmt, 3, (int) limit);

  while ((rc = _monia_server_step (stmt)) == MONIA_SERVER_ROW)
    {
      gint64 seq = _monia_server_column_int64 (stmt, 0);
      const char *kind = _monia_server_column_text (stmt, 1);
      const char *record_id = _monia_server_column_text (stmt, 2);
      const char *fields_text;
      const char *record_case;
      gboolean deleted;
      MoniaAuditEntry audit = { 0 };
      JsonObject *entry;

      last = seq;
      n++;
      if (g_str_equal (kind, "conflict"))
        {
          g_autoptr(ServerRecord) record = NULL;
          g_autofree char *conflict_fields = NULL;

          entry = conflict_entry (self, record_id, &record);
          if (entry == NULL)
            continue;
          if (!_monia_server_feed_shows (account, feed, access, record->kind))
            {
              json_object_unref (entry);
              continue;
            }
          conflict_fields = _monia_server_object_to_string (json_object_get_object_member (entry, "fields"));
          monia_wire_change_write (changes, seq, "conflict", record_id,
                                   json_object_get_string_member (entry, "case_id"),
                                   json_object_get_int_member (entry, "rev"), FALSE, conflict_fields);
          json_object_unref (entry);

          /* A conflict carries both values of a field: serving it is a
           * read of that record. */
          audit.actor = account->id;
          audit.action = "read";
          audit.record_kind = "conflict";
          audit.record_id = record_id;
          audit.case_id = is_case ? feed : NULL;
          audit.reason = "sync";
          audit.device = device;
          if (!_monia_server_audit_in_tx (self, &audit, error))
            return FALSE;
          continue;
        }

      if (!_monia_server_feed_shows (account, feed, access, kind) || _monia_server_column_type (stmt, 4) == MONIA_SERVER_COLUMN_NULL)
        continue;
      deleted = _monia_server_column_int64 (stmt, 5) != 0;
      fields_text = _monia_server_column_text (stmt, 6);

      record_case = _monia_server_column_text (stmt, 3);
      monia_wire_change_write (changes, seq, kind, record_id, record_case, _monia_server_column_int64 (stmt, 4),
                               deleted, fields_text);

      audit.actor = account->id;
      audit.action = "read";
      audit.record_kind = kind;
      audit.record_id = record_id;
      audit.case_id = is_case ? feed : NULL;
      audit.person_ids = g_str_equal (kind, "person") ? record_id : _monia_server_column_text (stmt, 7);
      audit.reason = "sync";
      audit.device = device;
      if (!_monia_server_audit_in_tx (self, &audit, error))
        return FALSE;
    }
  if (rc != MONIA_SERVER_DONE)
    {
      _monia_server_set_error (self, error);
      return FALSE;
    }
  g_clear_pointer (&stmt, _monia_server_release);

  /* The head after the entries: where each statement sees the latest
   * commits (PostgreSQL), it is then never behind the page. */
  stmt = _monia_server_prepare (self, "SELECT seq FROM feeds WHERE feed = ?", error);
  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, feed);
  if (_monia_server_step (stmt) == MONIA_SERVER_ROW)
    head = _monia_server_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, _monia_server_release);

  if (is_case)
    {
      stmt = _monia_server_prepare (self,
                                    "INSERT INTO served_cases (account_id, case_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                                    error);
      if (stmt == NULL)
        return FALSE;
      _monia_server_bind_text (stmt, 1, account->id);
      _monia_server_bind_text (stmt, 2, feed);
      if (_monia_server_step (stmt) != MONIA_SERVER_DONE)
        {
          _monia_server_set_error (self, error);
          return FALSE;
        }
    }

  monia_wire_page_write (reply, feed, since, last, head, changes);
  *n_entries += n;
  return TRUE;
}

GBytes *
monia_server_store_pull (MoniaServerStore   *self,
                         MoniaServerAccount *account,
                         const char         *device,
                         const char         *feed,
                         gint64              since,
                         guint               limit,
                         GError            **error)
{
  g_autoptr(GString) reply = NULL;
  CaseAccess access;
  guint n_entries = 0;

  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), NULL);

  if (!_monia_server_feed_access (self, account, feed, &access, error))
    return NULL;

  /* Reads and their audit entries are one transaction too. It does not
   * wait for the disk: see _monia_server_begin_read(). */
  if (!_monia_server_begin_read (self, error))
    return NULL;
  reply = g_string_sized_new (16384);
  if (!write_page (self, account, device, feed, &access, since, CLAMP (limit, 1, MAX_PULL_LIMIT),
                   reply, &n_entries, error))
    {
      _monia_server_rollback (self);
      return NULL;
    }
  if (!_monia_server_commit_read (self, error))
    return NULL;
  return g_string_free_to_bytes (g_steal_pointer (&reply));
}

GBytes *
monia_server_store_pull_many (MoniaServerStore   *self,
                              MoniaServerAccount *account,
                              const char         *device,
                              const char * const *feeds,
                              const gint64       *since,
                              guint               n_feeds,
                              guint               limit,
                              char              **out_failed_feed,
                              GError            **error)
{
  g_autoptr(GString) reply = NULL;
  g_autofree CaseAccess *access = NULL;
  guint n_entries = 0;

  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), NULL);
  g_return_val_if_fail (n_feeds == 0 || (feeds != NULL && since != NULL), NULL);

  /* Every feed is checked before anything is served: one that may not be
   * read refuses the whole request, and the error names it. */
  access = g_new0 (CaseAccess, MAX (n_feeds, 1));
  for (guint i = 0; i < n_feeds; i++)
    if (!_monia_server_feed_access (self, account, feeds[i], &access[i], error))
      {
        if (out_failed_feed != NULL)
          *out_failed_feed = g_strdup (feeds[i]);
        return NULL;
      }

  limit = CLAMP (limit, 1, MONIA_SERVER_MAX_PULL_MANY_LIMIT);
  if (!_monia_server_begin_read (self, error))
    return NULL;
  reply = g_string_sized_new (65536);
  g_string_append (reply, "{\"pages\":[");
  for (guint i = 0; i < n_feeds && n_entries < limit; i++)
    {
      if (i > 0)
        g_string_append_c (reply, ',');
      if (!write_page (self, account, device, feeds[i], &access[i], since[i], limit - n_entries,
                       reply, &n_entries, error))
        {
          _monia_server_rollback (self);
          return NULL;
        }
    }
  g_string_append (reply, "]}");
  if (!_monia_server_commit_read (self, error))
    return NULL;
  return g_string_free_to_bytes (g_steal_pointer (&reply));
}

/* The lead feed: the team's cases as metadata. Only these keys are ever
 * written (tests/server/test-server.c holds the same list): a lead sees
 * who is responsible and the clocks' days, never a title or any text. */

/* A child as a key the lead can count distinct children by, without the
 * person's id: a digest of the id and the lead's account. */
static char *
child_key (const char *account_id,
           const char *person_id)
{
  g_autofree char *joined = g_strconcat (account_id, ":", person_id, NULL);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, joined, -1);

  return g_strndup (digest, 32);
}

/* Adds each of the team's cases' assessments (their clocks' days) and
 * children (as keys) to the case objects in @by_id. */
static gboolean
add_lead_case_details (MoniaServerStore    *self,
                       MoniaServerAccount  *account,
                       GHashTable          *by_id,
                       GError             **error)
{
  static const char * const days[] = { "pending_on", "decision_due", "started_on", "completion_due",
                                       "completed_on" };
  g_autoptr(MoniaServerStmt) stmt = NULL;
  int rc;

  stmt = _monia_server_prepare (self,
                                "SELECT a.case_id, a.id, (a.fields ->> 'kind'),"
                                " (a.fields ->> 'pending_on'), (a.fields ->> 'decision_due'),"
                                " (a.fields ->> 'started_on'), (a.fields ->> 'completion_due'),"
                                " (a.fields ->> 'completed_on')"
                                " FROM records c JOIN records a ON a.case_id = c.id AND a.kind = 'assessment'"
                                " AND a.deleted = 0"
                                " WHERE c.kind = 'case' AND c.deleted = 0 AND (c.fields ->> 'team_id') = ?"
                                " ORDER BY a.case_id, a.id", error);
  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, account->team_id);
  while ((rc = _monia_server_step (stmt)) == MONIA_SERVER_ROW)
    {
      JsonObject *item = g_hash_table_lookup (by_id, _monia_server_column_text (stmt, 0));
      JsonObject *assessment;

      if (item == NULL)
        continue;
      assessment = json_object_new ();
      json_object_set_string_member (assessment, "id", _monia_server_column_text (stmt, 1));
      _monia_server_set_string_or_null (assessment, "kind", _monia_server_column_text (stmt, 2));
      for (guint i = 0; i < G_N_ELEMENTS (days); i++)
        _monia_server_set_string_or_null (assessment, days[i], _monia_server_column_text (stmt, 3 + i));
      json_array_add_object_element (json_object_get_array_member (item, "assessments"), assessment);
    }
  if (rc != MONIA_SERVER_DONE)
    {
      _monia_server_set_error (self, error);
      return FALSE;
    }
  g_clear_pointer (&stmt, _monia_server_release);

  stmt = _monia_server_prepare (self,
                                "SELECT p.case_id, (p.fields ->> 'person_id')"
                                " FROM records c JOIN records p ON p.case_id = c.id AND p.kind = 'case_person'"
                                " AND p.deleted = 0 AND (p.fields ->> 'relation') = 'child'"
                                " WHERE c.kind = 'case' AND c.deleted = 0 AND (c.fields ->> 'team_id') = ?",
                                error);
  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, account->team_id);
  while ((rc = _monia_server_step (stmt)) == MONIA_SERVER_ROW)
    {
      JsonObject *item = g_hash_table_lookup (by_id, _monia_server_column_text (stmt, 0));
      g_autofree char *key = NULL;

      if (item == NULL || _monia_server_column_type (stmt, 1) == MONIA_SERVER_COLUMN_NULL)
        continue;
      key = child_key (account->id, _monia_server_column_text (stmt, 1));
      json_array_add_string_element (json_object_get_array_member (item, "child_keys"), key);
    }
  if (rc != MONIA_SERVER_DONE)
    {
      _monia_server_set_error (self, error);
      return FALSE;
    }
  return TRUE;
}

/* The region's open help requests: when they came and by when they are
 * promised an answer, nothing of who asked or what. */
static JsonArray *
lead_open_requests (MoniaServerStore  *self,
                    GError           **error)
{
  g_autoptr(MoniaServerStmt) stmt = NULL;
  g_autoptr(JsonArray) requests = json_array_new ();
  int rc;

  stmt = _monia_server_prepare (self,
                                "SELECT id, (fields ->> 'channel'), (fields ->> 'received_at'),"
                                " (fields ->> 'due_at') FROM records"
                                " WHERE kind = 'help_request' AND deleted = 0"
                                " AND (fields ->> 'outcome') IS NULL ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = _monia_server_step (stmt)) == MONIA_SERVER_ROW)
    {
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "id", _monia_server_column_text (stmt, 0));
      _monia_server_set_string_or_null (item, "channel", _monia_server_column_text (stmt, 1));
      json_object_set_int_member (item, "received_at", _monia_server_column_int64 (stmt, 2));
      if (_monia_server_column_type (stmt, 3) != MONIA_SERVER_COLUMN_NULL)
        json_object_set_int_member (item, "due_at", _monia_server_column_int64 (stmt, 3));
      else
        json_object_set_null_member (item, "due_at");
      json_array_add_object_element (requests, item);
    }
  if (rc != MONIA_SERVER_DONE)
    {
      _monia_server_set_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&requests);
}

JsonNode *
monia_server_store_lead_feed (MoniaServerStore   *self,
                              MoniaServerAccount *account,
                              GError            **error)
{
  g_autoptr(MoniaServerStmt) stmt = NULL;
  g_autoptr(JsonArray) cases = json_array_new ();
  g_autoptr(JsonArray) requests = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *sql = NULL;
  JsonObject *reply;
  MoniaAuditEntry entry = { 0 };
  int rc;

  if (account->role != MONIA_ROLE_LEAD && account->role != MONIA_ROLE_ADMIN)
    {
      g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_FORBIDDEN,
                           _("Only team leads see their teams’ case deadlines."));
      return NULL;
    }

  sql = g_strdup_printf ("SELECT c.id, (c.fields ->> 'status'), (c.fields ->> 'opened_on'),"
                         " (c.fields ->> 'closed_on'), (c.fields ->> 'owner_id'),"
                         " (c.fields ->> 'pair_id'), coalesce (f.seq, 0), %s AS due,"
                         " (c.fields ->> 'team_id'), (c.fields ->> 'title')"
                         " FROM records c LEFT JOIN feeds f ON f.feed = c.id"
                         " WHERE c.kind = 'case' AND c.deleted = 0 AND (c.fields ->> 'team_id') = ?"
                         " ORDER BY due NULLS LAST, c.id", next_deadline_sql);
  stmt = _monia_server_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  _monia_server_bind_text (stmt, 1, account->team_id);
  while ((rc = _monia_server_step (stmt)) == MONIA_SERVER_ROW)
    {
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "id", _monia_server_column_text (stmt, 0));
      _monia_server_set_string_or_null (item, "status", _monia_server_column_text (stmt, 1));
      _monia_server_set_string_or_null (item, "opened_on", _monia_server_column_text (stmt, 2));
      _monia_server_set_string_or_null (item, "closed_on", _monia_server_column_text (stmt, 3));
      _monia_server_set_string_or_null (item, "owner_id", _monia_server_column_text (stmt, 4));
      _monia_server_set_string_or_null (item, "pair_id", _monia_server_column_text (stmt, 5));
      json_object_set_int_member (item, "seq", _monia_server_column_int64 (stmt, 6));
      _monia_server_set_string_or_null (item, "next_deadline", _monia_server_column_text (stmt, 7));
      _monia_server_set_string_or_null (item, "team_id", _monia_server_column_text (stmt, 8));
      /* A case's name is metadata a lead follows it by (issue 10); what is
       * in the case is not. */
      _monia_server_set_string_or_null (item, "title", _monia_server_column_text (stmt, 9));
      json_object_set_array_member (item, "assessments", json_array_new ());
      json_object_set_array_member (item, "child_keys", json_array_new ());
      g_hash_table_insert (by_id, g_strdup (_monia_server_column_text (stmt, 0)), item);
      json_array_add_object_element (cases, item);
    }
  if (rc != MONIA_SERVER_DONE)
    {
      _monia_server_set_error (self, error);
      return NULL;
    }
  g_clear_pointer (&stmt, _monia_server_release);
  if (!add_lead_case_details (self, account, by_id, error))
    return NULL;
  requests = lead_open_requests (self, error);
  if (requests == NULL)
    return NULL;

  entry.actor = account->id;
  entry.action = "read_metadata";
  entry.record_kind = "case";
  entry.reason = "lead_feed";
  if (!monia_server_store_audit (self, &entry, error))
    return NULL;

  reply = json_object_new ();
  json_object_set_string_member (reply, "team_id", account->team_id);
  json_object_set_array_member (reply, "cases", g_steal_pointer (&cases));
  json_object_set_array_member (reply, "help_requests", g_steal_pointer (&requests));
  return _monia_server_node_take_object (reply);
}

gint64
monia_server_store_case_seq (MoniaServerStore   *self,
                             MoniaServerAccount *account,
                             const char         *feed)
{
  g_autoptr(MoniaServerStmt) stmt = NULL;
  CaseAccess access;

  if (!_monia_server_feed_access (self, account, feed, &access, NULL))
    return -1;
  stmt = _monia_server_prepare (self, "SELECT seq FROM feeds WHERE feed = ?", NULL);
  if (stmt == NULL)
    return -1;
  _monia_server_bind_text (stmt, 1, feed);
  if (_monia_server_step (stmt) != MONIA_SERVER_ROW)
    return 0;
  return _monia_server_column_int64 (stmt, 0);
}
