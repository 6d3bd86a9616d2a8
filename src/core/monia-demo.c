/* monia-demo.c — synthetic, plausible data for demos, tests and benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here is made up: the families, the professionals and the
 * organisations. Identity codes use the temporary individual numbers
 * 900–999 and no two people share one. The same seed, number of cases and
 * reference day give the same content (not the same UUIDs: the store makes
 * those). The reference day is today, or MONIA_DEMO_TODAY (YYYY-MM-DD) when
 * set, so that tests and benchmarks can pin it.
 */
#define G_LOG_DOMAIN "monia-demo"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "monia-calendar.h"
#include "monia-demo.h"
#include "monia-error.h"
#include "monia-hetu.h"

#define MAX_CASES          1000000
#define CASES_PER_BATCH    1000
/* "~2 professionals per 40 cases", but never fewer than every profession needs */
#define CASES_PER_WORKER   20
#define MIN_WORKERS        20
#define WORKERS_PER_TEAM   12
#define HISTORY_DAYS       730
/* Open help requests are of the last this many days (a week, so some are
 * past a promise of the next working day whatever the weekday). */
#define RECENT_DAYS        6
/* How long a case lasts, from opening to closing. */
#define MIN_CASE_DAYS      180
#define MAX_CASE_DAYS      450
/* People are born at most this many days before the reference day. */
#define HETU_SPAN_DAYS     (60 * 366)
#define HETU_NUMBERS       100  /* 900–999 */
#define NOW_HOUR           16   /* "now" is the reference day at 16:00 */

/* The organisations, in creation order. */
enum
{
  ORG_FAMILY_SOCIAL_WORK,
  ORG_MENTAL_HEALTH,
  ORG_FAMILY_CENTRE,
  ORG_SCHOOL,
  ORG_PARISH,
  ORG_NGO,
  ORG_POLICE,
  N_ORGS
};

static const struct
{
  const char *name;
  const char *sector;
} organisations[N_ORGS] = {
  { N_("Wellbeing services county: family social work"), "wellbeing_area" },
  { N_("Wellbeing services county: mental health and substance abuse services"), "wellbeing_area" },
  { N_("Wellbeing services county: family centre"), "wellbeing_area" },
  { N_("Harjula municipality: Koivurinne school"), "school" },
  { N_("Harjula parish: family work"), "parish" },
  { N_("Family Support Association Tukiverkko"), "ngo" },
  { N_("Police: anticipatory unit"), "police" },
};

#define MUNICIPALITY "Harjula"

typedef enum
{
  PROF_SOCIAL_WORKER,
  PROF_FAMILY_WORKER,
  PROF_PSYCHIATRIC_NURSE,
  PROF_SUBSTANCE_ABUSE_WORKER,
  PROF_SCHOOL_CURATOR,
  PROF_PSYCHOLOGIST,
  PROF_TEAM_LEAD,
  N_PROFESSIONS
} Profession;

static const char *professions[N_PROFESSIONS] = {
  N_("Social worker"),
  N_("Family worker"),
  N_("Psychiatric nurse"),
  N_("Substance abuse worker"),
  N_("School curator"),
  N_("Psychologist"),
  N_("Team lead"),
};

/* Who works where, repeated for every 20 workers (team leads come apart).
 * Social workers are the most: they own the cases, and with one in two of
 * the cases of the last two years closed, eleven in twenty put a social
 * worker's caseload around the legal cap of 30 children. */
static const struct
{
  Profession profession;
  guint      org;
} worker_slots[] = {
  { PROF_SOCIAL_WORKER, ORG_FAMILY_SOCIAL_WORK },
  { PROF_PSYCHIATRIC_NURSE, ORG_MENTAL_HEALTH },
  { PROF_SOCIAL_WORKER, ORG_FAMILY_SOCIAL_WORK },
  { PROF_FAMILY_WORKER, ORG_FAMILY_SOCIAL_WORK },
  { PROF_SOCIAL_WORKER, ORG_FAMILY_SOCIAL_WORK },
  { PROF_SUBSTANCE_ABUSE_WORKER, ORG_MENTAL_HEALTH },
  { PROF_SOCIAL_WORKER, ORG_FAMILY_SOCIAL_WORK },
  { PROF_SCHOOL_CURATOR, ORG_SCHOOL },
  { PROF_SOCIAL_WORKER, ORG_FAMILY_SOCIAL_WORK },
  { PROF_FAMILY_WORKER, ORG_FAMILY_CENTRE },
  { PROF_SOCIAL_WORKER, ORG_FAMILY_SOCIAL_WORK },
  { PROF_PSYCHIATRIC_NURSE, ORG_MENTAL_HEALTH },
  { PROF_SOCIAL_WORKER, ORG_FAMILY_SOCIAL_WORK },
  { PROF_PSYCHOLOGIST, ORG_FAMILY_CENTRE },
  { PROF_SOCIAL_WORKER, ORG_FAMILY_SOCIAL_WORK },
  { PROF_FAMILY_WORKER, ORG_PARISH },
  { PROF_SOCIAL_WORKER, ORG_FAMILY_SOCIAL_WORK },
  { PROF_FAMILY_WORKER, ORG_NGO },
  { PROF_SOCIAL_WORKER, ORG_FAMILY_SOCIAL_WORK },
  { PROF_SOCIAL_WORKER, ORG_FAMILY_SOCIAL_WORK },
};

/* Some social workers carry more than others: each draws a load weight
 * from this range, so a few are over the cap and some well under. */
#define LOAD_MIN 8
#define LOAD_MAX 12

/* The statutory clocks as the national figures have them (about 90 % of
 * decisions to start within 7 working days, about 80 % of assessments
 * completed within 3 months), and one team clearly worse (about 60 %):
 * the first family social work team, for a lead to find. */
#define LATE_START_PERCENT            4
#define LATE_COMPLETION_PERCENT      10
#define WORSE_TEAM_LATE_PERCENT      40
/* At least three family social work teams, so one of them can be worse
 * without being half the region. */
#define MIN_TEAMS 9

/* Teams belong to these, in turn. */
static const guint team_orgs[] = { ORG_FAMILY_SOCIAL_WORK, ORG_MENTAL_HEALTH, ORG_FAMILY_CENTRE };

static const char *team_areas[] = {
  N_("North"), N_("South"), N_("East"), N_("West"), N_("Centre"),
};

/* A team's name: the unit it belongs to and its area. */
static char *
make_team_name (guint       kind,
                const char *area)
{
  switch (kind)
    {
    case 0:
      /* Translators: a team name; %s is an area such as "North" */
      return g_strdup_printf (_("Family social work, %s"), area);
    case 1:
      /* Translators: a team name; %s is an area such as "North" */
      return g_strdup_printf (_("Mental health and substance abuse, %s"), area);
    default:
      /* Translators: a team name; %s is an area such as "North" */
      return g_strdup_printf (_("Family centre, %s"), area);
    }
}

static const struct
{
  const char *name;
  const char *sector;   /* public, municipal, parish, third_sector, digital */
  guint       provider;  /* an organisation, or N_ORGS for one outside the region */
  const char *provider_name;
  const char *area;
  const char *target_group;
  const char *description;
} services[] = {
  { N_("Family social work"), "public", ORG_FAMILY_SOCIAL_WORK, NULL, N_("Whole county"),
    N_("Families with children"), N_("Long-term support for families in difficult situations.") },
  { N_("Home service for families with children"), "public", ORG_FAMILY_SOCIAL_WORK, NULL, N_("Whole county"),
    N_("Families with children"), N_("Practical help at home when everyday life is hard.") },
  { N_("Family counselling clinic"), "public", ORG_FAMILY_CENTRE, NULL, N_("Whole county"),
    N_("Parents and children"), N_("Help with parenting, the child's development and family relationships.") },
  { N_("Youth mental health outpatient clinic"), "public", ORG_MENTAL_HEALTH, NULL, N_("Whole county"),
    N_("Young people aged 13–22"), N_("Assessment and short therapy for young people.") },
  { N_("Substance abuse outpatient clinic"), "public", ORG_MENTAL_HEALTH, NULL, N_("Whole county"),
    N_("Adults"), N_("Support and treatment for alcohol and drug problems.") },
  { N_("School curator and psychologist services"), "municipal", ORG_SCHOOL, NULL, MUNICIPALITY,
    N_("Pupils and their parents"), N_("Support for school attendance, wellbeing and relationships.") },
  { N_("Outreach youth work"), "municipal", N_ORGS, N_("Harjula youth services"), MUNICIPALITY,
    N_("Young people aged 15–29"), N_("Youth workers who find and support young people outside services.") },
  { N_("Open playground activities"), "municipal", N_ORGS, N_("Harjula early childhood education"), MUNICIPALITY,
    N_("Children under school age and their parents"), N_("Free play and peer support for families.") },
  { N_("Parish family counselling"), "parish", ORG_PARISH, NULL, MUNICIPALITY,
    N_("Couples and families"), N_("Conversations about relationships and crises.") },
  { N_("Parish family club"), "parish", ORG_PARISH, NULL, MUNICIPALITY,
    N_("Families with small children"), N_("Weekly club for parents and children.") },
  { N_("Diaconal work"), "parish", ORG_PARISH, NULL, MUNICIPALITY,
    N_("Anyone in need"), N_("Financial counselling and emergency help.") },
  { N_("Peer support groups for parents"), "third_sector", ORG_NGO, NULL, N_("Whole county"),
    N_("Parents"), N_("Groups led by trained volunteers.") },
  { N_("Volunteer support family"), "third_sector", ORG_NGO, NULL, N_("Whole county"),
    N_("Families with children"), N_("A volunteer family that spends time with the child.") },
  { N_("Crisis helpline"), "third_sector", N_ORGS, N_("Crisis centre association"), N_("Whole country"),
    N_("Anyone"), N_("Someone to talk to, day and night.") },
  { N_("Digital family centre"), "digital", N_ORGS, N_("National digital family centre"), N_("Whole country"),
    N_("Families with children"), N_("Information, self-help programmes and chat for families.") },
  { N_("Online chat for young people"), "digital", N_ORGS, N_("National youth chat"), N_("Whole country"),
    N_("Young people"), N_("Anonymous chat with professionals.") },
  { N_("Parenting self-help programme"), "digital", ORG_FAMILY_CENTRE, NULL, N_("Whole county"),
    N_("Parents of children under 12"), N_("Eight weekly online sessions with a coach.") },
};

