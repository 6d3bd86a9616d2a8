/* monia-server-ask.c — the public "Ask for help" form, its thank-you page
 * and the answer page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The field names are a contract: a municipality may post its own form
 * here. Such a post has no token; it gets this form back, filled in, with
 * one, and the person sends it with one press. Nothing a person wrote is
 * lost on any error the page can show.
 */
#define G_LOG_DOMAIN "monia-server-ask"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "monia-intake.h"
#include "monia-server-ask.h"
#include "monia-server-form.h"
#include "monia-server-web-private.h"

#define TR(s) _monia_web_text (page, s)

/* A form's token lives this long, in seconds: time to write in peace. */
#define TOKEN_LIFETIME (4 * 60 * 60)
#define NONCE_BYTES 16
#define TOKEN_BYTES (8 + NONCE_BYTES + crypto_auth_hmacsha256_BYTES)

#define MAX_MESSAGE_CHARS 5000
#define MAX_LINE_CHARS 200
#define MAX_CODE_INPUT 64

typedef enum
{
  TOKEN_OK,
  TOKEN_EXPIRED,
  TOKEN_BAD,
} TokenState;

typedef struct
{
  const char *field;     /* the input's id, for the summary's link */
  const char *name;      /* the form field it belongs to */
  char       *message;
} FieldError;

static void
field_error_free (FieldError *error)
{
  g_free (error->message);
  g_free (error);
}

gint64
_monia_server_web_now (MoniaServer *self)
{
  return self->web_now != 0 ? self->web_now : g_get_real_time () / G_USEC_PER_SEC;
}

void
_monia_server_set_web_now (MoniaServer *self,
                           gint64       unix_seconds)
{
  self->web_now = unix_seconds;
}

static gboolean
load_key (MoniaServer *self)
{
  g_autoptr(GError) error = NULL;

  if (self->web_key_loaded)
    return TRUE;
  if (!monia_server_store_web_secret (self->store, self->web_key, &error))
    {
      g_warning ("The public form’s secret could not be read: %s", error->message);
      return FALSE;
    }
  self->web_key_loaded = TRUE;
  return TRUE;
}

/* Tokens: issued time and a random nonce, signed with the form's secret. */

