/* test-sync-ui.c — the sync indicator, the account page, conflicts on the
 * case page and views as audit events, under a display
 *
 * No real server: the offline case logs in to a stand-in that answers only
 * /v1/login and is then shut, so nothing listens on its port.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-test"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <libsoup/soup.h>

#include "monia-app-test-util.h"
#include "monia-case-page-private.h"
#include "monia-core.h"
#include "monia-preferences-window.h"
#include "monia-store-sync.h"
#include "monia-sync-client.h"
#include "monia-window-private.h"

#define ACCOUNT_ID "7d1e3c52-0c4b-4c61-9a3e-5f0e5b9a0a11"

typedef struct
{
  char       *dir;
  MoniaStore *store;
  char       *case_id;
  char       *me;
  char       *other;
} Fixture;

static char *
create (GPtrArray  *batch,
        const char *kind,
        ...)
{
  MoniaMutation *m = monia_mutation_new_create (kind);
  va_list args;

  va_start (args, kind);
  for (const char *field = va_arg (args, const char *); field != NULL; field = va_arg (args, const char *))
    monia_mutation_set_string (m, field, va_arg (args, const char *));
  va_end (args);
  g_ptr_array_add (batch, m);
  return g_strdup (monia_mutation_get_record_id (m));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) monia_mutation_unref);
  g_autofree char *path = NULL;
  g_autofree char *org = NULL;

  fixture->dir = g_dir_make_tmp ("monia-sync-ui-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "monia.db", NULL);
  fixture->store = monia_store_open (path, &error);
  g_assert_no_error (error);

  org = create (batch, "organisation", "name", "Perhetyö", "sector", "wellbeing_area", NULL);
  fixture->me = create (batch, "professional", "name", "Sanna Sosiaalityö", "organisation_id", org, NULL);
  fixture->other = create (batch, "professional", "name", "Kaisa Kuraattori", "organisation_id", org, NULL);
  fixture->case_id = create (batch, "case", "title", "Synthetic family", "status", "open",
                             "opened_on", "2026-01-05", "owner_id", fixture->me, NULL);
  g_assert_true (monia_store_apply (fixture->store, batch, &error));
  g_assert_no_error (error);
  monia_store_set_author (fixture->store, fixture->me);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  monia_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->case_id);
  g_free (fixture->me);
  g_free (fixture->other);
}

/* The indicator --------------------------------------------------------------- */

static gboolean
finished (gpointer user_data)
{
  return *(GAsyncResult **) user_data != NULL;
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
assert_indicator_says (MoniaSyncIndicator *indicator,
                       const char         *label)
{
  GtkWidget *button = adw_bin_get_child (ADW_BIN (indicator));

  g_assert_cmpstr (monia_sync_indicator_get_label (indicator), ==, label);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      monia_sync_indicator_get_description (indicator));
}

static void
test_indicator_not_set_up (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(MoniaSyncClient) client = monia_sync_client_new (fixture->store);
  MoniaWindow *window = monia_window_new (NULL, fixture->store);
  MoniaSyncIndicator *indicator = _monia_window_get_sync_indicator (window);

  monia_sync_client_set_use_keyring (client, FALSE);
  monia_window_set_sync_client (window, client);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (monia_test_wait_mapped (GTK_WIDGET (window)));

  g_assert_cmpint (monia_sync_client_get_state (client), ==, MONIA_SYNC_STATE_NOT_SET_UP);
  assert_indicator_says (indicator, "Not synced: this computer only");
  /* A store that never syncs keeps the header bar quiet. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (indicator)));
  g_assert_false (monia_sync_indicator_get_spinning (indicator));

  monia_test_wait_frames (GTK_WIDGET (window), 3);
  g_assert_cmpint (monia_sync_client_get_state (client), ==, MONIA_SYNC_STATE_NOT_SET_UP);
  g_assert_true (monia_test_destroy_window (GTK_WINDOW (window)));
}

/* Answers /v1/login as a server would; nothing else. */
static void
login_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  static const char body[] = "{\"token\":\"test-token\",\"account\":{\"id\":\"" ACCOUNT_ID "\","
                             "\"name\":\"Sanna Sosiaalityö\",\"role\":\"worker\"}}";

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body, strlen (body));
}

