/* monia-record-list.c
 *
 * Holds only the order of the rows (their SQLite rowids) and reads records a
 * page at a time when the view asks for them, keeping a bounded number of
 * pages. A region's 50,000 cases cost 400 KB of row ids, not 50,000 objects.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-record-list"

#include "config.h"

#include "monia-record-list.h"
#include "monia-store-private.h"

struct _MoniaRecordList
{
  GObject          parent_instance;

  MoniaStore      *store;      /* weak: the list does not keep the store open */
  const MoniaKind *kind;
  char            *rowid_sql;
  char            *param;      /* bound to ?1 in rowid_sql, or NULL */
  GArray          *rowids;     /* gint64 */
  GHashTable      *pages;      /* page number → GPtrArray of MoniaRecord (NULL slots until read) */
  GQueue           page_order; /* page numbers, most recently used first */
  GHashTable      *dirty_ids;  /* record ids changed since the last refresh */
};

static void monia_record_list_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MoniaRecordList, monia_record_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, monia_record_list_iface_init))

static GType
monia_record_list_get_item_type (GListModel *model)
{
  return MONIA_TYPE_RECORD;
}

static guint
monia_record_list_get_n_items (GListModel *model)
{
  MoniaRecordList *self = MONIA_RECORD_LIST (model);

  return self->rowids->len;
}

static void
drop_pages (MoniaRecordList *self)
{
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->page_order);
}

static GPtrArray *
get_page (MoniaRecordList *self,
          guint            page)
{
  GPtrArray *records = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  guint first = page * MONIA_RECORD_LIST_PAGE_SIZE;
  guint last = MIN (first + MONIA_RECORD_LIST_PAGE_SIZE, self->rowids->len);

  if (records != NULL)
    {
      /* Move to the front of the use order. */
      g_queue_remove (&self->page_order, GUINT_TO_POINTER (page));
      g_queue_push_head (&self->page_order, GUINT_TO_POINTER (page));
      return records;
    }

  while (g_queue_get_length (&self->page_order) >= MONIA_RECORD_LIST_MAX_PAGES)
    g_hash_table_remove (self->pages, g_queue_pop_tail (&self->page_order));

  records = g_ptr_array_new_full (last - first, g_object_unref);
  for (guint i = first; i < last; i++)
    g_ptr_array_add (records, _monia_store_read_by_rowid (self->store, self->kind,
                                                          g_array_index (self->rowids, gint64, i)));

  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), records);
  g_queue_push_head (&self->page_order, GUINT_TO_POINTER (page));
  return records;
}

static gpointer
monia_record_list_get_item (GListModel *model,
                            guint       position)
{
  MoniaRecordList *self = MONIA_RECORD_LIST (model);
  GPtrArray *records;
  MoniaRecord *record;

  if (position >= self->rowids->len || self->store == NULL)
    return NULL;

  records = get_page (self, position / MONIA_RECORD_LIST_PAGE_SIZE);
  record = g_ptr_array_index (records, position % MONIA_RECORD_LIST_PAGE_SIZE);

  /* A row removed behind our back (another process) reads as NULL: give an
   * empty record rather than break the view's contract. */
  if (record == NULL)
    return monia_record_new (self->kind, "00000000-0000-0000-0000-000000000000", 0);
  return g_object_ref (record);
}

static void
monia_record_list_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = monia_record_list_get_item_type;
  iface->get_n_items = monia_record_list_get_n_items;
  iface->get_item = monia_record_list_get_item;
}

static GArray *
load_rowids (MoniaRecordList *self)
{
  g_autoptr(GError) error = NULL;
  GArray *rowids = _monia_store_query_rowids (self->store, self->rowid_sql, self->param, &error);

  if (rowids == NULL)
    {
      /* The view shows what it had; the store reports the error where the
       * person acted. */
      g_warning ("Could not list %s records: %s", self->kind->name, error->message);
      return g_array_new (FALSE, FALSE, sizeof (gint64));
    }
  return rowids;
}

static guint
find_rowid (GArray *rowids,
            gint64  rowid)
{
  for (guint i = 0; i < rowids->len; i++)
    if (g_array_index (rowids, gint64, i) == rowid)
      return i;
  return G_MAXUINT;
}

