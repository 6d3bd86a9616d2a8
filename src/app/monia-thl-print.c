/* monia-thl-print.c — the THL half-year return as a printed A4 document
 *
 * Areas print the return before they submit it: THL's form cannot be
 * viewed afterwards. The document is a list of blocks (a title, headings,
 * lines of figures, the late cases, the comment), each a Pango layout,
 * placed line by line so a long comment runs on to the next page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-case-util.h"
#include "monia-audit.h"
#include "monia-plan-print.h"
#include "monia-thl-print.h"

#define FOOTER_GAP 14.0

typedef enum
{
  STYLE_TITLE,
  STYLE_SUBTITLE,
  STYLE_HEADING,
  STYLE_ROW,
  STYLE_DETAIL,
  STYLE_BODY,
  STYLE_FOOTER,
  N_STYLES
} Style;

static const struct {
  const char *font;
  double      space_before;
  double      gray;
} styles[N_STYLES] = {
  [STYLE_TITLE]    = { "Sans Bold 17", 0, 0 },
  [STYLE_SUBTITLE] = { "Sans 11", 3, 0.25 },
  [STYLE_HEADING]  = { "Sans Bold 12", 16, 0 },
  [STYLE_ROW]      = { "Sans 10", 3, 0 },
  [STYLE_DETAIL]   = { "Sans 8.5", 2, 0.2 },
  [STYLE_BODY]     = { "Sans 10", 4, 0 },
  [STYLE_FOOTER]   = { "Sans 8", 0, 0.35 },
};

typedef struct
{
  Style        style;
  gboolean     keep_with_next;
  char        *text;       /* plain, with a tab before a row's figure */
  PangoLayout *layout;
} Block;

typedef struct
{
  guint  block;
  int    first_line;
  int    n_lines;
  double y;
} Placement;

struct _MoniaThlDocument
{
  char        *footer;
  GPtrArray   *blocks;
  GPtrArray   *pages;     /* GArray of Placement */
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

  g_free (block->text);
  g_clear_object (&block->layout);
  g_free (block);
}

static void
add (MoniaThlDocument *self,
     Style             style,
     gboolean          keep_with_next,
     char             *text)
{
  Block *block = g_new0 (Block, 1);

  block->style = style;
  block->keep_with_next = keep_with_next;
  block->text = text;
  g_ptr_array_add (self->blocks, block);
}

static char *
format_day (guint32 julian)
{
  GDate date;

  if (julian == 0)
    return g_strdup ("–");
  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  return monia_format_date (&date);
}

