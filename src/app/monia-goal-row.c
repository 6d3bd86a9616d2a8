/* monia-goal-row.c — a goal of a client plan, as a row of the plan
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-case-ops.h"
#include "monia-case-util.h"
#include "monia-goal-row.h"

struct _MoniaGoalRow
{
  AdwExpanderRow  parent_instance;

  MoniaStore     *store;
  char           *goal_id;

  AdwEntryRow    *text_row;
  AdwEntryRow    *words_row;
  AdwEntryRow    *indicator_row;
};

G_DEFINE_FINAL_TYPE (MoniaGoalRow, monia_goal_row, ADW_TYPE_EXPANDER_ROW)

static const char * const fields[] = { "text", "client_words", "indicator" };

static AdwEntryRow **
entry_rows (MoniaGoalRow *self)
{
  static AdwEntryRow *rows[G_N_ELEMENTS (fields)];

  rows[0] = self->text_row;
  rows[1] = self->words_row;
  rows[2] = self->indicator_row;
  return rows;
}

static gboolean
save_goal_text (GtkWidget    *row,
                const char   *text,
                gpointer      user_data,
                GError      **error)
{
  MoniaGoalRow *self = user_data;

  return monia_case_set_goal_text (self->store, self->goal_id,
                                   g_object_get_data (G_OBJECT (row), "monia-field"), text, error);
}

void
monia_goal_row_refresh (MoniaGoalRow *self,
                        gboolean      editable)
{
  g_autoptr(MoniaRecord) goal = NULL;
  g_autofree char *subtitle = NULL;
  AdwEntryRow **rows = entry_rows (self);
  const char *words, *indicator;

  g_return_if_fail (MONIA_IS_GOAL_ROW (self));

  /* Gone from the store: its list takes the row away. */
  goal = monia_store_get (self->store, "goal", self->goal_id, NULL);
  if (goal == NULL)
    return;

  words = monia_record_get_string (goal, "client_words");
  indicator = monia_record_get_string (goal, "indicator");
  if (words != NULL && indicator != NULL)
    /* Translators: a goal's row: the client's own words, then how progress is seen */
    subtitle = g_strdup_printf (_("“%s” · Indicator: %s"), words, indicator);
  else if (words != NULL)
    subtitle = g_strdup_printf (_("“%s”"), words);
  else if (indicator != NULL)
    subtitle = g_strdup_printf (_("Indicator: %s"), indicator);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), monia_record_get_string (goal, "text"));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle != NULL ? subtitle : "");

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      monia_autosave_set_text (rows[i], monia_record_get_string (goal, fields[i]));
      gtk_editable_set_editable (GTK_EDITABLE (rows[i]), editable);
    }
}

gboolean
monia_goal_row_flush (MoniaGoalRow *self)
{
  AdwEntryRow **rows = entry_rows (self);
  gboolean ok = TRUE;

  g_return_val_if_fail (MONIA_IS_GOAL_ROW (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    ok = monia_autosave_flush (rows[i]) && ok;
  return ok;
}

const char *
monia_goal_row_get_goal_id (MoniaGoalRow *self)
{
  g_return_val_if_fail (MONIA_IS_GOAL_ROW (self), NULL);

  return self->goal_id;
}

static void
monia_goal_row_dispose (GObject *object)
{
  MoniaGoalRow *self = MONIA_GOAL_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MONIA_TYPE_GOAL_ROW);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (monia_goal_row_parent_class)->dispose (object);
}

static void
monia_goal_row_finalize (GObject *object)
{
  MoniaGoalRow *self = MONIA_GOAL_ROW (object);

  g_free (self->goal_id);

  G_OBJECT_CLASS (monia_goal_row_parent_class)->finalize (object);
}

static void
monia_goal_row_class_init (MoniaGoalRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = monia_goal_row_dispose;
  object_class->finalize = monia_goal_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/monia-goal-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MoniaGoalRow, text_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaGoalRow, words_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaGoalRow, indicator_row);
}

static void
monia_goal_row_init (MoniaGoalRow *self)
{
  AdwEntryRow **rows;

  gtk_widget_init_template (GTK_WIDGET (self));

  rows = entry_rows (self);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_object_set_data (G_OBJECT (rows[i]), "monia-field", (gpointer) fields[i]);
      monia_autosave_entry (rows[i], save_goal_text, self);
    }
}

GtkWidget *
monia_goal_row_new (MoniaStore  *store,
                    MoniaRecord *goal,
                    gboolean     editable)
{
  MoniaGoalRow *self;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);
  g_return_val_if_fail (MONIA_IS_RECORD (goal), NULL);

  self = g_object_new (MONIA_TYPE_GOAL_ROW, NULL);
  self->store = g_object_ref (store);
  self->goal_id = g_strdup (monia_record_get_id (goal));
  monia_goal_row_refresh (self, editable);
  return GTK_WIDGET (self);
}
