/* monia-plan-view.c — the case page's client plan, version by version
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-case-ops.h"
#include "monia-case-section.h"
#include "monia-case-util.h"
#include "monia-date-row.h"
#include "monia-goal-row.h"
#include "monia-measure-row.h"
#include "monia-plan-print.h"
#include "monia-plan-view.h"
#include "monia-picker-row.h"
#include "monia-row-list.h"
#include "monia-text-row.h"

struct _MoniaPlanView
{
  AdwPreferencesPage   parent_instance;

  MoniaStore          *store;
  char                *case_id;
  MoniaCalendar       *calendar;
  char                *shown_plan_id;  /* the version on screen */
  char                *rows_plan_id;   /* the version the goal and measure rows are of */
  GPtrArray           *plan_ids;       /* the version chooser's items */
  gboolean             goals_editable;
  gboolean             measures_editable;
  gboolean             quiet;
  GtkPrintOperation   *print_operation;  /* the one running, or NULL */
  GtkFileChooserNative *export_chooser;  /* open, or NULL */
  char                *output_plan_id;   /* the version printed or exported */

  AdwPreferencesGroup *version_group;
  AdwComboRow         *version_row;
  GtkButton           *new_version_button;
  GtkButton           *agree_button;
  GtkWidget           *version_error;
  GtkWidget           *output_box;
  GtkWidget           *print_button;
  GtkWidget           *export_button;
  AdwPreferencesGroup *contents_group;
  MoniaTextRow        *needs_row;
  MoniaTextRow        *strengths_row;
  MoniaTextRow        *client_commitments_row;
  MoniaTextRow        *differing_views_row;
  MoniaTextRow        *child_meetings_row;
  MoniaDateRow        *review_row;
  GtkWidget           *review_error;
  AdwPreferencesGroup *goals_group;
  GtkListBox          *goals_list;
  AdwPreferencesGroup *add_goal_group;
  AdwEntryRow         *goal_text_row;
  AdwEntryRow         *goal_words_row;
  AdwEntryRow         *goal_indicator_row;
  GtkButton           *add_goal_button;
  AdwPreferencesGroup *measures_group;
  GtkListBox          *measures_list;
  AdwPreferencesGroup *add_measure_group;
  AdwEntryRow         *measure_text_row;
  MoniaPickerRow      *measure_goal_row;
  MoniaPickerRow      *measure_org_row;
  MoniaPickerRow      *measure_pro_row;
  MoniaDateRow        *measure_starts_row;
  MoniaDateRow        *measure_ends_row;
  GtkButton           *add_measure_button;
  GtkWidget           *goal_error;
  GtkWidget           *measure_error;
};

static void monia_plan_view_section_init (MoniaCaseSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MoniaPlanView, monia_plan_view, ADW_TYPE_PREFERENCES_PAGE,
                               G_IMPLEMENT_INTERFACE (MONIA_TYPE_CASE_SECTION,
                                                      monia_plan_view_section_init))

static MoniaTextRow **
text_rows (MoniaPlanView *self,
           guint         *n)
{
  static MoniaTextRow *rows[5];

  rows[0] = self->needs_row;
  rows[1] = self->strengths_row;
  rows[2] = self->client_commitments_row;
  rows[3] = self->differing_views_row;
  rows[4] = self->child_meetings_row;
  *n = G_N_ELEMENTS (rows);
  return rows;
}

/* ---- saving ---- */

static gboolean
save_plan_text (GtkWidget    *row,
                const char   *text,
                gpointer      user_data,
                GError      **error)
{
  MoniaPlanView *self = user_data;

  if (self->shown_plan_id == NULL)
    return TRUE;
  return monia_case_set_plan_text (self->store, self->shown_plan_id,
                                   g_object_get_data (G_OBJECT (row), "monia-field"), text, error);
}

/* Saves what is being typed in the plan's rows; FALSE if anything failed. */
static gboolean
flush_edits (MoniaPlanView *self)
{
  gboolean ok = TRUE;
  MoniaTextRow **rows;
  guint n;

  rows = text_rows (self, &n);
  for (guint i = 0; i < n; i++)
    ok = monia_autosave_flush (rows[i]) && ok;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->goals_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (MONIA_IS_GOAL_ROW (row))
      ok = monia_goal_row_flush (MONIA_GOAL_ROW (row)) && ok;
  return ok;
}

