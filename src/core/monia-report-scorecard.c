/* monia-report-scorecard.c — the service scorecard of family guidance
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Client: "Did you get the help you sought?" and "Would you recommend…?",
 * counted by the day the feedback was given. Process and economy: where
 * help requests were guided (the sector of the catalogue service chosen at
 * triage), to a case or otherwise. Staff: professionals' consultation
 * calls, from outside the wellbeing services county too. Help requests are
 * counted by the day they arrived in Finland (Europe/Helsinki), whatever
 * the computer's time zone. By month, quarter and half-year.
 */
#define G_LOG_DOMAIN "monia-report"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "monia-error.h"
#include "monia-report-private.h"
#include "monia-store-private.h"

static MoniaScorecardPeriod *
period_new (const char *label,
            guint32     from,
            guint32     to)
{
  MoniaScorecardPeriod *period = g_new0 (MoniaScorecardPeriod, 1);

  period->label = g_strdup (label);
  g_date_clear (&period->from, 1);
  g_date_clear (&period->to, 1);
  g_date_set_julian (&period->from, from);
  g_date_set_julian (&period->to, to);
  return period;
}

static void
period_free (MoniaScorecardPeriod *period)
{
  g_free (period->label);
  g_free (period);
}

void
monia_scorecard_free (MoniaScorecard *self)
{
  if (self == NULL)
    return;
  g_free (self->total.label);
  g_clear_pointer (&self->months, g_ptr_array_unref);
  g_clear_pointer (&self->quarters, g_ptr_array_unref);
  g_clear_pointer (&self->half_years, g_ptr_array_unref);
  g_free (self);
}

double
monia_scorecard_period_recommend_mean (const MoniaScorecardPeriod *period)
{
  g_return_val_if_fail (period != NULL, -1.0);

  if (period->n_recommend == 0)
    return -1.0;
  /* Rounded to one decimal, half up. */
  return (double) ((period->recommend_sum * 20 + period->n_recommend) / (2 * (guint64) period->n_recommend)) / 10.0;
}

/* The periods of one length (@months_each months, starting in January)
 * that the range touches, cut to the range. */
static GPtrArray *
make_periods (guint32 first,
              guint32 last,
              guint   months_each)
{
  GPtrArray *periods = g_ptr_array_new_with_free_func ((GDestroyNotify) period_free);
  GDate start, day;

  g_date_clear (&day, 1);
  g_date_set_julian (&day, first);
  g_date_clear (&start, 1);
  g_date_set_dmy (&start, 1, (GDateMonth) (((g_date_get_month (&day) - 1) / months_each) * months_each + 1),
                  g_date_get_year (&day));

  while (g_date_get_julian (&start) <= last)
    {
      GDate next = start;
      g_autofree char *label = NULL;
      guint index = (g_date_get_month (&start) - 1) / months_each + 1;

      g_date_add_months (&next, months_each);
      if (months_each == 1)
        label = g_strdup_printf ("%04u-%02u", g_date_get_year (&start), g_date_get_month (&start));
      else if (months_each == 3)
        label = g_strdup_printf ("%04u-Q%u", g_date_get_year (&start), index);
      else
        label = g_strdup_printf ("%04u-H%u", g_date_get_year (&start), index);
      g_ptr_array_add (periods, period_new (label, MAX (first, g_date_get_julian (&start)),
                                            MIN (last, g_date_get_julian (&next) - 1)));
      start = next;
    }
  return periods;
}

/* The period of @periods that holds @day (they are in order and touch). */
static MoniaScorecardPeriod *
find_period (GPtrArray *periods,
             guint32    day)
{
  guint lo = 0, hi = periods->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      MoniaScorecardPeriod *p = g_ptr_array_index (periods, mid);

      if (day < g_date_get_julian (&p->from))
        hi = mid;
      else if (day > g_date_get_julian (&p->to))
        lo = mid + 1;
      else
        return p;
    }
  return NULL;
}

typedef struct
{
  MoniaScorecard *card;
  MoniaScorecardPeriod *hits[4];
} Targets;

static void
targets_for_day (Targets *t,
                 guint32  day)
{
  t->hits[0] = &t->card->total;
  t->hits[1] = find_period (t->card->months, day);
  t->hits[2] = find_period (t->card->quarters, day);
  t->hits[3] = find_period (t->card->half_years, day);
}

static guint32
parse_day_text (const char *text)
{
  GDate date;

  if (text == NULL || !monia_date_parse_iso (text, &date, NULL))
    return 0;
  return g_date_get_julian (&date);
}

