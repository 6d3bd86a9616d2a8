/* test-inbox.c — the inbox, registering a request by hand and triage,
 * under a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-test"

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>

#include "monia-app-test-util.h"
#include "monia-case-util.h"
#include "monia-core.h"
#include "monia-help-request-row.h"
#include "monia-intake.h"
#include "monia-window-private.h"

typedef struct
{
  char       *dir;
  MoniaStore *store;
  char       *author;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaMutation) me = monia_mutation_new_create ("professional");
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("monia-inbox-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "monia.db", NULL);
  fixture->store = monia_store_open (path, &error);
  g_assert_no_error (error);

  monia_mutation_set_string (me, "name", "Synthetic Intake Worker");
  monia_mutation_set_string (me, "role", "intake");
  monia_store_apply_one (fixture->store, me, &error);
  g_assert_no_error (error);
  fixture->author = g_strdup (monia_mutation_get_record_id (me));
  monia_store_set_author (fixture->store, fixture->author);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->store != NULL)
    g_assert_true (monia_test_finalize_object (fixture->store));
  monia_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->author);
}

static MoniaWindow *
present_window_sized (Fixture *fixture,
                      int      width,
                      int      height)
{
  MoniaWindow *window = monia_window_new (NULL, fixture->store);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (monia_test_wait_mapped (GTK_WIDGET (window)));
  monia_test_wait_frames (GTK_WIDGET (window), 2);
  return window;
}

static MoniaWindow *
present_window (Fixture *fixture)
{
  return present_window_sized (fixture, 900, 600);
}

/* With MONIA_SCREENSHOT_DIR set, a picture of @window there. */
static void
maybe_screenshot (MoniaWindow *window,
                  const char  *name)
{
  const char *dir = g_getenv ("MONIA_SCREENSHOT_DIR");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  path = g_build_filename (dir, name, NULL);
  monia_test_wait_frames (GTK_WIDGET (window), 4);
  g_assert_true (monia_test_save_screenshot (GTK_WIDGET (window), path, &error));
  g_assert_no_error (error);
  g_test_message ("%s", path);
}

static void
close_window (MoniaWindow *window)
{
  g_assert_true (monia_test_destroy_window (GTK_WINDOW (window)));
}

/* A request received @days_ago days ago (through the core, as the form
 * would write it). */
static char *
add_request (Fixture    *fixture,
             const char *channel,
             int         days_ago,
             const char *name,
             const char *topic)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaIntake) intake = monia_intake_new (fixture->store, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) received = g_date_time_add_days (now, -days_ago);
  MoniaIntakeRequest request = {
    .channel = channel,
    .received_at = received,
    .contact_name = name,
    .contact_phone = "000 900 5555",
    .topic = topic,
  };
  char *id = monia_intake_register (intake, &request, &error);

  g_assert_no_error (error);
  return id;
}

static MoniaHelpRequestRow *
get_row (MoniaWindow *window,
         int          index)
{
  GtkListBox *list = monia_inbox_page_get_list_box (_monia_window_get_inbox_page (window));
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, index);

  g_assert_true (row == NULL || MONIA_IS_HELP_REQUEST_ROW (row));
  return (MoniaHelpRequestRow *) row;
}

static guint
count_rows (MoniaWindow *window)
{
  guint n = 0;

  while (n < 1000 && get_row (window, n) != NULL)
    n++;
  return n;
}

