#!/bin/sh
# run-server-bench.sh — monia-server's benchmarks on 127.0.0.1
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: tests/bench/run-server-bench.sh BUILD_DIR [N_CASES [RECORDS_PER_CASE [CONNECTIONS]]]
#
# Runs on both of the server's backends in one go: first the whole set on
# the SQLite store, then, in a throwaway PostgreSQL cluster with its durable
# defaults (build-aux/with-postgres.sh, MONIA_PG_DURABLE=1), the same data
# seeded into a database and the figures that depend on the store (initial
# sync, audited writes, pulls) with one server, and A -> B propagation
# through two servers on that database (the notice goes through
# LISTEN/NOTIFY). The summary shows both side by side.
# MONIA_BENCH_SKIP_POSTGRESQL=1 leaves PostgreSQL out.
#
# Builds nothing. Seeds a temporary data folder with N_CASES (default 2,000)
# cases of RECORDS_PER_CASE (default 25) records, starts BUILD_DIR's
# monia-server on 127.0.0.1 (a free port) on it, and runs:
#   bench-server-sync         initial sync of every record (raw client)
#   bench-sync-engine         the same through the desktop engine into a
#                             local store, and A -> B through two engines
#   bench-server-propagation  A pushes, B gets the notice and pulls
#   bench-server-push         audited mutations/s, single pushes/s, pull pages/s
#   bench-server-login        B's GET /v1/me on a quiet server and while 8
#                             clients log in in a loop (the storm accounts)
#   bench-server-live         server memory with CONNECTIONS (default 2,000)
#                             idle WebSockets, on a freshly started server
# then prints a table of the figures against their targets. Everything is on
# disk as the server keeps it (WAL, see monia-server-store.c); the temporary
# folder is removed at the end. Only the processes this script starts are
# stopped.

set -eu

# Inside the PostgreSQL cluster: the second half, its RESULT lines to FILE.
pg_results=
if [ "${1:-}" = "--postgresql-results" ]; then
	pg_results=$2
	shift 2
fi

