/* monia-intake.c — help requests: registering, promises, triage, countdowns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-intake"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "monia-error.h"
#include "monia-intake.h"
#include "monia-mutation.h"

struct _MoniaIntake
{
  GObject        parent_instance;

  MoniaStore    *store;
  MoniaCalendar *calendar;
  GTimeZone     *tz;
  GHashTable    *promises;  /* channel → working days */
};

G_DEFINE_FINAL_TYPE (MoniaIntake, monia_intake, G_TYPE_OBJECT)

/* How far ahead of this machine's clock an arrival time may be. */
#define ARRIVAL_GRACE (5 * G_TIME_SPAN_MINUTE)

static const struct {
  const char *channel;
  const char *label;
  guint       promise;
} channels[] = {
  { MONIA_CHANNEL_WEB, N_("“Ask for help” button"), 3 },
  { MONIA_CHANNEL_CALLBACK, N_("Callback request"), 1 },
  { MONIA_CHANNEL_PHONE, N_("Phone call"), 1 },
  { MONIA_CHANNEL_CONSULTATION, N_("Professional consultation"), 1 },
  { MONIA_CHANNEL_NOTIFICATION, N_("Child welfare notification"), MONIA_INTAKE_NOTIFICATION_WORKING_DAYS },
};

static const char * const channel_names[] = {
  MONIA_CHANNEL_WEB,
  MONIA_CHANNEL_CALLBACK,
  MONIA_CHANNEL_PHONE,
  MONIA_CHANNEL_CONSULTATION,
  MONIA_CHANNEL_NOTIFICATION,
  NULL
};

static void
monia_intake_finalize (GObject *object)
{
  MoniaIntake *self = MONIA_INTAKE (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->calendar, monia_calendar_unref);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_clear_pointer (&self->promises, g_hash_table_unref);

  G_OBJECT_CLASS (monia_intake_parent_class)->finalize (object);
}

static void
monia_intake_class_init (MoniaIntakeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = monia_intake_finalize;
}

static void
monia_intake_init (MoniaIntake *self)
{
  self->tz = g_time_zone_new_local ();
  self->promises = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    g_hash_table_insert (self->promises, g_strdup (channels[i].channel),
                         GUINT_TO_POINTER (channels[i].promise));
}

MoniaIntake *
monia_intake_new (MoniaStore    *store,
                  MoniaCalendar *calendar)
{
  MoniaIntake *self;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);

  self = g_object_new (MONIA_TYPE_INTAKE, NULL);
  self->store = g_object_ref (store);
  self->calendar = calendar != NULL ? monia_calendar_ref (calendar) : monia_calendar_new ();

  return self;
}

MoniaStore *
monia_intake_get_store (MoniaIntake *self)
{
  g_return_val_if_fail (MONIA_IS_INTAKE (self), NULL);

  return self->store;
}

MoniaCalendar *
monia_intake_get_calendar (MoniaIntake *self)
{
  g_return_val_if_fail (MONIA_IS_INTAKE (self), NULL);

  return self->calendar;
}

void
monia_intake_set_time_zone (MoniaIntake *self,
                            GTimeZone   *tz)
{
  g_return_if_fail (MONIA_IS_INTAKE (self));
  g_return_if_fail (tz != NULL);

  g_time_zone_ref (tz);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  self->tz = tz;
}

GTimeZone *
monia_intake_get_time_zone (MoniaIntake *self)
{
  g_return_val_if_fail (MONIA_IS_INTAKE (self), NULL);

  return self->tz;
}

