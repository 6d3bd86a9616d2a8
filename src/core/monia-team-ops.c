/* monia-team-ops.c — work pairs, who is responsible for a case, and consent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-team-ops"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "monia-calendar.h"
#include "monia-error.h"
#include "monia-hetu.h"
#include "monia-team-ops.h"

/* ---- helpers ---- */

static gboolean
is_id (const char *id)
{
  return id != NULL && g_uuid_string_is_valid (id);
}

/* The record, or a NOT_FOUND error saying @missing. */
static MoniaRecord *
get_or_say (MoniaStore  *store,
            const char  *kind,
            const char  *id,
            const char  *missing,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  MoniaRecord *record;

  if (!is_id (id))
    {
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_NOT_FOUND, missing);
      return NULL;
    }
  record = monia_store_get (store, kind, id, &local_error);
  if (record == NULL)
    {
      if (g_error_matches (local_error, MONIA_ERROR, MONIA_ERROR_NOT_FOUND))
        g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_NOT_FOUND, missing);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return record;
}

/* The case, if it exists and may still be worked on. */
static MoniaRecord *
get_open_case (MoniaStore  *store,
               const char  *case_id,
               GError     **error)
{
  g_autoptr(MoniaRecord) record = get_or_say (store, "case", case_id, _("The case no longer exists."), error);

  if (record == NULL)
    return NULL;
  if (g_strcmp0 (monia_record_get_string (record, "status"), "closed") == 0)
    {
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_READ_ONLY,
                           _("The case is closed; closed cases cannot be changed."));
      return NULL;
    }
  return g_steal_pointer (&record);
}

/* Whether the day in @field of @record is empty or not before @on. */
static gboolean
not_ended (MoniaRecord *record,
           const char  *field,
           const GDate *on)
{
  GDate until;

  g_date_clear (&until, 1);
  if (!monia_record_get_date (record, field, &until))
    return TRUE;
  return on == NULL || !g_date_valid (on) || g_date_compare (&until, on) >= 0;
}

/* ---- work pairs ---- */

gboolean
monia_work_pair_is_active (MoniaRecord *pair,
                           const GDate *on)
{
  g_return_val_if_fail (MONIA_IS_RECORD (pair), FALSE);

  return not_ended (pair, "active_until", on);
}

gboolean
monia_work_pair_has_member (MoniaRecord *pair,
                            const char  *professional_id)
{
  g_return_val_if_fail (MONIA_IS_RECORD (pair), FALSE);

  return professional_id != NULL &&
         (g_strcmp0 (monia_record_get_string (pair, "first_id"), professional_id) == 0 ||
          g_strcmp0 (monia_record_get_string (pair, "second_id"), professional_id) == 0);
}

static gint
compare_pairs (gconstpointer a,
               gconstpointer b)
{
  MoniaRecord *pa = *(MoniaRecord **) a;
  MoniaRecord *pb = *(MoniaRecord **) b;
  int by_day = g_strcmp0 (monia_record_get_string (pa, "active_from"), monia_record_get_string (pb, "active_from"));

  /* Ids are time-ordered (UUIDv7) to the millisecond: near enough to
   * creation order among pairs that started the same day. */
  return by_day != 0 ? by_day : g_strcmp0 (monia_record_get_id (pa), monia_record_get_id (pb));
}

GPtrArray *
monia_team_list_pairs_of (MoniaStore  *store,
                          const char  *professional_id,
                          GError     **error)
{
  g_autoptr(GPtrArray) pairs = NULL;
  g_autoptr(GPtrArray) second = NULL;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);
  g_return_val_if_fail (professional_id != NULL, NULL);

  pairs = monia_store_find (store, "work_pair", "first_id", professional_id, error);
  if (pairs == NULL)
    return NULL;
  second = monia_store_find (store, "work_pair", "second_id", professional_id, error);
  if (second == NULL)
    return NULL;

  for (guint i = 0; i < second->len; i++)
    {
      MoniaRecord *pair = g_ptr_array_index (second, i);

      /* Someone paired with themselves (made elsewhere) is listed once. */
      if (g_strcmp0 (monia_record_get_string (pair, "first_id"), professional_id) != 0)
        g_ptr_array_add (pairs, g_object_ref (pair));
    }
  g_ptr_array_sort (pairs, compare_pairs);
  return g_steal_pointer (&pairs);
}

static char *
dup_professional_name (MoniaStore *store,
                       const char *id)
{
  g_autoptr(MoniaRecord) pro = is_id (id) ? monia_store_get (store, "professional", id, NULL) : NULL;

  if (pro == NULL || monia_record_get_string (pro, "name") == NULL)
    /* Translators: a professional whose record is not on this computer */
    return g_strdup (_("Unknown professional"));
  return g_strdup (monia_record_get_string (pro, "name"));
}

char *
monia_work_pair_dup_names (MoniaStore  *store,
                           MoniaRecord *pair)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);
  g_return_val_if_fail (MONIA_IS_RECORD (pair), NULL);

  first = dup_professional_name (store, monia_record_get_string (pair, "first_id"));
  second = dup_professional_name (store, monia_record_get_string (pair, "second_id"));
  /* Translators: the two professionals of a work pair */
  return g_strdup_printf (_("%s and %s"), first, second);
}

