/* monia-server-sync.c — push, pull, case access and conflicts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-server-sync"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "monia-core.h"
#include "monia-json-private.h"
#include "monia-server-store-private.h"

#define FEED_DIRECTORY "directory"
#define FEED_INBOX "inbox"

/* Records as kept on the server */

typedef struct
{
  char       *kind;
  char       *id;
  char       *case_id;
  char       *feed;
  gint64      rev;
  gboolean    deleted;
  JsonObject *fields;
  JsonObject *field_revs;
} ServerRecord;

static void
server_record_free (ServerRecord *record)
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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerRecord, server_record_free)

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return json_object_new ();
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static JsonNode *
parse_value (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL) ||
      json_parser_get_root (parser) == NULL)
    return json_node_new (JSON_NODE_NULL);
  return json_node_copy (json_parser_get_root (parser));
}

/* A node that owns @object (json_node_init_object would add a reference). */
static JsonNode *
node_take_object (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

static char *
object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_to_string (node, FALSE);
}

static char *
value_to_string (JsonNode *node)
{
  if (node == NULL)
    return g_strdup ("null");
  return json_to_string (node, FALSE);
}

static const char *
object_get_string (JsonObject *object,
                   const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static ServerRecord *
load_record (MoniaServerStore  *self,
             const char        *kind,
             const char        *id,
             GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  ServerRecord *record;
  int rc;

  stmt = _monia_server_prepare (self,
                                "SELECT case_id, feed, rev, deleted, fields, field_revs FROM records"
                                " WHERE kind = ? AND id = ?", error);
  if (stmt == NULL)
    return NULL;
  _monia_server_bind_text (stmt, 1, kind);
  _monia_server_bind_text (stmt, 2, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      _monia_server_set_error (self, error);
      return NULL;
    }

  record = g_new0 (ServerRecord, 1);
  record->kind = g_strdup (kind);
  record->id = g_strdup (id);
  record->case_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  record->feed = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  record->rev = sqlite3_column_int64 (stmt, 2);
  record->deleted = sqlite3_column_int (stmt, 3) != 0;
  record->fields = parse_object ((const char *) sqlite3_column_text (stmt, 4));
  record->field_revs = parse_object ((const char *) sqlite3_column_text (stmt, 5));
  return record;
}

static gboolean
record_exists (MoniaServerStore *self,
               const char       *kind,
               const char       *id)
{
  g_autoptr(sqlite3_stmt) stmt = _monia_server_prepare (self,
    "SELECT 1 FROM records WHERE kind = ? AND id = ? AND deleted = 0", NULL);

  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, kind);
  _monia_server_bind_text (stmt, 2, id);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/* Access: how an account stands to a case, by the rules in monia-policy.c */

typedef struct
{
  MoniaRelation  relation;
  MoniaCaseParts parts;   /* what a consent participant's consents cover */
  gboolean       lost;    /* the case was served to the account once, no more */
} CaseAccess;

/* Membership periods end on a day in Finland: monia_today() in SQL is
 * monia_policy_today(), registered when the store opens. */
#define MEMBER_ACTIVE "(m.until IS NULL OR m.until >= monia_today ())"

static void
sql_monia_today (sqlite3_context  *context,
                 int               n_args,
                 sqlite3_value   **args)
{
  GDate today;
  char text[16];

  monia_policy_today (&today);
  g_snprintf (text, sizeof text, "%04u-%02u-%02u", g_date_get_year (&today),
              g_date_get_month (&today), g_date_get_day (&today));
  sqlite3_result_text (context, text, -1, SQLITE_TRANSIENT);
}

gboolean
_monia_server_register_policy (MoniaServerStore  *self,
                               GError           **error)
{
  if (sqlite3_create_function (self->db, "monia_today", 0, SQLITE_UTF8, NULL,
                               sql_monia_today, NULL, NULL) != SQLITE_OK)
    return _monia_server_set_error (self, error);
  return TRUE;
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* The parts of the case that the consents holding today give @account,
 * named or through the organisation of one of their participant records. */
static MoniaCaseParts
consented_parts (MoniaServerStore   *self,
                 MoniaServerAccount *account,
                 const char         *case_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) consents = g_array_new (FALSE, TRUE, sizeof (MoniaConsentFacts));
  g_autoptr(GPtrArray) orgs = g_ptr_array_new ();
  GDate today;

  stmt = _monia_server_prepare (self,
    "SELECT json_extract (fields, '$.professional_id'), json_extract (fields, '$.organisation_id'),"
    " json_extract (fields, '$.scope'), json_extract (fields, '$.valid_until'),"
    " json_extract (fields, '$.revoked_on') FROM records"
    " WHERE kind = 'consent' AND case_id = ? AND deleted = 0", NULL);
  if (stmt == NULL)
    return MONIA_CASE_PART_NONE;
  _monia_server_bind_text (stmt, 1, case_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      MoniaConsentFacts consent;
      char *values[5];

      for (int i = 0; i < 5; i++)
        g_ptr_array_add (strings, values[i] = dup_column (stmt, i));
      consent.professional_id = values[0];
      consent.organisation_id = values[1];
      consent.scope = values[2];
      consent.valid_until = values[3];
      consent.revoked_on = values[4];
      g_array_append_val (consents, consent);
    }
  g_clear_pointer (&stmt, _monia_server_release);

  stmt = _monia_server_prepare (self,
    "SELECT json_extract (fields, '$.organisation_id') FROM records"
    " WHERE kind = 'participant' AND case_id = ? AND deleted = 0"
    " AND json_extract (fields, '$.professional_id') = ?"
    " AND json_extract (fields, '$.organisation_id') IS NOT NULL", NULL);
  if (stmt == NULL)
    return MONIA_CASE_PART_NONE;
  _monia_server_bind_text (stmt, 1, case_id);
  _monia_server_bind_text (stmt, 2, account->id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      char *org = dup_column (stmt, 0);

      g_ptr_array_add (strings, org);
      g_ptr_array_add (orgs, org);
    }
  g_ptr_array_add (orgs, NULL);

  monia_policy_today (&today);
  return monia_policy_consented_parts ((const MoniaConsentFacts *) (gpointer) consents->data, consents->len,
                                       account->id, (const char * const *) orgs->pdata, &today);
}

static gboolean
was_served (MoniaServerStore   *self,
            MoniaServerAccount *account,
            const char         *case_id)
{
  g_autoptr(sqlite3_stmt) stmt = _monia_server_prepare (self,
    "SELECT 1 FROM served_cases WHERE account_id = ? AND case_id = ?", NULL);

  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, account->id);
  _monia_server_bind_text (stmt, 2, case_id);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

static CaseAccess
case_access (MoniaServerStore   *self,
             MoniaServerAccount *account,
             const char         *case_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(ServerRecord) record = NULL;
  CaseAccess access = { MONIA_RELATION_NONE, MONIA_CASE_PART_NONE, FALSE };
  gboolean participant = FALSE;

  if (case_id == NULL)
    return access;

  stmt = _monia_server_prepare (self,
                                "SELECT m.via FROM case_members m"
                                " JOIN records c ON c.kind = 'case' AND c.id = m.case_id AND c.deleted = 0"
                                " WHERE m.case_id = ? AND m.account_id = ? AND " MEMBER_ACTIVE,
                                NULL);
  if (stmt == NULL)
    return access;
  _monia_server_bind_text (stmt, 1, case_id);
  _monia_server_bind_text (stmt, 2, account->id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *via = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (via, "owner") == 0)
        access.relation = MONIA_RELATION_OWNER;
      else if (g_strcmp0 (via, "pair") == 0 && access.relation != MONIA_RELATION_OWNER)
        access.relation = MONIA_RELATION_PAIR;
      else if (g_strcmp0 (via, "participant") == 0)
        participant = TRUE;
    }
  g_clear_pointer (&stmt, _monia_server_release);
  if (access.relation != MONIA_RELATION_NONE)
    return access;

  /* Consent governs what other organisations see; a participant from the
   * owner's own organisation works on the case like the owner does. */
  if (participant)
    {
      stmt = _monia_server_prepare (self,
        "SELECT 1 FROM records c JOIN accounts o ON o.id = json_extract (c.fields, '$.owner_id')"
        " WHERE c.kind = 'case' AND c.id = ? AND o.org = ?", NULL);
      if (stmt == NULL)
        return access;
      _monia_server_bind_text (stmt, 1, case_id);
      _monia_server_bind_text (stmt, 2, account->org);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        access.relation = MONIA_RELATION_ORG_PARTICIPANT;
      else
        {
          access.relation = MONIA_RELATION_CONSENT_PARTICIPANT;
          access.parts = consented_parts (self, account, case_id);
        }
      return access;
    }

  record = load_record (self, "case", case_id, NULL);
  if (record != NULL && !record->deleted)
    {
      if (account->role == MONIA_ROLE_LEAD &&
          g_strcmp0 (object_get_string (record->fields, "team_id"), account->team_id) == 0)
        access.relation = MONIA_RELATION_LEAD;
      else if (account->role == MONIA_ROLE_INTAKE)
        access.relation = MONIA_RELATION_INTAKE;
      else if (account->role == MONIA_ROLE_ADMIN)
        access.relation = MONIA_RELATION_ADMIN;
    }
  if (access.relation != MONIA_RELATION_LEAD)
    access.lost = was_served (self, account, case_id);
  return access;
}