/* Synthetic names: common first names and surnames, combined at random. */
static const char *fi_female[] = {
  "Aino", "Helmi", "Emma", "Olivia", "Sofia", "Ella", "Aada", "Lilja", "Venla", "Eevi",
  "Isla", "Kerttu", "Veera", "Minea", "Pihla", "Saana", "Elli", "Iida", "Linnea", "Hilla",
  "Anna", "Maria", "Johanna", "Laura", "Sanna", "Kaisa", "Tiina", "Riikka", "Heidi", "Noora",
};
static const char *fi_male[] = {
  "Leo", "Eino", "Väinö", "Oliver", "Elias", "Onni", "Eeli", "Toivo", "Vilho", "Veeti",
  "Niilo", "Aatos", "Lenni", "Otto", "Juho", "Matias", "Eetu", "Mikko", "Antti", "Jussi",
  "Ville", "Teemu", "Janne", "Sami", "Petri", "Markus", "Tuomas", "Ilkka", "Juha", "Lauri",
};
static const char *sv_female[] = {
  "Ebba", "Saga", "Alva", "Elsa", "Ellen", "Astrid", "Wilma", "Signe", "Ida", "Stella",
  "Linn", "Agnes", "Vera", "Hanna", "Malin",
};
static const char *sv_male[] = {
  "Hugo", "Axel", "Anton", "Oskar", "Emil", "Viktor", "Isak", "Elis", "Nils", "Ludvig",
  "Gustav", "Henrik", "Fredrik", "Mats", "Johan",
};
static const char *fi_surnames[] = {
  "Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen",
  "Koskinen", "Järvinen", "Lehtonen", "Lehtinen", "Saarinen", "Salminen", "Heinonen", "Niemi",
  "Heikkilä", "Kinnunen", "Salonen", "Turunen", "Salo", "Laitinen", "Tuominen", "Rantanen",
  "Karjalainen", "Jokinen", "Mattila", "Savolainen", "Lahtinen", "Ahonen", "Kettunen",
  "Hiltunen", "Leinonen", "Miettinen", "Peltonen", "Väisänen", "Pitkänen", "Aaltonen",
  "Manninen", "Leppänen",
};
static const char *sv_surnames[] = {
  "Lindholm", "Nyström", "Sjöberg", "Lindqvist", "Holmström", "Lindström", "Forsman",
  "Grönroos", "Backman", "Ekström", "Åberg", "Sundqvist", "Wikström", "Blomqvist", "Nordström",
};
static const char *streets[] = {
  "Koivukuja", "Rantatie", "Myllytie", "Kirkkokatu", "Peltolantie", "Kuusirinne", "Asemakatu",
  "Mäntytie", "Pajakuja", "Haapalahdentie", "Strandvägen", "Skogsstigen",
};
static const char *other_languages[] = { "en", "ru", "ar", "so", "et", "uk" };

typedef enum
{
  STATUS_OPEN,
  STATUS_ASSESSMENT,
  STATUS_PLANNING,
  STATUS_IMPLEMENTATION,
  STATUS_REVIEW,
  STATUS_CLOSED,
  N_STATUSES
} CaseStatus;

static const struct
{
  const char *name;
  guint       min_age;   /* days since the case was opened */
  guint       max_age;
  guint       min_events;
  guint       max_events;
} statuses[N_STATUSES] = {
  { "open", 0, 10, 1, 2 },
  { "assessment", 11, 100, 2, 5 },
  { "planning", 101, 160, 3, 6 },
  { "implementation", 161, 320, 4, 9 },
  { "review", 321, MAX_CASE_DAYS, 5, 10 },
  { "closed", MIN_CASE_DAYS, HISTORY_DAYS, 5, 10 },
};

static const char *channels[] = { "web", "callback", "consultation", "notification", "phone" };
static const guint case_channel_weights[] = { 25, 15, 10, 30, 20 };
static const guint lone_channel_weights[] = { 30, 20, 20, 5, 25 };

static const char *help_topics[] = {
  N_("Worried about my child's school attendance"),
  N_("Parenting a teenager"),
  N_("Arguments at home"),
  N_("Tired and need help with the baby"),
  N_("Worried about a parent's drinking"),
  N_("Child's anxiety"),
  N_("Divorce and the children"),
  N_("Money worries"),
  N_("A pupil's wellbeing"),
  N_("Violence at home"),
};

static const char *help_messages[] = {
  N_("We would like to talk to someone as soon as possible."),
  N_("Please call me in the afternoon."),
  N_("I do not know where to turn."),
  N_("The school suggested that we contact you."),
  N_("Things have been difficult for a few months."),
  N_("Could someone tell us what help there is?"),
};

static const char *contact_preferences[] = { "phone", "text_message", "email", "visit" };

static const char *section_names[] = { "situation", "child", "guardians", "network", "strengths" };
static const char *section_texts[] = {
  N_("The family has moved recently and has few people to lean on."),
  N_("The child goes to school most days but is often tired."),
  N_("The guardians are worried and willing to work together."),
  N_("Grandparents live nearby and help with the children."),
  N_("The child has a good friend and enjoys football."),
  N_("The parent's sleep and mood have been poor since the spring."),
  N_("The family's money runs out before the end of the month."),
  N_("The younger child's speech development is being followed at the clinic."),
};
static const char *conclusions[] = {
  N_("The family needs family work and support for the parent's mental health."),
  N_("Support from the school and a peer group is enough for now."),
  N_("The family becomes a client of child welfare; a client plan will be made."),
  N_("Home service for a limited time and a follow-up in three months."),
};
static const char *client_views[] = {
  N_("We agree that we need help with the evenings."),
  N_("The mother would have wanted more help at home."),
  N_("The child says that things are better at school now."),
  N_("The father does not see a need for substance abuse services."),
};

static const struct
{
  const char *text;
  const char *client_words;
  const char *indicator;
} goals[] = {
  { N_("The child goes to school every day"), N_("I want to go to school without stomach aches"),
    N_("School absences per month") },
  { N_("Calmer evenings at home"), N_("Less shouting at bedtime"), N_("Evenings without arguments per week") },
  { N_("The parent's drinking decreases"), N_("I want to be sober when the children are home"),
    N_("AUDIT score at the clinic") },
  { N_("The family has a steady daily rhythm"), N_("We eat together and go to bed on time"),
    N_("Days a week with a shared meal") },
  { N_("The child has a hobby"), N_("I want to play football again"), N_("Training sessions a week") },
  { N_("The parent feels less alone"), N_("Someone to talk to about the children"),
    N_("Peer group meetings attended") },
  { N_("Debts are under control"), N_("No more letters from debt collectors"), N_("Repayment plan followed") },
  { N_("Safe contact with the other parent"), N_("Handovers without fights"), N_("Handovers that went well") },
};

static const struct
{
  const char *text;
  guint       org;
} measures[] = {
  { N_("Family work at home once a week"), ORG_FAMILY_SOCIAL_WORK },
  { N_("Home service twice a week"), ORG_FAMILY_SOCIAL_WORK },
  { N_("Appointments with a psychiatric nurse"), ORG_MENTAL_HEALTH },
  { N_("Substance abuse outpatient visits"), ORG_MENTAL_HEALTH },
  { N_("Meetings with the school curator"), ORG_SCHOOL },
  { N_("Parenting course at the family centre"), ORG_FAMILY_CENTRE },
  { N_("Psychologist's assessment for the child"), ORG_FAMILY_CENTRE },
  { N_("Parish family club on Wednesdays"), ORG_PARISH },
  { N_("Peer support group for parents"), ORG_NGO },
  { N_("Anticipatory police visit to the young person"), ORG_POLICE },
};
static const char *measure_statuses[] = { "planned", "ongoing", "done", "cancelled" };

