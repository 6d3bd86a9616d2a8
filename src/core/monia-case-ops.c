/* monia-case-ops.c — what happens to a case: assessment, plan, implementation, closure
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-case-ops"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "monia-case-ops.h"
#include "monia-error.h"
#include "monia-json-check.h"

/* ---- labels ---- */

typedef struct
{
  const char *value;
  const char *label;
} Label;

static const Label assessment_kinds[] = {
  { MONIA_ASSESSMENT_SOCIAL_WELFARE, NC_("assessment kind", "Social Welfare Act, section 36") },
  { MONIA_ASSESSMENT_CHILD_WELFARE, NC_("assessment kind", "Child Welfare Act, section 26") },
};

static const Label plan_statuses[] = {
  { "draft", NC_("plan status", "Draft") },
  { "agreed", NC_("plan status", "Agreed") },
  { "superseded", NC_("plan status", "Superseded") },
};

static const Label measure_statuses[] = {
  { "planned", NC_("measure status", "Planned") },
  { "ongoing", NC_("measure status", "Ongoing") },
  { "done", NC_("measure status", "Done") },
  { "cancelled", NC_("measure status", "Cancelled") },
};

static const Label event_kinds[] = {
  { "meeting", NC_("event kind", "Meeting") },
  { "network_meeting", NC_("event kind", "Network Meeting") },
  { "home_visit", NC_("event kind", "Home Visit") },
  { "call", NC_("event kind", "Call") },
  { "note", NC_("event kind", "Note") },
};

static const Label got_help_answers[] = {
  { "yes", NC_("got the help sought", "Yes") },
  { "partly", NC_("got the help sought", "Partly") },
  { "no", NC_("got the help sought", "No") },
};

static const Label relations[] = {
  { "child", NC_("relation to the case", "Child") },
  { "guardian", NC_("relation to the case", "Guardian") },
  { "other", NC_("relation to the case", "Other") },
  { "client", NC_("relation to the case", "Client") },
};

static const Label sections[] = {
  { "situation", N_("Family’s situation") },
  { "child", N_("The child") },
  { "guardians", N_("Guardians") },
  { "network", N_("Network and services") },
  { "strengths", N_("Strengths and resources") },
};

static const char * const section_names[] = {
  "situation", "child", "guardians", "network", "strengths", NULL
};

static const Label *
find_label (const Label *labels,
            guint        n_labels,
            const char  *value)
{
  if (value == NULL)
    return NULL;
  for (guint i = 0; i < n_labels; i++)
    if (g_str_equal (labels[i].value, value))
      return &labels[i];
  return NULL;
}

#define LOOKUP(table, value) find_label (table, G_N_ELEMENTS (table), value)

/* A value from a newer Monia is shown raw rather than hidden. */
#define DEFINE_LABEL_FUNC(func, table, context)                   \
  const char *                                                    \
  func (const char *value)                                        \
  {                                                               \
    const Label *label = LOOKUP (table, value);                   \
                                                                  \
    if (label == NULL)                                            \
      return value != NULL ? value : "";                          \
    return g_dpgettext2 (GETTEXT_PACKAGE, context, label->label); \
  }

DEFINE_LABEL_FUNC (monia_assessment_kind_to_label, assessment_kinds, "assessment kind")
DEFINE_LABEL_FUNC (monia_plan_status_to_label, plan_statuses, "plan status")
DEFINE_LABEL_FUNC (monia_measure_status_to_label, measure_statuses, "measure status")
DEFINE_LABEL_FUNC (monia_event_kind_to_label, event_kinds, "event kind")
DEFINE_LABEL_FUNC (monia_got_help_to_label, got_help_answers, "got the help sought")
DEFINE_LABEL_FUNC (monia_relation_to_label, relations, "relation to the case")

const char * const *
monia_assessment_section_names (void)
{
  return section_names;
}

const char *
monia_assessment_section_title (const char *name)
{
  const Label *label = LOOKUP (sections, name);

  if (label == NULL)
    return name != NULL ? name : "";
  return g_dgettext (GETTEXT_PACKAGE, label->label);
}

/* ---- helpers ---- */

static const char * const case_statuses[] = {
  "open", "assessment", "planning", "implementation", "review", "closed",
};

static int
case_status_rank (const char *status)
{
  if (status == NULL || status[0] == '\0')
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (case_statuses); i++)
    if (g_str_equal (case_statuses[i], status))
      return (int) i;
  return 0;
}

static int
rank_of (MoniaRecord *case_record)
{
  return case_status_rank (monia_record_get_string (case_record, "status"));
}

static GPtrArray *
batch_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) monia_mutation_unref);
}

static MoniaMutation *
batch_create (GPtrArray  *batch,
              const char *kind)
{
  MoniaMutation *m = monia_mutation_new_create (kind);

  g_ptr_array_add (batch, m);
  return m;
}

static MoniaMutation *
batch_update (GPtrArray   *batch,
              MoniaRecord *record)
{
  MoniaMutation *m = monia_mutation_new_update (monia_record_get_kind (record)->name,
                                                monia_record_get_id (record));

  g_ptr_array_add (batch, m);
  return m;
}

/* Moves the case's status to @status (in the batch) when that is a change. */
static void
batch_set_case_status (GPtrArray   *batch,
                       MoniaRecord *case_record,
                       const char  *status)
{
  if (g_strcmp0 (monia_record_get_string (case_record, "status"), status) == 0)
    return;
  monia_mutation_set_string (batch_update (batch, case_record), "status", status);
}

static void
batch_advance_case_status (GPtrArray   *batch,
                           MoniaRecord *case_record,
                           const char  *status)
{
  if (rank_of (case_record) < case_status_rank (status))
    batch_set_case_status (batch, case_record, status);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (const char *s = text; *s; s = g_utf8_next_char (s))
    if (!g_unichar_isspace (g_utf8_get_char (s)))
      return FALSE;
  return TRUE;
}

/* @text without surrounding white space, or NULL when there is nothing. */
static char *
dup_trimmed (const char *text)
{
  if (is_blank (text))
    return NULL;
  return g_strstrip (g_strdup (text));
}

