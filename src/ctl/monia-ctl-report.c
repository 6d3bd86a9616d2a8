/* monia-ctl-report.c — the report command: the THL return, the service
 * scorecard and caseloads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   monia-ctl --database PATH report thl --from YYYY-MM-DD --to YYYY-MM-DD
 *             [--as-of YYYY-MM-DD] [--team ID] [--comment TEXT] [--json | --csv]
 *   monia-ctl --database PATH report scorecard --from YYYY-MM-DD --to YYYY-MM-DD [--json]
 *   monia-ctl --database PATH report caseload [--as-of YYYY-MM-DD] [--cap N] [--json]
 *
 * The JSON forms are a contract (docs and a script check their fields):
 * thl gives became_pending, started_within_7, started_late,
 * not_started_within_limit, not_started_late, completed,
 * completed_within_3_months and completed_late as whole numbers; scorecard
 * gives got_help_yes/partly/no, recommend_mean (one decimal),
 * guided_digital/municipal/parish/third_sector and consultations.
 */
#define G_LOG_DOMAIN "monia-ctl"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "monia-ctl.h"

#define REPORT_USAGE \
  N_("Usage: monia-ctl [--database PATH] report thl --from DATE --to DATE [--as-of DATE] [--team ID] " \
     "[--comment TEXT] [--json | --csv]\n" \
     "       monia-ctl [--database PATH] report scorecard --from DATE --to DATE [--json]\n" \
     "       monia-ctl [--database PATH] report caseload [--as-of DATE] [--cap N] [--json]")

static int
report_usage_error (const char *message)
{
  g_printerr ("monia-ctl report: %s\n%s\n", message, _(REPORT_USAGE));
  return MONIA_CTL_EXIT_USAGE;
}

typedef struct
{
  GDate       from;
  GDate       to;
  GDate       as_of;
  const char *team;
  const char *comment;
  guint64     cap;
  gboolean    json;
  gboolean    csv;
} ReportOptions;

/* "--name VALUE" or "--name=VALUE" at argv[*i]: its value (advancing *i
 * past a separate one), NULL when argv[*i] is another option; *missing is
 * set when the option has no value. */
static const char *
option_value (int          argc,
              char       **argv,
              int         *i,
              const char  *name,
              gboolean    *missing)
{
  const char *arg = argv[*i];
  size_t len = strlen (name);

  *missing = FALSE;
  if (strncmp (arg, name, len) != 0)
    return NULL;
  if (arg[len] == '=')
    return arg + len + 1;
  if (arg[len] != '\0')
    return NULL;
  if (*i + 1 >= argc)
    {
      *missing = TRUE;
      return NULL;
    }
  return argv[++*i];
}

static gboolean
parse_date_option (const char *name,
                   const char *text,
                   GDate      *out)
{
  g_autoptr(GError) error = NULL;

  if (!monia_date_parse_iso (text, out, &error))
    {
      /* Translators: the first %s is an option such as "--from", the second an error message */
      g_autofree char *message = g_strdup_printf (_("%s: %s"), name, error->message);

      report_usage_error (message);
      return FALSE;
    }
  return TRUE;
}

/* Parses the options @allowed ("from", "to", "as-of", "team", "comment",
 * "cap", "json", "csv"). FALSE when something is wrong; the message is out. */