/* Whether the account is on the case at all: reads some of it. */
static gboolean
is_on_case (const CaseAccess *access)
{
  return monia_relation_is_full (access->relation) ||
         access->relation == MONIA_RELATION_CONSENT_PARTICIPANT;
}

static gboolean
may_read_kind (const CaseAccess *access,
               const char       *kind)
{
  return monia_policy_case_allows (access->relation, access->parts, kind, MONIA_ACCESS_READ);
}

static gboolean
recompute_members (MoniaServerStore  *self,
                   const char        *case_id,
                   GError           **error)
{
  static const char *statements[] = {
    "DELETE FROM case_members WHERE case_id = ?1",
    "INSERT OR IGNORE INTO case_members (case_id, account_id, via, until)"
    " SELECT ?1, json_extract (fields, '$.owner_id'), 'owner', NULL FROM records"
    " WHERE kind = 'case' AND id = ?1 AND deleted = 0 AND json_extract (fields, '$.owner_id') IS NOT NULL",
    "INSERT OR IGNORE INTO case_members (case_id, account_id, via, until)"
    " SELECT ?1, json_extract (p.fields, '$.first_id'), 'pair', json_extract (p.fields, '$.active_until')"
    " FROM records c JOIN records p ON p.kind = 'work_pair' AND p.id = json_extract (c.fields, '$.pair_id')"
    " AND p.deleted = 0 WHERE c.kind = 'case' AND c.id = ?1 AND c.deleted = 0",
    "INSERT OR IGNORE INTO case_members (case_id, account_id, via, until)"
    " SELECT ?1, json_extract (p.fields, '$.second_id'), 'pair', json_extract (p.fields, '$.active_until')"
    " FROM records c JOIN records p ON p.kind = 'work_pair' AND p.id = json_extract (c.fields, '$.pair_id')"
    " AND p.deleted = 0 WHERE c.kind = 'case' AND c.id = ?1 AND c.deleted = 0",
    "INSERT OR IGNORE INTO case_members (case_id, account_id, via, until)"
    " SELECT ?1, json_extract (fields, '$.professional_id'), 'participant', json_extract (fields, '$.active_until')"
    " FROM records WHERE kind = 'participant' AND case_id = ?1 AND deleted = 0",
  };

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      g_autoptr(sqlite3_stmt) stmt = _monia_server_prepare (self, statements[i], error);

      if (stmt == NULL)
        return FALSE;
      _monia_server_bind_text (stmt, 1, case_id);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        return _monia_server_set_error (self, error);
    }
  return TRUE;
}

static gboolean
recompute_pair_cases (MoniaServerStore  *self,
                      const char        *pair_id,
                      GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_free);

  stmt = _monia_server_prepare (self,
                                "SELECT id FROM records WHERE kind = 'case'"
                                " AND json_extract (fields, '$.pair_id') = ?", error);
  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, pair_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (cases, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));

  for (guint i = 0; i < cases->len; i++)
    if (!recompute_members (self, cases->pdata[i], error))
      return FALSE;
  return TRUE;
}

/* Feeds */

static gboolean
touch_feed (MoniaServerStore  *self,
            const char        *feed,
            const char        *kind,
            const char        *record_id,
            GPtrArray         *changed_feeds,
            GError           **error)
{
  g_autoptr(sqlite3_stmt) bump = NULL;
  g_autoptr(sqlite3_stmt) entry = NULL;
  gint64 seq;

  bump = _monia_server_prepare (self,
                                "INSERT INTO feeds (feed, seq) VALUES (?, 1)"
                                " ON CONFLICT (feed) DO UPDATE SET seq = seq + 1 RETURNING seq",
                                error);
  if (bump == NULL)
    return FALSE;
  _monia_server_bind_text (bump, 1, feed);
  if (sqlite3_step (bump) != SQLITE_ROW)
    return _monia_server_set_error (self, error);
  seq = sqlite3_column_int64 (bump, 0);

  entry = _monia_server_prepare (self,
                                 "INSERT INTO feed_entries (feed, kind, record_id, seq) VALUES (?, ?, ?, ?)"
                                 " ON CONFLICT (feed, kind, record_id) DO UPDATE SET seq = excluded.seq",
                                 error);
  if (entry == NULL)
    return FALSE;
  _monia_server_bind_text (entry, 1, feed);
  _monia_server_bind_text (entry, 2, kind);
  _monia_server_bind_text (entry, 3, record_id);
  sqlite3_bind_int64 (entry, 4, seq);
  if (sqlite3_step (entry) != SQLITE_DONE)
    return _monia_server_set_error (self, error);

  if (changed_feeds != NULL && !g_ptr_array_find_with_equal_func (changed_feeds, feed, g_str_equal, NULL))
    g_ptr_array_add (changed_feeds, g_strdup (feed));
  return TRUE;
}

