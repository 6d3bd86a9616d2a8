/* monia-participant-row.h — a participant of a case, as a row of the case page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "monia-core.h"

G_BEGIN_DECLS

#define MONIA_TYPE_PARTICIPANT_ROW (monia_participant_row_get_type ())

G_DECLARE_FINAL_TYPE (MoniaParticipantRow, monia_participant_row, MONIA, PARTICIPANT_ROW, AdwActionRow)

GtkWidget *monia_participant_row_new     (MoniaStore          *store,
                                          MoniaRecord         *participant);
/* Shows the participant, and what they see, as the store holds it now. */
void       monia_participant_row_refresh (MoniaParticipantRow *self);

G_END_DECLS