char *
monia_team_form_pair (MoniaStore   *store,
                      const char   *first_id,
                      const char   *second_id,
                      const GDate  *active_from,
                      GError      **error)
{
  g_autoptr(MoniaRecord) first = NULL;
  g_autoptr(MoniaRecord) second = NULL;
  g_autoptr(GPtrArray) pairs = NULL;
  g_autoptr(MoniaMutation) m = NULL;
  const char *team_id;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);

  if (!is_id (first_id) || !is_id (second_id))
    {
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                           _("Choose both professionals of the pair."));
      return NULL;
    }
  if (g_str_equal (first_id, second_id))
    {
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                           _("A work pair is two different people; choose someone else as the second."));
      return NULL;
    }
  if (active_from == NULL || !g_date_valid (active_from))
    {
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                           _("Choose the day the pair starts working together."));
      return NULL;
    }

  first = get_or_say (store, "professional", first_id,
                      _("The first professional is no longer on this computer."), error);
  if (first == NULL)
    return NULL;
  second = get_or_say (store, "professional", second_id,
                       _("The second professional is no longer on this computer."), error);
  if (second == NULL)
    return NULL;

  pairs = monia_team_list_pairs_of (store, first_id, error);
  if (pairs == NULL)
    return NULL;
  for (guint i = 0; i < pairs->len; i++)
    {
      MoniaRecord *pair = g_ptr_array_index (pairs, i);

      if (monia_work_pair_has_member (pair, second_id) && monia_work_pair_is_active (pair, active_from))
        {
          g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                               _("These two already work as a pair."));
          return NULL;
        }
    }

  m = monia_mutation_new_create ("work_pair");
  monia_mutation_set_string (m, "first_id", first_id);
  monia_mutation_set_string (m, "second_id", second_id);
  team_id = monia_record_get_string (first, "team_id");
  if (team_id == NULL)
    team_id = monia_record_get_string (second, "team_id");
  if (team_id != NULL)
    monia_mutation_set_string (m, "team_id", team_id);
  monia_mutation_set_date (m, "active_from", active_from);

  if (!monia_store_apply_one (store, m, error))
    return NULL;
  return g_strdup (monia_mutation_get_record_id (m));
}

/* ---- who is responsible ---- */

static gboolean
set_case_ref (MoniaStore  *store,
              MoniaRecord *case_record,
              const char  *field,
              const char  *value,
              GError     **error)
{
  g_autoptr(MoniaMutation) m = NULL;

  if (g_strcmp0 (monia_record_get_string (case_record, field), value) == 0)
    return TRUE;

  m = monia_mutation_new_update ("case", monia_record_get_id (case_record));
  monia_mutation_set_string (m, field, value);
  return monia_store_apply_one (store, m, error);
}

gboolean
monia_case_set_owner (MoniaStore  *store,
                      const char  *case_id,
                      const char  *owner_id,
                      GError     **error)
{
  g_autoptr(MoniaRecord) case_record = NULL;

  g_return_val_if_fail (MONIA_IS_STORE (store), FALSE);

  case_record = get_open_case (store, case_id, error);
  if (case_record == NULL)
    return FALSE;

  if (owner_id != NULL)
    {
      g_autoptr(MoniaRecord) owner = get_or_say (store, "professional", owner_id,
                                                 _("The chosen worker is no longer on this computer."), error);

      if (owner == NULL)
        return FALSE;
    }

  return set_case_ref (store, case_record, "owner_id", owner_id, error);
}

gboolean
monia_case_set_pair (MoniaStore  *store,
                     const char  *case_id,
                     const char  *pair_id,
                     GError     **error)
{
  g_autoptr(MoniaRecord) case_record = NULL;

  g_return_val_if_fail (MONIA_IS_STORE (store), FALSE);

  case_record = get_open_case (store, case_id, error);
  if (case_record == NULL)
    return FALSE;

  if (pair_id != NULL && g_strcmp0 (monia_record_get_string (case_record, "pair_id"), pair_id) != 0)
    {
      g_autoptr(MoniaRecord) pair = get_or_say (store, "work_pair", pair_id,
                                                _("The chosen work pair is no longer on this computer."), error);
      g_autoptr(GDateTime) now = NULL;
      GDate today;

      if (pair == NULL)
        return FALSE;

      now = g_date_time_new_now_local ();
      g_date_clear (&today, 1);
      g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                      g_date_time_get_year (now));
      if (!monia_work_pair_is_active (pair, &today))
        {
          g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                               _("The work pair has ended; choose a pair that still works together."));
          return FALSE;
        }
    }

  return set_case_ref (store, case_record, "pair_id", pair_id, error);
}

/* ---- consent ---- */

void
monia_consent_spec_init (MoniaConsentSpec *spec)
{
  g_return_if_fail (spec != NULL);

  spec->person_id = NULL;
  spec->organisation_id = NULL;
  spec->professional_id = NULL;
  spec->parts = MONIA_CASE_PART_NONE;
  g_date_clear (&spec->given_on, 1);
  g_date_clear (&spec->valid_until, 1);
}

/* Whether @person_id is linked to the case. */
static gboolean
is_person_of_case (MoniaStore  *store,
                   const char  *case_id,
                   const char  *person_id,
                   gboolean    *out,
                   GError     **error)
{
  g_autoptr(GPtrArray) links = monia_store_find (store, "case_person", "case_id", case_id, error);

  *out = FALSE;
  if (links == NULL)
    return FALSE;
  for (guint i = 0; i < links->len; i++)
    if (g_strcmp0 (monia_record_get_string (g_ptr_array_index (links, i), "person_id"), person_id) == 0)
      *out = TRUE;
  return TRUE;
}