static gboolean
count_feedback (MoniaScorecard  *card,
                sqlite3         *db,
                guint32          first,
                guint32          last,
                GError         **error)
{
  sqlite3_stmt *stmt = NULL;
  char from[16], to[16];
  Targets t = { card };
  int rc;

  rc = sqlite3_prepare_v2 (db, "SELECT got_help, recommend, given_on FROM feedback"
                               " WHERE deleted = 0 AND given_on BETWEEN ?1 AND ?2", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, monia_report_format_day (first, from), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, monia_report_format_day (last, to), -1, SQLITE_TRANSIENT);
    }
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *got_help = (const char *) sqlite3_column_text (stmt, 0);
      guint32 day = parse_day_text ((const char *) sqlite3_column_text (stmt, 2));
      gboolean has_recommend = sqlite3_column_type (stmt, 1) == SQLITE_INTEGER;
      gint64 recommend = sqlite3_column_int64 (stmt, 1);

      rc = SQLITE_OK;
      if (day < first || day > last)
        continue;
      targets_for_day (&t, day);
      for (guint i = 0; i < G_N_ELEMENTS (t.hits); i++)
        {
          MoniaScorecardPeriod *p = t.hits[i];

          if (p == NULL)
            continue;
          if (g_strcmp0 (got_help, "yes") == 0)
            p->got_help_yes++;
          else if (g_strcmp0 (got_help, "partly") == 0)
            p->got_help_partly++;
          else if (g_strcmp0 (got_help, "no") == 0)
            p->got_help_no++;
          if (has_recommend && recommend >= 0 && recommend <= 10)
            {
              p->recommend[recommend]++;
              p->n_recommend++;
              p->recommend_sum += (guint64) recommend;
            }
        }
    }
  if (rc != SQLITE_DONE)
    g_set_error (error, MONIA_ERROR, MONIA_ERROR_STORE,
                 _("Could not read the figures from the database: %s"), sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE;
}

static GTimeZone *
finland (void)
{
  GTimeZone *tz = g_time_zone_new_identifier ("Europe/Helsinki");

  return tz != NULL ? tz : g_time_zone_new_utc ();
}

/* The moment each day from @first to @last + 1 starts in Finland. */
static gint64 *
day_starts (guint32 first,
            guint32 last)
{
  g_autoptr(GTimeZone) tz = finland ();
  guint n = last - first + 2;
  gint64 *starts = g_new (gint64, n);

  for (guint i = 0; i < n; i++)
    {
      GDate date;
      g_autoptr(GDateTime) midnight = NULL;

      g_date_clear (&date, 1);
      g_date_set_julian (&date, first + i);
      midnight = g_date_time_new (tz, g_date_get_year (&date), g_date_get_month (&date),
                                  g_date_get_day (&date), 0, 0, 0);
      starts[i] = g_date_time_to_unix (midnight);
    }
  return starts;
}

static guint32
day_of_moment (const gint64 *starts,
               guint32       first,
               guint32       last,
               gint64        moment)
{
  guint lo = 0, hi = last - first + 1;

  if (moment < starts[0] || moment >= starts[hi])
    return 0;
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (moment < starts[mid])
        hi = mid;
      else
        lo = mid;
    }
  return first + lo;
}

static MoniaSector
sector_from_name (const char *name)
{
  static const char *names[MONIA_N_SECTORS] = { "digital", "municipal", "parish", "third_sector", "public" };

  for (guint i = 0; name != NULL && i < MONIA_N_SECTORS; i++)
    if (g_str_equal (names[i], name))
      return i;
  return MONIA_N_SECTORS;
}

static gboolean
count_requests (MoniaScorecard  *card,
                sqlite3         *db,
                guint32          first,
                guint32          last,
                GError         **error)
{
  g_autofree gint64 *starts = day_starts (first, last);
  sqlite3_stmt *stmt = NULL;
  Targets t = { card };
  int rc;

  rc = sqlite3_prepare_v2 (db, "SELECT h.received_at, h.channel, h.outcome, s.sector, h.from_outside_area"
                               " FROM help_requests h LEFT JOIN services s ON s.id = h.service_id"
                               " WHERE h.deleted = 0 AND h.received_at >= ?1 AND h.received_at < ?2",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, starts[0]);
      sqlite3_bind_int64 (stmt, 2, starts[last - first + 1]);
    }
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint32 day = day_of_moment (starts, first, last, sqlite3_column_int64 (stmt, 0));
      const char *channel = (const char *) sqlite3_column_text (stmt, 1);
      const char *outcome = (const char *) sqlite3_column_text (stmt, 2);
      MoniaSector sector = sector_from_name ((const char *) sqlite3_column_text (stmt, 3));
      gboolean consultation = g_strcmp0 (channel, "consultation") == 0;
      gboolean outside = sqlite3_column_int (stmt, 4) != 0;

      rc = SQLITE_OK;
      if (day == 0)
        continue;
      targets_for_day (&t, day);
      for (guint i = 0; i < G_N_ELEMENTS (t.hits); i++)
        {
          MoniaScorecardPeriod *p = t.hits[i];

          if (p == NULL)
            continue;
          p->help_requests++;
          if (sector < MONIA_N_SECTORS)
            p->guided[sector]++;
          if (outcome == NULL)
            p->open++;
          else if (g_str_equal (outcome, "case"))
            p->to_case++;
          else
            p->other_outcomes++;
          if (consultation)
            {
              p->consultations++;
              if (outside)
                p->consultations_outside_area++;
            }
        }
    }
  if (rc != SQLITE_DONE)
    g_set_error (error, MONIA_ERROR, MONIA_ERROR_STORE,
                 _("Could not read the figures from the database: %s"), sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE;
}

