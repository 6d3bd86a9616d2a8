/* monia-register-request-dialog.h — registers a help request by hand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "monia-core.h"
#include "monia-date-row.h"
#include "monia-intake.h"

G_BEGIN_DECLS

#define MONIA_TYPE_REGISTER_REQUEST_DIALOG (monia_register_request_dialog_get_type ())

G_DECLARE_FINAL_TYPE (MoniaRegisterRequestDialog, monia_register_request_dialog, MONIA, REGISTER_REQUEST_DIALOG, AdwWindow)

/* Writes the request itself, emits ::request-registered with its id and
 * closes; on an error it stays open with what was typed. */
MoniaRegisterRequestDialog *monia_register_request_dialog_new (MoniaIntake *intake);

/* For tests: the dialog's parts. */
AdwComboRow *_monia_register_request_dialog_get_channel_row  (MoniaRegisterRequestDialog *self);
/* When it came in: today and the time the dialog opened, unless changed. */
MoniaDateRow *_monia_register_request_dialog_get_received_day_row (MoniaRegisterRequestDialog *self);
GtkEditable *_monia_register_request_dialog_get_received_time_entry (MoniaRegisterRequestDialog *self);
GtkSwitch   *_monia_register_request_dialog_get_anonymous    (MoniaRegisterRequestDialog *self);
/* The "from outside the county" switch, shown for consultation calls only. */
GtkSwitch   *_monia_register_request_dialog_get_outside      (MoniaRegisterRequestDialog *self);
GtkEditable *_monia_register_request_dialog_get_name_entry   (MoniaRegisterRequestDialog *self);
GtkEditable *_monia_register_request_dialog_get_phone_entry  (MoniaRegisterRequestDialog *self);
GtkEditable *_monia_register_request_dialog_get_topic_entry  (MoniaRegisterRequestDialog *self);
GtkEditable *_monia_register_request_dialog_get_message_entry (MoniaRegisterRequestDialog *self);
GtkWidget   *_monia_register_request_dialog_get_register_button (MoniaRegisterRequestDialog *self);
GtkLabel    *_monia_register_request_dialog_get_error_label  (MoniaRegisterRequestDialog *self);

G_END_DECLS