char *
monia_case_record_consent (MoniaStore              *store,
                           const char              *case_id,
                           const MoniaConsentSpec  *spec,
                           GError                 **error)
{
  g_autoptr(MoniaRecord) case_record = NULL;
  g_autoptr(MoniaMutation) m = NULL;
  g_autofree char *scope = NULL;
  gboolean linked;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);
  g_return_val_if_fail (spec != NULL, NULL);

  case_record = get_open_case (store, case_id, error);
  if (case_record == NULL)
    return NULL;

  if (!is_id (spec->person_id))
    {
      monia_set_field_error (error, MONIA_ERROR_INVALID_INPUT, "person_id",
                             _("Choose who gives the consent."));
      return NULL;
    }
  if (!is_person_of_case (store, case_id, spec->person_id, &linked, error))
    return NULL;
  if (!linked)
    {
      monia_set_field_error (error, MONIA_ERROR_INVALID_INPUT, "person_id",
                             _("Only a person of the case can give consent to it."));
      return NULL;
    }
  if (!is_id (spec->organisation_id) && !is_id (spec->professional_id))
    {
      monia_set_field_error (error, MONIA_ERROR_INVALID_INPUT, "recipient",
                             _("Choose the organisation or the professional the consent is given to."));
      return NULL;
    }
  if ((spec->parts & MONIA_CASE_PART_ALL) == 0)
    {
      monia_set_field_error (error, MONIA_ERROR_INVALID_INPUT, "scope",
                             _("Choose at least one part of the case the consent covers."));
      return NULL;
    }
  if (!g_date_valid (&spec->given_on))
    {
      monia_set_field_error (error, MONIA_ERROR_INVALID_INPUT, "given_on",
                             _("Choose the day the consent was given."));
      return NULL;
    }
  if (g_date_valid (&spec->valid_until) && g_date_compare (&spec->valid_until, &spec->given_on) < 0)
    {
      monia_set_field_error (error, MONIA_ERROR_INVALID_INPUT, "valid_until",
                             _("The consent cannot end before the day it was given."));
      return NULL;
    }
  if (is_id (spec->organisation_id))
    {
      g_autoptr(MoniaRecord) org = get_or_say (store, "organisation", spec->organisation_id,
                                               _("The chosen organisation is no longer on this computer."), error);
      if (org == NULL)
        return NULL;
    }
  if (is_id (spec->professional_id))
    {
      g_autoptr(MoniaRecord) pro = get_or_say (store, "professional", spec->professional_id,
                                               _("The chosen professional is no longer on this computer."), error);
      if (pro == NULL)
        return NULL;
    }

  scope = monia_case_parts_to_scope (spec->parts);
  m = monia_mutation_new_create ("consent");
  monia_mutation_set_string (m, "case_id", case_id);
  monia_mutation_set_string (m, "person_id", spec->person_id);
  if (is_id (spec->organisation_id))
    monia_mutation_set_string (m, "organisation_id", spec->organisation_id);
  if (is_id (spec->professional_id))
    monia_mutation_set_string (m, "professional_id", spec->professional_id);
  monia_mutation_set_string (m, "scope", scope);
  monia_mutation_set_date (m, "given_on", &spec->given_on);
  if (g_date_valid (&spec->valid_until))
    monia_mutation_set_date (m, "valid_until", &spec->valid_until);

  if (!monia_store_apply_one (store, m, error))
    return NULL;
  return g_strdup (monia_mutation_get_record_id (m));
}

gboolean
monia_case_revoke_consent (MoniaStore   *store,
                           const char   *consent_id,
                           const GDate  *revoked_on,
                           GError      **error)
{
  g_autoptr(MoniaRecord) consent = NULL;
  g_autoptr(MoniaRecord) case_record = NULL;
  g_autoptr(MoniaMutation) m = NULL;
  gboolean revoked;

  g_return_val_if_fail (MONIA_IS_STORE (store), FALSE);

  consent = get_or_say (store, "consent", consent_id, _("The consent no longer exists."), error);
  if (consent == NULL)
    return FALSE;
  case_record = get_open_case (store, monia_record_get_string (consent, "case_id"), error);
  if (case_record == NULL)
    return FALSE;

  revoked = monia_record_get_string (consent, "revoked_on") != NULL;
  if (revoked_on != NULL && !g_date_valid (revoked_on))
    {
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                           _("Choose the day the consent was revoked."));
      return FALSE;
    }
  if (revoked_on != NULL && revoked)
    {
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                           _("The consent is revoked already."));
      return FALSE;
    }
  if (revoked_on == NULL && !revoked)
    return TRUE;

  m = monia_mutation_new_update ("consent", consent_id);
  if (revoked_on != NULL)
    monia_mutation_set_date (m, "revoked_on", revoked_on);
  else
    monia_mutation_set (m, "revoked_on", NULL);
  return monia_store_apply_one (store, m, error);
}

static void
consent_facts (MoniaRecord       *consent,
               MoniaConsentFacts *out)
{
  out->professional_id = monia_record_get_string (consent, "professional_id");
  out->organisation_id = monia_record_get_string (consent, "organisation_id");
  out->scope = monia_record_get_string (consent, "scope");
  out->valid_until = monia_record_get_string (consent, "valid_until");
  out->revoked_on = monia_record_get_string (consent, "revoked_on");
}

