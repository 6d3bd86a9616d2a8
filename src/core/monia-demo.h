/* monia-demo.h — synthetic, plausible data for demos, tests and benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "monia-store.h"

G_BEGIN_DECLS

/* Fills @store with @n_cases synthetic families and everything around them,
 * the same for the same @seed. Every person is made up; identity codes use
 * the temporary individual numbers 900–999. Written through the store's one
 * write path, in batches. @progress (may be NULL) is called after each batch. */
typedef void (*MoniaDemoProgress) (guint done, guint total, gpointer user_data);

gboolean monia_demo_generate (MoniaStore        *store,
                              guint              n_cases,
                              guint64            seed,
                              MoniaDemoProgress  progress,
                              gpointer           user_data,
                              GError           **error);
/* The same, anchored to @today (NULL: today in Finland, or
 * MONIA_DEMO_TODAY when set): nothing is dated after it, the open help
 * requests are of its last few days and the clocks run up to it. */
gboolean monia_demo_generate_for_day (MoniaStore        *store,
                                      guint              n_cases,
                                      guint64            seed,
                                      const GDate       *today,
                                      MoniaDemoProgress  progress,
                                      gpointer           user_data,
                                      GError           **error);

G_END_DECLS
