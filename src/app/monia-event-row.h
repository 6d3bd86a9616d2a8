/* monia-event-row.h — something that happened in a case, as a row of its
 * implementation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "monia-core.h"

G_BEGIN_DECLS

#define MONIA_TYPE_EVENT_ROW (monia_event_row_get_type ())

G_DECLARE_FINAL_TYPE (MoniaEventRow, monia_event_row, MONIA, EVENT_ROW, AdwActionRow)

GtkWidget *monia_event_row_new     (MoniaStore    *store,
                                    MoniaRecord   *event);
/* Shows the event, and the goal and measure it was about, as the store
 * holds them now. */
void       monia_event_row_refresh (MoniaEventRow *self);

G_END_DECLS
