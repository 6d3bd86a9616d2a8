/* monia-kind.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-kind"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "monia-calendar.h"
#include "monia-error.h"
#include "monia-kind.h"

/* Longest texts, in bytes: a name, code or phone number on one line; a
 * note, a plan's part or a message; an assessment's sections together. */
#define LINE_BYTES 1000
#define LONG_BYTES (100 * 1000)
#define SECTIONS_BYTES (256 * 1000)

/* Moments from the start of 1900 to the end of 2199, in Unix seconds (UTC):
 * a birth long ago, a review far ahead, no overflow when counting days. */
#define TIME_MIN G_GINT64_CONSTANT (-2208988800)
#define TIME_MAX G_GINT64_CONSTANT (7258118399)

#define REQ MONIA_FIELD_FLAG_REQUIRED
#define TEXT(n)      { n, MONIA_FIELD_TEXT, 0, NULL, 0, 0, LONG_BYTES }
#define TEXT_REQ(n)  { n, MONIA_FIELD_TEXT, REQ, NULL, 0, 0, LONG_BYTES }
#define TEXT_MAX(n, bytes) { n, MONIA_FIELD_TEXT, 0, NULL, 0, 0, bytes }
#define LINE(n)      { n, MONIA_FIELD_TEXT, 0, NULL, 0, 0, LINE_BYTES }
#define LINE_REQ(n)  { n, MONIA_FIELD_TEXT, REQ, NULL, 0, 0, LINE_BYTES }
/* Every whole number has a range: no field needs the whole of 64 bits. */
#define INT_RANGE(n, lo, hi) { n, MONIA_FIELD_INT, 0, NULL, lo, hi, 0 }
#define BOOL(n)      { n, MONIA_FIELD_BOOL, 0, NULL, 0, 0, 0 }
#define DATE(n)      { n, MONIA_FIELD_DATE, 0, NULL, 0, 0, 0 }
#define DATE_REQ(n)  { n, MONIA_FIELD_DATE, REQ, NULL, 0, 0, 0 }
#define TIME(n)      { n, MONIA_FIELD_TIME, 0, NULL, TIME_MIN, TIME_MAX, 0 }
#define TIME_REQ(n)  { n, MONIA_FIELD_TIME, REQ, NULL, TIME_MIN, TIME_MAX, 0 }
#define REF(n, k)    { n, MONIA_FIELD_REF, 0, k, 0, 0, 0 }
#define REF_REQ(n, k) { n, MONIA_FIELD_REF, REQ, k, 0, 0, 0 }

/* Keep in step with the tables the migrations in monia-store-schema.c make;
 * test-store checks that they agree. */

static const MoniaField organisation_fields[] = {
  LINE_REQ ("name"),
  LINE ("sector"),        /* wellbeing_area, municipality, parish, ngo, school, police, other */
  LINE ("municipality"),
};

static const MoniaField team_fields[] = {
  LINE_REQ ("name"),
  REF ("organisation_id", "organisation"),
};

static const MoniaField professional_fields[] = {
  LINE_REQ ("name"),
  LINE ("profession"),
  REF ("organisation_id", "organisation"),
  REF ("team_id", "team"),
  LINE ("role"),          /* worker, lead, intake, admin */
  LINE ("login"),
  LINE ("phone"),
  LINE ("email"),
};

static const MoniaField work_pair_fields[] = {
  REF_REQ ("first_id", "professional"),
  REF_REQ ("second_id", "professional"),
  REF ("team_id", "team"),
  DATE ("active_from"),
  DATE ("active_until"),
};

static const MoniaField person_fields[] = {
  LINE_REQ ("name"),
  LINE ("hetu"),
  DATE ("birth_date"),
  LINE ("phone"),
  LINE ("language"),
  LINE ("address"),
};

