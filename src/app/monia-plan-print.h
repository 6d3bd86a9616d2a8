/* monia-plan-print.h — the client plan as a printed A4 document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "monia-core.h"

G_BEGIN_DECLS

typedef struct _MoniaPlanDocument MoniaPlanDocument;

/* The plan @plan_id as it is now in @store, with its case, goals and
 * measures, ready to be laid out in the user's language. */
MoniaPlanDocument *monia_plan_document_new        (MoniaStore         *store,
                                                   const char         *plan_id,
                                                   GError            **error);
void               monia_plan_document_free       (MoniaPlanDocument  *self);

/* Lays the document out on pages of @width × @height (the printable area,
 * in the units of @context's cairo context) and returns how many there are. */
guint              monia_plan_document_paginate   (MoniaPlanDocument  *self,
                                                   PangoContext       *context,
                                                   double              width,
                                                   double              height);
guint              monia_plan_document_get_n_pages (MoniaPlanDocument *self);
/* Draws page @page (from 0) of the last layout at the origin of @cr. */
void               monia_plan_document_draw_page  (MoniaPlanDocument  *self,
                                                   cairo_t            *cr,
                                                   guint               page);

/* A document that lays itself out in pages and draws one: what an A4 PDF
 * is written from. */
typedef guint (*MoniaPrintPaginateFunc) (gpointer      document,
                                         PangoContext *context,
                                         double        width,
                                         double        height);
typedef void  (*MoniaPrintDrawPageFunc) (gpointer      document,
                                         cairo_t      *cr,
                                         guint         page);

/* Writes @document to @path as an A4 PDF with cairo alone, within the
 * margins the plan prints with; @n_pages gets the page count. */
gboolean           monia_print_write_pdf_a4       (MoniaPrintPaginateFunc   paginate,
                                                   MoniaPrintDrawPageFunc   draw_page,
                                                   gpointer                 document,
                                                   const char              *path,
                                                   guint                   *n_pages,
                                                   GError                 **error);

/* Writes the document to @path as an A4 PDF with cairo alone (no print
 * machinery, no audit record); @n_pages gets the page count. */
gboolean           monia_plan_document_write_pdf  (MoniaPlanDocument  *self,
                                                   const char         *path,
                                                   guint              *n_pages,
                                                   GError            **error);

/* A print operation of the plan on A4. Before the first page is drawn it
 * records an audit_event ("print", or "export" when run to export) for the
 * plan and cancels itself if that fails, so nothing leaves unaudited. */
GtkPrintOperation *monia_plan_print_operation_new (MoniaStore         *store,
                                                   const char         *plan_id,
                                                   GError            **error);

/* Why an operation from monia_plan_print_operation_new() cancelled
 * itself (its audit record could not be saved), or NULL. */
const GError      *monia_plan_print_operation_get_audit_error (GtkPrintOperation *operation);

/* Exports the plan to the PDF file @path through a print operation, without
 * dialogs, audited as above; @n_pages (may be NULL) gets the page count. */
gboolean           monia_plan_export_pdf          (MoniaStore         *store,
                                                   const char         *plan_id,
                                                   const char         *path,
                                                   guint              *n_pages,
                                                   GError            **error);

/* "Virtanen family – client plan v2 (2026-02-02).pdf": the name an
 * exported plan is offered under: the case's title, the version, and the
 * day it was agreed (or today, for a draft). */
char              *monia_plan_dup_file_name       (MoniaStore         *store,
                                                   const char         *plan_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MoniaPlanDocument, monia_plan_document_free)

G_END_DECLS
