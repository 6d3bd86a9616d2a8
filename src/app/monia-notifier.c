/* monia-notifier.c — desktop notifications for the person at the desk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-notifier.h"
#include "monia-store-sync.h"

/* A request is "about to break its promise" this long before its answer-by moment. */
#define PROMISE_WARNING_SECONDS (2 * 3600)

struct _MoniaNotifier
{
  GObject          parent_instance;

  MoniaStore      *store;
  GSettings       *settings;
  MoniaNotifySend  send;
  gpointer         send_data;
  GHashTable      *told;      /* ids of what was told of already */
  guint            timer_id;
};

G_DEFINE_FINAL_TYPE (MoniaNotifier, monia_notifier, G_TYPE_OBJECT)

static gboolean
wanted (MoniaNotifier *self,
        const char    *key)
{
  return self->settings == NULL || g_settings_get_boolean (self->settings, key);
}

/* Sends a notification of @title and @body, its default action @action
 * with the string @target. */
static void
send_one (MoniaNotifier *self,
          const char    *id,
          const char    *title,
          const char    *body,
          const char    *action,
          const char    *target,
          gboolean       urgent)
{
  g_autoptr(GNotification) notification = g_notification_new (title);

  g_notification_set_body (notification, body);
  if (urgent)
    g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  if (action != NULL)
    g_notification_set_default_action_and_target (notification, action, "s", target);
  self->send (id, title, body, notification, self->send_data);
}

/* Whether the professional at the desk is the case's owner or in its pair. */
static gboolean
is_mine (MoniaStore  *store,
         MoniaRecord *case_record,
         const char  *me)
{
  const char *pair_id = monia_record_get_string (case_record, "pair_id");
  g_autoptr(MoniaRecord) pair = NULL;

  if (g_strcmp0 (monia_record_get_string (case_record, "owner_id"), me) == 0)
    return TRUE;
  if (pair_id == NULL)
    return FALSE;
  pair = monia_store_get (store, "work_pair", pair_id, NULL);
  return pair != NULL && (g_strcmp0 (monia_record_get_string (pair, "first_id"), me) == 0 ||
                          g_strcmp0 (monia_record_get_string (pair, "second_id"), me) == 0);
}

static GList *
my_cases (MoniaNotifier *self,
          const char    *me)
{
  GList *cases = NULL;
  const char *fields[] = { "owner_id", "pair_id" };
  g_autoptr(GPtrArray) pairs = monia_team_list_pairs_of (self->store, me, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  /* Cases the person owns, and those of the pairs they are in. */
  for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
    for (guint p = 0; p < (f == 0 ? 1 : (pairs != NULL ? pairs->len : 0)); p++)
      {
        const char *value = f == 0 ? me : monia_record_get_id (g_ptr_array_index (pairs, p));
        g_autoptr(GListModel) list = monia_store_list_cases_by (self->store, fields[f], value);

        for (guint i = 0; i < g_list_model_get_n_items (list); i++)
          {
            MoniaRecord *record = g_list_model_get_item (list, i);

            if (g_hash_table_contains (seen, monia_record_get_id (record)) || !is_mine (self->store, record, me))
              {
                g_object_unref (record);
                continue;
              }
            g_hash_table_add (seen, (gpointer) monia_record_get_id (record));
            cases = g_list_prepend (cases, record);
          }
      }
  return cases;
}

/* Matters of the person's open cases not yet decided on, due on the next
 * working day: one notification a day, with how many. */
static void
check_decisions (MoniaNotifier *self,
                 gint64         now)
{
  const char *me = monia_store_get_author (self->store);
  g_autoptr(MoniaCalendar) calendar = monia_calendar_new ();
  g_autolist(MoniaRecord) cases = NULL;
  g_autoptr(GDateTime) moment = g_date_time_new_from_unix_utc (now);
  g_autofree char *id = NULL;
  g_autofree char *tomorrow_iso = NULL;
  GDate today, tomorrow;
  guint n = 0;

  if (me == NULL || !wanted (self, "notify-decision-due"))
    return;

  monia_policy_date_in_finland (moment, &today);
  if (!monia_calendar_add_working_days (calendar, &today, 1, &tomorrow, NULL))
    return;
  tomorrow_iso = monia_date_format_iso (&tomorrow);
  id = g_strdup_printf ("decision-due-%s", tomorrow_iso);
  if (g_hash_table_contains (self->told, id))
    return;

  cases = my_cases (self, me);
  for (GList *l = cases; l != NULL; l = l->next)
    {
      MoniaRecord *record = l->data;
      g_autoptr(GPtrArray) assessments = NULL;

      if (g_strcmp0 (monia_record_get_string (record, "status"), "closed") == 0 ||
          monia_record_get_string (record, "closed_on") != NULL)
        continue;
      assessments = monia_store_find (self->store, "assessment", "case_id", monia_record_get_id (record), NULL);
      for (guint i = 0; assessments != NULL && i < assessments->len; i++)
        {
          MoniaRecord *a = g_ptr_array_index (assessments, i);
          GDate pending, due;

          if (monia_record_get (a, "started_on") != NULL || monia_record_get (a, "completed_on") != NULL ||
              !monia_record_get_date (a, "pending_on", &pending) ||
              !monia_calendar_add_working_days (calendar, &pending, 7, &due, NULL))
            continue;
          if (g_date_compare (&due, &tomorrow) == 0)
            n++;
        }
    }
  if (n > 0)
    {
      g_autofree char *body = NULL;

      /* Translators: a desktop notification; it names no one, as it may show on a locked screen */
      body = g_strdup_printf (g_dngettext (NULL, "%u matter of your cases must be decided on, whether to start "
                                                 "the assessment, by the end of the next working day.",
                                           "%u matters of your cases must be decided on, whether to start "
                                           "the assessment, by the end of the next working day.", n), n);
      g_hash_table_add (self->told, g_strdup (id));
      send_one (self, id, _("Decisions to Start Due Tomorrow"), body, "app.show-section", "overview", TRUE);
    }
}

/* Open help requests due within the next two hours: each told of once. */
static void
check_requests (MoniaNotifier *self,
                gint64         now)
{
  g_autoptr(GListModel) open = NULL;
  guint n = 0;
  gint64 first_due = G_MAXINT64;

  if (!wanted (self, "notify-request-promise"))
    return;

  open = monia_store_list_open_help_requests (self->store);
  for (guint i = 0; i < g_list_model_get_n_items (open); i++)
    {
      g_autoptr(MoniaRecord) request = g_list_model_get_item (open, i);
      gint64 due = monia_record_get_int (request, "due_at", 0);
      g_autofree char *key = NULL;

      /* Sorted by answer-by moment: nothing later is nearer. */
      if (monia_record_get (request, "due_at") == NULL || due > now + PROMISE_WARNING_SECONDS)
        break;
      key = g_strconcat ("promise-", monia_record_get_id (request), NULL);
      if (due <= now || g_hash_table_contains (self->told, key))
        continue;
      g_hash_table_add (self->told, g_steal_pointer (&key));
      first_due = MIN (first_due, due);
      n++;
    }
  if (n > 0)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (first_due);
      g_autoptr(GDateTime) local = g_date_time_to_local (utc);
      g_autofree char *time = g_date_time_format (local, "%H:%M");
      g_autofree char *body = NULL;

      /* Translators: %u help requests, %s a time of day such as 16:00 */
      body = g_strdup_printf (g_dngettext (NULL, "%u help request must be answered by %s.",
                                           "%u help requests must be answered, the first by %s.", n), n, time);
      /* One notification, replaced by the next. */
      send_one (self, "help-request-promise", _("A Promise Is About to Be Broken"), body, "app.show-section",
                "inbox", TRUE);
    }
}

