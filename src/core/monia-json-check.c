/* monia-json-check.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-json"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "monia-error.h"
#include "monia-json-check.h"

/* The code unit of the \uXXXX escape at @i, or -1 if none starts there. */
static gint32
escape_unit (const char *text,
             gsize       length,
             gsize       i)
{
  gint32 unit = 0;

  if (i > length || length - i < 6 || text[i] != '\\' || text[i + 1] != 'u')
    return -1;
  for (gsize k = i + 2; k < i + 6; k++)
    {
      int digit = g_ascii_xdigit_value (text[k]);

      if (digit < 0)
        return -1;
      unit = unit * 16 + digit;
    }
  return unit;
}

static gboolean
is_high_surrogate (gint32 unit)
{
  return unit >= 0xD800 && unit <= 0xDBFF;
}

static gboolean
is_low_surrogate (gint32 unit)
{
  return unit >= 0xDC00 && unit <= 0xDFFF;
}

static gboolean
refuse_nul (GError **error)
{
  g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                       _("Text may not contain a null character."));
  return FALSE;
}

static gboolean
is_json_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static gboolean
refuse_shape (GError **error)
{
  g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                       _("The data must be one JSON object or array, complete, with nothing after it."));
  return FALSE;
}

gboolean
monia_json_check_text (const char  *text,
                       gsize        length,
                       gsize        max_bytes,
                       GError     **error)
{
  const char *bad = NULL;
  gboolean in_string = FALSE;
  gboolean started = FALSE, ended = FALSE;
  guint depth = 0;

  g_return_val_if_fail (text != NULL || length == 0, FALSE);

  if (length > max_bytes)
    {
      g_autofree char *size = g_format_size (max_bytes);

      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   /* Translators: %s is a size such as "4.2 MB" */
                   _("The data is larger than the %s Monia accepts."), size);
      return FALSE;
    }
  if (!g_utf8_validate_len (text, length, &bad))
    {
      if (*bad == '\0')
        return refuse_nul (error);
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                           _("The data is not valid UTF-8 text."));
      return FALSE;
    }

  for (gsize i = 0; i < length; i++)
    {
      gint32 unit;

      if (!in_string)
        {
          if (is_json_space (text[i]))
            continue;
          /* One object or array, and nothing after it: json-glib keeps the
           * first of two values and leaks the second, and reads a document
           * of nothing as a success with no value. */
          if (ended || (!started && text[i] != '{' && text[i] != '['))
            return refuse_shape (error);
          started = TRUE;
          if (text[i] == '"')
            in_string = TRUE;
          else if ((text[i] == '[' || text[i] == '{') && ++depth > MONIA_JSON_MAX_DEPTH)
            {
              g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                           _("The data is nested more than %d levels deep."), MONIA_JSON_MAX_DEPTH);
              return FALSE;
            }
          else if (text[i] == ']' || text[i] == '}')
            ended = --depth == 0;
          continue;
        }

      if (text[i] == '"')
        {
          in_string = FALSE;
          continue;
        }
      if (text[i] != '\\')
        continue;

      /* Only JSON's own escapes: json-glib also reads "\0", octal and short
       * "\u" escapes, and makes a NUL of some, which would cut the text. */
      if (i + 1 < length && text[i + 1] != '\0' && strchr ("\"\\/bfnrt", text[i + 1]) != NULL)
        {
          i++;
          continue;
        }
      unit = escape_unit (text, length, i);
      if (unit < 0)
        {
          g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                               _("The data has a backslash escape that is not valid JSON."));
          return FALSE;
        }
      if (unit == 0)
        return refuse_nul (error);
      if (is_low_surrogate (unit) ||
          (is_high_surrogate (unit) && !is_low_surrogate (escape_unit (text, length, i + 6))))
        {
          g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                               _("The data has an escaped character that is not valid Unicode."));
          return FALSE;
        }
      i += is_high_surrogate (unit) ? 11 : 5;
    }

  if (!ended)
    return refuse_shape (error);
  return TRUE;
}
