/* monia-report-thl.c — the THL half-year return of child welfare
 * processing times
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Counted as the issue and DOMAIN.md give it, over the not-deleted
 * assessments of kind child welfare (s.26):
 * - start: those whose matter became pending in the period; within = the
 *   decision to start on or before the 7th working day after the pending
 *   day; late = decided after it, or not decided while that day is before
 *   the as-of day; still within the limit = not decided and the day not
 *   yet passed;
 * - completion: those completed in the period; within = completed on or
 *   before the pending day plus 3 months (the month-end rule); late
 *   otherwise.
 */
#define G_LOG_DOMAIN "monia-report"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "monia-error.h"
#include "monia-report-private.h"
#include "monia-store-private.h"

void
monia_thl_period_of_day (const GDate *day,
                         GDate       *out_from,
                         GDate       *out_to,
                         GDate       *out_due)
{
  GDateYear year;
  GDateMonth month;

  g_return_if_fail (day != NULL && g_date_valid (day));

  year = g_date_get_year (day);
  month = g_date_get_month (day);
  g_date_clear (out_from, 1);
  g_date_clear (out_to, 1);
  if (out_due != NULL)
    g_date_clear (out_due, 1);

  if (month >= G_DATE_APRIL && month <= G_DATE_SEPTEMBER)
    {
      g_date_set_dmy (out_from, 1, G_DATE_APRIL, year);
      g_date_set_dmy (out_to, 30, G_DATE_SEPTEMBER, year);
      if (out_due != NULL)
        g_date_set_dmy (out_due, 17, G_DATE_OCTOBER, year);
      return;
    }
  /* October to March: the half-year runs over the turn of the year. */
  if (month >= G_DATE_OCTOBER)
    year++;
  g_date_set_dmy (out_from, 1, G_DATE_OCTOBER, year - 1);
  g_date_set_dmy (out_to, 31, G_DATE_MARCH, year);
  if (out_due != NULL)
    g_date_set_dmy (out_due, 17, G_DATE_APRIL, year);
}

static guint
start_band (guint working_days_late)
{
  return working_days_late <= 7 ? 0 : working_days_late <= 14 ? 1 : 2;
}

static guint
completion_band (guint days_late)
{
  return days_late <= 30 ? 0 : days_late <= 90 ? 1 : 2;
}

static gint
working_days_late (MoniaCalendar *calendar,
                   guint32        deadline,
                   guint32        day)
{
  GDate from, to;

  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  g_date_set_julian (&from, deadline);
  g_date_set_julian (&to, day);
  /* A day after the deadline that is itself no working day (the Saturday
   * after a Friday deadline) is still late: by at least one. */
  return MAX (1, monia_calendar_working_days_between (calendar, &from, &to));
}

typedef struct
{
  gboolean started_in;     /* became pending in the period */
  gboolean completed_in;   /* completed in the period */
  gint     start;          /* 0 within, 1 late, 2 not started within limit, 3 not started late */
  guint    start_late;     /* working days */
  gboolean completion_late;
  guint    completion_days_late;
} Outcome;

static void
add_outcome (MoniaThlCounts *counts,
             const Outcome  *o)
{
  if (o->started_in)
    {
      counts->became_pending++;
      switch (o->start)
        {
        case 0:
          counts->started_within_7++;
          break;
        case 1:
          counts->started_late++;
          counts->start_late_by[start_band (o->start_late)]++;
          break;
        case 2:
          counts->not_started_within_limit++;
          break;
        default:
          counts->not_started_late++;
          counts->start_late_by[start_band (o->start_late)]++;
          break;
        }
    }
  if (o->completed_in)
    {
      counts->completed++;
      if (o->completion_late)
        {
          counts->completed_late++;
          counts->completion_late_by[completion_band (o->completion_days_late)]++;
        }
      else
        counts->completed_within_3_months++;
    }
}

static gint
compare_late (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  MoniaReportData *data = user_data;
  const MoniaThlLate *x = a, *y = b;
  const MoniaReportAssessment *ax = monia_report_data_get_assessment (data, x->assessment);
  const MoniaReportAssessment *ay = monia_report_data_get_assessment (data, y->assessment);

  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  if (ax->pending_on != ay->pending_on)
    return ax->pending_on < ay->pending_on ? -1 : 1;
  return g_strcmp0 (ax->id, ay->id);
}

