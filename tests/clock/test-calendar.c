/* test-calendar.c — the working-day calendar and statutory deadlines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "monia-core.h"

static void
set_date (GDate      *date,
          const char *iso)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (monia_date_parse_iso (iso, date, &error));
  g_assert_no_error (error);
}

static void
assert_date (const GDate *date,
             const char  *expected)
{
  g_autofree char *text = monia_date_format_iso (date);

  g_assert_cmpstr (text, ==, expected);
}

static gboolean
is_working (MoniaCalendar *calendar,
            const char    *iso)
{
  GDate date;

  set_date (&date, iso);
  return monia_calendar_is_working_day (calendar, &date);
}

static const char *
holiday (MoniaCalendar *calendar,
         const char    *iso)
{
  GDate date;

  set_date (&date, iso);
  return monia_calendar_holiday_name (calendar, &date);
}

static void
assert_add_working_days (MoniaCalendar *calendar,
                         const char    *start_iso,
                         guint          n,
                         const char    *expected)
{
  g_autoptr(GError) error = NULL;
  GDate start, end;

  set_date (&start, start_iso);
  g_assert_true (monia_calendar_add_working_days (calendar, &start, n, &end, &error));
  g_assert_no_error (error);
  assert_date (&end, expected);
}

static void
assert_add_months (MoniaCalendar *calendar,
                   const char    *start_iso,
                   guint          n,
                   const char    *expected)
{
  g_autoptr(GError) error = NULL;
  GDate start, end;

  set_date (&start, start_iso);
  g_assert_true (monia_calendar_add_months (calendar, &start, n, &end, &error));
  g_assert_no_error (error);
  assert_date (&end, expected);
}

/* Gauss's Easter algorithm with its two exceptions: a different method from
 * the library's, so that the two check each other. */
static void
gauss_easter (guint  year,
              guint *month,
              guint *day)
{
  guint a = year % 19;
  guint b = year % 4;
  guint c = year % 7;
  guint k = year / 100;
  guint p = (13 + 8 * k) / 25;
  guint q = k / 4;
  guint m = (15 - p + k - q + 30 * 10) % 30;
  guint n = (4 + k - q) % 7;
  guint d = (19 * a + m) % 30;
  guint e = (2 * b + 4 * c + 6 * d + n) % 7;
  guint days = 22 + d + e;   /* days after the end of February */

  if (d == 29 && e == 6)
    days = 50;               /* 19 April */
  else if (d == 28 && e == 6 && (11 * m + 11) % 30 < 19)
    days = 49;               /* 18 April */

  if (days > 31)
    {
      *month = 4;
      *day = days - 31;
    }
  else
    {
      *month = 3;
      *day = days;
    }
}