static gboolean
parse_options (int                 argc,
               char              **argv,
               const char * const *allowed,
               ReportOptions      *opts)
{
  gboolean have_from = FALSE, have_to = FALSE;

  memset (opts, 0, sizeof *opts);
  g_date_clear (&opts->from, 1);
  g_date_clear (&opts->to, 1);
  monia_policy_today (&opts->as_of);
  opts->cap = MONIA_CASELOAD_CAP_DEFAULT;

  for (int i = 1; i < argc; i++)
    {
      const char *value = NULL;
      gboolean missing = FALSE, known = FALSE;

      for (guint k = 0; allowed[k] != NULL && !known; k++)
        {
          g_autofree char *name = g_strconcat ("--", allowed[k], NULL);

          if (g_str_equal (allowed[k], "json") || g_str_equal (allowed[k], "csv"))
            {
              if (!g_str_equal (argv[i], name))
                continue;
              known = TRUE;
              if (g_str_equal (allowed[k], "json"))
                opts->json = TRUE;
              else
                opts->csv = TRUE;
              continue;
            }

          value = option_value (argc, argv, &i, name, &missing);
          if (value == NULL && !missing)
            continue;
          known = TRUE;
          if (missing)
            {
              /* Translators: %s is an option such as "--from" */
              g_autofree char *message = g_strdup_printf (_("%s needs a value"), name);

              report_usage_error (message);
              return FALSE;
            }
          if (g_str_equal (allowed[k], "from"))
            {
              if (!parse_date_option (name, value, &opts->from))
                return FALSE;
              have_from = TRUE;
            }
          else if (g_str_equal (allowed[k], "to"))
            {
              if (!parse_date_option (name, value, &opts->to))
                return FALSE;
              have_to = TRUE;
            }
          else if (g_str_equal (allowed[k], "as-of"))
            {
              if (!parse_date_option (name, value, &opts->as_of))
                return FALSE;
            }
          else if (g_str_equal (allowed[k], "team"))
            opts->team = value;
          else if (g_str_equal (allowed[k], "comment"))
            opts->comment = value;
          else if (g_str_equal (allowed[k], "cap"))
            {
              g_autoptr(GError) error = NULL;

              if (!g_ascii_string_to_unsigned (value, 10, 1, 1000, &opts->cap, &error))
                {
                  /* Translators: %s is what was given */
                  g_autofree char *message = g_strdup_printf (_("--cap needs a whole number from 1 to 1000, not “%s”"),
                                                              value);

                  report_usage_error (message);
                  return FALSE;
                }
            }
        }
      if (!known)
        {
          g_autofree char *message = g_strdup_printf (_("Unknown argument “%s”"), argv[i]);

          report_usage_error (message);
          return FALSE;
        }
    }

  if (g_strv_contains (allowed, "from") && (!have_from || !have_to))
    {
      report_usage_error (_("Give the period with --from DATE and --to DATE"));
      return FALSE;
    }
  if (have_from && have_to && g_date_compare (&opts->from, &opts->to) > 0)
    {
      report_usage_error (_("--from must not be after --to"));
      return FALSE;
    }
  if (opts->json && opts->csv)
    {
      report_usage_error (_("Choose one of --json and --csv"));
      return FALSE;
    }
  return TRUE;
}

static MoniaReportData *
load_data (MoniaStore *store)
{
  g_autoptr(GError) error = NULL;
  MoniaReportData *data = monia_report_data_load (store, NULL, &error);

  if (data == NULL)
    monia_ctl_print_error ("report", error);
  return data;
}

/* @label padded to @width characters (not bytes: the labels have dashes
 * and, translated, letters such as ä). */
static void
print_label (guint       indent,
             const char *label,
             guint       width)
{
  glong length = g_utf8_strlen (label, -1);

  printf ("%*s%s%*s", (int) indent, "", label, (int) (width > length ? width - length : 1), "");
}

/* ---- thl ---- */