static const char *event_kinds[] = { "meeting", "network_meeting", "home_visit", "call", "note" };
static const guint event_kind_weights[] = { 25, 10, 20, 25, 20 };
static const char *event_texts[][3] = {
  { N_("Met the mother at the office; she was relieved to get help."),
    N_("Met the child alone; talked about school and friends."),
    N_("Meeting with both guardians about the plan.") },
  { N_("Network meeting with the school, the family worker and the parents."),
    N_("Network meeting: the psychiatric nurse joined; next steps agreed."),
    N_("Network meeting at school about attendance.") },
  { N_("Home visit: the home was calm and the children were playing."),
    N_("Home visit in the evening to see the bedtime routine."),
    N_("Home visit with the family worker.") },
  { N_("Called the father; he will come to the next meeting."),
    N_("Call from the school curator: absences have decreased."),
    N_("Called the mother to move the appointment.") },
  { N_("Note: the family has started at the parish family club."),
    N_("Note: the child's hobby costs are covered for the spring."),
    N_("Note: the guardians asked for a Swedish-speaking worker.") },
};

static const char *rating_comments[] = {
  N_("Clearly better than at the start."),
  N_("Some progress, still hard in the mornings."),
  N_("No change yet."),
};

static const char *closure_reasons[] = {
  N_("Goals reached"),
  N_("The family moved to another area"),
  N_("The client no longer wanted the service"),
  N_("Transferred to child welfare client work"),
};

static const char *consent_scopes[] = {
  "overview",
  "overview,plan",
  "overview,plan,implementation",
  "overview,assessment,plan,implementation",
};

static const char *feedback_comments[] = {
  N_("Thank you, we were listened to."),
  N_("It took too long to get the first appointment."),
  N_("The home visits helped the most."),
  N_("We would have needed help in the evenings."),
};

typedef struct
{
  char       *id;
  char       *name;
  Profession  profession;
  guint       org;
  guint       team;    /* index, or G_MAXUINT for none */
  guint       pair;    /* index of the work pair, or G_MAXUINT */
} Worker;

typedef struct
{
  char  *id;
  guint  first;        /* the social worker */
  guint  second;       /* the mental health or substance abuse worker */
  gboolean active;
} Pair;

typedef struct
{
  GRand         *rand;
  MoniaCalendar *calendar;
  GTimeZone     *tz;
  guint32        today;      /* Julian day number of the reference day */
  GError        *error;      /* the first calendar error, stops generation */

  GPtrArray     *batch;      /* MoniaMutation, freed after each batch */

  char          *org_ids[N_ORGS];
  GPtrArray     *team_ids;   /* char * */
  GArray        *team_org;   /* guint */
  GArray        *workers;    /* Worker */
  GArray        *by_org[N_ORGS];                 /* guint worker index */
  GArray        *by_profession[N_PROFESSIONS];   /* guint worker index */
  GArray        *intake;     /* guint worker index: who answers help requests */
  GArray        *load;       /* guint: cumulative load weights of by_profession[PROF_SOCIAL_WORKER] */
  GArray        *pairs;      /* Pair */
  GPtrArray     *service_ids;
  guint          worse_team;  /* the team whose clocks run late, or G_MAXUINT */

  guint8        *hetu_used;  /* one bit per (birth day, individual number) */
  gint64         batch_started;
} Demo;

/* One person of the family being made. */
typedef struct
{
  const char *id;
  char       *name;
  char       *first_name;
  gboolean    child;
  guint       age_years;
} Member;

static void
worker_clear (gpointer data)
{
  Worker *worker = data;

  g_free (worker->id);
  g_free (worker->name);
}

static void
pair_clear (gpointer data)
{
  Pair *pair = data;

  g_free (pair->id);
}

static void
demo_free (Demo *self)
{
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->calendar, monia_calendar_unref);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_clear_error (&self->error);
  g_clear_pointer (&self->batch, g_ptr_array_unref);
  for (guint i = 0; i < N_ORGS; i++)
    {
      g_clear_pointer (&self->org_ids[i], g_free);
      g_clear_pointer (&self->by_org[i], g_array_unref);
    }
  for (guint i = 0; i < N_PROFESSIONS; i++)
    g_clear_pointer (&self->by_profession[i], g_array_unref);
  g_clear_pointer (&self->team_ids, g_ptr_array_unref);
  g_clear_pointer (&self->team_org, g_array_unref);
  g_clear_pointer (&self->workers, g_array_unref);
  g_clear_pointer (&self->intake, g_array_unref);
  g_clear_pointer (&self->load, g_array_unref);
  g_clear_pointer (&self->pairs, g_array_unref);
  g_clear_pointer (&self->service_ids, g_ptr_array_unref);
  g_clear_pointer (&self->hetu_used, g_free);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Demo, demo_free)

/* Random helpers: every choice goes through self->rand, in a fixed order. */

static guint
rand_below (Demo  *self,
            guint  n)
{
  return n <= 1 ? 0 : (guint) g_rand_int_range (self->rand, 0, (gint32) n);
}

static guint
rand_between (Demo  *self,
              guint  low,
              guint  high)
{
  return high <= low ? low : low + rand_below (self, high - low + 1);
}

static gboolean
rand_percent (Demo  *self,
              guint  percent)
{
  return rand_below (self, 100) < percent;
}

static guint
rand_weighted (Demo        *self,
               const guint *weights,
               guint        n)
{
  guint total = 0, r;

  for (guint i = 0; i < n; i++)
    total += weights[i];
  r = rand_below (self, total);
  for (guint i = 0; i < n; i++)
    {
      if (r < weights[i])
        return i;
      r -= weights[i];
    }
  return n - 1;
}

#define PICK(self, array) ((array)[rand_below ((self), G_N_ELEMENTS (array))])

static guint
pick_index (Demo   *self,
            GArray *indices)
{
  g_assert (indices->len > 0);
  return g_array_index (indices, guint, rand_below (self, indices->len));
}

/* Dates are Julian day numbers here; the calendar works on GDates. */

static void
julian_to_date (guint32  julian,
                GDate   *out)
{
  g_date_clear (out, 1);
  g_date_set_julian (out, julian);
}

static void
set_date (MoniaMutation *mutation,
          const char    *field,
          guint32        julian)
{
  GDate date;

  julian_to_date (julian, &date);
  monia_mutation_set_date (mutation, field, &date);
}

static void
keep_error (Demo   *self,
            GError *error)
{
  if (self->error == NULL)
    self->error = error;
  else
    g_error_free (error);
}

static guint32
add_working_days (Demo    *self,
                  guint32  start,
                  guint    n)
{
  GDate from, out;
  GError *error = NULL;

  julian_to_date (start, &from);
  if (!monia_calendar_add_working_days (self->calendar, &from, n, &out, &error))
    {
      keep_error (self, error);
      return start + n;
    }
  return g_date_get_julian (&out);
}

static guint32
add_months (Demo    *self,
            guint32  start,
            guint    n)
{
  GDate from, out;
  GError *error = NULL;

  julian_to_date (start, &from);
  if (!monia_calendar_add_months (self->calendar, &from, n, &out, &error))
    {
      keep_error (self, error);
      return start + n * 30;
    }
  return g_date_get_julian (&out);
}

/* The same day, or the next working day if it is none. Bounded: no run of
 * non-working days is longer than a week. */
static guint32
working_day_from (Demo    *self,
                  guint32  julian)
{
  for (guint i = 0; i < 7; i++)
    {
      GDate date;

      julian_to_date (julian + i, &date);
      if (monia_calendar_is_working_day (self->calendar, &date))
        return julian + i;
    }
  return julian;
}

static GDateTime *
local_time (Demo    *self,
            guint32  julian,
            guint    hour,
            guint    minute)
{
  GDate date;
  GDateTime *dt;

  julian_to_date (julian, &date);
  dt = g_date_time_new (self->tz, g_date_get_year (&date), g_date_get_month (&date),
                        g_date_get_day (&date), (gint) hour, (gint) minute, 0);
  if (dt == NULL)   /* a moment skipped by a clock change */
    dt = g_date_time_new (self->tz, g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date), 12, 0, 0);
  return dt;
}

static gint64
unix_at (Demo    *self,
         guint32  julian,
         guint    hour,
         guint    minute)
{
  g_autoptr(GDateTime) dt = local_time (self, julian, hour, minute);

  return g_date_time_to_unix (dt);
}

static gint64
now_unix (Demo *self)
{
  return unix_at (self, self->today, NOW_HOUR, 0);
}

static MoniaMutation *
add_create (Demo       *self,
            const char *kind)
{
  MoniaMutation *mutation = monia_mutation_new_create (kind);

  g_ptr_array_add (self->batch, mutation);
  return mutation;
}

