/* monia-person-dialog.h — adds a person to a case, or edits or removes one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "monia-core.h"

G_BEGIN_DECLS

#define MONIA_TYPE_PERSON_DIALOG (monia_person_dialog_get_type ())

G_DECLARE_FINAL_TYPE (MoniaPersonDialog, monia_person_dialog, MONIA, PERSON_DIALOG, AdwWindow)

/* With @person_id NULL the dialog adds a new person; otherwise it edits
 * that person of the case. @may_link: whether the person at the desk may
 * change who is in the case (add, remove, change the relation). */
MoniaPersonDialog *monia_person_dialog_new (MoniaStore *store,
                                            const char *case_id,
                                            const char *person_id,
                                            gboolean    may_link);

G_END_DECLS
