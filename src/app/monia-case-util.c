/* monia-case-util.c — small helpers shared by the case page's sections
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-case-util.h"
#include "monia-picker-row.h"
#include "monia-choice.h"
#include "monia-text-row.h"

/* Long enough that a word is finished, short enough that nothing waits. */
#define AUTOSAVE_DELAY_MS 700

char *
monia_format_date (const GDate *date)
{
  g_autoptr(GDateTime) time = NULL;

  if (date == NULL || !g_date_valid (date))
    return NULL;

  time = g_date_time_new_local (g_date_get_year (date), g_date_get_month (date),
                                g_date_get_day (date), 12, 0, 0);
  if (time == NULL)
    return NULL;

  /* Translators: how a day is written on the case page, a
   * g_date_time_format() format; Finnish would use "%-d.%-m.%Y" */
  return g_date_time_format (time, C_("case page date", "%-d %b %Y"));
}

char *
monia_format_iso_date (const char *iso)
{
  GDate date;

  g_date_clear (&date, 1);
  if (iso == NULL || !monia_date_parse_iso (iso, &date, NULL))
    return NULL;
  return monia_format_date (&date);
}

char *
monia_format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_seconds);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return NULL;
  local = g_date_time_to_local (utc);

  /* Translators: how a moment (an event's day and time) is written, a
   * g_date_time_format() format; Finnish would use "%-d.%-m.%Y klo %H.%M" */
  return g_date_time_format (local, C_("case page time", "%-d %b %Y %H:%M"));
}

void
monia_get_today (GDate *out)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (out, 1);
  g_date_set_dmy (out, g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now), g_date_time_get_year (now));
}

MoniaCalendar *
monia_calendar_new_from_settings (void)
{
  MoniaCalendar *calendar = monia_calendar_new ();
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    return calendar;

  settings = g_settings_new_full (schema, NULL, NULL);
  if (g_settings_schema_has_key (schema, "eves-non-working"))
    monia_calendar_set_eves_non_working (calendar, g_settings_get_boolean (settings, "eves-non-working"));
  if (g_settings_schema_has_key (schema, "month-end-moves"))
    monia_calendar_set_month_end_moves (calendar, g_settings_get_boolean (settings, "month-end-moves"));
  return calendar;
}

void
monia_scroll_into_view (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *content;
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;
  double value, page;

  if (scrolled == NULL)
    return;
  content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  if (GTK_IS_VIEWPORT (content) && gtk_viewport_get_child (GTK_VIEWPORT (content)) != NULL)
    content = gtk_viewport_get_child (GTK_VIEWPORT (content));
  if (content == NULL || !gtk_widget_compute_bounds (widget, content, &bounds))
    return;

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  value = gtk_adjustment_get_value (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  /* A little of what is around it shows too. */
  if (bounds.origin.y - 12 < value)
    gtk_adjustment_set_value (adjustment, bounds.origin.y - 12);
  else if (bounds.origin.y + bounds.size.height + 12 > value + page)
    gtk_adjustment_set_value (adjustment, bounds.origin.y + bounds.size.height + 12 - page);
}

void
monia_field_set_error (GtkWidget  *field,
                       GtkWidget  *label,
                       const char *message)
{
  g_return_if_fail (GTK_IS_WIDGET (field));
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_label_set_text (GTK_LABEL (label), message != NULL ? message : "");
  gtk_widget_set_visible (label, message != NULL);
  if (message == NULL)
    {
      gtk_widget_remove_css_class (field, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE);
      return;
    }

  gtk_widget_add_css_class (field, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE, label, -1);
  monia_scroll_into_view (field);
  gtk_widget_grab_focus (field);
}

GtkWidget *
monia_form_add_error_label (AdwPreferencesGroup *group,
                            GtkWidget           *before)
{
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL, "accessible-role", GTK_ACCESSIBLE_ROLE_ALERT, NULL);
  GtkWidget *parent = before != NULL ? gtk_widget_get_parent (before) : NULL;

  g_return_val_if_fail (ADW_IS_PREFERENCES_GROUP (group), NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_set_visible (label, FALSE);
  if (GTK_IS_BOX (parent))
    gtk_box_insert_child_after (GTK_BOX (parent), label, gtk_widget_get_prev_sibling (before));
  else
    adw_preferences_group_add (group, label);
  return label;
}

static void
form_field_set_error (const MoniaFormField *field,
                      const char           *message)
{
  if (MONIA_IS_PICKER_ROW (field->widget))
    monia_picker_row_set_error (MONIA_PICKER_ROW (field->widget), message);
  else
    monia_field_set_error (field->widget, field->label, message);
}

void
monia_form_show_error (const MoniaFormField *fields,
                       guint                 n_fields,
                       const GError         *error)
{
  const char *name = error != NULL ? monia_error_get_field (error) : NULL;
  const MoniaFormField *at = NULL;

  g_return_if_fail (fields != NULL && n_fields > 0);

  for (guint i = 0; i < n_fields; i++)
    form_field_set_error (&fields[i], NULL);
  if (error == NULL)
    return;

  for (guint i = 0; i < n_fields && at == NULL; i++)
    if (name != NULL && g_strcmp0 (fields[i].name, name) == 0)
      at = &fields[i];
  for (guint i = 0; i < n_fields && at == NULL; i++)
    if (fields[i].name == NULL)
      at = &fields[i];
  g_return_if_fail (at != NULL);
  form_field_set_error (at, error->message);
}

void
monia_present_over (GtkWidget *owner,
                    GtkWindow *dialog)
{
  GtkRoot *root = gtk_widget_get_root (owner);

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (dialog, GTK_WINDOW (root));
  gtk_window_present (dialog);
}

void
monia_show_toast (GtkWidget  *widget,
                  const char *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  AdwToast *toast;

  if (overlay == NULL)
    {
      g_warning ("No place to show a message");
      return;
    }

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

void
monia_show_error (GtkWidget    *widget,
                  const GError *error)
{
  monia_show_toast (widget, error != NULL ? error->message : _("Saving failed."));
}

/* ---- autosave ---- */

typedef struct
{
  GtkWidget     *row;
  MoniaSaveText  save;
  gpointer       user_data;
  guint          timeout_id;
  gboolean       dirty;
  gboolean       failed;
  gboolean       quiet;
} Autosave;

static void
autosave_free (gpointer data)
{
  Autosave *state = data;

  g_clear_handle_id (&state->timeout_id, g_source_remove);
  g_free (state);
}

static Autosave *
get_autosave (gpointer row)
{
  return g_object_get_data (G_OBJECT (row), "monia-autosave");
}

static char *
dup_row_text (GtkWidget *row)
{
  if (MONIA_IS_TEXT_ROW (row))
    return monia_text_row_dup_text (MONIA_TEXT_ROW (row));
  return g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));
}

