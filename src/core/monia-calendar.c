/* monia-calendar.c — the Finnish working-day calendar and statutory deadlines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rules are those of DOMAIN.md (Act 150/1930 on statutory time limits,
 * the Finnish public holidays). The current holiday rules are applied to
 * every year of the range: historical variations, such as Epiphany and
 * Ascension Day being moved to Saturdays in 1973–1991, are deliberately not
 * modelled, because DOMAIN.md does not ask for them and every deadline Monia
 * computes lies in the present or the recent past.
 */
#define G_LOG_DOMAIN "monia-calendar"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "monia-calendar.h"
#include "monia-digits-private.h"
#include "monia-error.h"

#define N_YEARS (MONIA_CALENDAR_LAST_YEAR - MONIA_CALENDAR_FIRST_YEAR + 1)
#define YEAR_BYTES ((366 + 7) / 8)

/* One year's non-working days as bit sets indexed by day of the year (1-based
 * index, bit 0 unused). The Eves are kept apart from the other days off so
 * that one table serves calendars with either setting. */
typedef struct
{
  gsize   ready;
  guint8  off[YEAR_BYTES];   /* weekends and public holidays other than the Eves */
  guint8  eves[YEAR_BYTES];  /* Midsummer Eve and Christmas Eve */
  guint16 easter;            /* day of the year of Easter Sunday */
  guint16 midsummer_eve;
  guint16 all_saints;
  guint16 n_days;
} YearTable;

/* Filled lazily, one year at a time, the first time any calendar asks about
 * that year; shared by every calendar and thread. */
static YearTable year_tables[N_YEARS];

struct _MoniaCalendar
{
  gatomicrefcount ref_count;
  gboolean        eves_non_working;
  gboolean        month_end_moves;
};

G_DEFINE_BOXED_TYPE (MoniaCalendar, monia_calendar, monia_calendar_ref, monia_calendar_unref)

typedef enum
{
  HOLIDAY_NONE,
  HOLIDAY_NEW_YEARS_DAY,
  HOLIDAY_EPIPHANY,
  HOLIDAY_GOOD_FRIDAY,
  HOLIDAY_EASTER_SUNDAY,
  HOLIDAY_EASTER_MONDAY,
  HOLIDAY_MAY_DAY,
  HOLIDAY_ASCENSION_DAY,
  HOLIDAY_MAY_DAY_AND_ASCENSION_DAY,
  HOLIDAY_WHIT_SUNDAY,
  HOLIDAY_MIDSUMMER_EVE,
  HOLIDAY_MIDSUMMER_DAY,
  HOLIDAY_ALL_SAINTS_DAY,
  HOLIDAY_INDEPENDENCE_DAY,
  HOLIDAY_CHRISTMAS_EVE,
  HOLIDAY_CHRISTMAS_DAY,
  HOLIDAY_ST_STEPHENS_DAY,
} Holiday;

static const char * const holiday_names[] = {
  [HOLIDAY_NONE] = NULL,
  [HOLIDAY_NEW_YEARS_DAY] = N_("New Year’s Day"),
  [HOLIDAY_EPIPHANY] = N_("Epiphany"),
  [HOLIDAY_GOOD_FRIDAY] = N_("Good Friday"),
  [HOLIDAY_EASTER_SUNDAY] = N_("Easter Sunday"),
  [HOLIDAY_EASTER_MONDAY] = N_("Easter Monday"),
  [HOLIDAY_MAY_DAY] = N_("May Day"),
  [HOLIDAY_ASCENSION_DAY] = N_("Ascension Day"),
  /* Ascension Day falls on 1 May when Easter is on 23 March (e.g. 2008) */
  [HOLIDAY_MAY_DAY_AND_ASCENSION_DAY] = N_("May Day and Ascension Day"),
  [HOLIDAY_WHIT_SUNDAY] = N_("Whit Sunday"),
  [HOLIDAY_MIDSUMMER_EVE] = N_("Midsummer Eve"),
  [HOLIDAY_MIDSUMMER_DAY] = N_("Midsummer Day"),
  [HOLIDAY_ALL_SAINTS_DAY] = N_("All Saints’ Day"),
  [HOLIDAY_INDEPENDENCE_DAY] = N_("Independence Day"),
  [HOLIDAY_CHRISTMAS_EVE] = N_("Christmas Eve"),
  [HOLIDAY_CHRISTMAS_DAY] = N_("Christmas Day"),
  [HOLIDAY_ST_STEPHENS_DAY] = N_("St Stephen’s Day"),
};

