/* monia-window-actions.c — the window's actions and shortcuts, the dialogs
 * they open and the toasts that answer them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-app"

#include "config.h"

#include <glib/gi18n.h>

#include "monia-window-private.h"

static const char * const store_actions[] = {
  "win.new-case", "win.register-request", "win.search", "win.show-section",
  "win.undo-triage", "win.open-case", "win.back",
};

/* Toasts ----------------------------------------------------------------------- */

void
_monia_window_add_toast (MoniaWindow *self,
                         AdwToast    *toast)
{
  g_free (self->last_toast);
  self->last_toast = g_strdup (adw_toast_get_title (toast));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
undo_triage_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  MoniaWindow *self = MONIA_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->intake == NULL)
    return;

  if (!monia_intake_reopen (self->intake, g_variant_get_string (parameter, NULL), &error))
    _monia_window_add_toast (self, adw_toast_new (error->message));
}

static void
open_case_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  monia_window_open_case (MONIA_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* Navigation ------------------------------------------------------------------- */

static void
back_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  _monia_window_go_back (MONIA_WINDOW (widget));
}

static void
search_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  _monia_window_start_search (MONIA_WINDOW (widget));
}

static void
show_section_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  MoniaWindow *self = MONIA_WINDOW (widget);
  MoniaWindowSection section = _monia_window_lookup_section (g_variant_get_string (parameter, NULL));

  if (section < MONIA_WINDOW_N_SECTIONS && !self->failed)
    _monia_window_show_section (self, section);
}

/* Dialogs ---------------------------------------------------------------------- */

static void
on_case_created (MoniaWindow        *self,
                 const char         *case_id,
                 MoniaNewCaseDialog *dialog)
{
  AdwToast *toast = adw_toast_new (_("Case created"));

  adw_toast_set_button_label (toast, _("_Open"));
  adw_toast_set_action_name (toast, "win.open-case");
  adw_toast_set_action_target_value (toast, g_variant_new_string (case_id));
  /* The way into the new case goes before older news. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  _monia_window_add_toast (self, toast);
}

static void
new_case_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MoniaWindow *self = MONIA_WINDOW (widget);
  MoniaNewCaseDialog *dialog;

  if (self->store == NULL)
    return;

  if (self->new_case_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->new_case_dialog));
      return;
    }

  dialog = monia_new_case_dialog_new (self->store);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "case-created",
                           G_CALLBACK (on_case_created), self,
                           G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->new_case_dialog, dialog);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_request_registered (MoniaWindow *self,
                       const char  *request_id)
{
  _monia_window_add_toast (self, adw_toast_new (_("Help request registered")));
  _monia_window_show_section (self, MONIA_WINDOW_SECTION_INBOX);
}

static void
register_request_action_cb (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  MoniaWindow *self = MONIA_WINDOW (widget);
  MoniaRegisterRequestDialog *dialog;

  if (self->intake == NULL)
    return;

  if (self->register_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->register_dialog));
      return;
    }

  dialog = monia_register_request_dialog_new (self->intake);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "request-registered",
                           G_CALLBACK (on_request_registered), self,
                           G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->register_dialog, dialog);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_triaged (MoniaWindow *self,
            const char  *outcome,
            const char  *request_id,
            const char  *case_id)
{
  AdwToast *toast;

  if (g_str_equal (outcome, MONIA_OUTCOME_ADVICE) || g_str_equal (outcome, MONIA_OUTCOME_SERVICE))
    {
      toast = adw_toast_new (g_str_equal (outcome, MONIA_OUTCOME_ADVICE)
                             ? _("Marked as advice given")
                             : _("Directed to a service"));
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, "win.undo-triage");
      adw_toast_set_action_target_value (toast, g_variant_new_string (request_id));
    }
  else
    {
      toast = adw_toast_new (g_str_equal (outcome, MONIA_OUTCOME_NOTIFICATION)
                             ? _("Child welfare notification registered")
                             : _("Case opened"));
      if (case_id != NULL)
        {
          adw_toast_set_button_label (toast, _("_Open"));
          adw_toast_set_action_name (toast, "win.open-case");
          adw_toast_set_action_target_value (toast, g_variant_new_string (case_id));
          adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
        }
    }

  _monia_window_add_toast (self, toast);
}

void
_monia_window_open_triage_dialog (MoniaWindow *self,
                                  MoniaRecord *request)
{
  MoniaTriageDialog *dialog;

  if (self->triage_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->triage_dialog));

  dialog = monia_triage_dialog_new (self->intake, request);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "triaged", G_CALLBACK (on_triaged), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->triage_dialog, dialog);

  gtk_window_present (GTK_WINDOW (dialog));
}

/* The keyboard shortcuts window is built when first asked for. Under
 * GtkApplication's own name for it (gtk/help-overlay.ui) every window built
 * one as it was added to the application, before its first frame. Once set,
 * GtkApplicationWindow keeps it; this action stays the one that shows it. */
static void
show_help_overlay_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  GtkApplicationWindow *self = GTK_APPLICATION_WINDOW (user_data);
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (self);

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_PREFIX "/ui/help-overlay.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (self, overlay);
    }

  gtk_window_present (GTK_WINDOW (overlay));
}

/* Set-up ------------------------------------------------------------------------ */

void
_monia_window_set_actions_enabled (MoniaWindow *self,
                                   gboolean     enabled)
{
  for (guint i = 0; i < G_N_ELEMENTS (store_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), store_actions[i], enabled);
}

void
_monia_window_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.new-case", NULL, new_case_action_cb);
  gtk_widget_class_install_action (widget_class, "win.register-request", NULL, register_request_action_cb);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action_cb);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action_cb);
  gtk_widget_class_install_action (widget_class, "win.show-section", "s", show_section_action_cb);
  gtk_widget_class_install_action (widget_class, "win.undo-triage", "s", undo_triage_action_cb);
  gtk_widget_class_install_action (widget_class, "win.open-case", "s", open_case_action_cb);

  /* The window's own shortcuts, so they work without the application too
   * (tests, tools); Ctrl+N is also the application's accelerator. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-case", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.register-request", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  for (guint i = 0; i < MONIA_WINDOW_N_SECTIONS; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_CONTROL_MASK,
                                         "win.show-section", "s", _monia_window_section_get_name (i));
}

void
_monia_window_init_actions (MoniaWindow *self)
{
  static const GActionEntry entries[] = {
    { "show-help-overlay", show_help_overlay_cb },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
}