static void
test_easter_known (void)
{
  static const struct { guint year; const char *easter; } known[] = {
    { 1900, "1900-04-15" },
    { 1913, "1913-03-23" },  /* one of the earliest possible */
    { 1943, "1943-04-25" },  /* the latest possible */
    { 2008, "2008-03-23" },
    { 2011, "2011-04-24" },
    { 2016, "2016-03-27" },
    { 2019, "2019-04-21" },
    { 2024, "2024-03-31" },
    { 2025, "2025-04-20" },
    { 2026, "2026-04-05" },
    { 2038, "2038-04-25" },
    { 2160, "2160-03-23" },
    { 2200, "2200-04-06" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      GDate easter;

      monia_calendar_easter_sunday (known[i].year, &easter);
      assert_date (&easter, known[i].easter);
      g_assert_cmpint (g_date_get_weekday (&easter), ==, G_DATE_SUNDAY);
    }
}

static void
test_easter_all_years (void)
{
  g_autoptr(MoniaCalendar) calendar = monia_calendar_new ();

  for (guint year = MONIA_CALENDAR_FIRST_YEAR; year <= MONIA_CALENDAR_LAST_YEAR; year++)
    {
      guint month, day;
      GDate easter, good_friday, monday, ascension, whit;

      gauss_easter (year, &month, &day);
      monia_calendar_easter_sunday (year, &easter);
      g_assert_cmpuint (g_date_get_year (&easter), ==, year);
      g_assert_cmpuint (g_date_get_month (&easter), ==, month);
      g_assert_cmpuint (g_date_get_day (&easter), ==, day);
      g_assert_cmpint (g_date_get_weekday (&easter), ==, G_DATE_SUNDAY);

      good_friday = monday = ascension = whit = easter;
      g_date_subtract_days (&good_friday, 2);
      g_date_add_days (&monday, 1);
      g_date_add_days (&ascension, 39);
      g_date_add_days (&whit, 49);

      g_assert_false (monia_calendar_is_working_day (calendar, &easter));
      g_assert_false (monia_calendar_is_working_day (calendar, &good_friday));
      g_assert_false (monia_calendar_is_working_day (calendar, &monday));
      g_assert_false (monia_calendar_is_working_day (calendar, &ascension));
      g_assert_false (monia_calendar_is_working_day (calendar, &whit));
      g_assert_cmpstr (monia_calendar_holiday_name (calendar, &good_friday), ==, "Good Friday");
      g_assert_cmpstr (monia_calendar_holiday_name (calendar, &easter), ==, "Easter Sunday");
      g_assert_cmpstr (monia_calendar_holiday_name (calendar, &monday), ==, "Easter Monday");
      g_assert_cmpstr (monia_calendar_holiday_name (calendar, &whit), ==, "Whit Sunday");
      g_assert_cmpint (g_date_get_weekday (&ascension), ==, G_DATE_THURSDAY);

      /* The Thursday before Good Friday is an ordinary working day. */
      g_date_subtract_days (&good_friday, 1);
      g_assert_true (monia_calendar_is_working_day (calendar, &good_friday));
      g_assert_null (monia_calendar_holiday_name (calendar, &good_friday));
    }
}

/* Every non-working weekday of a year, as listed by hand from the almanac. */
static void
assert_year_days_off (MoniaCalendar      *calendar,
                      guint               year,
                      const char * const *weekdays_off,
                      guint               n_weekdays_off)
{
  GDate date;
  guint found = 0;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, G_DATE_JANUARY, (GDateYear) year);
  for (guint i = 0; i < 366 && g_date_get_year (&date) == year; i++, g_date_add_days (&date, 1))
    {
      g_autofree char *iso = monia_date_format_iso (&date);
      GDateWeekday weekday = g_date_get_weekday (&date);
      gboolean listed = g_strv_contains (weekdays_off, iso);

      if (weekday == G_DATE_SATURDAY || weekday == G_DATE_SUNDAY)
        {
          g_assert_false (monia_calendar_is_working_day (calendar, &date));
          g_assert_false (listed);
          continue;
        }
      if (listed)
        found++;
      if (monia_calendar_is_working_day (calendar, &date) == listed)
        g_error ("%s: expected %s", iso, listed ? "a day off" : "a working day");
    }
  g_assert_cmpuint (found, ==, n_weekdays_off);
}

static void
test_holidays_2024 (void)
{
  g_autoptr(MoniaCalendar) calendar = monia_calendar_new ();
  /* 2024: Epiphany, Midsummer Day and All Saints' fall on Saturdays, Easter
   * and Whit on Sundays; these are the weekdays off. */
  const char * const days_off[] = {
    "2024-01-01", "2024-03-29", "2024-04-01", "2024-05-01", "2024-05-09",
    "2024-06-21", "2024-12-06", "2024-12-24", "2024-12-25", "2024-12-26", NULL,
  };

  assert_year_days_off (calendar, 2024, days_off, G_N_ELEMENTS (days_off) - 1);

  g_assert_cmpstr (holiday (calendar, "2024-01-01"), ==, "New Year’s Day");
  g_assert_cmpstr (holiday (calendar, "2024-01-06"), ==, "Epiphany");
  g_assert_cmpstr (holiday (calendar, "2024-03-29"), ==, "Good Friday");
  g_assert_cmpstr (holiday (calendar, "2024-03-31"), ==, "Easter Sunday");
  g_assert_cmpstr (holiday (calendar, "2024-04-01"), ==, "Easter Monday");
  g_assert_cmpstr (holiday (calendar, "2024-05-01"), ==, "May Day");
  g_assert_cmpstr (holiday (calendar, "2024-05-09"), ==, "Ascension Day");
  g_assert_cmpstr (holiday (calendar, "2024-05-19"), ==, "Whit Sunday");
  g_assert_cmpstr (holiday (calendar, "2024-06-21"), ==, "Midsummer Eve");
  g_assert_cmpstr (holiday (calendar, "2024-06-22"), ==, "Midsummer Day");
  g_assert_cmpstr (holiday (calendar, "2024-11-02"), ==, "All Saints’ Day");
  g_assert_cmpstr (holiday (calendar, "2024-12-06"), ==, "Independence Day");
  g_assert_cmpstr (holiday (calendar, "2024-12-24"), ==, "Christmas Eve");
  g_assert_cmpstr (holiday (calendar, "2024-12-25"), ==, "Christmas Day");
  g_assert_cmpstr (holiday (calendar, "2024-12-26"), ==, "St Stephen’s Day");
  g_assert_null (holiday (calendar, "2024-12-31"));
  g_assert_null (holiday (calendar, "2024-06-20"));
  g_assert_null (holiday (calendar, "2024-06-23"));
  g_assert_null (holiday (calendar, "2024-11-01"));
}

