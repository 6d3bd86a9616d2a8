/* monia-service-dialog-private.h — the dialog's parts, for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "monia-service-dialog.h"

G_BEGIN_DECLS

/* The entry row of @field ("name", "provider", "area", "target_group",
 * "contact", "description"). */
GtkEditable *_monia_service_dialog_get_entry       (MoniaServiceDialog *self,
                                                    const char         *field);
AdwComboRow *_monia_service_dialog_get_sector_row  (MoniaServiceDialog *self);
GtkWidget   *_monia_service_dialog_get_add_button  (MoniaServiceDialog *self);
GtkWidget   *_monia_service_dialog_get_delete_button (MoniaServiceDialog *self);
/* The message shown under the form, "" when none. */
const char  *_monia_service_dialog_get_error       (MoniaServiceDialog *self);

G_END_DECLS
