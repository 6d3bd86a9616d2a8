/* monia-server-cli.h — the monia-server command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit status: 0 done, 1 failed, 2 the command line was wrong. */
int monia_server_main (int    argc,
                       char **argv);

G_END_DECLS
