/* monia-server-login.c — logging in and out: passwords checked on a bounded pool off the main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-server-login"

#include "config.h"

#include <string.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "monia-error.h"
#include "monia-json-check.h"
#include "monia-protocol.h"
#include "monia-server-private.h"

static void
reply_login_error (SoupServerMessage *msg,
                   const GError      *error,
                   gint64             retry_after)
{
  if (g_error_matches (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_THROTTLED))
    {
      g_autofree char *seconds = g_strdup_printf ("%" G_GINT64_FORMAT, MAX (retry_after, 1));

      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", seconds);
    }
  _monia_server_reply_gerror (msg, error);
}

void
_monia_server_login_job_free (LoginJob *job)
{
  if (job->checked != NULL)
    {
      g_source_destroy (job->checked);
      g_source_unref (job->checked);
    }
  g_clear_signal_handler (&job->disconnected_id, job->msg);
  g_clear_object (&job->msg);
  monia_server_login_free (job->login);
  g_main_context_unref (job->context);
  g_free (job);
}

static void
login_disconnected_cb (SoupServerMessage *msg,
                       LoginJob          *job)
{
  g_clear_signal_handler (&job->disconnected_id, job->msg);
  job->gone = TRUE;
}

/* On the server's context, once the password is checked: the store's
 * part, and the answer. */
static gboolean
login_checked_cb (gpointer data)
{
  LoginJob *job = data;
  MoniaServer *self = job->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaServerAccount) account = NULL;
  g_autofree char *token = NULL;
  gint64 expires_at = 0;
  JsonObject *reply, *who;

  /* A success nobody waits for makes no session; a failure still counts. */
  if (job->gone && monia_server_login_succeeded (job->login))
    {
      g_ptr_array_remove (self->logins, job);
      return G_SOURCE_REMOVE;
    }

  account = monia_server_store_login_finish (self->store, job->login, self->token_lifetime,
                                             &token, &expires_at, &error);
  if (account != NULL)
    _monia_server_close_live_clients (self, NULL, account->id, "session_ended");
  if (job->gone)
    {
      g_ptr_array_remove (self->logins, job);
      return G_SOURCE_REMOVE;
    }

  if (account == NULL)
    reply_login_error (job->msg, error, 0);
  else
    {
      who = json_object_new ();
      json_object_set_string_member (who, "id", account->id);
      json_object_set_string_member (who, "login", account->login);
      json_object_set_string_member (who, "name", account->name);
      json_object_set_string_member (who, "org", account->org);
      json_object_set_string_member (who, "team", account->team);
      json_object_set_string_member (who, "team_id", account->team_id);
      json_object_set_string_member (who, "role", monia_role_to_string (account->role));

      reply = json_object_new ();
      json_object_set_string_member (reply, "token", token);
      json_object_set_int_member (reply, "expires_at", expires_at);
      json_object_set_object_member (reply, "account", who);
      _monia_server_reply_object (job->msg, SOUP_STATUS_OK, reply);
      json_object_unref (reply);
    }
  soup_server_message_unpause (job->msg);
  g_ptr_array_remove (self->logins, job);
  return G_SOURCE_REMOVE;
}

/* On Linux each thread has a nice value of its own; the pool's threads are
 * its own (an exclusive pool), so lowering theirs touches nothing else. */
static void
lower_thread_priority (void)
{
#ifdef __linux__
  static GPrivate lowered;

  if (g_private_get (&lowered) == NULL)
    {
      g_private_set (&lowered, GINT_TO_POINTER (1));
      if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), LOGIN_THREAD_NICE) != 0)
        g_debug ("Could not lower a login thread's priority");
    }
#endif
}

/* On a pool thread: touches only the job's login, then hands the job back
 * to the server's context. The server waits for this to return before it
 * frees anything. */
void
_monia_server_login_check_func (gpointer data,
                                gpointer user_data)
{
  LoginJob *job = data;
  GSource *source;

  lower_thread_priority ();
  monia_server_login_check (job->login);
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, login_checked_cb, job, NULL);
  job->checked = source;
  g_source_attach (source, job->context);
}

/* The password is checked on the pool (Argon2id takes tens of
 * milliseconds), so other requests are answered meanwhile. */
void
_monia_server_handle_login (MoniaServer       *self,
                            SoupServerMessage *msg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = _monia_server_parse_body (msg, &error);
  MoniaServerLogin *attempt;
  LoginJob *job;
  const char *login, *password, *address;
  gint64 retry_after = 0;

  if (body == NULL)
    {
      _monia_server_reply_gerror (msg, error);
      return;
    }
  login = _monia_server_get_string_member (json_node_get_object (body), "login");
  password = _monia_server_get_string_member (json_node_get_object (body), "password");
  if (login == NULL || password == NULL || *login == '\0' || strlen (login) > 200 || strlen (password) > 1024)
    {
      _monia_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                 _("Give a “login” and a “password”."));
      return;
    }
  if (self->logins->len >= MONIA_SERVER_MAX_PENDING_LOGINS)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "1");
      _monia_server_reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "busy",
                                 _("The server is busy with other logins. Try again in a moment."));
      return;
    }
  address = soup_server_message_get_remote_host (msg);

  attempt = monia_server_store_login_begin (self->store, login, password, address ? address : "",
                                            _monia_server_request_device (msg), &retry_after, &error);
  if (attempt == NULL)
    {
      reply_login_error (msg, error, retry_after);
      return;
    }

  job = g_new0 (LoginJob, 1);
  job->server = self;
  job->msg = g_object_ref (msg);
  job->login = attempt;
  job->context = g_main_context_ref (self->context);
  job->disconnected_id = g_signal_connect (msg, "disconnected", G_CALLBACK (login_disconnected_cb), job);
  g_ptr_array_add (self->logins, job);
  soup_server_message_pause (msg);
  /* Fails only if no thread could be started; the job stays queued for the
   * next one. */
  if (!g_thread_pool_push (self->login_pool, job, &error))
    g_warning ("Starting a thread to check a password failed: %s", error->message);
}

/* The token stops working, and so do the live sockets and long-polls
 * that came with it. */
void
_monia_server_handle_logout (MoniaServer       *self,
                             SoupServerMessage *msg)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token_hash = monia_server_token_hash (_monia_server_bearer_token (msg));

  if (!monia_server_store_logout (self->store, _monia_server_bearer_token (msg), &error))
    {
      _monia_server_reply_gerror (msg, error);
      return;
    }
  _monia_server_close_live_clients (self, token_hash, NULL, "logged_out");
  /* Bounded: each pass removes the waiter it answers (with 401 now). */
  for (guint w = self->waiters->len; w > 0; w--)
    {
      Waiter *waiter = self->waiters->pdata[w - 1];

      if (g_str_equal (waiter->token_hash, token_hash))
        _monia_server_finish_waiter (self, waiter, json_array_new ());
    }
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}
