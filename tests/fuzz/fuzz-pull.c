/* fuzz-pull.c — the body of POST /v1/pull (several feeds in one read),
 * through monia-server's handler and the store's pull, as the account
 * "fuzz-intake": its case, another team's case, the directory and the inbox
 * hold records
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
  FuzzServer *fs = fuzz_server_get ();

  fuzz_server_request (fs, "POST", "/v1/pull", fs->token, "127.0.0.1", data, size);
  return 0;
}
