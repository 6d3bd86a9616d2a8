/* monia-server-audit.c — the audit chain, keyed outside the database; its keys, verification, checkpoints and upgrade
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-server-audit"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "monia-core.h"
#include "monia-server-store-private.h"

#define AUDIT_KEY_BYTES 32
G_STATIC_ASSERT (AUDIT_KEY_BYTES >= crypto_generichash_KEYBYTES_MIN &&
                 AUDIT_KEY_BYTES <= crypto_generichash_KEYBYTES_MAX);
G_STATIC_ASSERT (crypto_sign_SEEDBYTES == 32);

/* Audit chain.
 *
 * Each entry's hash is BLAKE2b-256, keyed with the 32 bytes of audit.key,
 * over the previous entry's hash (64 hex digits, the genesis hash being 64
 * zeros) followed by the canonical entry: each of seq, at, actor, action,
 * record_kind, record_id, case_id, person_ids, reason and device written as
 * "<byte length>:<bytes>", or "~" for none; numbers in decimal. The head
 * (last seq and hash) is kept in meta as well, so removing the last entries
 * is noticed too, unless meta is changed with them: signed checkpoints kept
 * off the server catch that, and a rewrite by someone holding the key. */

static void
append_decimal (GString *out,
                guint64  value)
{
  char digits[24];
  guint n = 0;

  do
    {
      digits[n++] = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value > 0);
  while (n > 0)
    g_string_append_c (out, digits[--n]);
}

static void
canonical_add (GString    *out,
               const char *value)
{
  gsize length;

  if (value == NULL)
    {
      g_string_append_c (out, '~');
      return;
    }
  /* Without printf: this runs for every audit entry. */
  length = strlen (value);
  append_decimal (out, length);
  g_string_append_c (out, ':');
  g_string_append_len (out, value, (gssize) length);
}

static void
canonical_add_number (GString *out,
                      gint64   value)
{
  char number[32];

  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, value);
  canonical_add (out, number);
}

/* @key: AUDIT_KEY_BYTES, or NULL for the unkeyed chain of a store made
 * before audit keys. */
static char *
audit_hash (const guint8  *key,
            const char    *prev_hash,
            gint64         seq,
            gint64         at,
            const char   **columns)
{
  GString *canonical = g_string_sized_new (512);
  crypto_generichash_state state;
  guint8 digest[32];
  char hex[65];

  if (seq >= 0 && at >= 0)
    {
      /* The same text as canonical_add_number(), made faster. */
      GString *number = g_string_sized_new (24);

      append_decimal (number, (guint64) seq);
      canonical_add (canonical, number->str);
      g_string_truncate (number, 0);
      append_decimal (number, (guint64) at);
      canonical_add (canonical, number->str);
      g_string_free (number, TRUE);
    }
  else
    {
      canonical_add_number (canonical, seq);
      canonical_add_number (canonical, at);
    }
  for (guint i = 0; i < 8; i++)
    canonical_add (canonical, columns[i]);

  crypto_generichash_init (&state, key, key != NULL ? AUDIT_KEY_BYTES : 0, sizeof digest);
  crypto_generichash_update (&state, (const guint8 *) prev_hash, strlen (prev_hash));
  crypto_generichash_update (&state, (const guint8 *) canonical->str, canonical->len);
  crypto_generichash_final (&state, digest, sizeof digest);
  sodium_bin2hex (hex, sizeof hex, digest, sizeof digest);
  g_string_free (canonical, TRUE);
  return g_strdup (hex);
}

static char *
meta_get (MoniaServerStore *self,
          const char       *key)
{
  g_autoptr(MoniaServerStmt) stmt = _monia_server_prepare (self, "SELECT value FROM meta WHERE key = ?", NULL);

  if (stmt == NULL)
    return NULL;
  _monia_server_bind_text (stmt, 1, key);
  if (_monia_server_step (stmt) != MONIA_SERVER_ROW)
    return NULL;
  return g_strdup (_monia_server_column_text (stmt, 0));
}

