/* monia-server-accounts.c — accounts, logins (checked off the main loop), tokens and throttling
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-server-accounts"

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

void
monia_server_account_free (MoniaServerAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->id);
  g_free (account->login);
  g_free (account->name);
  g_free (account->org);
  g_free (account->team);
  g_free (account->team_id);
  g_free (account);
}

static char *
format_uuid (const guint8 b[16])
{
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                          b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

/* A UUID made from @domain (which keeps the ids of different kinds of
 * thing apart) and @name, then @second if not NULL. */
static char *
name_uuid (const char *domain,
           const char *name,
           const char *second)
{
  crypto_generichash_state state;
  guint8 b[16];

  crypto_generichash_init (&state, NULL, 0, sizeof b);
  crypto_generichash_update (&state, (const guint8 *) domain, strlen (domain) + 1);
  if (second != NULL)
    {
      crypto_generichash_update (&state, (const guint8 *) name, strlen (name) + 1);
      crypto_generichash_update (&state, (const guint8 *) second, strlen (second));
    }
  else
    crypto_generichash_update (&state, (const guint8 *) name, strlen (name));
  crypto_generichash_final (&state, b, sizeof b);
  b[6] = (guint8) (0x80 | (b[6] & 0x0f));  /* version 8: made from names */
  b[8] = (guint8) (0x80 | (b[8] & 0x3f));
  return format_uuid (b);
}

char *
monia_server_team_id (const char *org,
                      const char *team)
{
  g_return_val_if_fail (org != NULL && team != NULL, NULL);

  return name_uuid ("monia-team", org, team);
}

char *
monia_server_organisation_id (const char *org)
{
  g_return_val_if_fail (org != NULL, NULL);

  return name_uuid ("monia-organisation", org, NULL);
}

/* Accounts */

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

char *
monia_server_store_add_account (MoniaServerStore  *self,
                                const char        *login,
                                const char        *name,
                                const char        *org,
                                const char        *team,
                                MoniaRole          role,
                                const char        *password,
                                GError           **error)
{
  char hash[crypto_pwhash_STRBYTES];
  g_autoptr(MoniaServerStmt) stmt = NULL;
  g_autofree char *id = NULL;
  g_autofree char *team_id = NULL;
  MoniaAuditEntry entry = { 0 };

  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), NULL);

  if (is_blank (login) || is_blank (name) || is_blank (org) || is_blank (team) ||
      !g_utf8_validate (login, -1, NULL) || !g_utf8_validate (name, -1, NULL) ||
      !g_utf8_validate (org, -1, NULL) || !g_utf8_validate (team, -1, NULL))
    {
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                           _("A login, a name, an organisation and a team are all needed."));
      return NULL;
    }
  if (password == NULL || strlen (password) < 8)
    {
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                           _("The password must be at least 8 characters long."));
      return NULL;
    }

  if (crypto_pwhash_str_alg (hash, password, strlen (password),
                             crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_FAILED,
                           _("The password could not be hashed: out of memory."));
      return NULL;
    }

  id = monia_id_new ();
  team_id = monia_server_team_id (org, team);

  if (!_monia_server_begin (self, error))
    return NULL;

  stmt = _monia_server_prepare (self,
                                "INSERT INTO accounts (id, login, name, org, team, team_id, role,"
                                " password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                error);
  if (stmt == NULL)
    goto fail;
  _monia_server_bind_text (stmt, 1, id);
  _monia_server_bind_text (stmt, 2, login);
  _monia_server_bind_text (stmt, 3, name);
  _monia_server_bind_text (stmt, 4, org);
  _monia_server_bind_text (stmt, 5, team);
  _monia_server_bind_text (stmt, 6, team_id);
  _monia_server_bind_text (stmt, 7, monia_role_to_string (role));
  _monia_server_bind_text (stmt, 8, hash);
  _monia_server_bind_int64 (stmt, 9, g_get_real_time () / G_USEC_PER_SEC);
  if (_monia_server_step (stmt) != MONIA_SERVER_DONE)
    {
      if (_monia_server_failure (self) == MONIA_SERVER_FAILURE_UNIQUE)
        g_set_error (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_EXISTS,
                     _("There is already an account with the login “%s”."), login);
      else
        _monia_server_set_error (self, error);
      goto fail;
    }

  entry.action = "account_add";
  entry.record_kind = "professional";
  entry.record_id = id;
  entry.device = "monia-server";
  if (!_monia_server_publish_professional (self, id, name, org, team, monia_role_to_string (role), login, error) ||
      !_monia_server_audit_in_tx (self, &entry, error) ||
      !_monia_server_commit (self, error))
    goto fail;

  sodium_memzero (hash, sizeof hash);
  return g_steal_pointer (&id);

fail:
  sodium_memzero (hash, sizeof hash);
  _monia_server_rollback (self);
  return NULL;
}

