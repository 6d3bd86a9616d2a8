/* monia-server-store.h — the regional server's own store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "monia-policy.h"

G_BEGIN_DECLS

/* 2: the audit chain is keyed. A monia-server older than that refuses
 * the store rather than add unkeyed entries to its log.
 * 3: stored push answers are kept per account and mutation id.
 * 4: settings, and the public form's throttles, forms and codes.
 * 5: the directory holds each account's organisation and team, and its
 *    professional record names both. */
#define MONIA_SERVER_STORE_SCHEMA_VERSION 5
/* The last version whose audit chain has no key: “audit upgrade” keys it. */
#define MONIA_SERVER_STORE_UNKEYED_AUDIT_VERSION 1

/* The file inside the data folder. */
#define MONIA_SERVER_STORE_FILE "monia-server.db"
/* Beside it, made by init (mode 0600) and kept out of the database: the
 * key of the audit chain's hash, and the Ed25519 key that signs its
 * checkpoints. Both are 32 random bytes; back them up with the store. */
#define MONIA_SERVER_AUDIT_KEY_FILE "audit.key"
#define MONIA_SERVER_AUDIT_SIGN_KEY_FILE "audit-sign.key"

#define MONIA_SERVER_ERROR (monia_server_error_quark ())

/**
 * MoniaServerError:
 * @MONIA_SERVER_ERROR_BAD_REQUEST: the request is malformed (400)
 * @MONIA_SERVER_ERROR_UNAUTHORIZED: no valid credentials or token (401)
 * @MONIA_SERVER_ERROR_FORBIDDEN: the account may not do this (403)
 * @MONIA_SERVER_ERROR_NOT_FOUND: no such thing, or not visible (404)
 * @MONIA_SERVER_ERROR_ACCESS_LOST: the account no longer has the case (403)
 * @MONIA_SERVER_ERROR_THROTTLED: too many failed logins (429)
 * @MONIA_SERVER_ERROR_EXISTS: already there (409)
 * @MONIA_SERVER_ERROR_STORE: the database failed (500)
 * @MONIA_SERVER_ERROR_AUDIT: the audit chain is broken
 * @MONIA_SERVER_ERROR_UNAVAILABLE: the database cannot be reached for now,
 *   as in a failover: try again shortly (503, with Retry-After)
 *
 * Each code has a stable name used on the wire (see docs/sync-protocol.md).
 */
typedef enum
{
  MONIA_SERVER_ERROR_BAD_REQUEST,
  MONIA_SERVER_ERROR_UNAUTHORIZED,
  MONIA_SERVER_ERROR_FORBIDDEN,
  MONIA_SERVER_ERROR_NOT_FOUND,
  MONIA_SERVER_ERROR_ACCESS_LOST,
  MONIA_SERVER_ERROR_THROTTLED,
  MONIA_SERVER_ERROR_EXISTS,
  MONIA_SERVER_ERROR_STORE,
  MONIA_SERVER_ERROR_AUDIT,
  MONIA_SERVER_ERROR_UNAVAILABLE,
} MoniaServerError;

GQuark      monia_server_error_quark     (void);
/* "bad_request", "unauthorized", …; for MONIA_ERROR_INVALID_INPUT too. */
const char *monia_server_error_code_name (const GError *error);
guint       monia_server_error_http_status (const GError *error);

typedef struct
{
  char      *id;        /* also the account's professional record id */
  char      *login;
  char      *name;
  char      *org;
  char      *team;
  char      *team_id;   /* derived from org and team, see monia_server_team_id() */
  MoniaRole  role;
} MoniaServerAccount;

void                monia_server_account_free (MoniaServerAccount *account);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MoniaServerAccount, monia_server_account_free)

/* The same UUID for the same organisation and team everywhere. */
char               *monia_server_team_id      (const char *org,
                                               const char *team);
/* The same UUID for the same organisation everywhere, never a team's. */
char               *monia_server_organisation_id (const char *org);

#define MONIA_TYPE_SERVER_STORE (monia_server_store_get_type ())

G_DECLARE_FINAL_TYPE (MoniaServerStore, monia_server_store, MONIA, SERVER_STORE, GObject)

/* init: @create TRUE makes a new store in @data_dir and fails if one is
 * there; FALSE opens an existing one and fails if there is none. */
MoniaServerStore   *monia_server_store_open     (const char        *data_dir,
                                                 gboolean           create,
                                                 GError           **error);
/* The same on @database: NULL for the SQLite file in @data_dir, or a
 * PostgreSQL URI (postgresql://…, several hosts and
 * target_session_attrs=read-write allowed); the audit keys stay files in
 * @data_dir either way. */
MoniaServerStore   *monia_server_store_open_database (const char  *data_dir,
                                                      const char  *database,
                                                      gboolean     create,
                                                      GError     **error);
