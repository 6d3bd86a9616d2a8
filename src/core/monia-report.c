/* monia-report.c — the data the team lead's figures are counted over, and
 * the figures of the Team Overview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The data is read with a few plain statements (no records are made: a
 * region's 50,000 cases must be counted in well under a second), and the
 * relations the figures need are kept as compressed rows: each unit's
 * cases, each case's units, assessments and children.
 */
#define G_LOG_DOMAIN "monia-report"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "monia-error.h"
#include "monia-policy.h"
#include "monia-report-private.h"
#include "monia-store-private.h"

G_DEFINE_BOXED_TYPE (MoniaReportData, monia_report_data, monia_report_data_ref, monia_report_data_unref)

/* ---- small helpers ---- */

const char *
monia_report_format_day (guint32  julian,
                         char    *buf)
{
  GDate date;

  if (julian == 0 || !g_date_valid_julian (julian))
    {
      buf[0] = '\0';
      return buf;
    }
  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  g_snprintf (buf, 11, "%04u-%02u-%02u", g_date_get_year (&date), g_date_get_month (&date),
              g_date_get_day (&date));
  return buf;
}

/* "YYYY-MM-DD" as a Julian day, or 0 when it is not a day. Fast: a region
 * has a few hundred thousand of these. */
static guint32
parse_day (const char *text)
{
  guint year = 0, month, day;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return 0;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return 0;
  year = (guint) ((text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0'));
  month = (guint) ((text[5] - '0') * 10 + (text[6] - '0'));
  day = (guint) ((text[8] - '0') * 10 + (text[9] - '0'));
  if (year < 1 || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return 0;
  {
    GDate date;

    g_date_clear (&date, 1);
    g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
    return g_date_get_julian (&date);
  }
}

void
_monia_report_json_string (GString    *out,
                           const char *text)
{
  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

void
_monia_report_json_day (GString *out,
                        guint32  julian)
{
  char buf[16];

  if (julian == 0)
    g_string_append (out, "null");
  else
    _monia_report_json_string (out, monia_report_format_day (julian, buf));
}

double
monia_report_share (guint part,
                    guint whole)
{
  if (whole == 0)
    return -1.0;
  /* Rounded to one decimal, half away from zero. */
  return (double) ((guint64) part * 1000 / whole + ((guint64) part * 1000 % whole * 2 >= whole ? 1 : 0)) / 10.0;
}

void
_monia_report_json_share (GString *out,
                          guint    part,
                          guint    whole)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (whole == 0)
    g_string_append (out, "null");
  else
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.1f", monia_report_share (part, whole)));
}

void
_monia_report_csv_field (GString    *out,
                         const char *text)
{
  /* A text starting like a formula is made plain text for a spreadsheet:
   * a name or comment must never run as one. */
  gboolean formula = text != NULL && strchr ("=+-@", text[0]) != NULL && text[0] != '\0';

  if (text == NULL)
    return;
  if (!formula && strpbrk (text, ",\"\n\r;") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  if (formula)
    g_string_append_c (out, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

const char *
_monia_report_unit_kind_name (MoniaUnitKind kind)
{
  static const char *names[] = { "region", "team", "pair", "worker" };

  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (names), "region");
  return names[kind];
}

/* ---- the data ---- */

MoniaReportData *
monia_report_data_ref (MoniaReportData *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
monia_report_data_unref (MoniaReportData *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_clear_pointer (&self->cases, g_array_unref);
  g_clear_pointer (&self->assessments, g_array_unref);
  g_clear_pointer (&self->requests, g_array_unref);
  g_clear_pointer (&self->units, g_array_unref);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_free (self->child_start);
  g_free (self->child_keys);
  g_free (self->assessment_start);
  g_free (self->assessment_order);
  g_free (self->unit_start);
  g_free (self->unit_cases);
  g_free (self->case_unit_start);
  g_free (self->case_units);
  g_free (self);
}

gboolean
monia_report_data_has_contents (MoniaReportData *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->has_contents;
}

guint
monia_report_data_get_n_cases (MoniaReportData *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->cases->len;
}

const MoniaReportCase *
monia_report_data_get_case (MoniaReportData *self,
                            guint            index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->cases->len, NULL);
  return &g_array_index (self->cases, MoniaReportCase, index);
}

guint
monia_report_data_get_n_assessments (MoniaReportData *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->assessments->len;
}

const MoniaReportAssessment *
monia_report_data_get_assessment (MoniaReportData *self,
                                  guint            index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->assessments->len, NULL);
  return &g_array_index (self->assessments, MoniaReportAssessment, index);
}

guint
monia_report_data_get_n_children (MoniaReportData *self,
                                  guint            case_index)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (case_index < self->cases->len, 0);
  return self->child_start[case_index + 1] - self->child_start[case_index];
}

guint
monia_report_data_get_n_requests (MoniaReportData *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->requests->len;
}

const MoniaReportRequest *
monia_report_data_get_request (MoniaReportData *self,
                               guint            index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->requests->len, NULL);
  return &g_array_index (self->requests, MoniaReportRequest, index);
}

guint
monia_report_data_get_n_units (MoniaReportData *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->units->len;
}

const MoniaReportUnit *
monia_report_data_get_unit (MoniaReportData *self,
                            guint            index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->units->len, NULL);
  return &g_array_index (self->units, MoniaReportUnit, index);
}

gint
monia_report_data_find_unit (MoniaReportData *self,
                             MoniaUnitKind    kind,
                             const char      *id)
{
  g_return_val_if_fail (self != NULL, -1);

  if (kind == MONIA_UNIT_REGION)
    return 0;
  for (guint i = 1; i < self->units->len; i++)
    {
      const MoniaReportUnit *unit = &g_array_index (self->units, MoniaReportUnit, i);

      if (unit->kind == kind && g_strcmp0 (unit->id, id) == 0)
        return (gint) i;
    }
  return -1;
}

gboolean
monia_report_unit_has_case (MoniaReportData *self,
                            guint            unit,
                            guint            case_index)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (case_index < self->cases->len, FALSE);

  for (guint i = self->case_unit_start[case_index]; i < self->case_unit_start[case_index + 1]; i++)
    if (self->case_units[i] == unit)
      return TRUE;
  return FALSE;
}

