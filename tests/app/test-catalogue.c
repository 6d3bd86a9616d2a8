/* test-catalogue.c — the service catalogue page and its dialog, under a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-test"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <sqlite3.h>

#include "monia-app-test-util.h"
#include "monia-case-util.h"
#include "monia-catalogue-page-private.h"
#include "monia-core.h"
#include "monia-service-dialog-private.h"

typedef struct
{
  char       *dir;
  MoniaStore *store;
  char       *club_id;
  char       *chat_id;
  char       *home_id;
  GtkWidget  *window;
  AdwToastOverlay *overlay;
  MoniaCataloguePage *page;
} Fixture;

static char *
create_service (MoniaStore *store,
                ...)
{
  g_autoptr(MoniaMutation) m = monia_mutation_new_create ("service");
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, store);
  for (const char *field = va_arg (args, const char *); field != NULL; field = va_arg (args, const char *))
    monia_mutation_set_string (m, field, va_arg (args, const char *));
  va_end (args);
  g_assert_true (monia_store_apply_one (store, m, &error));
  g_assert_no_error (error);
  return g_strdup (monia_mutation_get_record_id (m));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("monia-catalogue-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "monia.db", NULL);
  fixture->store = monia_store_open (path, &error);
  g_assert_no_error (error);

  if (data == NULL)
    {
      fixture->club_id = create_service (fixture->store, "name", "Synthetic family club", "provider", "Synthetic parish",
                                         "sector", "parish", "area", "Harjula",
                                         "target_group", "Families with children", NULL);
      fixture->chat_id = create_service (fixture->store, "name", "Youth chat", "provider", "Synthetic youth chat",
                                         "sector", "digital", "area", "Whole country",
                                         "target_group", "Young people", NULL);
      fixture->home_id = create_service (fixture->store, "name", "Home help", "provider", "Synthetic county",
                                         "sector", "public", "area", "Koivula",
                                         "target_group", "Families with babies", NULL);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_true (monia_test_finalize_object (fixture->store));
  monia_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->club_id);
  g_free (fixture->chat_id);
  g_free (fixture->home_id);
}

/* ---- helpers ---- */

static void
show_page (Fixture *fixture)
{
  fixture->window = gtk_window_new ();
  fixture->overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  fixture->page = MONIA_CATALOGUE_PAGE (monia_catalogue_page_new (fixture->store));
  adw_toast_overlay_set_child (fixture->overlay, GTK_WIDGET (fixture->page));
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->overlay));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 800, 700);
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (monia_test_wait_mapped (GTK_WIDGET (fixture->page)));
  monia_test_assert_names_once (GTK_WIDGET (fixture->window), "the catalogue");
}

static void
close_page (Fixture *fixture)
{
  gpointer weak_page = fixture->page;

  g_object_add_weak_pointer (G_OBJECT (fixture->page), &weak_page);
  g_assert_true (monia_test_destroy_window (GTK_WINDOW (fixture->window)));
  g_assert_null (weak_page);
}

static gboolean
is_settled (gpointer user_data)
{
  return !_monia_catalogue_page_is_busy (user_data);
}

static void
settle (Fixture *fixture)
{
  g_assert_true (monia_test_wait_until (is_settled, fixture->page, 60000));
  monia_test_wait_frames (GTK_WIDGET (fixture->page), 2);
}

/* The names shown, in order, joined by "|". */
static char *
shown_names (Fixture *fixture)
{
  GListModel *shown = _monia_catalogue_page_get_shown (fixture->page);
  g_autoptr(GString) names = g_string_new (NULL);

  settle (fixture);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(MoniaRecord) record = g_list_model_get_item (shown, i);

      g_string_append_printf (names, "%s%s", i > 0 ? "|" : "", monia_record_get_string (record, "name"));
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
search_for (Fixture    *fixture,
            const char *text)
{
  GtkEditable *entry = _monia_catalogue_page_get_search_entry (fixture->page);

  gtk_editable_set_text (entry, text);
  /* The entry waits a moment for more typing before it says so. */
  g_signal_emit_by_name (entry, "search-changed");
  settle (fixture);
}

static void
choose_sector (Fixture    *fixture,
               const char *label)
{
  GtkDropDown *dropdown = _monia_catalogue_page_get_sector_filter (fixture->page);
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), label) == 0)
        {
          gtk_drop_down_set_selected (dropdown, i);
          settle (fixture);
          return;
        }
    }
  g_error ("No sector “%s” offered", label);
}

