/* monia-calendar.h — the Finnish working-day calendar and statutory deadlines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The calendar covers these years; dates outside give MONIA_ERROR_OUT_OF_RANGE. */
#define MONIA_CALENDAR_FIRST_YEAR 1900
#define MONIA_CALENDAR_LAST_YEAR  2200

#define MONIA_TYPE_CALENDAR (monia_calendar_get_type ())

typedef struct _MoniaCalendar MoniaCalendar;

GType          monia_calendar_get_type               (void) G_GNUC_CONST;
MoniaCalendar *monia_calendar_new                    (void);
MoniaCalendar *monia_calendar_ref                    (MoniaCalendar *self);
void           monia_calendar_unref                  (MoniaCalendar *self);

/* Midsummer Eve and Christmas Eve: non-working by default (DOMAIN.md). */
void           monia_calendar_set_eves_non_working   (MoniaCalendar *self,
                                                      gboolean       eves_non_working);
gboolean       monia_calendar_get_eves_non_working   (MoniaCalendar *self);

/* Whether a month-based end day that falls on a non-working day moves to the
 * next working day. Default FALSE: the day is shown as it is. */
void           monia_calendar_set_month_end_moves    (MoniaCalendar *self,
                                                      gboolean       moves);
gboolean       monia_calendar_get_month_end_moves    (MoniaCalendar *self);

/* Easter Sunday of @year by the Gregorian computus. */
void           monia_calendar_easter_sunday          (guint          year,
                                                      GDate         *out);

/* A public holiday's translated name, or NULL if @date is none. The Eves are
 * named whatever the setting says. */
const char    *monia_calendar_holiday_name           (MoniaCalendar *self,
                                                      const GDate   *date);
gboolean       monia_calendar_is_working_day         (MoniaCalendar *self,
                                                      const GDate   *date);

/* The @n-th working day after @start (the start day is not counted). */
gboolean       monia_calendar_add_working_days       (MoniaCalendar *self,
                                                      const GDate   *start,
                                                      guint          n,
                                                      GDate         *out,
                                                      GError       **error);

/* @start plus @n months: the same-numbered day, or the month's last day when
 * it has no such day; moved to the next working day only if the calendar's
 * month-end setting says so. */
gboolean       monia_calendar_add_months             (MoniaCalendar *self,
                                                      const GDate   *start,
                                                      guint          n,
                                                      GDate         *out,
                                                      GError       **error);

/* Working days after @from up to and including @to; negative when @to is
 * before @from (how many working days late). */
gint           monia_calendar_working_days_between   (MoniaCalendar *self,
                                                      const GDate   *from,
                                                      const GDate   *to);

/* When a help request received at @received (any time zone) must be answered
 * if the promise is "within @working_days working days" ("next working day"
 * is 1): the end of that working day, i.e. midnight starting the following
 * day, in @received's time zone. NULL with @error outside the range. */
GDateTime     *monia_calendar_promise_deadline       (MoniaCalendar *self,
                                                      GDateTime     *received,
                                                      guint          working_days,
                                                      GError       **error);

/* Parse "YYYY-MM-DD" strictly; format back the same way. */
gboolean       monia_date_parse_iso                  (const char    *text,
                                                      GDate         *out,
                                                      GError       **error);
char          *monia_date_format_iso                 (const GDate   *date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MoniaCalendar, monia_calendar_unref)

G_END_DECLS
