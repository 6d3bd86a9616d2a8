/* fuzz-util.c — what the libFuzzer targets share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "fuzz-util.h"
#include "monia-test-util.h"

static char *tmp_dir;

/* GLib's own fatal logs end in a breakpoint trap, which libFuzzer does not
 * catch: this aborts instead, so the input is kept. */
static GLogWriterOutput
write_log (GLogLevelFlags   log_level,
           const GLogField *fields,
           gsize            n_fields,
           gpointer         user_data)
{
  if (log_level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;
  g_log_writer_standard_streams (log_level, fields, n_fields, user_data);
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    fuzz_fail ("a warning was logged", NULL);
  return G_LOG_WRITER_HANDLED;
}

void
fuzz_init_glib (void)
{
  g_log_set_writer_func (write_log, NULL, NULL);
  /* Settings are not what is fuzzed: keep them in memory, as the tests do. */
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
}

static void
remove_tmp_dir (void)
{
  monia_test_tmp_dir_remove (tmp_dir);
  g_clear_pointer (&tmp_dir, g_free);
}

const char *
fuzz_tmp_dir (void)
{
  if (tmp_dir == NULL)
    {
      tmp_dir = monia_test_tmp_dir_new ();
      /* After a crash it stays: run-fuzzer.sh gives each run a TMPDIR of
       * its own and removes that. */
      atexit (remove_tmp_dir);
    }
  return tmp_dir;
}

static gboolean
flag_up (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
fuzz_wait_flag (gboolean *done,
                guint     seconds)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add_seconds (seconds, flag_up, &timed_out);

  while (!*done && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    fuzz_fail ("no answer in time", NULL);
  g_source_remove (source);
}

void
fuzz_fail (const char *message,
           const char *detail)
{
  fprintf (stderr, "FUZZ FAILURE: %s%s%s\n", message, detail ? ": " : "", detail ? detail : "");
  fflush (stderr);
  abort ();
}