gboolean
monia_autosave_flush (gpointer row)
{
  Autosave *state = get_autosave (row);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (state != NULL, FALSE);

  g_clear_handle_id (&state->timeout_id, g_source_remove);
  if (!state->dirty)
    return !state->failed;

  state->dirty = FALSE;
  text = dup_row_text (row);
  if (!state->save (row, text, state->user_data, &error))
    {
      state->failed = TRUE;
      /* Said by a screen reader with the row, as the toast is not. */
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, error->message,
                                      -1);
      monia_show_error (GTK_WIDGET (row), error);
      return FALSE;
    }

  state->failed = FALSE;
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  return TRUE;
}

static gboolean
on_autosave_timeout (gpointer user_data)
{
  Autosave *state = user_data;

  state->timeout_id = 0;
  monia_autosave_flush (state->row);
  return G_SOURCE_REMOVE;
}

static void
on_autosave_changed (GtkWidget *row,
                     Autosave  *state)
{
  if (state->quiet)
    return;

  state->dirty = TRUE;
  g_clear_handle_id (&state->timeout_id, g_source_remove);
  state->timeout_id = g_timeout_add (AUTOSAVE_DELAY_MS, on_autosave_timeout, state);
}

static void
on_autosave_now (GtkWidget *row)
{
  monia_autosave_flush (row);
}

void
monia_autosave_entry (gpointer       row,
                      MoniaSaveText  save,
                      gpointer       user_data)
{
  Autosave *state;

  g_return_if_fail (ADW_IS_ENTRY_ROW (row) || MONIA_IS_TEXT_ROW (row));
  g_return_if_fail (save != NULL);
  g_return_if_fail (get_autosave (row) == NULL);

  state = g_new0 (Autosave, 1);
  state->row = row;
  state->save = save;
  state->user_data = user_data;
  g_object_set_data_full (G_OBJECT (row), "monia-autosave", state, autosave_free);

  g_signal_connect (row, "changed", G_CALLBACK (on_autosave_changed), state);
  if (ADW_IS_ENTRY_ROW (row))
    g_signal_connect (row, "entry-activated", G_CALLBACK (on_autosave_now), NULL);
  g_signal_connect (row, "unmap", G_CALLBACK (on_autosave_now), NULL);
}

static gboolean
is_being_edited (GtkWidget *row)
{
  GtkRoot *root = gtk_widget_get_root (row);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == row || gtk_widget_is_ancestor (focus, row));
}

