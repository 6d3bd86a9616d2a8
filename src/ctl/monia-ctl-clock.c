/* monia-ctl-clock.c — the deadline and hetu commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Scripts depend on the output: a deadline prints one ISO date; hetu prints
 * "valid", "valid temporary" or "invalid: <reason>". Those words stay
 * untranslated, the reasons and usage messages are translated.
 */
#define G_LOG_DOMAIN "monia-ctl"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "monia-ctl.h"

static int
usage_error (const char *command,
             const char *message)
{
  g_printerr ("monia-ctl %s: %s\n", command, message);
  return MONIA_CTL_EXIT_USAGE;
}

static int
deadline_usage_error (const char *message)
{
  g_printerr ("monia-ctl deadline: %s\n%s\n", message,
              _("Usage: monia-ctl deadline YYYY-MM-DD --working-days N | --months N"));
  return MONIA_CTL_EXIT_USAGE;
}

/* Reads the value of "--name N" or "--name=N" at argv[*i]; advances *i past
 * a separate value. Returns FALSE (message printed) on a bad value. */
static gboolean
read_count_option (int           argc,
                   char        **argv,
                   int          *i,
                   const char   *name,
                   guint        *value,
                   gboolean     *seen,
                   gboolean     *matched)
{
  const char *arg = argv[*i];
  size_t name_len = strlen (name);
  const char *text;
  guint64 number;
  g_autoptr(GError) error = NULL;

  *matched = FALSE;
  if (strncmp (arg, name, name_len) != 0 || (arg[name_len] != '\0' && arg[name_len] != '='))
    return TRUE;
  *matched = TRUE;

  if (*seen)
    {
      g_autofree char *message = g_strdup_printf (_("%s was given twice"), name);
      deadline_usage_error (message);
      return FALSE;
    }
  *seen = TRUE;

  if (arg[name_len] == '=')
    text = arg + name_len + 1;
  else if (*i + 1 < argc)
    text = argv[++*i];
  else
    {
      g_autofree char *message = g_strdup_printf (_("%s needs a number"), name);
      deadline_usage_error (message);
      return FALSE;
    }

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &number, &error))
    {
      g_autofree char *message =
        g_strdup_printf (_("%s needs a whole number of zero or more, not “%s”"), name, text);
      deadline_usage_error (message);
      return FALSE;
    }

  *value = (guint) number;
  return TRUE;
}

int
monia_ctl_cmd_deadline (const MoniaCtlGlobals *globals,
                        int                    argc,
                        char                 **argv)
{
  g_autoptr(MoniaCalendar) calendar = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *formatted = NULL;
  const char *date_text = NULL;
  gboolean have_working_days = FALSE;
  gboolean have_months = FALSE;
  guint working_days = 0;
  guint months = 0;
  GDate start, end;
  gboolean ok;

  for (int i = 1; i < argc; i++)
    {
      gboolean matched;

      if (!read_count_option (argc, argv, &i, "--working-days", &working_days,
                              &have_working_days, &matched))
        return MONIA_CTL_EXIT_USAGE;
      if (matched)
        continue;

      if (!read_count_option (argc, argv, &i, "--months", &months, &have_months, &matched))
        return MONIA_CTL_EXIT_USAGE;
      if (matched)
        continue;

      if (argv[i][0] == '-' && argv[i][1] != '\0')
        {
          g_autofree char *message = g_strdup_printf (_("Unknown option “%s”"), argv[i]);
          return deadline_usage_error (message);
        }

      if (date_text != NULL)
        return deadline_usage_error (_("Give only one start date"));
      date_text = argv[i];
    }

  if (date_text == NULL)
    return deadline_usage_error (_("The start date is missing"));
  if (have_working_days == have_months)
    return deadline_usage_error (_("Give either --working-days or --months, not both or neither"));

  if (!monia_date_parse_iso (date_text, &start, &error))
    return usage_error ("deadline", error->message);

  calendar = monia_calendar_new ();
  if (have_working_days)
    ok = monia_calendar_add_working_days (calendar, &start, working_days, &end, &error);
  else
    ok = monia_calendar_add_months (calendar, &start, months, &end, &error);
  if (!ok)
    return usage_error ("deadline", error->message);

  formatted = monia_date_format_iso (&end);
  printf ("%s\n", formatted);
  return MONIA_CTL_EXIT_OK;
}

int
monia_ctl_cmd_hetu (const MoniaCtlGlobals *globals,
                    int                    argc,
                    char                 **argv)
{
  g_autoptr(GError) error = NULL;
  MoniaHetu hetu;

  if (argc != 2)
    {
      g_printerr ("monia-ctl hetu: %s\n%s\n",
                  argc < 2 ? _("The identity code is missing") : _("Give only one identity code"),
                  _("Usage: monia-ctl hetu CODE"));
      return MONIA_CTL_EXIT_USAGE;
    }

  if (!monia_hetu_parse (argv[1], &hetu, &error))
    {
      printf ("invalid: %s\n", error->message);
      return MONIA_CTL_EXIT_NO;
    }

  puts (hetu.temporary ? "valid temporary" : "valid");
  return MONIA_CTL_EXIT_OK;
}
