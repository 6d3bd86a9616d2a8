/* test-report.c — the THL return, the Team Overview's figures, caseloads
 * and the scorecard: by hand around every boundary, and against a second
 * computation written differently (records through the store's own API,
 * working days counted one day at a time, months added by GDate)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "monia-core.h"
#include "monia-test-util.h"

typedef struct
{
  char       *dir;
  MoniaStore *store;
  char       *team1, *team2;
  char       *w1, *w2, *w3, *lead;
  char       *pair;
} Fixture;

static void
day (GDate      *out,
     const char *iso)
{
  g_autoptr(GError) error = NULL;

  g_date_clear (out, 1);
  g_assert_true (monia_date_parse_iso (iso, out, &error));
  g_assert_no_error (error);
}

static char *
create (Fixture    *f,
        const char *kind,
        ...)
{
  g_autoptr(MoniaMutation) m = monia_mutation_new_create (kind);
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, kind);
  for (const char *field = va_arg (args, const char *); field != NULL; field = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);

      if (value != NULL)
        monia_mutation_set_string (m, field, value);
    }
  va_end (args);
  g_assert_true (monia_store_apply_one (f->store, m, &error));
  g_assert_no_error (error);
  return g_strdup (monia_mutation_get_record_id (m));
}

static void
delete (Fixture    *f,
        const char *kind,
        const char *id)
{
  g_autoptr(MoniaMutation) m = monia_mutation_new_delete (kind, id);
  g_autoptr(GError) error = NULL;

  g_assert_true (monia_store_apply_one (f->store, m, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *org = NULL;

  f->dir = monia_test_tmp_dir_new ();
  path = g_build_filename (f->dir, "monia.db", NULL);
  f->store = monia_store_open (path, &error);
  g_assert_no_error (error);

  org = create (f, "organisation", "name", "Perhetyö", NULL);
  f->team1 = create (f, "team", "name", "Team North", "organisation_id", org, NULL);
  f->team2 = create (f, "team", "name", "Team South", "organisation_id", org, NULL);
  f->w1 = create (f, "professional", "name", "Sanna Sosiaalityö", "team_id", f->team1, "role", "worker", NULL);
  f->w2 = create (f, "professional", "name", "Pekka Psykiatri", "team_id", f->team1, "role", "worker", NULL);
  f->w3 = create (f, "professional", "name", "Tiina Työntekijä", "team_id", f->team2, "role", "worker", NULL);
  f->lead = create (f, "professional", "name", "Liisa Lead", "team_id", f->team1, "role", "lead", NULL);
  f->pair = create (f, "work_pair", "first_id", f->w1, "second_id", f->w2, "team_id", f->team1,
                    "active_from", "2024-01-01", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->store);
  monia_test_tmp_dir_remove (f->dir);
  g_free (f->dir);
  g_free (f->team1);
  g_free (f->team2);
  g_free (f->w1);
  g_free (f->w2);
  g_free (f->w3);
  g_free (f->lead);
  g_free (f->pair);
}

/* A case of @team owned by @owner (and @pair), with an assessment of @kind. */
static char *
add_matter (Fixture    *f,
            const char *team,
            const char *owner,
            const char *pair,
            const char *kind,
            const char *pending,
            const char *started,
            const char *completed)
{
  g_autofree char *case_id = create (f, "case", "title", "Testinen family", "status", "assessment",
                                     "team_id", team, "owner_id", owner, "pair_id", pair,
                                     "opened_on", pending, NULL);

  return create (f, "assessment", "case_id", case_id, "kind", kind, "pending_on", pending,
                 "started_on", started, "completed_on", completed, NULL);
}

#define CW "child_welfare_s26"
#define SW "social_welfare_s36"

/* ---- the second computation ---- */

static guint32
ref_day (MoniaRecord *record,
         const char  *field)
{
  GDate d;

  if (!monia_record_get_date (record, field, &d))
    return 0;
  return g_date_get_julian (&d);
}

/* The 7th working day, found one day at a time. */
static guint32
ref_seventh_working_day (MoniaCalendar *calendar,
                         guint32        pending)
{
  GDate d;
  guint n = 0;

  g_date_clear (&d, 1);
  g_date_set_julian (&d, pending);
  while (n < 7)
    {
      g_date_add_days (&d, 1);
      if (monia_calendar_is_working_day (calendar, &d))
        n++;
    }
  return g_date_get_julian (&d);
}

static guint
ref_working_days_after (MoniaCalendar *calendar,
                        guint32        from,
                        guint32        to)
{
  guint n = 0;

  for (guint32 j = from + 1; j <= to; j++)
    {
      GDate d;

      g_date_clear (&d, 1);
      g_date_set_julian (&d, j);
      if (monia_calendar_is_working_day (calendar, &d))
        n++;
    }
  return MAX (n, 1u);
}

/* GDate's own month arithmetic keeps to the month's last day: the rule. */
static guint32
ref_three_months (guint32 pending)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_julian (&d, pending);
  g_date_add_months (&d, 3);
  return g_date_get_julian (&d);
}

typedef enum { REF_ALL, REF_TEAM, REF_PAIR, REF_WORKER } RefScope;

/* Whether the case record belongs to the scope, read from records. */
static gboolean
ref_case_in_scope (MoniaStore  *store,
                   MoniaRecord *c,
                   RefScope     scope,
                   const char  *id)
{
  const char *pair_id = monia_record_get_string (c, "pair_id");

  switch (scope)
    {
    case REF_TEAM:
      return g_strcmp0 (monia_record_get_string (c, "team_id"), id) == 0;
    case REF_PAIR:
      return g_strcmp0 (pair_id, id) == 0;
    case REF_WORKER:
      if (g_strcmp0 (monia_record_get_string (c, "owner_id"), id) == 0)
        return TRUE;
      if (pair_id != NULL)
        {
          g_autoptr(MoniaRecord) pair = monia_store_get (store, "work_pair", pair_id, NULL);

          return pair != NULL && (g_strcmp0 (monia_record_get_string (pair, "first_id"), id) == 0 ||
                                  g_strcmp0 (monia_record_get_string (pair, "second_id"), id) == 0);
        }
      return FALSE;
    case REF_ALL:
    default:
      return TRUE;
    }
}

static void
ref_thl (MoniaStore     *store,
         RefScope        scope,
         const char     *id,
         const char     *from_iso,
         const char     *to_iso,
         const char     *as_of_iso,
         MoniaThlCounts *out)
{
  g_autoptr(GListModel) list = monia_store_list (store, "assessment");
  g_autoptr(MoniaCalendar) calendar = monia_calendar_new ();
  GDate from, to, as_of;

  memset (out, 0, sizeof *out);
  day (&from, from_iso);
  day (&to, to_iso);
  day (&as_of, as_of_iso);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(MoniaRecord) a = g_list_model_get_item (list, i);
      g_autoptr(MoniaRecord) c = NULL;
      guint32 pending = ref_day (a, "pending_on");
      guint32 started = ref_day (a, "started_on");
      guint32 completed = ref_day (a, "completed_on");

      if (g_strcmp0 (monia_record_get_string (a, "kind"), CW) != 0)
        continue;
      c = monia_store_get (store, "case", monia_record_get_string (a, "case_id"), NULL);
      if (c == NULL || !ref_case_in_scope (store, c, scope, id))
        continue;

      if (pending >= g_date_get_julian (&from) && pending <= g_date_get_julian (&to))
        {
          guint32 due = ref_seventh_working_day (calendar, pending);
          guint late = 0;

          out->became_pending++;
          if (started != 0 && started <= due)
            out->started_within_7++;
          else if (started != 0)
            {
              out->started_late++;
              late = ref_working_days_after (calendar, due, started);
            }
          else if (due >= g_date_get_julian (&as_of))
            out->not_started_within_limit++;
          else
            {
              out->not_started_late++;
              late = ref_working_days_after (calendar, due, g_date_get_julian (&as_of));
            }
          if (late > 0)
            out->start_late_by[late >= 15 ? 2 : late >= 8 ? 1 : 0]++;
        }
      if (completed != 0 && completed >= g_date_get_julian (&from) && completed <= g_date_get_julian (&to))
        {
          guint32 due = ref_three_months (pending);

          out->completed++;
          if (completed <= due)
            out->completed_within_3_months++;
          else
            {
              guint late = completed - due;

              out->completed_late++;
              out->completion_late_by[late >= 91 ? 2 : late >= 31 ? 1 : 0]++;
            }
        }
    }
}

