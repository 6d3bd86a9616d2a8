/* monia-mutation.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-mutation"

#include "config.h"

#include "monia-mutation-private.h"

struct _MoniaMutation
{
  gatomicrefcount  ref_count;
  char            *id;
  char            *kind;
  char            *record_id;
  MoniaOp          op;
  gint64           base_rev;
  GArray          *changes;   /* MoniaFieldChange */
};

G_DEFINE_BOXED_TYPE (MoniaMutation, monia_mutation, monia_mutation_ref, monia_mutation_unref)

char *
monia_id_new (void)
{
  guint64 ms = (guint64) (g_get_real_time () / 1000);
  guint8 b[16];

  for (guint i = 0; i < 6; i++)
    b[i] = (guint8) (ms >> (40 - 8 * i));
  for (guint i = 6; i < 16; i += 2)
    {
      guint32 r = g_random_int ();

      b[i] = (guint8) r;
      b[i + 1] = (guint8) (r >> 8);
    }
  b[6] = (guint8) (0x70 | (b[6] & 0x0f));  /* version 7 */
  b[8] = (guint8) (0x80 | (b[8] & 0x3f));  /* RFC 4122 variant */

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                          b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

static void
field_change_clear (gpointer data)
{
  MoniaFieldChange *change = data;

  g_clear_pointer (&change->field, g_free);
  g_clear_pointer (&change->old_value, g_variant_unref);
  g_clear_pointer (&change->new_value, g_variant_unref);
}

static MoniaMutation *
mutation_new (const char *mutation_id,
              const char *kind,
              const char *record_id,
              MoniaOp     op)
{
  MoniaMutation *self = g_new0 (MoniaMutation, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->id = mutation_id ? g_strdup (mutation_id) : monia_id_new ();
  self->kind = g_strdup (kind);
  self->record_id = g_strdup (record_id);
  self->op = op;
  self->changes = g_array_new (FALSE, TRUE, sizeof (MoniaFieldChange));
  g_array_set_clear_func (self->changes, field_change_clear);
  return self;
}

MoniaMutation *
monia_mutation_new_create (const char *kind)
{
  g_autofree char *record_id = monia_id_new ();

  g_return_val_if_fail (kind != NULL, NULL);

  return mutation_new (NULL, kind, record_id, MONIA_OP_CREATE);
}

MoniaMutation *
monia_mutation_new_update (const char *kind,
                           const char *record_id)
{
  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (record_id != NULL, NULL);

  return mutation_new (NULL, kind, record_id, MONIA_OP_UPDATE);
}

MoniaMutation *
monia_mutation_new_delete (const char *kind,
                           const char *record_id)
{
  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (record_id != NULL, NULL);

  return mutation_new (NULL, kind, record_id, MONIA_OP_DELETE);
}

MoniaMutation *
_monia_mutation_new_full (const char *mutation_id,
                          const char *kind,
                          const char *record_id,
                          MoniaOp     op,
                          gint64      base_rev)
{
  MoniaMutation *self = mutation_new (mutation_id, kind, record_id, op);

  self->base_rev = base_rev;
  return self;
}

MoniaMutation *
monia_mutation_ref (MoniaMutation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
monia_mutation_unref (MoniaMutation *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->id);
      g_free (self->kind);
      g_free (self->record_id);
      g_array_unref (self->changes);
      g_free (self);
    }
}

const char *
monia_mutation_get_id (MoniaMutation *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->id;
}

const char *
monia_mutation_get_kind (MoniaMutation *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->kind;
}

const char *
monia_mutation_get_record_id (MoniaMutation *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->record_id;
}

MoniaOp
monia_mutation_get_op (MoniaMutation *self)
{
  g_return_val_if_fail (self != NULL, MONIA_OP_UPDATE);
  return self->op;
}

gint64
monia_mutation_get_base_rev (MoniaMutation *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->base_rev;
}

void
_monia_mutation_set_base_rev (MoniaMutation *self,
                              gint64         base_rev)
{
  self->base_rev = base_rev;
}

static MoniaFieldChange *
find_change (MoniaMutation *self,
             const char    *field)
{
  for (guint i = 0; i < self->changes->len; i++)
    {
      MoniaFieldChange *change = &g_array_index (self->changes, MoniaFieldChange, i);

      if (g_str_equal (change->field, field))
        return change;
    }
  return NULL;
}

void
monia_mutation_set (MoniaMutation *self,
                    const char    *field,
                    GVariant      *value)
{
  MoniaFieldChange *change;

  g_return_if_fail (self != NULL);
  g_return_if_fail (field != NULL);

  if (value != NULL)
    g_variant_ref_sink (value);

  change = find_change (self, field);
  if (change == NULL)
    {
      MoniaFieldChange fresh = { g_strdup (field), NULL, NULL };

      g_array_append_val (self->changes, fresh);
      change = &g_array_index (self->changes, MoniaFieldChange, self->changes->len - 1);
    }

  g_clear_pointer (&change->new_value, g_variant_unref);
  change->new_value = value;
}

void
monia_mutation_set_string (MoniaMutation *self,
                           const char    *field,
                           const char    *value)
{
  if (value == NULL)
    monia_mutation_set (self, field, NULL);
  else if (g_utf8_validate (value, -1, NULL))
    monia_mutation_set (self, field, g_variant_new_string (value));
  else
    /* Kept as bytes, so applying it fails with a message rather than here. */
    monia_mutation_set (self, field, g_variant_new_bytestring (value));
}

void
monia_mutation_set_int (MoniaMutation *self,
                        const char    *field,
                        gint64         value)
{
  monia_mutation_set (self, field, g_variant_new_int64 (value));
}

void
monia_mutation_set_bool (MoniaMutation *self,
                         const char    *field,
                         gboolean       value)
{
  monia_mutation_set (self, field, g_variant_new_boolean (value));
}

void
monia_mutation_set_date (MoniaMutation *self,
                         const char    *field,
                         const GDate   *date)
{
  char buf[16];

  if (date == NULL || !g_date_valid (date))
    {
      monia_mutation_set (self, field, NULL);
      return;
    }

  g_snprintf (buf, sizeof buf, "%04u-%02u-%02u",
              g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
  monia_mutation_set (self, field, g_variant_new_string (buf));
}

guint
monia_mutation_get_n_changes (MoniaMutation *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->changes->len;
}

const MoniaFieldChange *
monia_mutation_get_change (MoniaMutation *self,
                           guint          index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->changes->len, NULL);
  return &g_array_index (self->changes, MoniaFieldChange, index);
}

void
_monia_mutation_set_old_value (MoniaMutation *self,
                               guint          index,
                               GVariant      *old_value)
{
  MoniaFieldChange *change = &g_array_index (self->changes, MoniaFieldChange, index);

  g_clear_pointer (&change->old_value, g_variant_unref);
  change->old_value = old_value ? g_variant_ref_sink (old_value) : NULL;
}

void
_monia_mutation_remove_change (MoniaMutation *self,
                               guint          index)
{
  g_array_remove_index (self->changes, index);
}
