/* monia-server-migrate.c — moving a region's store from its SQLite file into PostgreSQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-server-migrate"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "monia-core.h"
#include "monia-server-store-private.h"

/* Every table of the store, parents first, with the columns both schemas
 * have (PostgreSQL's own identity columns fill themselves in the order the
 * rows come). A table added to the schema is added here too. */
static const struct
{
  const char *table;
  const char *columns;
  const char *order;
} tables[] = {
  { "meta", "key, value", "key" },
  { "accounts", "id, login, name, org, team, team_id, role, password_hash, created_at, disabled", "id" },
  { "tokens", "hash, account_id, device, created_at, expires_at", "rowid" },
  { "login_attempts", "login, address, at, ok", "id" },
  { "records", "kind, id, case_id, feed, rev, deleted, fields, field_revs, created_by, created_at,"
               " updated_by, updated_at", "kind, id" },
  { "record_history", "kind, record_id, rev, op, fields, actor, at, mutation_id", "kind, record_id, rev" },
  { "feeds", "feed, seq", "feed" },
  { "feed_entries", "feed, kind, record_id, seq", "feed, seq" },
  { "case_members", "case_id, account_id, via, until", "case_id, account_id, via" },
  { "served_cases", "account_id, case_id", "account_id, case_id" },
  { "applied_mutations", "mutation_id, account_id, at, result", "account_id, mutation_id" },
  { "conflicts", "id, case_id, record_kind, record_id, field, base_rev, base_value, theirs_value, theirs_rev,"
                 " theirs_by, mine_value, mine_by, mutation_id, created_at, resolved_at, resolved_by", "id" },
  { "audit", "seq, at, actor, action, record_kind, record_id, case_id, person_ids, reason, device,"
             " prev_hash, hash", "seq" },
  { "settings", "key, value", "key" },
  { "web_hits", "address, action, at", "id" },
  { "ask_forms", "nonce, at", "nonce" },
  { "ask_codes", "code, request_id, created_at", "code" },
};

static guint
count_columns (const char *columns)
{
  guint n = 1;

  for (const char *p = columns; *p != '\0'; p++)
    n += *p == ',';
  return n;
}

static gboolean
copy_table (MoniaServerStore  *source,
            MoniaServerDb     *target,
            guint              t,
            gint64            *rows,
            GError           **error)
{
  g_autofree char *select = g_strdup_printf ("SELECT %s FROM %s ORDER BY %s",
                                             tables[t].columns, tables[t].table, tables[t].order);
  g_autofree char *into = g_strdup_printf ("%s (%s)", tables[t].table, tables[t].columns);
  g_autoptr(MoniaServerStmt) stmt = NULL;
  g_autoptr(GString) buffer = g_string_sized_new (300 * 1024);
  guint n = count_columns (tables[t].columns);
  g_autofree const char **values = g_new0 (const char *, n);
  MoniaServerStep step;

  stmt = _monia_server_prepare (source, select, error);
  if (stmt == NULL)
    return FALSE;
  if (!_monia_server_db_pg_copy_begin (target, into))
    goto failed;
  while ((step = _monia_server_step (stmt)) == MONIA_SERVER_ROW)
    {
      for (guint c = 0; c < n; c++)
        values[c] = _monia_server_column_text (stmt, (int) c);
      if (!_monia_server_db_pg_copy_row (target, values, n, buffer))
        {
          _monia_server_db_pg_copy_end (target, buffer);
          goto failed;
        }
      (*rows)++;
    }
  if (step != MONIA_SERVER_DONE)
    {
      _monia_server_db_pg_copy_end (target, buffer);
      return _monia_server_set_error (source, error);
    }
  if (!_monia_server_db_pg_copy_end (target, buffer))
    goto failed;
  return TRUE;

failed:
  g_set_error (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_STORE,
               /* Translators: the first %s is a table's name, the second the database's message */
               _("Copying the table “%s” into the database failed: %s"), tables[t].table, target->message);
  return FALSE;
}

gboolean
monia_server_store_migrate (const char  *from_dir,
                            const char  *to,
                            gint64      *out_rows,
                            gint64      *out_entries,
                            GError     **error)
{
  g_autoptr(MoniaServerStore) source = NULL;
  g_autoptr(MoniaServerStore) moved = NULL;
  g_autofree char *message = NULL;
  MoniaServerDb *target = NULL;
  MoniaAuditEntry entry = { 0 };
  gint64 before = 0, after = 0, rows = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (from_dir != NULL && to != NULL, FALSE);

  if (!g_str_has_prefix (to, "postgresql://") && !g_str_has_prefix (to, "postgres://"))
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("“%s” is not a PostgreSQL URI (postgresql://…)."), to);
      return FALSE;
    }
  /* The source as the server would open it: its keys, its newest schema. */
  source = monia_server_store_open (from_dir, FALSE, error);
  if (source == NULL)
    return FALSE;
  /* Only an intact chain is carried over. */
  if (!monia_server_store_audit_verify (source, &before, error))
    return FALSE;

  target = _monia_server_db_open_pg (to, &message);
  if (target == NULL)
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_STORE,
                   _("The server database “%s” could not be reached: %s"), to, message);
      return FALSE;
    }
  if (_monia_server_db_pg_has_store (target))
    {
      g_set_error (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_EXISTS,
                   _("The database holds a server store already; move a region only into an empty database."));
      goto out;
    }

  /* One view of the source, one transaction in the target: a move is
   * whole or not at all. */
  if (!_monia_server_begin_snapshot (source, error))
    goto out;
  if (!target->klass->begin (target, MONIA_SERVER_TX_WRITE) ||
      !target->klass->exec (target, _monia_server_pg_schema))
    {
      g_set_error (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_STORE,
                   _("The server database failed: %s"), target->message);
      _monia_server_rollback (source);
      target->klass->rollback (target);
      goto out;
    }
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    if (!copy_table (source, target, t, &rows, error))
      {
        _monia_server_rollback (source);
        target->klass->rollback (target);
        goto out;
      }
  _monia_server_rollback (source);
  if (!target->klass->commit (target))
    {
      g_set_error (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_STORE,
                   _("The server database failed: %s"), target->message);
      goto out;
    }
  g_clear_pointer (&target, _monia_server_db_close);

  /* The copy, checked as a server will use it: with the same key. */
  moved = monia_server_store_open_database (from_dir, to, FALSE, error);
  if (moved == NULL || !monia_server_store_audit_verify (moved, &after, error))
    goto out;
  if (after != before)
    {
      g_set_error (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_AUDIT,
                   _("The audit log has %lld entries in the database but %lld in the folder."),
                   (long long) after, (long long) before);
      goto out;
    }
  entry.action = "store_migrated";
  entry.device = "monia-server";
  entry.reason = "sqlite_to_postgresql";
  if (!monia_server_store_audit (moved, &entry, error))
    goto out;

  if (out_rows != NULL)
    *out_rows = rows;
  if (out_entries != NULL)
    *out_entries = after + 1;
  ok = TRUE;

out:
  g_clear_pointer (&target, _monia_server_db_close);
  return ok;
}