static void
test_inbox_order_and_countdown (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *web = add_request (fixture, MONIA_CHANNEL_WEB, 0, "Testi Testinen", "Sleepless baby");
  g_autofree char *late = add_request (fixture, MONIA_CHANNEL_CALLBACK, 21, "Testi Myöhäinen", "Teenager at night");
  g_autofree char *notification = add_request (fixture, MONIA_CHANNEL_NOTIFICATION, 0, "Synthetic School", "Absences");
  g_autoptr(GDateTime) far_future = NULL;
  MoniaWindow *window;
  MoniaHelpRequestRow *row;
  GtkLabel *countdown;
  GtkStack *stack;

  window = present_window (fixture);

  /* Open requests wait: the window starts on the inbox. */
  stack = _monia_window_get_stack (window);
  g_assert_cmpstr (_monia_window_get_section (window), ==, "inbox");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "inbox");
  g_assert_cmpstr (monia_inbox_page_get_state (_monia_window_get_inbox_page (window)), ==, "requests");
  g_assert_cmpstr (_monia_window_get_sidebar_count (window, "inbox"), ==, "3");
  g_assert_cmpuint (count_rows (window), ==, 3);

  /* Today's arrivals first, the one due first on top: the web request (3
   * working days), then the notification (7 working days); then the
   * overdue callback from three weeks ago. Each group under its heading. */
  row = get_row (window, 0);
  g_assert_cmpstr (monia_record_get_id (monia_help_request_row_get_request (row)), ==, web);
  countdown = monia_help_request_row_get_countdown_label (row);
  g_assert_false (monia_help_request_row_is_overdue (row));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (countdown), "error"));
  g_assert_true (g_str_has_suffix (gtk_label_get_text (countdown), "working days left") ||
                 g_str_has_suffix (gtk_label_get_text (countdown), "working day left"));
  g_assert_nonnull (gtk_list_box_row_get_header (GTK_LIST_BOX_ROW (row)));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_header (GTK_LIST_BOX_ROW (row)))), ==,
                   "New Today");
  /* The promise as a day and a time, this year's without a year. */
  {
    MoniaIntake *intake = _monia_window_get_intake (window);
    g_autoptr(MoniaRecord) record = monia_store_get (fixture->store, "help_request", web, NULL);
    g_autofree char *due = monia_intake_format_due (intake, monia_intake_get_due_at (intake, record), NULL);
    const char *shown = gtk_label_get_text (monia_help_request_row_get_due_label (row));

    g_assert_cmpstr (shown, ==, due);
    g_assert_true (g_str_has_prefix (shown, "by "));
    g_assert_true (g_str_has_suffix (shown, " 24:00"));
    g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (monia_help_request_row_get_due_label (row))));
  }

  row = get_row (window, 1);
  g_assert_cmpstr (monia_record_get_id (monia_help_request_row_get_request (row)), ==, notification);
  g_assert_true (g_str_has_suffix (gtk_label_get_text (monia_help_request_row_get_countdown_label (row)),
                                   "working days left"));
  g_assert_null (gtk_list_box_row_get_header (GTK_LIST_BOX_ROW (row)));

  row = get_row (window, 2);
  g_assert_cmpstr (monia_record_get_id (monia_help_request_row_get_request (row)), ==, late);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_header (GTK_LIST_BOX_ROW (row)))), ==,
                   "Overdue");
  countdown = monia_help_request_row_get_countdown_label (row);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (countdown), "Overdue by "));
  g_assert_true (monia_help_request_row_is_overdue (row));
  /* Marked by more than colour: an icon besides the error style. */
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (countdown), "error"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (countdown)));
  g_assert_nonnull (monia_test_find_label (GTK_WIDGET (row), "Teenager at night"));
  {
    gboolean icon_shown = FALSE;

    for (GtkWidget *w = gtk_widget_get_first_child (gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (countdown))));
         w != NULL; w = gtk_widget_get_next_sibling (w))
      if (GTK_IS_IMAGE (w) && gtk_widget_get_mapped (w) &&
          g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (w)), "alarm-symbolic") == 0)
        icon_shown = TRUE;
    g_assert_true (icon_shown);
  }

  /* Two months on, every one of them is late. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();

    far_future = g_date_time_add_months (now, 2);
  }
  monia_inbox_page_update_countdowns (_monia_window_get_inbox_page (window), far_future);
  for (int i = 0; i < 3; i++)
    {
      row = get_row (window, i);
      g_assert_true (monia_help_request_row_is_overdue (row));
      g_assert_true (g_str_has_prefix (gtk_label_get_text (monia_help_request_row_get_countdown_label (row)),
                                       "Overdue by "));
    }

  close_window (window);
}

static gboolean
register_dialog_gone (gpointer user_data)
{
  return _monia_window_get_register_dialog (MONIA_WINDOW (user_data)) == NULL;
}

static gboolean
triage_dialog_gone (gpointer user_data)
{
  return _monia_window_get_triage_dialog (MONIA_WINDOW (user_data)) == NULL;
}

static guint
channel_index (const char *channel)
{
  const char * const *channels = monia_intake_get_channels ();

  for (guint i = 0; channels[i] != NULL; i++)
    if (g_str_equal (channels[i], channel))
      return i;
  g_assert_not_reached ();
}

static MoniaRegisterRequestDialog *
open_register_dialog (MoniaWindow *window)
{
  MoniaRegisterRequestDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.register-request", NULL));
  dialog = _monia_window_get_register_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_true (monia_test_wait_mapped (GTK_WIDGET (dialog)));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  return dialog;
}

static void
test_inbox_register_by_hand (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) open = NULL;
  g_autoptr(MoniaRecord) request = NULL;
  g_autoptr(MoniaRecord) anonymous = NULL;
  MoniaRegisterRequestDialog *dialog;
  MoniaWindow *window;
  GtkWidget *register_button;
  MoniaCountdown countdown;
  g_autoptr(MoniaIntake) intake = monia_intake_new (fixture->store, NULL);

  window = present_window (fixture);
  /* Nothing waits: the start is elsewhere, and the inbox says it is empty. */
  g_assert_cmpstr (_monia_window_get_section (window), !=, "inbox");
  monia_window_show_section (window, "inbox");
  g_assert_cmpstr (monia_inbox_page_get_state (_monia_window_get_inbox_page (window)), ==, "empty");
  g_assert_nonnull (monia_test_find_label (GTK_WIDGET (window), "No Open Help Requests"));

  dialog = open_register_dialog (window);
  register_button = _monia_register_request_dialog_get_register_button (dialog);
  monia_test_assert_names_once (GTK_WIDGET (window), "the window");
  monia_test_assert_names_once (GTK_WIDGET (dialog), "the register dialog");

  /* Nothing to register until it says what it is about. */
  g_assert_false (gtk_widget_is_sensitive (register_button));
  adw_combo_row_set_selected (_monia_register_request_dialog_get_channel_row (dialog),
                              channel_index (MONIA_CHANNEL_CALLBACK));
  gtk_editable_set_text (_monia_register_request_dialog_get_topic_entry (dialog), "   ");
  g_assert_false (gtk_widget_is_sensitive (register_button));
  gtk_editable_set_text (_monia_register_request_dialog_get_topic_entry (dialog), "Worried about sleep");
  g_assert_true (gtk_widget_is_sensitive (register_button));

  /* A callback with nobody to call: the dialog stays and says why. */
  g_assert_true (gtk_widget_activate (register_button));
  g_assert_true (monia_test_wait_mapped (GTK_WIDGET (_monia_register_request_dialog_get_error_label (dialog))));
  g_assert_true (_monia_window_get_register_dialog (window) == dialog);
  g_assert_cmpint (monia_store_count (fixture->store, "help_request"), ==, 0);

  gtk_editable_set_text (_monia_register_request_dialog_get_name_entry (dialog), "Testi Soittaja");
  gtk_editable_set_text (_monia_register_request_dialog_get_phone_entry (dialog), "000 900 4321");
  gtk_editable_set_text (_monia_register_request_dialog_get_message_entry (dialog), "Please call after 4 pm.");
  g_assert_true (gtk_widget_activate (register_button));
  g_assert_true (monia_test_wait_until (register_dialog_gone, window, 5000));

  g_assert_cmpint (monia_store_count (fixture->store, "help_request"), ==, 1);
  open = monia_store_list_open_help_requests (fixture->store);
  g_assert_cmpuint (g_list_model_get_n_items (open), ==, 1);
  request = g_list_model_get_item (open, 0);
  g_assert_cmpstr (monia_record_get_string (request, "channel"), ==, MONIA_CHANNEL_CALLBACK);
  g_assert_cmpstr (monia_record_get_string (request, "contact_name"), ==, "Testi Soittaja");
  g_assert_cmpstr (monia_record_get_string (request, "contact_phone"), ==, "000 900 4321");
  g_assert_cmpstr (monia_record_get_string (request, "topic"), ==, "Worried about sleep");
  g_assert_cmpstr (monia_record_get_string (request, "message"), ==, "Please call after 4 pm.");
  g_assert_false (monia_record_get_bool (request, "anonymous"));
  /* A callback is promised for the next working day. */
  g_assert_cmpint (monia_record_get_int (request, "promise_working_days", 0), ==, 1);
  monia_intake_get_countdown (intake, monia_record_get_int (request, "due_at", 0), NULL, &countdown);
  g_assert_false (countdown.overdue);
  g_assert_cmpint (countdown.working_days, <=, 1);

  /* It shows in the inbox at once. */
  g_assert_cmpstr (_monia_window_get_section (window), ==, "inbox");
  g_assert_cmpuint (count_rows (window), ==, 1);
  g_assert_cmpstr (_monia_window_get_last_toast (window), ==, "Help request registered");
  g_assert_cmpstr (_monia_window_get_sidebar_count (window, "inbox"), ==, "1");

  /* Anonymous: the name typed is not kept. */
  dialog = open_register_dialog (window);
  adw_combo_row_set_selected (_monia_register_request_dialog_get_channel_row (dialog),
                              channel_index (MONIA_CHANNEL_PHONE));
  gtk_editable_set_text (_monia_register_request_dialog_get_name_entry (dialog), "Should Not Stay");
  gtk_switch_set_active (_monia_register_request_dialog_get_anonymous (dialog), TRUE);
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (_monia_register_request_dialog_get_name_entry (dialog))));
  gtk_editable_set_text (_monia_register_request_dialog_get_topic_entry (dialog), "A parent's drinking");
  g_assert_true (gtk_widget_activate (_monia_register_request_dialog_get_register_button (dialog)));
  g_assert_true (monia_test_wait_until (register_dialog_gone, window, 5000));
  g_assert_cmpuint (g_list_model_get_n_items (open), ==, 2);
  g_assert_cmpuint (count_rows (window), ==, 2);
  anonymous = g_list_model_get_item (open, 1);
  g_assert_cmpstr (monia_record_get_string (anonymous, "channel"), ==, MONIA_CHANNEL_PHONE);
  g_assert_true (monia_record_get_bool (anonymous, "anonymous"));
  g_assert_null (monia_record_get_string (anonymous, "contact_name"));

  close_window (window);
}

