/* monia-report.h — the team lead's figures: statutory times per team, pair
 * and worker, caseloads, the THL half-year return and the service scorecard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The figures are computed over a MoniaReportData: the cases' metadata
 * (owner, pair, team, dates, status; the title only where the reader may see
 * it), the dates of their assessments' clocks, their children (as keys, not
 * people) and the open help requests. It is read from a local store, or
 * made from the server's lead feed for a team lead, who sees no contents.
 * Once made it does not change, so any thread may read it.
 *
 * Days are Julian day numbers (GDate's) in this header; 0 is "none".
 */
#pragma once

#include <json-glib/json-glib.h>

#include "monia-calendar.h"
#include "monia-store.h"

G_BEGIN_DECLS

/* Child Welfare Act 13 b §: at most 30 children per social worker from 2024. */
#define MONIA_CASELOAD_CAP_DEFAULT 30
/* The caseload's trend: the last day of each of this many months, the
 * current month's point being today. */
#define MONIA_CASELOAD_TREND_MONTHS 6

typedef enum
{
  MONIA_REPORT_KIND_OTHER,
  MONIA_REPORT_KIND_CHILD_WELFARE,   /* Child Welfare Act s.26: "child_welfare_s26" */
  MONIA_REPORT_KIND_SOCIAL_WELFARE,  /* Social Welfare Act s.36: "social_welfare_s36" */
} MoniaReportKind;

typedef struct
{
  const char *id;
  const char *title;        /* NULL in a lead's view: a title is contents */
  const char *status;
  const char *owner_id;
  const char *pair_id;
  const char *team_id;
  guint32     opened_on;
  guint32     closed_on;
  gboolean    closed;       /* status "closed" or a closing day */
} MoniaReportCase;

typedef struct
{
  const char          *id;
  guint                case_index;
  MoniaReportKind      kind;
  guint32              pending_on;
  guint32              started_on;
  guint32              completed_on;
  guint32              decision_due;    /* the 7th working day after pending_on */
  guint32              completion_due;  /* pending_on plus 3 months */
} MoniaReportAssessment;

/* An open help request: what its promise needs, nothing of its contents. */
typedef struct
{
  const char *id;
  const char *channel;
  gint64      received_at;
  gint64      due_at;       /* Unix seconds; 0: no promise */
} MoniaReportRequest;

/**
 * MoniaUnitKind:
 * @MONIA_UNIT_REGION: everything the data holds (the wellbeing services
 *   county: the THL form's unit)
 * @MONIA_UNIT_TEAM: the cases of one team
 * @MONIA_UNIT_PAIR: the cases of one work pair
 * @MONIA_UNIT_WORKER: the cases a professional owns or is in the pair of
 */
typedef enum
{
  MONIA_UNIT_REGION,
  MONIA_UNIT_TEAM,
  MONIA_UNIT_PAIR,
  MONIA_UNIT_WORKER,
} MoniaUnitKind;

typedef struct
{
  MoniaUnitKind  kind;
  const char    *id;        /* NULL for the region */
  const char    *name;      /* a team's or worker's name, "A and B" for a pair; NULL for the region */
  const char    *team_id;   /* the team a pair or worker belongs to, or NULL */
} MoniaReportUnit;

typedef struct _MoniaReportData MoniaReportData;

#define MONIA_TYPE_REPORT_DATA (monia_report_data_get_type ())

GType            monia_report_data_get_type        (void) G_GNUC_CONST;
MoniaReportData *monia_report_data_ref             (MoniaReportData *self);
void             monia_report_data_unref           (MoniaReportData *self);

/* Everything in @store (every case it holds, with titles), with the
 * deadlines counted by @calendar (NULL: the default one). */
MoniaReportData *monia_report_data_load            (MoniaStore      *store,
                                                    MoniaCalendar   *calendar,
                                                    GError         **error);
/* The same in a worker thread, over a connection of its own to the store's
 * file, so the window's store is not held up. */
void             monia_report_data_load_async      (MoniaStore      *store,
                                                    MoniaCalendar   *calendar,
                                                    GCancellable    *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer         user_data);
MoniaReportData *monia_report_data_load_finish     (GAsyncResult    *result,
                                                    GError         **error);
/* From the server's lead feed (GET /v1/lead/cases): the team's cases
 * without titles. Names of teams, pairs and workers come from @directory
 * (the store, which holds the region's directory), which may be NULL. A
 * feed that is not one gives MONIA_ERROR_INVALID_INPUT. */
MoniaReportData *monia_report_data_new_from_lead_feed (JsonNode     *feed,
                                                    MoniaStore      *directory,
                                                    MoniaCalendar   *calendar,
                                                    GError         **error);

/* Whether the data holds the cases' titles (and so the reader may open them). */
gboolean         monia_report_data_has_contents    (MoniaReportData *self);

guint            monia_report_data_get_n_cases     (MoniaReportData *self);
const MoniaReportCase *monia_report_data_get_case  (MoniaReportData *self,
                                                    guint            index);
