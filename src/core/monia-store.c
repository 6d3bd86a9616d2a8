/* monia-store.c — the local SQLite store: the object, its statements and errors
 *
 * The store's other files, sharing monia-store-private.h: monia-store-open.c
 * opens the file and brings its schema up to date, monia-store-write.c is
 * the one write path and the change log, monia-store-read.c the reads and
 * search, monia-store-schema.c the tables and their migrations,
 * monia-store-sync.c the store's side of synchronisation, and
 * monia-store-locks.c keeps SQLite's locks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "monia-error.h"
#include "monia-hetu.h"
#include "monia-store-private.h"

G_DEFINE_FINAL_TYPE (MoniaStore, monia_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_AUTHOR,
  N_PROPS
};

enum {
  RECORD_CHANGED,
  COMMITTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Errors ------------------------------------------------------------------ */

static void
set_sqlite_error (MoniaStore  *self,
                  sqlite3     *db,
                  int          rc,
                  GError     **error)
{
  const char *name = self ? self->display_name : "";

  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_CORRUPT_STORE,
                   _("The database “%s” is damaged. Monia has not changed it. "
                     "Restore it from a backup, or move it aside and sync again from the server."),
                   name);
      break;
    case SQLITE_FULL:
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_STORE,
                   _("The disk is full, so the change could not be saved. Free some space and try again."));
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_STORE,
                   _("The database “%s” cannot be written. Check that the folder is yours and writable."),
                   name);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_STORE,
                   _("The database “%s” is in use by another program. Close it and try again."),
                   name);
      break;
    case SQLITE_CONSTRAINT:
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("The change refers to a record that does not exist, or repeats one that does."));
      break;
    default:
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_STORE,
                   /* Translators: %s is the database's own message, in English */
                   _("Could not read or write the database: %s"),
                   db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      break;
    }
}

/* Statements -------------------------------------------------------------- */

sqlite3_stmt *
_monia_store_statement (MoniaStore  *self,
                        const char  *sql,
                        GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, self->db, rc, error);
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

/* The same for SQL text that lives as long as the program and never
 * changes (a literal, or text made once): found by its address, without
 * hashing text of some hundred characters for every row a sync writes. */
sqlite3_stmt *
_monia_store_static_statement (MoniaStore  *self,
                               const char  *sql,
                               GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->by_address, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  stmt = _monia_store_statement (self, sql, error);
  if (stmt != NULL)
    g_hash_table_insert (self->by_address, (gpointer) sql, stmt);
  return stmt;
}

gboolean
_monia_store_exec (MoniaStore  *self,
                   const char  *sql,
                   GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, self->db, rc, error);
      return FALSE;
    }
  return TRUE;
}

/* Pulled records are written with foreign keys off (see
 * monia-store-sync.c), edits made here with them on. Switching either way
 * makes SQLite prepare every statement again, so the switch is made only
 * when the other kind of write comes: a sync writing lot after lot
 * switches once. Outside a transaction only: inside one SQLite ignores it. */
