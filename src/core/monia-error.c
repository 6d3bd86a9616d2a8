/* monia-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "monia-error.h"

G_DEFINE_QUARK (monia-error-quark, monia_error)
