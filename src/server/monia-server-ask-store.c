/* monia-server-ask-store.c — the public form in the store: settings,
 * per-address limits, requests written into the inbox, answers by code
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-server-ask"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "monia-intake.h"
#include "monia-server-ask.h"
#include "monia-server-sync-private.h"

/* Settings */

static const MoniaServerSetting settings[] = {
  { MONIA_SETTING_PROMISE_WEB, "3", N_("Working days promised for an answer to the form (1–30)") },
  { MONIA_SETTING_PROMISE_CALLBACK, "1", N_("Working days promised for a callback (1–30)") },
  { MONIA_SETTING_LIMIT_SUBMISSIONS, "20", N_("Form posts one address may make in an hour") },
  { MONIA_SETTING_LIMIT_ANSWERS, "30", N_("Answer look-ups one address may make in an hour") },
  { MONIA_SETTING_REGION_NAME, "", N_("The wellbeing services county’s name, shown on the pages") },
  { MONIA_SETTING_REGION_EMAIL, "", N_("The address for privacy and accessibility questions") },
  { MONIA_SETTING_REGION_PHONE, "", N_("The telephone number shown on the pages") },
  { MONIA_SETTING_TOPICS, "parenting,child,youth,school,relationships,wellbeing,substance_use,money,other",
    N_("The topics the form offers, comma-separated") },
  { MONIA_SETTING_A11Y_ASSESSED_ON, "2025-12-07", N_("When the pages’ accessibility was last assessed (YYYY-MM-DD)") },
  { MONIA_SETTING_A11Y_ASSESSED_BY, "self", N_("Who assessed it: self or external") },
};

static const char * const all_topics[] = {
  "parenting", "child", "youth", "school", "relationships", "wellbeing", "substance_use", "money", "other", NULL
};

const MoniaServerSetting *
monia_server_settings_get_all (guint *n_settings)
{
  g_return_val_if_fail (n_settings != NULL, NULL);

  *n_settings = G_N_ELEMENTS (settings);
  return settings;
}

const char * const *
monia_ask_get_all_topics (void)
{
  return all_topics;
}

gboolean
monia_ask_topic_is_known (const char *topic)
{
  return topic != NULL && g_strv_contains (all_topics, topic);
}

static const MoniaServerSetting *
lookup_setting (const char *key)
{
  for (guint i = 0; key != NULL && i < G_N_ELEMENTS (settings); i++)
    if (g_str_equal (settings[i].key, key))
      return &settings[i];
  return NULL;
}

/* Internal keys (the secret) are kept in the same table under a name no
 * setting has. */
static char *
read_setting_row (MoniaServerStore *self,
                  const char       *key)
{
  g_autoptr(MoniaServerStmt) stmt = _monia_server_prepare (self, "SELECT value FROM settings WHERE key = ?", NULL);

  if (stmt == NULL)
    return NULL;
  _monia_server_bind_text (stmt, 1, key);
  if (_monia_server_step (stmt) != MONIA_SERVER_ROW)
    return NULL;
  return _monia_server_dup_column (stmt, 0);
}

char *
monia_server_store_get_setting (MoniaServerStore *self,
                                const char       *key)
{
  const MoniaServerSetting *setting = lookup_setting (key);
  char *value;

  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), NULL);

  if (setting == NULL)
    return NULL;
  value = read_setting_row (self, key);
  return value != NULL ? value : g_strdup (setting->default_value);
}

guint
monia_server_store_get_setting_uint (MoniaServerStore *self,
                                     const char       *key)
{
  g_autofree char *value = monia_server_store_get_setting (self, key);
  guint64 number = 0;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &number, NULL))
    return 0;
  return (guint) number;
}

