/* monia-plan-print.c — the client plan as a printed A4 document
 *
 * The document is a list of blocks (a title, headings, paragraphs), each a
 * Pango layout; pagination places them line by line so a long text runs on
 * to the next page, and a heading never stays alone at a page's foot.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include <cairo-pdf.h>

#include "monia-case-ops.h"
#include "monia-case-util.h"
#include "monia-plan-print.h"

/* A4 in points, and the margins of a direct PDF (2 cm). */
#define A4_WIDTH   595.276
#define A4_HEIGHT  841.890
#define PDF_MARGIN  56.693

#define FOOTER_GAP 14.0

typedef enum
{
  STYLE_TITLE,
  STYLE_SUBTITLE,
  STYLE_HEADING,
  STYLE_GOAL,
  STYLE_BODY,
  STYLE_DETAIL,
  STYLE_FOOTER,
  N_STYLES
} Style;

static const struct {
  const char *font;
  double      space_before;
  double      gray;
} styles[N_STYLES] = {
  [STYLE_TITLE]    = { "Sans Bold 20", 0, 0 },
  [STYLE_SUBTITLE] = { "Sans 13", 4, 0.25 },
  [STYLE_HEADING]  = { "Sans Bold 13", 20, 0 },
  [STYLE_GOAL]     = { "Sans Bold 11", 12, 0 },
  [STYLE_BODY]     = { "Sans 10", 4, 0 },
  [STYLE_DETAIL]   = { "Sans 9", 1, 0.3 },
  [STYLE_FOOTER]   = { "Sans 8", 0, 0.35 },
};

typedef struct
{
  double top;       /* of the line's logical box, from the layout's top */
  double height;
  double baseline;  /* from the layout's top */
} Line;

typedef struct
{
  Style        style;
  double       indent;
  gboolean     keep_with_next;
  char        *markup;
  PangoLayout *layout;
  GArray      *lines;   /* Line */
} Block;

typedef struct
{
  guint  block;
  guint  first_line;
  guint  n_lines;
  double y;           /* where the first line's top goes */
} Placement;

struct _MoniaPlanDocument
{
  char        *case_title;
  int          version;
  GPtrArray   *blocks;   /* Block */
  GPtrArray   *pages;    /* GArray of Placement */
  PangoLayout *footer_left;
  PangoLayout *footer_right;
  double       width;
  double       height;
  double       footer_height;
};

static void
block_free (gpointer data)
{
  Block *block = data;

  g_free (block->markup);
  g_clear_object (&block->layout);
  g_clear_pointer (&block->lines, g_array_unref);
  g_free (block);
}

static void
add_block (MoniaPlanDocument *self,
           Style              style,
           double             indent,
           gboolean           keep_with_next,
           char              *markup)
{
  Block *block = g_new0 (Block, 1);

  block->style = style;
  block->indent = indent;
  block->keep_with_next = keep_with_next;
  block->markup = markup;
  g_ptr_array_add (self->blocks, block);
}

/* "Label: value" with the label in bold; @value is plain text. */
static char *
format_field (const char *label,
              const char *value)
{
  g_autofree char *bold = g_markup_printf_escaped ("<b>%s</b>", label);
  g_autofree char *escaped = g_markup_escape_text (value, -1);

  /* Translators: a field of the printed plan: its name, then its value */
  return g_strdup_printf (_("%s: %s"), bold, escaped);
}

static char *
dup_name (MoniaStore *store,
          const char *kind,
          const char *id)
{
  g_autoptr(MoniaRecord) record = id != NULL ? monia_store_get (store, kind, id, NULL) : NULL;

  return record != NULL ? g_strdup (monia_record_get_string (record, "name")) : NULL;
}