gboolean
monia_intake_channel_is_valid (const char *channel)
{
  if (channel == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    if (g_str_equal (channel, channels[i].channel))
      return TRUE;
  return FALSE;
}

const char *
monia_intake_channel_to_label (const char *channel)
{
  if (channel == NULL)
    return _("Help request");

  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    if (g_str_equal (channel, channels[i].channel))
      return _(channels[i].label);

  /* A channel added by a newer Monia: better shown raw than hidden. */
  return channel;
}

const char * const *
monia_intake_get_channels (void)
{
  return channel_names;
}

guint
monia_intake_get_promise (MoniaIntake *self,
                          const char  *channel)
{
  g_return_val_if_fail (MONIA_IS_INTAKE (self), 0);
  g_return_val_if_fail (channel != NULL, 0);

  return GPOINTER_TO_UINT (g_hash_table_lookup (self->promises, channel));
}

void
monia_intake_set_promise (MoniaIntake *self,
                          const char  *channel,
                          guint        working_days)
{
  g_return_if_fail (MONIA_IS_INTAKE (self));
  g_return_if_fail (monia_intake_channel_is_valid (channel));
  g_return_if_fail (working_days >= 1);

  g_hash_table_insert (self->promises, g_strdup (channel), GUINT_TO_POINTER (working_days));
}

/* @text without surrounding white space, or NULL when nothing is left. */
static char *
dup_clean (const char *text)
{
  char *clean;

  if (text == NULL)
    return NULL;

  clean = g_strstrip (g_strdup (text));
  if (clean[0] == '\0')
    g_clear_pointer (&clean, g_free);
  return clean;
}

static GDateTime *
compute_due (MoniaIntake  *self,
             const char   *channel,
             GDateTime    *received,
             GError      **error)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (received, self->tz);
  guint days = monia_intake_get_promise (self, channel);

  if (local == NULL)
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_OUT_OF_RANGE,
                   _("The time the request was received is not a valid time."));
      return NULL;
    }
  if (days == 0)
    days = 1;

  return monia_calendar_promise_deadline (self->calendar, local, days, error);
}

char *
monia_intake_register (MoniaIntake               *self,
                       const MoniaIntakeRequest  *request,
                       GError                   **error)
{
  g_autoptr(MoniaMutation) m = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) due = NULL;
  g_autofree char *name = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *preference = NULL;
  g_autofree char *topic = NULL;
  g_autofree char *message = NULL;
  GDateTime *received;

  g_return_val_if_fail (MONIA_IS_INTAKE (self), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  if (!monia_intake_channel_is_valid (request->channel))
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("Choose the channel the request came by."));
      return NULL;
    }

  now = g_date_time_new_now (self->tz);
  received = request->received_at != NULL ? request->received_at : now;
  /* A few minutes' grace for a clock that runs a little ahead. */
  if (g_date_time_difference (received, now) > ARRIVAL_GRACE)
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("The request cannot have arrived later than now. Check the day and the time it came in."));
      return NULL;
    }

  name = dup_clean (request->contact_name);
  phone = dup_clean (request->contact_phone);
  preference = dup_clean (request->contact_preference);
  topic = dup_clean (request->topic);
  message = dup_clean (request->message);

  if (topic == NULL && message == NULL)
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("Write what the request is about: a topic or a message."));
      return NULL;
    }
  if (!request->anonymous && name == NULL && phone == NULL &&
      !g_str_equal (request->channel, MONIA_CHANNEL_NOTIFICATION))
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("Give a name or a phone number to answer to, or mark the request anonymous."));
      return NULL;
    }

  due = compute_due (self, request->channel, received, error);
  if (due == NULL)
    return NULL;

  m = monia_mutation_new_create ("help_request");
  monia_mutation_set_string (m, "channel", request->channel);
  monia_mutation_set_int (m, "received_at", g_date_time_to_unix (received));
  monia_mutation_set_bool (m, "anonymous", request->anonymous);
  /* An anonymous request keeps no way to reach the person. */
  if (!request->anonymous)
    {
      monia_mutation_set_string (m, "contact_name", name);
      monia_mutation_set_string (m, "contact_phone", phone);
      monia_mutation_set_string (m, "contact_preference", preference);
    }
  monia_mutation_set_string (m, "topic", topic);
  monia_mutation_set_string (m, "message", message);
  monia_mutation_set_int (m, "promise_working_days", monia_intake_get_promise (self, request->channel));
  monia_mutation_set_int (m, "due_at", g_date_time_to_unix (due));
  /* Counted on the service scorecard: only a professional's call has it. */
  if (request->from_outside_area && g_str_equal (request->channel, MONIA_CHANNEL_CONSULTATION))
    monia_mutation_set_bool (m, "from_outside_area", TRUE);

  if (!monia_store_apply_one (self->store, m, error))
    return NULL;

  return g_strdup (monia_mutation_get_record_id (m));
}