static gboolean
has_dialog (gpointer user_data)
{
  return _monia_catalogue_page_get_dialog (user_data) != NULL;
}

/* A button's activation lands a moment later. */
static MoniaServiceDialog *
wait_dialog (Fixture *fixture)
{
  MoniaServiceDialog *dialog;

  g_assert_true (monia_test_wait_until (has_dialog, fixture->page, 30000));
  dialog = _monia_catalogue_page_get_dialog (fixture->page);
  g_assert_true (monia_test_wait_mapped (GTK_WIDGET (dialog)));
  monia_test_assert_names_once (GTK_WIDGET (dialog), "the service dialog");
  return dialog;
}

static void
open_service (Fixture    *fixture,
              const char *name)
{
  GListModel *shown = _monia_catalogue_page_get_shown (fixture->page);

  settle (fixture);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(MoniaRecord) record = g_list_model_get_item (shown, i);

      if (g_strcmp0 (monia_record_get_string (record, "name"), name) == 0)
        {
          g_signal_emit_by_name (_monia_catalogue_page_get_list_view (fixture->page), "activate", i);
          return;
        }
    }
  g_error ("“%s” is not shown", name);
}

typedef struct
{
  MoniaStore *store;
  const char *id;
  const char *field;
  const char *value;
} FieldQuery;

static gboolean
has_value (gpointer user_data)
{
  FieldQuery *query = user_data;
  g_autoptr(MoniaRecord) record = monia_store_get (query->store, "service", query->id, NULL);

  return record != NULL && g_strcmp0 (monia_record_get_string (record, query->field), query->value) == 0;
}

static void
wait_for_field (Fixture    *fixture,
                const char *id,
                const char *field,
                const char *value)
{
  FieldQuery query = { fixture->store, id, field, value };

  if (!monia_test_wait_until (has_value, &query, 30000))
    g_error ("service.%s never became “%s”", field, value);
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  GtkWidget  *root;
  const char *label;
  GtkWidget  *found;
} ButtonQuery;

static gboolean
button_shown (gpointer user_data)
{
  ButtonQuery *query = user_data;

  query->found = find_button (query->root, query->label);
  return query->found != NULL;
}

static gboolean
has_error (gpointer user_data)
{
  return _monia_service_dialog_get_error (user_data)[0] != '\0';
}

static gboolean
is_cleared (gpointer user_data)
{
  return *(gpointer *) user_data == NULL;
}

/* ---- tests ---- */

