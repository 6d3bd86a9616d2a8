/* monia-service-dialog.h — adds a service to the catalogue or edits one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "monia-core.h"

G_BEGIN_DECLS

#define MONIA_TYPE_SERVICE_DIALOG (monia_service_dialog_get_type ())

G_DECLARE_FINAL_TYPE (MoniaServiceDialog, monia_service_dialog, MONIA, SERVICE_DIALOG, AdwWindow)

/* With @service_id NULL the dialog asks for a new service and creates it
 * when the person presses Add (::service-added with its id), then closes.
 * With an id, every change is saved as it is made; Delete emits
 * ::delete-requested with the id and closes, leaving the deletion (and its
 * undo) to whoever opened the dialog. */
MoniaServiceDialog *monia_service_dialog_new            (MoniaStore         *store,
                                                         const char         *service_id);
const char         *monia_service_dialog_get_service_id (MoniaServiceDialog *self);

G_END_DECLS
