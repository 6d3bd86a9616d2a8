/* monia-team-overview-page.c — the team lead's view: statutory times per
 * team, pair and worker, caseloads and the THL half-year return
 *
 * The figures are counted off the main thread (monia_report_data_load_async
 * on a connection of its own) or from the server's lead feed, then shown
 * for one unit at a time: the region, a team, a pair or a worker. Each
 * figure opens the list of cases behind it; the units inside the shown one
 * (a region's teams, a team's pairs and workers) are listed below, to go
 * down into.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-case-util.h"
#include "monia-intake.h"
#include "monia-store-sync.h"
#include "monia-team-overview-page.h"
#include "monia-thl-print.h"

/* The help requests past their promise, after the case figures. */
#define FIGURE_LATE_REQUESTS MONIA_N_FIGURES
#define N_FIGURE_ROWS (MONIA_N_FIGURES + 1)

/* How many of the THL's half-years the period chooser offers. */
#define N_PERIODS 4

/* How many teams, pairs and workers are listed before "Show All". */
#define UNITS_SHOWN 12

/* A spinner appears only when counting takes longer than this. */
#define SPINNER_DELAY_MS 500
/* After the store changes, count again when it has been quiet this long. */
#define RELOAD_DELAY_MS 2000
#define COMMENT_SAVE_DELAY_MS 600

typedef enum
{
  THL_BECAME_PENDING,
  THL_STARTED_WITHIN,
  THL_STARTED_LATE,
  THL_NOT_STARTED_WITHIN,
  THL_NOT_STARTED_LATE,
  THL_START_BANDS,
  THL_COMPLETED,
  THL_COMPLETED_WITHIN,
  THL_COMPLETED_LATE,
  THL_COMPLETION_BANDS,
  THL_LATE_LIST,
  N_THL_ROWS
} ThlRow;

static const char * const thl_titles[N_THL_ROWS] = {
  N_("Matters that became pending"),
  N_("Decided within 7 working days"),
  N_("Decided late"),
  N_("Not decided, within the limit"),
  N_("Not decided, late"),
  N_("Late by 1–7 / 8–14 / 15+ working days"),
  N_("Assessments completed"),
  N_("Completed within 3 months"),
  N_("Completed late"),
  N_("Late by 1–30 / 31–90 / 91+ days"),
  N_("Late cases for checking"),
};

static const char * const figure_titles[N_FIGURE_ROWS] = {
  N_("Decisions to start due today"),
  N_("Decisions to start due within 3 working days"),
  N_("Decisions to start late"),
  N_("Assessments due within two weeks"),
  N_("Assessments past 3 months"),
  N_("Open cases"),
  N_("Help requests past their promise"),
};

typedef enum
{
  CARD_GOT_HELP,
  CARD_RECOMMEND,
  CARD_REQUESTS,
  CARD_GUIDED,
  CARD_OUTCOMES,
  CARD_CONSULTATIONS,
  N_CARD_ROWS
} CardRow;

static const char * const card_titles[N_CARD_ROWS] = {
  N_("Got the help they sought: yes / partly / no"),
  N_("Would recommend (0–10)"),
  N_("Help requests"),
  N_("Guided to digital / municipal / parish / third-sector services"),
  N_("To a case (service need assessment) / other outcomes"),
  N_("Professionals’ consultation calls (from outside the county)"),
};

/* The scorecard's periods, counted back from today. */
typedef enum
{
  CARD_THIS_MONTH,
  CARD_THIS_QUARTER,
  CARD_THIS_HALF,
  CARD_LAST_MONTH,
  CARD_LAST_QUARTER,
  CARD_LAST_HALF,
  N_CARD_PERIODS
} CardPeriod;

static const char * const card_periods[N_CARD_PERIODS] = {
  N_("This month"), N_("This quarter"), N_("This half-year"),
  N_("Last month"), N_("Last quarter"), N_("Last half-year"),
};

typedef enum
{
  LIST_FIGURE,
  LIST_LATE_REQUESTS,
  LIST_THL_LATE,
} ListKind;

struct _MoniaTeamOverviewPage
{
  AdwBin             parent_instance;

  MoniaStore        *store;
  MoniaSyncClient   *client;
  MoniaCalendar     *calendar;
  GCancellable      *cancellable;
  MoniaReportData   *data;
  MoniaUnitFigures  *figures;
  MoniaThlReturn    *thl;
  guint32            trend_days[MONIA_CASELOAD_TREND_MONTHS];
  GDate              today;
  GDate              period_from[N_PERIODS];
  GDate              period_to[N_PERIODS];
  guint              unit;
  guint              home_unit;
  guint              cap;
  gboolean           lead_view;       /* the server's lead feed: no contents */
  gboolean           loading;
  gboolean           ready;
  gboolean           setting_comment;
  char              *home_team_id;    /* a lead's team */
  char              *home_worker_id;  /* a worker's own figures */
  gint64             started;         /* monotonic, when counting began */
  gint64             time_to_figures;
  guint              spinner_id;
  guint              reload_id;
  guint              comment_save_id;
  gboolean           comment_unsaved;   /* saving it failed: try again */
  guint              comment_period;    /* the half-year the comment shown is of */
  gboolean           keeping_period;
  ListKind           list_kind;
  guint              list_figure;
  char              *figure_texts[N_FIGURE_ROWS];

  GtkWidget         *figure_rows[N_FIGURE_ROWS];
  GtkLabel          *figure_values[N_FIGURE_ROWS];
  GtkWidget         *caseload_row;
  GtkLabel          *caseload_value;
  GtkLevelBar       *caseload_bar;
  GtkWidget         *trend_row;
  GtkWidget         *trend_area;
  GtkWidget         *thl_rows[N_THL_ROWS];
  GtkLabel          *thl_values[N_THL_ROWS];
  GPtrArray         *unit_rows;       /* rows of units_group, removed on each show */
  GtkWidget         *card_rows[N_CARD_ROWS];
  GtkLabel          *card_values[N_CARD_ROWS];
  guint              card_idle_id;

  GtkStack          *stack;
  AdwStatusPage     *loading_page;
  GtkSpinner        *spinner;
  AdwStatusPage     *error_page;
  GtkWidget         *up_button;
  GtkLabel          *unit_label;
  GtkLabel          *source_label;
  AdwPreferencesGroup *clocks_group;
  AdwPreferencesGroup *caseload_group;
  AdwPreferencesGroup *thl_group;
  AdwComboRow       *period_row;
  GtkTextView       *comment_view;
  AdwPreferencesGroup *units_group;
  AdwPreferencesGroup *scorecard_group;
  AdwComboRow       *scorecard_period_row;
  GtkLabel          *cases_title;
  GtkListBox        *cases_list;
};

G_DEFINE_FINAL_TYPE (MoniaTeamOverviewPage, monia_team_overview_page, ADW_TYPE_BIN)

