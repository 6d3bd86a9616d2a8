/* monia-ctl.h — the command-line tool over the core library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "monia-core.h"

G_BEGIN_DECLS

/* Exit codes shared by every command. */
enum
{
  MONIA_CTL_EXIT_OK = 0,
  MONIA_CTL_EXIT_NO = 1,     /* a check answered "no" (e.g. an invalid code) */
  MONIA_CTL_EXIT_USAGE = 2,  /* bad input or usage; a message went to stderr */
  MONIA_CTL_EXIT_FAILED = 3, /* the command could not be carried out */
};

typedef struct
{
  const char *database;      /* --database PATH, or NULL for the default store */
} MoniaCtlGlobals;

/* Each command gets its own argv: argv[0] is the command name. Output goes
 * to stdout, messages to stderr. */
typedef int (*MoniaCtlCommand) (const MoniaCtlGlobals *globals,
                                int                    argc,
                                char                 **argv);

int         monia_ctl_main           (int     argc,
                                      char  **argv);

/* Opens --database or the user's default store; prints the error itself. */
MoniaStore *monia_ctl_open_store     (const MoniaCtlGlobals *globals);
char       *monia_ctl_default_database_path (void);
void        monia_ctl_print_error    (const char *command,
                                      GError     *error);

/* A login kept in a file where there is no keyring (monia-ctl-token.c).
 * _load() answers NULL without an error when no file is kept, and refuses
 * a file others may read or another user owns. */
char       *monia_ctl_token_path     (const char  *url,
                                      const char  *login);
gboolean    monia_ctl_token_save     (const char  *url,
                                      const char  *login,
                                      const char  *token,
                                      char       **path_out,
                                      GError     **error);
char       *monia_ctl_token_load     (const char  *url,
                                      const char  *login,
                                      GError     **error);
gboolean    monia_ctl_token_forget   (const char  *url,
                                      const char  *login,
                                      GError     **error);
gboolean    monia_ctl_token_is_valid (const char  *token);

int monia_ctl_cmd_deadline  (const MoniaCtlGlobals *globals, int argc, char **argv);
int monia_ctl_cmd_hetu      (const MoniaCtlGlobals *globals, int argc, char **argv);
int monia_ctl_cmd_demo_data (const MoniaCtlGlobals *globals, int argc, char **argv);
int monia_ctl_cmd_report    (const MoniaCtlGlobals *globals, int argc, char **argv);
int monia_ctl_cmd_login       (const MoniaCtlGlobals *globals, int argc, char **argv);
int monia_ctl_cmd_logout      (const MoniaCtlGlobals *globals, int argc, char **argv);
int monia_ctl_cmd_sync        (const MoniaCtlGlobals *globals, int argc, char **argv);
int monia_ctl_cmd_cases       (const MoniaCtlGlobals *globals, int argc, char **argv);
int monia_ctl_cmd_case        (const MoniaCtlGlobals *globals, int argc, char **argv);
int monia_ctl_cmd_participant (const MoniaCtlGlobals *globals, int argc, char **argv);
int monia_ctl_cmd_goal        (const MoniaCtlGlobals *globals, int argc, char **argv);
int monia_ctl_cmd_goals       (const MoniaCtlGlobals *globals, int argc, char **argv);
int monia_ctl_cmd_conflicts   (const MoniaCtlGlobals *globals, int argc, char **argv);
int monia_ctl_cmd_resolve     (const MoniaCtlGlobals *globals, int argc, char **argv);
int monia_ctl_cmd_requests    (const MoniaCtlGlobals *globals, int argc, char **argv);

G_END_DECLS
