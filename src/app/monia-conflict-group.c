/* monia-conflict-group.c — a case's conflicting changes, and the choice
 * between them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-conflict-group.h"
#include "monia-store-sync.h"

struct _MoniaConflictGroup
{
  AdwBin               parent_instance;

  MoniaStore          *store;
  char                *case_id;
  char                *shown_ids;   /* the conflicts shown, for telling a change */
  gboolean             dirty;
  GPtrArray           *rows;        /* AdwActionRow, in the order shown */

  AdwPreferencesGroup *group;
  GtkLabel            *error_label;
};

G_DEFINE_FINAL_TYPE (MoniaConflictGroup, monia_conflict_group, ADW_TYPE_BIN)

static const struct {
  const char *field;
  const char *label;
} field_labels[] = {
  { "title", NC_("conflict field", "Title") },
  { "status", NC_("conflict field", "Status") },
  { "name", NC_("conflict field", "Name") },
  { "description", NC_("conflict field", "Description") },
  { "text", NC_("conflict field", "Text") },
  { "notes", NC_("conflict field", "Notes") },
  { "goal", NC_("conflict field", "Goal") },
  { "owner_id", NC_("conflict field", "Responsible worker") },
  { "pair_id", NC_("conflict field", "Work pair") },
  { "team_id", NC_("conflict field", "Team") },
  { "due_on", NC_("conflict field", "Due date") },
  { "opened_on", NC_("conflict field", "Opened on") },
  { "closed_on", NC_("conflict field", "Closed on") },
  { "phone", NC_("conflict field", "Phone") },
  { "email", NC_("conflict field", "Email") },
};

/* A readable name for @field; unknown ones lose their underscores. */
static char *
dup_field_label (const char *field)
{
  g_autofree char *plain = NULL;

  if (field == NULL)
    return g_strdup (_("The whole record (removed by one, changed by the other)"));
  for (guint i = 0; i < G_N_ELEMENTS (field_labels); i++)
    if (g_str_equal (field, field_labels[i].field))
      return g_strdup (g_dpgettext2 (NULL, "conflict field", field_labels[i].label));

  plain = g_strdup (field);
  g_strdelimit (plain, "_", ' ');
  if (plain[0] != '\0')
    plain[0] = g_ascii_toupper (plain[0]);
  return g_steal_pointer (&plain);
}

static char *
dup_professional_name (MoniaStore *store,
                       const char *id)
{
  g_autoptr(MoniaRecord) record = NULL;
  const char *name;

  if (id == NULL)
    return NULL;
  record = monia_store_get (store, "professional", id, NULL);
  name = record != NULL ? monia_record_get_string (record, "name") : NULL;
  return name != NULL && *name != '\0' ? g_strdup (name) : NULL;
}

/* A value as a person reads it: text as it is, a professional by name. */
static char *
dup_readable_value (MoniaStore *store,
                    const char *value_json)
{
  g_autoptr(JsonNode) node = value_json != NULL ? json_from_string (value_json, NULL) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup (_("(empty)"));
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      char *name = g_uuid_string_is_valid (text) ? dup_professional_name (store, text) : NULL;

      if (name != NULL)
        return name;
      return g_strdup (*text != '\0' ? text : _("(empty)"));
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? _("Yes") : _("No"));
  return json_to_string (node, FALSE);
}

static char *
format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = unix_seconds > 0 ? g_date_time_new_from_unix_local (unix_seconds) : NULL;

  /* Translators: a date and time, see g_date_time_format() */
  return time != NULL ? g_date_time_format (time, _("%-d.%-m.%Y %H:%M")) : g_strdup ("");
}

static void
keep_clicked_cb (GtkButton          *button,
                 MoniaConflictGroup *self)
{
  const char *conflict_id = g_object_get_data (G_OBJECT (button), "monia-conflict-id");
  const char *value = g_object_get_data (G_OBJECT (button), "monia-value");
  g_autoptr(GError) error = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  if (!monia_store_resolve_conflict (self->store, conflict_id, value, &error))
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
}

static GtkWidget *
make_keep_button (MoniaConflictGroup  *self,
                  const MoniaConflict *conflict,
                  const char          *label,
                  const char          *accessible,
                  const char          *value)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  /* The longer name is the whole name: GTK 4.8 would read the mnemonic
   * label, which points at the button, after it. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  g_object_set_data_full (G_OBJECT (button), "monia-conflict-id", g_strdup (conflict->id), g_free);
  g_object_set_data_full (G_OBJECT (button), "monia-value", g_strdup (value != NULL ? value : "null"), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (keep_clicked_cb), self, 0);
  return button;
}

static GtkWidget *
make_conflict_row (MoniaConflictGroup  *self,
                   const MoniaConflict *conflict)
{
  const char *author = monia_store_get_author (self->store);
  /* "Yours" is the side this user wrote; when neither is (another login),
   * the side pushed from here. */
  gboolean theirs_is_mine = author != NULL && g_strcmp0 (conflict->theirs_by, author) == 0 &&
                            g_strcmp0 (conflict->mine_by, author) != 0;
  const char *yours = theirs_is_mine ? conflict->theirs : conflict->mine;
  const char *other = theirs_is_mine ? conflict->mine : conflict->theirs;
  const char *other_by = theirs_is_mine ? conflict->mine_by : conflict->theirs_by;
  g_autofree char *field = dup_field_label (conflict->field);
  g_autofree char *yours_text = dup_readable_value (self->store, yours);
  g_autofree char *other_text = dup_readable_value (self->store, other);
  g_autofree char *who = dup_professional_name (self->store, other_by);
  g_autofree char *when = format_time (conflict->created_at);
  g_autofree char *subtitle = NULL;
  g_autofree char *keep_yours = NULL;
  g_autofree char *keep_theirs = NULL;
  g_autofree char *yours_line = NULL;
  g_autofree char *other_line = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *button;

  if (who == NULL)
    who = g_strdup (_("Another team member"));
  /* Translators: a conflicting value: "Yours: Home visit" */
  yours_line = g_strdup_printf (_("Yours: %s"), yours_text);
  /* Translators: the other person's conflicting value: "Anna Virtanen, 3.5.2024 14:02: Home visit" */
  other_line = g_strdup_printf (_("%s, %s: %s"), who, when, other_text);
  subtitle = g_strdup_printf ("%s\n%s", yours_line, other_line);

  /* Names and texts are not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), field);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, field,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle,
                                  -1);

  /* Translators: a button's name for a screen reader; %s is the field */
  keep_yours = g_strdup_printf (_("Keep your value of %s"), field);
  /* Translators: a button's name for a screen reader; %s is the field */
  keep_theirs = g_strdup_printf (_("Keep the other value of %s"), field);
  button = make_keep_button (self, conflict, _("Keep _Yours"), keep_yours, yours);
  g_object_set_data (G_OBJECT (row), "monia-keep-yours", button);
  gtk_box_append (GTK_BOX (box), button);
  button = make_keep_button (self, conflict, _("Keep _Theirs"), keep_theirs, other);
  g_object_set_data (G_OBJECT (row), "monia-keep-theirs", button);
  gtk_box_append (GTK_BOX (box), button);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);

  return row;
}

