/* monia-digits-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Reads exactly @n ASCII digits from @text as a number; FALSE if any of
 * them is not a digit (a terminating NUL included). */
static inline gboolean
_monia_read_digits (const char *text,
                    guint       n,
                    guint      *value)
{
  guint result = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      result = result * 10 + (guint) g_ascii_digit_value (text[i]);
    }
  *value = result;
  return TRUE;
}

G_END_DECLS
