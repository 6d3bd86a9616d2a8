/* monia-store-schema.c — the tables and their forward migrations
 *
 * Each migration takes the schema from version N-1 to N inside the caller's
 * transaction. Never edit a released migration: add a new one, and a fixture
 * of the previous version under tests/store/data/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "monia-calendar.h"
#include "monia-error.h"
#include "monia-store-private.h"

/* Columns every record table has. */
#define RECORD_COLUMNS \
  "  id TEXT PRIMARY KEY NOT NULL," \
  "  rev INTEGER NOT NULL DEFAULT 1," \
  "  deleted INTEGER NOT NULL DEFAULT 0," \
  "  created_at INTEGER NOT NULL," \
  "  updated_at INTEGER NOT NULL,"

/* References to the case (and within it) are foreign keys, deferred to the
 * commit so a batch may arrive in any order. References to the directory
 * (professionals, organisations, teams, services) are not: a desktop holds
 * only part of the region's directory. */
#define CASE_REF(col) col " TEXT NOT NULL REFERENCES cases (id) DEFERRABLE INITIALLY DEFERRED,"
#define FK(col, table) col " TEXT REFERENCES " table " (id) DEFERRABLE INITIALLY DEFERRED,"

static const char migration_1[] =
  "CREATE TABLE meta ("
  "  key TEXT PRIMARY KEY NOT NULL,"
  "  value TEXT"
  ");"

  "CREATE TABLE organisations (" RECORD_COLUMNS
  "  name TEXT NOT NULL, sector TEXT, municipality TEXT);"

  "CREATE TABLE teams (" RECORD_COLUMNS
  "  name TEXT NOT NULL, organisation_id TEXT);"

  "CREATE TABLE professionals (" RECORD_COLUMNS
  "  name TEXT NOT NULL, profession TEXT, organisation_id TEXT, team_id TEXT,"
  "  role TEXT, login TEXT, phone TEXT, email TEXT);"

  "CREATE TABLE work_pairs (" RECORD_COLUMNS
  "  first_id TEXT NOT NULL, second_id TEXT NOT NULL, team_id TEXT,"
  "  active_from TEXT, active_until TEXT);"

  "CREATE TABLE services (" RECORD_COLUMNS
  "  name TEXT NOT NULL, provider TEXT, sector TEXT, area TEXT, target_group TEXT,"
  "  contact TEXT, description TEXT);"

  "CREATE TABLE people (" RECORD_COLUMNS
  "  name TEXT NOT NULL, hetu TEXT, birth_date TEXT, phone TEXT, language TEXT,"
  "  address TEXT);"
  "CREATE INDEX people_hetu ON people (hetu) WHERE hetu IS NOT NULL;"

  "CREATE TABLE cases (" RECORD_COLUMNS
  "  title TEXT NOT NULL, status TEXT, owner_id TEXT,"
  "  " FK ("pair_id", "work_pairs")
  "  team_id TEXT, opened_on TEXT, closed_on TEXT, closure_reason TEXT);"
  "CREATE INDEX cases_opened ON cases (opened_on);"
  "CREATE INDEX cases_owner ON cases (owner_id);"
  "CREATE INDEX cases_pair ON cases (pair_id);"

  "CREATE TABLE case_people (" RECORD_COLUMNS
  "  " CASE_REF ("case_id")
  "  person_id TEXT NOT NULL REFERENCES people (id) DEFERRABLE INITIALLY DEFERRED,"
  "  relation TEXT);"
  "CREATE INDEX case_people_case ON case_people (case_id);"
  "CREATE INDEX case_people_person ON case_people (person_id);"

  "CREATE TABLE participants (" RECORD_COLUMNS
  "  " CASE_REF ("case_id")
  "  professional_id TEXT NOT NULL, organisation_id TEXT, role TEXT,"
  "  active_from TEXT, active_until TEXT);"
  "CREATE INDEX participants_case ON participants (case_id);"
  "CREATE INDEX participants_professional ON participants (professional_id);"

  "CREATE TABLE help_requests (" RECORD_COLUMNS
  "  channel TEXT NOT NULL, received_at INTEGER NOT NULL, anonymous INTEGER,"
  "  contact_name TEXT, contact_phone TEXT, contact_preference TEXT, topic TEXT,"
  "  message TEXT, promise_working_days INTEGER, outcome TEXT, outcome_at INTEGER,"
  "  outcome_by TEXT, " FK ("case_id", "cases") " service_id TEXT);"
  "CREATE INDEX help_requests_received ON help_requests (received_at);"

  "CREATE TABLE assessments (" RECORD_COLUMNS
  "  " CASE_REF ("case_id")
  "  kind TEXT NOT NULL, pending_on TEXT NOT NULL, decision_due TEXT, started_on TEXT,"
  "  completion_due TEXT, completed_on TEXT, sections TEXT, conclusion TEXT,"
  "  client_view TEXT);"
  "CREATE INDEX assessments_case ON assessments (case_id);"

  "CREATE TABLE plans (" RECORD_COLUMNS
  "  " CASE_REF ("case_id")
  "  version INTEGER, status TEXT, agreed_on TEXT, review_on TEXT, needs TEXT,"
  "  strengths TEXT, client_commitments TEXT, differing_views TEXT,"
  "  child_meetings TEXT);"
  "CREATE INDEX plans_case ON plans (case_id);"

  "CREATE TABLE goals (" RECORD_COLUMNS
  "  " CASE_REF ("case_id")
  "  plan_id TEXT NOT NULL REFERENCES plans (id) DEFERRABLE INITIALLY DEFERRED,"
  "  text TEXT NOT NULL, client_words TEXT, indicator TEXT, position INTEGER);"
  "CREATE INDEX goals_plan ON goals (plan_id);"
  "CREATE INDEX goals_case ON goals (case_id);"

  "CREATE TABLE measures (" RECORD_COLUMNS
  "  " CASE_REF ("case_id")
  "  plan_id TEXT NOT NULL REFERENCES plans (id) DEFERRABLE INITIALLY DEFERRED,"
  "  " FK ("goal_id", "goals")
  "  text TEXT NOT NULL, organisation_id TEXT, professional_id TEXT,"
  "  starts_on TEXT, ends_on TEXT, status TEXT);"
  "CREATE INDEX measures_plan ON measures (plan_id);"
  "CREATE INDEX measures_case ON measures (case_id);"

  "CREATE TABLE events (" RECORD_COLUMNS
  "  " CASE_REF ("case_id")
  "  kind TEXT NOT NULL, occurred_at INTEGER NOT NULL, text TEXT,"
  "  " FK ("goal_id", "goals")
  "  measure_id TEXT REFERENCES measures (id) DEFERRABLE INITIALLY DEFERRED);"
  "CREATE INDEX events_case ON events (case_id, occurred_at);"

  "CREATE TABLE goal_ratings (" RECORD_COLUMNS
  "  " CASE_REF ("case_id")
  "  goal_id TEXT NOT NULL REFERENCES goals (id) DEFERRABLE INITIALLY DEFERRED,"
  "  rated_on TEXT NOT NULL, rating INTEGER, comment TEXT);"
  "CREATE INDEX goal_ratings_goal ON goal_ratings (goal_id);"
  "CREATE INDEX goal_ratings_case ON goal_ratings (case_id);"

  "CREATE TABLE consents (" RECORD_COLUMNS
  "  " CASE_REF ("case_id")
  "  " FK ("person_id", "people")
  "  organisation_id TEXT, professional_id TEXT, scope TEXT, given_on TEXT,"
  "  valid_until TEXT, revoked_on TEXT);"
  "CREATE INDEX consents_case ON consents (case_id);"

  "CREATE TABLE feedback (" RECORD_COLUMNS
  "  " CASE_REF ("case_id")
  "  got_help TEXT, recommend INTEGER, comment TEXT, given_on TEXT);"
  "CREATE INDEX feedback_case ON feedback (case_id);"

  /* The local change log: every mutation, in order, until the server has it.
   * Fields are JSON: on create {"field": value}, otherwise
   * {"field": [old, new]}. */
  "CREATE TABLE changes ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  mutation_id TEXT NOT NULL UNIQUE,"
  "  kind TEXT NOT NULL,"
  "  record_id TEXT NOT NULL,"
  "  op TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete')),"
  "  base_rev INTEGER NOT NULL,"
  "  fields TEXT NOT NULL,"
  "  author TEXT,"
  "  device_time INTEGER NOT NULL,"
  "  state INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX changes_pending ON changes (state, seq);";