static void
test_holidays_2025 (void)
{
  g_autoptr(MoniaCalendar) calendar = monia_calendar_new ();
  /* 2025: Epiphany on a Monday; Midsummer Eve 20 June (the earliest). */
  const char * const days_off[] = {
    "2025-01-01", "2025-01-06", "2025-04-18", "2025-04-21", "2025-05-01",
    "2025-05-29", "2025-06-20", "2025-12-24", "2025-12-25", "2025-12-26", NULL,
  };

  assert_year_days_off (calendar, 2025, days_off, G_N_ELEMENTS (days_off) - 1);
  g_assert_cmpstr (holiday (calendar, "2025-04-20"), ==, "Easter Sunday");
  g_assert_cmpstr (holiday (calendar, "2025-06-08"), ==, "Whit Sunday");
  g_assert_cmpstr (holiday (calendar, "2025-06-21"), ==, "Midsummer Day");
  g_assert_cmpstr (holiday (calendar, "2025-11-01"), ==, "All Saints’ Day");
  /* Independence Day on a Saturday. */
  g_assert_cmpstr (holiday (calendar, "2025-12-06"), ==, "Independence Day");
}

static void
test_holidays_2026 (void)
{
  g_autoptr(MoniaCalendar) calendar = monia_calendar_new ();
  /* 2026: Midsummer Eve 19 June and All Saints' Day 31 October, the
   * earliest possible days; Christmas Eve on a Thursday. */
  const char * const days_off[] = {
    "2026-01-01", "2026-01-06", "2026-04-03", "2026-04-06", "2026-05-01",
    "2026-05-14", "2026-06-19", "2026-12-24", "2026-12-25", NULL,
  };

  assert_year_days_off (calendar, 2026, days_off, G_N_ELEMENTS (days_off) - 1);
  g_assert_cmpstr (holiday (calendar, "2026-06-19"), ==, "Midsummer Eve");
  g_assert_cmpstr (holiday (calendar, "2026-06-20"), ==, "Midsummer Day");
  g_assert_cmpstr (holiday (calendar, "2026-10-31"), ==, "All Saints’ Day");
  g_assert_null (holiday (calendar, "2026-11-07"));
}

static void
test_holidays_2008 (void)
{
  g_autoptr(MoniaCalendar) calendar = monia_calendar_new ();
  /* 2008: Easter on 23 March, so Ascension Day coincides with May Day;
   * Midsummer Eve on 20 June; All Saints' Day on 1 November. */
  const char * const days_off[] = {
    "2008-01-01", "2008-03-21", "2008-03-24", "2008-05-01", "2008-06-20",
    "2008-12-24", "2008-12-25", "2008-12-26", NULL,
  };

  assert_year_days_off (calendar, 2008, days_off, G_N_ELEMENTS (days_off) - 1);
  g_assert_cmpstr (holiday (calendar, "2008-05-01"), ==, "May Day and Ascension Day");
  g_assert_cmpstr (holiday (calendar, "2008-05-11"), ==, "Whit Sunday");
  g_assert_cmpstr (holiday (calendar, "2008-11-01"), ==, "All Saints’ Day");
  g_assert_cmpstr (holiday (calendar, "2008-01-06"), ==, "Epiphany");
}

