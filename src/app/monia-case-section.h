/* monia-case-section.h — what the case page asks of each of its sections
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "monia-core.h"

G_BEGIN_DECLS

#define MONIA_TYPE_CASE_SECTION (monia_case_section_get_type ())

G_DECLARE_INTERFACE (MoniaCaseSection, monia_case_section, MONIA, CASE_SECTION, GtkWidget)

struct _MoniaCaseSectionInterface
{
  GTypeInterface parent_iface;

  /* Shows @case_id of @store; called once, before the first refresh. */
  void (*bind)    (MoniaCaseSection *self,
                   MoniaStore       *store,
                   const char       *case_id,
                   MoniaCalendar    *calendar);
  /* The store changed: show what it holds now, keeping what the person is
   * typing. */
  void (*refresh) (MoniaCaseSection *self);
};

void monia_case_section_bind    (MoniaCaseSection *self,
                                 MoniaStore       *store,
                                 const char       *case_id,
                                 MoniaCalendar    *calendar);
void monia_case_section_refresh (MoniaCaseSection *self);

/* Removes the rows a section made the last time from @group. */
void monia_case_section_clear_rows (AdwPreferencesGroup *group,
                                    GPtrArray           *rows);
/* Adds @row to @group and remembers it in @rows. */
void monia_case_section_add_row    (AdwPreferencesGroup *group,
                                    GPtrArray           *rows,
                                    GtkWidget           *row);

G_END_DECLS