static const char *
created_id (MoniaMutation *mutation)
{
  return monia_mutation_get_record_id (mutation);
}

/* E-mail addresses use the reserved .example domain; letters outside ASCII
 * are written plainly. */
static char *
make_email_local (const char *first,
                  const char *last)
{
  g_autofree char *joined = g_strdup_printf ("%s.%s", first, last);
  g_autofree char *lower = g_utf8_strdown (joined, -1);
  GString *out = g_string_new (NULL);

  for (const char *p = lower; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0xe4 || c == 0xe5)       /* ä å */
        g_string_append_c (out, 'a');
      else if (c == 0xf6)               /* ö */
        g_string_append_c (out, 'o');
      else if (c < 0x80)
        g_string_append_c (out, (char) c);
    }
  return g_string_free (out, FALSE);
}

static void
pick_name (Demo        *self,
           gboolean     swedish,
           gboolean     female,
           const char **first,
           const char **last)
{
  if (swedish)
    *first = female ? PICK (self, sv_female) : PICK (self, sv_male);
  else
    *first = female ? PICK (self, fi_female) : PICK (self, fi_male);
  if (last != NULL)
    *last = swedish ? PICK (self, sv_surnames) : PICK (self, fi_surnames);
}

/* The foundation: organisations, teams, professionals, work pairs and the
 * service catalogue, all in the first batch. */

static void
add_organisations (Demo *self)
{
  for (guint i = 0; i < N_ORGS; i++)
    {
      MoniaMutation *m = add_create (self, "organisation");

      monia_mutation_set_string (m, "name", _(organisations[i].name));
      monia_mutation_set_string (m, "sector", organisations[i].sector);
      monia_mutation_set_string (m, "municipality", MUNICIPALITY);
      self->org_ids[i] = g_strdup (created_id (m));
    }
}

static void
add_teams (Demo  *self,
           guint  n_teams)
{
  for (guint i = 0; i < n_teams; i++)
    {
      guint kind = i % G_N_ELEMENTS (team_orgs);
      guint area = (i / G_N_ELEMENTS (team_orgs)) % G_N_ELEMENTS (team_areas);
      guint round = i / (G_N_ELEMENTS (team_orgs) * G_N_ELEMENTS (team_areas));
      g_autofree char *area_name = NULL;
      g_autofree char *name = NULL;
      MoniaMutation *m;

      if (round == 0)
        area_name = g_strdup (_(team_areas[area]));
      else
        area_name = g_strdup_printf ("%s %u", _(team_areas[area]), round + 1);
      name = make_team_name (kind, area_name);

      m = add_create (self, "team");
      monia_mutation_set_string (m, "name", name);
      monia_mutation_set_string (m, "organisation_id", self->org_ids[team_orgs[kind]]);
      g_ptr_array_add (self->team_ids, g_strdup (created_id (m)));
      g_array_append_val (self->team_org, team_orgs[kind]);
    }
}

static void
add_worker (Demo       *self,
            Profession  profession,
            guint       org,
            guint       team,
            const char *role)
{
  const char *first, *last;
  g_autofree char *local = NULL;
  g_autofree char *login = NULL;
  g_autofree char *email = NULL;
  MoniaMutation *m;
  Worker worker = { NULL };
  guint index = self->workers->len;

  pick_name (self, rand_percent (self, 8), rand_percent (self, 75), &first, &last);
  local = make_email_local (first, last);
  login = g_strdup_printf ("%s.%u", local, index + 1);
  email = g_strdup_printf ("%s@monia.example", login);

  worker.name = g_strdup_printf ("%s %s", first, last);
  worker.profession = profession;
  worker.org = org;
  worker.team = team;
  worker.pair = G_MAXUINT;

  m = add_create (self, "professional");
  monia_mutation_set_string (m, "name", worker.name);
  monia_mutation_set_string (m, "profession", _(professions[profession]));
  monia_mutation_set_string (m, "organisation_id", self->org_ids[org]);
  if (team != G_MAXUINT)
    monia_mutation_set_string (m, "team_id", g_ptr_array_index (self->team_ids, team));
  monia_mutation_set_string (m, "role", role);
  monia_mutation_set_string (m, "login", login);
  monia_mutation_set_string (m, "email", email);
  worker.id = g_strdup (created_id (m));

  g_array_append_val (self->workers, worker);
  g_array_append_val (self->by_org[org], index);
  g_array_append_val (self->by_profession[profession], index);
  if (g_str_equal (role, "intake"))
    g_array_append_val (self->intake, index);
}

/* Teams of @org, taken in turn by the workers of that organisation. */
static guint
next_team_of (Demo  *self,
              guint  org,
              guint *cursor)
{
  for (guint i = 0; i < self->team_org->len; i++)
    {
      guint t = (*cursor + i) % self->team_org->len;

      if (g_array_index (self->team_org, guint, t) == org)
        {
          *cursor = t + 1;
          return t;
        }
    }
  return G_MAXUINT;
}

static void
add_workers (Demo  *self,
             guint  n_workers)
{
  guint cursor[N_ORGS] = { 0 };

  for (guint t = 0; t < self->team_ids->len; t++)
    add_worker (self, PROF_TEAM_LEAD, g_array_index (self->team_org, guint, t), t, "lead");

  for (guint i = 0; i < n_workers; i++)
    {
      guint slot = i % G_N_ELEMENTS (worker_slots);
      guint org = worker_slots[slot].org;
      Profession profession = worker_slots[slot].profession;
      const char *role = "worker";

      /* Family centre workers answer the help requests. */
      if (org == ORG_FAMILY_CENTRE && profession == PROF_FAMILY_WORKER)
        role = "intake";
      add_worker (self, profession, org, next_team_of (self, org, &cursor[org]), role);
    }
}

/* How many cases each social worker takes, relative to the others. */
static void
set_loads (Demo *self)
{
  GArray *social = self->by_profession[PROF_SOCIAL_WORKER];
  guint total = 0;

  self->load = g_array_sized_new (FALSE, FALSE, sizeof (guint), social->len);
  for (guint i = 0; i < social->len; i++)
    {
      total += rand_between (self, LOAD_MIN, LOAD_MAX);
      g_array_append_val (self->load, total);
    }
  /* The first family social work team's clocks run late. */
  self->worse_team = G_MAXUINT;
  for (guint t = 0; t < self->team_org->len; t++)
    if (g_array_index (self->team_org, guint, t) == ORG_FAMILY_SOCIAL_WORK)
      {
        self->worse_team = t;
        break;
      }
}

/* A social worker to own a case, by their load. */
static guint
pick_owner (Demo *self)
{
  GArray *social = self->by_profession[PROF_SOCIAL_WORKER];
  guint r, lo = 0, hi;

  g_assert (social->len > 0 && self->load->len == social->len);
  r = rand_below (self, g_array_index (self->load, guint, self->load->len - 1));
  hi = self->load->len - 1;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (r < g_array_index (self->load, guint, mid))
        hi = mid;
      else
        lo = mid + 1;
    }
  return g_array_index (social, guint, lo);
}

/* Work pairs: a family social worker with a mental health or substance abuse
 * worker; about one pair in ten has already ended. */
static void
add_pairs (Demo *self)
{
  GArray *social = self->by_profession[PROF_SOCIAL_WORKER];
  g_autoptr(GArray) others = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n;

  g_array_append_vals (others, self->by_profession[PROF_PSYCHIATRIC_NURSE]->data,
                       self->by_profession[PROF_PSYCHIATRIC_NURSE]->len);
  g_array_append_vals (others, self->by_profession[PROF_SUBSTANCE_ABUSE_WORKER]->data,
                       self->by_profession[PROF_SUBSTANCE_ABUSE_WORKER]->len);
  n = MIN (social->len, others->len);

  for (guint i = 0; i < n; i++)
    {
      Pair pair = { NULL };
      Worker *first = &g_array_index (self->workers, Worker, g_array_index (social, guint, i));
      Worker *second = &g_array_index (self->workers, Worker, g_array_index (others, guint, i));
      guint32 from = self->today - rand_between (self, 60, 900);
      MoniaMutation *m = add_create (self, "work_pair");

      pair.first = g_array_index (social, guint, i);
      pair.second = g_array_index (others, guint, i);
      pair.active = !rand_percent (self, 10);

      monia_mutation_set_string (m, "first_id", first->id);
      monia_mutation_set_string (m, "second_id", second->id);
      if (first->team != G_MAXUINT)
        monia_mutation_set_string (m, "team_id", g_ptr_array_index (self->team_ids, first->team));
      set_date (m, "active_from", from);
      if (!pair.active)
        set_date (m, "active_until", self->today - rand_between (self, 1, 50));
      pair.id = g_strdup (created_id (m));

      if (pair.active)
        first->pair = self->pairs->len;
      g_array_append_val (self->pairs, pair);
    }
}