/* "Decided within 7 working days\t12 (92.3 %)" */
static void
add_row (MoniaThlDocument *self,
         const char       *label,
         guint             value,
         guint             whole)
{
  if (whole > 0)
    {
      char share[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (share, sizeof share, "%.1f", monia_report_share (value, whole));
      /* Translators: a printed row: its label, a number, and its share in per cent */
      add (self, STYLE_ROW, FALSE, g_strdup_printf (_("%s\t%u (%s %%)"), label, value, share));
    }
  else
    add (self, STYLE_ROW, FALSE, g_strdup_printf ("%s\t%u", label, value));
}

static void
add_unit_lines (MoniaThlDocument *self,
                MoniaThlReturn   *ret,
                MoniaReportData  *data)
{
  gboolean any = FALSE;

  for (guint u = 1; u < monia_report_data_get_n_units (data); u++)
    {
      const MoniaReportUnit *unit = monia_report_data_get_unit (data, u);
      const MoniaThlCounts *c = &ret->units[u];
      const MoniaReportUnit *scope = monia_report_data_get_unit (data, ret->unit);
      char a_num[G_ASCII_DTOSTR_BUF_SIZE], b_num[G_ASCII_DTOSTR_BUF_SIZE];
      g_autofree char *a = g_strdup ("–"), *b = g_strdup ("–");

      if (u == ret->unit || (c->became_pending == 0 && c->completed == 0))
        continue;
      if (scope->kind == MONIA_UNIT_TEAM && g_strcmp0 (unit->team_id, scope->id) != 0)
        continue;
      if (scope->kind == MONIA_UNIT_PAIR || scope->kind == MONIA_UNIT_WORKER)
        continue;
      if (!any)
        add (self, STYLE_HEADING, TRUE, g_strdup (_("By team, work pair and worker")));
      any = TRUE;
      if (c->became_pending > 0)
        {
          g_free (a);
          a = g_strdup_printf ("%s %%", g_ascii_formatd (a_num, sizeof a_num, "%.1f",
                                                          monia_report_share (c->started_within_7, c->became_pending)));
        }
      if (c->completed > 0)
        {
          g_free (b);
          b = g_strdup_printf ("%s %%", g_ascii_formatd (b_num, sizeof b_num, "%.1f",
                                                          monia_report_share (c->completed_within_3_months, c->completed)));
        }
      /* Translators: a printed line per team, pair or worker: its name, how
       * many became pending and the share decided within 7 working days,
       * how many were completed and the share within 3 months */
      add (self, STYLE_DETAIL, FALSE,
           g_strdup_printf (_("%s\tpending %u, decided in time %s · completed %u, in time %s"),
                            unit->name != NULL ? unit->name : unit->id, c->became_pending, a, c->completed, b));
    }
}

static void
add_late_lines (MoniaThlDocument *self,
                MoniaThlReturn   *ret,
                MoniaReportData  *data)
{
  add (self, STYLE_HEADING, TRUE, g_strdup (_("Late cases for checking")));
  if (ret->late->len == 0)
    add (self, STYLE_BODY, FALSE, g_strdup (_("None.")));
  for (guint i = 0; i < ret->late->len; i++)
    {
      const MoniaThlLate *late = &g_array_index (ret->late, MoniaThlLate, i);
      const MoniaReportAssessment *a = monia_report_data_get_assessment (data, late->assessment);
      const MoniaReportCase *c = monia_report_data_get_case (data, a->case_index);
      const char *owner = monia_report_data_lookup_name (data, c->owner_id);
      g_autofree char *pending = format_day (a->pending_on);
      g_autofree char *how = NULL;
      g_autofree char *name = NULL;

      if (c->title != NULL)
        name = g_strdup (c->title);
      else
        /* Translators: a case shown to a lead, who does not see its title: when it was opened */
        name = g_strdup_printf (_("Case of %s"), pending);

      switch (late->kind)
        {
        case MONIA_THL_STARTED_LATE:
          {
            g_autofree char *started = format_day (a->started_on);

            /* Translators: %s is a day, %u a number of working days */
            how = g_strdup_printf (g_dngettext (NULL, "decided %s, %u working day late",
                                                "decided %s, %u working days late", late->days_late),
                                   started, late->days_late);
          }
          break;
        case MONIA_THL_NOT_STARTED_LATE:
          how = g_strdup_printf (g_dngettext (NULL, "not decided, %u working day late",
                                              "not decided, %u working days late", late->days_late),
                                 late->days_late);
          break;
        case MONIA_THL_COMPLETED_LATE:
        default:
          {
            g_autofree char *completed = format_day (a->completed_on);

            how = g_strdup_printf (g_dngettext (NULL, "completed %s, %u day late",
                                                "completed %s, %u days late", late->days_late),
                                   completed, late->days_late);
          }
          break;
        }
      /* Translators: a printed late case: the case, who is responsible,
       * when it became pending, and how late it was */
      add (self, STYLE_DETAIL, FALSE, g_strdup_printf (_("%s · %s · pending from %s · %s"), name,
                                                       owner != NULL ? owner : "–", pending, how));
    }
}

MoniaThlDocument *
monia_thl_document_new (MoniaThlReturn  *ret,
                        MoniaReportData *data,
                        const char      *comment)
{
  MoniaThlDocument *self;
  const MoniaReportUnit *unit;
  const MoniaThlCounts *c;
  g_autofree char *from = NULL, *to = NULL, *as_of = NULL, *due = NULL;
  GDate period_from, period_to, due_day;

  g_return_val_if_fail (ret != NULL, NULL);
  g_return_val_if_fail (data != NULL, NULL);

  self = g_new0 (MoniaThlDocument, 1);
  self->blocks = g_ptr_array_new_with_free_func (block_free);
  self->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  unit = monia_report_data_get_unit (data, ret->unit);
  c = &ret->counts;
  from = monia_format_date (&ret->from);
  to = monia_format_date (&ret->to);
  as_of = monia_format_date (&ret->as_of);
  monia_thl_period_of_day (&ret->from, &period_from, &period_to, &due_day);
  due = monia_format_date (&due_day);

  add (self, STYLE_TITLE, TRUE, g_strdup (_("THL return of child welfare processing times")));
  add (self, STYLE_SUBTITLE, TRUE, g_strdup (unit->kind == MONIA_UNIT_REGION
                                              ? _("The whole wellbeing services county")
                                              : unit->name != NULL ? unit->name : unit->id));
  if (g_date_compare (&period_from, &ret->from) == 0 && g_date_compare (&period_to, &ret->to) == 0)
    /* Translators: the printed return's period, the day it is due to THL and the day it was counted */
    add (self, STYLE_SUBTITLE, TRUE, g_strdup_printf (_("%s – %s · due %s · as of %s"), from, to, due, as_of));
  else
    add (self, STYLE_SUBTITLE, TRUE, g_strdup_printf (_("%s – %s · as of %s"), from, to, as_of));

  add (self, STYLE_HEADING, TRUE, g_strdup (_("Decisions to start the assessment")));
  add_row (self, _("Matters that became pending"), c->became_pending, 0);
  add_row (self, _("Decided within 7 working days"), c->started_within_7, c->became_pending);
  add_row (self, _("Decided late"), c->started_late, 0);
  add_row (self, _("Not decided, within the limit"), c->not_started_within_limit, 0);
  add_row (self, _("Not decided, late"), c->not_started_late, 0);
  add_row (self, _("Late by 1–7 working days"), c->start_late_by[0], 0);
  add_row (self, _("Late by 8–14 working days"), c->start_late_by[1], 0);
  add_row (self, _("Late by 15 or more working days"), c->start_late_by[2], 0);

  add (self, STYLE_HEADING, TRUE, g_strdup (_("Assessments completed")));
  add_row (self, _("Completed in the period"), c->completed, 0);
  add_row (self, _("Within 3 months"), c->completed_within_3_months, c->completed);
  add_row (self, _("Late"), c->completed_late, 0);
  add_row (self, _("Late by 1–30 days"), c->completion_late_by[0], 0);
  add_row (self, _("Late by 31–90 days"), c->completion_late_by[1], 0);
  add_row (self, _("Late by 91 or more days"), c->completion_late_by[2], 0);

  add_unit_lines (self, ret, data);
  add_late_lines (self, ret, data);

  add (self, STYLE_HEADING, TRUE, g_strdup (_("Comment for the supervisor")));
  add (self, STYLE_BODY, FALSE, g_strdup (comment != NULL && *comment != '\0' ? comment : _("No comment.")));

  /* Translators: the printed return's footer; the %s are the period's days */
  self->footer = g_strdup_printf (_("THL return %s – %s"), from, to);
  return self;
}

void
monia_thl_document_free (MoniaThlDocument *self)
{
  if (self == NULL)
    return;
  g_free (self->footer);
  g_ptr_array_unref (self->blocks);
  g_ptr_array_unref (self->pages);
  g_clear_object (&self->footer_left);
  g_clear_object (&self->footer_right);
  g_free (self);
}

char *
monia_thl_document_dup_text (MoniaThlDocument *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (self->blocks, i);

      g_string_append (out, block->text);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static PangoLayout *
create_layout (PangoContext *context,
               Style         style,
               double        width,
               const char   *text)
{
  PangoLayout *layout = pango_layout_new (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (styles[style].font);

  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  if (style == STYLE_ROW || style == STYLE_DETAIL)
    {
      /* The figure (or the details) at a tab stop well to the right. */
      PangoTabArray *tabs = pango_tab_array_new_with_positions (1, FALSE, PANGO_TAB_LEFT,
                                                                (int) (width * (style == STYLE_ROW ? 0.6 : 0.35)
                                                                       * PANGO_SCALE));

      pango_layout_set_tabs (layout, tabs);
      pango_tab_array_free (tabs);
    }
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static double
line_height (PangoLayout *layout,
             int          line)
{
  PangoRectangle logical;

  pango_layout_line_get_extents (pango_layout_get_line_readonly (layout, line), NULL, &logical);
  return (double) logical.height / PANGO_SCALE;
}

guint
monia_thl_document_paginate (MoniaThlDocument *self,
                             PangoContext     *context,
                             double            width,
                             double            height)
{
  double content, y = 0;
  GArray *page;

  g_return_val_if_fail (self != NULL, 0);

  self->width = width;
  self->height = height;
  g_ptr_array_set_size (self->pages, 0);

  g_clear_object (&self->footer_left);
  g_clear_object (&self->footer_right);
  self->footer_left = create_layout (context, STYLE_FOOTER, width * 0.75, self->footer);
  self->footer_right = create_layout (context, STYLE_FOOTER, width * 0.25, "");
  pango_layout_set_alignment (self->footer_right, PANGO_ALIGN_RIGHT);
  {
    int h;

    pango_layout_get_size (self->footer_left, NULL, &h);
    self->footer_height = (double) h / PANGO_SCALE;
  }
  content = MAX (height - self->footer_height - FOOTER_GAP, 72.0);

  page = g_array_new (FALSE, FALSE, sizeof (Placement));
  g_ptr_array_add (self->pages, page);
  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (self->blocks, i);
      Placement placement = { i, 0, 0, 0 };
      int n_lines;
      double space;

      g_clear_object (&block->layout);
      block->layout = create_layout (context, block->style, width, block->text);
      n_lines = pango_layout_get_line_count (block->layout);
      space = y > 0 ? styles[block->style].space_before : 0;

      /* A heading does not stay alone at a page's foot. */
      if (y > 0 && block->keep_with_next && y + space + 3 * line_height (block->layout, 0) > content)
        {
          page = g_array_new (FALSE, FALSE, sizeof (Placement));
          g_ptr_array_add (self->pages, page);
          y = space = 0;
        }
      y += space;
      placement.y = y;
      for (int l = 0; l < n_lines; l++)
        {
          double h = line_height (block->layout, l);

          if (y + h > content && y > 0)
            {
              if (placement.n_lines > 0)
                g_array_append_val (page, placement);
              page = g_array_new (FALSE, FALSE, sizeof (Placement));
              g_ptr_array_add (self->pages, page);
              placement.first_line = l;
              placement.n_lines = 0;
              placement.y = y = 0;
            }
          placement.n_lines++;
          y += h;
        }
      g_array_append_val (page, placement);
    }
  return self->pages->len;
}

void
monia_thl_document_draw_page (MoniaThlDocument *self,
                              cairo_t          *cr,
                              guint             page_nr)
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
      double y = placement->y;

      cairo_set_source_rgb (cr, styles[block->style].gray, styles[block->style].gray, styles[block->style].gray);
      for (int l = placement->first_line; l < placement->first_line + placement->n_lines; l++)
        {
          PangoLayoutLine *line = pango_layout_get_line_readonly (block->layout, l);
          PangoRectangle logical;

          pango_layout_line_get_extents (line, NULL, &logical);
          cairo_move_to (cr, 0, y - (double) logical.y / PANGO_SCALE);
          pango_cairo_show_layout_line (cr, line);
          y += (double) logical.height / PANGO_SCALE;
        }
    }

  footer_y = self->height - self->footer_height;
  cairo_set_source_rgb (cr, styles[STYLE_FOOTER].gray, styles[STYLE_FOOTER].gray, styles[STYLE_FOOTER].gray);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, 0, footer_y - FOOTER_GAP / 2);
  cairo_line_to (cr, self->width, footer_y - FOOTER_GAP / 2);
  cairo_stroke (cr);
  cairo_move_to (cr, 0, footer_y);
  pango_cairo_show_layout (cr, self->footer_left);
  /* Translators: a printed page's number: this page, then how many */
  page_text = g_strdup_printf (C_("printed return", "Page %u of %u"), page_nr + 1, self->pages->len);
  pango_layout_set_text (self->footer_right, page_text, -1);
  cairo_move_to (cr, self->width * 0.75, footer_y);
  pango_cairo_show_layout (cr, self->footer_right);
}

