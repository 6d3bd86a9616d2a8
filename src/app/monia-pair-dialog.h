/* monia-pair-dialog.h — forms a work pair of two professionals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "monia-core.h"

G_BEGIN_DECLS

#define MONIA_TYPE_PAIR_DIALOG (monia_pair_dialog_get_type ())

G_DECLARE_FINAL_TYPE (MoniaPairDialog, monia_pair_dialog, MONIA, PAIR_DIALOG, AdwWindow)

/* Offers the professionals of @store, @first_id (may be NULL) chosen first,
 * active from today. Forming the pair saves it, emits ::pair-formed with
 * its id and closes; a mistake is said in the dialog, which stays open. */
MoniaPairDialog *monia_pair_dialog_new (MoniaStore *store,
                                        const char *first_id);

G_END_DECLS