/* A changed record moves to the head of every feed it is in. */
static gboolean
touch_record_feeds (MoniaServerStore  *self,
                    ServerRecord      *record,
                    GPtrArray         *changed_feeds,
                    GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) feeds = g_ptr_array_new_with_free_func (g_free);

  stmt = _monia_server_prepare (self, "SELECT feed FROM feed_entries WHERE kind = ? AND record_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, record->kind);
  _monia_server_bind_text (stmt, 2, record->id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (feeds, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (!g_ptr_array_find_with_equal_func (feeds, record->feed, g_str_equal, NULL))
    g_ptr_array_add (feeds, g_strdup (record->feed));

  for (guint i = 0; i < feeds->len; i++)
    if (!touch_feed (self, feeds->pdata[i], record->kind, record->id, changed_feeds, error))
      return FALSE;
  return TRUE;
}

static gboolean
save_record (MoniaServerStore  *self,
             ServerRecord      *record,
             gboolean           is_new,
             const char        *op,
             JsonObject        *changed,
             const char        *actor,
             const char        *mutation_id,
             GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) history = NULL;
  g_autofree char *fields = object_to_string (record->fields);
  g_autofree char *revs = object_to_string (record->field_revs);
  g_autofree char *changed_text = object_to_string (changed);
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
  sqlite3_bind_int64 (stmt, 5, record->rev);
  sqlite3_bind_int (stmt, 6, record->deleted);
  _monia_server_bind_text (stmt, 7, fields);
  _monia_server_bind_text (stmt, 8, revs);
  _monia_server_bind_text (stmt, 9, actor);
  sqlite3_bind_int64 (stmt, 10, now);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _monia_server_set_error (self, error);

  history = _monia_server_prepare (self,
                                   "INSERT INTO record_history (kind, record_id, rev, op, fields, actor, at, mutation_id)"
                                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (history == NULL)
    return FALSE;
  _monia_server_bind_text (history, 1, record->kind);
  _monia_server_bind_text (history, 2, record->id);
  sqlite3_bind_int64 (history, 3, record->rev);
  _monia_server_bind_text (history, 4, op);
  _monia_server_bind_text (history, 5, changed_text);
  _monia_server_bind_text (history, 6, actor);
  sqlite3_bind_int64 (history, 7, now);
  _monia_server_bind_text (history, 8, mutation_id);
  if (sqlite3_step (history) != SQLITE_DONE)
    return _monia_server_set_error (self, error);
  return TRUE;
}

/* The field's value as of @base_rev, and who made its latest change. */
static JsonNode *
field_value_at (MoniaServerStore *self,
                ServerRecord     *record,
                const char       *field,
                gint64            base_rev)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _monia_server_prepare (self,
                                "SELECT json_extract (fields, '$.' || ?3), json_type (fields, '$.' || ?3)"
                                " FROM record_history WHERE kind = ?1 AND record_id = ?2 AND rev <= ?4"
                                " AND json_type (fields, '$.' || ?3) IS NOT NULL ORDER BY rev DESC LIMIT 1",
                                NULL);
  if (stmt == NULL)
    return json_node_new (JSON_NODE_NULL);
  _monia_server_bind_text (stmt, 1, record->kind);
  _monia_server_bind_text (stmt, 2, record->id);
  _monia_server_bind_text (stmt, 3, field);
  sqlite3_bind_int64 (stmt, 4, base_rev);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return json_node_new (JSON_NODE_NULL);

  switch (sqlite3_column_type (stmt, 0))
    {
    case SQLITE_INTEGER:
      {
        const char *type = (const char *) sqlite3_column_text (stmt, 1);
        JsonNode *node = json_node_new (JSON_NODE_VALUE);

        if (g_strcmp0 (type, "true") == 0 || g_strcmp0 (type, "false") == 0)
          json_node_set_boolean (node, sqlite3_column_int (stmt, 0) != 0);
        else
          json_node_set_int (node, sqlite3_column_int64 (stmt, 0));
        return node;
      }
    case SQLITE_TEXT:
      {
        JsonNode *node = json_node_new (JSON_NODE_VALUE);

        json_node_set_string (node, (const char *) sqlite3_column_text (stmt, 0));
        return node;
      }
    default:
      return json_node_new (JSON_NODE_NULL);
    }
}

static char *
field_changed_by (MoniaServerStore *self,
                  ServerRecord     *record,
                  gint64            rev)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _monia_server_prepare (self,
                                "SELECT actor FROM record_history WHERE kind = ? AND record_id = ? AND rev = ?",
                                NULL);
  if (stmt == NULL)
    return NULL;
  _monia_server_bind_text (stmt, 1, record->kind);
  _monia_server_bind_text (stmt, 2, record->id);
  sqlite3_bind_int64 (stmt, 3, rev);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* Push */

typedef struct
{
  const char *mutation_id;
  const char *kind_name;
  const char *record_id;
  const char *op;
  const char *case_id;    /* envelope, for people */
  gint64      base_rev;
  JsonObject *fields;
} Mutation;

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

static gboolean
parse_mutation (JsonNode  *node,
                Mutation  *m,
                GError   **error)
{
  JsonObject *object;
  JsonNode *base;
  JsonNode *fields;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    goto bad;
  object = json_node_get_object (node);
  m->mutation_id = object_get_string (object, "id");
  m->kind_name = object_get_string (object, "kind");
  m->record_id = object_get_string (object, "record_id");
  m->op = object_get_string (object, "op");
  m->case_id = object_get_string (object, "case_id");
  base = json_object_get_member (object, "base_rev");
  fields = json_object_get_member (object, "fields");

  if (m->mutation_id == NULL || !g_uuid_string_is_valid (m->mutation_id))
    {
      m->mutation_id = NULL;
      goto bad;
    }
  if (m->kind_name == NULL || m->record_id == NULL || !g_uuid_string_is_valid (m->record_id) ||
      m->op == NULL || (m->case_id != NULL && !g_uuid_string_is_valid (m->case_id)))
    goto bad;
  if (!g_str_equal (m->op, "create") && !g_str_equal (m->op, "update") && !g_str_equal (m->op, "delete"))
    goto bad;
  if (base == NULL || JSON_NODE_HOLDS_NULL (base))
    m->base_rev = 0;
  else if (JSON_NODE_HOLDS_VALUE (base) && json_node_get_value_type (base) == G_TYPE_INT64 &&
           json_node_get_int (base) >= 0)
    m->base_rev = json_node_get_int (base);
  else
    goto bad;
  if (fields == NULL || JSON_NODE_HOLDS_NULL (fields))
    m->fields = NULL;
  else if (JSON_NODE_HOLDS_OBJECT (fields))
    m->fields = json_node_get_object (fields);
  else
    goto bad;
  return TRUE;

bad:
  g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_BAD_REQUEST,
                       _("A mutation needs a UUID “id”, a known “kind”, a UUID “record_id”, "
                         "“op” create, update or delete, a whole-number “base_rev” and an object “fields”."));
  return FALSE;
}

static gboolean
check_field (const MoniaKind  *kind,
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

static const char *
home_feed_kind (const MoniaKind *kind)
{
  if (kind->flags & MONIA_KIND_FLAG_CASE_SCOPED || g_str_equal (kind->name, "case") ||
      g_str_equal (kind->name, "person"))
    return NULL;  /* a case */
  if (g_str_equal (kind->name, "help_request"))
    return FEED_INBOX;
  return FEED_DIRECTORY;
}

static gboolean
forbidden (GError **error)
{
  g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_FORBIDDEN,
                       _("You may not change this record."));
  return FALSE;
}

static gboolean
refuse (GError     **error,
        const char  *message)
{
  g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_FORBIDDEN, message);
  return FALSE;
}

/* An account that is not on the case learns no more than that. */
static gboolean
not_on_case (const CaseAccess  *access,
             GError           **error)
{
  if (access->lost)
    g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_ACCESS_LOST,
                         _("You are no longer on this case’s team."));
  else
    g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_NOT_FOUND,
                         _("There is no such case, or you are not on its team."));
  return FALSE;
}

/* Whether @account may do @op on a @kind record of the case. */
static gboolean
may_write_case (const CaseAccess  *access,
                const char        *kind,
                MoniaAccess        op,
                GError           **error)
{
  if (!is_on_case (access) && access->relation != MONIA_RELATION_LEAD)
    return not_on_case (access, error);
  if (!monia_policy_case_allows (access->relation, access->parts, kind, op))
    return refuse (error, monia_policy_explain (access->relation, kind, op));
  return TRUE;
}

typedef struct
{
  MoniaRole  role;
  char      *team_id;
} AccountFacts;

/* The role and team of the account @id; FALSE if there is none. */
static gboolean
account_facts (MoniaServerStore *self,
               const char       *id,
               AccountFacts     *out)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (id == NULL)
    return FALSE;
  stmt = _monia_server_prepare (self, "SELECT role, team_id FROM accounts WHERE id = ? AND disabled = 0", NULL);
  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW ||
      !monia_role_from_string ((const char *) sqlite3_column_text (stmt, 0), &out->role))
    return FALSE;
  out->team_id = dup_column (stmt, 1);
  return TRUE;
}

/* Cases are owned by workers (intake opens cases too): a lead or an
 * administrator never becomes an owner or a pair member. */
static gboolean
is_worker_of (MoniaServerStore *self,
              const char       *id,
              const char       *team_id)
{
  AccountFacts facts = { 0 };
  gboolean ok;

  if (!account_facts (self, id, &facts))
    return FALSE;
  ok = (facts.role == MONIA_ROLE_WORKER || facts.role == MONIA_ROLE_INTAKE) &&
       (team_id == NULL || g_strcmp0 (facts.team_id, team_id) == 0);
  g_free (facts.team_id);
  return ok;
}

/* A work pair that may take a case today; of @team_id, if given. */
static gboolean
is_active_pair (MoniaServerStore *self,
                const char       *pair_id,
                const char       *team_id,
                const char       *member_id)
{
  g_autoptr(ServerRecord) pair = load_record (self, "work_pair", pair_id, NULL);
  GDate today;

  monia_policy_today (&today);
  return pair != NULL && !pair->deleted &&
         monia_policy_day_not_ended (object_get_string (pair->fields, "active_until"), &today) &&
         (team_id == NULL || g_strcmp0 (object_get_string (pair->fields, "team_id"), team_id) == 0) &&
         (member_id == NULL ||
          g_strcmp0 (object_get_string (pair->fields, "first_id"), member_id) == 0 ||
          g_strcmp0 (object_get_string (pair->fields, "second_id"), member_id) == 0);
}

