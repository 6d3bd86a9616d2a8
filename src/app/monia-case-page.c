/* monia-case-page.c — one case: overview, assessment, plan, implementation, closure
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-assessment-view.h"
#include "monia-case-ops.h"
#include "monia-case-page-private.h"
#include "monia-case-row.h"
#include "monia-case-section.h"
#include "monia-case-util.h"
#include "monia-closure-view.h"
#include "monia-conflict-group.h"
#include "monia-consent-dialog.h"
#include "monia-implementation-view.h"
#include "monia-pair-dialog.h"
#include "monia-plan-view.h"

struct _MoniaCasePage
{
  AdwBin                  parent_instance;

  MoniaStore             *store;
  char                   *case_id;
  MoniaCalendar          *calendar;
  gboolean                dirty;
  gboolean                filling;      /* the owner rows are being set, not chosen */
  char                   *last_toast;

  AdwComboRow            *owner_row;
  AdwComboRow            *pair_row;
  GtkWidget              *new_pair_button;
  GtkWidget              *record_consent_button;
  MoniaPairDialog        *pair_dialog;        /* weak */
  MoniaConsentDialog     *consent_dialog;     /* weak */

  AdwToastOverlay        *toast_overlay;
  AdwHeaderBar           *header_bar;
  AdwWindowTitle         *window_title;
  AdwViewStack           *stack;
  AdwPreferencesGroup    *access_group;
  AdwActionRow           *access_row;
  AdwPreferencesGroup    *people_group;
  AdwPreferencesGroup    *owner_group;
  AdwPreferencesGroup    *participants_group;
  AdwPreferencesGroup    *consent_group;
  GtkWidget              *assessment_view;
  GtkWidget              *plan_view;
  GtkWidget              *implementation_view;
  GtkWidget              *closure_view;
  GtkWidget              *conflict_group;

  GPtrArray              *overview_rows[4];

  /* How the person at the desk stands to the case (monia-policy.h). */
  MoniaRelation           relation;
  MoniaCaseParts          parts;
  gboolean                may_form_pairs;
};

G_DEFINE_FINAL_TYPE (MoniaCasePage, monia_case_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CASE_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct {
  const char *value;
  const char *label;
} participant_roles[] = {
  { "owner", NC_("participant role", "Responsible worker") },
  { "pair", NC_("participant role", "Work pair") },
  { "member", NC_("participant role", "Team member") },
};

static const struct {
  const char *value;
  const char *label;
} consent_parts[] = {
  { "overview", NC_("consent scope", "overview") },
  { "assessment", NC_("consent scope", "assessment") },
  { "plan", NC_("consent scope", "plan") },
  { "implementation", NC_("consent scope", "implementation") },
};

static const char *
participant_role_to_label (const char *role)
{
  for (guint i = 0; role != NULL && i < G_N_ELEMENTS (participant_roles); i++)
    if (g_str_equal (role, participant_roles[i].value))
      return g_dpgettext2 (NULL, "participant role", participant_roles[i].label);
  return role;
}

static char *
format_scope (const char *scope)
{
  g_auto(GStrv) parts = g_strsplit (scope != NULL ? scope : "", ",", 0);
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  g_auto(GStrv) joined = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *label = g_strstrip (parts[i]);

      for (guint j = 0; j < G_N_ELEMENTS (consent_parts); j++)
        if (g_str_equal (label, consent_parts[j].value))
          label = g_dpgettext2 (NULL, "consent scope", consent_parts[j].label);
      if (label[0] != '\0')
        g_strv_builder_add (labels, label);
    }
  joined = g_strv_builder_end (labels);
  /* Translators: the separator between the parts of a case a consent covers */
  return g_strjoinv (_(", "), joined);
}

/* A record's "name" field, or NULL. */
static char *
dup_name (MoniaStore *store,
          const char *kind,
          const char *id)
{
  g_autoptr(MoniaRecord) record = NULL;

  if (id == NULL)
    return NULL;
  record = monia_store_get (store, kind, id, NULL);
  if (record == NULL)
    return NULL;
  return g_strdup (monia_record_get_string (record, "name"));
}

