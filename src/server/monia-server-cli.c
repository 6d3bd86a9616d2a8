/* monia-server-cli.c — init, user add, serve, audit verify/checkpoint/upgrade
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-server-cli"

#include "config.h"

#include "monia-server-cli.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <sodium.h>

#include "monia-error.h"
#include "monia-server.h"
#include "monia-server-ask.h"

#define EXIT_USAGE 2

static void
print_usage (void)
{
  g_printerr ("%s\n",
              _("Usage:\n"
                "  monia-server --data DIR [--database URI] init\n"
                "  monia-server --data DIR [--database URI] user add LOGIN --name NAME --org ORG --team TEAM --role worker|lead|intake|admin\n"
                "  monia-server --data DIR [--database URI] user disable LOGIN\n"
                "  monia-server --data DIR [--database URI] serve --listen ADDR:PORT [--tls-cert FILE --tls-key FILE]\n"
                "  monia-server --data DIR [--database URI] settings [set KEY VALUE | unset KEY]\n"
                "  monia-server --data DIR [--database URI] audit verify [--checkpoint FILE]\n"
                "  monia-server --data DIR [--database URI] audit checkpoint > FILE\n"
                "  monia-server --data DIR [--database URI] audit upgrade\n"
                "  monia-server migrate --from DIR --to URI\n"
                "Without --database the store is the SQLite file in DIR; with it, the PostgreSQL\n"
                "database of the URI (postgresql://…). The audit keys are files in DIR either way."));
}

static int
fail (const GError *error)
{
  g_printerr ("monia-server: %s\n", error->message);
  return 1;
}

/* One line from standard input, without echoing it on a terminal. */
static char *
read_password (GError **error)
{
  GString *line = g_string_new (NULL);
  struct termios saved, quiet;
  gboolean tty = isatty (STDIN_FILENO);
  int c;

  if (tty)
    {
      g_printerr ("%s", _("Password: "));
      if (tcgetattr (STDIN_FILENO, &saved) == 0)
        {
          quiet = saved;
          quiet.c_lflag &= ~(tcflag_t) ECHO;
          tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
        }
      else
        tty = FALSE;
    }

  /* Bounded: a password is not a file. */
  while (line->len < 1024 && (c = getchar ()) != EOF && c != '\n')
    g_string_append_c (line, (char) c);
  if (line->len > 0 && line->str[line->len - 1] == '\r')
    g_string_truncate (line, line->len - 1);

  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      g_printerr ("\n");
    }

  if (line->len == 0)
    {
      g_string_free (line, TRUE);
      g_set_error_literal (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                           _("Give the password on standard input."));
      return NULL;
    }
  return g_string_free (line, FALSE);
}

static void
password_free (char *password)
{
  if (password != NULL)
    {
      sodium_memzero (password, strlen (password));
      g_free (password);
    }
}

static int
cmd_init (const char *data_dir,
          const char *database)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaServerStore) store = monia_server_store_open_database (data_dir, database, TRUE, &error);
  g_autofree char *public_key = NULL;

  if (store == NULL)
    return fail (error);
  g_print (_("Made a server store in %s.\n"), database != NULL ? monia_server_store_get_path (store) : data_dir);
  public_key = monia_server_store_audit_public_key (store, &error);
  if (public_key == NULL)
    return fail (error);
  g_print (_("Back up %s and %s apart from the database’s backups, and keep them from others. "
             "Audit checkpoints will be signed with the key %s: write it down away from this server.\n"),
           MONIA_SERVER_AUDIT_KEY_FILE, MONIA_SERVER_AUDIT_SIGN_KEY_FILE, public_key);
  return 0;
}