/* Version 2: full-text search over people, cases and notes. The index's
 * rowid is the source row's rowid times four plus a tag, so a change to a
 * row finds its entry without a scan.
 *
 * New rows are indexed by monia_store_apply() once per batch, after all of
 * its writes (see _monia_store_search_sources): an FTS5 table written inside
 * the batch would flush its pending terms at every later statement. Changes
 * to existing rows are followed by the triggers. */
#define PERSON_BODY(p) p "name || ' ' || coalesce (" p "hetu, '')"
#define CASE_BODY(p) p "title"
#define EVENT_BODY(p) "coalesce (" p "text, '')"

#define SEARCH_TRIGGERS(table, tag, body, case_expr) \
  "CREATE TRIGGER " table "_search_update AFTER UPDATE ON " table " BEGIN" \
  "  DELETE FROM search WHERE rowid = old.rowid * 4 + " tag ";" \
  "  INSERT INTO search (rowid, body, kind, record_id, case_id)" \
  "  SELECT new.rowid * 4 + " tag ", " body ", " case_expr " WHERE new.deleted = 0;" \
  "END;" \
  "CREATE TRIGGER " table "_search_delete AFTER DELETE ON " table " BEGIN" \
  "  DELETE FROM search WHERE rowid = old.rowid * 4 + " tag ";" \
  "END;"