static void
assert_counts_equal (const MoniaThlCounts *a,
                     const MoniaThlCounts *b)
{
  g_assert_cmpuint (a->became_pending, ==, b->became_pending);
  g_assert_cmpuint (a->started_within_7, ==, b->started_within_7);
  g_assert_cmpuint (a->started_late, ==, b->started_late);
  g_assert_cmpuint (a->not_started_within_limit, ==, b->not_started_within_limit);
  g_assert_cmpuint (a->not_started_late, ==, b->not_started_late);
  g_assert_cmpuint (a->completed, ==, b->completed);
  g_assert_cmpuint (a->completed_within_3_months, ==, b->completed_within_3_months);
  g_assert_cmpuint (a->completed_late, ==, b->completed_late);
  for (guint i = 0; i < MONIA_THL_N_LATE_BANDS; i++)
    {
      g_assert_cmpuint (a->start_late_by[i], ==, b->start_late_by[i]);
      g_assert_cmpuint (a->completion_late_by[i], ==, b->completion_late_by[i]);
    }
}

static MoniaThlReturn *
thl (MoniaReportData *data,
     guint            unit,
     const char      *from_iso,
     const char      *to_iso,
     const char      *as_of_iso)
{
  GDate from, to, as_of;

  day (&from, from_iso);
  day (&to, to_iso);
  day (&as_of, as_of_iso);
  return monia_thl_return_compute (data, unit, &from, &to, &as_of, NULL);
}