static char *
make_token (MoniaServer *self)
{
  guint8 token[TOKEN_BYTES];
  guint64 issued = GUINT64_TO_BE ((guint64) _monia_server_web_now (self));
  char text[sodium_base64_ENCODED_LEN (TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  if (!load_key (self))
    return g_strdup ("");
  memcpy (token, &issued, 8);
  randombytes_buf (token + 8, NONCE_BYTES);
  crypto_auth_hmacsha256 (token + 8 + NONCE_BYTES, token, 8 + NONCE_BYTES, self->web_key);
  sodium_bin2base64 (text, sizeof text, token, sizeof token, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return g_strdup (text);
}

static TokenState
check_token (MoniaServer  *self,
             const char   *text,
             char        **out_nonce)
{
  guint8 token[TOKEN_BYTES];
  char nonce[NONCE_BYTES * 2 + 1];
  gsize length = 0;
  guint64 issued;
  gint64 now = _monia_server_web_now (self);

  if (text == NULL || strlen (text) > 2 * TOKEN_BYTES || !load_key (self) ||
      sodium_base642bin (token, sizeof token, text, strlen (text), NULL, &length, NULL,
                         sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      length != TOKEN_BYTES ||
      crypto_auth_hmacsha256_verify (token + 8 + NONCE_BYTES, token, 8 + NONCE_BYTES, self->web_key) != 0)
    return TOKEN_BAD;
  memcpy (&issued, token, 8);
  issued = GUINT64_FROM_BE (issued);
  if ((gint64) issued > now + 60)
    return TOKEN_BAD;
  if ((gint64) issued < now - TOKEN_LIFETIME)
    return TOKEN_EXPIRED;
  if (out_nonce != NULL)
    {
      sodium_bin2hex (nonce, sizeof nonce, token + 8, NONCE_BYTES);
      *out_nonce = g_strdup (nonce);
    }
  return TOKEN_OK;
}

/* The client's address as a keyed hash: the throttle table names no one. */
static char *
address_key (MoniaServer       *self,
             SoupServerMessage *msg)
{
  const char *address = soup_server_message_get_remote_host (msg);
  guint8 mac[crypto_auth_hmacsha256_BYTES];
  char hex[33];

  if (address == NULL)
    address = "";
  if (!load_key (self))
    return g_strdup ("unknown");
  crypto_auth_hmacsha256 (mac, (const guint8 *) address, strlen (address), self->web_key);
  sodium_bin2hex (hex, sizeof hex, mac, 16);
  return g_strdup (hex);
}

/* Form fields */

static const char *
value_of (GHashTable *values,
          const char *name)
{
  const char *value = values != NULL ? g_hash_table_lookup (values, name) : NULL;

  return value != NULL ? value : "";
}

static const char *
error_for (GPtrArray  *errors,
           const char *name)
{
  for (guint i = 0; errors != NULL && i < errors->len; i++)
    {
      FieldError *e = errors->pdata[i];

      if (g_str_equal (e->name, name))
        return e->message;
    }
  return NULL;
}

static void
add_error (GPtrArray  *errors,
           const char *name,
           const char *field,
           char       *message)
{
  FieldError *e;

  if (error_for (errors, name) != NULL)
    {
      g_free (message);
      return;
    }
  e = g_new0 (FieldError, 1);
  e->name = name;
  e->field = field != NULL ? field : name;
  e->message = message;
  g_ptr_array_add (errors, e);
}

static void
append_field_error (MoniaWebPage *page,
                    const char   *name,
                    const char   *message)
{
  _monia_web_append (page, "<p class=\"field-error\" id=\"%s-error\">", name);
  _monia_web_append_escaped (page, message);
  g_string_append (page->html, "</p>\n");
}

/* aria-describedby and aria-invalid for an input with an optional hint. */
static void
append_described (MoniaWebPage *page,
                  const char   *name,
                  gboolean      has_hint,
                  const char   *error)
{
  if (has_hint && error != NULL)
    _monia_web_append (page, " aria-describedby=\"%s-hint %s-error\" aria-invalid=\"true\"", name, name);
  else if (error != NULL)
    _monia_web_append (page, " aria-describedby=\"%s-error\" aria-invalid=\"true\"", name);
  else if (has_hint)
    _monia_web_append (page, " aria-describedby=\"%s-hint\"", name);
}

static void
append_label_and_hint (MoniaWebPage *page,
                       const char   *name,
                       const char   *label,
                       const char   *hint,
                       const char   *error)
{
  _monia_web_append (page, "<label for=\"%s\">", name);
  _monia_web_append_escaped (page, label);
  g_string_append (page->html, "</label>\n");
  if (hint != NULL)
    {
      _monia_web_append (page, "<p class=\"hint\" id=\"%s-hint\">", name);
      _monia_web_append_escaped (page, hint);
      g_string_append (page->html, "</p>\n");
    }
  if (error != NULL)
    append_field_error (page, name, error);
}

static void
append_input (MoniaWebPage *page,
              GHashTable   *values,
              GPtrArray    *errors,
              const char   *name,
              const char   *type,
              const char   *autocomplete,
              const char   *label,
              const char   *hint)
{
  const char *error = error_for (errors, name);

  append_label_and_hint (page, name, label, hint, error);
  _monia_web_append (page, "<input type=\"%s\" id=\"%s\" name=\"%s\" maxlength=\"%d\" autocomplete=\"%s\"",
                     type, name, name, MAX_LINE_CHARS, autocomplete);
  append_described (page, name, hint != NULL, error);
  g_string_append (page->html, " value=\"");
  _monia_web_append_escaped (page, value_of (values, name));
  g_string_append (page->html, "\">\n");
}

typedef struct
{
  const char *value;
  const char *label;
} Choice;

static void
append_select (MoniaWebPage *page,
               GHashTable   *values,
               GPtrArray    *errors,
               const char   *name,
               const char   *label,
               const Choice *choices,
               guint         n_choices)
{
  const char *error = error_for (errors, name);
  const char *current = value_of (values, name);

  append_label_and_hint (page, name, label, NULL, error);
  _monia_web_append (page, "<select id=\"%s\" name=\"%s\"", name, name);
  append_described (page, name, FALSE, error);
  _monia_web_append (page, ">\n<option value=\"\">%s</option>\n", TR (N_("(Not chosen)")));
  for (guint i = 0; i < n_choices; i++)
    {
      _monia_web_append (page, "<option value=\"%s\"%s>", choices[i].value,
                         g_str_equal (current, choices[i].value) ? " selected" : "");
      _monia_web_append_escaped (page, choices[i].label);
      g_string_append (page->html, "</option>\n");
    }
  g_string_append (page->html, "</select>\n");
}

static void
append_radios (MoniaWebPage *page,
               GHashTable   *values,
               GPtrArray    *errors,
               const char   *name,
               const char   *legend,
               const Choice *choices,
               guint         n_choices,
               const char   *default_value)
{
  const char *error = error_for (errors, name);
  const char *current = value_of (values, name);

  if (*current == '\0' && default_value != NULL)
    current = default_value;
  _monia_web_append (page, "<fieldset id=\"%s\"", name);
  if (error != NULL)
    _monia_web_append (page, " aria-describedby=\"%s-error\"", name);
  g_string_append (page->html, ">\n<legend>");
  _monia_web_append_escaped (page, legend);
  g_string_append (page->html, "</legend>\n");
  if (error != NULL)
    append_field_error (page, name, error);
  for (guint i = 0; i < n_choices; i++)
    {
      _monia_web_append (page, "<div class=\"choice\"><input type=\"radio\" id=\"%s-%s\" name=\"%s\" value=\"%s\"%s%s>"
                               "<label for=\"%s-%s\">",
                         name, choices[i].value, name, choices[i].value,
                         g_str_equal (current, choices[i].value) ? " checked" : "",
                         error != NULL ? " aria-invalid=\"true\"" : "",
                         name, choices[i].value);
      _monia_web_append_escaped (page, choices[i].label);
      g_string_append (page->html, "</label></div>\n");
    }
  g_string_append (page->html, "</fieldset>\n");
}

static const char *
topic_label (MoniaWebPage *page,
             const char   *topic)
{
  static const Choice labels[] = {
    { "parenting", NC_("topic", "Parenting and everyday life with children") },
    { "child", NC_("topic", "A child’s development or wellbeing") },
    { "youth", NC_("topic", "A young person’s wellbeing") },
    { "school", NC_("topic", "Day care or school") },
    { "relationships", NC_("topic", "Relationships, divorce or separation") },
    { "wellbeing", NC_("topic", "A parent’s coping or mental health") },
    { "substance_use", NC_("topic", "Alcohol, drugs or gambling") },
    { "money", NC_("topic", "Money, housing or work") },
    { "other", NC_("topic", "Something else") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].value, topic))
      return _monia_web_ptext (page, "topic", labels[i].label);
  return topic;
}

static gboolean
topic_offered (MoniaServer *self,
               const char  *topic)
{
  g_autofree char *setting = monia_server_store_get_setting (self->store, MONIA_SETTING_TOPICS);
  g_auto(GStrv) topics = g_strsplit (setting != NULL ? setting : "", ",", -1);

  return g_strv_contains ((const char * const *) topics, topic);
}

static void
append_error_summary (MoniaWebPage *page,
                      GPtrArray    *errors,
                      const char   *general)
{
  if ((errors == NULL || errors->len == 0) && general == NULL)
    return;
  /* Announced when the page comes back; each item leads to its field. */
  _monia_web_append (page, "<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"error-summary-title\">\n"
                           "<h2 id=\"error-summary-title\">%s</h2>\n<ul>\n",
                     TR (N_("There is a problem")));
  if (general != NULL)
    {
      g_string_append (page->html, "<li>");
      _monia_web_append_escaped (page, general);
      g_string_append (page->html, "</li>\n");
    }
  for (guint i = 0; errors != NULL && i < errors->len; i++)
    {
      FieldError *e = errors->pdata[i];

      _monia_web_append (page, "<li><a href=\"#%s\">", e->field);
      _monia_web_append_escaped (page, e->message);
      g_string_append (page->html, "</a></li>\n");
    }
  g_string_append (page->html, "</ul>\n</div>\n");
}

static guint
promise_days (MoniaServer *self,
              const char  *key)
{
  return CLAMP (monia_server_store_get_setting_uint (self->store, key), 1, 30);
}

static void
render_form (MoniaServer       *self,
             SoupServerMessage *msg,
             const char        *lang,
             GHashTable        *values,
             GPtrArray         *errors,
             const char        *general,
             guint              status)
{
  g_autoptr(MoniaWebPage) page = _monia_web_page_new (self, lang);
  g_autofree char *token = make_token (self);
  g_autofree char *topics_setting = monia_server_store_get_setting (self->store, MONIA_SETTING_TOPICS);
  g_auto(GStrv) topics = g_strsplit (topics_setting != NULL ? topics_setting : "", ",", -1);
  g_autofree Choice *topic_choices = g_new0 (Choice, g_strv_length (topics) + 1);
  g_autofree char *promise = NULL;
  gboolean failed = (errors != NULL && errors->len > 0) || general != NULL;
  const char *message_error = error_for (errors, "message");
  guint web_days = promise_days (self, MONIA_SETTING_PROMISE_WEB);
  guint callback_days = promise_days (self, MONIA_SETTING_PROMISE_CALLBACK);
  guint n_topics = 0;
  const Choice requests[] = {
    { "help", TR (N_("Contact me with an answer")) },
    { "callback", TR (N_("Callback request")) },
  };
  const Choice preferences[] = {
    { "phone", TR (N_("A phone call")) },
    { "sms", TR (N_("A text message")) },
    { "email", TR (N_("E-mail")) },
  };
  const Choice ages[] = {
    { "expecting", TR (N_("Expecting a baby")) },
    { "0-2", TR (N_("Under 3 years")) },
    { "3-6", TR (N_("3–6 years")) },
    { "7-12", TR (N_("7–12 years")) },
    { "13-17", TR (N_("13–17 years")) },
  };

  for (guint i = 0; topics[i] != NULL; i++)
    if (monia_ask_topic_is_known (topics[i]))
      {
        topic_choices[n_topics].value = topics[i];
        topic_choices[n_topics].label = topic_label (page, topics[i]);
        n_topics++;
      }

  _monia_web_begin (page, "/ask", TR (N_("Ask for help")), failed);
  _monia_web_append (page, "<h1>%s</h1>\n", TR (N_("Ask for help")));
  append_error_summary (page, errors, general);
  _monia_web_append (page, "<p>%s</p>\n",
                     TR (N_("Tell us in your own words what is on your mind: a worry about a child, everyday life "
                            "as a family, or anything you would like help or advice with. You do not need to know "
                            "whom to ask. You may stay anonymous.")));
  /* Finnish, Swedish and English all take the singular for 1 alone. */
  promise = g_strdup_printf (web_days == 1
                             /* Translators: %u is a number of working days, here 1 */
                             ? TR (N_("A professional answers within %u working day."))
                             /* Translators: %u is a number of working days, more than 1 */
                             : TR (N_("A professional answers within %u working days.")),
                             web_days);
  g_string_append (page->html, "<p>");
  _monia_web_append_escaped (page, promise);
  g_clear_pointer (&promise, g_free);
  promise = callback_days == 1
    ? g_strdup (TR (N_("If you ask for a callback, we call you by the next working day.")))
    : g_strdup_printf (/* Translators: %u is a number of working days, more than 1 */
                       TR (N_("If you ask for a callback, we call you within %u working days.")), callback_days);
  g_string_append_c (page->html, ' ');
  _monia_web_append_escaped (page, promise);
  g_string_append (page->html, "</p>\n");

  _monia_web_append (page, "<form method=\"post\" action=\"/ask?lang=%s\" novalidate>\n", page->lang);
  _monia_web_append (page, "<input type=\"hidden\" name=\"token\" value=\"%s\">\n", token);
  _monia_web_append (page, "<input type=\"hidden\" name=\"lang\" value=\"%s\">\n", page->lang);

  append_radios (page, values, errors, "request", TR (N_("What would you like?")), requests,
                 G_N_ELEMENTS (requests), "help");

  append_label_and_hint (page, "message", TR (N_("Your message (required)")),
                         TR (N_("At most 5,000 characters. Do not write anyone’s personal identity code.")),
                         message_error);
  _monia_web_append (page, "<textarea id=\"message\" name=\"message\" rows=\"8\" maxlength=\"%d\" required",
                     MAX_MESSAGE_CHARS);
  append_described (page, "message", TRUE, message_error);
  g_string_append (page->html, ">");
  _monia_web_append_escaped (page, value_of (values, "message"));
  g_string_append (page->html, "</textarea>\n");

  append_select (page, values, errors, "topic", TR (N_("Topic")), topic_choices, n_topics);
  append_select (page, values, errors, "child_age", TR (N_("Age of the child")), ages, G_N_ELEMENTS (ages));
  append_input (page, values, errors, "municipality", "text", "address-level2", TR (N_("Municipality")), NULL);

  _monia_web_append (page, "<h2>%s</h2>\n", TR (N_("How can we reach you?")));
  {
    const char *error = error_for (errors, "anonymous");

    if (error != NULL)
      append_field_error (page, "anonymous", error);
    _monia_web_append (page, "<div class=\"choice\"><input type=\"checkbox\" id=\"anonymous\" name=\"anonymous\" "
                             "value=\"1\"%s aria-describedby=\"anonymous-hint%s\"%s><label for=\"anonymous\">%s</label></div>\n",
                       g_str_equal (value_of (values, "anonymous"), "1") ? " checked" : "",
                       error != NULL ? " anonymous-error" : "", error != NULL ? " aria-invalid=\"true\"" : "",
                       TR (N_("I want to stay anonymous")));
    _monia_web_append (page, "<p class=\"hint\" id=\"anonymous-hint\">%s</p>\n",
                       TR (N_("Then your name and e-mail address are not kept, and you read our answer on this "
                              "service with the reference code you get after sending. For a callback we still "
                              "need your phone number.")));
  }
  append_input (page, values, errors, "name", "text", "name", TR (N_("Name")), NULL);
  append_input (page, values, errors, "phone", "tel", "tel", TR (N_("Phone number")),
                TR (N_("Needed for a callback.")));
  append_input (page, values, errors, "email", "email", "email", TR (N_("E-mail address")), NULL);
  append_radios (page, values, errors, "contact_preference", TR (N_("How would you like us to contact you?")),
                 preferences, G_N_ELEMENTS (preferences), NULL);

  /* Left empty by people, who never see it; filled in by some robots. */
  _monia_web_append (page, "<div class=\"trap\"><label for=\"website\">%s</label>"
                           "<input type=\"text\" id=\"website\" name=\"website\" tabindex=\"-1\" autocomplete=\"off\">"
                           "</div>\n", TR (N_("Leave this empty")));
  _monia_web_append (page, "<button type=\"submit\">%s</button>\n</form>\n", TR (N_("Send")));
  _monia_web_append (page, "<p><a href=\"/privacy?lang=%s\">%s</a></p>\n", page->lang,
                     TR (N_("How we handle what you send")));
  _monia_web_end (page);
  _monia_web_reply (page, msg, status);
}

void
_monia_server_ask_form (MoniaServer       *self,
                        SoupServerMessage *msg,
                        GHashTable        *query)
{
  render_form (self, msg, _monia_web_choose_language (msg, query, NULL), NULL, NULL, NULL, SOUP_STATUS_OK);
}

/* Reading a post */

static gboolean
is_form_post (SoupServerMessage *msg)
{
  const char *type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);

  return type != NULL && g_ascii_strcasecmp (type, "application/x-www-form-urlencoded") == 0;
}

/* The post's fields, or NULL with the page already answered. */
static GHashTable *
read_post (MoniaServer       *self,
           SoupServerMessage *msg,
           GHashTable        *query)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  GHashTable *fields;
  gsize length = 0;
  const char *data;

  if (!is_form_post (msg))
    {
      _monia_web_reply_problem (self, msg, query, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE,
                                N_("The form could not be read"),
                                N_("Send the form as a web form (application/x-www-form-urlencoded)."));
      return NULL;
    }
  bytes = soup_message_body_flatten (body);
  data = g_bytes_get_data (bytes, &length);
  fields = monia_form_parse (data, length, MONIA_FORM_MAX_BYTES, MONIA_FORM_MAX_FIELDS, &error);
  if (fields == NULL)
    {
      /* The message names no value. */
      _monia_web_reply_problem (self, msg, query, length > MONIA_FORM_MAX_BYTES ? SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE
                                                                                : SOUP_STATUS_BAD_REQUEST,
                                N_("The form could not be read"), error->message);
      return NULL;
    }
  return fields;
}

/* A single line: white space around it dropped, line breaks made spaces. */
static char *
clean_line (const char *value)
{
  char *line = g_strstrip (g_strdup (value != NULL ? value : ""));

  g_strdelimit (line, "\n\t", ' ');
  return line;
}

static gboolean
phone_is_valid (const char *phone)
{
  guint digits = 0;

  for (const char *p = phone; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (!strchr (" +-()", *p))
        return FALSE;
    }
  return digits >= 5 && digits <= 20 && strchr (phone + 1, '+') == NULL;
}

static gboolean
email_is_valid (const char *email)
{
  const char *at = strchr (email, '@');

  return at != NULL && at != email && strchr (at + 1, '@') == NULL && strchr (at + 1, '.') != NULL &&
         at[1] != '.' && email[strlen (email) - 1] != '.' && strpbrk (email, " ,;<>\"'()[]\\") == NULL &&
         strlen (email) <= 254;
}

static gboolean
one_of (const char         *value,
        const char * const *allowed)
{
  return g_strv_contains (allowed, value);
}

/* Checks the fields and fills @request (pointing into @values, which it
 * may change); the errors go to @errors. */
static void
check_request (MoniaServer     *self,
               MoniaWebPage    *page,
               GHashTable      *values,
               MoniaAskRequest *request,
               GPtrArray       *errors)
{
  static const char * const preferences[] = { "", "phone", "sms", "email", NULL };
  static const char * const ages[] = { "", "expecting", "0-2", "3-6", "7-12", "13-17", NULL };
  static const char * const lines[] = { "name", "phone", "email", "municipality", "topic", "child_age",
                                        "contact_preference", "request", "anonymous" };
  const char *kind;
  g_autofree char *message = g_strstrip (g_strdup (value_of (values, "message")));
  glong n_chars;

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    g_hash_table_insert (values, g_strdup (lines[i]), clean_line (value_of (values, lines[i])));

  kind = value_of (values, "request");
  if (*kind == '\0' || g_str_equal (kind, "help"))
    request->channel = MONIA_CHANNEL_WEB;
  else if (g_str_equal (kind, "callback"))
    request->channel = MONIA_CHANNEL_CALLBACK;
  else
    add_error (errors, "request", "request-help",
               g_strdup (TR (N_("Choose whether we answer you or call you back."))));

  n_chars = g_utf8_strlen (message, -1);
  if (n_chars == 0)
    add_error (errors, "message", NULL, g_strdup (TR (N_("Write your message: what would you like help with?"))));
  else if (n_chars > MAX_MESSAGE_CHARS)
    /* Translators: the first %d is the most, the second how many there are */
    add_error (errors, "message", NULL,
               g_strdup_printf (TR (N_("Your message is too long: it may have %d characters, and it has %ld. "
                                       "Shorten it.")),
                                MAX_MESSAGE_CHARS, n_chars));
  g_hash_table_insert (values, g_strdup ("message"), g_steal_pointer (&message));
  request->message = g_hash_table_lookup (values, "message");

  request->topic = value_of (values, "topic");
  if (*request->topic != '\0' && (!monia_ask_topic_is_known (request->topic) || !topic_offered (self, request->topic)))
    add_error (errors, "topic", NULL, g_strdup (TR (N_("Choose a topic from the list."))));
  request->child_age = value_of (values, "child_age");
  if (!one_of (request->child_age, ages))
    add_error (errors, "child_age", NULL, g_strdup (TR (N_("Choose the child’s age from the list."))));

  {
    const char *anonymous = value_of (values, "anonymous");

    if (*anonymous != '\0' && !g_str_equal (anonymous, "1"))
      add_error (errors, "anonymous", NULL, g_strdup (TR (N_("To stay anonymous, tick the box; otherwise leave it empty."))));
    request->anonymous = g_str_equal (anonymous, "1");
  }

  request->name = value_of (values, "name");
  request->municipality = value_of (values, "municipality");
  request->phone = value_of (values, "phone");
  request->email = value_of (values, "email");
  request->contact_preference = value_of (values, "contact_preference");
  if (g_utf8_strlen (request->name, -1) > MAX_LINE_CHARS)
    add_error (errors, "name", NULL, g_strdup (TR (N_("The name is too long."))));
  if (g_utf8_strlen (request->municipality, -1) > MAX_LINE_CHARS)
    add_error (errors, "municipality", NULL, g_strdup (TR (N_("The municipality’s name is too long."))));

  if (*request->phone != '\0' && !phone_is_valid (request->phone))
    add_error (errors, "phone", NULL, g_strdup (TR (N_("Write the phone number in digits, for example 040 123 4567."))));
  else if (request->channel != NULL && g_str_equal (request->channel, MONIA_CHANNEL_CALLBACK) && *request->phone == '\0')
    add_error (errors, "phone", NULL, g_strdup (TR (N_("A callback needs your phone number."))));
  if (*request->email != '\0' && !email_is_valid (request->email))
    add_error (errors, "email", NULL, g_strdup (TR (N_("Write the e-mail address in the form name@example.fi."))));

  if (!one_of (request->contact_preference, preferences))
    add_error (errors, "contact_preference", "contact_preference-phone",
               g_strdup (TR (N_("Choose how we should contact you."))));
  else if (g_str_equal (request->contact_preference, "email") && *request->email == '\0' && !request->anonymous)
    add_error (errors, "email", NULL, g_strdup (TR (N_("Give your e-mail address, or choose another way to contact you."))));
  else if ((g_str_equal (request->contact_preference, "phone") || g_str_equal (request->contact_preference, "sms")) &&
           *request->phone == '\0')
    add_error (errors, "phone", NULL, g_strdup (TR (N_("Give your phone number, or choose another way to contact you."))));

  if (!request->anonymous && *request->phone == '\0' && *request->email == '\0')
    add_error (errors, "phone", NULL,
               g_strdup (TR (N_("Give a phone number or an e-mail address for the answer, or choose to stay anonymous."))));
  if (request->anonymous && g_str_equal (request->contact_preference, "email"))
    request->contact_preference = "";
  request->language = page->lang;
}

static void
render_thanks (MoniaServer            *self,
               SoupServerMessage      *msg,
               const char             *lang,
               const MoniaAskRequest  *request,
               const char             *code,
               const GDate            *last_day)
{
  g_autoptr(MoniaWebPage) page = _monia_web_page_new (self, lang);
  g_autofree char *iso = monia_date_format_iso (last_day);
  g_autofree char *day = _monia_web_format_day (page, last_day);
  g_autofree char *escaped_day = g_markup_escape_text (day, -1);
  g_autofree char *time = g_strdup_printf ("<time datetime=\"%s\">%s</time>", iso, escaped_day);
  g_autoptr(GString) promise = NULL;
  const char *template;

  if (g_str_equal (request->channel, MONIA_CHANNEL_CALLBACK))
    /* Translators: {day} is a day in words, e.g. "Thursday 11 December 2025" */
    template = TR (N_("We will call you by {day} at the latest."));
  else if (request->anonymous)
    /* Translators: {day} is a day in words, e.g. "Thursday 11 December 2025" */
    template = TR (N_("Our answer will be ready for you here by {day} at the latest."));
  else
    /* Translators: {day} is a day in words, e.g. "Thursday 11 December 2025" */
    template = TR (N_("A professional will contact you by {day} at the latest."));
  {
    g_autofree char *escaped = g_markup_escape_text (template, -1);

    promise = g_string_new (escaped);
    g_string_replace (promise, "{day}", time, 1);
  }

  _monia_web_begin (page, "/ask", TR (N_("Thank you: your request has arrived")), FALSE);
  _monia_web_append (page, "<h1>%s</h1>\n<p>%s</p>\n", TR (N_("Thank you: your request has arrived")), promise->str);
  _monia_web_append (page, "<h2>%s</h2>\n<p class=\"code\" id=\"code\">", TR (N_("Your reference code")));
  _monia_web_append_escaped (page, code);
  g_string_append (page->html, "</p>\n<p>");
  if (request->anonymous)
    _monia_web_append_escaped (page, TR (N_("Write the code down or take a picture of it. With it you can read our "
                                            "answer on the answer page. Nobody can find your request without it, "
                                            "and we cannot give it to you again.")));
  else
    _monia_web_append_escaped (page, TR (N_("Keep the code. If you call us about your request, tell us the code. "
                                            "You can also read our answer with it on the answer page.")));
  g_string_append (page->html, "</p>\n");
  _monia_web_append (page, "<p><a href=\"/ask/answer?lang=%s\">%s</a></p>\n", page->lang,
                     TR (N_("Go to the answer page")));
  _monia_web_end (page);
  _monia_web_reply (page, msg, SOUP_STATUS_OK);
}

static void
render_already_sent (MoniaServer       *self,
                     SoupServerMessage *msg,
                     const char        *lang)
{
  g_autoptr(MoniaWebPage) page = _monia_web_page_new (self, lang);

  _monia_web_begin (page, "/ask", TR (N_("This form was already sent")), FALSE);
  _monia_web_append (page, "<h1>%s</h1>\n<p>%s</p>\n", TR (N_("This form was already sent")),
                     TR (N_("Your request arrived when you first sent this form, and it was not sent twice. "
                            "The reference code was on the page shown after sending.")));
  _monia_web_append (page, "<p><a href=\"/ask?lang=%s\">%s</a></p>\n", page->lang, TR (N_("Ask something else")));
  _monia_web_end (page);
  _monia_web_reply (page, msg, SOUP_STATUS_CONFLICT);
}

static void
set_retry_after (SoupServerMessage *msg,
                 gint64             seconds)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, seconds);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", text);
}

