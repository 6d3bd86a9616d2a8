/* monia-test-util.h — small helpers shared by the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A fresh folder under the system's temporary folder, removed with its
 * contents by monia_test_tmp_dir_remove(). */
char    *monia_test_tmp_dir_new     (void);
void     monia_test_tmp_dir_remove  (const char *dir);

/* The whole file, for byte-for-byte comparisons. */
GBytes  *monia_test_read_file       (const char *path);

G_END_DECLS
