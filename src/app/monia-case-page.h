/* monia-case-page.h — one case: overview, assessment, plan, implementation, closure
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "monia-core.h"

G_BEGIN_DECLS

#define MONIA_TYPE_CASE_PAGE (monia_case_page_get_type ())

G_DECLARE_FINAL_TYPE (MoniaCasePage, monia_case_page, MONIA, CASE_PAGE, AdwBin)

GtkWidget    *monia_case_page_new            (MoniaStore    *store,
                                              const char    *case_id);
MoniaStore   *monia_case_page_get_store      (MoniaCasePage *self);
const char   *monia_case_page_get_case_id    (MoniaCasePage *self);
/* The page's own header bar, for the window to add a back button to. */
AdwHeaderBar *monia_case_page_get_header_bar (MoniaCasePage *self);
/* Shows a section: "overview", "assessment", "plan", "implementation" or
 * "closure". */
void          monia_case_page_show_section   (MoniaCasePage *self,
                                              const char    *name);

G_END_DECLS
