/* monia-text-row.c — a row for a long text: a title and a text that wraps over lines
 *
 * Assessment sections and the plan's texts run to paragraphs: in a one-line
 * entry most of them was cut off.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include "monia-text-row.h"

struct _MoniaTextRow
{
  AdwPreferencesRow  parent_instance;

  GtkLabel          *title_label;
  GtkTextView       *view;
};

G_DEFINE_FINAL_TYPE (MoniaTextRow, monia_text_row, ADW_TYPE_PREFERENCES_ROW)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_buffer_changed (MoniaTextRow *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_title_changed (MoniaTextRow *self)
{
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self));

  gtk_label_set_text (self->title_label, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
}

static gboolean
monia_text_row_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (MONIA_TEXT_ROW (widget)->view));
}

static void
monia_text_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MONIA_TYPE_TEXT_ROW);

  G_OBJECT_CLASS (monia_text_row_parent_class)->dispose (object);
}

static void
monia_text_row_class_init (MoniaTextRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = monia_text_row_dispose;
  widget_class->grab_focus = monia_text_row_grab_focus;

  /**
   * MoniaTextRow::changed:
   * @self: the row
   *
   * The text changed, typed or set.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/monia-text-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MoniaTextRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, MoniaTextRow, view);
}

static void
monia_text_row_init (MoniaTextRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (gtk_text_view_get_buffer (self->view), "changed",
                           G_CALLBACK (on_buffer_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::title", G_CALLBACK (on_title_changed), NULL);
}

GtkWidget *
monia_text_row_new (void)
{
  return g_object_new (MONIA_TYPE_TEXT_ROW, NULL);
}

char *
monia_text_row_dup_text (MoniaTextRow *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (MONIA_IS_TEXT_ROW (self), NULL);

  buffer = gtk_text_view_get_buffer (self->view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
monia_text_row_set_text (MoniaTextRow *self,
                         const char   *text)
{
  g_return_if_fail (MONIA_IS_TEXT_ROW (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->view), text != NULL ? text : "", -1);
}

gboolean
monia_text_row_get_editable (MoniaTextRow *self)
{
  g_return_val_if_fail (MONIA_IS_TEXT_ROW (self), FALSE);

  return gtk_text_view_get_editable (self->view);
}

void
monia_text_row_set_editable (MoniaTextRow *self,
                             gboolean      editable)
{
  g_return_if_fail (MONIA_IS_TEXT_ROW (self));

  /* The cursor stays: in a read-only text it lets a keyboard user move
   * through the text and select a part to copy. Hiding it here also aborted
   * the app under GTK 4.8, whose text view keeps its cursor blinking after it
   * lost the focus and asserts on the next frame that the cursor is visible. */
  gtk_text_view_set_editable (self->view, editable);
}

GtkTextView *
monia_text_row_get_view (MoniaTextRow *self)
{
  g_return_val_if_fail (MONIA_IS_TEXT_ROW (self), NULL);

  return self->view;
}