static void
add_measure (MoniaPlanDocument *self,
             MoniaStore        *store,
             MoniaRecord       *measure,
             double             indent)
{
  g_autofree char *org = dup_name (store, "organisation", monia_record_get_string (measure, "organisation_id"));
  g_autofree char *pro = dup_name (store, "professional", monia_record_get_string (measure, "professional_id"));
  g_autofree char *starts = monia_format_iso_date (monia_record_get_string (measure, "starts_on"));
  g_autofree char *ends = monia_format_iso_date (monia_record_get_string (measure, "ends_on"));
  const char *status = monia_record_get_string (measure, "status");
  g_autofree char *who = NULL;
  g_autofree char *when = NULL;

  if (org != NULL && pro != NULL)
    /* Translators: who provides a measure: the organisation, then the professional */
    who = g_strdup_printf (_("%s, %s"), org, pro);
  else
    who = g_strdup (org != NULL ? org : pro);

  if (starts != NULL && ends != NULL)
    /* Translators: a measure's time: first and last day */
    when = g_strdup_printf (_("%s – %s"), starts, ends);
  else if (starts != NULL)
    when = g_strdup_printf (_("From %s"), starts);
  else if (ends != NULL)
    when = g_strdup_printf (_("Until %s"), ends);

  /* Translators: a measure in the printed plan, as a bulleted item */
  add_block (self, STYLE_BODY, indent, TRUE,
             g_markup_printf_escaped (_("• <b>%s</b>"), monia_record_get_string (measure, "text")));
  add_block (self, STYLE_DETAIL, indent + 10, TRUE,
             format_field (C_("printed plan", "Provided by"), who != NULL ? who : C_("printed plan", "Not chosen")));
  add_block (self, STYLE_DETAIL, indent + 10, TRUE,
             format_field (C_("printed plan", "Time"), when != NULL ? when : C_("printed plan", "Not set")));
  add_block (self, STYLE_DETAIL, indent + 10, FALSE,
             format_field (C_("printed plan", "Status"),
                           monia_measure_status_to_label (status != NULL ? status : "planned")));
}

static void
add_text_section (MoniaPlanDocument *self,
                  const char        *heading,
                  const char        *text)
{
  add_block (self, STYLE_HEADING, 0, TRUE, g_markup_escape_text (heading, -1));
  if (text != NULL && text[0] != '\0')
    add_block (self, STYLE_BODY, 0, FALSE, g_markup_escape_text (text, -1));
  else
    add_block (self, STYLE_DETAIL, 0, FALSE, g_markup_escape_text (C_("printed plan", "None recorded."), -1));
}

/* A professional and how to reach them: "Name, Profession" then
 * "Organisation · phone · email". */
static void
add_worker (MoniaPlanDocument *self,
            MoniaStore        *store,
            const char        *role,
            const char        *professional_id)
{
  g_autoptr(MoniaRecord) pro = professional_id != NULL ? monia_store_get (store, "professional", professional_id, NULL)
                                                        : NULL;
  g_autofree char *org = NULL;
  g_autofree char *who = NULL;
  g_autoptr(GString) contact = g_string_new (NULL);
  const char *profession, *parts[3];

  if (pro == NULL)
    return;
  org = dup_name (store, "organisation", monia_record_get_string (pro, "organisation_id"));
  profession = monia_record_get_string (pro, "profession");
  if (profession != NULL)
    /* Translators: a worker in the printed plan: the name, then the profession */
    who = g_strdup_printf (C_("printed plan", "%s, %s"), monia_record_get_string (pro, "name"), profession);
  else
    who = g_strdup (monia_record_get_string (pro, "name"));
  add_block (self, STYLE_BODY, 0, TRUE, format_field (role, who));

  parts[0] = org;
  parts[1] = monia_record_get_string (pro, "phone");
  parts[2] = monia_record_get_string (pro, "email");
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL && parts[i][0] != '\0')
      g_string_append_printf (contact, "%s%s", contact->len > 0 ? " · " : "", parts[i]);
  if (contact->len > 0)
    add_block (self, STYLE_DETAIL, 16, FALSE, g_markup_escape_text (contact->str, -1));
}