gboolean
_monia_store_set_foreign_keys (MoniaStore  *self,
                               gboolean     on,
                               GError     **error)
{
  g_return_val_if_fail (sqlite3_get_autocommit (self->db), FALSE);

  if (self->foreign_keys_off != on)
    return TRUE;
  if (!_monia_store_exec (self, on ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF", error))
    return FALSE;
  self->foreign_keys_off = !on;
  return TRUE;
}

void
_monia_store_bind_value (sqlite3_stmt *stmt,
                         int           index,
                         GVariant     *value)
{
  if (value == NULL)
    sqlite3_bind_null (stmt, index);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    sqlite3_bind_text (stmt, index, g_variant_get_string (value, NULL), -1, SQLITE_STATIC);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    sqlite3_bind_int64 (stmt, index, g_variant_get_int64 (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    sqlite3_bind_int (stmt, index, g_variant_get_boolean (value) ? 1 : 0);
  else
    g_return_if_reached ();
}

GVariant *
_monia_store_column_value (sqlite3_stmt   *stmt,
                           int             column,
                           MoniaFieldType  type)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;

  switch (type)
    {
    case MONIA_FIELD_TEXT:
    case MONIA_FIELD_DATE:
    case MONIA_FIELD_REF:
      {
        const char *text = (const char *) sqlite3_column_text (stmt, column);

        /* Only a damaged or tampered file holds invalid text: show what can be. */
        if (G_UNLIKELY (!g_utf8_validate (text, -1, NULL)))
          return g_variant_new_take_string (g_utf8_make_valid (text, -1));
        return g_variant_new_string (text);
      }
    case MONIA_FIELD_INT:
    case MONIA_FIELD_TIME:
      return g_variant_new_int64 (sqlite3_column_int64 (stmt, column));
    case MONIA_FIELD_BOOL:
      return g_variant_new_boolean (sqlite3_column_int (stmt, column) != 0);
    default:
      g_return_val_if_reached (NULL);
    }
}

gint64
_monia_store_count_rows (MoniaStore *self,
                         const char *sql)
{
  sqlite3_stmt *stmt = _monia_store_statement (self, sql, NULL);
  gint64 count = -1;

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

/* The meta table ---------------------------------------------------------- */

char *
_monia_store_read_meta (MoniaStore *self,
                        const char *key)
{
  sqlite3_stmt *stmt = _monia_store_statement (self, "SELECT value FROM meta WHERE key = ?", NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

gboolean
_monia_store_write_meta (MoniaStore  *self,
                         const char  *key,
                         const char  *value,
                         GError     **error)
{
  sqlite3_stmt *stmt = _monia_store_statement (self, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, self->db, rc, error);
      return FALSE;
    }
  return TRUE;
}

/* Object ------------------------------------------------------------------ */

static void
monia_store_finalize (GObject *object)
{
  MoniaStore *self = (MoniaStore *) object;

  g_clear_pointer (&self->by_address, g_hash_table_unref);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_free (self->path);
  g_free (self->display_name);
  g_free (self->device_id);
  g_free (self->author);

  G_OBJECT_CLASS (monia_store_parent_class)->finalize (object);
}

static void
monia_store_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  MoniaStore *self = MONIA_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_AUTHOR:
      g_value_set_string (value, self->author);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
monia_store_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  MoniaStore *self = MONIA_STORE (object);

  switch (prop_id)
    {
    case PROP_AUTHOR:
      monia_store_set_author (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
monia_store_class_init (MoniaStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = monia_store_finalize;
  object_class->get_property = monia_store_get_property;
  object_class->set_property = monia_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_AUTHOR] =
    g_param_spec_string ("author", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MoniaStore::record-changed:
   * @kind: the record kind's name
   * @id: the record's id
   *
   * A record was created, changed or deleted; emitted after the commit.
   */
  signals[RECORD_CHANGED] =
    g_signal_new ("record-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * MoniaStore::committed:
   *
   * Emitted once after each applied batch, after its ::record-changed
   * emissions, so views can refresh once per batch.
   */
  signals[COMMITTED] =
    g_signal_new ("committed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
monia_store_init (MoniaStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
  self->by_address = g_hash_table_new (NULL, NULL);
}

const char *
monia_store_get_path (MoniaStore *self)
{
  g_return_val_if_fail (MONIA_IS_STORE (self), NULL);
  return self->path;
}

const char *
monia_store_get_device_id (MoniaStore *self)
{
  g_return_val_if_fail (MONIA_IS_STORE (self), NULL);
  return self->device_id;
}

int
monia_store_get_schema_version (MoniaStore *self)
{
  g_return_val_if_fail (MONIA_IS_STORE (self), 0);
  return self->schema_version;
}

void
monia_store_set_author (MoniaStore *self,
                        const char *author_id)
{
  g_return_if_fail (MONIA_IS_STORE (self));

  if (g_strcmp0 (self->author, author_id) == 0)
    return;

  g_free (self->author);
  self->author = g_strdup (author_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTHOR]);
}

const char *
monia_store_get_author (MoniaStore *self)
{
  g_return_val_if_fail (MONIA_IS_STORE (self), NULL);
  return self->author;
}

gboolean
monia_store_mark_demo (MoniaStore  *self,
                       GError     **error)
{
  g_return_val_if_fail (MONIA_IS_STORE (self), FALSE);

  if (self->is_demo)
    return TRUE;
  if (!_monia_store_write_meta (self, "demo", "1", error))
    return FALSE;
  self->is_demo = TRUE;
  return TRUE;
}

gboolean
monia_store_is_demo (MoniaStore *self)
{
  g_return_val_if_fail (MONIA_IS_STORE (self), FALSE);
  return self->is_demo;
}

gboolean
monia_store_check_integrity (MoniaStore  *self,
                             GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (MONIA_IS_STORE (self), FALSE);

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA integrity_check(1)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    ok = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);

  if (!ok)
    set_sqlite_error (self, self->db, rc == SQLITE_ROW ? SQLITE_CORRUPT : rc, error);
  return ok;
}

/* Convenience ------------------------------------------------------------- */

static char *
today_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

char *
monia_store_create_case (MoniaStore  *self,
                         const char  *title,
                         const char  *person_name,
                         const char  *hetu,
                         GError     **error)
{
  g_autoptr(MoniaMutation) person = NULL;
  g_autoptr(MoniaMutation) case_ = NULL;
  g_autoptr(MoniaMutation) link = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new ();
  g_autofree char *clean_title = NULL;
  g_autofree char *clean_name = NULL;
  g_autofree char *today = today_iso ();
  MoniaHetu parsed;

  g_return_val_if_fail (MONIA_IS_STORE (self), NULL);

  clean_title = g_strstrip (g_strdup (title ? title : ""));
  clean_name = g_strstrip (g_strdup (person_name ? person_name : ""));

  if (clean_title[0] == '\0')
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT, _("Give the case a title."));
      return NULL;
    }
  if (clean_name[0] == '\0')
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT, _("Give the person’s name."));
      return NULL;
    }

  person = monia_mutation_new_create ("person");
  monia_mutation_set_string (person, "name", clean_name);
  if (hetu != NULL && *hetu != '\0')
    {
      if (!monia_hetu_parse (hetu, &parsed, error))
        return NULL;
      monia_mutation_set_string (person, "hetu", parsed.code);
      monia_mutation_set_date (person, "birth_date", &parsed.birth_date);
    }

  case_ = monia_mutation_new_create ("case");
  monia_mutation_set_string (case_, "title", clean_title);
  monia_mutation_set_string (case_, "status", "open");
  monia_mutation_set_string (case_, "opened_on", today);
  if (self->author != NULL)
    monia_mutation_set_string (case_, "owner_id", self->author);

  link = monia_mutation_new_create ("case_person");
  monia_mutation_set_string (link, "case_id", monia_mutation_get_record_id (case_));
  monia_mutation_set_string (link, "person_id", monia_mutation_get_record_id (person));
  monia_mutation_set_string (link, "relation", "client");

  g_ptr_array_add (batch, person);
  g_ptr_array_add (batch, case_);
  g_ptr_array_add (batch, link);
  if (!monia_store_apply (self, batch, error))
    return NULL;

  return g_strdup (monia_mutation_get_record_id (case_));
}

/* For the store's other files --------------------------------------------- */

sqlite3 *
_monia_store_get_db (MoniaStore *self)
{
  return self->db;
}

const char *
_monia_store_get_display_name (MoniaStore *self)
{
  return self->display_name;
}

void
_monia_store_set_error (MoniaStore  *self,
                        int          rc,
                        GError     **error)
{
  set_sqlite_error (self, self->db, rc, error);
}

void
_monia_store_emit_changed (MoniaStore *self,
                           const char *kind,
                           const char *id)
{
  g_signal_emit (self, signals[RECORD_CHANGED], 0, kind, id);
}

void
_monia_store_emit_committed (MoniaStore *self)
{
  g_signal_emit (self, signals[COMMITTED], 0);
}
