/* monia-team-overview-page.h — the team lead's view: statutory times per
 * team, pair and worker, caseloads and the THL half-year return
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "monia-core.h"
#include "monia-sync-client.h"

G_BEGIN_DECLS

#define MONIA_TYPE_TEAM_OVERVIEW_PAGE (monia_team_overview_page_get_type ())

G_DECLARE_FINAL_TYPE (MoniaTeamOverviewPage, monia_team_overview_page, MONIA, TEAM_OVERVIEW_PAGE, AdwBin)

/* The figures of what @store holds, counted in a worker thread; or, for a
 * team lead whose store syncs with a server (@client), of the team's cases
 * as the server's lead feed gives them (metadata only). A lead starts at
 * their team, a worker at their own figures, anyone else at the region. */
GtkWidget       *monia_team_overview_page_new        (MoniaStore            *store,
                                                      MoniaSyncClient       *client);
/* Counts again (the store changed, or the server's figures may have). */
void             monia_team_overview_page_refresh    (MoniaTeamOverviewPage *self);

/* Exports the shown THL return without a dialog (tests; the buttons ask
 * where first). The export is recorded in the store's audit events. */
gboolean         monia_team_overview_page_export_pdf (MoniaTeamOverviewPage *self,
                                                      const char            *path,
                                                      GError               **error);
gboolean         monia_team_overview_page_export_csv (MoniaTeamOverviewPage *self,
                                                      const char            *path,
                                                      GError               **error);

/* For tests and the benchmark. */
gboolean         _monia_team_overview_page_is_ready  (MoniaTeamOverviewPage *self);
/* Microseconds from the page's start to its figures being shown. */
gint64           _monia_team_overview_page_get_time_to_figures (MoniaTeamOverviewPage *self);
MoniaReportData *_monia_team_overview_page_get_data  (MoniaTeamOverviewPage *self);
guint            _monia_team_overview_page_get_unit  (MoniaTeamOverviewPage *self);
void             _monia_team_overview_page_show_unit (MoniaTeamOverviewPage *self,
                                                      guint                  unit);
/* The row of a figure (MoniaFigure, or MONIA_N_FIGURES for the help
 * requests past their promise); activating it shows the cases behind it. */
GtkWidget       *_monia_team_overview_page_get_figure_row (MoniaTeamOverviewPage *self,
                                                      guint                  figure);
const char      *_monia_team_overview_page_get_figure_text (MoniaTeamOverviewPage *self,
                                                      guint                  figure);
GtkListBox      *_monia_team_overview_page_get_case_list (MoniaTeamOverviewPage *self);
GtkWidget       *_monia_team_overview_page_get_late_row (MoniaTeamOverviewPage *self);
MoniaThlReturn  *_monia_team_overview_page_get_thl   (MoniaTeamOverviewPage *self);
GtkTextView     *_monia_team_overview_page_get_comment_view (MoniaTeamOverviewPage *self);
const char      *_monia_team_overview_page_get_visible (MoniaTeamOverviewPage *self);
/* The scorecard's rows: got help, recommend, help requests, guided,
 * outcomes, consultations. */
const char      *_monia_team_overview_page_get_scorecard_text (MoniaTeamOverviewPage *self,
                                                      guint                  row);

G_END_DECLS
