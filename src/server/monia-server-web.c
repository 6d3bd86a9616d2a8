/* monia-server-web.c — the public pages' shell: language per request,
 * the translation catalogues, security headers, the style sheet, and the
 * accessibility statement and privacy notice
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pages are in the language each request asks for, while the server runs
 * in one locale: so the pages do not go through gettext() but read the
 * same compiled catalogues (LOCALEDIR/LANG/LC_MESSAGES/monia.mo) into
 * tables of their own, once per server. That needs no Finnish or Swedish
 * locale installed on the machine and is safe on any thread.
 */
#define G_LOG_DOMAIN "monia-server-web"

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "monia-calendar.h"
#include "monia-server-ask.h"
#include "monia-server-web-private.h"

static const char * const languages[] = { "fi", "sv", "en" };

/* Catalogues */

static guint32
read_u32 (const guint8 *data,
          gsize         offset,
          gboolean      swap)
{
  guint32 value;

  memcpy (&value, data + offset, 4);
  return swap ? GUINT32_SWAP_LE_BE (value) : value;
}

/* A GNU .mo file as msgid → msgstr (the first form of plurals); NULL when
 * it is missing or damaged. */
static GHashTable *
load_catalogue (const char *path)
{
  g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, NULL);
  g_autoptr(GHashTable) table = NULL;
  const guint8 *data;
  gsize size;
  guint32 n, originals, translations;
  gboolean swap;

  if (file == NULL)
    return NULL;
  data = (const guint8 *) g_mapped_file_get_contents (file);
  size = g_mapped_file_get_length (file);
  if (size < 28)
    return NULL;
  if (read_u32 (data, 0, FALSE) == 0x950412de)
    swap = FALSE;
  else if (read_u32 (data, 0, TRUE) == 0x950412de)
    swap = TRUE;
  else
    return NULL;

  n = read_u32 (data, 8, swap);
  originals = read_u32 (data, 12, swap);
  translations = read_u32 (data, 16, swap);
  if (n > size / 16 || originals > size - (gsize) n * 8 || translations > size - (gsize) n * 8)
    return NULL;

  table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint32 i = 0; i < n; i++)
    {
      guint32 id_len = read_u32 (data, originals + i * 8, swap);
      guint32 id_off = read_u32 (data, originals + i * 8 + 4, swap);
      guint32 str_len = read_u32 (data, translations + i * 8, swap);
      guint32 str_off = read_u32 (data, translations + i * 8 + 4, swap);

      if (id_off > size || id_len >= size - id_off || str_off > size || str_len >= size - str_off)
        return NULL;
      /* The header (empty msgid) and untranslated entries are left out. */
      if (id_len == 0 || str_len == 0)
        continue;
      /* Of a plural, the singular's msgid and the first form. */
      g_hash_table_insert (table, g_strdup ((const char *) data + id_off), g_strdup ((const char *) data + str_off));
    }
  return g_steal_pointer (&table);
}

static GHashTable *
get_catalogue (MoniaServer *self,
               const char  *lang)
{
  if (!self->catalogues_loaded)
    {
      const char *dir = self->locale_dir != NULL ? self->locale_dir : LOCALEDIR;

      for (guint i = 0; i < G_N_ELEMENTS (self->catalogues); i++)
        {
          g_autofree char *path = g_build_filename (dir, languages[i], "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);

          self->catalogues[i] = load_catalogue (path);
        }
      self->catalogues_loaded = TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (self->catalogues); i++)
    if (g_str_equal (lang, languages[i]))
      return self->catalogues[i];
  return NULL;
}

void
monia_server_set_locale_dir (MoniaServer *self,
                             const char  *dir)
{
  g_return_if_fail (MONIA_IS_SERVER (self));

  g_free (self->locale_dir);
  self->locale_dir = g_strdup (dir);
  for (guint i = 0; i < G_N_ELEMENTS (self->catalogues); i++)
    g_clear_pointer (&self->catalogues[i], g_hash_table_unref);
  self->catalogues_loaded = FALSE;
}

const char *
_monia_web_text (MoniaWebPage *page,
                 const char   *msgid)
{
  const char *text = page->catalogue != NULL ? g_hash_table_lookup (page->catalogue, msgid) : NULL;

  return text != NULL ? text : msgid;
}

const char *
_monia_web_ptext (MoniaWebPage *page,
                  const char   *context,
                  const char   *msgid)
{
  g_autofree char *key = g_strconcat (context, "\004", msgid, NULL);
  const char *text = page->catalogue != NULL ? g_hash_table_lookup (page->catalogue, key) : NULL;

  return text != NULL ? text : msgid;
}

#define TR(s) _monia_web_text (page, s)

/* Language */

static const char *
known_language (const char *tag)
{
  for (guint i = 0; tag != NULL && i < G_N_ELEMENTS (languages); i++)
    if (g_str_equal (tag, languages[i]))
      return languages[i];
  return NULL;
}

/* The best of fi, sv and en in an Accept-Language header, by q. */
static const char *
from_accept_language (const char *header)
{
  g_auto(GStrv) items = NULL;
  const char *best = NULL;
  double best_q = 0;

  if (header == NULL || strlen (header) > 1000)
    return NULL;
  items = g_strsplit (header, ",", 32);
  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (items[i], ";", 4);
      g_autofree char *primary = NULL;
      const char *lang;
      double q = 1.0;
      char *dash;

      primary = g_ascii_strdown (g_strstrip (parts[0]), -1);
      dash = strchr (primary, '-');
      if (dash != NULL)
        *dash = '\0';
      lang = known_language (primary);
      for (guint j = 1; parts[j] != NULL; j++)
        {
          const char *param = g_strstrip (parts[j]);

          if (g_str_has_prefix (param, "q="))
            q = g_ascii_strtod (param + 2, NULL);
        }
      if (lang != NULL && q > best_q)
        {
          best = lang;
          best_q = q;
        }
    }
  return best;
}