#define SEARCH_FILL(table, tag, body, case_expr) \
  "INSERT OR REPLACE INTO search (rowid, body, kind, record_id, case_id)" \
  "  SELECT rowid * 4 + " tag ", " body ", " case_expr \
  "  FROM " table " WHERE rowid > ?1 AND deleted = 0"

const MoniaSearchSource _monia_store_search_sources[] = {
  { "people", SEARCH_FILL ("people", "1", PERSON_BODY (""), "'person', id, NULL") },
  { "cases", SEARCH_FILL ("cases", "2", CASE_BODY (""), "'case', id, id") },
  { "events", SEARCH_FILL ("events", "3", EVENT_BODY (""), "'event', id, case_id") },
  { NULL, NULL }
};

static const char migration_2[] =
  "CREATE VIRTUAL TABLE search USING fts5 ("
  "  body, kind UNINDEXED, record_id UNINDEXED, case_id UNINDEXED,"
  "  tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'"
  ");"
  SEARCH_TRIGGERS ("people", "1", PERSON_BODY ("new."), "'person', new.id, NULL")
  SEARCH_TRIGGERS ("cases", "2", CASE_BODY ("new."), "'case', new.id, new.id")
  SEARCH_TRIGGERS ("events", "3", EVENT_BODY ("new."), "'event', new.id, new.case_id");

/* Version 3: the answer-by time of help requests, kept with the request so
 * the inbox sorts by promise; the local queue of audit events (views made
 * offline, exports, prints) for upload; and the lists' indexes made partial
 * over live rows, in the lists' own order, so a list of 50,000 cases is read
 * from the index alone. */
