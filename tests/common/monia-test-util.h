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

/* Where a server store under test keeps its data: NULL for the SQLite file
 * of its data folder, or, when the tests run against PostgreSQL
 * (MONIA_TEST_PG, set by build-aux/with-postgres.sh), the URI of a new empty
 * database of the throwaway cluster, dropped by monia_test_database_drop().
 * With MONIA_TEST_BACKEND=postgresql and no cluster, the test fails. */
char    *monia_test_database_new    (void);
void     monia_test_database_drop   (const char *uri);
/* The tests' own SQL on a server store of either backend (@uri NULL: the
 * SQLite file in @data_dir): the first column of the first row as a number,
 * and statements without rows, giving the number of rows they changed. */
gint64   monia_test_database_query_int (const char *data_dir,
                                        const char *uri,
                                        const char *sql);
gint64   monia_test_database_exec      (const char *data_dir,
                                        const char *uri,
                                        const char *sql);
/* Every row, each a GPtrArray of its columns as text (NULL for NULL). */
GPtrArray *monia_test_database_query   (const char *data_dir,
                                        const char *uri,
                                        const char *sql);
/* A new database made from @uri's (which nobody may be connected to). */
char    *monia_test_database_copy      (const char *uri);

G_END_DECLS