/* The family's people, and who works with them. */
static void
add_people (MoniaPlanDocument *self,
            MoniaStore        *store,
            MoniaRecord       *case_record)
{
  const char *case_id = monia_record_get_id (case_record);
  const char *owner_id = monia_record_get_string (case_record, "owner_id");
  g_autoptr(GPtrArray) links = monia_store_find (store, "case_person", "case_id", case_id, NULL);
  g_autoptr(GPtrArray) participants = monia_store_find (store, "participant", "case_id", case_id, NULL);
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(MoniaRecord) pair = NULL;
  gboolean any = FALSE;
  GDate today;

  add_block (self, STYLE_HEADING, 0, TRUE, g_markup_escape_text (C_("printed plan", "People"), -1));
  for (guint i = 0; links != NULL && i < links->len; i++)
    {
      MoniaRecord *link = g_ptr_array_index (links, i);
      g_autofree char *name = dup_name (store, "person", monia_record_get_string (link, "person_id"));
      const char *relation = monia_relation_to_label (monia_record_get_string (link, "relation"));

      if (name == NULL)
        continue;
      add_block (self, STYLE_BODY, 0, FALSE,
                 relation[0] != '\0' ? format_field (relation, name) : g_markup_escape_text (name, -1));
      any = TRUE;
    }
  if (!any)
    add_block (self, STYLE_DETAIL, 0, FALSE, g_markup_escape_text (C_("printed plan", "None recorded."), -1));

  add_block (self, STYLE_HEADING, 0, TRUE, g_markup_escape_text (C_("printed plan", "Responsible Workers"), -1));
  monia_policy_today (&today);
  if (owner_id != NULL)
    {
      add_worker (self, store, C_("printed plan", "Responsible worker"), owner_id);
      g_hash_table_add (listed, g_strdup (owner_id));
    }
  if (monia_record_get_string (case_record, "pair_id") != NULL)
    pair = monia_store_get (store, "work_pair", monia_record_get_string (case_record, "pair_id"), NULL);
  if (pair != NULL && monia_work_pair_is_active (pair, &today))
    {
      const char *members[] = { monia_record_get_string (pair, "first_id"), monia_record_get_string (pair, "second_id") };

      for (guint i = 0; i < G_N_ELEMENTS (members); i++)
        if (members[i] != NULL && g_hash_table_add (listed, g_strdup (members[i])))
          add_worker (self, store, C_("printed plan", "Work pair"), members[i]);
    }
  for (guint i = 0; participants != NULL && i < participants->len; i++)
    {
      MoniaRecord *participant = g_ptr_array_index (participants, i);
      const char *pro = monia_record_get_string (participant, "professional_id");
      g_autofree char *until = g_strdup (monia_record_get_string (participant, "active_until"));

      /* Those whose participation ended are no longer the family's contacts. */
      if (!monia_policy_day_not_ended (until, &today) || pro == NULL || !g_hash_table_add (listed, g_strdup (pro)))
        continue;
      add_worker (self, store, C_("printed plan", "Takes part"), pro);
    }
  if (g_hash_table_size (listed) == 0)
    add_block (self, STYLE_DETAIL, 0, FALSE, g_markup_escape_text (C_("printed plan", "None recorded."), -1));
}