static gboolean
check_setting (const char  *key,
               const char  *value,
               GError     **error)
{
  guint64 number;

  if (!g_utf8_validate (value, -1, NULL) || strlen (value) > 500 || strchr (value, '\n') != NULL)
    goto bad;
  if (g_str_has_prefix (key, "promise."))
    {
      if (!g_ascii_string_to_unsigned (value, 10, 1, 30, &number, NULL))
        goto bad;
    }
  else if (g_str_has_prefix (key, "limit."))
    {
      if (!g_ascii_string_to_unsigned (value, 10, 1, 1000000, &number, NULL))
        goto bad;
    }
  else if (g_str_equal (key, MONIA_SETTING_TOPICS))
    {
      g_auto(GStrv) topics = g_strsplit (value, ",", -1);

      if (topics[0] == NULL)
        goto bad;
      for (guint i = 0; topics[i] != NULL; i++)
        if (!monia_ask_topic_is_known (topics[i]))
          goto bad;
    }
  else if (g_str_equal (key, MONIA_SETTING_A11Y_ASSESSED_ON))
    {
      GDate date;

      if (!monia_date_parse_iso (value, &date, NULL))
        goto bad;
    }
  else if (g_str_equal (key, MONIA_SETTING_A11Y_ASSESSED_BY))
    {
      if (!g_str_equal (value, "self") && !g_str_equal (value, "external"))
        goto bad;
    }
  return TRUE;

bad:
  if (g_str_equal (key, MONIA_SETTING_TOPICS))
    {
      g_autofree char *known = g_strjoinv (", ", (char **) all_topics);

      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("“%s” takes topics from: %s."), key, known);
    }
  else
    g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                 _("“%s” is not a value “%s” takes: %s."), value, key, _(lookup_setting (key)->summary));
  return FALSE;
}

gboolean
monia_server_store_set_setting (MoniaServerStore  *self,
                                const char        *key,
                                const char        *value,
                                GError           **error)
{
  g_autoptr(MoniaServerStmt) stmt = NULL;

  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), FALSE);

  if (lookup_setting (key) == NULL)
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT, _("There is no setting “%s”."), key);
      return FALSE;
    }
  if (value != NULL && !check_setting (key, value, error))
    return FALSE;

  if (value != NULL)
    stmt = _monia_server_prepare (self, "INSERT INTO settings (key, value) VALUES (?1, ?2)"
                                        " ON CONFLICT (key) DO UPDATE SET value = ?2", error);
  else
    stmt = _monia_server_prepare (self, "DELETE FROM settings WHERE key = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, key);
  if (value != NULL)
    _monia_server_bind_text (stmt, 2, value);
  if (_monia_server_step (stmt) != MONIA_SERVER_DONE)
    return _monia_server_set_error (self, error);
  return TRUE;
}

#define SECRET_KEY "_web.secret"

gboolean
monia_server_store_web_secret (MoniaServerStore  *self,
                               guint8             out_key[32],
                               GError           **error)
{
  g_autofree char *hex = read_setting_row (self, SECRET_KEY);
  g_autoptr(MoniaServerStmt) stmt = NULL;
  char made[65];
  gsize length = 0;

  if (hex != NULL && sodium_hex2bin (out_key, 32, hex, strlen (hex), NULL, &length, NULL) == 0 && length == 32)
    return TRUE;

  randombytes_buf (out_key, 32);
  sodium_bin2hex (made, sizeof made, out_key, 32);
  /* Another server on the same store may have made one meanwhile: the
   * first one kept wins. */
  stmt = _monia_server_prepare (self, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT DO NOTHING", error);
  if (stmt == NULL)
    return FALSE;
  _monia_server_bind_text (stmt, 1, SECRET_KEY);
  _monia_server_bind_text (stmt, 2, made);
  if (_monia_server_step (stmt) != MONIA_SERVER_DONE)
    return _monia_server_set_error (self, error);
  g_clear_pointer (&stmt, _monia_server_release);
  sodium_memzero (made, sizeof made);

  g_clear_pointer (&hex, g_free);
  hex = read_setting_row (self, SECRET_KEY);
  if (hex == NULL || sodium_hex2bin (out_key, 32, hex, strlen (hex), NULL, &length, NULL) != 0 || length != 32)
    {
      g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_STORE,
                           _("The public form’s secret could not be kept."));
      return FALSE;
    }
  return TRUE;
}

/* Per-address limits */

