/* monia-app-test-util.c — helpers for UI tests and the screenshot tool
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-test"

#include "config.h"

#include <glib/gstdio.h>

#include <adwaita.h>

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

static void
collect_mnemonic_targets (GtkWidget  *root,
                          GHashTable *targets)
{
  if (GTK_IS_LABEL (root) && gtk_label_get_mnemonic_widget (GTK_LABEL (root)) != NULL &&
      gtk_label_get_text (GTK_LABEL (root))[0] != '\0')
    g_hash_table_add (targets, gtk_label_get_mnemonic_widget (GTK_LABEL (root)));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_mnemonic_targets (child, targets);
}

/* Whether a label with text of its own points at @widget: a label whose
 * mnemonic widget it is, or the title of the action row it activates. */
static gboolean
is_labelled_by_text (GtkWidget  *widget,
                     GHashTable *targets)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_ACTION_ROW);

  if (g_hash_table_contains (targets, widget))
    return TRUE;
  return row != NULL && adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row)) == widget &&
         adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row))[0] != '\0';
}

static void
assert_names_once (GtkWidget  *root,
                   GHashTable *targets,
                   const char *where)
{
  if (!gtk_widget_get_mapped (root))
    return;
  /* A toast's buttons are libadwaita's own. */
  if (g_str_equal (G_OBJECT_TYPE_NAME (root), "AdwToastWidget"))
    return;

  if (gtk_test_accessible_has_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL) &&
      gtk_test_accessible_has_relation (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_RELATION_LABELLED_BY) &&
      is_labelled_by_text (root, targets))
    {
      const char *label = GTK_IS_BUTTON (root) ? gtk_button_get_label (GTK_BUTTON (root))
                          : GTK_IS_CHECK_BUTTON (root) ? gtk_check_button_get_label (GTK_CHECK_BUTTON (root))
                          : NULL;
      g_autoptr(GString) path = g_string_new (NULL);

      for (GtkWidget *up = gtk_widget_get_parent (root); up != NULL; up = gtk_widget_get_parent (up))
        g_string_append_printf (path, " < %s", G_OBJECT_TYPE_NAME (up));
      g_error ("%s: a %s (“%s”, tooltip “%s”) has both an accessible label and a label pointing at it: "
               "a screen reader says its name twice; it is in%s", where, G_OBJECT_TYPE_NAME (root),
               label != NULL ? label : "",
               gtk_widget_get_tooltip_text (root) != NULL ? gtk_widget_get_tooltip_text (root) : "",
               path->str);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    assert_names_once (child, targets, where);
}

void
monia_test_assert_names_once (GtkWidget  *root,
                              const char *where)
{
  g_autoptr(GHashTable) targets = g_hash_table_new (NULL, NULL);

  collect_mnemonic_targets (GTK_WIDGET (gtk_widget_get_root (root)), targets);
  assert_names_once (root, targets, where);
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