static const MoniaField case_fields[] = {
  LINE_REQ ("title"),
  LINE ("status"),        /* open, assessment, planning, implementation, review, closed */
  REF ("owner_id", "professional"),
  REF ("pair_id", "work_pair"),
  REF ("team_id", "team"),
  DATE ("opened_on"),
  DATE ("closed_on"),
  TEXT ("closure_reason"),
};

static const MoniaField case_person_fields[] = {
  REF_REQ ("case_id", "case"),
  REF_REQ ("person_id", "person"),
  LINE ("relation"),      /* child, guardian, other */
};

static const MoniaField participant_fields[] = {
  REF_REQ ("case_id", "case"),
  REF_REQ ("professional_id", "professional"),
  REF ("organisation_id", "organisation"),
  LINE ("role"),
  DATE ("active_from"),
  DATE ("active_until"),
};

static const MoniaField help_request_fields[] = {
  LINE_REQ ("channel"),   /* web, callback, consultation, notification, phone */
  TIME_REQ ("received_at"),
  BOOL ("anonymous"),
  LINE ("contact_name"),
  LINE ("contact_phone"),
  LINE ("contact_preference"),
  LINE ("topic"),
  TEXT ("message"),
  INT_RANGE ("promise_working_days", 0, 30),
  TIME ("due_at"),
  LINE ("outcome"),       /* advice, service, case, notification */
  TIME ("outcome_at"),
  REF ("outcome_by", "professional"),
  REF ("case_id", "case"),
  REF ("service_id", "service"),
  /* Version 5: what the public form asks for, the code the family was
   * given, and the answer they read with it when they stayed anonymous. */
  LINE ("contact_email"),
  LINE ("municipality"),
  LINE ("child_age"),     /* expecting, 0-2, 3-6, 7-12, 13-17 */
  LINE ("language"),      /* fi, sv, en: the one the family wrote in */
  LINE ("reference"),
  TEXT ("reply"),
  TIME ("replied_at"),
  /* Version 6: a consultation from outside the wellbeing services county. */
  BOOL ("from_outside_area"),
};

static const MoniaField assessment_fields[] = {
  REF_REQ ("case_id", "case"),
  LINE_REQ ("kind"),      /* social_welfare_s36, child_welfare_s26 */
  DATE_REQ ("pending_on"),
  DATE ("decision_due"),
  DATE ("started_on"),
  DATE ("completion_due"),
  DATE ("completed_on"),
  TEXT_MAX ("sections", SECTIONS_BYTES),  /* JSON object: section name → text */
  TEXT ("conclusion"),
  TEXT ("client_view"),
};

static const MoniaField plan_fields[] = {
  REF_REQ ("case_id", "case"),
  INT_RANGE ("version", 1, 10000),
  LINE ("status"),        /* draft, agreed, superseded */
  DATE ("agreed_on"),
  DATE ("review_on"),
  TEXT ("needs"),
  TEXT ("strengths"),
  TEXT ("client_commitments"),
  TEXT ("differing_views"),
  TEXT ("child_meetings"),
};

static const MoniaField goal_fields[] = {
  REF_REQ ("case_id", "case"),
  REF_REQ ("plan_id", "plan"),
  TEXT_REQ ("text"),
  TEXT ("client_words"),
  TEXT ("indicator"),
  INT_RANGE ("position", 0, 10000),
};

static const MoniaField measure_fields[] = {
  REF_REQ ("case_id", "case"),
  REF_REQ ("plan_id", "plan"),
  REF ("goal_id", "goal"),
  TEXT_REQ ("text"),
  REF ("organisation_id", "organisation"),
  REF ("professional_id", "professional"),
  DATE ("starts_on"),
  DATE ("ends_on"),
  LINE ("status"),        /* planned, ongoing, done, cancelled */
};

static const MoniaField event_fields[] = {
  REF_REQ ("case_id", "case"),
  LINE_REQ ("kind"),      /* meeting, network_meeting, home_visit, call, note */
  TIME_REQ ("occurred_at"),
  TEXT ("text"),
  REF ("goal_id", "goal"),
  REF ("measure_id", "measure"),
};

