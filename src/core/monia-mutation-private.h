/* monia-mutation-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "monia-mutation.h"

G_BEGIN_DECLS

/* For the store and sync: a mutation read back from the change log. */
MoniaMutation *_monia_mutation_new_full      (const char    *mutation_id,
                                              const char    *kind,
                                              const char    *record_id,
                                              MoniaOp        op,
                                              gint64         base_rev);
void           _monia_mutation_set_base_rev  (MoniaMutation *self,
                                              gint64         base_rev);
void           _monia_mutation_set_old_value (MoniaMutation *self,
                                              guint          index,
                                              GVariant      *old_value);
void           _monia_mutation_remove_change (MoniaMutation *self,
                                              guint          index);

G_END_DECLS