/* ---- the goal and measure rows ---- */

static GtkWidget *
create_goal_row (gpointer item,
                 gpointer user_data)
{
  MoniaPlanView *self = user_data;

  return monia_goal_row_new (self->store, item, self->goals_editable);
}

static GtkWidget *
create_measure_row (gpointer item,
                    gpointer user_data)
{
  MoniaPlanView *self = user_data;

  return monia_measure_row_new (self->store, item, self->measures_editable);
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

/* The rows follow the store's live lists of the shown version's goals (by
 * position) and measures (as they were added). */
static void
bind_rows (MoniaPlanView *self,
           const char    *plan_id)
{
  g_autoptr(GListModel) goals = NULL;
  g_autoptr(GListModel) measures = NULL;

  if (plan_id != NULL)
    {
      GtkSorter *by_position = GTK_SORTER (gtk_custom_sorter_new (compare_position, NULL, NULL));
      GListModel *sorted = G_LIST_MODEL (gtk_sort_list_model_new (monia_store_list_by_ref (self->store, "goal",
                                                                                            "plan_id", plan_id),
                                                                  by_position));
      g_autoptr(GListModel) all_measures = monia_store_list_by_ref (self->store, "measure", "plan_id", plan_id);

      goals = monia_row_list_new (sorted);
      g_object_unref (sorted);
      measures = monia_row_list_new (all_measures);
    }
  gtk_list_box_bind_model (self->goals_list, goals, goals != NULL ? create_goal_row : NULL, self, NULL);
  gtk_list_box_bind_model (self->measures_list, measures, measures != NULL ? create_measure_row : NULL, self, NULL);
}

/* What the rows show of other records (a goal a measure is for, who
 * provides it) and whether they can be changed, as the store holds it. */
static void
refresh_rows (MoniaPlanView *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->goals_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (MONIA_IS_GOAL_ROW (row))
      monia_goal_row_refresh (MONIA_GOAL_ROW (row), self->goals_editable);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->measures_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (MONIA_IS_MEASURE_ROW (row))
      monia_measure_row_refresh (MONIA_MEASURE_ROW (row), self->measures_editable);
}

/* ---- choices for a new measure ---- */

static void
fill_measure_choices (MoniaPlanView *self,
                      GPtrArray     *goals)
{
  g_autoptr(GPtrArray) participants = monia_store_find (self->store, "participant", "case_id", self->case_id, NULL);
  g_autoptr(MoniaRecord) case_record = monia_store_get (self->store, "case", self->case_id, NULL);
  g_autoptr(GListStore) goal_choices = monia_choice_list_new ();
  g_autoptr(GListStore) org_choices = monia_choice_list_new ();
  g_autoptr(GListModel) pro_choices = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GStrvBuilder) pro_ids = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;
  const char *owner_id = case_record != NULL ? monia_record_get_string (case_record, "owner_id") : NULL;
  GDate today;

  monia_choice_list_add (goal_choices, NULL, _("No particular goal"), NULL);
  for (guint i = 0; goals != NULL && i < goals->len; i++)
    monia_choice_list_add (goal_choices, monia_record_get_id (g_ptr_array_index (goals, i)),
                           monia_record_get_string (g_ptr_array_index (goals, i), "text"),
                           monia_record_get_string (g_ptr_array_index (goals, i), "client_words"));
  monia_picker_row_set_choices (self->measure_goal_row, G_LIST_MODEL (goal_choices));

  /* Who provides a measure is someone on the case: its responsible worker
   * and its participants, with their organisations. */
  monia_choice_list_add (org_choices, NULL, _("Not chosen"), NULL);
  monia_policy_today (&today);
  if (owner_id != NULL && g_hash_table_add (seen, g_strdup (owner_id)))
    g_strv_builder_add (pro_ids, owner_id);
  for (guint i = 0; participants != NULL && i < participants->len; i++)
    {
      MoniaRecord *participant = g_ptr_array_index (participants, i);
      const char *org_id = monia_record_get_string (participant, "organisation_id");
      const char *pro_id = monia_record_get_string (participant, "professional_id");
      g_autoptr(MoniaRecord) org = org_id != NULL ? monia_store_get (self->store, "organisation", org_id, NULL) : NULL;

      if (!monia_policy_day_not_ended (monia_record_get_string (participant, "active_until"), &today))
        continue;
      if (org != NULL && g_hash_table_add (seen, g_strdup (org_id)))
        monia_choice_list_add (org_choices, org_id, monia_record_get_string (org, "name"),
                               monia_sector_to_label (monia_record_get_string (org, "sector")));
      if (pro_id != NULL && g_hash_table_add (seen, g_strdup (pro_id)))
        g_strv_builder_add (pro_ids, pro_id);
    }
  ids = g_strv_builder_end (pro_ids);
  pro_choices = monia_choices_professionals_of (self->store, (const char * const *) ids, _("Not chosen"));
  monia_picker_row_set_choices (self->measure_org_row, G_LIST_MODEL (org_choices));
  monia_picker_row_set_choices (self->measure_pro_row, pro_choices);
}