gboolean
monia_consent_is_valid (MoniaRecord *consent,
                        const GDate *on)
{
  MoniaConsentFacts facts;

  g_return_val_if_fail (MONIA_IS_RECORD (consent), FALSE);
  g_return_val_if_fail (on != NULL && g_date_valid (on), FALSE);

  consent_facts (consent, &facts);
  return monia_policy_consent_holds (&facts, on);
}

/* The organisation of @pro as this computer knows it: their record's, else
 * their team's, else NULL. */
static char *
dup_professional_org (MoniaStore  *store,
                      MoniaRecord *pro)
{
  g_autoptr(MoniaRecord) team = NULL;
  const char *team_id;

  if (pro == NULL)
    return NULL;
  if (monia_record_get_string (pro, "organisation_id") != NULL)
    return g_strdup (monia_record_get_string (pro, "organisation_id"));
  team_id = monia_record_get_string (pro, "team_id");
  team = is_id (team_id) ? monia_store_get (store, "team", team_id, NULL) : NULL;
  return team != NULL ? g_strdup (monia_record_get_string (team, "organisation_id")) : NULL;
}

/* The organisations the participant records of @case_id name for
 * @professional_id, of participations not ended on @on (NULL: any day). */
static GPtrArray *
participant_orgs (GPtrArray   *participants,
                  const char  *professional_id,
                  const GDate *on)
{
  GPtrArray *orgs = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; participants != NULL && i < participants->len; i++)
    {
      MoniaRecord *record = g_ptr_array_index (participants, i);
      const char *org = monia_record_get_string (record, "organisation_id");

      if (g_strcmp0 (monia_record_get_string (record, "professional_id"), professional_id) == 0 &&
          org != NULL && (on == NULL || not_ended (record, "active_until", on)))
        g_ptr_array_add (orgs, g_strdup (org));
    }
  return orgs;
}

/* Whether @professional_id works for the organisation of the case's owner,
 * as far as this computer can tell, by the server's rule (the accounts'
 * organisation). The server's directory names each professional's
 * organisation. Where it does not (a professional made on this computer),
 * the same team is the same organisation, and the participant records on
 * the case say which organisation each took part for. */
static gboolean
is_owners_organisation (MoniaStore  *store,
                        MoniaRecord *case_record,
                        GPtrArray   *participants,
                        const char  *professional_id,
                        const GDate *on)
{
  const char *owner_id = monia_record_get_string (case_record, "owner_id");
  g_autoptr(MoniaRecord) pro = is_id (professional_id) ? monia_store_get (store, "professional", professional_id, NULL) : NULL;
  g_autoptr(MoniaRecord) owner = is_id (owner_id) ? monia_store_get (store, "professional", owner_id, NULL) : NULL;
  g_autofree char *org = dup_professional_org (store, pro);
  g_autofree char *owner_org = dup_professional_org (store, owner);
  const char *team = pro != NULL ? monia_record_get_string (pro, "team_id") : NULL;
  const char *owner_team = owner != NULL ? monia_record_get_string (owner, "team_id") : NULL;

  if (org != NULL && owner_org != NULL)
    return g_str_equal (org, owner_org);
  if (team != NULL && g_strcmp0 (team, owner_team) == 0)
    return TRUE;

  if (org == NULL)
    {
      g_autoptr(GPtrArray) orgs = participant_orgs (participants, professional_id, on);

      org = orgs->len > 0 ? g_strdup (orgs->pdata[0]) : NULL;
    }
  if (owner_org == NULL)
    {
      g_autoptr(GPtrArray) orgs = participant_orgs (participants, owner_id, NULL);

      owner_org = orgs->len > 0 ? g_strdup (orgs->pdata[0]) : NULL;
    }
  return org != NULL && g_strcmp0 (org, owner_org) == 0;
}

