/* fuzz-login.c — the body of POST /v1/login, through monia-server's
 * handler and the store's whole login: throttling, the account, the
 * password check, the token and the audit entry
 *
 * Passwords are hashed at the least cost in this program (see
 * fuzz-server-util.c), so the check is real but quick. Each input comes
 * from an address of its own: one address would be throttled after 20
 * failures, and the rest of the run would reach only that answer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-server-util.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init_glib ();
  fuzz_server_get ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static guint32 n;
  FuzzServer *fs = fuzz_server_get ();
  g_autofree char *remote = NULL;

  n++;
  remote = g_strdup_printf ("10.%u.%u.%u", (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
  fuzz_server_request (fs, "POST", "/v1/login", NULL, remote, data, size);
  return 0;
}