/* A professional chosen brings their organisation along. */
static void
on_measure_professional_chosen (MoniaPlanView *self)
{
  const char *pro_id = monia_picker_row_get_selected_id (self->measure_pro_row);
  g_autoptr(MoniaRecord) pro = pro_id != NULL ? monia_store_get (self->store, "professional", pro_id, NULL) : NULL;

  if (pro != NULL && monia_record_get_string (pro, "organisation_id") != NULL)
    monia_picker_row_select_id (self->measure_org_row, monia_record_get_string (pro, "organisation_id"));
}

/* ---- refresh ---- */

static gboolean
same_strings (GListModel *a,
              GListModel *b)
{
  guint n = a != NULL ? g_list_model_get_n_items (a) : 0;

  if (a == NULL || n != g_list_model_get_n_items (b))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkStringObject) sa = g_list_model_get_item (a, i);
      g_autoptr(GtkStringObject) sb = g_list_model_get_item (b, i);

      if (g_strcmp0 (gtk_string_object_get_string (sa), gtk_string_object_get_string (sb)) != 0)
        return FALSE;
    }
  return TRUE;
}

static void
fill_versions (MoniaPlanView *self,
               GPtrArray     *plans,
               guint          shown)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);

  g_ptr_array_set_size (self->plan_ids, 0);
  for (guint i = 0; i < plans->len; i++)
    {
      MoniaRecord *plan = g_ptr_array_index (plans, i);
      g_autofree char *agreed = monia_format_iso_date (monia_record_get_string (plan, "agreed_on"));
      g_autofree char *label = NULL;
      int version = (int) monia_record_get_int (plan, "version", i + 1);
      const char *status = monia_plan_status_to_label (monia_record_get_string (plan, "status"));

      if (agreed != NULL)
        /* Translators: an item of the plan version chooser: "Version 1 · Agreed · 25 Jan 2027" */
        label = g_strdup_printf (_("Version %d · %s · %s"), version, status, agreed);
      else
        /* Translators: an item of the plan version chooser: "Version 2 · Draft" */
        label = g_strdup_printf (_("Version %d · %s"), version, status);
      gtk_string_list_append (model, label);
      g_ptr_array_add (self->plan_ids, g_strdup (monia_record_get_id (plan)));
    }

  /* Replacing the model from inside its own selection change would loop. */
  self->quiet = TRUE;
  if (!same_strings (adw_combo_row_get_model (self->version_row), G_LIST_MODEL (model)))
    adw_combo_row_set_model (self->version_row, G_LIST_MODEL (model));
  if (adw_combo_row_get_selected (self->version_row) != shown)
    adw_combo_row_set_selected (self->version_row, shown);
  self->quiet = FALSE;
}