static void
test_indicator_offline (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(MoniaSyncClient) client = monia_sync_client_new (fixture->store);
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  GSList *uris;
  MoniaWindow *window;
  MoniaSyncIndicator *indicator;

  monia_sync_client_set_use_keyring (client, FALSE);
  soup_server_add_handler (server, "/v1/login", login_handler, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  window = monia_window_new (NULL, fixture->store);
  indicator = _monia_window_get_sync_indicator (window);
  monia_window_set_sync_client (window, client);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (monia_test_wait_mapped (GTK_WIDGET (window)));

  monia_sync_client_login_async (client, url, "sanna", "not-a-real-password", NULL, store_result, &result);
  g_assert_true (monia_test_wait_until (finished, &result, 5000));
  g_assert_true (monia_sync_client_login_finish (client, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  /* Now nothing listens there. */
  soup_server_disconnect (server);
  g_clear_object (&server);

  monia_sync_client_sync_async (client, NULL, store_result, &result);
  g_assert_true (monia_test_wait_until (finished, &result, 10000));
  g_assert_false (monia_sync_client_sync_finish (client, result, &error));
  g_assert_error (error, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_OFFLINE);

  g_assert_cmpint (monia_sync_client_get_state (client), ==, MONIA_SYNC_STATE_OFFLINE);
  assert_indicator_says (indicator, "Offline");
  g_assert_cmpstr (monia_sync_indicator_get_description (indicator), ==, error->message);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (indicator)));
  /* The sync failed quickly: no spinner was ever worth showing. */
  g_assert_false (monia_sync_indicator_get_spinning (indicator));

  g_assert_true (monia_test_destroy_window (GTK_WINDOW (window)));
}

static void
test_indicator_login_needed (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(MoniaSyncClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MoniaWindow *window;
  MoniaSyncIndicator *indicator;

  /* Set up once, but this process holds no login. */
  g_assert_true (monia_store_set_sync_setting (fixture->store, "server_url", "http://127.0.0.1:9", NULL));
  g_assert_true (monia_store_set_sync_setting (fixture->store, "login", "sanna", NULL));
  client = monia_sync_client_new (fixture->store);
  monia_sync_client_set_use_keyring (client, FALSE);

  window = monia_window_new (NULL, fixture->store);
  indicator = _monia_window_get_sync_indicator (window);
  monia_window_set_sync_client (window, client);
  assert_indicator_says (indicator, "Not synced yet");

  monia_sync_client_sync_async (client, NULL, store_result, &result);
  g_assert_true (monia_test_wait_until (finished, &result, 5000));
  g_assert_false (monia_sync_client_sync_finish (client, result, &error));
  g_assert_error (error, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_LOGIN_NEEDED);

  assert_indicator_says (indicator, "Login needed to sync");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (indicator)));
  g_assert_true (gtk_widget_has_css_class (adw_bin_get_child (ADW_BIN (indicator)), "warning"));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (adw_bin_get_child (ADW_BIN (indicator)))),
                   ==, "app.preferences");

  g_assert_true (monia_test_destroy_window (GTK_WINDOW (window)));
}

static void
test_last_synced_text (void)
{
  g_autofree char *never = monia_format_last_synced (0, 1000000);
  g_autofree char *now = monia_format_last_synced (1000000 - 20, 1000000);
  g_autofree char *minutes = monia_format_last_synced (1000000 - 5 * 60 - 3, 1000000);
  g_autofree char *hours = monia_format_last_synced (1000000 - 2 * 3600, 1000000);

  g_assert_cmpstr (never, ==, "Not synced yet");
  g_assert_cmpstr (now, ==, "Synced just now");
  g_assert_cmpstr (minutes, ==, "Synced 5 minutes ago");
  g_assert_cmpstr (hours, ==, "Synced 2 hours ago");
}

/* The account page ------------------------------------------------------------ */

