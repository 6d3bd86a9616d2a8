/* monia-server-access.c — the access policy applied: how an account stands to a case, and whether a write or a read is allowed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-server-access"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "monia-json-private.h"
#include "monia-server-sync-private.h"

/* Access: how an account stands to a case, by the rules in monia-policy.c */

/* The parts of the case that the consents holding today give @account,
 * named or through the organisation of one of their participant records. */
static MoniaCaseParts
consented_parts (MoniaServerStore   *self,
                 MoniaServerAccount *account,
                 const char         *case_id)
{
  g_autoptr(MoniaServerStmt) stmt = NULL;
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) consents = g_array_new (FALSE, TRUE, sizeof (MoniaConsentFacts));
  g_autoptr(GPtrArray) orgs = g_ptr_array_new ();
  GDate today;

  stmt = _monia_server_prepare (self,
    "SELECT (fields ->> 'professional_id'), (fields ->> 'organisation_id'),"
    " (fields ->> 'scope'), (fields ->> 'valid_until'),"
    " (fields ->> 'revoked_on') FROM records"
    " WHERE kind = 'consent' AND case_id = ? AND deleted = 0", NULL);
  if (stmt == NULL)
    return MONIA_CASE_PART_NONE;
  _monia_server_bind_text (stmt, 1, case_id);
  while (_monia_server_step (stmt) == MONIA_SERVER_ROW)
    {
      MoniaConsentFacts consent;
      char *values[5];

      for (int i = 0; i < 5; i++)
        g_ptr_array_add (strings, values[i] = _monia_server_dup_column (stmt, i));
      consent.professional_id = values[0];
      consent.organisation_id = values[1];
      consent.scope = values[2];
      consent.valid_until = values[3];
      consent.revoked_on = values[4];
      g_array_append_val (consents, consent);
    }
  g_clear_pointer (&stmt, _monia_server_release);

  stmt = _monia_server_prepare (self,
    "SELECT (fields ->> 'organisation_id') FROM records"
    " WHERE kind = 'participant' AND case_id = ? AND deleted = 0"
    " AND (fields ->> 'professional_id') = ?"
    " AND (fields ->> 'organisation_id') IS NOT NULL", NULL);
  if (stmt == NULL)
    return MONIA_CASE_PART_NONE;
  _monia_server_bind_text (stmt, 1, case_id);
  _monia_server_bind_text (stmt, 2, account->id);
  while (_monia_server_step (stmt) == MONIA_SERVER_ROW)
    {
      char *org = _monia_server_dup_column (stmt, 0);

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
  g_autoptr(MoniaServerStmt) stmt = _monia_server_prepare (self,
    "SELECT 1 FROM served_cases WHERE account_id = ? AND case_id = ?", NULL);

  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, account->id);
  _monia_server_bind_text (stmt, 2, case_id);
  return _monia_server_step (stmt) == MONIA_SERVER_ROW;
}