static MoniaTriageDialog *
open_triage (MoniaWindow *window,
             int          index)
{
  MoniaTriageDialog *dialog;

  g_assert_true (gtk_widget_activate (GTK_WIDGET (get_row (window, index))));
  dialog = _monia_window_get_triage_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_true (monia_test_wait_mapped (GTK_WIDGET (dialog)));
  return dialog;
}

static char *
add_service (Fixture    *fixture,
             const char *name,
             const char *provider,
             const char *sector,
             const char *area)
{
  g_autoptr(GError) error = NULL;
  MoniaServiceSpec spec;
  char *id;

  monia_service_spec_init (&spec);
  spec.name = name;
  spec.provider = provider;
  spec.sector = sector;
  spec.area = area;
  id = monia_catalogue_add_service (fixture->store, &spec, &error);
  g_assert_no_error (error);
  return id;
}

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* With MONIA_SCREENSHOT_DIR set, @widget (a window, or a popover in it)
 * with @window 1280 and 360 px wide. */
static void
shoot_both_widths (GtkWindow  *window,
                   GtkWidget  *widget,
                   const char *name)
{
  static const int widths[] = { 1280, 360 };
  const char *dir = g_getenv ("MONIA_SCREENSHOT_DIR");
  int width, height;

  if (dir == NULL)
    return;
  gtk_window_get_default_size (window, &width, &height);
  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_strdup_printf ("%s/%s-%d.png", dir, name, widths[i]);

      gtk_window_set_default_size (window, widths[i], 720);
      monia_test_wait_frames (GTK_WIDGET (window), 4);
      g_assert_true (monia_test_save_screenshot (widget, path, &error));
      g_assert_no_error (error);
      g_test_message ("%s", path);
    }
  gtk_window_set_default_size (window, width, height);
}

/* Directed to a service: the catalogue is a searchable list by name, each
 * service with who provides it, its sector and its area, so that two of
 * one name are told apart; the one found is the one recorded. */
