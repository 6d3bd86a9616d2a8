/* monia-person-row.h — a person of a case, as a row of the case page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "monia-core.h"

G_BEGIN_DECLS

#define MONIA_TYPE_PERSON_ROW (monia_person_row_get_type ())

G_DECLARE_FINAL_TYPE (MoniaPersonRow, monia_person_row, MONIA, PERSON_ROW, AdwActionRow)

/* @link: the case_person record. */
GtkWidget  *monia_person_row_new           (MoniaStore     *store,
                                            MoniaRecord    *link);
/* Shows the person as the store holds them now. */
void        monia_person_row_refresh       (MoniaPersonRow *self);
const char *monia_person_row_get_person_id (MoniaPersonRow *self);

G_END_DECLS
