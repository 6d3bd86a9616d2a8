/* test-policy.c — the access policy's table and its one day rule
 *
 * The expectations are written out here by hand; the server's access test
 * (tests/server/test_access.py) checks the same rules through the protocol.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-test"

#include "config.h"

#include "monia-core.h"

static const char *const case_kinds[] = {
  "case", "person", "case_person", "participant", "consent", "assessment", "plan", "goal",
  "measure", "event", "goal_rating", "feedback",
};

static const MoniaAccess all_ops[] = {
  MONIA_ACCESS_READ, MONIA_ACCESS_CREATE, MONIA_ACCESS_UPDATE, MONIA_ACCESS_DELETE,
};

static void
test_outsiders_reach_nothing (void)
{
  const MoniaRelation outsiders[] = { MONIA_RELATION_NONE, MONIA_RELATION_INTAKE, MONIA_RELATION_ADMIN };

  for (guint r = 0; r < G_N_ELEMENTS (outsiders); r++)
    for (guint k = 0; k < G_N_ELEMENTS (case_kinds); k++)
      for (guint o = 0; o < G_N_ELEMENTS (all_ops); o++)
        g_assert_false (monia_policy_case_allows (outsiders[r], MONIA_CASE_PART_ALL, case_kinds[k], all_ops[o]));

  /* A kind the table does not know is refused to everyone. */
  g_assert_false (monia_policy_case_allows (MONIA_RELATION_OWNER, MONIA_CASE_PART_ALL, "secret", MONIA_ACCESS_READ));
  g_assert_false (monia_policy_case_allows (MONIA_RELATION_OWNER, MONIA_CASE_PART_ALL, NULL, MONIA_ACCESS_READ));
  g_assert_false (monia_policy_role_allows (MONIA_ROLE_ADMIN, "case", MONIA_ACCESS_READ));
}

static void
test_lead_sees_no_content (void)
{
  for (guint k = 0; k < G_N_ELEMENTS (case_kinds); k++)
    g_assert_false (monia_policy_case_allows (MONIA_RELATION_LEAD, MONIA_CASE_PART_ALL, case_kinds[k],
                                              MONIA_ACCESS_READ));
  /* An assignment inside the team, and nothing else. */
  g_assert_true (monia_policy_case_allows (MONIA_RELATION_LEAD, MONIA_CASE_PART_NONE, "case", MONIA_ACCESS_UPDATE));
  g_assert_true (monia_policy_may_assign (MONIA_RELATION_LEAD, "owner_id"));
  g_assert_true (monia_policy_may_assign (MONIA_RELATION_LEAD, "pair_id"));
  g_assert_false (monia_policy_may_assign (MONIA_RELATION_LEAD, "team_id"));
  g_assert_false (monia_policy_case_allows (MONIA_RELATION_LEAD, MONIA_CASE_PART_ALL, "case", MONIA_ACCESS_DELETE));
}

static void
test_access_changes_are_the_owners_and_pairs (void)
{
  const char *const access_kinds[] = { "participant", "consent", "case_person" };
  const char *const access_fields[] = { "owner_id", "pair_id", "team_id" };
  const MoniaRelation others[] = { MONIA_RELATION_ORG_PARTICIPANT, MONIA_RELATION_CONSENT_PARTICIPANT,
                                   MONIA_RELATION_NONE, MONIA_RELATION_ADMIN, MONIA_RELATION_INTAKE };

  for (guint f = 0; f < G_N_ELEMENTS (access_fields); f++)
    {
      g_assert_true (monia_policy_field_changes_access ("case", access_fields[f]));
      g_assert_true (monia_policy_may_assign (MONIA_RELATION_OWNER, access_fields[f]));
      g_assert_true (monia_policy_may_assign (MONIA_RELATION_PAIR, access_fields[f]));
      for (guint r = 0; r < G_N_ELEMENTS (others); r++)
        g_assert_false (monia_policy_may_assign (others[r], access_fields[f]));
    }
  g_assert_false (monia_policy_field_changes_access ("case", "title"));
  g_assert_false (monia_policy_field_changes_access ("goal", "owner_id"));

  for (guint k = 0; k < G_N_ELEMENTS (access_kinds); k++)
    {
      g_assert_true (monia_policy_case_allows (MONIA_RELATION_OWNER, MONIA_CASE_PART_NONE, access_kinds[k],
                                               MONIA_ACCESS_CREATE));
      g_assert_true (monia_policy_case_allows (MONIA_RELATION_PAIR, MONIA_CASE_PART_NONE, access_kinds[k],
                                               MONIA_ACCESS_DELETE));
      for (guint r = 0; r < G_N_ELEMENTS (others); r++)
        for (guint o = 1; o < G_N_ELEMENTS (all_ops); o++)
          g_assert_false (monia_policy_case_allows (others[r], MONIA_CASE_PART_ALL, access_kinds[k], all_ops[o]));
    }
}

