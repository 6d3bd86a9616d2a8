/* monia-app-test-util.h — helpers for UI tests and the screenshot tool
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef gboolean (*MoniaTestCondition) (gpointer user_data);

/* Iterates the default main context until @condition holds or @timeout_ms
 * pass; returns whether it held. */
gboolean   monia_test_wait_until          (MoniaTestCondition  condition,
                                           gpointer            user_data,
                                           guint               timeout_ms);
gboolean   monia_test_wait_mapped         (GtkWidget          *widget);
/* Lets a few frames be drawn so what is on screen is settled. */
void       monia_test_wait_frames         (GtkWidget          *widget,
                                           guint               n_frames);
/* Destroys @window and waits (bounded) until it is finalised. */
gboolean   monia_test_destroy_window      (GtkWindow          *window);

/* Drops the caller's reference to @object and waits (bounded) until it is
 * finalised: work a window started in a thread (a count, a search) holds
 * the store until its answer is handed back on the main context. FALSE if
 * something still holds it then, which is a leak. */
gboolean   monia_test_finalize_object     (gpointer            object);

/* The first mapped GtkLabel under @root showing exactly @text, or NULL. */
GtkLabel  *monia_test_find_label          (GtkWidget          *root,
                                           const char         *text);

/* Fails if a mapped widget under @root would be read twice by a screen
 * reader: GTK 4.8 names a widget by its label property joined with the
 * labels that point at it, so a button with a mnemonic reads "_Print…
 * Print…" and a check button labelled beside its row's title "Advice given
 * Advice given". @where names the screen in the message. */
void       monia_test_assert_names_once   (GtkWidget          *root,
                                           const char         *where);

/* Renders @widget as it is now into a PNG file. */
gboolean   monia_test_save_screenshot     (GtkWidget          *widget,
                                           const char         *path,
                                           GError            **error);

/* Removes @path and, if it is a folder, everything in it. */
void       monia_test_remove_tree         (const char         *path);

G_END_DECLS