gboolean
monia_intake_promise_in_finland (MoniaCalendar  *calendar,
                                 gint64          received_at,
                                 guint           working_days,
                                 GDate          *out_day,
                                 gint64         *out_due_at,
                                 GError        **error)
{
  static GTimeZone *helsinki;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) due = NULL;

  g_return_val_if_fail (calendar != NULL, FALSE);
  g_return_val_if_fail (out_day != NULL, FALSE);

  /* As monia_policy_date_in_finland(): without time zone data, UTC. */
  if (g_once_init_enter (&helsinki))
    g_once_init_leave (&helsinki, g_time_zone_new_identifier ("Europe/Helsinki") ?: g_time_zone_new_utc ());

  utc = g_date_time_new_from_unix_utc (received_at);
  if (utc != NULL)
    local = g_date_time_to_timezone (utc, helsinki);
  if (local == NULL)
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_OUT_OF_RANGE,
                   _("The time the request was received is not a valid time."));
      return FALSE;
    }
  due = monia_calendar_promise_deadline (calendar, local, MAX (working_days, 1), error);
  if (due == NULL)
    return FALSE;

  /* The day before the midnight that ends it. */
  g_date_clear (out_day, 1);
  g_date_set_dmy (out_day, (GDateDay) g_date_time_get_day_of_month (due),
                  (GDateMonth) g_date_time_get_month (due), (GDateYear) g_date_time_get_year (due));
  g_date_subtract_days (out_day, 1);
  if (out_due_at != NULL)
    *out_due_at = g_date_time_to_unix (due);
  return TRUE;
}

gint64
monia_intake_get_due_at (MoniaIntake *self,
                         MoniaRecord *request)
{
  g_autoptr(GDateTime) received = NULL;
  g_autoptr(GDateTime) due = NULL;
  g_autoptr(GError) error = NULL;
  const char *channel;
  gint64 received_at;

  g_return_val_if_fail (MONIA_IS_INTAKE (self), 0);
  g_return_val_if_fail (MONIA_IS_RECORD (request), 0);

  if (monia_record_get (request, "due_at") != NULL)
    return monia_record_get_int (request, "due_at", 0);

  received_at = monia_record_get_int (request, "received_at", 0);
  channel = monia_record_get_string (request, "channel");
  received = g_date_time_new_from_unix_utc (received_at);
  if (received != NULL && channel != NULL)
    due = compute_due (self, channel, received, &error);

  /* Out of the calendar's range: at least do not claim it is late. */
  return due != NULL ? g_date_time_to_unix (due) : received_at;
}

static void
get_local_date (MoniaIntake *self,
                gint64       unix_time,
                GDate       *out)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = NULL;
  int y, m, d;

  g_date_clear (out, 1);
  if (utc == NULL || (local = g_date_time_to_timezone (utc, self->tz)) == NULL)
    return;

  g_date_time_get_ymd (local, &y, &m, &d);
  g_date_set_dmy (out, d, m, y);
}

void
monia_intake_get_countdown (MoniaIntake    *self,
                            gint64          due_at,
                            GDateTime      *now,
                            MoniaCountdown *out)
{
  g_autoptr(GDateTime) current = NULL;
  GDate today, due_day;
  gint64 seconds, now_unix;

  g_return_if_fail (MONIA_IS_INTAKE (self));
  g_return_if_fail (out != NULL);

  if (now == NULL)
    now = current = g_date_time_new_now (self->tz);
  now_unix = g_date_time_to_unix (now);
  seconds = due_at - now_unix;

  get_local_date (self, now_unix, &today);
  /* due_at is the midnight ending the due working day. */
  get_local_date (self, due_at - 1, &due_day);

  out->overdue = seconds <= 0;
  if (!g_date_valid (&today) || !g_date_valid (&due_day))
    out->working_days = 0;
  else if (out->overdue)
    out->working_days = -MAX (0, monia_calendar_working_days_between (self->calendar, &due_day, &today));
  else
    out->working_days = MAX (0, monia_calendar_working_days_between (self->calendar, &today, &due_day));

  if (out->overdue)
    out->hours = -(gint) MAX (1, MIN ((-seconds + 3599) / 3600, G_MAXINT));
  else
    out->hours = (gint) MIN ((seconds + 3599) / 3600, G_MAXINT);
}

