/* test-protocol.c — the sync protocol's wire format, written once: what the
 * desktop writes the server reads, and what the server writes the desktop
 * reads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-test"

#include "config.h"

#include "monia-core.h"

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static JsonNode *
node_of (JsonObject *object)
{
  JsonNode *node = json_node_init_object (json_node_alloc (), object);

  json_object_unref (object);
  return node;
}

static void
test_mutation_round_trip (void)
{
  g_autoptr(MoniaMutation) m = monia_mutation_new_create ("goal_rating");
  g_autoptr(MoniaMutation) person = monia_mutation_new_update ("person", "7f8f0c6e-9c45-4d6a-9b59-2f1f5f9e0a01");
  g_autofree char *case_id = g_uuid_string_random ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) person_node = NULL;
  g_autoptr(GError) error = NULL;
  MoniaWireMutation wire;

  monia_mutation_set_string (m, "comment", "Aamut sujuvat “paremmin”\n");
  monia_mutation_set_int (m, "rating", 7);
  monia_mutation_set (m, "case_id", NULL);
  node = node_of (monia_wire_mutation_write (m, NULL));

  g_assert_true (monia_wire_mutation_read (node, &wire, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (wire.id, ==, monia_mutation_get_id (m));
  g_assert_cmpstr (wire.kind, ==, "goal_rating");
  g_assert_cmpstr (wire.record_id, ==, monia_mutation_get_record_id (m));
  g_assert_cmpstr (wire.op, ==, "create");
  g_assert_null (wire.case_id);
  g_assert_cmpint (wire.base_rev, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (wire.fields, "comment"), ==, "Aamut sujuvat “paremmin”\n");
  g_assert_cmpint (json_object_get_int_member (wire.fields, "rating"), ==, 7);
  g_assert_true (json_object_has_member (wire.fields, "case_id"));
  g_assert_true (json_object_get_null_member (wire.fields, "case_id"));

  /* A person's change names the case it is made in. */
  monia_mutation_set_bool (person, "anonymous", TRUE);
  person_node = node_of (monia_wire_mutation_write (person, case_id));
  g_assert_true (monia_wire_mutation_read (person_node, &wire, &error));
  g_assert_cmpstr (wire.op, ==, "update");
  g_assert_cmpstr (wire.case_id, ==, case_id);
  g_assert_true (json_object_get_boolean_member (wire.fields, "anonymous"));
}

static void
test_mutation_refused (void)
{
  static const char *const bad[] = {
    "[]",
    "{\"kind\":\"goal\",\"record_id\":\"7f8f0c6e-9c45-4d6a-9b59-2f1f5f9e0a01\",\"op\":\"create\"}",
    "{\"id\":\"x\",\"kind\":\"goal\",\"record_id\":\"7f8f0c6e-9c45-4d6a-9b59-2f1f5f9e0a01\",\"op\":\"create\"}",
    "{\"id\":\"0b8f0c6e-9c45-4d6a-9b59-2f1f5f9e0a02\",\"kind\":\"goal\",\"record_id\":\"r\",\"op\":\"create\"}",
    "{\"id\":\"0b8f0c6e-9c45-4d6a-9b59-2f1f5f9e0a02\",\"kind\":\"goal\","
    "\"record_id\":\"7f8f0c6e-9c45-4d6a-9b59-2f1f5f9e0a01\",\"op\":\"drop\"}",
    "{\"id\":\"0b8f0c6e-9c45-4d6a-9b59-2f1f5f9e0a02\",\"kind\":\"goal\","
    "\"record_id\":\"7f8f0c6e-9c45-4d6a-9b59-2f1f5f9e0a01\",\"op\":\"update\",\"base_rev\":-1}",
    "{\"id\":\"0b8f0c6e-9c45-4d6a-9b59-2f1f5f9e0a02\",\"kind\":\"goal\","
    "\"record_id\":\"7f8f0c6e-9c45-4d6a-9b59-2f1f5f9e0a01\",\"op\":\"update\",\"base_rev\":\"3\"}",
    "{\"id\":\"0b8f0c6e-9c45-4d6a-9b59-2f1f5f9e0a02\",\"kind\":\"goal\","
    "\"record_id\":\"7f8f0c6e-9c45-4d6a-9b59-2f1f5f9e0a01\",\"op\":\"create\",\"fields\":[]}",
    "{\"id\":\"0b8f0c6e-9c45-4d6a-9b59-2f1f5f9e0a02\",\"kind\":\"person\","
    "\"record_id\":\"7f8f0c6e-9c45-4d6a-9b59-2f1f5f9e0a01\",\"op\":\"create\",\"case_id\":\"c\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = parse (bad[i]);
      g_autoptr(GError) error = NULL;
      MoniaWireMutation wire;

      g_test_message ("%s", bad[i]);
      g_assert_false (monia_wire_mutation_read (node, &wire, &error));
      g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
      /* A mutation with a readable id can be answered by that id. */
      if (i >= 3)
        g_assert_cmpstr (wire.id, ==, "0b8f0c6e-9c45-4d6a-9b59-2f1f5f9e0a02");
      else
        g_assert_null (wire.id);
    }
}

