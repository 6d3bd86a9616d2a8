/* monia-policy.h — who may read and write what: one table for the server
 * and the desktop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The parts of a case a consent may cover (its "scope"). */
typedef enum
{
  MONIA_CASE_PART_NONE           = 0,
  MONIA_CASE_PART_OVERVIEW       = 1 << 0,
  MONIA_CASE_PART_ASSESSMENT     = 1 << 1,
  MONIA_CASE_PART_PLAN           = 1 << 2,
  MONIA_CASE_PART_IMPLEMENTATION = 1 << 3,
  MONIA_CASE_PART_ALL            = (1 << 4) - 1,
} MoniaCaseParts;

/* The scope's name of a single part ("overview"), or NULL. */
const char     *monia_case_part_to_name     (MoniaCaseParts  part);
/* Unknown names are ignored. */
MoniaCaseParts  monia_case_parts_from_scope (const char     *scope);
/* "overview,plan", in the order of the parts; "" for none. */
char           *monia_case_parts_to_scope   (MoniaCaseParts  parts);

/**
 * MoniaRole:
 * @MONIA_ROLE_WORKER: a professional working on cases
 * @MONIA_ROLE_LEAD: a team lead: watches the team's clocks, forms its work pairs
 * @MONIA_ROLE_INTAKE: answers help requests; may open cases
 * @MONIA_ROLE_ADMIN: runs the region: directory, catalogue, audit log
 *
 * An account's role in the region.
 */
typedef enum
{
  MONIA_ROLE_WORKER,
  MONIA_ROLE_LEAD,
  MONIA_ROLE_INTAKE,
  MONIA_ROLE_ADMIN,
} MoniaRole;

gboolean    monia_role_from_string (const char *text,
                                    MoniaRole  *role);
const char *monia_role_to_string   (MoniaRole   role);

/**
 * MoniaRelation:
 * @MONIA_RELATION_NONE: not on the case and no role that reaches it
 * @MONIA_RELATION_OWNER: the case's responsible worker
 * @MONIA_RELATION_PAIR: a member of the case's active work pair
 * @MONIA_RELATION_ORG_PARTICIPANT: a participant of the owner's organisation
 * @MONIA_RELATION_CONSENT_PARTICIPANT: a participant of another organisation,
 *   who sees what the client's valid consents cover
 * @MONIA_RELATION_LEAD: the lead of the case's team (metadata only)
 * @MONIA_RELATION_INTAKE: an intake worker not on the case
 * @MONIA_RELATION_ADMIN: an administrator not on the case
 *
 * How a professional stands to one case, strongest first.
 */
typedef enum
{
  MONIA_RELATION_NONE,
  MONIA_RELATION_OWNER,
  MONIA_RELATION_PAIR,
  MONIA_RELATION_ORG_PARTICIPANT,
  MONIA_RELATION_CONSENT_PARTICIPANT,
  MONIA_RELATION_LEAD,
  MONIA_RELATION_INTAKE,
  MONIA_RELATION_ADMIN,
  MONIA_N_RELATIONS
} MoniaRelation;

typedef enum
{
  MONIA_ACCESS_NONE   = 0,
  MONIA_ACCESS_READ   = 1 << 0,
  MONIA_ACCESS_CREATE = 1 << 1,
  MONIA_ACCESS_UPDATE = 1 << 2,
  MONIA_ACCESS_DELETE = 1 << 3,
} MoniaAccess;

/* "create", "update", "delete" (as pushed), "read"; MONIA_ACCESS_NONE if unknown. */
MoniaAccess        monia_access_from_string          (const char     *text);
const char    *monia_relation_to_string      (MoniaRelation   relation);

/* Owner, pair and participants of the owner's organisation: they see the
 * whole case. */
gboolean       monia_relation_is_full        (MoniaRelation   relation);

/* The part of a case a record of @kind belongs to, for consent; NONE for
 * kinds outside a case. */
MoniaCaseParts monia_policy_kind_part        (const char     *kind);

/* Whether @relation (with the consent @parts, for a consent participant)
 * may do @op on a record of @kind in the case. For kinds outside a case
 * (directory, inbox) use monia_policy_role_allows(). */
gboolean       monia_policy_case_allows      (MoniaRelation   relation,
                                              MoniaCaseParts  parts,
                                              const char     *kind,
                                              MoniaAccess         op);

/* Whether a change of @field on a record of @kind changes who sees the
 * case (owner, pair, team of a case). Participants, consents and person
 * links change access as whole records: see monia_policy_case_allows(). */
gboolean       monia_policy_field_changes_access (const char *kind,
                                                  const char *field);

/* Whether @relation may change an access field (owner_id, pair_id,
 * team_id) of a case at all. A lead may assign (owner, pair) within the
 * team; the server checks the rest of the rule. */
gboolean       monia_policy_may_assign       (MoniaRelation   relation,
                                              const char     *field);

/* Kinds outside any case: the directory, the inbox, audit events. */
gboolean       monia_policy_role_allows      (MoniaRole       role,
                                              const char     *kind,
                                              MoniaAccess         op);

/* Why @relation may not do @op on @kind (when the table says so): a
 * sentence for the person at the desk. */
const char    *monia_policy_explain          (MoniaRelation   relation,
                                              const char     *kind,
                                              MoniaAccess         op);

/* Time: every rule that depends on "today" takes the day in Finland
 * (Europe/Helsinki), whatever the clock of the machine says. */
void           monia_policy_today            (GDate          *out_today);
void           monia_policy_date_in_finland  (GDateTime      *moment,
                                              GDate          *out_date);
/* For tests: what monia_policy_today() takes as now (Unix seconds); 0 for
 * the real clock. */
void           monia_policy_set_now_for_testing (gint64       unix_seconds);

/* A consent, as both sides keep it: its own fields as text. */
typedef struct
{
  const char *professional_id;
  const char *organisation_id;
  const char *scope;
  const char *valid_until;    /* YYYY-MM-DD or NULL */
  const char *revoked_on;     /* YYYY-MM-DD or NULL */
} MoniaConsentFacts;

/* A consent holds on @day when it is not revoked and its valid_until is
 * empty or not before @day. */
gboolean       monia_policy_consent_holds    (const MoniaConsentFacts *consent,
                                              const GDate             *day);
/* The parts of the case the consents that hold on @day give to the
 * professional @professional_id (named, or through one of
 * @organisation_ids). */
MoniaCaseParts monia_policy_consented_parts  (const MoniaConsentFacts *consents,
                                              guint                    n_consents,
                                              const char              *professional_id,
                                              const char * const      *organisation_ids,
                                              const GDate             *day);

/* A whole "until" day (YYYY-MM-DD or NULL for open-ended) still running on @day. */
gboolean       monia_policy_day_not_ended    (const char              *until,
                                              const GDate             *day);

G_END_DECLS