static void
add_services (Demo *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    {
      MoniaMutation *m = add_create (self, "service");
      const char *provider;
      g_autofree char *contact = NULL;

      provider = services[i].provider < N_ORGS ? _(organisations[services[i].provider].name)
                                                : _(services[i].provider_name);
      contact = g_strdup_printf ("https://service%u.monia.example", i + 1);
      monia_mutation_set_string (m, "name", _(services[i].name));
      monia_mutation_set_string (m, "provider", provider);
      monia_mutation_set_string (m, "sector", services[i].sector);
      monia_mutation_set_string (m, "area", g_str_equal (services[i].area, MUNICIPALITY)
                                            ? MUNICIPALITY : _(services[i].area));
      monia_mutation_set_string (m, "target_group", _(services[i].target_group));
      monia_mutation_set_string (m, "contact", contact);
      monia_mutation_set_string (m, "description", _(services[i].description));
      g_ptr_array_add (self->service_ids, g_strdup (created_id (m)));
    }
}

/* Identity codes: individual numbers 900–999 only, never two people with the
 * same code. NULL when every number of that birth day is taken. */
static char *
make_hetu (Demo    *self,
           guint32  birth)
{
  guint32 day = self->today - birth;
  guint start = rand_below (self, HETU_NUMBERS);
  GDate date;

  if (birth > self->today || day >= HETU_SPAN_DAYS)
    return NULL;

  for (guint i = 0; i < HETU_NUMBERS; i++)
    {
      guint number = (start + i) % HETU_NUMBERS;
      gsize bit = (gsize) day * HETU_NUMBERS + number;

      if (self->hetu_used[bit / 8] & (1u << (bit % 8)))
        continue;
      self->hetu_used[bit / 8] |= (guint8) (1u << (bit % 8));
      julian_to_date (birth, &date);
      return monia_hetu_build (&date, 900 + number);
    }
  return NULL;
}

static const char *
add_person (Demo       *self,
            const char *name,
            guint32     birth,
            gboolean    with_hetu,
            const char *language,
            const char *address)
{
  MoniaMutation *m = add_create (self, "person");
  g_autofree char *hetu = with_hetu ? make_hetu (self, birth) : NULL;

  monia_mutation_set_string (m, "name", name);
  if (hetu != NULL)
    monia_mutation_set_string (m, "hetu", hetu);
  set_date (m, "birth_date", birth);
  monia_mutation_set_string (m, "language", language);
  monia_mutation_set_string (m, "address", address);
  return created_id (m);
}

static void
member_clear (Member *member)
{
  g_clear_pointer (&member->name, g_free);
  g_clear_pointer (&member->first_name, g_free);
}

/* A family: 1–2 guardians and 1–3 children. Returns the number of members. */
static guint
add_family (Demo        *self,
            Member      *members,
            const char **surname_out)
{
  gboolean swedish, two_guardians;
  const char *language, *surname, *first;
  g_autofree char *address = NULL;
  guint n_children, n = 0, youngest_parent_age = 0;

  switch (rand_below (self, 20))
    {
    case 0:
      swedish = FALSE;
      language = PICK (self, other_languages);
      break;
    case 1:
    case 2:
      swedish = TRUE;
      language = "sv";
      break;
    default:
      swedish = FALSE;
      language = "fi";
      break;
    }
  surname = swedish ? PICK (self, sv_surnames) : PICK (self, fi_surnames);
  address = g_strdup_printf ("%s %u, %s", PICK (self, streets), rand_between (self, 1, 60), MUNICIPALITY);
  two_guardians = rand_percent (self, 60);
  n_children = rand_weighted (self, (const guint[]) { 45, 35, 20 }, 3) + 1;

  for (guint g = 0; g < (two_guardians ? 2u : 1u); g++)
    {
      Member *member = &members[n++];
      const char *last = surname;
      guint32 birth;

      pick_name (self, swedish, g == 0 ? rand_percent (self, 80) : rand_percent (self, 25), &first, NULL);
      if (g == 1 && rand_percent (self, 30))
        last = swedish ? PICK (self, sv_surnames) : PICK (self, fi_surnames);
      member->age_years = rand_between (self, 22, 55);
      if (g == 0 || member->age_years < youngest_parent_age)
        youngest_parent_age = member->age_years;
      birth = self->today - member->age_years * 365 - rand_below (self, 365);
      member->first_name = g_strdup (first);
      member->name = g_strdup_printf ("%s %s", first, last);
      member->child = FALSE;
      member->id = add_person (self, member->name, birth, rand_percent (self, 97), language, address);
    }

  for (guint c = 0; c < n_children; c++)
    {
      Member *member = &members[n++];
      guint max_age = MIN (17u, youngest_parent_age - 18);
      guint32 birth;

      pick_name (self, swedish, rand_percent (self, 50), &first, NULL);
      member->age_years = rand_below (self, max_age + 1);
      birth = self->today - member->age_years * 365 - rand_below (self, 365);
      member->first_name = g_strdup (first);
      member->name = g_strdup_printf ("%s %s", first, surname);
      member->child = TRUE;
      member->id = add_person (self, member->name, birth, rand_percent (self, 85), language, address);
    }

  *surname_out = surname;
  return n;
}

static guint
pick_intake (Demo *self)
{
  return self->intake->len > 0 ? pick_index (self, self->intake)
                               : pick_index (self, self->by_profession[PROF_SOCIAL_WORKER]);
}

/* A phone number that cannot be dialled: no Finnish number starts 000. */
static char *
make_phone (Demo *self)
{
  return g_strdup_printf ("000 %03u %04u", rand_below (self, 1000), rand_below (self, 10000));
}

static void
set_promise (Demo          *self,
             MoniaMutation *m,
             const char    *channel,
             GDateTime     *received)
{
  guint days;
  GError *error = NULL;
  g_autoptr(GDateTime) due = NULL;

  /* The services' promises, as the app's settings have them by default:
   * the web button within 3 working days, a callback, a consultation and
   * a call on the next working day. */
  if (g_str_equal (channel, "web"))
    days = 3;
  else if (g_str_equal (channel, "callback") || g_str_equal (channel, "consultation") ||
           g_str_equal (channel, "phone"))
    days = 1;
  else
    return;

  due = monia_calendar_promise_deadline (self->calendar, received, days, &error);
  if (due == NULL)
    {
      keep_error (self, error);
      return;
    }
  monia_mutation_set_int (m, "promise_working_days", days);
  monia_mutation_set_int (m, "due_at", g_date_time_to_unix (due));
}

/* A help request that led to @case_id, received on @day. */
static void
add_case_help_request (Demo       *self,
                       const char *case_id,
                       guint       channel,
                       guint32     day,
                       const char *guardian_name,
                       guint       owner)
{
  MoniaMutation *m = add_create (self, "help_request");
  const char *channel_name = channels[channel];
  guint hour = day == self->today ? rand_between (self, 8, 12) : rand_between (self, 7, 20);
  g_autoptr(GDateTime) received = local_time (self, day, hour, rand_below (self, 60));
  gint64 received_at = g_date_time_to_unix (received);
  gint64 outcome_at;
  g_autofree char *phone = make_phone (self);

  monia_mutation_set_string (m, "channel", channel_name);
  monia_mutation_set_int (m, "received_at", received_at);
  monia_mutation_set_bool (m, "anonymous", FALSE);
  if (g_str_equal (channel_name, "notification") || g_str_equal (channel_name, "consultation"))
    {
      Worker *reporter = &g_array_index (self->workers, Worker,
                                         pick_index (self, self->by_org[rand_percent (self, 60) ? ORG_SCHOOL
                                                                                                 : ORG_FAMILY_CENTRE]));
      monia_mutation_set_string (m, "contact_name", reporter->name);
    }
  else
    monia_mutation_set_string (m, "contact_name", guardian_name);
  monia_mutation_set_string (m, "contact_phone", phone);
  monia_mutation_set_string (m, "contact_preference", PICK (self, contact_preferences));
  monia_mutation_set_string (m, "topic", _(PICK (self, help_topics)));
  monia_mutation_set_string (m, "message", _(PICK (self, help_messages)));
  set_promise (self, m, channel_name, received);
  /* Some professionals call from outside the wellbeing services county. */
  if (g_str_equal (channel_name, "consultation") && rand_percent (self, 15))
    monia_mutation_set_bool (m, "from_outside_area", TRUE);

  /* Drawn before MIN(), which would draw twice (and might keep a moment
   * after now). */
  outcome_at = received_at + (gint64) rand_between (self, 1, 48) * 3600;
  outcome_at = MIN (outcome_at, now_unix (self));
  outcome_at = MAX (outcome_at, received_at);
  monia_mutation_set_string (m, "outcome", "case");
  monia_mutation_set_int (m, "outcome_at", outcome_at);
  monia_mutation_set_string (m, "outcome_by", g_array_index (self->workers, Worker, owner).id);
  monia_mutation_set_string (m, "case_id", case_id);
}

/* A help request that did not become a case (yet): advice, a service from
 * the catalogue, a child welfare notification, or still open. */