static char *
wait_message (MoniaWebPage *page,
              const char   *lead,
              gint64        retry_after)
{
  guint minutes = (guint) MAX (1, (retry_after + 59) / 60);
  g_autofree char *wait = g_strdup_printf (minutes == 1
                                           /* Translators: %u is 1 (minute) */
                                           ? TR (N_("Try again in %u minute."))
                                           /* Translators: %u is a number of minutes, more than 1 */
                                           : TR (N_("Try again in %u minutes.")),
                                           minutes);

  return g_strconcat (lead, " ", wait, NULL);
}

void
_monia_server_ask_post (MoniaServer       *self,
                        SoupServerMessage *msg,
                        GHashTable        *query)
{
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func ((GDestroyNotify) field_error_free);
  g_autoptr(GPtrArray) feeds = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(MoniaWebPage) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = address_key (self, msg);
  g_autofree char *nonce = NULL;
  g_autofree char *code = NULL;
  MoniaAskRequest request = { 0 };
  const char *lang;
  gint64 retry_after = 0;
  TokenState token;
  GDate last_day;

  /* Every post counts, good or bad. */
  if (!monia_server_store_web_hit (self->store, address, "ask",
                                   monia_server_store_get_setting_uint (self->store, MONIA_SETTING_LIMIT_SUBMISSIONS),
                                   _monia_server_web_now (self), &retry_after, &error))
    {
      g_autoptr(GHashTable) kept = NULL;
      g_autoptr(GError) read_error = NULL;
      SoupMessageBody *body = soup_server_message_get_request_body (msg);
      g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
      g_autofree char *text = NULL;
      gsize length = 0;
      const char *data = g_bytes_get_data (bytes, &length);

      if (!g_error_matches (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_THROTTLED))
        {
          g_warning ("The public form could not count a post: %s", error->message);
          _monia_web_reply_problem (self, msg, query, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                                    N_("The service is not working right now"),
                                    N_("Your request was not sent. Try again in a moment, or call us."));
          return;
        }
      /* The person's text comes back with the page. */
      if (is_form_post (msg))
        kept = monia_form_parse (data, length, MONIA_FORM_MAX_BYTES, MONIA_FORM_MAX_FIELDS, &read_error);
      lang = _monia_web_choose_language (msg, query, kept);
      page = _monia_web_page_new (self, lang);
      text = wait_message (page, TR (N_("Too many forms have been sent from this address, and yours was not sent.")),
                           retry_after);
      set_retry_after (msg, retry_after);
      render_form (self, msg, lang, kept, NULL, text, 429);
      return;
    }

  _monia_server_schedule_sync (self);
  values = read_post (self, msg, query);
  if (values == NULL)
    return;
  lang = _monia_web_choose_language (msg, query, values);
  page = _monia_web_page_new (self, lang);

  token = check_token (self, g_hash_table_lookup (values, "token"), &nonce);
  if (token != TOKEN_OK)
    {
      render_form (self, msg, lang, values, NULL,
                   token == TOKEN_EXPIRED
                   ? TR (N_("The form was open for a long time and was not sent. Check it and send it again."))
                   : TR (N_("The form was not sent yet. Check it and send it again.")),
                   SOUP_STATUS_BAD_REQUEST);
      return;
    }
  if (*value_of (values, "website") != '\0')
    {
      render_form (self, msg, lang, values, NULL, TR (N_("The form was not sent yet. Check it and send it again.")),
                   SOUP_STATUS_BAD_REQUEST);
      return;
    }

  check_request (self, page, values, &request, errors);
  if (errors->len > 0)
    {
      render_form (self, msg, lang, values, errors, NULL, SOUP_STATUS_BAD_REQUEST);
      return;
    }

  if (!monia_server_store_ask_submit (self->store, &request, nonce, _monia_server_web_now (self),
                                      &code, &last_day, feeds, &error))
    {
      if (g_error_matches (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_EXISTS))
        {
          render_already_sent (self, msg, lang);
          return;
        }
      /* The details name no one. */
      g_warning ("A request from the public form could not be kept: %s", error->message);
      render_form (self, msg, lang, values, NULL,
                   TR (N_("The service could not take your request just now. Try again in a moment, or call us.")),
                   SOUP_STATUS_SERVICE_UNAVAILABLE);
      return;
    }

  render_thanks (self, msg, lang, &request, code, &last_day);
  _monia_server_notify_feeds (self, feeds);
}

