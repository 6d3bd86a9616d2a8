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
#include "monia-participant-dialog.h"
#include "monia-participant-row.h"
#include "monia-person-dialog.h"
#include "monia-person-row.h"
#include "monia-picker-row.h"
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

  MoniaPickerRow         *owner_row;
  MoniaPickerRow         *pair_row;
  GtkWidget              *new_pair_button;
  GtkWidget              *record_consent_button;
  MoniaPairDialog        *pair_dialog;        /* weak */
  MoniaConsentDialog     *consent_dialog;     /* weak */
  GtkWindow              *people_dialog;      /* weak: a person or participant dialog */
  GListModel             *people;             /* the case's case_person records */
  GListModel             *participants;       /* the case's participant records */
  gboolean                people_dirty;       /* a person's details changed */

  AdwToastOverlay        *toast_overlay;
  AdwHeaderBar           *header_bar;
  AdwWindowTitle         *window_title;
  AdwViewStack           *stack;
  AdwPreferencesGroup    *access_group;
  AdwActionRow           *access_row;
  AdwPreferencesGroup    *people_group;
  GtkListBox             *people_list;
  GtkListBox             *participants_list;
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
} consent_parts[] = {
  { "overview", NC_("consent scope", "overview") },
  { "assessment", NC_("consent scope", "assessment") },
  { "plan", NC_("consent scope", "plan") },
  { "implementation", NC_("consent scope", "implementation") },
};

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
add_empty_row (MoniaCasePage       *self,
               guint                index,
               AdwPreferencesGroup *group,
               const char          *text)
{
  GtkWidget *row = make_row (text, NULL);

  gtk_widget_add_css_class (row, "dim-label");
  monia_case_section_add_row (group, self->overview_rows[index], row);
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

/* The pickers keep their lists when nothing changed, so a list is not
 * rebuilt under the person choosing from it. */
static void
fill_owner_choices (MoniaCasePage *self,
                    MoniaRecord   *case_record)
{
  g_autoptr(GListModel) pros = monia_choices_professionals (self->store, C_("responsible worker", "No one"));
  g_autoptr(GListModel) pairs = monia_store_list (self->store, "work_pair");
  g_autoptr(GListStore) pair_choices = monia_choice_list_new ();
  const char *pair_id = monia_record_get_string (case_record, "pair_id");
  GDate today;

  monia_picker_row_set_choices (self->owner_row, pros);

  monia_choice_list_add (pair_choices, NULL, C_("work pair", "None: the worker alone"), NULL);
  monia_get_today (&today);
  for (guint i = 0; i < g_list_model_get_n_items (pairs); i++)
    {
      g_autoptr(MoniaRecord) pair = g_list_model_get_item (pairs, i);
      g_autofree char *names = NULL;
      g_autofree char *team = NULL;
      g_autofree char *since = NULL;
      g_autofree char *line = NULL;

      /* Pairs that ended are not offered, but the case's own still shows. */
      if (!monia_work_pair_is_active (pair, &today) && g_strcmp0 (monia_record_get_id (pair), pair_id) != 0)
        continue;
      names = monia_work_pair_dup_names (self->store, pair);
      team = dup_name (self->store, "team", monia_record_get_string (pair, "team_id"));
      since = monia_format_iso_date (monia_record_get_string (pair, "active_from"));
      if (team != NULL && since != NULL)
        /* Translators: a work pair's team, then the day it started */
        line = g_strdup_printf (_("%s · since %s"), team, since);
      else if (since != NULL)
        /* Translators: %s is the day a work pair started */
        line = g_strdup_printf (_("Since %s"), since);
      else
        line = g_strdup (team);
      monia_choice_list_add (pair_choices, monia_record_get_id (pair), names, line);
    }
  monia_picker_row_set_choices (self->pair_row, G_LIST_MODEL (pair_choices));
}

static void
fill_owner (MoniaCasePage *self,
            MoniaRecord   *case_record)
{
  gboolean closed = g_strcmp0 (monia_record_get_string (case_record, "status"), "closed") == 0;

  self->filling = TRUE;
  fill_owner_choices (self, case_record);
  monia_picker_row_select_id (self->owner_row, monia_record_get_string (case_record, "owner_id"));
  monia_picker_row_select_id (self->pair_row, monia_record_get_string (case_record, "pair_id"));
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
on_responsible_chosen (MoniaCasePage  *self,
                       GParamSpec     *pspec,
                       MoniaPickerRow *row)
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
  chosen = monia_picker_row_get_selected_id (row);
  if (g_strcmp0 (old, chosen) == 0)
    return;

  /* Refused, the message stays at the row, which goes back to what it was. */
  monia_picker_row_set_error (row, NULL);
  if (!save_responsible (self, field, chosen, &error))
    {
      self->filling = TRUE;
      monia_picker_row_select_id (row, old);
      self->filling = FALSE;
      monia_picker_row_set_error (row, error->message);
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
  self->owner_row = MONIA_PICKER_ROW (monia_picker_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->owner_row), _("Responsible Worker"));
  g_signal_connect_object (self->owner_row, "notify::selected-id", G_CALLBACK (on_responsible_chosen),
                           self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (self->owner_group, GTK_WIDGET (self->owner_row));

  self->pair_row = MONIA_PICKER_ROW (monia_picker_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->pair_row), _("Work Pair"));
  g_signal_connect_object (self->pair_row, "notify::selected-id", G_CALLBACK (on_responsible_chosen),
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
open_consent_dialog (MoniaCasePage *self,
                     const char    *professional_id)
{
  MoniaConsentDialog *dialog;

  if (self->consent_dialog != NULL)
    {
      if (professional_id != NULL)
        monia_consent_dialog_set_recipient (self->consent_dialog, professional_id);
      gtk_window_present (GTK_WINDOW (self->consent_dialog));
      return;
    }

  dialog = monia_consent_dialog_new (self->store, self->case_id);
  if (professional_id != NULL)
    monia_consent_dialog_set_recipient (dialog, professional_id);
  g_signal_connect_object (dialog, "consent-recorded", G_CALLBACK (on_consent_recorded), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->consent_dialog, dialog);
  monia_present_over (GTK_WIDGET (self), GTK_WINDOW (dialog));
}

static void
record_consent_action_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  open_consent_dialog (MONIA_CASE_PAGE (widget), NULL);
}

/* People and participants ------------------------------------------------- */

static GtkWidget *
create_person_row (gpointer item,
                   gpointer user_data)
{
  MoniaCasePage *self = user_data;

  return monia_person_row_new (self->store, item);
}

static GtkWidget *
create_participant_row (gpointer item,
                        gpointer user_data)
{
  MoniaCasePage *self = user_data;

  return monia_participant_row_new (self->store, item);
}

static GtkWidget *
make_placeholder (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_add_css_class (label, "dim-label");
  return label;
}

/* Rows follow the store's live lists; what they show of other records (a
 * person's name, a consent that changes what a participant sees) is
 * refreshed in place. */
static void
refresh_people_rows (MoniaCasePage *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->people_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (MONIA_IS_PERSON_ROW (row))
      monia_person_row_refresh (MONIA_PERSON_ROW (row));
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->participants_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (MONIA_IS_PARTICIPANT_ROW (row))
      monia_participant_row_refresh (MONIA_PARTICIPANT_ROW (row));
}

static void
bind_people (MoniaCasePage *self)
{
  self->people = monia_store_list_by_ref (self->store, "case_person", "case_id", self->case_id);
  self->participants = monia_store_list_by_ref (self->store, "participant", "case_id", self->case_id);
  gtk_list_box_bind_model (self->people_list, self->people, create_person_row, self, NULL);
  gtk_list_box_bind_model (self->participants_list, self->participants, create_participant_row, self, NULL);
  gtk_list_box_set_placeholder (self->people_list, make_placeholder (_("No people linked to the case")));
  gtk_list_box_set_placeholder (self->participants_list, make_placeholder (_("No participants yet")));
}

/* Only the owner and the pair change who is in the case, as the server
 * says: for anyone else the buttons are off and the group says why. */
static void
update_people_access (MoniaCasePage *self,
                      gboolean       closed)
{
  gboolean may_link = !closed && may_write (self, "case_person", MONIA_ACCESS_CREATE);
  gboolean may_edit = !closed && may_write (self, "person", MONIA_ACCESS_UPDATE);
  gboolean may_take_part = !closed && may_write (self, "participant", MONIA_ACCESS_CREATE);
  const char *why = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.add-person", may_link);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.edit-person", may_edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.add-participant", may_take_part);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.edit-participant", may_take_part);

  if (closed)
    why = _("The case is closed; closed cases cannot be changed.");
  else if (!may_link)
    why = monia_policy_explain (self->relation, "case_person", MONIA_ACCESS_CREATE);
  adw_preferences_group_set_description (self->people_group, why);
  if (!closed && !may_take_part)
    why = monia_policy_explain (self->relation, "participant", MONIA_ACCESS_CREATE);
  adw_preferences_group_set_description (self->participants_group, why);
}

static void
present_people_dialog (MoniaCasePage *self,
                       GtkWindow     *dialog)
{
  if (self->people_dialog != NULL)
    gtk_window_destroy (self->people_dialog);
  g_set_weak_pointer (&self->people_dialog, dialog);
  monia_present_over (GTK_WIDGET (self), dialog);
}

static void
on_person_saved (MoniaCasePage *self,
                 const char    *person_id)
{
  add_toast (self, adw_toast_new (_("Saved")));
}

static void
on_person_removed (MoniaCasePage *self,
                   const char    *person_id,
                   const char    *relation)
{
  add_undo_toast (self, _("The person was removed from the case"), "case.undo-remove-person",
                  g_variant_new ("(ss)", person_id, relation != NULL ? relation : ""));
}

static void
open_person_dialog (MoniaCasePage *self,
                    const char    *person_id)
{
  gboolean may_link = may_write (self, "case_person", MONIA_ACCESS_CREATE);
  MoniaPersonDialog *dialog = monia_person_dialog_new (self->store, self->case_id, person_id, may_link);

  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_person_saved), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "removed", G_CALLBACK (on_person_removed), self, G_CONNECT_SWAPPED);
  present_people_dialog (self, GTK_WINDOW (dialog));
}

