/* test-notifier.c — desktop notifications: decisions to start due
 * tomorrow, help requests about to break their promise, new conflicts,
 * each once, each turned off by its setting, none naming a client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-test"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "monia-app-test-util.h"
#include "monia-core.h"
#include "monia-notifier.h"

typedef struct
{
  char       *dir;
  MoniaStore *store;
  GSettings  *settings;
  GPtrArray  *sent;     /* "id\ntitle\nbody" */
  char       *me, *other, *case_id;
  gint64      now;      /* Tuesday 17.6.2025 12:00 in Finland */
} Fixture;

static char *
create (Fixture    *f,
        const char *kind,
        ...)
{
  g_autoptr(MoniaMutation) m = monia_mutation_new_create (kind);
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, kind);
  for (const char *field = va_arg (args, const char *); field != NULL; field = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);

      if (value != NULL)
        monia_mutation_set_string (m, field, value);
    }
  va_end (args);
  g_assert_true (monia_store_apply_one (f->store, m, &error));
  g_assert_no_error (error);
  return g_strdup (monia_mutation_get_record_id (m));
}

static void
add_request (Fixture *f,
             gint64   due_at)
{
  g_autoptr(MoniaMutation) m = monia_mutation_new_create ("help_request");
  g_autoptr(GError) error = NULL;

  monia_mutation_set_string (m, "channel", "callback");
  monia_mutation_set_int (m, "received_at", f->now - 20 * 3600);
  monia_mutation_set_int (m, "due_at", due_at);
  monia_mutation_set_string (m, "contact_name", "Maija Soittaja");
  g_assert_true (monia_store_apply_one (f->store, m, &error));
  g_assert_no_error (error);
}

static void
collect (const char    *id,
         const char    *title,
         const char    *body,
         GNotification *notification,
         gpointer       user_data)
{
  Fixture *f = user_data;

  g_assert_true (G_IS_NOTIFICATION (notification));
  g_ptr_array_add (f->sent, g_strdup_printf ("%s\n%s\n%s", id, title, body != NULL ? body : ""));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) helsinki = g_time_zone_new_identifier ("Europe/Helsinki");
  g_autoptr(GDateTime) noon = g_date_time_new (helsinki, 2025, 6, 17, 12, 0, 0);
  g_autofree char *path = NULL, *nurse = NULL, *pair = NULL, *mine_by_pair = NULL, *others = NULL, *id = NULL;

  f->now = g_date_time_to_unix (noon);
  f->dir = g_dir_make_tmp ("monia-test-notifier-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "monia.db", NULL);
  f->store = monia_store_open (path, &error);
  g_assert_no_error (error);
  f->settings = g_settings_new (APPLICATION_ID);
  f->sent = g_ptr_array_new_with_free_func (g_free);

  f->me = create (f, "professional", "name", "Sanna Sosiaalityö", NULL);
  f->other = create (f, "professional", "name", "Tiina Työntekijä", NULL);
  nurse = create (f, "professional", "name", "Pekka Psykiatri", NULL);
  pair = create (f, "work_pair", "first_id", nurse, "second_id", f->me, "active_from", "2024-01-01", NULL);
  monia_store_set_author (f->store, f->me);

  /* Mine: a matter due tomorrow (pending 9.6., due 18.6.), one decided */
  f->case_id = create (f, "case", "title", "Virtanen family", "status", "assessment", "owner_id", f->me,
                       "opened_on", "2025-06-09", NULL);
  id = create (f, "assessment", "case_id", f->case_id, "kind", "child_welfare_s26", "pending_on", "2025-06-09", NULL);
  g_clear_pointer (&id, g_free);
  id = create (f, "assessment", "case_id", f->case_id, "kind", "child_welfare_s26", "pending_on", "2025-06-09",
               "started_on", "2025-06-10", NULL);
  g_clear_pointer (&id, g_free);
  /* Mine through the pair I am in: another due tomorrow */
  mine_by_pair = create (f, "case", "title", "Korhonen family", "status", "assessment", "owner_id", nurse,
                         "pair_id", pair, "opened_on", "2025-06-09", NULL);
  id = create (f, "assessment", "case_id", mine_by_pair, "kind", "social_welfare_s36", "pending_on", "2025-06-09", NULL);
  g_clear_pointer (&id, g_free);
  /* Someone else's, due tomorrow: not mine */
  others = create (f, "case", "title", "Mäkinen family", "status", "assessment", "owner_id", f->other,
                   "opened_on", "2025-06-09", NULL);
  id = create (f, "assessment", "case_id", others, "kind", "child_welfare_s26", "pending_on", "2025-06-09", NULL);

  /* Requests: due in an hour, in five hours, and one already late */
  add_request (f, f->now + 3600);
  add_request (f, f->now + 5 * 3600);
  add_request (f, f->now - 3600);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->settings);
  g_assert_true (monia_test_finalize_object (f->store));
  g_ptr_array_unref (f->sent);
  {
    g_autofree char *db = g_build_filename (f->dir, "monia.db", NULL);
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);

    g_remove (db);
    g_remove (wal);
    g_remove (shm);
    g_rmdir (f->dir);
  }
  g_free (f->dir);
  g_free (f->me);
  g_free (f->other);
  g_free (f->case_id);
}

