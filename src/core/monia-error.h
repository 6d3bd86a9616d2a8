/* monia-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MONIA_ERROR (monia_error_quark ())

/**
 * MoniaError:
 * @MONIA_ERROR_INVALID_INPUT: a value typed by a person or given on a command
 *   line is not acceptable; the message says what is wrong with it
 * @MONIA_ERROR_OUT_OF_RANGE: a date or number is outside what Monia handles
 * @MONIA_ERROR_NOT_FOUND: the record asked for does not exist
 * @MONIA_ERROR_CORRUPT_STORE: the database file is damaged
 * @MONIA_ERROR_FOREIGN_FILE: the file is not a Monia database
 * @MONIA_ERROR_NEWER_VERSION: the database was written by a newer Monia
 * @MONIA_ERROR_STORE: the database could not be read or written
 * @MONIA_ERROR_READ_ONLY: the record may not be changed (append-only)
 * @MONIA_ERROR_FAILED: any other failure
 *
 * Every error Monia makes carries a message a person can act on.
 */
typedef enum
{
  MONIA_ERROR_INVALID_INPUT,
  MONIA_ERROR_OUT_OF_RANGE,
  MONIA_ERROR_NOT_FOUND,
  MONIA_ERROR_CORRUPT_STORE,
  MONIA_ERROR_FOREIGN_FILE,
  MONIA_ERROR_NEWER_VERSION,
  MONIA_ERROR_STORE,
  MONIA_ERROR_READ_ONLY,
  MONIA_ERROR_FAILED,
} MoniaError;

GQuark monia_error_quark (void);

/* Which input a MONIA_ERROR is about ("name", "hetu", "professional_id"),
 * so that a form shows the message at that field; NULL when it is about no
 * one field. @field must be a string that lives as long as the program. */
const char *monia_error_get_field (const GError *error);
void        monia_error_set_field (GError       *error,
                                   const char   *field);
/* g_set_error_literal() with the field it is about. */
void        monia_set_field_error (GError      **error,
                                   MoniaError    code,
                                   const char   *field,
                                   const char   *message);

G_END_DECLS
