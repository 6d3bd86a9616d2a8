/* monia-date-row.c — a row showing a day, with a calendar to choose another
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-case-util.h"
#include "monia-date-row.h"

struct _MoniaDateRow
{
  AdwActionRow   parent_instance;

  GDate          date;
  char          *placeholder;
  gboolean       quiet;

  GtkMenuButton *button;
  GtkPopover    *popover;
  GtkCalendar   *calendar;
  GtkEntry      *entry;
  GtkButton     *today_button;
};

G_DEFINE_FINAL_TYPE (MoniaDateRow, monia_date_row, ADW_TYPE_ACTION_ROW)

enum {
  DATE_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_subtitle (MoniaDateRow *self)
{
  g_autofree char *text = monia_format_date (&self->date);

  if (text == NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self),
                                 self->placeholder != NULL ? self->placeholder : _("Not set"));
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self), text);
}

static void
update_button_label (MoniaDateRow *self)
{
  g_autofree char *label = NULL;

  /* Translators: what a screen reader says for the calendar button of a
   * date row; %s is the row's title, such as "Review Date" */
  label = g_strdup_printf (_("Choose %s"),
                           adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self)));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self)),
                                  -1);
}

static void
on_popover_show (MoniaDateRow *self)
{
  g_autoptr(GDateTime) shown = NULL;
  GDate date;

  if (g_date_valid (&self->date))
    date = self->date;
  else
    monia_get_today (&date);

  shown = g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date),
                                 g_date_get_day (&date), 12, 0, 0);
  self->quiet = TRUE;
  gtk_calendar_select_day (self->calendar, shown);
  self->quiet = FALSE;
}

/* A day as people type it: 24.11.2026 (day, month, year, with dots,
 * slashes or dashes), or 2026-11-24. */
static gboolean
parse_typed_day (const char *text,
                 GDate      *out)
{
  g_auto(GStrv) parts = NULL;
  guint64 day, month, year;
  g_autofree char *clean = g_strstrip (g_strdup (text));

  if (monia_date_parse_iso (clean, out, NULL))
    return TRUE;

  parts = g_regex_split_simple ("[./-]", clean, 0, 0);
  if (g_strv_length (parts) != 3 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 1, 31, &day, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, 12, &month, NULL) ||
      !g_ascii_string_to_unsigned (parts[2], 10, MONIA_CALENDAR_FIRST_YEAR,
                                   MONIA_CALENDAR_LAST_YEAR, &year, NULL) ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  g_date_clear (out, 1);
  g_date_set_dmy (out, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

static void
on_entry_changed (MoniaDateRow *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
}

static void
on_entry_activate (MoniaDateRow *self)
{
  GDate date;

  if (!parse_typed_day (gtk_editable_get_text (GTK_EDITABLE (self->entry)), &date))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
      gtk_widget_error_bell (GTK_WIDGET (self->entry));
      return;
    }

  gtk_popover_popdown (self->popover);
  monia_date_row_choose (self, &date);
}

static void
on_today_clicked (MoniaDateRow *self)
{
  GDate today;

  monia_get_today (&today);
  gtk_popover_popdown (self->popover);
  monia_date_row_choose (self, &today);
}

static void
on_day_selected (MoniaDateRow *self)
{
  g_autoptr(GDateTime) picked = NULL;
  GDate date;

  if (self->quiet)
    return;

  picked = gtk_calendar_get_date (self->calendar);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (picked),
                  g_date_time_get_month (picked), g_date_time_get_year (picked));
  gtk_popover_popdown (self->popover);
  monia_date_row_choose (self, &date);
}

static void
monia_date_row_dispose (GObject *object)
{
  MoniaDateRow *self = MONIA_DATE_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MONIA_TYPE_DATE_ROW);

  G_OBJECT_CLASS (monia_date_row_parent_class)->dispose (object);
}

static void
monia_date_row_finalize (GObject *object)
{
  MoniaDateRow *self = MONIA_DATE_ROW (object);

  g_free (self->placeholder);

  G_OBJECT_CLASS (monia_date_row_parent_class)->finalize (object);
}

static void
monia_date_row_class_init (MoniaDateRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = monia_date_row_dispose;
  object_class->finalize = monia_date_row_finalize;

  /**
   * MoniaDateRow::date-chosen:
   *
   * The person chose a day (not emitted for monia_date_row_set_date()).
   */
  signals[DATE_CHOSEN] =
    g_signal_new ("date-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/monia-date-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MoniaDateRow, button);
  gtk_widget_class_bind_template_child (widget_class, MoniaDateRow, popover);
  gtk_widget_class_bind_template_child (widget_class, MoniaDateRow, calendar);
  gtk_widget_class_bind_template_callback (widget_class, on_popover_show);
  gtk_widget_class_bind_template_callback (widget_class, on_day_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_today_clicked);
  gtk_widget_class_bind_template_child (widget_class, MoniaDateRow, entry);
  gtk_widget_class_bind_template_child (widget_class, MoniaDateRow, today_button);
}

static void
monia_date_row_init (MoniaDateRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The button is the row's activatable widget, so the row points its
   * title at it; GTK 4.8 would read that after the button's own label
   * ("Choose Review Date Review Date"). Its own label is the whole name. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->today_button), GTK_ACCESSIBLE_PROPERTY_LABEL);

  g_date_clear (&self->date, 1);
  g_signal_connect (self, "notify::title", G_CALLBACK (update_button_label), NULL);
  update_subtitle (self);
  update_button_label (self);
}

GtkWidget *
monia_date_row_new (void)
{
  return g_object_new (MONIA_TYPE_DATE_ROW, NULL);
}

gboolean
monia_date_row_get_date (MoniaDateRow *self,
                         GDate        *out)
{
  g_return_val_if_fail (MONIA_IS_DATE_ROW (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  *out = self->date;
  return g_date_valid (&self->date);
}

void
monia_date_row_set_date (MoniaDateRow *self,
                         const GDate  *date)
{
  g_return_if_fail (MONIA_IS_DATE_ROW (self));

  if (date != NULL && g_date_valid (date))
    self->date = *date;
  else
    g_date_clear (&self->date, 1);
  update_subtitle (self);
}

void
monia_date_row_set_iso (MoniaDateRow *self,
                        const char   *iso)
{
  GDate date;

  g_return_if_fail (MONIA_IS_DATE_ROW (self));

  g_date_clear (&date, 1);
  if (iso != NULL)
    monia_date_parse_iso (iso, &date, NULL);
  monia_date_row_set_date (self, &date);
}

void
monia_date_row_choose (MoniaDateRow *self,
                       const GDate  *date)
{
  g_return_if_fail (MONIA_IS_DATE_ROW (self));

  monia_date_row_set_date (self, date);
  g_signal_emit (self, signals[DATE_CHOSEN], 0);
}

void
monia_date_row_set_placeholder (MoniaDateRow *self,
                                const char   *text)
{
  g_return_if_fail (MONIA_IS_DATE_ROW (self));

  g_free (self->placeholder);
  self->placeholder = g_strdup (text);
  update_subtitle (self);
}