static guint
paginate_return (gpointer      document,
                 PangoContext *context,
                 double        width,
                 double        height)
{
  return monia_thl_document_paginate (document, context, width, height);
}

static void
draw_return_page (gpointer  document,
                  cairo_t  *cr,
                  guint     page)
{
  monia_thl_document_draw_page (document, cr, page);
}

gboolean
monia_thl_document_write_pdf (MoniaThlDocument  *self,
                              const char        *path,
                              guint             *n_pages,
                              GError           **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return monia_print_write_pdf_a4 (paginate_return, draw_return_page, self, path, n_pages, error);
}

gboolean
monia_thl_record_output (MoniaStore   *store,
                         const GDate  *from,
                         const GDate  *to,
                         const char   *action,
                         GError      **error)
{
  return monia_audit_record_thl_output (store, from, to, action, error);
}

typedef struct
{
  MoniaThlDocument *document;
  MoniaStore       *store;
  GDate             from;
  GDate             to;
} PrintJob;

static void
print_job_free (gpointer data)
{
  PrintJob *job = data;

  monia_thl_document_free (job->document);
  g_clear_object (&job->store);
  g_free (job);
}

static void
on_begin_print (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PrintJob          *job)
{
  g_autoptr(GError) error = NULL;
  PangoContext *pango_context;

  if (!monia_thl_record_output (job->store, &job->from, &job->to, "print", &error))
    {
      g_warning ("The print of the THL return could not be recorded: %s", error->message);
      gtk_print_operation_cancel (operation);
      return;
    }
  pango_context = gtk_print_context_create_pango_context (context);
  gtk_print_operation_set_n_pages (operation,
                                   (int) monia_thl_document_paginate (job->document, pango_context,
                                                                      gtk_print_context_get_width (context),
                                                                      gtk_print_context_get_height (context)));
  g_object_unref (pango_context);
}

static void
on_draw_page (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              PrintJob          *job)
{
  if (page_nr < 0 || (guint) page_nr >= job->document->pages->len)
    return;
  monia_thl_document_draw_page (job->document, gtk_print_context_get_cairo_context (context), (guint) page_nr);
}

GtkPrintOperation *
monia_thl_print_operation_new (MoniaThlDocument *document,
                               MoniaStore       *store,
                               const GDate      *from,
                               const GDate      *to)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) page_setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  PrintJob *job = g_new0 (PrintJob, 1);

  job->document = document;
  job->store = g_object_ref (store);
  job->from = *from;
  job->to = *to;
  g_object_set_data_full (G_OBJECT (operation), "monia-print-job", job, print_job_free);

  gtk_page_setup_set_paper_size_and_default_margins (page_setup, a4);
  gtk_print_operation_set_default_page_setup (operation, page_setup);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, _("THL Return"));
  g_signal_connect (operation, "begin-print", G_CALLBACK (on_begin_print), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page), job);
  return operation;
}