/* A scorecard covers at most this many years (the day table grows with it). */
#define MAX_SCORECARD_DAYS (366 * 20)

MoniaScorecard *
monia_scorecard_compute (MoniaStore   *store,
                         const GDate  *from,
                         const GDate  *to,
                         GError      **error)
{
  g_autoptr(MoniaScorecard) card = NULL;
  sqlite3 *db;
  guint32 first, last;
  gboolean ok;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);
  g_return_val_if_fail (from != NULL && g_date_valid (from), NULL);
  g_return_val_if_fail (to != NULL && g_date_valid (to), NULL);

  first = g_date_get_julian (from);
  last = g_date_get_julian (to);
  if (last < first)
    {
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                           _("The period ends before it starts."));
      return NULL;
    }
  if (last - first >= MAX_SCORECARD_DAYS)
    {
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_OUT_OF_RANGE,
                           _("A scorecard covers at most 20 years."));
      return NULL;
    }

  card = g_new0 (MoniaScorecard, 1);
  card->total.label = g_strdup ("");
  card->total.from = *from;
  card->total.to = *to;
  card->months = make_periods (first, last, 1);
  card->quarters = make_periods (first, last, 3);
  card->half_years = make_periods (first, last, 6);

  db = _monia_store_get_db (store);
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  ok = count_feedback (card, db, first, last, error) && count_requests (card, db, first, last, error);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  if (!ok)
    return NULL;
  return g_steal_pointer (&card);
}

static void
append_period_json (GString                    *out,
                    const MoniaScorecardPeriod *p)
{
  double mean = monia_scorecard_period_recommend_mean (p);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, "\"from\":");
  _monia_report_json_day (out, g_date_get_julian (&p->from));
  g_string_append (out, ",\"to\":");
  _monia_report_json_day (out, g_date_get_julian (&p->to));
  g_string_append_printf (out, ",\"got_help_yes\":%u,\"got_help_partly\":%u,\"got_help_no\":%u",
                          p->got_help_yes, p->got_help_partly, p->got_help_no);
  g_string_append (out, ",\"recommend_mean\":");
  g_string_append (out, mean < 0 ? "null" : g_ascii_formatd (buf, sizeof buf, "%.1f", mean));
  g_string_append_printf (out, ",\"recommend_answers\":%u,\"recommend_distribution\":[", p->n_recommend);
  for (guint i = 0; i <= 10; i++)
    g_string_append_printf (out, "%s%u", i > 0 ? "," : "", p->recommend[i]);
  g_string_append_printf (out, "],\"help_requests\":%u,\"guided_digital\":%u,\"guided_municipal\":%u,"
                          "\"guided_parish\":%u,\"guided_third_sector\":%u,\"guided_public\":%u,"
                          "\"to_case\":%u,\"other_outcomes\":%u,\"open\":%u,"
                          "\"consultations\":%u,\"consultations_outside_area\":%u",
                          p->help_requests, p->guided[MONIA_SECTOR_DIGITAL], p->guided[MONIA_SECTOR_MUNICIPAL],
                          p->guided[MONIA_SECTOR_PARISH], p->guided[MONIA_SECTOR_THIRD_SECTOR],
                          p->guided[MONIA_SECTOR_PUBLIC], p->to_case, p->other_outcomes, p->open,
                          p->consultations, p->consultations_outside_area);
}

static void
append_periods_json (GString    *out,
                     const char *name,
                     GPtrArray  *periods)
{
  g_string_append_printf (out, ",\"%s\":[", name);
  for (guint i = 0; i < periods->len; i++)
    {
      const MoniaScorecardPeriod *p = g_ptr_array_index (periods, i);

      g_string_append (out, i > 0 ? ",{\"period\":" : "{\"period\":");
      _monia_report_json_string (out, p->label);
      g_string_append_c (out, ',');
      append_period_json (out, p);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

char *
monia_scorecard_to_json (MoniaScorecard *self)
{
  GString *out = g_string_new ("{");

  g_return_val_if_fail (self != NULL, NULL);

  append_period_json (out, &self->total);
  append_periods_json (out, "months", self->months);
  append_periods_json (out, "quarters", self->quarters);
  append_periods_json (out, "half_years", self->half_years);
  g_string_append (out, "}\n");
  return g_string_free (out, FALSE);
}
