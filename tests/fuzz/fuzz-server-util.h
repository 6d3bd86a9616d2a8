/* fuzz-server-util.h — monia-server in-process for the libFuzzer targets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fuzz-util.h"
#include "monia-server.h"

G_BEGIN_DECLS

typedef struct
{
  MoniaServerStore *store;
  MoniaServer      *server;
  char             *token;        /* of the account the targets act as */
  char             *account_id;
} FuzzServer;

/* The server, made on the first call: a real store in a temporary folder
 * with two accounts, "fuzz-intake" (password FUZZ_PASSWORD; its token is
 * fs->token) with a case FUZZ_CASE_ID holding a person, an assessment, a
 * plan and a goal, and "fuzz-other" of another team with the case
 * FUZZ_OTHER_CASE_ID. */
#define FUZZ_LOGIN    "fuzz-intake"
#define FUZZ_PASSWORD "fuzz-password-1"
FuzzServer *fuzz_server_get     (void);

/* Sends one HTTP request through the server's real handlers, over an
 * in-memory connection from @remote (an IP address). Returns the status;
 * aborts on a 500, an answer that is not HTTP, or one whose body is not a
 * JSON object, since none of these is an answer to a client's mistake.
 * With MONIA_FUZZ_PRINT set, each answer's body is printed to stderr (to
 * see what a seed reaches). */
guint       fuzz_server_request (FuzzServer    *fs,
                                 const char    *method,
                                 const char    *path,
                                 const char    *token,
                                 const char    *remote,
                                 const guint8  *body,
                                 gsize          length);

G_END_DECLS
