/* monia-inbox-page.h — the open help requests, the one due first on top
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "monia-core.h"
#include "monia-intake.h"

G_BEGIN_DECLS

#define MONIA_TYPE_INBOX_PAGE (monia_inbox_page_get_type ())

G_DECLARE_FINAL_TYPE (MoniaInboxPage, monia_inbox_page, MONIA, INBOX_PAGE, AdwBin)

/* Activating a request emits ::request-activated with its MoniaRecord. */
GtkWidget   *monia_inbox_page_new                 (MoniaIntake    *intake);
GListModel  *monia_inbox_page_get_requests        (MoniaInboxPage *self);
GtkListBox  *monia_inbox_page_get_list_box        (MoniaInboxPage *self);
/* "empty" or "requests" */
/* "Show More Requests": the list box holds the requests due first, a batch
 * at a time; the button, visible while there are more, adds a batch. */
GtkButton   *monia_inbox_page_get_more_button     (MoniaInboxPage *self);
const char  *monia_inbox_page_get_state           (MoniaInboxPage *self);
/* Recounts every row's time left as of @now (NULL: the current time). */
void         monia_inbox_page_update_countdowns   (MoniaInboxPage *self,
                                                   GDateTime      *now);

G_END_DECLS
