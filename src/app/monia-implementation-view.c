/* monia-implementation-view.c — the case page's events and goal ratings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "monia-case-ops.h"
#include "monia-case-section.h"
#include "monia-case-util.h"
#include "monia-date-row.h"
#include "monia-event-row.h"
#include "monia-goal-progress-row.h"
#include "monia-implementation-view.h"
#include "monia-measure-row.h"
#include "monia-picker-row.h"
#include "monia-row-list.h"
#include "monia-text-row.h"

struct _MoniaImplementationView
{
  AdwPreferencesPage   parent_instance;

  MoniaStore          *store;
  char                *case_id;
  char                *progress_plan_id;  /* the plan whose goals the progress rows are of */

  AdwPreferencesGroup *add_event_group;
  AdwComboRow         *kind_row;
  MoniaDateRow        *date_row;
  AdwEntryRow         *time_row;
  MoniaTextRow        *text_row;
  MoniaPickerRow      *goal_row;
  MoniaPickerRow      *measure_row;
  GtkWidget           *event_error;
  GtkWidget           *record_button;
  AdwPreferencesGroup *events_group;
  GtkListBox          *events_list;
  AdwPreferencesGroup *rate_group;
  MoniaPickerRow      *rate_goal_row;
  GtkSpinButton       *rating_spin;
  AdwEntryRow         *comment_row;
  MoniaDateRow        *rated_row;
  GtkWidget           *rate_error;
  GtkWidget           *rate_button;
  AdwPreferencesGroup *progress_group;
  GtkListBox          *progress_list;
};

static void monia_implementation_view_section_init (MoniaCaseSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MoniaImplementationView, monia_implementation_view, ADW_TYPE_PREFERENCES_PAGE,
                               G_IMPLEMENT_INTERFACE (MONIA_TYPE_CASE_SECTION,
                                                      monia_implementation_view_section_init))

static const char * const event_kind_ids[] = { "meeting", "network_meeting", "home_visit", "call", "note" };

/* The plan being carried out: the agreed one, else the newest. */
static MoniaRecord *
get_current_plan (MoniaImplementationView *self)
{
  g_autoptr(GPtrArray) plans = monia_case_list_plans (self->store, self->case_id, NULL);

  if (plans == NULL || plans->len == 0)
    return NULL;
  for (guint i = plans->len; i > 0; i--)
    if (g_strcmp0 (monia_record_get_string (g_ptr_array_index (plans, i - 1), "status"), "agreed") == 0)
      return g_object_ref (g_ptr_array_index (plans, i - 1));
  return g_object_ref (g_ptr_array_index (plans, plans->len - 1));
}

/* ---- the event and progress rows ---- */

static GtkWidget *
create_event_row (gpointer item,
                  gpointer user_data)
{
  MoniaImplementationView *self = user_data;

  return monia_event_row_new (self->store, item);
}

static GtkWidget *
create_progress_row (gpointer item,
                     gpointer user_data)
{
  MoniaImplementationView *self = user_data;

  return monia_goal_progress_row_new (self->store, item);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  gint64 ta = monia_record_get_int ((MoniaRecord *) a, "occurred_at", 0);
  gint64 tb = monia_record_get_int ((MoniaRecord *) b, "occurred_at", 0);

  return (tb > ta) - (tb < ta);
}

static int
compare_position (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  gint64 pa = monia_record_get_int ((MoniaRecord *) a, "position", G_MAXINT);
  gint64 pb = monia_record_get_int ((MoniaRecord *) b, "position", G_MAXINT);

  return (pa > pb) - (pa < pb);
}

/* A row list of the store's live list @records, in the order @compare says. */
static GListModel *
sorted_rows (GListModel             *records,
             GCompareDataFunc        compare)
{
  g_autoptr(GtkSortListModel) sorted = gtk_sort_list_model_new (records,
                                                                GTK_SORTER (gtk_custom_sorter_new (compare, NULL, NULL)));

  return monia_row_list_new (G_LIST_MODEL (sorted));
}