static MoniaReportData *
load (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  MoniaReportData *data = monia_report_data_load (f->store, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (data);
  return data;
}

static guint
unit_of (MoniaReportData *data,
         MoniaUnitKind    kind,
         const char      *id)
{
  gint u = monia_report_data_find_unit (data, kind, id);

  g_assert_cmpint (u, >=, 0);
  return (guint) u;
}

/* Every scope of the fixture and the demo: the region and each team,
 * pair and worker, against the reference. */
static void
assert_thl_matches_reference (MoniaStore      *store,
                              MoniaReportData *data,
                              const char      *from,
                              const char      *to,
                              const char      *as_of)
{
  g_autoptr(MoniaThlReturn) ret = thl (data, 0, from, to, as_of);
  MoniaThlCounts ref;

  ref_thl (store, REF_ALL, NULL, from, to, as_of, &ref);
  assert_counts_equal (&ret->counts, &ref);

  for (guint u = 1; u < monia_report_data_get_n_units (data); u++)
    {
      const MoniaReportUnit *unit = monia_report_data_get_unit (data, u);
      RefScope scope = unit->kind == MONIA_UNIT_TEAM ? REF_TEAM : unit->kind == MONIA_UNIT_PAIR ? REF_PAIR : REF_WORKER;
      g_autoptr(MoniaThlReturn) one = thl (data, u, from, to, as_of);

      ref_thl (store, scope, unit->id, from, to, as_of, &ref);
      assert_counts_equal (&ret->units[u], &ref);
      assert_counts_equal (&one->counts, &ref);
    }
}

/* ---- the THL return by hand ---- */

typedef struct
{
  char *a1, *a2, *b1, *b2, *g1, *g2, *h, *i, *n;
  char *c1, *c2, *d1, *d2, *e1, *e2, *f1, *f2, *j, *k, *out;
} Matters;

static void
matters_clear (Matters *m)
{
  char **all[] = { &m->a1, &m->a2, &m->b1, &m->b2, &m->g1, &m->g2, &m->h, &m->i, &m->n,
                   &m->c1, &m->c2, &m->d1, &m->d2, &m->e1, &m->e2, &m->f1, &m->f2, &m->j, &m->k, &m->out };

  for (guint x = 0; x < G_N_ELEMENTS (all); x++)
    g_clear_pointer (all[x], g_free);
}

/* The matters of the boundaries the issue lists (dates checked with an
 * independent calendar): the 7th working day across Easter, Midsummer and
 * Christmas, completions at month ends and in a leap year, starts after
 * the period's end, not started before and after the as-of day. */
static void
add_boundary_matters (Fixture *f,
                      Matters *m)
{
  g_autofree char *s36 = NULL, *gone = NULL;

  /* Easter 2025: Good Friday 18.4., Easter Monday 21.4.: pending Monday
   * 14.4., the 7th working day is Friday 25.4. */
  m->a1 = add_matter (f, f->team1, f->w1, f->pair, CW, "2025-04-14", "2025-04-25", NULL);
  m->a2 = add_matter (f, f->team1, f->w1, NULL, CW, "2025-04-14", "2025-04-28", NULL);
  /* Midsummer Eve 20.6.2025: pending 12.6., due Tuesday 24.6. */
  m->b1 = add_matter (f, f->team1, f->w1, f->pair, CW, "2025-06-12", "2025-06-24", NULL);
  m->b2 = add_matter (f, f->team1, f->w1, NULL, CW, "2025-06-12", "2025-06-25", NULL);
  /* Pending on the period's last Monday, decided after its end: due 8.10. */
  m->g1 = add_matter (f, f->team2, f->w3, NULL, CW, "2025-09-29", "2025-10-08", NULL);
  m->g2 = add_matter (f, f->team2, f->w3, NULL, CW, "2025-09-29", "2025-10-20", NULL);   /* 8 late */
  /* Not decided, due 30.9. */
  m->h = add_matter (f, f->team2, f->w3, NULL, CW, "2025-09-19", NULL, NULL);
  /* Ascension Day 29.5.2025 on the way: due 14.5., decided 10.6., 18 late */
  m->i = add_matter (f, f->team2, f->w3, NULL, CW, "2025-05-05", "2025-06-10", NULL);
  /* Pending on the period's last day, not decided */
  m->n = add_matter (f, f->team2, f->w3, NULL, CW, "2025-09-30", NULL, NULL);
  /* Not counted: another kind; a deleted one */
  s36 = add_matter (f, f->team2, f->w3, NULL, SW, "2025-05-05", NULL, NULL);
  gone = add_matter (f, f->team2, f->w3, NULL, CW, "2025-05-06", NULL, NULL);
  delete (f, "assessment", gone);

  /* Christmas 2024 (24.–26.12.), New Year's Day and Epiphany: pending
   * 19.12., due Friday 3.1.2025; decided on Tuesday 7.1. is 1 late. */
  m->c1 = add_matter (f, f->team1, f->w1, NULL, CW, "2024-12-19", "2025-01-03", NULL);
  m->c2 = add_matter (f, f->team1, f->w1, NULL, CW, "2024-12-19", "2025-01-07", NULL);
  /* 30 November + 3 months = 28 February 2025 … */
  m->d1 = add_matter (f, f->team1, f->w1, NULL, CW, "2024-11-30", "2024-12-05", "2025-02-28");
  m->d2 = add_matter (f, f->team1, f->w1, NULL, CW, "2024-11-30", "2024-12-05", "2025-03-01");
  /* … and 29 February in a leap year */
  m->e1 = add_matter (f, f->team1, f->w1, NULL, CW, "2023-11-30", "2023-12-01", "2024-02-29");
  m->e2 = add_matter (f, f->team1, f->w1, NULL, CW, "2023-11-30", "2023-12-01", "2024-03-01");
  /* 31 March + 3 months = 30 June */
  m->f1 = add_matter (f, f->team2, f->w3, NULL, CW, "2025-03-31", "2025-04-01", "2025-06-30");
  m->f2 = add_matter (f, f->team2, f->w3, NULL, CW, "2025-03-31", "2025-04-01", "2025-07-01");
  /* Late completions of 40 and 97 days */
  m->j = add_matter (f, f->team2, f->w3, NULL, CW, "2025-01-10", "2025-01-15", "2025-05-20");
  m->k = add_matter (f, f->team2, f->w3, NULL, CW, "2024-12-15", "2024-12-20", "2025-06-20");
  /* Pending the day before the period, decided on its first day */
  m->out = add_matter (f, f->team2, f->w3, NULL, CW, "2025-03-31", "2025-04-01", NULL);
}

static const MoniaThlLate *
find_late (MoniaThlReturn  *ret,
           MoniaReportData *data,
           const char      *assessment_id,
           MoniaThlLateKind kind)
{
  for (guint i = 0; i < ret->late->len; i++)
    {
      const MoniaThlLate *late = &g_array_index (ret->late, MoniaThlLate, i);

      if (late->kind == kind &&
          g_str_equal (monia_report_data_get_assessment (data, late->assessment)->id, assessment_id))
        return late;
    }
  return NULL;
}

static void
test_thl_boundaries (Fixture       *f,
                     gconstpointer  unused)
{
  g_autoptr(MoniaReportData) data = NULL;
  g_autoptr(MoniaThlReturn) ret = NULL;
  Matters m = { NULL };
  const MoniaThlLate *late;

  add_boundary_matters (f, &m);
  data = load (f);

  /* 1.4.–30.9.2025 as of its last day */
  ret = thl (data, 0, "2025-04-01", "2025-09-30", "2025-09-30");
  g_assert_cmpuint (ret->counts.became_pending, ==, 9);
  g_assert_cmpuint (ret->counts.started_within_7, ==, 3);          /* a1 b1 g1 */
  g_assert_cmpuint (ret->counts.started_late, ==, 4);              /* a2 b2 g2 i */
  g_assert_cmpuint (ret->counts.not_started_within_limit, ==, 2);  /* h (due today) n */
  g_assert_cmpuint (ret->counts.not_started_late, ==, 0);
  g_assert_cmpuint (ret->counts.start_late_by[0], ==, 2);
  g_assert_cmpuint (ret->counts.start_late_by[1], ==, 1);
  g_assert_cmpuint (ret->counts.start_late_by[2], ==, 1);
  g_assert_cmpuint (ret->counts.completed, ==, 4);                 /* f1 f2 j k */
  g_assert_cmpuint (ret->counts.completed_within_3_months, ==, 1);
  g_assert_cmpuint (ret->counts.completed_late, ==, 3);
  g_assert_cmpuint (ret->counts.completion_late_by[0], ==, 1);
  g_assert_cmpuint (ret->counts.completion_late_by[1], ==, 1);
  g_assert_cmpuint (ret->counts.completion_late_by[2], ==, 1);
  g_assert_cmpuint (ret->late->len, ==, 7);
  late = find_late (ret, data, m.a2, MONIA_THL_STARTED_LATE);
  g_assert_nonnull (late);
  g_assert_cmpuint (late->days_late, ==, 1);
  late = find_late (ret, data, m.g2, MONIA_THL_STARTED_LATE);
  g_assert_nonnull (late);
  g_assert_cmpuint (late->days_late, ==, 8);
  late = find_late (ret, data, m.i, MONIA_THL_STARTED_LATE);
  g_assert_nonnull (late);
  g_assert_cmpuint (late->days_late, ==, 18);
  late = find_late (ret, data, m.k, MONIA_THL_COMPLETED_LATE);
  g_assert_nonnull (late);
  g_assert_cmpuint (late->days_late, ==, 97);
  g_assert_null (find_late (ret, data, m.a1, MONIA_THL_STARTED_LATE));
  g_assert_null (find_late (ret, data, m.f1, MONIA_THL_COMPLETED_LATE));

  /* Per team, pair and worker */
  {
    guint t1 = unit_of (data, MONIA_UNIT_TEAM, f->team1), t2 = unit_of (data, MONIA_UNIT_TEAM, f->team2);
    guint p = unit_of (data, MONIA_UNIT_PAIR, f->pair), w2 = unit_of (data, MONIA_UNIT_WORKER, f->w2);
    guint w1 = unit_of (data, MONIA_UNIT_WORKER, f->w1);

    g_assert_cmpuint (ret->units[t1].became_pending, ==, 4);
    g_assert_cmpuint (ret->units[t1].started_within_7, ==, 2);
    g_assert_cmpuint (ret->units[t1].started_late, ==, 2);
    g_assert_cmpuint (ret->units[t2].became_pending, ==, 5);
    g_assert_cmpuint (ret->units[t2].not_started_within_limit, ==, 2);
    g_assert_cmpuint (ret->units[t2].completed, ==, 4);
    g_assert_cmpuint (ret->units[p].became_pending, ==, 2);
    g_assert_cmpuint (ret->units[p].started_within_7, ==, 2);
    g_assert_cmpuint (ret->units[w2].became_pending, ==, 2);   /* through the pair */
    g_assert_cmpuint (ret->units[w1].became_pending, ==, 4);
    g_clear_pointer (&ret, monia_thl_return_free);

    /* A team's return lists only its own late matters */
    ret = thl (data, t1, "2025-04-01", "2025-09-30", "2025-09-30");
    g_assert_cmpuint (ret->counts.became_pending, ==, 4);
    g_assert_cmpuint (ret->late->len, ==, 2);
    g_assert_nonnull (find_late (ret, data, m.b2, MONIA_THL_STARTED_LATE));
    g_clear_pointer (&ret, monia_thl_return_free);
  }

  /* The day after h's 7th working day it is late, by one */
  ret = thl (data, 0, "2025-04-01", "2025-09-30", "2025-10-01");
  g_assert_cmpuint (ret->counts.not_started_within_limit, ==, 1);
  g_assert_cmpuint (ret->counts.not_started_late, ==, 1);
  g_assert_cmpuint (ret->counts.start_late_by[0], ==, 3);
  late = find_late (ret, data, m.h, MONIA_THL_NOT_STARTED_LATE);
  g_assert_nonnull (late);
  g_assert_cmpuint (late->days_late, ==, 1);
  g_clear_pointer (&ret, monia_thl_return_free);

  /* 1.10.2024–31.3.2025: Christmas, and 28 February */
  ret = thl (data, 0, "2024-10-01", "2025-03-31", "2025-04-17");
  g_assert_cmpuint (ret->counts.became_pending, ==, 9);   /* c1 c2 d1 d2 f1 f2 j k out */
  g_assert_cmpuint (ret->counts.started_within_7, ==, 8);
  g_assert_cmpuint (ret->counts.started_late, ==, 1);
  g_assert_nonnull (find_late (ret, data, m.c2, MONIA_THL_STARTED_LATE));
  g_assert_cmpuint (ret->counts.completed, ==, 2);
  g_assert_cmpuint (ret->counts.completed_within_3_months, ==, 1);
  g_assert_cmpuint (ret->counts.completed_late, ==, 1);
  late = find_late (ret, data, m.d2, MONIA_THL_COMPLETED_LATE);
  g_assert_nonnull (late);
  g_assert_cmpuint (late->days_late, ==, 1);
  g_clear_pointer (&ret, monia_thl_return_free);

  /* 1.10.2023–31.3.2024: 29 February */
  ret = thl (data, 0, "2023-10-01", "2024-03-31", "2024-04-17");
  g_assert_cmpuint (ret->counts.became_pending, ==, 2);
  g_assert_cmpuint (ret->counts.completed, ==, 2);
  g_assert_cmpuint (ret->counts.completed_within_3_months, ==, 1);
  g_assert_nonnull (find_late (ret, data, m.e2, MONIA_THL_COMPLETED_LATE));
  g_assert_null (find_late (ret, data, m.e1, MONIA_THL_COMPLETED_LATE));
  g_clear_pointer (&ret, monia_thl_return_free);

  /* And the reference agrees everywhere */
  assert_thl_matches_reference (f->store, data, "2025-04-01", "2025-09-30", "2025-09-30");
  assert_thl_matches_reference (f->store, data, "2025-04-01", "2025-09-30", "2025-10-01");
  assert_thl_matches_reference (f->store, data, "2024-10-01", "2025-03-31", "2025-04-17");
  assert_thl_matches_reference (f->store, data, "2023-10-01", "2024-03-31", "2024-04-17");
  assert_thl_matches_reference (f->store, data, "2023-01-01", "2025-12-31", "2025-06-01");

  matters_clear (&m);
}

/* The Eves are a setting: with them working days, Midsummer's matter is
 * due a day earlier and b1's decision on 24.6. is late. */
static void
test_thl_eves_setting (Fixture       *f,
                       gconstpointer  unused)
{
  g_autoptr(MoniaCalendar) calendar = monia_calendar_new ();
  g_autoptr(MoniaReportData) data = NULL;
  g_autoptr(MoniaThlReturn) ret = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *b1 = add_matter (f, f->team1, f->w1, NULL, CW, "2025-06-12", "2025-06-24", NULL);
  GDate from, to;

  monia_calendar_set_eves_non_working (calendar, FALSE);
  data = monia_report_data_load (f->store, calendar, &error);
  g_assert_no_error (error);
  day (&from, "2025-04-01");
  day (&to, "2025-09-30");
  ret = monia_thl_return_compute (data, 0, &from, &to, &to, calendar);
  g_assert_cmpuint (ret->counts.started_late, ==, 1);
  day (&from, "2025-06-23");
  g_assert_cmpuint (monia_report_data_get_assessment (data, 0)->decision_due, ==, g_date_get_julian (&from));
}

static void
test_thl_periods (void)
{
  const struct { const char *day, *from, *to, *due; } cases[] = {
    { "2025-04-01", "2025-04-01", "2025-09-30", "2025-10-17" },
    { "2025-09-30", "2025-04-01", "2025-09-30", "2025-10-17" },
    { "2025-10-01", "2025-10-01", "2026-03-31", "2026-04-17" },
    { "2025-12-31", "2025-10-01", "2026-03-31", "2026-04-17" },
    { "2026-01-01", "2025-10-01", "2026-03-31", "2026-04-17" },
    { "2026-03-31", "2025-10-01", "2026-03-31", "2026-04-17" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate d, from, to, due;
      g_autofree char *a = NULL, *b = NULL, *c = NULL;

      day (&d, cases[i].day);
      monia_thl_period_of_day (&d, &from, &to, &due);
      a = monia_date_format_iso (&from);
      b = monia_date_format_iso (&to);
      c = monia_date_format_iso (&due);
      g_assert_cmpstr (a, ==, cases[i].from);
      g_assert_cmpstr (b, ==, cases[i].to);
      g_assert_cmpstr (c, ==, cases[i].due);
    }
}

static void
test_thl_json_csv_comment (Fixture       *f,
                           gconstpointer  unused)
{
  g_autoptr(MoniaReportData) data = NULL;
  g_autoptr(MoniaThlReturn) ret = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL, *csv = NULL, *comment = NULL;
  JsonObject *root;
  Matters m = { NULL };
  GDate from, to;

  add_boundary_matters (f, &m);
  data = load (f);
  ret = thl (data, 0, "2025-04-01", "2025-09-30", "2025-09-30");

  json = monia_thl_return_to_json (ret, data, "Kaksi työntekijää\nlomalla \"kesällä\"");
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "became_pending"), ==, 9);
  g_assert_cmpint (json_object_get_int_member (root, "started_within_7"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (root, "started_late"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (root, "not_started_within_limit"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (root, "not_started_late"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (root, "completed"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (root, "completed_within_3_months"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (root, "completed_late"), ==, 3);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (root, "started_within_7_percent"), 33.3, 1e-9);
  g_assert_cmpstr (json_object_get_string_member (root, "due"), ==, "2025-10-17");
  g_assert_cmpstr (json_object_get_string_member (root, "comment"), ==, "Kaksi työntekijää\nlomalla \"kesällä\"");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "late")), ==, 7);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "teams")), ==, 2);

  /* The spreadsheet: the region's line, the late ones, the comment, and a
   * comment that looks like a formula stays text */
  csv = monia_thl_return_to_csv (ret, data, "=HYPERLINK(\"x\")");
  g_assert_nonnull (strstr (csv, "Wellbeing services county,,9,3,33.3,4,2,0,2,1,1,4,1,25.0,3,1,1,1\r\n"));
  g_assert_nonnull (strstr (csv, "Team,Team North,4,2,50.0,2,0,0,2,0,0,0,0,,0,0,0,0\r\n"));
  g_assert_nonnull (strstr (csv, "\"'=HYPERLINK(\"\"x\"\")\""));
  g_assert_nonnull (strstr (csv, "Decided late,18,Testinen family,Tiina Työntekijä,2025-05-05,2025-05-14,2025-06-10,2025-08-05,\r\n"));

  /* The comment is kept with the period's return */
  day (&from, "2025-04-01");
  day (&to, "2025-09-30");
  g_assert_null (monia_thl_get_comment (f->store, &from, &to));
  g_assert_true (monia_thl_set_comment (f->store, &from, &to, "Tarkistettu", &error));
  g_assert_no_error (error);
  comment = monia_thl_get_comment (f->store, &from, &to);
  g_assert_cmpstr (comment, ==, "Tarkistettu");
  g_assert_false (monia_thl_set_comment (f->store, &from, &to, "\xff\xfe", &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);

  matters_clear (&m);
}

