/* monia-choice.h — one item a person chooses: a name and a line that tells it apart
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MONIA_TYPE_CHOICE (monia_choice_get_type ())

G_DECLARE_FINAL_TYPE (MoniaChoice, monia_choice, MONIA, CHOICE, GObject)

/* @id NULL or "": the "none" choice. @subtitle (organisation, sector,
 * team) may be NULL. */
MoniaChoice *monia_choice_new           (const char  *id,
                                         const char  *title,
                                         const char  *subtitle);
const char  *monia_choice_get_id        (MoniaChoice *self);
const char  *monia_choice_get_title     (MoniaChoice *self);
const char  *monia_choice_get_subtitle  (MoniaChoice *self);
/* Whether every word of @search starts a word of the title or the
 * subtitle, ignoring case and accents ("kur" finds "Kaisa Kuraattori"). */
gboolean     monia_choice_matches       (MoniaChoice *self,
                                         const char  *search);

/* A GListStore of MoniaChoice, and adding to it. */
GListStore  *monia_choice_list_new      (void);
void         monia_choice_list_add      (GListStore  *list,
                                         const char  *id,
                                         const char  *title,
                                         const char  *subtitle);

G_END_DECLS
