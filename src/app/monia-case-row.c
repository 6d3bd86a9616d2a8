/* monia-case-row.c — one case in the window's case list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "monia-case-row.h"
#include "monia-case-util.h"

struct _MoniaCaseRow
{
  GtkWidget    parent_instance;

  MoniaRecord *record;

  GtkLabel    *title_label;
  GtkLabel    *subtitle_label;
  GtkLabel    *deadline_label;
  MoniaClockStatus clock;
};

G_DEFINE_FINAL_TYPE (MoniaCaseRow, monia_case_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_RECORD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct {
  const char *status;
  const char *label;
} status_labels[] = {
  { "open", NC_("case status", "Open") },
  { "assessment", NC_("case status", "Assessment") },
  { "planning", NC_("case status", "Planning") },
  { "implementation", NC_("case status", "Implementation") },
  { "review", NC_("case status", "Review") },
  { "closed", NC_("case status", "Closed") },
};

const char *
monia_case_status_to_label (const char *status)
{
  if (status == NULL || status[0] == '\0')
    return g_dpgettext2 (NULL, "case status", "Open");

  for (guint i = 0; i < G_N_ELEMENTS (status_labels); i++)
    {
      if (g_str_equal (status, status_labels[i].status))
        return g_dpgettext2 (NULL, "case status", status_labels[i].label);
    }

  /* A status added by a newer Monia: better shown raw than hidden. */
  return status;
}

static char *
format_opened_on (MoniaRecord *record)
{
  g_autoptr(GDateTime) opened = NULL;
  g_autofree char *date_text = NULL;
  GDate date;

  g_date_clear (&date, 1);
  if (!monia_record_get_date (record, "opened_on", &date) || !g_date_valid (&date))
    return NULL;

  opened = g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date),
                                  g_date_get_day (&date), 12, 0, 0);
  if (opened == NULL)
    return NULL;

  /* Translators: how a case's opening day is written, a
   * g_date_time_format() format; Finnish would use "%-d.%-m.%Y" */
  date_text = g_date_time_format (opened, C_("case opened date", "%-d %b %Y"));
  if (date_text == NULL)
    return NULL;

  /* Translators: %s is the day the case was opened */
  return g_strdup_printf (_("Opened %s"), date_text);
}

static void
update_labels (MoniaCaseRow *self)
{
  g_autofree char *opened = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *accessible = NULL;
  const char *title = NULL;
  const char *status;

  if (self->record == NULL)
    {
      gtk_label_set_text (self->title_label, "");
      gtk_label_set_text (self->subtitle_label, "");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);
      return;
    }

  title = monia_record_get_string (self->record, "title");
  if (title == NULL || title[0] == '\0')
    title = _("Untitled Case");

  status = monia_case_status_to_label (monia_record_get_string (self->record, "status"));
  opened = format_opened_on (self->record);

  if (opened != NULL)
    /* Translators: a case's opening date, then its status: "Opened 4 Mar 2024 · Assessment" */
    subtitle = g_strdup_printf (_("%s · %s"), opened, status);
  else
    subtitle = g_strdup (status);

  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->subtitle_label, subtitle);

  /* Translators: what a screen reader says for a row of the case list:
   * the case's title, then "Opened <date> · <status>" */
  accessible = g_strdup_printf (_("%s, %s"), title, subtitle);
  if (gtk_widget_get_visible (GTK_WIDGET (self->deadline_label)))
    {
      /* Translators: a case row's screen reader text, then its next deadline */
      g_autofree char *with_deadline = g_strdup_printf (_("%s, %s"), accessible,
                                                        gtk_label_get_text (self->deadline_label));

      g_free (accessible);
      accessible = g_steal_pointer (&with_deadline);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
update_deadline (MoniaCaseRow *self)
{
  g_autofree char *day = NULL;
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;
  GtkWidget *label = GTK_WIDGET (self->deadline_label);

  if (self->record != NULL && self->clock.kind != MONIA_CLOCK_NONE)
    {
      day = monia_format_date (&self->clock.due);
      when = monia_clock_status_format_when (&self->clock);
      /* Translators: a case's next statutory day in the case list: the
       * clock, its day, then how late or how long left: "Decision to start
       * · 12 Nov 2026 · 2 working days late" */
      text = g_strdup_printf (_("%s · %s · %s"), monia_clock_kind_to_label (self->clock.kind), day, when);
    }

  gtk_label_set_text (self->deadline_label, text != NULL ? text : "");
  gtk_widget_set_visible (label, text != NULL);
  if (text != NULL && self->clock.late)
    gtk_widget_add_css_class (label, "error");
  else
    gtk_widget_remove_css_class (label, "error");
  if (text != NULL && self->clock.due_this_week)
    gtk_widget_add_css_class (label, "warning");
  else
    gtk_widget_remove_css_class (label, "warning");
}

static void
monia_case_row_dispose (GObject *object)
{
  MoniaCaseRow *self = MONIA_CASE_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MONIA_TYPE_CASE_ROW);
  g_clear_object (&self->record);

  G_OBJECT_CLASS (monia_case_row_parent_class)->dispose (object);
}

static void
monia_case_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MoniaCaseRow *self = MONIA_CASE_ROW (object);

  switch (prop_id)
    {
    case PROP_RECORD:
      g_value_set_object (value, self->record);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
monia_case_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  MoniaCaseRow *self = MONIA_CASE_ROW (object);

  switch (prop_id)
    {
    case PROP_RECORD:
      monia_case_row_set_record (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
monia_case_row_class_init (MoniaCaseRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = monia_case_row_dispose;
  object_class->get_property = monia_case_row_get_property;
  object_class->set_property = monia_case_row_set_property;

  properties[PROP_RECORD] =
    g_param_spec_object ("record", NULL, NULL,
                         MONIA_TYPE_RECORD,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/monia-case-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MoniaCaseRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, MoniaCaseRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, MoniaCaseRow, deadline_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "monia-case-row");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
monia_case_row_init (MoniaCaseRow *self)
{
  GtkLayoutManager *layout;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_date_clear (&self->clock.due, 1);

  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 3);
}

GtkWidget *
monia_case_row_new (void)
{
  return g_object_new (MONIA_TYPE_CASE_ROW, NULL);
}

MoniaRecord *
monia_case_row_get_record (MoniaCaseRow *self)
{
  g_return_val_if_fail (MONIA_IS_CASE_ROW (self), NULL);

  return self->record;
}

void
monia_case_row_set_record (MoniaCaseRow *self,
                           MoniaRecord  *record)
{
  g_return_if_fail (MONIA_IS_CASE_ROW (self));
  g_return_if_fail (record == NULL || MONIA_IS_RECORD (record));

  if (!g_set_object (&self->record, record))
    return;

  if (record == NULL)
    {
      self->clock.kind = MONIA_CLOCK_NONE;
      g_date_clear (&self->clock.due, 1);
    }
  update_deadline (self);
  update_labels (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORD]);
}

void
monia_case_row_set_clock (MoniaCaseRow           *self,
                          const MoniaClockStatus *clock)
{
  g_return_if_fail (MONIA_IS_CASE_ROW (self));

  memset (&self->clock, 0, sizeof self->clock);
  g_date_clear (&self->clock.due, 1);
  if (clock != NULL && clock->kind != MONIA_CLOCK_NONE)
    self->clock = *clock;
  update_deadline (self);
  update_labels (self);
}

const char *
monia_case_row_get_deadline_text (MoniaCaseRow *self)
{
  g_return_val_if_fail (MONIA_IS_CASE_ROW (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->deadline_label))
    ? gtk_label_get_text (self->deadline_label) : NULL;
}
