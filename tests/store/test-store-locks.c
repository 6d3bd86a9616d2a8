/* test-store-locks.c — the store keeps its locks whatever else in the
 * process opens and closes its files, while monia-ctl writes beside it
 *
 * A POSIX advisory lock belongs to the process and the file, not to the
 * descriptor: closing any descriptor of the file drops every lock the
 * process holds on it. A file chooser showing the store's folder reads the
 * first bytes of each file to guess its type (open, read, close), and so
 * did a thumbnailer or anything else in the app. Then the next program to
 * use the store (monia-ctl) believed it was alone: it reset the shared
 * index and, on closing, copied the write-ahead log back and deleted it
 * while the app still wrote into it. These tests do what the chooser does,
 * with monia-ctl as the second program, and read everything back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "monia-core.h"
#include "monia-test-util.h"

/* What GTK's file chooser asks of each file it lists. Asking for the
 * content type without "fast" makes GIO read the file's first bytes when
 * the name alone does not say ("monia.db" does not). */
#define CHOOSER_ATTRIBUTES "standard::name,standard::type,standard::display-name," \
                           "standard::is-hidden,standard::is-backup,standard::size," \
                           "standard::content-type,standard::fast-content-type," \
                           "time::modified,access::can-rename,access::can-delete," \
                           "access::can-trash,standard::target-uri,thumbnail::path"

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

/* Runs the built monia-ctl on the store at @path; a separate process. */
static void
run_ctl (CtlRun     *run,
         const char *path,
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
  g_ptr_array_add (argv, (char *) "--database");
  g_ptr_array_add (argv, (char *) path);
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
ctl_create_case (const char *path,
                 const char *title)
{
  CtlRun run;

  run_ctl (&run, path, "case", "new", "--title", title, NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.exit_code, ==, 0);
  ctl_run_clear (&run);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* The titles of the cases monia-ctl sees, sorted, joined by commas. */
static char *
ctl_case_titles (const char *path)
{
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *cases;
  CtlRun run;

  run_ctl (&run, path, "cases", "--json", NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.exit_code, ==, 0);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  cases = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (cases); i++)
    {
      JsonObject *object = json_array_get_object_element (cases, i);

      g_ptr_array_add (titles, g_strdup (json_object_get_string_member (object, "title")));
    }
  ctl_run_clear (&run);
  g_ptr_array_sort (titles, compare_strings);
  g_ptr_array_add (titles, NULL);
  return g_strjoinv (",", (char **) titles->pdata);
}

static char *
store_case_titles (MoniaStore *store)
{
  g_autoptr(GListModel) cases = monia_store_list_cases (store);
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (cases); i++)
    {
      g_autoptr(MoniaRecord) record = g_list_model_get_item (cases, i);

      g_ptr_array_add (titles, g_strdup (monia_record_get_string (record, "title")));
    }
  g_ptr_array_sort (titles, compare_strings);
  g_ptr_array_add (titles, NULL);
  return g_strjoinv (",", (char **) titles->pdata);
}

static void
app_create_case (MoniaStore *store,
                 const char *title)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = monia_store_create_case (store, title, "Testi Henkilö", NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);
}

/* A file chooser listing the folder: each file's type guessed from its
 * first bytes. */
static void
list_folder_like_a_file_chooser (const char *folder)
{
  g_autoptr(GFile) dir = g_file_new_for_path (folder);
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GError) error = NULL;
  guint n_files = 0;

  children = g_file_enumerate_children (dir, CHOOSER_ATTRIBUTES, G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_assert_no_error (error);
  for (;;)
    {
      g_autoptr(GFileInfo) info = g_file_enumerator_next_file (children, NULL, &error);

      g_assert_no_error (error);
      if (info == NULL)
        break;
      g_assert_nonnull (g_file_info_get_content_type (info));
      n_files++;
    }
  /* the store, its write-ahead log and its shared index */
  g_assert_cmpuint (n_files, >=, 3);
}

/* Anything else in the process reading the files: a thumbnailer, a
 * backup helper, a second look at the file's header. */