enum
{
  CASE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_loading (MoniaTeamOverviewPage *self);
static void show_unit     (MoniaTeamOverviewPage *self,
                           guint                  unit);

/* ---- small helpers ---- */

static char *
format_julian (guint32 julian)
{
  GDate date;

  if (julian == 0)
    return g_strdup ("–");
  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  return monia_format_date (&date);
}

static const char *
unit_name (MoniaTeamOverviewPage *self,
           guint                  unit)
{
  const MoniaReportUnit *u = monia_report_data_get_unit (self->data, unit);

  if (u->kind == MONIA_UNIT_REGION)
    return self->lead_view ? _("Your team") : _("The whole wellbeing services county");
  if (u->name != NULL)
    return u->name;
  switch (u->kind)
    {
    case MONIA_UNIT_TEAM:
      return _("A team not on this computer");
    case MONIA_UNIT_PAIR:
      return _("A work pair not on this computer");
    case MONIA_UNIT_WORKER:
    case MONIA_UNIT_REGION:
    default:
      return _("A professional not on this computer");
    }
}

/* The caseload cap: the "caseload-cap" setting when the schema is there. */
static guint
read_cap (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE) : NULL;
  g_autoptr(GSettings) settings = NULL;

  if (schema == NULL || !g_settings_schema_has_key (schema, "caseload-cap"))
    return MONIA_CASELOAD_CAP_DEFAULT;
  settings = g_settings_new_full (schema, NULL, NULL);
  return (guint) MAX (1, g_settings_get_int (settings, "caseload-cap"));
}

static GtkWidget *
make_value_row (AdwPreferencesGroup *group,
                const char          *title,
                gboolean             activatable,
                GtkLabel           **out_value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *value = gtk_label_new ("–");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_add_css_class (value, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
  if (activatable)
    {
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
    }
  adw_preferences_group_add (group, row);
  *out_value = GTK_LABEL (value);
  return row;
}

/* The row says its figure, and a screen reader reads both as one. */
static void
set_row_value (GtkWidget  *row,
               GtkLabel   *value,
               const char *text,
               gboolean    warning)
{
  g_autofree char *accessible = NULL;

  gtk_label_set_text (value, text);
  if (warning)
    gtk_widget_add_css_class (GTK_WIDGET (value), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (value), "error");
  /* Translators: a figure as a screen reader says it: what it is, then the number */
  accessible = g_strdup_printf (_("%s: %s"), adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

/* ---- the caseload's trend ---- */

static void
draw_trend (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  MoniaTeamOverviewPage *self = user_data;
  const guint *points;
  GdkRGBA color;
  guint top;
  double step;

  if (self->figures == NULL)
    return;
  points = self->figures[self->unit].children;
  top = self->cap;
  for (guint i = 0; i < MONIA_CASELOAD_TREND_MONTHS; i++)
    top = MAX (top, points[i]);
  top = MAX (top + top / 8, 1u);
  step = (double) (width - 8) / (MONIA_CASELOAD_TREND_MONTHS - 1);

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &color);

  /* The cap, dashed, when it means something: a worker's caseload. */
  if (monia_report_data_get_unit (self->data, self->unit)->kind == MONIA_UNIT_WORKER)
    {
      double y = height - 4 - (double) self->cap / top * (height - 8);
      static const double dash[] = { 3, 3 };

      cairo_set_source_rgba (cr, 0.75, 0.11, 0.16, 0.8);
      cairo_set_line_width (cr, 1);
      cairo_set_dash (cr, dash, 2, 0);
      cairo_move_to (cr, 4, y);
      cairo_line_to (cr, width - 4, y);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  gdk_cairo_set_source_rgba (cr, &color);
  cairo_set_line_width (cr, 2);
  for (guint i = 0; i < MONIA_CASELOAD_TREND_MONTHS; i++)
    {
      double x = 4 + i * step;
      double y = height - 4 - (double) points[i] / top * (height - 8);

      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  cairo_stroke (cr);
  for (guint i = 0; i < MONIA_CASELOAD_TREND_MONTHS; i++)
    {
      cairo_arc (cr, 4 + i * step, height - 4 - (double) points[i] / top * (height - 8), 2.5, 0, 2 * G_PI);
      cairo_fill (cr);
    }
}

/* "31.5.: 27, 30.6.: 28, …" for a screen reader, and as the row's subtitle. */
static char *
describe_trend (MoniaTeamOverviewPage *self)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < MONIA_CASELOAD_TREND_MONTHS; i++)
    {
      g_autofree char *day = format_julian (self->trend_days[i]);

      if (i > 0)
        g_string_append (out, ", ");
      /* Translators: a point of the caseload's trend: a day, then how many children */
      g_string_append_printf (out, _("%s: %u"), day, self->figures[self->unit].children[i]);
    }
  return g_string_free (out, FALSE);
}

/* ---- showing a unit ---- */

static void
update_figures (MoniaTeamOverviewPage *self)
{
  const MoniaUnitFigures *f = &self->figures[self->unit];
  const MoniaReportUnit *unit = monia_report_data_get_unit (self->data, self->unit);
  guint children = f->children[MONIA_CASELOAD_TREND_MONTHS - 1];
  g_autofree char *trend = NULL;

  for (guint k = 0; k < N_FIGURE_ROWS; k++)
    {
      guint n;

      if (k == FIGURE_LATE_REQUESTS)
        {
          g_autoptr(GArray) late = monia_report_list_late_requests (self->data, g_get_real_time () / G_USEC_PER_SEC);

          n = late->len;
          /* The inbox belongs to no team: its figure is the region's. */
          gtk_widget_set_visible (self->figure_rows[k], unit->kind == MONIA_UNIT_REGION &&
                                                        monia_report_data_get_n_requests (self->data) > 0);
        }
      else
        n = f->counts[k];
      g_free (self->figure_texts[k]);
      self->figure_texts[k] = g_strdup_printf ("%u", n);
      set_row_value (self->figure_rows[k], self->figure_values[k], self->figure_texts[k],
                     n > 0 && (k == MONIA_FIGURE_DECISION_LATE || k == MONIA_FIGURE_COMPLETION_LATE ||
                               k == FIGURE_LATE_REQUESTS));
    }

  if (unit->kind == MONIA_UNIT_WORKER)
    {
      g_autofree char *text = NULL;

      /* Translators: a worker's caseload: children, then the most allowed */
      text = g_strdup_printf (_("%u of %u"), children, self->cap);
      set_row_value (self->caseload_row, self->caseload_value, text, children > self->cap);
      gtk_level_bar_set_max_value (self->caseload_bar, MAX (self->cap, children));
      gtk_level_bar_set_value (self->caseload_bar, children);
      gtk_widget_set_visible (GTK_WIDGET (self->caseload_bar), TRUE);
    }
  else
    {
      g_autofree char *text = g_strdup_printf ("%u", children);

      set_row_value (self->caseload_row, self->caseload_value, text, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->caseload_bar), FALSE);
    }

  trend = describe_trend (self);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->trend_row), trend);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->trend_area),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, trend, -1);
  gtk_widget_queue_draw (self->trend_area);
}

static char *
format_count_share (guint part,
                    guint whole)
{
  char share[G_ASCII_DTOSTR_BUF_SIZE];

  if (whole == 0)
    return g_strdup_printf ("%u", part);
  g_ascii_formatd (share, sizeof share, "%.1f", monia_report_share (part, whole));
  /* Translators: a number and its share in per cent */
  return g_strdup_printf (_("%u (%s %%)"), part, share);
}