/* ---- the Team Overview's figures and caseloads ---- */

static void
add_child (Fixture    *f,
           const char *case_id,
           const char *person_id)
{
  g_autofree char *link = create (f, "case_person", "case_id", case_id, "person_id", person_id,
                                  "relation", "child", NULL);
}

static char *
add_case (Fixture    *f,
          const char *team,
          const char *owner,
          const char *pair,
          const char *opened,
          const char *closed)
{
  return create (f, "case", "title", "Virtanen family", "status", closed != NULL ? "closed" : "planning",
                 "team_id", team, "owner_id", owner, "pair_id", pair, "opened_on", opened,
                 "closed_on", closed, NULL);
}

static void
add_assessment (Fixture    *f,
                const char *case_id,
                const char *pending,
                const char *started)
{
  g_autofree char *id = create (f, "assessment", "case_id", case_id, "kind", CW, "pending_on", pending,
                                "started_on", started, NULL);
}

/* The second computation of a unit's figures: records, a day at a time. */
static void
ref_figures (MoniaStore       *store,
             RefScope          scope,
             const char       *id,
             const char       *today_iso,
             MoniaUnitFigures *out)
{
  g_autoptr(GListModel) cases = monia_store_list (store, "case");
  g_autoptr(MoniaCalendar) calendar = monia_calendar_new ();
  guint32 days[MONIA_CASELOAD_TREND_MONTHS];
  g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  GDate today;
  guint32 t, soon;

  memset (out, 0, sizeof *out);
  day (&today, today_iso);
  t = g_date_get_julian (&today);
  {
    GDate d = today;
    guint n = 0;

    while (n < 3)
      {
        g_date_add_days (&d, 1);
        n += monia_calendar_is_working_day (calendar, &d);
      }
    soon = g_date_get_julian (&d);
  }
  /* Month ends: the day before the first of the next month. */
  for (guint i = 0; i < MONIA_CASELOAD_TREND_MONTHS; i++)
    {
      GDate d;

      g_date_clear (&d, 1);
      g_date_set_dmy (&d, 1, g_date_get_month (&today), g_date_get_year (&today));
      g_date_subtract_months (&d, MONIA_CASELOAD_TREND_MONTHS - 1 - i);
      g_date_add_months (&d, 1);
      g_date_subtract_days (&d, 1);
      days[i] = MIN (g_date_get_julian (&d), t);
      g_ptr_array_add (children, g_hash_table_new (g_str_hash, g_str_equal));
    }

  for (guint i = 0; i < g_list_model_get_n_items (cases); i++)
    {
      g_autoptr(MoniaRecord) c = g_list_model_get_item (cases, i);
      g_autoptr(GPtrArray) assessments = NULL;
      g_autoptr(GPtrArray) links = NULL;
      guint32 opened = ref_day (c, "opened_on"), closed = ref_day (c, "closed_on");
      gboolean status_closed = g_strcmp0 (monia_record_get_string (c, "status"), "closed") == 0;

      if (!ref_case_in_scope (store, c, scope, id))
        continue;
      links = monia_store_find (store, "case_person", "case_id", monia_record_get_id (c), NULL);
      for (guint k = 0; k < MONIA_CASELOAD_TREND_MONTHS; k++)
        {
          gboolean open = (opened == 0 || opened <= days[k]) &&
                          (closed != 0 ? closed > days[k] : !status_closed);

          for (guint l = 0; open && l < links->len; l++)
            if (g_strcmp0 (monia_record_get_string (g_ptr_array_index (links, l), "relation"), "child") == 0)
              g_hash_table_add (g_ptr_array_index (children, k),
                                (gpointer) g_intern_string (monia_record_get_string (g_ptr_array_index (links, l),
                                                                                     "person_id")));
        }
      if (!((opened == 0 || opened <= t) && (closed != 0 ? closed > t : !status_closed)))
        continue;
      out->counts[MONIA_FIGURE_OPEN_CASES]++;
      assessments = monia_store_find (store, "assessment", "case_id", monia_record_get_id (c), NULL);
      for (guint k = 0; k < assessments->len; k++)
        {
          MoniaRecord *a = g_ptr_array_index (assessments, k);
          guint32 pending = ref_day (a, "pending_on");
          guint32 decision = ref_seventh_working_day (calendar, pending);
          guint32 completion = ref_three_months (pending);

          if (ref_day (a, "completed_on") != 0)
            continue;
          if (ref_day (a, "started_on") == 0)
            {
              out->counts[MONIA_FIGURE_DECISION_DUE_TODAY] += decision == t;
              out->counts[MONIA_FIGURE_DECISION_DUE_SOON] += decision > t && decision <= soon;
              out->counts[MONIA_FIGURE_DECISION_LATE] += decision < t;
            }
          out->counts[MONIA_FIGURE_COMPLETION_DUE_SOON] += completion >= t && completion <= t + 14;
          out->counts[MONIA_FIGURE_COMPLETION_LATE] += completion < t;
        }
    }
  for (guint k = 0; k < MONIA_CASELOAD_TREND_MONTHS; k++)
    out->children[k] = g_hash_table_size (g_ptr_array_index (children, k));
}

