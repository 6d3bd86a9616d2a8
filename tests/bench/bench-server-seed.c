/* bench-server-seed.c — a monia-server data folder for the benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-server-seed DATA_DIR [N_CASES [RECORDS_PER_CASE]]
 *
 * With MONIA_BENCH_DATABASE set to a PostgreSQL URI the store is made in
 * that (empty) database, with the audit keys in DATA_DIR.
 *
 * Makes a new server store in DATA_DIR with two workers of one team
 * (BENCH_LOGIN_A owns every case, BENCH_LOGIN_B is a participant from the
 * same organisation, so both see all of it), BENCH_STORM_ACCOUNTS accounts
 * of another team that only log in, and N_CASES cases (default
 * 2,000) of RECORDS_PER_CASE records each (default 25, at least 8): the case,
 * B's participant record, two people and their case_person links, an
 * assessment, a plan, goals, measures and events.
 *
 * The records go in through monia_server_store_push(), the code a POST
 * /v1/push runs, in batches of 500, so every record has its history, feed
 * entries and audit entry. Only this tool turns SQLite's syncing off while
 * it seeds (a crash while seeding loses only the seed); the server opens the
 * store again with its own settings.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "monia-core.h"
#include "monia-server-store-private.h"
#include "bench-server-util.h"

#define BATCH 500

typedef struct
{
  MoniaServerStore   *store;
  MoniaServerAccount *owner;
  JsonArray          *batch;
  guint               n_pushed;
  guint               n_refused;
} Seeder;

static JsonObject *
mutation_new (const char *kind,
              const char *record_id,
              JsonObject *fields)
{
  JsonObject *m = json_object_new ();
  g_autofree char *id = monia_id_new ();

  json_object_set_string_member (m, "id", id);
  json_object_set_string_member (m, "kind", kind);
  json_object_set_string_member (m, "record_id", record_id);
  json_object_set_string_member (m, "op", "create");
  json_object_set_int_member (m, "base_rev", 0);
  json_object_set_object_member (m, "fields", fields);
  return m;
}

static void
flush_batch (Seeder *s)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  JsonArray *results;

  if (json_array_get_length (s->batch) == 0)
    return;
  reply = monia_server_store_push (s->store, s->owner, "bench-seed", s->batch, NULL, &error);
  if (reply == NULL)
    {
      g_printerr ("Seeding failed: %s\n", error->message);
      exit (1);
    }
  results = json_object_get_array_member (json_node_get_object (reply), "results");
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);

      if (g_str_equal (json_object_get_string_member (result, "status"), "applied"))
        s->n_pushed++;
      else if (s->n_refused++ == 0)
        {
          g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), result);
          g_autofree char *text = json_to_string (node, FALSE);

          g_printerr ("A seed mutation was refused: %s\n", text);
        }
    }
  json_array_unref (s->batch);
  s->batch = json_array_new ();
}

static void
add (Seeder     *s,
     JsonObject *mutation)
{
  json_array_add_object_element (s->batch, mutation);
  if (json_array_get_length (s->batch) >= BATCH)
    flush_batch (s);
}

static JsonObject *
scoped_fields (const char *case_id)
{
  JsonObject *fields = json_object_new ();

  json_object_set_string_member (fields, "case_id", case_id);
  return fields;
}

static void
seed_case (Seeder     *s,
           const char *participant_id,
           guint       number,
           guint       n_records)
{
  g_autofree char *case_id = monia_id_new ();
  g_autofree char *plan_id = monia_id_new ();
  g_autofree char *goal_id = monia_id_new ();
  g_autofree char *title = g_strdup_printf ("Bench family %u", number);
  JsonObject *fields;
  guint made = 0;

  fields = json_object_new ();
  json_object_set_string_member (fields, "title", title);
  json_object_set_string_member (fields, "status", "assessment");
  json_object_set_string_member (fields, "opened_on", "2025-03-03");
  add (s, mutation_new ("case", case_id, fields));
  made++;

  {
    g_autofree char *id = monia_id_new ();

    fields = scoped_fields (case_id);
    json_object_set_string_member (fields, "professional_id", participant_id);
    json_object_set_string_member (fields, "role", "pair");
    add (s, mutation_new ("participant", id, fields));
    made++;
  }

  /* A child and a guardian, each linked to the case. */
  for (guint p = 0; p < 2; p++)
    {
      g_autofree char *person_id = monia_id_new ();
      g_autofree char *link_id = monia_id_new ();
      g_autofree char *name = g_strdup_printf ("Bench person %u-%u", number, p);
      JsonObject *m;

      fields = json_object_new ();
      json_object_set_string_member (fields, "name", name);
      json_object_set_string_member (fields, "language", "fi");
      m = mutation_new ("person", person_id, fields);
      json_object_set_string_member (m, "case_id", case_id);
      add (s, m);

      fields = scoped_fields (case_id);
      json_object_set_string_member (fields, "person_id", person_id);
      json_object_set_string_member (fields, "relation", p == 0 ? "child" : "guardian");
      add (s, mutation_new ("case_person", link_id, fields));
      made += 2;
    }

  {
    g_autofree char *id = monia_id_new ();
    /* Deadlines spread over a year so the case list has an order to sort. */
    g_autoptr(GDateTime) opened = g_date_time_new_utc (2025, 3, 3, 0, 0, 0);
    g_autoptr(GDateTime) due = g_date_time_add_days (opened, (gint) (number % 365));
    g_autofree char *due_text = g_date_time_format (due, "%Y-%m-%d");

    fields = scoped_fields (case_id);
    json_object_set_string_member (fields, "kind", "child_welfare_s26");
    json_object_set_string_member (fields, "pending_on", "2025-03-03");
    json_object_set_string_member (fields, "decision_due", due_text);
    add (s, mutation_new ("assessment", id, fields));
    made++;
  }

  fields = scoped_fields (case_id);
  json_object_set_int_member (fields, "version", 1);
  json_object_set_string_member (fields, "status", "agreed");
  json_object_set_string_member (fields, "needs", "Support at school and at home.");
  add (s, mutation_new ("plan", plan_id, fields));
  made++;

  fields = scoped_fields (case_id);
  json_object_set_string_member (fields, "plan_id", plan_id);
  json_object_set_string_member (fields, "text", "Goes to school every day.");
  add (s, mutation_new ("goal", goal_id, fields));
  made++;

  /* The rest: measures and events, two events to a measure. */
  for (guint i = 0; made < n_records; i++, made++)
    {
      g_autofree char *id = monia_id_new ();

      fields = scoped_fields (case_id);
      if (i % 3 == 0)
        {
          json_object_set_string_member (fields, "plan_id", plan_id);
          json_object_set_string_member (fields, "goal_id", goal_id);
          json_object_set_string_member (fields, "text", "Weekly meeting with the school counsellor.");
          json_object_set_string_member (fields, "status", "ongoing");
          add (s, mutation_new ("measure", id, fields));
        }
      else
        {
          json_object_set_string_member (fields, "kind", "note");
          json_object_set_int_member (fields, "occurred_at", 1741000000 + (gint64) i * 3600);
          json_object_set_string_member (fields, "text", "Talked with the family about how the week went.");
          add (s, mutation_new ("event", id, fields));
        }
    }
}