static char *
dup_comment (MoniaTeamOverviewPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->comment_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static guint
selected_period (MoniaTeamOverviewPage *self)
{
  guint i = adw_combo_row_get_selected (self->period_row);

  return i < N_PERIODS ? i : 0;
}

static void
update_thl (MoniaTeamOverviewPage *self)
{
  guint p = selected_period (self);
  const MoniaThlCounts *c;
  g_autofree char *comment = NULL;
  g_autofree char *texts[N_THL_ROWS] = { NULL };

  g_clear_pointer (&self->thl, monia_thl_return_free);
  self->thl = monia_thl_return_compute (self->data, self->unit, &self->period_from[p], &self->period_to[p],
                                        &self->today, self->calendar);
  c = &self->thl->counts;

  texts[THL_BECAME_PENDING] = g_strdup_printf ("%u", c->became_pending);
  texts[THL_STARTED_WITHIN] = format_count_share (c->started_within_7, c->became_pending);
  texts[THL_STARTED_LATE] = g_strdup_printf ("%u", c->started_late);
  texts[THL_NOT_STARTED_WITHIN] = g_strdup_printf ("%u", c->not_started_within_limit);
  texts[THL_NOT_STARTED_LATE] = g_strdup_printf ("%u", c->not_started_late);
  texts[THL_START_BANDS] = g_strdup_printf ("%u / %u / %u", c->start_late_by[0], c->start_late_by[1],
                                            c->start_late_by[2]);
  texts[THL_COMPLETED] = g_strdup_printf ("%u", c->completed);
  texts[THL_COMPLETED_WITHIN] = format_count_share (c->completed_within_3_months, c->completed);
  texts[THL_COMPLETED_LATE] = g_strdup_printf ("%u", c->completed_late);
  texts[THL_COMPLETION_BANDS] = g_strdup_printf ("%u / %u / %u", c->completion_late_by[0],
                                                 c->completion_late_by[1], c->completion_late_by[2]);
  texts[THL_LATE_LIST] = g_strdup_printf ("%u", self->thl->late->len);
  for (guint i = 0; i < N_THL_ROWS; i++)
    {
      set_row_value (self->thl_rows[i], self->thl_values[i], texts[i], FALSE);
      g_free (texts[i]);
      texts[i] = NULL;
    }
  gtk_widget_set_sensitive (self->thl_rows[THL_LATE_LIST], self->thl->late->len > 0);

  /* The comment kept with this period's return. */
  comment = monia_thl_get_comment (self->store, &self->period_from[p], &self->period_to[p]);
  self->comment_period = p;
  self->setting_comment = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->comment_view), comment != NULL ? comment : "", -1);
  self->setting_comment = FALSE;
}

/* The units inside @unit: a region's teams, a team's pairs and workers. */
static gboolean
is_inside (MoniaTeamOverviewPage *self,
           guint                  outer,
           guint                  u)
{
  const MoniaReportUnit *o = monia_report_data_get_unit (self->data, outer);
  const MoniaReportUnit *x = monia_report_data_get_unit (self->data, u);

  if (o->kind == MONIA_UNIT_REGION)
    return x->kind == MONIA_UNIT_TEAM;
  if (o->kind == MONIA_UNIT_TEAM)
    return (x->kind == MONIA_UNIT_PAIR || x->kind == MONIA_UNIT_WORKER) && g_strcmp0 (x->team_id, o->id) == 0;
  return FALSE;
}

static void
on_unit_row_activated (GtkWidget             *row,
                       MoniaTeamOverviewPage *self)
{
  show_unit (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "monia-unit")));
}

/* Units with most late first: that is where a lead looks. */
static guint
lateness (MoniaTeamOverviewPage *self,
          guint                  u)
{
  return self->figures[u].counts[MONIA_FIGURE_DECISION_LATE] + self->figures[u].counts[MONIA_FIGURE_COMPLETION_LATE];
}

static gint
compare_by_lateness (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  MoniaTeamOverviewPage *self = user_data;
  guint x = *(const guint *) a, y = *(const guint *) b;
  guint lx = lateness (self, x), ly = lateness (self, y);

  if (lx != ly)
    return lx > ly ? -1 : 1;
  return x < y ? -1 : x > y;
}

static GtkWidget *
make_unit_row (MoniaTeamOverviewPage *self,
               guint                  u)
{
  const MoniaUnitFigures *f = &self->figures[u];
  const MoniaReportUnit *x = monia_report_data_get_unit (self->data, u);
  guint children = f->children[MONIA_CASELOAD_TREND_MONTHS - 1];
  guint late = f->counts[MONIA_FIGURE_DECISION_LATE];
  guint overdue = f->counts[MONIA_FIGURE_COMPLETION_LATE];
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), unit_name (self, u));
  if (x->kind == MONIA_UNIT_WORKER && children > self->cap)
    /* Translators: a worker's line: late decisions, assessments past 3
     * months, children against the cap */
    subtitle = g_strdup_printf (_("Late decisions %u · assessments past 3 months %u · %u children, over the cap of %u"),
                                late, overdue, children, self->cap);
  else
    subtitle = g_strdup_printf (_("Late decisions %u · assessments past 3 months %u · %u children"),
                                late, overdue, children);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, unit_name (self, u),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle, -1);
  if (x->kind == MONIA_UNIT_WORKER && children > self->cap)
    gtk_widget_add_css_class (row, "warning");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "monia-unit", GUINT_TO_POINTER (u));
  g_signal_connect_object (row, "activated", G_CALLBACK (on_unit_row_activated), self, 0);
  return row;
}

static void
clear_unit_rows (MoniaTeamOverviewPage *self)
{
  for (guint i = 0; i < self->unit_rows->len; i++)
    adw_preferences_group_remove (self->units_group, g_ptr_array_index (self->unit_rows, i));
  g_ptr_array_set_size (self->unit_rows, 0);
}

static void add_unit_rows (MoniaTeamOverviewPage *self,
                           guint                  limit);

static void
on_show_all_units (MoniaTeamOverviewPage *self)
{
  add_unit_rows (self, G_MAXUINT);
}

/* The units inside the shown one, the most late first: @limit of them and
 * a row to show the rest (a region has scores of teams). */
static void
add_unit_rows (MoniaTeamOverviewPage *self,
               guint                  limit)
{
  g_autoptr(GArray) inside = g_array_new (FALSE, FALSE, sizeof (guint));

  clear_unit_rows (self);
  for (guint u = 1; u < monia_report_data_get_n_units (self->data); u++)
    /* Units with no open case (a team of another service, a worker
     * without cases) have nothing to show. */
    if (is_inside (self, self->unit, u) && self->figures[u].counts[MONIA_FIGURE_OPEN_CASES] > 0)
      g_array_append_val (inside, u);
  g_array_sort_with_data (inside, compare_by_lateness, self);

  for (guint i = 0; i < inside->len && i < limit; i++)
    {
      GtkWidget *row = make_unit_row (self, g_array_index (inside, guint, i));

      adw_preferences_group_add (self->units_group, row);
      g_ptr_array_add (self->unit_rows, row);
    }
  if (inside->len > limit)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = NULL;

      /* Translators: the last row of a shortened list of teams, pairs and workers */
      title = g_strdup_printf (g_dngettext (NULL, "Show All %u", "Show All %u", inside->len), inside->len);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_signal_connect_object (row, "activated", G_CALLBACK (on_show_all_units), self, G_CONNECT_SWAPPED);
      adw_preferences_group_add (self->units_group, row);
      g_ptr_array_add (self->unit_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->units_group), self->unit_rows->len > 0);
}

