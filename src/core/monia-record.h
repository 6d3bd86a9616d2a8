/* monia-record.h — one stored record of any kind
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "monia-kind.h"

G_BEGIN_DECLS

#define MONIA_TYPE_RECORD (monia_record_get_type ())

G_DECLARE_FINAL_TYPE (MoniaRecord, monia_record, MONIA, RECORD, GObject)

MoniaRecord     *monia_record_new         (const MoniaKind *kind,
                                           const char      *id,
                                           gint64           rev);
const MoniaKind *monia_record_get_kind    (MoniaRecord     *self);
const char      *monia_record_get_id      (MoniaRecord     *self);
gint64           monia_record_get_rev     (MoniaRecord     *self);

/* Values are GVariants of the field's type, or NULL when unset. */
GVariant        *monia_record_get         (MoniaRecord     *self,
                                           const char      *field);
void             monia_record_take        (MoniaRecord     *self,
                                           const char      *field,
                                           GVariant        *value);
const char      *monia_record_get_string  (MoniaRecord     *self,
                                           const char      *field);
gint64           monia_record_get_int     (MoniaRecord     *self,
                                           const char      *field,
                                           gint64           fallback);
gboolean         monia_record_get_bool    (MoniaRecord     *self,
                                           const char      *field);
gboolean         monia_record_get_date    (MoniaRecord     *self,
                                           const char      *field,
                                           GDate           *out);

G_END_DECLS