static gboolean
meta_set (MoniaServerStore  *self,
          const char        *key,
          const char        *value,
          GError           **error)
{
  g_autoptr(MoniaServerStmt) stmt = NULL;

  stmt = _monia_server_prepare (self, "INSERT INTO meta (key, value) VALUES (?, ?)"
                                      " ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, key);
  _monia_server_bind_text (stmt, 2, value);
  if (_monia_server_step (stmt) != MONIA_SERVER_DONE)
    return _monia_server_set_error (self, error);
  return TRUE;
}

static gboolean
load_audit_head (MoniaServerStore  *self,
                 GError           **error)
{
  g_autofree char *head_seq = meta_get (self, "audit_head_seq");
  g_autofree char *head_hash = meta_get (self, "audit_head_hash");

  if (head_seq == NULL || head_hash == NULL || strlen (head_hash) != 64)
    {
      g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_AUDIT,
                           _("The audit log’s head is missing; run “monia-server audit verify”."));
      return FALSE;
    }
  self->audit_seq = g_ascii_strtoll (head_seq, NULL, 10);
  memcpy (self->audit_hash, head_hash, 65);
  self->audit_loaded = TRUE;
  return TRUE;
}

static gboolean
write_audit_head (MoniaServerStore  *self,
                  GError           **error)
{
  char seq_text[32];

  g_snprintf (seq_text, sizeof seq_text, "%" G_GINT64_FORMAT, self->audit_seq);
  return meta_set (self, "audit_head_seq", seq_text, error) &&
         meta_set (self, "audit_head_hash", self->audit_hash, error);
}

/* Audit keys: files beside the database, each 32 bytes, mode 0600. */

static char *
key_path (const char *data_dir,
          const char *name)
{
  return g_build_filename (data_dir, name, NULL);
}

static gboolean
write_key_file (const char    *path,
                const guint8  *key,
                gsize          size,
                GError       **error)
{
  gsize done = 0;
  int saved = 0;
  int fd;

  /* Never over another key: that would orphan the chain it keys. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      saved = errno;
      if (saved == EEXIST)
        g_set_error (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_EXISTS,
                     _("The key file “%s” is there already; move it away first, so it is not overwritten."),
                     path);
      else
        g_set_error (error, MONIA_ERROR, MONIA_ERROR_STORE,
                     _("The key file “%s” could not be written: %s"), path, g_strerror (saved));
      return FALSE;
    }
  while (done < size)
    {
      gssize n = write (fd, key + done, size - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          saved = n < 0 ? errno : EIO;
          break;
        }
      done += (gsize) n;
    }
  if (saved == 0 && fsync (fd) != 0)
    saved = errno;
  close (fd);
  if (saved != 0)
    {
      g_unlink (path);
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_STORE,
                   _("The key file “%s” could not be written: %s"), path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* A missing file is MONIA_ERROR_NOT_FOUND, for the caller to explain. */
static gboolean
read_key_file (const char  *path,
               guint8      *key,
               gsize        size,
               GError     **error)
{
  struct stat st;
  gsize done = 0;
  int fd;

  fd = g_open (path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;

      if (saved == ENOENT)
        g_set_error (error, MONIA_ERROR, MONIA_ERROR_NOT_FOUND,
                     _("The key file “%s” is missing."), path);
      else
        g_set_error (error, MONIA_ERROR, MONIA_ERROR_STORE,
                     _("The key file “%s” could not be read: %s"), path, g_strerror (saved));
      return FALSE;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) || st.st_size != (goffset) size)
    {
      close (fd);
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_STORE,
                   _("The key file “%s” is damaged: it should hold exactly %u bytes."),
                   path, (guint) size);
      return FALSE;
    }
  if ((st.st_mode & 0077) != 0)
    {
      close (fd);
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_STORE,
                   _("The key file “%s” can be read by other users; make it private with “chmod 600 %s”."),
                   path, path);
      return FALSE;
    }
  while (done < size)
    {
      gssize n = read (fd, key + done, size - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      done += (gsize) n;
    }
  close (fd);
  if (done != size)
    {
      sodium_memzero (key, size);
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_STORE,
                   _("The key file “%s” is damaged: it should hold exactly %u bytes."),
                   path, (guint) size);
      return FALSE;
    }
  return TRUE;
}

void
_monia_server_remove_audit_keys (const char *data_dir)
{
  g_autofree char *key = key_path (data_dir, MONIA_SERVER_AUDIT_KEY_FILE);
  g_autofree char *sign = key_path (data_dir, MONIA_SERVER_AUDIT_SIGN_KEY_FILE);

  g_unlink (key);
  g_unlink (sign);
}