static void
assert_figures_match_reference (MoniaStore      *store,
                                MoniaReportData *data,
                                const char      *today_iso)
{
  g_autofree MoniaUnitFigures *figures = NULL;
  GDate today;

  day (&today, today_iso);
  figures = monia_report_compute_figures (data, &today, NULL);
  for (guint u = 0; u < monia_report_data_get_n_units (data); u++)
    {
      const MoniaReportUnit *unit = monia_report_data_get_unit (data, u);
      RefScope scope = unit->kind == MONIA_UNIT_REGION ? REF_ALL : unit->kind == MONIA_UNIT_TEAM ? REF_TEAM
                       : unit->kind == MONIA_UNIT_PAIR ? REF_PAIR : REF_WORKER;
      MoniaUnitFigures ref;

      ref_figures (store, scope, unit->id, today_iso, &ref);
      for (guint k = 0; k < MONIA_N_FIGURES; k++)
        g_assert_cmpuint (figures[u].counts[k], ==, ref.counts[k]);
      for (guint k = 0; k < MONIA_CASELOAD_TREND_MONTHS; k++)
        g_assert_cmpuint (figures[u].children[k], ==, ref.children[k]);

      /* What is behind each figure is as many as it says */
      for (guint k = 0; k < MONIA_N_FIGURES; k++)
        {
          g_autoptr(GArray) behind = monia_report_list_figure (data, u, k, &today);

          g_assert_cmpuint (behind->len, ==, figures[u].counts[k]);
        }
    }
}

