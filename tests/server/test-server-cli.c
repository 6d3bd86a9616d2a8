/* test-server-cli.c — the monia-server binary: init, user add, audit, serve
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sodium.h>

#include "monia-core.h"
#include "monia-server-store.h"
#include "monia-test-util.h"

#define PASSWORD "a long enough secret"

/* With MONIA_TEST_PG (the PostgreSQL run of the server suite) each data
 * folder's store is in a database of its own: folder → URI. */
static GHashTable *databases;
/* Folders whose store stays in SQLite in that run too (a region to move). */
static GHashTable *sqlite_folders;

static const char *
database_of (const char *data)
{
  char *uri;

  if (g_getenv ("MONIA_TEST_PG") == NULL || g_hash_table_contains (sqlite_folders, data))
    return NULL;
  uri = g_hash_table_lookup (databases, data);
  if (uri == NULL)
    {
      uri = monia_test_database_new ();
      g_hash_table_insert (databases, g_strdup (data), uri);
    }
  return uri;
}

static char *
server_binary (void)
{
  return g_test_build_filename (G_TEST_BUILT, "..", "src", "server", "monia-server", NULL);
}

/* Runs monia-server with @input on standard input; returns the exit status. */
static int
run (const char  *input,
     char       **out_stdout,
     char       **out_stderr,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, server_binary ());
  va_start (ap, out_stderr);
  while ((arg = va_arg (ap, const char *)) != NULL)
    {
      g_ptr_array_add (args, g_strdup (arg));
      /* The folder's database goes with it. */
      if (g_str_equal (arg, "--data") && (arg = va_arg (ap, const char *)) != NULL)
        {
          g_ptr_array_add (args, g_strdup (arg));
          if (database_of (arg) != NULL)
            {
              g_ptr_array_add (args, g_strdup ("--database"));
              g_ptr_array_add (args, g_strdup (database_of (arg)));
            }
        }
      if (arg == NULL)
        break;
    }
  va_end (ap);
  g_ptr_array_add (args, NULL);

  process = g_subprocess_newv ((const char * const *) args->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input ? input : "", NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (out_stdout != NULL)
    *out_stdout = g_steal_pointer (&out);
  if (out_stderr != NULL)
    *out_stderr = g_steal_pointer (&err);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

static void
sql (const char *dir,
     const char *statement)
{
  g_assert_cmpint (monia_test_database_exec (dir, database_of (dir), statement), ==, 1);
}

/* Runs statements that change @n_changes rows in all. */
static void
sql_n (const char *dir,
       const char *statements,
       int         n_changes)
{
  g_assert_cmpint (monia_test_database_exec (dir, database_of (dir), statements), ==, n_changes);
}

static void
copy_file (const char *from,
           const char *to,
           const char *name)
{
  g_autofree char *a = g_build_filename (from, name, NULL);
  g_autofree char *b = g_build_filename (to, name, NULL);
  g_autoptr(GFile) fa = g_file_new_for_path (a);
  g_autoptr(GFile) fb = g_file_new_for_path (b);
  g_autoptr(GError) error = NULL;

  g_file_copy (fa, fb, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (b, 0600), ==, 0);
}

static void
copy_store (const char *from,
            const char *to)
{
  if (database_of (from) != NULL)
    g_hash_table_insert (databases, g_strdup (to), monia_test_database_copy (database_of (from)));
  else
    /* The WAL is folded in when the last connection closes. */
    copy_file (from, to, MONIA_SERVER_STORE_FILE);
  copy_file (from, to, MONIA_SERVER_AUDIT_KEY_FILE);
  copy_file (from, to, MONIA_SERVER_AUDIT_SIGN_KEY_FILE);
}

static GBytes *
read_key (const char *dir,
          const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new (contents, length);
}

/* "<byte length>:<bytes>", or "~" for none: the chain's canonical text as
 * docs/sync-protocol.md gives it. */
static void
canonical_field (GString    *out,
                 const char *value)
{
  if (value == NULL)
    g_string_append_c (out, '~');
  else
    g_string_append_printf (out, "%zu:%s", strlen (value), value);
}

/* What a forger who can write the database does, from the documentation
 * alone (the tester's 20 lines of Python): recompute every entry's
 * prev_hash and hash in order, with @key (a stolen audit.key) or, without
 * it, unkeyed, and set the head kept in meta to the new last entry. */
static void
forge_chain (const char *dir,
             GBytes     *key)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GString) updates = g_string_new (NULL);
  char prev[65] = "0000000000000000000000000000000000000000000000000000000000000000";
  const char *last = "0";

  rows = monia_test_database_query (dir, database_of (dir),
                                    "SELECT seq, at, actor, action, record_kind, record_id, case_id,"
                                    " person_ids, reason, device FROM audit ORDER BY seq");
  for (guint r = 0; r < rows->len; r++)
    {
      GPtrArray *row = rows->pdata[r];
      g_autoptr(GString) canonical = g_string_new (NULL);
      crypto_generichash_state state;
      guint8 digest[32];
      char hash[65];

      for (guint i = 0; i < 10; i++)
        canonical_field (canonical, row->pdata[i]);
      crypto_generichash_init (&state, key ? g_bytes_get_data (key, NULL) : NULL,
                               key ? g_bytes_get_size (key) : 0, sizeof digest);
      crypto_generichash_update (&state, (const guint8 *) prev, 64);
      crypto_generichash_update (&state, (const guint8 *) canonical->str, canonical->len);
      crypto_generichash_final (&state, digest, sizeof digest);
      sodium_bin2hex (hash, sizeof hash, digest, sizeof digest);

      last = row->pdata[0];
      g_string_append_printf (updates, "UPDATE audit SET prev_hash = '%s', hash = '%s' WHERE seq = %s;",
                              prev, hash, last);
      memcpy (prev, hash, sizeof prev);
    }
  g_string_append_printf (updates, "UPDATE meta SET value = '%s' WHERE key = 'audit_head_seq';"
                                   "UPDATE meta SET value = '%s' WHERE key = 'audit_head_hash';",
                          last, prev);
  g_assert_cmpint (monia_test_database_exec (dir, database_of (dir), updates->str), ==, rows->len + 2);
}

