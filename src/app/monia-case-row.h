/* monia-case-row.h — one case in the window's case list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "monia-core.h"

G_BEGIN_DECLS

#define MONIA_TYPE_CASE_ROW (monia_case_row_get_type ())

G_DECLARE_FINAL_TYPE (MoniaCaseRow, monia_case_row, MONIA, CASE_ROW, GtkWidget)

GtkWidget   *monia_case_row_new          (void);
MoniaRecord *monia_case_row_get_record   (MoniaCaseRow *self);
void         monia_case_row_set_record   (MoniaCaseRow *self,
                                          MoniaRecord  *record);
/* Shows the case's next statutory deadline under it; NULL (or an invalid
 * day) shows none. */
void         monia_case_row_set_deadline (MoniaCaseRow *self,
                                          const GDate  *due);
const char  *monia_case_row_get_deadline_text (MoniaCaseRow *self);

/* A case's status ("open", "assessment", …) as a person reads it. */
const char  *monia_case_status_to_label  (const char   *status);

G_END_DECLS
