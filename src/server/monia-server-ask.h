/* monia-server-ask.h — the public "Ask for help" form: its settings, and
 * what it keeps in the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "monia-server-store.h"

G_BEGIN_DECLS

/* Settings a region sets with `monia-server --data DIR settings set KEY VALUE`. */
#define MONIA_SETTING_PROMISE_WEB        "promise.web"
#define MONIA_SETTING_PROMISE_CALLBACK   "promise.callback"
#define MONIA_SETTING_LIMIT_SUBMISSIONS  "limit.submissions"
#define MONIA_SETTING_LIMIT_ANSWERS      "limit.answers"
#define MONIA_SETTING_REGION_NAME        "region.name"
#define MONIA_SETTING_REGION_EMAIL       "region.email"
#define MONIA_SETTING_REGION_PHONE       "region.phone"
#define MONIA_SETTING_TOPICS             "ask.topics"
#define MONIA_SETTING_A11Y_ASSESSED_ON   "accessibility.assessed_on"
#define MONIA_SETTING_A11Y_ASSESSED_BY   "accessibility.assessed_by"

/* The per-address limits count within this window, in seconds. */
#define MONIA_ASK_LIMIT_WINDOW (60 * 60)

typedef struct
{
  const char *key;
  const char *default_value;
  const char *summary;        /* untranslated, marked for translation */
} MoniaServerSetting;

const MoniaServerSetting *monia_server_settings_get_all (guint *n_settings);
/* The setting's value, or its default; NULL for an unknown key. */
char     *monia_server_store_get_setting   (MoniaServerStore  *self,
                                            const char        *key);
guint     monia_server_store_get_setting_uint (MoniaServerStore *self,
                                               const char       *key);
/* Checks @value for @key (NULL: back to the default) and keeps it. */
gboolean  monia_server_store_set_setting   (MoniaServerStore  *self,
                                            const char        *key,
                                            const char        *value,
                                            GError           **error);

/* Topics the form may offer: keys, in order. */
const char * const *monia_ask_get_all_topics (void);
gboolean  monia_ask_topic_is_known         (const char        *topic);

/* The form's secret (32 bytes, made on first use and kept in the store):
 * it signs the form tokens and hides addresses in the throttle table. */
gboolean  monia_server_store_web_secret    (MoniaServerStore  *self,
                                            guint8             out_key[32],
                                            GError           **error);

/* Counts one @action ("ask", "answer") from @address_key within the
 * window; FALSE with MONIA_SERVER_ERROR_THROTTLED and *@out_retry_after
 * seconds when @limit are already in it. */
gboolean  monia_server_store_web_hit       (MoniaServerStore  *self,
                                            const char        *address_key,
                                            const char        *action,
                                            guint              limit,
                                            gint64             now,
                                            gint64            *out_retry_after,
                                            GError           **error);

/* A request from the public form, checked by the page. */
typedef struct
{
  const char *channel;             /* "web" or "callback" */
  gboolean    anonymous;
  const char *message;
  const char *topic;
  const char *name;
  const char *phone;
  const char *email;
  const char *contact_preference;
  const char *municipality;
  const char *child_age;
  const char *language;
} MoniaAskRequest;

/* Writes @request as a help request in the inbox feed, with its history
 * and an audit entry that names nobody, in one transaction; the form's
 * @nonce is taken, so the same form sent again fails with
 * MONIA_SERVER_ERROR_EXISTS. Gives the reference code, the promise's last
 * day (Finland's) and adds the changed feed to @changed_feeds. */
gboolean  monia_server_store_ask_submit    (MoniaServerStore      *self,
                                            const MoniaAskRequest *request,
                                            const char            *nonce,
                                            gint64                 now,
                                            char                 **out_code,
                                            GDate                 *out_last_day,
                                            GPtrArray             *changed_feeds,
                                            GError               **error);

/* The reply to the request of @code (as typed: case and separators do not
 * matter): *@out_found FALSE for no such code; *@out_reply NULL while
 * there is none. Audited as a read by the answer page. */
gboolean  monia_server_store_ask_answer    (MoniaServerStore  *self,
                                            const char        *code,
                                            gboolean          *out_found,
                                            char             **out_reply,
                                            gint64            *out_replied_at,
                                            GError           **error);

/* A code as typed, without separators and in capitals; NULL if it cannot
 * be one. Codes are MONIA_ASK_CODE_LENGTH characters of an alphabet
 * without 0, O, 1, I and L, shown in groups of four. */
#define MONIA_ASK_CODE_LENGTH 12
char     *monia_ask_code_normalize         (const char        *typed);
char     *monia_ask_code_format            (const char        *code);

G_END_DECLS