MoniaPlanDocument *
monia_plan_document_new (MoniaStore  *store,
                         const char  *plan_id,
                         GError     **error)
{
  g_autoptr(MoniaPlanDocument) self = NULL;
  g_autoptr(MoniaRecord) plan = NULL;
  g_autoptr(MoniaRecord) case_record = NULL;
  g_autoptr(GPtrArray) goals = NULL;
  g_autoptr(GPtrArray) measures = NULL;
  g_autoptr(GHashTable) placed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *agreed = NULL;
  g_autofree char *review = NULL;
  g_autofree char *today_text = NULL;
  g_autofree char *version_text = NULL;
  gboolean any_other = FALSE;
  GDate today;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);
  g_return_val_if_fail (plan_id != NULL, NULL);

  plan = monia_store_get (store, "plan", plan_id, error);
  if (plan == NULL)
    return NULL;
  case_record = monia_store_get (store, "case", monia_record_get_string (plan, "case_id"), error);
  if (case_record == NULL)
    return NULL;
  goals = monia_plan_list_goals (store, plan_id, error);
  if (goals == NULL)
    return NULL;
  measures = monia_plan_list_measures (store, plan_id, error);
  if (measures == NULL)
    return NULL;

  self = g_new0 (MoniaPlanDocument, 1);
  self->blocks = g_ptr_array_new_with_free_func (block_free);
  self->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  self->case_title = g_strdup (monia_record_get_string (case_record, "title"));
  self->version = (int) monia_record_get_int (plan, "version", 1);

  /* The head: what plan this is, and when. */
  add_block (self, STYLE_TITLE, 0, TRUE, g_markup_escape_text (C_("printed plan", "Client Plan"), -1));
  add_block (self, STYLE_SUBTITLE, 0, FALSE, g_markup_escape_text (self->case_title != NULL ? self->case_title : "", -1));

  /* Translators: the printed plan's version: its number, then its status ("2 (Agreed)") */
  version_text = g_strdup_printf (C_("printed plan", "%d (%s)"), self->version,
                                  monia_plan_status_to_label (monia_record_get_string (plan, "status")));
  agreed = monia_format_iso_date (monia_record_get_string (plan, "agreed_on"));
  review = monia_format_iso_date (monia_record_get_string (plan, "review_on"));
  monia_get_today (&today);
  today_text = monia_format_date (&today);

  add_block (self, STYLE_BODY, 0, TRUE, format_field (C_("printed plan", "Version"), version_text));
  add_block (self, STYLE_BODY, 0, TRUE, format_field (C_("printed plan", "Agreed on"),
                                                      agreed != NULL ? agreed : C_("printed plan", "Not agreed yet")));
  add_block (self, STYLE_BODY, 0, TRUE, format_field (C_("printed plan", "Review date"),
                                                      review != NULL ? review : C_("printed plan", "Not set")));
  add_block (self, STYLE_DETAIL, 0, FALSE, format_field (C_("printed plan", "Printed"), today_text));

  add_people (self, store, case_record);
  add_text_section (self, C_("printed plan", "Need for Services and Support"),
                    monia_record_get_string (plan, "needs"));

  /* Goals, each with the measures that serve it. */
  add_block (self, STYLE_HEADING, 0, TRUE, g_markup_escape_text (C_("printed plan", "Goals"), -1));
  if (goals->len == 0)
    add_block (self, STYLE_DETAIL, 0, FALSE, g_markup_escape_text (C_("printed plan", "No goals were set."), -1));

  for (guint i = 0; i < goals->len; i++)
    {
      MoniaRecord *goal = g_ptr_array_index (goals, i);
      const char *words = monia_record_get_string (goal, "client_words");
      const char *indicator = monia_record_get_string (goal, "indicator");
      gboolean has_measures = FALSE;

      /* Translators: a goal's heading in the printed plan: its number, then its text */
      add_block (self, STYLE_GOAL, 0, TRUE,
                 g_markup_printf_escaped (C_("printed plan", "%u. %s"), i + 1, monia_record_get_string (goal, "text")));
      if (words != NULL)
        {
          /* Translators: the client's own words, quoted */
          g_autofree char *quoted = g_strdup_printf (C_("printed plan", "“%s”"), words);

          add_block (self, STYLE_BODY, 16, TRUE, format_field (C_("printed plan", "In the client’s own words"), quoted));
        }
      add_block (self, STYLE_BODY, 16, TRUE, format_field (C_("printed plan", "Indicator"),
                                                           indicator != NULL ? indicator : C_("printed plan", "Not set")));

      for (guint m = 0; m < measures->len; m++)
        {
          MoniaRecord *measure = g_ptr_array_index (measures, m);

          if (g_strcmp0 (monia_record_get_string (measure, "goal_id"), monia_record_get_id (goal)) != 0)
            continue;
          if (!has_measures)
            add_block (self, STYLE_BODY, 16, TRUE,
                       g_markup_printf_escaped ("<b>%s</b>", C_("printed plan", "Measures")));
          has_measures = TRUE;
          add_measure (self, store, measure, 28);
          g_hash_table_add (placed, (gpointer) monia_record_get_id (measure));
        }
    }

  for (guint m = 0; m < measures->len; m++)
    {
      MoniaRecord *measure = g_ptr_array_index (measures, m);

      if (g_hash_table_contains (placed, monia_record_get_id (measure)))
        continue;
      if (!any_other)
        add_block (self, STYLE_HEADING, 0, TRUE,
                   g_markup_escape_text (C_("printed plan", "Measures for No Particular Goal"), -1));
      any_other = TRUE;
      add_measure (self, store, measure, 0);
    }

  add_text_section (self, C_("printed plan", "Strengths and Resources"),
                    monia_record_get_string (plan, "strengths"));
  add_text_section (self, C_("printed plan", "The Client’s Own Commitments"),
                    monia_record_get_string (plan, "client_commitments"));
  add_text_section (self, C_("printed plan", "Differing Views"),
                    monia_record_get_string (plan, "differing_views"));
  add_text_section (self, C_("printed plan", "The Worker’s Meetings with the Child"),
                    monia_record_get_string (plan, "child_meetings"));

  return g_steal_pointer (&self);
}