static void
test_consent_scope (void)
{
  MoniaRelation c = MONIA_RELATION_CONSENT_PARTICIPANT;

  /* What the consent covers is seen and added to; the rest is not seen. */
  g_assert_true (monia_policy_case_allows (c, MONIA_CASE_PART_PLAN, "goal", MONIA_ACCESS_READ));
  g_assert_true (monia_policy_case_allows (c, MONIA_CASE_PART_PLAN, "measure", MONIA_ACCESS_UPDATE));
  g_assert_false (monia_policy_case_allows (c, MONIA_CASE_PART_PLAN, "measure", MONIA_ACCESS_DELETE));
  g_assert_false (monia_policy_case_allows (c, MONIA_CASE_PART_PLAN, "assessment", MONIA_ACCESS_READ));
  g_assert_false (monia_policy_case_allows (c, MONIA_CASE_PART_PLAN, "case", MONIA_ACCESS_READ));
  g_assert_true (monia_policy_case_allows (c, MONIA_CASE_PART_OVERVIEW, "case", MONIA_ACCESS_READ));
  g_assert_false (monia_policy_case_allows (c, MONIA_CASE_PART_OVERVIEW, "case", MONIA_ACCESS_UPDATE));
  g_assert_false (monia_policy_case_allows (c, MONIA_CASE_PART_OVERVIEW, "person", MONIA_ACCESS_UPDATE));
  g_assert_true (monia_policy_case_allows (c, MONIA_CASE_PART_IMPLEMENTATION, "event", MONIA_ACCESS_CREATE));
  g_assert_false (monia_policy_case_allows (c, MONIA_CASE_PART_IMPLEMENTATION, "event", MONIA_ACCESS_UPDATE));
  /* The consents are always shown to them: they say what they are shown. */
  g_assert_true (monia_policy_case_allows (c, MONIA_CASE_PART_NONE, "consent", MONIA_ACCESS_READ));

  g_assert_cmpint (monia_policy_kind_part ("goal_rating"), ==, MONIA_CASE_PART_IMPLEMENTATION);
  g_assert_cmpint (monia_policy_kind_part ("help_request"), ==, MONIA_CASE_PART_NONE);
  g_assert_nonnull (monia_policy_explain (c, "case", MONIA_ACCESS_UPDATE));
}

static void
test_roles (void)
{
  g_assert_true (monia_policy_role_allows (MONIA_ROLE_INTAKE, "help_request", MONIA_ACCESS_CREATE));
  g_assert_false (monia_policy_role_allows (MONIA_ROLE_WORKER, "help_request", MONIA_ACCESS_READ));
  g_assert_false (monia_policy_role_allows (MONIA_ROLE_LEAD, "help_request", MONIA_ACCESS_READ));
  g_assert_true (monia_policy_role_allows (MONIA_ROLE_LEAD, "work_pair", MONIA_ACCESS_CREATE));
  g_assert_false (monia_policy_role_allows (MONIA_ROLE_ADMIN, "work_pair", MONIA_ACCESS_UPDATE));
  g_assert_false (monia_policy_role_allows (MONIA_ROLE_WORKER, "work_pair", MONIA_ACCESS_CREATE));
  g_assert_true (monia_policy_role_allows (MONIA_ROLE_ADMIN, "service", MONIA_ACCESS_DELETE));
  g_assert_false (monia_policy_role_allows (MONIA_ROLE_ADMIN, "professional", MONIA_ACCESS_CREATE));
  /* Audit events are written by everyone and read through the log only. */
  g_assert_true (monia_policy_role_allows (MONIA_ROLE_WORKER, "audit_event", MONIA_ACCESS_CREATE));
  g_assert_false (monia_policy_role_allows (MONIA_ROLE_ADMIN, "audit_event", MONIA_ACCESS_READ));
  g_assert_cmpint (monia_access_from_string ("delete"), ==, MONIA_ACCESS_DELETE);
  g_assert_cmpint (monia_access_from_string ("drop"), ==, MONIA_ACCESS_NONE);
}

static void
set_date (GDate *date,
          int    year,
          int    month,
          int    day)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static void
assert_finland_day (const char *utc_iso,
                    int         year,
                    int         month,
                    int         day)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) moment = g_date_time_new_from_iso8601 (utc_iso, utc);
  GDate got, expected;

  g_assert_nonnull (moment);
  monia_policy_date_in_finland (moment, &got);
  set_date (&expected, year, month, day);
  if (g_date_compare (&got, &expected) != 0)
    g_error ("%s is %u-%u-%u in Finland, expected %d-%d-%d", utc_iso, g_date_get_year (&got),
             g_date_get_month (&got), g_date_get_day (&got), year, month, day);
}