const char *
monia_report_data_lookup_name (MoniaReportData *self,
                               const char      *id)
{
  g_return_val_if_fail (self != NULL, NULL);
  return id != NULL ? g_hash_table_lookup (self->names, id) : NULL;
}

/* ---- building ---- */

typedef struct
{
  const char *id;
  const char *first_id;
  const char *second_id;
  const char *team_id;
  gboolean    ended;
} PairInfo;

typedef struct
{
  const char *id;
  const char *team_id;
  gboolean    worker;    /* role worker (or none): has a caseload */
} PersonInfo;

typedef struct
{
  MoniaReportData *data;
  MoniaCalendar   *calendar;
  GHashTable      *case_index;     /* id → index + 1 */
  GHashTable      *child_index;    /* key → index + 1 */
  GArray          *child_pairs;    /* guint[2]: case, key */
  GHashTable      *pairs;          /* id → PairInfo */
  GArray          *people;         /* PersonInfo */
  GPtrArray       *team_ids;       /* const char *, the directory's */
  const char      *only_team;      /* a lead's view: that team's units only */
  GHashTable      *deadlines;      /* pending day → decision_due, for the calendar's sake */
  GHashTable      *month_ends;     /* pending day → completion_due */
  guint32          today;          /* in Finland: which pairs have ended */
} Builder;

static const char *
intern (Builder    *b,
        const char *text)
{
  return text != NULL ? g_string_chunk_insert_const (b->data->strings, text) : NULL;
}

static void
builder_init (Builder       *b,
              MoniaCalendar *calendar,
              gboolean       has_contents)
{
  memset (b, 0, sizeof *b);
  b->data = g_new0 (MoniaReportData, 1);
  g_atomic_ref_count_init (&b->data->ref_count);
  b->data->strings = g_string_chunk_new (64 * 1024);
  b->data->has_contents = has_contents;
  b->data->cases = g_array_new (FALSE, TRUE, sizeof (MoniaReportCase));
  b->data->assessments = g_array_new (FALSE, TRUE, sizeof (MoniaReportAssessment));
  b->data->requests = g_array_new (FALSE, TRUE, sizeof (MoniaReportRequest));
  b->data->units = g_array_new (FALSE, TRUE, sizeof (MoniaReportUnit));
  b->data->names = g_hash_table_new (g_str_hash, g_str_equal);
  b->calendar = calendar != NULL ? monia_calendar_ref (calendar) : monia_calendar_new ();
  b->case_index = g_hash_table_new (g_str_hash, g_str_equal);
  b->child_index = g_hash_table_new (g_str_hash, g_str_equal);
  b->child_pairs = g_array_new (FALSE, FALSE, sizeof (guint) * 2);
  b->pairs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  b->people = g_array_new (FALSE, FALSE, sizeof (PersonInfo));
  b->team_ids = g_ptr_array_new ();
  b->deadlines = g_hash_table_new (NULL, NULL);
  b->month_ends = g_hash_table_new (NULL, NULL);
}

static void
builder_clear (Builder *b)
{
  g_clear_pointer (&b->data, monia_report_data_unref);
  g_clear_pointer (&b->calendar, monia_calendar_unref);
  g_clear_pointer (&b->case_index, g_hash_table_unref);
  g_clear_pointer (&b->child_index, g_hash_table_unref);
  g_clear_pointer (&b->child_pairs, g_array_unref);
  g_clear_pointer (&b->pairs, g_hash_table_unref);
  g_clear_pointer (&b->people, g_array_unref);
  g_clear_pointer (&b->team_ids, g_ptr_array_unref);
  g_clear_pointer (&b->deadlines, g_hash_table_unref);
  g_clear_pointer (&b->month_ends, g_hash_table_unref);
}

static void
add_name (Builder    *b,
          const char *id,
          const char *name)
{
  if (id != NULL && name != NULL)
    g_hash_table_insert (b->data->names, (gpointer) intern (b, id), (gpointer) intern (b, name));
}

static void
add_team (Builder    *b,
          const char *id,
          const char *name)
{
  if (id == NULL)
    return;
  add_name (b, id, name);
  g_ptr_array_add (b->team_ids, (gpointer) intern (b, id));
}

static void
add_professional (Builder    *b,
                  const char *id,
                  const char *name,
                  const char *team_id,
                  const char *role)
{
  PersonInfo person;

  if (id == NULL)
    return;
  add_name (b, id, name);
  person.id = intern (b, id);
  person.team_id = intern (b, team_id);
  person.worker = role == NULL || *role == '\0' || g_str_equal (role, "worker");
  g_array_append_val (b->people, person);
}

static void
add_pair (Builder    *b,
          const char *id,
          const char *first_id,
          const char *second_id,
          const char *team_id,
          const char *active_until,
          guint32     today)
{
  PairInfo *pair;
  guint32 until = parse_day (active_until);

  if (id == NULL)
    return;
  pair = g_new0 (PairInfo, 1);
  pair->id = intern (b, id);
  pair->first_id = intern (b, first_id);
  pair->second_id = intern (b, second_id);
  pair->team_id = intern (b, team_id);
  pair->ended = until != 0 && until < today;
  g_hash_table_replace (b->pairs, (gpointer) pair->id, pair);
}