/* @field names the input the error is about, for a form to show it there. */
static gboolean
check_date (const GDate  *date,
            const char   *what,
            const char   *field,
            GError      **error)
{
  g_autofree char *message = NULL;

  if (date == NULL || !g_date_valid (date))
    {
      /* Translators: %s says which day, e.g. "the day the matter became pending" */
      message = g_strdup_printf (_("Choose %s."), what);
      monia_set_field_error (error, MONIA_ERROR_INVALID_INPUT, field, message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_not_before (const GDate  *date,
                  const GDate  *earlier,
                  const char   *field,
                  const char   *message,
                  GError      **error)
{
  if (earlier != NULL && g_date_valid (earlier) && g_date_compare (date, earlier) < 0)
    {
      monia_set_field_error (error, MONIA_ERROR_INVALID_INPUT, field, message);
      return FALSE;
    }
  return TRUE;
}

static void
set_optional_date (MoniaMutation *m,
                   const char    *field,
                   const GDate   *date)
{
  if (date != NULL && g_date_valid (date))
    monia_mutation_set_date (m, field, date);
}

/* The case, if it exists and may still be worked on. */
static MoniaRecord *
get_open_case (MoniaStore  *store,
               const char  *case_id,
               GError     **error)
{
  g_autoptr(MoniaRecord) record = NULL;

  if (case_id == NULL || !g_uuid_string_is_valid (case_id))
    {
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                           _("No case is chosen."));
      return NULL;
    }

  record = monia_store_get (store, "case", case_id, error);
  if (record == NULL)
    return NULL;

  if (g_strcmp0 (monia_record_get_string (record, "status"), "closed") == 0)
    {
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_READ_ONLY,
                           _("The case is closed; closed cases cannot be changed."));
      return NULL;
    }

  return g_steal_pointer (&record);
}

static MoniaRecord *
get_record (MoniaStore  *store,
            const char  *kind,
            const char  *id,
            GError     **error)
{
  if (id == NULL || !g_uuid_string_is_valid (id))
    {
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_NOT_FOUND,
                           _("The record to change no longer exists."));
      return NULL;
    }
  return monia_store_get (store, kind, id, error);
}

/* ---- assessment ---- */

MoniaRecord *
monia_case_get_assessment (MoniaStore  *store,
                           const char  *case_id,
                           GError     **error)
{
  g_autoptr(GPtrArray) found = NULL;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  found = monia_store_find (store, "assessment", "case_id", case_id, error);
  if (found == NULL)
    return NULL;
  if (found->len == 0)
    return NULL;
  return g_object_ref (g_ptr_array_index (found, found->len - 1));
}

char *
monia_case_start_assessment (MoniaStore     *store,
                             MoniaCalendar  *calendar,
                             const char     *case_id,
                             const char     *kind,
                             const GDate    *pending_on,
                             GError        **error)
{
  g_autoptr(MoniaRecord) case_record = NULL;
  g_autoptr(MoniaRecord) existing = NULL;
  g_autoptr(GPtrArray) batch = batch_new ();
  g_autofree char *id = NULL;
  GError *local_error = NULL;
  MoniaMutation *m;
  GDate decision_due, completion_due;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);
  g_return_val_if_fail (calendar != NULL, NULL);

  case_record = get_open_case (store, case_id, error);
  if (case_record == NULL)
    return NULL;

  if (LOOKUP (assessment_kinds, kind) == NULL)
    {
      monia_set_field_error (error, MONIA_ERROR_INVALID_INPUT, "kind",
                             _("Choose under which act the service need is assessed."));
      return NULL;
    }
  if (!check_date (pending_on, _("the day the matter became pending"), "pending_on", error))
    return NULL;

  existing = monia_case_get_assessment (store, case_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (existing != NULL && monia_record_get_string (existing, "completed_on") == NULL)
    {
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                           _("The case has an assessment under way already; complete it first."));
      return NULL;
    }

  g_date_clear (&decision_due, 1);
  g_date_clear (&completion_due, 1);
  if (!monia_calendar_add_working_days (calendar, pending_on, MONIA_ASSESSMENT_DECISION_WORKING_DAYS,
                                        &decision_due, error) ||
      !monia_calendar_add_months (calendar, pending_on, MONIA_ASSESSMENT_COMPLETION_MONTHS,
                                  &completion_due, error))
    {
      /* The deadlines are counted from that day: a year out of range is its fault. */
      if (error != NULL && *error != NULL && (*error)->domain == MONIA_ERROR)
        monia_error_set_field (*error, "pending_on");
      return NULL;
    }

  m = batch_create (batch, "assessment");
  monia_mutation_set_string (m, "case_id", case_id);
  monia_mutation_set_string (m, "kind", kind);
  monia_mutation_set_date (m, "pending_on", pending_on);
  monia_mutation_set_date (m, "decision_due", &decision_due);
  monia_mutation_set_date (m, "completion_due", &completion_due);
  id = g_strdup (monia_mutation_get_record_id (m));

  batch_advance_case_status (batch, case_record, "assessment");

  if (!monia_store_apply (store, batch, error))
    return NULL;
  return g_steal_pointer (&id);
}

/* The assessment, if it exists, its case is open and it is not completed. */
static MoniaRecord *
get_open_assessment (MoniaStore   *store,
                     const char   *assessment_id,
                     MoniaRecord **case_out,
                     GError      **error)
{
  g_autoptr(MoniaRecord) assessment = get_record (store, "assessment", assessment_id, error);
  g_autoptr(MoniaRecord) case_record = NULL;

  if (assessment == NULL)
    return NULL;

  case_record = get_open_case (store, monia_record_get_string (assessment, "case_id"), error);
  if (case_record == NULL)
    return NULL;

  if (monia_record_get_string (assessment, "completed_on") != NULL)
    {
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_READ_ONLY,
                           _("The assessment has been completed and can no longer be changed."));
      return NULL;
    }

  if (case_out != NULL)
    *case_out = g_steal_pointer (&case_record);
  return g_steal_pointer (&assessment);
}

gboolean
monia_case_record_assessment_started (MoniaStore   *store,
                                      const char   *assessment_id,
                                      const GDate  *started_on,
                                      GError      **error)
{
  g_autoptr(MoniaRecord) assessment = NULL;
  g_autoptr(GPtrArray) batch = batch_new ();
  GDate pending;

  g_return_val_if_fail (MONIA_IS_STORE (store), FALSE);

  assessment = get_open_assessment (store, assessment_id, NULL, error);
  if (assessment == NULL)
    return FALSE;
  if (!check_date (started_on, _("the day it was decided to start the assessment"), "started_on", error))
    return FALSE;

  g_date_clear (&pending, 1);
  monia_record_get_date (assessment, "pending_on", &pending);
  if (!check_not_before (started_on, &pending, "started_on",
                         _("The decision to start cannot be before the matter became pending."), error))
    return FALSE;

  monia_mutation_set_date (batch_update (batch, assessment), "started_on", started_on);
  return monia_store_apply (store, batch, error);
}

