/* monia-preferences-window.h — preferences: the account on the region's
 * server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "monia-sync-client.h"

G_BEGIN_DECLS

#define MONIA_TYPE_PREFERENCES_WINDOW (monia_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (MoniaPreferencesWindow, monia_preferences_window, MONIA, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *monia_preferences_window_new (MoniaSyncClient *client);

/* For tests: the entries, the Log In button and the inline error ("" when
 * none). */
GtkEditable *_monia_preferences_window_get_url_row      (MoniaPreferencesWindow *self);
GtkEditable *_monia_preferences_window_get_login_row    (MoniaPreferencesWindow *self);
GtkEditable *_monia_preferences_window_get_password_row (MoniaPreferencesWindow *self);
GtkButton   *_monia_preferences_window_get_login_button (MoniaPreferencesWindow *self);
const char  *_monia_preferences_window_get_error        (MoniaPreferencesWindow *self);
/* The group of the login form: the address, login name and password. */
GtkWidget   *_monia_preferences_window_get_server_group (MoniaPreferencesWindow *self);
/* The account row's title and subtitle. */
AdwActionRow *_monia_preferences_window_get_status_row  (MoniaPreferencesWindow *self);
/* The switches of the notifications (decisions due, promises, conflicts),
 * or NULL without the settings schema. */
GtkSwitch   *_monia_preferences_window_get_notify_switch (MoniaPreferencesWindow *self,
                                                         guint                   index);

G_END_DECLS
