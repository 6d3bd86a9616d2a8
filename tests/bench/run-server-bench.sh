#!/bin/sh
# run-server-bench.sh — monia-server's benchmarks on 127.0.0.1
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: tests/bench/run-server-bench.sh BUILD_DIR [N_CASES [RECORDS_PER_CASE [CONNECTIONS]]]
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
: >"$results"

stop_server() {
	if [ -n "$server_pid" ]; then
		kill "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
		server_pid=
	fi
}

cleanup() {
	stop_server
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

# Starts the server on a free loopback port and sets $url.
start_server() {
	log="$work/server-$1.log"
	LC_ALL=C.UTF-8 "$server" --data "$data" serve --listen 127.0.0.1:0 >"$log" 2>&1 &
	server_pid=$!
	url=
	i=0
	while [ $i -lt 100 ] && [ -z "$url" ]; do
		sleep 0.1
		url=$(sed -n 's|^Listening on \(http://127\.0\.0\.1:[0-9]*\)/$|\1|p' "$log")
		i=$((i + 1))
	done
	if [ -z "$url" ]; then
		echo "The server did not start; its output:" >&2
		cat "$log" >&2
		exit 1
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

get() {
	awk -v k="$1" '$1 == "RESULT" && $2 == k { v = $3 } END { print v }' "$results"
}

echo "monia-server benchmarks: $cases cases x $per_case records, $connections WebSockets"
echo "machine: $(nproc) cores, $(uname -r); data in $work"

run "$bench/bench-server-seed" "$data" "$cases" "$per_case"
echo "data folder: $(du -sh "$data" | cut -f1)"

start_server main
run "$bench/bench-server-sync" "$url" "$((cases * per_case))"
run "$bench/bench-sync-engine" "$url" "$((cases * per_case))" 100
run "$bench/bench-server-propagation" "$url" 300
run "$bench/bench-server-push" "$url" 10
run "$bench/bench-server-login" "$url" 300
stop_server

# Memory on a fresh server, so the high-water mark is that of the live
# connections and not of the benchmarks before.
start_server live
sleep 1
run "$bench/bench-server-live" "$url" "$server_pid" "$connections"
stop_server

echo
echo "== Summary"
# name, value, unit, target, "le" (at most) or "ge" (at least)
row() {
	value=$(get "$2")
	if [ -z "$value" ]; then
		printf '%-46s %12s %-10s %-10s %s\n' "$1" "-" "$3" "$5 $4" "not measured"
		return
	fi
	verdict=$(awk -v v="$value" -v t="$4" -v op="$5" 'BEGIN {
		if (op == "-") print "";
		else if ((op == "<=" && v <= t) || (op == ">=" && v >= t)) print "met";
		else print "MISSED" }')
	if [ "$5" = "-" ]; then target="(no target)"; else target="$5 $4"; fi
	printf '%-46s %12.2f %-10s %-12s %s\n' "$1" "$value" "$3" "$target" "$verdict"
}
printf '%-46s %12s %-10s %-12s %s\n' "benchmark" "value" "unit" "target" ""
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
row "A -> B propagation p50" propagation_p50_ms ms 10 "<="
row "A -> B propagation p95" propagation_p95_ms ms 20 "<="
row "A -> B propagation p99" propagation_p99_ms ms 0 -
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