MoniaRelation
monia_case_relation (MoniaStore      *store,
                     const char      *case_id,
                     const char      *professional_id,
                     const GDate     *on,
                     MoniaCaseParts  *out_parts,
                     GError         **error)
{
  g_autoptr(MoniaRecord) case_record = NULL;
  g_autoptr(MoniaRecord) professional = NULL;
  g_autoptr(GPtrArray) participants = NULL;
  g_autoptr(GPtrArray) consents = NULL;
  g_autoptr(GArray) facts = NULL;
  g_autoptr(GPtrArray) orgs = NULL;
  const char *pair_id, *owner_id, *role;
  MoniaRole account_role = MONIA_ROLE_WORKER;
  gboolean participant = FALSE;

  g_return_val_if_fail (MONIA_IS_STORE (store), MONIA_RELATION_NONE);
  g_return_val_if_fail (on != NULL && g_date_valid (on), MONIA_RELATION_NONE);

  if (out_parts != NULL)
    *out_parts = MONIA_CASE_PART_NONE;
  case_record = get_or_say (store, "case", case_id, _("The case no longer exists."), error);
  if (case_record == NULL || !is_id (professional_id))
    return MONIA_RELATION_NONE;

  owner_id = monia_record_get_string (case_record, "owner_id");
  if (g_strcmp0 (owner_id, professional_id) == 0)
    return MONIA_RELATION_OWNER;

  pair_id = monia_record_get_string (case_record, "pair_id");
  if (pair_id != NULL)
    {
      g_autoptr(MoniaRecord) pair = monia_store_get (store, "work_pair", pair_id, NULL);

      if (pair != NULL && monia_work_pair_has_member (pair, professional_id) &&
          monia_work_pair_is_active (pair, on))
        return MONIA_RELATION_PAIR;
    }

  participants = monia_store_find (store, "participant", "case_id", case_id, error);
  if (participants == NULL)
    return MONIA_RELATION_NONE;
  for (guint i = 0; i < participants->len && !participant; i++)
    {
      MoniaRecord *record = g_ptr_array_index (participants, i);

      participant = g_strcmp0 (monia_record_get_string (record, "professional_id"), professional_id) == 0 &&
                    not_ended (record, "active_until", on);
    }

  if (participant)
    {
      if (is_owners_organisation (store, case_record, participants, professional_id, on))
        return MONIA_RELATION_ORG_PARTICIPANT;

      consents = monia_store_find (store, "consent", "case_id", case_id, error);
      if (consents == NULL)
        return MONIA_RELATION_NONE;
      facts = g_array_sized_new (FALSE, TRUE, sizeof (MoniaConsentFacts), consents->len);
      g_array_set_size (facts, consents->len);
      for (guint i = 0; i < consents->len; i++)
        consent_facts (g_ptr_array_index (consents, i), &g_array_index (facts, MoniaConsentFacts, i));
      /* A consent reaches a participant through any organisation their
       * participations name. */
      orgs = participant_orgs (participants, professional_id, on);
      g_ptr_array_add (orgs, NULL);
      if (out_parts != NULL)
        *out_parts = monia_policy_consented_parts ((const MoniaConsentFacts *) (gpointer) facts->data, facts->len,
                                                   professional_id, (const char * const *) orgs->pdata, on);
      return MONIA_RELATION_CONSENT_PARTICIPANT;
    }

  professional = monia_store_get (store, "professional", professional_id, NULL);
  role = professional != NULL ? monia_record_get_string (professional, "role") : NULL;
  if (role == NULL || !monia_role_from_string (role, &account_role))
    return MONIA_RELATION_NONE;
  switch (account_role)
    {
    case MONIA_ROLE_LEAD:
      return g_strcmp0 (monia_record_get_string (professional, "team_id"),
                        monia_record_get_string (case_record, "team_id")) == 0
        ? MONIA_RELATION_LEAD : MONIA_RELATION_NONE;
    case MONIA_ROLE_INTAKE:
      return MONIA_RELATION_INTAKE;
    case MONIA_ROLE_ADMIN:
      return MONIA_RELATION_ADMIN;
    case MONIA_ROLE_WORKER:
    default:
      return MONIA_RELATION_NONE;
    }
}

MoniaCaseParts
monia_participant_visible_parts (MoniaStore   *store,
                                 MoniaRecord  *participant,
                                 const GDate  *on,
                                 GError      **error)
{
  MoniaCaseParts parts = MONIA_CASE_PART_NONE;
  MoniaRelation relation;

  g_return_val_if_fail (MONIA_IS_STORE (store), MONIA_CASE_PART_NONE);
  g_return_val_if_fail (MONIA_IS_RECORD (participant), MONIA_CASE_PART_NONE);
  g_return_val_if_fail (on != NULL && g_date_valid (on), MONIA_CASE_PART_NONE);

  if (!not_ended (participant, "active_until", on))
    return MONIA_CASE_PART_NONE;

  relation = monia_case_relation (store, monia_record_get_string (participant, "case_id"),
                                  monia_record_get_string (participant, "professional_id"), on, &parts, error);
  if (monia_relation_is_full (relation))
    return MONIA_CASE_PART_ALL;
  return relation == MONIA_RELATION_CONSENT_PARTICIPANT ? parts : MONIA_CASE_PART_NONE;
}

/* ---- what the person at the desk may change ---- */

/* The policy's answer for the store's author; with no one named (a store
 * of one's own, without a server) everything may be changed. */
static gboolean
check_may (MoniaStore   *store,
           const char   *case_id,
           const char   *kind,
           MoniaAccess   op,
           GError      **error)
{
  const char *me = monia_store_get_author (store);
  MoniaCaseParts parts = MONIA_CASE_PART_NONE;
  MoniaRelation relation;
  GDate today;

  if (me == NULL)
    return TRUE;
  monia_policy_today (&today);
  relation = monia_case_relation (store, case_id, me, &today, &parts, error);
  if (error != NULL && *error != NULL)
    return FALSE;
  if (monia_policy_case_allows (relation, parts, kind, op))
    return TRUE;
  g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_READ_ONLY, monia_policy_explain (relation, kind, op));
  return FALSE;
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static gboolean
is_one_of (const char         *value,
           const char * const *values)
{
  for (guint i = 0; value != NULL && values[i] != NULL; i++)
    if (g_str_equal (value, values[i]))
      return TRUE;
  return FALSE;
}

/* ---- the case's people ---- */

static const char * const person_relations[] = { "child", "guardian", "other", NULL };
/* What a link may hold: the choices, and "client" of cases opened from the
 * inbox or the first window. */
static const char * const valid_relations[] = { "child", "guardian", "other", "client", NULL };

const char * const *
monia_person_relations (void)
{
  return person_relations;
}

void
monia_person_spec_init (MoniaPersonSpec *spec)
{
  g_return_if_fail (spec != NULL);

  spec->name = NULL;
  spec->relation = NULL;
  spec->hetu = NULL;
  g_date_clear (&spec->birth_date, 1);
  spec->phone = NULL;
}

/* The link of @person_id to the case, or NULL. */
static MoniaRecord *
find_person_link (MoniaStore  *store,
                  const char  *case_id,
                  const char  *person_id,
                  GError     **error)
{
  g_autoptr(GPtrArray) links = monia_store_find (store, "case_person", "case_id", case_id, error);

  for (guint i = 0; links != NULL && i < links->len; i++)
    if (g_strcmp0 (monia_record_get_string (g_ptr_array_index (links, i), "person_id"), person_id) == 0)
      return g_object_ref (g_ptr_array_index (links, i));
  return NULL;
}

