/* monia-goal-progress-row.c — how far a goal has come, as a row of the
 * case's implementation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-case-util.h"
#include "monia-goal-progress-row.h"

struct _MoniaGoalProgressRow
{
  AdwActionRow  parent_instance;

  MoniaStore   *store;
  char         *goal_id;
};

G_DEFINE_FINAL_TYPE (MoniaGoalProgressRow, monia_goal_progress_row, ADW_TYPE_ACTION_ROW)

static gint
compare_rated_on (gconstpointer a,
                  gconstpointer b)
{
  return g_strcmp0 (monia_record_get_string (*(MoniaRecord **) a, "rated_on"),
                    monia_record_get_string (*(MoniaRecord **) b, "rated_on"));
}

/* "7/10 on 1 Apr 2027" and the comment, or that it is not rated yet. */
static char *
describe_latest_rating (MoniaStore *store,
                        const char *goal_id)
{
  g_autoptr(GPtrArray) ratings = monia_store_find (store, "goal_rating", "goal_id", goal_id, NULL);
  g_autofree char *day = NULL;
  g_autofree char *rating = NULL;
  MoniaRecord *latest;
  const char *comment;

  if (ratings == NULL || ratings->len == 0)
    return g_strdup (_("Not rated yet"));

  g_ptr_array_sort (ratings, compare_rated_on);
  latest = g_ptr_array_index (ratings, ratings->len - 1);
  day = monia_format_iso_date (monia_record_get_string (latest, "rated_on"));
  /* Translators: a goal's latest rating: "7/10 on 1 Apr 2027" */
  rating = g_strdup_printf (_("%d/10 on %s"), (int) monia_record_get_int (latest, "rating", 0),
                            day != NULL ? day : "");
  comment = monia_record_get_string (latest, "comment");
  return comment != NULL ? g_strdup_printf ("%s\n%s", rating, comment) : g_steal_pointer (&rating);
}

void
monia_goal_progress_row_refresh (MoniaGoalProgressRow *self)
{
  g_autoptr(MoniaRecord) goal = NULL;
  g_autofree char *subtitle = NULL;

  g_return_if_fail (MONIA_IS_GOAL_PROGRESS_ROW (self));

  /* Gone from the store: its list takes the row away. */
  goal = monia_store_get (self->store, "goal", self->goal_id, NULL);
  if (goal == NULL)
    return;

  subtitle = describe_latest_rating (self->store, self->goal_id);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), monia_record_get_string (goal, "text"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
}

static void
monia_goal_progress_row_dispose (GObject *object)
{
  MoniaGoalProgressRow *self = MONIA_GOAL_PROGRESS_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MONIA_TYPE_GOAL_PROGRESS_ROW);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (monia_goal_progress_row_parent_class)->dispose (object);
}

static void
monia_goal_progress_row_finalize (GObject *object)
{
  MoniaGoalProgressRow *self = MONIA_GOAL_PROGRESS_ROW (object);

  g_free (self->goal_id);

  G_OBJECT_CLASS (monia_goal_progress_row_parent_class)->finalize (object);
}

static void
monia_goal_progress_row_class_init (MoniaGoalProgressRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = monia_goal_progress_row_dispose;
  object_class->finalize = monia_goal_progress_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/monia-goal-progress-row.ui");
}

static void
monia_goal_progress_row_init (MoniaGoalProgressRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
monia_goal_progress_row_new (MoniaStore  *store,
                             MoniaRecord *goal)
{
  MoniaGoalProgressRow *self;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);
  g_return_val_if_fail (MONIA_IS_RECORD (goal), NULL);

  self = g_object_new (MONIA_TYPE_GOAL_PROGRESS_ROW, NULL);
  self->store = g_object_ref (store);
  self->goal_id = g_strdup (monia_record_get_id (goal));
  monia_goal_progress_row_refresh (self);
  return GTK_WIDGET (self);
}
