/* monia-server-form.c — a bounded reader of HTML form posts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-server-form"

#include "config.h"

#include "monia-server-form.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "monia-error.h"

static gboolean
name_is_valid (const char *name,
               gsize       length)
{
  if (length == 0 || length > MONIA_FORM_MAX_NAME)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!(g_ascii_islower (name[i]) || g_ascii_isdigit (name[i]) || name[i] == '_'))
      return FALSE;
  return TRUE;
}

/* Decodes @length bytes of @text; NULL when an escape is broken or the
 * result is not text a person typed. */
static char *
decode (const char *text,
        gsize       length)
{
  g_autoptr(GString) out = g_string_sized_new (length);

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (c == '+')
        c = ' ';
      else if (c == '%')
        {
          int high, low;

          if (i + 2 >= length)
            return NULL;
          high = g_ascii_xdigit_value (text[i + 1]);
          low = g_ascii_xdigit_value (text[i + 2]);
          if (high < 0 || low < 0)
            return NULL;
          c = (char) (high * 16 + low);
          i += 2;
        }
      g_string_append_c (out, c);
    }

  if (memchr (out->str, '\0', out->len) != NULL || !g_utf8_validate_len (out->str, out->len, NULL))
    return NULL;

  /* Line breaks as one character; no other controls. */
  {
    GString *clean = g_string_sized_new (out->len);

    for (gsize i = 0; i < out->len; i++)
      {
        guchar b = (guchar) out->str[i];

        if (b == '\r')
          {
            g_string_append_c (clean, '\n');
            if (i + 1 < out->len && out->str[i + 1] == '\n')
              i++;
            continue;
          }
        if ((b < 0x20 && b != '\t' && b != '\n') || b == 0x7f)
          {
            g_string_free (clean, TRUE);
            return NULL;
          }
        g_string_append_c (clean, (char) b);
      }
    return g_string_free (clean, FALSE);
  }
}

GHashTable *
monia_form_parse (const char  *data,
                  gsize        length,
                  gsize        max_bytes,
                  guint        max_fields,
                  GError     **error)
{
  g_autoptr(GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gsize start = 0;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length > max_bytes)
    {
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT, _("The form is too large."));
      return NULL;
    }

  while (start < length)
    {
      const char *pair = data + start;
      const char *amp = memchr (pair, '&', length - start);
      gsize pair_len = amp != NULL ? (gsize) (amp - pair) : length - start;
      const char *eq = memchr (pair, '=', pair_len);
      gsize name_len = eq != NULL ? (gsize) (eq - pair) : pair_len;
      g_autofree char *value = NULL;

      start += pair_len + 1;
      if (pair_len == 0)
        continue;
      if (!name_is_valid (pair, name_len))
        {
          g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                               _("The form has a field this service does not know how to read."));
          return NULL;
        }
      value = eq != NULL ? decode (eq + 1, pair_len - name_len - 1) : g_strdup ("");
      if (value == NULL)
        {
          g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                               _("The form holds characters that are not text."));
          return NULL;
        }
      if (g_hash_table_size (fields) >= max_fields)
        {
          g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                               _("The form has too many fields."));
          return NULL;
        }
      {
        g_autofree char *name = g_strndup (pair, name_len);

        if (g_hash_table_contains (fields, name))
          {
            g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                                 _("The form gives the same field twice."));
            return NULL;
          }
        g_hash_table_insert (fields, g_steal_pointer (&name), g_steal_pointer (&value));
      }
    }
  return g_steal_pointer (&fields);
}