static GtkWidget *
make_row (const char *title,
          const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  /* People's names and texts are not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title != NULL ? title : "");
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static void
add_overview_row (MoniaCasePage       *self,
                  guint                index,
                  AdwPreferencesGroup *group,
                  const char          *title,
                  const char          *subtitle)
{
  monia_case_section_add_row (group, self->overview_rows[index], make_row (title, subtitle));
}

static void
add_empty_row (MoniaCasePage       *self,
               guint                index,
               AdwPreferencesGroup *group,
               const char          *text)
{
  GtkWidget *row = make_row (text, NULL);

  gtk_widget_add_css_class (row, "dim-label");
  monia_case_section_add_row (group, self->overview_rows[index], row);
}

static void
fill_people (MoniaCasePage *self)
{
  g_autoptr(GPtrArray) links = monia_store_find (self->store, "case_person", "case_id", self->case_id, NULL);

  for (guint i = 0; links != NULL && i < links->len; i++)
    {
      MoniaRecord *link = g_ptr_array_index (links, i);
      g_autoptr(MoniaRecord) person = NULL;
      g_autofree char *born = NULL;
      g_autofree char *subtitle = NULL;
      const char *relation;

      person = monia_store_get (self->store, "person", monia_record_get_string (link, "person_id"), NULL);
      if (person == NULL)
        continue;

      relation = monia_relation_to_label (monia_record_get_string (link, "relation"));
      born = monia_format_iso_date (monia_record_get_string (person, "birth_date"));
      if (born != NULL && relation[0] != '\0')
        /* Translators: a person's relation to the case, then their birth date */
        subtitle = g_strdup_printf (_("%s · born %s"), relation, born);
      else if (born != NULL)
        subtitle = g_strdup_printf (_("Born %s"), born);
      else
        subtitle = g_strdup (relation);

      add_overview_row (self, 0, self->people_group, monia_record_get_string (person, "name"),
                        subtitle[0] != '\0' ? subtitle : NULL);
    }

  if (self->overview_rows[0]->len == 0)
    add_empty_row (self, 0, self->people_group, _("No people linked to the case"));
}

/* Toasts ---------------------------------------------------------------------- */

static void
add_toast (MoniaCasePage *self,
           AdwToast      *toast)
{
  g_free (self->last_toast);
  self->last_toast = g_strdup (adw_toast_get_title (toast));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_error_toast (MoniaCasePage *self,
                  const GError  *error)
{
  AdwToast *toast = adw_toast_new (error->message);

  adw_toast_set_timeout (toast, 8);
  add_toast (self, toast);
}

/* A toast saying what changed, with Undo running @action with @target. */
static void
add_undo_toast (MoniaCasePage *self,
                const char    *title,
                const char    *action,
                GVariant      *target)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, action);
  adw_toast_set_action_target_value (toast, target);
  add_toast (self, toast);
}

/* Who is responsible ------------------------------------------------------------ */

/* Replaces the choices only when they differ, so a row is not rebuilt under
 * the person choosing from it. */
static void
set_choices_if_changed (AdwComboRow *row,
                        GPtrArray   *ids,
                        GPtrArray   *labels)
{
  g_autoptr(GString) key = g_string_new (NULL);
  const char *old_key = g_object_get_data (G_OBJECT (row), "monia-choices-key");

  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (key, "%s\x1f%s\x1e", (char *) g_ptr_array_index (ids, i) ?: "",
                            (char *) g_ptr_array_index (labels, i));
  if (g_strcmp0 (old_key, key->str) == 0)
    return;

  monia_combo_set_choices (row, (const char * const *) ids->pdata, (const char * const *) labels->pdata, ids->len);
  g_object_set_data_full (G_OBJECT (row), "monia-choices-key", g_string_free (g_steal_pointer (&key), FALSE), g_free);
}

static void
fill_owner_choices (MoniaCasePage *self,
                    MoniaRecord   *case_record)
{
  g_autoptr(GListModel) pros = monia_store_list (self->store, "professional");
  g_autoptr(GListModel) pairs = monia_store_list (self->store, "work_pair");
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  const char *pair_id = monia_record_get_string (case_record, "pair_id");
  GDate today;

  g_ptr_array_add (ids, NULL);
  g_ptr_array_add (labels, g_strdup (C_("responsible worker", "No one")));
  for (guint i = 0; i < g_list_model_get_n_items (pros); i++)
    {
      g_autoptr(MoniaRecord) pro = g_list_model_get_item (pros, i);
      char *label = monia_describe_professional (self->store, monia_record_get_id (pro));

      if (label == NULL)
        continue;
      g_ptr_array_add (ids, g_strdup (monia_record_get_id (pro)));
      g_ptr_array_add (labels, label);
    }
  set_choices_if_changed (self->owner_row, ids, labels);

  g_ptr_array_set_size (ids, 0);
  g_ptr_array_set_size (labels, 0);
  g_ptr_array_add (ids, NULL);
  g_ptr_array_add (labels, g_strdup (C_("work pair", "None: the worker alone")));
  monia_get_today (&today);
  for (guint i = 0; i < g_list_model_get_n_items (pairs); i++)
    {
      g_autoptr(MoniaRecord) pair = g_list_model_get_item (pairs, i);

      /* Pairs that ended are not offered, but the case's own still shows. */
      if (!monia_work_pair_is_active (pair, &today) && g_strcmp0 (monia_record_get_id (pair), pair_id) != 0)
        continue;
      g_ptr_array_add (ids, g_strdup (monia_record_get_id (pair)));
      g_ptr_array_add (labels, monia_work_pair_dup_names (self->store, pair));
    }
  set_choices_if_changed (self->pair_row, ids, labels);
}