gboolean
monia_case_set_assessment_text (MoniaStore  *store,
                                const char  *assessment_id,
                                const char  *field,
                                const char  *text,
                                GError     **error)
{
  g_autoptr(MoniaRecord) assessment = NULL;
  g_autoptr(GPtrArray) batch = batch_new ();
  g_autofree char *trimmed = dup_trimmed (text);

  g_return_val_if_fail (MONIA_IS_STORE (store), FALSE);
  g_return_val_if_fail (g_strcmp0 (field, "conclusion") == 0 || g_strcmp0 (field, "client_view") == 0, FALSE);

  assessment = get_open_assessment (store, assessment_id, NULL, error);
  if (assessment == NULL)
    return FALSE;

  monia_mutation_set_string (batch_update (batch, assessment), field, trimmed);
  return monia_store_apply (store, batch, error);
}

static JsonObject *
parse_sections (const char *json)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  /* Pulled from the server as it is: nesting that would crash the parser
   * reads as no sections. */
  if (json == NULL || json[0] == '\0' || !monia_json_check_text (json, strlen (json), G_MAXSIZE, NULL))
    return json_object_new ();

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, json, -1, NULL))
    return json_object_new ();
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return json_object_new ();
  return json_object_ref (json_node_get_object (root));
}

static char *
sections_to_json (JsonObject *object)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_node_set_object (root, object);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* Sets (or removes, when blank) one section in @object. */
static void
merge_section (JsonObject *object,
               const char *name,
               const char *text)
{
  g_autofree char *trimmed = dup_trimmed (text);

  if (trimmed == NULL)
    {
      if (json_object_has_member (object, name))
        json_object_remove_member (object, name);
    }
  else
    json_object_set_string_member (object, name, trimmed);
}

char *
monia_assessment_dup_section (MoniaRecord *assessment,
                              const char  *section)
{
  g_autoptr(JsonObject) object = NULL;
  JsonNode *node;

  g_return_val_if_fail (MONIA_IS_RECORD (assessment), NULL);
  g_return_val_if_fail (section != NULL, NULL);

  object = parse_sections (monia_record_get_string (assessment, "sections"));
  node = json_object_get_member (object, section);
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

gboolean
monia_case_set_assessment_section (MoniaStore  *store,
                                   const char  *assessment_id,
                                   const char  *section,
                                   const char  *text,
                                   GError     **error)
{
  g_autoptr(MoniaRecord) assessment = NULL;
  g_autoptr(GPtrArray) batch = batch_new ();
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *json = NULL;

  g_return_val_if_fail (MONIA_IS_STORE (store), FALSE);

  if (is_blank (section))
    {
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                           _("Name the part of the assessment to save."));
      return FALSE;
    }

  assessment = get_open_assessment (store, assessment_id, NULL, error);
  if (assessment == NULL)
    return FALSE;

  object = parse_sections (monia_record_get_string (assessment, "sections"));
  merge_section (object, section, text);
  json = json_object_get_size (object) > 0 ? sections_to_json (object) : NULL;

  monia_mutation_set_string (batch_update (batch, assessment), "sections", json);
  return monia_store_apply (store, batch, error);
}

gboolean
monia_case_complete_assessment (MoniaStore   *store,
                                const char   *assessment_id,
                                const GDate  *completed_on,
                                const char   *conclusion,
                                const char   *client_view,
                                GHashTable   *new_sections,
                                GError      **error)
{
  g_autoptr(MoniaRecord) assessment = NULL;
  g_autoptr(MoniaRecord) case_record = NULL;
  g_autoptr(GPtrArray) batch = batch_new ();
  g_autofree char *final_conclusion = NULL;
  MoniaMutation *m;
  GDate started;

  g_return_val_if_fail (MONIA_IS_STORE (store), FALSE);

  assessment = get_open_assessment (store, assessment_id, &case_record, error);
  if (assessment == NULL)
    return FALSE;
  if (!check_date (completed_on, _("the day the assessment was completed"), "completed_on", error))
    return FALSE;

  g_date_clear (&started, 1);
  if (!monia_record_get_date (assessment, "started_on", &started))
    {
      monia_set_field_error (error, MONIA_ERROR_INVALID_INPUT, "started_on",
                             _("Record the day it was decided to start the assessment before completing it."));
      return FALSE;
    }
  if (!check_not_before (completed_on, &started, "completed_on",
                         _("The assessment cannot be completed before it was started."), error))
    return FALSE;

  final_conclusion = dup_trimmed (conclusion != NULL ? conclusion
                                                     : monia_record_get_string (assessment, "conclusion"));
  if (final_conclusion == NULL)
    {
      monia_set_field_error (error, MONIA_ERROR_INVALID_INPUT, "conclusion",
                             _("Write the assessment’s conclusion before completing it."));
      return FALSE;
    }

  m = batch_update (batch, assessment);
  monia_mutation_set_date (m, "completed_on", completed_on);
  monia_mutation_set_string (m, "conclusion", final_conclusion);
  if (client_view != NULL)
    {
      g_autofree char *view = dup_trimmed (client_view);

      monia_mutation_set_string (m, "client_view", view);
    }
  if (new_sections != NULL && g_hash_table_size (new_sections) > 0)
    {
      g_autoptr(JsonObject) object = parse_sections (monia_record_get_string (assessment, "sections"));
      g_autofree char *json = NULL;
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, new_sections);
      while (g_hash_table_iter_next (&iter, &key, &value))
        merge_section (object, key, value);
      if (json_object_get_size (object) > 0)
        json = sections_to_json (object);
      monia_mutation_set_string (m, "sections", json);
    }

  batch_advance_case_status (batch, case_record, "planning");
  return monia_store_apply (store, batch, error);
}