static int
cmd_user_add (const char *data_dir,
              const char *database,
              int         argc,
              char      **argv)
{
  g_autofree char *name = NULL, *org = NULL, *team = NULL, *role_text = NULL;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The person’s name"), N_("NAME") },
    { "org", 0, 0, G_OPTION_ARG_STRING, &org, N_("Their organisation"), N_("ORG") },
    { "team", 0, 0, G_OPTION_ARG_STRING, &team, N_("Their team"), N_("TEAM") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role_text, N_("worker, lead, intake or admin"), N_("ROLE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("add LOGIN"));
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaServerStore) store = NULL;
  g_autofree char *id = NULL;
  char *password;
  MoniaRole role;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("monia-server: %s\n", error->message);
      return EXIT_USAGE;
    }
  /* argv: "user", "add", LOGIN */
  if (argc != 3 || !g_str_equal (argv[1], "add") || name == NULL || org == NULL || team == NULL ||
      role_text == NULL)
    {
      print_usage ();
      return EXIT_USAGE;
    }
  if (!monia_role_from_string (role_text, &role))
    {
      g_printerr ("monia-server: %s\n", _("The role must be worker, lead, intake or admin."));
      return EXIT_USAGE;
    }

  store = monia_server_store_open_database (data_dir, database, FALSE, &error);
  if (store == NULL)
    return fail (error);

  password = read_password (&error);
  if (password == NULL)
    return fail (error);
  id = monia_server_store_add_account (store, argv[2], name, org, team, role, password, &error);
  password_free (password);
  if (id == NULL)
    return fail (error);

  g_print ("%s\n", id);
  return 0;
}

static int
cmd_user_disable (const char *data_dir,
                  const char *database,
                  const char *login)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaServerStore) store = monia_server_store_open_database (data_dir, database, FALSE, &error);

  if (store == NULL || !monia_server_store_disable_account (store, login, &error))
    return fail (error);
  g_print (_("The account “%s” can no longer log in, and its sessions have ended.\n"), login);
  return 0;
}

static int
cmd_audit_verify (MoniaServerStore *store,
                  const char       *checkpoint_file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *when = NULL;
  gsize length = 0;
  gint64 n = 0, covered = 0;
  GStatBuf st;

  if (checkpoint_file == NULL)
    {
      if (!monia_server_store_audit_verify (store, &n, &error))
        return fail (error);
      g_print (g_dngettext (GETTEXT_PACKAGE, "The audit log is intact: %lld entry.\n",
                            "The audit log is intact: %lld entries.\n", (gulong) n),
               (long long) n);
      return 0;
    }

  /* A checkpoint is a few hundred bytes; do not read a disk image. */
  if (g_stat (checkpoint_file, &st) == 0 && st.st_size > 64 * 1024)
    {
      g_printerr ("monia-server: %s\n", _("This is not a Monia audit checkpoint, or it is damaged."));
      return 1;
    }
  if (!g_file_get_contents (checkpoint_file, &contents, &length, &error))
    return fail (error);
  if (!monia_server_store_audit_verify_checkpoint (store, contents, length, &n, &covered, &when, &error))
    return fail (error);
  g_print (g_dngettext (GETTEXT_PACKAGE,
                        "The audit log is intact: %lld entry, and the checkpoint of %s still holds (entries 1–%lld).\n",
                        "The audit log is intact: %lld entries, and the checkpoint of %s still holds (entries 1–%lld).\n",
                        (gulong) n),
           (long long) n, when, (long long) covered);
  return 0;
}

static int
cmd_audit_checkpoint (MoniaServerStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *checkpoint = monia_server_store_audit_checkpoint (store, &error);

  if (checkpoint == NULL)
    return fail (error);
  g_print ("%s\n", checkpoint);
  /* On standard error, so standard output is the checkpoint alone. */
  g_printerr ("%s\n", _("Keep this checkpoint away from this server: "
                         "“audit verify --checkpoint FILE” checks the log against it."));
  return 0;
}

static int
cmd_audit (const char *data_dir,
           const char *database,
           int         argc,
           char      **argv)
{
  g_autofree char *checkpoint_file = NULL;
  GOptionEntry entries[] = {
    { "checkpoint", 0, 0, G_OPTION_ARG_FILENAME, &checkpoint_file,
      N_("Check that the log still holds this checkpoint"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("verify|checkpoint|upgrade"));
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaServerStore) store = NULL;
  gint64 n = 0;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("monia-server: %s\n", error->message);
      return EXIT_USAGE;
    }
  /* argv: "audit", what */
  if (argc != 2 ||
      !(g_str_equal (argv[1], "verify") ||
        (checkpoint_file == NULL && (g_str_equal (argv[1], "checkpoint") || g_str_equal (argv[1], "upgrade")))))
    {
      print_usage ();
      return EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "upgrade"))
    {
      if (!monia_server_store_audit_upgrade (data_dir, database, &n, &error))
        return fail (error);
      g_print (g_dngettext (GETTEXT_PACKAGE,
                            "The audit log was intact (%lld entry) and now has a key. Back up %s and %s.\n",
                            "The audit log was intact (%lld entries) and now has a key. Back up %s and %s.\n",
                            (gulong) n),
               (long long) n, MONIA_SERVER_AUDIT_KEY_FILE, MONIA_SERVER_AUDIT_SIGN_KEY_FILE);
      return 0;
    }

  store = monia_server_store_open_database (data_dir, database, FALSE, &error);
  if (store == NULL)
    return fail (error);
  if (g_str_equal (argv[1], "checkpoint"))
    return cmd_audit_checkpoint (store);
  return cmd_audit_verify (store, checkpoint_file);
}

