/* monia-row-list.c — the store's live list of records, as a list box's rows
 *
 * Keeps the ids of the source's items. A change the source announces is
 * compared with them: the ids that stay where they were (a record changed
 * in place, or the ends of a range the source announced whole) are left
 * out of the change passed on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include "monia-core.h"
#include "monia-row-list.h"

struct _MoniaRowList
{
  GObject     parent_instance;

  GListModel *source;
  GPtrArray  *ids;     /* of the source's items, in its order */
};

static void monia_row_list_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MoniaRowList, monia_row_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, monia_row_list_iface_init))

static GType
monia_row_list_get_item_type (GListModel *model)
{
  return MONIA_TYPE_RECORD;
}

static guint
monia_row_list_get_n_items (GListModel *model)
{
  return MONIA_ROW_LIST (model)->ids->len;
}

static gpointer
monia_row_list_get_item (GListModel *model,
                         guint       position)
{
  MoniaRowList *self = MONIA_ROW_LIST (model);

  return position < self->ids->len ? g_list_model_get_item (self->source, position) : NULL;
}

static void
monia_row_list_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = monia_row_list_get_item_type;
  iface->get_n_items = monia_row_list_get_n_items;
  iface->get_item = monia_row_list_get_item;
}

static char *
dup_id (GListModel *model,
        guint       position)
{
  g_autoptr(GObject) item = g_list_model_get_item (model, position);

  return g_strdup (MONIA_IS_RECORD (item) ? monia_record_get_id (MONIA_RECORD (item)) : "");
}

static void
on_source_items_changed (MoniaRowList *self,
                         guint         position,
                         guint         removed,
                         guint         added,
                         GListModel   *source)
{
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_full (added, g_free);
  guint prefix = 0, suffix = 0;

  g_return_if_fail (position + removed <= self->ids->len);

  for (guint i = 0; i < added; i++)
    g_ptr_array_add (fresh, dup_id (source, position + i));

  while (prefix < removed && prefix < added &&
         g_str_equal (self->ids->pdata[position + prefix], fresh->pdata[prefix]))
    prefix++;
  while (suffix < removed - prefix && suffix < added - prefix &&
         g_str_equal (self->ids->pdata[position + removed - 1 - suffix], fresh->pdata[added - 1 - suffix]))
    suffix++;

  g_ptr_array_remove_range (self->ids, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (self->ids, position + i, g_steal_pointer (&fresh->pdata[i]));

  if (removed - prefix - suffix > 0 || added - prefix - suffix > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), position + prefix,
                                removed - prefix - suffix, added - prefix - suffix);
}

static void
monia_row_list_dispose (GObject *object)
{
  MoniaRowList *self = MONIA_ROW_LIST (object);

  if (self->source != NULL)
    g_signal_handlers_disconnect_by_data (self->source, self);
  g_clear_object (&self->source);

  G_OBJECT_CLASS (monia_row_list_parent_class)->dispose (object);
}

static void
monia_row_list_finalize (GObject *object)
{
  MoniaRowList *self = MONIA_ROW_LIST (object);

  g_ptr_array_unref (self->ids);

  G_OBJECT_CLASS (monia_row_list_parent_class)->finalize (object);
}

static void
monia_row_list_class_init (MoniaRowListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = monia_row_list_dispose;
  object_class->finalize = monia_row_list_finalize;
}

static void
monia_row_list_init (MoniaRowList *self)
{
  self->ids = g_ptr_array_new_with_free_func (g_free);
}

GListModel *
monia_row_list_new (GListModel *source)
{
  MoniaRowList *self;
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (source), NULL);

  self = g_object_new (MONIA_TYPE_ROW_LIST, NULL);
  self->source = g_object_ref (source);
  n = g_list_model_get_n_items (source);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->ids, dup_id (source, i));
  g_signal_connect_object (source, "items-changed", G_CALLBACK (on_source_items_changed),
                           self, G_CONNECT_SWAPPED);
  return G_LIST_MODEL (self);
}
