/* monia-team-ops.h — work pairs, who is responsible for a case, and consent
 *
 * Like monia-case-ops.h: each operation checks its input and saves through
 * monia_store_apply(); errors are MONIA_ERROR with a message a person can
 * act on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "monia-policy.h"
#include "monia-store.h"

G_BEGIN_DECLS

/* ---- work pairs ---- */

/* Forms a work pair of two different professionals, active from
 * @active_from. The pair joins the first professional's team (or the
 * second's). Returns the new work_pair record's id. */
char       *monia_team_form_pair            (MoniaStore     *store,
                                             const char     *first_id,
                                             const char     *second_id,
                                             const GDate    *active_from,
                                             GError        **error);
/* Whether the pair is active on @on: not ended (active_until empty or not
 * before @on). */
gboolean    monia_work_pair_is_active       (MoniaRecord    *pair,
                                             const GDate    *on);
/* Whether @professional_id is one of the pair's two. */
gboolean    monia_work_pair_has_member      (MoniaRecord    *pair,
                                             const char     *professional_id);
/* The pairs @professional_id belongs to (MoniaRecord), by the day they
 * started, then as created. */
GPtrArray  *monia_team_list_pairs_of        (MoniaStore     *store,
                                             const char     *professional_id,
                                             GError        **error);
/* "Sanna Sosiaalityö and Pekka Psykiatri" */
char       *monia_work_pair_dup_names       (MoniaStore     *store,
                                             MoniaRecord    *pair);

/* ---- who is responsible ---- */

/* Makes @owner_id (a professional, NULL: no one) the case's responsible
 * worker. Nothing is saved when it already is. */
gboolean    monia_case_set_owner            (MoniaStore     *store,
                                             const char     *case_id,
                                             const char     *owner_id,
                                             GError        **error);
/* Gives the case to the work pair @pair_id, or with NULL back to its
 * responsible worker alone. Only a pair still active may take a case. */
gboolean    monia_case_set_pair             (MoniaStore     *store,
                                             const char     *case_id,
                                             const char     *pair_id,
                                             GError        **error);

/* ---- consent ---- */


typedef struct
{
  const char     *person_id;        /* who gives it: a person of the case */
  const char     *organisation_id;  /* to which organisation … */
  const char     *professional_id;  /* … or to which professional (one needed) */
  MoniaCaseParts  parts;
  GDate           given_on;
  GDate           valid_until;      /* invalid (cleared): until revoked */
} MoniaConsentSpec;

void        monia_consent_spec_init         (MoniaConsentSpec *spec);

/* Records a consent to the case; returns its id. An error about one input
 * names it (monia_error_get_field(): "person_id", "recipient", "scope",
 * "given_on", "valid_until"). */
char       *monia_case_record_consent       (MoniaStore              *store,
                                             const char              *case_id,
                                             const MoniaConsentSpec  *spec,
                                             GError                 **error);
/* Revokes the consent on @revoked_on; with NULL takes a revocation back
 * (an undo). */
gboolean    monia_case_revoke_consent       (MoniaStore     *store,
                                             const char     *consent_id,
                                             const GDate    *revoked_on,
                                             GError        **error);
/* A consent counts on @on when not revoked and valid_until is empty or
 * not before @on (monia_policy_consent_holds(): take @on from
 * monia_policy_today(), the day in Finland). */
gboolean    monia_consent_is_valid          (MoniaRecord    *consent,
                                             const GDate    *on);

/* ---- the case's people ---- */

/* Relations a person may have to a case: "child", "guardian", "other". */
const char * const *monia_person_relations     (void);

typedef struct
{
  const char *name;         /* required */
  const char *relation;     /* one of monia_person_relations(); NULL: "other" */
  const char *hetu;         /* optional identity code, checked; gives the birth date */
  GDate       birth_date;   /* invalid (cleared): none, or the identity code's */
  const char *phone;        /* optional */
} MoniaPersonSpec;