/* Both keys, or neither. */
gboolean
_monia_server_make_audit_keys (MoniaServerStore  *self,
                               GError           **error)
{
  g_autofree char *key = key_path (self->data_dir, MONIA_SERVER_AUDIT_KEY_FILE);
  g_autofree char *sign = key_path (self->data_dir, MONIA_SERVER_AUDIT_SIGN_KEY_FILE);
  guint8 seed[crypto_sign_SEEDBYTES];
  gboolean ok;

  randombytes_buf (self->audit_key, sizeof self->audit_key);
  randombytes_buf (seed, sizeof seed);
  if (!write_key_file (key, self->audit_key, sizeof self->audit_key, error))
    {
      sodium_memzero (seed, sizeof seed);
      return FALSE;
    }
  ok = write_key_file (sign, seed, sizeof seed, error);
  sodium_memzero (seed, sizeof seed);
  if (!ok)
    g_unlink (key);
  return ok;
}

gboolean
_monia_server_load_audit_key (MoniaServerStore  *self,
                              GError           **error)
{
  g_autofree char *path = key_path (self->data_dir, MONIA_SERVER_AUDIT_KEY_FILE);
  g_autoptr(GError) local = NULL;

  if (read_key_file (path, self->audit_key, sizeof self->audit_key, &local))
    return TRUE;
  if (g_error_matches (local, MONIA_ERROR, MONIA_ERROR_NOT_FOUND))
    g_set_error (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_AUDIT,
                 _("The audit key “%s” is missing, and without it the audit log cannot be kept. "
                   "Restore it and “%s” from the store’s backup."),
                 path, MONIA_SERVER_AUDIT_SIGN_KEY_FILE);
  else
    g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

static gboolean
load_signing_key (MoniaServerStore  *self,
                  guint8             public_key[crypto_sign_PUBLICKEYBYTES],
                  guint8             secret_key[crypto_sign_SECRETKEYBYTES],
                  GError           **error)
{
  g_autofree char *path = key_path (self->data_dir, MONIA_SERVER_AUDIT_SIGN_KEY_FILE);
  g_autoptr(GError) local = NULL;
  guint8 seed[crypto_sign_SEEDBYTES];

  if (!read_key_file (path, seed, sizeof seed, &local))
    {
      if (g_error_matches (local, MONIA_ERROR, MONIA_ERROR_NOT_FOUND))
        g_set_error (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_AUDIT,
                     _("The audit signing key “%s” is missing; restore it from the store’s backup."),
                     path);
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  crypto_sign_seed_keypair (public_key, secret_key, seed);
  sodium_memzero (seed, sizeof seed);
  return TRUE;
}

typedef struct
{
  gint64  at;
  char   *columns[8];
} PendingAudit;

static void
pending_audit_clear (gpointer data)
{
  PendingAudit *pending = data;

  for (guint i = 0; i < G_N_ELEMENTS (pending->columns); i++)
    g_free (pending->columns[i]);
}

GArray *
_monia_server_audit_pending_new (void)
{
  GArray *pending = g_array_new (FALSE, TRUE, sizeof (PendingAudit));

  g_array_set_clear_func (pending, pending_audit_clear);
  return pending;
}

void
_monia_server_clear_audit (MoniaServerStore *self)
{
  if (self->audit_pending->len > 0)
    g_array_set_size (self->audit_pending, 0);
  self->audit_loaded = FALSE;
  self->audit_dirty = FALSE;
}

gboolean
_monia_server_audit_in_tx (MoniaServerStore      *self,
                           const MoniaAuditEntry *entry,
                           GError               **error)
{
  const char *columns[8] = {
    entry->actor, entry->action, entry->record_kind, entry->record_id,
    entry->case_id, entry->person_ids, entry->reason, entry->device,
  };
  PendingAudit pending;

  g_return_val_if_fail (self->db->klass->in_transaction (self->db), FALSE);

  /* Kept until the commit: see _monia_server_flush_audit(). */
  pending.at = g_get_real_time () / G_USEC_PER_SEC;
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    pending.columns[i] = g_strdup (columns[i]);
  g_array_append_val (self->audit_pending, pending);
  return TRUE;
}

#define AUDIT_ROWS_PER_INSERT 64

/* "INSERT INTO audit … VALUES (…), …" for @n rows, 12 parameters each;
 * made once for each n. */
static const char *
audit_insert_sql (guint n)
{
  static char *sql[AUDIT_ROWS_PER_INSERT + 1];
  static GMutex lock;
  const char *text;

  g_return_val_if_fail (n >= 1 && n <= AUDIT_ROWS_PER_INSERT, NULL);

  g_mutex_lock (&lock);
  if (sql[n] == NULL)
    {
      GString *out = g_string_new ("INSERT INTO audit (seq, at, actor, action, record_kind, record_id,"
                                   " case_id, person_ids, reason, device, prev_hash, hash) VALUES ");

      for (guint i = 0; i < n; i++)
        g_string_append (out, i == 0 ? "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      sql[n] = g_string_free (out, FALSE);
    }
  text = sql[n];
  g_mutex_unlock (&lock);
  return text;
}

gboolean
_monia_server_flush_audit (MoniaServerStore  *self,
                           GError           **error)
{
  if (self->audit_pending->len == 0 && !self->audit_dirty)
    return TRUE;

  /* The head is read under the audit lock, just before the commit that
   * releases it: other servers (and “monia-server user add”) append to
   * the same chain, one transaction at a time. */
  if (!self->audit_loaded &&
      (!_monia_server_lock (self, "audit", error) || !load_audit_head (self, error)))
    return FALSE;

  /* Many rows a statement: a page of a pull audits every record on it,
   * and each statement is a round trip to a database server. */
  for (guint first = 0; first < self->audit_pending->len; first += AUDIT_ROWS_PER_INSERT)
    {
      guint n = MIN (AUDIT_ROWS_PER_INSERT, self->audit_pending->len - first);
      g_autoptr(MoniaServerStmt) stmt = NULL;

      stmt = _monia_server_prepare (self, audit_insert_sql (n), error);
      if (stmt == NULL)
        return FALSE;
      for (guint i = 0; i < n; i++)
        {
          PendingAudit *pending = &g_array_index (self->audit_pending, PendingAudit, first + i);
          g_autofree char *hash = NULL;
          gint64 seq = self->audit_seq + 1;
          int base = (int) i * 12;

          hash = audit_hash (self->audit_key, self->audit_hash, seq, pending->at,
                             (const char **) pending->columns);
          _monia_server_bind_int64 (stmt, base + 1, seq);
          _monia_server_bind_int64 (stmt, base + 2, pending->at);
          for (guint c = 0; c < 8; c++)
            _monia_server_bind_text (stmt, base + 3 + (int) c, pending->columns[c]);
          _monia_server_bind_text (stmt, base + 11, self->audit_hash);
          _monia_server_bind_text (stmt, base + 12, hash);

          self->audit_seq = seq;
          memcpy (self->audit_hash, hash, 65);
          self->audit_dirty = TRUE;
        }
      if (_monia_server_step (stmt) != MONIA_SERVER_DONE)
        return _monia_server_set_error (self, error);
    }
  g_array_set_size (self->audit_pending, 0);
  return write_audit_head (self, error);
}

gboolean
monia_server_store_audit (MoniaServerStore       *self,
                          const MoniaAuditEntry  *entry,
                          GError                **error)
{
  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), FALSE);

  if (!_monia_server_begin (self, error))
    return FALSE;
  if (!_monia_server_audit_in_tx (self, entry, error))
    {
      _monia_server_rollback (self);
      return FALSE;
    }
  return _monia_server_commit (self, error);
}

static gboolean
audit_broken (GError **error,
              gint64   seq,
              const char *what)
{
  g_set_error (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_AUDIT,
               /* Translators: %s says what is wrong, %lld is an entry number */
               _("The audit log is broken at entry %lld: %s."), (long long) seq, what);
  return FALSE;
}

/* Walks the chain in the caller's transaction. @key NULL: the unkeyed
 * chain of a store made before audit keys. If @mark_seq is 0 or more, that
 * entry's hash (the genesis hash for 0) goes into @mark_hash, "" if the
 * chain does not reach it. */
static gboolean
verify_chain (MoniaServerStore  *self,
              const guint8      *key,
              gint64             mark_seq,
              char               mark_hash[65],
              gint64            *out_n_entries,
              GError           **error)
{
  g_autoptr(MoniaServerStmt) stmt = NULL;
  g_autofree char *head_seq = NULL;
  g_autofree char *head_hash = NULL;
  g_autofree char *prev = g_strdup (GENESIS_HASH);
  gint64 expected = 1;
  int rc;

  if (mark_hash != NULL)
    g_strlcpy (mark_hash, mark_seq == 0 ? GENESIS_HASH : "", 65);

  /* In batches: a region's log does not fit in memory all at once. The
   * first batch has no lower bound, so an entry slipped in before the
   * first is seen too. */
  for (gint64 after = G_MININT64;;)
    {
      guint rows = 0;

      stmt = _monia_server_prepare (self,
                                    "SELECT seq, at, actor, action, record_kind, record_id, case_id,"
                                    " person_ids, reason, device, prev_hash, hash FROM audit"
                                    " WHERE seq > ? ORDER BY seq LIMIT 4096",
                                    error);
      if (stmt == NULL)
        return FALSE;
      _monia_server_bind_int64 (stmt, 1, after);

      while ((rc = _monia_server_step (stmt)) == MONIA_SERVER_ROW)
        {
          gint64 seq = _monia_server_column_int64 (stmt, 0);
          const char *columns[8];
          const char *stored_prev = _monia_server_column_text (stmt, 10);
          const char *stored_hash = _monia_server_column_text (stmt, 11);
          g_autofree char *hash = NULL;

          rows++;
          if (seq != expected)
            return audit_broken (error, expected, _("an entry is missing"));
          for (guint i = 0; i < 8; i++)
            columns[i] = _monia_server_column_text (stmt, 2 + i);
          if (_monia_server_column_type (stmt, 1) != MONIA_SERVER_COLUMN_INTEGER)
            return audit_broken (error, seq, _("its time was changed"));
          hash = audit_hash (key, prev, seq, _monia_server_column_int64 (stmt, 1), columns);
          if (g_strcmp0 (stored_prev, prev) != 0)
            return audit_broken (error, seq, _("it does not follow the entry before it"));
          /* Without the key a forger cannot make this hash, so a whole chain
           * recomputed without it breaks at its first entry. */
          if (g_strcmp0 (stored_hash, hash) != 0)
            return audit_broken (error, seq, _("its contents were changed, or its hash was not made with this server’s audit key"));

          if (seq == mark_seq && mark_hash != NULL)
            g_strlcpy (mark_hash, hash, 65);
          g_free (prev);
          prev = g_steal_pointer (&hash);
          expected++;
          after = seq;
        }
      if (rc != MONIA_SERVER_DONE)
        return _monia_server_set_error (self, error);
      g_clear_pointer (&stmt, _monia_server_release);
      if (rows < 4096)
        break;
    }

  head_seq = meta_get (self, "audit_head_seq");
  head_hash = meta_get (self, "audit_head_hash");
  if (head_seq == NULL || g_ascii_strtoll (head_seq, NULL, 10) != expected - 1 ||
      g_strcmp0 (head_hash, prev) != 0)
    return audit_broken (error, expected, _("the last entries were removed"));

  if (out_n_entries != NULL)
    *out_n_entries = expected - 1;
  return TRUE;
}

/* In one read, so entries a running server adds meanwhile do not look
 * like a broken head. */
static gboolean
verify_in_read (MoniaServerStore  *self,
                gint64             mark_seq,
                char               mark_hash[65],
                gint64            *out_n_entries,
                GError           **error)
{
  gboolean ok;

  if (!_monia_server_begin_snapshot (self, error))
    return FALSE;
  ok = verify_chain (self, self->audit_key, mark_seq, mark_hash, out_n_entries, error);
  _monia_server_rollback (self);
  return ok;
}

gboolean
monia_server_store_audit_verify (MoniaServerStore  *self,
                                 gint64            *out_n_entries,
                                 GError           **error)
{
  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), FALSE);

  return verify_in_read (self, -1, NULL, out_n_entries, error);
}

