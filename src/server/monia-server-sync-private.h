/* monia-server-sync-private.h — shared by the server's records, access,
 * push, pull and audit files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "monia-core.h"
#include "monia-server-store-private.h"

G_BEGIN_DECLS

typedef struct
{
  char       *kind;
  char       *id;
  char       *case_id;
  char       *feed;
  gint64      rev;
  gboolean    deleted;
  JsonObject *fields;
  JsonObject *field_revs;
} ServerRecord;


typedef struct
{
  MoniaRelation  relation;
  MoniaCaseParts parts;   /* what a consent participant's consents cover */
  gboolean       lost;    /* the case was served to the account once, no more */
} CaseAccess;

/* Membership periods end on a day in Finland: @today names the parameter
 * bound to _monia_server_today_text(), monia_policy_today() as text. */
#define MEMBER_ACTIVE(today) "(m.until IS NULL OR m.until >= " today ")"

void _monia_server_record_free (ServerRecord *record);
JsonObject *_monia_server_parse_object (const char *text);
JsonNode *_monia_server_parse_value (const char *text);
JsonNode *_monia_server_node_take_object (JsonObject *object);
char *_monia_server_object_to_string (JsonObject *object);
char *_monia_server_value_to_string (JsonNode *node);
const char *_monia_server_object_get_string (JsonObject *object,
                                             const char *member);
ServerRecord *_monia_server_load_record (MoniaServerStore  *self,
                                         const char        *kind,
                                         const char        *id,
                                         GError           **error);
char *_monia_server_dup_column (MoniaServerStmt *stmt,
                                int              column);
CaseAccess _monia_server_case_access (MoniaServerStore   *self,
                                      MoniaServerAccount *account,
                                      const char         *case_id);
gboolean _monia_server_is_on_case (const CaseAccess *access);
gboolean _monia_server_may_read_kind (const CaseAccess *access,
                                      const char       *kind);
gboolean _monia_server_touch_feed (MoniaServerStore  *self,
                                   const char        *feed,
                                   const char        *kind,
                                   const char        *record_id,
                                   GPtrArray         *changed_feeds,
                                   GError           **error);
gboolean _monia_server_touch_record_feeds (MoniaServerStore  *self,
                                           ServerRecord      *record,
                                           GPtrArray         *changed_feeds,
                                           GError           **error);
gboolean _monia_server_save_record (MoniaServerStore  *self,
                                    ServerRecord      *record,
                                    gboolean           is_new,
                                    const char        *op,
                                    JsonObject        *changed,
                                    const char        *actor,
                                    const char        *mutation_id,
                                    GError           **error);
JsonNode *_monia_server_field_value_at (MoniaServerStore *self,
                                        ServerRecord     *record,
                                        const char       *field,
                                        gint64            base_rev);
char *_monia_server_field_changed_by (MoniaServerStore *self,
                                      ServerRecord     *record,
                                      gint64            rev);
gboolean _monia_server_check_field (const MoniaKind  *kind,
                                    const char       *name,
                                    JsonNode         *node,
                                    GError          **error);
gboolean _monia_server_may_write_case (const CaseAccess  *access,
                                       const char        *kind,
                                       MoniaAccess        op,
                                       GError           **error);
gboolean _monia_server_authorise (MoniaServerStore   *self,
                                  MoniaServerAccount *account,
                                  const MoniaKind    *kind,
                                  MoniaWireMutation  *m,
                                  ServerRecord       *existing,
                                  char              **out_case_id,
                                  char              **out_feed,
                                  GError            **error);
gboolean _monia_server_audit_record (MoniaServerStore   *self,
                                     MoniaServerAccount *account,
                                     const char         *device,
                                     const char         *action,
                                     ServerRecord       *record,
                                     const char         *case_id,
                                     const char         *reason,
                                     GError            **error);
gboolean _monia_server_after_write (MoniaServerStore   *self,
                                    ServerRecord       *record,
                                    GPtrArray          *changed_feeds,
                                    GError            **error);
gboolean _monia_server_check_audit_event (MoniaServerStore   *self,
                                          MoniaServerAccount *account,
                                          const MoniaKind    *kind,
                                          MoniaWireMutation  *m,
                                          const char         *device,
                                          GError            **error);
void _monia_server_set_string_or_null (JsonObject *object,
                                       const char *member,
                                       const char *value);
gboolean _monia_server_feed_access (MoniaServerStore   *self,
                                    MoniaServerAccount *account,
                                    const char         *feed,
                                    CaseAccess         *out_access,
                                    GError            **error);
gboolean _monia_server_feed_shows (MoniaServerAccount *account,
                                   const char         *feed,
                                   const CaseAccess   *access,
                                   const char         *kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerRecord, _monia_server_record_free)

G_END_DECLS
