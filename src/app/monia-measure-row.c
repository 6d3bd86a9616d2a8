/* monia-measure-row.c — a measure of a client plan, as a row of the plan
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-case-ops.h"
#include "monia-case-util.h"
#include "monia-measure-row.h"

struct _MoniaMeasureRow
{
  AdwActionRow  parent_instance;

  MoniaStore   *store;
  char         *measure_id;
  gboolean      quiet;

  GtkDropDown  *status_dropdown;
};

G_DEFINE_FINAL_TYPE (MoniaMeasureRow, monia_measure_row, ADW_TYPE_ACTION_ROW)

static const char * const status_ids[] = { "planned", "ongoing", "done", "cancelled" };

static char *
dup_record_string (MoniaStore *store,
                   const char *kind,
                   const char *id,
                   const char *field)
{
  g_autoptr(MoniaRecord) record = id != NULL ? monia_store_get (store, kind, id, NULL) : NULL;

  return record != NULL ? g_strdup (monia_record_get_string (record, field)) : NULL;
}

char *
monia_measure_dup_provider (MoniaStore  *store,
                            MoniaRecord *measure)
{
  g_autofree char *org = NULL;
  g_autofree char *pro = NULL;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);
  g_return_val_if_fail (measure != NULL, NULL);

  org = dup_record_string (store, "organisation", monia_record_get_string (measure, "organisation_id"), "name");
  pro = dup_record_string (store, "professional", monia_record_get_string (measure, "professional_id"), "name");
  if (org != NULL && pro != NULL)
    /* Translators: who provides a measure: the organisation, then the professional */
    return g_strdup_printf (_("%s, %s"), org, pro);
  return g_strdup (org != NULL ? org : pro);
}

static char *
describe (MoniaMeasureRow *self,
          MoniaRecord     *measure)
{
  g_autofree char *goal = dup_record_string (self->store, "goal", monia_record_get_string (measure, "goal_id"), "text");
  g_autofree char *starts = monia_format_iso_date (monia_record_get_string (measure, "starts_on"));
  g_autofree char *ends = monia_format_iso_date (monia_record_get_string (measure, "ends_on"));
  g_autofree char *who = monia_measure_dup_provider (self->store, measure);
  g_autofree char *when = NULL;
  GString *subtitle = g_string_new (NULL);

  if (starts != NULL && ends != NULL)
    /* Translators: a measure's time: first and last day */
    when = g_strdup_printf (_("%s – %s"), starts, ends);
  else if (starts != NULL)
    when = g_strdup_printf (_("From %s"), starts);
  else if (ends != NULL)
    when = g_strdup_printf (_("Until %s"), ends);

  if (who != NULL)
    g_string_append (subtitle, who);
  if (when != NULL)
    g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? " · " : "", when);
  if (goal != NULL)
    {
      /* Translators: the goal a measure serves */
      g_autofree char *for_goal = g_strdup_printf (_("For: %s"), goal);

      g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? "\n" : "", for_goal);
    }
  return g_string_free (subtitle, FALSE);
}

void
monia_measure_row_refresh (MoniaMeasureRow *self,
                           gboolean         editable)
{
  g_autoptr(MoniaRecord) measure = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *label = NULL;
  const char *status;

  g_return_if_fail (MONIA_IS_MEASURE_ROW (self));

  /* Gone from the store: its list takes the row away. */
  measure = monia_store_get (self->store, "measure", self->measure_id, NULL);
  if (measure == NULL)
    return;

  subtitle = describe (self, measure);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), monia_record_get_string (measure, "text"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);

  status = monia_record_get_string (measure, "status");
  self->quiet = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (status_ids); i++)
    if (g_strcmp0 (status, status_ids[i]) == 0 && gtk_drop_down_get_selected (self->status_dropdown) != i)
      gtk_drop_down_set_selected (self->status_dropdown, i);
  self->quiet = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->status_dropdown), editable);

  /* Translators: what a screen reader says for a measure's status chooser */
  label = g_strdup_printf (_("Status of %s"), monia_record_get_string (measure, "text"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
on_status_selected (MoniaMeasureRow *self)
{
  g_autoptr(GError) error = NULL;
  guint selected = gtk_drop_down_get_selected (self->status_dropdown);

  if (self->quiet || selected >= G_N_ELEMENTS (status_ids))
    return;

  if (!monia_case_set_measure_status (self->store, self->measure_id, status_ids[selected], &error))
    {
      /* The chooser goes back to the status kept, and says why at itself
       * for a screen reader, as well as in the toast. */
      monia_measure_row_refresh (self, gtk_widget_get_sensitive (GTK_WIDGET (self->status_dropdown)));
      gtk_widget_add_css_class (GTK_WIDGET (self->status_dropdown), "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->status_dropdown),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_dropdown),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, error->message, -1);
      monia_show_error (GTK_WIDGET (self), error);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_dropdown), "error");
  gtk_accessible_reset_state (GTK_ACCESSIBLE (self->status_dropdown), GTK_ACCESSIBLE_STATE_INVALID);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->status_dropdown), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static void
monia_measure_row_dispose (GObject *object)
{
  MoniaMeasureRow *self = MONIA_MEASURE_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MONIA_TYPE_MEASURE_ROW);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (monia_measure_row_parent_class)->dispose (object);
}

static void
monia_measure_row_finalize (GObject *object)
{
  MoniaMeasureRow *self = MONIA_MEASURE_ROW (object);

  g_free (self->measure_id);

  G_OBJECT_CLASS (monia_measure_row_parent_class)->finalize (object);
}

static void
monia_measure_row_class_init (MoniaMeasureRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = monia_measure_row_dispose;
  object_class->finalize = monia_measure_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/monia-measure-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MoniaMeasureRow, status_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, on_status_selected);
}

static void
monia_measure_row_init (MoniaMeasureRow *self)
{
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (status_ids); i++)
    gtk_string_list_append (statuses, monia_measure_status_to_label (status_ids[i]));
  self->quiet = TRUE;
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (statuses));
  self->quiet = FALSE;
}

GtkWidget *
monia_measure_row_new (MoniaStore  *store,
                       MoniaRecord *measure,
                       gboolean     editable)
{
  MoniaMeasureRow *self;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);
  g_return_val_if_fail (MONIA_IS_RECORD (measure), NULL);

  self = g_object_new (MONIA_TYPE_MEASURE_ROW, NULL);
  self->store = g_object_ref (store);
  self->measure_id = g_strdup (monia_record_get_id (measure));
  monia_measure_row_refresh (self, editable);
  return GTK_WIDGET (self);
}