static void
update_units (MoniaTeamOverviewPage *self)
{
  const MoniaReportUnit *unit = monia_report_data_get_unit (self->data, self->unit);

  adw_preferences_group_set_title (self->units_group, unit->kind == MONIA_UNIT_REGION ? _("Teams")
                                                      : _("Work Pairs and Workers"));
  add_unit_rows (self, UNITS_SHOWN);
}

/* ---- the scorecard ---- */

static void
card_period_range (CardPeriod  period,
                   const GDate *today,
                   GDate       *from,
                   GDate       *to)
{
  guint months = period == CARD_THIS_MONTH || period == CARD_LAST_MONTH ? 1
                 : period == CARD_THIS_QUARTER || period == CARD_LAST_QUARTER ? 3 : 6;
  guint first_month = (g_date_get_month (today) - 1) / months * months + 1;

  g_date_clear (from, 1);
  g_date_set_dmy (from, 1, (GDateMonth) first_month, g_date_get_year (today));
  if (period >= CARD_LAST_MONTH)
    g_date_subtract_months (from, months);
  *to = *from;
  g_date_add_months (to, months);
  g_date_subtract_days (to, 1);
  if (g_date_compare (to, today) > 0)
    *to = *today;
}

static void
update_scorecard (MoniaTeamOverviewPage *self)
{
  g_autoptr(MoniaScorecard) card = NULL;
  g_autoptr(GError) error = NULL;
  const MoniaScorecardPeriod *p;
  g_autofree char *texts[N_CARD_ROWS] = { NULL };
  char mean[G_ASCII_DTOSTR_BUF_SIZE];
  guint selected = adw_combo_row_get_selected (self->scorecard_period_row);
  GDate from, to;

  /* The region's, from what this computer holds: a lead's team view has
   * no feedback or help requests to count. */
  gtk_widget_set_visible (GTK_WIDGET (self->scorecard_group), !self->lead_view && self->unit == 0);
  if (self->lead_view || self->unit != 0)
    return;

  card_period_range (selected < N_CARD_PERIODS ? selected : CARD_THIS_HALF, &self->today, &from, &to);
  card = monia_scorecard_compute (self->store, &from, &to, &error);
  if (card == NULL)
    {
      g_warning ("The scorecard could not be counted: %s", error->message);
      return;
    }
  p = &card->total;
  texts[CARD_GOT_HELP] = g_strdup_printf ("%u / %u / %u", p->got_help_yes, p->got_help_partly, p->got_help_no);
  if (p->n_recommend > 0)
    /* Translators: the mean of the answers, and how many answered */
    texts[CARD_RECOMMEND] = g_strdup_printf (g_dngettext (NULL, "%s (%u answer)", "%s (%u answers)", p->n_recommend),
                                             g_ascii_formatd (mean, sizeof mean, "%.1f",
                                                              monia_scorecard_period_recommend_mean (p)),
                                             p->n_recommend);
  else
    texts[CARD_RECOMMEND] = g_strdup ("–");
  texts[CARD_REQUESTS] = g_strdup_printf ("%u", p->help_requests);
  texts[CARD_GUIDED] = g_strdup_printf ("%u / %u / %u / %u", p->guided[MONIA_SECTOR_DIGITAL],
                                        p->guided[MONIA_SECTOR_MUNICIPAL], p->guided[MONIA_SECTOR_PARISH],
                                        p->guided[MONIA_SECTOR_THIRD_SECTOR]);
  texts[CARD_OUTCOMES] = g_strdup_printf ("%u / %u", p->to_case, p->other_outcomes);
  texts[CARD_CONSULTATIONS] = g_strdup_printf ("%u (%u)", p->consultations, p->consultations_outside_area);
  for (guint i = 0; i < N_CARD_ROWS; i++)
    {
      set_row_value (self->card_rows[i], self->card_values[i], texts[i], FALSE);
      g_free (texts[i]);
      texts[i] = NULL;
    }
}

/* After the figures: counting the scorecard reads feedback and help
 * requests, which the figures need not wait for. */
static gboolean
update_scorecard_idle (gpointer user_data)
{
  MoniaTeamOverviewPage *self = user_data;

  self->card_idle_id = 0;
  update_scorecard (self);
  return G_SOURCE_REMOVE;
}

static void
on_scorecard_period_selected (MoniaTeamOverviewPage *self)
{
  if (self->data != NULL)
    update_scorecard (self);
}

static guint
parent_of (MoniaTeamOverviewPage *self,
           guint                  unit)
{
  const MoniaReportUnit *u = monia_report_data_get_unit (self->data, unit);
  gint team;

  if (u->kind == MONIA_UNIT_PAIR || u->kind == MONIA_UNIT_WORKER)
    {
      team = u->team_id != NULL ? monia_report_data_find_unit (self->data, MONIA_UNIT_TEAM, u->team_id) : -1;
      if (team > 0)
        return (guint) team;
    }
  return 0;
}

static void
show_unit (MoniaTeamOverviewPage *self,
           guint                  unit)
{
  g_autofree char *source = NULL;
  g_autofree char *today = monia_format_date (&self->today);

  g_return_if_fail (self->data != NULL);
  g_return_if_fail (unit < monia_report_data_get_n_units (self->data));

  self->unit = unit;
  gtk_label_set_text (self->unit_label, unit_name (self, unit));
  if (self->lead_view)
    /* Translators: %s is today's date */
    source = g_strdup_printf (_("Your team’s cases on the server, without their contents, on %s"), today);
  else
    /* Translators: %s is today's date */
    source = g_strdup_printf (_("The cases on this computer, on %s"), today);
  gtk_label_set_text (self->source_label, source);
  gtk_widget_set_visible (self->up_button, unit != 0 && unit != self->home_unit);

  update_figures (self);
  update_thl (self);
  update_units (self);
  gtk_widget_set_visible (GTK_WIDGET (self->scorecard_group), !self->lead_view && unit == 0);
  if (self->card_idle_id == 0)
    self->card_idle_id = g_idle_add (update_scorecard_idle, self);
  gtk_stack_set_visible_child_name (self->stack, "figures");
}

/* ---- the cases behind a figure ---- */

static GtkWidget *
make_case_row (MoniaTeamOverviewPage *self,
               guint                  case_index,
               const char            *detail)
{
  const MoniaReportCase *c = monia_report_data_get_case (self->data, case_index);
  const char *owner = monia_report_data_lookup_name (self->data, c->owner_id);
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = NULL;
  g_autofree char *title = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (c->title != NULL)
    title = g_strdup (c->title);
  else
    {
      g_autofree char *opened = format_julian (c->opened_on);

      /* Translators: a case whose name is not known here: when it was opened */
      title = g_strdup_printf (_("Case of %s"), opened);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  subtitle = g_strdup_printf ("%s · %s", owner != NULL ? owner : _("No responsible worker"), detail);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle, -1);
  g_object_set_data_full (G_OBJECT (row), "monia-case-id", g_strdup (c->id), g_free);
  if (monia_report_data_has_contents (self->data))
    {
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
    }
  else
    gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static char *
describe_deadline (const MoniaReportAssessment *a,
                   guint                        figure)
{
  g_autofree char *day = NULL;

  if (figure <= MONIA_FIGURE_DECISION_LATE)
    {
      day = format_julian (a->decision_due);
      /* Translators: %s is a day */
      return g_strdup_printf (_("decision to start due %s"), day);
    }
  day = format_julian (a->completion_due);
  /* Translators: %s is a day */
  return g_strdup_printf (_("assessment due %s"), day);
}

static void
clear_case_list (MoniaTeamOverviewPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->cases_list))) != NULL)
    gtk_list_box_remove (self->cases_list, child);
}

