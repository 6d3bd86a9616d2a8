/* test-hetu.c — personal identity codes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only synthetic codes: individual numbers 900–999.
 */
#include "config.h"

#include <string.h>

#include "monia-core.h"

/* The check character worked out digit by digit (Horner's rule modulo 31),
 * independently of the library's arithmetic. */
static char
expected_check_char (const char *digits)
{
  const char *table = "0123456789ABCDEFHJKLMNPRSTUVWXY";
  guint rest = 0;

  g_assert_cmpuint (strlen (digits), ==, 9);
  for (guint i = 0; i < 9; i++)
    rest = (rest * 10 + (guint) (digits[i] - '0')) % 31;
  return table[rest];
}

static void
assert_valid (const char *input,
              const char *normalised,
              guint       year,
              guint       month,
              guint       day,
              guint       individual)
{
  g_autoptr(GError) error = NULL;
  MoniaHetu hetu;

  if (!monia_hetu_parse (input, &hetu, &error))
    g_error ("“%s” should be valid: %s", input, error->message);
  g_assert_no_error (error);
  g_assert_cmpstr (hetu.code, ==, normalised);
  g_assert_true (g_date_valid (&hetu.birth_date));
  g_assert_cmpuint (g_date_get_year (&hetu.birth_date), ==, year);
  g_assert_cmpuint (g_date_get_month (&hetu.birth_date), ==, month);
  g_assert_cmpuint (g_date_get_day (&hetu.birth_date), ==, day);
  g_assert_cmpuint (hetu.individual_number, ==, individual);
  g_assert_cmpuint (hetu.temporary, ==, individual >= 900);
}