static void
fill_owner (MoniaCasePage *self,
            MoniaRecord   *case_record)
{
  gboolean closed = g_strcmp0 (monia_record_get_string (case_record, "status"), "closed") == 0;

  self->filling = TRUE;
  fill_owner_choices (self, case_record);
  monia_combo_select_id (self->owner_row, monia_record_get_string (case_record, "owner_id"));
  monia_combo_select_id (self->pair_row, monia_record_get_string (case_record, "pair_id"));
  self->filling = FALSE;

  gtk_widget_set_sensitive (GTK_WIDGET (self->owner_row), !closed && monia_policy_may_assign (self->relation, "owner_id"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->pair_row), !closed && monia_policy_may_assign (self->relation, "pair_id"));
  /* An action's buttons follow whether it is enabled. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.new-pair", !closed && self->may_form_pairs);
}

/* Saves the responsible worker or pair; FALSE puts the row back. */
static gboolean
save_responsible (MoniaCasePage *self,
                  const char    *field,
                  const char    *value,
                  GError       **error)
{
  if (g_str_equal (field, "owner_id"))
    return monia_case_set_owner (self->store, self->case_id, value, error);
  return monia_case_set_pair (self->store, self->case_id, value, error);
}

static void
on_responsible_chosen (MoniaCasePage *self,
                       GParamSpec    *pspec,
                       AdwComboRow   *row)
{
  const char *field = row == self->owner_row ? "owner_id" : "pair_id";
  g_autoptr(MoniaRecord) case_record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old = NULL;
  const char *chosen;
  const char *title;

  if (self->filling)
    return;

  case_record = monia_store_get (self->store, "case", self->case_id, NULL);
  if (case_record == NULL)
    return;
  old = g_strdup (monia_record_get_string (case_record, field));
  chosen = monia_combo_get_selected_id (row);
  if (g_strcmp0 (old, chosen) == 0)
    return;

  if (!save_responsible (self, field, chosen, &error))
    {
      show_error_toast (self, error);
      self->filling = TRUE;
      monia_combo_select_id (row, old);
      self->filling = FALSE;
      return;
    }

  if (row == self->owner_row)
    title = chosen != NULL ? _("Responsible worker changed") : _("The case has no responsible worker now");
  else
    title = chosen != NULL ? _("The case is now the work pair’s") : _("The case is back with the responsible worker alone");
  add_undo_toast (self, title, "case.undo-responsible", g_variant_new ("(ss)", field, old != NULL ? old : ""));
}

static void
undo_responsible_action_cb (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  MoniaCasePage *self = MONIA_CASE_PAGE (widget);
  g_autoptr(GError) error = NULL;
  const char *field, *value;

  g_variant_get (parameter, "(&s&s)", &field, &value);
  if (!g_str_equal (field, "owner_id") && !g_str_equal (field, "pair_id"))
    return;
  if (!save_responsible (self, field, value[0] != '\0' ? value : NULL, &error))
    show_error_toast (self, error);
}

static void
on_pair_formed (MoniaCasePage *self,
                const char    *pair_id)
{
  g_autoptr(MoniaRecord) case_record = monia_store_get (self->store, "case", self->case_id, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *old = NULL;

  if (case_record == NULL)
    return;
  old = g_strdup (monia_record_get_string (case_record, "pair_id"));

  /* Formed from the case: the new pair takes it. */
  if (!monia_case_set_pair (self->store, self->case_id, pair_id, &error))
    {
      show_error_toast (self, error);
      return;
    }
  add_undo_toast (self, _("Work pair formed; the case is now theirs"), "case.undo-responsible",
                  g_variant_new ("(ss)", "pair_id", old != NULL ? old : ""));
}

static void
new_pair_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MoniaCasePage *self = MONIA_CASE_PAGE (widget);
  g_autoptr(MoniaRecord) case_record = NULL;
  MoniaPairDialog *dialog;

  if (self->pair_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->pair_dialog));
      return;
    }

  case_record = monia_store_get (self->store, "case", self->case_id, NULL);
  dialog = monia_pair_dialog_new (self->store,
                                  case_record != NULL ? monia_record_get_string (case_record, "owner_id") : NULL);
  g_signal_connect_object (dialog, "pair-formed", G_CALLBACK (on_pair_formed), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->pair_dialog, dialog);
  monia_present_over (widget, GTK_WINDOW (dialog));
}