static void
fill_deadline (MoniaDeadline *deadline,
               MoniaCalendar *calendar,
               const GDate   *today)
{
  if (!deadline->valid)
    return;

  if (deadline->met)
    {
      deadline->days_left = 0;
      deadline->working_days_left = 0;
      deadline->late = g_date_compare (&deadline->done_on, &deadline->due) > 0;
      if (deadline->late)
        {
          deadline->days_late = g_date_days_between (&deadline->due, &deadline->done_on);
          deadline->working_days_late = monia_calendar_working_days_between (calendar, &deadline->due,
                                                                             &deadline->done_on);
        }
      return;
    }

  deadline->days_left = g_date_days_between (today, &deadline->due);
  deadline->working_days_left = monia_calendar_working_days_between (calendar, today, &deadline->due);
  deadline->late = deadline->days_left < 0;
  if (deadline->late)
    {
      deadline->days_late = -deadline->days_left;
      deadline->working_days_late = monia_calendar_working_days_between (calendar, &deadline->due, today);
    }
}

gboolean
monia_assessment_get_status (MoniaRecord            *assessment,
                             MoniaCalendar          *calendar,
                             const GDate            *today,
                             MoniaAssessmentStatus  *out,
                             GError                **error)
{
  GDate pending;

  g_return_val_if_fail (MONIA_IS_RECORD (assessment), FALSE);
  g_return_val_if_fail (calendar != NULL, FALSE);
  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  g_date_clear (&out->decision.due, 1);
  g_date_clear (&out->decision.done_on, 1);
  g_date_clear (&out->completion.due, 1);
  g_date_clear (&out->completion.done_on, 1);
  g_date_clear (&pending, 1);

  if (!monia_record_get_date (assessment, "pending_on", &pending))
    {
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                           _("The assessment has no day on which the matter became pending."));
      return FALSE;
    }

  /* Stored deadlines win: they were counted with the settings of the day. */
  out->decision.valid = monia_record_get_date (assessment, "decision_due", &out->decision.due);
  if (!out->decision.valid)
    out->decision.valid = monia_calendar_add_working_days (calendar, &pending,
                                                           MONIA_ASSESSMENT_DECISION_WORKING_DAYS,
                                                           &out->decision.due, error);
  out->completion.valid = monia_record_get_date (assessment, "completion_due", &out->completion.due);
  if (!out->completion.valid)
    out->completion.valid = monia_calendar_add_months (calendar, &pending,
                                                       MONIA_ASSESSMENT_COMPLETION_MONTHS,
                                                       &out->completion.due, error);
  if (!out->decision.valid || !out->completion.valid)
    return FALSE;

  out->decision.met = monia_record_get_date (assessment, "started_on", &out->decision.done_on);
  out->completion.met = monia_record_get_date (assessment, "completed_on", &out->completion.done_on);

  fill_deadline (&out->decision, calendar, today);
  fill_deadline (&out->completion, calendar, today);
  return TRUE;
}

/* Keeps the earlier of @out (when valid) and the day in @field of @record
 * while @done_field is empty. */
static void
take_earlier_open (MoniaRecord *record,
                   const char  *field,
                   const char  *done_field,
                   GDate       *out)
{
  GDate due;

  g_date_clear (&due, 1);
  if (monia_record_get_string (record, done_field) != NULL ||
      !monia_record_get_date (record, field, &due))
    return;
  if (!g_date_valid (out) || g_date_compare (&due, out) < 0)
    *out = due;
}

gboolean
monia_assessment_next_deadline (MoniaRecord *assessment,
                                GDate       *out)
{
  g_return_val_if_fail (MONIA_IS_RECORD (assessment), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  g_date_clear (out, 1);
  take_earlier_open (assessment, "decision_due", "started_on", out);
  take_earlier_open (assessment, "completion_due", "completed_on", out);
  return g_date_valid (out);
}

gboolean
monia_case_next_deadline (MoniaStore  *store,
                          const char  *case_id,
                          GDate       *out,
                          GError     **error)
{
  g_autoptr(GPtrArray) assessments = NULL;

  g_return_val_if_fail (MONIA_IS_STORE (store), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  g_date_clear (out, 1);
  assessments = monia_store_find (store, "assessment", "case_id", case_id, error);
  if (assessments == NULL)
    return FALSE;

  /* Like the server: every assessment of the case counts, not only the
   * latest, so a forgotten old one still shows. */
  for (guint i = 0; i < assessments->len; i++)
    {
      MoniaRecord *assessment = g_ptr_array_index (assessments, i);

      take_earlier_open (assessment, "decision_due", "started_on", out);
      take_earlier_open (assessment, "completion_due", "completed_on", out);
    }
  return g_date_valid (out);
}

/* ---- plan ---- */

static gint
compare_version (gconstpointer a,
                 gconstpointer b)
{
  gint64 va = monia_record_get_int (*(MoniaRecord **) a, "version", 0);
  gint64 vb = monia_record_get_int (*(MoniaRecord **) b, "version", 0);

  return (va > vb) - (va < vb);
}

GPtrArray *
monia_case_list_plans (MoniaStore  *store,
                       const char  *case_id,
                       GError     **error)
{
  GPtrArray *plans;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  plans = monia_store_find (store, "plan", "case_id", case_id, error);
  if (plans != NULL)
    g_ptr_array_sort (plans, compare_version);
  return plans;
}

static gint
compare_position (gconstpointer a,
                  gconstpointer b)
{
  gint64 pa = monia_record_get_int (*(MoniaRecord **) a, "position", G_MAXINT);
  gint64 pb = monia_record_get_int (*(MoniaRecord **) b, "position", G_MAXINT);

  return (pa > pb) - (pa < pb);
}

GPtrArray *
monia_plan_list_goals (MoniaStore  *store,
                       const char  *plan_id,
                       GError     **error)
{
  GPtrArray *goals;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);
  g_return_val_if_fail (plan_id != NULL, NULL);

  goals = monia_store_find (store, "goal", "plan_id", plan_id, error);
  if (goals != NULL)
    g_ptr_array_sort (goals, compare_position);  /* stable: creation order within a position */
  return goals;
}

GPtrArray *
monia_plan_list_measures (MoniaStore  *store,
                          const char  *plan_id,
                          GError     **error)
{
  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);
  g_return_val_if_fail (plan_id != NULL, NULL);

  return monia_store_find (store, "measure", "plan_id", plan_id, error);
}

static const char * const plan_text_fields[] = { MONIA_PLAN_TEXT_FIELDS };