static char *
assert_invalid (const char *input)
{
  g_autoptr(GError) error = NULL;
  MoniaHetu hetu;

  g_assert_false (monia_hetu_parse (input, &hetu, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_assert_nonnull (error->message);
  g_assert_cmpuint (strlen (error->message), >, 10);
  /* The message must not repeat the code (personal data). */
  if (strlen (input) > 4)
    g_assert_null (strstr (error->message, input));
  return g_strdup (error->message);
}

static void
test_literal_codes (void)
{
  /* Example codes published with the 2023 century signs, checked by hand. */
  assert_valid ("010594Y9032", "010594Y9032", 1994, 5, 1, 903);
  assert_valid ("010594Y9021", "010594Y9021", 1994, 5, 1, 902);
  assert_valid ("020594X903P", "020594X903P", 1994, 5, 2, 903);
  assert_valid ("030594W903B", "030594W903B", 1994, 5, 3, 903);
  assert_valid ("040594V902Y", "040594V902Y", 1994, 5, 4, 902);
  assert_valid ("050594U903M", "050594U903M", 1994, 5, 5, 903);
  assert_valid ("010516B903X", "010516B903X", 2016, 5, 1, 903);
  assert_valid ("020516C903K", "020516C903K", 2016, 5, 2, 903);
  assert_valid ("030516D9037", "030516D9037", 2016, 5, 3, 903);
  assert_valid ("010501E9032", "010501E9032", 2001, 5, 1, 903);
  assert_valid ("020503F9037", "020503F9037", 2003, 5, 2, 903);
  assert_valid ("020504A902E", "020504A902E", 2004, 5, 2, 902);
  assert_valid ("020504B904H", "020504B904H", 2004, 5, 2, 904);
  assert_valid ("010180-9967", "010180-9967", 1980, 1, 1, 996);
  assert_valid ("010100A936M", "010100A936M", 2000, 1, 1, 936);

  /* Same person data, different sign: both valid and kept distinct. */
  assert_valid ("010594Y9032", "010594Y9032", 1994, 5, 1, 903);
  assert_valid ("010594-9032", "010594-9032", 1994, 5, 1, 903);
}

static void
test_every_century_sign (void)
{
  static const struct { char sign; guint century; } signs[] = {
    { '+', 1800 },
    { '-', 1900 }, { 'Y', 1900 }, { 'X', 1900 }, { 'W', 1900 }, { 'V', 1900 }, { 'U', 1900 },
    { 'A', 2000 }, { 'B', 2000 }, { 'C', 2000 }, { 'D', 2000 }, { 'E', 2000 }, { 'F', 2000 },
  };

  for (guint s = 0; s < G_N_ELEMENTS (signs); s++)
    for (guint individual = 900; individual <= 999; individual += 11)
      {
        guint day = 1 + individual % 28;
        guint month = 1 + individual % 12;
        guint yy = (individual * 7 + s) % 100;
        g_autofree char *digits = g_strdup_printf ("%02u%02u%02u%03u", day, month, yy, individual);
        g_autofree char *code = g_strdup_printf ("%.6s%c%.3s%c", digits, signs[s].sign, digits + 6,
                                                 expected_check_char (digits));

        assert_valid (code, code, signs[s].century + yy, month, day, individual);
      }
}

static void
test_normalising (void)
{
  g_autoptr(GError) error = NULL;
  MoniaHetu hetu;

  /* Lower case and surrounding white space are accepted. */
  assert_valid ("020594x903p", "020594X903P", 1994, 5, 2, 903);
  assert_valid ("  010516b903x\t", "010516B903X", 2016, 5, 1, 903);
  assert_valid ("\n010100a936m ", "010100A936M", 2000, 1, 1, 936);

  /* Validation only. */
  g_assert_true (monia_hetu_parse ("010594Y9032", NULL, &error));
  g_assert_no_error (error);
  g_assert_false (monia_hetu_parse ("010594Y9033", NULL, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* Inner white space is not trimmed. */
  g_assert_false (monia_hetu_parse ("010594 Y9032", &hetu, NULL));
}

static void
test_invalid (void)
{
  g_autofree char *length = assert_invalid ("010594Y903");
  g_autofree char *length2 = assert_invalid ("010594Y90322");
  g_autofree char *empty = assert_invalid ("   ");
  g_autofree char *digits = assert_invalid ("01O594Y9032");
  g_autofree char *sign = assert_invalid ("010594G9032");
  g_autofree char *sign2 = assert_invalid ("010594Z9032");
  g_autofree char *date = NULL;
  g_autofree char *individual = NULL;
  g_autofree char *individual_digits = assert_invalid ("010594Y9A32");
  g_autofree char *check = assert_invalid ("010594Y9033");
  g_autofree char *check2 = assert_invalid ("010594Y903G");   /* G is never a check character */
  const char *messages[7];

  /* 30 February, 31 April, month 13, day 00. */
  {
    g_autofree char *d = g_strdup_printf ("300294-900%c", expected_check_char ("300294900"));
    date = assert_invalid (d);
  }
  {
    g_autofree char *d = g_strdup_printf ("310494-900%c", expected_check_char ("310494900"));
    g_autofree char *m = assert_invalid (d);
    g_assert_cmpstr (m, ==, date);
  }
  {
    g_autofree char *d = g_strdup_printf ("011394-900%c", expected_check_char ("011394900"));
    g_autofree char *m = assert_invalid (d);
    g_assert_cmpstr (m, ==, date);
  }
  {
    g_autofree char *d = g_strdup_printf ("000194-900%c", expected_check_char ("000194900"));
    g_autofree char *m = assert_invalid (d);
    g_assert_cmpstr (m, ==, date);
  }

  /* Individual numbers 000 and 001 are not given; 002 is. Ordinary numbers
   * are only used with 1800s birth dates here, so no living person's code. */
  {
    g_autofree char *d = g_strdup_printf ("010100+000%c", expected_check_char ("010100000"));
    g_autofree char *m = NULL;

    individual = assert_invalid (d);
    g_free (d);
    d = g_strdup_printf ("010100+001%c", expected_check_char ("010100001"));
    m = assert_invalid (d);
    g_assert_cmpstr (m, ==, individual);
    g_free (d);
    d = g_strdup_printf ("010100+002%c", expected_check_char ("010100002"));
    assert_valid (d, d, 1800, 1, 1, 2);
  }

  g_assert_cmpstr (length, ==, length2);
  g_assert_cmpstr (length, ==, empty);
  g_assert_cmpstr (sign, ==, sign2);
  g_assert_cmpstr (check, ==, check2);

  /* Each reason has its own message. */
  messages[0] = length;
  messages[1] = digits;
  messages[2] = sign;
  messages[3] = date;
  messages[4] = individual;
  messages[5] = individual_digits;
  messages[6] = check;
  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    for (guint j = i + 1; j < G_N_ELEMENTS (messages); j++)
      g_assert_cmpstr (messages[i], !=, messages[j]);
}

static void
test_leap_days (void)
{
  /* 29 February: 2000 and 2024 are leap years, 1900, 2001 and 2023 not;
   * the sign decides the century, hence the leap year. */
  static const struct { const char *date; char sign; gboolean valid; guint year; } cases[] = {
    { "290200", 'A', TRUE, 2000 },
    { "290200", '-', FALSE, 1900 },
    { "290200", '+', FALSE, 1800 },
    { "290224", 'B', TRUE, 2024 },
    { "290223", 'A', FALSE, 2023 },
    { "290201", 'A', FALSE, 2001 },
    { "290296", 'Y', TRUE, 1996 },
    { "290204", '-', TRUE, 1904 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *digits = g_strdup_printf ("%s%03u", cases[i].date, 950 + i);
      g_autofree char *code = g_strdup_printf ("%s%c%03u%c", cases[i].date, cases[i].sign, 950 + i,
                                               expected_check_char (digits));

      if (cases[i].valid)
        assert_valid (code, code, cases[i].year, 2, 29, 950 + i);
      else
        g_free (assert_invalid (code));
    }
}

static void
test_temporary (void)
{
  g_autoptr(GError) error = NULL;
  MoniaHetu hetu;
  GDate birth;

  g_date_clear (&birth, 1);
  g_date_set_dmy (&birth, 15, G_DATE_MARCH, 2012);
  for (guint individual = 900; individual <= 999; individual++)
    {
      g_autofree char *code = monia_hetu_build (&birth, individual);

      g_assert_true (monia_hetu_parse (code, &hetu, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (hetu.individual_number, ==, individual);
      g_assert_true (hetu.temporary);
    }

  /* Ordinary numbers, on an 1800s date so that no living person's code is
   * used: 899 is the last ordinary one. */
  g_date_set_dmy (&birth, 15, G_DATE_MARCH, 1812);
  for (guint individual = 2; individual <= 899; individual += 7)
    {
      g_autofree char *code = monia_hetu_build (&birth, individual);

      g_assert_true (monia_hetu_parse (code, &hetu, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (hetu.individual_number, ==, individual);
      g_assert_false (hetu.temporary);
    }
  {
    g_autofree char *code = monia_hetu_build (&birth, 899);

    g_assert_true (monia_hetu_parse (code, &hetu, &error));
    g_assert_false (hetu.temporary);
  }

  g_assert_true (monia_hetu_parse ("010180-9967", &hetu, &error));
  g_assert_true (hetu.temporary);
}

static void
test_check_char (void)
{
  g_assert_cmpint (monia_hetu_check_char (10594903), ==, '2');
  g_assert_cmpint (monia_hetu_check_char (20594903), ==, 'P');
  g_assert_cmpint (monia_hetu_check_char (0), ==, '0');
  g_assert_cmpint (monia_hetu_check_char (30), ==, 'Y');
  g_assert_cmpint (monia_hetu_check_char (31), ==, '0');
  g_assert_cmpint (monia_hetu_check_char (16), ==, 'H');   /* G is skipped */
  g_assert_cmpint (monia_hetu_check_char (999999999), ==, expected_check_char ("999999999"));

  for (guint32 n = 1000; n < 999999999; n += 7654321)
    {
      g_autofree char *digits = g_strdup_printf ("%09u", n);

      g_assert_cmpint (monia_hetu_check_char (n), ==, expected_check_char (digits));
    }
}

static void
test_build (void)
{
  static const struct { guint y, m, d, individual; const char *code; } cases[] = {
    { 1994, 5, 1, 903, "010594-9032" },
    { 2004, 5, 2, 902, "020504A902E" },
    { 2000, 1, 1, 936, "010100A936M" },
    { 1980, 1, 1, 996, "010180-9967" },
  };
  GDate birth;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *code = NULL;

      g_date_clear (&birth, 1);
      g_date_set_dmy (&birth, (GDateDay) cases[i].d, (GDateMonth) cases[i].m, (GDateYear) cases[i].y);
      code = monia_hetu_build (&birth, cases[i].individual);
      g_assert_cmpstr (code, ==, cases[i].code);
    }

  /* The 1800s use '+'. */
  {
    g_autofree char *code = NULL;
    g_autofree char *digits = g_strdup_printf ("311299%03u", 999);

    g_date_set_dmy (&birth, 31, G_DATE_DECEMBER, 1899);
    code = monia_hetu_build (&birth, 999);
    g_assert_cmpint (code[6], ==, '+');
    g_assert_cmpint (code[10], ==, expected_check_char (digits));
    assert_valid (code, code, 1899, 12, 31, 999);
  }

  /* Every day of a leap year builds a code that parses back to it. */
  g_date_set_dmy (&birth, 1, G_DATE_JANUARY, 2024);
  for (guint i = 0; i < 366; i++, g_date_add_days (&birth, 1))
    {
      g_autofree char *code = monia_hetu_build (&birth, 900 + i % 100);
      MoniaHetu hetu;

      g_assert_true (monia_hetu_parse (code, &hetu, NULL));
      g_assert_cmpint (g_date_compare (&hetu.birth_date, &birth), ==, 0);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hetu/literal-codes", test_literal_codes);
  g_test_add_func ("/hetu/every-century-sign", test_every_century_sign);
  g_test_add_func ("/hetu/normalising", test_normalising);
  g_test_add_func ("/hetu/invalid", test_invalid);
  g_test_add_func ("/hetu/leap-days", test_leap_days);
  g_test_add_func ("/hetu/temporary", test_temporary);
  g_test_add_func ("/hetu/check-char", test_check_char);
  g_test_add_func ("/hetu/build", test_build);

  return g_test_run ();
}
