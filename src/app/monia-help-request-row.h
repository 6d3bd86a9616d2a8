/* monia-help-request-row.h — one open help request in the inbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "monia-core.h"
#include "monia-intake.h"

G_BEGIN_DECLS

#define MONIA_TYPE_HELP_REQUEST_ROW (monia_help_request_row_get_type ())

G_DECLARE_FINAL_TYPE (MoniaHelpRequestRow, monia_help_request_row, MONIA, HELP_REQUEST_ROW, GtkListBoxRow)

GtkWidget   *monia_help_request_row_new               (MoniaIntake         *intake,
                                                       MoniaRecord         *request);
MoniaRecord *monia_help_request_row_get_request       (MoniaHelpRequestRow *self);
/* Recounts the time left as of @now (NULL: the current time). */
void         monia_help_request_row_update_countdown  (MoniaHelpRequestRow *self,
                                                       GDateTime           *now);
GtkLabel    *monia_help_request_row_get_countdown_label (MoniaHelpRequestRow *self);
/* The promise as a day and a time, under the time left. */
GtkLabel    *monia_help_request_row_get_due_label     (MoniaHelpRequestRow *self);
/* Channel · who · when it arrived. */
GtkLabel    *monia_help_request_row_get_subtitle_label (MoniaHelpRequestRow *self);
gboolean     monia_help_request_row_is_overdue        (MoniaHelpRequestRow *self);

/* A symbolic icon name for a help request channel. */
const char  *monia_channel_get_icon_name              (const char          *channel);

G_END_DECLS
