/* fuzz-util.h — what the libFuzzer targets share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What libFuzzer calls: once at the start, then once per input. */
int         LLVMFuzzerInitialize   (int           *argc,
                                    char        ***argv);
int         LLVMFuzzerTestOneInput (const guint8  *data,
                                    size_t         size);

/* Fixed ids, so that seeds and the dictionary can name the records the
 * targets set up. */
#define FUZZ_CASE_ID        "c0ffee00-0000-4000-8000-000000000001"
#define FUZZ_OTHER_CASE_ID  "c0ffee00-0000-4000-8000-000000000002"
#define FUZZ_PERSON_ID      "c0ffee00-0000-4000-8000-000000000003"
#define FUZZ_CASE_PERSON_ID "c0ffee00-0000-4000-8000-000000000004"
#define FUZZ_ASSESSMENT_ID  "c0ffee00-0000-4000-8000-000000000005"
#define FUZZ_PLAN_ID        "c0ffee00-0000-4000-8000-000000000006"
#define FUZZ_GOAL_ID        "c0ffee00-0000-4000-8000-000000000007"
#define FUZZ_HELP_ID        "c0ffee00-0000-4000-8000-000000000008"

/* Once per process, first: warnings and criticals abort (as
 * G_DEBUG=fatal-warnings does in the tests), so libFuzzer counts them as
 * crashes and keeps the input. */
void        fuzz_init_glib    (void);

/* A folder for this process's stores, removed when the process exits. */
const char *fuzz_tmp_dir      (void);

/* Runs the default main context until *@done; aborts after @seconds, so
 * that a hang is a finding rather than a stuck run. */
void        fuzz_wait_flag    (gboolean   *done,
                               guint       seconds);

/* Aborts with @message (and @detail) so libFuzzer keeps the input. */
G_NORETURN
void        fuzz_fail         (const char *message,
                               const char *detail);

G_END_DECLS