/* The server ran on UTC and the desktop on local time: for the first hours
 * after midnight in Finland they disagreed on whether a consent held. */
static void
test_day_in_finland (void)
{
  assert_finland_day ("2026-06-30T20:59:59Z", 2026, 6, 30);   /* 23:59:59 summer time */
  assert_finland_day ("2026-06-30T21:00:00Z", 2026, 7, 1);
  assert_finland_day ("2026-06-30T22:30:00Z", 2026, 7, 1);
  assert_finland_day ("2026-12-31T21:59:59Z", 2026, 12, 31);  /* winter time, +2 */
  assert_finland_day ("2026-12-31T22:00:00Z", 2027, 1, 1);
  assert_finland_day ("2026-03-29T00:30:00Z", 2026, 3, 29);   /* the night clocks go forward */
}

static void
test_consent_holds (void)
{
  MoniaConsentFacts consent = { NULL, NULL, "plan", "2026-06-30", NULL };
  GDate day;

  /* 22:30 UTC on 30 June is 1 July in Finland: the consent has ended. */
  monia_policy_set_now_for_testing (1782858600);   /* 2026-06-30T22:30:00Z */
  monia_policy_today (&day);
  g_assert_cmpint (g_date_get_day (&day), ==, 1);
  g_assert_false (monia_policy_consent_holds (&consent, &day));
  monia_policy_set_now_for_testing (1782849600);   /* 2026-06-30T20:00:00Z: 23:00 in Finland */
  monia_policy_today (&day);
  g_assert_true (monia_policy_consent_holds (&consent, &day));
  monia_policy_set_now_for_testing (0);

  set_date (&day, 2026, 6, 30);
  consent.revoked_on = "2026-06-01";
  g_assert_false (monia_policy_consent_holds (&consent, &day));
  consent.revoked_on = NULL;
  consent.valid_until = NULL;
  g_assert_true (monia_policy_consent_holds (&consent, &day));
  /* An end day nobody can read gives no access. */
  consent.valid_until = "30.6.2026";
  g_assert_false (monia_policy_consent_holds (&consent, &day));
  consent.valid_until = "2026-02-30";
  g_assert_false (monia_policy_consent_holds (&consent, &day));
}

static void
test_consented_parts (void)
{
  const MoniaConsentFacts consents[] = {
    { "pro-1", NULL, "overview", NULL, NULL },
    { NULL, "org-school", "plan,implementation", "2026-12-31", NULL },
    { NULL, "org-school", "assessment", "2026-01-31", NULL },             /* ended */
    { "pro-1", NULL, "assessment", NULL, "2026-03-01" },                  /* revoked */
    { "pro-2", "org-ngo", "assessment", NULL, NULL },                     /* someone else's */
  };
  const char *const school[] = { "org-school", NULL };
  GDate day;

  set_date (&day, 2026, 6, 30);
  g_assert_cmpint (monia_policy_consented_parts (consents, G_N_ELEMENTS (consents), "pro-1", school, &day), ==,
                   MONIA_CASE_PART_OVERVIEW | MONIA_CASE_PART_PLAN | MONIA_CASE_PART_IMPLEMENTATION);
  g_assert_cmpint (monia_policy_consented_parts (consents, G_N_ELEMENTS (consents), "pro-1", NULL, &day), ==,
                   MONIA_CASE_PART_OVERVIEW);
  g_assert_cmpint (monia_policy_consented_parts (consents, G_N_ELEMENTS (consents), "pro-3", NULL, &day), ==,
                   MONIA_CASE_PART_NONE);
  g_assert_cmpint (monia_policy_consented_parts (consents, G_N_ELEMENTS (consents), NULL, school, &day), ==,
                   MONIA_CASE_PART_PLAN | MONIA_CASE_PART_IMPLEMENTATION);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/policy/outsiders-reach-nothing", test_outsiders_reach_nothing);
  g_test_add_func ("/policy/lead-sees-no-content", test_lead_sees_no_content);
  g_test_add_func ("/policy/access-changes", test_access_changes_are_the_owners_and_pairs);
  g_test_add_func ("/policy/consent-scope", test_consent_scope);
  g_test_add_func ("/policy/roles", test_roles);
  g_test_add_func ("/policy/day-in-finland", test_day_in_finland);
  g_test_add_func ("/policy/consent-holds", test_consent_holds);
  g_test_add_func ("/policy/consented-parts", test_consented_parts);

  return g_test_run ();
}
