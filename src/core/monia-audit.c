/* monia-audit.c — who looked at a case, and who gave its plan out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-audit"

#include "config.h"

#include "monia-audit.h"
#include "monia-calendar.h"

/* An audit event by the store's author, now, on this device. */
static MoniaMutation *
new_event (MoniaStore *store,
           const char *action)
{
  MoniaMutation *m = monia_mutation_new_create ("audit_event");
  const char *author = monia_store_get_author (store);

  monia_mutation_set_int (m, "at", g_get_real_time () / G_USEC_PER_SEC);
  if (author != NULL)
    monia_mutation_set_string (m, "actor_id", author);
  monia_mutation_set_string (m, "action", action);
  monia_mutation_set_string (m, "device_id", monia_store_get_device_id (store));
  return m;
}

static gboolean
record_event (MoniaStore  *store,
              const char  *action,
              const char  *record_kind,
              const char  *record_id,
              const char  *case_id,
              GError     **error)
{
  g_autoptr(MoniaMutation) m = new_event (store, action);

  monia_mutation_set_string (m, "record_kind", record_kind);
  monia_mutation_set_string (m, "record_id", record_id);
  monia_mutation_set_string (m, "case_id", case_id);
  return monia_store_apply_one (store, m, error);
}

gboolean
monia_audit_record_case_view (MoniaStore  *store,
                              const char  *case_id,
                              GError     **error)
{
  g_autoptr(MoniaRecord) case_record = NULL;

  g_return_val_if_fail (MONIA_IS_STORE (store), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);

  case_record = monia_store_get (store, "case", case_id, error);
  if (case_record == NULL)
    return FALSE;
  return record_event (store, "view", "case", case_id, case_id, error);
}

gboolean
monia_audit_record_plan_output (MoniaStore  *store,
                                const char  *plan_id,
                                const char  *action,
                                GError     **error)
{
  g_autoptr(MoniaRecord) plan = NULL;

  g_return_val_if_fail (MONIA_IS_STORE (store), FALSE);
  g_return_val_if_fail (plan_id != NULL, FALSE);
  g_return_val_if_fail (g_strcmp0 (action, "print") == 0 || g_strcmp0 (action, "export") == 0, FALSE);

  plan = monia_store_get (store, "plan", plan_id, error);
  if (plan == NULL)
    return FALSE;
  return record_event (store, action, "plan", plan_id, monia_record_get_string (plan, "case_id"), error);
}

gboolean
monia_audit_record_thl_output (MoniaStore   *store,
                               const GDate  *from,
                               const GDate  *to,
                               const char   *action,
                               GError      **error)
{
  g_autoptr(MoniaMutation) m = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *reason = NULL;

  g_return_val_if_fail (MONIA_IS_STORE (store), FALSE);
  g_return_val_if_fail (from != NULL && g_date_valid (from), FALSE);
  g_return_val_if_fail (to != NULL && g_date_valid (to), FALSE);
  g_return_val_if_fail (g_strcmp0 (action, "print") == 0 || g_strcmp0 (action, "export") == 0, FALSE);

  first = monia_date_format_iso (from);
  last = monia_date_format_iso (to);
  reason = g_strdup_printf ("thl_return %s/%s", first, last);
  m = new_event (store, action);
  monia_mutation_set_string (m, "reason", reason);
  return monia_store_apply_one (store, m, error);
}
