/* test-ctl-clock.c — monia-ctl deadline and monia-ctl hetu, run as a program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <glib.h>

typedef struct
{
  char *out;
  char *err;
  int   exit_code;
} CtlRun;

static void
ctl_run_clear (CtlRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

/* Runs the built monia-ctl with @args (NULL-terminated), in the C locale. */
static void
run_ctl (CtlRun     *run,
         const char *first_arg,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  const char *program = g_getenv ("MONIA_CTL");
  const char *arg;
  int wait_status = 0;
  va_list ap;

  if (program == NULL)
    program = MONIA_CTL_PATH;

  g_ptr_array_add (argv, (char *) program);
  va_start (ap, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);
  envp = g_environ_setenv (envp, "LANGUAGE", "C", TRUE);

  memset (run, 0, sizeof *run);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT,
                               NULL, NULL, &run->out, &run->err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->exit_code = WEXITSTATUS (wait_status);
}

static void
assert_deadline (const char *expected,
                 const char *date,
                 const char *option,
                 const char *value)
{
  CtlRun run;

  run_ctl (&run, "deadline", date, option, value, NULL);
  g_assert_cmpint (run.exit_code, ==, 0);
  g_assert_cmpstr (run.out, ==, expected);
  g_assert_cmpstr (run.err, ==, "");
  ctl_run_clear (&run);
}

static void
test_deadline (void)
{
  CtlRun run;

  /* DOMAIN.md: Tuesday + 7 working days = Thursday of the next week. */
  assert_deadline ("2024-09-12\n", "2024-09-03", "--working-days", "7");
  assert_deadline ("2024-09-12\n", "2024-09-03", "--working-days=7", NULL);
  /* Over Christmas (the Eves off by default) and the year end. */
  assert_deadline ("2024-12-27\n", "2024-12-20", "--working-days", "2");
  assert_deadline ("2025-01-09\n", "2024-12-27", "--working-days", "7");
  /* Months: the month's last day when there is no such day. */
  assert_deadline ("2024-02-29\n", "2023-11-30", "--months", "3");
  assert_deadline ("2025-02-28\n", "2024-11-30", "--months", "3");
  assert_deadline ("2025-02-28\n", "2024-11-30", "--months=3", NULL);
  /* A Sunday end stays as it is by default. */
  assert_deadline ("2024-09-08\n", "2024-06-08", "--months", "3");

  /* The option may come before the date. */
  run_ctl (&run, "deadline", "--working-days", "1", "2024-03-28", NULL);
  g_assert_cmpint (run.exit_code, ==, 0);
  g_assert_cmpstr (run.out, ==, "2024-04-02\n");
  ctl_run_clear (&run);
}

static void
test_deadline_bad_input (void)
{
  static const char * const bad[][5] = {
    { "deadline", NULL },
    { "deadline", "2024-09-03", NULL },
    { "deadline", "--working-days", "7", NULL },
    { "deadline", "2023-02-29", "--working-days", "7", NULL },
    { "deadline", "2024-9-03", "--working-days", "7", NULL },
    { "deadline", "2024-09-03x", "--months", "3", NULL },
    { "deadline", "2024-09-03", "--working-days", "-1", NULL },
    { "deadline", "2024-09-03", "--working-days=-1", NULL },
    { "deadline", "2024-09-03", "--working-days", "seven", NULL },
    { "deadline", "2024-09-03", "--working-days", NULL },
    { "deadline", "2024-09-03", "--working-days=", NULL },
    { "deadline", "2024-09-03", "--months", "1.5", NULL },
    { "deadline", "2024-09-03", "--working-days=7", "--months=3", NULL },
    { "deadline", "2024-09-03", "--months=3", "--months=3", NULL },
    { "deadline", "1899-12-29", "--working-days", "1", NULL },
    { "deadline", "2200-12-30", "--working-days", "5", NULL },
    { "deadline", "2200-12-30", "--months", "1", NULL },
    { "deadline", "2024-09-03", "2024-09-04", "--months", NULL },
    { "deadline", "2024-09-03", "--weeks", "2", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      CtlRun run;

      run_ctl (&run, bad[i][0], bad[i][1], bad[i][2], bad[i][3], bad[i][4], NULL);
      if (run.exit_code != 2)
        g_error ("case %u: exit %d, stdout “%s”", i, run.exit_code, run.out);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_cmpuint (strlen (run.err), >, 10);
      g_assert_true (g_str_has_prefix (run.err, "monia-ctl deadline: "));
      ctl_run_clear (&run);
    }
}

static void
test_hetu (void)
{
  CtlRun run;

  run_ctl (&run, "hetu", "010594Y9032", NULL);
  g_assert_cmpint (run.exit_code, ==, 0);
  g_assert_cmpstr (run.out, ==, "valid temporary\n");
  g_assert_cmpstr (run.err, ==, "");
  ctl_run_clear (&run);

  /* Lower case and spaces, as pasted from somewhere. */
  run_ctl (&run, "hetu", " 020504a902e ", NULL);
  g_assert_cmpint (run.exit_code, ==, 0);
  g_assert_cmpstr (run.out, ==, "valid temporary\n");
  ctl_run_clear (&run);

  /* An ordinary number (an 1800s date: nobody living). */
  run_ctl (&run, "hetu", "010100+002H", NULL);
  if (run.exit_code == 1)
    g_error ("010100+002H: %s", run.out);
  g_assert_cmpint (run.exit_code, ==, 0);
  g_assert_cmpstr (run.out, ==, "valid\n");
  ctl_run_clear (&run);

  run_ctl (&run, "hetu", "010594Y9033", NULL);
  g_assert_cmpint (run.exit_code, ==, 1);
  g_assert_true (g_str_has_prefix (run.out, "invalid: "));
  g_assert_nonnull (strstr (run.out, "check character"));
  g_assert_true (g_str_has_suffix (run.out, "\n"));
  g_assert_cmpstr (run.err, ==, "");
  ctl_run_clear (&run);

  run_ctl (&run, "hetu", "300294-9001", NULL);
  g_assert_cmpint (run.exit_code, ==, 1);
  g_assert_true (g_str_has_prefix (run.out, "invalid: "));
  g_assert_nonnull (strstr (run.out, "date"));
  ctl_run_clear (&run);

  run_ctl (&run, "hetu", "", NULL);
  g_assert_cmpint (run.exit_code, ==, 1);
  g_assert_true (g_str_has_prefix (run.out, "invalid: "));
  ctl_run_clear (&run);

  run_ctl (&run, "hetu", NULL);
  g_assert_cmpint (run.exit_code, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "monia-ctl hetu CODE"));
  ctl_run_clear (&run);

  run_ctl (&run, "hetu", "010594Y9032", "010594Y9021", NULL);
  g_assert_cmpint (run.exit_code, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  ctl_run_clear (&run);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ctl/deadline", test_deadline);
  g_test_add_func ("/ctl/deadline/bad-input", test_deadline_bad_input);
  g_test_add_func ("/ctl/hetu", test_hetu);

  return g_test_run ();
}
