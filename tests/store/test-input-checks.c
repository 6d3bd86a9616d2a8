/* test-input-checks.c — JSON text looked at before parsing; field ranges
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "monia-core.h"
#include "monia-case-ops.h"

#define MAX_BYTES (1024 * 1024)

static gboolean
check (const char  *text,
       GError     **error)
{
  return monia_json_check_text (text, strlen (text), MAX_BYTES, error);
}

static void
assert_refused (const char *text,
                const char *words)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (check (text, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, words));
}

static void
test_json_ordinary (void)
{
  g_autoptr(GError) error = NULL;
  const char *fine[] = {
    "{}",
    "[1, 2.5, true, null]",
    "{\"mutations\": [{\"id\": \"x\", \"fields\": {\"title\": \"Perhe \\u00e4iti \\\"Ä\\\" \\\\ [{\"}}]}",
    "{\"a\": \"tab\\there, bell \\u0007, smile \\ud83d\\ude00 \\uD83D\\uDE00\"}",
    /* An escaped backslash before a u is no escape */
    "{\"a\": \"\\\\u0000\"}",
    /* Brackets inside strings do not nest */
    "{\"a\": \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (fine); i++)
    {
      g_assert_true (check (fine[i], &error));
      g_assert_no_error (error);
    }
  /* White space around the one value is JSON too */
  g_assert_true (check (" \r\n\t{\"a\": [ ]}\n ", &error));
  g_assert_no_error (error);
}

/* What the fuzzers found: json-glib reads the first of two values and leaks
 * the second (a 4 MB body leaked some 166 MB, before any login), and reads a
 * document of nothing as a success with no value at all. */
static void
test_json_one_value (void)
{
  const char *refused[] = {
    "", "   ", "\n", "/../", "{} {}", "{}{\"mutations\": []}", "null{\"mutations\": []}",
    "2{}", "\"text\"", "true", "[1] 2", "{}x", "]", "}", "{", "[[]", "{\"a\": \"}", "[]]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", refused[i]);
      g_assert_false (monia_json_check_text (refused[i], strlen (refused[i]), MAX_BYTES, &error));
      g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (error->message, "one JSON object or array"));
    }
}

static void
test_json_depth (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  /* As deep as allowed, mixing arrays and objects */
  for (guint i = 0; i < MONIA_JSON_MAX_DEPTH; i++)
    g_string_append (text, i % 2 ? "{\"a\":" : "[");
  for (guint i = MONIA_JSON_MAX_DEPTH; i > 0; i--)
    g_string_append (text, (i - 1) % 2 ? "}" : "]");
  g_assert_true (check (text->str, &error));
  g_assert_no_error (error);

  /* One deeper */
  g_string_prepend (text, "[");
  g_string_append (text, "]");
  assert_refused (text->str, "nested");

  /* What crashed the server: 160 kB of [ without an end */
  g_string_set_size (text, 0);
  for (guint i = 0; i < 160 * 1024; i++)
    g_string_append_c (text, '[');
  assert_refused (text->str, "nested");

  /* Siblings do not add up */
  g_string_assign (text, "[");
  for (guint i = 0; i < 1000; i++)
    g_string_append (text, i ? ",[{}]" : "[{}]");
  g_string_append (text, "]");
  g_assert_true (check (text->str, &error));
  g_assert_no_error (error);
}

static void
test_json_nul (void)
{
  g_autoptr(GError) error = NULL;

  assert_refused ("{\"name\": \"before\\u0000after\"}", "null character");
  assert_refused ("{\"name\": \"\\u0000\"}", "null character");
  assert_refused ("{\"before\\u0000after\": 1}", "null character");
  /* Escapes JSON does not have, which json-glib reads, some as a NUL */
  assert_refused ("{\"name\": \"before\\0after\"}", "escape");
  assert_refused ("{\"name\": \"before\\000after\"}", "escape");
  assert_refused ("{\"name\": \"before\\u00g0after\"}", "escape");
  assert_refused ("{\"name\": \"before\\u0after\"}", "escape");
  assert_refused ("{\"name\": \"before\\U0000after\"}", "escape");
  assert_refused ("{\"name\": \"before\\101after\"}", "escape");
  assert_refused ("{\"name\": \"before\\x41after\"}", "escape");
  assert_refused ("{\"name\": \"before\\qafter\"}", "escape");
  /* A NUL byte itself */
  g_assert_false (monia_json_check_text ("{\"a\": \"x\0y\"}", 12, MAX_BYTES, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "null character"));
}