static void
print_thl_text (MoniaThlReturn  *ret,
                MoniaReportData *data,
                const char      *comment)
{
  const MoniaThlCounts *c = &ret->counts;
  const MoniaReportUnit *unit = monia_report_data_get_unit (data, ret->unit);
  char from[16], to[16], as_of[16], buf[16];
  char share[G_ASCII_DTOSTR_BUF_SIZE];

  /* Translators: the %s are days (YYYY-MM-DD) */
  printf (_("THL return of child welfare processing times %s – %s, as of %s"),
          monia_report_format_day (g_date_get_julian (&ret->from), from),
          monia_report_format_day (g_date_get_julian (&ret->to), to),
          monia_report_format_day (g_date_get_julian (&ret->as_of), as_of));
  printf ("\n%s\n\n", unit->kind == MONIA_UNIT_REGION ? _("The whole wellbeing services county")
                                                     : unit->name != NULL ? unit->name : unit->id);

  print_label (0, _("Became pending"), 45);
  printf ("%6u\n", c->became_pending);
  print_label (2, _("Decided within 7 working days"), 43);
  printf ("%6u", c->started_within_7);
  if (c->became_pending > 0)
    printf ("  (%s %%)", g_ascii_formatd (share, sizeof share, "%.1f",
                                          monia_report_share (c->started_within_7, c->became_pending)));
  printf ("\n");
  print_label (2, _("Decided late"), 43);
  printf ("%6u\n", c->started_late);
  print_label (2, _("Not decided, within the limit"), 43);
  printf ("%6u\n", c->not_started_within_limit);
  print_label (2, _("Not decided, late"), 43);
  printf ("%6u\n", c->not_started_late);
  print_label (2, _("Late by 1–7 / 8–14 / 15+ working days"), 43);
  printf ("%6u / %u / %u\n",
          c->start_late_by[0], c->start_late_by[1], c->start_late_by[2]);
  print_label (0, _("Completed"), 45);
  printf ("%6u\n", c->completed);
  print_label (2, _("Within 3 months"), 43);
  printf ("%6u", c->completed_within_3_months);
  if (c->completed > 0)
    printf ("  (%s %%)", g_ascii_formatd (share, sizeof share, "%.1f",
                                          monia_report_share (c->completed_within_3_months, c->completed)));
  printf ("\n");
  print_label (2, _("Late"), 43);
  printf ("%6u\n", c->completed_late);
  print_label (2, _("Late by 1–30 / 31–90 / 91+ days"), 43);
  printf ("%6u / %u / %u\n",
          c->completion_late_by[0], c->completion_late_by[1], c->completion_late_by[2]);

  if (ret->late->len > 0)
    {
      printf ("\n%s\n", _("Late cases:"));
      for (guint i = 0; i < ret->late->len; i++)
        {
          const MoniaThlLate *late = &g_array_index (ret->late, MoniaThlLate, i);
          const MoniaReportAssessment *a = monia_report_data_get_assessment (data, late->assessment);
          const MoniaReportCase *rc = monia_report_data_get_case (data, a->case_index);
          const char *owner = monia_report_data_lookup_name (data, rc->owner_id);
          g_autofree char *how = NULL;

          if (late->kind == MONIA_THL_COMPLETED_LATE)
            /* Translators: how late a completed assessment was */
            how = g_strdup_printf (g_dngettext (NULL, "completed %u day late", "completed %u days late",
                                                late->days_late), late->days_late);
          else if (late->kind == MONIA_THL_STARTED_LATE)
            how = g_strdup_printf (g_dngettext (NULL, "decided %u working day late",
                                                "decided %u working days late", late->days_late),
                                   late->days_late);
          else
            how = g_strdup_printf (g_dngettext (NULL, "not decided, %u working day late",
                                                "not decided, %u working days late", late->days_late),
                                   late->days_late);
          printf ("  %s  %s  %s  %s\n", monia_report_format_day (a->pending_on, buf),
                  rc->title != NULL ? rc->title : rc->id, owner != NULL ? owner : "", how);
        }
    }
  if (comment != NULL && *comment != '\0')
    printf ("\n%s\n%s\n", _("Comment for the supervisor:"), comment);
}

