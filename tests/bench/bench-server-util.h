/* bench-server-util.h — a small blocking client for the monia-server benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* The password of every account the seeding tool makes. */
#define BENCH_PASSWORD "bench password 900"
/* Workers A and B of one team, and the org/team they are in. */
#define BENCH_LOGIN_A "worker-a"
#define BENCH_LOGIN_B "worker-b"
/* Accounts only for logging in (bench-server-login): storm-00, storm-01, … */
#define BENCH_STORM_LOGIN "storm-%02u"
#define BENCH_STORM_ACCOUNTS 32

typedef struct
{
  SoupSession *session;
  char        *base;     /* http://127.0.0.1:PORT */
  char        *token;
  char        *account_id;
} BenchClient;

/* @base must be an http://127.0.0.1:PORT address: the benchmarks talk to
 * nothing else. Exits with status 2 otherwise. */
BenchClient *bench_client_new      (const char  *base);
void         bench_client_free     (BenchClient *client);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchClient, bench_client_free)

/* Logs in; exits with a message when that fails. */
void         bench_client_login    (BenchClient *client,
                                    const char  *login);
SoupMessage *bench_client_message  (BenchClient *client,
                                    const char  *method,
                                    const char  *path,
                                    const char  *body);
/* Sends and parses the JSON answer; exits unless the status is @expected. */
JsonNode    *bench_client_request  (BenchClient *client,
                                    const char  *method,
                                    const char  *path,
                                    const char  *body,
                                    guint        expected);

/* Monotonic seconds. */
double       bench_now             (void);
/* The @p-th percentile (0–100) of @values (sorted in place). */
double       bench_percentile      (double      *values,
                                    guint        n,
                                    double       p);
/* A line the driver script collects: "RESULT <key> <value>". */
void         bench_result          (const char  *key,
                                    double       value);
/* "since" and "limit" pulls of a case until "more" is false (bounded);
 * returns the number of changes and adds the pages to @n_pages. */
guint        bench_pull_case       (BenchClient *client,
                                    const char  *case_id,
                                    gint64       since,
                                    guint        limit,
                                    gint64      *out_seq,
                                    guint       *n_pages);

G_END_DECLS