static char *
take_checkpoint (const char *data,
                 const char *dir,
                 const char *name)
{
  g_autofree char *out = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (run (NULL, &out, NULL, "--data", data, "audit", "checkpoint", NULL), ==, 0);
  g_file_set_contents (path, out, -1, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static void
add_user (const char *data,
          const char *login,
          const char *role)
{
  g_autofree char *out = NULL, *err = NULL;
  int status = run (PASSWORD "\n", &out, &err, "--data", data, "user", "add", login,
                    "--name", "Test Person", "--org", "Org A", "--team", "Team 1", "--role", role, NULL);

  g_assert_cmpint (status, ==, 0);
  g_strstrip (out);
  g_assert_true (g_uuid_string_is_valid (out));
  /* The password is never echoed */
  g_assert_null (strstr (out, PASSWORD));
  g_assert_null (strstr (err, PASSWORD));
}

static void
test_init_and_users (void)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();
  g_autofree char *data = g_build_filename (dir, "region", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *db_path = g_build_filename (data, MONIA_SERVER_STORE_FILE, NULL);
  g_autoptr(GBytes) contents = NULL;

  g_assert_cmpint (run (NULL, NULL, NULL, "--data", data, "init", NULL), ==, 0);
  g_assert_true (database_of (data) != NULL || g_file_test (db_path, G_FILE_TEST_EXISTS));
  /* A second init leaves the first alone */
  g_assert_cmpint (run (NULL, NULL, &err, "--data", data, "init", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "already"));
  g_clear_pointer (&err, g_free);

  add_user (data, "alice", "worker");
  add_user (data, "lead", "lead");

  /* A duplicate login, a bad role, a short password, no password */
  g_assert_cmpint (run (PASSWORD "\n", NULL, NULL, "--data", data, "user", "add", "alice", "--name", "X",
                        "--org", "O", "--team", "T", "--role", "worker", NULL), ==, 1);
  g_assert_cmpint (run (PASSWORD "\n", NULL, NULL, "--data", data, "user", "add", "zed", "--name", "X",
                        "--org", "O", "--team", "T", "--role", "boss", NULL), ==, 2);
  g_assert_cmpint (run ("short\n", NULL, NULL, "--data", data, "user", "add", "zed", "--name", "X",
                        "--org", "O", "--team", "T", "--role", "worker", NULL), ==, 1);
  g_assert_cmpint (run ("", NULL, NULL, "--data", data, "user", "add", "zed", "--name", "X",
                        "--org", "O", "--team", "T", "--role", "worker", NULL), ==, 1);
  g_assert_cmpint (run (NULL, NULL, NULL, "--data", data, "frobnicate", NULL), ==, 2);

  /* The password is not in the store either, only its Argon2id hash */
  if (database_of (data) == NULL)
    {
      contents = monia_test_read_file (db_path);
      g_assert_null (g_strstr_len (g_bytes_get_data (contents, NULL), (gssize) g_bytes_get_size (contents), PASSWORD));
    }
  g_assert_cmpint (monia_test_database_query_int (data, database_of (data),
                                                  "SELECT count(*) FROM accounts WHERE password_hash LIKE '$argon2id$%'"),
                   ==, 2);
  g_assert_cmpint (monia_test_database_query_int (data, database_of (data),
                                                  "SELECT count(*) FROM accounts WHERE password_hash LIKE '%" PASSWORD "%'"),
                   ==, 0);

  g_assert_cmpint (run (NULL, &out, NULL, "--data", data, "audit", "verify", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "2 entries"));

  monia_test_tmp_dir_remove (dir);
}

static void
test_audit_tamper (void)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();
  g_autofree char *data = g_build_filename (dir, "region", NULL);
  g_autofree char *copy1 = g_build_filename (dir, "copy1", NULL);
  g_autofree char *copy2 = g_build_filename (dir, "copy2", NULL);
  g_autofree char *copy3 = g_build_filename (dir, "copy3", NULL);
  g_autofree char *err = NULL;

  g_assert_cmpint (run (NULL, NULL, NULL, "--data", data, "init", NULL), ==, 0);
  add_user (data, "alice", "worker");
  add_user (data, "bob", "worker");
  add_user (data, "carol", "admin");
  g_assert_cmpint (run (NULL, NULL, NULL, "--data", data, "audit", "verify", NULL), ==, 0);

  g_mkdir (copy1, 0700);
  g_mkdir (copy2, 0700);
  g_mkdir (copy3, 0700);
  copy_store (data, copy1);
  copy_store (data, copy2);
  copy_store (data, copy3);

  /* One entry altered */
  sql (data, "UPDATE audit SET action = 'nothing' WHERE seq = 2");
  g_assert_cmpint (run (NULL, NULL, &err, "--data", data, "audit", "verify", NULL), !=, 0);
  g_assert_nonnull (strstr (err, "entry 2"));
  g_clear_pointer (&err, g_free);

  /* One entry removed from the middle */
  sql (copy1, "DELETE FROM audit WHERE seq = 2");
  g_assert_cmpint (run (NULL, NULL, &err, "--data", copy1, "audit", "verify", NULL), !=, 0);
  g_clear_pointer (&err, g_free);

  /* The last entry removed */
  sql (copy2, "DELETE FROM audit WHERE seq = 3");
  g_assert_cmpint (run (NULL, NULL, NULL, "--data", copy2, "audit", "verify", NULL), !=, 0);

  /* An entry's time moved */
  sql (copy3, "UPDATE audit SET at = at - 3600 WHERE seq = 1");
  g_assert_cmpint (run (NULL, NULL, NULL, "--data", copy3, "audit", "verify", NULL), !=, 0);

  monia_test_tmp_dir_remove (dir);
}

/* A region of three accounts and a checkpoint of its log, then two more. */
static void
make_checkpointed_store (const char  *dir,
                         const char  *data,
                         char       **out_checkpoint)
{
  g_assert_cmpint (run (NULL, NULL, NULL, "--data", data, "init", NULL), ==, 0);
  add_user (data, "alice", "worker");
  add_user (data, "bob", "worker");
  add_user (data, "carol", "admin");
  *out_checkpoint = take_checkpoint (data, dir, "checkpoint.json");
  add_user (data, "dave", "worker");
  add_user (data, "erin", "lead");
  g_assert_cmpint (run (NULL, NULL, NULL, "--data", data, "audit", "verify", "--checkpoint", *out_checkpoint, NULL), ==, 0);
}

static void
test_audit_keys (void)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();
  g_autofree char *data = g_build_filename (dir, "region", NULL);
  g_autofree char *key = g_build_filename (data, MONIA_SERVER_AUDIT_KEY_FILE, NULL);
  g_autofree char *sign = g_build_filename (data, MONIA_SERVER_AUDIT_SIGN_KEY_FILE, NULL);
  g_autofree char *moved = g_build_filename (dir, "audit.key.saved", NULL);
  g_autofree char *out = NULL, *err = NULL;
  const char *files[] = { key, sign };
  g_autoptr(GBytes) key1 = NULL;
  g_autoptr(GBytes) key2 = NULL;

  g_assert_cmpint (run (NULL, &out, NULL, "--data", data, "init", NULL), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      GStatBuf st;

      g_assert_cmpint (g_stat (files[i], &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
      g_assert_cmpint (st.st_size, ==, 32);
    }
  /* init names the public key that will sign checkpoints */
  {
    g_autofree char *checkpoint = NULL;
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GError) error = NULL;
    const char *public_key;

    add_user (data, "alice", "worker");
    checkpoint = take_checkpoint (data, dir, "cp.json");
    json_parser_load_from_file (parser, checkpoint, &error);
    g_assert_no_error (error);
    public_key = json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "public_key");
    g_assert_cmpuint (strlen (public_key), ==, 64);
    g_assert_nonnull (strstr (out, public_key));
  }

  /* Two stores, two keys */
  {
    g_autofree char *other = g_build_filename (dir, "other", NULL);

    g_assert_cmpint (run (NULL, NULL, NULL, "--data", other, "init", NULL), ==, 0);
    key1 = read_key (data, MONIA_SERVER_AUDIT_KEY_FILE);
    key2 = read_key (other, MONIA_SERVER_AUDIT_KEY_FILE);
    g_assert_false (g_bytes_equal (key1, key2));
  }

  /* Without its key the store is not opened, not even to serve, rather
   * than keep the log unkeyed */
  g_assert_cmpint (g_rename (key, moved), ==, 0);
  g_assert_cmpint (run (NULL, NULL, &err, "--data", data, "audit", "verify", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "audit key"));
  g_assert_nonnull (strstr (err, "backup"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, NULL, &err, "--data", data, "serve", "--listen", "127.0.0.1:0", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "audit key"));
  g_clear_pointer (&err, g_free);
  /* … nor is it re-keyed, which would launder the log */
  g_assert_cmpint (run (NULL, NULL, &err, "--data", data, "audit", "upgrade", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "nothing to upgrade"));
  g_clear_pointer (&err, g_free);
  g_assert_false (g_file_test (key, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_rename (moved, key), ==, 0);

  /* A key others can read is refused */
  g_assert_cmpint (g_chmod (key, 0644), ==, 0);
  g_assert_cmpint (run (NULL, NULL, &err, "--data", data, "audit", "verify", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "chmod 600"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (g_chmod (key, 0600), ==, 0);

  /* Another key than the chain's */
  {
    g_autoptr(GError) error = NULL;

    g_file_set_contents (key, g_bytes_get_data (key2, NULL), 32, &error);
    g_assert_no_error (error);
    g_assert_cmpint (g_chmod (key, 0600), ==, 0);
    g_assert_cmpint (run (NULL, NULL, &err, "--data", data, "audit", "verify", NULL), ==, 1);
    g_assert_nonnull (strstr (err, "entry 1"));
    g_clear_pointer (&err, g_free);
    g_file_set_contents (key, g_bytes_get_data (key1, NULL), 32, &error);
    g_assert_no_error (error);
    g_assert_cmpint (g_chmod (key, 0600), ==, 0);
  }
  g_assert_cmpint (run (NULL, NULL, NULL, "--data", data, "audit", "verify", NULL), ==, 0);

  /* init keeps away from a leftover key, and leaves no store behind */
  {
    g_autofree char *fresh = g_build_filename (dir, "fresh", NULL);

    g_assert_cmpint (g_mkdir (fresh, 0700), ==, 0);
    copy_file (data, fresh, MONIA_SERVER_AUDIT_SIGN_KEY_FILE);
    g_assert_cmpint (run (NULL, NULL, &err, "--data", fresh, "init", NULL), ==, 1);
    g_assert_nonnull (strstr (err, MONIA_SERVER_AUDIT_SIGN_KEY_FILE));
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run (NULL, NULL, &err, "--data", fresh, "audit", "verify", NULL), ==, 1);
    g_assert_nonnull (strstr (err, "no server store"));
    g_clear_pointer (&err, g_free);
  }

  monia_test_tmp_dir_remove (dir);
}

/* (a) The last entries deleted and the head in meta set to match. */
static void
test_audit_truncated (void)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();
  g_autofree char *data = g_build_filename (dir, "region", NULL);
  g_autofree char *checkpoint = NULL;
  g_autofree char *out = NULL, *err = NULL;

  make_checkpointed_store (dir, data, &checkpoint);

  sql_n (data,
         "DELETE FROM audit WHERE seq > 2;"
         "UPDATE meta SET value = '2' WHERE key = 'audit_head_seq';"
         "UPDATE meta SET value = (SELECT hash FROM audit WHERE seq = 2) WHERE key = 'audit_head_hash';",
         5);
  /* Entries 1 and 2 are untouched and the head agrees with them: the
   * database alone cannot tell that there were more. */
  g_assert_cmpint (run (NULL, &out, NULL, "--data", data, "audit", "verify", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "2 entries"));
  /* The checkpoint taken at entry 3, kept elsewhere and signed, can: it
   * vouches for an entry 3 that is gone. */
  g_assert_cmpint (run (NULL, NULL, &err, "--data", data, "audit", "verify", "--checkpoint", checkpoint, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "removed"));
  g_assert_nonnull (strstr (err, "up to entry 3"));
  g_assert_nonnull (strstr (err, "ends at entry 2"));

  monia_test_tmp_dir_remove (dir);
}

/* (b) An entry rewritten, and the whole chain recomputed by someone who
 * has the database but not audit.key. */
static void
test_audit_rechained_without_key (void)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();
  g_autofree char *data = g_build_filename (dir, "region", NULL);
  g_autofree char *err = NULL;

  g_assert_cmpint (run (NULL, NULL, NULL, "--data", data, "init", NULL), ==, 0);
  add_user (data, "alice", "worker");
  add_user (data, "bob", "worker");
  add_user (data, "carol", "admin");

  /* Who added bob's account is hidden, and the chain made whole again */
  sql (data, "UPDATE audit SET action = 'nothing', device = NULL WHERE seq = 2");
  forge_chain (data, NULL);

  /* No checkpoint needed: without the key no entry's hash is right */
  g_assert_cmpint (run (NULL, NULL, &err, "--data", data, "audit", "verify", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "entry 1"));
  g_assert_nonnull (strstr (err, "audit key"));

  monia_test_tmp_dir_remove (dir);
}

