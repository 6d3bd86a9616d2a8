/* monia-search-page.c — search results as you type: people, cases, notes
 *
 * The store's full-text search is quick enough to run on the main thread
 * as the search entry reports changes: on a region's 50,000 cases the query
 * and filling the rows take 1-2 ms a keystroke (6 ms at the 95th
 * percentile, tests/bench/run-ui-bench.sh).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-search-page.h"

/* Results are shown anew at every keystroke: a screenful or two, the
 * newest first; typing more narrows them. */
#define MAX_RESULTS 30
#define MIN_CHARS   2

/* The looked-up cases and people kept between keystrokes, at most. */
#define MAX_CACHED  1000

struct _MoniaSearchPage
{
  AdwBin         parent_instance;

  MoniaStore    *store;
  GHashTable    *case_titles;   /* case id → title, or "" when it is gone */
  GHashTable    *person_cases;  /* person id → their first case's id, or "" */

  GtkStack      *stack;
  AdwStatusPage *none_page;
  GtkListBox    *list_box;
};

/* The parts of a result row, kept on it: rows are filled again for the
 * next keystroke's results rather than made anew. */
typedef struct
{
  GtkImage  *icon;
  GtkLabel  *title;
  GtkLabel  *subtitle;
  GtkWidget *arrow;
} HitRow;

G_DEFINE_FINAL_TYPE (MoniaSearchPage, monia_search_page, ADW_TYPE_BIN)

enum {
  CASE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const struct {
  const char *kind;
  const char *heading;
} groups[] = {
  { "person", N_("People") },
  { "case", N_("Cases") },
  { "event", N_("Notes") },
};

static guint
kind_order (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    if (g_strcmp0 (kind, groups[i].kind) == 0)
      return i;
  return G_N_ELEMENTS (groups);
}

static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const MoniaSearchHit *ha = *(MoniaSearchHit * const *) a;
  const MoniaSearchHit *hb = *(MoniaSearchHit * const *) b;

  return (int) kind_order (ha->kind) - (int) kind_order (hb->kind);
}

/* The snippet with its «match» in bold, safe as markup. */
static char *
build_snippet_markup (const char *snippet)
{
  g_autofree char *escaped = g_markup_escape_text (snippet != NULL ? snippet : "", -1);
  GString *markup = g_string_new (escaped);

  g_string_replace (markup, "«", "<b>", 0);
  g_string_replace (markup, "»", "</b>", 0);
  return g_string_free (markup, FALSE);
}

/* The case a hit opens: its own, or for a person the first they are in.
 * Looked up once per person while the store stays as it is: the same
 * people come back keystroke after keystroke. */
static const char *
lookup_hit_case_id (MoniaSearchPage *self,
                    MoniaSearchHit  *hit)
{
  g_autoptr(GPtrArray) links = NULL;
  const char *case_id;

  if (hit->case_id != NULL)
    return hit->case_id;

  if (g_strcmp0 (hit->kind, "person") != 0 || hit->record_id == NULL)
    return NULL;

  case_id = g_hash_table_lookup (self->person_cases, hit->record_id);
  if (case_id == NULL)
    {
      if (g_hash_table_size (self->person_cases) >= MAX_CACHED)
        g_hash_table_remove_all (self->person_cases);
      links = monia_store_find (self->store, "case_person", "person_id", hit->record_id, NULL);
      case_id = links != NULL && links->len > 0
        ? monia_record_get_string (g_ptr_array_index (links, 0), "case_id") : NULL;
      g_hash_table_insert (self->person_cases, g_strdup (hit->record_id), g_strdup (case_id != NULL ? case_id : ""));
      case_id = g_hash_table_lookup (self->person_cases, hit->record_id);
    }

  return case_id[0] != '\0' ? case_id : NULL;
}