static void
test_json_utf8 (void)
{
  assert_refused ("{\"name\": \"\xff\xfe\"}", "UTF-8");
  assert_refused ("{\"name\": \"\xc3\"}", "UTF-8");
  /* Escapes that json-glib would turn into invalid UTF-8 */
  assert_refused ("{\"name\": \"x\\ud800y\"}", "Unicode");
  assert_refused ("{\"name\": \"x\\udc00y\"}", "Unicode");
  assert_refused ("{\"name\": \"x\\ud800\\u0041\"}", "Unicode");
  assert_refused ("{\"name\": \"x\\ud800\"}", "Unicode");
  assert_refused ("{\"name\": \"x\\uDBFF\\uDBFF\"}", "Unicode");
}

static void
test_json_size (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (monia_json_check_text ("[1234]", 6, 6, &error));
  g_assert_no_error (error);
  g_assert_false (monia_json_check_text ("[12345]", 7, 6, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "larger"));
}

/* A JSON text cut anywhere is looked at without reading past its end. */
static void
test_json_cut (void)
{
  const char *text = "{\"a\": \"x\\ud83d\\ude00\\\"\\u00e4\"}";
  gsize length = strlen (text);

  for (gsize n = 0; n <= length; n++)
    {
      g_autofree char *copy = g_memdup2 (text, n);
      g_autoptr(GError) error = NULL;

      /* A cut text is refused as incomplete, or for the escape it cut;
       * only the whole text passes, and nothing reads past the cut. */
      if (!monia_json_check_text (copy, n, MAX_BYTES, &error))
        g_assert_true (strstr (error->message, "Unicode") != NULL || strstr (error->message, "escape") != NULL ||
                       strstr (error->message, "one JSON object or array") != NULL);
      else
        g_assert_cmpuint (n, ==, length);
    }
}

/* An assessment's sections are JSON in a text pulled as it is: nesting that
 * would crash the parser reads as no sections. */
static void
test_json_sections (void)
{
  g_autoptr(MoniaRecord) assessment = monia_record_new (monia_kind_lookup ("assessment"),
                                                        "01a209ab-7dec-7ddd-a5ff-244141729e94", 1);
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autofree char *child = NULL;

  monia_record_take (assessment, "sections", g_variant_new_string ("{\"child\": \"Tired at school.\"}"));
  child = monia_assessment_dup_section (assessment, "child");
  g_assert_cmpstr (child, ==, "Tired at school.");

  for (guint i = 0; i < 1024 * 1024; i++)
    g_string_append_c (deep, '[');
  monia_record_take (assessment, "sections", g_variant_new_string (deep->str));
  g_assert_null (monia_assessment_dup_section (assessment, "child"));
}

/* Field ranges */

static gboolean
check_int (const char  *kind_name,
           const char  *field_name,
           gint64       value,
           GError     **error)
{
  const MoniaKind *kind = monia_kind_lookup (kind_name);
  const MoniaField *field = monia_kind_lookup_field (kind, field_name);
  g_autoptr(GVariant) variant = g_variant_ref_sink (g_variant_new_int64 (value));

  g_assert_nonnull (field);
  return monia_field_check_value (kind, field, variant, error);
}

static gboolean
check_text_of_length (const char  *kind_name,
                      const char  *field_name,
                      gsize        length,
                      GError     **error)
{
  const MoniaKind *kind = monia_kind_lookup (kind_name);
  const MoniaField *field = monia_kind_lookup_field (kind, field_name);
  g_autofree char *text = g_malloc (length + 1);
  g_autoptr(GVariant) variant = NULL;

  memset (text, 'a', length);
  text[length] = '\0';
  variant = g_variant_ref_sink (g_variant_new_take_string (g_steal_pointer (&text)));
  g_assert_nonnull (field);
  return monia_field_check_value (kind, field, variant, error);
}

