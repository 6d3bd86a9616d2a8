/* monia-audit.h — who looked at a case, and who gave its plan out
 *
 * Reading a case leaves an audit event in the store, sent with the next
 * sync like any change; the server keeps them in the case's record.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "monia-store.h"

G_BEGIN_DECLS

/* The store's author opened @case_id now. */
gboolean monia_audit_record_case_view   (MoniaStore  *store,
                                         const char  *case_id,
                                         GError     **error);
/* The store's author printed (@action "print") or exported ("export") the
 * plan @plan_id now. */
gboolean monia_audit_record_plan_output (MoniaStore  *store,
                                         const char  *plan_id,
                                         const char  *action,
                                         GError     **error);
/* The store's author printed or exported (@action) the THL half-year
 * return of @from to @to now. It names no record (the server takes audit
 * events of known records only): its reason says which return it was. */
gboolean monia_audit_record_thl_output  (MoniaStore  *store,
                                         const GDate *from,
                                         const GDate *to,
                                         const char  *action,
                                         GError     **error);

G_END_DECLS
