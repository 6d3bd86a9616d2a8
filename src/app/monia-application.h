/* monia-application.h — the application object
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MONIA_TYPE_APPLICATION (monia_application_get_type ())

G_DECLARE_FINAL_TYPE (MoniaApplication, monia_application, MONIA, APPLICATION, AdwApplication)

MoniaApplication *monia_application_new                (void);

/* The store file the first window opens: the one given with --database, or
 * the default under the user's data folder. */
const char       *monia_application_get_database_path  (MoniaApplication *self);

G_END_DECLS
