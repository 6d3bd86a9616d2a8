/* monia-mutation.h — one change to one record, as logged and synced
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "monia-kind.h"

G_BEGIN_DECLS

typedef enum
{
  MONIA_OP_CREATE,
  MONIA_OP_UPDATE,
  MONIA_OP_DELETE,
} MoniaOp;

typedef struct
{
  char     *field;
  GVariant *old_value;  /* NULL: none (always so on create) */
  GVariant *new_value;  /* NULL: cleared */
} MoniaFieldChange;

#define MONIA_TYPE_MUTATION (monia_mutation_get_type ())

typedef struct _MoniaMutation MoniaMutation;

GType          monia_mutation_get_type       (void) G_GNUC_CONST;

/* A new record or mutation id: a time-ordered UUID (version 7: milliseconds
 * since 1970, then random bits), so ids made one after another sit together
 * in the store's indexes instead of landing on random pages. */
char          *monia_id_new                  (void);

/* A create makes the record's UUID on this device. */
MoniaMutation *monia_mutation_new_create     (const char    *kind);
MoniaMutation *monia_mutation_new_update     (const char    *kind,
                                              const char    *record_id);
MoniaMutation *monia_mutation_new_delete     (const char    *kind,
                                              const char    *record_id);
MoniaMutation *monia_mutation_ref            (MoniaMutation *self);
void           monia_mutation_unref          (MoniaMutation *self);

const char    *monia_mutation_get_id         (MoniaMutation *self);
const char    *monia_mutation_get_kind       (MoniaMutation *self);
const char    *monia_mutation_get_record_id  (MoniaMutation *self);
MoniaOp        monia_mutation_get_op         (MoniaMutation *self);

/* Setting a field twice keeps the last value. @value may be floating; NULL
 * clears the field. Type and field name are checked when applied. */
void           monia_mutation_set            (MoniaMutation *self,
                                              const char    *field,
                                              GVariant      *value);
void           monia_mutation_set_string     (MoniaMutation *self,
                                              const char    *field,
                                              const char    *value);
void           monia_mutation_set_int        (MoniaMutation *self,
                                              const char    *field,
                                              gint64         value);
void           monia_mutation_set_bool       (MoniaMutation *self,
                                              const char    *field,
                                              gboolean       value);
void           monia_mutation_set_date       (MoniaMutation *self,
                                              const char    *field,
                                              const GDate   *date);

/* The changes in the order first set. After the store applied the mutation,
 * old values and the base revision are filled in from the record as it was. */
guint                   monia_mutation_get_n_changes (MoniaMutation *self);
const MoniaFieldChange *monia_mutation_get_change    (MoniaMutation *self,
                                                      guint          index);
gint64                  monia_mutation_get_base_rev  (MoniaMutation *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MoniaMutation, monia_mutation_unref)

G_END_DECLS
