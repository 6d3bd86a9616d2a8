/* monia-protocol.h — the sync protocol's wire format, written once for the
 * desktop, the server and the tests (docs/sync-protocol.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "monia-mutation.h"
#include "monia-store-sync.h"

G_BEGIN_DECLS

/* Feeds: every case is a feed named by its id; the directory and the inbox
 * are feeds of their own. */
#define MONIA_FEED_DIRECTORY "directory"
#define MONIA_FEED_INBOX "inbox"

gboolean     monia_feed_is_case          (const char *feed);
/* "directory", "inbox" or a UUID. */
gboolean     monia_feed_name_is_valid    (const char *feed);

/* A mutation as it is pushed: the strings point into the JSON it was read
 * from. */
typedef struct
{
  const char *id;
  const char *kind;
  const char *record_id;
  const char *op;         /* "create", "update", "delete" */
  const char *case_id;    /* the envelope of a person's mutation, or NULL */
  gint64      base_rev;
  JsonObject *fields;     /* NULL for none */
} MoniaWireMutation;

/* Reads one pushed mutation; FALSE with a message naming what a mutation
 * needs. @out->id is set when the id alone was readable, so a refusal can
 * name the mutation. */
gboolean     monia_wire_mutation_read    (JsonNode          *node,
                                          MoniaWireMutation *out,
                                          GError           **error);
/* The JSON of @mutation as the desktop pushes it; @case_id is the envelope
 * of a person's mutation (the case it is made in), NULL for other kinds. */
JsonObject  *monia_wire_mutation_write   (MoniaMutation     *mutation,
                                          const char        *case_id);
/* A field's value on the wire: NULL, a whole number, a boolean or text. */
JsonNode    *monia_wire_value_from_variant (GVariant        *value);

/* A page of a feed, as the server writes it: the changes are JSON text
 * written by monia_wire_change_write(), separated by commas. */
void         monia_wire_change_write     (GString           *out,
                                          gint64             seq,
                                          const char        *kind,
                                          const char        *id,
                                          const char        *case_id,
                                          gint64             rev,
                                          gboolean           deleted,
                                          const char        *fields_json);
void         monia_wire_page_write       (GString           *out,
                                          const char        *feed,
                                          gint64             since,
                                          gint64             seq,
                                          gint64             head,
                                          const GString     *changes);

/* Reads one page of a pull's answer, for the feed @feed asked from
 * @since; FALSE when it is not such a page. The page's strings and array
 * point into @node. */
gboolean     monia_wire_page_read        (JsonNode          *node,
                                          const char        *feed,
                                          gint64             since,
                                          MoniaRemotePage   *out);

G_END_DECLS