const char *
_monia_web_choose_language (SoupServerMessage *msg,
                            GHashTable        *query,
                            GHashTable        *form)
{
  const char *lang = known_language (query != NULL ? g_hash_table_lookup (query, "lang") : NULL);

  if (lang == NULL)
    lang = known_language (form != NULL ? g_hash_table_lookup (form, "lang") : NULL);
  if (lang == NULL)
    lang = from_accept_language (soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                               "Accept-Language"));
  return lang != NULL ? lang : "fi";
}

/* Pages */

MoniaWebPage *
_monia_web_page_new (MoniaServer *server,
                     const char  *lang)
{
  MoniaWebPage *page = g_new0 (MoniaWebPage, 1);
  g_autofree char *region = monia_server_store_get_setting (server->store, MONIA_SETTING_REGION_NAME);

  page->server = server;
  page->lang = known_language (lang) ?: "fi";
  page->catalogue = get_catalogue (server, page->lang);
  page->html = g_string_sized_new (8192);
  page->region = region != NULL && *region != '\0' ? g_steal_pointer (&region) : NULL;
  return page;
}

void
_monia_web_page_free (MoniaWebPage *page)
{
  if (page == NULL)
    return;
  g_string_free (page->html, TRUE);
  g_free (page->region);
  g_free (page);
}

void
_monia_web_append_escaped (MoniaWebPage *page,
                           const char   *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  g_string_append (page->html, escaped);
}

void
_monia_web_append (MoniaWebPage *page,
                   const char   *format,
                   ...)
{
  va_list args;

  va_start (args, format);
  g_string_append_vprintf (page->html, format, args);
  va_end (args);
}

void
_monia_web_begin (MoniaWebPage *page,
                  const char   *path,
                  const char   *title,
                  gboolean      error_title)
{
  static const struct { const char *lang; const char *name; } names[] = {
    { "fi", "Suomeksi" }, { "sv", "På svenska" }, { "en", "In English" },
  };

  _monia_web_append (page, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                           "<meta name=\"referrer\" content=\"no-referrer\">\n<title>", page->lang);
  if (error_title)
    {
      /* Translators: before a page's title when the form came back with errors */
      _monia_web_append_escaped (page, TR (N_("Error:")));
      g_string_append_c (page->html, ' ');
    }
  _monia_web_append_escaped (page, title);
  if (page->region != NULL)
    {
      g_string_append (page->html, " – ");
      _monia_web_append_escaped (page, page->region);
    }
  g_string_append (page->html, "</title>\n<link rel=\"stylesheet\" href=\"/ask/style.css\">\n</head>\n<body>\n");
  _monia_web_append (page, "<a class=\"skip\" href=\"#main\">%s</a>\n<header class=\"top\">\n<p class=\"region\">",
                     TR (N_("Skip to the content")));
  _monia_web_append_escaped (page, page->region != NULL ? page->region : TR (N_("Family services")));
  _monia_web_append (page, "</p>\n<nav aria-label=\"%s\">\n<ul class=\"languages\">\n", TR (N_("Language")));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (g_str_equal (names[i].lang, page->lang))
        _monia_web_append (page, "<li><a href=\"%s?lang=%s\" lang=\"%s\" hreflang=\"%s\" aria-current=\"true\">%s</a></li>\n",
                           path, names[i].lang, names[i].lang, names[i].lang, names[i].name);
      else
        _monia_web_append (page, "<li><a href=\"%s?lang=%s\" lang=\"%s\" hreflang=\"%s\">%s</a></li>\n",
                           path, names[i].lang, names[i].lang, names[i].lang, names[i].name);
    }
  g_string_append (page->html, "</ul>\n</nav>\n</header>\n<main id=\"main\">\n");
}