/* (c) The same by someone who also read audit.key (root on the server). */
static void
test_audit_rechained_with_key (void)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();
  g_autofree char *data = g_build_filename (dir, "region", NULL);
  g_autofree char *checkpoint = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GBytes) key = NULL;

  make_checkpointed_store (dir, data, &checkpoint);

  key = read_key (data, MONIA_SERVER_AUDIT_KEY_FILE);
  sql (data, "UPDATE audit SET action = 'nothing', device = NULL WHERE seq = 2");
  forge_chain (data, key);

  /* With the key the forged chain is as good as the real one */
  g_assert_cmpint (run (NULL, NULL, NULL, "--data", data, "audit", "verify", NULL), ==, 0);
  /* but entry 3's hash is not the one signed in the checkpoint, and the
   * signing key cannot make a checkpoint of the past the admin does not
   * already hold. */
  g_assert_cmpint (run (NULL, NULL, &err, "--data", data, "audit", "verify", "--checkpoint", checkpoint, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "rewritten"));
  g_assert_nonnull (strstr (err, "entry 3"));

  monia_test_tmp_dir_remove (dir);
}

static void
test_audit_checkpoint_forged (void)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();
  g_autofree char *data = g_build_filename (dir, "region", NULL);
  g_autofree char *other = g_build_filename (dir, "other", NULL);
  g_autofree char *checkpoint = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *text = NULL;
  g_autofree char *forged = g_build_filename (dir, "forged.json", NULL);
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  struct { const char *from, *to, *message; } edits[] = {
    /* fewer entries vouched for, to hide a cut */
    { "\"entries\" : 3", "\"entries\" : 2", "signature" },
    { "\"time\" : \"2", "\"time\" : \"1", "signature" },
    { "\"kind\" : \"monia-audit-checkpoint\"", "\"kind\" : \"other\"", "not a Monia audit checkpoint" },
    { "\"version\" : 1", "\"version\" : 2", "not a Monia audit checkpoint" },
    { "\"entries\" : 3", "\"entries\" : -3", "not a Monia audit checkpoint" },
    { "\"entries\" : 3", "\"entries\" : \"3\"", "not a Monia audit checkpoint" },
    { "{", "[", "not a Monia audit checkpoint" },
  };

  g_assert_cmpint (run (NULL, NULL, NULL, "--data", data, "init", NULL), ==, 0);
  add_user (data, "alice", "worker");
  add_user (data, "bob", "worker");
  add_user (data, "carol", "admin");
  checkpoint = take_checkpoint (data, dir, "checkpoint.json");
  g_assert_true (g_file_get_contents (checkpoint, &text, NULL, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autoptr(GString) changed = g_string_new (text);

      g_assert_cmpuint (g_string_replace (changed, edits[i].from, edits[i].to, 1), ==, 1);
      g_file_set_contents (forged, changed->str, -1, &error);
      g_assert_no_error (error);
      g_assert_cmpint (run (NULL, NULL, &err, "--data", data, "audit", "verify", "--checkpoint", forged, NULL), ==, 1);
      g_assert_nonnull (strstr (err, edits[i].message));
      g_clear_pointer (&err, g_free);
    }

  /* A checkpoint another server signed, of a log like this one */
  g_assert_cmpint (run (NULL, NULL, NULL, "--data", other, "init", NULL), ==, 0);
  add_user (other, "alice", "worker");
  theirs = take_checkpoint (other, dir, "theirs.json");
  g_assert_cmpint (run (NULL, NULL, &err, "--data", data, "audit", "verify", "--checkpoint", theirs, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "another key"));
  g_clear_pointer (&err, g_free);

  /* No file, an empty one, a large one, a wrong command line */
  g_assert_cmpint (run (NULL, NULL, NULL, "--data", data, "audit", "verify", "--checkpoint",
                        "/nonexistent/checkpoint.json", NULL), ==, 1);
  g_file_set_contents (forged, "", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run (NULL, NULL, NULL, "--data", data, "audit", "verify", "--checkpoint", forged, NULL), ==, 1);
  {
    g_autofree char *large = g_malloc0 (100 * 1024);

    memset (large, ' ', 100 * 1024 - 1);
    large[0] = '{';
    g_file_set_contents (forged, large, -1, &error);
    g_assert_no_error (error);
    g_assert_cmpint (run (NULL, NULL, &err, "--data", data, "audit", "verify", "--checkpoint", forged, NULL), ==, 1);
    g_assert_nonnull (strstr (err, "not a Monia audit checkpoint"));
    g_clear_pointer (&err, g_free);
  }
  g_assert_cmpint (run (NULL, NULL, NULL, "--data", data, "audit", "checkpoint", "--checkpoint", checkpoint, NULL), ==, 2);
  g_assert_cmpint (run (NULL, NULL, NULL, "--data", data, "audit", NULL), ==, 2);

  /* The genuine one still holds */
  g_assert_cmpint (run (NULL, NULL, NULL, "--data", data, "audit", "verify", "--checkpoint", checkpoint, NULL), ==, 0);

  monia_test_tmp_dir_remove (dir);
}