static void
add_case (Builder    *b,
          const char *id,
          const char *title,
          const char *status,
          const char *owner_id,
          const char *pair_id,
          const char *team_id,
          const char *opened_on,
          const char *closed_on)
{
  MoniaReportCase c = { NULL };

  if (id == NULL || g_hash_table_contains (b->case_index, id))
    return;
  /* Ids and titles are each one case's: kept without looking for a copy. */
  c.id = g_string_chunk_insert (b->data->strings, id);
  c.title = title != NULL ? g_string_chunk_insert (b->data->strings, title) : NULL;
  c.status = intern (b, status);
  c.owner_id = intern (b, owner_id);
  c.pair_id = intern (b, pair_id);
  c.team_id = intern (b, team_id);
  c.opened_on = parse_day (opened_on);
  c.closed_on = parse_day (closed_on);
  c.closed = c.closed_on != 0 || g_strcmp0 (status, "closed") == 0;
  g_array_append_val (b->data->cases, c);
  g_hash_table_insert (b->case_index, (gpointer) c.id, GUINT_TO_POINTER (b->data->cases->len));
}

static guint32
decision_due_of (Builder *b,
                 guint32  pending)
{
  gpointer cached = g_hash_table_lookup (b->deadlines, GUINT_TO_POINTER (pending));
  GDate from, out;

  if (cached != NULL)
    return GPOINTER_TO_UINT (cached);
  g_date_clear (&from, 1);
  g_date_set_julian (&from, pending);
  if (!monia_calendar_add_working_days (b->calendar, &from, 7, &out, NULL))
    return 0;
  g_hash_table_insert (b->deadlines, GUINT_TO_POINTER (pending), GUINT_TO_POINTER (g_date_get_julian (&out)));
  return g_date_get_julian (&out);
}

static guint32
completion_due_of (Builder *b,
                   guint32  pending)
{
  gpointer cached = g_hash_table_lookup (b->month_ends, GUINT_TO_POINTER (pending));
  GDate from, out;

  if (cached != NULL)
    return GPOINTER_TO_UINT (cached);
  g_date_clear (&from, 1);
  g_date_set_julian (&from, pending);
  if (!monia_calendar_add_months (b->calendar, &from, 3, &out, NULL))
    return 0;
  g_hash_table_insert (b->month_ends, GUINT_TO_POINTER (pending), GUINT_TO_POINTER (g_date_get_julian (&out)));
  return g_date_get_julian (&out);
}

static void
add_assessment (Builder    *b,
                const char *id,
                const char *case_id,
                const char *kind,
                const char *pending_on,
                const char *started_on,
                const char *completed_on)
{
  MoniaReportAssessment a = { NULL };
  gpointer found;

  if (id == NULL || case_id == NULL)
    return;
  /* Assessments of cases not here (deleted, or not this reader's) go. */
  found = g_hash_table_lookup (b->case_index, case_id);
  if (found == NULL)
    return;
  a.case_index = GPOINTER_TO_UINT (found) - 1;
  a.id = g_string_chunk_insert (b->data->strings, id);
  if (g_strcmp0 (kind, "child_welfare_s26") == 0)
    a.kind = MONIA_REPORT_KIND_CHILD_WELFARE;
  else if (g_strcmp0 (kind, "social_welfare_s36") == 0)
    a.kind = MONIA_REPORT_KIND_SOCIAL_WELFARE;
  else
    a.kind = MONIA_REPORT_KIND_OTHER;
  a.pending_on = parse_day (pending_on);
  a.started_on = parse_day (started_on);
  a.completed_on = parse_day (completed_on);
  /* Counted here rather than taken from the record: the return follows
   * the calendar's rules as they are now, and a lead's feed may lack them. */
  if (a.pending_on != 0)
    {
      a.decision_due = decision_due_of (b, a.pending_on);
      a.completion_due = completion_due_of (b, a.pending_on);
    }
  g_array_append_val (b->data->assessments, a);
}

static void
add_child (Builder    *b,
           const char *case_id,
           const char *key)
{
  guint pair[2];
  gpointer found;

  if (case_id == NULL || key == NULL)
    return;
  found = g_hash_table_lookup (b->case_index, case_id);
  if (found == NULL)
    return;
  pair[0] = GPOINTER_TO_UINT (found) - 1;
  found = g_hash_table_lookup (b->child_index, key);
  if (found == NULL)
    {
      found = GUINT_TO_POINTER (g_hash_table_size (b->child_index) + 1);
      g_hash_table_insert (b->child_index, (gpointer) intern (b, key), found);
    }
  pair[1] = GPOINTER_TO_UINT (found) - 1;
  g_array_append_val (b->child_pairs, pair);
}

static void
add_request (Builder    *b,
             const char *id,
             const char *channel,
             gint64      received_at,
             gint64      due_at)
{
  MoniaReportRequest r;

  if (id == NULL)
    return;
  r.id = intern (b, id);
  r.channel = intern (b, channel);
  r.received_at = received_at;
  r.due_at = due_at;
  g_array_append_val (b->data->requests, r);
}

static int
compare_child_pairs (gconstpointer a,
                     gconstpointer b)
{
  const guint *x = a, *y = b;

  if (x[0] != y[0])
    return x[0] < y[0] ? -1 : 1;
  return x[1] < y[1] ? -1 : x[1] > y[1];
}

static void
build_children (Builder *b)
{
  MoniaReportData *d = b->data;
  guint n_cases = d->cases->len;
  guint n = 0;

  g_array_sort (b->child_pairs, compare_child_pairs);
  d->child_start = g_new0 (guint, n_cases + 1);
  d->child_keys = g_new (guint, MAX (b->child_pairs->len, 1));
  for (guint i = 0; i < b->child_pairs->len; i++)
    {
      const guint *pair = &g_array_index (b->child_pairs, guint, 2 * i);

      /* The same child twice in one case counts once. */
      if (i > 0 && compare_child_pairs (pair, &g_array_index (b->child_pairs, guint, 2 * (i - 1))) == 0)
        continue;
      d->child_start[pair[0] + 1]++;
      d->child_keys[n++] = pair[1];
    }
  for (guint c = 0; c < n_cases; c++)
    d->child_start[c + 1] += d->child_start[c];
  d->n_child_keys = g_hash_table_size (b->child_index);
}