char *
monia_case_create_plan_draft (MoniaStore  *store,
                              const char  *case_id,
                              GError     **error)
{
  g_autoptr(MoniaRecord) case_record = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GPtrArray) batch = batch_new ();
  g_autoptr(GHashTable) goal_map = NULL;
  g_autofree char *id = NULL;
  MoniaRecord *latest = NULL;
  MoniaMutation *m;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);

  case_record = get_open_case (store, case_id, error);
  if (case_record == NULL)
    return NULL;

  plans = monia_case_list_plans (store, case_id, error);
  if (plans == NULL)
    return NULL;

  for (guint i = 0; i < plans->len; i++)
    if (g_strcmp0 (monia_record_get_string (g_ptr_array_index (plans, i), "status"), "draft") == 0)
      {
        g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                             _("The case has a draft plan already; agree it before starting another version."));
        return NULL;
      }
  if (plans->len > 0)
    latest = g_ptr_array_index (plans, plans->len - 1);

  m = batch_create (batch, "plan");
  monia_mutation_set_string (m, "case_id", case_id);
  monia_mutation_set_int (m, "version", latest != NULL ? monia_record_get_int (latest, "version", 0) + 1 : 1);
  monia_mutation_set_string (m, "status", "draft");
  id = g_strdup (monia_mutation_get_record_id (m));

  if (latest != NULL)
    {
      g_autoptr(GPtrArray) goals = NULL;
      g_autoptr(GPtrArray) measures = NULL;

      for (guint i = 0; i < G_N_ELEMENTS (plan_text_fields); i++)
        {
          const char *text = monia_record_get_string (latest, plan_text_fields[i]);

          if (text != NULL)
            monia_mutation_set_string (m, plan_text_fields[i], text);
        }

      goals = monia_plan_list_goals (store, monia_record_get_id (latest), error);
      if (goals == NULL)
        return NULL;
      measures = monia_plan_list_measures (store, monia_record_get_id (latest), error);
      if (measures == NULL)
        return NULL;

      goal_map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      for (guint i = 0; i < goals->len; i++)
        {
          MoniaRecord *goal = g_ptr_array_index (goals, i);
          MoniaMutation *g = batch_create (batch, "goal");

          monia_mutation_set_string (g, "case_id", case_id);
          monia_mutation_set_string (g, "plan_id", id);
          monia_mutation_set_string (g, "text", monia_record_get_string (goal, "text"));
          if (monia_record_get (goal, "client_words") != NULL)
            monia_mutation_set (g, "client_words", monia_record_get (goal, "client_words"));
          if (monia_record_get (goal, "indicator") != NULL)
            monia_mutation_set (g, "indicator", monia_record_get (goal, "indicator"));
          monia_mutation_set_int (g, "position", i);
          g_hash_table_insert (goal_map, g_strdup (monia_record_get_id (goal)),
                               g_strdup (monia_mutation_get_record_id (g)));
        }

      for (guint i = 0; i < measures->len; i++)
        {
          MoniaRecord *measure = g_ptr_array_index (measures, i);
          MoniaMutation *c = batch_create (batch, "measure");
          const char *old_goal = monia_record_get_string (measure, "goal_id");
          static const char * const copied[] = {
            "text", "organisation_id", "professional_id", "starts_on", "ends_on", "status"
          };

          monia_mutation_set_string (c, "case_id", case_id);
          monia_mutation_set_string (c, "plan_id", id);
          if (old_goal != NULL && g_hash_table_contains (goal_map, old_goal))
            monia_mutation_set_string (c, "goal_id", g_hash_table_lookup (goal_map, old_goal));
          for (guint f = 0; f < G_N_ELEMENTS (copied); f++)
            {
              GVariant *value = monia_record_get (measure, copied[f]);

              if (value != NULL)
                monia_mutation_set (c, copied[f], value);
            }
        }
    }

  /* A first plan follows the assessment; a new version is part of a review. */
  if (rank_of (case_record) >= case_status_rank ("implementation"))
    batch_set_case_status (batch, case_record, "review");
  else
    batch_advance_case_status (batch, case_record, "planning");

  if (!monia_store_apply (store, batch, error))
    return NULL;
  return g_steal_pointer (&id);
}

/* The plan if its case is open and its status is one of @statuses. */
static MoniaRecord *
get_plan_in (MoniaStore    *store,
             const char    *plan_id,
             gboolean       agreed_allowed,
             MoniaRecord  **case_out,
             GError       **error)
{
  g_autoptr(MoniaRecord) plan = get_record (store, "plan", plan_id, error);
  g_autoptr(MoniaRecord) case_record = NULL;
  const char *status;

  if (plan == NULL)
    return NULL;

  case_record = get_open_case (store, monia_record_get_string (plan, "case_id"), error);
  if (case_record == NULL)
    return NULL;

  status = monia_record_get_string (plan, "status");
  if (g_strcmp0 (status, "draft") != 0 &&
      !(agreed_allowed && g_strcmp0 (status, "agreed") == 0))
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_READ_ONLY,
                   /* Translators: %d is the plan's version number */
                   _("Version %d of the plan has been agreed and stays as it was; make a new version to change it."),
                   (int) monia_record_get_int (plan, "version", 0));
      return NULL;
    }

  if (case_out != NULL)
    *case_out = g_steal_pointer (&case_record);
  return g_steal_pointer (&plan);
}

gboolean
monia_case_set_plan_text (MoniaStore  *store,
                          const char  *plan_id,
                          const char  *field,
                          const char  *text,
                          GError     **error)
{
  g_autoptr(MoniaRecord) plan = NULL;
  g_autoptr(GPtrArray) batch = batch_new ();
  g_autofree char *trimmed = dup_trimmed (text);
  gboolean known = FALSE;

  g_return_val_if_fail (MONIA_IS_STORE (store), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (plan_text_fields) && field != NULL; i++)
    known = known || g_str_equal (plan_text_fields[i], field);
  g_return_val_if_fail (known, FALSE);

  plan = get_plan_in (store, plan_id, FALSE, NULL, error);
  if (plan == NULL)
    return FALSE;

  monia_mutation_set_string (batch_update (batch, plan), field, trimmed);
  return monia_store_apply (store, batch, error);
}

