/* monia-case-ops.h — what happens to a case: assessment, plan, implementation, closure
 *
 * Each operation checks its input, builds the mutations it needs and applies
 * them through monia_store_apply() in one batch, so it is all saved or none
 * of it is. Errors are MONIA_ERROR with a message a person can act on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "monia-calendar.h"
#include "monia-store.h"

G_BEGIN_DECLS

/* Assessment kinds (MoniaRecord "assessment" field "kind"). */
#define MONIA_ASSESSMENT_SOCIAL_WELFARE "social_welfare_s36"
#define MONIA_ASSESSMENT_CHILD_WELFARE  "child_welfare_s26"

/* Working days to decide whether to start, and months to complete. */
#define MONIA_ASSESSMENT_DECISION_WORKING_DAYS 7
#define MONIA_ASSESSMENT_COMPLETION_MONTHS     3

/* The parts of an assessment's structured sections, in the order shown. */
const char * const *monia_assessment_section_names   (void);
/* A section's name as a person reads it ("situation" → "Family's situation"). */
const char         *monia_assessment_section_title   (const char  *name);

/* ---- assessment ---- */

/* Opens the service need assessment of @case_id, pending since @pending_on,
 * with its deadlines: the decision on the 7th working day after, completion
 * 3 months after (both counted with @calendar). Returns the new record's id.
 * Errors about an input name it (monia_error_get_field()): "kind",
 * "pending_on". */
char     *monia_case_start_assessment      (MoniaStore     *store,
                                            MoniaCalendar  *calendar,
                                            const char     *case_id,
                                            const char     *kind,
                                            const GDate    *pending_on,
                                            GError        **error);
/* The day it was decided to start the assessment (and the family told); a
 * wrong day is an error about "started_on". */
gboolean  monia_case_record_assessment_started (MoniaStore  *store,
                                                const char  *assessment_id,
                                                const GDate *started_on,
                                                GError     **error);
/* Saves one of the assessment's texts: "conclusion" or "client_view". */
gboolean  monia_case_set_assessment_text   (MoniaStore     *store,
                                            const char     *assessment_id,
                                            const char     *field,
                                            const char     *text,
                                            GError        **error);
/* Saves one structured section (see monia_assessment_section_names()); an
 * empty @text removes it. The other sections are kept as they are. */
gboolean  monia_case_set_assessment_section (MoniaStore    *store,
                                             const char    *assessment_id,
                                             const char    *section,
                                             const char    *text,
                                             GError       **error);
/* Completes the assessment on @completed_on. @conclusion and @client_view
 * replace the stored ones when not NULL; @sections (section name → text, may
 * be NULL) are merged into the stored ones. A conclusion is required. What is
 * missing or wrong is named: "completed_on", "started_on", "conclusion". */
gboolean  monia_case_complete_assessment   (MoniaStore     *store,
                                            const char     *assessment_id,
                                            const GDate    *completed_on,
                                            const char     *conclusion,
                                            const char     *client_view,
                                            GHashTable     *sections,
                                            GError        **error);
/* The section's text in an assessment record, or NULL. */
char     *monia_assessment_dup_section     (MoniaRecord    *assessment,
                                            const char     *section);
/* The case's assessment (the latest one), or NULL without an error if none. */
MoniaRecord *monia_case_get_assessment     (MoniaStore     *store,
                                            const char     *case_id,
                                            GError        **error);

/**
 * MoniaDeadline:
 * @valid: whether the deadline is known at all
 * @due: the deadline day
 * @met: whether the thing was done (@done_on is valid)
 * @done_on: the day it was done
 * @days_left: calendar days from the day asked about to @due (negative: past)
 * @working_days_left: working days after the day asked about up to @due
 * @late: done after @due, or not done and @due has passed
 * @days_late: how many calendar days late (done: @done_on − @due)
 * @working_days_late: the same counted in working days
 */
typedef struct
{
  gboolean valid;
  GDate    due;
  gboolean met;
  GDate    done_on;
  gint     days_left;
  gint     working_days_left;
  gboolean late;
  gint     days_late;
  gint     working_days_late;
} MoniaDeadline;

typedef struct
{
  MoniaDeadline decision;    /* decide to start: 7 working days */
  MoniaDeadline completion;  /* complete: 3 months */
} MoniaAssessmentStatus;

/* How the assessment stands on @today with both deadlines. */
gboolean  monia_assessment_get_status      (MoniaRecord           *assessment,
                                            MoniaCalendar         *calendar,
                                            const GDate           *today,
                                            MoniaAssessmentStatus *out,
                                            GError               **error);

/* The assessment's next open statutory deadline: the decision to start
 * (decision_due) while started_on is empty, completion (completion_due)
 * while completed_on is empty, whichever comes first. FALSE (and @out
 * cleared) when none is open. */
gboolean  monia_assessment_next_deadline   (MoniaRecord           *assessment,
                                            GDate                 *out);
/* The earliest open deadline over all of the case's assessments, the same
 * day the server reports as the case's "next_deadline". FALSE without an
 * error (and @out cleared) when the case has none. */
gboolean  monia_case_next_deadline         (MoniaStore            *store,
                                            const char            *case_id,
                                            GDate                 *out,
                                            GError               **error);

/* ---- plan ---- */

/* Plan text fields a person edits. */
#define MONIA_PLAN_TEXT_FIELDS "needs", "strengths", "client_commitments", "differing_views", "child_meetings"

