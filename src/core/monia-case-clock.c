/* monia-case-clock.c — each case's next statutory day, for the case lists
 *
 * A list of a region's cases sorted or filtered by deadline needs every
 * case's next day at once: asking the store case by case took one query
 * each. The open clocks of all cases come from one query instead, kept
 * until a commit changes an assessment, a plan or a case.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-case-clock"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "monia-case-clock.h"
#include "monia-store-private.h"

/* Every open clock of every case: the same fields monia_case_next_deadline()
 * reads, and the agreed plan's review day. */
static const char open_clocks_sql[] =
  "SELECT case_id, 1, decision_due FROM assessments"
  "  WHERE deleted = 0 AND decision_due IS NOT NULL AND started_on IS NULL"
  " UNION ALL "
  "SELECT case_id, 2, completion_due FROM assessments"
  "  WHERE deleted = 0 AND completion_due IS NOT NULL AND completed_on IS NULL"
  " UNION ALL "
  "SELECT case_id, 3, review_on FROM plans"
  "  WHERE deleted = 0 AND status = 'agreed' AND review_on IS NOT NULL";

const char *
monia_clock_kind_to_label (MoniaClockKind kind)
{
  switch (kind)
    {
    case MONIA_CLOCK_DECISION:
      /* Translators: the statutory clock to decide whether to start the
       * service need assessment (and tell the family), 7 working days */
      return C_("statutory clock", "Decision to start");
    case MONIA_CLOCK_COMPLETION:
      /* Translators: the statutory clock to complete the assessment, 3 months */
      return C_("statutory clock", "Assessment completion");
    case MONIA_CLOCK_PLAN_REVIEW:
      /* Translators: the day the client plan is to be reviewed */
      return C_("statutory clock", "Plan review");
    case MONIA_CLOCK_NONE:
    default:
      return NULL;
    }
}

gboolean
monia_clock_kind_counts_working_days (MoniaClockKind kind)
{
  return kind == MONIA_CLOCK_DECISION;
}

void
monia_clock_status_init (MoniaClockStatus *out,
                         MoniaCalendar    *calendar,
                         MoniaClockKind    kind,
                         const GDate      *due,
                         const GDate      *today)
{
  GDate sunday;

  g_return_if_fail (out != NULL);
  g_return_if_fail (calendar != NULL);
  g_return_if_fail (today != NULL && g_date_valid (today));

  memset (out, 0, sizeof *out);
  g_date_clear (&out->due, 1);
  if (kind == MONIA_CLOCK_NONE || due == NULL || !g_date_valid (due))
    return;

  out->kind = kind;
  out->due = *due;
  out->days_left = g_date_days_between (today, due);
  out->late = out->days_left < 0;
  if (out->late)
    out->late_by = monia_clock_kind_counts_working_days (kind)
      ? MAX (1, monia_calendar_working_days_between (calendar, due, today))
      : -out->days_left;
  else
    out->working_days_left = monia_calendar_working_days_between (calendar, today, due);

  sunday = *today;
  g_date_add_days (&sunday, G_DATE_SUNDAY - g_date_get_weekday (today));
  out->due_this_week = !out->late && g_date_compare (due, &sunday) <= 0;
}

char *
monia_clock_status_format_when (const MoniaClockStatus *status)
{
  guint n;

  g_return_val_if_fail (status != NULL, NULL);

  if (status->kind == MONIA_CLOCK_NONE)
    return NULL;

  if (status->late)
    {
      n = status->late_by;
      if (monia_clock_kind_counts_working_days (status->kind))
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u working day late",
                                             "%u working days late", n), n);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day late", "%u days late", n), n);
    }

  if (status->days_left == 0)
    return g_strdup (_("Due today"));
  if (status->days_left == 1)
    return g_strdup (_("Due tomorrow"));
  if (monia_clock_kind_counts_working_days (status->kind))
    {
      n = status->working_days_left;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u working day left",
                                           "%u working days left", n), n);
    }
  n = status->days_left;
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day left", "%u days left", n), n);
}

gint
monia_clock_status_compare (const MoniaClockStatus *a,
                            const MoniaClockStatus *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, 0);

  if ((a->kind == MONIA_CLOCK_NONE) != (b->kind == MONIA_CLOCK_NONE))
    return a->kind == MONIA_CLOCK_NONE ? 1 : -1;
  if (a->kind == MONIA_CLOCK_NONE)
    return 0;
  if (g_date_compare (&a->due, &b->due) != 0)
    return g_date_compare (&a->due, &b->due);
  return (a->kind > b->kind) - (a->kind < b->kind);
}

/* MoniaCaseClocks ----------------------------------------------------------- */

struct _MoniaCaseClocks
{
  GObject        parent_instance;

  MoniaStore    *store;
  MoniaCalendar *calendar;
  GHashTable    *next;      /* case id → its earliest open clock, packed; NULL until read */
  gboolean       dirty;     /* a clock changed in the batch being committed */
};