static inline gboolean
year_in_range (guint year)
{
  return year >= MONIA_CALENDAR_FIRST_YEAR && year <= MONIA_CALENDAR_LAST_YEAR;
}

static guint
days_in_year (guint year)
{
  return g_date_is_leap_year ((GDateYear) year) ? 366 : 365;
}

/* Day of the year of @day.@month. in @year. */
static guint
day_of_year (guint year,
             guint month,
             guint day)
{
  static const guint16 before_month[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
  guint doy = before_month[month - 1] + day;

  if (month > 2 && g_date_is_leap_year ((GDateYear) year))
    doy++;
  return doy;
}

/* Weekday of 1 January of @year, 0 = Monday … 6 = Sunday, by counting days
 * from 1 January of year 1 (a Monday in the proleptic Gregorian calendar). */
static guint
weekday_of_new_year (guint year)
{
  guint y = year - 1;
  guint64 days = (guint64) y * 365 + y / 4 - y / 100 + y / 400;

  return (guint) (days % 7);
}

/* The anonymous Gregorian computus (Meeus/Jones/Butcher form). */
static void
compute_easter (guint  year,
                guint *month,
                guint *day)
{
  guint a = year % 19;
  guint b = year / 100;
  guint c = year % 100;
  guint d = b / 4;
  guint e = b % 4;
  guint f = (b + 8) / 25;
  guint g = (b - f + 1) / 3;
  guint h = (19 * a + b - d - g + 15) % 30;
  guint i = c / 4;
  guint k = c % 4;
  guint l = (32 + 2 * e + 2 * i + 7 * 30 - h - k) % 7;   /* + 7 * 30 keeps it unsigned */
  guint m = (a + 11 * h + 22 * l) / 451;
  guint n = h + l + 114 - 7 * m;

  *month = n / 31;
  *day = n % 31 + 1;
}

void
monia_calendar_easter_sunday (guint  year,
                              GDate *out)
{
  guint month, day;

  g_return_if_fail (out != NULL);
  g_return_if_fail (year >= 1583 && year <= G_MAXUINT16);

  compute_easter (year, &month, &day);
  g_date_clear (out, 1);
  g_date_set_dmy (out, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static inline void
set_bit (guint8 *bits,
         guint   doy)
{
  bits[doy >> 3] |= (guint8) (1u << (doy & 7));
}

static inline gboolean
get_bit (const guint8 *bits,
         guint         doy)
{
  return (bits[doy >> 3] >> (doy & 7)) & 1;
}

/* The first Saturday on or after @month/@day: Midsummer Day (20–26 June) and
 * All Saints' Day (31 October–6 November) are both found this way. */
static guint
first_saturday_from (guint year,
                     guint first_weekday,
                     guint month,
                     guint day)
{
  guint doy = day_of_year (year, month, day);
  guint weekday = (first_weekday + doy - 1) % 7;

  return doy + (5 + 7 - weekday) % 7;
}

static void
fill_year_table (YearTable *table,
                 guint      year)
{
  guint first_weekday = weekday_of_new_year (year);
  guint easter_month, easter_day;
  guint easter, midsummer_day;
  static const guint8 fixed[][2] = {
    { 1, 1 }, { 6, 1 }, { 1, 5 }, { 6, 12 }, { 25, 12 }, { 26, 12 },
  };

  memset (table->off, 0, sizeof table->off);
  memset (table->eves, 0, sizeof table->eves);
  table->n_days = (guint16) days_in_year (year);

  /* Saturdays and Sundays: the first Saturday is day 6 − weekday of 1.1. */
  for (guint doy = 1 + (5 + 7 - first_weekday) % 7; doy <= table->n_days; doy += 7)
    {
      set_bit (table->off, doy);
      if (doy + 1 <= table->n_days)
        set_bit (table->off, doy + 1);
    }
  if (first_weekday == 6)
    set_bit (table->off, 1);

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    set_bit (table->off, day_of_year (year, fixed[i][1], fixed[i][0]));

  compute_easter (year, &easter_month, &easter_day);
  easter = day_of_year (year, easter_month, easter_day);
  set_bit (table->off, easter - 2);
  set_bit (table->off, easter);
  set_bit (table->off, easter + 1);
  set_bit (table->off, easter + 39);
  set_bit (table->off, easter + 49);

  midsummer_day = first_saturday_from (year, first_weekday, 6, 20);
  set_bit (table->off, midsummer_day);
  set_bit (table->eves, midsummer_day - 1);
  set_bit (table->eves, day_of_year (year, 12, 24));

  table->all_saints = (guint16) first_saturday_from (year, first_weekday, 10, 31);
  table->easter = (guint16) easter;
  table->midsummer_eve = (guint16) (midsummer_day - 1);
}

/* The table for @year: the shared one within the range, or @scratch filled
 * now for a year outside it (the rules work for any Gregorian year). */
static const YearTable *
get_year_table (guint      year,
                YearTable *scratch)
{
  YearTable *table;

  if (G_UNLIKELY (!year_in_range (year)))
    {
      fill_year_table (scratch, year);
      return scratch;
    }

  table = &year_tables[year - MONIA_CALENDAR_FIRST_YEAR];
  if (g_once_init_enter (&table->ready))
    {
      fill_year_table (table, year);
      g_once_init_leave (&table->ready, 1);
    }
  return table;
}

static inline gboolean
table_is_working_day (const YearTable *table,
                      guint            doy,
                      gboolean         eves_non_working)
{
  if (get_bit (table->off, doy))
    return FALSE;
  return !(eves_non_working && get_bit (table->eves, doy));
}

static gboolean
check_date_in_range (const GDate  *date,
                     GError      **error)
{
  guint year = g_date_get_year (date);

  if (year_in_range (year))
    return TRUE;

  g_set_error (error, MONIA_ERROR, MONIA_ERROR_OUT_OF_RANGE,
               _("The date is in the year %u; Monia can count deadlines only for the years %d–%d."),
               year, MONIA_CALENDAR_FIRST_YEAR, MONIA_CALENDAR_LAST_YEAR);
  return FALSE;
}

static void
set_result_out_of_range (GError **error)
{
  g_set_error (error, MONIA_ERROR, MONIA_ERROR_OUT_OF_RANGE,
               _("The deadline would fall after the year %d, the last year Monia can count."),
               MONIA_CALENDAR_LAST_YEAR);
}

MoniaCalendar *
monia_calendar_new (void)
{
  MoniaCalendar *self = g_new0 (MoniaCalendar, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->eves_non_working = TRUE;
  self->month_end_moves = FALSE;
  return self;
}

MoniaCalendar *
monia_calendar_ref (MoniaCalendar *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
monia_calendar_unref (MoniaCalendar *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    g_free (self);
}

void
monia_calendar_set_eves_non_working (MoniaCalendar *self,
                                     gboolean       eves_non_working)
{
  g_return_if_fail (self != NULL);

  self->eves_non_working = !!eves_non_working;
}

gboolean
monia_calendar_get_eves_non_working (MoniaCalendar *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return self->eves_non_working;
}

void
monia_calendar_set_month_end_moves (MoniaCalendar *self,
                                    gboolean       moves)
{
  g_return_if_fail (self != NULL);

  self->month_end_moves = !!moves;
}

gboolean
monia_calendar_get_month_end_moves (MoniaCalendar *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->month_end_moves;
}

static Holiday
find_holiday (guint year,
              guint month,
              guint day)
{
  YearTable scratch;
  const YearTable *table;
  guint doy;
  int from_easter;

  switch (month * 100 + day)
    {
    case 101: return HOLIDAY_NEW_YEARS_DAY;
    case 106: return HOLIDAY_EPIPHANY;
    case 1206: return HOLIDAY_INDEPENDENCE_DAY;
    case 1224: return HOLIDAY_CHRISTMAS_EVE;
    case 1225: return HOLIDAY_CHRISTMAS_DAY;
    case 1226: return HOLIDAY_ST_STEPHENS_DAY;
    default: break;
    }

  table = get_year_table (year, &scratch);
  doy = day_of_year (year, month, day);
  from_easter = (int) doy - (int) table->easter;

  switch (from_easter)
    {
    case -2: return HOLIDAY_GOOD_FRIDAY;
    case 0: return HOLIDAY_EASTER_SUNDAY;
    case 1: return HOLIDAY_EASTER_MONDAY;
    case 39: return month == 5 && day == 1 ? HOLIDAY_MAY_DAY_AND_ASCENSION_DAY : HOLIDAY_ASCENSION_DAY;
    case 49: return HOLIDAY_WHIT_SUNDAY;
    default: break;
    }

  if (month == 5 && day == 1)
    return HOLIDAY_MAY_DAY;
  if (doy == table->midsummer_eve)
    return HOLIDAY_MIDSUMMER_EVE;
  if (doy == table->midsummer_eve + 1u)
    return HOLIDAY_MIDSUMMER_DAY;
  if (doy == table->all_saints)
    return HOLIDAY_ALL_SAINTS_DAY;

  return HOLIDAY_NONE;
}

const char *
monia_calendar_holiday_name (MoniaCalendar *self,
                             const GDate   *date)
{
  Holiday holiday;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  holiday = find_holiday (g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
  if (holiday == HOLIDAY_NONE)
    return NULL;
  return _(holiday_names[holiday]);
}

gboolean
monia_calendar_is_working_day (MoniaCalendar *self,
                               const GDate   *date)
{
  YearTable scratch;
  const YearTable *table;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  table = get_year_table (g_date_get_year (date), &scratch);
  return table_is_working_day (table, g_date_get_day_of_year (date), self->eves_non_working);
}

/* Walks day by day without going through GDate for every step. */
typedef struct
{
  guint            year;
  guint            doy;
  const YearTable *table;
  YearTable        scratch;
} DayCursor;

static void
day_cursor_init (DayCursor   *cursor,
                 const GDate *date)
{
  cursor->year = g_date_get_year (date);
  cursor->doy = g_date_get_day_of_year (date);
  cursor->table = get_year_table (cursor->year, &cursor->scratch);
}

/* Moves one day forward; FALSE when that would leave GDate's years. */
static gboolean
day_cursor_next (DayCursor *cursor)
{
  if (cursor->doy < cursor->table->n_days)
    {
      cursor->doy++;
      return TRUE;
    }
  if (cursor->year >= G_MAXUINT16)
    return FALSE;
  cursor->year++;
  cursor->doy = 1;
  cursor->table = get_year_table (cursor->year, &cursor->scratch);
  return TRUE;
}

static inline gboolean
day_cursor_is_working_day (const DayCursor *cursor,
                           gboolean         eves_non_working)
{
  return table_is_working_day (cursor->table, cursor->doy, eves_non_working);
}

static void
day_cursor_get_date (const DayCursor *cursor,
                     GDate           *out)
{
  g_date_clear (out, 1);
  g_date_set_dmy (out, 1, G_DATE_JANUARY, (GDateYear) cursor->year);
  g_date_add_days (out, cursor->doy - 1);
}

/* Moves @cursor to the @n-th working day after it (0: stays). Fails when the
 * day would fall after the calendar's last year. */
static gboolean
advance_working_days (MoniaCalendar *self,
                      DayCursor     *cursor,
                      guint          n,
                      GError       **error)
{
  guint counted = 0;

  /* Bounded: the cursor leaves the range after at most ~110,000 steps. */
  while (counted < n)
    {
      if (!day_cursor_next (cursor) || cursor->year > MONIA_CALENDAR_LAST_YEAR)
        {
          set_result_out_of_range (error);
          return FALSE;
        }
      if (day_cursor_is_working_day (cursor, self->eves_non_working))
        counted++;
    }
  return TRUE;
}

gboolean
monia_calendar_add_working_days (MoniaCalendar *self,
                                 const GDate   *start,
                                 guint          n,
                                 GDate         *out,
                                 GError       **error)
{
  DayCursor cursor;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (start != NULL && g_date_valid (start), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_date_in_range (start, error))
    return FALSE;

  day_cursor_init (&cursor, start);
  if (!advance_working_days (self, &cursor, n, error))
    return FALSE;

  day_cursor_get_date (&cursor, out);
  return TRUE;
}

gboolean
monia_calendar_add_months (MoniaCalendar *self,
                           const GDate   *start,
                           guint          n,
                           GDate         *out,
                           GError       **error)
{
  guint64 months;
  guint64 year;
  guint month, day, last_day;
  GDate end;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (start != NULL && g_date_valid (start), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_date_in_range (start, error))
    return FALSE;

  months = (guint64) (g_date_get_month (start) - 1) + n;
  year = g_date_get_year (start) + months / 12;
  month = (guint) (months % 12) + 1;
  if (year > MONIA_CALENDAR_LAST_YEAR)
    {
      set_result_out_of_range (error);
      return FALSE;
    }

  last_day = g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year);
  day = MIN (g_date_get_day (start), last_day);

  g_date_clear (&end, 1);
  g_date_set_dmy (&end, (GDateDay) day, (GDateMonth) month, (GDateYear) year);

  if (self->month_end_moves && !monia_calendar_is_working_day (self, &end))
    {
      DayCursor cursor;

      day_cursor_init (&cursor, &end);
      if (!advance_working_days (self, &cursor, 1, error))
        return FALSE;
      day_cursor_get_date (&cursor, &end);
    }

  *out = end;
  return TRUE;
}

/* Working days in the half-open span (@from, @to], @from before @to. */
static gint
count_working_days_after (MoniaCalendar *self,
                          const GDate   *from,
                          const GDate   *to)
{
  DayCursor cursor;
  guint32 steps = g_date_get_julian (to) - g_date_get_julian (from);
  gint count = 0;

  day_cursor_init (&cursor, from);
  for (guint32 i = 0; i < steps; i++)
    {
      if (!day_cursor_next (&cursor))
        break;
      if (day_cursor_is_working_day (&cursor, self->eves_non_working))
        count++;
    }
  return count;
}

gint
monia_calendar_working_days_between (MoniaCalendar *self,
                                     const GDate   *from,
                                     const GDate   *to)
{
  int order;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (from != NULL && g_date_valid (from), 0);
  g_return_val_if_fail (to != NULL && g_date_valid (to), 0);

  order = g_date_compare (from, to);
  if (order < 0)
    return count_working_days_after (self, from, to);
  if (order > 0)
    return -count_working_days_after (self, to, from);
  return 0;
}

GDateTime *
monia_calendar_promise_deadline (MoniaCalendar *self,
                                 GDateTime     *received,
                                 guint          working_days,
                                 GError       **error)
{
  int year, month, day;
  GDate date;
  GDate answer_day;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (received != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_date_time_get_ymd (received, &year, &month, &day);
  if (!year_in_range ((guint) year))
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_OUT_OF_RANGE,
                   _("The request arrived in the year %d; Monia can count deadlines only for the years %d–%d."),
                   year, MONIA_CALENDAR_FIRST_YEAR, MONIA_CALENDAR_LAST_YEAR);
      return NULL;
    }

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  if (!monia_calendar_add_working_days (self, &date, working_days, &answer_day, error))
    return NULL;

  /* The end of the working day is the midnight that starts the next one. */
  g_date_add_days (&answer_day, 1);
  return g_date_time_new (g_date_time_get_timezone (received),
                          g_date_get_year (&answer_day),
                          g_date_get_month (&answer_day),
                          g_date_get_day (&answer_day),
                          0, 0, 0);
}

gboolean
monia_date_parse_iso (const char  *text,
                      GDate       *out,
                      GError     **error)
{
  guint year, month, day;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-' ||
      !_monia_read_digits (text, 4, &year) ||
      !_monia_read_digits (text + 5, 2, &month) ||
      !_monia_read_digits (text + 8, 2, &day))
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("“%s” is not a date in the form YYYY-MM-DD, for example 2024-03-31."),
                   text);
      return FALSE;
    }

  if (year == 0 || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("There is no such day as %s in the calendar."), text);
      return FALSE;
    }

  if (!year_in_range (year))
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_OUT_OF_RANGE,
                   _("The date %s is outside the years %d–%d that Monia can count."),
                   text, MONIA_CALENDAR_FIRST_YEAR, MONIA_CALENDAR_LAST_YEAR);
      return FALSE;
    }

  if (out != NULL)
    {
      g_date_clear (out, 1);
      g_date_set_dmy (out, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
    }
  return TRUE;
}

char *
monia_date_format_iso (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_strdup_printf ("%04u-%02u-%02u",
                          (guint) g_date_get_year (date),
                          (guint) g_date_get_month (date),
                          (guint) g_date_get_day (date));
}