void
monia_plan_document_free (MoniaPlanDocument *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->blocks);
  g_ptr_array_unref (self->pages);
  g_clear_object (&self->footer_left);
  g_clear_object (&self->footer_right);
  g_free (self->case_title);
  g_free (self);
}

/* ---- layout ---- */

static PangoLayout *
create_layout (PangoContext *context,
               Style         style,
               double        width,
               const char   *markup)
{
  PangoLayout *layout = pango_layout_new (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (styles[style].font);

  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_markup (layout, markup, -1);
  return layout;
}

static void
measure_lines (Block *block)
{
  PangoLayoutIter *iter = pango_layout_get_iter (block->layout);

  block->lines = g_array_new (FALSE, FALSE, sizeof (Line));
  do
    {
      PangoRectangle logical;
      Line line;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      line.top = (double) logical.y / PANGO_SCALE;
      line.height = (double) logical.height / PANGO_SCALE;
      line.baseline = (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE;
      g_array_append_val (block->lines, line);
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

static double
block_height (Block *block)
{
  Line *last = &g_array_index (block->lines, Line, block->lines->len - 1);

  return last->top + last->height;
}

static double
first_line_height (Block *block)
{
  return g_array_index (block->lines, Line, 0).height;
}

/* How much must fit below the current point for block @i to start here:
 * itself whole if short, and what it is kept with. */
static double
needed_height (MoniaPlanDocument *self,
               guint              i,
               guint              depth)
{
  Block *block = g_ptr_array_index (self->blocks, i);
  double own = block->lines->len <= 3 ? block_height (block) : first_line_height (block) * 2;
  Block *next;

  if (!block->keep_with_next || i + 1 >= self->blocks->len || depth >= 4)
    return own;

  next = g_ptr_array_index (self->blocks, i + 1);
  if (block->lines->len > 3)
    return own;
  return own + styles[next->style].space_before +
         (depth < 3 ? needed_height (self, i + 1, depth + 1) : first_line_height (next));
}

guint
monia_plan_document_paginate (MoniaPlanDocument *self,
                              PangoContext      *context,
                              double             width,
                              double             height)
{
  g_autofree char *left = NULL;
  GArray *page;
  double content_height;
  double y = 0;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (PANGO_IS_CONTEXT (context), 0);

  self->width = width;
  self->height = height;
  g_ptr_array_set_size (self->pages, 0);

  /* Translators: the printed plan's footer: the case's title and the plan's version */
  left = g_markup_printf_escaped (C_("printed plan", "%s · Client plan, version %d"),
                                  self->case_title != NULL ? self->case_title : "", self->version);
  g_clear_object (&self->footer_left);
  self->footer_left = create_layout (context, STYLE_FOOTER, width * 0.75, left);
  pango_layout_set_ellipsize (self->footer_left, PANGO_ELLIPSIZE_END);
  pango_layout_set_wrap (self->footer_left, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_height (self->footer_left, 0);
  g_clear_object (&self->footer_right);
  self->footer_right = create_layout (context, STYLE_FOOTER, width * 0.25, "");
  pango_layout_set_alignment (self->footer_right, PANGO_ALIGN_RIGHT);
  {
    int footer_height;

    pango_layout_get_size (self->footer_left, NULL, &footer_height);
    self->footer_height = (double) footer_height / PANGO_SCALE;
  }
  content_height = MAX (height - self->footer_height - FOOTER_GAP, 72.0);

  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (self->blocks, i);

      g_clear_object (&block->layout);
      g_clear_pointer (&block->lines, g_array_unref);
      block->layout = create_layout (context, block->style, MAX (width - block->indent, 72.0), block->markup);
      measure_lines (block);
    }

  page = g_array_new (FALSE, FALSE, sizeof (Placement));
  g_ptr_array_add (self->pages, page);

  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (self->blocks, i);
      double space = y > 0 ? styles[block->style].space_before : 0;
      Placement placement = { i, 0, 0, 0 };

      /* A block (and what it is kept with) that does not fit starts a page. */
      if (y > 0 && y + space + needed_height (self, i, 0) > content_height)
        {
          page = g_array_new (FALSE, FALSE, sizeof (Placement));
          g_ptr_array_add (self->pages, page);
          y = 0;
          space = 0;
        }
      y += space;
      placement.y = y;

      for (guint l = 0; l < block->lines->len; l++)
        {
          Line *line = &g_array_index (block->lines, Line, l);
          Line *first = &g_array_index (block->lines, Line, placement.first_line);
          double bottom = placement.y + (line->top - first->top) + line->height;

          if (bottom > content_height && (placement.n_lines > 0 || placement.y > 0))
            {
              if (placement.n_lines > 0)
                g_array_append_val (page, placement);
              page = g_array_new (FALSE, FALSE, sizeof (Placement));
              g_ptr_array_add (self->pages, page);
              placement.first_line = l;
              placement.n_lines = 0;
              placement.y = 0;
              first = line;
              bottom = line->height;
            }
          placement.n_lines++;
          y = bottom;
        }
      g_array_append_val (page, placement);
    }

  return self->pages->len;
}

guint
monia_plan_document_get_n_pages (MoniaPlanDocument *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->pages->len;
}

static void
set_gray (cairo_t *cr,
          Style    style)
{
  cairo_set_source_rgb (cr, styles[style].gray, styles[style].gray, styles[style].gray);
}

void
monia_plan_document_draw_page (MoniaPlanDocument *self,
                               cairo_t           *cr,
                               guint              page_nr)
{
  GArray *page;
  g_autofree char *page_text = NULL;
  double footer_y;

  g_return_if_fail (self != NULL);
  g_return_if_fail (page_nr < self->pages->len);

  page = g_ptr_array_index (self->pages, page_nr);
  for (guint p = 0; p < page->len; p++)
    {
      Placement *placement = &g_array_index (page, Placement, p);
      Block *block = g_ptr_array_index (self->blocks, placement->block);
      Line *first = &g_array_index (block->lines, Line, placement->first_line);

      set_gray (cr, block->style);
      for (guint l = placement->first_line; l < placement->first_line + placement->n_lines; l++)
        {
          Line *line = &g_array_index (block->lines, Line, l);

          cairo_move_to (cr, block->indent, placement->y + line->baseline - first->top);
          pango_cairo_show_layout_line (cr, pango_layout_get_line_readonly (block->layout, (int) l));
        }
    }

  /* The footer: a rule, what this is, and the page number. */
  footer_y = self->height - self->footer_height;
  set_gray (cr, STYLE_FOOTER);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, 0, footer_y - FOOTER_GAP / 2);
  cairo_line_to (cr, self->width, footer_y - FOOTER_GAP / 2);
  cairo_stroke (cr);

  cairo_move_to (cr, 0, footer_y);
  pango_cairo_show_layout (cr, self->footer_left);

  /* Translators: the printed plan's page number: this page, then how many */
  page_text = g_strdup_printf (C_("printed plan", "Page %u of %u"), page_nr + 1, self->pages->len);
  pango_layout_set_text (self->footer_right, page_text, -1);
  cairo_move_to (cr, self->width * 0.75, footer_y);
  pango_cairo_show_layout (cr, self->footer_right);
}

gboolean
monia_print_write_pdf_a4 (MoniaPrintPaginateFunc   paginate,
                          MoniaPrintDrawPageFunc   draw_page,
                          gpointer                 document,
                          const char              *path,
                          guint                   *n_pages,
                          GError                 **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  PangoContext *context;
  cairo_status_t status;
  guint pages;

  g_return_val_if_fail (paginate != NULL && draw_page != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  surface = cairo_pdf_surface_create (path, A4_WIDTH, A4_HEIGHT);
  cr = cairo_create (surface);
  context = pango_cairo_create_context (cr);
  /* Points are the surface's units: a 10 pt font is 10 units high. */
  pango_cairo_context_set_resolution (context, 72);

  pages = paginate (document, context, A4_WIDTH - 2 * PDF_MARGIN, A4_HEIGHT - 2 * PDF_MARGIN);
  for (guint i = 0; i < pages; i++)
    {
      cairo_save (cr);
      cairo_translate (cr, PDF_MARGIN, PDF_MARGIN);
      draw_page (document, cr, i);
      cairo_restore (cr);
      cairo_show_page (cr);
    }

  g_object_unref (context);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_autofree char *display = g_filename_display_name (path);

      /* Translators: %s is a file's path, then what went wrong */
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_FAILED, _("Could not write “%s”: %s"),
                   display, cairo_status_to_string (status));
      return FALSE;
    }
  if (n_pages != NULL)
    *n_pages = pages;
  return TRUE;
}

static guint
paginate_plan (gpointer      document,
               PangoContext *context,
               double        width,
               double        height)
{
  return monia_plan_document_paginate (document, context, width, height);
}

static void
draw_plan_page (gpointer  document,
                cairo_t  *cr,
                guint     page)
{
  monia_plan_document_draw_page (document, cr, page);
}

gboolean
monia_plan_document_write_pdf (MoniaPlanDocument  *self,
                               const char         *path,
                               guint              *n_pages,
                               GError            **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return monia_print_write_pdf_a4 (paginate_plan, draw_plan_page, self, path, n_pages, error);
}

/* ---- printing ---- */

typedef struct
{
  MoniaStore        *store;
  char              *plan_id;
  MoniaPlanDocument *document;
  GError            *error;     /* why the operation cancelled itself */
} PrintJob;

static void
print_job_free (gpointer data)
{
  PrintJob *job = data;

  g_clear_object (&job->store);
  g_free (job->plan_id);
  monia_plan_document_free (job->document);
  g_clear_error (&job->error);
  g_free (job);
}

static void
on_begin_print (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PrintJob          *job)
{
  PangoContext *pango_context;
  g_autofree char *export_filename = NULL;
  guint pages;

  g_object_get (operation, "export-filename", &export_filename, NULL);

  /* Nothing leaves without its audit record. */
  g_clear_error (&job->error);
  if (!monia_audit_record_plan_output (job->store, job->plan_id,
                                       export_filename != NULL ? "export" : "print", &job->error))
    {
      gtk_print_operation_cancel (operation);
      return;
    }

  pango_context = gtk_print_context_create_pango_context (context);
  pages = monia_plan_document_paginate (job->document, pango_context,
                                        gtk_print_context_get_width (context),
                                        gtk_print_context_get_height (context));
  g_object_unref (pango_context);
  gtk_print_operation_set_n_pages (operation, (int) pages);
}

static void
on_draw_page (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              PrintJob          *job)
{
  if (page_nr < 0 || (guint) page_nr >= monia_plan_document_get_n_pages (job->document))
    return;
  monia_plan_document_draw_page (job->document, gtk_print_context_get_cairo_context (context), (guint) page_nr);
}

GtkPrintOperation *
monia_plan_print_operation_new (MoniaStore  *store,
                                const char  *plan_id,
                                GError     **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GtkPageSetup) page_setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  PrintJob *job;
  MoniaPlanDocument *document;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);
  g_return_val_if_fail (plan_id != NULL, NULL);

  document = monia_plan_document_new (store, plan_id, error);
  if (document == NULL)
    return NULL;

  job = g_new0 (PrintJob, 1);
  job->store = g_object_ref (store);
  job->plan_id = g_strdup (plan_id);
  job->document = document;

  operation = gtk_print_operation_new ();
  g_object_set_data_full (G_OBJECT (operation), "monia-print-job", job, print_job_free);

  gtk_page_setup_set_paper_size_and_default_margins (page_setup, a4);
  gtk_print_operation_set_default_page_setup (operation, page_setup);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, C_("printed plan", "Client Plan"));
  gtk_print_operation_set_embed_page_setup (operation, TRUE);

  g_signal_connect (operation, "begin-print", G_CALLBACK (on_begin_print), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page), job);

  return g_steal_pointer (&operation);
}

