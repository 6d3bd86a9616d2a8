/* test-navigation.c — the sidebar, the case lists, search and opening a
 * case, under a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-test"

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "monia-app-test-util.h"
#include "monia-core.h"
#include "monia-window-private.h"

typedef struct
{
  char       *dir;
  MoniaStore *store;
  char       *me;
  char       *other;
  char       *pair;
  char       *my_case;
  char       *pair_case;
  char       *searched_case;
} Fixture;

static char *
apply_create (MoniaStore    *store,
              MoniaMutation *m)
{
  g_autoptr(GError) error = NULL;

  monia_store_apply_one (store, m, &error);
  g_assert_no_error (error);
  return g_strdup (monia_mutation_get_record_id (m));
}

static char *
add_professional (MoniaStore *store,
                  const char *name)
{
  g_autoptr(MoniaMutation) m = monia_mutation_new_create ("professional");

  monia_mutation_set_string (m, "name", name);
  return apply_create (store, m);
}

static char *
add_case (MoniaStore *store,
          const char *title,
          const char *owner_id,
          const char *pair_id)
{
  g_autoptr(MoniaMutation) m = monia_mutation_new_create ("case");

  monia_mutation_set_string (m, "title", title);
  monia_mutation_set_string (m, "status", "open");
  monia_mutation_set_string (m, "opened_on", "2026-03-02");
  if (owner_id != NULL)
    monia_mutation_set_string (m, "owner_id", owner_id);
  if (pair_id != NULL)
    monia_mutation_set_string (m, "pair_id", pair_id);
  return apply_create (store, m);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaMutation) pair = monia_mutation_new_create ("work_pair");
  g_autoptr(MoniaMutation) service = monia_mutation_new_create ("service");
  g_autoptr(GDate) birth = g_date_new_dmy (3, G_DATE_MAY, 2014);
  g_autofree char *path = NULL;
  g_autofree char *hetu = monia_hetu_build (birth, 963);
  g_autofree char *unused = NULL;

  fixture->dir = g_dir_make_tmp ("monia-nav-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "monia.db", NULL);
  fixture->store = monia_store_open (path, &error);
  g_assert_no_error (error);

  fixture->me = add_professional (fixture->store, "Synthetic Social Worker");
  fixture->other = add_professional (fixture->store, "Synthetic Psychiatric Nurse");
  monia_mutation_set_string (pair, "first_id", fixture->other);
  monia_mutation_set_string (pair, "second_id", fixture->me);
  fixture->pair = apply_create (fixture->store, pair);

  monia_mutation_set_string (service, "name", "Synthetic family club");
  monia_mutation_set_string (service, "provider", "Synthetic parish");
  g_free (apply_create (fixture->store, service));

  fixture->my_case = add_case (fixture->store, "Synthetic own case", fixture->me, NULL);
  g_free (add_case (fixture->store, "Synthetic second own case", fixture->me, NULL));
  fixture->pair_case = add_case (fixture->store, "Synthetic pair case", fixture->other, fixture->pair);
  g_free (add_case (fixture->store, "Synthetic someone else's case", fixture->other, NULL));

  /* A case with a person to search for. */
  fixture->searched_case = monia_store_create_case (fixture->store, "Synthetic searched case",
                                                    "Testi Hakuliina", hetu, &error);
  g_assert_no_error (error);

  monia_store_set_author (fixture->store, fixture->me);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_true (monia_test_finalize_object (fixture->store));
  monia_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->me);
  g_free (fixture->other);
  g_free (fixture->pair);
  g_free (fixture->my_case);
  g_free (fixture->pair_case);
  g_free (fixture->searched_case);
}

