/* monia-person-row.c — a person of a case, as a row of the case page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-case-ops.h"
#include "monia-case-util.h"
#include "monia-person-row.h"

struct _MoniaPersonRow
{
  AdwActionRow  parent_instance;

  MoniaStore   *store;
  MoniaRecord  *link;

  GtkButton    *edit_button;
};

G_DEFINE_FINAL_TYPE (MoniaPersonRow, monia_person_row, ADW_TYPE_ACTION_ROW)

void
monia_person_row_refresh (MoniaPersonRow *self)
{
  g_autoptr(MoniaRecord) person = NULL;
  g_autofree char *born = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *edit = NULL;
  const char *relation;
  const char *name;

  g_return_if_fail (MONIA_IS_PERSON_ROW (self));

  person = monia_store_get (self->store, "person", monia_person_row_get_person_id (self), NULL);
  name = person != NULL ? monia_record_get_string (person, "name") : NULL;
  relation = monia_relation_to_label (monia_record_get_string (self->link, "relation"));
  born = person != NULL ? monia_format_iso_date (monia_record_get_string (person, "birth_date")) : NULL;
  if (born != NULL && relation[0] != '\0')
    /* Translators: a person's relation to the case, then their birth date */
    subtitle = g_strdup_printf (_("%s · born %s"), relation, born);
  else if (born != NULL)
    subtitle = g_strdup_printf (_("Born %s"), born);
  else
    subtitle = g_strdup (relation);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), name != NULL ? name : _("Unknown person"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);

  /* Translators: what a screen reader says for a person's edit button; %s is the name */
  edit = g_strdup_printf (_("Edit %s"), name != NULL ? name : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->edit_button), edit);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->edit_button), GTK_ACCESSIBLE_PROPERTY_LABEL, edit, -1);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->edit_button), "s", monia_person_row_get_person_id (self));
}

const char *
monia_person_row_get_person_id (MoniaPersonRow *self)
{
  g_return_val_if_fail (MONIA_IS_PERSON_ROW (self), NULL);

  return monia_record_get_string (self->link, "person_id");
}

static void
monia_person_row_dispose (GObject *object)
{
  MoniaPersonRow *self = MONIA_PERSON_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MONIA_TYPE_PERSON_ROW);
  g_clear_object (&self->store);
  g_clear_object (&self->link);

  G_OBJECT_CLASS (monia_person_row_parent_class)->dispose (object);
}

static void
monia_person_row_class_init (MoniaPersonRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = monia_person_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/monia-person-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MoniaPersonRow, edit_button);
}

static void
monia_person_row_init (MoniaPersonRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
monia_person_row_new (MoniaStore  *store,
                      MoniaRecord *link)
{
  MoniaPersonRow *self;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);
  g_return_val_if_fail (MONIA_IS_RECORD (link), NULL);

  self = g_object_new (MONIA_TYPE_PERSON_ROW, NULL);
  self->store = g_object_ref (store);
  self->link = g_object_ref (link);
  monia_person_row_refresh (self);
  return GTK_WIDGET (self);
}