static const char *
lookup_case_title (MoniaSearchPage *self,
                   const char      *case_id)
{
  const char *title;

  if (case_id == NULL)
    return NULL;

  title = g_hash_table_lookup (self->case_titles, case_id);
  if (title == NULL)
    {
      if (g_hash_table_size (self->case_titles) >= MAX_CACHED)
        g_hash_table_remove_all (self->case_titles);
      g_autoptr(MoniaRecord) case_ = monia_store_get (self->store, "case", case_id, NULL);
      const char *text = case_ != NULL ? monia_record_get_string (case_, "title") : NULL;

      g_hash_table_insert (self->case_titles, g_strdup (case_id), g_strdup (text != NULL ? text : ""));
      title = g_hash_table_lookup (self->case_titles, case_id);
    }

  return title[0] != '\0' ? title : NULL;
}

static void
on_store_committed (MoniaSearchPage *self)
{
  g_hash_table_remove_all (self->case_titles);
  g_hash_table_remove_all (self->person_cases);
}

static void
update_header (GtkListBoxRow *row,
               GtkListBoxRow *before,
               gpointer       user_data)
{
  const char *kind = g_object_get_data (G_OBJECT (row), "monia-kind");
  const char *before_kind = before != NULL ? g_object_get_data (G_OBJECT (before), "monia-kind") : NULL;
  GtkWidget *header;
  guint order;

  if (before != NULL && g_strcmp0 (kind, before_kind) == 0)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  order = kind_order (kind);
  header = gtk_list_box_row_get_header (row);
  if (!GTK_IS_LABEL (header))
    {
      header = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (header), 0);
      gtk_widget_add_css_class (header, "heading");
      gtk_widget_add_css_class (header, "search-heading");
      gtk_list_box_row_set_header (row, header);
    }
  gtk_label_set_text (GTK_LABEL (header), order < G_N_ELEMENTS (groups) ? _(groups[order].heading) : kind);
}

/* One line each for the match and its case, ellipsized. Results change at
 * every keystroke: labels that wrap (as in AdwActionRow) are measured
 * height-for-width again and again, and reshaping their text took some
 * 200 ms a keystroke for sixty results (tests/bench/run-ui-bench.sh); a
 * label that does not wrap is measured once. */
static GtkLabel *
create_line_label (void)
{
  GtkLabel *label = GTK_LABEL (gtk_label_new (NULL));

  gtk_label_set_xalign (label, 0);
  gtk_label_set_ellipsize (label, PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (label, TRUE);
  return label;
}

/* An empty result row. Rows are kept and filled again for the next
 * results: making and dropping thirty rows at each keystroke (widgets,
 * their styles, their text contexts) was the larger part of the time to
 * the next frame. */
static GtkListBoxRow *
create_hit_row (void)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  HitRow *parts = g_new0 (HitRow, 1);

  parts->icon = GTK_IMAGE (gtk_image_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (parts->icon));

  parts->title = create_line_label ();
  gtk_widget_add_css_class (GTK_WIDGET (parts->title), "title");
  gtk_box_append (GTK_BOX (texts), GTK_WIDGET (parts->title));

  parts->subtitle = create_line_label ();
  gtk_widget_add_css_class (GTK_WIDGET (parts->subtitle), "subtitle");
  gtk_widget_add_css_class (GTK_WIDGET (parts->subtitle), "dim-label");
  gtk_box_append (GTK_BOX (texts), GTK_WIDGET (parts->subtitle));

  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), texts);

  parts->arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
  gtk_box_append (GTK_BOX (box), parts->arrow);

  gtk_widget_add_css_class (box, "search-result");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "monia-hit-row", parts, g_free);

  return GTK_LIST_BOX_ROW (row);
}

/* Sets @text on @label unless it shows it already: a label given its text
 * again is laid out again. */
static void
set_label_text (GtkLabel   *label,
                const char *text,
                gboolean    use_markup)
{
  if (g_strcmp0 (gtk_label_get_label (label), text) == 0 &&
      gtk_label_get_use_markup (label) == use_markup)
    return;

  if (use_markup)
    gtk_label_set_markup (label, text);
  else
    gtk_label_set_text (label, text);
}