MoniaThlReturn *
monia_thl_return_compute (MoniaReportData *data,
                          guint            unit,
                          const GDate     *from,
                          const GDate     *to,
                          const GDate     *as_of,
                          MoniaCalendar   *calendar)
{
  g_autoptr(MoniaCalendar) own_calendar = NULL;
  MoniaThlReturn *self;
  guint32 first, last, asof;
  guint n_units;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (unit < monia_report_data_get_n_units (data), NULL);
  g_return_val_if_fail (from != NULL && g_date_valid (from), NULL);
  g_return_val_if_fail (to != NULL && g_date_valid (to), NULL);
  g_return_val_if_fail (as_of != NULL && g_date_valid (as_of), NULL);

  if (calendar == NULL)
    calendar = own_calendar = monia_calendar_new ();

  n_units = monia_report_data_get_n_units (data);
  self = g_new0 (MoniaThlReturn, 1);
  self->from = *from;
  self->to = *to;
  self->as_of = *as_of;
  self->unit = unit;
  self->units = g_new0 (MoniaThlCounts, n_units);
  self->late = g_array_new (FALSE, FALSE, sizeof (MoniaThlLate));
  first = g_date_get_julian (from);
  last = g_date_get_julian (to);
  asof = g_date_get_julian (as_of);

  for (guint i = 0; i < data->assessments->len; i++)
    {
      const MoniaReportAssessment *a = &g_array_index (data->assessments, MoniaReportAssessment, i);
      Outcome o = { FALSE };
      gboolean in_unit;

      if (a->kind != MONIA_REPORT_KIND_CHILD_WELFARE || a->pending_on == 0 || a->decision_due == 0)
        continue;
      o.started_in = a->pending_on >= first && a->pending_on <= last;
      o.completed_in = a->completed_on != 0 && a->completed_on >= first && a->completed_on <= last;
      if (!o.started_in && !o.completed_in)
        continue;

      if (o.started_in)
        {
          if (a->started_on != 0)
            {
              o.start = a->started_on <= a->decision_due ? 0 : 1;
              if (o.start == 1)
                o.start_late = (guint) working_days_late (calendar, a->decision_due, a->started_on);
            }
          else if (a->decision_due < asof)
            {
              o.start = 3;
              o.start_late = (guint) working_days_late (calendar, a->decision_due, asof);
            }
          else
            o.start = 2;
        }
      if (o.completed_in)
        {
          o.completion_late = a->completed_on > a->completion_due;
          if (o.completion_late)
            o.completion_days_late = a->completed_on - a->completion_due;
        }

      in_unit = unit == 0;
      for (guint k = data->case_unit_start[a->case_index]; k < data->case_unit_start[a->case_index + 1]; k++)
        {
          add_outcome (&self->units[data->case_units[k]], &o);
          in_unit = in_unit || data->case_units[k] == unit;
        }
      if (!in_unit)
        continue;

      if (o.started_in && (o.start == 1 || o.start == 3))
        {
          MoniaThlLate late = { i, o.start == 1 ? MONIA_THL_STARTED_LATE : MONIA_THL_NOT_STARTED_LATE, o.start_late };

          g_array_append_val (self->late, late);
        }
      if (o.completed_in && o.completion_late)
        {
          MoniaThlLate late = { i, MONIA_THL_COMPLETED_LATE, o.completion_days_late };

          g_array_append_val (self->late, late);
        }
    }

  self->counts = self->units[unit];
  g_array_sort_with_data (self->late, compare_late, data);
  return self;
}

void
monia_thl_return_free (MoniaThlReturn *self)
{
  if (self == NULL)
    return;
  g_free (self->units);
  g_array_unref (self->late);
  g_free (self);
}

/* ---- writing it out ---- */

static void
append_counts_json (GString              *out,
                    const MoniaThlCounts *c)
{
  g_string_append_printf (out,
                          "\"became_pending\":%u,\"started_within_7\":%u,\"started_late\":%u,"
                          "\"not_started_within_limit\":%u,\"not_started_late\":%u,"
                          "\"started_within_7_percent\":",
                          c->became_pending, c->started_within_7, c->started_late,
                          c->not_started_within_limit, c->not_started_late);
  _monia_report_json_share (out, c->started_within_7, c->became_pending);
  g_string_append_printf (out, ",\"completed\":%u,\"completed_within_3_months\":%u,\"completed_late\":%u,"
                          "\"completed_within_3_months_percent\":",
                          c->completed, c->completed_within_3_months, c->completed_late);
  _monia_report_json_share (out, c->completed_within_3_months, c->completed);
  g_string_append_printf (out, ",\"start_late_by_working_days\":{\"1-7\":%u,\"8-14\":%u,\"15+\":%u}",
                          c->start_late_by[0], c->start_late_by[1], c->start_late_by[2]);
  g_string_append_printf (out, ",\"completion_late_by_days\":{\"1-30\":%u,\"31-90\":%u,\"91+\":%u}",
                          c->completion_late_by[0], c->completion_late_by[1], c->completion_late_by[2]);
}

