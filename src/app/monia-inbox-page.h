/* monia-inbox-page.h — the open help requests, today's work first
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
/* Every open request, whatever is shown. */
GListModel  *monia_inbox_page_get_requests        (MoniaInboxPage *self);
/* The requests shown, in the order shown: filtered by channel and "due
 * today", grouped due today, new today, overdue, later (see
 * monia_intake_get_inbox_group()). */
GListModel  *monia_inbox_page_get_shown_requests  (MoniaInboxPage *self);
GtkListBox  *monia_inbox_page_get_list_box        (MoniaInboxPage *self);
/* @channel: one of MONIA_CHANNEL_*, or NULL for all. */
void         monia_inbox_page_set_channel_filter  (MoniaInboxPage *self,
                                                   const char     *channel);
/* Only what must be answered today: due today or overdue. */
void         monia_inbox_page_set_due_today_filter (MoniaInboxPage *self,
                                                    gboolean        due_today);
GtkDropDown *_monia_inbox_page_get_channel_chooser (MoniaInboxPage *self);
GtkToggleButton *_monia_inbox_page_get_due_today_button (MoniaInboxPage *self);
/* "Show More Requests": the list box holds the requests shown first, a
 * batch at a time; the button, visible while there are more, adds a batch. */
GtkButton   *monia_inbox_page_get_more_button     (MoniaInboxPage *self);
/* "empty", "no-match" or "requests" */
const char  *monia_inbox_page_get_state           (MoniaInboxPage *self);
/* Recounts every row's time left as of @now (NULL: the current time). */
void         monia_inbox_page_update_countdowns   (MoniaInboxPage *self,
                                                   GDateTime      *now);

G_END_DECLS
