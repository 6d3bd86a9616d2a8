/* monia-test-util.h — small helpers shared by the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A fresh folder under the system's temporary folder, removed with its
 * contents by monia_test_tmp_dir_remove(). */
char    *monia_test_tmp_dir_new     (void);
void     monia_test_tmp_dir_remove  (const char *dir);

/* The whole file, for byte-for-byte comparisons. */
GBytes  *monia_test_read_file       (const char *path);

/* Runs the main loop until *@done or @seconds pass; FALSE if time ran out. */
gboolean monia_test_wait_flag       (gboolean   *done,
                                     guint       seconds);

/* The result of an async call, for monia_test_wait_done() as its callback:
 * wait on .done with monia_test_wait_flag(), then finish with .result
 * (a reference the caller drops). */
typedef struct
{
  gboolean      done;
  GAsyncResult *result;
} MoniaTestWait;

void     monia_test_wait_done       (GObject      *source,
                                     GAsyncResult *result,
                                     gpointer      user_data);

G_END_DECLS
