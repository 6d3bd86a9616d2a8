/* test-text-row.c — a long text row can turn read-only at any moment
 *
 * A section of an assessment turns read-only when the assessment is
 * completed, or when a synchronisation round brings a completion made by
 * someone else — often within seconds of the page being shown, while the
 * text's cursor is still blinking.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "monia-app-test-util.h"
#include "monia-text-row.h"

typedef struct {
  GtkWindow    *window;
  GtkWidget    *button;
  MoniaTextRow *row;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *list = gtk_list_box_new ();

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 480, 320);
  f->row = MONIA_TEXT_ROW (monia_text_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (f->row), "Strengths");
  monia_text_row_set_text (f->row, "The family keeps a daily rhythm.\nGrandmother helps on weekdays.");
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (f->row));
  f->button = gtk_button_new_with_label ("Complete");
  gtk_box_append (GTK_BOX (box), list);
  gtk_box_append (GTK_BOX (box), f->button);
  gtk_window_set_child (f->window, box);
  gtk_window_present (f->window);
  g_assert_true (monia_test_wait_mapped (GTK_WIDGET (f->row)));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_true (monia_test_destroy_window (f->window));
}

static void
assert_read_only (Fixture *f)
{
  GtkTextView *view = monia_text_row_get_view (f->row);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  g_autofree char *text = NULL;

  g_assert_false (monia_text_row_get_editable (f->row));
  g_assert_false (gtk_text_view_get_editable (view));
  /* Typing is refused, and the text stays as it was. */
  g_assert_false (gtk_text_buffer_insert_interactive_at_cursor (buffer, "x", -1,
                                                                gtk_text_view_get_editable (view)));
  text = monia_text_row_dup_text (f->row);
  g_assert_cmpstr (text, ==, "The family keeps a daily rhythm.\nGrandmother helps on weekdays.");
}

/* Makes the row editable with the focus in its text, moves the focus to
 * @focus_then (or leaves it in the text), and turns the row read-only. */
static void
turn_read_only (Fixture   *f,
                GtkWidget *focus_then)
{
  monia_text_row_set_editable (f->row, TRUE);
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (f->row)));
  monia_test_wait_frames (GTK_WIDGET (f->row), 3);
  if (focus_then != NULL)
    gtk_widget_grab_focus (focus_then);
  monia_text_row_set_editable (f->row, FALSE);
  monia_test_wait_frames (GTK_WIDGET (f->row), 10);
  assert_read_only (f);
}

/* GTK 4.8 starts the cursor's blink as soon as the text view lays out, with
 * or without focus, and stops it only when the text view is told so while it
 * has the focus. Hiding the cursor in between aborted the whole app on the
 * next frame (blink_cb's assertion), as it did once in CI. */
static void
test_read_only_while_blinking (Fixture       *f,
                               gconstpointer  data)
{
  /* The text never had the focus. */
  gtk_widget_grab_focus (f->button);
  monia_test_wait_frames (GTK_WIDGET (f->row), 3);
  g_assert_true (monia_text_row_get_editable (f->row));
  monia_text_row_set_editable (f->row, FALSE);
  monia_test_wait_frames (GTK_WIDGET (f->row), 10);
  assert_read_only (f);

  /* With the focus in the text, and once the focus has moved on from it. */
  turn_read_only (f, NULL);
  turn_read_only (f, f->button);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* The blink that GNOME's default settings give every text cursor. */
  g_object_set (gtk_settings_get_default (),
                "gtk-cursor-blink", TRUE,
                "gtk-cursor-blink-time", 1200,
                "gtk-cursor-blink-timeout", 10,
                NULL);

  g_test_add ("/text-row/read-only-while-blinking", Fixture, NULL,
              fixture_set_up, test_read_only_while_blinking, fixture_tear_down);

  return g_test_run ();
}
