/* monia-server-form.h — a bounded reader of HTML form posts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The most a public form post may be, in bytes, and hold, in fields. */
#define MONIA_FORM_MAX_BYTES (64 * 1024)
#define MONIA_FORM_MAX_FIELDS 32
#define MONIA_FORM_MAX_NAME 64

/* Reads an application/x-www-form-urlencoded body: name → value, both
 * decoded ('+' is a space, %XX a byte). Refused with MONIA_ERROR_INVALID_INPUT
 * when it is longer than @max_bytes or has more than @max_fields fields, a
 * name is not [a-z0-9_] of at most MONIA_FORM_MAX_NAME or comes twice, an
 * escape is broken, or a value is not UTF-8 or holds a NUL or another
 * control character than tab and line breaks. "\r\n" becomes "\n". */
GHashTable *monia_form_parse (const char  *data,
                              gsize        length,
                              gsize        max_bytes,
                              guint        max_fields,
                              GError     **error);

G_END_DECLS