static void
refresh (MoniaRecordList *self)
{
  g_autoptr(GArray) old = self->rowids;
  g_autoptr(GHashTable) dirty = g_steal_pointer (&self->dirty_ids);
  guint prefix = 0, suffix = 0;
  GHashTableIter iter;
  gpointer id;

  self->dirty_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->rowids = load_rowids (self);
  drop_pages (self);

  while (prefix < old->len && prefix < self->rowids->len &&
         g_array_index (old, gint64, prefix) == g_array_index (self->rowids, gint64, prefix))
    prefix++;
  while (suffix < old->len - prefix && suffix < self->rowids->len - prefix &&
         g_array_index (old, gint64, old->len - 1 - suffix) ==
         g_array_index (self->rowids, gint64, self->rowids->len - 1 - suffix))
    suffix++;

  if (prefix != old->len || old->len != self->rowids->len)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                                old->len - prefix - suffix,
                                self->rowids->len - prefix - suffix);

  /* Records changed in place outside the range already announced. */
  g_hash_table_iter_init (&iter, dirty);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    {
      gint64 rowid = _monia_store_lookup_rowid (self->store, self->kind, id);
      guint position = rowid < 0 ? G_MAXUINT : find_rowid (self->rowids, rowid);

      if (position == G_MAXUINT)
        continue;
      if (position < prefix || position >= self->rowids->len - suffix || prefix == old->len)
        g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
    }
}

static void
on_store_record_changed (MoniaRecordList *self,
                         const char      *kind,
                         const char      *id,
                         MoniaStore      *store)
{
  if (g_str_equal (kind, self->kind->name))
    g_hash_table_add (self->dirty_ids, g_strdup (id));
}

static void
on_store_committed (MoniaRecordList *self,
                    MoniaStore      *store)
{
  if (g_hash_table_size (self->dirty_ids) > 0)
    refresh (self);
}

static void
monia_record_list_dispose (GObject *object)
{
  MoniaRecordList *self = (MoniaRecordList *) object;

  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->store, self);
      g_object_remove_weak_pointer (G_OBJECT (self->store), (gpointer *) &self->store);
      self->store = NULL;
    }
  drop_pages (self);

  G_OBJECT_CLASS (monia_record_list_parent_class)->dispose (object);
}

static void
monia_record_list_finalize (GObject *object)
{
  MoniaRecordList *self = (MoniaRecordList *) object;

  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->rowids, g_array_unref);
  g_clear_pointer (&self->dirty_ids, g_hash_table_unref);
  g_free (self->rowid_sql);
  g_free (self->param);

  G_OBJECT_CLASS (monia_record_list_parent_class)->finalize (object);
}

static void
monia_record_list_class_init (MoniaRecordListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = monia_record_list_dispose;
  object_class->finalize = monia_record_list_finalize;
}

static void
monia_record_list_init (MoniaRecordList *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->dirty_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&self->page_order);
}

guint
monia_record_list_get_n_cached (MoniaRecordList *self)
{
  GHashTableIter iter;
  gpointer records;
  guint n = 0;

  g_return_val_if_fail (MONIA_IS_RECORD_LIST (self), 0);

  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, NULL, &records))
    n += ((GPtrArray *) records)->len;
  return n;
}

GListModel *
_monia_record_list_new (MoniaStore      *store,
                        const MoniaKind *kind,
                        const char      *where,
                        const char      *param,
                        const char      *order_by)
{
  MoniaRecordList *self = g_object_new (MONIA_TYPE_RECORD_LIST, NULL);

  self->store = store;
  g_object_add_weak_pointer (G_OBJECT (store), (gpointer *) &self->store);
  self->kind = kind;
  self->param = g_strdup (param);
  self->rowid_sql = g_strdup_printf ("SELECT rowid FROM %s WHERE deleted = 0%s%s ORDER BY %s",
                                     kind->table,
                                     where != NULL ? " AND " : "",
                                     where != NULL ? where : "",
                                     order_by);
  self->rowids = load_rowids (self);

  g_signal_connect_object (store, "record-changed", G_CALLBACK (on_store_record_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "committed", G_CALLBACK (on_store_committed),
                           self, G_CONNECT_SWAPPED);
  return G_LIST_MODEL (self);
}
