/* test-team-ops.c — work pairs, who is responsible, next deadlines, consent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-test"

#include "config.h"

#include "monia-case-ops.h"
#include "monia-core.h"
#include "monia-test-util.h"

typedef struct
{
  char       *dir;
  MoniaStore *store;
  char       *org_family;   /* the owner's organisation */
  char       *org_school;
  char       *org_ngo;
  char       *team;
  char       *worker;       /* owner, of org_family */
  char       *nurse;        /* of org_family */
  char       *curator;      /* of org_school */
  char       *ngo_worker;   /* of org_ngo */
  char       *case_id;
  char       *child;
  char       *guardian;
} Fixture;

static void
set_date (GDate      *date,
          const char *iso)
{
  g_autoptr(GError) error = NULL;

  g_date_clear (date, 1);
  g_assert_true (monia_date_parse_iso (iso, date, &error));
  g_assert_no_error (error);
}

/* Creates a record from field/value string pairs; returns its id. */
static char *
create (Fixture    *fixture,
        const char *kind,
        ...)
{
  g_autoptr(MoniaMutation) m = monia_mutation_new_create (kind);
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, kind);
  for (const char *field = va_arg (args, const char *); field != NULL; field = va_arg (args, const char *))
    monia_mutation_set_string (m, field, va_arg (args, const char *));
  va_end (args);
  g_assert_true (monia_store_apply_one (fixture->store, m, &error));
  g_assert_no_error (error);
  return g_strdup (monia_mutation_get_record_id (m));
}

static void
update (Fixture    *fixture,
        const char *kind,
        const char *id,
        const char *field,
        const char *value)
{
  g_autoptr(MoniaMutation) m = monia_mutation_new_update (kind, id);
  g_autoptr(GError) error = NULL;

  monia_mutation_set_string (m, field, value);
  g_assert_true (monia_store_apply_one (fixture->store, m, &error));
  g_assert_no_error (error);
}

static MoniaRecord *
get (Fixture    *fixture,
     const char *kind,
     const char *id)
{
  g_autoptr(GError) error = NULL;
  MoniaRecord *record = monia_store_get (fixture->store, kind, id, &error);

  g_assert_no_error (error);
  return record;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *link1 = NULL, *link2 = NULL;

  fixture->dir = monia_test_tmp_dir_new ();
  path = g_build_filename (fixture->dir, "monia.db", NULL);
  fixture->store = monia_store_open (path, &error);
  g_assert_no_error (error);

  fixture->org_family = create (fixture, "organisation", "name", "Perhetyö", NULL);
  fixture->org_school = create (fixture, "organisation", "name", "Koivulan koulu", NULL);
  fixture->org_ngo = create (fixture, "organisation", "name", "Järjestö", NULL);
  fixture->team = create (fixture, "team", "name", "Perhetyö A", "organisation_id", fixture->org_family, NULL);
  fixture->worker = create (fixture, "professional", "name", "Sanna Sosiaalityö", "organisation_id",
                            fixture->org_family, "team_id", fixture->team, NULL);
  fixture->nurse = create (fixture, "professional", "name", "Pekka Psykiatri", "organisation_id",
                           fixture->org_family, NULL);
  fixture->curator = create (fixture, "professional", "name", "Kaisa Kuraattori", "organisation_id",
                             fixture->org_school, NULL);
  fixture->ngo_worker = create (fixture, "professional", "name", "Jussi Järjestö", "organisation_id",
                                fixture->org_ngo, NULL);
  fixture->case_id = create (fixture, "case", "title", "Synthetic family", "status", "open",
                             "opened_on", "2026-01-05", "owner_id", fixture->worker, NULL);
  fixture->child = create (fixture, "person", "name", "Testi Testinen", NULL);
  fixture->guardian = create (fixture, "person", "name", "Vanhempi Testinen", NULL);
  link1 = create (fixture, "case_person", "case_id", fixture->case_id, "person_id", fixture->child,
                  "relation", "child", NULL);
  link2 = create (fixture, "case_person", "case_id", fixture->case_id, "person_id", fixture->guardian,
                  "relation", "guardian", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->store);
  monia_test_tmp_dir_remove (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->org_family);
  g_free (fixture->org_school);
  g_free (fixture->org_ngo);
  g_free (fixture->team);
  g_free (fixture->worker);
  g_free (fixture->nurse);
  g_free (fixture->curator);
  g_free (fixture->ngo_worker);
  g_free (fixture->case_id);
  g_free (fixture->child);
  g_free (fixture->guardian);
}