static void
read_files_once_more (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);
      char header[100];
      int fd = open (name, O_RDONLY | O_CLOEXEC);

      g_assert_cmpint (fd, >=, 0);
      g_assert_cmpint (read (fd, header, sizeof header), >, 0);
      g_assert_cmpint (close (fd), ==, 0);
    }
}

typedef void (*Disturbance) (const char *path);

static void
disturb_with_chooser (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);

  list_folder_like_a_file_chooser (folder);
}

/* The app holds the store open; something in the app opens and closes
 * its files; monia-ctl writes, reads, writes again; the app writes in
 * between. Every write must be seen by both, the write-ahead log must stay
 * while the app has the store open, and the file must be whole after. */
static void
check_writes_survive (Disturbance disturb)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();
  g_autofree char *path = g_build_filename (dir, "monia.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *seen_by_ctl = NULL;
  g_autofree char *seen_by_app = NULL;
  g_autofree char *seen_after = NULL;
  MoniaStore *store;

  store = monia_store_open (path, &error);
  g_assert_no_error (error);
  app_create_case (store, "app 1");
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));

  disturb (path);

  ctl_create_case (path, "ctl 1");
  /* monia-ctl closed its connection while the app's was open: it was not
   * the last one, so it must have left the log where it was. */
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));

  app_create_case (store, "app 2");
  seen_by_ctl = ctl_case_titles (path);
  g_assert_cmpstr (seen_by_ctl, ==, "app 1,app 2,ctl 1");

  disturb (path);

  ctl_create_case (path, "ctl 2");
  app_create_case (store, "app 3");
  seen_by_app = store_case_titles (store);
  g_assert_cmpstr (seen_by_app, ==, "app 1,app 2,app 3,ctl 1,ctl 2");

  g_assert_true (monia_store_check_integrity (store, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (store);

  store = monia_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (monia_store_check_integrity (store, &error));
  g_assert_no_error (error);
  seen_after = store_case_titles (store);
  g_assert_cmpstr (seen_after, ==, "app 1,app 2,app 3,ctl 1,ctl 2");
  g_assert_finalize_object (store);

  monia_test_tmp_dir_remove (dir);
}

static void
test_file_chooser (void)
{
  check_writes_survive (disturb_with_chooser);
}

static void
test_second_open (void)
{
  check_writes_survive (read_files_once_more);
}

/* Two connections in the app's process (a window and a sync, say): SQLite
 * shares the process's locks between them, and closing one must neither
 * drop the other's nor keep them for good. */
static void
test_two_connections (void)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();
  g_autofree char *path = g_build_filename (dir, "monia.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *seen_by_ctl = NULL;
  g_autofree char *seen_by_second = NULL;
  MoniaStore *first, *second;

  first = monia_store_open (path, &error);
  g_assert_no_error (error);
  second = monia_store_open (path, &error);
  g_assert_no_error (error);

  app_create_case (first, "first 1");
  app_create_case (second, "second 1");
  disturb_with_chooser (path);
  ctl_create_case (path, "ctl 1");
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));

  g_assert_finalize_object (first);
  read_files_once_more (path);
  ctl_create_case (path, "ctl 2");
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  app_create_case (second, "second 2");

  seen_by_ctl = ctl_case_titles (path);
  g_assert_cmpstr (seen_by_ctl, ==, "ctl 1,ctl 2,first 1,second 1,second 2");
  seen_by_second = store_case_titles (second);
  g_assert_cmpstr (seen_by_second, ==, "ctl 1,ctl 2,first 1,second 1,second 2");
  g_assert_true (monia_store_check_integrity (second, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (second);

  /* The app's last connection gone, its locks went with it: monia-ctl is
   * alone, copies the log back and removes it as it should. */
  ctl_create_case (path, "ctl 3");
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));

  monia_test_tmp_dir_remove (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/locks/file-chooser", test_file_chooser);
  g_test_add_func ("/store/locks/second-open", test_second_open);
  g_test_add_func ("/store/locks/two-connections", test_two_connections);

  return g_test_run ();
}