void
_monia_web_end (MoniaWebPage *page)
{
  g_autofree char *phone = monia_server_store_get_setting (page->server->store, MONIA_SETTING_REGION_PHONE);

  g_string_append (page->html, "</main>\n<footer>\n");
  _monia_web_append (page, "<p class=\"emergency\">%s</p>\n",
                     TR (N_("In an emergency, or if a child is in danger, call 112.")));
  if (phone != NULL && *phone != '\0')
    {
      _monia_web_append (page, "<p>%s ", TR (N_("You can also call us:")));
      _monia_web_append_escaped (page, phone);
      g_string_append (page->html, "</p>\n");
    }
  _monia_web_append (page, "<nav aria-label=\"%s\">\n<ul class=\"links\">\n", TR (N_("About this service")));
  _monia_web_append (page, "<li><a href=\"/ask?lang=%s\">%s</a></li>\n", page->lang, TR (N_("Ask for help")));
  _monia_web_append (page, "<li><a href=\"/ask/answer?lang=%s\">%s</a></li>\n", page->lang,
                     TR (N_("Read the answer to your request")));
  _monia_web_append (page, "<li><a href=\"/privacy?lang=%s\">%s</a></li>\n", page->lang, TR (N_("Privacy notice")));
  _monia_web_append (page, "<li><a href=\"/accessibility?lang=%s\">%s</a></li>\n", page->lang,
                     TR (N_("Accessibility statement")));
  g_string_append (page->html, "</ul>\n</nav>\n</footer>\n</body>\n</html>\n");
}

void
_monia_web_set_security_headers (MoniaServer       *server,
                                 SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  /* Nothing from elsewhere, no script at all, forms only to this server,
   * never inside another site's frame. */
  soup_message_headers_replace (headers, "Content-Security-Policy",
                                "default-src 'none'; style-src 'self'; img-src 'self'; "
                                "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "X-Frame-Options", "DENY");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (headers, "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
  soup_message_headers_replace (headers, "Cross-Origin-Opener-Policy", "same-origin");
  soup_message_headers_replace (headers, "Cross-Origin-Resource-Policy", "same-origin");
  if (server->tls)
    soup_message_headers_replace (headers, "Strict-Transport-Security", "max-age=31536000");
}

void
_monia_web_reply (MoniaWebPage      *page,
                  SoupServerMessage *msg,
                  guint              status)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  gsize length = page->html->len;
  char *body = g_string_free (g_steal_pointer (&page->html), FALSE);

  page->html = g_string_new (NULL);
  /* libsoup 3.2 has no phrase of its own for 429. */
  soup_server_message_set_status (msg, status, status == 429 ? "Too Many Requests" : NULL);
  _monia_web_set_security_headers (page->server, msg);
  /* Pages carry a one-use form token or a person's own request. */
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "Content-Language", page->lang);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE, body, length);
}