gboolean
monia_case_set_plan_review_on (MoniaStore   *store,
                               const char   *plan_id,
                               const GDate  *review_on,
                               GError      **error)
{
  g_autoptr(MoniaRecord) plan = NULL;
  g_autoptr(GPtrArray) batch = batch_new ();
  MoniaMutation *m;
  GDate agreed;

  g_return_val_if_fail (MONIA_IS_STORE (store), FALSE);

  plan = get_plan_in (store, plan_id, TRUE, NULL, error);
  if (plan == NULL)
    return FALSE;

  m = batch_update (batch, plan);
  if (review_on == NULL || !g_date_valid (review_on))
    monia_mutation_set (m, "review_on", NULL);
  else
    {
      g_date_clear (&agreed, 1);
      monia_record_get_date (plan, "agreed_on", &agreed);
      if (!check_not_before (review_on, &agreed, "review_on",
                             _("The review cannot be before the plan was agreed."), error))
        return FALSE;
      monia_mutation_set_date (m, "review_on", review_on);
    }
  return monia_store_apply (store, batch, error);
}

char *
monia_case_add_goal (MoniaStore  *store,
                     const char  *plan_id,
                     const char  *text,
                     const char  *client_words,
                     const char  *indicator,
                     GError     **error)
{
  g_autoptr(MoniaRecord) plan = NULL;
  g_autoptr(GPtrArray) goals = NULL;
  g_autoptr(GPtrArray) batch = batch_new ();
  g_autofree char *goal_text = dup_trimmed (text);
  g_autofree char *words = dup_trimmed (client_words);
  g_autofree char *indicator_text = dup_trimmed (indicator);
  gint64 position = 0;
  MoniaMutation *m;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);

  plan = get_plan_in (store, plan_id, FALSE, NULL, error);
  if (plan == NULL)
    return NULL;

  if (goal_text == NULL)
    {
      monia_set_field_error (error, MONIA_ERROR_INVALID_INPUT, "text", _("Write what the goal is."));
      return NULL;
    }

  goals = monia_plan_list_goals (store, plan_id, error);
  if (goals == NULL)
    return NULL;
  for (guint i = 0; i < goals->len; i++)
    position = MAX (position, monia_record_get_int (g_ptr_array_index (goals, i), "position", 0) + 1);

  m = batch_create (batch, "goal");
  monia_mutation_set_string (m, "case_id", monia_record_get_string (plan, "case_id"));
  monia_mutation_set_string (m, "plan_id", plan_id);
  monia_mutation_set_string (m, "text", goal_text);
  if (words != NULL)
    monia_mutation_set_string (m, "client_words", words);
  if (indicator_text != NULL)
    monia_mutation_set_string (m, "indicator", indicator_text);
  monia_mutation_set_int (m, "position", position);

  if (!monia_store_apply (store, batch, error))
    return NULL;
  return g_strdup (monia_mutation_get_record_id (m));
}

gboolean
monia_case_set_goal_text (MoniaStore  *store,
                          const char  *goal_id,
                          const char  *field,
                          const char  *text,
                          GError     **error)
{
  g_autoptr(MoniaRecord) goal = NULL;
  g_autoptr(MoniaRecord) plan = NULL;
  g_autoptr(GPtrArray) batch = batch_new ();
  g_autofree char *trimmed = dup_trimmed (text);

  g_return_val_if_fail (MONIA_IS_STORE (store), FALSE);
  g_return_val_if_fail (g_strcmp0 (field, "text") == 0 ||
                        g_strcmp0 (field, "client_words") == 0 ||
                        g_strcmp0 (field, "indicator") == 0, FALSE);

  goal = get_record (store, "goal", goal_id, error);
  if (goal == NULL)
    return FALSE;
  plan = get_plan_in (store, monia_record_get_string (goal, "plan_id"), FALSE, NULL, error);
  if (plan == NULL)
    return FALSE;

  if (g_str_equal (field, "text") && trimmed == NULL)
    {
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                           _("A goal cannot be left empty; write what the goal is."));
      return FALSE;
    }

  monia_mutation_set_string (batch_update (batch, goal), field, trimmed);
  return monia_store_apply (store, batch, error);
}

void
monia_measure_spec_init (MoniaMeasureSpec *spec)
{
  g_return_if_fail (spec != NULL);

  memset (spec, 0, sizeof *spec);
  g_date_clear (&spec->starts_on, 1);
  g_date_clear (&spec->ends_on, 1);
}

/* Names the input the error just set is about; returns NULL to be
 * returned in turn. */
static gpointer
set_field (GError     **error,
           const char  *field)
{
  if (error != NULL && *error != NULL)
    monia_error_set_field (*error, field);
  return NULL;
}