static void
add_lone_help_request (Demo *self)
{
  MoniaMutation *m = add_create (self, "help_request");
  guint channel = rand_weighted (self, lone_channel_weights, G_N_ELEMENTS (lone_channel_weights));
  const char *channel_name = channels[channel];
  /* Open requests are only of the last few days (a team answers them),
   * and those a day or two past their promise are late. */
  gboolean recent = rand_below (self, 25) == 0;
  guint age = recent ? rand_below (self, RECENT_DAYS) : RECENT_DAYS + rand_below (self, HISTORY_DAYS - RECENT_DAYS);
  guint32 day = self->today - age;
  guint hour = age == 0 ? rand_between (self, 7, 15) : rand_below (self, 24);
  g_autoptr(GDateTime) received = local_time (self, day, hour, rand_below (self, 60));
  gint64 received_at = g_date_time_to_unix (received);
  gboolean anonymous = (g_str_equal (channel_name, "web") || g_str_equal (channel_name, "phone"))
                       && rand_percent (self, 30);
  gboolean open = recent && rand_percent (self, age == 0 ? 80 : age == 1 ? 50 : 12);

  monia_mutation_set_string (m, "channel", channel_name);
  monia_mutation_set_int (m, "received_at", received_at);
  monia_mutation_set_bool (m, "anonymous", anonymous);
  if (!anonymous)
    {
      g_autofree char *phone = make_phone (self);
      const char *first, *last;
      g_autofree char *name = NULL;

      pick_name (self, rand_percent (self, 10), rand_percent (self, 70), &first, &last);
      name = g_strdup_printf ("%s %s", first, last);
      monia_mutation_set_string (m, "contact_name", name);
      monia_mutation_set_string (m, "contact_phone", phone);
      monia_mutation_set_string (m, "contact_preference", PICK (self, contact_preferences));
    }
  monia_mutation_set_string (m, "topic", _(PICK (self, help_topics)));
  monia_mutation_set_string (m, "message", _(PICK (self, help_messages)));
  set_promise (self, m, channel_name, received);
  /* Some professionals call from outside the wellbeing services county. */
  if (g_str_equal (channel_name, "consultation") && rand_percent (self, 15))
    monia_mutation_set_bool (m, "from_outside_area", TRUE);

  if (!open)
    {
      static const guint outcome_weights[] = { 50, 38, 12 };
      guint outcome = rand_weighted (self, outcome_weights, G_N_ELEMENTS (outcome_weights));
      gint64 outcome_at = received_at + (gint64) rand_between (self, 1, 72) * 3600;

      outcome_at = MIN (outcome_at, now_unix (self));

      monia_mutation_set_string (m, "outcome", (const char *[]) { "advice", "service", "notification" }[outcome]);
      monia_mutation_set_int (m, "outcome_at", MAX (outcome_at, received_at));
      monia_mutation_set_string (m, "outcome_by", g_array_index (self->workers, Worker, pick_intake (self)).id);
      if (outcome == 1)
        monia_mutation_set_string (m, "service_id",
                                   g_ptr_array_index (self->service_ids, rand_below (self, self->service_ids->len)));
    }
}

