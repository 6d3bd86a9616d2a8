/* monia-kind.h — the record kinds and their fields
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * MoniaFieldType:
 * @MONIA_FIELD_TEXT: free text, GVariant "s"
 * @MONIA_FIELD_INT: a whole number, GVariant "x"
 * @MONIA_FIELD_BOOL: yes/no, GVariant "b"
 * @MONIA_FIELD_DATE: a calendar day "YYYY-MM-DD", GVariant "s"
 * @MONIA_FIELD_TIME: a moment, Unix seconds (UTC), GVariant "x"
 * @MONIA_FIELD_REF: the UUID of another record (of the field's ref_kind), GVariant "s"
 *
 * A field's value is a GVariant of the type named here, or NULL for none.
 */
typedef enum
{
  MONIA_FIELD_TEXT,
  MONIA_FIELD_INT,
  MONIA_FIELD_BOOL,
  MONIA_FIELD_DATE,
  MONIA_FIELD_TIME,
  MONIA_FIELD_REF,
} MoniaFieldType;

typedef enum
{
  MONIA_FIELD_FLAG_NONE     = 0,
  MONIA_FIELD_FLAG_REQUIRED = 1 << 0,  /* must be given, not empty, on create */
} MoniaFieldFlags;

typedef struct
{
  const char      *name;
  MoniaFieldType   type;
  MoniaFieldFlags  flags;
  const char      *ref_kind;   /* MONIA_FIELD_REF only */
  gint64           min;        /* MONIA_FIELD_INT and _TIME: the smallest value */
  gint64           max;        /* … and the largest */
  gsize            max_length; /* MONIA_FIELD_TEXT: the longest text, in bytes */
} MoniaField;

typedef enum
{
  MONIA_KIND_FLAG_NONE        = 0,
  MONIA_KIND_FLAG_APPEND_ONLY = 1 << 0,  /* created once, never updated or deleted */
  MONIA_KIND_FLAG_CASE_SCOPED = 1 << 1,  /* has a case_id: synced and shared with that case */
} MoniaKindFlags;

typedef struct
{
  const char       *name;      /* "case", "help_request", … */
  const char       *table;     /* the SQLite table */
  MoniaKindFlags    flags;
  const MoniaField *fields;
  guint             n_fields;
} MoniaKind;

const MoniaKind  *monia_kind_lookup       (const char       *name);
const MoniaKind  *monia_kind_get_all      (guint            *n_kinds);
const MoniaField *monia_kind_lookup_field (const MoniaKind  *kind,
                                           const char       *field);
const GVariantType *monia_field_type_get_variant_type (MoniaFieldType type);

/* Field value checks shared by the store and the sync code: the type, a
 * real date, a record id, a number in the field's range, a text no longer
 * than its maximum. Returns FALSE with MONIA_ERROR_INVALID_INPUT and a
 * message naming the field (and the range, if that is what is wrong). */
gboolean          monia_field_check_value (const MoniaKind  *kind,
                                           const MoniaField *field,
                                           GVariant         *value,
                                           GError          **error);

G_END_DECLS
