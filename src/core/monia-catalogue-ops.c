/* monia-catalogue-ops.c — the service catalogue: adding, editing and
 * deleting the services families are directed to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-catalogue-ops"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "monia-catalogue-ops.h"
#include "monia-error.h"

static const char * const sector_ids[] = {
  "public", "municipal", "parish", "third_sector", "digital", NULL,
};

static const char * const text_fields[] = {
  "name", "provider", "area", "target_group", "contact", "description", NULL,
};

const char * const *
monia_service_sector_ids (void)
{
  return sector_ids;
}

const char * const *
monia_service_text_fields (void)
{
  return text_fields;
}

void
monia_service_spec_init (MoniaServiceSpec *spec)
{
  g_return_if_fail (spec != NULL);

  *spec = (MoniaServiceSpec) { NULL };
}

static gboolean
is_one_of (const char         *value,
           const char * const *values)
{
  for (guint i = 0; value != NULL && values[i] != NULL; i++)
    if (g_str_equal (value, values[i]))
      return TRUE;
  return FALSE;
}

/* What is stored for a typed text: trimmed, and nothing for blank. */
static char *
dup_value (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));

  return copy[0] != '\0' ? g_steal_pointer (&copy) : NULL;
}

/* Sets @field of @m to @text as stored, or clears it; FALSE with @error if
 * the catalogue cannot take it. */
static gboolean
set_field (MoniaMutation  *m,
           const char     *field,
           const char     *text,
           GError        **error)
{
  g_autofree char *value = dup_value (text);

  if (value == NULL && g_str_equal (field, "name"))
    {
      monia_set_field_error (error, MONIA_ERROR_INVALID_INPUT, "name", _("A service needs a name."));
      return FALSE;
    }
  if (value != NULL && g_str_equal (field, "sector") && !is_one_of (value, sector_ids))
    {
      monia_set_field_error (error, MONIA_ERROR_INVALID_INPUT, "sector", _("Choose the sector from the list."));
      return FALSE;
    }

  if (value != NULL)
    monia_mutation_set_string (m, field, value);
  else
    monia_mutation_set (m, field, NULL);
  return TRUE;
}

static MoniaRecord *
get_service (MoniaStore  *store,
             const char  *service_id,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  MoniaRecord *service = service_id != NULL ? monia_store_get (store, "service", service_id, &local_error) : NULL;

  if (service == NULL && (local_error == NULL || g_error_matches (local_error, MONIA_ERROR, MONIA_ERROR_NOT_FOUND)))
    g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_NOT_FOUND, _("The service is no longer in the catalogue."));
  else if (service == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return service;
}

char *
monia_catalogue_add_service (MoniaStore              *store,
                             const MoniaServiceSpec  *spec,
                             GError                 **error)
{
  g_autoptr(MoniaMutation) m = NULL;
  const char *values[] = { spec->name, spec->provider, spec->area, spec->target_group, spec->contact,
                           spec->description };

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);
  g_return_val_if_fail (spec != NULL, NULL);
  G_STATIC_ASSERT (G_N_ELEMENTS (values) == G_N_ELEMENTS (text_fields) - 1);

  m = monia_mutation_new_create ("service");
  for (guint i = 0; text_fields[i] != NULL; i++)
    if (!set_field (m, text_fields[i], values[i], error))
      return NULL;
  if (!set_field (m, "sector", spec->sector, error) || !monia_store_apply_one (store, m, error))
    return NULL;
  return g_strdup (monia_mutation_get_record_id (m));
}

gboolean
monia_catalogue_set_service_field (MoniaStore  *store,
                                   const char  *service_id,
                                   const char  *field,
                                   const char  *value,
                                   GError     **error)
{
  g_autoptr(MoniaRecord) service = NULL;
  g_autoptr(MoniaMutation) m = NULL;

  g_return_val_if_fail (MONIA_IS_STORE (store), FALSE);
  g_return_val_if_fail (is_one_of (field, text_fields) || g_strcmp0 (field, "sector") == 0, FALSE);

  service = get_service (store, service_id, error);
  if (service == NULL)
    return FALSE;

  m = monia_mutation_new_update ("service", service_id);
  return set_field (m, field, value, error) && monia_store_apply_one (store, m, error);
}

gboolean
monia_catalogue_delete_service (MoniaStore  *store,
                                const char  *service_id,
                                GError     **error)
{
  g_autoptr(MoniaRecord) service = NULL;
  g_autoptr(MoniaMutation) m = NULL;

  g_return_val_if_fail (MONIA_IS_STORE (store), FALSE);

  service = get_service (store, service_id, error);
  if (service == NULL)
    return FALSE;

  m = monia_mutation_new_delete ("service", service_id);
  return monia_store_apply_one (store, m, error);
}