const GError *
monia_plan_print_operation_get_audit_error (GtkPrintOperation *operation)
{
  PrintJob *job;

  g_return_val_if_fail (GTK_IS_PRINT_OPERATION (operation), NULL);

  job = g_object_get_data (G_OBJECT (operation), "monia-print-job");
  return job != NULL ? job->error : NULL;
}

gboolean
monia_plan_export_pdf (MoniaStore  *store,
                       const char  *plan_id,
                       const char  *path,
                       guint       *n_pages,
                       GError     **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) run_error = NULL;
  GtkPrintOperationResult result;
  PrintJob *job;

  g_return_val_if_fail (path != NULL, FALSE);

  operation = monia_plan_print_operation_new (store, plan_id, error);
  if (operation == NULL)
    return FALSE;

  gtk_print_operation_set_export_filename (operation, path);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, &run_error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autofree char *display = g_filename_display_name (path);

      /* GTK's own message does not say which file. */
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_FAILED, _("Could not write “%s”: %s"),
                   display, run_error != NULL ? run_error->message : "");
      return FALSE;
    }

  if (monia_plan_print_operation_get_audit_error (operation) != NULL)
    {
      /* Whatever was begun is not left behind unaudited. */
      g_unlink (path);
      if (error != NULL)
        *error = g_error_copy (monia_plan_print_operation_get_audit_error (operation));
      return FALSE;
    }

  job = g_object_get_data (G_OBJECT (operation), "monia-print-job");
  if (n_pages != NULL)
    *n_pages = monia_plan_document_get_n_pages (job->document);
  return TRUE;
}

