/* test-server-cli.c — the monia-server binary: init, user add, audit verify, serve
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "monia-server-store.h"
#include "monia-test-util.h"

#define PASSWORD "a long enough secret"

static char *
server_binary (void)
{
  return g_test_build_filename (G_TEST_BUILT, "..", "src", "server", "monia-server", NULL);
}

/* Runs monia-server with @input on standard input; returns the exit status. */
static int
run (const char  *input,
     char       **out_stdout,
     char       **out_stderr,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, server_binary ());
  va_start (ap, out_stderr);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (args, NULL);

  process = g_subprocess_newv ((const char * const *) args->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input ? input : "", NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (out_stdout != NULL)
    *out_stdout = g_steal_pointer (&out);
  if (out_stderr != NULL)
    *out_stderr = g_steal_pointer (&err);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

static void
sql (const char *dir,
     const char *statement)
{
  g_autofree char *path = g_build_filename (dir, MONIA_SERVER_STORE_FILE, NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, statement, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_close (db);
}

static void
copy_store (const char *from,
            const char *to)
{
  g_autofree char *a = g_build_filename (from, MONIA_SERVER_STORE_FILE, NULL);
  g_autofree char *b = g_build_filename (to, MONIA_SERVER_STORE_FILE, NULL);
  g_autoptr(GFile) fa = g_file_new_for_path (a);
  g_autoptr(GFile) fb = g_file_new_for_path (b);
  g_autoptr(GError) error = NULL;

  /* The WAL is folded in when the last connection closes. */
  g_file_copy (fa, fb, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
add_user (const char *data,
          const char *login,
          const char *role)
{
  g_autofree char *out = NULL, *err = NULL;
  int status = run (PASSWORD "\n", &out, &err, "--data", data, "user", "add", login,
                    "--name", "Test Person", "--org", "Org A", "--team", "Team 1", "--role", role, NULL);

  g_assert_cmpint (status, ==, 0);
  g_strstrip (out);
  g_assert_true (g_uuid_string_is_valid (out));
  /* The password is never echoed */
  g_assert_null (strstr (out, PASSWORD));
  g_assert_null (strstr (err, PASSWORD));
}

static void
test_init_and_users (void)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();
  g_autofree char *data = g_build_filename (dir, "region", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *db_path = g_build_filename (data, MONIA_SERVER_STORE_FILE, NULL);
  g_autoptr(GBytes) contents = NULL;

  g_assert_cmpint (run (NULL, NULL, NULL, "--data", data, "init", NULL), ==, 0);
  g_assert_true (g_file_test (db_path, G_FILE_TEST_EXISTS));
  /* A second init leaves the first alone */
  g_assert_cmpint (run (NULL, NULL, &err, "--data", data, "init", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "already"));
  g_clear_pointer (&err, g_free);

  add_user (data, "alice", "worker");
  add_user (data, "lead", "lead");

  /* A duplicate login, a bad role, a short password, no password */
  g_assert_cmpint (run (PASSWORD "\n", NULL, NULL, "--data", data, "user", "add", "alice", "--name", "X",
                        "--org", "O", "--team", "T", "--role", "worker", NULL), ==, 1);
  g_assert_cmpint (run (PASSWORD "\n", NULL, NULL, "--data", data, "user", "add", "zed", "--name", "X",
                        "--org", "O", "--team", "T", "--role", "boss", NULL), ==, 2);
  g_assert_cmpint (run ("short\n", NULL, NULL, "--data", data, "user", "add", "zed", "--name", "X",
                        "--org", "O", "--team", "T", "--role", "worker", NULL), ==, 1);
  g_assert_cmpint (run ("", NULL, NULL, "--data", data, "user", "add", "zed", "--name", "X",
                        "--org", "O", "--team", "T", "--role", "worker", NULL), ==, 1);
  g_assert_cmpint (run (NULL, NULL, NULL, "--data", data, "frobnicate", NULL), ==, 2);

  /* The password is not in the file either, only its Argon2id hash */
  contents = monia_test_read_file (db_path);
  g_assert_null (g_strstr_len (g_bytes_get_data (contents, NULL), (gssize) g_bytes_get_size (contents), PASSWORD));

  g_assert_cmpint (run (NULL, &out, NULL, "--data", data, "audit", "verify", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "2 entries"));

  monia_test_tmp_dir_remove (dir);
}

static void
test_audit_tamper (void)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();
  g_autofree char *data = g_build_filename (dir, "region", NULL);
  g_autofree char *copy1 = g_build_filename (dir, "copy1", NULL);
  g_autofree char *copy2 = g_build_filename (dir, "copy2", NULL);
  g_autofree char *copy3 = g_build_filename (dir, "copy3", NULL);
  g_autofree char *err = NULL;

  g_assert_cmpint (run (NULL, NULL, NULL, "--data", data, "init", NULL), ==, 0);
  add_user (data, "alice", "worker");
  add_user (data, "bob", "worker");
  add_user (data, "carol", "admin");
  g_assert_cmpint (run (NULL, NULL, NULL, "--data", data, "audit", "verify", NULL), ==, 0);

  g_mkdir (copy1, 0700);
  g_mkdir (copy2, 0700);
  g_mkdir (copy3, 0700);
  copy_store (data, copy1);
  copy_store (data, copy2);
  copy_store (data, copy3);

  /* One entry altered */
  sql (data, "UPDATE audit SET action = 'nothing' WHERE seq = 2");
  g_assert_cmpint (run (NULL, NULL, &err, "--data", data, "audit", "verify", NULL), !=, 0);
  g_assert_nonnull (strstr (err, "entry 2"));
  g_clear_pointer (&err, g_free);

  /* One entry removed from the middle */
  sql (copy1, "DELETE FROM audit WHERE seq = 2");
  g_assert_cmpint (run (NULL, NULL, &err, "--data", copy1, "audit", "verify", NULL), !=, 0);
  g_clear_pointer (&err, g_free);

  /* The last entry removed */
  sql (copy2, "DELETE FROM audit WHERE seq = 3");
  g_assert_cmpint (run (NULL, NULL, NULL, "--data", copy2, "audit", "verify", NULL), !=, 0);

  /* An entry's time moved */
  sql (copy3, "UPDATE audit SET at = at - 3600 WHERE seq = 1");
  g_assert_cmpint (run (NULL, NULL, NULL, "--data", copy3, "audit", "verify", NULL), !=, 0);

  monia_test_tmp_dir_remove (dir);
}

static void
test_serve_refuses_open_listen (void)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();
  g_autofree char *err = NULL;

  g_assert_cmpint (run (NULL, NULL, NULL, "--data", dir, "init", NULL), ==, 0);
  g_assert_cmpint (run (NULL, NULL, &err, "--data", dir, "serve", "--listen", "0.0.0.0:0", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "TLS"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, NULL, &err, "--data", dir, "serve", "--listen", "nonsense", NULL), ==, 2);
  /* A certificate without its key */
  g_assert_cmpint (run (NULL, NULL, NULL, "--data", dir, "serve", "--listen", "127.0.0.1:0",
                        "--tls-cert", "/nonexistent.pem", NULL), ==, 2);

  monia_test_tmp_dir_remove (dir);
}

typedef struct
{
  char     *line;
  gboolean  done;
} LineWait;

static void
line_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  LineWait *w = data;

  w->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, NULL);
  w->done = TRUE;
}