static void
test_empty_then_add (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GListModel) services = NULL;
  g_autoptr(MoniaRecord) added = NULL;
  MoniaServiceDialog *dialog;
  gpointer weak_dialog;

  show_page (fixture);
  settle (fixture);
  g_assert_cmpstr (_monia_catalogue_page_get_state (fixture->page), ==, "empty");
  g_assert_nonnull (monia_test_find_label (GTK_WIDGET (fixture->page), "No Services"));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (_monia_catalogue_page_get_search_entry (fixture->page))));

  /* The empty page's own button opens the form. */
  gtk_widget_activate (find_button (GTK_WIDGET (fixture->page), "_Add Service"));
  dialog = wait_dialog (fixture);
  g_assert_null (monia_service_dialog_get_service_id (dialog));
  weak_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak_dialog);

  /* Without a name nothing is saved, and the form says why. */
  gtk_editable_set_text (_monia_service_dialog_get_entry (dialog, "provider"), "Synthetic parish");
  gtk_editable_set_text (_monia_service_dialog_get_entry (dialog, "name"), "   ");
  gtk_widget_activate (_monia_service_dialog_get_add_button (dialog));
  g_assert_true (monia_test_wait_until (has_error, dialog, 30000));
  g_assert_cmpstr (_monia_service_dialog_get_error (dialog), ==, "A service needs a name.");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (_monia_service_dialog_get_entry (dialog, "name")), "error"));
  g_assert_cmpint (monia_store_count (fixture->store, "service"), ==, 0);
  g_assert_nonnull (weak_dialog);

  gtk_editable_set_text (_monia_service_dialog_get_entry (dialog, "name"), " Synthetic evening club ");
  g_assert_cmpstr (_monia_service_dialog_get_error (dialog), ==, "");
  gtk_editable_set_text (_monia_service_dialog_get_entry (dialog, "area"), "Harjula");
  gtk_editable_set_text (_monia_service_dialog_get_entry (dialog, "target_group"), "Parents");
  gtk_editable_set_text (_monia_service_dialog_get_entry (dialog, "contact"), "040 000 0000");
  gtk_editable_set_text (_monia_service_dialog_get_entry (dialog, "description"), "Peer support on Tuesdays");
  g_assert_true (monia_combo_select_id (_monia_service_dialog_get_sector_row (dialog), "third_sector"));
  gtk_widget_activate (_monia_service_dialog_get_add_button (dialog));
  g_assert_true (monia_test_wait_until (is_cleared, &weak_dialog, 30000));

  g_assert_cmpint (monia_store_count (fixture->store, "service"), ==, 1);
  services = monia_store_list (fixture->store, "service");
  added = g_list_model_get_item (services, 0);
  g_assert_cmpstr (monia_record_get_string (added, "name"), ==, "Synthetic evening club");
  g_assert_cmpstr (monia_record_get_string (added, "provider"), ==, "Synthetic parish");
  g_assert_cmpstr (monia_record_get_string (added, "sector"), ==, "third_sector");
  g_assert_cmpstr (monia_record_get_string (added, "area"), ==, "Harjula");
  g_assert_cmpstr (monia_record_get_string (added, "target_group"), ==, "Parents");
  g_assert_cmpstr (monia_record_get_string (added, "contact"), ==, "040 000 0000");
  g_assert_cmpstr (monia_record_get_string (added, "description"), ==, "Peer support on Tuesdays");

  settle (fixture);
  g_assert_cmpstr (_monia_catalogue_page_get_state (fixture->page), ==, "list");
  g_assert_nonnull (monia_test_find_label (GTK_WIDGET (fixture->page), "Synthetic evening club"));
  g_assert_nonnull (monia_test_find_label (GTK_WIDGET (fixture->page), "Synthetic parish · Harjula"));
  g_assert_nonnull (monia_test_find_label (GTK_WIDGET (fixture->page), "Third Sector"));

  close_page (fixture);
}