static GtkWidget *
make_header_button (const char *label,
                    const char *action_name)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  /* GTK 4.8 would read "_Label Label": the label child is name enough. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  return button;
}

static void
build_owner_rows (MoniaCasePage *self)
{
  self->owner_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->owner_row), _("Responsible Worker"));
  adw_combo_row_set_use_subtitle (self->owner_row, TRUE);
  g_signal_connect_object (self->owner_row, "notify::selected", G_CALLBACK (on_responsible_chosen),
                           self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (self->owner_group, GTK_WIDGET (self->owner_row));

  self->pair_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->pair_row), _("Work Pair"));
  adw_combo_row_set_use_subtitle (self->pair_row, TRUE);
  g_signal_connect_object (self->pair_row, "notify::selected", G_CALLBACK (on_responsible_chosen),
                           self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (self->owner_group, GTK_WIDGET (self->pair_row));

  self->new_pair_button = make_header_button (_("_New Work Pair…"), "case.new-pair");
  adw_preferences_group_set_header_suffix (self->owner_group, self->new_pair_button);

  self->record_consent_button = make_header_button (_("_Record Consent…"), "case.record-consent");
  adw_preferences_group_set_header_suffix (self->consent_group, self->record_consent_button);
}

static gboolean
may_write (MoniaCasePage *self,
           const char    *kind,
           MoniaAccess    access)
{
  return monia_policy_case_allows (self->relation, self->parts, kind, access);
}

/* What the person at the desk may change in this case, by the same policy
 * the server applies: the rest is read-only, and the row at the top says
 * why. With no one named at the desk (a store of one's own, without a
 * server) everything may be changed. */
static void
update_access (MoniaCasePage *self)
{
  const char *me = monia_store_get_author (self->store);
  g_autoptr(MoniaRecord) professional = NULL;
  g_autofree char *parts_text = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *owned_title = NULL;
  const char *title;
  MoniaRole role;
  GDate today;

  monia_policy_today (&today);
  self->relation = MONIA_RELATION_OWNER;
  self->parts = MONIA_CASE_PART_ALL;
  self->may_form_pairs = TRUE;
  if (me != NULL)
    {
      self->relation = monia_case_relation (self->store, self->case_id, me, &today, &self->parts, NULL);
      professional = monia_store_get (self->store, "professional", me, NULL);
      if (professional != NULL && monia_role_from_string (monia_record_get_string (professional, "role"), &role))
        self->may_form_pairs = monia_policy_role_allows (role, "work_pair", MONIA_ACCESS_CREATE);
    }

  switch (self->relation)
    {
    case MONIA_RELATION_OWNER:
    case MONIA_RELATION_PAIR:
      gtk_widget_set_visible (GTK_WIDGET (self->access_group), FALSE);
      return;
    case MONIA_RELATION_ORG_PARTICIPANT:
      title = _("You take part in this case");
      break;
    case MONIA_RELATION_CONSENT_PARTICIPANT:
      if (self->parts == MONIA_CASE_PART_NONE)
        {
          title = _("No valid consent lets you see this case");
          break;
        }
      scope = monia_case_parts_to_scope (self->parts);
      parts_text = format_scope (scope);
      /* Translators: the parts of a case the client's consent lets a professional see */
      owned_title = g_strdup_printf (_("The client’s consent lets you see: %s"), parts_text);
      title = owned_title;
      break;
    case MONIA_RELATION_LEAD:
      title = _("You lead this case’s team");
      break;
    case MONIA_RELATION_INTAKE:
    case MONIA_RELATION_ADMIN:
    case MONIA_RELATION_NONE:
    case MONIA_N_RELATIONS:
    default:
      title = _("You are not on this case’s team");
      break;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->access_row), title);
  adw_action_row_set_subtitle (self->access_row,
                               monia_policy_explain (self->relation, "case", MONIA_ACCESS_UPDATE));
  gtk_widget_set_visible (GTK_WIDGET (self->access_group), TRUE);
}