/* The events of the case, newest first, follow the store's live list. */
static void
bind_events (MoniaImplementationView *self)
{
  g_autoptr(GListModel) events = sorted_rows (monia_store_list_by_ref (self->store, "event", "case_id", self->case_id),
                                              compare_newest_first);

  gtk_list_box_bind_model (self->events_list, events, create_event_row, self, NULL);
}

/* The progress rows follow the goals of @plan_id (by position), or none. */
static void
bind_progress (MoniaImplementationView *self,
               const char              *plan_id)
{
  g_autoptr(GListModel) goals = NULL;

  if (g_strcmp0 (plan_id, self->progress_plan_id) == 0)
    {
      for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->progress_list)); row != NULL;
           row = gtk_widget_get_next_sibling (row))
        if (MONIA_IS_GOAL_PROGRESS_ROW (row))
          monia_goal_progress_row_refresh (MONIA_GOAL_PROGRESS_ROW (row));
      return;
    }

  g_free (self->progress_plan_id);
  self->progress_plan_id = g_strdup (plan_id);
  if (plan_id != NULL)
    goals = sorted_rows (monia_store_list_by_ref (self->store, "goal", "plan_id", plan_id), compare_position);
  gtk_list_box_bind_model (self->progress_list, goals, goals != NULL ? create_progress_row : NULL, self, NULL);
}

/* What the event rows show of the goals and measures they were about. */
static void
refresh_events (MoniaImplementationView *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->events_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (MONIA_IS_EVENT_ROW (row))
      monia_event_row_refresh (MONIA_EVENT_ROW (row));
}

/* Goals and measures told apart by a second line: the goal in the client's
 * own words, who provides the measure. */
static void
fill_choices (MoniaImplementationView *self,
              GPtrArray               *goals,
              GPtrArray               *measures)
{
  g_autoptr(GListStore) goal_choices = monia_choice_list_new ();
  g_autoptr(GListStore) rate_choices = monia_choice_list_new ();
  g_autoptr(GListStore) measure_choices = monia_choice_list_new ();

  monia_choice_list_add (goal_choices, NULL, _("No particular goal"), NULL);
  for (guint i = 0; goals != NULL && i < goals->len; i++)
    {
      MoniaRecord *goal = g_ptr_array_index (goals, i);
      const char *id = monia_record_get_id (goal);
      const char *text = monia_record_get_string (goal, "text");
      const char *words = monia_record_get_string (goal, "client_words");

      monia_choice_list_add (goal_choices, id, text, words);
      /* Rating needs a goal: no "none" there. */
      monia_choice_list_add (rate_choices, id, text, words);
    }
  monia_picker_row_set_choices (self->goal_row, G_LIST_MODEL (goal_choices));
  monia_picker_row_set_choices (self->rate_goal_row, G_LIST_MODEL (rate_choices));

  monia_choice_list_add (measure_choices, NULL, _("No particular measure"), NULL);
  for (guint i = 0; measures != NULL && i < measures->len; i++)
    {
      MoniaRecord *measure = g_ptr_array_index (measures, i);
      g_autofree char *provider = monia_measure_dup_provider (self->store, measure);

      monia_choice_list_add (measure_choices, monia_record_get_id (measure),
                             monia_record_get_string (measure, "text"), provider);
    }
  monia_picker_row_set_choices (self->measure_row, G_LIST_MODEL (measure_choices));
}

static void
monia_implementation_view_refresh (MoniaCaseSection *section)
{
  MoniaImplementationView *self = MONIA_IMPLEMENTATION_VIEW (section);
  g_autoptr(MoniaRecord) case_record = NULL;
  g_autoptr(MoniaRecord) plan = NULL;
  g_autoptr(GPtrArray) goals = NULL;
  g_autoptr(GPtrArray) measures = NULL;
  gboolean closed;

  case_record = monia_store_get (self->store, "case", self->case_id, NULL);
  closed = case_record == NULL || g_strcmp0 (monia_record_get_string (case_record, "status"), "closed") == 0;
  plan = get_current_plan (self);
  if (plan != NULL)
    {
      goals = monia_plan_list_goals (self->store, monia_record_get_id (plan), NULL);
      measures = monia_plan_list_measures (self->store, monia_record_get_id (plan), NULL);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->add_event_group), !closed);
  gtk_widget_set_visible (GTK_WIDGET (self->rate_group), !closed && goals != NULL && goals->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_group), goals != NULL && goals->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->goal_row), goals != NULL && goals->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->measure_row), measures != NULL && measures->len > 0);

  fill_choices (self, goals, measures);
  refresh_events (self);
  bind_progress (self, plan != NULL ? monia_record_get_id (plan) : NULL);
}