char *
monia_countdown_format (const MoniaCountdown *countdown)
{
  guint n;

  g_return_val_if_fail (countdown != NULL, NULL);

  if (!countdown->overdue)
    {
      if (countdown->working_days > 0)
        {
          n = countdown->working_days;
          return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u working day left",
                                               "%u working days left", n), n);
        }
      n = countdown->hours;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Due in %u hour",
                                           "Due in %u hours", n), n);
    }

  if (countdown->working_days < 0)
    {
      n = -countdown->working_days;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Overdue by %u working day",
                                           "Overdue by %u working days", n), n);
    }
  n = -countdown->hours;
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Overdue by %u hour",
                                       "Overdue by %u hours", n), n);
}

static gint
year_of (MoniaIntake *self,
         GDateTime   *moment)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (moment, self->tz);

  return local != NULL ? g_date_time_get_year (local) : 0;
}

char *
monia_intake_format_due (MoniaIntake *self,
                         gint64       due_at,
                         GDateTime   *now)
{
  g_autoptr(GDateTime) current = NULL;
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (due_at);
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) shown = NULL;
  gboolean end_of_day, this_year;
  const char *format;

  g_return_val_if_fail (MONIA_IS_INTAKE (self), NULL);

  if (now == NULL)
    now = current = g_date_time_new_now (self->tz);
  if (utc == NULL || (local = g_date_time_to_timezone (utc, self->tz)) == NULL)
    return g_strdup ("");

  /* The promise ends as its last working day does: at the midnight after
   * it, which belongs to that day, not to the next. */
  end_of_day = g_date_time_get_hour (local) == 0 && g_date_time_get_minute (local) == 0 &&
               g_date_time_get_second (local) == 0;
  shown = end_of_day ? g_date_time_add_days (local, -1) : g_date_time_ref (local);
  if (shown == NULL)
    return g_strdup ("");
  this_year = g_date_time_get_year (shown) == year_of (self, now);

  if (end_of_day)
    format = this_year
      /* Translators: when a help request must be answered at the latest: the
       * end of a day, a g_date_time_format() format; Finnish would use
       * "viimeistään %a %-d.%-m. klo 24" */
      ? C_("promise due", "by %a %-d %b 24:00")
      /* Translators: the same in another year; Finnish would use
       * "viimeistään %a %-d.%-m.%Y klo 24" */
      : C_("promise due", "by %a %-d %b %Y 24:00");
  else
    format = this_year
      /* Translators: when a help request must be answered at the latest; Finnish
       * would use "viimeistään %a %-d.%-m. klo %H.%M" */
      ? C_("promise due", "by %a %-d %b %H:%M")
      /* Translators: the same in another year; Finnish would use
       * "viimeistään %a %-d.%-m.%Y klo %H.%M" */
      : C_("promise due", "by %a %-d %b %Y %H:%M");

  return g_date_time_format (shown, format);
}

char *
monia_intake_format_received (MoniaIntake *self,
                              gint64       received_at,
                              GDateTime   *now)
{
  g_autoptr(GDateTime) current = NULL;
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (received_at);
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (MONIA_IS_INTAKE (self), NULL);

  if (now == NULL)
    now = current = g_date_time_new_now (self->tz);
  if (utc == NULL || (local = g_date_time_to_timezone (utc, self->tz)) == NULL)
    return g_strdup ("");

  if (g_date_time_get_year (local) == year_of (self, now))
    /* Translators: when a help request arrived, a g_date_time_format()
     * format; Finnish would use "%-d.%-m. klo %H.%M" */
    return g_date_time_format (local, C_("help request received", "%-d %b, %H:%M"));
  /* Translators: when a help request arrived in another year than this
   * one; Finnish would use "%-d.%-m.%Y klo %H.%M" */
  return g_date_time_format (local, C_("help request received", "%-d %b %Y, %H:%M"));
}