guint            monia_report_data_get_n_assessments (MoniaReportData *self);
const MoniaReportAssessment *monia_report_data_get_assessment (MoniaReportData *self,
                                                    guint            index);
/* Distinct children (keys) of case @index: how many. */
guint            monia_report_data_get_n_children  (MoniaReportData *self,
                                                    guint            case_index);
guint            monia_report_data_get_n_requests  (MoniaReportData *self);
const MoniaReportRequest *monia_report_data_get_request (MoniaReportData *self,
                                                    guint            index);

/* The units: the region first (index 0), then teams, pairs and workers,
 * each by name. */
guint            monia_report_data_get_n_units     (MoniaReportData *self);
const MoniaReportUnit *monia_report_data_get_unit  (MoniaReportData *self,
                                                    guint            index);
/* The unit of @kind with @id (the region for MONIA_UNIT_REGION), or -1. */
gint             monia_report_data_find_unit       (MoniaReportData *self,
                                                    MoniaUnitKind    kind,
                                                    const char      *id);
/* Whether case @case_index is one of unit @unit's. */
gboolean         monia_report_unit_has_case        (MoniaReportData *self,
                                                    guint            unit,
                                                    guint            case_index);
/* A professional's, team's or pair's name by id, or NULL. */
const char      *monia_report_data_lookup_name     (MoniaReportData *self,
                                                    const char      *id);

/* ---- the statutory times, per unit ---- */

/**
 * MoniaFigure:
 * @MONIA_FIGURE_DECISION_DUE_TODAY: matters awaiting the decision to start,
 *   due today
 * @MONIA_FIGURE_DECISION_DUE_SOON: … due within the next 3 working days
 * @MONIA_FIGURE_DECISION_LATE: … past their 7th working day
 * @MONIA_FIGURE_COMPLETION_DUE_SOON: assessments not completed, due within
 *   two weeks (today and the 14 days after)
 * @MONIA_FIGURE_COMPLETION_LATE: … past their 3 months
 * @MONIA_FIGURE_OPEN_CASES: cases not closed
 *
 * What the Team Overview counts in each unit's open cases. Each matter
 * (assessment) counts once.
 */
typedef enum
{
  MONIA_FIGURE_DECISION_DUE_TODAY,
  MONIA_FIGURE_DECISION_DUE_SOON,
  MONIA_FIGURE_DECISION_LATE,
  MONIA_FIGURE_COMPLETION_DUE_SOON,
  MONIA_FIGURE_COMPLETION_LATE,
  MONIA_FIGURE_OPEN_CASES,
  MONIA_N_FIGURES
} MoniaFigure;

typedef struct
{
  guint counts[MONIA_N_FIGURES];
  /* Distinct children in the unit's open cases, on the last day of each of
   * the last months, oldest first; the last is today's caseload. */
  guint children[MONIA_CASELOAD_TREND_MONTHS];
} MoniaUnitFigures;

/* The figures of every unit on @today (array indexed as the units); the
 * days of the trend are written to @out_trend_days if not NULL. */
MoniaUnitFigures *monia_report_compute_figures     (MoniaReportData *self,
                                                    const GDate     *today,
                                                    guint32         *out_trend_days);

/* What is behind a figure: for the deadline figures, the assessments
 * (indices), soonest deadline first; for MONIA_FIGURE_OPEN_CASES, the cases
 * (indices) newest first. */
GArray          *monia_report_list_figure          (MoniaReportData *self,
                                                    guint            unit,
                                                    MoniaFigure      figure,
                                                    const GDate     *today);

/* Open help requests past their promise at @now (Unix seconds), the longest
 * overdue first (indices). */
GArray          *monia_report_list_late_requests   (MoniaReportData *self,
                                                    gint64           now);

/* monia-ctl report caseload --json. */
char            *monia_report_caseload_to_json     (MoniaReportData *self,
                                                    const GDate     *today,
                                                    guint            cap);

/* ---- the THL half-year return ---- */

/* The THL's half-year that holds @day (1.4.–30.9. or 1.10.–31.3.) and the
 * day it is due (17.10. or 17.4.). */
void             monia_thl_period_of_day           (const GDate     *day,
                                                    GDate           *out_from,
                                                    GDate           *out_to,
                                                    GDate           *out_due);

typedef enum
{
  MONIA_THL_STARTED_LATE,       /* decided after the 7th working day */
  MONIA_THL_NOT_STARTED_LATE,   /* not decided, the 7th working day before the as-of day */
  MONIA_THL_COMPLETED_LATE,     /* completed after the 3 months */
} MoniaThlLateKind;

typedef struct
{
  guint            assessment;
  MoniaThlLateKind kind;
  guint            days_late;   /* working days for a start, days for a completion */
} MoniaThlLate;

/* Late starts by working days late: 1–7, 8–14, 15 or more; late
 * completions by days late: 1–30, 31–90, 91 or more. */
