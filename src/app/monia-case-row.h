/* monia-case-row.h — one case in the window's case list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "monia-case-clock.h"
#include "monia-core.h"

G_BEGIN_DECLS

#define MONIA_TYPE_CASE_ROW (monia_case_row_get_type ())

G_DECLARE_FINAL_TYPE (MoniaCaseRow, monia_case_row, MONIA, CASE_ROW, GtkWidget)

GtkWidget   *monia_case_row_new          (void);
MoniaRecord *monia_case_row_get_record   (MoniaCaseRow *self);
void         monia_case_row_set_record   (MoniaCaseRow *self,
                                          MoniaRecord  *record);
/* Shows the case's next statutory day under it: which clock, the day and
 * how late or how long left ("Decision to start · 12 Nov 2026 · 2 working
 * days late"); NULL or no clock shows none. */
void         monia_case_row_set_clock    (MoniaCaseRow           *self,
                                          const MoniaClockStatus *clock);
/* The line shown, or NULL. */
const char  *monia_case_row_get_deadline_text (MoniaCaseRow *self);

/* A case's status ("open", "assessment", …) as a person reads it. */
const char  *monia_case_status_to_label  (const char   *status);

G_END_DECLS