/* The answer page */

static void
render_answer_form (MoniaServer       *self,
                    SoupServerMessage *msg,
                    const char        *lang,
                    const char        *code,
                    const char        *field_error,
                    const char        *general,
                    guint              status)
{
  g_autoptr(MoniaWebPage) page = _monia_web_page_new (self, lang);
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func ((GDestroyNotify) field_error_free);
  g_autofree char *token = make_token (self);

  if (field_error != NULL)
    add_error (errors, "code", NULL, g_strdup (field_error));
  _monia_web_begin (page, "/ask/answer", TR (N_("Read the answer to your request")),
                    field_error != NULL || general != NULL);
  _monia_web_append (page, "<h1>%s</h1>\n", TR (N_("Read the answer to your request")));
  append_error_summary (page, errors, general);
  _monia_web_append (page, "<p>%s</p>\n",
                     TR (N_("Write the reference code you got when you sent your request. The page shows our "
                            "answer and nothing else.")));
  _monia_web_append (page, "<form method=\"post\" action=\"/ask/answer?lang=%s\" novalidate>\n", page->lang);
  _monia_web_append (page, "<input type=\"hidden\" name=\"token\" value=\"%s\">\n", token);
  _monia_web_append (page, "<input type=\"hidden\" name=\"lang\" value=\"%s\">\n", page->lang);
  append_label_and_hint (page, "code", TR (N_("Reference code")),
                         TR (N_("Twelve letters and digits, for example KX4P-7RTM-2QHD.")), field_error);
  _monia_web_append (page, "<input type=\"text\" id=\"code\" name=\"code\" maxlength=\"%d\" autocomplete=\"off\" "
                           "autocapitalize=\"characters\" spellcheck=\"false\" required", MAX_CODE_INPUT);
  append_described (page, "code", TRUE, field_error);
  g_string_append (page->html, " value=\"");
  _monia_web_append_escaped (page, code != NULL ? code : "");
  _monia_web_append (page, "\">\n<button type=\"submit\">%s</button>\n</form>\n", TR (N_("Show the answer")));
  _monia_web_end (page);
  _monia_web_reply (page, msg, status);
}