static void
fill_hit_row (MoniaSearchPage *self,
              GtkListBoxRow   *row,
              MoniaSearchHit  *hit)
{
  HitRow *parts = g_object_get_data (G_OBJECT (row), "monia-hit-row");
  g_autofree char *markup = build_snippet_markup (hit->snippet);
  const char *case_id = lookup_hit_case_id (self, hit);
  const char *case_title = NULL;
  const char *subtitle = NULL;
  const char *icon_name;

  gtk_list_box_row_set_activatable (row, case_id != NULL);

  if (g_strcmp0 (hit->kind, "person") == 0)
    icon_name = "avatar-default-symbolic";
  else if (g_strcmp0 (hit->kind, "case") == 0)
    icon_name = "folder-symbolic";
  else
    icon_name = "document-edit-symbolic";
  if (g_strcmp0 (gtk_image_get_icon_name (parts->icon), icon_name) != 0)
    gtk_image_set_from_icon_name (parts->icon, icon_name);

  set_label_text (parts->title, markup, TRUE);

  if (g_strcmp0 (hit->kind, "case") != 0)
    case_title = lookup_case_title (self, case_id);
  if (case_title != NULL)
    subtitle = case_title;
  else if (case_id == NULL)
    subtitle = _("Not in any case");
  if (subtitle != NULL)
    set_label_text (parts->subtitle, subtitle, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (parts->subtitle), subtitle != NULL);

  gtk_widget_set_visible (parts->arrow, case_id != NULL);

  /* A screen reader gets the text without the match marks. */
  {
    g_autoptr(GString) text = g_string_new (hit->snippet != NULL ? hit->snippet : "");

    g_string_replace (text, "«", "", 0);
    g_string_replace (text, "»", "", 0);
    gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, text->str,
                                    -1);
    g_object_set_data_full (G_OBJECT (row), "monia-title", g_string_free (g_steal_pointer (&text), FALSE), g_free);
  }

  g_object_set_data_full (G_OBJECT (row), "monia-kind", g_strdup (hit->kind), g_free);
  g_object_set_data_full (G_OBJECT (row), "monia-case-id", g_strdup (case_id), g_free);
}

/* Shows @hits in the list, reusing its rows: as many rows as hits. */
static void
show_hits (MoniaSearchPage *self,
           GPtrArray       *hits)
{
  GtkListBoxRow *row;
  guint i;

  for (i = 0; i < hits->len; i++)
    {
      row = gtk_list_box_get_row_at_index (self->list_box, i);
      if (row == NULL)
        {
          row = create_hit_row ();
          gtk_list_box_append (self->list_box, GTK_WIDGET (row));
        }
      fill_hit_row (self, row, g_ptr_array_index (hits, i));
    }

  while ((row = gtk_list_box_get_row_at_index (self->list_box, i)) != NULL)
    gtk_list_box_remove (self->list_box, GTK_WIDGET (row));

  /* The kinds of the rows changed under the headers. */
  gtk_list_box_invalidate_headers (self->list_box);
}

static void
on_row_activated (MoniaSearchPage *self,
                  GtkListBoxRow   *row)
{
  const char *case_id = g_object_get_data (G_OBJECT (row), "monia-case-id");

  if (case_id != NULL)
    g_signal_emit (self, signals[CASE_ACTIVATED], 0, case_id);
}

static void
monia_search_page_dispose (GObject *object)
{
  MoniaSearchPage *self = MONIA_SEARCH_PAGE (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->case_titles, g_hash_table_unref);
  g_clear_pointer (&self->person_cases, g_hash_table_unref);

  G_OBJECT_CLASS (monia_search_page_parent_class)->dispose (object);
}

