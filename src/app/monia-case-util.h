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

/* Errors where the person is looking: @message (NULL clears it) is shown
 * in @label beside @field, the field gets the "error" style and is marked
 * invalid, with the message as its description for a screen reader; with
 * a message the field is scrolled into view and takes the focus. */
void           monia_field_set_error      (GtkWidget     *field,
                                           GtkWidget     *label,
                                           const char    *message);
/* A form's error label: hidden until it has something to say, and an
 * alert, so a screen reader says it when it appears. Added at the end of
 * @group, or with @before, just before that widget of the group. */
GtkWidget     *monia_form_add_error_label (AdwPreferencesGroup *group,
                                           GtkWidget           *before);

/* One field of a form: the name core's errors give it
 * (monia_error_get_field()), the widget marked, and the label its message
 * shows in (none for a MoniaPickerRow, which has its own). The field with
 * no @name is the form's button, for messages about no one field. */
typedef struct
{
  const char *name;
  GtkWidget  *widget;
  GtkWidget  *label;
} MoniaFormField;

/* Clears every field's message, then shows @error's (NULL: none) at the
 * field it names, else at the form's button. */
void           monia_form_show_error      (const MoniaFormField *fields,
                                           guint                 n_fields,
                                           const GError         *error);
/* Scrolls the nearest GtkScrolledWindow above @widget so that it shows. */
void           monia_scroll_into_view     (GtkWidget     *widget);

/* Shows @dialog over the window @owner is in. */
void           monia_present_over         (GtkWidget     *owner,
                                           GtkWindow     *dialog);

/* Saving a text as the person types, in an AdwEntryRow or a MoniaTextRow
 * (@row): @save is called shortly after the last change, when Enter is
 * pressed in an entry, and when the row is hidden. A failed save marks the
 * row with the "error" style and keeps the text. */
typedef gboolean (*MoniaSaveText) (GtkWidget    *row,
                                   const char   *text,
                                   gpointer      user_data,
                                   GError      **error);

void           monia_autosave_entry       (gpointer       row,
                                           MoniaSaveText  save,
                                           gpointer       user_data);
/* Saves a pending edit now; returns FALSE if saving failed. */
gboolean       monia_autosave_flush       (gpointer       row);
/* Shows @text from the store unless the person is editing the row. */
void           monia_autosave_set_text    (gpointer       row,
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
/* Choices (MoniaChoice) for the pickers, sorted by name, each with the line
 * that tells it apart; the first is "none" labelled @none_label unless it
 * is NULL. Professionals: "Profession · Organisation · Team". */
GListModel    *monia_choices_professionals (MoniaStore  *store,
                                            const char  *none_label);
/* Only @ids (professional ids), in that order after "none". */
GListModel    *monia_choices_professionals_of (MoniaStore         *store,
                                               const char * const *ids,
                                               const char         *none_label);
/* Organisations: "Sector · Municipality". */
GListModel    *monia_choices_organisations (MoniaStore  *store,
                                            const char  *none_label);
/* An organisation's sector as a person reads it. */
const char    *monia_sector_to_label       (const char  *sector);

/* Fills @row with "none" (labelled @none_label) and then every professional
 * of @store, described as above. */
void           monia_combo_set_professionals (AdwComboRow *row,
                                              MoniaStore  *store,
                                              const char  *none_label);

G_END_DECLS