static void
test_inbox_triage_service (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *request_id = add_request (fixture, MONIA_CHANNEL_CALLBACK, 0, "Testi Perhe", "Sleep");
  g_autofree char *public_id = add_service (fixture, "Perheneuvola", "Hyvinvointialue", "public", "Koivula");
  g_autofree char *parish_id = add_service (fixture, "Perheneuvola", "Seurakunta", "parish", "Koivula");
  g_autofree char *shelter_id = add_service (fixture, "Ensikoti", "Järjestö ry", "third_sector", NULL);
  g_autoptr(MoniaRecord) request = NULL;
  g_autoptr(MoniaChoice) first = NULL;
  g_autoptr(MoniaChoice) second = NULL;
  g_autoptr(GError) error = NULL;
  MoniaTriageDialog *dialog;
  MoniaPickerRow *picker;
  GListModel *choices;
  GtkWidget *popover, *entry;
  MoniaWindow *window;

  window = present_window (fixture);
  dialog = open_triage (window, 0);
  monia_triage_dialog_set_outcome (dialog, MONIA_OUTCOME_SERVICE);
  picker = _monia_triage_dialog_get_service_row (dialog);
  g_assert_true (monia_test_wait_mapped (GTK_WIDGET (picker)));
  g_assert_true (gtk_widget_is_sensitive (_monia_triage_dialog_get_record_button (dialog)));

  choices = monia_picker_row_get_choices (picker);
  g_assert_cmpuint (g_list_model_get_n_items (choices), ==, 3);
  first = g_list_model_get_item (choices, 0);
  second = g_list_model_get_item (choices, 1);
  g_assert_cmpstr (monia_choice_get_title (first), ==, "Ensikoti");
  g_assert_cmpstr (monia_choice_get_subtitle (first), ==, "Järjestö ry · Third Sector");
  g_assert_cmpstr (monia_choice_get_title (second), ==, "Perheneuvola");
  g_assert_cmpstr (monia_choice_get_subtitle (second), ==, "Hyvinvointialue · Public · Koivula");
  monia_test_assert_names_once (GTK_WIDGET (dialog), "the triage dialog's services");
  shoot_both_widths (GTK_WINDOW (dialog), GTK_WIDGET (dialog), "triage-service");

  /* Found by its provider, chosen with Enter. */
  monia_picker_row_popup (picker);
  monia_test_wait_frames (GTK_WIDGET (picker), 3);
  popover = find_widget (GTK_WIDGET (picker), GTK_TYPE_POPOVER);
  g_assert_true (gtk_widget_get_mapped (popover));
  entry = find_widget (popover, GTK_TYPE_SEARCH_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (entry), "seurak");
  monia_test_wait_frames (entry, 20);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (find_widget (popover, GTK_TYPE_LIST_VIEW))))),
                    ==, 1);
  shoot_both_widths (GTK_WINDOW (dialog), popover, "triage-service-search");
  g_signal_emit_by_name (entry, "activate");
  monia_test_wait_frames (GTK_WIDGET (picker), 3);
  g_assert_cmpstr (monia_picker_row_get_selected_id (picker), ==, parish_id);

  g_assert_true (gtk_widget_activate (_monia_triage_dialog_get_record_button (dialog)));
  g_assert_true (monia_test_wait_until (triage_dialog_gone, window, 5000));
  request = monia_store_get (fixture->store, "help_request", request_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (monia_record_get_string (request, "outcome"), ==, MONIA_OUTCOME_SERVICE);
  g_assert_cmpstr (monia_record_get_string (request, "service_id"), ==, parish_id);
  g_assert_cmpstr (_monia_window_get_last_toast (window), ==, "Directed to a service");

  close_window (window);
}

