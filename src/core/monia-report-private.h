/* monia-report-private.h — what the report's parts share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "monia-report.h"

G_BEGIN_DECLS

struct _MoniaReportData
{
  gatomicrefcount  ref_count;
  GStringChunk    *strings;
  gboolean         has_contents;

  GArray          *cases;          /* MoniaReportCase */
  GArray          *assessments;    /* MoniaReportAssessment */
  GArray          *requests;       /* MoniaReportRequest */
  GArray          *units;          /* MoniaReportUnit */
  GHashTable      *names;          /* id → name, both in strings */

  /* Compressed rows: the entries of item i are [start[i], start[i + 1]). */
  guint           *child_start;    /* per case: child keys */
  guint           *child_keys;
  guint            n_child_keys;
  guint           *assessment_start;  /* per case: assessment indices */
  guint           *assessment_order;
  guint           *unit_start;     /* per unit: case indices, in case order */
  guint           *unit_cases;
  guint           *case_unit_start;   /* per case: unit indices */
  guint           *case_units;
};

/* JSON text written by hand: the numbers must come out as the issue's
 * forms give them (a mean with one decimal), which json-glib does not do. */
void _monia_report_json_string  (GString    *out,
                                 const char *text);
void _monia_report_json_day     (GString    *out,
                                 guint32     julian);
/* A share in per cent with one decimal, or null. */
void _monia_report_json_share   (GString    *out,
                                 guint       part,
                                 guint       whole);
/* A CSV field, quoted when it needs to be. */
void _monia_report_csv_field    (GString    *out,
                                 const char *text);

const char *_monia_report_unit_kind_name (MoniaUnitKind kind);

G_END_DECLS