static void
test_moving_saturdays (void)
{
  g_autoptr(MoniaCalendar) calendar = monia_calendar_new ();
  GDate date;

  /* Every year: Midsummer Eve is the Friday 19–25 June, Midsummer Day the
   * Saturday 20–26 June, All Saints' Day the Saturday 31 Oct–6 Nov. */
  for (guint year = MONIA_CALENDAR_FIRST_YEAR; year <= MONIA_CALENDAR_LAST_YEAR; year++)
    {
      guint eves = 0, days = 0, saints = 0;

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, 15, G_DATE_JUNE, (GDateYear) year);
      for (guint i = 0; i < 15; i++, g_date_add_days (&date, 1))
        {
          const char *name = monia_calendar_holiday_name (calendar, &date);
          guint day = g_date_get_day (&date);
          GDateWeekday weekday = g_date_get_weekday (&date);

          if (g_strcmp0 (name, "Midsummer Eve") == 0)
            {
              eves++;
              g_assert_cmpint (weekday, ==, G_DATE_FRIDAY);
              g_assert_cmpuint (day, >=, 19);
              g_assert_cmpuint (day, <=, 25);
              g_assert_false (monia_calendar_is_working_day (calendar, &date));
            }
          else if (g_strcmp0 (name, "Midsummer Day") == 0)
            {
              days++;
              g_assert_cmpint (weekday, ==, G_DATE_SATURDAY);
              g_assert_cmpuint (day, >=, 20);
              g_assert_cmpuint (day, <=, 26);
            }
          else
            {
              g_assert_null (name);
              g_assert_true (monia_calendar_is_working_day (calendar, &date) ==
                             (weekday < G_DATE_SATURDAY));
            }
        }
      g_assert_cmpuint (eves, ==, 1);
      g_assert_cmpuint (days, ==, 1);

      g_date_set_dmy (&date, 28, G_DATE_OCTOBER, (GDateYear) year);
      for (guint i = 0; i < 14; i++, g_date_add_days (&date, 1))
        {
          const char *name = monia_calendar_holiday_name (calendar, &date);

          if (name == NULL)
            continue;
          g_assert_cmpstr (name, ==, "All Saints’ Day");
          g_assert_cmpint (g_date_get_weekday (&date), ==, G_DATE_SATURDAY);
          g_assert_true ((g_date_get_month (&date) == G_DATE_OCTOBER && g_date_get_day (&date) == 31) ||
                         (g_date_get_month (&date) == G_DATE_NOVEMBER && g_date_get_day (&date) <= 6));
          saints++;
        }
      g_assert_cmpuint (saints, ==, 1);
    }
}

static void
test_eves_setting (void)
{
  g_autoptr(MoniaCalendar) calendar = monia_calendar_new ();

  g_assert_true (monia_calendar_get_eves_non_working (calendar));
  g_assert_false (is_working (calendar, "2024-12-24"));   /* Tuesday */
  g_assert_false (is_working (calendar, "2024-06-21"));   /* Friday */
  g_assert_true (is_working (calendar, "2024-12-31"));    /* New Year's Eve */
  g_assert_true (is_working (calendar, "2024-12-23"));

  /* A deadline crossing Christmas Eve: from Friday 20 Dec 2024, 2 working
   * days are Mon 23 and (24, 25, 26 off) Fri 27 by default. */
  assert_add_working_days (calendar, "2024-12-20", 2, "2024-12-27");

  monia_calendar_set_eves_non_working (calendar, FALSE);
  g_assert_false (monia_calendar_get_eves_non_working (calendar));
  g_assert_true (is_working (calendar, "2024-12-24"));
  g_assert_true (is_working (calendar, "2024-06-21"));
  g_assert_false (is_working (calendar, "2024-12-25"));
  g_assert_false (is_working (calendar, "2024-06-22"));
  /* The Eves keep their names whatever the setting. */
  g_assert_cmpstr (holiday (calendar, "2024-12-24"), ==, "Christmas Eve");
  g_assert_cmpstr (holiday (calendar, "2024-06-21"), ==, "Midsummer Eve");
  assert_add_working_days (calendar, "2024-12-20", 2, "2024-12-24");
  /* Across Midsummer: Thu 20 June 2024 + 1 is Fri 21 with working Eves… */
  assert_add_working_days (calendar, "2024-06-20", 1, "2024-06-21");

  monia_calendar_set_eves_non_working (calendar, TRUE);
  /* …and Mon 24 June by default. */
  assert_add_working_days (calendar, "2024-06-20", 1, "2024-06-24");
}