/* The value a mutation gives @field, or the record's current one. */
static const char *
value_after (Mutation     *m,
             ServerRecord *existing,
             const char   *field)
{
  if (m->fields != NULL && json_object_has_member (m->fields, field))
    return object_get_string (m->fields, field);
  return existing != NULL ? object_get_string (existing->fields, field) : NULL;
}

/* Work pairs are formed by their team's lead from two workers of that
 * team; a pair of another team is not theirs to change. */
static gboolean
check_work_pair (MoniaServerStore   *self,
                 MoniaServerAccount *account,
                 Mutation           *m,
                 ServerRecord       *existing,
                 GError            **error)
{
  const char *first = value_after (m, existing, "first_id");
  const char *second = value_after (m, existing, "second_id");

  if (existing != NULL && g_strcmp0 (object_get_string (existing->fields, "team_id"), account->team_id) != 0)
    return refuse (error, _("Only the lead of the pair’s own team changes a work pair."));
  if (g_str_equal (m->op, "delete"))
    return TRUE;
  if (g_strcmp0 (value_after (m, existing, "team_id"), account->team_id) != 0)
    return refuse (error, _("A lead forms work pairs in their own team."));
  if (g_strcmp0 (first, second) == 0 ||
      !is_worker_of (self, first, account->team_id) || !is_worker_of (self, second, account->team_id))
    return refuse (error, _("A work pair is two different workers of the lead’s team."));
  return TRUE;
}

/* A new case is its maker's: they may name themselves as its owner, their
 * own team and a pair they are in, nobody else. */
static gboolean
check_new_case (MoniaServerStore   *self,
                MoniaServerAccount *account,
                Mutation           *m,
                GError            **error)
{
  const char *owner = value_after (m, NULL, "owner_id");
  const char *team = value_after (m, NULL, "team_id");
  const char *pair = value_after (m, NULL, "pair_id");

  if (account->role != MONIA_ROLE_WORKER && account->role != MONIA_ROLE_INTAKE)
    return refuse (error, _("Cases are opened by workers and intake."));
  if ((owner != NULL && !g_str_equal (owner, account->id)) ||
      (team != NULL && !g_str_equal (team, account->team_id)))
    return refuse (error, _("A new case is opened in your own name and team; hand it over afterwards."));
  if (pair != NULL && !is_active_pair (self, pair, NULL, account->id))
    return refuse (error, _("A new case can be given only to a work pair you are in."));
  return TRUE;
}

/* Owner, pair and team of a case: the owner and the pair hand the case to
 * whom they choose (a worker, an active pair); the team's lead assigns it
 * inside the team. */
static gboolean
check_assignment (MoniaServerStore   *self,
                  const CaseAccess   *access,
                  ServerRecord       *case_record,
                  const char         *field,
                  JsonNode           *value,
                  GError            **error)
{
  const char *id = JSON_NODE_HOLDS_VALUE (value) ? json_node_get_string (value) : NULL;
  const char *team = access->relation == MONIA_RELATION_LEAD
    ? object_get_string (case_record->fields, "team_id") : NULL;

  if (!monia_policy_may_assign (access->relation, field))
    return refuse (error, _("Only the case’s responsible worker and work pair change who is responsible "
                            "for it; a team lead assigns it within the team."));
  if (id == NULL)
    return access->relation != MONIA_RELATION_LEAD ||
           refuse (error, _("A team lead assigns a case to a worker or a pair of the team."));
  if (g_str_equal (field, "owner_id") && !is_worker_of (self, id, team))
    return refuse (error, access->relation == MONIA_RELATION_LEAD
                          ? _("A team lead assigns a case to a worker of the team.")
                          : _("A case is handed to a worker."));
  if (g_str_equal (field, "pair_id") && !is_active_pair (self, id, team, NULL))
    return refuse (error, access->relation == MONIA_RELATION_LEAD
                          ? _("A team lead assigns a case to an active work pair of the team.")
                          : _("Choose a work pair that still works together."));
  return TRUE;
}

/* Whether the case's feed holds the person: made there or linked to it. */
static gboolean
case_holds_person (MoniaServerStore *self,
                   const char       *case_id,
                   const char       *person_id)
{
  g_autoptr(sqlite3_stmt) stmt = _monia_server_prepare (self,
    "SELECT 1 FROM feed_entries WHERE feed = ? AND kind = 'person' AND record_id = ?", NULL);

  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, case_id);
  _monia_server_bind_text (stmt, 2, person_id);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/* Linking a person who exists already into a case needs the right to link
 * people in a case that holds them (its owner or pair): person ids are seen
 * by anyone who sees a consent, and a link outlives its maker's place on
 * the first case. */
static gboolean
check_person_link (MoniaServerStore   *self,
                   MoniaServerAccount *account,
                   const char         *person_id,
                   GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_free);

  stmt = _monia_server_prepare (self,
    "SELECT DISTINCT feed FROM feed_entries WHERE kind = 'person' AND record_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, person_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (cases, dup_column (stmt, 0));
  g_clear_pointer (&stmt, _monia_server_release);

  for (guint i = 0; i < cases->len; i++)
    {
      CaseAccess access = case_access (self, account, cases->pdata[i]);

      if (monia_policy_case_allows (access.relation, access.parts, "case_person", MONIA_ACCESS_CREATE))
        return TRUE;
    }
  return refuse (error, _("Only the responsible worker or work pair of a case the person is in can "
                          "link them to another case."));
}

/* Every reference of a case's record points inside its own case (or to
 * the directory). */
static gboolean
check_references (MoniaServerStore   *self,
                  const MoniaKind    *kind,
                  Mutation           *m,
                  const char         *case_id,
                  GError            **error)
{
  g_autoptr(GList) members = m->fields != NULL ? json_object_get_members (m->fields) : NULL;

  for (GList *l = members; l != NULL; l = l->next)
    {
      const MoniaField *field = monia_kind_lookup_field (kind, l->data);
      const char *id = object_get_string (m->fields, l->data);
      const MoniaKind *target;
      gboolean inside;

      if (field == NULL || field->type != MONIA_FIELD_REF || id == NULL)
        continue;
      target = monia_kind_lookup (field->ref_kind);
      if (g_str_equal (field->ref_kind, "case"))
        inside = g_strcmp0 (id, case_id) == 0;
      else if (g_str_equal (field->ref_kind, "person"))
        inside = g_str_equal (kind->name, "case_person") || case_holds_person (self, case_id, id);
      else if (target != NULL && target->flags & MONIA_KIND_FLAG_CASE_SCOPED)
        {
          g_autoptr(ServerRecord) record = load_record (self, target->name, id, NULL);

          inside = record != NULL && g_strcmp0 (record->case_id, case_id) == 0;
        }
      else
        inside = TRUE;   /* the directory */

      if (!inside)
        {
          g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                       _("“%s” must name a record of the same case."), field->name);
          return FALSE;
        }
    }
  return TRUE;
}

/* Decides the feed and case of the mutation's record and whether the
 * account may make it: see monia-policy.c for the table. */