static void
test_figures (Fixture       *f,
              gconstpointer  unused)
{
  g_autoptr(MoniaReportData) data = NULL;
  g_autofree MoniaUnitFigures *figures = NULL;
  g_autofree char *x = NULL, *y = NULL, *z = NULL, *old = NULL;
  g_autofree char *c1 = NULL, *c2 = NULL, *c3 = NULL, *c4 = NULL;
  guint32 days[MONIA_CASELOAD_TREND_MONTHS];
  GDate today;
  guint w1, w2, w3, t1, region;

  c1 = create (f, "person", "name", "Aino", NULL);
  c2 = create (f, "person", "name", "Eino", NULL);
  c3 = create (f, "person", "name", "Helmi", NULL);
  c4 = create (f, "person", "name", "Onni", NULL);

  /* Today is Tuesday 17.6.2025; Midsummer Eve is Friday. */
  x = add_case (f, f->team1, f->w1, f->pair, "2025-01-10", NULL);
  add_child (f, x, c1);
  add_child (f, x, c2);
  add_assessment (f, x, "2025-06-06", NULL);       /* decision due today */
  add_assessment (f, x, "2025-06-09", NULL);       /* due 18.6.: soon */
  add_assessment (f, x, "2025-06-13", NULL);       /* due 25.6.: past the 3 working days */
  add_assessment (f, x, "2025-06-05", NULL);       /* due 16.6.: late */
  y = add_case (f, f->team1, f->w1, NULL, "2025-05-10", NULL);
  add_child (f, y, c2);                            /* the same child in two cases */
  add_child (f, y, c3);
  add_assessment (f, y, "2025-03-17", "2025-03-20");   /* completion due today: soon */
  add_assessment (f, y, "2025-04-01", "2025-04-03");   /* due 1.7.: soon */
  add_assessment (f, y, "2025-04-02", "2025-04-03");   /* due 2.7.: not yet */
  add_assessment (f, y, "2025-03-16", "2025-03-18");   /* due 16.6.: late */
  z = add_case (f, f->team2, f->w3, NULL, "2025-02-01", "2025-06-01");
  add_child (f, z, c4);
  add_assessment (f, z, "2025-01-02", NULL);        /* closed case: not counted */
  old = add_case (f, f->team1, f->w1, NULL, "2024-12-01", "2025-04-15");
  add_child (f, old, c4);

  data = load (f);
  day (&today, "2025-06-17");
  figures = monia_report_compute_figures (data, &today, days);
  w1 = unit_of (data, MONIA_UNIT_WORKER, f->w1);
  w2 = unit_of (data, MONIA_UNIT_WORKER, f->w2);
  w3 = unit_of (data, MONIA_UNIT_WORKER, f->w3);
  t1 = unit_of (data, MONIA_UNIT_TEAM, f->team1);
  region = 0;

  g_assert_cmpuint (figures[w1].counts[MONIA_FIGURE_DECISION_DUE_TODAY], ==, 1);
  g_assert_cmpuint (figures[w1].counts[MONIA_FIGURE_DECISION_DUE_SOON], ==, 1);
  g_assert_cmpuint (figures[w1].counts[MONIA_FIGURE_DECISION_LATE], ==, 1);
  g_assert_cmpuint (figures[w1].counts[MONIA_FIGURE_COMPLETION_DUE_SOON], ==, 2);
  g_assert_cmpuint (figures[w1].counts[MONIA_FIGURE_COMPLETION_LATE], ==, 1);
  g_assert_cmpuint (figures[w1].counts[MONIA_FIGURE_OPEN_CASES], ==, 2);
  /* Caseload: c1, c2, c3 (c2 counts once) */
  g_assert_cmpuint (figures[w1].children[MONIA_CASELOAD_TREND_MONTHS - 1], ==, 3);
  /* The pair's other member carries case x's two */
  g_assert_cmpuint (figures[w2].children[MONIA_CASELOAD_TREND_MONTHS - 1], ==, 2);
  g_assert_cmpuint (figures[w2].counts[MONIA_FIGURE_DECISION_DUE_TODAY], ==, 1);
  g_assert_cmpuint (figures[w3].counts[MONIA_FIGURE_OPEN_CASES], ==, 0);
  g_assert_cmpuint (figures[w3].children[MONIA_CASELOAD_TREND_MONTHS - 1], ==, 0);
  g_assert_cmpuint (figures[t1].counts[MONIA_FIGURE_DECISION_LATE], ==, 1);
  g_assert_cmpuint (figures[region].counts[MONIA_FIGURE_OPEN_CASES], ==, 2);

  /* The trend: 31.1. 28.2. 31.3. 30.4. 31.5. 17.6. */
  {
    static const char *expected_days[] = { "2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30",
                                           "2025-05-31", "2025-06-17" };
    /* w1: x from 10.1. (c1 c2), old until 15.4. (c4), y from 10.5. (c2 c3) */
    static const guint expected_w1[] = { 3, 3, 3, 2, 3, 3 };
    /* w3: z open 1.2.–1.6. */
    static const guint expected_w3[] = { 0, 1, 1, 1, 1, 0 };

    for (guint i = 0; i < MONIA_CASELOAD_TREND_MONTHS; i++)
      {
        char buf[16];

        g_assert_cmpstr (monia_report_format_day (days[i], buf), ==, expected_days[i]);
        g_assert_cmpuint (figures[w1].children[i], ==, expected_w1[i]);
        g_assert_cmpuint (figures[w3].children[i], ==, expected_w3[i]);
      }
  }

  /* Behind "decision late": case x's matter of 5.6. */
  {
    g_autoptr(GArray) behind = monia_report_list_figure (data, w1, MONIA_FIGURE_DECISION_LATE, &today);
    const MoniaReportAssessment *a;

    g_assert_cmpuint (behind->len, ==, 1);
    a = monia_report_data_get_assessment (data, g_array_index (behind, guint, 0));
    g_assert_cmpstr (monia_report_data_get_case (data, a->case_index)->id, ==, x);
  }

  assert_figures_match_reference (f->store, data, "2025-06-17");
  assert_figures_match_reference (f->store, data, "2025-06-23");
  assert_figures_match_reference (f->store, data, "2025-03-31");

  /* The caseload as monia-ctl prints it */
  {
    g_autofree char *json = monia_report_caseload_to_json (data, &today, 2);
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonArray *workers;
    gboolean found = FALSE;

    g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)), "cap"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)),
                                                 "workers_over_cap"), ==, 1);
    workers = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "workers");
    for (guint i = 0; i < json_array_get_length (workers); i++)
      {
        JsonObject *w = json_array_get_object_element (workers, i);

        if (g_strcmp0 (json_object_get_string_member (w, "id"), f->w1) == 0)
          {
            found = TRUE;
            g_assert_cmpint (json_object_get_int_member (w, "children"), ==, 3);
            g_assert_true (json_object_get_boolean_member (w, "over_cap"));
            g_assert_cmpuint (json_array_get_length (json_object_get_array_member (w, "trend")), ==, 6);
          }
      }
    g_assert_true (found);
  }
}

/* ---- the lead's view ---- */

