/* monia-assessment-view.c — the case page's service need assessment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-assessment-view.h"
#include "monia-case-ops.h"
#include "monia-case-section.h"
#include "monia-case-util.h"
#include "monia-date-row.h"
#include "monia-text-row.h"

struct _MoniaAssessmentView
{
  AdwPreferencesPage   parent_instance;

  MoniaStore          *store;
  char                *case_id;
  MoniaCalendar       *calendar;
  char                *assessment_id;

  AdwPreferencesGroup *empty_group;
  AdwPreferencesGroup *start_group;
  AdwComboRow         *kind_row;
  MoniaDateRow        *pending_row;
  GtkWidget           *start_button;
  GtkWidget           *start_error;
  AdwPreferencesGroup *deadlines_group;
  AdwActionRow        *kind_info_row;
  AdwActionRow        *pending_info_row;
  AdwActionRow        *decision_row;
  GtkLabel            *decision_state;
  MoniaDateRow        *started_row;
  AdwActionRow        *completion_row;
  GtkLabel            *completion_state;
  GtkWidget           *started_error;
  AdwPreferencesGroup *sections_group;
  AdwPreferencesGroup *conclusion_group;
  MoniaTextRow        *conclusion_row;
  MoniaTextRow        *client_view_row;
  GtkWidget           *conclusion_error;
  AdwPreferencesGroup *complete_group;
  MoniaDateRow        *completed_row;
  GtkButton           *complete_button;
  GtkWidget           *complete_error;

  GPtrArray           *section_rows;   /* MoniaTextRow, in monia_assessment_section_names() order */
};

static void monia_assessment_view_section_init (MoniaCaseSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MoniaAssessmentView, monia_assessment_view, ADW_TYPE_PREFERENCES_PAGE,
                               G_IMPLEMENT_INTERFACE (MONIA_TYPE_CASE_SECTION,
                                                      monia_assessment_view_section_init))

static char *
format_working_days (int n)
{
  /* Translators: part of a deadline's description */
  return g_strdup_printf (ngettext ("%d working day", "%d working days", n), n);
}

static char *
format_days (int n)
{
  /* Translators: part of a deadline's description, in calendar days */
  return g_strdup_printf (ngettext ("%d day", "%d days", n), n);
}

char *
monia_describe_deadline (const MoniaDeadline  *deadline,
                         const char          **state,
                         const char          **style)
{
  g_autofree char *due = NULL;
  g_autofree char *done = NULL;
  g_autofree char *working = NULL;
  g_autofree char *days = NULL;

  *state = "";
  *style = NULL;
  if (!deadline->valid)
    return g_strdup (_("No deadline"));

  due = monia_format_date (&deadline->due);

  if (deadline->met)
    {
      done = monia_format_date (&deadline->done_on);
      if (!deadline->late)
        {
          *state = _("On time");
          *style = "success";
          /* Translators: the first %s is the day it was done, the second the deadline */
          return g_strdup_printf (_("Done %s, on time (due %s)"), done, due);
        }
      *state = _("Late");
      *style = "warning";
      working = format_working_days (deadline->working_days_late);
      days = format_days (deadline->days_late);
      /* Translators: "Done 4 Dec 2026, late by 1 working day (1 day), due 3 Dec 2026" */
      return g_strdup_printf (_("Done %s, late by %s (%s), due %s"), done, working, days, due);
    }

  if (deadline->late)
    {
      *state = _("Late");
      *style = "error";
      working = format_working_days (deadline->working_days_late);
      days = format_days (deadline->days_late);
      /* Translators: "Due 3 Dec 2026 · late by 2 working days (4 days)" */
      return g_strdup_printf (_("Due %s · late by %s (%s)"), due, working, days);
    }

  if (deadline->days_left == 0)
    {
      *state = _("Due today");
      *style = "warning";
      /* Translators: %s is the deadline, which is today */
      return g_strdup_printf (_("Due today, %s"), due);
    }

  if (deadline->working_days_left <= 2)
    {
      *state = _("Soon");
      *style = "warning";
    }
  working = format_working_days (deadline->working_days_left);
  days = format_days (deadline->days_left);
  /* Translators: "Due 3 Dec 2026 · 5 working days left (7 days)" */
  return g_strdup_printf (_("Due %s · %s left (%s)"), due, working, days);
}