if [ $# -lt 1 ] || [ $# -gt 4 ]; then
	echo "Usage: $0 BUILD_DIR [N_CASES [RECORDS_PER_CASE [CONNECTIONS]]]" >&2
	exit 2
fi

build=$(cd "$1" && pwd)
cases=${2:-2000}
per_case=${3:-25}
connections=${4:-2000}
bench="$build/tests/bench"
server="$build/src/server/monia-server"

for exe in "$server" "$bench/bench-server-seed" "$bench/bench-server-sync" \
	"$bench/bench-server-propagation" "$bench/bench-server-push" "$bench/bench-server-live" \
	"$bench/bench-server-login" "$bench/bench-sync-engine"; do
	if [ ! -x "$exe" ]; then
		echo "$0: $exe is missing: build first (ninja -C $build)" >&2
		exit 2
	fi
done

# The server and the WebSocket client each need a descriptor per connection.
want_fds=$((connections + 200))
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$want_fds" ]; then
	ulimit -n "$want_fds" 2>/dev/null || ulimit -n "$(ulimit -H -n)"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/monia-server-bench-XXXXXX")
data="$work/data"
results="$work/results"
server_pid=
server2_pid=
database=
: >"$results"

stop_server() {
	for pid in $server_pid $server2_pid; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	server_pid=
	server2_pid=
}

cleanup() {
	stop_server
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

# Starts a server on a free loopback port and sets $url (and $server_pid),
# or with "second" $url2 (and $server2_pid).
start_server() {
	log="$work/server-$1.log"
	if [ -n "$database" ]; then
		LC_ALL=C.UTF-8 "$server" --data "$data" --database "$database" serve --listen 127.0.0.1:0 >"$log" 2>&1 &
	else
		LC_ALL=C.UTF-8 "$server" --data "$data" serve --listen 127.0.0.1:0 >"$log" 2>&1 &
	fi
	pid=$!
	found=
	i=0
	while [ $i -lt 100 ] && [ -z "$found" ]; do
		sleep 0.1
		found=$(sed -n 's|^Listening on \(http://127\.0\.0\.1:[0-9]*\)/$|\1|p' "$log")
		i=$((i + 1))
	done
	if [ -z "$found" ]; then
		echo "The server did not start; its output:" >&2
		cat "$log" >&2
		exit 1
	fi
	if [ "${2:-}" = second ]; then
		url2=$found
		server2_pid=$pid
	else
		url=$found
		server_pid=$pid
	fi
}

# Runs a benchmark, shows its output and keeps its RESULT lines.
run() {
	echo "== $*"
	out="$work/out"
	if ! LC_ALL=C.UTF-8 "$@" >"$out" 2>&1; then
		cat "$out"
		echo "$0: $1 failed" >&2
		exit 1
	fi
	grep -v '^RESULT ' "$out" || true
	grep '^RESULT ' "$out" >>"$results" || true
}

# The time `audit verify` takes over the whole chain, and the store's size.
verify_bench() {
	t0=$(date +%s.%N)
	out=$(LC_ALL=C.UTF-8 "$server" --data "$data" ${database:+--database "$database"} audit verify)
	t1=$(date +%s.%N)
	n=$(echo "$out" | sed -n 's/.*intact: \([0-9]*\) entr.*/\1/p')
	echo "== audit verify: $out in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') s"
	echo "RESULT audit_entries $n" >>"$results"
	awk -v n="$n" -v a="$t0" -v b="$t1" 'BEGIN { printf "RESULT verify_entries_per_s %.0f\n", n / (b - a) }' >>"$results"
	echo "RESULT store_mb $1" >>"$results"
}

get() {
	awk -v k="$1" '$1 == "RESULT" && $2 == k { v = $3 } END { print v }' "$results"
}

if [ -n "$pg_results" ]; then
	# The PostgreSQL half, inside with-postgres.sh: a database of its own.
	database=$(echo "$MONIA_TEST_PG" | sed 's|/postgres?|/monia_bench?|')
	psql=$(ls /usr/lib/postgresql/*/bin/psql | tail -n 1)
	"$psql" -X -q -d "$MONIA_TEST_PG" -c "CREATE DATABASE monia_bench" >/dev/null
	echo "== PostgreSQL $("$psql" -X -A -t -d "$database" -c "SHOW server_version"), fsync $("$psql" -X -A -t -d "$database" -c "SHOW fsync"), synchronous_commit $("$psql" -X -A -t -d "$database" -c "SHOW synchronous_commit")"
	MONIA_BENCH_DATABASE=$database run "$bench/bench-server-seed" "$data" "$cases" "$per_case"
	echo "database: $("$psql" -X -A -t -d "$database" -c "SELECT pg_size_pretty (pg_database_size (current_database ()))")"
	pg_mb=$("$psql" -X -A -t -d "$database" -c "SELECT pg_database_size (current_database ()) / 1048576")
	start_server main
	run "$bench/bench-server-sync" "$url" "$((cases * per_case))"
	run "$bench/bench-server-push" "$url" 10
	# A on one server, B on another: the notice goes through the database.
	start_server second second
	MONIA_BENCH_URL_B=$url2 run "$bench/bench-server-propagation" "$url" 300
	stop_server
	verify_bench "$pg_mb"
	cp "$results" "$pg_results"
	exit 0
fi

echo "monia-server benchmarks: $cases cases x $per_case records, $connections WebSockets"
echo "machine: $(nproc) cores, $(uname -r); data in $work"

echo "== SQLite"
run "$bench/bench-server-seed" "$data" "$cases" "$per_case"
echo "data folder: $(du -sh "$data" | cut -f1)"
sqlite_mb=$(du -sm "$data" | cut -f1)

start_server main
run "$bench/bench-server-sync" "$url" "$((cases * per_case))"
run "$bench/bench-sync-engine" "$url" "$((cases * per_case))" 100
run "$bench/bench-server-propagation" "$url" 300
run "$bench/bench-server-push" "$url" 10
run "$bench/bench-server-login" "$url" 300
stop_server
verify_bench "$sqlite_mb"

# Memory on a fresh server, so the high-water mark is that of the live
# connections and not of the benchmarks before.
start_server live
sleep 1
run "$bench/bench-server-live" "$url" "$server_pid" "$connections"
stop_server

pg_file="$work/results-postgresql"
: >"$pg_file"
if [ "${MONIA_BENCH_SKIP_POSTGRESQL:-0}" != 1 ]; then
	top=$(cd "$(dirname "$0")/../.." && pwd)
	MONIA_PG_DURABLE=1 "$top/build-aux/with-postgres.sh" \
		sh "$0" --postgresql-results "$pg_file" "$build" "$cases" "$per_case" "$connections"
fi

echo
echo "== Summary"
# name, key, unit, target, "<=" (at most) or ">=" (at least), "-" for none;
# the SQLite figure, then the PostgreSQL one where measured.
pg_get() {
	awk -v k="$1" '$1 == "RESULT" && $2 == k { v = $3 } END { print v }' "$pg_file"
}
verdict() {
	awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN {
		if (v == "" || op == "-") print "";
		else if ((op == "<=" && v <= t) || (op == ">=" && v >= t)) print "met";
		else print "MISSED" }'
}
figure() {
	if [ -z "$1" ]; then printf '%12s' "-"; else printf '%12.2f' "$1"; fi
}
row() {
	value=$(get "$2")
	pg_value=$(pg_get "$2")
	if [ "$5" = "-" ]; then target="(no target)"; else target="$5 $4"; fi
	printf '%-46s %s %s %-5s %-12s %-6s %s\n' "$1" "$(figure "$value")" "$(figure "$pg_value")" "$3" "$target" \
		"$(verdict "$value" "$4" "$5")" "$(verdict "$pg_value" "$4" "$5")"
}
printf '%-46s %12s %12s %-5s %-12s %s\n' "benchmark" "SQLite" "PostgreSQL" "unit" "target" "met?"
row "seeding (in-process push, sync off)" seed_s s 0 -
row "initial sync of all rows (incl. login)" sync_total_s s 2 "<="
row "  of which login (Argon2id)" sync_login_s s 0 -
row "  of which GET /v1/cases" sync_list_s s 0 -
row "  of which pulls (POST /v1/pull)" sync_pull_s s 0 -
row "  the pulls with one GET per case instead" sync_single_pull_s s 0 -
row "desktop engine: initial sync into a store (A)" engine_sync_a_s s 2 "<="
row "desktop engine: initial sync into a store (B)" engine_sync_b_s s 2 "<="
row "desktop engine: A -> B save to store, p50" engine_propagation_p50_ms ms 10 "<="
row "desktop engine: A -> B save to store, p95" engine_propagation_p95_ms ms 20 "<="
row "A -> B propagation p50 (PG: two servers)" propagation_p50_ms ms 10 "<="
row "A -> B propagation p95 (PG: two servers)" propagation_p95_ms ms 20 "<="
row "A -> B propagation p99 (PG: two servers)" propagation_p99_ms ms 0 -
row "audited mutations/s (batches of 500, create)" push_batch_create_per_s 1/s 1000 ">="
row "audited mutations/s (batches of 500, update)" push_batch_update_per_s 1/s 1000 ">="
row "single-mutation pushes/s" push_single_per_s 1/s 0 -
row "pull pages/s (limit 500, full pages)" pull_pages_500_per_s 1/s 0 -
row "pull rows/s (limit 500)" pull_rows_500_per_s 1/s 0 -
row "pull pages/s (limit 100)" pull_pages_100_per_s 1/s 0 -
row "pull pages/s (initial sync, 25-row pages)" sync_pull_pages_per_s 1/s 0 -
row "GET /v1/me p50, quiet server" login_me_quiet_p50_ms ms 0 -
row "GET /v1/me p95, quiet server" login_me_quiet_p95_ms ms 0 -
row "GET /v1/me p50, 8 clients logging in" login_me_storm_p50_ms ms 0 -
row "GET /v1/me p95, 8 clients logging in" login_me_storm_p95_ms ms 50 "<="
row "GET /v1/me max, 8 clients logging in" login_me_storm_max_ms ms 0 -
row "  logins/s answered 200 in that storm" login_storm_ok_per_s 1/s 0 -
row "idle WebSockets open" live_connections "" 0 -
row "server VmRSS with idle WebSockets" live_rss_mb MB 200 "<="
row "server VmHWM with idle WebSockets" live_hwm_mb MB 200 "<="
row "  server VmRSS before connecting" live_rss_before_mb MB 0 -
row "  per connection" live_per_connection_kb kB 0 -
row "fan-out of one notice to all connections" live_fanout_ms ms 0 -
row "audit entries after the benchmarks" audit_entries "" 0 -
row "audit verify, entries/s" verify_entries_per_s 1/s 0 -
row "store size after the benchmarks (MB)" store_mb MB 0 -