/* settings: each key, its value and what it is; set and unset change one. */
static int
cmd_settings (const char  *data_dir,
              const char  *database,
              int          argc,
              char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaServerStore) store = NULL;
  const MoniaServerSetting *settings;
  guint n = 0;

  /* argv: "settings" [, "set", KEY, VALUE | "unset", KEY] */
  if (!(argc == 1 || (argc == 4 && g_str_equal (argv[1], "set")) || (argc == 3 && g_str_equal (argv[1], "unset"))))
    {
      print_usage ();
      return EXIT_USAGE;
    }
  store = monia_server_store_open_database (data_dir, database, FALSE, &error);
  if (store == NULL)
    return fail (error);

  if (argc > 1)
    {
      if (!monia_server_store_set_setting (store, argv[2], argc == 4 ? argv[3] : NULL, &error))
        {
          g_printerr ("monia-server: %s\n", error->message);
          return g_error_matches (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT) ? EXIT_USAGE : 1;
        }
    }

  settings = monia_server_settings_get_all (&n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *value = monia_server_store_get_setting (store, settings[i].key);

      if (argc > 1 && !g_str_equal (settings[i].key, argv[2]))
        continue;
      /* Scripts read "KEY = VALUE"; the summary is for people. */
      g_print ("%s = %s\n", settings[i].key, value);
      if (argc == 1)
        g_print ("    %s\n", _(settings[i].summary));
    }
  return 0;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_CONTINUE;
}

static GInetSocketAddress *
parse_listen (const char  *text,
              GError     **error)
{
  g_autoptr(GSocketConnectable) connectable = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  const char *host;
  guint16 port;

  connectable = g_network_address_parse (text, 0, NULL);
  if (connectable == NULL)
    goto bad;
  host = g_network_address_get_hostname (G_NETWORK_ADDRESS (connectable));
  port = g_network_address_get_port (G_NETWORK_ADDRESS (connectable));
  if (g_str_equal (host, "localhost"))
    inet = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  else
    inet = g_inet_address_new_from_string (host);
  if (inet == NULL || strrchr (text, ':') == NULL)
    goto bad;
  return G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (inet, port));

bad:
  g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
               _("“%s” is not an address to listen on; write it as 127.0.0.1:8443 or [::1]:8443."), text);
  return NULL;
}

static int
cmd_serve (const char *data_dir,
           const char *database,
           int         argc,
           char      **argv)
{
  g_autofree char *listen = NULL, *cert_file = NULL, *key_file = NULL, *locale_dir = NULL;
  gint64 lifetime = MONIA_SERVER_DEFAULT_TOKEN_LIFETIME;
  GOptionEntry entries[] = {
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, N_("Address and port to listen on"), N_("ADDR:PORT") },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &cert_file, N_("TLS certificate (PEM)"), N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &key_file, N_("TLS private key (PEM)"), N_("FILE") },
    { "token-lifetime", 0, 0, G_OPTION_ARG_INT64, &lifetime, N_("Seconds a login lasts"), N_("SECONDS") },
    { "locale-dir", 0, 0, G_OPTION_ARG_FILENAME, &locale_dir,
      N_("Where the public pages find their translations (by default the installed ones)"), N_("DIR") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaServerStore) store = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GInetSocketAddress) address = NULL;
  g_autoptr(MoniaServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *host = NULL;
  guint sigint, sigterm;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("monia-server: %s\n", error->message);
      return EXIT_USAGE;
    }
  if (argc != 1 || listen == NULL || (cert_file == NULL) != (key_file == NULL) || lifetime <= 0)
    {
      print_usage ();
      return EXIT_USAGE;
    }

  address = parse_listen (listen, &error);
  if (address == NULL)
    {
      g_printerr ("monia-server: %s\n", error->message);
      return EXIT_USAGE;
    }
  if (cert_file == NULL && !g_inet_address_get_is_loopback (g_inet_socket_address_get_address (address)))
    {
      g_printerr ("monia-server: %s\n",
                  _("Listening beyond this machine needs TLS: give --tls-cert and --tls-key."));
      return EXIT_USAGE;
    }

  if (cert_file != NULL)
    {
      certificate = g_tls_certificate_new_from_files (cert_file, key_file, &error);
      if (certificate == NULL)
        return fail (error);
    }

  store = monia_server_store_open_database (data_dir, database, FALSE, &error);
  if (store == NULL)
    return fail (error);

  server = monia_server_new (store, certificate);
  monia_server_set_token_lifetime (server, lifetime);
  if (locale_dir != NULL)
    monia_server_set_locale_dir (server, locale_dir);
  if (!monia_server_listen (server, address, &error))
    return fail (error);

  host = g_inet_address_to_string (g_inet_socket_address_get_address (address));
  g_print ("%s %s://%s%s%s:%u/\n", _("Listening on"), certificate ? "https" : "http",
           strchr (host, ':') ? "[" : "", host, strchr (host, ':') ? "]" : "",
           monia_server_get_port (server));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  sigint = g_unix_signal_add (SIGINT, quit_cb, loop);
  sigterm = g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  monia_server_disconnect (server);
  return 0;
}