/* Checkpoints.
 *
 * A JSON object: kind "monia-audit-checkpoint", version 1, entries (the
 * count), head_hash (the last entry's hash), time (ISO 8601, UTC),
 * public_key and signature (hex). The Ed25519 signature is over the text
 * made by checkpoint_message(), so the JSON's spacing does not matter. */

#define CHECKPOINT_KIND "monia-audit-checkpoint"
#define CHECKPOINT_MAX_BYTES (64 * 1024)

static char *
checkpoint_message (gint64      entries,
                    const char *head_hash,
                    const char *when,
                    const char *public_key)
{
  return g_strdup_printf (CHECKPOINT_KIND " 1\nentries %" G_GINT64_FORMAT "\nhead_hash %s\n"
                          "time %s\npublic_key %s\n",
                          entries, head_hash, when, public_key);
}

static char *
to_hex (const guint8 *bytes,
        gsize         size)
{
  char *hex = g_malloc (size * 2 + 1);

  sodium_bin2hex (hex, size * 2 + 1, bytes, size);
  return hex;
}

char *
monia_server_store_audit_public_key (MoniaServerStore  *self,
                                     GError           **error)
{
  guint8 public_key[crypto_sign_PUBLICKEYBYTES];
  guint8 secret_key[crypto_sign_SECRETKEYBYTES];

  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), NULL);

  if (!load_signing_key (self, public_key, secret_key, error))
    return NULL;
  sodium_memzero (secret_key, sizeof secret_key);
  return to_hex (public_key, sizeof public_key);
}

