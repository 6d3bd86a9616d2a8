/* monia-app-test-util.c — helpers for UI tests and the screenshot tool
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-test"

#include "config.h"

#include <glib/gstdio.h>

#include "monia-app-test-util.h"

/* The sanitizer build runs several times slower: build-aux/run-tests.sh
 * sets MONIA_TEST_WAIT_SCALE for it, and every wait stretches by as much. */
static guint
wait_scale (void)
{
  static guint scale = 0;

  if (scale == 0)
    {
      const char *text = g_getenv ("MONIA_TEST_WAIT_SCALE");
      guint64 value = 1;

      if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, 20, &value, NULL))
        value = 1;
      scale = (guint) value;
    }
  return scale;
}

gboolean
monia_test_wait_until (MoniaTestCondition condition,
                       gpointer           user_data,
                       guint              timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () +
                    (gint64) timeout_ms * wait_scale () * G_TIME_SPAN_MILLISECOND;

  while (!condition (user_data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;

      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2 * G_TIME_SPAN_MILLISECOND);
    }

  return TRUE;
}

static gboolean
is_mapped (gpointer user_data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (user_data));
}

gboolean
monia_test_wait_mapped (GtkWidget *widget)
{
  return monia_test_wait_until (is_mapped, widget, 10000);
}

static gboolean
count_frame (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  guint *left = user_data;

  if (*left > 0)
    (*left)--;

  return *left > 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
is_zero (gpointer user_data)
{
  return *(guint *) user_data == 0;
}

void
monia_test_wait_frames (GtkWidget *widget,
                        guint      n_frames)
{
  guint left = n_frames;
  guint id;

  id = gtk_widget_add_tick_callback (widget, count_frame, &left, NULL);
  if (!monia_test_wait_until (is_zero, &left, 5000) && left > 0)
    gtk_widget_remove_tick_callback (widget, id);
}

static gboolean
is_cleared (gpointer user_data)
{
  return *(gpointer *) user_data == NULL;
}

gboolean
monia_test_destroy_window (GtkWindow *window)
{
  gpointer weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_destroy (window);

  if (monia_test_wait_until (is_cleared, &weak, 5000))
    return TRUE;

  g_object_remove_weak_pointer (G_OBJECT (window), &weak);
  return FALSE;
}

static gboolean
weak_pointer_cleared (gpointer user_data)
{
  return *(gpointer *) user_data == NULL;
}

gboolean
monia_test_finalize_object (gpointer object)
{
  gpointer weak = object;

  g_return_val_if_fail (G_IS_OBJECT (object), FALSE);

  g_object_add_weak_pointer (G_OBJECT (object), &weak);
  g_object_unref (object);
  if (monia_test_wait_until (weak_pointer_cleared, &weak, 10000))
    return TRUE;
  g_object_remove_weak_pointer (G_OBJECT (weak), &weak);
  return FALSE;
}

GtkLabel *
monia_test_find_label (GtkWidget  *root,
                       const char *text)
{
  if (GTK_IS_LABEL (root) &&
      gtk_widget_get_mapped (root) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return GTK_LABEL (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = monia_test_find_label (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

gboolean
monia_test_save_screenshot (GtkWidget   *widget,
                            const char  *path,
                            GError     **error)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;
  graphene_rect_t bounds;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (width <= 0 || height <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The widget has no size yet");
      return FALSE;
    }

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_to_node (snapshot);
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The widget drew nothing");
      return FALSE;
    }

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  /* The node's own bounds include the window's shadow. */
  gsk_render_node_get_bounds (node, &bounds);
  texture = gsk_renderer_render_texture (renderer, node, &bounds);

  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not write %s", path);
      return FALSE;
    }

  return TRUE;
}

void
monia_test_remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          monia_test_remove_tree (child);
        }
    }

  g_remove (path);
}