static MoniaServerAccount *
account_from_row (MoniaServerStmt *stmt,
                  int              first)
{
  MoniaServerAccount *account = g_new0 (MoniaServerAccount, 1);

  account->id = g_strdup (_monia_server_column_text (stmt, first));
  account->login = g_strdup (_monia_server_column_text (stmt, first + 1));
  account->name = g_strdup (_monia_server_column_text (stmt, first + 2));
  account->org = g_strdup (_monia_server_column_text (stmt, first + 3));
  account->team = g_strdup (_monia_server_column_text (stmt, first + 4));
  account->team_id = g_strdup (_monia_server_column_text (stmt, first + 5));
  if (!monia_role_from_string (_monia_server_column_text (stmt, first + 6), &account->role))
    account->role = MONIA_ROLE_WORKER;
  return account;
}

#define ACCOUNT_COLUMNS "a.id, a.login, a.name, a.org, a.team, a.team_id, a.role"

/* Tokens and logins */

static char *
hash_token (const char *token)
{
  guint8 digest[32];
  char hex[65];

  crypto_generichash (digest, sizeof digest, (const guint8 *) token, strlen (token), NULL, 0);
  sodium_bin2hex (hex, sizeof hex, digest, sizeof digest);
  return g_strdup (hex);
}

static char *
make_token (void)
{
  guint8 raw[32];
  char text[sodium_base64_ENCODED_LEN (32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  randombytes_buf (raw, sizeof raw);
  sodium_bin2base64 (text, sizeof text, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (raw, sizeof raw);
  return g_strdup (text);
}

/* The attempts of @value (a login or an address) since @since that failed
 * (@ok FALSE) or succeeded, and the time of the oldest of them. */
static gint64
count_attempts (MoniaServerStore *self,
                const char       *column,
                const char       *value,
                gint64            since,
                gboolean          ok,
                gint64           *oldest)
{
  g_autoptr(MoniaServerStmt) stmt = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT count(*), min(at) FROM login_attempts"
                                          " WHERE %s = ? AND at > ? AND ok = ?", column);

  stmt = _monia_server_prepare (self, sql, NULL);
  if (stmt == NULL)
    return 0;
  _monia_server_bind_text (stmt, 1, value);
  _monia_server_bind_int64 (stmt, 2, since);
  _monia_server_bind_int64 (stmt, 3, ok ? 1 : 0);
  if (_monia_server_step (stmt) != MONIA_SERVER_ROW)
    return 0;
  *oldest = _monia_server_column_int64 (stmt, 1);
  return _monia_server_column_int64 (stmt, 0);
}

static gboolean
record_attempt (MoniaServerStore *self,
                const char       *login,
                const char       *address,
                gint64            now,
                gboolean          ok,
                GError          **error)
{
  g_autoptr(MoniaServerStmt) stmt = NULL;

  if (ok)
    {
      /* A success clears the account's failures; an address's stay. Of
       * the successes only those still in the rate window are kept. */
      stmt = _monia_server_prepare (self, "DELETE FROM login_attempts WHERE login = ? AND (ok = 0 OR at <= ?)", error);
      if (stmt == NULL)
        return FALSE;
      _monia_server_bind_text (stmt, 1, login);
      _monia_server_bind_int64 (stmt, 2, now - MONIA_SERVER_LOGIN_RATE_WINDOW);
      if (_monia_server_step (stmt) != MONIA_SERVER_DONE)
        return _monia_server_set_error (self, error);
      g_clear_pointer (&stmt, _monia_server_release);
    }

  stmt = _monia_server_prepare (self, "INSERT INTO login_attempts (login, address, at, ok) VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, login);
  _monia_server_bind_text (stmt, 2, address);
  _monia_server_bind_int64 (stmt, 3, now);
  _monia_server_bind_int64 (stmt, 4, ok ? 1 : 0);
  if (_monia_server_step (stmt) != MONIA_SERVER_DONE)
    return _monia_server_set_error (self, error);
  return TRUE;
}

static GMutex verify_hook_lock;
static MoniaServerVerifyHook verify_hook;
static gpointer verify_hook_data;

void
_monia_server_set_verify_hook (MoniaServerVerifyHook hook,
                               gpointer              data)
{
  g_mutex_lock (&verify_hook_lock);
  verify_hook = hook;
  verify_hook_data = data;
  g_mutex_unlock (&verify_hook_lock);
}

static void
call_verify_hook (const char *login)
{
  MoniaServerVerifyHook hook;
  gpointer data;

  g_mutex_lock (&verify_hook_lock);
  hook = verify_hook;
  data = verify_hook_data;
  g_mutex_unlock (&verify_hook_lock);
  if (hook != NULL)
    hook (login, data);
}

/* Spends about as long on an unknown login as on a wrong password, so the
 * answer's timing does not tell which logins exist. Any thread. */
static gboolean
verify_dummy (const char *password)
{
  static char dummy[crypto_pwhash_STRBYTES];
  static gsize made = 0;

  if (g_once_init_enter (&made))
    {
      gsize ok = crypto_pwhash_str_alg (dummy, "monia-dummy-password", strlen ("monia-dummy-password"),
                                        crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                        crypto_pwhash_MEMLIMIT_INTERACTIVE,
                                        crypto_pwhash_ALG_ARGON2ID13) == 0 ? 1 : 2;

      g_once_init_leave (&made, ok);
    }
  return made == 1 && crypto_pwhash_str_verify (dummy, password, strlen (password)) == 0;
}

/* Logins begun and not finished yet, by login and by address: they count
 * against the throttles as if each were a failure (and, by login, a
 * success), so checking passwords side by side gives no more guesses. */
static guint
pending_count (GHashTable *table,
               const char *key)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (table, key));
}

static void
pending_add (GHashTable *table,
             const char *key,
             int         delta)
{
  guint n = pending_count (table, key);

  if (delta < 0 && n <= 1)
    g_hash_table_remove (table, key);
  else
    g_hash_table_insert (table, g_strdup (key), GUINT_TO_POINTER (n + delta));
}

struct _MoniaServerLogin
{
  MoniaServerStore   *store;
  char               *login;
  char               *password;
  char               *address;
  char               *device;
  char               *stored_hash;   /* NULL for an unknown login */
  MoniaServerAccount *account;       /* NULL for an unknown login */
  gboolean            pending;       /* counted in the store's pending tables */
  gboolean            ok;
};

static void
login_release_pending (MoniaServerLogin *login)
{
  if (!login->pending)
    return;
  login->pending = FALSE;
  pending_add (login->store->pending_logins, login->login, -1);
  pending_add (login->store->pending_addresses, login->address, -1);
}

void
monia_server_login_free (MoniaServerLogin *login)
{
  if (login == NULL)
    return;
  login_release_pending (login);
  g_clear_object (&login->store);
  if (login->password != NULL)
    sodium_memzero (login->password, strlen (login->password));
  g_free (login->password);
  g_free (login->login);
  g_free (login->address);
  g_free (login->device);
  g_free (login->stored_hash);
  g_clear_pointer (&login->account, monia_server_account_free);
  g_free (login);
}

/* Whether @recorded attempts in the window (the oldest at @oldest) and
 * @pending ones reach @limit, and if so for how long to wait: until the
 * oldest leaves the window, or a second when only the pending ones, which
 * end soon, make up the difference. */
static gboolean
over_limit (gint64  recorded,
            guint   pending,
            gint64  limit,
            gint64  oldest,
            gint64  window,
            gint64  now,
            gint64 *retry_after)
{
  if (recorded >= limit)
    *retry_after = MAX (1, oldest + window - now);
  else if (recorded + pending >= limit)
    *retry_after = 1;
  else
    return FALSE;
  return TRUE;
}

MoniaServerLogin *
monia_server_store_login_begin (MoniaServerStore  *self,
                                const char        *login,
                                const char        *password,
                                const char        *address,
                                const char        *device,
                                gint64            *out_retry_after,
                                GError           **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 oldest_login = 0, oldest_address = 0, oldest_success = 0;
  gint64 by_login, by_address, successes, retry_after = 0;
  guint pending_login, pending_address;
  g_autoptr(MoniaServerStmt) stmt = NULL;
  MoniaServerLogin *attempt;

  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), NULL);
  g_return_val_if_fail (login != NULL && password != NULL && address != NULL, NULL);

  pending_login = pending_count (self->pending_logins, login);
  pending_address = pending_count (self->pending_addresses, address);
  by_login = count_attempts (self, "login", login, now - MONIA_SERVER_THROTTLE_WINDOW, FALSE, &oldest_login);
  by_address = count_attempts (self, "address", address, now - MONIA_SERVER_THROTTLE_WINDOW, FALSE, &oldest_address);
  successes = count_attempts (self, "login", login, now - MONIA_SERVER_LOGIN_RATE_WINDOW, TRUE, &oldest_success);
  if (over_limit (by_login, pending_login, MONIA_SERVER_MAX_FAILURES_PER_ACCOUNT,
                  oldest_login, MONIA_SERVER_THROTTLE_WINDOW, now, &retry_after) ||
      over_limit (by_address, pending_address, MONIA_SERVER_MAX_FAILURES_PER_ADDRESS,
                  oldest_address, MONIA_SERVER_THROTTLE_WINDOW, now, &retry_after))
    {
      g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_THROTTLED,
                           _("Too many failed logins. Wait a while and try again."));
      goto throttled;
    }
  if (over_limit (successes, pending_login, MONIA_SERVER_MAX_LOGINS_PER_ACCOUNT,
                  oldest_success, MONIA_SERVER_LOGIN_RATE_WINDOW, now, &retry_after))
    {
      g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_THROTTLED,
                           _("Too many logins in a short time. Wait a minute and try again."));
      goto throttled;
    }

  stmt = _monia_server_prepare (self,
                                "SELECT " ACCOUNT_COLUMNS ", a.password_hash FROM accounts a"
                                " WHERE a.login = ? AND a.disabled = 0",
                                error);
  if (stmt == NULL)
    return NULL;
  _monia_server_bind_text (stmt, 1, login);

  attempt = g_new0 (MoniaServerLogin, 1);
  attempt->store = g_object_ref (self);
  attempt->login = g_strdup (login);
  attempt->password = g_strdup (password);
  attempt->address = g_strdup (address);
  attempt->device = g_strdup (device);
  if (_monia_server_step (stmt) == MONIA_SERVER_ROW)
    {
      attempt->account = account_from_row (stmt, 0);
      attempt->stored_hash = g_strdup (_monia_server_column_text (stmt, 7));
    }
  attempt->pending = TRUE;
  pending_add (self->pending_logins, login, 1);
  pending_add (self->pending_addresses, address, 1);
  return attempt;