char *
monia_server_store_audit_checkpoint (MoniaServerStore  *self,
                                     GError           **error)
{
  guint8 public_key[crypto_sign_PUBLICKEYBYTES];
  guint8 secret_key[crypto_sign_SECRETKEYBYTES];
  guint8 signature[crypto_sign_BYTES];
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *when = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *public_hex = NULL;
  g_autofree char *signature_hex = NULL;
  g_autofree char *message = NULL;
  char head[65];
  gint64 n = 0;

  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), NULL);

  if (!load_signing_key (self, public_key, secret_key, error))
    return NULL;
  /* A head that does not verify is not vouched for. */
  if (!_monia_server_begin_snapshot (self, error))
    goto fail;
  if (!verify_chain (self, self->audit_key, -1, NULL, &n, error))
    {
      _monia_server_rollback (self);
      goto fail;
    }
  /* verify_chain() checked that meta holds the chain's own head. */
  if (n == 0)
    g_strlcpy (head, GENESIS_HASH, sizeof head);
  else
    {
      g_autofree char *hash = meta_get (self, "audit_head_hash");

      g_strlcpy (head, hash != NULL ? hash : "", sizeof head);
    }
  _monia_server_rollback (self);

  public_hex = to_hex (public_key, sizeof public_key);
  message = checkpoint_message (n, head, when, public_hex);
  crypto_sign_detached (signature, NULL, (const guint8 *) message, strlen (message), secret_key);
  sodium_memzero (secret_key, sizeof secret_key);
  signature_hex = to_hex (signature, sizeof signature);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, CHECKPOINT_KIND);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "entries");
  json_builder_add_int_value (builder, n);
  json_builder_set_member_name (builder, "head_hash");
  json_builder_add_string_value (builder, head);
  json_builder_set_member_name (builder, "time");
  json_builder_add_string_value (builder, when);
  json_builder_set_member_name (builder, "public_key");
  json_builder_add_string_value (builder, public_hex);
  json_builder_set_member_name (builder, "signature");
  json_builder_add_string_value (builder, signature_hex);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, TRUE);

