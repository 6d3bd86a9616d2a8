/* monia-case-page-private.h — the case page's parts, for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "monia-case-page.h"
#include "monia-conflict-group.h"

G_BEGIN_DECLS

/* The title of the toast shown last, or NULL. */
const char *_monia_case_page_get_last_toast (MoniaCasePage *self);

/* The "Conflicting Changes" group above the sections. */
MoniaConflictGroup *_monia_case_page_get_conflict_group (MoniaCasePage *self);

G_END_DECLS