/* Turns a store into one made before audit keys: schema 1, an unkeyed
 * chain, no key files. */
static void
make_unkeyed (const char *data)
{
  g_autofree char *key = g_build_filename (data, MONIA_SERVER_AUDIT_KEY_FILE, NULL);
  g_autofree char *sign = g_build_filename (data, MONIA_SERVER_AUDIT_SIGN_KEY_FILE, NULL);

  forge_chain (data, NULL);
  sql (data, "UPDATE meta SET value = '1' WHERE key = 'schema_version'");
  g_assert_cmpint (g_unlink (key), ==, 0);
  g_assert_cmpint (g_unlink (sign), ==, 0);
}

static void
test_audit_upgrade (void)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();
  g_autofree char *data = g_build_filename (dir, "region", NULL);
  g_autofree char *broken = g_build_filename (dir, "broken", NULL);
  g_autofree char *key = g_build_filename (data, MONIA_SERVER_AUDIT_KEY_FILE, NULL);
  g_autofree char *broken_key = g_build_filename (broken, MONIA_SERVER_AUDIT_KEY_FILE, NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *checkpoint = NULL;

  if (g_getenv ("MONIA_TEST_PG") != NULL)
    {
      /* Only a SQLite store is older than audit keys. */
      g_test_skip ("a SQLite store from before audit keys");
      return;
    }
  g_assert_cmpint (run (NULL, NULL, NULL, "--data", data, "init", NULL), ==, 0);
  add_user (data, "alice", "worker");
  add_user (data, "bob", "worker");
  g_mkdir (broken, 0700);
  copy_store (data, broken);
  make_unkeyed (data);
  make_unkeyed (broken);
  sql (broken, "UPDATE audit SET action = 'nothing' WHERE seq = 1");

  /* Refused, saying what to run */
  g_assert_cmpint (run (NULL, NULL, &err, "--data", data, "audit", "verify", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "audit upgrade"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (PASSWORD "\n", NULL, &err, "--data", data, "user", "add", "carol", "--name", "X",
                        "--org", "O", "--team", "T", "--role", "worker", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "audit upgrade"));
  g_clear_pointer (&err, g_free);

  /* A broken chain is not carried over under a key */
  g_assert_cmpint (run (NULL, NULL, &err, "--data", broken, "audit", "upgrade", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "entry 1"));
  g_clear_pointer (&err, g_free);
  g_assert_false (g_file_test (broken_key, G_FILE_TEST_EXISTS));

  g_assert_cmpint (run (NULL, &out, NULL, "--data", data, "audit", "upgrade", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "2 entries"));
  g_clear_pointer (&out, g_free);
  g_assert_true (g_file_test (key, G_FILE_TEST_EXISTS));
  /* The two entries and one saying the log got its key */
  g_assert_cmpint (run (NULL, &out, NULL, "--data", data, "audit", "verify", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "3 entries"));
  g_clear_pointer (&out, g_free);
  add_user (data, "carol", "worker");
  checkpoint = take_checkpoint (data, dir, "checkpoint.json");
  g_assert_cmpint (run (NULL, NULL, NULL, "--data", data, "audit", "verify", "--checkpoint", checkpoint, NULL), ==, 0);

  /* Once is enough */
  g_assert_cmpint (run (NULL, NULL, &err, "--data", data, "audit", "upgrade", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "nothing to upgrade"));

  monia_test_tmp_dir_remove (dir);
}

static void
test_serve_refuses_open_listen (void)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();
  g_autofree char *err = NULL;

  g_assert_cmpint (run (NULL, NULL, NULL, "--data", dir, "init", NULL), ==, 0);
  g_assert_cmpint (run (NULL, NULL, &err, "--data", dir, "serve", "--listen", "0.0.0.0:0", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "TLS"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, NULL, &err, "--data", dir, "serve", "--listen", "nonsense", NULL), ==, 2);
  /* A certificate without its key */
  g_assert_cmpint (run (NULL, NULL, NULL, "--data", dir, "serve", "--listen", "127.0.0.1:0",
                        "--tls-cert", "/nonexistent.pem", NULL), ==, 2);

  monia_test_tmp_dir_remove (dir);
}