static char *
make_sections (Demo *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (section_names); i++)
    {
      json_builder_set_member_name (builder, section_names[i]);
      json_builder_add_string_value (builder, _(PICK (self, section_texts)));
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* When a matter's assessment was decided on and completed, drawn before
 * the case is made: the case's stage follows from them, so an assessment
 * is still open exactly when its completion lies ahead. Some decisions
 * are late and some completions, more of them in the worse team. */
typedef struct
{
  guint32 started;
  guint32 completed;
} Clock;

static void
draw_clock (Demo    *self,
            guint32  pending,
            gboolean worse,
            Clock   *out)
{
  guint32 completion_due = add_months (self, pending, 3);

  if (rand_percent (self, worse ? WORSE_TEAM_LATE_PERCENT : LATE_START_PERCENT))
    out->started = add_working_days (self, pending, rand_between (self, 8, 15));   /* decided late */
  else
    out->started = add_working_days (self, pending, rand_between (self, 1, 7));
  if (rand_percent (self, worse ? WORSE_TEAM_LATE_PERCENT : LATE_COMPLETION_PERCENT))
    out->completed = completion_due + rand_between (self, 1, 45);                  /* completed late */
  else
    out->completed = pending + rand_between (self, 20, completion_due - pending);
  out->completed = MAX (out->completed, out->started);
}

/* The assessment, at the stage of the case's status; returns the day it
 * was completed (0 if it is not). */
static guint32
add_assessment (Demo        *self,
                const char  *case_id,
                CaseStatus   status,
                guint32      pending,
                gboolean     child_welfare,
                const Clock *clock)
{
  MoniaMutation *m = add_create (self, "assessment");
  guint32 decision_due = add_working_days (self, pending, 7);
  guint32 completion_due = add_months (self, pending, 3);

  monia_mutation_set_string (m, "case_id", case_id);
  monia_mutation_set_string (m, "kind", child_welfare ? "child_welfare_s26" : "social_welfare_s36");
  set_date (m, "pending_on", pending);
  set_date (m, "decision_due", decision_due);
  set_date (m, "completion_due", completion_due);

  if (status == STATUS_OPEN)
    return 0;
  set_date (m, "started_on", MIN (clock->started, self->today));

  if (status != STATUS_ASSESSMENT)
    {
      g_autofree char *sections = make_sections (self);

      set_date (m, "completed_on", MIN (clock->completed, self->today));
      monia_mutation_set_string (m, "sections", sections);
      monia_mutation_set_string (m, "conclusion", _(PICK (self, conclusions)));
      monia_mutation_set_string (m, "client_view", _(PICK (self, client_views)));
      return MIN (clock->completed, self->today);
    }
  if (rand_percent (self, 60))
    {
      g_autofree char *sections = make_sections (self);

      monia_mutation_set_string (m, "sections", sections);
    }
  return 0;
}

/* During office hours on a working day, but never after @last. */
static gint64
event_time (Demo    *self,
            guint32  day,
            guint32  last)
{
  guint32 working = working_day_from (self, day);

  if (working > last)
    working = day;
  return unix_at (self, working, rand_between (self, 8, 15), rand_below (self, 60));
}

/* One case and everything in it. */
static void
add_case (Demo *self)
{
  Member members[5] = { { NULL } };
  const char *goal_ids[4] = { NULL };
  const char *measure_ids[4] = { NULL };
  guint goal_picks[G_N_ELEMENTS (goals)];
  guint measure_picks[G_N_ELEMENTS (measures)];
  guint team_workers[4];
  guint n_members, n_team = 0, n_goals = 0, n_measures = 0, n_events;
  const char *surname, *case_id;
  const char *plan_id = NULL;
  g_autofree char *title = NULL;
  CaseStatus status;
  guint owner, channel, age, duration;
  Clock clock;
  const Pair *pair = NULL;
  guint32 opened, closed = 0, completed, agreed = 0, end;
  gboolean child_welfare, school_age = FALSE;
  MoniaMutation *m;

  /* Cases arrive evenly over the history and last from half a year to a
   * year and a half: a steady flow, so caseloads month by month stay
   * level, as a region's do. A case younger than its length is open: not
   * yet decided on, in assessment until its completion day, then at the
   * stage its age implies. */
  age = rand_below (self, HISTORY_DAYS);
  duration = rand_between (self, MIN_CASE_DAYS, MAX_CASE_DAYS);
  opened = self->today - age;
  owner = pick_owner (self);
  draw_clock (self, opened, g_array_index (self->workers, Worker, owner).team == self->worse_team, &clock);
  if (duration < age)
    {
      status = STATUS_CLOSED;
      closed = opened + duration;
    }
  else if (clock.started > self->today)
    status = STATUS_OPEN;
  else if (clock.completed > self->today)
    status = STATUS_ASSESSMENT;
  else
    for (status = STATUS_PLANNING; status < STATUS_REVIEW && age > statuses[status].max_age; status++)
      ;
  end = closed != 0 ? closed : self->today;

  n_members = add_family (self, members, &surname);
  for (guint i = 0; i < n_members; i++)
    if (members[i].child && members[i].age_years >= 7)
      school_age = TRUE;

  if (g_array_index (self->workers, Worker, owner).pair != G_MAXUINT && rand_percent (self, 70))
    pair = &g_array_index (self->pairs, Pair, g_array_index (self->workers, Worker, owner).pair);

  /* Translators: a case's title; %s is the family's surname */
  title = g_strdup_printf (C_("case title", "%s family"), surname);
  m = add_create (self, "case");
  monia_mutation_set_string (m, "title", title);
  monia_mutation_set_string (m, "status", statuses[status].name);
  monia_mutation_set_string (m, "owner_id", g_array_index (self->workers, Worker, owner).id);
  if (pair != NULL)
    monia_mutation_set_string (m, "pair_id", pair->id);
  if (g_array_index (self->workers, Worker, owner).team != G_MAXUINT)
    monia_mutation_set_string (m, "team_id",
                               g_ptr_array_index (self->team_ids, g_array_index (self->workers, Worker, owner).team));
  set_date (m, "opened_on", opened);
  if (closed != 0)
    {
      set_date (m, "closed_on", closed);
      monia_mutation_set_string (m, "closure_reason", _(PICK (self, closure_reasons)));
    }
  case_id = created_id (m);

  for (guint i = 0; i < n_members; i++)
    {
      m = add_create (self, "case_person");
      monia_mutation_set_string (m, "case_id", case_id);
      monia_mutation_set_string (m, "person_id", members[i].id);
      monia_mutation_set_string (m, "relation", members[i].child ? "child" : "guardian");
    }

  /* Participants: the owner, the pair and one or two others. */
  team_workers[n_team++] = owner;
  if (pair != NULL)
    team_workers[n_team++] = pair->second;
  if (school_age && self->by_profession[PROF_SCHOOL_CURATOR]->len > 0 && rand_percent (self, 60))
    team_workers[n_team++] = pick_index (self, self->by_profession[PROF_SCHOOL_CURATOR]);
  if (rand_percent (self, 60))
    team_workers[n_team++] = pick_index (self, self->by_profession[rand_percent (self, 70) ? PROF_FAMILY_WORKER
                                                                                             : PROF_PSYCHOLOGIST]);
  for (guint i = 0; i < n_team; i++)
    {
      const Worker *worker = &g_array_index (self->workers, Worker, team_workers[i]);

      m = add_create (self, "participant");
      monia_mutation_set_string (m, "case_id", case_id);
      monia_mutation_set_string (m, "professional_id", worker->id);
      monia_mutation_set_string (m, "organisation_id", self->org_ids[worker->org]);
      monia_mutation_set_string (m, "role", i == 0 ? "owner" : (pair != NULL && i == 1) ? "pair" : "member");
      set_date (m, "active_from", opened);
      if (closed != 0)
        set_date (m, "active_until", closed);
    }

  channel = rand_weighted (self, case_channel_weights, G_N_ELEMENTS (case_channel_weights));
  child_welfare = g_str_equal (channels[channel], "notification") || rand_percent (self, 25);
  add_case_help_request (self, case_id, channel, opened, members[0].name, owner);

  completed = add_assessment (self, case_id, status, opened, child_welfare, &clock);

  /* The plan, from planning on: agreed from implementation on; a third of the
   * older ones were revised once. */
  if (status >= STATUS_PLANNING)
    {
      gboolean revised = status >= STATUS_REVIEW && rand_percent (self, 33);
      guint32 start = completed != 0 ? completed : opened;

      for (guint version = 1; version <= (revised ? 2u : 1u); version++)
        {
          gboolean current = version == (revised ? 2u : 1u);
          const char *status_name = status == STATUS_PLANNING ? "draft" : current ? "agreed" : "superseded";

          m = add_create (self, "plan");
          monia_mutation_set_string (m, "case_id", case_id);
          monia_mutation_set_int (m, "version", version);
          monia_mutation_set_string (m, "status", status_name);
          monia_mutation_set_string (m, "needs", _(PICK (self, conclusions)));
          monia_mutation_set_string (m, "strengths", _(section_texts[rand_below (self, 2) + 3]));
          monia_mutation_set_string (m, "client_commitments", _(PICK (self, client_views)));
          if (rand_percent (self, 20))
            monia_mutation_set_string (m, "differing_views", _(client_views[3]));
          monia_mutation_set_string (m, "child_meetings", _("The worker meets the child alone once a month."));
          if (status != STATUS_PLANNING)
            {
              agreed = start + rand_between (self, 5, 30);
              agreed = MIN (self->today, agreed);
              if (version == 2)
                agreed = MIN (self->today, add_months (self, agreed, 6));
              set_date (m, "agreed_on", agreed);
              set_date (m, "review_on", add_months (self, agreed, 6));
            }
          plan_id = created_id (m);
        }

      /* Distinct goals and measures: a partial shuffle of the lists. */
      for (guint i = 0; i < G_N_ELEMENTS (goals); i++)
        goal_picks[i] = i;
      for (guint i = 0; i < G_N_ELEMENTS (measures); i++)
        measure_picks[i] = i;
      n_goals = rand_between (self, 2, 4);
      n_measures = rand_between (self, 2, 4);
      for (guint i = 0; i < n_goals; i++)
        {
          guint j = i + rand_below (self, G_N_ELEMENTS (goals) - i);
          guint tmp = goal_picks[i];

          goal_picks[i] = goal_picks[j];
          goal_picks[j] = tmp;

          m = add_create (self, "goal");
          monia_mutation_set_string (m, "case_id", case_id);
          monia_mutation_set_string (m, "plan_id", plan_id);
          monia_mutation_set_string (m, "text", _(goals[goal_picks[i]].text));
          monia_mutation_set_string (m, "client_words", _(goals[goal_picks[i]].client_words));
          monia_mutation_set_string (m, "indicator", _(goals[goal_picks[i]].indicator));
          monia_mutation_set_int (m, "position", i);
          goal_ids[i] = created_id (m);
        }
      for (guint i = 0; i < n_measures; i++)
        {
          guint j = i + rand_below (self, G_N_ELEMENTS (measures) - i);
          guint tmp = measure_picks[i], org;
          guint32 starts = agreed != 0 ? agreed : MIN (self->today, start + 14);
          const char *measure_status;

          measure_picks[i] = measure_picks[j];
          measure_picks[j] = tmp;
          org = measures[measure_picks[i]].org;

          switch (status)
            {
            case STATUS_PLANNING:
              measure_status = "planned";
              break;
            case STATUS_IMPLEMENTATION:
              measure_status = measure_statuses[rand_weighted (self, (const guint[]) { 15, 70, 15 }, 3)];
              break;
            case STATUS_REVIEW:
              measure_status = measure_statuses[rand_weighted (self, (const guint[]) { 0, 60, 40 }, 3)];
              break;
            case STATUS_CLOSED:
            case STATUS_OPEN:
            case STATUS_ASSESSMENT:
            case N_STATUSES:
            default:
              measure_status = rand_percent (self, 85) ? "done" : "cancelled";
              break;
            }

          m = add_create (self, "measure");
          monia_mutation_set_string (m, "case_id", case_id);
          monia_mutation_set_string (m, "plan_id", plan_id);
          monia_mutation_set_string (m, "goal_id", goal_ids[i % n_goals]);
          monia_mutation_set_string (m, "text", _(measures[measure_picks[i]].text));
          monia_mutation_set_string (m, "organisation_id", self->org_ids[org]);
          if (self->by_org[org]->len > 0)
            monia_mutation_set_string (m, "professional_id",
                                       g_array_index (self->workers, Worker, pick_index (self, self->by_org[org])).id);
          set_date (m, "starts_on", starts);
          set_date (m, "ends_on", add_months (self, starts, rand_between (self, 3, 9)));
          monia_mutation_set_string (m, "status", measure_status);
          measure_ids[i] = created_id (m);
        }
    }

  /* Events through the life of the case, oldest first. */
  n_events = rand_between (self, statuses[status].min_events, statuses[status].max_events);
  {
    guint32 days[16];
    gint64 times[16];
    guint span = end - opened;

    g_assert (n_events <= G_N_ELEMENTS (days));
    for (guint i = 0; i < n_events; i++)
      {
        days[i] = opened + rand_below (self, span + 1);
        times[i] = event_time (self, days[i], end);
      }
    for (guint i = 1; i < n_events; i++)          /* insertion sort of ≤ 10 */
      for (guint j = i; j > 0 && times[j - 1] > times[j]; j--)
        {
          guint32 day = days[j];
          gint64 time = times[j];

          days[j] = days[j - 1];
          times[j] = times[j - 1];
          days[j - 1] = day;
          times[j - 1] = time;
        }
    for (guint i = 0; i < n_events; i++)
      {
        guint kind = rand_weighted (self, event_kind_weights, G_N_ELEMENTS (event_kind_weights));

        m = add_create (self, "event");
        monia_mutation_set_string (m, "case_id", case_id);
        monia_mutation_set_string (m, "kind", event_kinds[kind]);
        monia_mutation_set_int (m, "occurred_at", times[i]);
        monia_mutation_set_string (m, "text", _(event_texts[kind][rand_below (self, 3)]));
        if (n_goals > 0 && agreed != 0 && days[i] >= agreed && rand_percent (self, 40))
          monia_mutation_set_string (m, "goal_id", goal_ids[rand_below (self, n_goals)]);
        if (n_measures > 0 && agreed != 0 && days[i] >= agreed && rand_percent (self, 20))
          monia_mutation_set_string (m, "measure_id", measure_ids[rand_below (self, n_measures)]);
      }
  }

  /* Goal ratings at reviews. */
  if (agreed != 0 && (status >= STATUS_REVIEW || rand_percent (self, 40)))
    for (guint g = 0; g < n_goals; g++)
      {
        guint n_ratings = status >= STATUS_REVIEW ? rand_between (self, 1, 2) : 1;
        guint rating = rand_between (self, 1, 5);

        for (guint r = 0; r < n_ratings; r++)
          {
            /* Drawn once: MIN() would draw twice, and might keep a day
             * after the case's end (or today). */
            guint32 gap = (r + 1) * rand_between (self, 60, 120);
            guint32 day = MIN (end, agreed + gap);

            /* Drawn once: MIN() evaluates its arguments twice. */
            guint step = rand_below (self, 4);

            rating = MIN (10u, rating + step);
            m = add_create (self, "goal_rating");
            monia_mutation_set_string (m, "case_id", case_id);
            monia_mutation_set_string (m, "goal_id", goal_ids[g]);
            set_date (m, "rated_on", day);
            monia_mutation_set_int (m, "rating", rating);
            if (rand_percent (self, 40))
              monia_mutation_set_string (m, "comment", _(PICK (self, rating_comments)));
          }
      }

  /* Consents: what the other organisations may see. */
  if (status != STATUS_OPEN)
    {
      guint n_consents = rand_between (self, 1, 2);

      for (guint i = 0; i < n_consents; i++)
        {
          static const guint consent_orgs[] = { ORG_SCHOOL, ORG_MENTAL_HEALTH, ORG_NGO, ORG_PARISH, ORG_POLICE };
          guint org = PICK (self, consent_orgs);
          guint32 given = opened + rand_between (self, 1, 20);

          given = MIN (self->today, given);
          m = add_create (self, "consent");
          monia_mutation_set_string (m, "case_id", case_id);
          monia_mutation_set_string (m, "person_id", members[0].id);
          monia_mutation_set_string (m, "organisation_id", self->org_ids[org]);
          if (self->by_org[org]->len > 0)
            monia_mutation_set_string (m, "professional_id",
                                       g_array_index (self->workers, Worker, pick_index (self, self->by_org[org])).id);
          monia_mutation_set_string (m, "scope", PICK (self, consent_scopes));
          set_date (m, "given_on", given);
          set_date (m, "valid_until", add_months (self, given, 12));
          if (rand_percent (self, 8) && given < end)
            set_date (m, "revoked_on", given + rand_between (self, 1, end - given));
        }
    }

  /* Feedback when the case closed. */
  if (status == STATUS_CLOSED && rand_percent (self, 80))
    {
      static const guint got_help_weights[] = { 62, 27, 11 };
      static const char *got_help[] = { "yes", "partly", "no" };
      guint answer = rand_weighted (self, got_help_weights, 3);
      static const guint low[] = { 7, 4, 0 };
      static const guint high[] = { 10, 8, 5 };

      m = add_create (self, "feedback");
      monia_mutation_set_string (m, "case_id", case_id);
      monia_mutation_set_string (m, "got_help", got_help[answer]);
      monia_mutation_set_int (m, "recommend", rand_between (self, low[answer], high[answer]));
      if (rand_percent (self, 30))
        monia_mutation_set_string (m, "comment", _(PICK (self, feedback_comments)));
      set_date (m, "given_on", closed);
    }

  for (guint i = 0; i < n_members; i++)
    member_clear (&members[i]);
}

/* With G_MESSAGES_DEBUG=monia-demo, each batch says how its time was split
 * between making the mutations and the store applying them. */
static gboolean
apply_batch (Demo        *self,
             MoniaStore  *store,
             GError     **error)
{
  gint64 started = g_get_monotonic_time ();
  guint n = self->batch->len;
  gboolean ok;

  if (self->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->error));
      return FALSE;
    }
  ok = monia_store_apply (store, self->batch, error);
  g_ptr_array_set_size (self->batch, 0);
  g_debug ("batch of %u records: made in %.0f ms, applied in %.0f ms",
           n, (started - self->batch_started) / 1000.0,
           (g_get_monotonic_time () - started) / 1000.0);
  self->batch_started = g_get_monotonic_time ();
  return ok;
}