static void
show_list (MoniaTeamOverviewPage *self,
           ListKind               kind,
           guint                  figure)
{
  g_autofree char *title = NULL;
  const char *what;
  guint n = 0;

  self->list_kind = kind;
  self->list_figure = figure;
  clear_case_list (self);

  if (kind == LIST_FIGURE && figure == FIGURE_LATE_REQUESTS)
    {
      g_autoptr(GArray) late = monia_report_list_late_requests (self->data, g_get_real_time () / G_USEC_PER_SEC);

      what = _(figure_titles[FIGURE_LATE_REQUESTS]);
      for (guint i = 0; i < late->len; i++)
        {
          const MoniaReportRequest *r = monia_report_data_get_request (self->data, g_array_index (late, guint, i));
          g_autofree char *received = monia_format_time (r->received_at);
          g_autofree char *due = monia_format_time (r->due_at);
          g_autofree char *subtitle = NULL;
          GtkWidget *row = adw_action_row_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), monia_intake_channel_to_label (r->channel));
          /* Translators: when a help request came, and by when it was promised an answer */
          subtitle = g_strdup_printf (_("Received %s · promised by %s"), received, due);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
          gtk_list_box_append (self->cases_list, row);
          n++;
        }
    }
  else if (kind == LIST_FIGURE)
    {
      g_autoptr(GArray) behind = monia_report_list_figure (self->data, self->unit, figure, &self->today);

      what = _(figure_titles[figure]);
      for (guint i = 0; i < behind->len; i++)
        {
          guint index = g_array_index (behind, guint, i);
          g_autofree char *detail = NULL;
          guint case_index;

          if (figure == MONIA_FIGURE_OPEN_CASES)
            {
              const MoniaReportCase *c = monia_report_data_get_case (self->data, index);
              g_autofree char *opened = format_julian (c->opened_on);

              case_index = index;
              /* Translators: %s is a day */
              detail = g_strdup_printf (_("opened %s"), opened);
            }
          else
            {
              const MoniaReportAssessment *a = monia_report_data_get_assessment (self->data, index);

              case_index = a->case_index;
              detail = describe_deadline (a, figure);
            }
          gtk_list_box_append (self->cases_list, make_case_row (self, case_index, detail));
          n++;
        }
    }
  else
    {
      what = _(thl_titles[THL_LATE_LIST]);
      for (guint i = 0; self->thl != NULL && i < self->thl->late->len; i++)
        {
          const MoniaThlLate *late = &g_array_index (self->thl->late, MoniaThlLate, i);
          const MoniaReportAssessment *a = monia_report_data_get_assessment (self->data, late->assessment);
          g_autofree char *detail = NULL;

          if (late->kind == MONIA_THL_COMPLETED_LATE)
            detail = g_strdup_printf (g_dngettext (NULL, "completed %u day late", "completed %u days late",
                                                   late->days_late), late->days_late);
          else if (late->kind == MONIA_THL_STARTED_LATE)
            detail = g_strdup_printf (g_dngettext (NULL, "decided %u working day late",
                                                   "decided %u working days late", late->days_late),
                                      late->days_late);
          else
            detail = g_strdup_printf (g_dngettext (NULL, "not decided, %u working day late",
                                                   "not decided, %u working days late", late->days_late),
                                      late->days_late);
          gtk_list_box_append (self->cases_list, make_case_row (self, a->case_index, detail));
          n++;
        }
    }

  /* Translators: a list's heading: what it shows, the unit, and how many */
  title = g_strdup_printf (_("%s — %s (%u)"), what, unit_name (self, self->unit), n);
  gtk_label_set_text (self->cases_title, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->cases_list), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_stack_set_visible_child_name (self->stack, "cases");
}

static void
on_figure_row_activated (GtkWidget             *row,
                         MoniaTeamOverviewPage *self)
{
  show_list (self, LIST_FIGURE, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "monia-figure")));
}

static void
on_late_row_activated (MoniaTeamOverviewPage *self)
{
  show_list (self, LIST_THL_LATE, 0);
}

static void
on_case_row_activated (MoniaTeamOverviewPage *self,
                       GtkListBoxRow         *row)
{
  const char *case_id = g_object_get_data (G_OBJECT (row), "monia-case-id");

  if (case_id != NULL && self->data != NULL && monia_report_data_has_contents (self->data))
    g_signal_emit (self, signals[CASE_ACTIVATED], 0, case_id);
}

/* ---- counting ---- */