static void
test_inbox_triage (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = add_request (fixture, MONIA_CHANNEL_WEB, 10, "Testi Neuvottava", "Bedtime routines");
  g_autofree char *second = add_request (fixture, MONIA_CHANNEL_CALLBACK, 0, "Testi Perhe", "School absences");
  g_autoptr(MoniaRecord) advised = NULL;
  g_autoptr(MoniaRecord) reopened = NULL;
  g_autoptr(MoniaRecord) to_case = NULL;
  g_autoptr(MoniaRecord) case_ = NULL;
  g_autoptr(GPtrArray) links = NULL;
  MoniaTriageDialog *dialog;
  MoniaWindow *window;
  const char *case_id;

  window = present_window (fixture);
  g_assert_cmpuint (count_rows (window), ==, 2);
  /* Today's new callback first, the overdue one after. */
  g_assert_cmpstr (monia_record_get_id (monia_help_request_row_get_request (get_row (window, 0))), ==, second);
  g_assert_cmpstr (monia_record_get_id (monia_help_request_row_get_request (get_row (window, 1))), ==, first);

  /* Advice: nothing chosen yet, nothing can be recorded. */
  dialog = open_triage (window, 1);
  g_assert_cmpstr (monia_record_get_id (monia_triage_dialog_get_request (dialog)), ==, first);
  g_assert_false (gtk_widget_is_sensitive (_monia_triage_dialog_get_record_button (dialog)));
  monia_triage_dialog_set_outcome (dialog, MONIA_OUTCOME_ADVICE);
  g_assert_true (gtk_widget_is_sensitive (_monia_triage_dialog_get_record_button (dialog)));
  g_assert_true (gtk_widget_activate (_monia_triage_dialog_get_record_button (dialog)));
  g_assert_true (monia_test_wait_until (triage_dialog_gone, window, 5000));

  advised = monia_store_get (fixture->store, "help_request", first, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (monia_record_get_string (advised, "outcome"), ==, MONIA_OUTCOME_ADVICE);
  g_assert_cmpstr (monia_record_get_string (advised, "outcome_by"), ==, fixture->author);
  g_assert_cmpint (monia_record_get_int (advised, "outcome_at", 0), >, 0);
  g_assert_cmpuint (count_rows (window), ==, 1);
  g_assert_cmpstr (_monia_window_get_last_toast (window), ==, "Marked as advice given");

  /* The toast's Undo opens it again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo-triage", "s", first));
  reopened = monia_store_get (fixture->store, "help_request", first, &error);
  g_assert_no_error (error);
  g_assert_null (monia_record_get_string (reopened, "outcome"));
  g_assert_cmpuint (count_rows (window), ==, 2);

  /* A case, pre-filled from the request. */
  dialog = open_triage (window, 0);
  g_assert_cmpstr (monia_record_get_id (monia_triage_dialog_get_request (dialog)), ==, second);
  monia_triage_dialog_set_outcome (dialog, MONIA_OUTCOME_CASE);
  g_assert_true (monia_test_wait_mapped (GTK_WIDGET (_monia_triage_dialog_get_case_title_entry (dialog))));
  monia_test_assert_names_once (GTK_WIDGET (dialog), "the triage dialog");
  g_assert_cmpstr (gtk_editable_get_text (_monia_triage_dialog_get_case_title_entry (dialog)), ==,
                   "Testi Perhe – School absences");
  g_assert_cmpstr (gtk_editable_get_text (_monia_triage_dialog_get_person_entry (dialog)), ==, "Testi Perhe");
  gtk_editable_set_text (_monia_triage_dialog_get_case_title_entry (dialog), "Perhe family");
  g_assert_true (gtk_widget_activate (_monia_triage_dialog_get_record_button (dialog)));
  g_assert_true (monia_test_wait_until (triage_dialog_gone, window, 5000));

  to_case = monia_store_get (fixture->store, "help_request", second, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (monia_record_get_string (to_case, "outcome"), ==, MONIA_OUTCOME_CASE);
  g_assert_cmpstr (monia_record_get_string (to_case, "outcome_by"), ==, fixture->author);
  case_id = monia_record_get_string (to_case, "case_id");
  g_assert_nonnull (case_id);
  case_ = monia_store_get (fixture->store, "case", case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (monia_record_get_string (case_, "title"), ==, "Perhe family");
  g_assert_cmpstr (monia_record_get_string (case_, "owner_id"), ==, fixture->author);
  links = monia_store_find (fixture->store, "case_person", "case_id", case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (links->len, ==, 1);
  g_assert_cmpstr (_monia_window_get_last_toast (window), ==, "Case opened");

  /* It left the inbox and is now one of "My Cases". */
  g_assert_cmpuint (count_rows (window), ==, 1);
  g_assert_cmpstr (_monia_window_get_sidebar_count (window, "mine"), ==, "1");

  /* The toast's Open shows it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-case", "s", case_id));
  g_assert_cmpstr (_monia_window_get_shown_case_id (window), ==, case_id);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (_monia_window_get_stack (window)), ==, "case");

  close_window (window);
}

static gboolean
has_first_batch (gpointer user_data)
{
  return count_rows (user_data) == 30;
}

/* A region's inbox can hold thousands: the list shows the ones due first a
 * batch at a time, and "Show More Requests" adds the next batch. */
static void
test_inbox_shows_a_batch (Fixture       *fixture,
                          gconstpointer  data)
{
  GtkButton *more;
  MoniaWindow *window;
  guint n_first;

  for (int i = 0; i < 70; i++)
    {
      g_autofree char *topic = g_strdup_printf ("Request %d", i);
      g_autofree char *id = add_request (fixture, MONIA_CHANNEL_CALLBACK, i % 20, "Testi Testinen", topic);
    }

  window = present_window (fixture);
  more = monia_inbox_page_get_more_button (_monia_window_get_inbox_page (window));
  g_assert_cmpstr (_monia_window_get_sidebar_count (window, "inbox"), ==, "70");

  /* The first batch: fewer rows than requests. A screenful comes with the
   * window's first frame, the rest of the batch just after it. */
  g_assert_cmpuint (count_rows (window), >=, 10);
  g_assert_true (monia_test_wait_until (has_first_batch, window, 5000));
  n_first = count_rows (window);
  g_assert_cmpuint (n_first, <, 70);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (more)));
  g_assert_cmpstr (gtk_button_get_label (more), ==, "Show _More Requests");

  /* Each click adds a batch, until all are shown and the button goes. */
  for (int i = 0; i < 10 && gtk_widget_get_visible (GTK_WIDGET (more)); i++)
    {
      guint before = count_rows (window);

      g_signal_emit_by_name (more, "clicked");
      g_assert_cmpuint (count_rows (window), >, before);
    }
  g_assert_cmpuint (count_rows (window), ==, 70);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (more)));

  close_window (window);
}

static GtkAdjustment *
inbox_scroll (MoniaWindow *window)
{
  GtkWidget *list = GTK_WIDGET (monia_inbox_page_get_list_box (_monia_window_get_inbox_page (window)));
  GtkWidget *scrolled = gtk_widget_get_ancestor (list, GTK_TYPE_SCROLLED_WINDOW);

  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
}

/* Triaging a request far down the list leaves the list where it was, with
 * the next request where the answered one was, ready for the next. */
static void
test_inbox_keeps_place (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *answered = NULL;
  g_autofree char *next = NULL;
  GtkAdjustment *scroll;
  MoniaTriageDialog *dialog;
  MoniaWindow *window;
  GtkWidget *row;
  graphene_point_t top;
  double before;

  for (int i = 0; i < 30; i++)
    {
      g_autofree char *topic = g_strdup_printf ("Request %02d", i);
      g_autofree char *id = add_request (fixture, MONIA_CHANNEL_CALLBACK, 2 + i, "Testi Testinen", topic);
    }

  window = present_window (fixture);
  g_assert_true (monia_test_wait_until (has_first_batch, window, 5000));
  monia_test_wait_frames (GTK_WIDGET (window), 3);
  scroll = inbox_scroll (window);

  /* Down to the 20th, as a person scrolling would, and open it. */
  row = GTK_WIDGET (get_row (window, 20));
  g_assert_true (gtk_widget_compute_point (row, GTK_WIDGET (monia_inbox_page_get_list_box (_monia_window_get_inbox_page (window))),
                                           &GRAPHENE_POINT_INIT (0, 0), &top));
  gtk_adjustment_set_value (scroll, top.y);
  monia_test_wait_frames (GTK_WIDGET (window), 3);
  before = gtk_adjustment_get_value (scroll);
  g_assert_cmpfloat (before, >, 100);
  answered = g_strdup (monia_record_get_id (monia_help_request_row_get_request (MONIA_HELP_REQUEST_ROW (row))));
  next = g_strdup (monia_record_get_id (monia_help_request_row_get_request (get_row (window, 21))));
  gtk_widget_grab_focus (row);
  dialog = open_triage (window, 20);
  g_assert_cmpstr (monia_record_get_id (monia_triage_dialog_get_request (dialog)), ==, answered);
  monia_triage_dialog_set_outcome (dialog, MONIA_OUTCOME_ADVICE);
  g_assert_true (gtk_widget_activate (_monia_triage_dialog_get_record_button (dialog)));
  g_assert_true (monia_test_wait_until (triage_dialog_gone, window, 5000));
  monia_test_wait_frames (GTK_WIDGET (window), 4);

  /* Where it was, and the next one in its place, with the focus. */
  g_assert_cmpfloat (fabs (gtk_adjustment_get_value (scroll) - before), <, 60);
  row = GTK_WIDGET (get_row (window, 20));
  g_assert_cmpstr (monia_record_get_id (monia_help_request_row_get_request (MONIA_HELP_REQUEST_ROW (row))), ==, next);
  g_assert_true (gtk_widget_has_focus (row));

  close_window (window);
}

static gboolean
says_future (gpointer user_data)
{
  return g_str_has_prefix (gtk_label_get_text (GTK_LABEL (user_data)), "The request cannot have arrived later than now.");
}

/* A call taken yesterday morning, logged now: it keeps its real arrival
 * time, and the promise counts from then. A time that cannot be read, or
 * one still to come, is said at the field and nothing is written. */
static void
test_inbox_register_arrival_time (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) open = NULL;
  g_autoptr(MoniaRecord) request = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) yesterday_morning = NULL;
  g_autoptr(GDateTime) promised = NULL;
  MoniaRegisterRequestDialog *dialog;
  MoniaWindow *window;
  GtkEditable *time;
  GtkLabel *error_label;
  GDate day;

  {
    g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);

    yesterday_morning = g_date_time_new_local (g_date_time_get_year (yesterday), g_date_time_get_month (yesterday),
                                               g_date_time_get_day_of_month (yesterday), 9, 15, 0);
  }

  window = present_window (fixture);
  dialog = open_register_dialog (window);
  time = _monia_register_request_dialog_get_received_time_entry (dialog);
  error_label = _monia_register_request_dialog_get_error_label (dialog);

  /* Now, unless told otherwise. */
  g_assert_true (monia_date_row_get_date (_monia_register_request_dialog_get_received_day_row (dialog), &day));
  {
    GDate today;

    monia_get_today (&today);
    g_assert_cmpint (g_date_compare (&day, &today), ==, 0);
  }
  g_assert_true (g_regex_match_simple ("^[0-2][0-9]:[0-5][0-9]$", gtk_editable_get_text (time), 0, 0));

  adw_combo_row_set_selected (_monia_register_request_dialog_get_channel_row (dialog),
                              channel_index (MONIA_CHANNEL_PHONE));
  gtk_editable_set_text (_monia_register_request_dialog_get_name_entry (dialog), "Testi Soittaja");
  gtk_editable_set_text (_monia_register_request_dialog_get_topic_entry (dialog), "Called yesterday morning");

  /* A time that cannot be read. */
  gtk_editable_set_text (time, "25.99");
  g_assert_true (gtk_widget_activate (_monia_register_request_dialog_get_register_button (dialog)));
  g_assert_true (monia_test_wait_mapped (GTK_WIDGET (error_label)));
  g_assert_cmpstr (gtk_label_get_text (error_label), ==,
                   "Write the time the request came in as hours and minutes, such as 14:30.");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (time), "error"));
  g_assert_cmpint (monia_store_count (fixture->store, "help_request"), ==, 0);

  /* Tomorrow has not come yet. */
  {
    g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);

    g_date_clear (&day, 1);
    g_date_set_dmy (&day, g_date_time_get_day_of_month (tomorrow), g_date_time_get_month (tomorrow),
                    g_date_time_get_year (tomorrow));
  }
  monia_date_row_choose (_monia_register_request_dialog_get_received_day_row (dialog), &day);
  gtk_editable_set_text (time, "9.15");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (time), "error"));
  g_assert_true (gtk_widget_activate (_monia_register_request_dialog_get_register_button (dialog)));
  g_assert_true (monia_test_wait_until (says_future, error_label, 5000));
  g_assert_cmpint (monia_store_count (fixture->store, "help_request"), ==, 0);

  /* Yesterday at 9.15. */
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (yesterday_morning), g_date_time_get_month (yesterday_morning),
                  g_date_time_get_year (yesterday_morning));
  monia_date_row_choose (_monia_register_request_dialog_get_received_day_row (dialog), &day);
  g_assert_true (gtk_widget_activate (_monia_register_request_dialog_get_register_button (dialog)));
  g_assert_true (monia_test_wait_until (register_dialog_gone, window, 5000));

  open = monia_store_list_open_help_requests (fixture->store);
  g_assert_cmpuint (g_list_model_get_n_items (open), ==, 1);
  request = g_list_model_get_item (open, 0);
  g_assert_cmpint (monia_record_get_int (request, "received_at", 0), ==, g_date_time_to_unix (yesterday_morning));
  /* A call is answered by the end of the next working day after it came. */
  promised = monia_calendar_promise_deadline (monia_intake_get_calendar (_monia_window_get_intake (window)),
                                              yesterday_morning, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (monia_record_get_int (request, "due_at", 0), ==, g_date_time_to_unix (promised));

  close_window (window);
}