throttled:
  if (out_retry_after != NULL)
    *out_retry_after = retry_after;
  return NULL;
}

void
monia_server_login_check (MoniaServerLogin *login)
{
  g_return_if_fail (login != NULL);

  call_verify_hook (login->login);
  if (login->stored_hash != NULL)
    login->ok = crypto_pwhash_str_verify (login->stored_hash, login->password, strlen (login->password)) == 0;
  else if (verify_dummy (login->password))
    g_debug ("The dummy password matched");
  sodium_memzero (login->password, strlen (login->password));
}

gboolean
monia_server_login_succeeded (MoniaServerLogin *login)
{
  g_return_val_if_fail (login != NULL, FALSE);

  return login->ok;
}

/* Ends the account's oldest sessions beyond the cap. */
static gboolean
cap_tokens (MoniaServerStore  *self,
            const char        *account_id,
            GError           **error)
{
  g_autoptr(MoniaServerStmt) stmt = NULL;

  stmt = _monia_server_prepare (self,
                                "DELETE FROM tokens WHERE account_id = ?1 AND hash NOT IN"
                                " (SELECT hash FROM tokens WHERE account_id = ?1"
                                "  ORDER BY created_at DESC, rowid DESC LIMIT ?2)",
                                error);
  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, account_id);
  _monia_server_bind_int64 (stmt, 2, MONIA_SERVER_MAX_TOKENS_PER_ACCOUNT);
  if (_monia_server_step (stmt) != MONIA_SERVER_DONE)
    return _monia_server_set_error (self, error);
  return TRUE;
}