static const char *
late_kind_name (MoniaThlLateKind kind)
{
  switch (kind)
    {
    case MONIA_THL_STARTED_LATE:
      return "started_late";
    case MONIA_THL_NOT_STARTED_LATE:
      return "not_started_late";
    case MONIA_THL_COMPLETED_LATE:
    default:
      return "completed_late";
    }
}

static void
append_unit_json (GString               *out,
                  const MoniaReportUnit *unit)
{
  g_string_append (out, "{\"kind\":");
  _monia_report_json_string (out, _monia_report_unit_kind_name (unit->kind));
  g_string_append (out, ",\"id\":");
  _monia_report_json_string (out, unit->id);
  g_string_append (out, ",\"name\":");
  _monia_report_json_string (out, unit->name);
}

/* Units worth a line: those with something counted, and the one asked for. */
static gboolean
counts_empty (const MoniaThlCounts *c)
{
  return c->became_pending == 0 && c->completed == 0;
}

/* Whether unit @u is inside the return's unit: everything is in the
 * region; a team holds its pairs and workers. */
static gboolean
unit_within (MoniaReportData *data,
             guint            outer,
             guint            u)
{
  const MoniaReportUnit *o = monia_report_data_get_unit (data, outer);
  const MoniaReportUnit *x = monia_report_data_get_unit (data, u);

  if (o->kind == MONIA_UNIT_REGION)
    return TRUE;
  if (o->kind == MONIA_UNIT_TEAM)
    return u == outer || g_strcmp0 (x->team_id, o->id) == 0;
  return u == outer;
}

char *
monia_thl_return_to_json (MoniaThlReturn  *self,
                          MoniaReportData *data,
                          const char      *comment)
{
  GString *out = g_string_new (NULL);
  GDate from, to, due;
  gboolean half_year;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (data != NULL, NULL);

  monia_thl_period_of_day (&self->from, &from, &to, &due);
  half_year = g_date_compare (&from, &self->from) == 0 && g_date_compare (&to, &self->to) == 0;

  g_string_append (out, "{\"from\":");
  _monia_report_json_day (out, g_date_get_julian (&self->from));
  g_string_append (out, ",\"to\":");
  _monia_report_json_day (out, g_date_get_julian (&self->to));
  g_string_append (out, ",\"as_of\":");
  _monia_report_json_day (out, g_date_get_julian (&self->as_of));
  g_string_append (out, ",\"due\":");
  _monia_report_json_day (out, half_year ? g_date_get_julian (&due) : 0);
  g_string_append (out, ",\"unit\":");
  append_unit_json (out, monia_report_data_get_unit (data, self->unit));
  g_string_append (out, "},");
  append_counts_json (out, &self->counts);

  g_string_append (out, ",\"late\":[");
  for (guint i = 0; i < self->late->len; i++)
    {
      const MoniaThlLate *late = &g_array_index (self->late, MoniaThlLate, i);
      const MoniaReportAssessment *a = monia_report_data_get_assessment (data, late->assessment);
      const MoniaReportCase *c = monia_report_data_get_case (data, a->case_index);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"late\":");
      _monia_report_json_string (out, late_kind_name (late->kind));
      g_string_append_printf (out, ",\"days_late\":%u,\"assessment_id\":", late->days_late);
      _monia_report_json_string (out, a->id);
      g_string_append (out, ",\"case_id\":");
      _monia_report_json_string (out, c->id);
      if (c->title != NULL)
        {
          g_string_append (out, ",\"title\":");
          _monia_report_json_string (out, c->title);
        }
      g_string_append (out, ",\"owner_id\":");
      _monia_report_json_string (out, c->owner_id);
      g_string_append (out, ",\"team_id\":");
      _monia_report_json_string (out, c->team_id);
      g_string_append (out, ",\"pending_on\":");
      _monia_report_json_day (out, a->pending_on);
      g_string_append (out, ",\"decision_due\":");
      _monia_report_json_day (out, a->decision_due);
      g_string_append (out, ",\"started_on\":");
      _monia_report_json_day (out, a->started_on);
      g_string_append (out, ",\"completion_due\":");
      _monia_report_json_day (out, a->completion_due);
      g_string_append (out, ",\"completed_on\":");
      _monia_report_json_day (out, a->completed_on);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');

  for (MoniaUnitKind kind = MONIA_UNIT_TEAM; kind <= MONIA_UNIT_WORKER; kind++)
    {
      static const char *keys[] = { NULL, "teams", "pairs", "workers" };
      gboolean first = TRUE;

      g_string_append_printf (out, ",\"%s\":[", keys[kind]);
      for (guint u = 1; u < monia_report_data_get_n_units (data); u++)
        {
          const MoniaReportUnit *unit = monia_report_data_get_unit (data, u);

          if (unit->kind != kind || !unit_within (data, self->unit, u) ||
              (counts_empty (&self->units[u]) && u != self->unit))
            continue;
          if (!first)
            g_string_append_c (out, ',');
          first = FALSE;
          append_unit_json (out, unit);
          g_string_append_c (out, ',');
          append_counts_json (out, &self->units[u]);
          g_string_append_c (out, '}');
        }
      g_string_append_c (out, ']');
    }

  g_string_append (out, ",\"comment\":");
  _monia_report_json_string (out, comment != NULL ? comment : "");
  g_string_append (out, "}\n");
  return g_string_free (out, FALSE);
}

