/* monia-window-private.h — the window's parts, for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "monia-new-case-dialog.h"
#include "monia-window.h"

G_BEGIN_DECLS

/* Pages of the stack: "empty", "cases" and "error". */
GtkStack           *_monia_window_get_stack            (MoniaWindow *self);
GListModel         *_monia_window_get_cases            (MoniaWindow *self);
GtkListView        *_monia_window_get_case_list_view   (MoniaWindow *self);
AdwStatusPage      *_monia_window_get_error_page       (MoniaWindow *self);
MoniaNewCaseDialog *_monia_window_get_new_case_dialog  (MoniaWindow *self);

G_END_DECLS
