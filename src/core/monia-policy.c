/* monia-policy.c — who may read and write what
 *
 * The one place that decides access. monia-server asks it before every
 * read it serves and every write it applies; the desktop asks it to show
 * what the person at the desk may change, and why not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-policy"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n-lib.h>

#include "monia-policy.h"

/* ---- parts of a case ---- */

static const char * const part_names[] = {
  "overview", "assessment", "plan", "implementation",
};

G_STATIC_ASSERT (MONIA_CASE_PART_ALL == (1 << G_N_ELEMENTS (part_names)) - 1);

const char *
monia_case_part_to_name (MoniaCaseParts part)
{
  for (guint i = 0; i < G_N_ELEMENTS (part_names); i++)
    if (part == (MoniaCaseParts) (1 << i))
      return part_names[i];
  return NULL;
}

MoniaCaseParts
monia_case_parts_from_scope (const char *scope)
{
  g_auto(GStrv) names = g_strsplit (scope != NULL ? scope : "", ",", -1);
  MoniaCaseParts parts = MONIA_CASE_PART_NONE;

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *name = g_strstrip (names[i]);

      for (guint p = 0; p < G_N_ELEMENTS (part_names); p++)
        if (g_str_equal (name, part_names[p]))
          parts |= 1 << p;
    }
  return parts;
}

char *
monia_case_parts_to_scope (MoniaCaseParts parts)
{
  GString *scope = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (part_names); i++)
    if (parts & (1 << i))
      {
        if (scope->len > 0)
          g_string_append_c (scope, ',');
        g_string_append (scope, part_names[i]);
      }
  return g_string_free (scope, FALSE);
}

/* ---- roles and relations ---- */

static const char * const role_names[] = { "worker", "lead", "intake", "admin" };

gboolean
monia_role_from_string (const char *text,
                        MoniaRole  *role)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (role_names); i++)
    if (g_str_equal (text, role_names[i]))
      {
        *role = (MoniaRole) i;
        return TRUE;
      }
  return FALSE;
}

const char *
monia_role_to_string (MoniaRole role)
{
  g_return_val_if_fail ((guint) role < G_N_ELEMENTS (role_names), "worker");
  return role_names[role];
}

static const char * const relation_names[] = {
  "none", "owner", "pair", "org_participant", "consent_participant", "lead", "intake", "admin",
};

G_STATIC_ASSERT (G_N_ELEMENTS (relation_names) == MONIA_N_RELATIONS);

const char *
monia_relation_to_string (MoniaRelation relation)
{
  g_return_val_if_fail ((guint) relation < MONIA_N_RELATIONS, "none");
  return relation_names[relation];
}

gboolean
monia_relation_is_full (MoniaRelation relation)
{
  return relation == MONIA_RELATION_OWNER || relation == MONIA_RELATION_PAIR ||
         relation == MONIA_RELATION_ORG_PARTICIPANT;
}

MoniaAccess
monia_access_from_string (const char *text)
{
  if (g_strcmp0 (text, "read") == 0)
    return MONIA_ACCESS_READ;
  if (g_strcmp0 (text, "create") == 0)
    return MONIA_ACCESS_CREATE;
  if (g_strcmp0 (text, "update") == 0)
    return MONIA_ACCESS_UPDATE;
  if (g_strcmp0 (text, "delete") == 0)
    return MONIA_ACCESS_DELETE;
  return MONIA_ACCESS_NONE;
}

/* ---- the table ---- */

#define R MONIA_ACCESS_READ
#define C MONIA_ACCESS_CREATE
#define U MONIA_ACCESS_UPDATE
#define D MONIA_ACCESS_DELETE
#define RCUD (R | C | U | D)
#define RCU (R | C | U)
#define RC (R | C)
#define RU (R | U)
/* A lead's read of a case is its metadata only, through the lead feed;
 * their update is an assignment (owner, pair) inside their team. */
#define LEAD_CASE (U)

#define OVERVIEW MONIA_CASE_PART_OVERVIEW
#define ASSESSMENT MONIA_CASE_PART_ASSESSMENT
#define PLAN MONIA_CASE_PART_PLAN
#define IMPLEMENTATION MONIA_CASE_PART_IMPLEMENTATION

/* What each relation may do to the records of one case. A consent
 * participant's cell applies only to kinds in a part their consent covers
 * (consents themselves they always see: they say what they are shown).
 * Intake, admin and none reach no case's records. Deleting a case and
 * every change of owner, pair, team, participants and consents is the
 * owner's and the pair's alone. */