/* "14:30" or "14.30" → TRUE with the hour and minute. */
static gboolean
parse_time (const char *text,
            int        *hour,
            int        *minute)
{
  g_auto(GStrv) parts = NULL;
  char *end;
  gint64 h, m;

  parts = g_regex_split_simple ("[:.]", g_strstrip (g_strdup (text)), 0, 0);
  if (g_strv_length (parts) != 2 || parts[0][0] == '\0' || parts[1][0] == '\0')
    return FALSE;
  h = g_ascii_strtoll (parts[0], &end, 10);
  if (*end != '\0')
    return FALSE;
  m = g_ascii_strtoll (parts[1], &end, 10);
  if (*end != '\0' || h < 0 || h > 23 || m < 0 || m > 59)
    return FALSE;
  *hour = (int) h;
  *minute = (int) m;
  return TRUE;
}

/* At the field, where the person is looking, not only in a toast. */
static void
show_event_error (MoniaImplementationView *self,
                  const GError            *error)
{
  const MoniaFormField fields[] = {
    { "kind", GTK_WIDGET (self->kind_row), self->event_error },
    { "occurred_at", GTK_WIDGET (self->date_row), self->event_error },
    { "time", GTK_WIDGET (self->time_row), self->event_error },
    { "text", GTK_WIDGET (self->text_row), self->event_error },
    { "goal_id", GTK_WIDGET (self->goal_row), self->event_error },
    { "measure_id", GTK_WIDGET (self->measure_row), self->event_error },
    /* About the whole form, such as a case closed meanwhile. */
    { NULL, self->record_button, self->event_error },
  };

  monia_form_show_error (fields, G_N_ELEMENTS (fields), error);
}

static void
show_rate_error (MoniaImplementationView *self,
                 const GError            *error)
{
  const MoniaFormField fields[] = {
    { "rated_on", GTK_WIDGET (self->rated_row), self->rate_error },
    { NULL, self->rate_button, self->rate_error },
  };

  monia_form_show_error (fields, G_N_ELEMENTS (fields), error);
}

static void
on_record_clicked (MoniaImplementationView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) at = NULL;
  g_autofree char *id = NULL;
  g_autofree char *text = NULL;
  guint kind = adw_combo_row_get_selected (self->kind_row);
  int hour = 12, minute = 0;
  GDate day;

  if (!monia_date_row_get_date (self->date_row, &day))
    {
      monia_set_field_error (&error, MONIA_ERROR_INVALID_INPUT, "occurred_at", _("Choose the day it happened."));
      show_event_error (self, error);
      return;
    }
  if (!parse_time (gtk_editable_get_text (GTK_EDITABLE (self->time_row)), &hour, &minute))
    {
      monia_set_field_error (&error, MONIA_ERROR_INVALID_INPUT, "time",
                             _("Write the time as hours and minutes, for example 14:30."));
      show_event_error (self, error);
      return;
    }

  at = g_date_time_new_local (g_date_get_year (&day), g_date_get_month (&day), g_date_get_day (&day),
                              hour, minute, 0);
  text = monia_text_row_dup_text (self->text_row);
  id = monia_case_record_event (self->store, self->case_id,
                                kind < G_N_ELEMENTS (event_kind_ids) ? event_kind_ids[kind] : NULL,
                                at, text,
                                monia_picker_row_get_selected_id (self->goal_row),
                                monia_picker_row_get_selected_id (self->measure_row),
                                &error);
  if (id == NULL)
    {
      show_event_error (self, error);
      return;
    }

  show_event_error (self, NULL);
  monia_text_row_set_text (self->text_row, "");
  monia_show_toast (GTK_WIDGET (self), _("The event was recorded"));
}

