/* monia-case-clock.h — each case's next statutory day, for the case lists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "monia-calendar.h"
#include "monia-store.h"

G_BEGIN_DECLS

/* The statutory clocks a case runs on (DOMAIN.md), in the order they come
 * when two fall on the same day. */
typedef enum
{
  MONIA_CLOCK_NONE,
  MONIA_CLOCK_DECISION,     /* decide whether to start the assessment: 7 working days */
  MONIA_CLOCK_COMPLETION,   /* complete the assessment: 3 months */
  MONIA_CLOCK_PLAN_REVIEW,  /* review the client plan: a year for child welfare */
} MoniaClockKind;

/**
 * MoniaClockStatus:
 * @kind: which clock, or %MONIA_CLOCK_NONE when the case has none running
 * @due: the statutory day
 * @days_left: calendar days from the day asked about to @due; negative once past
 * @late: @due has passed
 * @late_by: how late, in the clock's own unit: working days for the decision
 *   to start (a 7-working-day clock), calendar days for the month-long ones
 * @working_days_left: working days after the day asked about up to @due
 * @due_this_week: not late, and due by the Sunday of the week asked about
 */
typedef struct
{
  MoniaClockKind kind;
  GDate          due;
  gint           days_left;
  gboolean       late;
  gint           late_by;
  gint           working_days_left;
  gboolean       due_this_week;
} MoniaClockStatus;

/* "Decision to start", "Assessment completion", "Plan review". */
const char *monia_clock_kind_to_label        (MoniaClockKind          kind);
/* Whether a clock counts in working days (the decision) or in calendar days. */
gboolean    monia_clock_kind_counts_working_days (MoniaClockKind     kind);

/* How a clock of @kind due on @due stands on @today. */
void        monia_clock_status_init         (MoniaClockStatus       *out,
                                             MoniaCalendar          *calendar,
                                             MoniaClockKind          kind,
                                             const GDate            *due,
                                             const GDate            *today);
/* "3 working days late", "12 days late", "Due today", "Due tomorrow",
 * "4 working days left", "40 days left"; NULL for no clock. */
char       *monia_clock_status_format_when  (const MoniaClockStatus *status);
/* Earliest day first; cases with no clock last; the same day by clock. */
gint        monia_clock_status_compare      (const MoniaClockStatus *a,
                                             const MoniaClockStatus *b);

#define MONIA_TYPE_CASE_CLOCKS (monia_case_clocks_get_type ())

G_DECLARE_FINAL_TYPE (MoniaCaseClocks, monia_case_clocks, MONIA, CASE_CLOCKS, GObject)

/* The clocks of every case of @store, read in one query when first asked
 * for and again after a commit that changed an assessment, a plan or a
 * case; ::changed is emitted after such a commit. @calendar may be NULL for
 * the default one. */
MoniaCaseClocks *monia_case_clocks_new      (MoniaStore             *store,
                                             MoniaCalendar          *calendar);
MoniaStore      *monia_case_clocks_get_store (MoniaCaseClocks       *self);
MoniaCalendar   *monia_case_clocks_get_calendar (MoniaCaseClocks    *self);
/* The next statutory day of @case_record (a case) on @today: the earliest
 * still open of the decision to start (an assessment's decision_due until its
 * started_on), the completion (completion_due until completed_on) and the
 * review of the agreed plan (review_on). FALSE, with @out's kind
 * %MONIA_CLOCK_NONE, for a closed case or one with no clock running. */
gboolean         monia_case_clocks_get      (MoniaCaseClocks        *self,
                                             MoniaRecord            *case_record,
                                             const GDate            *today,
                                             MoniaClockStatus       *out);

G_END_DECLS