static void
monia_plan_view_refresh (MoniaCaseSection *section)
{
  MoniaPlanView *self = MONIA_PLAN_VIEW (section);
  g_autoptr(MoniaRecord) case_record = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GPtrArray) goals = NULL;
  MoniaRecord *plan = NULL;
  gboolean closed, has_draft = FALSE, draft, agreed;
  guint shown = 0;
  MoniaTextRow **rows;
  guint n_rows;

  case_record = monia_store_get (self->store, "case", self->case_id, NULL);
  closed = case_record == NULL || g_strcmp0 (monia_record_get_string (case_record, "status"), "closed") == 0;
  plans = monia_case_list_plans (self->store, self->case_id, NULL);
  if (plans == NULL)
    plans = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < plans->len; i++)
    {
      MoniaRecord *candidate = g_ptr_array_index (plans, i);

      has_draft = has_draft || g_strcmp0 (monia_record_get_string (candidate, "status"), "draft") == 0;
      if (g_strcmp0 (monia_record_get_id (candidate), self->shown_plan_id) == 0)
        {
          plan = candidate;
          shown = i;
        }
    }
  /* Without a choice, the newest version. */
  if (plan == NULL && plans->len > 0)
    {
      shown = plans->len - 1;
      plan = g_ptr_array_index (plans, shown);
      g_free (self->shown_plan_id);
      self->shown_plan_id = g_strdup (monia_record_get_id (plan));
    }

  fill_versions (self, plans, shown);
  gtk_widget_set_visible (GTK_WIDGET (self->version_row), plans->len > 0);
  gtk_button_set_label (self->new_version_button, plans->len == 0 ? _("Start a Plan") : _("New Version"));
  gtk_widget_set_visible (GTK_WIDGET (self->new_version_button), !closed && !has_draft);

  draft = plan != NULL && g_strcmp0 (monia_record_get_string (plan, "status"), "draft") == 0 && !closed;
  agreed = plan != NULL && g_strcmp0 (monia_record_get_string (plan, "status"), "agreed") == 0 && !closed;
  gtk_widget_set_visible (GTK_WIDGET (self->agree_button), draft);
  /* What the family was given is an agreed version, never a draft. */
  gtk_widget_set_visible (self->output_box,
                          plan != NULL && g_strcmp0 (monia_record_get_string (plan, "status"), "draft") != 0);

  if (plan == NULL)
    adw_preferences_group_set_description (self->version_group,
                                           closed ? _("The case was closed without a plan.")
                                                  : _("No plan yet. A plan is made with the family and the other professionals."));
  else if (draft)
    adw_preferences_group_set_description (self->version_group,
                                           _("A draft: every change is saved as you type. Agree the plan with the family when it is ready."));
  else if (agreed)
    adw_preferences_group_set_description (self->version_group,
                                           _("The agreed plan. Make a new version to change it; this one stays readable."));
  else
    adw_preferences_group_set_description (self->version_group,
                                           _("An earlier version, kept as it was agreed."));

  gtk_widget_set_visible (GTK_WIDGET (self->contents_group), plan != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->goals_group), plan != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->measures_group), plan != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->add_goal_group), draft);
  gtk_widget_set_visible (GTK_WIDGET (self->add_measure_group), draft);

  self->goals_editable = draft;
  self->measures_editable = draft || agreed;
  if (g_strcmp0 (self->rows_plan_id, plan != NULL ? self->shown_plan_id : NULL) != 0)
    {
      g_free (self->rows_plan_id);
      self->rows_plan_id = plan != NULL ? g_strdup (self->shown_plan_id) : NULL;
      bind_rows (self, self->rows_plan_id);
    }
  else
    refresh_rows (self);
  if (plan == NULL)
    return;

  rows = text_rows (self, &n_rows);
  for (guint i = 0; i < n_rows; i++)
    {
      monia_autosave_set_text (rows[i], monia_record_get_string (plan, g_object_get_data (G_OBJECT (rows[i]), "monia-field")));
      monia_text_row_set_editable (rows[i], draft);
    }
  monia_date_row_set_iso (self->review_row, monia_record_get_string (plan, "review_on"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->review_row), draft || agreed);

  if (draft)
    {
      goals = monia_plan_list_goals (self->store, self->shown_plan_id, NULL);
      fill_measure_choices (self, goals);
    }
}

/* ---- actions ---- */

static void
clear_version_errors (MoniaPlanView *self)
{
  monia_field_set_error (GTK_WIDGET (self->new_version_button), self->version_error, NULL);
  monia_field_set_error (GTK_WIDGET (self->agree_button), self->version_error, NULL);
  monia_field_set_error (GTK_WIDGET (self->goal_text_row), self->goal_error, NULL);
}

