/* monia-consent-dialog.h — records a client's consent to share a case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "monia-core.h"

G_BEGIN_DECLS

#define MONIA_TYPE_CONSENT_DIALOG (monia_consent_dialog_get_type ())

G_DECLARE_FINAL_TYPE (MoniaConsentDialog, monia_consent_dialog, MONIA, CONSENT_DIALOG, AdwWindow)

/* Asks who of the case's people gives consent, to which participant or
 * organisation, for which parts and for how long. Recording saves it,
 * emits ::consent-recorded with its id and closes; a mistake is said in
 * the dialog, which stays open with what was chosen. */
MoniaConsentDialog *monia_consent_dialog_new (MoniaStore *store,
                                              const char *case_id);

/* Chooses the professional (a participant of the case) the consent is
 * given to. */
void                monia_consent_dialog_set_recipient (MoniaConsentDialog *self,
                                                        const char         *professional_id);

G_END_DECLS