gboolean
monia_server_store_web_hit (MoniaServerStore  *self,
                            const char        *address_key,
                            const char        *action,
                            guint              limit,
                            gint64             now,
                            gint64            *out_retry_after,
                            GError           **error)
{
  static guint calls;
  g_autoptr(MoniaServerStmt) count = NULL;
  g_autoptr(MoniaServerStmt) insert = NULL;
  gint64 n, oldest;

  /* A count need not wait for the disk: losing the last few in a crash
   * only forgives them. The next durable commit syncs them. */
  if (!_monia_server_begin_read (self, error))
    return FALSE;

  /* Now and then, rows no window looks at any more go. */
  if (++calls % 256 == 0)
    {
      g_autoptr(MoniaServerStmt) purge = _monia_server_prepare (self, "DELETE FROM web_hits WHERE at <= ?", error);

      if (purge == NULL)
        goto fail;
      _monia_server_bind_int64 (purge, 1, now - MONIA_ASK_LIMIT_WINDOW);
      if (_monia_server_step (purge) != MONIA_SERVER_DONE)
        {
          _monia_server_set_error (self, error);
          goto fail;
        }
    }

  count = _monia_server_prepare (self, "SELECT count(*), min(at) FROM web_hits"
                                       " WHERE address = ? AND action = ? AND at > ?", error);
  if (count == NULL)
    goto fail;
  _monia_server_bind_text (count, 1, address_key);
  _monia_server_bind_text (count, 2, action);
  _monia_server_bind_int64 (count, 3, now - MONIA_ASK_LIMIT_WINDOW);
  if (_monia_server_step (count) != MONIA_SERVER_ROW)
    {
      _monia_server_set_error (self, error);
      goto fail;
    }
  n = _monia_server_column_int64 (count, 0);
  oldest = _monia_server_column_int64 (count, 1);
  g_clear_pointer (&count, _monia_server_release);
  if (n >= limit)
    {
      if (out_retry_after != NULL)
        *out_retry_after = MAX (1, oldest + MONIA_ASK_LIMIT_WINDOW - now);
      g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_THROTTLED,
                           _("Too many tries from this address. Wait a while and try again."));
      goto fail;
    }

  insert = _monia_server_prepare (self, "INSERT INTO web_hits (address, action, at) VALUES (?, ?, ?)", error);
  if (insert == NULL)
    goto fail;
  _monia_server_bind_text (insert, 1, address_key);
  _monia_server_bind_text (insert, 2, action);
  _monia_server_bind_int64 (insert, 3, now);
  if (_monia_server_step (insert) != MONIA_SERVER_DONE)
    {
      _monia_server_set_error (self, error);
      goto fail;
    }
  g_clear_pointer (&insert, _monia_server_release);
  return _monia_server_commit_read (self, error);

fail:
  g_clear_pointer (&count, _monia_server_release);
  g_clear_pointer (&insert, _monia_server_release);
  _monia_server_rollback (self);
  return FALSE;
}

/* Codes */

static const char code_alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

char *
monia_ask_code_normalize (const char *typed)
{
  g_autoptr(GString) code = g_string_new (NULL);

  if (typed == NULL)
    return NULL;
  for (const char *p = typed; *p != '\0'; p++)
    {
      char c = g_ascii_toupper (*p);

      if (c == ' ' || c == '-' || c == '\t')
        continue;
      if (strchr (code_alphabet, c) == NULL || code->len >= MONIA_ASK_CODE_LENGTH)
        return NULL;
      g_string_append_c (code, c);
    }
  if (code->len != MONIA_ASK_CODE_LENGTH)
    return NULL;
  return g_string_free (g_steal_pointer (&code), FALSE);
}

char *
monia_ask_code_format (const char *code)
{
  g_autoptr(GString) shown = g_string_new (NULL);

  for (gsize i = 0; code[i] != '\0'; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (shown, '-');
      g_string_append_c (shown, code[i]);
    }
  return g_string_free (g_steal_pointer (&shown), FALSE);
}

/* 12 characters of 31: about 59 bits, beyond guessing at the answer page's
 * rate limit. */
static char *
make_code (void)
{
  char *code = g_new0 (char, MONIA_ASK_CODE_LENGTH + 1);

  for (guint i = 0; i < MONIA_ASK_CODE_LENGTH; i++)
    code[i] = code_alphabet[randombytes_uniform (sizeof code_alphabet - 1)];
  return code;
}

/* Requests */

static void
set_text (ServerRecord *record,
          const char   *name,
          const char   *value)
{
  if (value == NULL || *value == '\0')
    return;
  json_object_set_string_member (record->fields, name, value);
  json_object_set_int_member (record->field_revs, name, 1);
}

