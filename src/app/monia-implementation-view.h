/* monia-implementation-view.h — the case page's events and goal ratings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MONIA_TYPE_IMPLEMENTATION_VIEW (monia_implementation_view_get_type ())

G_DECLARE_FINAL_TYPE (MoniaImplementationView, monia_implementation_view, MONIA, IMPLEMENTATION_VIEW, AdwPreferencesPage)

G_END_DECLS