static void
show_figures_of (MoniaTeamOverviewPage *self,
                 MoniaReportData       *data)
{
  gint home = 0;

  g_clear_pointer (&self->data, monia_report_data_unref);
  g_clear_pointer (&self->figures, g_free);
  self->data = monia_report_data_ref (data);
  monia_policy_today (&self->today);
  self->figures = monia_report_compute_figures (self->data, &self->today, self->trend_days);

  if (self->home_team_id != NULL)
    home = monia_report_data_find_unit (self->data, MONIA_UNIT_TEAM, self->home_team_id);
  else if (self->home_worker_id != NULL)
    home = monia_report_data_find_unit (self->data, MONIA_UNIT_WORKER, self->home_worker_id);
  self->home_unit = home > 0 ? (guint) home : 0;

  /* Counting again keeps the unit in view if it is still there. */
  if (!self->ready || self->unit >= monia_report_data_get_n_units (self->data))
    self->unit = self->home_unit;
  show_unit (self, self->unit);
  /* Counted before the page is shown (the window does it after its first
   * frame): laid out now, so that showing it is quick. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));
      int width = parent != NULL && gtk_widget_get_width (parent) > 0 ? gtk_widget_get_width (parent) : 800;

      gtk_widget_measure (GTK_WIDGET (self), GTK_ORIENTATION_HORIZONTAL, -1, NULL, NULL, NULL, NULL);
      gtk_widget_measure (GTK_WIDGET (self), GTK_ORIENTATION_VERTICAL, width, NULL, NULL, NULL, NULL);
    }

  self->time_to_figures = g_get_monotonic_time () - self->started;
  self->ready = TRUE;
  g_debug ("Team Overview: figures in %.1f ms", self->time_to_figures / 1000.0);
}

static void
finish_loading (MoniaTeamOverviewPage *self)
{
  self->loading = FALSE;
  g_clear_handle_id (&self->spinner_id, g_source_remove);
  gtk_spinner_stop (self->spinner);
}

static void
show_error (MoniaTeamOverviewPage *self,
            const GError          *error)
{
  adw_status_page_set_description (self->error_page, error->message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static void
on_data_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(MoniaTeamOverviewPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaReportData) data = monia_report_data_load_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  finish_loading (self);
  if (data == NULL)
    show_error (self, error);
  else
    show_figures_of (self, data);
}

static void
on_lead_feed_fetched (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(MoniaTeamOverviewPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) feed = monia_sync_client_fetch_lead_feed_finish (MONIA_SYNC_CLIENT (source), result, &error);
  g_autoptr(MoniaReportData) data = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  finish_loading (self);
  if (feed != NULL)
    data = monia_report_data_new_from_lead_feed (feed, self->store, self->calendar, &error);
  if (data == NULL)
    show_error (self, error);
  else
    show_figures_of (self, data);
}

static gboolean
show_spinner (gpointer user_data)
{
  MoniaTeamOverviewPage *self = user_data;

  self->spinner_id = 0;
  if (!self->ready)
    {
      gtk_widget_set_opacity (GTK_WIDGET (self->loading_page), 1);
      gtk_spinner_start (self->spinner);
    }
  return G_SOURCE_REMOVE;
}

/* Who is at the desk: a lead starts at the team, a worker at their own
 * figures; a lead whose store syncs with a server counts the server's
 * feed of the team's cases, as the desktop holds none of them. */
static void
find_home (MoniaTeamOverviewPage *self)
{
  const char *author = monia_store_get_author (self->store);
  g_autoptr(MoniaRecord) person = author != NULL ? monia_store_get (self->store, "professional", author, NULL) : NULL;
  g_autofree char *server = monia_store_get_sync_setting (self->store, "server_url");
  const char *role = person != NULL ? monia_record_get_string (person, "role") : NULL;

  g_clear_pointer (&self->home_team_id, g_free);
  g_clear_pointer (&self->home_worker_id, g_free);
  self->lead_view = FALSE;
  if (g_strcmp0 (role, "lead") == 0)
    {
      self->home_team_id = g_strdup (monia_record_get_string (person, "team_id"));
      self->lead_view = self->client != NULL && server != NULL && !monia_store_is_demo (self->store);
    }
  else if (author != NULL && g_strcmp0 (role, "admin") != 0)
    self->home_worker_id = g_strdup (author);
}

static void
start_loading (MoniaTeamOverviewPage *self)
{
  if (self->loading)
    return;
  self->loading = TRUE;
  self->started = g_get_monotonic_time ();
  find_home (self);

  if (!self->ready)
    {
      gtk_widget_set_opacity (GTK_WIDGET (self->loading_page), 0);
      gtk_stack_set_visible_child_name (self->stack, "loading");
      self->spinner_id = g_timeout_add (SPINNER_DELAY_MS, show_spinner, self);
    }

  if (self->lead_view)
    monia_sync_client_fetch_lead_feed_async (self->client, self->cancellable, on_lead_feed_fetched,
                                             g_object_ref (self));
  else
    monia_report_data_load_async (self->store, self->calendar, self->cancellable, on_data_loaded,
                                  g_object_ref (self));
}

void
monia_team_overview_page_refresh (MoniaTeamOverviewPage *self)
{
  g_return_if_fail (MONIA_IS_TEAM_OVERVIEW_PAGE (self));

  g_clear_handle_id (&self->reload_id, g_source_remove);
  start_loading (self);
}

static gboolean
reload_now (gpointer user_data)
{
  MoniaTeamOverviewPage *self = user_data;

  self->reload_id = 0;
  start_loading (self);
  return G_SOURCE_REMOVE;
}

static void
on_store_committed (MoniaTeamOverviewPage *self)
{
  /* The server's figures do not follow this computer's edits. */
  if (self->lead_view)
    return;
  g_clear_handle_id (&self->reload_id, g_source_remove);
  self->reload_id = g_timeout_add (RELOAD_DELAY_MS, reload_now, self);
}

/* ---- the comment ---- */

static gboolean
save_comment (gpointer user_data)
{
  MoniaTeamOverviewPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = dup_comment (self);
  /* Not the half-year chosen now: one chosen while the comment waited to
   * be saved would get the other's comment. */
  guint p = self->comment_period;

  self->comment_save_id = 0;
  if (!monia_thl_set_comment (self->store, &self->period_from[p], &self->period_to[p], text, &error))
    {
      /* Kept to be saved again, and said at the comment for a screen
       * reader as well as in the toast. */
      self->comment_unsaved = TRUE;
      gtk_widget_add_css_class (GTK_WIDGET (self->comment_view), "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->comment_view),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->comment_view),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, error->message, -1);
      monia_show_error (GTK_WIDGET (self), error);
      return G_SOURCE_REMOVE;
    }
  self->comment_unsaved = FALSE;
  gtk_widget_remove_css_class (GTK_WIDGET (self->comment_view), "error");
  gtk_accessible_reset_state (GTK_ACCESSIBLE (self->comment_view), GTK_ACCESSIBLE_STATE_INVALID);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->comment_view), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  return G_SOURCE_REMOVE;
}

static void
on_comment_changed (MoniaTeamOverviewPage *self)
{
  if (self->setting_comment)
    return;
  g_clear_handle_id (&self->comment_save_id, g_source_remove);
  self->comment_save_id = g_timeout_add (COMMENT_SAVE_DELAY_MS, save_comment, self);
}

static void
flush_comment (MoniaTeamOverviewPage *self)
{
  if (self->comment_save_id != 0 || self->comment_unsaved)
    {
      g_clear_handle_id (&self->comment_save_id, g_source_remove);
      save_comment (self);
    }
}

static void
on_period_selected (MoniaTeamOverviewPage *self)
{
  if (self->data == NULL || self->keeping_period)
    return;
  flush_comment (self);
  if (self->comment_unsaved)
    {
      /* The comment typed stays in view with its half-year until it is
       * saved: showing another's would lose it. */
      self->keeping_period = TRUE;
      adw_combo_row_set_selected (self->period_row, self->comment_period);
      self->keeping_period = FALSE;
      return;
    }
  update_thl (self);
}

/* ---- printing and exporting ---- */

static MoniaThlDocument *
make_document (MoniaTeamOverviewPage *self)
{
  g_autofree char *comment = dup_comment (self);

  return monia_thl_document_new (self->thl, self->data, comment);
}

static gboolean
check_return (MoniaTeamOverviewPage  *self,
              GError                **error)
{
  if (self->thl == NULL || self->data == NULL)
    {
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_FAILED, _("The figures are still being counted."));
      return FALSE;
    }
  return TRUE;
}

gboolean
monia_team_overview_page_export_pdf (MoniaTeamOverviewPage  *self,
                                     const char             *path,
                                     GError                **error)
{
  g_autoptr(MoniaThlDocument) document = NULL;

  g_return_val_if_fail (MONIA_IS_TEAM_OVERVIEW_PAGE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!check_return (self, error))
    return FALSE;
  flush_comment (self);
  /* Nothing leaves without its record. */
  if (!monia_thl_record_output (self->store, &self->thl->from, &self->thl->to, "export", error))
    return FALSE;
  document = make_document (self);
  return monia_thl_document_write_pdf (document, path, NULL, error);
}

gboolean
monia_team_overview_page_export_csv (MoniaTeamOverviewPage  *self,
                                     const char             *path,
                                     GError                **error)
{
  g_autofree char *comment = NULL;
  g_autofree char *csv = NULL;

  g_return_val_if_fail (MONIA_IS_TEAM_OVERVIEW_PAGE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!check_return (self, error))
    return FALSE;
  flush_comment (self);
  if (!monia_thl_record_output (self->store, &self->thl->from, &self->thl->to, "export", error))
    return FALSE;
  comment = dup_comment (self);
  csv = monia_thl_return_to_csv (self->thl, self->data, comment);
  return g_file_set_contents (path, csv, -1, error);
}

