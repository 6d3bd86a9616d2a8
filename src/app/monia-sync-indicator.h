/* monia-sync-indicator.h — a small button in the header bar showing how
 * synchronisation stands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "monia-sync-client.h"

G_BEGIN_DECLS

#define MONIA_TYPE_SYNC_INDICATOR (monia_sync_indicator_get_type ())

G_DECLARE_FINAL_TYPE (MoniaSyncIndicator, monia_sync_indicator, MONIA, SYNC_INDICATOR, AdwBin)

GtkWidget       *monia_sync_indicator_new             (void);
void             monia_sync_indicator_set_client      (MoniaSyncIndicator *self,
                                                       MoniaSyncClient    *client);
MoniaSyncClient *monia_sync_indicator_get_client      (MoniaSyncIndicator *self);

/* What a screen reader hears: the state ("Offline") and the details. */
const char      *monia_sync_indicator_get_label       (MoniaSyncIndicator *self);
const char      *monia_sync_indicator_get_description (MoniaSyncIndicator *self);
/* Whether the spinner shows (only after about a second of syncing). */
gboolean         monia_sync_indicator_get_spinning    (MoniaSyncIndicator *self);

/* "Synced 5 minutes ago", relative to @now (Unix seconds); "Not synced
 * yet" for 0. */
char            *monia_format_last_synced             (gint64              last_synced,
                                                       gint64              now);

G_END_DECLS
