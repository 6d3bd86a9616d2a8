/* monia-store-locks.c — SQLite's locks on the store kept whatever else in
 * the process opens and closes its files
 *
 * SQLite's unix VFS locks with POSIX advisory locks (fcntl F_SETLK). Those
 * belong to the process and the file, not to a descriptor: when the
 * process closes any descriptor of the file, every lock it holds on the
 * file is gone ("How To Corrupt An SQLite Database File", 2.2). SQLite keeps
 * its own second opens from doing that, but it cannot know of the others:
 * GIO guessing each file's type for a file chooser showing the store's
 * folder opens, reads and closes the store, its write-ahead log and its
 * shared index. Then the next program on the store (monia-ctl) believes it
 * is alone: it resets the shared index, and on closing copies the log back
 * and deletes it while the app goes on writing into the deleted file. The
 * app's later writes are lost to everyone else, and its own last checkpoint
 * writes stale pages over theirs.
 *
 * What was weighed:
 * - Exclusive locking (the "unix-excl" VFS, PRAGMA locking_mode=EXCLUSIVE)
 *   holds one lock for the connection's life, which a close drops just as
 *   well, and shuts monia-ctl out while the app runs.
 * - Keeping file choosers away from the store's folder helps with one
 *   chooser, not with every thumbnailer, portal or plugin in the process.
 * - Open file description locks (Linux's F_OFD_SETLK, since 3.15) belong to
 *   one open of the file: a close of another descriptor leaves them alone.
 *   Across processes they conflict with POSIX locks exactly as POSIX locks
 *   do, so monia-ctl, the sqlite3 shell and older Monias still take turns
 *   with the app. SQLite can be built to use them only with options
 *   Debian's library lacks, but its unix VFS makes every system call
 *   through a table a program may fill in (sqlite3_vfs.xSetSystemCall).
 *   That is the depth at which the locks are lost, so it is fixed there.
 *
 * So fcntl() and close() are replaced in that table:
 * - every lock SQLite sets on a file is set on one private open of that
 *   file, shared by all connections in the process: the locks of the
 *   process keep one owner, as with POSIX locks, so SQLite's own bookkeeping
 *   of which connection in the process holds what stays right;
 * - when SQLite itself closes a descriptor of a locked file, the locks are
 *   dropped as POSIX would drop them (SQLite counts on that when it lets go
 *   of the shared index), and with its last descriptor of the file the
 *   private open is closed too.
 * Nothing else in the process can reach the private descriptor, so nothing
 * else can drop the locks. Where the kernel has no such locks, SQLite's own
 * calls are used as before.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE 1

#define G_LOG_DOMAIN "monia-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

#include "monia-store-private.h"

#ifdef F_OFD_SETLK

/* One file SQLite has locked, and the private open that holds the locks. */
typedef struct
{
  dev_t dev;
  ino_t ino;
  int   lock_fd;
  guint n_users;  /* SQLite's descriptors of the file that have locked it */
} LockedFile;

typedef struct
{
  int         (*fcntl) (int, int, ...);
  int         (*close) (int);
} SystemCalls;

static SystemCalls sqlite_calls;
static GMutex files_mutex;
static GHashTable *files_by_fd;   /* SQLite's descriptor → LockedFile */
static GPtrArray *files;          /* LockedFile, owned */
/* Whether the kernel has open file description locks: not known until the
 * first lock, then one of these for good. */
enum { OFD_UNKNOWN, OFD_PRESENT, OFD_ABSENT };
static int ofd_state = OFD_UNKNOWN;

static gboolean
is_lock_command (int cmd)
{
  return cmd == F_SETLK || cmd == F_SETLKW || cmd == F_GETLK;
}

static int
ofd_command (int cmd)
{
  switch (cmd)
    {
    case F_SETLK:
      return F_OFD_SETLK;
    case F_SETLKW:
      return F_OFD_SETLKW;
    default:
      return F_OFD_GETLK;
    }
}

/* A descriptor of the same file, of its own open, that nothing outside this
 * file knows of. Read-write where the file allows it, as a write lock needs
 * a descriptor open for writing; never inherited by a spawned program. */