static void
build_assessments (Builder *b)
{
  MoniaReportData *d = b->data;
  guint n_cases = d->cases->len;
  g_autofree guint *fill = g_new0 (guint, n_cases + 1);

  d->assessment_start = g_new0 (guint, n_cases + 1);
  d->assessment_order = g_new (guint, MAX (d->assessments->len, 1));
  for (guint i = 0; i < d->assessments->len; i++)
    d->assessment_start[g_array_index (d->assessments, MoniaReportAssessment, i).case_index + 1]++;
  for (guint c = 0; c < n_cases; c++)
    d->assessment_start[c + 1] += d->assessment_start[c];
  memcpy (fill, d->assessment_start, (n_cases + 1) * sizeof (guint));
  for (guint i = 0; i < d->assessments->len; i++)
    d->assessment_order[fill[g_array_index (d->assessments, MoniaReportAssessment, i).case_index]++] = i;
}

static int
compare_units (gconstpointer a,
               gconstpointer b)
{
  const MoniaReportUnit *x = a, *y = b;

  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  if (x->name == NULL || y->name == NULL)
    return x->name == NULL ? (y->name == NULL ? g_strcmp0 (x->id, y->id) : 1) : -1;
  {
    int order = g_utf8_collate (x->name, y->name);

    return order != 0 ? order : g_strcmp0 (x->id, y->id);
  }
}

typedef struct
{
  GHashTable *index;   /* "kind:id" → unit index + 1, while building */
  GArray     *units;
} UnitSet;

static char *
unit_key (MoniaUnitKind  kind,
          const char    *id)
{
  return g_strdup_printf ("%u:%s", kind, id);
}

static void
unit_set_add (UnitSet       *set,
              Builder       *b,
              MoniaUnitKind  kind,
              const char    *id,
              const char    *team_id)
{
  g_autofree char *key = NULL;
  MoniaReportUnit unit = { 0 };

  if (id == NULL)
    return;
  key = unit_key (kind, id);
  if (g_hash_table_contains (set->index, key))
    return;
  unit.kind = kind;
  unit.id = intern (b, id);
  unit.team_id = intern (b, team_id);
  g_array_append_val (set->units, unit);
  g_hash_table_insert (set->index, g_steal_pointer (&key), GUINT_TO_POINTER (set->units->len));
}

static const char *
pair_name (Builder        *b,
           const PairInfo *pair)
{
  const char *first = pair->first_id ? g_hash_table_lookup (b->data->names, pair->first_id) : NULL;
  const char *second = pair->second_id ? g_hash_table_lookup (b->data->names, pair->second_id) : NULL;
  g_autofree char *name = NULL;

  if (first == NULL || second == NULL)
    return NULL;
  /* Translators: a work pair's name: the two professionals' names */
  name = g_strdup_printf (_("%s and %s"), first, second);
  return intern (b, name);
}

static gboolean
in_view (Builder    *b,
         const char *team_id)
{
  return b->only_team == NULL || g_strcmp0 (b->only_team, team_id) == 0;
}

/* The units, and each unit's cases and each case's units. */
static void
build_units (Builder *b)
{
  MoniaReportData *d = b->data;
  UnitSet set = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL), d->units };
  MoniaReportUnit region = { MONIA_UNIT_REGION, NULL, NULL, NULL };
  guint n_cases = d->cases->len, n_units;
  g_autofree guint *fill = NULL;
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTableIter iter;
  gpointer value;

  g_array_append_val (d->units, region);
  for (guint i = 0; i < b->team_ids->len; i++)
    if (in_view (b, g_ptr_array_index (b->team_ids, i)))
      unit_set_add (&set, b, MONIA_UNIT_TEAM, g_ptr_array_index (b->team_ids, i), NULL);
  g_hash_table_iter_init (&iter, b->pairs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      PairInfo *pair = value;

      if (!pair->ended && in_view (b, pair->team_id))
        unit_set_add (&set, b, MONIA_UNIT_PAIR, pair->id, pair->team_id);
    }
  for (guint i = 0; i < b->people->len; i++)
    {
      PersonInfo *person = &g_array_index (b->people, PersonInfo, i);

      if (person->worker && in_view (b, person->team_id))
        unit_set_add (&set, b, MONIA_UNIT_WORKER, person->id, person->team_id);
    }
  /* Whoever the cases name, even if the directory here does not. */
  for (guint c = 0; c < n_cases; c++)
    {
      const MoniaReportCase *rc = &g_array_index (d->cases, MoniaReportCase, c);
      PairInfo *pair = rc->pair_id ? g_hash_table_lookup (b->pairs, rc->pair_id) : NULL;

      unit_set_add (&set, b, MONIA_UNIT_TEAM, rc->team_id, NULL);
      unit_set_add (&set, b, MONIA_UNIT_PAIR, rc->pair_id, pair ? pair->team_id : rc->team_id);
      unit_set_add (&set, b, MONIA_UNIT_WORKER, rc->owner_id, rc->team_id);
      if (pair != NULL)
        {
          unit_set_add (&set, b, MONIA_UNIT_WORKER, pair->first_id, pair->team_id);
          unit_set_add (&set, b, MONIA_UNIT_WORKER, pair->second_id, pair->team_id);
        }
    }

  /* Names, then the order by kind and name. */
  for (guint u = 1; u < d->units->len; u++)
    {
      MoniaReportUnit *unit = &g_array_index (d->units, MoniaReportUnit, u);

      if (unit->kind == MONIA_UNIT_PAIR)
        {
          PairInfo *pair = g_hash_table_lookup (b->pairs, unit->id);

          unit->name = pair != NULL ? pair_name (b, pair) : NULL;
          if (unit->name != NULL)
            add_name (b, unit->id, unit->name);
        }
      else
        unit->name = g_hash_table_lookup (d->names, unit->id);
    }
  g_array_sort (d->units, compare_units);
  g_hash_table_remove_all (set.index);
  for (guint u = 1; u < d->units->len; u++)
    {
      MoniaReportUnit *unit = &g_array_index (d->units, MoniaReportUnit, u);

      g_hash_table_insert (set.index, unit_key (unit->kind, unit->id), GUINT_TO_POINTER (u + 1));
    }

  /* Each case's units: the region, its team, its pair, its owner and the
   * pair's two (once each). */
  n_units = d->units->len;
  d->case_unit_start = g_new0 (guint, n_cases + 1);
  for (guint c = 0; c < n_cases; c++)
    {
      const MoniaReportCase *rc = &g_array_index (d->cases, MoniaReportCase, c);
      PairInfo *pair = rc->pair_id ? g_hash_table_lookup (b->pairs, rc->pair_id) : NULL;
      const struct { MoniaUnitKind kind; const char *id; } refs[] = {
        { MONIA_UNIT_TEAM, rc->team_id },
        { MONIA_UNIT_PAIR, rc->pair_id },
        { MONIA_UNIT_WORKER, rc->owner_id },
        { MONIA_UNIT_WORKER, pair ? pair->first_id : NULL },
        { MONIA_UNIT_WORKER, pair ? pair->second_id : NULL },
      };
      guint start = members->len;
      guint zero = 0;

      g_array_append_val (members, zero);
      for (guint r = 0; r < G_N_ELEMENTS (refs); r++)
        {
          g_autofree char *key = NULL;
          guint u;
          gboolean seen = FALSE;

          if (refs[r].id == NULL)
            continue;
          key = unit_key (refs[r].kind, refs[r].id);
          u = GPOINTER_TO_UINT (g_hash_table_lookup (set.index, key));
          if (u == 0)
            continue;
          u--;
          for (guint k = start; k < members->len; k++)
            seen = seen || g_array_index (members, guint, k) == u;
          if (!seen)
            g_array_append_val (members, u);
        }
      d->case_unit_start[c + 1] = members->len;
    }
  d->case_units = g_memdup2 (members->data, MAX (members->len, 1) * sizeof (guint));

  /* Each unit's cases: the same relation the other way round. */
  d->unit_start = g_new0 (guint, n_units + 1);
  for (guint i = 0; i < members->len; i++)
    d->unit_start[d->case_units[i] + 1]++;
  for (guint u = 0; u < n_units; u++)
    d->unit_start[u + 1] += d->unit_start[u];
  fill = g_memdup2 (d->unit_start, (n_units + 1) * sizeof (guint));
  d->unit_cases = g_new (guint, MAX (members->len, 1));
  for (guint c = 0; c < n_cases; c++)
    for (guint i = d->case_unit_start[c]; i < d->case_unit_start[c + 1]; i++)
      d->unit_cases[fill[d->case_units[i]]++] = c;

  g_hash_table_unref (set.index);
}

