/* fuzz-server-util.c — monia-server in-process for the libFuzzer targets
 *
 * The request goes through libsoup's HTTP parsing and the server's real
 * handlers, on an in-memory connection: nothing of the server is left out
 * but the socket.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>
#include <sodium.h>

#include "fuzz-server-util.h"
#include "monia-server-private.h"

#define ANSWER_WAIT_S 20

/* Every Argon2id hash this process makes (accounts, and the dummy hash an
 * unknown login is checked against) costs the least libsodium allows:
 * verifying reads the cost from the hash, so a login takes microseconds
 * instead of a good part of a second, and the fuzzer reaches the whole
 * login path many times a second. The store's code is left as it is; this
 * definition takes the place of libsodium's in this program only. */
int
crypto_pwhash_str_alg (char                out[crypto_pwhash_STRBYTES],
                       const char * const  passwd,
                       unsigned long long  passwdlen,
                       unsigned long long  opslimit,
                       size_t              memlimit,
                       int                 alg)
{
  return crypto_pwhash_argon2id_str (out, passwd, passwdlen,
                                     crypto_pwhash_argon2id_OPSLIMIT_MIN,
                                     crypto_pwhash_argon2id_MEMLIMIT_MIN);
}

static GBytes *
exchange (FuzzServer   *fs,
          const char   *method,
          const char   *path,
          const char   *token,
          const char   *remote,
          const guint8 *body,
          gsize         length)
{
  g_autoptr(GString) request = g_string_new (NULL);
  g_autoptr(GBytes) request_bytes = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GSocketAddress) local_address = g_inet_socket_address_new_from_string ("127.0.0.1", 8443);
  g_autoptr(GSocketAddress) remote_address = g_inet_socket_address_new_from_string (remote, 50000);
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + ANSWER_WAIT_S * G_USEC_PER_SEC;

  g_string_append_printf (request, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Monia-Device: fuzz-device\r\n",
                          method, path);
  if (token != NULL)
    g_string_append_printf (request, "Authorization: Bearer %s\r\n", token);
  if (body != NULL)
    g_string_append_printf (request, "Content-Type: application/json\r\nContent-Length: %" G_GSIZE_FORMAT "\r\n",
                            length);
  g_string_append (request, "Connection: close\r\n\r\n");
  if (body != NULL)
    g_string_append_len (request, (const char *) body, (gssize) length);
  request_bytes = g_string_free_to_bytes (g_steal_pointer (&request));

  in = g_memory_input_stream_new_from_bytes (request_bytes);
  out = g_memory_output_stream_new_resizable ();
  stream = g_simple_io_stream_new (in, out);
  if (remote_address == NULL)
    fuzz_fail ("not an address", remote);
  if (!_monia_server_accept_iostream (fs->server, stream, local_address, remote_address, &error))
    fuzz_fail ("the server did not take the connection", error->message);

  /* The server closes the connection once the answer is written. */
  while (!g_output_stream_is_closed (out))
    {
      if (g_get_monotonic_time () > deadline)
        fuzz_fail ("no answer in time", path);
      g_main_context_iteration (NULL, TRUE);
    }
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

/* The status, and the body in *@out_body; aborts on anything a client
 * could not read. */
static guint
read_answer (GBytes      *answer,
             const char  *path,
             GBytes     **out_body)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (answer, &size);
  const char *end = size > 0 ? g_strstr_len (data, (gssize) size, "\r\n\r\n") : NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  guint status = 0;
  gsize offset;

  if (end == NULL || size < 12 || !g_str_has_prefix (data, "HTTP/1.1 ") ||
      sscanf (data + 9, "%3u", &status) != 1 || status < 100 || status > 599)
    fuzz_fail ("the answer is not HTTP", path);
  if (status == 500)
    fuzz_fail ("the server failed (500) on this request", path);

  offset = (gsize) (end - data) + 4;
  /* For writing seeds: what the server answered to each. */
  if (g_getenv ("MONIA_FUZZ_PRINT") != NULL)
    fprintf (stderr, "%s: %.*s\n", path, (int) (size - offset), data + offset);
  if (status != 204 &&
      (!json_parser_load_from_data (parser, data + offset, (gssize) (size - offset), NULL) ||
       !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))))
    fuzz_fail ("the answer's body is not a JSON object", path);
  if (out_body != NULL)
    *out_body = g_bytes_new_from_bytes (answer, offset, size - offset);
  return status;
}

guint
fuzz_server_request (FuzzServer   *fs,
                     const char   *method,
                     const char   *path,
                     const char   *token,
                     const char   *remote,
                     const guint8 *body,
                     gsize         length)
{
  g_autoptr(GBytes) answer = exchange (fs, method, path, token, remote, body, length);

  return read_answer (answer, path, NULL);
}