void        monia_person_spec_init          (MoniaPersonSpec *spec);

/* The changes to people, participants and consents are checked against the
 * access policy for the store's author (monia_store_get_author()), as the
 * server checks them: only the case's responsible worker and work pair link
 * people and change participants. Errors about one input name it
 * (monia_error_get_field(): "name", "relation", "hetu", "birth_date",
 * "professional_id", "role", "active_from", "active_until"). */

/* Adds a new person to the case; returns the person's id. */
char       *monia_case_add_person           (MoniaStore             *store,
                                             const char             *case_id,
                                             const MoniaPersonSpec  *spec,
                                             GError                **error);
/* Saves @spec over the person's details and their relation to the case;
 * empty optional fields clear them. */
gboolean    monia_case_update_person        (MoniaStore             *store,
                                             const char             *case_id,
                                             const char             *person_id,
                                             const MoniaPersonSpec  *spec,
                                             GError                **error);
/* Links a person already on this computer to the case (the undo of a
 * removal). */
gboolean    monia_case_link_person          (MoniaStore             *store,
                                             const char             *case_id,
                                             const char             *person_id,
                                             const char             *relation,
                                             GError                **error);
/* Removes the person from the case; their record stays for other cases. */
gboolean    monia_case_remove_person        (MoniaStore             *store,
                                             const char             *case_id,
                                             const char             *person_id,
                                             GError                **error);

/* ---- participants ---- */

/* Roles a participant may have: "owner", "pair", "member". */
const char * const *monia_participant_roles    (void);

typedef struct
{
  const char *professional_id;  /* any professional of the directory */
  const char *role;             /* one of monia_participant_roles(); NULL: "member" */
  GDate       active_from;      /* invalid (cleared): from the start */
  GDate       active_until;     /* invalid (cleared): until further notice */
} MoniaParticipantSpec;

void        monia_participant_spec_init     (MoniaParticipantSpec *spec);

/* Adds a professional to the case; they are of their own organisation.
 * Returns the participant record's id. */
char       *monia_case_add_participant      (MoniaStore                  *store,
                                             const char                  *case_id,
                                             const MoniaParticipantSpec  *spec,
                                             GError                     **error);
/* Saves the role and the period of a participation (not who it is). */
gboolean    monia_case_update_participant   (MoniaStore                  *store,
                                             const char                  *participant_id,
                                             const MoniaParticipantSpec  *spec,
                                             GError                     **error);
gboolean    monia_case_remove_participant   (MoniaStore                  *store,
                                             const char                  *participant_id,
                                             GError                     **error);
/* Whether @professional_id works for another organisation than the case's
 * responsible worker: then they see only what the client's consent covers. */
gboolean    monia_case_is_other_organisation (MoniaStore                 *store,
                                              const char                 *case_id,
                                              const char                 *professional_id);

/* How @professional_id stands to the case on @on, by the rules of
 * monia-policy.h, from what this computer holds: owner, member of the
 * case's active pair, participant of the owner's organisation, participant
 * of another organisation (with the parts the valid consents give them in
 * @out_parts), lead of the case's team, intake, admin, or none. */
MoniaRelation  monia_case_relation             (MoniaStore      *store,
                                                const char      *case_id,
                                                const char      *professional_id,
                                                const GDate     *on,
                                                MoniaCaseParts  *out_parts,
                                                GError         **error);

/* What the professional of @participant may see of the participant's case
 * on @on, by the server's access rules (docs/sync-protocol.md): the owner,
 * members of the case's active pair and participants from the owner's
 * organisation (the professional's own) see everything; participants from
 * another organisation see what the valid consents naming their professional
 * or their participant record's organisation cover; an ended participation
 * sees nothing. */
MoniaCaseParts monia_participant_visible_parts (MoniaStore   *store,
                                                MoniaRecord  *participant,
                                                const GDate  *on,
                                                GError      **error);

G_END_DECLS