static MoniaReportData *
builder_finish (Builder *b)
{
  build_children (b);
  build_assessments (b);
  build_units (b);
  return g_steal_pointer (&b->data);
}

/* ---- reading a store ---- */

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static gboolean
read_rows (sqlite3     *db,
           const char  *sql,
           void       (*row) (Builder *b, sqlite3_stmt *stmt),
           Builder     *b,
           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      row (b, stmt);
      rc = SQLITE_OK;
    }
  if (rc != SQLITE_DONE)
    g_set_error (error, MONIA_ERROR, MONIA_ERROR_STORE,
                 /* Translators: %s is a database message */
                 _("Could not read the figures from the database: %s"), sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE;
}

static void
team_row (Builder      *b,
          sqlite3_stmt *stmt)
{
  add_team (b, column_text (stmt, 0), column_text (stmt, 1));
}

static void
professional_row (Builder      *b,
                  sqlite3_stmt *stmt)
{
  add_professional (b, column_text (stmt, 0), column_text (stmt, 1), column_text (stmt, 2), column_text (stmt, 3));
}

static void
pair_row (Builder      *b,
          sqlite3_stmt *stmt)
{
  add_pair (b, column_text (stmt, 0), column_text (stmt, 1), column_text (stmt, 2), column_text (stmt, 3),
            column_text (stmt, 4), b->today);
}

static void
case_row (Builder      *b,
          sqlite3_stmt *stmt)
{
  add_case (b, column_text (stmt, 0), column_text (stmt, 1), column_text (stmt, 2), column_text (stmt, 3),
            column_text (stmt, 4), column_text (stmt, 5), column_text (stmt, 6), column_text (stmt, 7));
}

static void
assessment_row (Builder      *b,
                sqlite3_stmt *stmt)
{
  add_assessment (b, column_text (stmt, 0), column_text (stmt, 1), column_text (stmt, 2), column_text (stmt, 3),
                  column_text (stmt, 4), column_text (stmt, 5));
}

static void
child_row (Builder      *b,
           sqlite3_stmt *stmt)
{
  add_child (b, column_text (stmt, 0), column_text (stmt, 1));
}

static void
request_row (Builder      *b,
             sqlite3_stmt *stmt)
{
  add_request (b, column_text (stmt, 0), column_text (stmt, 1), sqlite3_column_int64 (stmt, 2),
               sqlite3_column_int64 (stmt, 3));
}

static gboolean
read_directory (Builder  *b,
                sqlite3  *db,
                GError  **error)
{
  GDate today;

  monia_policy_today (&today);
  b->today = g_date_get_julian (&today);
  return read_rows (db, "SELECT id, name FROM teams WHERE deleted = 0 ORDER BY rowid", team_row, b, error) &&
         read_rows (db, "SELECT id, name, team_id, role FROM professionals WHERE deleted = 0 ORDER BY rowid",
                    professional_row, b, error) &&
         read_rows (db, "SELECT id, first_id, second_id, team_id, active_until FROM work_pairs"
                        " WHERE deleted = 0 ORDER BY rowid", pair_row, b, error);
}