static void
csv_number (GString *out,
            guint    n)
{
  g_string_append_printf (out, ",%u", n);
}

static void
csv_share (GString *out,
           guint    part,
           guint    whole)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (out, ',');
  if (whole > 0)
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.1f", monia_report_share (part, whole)));
}

static const char *
unit_kind_label (MoniaUnitKind kind)
{
  switch (kind)
    {
    case MONIA_UNIT_TEAM:
      return C_("report unit", "Team");
    case MONIA_UNIT_PAIR:
      return C_("report unit", "Work pair");
    case MONIA_UNIT_WORKER:
      return C_("report unit", "Worker");
    case MONIA_UNIT_REGION:
    default:
      return C_("report unit", "Wellbeing services county");
    }
}

static void
csv_counts_row (GString               *out,
                const MoniaReportUnit *unit,
                const MoniaThlCounts  *c)
{
  _monia_report_csv_field (out, unit_kind_label (unit->kind));
  g_string_append_c (out, ',');
  _monia_report_csv_field (out, unit->name != NULL ? unit->name : unit->id);
  csv_number (out, c->became_pending);
  csv_number (out, c->started_within_7);
  csv_share (out, c->started_within_7, c->became_pending);
  csv_number (out, c->started_late);
  csv_number (out, c->not_started_within_limit);
  csv_number (out, c->not_started_late);
  for (guint i = 0; i < MONIA_THL_N_LATE_BANDS; i++)
    csv_number (out, c->start_late_by[i]);
  csv_number (out, c->completed);
  csv_number (out, c->completed_within_3_months);
  csv_share (out, c->completed_within_3_months, c->completed);
  csv_number (out, c->completed_late);
  for (guint i = 0; i < MONIA_THL_N_LATE_BANDS; i++)
    csv_number (out, c->completion_late_by[i]);
  g_string_append (out, "\r\n");
}

static void
csv_header (GString            *out,
            const char * const *columns,
            guint               n)
{
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      _monia_report_csv_field (out, columns[i]);
    }
  g_string_append (out, "\r\n");
}