/* What a participant may see, in a few words. */
static char *
describe_visible_parts (MoniaCasePage *self,
                        MoniaRecord   *participant,
                        const GDate   *today)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *parts_text = NULL;
  MoniaCaseParts parts;
  GDate until;

  parts = monia_participant_visible_parts (self->store, participant, today, &error);
  if (error != NULL)
    return g_strdup (error->message);
  if (parts == MONIA_CASE_PART_ALL)
    return g_strdup (_("Sees the whole case"));
  if (parts != MONIA_CASE_PART_NONE)
    {
      scope = monia_case_parts_to_scope (parts);
      parts_text = format_scope (scope);
      /* Translators: the parts of a case a participant may see, such as "overview, plan" */
      return g_strdup_printf (_("Sees: %s"), parts_text);
    }

  g_date_clear (&until, 1);
  if (monia_record_get_date (participant, "active_until", &until) && g_date_compare (&until, today) < 0)
    return g_strdup (_("Sees nothing: the participation has ended"));
  return g_strdup (_("Sees nothing: no valid consent covers them"));
}

static void
fill_participants (MoniaCasePage *self)
{
  g_autoptr(GPtrArray) participants = monia_store_find (self->store, "participant", "case_id", self->case_id, NULL);
  GDate today;

  monia_policy_today (&today);
  for (guint i = 0; participants != NULL && i < participants->len; i++)
    {
      MoniaRecord *participant = g_ptr_array_index (participants, i);
      g_autofree char *name = dup_name (self->store, "professional",
                                        monia_record_get_string (participant, "professional_id"));
      g_autofree char *org = dup_name (self->store, "organisation",
                                       monia_record_get_string (participant, "organisation_id"));
      const char *role = participant_role_to_label (monia_record_get_string (participant, "role"));
      g_autofree char *who = NULL;
      g_autofree char *sees = describe_visible_parts (self, participant, &today);
      g_autofree char *subtitle = NULL;

      if (org != NULL && role != NULL)
        /* Translators: a participant's organisation, then their role in the case */
        who = g_strdup_printf (_("%s · %s"), org, role);
      else
        who = g_strdup (org != NULL ? org : role);

      subtitle = who != NULL ? g_strconcat (who, "\n", sees, NULL) : g_strdup (sees);
      add_overview_row (self, 2, self->participants_group, name != NULL ? name : _("Unknown professional"),
                        subtitle);
    }

  if (self->overview_rows[2]->len == 0)
    add_empty_row (self, 2, self->participants_group, _("No participants yet"));
}

static void
revoke_consent_cb (GtkButton     *button,
                   MoniaCasePage *self)
{
  const char *consent_id = g_object_get_data (G_OBJECT (button), "monia-consent-id");
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup (consent_id);
  GDate today;

  monia_get_today (&today);
  if (!monia_case_revoke_consent (self->store, id, &today, &error))
    {
      show_error_toast (self, error);
      return;
    }
  add_undo_toast (self, _("Consent revoked"), "case.undo-revoke", g_variant_new_string (id));
}

static void
undo_revoke_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  MoniaCasePage *self = MONIA_CASE_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (!monia_case_revoke_consent (self->store, g_variant_get_string (parameter, NULL), NULL, &error))
    show_error_toast (self, error);
}

static void
on_consent_recorded (MoniaCasePage *self)
{
  add_toast (self, adw_toast_new (_("Consent recorded")));
}

static void
record_consent_action_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  MoniaCasePage *self = MONIA_CASE_PAGE (widget);
  MoniaConsentDialog *dialog;

  if (self->consent_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->consent_dialog));
      return;
    }

  dialog = monia_consent_dialog_new (self->store, self->case_id);
  g_signal_connect_object (dialog, "consent-recorded", G_CALLBACK (on_consent_recorded), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->consent_dialog, dialog);
  monia_present_over (widget, GTK_WINDOW (dialog));
}