static gboolean
authorise (MoniaServerStore   *self,
           MoniaServerAccount *account,
           const MoniaKind    *kind,
           Mutation           *m,
           ServerRecord       *existing,
           char              **out_case_id,
           char              **out_feed,
           GError            **error)
{
  const char *feed = home_feed_kind (kind);
  MoniaAccess op = monia_access_from_string (m->op);
  const char *case_id = NULL;
  CaseAccess access;

  if (feed != NULL)
    {
      if (!monia_policy_role_allows (account->role, kind->name, op))
        return forbidden (error);
      if (g_str_equal (kind->name, "work_pair") && !check_work_pair (self, account, m, existing, error))
        return FALSE;
      *out_feed = g_strdup (feed);
      *out_case_id = NULL;
      return TRUE;
    }

  if (g_str_equal (kind->name, "case"))
    {
      if (existing == NULL)
        {
          if (!check_new_case (self, account, m, error))
            return FALSE;
          *out_case_id = g_strdup (m->record_id);
          *out_feed = g_strdup (m->record_id);
          return TRUE;
        }
      case_id = m->record_id;
    }
  else if (g_str_equal (kind->name, "person"))
    {
      case_id = m->case_id;
      if (case_id == NULL)
        {
          g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_BAD_REQUEST,
                               _("A change to a person must name the case it is made in (“case_id”)."));
          return FALSE;
        }
    }
  else if (existing != NULL)
    case_id = existing->case_id;
  else
    {
      case_id = object_get_string (m->fields, "case_id");
      if (case_id == NULL)
        {
          g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                               _("“case_id” cannot be left empty."));
          return FALSE;
        }
    }

  access = case_access (self, account, case_id);
  if (!may_write_case (&access, kind->name, op, error))
    return FALSE;

  if (g_str_equal (kind->name, "case") && m->fields != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (m->fields);

      for (GList *l = members; l != NULL; l = l->next)
        if (monia_policy_field_changes_access (kind->name, l->data))
          {
            if (!check_assignment (self, &access, existing, l->data,
                                   json_object_get_member (m->fields, l->data), error))
              return FALSE;
          }
        else if (access.relation == MONIA_RELATION_LEAD)
          return refuse (error, monia_policy_explain (access.relation, kind->name, MONIA_ACCESS_UPDATE));
    }
  if (g_str_equal (kind->name, "person") && existing != NULL && !case_holds_person (self, case_id, m->record_id))
    return forbidden (error);
  if (g_str_equal (kind->name, "case_person") && object_get_string (m->fields, "person_id") != NULL &&
      !check_person_link (self, account, object_get_string (m->fields, "person_id"), error))
    return FALSE;
  if (!check_references (self, kind, m, case_id, error))
    return FALSE;

  *out_case_id = g_strdup (case_id);
  *out_feed = g_strdup (existing ? existing->feed : case_id);
  return TRUE;
}

static void
add_person_ids (GString      *out,
                ServerRecord *record)
{
  const char *person = NULL;

  if (g_str_equal (record->kind, "person"))
    person = record->id;
  else if (g_str_equal (record->kind, "case_person") || g_str_equal (record->kind, "consent"))
    person = object_get_string (record->fields, "person_id");
  if (person != NULL)
    g_string_append (out, person);
}

static gboolean
audit_record (MoniaServerStore   *self,
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

static gboolean
after_write (MoniaServerStore   *self,
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
      const char *person_id = object_get_string (record->fields, "person_id");

      if (person_id != NULL && record_exists (self, "person", person_id))
        return touch_feed (self, record->case_id, "person", person_id, changed_feeds, error);
    }
  return TRUE;
}

static JsonObject *
store_conflict (MoniaServerStore   *self,
                MoniaServerAccount *account,
                Mutation           *m,
                ServerRecord       *record,
                const char         *field,
                JsonNode           *mine,
                GPtrArray          *changed_feeds,
                GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *id = monia_id_new ();
  gint64 theirs_rev = field ? json_object_get_int_member_with_default (record->field_revs, field, 0) : record->rev;
  g_autofree char *theirs_by = field_changed_by (self, record, theirs_rev);
  g_autoptr(JsonNode) base = field ? field_value_at (self, record, field, m->base_rev) : json_node_new (JSON_NODE_NULL);
  JsonNode *theirs = field ? json_object_get_member (record->fields, field) : NULL;
  g_autofree char *base_text = value_to_string (base);
  g_autofree char *theirs_text = value_to_string (theirs);
  g_autofree char *mine_text = value_to_string (mine);
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
  sqlite3_bind_int64 (stmt, 6, m->base_rev);
  _monia_server_bind_text (stmt, 7, base_text);
  _monia_server_bind_text (stmt, 8, theirs_text);
  sqlite3_bind_int64 (stmt, 9, theirs_rev);
  _monia_server_bind_text (stmt, 10, theirs_by);
  _monia_server_bind_text (stmt, 11, mine_text);
  _monia_server_bind_text (stmt, 12, account->id);
  _monia_server_bind_text (stmt, 13, m->mutation_id);
  sqlite3_bind_int64 (stmt, 14, g_get_real_time () / G_USEC_PER_SEC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _monia_server_set_error (self, error);
      return NULL;
    }

  if (record->case_id != NULL &&
      !touch_feed (self, record->case_id, "conflict", id, changed_feeds, error))
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

#define MAX_AUDIT_REASON 500

/* A desktop's record of a view, print or export, checked as the server's
 * own entries are: a case the pusher may read, a record of that case, an
 * action a desktop records, bounded text. Then appended to the chain. */
static gboolean
check_audit_event (MoniaServerStore   *self,
                   MoniaServerAccount *account,
                   const MoniaKind    *kind,
                   Mutation           *m,
                   const char         *device,
                   GError            **error)
{
  const char *action = object_get_string (m->fields, "action");
  const char *record_kind = object_get_string (m->fields, "record_kind");
  const char *record_id = object_get_string (m->fields, "record_id");
  const char *case_id = object_get_string (m->fields, "case_id");
  const char *reason = object_get_string (m->fields, "reason");
  const MoniaKind *target = record_kind != NULL ? monia_kind_lookup (record_kind) : NULL;
  g_autoptr(GList) members = m->fields != NULL ? json_object_get_members (m->fields) : NULL;
  MoniaAuditEntry entry = { 0 };

  if (!g_str_equal (m->op, "create") || action == NULL ||
      (!g_str_equal (action, "view") && !g_str_equal (action, "export") && !g_str_equal (action, "print")))
    {
      g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_BAD_REQUEST,
                           _("An audit event is a new “view”, “export” or “print”."));
      return FALSE;
    }
  for (GList *l = members; l != NULL; l = l->next)
    if (!check_field (kind, l->data, json_object_get_member (m->fields, l->data), error))
      return FALSE;
  if ((record_kind != NULL && target == NULL) || (record_id != NULL && !g_uuid_string_is_valid (record_id)) ||
      (reason != NULL && (strlen (reason) > MAX_AUDIT_REASON * 4 || g_utf8_strlen (reason, -1) > MAX_AUDIT_REASON)))
    {
      g_set_error (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_BAD_REQUEST,
                   _("An audit event names a known kind of record by its id, with a reason of at most %d characters."),
                   MAX_AUDIT_REASON);
      return FALSE;
    }

  /* Only what the pusher may see of a case can be recorded as seen. */
  if (case_id != NULL)
    {
      CaseAccess access = case_access (self, account, case_id);

      if (!is_on_case (&access) && access.relation != MONIA_RELATION_LEAD)
        return not_on_case (&access, error);
      if (record_id != NULL && target != NULL)
        {
          gboolean inside;

          if (g_str_equal (target->name, "case"))
            inside = g_str_equal (record_id, case_id);
          else if (g_str_equal (target->name, "person"))
            inside = case_holds_person (self, case_id, record_id);
          else if (target->flags & MONIA_KIND_FLAG_CASE_SCOPED)
            {
              g_autoptr(ServerRecord) record = load_record (self, target->name, record_id, NULL);

              inside = record != NULL && g_strcmp0 (record->case_id, case_id) == 0;
            }
          else
            inside = TRUE;
          if (!inside)
            return not_on_case (&access, error);
        }
    }
  else if (target != NULL && (target->flags & MONIA_KIND_FLAG_CASE_SCOPED || g_str_equal (target->name, "case") ||
                              g_str_equal (target->name, "person")))
    {
      g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_BAD_REQUEST,
                           _("An audit event about a case’s record names the case."));
      return FALSE;
    }

  entry.actor = account->id;
  entry.action = action;
  entry.record_kind = record_kind;
  entry.record_id = record_id;
  entry.case_id = case_id;
  entry.reason = reason;
  entry.device = device;
  return _monia_server_audit_in_tx (self, &entry, error);
}

/* Applies one mutation inside the caller's transaction. Returns the result
 * object, or NULL with @error for a mutation that is refused. */