static void
on_version_selected (MoniaPlanView *self)
{
  guint selected = adw_combo_row_get_selected (self->version_row);

  if (self->quiet || selected >= self->plan_ids->len)
    return;

  flush_edits (self);
  /* What was said about another version is not about this one. */
  clear_version_errors (self);
  monia_field_set_error (GTK_WIDGET (self->review_row), self->review_error, NULL);
  g_free (self->shown_plan_id);
  self->shown_plan_id = g_strdup (g_ptr_array_index (self->plan_ids, selected));
  monia_plan_view_refresh (MONIA_CASE_SECTION (self));
}

static void
on_new_version_clicked (MoniaPlanView *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  id = monia_case_create_plan_draft (self->store, self->case_id, &error);
  clear_version_errors (self);
  if (id == NULL)
    {
      monia_field_set_error (GTK_WIDGET (self->new_version_button), self->version_error, error->message);
      return;
    }
  g_free (self->shown_plan_id);
  self->shown_plan_id = g_steal_pointer (&id);
  monia_plan_view_refresh (MONIA_CASE_SECTION (self));
}

static void
on_agree_clicked (MoniaPlanView *self)
{
  g_autoptr(GError) error = NULL;
  GDate today;

  if (self->shown_plan_id == NULL || !flush_edits (self))
    return;

  monia_get_today (&today);
  if (!monia_case_agree_plan (self->store, self->calendar, self->shown_plan_id, &today, &error))
    {
      clear_version_errors (self);
      /* A plan without goals: at the form that adds one. */
      if (g_strcmp0 (monia_error_get_field (error), "goals") == 0)
        monia_field_set_error (GTK_WIDGET (self->goal_text_row), self->goal_error, error->message);
      else
        monia_field_set_error (GTK_WIDGET (self->agree_button), self->version_error, error->message);
      return;
    }
  clear_version_errors (self);
  monia_show_toast (GTK_WIDGET (self), _("The plan was agreed"));
}

static void
on_review_chosen (MoniaPlanView *self)
{
  g_autoptr(GError) error = NULL;
  GDate review;

  if (self->shown_plan_id == NULL)
    return;

  monia_date_row_get_date (self->review_row, &review);
  if (!monia_case_set_plan_review_on (self->store, self->shown_plan_id, &review, &error))
    {
      /* The row goes back to the day stored; the message says why. */
      monia_plan_view_refresh (MONIA_CASE_SECTION (self));
      monia_field_set_error (GTK_WIDGET (self->review_row), self->review_error, error->message);
      return;
    }
  monia_field_set_error (GTK_WIDGET (self->review_row), self->review_error, NULL);
}

/* At the form, where the person is looking, not only in a toast. */
static void
show_goal_error (MoniaPlanView *self,
                 const GError  *error)
{
  const MoniaFormField fields[] = {
    { "text", GTK_WIDGET (self->goal_text_row), self->goal_error },
    { NULL, GTK_WIDGET (self->add_goal_button), self->goal_error },
  };

  monia_form_show_error (fields, G_N_ELEMENTS (fields), error);
}

static void
show_measure_error (MoniaPlanView *self,
                    const GError  *error)
{
  const MoniaFormField fields[] = {
    { "text", GTK_WIDGET (self->measure_text_row), self->measure_error },
    { "ends_on", GTK_WIDGET (self->measure_ends_row), self->measure_error },
    { NULL, GTK_WIDGET (self->add_measure_button), self->measure_error },
  };

  monia_form_show_error (fields, G_N_ELEMENTS (fields), error);
}

static void
on_add_goal_clicked (MoniaPlanView *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (self->shown_plan_id == NULL)
    return;

  id = monia_case_add_goal (self->store, self->shown_plan_id,
                            gtk_editable_get_text (GTK_EDITABLE (self->goal_text_row)),
                            gtk_editable_get_text (GTK_EDITABLE (self->goal_words_row)),
                            gtk_editable_get_text (GTK_EDITABLE (self->goal_indicator_row)),
                            &error);
  if (id == NULL)
    {
      show_goal_error (self, error);
      return;
    }
  show_goal_error (self, NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->goal_text_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->goal_words_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->goal_indicator_row), "");
}

