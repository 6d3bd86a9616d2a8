/* monia-catalogue-ops.h — the service catalogue: adding, editing and
 * deleting the services families are directed to
 *
 * As with the case operations, each checks its input and writes through
 * monia_store_apply(); errors are MONIA_ERROR with a message a person can
 * act on, and monia_error_get_field() names the field it is about.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "monia-store.h"

G_BEGIN_DECLS

/* The sectors a service may be of, NULL-terminated: "public", "municipal",
 * "parish", "third_sector", "digital". */
const char * const *monia_service_sector_ids  (void);
/* The fields of a service a person writes, NULL-terminated, in the order
 * shown: "name", "provider", "area", "target_group", "contact",
 * "description". */
const char * const *monia_service_text_fields (void);

/* What a new service holds; NULL or blank leaves a field empty. */
typedef struct
{
  const char *name;          /* needed */
  const char *provider;
  const char *sector;        /* one of monia_service_sector_ids() */
  const char *area;
  const char *target_group;
  const char *contact;
  const char *description;
} MoniaServiceSpec;

void      monia_service_spec_init           (MoniaServiceSpec        *spec);

/* Adds a service to the catalogue, its texts trimmed; returns its id. */
char     *monia_catalogue_add_service       (MoniaStore              *store,
                                             const MoniaServiceSpec  *spec,
                                             GError                 **error);
/* Saves one field of a service: one of monia_service_text_fields() or
 * "sector"; NULL or blank empties it (a name cannot be emptied). */
gboolean  monia_catalogue_set_service_field (MoniaStore              *store,
                                             const char              *service_id,
                                             const char              *field,
                                             const char              *value,
                                             GError                 **error);
gboolean  monia_catalogue_delete_service    (MoniaStore              *store,
                                             const char              *service_id,
                                             GError                 **error);

G_END_DECLS