/* @id names a record of @kind whose @field is @value (or @id is NULL). */
static gboolean
check_belongs (MoniaStore  *store,
               const char  *kind,
               const char  *id,
               const char  *field,
               const char  *value,
               const char  *message,
               GError     **error)
{
  g_autoptr(MoniaRecord) record = NULL;
  g_autoptr(GError) local_error = NULL;

  if (id == NULL)
    return TRUE;
  if (g_uuid_string_is_valid (id))
    record = monia_store_get (store, kind, id, &local_error);
  if (record == NULL || g_strcmp0 (monia_record_get_string (record, field), value) != 0)
    {
      if (local_error != NULL && !g_error_matches (local_error, MONIA_ERROR, MONIA_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT, message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_exists (MoniaStore  *store,
              const char  *kind,
              const char  *id,
              const char  *message,
              GError     **error)
{
  g_autoptr(MoniaRecord) record = NULL;

  if (id == NULL)
    return TRUE;
  if (g_uuid_string_is_valid (id))
    record = monia_store_get (store, kind, id, NULL);
  if (record == NULL)
    {
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT, message);
      return FALSE;
    }
  return TRUE;
}

char *
monia_case_add_measure (MoniaStore              *store,
                        const char              *plan_id,
                        const MoniaMeasureSpec  *spec,
                        GError                 **error)
{
  g_autoptr(MoniaRecord) plan = NULL;
  g_autoptr(GPtrArray) batch = batch_new ();
  g_autofree char *text = NULL;
  const char *status;
  MoniaMutation *m;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);
  g_return_val_if_fail (spec != NULL, NULL);

  plan = get_plan_in (store, plan_id, FALSE, NULL, error);
  if (plan == NULL)
    return NULL;

  text = dup_trimmed (spec->text);
  if (text == NULL)
    {
      monia_set_field_error (error, MONIA_ERROR_INVALID_INPUT, "text", _("Write what the measure is."));
      return NULL;
    }

  status = spec->status != NULL ? spec->status : "planned";
  if (LOOKUP (measure_statuses, status) == NULL)
    {
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                           _("A measure is planned, ongoing, done or cancelled."));
      return NULL;
    }

  if (g_date_valid (&spec->starts_on) && g_date_valid (&spec->ends_on) &&
      g_date_compare (&spec->ends_on, &spec->starts_on) < 0)
    {
      monia_set_field_error (error, MONIA_ERROR_INVALID_INPUT, "ends_on",
                             _("A measure cannot end before it starts."));
      return NULL;
    }

  if (!check_belongs (store, "goal", spec->goal_id, "plan_id", plan_id,
                      _("The chosen goal is not in this version of the plan."), error) ||
      !check_exists (store, "organisation", spec->organisation_id,
                     _("The chosen organisation no longer exists."), error) ||
      !check_exists (store, "professional", spec->professional_id,
                     _("The chosen professional no longer exists."), error))
    return NULL;

  m = batch_create (batch, "measure");
  monia_mutation_set_string (m, "case_id", monia_record_get_string (plan, "case_id"));
  monia_mutation_set_string (m, "plan_id", plan_id);
  monia_mutation_set_string (m, "text", text);
  if (spec->goal_id != NULL)
    monia_mutation_set_string (m, "goal_id", spec->goal_id);
  if (spec->organisation_id != NULL)
    monia_mutation_set_string (m, "organisation_id", spec->organisation_id);
  if (spec->professional_id != NULL)
    monia_mutation_set_string (m, "professional_id", spec->professional_id);
  set_optional_date (m, "starts_on", &spec->starts_on);
  set_optional_date (m, "ends_on", &spec->ends_on);
  monia_mutation_set_string (m, "status", status);

  if (!monia_store_apply (store, batch, error))
    return NULL;
  return g_strdup (monia_mutation_get_record_id (m));
}

gboolean
monia_case_set_measure_status (MoniaStore  *store,
                               const char  *measure_id,
                               const char  *status,
                               GError     **error)
{
  g_autoptr(MoniaRecord) measure = NULL;
  g_autoptr(MoniaRecord) plan = NULL;
  g_autoptr(GPtrArray) batch = batch_new ();

  g_return_val_if_fail (MONIA_IS_STORE (store), FALSE);

  if (LOOKUP (measure_statuses, status) == NULL)
    {
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                           _("A measure is planned, ongoing, done or cancelled."));
      return FALSE;
    }

  measure = get_record (store, "measure", measure_id, error);
  if (measure == NULL)
    return FALSE;
  plan = get_plan_in (store, monia_record_get_string (measure, "plan_id"), TRUE, NULL, error);
  if (plan == NULL)
    return FALSE;

  monia_mutation_set_string (batch_update (batch, measure), "status", status);
  return monia_store_apply (store, batch, error);
}

static gboolean
is_child_welfare (MoniaStore *store,
                  const char *case_id)
{
  g_autoptr(GPtrArray) assessments = monia_store_find (store, "assessment", "case_id", case_id, NULL);

  for (guint i = 0; assessments != NULL && i < assessments->len; i++)
    if (g_strcmp0 (monia_record_get_string (g_ptr_array_index (assessments, i), "kind"),
                   MONIA_ASSESSMENT_CHILD_WELFARE) == 0)
      return TRUE;
  return FALSE;
}

gboolean
monia_case_agree_plan (MoniaStore     *store,
                       MoniaCalendar  *calendar,
                       const char     *plan_id,
                       const GDate    *agreed_on,
                       GError        **error)
{
  g_autoptr(MoniaRecord) plan = NULL;
  g_autoptr(MoniaRecord) case_record = NULL;
  g_autoptr(GPtrArray) goals = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GPtrArray) batch = batch_new ();
  const char *case_id;
  MoniaMutation *m;
  GDate review;

  g_return_val_if_fail (MONIA_IS_STORE (store), FALSE);
  g_return_val_if_fail (calendar != NULL, FALSE);

  plan = get_plan_in (store, plan_id, FALSE, &case_record, error);
  if (plan == NULL)
    return FALSE;
  case_id = monia_record_get_id (case_record);

  if (!check_date (agreed_on, _("the day the plan was agreed"), "agreed_on", error))
    return FALSE;

  goals = monia_plan_list_goals (store, plan_id, error);
  if (goals == NULL)
    return FALSE;
  if (goals->len == 0)
    {
      monia_set_field_error (error, MONIA_ERROR_INVALID_INPUT, "goals",
                             _("Add at least one goal before agreeing the plan."));
      return FALSE;
    }

  plans = monia_case_list_plans (store, case_id, error);
  if (plans == NULL)
    return FALSE;

  m = batch_update (batch, plan);
  monia_mutation_set_string (m, "status", "agreed");
  monia_mutation_set_date (m, "agreed_on", agreed_on);

  g_date_clear (&review, 1);
  if (!monia_record_get_date (plan, "review_on", &review) && is_child_welfare (store, case_id))
    {
      /* Child Welfare Act s.30: a child welfare plan is reviewed at least yearly. */
      if (!monia_calendar_add_months (calendar, agreed_on, 12, &review, error))
        return FALSE;
      monia_mutation_set_date (m, "review_on", &review);
    }

  for (guint i = 0; i < plans->len; i++)
    {
      MoniaRecord *other = g_ptr_array_index (plans, i);

      if (g_strcmp0 (monia_record_get_string (other, "status"), "agreed") == 0 &&
          g_strcmp0 (monia_record_get_id (other), plan_id) != 0)
        monia_mutation_set_string (batch_update (batch, other), "status", "superseded");
    }

  batch_set_case_status (batch, case_record, "implementation");
  return monia_store_apply (store, batch, error);
}

/* ---- implementation ---- */