static void
test_add_working_days (void)
{
  g_autoptr(MoniaCalendar) calendar = monia_calendar_new ();

  /* DOMAIN.md: a Tuesday with no holidays that week or the next has its
   * 7th working day on Thursday of the following week. */
  assert_add_working_days (calendar, "2024-09-03", 7, "2024-09-12");
  /* The start day is not counted, even if it is a working day. */
  assert_add_working_days (calendar, "2024-09-03", 1, "2024-09-04");
  assert_add_working_days (calendar, "2024-09-03", 0, "2024-09-03");
  /* Starting on a weekend: day 1 is Monday. */
  assert_add_working_days (calendar, "2024-09-07", 1, "2024-09-09");
  assert_add_working_days (calendar, "2024-09-08", 7, "2024-09-17");
  /* Easter 2024: Thursday 28 March + 1 = Tuesday 2 April. */
  assert_add_working_days (calendar, "2024-03-28", 1, "2024-04-02");
  /* A week with Ascension Day: Mon 6 May 2024 + 7 skips Thu 9 May. */
  assert_add_working_days (calendar, "2024-05-06", 7, "2024-05-16");
  /* Year end: Fri 27 Dec 2024 + 7 = 30, 31 Dec, 2, 3, 7, 8, 9 Jan 2025
   * (New Year's Day and Epiphany, a Monday, are off; New Year's Eve is not). */
  assert_add_working_days (calendar, "2024-12-27", 7, "2025-01-09");
  assert_add_working_days (calendar, "2024-12-30", 1, "2024-12-31");
  /* Independence Day on Friday 6 Dec 2024. */
  assert_add_working_days (calendar, "2024-12-05", 1, "2024-12-09");
  /* Leap day is an ordinary Thursday in 2024. */
  assert_add_working_days (calendar, "2024-02-28", 1, "2024-02-29");
  assert_add_working_days (calendar, "2023-02-28", 1, "2023-03-01");
  /* A long span: 2024 has 252 working days (Eves off), the last three
   * being 27, 30 and 31 December. */
  assert_add_working_days (calendar, "2023-12-31", 250, "2024-12-27");
  assert_add_working_days (calendar, "2023-12-31", 252, "2024-12-31");
  assert_add_working_days (calendar, "2023-12-31", 253, "2025-01-02");
}

static void
test_add_months (void)
{
  g_autoptr(MoniaCalendar) calendar = monia_calendar_new ();

  g_assert_false (monia_calendar_get_month_end_moves (calendar));
  assert_add_months (calendar, "2024-03-15", 3, "2024-06-15");
  assert_add_months (calendar, "2023-11-30", 3, "2024-02-29");
  assert_add_months (calendar, "2024-11-30", 3, "2025-02-28");
  assert_add_months (calendar, "2024-01-31", 1, "2024-02-29");
  assert_add_months (calendar, "2023-01-31", 1, "2023-02-28");
  assert_add_months (calendar, "2024-03-31", 1, "2024-04-30");
  assert_add_months (calendar, "2024-02-29", 12, "2025-02-28");
  assert_add_months (calendar, "2024-10-15", 3, "2025-01-15");
  assert_add_months (calendar, "2024-05-10", 0, "2024-05-10");
  assert_add_months (calendar, "2024-05-10", 25, "2026-06-10");
  /* Ends on a Saturday and on a holiday: shown as they are by default. */
  assert_add_months (calendar, "2024-06-08", 3, "2024-09-08");
  assert_add_months (calendar, "2024-09-24", 3, "2024-12-24");
  assert_add_months (calendar, "2024-09-06", 3, "2024-12-06");

  monia_calendar_set_month_end_moves (calendar, TRUE);
  g_assert_true (monia_calendar_get_month_end_moves (calendar));
  assert_add_months (calendar, "2024-06-08", 3, "2024-09-09");
  assert_add_months (calendar, "2024-09-24", 3, "2024-12-27");
  assert_add_months (calendar, "2024-09-06", 3, "2024-12-09");
  assert_add_months (calendar, "2024-03-15", 3, "2024-06-17");
  assert_add_months (calendar, "2024-03-13", 3, "2024-06-13");
  /* 30 Nov 2024 + 3 months = Fri 28 Feb 2025, a working day. */
  assert_add_months (calendar, "2024-11-30", 3, "2025-02-28");
}

