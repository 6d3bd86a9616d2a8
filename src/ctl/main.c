/* main.c — monia-ctl
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "monia-ctl.h"

int
main (int    argc,
      char **argv)
{
  return monia_ctl_main (argc, argv);
}