#define MONIA_THL_N_LATE_BANDS 3

typedef struct
{
  guint became_pending;
  guint started_within_7;
  guint started_late;
  guint not_started_within_limit;
  guint not_started_late;
  guint completed;
  guint completed_within_3_months;
  guint completed_late;
  guint start_late_by[MONIA_THL_N_LATE_BANDS];
  guint completion_late_by[MONIA_THL_N_LATE_BANDS];
} MoniaThlCounts;

typedef struct
{
  GDate           from;
  GDate           to;
  GDate           as_of;
  guint           unit;      /* the unit the return is for */
  MoniaThlCounts  counts;    /* that unit's */
  MoniaThlCounts *units;     /* every unit's, indexed as the units */
  GArray         *late;      /* MoniaThlLate of the unit, by case owner's name then pending day */
} MoniaThlReturn;

/* Over the not-deleted assessments of kind child welfare (s.26) of @unit's
 * cases: those that became pending from @from to @to (inclusive) by how
 * their decision to start went, as of @as_of; those completed in the period
 * by whether within 3 months of becoming pending. */
MoniaThlReturn  *monia_thl_return_compute          (MoniaReportData *data,
                                                    guint            unit,
                                                    const GDate     *from,
                                                    const GDate     *to,
                                                    const GDate     *as_of,
                                                    MoniaCalendar   *calendar);
void             monia_thl_return_free             (MoniaThlReturn  *self);

/* A share in per cent (one decimal), or a negative number when @whole is 0. */
double           monia_report_share                (guint            part,
                                                    guint            whole);

/* monia-ctl report thl --json; @comment may be NULL. */
char            *monia_thl_return_to_json          (MoniaThlReturn  *self,
                                                    MoniaReportData *data,
                                                    const char      *comment);
/* A spreadsheet of the return: the unit, each team, pair and worker, the
 * late cases and the comment, with translated column names. */
char            *monia_thl_return_to_csv           (MoniaThlReturn  *self,
                                                    MoniaReportData *data,
                                                    const char      *comment);

/* The supervisor's comment kept with the return of a period, in the store
 * (NULL: none yet). */
char            *monia_thl_get_comment             (MoniaStore      *store,
                                                    const GDate     *from,
                                                    const GDate     *to);
gboolean         monia_thl_set_comment             (MoniaStore      *store,
                                                    const GDate     *from,
                                                    const GDate     *to,
                                                    const char      *comment,
                                                    GError         **error);

/* ---- the service scorecard ---- */

typedef enum
{
  MONIA_SECTOR_DIGITAL,
  MONIA_SECTOR_MUNICIPAL,
  MONIA_SECTOR_PARISH,
  MONIA_SECTOR_THIRD_SECTOR,
  MONIA_SECTOR_PUBLIC,
  MONIA_N_SECTORS
} MoniaSector;

typedef struct
{
  char   *label;          /* "2025-01", "2025-Q1", "2025-H1"; "" for the whole range */
  GDate   from;
  GDate   to;
  /* Feedback given in the period ("Did you get the help you sought?") */
  guint   got_help_yes;
  guint   got_help_partly;
  guint   got_help_no;
  /* "Would you recommend…?" 0–10 */
  guint   recommend[11];
  guint   n_recommend;
  guint64 recommend_sum;
  /* Help requests received in the period (their day in Finland) */
  guint   help_requests;
  guint   guided[MONIA_N_SECTORS];   /* by the sector of the service chosen at triage */
  guint   to_case;                   /* triaged to a case (service need assessment) */
  guint   other_outcomes;            /* any other outcome */
  guint   open;                      /* no outcome yet */
  guint   consultations;             /* professionals' consultation calls */
  guint   consultations_outside_area;
} MoniaScorecardPeriod;

typedef struct
{
  MoniaScorecardPeriod  total;
  GPtrArray            *months;      /* MoniaScorecardPeriod */
  GPtrArray            *quarters;
  GPtrArray            *half_years;  /* January–June, July–December */
} MoniaScorecard;

MoniaScorecard  *monia_scorecard_compute           (MoniaStore      *store,
                                                    const GDate     *from,
                                                    const GDate     *to,
                                                    GError         **error);
void             monia_scorecard_free              (MoniaScorecard  *self);
/* The mean of the recommendations, or a negative number when none. */
double           monia_scorecard_period_recommend_mean (const MoniaScorecardPeriod *period);
/* monia-ctl report scorecard --json. */
char            *monia_scorecard_to_json           (MoniaScorecard  *self);

/* ---- helpers ---- */

/* A Julian day as "YYYY-MM-DD" into @buf (at least 11 bytes); "" for 0. */
const char      *monia_report_format_day           (guint32          julian,
                                                    char            *buf);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MoniaReportData, monia_report_data_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MoniaThlReturn, monia_thl_return_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MoniaScorecard, monia_scorecard_free)

G_END_DECLS