const char *
monia_inbox_group_to_label (MoniaInboxGroup group)
{
  switch (group)
    {
    case MONIA_INBOX_DUE_TODAY:
      /* Translators: a part of the inbox: requests to answer by the end of today */
      return C_("inbox group", "Due Today");
    case MONIA_INBOX_NEW:
      /* Translators: a part of the inbox: requests that arrived today */
      return C_("inbox group", "New Today");
    case MONIA_INBOX_OVERDUE:
      /* Translators: a part of the inbox: requests whose answer-by moment passed */
      return C_("inbox group", "Overdue");
    case MONIA_INBOX_LATER:
    default:
      /* Translators: a part of the inbox: everything else */
      return C_("inbox group", "Later");
    }
}

MoniaInboxGroup
monia_intake_get_inbox_group (MoniaIntake *self,
                              MoniaRecord *request,
                              GDateTime   *now)
{
  g_autoptr(GDateTime) current = NULL;
  gint64 due_at, now_unix;
  GDate today, due_day, received_day;

  g_return_val_if_fail (MONIA_IS_INTAKE (self), MONIA_INBOX_LATER);
  g_return_val_if_fail (MONIA_IS_RECORD (request), MONIA_INBOX_LATER);

  if (now == NULL)
    now = current = g_date_time_new_now (self->tz);
  now_unix = g_date_time_to_unix (now);
  due_at = monia_intake_get_due_at (self, request);

  if (due_at <= now_unix)
    return MONIA_INBOX_OVERDUE;

  get_local_date (self, now_unix, &today);
  /* due_at is the midnight ending the due working day. */
  get_local_date (self, due_at - 1, &due_day);
  get_local_date (self, monia_record_get_int (request, "received_at", 0), &received_day);
  if (!g_date_valid (&today))
    return MONIA_INBOX_LATER;
  if (g_date_valid (&due_day) && g_date_compare (&due_day, &today) <= 0)
    return MONIA_INBOX_DUE_TODAY;
  if (g_date_valid (&received_day) && g_date_compare (&received_day, &today) >= 0)
    return MONIA_INBOX_NEW;
  return MONIA_INBOX_LATER;
}

gint
monia_intake_compare_for_inbox (MoniaIntake *self,
                                MoniaRecord *a,
                                MoniaRecord *b,
                                GDateTime   *now)
{
  MoniaInboxGroup group_a, group_b;
  gint64 value_a, value_b;

  g_return_val_if_fail (MONIA_IS_INTAKE (self), 0);

  group_a = monia_intake_get_inbox_group (self, a, now);
  group_b = monia_intake_get_inbox_group (self, b, now);
  if (group_a != group_b)
    return group_a < group_b ? -1 : 1;

  value_a = monia_intake_get_due_at (self, a);
  value_b = monia_intake_get_due_at (self, b);
  if (value_a != value_b)
    return value_a < value_b ? -1 : 1;

  value_a = monia_record_get_int (a, "received_at", 0);
  value_b = monia_record_get_int (b, "received_at", 0);
  if (value_a != value_b)
    return value_a < value_b ? -1 : 1;

  return g_strcmp0 (monia_record_get_id (a), monia_record_get_id (b));
}

/* Triage ------------------------------------------------------------------ */

static MoniaRecord *
get_open_request (MoniaIntake  *self,
                  const char   *request_id,
                  GError      **error)
{
  g_autoptr(MoniaRecord) request = NULL;
  g_autoptr(GError) local_error = NULL;

  if (request_id == NULL || !g_uuid_string_is_valid (request_id))
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("No help request was chosen."));
      return NULL;
    }

  request = monia_store_get (self->store, "help_request", request_id, &local_error);
  if (request == NULL)
    {
      if (g_error_matches (local_error, MONIA_ERROR, MONIA_ERROR_NOT_FOUND))
        g_set_error (error, MONIA_ERROR, MONIA_ERROR_NOT_FOUND,
                     _("The help request is no longer in this database."));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (monia_record_get_string (request, "outcome") != NULL)
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("The help request has already been handled."));
      return NULL;
    }

  return g_steal_pointer (&request);
}