/* The SQLite file, or the database URI without its password. */
const char         *monia_server_store_get_path (MoniaServerStore  *self);
/* Whether other servers may be writing to the same database (PostgreSQL). */
gboolean            monia_server_store_is_shared (MoniaServerStore *self);
/* Calls @func on @context with the feeds (a NULL-terminated array) that
 * other servers on the same database changed, until unwatched; nothing on
 * a store of its own (SQLite). */
typedef void (*MoniaServerStoreFeedsFunc) (const char * const *feeds,
                                           gpointer            data);
void                monia_server_store_watch_feeds   (MoniaServerStore          *self,
                                                      GMainContext              *context,
                                                      MoniaServerStoreFeedsFunc  func,
                                                      gpointer                   data);
void                monia_server_store_unwatch_feeds (MoniaServerStore          *self);

/* Accounts. The password is hashed with Argon2id and never kept. */
char               *monia_server_store_add_account (MoniaServerStore *self,
                                                    const char       *login,
                                                    const char       *name,
                                                    const char       *org,
                                                    const char       *team,
                                                    MoniaRole         role,
                                                    const char       *password,
                                                    GError          **error);

/* Login throttling: this many failures in the window block the account, or
 * the address (several times as many), until the window has passed. */
#define MONIA_SERVER_MAX_FAILURES_PER_ACCOUNT 5
#define MONIA_SERVER_MAX_FAILURES_PER_ADDRESS 20
#define MONIA_SERVER_THROTTLE_WINDOW (15 * 60)
/* Successful logins: at most this many per account in the window (seconds);
 * more are refused until the oldest has left it. */
#define MONIA_SERVER_MAX_LOGINS_PER_ACCOUNT 10
#define MONIA_SERVER_LOGIN_RATE_WINDOW 60
/* Tokens per account: a login beyond this ends the account's oldest session. */
#define MONIA_SERVER_MAX_TOKENS_PER_ACCOUNT 20

/* A login in three steps, so that the slow password check (Argon2id) runs
 * off the thread that owns the store: _begin() and _finish() on the store's
 * thread, monia_server_login_check() on any thread in between. */
typedef struct _MoniaServerLogin MoniaServerLogin;

/* Checks the throttles (failures, and successes per account) and looks up
 * the account. Fails with MONIA_SERVER_ERROR_THROTTLED and
 * *@out_retry_after seconds when the login must wait. Until finished or
 * freed the attempt counts against the throttles. */
MoniaServerLogin   *monia_server_store_login_begin  (MoniaServerStore  *self,
                                                     const char        *login,
                                                     const char        *password,
                                                     const char        *address,
                                                     const char        *device,
                                                     gint64            *out_retry_after,
                                                     GError           **error);
/* Checks the password (slow); touches no store, and wipes the password. */
void                monia_server_login_check        (MoniaServerLogin  *login);
gboolean            monia_server_login_succeeded    (MoniaServerLogin  *login);
/* After the check: records and audits the attempt; on success makes a
 * bearer token that ends after @lifetime seconds, and ends the account's
 * oldest sessions beyond MONIA_SERVER_MAX_TOKENS_PER_ACCOUNT. */
MoniaServerAccount *monia_server_store_login_finish (MoniaServerStore  *self,
                                                     MoniaServerLogin  *login,
                                                     gint64             lifetime,
                                                     char             **out_token,
                                                     gint64            *out_expires_at,
                                                     GError           **error);
void                monia_server_login_free         (MoniaServerLogin  *login);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MoniaServerLogin, monia_server_login_free)

/* The three steps at once, on the store's thread. */
MoniaServerAccount *monia_server_store_login     (MoniaServerStore  *self,
                                                  const char        *login,
                                                  const char        *password,
                                                  const char        *address,
                                                  const char        *device,
                                                  gint64             lifetime,
                                                  char             **out_token,
                                                  gint64            *out_expires_at,
                                                  gint64            *out_retry_after,
                                                  GError           **error);
MoniaServerAccount *monia_server_store_authenticate (MoniaServerStore *self,
                                                     const char       *token,
                                                     GError          **error);
/* Stops the account from logging in and ends all its tokens at once (a lost
 * laptop, a worker who left); its records stay. Audited. */
gboolean            monia_server_store_disable_account (MoniaServerStore  *self,
                                                        const char        *login,
                                                        GError           **error);
gboolean            monia_server_store_logout    (MoniaServerStore  *self,
                                                  const char        *token,
                                                  GError           **error);
/* The hash a token is kept under (tokens themselves are not kept). */
char               *monia_server_token_hash      (const char        *token);
/* When the token of @token_hash ends (seconds since 1970), or 0 if it does
 * not work any more (logged out, ended by a newer session, account disabled). */
gint64              monia_server_store_token_expiry (MoniaServerStore *self,
                                                     const char       *token_hash);

/* Audit. */
typedef struct
{
  const char *actor;        /* account id, or NULL */
  const char *action;       /* "login", "read", "create", … */
  const char *record_kind;
  const char *record_id;
  const char *case_id;
  const char *person_ids;   /* comma-separated person record ids */
  const char *reason;
  const char *device;
} MoniaAuditEntry;