typedef struct
{
  char     *line;
  gboolean  done;
} LineWait;

static void
line_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  LineWait *w = data;

  w->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, NULL);
  w->done = TRUE;
}

static void
test_serve_loopback (void)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();
  g_autofree char *binary = server_binary ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autofree char *uri = NULL;
  LineWait w = { 0 };
  gint64 deadline;
  const char *prefix = "Listening on ";

  g_assert_cmpint (run (NULL, NULL, NULL, "--data", dir, "init", NULL), ==, 0);
  add_user (dir, "alice", "worker");

  if (database_of (dir) != NULL)
    process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, binary, "--data", dir,
                                "--database", database_of (dir), "serve", "--listen", "127.0.0.1:0", NULL);
  else
    process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                binary, "--data", dir, "serve", "--listen", "127.0.0.1:0", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, line_read_cb, &w);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!w.done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);
  g_assert_true (w.done);
  g_assert_nonnull (w.line);
  g_assert_true (g_str_has_prefix (w.line, prefix));
  g_assert_true (g_str_has_prefix (w.line + strlen (prefix), "http://127.0.0.1:"));

  uri = g_strdup_printf ("%sv1/login", w.line + strlen (prefix));
  session = soup_session_new_with_options ("timeout", 20, NULL);
  msg = soup_message_new ("POST", uri);
  {
    const char *body = "{\"login\":\"alice\",\"password\":\"" PASSWORD "\"}";
    g_autoptr(GBytes) bytes = g_bytes_new_static (body, strlen (body));

    soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  }
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (reply, NULL), (gssize) g_bytes_get_size (reply), "\"token\""));

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  /* The login is in the audit log, and the log is whole */
  {
    g_autofree char *text = NULL;

    g_assert_cmpint (run (NULL, &text, NULL, "--data", dir, "audit", "verify", NULL), ==, 0);
    g_assert_nonnull (strstr (text, "2 entries"));
  }

  g_free (w.line);
  monia_test_tmp_dir_remove (dir);
}