/* Requests of one channel, or only what must be answered today; nothing
 * matching is said so, the filters still there to change. */
static void
test_inbox_filters (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *overdue = add_request (fixture, MONIA_CHANNEL_CALLBACK, 12, "Testi Myöhässä", "Overdue callback");
  g_autofree char *web = add_request (fixture, MONIA_CHANNEL_WEB, 0, "Testi Uusi", "New from the button");
  g_autofree char *consultation = add_request (fixture, MONIA_CHANNEL_CONSULTATION, 0, "Testi Koulu",
                                               "School nurse asks");
  g_autofree char *last_year = add_request (fixture, MONIA_CHANNEL_NOTIFICATION, 400, "Synthetic School",
                                            "Absences since autumn");
  MoniaInboxPage *page;
  MoniaWindow *window;
  GListModel *shown;
  GtkDropDown *channel;

  window = present_window_sized (fixture, 1280, 720);
  page = _monia_window_get_inbox_page (window);
  shown = monia_inbox_page_get_shown_requests (page);
  channel = _monia_inbox_page_get_channel_chooser (page);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (channel)));
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 4);
  maybe_screenshot (window, "inbox-1280.png");

  /* An arrival of another year says its year. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GDateTime) then = g_date_time_add_days (now, -400);
    g_autofree char *year = g_strdup_printf (" %d, ", g_date_time_get_year (then));
    g_autofree char *this_year = g_strdup_printf (" %d, ", g_date_time_get_year (now));
    const char *subtitle;

    for (guint i = 0; i < 4; i++)
      {
        MoniaHelpRequestRow *row = get_row (window, i);

        subtitle = gtk_label_get_text (monia_help_request_row_get_subtitle_label (row));
        if (g_strcmp0 (monia_record_get_id (monia_help_request_row_get_request (row)), last_year) == 0)
          g_assert_nonnull (strstr (subtitle, year));
        else
          g_assert_null (strstr (subtitle, this_year));
      }
  }

  /* The button only. */
  gtk_drop_down_set_selected (channel, channel_index (MONIA_CHANNEL_WEB) + 1);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  g_assert_cmpuint (count_rows (window), ==, 1);
  g_assert_cmpstr (monia_record_get_id (monia_help_request_row_get_request (get_row (window, 0))), ==, web);

  /* Due today, of every channel: the overdue ones, the longest overdue on top. */
  gtk_drop_down_set_selected (channel, 0);
  gtk_toggle_button_set_active (_monia_inbox_page_get_due_today_button (page), TRUE);
  g_assert_cmpuint (count_rows (window), ==, 2);
  g_assert_cmpstr (monia_record_get_id (monia_help_request_row_get_request (get_row (window, 0))), ==, last_year);
  g_assert_cmpstr (monia_record_get_id (monia_help_request_row_get_request (get_row (window, 1))), ==, overdue);

  /* Due today and the button: none. */
  gtk_drop_down_set_selected (channel, channel_index (MONIA_CHANNEL_WEB) + 1);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 0);
  g_assert_cmpstr (monia_inbox_page_get_state (page), ==, "no-match");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (channel)));
  g_assert_nonnull (monia_test_find_label (GTK_WIDGET (page), "No Matching Requests"));

  gtk_toggle_button_set_active (_monia_inbox_page_get_due_today_button (page), FALSE);
  gtk_drop_down_set_selected (channel, 0);
  g_assert_cmpstr (monia_inbox_page_get_state (page), ==, "requests");
  g_assert_cmpuint (count_rows (window), ==, 4);
  /* The sidebar counts every open request, whatever is shown. */
  g_assert_cmpstr (_monia_window_get_sidebar_count (window, "inbox"), ==, "4");
  (void) consultation;
  close_window (window);

  /* On a phone: the filters and each row's promise in full. */
  window = present_window_sized (fixture, 360, 720);
  page = _monia_window_get_inbox_page (window);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (_monia_inbox_page_get_channel_chooser (page))));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (_monia_inbox_page_get_due_today_button (page))));
  {
    GtkLabel *due = monia_help_request_row_get_due_label (get_row (window, 0));

    g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (due)));
    g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (due)));
  }
  maybe_screenshot (window, "inbox-360.png");
  close_window (window);
}