static JsonObject *
apply_mutation (MoniaServerStore   *self,
                MoniaServerAccount *account,
                const char         *device,
                Mutation           *m,
                GPtrArray          *changed_feeds,
                GError            **error)
{
  const MoniaKind *kind = monia_kind_lookup (m->kind_name);
  g_autoptr(ServerRecord) record = NULL;
  g_autoptr(JsonObject) changed = json_object_new ();
  g_autoptr(JsonArray) applied = json_array_new ();
  g_autoptr(JsonArray) conflicts = json_array_new ();
  g_autofree char *case_id = NULL;
  g_autofree char *feed = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *result;
  gboolean is_new = FALSE;
  gint64 new_rev;

  if (kind == NULL || g_str_equal (kind->name, "professional"))
    {
      g_set_error (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_BAD_REQUEST,
                   _("Records of kind “%s” cannot be pushed."), m->kind_name);
      return NULL;
    }

  /* Views made offline on a desktop go into the audit log. */
  if (g_str_equal (kind->name, "audit_event"))
    {
      if (!check_audit_event (self, account, kind, m, device, error))
        return NULL;
      return result_new (m->mutation_id, "applied");
    }

  record = load_record (self, kind->name, m->record_id, &local_error);
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
        if (!check_field (kind, l->data, json_object_get_member (m->fields, l->data), error))
          return NULL;
    }

  if (!authorise (self, account, kind, m, record, &case_id, &feed, error))
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
           g_strcmp0 (object_get_string (m->fields, "case_id"), record->case_id) != 0)
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
      if (!save_record (self, record, is_new, m->op, changed, account->id, m->mutation_id, error) ||
          !touch_record_feeds (self, record, changed_feeds, error) ||
          !after_write (self, record, changed_feeds, error) ||
          !audit_record (self, account, device, m->op, record, record->case_id, NULL, error))
        return NULL;
    }

  result = result_new (m->mutation_id, json_array_get_length (conflicts) > 0 ? "conflict" : "applied");
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
  g_autoptr(sqlite3_stmt) stmt = NULL;
  JsonObject *result;

  stmt = _monia_server_prepare (self, "SELECT result FROM applied_mutations"
                                      " WHERE account_id = ? AND mutation_id = ?", NULL);
  if (stmt == NULL)
    return NULL;
  _monia_server_bind_text (stmt, 1, account->id);
  _monia_server_bind_text (stmt, 2, mutation_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  result = parse_object ((const char *) sqlite3_column_text (stmt, 0));
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
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *text = object_to_string (result);

  stmt = _monia_server_prepare (self,
                                "INSERT INTO applied_mutations (mutation_id, account_id, at, result)"
                                " VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, mutation_id);
  _monia_server_bind_text (stmt, 2, account->id);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);
  _monia_server_bind_text (stmt, 4, text);
  if (sqlite3_step (stmt) != SQLITE_DONE)
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
  Mutation m = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) feeds = g_ptr_array_new_with_free_func (g_free);
  JsonObject *result;

  if (!parse_mutation (node, &m, &error))
    return result_rejected (m.mutation_id, error);

  if (!_monia_server_savepoint (self, &error))
    return result_rejected (m.mutation_id, error);

  result = lookup_applied (self, account, m.mutation_id);
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
        return result_rejected (m.mutation_id, error);

      /* A refusal is remembered too, so a resent batch gets the same answer. */
      result = result_rejected (m.mutation_id, error);
      g_clear_error (&error);
      if (!_monia_server_savepoint (self, &error))
        return result;
      if (!remember_applied (self, account, m.mutation_id, result, &error) ||
          !_monia_server_savepoint_release (self, &error))
        _monia_server_savepoint_rollback (self);
      return result;
    }

  if (!remember_applied (self, account, m.mutation_id, result, &error) ||
      !_monia_server_savepoint_release (self, &error))
    {
      _monia_server_savepoint_rollback (self);
      json_object_unref (result);
      return result_rejected (m.mutation_id, error);
    }

  for (guint i = 0; i < feeds->len; i++)
    if (changed_feeds != NULL && !g_ptr_array_find_with_equal_func (changed_feeds, feeds->pdata[i], g_str_equal, NULL))
      g_ptr_array_add (changed_feeds, g_strdup (feeds->pdata[i]));
  return result;
}

#define MAX_MUTATIONS_PER_PUSH 500

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
   * desktop gets an error and sends the same mutations again. */
  if (!_monia_server_begin (self, error))
    return NULL;
  for (guint i = 0; i < n; i++)
    json_array_add_object_element (results,
                                   push_one (self, account, device,
                                             json_array_get_element (mutations, i),
                                             feeds));
  if (!_monia_server_commit (self, error))
    return NULL;

  for (guint i = 0; out_changed_feeds != NULL && i < feeds->len; i++)
    if (!g_ptr_array_find_with_equal_func (out_changed_feeds, feeds->pdata[i], g_str_equal, NULL))
      g_ptr_array_add (out_changed_feeds, g_strdup (feeds->pdata[i]));

  reply = json_object_new ();
  json_object_set_array_member (reply, "results", g_steal_pointer (&results));
  return node_take_object (reply);
}

/* Pull */

static const char next_deadline_sql[] =
  "(SELECT min (d) FROM ("
  "   SELECT json_extract (a.fields, '$.decision_due') AS d FROM records a"
  "   WHERE a.kind = 'assessment' AND a.case_id = c.id AND a.deleted = 0"
  "   AND json_extract (a.fields, '$.started_on') IS NULL"
  "   UNION ALL"
  "   SELECT json_extract (a.fields, '$.completion_due') FROM records a"
  "   WHERE a.kind = 'assessment' AND a.case_id = c.id AND a.deleted = 0"
  "   AND json_extract (a.fields, '$.completed_on') IS NULL))";

static void
set_string_or_null (JsonObject *object,
                    const char *member,
                    const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

JsonNode *
monia_server_store_list_cases (MoniaServerStore   *self,
                               MoniaServerAccount *account,
                               GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonArray) cases = json_array_new ();
  g_autoptr(JsonArray) revoked = json_array_new ();
  g_autofree char *sql = NULL;
  JsonObject *reply;
  int rc;

  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), NULL);

  sql = g_strdup_printf ("SELECT c.id, json_extract (c.fields, '$.title'), json_extract (c.fields, '$.status'),"
                         " json_extract (c.fields, '$.opened_on'), coalesce (f.seq, 0), %s AS due"
                         " FROM case_members m JOIN records c ON c.kind = 'case' AND c.id = m.case_id AND c.deleted = 0"
                         " LEFT JOIN feeds f ON f.feed = c.id"
                         " WHERE m.account_id = ? AND " MEMBER_ACTIVE
                         " GROUP BY c.id ORDER BY due IS NULL, due, c.id",
                         next_deadline_sql);
  stmt = _monia_server_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  _monia_server_bind_text (stmt, 1, account->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *item = json_object_new ();
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      CaseAccess access = case_access (self, account, id);
      gboolean full = monia_relation_is_full (access.relation);
      gboolean titled = may_read_kind (&access, "case");

      json_object_set_string_member (item, "id", id);
      /* A participant without consent to the overview sees no title. */
      set_string_or_null (item, "title", titled ? (const char *) sqlite3_column_text (stmt, 1) : NULL);
      set_string_or_null (item, "status", (const char *) sqlite3_column_text (stmt, 2));
      set_string_or_null (item, "opened_on", (const char *) sqlite3_column_text (stmt, 3));
      json_object_set_int_member (item, "seq", sqlite3_column_int64 (stmt, 4));
      set_string_or_null (item, "next_deadline", (const char *) sqlite3_column_text (stmt, 5));
      json_object_set_string_member (item, "access", full ? "team" : "consent");
      json_array_add_object_element (cases, item);
    }
  if (rc != SQLITE_DONE)
    {
      _monia_server_set_error (self, error);
      return NULL;
    }

  g_clear_pointer (&stmt, _monia_server_release);
  stmt = _monia_server_prepare (self,
                                "SELECT s.case_id FROM served_cases s WHERE s.account_id = ?1 AND NOT EXISTS"
                                " (SELECT 1 FROM case_members m JOIN records c ON c.kind = 'case'"
                                "  AND c.id = m.case_id AND c.deleted = 0"
                                "  WHERE m.case_id = s.case_id AND m.account_id = ?1 AND " MEMBER_ACTIVE ")"
                                " ORDER BY s.case_id", error);
  if (stmt == NULL)
    return NULL;
  _monia_server_bind_text (stmt, 1, account->id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    json_array_add_string_element (revoked, (const char *) sqlite3_column_text (stmt, 0));

  reply = json_object_new ();
  json_object_set_array_member (reply, "cases", g_steal_pointer (&cases));
  json_object_set_array_member (reply, "revoked", g_steal_pointer (&revoked));
  return node_take_object (reply);
}

