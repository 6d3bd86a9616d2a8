/* monia-ctl-demo.c — the demo-data command
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * monia-ctl [--database PATH] demo-data --cases N [--seed S] [--today YYYY-MM-DD]
 * fills the store with N synthetic cases (the same content for the same
 * seed and day) anchored to today, or to the day --today pins, and prints
 * how many records it added and how long it took.
 */
#define G_LOG_DOMAIN "monia-ctl"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "monia-ctl.h"

#define MAX_DEMO_CASES 1000000

static int
demo_usage_error (const char *message)
{
  g_printerr ("monia-ctl demo-data: %s\n%s\n", message,
              _("Usage: monia-ctl [--database PATH] demo-data --cases N [--seed S] [--today YYYY-MM-DD]"));
  return MONIA_CTL_EXIT_USAGE;
}

/* Matches "--name VALUE" or "--name=VALUE" at argv[*i]. Returns the value
 * (advancing *i past a separate one), or NULL when argv[*i] is another
 * option; *missing is set when the option has no value. */
static const char *
match_option (int          argc,
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
parse_number (const char *name,
              const char *text,
              guint64     min,
              guint64     max,
              guint64    *out)
{
  g_autoptr(GError) error = NULL;

  if (!g_ascii_string_to_unsigned (text, 10, min, max, out, &error))
    {
      g_autofree char *low = g_strdup_printf ("%" G_GUINT64_FORMAT, min);
      g_autofree char *high = g_strdup_printf ("%" G_GUINT64_FORMAT, max);
      g_autofree char *message = NULL;

      /* Translators: the first %s is an option such as "--cases", the next
       * two are the limits, the last is what was given */
      message = g_strdup_printf (_("%s needs a whole number from %s to %s, not “%s”"),
                                 name, low, high, text);
      demo_usage_error (message);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  const char *kind;
  gint64      before;
} KindCount;

int
monia_ctl_cmd_demo_data (const MoniaCtlGlobals *globals,
                         int                    argc,
                         char                 **argv)
{
  g_autoptr(MoniaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = NULL;
  KindCount counts[] = {
    { "case", 0 }, { "person", 0 }, { "help_request", 0 }, { "assessment", 0 },
    { "plan", 0 }, { "event", 0 }, { "professional", 0 },
  };
  const MoniaKind *kinds;
  guint n_kinds;
  gint64 total_before = 0, total_after = 0;
  guint64 n_cases = 0, seed = 1;
  gboolean have_cases = FALSE, have_seed = FALSE, have_today = FALSE;
  GDate today;

  for (int i = 1; i < argc; i++)
    {
      const char *value;
      gboolean missing;

      if ((value = match_option (argc, argv, &i, "--cases", &missing)) != NULL || missing)
        {
          if (missing)
            return demo_usage_error (_("--cases needs a number"));
          if (have_cases)
            return demo_usage_error (_("--cases was given twice"));
          if (!parse_number ("--cases", value, 1, MAX_DEMO_CASES, &n_cases))
            return MONIA_CTL_EXIT_USAGE;
          have_cases = TRUE;
        }
      else if ((value = match_option (argc, argv, &i, "--seed", &missing)) != NULL || missing)
        {
          if (missing)
            return demo_usage_error (_("--seed needs a number"));
          if (have_seed)
            return demo_usage_error (_("--seed was given twice"));
          if (!parse_number ("--seed", value, 0, G_MAXUINT64, &seed))
            return MONIA_CTL_EXIT_USAGE;
          have_seed = TRUE;
        }
      else if ((value = match_option (argc, argv, &i, "--today", &missing)) != NULL || missing)
        {
          g_autoptr(GError) date_error = NULL;

          if (missing)
            return demo_usage_error (_("--today needs a date written as YYYY-MM-DD"));
          if (have_today)
            return demo_usage_error (_("--today was given twice"));
          if (!monia_date_parse_iso (value, &today, &date_error))
            {
              /* Translators: %s is an error message about the date given */
              g_autofree char *message = g_strdup_printf (_("--today: %s"), date_error->message);

              return demo_usage_error (message);
            }
          have_today = TRUE;
        }
      else
        {
          g_autofree char *message = g_strdup_printf (_("Unknown argument “%s”"), argv[i]);
          return demo_usage_error (message);
        }
    }

  if (!have_cases)
    return demo_usage_error (_("Say how many cases to make with --cases N"));

  store = monia_ctl_open_store (globals);
  if (store == NULL)
    return MONIA_CTL_EXIT_FAILED;

  kinds = monia_kind_get_all (&n_kinds);
  for (guint k = 0; k < n_kinds; k++)
    total_before += monia_store_count (store, kinds[k].name);
  for (guint c = 0; c < G_N_ELEMENTS (counts); c++)
    counts[c].before = monia_store_count (store, counts[c].kind);

  timer = g_timer_new ();
  if (!monia_demo_generate_for_day (store, (guint) n_cases, seed, have_today ? &today : NULL, NULL, NULL, &error))
    {
      monia_ctl_print_error ("demo-data", error);
      return MONIA_CTL_EXIT_FAILED;
    }
  g_timer_stop (timer);

  for (guint k = 0; k < n_kinds; k++)
    total_after += monia_store_count (store, kinds[k].name);

  /* Translators: followed by lines such as "  case: 200" */
  printf ("%s\n", _("Added demo records:"));
  for (guint c = 0; c < G_N_ELEMENTS (counts); c++)
    printf ("  %-14s %" G_GINT64_FORMAT "\n", counts[c].kind,
            monia_store_count (store, counts[c].kind) - counts[c].before);
  printf ("  %-14s %" G_GINT64_FORMAT "\n", _("all kinds"), total_after - total_before);
  printf (_("Took %.1f seconds."), g_timer_elapsed (timer, NULL));
  printf ("\n");

  return MONIA_CTL_EXIT_OK;
}
