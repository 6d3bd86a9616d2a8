/* monia-case-page.c — one case: overview, assessment, plan, implementation, closure
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-assessment-view.h"
#include "monia-case-ops.h"
#include "monia-case-page.h"
#include "monia-case-row.h"
#include "monia-case-section.h"
#include "monia-case-util.h"
#include "monia-closure-view.h"
#include "monia-implementation-view.h"
#include "monia-plan-view.h"

struct _MoniaCasePage
{
  AdwBin                  parent_instance;

  MoniaStore             *store;
  char                   *case_id;
  MoniaCalendar          *calendar;
  gboolean                dirty;

  AdwToastOverlay        *toast_overlay;
  AdwHeaderBar           *header_bar;
  AdwWindowTitle         *window_title;
  AdwViewStack           *stack;
  AdwPreferencesGroup    *people_group;
  AdwPreferencesGroup    *owner_group;
  AdwPreferencesGroup    *participants_group;
  AdwPreferencesGroup    *consent_group;
  GtkWidget              *assessment_view;
  GtkWidget              *plan_view;
  GtkWidget              *implementation_view;
  GtkWidget              *closure_view;

  GPtrArray              *overview_rows[4];
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

static char *
describe_professional (MoniaStore *store,
                       const char *professional_id,
                       char      **subtitle)
{
  g_autoptr(MoniaRecord) pro = NULL;
  g_autofree char *org = NULL;
  const char *profession;

  pro = professional_id != NULL ? monia_store_get (store, "professional", professional_id, NULL) : NULL;
  if (pro == NULL)
    {
      *subtitle = NULL;
      return NULL;
    }

  profession = monia_record_get_string (pro, "profession");
  org = dup_name (store, "organisation", monia_record_get_string (pro, "organisation_id"));
  if (profession != NULL && org != NULL)
    /* Translators: a professional's profession, then their organisation */
    *subtitle = g_strdup_printf (_("%s · %s"), profession, org);
  else
    *subtitle = g_strdup (profession != NULL ? profession : org);
  return g_strdup (monia_record_get_string (pro, "name"));
}

static void
fill_owner (MoniaCasePage *self,
            MoniaRecord   *case_record)
{
  const char *pair_id = monia_record_get_string (case_record, "pair_id");
  g_autofree char *owner_subtitle = NULL;
  g_autofree char *owner = describe_professional (self->store, monia_record_get_string (case_record, "owner_id"),
                                                  &owner_subtitle);

  if (owner != NULL)
    add_overview_row (self, 1, self->owner_group, owner, owner_subtitle);

  if (pair_id != NULL)
    {
      g_autoptr(MoniaRecord) pair = monia_store_get (self->store, "work_pair", pair_id, NULL);

      if (pair != NULL)
        {
          g_autofree char *first = dup_name (self->store, "professional", monia_record_get_string (pair, "first_id"));
          g_autofree char *second = dup_name (self->store, "professional", monia_record_get_string (pair, "second_id"));
          /* Translators: the two professionals of a work pair */
          g_autofree char *names = g_strdup_printf (_("%s and %s"), first != NULL ? first : "?",
                                                    second != NULL ? second : "?");

          add_overview_row (self, 1, self->owner_group, names, _("Work pair"));
        }
    }

  if (self->overview_rows[1]->len == 0)
    add_empty_row (self, 1, self->owner_group, _("No one is responsible for the case yet"));
}

static void
fill_participants (MoniaCasePage *self)
{
  g_autoptr(GPtrArray) participants = monia_store_find (self->store, "participant", "case_id", self->case_id, NULL);

  for (guint i = 0; participants != NULL && i < participants->len; i++)
    {
      MoniaRecord *participant = g_ptr_array_index (participants, i);
      g_autofree char *name = dup_name (self->store, "professional",
                                        monia_record_get_string (participant, "professional_id"));
      g_autofree char *org = dup_name (self->store, "organisation",
                                       monia_record_get_string (participant, "organisation_id"));
      const char *role = participant_role_to_label (monia_record_get_string (participant, "role"));
      g_autofree char *subtitle = NULL;

      if (org != NULL && role != NULL)
        /* Translators: a participant's organisation, then their role in the case */
        subtitle = g_strdup_printf (_("%s · %s"), org, role);
      else
        subtitle = g_strdup (org != NULL ? org : role);

      add_overview_row (self, 2, self->participants_group, name != NULL ? name : _("Unknown professional"),
                        subtitle);
    }

  if (self->overview_rows[2]->len == 0)
    add_empty_row (self, 2, self->participants_group, _("No participants yet"));
}

static void
fill_consents (MoniaCasePage *self)
{
  g_autoptr(GPtrArray) consents = monia_store_find (self->store, "consent", "case_id", self->case_id, NULL);

  for (guint i = 0; consents != NULL && i < consents->len; i++)
    {
      MoniaRecord *consent = g_ptr_array_index (consents, i);
      g_autofree char *org = dup_name (self->store, "organisation", monia_record_get_string (consent, "organisation_id"));
      g_autofree char *pro = dup_name (self->store, "professional", monia_record_get_string (consent, "professional_id"));
      g_autofree char *scope = format_scope (monia_record_get_string (consent, "scope"));
      g_autofree char *until = monia_format_iso_date (monia_record_get_string (consent, "valid_until"));
      g_autofree char *revoked = monia_format_iso_date (monia_record_get_string (consent, "revoked_on"));
      g_autofree char *subtitle = NULL;
      g_autofree char *title = NULL;

      if (org != NULL && pro != NULL)
        /* Translators: an organisation, then the professional there */
        title = g_strdup_printf (_("%s, %s"), org, pro);
      else
        title = g_strdup (org != NULL ? org : pro != NULL ? pro : _("Unknown organisation"));

      if (revoked != NULL)
        /* Translators: %s is the day a consent was revoked */
        subtitle = g_strdup_printf (_("Revoked %s"), revoked);
      else if (until != NULL)
        /* Translators: the parts of the case a consent covers, then its last day */
        subtitle = g_strdup_printf (_("May see: %s · until %s"), scope, until);
      else
        subtitle = g_strdup_printf (_("May see: %s"), scope);

      add_overview_row (self, 3, self->consent_group, title, subtitle);
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

  fill_people (self);
  fill_owner (self, case_record);
  fill_participants (self);
  fill_consents (self);
}

static void
refresh_all (MoniaCasePage *self)
{
  self->dirty = FALSE;
  refresh_overview (self);
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
}

static void
monia_case_page_dispose (GObject *object)
{
  MoniaCasePage *self = MONIA_CASE_PAGE (object);

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
  gtk_widget_class_bind_template_child (widget_class, MoniaCasePage, people_group);
  gtk_widget_class_bind_template_child (widget_class, MoniaCasePage, owner_group);
  gtk_widget_class_bind_template_child (widget_class, MoniaCasePage, participants_group);
  gtk_widget_class_bind_template_child (widget_class, MoniaCasePage, consent_group);
  gtk_widget_class_bind_template_child (widget_class, MoniaCasePage, assessment_view);
  gtk_widget_class_bind_template_child (widget_class, MoniaCasePage, plan_view);
  gtk_widget_class_bind_template_child (widget_class, MoniaCasePage, implementation_view);
  gtk_widget_class_bind_template_child (widget_class, MoniaCasePage, closure_view);

  gtk_widget_class_set_css_name (widget_class, "monia-case-page");
}

static void
monia_case_page_init (MoniaCasePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (self->overview_rows); i++)
    self->overview_rows[i] = g_ptr_array_new ();
  self->calendar = monia_calendar_new_from_settings ();
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