fail:
  sodium_memzero (secret_key, sizeof secret_key);
  return NULL;
}

typedef struct
{
  gint64  entries;
  char   *head_hash;
  char   *time;
  char   *public_key;
  guint8  public_key_bytes[crypto_sign_PUBLICKEYBYTES];
  guint8  signature[crypto_sign_BYTES];
} Checkpoint;

static void
checkpoint_clear (Checkpoint *checkpoint)
{
  g_clear_pointer (&checkpoint->head_hash, g_free);
  g_clear_pointer (&checkpoint->time, g_free);
  g_clear_pointer (&checkpoint->public_key, g_free);
}

static const char *
checkpoint_string (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
checkpoint_int (JsonObject *object,
                const char *name,
                gint64     *value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

static gboolean
hex_exactly (const char *hex,
             guint8     *bytes,
             gsize       size)
{
  gsize length = 0;

  return hex != NULL && strlen (hex) == size * 2 &&
         sodium_hex2bin (bytes, size, hex, size * 2, NULL, &length, NULL) == 0 &&
         length == size;
}

static gboolean
parse_checkpoint (const char  *text,
                  gsize        length,
                  Checkpoint  *out,
                  GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GDateTime) when = NULL;
  JsonNode *root;
  JsonObject *object;
  const char *head_hash, *time_text, *public_key, *signature;
  guint8 head_bytes[32];
  gint64 version = 0;

  /* An empty text parses, to no root at all. */
  if (length > CHECKPOINT_MAX_BYTES || !g_utf8_validate (text, (gssize) length, NULL) ||
      !json_parser_load_from_data (parser, text, (gssize) length, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    goto bad;
  object = json_node_get_object (root);
  head_hash = checkpoint_string (object, "head_hash");
  time_text = checkpoint_string (object, "time");
  public_key = checkpoint_string (object, "public_key");
  signature = checkpoint_string (object, "signature");
  if (g_strcmp0 (checkpoint_string (object, "kind"), CHECKPOINT_KIND) != 0 ||
      !checkpoint_int (object, "version", &version) || version != 1 ||
      !checkpoint_int (object, "entries", &out->entries) || out->entries < 0 ||
      !hex_exactly (head_hash, head_bytes, sizeof head_bytes) ||
      time_text == NULL || strlen (time_text) > 64 ||
      (when = g_date_time_new_from_iso8601 (time_text, NULL)) == NULL ||
      !hex_exactly (public_key, out->public_key_bytes, sizeof out->public_key_bytes) ||
      !hex_exactly (signature, out->signature, sizeof out->signature))
    goto bad;
  out->head_hash = g_ascii_strdown (head_hash, -1);
  out->time = g_strdup (time_text);
  out->public_key = g_strdup (public_key);
  return TRUE;

bad:
  g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_BAD_REQUEST,
                       _("This is not a Monia audit checkpoint, or it is damaged."));
  return FALSE;
}

gboolean
monia_server_store_audit_verify_checkpoint (MoniaServerStore  *self,
                                            const char        *text,
                                            gsize              length,
                                            gint64            *out_n_entries,
                                            gint64            *out_checkpoint_entries,
                                            char             **out_checkpoint_time,
                                            GError           **error)
{
  Checkpoint checkpoint = { 0 };
  guint8 public_key[crypto_sign_PUBLICKEYBYTES];
  guint8 secret_key[crypto_sign_SECRETKEYBYTES];
  g_autofree char *message = NULL;
  char hash_there[65];
  gint64 n = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (!parse_checkpoint (text, length, &checkpoint, error))
    return FALSE;

  /* The public key in the file only says who claims to have signed; the
   * claim must hold, and the claimant must be this server. */
  message = checkpoint_message (checkpoint.entries, checkpoint.head_hash, checkpoint.time,
                                checkpoint.public_key);
  if (crypto_sign_verify_detached (checkpoint.signature, (const guint8 *) message, strlen (message),
                                   checkpoint.public_key_bytes) != 0)
    {
      g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_AUDIT,
                           _("The checkpoint’s signature does not hold: the checkpoint was changed after it was signed."));
      goto out;
    }
  if (!load_signing_key (self, public_key, secret_key, error))
    goto out;
  sodium_memzero (secret_key, sizeof secret_key);
  if (sodium_memcmp (public_key, checkpoint.public_key_bytes, sizeof public_key) != 0)
    {
      g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_AUDIT,
                           _("The checkpoint was signed with another key than this server’s: "
                             "it is another server’s, or this server’s signing key was replaced."));
      goto out;
    }

  if (!verify_in_read (self, checkpoint.entries, hash_there, &n, error))
    goto out;
  if (n < checkpoint.entries)
    {
      g_set_error (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_AUDIT,
                   /* Translators: %s is the checkpoint's time, %lld are entry numbers */
                   _("Audit entries were removed: the checkpoint of %s covers the log up to entry %lld, "
                     "but the log now ends at entry %lld."),
                   checkpoint.time, (long long) checkpoint.entries, (long long) n);
      goto out;
    }
  if (g_strcmp0 (hash_there, checkpoint.head_hash) != 0)
    {
      g_set_error (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_AUDIT,
                   /* Translators: %lld is an entry number, %s the checkpoint's time */
                   _("The audit log was rewritten: entry %lld no longer has the hash the checkpoint of %s "
                     "vouches for, so it or an entry before it was changed."),
                   (long long) checkpoint.entries, checkpoint.time);
      goto out;
    }

  if (out_n_entries != NULL)
    *out_n_entries = n;
  if (out_checkpoint_entries != NULL)
    *out_checkpoint_entries = checkpoint.entries;
  if (out_checkpoint_time != NULL)
    *out_checkpoint_time = g_strdup (checkpoint.time);
  ok = TRUE;

out:
  checkpoint_clear (&checkpoint);
  return ok;
}