static MoniaWindow *
present_window (MoniaStore *store,
                int         width)
{
  MoniaWindow *window = monia_window_new (NULL, store);

  gtk_window_set_default_size (GTK_WINDOW (window), width, 600);
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

static const char *
visible_page (MoniaWindow *window)
{
  return gtk_stack_get_visible_child_name (_monia_window_get_stack (window));
}

typedef struct
{
  MoniaWindow *window;
  const char  *page;
} PageQuery;

static gboolean
page_is_shown (gpointer user_data)
{
  PageQuery *query = user_data;

  return g_strcmp0 (visible_page (query->window), query->page) == 0;
}

/* A button's activation clicks it a moment later, as a press would. */
static void
press_back (MoniaWindow *window,
            const char  *expected_page)
{
  PageQuery query = { window, expected_page };

  g_assert_true (gtk_widget_activate (_monia_window_get_back_button (window)));
  g_assert_true (monia_test_wait_until (page_is_shown, &query, 5000));
}

static void
activate_sidebar (MoniaWindow *window,
                  const char  *section)
{
  GtkListBoxRow *row = _monia_window_get_sidebar_row (window, section);

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_activate (GTK_WIDGET (row)));
  g_assert_cmpstr (_monia_window_get_section (window), ==, section);
  g_assert_true (gtk_list_box_get_selected_row (_monia_window_get_sidebar (window)) == row);
}

