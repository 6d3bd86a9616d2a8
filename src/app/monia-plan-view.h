/* monia-plan-view.h — the case page's client plan, version by version
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MONIA_TYPE_PLAN_VIEW (monia_plan_view_get_type ())

G_DECLARE_FINAL_TYPE (MoniaPlanView, monia_plan_view, MONIA, PLAN_VIEW, AdwPreferencesPage)

G_END_DECLS