/* An anonymous request from the public form: its code is shown, and the
 * reply the family reads by it is written in the triage dialog. */
static void
test_inbox_anonymous_reply (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(MoniaMutation) create = monia_mutation_new_create ("help_request");
  g_autoptr(MoniaRecord) replied = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaIntake) intake = monia_intake_new (fixture->store, NULL);
  MoniaTriageDialog *dialog;
  MoniaWindow *window;
  GtkTextBuffer *buffer;

  monia_mutation_set_string (create, "channel", MONIA_CHANNEL_WEB);
  monia_mutation_set_int (create, "received_at", g_get_real_time () / G_USEC_PER_SEC);
  monia_mutation_set_bool (create, "anonymous", TRUE);
  monia_mutation_set_string (create, "message", "Synthetic worry");
  monia_mutation_set_string (create, "reference", "KX4P-7RTM-2QHD");
  monia_store_apply_one (fixture->store, create, &error);
  g_assert_no_error (error);
  replied = monia_store_get (fixture->store, "help_request", monia_mutation_get_record_id (create), &error);
  g_assert_true (monia_intake_is_arriving (replied, g_get_real_time () / G_USEC_PER_SEC));
  g_clear_object (&replied);

  window = present_window (fixture);
  dialog = open_triage (window, 0);
  g_assert_true (monia_test_wait_mapped (GTK_WIDGET (_monia_triage_dialog_get_reply_view (dialog))));
  buffer = gtk_text_view_get_buffer (_monia_triage_dialog_get_reply_view (dialog));

  /* An empty reply is refused with a message, nothing written. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "triage.reply", NULL));
  replied = monia_store_get (fixture->store, "help_request", monia_mutation_get_record_id (create), &error);
  g_assert_null (monia_record_get_string (replied, "reply"));
  g_clear_object (&replied);

  gtk_text_buffer_set_text (buffer, "  Welcome to the family centre on Tuesday.  ", -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "triage.reply", NULL));
  replied = monia_store_get (fixture->store, "help_request", monia_mutation_get_record_id (create), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (monia_record_get_string (replied, "reply"), ==, "Welcome to the family centre on Tuesday.");
  g_assert_cmpint (monia_record_get_int (replied, "replied_at", 0), >, 0);
  /* A reply is not an outcome: the request stays in the inbox. */
  g_assert_null (monia_record_get_string (replied, "outcome"));
  g_assert_false (monia_intake_is_arriving (replied, g_get_real_time () / G_USEC_PER_SEC + 3600));

  gtk_window_close (GTK_WINDOW (dialog));
  close_window (window);
}

