/* monia-ctl.c — global options and command dispatch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-ctl"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "monia-ctl.h"

typedef struct
{
  const char      *name;
  MoniaCtlCommand  run;
  const char      *summary;
} CommandEntry;

static const CommandEntry commands[] = {
  { "deadline", monia_ctl_cmd_deadline, N_("Print a statutory deadline: DATE --working-days N | --months N") },
  { "hetu", monia_ctl_cmd_hetu, N_("Check a personal identity code") },
  { "demo-data", monia_ctl_cmd_demo_data, N_("Fill the store with synthetic data: --cases N --seed S --today DATE") },
  { "report", monia_ctl_cmd_report, N_("The THL return, the service scorecard or caseloads: thl|scorecard|caseload") },
  { "login", monia_ctl_cmd_login, N_("Log in to a server: URL LOGIN (password on standard input)") },
  { "logout", monia_ctl_cmd_logout, N_("Log out, and forget the login kept here") },
  { "sync", monia_ctl_cmd_sync, N_("Send this store’s changes and fetch the server’s") },
  { "cases", monia_ctl_cmd_cases, N_("List the cases here: [--json]") },
  { "requests", monia_ctl_cmd_requests, N_("List the help requests here: [--json]") },
  { "case", monia_ctl_cmd_case, N_("Open a case: new --title TITLE") },
  { "participant", monia_ctl_cmd_participant, N_("Add or remove a participant: add|remove CASE LOGIN") },
  { "goal", monia_ctl_cmd_goal, N_("Add or edit a goal: add CASE --text T | set GOAL --text T") },
  { "goals", monia_ctl_cmd_goals, N_("List a case’s goals: CASE [--json]") },
  { "conflicts", monia_ctl_cmd_conflicts, N_("List open conflicts: [--json]") },
  { "resolve", monia_ctl_cmd_resolve, N_("Settle a conflict: CONFLICT --take mine|theirs") },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n%s\n", _("Usage: monia-ctl [--database PATH] COMMAND [ARGUMENTS…]"),
           _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-12s %s\n", commands[i].name, _(commands[i].summary));
}

char *
monia_ctl_default_database_path (void)
{
  return g_build_filename (g_get_user_data_dir (), APPLICATION_ID, "monia.db", NULL);
}

void
monia_ctl_print_error (const char *command,
                       GError     *error)
{
  g_printerr ("monia-ctl %s: %s\n", command, error->message);
}

MoniaStore *
monia_ctl_open_store (const MoniaCtlGlobals *globals)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fallback = NULL;
  const char *path = globals->database;
  MoniaStore *store;

  if (path == NULL)
    path = fallback = monia_ctl_default_database_path ();

  store = monia_store_open (path, &error);
  if (store == NULL)
    g_printerr ("monia-ctl: %s\n", error->message);
  return store;
}

int
monia_ctl_main (int    argc,
                char **argv)
{
  MoniaCtlGlobals globals = { NULL };
  int i;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Global options come before the command; each command parses its own. */
  for (i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (g_str_equal (arg, "--database"))
        {
          if (i + 1 >= argc)
            {
              g_printerr ("monia-ctl: %s\n", _("--database needs a file path"));
              return MONIA_CTL_EXIT_USAGE;
            }
          globals.database = argv[++i];
        }
      else if (g_str_has_prefix (arg, "--database="))
        globals.database = arg + strlen ("--database=");
      else if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        {
          print_usage (stdout);
          return MONIA_CTL_EXIT_OK;
        }
      else if (g_str_equal (arg, "--version"))
        {
          printf ("monia-ctl %s\n", PACKAGE_VERSION);
          return MONIA_CTL_EXIT_OK;
        }
      else if (arg[0] == '-')
        {
          g_printerr ("monia-ctl: ");
          g_printerr (_("Unknown option “%s”"), arg);
          g_printerr ("\n");
          print_usage (stderr);
          return MONIA_CTL_EXIT_USAGE;
        }
      else
        break;
    }

  if (i >= argc)
    {
      print_usage (stderr);
      return MONIA_CTL_EXIT_USAGE;
    }

  for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
    if (g_str_equal (argv[i], commands[c].name))
      return commands[c].run (&globals, argc - i, argv + i);

  g_printerr ("monia-ctl: ");
  g_printerr (_("Unknown command “%s”"), argv[i]);
  g_printerr ("\n");
  print_usage (stderr);
  return MONIA_CTL_EXIT_USAGE;
}