static void
drop_database (gpointer key,
               gpointer value,
               gpointer data)
{
  monia_test_database_drop (value);
}

static JsonArray *
parse_results (JsonNode *reply)
{
  return json_object_get_array_member (json_node_get_object (reply), "results");
}

static JsonArray *
push_json (MoniaServerStore   *store,
           MoniaServerAccount *account,
           const char         *mutations,
           JsonNode          **out_reply)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, mutations, -1, &error);
  g_assert_no_error (error);
  *out_reply = monia_server_store_push (store, account, "test-device",
                                        json_node_get_array (json_parser_get_root (parser)), NULL, &error);
  g_assert_no_error (error);
  return parse_results (*out_reply);
}

static gint64
count_in (const char *data,
          const char *uri,
          const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);

  return monia_test_database_query_int (data, uri, sql);
}

/* A region moved from its SQLite folder into PostgreSQL: every table
 * whole, the audit chain intact with the same key, sessions and passwords
 * still working, and the folder's store left as it was. */
static void
test_migrate (void)
{
  g_autofree char *dir = monia_test_tmp_dir_new ();
  g_autofree char *data = g_build_filename (dir, "region", NULL);
  g_autofree char *broken = g_build_filename (dir, "broken", NULL);
  g_autofree char *uri = NULL, *broken_uri = NULL;
  g_autofree char *out = NULL, *err = NULL, *token = NULL;
  g_autofree char *case_id = monia_id_new (), *goal_id = monia_id_new (), *plan_id = monia_id_new ();
  g_autofree char *mutations = NULL, *edit1 = NULL, *edit2 = NULL, *verify_before = NULL;
  g_autoptr(GError) error = NULL;
  static const char *const table_names[] = {
    "meta", "accounts", "tokens", "login_attempts", "records", "record_history", "feeds", "feed_entries",
    "case_members", "served_cases", "applied_mutations", "conflicts",
  };
  gint64 n_audit;

  if (g_getenv ("MONIA_TEST_PG") == NULL)
    {
      g_test_skip ("moving a region into PostgreSQL needs the PostgreSQL run");
      return;
    }
  g_hash_table_add (sqlite_folders, g_strdup (data));
  g_hash_table_add (sqlite_folders, g_strdup (broken));

  /* A region with some history: accounts, a session, a case with a plan,
   * a goal edited twice, a conflict, reads. */
  g_assert_cmpint (run (NULL, NULL, NULL, "--data", data, "init", NULL), ==, 0);
  add_user (data, "alice", "worker");
  add_user (data, "bob", "worker");
  {
    g_autoptr(MoniaServerStore) store = monia_server_store_open (data, FALSE, &error);
    g_autoptr(MoniaServerAccount) alice = NULL, bob = NULL;
    g_autoptr(JsonNode) r1 = NULL, r2 = NULL, r3 = NULL;
    g_autoptr(GBytes) page = NULL;
    g_autofree char *id1 = monia_id_new (), *id2 = monia_id_new (), *id3 = monia_id_new ();
    g_autofree char *id4 = monia_id_new (), *id5 = monia_id_new ();
    g_autofree char *id6 = monia_id_new (), *id7 = monia_id_new ();
    g_autofree char *bob_token = NULL;

    g_assert_no_error (error);
    alice = monia_server_store_login (store, "alice", PASSWORD, "127.0.0.1", "laptop", 3600, &token, NULL, NULL, &error);
    g_assert_no_error (error);
    bob = monia_server_store_login (store, "bob", PASSWORD, "127.0.0.1", "laptop", 3600, &bob_token, NULL, NULL, &error);
    g_assert_no_error (error);
    mutations = g_strdup_printf ("[{\"id\":\"%s\",\"kind\":\"case\",\"record_id\":\"%s\",\"op\":\"create\",\"base_rev\":0,"
                                 "\"fields\":{\"title\":\"Family 931\",\"status\":\"open\"}},"
                                 "{\"id\":\"%s\",\"kind\":\"participant\",\"record_id\":\"%s\",\"op\":\"create\",\"base_rev\":0,"
                                 "\"fields\":{\"case_id\":\"%s\",\"professional_id\":\"%s\",\"role\":\"pair\"}},"
                                 "{\"id\":\"%s\",\"kind\":\"plan\",\"record_id\":\"%s\",\"op\":\"create\",\"base_rev\":0,"
                                 "\"fields\":{\"case_id\":\"%s\",\"version\":1}},"
                                 "{\"id\":\"%s\",\"kind\":\"goal\",\"record_id\":\"%s\",\"op\":\"create\",\"base_rev\":0,"
                                 "\"fields\":{\"case_id\":\"%s\",\"plan_id\":\"%s\",\"text\":\"Sleep at night\\ttab\\nline\",\"position\":1}}]",
                                 id1, case_id, id2, id5, case_id, bob->id, id3, plan_id, case_id, id4, goal_id, case_id, plan_id);
    {
      JsonArray *results = push_json (store, alice, mutations, &r1);

      for (guint i = 0; i < 4; i++)
        g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, i), "status"),
                         ==, "applied");
    }
    edit1 = g_strdup_printf ("[{\"id\":\"%s\",\"kind\":\"goal\",\"record_id\":\"%s\",\"op\":\"update\",\"base_rev\":1,"
                             "\"fields\":{\"text\":\"Alice’s words\"}}]", id6, goal_id);
    edit2 = g_strdup_printf ("[{\"id\":\"%s\",\"kind\":\"goal\",\"record_id\":\"%s\",\"op\":\"update\",\"base_rev\":1,"
                             "\"fields\":{\"text\":\"Bob’s words\"}}]", id7, goal_id);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (push_json (store, alice, edit1, &r2), 0),
                                                    "status"), ==, "applied");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (push_json (store, bob, edit2, &r3), 0),
                                                    "status"), ==, "conflict");
    page = monia_server_store_pull (store, bob, "laptop", case_id, 0, 100, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (run (NULL, &verify_before, NULL, "--data", data, "audit", "verify", NULL), ==, 0);
  n_audit = count_in (data, NULL, "audit");
  g_assert_cmpint (n_audit, >, 10);

  /* Moved */
  uri = monia_test_database_new ();
  g_assert_cmpint (run (NULL, &out, &err, "migrate", "--from", data, "--to", uri, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "intact"));
  for (guint i = 0; i < G_N_ELEMENTS (table_names); i++)
    g_assert_cmpint (count_in (NULL, uri, table_names[i]), ==, count_in (data, NULL, table_names[i]));
  /* The chain as it was, and one entry more: the move itself */
  g_assert_cmpint (count_in (NULL, uri, "audit"), ==, n_audit + 1);
  g_assert_cmpint (monia_test_database_query_int (NULL, uri, "SELECT count(*) FROM audit WHERE action = 'store_migrated'"),
                   ==, 1);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (NULL, &out, NULL, "--data", data, "--database", uri, "audit", "verify", NULL), ==, 0);
  {
    g_autofree char *expected = g_strdup_printf ("%lld entries", (long long) n_audit + 1);

    g_assert_nonnull (strstr (out, expected));
  }
  /* The folder's own store is as it was */
  g_assert_cmpint (count_in (data, NULL, "audit"), ==, n_audit);

  /* The database serves as the folder did */
  {
    g_autoptr(MoniaServerStore) store = monia_server_store_open_database (data, uri, FALSE, &error);
    g_autoptr(MoniaServerAccount) alice = NULL, again = NULL;
    g_autoptr(GBytes) page = NULL;
    g_autofree char *new_token = NULL;
    const char *text;

    g_assert_no_error (error);
    alice = monia_server_store_authenticate (store, token, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (alice->login, ==, "alice");
    again = monia_server_store_login (store, "bob", PASSWORD, "127.0.0.1", "laptop", 3600, &new_token, NULL, NULL, &error);
    g_assert_no_error (error);
    page = monia_server_store_pull (store, alice, "laptop", case_id, 0, 100, &error);
    g_assert_no_error (error);
    text = g_bytes_get_data (page, NULL);
    g_assert_nonnull (g_strstr_len (text, (gssize) g_bytes_get_size (page), "Alice’s words"));
    g_assert_nonnull (g_strstr_len (text, (gssize) g_bytes_get_size (page), "Bob’s words"));   /* the conflict */
  }
  g_assert_cmpint (run (NULL, NULL, NULL, "--data", data, "--database", uri, "audit", "verify", NULL), ==, 0);

  /* Not into a database that holds a store */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, NULL, &err, "migrate", "--from", data, "--to", uri, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "already"));
  g_clear_pointer (&err, g_free);

  /* Not a chain that does not verify */
  g_mkdir (broken, 0700);
  copy_store (data, broken);
  sql (broken, "UPDATE audit SET action = 'nothing' WHERE seq = 3");
  broken_uri = monia_test_database_new ();
  g_assert_cmpint (run (NULL, NULL, &err, "migrate", "--from", broken, "--to", broken_uri, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "entry 3"));
  g_assert_cmpint (monia_test_database_query_int (NULL, broken_uri,
                                                  "SELECT count(*) FROM pg_catalog.pg_tables WHERE tablename = 'meta'"), ==, 0);
  g_clear_pointer (&err, g_free);
  /* Nor a wrong command line */
  g_assert_cmpint (run (NULL, NULL, NULL, "migrate", "--from", data, NULL), ==, 2);
  g_assert_cmpint (run (NULL, NULL, &err, "migrate", "--from", data, "--to", "/tmp/not-a-database", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "PostgreSQL URI"));

  monia_test_database_drop (uri);
  monia_test_database_drop (broken_uri);
  monia_test_tmp_dir_remove (dir);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);
  databases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite_folders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_test_add_func ("/server-cli/init-and-users", test_init_and_users);
  g_test_add_func ("/server-cli/audit-tamper", test_audit_tamper);
  g_test_add_func ("/server-cli/audit-keys", test_audit_keys);
  g_test_add_func ("/server-cli/audit-truncated", test_audit_truncated);
  g_test_add_func ("/server-cli/audit-rechained-without-key", test_audit_rechained_without_key);
  g_test_add_func ("/server-cli/audit-rechained-with-key", test_audit_rechained_with_key);
  g_test_add_func ("/server-cli/audit-checkpoint-forged", test_audit_checkpoint_forged);
  g_test_add_func ("/server-cli/audit-upgrade", test_audit_upgrade);
  g_test_add_func ("/server-cli/serve-refuses-open-listen", test_serve_refuses_open_listen);
  g_test_add_func ("/server-cli/serve-loopback", test_serve_loopback);
  g_test_add_func ("/server-cli/migrate", test_migrate);

  status = g_test_run ();
  g_hash_table_foreach (databases, drop_database, NULL);
  g_hash_table_unref (databases);
  g_hash_table_unref (sqlite_folders);
  return status;
}