static void
show_deadline (AdwActionRow        *row,
               GtkLabel            *state_label,
               const MoniaDeadline *deadline)
{
  const char *state, *style;
  g_autofree char *text = monia_describe_deadline (deadline, &state, &style);
  static const char *styles[] = { "success", "warning", "error" };

  adw_action_row_set_subtitle (row, text);
  gtk_label_set_text (state_label, state);
  gtk_widget_set_visible (GTK_WIDGET (state_label), state[0] != '\0');
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (state_label), styles[i]);
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (state_label), style);
}

static gboolean
save_text (GtkWidget    *row,
           const char   *text,
           gpointer      user_data,
           GError      **error)
{
  MoniaAssessmentView *self = user_data;
  const char *field = g_object_get_data (G_OBJECT (row), "monia-field");
  const char *section = g_object_get_data (G_OBJECT (row), "monia-section");

  if (self->assessment_id == NULL)
    return TRUE;
  if (section != NULL)
    return monia_case_set_assessment_section (self->store, self->assessment_id, section, text, error);
  return monia_case_set_assessment_text (self->store, self->assessment_id, field, text, error);
}

static void
monia_assessment_view_refresh (MoniaCaseSection *section)
{
  MoniaAssessmentView *self = MONIA_ASSESSMENT_VIEW (section);
  g_autoptr(MoniaRecord) case_record = NULL;
  g_autoptr(MoniaRecord) assessment = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pending = NULL;
  MoniaAssessmentStatus status;
  const char * const *names = monia_assessment_section_names ();
  gboolean closed, completed, editable;
  GDate today, date;

  case_record = monia_store_get (self->store, "case", self->case_id, NULL);
  closed = case_record == NULL || g_strcmp0 (monia_record_get_string (case_record, "status"), "closed") == 0;
  assessment = monia_case_get_assessment (self->store, self->case_id, NULL);

  g_clear_pointer (&self->assessment_id, g_free);
  if (assessment != NULL)
    self->assessment_id = g_strdup (monia_record_get_id (assessment));

  gtk_widget_set_visible (GTK_WIDGET (self->start_group), assessment == NULL && !closed);
  gtk_widget_set_visible (GTK_WIDGET (self->deadlines_group), assessment != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->sections_group), assessment != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->conclusion_group), assessment != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->complete_group), assessment != NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->empty_group), assessment == NULL && closed);
  if (assessment == NULL)
    return;

  completed = monia_record_get_string (assessment, "completed_on") != NULL;
  editable = !completed && !closed;

  adw_action_row_set_subtitle (self->kind_info_row,
                               monia_assessment_kind_to_label (monia_record_get_string (assessment, "kind")));
  pending = monia_format_iso_date (monia_record_get_string (assessment, "pending_on"));
  adw_action_row_set_subtitle (self->pending_info_row, pending != NULL ? pending : "");

  monia_get_today (&today);
  if (monia_assessment_get_status (assessment, self->calendar, &today, &status, &error))
    {
      show_deadline (self->decision_row, self->decision_state, &status.decision);
      show_deadline (self->completion_row, self->completion_state, &status.completion);
    }

  monia_date_row_set_iso (self->started_row, monia_record_get_string (assessment, "started_on"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->started_row), editable);

  for (guint i = 0; names[i] != NULL && i < self->section_rows->len; i++)
    {
      MoniaTextRow *row = g_ptr_array_index (self->section_rows, i);
      g_autofree char *text = monia_assessment_dup_section (assessment, names[i]);

      monia_autosave_set_text (row, text);
      monia_text_row_set_editable (row, editable);
    }
  monia_autosave_set_text (self->conclusion_row, monia_record_get_string (assessment, "conclusion"));
  monia_autosave_set_text (self->client_view_row, monia_record_get_string (assessment, "client_view"));
  monia_text_row_set_editable (self->conclusion_row, editable);
  monia_text_row_set_editable (self->client_view_row, editable);

  if (completed)
    monia_date_row_set_iso (self->completed_row, monia_record_get_string (assessment, "completed_on"));
  else if (!monia_date_row_get_date (self->completed_row, &date))
    monia_date_row_set_date (self->completed_row, &today);
  gtk_widget_set_sensitive (GTK_WIDGET (self->completed_row), editable);
  gtk_widget_set_visible (GTK_WIDGET (self->complete_button), editable);
}