static int
report_thl (const MoniaCtlGlobals *globals,
            int                    argc,
            char                 **argv)
{
  static const char * const allowed[] = { "from", "to", "as-of", "team", "comment", "json", "csv", NULL };
  g_autoptr(MoniaStore) store = NULL;
  g_autoptr(MoniaReportData) data = NULL;
  g_autoptr(MoniaThlReturn) ret = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *comment = NULL;
  ReportOptions opts;
  gint unit = 0;

  if (!parse_options (argc, argv, allowed, &opts))
    return MONIA_CTL_EXIT_USAGE;
  store = monia_ctl_open_store (globals);
  if (store == NULL)
    return MONIA_CTL_EXIT_FAILED;

  data = load_data (store);
  if (data == NULL)
    return MONIA_CTL_EXIT_FAILED;
  if (opts.team != NULL)
    {
      unit = monia_report_data_find_unit (data, MONIA_UNIT_TEAM, opts.team);
      if (unit < 0)
        {
          g_autofree char *message = g_strdup_printf (_("No team with the id “%s” here"), opts.team);

          return report_usage_error (message);
        }
    }

  if (opts.comment != NULL && !monia_thl_set_comment (store, &opts.from, &opts.to, opts.comment, &error))
    {
      monia_ctl_print_error ("report", error);
      return MONIA_CTL_EXIT_USAGE;
    }
  comment = monia_thl_get_comment (store, &opts.from, &opts.to);

  ret = monia_thl_return_compute (data, (guint) unit, &opts.from, &opts.to, &opts.as_of, NULL);
  if (opts.json)
    {
      g_autofree char *json = monia_thl_return_to_json (ret, data, comment);

      fputs (json, stdout);
    }
  else if (opts.csv)
    {
      g_autofree char *csv = monia_thl_return_to_csv (ret, data, comment);

      fputs (csv, stdout);
    }
  else
    print_thl_text (ret, data, comment);
  return MONIA_CTL_EXIT_OK;
}

/* ---- scorecard ---- */

static void
print_scorecard_period (const MoniaScorecardPeriod *p)
{
  char mean[G_ASCII_DTOSTR_BUF_SIZE];
  double m = monia_scorecard_period_recommend_mean (p);

  print_label (2, _("Got the help they sought: yes / partly / no"), 49);
  printf ("%u / %u / %u\n",
          p->got_help_yes, p->got_help_partly, p->got_help_no);
  print_label (2, _("Would recommend (0–10), mean and answers"), 49);
  printf ("%s (%u)\n",
          m < 0 ? "–" : g_ascii_formatd (mean, sizeof mean, "%.1f", m), p->n_recommend);
  print_label (2, _("Help requests"), 49);
  printf ("%u\n", p->help_requests);
  print_label (2, _("Guided to digital / municipal / parish / third-sector"), 49);
  printf ("%u / %u / %u / %u\n",
          p->guided[MONIA_SECTOR_DIGITAL], p->guided[MONIA_SECTOR_MUNICIPAL], p->guided[MONIA_SECTOR_PARISH],
          p->guided[MONIA_SECTOR_THIRD_SECTOR]);
  print_label (2, _("To a case / other outcomes"), 49);
  printf ("%u / %u\n", p->to_case, p->other_outcomes);
  print_label (2, _("Consultations (from outside the county)"), 49);
  printf ("%u (%u)\n", p->consultations,
          p->consultations_outside_area);
}