/* Upgrading a store made before audit keys. */

/* Rewrites every entry's prev_hash and hash with the key, a batch at a
 * time: rows are not updated under a statement still reading them. */
static gboolean
rechain (MoniaServerStore  *self,
         GError           **error)
{
  g_autofree char *prev = g_strdup (GENESIS_HASH);
  gint64 last = 0;

  for (;;)
    {
      g_autoptr(MoniaServerStmt) stmt = NULL;
      g_autoptr(GArray) seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GPtrArray) prevs = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) hashes = g_ptr_array_new_with_free_func (g_free);
      int rc;

      stmt = _monia_server_prepare (self,
                                    "SELECT seq, at, actor, action, record_kind, record_id, case_id,"
                                    " person_ids, reason, device FROM audit WHERE seq > ?"
                                    " ORDER BY seq LIMIT 512", error);
      if (stmt == NULL)
        return FALSE;
      _monia_server_bind_int64 (stmt, 1, last);
      while ((rc = _monia_server_step (stmt)) == MONIA_SERVER_ROW)
        {
          gint64 seq = _monia_server_column_int64 (stmt, 0);
          const char *columns[8];
          char *hash;

          for (guint i = 0; i < 8; i++)
            columns[i] = _monia_server_column_text (stmt, 2 + i);
          hash = audit_hash (self->audit_key, prev, seq, _monia_server_column_int64 (stmt, 1), columns);
          g_array_append_val (seqs, seq);
          g_ptr_array_add (prevs, g_steal_pointer (&prev));
          g_ptr_array_add (hashes, hash);
          prev = g_strdup (hash);
          last = seq;
        }
      if (rc != MONIA_SERVER_DONE)
        return _monia_server_set_error (self, error);
      g_clear_pointer (&stmt, _monia_server_release);
      if (seqs->len == 0)
        break;

      for (guint i = 0; i < seqs->len; i++)
        {
          g_autoptr(MoniaServerStmt) update = NULL;

          update = _monia_server_prepare (self, "UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?", error);
          if (update == NULL)
            return FALSE;
          _monia_server_bind_text (update, 1, prevs->pdata[i]);
          _monia_server_bind_text (update, 2, hashes->pdata[i]);
          _monia_server_bind_int64 (update, 3, g_array_index (seqs, gint64, i));
          if (_monia_server_step (update) != MONIA_SERVER_DONE)
            return _monia_server_set_error (self, error);
        }
    }

  self->audit_loaded = TRUE;
  self->audit_dirty = TRUE;
  self->audit_seq = last;
  g_strlcpy (self->audit_hash, prev, sizeof self->audit_hash);
  return TRUE;
}