void
_monia_server_ask_answer_form (MoniaServer       *self,
                               SoupServerMessage *msg,
                               GHashTable        *query)
{
  render_answer_form (self, msg, _monia_web_choose_language (msg, query, NULL), NULL, NULL, NULL, SOUP_STATUS_OK);
}

static void
render_answer (MoniaServer       *self,
               SoupServerMessage *msg,
               const char        *lang,
               const char        *reply,
               gint64             replied_at)
{
  g_autoptr(MoniaWebPage) page = _monia_web_page_new (self, lang);

  if (reply == NULL)
    {
      _monia_web_begin (page, "/ask/answer", TR (N_("No answer yet")), FALSE);
      _monia_web_append (page, "<h1>%s</h1>\n<p>%s</p>\n", TR (N_("No answer yet")),
                         TR (N_("Your request has arrived, and we have not written our answer here yet. "
                                "Look again later.")));
    }
  else
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (replied_at);
      g_autofree char *when = NULL;
      g_autofree char *iso = NULL;
      GDate day;

      _monia_web_begin (page, "/ask/answer", TR (N_("Our answer to your request")), FALSE);
      _monia_web_append (page, "<h1>%s</h1>\n", TR (N_("Our answer to your request")));
      if (utc != NULL)
        {
          monia_policy_date_in_finland (utc, &day);
          when = _monia_web_format_day (page, &day);
          iso = monia_date_format_iso (&day);
          _monia_web_append (page, "<p>%s <time datetime=\"%s\">", TR (N_("Answered on")), iso);
          _monia_web_append_escaped (page, when);
          g_string_append (page->html, "</time></p>\n");
        }
      g_string_append (page->html, "<div class=\"answer\">");
      _monia_web_append_escaped (page, reply);
      g_string_append (page->html, "</div>\n");
    }
  _monia_web_append (page, "<p><a href=\"/ask?lang=%s\">%s</a></p>\n", page->lang, TR (N_("Ask something else")));
  _monia_web_end (page);
  _monia_web_reply (page, msg, SOUP_STATUS_OK);
}