static char *
form_pair (Fixture    *fixture,
           const char *first,
           const char *second,
           const char *from)
{
  g_autoptr(GError) error = NULL;
  GDate day;
  char *id;

  set_date (&day, from);
  id = monia_team_form_pair (fixture->store, first, second, &day, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

/* ---- work pairs ---- */

static void
test_form_pair (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaRecord) pair = NULL;
  g_autoptr(GPtrArray) pairs = NULL;
  g_autofree char *id = NULL;
  g_autofree char *names = NULL;
  g_autofree char *none = NULL;
  g_autofree char *unknown = g_uuid_string_random ();
  gint64 changes;
  GDate day, invalid;

  set_date (&day, "2026-02-02");
  g_date_clear (&invalid, 1);
  changes = monia_store_count_pending_changes (fixture->store);

  /* Missing, the same person twice, no day, someone unknown: each says so. */
  none = monia_team_form_pair (fixture->store, fixture->worker, NULL, &day, &error);
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_assert_cmpstr (error->message, ==, "Choose both professionals of the pair.");
  g_clear_error (&error);

  g_assert_null (monia_team_form_pair (fixture->store, fixture->worker, fixture->worker, &day, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_assert_cmpstr (error->message, ==, "A work pair is two different people; choose someone else as the second.");
  g_clear_error (&error);

  g_assert_null (monia_team_form_pair (fixture->store, fixture->worker, fixture->nurse, &invalid, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_assert_null (monia_team_form_pair (fixture->store, fixture->worker, unknown, &day, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (monia_store_count_pending_changes (fixture->store), ==, changes);

  /* A real pair: both, the day, the first one's team. */
  id = monia_team_form_pair (fixture->store, fixture->nurse, fixture->worker, &day, &error);
  g_assert_no_error (error);
  pair = get (fixture, "work_pair", id);
  g_assert_cmpstr (monia_record_get_string (pair, "first_id"), ==, fixture->nurse);
  g_assert_cmpstr (monia_record_get_string (pair, "second_id"), ==, fixture->worker);
  g_assert_cmpstr (monia_record_get_string (pair, "team_id"), ==, fixture->team);
  g_assert_cmpstr (monia_record_get_string (pair, "active_from"), ==, "2026-02-02");
  g_assert_null (monia_record_get_string (pair, "active_until"));
  g_assert_true (monia_work_pair_has_member (pair, fixture->worker));
  g_assert_false (monia_work_pair_has_member (pair, fixture->curator));
  names = monia_work_pair_dup_names (fixture->store, pair);
  g_assert_cmpstr (names, ==, "Pekka Psykiatri and Sanna Sosiaalityö");

  /* The same two again, either way round, while the pair works. */
  g_assert_null (monia_team_form_pair (fixture->store, fixture->worker, fixture->nurse, &day, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_assert_cmpstr (error->message, ==, "These two already work as a pair.");
  g_clear_error (&error);

  /* Once it ended they may form a new one. */
  update (fixture, "work_pair", id, "active_until", "2026-03-01");
  {
    g_autofree char *again = form_pair (fixture, fixture->worker, fixture->nurse, "2026-04-01");
    g_autofree char *other = form_pair (fixture, fixture->curator, fixture->worker, "2026-04-02");

    pairs = monia_team_list_pairs_of (fixture->store, fixture->worker, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (pairs->len, ==, 3);
    g_assert_cmpstr (monia_record_get_id (g_ptr_array_index (pairs, 0)), ==, id);
    g_assert_cmpstr (monia_record_get_id (g_ptr_array_index (pairs, 1)), ==, again);
    g_assert_cmpstr (monia_record_get_id (g_ptr_array_index (pairs, 2)), ==, other);
  }
}

static void
test_pair_active (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *id = form_pair (fixture, fixture->worker, fixture->nurse, "2026-01-01");
  g_autoptr(MoniaRecord) open = get (fixture, "work_pair", id);
  g_autoptr(MoniaRecord) ended = NULL;
  GDate before, last, after;

  set_date (&before, "2026-05-30");
  set_date (&last, "2026-05-31");
  set_date (&after, "2026-06-01");
  g_assert_true (monia_work_pair_is_active (open, &after));
  update (fixture, "work_pair", id, "active_until", "2026-05-31");
  ended = get (fixture, "work_pair", id);
  g_assert_true (monia_work_pair_is_active (ended, &before));
  g_assert_true (monia_work_pair_is_active (ended, &last));
  g_assert_false (monia_work_pair_is_active (ended, &after));
}

/* ---- who is responsible ---- */

static void
test_assign_case (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaRecord) record = NULL;
  g_autofree char *pair = form_pair (fixture, fixture->worker, fixture->nurse, "2026-01-01");
  g_autofree char *ended = form_pair (fixture, fixture->curator, fixture->nurse, "2020-01-01");
  g_autofree char *unknown = g_uuid_string_random ();
  gint64 changes;

  /* To the pair, and the log has exactly that one change. */
  changes = monia_store_count_pending_changes (fixture->store);
  g_assert_true (monia_case_set_pair (fixture->store, fixture->case_id, pair, &error));
  g_assert_no_error (error);
  g_assert_cmpint (monia_store_count_pending_changes (fixture->store), ==, changes + 1);
  record = get (fixture, "case", fixture->case_id);
  g_assert_cmpstr (monia_record_get_string (record, "pair_id"), ==, pair);
  g_assert_cmpstr (monia_record_get_string (record, "owner_id"), ==, fixture->worker);
  g_clear_object (&record);

  /* Saying the same again saves nothing. */
  g_assert_true (monia_case_set_pair (fixture->store, fixture->case_id, pair, &error));
  g_assert_true (monia_case_set_owner (fixture->store, fixture->case_id, fixture->worker, &error));
  g_assert_no_error (error);
  g_assert_cmpint (monia_store_count_pending_changes (fixture->store), ==, changes + 1);

  /* A pair that ended cannot take it; an unknown worker cannot own it. */
  update (fixture, "work_pair", ended, "active_until", "2020-12-31");
  g_assert_false (monia_case_set_pair (fixture->store, fixture->case_id, ended, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (monia_case_set_owner (fixture->store, fixture->case_id, unknown, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Back to a single worker: the nurse alone. */
  g_assert_true (monia_case_set_pair (fixture->store, fixture->case_id, NULL, &error));
  g_assert_true (monia_case_set_owner (fixture->store, fixture->case_id, fixture->nurse, &error));
  g_assert_no_error (error);
  record = get (fixture, "case", fixture->case_id);
  g_assert_null (monia_record_get_string (record, "pair_id"));
  g_assert_cmpstr (monia_record_get_string (record, "owner_id"), ==, fixture->nurse);
  g_clear_object (&record);

  /* A closed case stays as it was. */
  update (fixture, "case", fixture->case_id, "status", "closed");
  g_assert_false (monia_case_set_pair (fixture->store, fixture->case_id, pair, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (monia_case_set_owner (fixture->store, fixture->case_id, fixture->worker, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_READ_ONLY);
}

/* ---- next deadline ---- */

static void
assert_next_deadline (Fixture    *fixture,
                      const char *case_id,
                      const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *iso = NULL;
  GDate due;

  if (!monia_case_next_deadline (fixture->store, case_id, &due, &error))
    {
      g_assert_no_error (error);
      g_assert_false (g_date_valid (&due));
      g_assert_null (expected);
      return;
    }
  iso = monia_date_format_iso (&due);
  g_assert_cmpstr (iso, ==, expected);
}

static void
test_next_deadline (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *a1 = NULL;
  g_autofree char *a2 = NULL;
  g_autofree char *other = create (fixture, "case", "title", "Another family", NULL);
  g_autoptr(MoniaRecord) record = NULL;
  GDate due;

  /* No assessment: no deadline. */
  assert_next_deadline (fixture, fixture->case_id, NULL);

  /* Pending: the decision to start comes first. */
  a1 = create (fixture, "assessment", "case_id", fixture->case_id, "kind", "child_welfare_s26",
               "pending_on", "2026-01-05", "decision_due", "2026-01-14", "completion_due", "2026-04-05", NULL);
  assert_next_deadline (fixture, fixture->case_id, "2026-01-14");
  record = get (fixture, "assessment", a1);
  g_assert_true (monia_assessment_next_deadline (record, &due));
  g_assert_cmpint (g_date_get_day (&due), ==, 14);
  g_clear_object (&record);

  /* Started: completion is what remains. */
  update (fixture, "assessment", a1, "started_on", "2026-01-12");
  assert_next_deadline (fixture, fixture->case_id, "2026-04-05");

  /* A second assessment due earlier wins, whichever of its deadlines. */
  a2 = create (fixture, "assessment", "case_id", fixture->case_id, "kind", "social_welfare_s36",
               "pending_on", "2026-01-02", "decision_due", "2026-01-13", "completion_due", "2026-04-02",
               "started_on", "2026-01-08", NULL);
  assert_next_deadline (fixture, fixture->case_id, "2026-04-02");

  /* Completed ones have no deadline left. */
  update (fixture, "assessment", a2, "completed_on", "2026-03-01");
  assert_next_deadline (fixture, fixture->case_id, "2026-04-05");
  update (fixture, "assessment", a1, "completed_on", "2026-03-20");
  assert_next_deadline (fixture, fixture->case_id, NULL);
  record = get (fixture, "assessment", a1);
  g_assert_false (monia_assessment_next_deadline (record, &due));
  g_assert_false (g_date_valid (&due));

  /* Another case's assessment is not this one's. */
  g_clear_pointer (&a2, g_free);
  a2 = create (fixture, "assessment", "case_id", other, "kind", "child_welfare_s26",
               "pending_on", "2026-01-01", "decision_due", "2026-01-12", NULL);
  assert_next_deadline (fixture, fixture->case_id, NULL);
  assert_next_deadline (fixture, other, "2026-01-12");
}

/* ---- consent ---- */

static void
test_scope (void)
{
  g_autofree char *all = monia_case_parts_to_scope (MONIA_CASE_PART_ALL);
  g_autofree char *two = monia_case_parts_to_scope (MONIA_CASE_PART_PLAN | MONIA_CASE_PART_OVERVIEW);
  g_autofree char *none = monia_case_parts_to_scope (MONIA_CASE_PART_NONE);

  g_assert_cmpstr (all, ==, "overview,assessment,plan,implementation");
  g_assert_cmpstr (two, ==, "overview,plan");
  g_assert_cmpstr (none, ==, "");
  g_assert_cmpint (monia_case_parts_from_scope (" plan , overview,unknown"), ==,
                   MONIA_CASE_PART_PLAN | MONIA_CASE_PART_OVERVIEW);
  g_assert_cmpint (monia_case_parts_from_scope (NULL), ==, MONIA_CASE_PART_NONE);
  g_assert_cmpint (monia_case_parts_from_scope (all), ==, MONIA_CASE_PART_ALL);
  g_assert_cmpstr (monia_case_part_to_name (MONIA_CASE_PART_IMPLEMENTATION), ==, "implementation");
  g_assert_null (monia_case_part_to_name (MONIA_CASE_PART_ALL));
}

static void
test_record_consent (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaRecord) consent = NULL;
  g_autofree char *id = NULL;
  g_autofree char *stranger = create (fixture, "person", "name", "Ulko Puolinen", NULL);
  MoniaConsentSpec spec;
  GDate today;
  struct {
    const char *person;
    const char *org;
    MoniaCaseParts parts;
    const char *given;
    const char *until;
    const char *message;
    const char *field;
  } bad[] = {
    { NULL, fixture->org_school, MONIA_CASE_PART_PLAN, "2026-02-01", NULL, "Choose who gives the consent.",
      "person_id" },
    { stranger, fixture->org_school, MONIA_CASE_PART_PLAN, "2026-02-01", NULL,
      "Only a person of the case can give consent to it.", "person_id" },
    { fixture->guardian, NULL, MONIA_CASE_PART_PLAN, "2026-02-01", NULL,
      "Choose the organisation or the professional the consent is given to.", "recipient" },
    { fixture->guardian, fixture->org_school, MONIA_CASE_PART_NONE, "2026-02-01", NULL,
      "Choose at least one part of the case the consent covers.", "scope" },
    { fixture->guardian, fixture->org_school, MONIA_CASE_PART_PLAN, NULL, NULL,
      "Choose the day the consent was given.", "given_on" },
    { fixture->guardian, fixture->org_school, MONIA_CASE_PART_PLAN, "2026-02-01", "2026-01-31",
      "The consent cannot end before the day it was given.", "valid_until" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      monia_consent_spec_init (&spec);
      spec.person_id = bad[i].person;
      spec.organisation_id = bad[i].org;
      spec.parts = bad[i].parts;
      if (bad[i].given != NULL)
        set_date (&spec.given_on, bad[i].given);
      if (bad[i].until != NULL)
        set_date (&spec.valid_until, bad[i].until);
      g_assert_null (monia_case_record_consent (fixture->store, fixture->case_id, &spec, &error));
      g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
      g_assert_cmpstr (error->message, ==, bad[i].message);
      /* A form shows the message at the field it is about. */
      g_assert_cmpstr (monia_error_get_field (error), ==, bad[i].field);
      g_clear_error (&error);
    }

  monia_consent_spec_init (&spec);
  spec.person_id = fixture->guardian;
  spec.professional_id = fixture->curator;
  spec.parts = MONIA_CASE_PART_PLAN | MONIA_CASE_PART_OVERVIEW;
  set_date (&spec.given_on, "2026-02-01");
  set_date (&spec.valid_until, "2026-12-31");
  id = monia_case_record_consent (fixture->store, fixture->case_id, &spec, &error);
  g_assert_no_error (error);
  consent = get (fixture, "consent", id);
  g_assert_cmpstr (monia_record_get_string (consent, "case_id"), ==, fixture->case_id);
  g_assert_cmpstr (monia_record_get_string (consent, "person_id"), ==, fixture->guardian);
  g_assert_cmpstr (monia_record_get_string (consent, "professional_id"), ==, fixture->curator);
  g_assert_null (monia_record_get_string (consent, "organisation_id"));
  g_assert_cmpstr (monia_record_get_string (consent, "scope"), ==, "overview,plan");
  g_assert_cmpstr (monia_record_get_string (consent, "given_on"), ==, "2026-02-01");
  g_assert_cmpstr (monia_record_get_string (consent, "valid_until"), ==, "2026-12-31");
  g_clear_object (&consent);

  /* Revoked today; again is an error; undone it is valid again. */
  set_date (&today, "2026-03-03");
  g_assert_true (monia_case_revoke_consent (fixture->store, id, &today, &error));
  g_assert_no_error (error);
  consent = get (fixture, "consent", id);
  g_assert_cmpstr (monia_record_get_string (consent, "revoked_on"), ==, "2026-03-03");
  g_assert_false (monia_consent_is_valid (consent, &today));
  g_clear_object (&consent);
  g_assert_false (monia_case_revoke_consent (fixture->store, id, &today, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_true (monia_case_revoke_consent (fixture->store, id, NULL, &error));
  g_assert_no_error (error);
  consent = get (fixture, "consent", id);
  g_assert_null (monia_record_get_string (consent, "revoked_on"));
  g_assert_true (monia_consent_is_valid (consent, &today));
}

/* ---- what a participant sees ---- */

static MoniaCaseParts
visible (Fixture    *fixture,
         const char *participant_id,
         const char *on)
{
  g_autoptr(MoniaRecord) participant = get (fixture, "participant", participant_id);
  g_autoptr(GError) error = NULL;
  MoniaCaseParts parts;
  GDate day;

  set_date (&day, on);
  parts = monia_participant_visible_parts (fixture->store, participant, &day, &error);
  g_assert_no_error (error);
  return parts;
}

static char *
give_consent (Fixture        *fixture,
              const char     *org,
              const char     *pro,
              MoniaCaseParts  parts,
              const char     *until)
{
  g_autoptr(GError) error = NULL;
  MoniaConsentSpec spec;
  char *id;

  monia_consent_spec_init (&spec);
  spec.person_id = fixture->guardian;
  spec.organisation_id = org;
  spec.professional_id = pro;
  spec.parts = parts;
  set_date (&spec.given_on, "2026-01-10");
  if (until != NULL)
    set_date (&spec.valid_until, until);
  id = monia_case_record_consent (fixture->store, fixture->case_id, &spec, &error);
  g_assert_no_error (error);
  return id;
}

static void
test_visible_parts (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *p_owner = create (fixture, "participant", "case_id", fixture->case_id, "professional_id",
                                     fixture->worker, "organisation_id", fixture->org_family, "role", "owner", NULL);
  g_autofree char *p_nurse = create (fixture, "participant", "case_id", fixture->case_id, "professional_id",
                                     fixture->nurse, "organisation_id", fixture->org_family, "role", "member", NULL);
  g_autofree char *p_curator = create (fixture, "participant", "case_id", fixture->case_id, "professional_id",
                                       fixture->curator, "organisation_id", fixture->org_school, NULL);
  g_autofree char *p_ngo = create (fixture, "participant", "case_id", fixture->case_id, "professional_id",
                                   fixture->ngo_worker, "organisation_id", fixture->org_ngo, NULL);
  g_autofree char *to_school = NULL;
  g_autofree char *to_ngo_worker = NULL;
  g_autofree char *expired = NULL;
  g_autofree char *pair = NULL;
  GDate revoked_on;

  /* Owner and same organisation as the owner: everything. */
  g_assert_cmpint (visible (fixture, p_owner, "2026-02-01"), ==, MONIA_CASE_PART_ALL);
  g_assert_cmpint (visible (fixture, p_nurse, "2026-02-01"), ==, MONIA_CASE_PART_ALL);

  /* Other organisations without consent: nothing. */
  g_assert_cmpint (visible (fixture, p_curator, "2026-02-01"), ==, MONIA_CASE_PART_NONE);
  g_assert_cmpint (visible (fixture, p_ngo, "2026-02-01"), ==, MONIA_CASE_PART_NONE);

  /* A consent to the school's organisation covers the curator, not the NGO. */
  to_school = give_consent (fixture, fixture->org_school, NULL, MONIA_CASE_PART_OVERVIEW | MONIA_CASE_PART_PLAN,
                            NULL);
  g_assert_cmpint (visible (fixture, p_curator, "2026-02-01"), ==, MONIA_CASE_PART_OVERVIEW | MONIA_CASE_PART_PLAN);
  g_assert_cmpint (visible (fixture, p_ngo, "2026-02-01"), ==, MONIA_CASE_PART_NONE);

  /* One naming the NGO worker personally; valid through its last day. */
  to_ngo_worker = give_consent (fixture, NULL, fixture->ngo_worker, MONIA_CASE_PART_IMPLEMENTATION, "2026-06-30");
  g_assert_cmpint (visible (fixture, p_ngo, "2026-06-30"), ==, MONIA_CASE_PART_IMPLEMENTATION);
  /* Expired the day after. */
  g_assert_cmpint (visible (fixture, p_ngo, "2026-07-01"), ==, MONIA_CASE_PART_NONE);

  /* Consents add up; an expired one adds nothing. */
  expired = give_consent (fixture, fixture->org_school, NULL, MONIA_CASE_PART_ASSESSMENT, "2026-01-31");
  g_assert_cmpint (visible (fixture, p_curator, "2026-02-01"), ==, MONIA_CASE_PART_OVERVIEW | MONIA_CASE_PART_PLAN);
  g_assert_cmpint (visible (fixture, p_curator, "2026-01-20"), ==, MONIA_CASE_PART_ALL & ~MONIA_CASE_PART_IMPLEMENTATION);

  /* Revoked: gone. */
  set_date (&revoked_on, "2026-02-02");
  g_assert_true (monia_case_revoke_consent (fixture->store, to_school, &revoked_on, NULL));
  g_assert_cmpint (visible (fixture, p_curator, "2026-02-03"), ==, MONIA_CASE_PART_NONE);

  /* A pair member sees everything while the pair works together. */
  pair = form_pair (fixture, fixture->worker, fixture->curator, "2026-01-01");
  g_assert_true (monia_case_set_pair (fixture->store, fixture->case_id, pair, NULL));
  g_assert_cmpint (visible (fixture, p_curator, "2026-02-03"), ==, MONIA_CASE_PART_ALL);
  update (fixture, "work_pair", pair, "active_until", "2026-02-28");
  g_assert_cmpint (visible (fixture, p_curator, "2026-03-01"), ==, MONIA_CASE_PART_NONE);

  /* A participation that ended sees nothing, owner's organisation or not. */
  update (fixture, "participant", p_nurse, "active_until", "2026-03-31");
  g_assert_cmpint (visible (fixture, p_nurse, "2026-03-31"), ==, MONIA_CASE_PART_ALL);
  g_assert_cmpint (visible (fixture, p_nurse, "2026-04-01"), ==, MONIA_CASE_PART_NONE);
}

/* Professionals as the server's directory publishes them: a name, a role, a
 * login and a team id made from the organisation and the team, but no
 * organisation. The server decides by the accounts' organisation; the same
 * team is the same organisation, so a colleague of the owner's team who
 * takes part sees the whole case there, and must read so here. */
static void
test_visible_parts_server_directory (Fixture       *fixture,
                                     gconstpointer  data)
{
  const char *team_a = "3f8e2b1c-5d4a-8e6f-9a0b-1c2d3e4f5a6b";
  const char *team_b = "7a6b5c4d-3e2f-8a1b-8c9d-0e1f2a3b4c5d";
  g_autofree char *owner = create (fixture, "professional", "name", "Olli Omistaja", "team_id", team_a,
                                   "role", "worker", "login", "olli", NULL);
  g_autofree char *colleague = create (fixture, "professional", "name", "Kirsi Kollega", "team_id", team_a,
                                       "role", "worker", "login", "kirsi", NULL);
  g_autofree char *stranger = create (fixture, "professional", "name", "Vesa Vieras", "team_id", team_b,
                                      "role", "worker", "login", "vesa", NULL);
  g_autofree char *p_colleague = NULL;
  g_autofree char *p_stranger = NULL;
  MoniaParticipantSpec spec;

  update (fixture, "case", fixture->case_id, "owner_id", owner);
  monia_participant_spec_init (&spec);
  spec.professional_id = colleague;
  p_colleague = monia_case_add_participant (fixture->store, fixture->case_id, &spec, NULL);
  spec.professional_id = stranger;
  p_stranger = monia_case_add_participant (fixture->store, fixture->case_id, &spec, NULL);
  g_assert_nonnull (p_colleague);
  g_assert_nonnull (p_stranger);

  g_assert_cmpint (visible (fixture, p_colleague, "2026-02-01"), ==, MONIA_CASE_PART_ALL);
  g_assert_false (monia_case_is_other_organisation (fixture->store, fixture->case_id, colleague));

  /* Another team, whose organisation this computer cannot tell: consent
   * decides, as it does for another organisation. */
  g_assert_cmpint (visible (fixture, p_stranger, "2026-02-01"), ==, MONIA_CASE_PART_NONE);
  g_assert_true (monia_case_is_other_organisation (fixture->store, fixture->case_id, stranger));

  /* The owner's participant record names the organisation the directory
   * does not: a participant of that organisation is of the owner's. */
  {
    g_autofree char *p_owner = create (fixture, "participant", "case_id", fixture->case_id, "professional_id", owner,
                                       "organisation_id", fixture->org_family, "role", "owner", NULL);

    update (fixture, "participant", p_stranger, "organisation_id", fixture->org_family);
    g_assert_cmpint (visible (fixture, p_stranger, "2026-02-01"), ==, MONIA_CASE_PART_ALL);
    update (fixture, "participant", p_stranger, "organisation_id", fixture->org_school);
    g_assert_cmpint (visible (fixture, p_stranger, "2026-02-01"), ==, MONIA_CASE_PART_NONE);
  }
}

/* ---- people and participants ---- */

static void
test_case_people (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaRecord) person = NULL;
  g_autoptr(GPtrArray) links = NULL;
  g_autofree char *id = NULL;
  g_autofree char *code = NULL;
  g_autofree char *consent = NULL;
  MoniaPersonSpec spec;
  GDate born, other_day;
  gint64 changes = monia_store_count_pending_changes (fixture->store);

  set_date (&born, "2015-03-14");
  code = monia_hetu_build (&born, 901);

  /* No name, an unknown relation, a wrong identity code: each names its field. */
  monia_person_spec_init (&spec);
  spec.name = "   ";
  g_assert_null (monia_case_add_person (fixture->store, fixture->case_id, &spec, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_assert_cmpstr (monia_error_get_field (error), ==, "name");
  g_clear_error (&error);

  spec.name = "Pikku Testinen";
  spec.relation = "cousin";
  g_assert_null (monia_case_add_person (fixture->store, fixture->case_id, &spec, &error));
  g_assert_cmpstr (monia_error_get_field (error), ==, "relation");
  g_clear_error (&error);

  spec.relation = "child";
  spec.hetu = "140315A901X";
  g_assert_null (monia_case_add_person (fixture->store, fixture->case_id, &spec, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_assert_cmpstr (monia_error_get_field (error), ==, "hetu");
  g_clear_error (&error);

  /* A birth date that the code contradicts. */
  spec.hetu = code;
  set_date (&spec.birth_date, "2015-03-15");
  g_assert_null (monia_case_add_person (fixture->store, fixture->case_id, &spec, &error));
  g_assert_cmpstr (monia_error_get_field (error), ==, "birth_date");
  g_clear_error (&error);
  g_assert_cmpint (monia_store_count_pending_changes (fixture->store), ==, changes);

  /* The code is optional; given, it is stored whole and gives the birth date. */
  g_date_clear (&spec.birth_date, 1);
  spec.phone = " 040 000 0000 ";
  id = monia_case_add_person (fixture->store, fixture->case_id, &spec, &error);
  g_assert_no_error (error);
  person = get (fixture, "person", id);
  g_assert_cmpstr (monia_record_get_string (person, "name"), ==, "Pikku Testinen");
  g_assert_cmpstr (monia_record_get_string (person, "hetu"), ==, code);
  g_assert_cmpstr (monia_record_get_string (person, "birth_date"), ==, "2015-03-14");
  g_assert_cmpstr (monia_record_get_string (person, "phone"), ==, "040 000 0000");
  links = monia_store_find (fixture->store, "case_person", "case_id", fixture->case_id, NULL);
  g_assert_cmpuint (links->len, ==, 3);
  g_assert_cmpstr (monia_record_get_string (g_ptr_array_index (links, 2), "person_id"), ==, id);
  g_assert_cmpstr (monia_record_get_string (g_ptr_array_index (links, 2), "relation"), ==, "child");
  g_clear_pointer (&links, g_ptr_array_unref);

  /* The same code twice in one case is refused. */
  monia_person_spec_init (&spec);
  spec.name = "Toinen";
  spec.hetu = code;
  g_assert_null (monia_case_add_person (fixture->store, fixture->case_id, &spec, &error));
  g_assert_cmpstr (monia_error_get_field (error), ==, "hetu");
  g_clear_error (&error);

  /* Editing: a new name and relation; the emptied code and phone go. */
  monia_person_spec_init (&spec);
  spec.name = "Pikku Testinen-Koivu";
  spec.relation = "other";
  set_date (&other_day, "2015-03-14");
  spec.birth_date = other_day;
  g_assert_true (monia_case_update_person (fixture->store, fixture->case_id, id, &spec, &error));
  g_assert_no_error (error);
  g_clear_object (&person);
  person = get (fixture, "person", id);
  g_assert_cmpstr (monia_record_get_string (person, "name"), ==, "Pikku Testinen-Koivu");
  g_assert_null (monia_record_get_string (person, "hetu"));
  g_assert_null (monia_record_get_string (person, "phone"));
  g_assert_cmpstr (monia_record_get_string (person, "birth_date"), ==, "2015-03-14");
  links = monia_store_find (fixture->store, "case_person", "case_id", fixture->case_id, NULL);
  g_assert_cmpstr (monia_record_get_string (g_ptr_array_index (links, 2), "relation"), ==, "other");
  g_clear_pointer (&links, g_ptr_array_unref);

  /* A person who gave a consent in force stays until it is revoked. */
  {
    MoniaConsentSpec consent_spec;

    monia_consent_spec_init (&consent_spec);
    consent_spec.person_id = id;
    consent_spec.organisation_id = fixture->org_school;
    consent_spec.parts = MONIA_CASE_PART_PLAN;
    set_date (&consent_spec.given_on, "2026-01-06");
    consent = monia_case_record_consent (fixture->store, fixture->case_id, &consent_spec, &error);
    g_assert_no_error (error);
  }
  g_assert_false (monia_case_remove_person (fixture->store, fixture->case_id, id, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  {
    GDate today;

    monia_policy_today (&today);
    g_assert_true (monia_case_revoke_consent (fixture->store, consent, &today, &error));
    g_assert_no_error (error);
  }

  /* Removing takes the person out of the case, not off the computer; linking
   * brings them back. */
  g_assert_true (monia_case_remove_person (fixture->store, fixture->case_id, id, &error));
  g_assert_no_error (error);
  links = monia_store_find (fixture->store, "case_person", "case_id", fixture->case_id, NULL);
  g_assert_cmpuint (links->len, ==, 2);
  g_clear_pointer (&links, g_ptr_array_unref);
  g_clear_object (&person);
  person = get (fixture, "person", id);
  g_assert_false (monia_case_remove_person (fixture->store, fixture->case_id, id, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (monia_case_link_person (fixture->store, fixture->case_id, id, "child", &error));
  g_assert_no_error (error);
  links = monia_store_find (fixture->store, "case_person", "case_id", fixture->case_id, NULL);
  g_assert_cmpuint (links->len, ==, 3);
}

static void
test_case_participants (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaRecord) participant = NULL;
  g_autofree char *id = NULL;
  g_autofree char *again = NULL;
  g_autofree char *unknown = g_uuid_string_random ();
  MoniaParticipantSpec spec;

  monia_participant_spec_init (&spec);
  g_assert_null (monia_case_add_participant (fixture->store, fixture->case_id, &spec, &error));
  g_assert_cmpstr (monia_error_get_field (error), ==, "professional_id");
  g_clear_error (&error);

  spec.professional_id = unknown;
  g_assert_null (monia_case_add_participant (fixture->store, fixture->case_id, &spec, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_NOT_FOUND);
  g_assert_cmpstr (monia_error_get_field (error), ==, "professional_id");
  g_clear_error (&error);

  spec.professional_id = fixture->curator;
  set_date (&spec.active_from, "2026-02-01");
  set_date (&spec.active_until, "2026-01-31");
  g_assert_null (monia_case_add_participant (fixture->store, fixture->case_id, &spec, &error));
  g_assert_cmpstr (monia_error_get_field (error), ==, "active_until");
  g_clear_error (&error);

  /* Any professional of the directory; their organisation comes along. */
  g_date_clear (&spec.active_until, 1);
  id = monia_case_add_participant (fixture->store, fixture->case_id, &spec, &error);
  g_assert_no_error (error);
  participant = get (fixture, "participant", id);
  g_assert_cmpstr (monia_record_get_string (participant, "organisation_id"), ==, fixture->org_school);
  g_assert_cmpstr (monia_record_get_string (participant, "role"), ==, "member");
  g_assert_cmpstr (monia_record_get_string (participant, "active_from"), ==, "2026-02-01");
  g_assert_true (monia_case_is_other_organisation (fixture->store, fixture->case_id, fixture->curator));
  g_assert_false (monia_case_is_other_organisation (fixture->store, fixture->case_id, fixture->nurse));

  /* Not twice at once. */
  again = monia_case_add_participant (fixture->store, fixture->case_id, &spec, &error);
  g_assert_null (again);
  g_assert_cmpstr (error->message, ==, "Kaisa Kuraattori already takes part in the case.");
  g_assert_cmpstr (monia_error_get_field (error), ==, "professional_id");
  g_clear_error (&error);

  /* The period ends; the role changes. */
  spec.role = "pair";
  set_date (&spec.active_until, "2026-06-30");
  g_assert_true (monia_case_update_participant (fixture->store, id, &spec, &error));
  g_assert_no_error (error);
  g_clear_object (&participant);
  participant = get (fixture, "participant", id);
  g_assert_cmpstr (monia_record_get_string (participant, "role"), ==, "pair");
  g_assert_cmpstr (monia_record_get_string (participant, "active_until"), ==, "2026-06-30");

  g_assert_true (monia_case_remove_participant (fixture->store, id, &error));
  g_assert_no_error (error);
  g_assert_false (monia_case_remove_participant (fixture->store, id, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_NOT_FOUND);
}

/* Only the owner and the pair change who is on the case, as the server
 * says: a participant of the owner's organisation may edit a person's
 * details but not link people or add participants. */
static void
test_people_policy (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *nurse_part = NULL;
  g_autofree char *id = NULL;
  MoniaParticipantSpec spec;
  MoniaPersonSpec person;

  monia_participant_spec_init (&spec);
  spec.professional_id = fixture->nurse;
  nurse_part = monia_case_add_participant (fixture->store, fixture->case_id, &spec, &error);
  g_assert_no_error (error);

  monia_store_set_author (fixture->store, fixture->nurse);
  monia_person_spec_init (&person);
  person.name = "Uusi Henkilö";
  g_assert_null (monia_case_add_person (fixture->store, fixture->case_id, &person, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_READ_ONLY);
  g_assert_cmpstr (error->message, ==, monia_policy_explain (MONIA_RELATION_ORG_PARTICIPANT, "case_person",
                                                             MONIA_ACCESS_CREATE));
  g_clear_error (&error);
  spec.professional_id = fixture->curator;
  g_assert_null (monia_case_add_participant (fixture->store, fixture->case_id, &spec, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (monia_case_remove_participant (fixture->store, nurse_part, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (monia_case_remove_person (fixture->store, fixture->case_id, fixture->child, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_READ_ONLY);
  g_clear_error (&error);

  /* Their name, though, the nurse may correct (the relation stays). */
  person.name = "Testi Testinen-Koivu";
  g_assert_true (monia_case_update_person (fixture->store, fixture->case_id, fixture->child, &person, &error));
  g_assert_no_error (error);

  /* The owner may. */
  monia_store_set_author (fixture->store, fixture->worker);
  person.name = "Uusi Henkilö";
  id = monia_case_add_person (fixture->store, fixture->case_id, &person, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/team/form-pair", test_form_pair);
  ADD ("/team/pair-active", test_pair_active);
  ADD ("/team/assign-case", test_assign_case);
  ADD ("/team/next-deadline", test_next_deadline);
  ADD ("/team/record-consent", test_record_consent);
  ADD ("/team/visible-parts", test_visible_parts);
  ADD ("/team/visible-parts-server-directory", test_visible_parts_server_directory);
  ADD ("/team/case-people", test_case_people);
  ADD ("/team/case-participants", test_case_participants);
  ADD ("/team/people-policy", test_people_policy);
  g_test_add_func ("/team/scope", test_scope);

  return g_test_run ();
}