static guint
n_cases (MoniaWindow *window,
         const char  *section)
{
  GListModel *model = monia_case_list_page_get_model (_monia_window_get_case_list_page (window, section));

  return model != NULL ? g_list_model_get_n_items (model) : 0;
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

static void
test_sidebar_switches_pages (Fixture       *fixture,
                             gconstpointer  data)
{
  MoniaWindow *window = present_window (fixture->store, 960);
  LabelQuery query = { GTK_WIDGET (window), NULL };

  /* No open requests: one's own cases first. */
  g_assert_cmpstr (_monia_window_get_section (window), ==, "mine");
  g_assert_cmpstr (visible_page (window), ==, "mine");
  g_assert_false (adw_leaflet_get_folded (_monia_window_get_leaflet (window)));
  g_assert_false (gtk_widget_get_visible (_monia_window_get_back_button (window)));

  g_assert_cmpuint (n_cases (window, "mine"), ==, 2);
  g_assert_cmpuint (n_cases (window, "pair"), ==, 1);
  g_assert_cmpuint (n_cases (window, "all"), ==, 5);
  g_assert_cmpstr (_monia_window_get_sidebar_count (window, "mine"), ==, "2");
  g_assert_cmpstr (_monia_window_get_sidebar_count (window, "pair"), ==, "1");
  g_assert_cmpstr (_monia_window_get_sidebar_count (window, "all"), ==, "5");
  g_assert_cmpstr (_monia_window_get_sidebar_count (window, "inbox"), ==, "");
  query.text = "Synthetic own case";
  g_assert_true (monia_test_wait_until (label_is_shown, &query, 5000));
  query.text = "Synthetic pair case";
  g_assert_false (label_is_shown (&query));

  activate_sidebar (window, "pair");
  g_assert_cmpstr (visible_page (window), ==, "pair");
  g_assert_true (monia_test_wait_until (label_is_shown, &query, 5000));

  activate_sidebar (window, "inbox");
  g_assert_cmpstr (visible_page (window), ==, "inbox");
  query.text = "No Open Help Requests";
  g_assert_true (monia_test_wait_until (label_is_shown, &query, 5000));

  activate_sidebar (window, "all");
  g_assert_cmpstr (visible_page (window), ==, "cases");
  query.text = "Synthetic someone else's case";
  g_assert_true (monia_test_wait_until (label_is_shown, &query, 5000));

  activate_sidebar (window, "services");
  g_assert_cmpstr (visible_page (window), ==, "services");
  query.text = "Synthetic family club";
  g_assert_true (monia_test_wait_until (label_is_shown, &query, 5000));

  /* Ctrl+1…5 go through the same action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "pair"));
  g_assert_cmpstr (visible_page (window), ==, "pair");
  g_assert_true (gtk_list_box_get_selected_row (_monia_window_get_sidebar (window)) ==
                 _monia_window_get_sidebar_row (window, "pair"));

  close_window (window);
}

static void
test_case_list_opens_case (Fixture       *fixture,
                           gconstpointer  data)
{
  MoniaWindow *window = present_window (fixture->store, 960);
  MoniaCaseListPage *page = _monia_window_get_case_list_page (window, "pair");

  activate_sidebar (window, "pair");
  g_signal_emit_by_name (monia_case_list_page_get_list_view (page), "activate", 0);

  g_assert_cmpstr (_monia_window_get_shown_case_id (window), ==, fixture->pair_case);
  g_assert_cmpstr (visible_page (window), ==, "case");
  g_assert_true (gtk_widget_get_visible (_monia_window_get_back_button (window)));

  /* Back returns to the list it came from. */
  press_back (window, "pair");
  g_assert_null (_monia_window_get_shown_case_id (window));
  g_assert_false (gtk_widget_get_visible (_monia_window_get_back_button (window)));

  close_window (window);
}

static void
test_no_author (Fixture       *fixture,
                gconstpointer  data)
{
  MoniaWindow *window;
  LabelQuery query;

  monia_store_set_author (fixture->store, NULL);
  window = present_window (fixture->store, 960);

  /* Without knowing who the user is: all cases, and an explanation. */
  g_assert_cmpstr (_monia_window_get_section (window), ==, "all");
  activate_sidebar (window, "mine");
  g_assert_cmpstr (monia_case_list_page_get_state (_monia_window_get_case_list_page (window, "mine")), ==, "empty");
  query.root = GTK_WIDGET (window);
  query.text = "Who Are You?";
  g_assert_true (monia_test_wait_until (label_is_shown, &query, 5000));
  activate_sidebar (window, "pair");
  g_assert_true (monia_test_wait_until (label_is_shown, &query, 5000));

  close_window (window);
}

typedef struct
{
  MoniaWindow *window;
  const char  *section;
  const char  *count;
} CountQuery;

static gboolean
count_is_shown (gpointer user_data)
{
  CountQuery *query = user_data;

  return g_strcmp0 (_monia_window_get_sidebar_count (query->window, query->section), query->count) == 0;
}

/* With requests waiting the window starts on the inbox; the case lists and
 * their counts come just after its first frame, and are there when shown. */
static void
test_inbox_first (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaIntake) intake = monia_intake_new (fixture->store, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  MoniaIntakeRequest request = {
    .channel = MONIA_CHANNEL_PHONE,
    .received_at = now,
    .contact_name = "Testi Soittaja",
    .topic = "Synthetic worry",
  };
  g_autofree char *request_id = monia_intake_register (intake, &request, &error);
  CountQuery counts[] = {
    { NULL, "inbox", "1" },
    { NULL, "mine", "2" },
    { NULL, "pair", "1" },
    { NULL, "all", "5" },
  };
  MoniaWindow *window;

  g_assert_no_error (error);
  window = present_window (fixture->store, 960);
  g_assert_cmpstr (_monia_window_get_section (window), ==, "inbox");
  g_assert_cmpstr (visible_page (window), ==, "inbox");

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      counts[i].window = window;
      g_assert_true (monia_test_wait_until (count_is_shown, &counts[i], 5000));
    }

  activate_sidebar (window, "all");
  g_assert_cmpstr (visible_page (window), ==, "cases");
  g_assert_cmpuint (n_cases (window, "all"), ==, 5);
  {
    LabelQuery query = { GTK_WIDGET (window), "Synthetic pair case" };

    g_assert_true (monia_test_wait_until (label_is_shown, &query, 5000));
  }

  close_window (window);
}

static gboolean
search_has_results (gpointer user_data)
{
  return g_strcmp0 (monia_search_page_get_state (user_data), "results") == 0;
}