static void
fill_consents (MoniaCasePage *self,
               gboolean       closed)
{
  g_autoptr(GPtrArray) consents = monia_store_find (self->store, "consent", "case_id", self->case_id, NULL);
  GDate today;

  monia_policy_today (&today);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.record-consent",
                                 !closed && may_write (self, "consent", MONIA_ACCESS_CREATE));
  for (guint i = 0; consents != NULL && i < consents->len; i++)
    {
      MoniaRecord *consent = g_ptr_array_index (consents, i);
      g_autofree char *org = dup_name (self->store, "organisation", monia_record_get_string (consent, "organisation_id"));
      g_autofree char *pro = dup_name (self->store, "professional", monia_record_get_string (consent, "professional_id"));
      g_autofree char *giver = dup_name (self->store, "person", monia_record_get_string (consent, "person_id"));
      g_autofree char *scope = format_scope (monia_record_get_string (consent, "scope"));
      g_autofree char *until = monia_format_iso_date (monia_record_get_string (consent, "valid_until"));
      g_autofree char *revoked = monia_format_iso_date (monia_record_get_string (consent, "revoked_on"));
      g_autofree char *state = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *title = NULL;
      gboolean valid = monia_consent_is_valid (consent, &today);
      GtkWidget *row;

      if (org != NULL && pro != NULL)
        /* Translators: an organisation, then the professional there */
        title = g_strdup_printf (_("%s, %s"), org, pro);
      else
        title = g_strdup (org != NULL ? org : pro != NULL ? pro : _("Unknown organisation"));

      if (revoked != NULL)
        /* Translators: %s is the day a consent was revoked */
        state = g_strdup_printf (_("Revoked %s"), revoked);
      else if (!valid)
        /* Translators: the parts of the case a consent covered, then its last day */
        state = g_strdup_printf (_("Covered: %s · expired %s"), scope, until);
      else if (until != NULL)
        /* Translators: the parts of the case a consent covers, then its last day */
        state = g_strdup_printf (_("May see: %s · until %s"), scope, until);
      else
        state = g_strdup_printf (_("May see: %s"), scope);

      if (giver != NULL)
        /* Translators: what a consent covers, then who gave it */
        subtitle = g_strdup_printf (_("%s\nGiven by %s"), state, giver);
      else
        subtitle = g_steal_pointer (&state);

      row = make_row (title, subtitle);
      if (revoked == NULL && !closed && may_write (self, "consent", MONIA_ACCESS_UPDATE))
        {
          GtkWidget *button = gtk_button_new_with_label (_("Revoke"));
          /* Translators: what a screen reader says for a consent's Revoke
           * button; %s is who the consent was given to */
          g_autofree char *accessible = g_strdup_printf (_("Revoke consent for %s"), title);

          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (button, accessible);
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
          g_object_set_data_full (G_OBJECT (button), "monia-consent-id",
                                  g_strdup (monia_record_get_id (consent)), g_free);
          g_signal_connect_object (button, "clicked", G_CALLBACK (revoke_consent_cb), self, 0);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }
      if (!valid)
        gtk_widget_add_css_class (row, "dim-label");
      monia_case_section_add_row (self->consent_group, self->overview_rows[3], row);
    }

  if (self->overview_rows[3]->len == 0)
    add_empty_row (self, 3, self->consent_group, _("No consents recorded"));
}

/* Wide, the switcher takes the title's place: the case's name moves to the
 * start of the header bar. */
static void
refresh_overview (MoniaCasePage *self)
{
  g_autoptr(MoniaRecord) case_record = NULL;
  AdwPreferencesGroup *groups[] = { self->people_group, self->owner_group,
                                    self->participants_group, self->consent_group };
  gboolean closed;

  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    monia_case_section_clear_rows (groups[i], self->overview_rows[i]);

  case_record = monia_store_get (self->store, "case", self->case_id, NULL);
  if (case_record == NULL)
    {
      adw_window_title_set_title (self->window_title, _("Case Not Found"));
      adw_window_title_set_subtitle (self->window_title, "");
      return;
    }

  adw_window_title_set_title (self->window_title, monia_record_get_string (case_record, "title"));
  adw_window_title_set_subtitle (self->window_title,
                                 monia_case_status_to_label (monia_record_get_string (case_record, "status")));

  closed = g_strcmp0 (monia_record_get_string (case_record, "status"), "closed") == 0;
  update_access (self);
  fill_people (self);
  fill_owner (self, case_record);
  fill_participants (self);
  fill_consents (self, closed);
}