/* Checks @spec and fills the person's fields into @m: all of them, so that
 * an update clears what was emptied. */
static gboolean
fill_person (MoniaStore             *store,
             const char             *case_id,
             const char             *person_id,
             const MoniaPersonSpec  *spec,
             MoniaMutation          *m,
             GError                **error)
{
  g_autofree char *name = g_strstrip (g_strdup (spec->name != NULL ? spec->name : ""));
  g_autofree char *phone = g_strstrip (g_strdup (spec->phone != NULL ? spec->phone : ""));
  GDate birth_date = spec->birth_date;

  if (name[0] == '\0')
    {
      monia_set_field_error (error, MONIA_ERROR_INVALID_INPUT, "name", _("Give the person’s name."));
      return FALSE;
    }
  if (spec->relation != NULL && !is_one_of (spec->relation, valid_relations))
    {
      monia_set_field_error (error, MONIA_ERROR_INVALID_INPUT, "relation",
                             _("Choose whether the person is a child, a guardian or someone else."));
      return FALSE;
    }

  monia_mutation_set_string (m, "name", name);
  if (!is_blank (spec->hetu))
    {
      g_autoptr(GPtrArray) links = NULL;
      MoniaHetu parsed;

      if (!monia_hetu_parse (spec->hetu, &parsed, error))
        {
          if (error != NULL && *error != NULL && (*error)->domain == MONIA_ERROR)
            monia_error_set_field (*error, "hetu");
          return FALSE;
        }
      if (g_date_valid (&birth_date) && g_date_compare (&birth_date, &parsed.birth_date) != 0)
        {
          monia_set_field_error (error, MONIA_ERROR_INVALID_INPUT, "birth_date",
                                 _("The birth date is not the one in the identity code."));
          return FALSE;
        }
      /* Two people may differ only by the century sign: all 11 characters count. */
      links = monia_store_find (store, "case_person", "case_id", case_id, error);
      if (links == NULL)
        return FALSE;
      for (guint i = 0; i < links->len; i++)
        {
          const char *other_id = monia_record_get_string (g_ptr_array_index (links, i), "person_id");
          g_autoptr(MoniaRecord) other = NULL;

          if (g_strcmp0 (other_id, person_id) == 0)
            continue;
          other = monia_store_get (store, "person", other_id, NULL);
          if (other != NULL && g_strcmp0 (monia_record_get_string (other, "hetu"), parsed.code) == 0)
            {
              monia_set_field_error (error, MONIA_ERROR_INVALID_INPUT, "hetu",
                                     _("Another person of the case has this identity code."));
              return FALSE;
            }
        }
      monia_mutation_set_string (m, "hetu", parsed.code);
      birth_date = parsed.birth_date;
    }
  else
    monia_mutation_set (m, "hetu", NULL);

  if (g_date_valid (&birth_date))
    {
      GDate today;

      monia_policy_today (&today);
      if (g_date_compare (&birth_date, &today) > 0)
        {
          monia_set_field_error (error, MONIA_ERROR_INVALID_INPUT, "birth_date",
                                 _("The birth date cannot be in the future."));
          return FALSE;
        }
      monia_mutation_set_date (m, "birth_date", &birth_date);
    }
  else
    monia_mutation_set (m, "birth_date", NULL);
  monia_mutation_set_string (m, "phone", phone[0] != '\0' ? phone : NULL);
  return TRUE;
}

char *
monia_case_add_person (MoniaStore             *store,
                       const char             *case_id,
                       const MoniaPersonSpec  *spec,
                       GError                **error)
{
  g_autoptr(MoniaRecord) case_record = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) monia_mutation_unref);
  MoniaMutation *person, *link;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);
  g_return_val_if_fail (spec != NULL, NULL);

  case_record = get_open_case (store, case_id, error);
  if (case_record == NULL || !check_may (store, case_id, "case_person", MONIA_ACCESS_CREATE, error))
    return NULL;

  person = monia_mutation_new_create ("person");
  g_ptr_array_add (batch, person);
  if (!fill_person (store, case_id, monia_mutation_get_record_id (person), spec, person, error))
    return NULL;
  link = monia_mutation_new_create ("case_person");
  g_ptr_array_add (batch, link);
  monia_mutation_set_string (link, "case_id", case_id);
  monia_mutation_set_string (link, "person_id", monia_mutation_get_record_id (person));
  monia_mutation_set_string (link, "relation", spec->relation != NULL ? spec->relation : "other");

  if (!monia_store_apply (store, batch, error))
    return NULL;
  return g_strdup (monia_mutation_get_record_id (person));
}