static MoniaMutation *
new_close_mutation (MoniaIntake *self,
                    const char  *request_id,
                    const char  *outcome)
{
  MoniaMutation *m = monia_mutation_new_update ("help_request", request_id);
  const char *author = monia_store_get_author (self->store);

  monia_mutation_set_string (m, "outcome", outcome);
  monia_mutation_set_int (m, "outcome_at", g_get_real_time () / G_USEC_PER_SEC);
  if (author != NULL)
    monia_mutation_set_string (m, "outcome_by", author);
  return m;
}

static gboolean
apply_batch (MoniaIntake  *self,
             GPtrArray    *batch,
             GError      **error)
{
  return monia_store_apply (self->store, batch, error);
}

gboolean
monia_intake_give_advice (MoniaIntake  *self,
                          const char   *request_id,
                          GError      **error)
{
  g_autoptr(MoniaRecord) request = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) monia_mutation_unref);

  g_return_val_if_fail (MONIA_IS_INTAKE (self), FALSE);

  request = get_open_request (self, request_id, error);
  if (request == NULL)
    return FALSE;

  g_ptr_array_add (batch, new_close_mutation (self, request_id, MONIA_OUTCOME_ADVICE));
  return apply_batch (self, batch, error);
}

gboolean
monia_intake_direct_to_service (MoniaIntake  *self,
                                const char   *request_id,
                                const char   *service_id,
                                GError      **error)
{
  g_autoptr(MoniaRecord) request = NULL;
  g_autoptr(MoniaRecord) service = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) monia_mutation_unref);
  MoniaMutation *m;

  g_return_val_if_fail (MONIA_IS_INTAKE (self), FALSE);

  request = get_open_request (self, request_id, error);
  if (request == NULL)
    return FALSE;

  if (service_id == NULL || !g_uuid_string_is_valid (service_id) ||
      (service = monia_store_get (self->store, "service", service_id, NULL)) == NULL)
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("Choose a service from the catalogue."));
      return FALSE;
    }

  m = new_close_mutation (self, request_id, MONIA_OUTCOME_SERVICE);
  monia_mutation_set_string (m, "service_id", service_id);
  g_ptr_array_add (batch, m);
  return apply_batch (self, batch, error);
}

/* The case title a request suggests: who and about what. */
static char *
build_case_title (MoniaRecord *request)
{
  const char *topic = monia_record_get_string (request, "topic");
  const char *name = monia_record_get_string (request, "contact_name");

  if (topic != NULL && topic[0] == '\0')
    topic = NULL;
  if (name != NULL && name[0] == '\0')
    name = NULL;

  if (name != NULL && topic != NULL)
    /* Translators: a new case's title from a help request: contact name, then topic */
    return g_strdup_printf (_("%s – %s"), name, topic);
  if (name != NULL)
    return g_strdup (name);
  if (topic != NULL)
    return g_strdup (topic);
  return g_strdup (monia_intake_channel_to_label (monia_record_get_string (request, "channel")));
}

/* Adds a case, and a person linked to it when @person_name is given, to
 * @batch; returns the case's create mutation (owned by @batch). */
static MoniaMutation *
add_case (MoniaIntake *self,
          GPtrArray   *batch,
          const char  *title,
          const char  *person_name,
          const char  *person_phone,
          const char  *relation,
          const GDate *opened_on)
{
  MoniaMutation *case_ = monia_mutation_new_create ("case");
  const char *author = monia_store_get_author (self->store);

  monia_mutation_set_string (case_, "title", title);
  monia_mutation_set_string (case_, "status", "open");
  monia_mutation_set_date (case_, "opened_on", opened_on);
  if (author != NULL)
    monia_mutation_set_string (case_, "owner_id", author);
  g_ptr_array_add (batch, case_);

  if (person_name != NULL)
    {
      MoniaMutation *person = monia_mutation_new_create ("person");
      MoniaMutation *link = monia_mutation_new_create ("case_person");

      monia_mutation_set_string (person, "name", person_name);
      if (person_phone != NULL)
        monia_mutation_set_string (person, "phone", person_phone);
      monia_mutation_set_string (link, "case_id", monia_mutation_get_record_id (case_));
      monia_mutation_set_string (link, "person_id", monia_mutation_get_record_id (person));
      monia_mutation_set_string (link, "relation", relation);
      g_ptr_array_add (batch, person);
      g_ptr_array_add (batch, link);
    }

  return case_;
}

