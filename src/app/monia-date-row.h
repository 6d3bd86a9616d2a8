/* monia-date-row.h — a row showing a day, with a calendar to choose another
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MONIA_TYPE_DATE_ROW (monia_date_row_get_type ())

G_DECLARE_FINAL_TYPE (MoniaDateRow, monia_date_row, MONIA, DATE_ROW, AdwActionRow)

GtkWidget *monia_date_row_new         (void);
/* FALSE (and @out cleared) when no day is set. */
gboolean   monia_date_row_get_date    (MoniaDateRow *self,
                                       GDate        *out);
/* Shows @date (NULL or invalid: none) without ::date-chosen. */
void       monia_date_row_set_date    (MoniaDateRow *self,
                                       const GDate  *date);
void       monia_date_row_set_iso     (MoniaDateRow *self,
                                       const char   *iso);
/* As if the person picked @date in the calendar: emits ::date-chosen. */
void       monia_date_row_choose      (MoniaDateRow *self,
                                       const GDate  *date);
void       monia_date_row_set_placeholder (MoniaDateRow *self,
                                           const char   *text);

G_END_DECLS
