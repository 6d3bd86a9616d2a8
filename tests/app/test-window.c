/* test-window.c — the main window and the new-case dialog, under a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-test"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "monia-app-test-util.h"
#include "monia-core.h"
#include "monia-new-case-dialog-private.h"
#include "monia-window-private.h"

#define CASE_TITLE  "Synthetic family, school absences"
#define PERSON_NAME "Testi Testinen"

typedef struct
{
  char        *dir;
  char        *path;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("monia-app-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "monia.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  monia_test_remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* A synthetic identity code: temporary individual number 900–999. */
static char *
build_synthetic_hetu (guint individual_number)
{
  g_autoptr(GDate) birth = g_date_new_dmy (14, G_DATE_MARCH, 2011);

  g_assert_cmpuint (individual_number, >=, 900);
  return monia_hetu_build (birth, individual_number);
}

static MoniaWindow *
present_window (MoniaWindow *window)
{
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (monia_test_wait_mapped (GTK_WIDGET (window)));
  monia_test_wait_frames (GTK_WIDGET (window), 2);
  return window;
}

static void
close_window (MoniaWindow *window)
{
  g_assert_true (monia_test_destroy_window (GTK_WINDOW (window)));
}

static MoniaNewCaseDialog *
open_new_case_dialog (MoniaWindow *window)
{
  MoniaNewCaseDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-case", NULL));
  dialog = _monia_window_get_new_case_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_true (monia_test_wait_mapped (GTK_WIDGET (dialog)));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));

  return dialog;
}

static gboolean
dialog_is_gone (gpointer user_data)
{
  return _monia_window_get_new_case_dialog (MONIA_WINDOW (user_data)) == NULL;
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} LabelQuery;

static gboolean
label_is_shown (gpointer user_data)
{
  LabelQuery *query = user_data;

  return monia_test_find_label (query->root, query->text) != NULL;
}

static gboolean
window_is_gone (gpointer user_data)
{
  return *(gpointer *) user_data == NULL;
}

static const char *
row_title (GtkEditable *entry)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (entry));
}