gboolean            monia_server_store_audit     (MoniaServerStore  *self,
                                                  const MoniaAuditEntry *entry,
                                                  GError           **error);
/* Walks the whole chain; fails with MONIA_SERVER_ERROR_AUDIT naming the
 * first entry that was changed, removed or added out of order. */
gboolean            monia_server_store_audit_verify (MoniaServerStore *self,
                                                     gint64           *out_n_entries,
                                                     GError          **error);
/* The public half of the checkpoint signing key, in hex. */
char               *monia_server_store_audit_public_key (MoniaServerStore  *self,
                                                         GError           **error);
/* Verifies the chain and returns a signed statement of its head (entry
 * count, last hash, time, public key) as JSON text, for the admin to keep
 * off the server. See docs/security.md. */
char               *monia_server_store_audit_checkpoint (MoniaServerStore  *self,
                                                         GError           **error);
/* Verifies the chain, the checkpoint's signature, that it was signed by
 * this server's key, and that the chain still holds the checkpoint's
 * entries with its head hash at its position: so the removal of entries
 * it covers, and any rewrite up to it, even by someone holding audit.key,
 * fail with MONIA_SERVER_ERROR_AUDIT. */
gboolean            monia_server_store_audit_verify_checkpoint (MoniaServerStore  *self,
                                                                const char        *checkpoint,
                                                                gsize              length,
                                                                gint64            *out_n_entries,
                                                                gint64            *out_checkpoint_entries,
                                                                char             **out_checkpoint_time,
                                                                GError           **error);
/* For a store made before audit keys: checks its unkeyed chain, makes the
 * two key files and re-chains every entry with the key, in one go. A store
 * in a database (@database not NULL) had its key from the start. */
gboolean            monia_server_store_audit_upgrade (const char  *data_dir,
                                                      const char  *database,
                                                      gint64      *out_n_entries,
                                                      GError     **error);
/* Moves a region: copies the SQLite store in @from_dir into the empty
 * PostgreSQL database @to (making its schema), in one transaction, once its
 * audit chain has verified; then verifies the chain there with the same
 * key (audit.key stays in @from_dir: serve the database with
 * --data @from_dir, or copy the key files along) and logs the move in it.
 * The folder's store is left as it was. */
gboolean            monia_server_store_migrate (const char  *from_dir,
                                                const char  *to,
                                                gint64      *out_rows,
                                                gint64      *out_entries,
                                                GError     **error);
/* Who processed the person's data: audit entries touching the person or a
 * case the person is in, oldest first. */
JsonNode           *monia_server_store_audit_for_person (MoniaServerStore   *self,
                                                         MoniaServerAccount *admin,
                                                         const char         *person_id,
                                                         GError            **error);

/* Synchronisation: see docs/sync-protocol.md for the JSON shapes. */
JsonNode           *monia_server_store_push      (MoniaServerStore   *self,
                                                  MoniaServerAccount *account,
                                                  const char         *device,
                                                  JsonArray          *mutations,
                                                  GPtrArray          *out_changed_cases,
                                                  GError            **error);
JsonNode           *monia_server_store_list_cases (MoniaServerStore   *self,
                                                   MoniaServerAccount *account,
                                                   GError            **error);
/* The answer as JSON text. */
GBytes             *monia_server_store_pull      (MoniaServerStore   *self,
                                                  MoniaServerAccount *account,
                                                  const char         *device,
                                                  const char         *case_id,
                                                  gint64              since,
                                                  guint               limit,
                                                  GError            **error);
/* Pages of several feeds in one read: in order, until @limit entries in
 * all (see POST /v1/pull in docs/sync-protocol.md). */
#define MONIA_SERVER_MAX_PULL_MANY_FEEDS 200
#define MONIA_SERVER_MAX_PULL_MANY_LIMIT 2000
GBytes             *monia_server_store_pull_many (MoniaServerStore   *self,
                                                  MoniaServerAccount *account,
                                                  const char         *device,
                                                  const char * const *feeds,
                                                  const gint64       *since,
                                                  guint               n_feeds,
                                                  guint               limit,
                                                  char              **out_failed_feed,
                                                  GError            **error);
JsonNode           *monia_server_store_lead_feed (MoniaServerStore   *self,
                                                  MoniaServerAccount *account,
                                                  GError            **error);
gboolean            monia_server_store_resolve_conflict (MoniaServerStore   *self,
                                                         MoniaServerAccount *account,
                                                         const char         *device,
                                                         const char         *conflict_id,
                                                         char              **out_case_id,
                                                         GError            **error);
/* Makes the commits of reads (their audit entries), which do not wait for
 * the disk, durable: the server calls it shortly after each. */
gboolean            monia_server_store_sync      (MoniaServerStore   *self,
                                                  GError            **error);

/* The case's current sequence, if @account may see it; -1 otherwise. */
gint64              monia_server_store_case_seq  (MoniaServerStore   *self,
                                                  MoniaServerAccount *account,
                                                  const char         *case_id);

G_END_DECLS
