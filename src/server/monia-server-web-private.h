/* monia-server-web-private.h — the server's public pages: language,
 * page shell and headers, shared by monia-server-web.c and -ask.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "monia-server-private.h"

G_BEGIN_DECLS

/* A page being written, in the language the request asked for. */
typedef struct
{
  MoniaServer *server;
  const char  *lang;        /* "fi", "sv" or "en" */
  GHashTable  *catalogue;   /* msgid → msgstr, or NULL for English */
  GString     *html;
  char        *region;      /* the region's name, or NULL */
} MoniaWebPage;

/* The request's language: ?lang=, else the form's lang, else the best of
 * Accept-Language among fi, sv and en, else Finnish. */
const char   *_monia_web_choose_language (SoupServerMessage *msg,
                                          GHashTable        *query,
                                          GHashTable        *form);
MoniaWebPage *_monia_web_page_new        (MoniaServer       *server,
                                          const char        *lang);
void          _monia_web_page_free       (MoniaWebPage      *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MoniaWebPage, _monia_web_page_free)

/* @msgid translated into the page's language (marked for xgettext where it is written). */
const char   *_monia_web_text            (MoniaWebPage      *page,
                                          const char        *msgid) G_GNUC_FORMAT (2);
const char   *_monia_web_ptext           (MoniaWebPage      *page,
                                          const char        *context,
                                          const char        *msgid);
/* Appends @text escaped for HTML (text or an attribute value). */
void          _monia_web_append_escaped  (MoniaWebPage      *page,
                                          const char        *text);
/* Appends printf-style HTML; %s arguments are NOT escaped. */
void          _monia_web_append          (MoniaWebPage      *page,
                                          const char        *format,
                                          ...) G_GNUC_PRINTF (2, 3);
/* Opens the page: doctype, <html lang>, head, header with the language
 * links (to @path), <main>. @error_title puts "Error: " before the title. */
void          _monia_web_begin           (MoniaWebPage      *page,
                                          const char        *path,
                                          const char        *title,
                                          gboolean           error_title);
/* Closes <main>, adds the footer with the links every page has. */
void          _monia_web_end             (MoniaWebPage      *page);
/* Sends the page with the security headers. */
void          _monia_web_reply           (MoniaWebPage      *page,
                                          SoupServerMessage *msg,
                                          guint              status);
void          _monia_web_set_security_headers (MoniaServer       *server,
                                               SoupServerMessage *msg);
/* "torstaina 11. joulukuuta 2025" / "torsdag 11 december 2025" /
 * "Thursday 11 December 2025" */
char         *_monia_web_format_day      (MoniaWebPage      *page,
                                          const GDate       *day);
/* A short page for 413, 429 and the like. */
void          _monia_web_reply_problem   (MoniaServer       *server,
                                          SoupServerMessage *msg,
                                          GHashTable        *query,
                                          guint              status,
                                          const char        *title,
                                          const char        *text);

/* The handlers of the routes (monia-server-ask.c, -web.c). */
void _monia_server_web_style         (MoniaServer *self, SoupServerMessage *msg);
void _monia_server_web_accessibility (MoniaServer *self, SoupServerMessage *msg, GHashTable *query);
void _monia_server_web_privacy       (MoniaServer *self, SoupServerMessage *msg, GHashTable *query);
void _monia_server_web_home          (MoniaServer *self, SoupServerMessage *msg, GHashTable *query);
void _monia_server_ask_form          (MoniaServer *self, SoupServerMessage *msg, GHashTable *query);
void _monia_server_ask_post          (MoniaServer *self, SoupServerMessage *msg, GHashTable *query);
void _monia_server_ask_answer_form   (MoniaServer *self, SoupServerMessage *msg, GHashTable *query);
void _monia_server_ask_answer_post   (MoniaServer *self, SoupServerMessage *msg, GHashTable *query);

G_END_DECLS
