/* monia-text-row.h — a row for a long text: a title and a text that wraps over lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MONIA_TYPE_TEXT_ROW (monia_text_row_get_type ())

G_DECLARE_FINAL_TYPE (MoniaTextRow, monia_text_row, MONIA, TEXT_ROW, AdwPreferencesRow)

GtkWidget *monia_text_row_new          (void);
char      *monia_text_row_dup_text     (MoniaTextRow *self);
void       monia_text_row_set_text     (MoniaTextRow *self,
                                        const char   *text);
gboolean   monia_text_row_get_editable (MoniaTextRow *self);
void       monia_text_row_set_editable (MoniaTextRow *self,
                                        gboolean      editable);
/* The text view, to focus or to type into. */
GtkTextView *monia_text_row_get_view   (MoniaTextRow *self);

G_END_DECLS
