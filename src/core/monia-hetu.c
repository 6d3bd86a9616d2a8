/* monia-hetu.c — Finnish personal identity codes (henkilötunnus)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * DDMMYYCZZZQ: birth date, century sign, individual number, check character
 * (rules as in DOMAIN.md). Error messages never repeat the code itself: it
 * is personal data and messages may end up in logs.
 */
#define G_LOG_DOMAIN "monia-hetu"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "monia-digits-private.h"
#include "monia-error.h"
#include "monia-hetu.h"

static const char check_chars[] = "0123456789ABCDEFHJKLMNPRSTUVWXY";

char
monia_hetu_check_char (guint32 nine_digits)
{
  G_STATIC_ASSERT (sizeof check_chars - 1 == 31);

  return check_chars[nine_digits % 31];
}

/* The first year of the century that @sign stands for, or 0 if it is none. */
static guint
century_of_sign (char sign)
{
  switch (sign)
    {
    case '+':
      return 1800;
    case '-': case 'Y': case 'X': case 'W': case 'V': case 'U':
      return 1900;
    case 'A': case 'B': case 'C': case 'D': case 'E': case 'F':
      return 2000;
    default:
      return 0;
    }
}

static gboolean
fail (GError     **error,
      const char  *message)
{
  g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT, message);
  return FALSE;
}

gboolean
monia_hetu_parse (const char  *input,
                  MoniaHetu   *out,
                  GError     **error)
{
  g_autofree char *code = NULL;
  guint day, month, year_in_century, century, individual, date_digits;
  guint32 nine_digits;

  g_return_val_if_fail (input != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  code = g_ascii_strup (input, -1);
  g_strstrip (code);

  if (strlen (code) != MONIA_HETU_LENGTH)
    return fail (error, _("An identity code has 11 characters: birth date, century sign, individual number and check character (DDMMYYCZZZQ)."));

  if (!_monia_read_digits (code, 6, &date_digits))
    return fail (error, _("The identity code must begin with the birth date as six digits (DDMMYY)."));
  day = date_digits / 10000;
  month = date_digits / 100 % 100;
  year_in_century = date_digits % 100;

  century = century_of_sign (code[6]);
  if (century == 0)
    return fail (error, _("The seventh character of the identity code must be a century sign: + for the 1800s; - Y X W V U for the 1900s; A B C D E F for the 2000s."));

  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) (century + year_in_century)))
    return fail (error, _("The birth date in the identity code is not a real date."));

  if (!_monia_read_digits (code + 7, 3, &individual))
    return fail (error, _("The individual number in the identity code (characters 8–10) must be three digits."));
  if (individual < 2)
    return fail (error, _("The individual number in the identity code cannot be 000 or 001."));

  nine_digits = (guint32) date_digits * 1000 + individual;
  if (code[10] != monia_hetu_check_char (nine_digits))
    return fail (error, _("The check character (the last character) of the identity code does not match; check the code for typing errors."));

  if (out != NULL)
    {
      memset (out, 0, sizeof *out);
      memcpy (out->code, code, MONIA_HETU_LENGTH + 1);
      g_date_clear (&out->birth_date, 1);
      g_date_set_dmy (&out->birth_date, (GDateDay) day, (GDateMonth) month,
                      (GDateYear) (century + year_in_century));
      out->individual_number = individual;
      out->temporary = individual >= 900;
    }
  return TRUE;
}

char *
monia_hetu_build (const GDate *birth_date,
                  guint        individual_number)
{
  guint year, day, month;
  guint32 nine_digits;
  char sign;

  g_return_val_if_fail (birth_date != NULL && g_date_valid (birth_date), NULL);
  g_return_val_if_fail (individual_number >= 2 && individual_number <= 999, NULL);

  year = g_date_get_year (birth_date);
  g_return_val_if_fail (year >= 1800 && year <= 2099, NULL);

  if (year < 1900)
    sign = '+';
  else if (year < 2000)
    sign = '-';
  else
    sign = 'A';

  day = g_date_get_day (birth_date);
  month = g_date_get_month (birth_date);
  nine_digits = (guint32) (day * 10000 + month * 100 + year % 100) * 1000 + individual_number;

  return g_strdup_printf ("%02u%02u%02u%c%03u%c", day, month, year % 100, sign,
                          individual_number, monia_hetu_check_char (nine_digits));
}