static MoniaServerAccount *
account_by_login (MoniaServerStore *store,
                  const char       *login)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  MoniaServerAccount *account;

  account = monia_server_store_login (store, login, BENCH_PASSWORD, "127.0.0.1", "bench-seed",
                                      60, &token, NULL, NULL, &error);
  if (account == NULL)
    {
      g_printerr ("Logging in as %s failed: %s\n", login, error->message);
      exit (1);
    }
  monia_server_store_logout (store, token, NULL);
  return account;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaServerStore) store = NULL;
  g_autoptr(MoniaServerAccount) owner = NULL;
  g_autofree char *a_id = NULL, *b_id = NULL;
  guint64 n_cases = 2000, per_case = 25;
  Seeder s = { 0 };
  double start, end;

  if (argc < 2 || argc > 4 ||
      (argc > 2 && !g_ascii_string_to_unsigned (argv[2], 10, 1, 100000, &n_cases, NULL)) ||
      (argc > 3 && !g_ascii_string_to_unsigned (argv[3], 10, 8, 10000, &per_case, NULL)))
    {
      g_printerr ("Usage: %s DATA_DIR [N_CASES [RECORDS_PER_CASE (8 or more)]]\n", argv[0]);
      return 2;
    }

  start = bench_now ();
  store = monia_server_store_open_database (argv[1], g_getenv ("MONIA_BENCH_DATABASE"), TRUE, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  a_id = monia_server_store_add_account (store, BENCH_LOGIN_A, "Worker A", "Bench Org", "Bench Team",
                                         MONIA_ROLE_WORKER, BENCH_PASSWORD, &error);
  if (a_id != NULL)
    b_id = monia_server_store_add_account (store, BENCH_LOGIN_B, "Worker B", "Bench Org", "Bench Team",
                                           MONIA_ROLE_WORKER, BENCH_PASSWORD, &error);
  if (b_id == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  for (guint i = 0; i < BENCH_STORM_ACCOUNTS; i++)
    {
      g_autofree char *login = g_strdup_printf (BENCH_STORM_LOGIN, i);
      g_autofree char *id = monia_server_store_add_account (store, login, "Storm Worker", "Bench Org", "Storm Team",
                                                            MONIA_ROLE_WORKER, BENCH_PASSWORD, &error);

      if (id == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
    }
  owner = account_by_login (store, BENCH_LOGIN_A);

  /* Bench-only: the seed need not survive a power cut. */
  if (!_monia_server_exec (store, monia_server_store_is_shared (store) ? "SET synchronous_commit = off"
                                                                       : "PRAGMA synchronous = OFF", &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  s.store = store;
  s.owner = owner;
  s.batch = json_array_new ();
  for (guint c = 0; c < n_cases; c++)
    seed_case (&s, b_id, c, (guint) per_case);
  flush_batch (&s);
  json_array_unref (s.batch);

  /* PostgreSQL: the statistics a running region's autovacuum keeps. */
  if (!_monia_server_exec (store, monia_server_store_is_shared (store) ? "ANALYZE"
                                                                       : "PRAGMA wal_checkpoint(TRUNCATE)", &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  end = bench_now ();

  g_print ("Seeded %u records (%" G_GUINT64_FORMAT " cases of %" G_GUINT64_FORMAT ") in %.1f s, %.0f records/s\n",
           s.n_pushed, n_cases, per_case, end - start, s.n_pushed / (end - start));
  bench_result ("seed_records", s.n_pushed);
  bench_result ("seed_s", end - start);
  if (s.n_refused > 0)
    {
      g_printerr ("%u seed mutations were refused.\n", s.n_refused);
      return 1;
    }
  return 0;
}