static void
add_person_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  open_person_dialog (MONIA_CASE_PAGE (widget), NULL);
}

static void
edit_person_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  open_person_dialog (MONIA_CASE_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
undo_remove_person_action_cb (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  MoniaCasePage *self = MONIA_CASE_PAGE (widget);
  g_autoptr(GError) error = NULL;
  const char *person_id, *relation;

  g_variant_get (parameter, "(&s&s)", &person_id, &relation);
  if (!monia_case_link_person (self->store, self->case_id, person_id, relation[0] != '\0' ? relation : NULL, &error))
    show_error_toast (self, error);
}

static void open_consent_dialog (MoniaCasePage *self,
                                 const char    *professional_id);

static void
on_consent_offer_response (MoniaCasePage    *self,
                           const char       *response,
                           AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "record") == 0)
    open_consent_dialog (self, g_object_get_data (G_OBJECT (dialog), "monia-professional-id"));
}

/* A professional of another organisation sees nothing of the case until
 * the client's consent covers them: offer to record it now. */
static void
offer_consent (MoniaCasePage *self,
               const char    *participant_id)
{
  g_autoptr(MoniaRecord) participant = monia_store_get (self->store, "participant", participant_id, NULL);
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;
  const char *pro_id;
  GtkWidget *dialog;
  GtkRoot *root;
  GDate today;

  if (participant == NULL)
    return;
  pro_id = monia_record_get_string (participant, "professional_id");
  monia_policy_today (&today);
  if (!monia_case_is_other_organisation (self->store, self->case_id, pro_id) ||
      monia_participant_visible_parts (self->store, participant, &today, NULL) != MONIA_CASE_PART_NONE ||
      !may_write (self, "consent", MONIA_ACCESS_CREATE))
    return;

  name = dup_name (self->store, "professional", pro_id);
  /* Translators: %s is a professional's name */
  body = g_strdup_printf (_("%s works for another organisation and sees nothing of the case until the "
                            "client’s consent covers them."), name != NULL ? name : "");
  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Record the Client’s Consent?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "later", _("_Not Now"),
                                    "record", _("_Record Consent…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "record", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "record");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "later");
  g_object_set_data_full (G_OBJECT (dialog), "monia-professional-id", g_strdup (pro_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_consent_offer_response), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_participant_added (MoniaCasePage *self,
                      const char    *participant_id)
{
  add_toast (self, adw_toast_new (_("Saved")));
  offer_consent (self, participant_id);
}

static void
on_participant_removed (MoniaCasePage *self,
                        const char    *participant_id)
{
  add_toast (self, adw_toast_new (_("The participant was removed from the case")));
}

static void
open_participant_dialog (MoniaCasePage *self,
                         const char    *participant_id)
{
  MoniaParticipantDialog *dialog = monia_participant_dialog_new (self->store, self->case_id, participant_id);

  g_signal_connect_object (dialog, "saved",
                           participant_id == NULL ? G_CALLBACK (on_participant_added) : G_CALLBACK (on_person_saved),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "removed", G_CALLBACK (on_participant_removed), self, G_CONNECT_SWAPPED);
  present_people_dialog (self, GTK_WINDOW (dialog));
}

static void
add_participant_action_cb (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  open_participant_dialog (MONIA_CASE_PAGE (widget), NULL);
}

static void
edit_participant_action_cb (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  open_participant_dialog (MONIA_CASE_PAGE (widget), g_variant_get_string (parameter, NULL));
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
  update_people_access (self, closed);
  fill_owner (self, case_record);
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
  /* The rows' own lists follow their records; these change what they show. */
  if (g_strcmp0 (kind, "person") == 0 || g_strcmp0 (kind, "professional") == 0 ||
      g_strcmp0 (kind, "organisation") == 0 || g_strcmp0 (kind, "consent") == 0 ||
      g_strcmp0 (kind, "case") == 0 || g_strcmp0 (kind, "participant") == 0)
    self->people_dirty = TRUE;
}

static void
on_committed (MoniaCasePage *self)
{
  if (self->dirty)
    refresh_all (self);
  if (self->people_dirty)
    refresh_people_rows (self);
  self->people_dirty = FALSE;
}

/* Who looked at which case, and when, is part of the case's record: each
 * opening of the page is one audit event, sent with the next sync. */
static void
record_view (MoniaCasePage *self)
{
  g_autoptr(GError) error = NULL;

  if (!monia_audit_record_case_view (self->store, self->case_id, &error))
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

  bind_people (self);
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
  if (self->people_dialog != NULL)
    gtk_window_destroy (self->people_dialog);
  g_clear_weak_pointer (&self->people_dialog);
  /* Edits saved while the sections go away need not be shown any more. */
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  /* AdwBin unparents its child itself; the template must not do it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MONIA_TYPE_CASE_PAGE);
  g_clear_object (&self->people);
  g_clear_object (&self->participants);
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
  gtk_widget_class_bind_template_child (widget_class, MoniaCasePage, people_list);
  gtk_widget_class_bind_template_child (widget_class, MoniaCasePage, participants_list);
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
  gtk_widget_class_install_action (widget_class, "case.add-person", NULL, add_person_action_cb);
  gtk_widget_class_install_action (widget_class, "case.edit-person", "s", edit_person_action_cb);
  gtk_widget_class_install_action (widget_class, "case.undo-remove-person", "(ss)", undo_remove_person_action_cb);
  gtk_widget_class_install_action (widget_class, "case.add-participant", NULL, add_participant_action_cb);
  gtk_widget_class_install_action (widget_class, "case.edit-participant", "s", edit_participant_action_cb);

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