static void
on_rate_clicked (MoniaImplementationView *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  const char *goal_id = monia_picker_row_get_selected_id (self->rate_goal_row);
  GDate day;

  if (goal_id == NULL)
    {
      g_set_error_literal (&error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT, _("Choose the goal to rate."));
      show_rate_error (self, error);
      return;
    }

  monia_date_row_get_date (self->rated_row, &day);
  id = monia_case_rate_goal (self->store, goal_id, gtk_spin_button_get_value_as_int (self->rating_spin),
                             gtk_editable_get_text (GTK_EDITABLE (self->comment_row)), &day, &error);
  show_rate_error (self, error);
  if (id == NULL)
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->comment_row), "");
  monia_show_toast (GTK_WIDGET (self), _("The rating was saved"));
}

static void
monia_implementation_view_bind (MoniaCaseSection *section,
                                MoniaStore       *store,
                                const char       *case_id,
                                MoniaCalendar    *calendar)
{
  MoniaImplementationView *self = MONIA_IMPLEMENTATION_VIEW (section);

  g_set_object (&self->store, store);
  g_free (self->case_id);
  self->case_id = g_strdup (case_id);
  bind_events (self);
}

static void
monia_implementation_view_section_init (MoniaCaseSectionInterface *iface)
{
  iface->bind = monia_implementation_view_bind;
  iface->refresh = monia_implementation_view_refresh;
}

static void
monia_implementation_view_dispose (GObject *object)
{
  MoniaImplementationView *self = MONIA_IMPLEMENTATION_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MONIA_TYPE_IMPLEMENTATION_VIEW);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (monia_implementation_view_parent_class)->dispose (object);
}

static void
monia_implementation_view_finalize (GObject *object)
{
  MoniaImplementationView *self = MONIA_IMPLEMENTATION_VIEW (object);

  g_free (self->case_id);
  g_free (self->progress_plan_id);

  G_OBJECT_CLASS (monia_implementation_view_parent_class)->finalize (object);
}

static void
monia_implementation_view_class_init (MoniaImplementationViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = monia_implementation_view_dispose;
  object_class->finalize = monia_implementation_view_finalize;

  g_type_ensure (MONIA_TYPE_DATE_ROW);
  g_type_ensure (MONIA_TYPE_PICKER_ROW);
  g_type_ensure (MONIA_TYPE_TEXT_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/monia-implementation-view.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, MoniaImplementationView, name)
  BIND (add_event_group);
  BIND (kind_row);
  BIND (date_row);
  BIND (time_row);
  BIND (text_row);
  BIND (goal_row);
  BIND (measure_row);
  BIND (event_error);
  BIND (record_button);
  BIND (events_group);
  BIND (events_list);
  BIND (rate_group);
  BIND (rate_goal_row);
  BIND (rating_spin);
  BIND (comment_row);
  BIND (rated_row);
  BIND (rate_error);
  BIND (rate_button);
  BIND (progress_group);
  BIND (progress_list);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_record_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_rate_clicked);
}

static void
monia_implementation_view_init (MoniaImplementationView *self)
{
  const char *labels[G_N_ELEMENTS (event_kind_ids)];
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time_text = g_date_time_format (now, "%H:%M");
  GDate today;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* "Rating from 0 to 10" says it all: GTK 4.8 would read the row's title,
   * which the row points at its activatable widget, after it. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->rating_spin), GTK_ACCESSIBLE_RELATION_LABELLED_BY);

  for (guint i = 0; i < G_N_ELEMENTS (event_kind_ids); i++)
    labels[i] = monia_event_kind_to_label (event_kind_ids[i]);
  monia_combo_set_choices (self->kind_row, event_kind_ids, labels, G_N_ELEMENTS (event_kind_ids));

  monia_get_today (&today);
  monia_date_row_set_date (self->date_row, &today);
  monia_date_row_set_date (self->rated_row, &today);
  gtk_editable_set_text (GTK_EDITABLE (self->time_row), time_text);
}