static void
test_window_create_case (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaStore) store = NULL;
  g_autoptr(MoniaStore) reopened = NULL;
  g_autoptr(MoniaRecord) first = NULL;
  g_autoptr(MoniaRecord) person = NULL;
  g_autoptr(GListModel) reopened_cases = NULL;
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *hetu = build_synthetic_hetu (912);
  MoniaNewCaseDialog *dialog;
  MoniaWindow *window;
  GtkStack *stack;
  GtkWidget *create_button;
  GListModel *cases;
  LabelQuery query;
  gboolean person_found = FALSE;

  store = monia_store_open (fixture->path, &error);
  g_assert_no_error (error);

  window = present_window (monia_window_new (NULL, store));
  g_assert_true (monia_window_get_store (window) == store);

  /* Empty store: the status page with its own New Case button. */
  stack = _monia_window_get_stack (window);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  g_assert_true (gtk_widget_get_mapped (gtk_stack_get_visible_child (stack)));
  g_assert_nonnull (monia_test_find_label (GTK_WIDGET (window), "No Cases Yet"));

  dialog = open_new_case_dialog (window);
  create_button = _monia_new_case_dialog_get_create_button (dialog);
  g_assert_cmpstr (row_title (_monia_new_case_dialog_get_title_entry (dialog)), ==, "Title");
  g_assert_cmpstr (row_title (_monia_new_case_dialog_get_name_entry (dialog)), ==, "Person's name");
  g_assert_cmpstr (row_title (_monia_new_case_dialog_get_hetu_entry (dialog)), ==, "Identity code (optional)");

  /* Create needs both a title and a name; white space does not count. */
  g_assert_false (gtk_widget_is_sensitive (create_button));
  gtk_editable_set_text (_monia_new_case_dialog_get_title_entry (dialog), CASE_TITLE);
  g_assert_false (gtk_widget_is_sensitive (create_button));
  gtk_editable_set_text (_monia_new_case_dialog_get_name_entry (dialog), "   ");
  g_assert_false (gtk_widget_is_sensitive (create_button));
  gtk_editable_set_text (_monia_new_case_dialog_get_name_entry (dialog), PERSON_NAME);
  g_assert_true (gtk_widget_is_sensitive (create_button));

  /* Typed in lower case: the stored code is the normalised one. */
  {
    g_autofree char *lower = g_ascii_strdown (hetu, -1);

    gtk_editable_set_text (_monia_new_case_dialog_get_hetu_entry (dialog), lower);
  }

  g_assert_true (gtk_widget_activate (create_button));
  g_assert_true (monia_test_wait_until (dialog_is_gone, window, 5000));

  /* The window now shows the list with the new case in it. */
  cases = _monia_window_get_cases (window);
  g_assert_cmpuint (g_list_model_get_n_items (cases), ==, 1);
  first = g_list_model_get_item (cases, 0);
  g_assert_cmpstr (monia_record_get_string (first, "title"), ==, CASE_TITLE);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "cases");

  query.root = GTK_WIDGET (_monia_window_get_case_list_view (window));
  query.text = CASE_TITLE;
  g_assert_true (monia_test_wait_until (label_is_shown, &query, 5000));

  /* And it is in the file: a fresh store on the same path sees it. */
  reopened = monia_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (monia_store_count (reopened, "case"), ==, 1);
  g_assert_cmpint (monia_store_count (reopened, "person"), ==, 1);

  reopened_cases = monia_store_list_cases (reopened);
  g_assert_cmpuint (g_list_model_get_n_items (reopened_cases), ==, 1);
  {
    g_autoptr(MoniaRecord) again = g_list_model_get_item (reopened_cases, 0);

    g_assert_cmpstr (monia_record_get_id (again), ==, monia_record_get_id (first));
    g_assert_cmpstr (monia_record_get_string (again, "title"), ==, CASE_TITLE);
    g_assert_cmpstr (monia_record_get_string (again, "status"), ==, "open");
  }

  links = monia_store_find (reopened, "case_person", "case_id", monia_record_get_id (first), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (links->len, ==, 1);
  person = monia_store_get (reopened, "person",
                            monia_record_get_string (g_ptr_array_index (links, 0), "person_id"),
                            &error);
  g_assert_no_error (error);
  g_assert_cmpstr (monia_record_get_string (person, "name"), ==, PERSON_NAME);
  g_assert_cmpstr (monia_record_get_string (person, "hetu"), ==, hetu);

  hits = monia_store_search (reopened, "Testinen", 10, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < hits->len; i++)
    {
      MoniaSearchHit *hit = g_ptr_array_index (hits, i);

      if (g_strcmp0 (hit->kind, "person") == 0 &&
          g_strcmp0 (hit->record_id, monia_record_get_id (person)) == 0)
        person_found = TRUE;
    }
  g_assert_true (person_found);

  close_window (window);
  g_clear_object (&reopened);
  g_assert_true (monia_test_finalize_object (g_steal_pointer (&store)));
}