static void
refresh_all (MoniaCasePage *self)
{
  self->dirty = FALSE;
  refresh_overview (self);
  /* Each section is read-only where the policy says so; the overview says why. */
  gtk_widget_set_sensitive (self->assessment_view, may_write (self, "assessment", MONIA_ACCESS_UPDATE));
  gtk_widget_set_sensitive (self->plan_view, may_write (self, "plan", MONIA_ACCESS_UPDATE));
  gtk_widget_set_sensitive (self->implementation_view, may_write (self, "event", MONIA_ACCESS_CREATE));
  gtk_widget_set_sensitive (self->closure_view, may_write (self, "case", MONIA_ACCESS_UPDATE) &&
                                                self->relation != MONIA_RELATION_LEAD);
  monia_case_section_refresh (MONIA_CASE_SECTION (self->assessment_view));
  monia_case_section_refresh (MONIA_CASE_SECTION (self->plan_view));
  monia_case_section_refresh (MONIA_CASE_SECTION (self->implementation_view));
  monia_case_section_refresh (MONIA_CASE_SECTION (self->closure_view));
}

static void
on_record_changed (MoniaCasePage *self,
                   const char    *kind,
                   const char    *id)
{
  /* Help requests and audit events are shown elsewhere. */
  if (g_strcmp0 (kind, "help_request") != 0 &&
      g_strcmp0 (kind, "audit_event") != 0 &&
      g_strcmp0 (kind, "service") != 0)
    self->dirty = TRUE;
}

static void
on_committed (MoniaCasePage *self)
{
  if (self->dirty)
    refresh_all (self);
}

/* Who looked at which case, and when, is part of the case's record: each
 * opening of the page is one audit event, sent with the next sync. */
static void
record_view (MoniaCasePage *self)
{
  g_autoptr(MoniaMutation) event = monia_mutation_new_create ("audit_event");
  g_autoptr(GError) error = NULL;

  monia_mutation_set_int (event, "at", g_get_real_time () / G_USEC_PER_SEC);
  monia_mutation_set_string (event, "actor_id", monia_store_get_author (self->store));
  monia_mutation_set_string (event, "action", "view");
  monia_mutation_set_string (event, "record_kind", "case");
  monia_mutation_set_string (event, "record_id", self->case_id);
  monia_mutation_set_string (event, "case_id", self->case_id);
  monia_mutation_set_string (event, "device_id", monia_store_get_device_id (self->store));
  if (!monia_store_apply_one (self->store, event, &error))
    g_warning ("Could not record the view of a case: %s", error->message);
}

static void
monia_case_page_constructed (GObject *object)
{
  MoniaCasePage *self = MONIA_CASE_PAGE (object);
  GtkWidget *sections[] = { self->assessment_view, self->plan_view,
                            self->implementation_view, self->closure_view };

  G_OBJECT_CLASS (monia_case_page_parent_class)->constructed (object);

  g_return_if_fail (MONIA_IS_STORE (self->store));
  g_return_if_fail (self->case_id != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    monia_case_section_bind (MONIA_CASE_SECTION (sections[i]), self->store, self->case_id, self->calendar);

  g_signal_connect_object (self->store, "record-changed", G_CALLBACK (on_record_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "committed", G_CALLBACK (on_committed),
                           self, G_CONNECT_SWAPPED);
  refresh_all (self);

  /* Above the sections: a conflict may be in any of them. */
  self->conflict_group = monia_conflict_group_new (self->store, self->case_id);
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->header_bar))),
                              self->conflict_group, GTK_WIDGET (self->header_bar));

  record_view (self);
}