/* Starting: the kind, the day it became pending, else by the button. */
static void
show_start_error (MoniaAssessmentView *self,
                  const GError        *error)
{
  const MoniaFormField fields[] = {
    { "kind", GTK_WIDGET (self->kind_row), self->start_error },
    { "pending_on", GTK_WIDGET (self->pending_row), self->start_error },
    { NULL, self->start_button, self->start_error },
  };

  monia_form_show_error (fields, G_N_ELEMENTS (fields), error);
}

/* What completing needs, at the part that is missing or wrong; anything
 * else by the button. */
static void
show_complete_error (MoniaAssessmentView *self,
                     const GError        *error)
{
  const MoniaFormField fields[] = {
    { "started_on", GTK_WIDGET (self->started_row), self->started_error },
    { "conclusion", GTK_WIDGET (self->conclusion_row), self->conclusion_error },
    { "completed_on", GTK_WIDGET (self->completed_row), self->complete_error },
    { NULL, GTK_WIDGET (self->complete_button), self->complete_error },
  };

  monia_form_show_error (fields, G_N_ELEMENTS (fields), error);
}

/* ---- actions ---- */

static void
on_start_clicked (MoniaAssessmentView *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  GDate pending;

  monia_date_row_get_date (self->pending_row, &pending);
  id = monia_case_start_assessment (self->store, self->calendar, self->case_id,
                                    monia_combo_get_selected_id (self->kind_row), &pending, &error);
  show_start_error (self, error);
}

static void
on_started_chosen (MoniaAssessmentView *self)
{
  g_autoptr(GError) error = NULL;
  GDate started;

  if (self->assessment_id == NULL)
    return;

  monia_date_row_get_date (self->started_row, &started);
  if (!monia_case_record_assessment_started (self->store, self->assessment_id, &started, &error))
    {
      /* The row goes back to the day stored; the message says why. */
      monia_assessment_view_refresh (MONIA_CASE_SECTION (self));
      monia_field_set_error (GTK_WIDGET (self->started_row), self->started_error, error->message);
      return;
    }
  monia_field_set_error (GTK_WIDGET (self->started_row), self->started_error, NULL);
}

static void
on_complete_clicked (MoniaAssessmentView *self)
{
  g_autoptr(GError) error = NULL;
  GDate completed;

  if (self->assessment_id == NULL)
    return;

  /* What was just typed is part of what is completed. */
  for (guint i = 0; i < self->section_rows->len; i++)
    if (!monia_autosave_flush (g_ptr_array_index (self->section_rows, i)))
      return;
  if (!monia_autosave_flush (self->conclusion_row) || !monia_autosave_flush (self->client_view_row))
    return;

  monia_date_row_get_date (self->completed_row, &completed);
  if (!monia_case_complete_assessment (self->store, self->assessment_id, &completed,
                                       NULL, NULL, NULL, &error))
    {
      show_complete_error (self, error);
      return;
    }
  show_complete_error (self, NULL);
}

static void
monia_assessment_view_bind (MoniaCaseSection *section,
                            MoniaStore       *store,
                            const char       *case_id,
                            MoniaCalendar    *calendar)
{
  MoniaAssessmentView *self = MONIA_ASSESSMENT_VIEW (section);

  g_set_object (&self->store, store);
  g_free (self->case_id);
  self->case_id = g_strdup (case_id);
  g_clear_pointer (&self->calendar, monia_calendar_unref);
  self->calendar = monia_calendar_ref (calendar);
}

static void
monia_assessment_view_section_init (MoniaCaseSectionInterface *iface)
{
  iface->bind = monia_assessment_view_bind;
  iface->refresh = monia_assessment_view_refresh;
}

static void
monia_assessment_view_dispose (GObject *object)
{
  MoniaAssessmentView *self = MONIA_ASSESSMENT_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MONIA_TYPE_ASSESSMENT_VIEW);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (monia_assessment_view_parent_class)->dispose (object);
}

