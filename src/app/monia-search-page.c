/* monia-search-page.c — search results as you type: people, cases, notes
 *
 * The store's full-text search is quick on a desktop's store, so it runs on
 * the main thread as the search entry reports changes. A region-sized store
 * may need it moved to a GTask with a cancellable later.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-search-page.h"

/* Results are rebuilt at every keystroke: a screenful or two, the newest
 * first; typing more narrows them. */
#define MAX_RESULTS 30
#define MIN_CHARS   2

struct _MoniaSearchPage
{
  AdwBin         parent_instance;

  MoniaStore    *store;

  GtkStack      *stack;
  AdwStatusPage *none_page;
  GtkListBox    *list_box;
};

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

/* The case a hit opens: its own, or for a person the first they are in. */
static char *
dup_hit_case_id (MoniaSearchPage *self,
                 MoniaSearchHit  *hit)
{
  g_autoptr(GPtrArray) links = NULL;

  if (hit->case_id != NULL)
    return g_strdup (hit->case_id);

  if (g_strcmp0 (hit->kind, "person") != 0)
    return NULL;

  links = monia_store_find (self->store, "case_person", "person_id", hit->record_id, NULL);
  if (links == NULL || links->len == 0)
    return NULL;

  return g_strdup (monia_record_get_string (g_ptr_array_index (links, 0), "case_id"));
}

static char *
dup_case_title (MoniaSearchPage *self,
                const char      *case_id)
{
  g_autoptr(MoniaRecord) case_ = NULL;

  if (case_id == NULL)
    return NULL;

  case_ = monia_store_get (self->store, "case", case_id, NULL);
  return case_ != NULL ? g_strdup (monia_record_get_string (case_, "title")) : NULL;
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
  header = gtk_label_new (order < G_N_ELEMENTS (groups) ? _(groups[order].heading) : kind);
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "search-heading");
  gtk_list_box_row_set_header (row, header);
}

/* One line each for the match and its case, ellipsized. Results are rebuilt
 * at every keystroke: labels that wrap (as in AdwActionRow) are measured
 * height-for-width again and again, and reshaping their text took some 200 ms
 * a keystroke for sixty results (tests/bench/run-ui-bench.sh); a label that
 * does not wrap is measured once. */
static GtkWidget *
create_line_label (const char *text,
                   gboolean    use_markup)
{
  GtkWidget *label = gtk_label_new (NULL);

  if (use_markup)
    gtk_label_set_markup (GTK_LABEL (label), text);
  else
    gtk_label_set_text (GTK_LABEL (label), text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  return label;
}

static GtkWidget *
create_hit_row (MoniaSearchPage *self,
                MoniaSearchHit  *hit)
{
  g_autofree char *markup = build_snippet_markup (hit->snippet);
  g_autofree char *case_id = dup_hit_case_id (self, hit);
  g_autofree char *case_title = NULL;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title = create_line_label (markup, TRUE);
  const char *subtitle = NULL;
  const char *icon_name;

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), case_id != NULL);

  if (g_strcmp0 (hit->kind, "person") == 0)
    icon_name = "avatar-default-symbolic";
  else if (g_strcmp0 (hit->kind, "case") == 0)
    icon_name = "folder-symbolic";
  else
    icon_name = "document-edit-symbolic";
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (icon_name));

  gtk_widget_add_css_class (title, "title");
  gtk_box_append (GTK_BOX (texts), title);

  if (g_strcmp0 (hit->kind, "case") != 0)
    case_title = dup_case_title (self, case_id);
  if (case_title != NULL)
    subtitle = case_title;
  else if (case_id == NULL)
    subtitle = _("Not in any case");
  if (subtitle != NULL)
    {
      GtkWidget *label = create_line_label (subtitle, FALSE);

      gtk_widget_add_css_class (label, "subtitle");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (texts), label);
    }
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), texts);

  if (case_id != NULL)
    gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("go-next-symbolic"));

  gtk_widget_add_css_class (box, "search-result");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  /* A screen reader gets the text without the match marks. */
  {
    g_autoptr(GString) text = g_string_new (hit->snippet != NULL ? hit->snippet : "");

    g_string_replace (text, "«", "", 0);
    g_string_replace (text, "»", "", 0);
    gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, text->str,
                                    -1);
    g_object_set_data_full (G_OBJECT (row), "monia-title", g_strdup (text->str), g_free);
  }

  g_object_set_data_full (G_OBJECT (row), "monia-kind", g_strdup (hit->kind), g_free);
  g_object_set_data_full (G_OBJECT (row), "monia-case-id", g_steal_pointer (&case_id), g_free);

  return row;
}

static void
clear_results (MoniaSearchPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);
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

  clear_results (self);

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
  for (guint i = 0; i < hits->len; i++)
    gtk_list_box_append (self->list_box, create_hit_row (self, g_ptr_array_index (hits, i)));

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
