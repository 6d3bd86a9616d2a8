/* monia-assessment-view.h — the case page's service need assessment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "monia-case-ops.h"

G_BEGIN_DECLS

#define MONIA_TYPE_ASSESSMENT_VIEW (monia_assessment_view_get_type ())

G_DECLARE_FINAL_TYPE (MoniaAssessmentView, monia_assessment_view, MONIA, ASSESSMENT_VIEW, AdwPreferencesPage)

/* The text that says how a deadline stands, e.g. "Due 3 Dec 2026 · 5
 * working days left (7 days)", and a short state for a badge. */
char *monia_describe_deadline (const MoniaDeadline *deadline,
                               const char         **state,
                               const char         **style);

G_END_DECLS