static const char *
find_sent (Fixture    *f,
           const char *id_prefix)
{
  for (guint i = 0; i < f->sent->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (f->sent, i), id_prefix))
      return g_ptr_array_index (f->sent, i);
  return NULL;
}

static void
test_clocks (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(MoniaNotifier) notifier = monia_notifier_new (f->store, f->settings, collect, f);
  const char *decision, *promise;

  monia_notifier_check (notifier, f->now);
  g_assert_cmpuint (f->sent->len, ==, 2);
  decision = find_sent (f, "decision-due-2025-06-18\n");
  g_assert_nonnull (decision);
  /* Two of mine (one through the pair), not the other worker's, not the decided one */
  g_assert_nonnull (strstr (decision, "\n2 matters of your cases must be decided on"));
  promise = find_sent (f, "help-request-promise\n");
  g_assert_nonnull (promise);
  g_assert_nonnull (strstr (promise, "\n1 help request must be answered by "));
  /* Nothing names a client */
  for (guint i = 0; i < f->sent->len; i++)
    {
      g_assert_null (strstr (g_ptr_array_index (f->sent, i), "family"));
      g_assert_null (strstr (g_ptr_array_index (f->sent, i), "Maija"));
    }

  /* Each once */
  monia_notifier_check (notifier, f->now + 60);
  g_assert_cmpuint (f->sent->len, ==, 2);
  /* Four hours later the second request is near its promise */
  monia_notifier_check (notifier, f->now + 4 * 3600);
  g_assert_cmpuint (f->sent->len, ==, 3);
}

static void
test_settings_turn_off (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(MoniaNotifier) notifier = monia_notifier_new (f->store, f->settings, collect, f);

  g_settings_set_boolean (f->settings, "notify-decision-due", FALSE);
  g_settings_set_boolean (f->settings, "notify-request-promise", FALSE);
  monia_notifier_check (notifier, f->now);
  g_assert_cmpuint (f->sent->len, ==, 0);
  g_settings_set_boolean (f->settings, "notify-request-promise", TRUE);
  monia_notifier_check (notifier, f->now);
  g_assert_cmpuint (f->sent->len, ==, 1);
  g_assert_nonnull (find_sent (f, "help-request-promise\n"));
  g_settings_reset (f->settings, "notify-decision-due");
  g_settings_reset (f->settings, "notify-request-promise");
}

/* A conflict pulled from the server is told of once; not when turned off. */
static void
pull_conflict (Fixture    *f,
               const char *conflict_id)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *page = g_strdup_printf (
    "[{\"seq\":5,\"kind\":\"conflict\",\"id\":\"%s\",\"case_id\":\"%s\",\"rev\":1,\"deleted\":false,"
    "\"fields\":{\"record_kind\":\"case\",\"record_id\":\"%s\",\"field\":\"title\",\"base_rev\":1,"
    "\"base\":\"Virtanen family\",\"theirs\":\"Virtanen\",\"theirs_rev\":2,\"theirs_by\":\"%s\","
    "\"mine\":\"Virtasen perhe\",\"mine_by\":\"%s\",\"mutation_id\":\"%s\",\"created_at\":1750150000,"
    "\"resolved_at\":null,\"resolved_by\":null}}]",
    conflict_id, f->case_id, f->case_id, f->other, f->me, conflict_id);

  g_assert_true (json_parser_load_from_data (parser, page, -1, &error));
  g_assert_true (monia_store_apply_remote (f->store, f->case_id, 5, json_node_get_array (json_parser_get_root (parser)),
                                           &error));
  g_assert_no_error (error);
}

static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(MoniaNotifier) notifier = monia_notifier_new (f->store, f->settings, collect, f);
  g_autofree char *first = monia_id_new ();
  g_autofree char *second = monia_id_new ();
  const char *sent;

  pull_conflict (f, first);
  g_assert_cmpuint (f->sent->len, ==, 1);
  sent = g_ptr_array_index (f->sent, 0);
  g_assert_true (g_str_has_prefix (sent, "conflict-"));
  g_assert_null (strstr (sent, "Virtanen"));
  pull_conflict (f, first);
  g_assert_cmpuint (f->sent->len, ==, 1);

  g_settings_set_boolean (f->settings, "notify-conflict", FALSE);
  pull_conflict (f, second);
  g_assert_cmpuint (f->sent->len, ==, 1);
  g_settings_reset (f->settings, "notify-conflict");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/notifier/clocks", Fixture, NULL, fixture_set_up, test_clocks, fixture_tear_down);
  g_test_add ("/notifier/settings", Fixture, NULL, fixture_set_up, test_settings_turn_off, fixture_tear_down);
  g_test_add ("/notifier/conflict", Fixture, NULL, fixture_set_up, test_conflict, fixture_tear_down);

  return g_test_run ();
}