void
monia_autosave_set_text (gpointer    row,
                         const char *text)
{
  Autosave *state = get_autosave (row);
  g_autofree char *shown = NULL;

  g_return_if_fail (state != NULL);

  /* What the person typed wins over what the store says. */
  if (state->dirty || state->failed || is_being_edited (GTK_WIDGET (row)))
    return;
  shown = dup_row_text (row);
  if (g_strcmp0 (shown, text != NULL ? text : "") == 0)
    return;

  state->quiet = TRUE;
  if (MONIA_IS_TEXT_ROW (row))
    monia_text_row_set_text (MONIA_TEXT_ROW (row), text);
  else
    gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  state->quiet = FALSE;
}

/* ---- combo rows with ids ---- */

void
monia_combo_set_choices (AdwComboRow        *row,
                         const char * const *ids,
                         const char * const *labels,
                         guint               n)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *selected = monia_combo_get_selected_id (row);
  g_autofree char *keep = g_strdup (selected);

  for (guint i = 0; i < n; i++)
    {
      gtk_string_list_append (model, labels[i]);
      g_strv_builder_add (builder, ids[i] != NULL ? ids[i] : "");
    }

  g_object_set_data_full (G_OBJECT (row), "monia-choice-ids",
                          g_strv_builder_end (builder), (GDestroyNotify) g_strfreev);
  adw_combo_row_set_model (row, G_LIST_MODEL (model));
  if (keep == NULL || !monia_combo_select_id (row, keep))
    adw_combo_row_set_selected (row, 0);
}

/* The id of the chosen item; NULL for none or an item with the empty id. */
const char *
monia_combo_get_selected_id (AdwComboRow *row)
{
  char **ids = g_object_get_data (G_OBJECT (row), "monia-choice-ids");
  guint selected = adw_combo_row_get_selected (row);

  if (ids == NULL || selected == GTK_INVALID_LIST_POSITION || selected >= g_strv_length (ids))
    return NULL;
  return ids[selected][0] != '\0' ? ids[selected] : NULL;
}

gboolean
monia_combo_select_id (AdwComboRow *row,
                       const char  *id)
{
  char **ids = g_object_get_data (G_OBJECT (row), "monia-choice-ids");

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    if (g_strcmp0 (ids[i], id != NULL ? id : "") == 0)
      {
        adw_combo_row_set_selected (row, i);
        return TRUE;
      }
  return FALSE;
}

/* ---- professionals ---- */

char *
monia_describe_professional (MoniaStore *store,
                             const char *professional_id)
{
  g_autoptr(MoniaRecord) pro = NULL;
  g_autoptr(MoniaRecord) org = NULL;
  const char *name, *profession, *org_name = NULL;

  if (professional_id == NULL)
    return NULL;
  pro = monia_store_get (store, "professional", professional_id, NULL);
  if (pro == NULL)
    return NULL;

  name = monia_record_get_string (pro, "name");
  profession = monia_record_get_string (pro, "profession");
  if (monia_record_get_string (pro, "organisation_id") != NULL)
    org = monia_store_get (store, "organisation", monia_record_get_string (pro, "organisation_id"), NULL);
  if (org != NULL)
    org_name = monia_record_get_string (org, "name");

  if (profession != NULL && org_name != NULL)
    /* Translators: a professional's name, profession and organisation */
    return g_strdup_printf (_("%s · %s, %s"), name, profession, org_name);
  if (profession != NULL || org_name != NULL)
    /* Translators: a professional's name, then profession or organisation */
    return g_strdup_printf (_("%s · %s"), name, profession != NULL ? profession : org_name);
  return g_strdup (name);
}

void
monia_combo_set_professionals (AdwComboRow *row,
                               MoniaStore  *store,
                               const char  *none_label)
{
  g_autoptr(GListModel) pros = monia_store_list (store, "professional");
  guint n = g_list_model_get_n_items (pros);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (ids, NULL);
  g_ptr_array_add (labels, g_strdup (none_label));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MoniaRecord) pro = g_list_model_get_item (pros, i);
      char *label = monia_describe_professional (store, monia_record_get_id (pro));

      if (label == NULL)
        continue;
      g_ptr_array_add (ids, g_strdup (monia_record_get_id (pro)));
      g_ptr_array_add (labels, label);
    }
  monia_combo_set_choices (row, (const char * const *) ids->pdata, (const char * const *) labels->pdata,
                           ids->len);
}

/* ---- choices for the pickers ---- */

static const struct
{
  const char *value;
  const char *label;
} sectors[] = {
  { "wellbeing_area", NC_("organisation sector", "Wellbeing services county") },
  { "municipality", NC_("organisation sector", "Municipality") },
  { "parish", NC_("organisation sector", "Parish") },
  { "ngo", NC_("organisation sector", "Third sector") },
  { "school", NC_("organisation sector", "School") },
  { "police", NC_("organisation sector", "Police") },
  { "other", NC_("organisation sector", "Other") },
};

