/* monia-case-section.c — what the case page asks of each of its sections
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include "monia-case-section.h"

G_DEFINE_INTERFACE (MoniaCaseSection, monia_case_section, GTK_TYPE_WIDGET)

static void
monia_case_section_default_init (MoniaCaseSectionInterface *iface)
{
}

void
monia_case_section_bind (MoniaCaseSection *self,
                         MoniaStore       *store,
                         const char       *case_id,
                         MoniaCalendar    *calendar)
{
  g_return_if_fail (MONIA_IS_CASE_SECTION (self));
  g_return_if_fail (MONIA_IS_STORE (store));
  g_return_if_fail (case_id != NULL);

  MONIA_CASE_SECTION_GET_IFACE (self)->bind (self, store, case_id, calendar);
}

void
monia_case_section_refresh (MoniaCaseSection *self)
{
  g_return_if_fail (MONIA_IS_CASE_SECTION (self));

  MONIA_CASE_SECTION_GET_IFACE (self)->refresh (self);
}

void
monia_case_section_clear_rows (AdwPreferencesGroup *group,
                               GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

void
monia_case_section_add_row (AdwPreferencesGroup *group,
                            GPtrArray           *rows,
                            GtkWidget           *row)
{
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);
}