typedef gboolean (*ExportFunc) (MoniaTeamOverviewPage *self, const char *path, GError **error);

static void
on_export_response (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  MoniaTeamOverviewPage *self = user_data;
  ExportFunc export = g_object_get_data (G_OBJECT (dialog), "monia-export");
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      path = file != NULL ? g_file_get_path (file) : NULL;
      if (path == NULL || !export (self, path, &error))
        {
          if (error == NULL)
            g_set_error_literal (&error, MONIA_ERROR, MONIA_ERROR_FAILED, _("Choose a file on this computer."));
          monia_show_error (GTK_WIDGET (self), error);
        }
      else
        monia_show_toast (GTK_WIDGET (self), _("The return was exported."));
    }
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
ask_where (MoniaTeamOverviewPage *self,
           const char            *title,
           const char            *extension,
           ExportFunc             export)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *dialog;
  g_autofree char *from = NULL, *name = NULL;

  if (self->thl == NULL)
    return;
  dialog = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  from = monia_date_format_iso (&self->thl->from);
  /* Translators: the file name offered for an exported THL return; %s is the period's first day */
  name = g_strdup_printf (_("thl-return-%s.%s"), from, extension);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_object_set_data (G_OBJECT (dialog), "monia-export", export);
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
export_pdf_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ask_where (MONIA_TEAM_OVERVIEW_PAGE (widget), _("Export the THL Return as PDF"), "pdf",
             monia_team_overview_page_export_pdf);
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ask_where (MONIA_TEAM_OVERVIEW_PAGE (widget), _("Export the THL Return as a Spreadsheet"), "csv",
             monia_team_overview_page_export_csv);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  MoniaTeamOverviewPage *self = MONIA_TEAM_OVERVIEW_PAGE (widget);
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->thl == NULL)
    return;
  flush_comment (self);
  operation = monia_thl_print_operation_new (make_document (self), self->store, &self->thl->from, &self->thl->to);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, &error) ==
      GTK_PRINT_OPERATION_RESULT_ERROR)
    monia_show_error (widget, error);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  monia_team_overview_page_refresh (MONIA_TEAM_OVERVIEW_PAGE (widget));
}

static void
up_action (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  MoniaTeamOverviewPage *self = MONIA_TEAM_OVERVIEW_PAGE (widget);

  if (self->data != NULL && self->unit != 0 && self->unit != self->home_unit)
    show_unit (self, parent_of (self, self->unit));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MoniaTeamOverviewPage *self = MONIA_TEAM_OVERVIEW_PAGE (widget);

  if (self->data != NULL)
    gtk_stack_set_visible_child_name (self->stack, "figures");
}

/* ---- building ---- */

static void
fill_periods (MoniaTeamOverviewPage *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GDate day;

  monia_policy_today (&day);
  for (guint i = 0; i < N_PERIODS; i++)
    {
      g_autofree char *from = NULL, *to = NULL, *label = NULL;

      monia_thl_period_of_day (&day, &self->period_from[i], &self->period_to[i], NULL);
      from = monia_format_date (&self->period_from[i]);
      to = monia_format_date (&self->period_to[i]);
      /* Translators: a half-year: its first and last day */
      label = g_strdup_printf (_("%s – %s"), from, to);
      gtk_string_list_append (labels, label);
      day = self->period_from[i];
      g_date_subtract_days (&day, 1);
    }
  adw_combo_row_set_model (self->period_row, G_LIST_MODEL (labels));
  /* Before the return is due, the half-year just ended is the one to fill. */
  {
    GDate today, from, to, due;

    monia_policy_today (&today);
    monia_thl_period_of_day (&self->period_from[1], &from, &to, &due);
    adw_combo_row_set_selected (self->period_row, g_date_compare (&today, &due) <= 0 ? 1 : 0);
  }
}

static void
build_rows (MoniaTeamOverviewPage *self)
{
  /* The children first, then the open cases, then the trend. */
  self->caseload_row = make_value_row (self->caseload_group, _("Children in open cases"), FALSE, &self->caseload_value);
  self->caseload_bar = GTK_LEVEL_BAR (gtk_level_bar_new ());
  gtk_widget_set_size_request (GTK_WIDGET (self->caseload_bar), 80, -1);
  gtk_widget_set_valign (GTK_WIDGET (self->caseload_bar), GTK_ALIGN_CENTER);
  gtk_level_bar_set_mode (self->caseload_bar, GTK_LEVEL_BAR_MODE_CONTINUOUS);
  gtk_level_bar_add_offset_value (self->caseload_bar, GTK_LEVEL_BAR_OFFSET_LOW, 0.8);
  gtk_level_bar_add_offset_value (self->caseload_bar, GTK_LEVEL_BAR_OFFSET_HIGH, 0.95);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->caseload_row), GTK_WIDGET (self->caseload_bar));

  for (guint k = 0; k < N_FIGURE_ROWS; k++)
    {
      AdwPreferencesGroup *group = k == MONIA_FIGURE_OPEN_CASES ? self->caseload_group : self->clocks_group;

      self->figure_rows[k] = make_value_row (group, _(figure_titles[k]), TRUE, &self->figure_values[k]);
      g_object_set_data (G_OBJECT (self->figure_rows[k]), "monia-figure", GUINT_TO_POINTER (k));
      g_signal_connect_object (self->figure_rows[k], "activated", G_CALLBACK (on_figure_row_activated), self, 0);
    }

  self->trend_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->trend_row), _("Over six months"));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (self->trend_row), 3);
  self->trend_area = gtk_drawing_area_new ();
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self->trend_area), 132);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self->trend_area), 36);
  gtk_widget_set_valign (self->trend_area, GTK_ALIGN_CENTER);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->trend_area), draw_trend, self, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->trend_area), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The caseload month by month"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->trend_row), self->trend_area);
  adw_preferences_group_add (self->caseload_group, self->trend_row);

  for (guint i = 0; i < N_THL_ROWS; i++)
    self->thl_rows[i] = make_value_row (self->thl_group, _(thl_titles[i]), i == THL_LATE_LIST, &self->thl_values[i]);
  g_signal_connect_object (self->thl_rows[THL_LATE_LIST], "activated", G_CALLBACK (on_late_row_activated), self,
                           G_CONNECT_SWAPPED);

  {
    g_autoptr(GtkStringList) periods = gtk_string_list_new (NULL);

    for (guint i = 0; i < N_CARD_PERIODS; i++)
      gtk_string_list_append (periods, _(card_periods[i]));
    adw_combo_row_set_model (self->scorecard_period_row, G_LIST_MODEL (periods));
    adw_combo_row_set_selected (self->scorecard_period_row, CARD_THIS_HALF);
  }
  for (guint i = 0; i < N_CARD_ROWS; i++)
    self->card_rows[i] = make_value_row (self->scorecard_group, _(card_titles[i]), FALSE, &self->card_values[i]);
}

