/* monia-window.h — the main window: a sidebar of pages and their content
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "monia-core.h"
#include "monia-sync-client.h"

G_BEGIN_DECLS

#define MONIA_TYPE_WINDOW (monia_window_get_type ())

G_DECLARE_FINAL_TYPE (MoniaWindow, monia_window, MONIA, WINDOW, AdwApplicationWindow)

/* @application may be NULL (tests, tools). */
MoniaWindow *monia_window_new               (GtkApplication *application,
                                             MoniaStore     *store);

/* A window that says why the store at @path could not be opened. */
MoniaWindow *monia_window_new_for_error     (GtkApplication *application,
                                             const char     *path,
                                             const GError   *error);

/* Opens the store at @path and returns a window on it, or, when the file
 * cannot be opened, a window saying why (the file is left as it is). */
MoniaWindow *monia_window_new_for_database  (GtkApplication *application,
                                             const char     *path);

/* The same, with @author_id (a professional's record id, may be NULL) as
 * the store's author: who the user is, for "My Cases" and triage. */
MoniaWindow *monia_window_new_for_database_as (GtkApplication *application,
                                               const char     *path,
                                               const char     *author_id);

MoniaStore  *monia_window_get_store         (MoniaWindow    *self);

/* Shows the case in the content area, with a Back button to the list. */
void         monia_window_open_case         (MoniaWindow    *self,
                                             const char     *case_id);
/* "inbox", "mine", "pair", "all" or "services". */
void         monia_window_show_section      (MoniaWindow    *self,
                                             const char     *section);

/* The client keeping the store in step with the server, shown by the
 * header bar's sync indicator; NULL (the default) shows nothing. */
void             monia_window_set_sync_client (MoniaWindow     *self,
                                               MoniaSyncClient *client);
MoniaSyncClient *monia_window_get_sync_client (MoniaWindow     *self);

void         monia_window_add_toast         (MoniaWindow    *self,
                                             const char     *title);

G_END_DECLS
