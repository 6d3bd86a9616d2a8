/* monia-protocol.c — the sync protocol's wire format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-protocol"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "monia-error.h"
#include "monia-json-private.h"
#include "monia-protocol.h"

gboolean
monia_feed_is_case (const char *feed)
{
  return feed != NULL && !g_str_equal (feed, MONIA_FEED_DIRECTORY) && !g_str_equal (feed, MONIA_FEED_INBOX);
}

gboolean
monia_feed_name_is_valid (const char *feed)
{
  return feed != NULL &&
         (g_str_equal (feed, MONIA_FEED_DIRECTORY) || g_str_equal (feed, MONIA_FEED_INBOX) ||
          g_uuid_string_is_valid (feed));
}

/* ---- mutations ---- */

static const char *
string_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
is_op (const char *op)
{
  return op != NULL && (g_str_equal (op, "create") || g_str_equal (op, "update") || g_str_equal (op, "delete"));
}

gboolean
monia_wire_mutation_read (JsonNode          *node,
                          MoniaWireMutation *out,
                          GError           **error)
{
  JsonObject *object;
  JsonNode *base;
  JsonNode *fields;

  g_return_val_if_fail (node != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    goto bad;
  object = json_node_get_object (node);
  out->id = string_member (object, "id");
  if (out->id == NULL || !g_uuid_string_is_valid (out->id))
    {
      out->id = NULL;
      goto bad;
    }
  out->kind = string_member (object, "kind");
  out->record_id = string_member (object, "record_id");
  out->op = string_member (object, "op");
  out->case_id = string_member (object, "case_id");
  base = json_object_get_member (object, "base_rev");
  fields = json_object_get_member (object, "fields");

  if (out->kind == NULL || out->record_id == NULL || !g_uuid_string_is_valid (out->record_id) ||
      !is_op (out->op) || (out->case_id != NULL && !g_uuid_string_is_valid (out->case_id)))
    goto bad;
  if (base == NULL || JSON_NODE_HOLDS_NULL (base))
    out->base_rev = 0;
  else if (JSON_NODE_HOLDS_VALUE (base) && json_node_get_value_type (base) == G_TYPE_INT64 &&
           json_node_get_int (base) >= 0)
    out->base_rev = json_node_get_int (base);
  else
    goto bad;
  if (fields == NULL || JSON_NODE_HOLDS_NULL (fields))
    out->fields = NULL;
  else if (JSON_NODE_HOLDS_OBJECT (fields))
    out->fields = json_node_get_object (fields);
  else
    goto bad;
  return TRUE;

bad:
  g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                       _("A mutation needs a UUID “id”, a known “kind”, a UUID “record_id”, "
                         "“op” create, update or delete, a whole-number “base_rev” and an object “fields”."));
  return FALSE;
}

JsonNode *
monia_wire_value_from_variant (GVariant *value)
{
  JsonNode *node = json_node_alloc ();

  if (value == NULL)
    return json_node_init_null (node);
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    return json_node_init_int (node, g_variant_get_int64 (value));
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    return json_node_init_boolean (node, g_variant_get_boolean (value));
  return json_node_init_string (node, g_variant_get_string (value, NULL));
}

static const char *
op_name (MoniaOp op)
{
  switch (op)
    {
    case MONIA_OP_CREATE:
      return "create";
    case MONIA_OP_DELETE:
      return "delete";
    case MONIA_OP_UPDATE:
    default:
      return "update";
    }
}

JsonObject *
monia_wire_mutation_write (MoniaMutation *mutation,
                           const char    *case_id)
{
  JsonObject *object = json_object_new ();
  JsonObject *fields = json_object_new ();

  g_return_val_if_fail (mutation != NULL, NULL);

  json_object_set_string_member (object, "id", monia_mutation_get_id (mutation));
  json_object_set_string_member (object, "kind", monia_mutation_get_kind (mutation));
  json_object_set_string_member (object, "record_id", monia_mutation_get_record_id (mutation));
  json_object_set_string_member (object, "op", op_name (monia_mutation_get_op (mutation)));
  json_object_set_int_member (object, "base_rev", monia_mutation_get_base_rev (mutation));
  if (case_id != NULL)
    json_object_set_string_member (object, "case_id", case_id);
  for (guint i = 0; i < monia_mutation_get_n_changes (mutation); i++)
    {
      const MoniaFieldChange *change = monia_mutation_get_change (mutation, i);

      json_object_set_member (fields, change->field, monia_wire_value_from_variant (change->new_value));
    }
  json_object_set_object_member (object, "fields", fields);
  return object;
}

/* ---- pages ---- */

void
monia_wire_change_write (GString    *out,
                         gint64      seq,
                         const char *kind,
                         const char *id,
                         const char *case_id,
                         gint64      rev,
                         gboolean    deleted,
                         const char *fields_json)
{
  g_return_if_fail (out != NULL);

  if (out->len > 0)
    g_string_append_c (out, ',');
  g_string_append_printf (out, "{\"seq\":%" G_GINT64_FORMAT ",\"kind\":", seq);
  _monia_json_append_string (out, kind);
  g_string_append (out, ",\"id\":");
  _monia_json_append_string (out, id);
  g_string_append (out, ",\"case_id\":");
  _monia_json_append_string (out, case_id);
  /* The stored fields are a JSON object already; a removed record shows
   * none of them. */
  g_string_append_printf (out, ",\"rev\":%" G_GINT64_FORMAT ",\"deleted\":%s,\"fields\":%s}",
                          rev, deleted ? "true" : "false",
                          !deleted && fields_json != NULL && fields_json[0] == '{' ? fields_json : "{}");
}

void
monia_wire_page_write (GString       *out,
                       const char    *feed,
                       gint64         since,
                       gint64         seq,
                       gint64         head,
                       const GString *changes)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (changes != NULL);

  g_string_append (out, "{\"feed\":");
  _monia_json_append_string (out, feed);
  g_string_append_printf (out, ",\"since\":%" G_GINT64_FORMAT ",\"seq\":%" G_GINT64_FORMAT
                          ",\"head\":%" G_GINT64_FORMAT ",\"more\":%s,\"changes\":[",
                          since, seq, head, seq < head ? "true" : "false");
  g_string_append_len (out, changes->str, (gssize) changes->len);
  g_string_append (out, "]}");
}

gboolean
monia_wire_page_read (JsonNode        *node,
                      const char      *feed,
                      gint64           since,
                      MoniaRemotePage *out)
{
  JsonObject *page = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode *seq = page != NULL ? json_object_get_member (page, "seq") : NULL;
  JsonNode *changes = page != NULL ? json_object_get_member (page, "changes") : NULL;

  g_return_val_if_fail (out != NULL, FALSE);

  if (page == NULL || changes == NULL || !JSON_NODE_HOLDS_ARRAY (changes) ||
      g_strcmp0 (string_member (page, "feed"), feed) != 0 ||
      seq == NULL || !JSON_NODE_HOLDS_VALUE (seq) || json_node_get_value_type (seq) != G_TYPE_INT64 ||
      json_node_get_int (seq) < since)
    return FALSE;
  out->feed = string_member (page, "feed");
  out->seq = json_node_get_int (seq);
  out->changes = json_node_get_array (changes);
  return TRUE;
}