char *
monia_thl_return_to_csv (MoniaThlReturn  *self,
                         MoniaReportData *data,
                         const char      *comment)
{
  GString *out = g_string_new (NULL);
  char from[16], to[16], as_of[16];
  const char *counts_columns[] = {
    _("Unit"), _("Name"),
    _("Became pending"), _("Decided within 7 working days"), _("Decided within 7 working days, %"),
    _("Decided late"), _("Not decided, within the limit"), _("Not decided, late"),
    _("Late 1–7 working days"), _("Late 8–14 working days"), _("Late 15 or more working days"),
    _("Completed"), _("Completed within 3 months"), _("Completed within 3 months, %"), _("Completed late"),
    _("Late 1–30 days"), _("Late 31–90 days"), _("Late 91 or more days"),
  };
  const char *late_columns[] = {
    _("Late"), _("Days late"), _("Case"), _("Responsible worker"), _("Became pending"),
    _("Decision due"), _("Decided"), _("Completion due"), _("Completed"),
  };

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (data != NULL, NULL);

  /* Translators: the first line of the THL return as a spreadsheet; the
   * %s are days (YYYY-MM-DD) */
  g_string_append_printf (out, _("THL return of child welfare processing times %s – %s, as of %s"),
                          monia_report_format_day (g_date_get_julian (&self->from), from),
                          monia_report_format_day (g_date_get_julian (&self->to), to),
                          monia_report_format_day (g_date_get_julian (&self->as_of), as_of));
  g_string_append (out, "\r\n\r\n");

  csv_header (out, counts_columns, G_N_ELEMENTS (counts_columns));
  csv_counts_row (out, monia_report_data_get_unit (data, self->unit), &self->counts);
  for (guint u = 1; u < monia_report_data_get_n_units (data); u++)
    if (u != self->unit && unit_within (data, self->unit, u) && !counts_empty (&self->units[u]))
      csv_counts_row (out, monia_report_data_get_unit (data, u), &self->units[u]);

  g_string_append (out, "\r\n");
  csv_header (out, late_columns, G_N_ELEMENTS (late_columns));
  for (guint i = 0; i < self->late->len; i++)
    {
      const MoniaThlLate *late = &g_array_index (self->late, MoniaThlLate, i);
      const MoniaReportAssessment *a = monia_report_data_get_assessment (data, late->assessment);
      const MoniaReportCase *c = monia_report_data_get_case (data, a->case_index);
      const char *owner = monia_report_data_lookup_name (data, c->owner_id);
      const char *kind;
      char buf[16];

      switch (late->kind)
        {
        case MONIA_THL_STARTED_LATE:
          kind = _("Decided late");
          break;
        case MONIA_THL_NOT_STARTED_LATE:
          kind = _("Not decided, late");
          break;
        case MONIA_THL_COMPLETED_LATE:
        default:
          kind = _("Completed late");
          break;
        }
      _monia_report_csv_field (out, kind);
      csv_number (out, late->days_late);
      g_string_append_c (out, ',');
      _monia_report_csv_field (out, c->title != NULL ? c->title : c->id);
      g_string_append_c (out, ',');
      _monia_report_csv_field (out, owner != NULL ? owner : c->owner_id);
      g_string_append_printf (out, ",%s", monia_report_format_day (a->pending_on, buf));
      g_string_append_printf (out, ",%s", monia_report_format_day (a->decision_due, buf));
      g_string_append_printf (out, ",%s", monia_report_format_day (a->started_on, buf));
      g_string_append_printf (out, ",%s", monia_report_format_day (a->completion_due, buf));
      g_string_append_printf (out, ",%s\r\n", monia_report_format_day (a->completed_on, buf));
    }

  g_string_append (out, "\r\n");
  _monia_report_csv_field (out, _("Comment for the supervisor"));
  g_string_append_c (out, ',');
  _monia_report_csv_field (out, comment != NULL ? comment : "");
  g_string_append (out, "\r\n");
  return g_string_free (out, FALSE);
}

/* ---- the comment ---- */

static char *
comment_key (const GDate *from,
             const GDate *to)
{
  char a[16], b[16];

  return g_strdup_printf ("report.thl_comment.%s.%s", monia_report_format_day (g_date_get_julian (from), a),
                          monia_report_format_day (g_date_get_julian (to), b));
}

char *
monia_thl_get_comment (MoniaStore  *store,
                       const GDate *from,
                       const GDate *to)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);
  g_return_val_if_fail (from != NULL && to != NULL, NULL);

  key = comment_key (from, to);
  return _monia_store_read_meta (store, key);
}

gboolean
monia_thl_set_comment (MoniaStore   *store,
                       const GDate  *from,
                       const GDate  *to,
                       const char   *comment,
                       GError      **error)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (MONIA_IS_STORE (store), FALSE);
  g_return_val_if_fail (from != NULL && to != NULL, FALSE);

  if (comment != NULL && !g_utf8_validate (comment, -1, NULL))
    {
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                           _("The comment is not readable text."));
      return FALSE;
    }
  if (comment != NULL && strlen (comment) > 100 * 1000)
    {
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                           _("The comment is too long: it may be at most 100 kB."));
      return FALSE;
    }
  key = comment_key (from, to);
  return _monia_store_write_meta (store, key, comment != NULL ? comment : "", error);
}
