/* monia-closure-view.c — the case page's closure and the client's feedback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-case-ops.h"
#include "monia-case-section.h"
#include "monia-case-util.h"
#include "monia-closure-view.h"
#include "monia-date-row.h"

struct _MoniaClosureView
{
  AdwPreferencesPage   parent_instance;

  MoniaStore          *store;
  char                *case_id;

  AdwPreferencesGroup *closed_group;
  AdwActionRow        *closed_on_info;
  AdwActionRow        *reason_info;
  AdwPreferencesGroup *feedback_info_group;
  AdwActionRow        *got_help_info;
  AdwActionRow        *recommend_info;
  AdwActionRow        *comment_info;
  AdwPreferencesGroup *close_group;
  AdwEntryRow         *reason_row;
  MoniaDateRow        *closed_on_row;
  GtkWidget           *closing_error;
  AdwPreferencesGroup *feedback_group;
  AdwComboRow         *got_help_row;
  AdwComboRow         *recommend_row;
  AdwEntryRow         *comment_row;
  GtkWidget           *close_button;
  GtkWidget           *close_error;
};

static void monia_closure_view_section_init (MoniaCaseSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MoniaClosureView, monia_closure_view, ADW_TYPE_PREFERENCES_PAGE,
                               G_IMPLEMENT_INTERFACE (MONIA_TYPE_CASE_SECTION,
                                                      monia_closure_view_section_init))

static void
monia_closure_view_refresh (MoniaCaseSection *section)
{
  MoniaClosureView *self = MONIA_CLOSURE_VIEW (section);
  g_autoptr(MoniaRecord) case_record = NULL;
  g_autoptr(GPtrArray) feedback = NULL;
  g_autofree char *closed_on = NULL;
  MoniaRecord *answer = NULL;
  gboolean closed;

  case_record = monia_store_get (self->store, "case", self->case_id, NULL);
  closed = case_record != NULL && g_strcmp0 (monia_record_get_string (case_record, "status"), "closed") == 0;

  gtk_widget_set_visible (GTK_WIDGET (self->closed_group), closed);
  gtk_widget_set_visible (GTK_WIDGET (self->close_group), case_record != NULL && !closed);
  gtk_widget_set_visible (GTK_WIDGET (self->feedback_group), case_record != NULL && !closed);
  gtk_widget_set_visible (GTK_WIDGET (self->feedback_info_group), FALSE);
  if (!closed)
    return;

  closed_on = monia_format_iso_date (monia_record_get_string (case_record, "closed_on"));
  adw_action_row_set_subtitle (self->closed_on_info, closed_on != NULL ? closed_on : "");
  adw_action_row_set_subtitle (self->reason_info, monia_record_get_string (case_record, "closure_reason"));

  feedback = monia_store_find (self->store, "feedback", "case_id", self->case_id, NULL);
  if (feedback != NULL && feedback->len > 0)
    answer = g_ptr_array_index (feedback, feedback->len - 1);
  gtk_widget_set_visible (GTK_WIDGET (self->feedback_info_group), answer != NULL);
  if (answer != NULL)
    {
      const char *got_help = monia_record_get_string (answer, "got_help");
      gint64 recommend = monia_record_get_int (answer, "recommend", -1);
      g_autofree char *score = recommend >= 0 ? g_strdup_printf (_("%d/10"), (int) recommend) : NULL;
      const char *comment = monia_record_get_string (answer, "comment");

      adw_action_row_set_subtitle (self->got_help_info,
                                   got_help != NULL ? monia_got_help_to_label (got_help) : _("Not answered"));
      adw_action_row_set_subtitle (self->recommend_info, score != NULL ? score : _("Not answered"));
      adw_action_row_set_subtitle (self->comment_info, comment != NULL ? comment : _("No comment"));
    }
}

/* The message at the field it is about, or by the button. */
static void
show_error (MoniaClosureView *self,
            const GError     *error)
{
  const MoniaFormField fields[] = {
    { "closure_reason", GTK_WIDGET (self->reason_row), self->closing_error },
    { "closed_on", GTK_WIDGET (self->closed_on_row), self->closing_error },
    { "got_help", GTK_WIDGET (self->got_help_row), self->close_error },
    { "recommend", GTK_WIDGET (self->recommend_row), self->close_error },
    { NULL, self->close_button, self->close_error },
  };

  monia_form_show_error (fields, G_N_ELEMENTS (fields), error);
}