static guint
count_result_rows (MoniaSearchPage *page)
{
  guint n = 0;

  while (n < 100 && gtk_list_box_get_row_at_index (monia_search_page_get_list_box (page), n) != NULL)
    n++;
  return n;
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  MoniaWindow *window = present_window (fixture->store, 960);
  MoniaSearchPage *page = _monia_window_get_search_page (window);
  GtkEditable *entry = _monia_window_get_search_entry (window);
  GtkListBoxRow *first;

  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (entry)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  g_assert_true (monia_test_wait_mapped (GTK_WIDGET (entry)));
  g_assert_cmpstr (visible_page (window), ==, "search");
  g_assert_cmpstr (monia_search_page_get_state (page), ==, "initial");

  /* Typed, not submitted: results come as the typing pauses. */
  gtk_editable_set_text (entry, "Hakuli");
  g_assert_true (monia_test_wait_until (search_has_results, page, 5000));

  first = gtk_list_box_get_row_at_index (monia_search_page_get_list_box (page), 0);
  g_assert_nonnull (first);
  g_assert_nonnull (strstr (monia_search_page_get_row_title (page, first), "Hakuliina"));
  /* Grouped under a heading. */
  g_assert_true (GTK_IS_LABEL (gtk_list_box_row_get_header (first)));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_header (first))), ==, "People");

  /* Typing on, the rows are those of the new results, under their own
   * headings; no row stays from before. */
  monia_search_page_set_text (page, "Synthetic");
  g_assert_cmpstr (monia_search_page_get_state (page), ==, "results");
  g_assert_cmpuint (count_result_rows (page), ==, 5);
  first = gtk_list_box_get_row_at_index (monia_search_page_get_list_box (page), 0);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_header (first))), ==, "Cases");
  g_assert_null (gtk_list_box_row_get_header (gtk_list_box_get_row_at_index (monia_search_page_get_list_box (page), 1)));
  monia_search_page_set_text (page, "Hakuli");
  g_assert_cmpuint (count_result_rows (page), ==, 1);
  first = gtk_list_box_get_row_at_index (monia_search_page_get_list_box (page), 0);
  g_assert_nonnull (strstr (monia_search_page_get_row_title (page, first), "Hakuliina"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_header (first))), ==, "People");

  /* A person opens their case. */
  g_assert_true (gtk_widget_activate (GTK_WIDGET (first)));
  g_assert_cmpstr (_monia_window_get_shown_case_id (window), ==, fixture->searched_case);
  g_assert_cmpstr (visible_page (window), ==, "case");
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (entry)));

  /* Nothing found says so. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");
  monia_search_page_set_text (page, "Zzyzxnotthere");
  g_assert_cmpstr (monia_search_page_get_state (page), ==, "none");
  /* Enter then opens nothing. */
  g_assert_false (monia_search_page_activate_first (page));
  g_assert_cmpstr (visible_page (window), ==, "search");

  /* Escape leaves search, back where it was. */
  g_signal_emit_by_name (entry, "stop-search");
  g_assert_cmpstr (visible_page (window), ==, "case");
  press_back (window, "mine");

  close_window (window);
}

static void
test_narrow (Fixture       *fixture,
             gconstpointer  data)
{
  MoniaWindow *window = present_window (fixture->store, 360);
  AdwLeaflet *leaflet = _monia_window_get_leaflet (window);
  GtkWidget *back = _monia_window_get_back_button (window);

  g_assert_true (adw_leaflet_get_folded (leaflet));
  /* The content is shown, with a way back to the pages. */
  g_assert_true (gtk_widget_get_mapped (back));
  g_assert_cmpstr (visible_page (window), ==, "mine");

  g_assert_true (gtk_widget_activate (back));
  g_assert_true (monia_test_wait_mapped (GTK_WIDGET (_monia_window_get_sidebar (window))));
  g_assert_false (gtk_widget_get_mapped (back));

  activate_sidebar (window, "services");
  g_assert_true (monia_test_wait_mapped (GTK_WIDGET (_monia_window_get_catalogue_page (window))));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (_monia_window_get_sidebar (window))));

  close_window (window);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  gtk_init ();
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/app/navigation/sidebar", test_sidebar_switches_pages);
  ADD ("/app/navigation/case-list-opens-case", test_case_list_opens_case);
  ADD ("/app/navigation/no-author", test_no_author);
  ADD ("/app/navigation/inbox-first", test_inbox_first);
  ADD ("/app/navigation/search", test_search);
  ADD ("/app/navigation/narrow", test_narrow);
#undef ADD

  return g_test_run ();
}