static void
on_add_measure_clicked (MoniaPlanView *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  MoniaMeasureSpec spec;

  if (self->shown_plan_id == NULL)
    return;

  monia_measure_spec_init (&spec);
  spec.text = gtk_editable_get_text (GTK_EDITABLE (self->measure_text_row));
  spec.goal_id = monia_picker_row_get_selected_id (self->measure_goal_row);
  spec.organisation_id = monia_picker_row_get_selected_id (self->measure_org_row);
  spec.professional_id = monia_picker_row_get_selected_id (self->measure_pro_row);
  monia_date_row_get_date (self->measure_starts_row, &spec.starts_on);
  monia_date_row_get_date (self->measure_ends_row, &spec.ends_on);

  id = monia_case_add_measure (self->store, self->shown_plan_id, &spec, &error);
  if (id == NULL)
    {
      show_measure_error (self, error);
      return;
    }
  show_measure_error (self, NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->measure_text_row), "");
}

/* ---- printing and exporting ---- */

static void
on_print_done (MoniaPlanView           *self,
               GtkPrintOperationResult  result,
               GtkPrintOperation       *operation)
{
  g_autoptr(GError) error = NULL;
  const GError *audit_error = monia_plan_print_operation_get_audit_error (operation);

  if (audit_error != NULL)
    monia_show_error (GTK_WIDGET (self), audit_error);
  else if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      monia_show_error (GTK_WIDGET (self), error);
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    monia_show_toast (GTK_WIDGET (self), _("The plan was sent to the printer"));

  if (self->print_operation == operation)
    g_clear_object (&self->print_operation);
}

static void
on_print_clicked (MoniaPlanView *self)
{
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkPrintOperation *operation;
  GtkPrintOperationResult result;

  if (self->shown_plan_id == NULL || self->print_operation != NULL)
    return;

  operation = monia_plan_print_operation_new (self->store, self->shown_plan_id, &error);
  if (operation == NULL)
    {
      monia_show_error (GTK_WIDGET (self), error);
      return;
    }

  self->print_operation = operation;
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect_object (operation, "done", G_CALLBACK (on_print_done), self, G_CONNECT_SWAPPED);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      monia_show_error (GTK_WIDGET (self), error);
      g_clear_object (&self->print_operation);
    }
}

static void
on_export_response (MoniaPlanView        *self,
                    int                   response,
                    GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *plan_id = g_steal_pointer (&self->output_plan_id);

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  if (self->export_chooser == chooser)
    g_clear_object (&self->export_chooser);

  if (file == NULL || plan_id == NULL)
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      monia_show_toast (GTK_WIDGET (self), _("Choose a folder on this computer to save the plan in."));
      return;
    }

  if (!monia_plan_export_pdf (self->store, plan_id, path, NULL, &error))
    monia_show_error (GTK_WIDGET (self), error);
  else
    monia_show_toast (GTK_WIDGET (self), _("The plan was saved as a PDF file"));
}

static void
on_export_clicked (MoniaPlanView *self)
{
  g_autoptr(MoniaRecord) plan = NULL;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;

  if (self->shown_plan_id == NULL || self->export_chooser != NULL)
    return;

  plan = monia_store_get (self->store, "plan", self->shown_plan_id, NULL);
  if (plan == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Export the Plan as PDF"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  name = monia_plan_dup_file_name (self->store, self->shown_plan_id);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);

  /* The version chosen now is the one exported, whatever is shown later. */
  g_free (self->output_plan_id);
  self->output_plan_id = g_strdup (self->shown_plan_id);
  self->export_chooser = chooser;
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_export_response), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- the class ---- */

static void
monia_plan_view_bind (MoniaCaseSection *section,
                      MoniaStore       *store,
                      const char       *case_id,
                      MoniaCalendar    *calendar)
{
  MoniaPlanView *self = MONIA_PLAN_VIEW (section);

  g_set_object (&self->store, store);
  g_free (self->case_id);
  self->case_id = g_strdup (case_id);
  g_clear_pointer (&self->calendar, monia_calendar_unref);
  self->calendar = monia_calendar_ref (calendar);
}

static void
monia_plan_view_section_init (MoniaCaseSectionInterface *iface)
{
  iface->bind = monia_plan_view_bind;
  iface->refresh = monia_plan_view_refresh;
}

static void
monia_plan_view_dispose (GObject *object)
{
  MoniaPlanView *self = MONIA_PLAN_VIEW (object);

  if (self->export_chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->export_chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->export_chooser));
      g_clear_object (&self->export_chooser);
    }
  if (self->print_operation != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->print_operation, self);
      gtk_print_operation_cancel (self->print_operation);
      g_clear_object (&self->print_operation);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), MONIA_TYPE_PLAN_VIEW);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (monia_plan_view_parent_class)->dispose (object);
}