static int
cmd_migrate (int    argc,
             char **argv)
{
  g_autofree char *from = NULL, *to = NULL;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from, N_("The data folder of the SQLite store"), N_("DIR") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("The empty PostgreSQL database to move it into"), N_("URI") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  gint64 rows = 0, entries_n = 0;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("monia-server: %s\n", error->message);
      return EXIT_USAGE;
    }
  if (argc != 1 || from == NULL || to == NULL)
    {
      print_usage ();
      return EXIT_USAGE;
    }
  if (!monia_server_store_migrate (from, to, &rows, &entries_n, &error))
    return fail (error);
  g_print (g_dngettext (GETTEXT_PACKAGE,
                        "Copied the store into the database: %lld rows; its audit log is intact there (%lld entry).\n",
                        "Copied the store into the database: %lld rows; its audit log is intact there (%lld entries).\n",
                        (gulong) entries_n),
           (long long) rows, (long long) entries_n);
  g_print (_("Serve it with “monia-server --data %s --database URI serve …”; the folder keeps the audit keys, "
             "and its own store as it was.\n"), from);
  return 0;
}

/* “--name VALUE” or “--name=VALUE” at argv[*i]: the value, and *i past it. */
static const char *
take_option (int          argc,
             char       **argv,
             int         *i,
             const char  *name)
{
  gsize length = strlen (name);

  if (g_str_equal (argv[*i], name) && *i + 1 < argc)
    {
      *i += 2;
      return argv[*i - 1];
    }
  if (g_str_has_prefix (argv[*i], name) && argv[*i][length] == '=')
    {
      *i += 1;
      return argv[*i - 1] + length + 1;
    }
  return NULL;
}

int
monia_server_main (int    argc,
                   char **argv)
{
  const char *data_dir = NULL;
  const char *database = NULL;
  int first = 1;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  while (first < argc)
    {
      const char *value;

      if ((value = take_option (argc, argv, &first, "--data")) != NULL)
        data_dir = value;
      else if ((value = take_option (argc, argv, &first, "--database")) != NULL)
        database = value;
      else
        break;
    }

  if (first < argc && g_str_equal (argv[first], "migrate") && data_dir == NULL && database == NULL)
    return cmd_migrate (argc - first, argv + first);

  if (data_dir == NULL || *data_dir == '\0' || (database != NULL && *database == '\0') || first >= argc)
    {
      print_usage ();
      return EXIT_USAGE;
    }

  argc -= first;
  argv += first;

  if (g_str_equal (argv[0], "init") && argc == 1)
    return cmd_init (data_dir, database);
  if (g_str_equal (argv[0], "user") && argc == 3 && g_str_equal (argv[1], "disable"))
    return cmd_user_disable (data_dir, database, argv[2]);
  if (g_str_equal (argv[0], "user"))
    return cmd_user_add (data_dir, database, argc, argv);
  if (g_str_equal (argv[0], "serve"))
    return cmd_serve (data_dir, database, argc, argv);
  if (g_str_equal (argv[0], "audit"))
    return cmd_audit (data_dir, database, argc, argv);
  if (g_str_equal (argv[0], "settings"))
    return cmd_settings (data_dir, database, argc, argv);

  print_usage ();
  return EXIT_USAGE;
}
