/* monia-measure-row.h — a measure of a client plan, as a row of the plan
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "monia-core.h"

G_BEGIN_DECLS

#define MONIA_TYPE_MEASURE_ROW (monia_measure_row_get_type ())

G_DECLARE_FINAL_TYPE (MoniaMeasureRow, monia_measure_row, MONIA, MEASURE_ROW, AdwActionRow)

GtkWidget *monia_measure_row_new     (MoniaStore      *store,
                                      MoniaRecord     *measure,
                                      gboolean         editable);
/* Shows the measure (who provides it, when, for which goal) as the store
 * holds it now; its status can be changed while @editable. */
void       monia_measure_row_refresh (MoniaMeasureRow *self,
                                      gboolean         editable);
/* Who provides @measure: "organisation, professional", either alone, or
 * NULL when neither is named. */
char      *monia_measure_dup_provider (MoniaStore     *store,
                                       MoniaRecord    *measure);

G_END_DECLS
