/* monia-choice.c — one item a person chooses: a name and a line that tells it apart
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include "monia-choice.h"

struct _MoniaChoice
{
  GObject  parent_instance;

  char    *id;
  char    *title;
  char    *subtitle;
};

G_DEFINE_FINAL_TYPE (MoniaChoice, monia_choice, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_SUBTITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
monia_choice_finalize (GObject *object)
{
  MoniaChoice *self = MONIA_CHOICE (object);

  g_free (self->id);
  g_free (self->title);
  g_free (self->subtitle);

  G_OBJECT_CLASS (monia_choice_parent_class)->finalize (object);
}

static void
monia_choice_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MoniaChoice *self = MONIA_CHOICE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
monia_choice_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  MoniaChoice *self = MONIA_CHOICE (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_TITLE:
      self->title = g_value_dup_string (value);
      break;
    case PROP_SUBTITLE:
      self->subtitle = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
monia_choice_class_init (MoniaChoiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = monia_choice_finalize;
  object_class->get_property = monia_choice_get_property;
  object_class->set_property = monia_choice_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
monia_choice_init (MoniaChoice *self)
{
}

MoniaChoice *
monia_choice_new (const char *id,
                  const char *title,
                  const char *subtitle)
{
  return g_object_new (MONIA_TYPE_CHOICE,
                       "id", id != NULL && id[0] != '\0' ? id : NULL,
                       "title", title != NULL ? title : "",
                       "subtitle", subtitle != NULL && subtitle[0] != '\0' ? subtitle : NULL,
                       NULL);
}

const char *
monia_choice_get_id (MoniaChoice *self)
{
  g_return_val_if_fail (MONIA_IS_CHOICE (self), NULL);
  return self->id;
}

const char *
monia_choice_get_title (MoniaChoice *self)
{
  g_return_val_if_fail (MONIA_IS_CHOICE (self), NULL);
  return self->title;
}

const char *
monia_choice_get_subtitle (MoniaChoice *self)
{
  g_return_val_if_fail (MONIA_IS_CHOICE (self), NULL);
  return self->subtitle;
}

gboolean
monia_choice_matches (MoniaChoice *self,
                      const char  *search)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (MONIA_IS_CHOICE (self), FALSE);

  if (search == NULL || search[0] == '\0')
    return TRUE;
  text = g_strconcat (self->title, " ", self->subtitle != NULL ? self->subtitle : "", NULL);
  return g_str_match_string (search, text, TRUE);
}

GListStore *
monia_choice_list_new (void)
{
  return g_list_store_new (MONIA_TYPE_CHOICE);
}

void
monia_choice_list_add (GListStore *list,
                       const char *id,
                       const char *title,
                       const char *subtitle)
{
  g_autoptr(MoniaChoice) choice = monia_choice_new (id, title, subtitle);

  g_list_store_append (list, choice);
}