static void
clear_errors (MoniaClosureView *self)
{
  show_error (self, NULL);
}

static void
close_case (MoniaClosureView *self)
{
  g_autoptr(GError) error = NULL;
  const char *recommend = monia_combo_get_selected_id (self->recommend_row);
  GDate closed_on;

  monia_date_row_get_date (self->closed_on_row, &closed_on);
  if (!monia_case_close (self->store, self->case_id, &closed_on,
                         gtk_editable_get_text (GTK_EDITABLE (self->reason_row)),
                         monia_combo_get_selected_id (self->got_help_row),
                         recommend != NULL ? (int) g_ascii_strtoll (recommend, NULL, 10) : -1,
                         gtk_editable_get_text (GTK_EDITABLE (self->comment_row)),
                         &error))
    {
      show_error (self, error);
      return;
    }
  clear_errors (self);
  monia_show_toast (GTK_WIDGET (self), _("The case was closed"));
}

static void
on_confirm_response (AdwMessageDialog *dialog,
                     const char       *response,
                     MoniaClosureView *self)
{
  if (g_strcmp0 (response, "close") == 0)
    close_case (self);
}

static void
on_close_clicked (MoniaClosureView *self)
{
  GtkWidget *dialog;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Close the Case?"),
                                   _("A closed case can still be read but no longer changed."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "close", _("_Close Case"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "close",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
monia_closure_view_bind (MoniaCaseSection *section,
                         MoniaStore       *store,
                         const char       *case_id,
                         MoniaCalendar    *calendar)
{
  MoniaClosureView *self = MONIA_CLOSURE_VIEW (section);

  g_set_object (&self->store, store);
  g_free (self->case_id);
  self->case_id = g_strdup (case_id);
}

static void
monia_closure_view_section_init (MoniaCaseSectionInterface *iface)
{
  iface->bind = monia_closure_view_bind;
  iface->refresh = monia_closure_view_refresh;
}

static void
monia_closure_view_dispose (GObject *object)
{
  MoniaClosureView *self = MONIA_CLOSURE_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MONIA_TYPE_CLOSURE_VIEW);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (monia_closure_view_parent_class)->dispose (object);
}

static void
monia_closure_view_finalize (GObject *object)
{
  MoniaClosureView *self = MONIA_CLOSURE_VIEW (object);

  g_free (self->case_id);

  G_OBJECT_CLASS (monia_closure_view_parent_class)->finalize (object);
}

static void
monia_closure_view_class_init (MoniaClosureViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = monia_closure_view_dispose;
  object_class->finalize = monia_closure_view_finalize;

  g_type_ensure (MONIA_TYPE_DATE_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/monia-closure-view.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, MoniaClosureView, name)
  BIND (closed_group);
  BIND (closed_on_info);
  BIND (reason_info);
  BIND (feedback_info_group);
  BIND (got_help_info);
  BIND (recommend_info);
  BIND (comment_info);
  BIND (close_group);
  BIND (reason_row);
  BIND (closed_on_row);
  BIND (feedback_group);
  BIND (got_help_row);
  BIND (recommend_row);
  BIND (comment_row);
  BIND (closing_error);
  BIND (close_button);
  BIND (close_error);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_close_clicked);
}

static void
monia_closure_view_init (MoniaClosureView *self)
{
  const char * const got_help_ids[] = { "", "yes", "partly", "no" };
  const char *got_help_labels[G_N_ELEMENTS (got_help_ids)];
  const char *score_ids[12];
  const char *score_labels[12];
  char numbers[11][4];
  GDate today;

  gtk_widget_init_template (GTK_WIDGET (self));

  got_help_labels[0] = _("Not answered");
  for (guint i = 1; i < G_N_ELEMENTS (got_help_ids); i++)
    got_help_labels[i] = monia_got_help_to_label (got_help_ids[i]);
  monia_combo_set_choices (self->got_help_row, got_help_ids, got_help_labels, G_N_ELEMENTS (got_help_ids));

  score_ids[0] = "";
  score_labels[0] = _("Not answered");
  for (guint i = 0; i <= 10; i++)
    {
      g_snprintf (numbers[i], sizeof numbers[i], "%u", i);
      score_ids[i + 1] = numbers[i];
      score_labels[i + 1] = numbers[i];
    }
  monia_combo_set_choices (self->recommend_row, score_ids, score_labels, G_N_ELEMENTS (score_ids));

  monia_get_today (&today);
  monia_date_row_set_date (self->closed_on_row, &today);
}