static JsonObject *
conflict_entry (MoniaServerStore *self,
                const char       *id,
                ServerRecord    **out_record)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  JsonObject *entry;
  JsonObject *fields;

  stmt = _monia_server_prepare (self,
                                "SELECT case_id, record_kind, record_id, field, base_rev, base_value,"
                                " theirs_value, theirs_rev, theirs_by, mine_value, mine_by, mutation_id,"
                                " created_at, resolved_at, resolved_by FROM conflicts WHERE id = ?", NULL);
  if (stmt == NULL)
    return NULL;
  _monia_server_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  fields = json_object_new ();
  json_object_set_string_member (fields, "record_kind", (const char *) sqlite3_column_text (stmt, 1));
  json_object_set_string_member (fields, "record_id", (const char *) sqlite3_column_text (stmt, 2));
  set_string_or_null (fields, "field", (const char *) sqlite3_column_text (stmt, 3));
  json_object_set_int_member (fields, "base_rev", sqlite3_column_int64 (stmt, 4));
  json_object_set_member (fields, "base", parse_value ((const char *) sqlite3_column_text (stmt, 5)));
  json_object_set_member (fields, "theirs", parse_value ((const char *) sqlite3_column_text (stmt, 6)));
  json_object_set_int_member (fields, "theirs_rev", sqlite3_column_int64 (stmt, 7));
  set_string_or_null (fields, "theirs_by", (const char *) sqlite3_column_text (stmt, 8));
  json_object_set_member (fields, "mine", parse_value ((const char *) sqlite3_column_text (stmt, 9)));
  json_object_set_string_member (fields, "mine_by", (const char *) sqlite3_column_text (stmt, 10));
  json_object_set_string_member (fields, "mutation_id", (const char *) sqlite3_column_text (stmt, 11));
  json_object_set_int_member (fields, "created_at", sqlite3_column_int64 (stmt, 12));
  if (sqlite3_column_type (stmt, 13) == SQLITE_NULL)
    json_object_set_null_member (fields, "resolved_at");
  else
    json_object_set_int_member (fields, "resolved_at", sqlite3_column_int64 (stmt, 13));
  set_string_or_null (fields, "resolved_by", (const char *) sqlite3_column_text (stmt, 14));

  *out_record = g_new0 (ServerRecord, 1);
  (*out_record)->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  (*out_record)->id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));

  entry = json_object_new ();
  json_object_set_string_member (entry, "kind", "conflict");
  json_object_set_string_member (entry, "id", id);
  json_object_set_string_member (entry, "case_id", (const char *) sqlite3_column_text (stmt, 0));
  json_object_set_int_member (entry, "rev", sqlite3_column_type (stmt, 13) == SQLITE_NULL ? 1 : 2);
  json_object_set_boolean_member (entry, "deleted", FALSE);
  json_object_set_object_member (entry, "fields", fields);
  return entry;
}

/* What the account may read of a feed: a case's feed by the policy's table,
 * the directory and the inbox by role. */
static gboolean
feed_access (MoniaServerStore   *self,
             MoniaServerAccount *account,
             const char         *feed,
             CaseAccess         *out_access,
             GError            **error)
{
  CaseAccess none = { MONIA_RELATION_NONE, MONIA_CASE_PART_NONE, FALSE };

  *out_access = none;
  if (g_str_equal (feed, FEED_DIRECTORY))
    return TRUE;
  if (g_str_equal (feed, FEED_INBOX))
    {
      if (monia_policy_role_allows (account->role, "help_request", MONIA_ACCESS_READ))
        return TRUE;
      return not_on_case (out_access, error);
    }

  *out_access = case_access (self, account, feed);
  if (is_on_case (out_access))
    return TRUE;
  if (out_access->relation == MONIA_RELATION_LEAD)
    return refuse (error, _("Team leads see the deadlines of their teams’ cases, not their contents."));
  return not_on_case (out_access, error);
}

/* Whether an entry of @kind in the feed is shown to the account. */
static gboolean
feed_shows (MoniaServerAccount *account,
            const char         *feed,
            const CaseAccess   *access,
            const char         *kind)
{
  if (g_str_equal (feed, FEED_DIRECTORY) || g_str_equal (feed, FEED_INBOX))
    return monia_policy_role_allows (account->role, kind, MONIA_ACCESS_READ);
  return may_read_kind (access, kind);
}

#define MAX_PULL_LIMIT 500

static void
append_separator (GString *out)
{
  if (out->len > 0)
    g_string_append_c (out, ',');
}

static void
append_object (GString    *out,
               JsonObject *object)
{
  g_autofree char *text = object_to_string (object);

  g_string_append (out, text);
}

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
  g_autoptr(sqlite3_stmt) stmt = NULL;
  /* The answer is written as text: the stored fields are JSON objects
   * already (made by object_to_string()) and go in as they are, which
   * saves parsing and generating every record. */
  g_autoptr(GString) changes = g_string_sized_new (16384);
  gboolean is_case;
  gint64 last = since, head = 0;
  guint n = 0;
  int rc;

  is_case = !g_str_equal (feed, FEED_DIRECTORY) && !g_str_equal (feed, FEED_INBOX);

  stmt = _monia_server_prepare (self, "SELECT seq FROM feeds WHERE feed = ?", error);
  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, feed);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    head = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, _monia_server_release);

  /* The page's entries with their records, in one statement. */
  stmt = _monia_server_prepare (self,
                                "SELECT e.seq, e.kind, e.record_id, r.case_id, r.rev, r.deleted, r.fields,"
                                " CASE WHEN e.kind IN ('case_person', 'consent')"
                                "  THEN json_extract (r.fields, '$.person_id') END"
                                " FROM feed_entries e LEFT JOIN records r ON r.kind = e.kind AND r.id = e.record_id"
                                " WHERE e.feed = ? AND e.seq > ? ORDER BY e.seq LIMIT ?", error);
  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, feed);
  sqlite3_bind_int64 (stmt, 2, since);
  sqlite3_bind_int (stmt, 3, (int) limit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (stmt, 0);
      const char *kind = (const char *) sqlite3_column_text (stmt, 1);
      const char *record_id = (const char *) sqlite3_column_text (stmt, 2);
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

          entry = conflict_entry (self, record_id, &record);
          if (entry == NULL)
            continue;
          if (!feed_shows (account, feed, access, record->kind))
            {
              json_object_unref (entry);
              continue;
            }
          json_object_set_int_member (entry, "seq", seq);
          append_separator (changes);
          append_object (changes, entry);
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

      if (!feed_shows (account, feed, access, kind) || sqlite3_column_type (stmt, 4) == SQLITE_NULL)
        continue;
      deleted = sqlite3_column_int (stmt, 5) != 0;
      fields_text = (const char *) sqlite3_column_text (stmt, 6);

      record_case = (const char *) sqlite3_column_text (stmt, 3);
      append_separator (changes);
      g_string_append_printf (changes, "{\"seq\":%" G_GINT64_FORMAT ",\"kind\":", seq);
      _monia_json_append_string (changes, kind);
      g_string_append (changes, ",\"id\":");
      _monia_json_append_string (changes, record_id);
      g_string_append (changes, ",\"case_id\":");
      _monia_json_append_string (changes, record_case);
      g_string_append_printf (changes, ",\"rev\":%" G_GINT64_FORMAT ",\"deleted\":%s,\"fields\":%s}",
                              (gint64) sqlite3_column_int64 (stmt, 4), deleted ? "true" : "false",
                              !deleted && fields_text != NULL && fields_text[0] == '{' ? fields_text : "{}");

      audit.actor = account->id;
      audit.action = "read";
      audit.record_kind = kind;
      audit.record_id = record_id;
      audit.case_id = is_case ? feed : NULL;
      audit.person_ids = g_str_equal (kind, "person") ? record_id : (const char *) sqlite3_column_text (stmt, 7);
      audit.reason = "sync";
      audit.device = device;
      if (!_monia_server_audit_in_tx (self, &audit, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      _monia_server_set_error (self, error);
      return FALSE;
    }
  g_clear_pointer (&stmt, _monia_server_release);

  if (is_case)
    {
      stmt = _monia_server_prepare (self,
                                    "INSERT OR IGNORE INTO served_cases (account_id, case_id) VALUES (?, ?)",
                                    error);
      if (stmt == NULL)
        return FALSE;
      _monia_server_bind_text (stmt, 1, account->id);
      _monia_server_bind_text (stmt, 2, feed);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          _monia_server_set_error (self, error);
          return FALSE;
        }
    }

  g_string_append (reply, "{\"feed\":");
  _monia_json_append_string (reply, feed);
  g_string_append_printf (reply, ",\"since\":%" G_GINT64_FORMAT ",\"seq\":%" G_GINT64_FORMAT
                          ",\"head\":%" G_GINT64_FORMAT ",\"more\":%s,\"changes\":[",
                          since, last, head, last < head ? "true" : "false");
  g_string_append_len (reply, changes->str, (gssize) changes->len);
  g_string_append (reply, "]}");
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

  if (!feed_access (self, account, feed, &access, error))
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
    if (!feed_access (self, account, feeds[i], &access[i], error))
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

JsonNode *
monia_server_store_lead_feed (MoniaServerStore   *self,
                              MoniaServerAccount *account,
                              GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonArray) cases = json_array_new ();
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

  sql = g_strdup_printf ("SELECT c.id, json_extract (c.fields, '$.status'), json_extract (c.fields, '$.opened_on'),"
                         " json_extract (c.fields, '$.closed_on'), json_extract (c.fields, '$.owner_id'),"
                         " json_extract (c.fields, '$.pair_id'), coalesce (f.seq, 0), %s AS due"
                         " FROM records c LEFT JOIN feeds f ON f.feed = c.id"
                         " WHERE c.kind = 'case' AND c.deleted = 0 AND json_extract (c.fields, '$.team_id') = ?"
                         " ORDER BY due IS NULL, due, c.id", next_deadline_sql);
  stmt = _monia_server_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  _monia_server_bind_text (stmt, 1, account->team_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "id", (const char *) sqlite3_column_text (stmt, 0));
      set_string_or_null (item, "status", (const char *) sqlite3_column_text (stmt, 1));
      set_string_or_null (item, "opened_on", (const char *) sqlite3_column_text (stmt, 2));
      set_string_or_null (item, "closed_on", (const char *) sqlite3_column_text (stmt, 3));
      set_string_or_null (item, "owner_id", (const char *) sqlite3_column_text (stmt, 4));
      set_string_or_null (item, "pair_id", (const char *) sqlite3_column_text (stmt, 5));
      json_object_set_int_member (item, "seq", sqlite3_column_int64 (stmt, 6));
      set_string_or_null (item, "next_deadline", (const char *) sqlite3_column_text (stmt, 7));
      json_array_add_object_element (cases, item);
    }
  if (rc != SQLITE_DONE)
    {
      _monia_server_set_error (self, error);
      return NULL;
    }

  entry.actor = account->id;
  entry.action = "read_metadata";
  entry.record_kind = "case";
  entry.reason = "lead_feed";
  if (!monia_server_store_audit (self, &entry, error))
    return NULL;

  reply = json_object_new ();
  json_object_set_string_member (reply, "team_id", account->team_id);
  json_object_set_array_member (reply, "cases", g_steal_pointer (&cases));
  return node_take_object (reply);
}

