/* monia-case-util.h — small helpers shared by the case page's sections
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "monia-core.h"

G_BEGIN_DECLS

/* A day or a moment as the user's language writes it. */
char          *monia_format_date          (const GDate   *date);
char          *monia_format_iso_date      (const char    *iso);
char          *monia_format_time          (gint64         unix_seconds);

/* Today in the local time zone. */
void           monia_get_today            (GDate         *out);

/* A calendar with the user's settings for counting deadlines (the
 * eves-non-working and month-end-moves keys, when the schema is installed). */
MoniaCalendar *monia_calendar_new_from_settings (void);

/* Shows @error's message as a toast in the nearest AdwToastOverlay above
 * @widget (and says it to a screen reader). */
void           monia_show_error           (GtkWidget     *widget,
                                           const GError  *error);
void           monia_show_toast           (GtkWidget     *widget,
                                           const char    *message);

/* Shows @dialog over the window @owner is in. */
void           monia_present_over         (GtkWidget     *owner,
                                           GtkWindow     *dialog);

/* Saving an entry row as the person types: @save is called shortly after
 * the last change, when Enter is pressed, and when the row is hidden. A
 * failed save marks the row with the "error" style and keeps the text. */
typedef gboolean (*MoniaSaveText) (AdwEntryRow  *row,
                                   const char   *text,
                                   gpointer      user_data,
                                   GError      **error);

void           monia_autosave_entry       (AdwEntryRow   *row,
                                           MoniaSaveText  save,
                                           gpointer       user_data);
/* Saves a pending edit now; returns FALSE if saving failed. */
gboolean       monia_autosave_flush       (AdwEntryRow   *row);
/* Shows @text from the store unless the person is editing the row. */
void           monia_autosave_set_text    (AdwEntryRow   *row,
                                           const char    *text);

/* Combo rows that offer choices with ids: the labels are shown, the ids
 * kept beside them. */
void           monia_combo_set_choices    (AdwComboRow   *row,
                                           const char * const *ids,
                                           const char * const *labels,
                                           guint          n);
const char    *monia_combo_get_selected_id (AdwComboRow  *row);
gboolean       monia_combo_select_id      (AdwComboRow   *row,
                                           const char    *id);

/* "Sanna Sosiaalityö · Social worker, Perhetyö": a professional as chosen
 * from a list; NULL when the record is not in @store. */
char          *monia_describe_professional (MoniaStore   *store,
                                            const char   *professional_id);
/* Fills @row with "none" (labelled @none_label) and then every professional
 * of @store, described as above. */
void           monia_combo_set_professionals (AdwComboRow *row,
                                              MoniaStore  *store,
                                              const char  *none_label);

G_END_DECLS
