/* monia-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "monia-test-util.h"

char *
monia_test_tmp_dir_new (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("monia-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
monia_test_tmp_dir_remove (const char *dir)
{
  g_autoptr(GDir) handle = NULL;
  const char *name;

  if (dir == NULL)
    return;

  handle = g_dir_open (dir, 0, NULL);
  if (handle != NULL)
    while ((name = g_dir_read_name (handle)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);

        if (g_file_test (path, G_FILE_TEST_IS_DIR))
          monia_test_tmp_dir_remove (path);
        else
          g_unlink (path);
      }
  g_rmdir (dir);
}

GBytes *
monia_test_read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static gboolean
flag_up (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
monia_test_wait_flag (gboolean *done,
                      guint     seconds)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add_seconds (seconds, flag_up, &timed_out);

  while (!*done && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (source);
  return *done;
}

void
monia_test_wait_done (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  MoniaTestWait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}
