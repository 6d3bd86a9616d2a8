/* monia-hetu.h — Finnish personal identity codes (henkilötunnus)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MONIA_HETU_LENGTH 11

typedef struct
{
  char  code[MONIA_HETU_LENGTH + 1];  /* normalised: upper case, all 11 characters */
  GDate birth_date;
  guint individual_number;            /* 2–999 */
  guint temporary : 1;                /* individual number 900–999 */
} MoniaHetu;

/* Parses @input (surrounding white space ignored, lower case accepted) into
 * @out. On failure returns FALSE with MONIA_ERROR_INVALID_INPUT and a
 * translated message naming the reason (length, date, century sign,
 * individual number, check character). @out may be NULL to only validate. */
gboolean monia_hetu_parse       (const char      *input,
                                 MoniaHetu       *out,
                                 GError         **error);

/* The check character for the nine digits DDMMYYZZZ read as one number. */
char     monia_hetu_check_char  (guint32          nine_digits);

/* Builds a valid code for @birth_date and @individual_number (2–999), using
 * the first century sign of the birth year's century ('+', '-' or 'A').
 * Used for synthetic test people (individual numbers 900–999). */
char    *monia_hetu_build       (const GDate     *birth_date,
                                 guint            individual_number);

G_END_DECLS