/* A push the server must take whole. */
static void
push_all (FuzzServer *fs,
          const char *token,
          const char *mutations)
{
  g_autofree char *body = g_strdup_printf ("{\"mutations\": [%s]}", mutations);
  g_autoptr(GBytes) answer = exchange (fs, "POST", "/v1/push", token, "127.0.0.1",
                                       (const guint8 *) body, strlen (body));
  g_autoptr(GBytes) reply = NULL;
  g_autofree char *text = NULL;

  if (read_answer (answer, "/v1/push", &reply) != 200)
    fuzz_fail ("setting up: a push was refused", body);
  text = g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
  if (strstr (text, "\"rejected\"") != NULL || strstr (text, "\"conflict\"") != NULL)
    fuzz_fail ("setting up: a mutation was not applied", text);
}

static char *
log_in (FuzzServer *fs,
        const char *login)
{
  g_autoptr(MoniaServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  char *token = NULL;

  account = monia_server_store_login (fs->store, login, FUZZ_PASSWORD, "127.0.0.1", "fuzz-setup",
                                      365 * 24 * 3600, &token, NULL, NULL, &error);
  if (account == NULL)
    fuzz_fail ("setting up: could not log in", error->message);
  return token;
}

static void
add_account (FuzzServer  *fs,
             const char  *login,
             const char  *name,
             const char  *org,
             const char  *team,
             MoniaRole    role,
             char       **out_id)
{
  g_autoptr(GError) error = NULL;
  char *id = monia_server_store_add_account (fs->store, login, name, org, team, role, FUZZ_PASSWORD, &error);

  if (id == NULL)
    fuzz_fail ("setting up: could not add an account", error->message);
  if (out_id != NULL)
    *out_id = id;
  else
    g_free (id);
}

#define MUTATION(id, kind, record, extra, fields) \
  "{\"id\": \"c0ffee00-0000-4000-8000-0000000001" id "\", \"kind\": \"" kind "\"," \
  " \"record_id\": \"" record "\", \"op\": \"create\", \"base_rev\": 0" extra "," \
  " \"fields\": {" fields "}}"

static void
set_up (FuzzServer *fs)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *other_token = NULL;

  fs->store = monia_server_store_open (fuzz_tmp_dir (), TRUE, &error);
  if (fs->store == NULL)
    fuzz_fail ("setting up: no store", error->message);
  add_account (fs, FUZZ_LOGIN, "Fuzz Intake", "Org A", "Team 1", MONIA_ROLE_INTAKE, &fs->account_id);
  add_account (fs, "fuzz-other", "Fuzz Other", "Org B", "Team 2", MONIA_ROLE_WORKER, NULL);
  fs->server = monia_server_new (fs->store, NULL);
  fs->token = log_in (fs, FUZZ_LOGIN);
  other_token = log_in (fs, "fuzz-other");

  push_all (fs, fs->token,
            MUTATION ("01", "case", FUZZ_CASE_ID, "",
                      "\"title\": \"Perhe 901\", \"status\": \"open\", \"opened_on\": \"2025-03-03\"") ","
            MUTATION ("02", "person", FUZZ_PERSON_ID, ", \"case_id\": \"" FUZZ_CASE_ID "\"",
                      "\"name\": \"Lapsi Testinen\", \"hetu\": \"220712A981K\", \"birth_date\": \"2012-07-22\"") ","
            MUTATION ("03", "case_person", FUZZ_CASE_PERSON_ID, "",
                      "\"case_id\": \"" FUZZ_CASE_ID "\", \"person_id\": \"" FUZZ_PERSON_ID "\","
                      " \"relation\": \"child\"") ","
            MUTATION ("04", "assessment", FUZZ_ASSESSMENT_ID, "",
                      "\"case_id\": \"" FUZZ_CASE_ID "\", \"kind\": \"child_welfare_s26\","
                      " \"pending_on\": \"2025-03-03\"") ","
            MUTATION ("05", "plan", FUZZ_PLAN_ID, "",
                      "\"case_id\": \"" FUZZ_CASE_ID "\", \"version\": 1, \"status\": \"draft\"") ","
            MUTATION ("06", "goal", FUZZ_GOAL_ID, "",
                      "\"case_id\": \"" FUZZ_CASE_ID "\", \"plan_id\": \"" FUZZ_PLAN_ID "\","
                      " \"text\": \"Koulunkäynti sujuu\", \"position\": 1") ","
            MUTATION ("07", "help_request", FUZZ_HELP_ID, "",
                      "\"channel\": \"phone\", \"received_at\": 1767225600, \"anonymous\": true,"
                      " \"topic\": \"Jaksaminen\""));
  push_all (fs, other_token,
            MUTATION ("08", "case", FUZZ_OTHER_CASE_ID, "", "\"title\": \"Perhe 902\""));
}

FuzzServer *
fuzz_server_get (void)
{
  static FuzzServer *fs;

  if (fs == NULL)
    {
      fs = g_new0 (FuzzServer, 1);
      set_up (fs);
    }
  return fs;
}
