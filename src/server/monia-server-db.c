/* monia-server-db.c — what both database backends share: the statement cache and failures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-server-db"

#include "config.h"

#include "monia-server-db.h"

void
_monia_server_db_fail (MoniaServerDb      *db,
                       MoniaServerFailure  failure,
                       const char         *message)
{
  g_free (db->message);
  db->message = g_strdup (message != NULL ? message : "unknown error");
  db->failure = failure;
}

static void
finalize_statement (gpointer data)
{
  MoniaServerStmt *stmt = data;

  stmt->db->klass->finalize (stmt);
}

void
_monia_server_db_init (MoniaServerDb            *db,
                       const MoniaServerDbClass *klass)
{
  db->klass = klass;
  db->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_ptr_array_unref);
}

/* Statements in use up the stack stay until they are given back; they fail
 * when stepped, as their connection is gone. */
static gboolean
drop_old (gpointer key,
          gpointer value,
          gpointer data)
{
  GPtrArray *copies = value;
  MoniaServerDb *db = data;

  for (guint i = copies->len; i > 0; i--)
    {
      MoniaServerStmt *stmt = copies->pdata[i - 1];

      if (stmt->generation != db->generation && !stmt->active)
        g_ptr_array_remove_index_fast (copies, i - 1);
    }
  return copies->len == 0;
}

void
_monia_server_db_new_connection (MoniaServerDb *db)
{
  db->generation++;
  g_hash_table_foreach_remove (db->statements, drop_old, db);
}

void
_monia_server_db_close (MoniaServerDb *db)
{
  if (db == NULL)
    return;
  /* The statements go before the connection they belong to. */
  g_clear_pointer (&db->statements, g_hash_table_unref);
  g_clear_pointer (&db->message, g_free);
  db->klass->close (db);
}

MoniaServerStmt *
_monia_server_db_prepare (MoniaServerDb *db,
                          const char    *sql)
{
  GPtrArray *copies;
  MoniaServerStmt *stmt;

  /* Before the lookup: connecting again drops the old connection's. */
  if (db->klass->ensure != NULL && !db->klass->ensure (db))
    return NULL;
  copies = g_hash_table_lookup (db->statements, sql);
  if (copies == NULL)
    {
      copies = g_ptr_array_new_with_free_func (finalize_statement);
      g_hash_table_insert (db->statements, g_strdup (sql), copies);
    }
  /* A copy that is stepping belongs to a caller up the stack. */
  for (guint i = 0; i < copies->len; i++)
    {
      stmt = copies->pdata[i];
      if (!stmt->active && stmt->generation == db->generation)
        {
          db->klass->reset (stmt);
          stmt->active = TRUE;
          return stmt;
        }
    }

  stmt = db->klass->prepare (db, sql);
  if (stmt == NULL)
    return NULL;
  stmt->db = db;
  stmt->generation = db->generation;
  stmt->active = TRUE;
  g_ptr_array_add (copies, stmt);
  return stmt;
}

void
_monia_server_db_release (MoniaServerStmt *stmt)
{
  /* Ends its read of the database; the cache keeps it for next time. */
  if (stmt == NULL)
    return;
  stmt->db->klass->reset (stmt);
  stmt->active = FALSE;
}