static const struct
{
  const char     *kind;
  MoniaCaseParts  part;
  guint8          ops[MONIA_N_RELATIONS];
} case_table[] = {
  /*                               none  owner  pair  org-part  consent  lead       intake admin */
  { "case",        OVERVIEW,       { 0,  RU | D, RU | D, RU,      R,       LEAD_CASE, 0,     0 } },
  { "person",      OVERVIEW,       { 0,  RCU,   RCU,  RCU,      R,       0,         0,     0 } },
  { "case_person", OVERVIEW,       { 0,  RCUD,  RCUD, R,        R,       0,         0,     0 } },
  { "participant", OVERVIEW,       { 0,  RCUD,  RCUD, R,        R,       0,         0,     0 } },
  { "consent",     MONIA_CASE_PART_ALL, { 0, RCUD, RCUD, R,     R,       0,         0,     0 } },
  { "assessment",  ASSESSMENT,     { 0,  RCUD,  RCUD, RCUD,     RCU,     0,         0,     0 } },
  { "plan",        PLAN,           { 0,  RCUD,  RCUD, RCUD,     RCU,     0,         0,     0 } },
  { "goal",        PLAN,           { 0,  RCUD,  RCUD, RCUD,     RCU,     0,         0,     0 } },
  { "measure",     PLAN,           { 0,  RCUD,  RCUD, RCUD,     RCU,     0,         0,     0 } },
  { "event",       IMPLEMENTATION, { 0,  RC,    RC,   RC,       RC,      0,         0,     0 } },
  { "goal_rating", IMPLEMENTATION, { 0,  RC,    RC,   RC,       RC,      0,         0,     0 } },
  { "feedback",    IMPLEMENTATION, { 0,  RCUD,  RCUD, RCUD,     RCU,     0,         0,     0 } },
};

/* Kinds outside any case, by role. The directory is read by everyone;
 * professionals are published by the server from accounts; work pairs are
 * formed by their team's lead (who is never in them: the server checks);
 * audit events are the views a desktop made offline (the server checks the
 * case). */
static const struct
{
  const char *kind;
  guint8      ops[4];   /* by MoniaRole */
} role_table[] = {
  /*                  worker  lead   intake admin */
  { "organisation", { R,      R,     R,     RCUD } },
  { "team",         { R,      R,     R,     RCUD } },
  { "professional", { R,      R,     R,     R    } },
  { "service",      { R,      R,     R,     RCUD } },
  { "work_pair",    { R,      RCUD,  R,     R    } },
  { "help_request", { 0,      0,     RCUD,  RCUD } },
  { "audit_event",  { C,      C,     C,     C    } },
};

#undef R
#undef C
#undef U
#undef D

gboolean
monia_policy_case_allows (MoniaRelation   relation,
                          MoniaCaseParts  parts,
                          const char     *kind,
                          MoniaAccess         op)
{
  g_return_val_if_fail ((guint) relation < MONIA_N_RELATIONS, FALSE);

  if (kind == NULL || op == MONIA_ACCESS_NONE)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (case_table); i++)
    if (g_str_equal (case_table[i].kind, kind))
      {
        if ((case_table[i].ops[relation] & op) != op)
          return FALSE;
        if (relation == MONIA_RELATION_CONSENT_PARTICIPANT &&
            !g_str_equal (kind, "consent") && (parts & case_table[i].part) == 0)
          return FALSE;
        return TRUE;
      }
  return FALSE;
}

MoniaCaseParts
monia_policy_kind_part (const char *kind)
{
  for (guint i = 0; kind != NULL && i < G_N_ELEMENTS (case_table); i++)
    if (g_str_equal (case_table[i].kind, kind))
      return case_table[i].part;
  return MONIA_CASE_PART_NONE;
}

gboolean
monia_policy_field_changes_access (const char *kind,
                                   const char *field)
{
  return g_strcmp0 (kind, "case") == 0 &&
         (g_strcmp0 (field, "owner_id") == 0 || g_strcmp0 (field, "pair_id") == 0 ||
          g_strcmp0 (field, "team_id") == 0);
}

gboolean
monia_policy_may_assign (MoniaRelation  relation,
                         const char    *field)
{
  if (relation == MONIA_RELATION_OWNER || relation == MONIA_RELATION_PAIR)
    return TRUE;
  /* A lead hands the case to a worker or a pair of the team, never moves
   * it out of the team. */
  return relation == MONIA_RELATION_LEAD &&
         (g_strcmp0 (field, "owner_id") == 0 || g_strcmp0 (field, "pair_id") == 0);
}