/* Tokens a day past their end are of no use to anyone. */
static gboolean
drop_old_tokens (MoniaServerStore  *self,
                 gint64             now,
                 GError           **error)
{
  g_autoptr(MoniaServerStmt) stmt = NULL;

  stmt = _monia_server_prepare (self, "DELETE FROM tokens WHERE expires_at < ?", error);
  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_int64 (stmt, 1, now - 86400);
  if (_monia_server_step (stmt) != MONIA_SERVER_DONE)
    return _monia_server_set_error (self, error);
  return TRUE;
}

MoniaServerAccount *
monia_server_store_login_finish (MoniaServerStore  *self,
                                 MoniaServerLogin  *login,
                                 gint64             lifetime,
                                 char             **out_token,
                                 gint64            *out_expires_at,
                                 GError           **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(MoniaServerStmt) stmt = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *token = NULL;
  MoniaAuditEntry entry = { 0 };

  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), NULL);
  g_return_val_if_fail (login != NULL && login->store == self, NULL);
  g_return_val_if_fail (out_token != NULL, NULL);

  login_release_pending (login);
  if (!_monia_server_begin (self, error))
    return NULL;

  entry.device = login->device;
  if (!login->ok)
    {
      entry.action = "login_failed";
      entry.actor = login->account != NULL ? login->account->id : NULL;
      if (!record_attempt (self, login->login, login->address, now, FALSE, error) ||
          !_monia_server_audit_in_tx (self, &entry, error) ||
          !_monia_server_commit (self, error))
        {
          _monia_server_rollback (self);
          return NULL;
        }
      g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_UNAUTHORIZED,
                           _("The login or the password is wrong."));
      return NULL;
    }

  token = make_token ();
  hash = hash_token (token);
  stmt = _monia_server_prepare (self,
                                "INSERT INTO tokens (hash, account_id, device, created_at, expires_at)"
                                " VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  _monia_server_bind_text (stmt, 1, hash);
  _monia_server_bind_text (stmt, 2, login->account->id);
  _monia_server_bind_text (stmt, 3, login->device);
  _monia_server_bind_int64 (stmt, 4, now);
  _monia_server_bind_int64 (stmt, 5, now + lifetime);
  if (_monia_server_step (stmt) != MONIA_SERVER_DONE)
    {
      _monia_server_set_error (self, error);
      goto fail;
    }

  entry.actor = login->account->id;
  entry.action = "login";
  if (!record_attempt (self, login->login, login->address, now, TRUE, error) ||
      !cap_tokens (self, login->account->id, error) ||
      !drop_old_tokens (self, now, error) ||
      !_monia_server_audit_in_tx (self, &entry, error) ||
      !_monia_server_commit (self, error))
    goto fail;

  *out_token = g_steal_pointer (&token);
  if (out_expires_at != NULL)
    *out_expires_at = now + lifetime;
  return g_steal_pointer (&login->account);

fail:
  _monia_server_rollback (self);
  return NULL;
}

