/* monia-record.c
 *
 * One GObject type serves every record kind: the store, the change log and
 * sync treat records alike, the kind's field table (monia-kind.c) says what a
 * record holds, and list models need GObject items.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-record"

#include "config.h"

#include "monia-calendar.h"
#include "monia-record.h"

struct _MoniaRecord
{
  GObject          parent_instance;
  const MoniaKind *kind;
  char            *id;
  gint64           rev;
  GVariant       **values;  /* kind->n_fields slots, NULL = unset */
};

G_DEFINE_FINAL_TYPE (MoniaRecord, monia_record, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_ID,
  PROP_REV,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
monia_record_finalize (GObject *object)
{
  MoniaRecord *self = (MoniaRecord *) object;

  if (self->values != NULL)
    for (guint i = 0; i < self->kind->n_fields; i++)
      g_clear_pointer (&self->values[i], g_variant_unref);
  g_free (self->values);
  g_free (self->id);

  G_OBJECT_CLASS (monia_record_parent_class)->finalize (object);
}

static void
monia_record_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MoniaRecord *self = MONIA_RECORD (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_string (value, self->kind ? self->kind->name : NULL);
      break;
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_REV:
      g_value_set_int64 (value, self->rev);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
monia_record_class_init (MoniaRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = monia_record_finalize;
  object_class->get_property = monia_record_get_property;

  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_REV] =
    g_param_spec_int64 ("rev", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
monia_record_init (MoniaRecord *self)
{
}

MoniaRecord *
monia_record_new (const MoniaKind *kind,
                  const char      *id,
                  gint64           rev)
{
  MoniaRecord *self;

  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (MONIA_TYPE_RECORD, NULL);
  self->kind = kind;
  self->id = g_strdup (id);
  self->rev = rev;
  self->values = g_new0 (GVariant *, kind->n_fields);
  return self;
}

const MoniaKind *
monia_record_get_kind (MoniaRecord *self)
{
  g_return_val_if_fail (MONIA_IS_RECORD (self), NULL);
  return self->kind;
}

const char *
monia_record_get_id (MoniaRecord *self)
{
  g_return_val_if_fail (MONIA_IS_RECORD (self), NULL);
  return self->id;
}

gint64
monia_record_get_rev (MoniaRecord *self)
{
  g_return_val_if_fail (MONIA_IS_RECORD (self), 0);
  return self->rev;
}

static int
field_index (MoniaRecord *self,
             const char  *field)
{
  for (guint i = 0; i < self->kind->n_fields; i++)
    if (g_str_equal (self->kind->fields[i].name, field))
      return (int) i;
  return -1;
}

GVariant *
monia_record_get (MoniaRecord *self,
                  const char  *field)
{
  int i;

  g_return_val_if_fail (MONIA_IS_RECORD (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  i = field_index (self, field);
  if (i < 0)
    {
      g_critical ("Kind “%s” has no field “%s”", self->kind->name, field);
      return NULL;
    }
  return self->values[i];
}

void
monia_record_take (MoniaRecord *self,
                   const char  *field,
                   GVariant    *value)
{
  int i;

  g_return_if_fail (MONIA_IS_RECORD (self));
  g_return_if_fail (field != NULL);

  i = field_index (self, field);
  g_return_if_fail (i >= 0);

  if (value != NULL)
    g_variant_ref_sink (value);
  g_clear_pointer (&self->values[i], g_variant_unref);
  self->values[i] = value;
}

const char *
monia_record_get_string (MoniaRecord *self,
                         const char  *field)
{
  GVariant *value = monia_record_get (self, field);

  if (value == NULL || !g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return NULL;
  return g_variant_get_string (value, NULL);
}

gint64
monia_record_get_int (MoniaRecord *self,
                      const char  *field,
                      gint64       fallback)
{
  GVariant *value = monia_record_get (self, field);

  if (value == NULL || !g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    return fallback;
  return g_variant_get_int64 (value);
}

gboolean
monia_record_get_bool (MoniaRecord *self,
                       const char  *field)
{
  GVariant *value = monia_record_get (self, field);

  if (value == NULL || !g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    return FALSE;
  return g_variant_get_boolean (value);
}

gboolean
monia_record_get_date (MoniaRecord *self,
                       const char  *field,
                       GDate       *out)
{
  const char *text = monia_record_get_string (self, field);

  g_return_val_if_fail (out != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  return monia_date_parse_iso (text, out, NULL);
}