static void
test_search_and_filter (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *names = NULL;

  show_page (fixture);

  /* By name. */
  names = shown_names (fixture);
  g_assert_cmpstr (names, ==, "Home help|Synthetic family club|Youth chat");
  g_assert_cmpstr (_monia_catalogue_page_get_state (fixture->page), ==, "list");
  g_assert_nonnull (monia_test_find_label (GTK_WIDGET (fixture->page), "Parish"));

  /* Area, whatever the case. */
  search_for (fixture, "HARJ");
  g_free (names);
  names = shown_names (fixture);
  g_assert_cmpstr (names, ==, "Synthetic family club");

  /* Target group; every word must match. */
  search_for (fixture, "families");
  g_free (names);
  names = shown_names (fixture);
  g_assert_cmpstr (names, ==, "Home help|Synthetic family club");
  search_for (fixture, "families  babies");
  g_free (names);
  names = shown_names (fixture);
  g_assert_cmpstr (names, ==, "Home help");

  /* Provider. */
  search_for (fixture, "youth chat");
  g_free (names);
  names = shown_names (fixture);
  g_assert_cmpstr (names, ==, "Youth chat");

  search_for (fixture, "nothing like this");
  g_assert_cmpstr (_monia_catalogue_page_get_state (fixture->page), ==, "no-results");
  g_assert_nonnull (monia_test_find_label (GTK_WIDGET (fixture->page), "No Matching Services"));

  search_for (fixture, "");
  g_free (names);
  names = shown_names (fixture);
  g_assert_cmpstr (names, ==, "Home help|Synthetic family club|Youth chat");
  g_assert_cmpstr (_monia_catalogue_page_get_state (fixture->page), ==, "list");

  /* The sector filter, alone and with a search. */
  choose_sector (fixture, "Digital");
  g_free (names);
  names = shown_names (fixture);
  g_assert_cmpstr (names, ==, "Youth chat");
  search_for (fixture, "families");
  g_assert_cmpstr (_monia_catalogue_page_get_state (fixture->page), ==, "no-results");
  choose_sector (fixture, "Public");
  g_free (names);
  names = shown_names (fixture);
  g_assert_cmpstr (names, ==, "Home help");
  choose_sector (fixture, "All Sectors");
  g_free (names);
  names = shown_names (fixture);
  g_assert_cmpstr (names, ==, "Home help|Synthetic family club");

  close_page (fixture);
}

static void
test_edit (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(MoniaRecord) record = NULL;
  g_autofree char *names = NULL;
  MoniaServiceDialog *dialog;
  GtkEditable *name;

  show_page (fixture);
  open_service (fixture, "Youth chat");
  dialog = wait_dialog (fixture);
  g_assert_cmpstr (monia_service_dialog_get_service_id (dialog), ==, fixture->chat_id);
  g_assert_false (gtk_widget_get_mapped (_monia_service_dialog_get_add_button (dialog)));
  name = _monia_service_dialog_get_entry (dialog, "name");
  g_assert_cmpstr (gtk_editable_get_text (name), ==, "Youth chat");
  g_assert_cmpstr (gtk_editable_get_text (_monia_service_dialog_get_entry (dialog, "area")), ==, "Whole country");
  g_assert_cmpstr (adw_combo_row_get_selected_item (_monia_service_dialog_get_sector_row (dialog)) != NULL
                   ? gtk_string_object_get_string (adw_combo_row_get_selected_item (_monia_service_dialog_get_sector_row (dialog)))
                   : NULL, ==, "Digital");

  /* Each change is saved as it is made, without a Save button. */
  gtk_editable_set_text (_monia_service_dialog_get_entry (dialog, "contact"), "chat.example");
  wait_for_field (fixture, fixture->chat_id, "contact", "chat.example");
  gtk_editable_set_text (name, "Anonymous youth chat");
  wait_for_field (fixture, fixture->chat_id, "name", "Anonymous youth chat");
  g_assert_true (monia_combo_select_id (_monia_service_dialog_get_sector_row (dialog), "third_sector"));
  wait_for_field (fixture, fixture->chat_id, "sector", "third_sector");

  /* Clearing a field clears it in the store. */
  gtk_editable_set_text (_monia_service_dialog_get_entry (dialog, "area"), "");
  g_signal_emit_by_name (_monia_service_dialog_get_entry (dialog, "area"), "entry-activated");
  wait_for_field (fixture, fixture->chat_id, "area", NULL);

  /* The name cannot be emptied: the stored one stays and the form says why. */
  gtk_editable_set_text (name, "");
  g_signal_emit_by_name (name, "entry-activated");
  g_assert_cmpstr (_monia_service_dialog_get_error (dialog), ==, "A service needs a name.");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (name), "error"));
  record = monia_store_get (fixture->store, "service", fixture->chat_id, NULL);
  g_assert_cmpstr (monia_record_get_string (record, "name"), ==, "Anonymous youth chat");
  gtk_editable_set_text (name, "Anonymous youth chat");
  g_signal_emit_by_name (name, "entry-activated");
  g_assert_cmpstr (_monia_service_dialog_get_error (dialog), ==, "");

  gtk_window_close (GTK_WINDOW (dialog));
  /* The list sorts again in steps after the edit. */
  settle (fixture);
  names = shown_names (fixture);
  g_assert_cmpstr (names, ==, "Anonymous youth chat|Home help|Synthetic family club");
  g_assert_nonnull (monia_test_find_label (GTK_WIDGET (fixture->page), "Third Sector"));

  close_page (fixture);
}