gboolean
monia_case_update_person (MoniaStore             *store,
                          const char             *case_id,
                          const char             *person_id,
                          const MoniaPersonSpec  *spec,
                          GError                **error)
{
  g_autoptr(MoniaRecord) case_record = NULL;
  g_autoptr(MoniaRecord) link = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) monia_mutation_unref);
  g_autoptr(GError) local_error = NULL;
  MoniaMutation *person;

  g_return_val_if_fail (MONIA_IS_STORE (store), FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  case_record = get_open_case (store, case_id, error);
  if (case_record == NULL)
    return FALSE;
  link = find_person_link (store, case_id, person_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (link == NULL)
    {
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_NOT_FOUND, _("The person is no longer in this case."));
      return FALSE;
    }
  if (!check_may (store, case_id, "person", MONIA_ACCESS_UPDATE, error))
    return FALSE;

  person = monia_mutation_new_update ("person", person_id);
  g_ptr_array_add (batch, person);
  if (!fill_person (store, case_id, person_id, spec, person, error))
    return FALSE;
  /* The relation is the link's: changing it is changing the link. */
  if (spec->relation != NULL &&
      g_strcmp0 (spec->relation, monia_record_get_string (link, "relation")) != 0)
    {
      MoniaMutation *m;

      if (!check_may (store, case_id, "case_person", MONIA_ACCESS_UPDATE, error))
        return FALSE;
      m = monia_mutation_new_update ("case_person", monia_record_get_id (link));
      monia_mutation_set_string (m, "relation", spec->relation);
      g_ptr_array_add (batch, m);
    }
  return monia_store_apply (store, batch, error);
}

gboolean
monia_case_link_person (MoniaStore   *store,
                        const char   *case_id,
                        const char   *person_id,
                        const char   *relation,
                        GError      **error)
{
  g_autoptr(MoniaRecord) case_record = NULL;
  g_autoptr(MoniaRecord) person = NULL;
  g_autoptr(MoniaRecord) link = NULL;
  g_autoptr(MoniaMutation) m = NULL;

  g_return_val_if_fail (MONIA_IS_STORE (store), FALSE);

  case_record = get_open_case (store, case_id, error);
  if (case_record == NULL)
    return FALSE;
  if (relation != NULL && !is_one_of (relation, valid_relations))
    {
      monia_set_field_error (error, MONIA_ERROR_INVALID_INPUT, "relation",
                             _("Choose whether the person is a child, a guardian or someone else."));
      return FALSE;
    }
  person = get_or_say (store, "person", person_id, _("The person is no longer on this computer."), error);
  if (person == NULL || !check_may (store, case_id, "case_person", MONIA_ACCESS_CREATE, error))
    return FALSE;
  link = find_person_link (store, case_id, person_id, NULL);
  if (link != NULL)
    return TRUE;

  m = monia_mutation_new_create ("case_person");
  monia_mutation_set_string (m, "case_id", case_id);
  monia_mutation_set_string (m, "person_id", person_id);
  monia_mutation_set_string (m, "relation", relation != NULL ? relation : "other");
  return monia_store_apply_one (store, m, error);
}

gboolean
monia_case_remove_person (MoniaStore   *store,
                          const char   *case_id,
                          const char   *person_id,
                          GError      **error)
{
  g_autoptr(MoniaRecord) case_record = NULL;
  g_autoptr(MoniaRecord) link = NULL;
  g_autoptr(MoniaMutation) m = NULL;
  g_autoptr(GPtrArray) consents = NULL;
  GDate today;

  g_return_val_if_fail (MONIA_IS_STORE (store), FALSE);

  case_record = get_open_case (store, case_id, error);
  if (case_record == NULL)
    return FALSE;
  link = find_person_link (store, case_id, person_id, NULL);
  if (link == NULL)
    {
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_NOT_FOUND, _("The person is no longer in this case."));
      return FALSE;
    }
  if (!check_may (store, case_id, "case_person", MONIA_ACCESS_DELETE, error))
    return FALSE;

  /* A consent in force names who gave it: it is revoked first, on purpose. */
  consents = monia_store_find (store, "consent", "case_id", case_id, error);
  if (consents == NULL)
    return FALSE;
  monia_policy_today (&today);
  for (guint i = 0; i < consents->len; i++)
    {
      MoniaRecord *consent = g_ptr_array_index (consents, i);

      if (g_strcmp0 (monia_record_get_string (consent, "person_id"), person_id) == 0 &&
          monia_consent_is_valid (consent, &today))
        {
          g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                               _("The person has given a consent that is still in force: revoke it first."));
          return FALSE;
        }
    }

  m = monia_mutation_new_delete ("case_person", monia_record_get_id (link));
  return monia_store_apply_one (store, m, error);
}

/* ---- participants ---- */

static const char * const participant_roles[] = { "owner", "pair", "member", NULL };

const char * const *
monia_participant_roles (void)
{
  return participant_roles;
}

void
monia_participant_spec_init (MoniaParticipantSpec *spec)
{
  g_return_if_fail (spec != NULL);

  spec->professional_id = NULL;
  spec->role = NULL;
  g_date_clear (&spec->active_from, 1);
  g_date_clear (&spec->active_until, 1);
}

/* Checks the role and the period of @spec and sets them on @m. */
static gboolean
fill_participation (const MoniaParticipantSpec  *spec,
                    MoniaMutation               *m,
                    GError                     **error)
{
  if (spec->role != NULL && !is_one_of (spec->role, participant_roles))
    {
      monia_set_field_error (error, MONIA_ERROR_INVALID_INPUT, "role", _("Choose the participant’s role."));
      return FALSE;
    }
  if (g_date_valid (&spec->active_from) && g_date_valid (&spec->active_until) &&
      g_date_compare (&spec->active_until, &spec->active_from) < 0)
    {
      monia_set_field_error (error, MONIA_ERROR_INVALID_INPUT, "active_until",
                             _("The participation cannot end before it starts."));
      return FALSE;
    }

  monia_mutation_set_string (m, "role", spec->role != NULL ? spec->role : "member");
  if (g_date_valid (&spec->active_from))
    monia_mutation_set_date (m, "active_from", &spec->active_from);
  else
    monia_mutation_set (m, "active_from", NULL);
  if (g_date_valid (&spec->active_until))
    monia_mutation_set_date (m, "active_until", &spec->active_until);
  else
    monia_mutation_set (m, "active_until", NULL);
  return TRUE;
}

