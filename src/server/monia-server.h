/* monia-server.h — the HTTP and WebSocket surface of monia-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "monia-server-store.h"

G_BEGIN_DECLS

/* Largest request body accepted, in bytes. */
#define MONIA_SERVER_MAX_BODY (4 * 1024 * 1024)
/* Seconds a client waits before trying again while the database cannot be
 * reached (a failover takes a few). */
#define MONIA_SERVER_UNAVAILABLE_RETRY_AFTER 5
/* How long a bearer token lasts unless told otherwise, in seconds. */
#define MONIA_SERVER_DEFAULT_TOKEN_LIFETIME (12 * 60 * 60)
/* The longest a long-poll waits, in seconds. */
#define MONIA_SERVER_MAX_POLL_WAIT 60
/* Passwords are checked on at most this many threads (and on one fewer than
 * the cores, so one is left for everything else); at most this many logins
 * wait for a check or are being checked, more are answered 503 at once. */
#define MONIA_SERVER_LOGIN_THREADS 2
#define MONIA_SERVER_MAX_PENDING_LOGINS 16
/* The WebSocket close code of /v1/live when its token stops working (logout,
 * expiry, or a newer session ending it); the reason is "logged_out" or
 * "session_ended". */
#define MONIA_SERVER_LIVE_CLOSE_SESSION_ENDED 4001

#define MONIA_TYPE_SERVER (monia_server_get_type ())

G_DECLARE_FINAL_TYPE (MoniaServer, monia_server, MONIA, SERVER, GObject)

/* Serves @store on the thread-default main context of the caller. */
MoniaServer *monia_server_new                (MoniaServerStore   *store,
                                              GTlsCertificate    *certificate);
void         monia_server_set_token_lifetime (MoniaServer        *self,
                                              gint64              seconds);
/* Without a certificate only a loopback address is accepted. */
gboolean     monia_server_listen             (MoniaServer        *self,
                                              GInetSocketAddress *address,
                                              GError            **error);
/* Where the public pages find their translations (DIR/LANG/LC_MESSAGES/
 * monia.mo); by default the installed ones. */
void         monia_server_set_locale_dir     (MoniaServer        *self,
                                              const char         *dir);
/* The port listened on (useful after listening on port 0). */
guint16      monia_server_get_port           (MoniaServer        *self);
void         monia_server_disconnect         (MoniaServer        *self);

/* The routes: one table of rows, walked by one matcher. A path that no
 * row's pattern fits is 404; one that fits only rows of other methods is
 * 405 with `Allow` listing them all; then the caller is checked (401 with
 * no valid token, 403 for another role) before the row's handler runs.
 * Placeholders in patterns: {id} is a UUID, {feed} is "directory" or
 * "inbox". A new endpoint is a new row. */
typedef struct _MoniaServerRequest MoniaServerRequest;
typedef void (*MoniaServerHandler) (MoniaServerRequest *request);

typedef enum
{
  MONIA_ROUTE_ANYONE,     /* no token needed */
  MONIA_ROUTE_ACCOUNT,    /* any logged-in account */
  MONIA_ROUTE_ROLES,      /* a logged-in account of one of @roles */
} MoniaRouteCaller;

#define MONIA_ROUTE_ROLE(role) (1u << (role))

typedef struct
{
  const char         *method;
  const char         *pattern;     /* "/v1/cases/{id}/changes" */
  MoniaRouteCaller    caller;
  guint               roles;       /* MONIA_ROUTE_ROLE (MONIA_ROLE_LEAD) | … */
  const char         *forbidden;   /* untranslated: the 403 for other roles */
  MoniaServerHandler  handler;
} MoniaServerRoute;

/* The table, for tests and documentation. */
const MoniaServerRoute *monia_server_get_routes (guint *n_routes);

G_END_DECLS