static void
assert_int_range (const char *kind,
                  const char *field,
                  gint64      lo,
                  gint64      hi)
{
  g_autoptr(GError) error = NULL;
  gint64 outside[] = { lo - 1, hi + 1, G_MININT64, G_MAXINT64, -1 };

  g_assert_cmpint (lo, >, G_MININT64);
  g_assert_cmpint (hi, <, G_MAXINT64);
  g_assert_true (check_int (kind, field, lo, &error));
  g_assert_no_error (error);
  g_assert_true (check_int (kind, field, hi, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (outside); i++)
    {
      if (outside[i] >= lo && outside[i] <= hi)
        continue;
      g_assert_false (check_int (kind, field, outside[i], &error));
      g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
      /* The message names the field */
      g_assert_nonnull (strstr (error->message, field));
      g_clear_error (&error);
    }
}

static void
test_field_int_ranges (void)
{
  g_autoptr(GError) error = NULL;

  assert_int_range ("goal_rating", "rating", 0, 10);
  assert_int_range ("feedback", "recommend", 0, 10);
  assert_int_range ("help_request", "promise_working_days", 0, 30);
  assert_int_range ("plan", "version", 1, 10000);
  assert_int_range ("goal", "position", 0, 10000);

  g_assert_false (check_int ("goal_rating", "rating", 11, &error));
  g_assert_cmpstr (error->message, ==, "“rating” must be a whole number from 0 to 10.");
}

static void
test_field_time_ranges (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) first = g_date_time_new_utc (1900, 1, 1, 0, 0, 0);
  g_autoptr(GDateTime) last = g_date_time_new_utc (2199, 12, 31, 23, 59, 59);
  guint n_kinds = 0;
  const MoniaKind *kinds = monia_kind_get_all (&n_kinds);

  /* Every moment in every kind, from 1900 to the end of 2199 */
  for (guint k = 0; k < n_kinds; k++)
    for (guint f = 0; f < kinds[k].n_fields; f++)
      if (kinds[k].fields[f].type == MONIA_FIELD_TIME)
        assert_int_range (kinds[k].name, kinds[k].fields[f].name,
                          g_date_time_to_unix (first), g_date_time_to_unix (last));

  g_assert_true (check_int ("event", "occurred_at", 1763900000, &error));
  g_assert_no_error (error);
  g_assert_false (check_int ("event", "occurred_at", G_MAXINT64, &error));
  g_assert_cmpstr (error->message, ==, "“occurred_at” must be a moment in the years 1900 to 2199.");
}

static void
test_field_text_lengths (void)
{
  g_autoptr(GError) error = NULL;
  guint n_kinds = 0;
  const MoniaKind *kinds = monia_kind_get_all (&n_kinds);

  /* Names are short, notes long */
  g_assert_true (check_text_of_length ("person", "name", 1000, &error));
  g_assert_no_error (error);
  g_assert_false (check_text_of_length ("person", "name", 1001, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "“name”"));
  g_clear_error (&error);

  g_assert_true (check_text_of_length ("event", "text", 100 * 1000, &error));
  g_assert_no_error (error);
  g_assert_false (check_text_of_length ("event", "text", 100 * 1000 + 1, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* Every text has a bound, none shorter than a name */
  for (guint k = 0; k < n_kinds; k++)
    for (guint f = 0; f < kinds[k].n_fields; f++)
      if (kinds[k].fields[f].type == MONIA_FIELD_TEXT)
        {
          g_assert_cmpuint (kinds[k].fields[f].max_length, >=, 1000);
          g_assert_cmpuint (kinds[k].fields[f].max_length, <=, 256 * 1000);
          g_assert_false (check_text_of_length (kinds[k].name, kinds[k].fields[f].name,
                                                kinds[k].fields[f].max_length + 1, &error));
          g_clear_error (&error);
        }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/input/json/ordinary", test_json_ordinary);
  g_test_add_func ("/input/json/one-value", test_json_one_value);
  g_test_add_func ("/input/json/depth", test_json_depth);
  g_test_add_func ("/input/json/nul", test_json_nul);
  g_test_add_func ("/input/json/utf8", test_json_utf8);
  g_test_add_func ("/input/json/size", test_json_size);
  g_test_add_func ("/input/json/cut", test_json_cut);
  g_test_add_func ("/input/json/sections", test_json_sections);
  g_test_add_func ("/input/field/int-ranges", test_field_int_ranges);
  g_test_add_func ("/input/field/time-ranges", test_field_time_ranges);
  g_test_add_func ("/input/field/text-lengths", test_field_text_lengths);

  return g_test_run ();
}