static void
monia_case_page_dispose (GObject *object)
{
  MoniaCasePage *self = MONIA_CASE_PAGE (object);

  g_clear_weak_pointer (&self->pair_dialog);
  g_clear_weak_pointer (&self->consent_dialog);
  /* Edits saved while the sections go away need not be shown any more. */
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  /* AdwBin unparents its child itself; the template must not do it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MONIA_TYPE_CASE_PAGE);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (monia_case_page_parent_class)->dispose (object);
}

static void
monia_case_page_finalize (GObject *object)
{
  MoniaCasePage *self = MONIA_CASE_PAGE (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->overview_rows); i++)
    g_ptr_array_unref (self->overview_rows[i]);
  g_clear_pointer (&self->calendar, monia_calendar_unref);
  g_free (self->case_id);
  g_free (self->last_toast);

  G_OBJECT_CLASS (monia_case_page_parent_class)->finalize (object);
}

static void
monia_case_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MoniaCasePage *self = MONIA_CASE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_CASE_ID:
      g_value_set_string (value, self->case_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
monia_case_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MoniaCasePage *self = MONIA_CASE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_CASE_ID:
      self->case_id = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
monia_case_page_class_init (MoniaCasePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = monia_case_page_constructed;
  object_class->dispose = monia_case_page_dispose;
  object_class->finalize = monia_case_page_finalize;
  object_class->get_property = monia_case_page_get_property;
  object_class->set_property = monia_case_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         MONIA_TYPE_STORE,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_CASE_ID] =
    g_param_spec_string ("case-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MONIA_TYPE_ASSESSMENT_VIEW);
  g_type_ensure (MONIA_TYPE_PLAN_VIEW);
  g_type_ensure (MONIA_TYPE_IMPLEMENTATION_VIEW);
  g_type_ensure (MONIA_TYPE_CLOSURE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/monia-case-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MoniaCasePage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MoniaCasePage, header_bar);
  gtk_widget_class_bind_template_child (widget_class, MoniaCasePage, window_title);
  gtk_widget_class_bind_template_child (widget_class, MoniaCasePage, stack);
  gtk_widget_class_bind_template_child (widget_class, MoniaCasePage, access_group);
  gtk_widget_class_bind_template_child (widget_class, MoniaCasePage, access_row);
  gtk_widget_class_bind_template_child (widget_class, MoniaCasePage, people_group);
  gtk_widget_class_bind_template_child (widget_class, MoniaCasePage, owner_group);
  gtk_widget_class_bind_template_child (widget_class, MoniaCasePage, participants_group);
  gtk_widget_class_bind_template_child (widget_class, MoniaCasePage, consent_group);
  gtk_widget_class_bind_template_child (widget_class, MoniaCasePage, assessment_view);
  gtk_widget_class_bind_template_child (widget_class, MoniaCasePage, plan_view);
  gtk_widget_class_bind_template_child (widget_class, MoniaCasePage, implementation_view);
  gtk_widget_class_bind_template_child (widget_class, MoniaCasePage, closure_view);

  gtk_widget_class_install_action (widget_class, "case.new-pair", NULL, new_pair_action_cb);
  gtk_widget_class_install_action (widget_class, "case.record-consent", NULL, record_consent_action_cb);
  gtk_widget_class_install_action (widget_class, "case.undo-responsible", "(ss)", undo_responsible_action_cb);
  gtk_widget_class_install_action (widget_class, "case.undo-revoke", "s", undo_revoke_action_cb);

  gtk_widget_class_set_css_name (widget_class, "monia-case-page");
}

static void
monia_case_page_init (MoniaCasePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (self->overview_rows); i++)
    self->overview_rows[i] = g_ptr_array_new ();
  self->calendar = monia_calendar_new_from_settings ();
  build_owner_rows (self);
}

GtkWidget *
monia_case_page_new (MoniaStore *store,
                     const char *case_id)
{
  g_return_val_if_fail (MONIA_IS_STORE (store), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  return g_object_new (MONIA_TYPE_CASE_PAGE,
                       "store", store,
                       "case-id", case_id,
                       NULL);
}

MoniaStore *
monia_case_page_get_store (MoniaCasePage *self)
{
  g_return_val_if_fail (MONIA_IS_CASE_PAGE (self), NULL);

  return self->store;
}

const char *
monia_case_page_get_case_id (MoniaCasePage *self)
{
  g_return_val_if_fail (MONIA_IS_CASE_PAGE (self), NULL);

  return self->case_id;
}

AdwHeaderBar *
monia_case_page_get_header_bar (MoniaCasePage *self)
{
  g_return_val_if_fail (MONIA_IS_CASE_PAGE (self), NULL);

  return self->header_bar;
}

void
monia_case_page_show_section (MoniaCasePage *self,
                              const char    *name)
{
  g_return_if_fail (MONIA_IS_CASE_PAGE (self));
  g_return_if_fail (name != NULL);

  adw_view_stack_set_visible_child_name (self->stack, name);
}

const char *
_monia_case_page_get_last_toast (MoniaCasePage *self)
{
  g_return_val_if_fail (MONIA_IS_CASE_PAGE (self), NULL);

  return self->last_toast;
}

MoniaConflictGroup *
_monia_case_page_get_conflict_group (MoniaCasePage *self)
{
  g_return_val_if_fail (MONIA_IS_CASE_PAGE (self), NULL);

  return MONIA_CONFLICT_GROUP (self->conflict_group);
}