static const char migration_3[] =
  "ALTER TABLE help_requests ADD COLUMN due_at INTEGER;"
  "CREATE INDEX help_requests_inbox ON help_requests (coalesce (due_at, received_at))"
  "  WHERE deleted = 0 AND outcome IS NULL;"
  "DROP INDEX cases_opened;"
  "DROP INDEX cases_owner;"
  "DROP INDEX cases_pair;"
  "CREATE INDEX cases_live ON cases (opened_on) WHERE deleted = 0;"
  "CREATE INDEX cases_live_owner ON cases (owner_id, opened_on) WHERE deleted = 0;"
  "CREATE INDEX cases_live_pair ON cases (pair_id, opened_on) WHERE deleted = 0;"
  "CREATE INDEX cases_live_team ON cases (team_id, opened_on) WHERE deleted = 0;"
  "CREATE TABLE audit_events (" RECORD_COLUMNS
  "  at INTEGER NOT NULL, actor_id TEXT, action TEXT NOT NULL, record_kind TEXT,"
  "  record_id TEXT, case_id TEXT, reason TEXT, device_id TEXT);";

/* Version 4: synchronisation with the region's server. sync_base keeps,
 * for every record the server has served or accepted, the server revision
 * it was based on (the base the next edit is pushed against; the values
 * before the edit are in the change log). sync_feeds keeps how far each
 * feed has been pulled. Conflicts come from the server and are shown on
 * the record until someone resolves them. Refused changes stay in the log
 * with the server's reason. */
static const char migration_4[] =
  "CREATE TABLE sync_base ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  case_id TEXT,"
  "  rev INTEGER NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE INDEX sync_base_case ON sync_base (case_id);"
  "CREATE TABLE sync_feeds ("
  "  feed TEXT PRIMARY KEY NOT NULL,"
  "  seq INTEGER NOT NULL DEFAULT 0"
  ") WITHOUT ROWID;"
  "CREATE TABLE conflicts ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  case_id TEXT,"
  "  record_kind TEXT NOT NULL,"
  "  record_id TEXT NOT NULL,"
  "  field TEXT,"
  "  base TEXT, theirs TEXT, theirs_by TEXT, mine TEXT, mine_by TEXT,"
  "  created_at INTEGER, resolved_at INTEGER, resolved_by TEXT,"
  "  resolve_pending INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX conflicts_record ON conflicts (record_id);"
  "CREATE INDEX conflicts_case ON conflicts (case_id);"
  "ALTER TABLE changes ADD COLUMN error TEXT;"
  "CREATE INDEX changes_record ON changes (record_id, state);"
  /* Before version 4 an edit logged the local revision as its base; the
   * server has seen none of them, so their base is nothing yet. */
  "UPDATE changes SET base_rev = 0 WHERE state = 0;";

/* Version 5: help requests from the public form (monia-server's /ask)
 * bring an e-mail address, the municipality, the child's age band and the
 * language the family wrote in; each has a reference code, and the answer
 * to an anonymous one is kept with it for the family to read by that code. */
static const char migration_5[] =
  "ALTER TABLE help_requests ADD COLUMN contact_email TEXT;"
  "ALTER TABLE help_requests ADD COLUMN municipality TEXT;"
  "ALTER TABLE help_requests ADD COLUMN child_age TEXT;"
  "ALTER TABLE help_requests ADD COLUMN language TEXT;"
  "ALTER TABLE help_requests ADD COLUMN reference TEXT;"
  "ALTER TABLE help_requests ADD COLUMN reply TEXT;"
  "ALTER TABLE help_requests ADD COLUMN replied_at INTEGER;";

/* Version 6: the service scorecard. Whether a help request (a
 * professional's consultation call) came from outside the wellbeing
 * services county; feedback found by the day it was given. */
static const char migration_6[] =
  "ALTER TABLE help_requests ADD COLUMN from_outside_area INTEGER;"
  "CREATE INDEX feedback_given ON feedback (given_on) WHERE deleted = 0;";

static const char *const migrations[] = {
  NULL,
  migration_1,
  migration_2,
  migration_3,
  migration_4,
  migration_5,
  migration_6,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == MONIA_STORE_SCHEMA_VERSION + 1);

