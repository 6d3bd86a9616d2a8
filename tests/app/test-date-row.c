/* test-date-row.c — a day can be typed, chosen as today, or picked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "monia-case-util.h"
#include "monia-date-row.h"

static void
on_date_chosen (MoniaDateRow *row,
                guint        *count)
{
  (*count)++;
}

static GtkEntry *
get_entry (MoniaDateRow *row)
{
  GObject *entry = gtk_widget_get_template_child (GTK_WIDGET (row), MONIA_TYPE_DATE_ROW, "entry");

  g_assert_true (GTK_IS_ENTRY (entry));
  return GTK_ENTRY (entry);
}

static void
assert_typed (MoniaDateRow *row,
              const char   *typed,
              guint         day,
              guint         month,
              guint         year)
{
  GDate date;

  gtk_editable_set_text (GTK_EDITABLE (get_entry (row)), typed);
  g_signal_emit_by_name (get_entry (row), "activate");
  g_assert_true (monia_date_row_get_date (row, &date));
  g_assert_cmpuint (g_date_get_day (&date), ==, day);
  g_assert_cmpuint (g_date_get_month (&date), ==, month);
  g_assert_cmpuint (g_date_get_year (&date), ==, year);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (get_entry (row)), "error"));
}

static void
test_typed_day (void)
{
  MoniaDateRow *row = MONIA_DATE_ROW (monia_date_row_new ());
  GtkButton *today_button;
  GDate date, today;
  guint chosen = 0;

  g_object_ref_sink (row);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), "Review Date");
  g_signal_connect (row, "date-chosen", G_CALLBACK (on_date_chosen), &chosen);

  /* Typed with a screen reader, as people write days here. */
  assert_typed (row, "24.11.2026", 24, 11, 2026);
  assert_typed (row, " 1/3/2027 ", 1, 3, 2027);
  assert_typed (row, "2028-02-29", 29, 2, 2028);
  g_assert_cmpuint (chosen, ==, 3);
  g_assert_true (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (get_entry (row))) ==
                 GTK_ACCESSIBLE_ROLE_TEXT_BOX);

  /* Days that do not exist are refused, and the day chosen before stays. */
  gtk_editable_set_text (GTK_EDITABLE (get_entry (row)), "29.2.2027");
  g_signal_emit_by_name (get_entry (row), "activate");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (get_entry (row)), "error"));
  g_assert_cmpuint (chosen, ==, 3);
  g_assert_true (monia_date_row_get_date (row, &date));
  g_assert_cmpuint (g_date_get_day (&date), ==, 29);
  g_assert_cmpuint (g_date_get_year (&date), ==, 2028);
  gtk_editable_set_text (GTK_EDITABLE (get_entry (row)), "next tuesday");
  g_signal_emit_by_name (get_entry (row), "activate");
  g_assert_cmpuint (chosen, ==, 3);

  /* Typing again clears the error mark. */
  gtk_editable_set_text (GTK_EDITABLE (get_entry (row)), "1");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (get_entry (row)), "error"));

  today_button = GTK_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (row), MONIA_TYPE_DATE_ROW, "today_button"));
  g_signal_emit_by_name (today_button, "clicked");
  g_assert_cmpuint (chosen, ==, 4);
  monia_get_today (&today);
  g_assert_true (monia_date_row_get_date (row, &date));
  g_assert_cmpint (g_date_compare (&date, &today), ==, 0);

  g_assert_finalize_object (row);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/date-row/typed-day", test_typed_day);

  return g_test_run ();
}