static void
test_page_round_trip (void)
{
  g_autoptr(GString) changes = g_string_new (NULL);
  g_autoptr(GString) page = g_string_new (NULL);
  g_autoptr(JsonNode) node = NULL;
  const char *feed = "5d0e8a52-3a1c-4f55-8f0e-3c1d3c8f0b11";
  MoniaRemotePage remote;
  JsonObject *first, *second;

  monia_wire_change_write (changes, 4, "goal", "a\"b", feed, 2, FALSE, "{\"text\":\"Uni \\u00e4\"}");
  monia_wire_change_write (changes, 9, "goal", "c", feed, 3, TRUE, "{\"text\":\"kept from the deleted\"}");
  monia_wire_page_write (page, feed, 3, 9, 12, changes);
  node = parse (page->str);

  g_assert_true (monia_wire_page_read (node, feed, 3, &remote));
  g_assert_cmpstr (remote.feed, ==, feed);
  g_assert_cmpint (remote.seq, ==, 9);
  g_assert_cmpuint (json_array_get_length (remote.changes), ==, 2);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "more"));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "head"), ==, 12);
  first = json_array_get_object_element (remote.changes, 0);
  second = json_array_get_object_element (remote.changes, 1);
  g_assert_cmpstr (json_object_get_string_member (first, "id"), ==, "a\"b");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (first, "fields"), "text"), ==,
                   "Uni ä");
  /* A removed record travels without its fields. */
  g_assert_true (json_object_get_boolean_member (second, "deleted"));
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (second, "fields")), ==, 0);

  /* Another feed than the one asked, or a page behind where it was asked
   * from, is not read. */
  g_assert_false (monia_wire_page_read (node, MONIA_FEED_DIRECTORY, 3, &remote));
  g_assert_false (monia_wire_page_read (node, feed, 10, &remote));
}

static void
test_page_refused (void)
{
  static const char *const bad[] = {
    "[]",
    "{\"feed\":\"inbox\",\"seq\":1}",
    "{\"feed\":\"inbox\",\"seq\":\"1\",\"changes\":[]}",
    "{\"feed\":\"inbox\",\"seq\":1,\"changes\":{}}",
    "{\"seq\":1,\"changes\":[]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = parse (bad[i]);
      MoniaRemotePage remote;

      g_assert_false (monia_wire_page_read (node, MONIA_FEED_INBOX, 0, &remote));
    }
}

static void
test_feed_names (void)
{
  g_assert_true (monia_feed_name_is_valid ("directory"));
  g_assert_true (monia_feed_name_is_valid ("inbox"));
  g_assert_true (monia_feed_name_is_valid ("5d0e8a52-3a1c-4f55-8f0e-3c1d3c8f0b11"));
  g_assert_false (monia_feed_name_is_valid ("Directory"));
  g_assert_false (monia_feed_name_is_valid ("../inbox"));
  g_assert_false (monia_feed_name_is_valid (NULL));
  g_assert_false (monia_feed_is_case (MONIA_FEED_DIRECTORY));
  g_assert_false (monia_feed_is_case (MONIA_FEED_INBOX));
  g_assert_true (monia_feed_is_case ("5d0e8a52-3a1c-4f55-8f0e-3c1d3c8f0b11"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/protocol/mutation-round-trip", test_mutation_round_trip);
  g_test_add_func ("/protocol/mutation-refused", test_mutation_refused);
  g_test_add_func ("/protocol/page-round-trip", test_page_round_trip);
  g_test_add_func ("/protocol/page-refused", test_page_refused);
  g_test_add_func ("/protocol/feed-names", test_feed_names);

  return g_test_run ();
}
