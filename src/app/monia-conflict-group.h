/* monia-conflict-group.h — a case's conflicting changes, and the choice
 * between them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "monia-core.h"

G_BEGIN_DECLS

#define MONIA_TYPE_CONFLICT_GROUP (monia_conflict_group_get_type ())

G_DECLARE_FINAL_TYPE (MoniaConflictGroup, monia_conflict_group, MONIA, CONFLICT_GROUP, AdwBin)

/* Shows the open conflicts of @case_id and follows the store; hides itself
 * while there are none. */
GtkWidget    *monia_conflict_group_new               (MoniaStore         *store,
                                                      const char         *case_id);

/* For tests. */
guint         _monia_conflict_group_get_n_conflicts  (MoniaConflictGroup *self);
AdwActionRow *_monia_conflict_group_get_row          (MoniaConflictGroup *self,
                                                      guint               index);
GtkButton    *_monia_conflict_group_get_keep_button  (MoniaConflictGroup *self,
                                                      guint               index,
                                                      gboolean            yours);

G_END_DECLS