/* Version 2 indexes the rows made before it. */
static gboolean
index_existing_rows (sqlite3  *db,
                     char    **message)
{
  for (guint i = 0; _monia_store_search_sources[i].table != NULL; i++)
    {
      sqlite3_stmt *stmt = NULL;
      int rc = sqlite3_prepare_v2 (db, _monia_store_search_sources[i].index_sql, -1, &stmt, NULL);

      if (rc == SQLITE_OK)
        {
          sqlite3_bind_int64 (stmt, 1, 0);
          rc = sqlite3_step (stmt);
        }
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        {
          *message = sqlite3_mprintf ("%s", sqlite3_errmsg (db));
          return FALSE;
        }
    }
  return TRUE;
}

/* Help requests kept before version 3 have no answer-by time, and the
 * inbox, sorted by it, would put them by arrival instead of by promise.
 * Reckoned as the intake does when it registers one (monia-intake.c): the
 * working days promised from the time it came, in this computer's time
 * zone and the Finnish calendar. A derived value, so written as it is: no
 * new revision, nothing to send. Run with every update, as rows made
 * before version 3 may still be there in a store of version 3. */
static gboolean
fill_due_at (sqlite3  *db,
             char    **message)
{
  g_autoptr(MoniaCalendar) calendar = monia_calendar_new ();
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  sqlite3_stmt *select = NULL, *update = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "SELECT id, received_at, promise_working_days FROM help_requests"
                               " WHERE due_at IS NULL AND promise_working_days > 0", -1, &select, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "UPDATE help_requests SET due_at = ? WHERE id = ?", -1, &update, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (sqlite3_column_int64 (select, 1));
      g_autoptr(GDateTime) received = utc != NULL ? g_date_time_to_timezone (utc, tz) : NULL;
      g_autoptr(GDateTime) due = NULL;
      gint64 days = sqlite3_column_int64 (select, 2);

      /* Out of the calendar's range: left for the intake to show as it can. */
      if (received != NULL && days <= G_MAXUINT)
        due = monia_calendar_promise_deadline (calendar, received, (guint) days, NULL);
      if (due == NULL)
        {
          rc = SQLITE_OK;
          continue;
        }
      sqlite3_bind_int64 (update, 1, g_date_time_to_unix (due));
      sqlite3_bind_value (update, 2, sqlite3_column_value (select, 0));
      rc = sqlite3_step (update);
      sqlite3_reset (update);
      if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    }
  if (rc != SQLITE_DONE)
    *message = sqlite3_mprintf ("%s", sqlite3_errmsg (db));
  sqlite3_finalize (select);
  sqlite3_finalize (update);
  return rc == SQLITE_DONE;
}

gboolean
_monia_store_schema_migrate (sqlite3  *db,
                             int       from_version,
                             int       to_version,
                             GError  **error)
{
  g_return_val_if_fail (from_version >= 0, FALSE);
  g_return_val_if_fail (to_version <= MONIA_STORE_SCHEMA_VERSION, FALSE);

  for (int v = from_version + 1; v <= to_version; v++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d;", v);
      char *message = NULL;

      if (sqlite3_exec (db, migrations[v], NULL, NULL, &message) != SQLITE_OK ||
          (v == 2 && !index_existing_rows (db, &message)) ||
          sqlite3_exec (db, set_version, NULL, NULL, &message) != SQLITE_OK)
        {
          g_set_error (error, MONIA_ERROR, MONIA_ERROR_STORE,
                       /* Translators: %d is a schema version number, %s a database message */
                       _("Could not update the database to version %d: %s"),
                       v, message ? message : sqlite3_errmsg (db));
          sqlite3_free (message);
          return FALSE;
        }
    }

  if (from_version > 0 && to_version >= 3)
    {
      char *message = NULL;

      if (!fill_due_at (db, &message))
        {
          g_set_error (error, MONIA_ERROR, MONIA_ERROR_STORE,
                       /* Translators: %d is a schema version number, %s a database message */
                       _("Could not update the database to version %d: %s"),
                       to_version, message ? message : sqlite3_errmsg (db));
          sqlite3_free (message);
          return FALSE;
        }
    }

  return TRUE;
}