static const MoniaField goal_rating_fields[] = {
  REF_REQ ("case_id", "case"),
  REF_REQ ("goal_id", "goal"),
  DATE_REQ ("rated_on"),
  INT_RANGE ("rating", 0, 10),
  TEXT ("comment"),
};

static const MoniaField consent_fields[] = {
  REF_REQ ("case_id", "case"),
  REF ("person_id", "person"),
  REF ("organisation_id", "organisation"),
  REF ("professional_id", "professional"),
  LINE ("scope"),         /* comma-separated parts: overview, assessment, plan, implementation */
  DATE ("given_on"),
  DATE ("valid_until"),
  DATE ("revoked_on"),
};

static const MoniaField service_fields[] = {
  LINE_REQ ("name"),
  LINE ("provider"),
  LINE ("sector"),        /* public, municipal, parish, third_sector, digital */
  LINE ("area"),
  LINE ("target_group"),
  LINE ("contact"),
  TEXT ("description"),
};

static const MoniaField feedback_fields[] = {
  REF_REQ ("case_id", "case"),
  LINE ("got_help"),      /* yes, partly, no */
  INT_RANGE ("recommend", 0, 10),
  TEXT ("comment"),
  DATE ("given_on"),
};

static const MoniaField audit_event_fields[] = {
  TIME_REQ ("at"),
  REF ("actor_id", "professional"),
  LINE_REQ ("action"),    /* view, export, print */
  LINE ("record_kind"),
  LINE ("record_id"),
  REF ("case_id", "case"),
  TEXT ("reason"),
  LINE ("device_id"),
};

#define KIND(n, t, f, fields) { n, t, f, fields, G_N_ELEMENTS (fields) }
#define CASE_SCOPED MONIA_KIND_FLAG_CASE_SCOPED
#define APPEND_ONLY MONIA_KIND_FLAG_APPEND_ONLY

/* Ordered so that a record's references come before it. */
static const MoniaKind kinds[] = {
  KIND ("organisation", "organisations", 0, organisation_fields),
  KIND ("team", "teams", 0, team_fields),
  KIND ("professional", "professionals", 0, professional_fields),
  KIND ("work_pair", "work_pairs", 0, work_pair_fields),
  KIND ("service", "services", 0, service_fields),
  KIND ("person", "people", 0, person_fields),
  KIND ("case", "cases", 0, case_fields),
  KIND ("case_person", "case_people", CASE_SCOPED, case_person_fields),
  KIND ("participant", "participants", CASE_SCOPED, participant_fields),
  KIND ("help_request", "help_requests", 0, help_request_fields),
  KIND ("assessment", "assessments", CASE_SCOPED, assessment_fields),
  KIND ("plan", "plans", CASE_SCOPED, plan_fields),
  KIND ("goal", "goals", CASE_SCOPED, goal_fields),
  KIND ("measure", "measures", CASE_SCOPED, measure_fields),
  KIND ("event", "events", CASE_SCOPED | APPEND_ONLY, event_fields),
  KIND ("goal_rating", "goal_ratings", CASE_SCOPED | APPEND_ONLY, goal_rating_fields),
  KIND ("consent", "consents", CASE_SCOPED, consent_fields),
  KIND ("feedback", "feedback", CASE_SCOPED, feedback_fields),
  KIND ("audit_event", "audit_events", APPEND_ONLY, audit_event_fields),
};

const MoniaKind *
monia_kind_get_all (guint *n_kinds)
{
  if (n_kinds != NULL)
    *n_kinds = G_N_ELEMENTS (kinds);
  return kinds;
}

const MoniaKind *
monia_kind_lookup (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].name, name))
      return &kinds[i];
  return NULL;
}