const char *
monia_sector_to_label (const char *sector)
{
  for (guint i = 0; sector != NULL && i < G_N_ELEMENTS (sectors); i++)
    if (g_str_equal (sector, sectors[i].value))
      return g_dpgettext2 (NULL, "organisation sector", sectors[i].label);
  return sector;
}

static char *
dup_field (MoniaStore *store,
           const char *kind,
           const char *id,
           const char *field)
{
  g_autoptr(MoniaRecord) record = id != NULL ? monia_store_get (store, kind, id, NULL) : NULL;

  return record != NULL ? g_strdup (monia_record_get_string (record, field)) : NULL;
}

/* "Social worker · Perhetyö · Perhetyö A": what tells two of the same name apart. */
static char *
describe_professional_line (MoniaStore  *store,
                            MoniaRecord *pro)
{
  g_autofree char *org = dup_field (store, "organisation", monia_record_get_string (pro, "organisation_id"), "name");
  g_autofree char *team = dup_field (store, "team", monia_record_get_string (pro, "team_id"), "name");
  const char *parts[] = { monia_record_get_string (pro, "profession"), org, team };
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL && parts[i][0] != '\0')
      {
        if (line->len > 0)
          /* Translators: the separator between the parts of a choice's second line */
          g_string_append (line, _(" · "));
        g_string_append (line, parts[i]);
      }
  return g_string_free (g_steal_pointer (&line), FALSE);
}

static gint
compare_choices (gconstpointer a,
                 gconstpointer b)
{
  MoniaChoice *ca = *(MoniaChoice **) a;
  MoniaChoice *cb = *(MoniaChoice **) b;
  int by_title = g_utf8_collate (monia_choice_get_title (ca), monia_choice_get_title (cb));

  return by_title != 0 ? by_title : g_strcmp0 (monia_choice_get_subtitle (ca), monia_choice_get_subtitle (cb));
}

static GListModel *
sorted_list (GPtrArray  *choices,
             const char *none_label)
{
  GListStore *list = monia_choice_list_new ();

  g_ptr_array_sort (choices, compare_choices);
  if (none_label != NULL)
    monia_choice_list_add (list, NULL, none_label, NULL);
  g_list_store_splice (list, g_list_model_get_n_items (G_LIST_MODEL (list)), 0, choices->pdata, choices->len);
  return G_LIST_MODEL (list);
}

static MoniaChoice *
professional_choice (MoniaStore  *store,
                     MoniaRecord *pro)
{
  g_autofree char *line = describe_professional_line (store, pro);

  return monia_choice_new (monia_record_get_id (pro), monia_record_get_string (pro, "name"), line);
}

GListModel *
monia_choices_professionals (MoniaStore *store,
                             const char *none_label)
{
  g_autoptr(GListModel) pros = monia_store_list (store, "professional");
  g_autoptr(GPtrArray) choices = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (pros); i++)
    {
      g_autoptr(MoniaRecord) pro = g_list_model_get_item (pros, i);

      g_ptr_array_add (choices, professional_choice (store, pro));
    }
  return sorted_list (choices, none_label);
}

GListModel *
monia_choices_professionals_of (MoniaStore         *store,
                                const char * const *ids,
                                const char         *none_label)
{
  GListStore *list = monia_choice_list_new ();

  if (none_label != NULL)
    monia_choice_list_add (list, NULL, none_label, NULL);
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      g_autoptr(MoniaRecord) pro = monia_store_get (store, "professional", ids[i], NULL);
      g_autoptr(MoniaChoice) choice = NULL;

      if (pro == NULL)
        continue;
      choice = professional_choice (store, pro);
      g_list_store_append (list, choice);
    }
  return G_LIST_MODEL (list);
}

GListModel *
monia_choices_organisations (MoniaStore *store,
                             const char *none_label)
{
  g_autoptr(GListModel) orgs = monia_store_list (store, "organisation");
  g_autoptr(GPtrArray) choices = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (orgs); i++)
    {
      g_autoptr(MoniaRecord) org = g_list_model_get_item (orgs, i);
      const char *sector = monia_sector_to_label (monia_record_get_string (org, "sector"));
      const char *municipality = monia_record_get_string (org, "municipality");
      g_autofree char *line = NULL;

      if (sector != NULL && municipality != NULL)
        line = g_strdup_printf ("%s%s%s", sector, _(" · "), municipality);
      else
        line = g_strdup (sector != NULL ? sector : municipality);
      g_ptr_array_add (choices, monia_choice_new (monia_record_get_id (org),
                                                  monia_record_get_string (org, "name"), line));
    }
  return sorted_list (choices, none_label);
}
