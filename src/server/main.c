/* main.c — monia-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "monia-server-cli.h"

int
main (int    argc,
      char **argv)
{
  return monia_server_main (argc, argv);
}
