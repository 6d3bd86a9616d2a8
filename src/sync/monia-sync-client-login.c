/* monia-sync-client-login.c — logging in and out, and the login kept in
 * the keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "monia-sync-client-private.h"

/* Addresses --------------------------------------------------------------- */

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* The server's address without a trailing slash, or an error a person can
 * act on. Plain http is for a server on this computer only. */
static char *
normalise_url (const char  *url,
               GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;
  g_autofree char *text = NULL;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  host = uri ? g_uri_get_host (uri) : NULL;
  if (uri == NULL || host == NULL || *host == '\0' ||
      (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0) ||
      g_uri_get_query (uri) != NULL || g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_INVALID_ADDRESS,
                   _("“%s” is not a server address. Write it like https://monia.example.fi"), url);
      return NULL;
    }
  if (g_str_equal (scheme, "http") && !host_is_loopback (host))
    {
      g_set_error (error, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_INVALID_ADDRESS,
                   _("Client data is only sent over an encrypted connection: use an address "
                     "that begins with https://"));
      return NULL;
    }

  text = g_uri_to_string (uri);
  while (g_str_has_suffix (text, "/"))
    text[strlen (text) - 1] = '\0';
  return g_steal_pointer (&text);
}

/* Login ------------------------------------------------------------------- */

const SecretSchema *
_monia_sync_client_token_schema (void)
{
  static const SecretSchema schema = {
    "fi.monia.Monia.Login", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "login", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  };
  return &schema;
}

typedef struct
{
  char *url;
  char *login;
  char *token;
} LoginData;

static void
login_data_free (LoginData *data)
{
  g_free (data->url);
  g_free (data->login);
  if (data->token != NULL)
    memset (data->token, 0, strlen (data->token));
  g_free (data->token);
  g_free (data);
}