void
_monia_server_ask_answer_post (MoniaServer       *self,
                               SoupServerMessage *msg,
                               GHashTable        *query)
{
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(MoniaWebPage) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = address_key (self, msg);
  g_autofree char *reply = NULL;
  g_autofree char *normal = NULL;
  const char *lang, *code;
  gint64 retry_after = 0, replied_at = 0;
  gboolean found = FALSE;

  if (!monia_server_store_web_hit (self->store, address, "answer",
                                   monia_server_store_get_setting_uint (self->store, MONIA_SETTING_LIMIT_ANSWERS),
                                   _monia_server_web_now (self), &retry_after, &error))
    {
      g_autofree char *text = NULL;

      if (!g_error_matches (error, MONIA_SERVER_ERROR, MONIA_SERVER_ERROR_THROTTLED))
        {
          g_warning ("The answer page could not count a look-up: %s", error->message);
          _monia_web_reply_problem (self, msg, query, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                                    N_("The service is not working right now"),
                                    N_("Try again in a moment, or call us."));
          return;
        }
      lang = _monia_web_choose_language (msg, query, NULL);
      page = _monia_web_page_new (self, lang);
      text = wait_message (page, TR (N_("Too many codes have been tried from this address.")), retry_after);
      set_retry_after (msg, retry_after);
      render_answer_form (self, msg, lang, NULL, NULL, text, 429);
      return;
    }

  values = read_post (self, msg, query);
  if (values == NULL)
    return;
  lang = _monia_web_choose_language (msg, query, values);
  page = _monia_web_page_new (self, lang);
  code = value_of (values, "code");

  if (check_token (self, g_hash_table_lookup (values, "token"), NULL) != TOKEN_OK)
    {
      render_answer_form (self, msg, lang, code, NULL,
                          TR (N_("The page was open for a long time. Send the code again.")), SOUP_STATUS_BAD_REQUEST);
      return;
    }
  normal = monia_ask_code_normalize (code);
  if (normal == NULL)
    {
      render_answer_form (self, msg, lang, code,
                          g_utf8_strlen (code, -1) == 0
                          ? TR (N_("Write your reference code."))
                          : TR (N_("Write the code as you got it: twelve letters and digits.")),
                          NULL, SOUP_STATUS_BAD_REQUEST);
      return;
    }
  _monia_server_schedule_sync (self);
  if (!monia_server_store_ask_answer (self->store, normal, &found, &reply, &replied_at, &error))
    {
      g_warning ("The answer page could not read an answer: %s", error->message);
      render_answer_form (self, msg, lang, code, NULL, TR (N_("Try again in a moment, or call us.")),
                          SOUP_STATUS_SERVICE_UNAVAILABLE);
      return;
    }
  if (!found)
    {
      render_answer_form (self, msg, lang, code, TR (N_("No request has this code. Check the code and try again.")),
                          NULL, SOUP_STATUS_NOT_FOUND);
      return;
    }
  render_answer (self, msg, lang, reply, replied_at);
}