char *
monia_case_add_participant (MoniaStore                  *store,
                            const char                  *case_id,
                            const MoniaParticipantSpec  *spec,
                            GError                     **error)
{
  g_autoptr(MoniaRecord) case_record = NULL;
  g_autoptr(MoniaRecord) pro = NULL;
  g_autoptr(GPtrArray) participants = NULL;
  g_autoptr(MoniaMutation) m = NULL;
  GDate today;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);
  g_return_val_if_fail (spec != NULL, NULL);

  case_record = get_open_case (store, case_id, error);
  if (case_record == NULL || !check_may (store, case_id, "participant", MONIA_ACCESS_CREATE, error))
    return NULL;
  if (!is_id (spec->professional_id))
    {
      monia_set_field_error (error, MONIA_ERROR_INVALID_INPUT, "professional_id", _("Choose the professional."));
      return NULL;
    }
  pro = get_or_say (store, "professional", spec->professional_id,
                    _("The chosen professional is no longer on this computer."), error);
  if (pro == NULL)
    {
      if (error != NULL && *error != NULL)
        monia_error_set_field (*error, "professional_id");
      return NULL;
    }

  /* One participation at a time: an ended one may be followed by a new one. */
  participants = monia_store_find (store, "participant", "case_id", case_id, error);
  if (participants == NULL)
    return NULL;
  monia_policy_today (&today);
  for (guint i = 0; i < participants->len; i++)
    {
      MoniaRecord *other = g_ptr_array_index (participants, i);

      if (g_strcmp0 (monia_record_get_string (other, "professional_id"), spec->professional_id) == 0 &&
          not_ended (other, "active_until", &today))
        {
          g_autofree char *message = g_strdup_printf (_("%s already takes part in the case."),
                                                      monia_record_get_string (pro, "name"));

          monia_set_field_error (error, MONIA_ERROR_INVALID_INPUT, "professional_id", message);
          return NULL;
        }
    }

  m = monia_mutation_new_create ("participant");
  monia_mutation_set_string (m, "case_id", case_id);
  monia_mutation_set_string (m, "professional_id", spec->professional_id);
  if (monia_record_get_string (pro, "organisation_id") != NULL)
    monia_mutation_set_string (m, "organisation_id", monia_record_get_string (pro, "organisation_id"));
  if (!fill_participation (spec, m, error) || !monia_store_apply_one (store, m, error))
    return NULL;
  return g_strdup (monia_mutation_get_record_id (m));
}

gboolean
monia_case_update_participant (MoniaStore                  *store,
                               const char                  *participant_id,
                               const MoniaParticipantSpec  *spec,
                               GError                     **error)
{
  g_autoptr(MoniaRecord) participant = NULL;
  g_autoptr(MoniaRecord) case_record = NULL;
  g_autoptr(MoniaMutation) m = NULL;
  const char *case_id;

  g_return_val_if_fail (MONIA_IS_STORE (store), FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  participant = get_or_say (store, "participant", participant_id,
                            _("The participant is no longer in this case."), error);
  if (participant == NULL)
    return FALSE;
  case_id = monia_record_get_string (participant, "case_id");
  case_record = get_open_case (store, case_id, error);
  if (case_record == NULL || !check_may (store, case_id, "participant", MONIA_ACCESS_UPDATE, error))
    return FALSE;

  m = monia_mutation_new_update ("participant", participant_id);
  return fill_participation (spec, m, error) && monia_store_apply_one (store, m, error);
}

gboolean
monia_case_remove_participant (MoniaStore   *store,
                               const char   *participant_id,
                               GError      **error)
{
  g_autoptr(MoniaRecord) participant = NULL;
  g_autoptr(MoniaRecord) case_record = NULL;
  g_autoptr(MoniaMutation) m = NULL;
  const char *case_id;

  g_return_val_if_fail (MONIA_IS_STORE (store), FALSE);

  participant = get_or_say (store, "participant", participant_id,
                            _("The participant is no longer in this case."), error);
  if (participant == NULL)
    return FALSE;
  case_id = monia_record_get_string (participant, "case_id");
  case_record = get_open_case (store, case_id, error);
  if (case_record == NULL || !check_may (store, case_id, "participant", MONIA_ACCESS_DELETE, error))
    return FALSE;

  m = monia_mutation_new_delete ("participant", participant_id);
  return monia_store_apply_one (store, m, error);
}

gboolean
monia_case_is_other_organisation (MoniaStore *store,
                                  const char *case_id,
                                  const char *professional_id)
{
  g_autoptr(MoniaRecord) case_record = NULL;
  g_autoptr(GPtrArray) participants = NULL;
  GDate today;

  g_return_val_if_fail (MONIA_IS_STORE (store), FALSE);

  case_record = is_id (case_id) ? monia_store_get (store, "case", case_id, NULL) : NULL;
  if (case_record == NULL)
    return FALSE;
  participants = monia_store_find (store, "participant", "case_id", case_id, NULL);
  monia_policy_today (&today);
  /* When the case's own organisation cannot be told, the policy takes
   * everyone for another organisation. */
  return !is_owners_organisation (store, case_record, participants, professional_id, &today);
}
