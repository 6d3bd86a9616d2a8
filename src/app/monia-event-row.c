/* monia-event-row.c — something that happened in a case, as a row of its
 * implementation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-case-ops.h"
#include "monia-case-util.h"
#include "monia-event-row.h"

struct _MoniaEventRow
{
  AdwActionRow  parent_instance;

  MoniaStore   *store;
  char         *event_id;
};

G_DEFINE_FINAL_TYPE (MoniaEventRow, monia_event_row, ADW_TYPE_ACTION_ROW)

static char *
dup_text (MoniaStore *store,
          const char *kind,
          const char *id)
{
  g_autoptr(MoniaRecord) record = id != NULL ? monia_store_get (store, kind, id, NULL) : NULL;

  return record != NULL ? g_strdup (monia_record_get_string (record, "text")) : NULL;
}

static void
append_line (GString    *text,
             const char *line)
{
  g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", line);
}

void
monia_event_row_refresh (MoniaEventRow *self)
{
  g_autoptr(MoniaRecord) event = NULL;
  g_autofree char *when = NULL;
  g_autofree char *title = NULL;
  g_autofree char *goal = NULL;
  g_autofree char *measure = NULL;
  g_autoptr(GString) subtitle = NULL;

  g_return_if_fail (MONIA_IS_EVENT_ROW (self));

  /* Gone from the store: its list takes the row away. */
  event = monia_store_get (self->store, "event", self->event_id, NULL);
  if (event == NULL)
    return;

  when = monia_format_time (monia_record_get_int (event, "occurred_at", 0));
  /* Translators: an event's row: its kind, then its day and time */
  title = g_strdup_printf (_("%s · %s"), monia_event_kind_to_label (monia_record_get_string (event, "kind")),
                           when != NULL ? when : "");

  subtitle = g_string_new (monia_record_get_string (event, "text"));
  goal = dup_text (self->store, "goal", monia_record_get_string (event, "goal_id"));
  if (goal != NULL)
    {
      /* Translators: the goal an event was about */
      g_autofree char *line = g_strdup_printf (_("Goal: %s"), goal);

      append_line (subtitle, line);
    }
  measure = dup_text (self->store, "measure", monia_record_get_string (event, "measure_id"));
  if (measure != NULL)
    {
      /* Translators: the measure an event was part of */
      g_autofree char *line = g_strdup_printf (_("Measure: %s"), measure);

      append_line (subtitle, line);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle->str);
}

static void
monia_event_row_dispose (GObject *object)
{
  MoniaEventRow *self = MONIA_EVENT_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MONIA_TYPE_EVENT_ROW);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (monia_event_row_parent_class)->dispose (object);
}

static void
monia_event_row_finalize (GObject *object)
{
  MoniaEventRow *self = MONIA_EVENT_ROW (object);

  g_free (self->event_id);

  G_OBJECT_CLASS (monia_event_row_parent_class)->finalize (object);
}

static void
monia_event_row_class_init (MoniaEventRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = monia_event_row_dispose;
  object_class->finalize = monia_event_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/monia-event-row.ui");
}

static void
monia_event_row_init (MoniaEventRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
monia_event_row_new (MoniaStore  *store,
                     MoniaRecord *event)
{
  MoniaEventRow *self;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);
  g_return_val_if_fail (MONIA_IS_RECORD (event), NULL);

  self = g_object_new (MONIA_TYPE_EVENT_ROW, NULL);
  self->store = g_object_ref (store);
  self->event_id = g_strdup (monia_record_get_id (event));
  monia_event_row_refresh (self);
  return GTK_WIDGET (self);
}