static gboolean
read_reference_day (Demo         *self,
                    const GDate  *given,
                    GError      **error)
{
  const char *pinned = g_getenv ("MONIA_DEMO_TODAY");
  GDate date;

  if (given != NULL)
    date = *given;
  else if (pinned != NULL && *pinned != '\0')
    {
      g_autoptr(GError) local_error = NULL;

      if (!monia_date_parse_iso (pinned, &date, &local_error))
        {
          g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                       /* Translators: %s is an error message */
                       _("MONIA_DEMO_TODAY is not a usable date: %s"), local_error->message);
          return FALSE;
        }
    }
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now (self->tz);

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, (GDateDay) g_date_time_get_day_of_month (now),
                      (GDateMonth) g_date_time_get_month (now),
                      (GDateYear) g_date_time_get_year (now));
    }

  /* Room for the oldest guardian's birthday before it, and for deadlines after. */
  if (g_date_get_year (&date) < MONIA_CALENDAR_FIRST_YEAR + 70 ||
      g_date_get_year (&date) > MONIA_CALENDAR_LAST_YEAR - 2)
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_OUT_OF_RANGE,
                   _("Demo data can only be made for a day between %d and %d."),
                   MONIA_CALENDAR_FIRST_YEAR + 70, MONIA_CALENDAR_LAST_YEAR - 2);
      return FALSE;
    }
  self->today = g_date_get_julian (&date);
  return TRUE;
}

gboolean
monia_demo_generate (MoniaStore        *store,
                     guint              n_cases,
                     guint64            seed,
                     MoniaDemoProgress  progress,
                     gpointer           user_data,
                     GError           **error)
{
  return monia_demo_generate_for_day (store, n_cases, seed, NULL, progress, user_data, error);
}

gboolean
monia_demo_generate_for_day (MoniaStore        *store,
                             guint              n_cases,
                             guint64            seed,
                             const GDate       *today,
                             MoniaDemoProgress  progress,
                             gpointer           user_data,
                             GError           **error)
{
  g_autoptr(Demo) self = g_new0 (Demo, 1);
  guint32 seed_parts[2] = { (guint32) (seed & 0xffffffffu), (guint32) (seed >> 32) };
  guint n_workers;

  g_return_val_if_fail (MONIA_IS_STORE (store), FALSE);
  g_return_val_if_fail (today == NULL || g_date_valid (today), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_cases > MAX_CASES)
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_OUT_OF_RANGE,
                   _("At most %u cases of demo data can be made at a time."), MAX_CASES);
      return FALSE;
    }

  /* Before the first made-up person is written: these are never to reach
   * a real server. */
  if (!monia_store_mark_demo (store, error))
    return FALSE;

  self->rand = g_rand_new_with_seed_array (seed_parts, G_N_ELEMENTS (seed_parts));
  self->calendar = monia_calendar_new ();
  self->tz = g_time_zone_new_identifier ("Europe/Helsinki");
  if (self->tz == NULL)
    self->tz = g_time_zone_new_utc ();
  if (!read_reference_day (self, today, error))
    return FALSE;

  self->batch = g_ptr_array_new_with_free_func ((GDestroyNotify) monia_mutation_unref);
  self->team_ids = g_ptr_array_new_with_free_func (g_free);
  self->team_org = g_array_new (FALSE, FALSE, sizeof (guint));
  self->workers = g_array_new (FALSE, TRUE, sizeof (Worker));
  g_array_set_clear_func (self->workers, worker_clear);
  for (guint i = 0; i < N_ORGS; i++)
    self->by_org[i] = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < N_PROFESSIONS; i++)
    self->by_profession[i] = g_array_new (FALSE, FALSE, sizeof (guint));
  self->intake = g_array_new (FALSE, FALSE, sizeof (guint));
  self->pairs = g_array_new (FALSE, TRUE, sizeof (Pair));
  g_array_set_clear_func (self->pairs, pair_clear);
  self->service_ids = g_ptr_array_new_with_free_func (g_free);
  self->hetu_used = g_malloc0 ((gsize) HETU_SPAN_DAYS * HETU_NUMBERS / 8 + 1);

  self->batch_started = g_get_monotonic_time ();
  n_workers = MAX (MIN_WORKERS, n_cases / CASES_PER_WORKER);
  add_organisations (self);
  add_teams (self, MAX (MIN_TEAMS, n_workers / WORKERS_PER_TEAM));
  add_workers (self, n_workers);
  set_loads (self);
  add_pairs (self);
  add_services (self);
  if (!apply_batch (self, store, error))
    return FALSE;
  if (progress != NULL)
    progress (0, n_cases, user_data);

  for (guint done = 0; done < n_cases;)
    {
      guint n = MIN (CASES_PER_BATCH, n_cases - done);

      for (guint i = 0; i < n; i++)
        {
          add_case (self);
          /* More help requests end with advice or a service than in a case. */
          for (guint k = rand_below (self, 3); k > 0; k--)
            add_lone_help_request (self);
          if (rand_percent (self, 30))
            add_lone_help_request (self);
        }
      if (!apply_batch (self, store, error))
        return FALSE;
      done += n;
      if (progress != NULL)
        progress (done, n_cases, user_data);
    }

  return TRUE;
}