static void
set_int (ServerRecord *record,
         const char   *name,
         gint64        value)
{
  json_object_set_int_member (record->fields, name, value);
  json_object_set_int_member (record->field_revs, name, 1);
}

static gboolean
take_form (MoniaServerStore  *self,
           const char        *nonce,
           gint64             now,
           GError           **error)
{
  g_autoptr(MoniaServerStmt) purge = NULL;
  g_autoptr(MoniaServerStmt) take = NULL;

  /* Forms older than a token lives cannot come back. */
  purge = _monia_server_prepare (self, "DELETE FROM ask_forms WHERE at < ?", error);
  if (purge == NULL)
    return FALSE;
  _monia_server_bind_int64 (purge, 1, now - 2 * 24 * 60 * 60);
  if (_monia_server_step (purge) != MONIA_SERVER_DONE)
    return _monia_server_set_error (self, error);

  take = _monia_server_prepare (self, "INSERT INTO ask_forms (nonce, at) VALUES (?, ?) ON CONFLICT DO NOTHING", error);
  if (take == NULL)
    return FALSE;
  _monia_server_bind_text (take, 1, nonce);
  _monia_server_bind_int64 (take, 2, now);
  if (_monia_server_step (take) != MONIA_SERVER_DONE)
    return _monia_server_set_error (self, error);
  if (_monia_server_changes (self) == 0)
    {
      g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_EXISTS,
                           _("This form was already sent."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
keep_code (MoniaServerStore  *self,
           const char        *request_id,
           gint64             now,
           char             **out_code,
           GError           **error)
{
  /* A clash of 59-bit codes is all but impossible; a few tries settle it. */
  for (guint attempt = 0; attempt < 5; attempt++)
    {
      g_autoptr(MoniaServerStmt) stmt = NULL;
      g_autofree char *code = make_code ();

      stmt = _monia_server_prepare (self, "INSERT INTO ask_codes (code, request_id, created_at)"
                                          " VALUES (?, ?, ?) ON CONFLICT DO NOTHING", error);
      if (stmt == NULL)
        return FALSE;
      _monia_server_bind_text (stmt, 1, code);
      _monia_server_bind_text (stmt, 2, request_id);
      _monia_server_bind_int64 (stmt, 3, now);
      if (_monia_server_step (stmt) != MONIA_SERVER_DONE)
        return _monia_server_set_error (self, error);
      if (_monia_server_changes (self) == 1)
        {
          *out_code = g_steal_pointer (&code);
          return TRUE;
        }
    }
  g_set_error_literal (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_STORE,
                       _("No reference code could be made. Try again."));
  return FALSE;
}

gboolean
monia_server_store_ask_submit (MoniaServerStore      *self,
                               const MoniaAskRequest *request,
                               const char            *nonce,
                               gint64                 now,
                               char                 **out_code,
                               GDate                 *out_last_day,
                               GPtrArray             *changed_feeds,
                               GError               **error)
{
  g_autoptr(MoniaCalendar) calendar = monia_calendar_new ();
  g_autoptr(ServerRecord) record = g_new0 (ServerRecord, 1);
  g_autoptr(GPtrArray) feeds = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *code = NULL;
  g_autofree char *shown = NULL;
  const char *days_key;
  MoniaAuditEntry entry = { 0 };
  gint64 due_at = 0;
  guint days;

  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), FALSE);
  g_return_val_if_fail (request != NULL && request->channel != NULL && request->message != NULL, FALSE);
  g_return_val_if_fail (nonce != NULL && out_code != NULL && out_last_day != NULL, FALSE);

  days_key = g_str_equal (request->channel, MONIA_CHANNEL_CALLBACK)
    ? MONIA_SETTING_PROMISE_CALLBACK : MONIA_SETTING_PROMISE_WEB;
  days = CLAMP (monia_server_store_get_setting_uint (self, days_key), 1, 30);
  if (!monia_intake_promise_in_finland (calendar, now, days, out_last_day, &due_at, error))
    return FALSE;

  record->kind = g_strdup ("help_request");
  record->id = monia_id_new ();
  record->feed = g_strdup (MONIA_FEED_INBOX);
  record->rev = 1;
  record->fields = json_object_new ();
  record->field_revs = json_object_new ();

  if (!_monia_server_begin (self, error))
    return FALSE;
  if (!take_form (self, nonce, now, error) ||
      !keep_code (self, record->id, now, &code, error))
    goto fail;

  shown = monia_ask_code_format (code);
  set_text (record, "channel", request->channel);
  set_int (record, "received_at", now);
  json_object_set_boolean_member (record->fields, "anonymous", request->anonymous);
  json_object_set_int_member (record->field_revs, "anonymous", 1);
  /* An anonymous request keeps no name or address; a callback keeps the
   * number it is to call. */
  if (!request->anonymous)
    {
      set_text (record, "contact_name", request->name);
      set_text (record, "contact_email", request->email);
    }
  if (!request->anonymous || g_str_equal (request->channel, MONIA_CHANNEL_CALLBACK))
    {
      set_text (record, "contact_phone", request->phone);
      set_text (record, "contact_preference", request->contact_preference);
    }
  set_text (record, "topic", request->topic);
  set_text (record, "message", request->message);
  set_text (record, "municipality", request->municipality);
  set_text (record, "child_age", request->child_age);
  set_text (record, "language", request->language);
  set_text (record, "reference", shown);
  set_int (record, "promise_working_days", days);
  set_int (record, "due_at", due_at);

  entry.action = "create";
  entry.record_kind = record->kind;
  entry.record_id = record->id;
  entry.reason = "public form";
  entry.device = "web";
  if (!_monia_server_save_record (self, record, TRUE, "create", record->fields, NULL, NULL, error) ||
      !_monia_server_touch_record_feeds (self, record, feeds, error) ||
      !_monia_server_audit_in_tx (self, &entry, error))
    goto fail;
  if (!_monia_server_commit (self, error))
    return FALSE;

  for (guint i = 0; changed_feeds != NULL && i < feeds->len; i++)
    g_ptr_array_add (changed_feeds, g_strdup (feeds->pdata[i]));
  *out_code = g_steal_pointer (&shown);
  return TRUE;

fail:
  _monia_server_rollback (self);
  return FALSE;
}

gboolean
monia_server_store_ask_answer (MoniaServerStore  *self,
                               const char        *code,
                               gboolean          *out_found,
                               char             **out_reply,
                               gint64            *out_replied_at,
                               GError           **error)
{
  g_autofree char *normal = monia_ask_code_normalize (code);
  g_autoptr(MoniaServerStmt) stmt = NULL;
  g_autofree char *request_id = NULL;
  g_autoptr(ServerRecord) record = NULL;
  MoniaAuditEntry entry = { 0 };

  g_return_val_if_fail (MONIA_IS_SERVER_STORE (self), FALSE);

  *out_found = FALSE;
  *out_reply = NULL;
  *out_replied_at = 0;
  if (normal == NULL)
    return TRUE;

  /* A read: audited in a commit that does not wait for the disk. */
  if (!_monia_server_begin_read (self, error))
    return FALSE;
  stmt = _monia_server_prepare (self, "SELECT request_id FROM ask_codes WHERE code = ?", error);
  if (stmt == NULL)
    goto fail;
  _monia_server_bind_text (stmt, 1, normal);
  if (_monia_server_step (stmt) == MONIA_SERVER_ROW)
    request_id = _monia_server_dup_column (stmt, 0);
  g_clear_pointer (&stmt, _monia_server_release);
  if (request_id == NULL)
    {
      _monia_server_rollback (self);
      return TRUE;
    }

  record = _monia_server_load_record (self, "help_request", request_id, error);
  if (record == NULL || record->deleted)
    {
      _monia_server_rollback (self);
      return error == NULL || *error == NULL;
    }
  *out_found = TRUE;
  *out_reply = g_strdup (_monia_server_object_get_string (record->fields, "reply"));
  *out_replied_at = json_object_get_int_member_with_default (record->fields, "replied_at", 0);

  entry.action = "read";
  entry.record_kind = "help_request";
  entry.record_id = request_id;
  entry.reason = "answer page";
  entry.device = "web";
  if (!_monia_server_audit_in_tx (self, &entry, error))
    goto fail;
  if (!_monia_server_commit_read (self, error))
    {
      g_clear_pointer (out_reply, g_free);
      return FALSE;
    }
  return TRUE;

fail:
  _monia_server_rollback (self);
  g_clear_pointer (out_reply, g_free);
  *out_found = FALSE;
  return FALSE;
}