static gboolean
has_error (gpointer user_data)
{
  return *_monia_preferences_window_get_error (user_data) != '\0';
}

static void
test_preferences_validation (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(MoniaSyncClient) client = monia_sync_client_new (fixture->store);
  MoniaPreferencesWindow *preferences;
  g_autofree char *server = NULL;

  monia_sync_client_set_use_keyring (client, FALSE);
  preferences = MONIA_PREFERENCES_WINDOW (monia_preferences_window_new (client));
  gtk_window_present (GTK_WINDOW (preferences));
  g_assert_true (monia_test_wait_mapped (GTK_WIDGET (preferences)));

  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (_monia_preferences_window_get_status_row (preferences))),
                   ==, "Not logged in");
  g_assert_cmpstr (_monia_preferences_window_get_error (preferences), ==, "");

  gtk_editable_set_text (_monia_preferences_window_get_url_row (preferences), "monia example");
  gtk_editable_set_text (_monia_preferences_window_get_login_row (preferences), "sanna");
  gtk_editable_set_text (_monia_preferences_window_get_password_row (preferences), "secret");
  g_signal_emit_by_name (_monia_preferences_window_get_login_button (preferences), "clicked");
  g_assert_true (monia_test_wait_until (has_error, preferences, 5000));
  g_assert_cmpstr (_monia_preferences_window_get_error (preferences), ==,
                   "“monia example” is not a server address. Write it like https://monia.example.fi");

  /* Plain http only to this computer. */
  gtk_editable_set_text (_monia_preferences_window_get_url_row (preferences), "http://monia.example.fi");
  g_signal_emit_by_name (_monia_preferences_window_get_login_button (preferences), "clicked");
  g_assert_cmpstr (_monia_preferences_window_get_error (preferences), ==, "");
  g_assert_true (monia_test_wait_until (has_error, preferences, 5000));
  g_assert_true (strstr (_monia_preferences_window_get_error (preferences), "https://") != NULL);

  /* Nothing was kept and nothing started. */
  server = monia_store_get_sync_setting (fixture->store, "server_url");
  g_assert_null (server);
  g_assert_cmpint (monia_sync_client_get_state (client), ==, MONIA_SYNC_STATE_NOT_SET_UP);

  g_assert_true (monia_test_destroy_window (GTK_WINDOW (preferences)));
}

/* The first mapped button under @root labelled @label. */
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

static gboolean
form_hidden (gpointer user_data)
{
  return !gtk_widget_get_mapped (_monia_preferences_window_get_server_group (user_data));
}

static gboolean
form_shown (gpointer user_data)
{
  return gtk_widget_get_mapped (_monia_preferences_window_get_server_group (user_data));
}

/* Logged in, the page shows the account and its buttons, not a password
 * form to fill again; logging out brings the form back, filled but for the
 * password. */
static void
test_preferences_logged_in (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(MoniaSyncClient) client = monia_sync_client_new (fixture->store);
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  MoniaPreferencesWindow *preferences;
  AdwActionRow *status;
  GSList *uris;

  monia_sync_client_set_use_keyring (client, FALSE);
  soup_server_add_handler (server, "/v1/login", login_handler, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  preferences = MONIA_PREFERENCES_WINDOW (monia_preferences_window_new (client));
  status = _monia_preferences_window_get_status_row (preferences);
  gtk_window_present (GTK_WINDOW (preferences));
  g_assert_true (monia_test_wait_mapped (GTK_WIDGET (preferences)));
  g_assert_true (form_shown (preferences));
  monia_test_assert_names_once (GTK_WIDGET (preferences), "the login form");

  gtk_editable_set_text (_monia_preferences_window_get_url_row (preferences), url);
  gtk_editable_set_text (_monia_preferences_window_get_login_row (preferences), "sanna");
  gtk_editable_set_text (_monia_preferences_window_get_password_row (preferences), "not-a-real-password");
  g_signal_emit_by_name (_monia_preferences_window_get_login_button (preferences), "clicked");
  g_assert_true (monia_test_wait_until (form_hidden, preferences, 5000));
  monia_test_assert_names_once (GTK_WIDGET (preferences), "the account page");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (status)), ==, "Sanna Sosiaalityö");
  g_assert_cmpstr (gtk_editable_get_text (_monia_preferences_window_get_password_row (preferences)), ==, "");

  /* The stand-in knows no logout; the token is gone here all the same. */
  monia_sync_client_stop (client);
  g_signal_emit_by_name (find_button (GTK_WIDGET (preferences), "Log _Out"), "clicked");
  g_assert_true (monia_test_wait_until (form_shown, preferences, 5000));
  g_assert_cmpstr (gtk_editable_get_text (_monia_preferences_window_get_login_row (preferences)), ==, "sanna");
  g_assert_cmpstr (gtk_editable_get_text (_monia_preferences_window_get_url_row (preferences)), ==, url);

  g_assert_true (monia_test_destroy_window (GTK_WINDOW (preferences)));
}

