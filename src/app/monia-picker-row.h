/* monia-picker-row.h — a row to choose one of many, searchable, each choice on two lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "monia-choice.h"

G_BEGIN_DECLS

#define MONIA_TYPE_PICKER_ROW (monia_picker_row_get_type ())

G_DECLARE_FINAL_TYPE (MoniaPickerRow, monia_picker_row, MONIA, PICKER_ROW, AdwPreferencesRow)

GtkWidget   *monia_picker_row_new             (void);
/* @choices: a GListModel of MoniaChoice. The chosen one stays chosen when
 * it is still offered; otherwise the first is. */
void         monia_picker_row_set_choices     (MoniaPickerRow *self,
                                               GListModel     *choices);
GListModel  *monia_picker_row_get_choices     (MoniaPickerRow *self);
/* The chosen id; NULL for nothing or the "none" choice. */
const char  *monia_picker_row_get_selected_id (MoniaPickerRow *self);
MoniaChoice *monia_picker_row_get_selected    (MoniaPickerRow *self);
gboolean     monia_picker_row_select_id       (MoniaPickerRow *self,
                                               const char     *id);
/* Opens the list with its search field. */
void         monia_picker_row_popup           (MoniaPickerRow *self);
/* Shows @message under the choice (NULL clears it), marks the row invalid
 * for a screen reader, and brings it into view with the focus on it. */
void         monia_picker_row_set_error       (MoniaPickerRow *self,
                                               const char     *message);

G_END_DECLS
