/* monia-ctl-token.c — where monia-ctl keeps a login without a keyring
 *
 * On a server, in a script or in CI there is often no keyring. There the
 * token is kept in a file readable by its user alone:
 *
 *   $XDG_CONFIG_HOME/<application id>/logins/<host>_<port>_<hash>.token
 *
 * one per server and login (the hash is of both, so two accounts or two
 * servers on one host never share a file). The file is written whole under
 * a temporary name, created with mode 0600 from the start, and renamed into
 * place. A file that others may read or change, or that another user owns,
 * is never used: its token may have been read, or be someone else's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-ctl"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "monia-ctl.h"

/* Tokens are 43 characters today; anything much longer is not one. */
#define MAX_TOKEN 1024

gboolean
monia_ctl_token_is_valid (const char *token)
{
  gsize len = token ? strlen (token) : 0;

  if (len == 0 || len > MAX_TOKEN)
    return FALSE;
  /* It goes into an HTTP header: visible ASCII only. */
  for (gsize i = 0; i < len; i++)
    if (token[i] <= ' ' || token[i] > '~')
      return FALSE;
  return TRUE;
}

static char *
token_folder (void)
{
  return g_build_filename (g_get_user_config_dir (), APPLICATION_ID, "logins", NULL);
}

char *
monia_ctl_token_path (const char *url,
                      const char *login)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *key = g_strconcat (url, "\n", login, NULL);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  g_autofree char *host = g_strdup (uri && g_uri_get_host (uri) ? g_uri_get_host (uri) : "server");
  g_autofree char *folder = token_folder ();
  g_autofree char *name = NULL;

  /* The host names the file for a person; the hash keeps it apart. */
  g_strcanon (host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-", '_');
  name = g_strdup_printf ("%s_%d_%.16s.token", host, uri ? g_uri_get_port (uri) : -1, hash);
  return g_build_filename (folder, name, NULL);
}

gboolean
monia_ctl_token_save (const char  *url,
                      const char  *login,
                      const char  *token,
                      char       **path_out,
                      GError     **error)
{
  g_autofree char *folder = token_folder ();
  g_autofree char *path = monia_ctl_token_path (url, login);
  g_autofree char *text = g_strconcat (token, "\n", NULL);
  g_autoptr(GError) local_error = NULL;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, MONIA_ERROR, MONIA_ERROR_FAILED,
                   _("The login could not be kept in the folder “%s”: %s"), folder, g_strerror (saved_errno));
      return FALSE;
    }
  /* Created under a temporary name with mode 0600, then renamed over any
   * old file: never a moment with a readable or half-written token. */
  if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_FAILED,
                   _("The login could not be kept in a file: %s"), local_error->message);
      memset (text, 0, strlen (text));
      return FALSE;
    }
  memset (text, 0, strlen (text));
  if (path_out != NULL)
    *path_out = g_steal_pointer (&path);
  return TRUE;
}

char *
monia_ctl_token_load (const char  *url,
                      const char  *login,
                      GError     **error)
{
  g_autofree char *path = monia_ctl_token_path (url, login);
  char buffer[MAX_TOKEN + 3];
  struct stat info;
  ssize_t len;
  int fd;

  fd = g_open (path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT)
        return NULL;
      if (saved_errno == ELOOP)
        g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                     _("The kept login “%s” is not a plain file, so it was not used. Remove it and log in again."),
                     path);
      else
        g_set_error (error, MONIA_ERROR, MONIA_ERROR_FAILED,
                     _("The kept login “%s” cannot be read: %s"), path, g_strerror (saved_errno));
      return NULL;
    }

  if (fstat (fd, &info) != 0 || !S_ISREG (info.st_mode))
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("The kept login “%s” is not a plain file, so it was not used. Remove it and log in again."),
                   path);
      close (fd);
      return NULL;
    }
  if (info.st_uid != geteuid ())
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("The kept login “%s” belongs to another user, so it was not used. Remove it and log in again."),
                   path);
      close (fd);
      return NULL;
    }
  if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0)
    {
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("Other users may read or change the kept login “%s”, so it was not used. "
                     "Remove it and log in again."), path);
      close (fd);
      return NULL;
    }

  do
    len = read (fd, buffer, sizeof buffer - 1);
  while (len < 0 && errno == EINTR);
  close (fd);
  if (len < 0)
    {
      int saved_errno = errno;

      g_set_error (error, MONIA_ERROR, MONIA_ERROR_FAILED,
                   _("The kept login “%s” cannot be read: %s"), path, g_strerror (saved_errno));
      return NULL;
    }
  buffer[len] = '\0';
  g_strchomp (buffer);
  if (!monia_ctl_token_is_valid (buffer))
    {
      memset (buffer, 0, sizeof buffer);
      g_set_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT,
                   _("The kept login “%s” is damaged. Log in again."), path);
      return NULL;
    }
  {
    char *token = g_strdup (buffer);

    memset (buffer, 0, sizeof buffer);
    return token;
  }
}

gboolean
monia_ctl_token_forget (const char  *url,
                        const char  *login,
                        GError     **error)
{
  g_autofree char *path = monia_ctl_token_path (url, login);

  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, MONIA_ERROR, MONIA_ERROR_FAILED,
                   _("The kept login “%s” could not be removed: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}