char *
_monia_web_format_day (MoniaWebPage *page,
                       const GDate  *day)
{
  static const char * const weekdays[] = {
    NULL, NC_("on a day", "Monday"), NC_("on a day", "Tuesday"), NC_("on a day", "Wednesday"),
    NC_("on a day", "Thursday"), NC_("on a day", "Friday"), NC_("on a day", "Saturday"), NC_("on a day", "Sunday"),
  };
  static const char * const months[] = {
    NULL, NC_("of a month", "January"), NC_("of a month", "February"), NC_("of a month", "March"),
    NC_("of a month", "April"), NC_("of a month", "May"), NC_("of a month", "June"),
    NC_("of a month", "July"), NC_("of a month", "August"), NC_("of a month", "September"),
    NC_("of a month", "October"), NC_("of a month", "November"), NC_("of a month", "December"),
  };
  /* Translators: a day in words: {weekday} {day} {month} {year}, e.g.
   * "Thursday 11 December 2025"; the names come from the "on a day" and
   * "of a month" entries. Keep the braces' words as they are. */
  const char *format = TR (N_("{weekday} {day} {month} {year}"));
  g_autofree char *day_text = g_strdup_printf ("%u", g_date_get_day (day));
  g_autofree char *year_text = g_strdup_printf ("%u", g_date_get_year (day));
  g_autoptr(GString) out = g_string_new (format);

  g_string_replace (out, "{weekday}", _monia_web_ptext (page, "on a day", weekdays[g_date_get_weekday (day)]), 1);
  g_string_replace (out, "{day}", day_text, 1);
  g_string_replace (out, "{month}", _monia_web_ptext (page, "of a month", months[g_date_get_month (day)]), 1);
  g_string_replace (out, "{year}", year_text, 1);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
_monia_web_reply_problem (MoniaServer       *server,
                          SoupServerMessage *msg,
                          GHashTable        *query,
                          guint              status,
                          const char        *title,
                          const char        *text)
{
  g_autoptr(MoniaWebPage) page = _monia_web_page_new (server, _monia_web_choose_language (msg, query, NULL));

  _monia_web_begin (page, "/ask", TR (title), FALSE);
  g_string_append (page->html, "<h1>");
  _monia_web_append_escaped (page, TR (title));
  g_string_append (page->html, "</h1>\n<p>");
  _monia_web_append_escaped (page, TR (text));
  _monia_web_append (page, "</p>\n<p><a href=\"/ask?lang=%s\">%s</a></p>\n", page->lang,
                     TR (N_("Back to the form")));
  _monia_web_end (page);
  _monia_web_reply (page, msg, status);
}

/* The style sheet: plain, large enough to read and tap on a phone, and a
 * focus that shows. Colours keep at least 4.5:1 against their ground. */
static const char style_css[] =
  "*,*::before,*::after{box-sizing:border-box}\n"
  "html{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif;font-size:100%;"
  "line-height:1.5;color:#1b1b1b;background:#fff}\n"
  "body{margin:0 auto;max-width:44rem;padding:0 1rem 2rem;overflow-wrap:break-word}\n"
  "a{color:#0b4f8a;text-underline-offset:.15em}\n"
  "a:hover{color:#06335a}\n"
  ":focus-visible{outline:3px solid #c0581b;outline-offset:2px}\n"
  "input:focus-visible,textarea:focus-visible,select:focus-visible{outline:3px solid #c0581b;outline-offset:1px}\n"
  ".skip{position:absolute;left:-10000px;top:0}\n"
  ".skip:focus{position:static;display:inline-block;margin:.5rem 0;padding:.5rem;background:#fff}\n"
  "header.top{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.5rem;"
  "border-bottom:1px solid #6b6b6b;padding:.5rem 0}\n"
  ".region{margin:0;font-weight:600}\n"
  "ul.languages,ul.links{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}\n"
  "ul.languages a,ul.links a{display:inline-block;padding:.5rem 0;min-height:44px}\n"
  "a[aria-current]{font-weight:700;text-decoration:none}\n"
  /* Finnish words are long: a heading may break inside one on a phone. */
  "h1{font-size:1.75rem;line-height:1.25;margin:1.5rem 0 .75rem;hyphens:auto}\n"
  "h2{hyphens:auto}\n"
  "h2{font-size:1.25rem;margin:1.5rem 0 .5rem}\n"
  "label,legend{display:block;font-weight:600;margin:1.25rem 0 .25rem}\n"
  "fieldset{border:0;margin:1.25rem 0 0;padding:0}\n"
  "fieldset legend{margin-top:0}\n"
  ".hint{margin:0 0 .35rem;color:#4a4a4a}\n"
  "input[type=text],input[type=tel],input[type=email],select,textarea{display:block;width:100%;font:inherit;"
  "padding:.6rem;border:2px solid #5a5a5a;border-radius:4px;background:#fff;color:#1b1b1b;min-height:44px}\n"
  "textarea{min-height:10rem;resize:vertical}\n"
  ".choice{display:flex;align-items:flex-start;gap:.6rem;margin:.4rem 0}\n"
  ".choice input{width:1.5rem;height:1.5rem;margin:.1rem 0 0;flex:none}\n"
  ".choice label{font-weight:400;margin:0}\n"
  "button{font:inherit;font-weight:600;color:#fff;background:#0b4f8a;border:2px solid #0b4f8a;"
  "border-radius:4px;padding:.7rem 1.5rem;margin-top:1.5rem;min-height:44px;cursor:pointer}\n"
  "button:hover{background:#06335a}\n"
  "button:focus-visible{outline:3px solid #c0581b;outline-offset:3px}\n"
  ".error-summary{border:3px solid #b3261e;padding:.5rem 1rem;margin:1rem 0}\n"
  ".error-summary h2{margin-top:.5rem}\n"
  ".field-error{color:#b3261e;font-weight:600;margin:.25rem 0}\n"
  "[aria-invalid=true]{border-color:#b3261e!important;border-width:3px!important}\n"
  ".code{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:1.5rem;letter-spacing:.08em;"
  "font-weight:700;padding:.5rem .75rem;border:2px dashed #5a5a5a;display:inline-block;word-break:break-all}\n"
  ".answer{white-space:pre-wrap;border-left:4px solid #0b4f8a;padding:.25rem 0 .25rem 1rem}\n"
  ".trap{display:none}\n"
  "footer{margin-top:2.5rem;border-top:1px solid #6b6b6b;padding-top:.5rem}\n"
  ".emergency{font-weight:600}\n"
  "@media (min-width:48rem){h1{font-size:2rem}}\n";

void
_monia_server_web_style (MoniaServer       *self,
                         SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  _monia_web_set_security_headers (self, msg);
  soup_message_headers_replace (headers, "Cache-Control", "public, max-age=3600");
  soup_server_message_set_response (msg, "text/css; charset=utf-8", SOUP_MEMORY_STATIC,
                                    style_css, sizeof style_css - 1);
}

void
_monia_server_web_home (MoniaServer       *self,
                        SoupServerMessage *msg,
                        GHashTable        *query)
{
  const char *lang = _monia_web_choose_language (msg, query, NULL);
  g_autofree char *to = g_strdup_printf ("/ask?lang=%s", lang);

  _monia_web_set_security_headers (self, msg);
  soup_server_message_set_redirect (msg, SOUP_STATUS_SEE_OTHER, to);
}

static void
append_paragraph (MoniaWebPage *page,
                  const char   *text)
{
  g_string_append (page->html, "<p>");
  _monia_web_append_escaped (page, text);
  g_string_append (page->html, "</p>\n");
}

static void
append_heading (MoniaWebPage *page,
                const char   *text)
{
  g_string_append (page->html, "<h2>");
  _monia_web_append_escaped (page, text);
  g_string_append (page->html, "</h2>\n");
}

/* "Write to …" with the region's address as a link, or a general line. */
static void
append_contact (MoniaWebPage *page,
                const char   *lead)
{
  g_autofree char *email = monia_server_store_get_setting (page->server->store, MONIA_SETTING_REGION_EMAIL);

  g_string_append (page->html, "<p>");
  _monia_web_append_escaped (page, lead);
  if (email != NULL && *email != '\0')
    {
      g_autofree char *escaped = g_markup_escape_text (email, -1);
      g_autofree char *uri = g_uri_escape_string (email, "@.+-_", FALSE);

      _monia_web_append (page, " <a href=\"mailto:%s\">%s</a>", uri, escaped);
    }
  else
    {
      g_string_append_c (page->html, ' ');
      _monia_web_append_escaped (page, TR (N_("Write to the registry office of the wellbeing services county.")));
    }
  g_string_append (page->html, "</p>\n");
}

/* Act 306/2019 s.16: how far the service complies, what does not and why,
 * when and how the statement was made, feedback and its two weeks, and the
 * supervisory authority. */
void
_monia_server_web_accessibility (MoniaServer       *self,
                                 SoupServerMessage *msg,
                                 GHashTable        *query)
{
  g_autoptr(MoniaWebPage) page = _monia_web_page_new (self, _monia_web_choose_language (msg, query, NULL));
  g_autofree char *assessed_on = monia_server_store_get_setting (self->store, MONIA_SETTING_A11Y_ASSESSED_ON);
  g_autofree char *assessed_by = monia_server_store_get_setting (self->store, MONIA_SETTING_A11Y_ASSESSED_BY);
  g_autofree char *day_text = NULL;
  GDate day;

  if (!monia_date_parse_iso (assessed_on, &day, NULL))
    monia_date_parse_iso ("2025-12-07", &day, NULL);
  day_text = _monia_web_format_day (page, &day);

  _monia_web_begin (page, "/accessibility", TR (N_("Accessibility statement")), FALSE);
  _monia_web_append (page, "<h1>%s</h1>\n", TR (N_("Accessibility statement")));
  append_paragraph (page, TR (N_("This statement covers the pages of the “Ask for help” service: the form, the page "
                                 "shown after sending it, the answer page, the privacy notice and this statement. "
                                 "The service is provided by a wellbeing services county, and the Act on the "
                                 "Provision of Digital Services (306/2019) applies to it.")));

  append_heading (page, TR (N_("How accessible the service is")));
  append_paragraph (page, TR (N_("The service meets the accessibility requirements of WCAG 2.1 at levels A and AA. "
                                 "The pages work with the keyboard alone, when zoomed and on a phone, "
                                 "and they need no JavaScript.")));

  append_heading (page, TR (N_("Content that is not accessible")));
  append_paragraph (page, TR (N_("We know of no content that fails the requirements. If you find some, tell us: "
                                 "we will fix it or give you the service another way.")));

  append_heading (page, TR (N_("How this statement was made")));
  g_string_append (page->html, "<p>");
  {
    /* Translators: {date} is a day in words */
    g_autoptr(GString) made = g_string_new (TR (N_("This statement was made on {date}.")));
    g_autofree char *iso = monia_date_format_iso (&day);
    g_autofree char *escaped = g_markup_escape_text (day_text, -1);
    g_autofree char *time = g_strdup_printf ("<time datetime=\"%s\">%s</time>", iso, escaped);
    g_autofree char *text = NULL;

    text = g_markup_escape_text (made->str, -1);
    g_string_assign (made, text);
    g_string_replace (made, "{date}", time, 1);
    g_string_append (page->html, made->str);
  }
  g_string_append_c (page->html, ' ');
  if (g_strcmp0 (assessed_by, "external") == 0)
    _monia_web_append_escaped (page, TR (N_("It is based on an assessment by an outside expert.")));
  else
    _monia_web_append_escaped (page, TR (N_("It is based on our own assessment: automated checks of every page "
                                            "and tests with the keyboard alone, on a phone’s screen and a wide one.")));
  g_string_append_c (page->html, ' ');
  _monia_web_append_escaped (page, TR (N_("The statement is reviewed at least once a year.")));
  g_string_append (page->html, "</p>\n");

  append_heading (page, TR (N_("Feedback on accessibility")));
  append_contact (page, TR (N_("Did you notice a problem with accessibility? Tell us, and we will answer within "
                               "two weeks:")));

  append_heading (page, TR (N_("Supervisory authority")));
  append_paragraph (page, TR (N_("If you are not satisfied with our answer, or do not get one within two weeks, "
                                 "you can report it to the supervisory authority, the Regional State "
                                 "Administrative Agency for Southern Finland. Its web site "
                                 "saavutettavuusvaatimukset.fi tells how to report, and you can write to "
                                 "saavutettavuus@avi.fi or call its exchange, 0295 016 000.")));
  _monia_web_end (page);
  _monia_web_reply (page, msg, SOUP_STATUS_OK);
}

void
_monia_server_web_privacy (MoniaServer       *self,
                           SoupServerMessage *msg,
                           GHashTable        *query)
{
  g_autoptr(MoniaWebPage) page = _monia_web_page_new (self, _monia_web_choose_language (msg, query, NULL));

  _monia_web_begin (page, "/privacy", TR (N_("Privacy notice")), FALSE);
  _monia_web_append (page, "<h1>%s</h1>\n", TR (N_("Privacy notice")));

  append_heading (page, TR (N_("Who keeps your data")));
  append_paragraph (page, TR (N_("The wellbeing services county that provides the family services keeps what you "
                                 "send with the form. Only its professionals who answer requests for help see it.")));

  append_heading (page, TR (N_("Why")));
  append_paragraph (page, TR (N_("To answer your request and to guide you to the help you need. A request becomes "
                                 "part of the client records of social welfare, kept as the law requires.")));

  append_heading (page, TR (N_("What is kept")));
  append_paragraph (page, TR (N_("What you write, the choices you make on the form, the time you sent it, and the "
                                 "contact details you give. If you stay anonymous, your name and e-mail address "
                                 "are not kept; for a callback your phone number is.")));
  append_paragraph (page, TR (N_("Your internet address is not kept. To stop misuse, we keep a scrambled form of it "
                                 "for an hour. These pages use no cookies and load nothing from other sites.")));

  append_heading (page, TR (N_("Your rights")));
  append_contact (page, TR (N_("You may see the data kept about you, have mistakes corrected, and learn who has "
                               "seen it. Ask:")));
  _monia_web_end (page);
  _monia_web_reply (page, msg, SOUP_STATUS_OK);
}