static gboolean
has_no_dialog (gpointer user_data)
{
  return _monia_catalogue_page_get_dialog (user_data) == NULL;
}

static void
delete_in (Fixture            *fixture,
           MoniaServiceDialog *dialog)
{
  gtk_widget_activate (_monia_service_dialog_get_delete_button (dialog));
  g_assert_true (monia_test_wait_until (has_no_dialog, fixture->page, 30000));
}

static void
test_delete_and_undo (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *names = NULL;
  MoniaServiceDialog *dialog;
  ButtonQuery query = { NULL, "_Undo", NULL };
  AdwToast *toast;
  gpointer weak_toast;

  show_page (fixture);
  query.root = GTK_WIDGET (fixture->overlay);

  /* Deleting hides the service at once, with a way back. */
  open_service (fixture, "Home help");
  dialog = wait_dialog (fixture);
  delete_in (fixture, dialog);
  names = shown_names (fixture);
  g_assert_cmpstr (names, ==, "Synthetic family club|Youth chat");
  g_assert_true (monia_test_wait_until (button_shown, &query, 30000));
  g_assert_nonnull (monia_test_find_label (GTK_WIDGET (fixture->overlay), "“Home help” deleted"));

  /* Undo: it is back, and stays once the toast is gone. */
  toast = _monia_catalogue_page_get_undo_toast (fixture->page);
  g_assert_nonnull (toast);
  weak_toast = toast;
  g_object_add_weak_pointer (G_OBJECT (toast), &weak_toast);
  gtk_widget_activate (query.found);
  g_assert_true (monia_test_wait_until (is_cleared, &weak_toast, 30000));
  g_free (names);
  names = shown_names (fixture);
  g_assert_cmpstr (names, ==, "Home help|Synthetic family club|Youth chat");
  g_assert_cmpint (monia_store_count (fixture->store, "service"), ==, 3);

  /* Without an undo, the deletion is written when the toast goes. */
  open_service (fixture, "Home help");
  dialog = wait_dialog (fixture);
  delete_in (fixture, dialog);
  settle (fixture);
  g_assert_cmpint (monia_store_count (fixture->store, "service"), ==, 3);
  toast = _monia_catalogue_page_get_undo_toast (fixture->page);
  g_assert_nonnull (toast);
  adw_toast_dismiss (toast);
  g_assert_cmpint (monia_store_count (fixture->store, "service"), ==, 2);
  g_assert_null (monia_store_get (fixture->store, "service", fixture->home_id, NULL));
  g_free (names);
  names = shown_names (fixture);
  g_assert_cmpstr (names, ==, "Synthetic family club|Youth chat");

  /* Closing the page is no undo either. */
  open_service (fixture, "Youth chat");
  dialog = wait_dialog (fixture);
  delete_in (fixture, dialog);
  settle (fixture);
  g_assert_cmpint (monia_store_count (fixture->store, "service"), ==, 2);
  close_page (fixture);
  g_assert_cmpint (monia_store_count (fixture->store, "service"), ==, 1);
  g_assert_null (monia_store_get (fixture->store, "service", fixture->chat_id, NULL));
}