static void
test_window_invalid_hetu (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaStore) store = NULL;
  g_autofree char *hetu = build_synthetic_hetu (934);
  g_autofree char *wrong = NULL;
  MoniaNewCaseDialog *dialog;
  MoniaWindow *window;
  GtkLabel *hetu_error;
  GtkEditable *hetu_entry;

  store = monia_store_open (fixture->path, &error);
  g_assert_no_error (error);
  window = present_window (monia_window_new (NULL, store));
  dialog = open_new_case_dialog (window);

  /* A valid code with its check character changed. */
  wrong = g_strdup (hetu);
  wrong[MONIA_HETU_LENGTH - 1] = wrong[MONIA_HETU_LENGTH - 1] == 'A' ? 'B' : 'A';
  g_assert_false (monia_hetu_parse (wrong, NULL, NULL));

  hetu_entry = _monia_new_case_dialog_get_hetu_entry (dialog);
  hetu_error = _monia_new_case_dialog_get_hetu_error (dialog);
  gtk_editable_set_text (_monia_new_case_dialog_get_title_entry (dialog), CASE_TITLE);
  gtk_editable_set_text (_monia_new_case_dialog_get_name_entry (dialog), PERSON_NAME);
  gtk_editable_set_text (hetu_entry, wrong);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (hetu_error)));

  /* A button's activation clicks it a moment later, as a press would. */
  g_assert_true (gtk_widget_activate (_monia_new_case_dialog_get_create_button (dialog)));

  /* The dialog stays, with everything typed, and says what is wrong. */
  g_assert_true (monia_test_wait_mapped (GTK_WIDGET (hetu_error)));
  g_assert_true (_monia_window_get_new_case_dialog (window) == dialog);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  g_assert_cmpstr (gtk_label_get_text (hetu_error), !=, "");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (hetu_entry), "error"));
  g_assert_cmpstr (gtk_editable_get_text (hetu_entry), ==, wrong);
  g_assert_cmpstr (gtk_editable_get_text (_monia_new_case_dialog_get_title_entry (dialog)), ==, CASE_TITLE);

  /* Nothing was written. */
  g_assert_cmpint (monia_store_count (store, "case"), ==, 0);
  g_assert_cmpint (monia_store_count (store, "person"), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (_monia_window_get_stack (window)), ==, "empty");

  /* Editing the code takes the complaint away. */
  gtk_editable_set_text (hetu_entry, hetu);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (hetu_error)));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (hetu_entry), "error"));

  /* Cancel closes without creating anything. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  g_assert_true (monia_test_wait_until (dialog_is_gone, window, 5000));
  g_assert_cmpint (monia_store_count (store, "case"), ==, 0);

  close_window (window);
  g_assert_true (monia_test_finalize_object (g_steal_pointer (&store)));
}

static void
test_window_lists_existing_cases (Fixture       *fixture,
                                  gconstpointer  data)
{
  static const char *titles[] = { "Synthetic case one", "Synthetic case two", "Synthetic case three" };
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaStore) store = NULL;
  MoniaWindow *window;
  LabelQuery query;

  store = monia_store_open (fixture->path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autofree char *hetu = build_synthetic_hetu (950 + i);
      g_autofree char *id = monia_store_create_case (store, titles[i], PERSON_NAME, hetu, &error);

      g_assert_no_error (error);
      g_assert_nonnull (id);
    }

  window = present_window (monia_window_new (NULL, store));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (_monia_window_get_stack (window)), ==, "cases");
  g_assert_cmpuint (g_list_model_get_n_items (_monia_window_get_cases (window)), ==, G_N_ELEMENTS (titles));

  query.root = GTK_WIDGET (_monia_window_get_case_list_view (window));
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      query.text = titles[i];
      g_assert_true (monia_test_wait_until (label_is_shown, &query, 5000));
    }

  close_window (window);
  g_assert_true (monia_test_finalize_object (g_steal_pointer (&store)));
}

static void
test_window_remembers_size (Fixture       *fixture,
                            gconstpointer  data)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaStore) store = NULL;
  MoniaWindow *window;
  gpointer weak;
  int width = 0, height = 0;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    {
      g_test_skip ("The settings schema is not compiled into the build folder");
      return;
    }

  settings = g_settings_new_full (schema, NULL, NULL);
  g_settings_set_int (settings, "window-width", 640);
  g_settings_set_int (settings, "window-height", 480);
  g_settings_set_boolean (settings, "window-maximized", FALSE);

  store = monia_store_open (fixture->path, &error);
  g_assert_no_error (error);

  window = monia_window_new (NULL, store);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 640);
  g_assert_cmpint (height, ==, 480);

  present_window (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 700, 520);
  monia_test_wait_frames (GTK_WIDGET (window), 2);

  /* Closing (as a person would) saves the size. */
  weak = window;
  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (monia_test_wait_until (window_is_gone, &weak, 5000));

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 700);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 520);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  g_assert_true (monia_test_finalize_object (g_steal_pointer (&store)));
}

static void
write_garbage (const char *path,
               GBytes    **out_bytes)
{
  g_autoptr(GError) error = NULL;
  guint8 *data = g_malloc (8192);
  GRand *rand = g_rand_new_with_seed (20240101);

  for (gsize i = 0; i < 8192; i++)
    data[i] = (guint8) g_rand_int_range (rand, 0, 256);
  g_rand_free (rand);

  g_file_set_contents (path, (const char *) data, 8192, &error);
  g_assert_no_error (error);
  *out_bytes = g_bytes_new_take (data, 8192);
}