CaseAccess
_monia_server_case_access (MoniaServerStore   *self,
                           MoniaServerAccount *account,
                           const char         *case_id)
{
  g_autoptr(MoniaServerStmt) stmt = NULL;
  g_autoptr(ServerRecord) record = NULL;
  CaseAccess access = { MONIA_RELATION_NONE, MONIA_CASE_PART_NONE, FALSE };
  gboolean participant = FALSE;
  char today[16];

  if (case_id == NULL)
    return access;

  stmt = _monia_server_prepare (self,
                                "SELECT m.via FROM case_members m"
                                " JOIN records c ON c.kind = 'case' AND c.id = m.case_id AND c.deleted = 0"
                                " WHERE m.case_id = ?1 AND m.account_id = ?2 AND " MEMBER_ACTIVE ("?3"),
                                NULL);
  if (stmt == NULL)
    return access;
  _monia_server_today_text (today);
  _monia_server_bind_text (stmt, 1, case_id);
  _monia_server_bind_text (stmt, 2, account->id);
  _monia_server_bind_text (stmt, 3, today);
  while (_monia_server_step (stmt) == MONIA_SERVER_ROW)
    {
      const char *via = _monia_server_column_text (stmt, 0);

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
        "SELECT 1 FROM records c JOIN accounts o ON o.id = (c.fields ->> 'owner_id')"
        " WHERE c.kind = 'case' AND c.id = ? AND o.org = ?", NULL);
      if (stmt == NULL)
        return access;
      _monia_server_bind_text (stmt, 1, case_id);
      _monia_server_bind_text (stmt, 2, account->org);
      if (_monia_server_step (stmt) == MONIA_SERVER_ROW)
        access.relation = MONIA_RELATION_ORG_PARTICIPANT;
      else
        {
          access.relation = MONIA_RELATION_CONSENT_PARTICIPANT;
          access.parts = consented_parts (self, account, case_id);
        }
      return access;
    }

  record = _monia_server_load_record (self, "case", case_id, NULL);
  if (record != NULL && !record->deleted)
    {
      if (account->role == MONIA_ROLE_LEAD &&
          g_strcmp0 (_monia_server_object_get_string (record->fields, "team_id"), account->team_id) == 0)
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
gboolean
_monia_server_is_on_case (const CaseAccess *access)
{
  return monia_relation_is_full (access->relation) ||
         access->relation == MONIA_RELATION_CONSENT_PARTICIPANT;
}

gboolean
_monia_server_may_read_kind (const CaseAccess *access,
                             const char       *kind)
{
  return monia_policy_case_allows (access->relation, access->parts, kind, MONIA_ACCESS_READ);
}

static const char *
home_feed_kind (const MoniaKind *kind)
{
  if (kind->flags & MONIA_KIND_FLAG_CASE_SCOPED || g_str_equal (kind->name, "case") ||
      g_str_equal (kind->name, "person"))
    return NULL;  /* a case */
  if (g_str_equal (kind->name, "help_request"))
    return MONIA_FEED_INBOX;
  return MONIA_FEED_DIRECTORY;
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
gboolean
_monia_server_may_write_case (const CaseAccess  *access,
                              const char        *kind,
                              MoniaAccess        op,
                              GError           **error)
{
  if (!_monia_server_is_on_case (access) && access->relation != MONIA_RELATION_LEAD)
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
  g_autoptr(MoniaServerStmt) stmt = NULL;

  if (id == NULL)
    return FALSE;
  stmt = _monia_server_prepare (self, "SELECT role, team_id FROM accounts WHERE id = ? AND disabled = 0", NULL);
  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, id);
  if (_monia_server_step (stmt) != MONIA_SERVER_ROW ||
      !monia_role_from_string (_monia_server_column_text (stmt, 0), &out->role))
    return FALSE;
  out->team_id = _monia_server_dup_column (stmt, 1);
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
  g_autoptr(ServerRecord) pair = _monia_server_load_record (self, "work_pair", pair_id, NULL);
  GDate today;

  monia_policy_today (&today);
  return pair != NULL && !pair->deleted &&
         monia_policy_day_not_ended (_monia_server_object_get_string (pair->fields, "active_until"), &today) &&
         (team_id == NULL || g_strcmp0 (_monia_server_object_get_string (pair->fields, "team_id"), team_id) == 0) &&
         (member_id == NULL ||
          g_strcmp0 (_monia_server_object_get_string (pair->fields, "first_id"), member_id) == 0 ||
          g_strcmp0 (_monia_server_object_get_string (pair->fields, "second_id"), member_id) == 0);
}

/* The value a mutation gives @field, or the record's current one. */
static const char *
value_after (MoniaWireMutation *m,
             ServerRecord      *existing,
             const char        *field)
{
  if (m->fields != NULL && json_object_has_member (m->fields, field))
    return _monia_server_object_get_string (m->fields, field);
  return existing != NULL ? _monia_server_object_get_string (existing->fields, field) : NULL;
}

/* Work pairs are formed by their team's lead from two workers of that
 * team; a pair of another team is not theirs to change. */
static gboolean
check_work_pair (MoniaServerStore   *self,
                 MoniaServerAccount *account,
                 MoniaWireMutation  *m,
                 ServerRecord       *existing,
                 GError            **error)
{
  const char *first = value_after (m, existing, "first_id");
  const char *second = value_after (m, existing, "second_id");

  if (existing != NULL && g_strcmp0 (_monia_server_object_get_string (existing->fields, "team_id"), account->team_id) != 0)
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
                MoniaWireMutation  *m,
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
    ? _monia_server_object_get_string (case_record->fields, "team_id") : NULL;

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
  g_autoptr(MoniaServerStmt) stmt = _monia_server_prepare (self,
    "SELECT 1 FROM feed_entries WHERE feed = ? AND kind = 'person' AND record_id = ?", NULL);

  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, case_id);
  _monia_server_bind_text (stmt, 2, person_id);
  return _monia_server_step (stmt) == MONIA_SERVER_ROW;
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
  g_autoptr(MoniaServerStmt) stmt = NULL;
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_free);

  stmt = _monia_server_prepare (self,
    "SELECT DISTINCT feed FROM feed_entries WHERE kind = 'person' AND record_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, person_id);
  while (_monia_server_step (stmt) == MONIA_SERVER_ROW)
    g_ptr_array_add (cases, _monia_server_dup_column (stmt, 0));
  g_clear_pointer (&stmt, _monia_server_release);

  for (guint i = 0; i < cases->len; i++)
    {
      CaseAccess access = _monia_server_case_access (self, account, cases->pdata[i]);

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
                  MoniaWireMutation  *m,
                  const char         *case_id,
                  GError            **error)
{
  g_autoptr(GList) members = m->fields != NULL ? json_object_get_members (m->fields) : NULL;

  for (GList *l = members; l != NULL; l = l->next)
    {
      const MoniaField *field = monia_kind_lookup_field (kind, l->data);
      const char *id = _monia_server_object_get_string (m->fields, l->data);
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
          g_autoptr(ServerRecord) record = _monia_server_load_record (self, target->name, id, NULL);

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
gboolean
_monia_server_authorise (MoniaServerStore   *self,
                         MoniaServerAccount *account,
                         const MoniaKind    *kind,
                         MoniaWireMutation  *m,
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
      case_id = _monia_server_object_get_string (m->fields, "case_id");
      if (case_id == NULL)
        {
          g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                               _("“case_id” cannot be left empty."));
          return FALSE;
        }
    }

  access = _monia_server_case_access (self, account, case_id);
  if (!_monia_server_may_write_case (&access, kind->name, op, error))
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
  if (g_str_equal (kind->name, "case_person") && _monia_server_object_get_string (m->fields, "person_id") != NULL &&
      !check_person_link (self, account, _monia_server_object_get_string (m->fields, "person_id"), error))
    return FALSE;
  if (!check_references (self, kind, m, case_id, error))
    return FALSE;

  *out_case_id = g_strdup (case_id);
  *out_feed = g_strdup (existing ? existing->feed : case_id);
  return TRUE;
}

#define MAX_AUDIT_REASON 500

/* A desktop's record of a view, print or export, checked as the server's
 * own entries are: a case the pusher may read, a record of that case, an
 * action a desktop records, bounded text. Then appended to the chain. */
gboolean
_monia_server_check_audit_event (MoniaServerStore   *self,
                                 MoniaServerAccount *account,
                                 const MoniaKind    *kind,
                                 MoniaWireMutation  *m,
                                 const char         *device,
                                 GError            **error)
{
  const char *action = _monia_server_object_get_string (m->fields, "action");
  const char *record_kind = _monia_server_object_get_string (m->fields, "record_kind");
  const char *record_id = _monia_server_object_get_string (m->fields, "record_id");
  const char *case_id = _monia_server_object_get_string (m->fields, "case_id");
  const char *reason = _monia_server_object_get_string (m->fields, "reason");
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
    if (!_monia_server_check_field (kind, l->data, json_object_get_member (m->fields, l->data), error))
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
      CaseAccess access = _monia_server_case_access (self, account, case_id);

      if (!_monia_server_is_on_case (&access) && access.relation != MONIA_RELATION_LEAD)
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
              g_autoptr(ServerRecord) record = _monia_server_load_record (self, target->name, record_id, NULL);

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

/* What the account may read of a feed: a case's feed by the policy's table,
 * the directory and the inbox by role. */
gboolean
_monia_server_feed_access (MoniaServerStore   *self,
                           MoniaServerAccount *account,
                           const char         *feed,
                           CaseAccess         *out_access,
                           GError            **error)
{
  CaseAccess none = { MONIA_RELATION_NONE, MONIA_CASE_PART_NONE, FALSE };

  *out_access = none;
  if (g_str_equal (feed, MONIA_FEED_DIRECTORY))
    return TRUE;
  if (g_str_equal (feed, MONIA_FEED_INBOX))
    {
      if (monia_policy_role_allows (account->role, "help_request", MONIA_ACCESS_READ))
        return TRUE;
      return not_on_case (out_access, error);
    }

  *out_access = _monia_server_case_access (self, account, feed);
  if (_monia_server_is_on_case (out_access))
    return TRUE;
  if (out_access->relation == MONIA_RELATION_LEAD)
    return refuse (error, _("Team leads see the deadlines of their teams’ cases, not their contents."));
  return not_on_case (out_access, error);
}

/* Whether an entry of @kind in the feed is shown to the account. */
gboolean
_monia_server_feed_shows (MoniaServerAccount *account,
                          const char         *feed,
                          const CaseAccess   *access,
                          const char         *kind)
{
  if (g_str_equal (feed, MONIA_FEED_DIRECTORY) || g_str_equal (feed, MONIA_FEED_INBOX))
    return monia_policy_role_allows (account->role, kind, MONIA_ACCESS_READ);
  return _monia_server_may_read_kind (access, kind);
}
