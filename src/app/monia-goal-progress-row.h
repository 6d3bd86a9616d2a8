/* monia-goal-progress-row.h — how far a goal has come, as a row of the
 * case's implementation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "monia-core.h"

G_BEGIN_DECLS

#define MONIA_TYPE_GOAL_PROGRESS_ROW (monia_goal_progress_row_get_type ())

G_DECLARE_FINAL_TYPE (MoniaGoalProgressRow, monia_goal_progress_row, MONIA, GOAL_PROGRESS_ROW, AdwActionRow)

GtkWidget *monia_goal_progress_row_new     (MoniaStore           *store,
                                            MoniaRecord          *goal);
/* Shows the goal and its latest rating as the store holds them now. */
void       monia_goal_progress_row_refresh (MoniaGoalProgressRow *self);

G_END_DECLS