static void
get_today (MoniaIntake *self,
           GDate       *out)
{
  get_local_date (self, g_get_real_time () / G_USEC_PER_SEC, out);
}

char *
monia_intake_open_case (MoniaIntake  *self,
                        const char   *request_id,
                        const char   *title,
                        const char   *person_name,
                        GError      **error)
{
  g_autoptr(MoniaRecord) request = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) monia_mutation_unref);
  g_autofree char *clean_title = dup_clean (title);
  g_autofree char *clean_name = dup_clean (person_name);
  const char *phone = NULL;
  MoniaMutation *case_;
  MoniaMutation *close;
  GDate today;

  g_return_val_if_fail (MONIA_IS_INTAKE (self), NULL);

  request = get_open_request (self, request_id, error);
  if (request == NULL)
    return NULL;

  if (clean_title == NULL)
    clean_title = build_case_title (request);
  if (clean_name == NULL && !monia_record_get_bool (request, "anonymous"))
    clean_name = dup_clean (monia_record_get_string (request, "contact_name"));
  /* The phone belongs to the contact; another person named here gets none. */
  if (clean_name != NULL &&
      g_strcmp0 (clean_name, monia_record_get_string (request, "contact_name")) == 0)
    phone = monia_record_get_string (request, "contact_phone");

  get_today (self, &today);
  case_ = add_case (self, batch, clean_title, clean_name, phone, "client", &today);

  close = new_close_mutation (self, request_id, MONIA_OUTCOME_CASE);
  monia_mutation_set_string (close, "case_id", monia_mutation_get_record_id (case_));
  g_ptr_array_add (batch, close);

  if (!apply_batch (self, batch, error))
    return NULL;

  return g_strdup (monia_mutation_get_record_id (case_));
}

char *
monia_intake_register_notification (MoniaIntake  *self,
                                    const char   *request_id,
                                    const char   *title,
                                    const char   *child_name,
                                    GError      **error)
{
  g_autoptr(MoniaRecord) request = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) monia_mutation_unref);
  g_autofree char *clean_title = dup_clean (title);
  g_autofree char *clean_name = dup_clean (child_name);
  MoniaMutation *case_;
  MoniaMutation *assessment;
  MoniaMutation *close;
  GDate pending_on, decision_due, completion_due;

  g_return_val_if_fail (MONIA_IS_INTAKE (self), NULL);

  request = get_open_request (self, request_id, error);
  if (request == NULL)
    return NULL;

  /* The matter became pending the day the notification was received. */
  get_local_date (self, monia_record_get_int (request, "received_at", 0), &pending_on);
  if (!g_date_valid (&pending_on) ||
      !monia_calendar_add_working_days (self->calendar, &pending_on,
                                        MONIA_INTAKE_NOTIFICATION_WORKING_DAYS,
                                        &decision_due, error) ||
      !monia_calendar_add_months (self->calendar, &pending_on, 3, &completion_due, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, MONIA_ERROR, MONIA_ERROR_OUT_OF_RANGE,
                     _("The day the notification was received is not a valid date."));
      return NULL;
    }

  if (clean_title == NULL)
    clean_title = build_case_title (request);

  /* The contact of a notification is the one who made it, not the child. */
  case_ = add_case (self, batch, clean_title, clean_name, NULL, "child", &pending_on);

  assessment = monia_mutation_new_create ("assessment");
  monia_mutation_set_string (assessment, "case_id", monia_mutation_get_record_id (case_));
  monia_mutation_set_string (assessment, "kind", "child_welfare_s26");
  monia_mutation_set_date (assessment, "pending_on", &pending_on);
  monia_mutation_set_date (assessment, "decision_due", &decision_due);
  monia_mutation_set_date (assessment, "completion_due", &completion_due);
  g_ptr_array_add (batch, assessment);

  close = new_close_mutation (self, request_id, MONIA_OUTCOME_NOTIFICATION);
  monia_mutation_set_string (close, "case_id", monia_mutation_get_record_id (case_));
  g_ptr_array_add (batch, close);

  if (!apply_batch (self, batch, error))
    return NULL;

  return g_strdup (monia_mutation_get_record_id (case_));
}

