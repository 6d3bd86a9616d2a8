/* monia-json-check.h — a look at JSON text before a parser sees it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Deepest nesting of arrays and objects Monia reads; its own messages go
 * about six levels deep. json-glib's parser recurses once per level. */
#define MONIA_JSON_MAX_DEPTH 64

/* Checks @text (@length bytes) without recursing, before it is handed to
 * json-glib: at most @max_bytes long, valid UTF-8 without a NUL byte, one
 * object or array with nothing but white space after it, nested at most
 * MONIA_JSON_MAX_DEPTH deep, and in strings only JSON's own escapes, none of
 * them making a NUL (\u0000) or half of a surrogate pair (which would make
 * invalid UTF-8). It does not check the rest of the grammar; the parser
 * does. Returns FALSE with MONIA_ERROR_INVALID_INPUT and a message saying
 * what is wrong. */
gboolean monia_json_check_text (const char  *text,
                                gsize        length,
                                gsize        max_bytes,
                                GError     **error);

G_END_DECLS