/* The "from outside the county" switch is offered for a consultation
 * call only, and kept with the request. */
static void
test_inbox_register_consultation (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GListModel) open = NULL;
  g_autoptr(MoniaRecord) request = NULL;
  MoniaRegisterRequestDialog *dialog;
  MoniaWindow *window = present_window (fixture);
  GtkSwitch *outside;

  dialog = open_register_dialog (window);
  outside = _monia_register_request_dialog_get_outside (dialog);
  adw_combo_row_set_selected (_monia_register_request_dialog_get_channel_row (dialog),
                              channel_index (MONIA_CHANNEL_CALLBACK));
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (outside)));
  adw_combo_row_set_selected (_monia_register_request_dialog_get_channel_row (dialog),
                              channel_index (MONIA_CHANNEL_CONSULTATION));
  g_assert_true (monia_test_wait_mapped (GTK_WIDGET (outside)));
  gtk_switch_set_active (outside, TRUE);
  gtk_editable_set_text (_monia_register_request_dialog_get_name_entry (dialog), "Kaisa Kuraattori");
  gtk_editable_set_text (_monia_register_request_dialog_get_topic_entry (dialog), "A pupil's wellbeing");
  g_assert_true (gtk_widget_activate (_monia_register_request_dialog_get_register_button (dialog)));
  g_assert_true (monia_test_wait_until (register_dialog_gone, window, 5000));

  open = monia_store_list_open_help_requests (fixture->store);
  g_assert_cmpuint (g_list_model_get_n_items (open), ==, 1);
  request = g_list_model_get_item (open, 0);
  g_assert_cmpstr (monia_record_get_string (request, "channel"), ==, MONIA_CHANNEL_CONSULTATION);
  g_assert_true (monia_record_get_bool (request, "from_outside_area"));
  g_assert_true (monia_test_destroy_window (GTK_WINDOW (window)));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  gtk_init ();
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/app/inbox/order-and-countdown", Fixture, NULL,
              fixture_set_up, test_inbox_order_and_countdown, fixture_tear_down);
  g_test_add ("/app/inbox/register-by-hand", Fixture, NULL,
              fixture_set_up, test_inbox_register_by_hand, fixture_tear_down);
  g_test_add ("/app/inbox/register-consultation", Fixture, NULL,
              fixture_set_up, test_inbox_register_consultation, fixture_tear_down);
  g_test_add ("/app/inbox/shows-a-batch", Fixture, NULL,
              fixture_set_up, test_inbox_shows_a_batch, fixture_tear_down);
  g_test_add ("/app/inbox/register-arrival-time", Fixture, NULL,
              fixture_set_up, test_inbox_register_arrival_time, fixture_tear_down);
  g_test_add ("/app/inbox/filters", Fixture, NULL,
              fixture_set_up, test_inbox_filters, fixture_tear_down);
  g_test_add ("/app/inbox/keeps-place", Fixture, NULL,
              fixture_set_up, test_inbox_keeps_place, fixture_tear_down);
  g_test_add ("/app/inbox/triage", Fixture, NULL,
              fixture_set_up, test_inbox_triage, fixture_tear_down);
  g_test_add ("/app/inbox/triage-service", Fixture, NULL,
              fixture_set_up, test_inbox_triage_service, fixture_tear_down);
  g_test_add ("/app/inbox/anonymous-reply", Fixture, NULL,
              fixture_set_up, test_inbox_anonymous_reply, fixture_tear_down);

  return g_test_run ();
}