MoniaServerAccount *
monia_server_store_login (MoniaServerStore  *self,
                          const char        *login,
                          const char        *password,
                          const char        *address,
                          const char        *device,
                          gint64             lifetime,
                          char             **out_token,
                          gint64            *out_expires_at,
                          gint64            *out_retry_after,
                          GError           **error)
{
  g_autoptr(MoniaServerLogin) attempt = NULL;

  attempt = monia_server_store_login_begin (self, login, password, address, device, out_retry_after, error);
  if (attempt == NULL)
    return NULL;
  monia_server_login_check (attempt);
  return monia_server_store_login_finish (self, attempt, lifetime, out_token, out_expires_at, error);
}

MoniaServerAccount *
monia_server_store_authenticate (MoniaServerStore  *self,
                                 const char        *token,
                                 GError           **error)
{
  g_autoptr(MoniaServerStmt) stmt = NULL;
  g_autofree char *hash = NULL;

  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), NULL);

  if (token == NULL || *token == '\0' || strlen (token) > 256)
    {
      g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_UNAUTHORIZED,
                           _("Log in first."));
      return NULL;
    }

  hash = hash_token (token);
  stmt = _monia_server_prepare (self,
                                "SELECT " ACCOUNT_COLUMNS ", t.expires_at FROM tokens t"
                                " JOIN accounts a ON a.id = t.account_id"
                                " WHERE t.hash = ? AND a.disabled = 0",
                                error);
  if (stmt == NULL)
    return NULL;
  _monia_server_bind_text (stmt, 1, hash);
  switch (_monia_server_step (stmt))
    {
    case MONIA_SERVER_ROW:
      break;
    case MONIA_SERVER_DONE:
      g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_UNAUTHORIZED,
                           _("The session is not valid. Log in again."));
      return NULL;
    case MONIA_SERVER_FAILED:
    default:
      /* Not a login that ended: a desktop told so would ask for the
       * password again over a database that is away for a moment. */
      _monia_server_set_error (self, error);
      return NULL;
    }
  if (_monia_server_column_int64 (stmt, 7) <= g_get_real_time () / G_USEC_PER_SEC)
    {
      g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_UNAUTHORIZED,
                           _("The session has ended. Log in again."));
      return NULL;
    }
  return account_from_row (stmt, 0);
}

