/* monia-triage-dialog.h — decides what becomes of a help request
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "monia-core.h"
#include "monia-intake.h"
#include "monia-picker-row.h"

G_BEGIN_DECLS

#define MONIA_TYPE_TRIAGE_DIALOG (monia_triage_dialog_get_type ())

G_DECLARE_FINAL_TYPE (MoniaTriageDialog, monia_triage_dialog, MONIA, TRIAGE_DIALOG, AdwWindow)

/* Records the chosen outcome itself, emits ::triaged (outcome, request id,
 * case id or NULL) and closes; on an error it stays open and says why. */
MoniaTriageDialog *monia_triage_dialog_new          (MoniaIntake       *intake,
                                                     MoniaRecord       *request);
MoniaRecord       *monia_triage_dialog_get_request  (MoniaTriageDialog *self);
/* Chooses one of MONIA_OUTCOME_*, as clicking its row would. */
void               monia_triage_dialog_set_outcome  (MoniaTriageDialog *self,
                                                     const char        *outcome);

/* For tests: the dialog's parts. */
GtkWidget   *_monia_triage_dialog_get_record_button  (MoniaTriageDialog *self);
MoniaPickerRow *_monia_triage_dialog_get_service_row (MoniaTriageDialog *self);
GtkEditable *_monia_triage_dialog_get_case_title_entry (MoniaTriageDialog *self);
GtkEditable *_monia_triage_dialog_get_person_entry   (MoniaTriageDialog *self);
GtkLabel    *_monia_triage_dialog_get_error_label    (MoniaTriageDialog *self);
GtkTextView *_monia_triage_dialog_get_reply_view     (MoniaTriageDialog *self);

G_END_DECLS