static void
monia_assessment_view_finalize (GObject *object)
{
  MoniaAssessmentView *self = MONIA_ASSESSMENT_VIEW (object);

  g_clear_pointer (&self->section_rows, g_ptr_array_unref);
  g_clear_pointer (&self->calendar, monia_calendar_unref);
  g_free (self->case_id);
  g_free (self->assessment_id);

  G_OBJECT_CLASS (monia_assessment_view_parent_class)->finalize (object);
}

static void
monia_assessment_view_class_init (MoniaAssessmentViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = monia_assessment_view_dispose;
  object_class->finalize = monia_assessment_view_finalize;

  g_type_ensure (MONIA_TYPE_DATE_ROW);
  g_type_ensure (MONIA_TYPE_TEXT_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/monia-assessment-view.ui");
  gtk_widget_class_bind_template_child (widget_class, MoniaAssessmentView, empty_group);
  gtk_widget_class_bind_template_child (widget_class, MoniaAssessmentView, start_group);
  gtk_widget_class_bind_template_child (widget_class, MoniaAssessmentView, kind_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaAssessmentView, pending_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaAssessmentView, start_button);
  gtk_widget_class_bind_template_child (widget_class, MoniaAssessmentView, start_error);
  gtk_widget_class_bind_template_child (widget_class, MoniaAssessmentView, deadlines_group);
  gtk_widget_class_bind_template_child (widget_class, MoniaAssessmentView, kind_info_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaAssessmentView, pending_info_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaAssessmentView, decision_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaAssessmentView, decision_state);
  gtk_widget_class_bind_template_child (widget_class, MoniaAssessmentView, started_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaAssessmentView, completion_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaAssessmentView, completion_state);
  gtk_widget_class_bind_template_child (widget_class, MoniaAssessmentView, started_error);
  gtk_widget_class_bind_template_child (widget_class, MoniaAssessmentView, sections_group);
  gtk_widget_class_bind_template_child (widget_class, MoniaAssessmentView, conclusion_group);
  gtk_widget_class_bind_template_child (widget_class, MoniaAssessmentView, conclusion_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaAssessmentView, client_view_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaAssessmentView, conclusion_error);
  gtk_widget_class_bind_template_child (widget_class, MoniaAssessmentView, complete_group);
  gtk_widget_class_bind_template_child (widget_class, MoniaAssessmentView, completed_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaAssessmentView, complete_button);
  gtk_widget_class_bind_template_child (widget_class, MoniaAssessmentView, complete_error);
  gtk_widget_class_bind_template_callback (widget_class, on_start_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_started_chosen);
  gtk_widget_class_bind_template_callback (widget_class, on_complete_clicked);
}

static void
monia_assessment_view_init (MoniaAssessmentView *self)
{
  const char * const ids[] = { MONIA_ASSESSMENT_SOCIAL_WELFARE, MONIA_ASSESSMENT_CHILD_WELFARE };
  const char *labels[G_N_ELEMENTS (ids)];
  const char * const *names = monia_assessment_section_names ();
  GDate today;

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    labels[i] = monia_assessment_kind_to_label (ids[i]);
  monia_combo_set_choices (self->kind_row, ids, labels, G_N_ELEMENTS (ids));
  monia_get_today (&today);
  monia_date_row_set_date (self->pending_row, &today);
  monia_date_row_set_placeholder (self->started_row, _("Not decided yet"));

  self->section_rows = g_ptr_array_new ();
  for (guint i = 0; names[i] != NULL; i++)
    {
      GtkWidget *row = monia_text_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), monia_assessment_section_title (names[i]));
      g_object_set_data (G_OBJECT (row), "monia-section", (gpointer) names[i]);
      monia_autosave_entry (row, save_text, self);
      adw_preferences_group_add (self->sections_group, row);
      g_ptr_array_add (self->section_rows, row);
    }

  g_object_set_data (G_OBJECT (self->conclusion_row), "monia-field", (gpointer) "conclusion");
  g_object_set_data (G_OBJECT (self->client_view_row), "monia-field", (gpointer) "client_view");
  monia_autosave_entry (self->conclusion_row, save_text, self);
  monia_autosave_entry (self->client_view_row, save_text, self);
}