static void
test_range (void)
{
  g_autoptr(MoniaCalendar) calendar = monia_calendar_new ();
  g_autoptr(GError) error = NULL;
  GDate date, out;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 31, G_DATE_DECEMBER, 1899);
  g_assert_false (monia_calendar_add_working_days (calendar, &date, 1, &out, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_OUT_OF_RANGE);
  g_assert_nonnull (strstr (error->message, "1900"));
  g_clear_error (&error);
  g_assert_false (monia_calendar_add_months (calendar, &date, 1, &out, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);

  g_date_set_dmy (&date, 1, G_DATE_JANUARY, 2201);
  g_assert_false (monia_calendar_add_working_days (calendar, &date, 0, &out, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);

  /* The first and last days of the range work… */
  assert_add_working_days (calendar, "1900-01-01", 1, "1900-01-02");
  assert_add_months (calendar, "2200-09-30", 3, "2200-12-30");
  /* …but a result past 2200 is an error, not a wrong date. */
  set_date (&date, "2200-12-30");
  g_assert_false (monia_calendar_add_working_days (calendar, &date, 5, &out, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  g_assert_false (monia_calendar_add_months (calendar, &date, 1, &out, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  g_assert_false (monia_calendar_add_working_days (calendar, &date, G_MAXUINT, &out, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  g_assert_false (monia_calendar_add_months (calendar, &date, G_MAXUINT, &out, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);

  g_assert_false (monia_date_parse_iso ("1899-12-31", &date, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  g_assert_false (monia_date_parse_iso ("2201-01-01", &date, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);

  /* Outside the range the rules still answer (no cache, same result). */
  g_date_set_dmy (&date, 25, G_DATE_DECEMBER, 1899);
  g_assert_false (monia_calendar_is_working_day (calendar, &date));
  g_date_set_dmy (&date, 27, G_DATE_DECEMBER, 1899);   /* a Wednesday */
  g_assert_true (monia_calendar_is_working_day (calendar, &date));
  g_date_set_dmy (&date, 1, G_DATE_JANUARY, 2201);
  g_assert_cmpstr (monia_calendar_holiday_name (calendar, &date), ==, "New Year’s Day");
}

static void
test_working_days_between (void)
{
  g_autoptr(MoniaCalendar) calendar = monia_calendar_new ();
  GDate a, b;

  set_date (&a, "2024-09-03");
  set_date (&b, "2024-09-12");
  g_assert_cmpint (monia_calendar_working_days_between (calendar, &a, &b), ==, 7);
  g_assert_cmpint (monia_calendar_working_days_between (calendar, &b, &a), ==, -7);
  g_assert_cmpint (monia_calendar_working_days_between (calendar, &a, &a), ==, 0);

  /* Over Christmas and New Year 2024–2025. */
  set_date (&a, "2024-12-20");
  set_date (&b, "2025-01-07");
  g_assert_cmpint (monia_calendar_working_days_between (calendar, &a, &b), ==, 7);
  g_assert_cmpint (monia_calendar_working_days_between (calendar, &b, &a), ==, -7);
  monia_calendar_set_eves_non_working (calendar, FALSE);
  g_assert_cmpint (monia_calendar_working_days_between (calendar, &a, &b), ==, 8);
  monia_calendar_set_eves_non_working (calendar, TRUE);

  /* A Saturday to the next Sunday: five working days. */
  set_date (&a, "2024-09-07");
  set_date (&b, "2024-09-15");
  g_assert_cmpint (monia_calendar_working_days_between (calendar, &a, &b), ==, 5);
  g_assert_cmpint (monia_calendar_working_days_between (calendar, &b, &a), ==, -5);

  /* Consistent with add_working_days over many starts and counts. */
  set_date (&a, "2023-12-01");
  for (guint i = 0; i < 120; i++, g_date_add_days (&a, 3))
    {
      g_autoptr(GError) error = NULL;
      guint n = i % 17 + 1;

      g_assert_true (monia_calendar_add_working_days (calendar, &a, n, &b, &error));
      g_assert_cmpint (monia_calendar_working_days_between (calendar, &a, &b), ==, (gint) n);
      g_assert_cmpint (monia_calendar_working_days_between (calendar, &b, &a), ==, -(gint) n);
      g_assert_true (monia_calendar_is_working_day (calendar, &b));
    }

  /* A whole year: 2024 has 366 days, 104 weekend days, 10 weekdays off. */
  set_date (&a, "2023-12-31");
  set_date (&b, "2024-12-31");
  g_assert_cmpint (monia_calendar_working_days_between (calendar, &a, &b), ==, 366 - 104 - 10);
}

static GDateTime *
make_time (GTimeZone  *tz,
           int         year,
           int         month,
           int         day,
           int         hour,
           int         minute)
{
  return g_date_time_new (tz, year, month, day, hour, minute, 0);
}

static void
assert_promise (MoniaCalendar *calendar,
                GDateTime     *received,
                guint          n,
                GDateTime     *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) deadline = monia_calendar_promise_deadline (calendar, received, n, &error);
  g_autofree char *got = NULL;
  g_autofree char *want = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (deadline);
  got = g_date_time_format_iso8601 (deadline);
  want = g_date_time_format_iso8601 (expected);
  g_assert_cmpstr (got, ==, want);
  g_assert_true (g_date_time_equal (deadline, expected));
  g_assert_cmpint (g_date_time_get_utc_offset (deadline), ==, g_date_time_get_utc_offset (expected));
}

static void
test_promise_deadline (void)
{
  g_autoptr(MoniaCalendar) calendar = monia_calendar_new ();
  g_autoptr(GTimeZone) helsinki = g_time_zone_new_identifier ("Europe/Helsinki");
  g_autoptr(GTimeZone) plus3 = g_time_zone_new_offset (3 * 3600);
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GError) error = NULL;
  GDateTime *received, *expected;

  if (helsinki == NULL)
    helsinki = g_time_zone_new_offset (2 * 3600);

  /* Friday afternoon, "next working day": the end of Monday. */
  received = make_time (plus3, 2024, 9, 6, 15, 30);
  expected = make_time (plus3, 2024, 9, 10, 0, 0);
  assert_promise (calendar, received, 1, expected);
  g_date_time_unref (expected);
  /* Within 3 working days: the end of Wednesday. */
  expected = make_time (plus3, 2024, 9, 12, 0, 0);
  assert_promise (calendar, received, 3, expected);
  g_date_time_unref (expected);
  g_date_time_unref (received);

  /* Received on a Saturday: still the end of Monday. */
  received = make_time (plus3, 2024, 9, 7, 10, 0);
  expected = make_time (plus3, 2024, 9, 10, 0, 0);
  assert_promise (calendar, received, 1, expected);
  g_date_time_unref (expected);
  g_date_time_unref (received);

  /* Just before midnight on a Monday: the end of Tuesday. */
  received = make_time (plus3, 2024, 9, 9, 23, 59);
  expected = make_time (plus3, 2024, 9, 11, 0, 0);
  assert_promise (calendar, received, 1, expected);
  g_date_time_unref (expected);
  g_date_time_unref (received);

  /* Before Christmas: Monday 23 Dec 2024 → Friday 27 Dec ends at 00:00 on
   * the 28th, in Helsinki winter time. */
  received = make_time (helsinki, 2024, 12, 23, 9, 0);
  expected = make_time (helsinki, 2024, 12, 28, 0, 0);
  assert_promise (calendar, received, 1, expected);
  g_date_time_unref (expected);
  g_date_time_unref (received);

  /* The received moment's own zone decides the day: 22:30 UTC on Friday is
   * already Saturday at UTC+3, yet the answer is Monday's end in both. */
  received = make_time (utc, 2024, 9, 6, 22, 30);
  expected = make_time (utc, 2024, 9, 10, 0, 0);
  assert_promise (calendar, received, 1, expected);
  g_date_time_unref (expected);
  {
    g_autoptr(GDateTime) local = g_date_time_to_timezone (received, plus3);

    expected = make_time (plus3, 2024, 9, 10, 0, 0);
    assert_promise (calendar, local, 1, expected);
    g_date_time_unref (expected);
  }
  g_date_time_unref (received);

  received = make_time (utc, 2201, 1, 3, 12, 0);
  g_assert_null (monia_calendar_promise_deadline (calendar, received, 1, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_OUT_OF_RANGE);
  g_date_time_unref (received);
}

static void
test_parse_iso (void)
{
  static const char * const bad[] = {
    "2023-02-29", "2024-1-05", "2024-01-5", "2024-01-05x", " 2024-01-05",
    "2024-01-05 ", "2024/01/05", "2024-13-01", "2024-00-10", "2024-04-31",
    "24-01-05", "", "2024-01-0a", "+024-01-05", "2024-01--5", "20240105",
  };
  g_autoptr(GError) error = NULL;
  GDate date;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (monia_date_parse_iso (bad[i], &date, &error));
      g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
      g_clear_error (&error);
    }

  g_assert_true (monia_date_parse_iso ("2024-02-29", &date, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_date_get_year (&date), ==, 2024);
  g_assert_cmpuint (g_date_get_month (&date), ==, 2);
  g_assert_cmpuint (g_date_get_day (&date), ==, 29);
  assert_date (&date, "2024-02-29");

  g_assert_true (monia_date_parse_iso ("1900-01-01", NULL, &error));
  g_assert_true (monia_date_parse_iso ("2200-12-31", &date, &error));
  assert_date (&date, "2200-12-31");
  g_assert_false (monia_date_parse_iso ("1900-02-29", &date, &error));   /* not a leap year */
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_true (monia_date_parse_iso ("2000-02-29", &date, &error));
  g_assert_no_error (error);
}

static void
test_boxed (void)
{
  MoniaCalendar *calendar = monia_calendar_new ();
  MoniaCalendar *copy;

  g_assert_true (G_TYPE_IS_BOXED (MONIA_TYPE_CALENDAR));
  monia_calendar_set_eves_non_working (calendar, FALSE);
  copy = g_boxed_copy (MONIA_TYPE_CALENDAR, calendar);
  /* A copy is a reference: settings are shared. */
  g_assert_true (copy == calendar);
  g_boxed_free (MONIA_TYPE_CALENDAR, copy);
  g_assert_false (monia_calendar_get_eves_non_working (calendar));
  monia_calendar_unref (calendar);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/calendar/easter/known", test_easter_known);
  g_test_add_func ("/calendar/easter/all-years", test_easter_all_years);
  g_test_add_func ("/calendar/holidays/2024", test_holidays_2024);
  g_test_add_func ("/calendar/holidays/2025", test_holidays_2025);
  g_test_add_func ("/calendar/holidays/2026", test_holidays_2026);
  g_test_add_func ("/calendar/holidays/2008", test_holidays_2008);
  g_test_add_func ("/calendar/holidays/moving-saturdays", test_moving_saturdays);
  g_test_add_func ("/calendar/eves-setting", test_eves_setting);
  g_test_add_func ("/calendar/add-working-days", test_add_working_days);
  g_test_add_func ("/calendar/add-months", test_add_months);
  g_test_add_func ("/calendar/range", test_range);
  g_test_add_func ("/calendar/working-days-between", test_working_days_between);
  g_test_add_func ("/calendar/promise-deadline", test_promise_deadline);
  g_test_add_func ("/calendar/parse-iso", test_parse_iso);
  g_test_add_func ("/calendar/boxed", test_boxed);

  return g_test_run ();
}