static void
monia_plan_view_finalize (GObject *object)
{
  MoniaPlanView *self = MONIA_PLAN_VIEW (object);

  g_ptr_array_unref (self->plan_ids);
  g_clear_pointer (&self->calendar, monia_calendar_unref);
  g_free (self->case_id);
  g_free (self->shown_plan_id);
  g_free (self->rows_plan_id);
  g_free (self->output_plan_id);

  G_OBJECT_CLASS (monia_plan_view_parent_class)->finalize (object);
}

static void
monia_plan_view_class_init (MoniaPlanViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = monia_plan_view_dispose;
  object_class->finalize = monia_plan_view_finalize;

  g_type_ensure (MONIA_TYPE_DATE_ROW);
  g_type_ensure (MONIA_TYPE_TEXT_ROW);
  g_type_ensure (MONIA_TYPE_PICKER_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/monia-plan-view.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, MoniaPlanView, name)
  BIND (version_group);
  BIND (version_row);
  BIND (new_version_button);
  BIND (agree_button);
  BIND (version_error);
  BIND (output_box);
  BIND (print_button);
  BIND (export_button);
  BIND (contents_group);
  BIND (needs_row);
  BIND (strengths_row);
  BIND (client_commitments_row);
  BIND (differing_views_row);
  BIND (child_meetings_row);
  BIND (review_row);
  BIND (review_error);
  BIND (goals_group);
  BIND (goals_list);
  BIND (add_goal_group);
  BIND (goal_text_row);
  BIND (goal_words_row);
  BIND (goal_indicator_row);
  BIND (add_goal_button);
  BIND (measures_group);
  BIND (measures_list);
  BIND (add_measure_group);
  BIND (measure_text_row);
  BIND (measure_goal_row);
  BIND (measure_org_row);
  BIND (measure_pro_row);
  BIND (measure_starts_row);
  BIND (measure_ends_row);
  BIND (add_measure_button);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_version_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_new_version_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_agree_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_review_chosen);
  gtk_widget_class_bind_template_callback (widget_class, on_add_goal_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_add_measure_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_measure_professional_chosen);
  gtk_widget_class_bind_template_callback (widget_class, on_print_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_export_clicked);
}

static void
monia_plan_view_init (MoniaPlanView *self)
{
  static const char *fields[] = { MONIA_PLAN_TEXT_FIELDS };
  MoniaTextRow **rows;
  guint n_rows;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* GTK 4.8 reads a mnemonic button's label property, then its label:
   * "_Print… Print…". The label alone names it. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->print_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->export_button), GTK_ACCESSIBLE_PROPERTY_LABEL);

  self->plan_ids = g_ptr_array_new_with_free_func (g_free);

  rows = text_rows (self, &n_rows);
  g_assert (n_rows == G_N_ELEMENTS (fields));
  for (guint i = 0; i < n_rows; i++)
    {
      g_object_set_data (G_OBJECT (rows[i]), "monia-field", (gpointer) fields[i]);
      monia_autosave_entry (rows[i], save_plan_text, self);
    }

  monia_date_row_set_placeholder (self->review_row, _("Not set"));
  monia_date_row_set_placeholder (self->measure_starts_row, _("Not set"));
  monia_date_row_set_placeholder (self->measure_ends_row, _("Not set"));

  self->goal_error = monia_form_add_error_label (self->add_goal_group, GTK_WIDGET (self->add_goal_button));
  self->measure_error = monia_form_add_error_label (self->add_measure_group, GTK_WIDGET (self->add_measure_button));

}