char *
monia_case_record_event (MoniaStore  *store,
                         const char  *case_id,
                         const char  *kind,
                         GDateTime   *occurred_at,
                         const char  *text,
                         const char  *goal_id,
                         const char  *measure_id,
                         GError     **error)
{
  g_autoptr(MoniaRecord) case_record = NULL;
  g_autoptr(GPtrArray) batch = batch_new ();
  g_autofree char *trimmed = dup_trimmed (text);
  MoniaMutation *m;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);

  case_record = get_open_case (store, case_id, error);
  if (case_record == NULL)
    return NULL;

  if (LOOKUP (event_kinds, kind) == NULL)
    {
      monia_set_field_error (error, MONIA_ERROR_INVALID_INPUT, "kind",
                             _("Choose what happened: a meeting, a network meeting, a home visit, a call or a note."));
      return NULL;
    }
  if (occurred_at == NULL)
    {
      monia_set_field_error (error, MONIA_ERROR_INVALID_INPUT, "occurred_at",
                             _("Give the day and time it happened."));
      return NULL;
    }
  if (g_str_equal (kind, "note") && trimmed == NULL)
    {
      monia_set_field_error (error, MONIA_ERROR_INVALID_INPUT, "text",
                             _("Write the note before saving it."));
      return NULL;
    }
  if (!check_belongs (store, "goal", goal_id, "case_id", case_id,
                      _("The chosen goal is not one of this case’s goals."), error))
    return set_field (error, "goal_id");
  if (!check_belongs (store, "measure", measure_id, "case_id", case_id,
                      _("The chosen measure is not one of this case’s measures."), error))
    return set_field (error, "measure_id");

  m = batch_create (batch, "event");
  monia_mutation_set_string (m, "case_id", case_id);
  monia_mutation_set_string (m, "kind", kind);
  monia_mutation_set_int (m, "occurred_at", g_date_time_to_unix (occurred_at));
  if (trimmed != NULL)
    monia_mutation_set_string (m, "text", trimmed);
  if (goal_id != NULL)
    monia_mutation_set_string (m, "goal_id", goal_id);
  if (measure_id != NULL)
    monia_mutation_set_string (m, "measure_id", measure_id);

  if (!monia_store_apply (store, batch, error))
    return NULL;
  return g_strdup (monia_mutation_get_record_id (m));
}

char *
monia_case_rate_goal (MoniaStore   *store,
                      const char   *goal_id,
                      int           rating,
                      const char   *comment,
                      const GDate  *rated_on,
                      GError      **error)
{
  g_autoptr(MoniaRecord) goal = NULL;
  g_autoptr(MoniaRecord) case_record = NULL;
  g_autoptr(GPtrArray) batch = batch_new ();
  g_autofree char *trimmed = dup_trimmed (comment);
  MoniaMutation *m;

  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);

  goal = get_record (store, "goal", goal_id, error);
  if (goal == NULL)
    return NULL;
  case_record = get_open_case (store, monia_record_get_string (goal, "case_id"), error);
  if (case_record == NULL)
    return NULL;

  if (rating < 0 || rating > 10)
    {
      monia_set_field_error (error, MONIA_ERROR_INVALID_INPUT, "rating",
                             _("A goal is rated from 0 (no progress) to 10 (reached)."));
      return NULL;
    }
  if (!check_date (rated_on, _("the day of the rating"), "rated_on", error))
    return NULL;

  m = batch_create (batch, "goal_rating");
  monia_mutation_set_string (m, "case_id", monia_record_get_id (case_record));
  monia_mutation_set_string (m, "goal_id", goal_id);
  monia_mutation_set_date (m, "rated_on", rated_on);
  monia_mutation_set_int (m, "rating", rating);
  if (trimmed != NULL)
    monia_mutation_set_string (m, "comment", trimmed);

  /* Rating the goals is what a review is. */
  if (g_strcmp0 (monia_record_get_string (case_record, "status"), "implementation") == 0)
    batch_set_case_status (batch, case_record, "review");

  if (!monia_store_apply (store, batch, error))
    return NULL;
  return g_strdup (monia_mutation_get_record_id (m));
}

/* ---- closure ---- */

gboolean
monia_case_close (MoniaStore   *store,
                  const char   *case_id,
                  const GDate  *closed_on,
                  const char   *reason,
                  const char   *got_help,
                  int           recommend,
                  const char   *comment,
                  GError      **error)
{
  g_autoptr(MoniaRecord) case_record = NULL;
  g_autoptr(GPtrArray) batch = batch_new ();
  g_autofree char *reason_text = dup_trimmed (reason);
  g_autofree char *comment_text = dup_trimmed (comment);
  MoniaMutation *m;
  GDate opened;

  g_return_val_if_fail (MONIA_IS_STORE (store), FALSE);

  case_record = get_open_case (store, case_id, error);
  if (case_record == NULL)
    return FALSE;

  if (!check_date (closed_on, _("the day the case is closed"), "closed_on", error))
    return FALSE;
  g_date_clear (&opened, 1);
  monia_record_get_date (case_record, "opened_on", &opened);
  if (!check_not_before (closed_on, &opened, "closed_on",
                         _("A case cannot be closed before it was opened."), error))
    return FALSE;

  if (reason_text == NULL)
    {
      monia_set_field_error (error, MONIA_ERROR_INVALID_INPUT, "closure_reason",
                             _("Write why the case is closed."));
      return FALSE;
    }
  if (got_help != NULL && got_help[0] != '\0' && LOOKUP (got_help_answers, got_help) == NULL)
    {
      monia_set_field_error (error, MONIA_ERROR_INVALID_INPUT, "got_help",
                             _("Whether the client got the help they sought is answered yes, partly or no."));
      return FALSE;
    }
  if (recommend < -1 || recommend > 10)
    {
      monia_set_field_error (error, MONIA_ERROR_INVALID_INPUT, "recommend",
                             _("How likely the client would recommend the service is a number from 0 to 10."));
      return FALSE;
    }

  m = batch_update (batch, case_record);
  monia_mutation_set_string (m, "status", "closed");
  monia_mutation_set_date (m, "closed_on", closed_on);
  monia_mutation_set_string (m, "closure_reason", reason_text);

  if ((got_help != NULL && got_help[0] != '\0') || recommend >= 0 || comment_text != NULL)
    {
      m = batch_create (batch, "feedback");
      monia_mutation_set_string (m, "case_id", case_id);
      if (got_help != NULL && got_help[0] != '\0')
        monia_mutation_set_string (m, "got_help", got_help);
      if (recommend >= 0)
        monia_mutation_set_int (m, "recommend", recommend);
      if (comment_text != NULL)
        monia_mutation_set_string (m, "comment", comment_text);
      monia_mutation_set_date (m, "given_on", closed_on);
    }

  return monia_store_apply (store, batch, error);
}