static void
test_large_catalogue (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) monia_mutation_unref);
  g_autoptr(GError) error = NULL;
  GListModel *shown;
  gint64 start, elapsed;

  for (guint i = 0; i < 3000; i++)
    {
      MoniaMutation *m = monia_mutation_new_create ("service");
      g_autofree char *name = g_strdup_printf ("Synthetic service %04u", i);

      monia_mutation_set_string (m, "name", name);
      monia_mutation_set_string (m, "area", i % 3 == 0 ? "Harjula" : "Koivula");
      monia_mutation_set_string (m, "sector", monia_service_sector_ids ()[i % 5]);
      g_ptr_array_add (batch, m);
    }
  g_assert_true (monia_store_apply (fixture->store, batch, &error));
  g_assert_no_error (error);

  show_page (fixture);
  shown = _monia_catalogue_page_get_shown (fixture->page);
  settle (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 3000);

  start = g_get_monotonic_time ();
  search_for (fixture, "harjula");
  elapsed = g_get_monotonic_time () - start;
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1000);
  g_test_message ("Searching 3000 services took %" G_GINT64_FORMAT " ms", elapsed / 1000);
  choose_sector (fixture, "Digital");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 200);

  close_page (fixture);
}

/* A sector that cannot be saved (another program holds the database) is
 * said at the sector row, not only in a toast, and goes when the next
 * choice is saved. */
static void
test_sector_error (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "monia.db", NULL);
  g_autofree char *message = NULL;
  g_autoptr(MoniaRecord) record = NULL;
  MoniaServiceDialog *dialog;
  AdwComboRow *sector;
  GtkLabel *label;
  sqlite3 *other = NULL;

  show_page (fixture);
  open_service (fixture, "Youth chat");
  dialog = wait_dialog (fixture);
  sector = _monia_service_dialog_get_sector_row (dialog);

  /* A backup tool, say, writing to the file: the store waits for it, then gives up. */
  g_assert_cmpint (sqlite3_open_v2 (path, &other, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (monia_combo_select_id (sector, "public"));
  message = g_strdup (_monia_service_dialog_get_error (dialog));
  g_assert_nonnull (strstr (message, "is in use by another program"));
  monia_test_wait_frames (GTK_WIDGET (dialog), 3);
  label = monia_test_find_label (GTK_WIDGET (dialog), message);
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (sector), "error"));
  gtk_test_accessible_assert_state (GTK_ACCESSIBLE (sector), GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (sector), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message);
  gtk_test_accessible_assert_relation (GTK_ACCESSIBLE (sector), GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE, label);
  record = monia_store_get (fixture->store, "service", fixture->chat_id, NULL);
  g_assert_cmpstr (monia_record_get_string (record, "sector"), ==, "digital");

  /* Once it lets go, the next choice is saved and the complaint goes. */
  g_assert_cmpint (sqlite3_exec (other, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (other), ==, SQLITE_OK);
  g_assert_true (monia_combo_select_id (sector, "third_sector"));
  wait_for_field (fixture, fixture->chat_id, "sector", "third_sector");
  g_assert_cmpstr (_monia_service_dialog_get_error (dialog), ==, "");
  g_assert_null (monia_test_find_label (GTK_WIDGET (dialog), message));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (sector), "error"));
  g_assert_false (gtk_test_accessible_has_state (GTK_ACCESSIBLE (sector), GTK_ACCESSIBLE_STATE_INVALID));

  gtk_window_close (GTK_WINDOW (dialog));
  close_page (fixture);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  gtk_init ();
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

#define ADD(path, data, func) g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("/catalogue/empty-then-add", "empty", test_empty_then_add);
  ADD ("/catalogue/search-and-filter", NULL, test_search_and_filter);
  ADD ("/catalogue/edit", NULL, test_edit);
  ADD ("/catalogue/delete-and-undo", NULL, test_delete_and_undo);
  ADD ("/catalogue/sector-error", NULL, test_sector_error);
  ADD ("/catalogue/large", "empty", test_large_catalogue);
#undef ADD

  return g_test_run ();
}