char *
monia_plan_dup_file_name (MoniaStore  *store,
                          const char  *plan_id)
{
  g_autoptr(MoniaRecord) plan = NULL;
  g_autoptr(MoniaRecord) case_record = NULL;
  g_autofree char *family = NULL;
  g_autofree char *day = NULL;
  GDate date;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);
  g_return_val_if_fail (plan_id != NULL, NULL);

  plan = monia_store_get (store, "plan", plan_id, NULL);
  if (plan != NULL)
    case_record = monia_store_get (store, "case", monia_record_get_string (plan, "case_id"), NULL);
  family = g_strdup (case_record != NULL ? monia_record_get_string (case_record, "title") : NULL);
  if (family == NULL || family[0] == '\0')
    {
      g_free (family);
      family = g_strdup (C_("file name", "Family"));
    }
  /* A name is a file's name, not a path. */
  g_strdelimit (family, "/\\:", '-');

  /* The day the version was agreed; a draft's is the day it is printed. */
  g_date_clear (&date, 1);
  if (plan == NULL || !monia_record_get_date (plan, "agreed_on", &date))
    monia_get_today (&date);
  day = monia_date_format_iso (&date);

  /* Translators: an exported plan's file name: the family (the case's title),
   * the plan's version and the day, as in "Virtanen family – client plan v2 (2026-02-02).pdf" */
  return g_strdup_printf (C_("file name", "%s – client plan v%d (%s).pdf"), family,
                          plan != NULL ? (int) monia_record_get_int (plan, "version", 1) : 1, day);
}