gboolean
monia_intake_reopen (MoniaIntake  *self,
                     const char   *request_id,
                     GError      **error)
{
  g_autoptr(MoniaRecord) request = NULL;
  g_autoptr(MoniaMutation) m = NULL;
  const char *outcome;

  g_return_val_if_fail (MONIA_IS_INTAKE (self), FALSE);

  if (request_id == NULL || !g_uuid_string_is_valid (request_id))
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("No help request was chosen."));
      return FALSE;
    }

  request = monia_store_get (self->store, "help_request", request_id, error);
  if (request == NULL)
    return FALSE;

  outcome = monia_record_get_string (request, "outcome");
  if (outcome == NULL)
    return TRUE;
  if (!g_str_equal (outcome, MONIA_OUTCOME_ADVICE) && !g_str_equal (outcome, MONIA_OUTCOME_SERVICE))
    {
      /* A case was opened from it: taking that back is the case's business. */
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("A help request that led to a case cannot be reopened."));
      return FALSE;
    }

  m = monia_mutation_new_update ("help_request", request_id);
  monia_mutation_set (m, "outcome", NULL);
  monia_mutation_set (m, "outcome_at", NULL);
  monia_mutation_set (m, "outcome_by", NULL);
  monia_mutation_set (m, "service_id", NULL);
  return monia_store_apply_one (self->store, m, error);
}

gboolean
monia_intake_is_arriving (MoniaRecord *request,
                          gint64       now)
{
  const char *channel;
  gint64 received_at;

  g_return_val_if_fail (MONIA_IS_RECORD (request), FALSE);

  channel = monia_record_get_string (request, "channel");
  received_at = monia_record_get_int (request, "received_at", 0);
  return channel != NULL &&
         (g_str_equal (channel, MONIA_CHANNEL_WEB) || g_str_equal (channel, MONIA_CHANNEL_CALLBACK)) &&
         monia_record_get (request, "outcome") == NULL &&
         received_at <= now + 60 && received_at > now - MONIA_INTAKE_NOTIFY_WINDOW;
}

gboolean
monia_intake_reply (MoniaIntake  *self,
                    const char   *request_id,
                    const char   *reply,
                    GError      **error)
{
  g_autoptr(MoniaRecord) request = NULL;
  g_autoptr(MoniaMutation) m = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (MONIA_IS_INTAKE (self), FALSE);

  if (request_id == NULL || !g_uuid_string_is_valid (request_id))
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("No help request was chosen."));
      return FALSE;
    }
  text = dup_clean (reply);
  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("Write the reply first."));
      return FALSE;
    }
  if (g_utf8_strlen (text, -1) > MONIA_INTAKE_MAX_REPLY_CHARS)
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("The reply is too long: at most %d characters."), MONIA_INTAKE_MAX_REPLY_CHARS);
      return FALSE;
    }

  request = monia_store_get (self->store, "help_request", request_id, error);
  if (request == NULL)
    return FALSE;

  m = monia_mutation_new_update ("help_request", request_id);
  monia_mutation_set_string (m, "reply", text);
  monia_mutation_set_int (m, "replied_at", g_get_real_time () / G_USEC_PER_SEC);
  return monia_store_apply_one (self->store, m, error);
}

GListModel *
monia_intake_list_services (MoniaIntake *self)
{
  g_return_val_if_fail (MONIA_IS_INTAKE (self), NULL);

  return monia_store_list (self->store, "service");
}