static void
refresh (MoniaConflictGroup *self)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GString) ids = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  conflicts = monia_store_list_conflicts (self->store, self->case_id, TRUE, &error);
  if (conflicts == NULL)
    {
      g_debug ("Could not list conflicts: %s", error->message);
      return;
    }
  for (guint i = 0; i < conflicts->len; i++)
    {
      MoniaConflict *conflict = g_ptr_array_index (conflicts, i);
      g_string_append_printf (ids, "%s\n", conflict->id);
    }
  if (!self->dirty && g_strcmp0 (ids->str, self->shown_ids) == 0)
    return;

  self->dirty = FALSE;
  g_free (self->shown_ids);
  self->shown_ids = g_strdup (ids->str);

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  for (guint i = 0; i < conflicts->len; i++)
    {
      GtkWidget *row = make_conflict_row (self, g_ptr_array_index (conflicts, i));

      adw_preferences_group_add (self->group, row);
      g_ptr_array_add (self->rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self), conflicts->len > 0);
}

static void
on_record_changed (MoniaConflictGroup *self,
                   const char         *kind,
                   const char         *id)
{
  if (g_strcmp0 (kind, "conflict") == 0 || g_strcmp0 (kind, "professional") == 0)
    self->dirty = TRUE;
}

static void
on_committed (MoniaConflictGroup *self)
{
  refresh (self);
}

static void
monia_conflict_group_dispose (GObject *object)
{
  MoniaConflictGroup *self = MONIA_CONFLICT_GROUP (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (monia_conflict_group_parent_class)->dispose (object);
}

static void
monia_conflict_group_finalize (GObject *object)
{
  MoniaConflictGroup *self = MONIA_CONFLICT_GROUP (object);

  g_free (self->case_id);
  g_free (self->shown_ids);
  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (monia_conflict_group_parent_class)->finalize (object);
}

static void
monia_conflict_group_class_init (MoniaConflictGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = monia_conflict_group_dispose;
  object_class->finalize = monia_conflict_group_finalize;
}

static void
monia_conflict_group_init (MoniaConflictGroup *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *clamp = adw_clamp_new ();

  self->rows = g_ptr_array_new ();
  self->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->group, _("Conflicting Changes"));
  adw_preferences_group_set_description (self->group,
                                         _("Someone else changed the same thing at the same time. "
                                           "Choose the value to keep."));
  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->group));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->error_label));
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);

  /* Many conflicts must not push the case itself off the screen. */
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 280);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  adw_bin_set_child (ADW_BIN (self), scrolled);
  gtk_widget_add_css_class (GTK_WIDGET (self), "view");
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
monia_conflict_group_new (MoniaStore *store,
                          const char *case_id)
{
  MoniaConflictGroup *self;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  self = g_object_new (MONIA_TYPE_CONFLICT_GROUP, NULL);
  self->store = g_object_ref (store);
  self->case_id = g_strdup (case_id);
  self->dirty = TRUE;
  g_signal_connect_object (store, "record-changed", G_CALLBACK (on_record_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "committed", G_CALLBACK (on_committed), self, G_CONNECT_SWAPPED);
  refresh (self);

  return GTK_WIDGET (self);
}

guint
_monia_conflict_group_get_n_conflicts (MoniaConflictGroup *self)
{
  g_return_val_if_fail (MONIA_IS_CONFLICT_GROUP (self), 0);
  return self->rows->len;
}

AdwActionRow *
_monia_conflict_group_get_row (MoniaConflictGroup *self,
                               guint               index)
{
  g_return_val_if_fail (MONIA_IS_CONFLICT_GROUP (self), NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);
  return g_ptr_array_index (self->rows, index);
}

GtkButton *
_monia_conflict_group_get_keep_button (MoniaConflictGroup *self,
                                       guint               index,
                                       gboolean            yours)
{
  g_return_val_if_fail (MONIA_IS_CONFLICT_GROUP (self), NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);

  return g_object_get_data (g_ptr_array_index (self->rows, index),
                            yours ? "monia-keep-yours" : "monia-keep-theirs");
}