static int
report_scorecard (const MoniaCtlGlobals *globals,
                  int                    argc,
                  char                 **argv)
{
  static const char * const allowed[] = { "from", "to", "json", NULL };
  g_autoptr(MoniaStore) store = NULL;
  g_autoptr(MoniaScorecard) card = NULL;
  g_autoptr(GError) error = NULL;
  ReportOptions opts;

  if (!parse_options (argc, argv, allowed, &opts))
    return MONIA_CTL_EXIT_USAGE;
  store = monia_ctl_open_store (globals);
  if (store == NULL)
    return MONIA_CTL_EXIT_FAILED;

  card = monia_scorecard_compute (store, &opts.from, &opts.to, &error);
  if (card == NULL)
    {
      monia_ctl_print_error ("report", error);
      return g_error_matches (error, MONIA_ERROR, MONIA_ERROR_STORE) ? MONIA_CTL_EXIT_FAILED : MONIA_CTL_EXIT_USAGE;
    }
  if (opts.json)
    {
      g_autofree char *json = monia_scorecard_to_json (card);

      fputs (json, stdout);
      return MONIA_CTL_EXIT_OK;
    }

  {
    char from[16], to[16];

    /* Translators: the %s are days (YYYY-MM-DD) */
    printf (_("Service scorecard %s – %s"), monia_report_format_day (g_date_get_julian (&opts.from), from),
            monia_report_format_day (g_date_get_julian (&opts.to), to));
    printf ("\n");
  }
  print_scorecard_period (&card->total);
  for (guint i = 0; card->months->len > 1 && i < card->months->len; i++)
    {
      const MoniaScorecardPeriod *p = g_ptr_array_index (card->months, i);

      printf ("\n%s\n", p->label);
      print_scorecard_period (p);
    }
  return MONIA_CTL_EXIT_OK;
}

/* ---- caseload ---- */

static int
report_caseload (const MoniaCtlGlobals *globals,
                 int                    argc,
                 char                 **argv)
{
  static const char * const allowed[] = { "as-of", "cap", "json", NULL };
  g_autoptr(MoniaStore) store = NULL;
  g_autoptr(MoniaReportData) data = NULL;
  g_autofree MoniaUnitFigures *figures = NULL;
  ReportOptions opts;

  if (!parse_options (argc, argv, allowed, &opts))
    return MONIA_CTL_EXIT_USAGE;
  store = monia_ctl_open_store (globals);
  if (store == NULL)
    return MONIA_CTL_EXIT_FAILED;
  data = load_data (store);
  if (data == NULL)
    return MONIA_CTL_EXIT_FAILED;

  if (opts.json)
    {
      g_autofree char *json = monia_report_caseload_to_json (data, &opts.as_of, (guint) opts.cap);

      fputs (json, stdout);
      return MONIA_CTL_EXIT_OK;
    }

  figures = monia_report_compute_figures (data, &opts.as_of, NULL);
  {
    char day[16];

    /* Translators: %s is a day (YYYY-MM-DD), %u the most children a worker may have */
    printf (_("Caseloads on %s: children in open cases (cap %u)"),
            monia_report_format_day (g_date_get_julian (&opts.as_of), day), (guint) opts.cap);
    printf ("\n");
  }
  for (guint u = 1; u < monia_report_data_get_n_units (data); u++)
    {
      const MoniaReportUnit *unit = monia_report_data_get_unit (data, u);
      guint children = figures[u].children[MONIA_CASELOAD_TREND_MONTHS - 1];

      if (unit->kind != MONIA_UNIT_WORKER)
        continue;
      printf ("  %-40s %4u%s\n", unit->name != NULL ? unit->name : unit->id, children,
              children > opts.cap ? _("  over the cap") : "");
    }
  return MONIA_CTL_EXIT_OK;
}

int
monia_ctl_cmd_report (const MoniaCtlGlobals *globals,
                      int                    argc,
                      char                 **argv)
{
  static const struct
  {
    const char *name;
    int (*run) (const MoniaCtlGlobals *globals, int argc, char **argv);
  } reports[] = {
    { "thl", report_thl },
    { "scorecard", report_scorecard },
    { "caseload", report_caseload },
  };
  if (argc < 2)
    return report_usage_error (_("Say which report: thl, scorecard or caseload"));

  for (guint i = 0; i < G_N_ELEMENTS (reports); i++)
    if (g_str_equal (argv[1], reports[i].name))
      return reports[i].run (globals, argc - 1, argv + 1);

  {
    /* Translators: %s is what was given instead of thl, scorecard or caseload */
    g_autofree char *message = g_strdup_printf (_("Unknown report “%s”"), argv[1]);

    return report_usage_error (message);
  }
}