/* Conflicts ------------------------------------------------------------------- */

static char *
add_title_conflict (Fixture    *fixture,
                    const char *mine,
                    const char *theirs)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  char *id = g_uuid_string_random ();

  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, "conflict");
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "case_id");
  json_builder_add_string_value (builder, fixture->case_id);
  json_builder_set_member_name (builder, "fields");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "record_kind");
  json_builder_add_string_value (builder, "case");
  json_builder_set_member_name (builder, "record_id");
  json_builder_add_string_value (builder, fixture->case_id);
  json_builder_set_member_name (builder, "field");
  json_builder_add_string_value (builder, "title");
  json_builder_set_member_name (builder, "base");
  json_builder_add_string_value (builder, "Synthetic family");
  json_builder_set_member_name (builder, "mine");
  json_builder_add_string_value (builder, mine);
  json_builder_set_member_name (builder, "mine_by");
  json_builder_add_string_value (builder, fixture->me);
  json_builder_set_member_name (builder, "theirs");
  json_builder_add_string_value (builder, theirs);
  json_builder_set_member_name (builder, "theirs_by");
  json_builder_add_string_value (builder, fixture->other);
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_int_value (builder, 1767600000);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);

  g_assert_true (monia_store_apply_remote (fixture->store, fixture->case_id, 1, json_node_get_array (root), &error));
  g_assert_no_error (error);
  return id;
}

static char *
dup_case_title (Fixture *fixture)
{
  g_autoptr(MoniaRecord) record = monia_store_get (fixture->store, "case", fixture->case_id, NULL);

  return g_strdup (monia_record_get_string (record, "title"));
}

static void
check_conflict_choice (Fixture  *fixture,
                       gboolean  keep_yours)
{
  g_autofree char *conflict_id = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GPtrArray) open = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = monia_case_page_new (fixture->store, fixture->case_id);
  MoniaConflictGroup *group = _monia_case_page_get_conflict_group (MONIA_CASE_PAGE (page));
  const char *subtitle;

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (monia_test_wait_mapped (page));

  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (group)));
  g_assert_cmpuint (_monia_conflict_group_get_n_conflicts (group), ==, 0);

  /* A pull brings a conflict: the page shows it without reopening. */
  conflict_id = add_title_conflict (fixture, "Family Example", "Family Sample");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (group)));
  g_assert_cmpuint (_monia_conflict_group_get_n_conflicts (group), ==, 1);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (_monia_conflict_group_get_row (group, 0))),
                   ==, "Title");
  subtitle = adw_action_row_get_subtitle (_monia_conflict_group_get_row (group, 0));
  g_assert_nonnull (strstr (subtitle, "Yours: Family Example"));
  g_assert_nonnull (strstr (subtitle, "Kaisa Kuraattori"));
  g_assert_nonnull (strstr (subtitle, "Family Sample"));
  monia_test_wait_frames (page, 2);

  g_signal_emit_by_name (_monia_conflict_group_get_keep_button (group, 0, keep_yours), "clicked");

  title = dup_case_title (fixture);
  g_assert_cmpstr (title, ==, keep_yours ? "Family Example" : "Family Sample");
  open = monia_store_list_conflicts (fixture->store, fixture->case_id, TRUE, NULL);
  g_assert_cmpuint (open->len, ==, 0);
  g_assert_cmpuint (_monia_conflict_group_get_n_conflicts (group), ==, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (group)));

  g_assert_true (monia_test_destroy_window (GTK_WINDOW (window)));
}