static MoniaReportData *
load_from_db (sqlite3        *db,
              MoniaCalendar  *calendar,
              GError        **error)
{
  Builder b;
  gboolean ok;

  builder_init (&b, calendar, TRUE);
  /* One read transaction: the figures are of one moment. */
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  ok = read_directory (&b, db, error) &&
       read_rows (db, "SELECT id, title, status, owner_id, pair_id, team_id, opened_on, closed_on"
                      " FROM cases WHERE deleted = 0 ORDER BY rowid", case_row, &b, error) &&
       read_rows (db, "SELECT id, case_id, kind, pending_on, started_on, completed_on FROM assessments"
                      " WHERE deleted = 0 ORDER BY rowid", assessment_row, &b, error) &&
       read_rows (db, "SELECT case_id, person_id FROM case_people WHERE deleted = 0 AND relation = 'child'",
                  child_row, &b, error) &&
       read_rows (db, "SELECT id, channel, received_at, coalesce (due_at, 0) FROM help_requests"
                      " WHERE deleted = 0 AND outcome IS NULL", request_row, &b, error);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  if (!ok)
    {
      builder_clear (&b);
      return NULL;
    }
  {
    MoniaReportData *data = builder_finish (&b);

    builder_clear (&b);
    return data;
  }
}

MoniaReportData *
monia_report_data_load (MoniaStore     *store,
                        MoniaCalendar  *calendar,
                        GError        **error)
{
  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load_from_db (_monia_store_get_db (store), calendar, error);
}

static void
load_in_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  const char *path = g_object_get_data (G_OBJECT (task), "monia-path");
  MoniaCalendar *calendar = task_data;
  sqlite3 *db = NULL;
  GError *error = NULL;
  MoniaReportData *data;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_task_return_new_error (task, MONIA_ERROR, MONIA_ERROR_STORE,
                               _("Could not read the figures from the database: %s"),
                               db != NULL ? sqlite3_errmsg (db) : "");
      sqlite3_close (db);
      return;
    }
  sqlite3_busy_timeout (db, 5000);
  data = load_from_db (db, calendar, &error);
  sqlite3_close (db);
  if (data == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, data, (GDestroyNotify) monia_report_data_unref);
}

void
monia_report_data_load_async (MoniaStore          *store,
                              MoniaCalendar       *calendar,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MONIA_IS_STORE (store));

  /* The thread reads the store's file, never the store object. */
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, monia_report_data_load_async);
  g_task_set_task_data (task, calendar != NULL ? monia_calendar_ref (calendar) : monia_calendar_new (),
                        (GDestroyNotify) monia_calendar_unref);
  g_object_set_data_full (G_OBJECT (task), "monia-path", g_strdup (monia_store_get_path (store)), g_free);
  g_task_run_in_thread (task, load_in_thread);
}

MoniaReportData *
monia_report_data_load_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- reading the lead feed ---- */

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
    ? json_node_get_string (node) : NULL;
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gint64
member_int (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64
    ? json_node_get_int (node) : 0;
}

MoniaReportData *
monia_report_data_new_from_lead_feed (JsonNode       *feed,
                                      MoniaStore     *directory,
                                      MoniaCalendar  *calendar,
                                      GError        **error)
{
  JsonObject *root;
  JsonArray *cases, *requests;
  Builder b;
  MoniaReportData *data;

  g_return_val_if_fail (feed != NULL, NULL);
  g_return_val_if_fail (directory == NULL || MONIA_IS_STORE (directory), NULL);

  root = JSON_NODE_HOLDS_OBJECT (feed) ? json_node_get_object (feed) : NULL;
  cases = root != NULL ? member_array (root, "cases") : NULL;
  if (cases == NULL)
    {
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                           _("The server’s list of the team’s cases could not be read."));
      return NULL;
    }

  builder_init (&b, calendar, FALSE);
  b.only_team = intern (&b, member_string (root, "team_id"));
  if (directory != NULL && !read_directory (&b, _monia_store_get_db (directory), error))
    {
      builder_clear (&b);
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (cases); i++)
    {
      JsonNode *node = json_array_get_element (cases, i);
      JsonObject *item = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonArray *assessments, *children;
      const char *case_id;

      if (item == NULL || (case_id = member_string (item, "id")) == NULL)
        continue;
      add_case (&b, case_id, member_string (item, "title"), member_string (item, "status"),
                member_string (item, "owner_id"),
                member_string (item, "pair_id"),
                member_string (item, "team_id") != NULL ? member_string (item, "team_id") : b.only_team,
                member_string (item, "opened_on"), member_string (item, "closed_on"));
      if ((assessments = member_array (item, "assessments")) != NULL)
        for (guint k = 0; k < json_array_get_length (assessments); k++)
          {
            JsonNode *a = json_array_get_element (assessments, k);
            JsonObject *ao = JSON_NODE_HOLDS_OBJECT (a) ? json_node_get_object (a) : NULL;

            if (ao != NULL)
              add_assessment (&b, member_string (ao, "id"), case_id, member_string (ao, "kind"),
                              member_string (ao, "pending_on"), member_string (ao, "started_on"),
                              member_string (ao, "completed_on"));
          }
      if ((children = member_array (item, "child_keys")) != NULL)
        for (guint k = 0; k < json_array_get_length (children); k++)
          {
            JsonNode *key = json_array_get_element (children, k);

            if (JSON_NODE_HOLDS_VALUE (key) && json_node_get_value_type (key) == G_TYPE_STRING)
              add_child (&b, case_id, json_node_get_string (key));
          }
    }
  if ((requests = member_array (root, "help_requests")) != NULL)
    for (guint i = 0; i < json_array_get_length (requests); i++)
      {
        JsonNode *node = json_array_get_element (requests, i);
        JsonObject *item = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

        if (item != NULL)
          add_request (&b, member_string (item, "id"), member_string (item, "channel"),
                       member_int (item, "received_at"), member_int (item, "due_at"));
      }

  data = builder_finish (&b);
  builder_clear (&b);
  return data;
}

