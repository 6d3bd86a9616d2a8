/* monia-server-db-pg.c — placeholder until the PostgreSQL backend lands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "monia-server-db.h"
#include "monia-server-store.h"

const char _monia_server_pg_schema[] = "";
const char * const _monia_server_pg_migrations[MONIA_SERVER_STORE_SCHEMA_VERSION + 1] = { NULL };

MoniaServerDb *
_monia_server_db_open_pg (const char  *uri,
                          char       **out_message)
{
  *out_message = g_strdup ("this monia-server was built without PostgreSQL");
  return NULL;
}

gboolean
_monia_server_db_pg_has_store (MoniaServerDb *db)
{
  return FALSE;
}