static void
test_conflict_keep_theirs (Fixture       *fixture,
                           gconstpointer  data)
{
  check_conflict_choice (fixture, FALSE);
}

static void
test_conflict_keep_yours (Fixture       *fixture,
                          gconstpointer  data)
{
  check_conflict_choice (fixture, TRUE);
}

/* Audit ----------------------------------------------------------------------- */

static void
test_view_audit_event (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(MoniaMutation) edit = NULL;
  g_autoptr(GError) error = NULL;
  MoniaRecord *event;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page;

  g_assert_cmpint (monia_store_count (fixture->store, "audit_event"), ==, 0);

  page = monia_case_page_new (fixture->store, fixture->case_id);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (monia_test_wait_mapped (page));
  monia_test_wait_frames (page, 3);

  /* Redrawing and refreshing after an edit are not new views. */
  edit = monia_mutation_new_update ("case", fixture->case_id);
  monia_mutation_set_string (edit, "title", "Synthetic family, renamed");
  g_assert_true (monia_store_apply_one (fixture->store, edit, &error));
  g_assert_no_error (error);
  monia_test_wait_frames (page, 3);
  g_assert_cmpint (monia_store_count (fixture->store, "audit_event"), ==, 1);

  events = monia_store_find (fixture->store, "audit_event", "case_id", fixture->case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  event = g_ptr_array_index (events, 0);
  g_assert_cmpstr (monia_record_get_string (event, "action"), ==, "view");
  g_assert_cmpstr (monia_record_get_string (event, "record_kind"), ==, "case");
  g_assert_cmpstr (monia_record_get_string (event, "record_id"), ==, fixture->case_id);
  g_assert_cmpstr (monia_record_get_string (event, "actor_id"), ==, fixture->me);
  g_assert_cmpstr (monia_record_get_string (event, "device_id"), ==, monia_store_get_device_id (fixture->store));
  g_assert_cmpint (ABS (monia_record_get_int (event, "at", 0) - g_get_real_time () / G_USEC_PER_SEC), <, 60);

  /* Opening it again is another view. */
  gtk_window_set_child (GTK_WINDOW (window), monia_case_page_new (fixture->store, fixture->case_id));
  g_assert_cmpint (monia_store_count (fixture->store, "audit_event"), ==, 2);

  g_assert_true (monia_test_destroy_window (GTK_WINDOW (window)));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  /* GTK's own test backend records what a screen reader would be told. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/sync-ui/last-synced-text", test_last_synced_text);
  g_test_add ("/sync-ui/indicator/not-set-up", Fixture, NULL,
              fixture_set_up, test_indicator_not_set_up, fixture_tear_down);
  g_test_add ("/sync-ui/indicator/login-needed", Fixture, NULL,
              fixture_set_up, test_indicator_login_needed, fixture_tear_down);
  g_test_add ("/sync-ui/indicator/offline", Fixture, NULL,
              fixture_set_up, test_indicator_offline, fixture_tear_down);
  g_test_add ("/sync-ui/preferences/validation", Fixture, NULL,
              fixture_set_up, test_preferences_validation, fixture_tear_down);
  g_test_add ("/sync-ui/preferences/logged-in", Fixture, NULL,
              fixture_set_up, test_preferences_logged_in, fixture_tear_down);
  g_test_add ("/sync-ui/conflict/keep-theirs", Fixture, NULL,
              fixture_set_up, test_conflict_keep_theirs, fixture_tear_down);
  g_test_add ("/sync-ui/conflict/keep-yours", Fixture, NULL,
              fixture_set_up, test_conflict_keep_yours, fixture_tear_down);
  g_test_add ("/sync-ui/audit/view", Fixture, NULL,
              fixture_set_up, test_view_audit_event, fixture_tear_down);

  return g_test_run ();
}
