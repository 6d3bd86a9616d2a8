/* monia-notifier.h — desktop notifications for the person at the desk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "monia-core.h"

G_BEGIN_DECLS

#define MONIA_TYPE_NOTIFIER (monia_notifier_get_type ())

G_DECLARE_FINAL_TYPE (MoniaNotifier, monia_notifier, MONIA, NOTIFIER, GObject)

/* How a notification leaves: g_application_send_notification() in the app;
 * tests collect them (@title and @body are the notification's). */
typedef void (*MoniaNotifySend) (const char    *id,
                                 const char    *title,
                                 const char    *body,
                                 GNotification *notification,
                                 gpointer       user_data);

/* Watches @store for the professional at the desk (the store's author):
 * decisions to start of their cases due on the next working day, open help
 * requests about to break their promise, new conflicts. Each kind can be
 * turned off in @settings (the notify-* keys; NULL: all on). Nothing names
 * a person: a notification may show on a locked screen. */
MoniaNotifier *monia_notifier_new          (MoniaStore      *store,
                                            GSettings       *settings,
                                            MoniaNotifySend  send,
                                            gpointer         user_data);
/* Looks at the clocks now (the app does it every few minutes); @now in
 * Unix seconds, 0 for the real time. Each matter is told of once. */
void           monia_notifier_check        (MoniaNotifier   *self,
                                            gint64           now);
/* Checks now and then every @interval_seconds until disposed. */
void           monia_notifier_start        (MoniaNotifier   *self,
                                            guint            interval_seconds);

G_END_DECLS
