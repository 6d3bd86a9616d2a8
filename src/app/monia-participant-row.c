/* monia-participant-row.c — a participant of a case, as a row of the case page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-case-util.h"
#include "monia-participant-dialog.h"
#include "monia-participant-row.h"

struct _MoniaParticipantRow
{
  AdwActionRow  parent_instance;

  MoniaStore   *store;
  MoniaRecord  *participant;

  GtkButton    *edit_button;
};

G_DEFINE_FINAL_TYPE (MoniaParticipantRow, monia_participant_row, ADW_TYPE_ACTION_ROW)

static char *
dup_name (MoniaStore *store,
          const char *kind,
          const char *id)
{
  g_autoptr(MoniaRecord) record = id != NULL ? monia_store_get (store, kind, id, NULL) : NULL;

  return record != NULL ? g_strdup (monia_record_get_string (record, "name")) : NULL;
}

static char *
format_parts (MoniaCaseParts parts)
{
  static const char *labels[] = {
    NC_("consent scope", "overview"), NC_("consent scope", "assessment"),
    NC_("consent scope", "plan"), NC_("consent scope", "implementation"),
  };
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (parts & (1 << i))
      g_strv_builder_add (builder, g_dpgettext2 (NULL, "consent scope", labels[i]));
  names = g_strv_builder_end (builder);
  /* Translators: the separator between the parts of a case a consent covers */
  return g_strjoinv (_(", "), names);
}

/* What the participant may see, in a few words. */
static char *
describe_visible_parts (MoniaParticipantRow *self,
                        const GDate         *today)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *parts_text = NULL;
  MoniaCaseParts parts;
  GDate day;

  g_date_clear (&day, 1);
  if (monia_record_get_date (self->participant, "active_from", &day) && g_date_compare (&day, today) > 0)
    {
      g_autofree char *from = monia_format_date (&day);

      /* Translators: %s is the day a participation starts */
      return g_strdup_printf (_("Takes part from %s"), from);
    }

  parts = monia_participant_visible_parts (self->store, self->participant, today, &error);
  if (error != NULL)
    return g_strdup (error->message);
  if (parts == MONIA_CASE_PART_ALL)
    return g_strdup (_("Sees the whole case"));
  if (parts != MONIA_CASE_PART_NONE)
    {
      parts_text = format_parts (parts);
      /* Translators: the parts of a case a participant may see, such as "overview, plan" */
      return g_strdup_printf (_("Sees: %s"), parts_text);
    }

  g_date_clear (&day, 1);
  if (monia_record_get_date (self->participant, "active_until", &day) && g_date_compare (&day, today) < 0)
    return g_strdup (_("Sees nothing: the participation has ended"));
  return g_strdup (_("Sees nothing: no valid consent covers them"));
}

void
monia_participant_row_refresh (MoniaParticipantRow *self)
{
  g_autofree char *name = NULL;
  g_autofree char *org = NULL;
  g_autofree char *who = NULL;
  g_autofree char *sees = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *edit = NULL;
  const char *role;
  GDate today;

  g_return_if_fail (MONIA_IS_PARTICIPANT_ROW (self));

  monia_policy_today (&today);
  name = dup_name (self->store, "professional", monia_record_get_string (self->participant, "professional_id"));
  org = dup_name (self->store, "organisation", monia_record_get_string (self->participant, "organisation_id"));
  role = monia_participant_role_to_label (monia_record_get_string (self->participant, "role"));
  sees = describe_visible_parts (self, &today);

  if (org != NULL && role != NULL)
    /* Translators: a participant's organisation, then their role in the case */
    who = g_strdup_printf (_("%s · %s"), org, role);
  else
    who = g_strdup (org != NULL ? org : role);
  subtitle = who != NULL ? g_strconcat (who, "\n", sees, NULL) : g_strdup (sees);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), name != NULL ? name : _("Unknown professional"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);

  /* Translators: what a screen reader says for a participant's edit button; %s is the name */
  edit = g_strdup_printf (_("Edit participation of %s"), name != NULL ? name : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->edit_button), edit);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->edit_button), GTK_ACCESSIBLE_PROPERTY_LABEL, edit, -1);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->edit_button), "s", monia_record_get_id (self->participant));
}

static void
monia_participant_row_dispose (GObject *object)
{
  MoniaParticipantRow *self = MONIA_PARTICIPANT_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MONIA_TYPE_PARTICIPANT_ROW);
  g_clear_object (&self->store);
  g_clear_object (&self->participant);

  G_OBJECT_CLASS (monia_participant_row_parent_class)->dispose (object);
}

static void
monia_participant_row_class_init (MoniaParticipantRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = monia_participant_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/monia-participant-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MoniaParticipantRow, edit_button);
}

static void
monia_participant_row_init (MoniaParticipantRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
monia_participant_row_new (MoniaStore  *store,
                           MoniaRecord *participant)
{
  MoniaParticipantRow *self;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);
  g_return_val_if_fail (MONIA_IS_RECORD (participant), NULL);

  self = g_object_new (MONIA_TYPE_PARTICIPANT_ROW, NULL);
  self->store = g_object_ref (store);
  self->participant = g_object_ref (participant);
  monia_participant_row_refresh (self);
  return GTK_WIDGET (self);
}
