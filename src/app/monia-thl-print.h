/* monia-thl-print.h — the THL half-year return as a printed A4 document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "monia-core.h"

G_BEGIN_DECLS

typedef struct _MoniaThlDocument MoniaThlDocument;

/* The return @ret of @data with the supervisor's @comment (may be NULL),
 * ready to be laid out in the user's language: the counts and shares, the
 * late ones by how late, each team's, pair's and worker's figures, the list
 * of late cases for checking and the comment. */
MoniaThlDocument  *monia_thl_document_new          (MoniaThlReturn    *ret,
                                                    MoniaReportData   *data,
                                                    const char        *comment);
void               monia_thl_document_free         (MoniaThlDocument  *self);
/* The document's text, block by block (for tests and screen readers). */
char              *monia_thl_document_dup_text     (MoniaThlDocument  *self);

guint              monia_thl_document_paginate     (MoniaThlDocument  *self,
                                                    PangoContext      *context,
                                                    double             width,
                                                    double             height);
void               monia_thl_document_draw_page    (MoniaThlDocument  *self,
                                                    cairo_t           *cr,
                                                    guint              page);
/* An A4 PDF written with cairo alone. */
gboolean           monia_thl_document_write_pdf    (MoniaThlDocument  *self,
                                                    const char        *path,
                                                    guint             *n_pages,
                                                    GError           **error);

/* Records in @store that the return of @from–@to left Monia (@action is
 * "print" or "export"): it lists cases. */
gboolean           monia_thl_record_output         (MoniaStore        *store,
                                                    const GDate       *from,
                                                    const GDate       *to,
                                                    const char        *action,
                                                    GError           **error);

/* A print operation on A4 that takes @document; before the first page it
 * records the print in @store and cancels itself if that fails. */
GtkPrintOperation *monia_thl_print_operation_new   (MoniaThlDocument  *document,
                                                    MoniaStore        *store,
                                                    const GDate       *from,
                                                    const GDate       *to);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MoniaThlDocument, monia_thl_document_free)

G_END_DECLS