/* ---- the figures ---- */

static gboolean
case_open_on (const MoniaReportCase *c,
              guint32                day)
{
  if (c->opened_on != 0 && c->opened_on > day)
    return FALSE;
  if (c->closed_on != 0)
    return c->closed_on > day;
  return !c->closed;
}

static guint32
add_days_julian (MoniaCalendar *calendar,
                 guint32        from,
                 guint          working_days)
{
  GDate start, out;

  g_date_clear (&start, 1);
  g_date_set_julian (&start, from);
  if (!monia_calendar_add_working_days (calendar, &start, working_days, &out, NULL))
    return from + working_days;
  return g_date_get_julian (&out);
}

/* The last day of each of the trend's months, the last one today. */
static void
trend_days (const GDate *today,
            guint32     *days)
{
  for (guint i = 0; i < MONIA_CASELOAD_TREND_MONTHS; i++)
    {
      guint back = MONIA_CASELOAD_TREND_MONTHS - 1 - i;
      GDate end;

      if (back == 0)
        {
          days[i] = g_date_get_julian (today);
          continue;
        }
      g_date_clear (&end, 1);
      g_date_set_dmy (&end, 1, g_date_get_month (today), g_date_get_year (today));
      g_date_subtract_months (&end, back - 1);
      g_date_subtract_days (&end, 1);
      days[i] = g_date_get_julian (&end);
    }
}

typedef struct
{
  guint32 today;
  guint32 decision_soon;    /* the 3rd working day after today */
  guint32 completion_soon;  /* today + 14 */
} Horizon;

static void
horizon_init (Horizon     *h,
              const GDate *today)
{
  g_autoptr(MoniaCalendar) calendar = monia_calendar_new ();

  h->today = g_date_get_julian (today);
  h->decision_soon = add_days_julian (calendar, h->today, 3);
  h->completion_soon = h->today + 14;
}

/* Whether assessment @a (of an open case) counts in @figure. */
static gboolean
assessment_in_figure (const MoniaReportAssessment *a,
                      MoniaFigure                  figure,
                      const Horizon               *h)
{
  if (a->completed_on != 0 || a->pending_on == 0)
    return FALSE;
  switch (figure)
    {
    case MONIA_FIGURE_DECISION_DUE_TODAY:
      return a->started_on == 0 && a->decision_due == h->today;
    case MONIA_FIGURE_DECISION_DUE_SOON:
      return a->started_on == 0 && a->decision_due > h->today && a->decision_due <= h->decision_soon;
    case MONIA_FIGURE_DECISION_LATE:
      return a->started_on == 0 && a->decision_due < h->today;
    case MONIA_FIGURE_COMPLETION_DUE_SOON:
      return a->completion_due >= h->today && a->completion_due <= h->completion_soon;
    case MONIA_FIGURE_COMPLETION_LATE:
      return a->completion_due < h->today;
    case MONIA_FIGURE_OPEN_CASES:
    case MONIA_N_FIGURES:
    default:
      return FALSE;
    }
}

MoniaUnitFigures *
monia_report_compute_figures (MoniaReportData *self,
                              const GDate     *today,
                              guint32         *out_trend_days)
{
  guint n_units;
  guint32 days[MONIA_CASELOAD_TREND_MONTHS];
  g_autofree guint32 *stamps = NULL;
  MoniaUnitFigures *figures;
  Horizon h;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  n_units = self->units->len;
  horizon_init (&h, today);
  trend_days (today, days);
  if (out_trend_days != NULL)
    memcpy (out_trend_days, days, sizeof days);

  figures = g_new0 (MoniaUnitFigures, MAX (n_units, 1));
  /* A child counts once per unit and day: each day has its marks, and a
   * mark is the unit's number, so nothing is cleared between units. */
  stamps = g_new0 (guint32, MAX (self->n_child_keys, 1) * MONIA_CASELOAD_TREND_MONTHS);

  for (guint u = 0; u < n_units; u++)
    {
      MoniaUnitFigures *f = &figures[u];

      for (guint k = self->unit_start[u]; k < self->unit_start[u + 1]; k++)
        {
          guint c = self->unit_cases[k];
          const MoniaReportCase *rc = &g_array_index (self->cases, MoniaReportCase, c);

          if (case_open_on (rc, h.today))
            {
              f->counts[MONIA_FIGURE_OPEN_CASES]++;
              for (guint i = self->assessment_start[c]; i < self->assessment_start[c + 1]; i++)
                {
                  const MoniaReportAssessment *a = &g_array_index (self->assessments, MoniaReportAssessment,
                                                                   self->assessment_order[i]);

                  for (guint fig = 0; fig < MONIA_FIGURE_OPEN_CASES; fig++)
                    if (assessment_in_figure (a, fig, &h))
                      f->counts[fig]++;
                }
            }

          for (guint t = 0; t < MONIA_CASELOAD_TREND_MONTHS; t++)
            {
              guint32 *marks = stamps + (gsize) t * MAX (self->n_child_keys, 1);

              if (!case_open_on (rc, days[t]))
                continue;
              for (guint i = self->child_start[c]; i < self->child_start[c + 1]; i++)
                if (marks[self->child_keys[i]] != u + 1)
                  {
                    marks[self->child_keys[i]] = u + 1;
                    f->children[t]++;
                  }
            }
        }
    }
  return figures;
}

typedef struct
{
  MoniaReportData *data;
  MoniaFigure      figure;
} SortContext;

