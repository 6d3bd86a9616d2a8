/* monia-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#if HAVE_LIBPQ
#include <libpq-fe.h>
#endif
#include <sqlite3.h>

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

/* Server stores on either backend */

#if HAVE_LIBPQ
static PGconn *
connect_pg (const char *uri)
{
  PGconn *conn = PQconnectdb (uri);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("cannot reach the test database %s: %s", uri, PQerrorMessage (conn));
  return conn;
}

static void
exec_pg (PGconn     *conn,
         const char *sql)
{
  PGresult *result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
  PQclear (result);
}

/* @base with its database name replaced by @name. */
static char *
uri_with_database (const char *base,
                   const char *name)
{
  const char *query = strchr (base, '?');
  gsize end = query != NULL ? (gsize) (query - base) : strlen (base);
  gsize slash = end;

  while (slash > 0 && base[slash - 1] != '/')
    slash--;
  g_assert_cmpuint (slash, >, strlen ("postgresql://"));
  return g_strdup_printf ("%.*s%s%s", (int) slash, base, name, query != NULL ? query : "");
}

#else
#define NO_PG() g_error ("this build has no libpq: PostgreSQL tests cannot run")
#endif

char *
monia_test_database_new (void)
{
  const char *base = g_getenv ("MONIA_TEST_PG");
  g_autofree char *name = NULL;
  g_autofree char *create = NULL;
#if HAVE_LIBPQ
  PGconn *conn;
#endif

  if (base == NULL || *base == '\0')
    {
      if (g_strcmp0 (g_getenv ("MONIA_TEST_BACKEND"), "postgresql") == 0)
        g_error ("MONIA_TEST_BACKEND=postgresql needs MONIA_TEST_PG: run under build-aux/with-postgres.sh");
      return NULL;
    }
#if HAVE_LIBPQ
  name = g_strdup_printf ("monia_t_%08x%08x", g_random_int (), g_random_int ());
  create = g_strdup_printf ("CREATE DATABASE %s", name);
  conn = connect_pg (base);
  exec_pg (conn, create);
  PQfinish (conn);
  return uri_with_database (base, name);
#else
  NO_PG ();
  return NULL;
#endif
}

void
monia_test_database_drop (const char *uri)
{
#if HAVE_LIBPQ
  const char *base = g_getenv ("MONIA_TEST_PG");
  const char *query, *start;
  g_autofree char *name = NULL;
  g_autofree char *drop = NULL;
  PGconn *conn;

  if (uri == NULL || base == NULL)
    return;
  query = strchr (uri, '?');
  start = query != NULL ? query : uri + strlen (uri);
  while (start > uri && start[-1] != '/')
    start--;
  name = query != NULL ? g_strndup (start, query - start) : g_strdup (start);
  drop = g_strdup_printf ("DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
  conn = connect_pg (base);
  exec_pg (conn, drop);
  PQfinish (conn);
#endif
}

static gint64
run_sql (const char *data_dir,
         const char *uri,
         const char *sql,
         gboolean    rows)
{
  gint64 value = 0;

  if (uri != NULL)
    {
#if HAVE_LIBPQ
      PGconn *conn = connect_pg (uri);
      PGresult *result;

      if (!rows)
        {
          /* Statement by statement, to count the rows of them all. */
          g_assert_cmpint (PQsendQuery (conn, sql), ==, 1);
          while ((result = PQgetResult (conn)) != NULL)
            {
              if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
                g_error ("%s: %s", sql, PQerrorMessage (conn));
              value += g_ascii_strtoll (PQcmdTuples (result), NULL, 10);
              PQclear (result);
            }
          PQfinish (conn);
          return value;
        }
      result = PQexec (conn, sql);
      if (PQresultStatus (result) != PGRES_TUPLES_OK)
        g_error ("%s: %s", sql, PQerrorMessage (conn));
      g_assert_cmpint (PQntuples (result), >, 0);
      value = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
      PQclear (result);
      PQfinish (conn);
#else
      NO_PG ();
#endif
    }
  else
    {
      g_autofree char *path = g_build_filename (data_dir, "monia-server.db", NULL);
      sqlite3 *db = NULL;
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
      sqlite3_busy_timeout (db, 5000);
      if (rows)
        {
          g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
          g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
          value = sqlite3_column_int64 (stmt, 0);
          sqlite3_finalize (stmt);
        }
      else
        {
          g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
          value = sqlite3_total_changes (db);
        }
      sqlite3_close (db);
    }
  return value;
}

gint64
monia_test_database_query_int (const char *data_dir,
                               const char *uri,
                               const char *sql)
{
  return run_sql (data_dir, uri, sql, TRUE);
}

gint64
monia_test_database_exec (const char *data_dir,
                          const char *uri,
                          const char *sql)
{
  return run_sql (data_dir, uri, sql, FALSE);
}

static void
row_free (gpointer row)
{
  g_ptr_array_unref (row);
}

GPtrArray *
monia_test_database_query (const char *data_dir,
                           const char *uri,
                           const char *sql)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (row_free);

  if (uri != NULL)
    {
#if HAVE_LIBPQ
      PGconn *conn = connect_pg (uri);
      PGresult *result = PQexec (conn, sql);

      if (PQresultStatus (result) != PGRES_TUPLES_OK)
        g_error ("%s: %s", sql, PQerrorMessage (conn));
      for (int r = 0; r < PQntuples (result); r++)
        {
          GPtrArray *row = g_ptr_array_new_with_free_func (g_free);

          for (int c = 0; c < PQnfields (result); c++)
            g_ptr_array_add (row, PQgetisnull (result, r, c) ? NULL : g_strdup (PQgetvalue (result, r, c)));
          g_ptr_array_add (rows, row);
        }
      PQclear (result);
      PQfinish (conn);
#else
      NO_PG ();
#endif
    }
  else
    {
      g_autofree char *path = g_build_filename (data_dir, "monia-server.db", NULL);
      sqlite3 *db = NULL;
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
      sqlite3_busy_timeout (db, 5000);
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          GPtrArray *row = g_ptr_array_new_with_free_func (g_free);

          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            g_ptr_array_add (row, g_strdup ((const char *) sqlite3_column_text (stmt, c)));
          g_ptr_array_add (rows, row);
        }
      sqlite3_finalize (stmt);
      sqlite3_close (db);
    }
  return rows;
}

char *
monia_test_database_copy (const char *uri)
{
#if HAVE_LIBPQ
  const char *base = g_getenv ("MONIA_TEST_PG");
  const char *query = strchr (uri, '?');
  const char *start = query != NULL ? query : uri + strlen (uri);
  g_autofree char *name = NULL;
  g_autofree char *from = NULL;
  g_autofree char *create = NULL;
  PGconn *conn;

  g_assert_nonnull (base);
  while (start > uri && start[-1] != '/')
    start--;
  from = query != NULL ? g_strndup (start, query - start) : g_strdup (start);
  name = g_strdup_printf ("monia_t_%08x%08x", g_random_int (), g_random_int ());
  create = g_strdup_printf ("CREATE DATABASE %s TEMPLATE %s", name, from);
  conn = connect_pg (base);
  exec_pg (conn, create);
  PQfinish (conn);
  return uri_with_database (base, name);
#else
  NO_PG ();
  return NULL;
#endif
}