static void
monia_search_page_class_init (MoniaSearchPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = monia_search_page_dispose;

  /**
   * MoniaSearchPage::case-activated:
   * @self: the page
   * @case_id: the case the activated result belongs to
   */
  signals[CASE_ACTIVATED] =
    g_signal_new ("case-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
monia_search_page_init (MoniaSearchPage *self)
{
  GtkWidget *initial, *scrolled, *clamp;

  self->case_titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->person_cases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  self->stack = GTK_STACK (gtk_stack_new ());
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->stack));

  initial = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (initial), "system-search-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (initial), _("Search People, Cases and Notes"));
  adw_status_page_set_description (ADW_STATUS_PAGE (initial), _("Type a name, an identity code or a word from a note."));
  gtk_stack_add_named (self->stack, initial, "initial");

  self->none_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->none_page, "system-search-symbolic");
  adw_status_page_set_title (self->none_page, _("No Results"));
  adw_status_page_set_description (self->none_page, _("Try a shorter word or another spelling."));
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->none_page), "none");

  self->list_box = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list_box, GTK_SELECTION_NONE);
  gtk_list_box_set_header_func (self->list_box, update_header, NULL, NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->list_box), "boxed-list");
  gtk_widget_set_valign (GTK_WIDGET (self->list_box), GTK_ALIGN_START);
  gtk_widget_set_margin_top (GTK_WIDGET (self->list_box), 18);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->list_box), 18);
  gtk_widget_set_margin_start (GTK_WIDGET (self->list_box), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->list_box), 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search results"),
                                  -1);
  g_signal_connect_swapped (self->list_box, "row-activated", G_CALLBACK (on_row_activated), self);

  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->list_box));
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_stack_add_named (self->stack, scrolled, "results");

  gtk_stack_set_visible_child_name (self->stack, "initial");
}

GtkWidget *
monia_search_page_new (MoniaStore *store)
{
  MoniaSearchPage *self;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);

  self = g_object_new (MONIA_TYPE_SEARCH_PAGE, NULL);
  self->store = g_object_ref (store);
  g_signal_connect_object (store, "committed", G_CALLBACK (on_store_committed), self, G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

void
monia_search_page_set_text (MoniaSearchPage *self,
                            const char      *text)
{
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *clean = NULL;

  g_return_if_fail (MONIA_IS_SEARCH_PAGE (self));

  /* Until there are results again the list is not shown, and its rows
   * wait there to be filled with them. */

  /* One letter matches a good part of a region's store and is not yet
   * worth showing; it is also the slowest query (the index keeps prefixes
   * of two and three letters), so the search starts at the second. */
  clean = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (g_utf8_strlen (clean, -1) < MIN_CHARS)
    {
      gtk_stack_set_visible_child_name (self->stack, "initial");
      return;
    }

  hits = monia_store_search (self->store, clean, MAX_RESULTS, &error);
  if (hits == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      adw_status_page_set_description (self->none_page, escaped);
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  adw_status_page_set_description (self->none_page, _("Try a shorter word or another spelling."));
  if (hits->len == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  /* Grouped people, cases, notes; newest first within each (a stable sort). */
  g_ptr_array_sort (hits, compare_hits);
  show_hits (self, hits);

  gtk_stack_set_visible_child_name (self->stack, "results");
}

GtkListBox *
monia_search_page_get_list_box (MoniaSearchPage *self)
{
  g_return_val_if_fail (MONIA_IS_SEARCH_PAGE (self), NULL);

  return self->list_box;
}

const char *
monia_search_page_get_row_title (MoniaSearchPage *self,
                                 GtkListBoxRow   *row)
{
  g_return_val_if_fail (MONIA_IS_SEARCH_PAGE (self), NULL);
  g_return_val_if_fail (GTK_IS_LIST_BOX_ROW (row), NULL);

  return g_object_get_data (G_OBJECT (row), "monia-title");
}

const char *
monia_search_page_get_state (MoniaSearchPage *self)
{
  g_return_val_if_fail (MONIA_IS_SEARCH_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

gboolean
monia_search_page_activate_first (MoniaSearchPage *self)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (MONIA_IS_SEARCH_PAGE (self), FALSE);

  /* Without results the list keeps the rows of earlier ones. */
  if (!g_str_equal (gtk_stack_get_visible_child_name (self->stack), "results"))
    return FALSE;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->list_box, i)) != NULL; i++)
    {
      if (gtk_list_box_row_get_activatable (row))
        {
          on_row_activated (self, row);
          return TRUE;
        }
    }
  return FALSE;
}