const MoniaField *
monia_kind_lookup_field (const MoniaKind *kind,
                         const char      *field)
{
  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (field != NULL, NULL);

  for (guint i = 0; i < kind->n_fields; i++)
    if (g_str_equal (kind->fields[i].name, field))
      return &kind->fields[i];
  return NULL;
}

const GVariantType *
monia_field_type_get_variant_type (MoniaFieldType type)
{
  switch (type)
    {
    case MONIA_FIELD_TEXT:
    case MONIA_FIELD_DATE:
    case MONIA_FIELD_REF:
      return G_VARIANT_TYPE_STRING;
    case MONIA_FIELD_INT:
    case MONIA_FIELD_TIME:
      return G_VARIANT_TYPE_INT64;
    case MONIA_FIELD_BOOL:
      return G_VARIANT_TYPE_BOOLEAN;
    default:
      g_return_val_if_reached (NULL);
    }
}

/* A real day written YYYY-MM-DD; days outside the calendar's years of
 * deadline counting (a great-grandparent's birth date) are dates too. */
static gboolean
is_date (const char *text)
{
  g_autoptr(GError) error = NULL;

  return monia_date_parse_iso (text, NULL, &error) ||
         g_error_matches (error, MONIA_ERROR, MONIA_ERROR_OUT_OF_RANGE);
}

static gboolean
refuse_out_of_range (const MoniaField  *field,
                     GError           **error)
{
  if (field->type == MONIA_FIELD_TIME)
    {
      g_autoptr(GDateTime) first = g_date_time_new_from_unix_utc (field->min);
      g_autoptr(GDateTime) last = g_date_time_new_from_unix_utc (field->max);

      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   /* Translators: %s is a field name such as "occurred_at", the numbers are years */
                   _("“%s” must be a moment in the years %d to %d."), field->name,
                   g_date_time_get_year (first), g_date_time_get_year (last));
    }
  else
    {
      g_autofree char *lo = g_strdup_printf ("%" G_GINT64_FORMAT, field->min);
      g_autofree char *hi = g_strdup_printf ("%" G_GINT64_FORMAT, field->max);

      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   /* Translators: the first %s is a field name such as "rating", the others numbers */
                   _("“%s” must be a whole number from %s to %s."), field->name, lo, hi);
    }
  return FALSE;
}

gboolean
monia_field_check_value (const MoniaKind  *kind,
                         const MoniaField *field,
                         GVariant         *value,
                         GError          **error)
{
  gsize length = 0;

  g_return_val_if_fail (kind != NULL, FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  if (value == NULL)
    return TRUE;

  if (!g_variant_is_of_type (value, monia_field_type_get_variant_type (field->type)))
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   /* Translators: %s is a field name such as "title" */
                   _("The value given for “%s” is of the wrong kind."), field->name);
      return FALSE;
    }

  switch (field->type)
    {
    case MONIA_FIELD_TEXT:
      g_variant_get_string (value, &length);
      if (length > field->max_length)
        {
          g_autofree char *most = g_format_size (field->max_length);

          g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                       /* Translators: the first %s is a field name, the second a size such as "1.0 kB" */
                       _("The text given for “%s” is too long: it may be at most %s."), field->name, most);
          return FALSE;
        }
      break;

    case MONIA_FIELD_DATE:
      if (!is_date (g_variant_get_string (value, NULL)))
        {
          g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                       _("“%s” must be a date written as YYYY-MM-DD."), field->name);
          return FALSE;
        }
      break;

    case MONIA_FIELD_REF:
      if (!g_uuid_string_is_valid (g_variant_get_string (value, NULL)))
        {
          g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                       _("“%s” does not name a record."), field->name);
          return FALSE;
        }
      break;

    case MONIA_FIELD_INT:
    case MONIA_FIELD_TIME:
      if (g_variant_get_int64 (value) < field->min || g_variant_get_int64 (value) > field->max)
        return refuse_out_of_range (field, error);
      break;

    case MONIA_FIELD_BOOL:
    default:
      break;
    }

  return TRUE;
}
