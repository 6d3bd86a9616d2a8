/* monia-intake.h — help requests: registering, promises, triage, countdowns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "monia-calendar.h"
#include "monia-record.h"
#include "monia-store.h"

G_BEGIN_DECLS

/* The channels a help request arrives by (the help_request "channel" field). */
#define MONIA_CHANNEL_WEB          "web"           /* the "Ask for help" button */
#define MONIA_CHANNEL_CALLBACK     "callback"
#define MONIA_CHANNEL_CONSULTATION "consultation"  /* professionals' line */
#define MONIA_CHANNEL_NOTIFICATION "notification"  /* child welfare notification */
#define MONIA_CHANNEL_PHONE        "phone"

/* Triage outcomes (the "outcome" field). */
#define MONIA_OUTCOME_ADVICE       "advice"
#define MONIA_OUTCOME_SERVICE      "service"
#define MONIA_OUTCOME_CASE         "case"
#define MONIA_OUTCOME_NOTIFICATION "notification"

/* Child Welfare Act s.26: the decision to start the assessment is due on
 * the 7th working day after the matter became pending. */
#define MONIA_INTAKE_NOTIFICATION_WORKING_DAYS 7

#define MONIA_TYPE_INTAKE (monia_intake_get_type ())

G_DECLARE_FINAL_TYPE (MoniaIntake, monia_intake, MONIA, INTAKE, GObject)

/* What a person types when registering a request by hand. Strings may be
 * NULL; surrounding white space is dropped. */
typedef struct
{
  const char *channel;             /* one of MONIA_CHANNEL_* */
  GDateTime  *received_at;         /* NULL: now */
  gboolean    anonymous;           /* contact name and phone are then not kept */
  const char *contact_name;
  const char *contact_phone;
  const char *contact_preference;
  const char *topic;
  const char *message;
  gboolean    from_outside_area;   /* a consultation from outside the wellbeing services county */
} MoniaIntakeRequest;

/* Time left until a request's answer-by moment, counted in working days of
 * the calendar and in hours; both negative once it is overdue. */
typedef struct
{
  gboolean overdue;
  gint     working_days;  /* working days after today up to the due day; negative: working days late */
  gint     hours;         /* whole hours left, rounded up; negative: hours late (at least 1) */
} MoniaCountdown;

/* @calendar may be NULL for the default one. Dates are counted in the local
 * time zone unless monia_intake_set_time_zone() says otherwise. */
MoniaIntake   *monia_intake_new                  (MoniaStore          *store,
                                                  MoniaCalendar       *calendar);
MoniaStore    *monia_intake_get_store            (MoniaIntake         *self);
MoniaCalendar *monia_intake_get_calendar         (MoniaIntake         *self);
void           monia_intake_set_time_zone        (MoniaIntake         *self,
                                                  GTimeZone           *tz);
GTimeZone     *monia_intake_get_time_zone        (MoniaIntake         *self);

gboolean       monia_intake_channel_is_valid     (const char          *channel);
/* A channel's name as a person reads it ("Callback request"). */
const char    *monia_intake_channel_to_label     (const char          *channel);
/* The channels in the order a person chooses among them. */
const char * const *monia_intake_get_channels    (void);

/* The promise per channel, in working days ("next working day" is 1).
 * Defaults: web 3, callback 1, consultation 1, phone 1, and for a child
 * welfare notification the 7 working days of the statutory clock. */
guint          monia_intake_get_promise          (MoniaIntake         *self,
                                                  const char          *channel);
void           monia_intake_set_promise          (MoniaIntake         *self,
                                                  const char          *channel,
                                                  guint                working_days);

/* The last day of a promise of @working_days working days ("next working
 * day" is 1) for a request that arrived at @received_at (Unix seconds): the
 * @working_days-th working day after the day it arrived in Finland
 * (Europe/Helsinki), whatever this machine's time zone. *@out_due_at, if
 * not NULL, is the end of that day there (the midnight starting the next),
 * a help request's due_at. FALSE with @error outside the calendar's years. */
gboolean       monia_intake_promise_in_finland   (MoniaCalendar       *calendar,
                                                  gint64               received_at,
                                                  guint                working_days,
                                                  GDate               *out_day,
                                                  gint64              *out_due_at,
                                                  GError             **error);

/* Whether a desk should tell its worker of @request at @now (Unix seconds)
 * as it arrives: a request from the public form (web or callback), still
 * open, received within MONIA_INTAKE_NOTIFY_WINDOW seconds before @now. */
#define MONIA_INTAKE_NOTIFY_WINDOW (15 * 60)
gboolean       monia_intake_is_arriving          (MoniaRecord         *request,
                                                  gint64               now);

/* Longest reply to a request, in characters. */
#define MONIA_INTAKE_MAX_REPLY_CHARS 5000