gboolean
monia_server_store_audit_upgrade (const char  *data_dir,
                                  const char  *database,
                                  gint64      *out_n_entries,
                                  GError     **error)
{
  g_autoptr(MoniaServerStore) self = NULL;
  MoniaAuditEntry entry = { 0 };
  char version_text[16];
  gint64 n = 0;
  int version = 0;

  g_return_val_if_fail (data_dir != NULL, FALSE);

  self = _monia_server_open_store (data_dir, database, FALSE, TRUE, &version, error);
  if (self == NULL)
    return FALSE;
  if (version > MONIA_SERVER_STORE_UNKEYED_AUDIT_VERSION)
    {
      /* Re-keying a keyed chain would launder whatever was done to it. */
      g_set_error (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_EXISTS,
                   _("The audit log in “%s” has a key already, so there is nothing to upgrade. "
                     "If its key files are missing, restore them from the store’s backup."),
                   data_dir);
      return FALSE;
    }

  if (!_monia_server_begin (self, error))
    return FALSE;
  /* Only an intact chain is carried over. */
  if (!verify_chain (self, NULL, -1, NULL, &n, error))
    goto fail;
  if (!_monia_server_make_audit_keys (self, error))
    goto fail;

  /* Keyed, and nothing more: the next open runs the later migrations. */
  g_snprintf (version_text, sizeof version_text, "%d", MONIA_SERVER_STORE_UNKEYED_AUDIT_VERSION + 1);
  entry.action = "audit_keyed";
  entry.device = "monia-server";
  if (!rechain (self, error) ||
      !_monia_server_audit_in_tx (self, &entry, error) ||
      !meta_set (self, "schema_version", version_text, error) ||
      !_monia_server_commit (self, error))
    {
      _monia_server_remove_audit_keys (data_dir);
      goto fail;
    }

  if (out_n_entries != NULL)
    *out_n_entries = n;
  return TRUE;

fail:
  _monia_server_rollback (self);
  return FALSE;
}