static void
monia_team_overview_page_dispose (GObject *object)
{
  MoniaTeamOverviewPage *self = MONIA_TEAM_OVERVIEW_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->comment_save_id != 0 && self->store != NULL && self->thl != NULL)
    flush_comment (self);
  g_clear_handle_id (&self->comment_save_id, g_source_remove);
  g_clear_handle_id (&self->spinner_id, g_source_remove);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_clear_handle_id (&self->card_idle_id, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  /* The child first: the template's disposal would drop it while AdwBin
   * still points at it (see drop_case_view() in monia-window.c). */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MONIA_TYPE_TEAM_OVERVIEW_PAGE);
  g_clear_object (&self->store);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (monia_team_overview_page_parent_class)->dispose (object);
}

static void
monia_team_overview_page_finalize (GObject *object)
{
  MoniaTeamOverviewPage *self = MONIA_TEAM_OVERVIEW_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->calendar, monia_calendar_unref);
  g_clear_pointer (&self->data, monia_report_data_unref);
  g_clear_pointer (&self->figures, g_free);
  g_clear_pointer (&self->thl, monia_thl_return_free);
  g_clear_pointer (&self->unit_rows, g_ptr_array_unref);
  g_free (self->home_team_id);
  g_free (self->home_worker_id);
  for (guint k = 0; k < N_FIGURE_ROWS; k++)
    g_free (self->figure_texts[k]);

  G_OBJECT_CLASS (monia_team_overview_page_parent_class)->finalize (object);
}

static void
monia_team_overview_page_class_init (MoniaTeamOverviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = monia_team_overview_page_dispose;
  object_class->finalize = monia_team_overview_page_finalize;

  /**
   * MoniaTeamOverviewPage::case-activated:
   * @case_id: the case chosen from the list behind a figure
   *
   * Only for figures of cases the reader may open (not a lead's).
   */
  signals[CASE_ACTIVATED] =
    g_signal_new ("case-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/monia-team-overview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MoniaTeamOverviewPage, stack);
  gtk_widget_class_bind_template_child (widget_class, MoniaTeamOverviewPage, loading_page);
  gtk_widget_class_bind_template_child (widget_class, MoniaTeamOverviewPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, MoniaTeamOverviewPage, up_button);
  gtk_widget_class_bind_template_child (widget_class, MoniaTeamOverviewPage, unit_label);
  gtk_widget_class_bind_template_child (widget_class, MoniaTeamOverviewPage, source_label);
  gtk_widget_class_bind_template_child (widget_class, MoniaTeamOverviewPage, clocks_group);
  gtk_widget_class_bind_template_child (widget_class, MoniaTeamOverviewPage, caseload_group);
  gtk_widget_class_bind_template_child (widget_class, MoniaTeamOverviewPage, thl_group);
  gtk_widget_class_bind_template_child (widget_class, MoniaTeamOverviewPage, period_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaTeamOverviewPage, comment_view);
  gtk_widget_class_bind_template_child (widget_class, MoniaTeamOverviewPage, units_group);
  gtk_widget_class_bind_template_child (widget_class, MoniaTeamOverviewPage, scorecard_group);
  gtk_widget_class_bind_template_child (widget_class, MoniaTeamOverviewPage, scorecard_period_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaTeamOverviewPage, cases_title);
  gtk_widget_class_bind_template_child (widget_class, MoniaTeamOverviewPage, cases_list);
  gtk_widget_class_bind_template_callback (widget_class, on_case_row_activated);

  gtk_widget_class_install_action (widget_class, "overview.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "overview.up", NULL, up_action);
  gtk_widget_class_install_action (widget_class, "overview.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "overview.print-thl", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "overview.export-pdf", NULL, export_pdf_action);
  gtk_widget_class_install_action (widget_class, "overview.export-csv", NULL, export_csv_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "overview.back", NULL);
}

static void
monia_team_overview_page_init (MoniaTeamOverviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_widget_set_halign (GTK_WIDGET (self->spinner), GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (GTK_WIDGET (self->spinner), 32, 32);
  adw_status_page_set_child (self->loading_page, GTK_WIDGET (self->spinner));
  self->cancellable = g_cancellable_new ();
  self->unit_rows = g_ptr_array_new ();
  self->calendar = monia_calendar_new_from_settings ();
  self->cap = read_cap ();
  monia_policy_today (&self->today);
  build_rows (self);
  fill_periods (self);
  g_signal_connect_object (self->period_row, "notify::selected", G_CALLBACK (on_period_selected), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scorecard_period_row, "notify::selected", G_CALLBACK (on_scorecard_period_selected),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->comment_view), "changed",
                           G_CALLBACK (on_comment_changed), self, G_CONNECT_SWAPPED);
}

GtkWidget *
monia_team_overview_page_new (MoniaStore      *store,
                              MoniaSyncClient *client)
{
  MoniaTeamOverviewPage *self;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);
  g_return_val_if_fail (client == NULL || MONIA_IS_SYNC_CLIENT (client), NULL);

  self = g_object_new (MONIA_TYPE_TEAM_OVERVIEW_PAGE, NULL);
  self->store = g_object_ref (store);
  self->client = client != NULL ? g_object_ref (client) : NULL;
  g_signal_connect_object (store, "committed", G_CALLBACK (on_store_committed), self, G_CONNECT_SWAPPED);
  start_loading (self);
  return GTK_WIDGET (self);
}

/* ---- for tests and the benchmark ---- */

gboolean
_monia_team_overview_page_is_ready (MoniaTeamOverviewPage *self)
{
  return self->ready && !self->loading;
}

gint64
_monia_team_overview_page_get_time_to_figures (MoniaTeamOverviewPage *self)
{
  return self->time_to_figures;
}

MoniaReportData *
_monia_team_overview_page_get_data (MoniaTeamOverviewPage *self)
{
  return self->data;
}

guint
_monia_team_overview_page_get_unit (MoniaTeamOverviewPage *self)
{
  return self->unit;
}

void
_monia_team_overview_page_show_unit (MoniaTeamOverviewPage *self,
                                     guint                  unit)
{
  show_unit (self, unit);
}

GtkWidget *
_monia_team_overview_page_get_figure_row (MoniaTeamOverviewPage *self,
                                          guint                  figure)
{
  g_return_val_if_fail (figure < N_FIGURE_ROWS, NULL);
  return self->figure_rows[figure];
}

const char *
_monia_team_overview_page_get_figure_text (MoniaTeamOverviewPage *self,
                                           guint                  figure)
{
  g_return_val_if_fail (figure < N_FIGURE_ROWS, NULL);
  return self->figure_texts[figure];
}

GtkListBox *
_monia_team_overview_page_get_case_list (MoniaTeamOverviewPage *self)
{
  return self->cases_list;
}

GtkWidget *
_monia_team_overview_page_get_late_row (MoniaTeamOverviewPage *self)
{
  return self->thl_rows[THL_LATE_LIST];
}

MoniaThlReturn *
_monia_team_overview_page_get_thl (MoniaTeamOverviewPage *self)
{
  return self->thl;
}

GtkTextView *
_monia_team_overview_page_get_comment_view (MoniaTeamOverviewPage *self)
{
  return self->comment_view;
}

const char *
_monia_team_overview_page_get_scorecard_text (MoniaTeamOverviewPage *self,
                                              guint                  row)
{
  g_return_val_if_fail (row < N_CARD_ROWS, NULL);
  return gtk_label_get_text (self->card_values[row]);
}

const char *
_monia_team_overview_page_get_visible (MoniaTeamOverviewPage *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}