static gint
compare_listed (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const SortContext *ctx = user_data;
  guint x = *(const guint *) a, y = *(const guint *) b;
  guint32 dx, dy;

  if (ctx->figure == MONIA_FIGURE_OPEN_CASES)
    {
      dy = g_array_index (ctx->data->cases, MoniaReportCase, x).opened_on;
      dx = g_array_index (ctx->data->cases, MoniaReportCase, y).opened_on;
    }
  else
    {
      const MoniaReportAssessment *ax = &g_array_index (ctx->data->assessments, MoniaReportAssessment, x);
      const MoniaReportAssessment *ay = &g_array_index (ctx->data->assessments, MoniaReportAssessment, y);
      gboolean decision = ctx->figure <= MONIA_FIGURE_DECISION_LATE;

      dx = decision ? ax->decision_due : ax->completion_due;
      dy = decision ? ay->decision_due : ay->completion_due;
    }
  if (dx != dy)
    return dx < dy ? -1 : 1;
  return x < y ? -1 : x > y;
}

GArray *
monia_report_list_figure (MoniaReportData *self,
                          guint            unit,
                          MoniaFigure      figure,
                          const GDate     *today)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (guint));
  SortContext ctx = { self, figure };
  Horizon h;

  g_return_val_if_fail (self != NULL, out);
  g_return_val_if_fail (unit < self->units->len, out);
  g_return_val_if_fail (figure < MONIA_N_FIGURES, out);

  horizon_init (&h, today);
  for (guint k = self->unit_start[unit]; k < self->unit_start[unit + 1]; k++)
    {
      guint c = self->unit_cases[k];

      if (!case_open_on (&g_array_index (self->cases, MoniaReportCase, c), h.today))
        continue;
      if (figure == MONIA_FIGURE_OPEN_CASES)
        {
          g_array_append_val (out, c);
          continue;
        }
      for (guint i = self->assessment_start[c]; i < self->assessment_start[c + 1]; i++)
        if (assessment_in_figure (&g_array_index (self->assessments, MoniaReportAssessment,
                                                  self->assessment_order[i]), figure, &h))
          g_array_append_val (out, self->assessment_order[i]);
    }
  g_array_sort_with_data (out, compare_listed, &ctx);
  return out;
}

static gint
compare_requests (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  MoniaReportData *self = user_data;
  const MoniaReportRequest *x = &g_array_index (self->requests, MoniaReportRequest, *(const guint *) a);
  const MoniaReportRequest *y = &g_array_index (self->requests, MoniaReportRequest, *(const guint *) b);

  if (x->due_at != y->due_at)
    return x->due_at < y->due_at ? -1 : 1;
  return g_strcmp0 (x->id, y->id);
}

GArray *
monia_report_list_late_requests (MoniaReportData *self,
                                 gint64           now)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (guint));

  g_return_val_if_fail (self != NULL, out);

  for (guint i = 0; i < self->requests->len; i++)
    {
      const MoniaReportRequest *r = &g_array_index (self->requests, MoniaReportRequest, i);

      if (r->due_at != 0 && r->due_at <= now)
        g_array_append_val (out, i);
    }
  g_array_sort_with_data (out, compare_requests, self);
  return out;
}

/* ---- the caseload as JSON ---- */

static void
append_caseload_unit (GString                *out,
                      MoniaReportData        *self,
                      guint                   u,
                      const MoniaUnitFigures *f,
                      const guint32          *days,
                      guint                   cap)
{
  const MoniaReportUnit *unit = &g_array_index (self->units, MoniaReportUnit, u);
  guint now = f->children[MONIA_CASELOAD_TREND_MONTHS - 1];

  g_string_append (out, "{\"kind\":");
  _monia_report_json_string (out, _monia_report_unit_kind_name (unit->kind));
  g_string_append (out, ",\"id\":");
  _monia_report_json_string (out, unit->id);
  g_string_append (out, ",\"name\":");
  _monia_report_json_string (out, unit->name);
  g_string_append (out, ",\"team_id\":");
  _monia_report_json_string (out, unit->team_id);
  g_string_append_printf (out, ",\"children\":%u,\"open_cases\":%u", now, f->counts[MONIA_FIGURE_OPEN_CASES]);
  if (unit->kind == MONIA_UNIT_WORKER)
    g_string_append_printf (out, ",\"over_cap\":%s", now > cap ? "true" : "false");
  g_string_append (out, ",\"trend\":[");
  for (guint t = 0; t < MONIA_CASELOAD_TREND_MONTHS; t++)
    {
      if (t > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"day\":");
      _monia_report_json_day (out, days[t]);
      g_string_append_printf (out, ",\"children\":%u}", f->children[t]);
    }
  g_string_append (out, "]}");
}

char *
monia_report_caseload_to_json (MoniaReportData *self,
                               const GDate     *today,
                               guint            cap)
{
  g_autofree MoniaUnitFigures *figures = NULL;
  guint32 days[MONIA_CASELOAD_TREND_MONTHS];
  GString *out = g_string_new (NULL);
  guint over = 0;
  gboolean first;

  g_return_val_if_fail (self != NULL, NULL);

  figures = monia_report_compute_figures (self, today, days);
  for (guint u = 1; u < self->units->len; u++)
    if (g_array_index (self->units, MoniaReportUnit, u).kind == MONIA_UNIT_WORKER &&
        figures[u].children[MONIA_CASELOAD_TREND_MONTHS - 1] > cap)
      over++;

  g_string_append (out, "{\"as_of\":");
  _monia_report_json_day (out, g_date_get_julian (today));
  g_string_append_printf (out, ",\"cap\":%u,\"workers_over_cap\":%u,\"region\":", cap, over);
  append_caseload_unit (out, self, 0, &figures[0], days, cap);
  for (MoniaUnitKind kind = MONIA_UNIT_TEAM; kind <= MONIA_UNIT_WORKER; kind++)
    {
      static const char *keys[] = { NULL, "teams", "pairs", "workers" };

      g_string_append_printf (out, ",\"%s\":[", keys[kind]);
      first = TRUE;
      for (guint u = 1; u < self->units->len; u++)
        if (g_array_index (self->units, MoniaReportUnit, u).kind == kind)
          {
            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            append_caseload_unit (out, self, u, &figures[u], days, cap);
          }
      g_string_append_c (out, ']');
    }
  g_string_append (out, "}\n");
  return g_string_free (out, FALSE);
}