gboolean
monia_server_store_resolve_conflict (MoniaServerStore   *self,
                                     MoniaServerAccount *account,
                                     const char         *device,
                                     const char         *conflict_id,
                                     char              **out_case_id,
                                     GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *record_kind = NULL;
  MoniaAuditEntry entry = { 0 };
  CaseAccess access = { MONIA_RELATION_NONE, MONIA_CASE_PART_NONE, FALSE };

  stmt = _monia_server_prepare (self, "SELECT case_id, record_kind FROM conflicts WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, conflict_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      case_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      record_kind = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  g_clear_pointer (&stmt, _monia_server_release);

  if (case_id != NULL)
    access = case_access (self, account, case_id);
  if (case_id == NULL || !is_on_case (&access) || !may_read_kind (&access, record_kind))
    {
      g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_NOT_FOUND,
                           _("There is no such conflict in your cases."));
      return FALSE;
    }
  if (!may_write_case (&access, record_kind, MONIA_ACCESS_UPDATE, error))
    return FALSE;

  if (!_monia_server_begin (self, error))
    return FALSE;
  stmt = _monia_server_prepare (self,
                                "UPDATE conflicts SET resolved_at = ?, resolved_by = ?"
                                " WHERE id = ? AND resolved_at IS NULL", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
  _monia_server_bind_text (stmt, 2, account->id);
  _monia_server_bind_text (stmt, 3, conflict_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _monia_server_set_error (self, error);
      goto fail;
    }
  if (sqlite3_changes (self->db) > 0)
    {
      entry.actor = account->id;
      entry.action = "resolve_conflict";
      entry.record_kind = "conflict";
      entry.record_id = conflict_id;
      entry.case_id = case_id;
      entry.device = device;
      if (!touch_feed (self, case_id, "conflict", conflict_id, NULL, error) ||
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

gint64
monia_server_store_case_seq (MoniaServerStore   *self,
                             MoniaServerAccount *account,
                             const char         *feed)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  CaseAccess access;

  if (!feed_access (self, account, feed, &access, NULL))
    return -1;
  stmt = _monia_server_prepare (self, "SELECT seq FROM feeds WHERE feed = ?", NULL);
  if (stmt == NULL)
    return -1;
  _monia_server_bind_text (stmt, 1, feed);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

JsonNode *
monia_server_store_audit_for_person (MoniaServerStore   *self,
                                     MoniaServerAccount *admin,
                                     const char         *person_id,
                                     GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
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
    " WHERE (',' || a.person_ids || ',') LIKE '%,' || ?1 || ',%'"
    " OR a.case_id IN (SELECT r.case_id FROM records r WHERE r.kind = 'case_person'"
    "                  AND json_extract (r.fields, '$.person_id') = ?1)"
    " ORDER BY a.seq LIMIT 10000", error);
  if (stmt == NULL)
    return NULL;
  _monia_server_bind_text (stmt, 1, person_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *item = json_object_new ();

      json_object_set_int_member (item, "seq", sqlite3_column_int64 (stmt, 0));
      json_object_set_int_member (item, "at", sqlite3_column_int64 (stmt, 1));
      set_string_or_null (item, "actor", (const char *) sqlite3_column_text (stmt, 2));
      set_string_or_null (item, "action", (const char *) sqlite3_column_text (stmt, 3));
      set_string_or_null (item, "record_kind", (const char *) sqlite3_column_text (stmt, 4));
      set_string_or_null (item, "record_id", (const char *) sqlite3_column_text (stmt, 5));
      set_string_or_null (item, "case_id", (const char *) sqlite3_column_text (stmt, 6));
      set_string_or_null (item, "reason", (const char *) sqlite3_column_text (stmt, 7));
      set_string_or_null (item, "device", (const char *) sqlite3_column_text (stmt, 8));
      set_string_or_null (item, "actor_name", (const char *) sqlite3_column_text (stmt, 9));
      set_string_or_null (item, "actor_org", (const char *) sqlite3_column_text (stmt, 10));
      json_array_add_object_element (entries, item);
    }
  if (rc != SQLITE_DONE)
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
  return node_take_object (reply);
}

gboolean
_monia_server_publish_professional (MoniaServerStore  *self,
                                    const char        *id,
                                    const char        *name,
                                    const char        *team_id,
                                    const char        *role,
                                    const char        *login,
                                    GError           **error)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) revs = json_object_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *fields_text = NULL;
  g_autofree char *revs_text = NULL;
  const char *const names[] = { "name", "team_id", "role", "login" };
  const char *const values[] = { name, team_id, role, login };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      json_object_set_string_member (fields, names[i], values[i]);
      json_object_set_int_member (revs, names[i], 1);
    }
  fields_text = object_to_string (fields);
  revs_text = object_to_string (revs);

  stmt = _monia_server_prepare (self,
                                "INSERT INTO records (kind, id, case_id, feed, rev, deleted, fields, field_revs,"
                                " created_by, created_at, updated_by, updated_at)"
                                " VALUES ('professional', ?1, NULL, 'directory', 1, 0, ?2, ?3, NULL, ?4, NULL, ?4)",
                                error);
  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, id);
  _monia_server_bind_text (stmt, 2, fields_text);
  _monia_server_bind_text (stmt, 3, revs_text);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _monia_server_set_error (self, error);
  return touch_feed (self, FEED_DIRECTORY, "professional", id, NULL, error);
}
