/* monia-closure-view.h — the case page's closure and the client's feedback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MONIA_TYPE_CLOSURE_VIEW (monia_closure_view_get_type ())

G_DECLARE_FINAL_TYPE (MoniaClosureView, monia_closure_view, MONIA, CLOSURE_VIEW, AdwPreferencesPage)

G_END_DECLS