static void
test_lead_feed (Fixture       *f,
                gconstpointer  unused)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(MoniaReportData) data = NULL;
  g_autoptr(MoniaThlReturn) ret = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *feed = g_strdup_printf (
    "{\"team_id\":\"%s\",\"cases\":["
    "{\"id\":\"0190a5b4-0000-7000-8000-000000000001\",\"status\":\"assessment\",\"opened_on\":\"2025-04-14\","
    " \"owner_id\":\"%s\",\"pair_id\":\"%s\",\"team_id\":\"%s\",\"child_keys\":[\"k1\",\"k2\"],"
    " \"assessments\":[{\"id\":\"0190a5b4-0000-7000-8000-0000000000a1\",\"kind\":\"child_welfare_s26\","
    "   \"pending_on\":\"2025-04-14\",\"started_on\":\"2025-04-28\"}]},"
    "{\"id\":\"0190a5b4-0000-7000-8000-000000000002\",\"status\":\"closed\",\"closed_on\":\"2025-05-01\","
    " \"owner_id\":\"%s\",\"child_keys\":[\"k2\"],\"assessments\":[]},"
    "{\"no id\":1}, 7],"
    "\"help_requests\":[{\"id\":\"0190a5b4-0000-7000-8000-0000000000f1\",\"channel\":\"web\","
    " \"received_at\":1750000000,\"due_at\":1750100000}]}",
    f->team1, f->w1, f->pair, f->team1, f->w2);
  GDate today;

  g_assert_true (json_parser_load_from_data (parser, feed, -1, &error));
  data = monia_report_data_new_from_lead_feed (json_parser_get_root (parser), f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (monia_report_data_has_contents (data));
  g_assert_cmpuint (monia_report_data_get_n_cases (data), ==, 2);
  /* No title in this feed: none made up. */
  g_assert_null (monia_report_data_get_case (data, 0)->title);
  g_assert_cmpuint (monia_report_data_get_n_children (data, 0), ==, 2);
  /* Only the lead's team: its workers and pair, not the other team */
  g_assert_cmpint (monia_report_data_find_unit (data, MONIA_UNIT_TEAM, f->team1), >, 0);
  g_assert_cmpint (monia_report_data_find_unit (data, MONIA_UNIT_TEAM, f->team2), <, 0);
  g_assert_cmpint (monia_report_data_find_unit (data, MONIA_UNIT_WORKER, f->w3), <, 0);
  g_assert_cmpstr (monia_report_data_get_unit (data, unit_of (data, MONIA_UNIT_PAIR, f->pair))->name, ==,
                   "Sanna Sosiaalityö and Pekka Psykiatri");

  ret = thl (data, unit_of (data, MONIA_UNIT_TEAM, f->team1), "2025-04-01", "2025-09-30", "2025-09-30");
  g_assert_cmpuint (ret->counts.became_pending, ==, 1);
  g_assert_cmpuint (ret->counts.started_late, ==, 1);

  day (&today, "2025-06-12");
  {
    g_autoptr(GArray) late = monia_report_list_late_requests (data, 1750100001);

    g_assert_cmpuint (late->len, ==, 1);
    g_clear_pointer (&late, g_array_unref);
    late = monia_report_list_late_requests (data, 1750099999);
    g_assert_cmpuint (late->len, ==, 0);
  }

  /* Not a feed */
  g_assert_true (json_parser_load_from_data (parser, "[1,2]", -1, NULL));
  g_assert_null (monia_report_data_new_from_lead_feed (json_parser_get_root (parser), NULL, NULL, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
}

/* ---- the scorecard ---- */

static gint64
helsinki (int year, int month, int d, int hour, int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Helsinki");
  g_autoptr(GDateTime) dt = g_date_time_new (tz, year, month, d, hour, minute, 0);

  return g_date_time_to_unix (dt);
}

static void
add_request (Fixture    *f,
             const char *channel,
             gint64      received_at,
             const char *outcome,
             const char *service_id,
             gboolean    outside)
{
  g_autoptr(MoniaMutation) m = monia_mutation_new_create ("help_request");
  g_autoptr(GError) error = NULL;

  monia_mutation_set_string (m, "channel", channel);
  monia_mutation_set_int (m, "received_at", received_at);
  if (outcome != NULL)
    monia_mutation_set_string (m, "outcome", outcome);
  if (service_id != NULL)
    monia_mutation_set_string (m, "service_id", service_id);
  if (outside)
    monia_mutation_set_bool (m, "from_outside_area", TRUE);
  g_assert_true (monia_store_apply_one (f->store, m, &error));
  g_assert_no_error (error);
}

static void
add_feedback (Fixture    *f,
              const char *case_id,
              const char *got_help,
              gint64      recommend,
              const char *given_on)
{
  g_autoptr(MoniaMutation) m = monia_mutation_new_create ("feedback");
  g_autoptr(GError) error = NULL;

  monia_mutation_set_string (m, "case_id", case_id);
  monia_mutation_set_string (m, "got_help", got_help);
  if (recommend >= 0)
    monia_mutation_set_int (m, "recommend", recommend);
  monia_mutation_set_string (m, "given_on", given_on);
  g_assert_true (monia_store_apply_one (f->store, m, &error));
  g_assert_no_error (error);
}

/* The second computation: records, each request's day by GDateTime. */
static void
ref_scorecard (MoniaStore           *store,
               const char           *from_iso,
               const char           *to_iso,
               MoniaScorecardPeriod *out)
{
  g_autoptr(GListModel) feedback = monia_store_list (store, "feedback");
  g_autoptr(GListModel) requests = monia_store_list (store, "help_request");
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Helsinki");

  memset (out, 0, sizeof *out);
  for (guint i = 0; i < g_list_model_get_n_items (feedback); i++)
    {
      g_autoptr(MoniaRecord) r = g_list_model_get_item (feedback, i);
      const char *given = monia_record_get_string (r, "given_on");
      const char *got = monia_record_get_string (r, "got_help");

      if (given == NULL || strcmp (given, from_iso) < 0 || strcmp (given, to_iso) > 0)
        continue;
      out->got_help_yes += g_strcmp0 (got, "yes") == 0;
      out->got_help_partly += g_strcmp0 (got, "partly") == 0;
      out->got_help_no += g_strcmp0 (got, "no") == 0;
      if (monia_record_get (r, "recommend") != NULL)
        {
          out->n_recommend++;
          out->recommend_sum += (guint64) monia_record_get_int (r, "recommend", 0);
        }
    }
  for (guint i = 0; i < g_list_model_get_n_items (requests); i++)
    {
      g_autoptr(MoniaRecord) r = g_list_model_get_item (requests, i);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (monia_record_get_int (r, "received_at", 0));
      g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
      g_autofree char *local_day = g_date_time_format (local, "%Y-%m-%d");
      const char *outcome = monia_record_get_string (r, "outcome");
      const char *service_id = monia_record_get_string (r, "service_id");

      if (strcmp (local_day, from_iso) < 0 || strcmp (local_day, to_iso) > 0)
        continue;
      out->help_requests++;
      if (service_id != NULL)
        {
          g_autoptr(MoniaRecord) service = monia_store_get (store, "service", service_id, NULL);
          const char *sector = service ? monia_record_get_string (service, "sector") : NULL;

          out->guided[MONIA_SECTOR_DIGITAL] += g_strcmp0 (sector, "digital") == 0;
          out->guided[MONIA_SECTOR_MUNICIPAL] += g_strcmp0 (sector, "municipal") == 0;
          out->guided[MONIA_SECTOR_PARISH] += g_strcmp0 (sector, "parish") == 0;
          out->guided[MONIA_SECTOR_THIRD_SECTOR] += g_strcmp0 (sector, "third_sector") == 0;
          out->guided[MONIA_SECTOR_PUBLIC] += g_strcmp0 (sector, "public") == 0;
        }
      if (outcome == NULL)
        out->open++;
      else if (g_str_equal (outcome, "case"))
        out->to_case++;
      else
        out->other_outcomes++;
      if (g_strcmp0 (monia_record_get_string (r, "channel"), "consultation") == 0)
        {
          out->consultations++;
          out->consultations_outside_area += monia_record_get_bool (r, "from_outside_area");
        }
    }
}

static void
assert_period_equal (const MoniaScorecardPeriod *a,
                     const MoniaScorecardPeriod *b)
{
  g_assert_cmpuint (a->got_help_yes, ==, b->got_help_yes);
  g_assert_cmpuint (a->got_help_partly, ==, b->got_help_partly);
  g_assert_cmpuint (a->got_help_no, ==, b->got_help_no);
  g_assert_cmpuint (a->n_recommend, ==, b->n_recommend);
  g_assert_cmpuint (a->recommend_sum, ==, b->recommend_sum);
  g_assert_cmpuint (a->help_requests, ==, b->help_requests);
  for (guint s = 0; s < MONIA_N_SECTORS; s++)
    g_assert_cmpuint (a->guided[s], ==, b->guided[s]);
  g_assert_cmpuint (a->to_case, ==, b->to_case);
  g_assert_cmpuint (a->other_outcomes, ==, b->other_outcomes);
  g_assert_cmpuint (a->open, ==, b->open);
  g_assert_cmpuint (a->consultations, ==, b->consultations);
  g_assert_cmpuint (a->consultations_outside_area, ==, b->consultations_outside_area);
}

static void
assert_scorecard_matches_reference (MoniaStore *store,
                                    const char *from_iso,
                                    const char *to_iso)
{
  g_autoptr(MoniaScorecard) card = NULL;
  g_autoptr(GError) error = NULL;
  MoniaScorecardPeriod ref;
  GDate from, to;

  day (&from, from_iso);
  day (&to, to_iso);
  card = monia_scorecard_compute (store, &from, &to, &error);
  g_assert_no_error (error);
  ref_scorecard (store, from_iso, to_iso, &ref);
  assert_period_equal (&card->total, &ref);
  for (guint k = 0; k < 3; k++)
    {
      GPtrArray *periods = (GPtrArray *[]) { card->months, card->quarters, card->half_years }[k];

      for (guint i = 0; i < periods->len; i++)
        {
          MoniaScorecardPeriod *p = g_ptr_array_index (periods, i);
          g_autofree char *a = monia_date_format_iso (&p->from);
          g_autofree char *b = monia_date_format_iso (&p->to);

          ref_scorecard (store, a, b, &ref);
          assert_period_equal (p, &ref);
        }
    }
}

static void
test_scorecard (Fixture       *f,
                gconstpointer  unused)
{
  g_autofree char *digital = create (f, "service", "name", "Digital family centre", "sector", "digital", NULL);
  g_autofree char *parish = create (f, "service", "name", "Parish club", "sector", "parish", NULL);
  g_autofree char *ngo = create (f, "service", "name", "Peer group", "sector", "third_sector", NULL);
  g_autofree char *municipal = create (f, "service", "name", "Youth work", "sector", "municipal", NULL);
  g_autofree char *case_id = add_case (f, f->team1, f->w1, NULL, "2025-01-01", "2025-03-31");
  g_autoptr(MoniaScorecard) card = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  MoniaScorecardPeriod *march, *april;
  JsonObject *root;
  GDate from, to;

  add_feedback (f, case_id, "yes", 9, "2025-03-31");
  add_feedback (f, case_id, "yes", 10, "2025-04-01");
  add_feedback (f, case_id, "partly", 6, "2025-04-15");
  add_feedback (f, case_id, "no", -1, "2025-04-30");
  add_feedback (f, case_id, "yes", 8, "2025-05-01");   /* after the range */

  /* Late on 31.3. in Finland is still March (UTC+3 from 30.3.)… */
  add_request (f, "web", helsinki (2025, 3, 31, 23, 30), "service", digital, FALSE);
  /* … and ten past midnight on 1.4. is April, though 31.3. in UTC */
  add_request (f, "consultation", helsinki (2025, 4, 1, 0, 10), "service", parish, TRUE);
  add_request (f, "consultation", helsinki (2025, 4, 2, 9, 0), "service", ngo, FALSE);
  add_request (f, "callback", helsinki (2025, 4, 3, 9, 0), "service", municipal, FALSE);
  add_request (f, "notification", helsinki (2025, 4, 4, 9, 0), "case", NULL, FALSE);
  add_request (f, "web", helsinki (2025, 4, 5, 9, 0), "advice", NULL, FALSE);
  add_request (f, "phone", helsinki (2025, 4, 30, 23, 59), NULL, NULL, FALSE);
  add_request (f, "web", helsinki (2025, 5, 1, 0, 0), "advice", NULL, FALSE);   /* after the range */

  day (&from, "2025-03-01");
  day (&to, "2025-04-30");
  card = monia_scorecard_compute (f->store, &from, &to, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (card->total.got_help_yes, ==, 2);
  g_assert_cmpuint (card->total.got_help_partly, ==, 1);
  g_assert_cmpuint (card->total.got_help_no, ==, 1);
  g_assert_cmpuint (card->total.n_recommend, ==, 3);
  g_assert_cmpfloat_with_epsilon (monia_scorecard_period_recommend_mean (&card->total), 8.3, 1e-9);
  g_assert_cmpuint (card->total.help_requests, ==, 7);
  g_assert_cmpuint (card->months->len, ==, 2);
  march = g_ptr_array_index (card->months, 0);
  april = g_ptr_array_index (card->months, 1);
  g_assert_cmpstr (march->label, ==, "2025-03");
  g_assert_cmpuint (march->help_requests, ==, 1);
  g_assert_cmpuint (march->guided[MONIA_SECTOR_DIGITAL], ==, 1);
  g_assert_cmpuint (april->help_requests, ==, 6);
  g_assert_cmpuint (april->guided[MONIA_SECTOR_PARISH], ==, 1);
  g_assert_cmpuint (april->consultations, ==, 2);
  g_assert_cmpuint (april->consultations_outside_area, ==, 1);
  g_assert_cmpuint (april->to_case, ==, 1);
  g_assert_cmpuint (april->other_outcomes, ==, 4);
  g_assert_cmpuint (april->open, ==, 1);
  g_assert_cmpuint (card->quarters->len, ==, 2);
  g_assert_cmpstr (((MoniaScorecardPeriod *) g_ptr_array_index (card->quarters, 1))->label, ==, "2025-Q2");
  g_assert_cmpuint (card->half_years->len, ==, 1);

  json = monia_scorecard_to_json (card);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "got_help_yes"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (root, "guided_digital"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (root, "guided_municipal"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (root, "guided_parish"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (root, "guided_third_sector"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (root, "consultations"), ==, 2);
  g_assert_nonnull (strstr (json, "\"recommend_mean\":8.3,"));

  assert_scorecard_matches_reference (f->store, "2025-03-01", "2025-04-30");
  assert_scorecard_matches_reference (f->store, "2025-03-31", "2025-04-01");
  assert_scorecard_matches_reference (f->store, "2024-01-01", "2025-12-31");

  /* A range the wrong way round is refused */
  g_clear_pointer (&card, monia_scorecard_free);
  card = monia_scorecard_compute (f->store, &to, &from, &error);
  g_assert_null (card);
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
}

/* ---- everything against the reference on demo data ---- */

static void
test_demo_against_reference (Fixture       *f,
                             gconstpointer  unused)
{
  g_autoptr(MoniaReportData) data = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("MONIA_DEMO_TODAY", "2025-10-20", TRUE);
  g_assert_true (monia_demo_generate (f->store, 150, 7, NULL, NULL, &error));
  g_assert_no_error (error);
  g_unsetenv ("MONIA_DEMO_TODAY");
  data = load (f);
  g_assert_cmpuint (monia_report_data_get_n_cases (data), ==, 150);

  assert_thl_matches_reference (f->store, data, "2025-04-01", "2025-09-30", "2025-10-17");
  assert_thl_matches_reference (f->store, data, "2024-10-01", "2025-03-31", "2025-04-17");
  assert_figures_match_reference (f->store, data, "2025-10-20");
  assert_figures_match_reference (f->store, data, "2025-09-30");
  assert_scorecard_matches_reference (f->store, "2025-01-01", "2025-10-20");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/report/thl/boundaries", test_thl_boundaries);
  ADD ("/report/thl/eves-setting", test_thl_eves_setting);
  g_test_add_func ("/report/thl/periods", test_thl_periods);
  ADD ("/report/thl/json-csv-comment", test_thl_json_csv_comment);
  ADD ("/report/figures", test_figures);
  ADD ("/report/lead-feed", test_lead_feed);
  ADD ("/report/scorecard", test_scorecard);
  ADD ("/report/demo-against-reference", test_demo_against_reference);
#undef ADD

  return g_test_run ();
}