void
monia_notifier_check (MoniaNotifier *self,
                      gint64         now)
{
  g_return_if_fail (MONIA_IS_NOTIFIER (self));

  if (now == 0)
    now = g_get_real_time () / G_USEC_PER_SEC;
  check_decisions (self, now);
  check_requests (self, now);
}

static void
on_record_changed (MoniaNotifier *self,
                   const char    *kind,
                   const char    *id)
{
  g_autoptr(MoniaConflict) conflict = NULL;
  g_autofree char *key = NULL;

  if (g_strcmp0 (kind, "conflict") != 0 || !wanted (self, "notify-conflict"))
    return;
  key = g_strconcat ("conflict-", id, NULL);
  if (g_hash_table_contains (self->told, key))
    return;
  conflict = monia_store_get_conflict (self->store, id, NULL);
  if (conflict == NULL || conflict->resolved_at != 0)
    return;

  g_hash_table_add (self->told, g_strdup (key));
  send_one (self, key, _("Two Changes Conflict"),
        _("A change made here and another made elsewhere to the same part of a case need your choice."),
        conflict->case_id != NULL ? "app.open-case" : NULL, conflict->case_id, FALSE);
}

static gboolean
on_timer (gpointer user_data)
{
  monia_notifier_check (MONIA_NOTIFIER (user_data), 0);
  return G_SOURCE_CONTINUE;
}

void
monia_notifier_start (MoniaNotifier *self,
                      guint          interval_seconds)
{
  g_return_if_fail (MONIA_IS_NOTIFIER (self));

  g_clear_handle_id (&self->timer_id, g_source_remove);
  monia_notifier_check (self, 0);
  self->timer_id = g_timeout_add_seconds (MAX (interval_seconds, 1), on_timer, self);
}

static void
monia_notifier_dispose (GObject *object)
{
  MoniaNotifier *self = MONIA_NOTIFIER (object);

  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (monia_notifier_parent_class)->dispose (object);
}

static void
monia_notifier_finalize (GObject *object)
{
  MoniaNotifier *self = MONIA_NOTIFIER (object);

  g_clear_pointer (&self->told, g_hash_table_unref);

  G_OBJECT_CLASS (monia_notifier_parent_class)->finalize (object);
}

static void
monia_notifier_class_init (MoniaNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = monia_notifier_dispose;
  object_class->finalize = monia_notifier_finalize;
}

static void
monia_notifier_init (MoniaNotifier *self)
{
  self->told = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

MoniaNotifier *
monia_notifier_new (MoniaStore      *store,
                    GSettings       *settings,
                    MoniaNotifySend  send,
                    gpointer         user_data)
{
  MoniaNotifier *self;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (send != NULL, NULL);

  self = g_object_new (MONIA_TYPE_NOTIFIER, NULL);
  self->store = g_object_ref (store);
  self->settings = settings != NULL ? g_object_ref (settings) : NULL;
  self->send = send;
  self->send_data = user_data;
  g_signal_connect_object (store, "record-changed", G_CALLBACK (on_record_changed), self, G_CONNECT_SWAPPED);
  return self;
}