static void
test_serve_loopback (void)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();
  g_autofree char *binary = server_binary ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autofree char *uri = NULL;
  LineWait w = { 0 };
  gint64 deadline;
  const char *prefix = "Listening on ";

  g_assert_cmpint (run (NULL, NULL, NULL, "--data", dir, "init", NULL), ==, 0);
  add_user (dir, "alice", "worker");

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              binary, "--data", dir, "serve", "--listen", "127.0.0.1:0", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, line_read_cb, &w);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!w.done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);
  g_assert_true (w.done);
  g_assert_nonnull (w.line);
  g_assert_true (g_str_has_prefix (w.line, prefix));
  g_assert_true (g_str_has_prefix (w.line + strlen (prefix), "http://127.0.0.1:"));

  uri = g_strdup_printf ("%sv1/login", w.line + strlen (prefix));
  session = soup_session_new_with_options ("timeout", 20, NULL);
  msg = soup_message_new ("POST", uri);
  {
    const char *body = "{\"login\":\"alice\",\"password\":\"" PASSWORD "\"}";
    g_autoptr(GBytes) bytes = g_bytes_new_static (body, strlen (body));

    soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  }
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (reply, NULL), (gssize) g_bytes_get_size (reply), "\"token\""));

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  /* The login is in the audit log, and the log is whole */
  {
    g_autofree char *text = NULL;

    g_assert_cmpint (run (NULL, &text, NULL, "--data", dir, "audit", "verify", NULL), ==, 0);
    g_assert_nonnull (strstr (text, "2 entries"));
  }

  g_free (w.line);
  monia_test_tmp_dir_remove (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server-cli/init-and-users", test_init_and_users);
  g_test_add_func ("/server-cli/audit-tamper", test_audit_tamper);
  g_test_add_func ("/server-cli/serve-refuses-open-listen", test_serve_refuses_open_listen);
  g_test_add_func ("/server-cli/serve-loopback", test_serve_loopback);

  return g_test_run ();
}
