/* monia-new-case-dialog-private.h — the dialog's parts, for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "monia-new-case-dialog.h"

G_BEGIN_DECLS

GtkEditable *_monia_new_case_dialog_get_title_entry    (MoniaNewCaseDialog *self);
GtkEditable *_monia_new_case_dialog_get_name_entry     (MoniaNewCaseDialog *self);
GtkEditable *_monia_new_case_dialog_get_hetu_entry     (MoniaNewCaseDialog *self);
GtkWidget   *_monia_new_case_dialog_get_create_button  (MoniaNewCaseDialog *self);
GtkLabel    *_monia_new_case_dialog_get_hetu_error     (MoniaNewCaseDialog *self);
GtkLabel    *_monia_new_case_dialog_get_store_error    (MoniaNewCaseDialog *self);

G_END_DECLS