/* Writes @reply (white space around it dropped; not empty) as the answer to
 * @request_id, with replied_at now: the family of an anonymous request
 * reads it on the server's answer page by the request's reference code. */
gboolean       monia_intake_reply                (MoniaIntake         *self,
                                                  const char          *request_id,
                                                  const char          *reply,
                                                  GError             **error);

/* Writes a new open request; returns its id. Its due_at is the end of the
 * promised working day counted from @request's received_at, which may be
 * earlier than now (a call or a letter logged later) but not later. */
char          *monia_intake_register             (MoniaIntake         *self,
                                                  const MoniaIntakeRequest *request,
                                                  GError             **error);

/* When @request must be answered (Unix seconds): its due_at, or for a
 * request stored without one, the channel's promise from received_at. */
gint64         monia_intake_get_due_at           (MoniaIntake         *self,
                                                  MoniaRecord         *request);

/* @now may be NULL for the current time. */
void           monia_intake_get_countdown        (MoniaIntake         *self,
                                                  gint64               due_at,
                                                  GDateTime           *now,
                                                  MoniaCountdown      *out);
/* "2 working days left", "Due in 3 hours", "Overdue by 1 working day". */
char          *monia_countdown_format            (const MoniaCountdown *countdown);

/* The answer-by moment as a day and a time, with the year only when it is
 * not @now's: "by Thu 10 Dec 24:00" for the end of a working day (the
 * promise's usual end), "by Thu 10 Dec 16:00" for another time. @now may be
 * NULL for the current time. */
char          *monia_intake_format_due           (MoniaIntake         *self,
                                                  gint64               due_at,
                                                  GDateTime           *now);
/* When a request arrived: "4 Mar, 10:15", or "4 Mar 2025, 10:15" when not
 * in @now's year. */
char          *monia_intake_format_received      (MoniaIntake         *self,
                                                  gint64               received_at,
                                                  GDateTime           *now);

/* Where an open request stands in the inbox on @now's day, in the order
 * shown: what must be answered today and what arrived today come before
 * the backlog, so a day's work never sinks behind older requests. */
typedef enum
{
  MONIA_INBOX_DUE_TODAY,  /* its answer-by moment is the end of today */
  MONIA_INBOX_NEW,        /* arrived today, due later */
  MONIA_INBOX_OVERDUE,    /* its answer-by moment has passed */
  MONIA_INBOX_LATER,      /* due later, arrived before today */
} MoniaInboxGroup;

/* "Due Today", "New Today", "Overdue", "Later". */
const char    *monia_inbox_group_to_label        (MoniaInboxGroup      group);
MoniaInboxGroup monia_intake_get_inbox_group     (MoniaIntake         *self,
                                                  MoniaRecord         *request,
                                                  GDateTime           *now);
/* The inbox's order: by group, then the one due first, then the one that
 * arrived first. */
gint           monia_intake_compare_for_inbox    (MoniaIntake         *self,
                                                  MoniaRecord         *a,
                                                  MoniaRecord         *b,
                                                  GDateTime           *now);

/* Triage. Each closes the open request @request_id (outcome, outcome_at,
 * outcome_by = the store's author) in one batch with whatever it creates.
 * A request that already has an outcome gives MONIA_ERROR_INVALID_INPUT. */
gboolean       monia_intake_give_advice          (MoniaIntake         *self,
                                                  const char          *request_id,
                                                  GError             **error);
gboolean       monia_intake_direct_to_service    (MoniaIntake         *self,
                                                  const char          *request_id,
                                                  const char          *service_id,
                                                  GError             **error);
/* Opens a case (owned by the store's author) titled @title, or after the
 * request's topic and contact when NULL; with a person when @person_name or
 * the request's contact name is given. Returns the case id. */
char          *monia_intake_open_case            (MoniaIntake         *self,
                                                  const char          *request_id,
                                                  const char          *title,
                                                  const char          *person_name,
                                                  GError             **error);
/* Registers a child welfare notification: a case with a child_welfare_s26
 * assessment pending from the day the request was received, its decision
 * due 7 working days and its completion 3 months later. Returns the case id. */
char          *monia_intake_register_notification (MoniaIntake        *self,
                                                  const char          *request_id,
                                                  const char          *title,
                                                  const char          *child_name,
                                                  GError             **error);
/* Takes back an advice or service outcome (nothing else was written for
 * those): the request is open again. */
gboolean       monia_intake_reopen               (MoniaIntake         *self,
                                                  const char          *request_id,
                                                  GError             **error);

/* The service catalogue, in the order entered; a lazy list of MoniaRecord. */
GListModel    *monia_intake_list_services        (MoniaIntake         *self);

G_END_DECLS