gboolean
monia_policy_role_allows (MoniaRole   role,
                          const char *kind,
                          MoniaAccess     op)
{
  g_return_val_if_fail ((guint) role < 4, FALSE);

  if (kind == NULL || op == MONIA_ACCESS_NONE)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (role_table); i++)
    if (g_str_equal (role_table[i].kind, kind))
      return (role_table[i].ops[role] & op) == op;
  return FALSE;
}

const char *
monia_policy_explain (MoniaRelation  relation,
                      const char    *kind,
                      MoniaAccess        op)
{
  switch (relation)
    {
    case MONIA_RELATION_OWNER:
    case MONIA_RELATION_PAIR:
      if (monia_policy_kind_part (kind) == MONIA_CASE_PART_IMPLEMENTATION)
        return _("Notes, events and ratings cannot be changed or removed once saved.");
      return _("This cannot be changed here.");
    case MONIA_RELATION_ORG_PARTICIPANT:
      return _("Only the case’s responsible worker and work pair change who is on the case, "
               "its consents and its people’s links.");
    case MONIA_RELATION_CONSENT_PARTICIPANT:
      return _("You take part from another organisation: you see and add to what the client’s "
               "consent covers, and the case’s own workers change the rest.");
    case MONIA_RELATION_LEAD:
      return _("Team leads see their teams’ deadlines and assign cases, not the cases’ contents.");
    case MONIA_RELATION_INTAKE:
    case MONIA_RELATION_ADMIN:
    case MONIA_RELATION_NONE:
    case MONIA_N_RELATIONS:
    default:
      return _("You are not on this case’s team.");
    }
}

/* ---- time ---- */

static gint64 now_for_testing;

void
monia_policy_set_now_for_testing (gint64 unix_seconds)
{
  now_for_testing = unix_seconds;
}

void
monia_policy_date_in_finland (GDateTime *moment,
                              GDate     *out_date)
{
  static GTimeZone *helsinki;
  g_autoptr(GDateTime) local = NULL;

  g_return_if_fail (moment != NULL);
  g_return_if_fail (out_date != NULL);

  /* With no time zone data (a bare container), GLib falls back to UTC;
   * the rule then errs by at most the two or three hours of the offset. */
  if (g_once_init_enter (&helsinki))
    g_once_init_leave (&helsinki, g_time_zone_new_identifier ("Europe/Helsinki") ?: g_time_zone_new_utc ());

  local = g_date_time_to_timezone (moment, helsinki);
  g_date_clear (out_date, 1);
  g_date_set_dmy (out_date, (GDateDay) g_date_time_get_day_of_month (local),
                  (GDateMonth) g_date_time_get_month (local), (GDateYear) g_date_time_get_year (local));
}

void
monia_policy_today (GDate *out_today)
{
  g_autoptr(GDateTime) now = now_for_testing != 0
    ? g_date_time_new_from_unix_utc (now_for_testing)
    : g_date_time_new_now_utc ();

  monia_policy_date_in_finland (now, out_today);
}

gboolean
monia_policy_day_not_ended (const char  *until,
                            const GDate *day)
{
  GDate end;
  int y = 0, m = 0, d = 0;

  g_return_val_if_fail (day != NULL && g_date_valid (day), FALSE);

  if (until == NULL || *until == '\0')
    return TRUE;
  /* An end day that cannot be read has ended: access is not given on a
   * value nobody can check. */
  if (sscanf (until, "%4d-%2d-%2d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_clear (&end, 1);
  g_date_set_dmy (&end, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return g_date_compare (&end, day) >= 0;
}

gboolean
monia_policy_consent_holds (const MoniaConsentFacts *consent,
                            const GDate             *day)
{
  g_return_val_if_fail (consent != NULL, FALSE);

  return (consent->revoked_on == NULL || *consent->revoked_on == '\0') &&
         monia_policy_day_not_ended (consent->valid_until, day);
}

MoniaCaseParts
monia_policy_consented_parts (const MoniaConsentFacts *consents,
                              guint                    n_consents,
                              const char              *professional_id,
                              const char * const      *organisation_ids,
                              const GDate             *day)
{
  MoniaCaseParts parts = MONIA_CASE_PART_NONE;

  for (guint i = 0; i < n_consents; i++)
    {
      const MoniaConsentFacts *consent = &consents[i];
      gboolean addressed = professional_id != NULL &&
                           g_strcmp0 (consent->professional_id, professional_id) == 0;

      for (guint o = 0; !addressed && organisation_ids != NULL && organisation_ids[o] != NULL; o++)
        addressed = g_strcmp0 (consent->organisation_id, organisation_ids[o]) == 0;
      if (addressed && monia_policy_consent_holds (consent, day))
        parts |= monia_case_parts_from_scope (consent->scope);
    }
  return parts;
}