char *
monia_server_token_hash (const char *token)
{
  g_return_val_if_fail (token != NULL, NULL);

  return hash_token (token);
}

gint64
monia_server_store_token_expiry (MoniaServerStore *self,
                                 const char       *token_hash)
{
  g_autoptr(MoniaServerStmt) stmt = NULL;

  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), 0);
  g_return_val_if_fail (token_hash != NULL, 0);

  stmt = _monia_server_prepare (self,
                                "SELECT t.expires_at FROM tokens t JOIN accounts a ON a.id = t.account_id"
                                " WHERE t.hash = ? AND a.disabled = 0",
                                NULL);
  if (stmt == NULL)
    return 0;
  _monia_server_bind_text (stmt, 1, token_hash);
  if (_monia_server_step (stmt) != MONIA_SERVER_ROW)
    return 0;
  return _monia_server_column_int64 (stmt, 0);
}

gboolean
monia_server_store_logout (MoniaServerStore  *self,
                           const char        *token,
                           GError           **error)
{
  g_autoptr(MoniaServerStmt) stmt = NULL;
  g_autofree char *hash = hash_token (token);

  stmt = _monia_server_prepare (self, "DELETE FROM tokens WHERE hash = ?", error);
  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, hash);
  if (_monia_server_step (stmt) != MONIA_SERVER_DONE)
    return _monia_server_set_error (self, error);
  return TRUE;
}

gboolean
monia_server_store_disable_account (MoniaServerStore  *self,
                                    const char        *login,
                                    GError           **error)
{
  g_autoptr(MoniaServerStmt) stmt = NULL;
  g_autofree char *id = NULL;
  MoniaAuditEntry entry = { 0 };

  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), FALSE);

  if (!_monia_server_begin (self, error))
    return FALSE;
  stmt = _monia_server_prepare (self, "UPDATE accounts SET disabled = 1 WHERE login = ? RETURNING id", error);
  if (stmt == NULL)
    goto fail;
  _monia_server_bind_text (stmt, 1, login);
  if (_monia_server_step (stmt) == MONIA_SERVER_ROW)
    id = g_strdup (_monia_server_column_text (stmt, 0));
  g_clear_pointer (&stmt, _monia_server_release);
  if (id == NULL)
    {
      g_set_error (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_NOT_FOUND,
                   _("There is no account with the login “%s”."), login);
      goto fail;
    }

  /* Its sessions end now, on every device: a lost laptop's token with them. */
  stmt = _monia_server_prepare (self, "DELETE FROM tokens WHERE account_id = ?", error);
  if (stmt == NULL)
    goto fail;
  _monia_server_bind_text (stmt, 1, id);
  if (_monia_server_step (stmt) != MONIA_SERVER_DONE)
    {
      _monia_server_set_error (self, error);
      goto fail;
    }

  entry.action = "account_disable";
  entry.record_kind = "professional";
  entry.record_id = id;
  entry.device = "monia-server";
  if (!_monia_server_audit_in_tx (self, &entry, error) || !_monia_server_commit (self, error))
    goto fail;
  return TRUE;

fail:
  _monia_server_rollback (self);
  return FALSE;
}
