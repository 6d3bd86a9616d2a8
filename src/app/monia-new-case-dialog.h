/* monia-new-case-dialog.h — asks for what a new case needs and creates it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "monia-core.h"

G_BEGIN_DECLS

#define MONIA_TYPE_NEW_CASE_DIALOG (monia_new_case_dialog_get_type ())

G_DECLARE_FINAL_TYPE (MoniaNewCaseDialog, monia_new_case_dialog, MONIA, NEW_CASE_DIALOG, AdwWindow)

/* The dialog creates the case in @store itself, emits ::case-created with
 * the new case's id and closes. On an error it stays open with what was
 * typed and says what went wrong. */
MoniaNewCaseDialog *monia_new_case_dialog_new       (MoniaStore         *store);
MoniaStore         *monia_new_case_dialog_get_store (MoniaNewCaseDialog *self);

G_END_DECLS
