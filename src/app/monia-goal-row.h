/* monia-goal-row.h — a goal of a client plan, as a row of the plan
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "monia-core.h"

G_BEGIN_DECLS

#define MONIA_TYPE_GOAL_ROW (monia_goal_row_get_type ())

G_DECLARE_FINAL_TYPE (MoniaGoalRow, monia_goal_row, MONIA, GOAL_ROW, AdwExpanderRow)

GtkWidget  *monia_goal_row_new         (MoniaStore   *store,
                                        MoniaRecord  *goal,
                                        gboolean      editable);
/* Shows the goal as the store holds it now, keeping what is being typed;
 * its texts are written as they are typed while @editable. */
void        monia_goal_row_refresh     (MoniaGoalRow *self,
                                        gboolean      editable);
/* Saves what is being typed now; FALSE if that failed. */
gboolean    monia_goal_row_flush       (MoniaGoalRow *self);
const char *monia_goal_row_get_goal_id (MoniaGoalRow *self);

G_END_DECLS
