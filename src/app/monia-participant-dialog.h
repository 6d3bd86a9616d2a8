/* monia-participant-dialog.h — adds a professional to a case, or edits or removes a participation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "monia-core.h"

G_BEGIN_DECLS

#define MONIA_TYPE_PARTICIPANT_DIALOG (monia_participant_dialog_get_type ())

G_DECLARE_FINAL_TYPE (MoniaParticipantDialog, monia_participant_dialog, MONIA, PARTICIPANT_DIALOG, AdwWindow)

/* With @participant_id NULL the dialog adds a participant to @case_id. */
MoniaParticipantDialog *monia_participant_dialog_new (MoniaStore *store,
                                                      const char *case_id,
                                                      const char *participant_id);

/* A participant role ("member") as a person reads it. */
const char             *monia_participant_role_to_label (const char *role);

G_END_DECLS