static void
login_keyring_stored (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      g_debug ("keyring: %s", error->message);
      g_task_return_new_error (task, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_KEYRING,
                               _("Logged in, but the login could not be kept in the keyring, so it "
                                 "lasts only until Monia closes. Check that a keyring is available."));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static gboolean
save_account (MoniaSyncClient  *self,
              LoginData        *data,
              JsonObject       *account,
              GError          **error)
{
  static const char *const members[][2] = {
    { "id", "account_id" }, { "name", "account_name" }, { "role", "role" },
    { "team_id", "team_id" }, { "org", "organisation" }, { "team", "team" },
  };
  const char *id = json_object_get_string_member_with_default (account, "id", NULL);

  if (id == NULL || !g_uuid_string_is_valid (id))
    {
      g_propagate_error (error, _monia_sync_client_server_failed ());
      return FALSE;
    }

  if (!monia_store_set_sync_setting (self->store, "server_url", data->url, error) ||
      !monia_store_set_sync_setting (self->store, "login", data->login, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    if (!monia_store_set_sync_setting (self->store, members[i][1],
                                       json_object_get_string_member_with_default (account, members[i][0], NULL),
                                       error))
      return FALSE;
  monia_store_set_author (self->store, id);
  return TRUE;
}

static void
login_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  MoniaSyncClient *self = MONIA_SYNC_CLIENT (source);
  g_autoptr(GTask) task = user_data;
  LoginData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *owner = NULL;
  Reply *reply;
  JsonObject *object;
  const char *token;
  const char *account_id;

  reply = _monia_sync_client_request_finish (self, result, &error);
  if (reply == NULL)
    {
      if (g_error_matches (error, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_LOGIN_NEEDED))
        g_task_return_new_error (task, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_LOGIN_NEEDED,
                                 _("The login name or password is wrong."));
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  object = reply->root && JSON_NODE_HOLDS_OBJECT (reply->root) ? json_node_get_object (reply->root) : NULL;
  token = object ? json_object_get_string_member_with_default (object, "token", NULL) : NULL;
  if (reply->status != SOUP_STATUS_OK || token == NULL ||
      _monia_sync_client_object_member (object, "account") == NULL)
    {
      g_task_return_error (task, reply->status == SOUP_STATUS_OK
                                 ? _monia_sync_client_server_failed ()
                                 : _monia_sync_client_refused_error (reply));
      _monia_sync_client_reply_free (reply);
      return;
    }

  /* A store holds one account's view of one server: another's would mix
   * what each may see. */
  account_id = json_object_get_string_member_with_default (json_object_get_object_member (object, "account"),
                                                          "id", NULL);
  owner = monia_store_get_sync_setting (self->store, "account_id");
  if (owner != NULL && g_strcmp0 (owner, account_id) != 0)
    {
      _monia_sync_client_reply_free (reply);
      g_task_return_new_error (task, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_REFUSED,
                               _("This database belongs to another account. Log in with that account, "
                                 "or use another database."));
      return;
    }

  if (!save_account (self, data, json_object_get_object_member (object, "account"), &error))
    {
      _monia_sync_client_reply_free (reply);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_free (self->token);
  self->token = g_strdup (token);
  data->token = g_strdup (token);
  _monia_sync_client_reply_free (reply);
  _monia_sync_client_set_state (self, MONIA_SYNC_STATE_IDLE, NULL);

  if (!self->use_keyring)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  {
    g_autofree char *label = g_strdup_printf (_("Monia login %s at %s"), data->login, data->url);

    secret_password_store (_monia_sync_client_token_schema (), SECRET_COLLECTION_DEFAULT, label, data->token,
                           g_task_get_cancellable (task), login_keyring_stored, g_object_ref (task),
                           "server", data->url, "login", data->login, NULL);
  }
}

void
monia_sync_client_login_async (MoniaSyncClient     *self,
                               const char          *url,
                               const char          *login,
                               const char          *password,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  LoginData *data;

  g_return_if_fail (MONIA_IS_SYNC_CLIENT (self));
  g_return_if_fail (url != NULL && login != NULL && password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, monia_sync_client_login_async);

  data = g_new0 (LoginData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) login_data_free);
  data->login = g_strdup (login);
  data->url = normalise_url (url, &error);
  if (data->url == NULL || !_monia_sync_client_check_syncable (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (*login == '\0')
    {
      g_task_return_new_error (task, MONIA_SYNC_ERROR, MONIA_SYNC_ERROR_LOGIN_NEEDED,
                               _("Enter your login name."));
      return;
    }

  /* The request goes to the new address; the store keeps the old one until
   * the login succeeds. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "login");
  json_builder_add_string_value (builder, login);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);

  _monia_sync_client_request_to_async (self, data->url, "POST", "/v1/login", body, cancellable, login_done,
                                       g_steal_pointer (&task));
  memset (body, 0, strlen (body));
}

gboolean
monia_sync_client_login_finish (MoniaSyncClient  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Logout ------------------------------------------------------------------ */

static void
logout_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  MoniaSyncClient *self = MONIA_SYNC_CLIENT (source);
  g_autoptr(GTask) task = user_data;
  Reply *reply = _monia_sync_client_request_finish (self, result, NULL);

  /* Whatever the server said, the token is gone here. */
  g_clear_pointer (&reply, _monia_sync_client_reply_free);
  g_task_return_boolean (task, TRUE);
}

void
monia_sync_client_logout_async (MoniaSyncClient     *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *url = NULL;
  g_autofree char *login = NULL;

  g_return_if_fail (MONIA_IS_SYNC_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  monia_sync_client_stop (self);
  url = monia_store_get_sync_setting (self->store, "server_url");
  login = monia_store_get_sync_setting (self->store, "login");
  if (self->use_keyring && url != NULL && login != NULL)
    secret_password_clear (_monia_sync_client_token_schema (), NULL, NULL, NULL, "server", url, "login", login, NULL);
  _monia_sync_client_set_state (self, MONIA_SYNC_STATE_LOGIN_NEEDED, _("Logged out. Log in again to sync."));
  if (self->token == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  _monia_sync_client_request_async (self, "POST", "/v1/logout", "{}", cancellable, logout_done,
                                    g_steal_pointer (&task));
  g_clear_pointer (&self->token, g_free);
}

gboolean
monia_sync_client_logout_finish (MoniaSyncClient  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