static int
open_privately (int fd)
{
  g_autofree char *link = g_strdup_printf ("/proc/self/fd/%d", fd);
  int own;

  own = open (link, O_RDWR | O_CLOEXEC | O_NOCTTY);
  if (own < 0)
    own = open (link, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  return own;
}

static void
unlock_all (int lock_fd)
{
  struct flock all = { .l_type = F_UNLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };

  sqlite_calls.fcntl (lock_fd, F_OFD_SETLK, &all);
}

static void
forget_file (LockedFile *file)
{
  /* Unlocked first: a program being spawned may hold the private open for
   * an instant before it execs, and must not keep the locks. */
  unlock_all (file->lock_fd);
  sqlite_calls.close (file->lock_fd);
  g_ptr_array_remove_fast (files, file);
}

/* The private open holding @fd's file's locks, made on first use; -1 with
 * errno set if there can be none. Called with files_mutex held. */
static int
lock_fd_for (int fd)
{
  LockedFile *file = g_hash_table_lookup (files_by_fd, GINT_TO_POINTER (fd));
  struct stat st;

  if (fstat (fd, &st) != 0)
    return -1;

  if (file != NULL && (file->dev != st.st_dev || file->ino != st.st_ino))
    {
      /* Closed behind SQLite's back and the number reused: start over. */
      g_hash_table_remove (files_by_fd, GINT_TO_POINTER (fd));
      if (--file->n_users == 0)
        forget_file (file);
      file = NULL;
    }

  if (file == NULL)
    {
      for (guint i = 0; i < files->len && file == NULL; i++)
        {
          LockedFile *candidate = g_ptr_array_index (files, i);

          if (candidate->dev == st.st_dev && candidate->ino == st.st_ino)
            file = candidate;
        }

      if (file == NULL)
        {
          int own = open_privately (fd);

          if (own < 0)
            own = fcntl (fd, F_DUPFD_CLOEXEC, 0);
          if (own < 0)
            return -1;

          file = g_new0 (LockedFile, 1);
          file->dev = st.st_dev;
          file->ino = st.st_ino;
          file->lock_fd = own;
          g_ptr_array_add (files, file);
        }

      file->n_users++;
      g_hash_table_insert (files_by_fd, GINT_TO_POINTER (fd), file);
    }

  return file->lock_fd;
}

static int
locking_fcntl (int fd,
               int cmd,
               ...)
{
  va_list ap;

  if (!is_lock_command (cmd))
    {
      /* SQLite passes an int for the other commands it uses
       * (F_GETFD, F_SETFD). */
      int arg;

      va_start (ap, cmd);
      arg = va_arg (ap, int);
      va_end (ap);
      return sqlite_calls.fcntl (fd, cmd, arg);
    }
  else
    {
      struct flock *lock;
      struct flock ofd;
      int lock_fd, rc, saved_errno;

      va_start (ap, cmd);
      lock = va_arg (ap, struct flock *);
      va_end (ap);

      if (g_atomic_int_get (&ofd_state) == OFD_ABSENT)
        return sqlite_calls.fcntl (fd, cmd, lock);

      ofd = *lock;
      ofd.l_pid = 0;  /* must be 0 for these locks */

      g_mutex_lock (&files_mutex);
      lock_fd = lock_fd_for (fd);
      if (lock_fd < 0)
        {
          saved_errno = errno;
          g_mutex_unlock (&files_mutex);
          errno = saved_errno;
          return -1;
        }
      rc = sqlite_calls.fcntl (lock_fd, ofd_command (cmd), &ofd);
      saved_errno = errno;
      if (rc == 0)
        g_atomic_int_compare_and_exchange (&ofd_state, OFD_UNKNOWN, OFD_PRESENT);
      g_mutex_unlock (&files_mutex);

      if (rc != 0 && saved_errno == EINVAL &&
          g_atomic_int_compare_and_exchange (&ofd_state, OFD_UNKNOWN, OFD_ABSENT))
        {
          /* A kernel without these locks (before Linux 3.15): nothing was
           * ever locked this way, so SQLite's own calls are safe from here
           * on, and all there is. */
          return sqlite_calls.fcntl (fd, cmd, lock);
        }

      if (rc == 0 && cmd == F_GETLK)
        *lock = ofd;
      errno = saved_errno;
      return rc;
    }
}

static int
locking_close (int fd)
{
  LockedFile *file;

  g_mutex_lock (&files_mutex);
  file = g_hash_table_lookup (files_by_fd, GINT_TO_POINTER (fd));
  if (file != NULL)
    {
      g_hash_table_remove (files_by_fd, GINT_TO_POINTER (fd));
      if (--file->n_users == 0)
        forget_file (file);
      else
        unlock_all (file->lock_fd);
    }
  g_mutex_unlock (&files_mutex);

  return sqlite_calls.close (fd);
}

static gpointer
install_hooks (gpointer data)
{
  sqlite3_vfs *vfs = sqlite3_vfs_find ("unix");

  if (vfs == NULL || vfs->iVersion < 3 || vfs->xSetSystemCall == NULL || vfs->xGetSystemCall == NULL)
    {
      g_warning ("SQLite has no unix file layer to keep its locks in; "
                 "a file chooser on the store’s folder can cost data");
      return NULL;
    }

  sqlite_calls.fcntl = (int (*) (int, int, ...)) vfs->xGetSystemCall (vfs, "fcntl");
  sqlite_calls.close = (int (*) (int)) vfs->xGetSystemCall (vfs, "close");
  if (sqlite_calls.fcntl == NULL || sqlite_calls.close == NULL)
    return NULL;

  files_by_fd = g_hash_table_new (NULL, NULL);
  files = g_ptr_array_new_with_free_func (g_free);

  /* close first: a lock taken through the new fcntl must never meet the
   * old close. No file is open yet, so the order is all there is. */
  if (vfs->xSetSystemCall (vfs, "close", (sqlite3_syscall_ptr) locking_close) != SQLITE_OK ||
      vfs->xSetSystemCall (vfs, "fcntl", (sqlite3_syscall_ptr) locking_fcntl) != SQLITE_OK)
    {
      vfs->xSetSystemCall (vfs, NULL, NULL);
      g_warning ("SQLite would not take the store’s lock keeper; "
                 "a file chooser on the store’s folder can cost data");
    }

  return NULL;
}

#endif /* F_OFD_SETLK */

/* Call before the process opens any SQLite file: files SQLite opened
 * before would hold POSIX locks that the private opens' locks conflict
 * with. Every way core opens a store calls it. */
void
_monia_store_keep_locks (void)
{
#ifdef F_OFD_SETLK
  static GOnce once = G_ONCE_INIT;

  g_once (&once, install_hooks, NULL);
#endif
}