G_DEFINE_FINAL_TYPE (MoniaCaseClocks, monia_case_clocks, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A clock in a pointer: its day (Julian) and its kind. */
#define PACK(julian, kind) GUINT_TO_POINTER ((julian) * 4u + (guint) (kind))
#define PACKED_JULIAN(p) (GPOINTER_TO_UINT (p) / 4u)
#define PACKED_KIND(p) ((MoniaClockKind) (GPOINTER_TO_UINT (p) % 4u))

static gboolean
is_earlier (guint32        julian,
            MoniaClockKind kind,
            gpointer       than)
{
  return julian < PACKED_JULIAN (than) ||
         (julian == PACKED_JULIAN (than) && kind < PACKED_KIND (than));
}

static GHashTable *
read_open_clocks (MoniaCaseClocks *self)
{
  g_autoptr(GHashTable) next = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = _monia_store_static_statement (self->store, open_clocks_sql, &error);
  int rc;

  if (stmt == NULL)
    {
      /* The lists show no deadlines rather than wrong ones. */
      g_warning ("Could not read the cases’ deadlines: %s", error->message);
      return g_steal_pointer (&next);
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *case_id = (const char *) sqlite3_column_text (stmt, 0);
      MoniaClockKind kind = sqlite3_column_int (stmt, 1);
      const char *day = (const char *) sqlite3_column_text (stmt, 2);
      gpointer known;
      GDate due;

      g_date_clear (&due, 1);
      if (case_id == NULL || !monia_date_parse_iso (day, &due, NULL))
        continue;
      if (!g_hash_table_lookup_extended (next, case_id, NULL, &known) ||
          is_earlier (g_date_get_julian (&due), kind, known))
        g_hash_table_insert (next, g_strdup (case_id), PACK (g_date_get_julian (&due), kind));
    }
  if (rc != SQLITE_DONE)
    g_warning ("Could not read the cases’ deadlines: %s",
               sqlite3_errmsg (_monia_store_get_db (self->store)));
  sqlite3_reset (stmt);

  return g_steal_pointer (&next);
}

static void
on_record_changed (MoniaCaseClocks *self,
                   const char      *kind,
                   const char       *id)
{
  if (g_str_equal (kind, "assessment") || g_str_equal (kind, "plan") || g_str_equal (kind, "case"))
    self->dirty = TRUE;
}

static void
on_committed (MoniaCaseClocks *self)
{
  if (!self->dirty)
    return;
  self->dirty = FALSE;
  g_clear_pointer (&self->next, g_hash_table_unref);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
monia_case_clocks_dispose (GObject *object)
{
  MoniaCaseClocks *self = MONIA_CASE_CLOCKS (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (monia_case_clocks_parent_class)->dispose (object);
}

static void
monia_case_clocks_finalize (GObject *object)
{
  MoniaCaseClocks *self = MONIA_CASE_CLOCKS (object);

  g_clear_pointer (&self->next, g_hash_table_unref);
  g_clear_pointer (&self->calendar, monia_calendar_unref);

  G_OBJECT_CLASS (monia_case_clocks_parent_class)->finalize (object);
}

static void
monia_case_clocks_class_init (MoniaCaseClocksClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = monia_case_clocks_dispose;
  object_class->finalize = monia_case_clocks_finalize;

  /**
   * MoniaCaseClocks::changed:
   * @self: the clocks
   *
   * Emitted after a commit that may have changed some case's clock.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
monia_case_clocks_init (MoniaCaseClocks *self)
{
}

MoniaCaseClocks *
monia_case_clocks_new (MoniaStore    *store,
                       MoniaCalendar *calendar)
{
  MoniaCaseClocks *self;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);

  self = g_object_new (MONIA_TYPE_CASE_CLOCKS, NULL);
  self->store = g_object_ref (store);
  self->calendar = calendar != NULL ? monia_calendar_ref (calendar) : monia_calendar_new ();

  g_signal_connect_object (store, "record-changed", G_CALLBACK (on_record_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "committed", G_CALLBACK (on_committed), self, G_CONNECT_SWAPPED);
  return self;
}

MoniaStore *
monia_case_clocks_get_store (MoniaCaseClocks *self)
{
  g_return_val_if_fail (MONIA_IS_CASE_CLOCKS (self), NULL);

  return self->store;
}

MoniaCalendar *
monia_case_clocks_get_calendar (MoniaCaseClocks *self)
{
  g_return_val_if_fail (MONIA_IS_CASE_CLOCKS (self), NULL);

  return self->calendar;
}

gboolean
monia_case_clocks_get (MoniaCaseClocks  *self,
                       MoniaRecord      *case_record,
                       const GDate      *today,
                       MoniaClockStatus *out)
{
  gpointer packed;
  GDate due;

  g_return_val_if_fail (MONIA_IS_CASE_CLOCKS (self), FALSE);
  g_return_val_if_fail (MONIA_IS_RECORD (case_record), FALSE);
  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  monia_clock_status_init (out, self->calendar, MONIA_CLOCK_NONE, NULL, today);

  /* A closed case asks nothing more of anyone. */
  if (g_strcmp0 (monia_record_get_string (case_record, "status"), "closed") == 0)
    return FALSE;

  if (self->next == NULL)
    self->next = read_open_clocks (self);
  if (!g_hash_table_lookup_extended (self->next, monia_record_get_id (case_record), NULL, &packed))
    return FALSE;

  g_date_clear (&due, 1);
  g_date_set_julian (&due, PACKED_JULIAN (packed));
  monia_clock_status_init (out, self->calendar, PACKED_KIND (packed), &due, today);
  return TRUE;
}