static void
write_foreign_sqlite (const char *path,
                      GBytes    **out_bytes)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE recipes (name TEXT); "
                                    "INSERT INTO recipes VALUES ('pulla');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  *out_bytes = g_bytes_new_take (contents, length);
}

static void
check_error_window (const char *path,
                    GBytes     *before)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  MoniaWindow *window;
  AdwStatusPage *page;
  GtkStack *stack;

  window = present_window (monia_window_new_for_database (NULL, path));
  g_assert_null (monia_window_get_store (window));

  stack = _monia_window_get_stack (window);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "error");
  page = _monia_window_get_error_page (window);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));
  g_assert_nonnull (adw_status_page_get_description (page));
  g_assert_cmpuint (strlen (adw_status_page_get_description (page)), >, 10);

  /* Nothing can be created on a store that is not open. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-case", NULL);
  monia_test_wait_frames (GTK_WIDGET (window), 1);
  g_assert_null (_monia_window_get_new_case_dialog (window));

  close_window (window);

  /* The file is exactly as it was. */
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  after = g_bytes_new_take (g_steal_pointer (&contents), length);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_window_corrupt_file (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GBytes) before = NULL;

  write_garbage (fixture->path, &before);
  check_error_window (fixture->path, before);
}

static void
test_window_foreign_file (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GBytes) before = NULL;

  write_foreign_sqlite (fixture->path, &before);
  check_error_window (fixture->path, before);
}

static gboolean
is_hidden (gpointer user_data)
{
  return !gtk_widget_get_visible (GTK_WIDGET (user_data));
}

/* The keyboard shortcuts window is built on first use, then kept. */
static void
test_window_shortcuts (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaStore) store = NULL;
  GtkShortcutsWindow *overlay;
  MoniaWindow *window;
  gpointer weak;

  store = monia_store_open (fixture->path, &error);
  g_assert_no_error (error);
  window = present_window (monia_window_new (NULL, store));
  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  g_assert_true (monia_test_wait_mapped (GTK_WIDGET (overlay)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (overlay)) == GTK_WINDOW (window));

  /* Closed, it is only hidden; asked for again, the same one shows. */
  gtk_window_close (GTK_WINDOW (overlay));
  g_assert_true (monia_test_wait_until (is_hidden, overlay, 5000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  g_assert_true (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)) == overlay);
  g_assert_true (monia_test_wait_mapped (GTK_WIDGET (overlay)));

  /* It goes with its window. */
  weak = overlay;
  g_object_add_weak_pointer (G_OBJECT (overlay), &weak);
  close_window (window);
  g_assert_true (monia_test_wait_until (window_is_gone, &weak, 5000));
  g_assert_true (monia_test_finalize_object (g_steal_pointer (&store)));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  gtk_init ();
  adw_init ();
  /* No transitions: what the tests look at is there at once. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/app/window/create-case", Fixture, NULL,
              fixture_set_up, test_window_create_case, fixture_tear_down);
  g_test_add ("/app/window/invalid-hetu", Fixture, NULL,
              fixture_set_up, test_window_invalid_hetu, fixture_tear_down);
  g_test_add ("/app/window/existing-cases", Fixture, NULL,
              fixture_set_up, test_window_lists_existing_cases, fixture_tear_down);
  g_test_add ("/app/window/remembers-size", Fixture, NULL,
              fixture_set_up, test_window_remembers_size, fixture_tear_down);
  g_test_add ("/app/window/corrupt-file", Fixture, NULL,
              fixture_set_up, test_window_corrupt_file, fixture_tear_down);
  g_test_add ("/app/window/foreign-file", Fixture, NULL,
              fixture_set_up, test_window_foreign_file, fixture_tear_down);
  g_test_add ("/app/window/shortcuts", Fixture, NULL,
              fixture_set_up, test_window_shortcuts, fixture_tear_down);

  return g_test_run ();
}