/* The case's plans, oldest version first (a GPtrArray of MoniaRecord). */
GPtrArray *monia_case_list_plans           (MoniaStore     *store,
                                            const char     *case_id,
                                            GError        **error);
/* The goals of a plan by position, and its measures in creation order. */
GPtrArray *monia_plan_list_goals           (MoniaStore     *store,
                                            const char     *plan_id,
                                            GError        **error);
GPtrArray *monia_plan_list_measures        (MoniaStore     *store,
                                            const char     *plan_id,
                                            GError        **error);

/* A new draft: version N+1 of the case's plans, with the texts, goals and
 * measures of the latest version copied as new records. A case has at most
 * one draft. Returns the draft's id. */
char     *monia_case_create_plan_draft     (MoniaStore     *store,
                                            const char     *case_id,
                                            GError        **error);
/* Edits a text of a draft plan (one of MONIA_PLAN_TEXT_FIELDS). */
gboolean  monia_case_set_plan_text         (MoniaStore     *store,
                                            const char     *plan_id,
                                            const char     *field,
                                            const char     *text,
                                            GError        **error);
/* Sets the review day of a draft or the agreed plan; NULL clears it. A day
 * before the agreement is an error about "review_on". */
gboolean  monia_case_set_plan_review_on    (MoniaStore     *store,
                                            const char     *plan_id,
                                            const GDate    *review_on,
                                            GError        **error);
/* Adds a goal at the end of a draft plan. @client_words and @indicator may
 * be NULL. Returns the goal's id; an empty goal is an error about "text"
 * (monia_error_get_field()). */
char     *monia_case_add_goal              (MoniaStore     *store,
                                            const char     *plan_id,
                                            const char     *text,
                                            const char     *client_words,
                                            const char     *indicator,
                                            GError        **error);
/* Edits "text", "client_words" or "indicator" of a goal in a draft. */
gboolean  monia_case_set_goal_text         (MoniaStore     *store,
                                            const char     *goal_id,
                                            const char     *field,
                                            const char     *text,
                                            GError        **error);

typedef struct
{
  const char *text;
  const char *goal_id;          /* may be NULL */
  const char *organisation_id;  /* may be NULL */
  const char *professional_id;  /* may be NULL */
  GDate       starts_on;        /* invalid (cleared): none */
  GDate       ends_on;          /* invalid (cleared): none */
  const char *status;           /* NULL: "planned" */
} MoniaMeasureSpec;

void      monia_measure_spec_init          (MoniaMeasureSpec *spec);

/* Adds a measure to a draft plan; returns its id. Errors about the text
 * and the period name "text" and "ends_on" (monia_error_get_field()). */
char     *monia_case_add_measure           (MoniaStore             *store,
                                            const char             *plan_id,
                                            const MoniaMeasureSpec *spec,
                                            GError                **error);
/* planned, ongoing, done or cancelled; in a draft or the agreed plan. */
gboolean  monia_case_set_measure_status    (MoniaStore     *store,
                                            const char     *measure_id,
                                            const char     *status,
                                            GError        **error);
/* Agrees the draft on @agreed_on: it becomes the agreed plan and the one
 * agreed before it is superseded (and otherwise left as it was). Without a
 * review day, a child welfare plan gets one a year after @agreed_on. A plan
 * without goals is an error about "goals", a missing day about "agreed_on". */
gboolean  monia_case_agree_plan            (MoniaStore     *store,
                                            MoniaCalendar  *calendar,
                                            const char     *plan_id,
                                            const GDate    *agreed_on,
                                            GError        **error);

/* ---- implementation ---- */

/* Records a meeting, network_meeting, home_visit, call or note. @goal_id and
 * @measure_id (may be NULL) must belong to the case. Events are never
 * changed afterwards. Returns the event's id. */
char     *monia_case_record_event          (MoniaStore     *store,
                                            const char     *case_id,
                                            const char     *kind,
                                            GDateTime      *occurred_at,
                                            const char     *text,
                                            const char     *goal_id,
                                            const char     *measure_id,
                                            GError        **error);
/* Rates a goal's progress 0–10 on @rated_on; never changed afterwards. */
char     *monia_case_rate_goal             (MoniaStore     *store,
                                            const char     *goal_id,
                                            int             rating,
                                            const char     *comment,
                                            const GDate    *rated_on,
                                            GError        **error);

/* ---- closure ---- */

/* Closes the case on @closed_on for @reason. The client's feedback is saved
 * with it when any part is given: @got_help "yes", "partly" or "no" (or
 * NULL), @recommend 0–10 (or -1), @comment (or NULL). Errors name what they
 * are about: "closed_on", "closure_reason", "got_help", "recommend". */
gboolean  monia_case_close                 (MoniaStore     *store,
                                            const char     *case_id,
                                            const GDate    *closed_on,
                                            const char     *reason,
                                            const char     *got_help,
                                            int             recommend,
                                            const char     *comment,
                                            GError        **error);

/* ---- labels ---- */

const char *monia_assessment_kind_to_label (const char *kind);
const char *monia_plan_status_to_label     (const char *status);
const char *monia_measure_status_to_label  (const char *status);
const char *monia_event_kind_to_label      (const char *kind);
const char *monia_got_help_to_label        (const char *got_help);
const char *monia_relation_to_label        (const char *relation);

G_END_DECLS
