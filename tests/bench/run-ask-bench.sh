#!/bin/sh
# run-ask-bench.sh — the public form under load on 127.0.0.1
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: tests/bench/run-ask-bench.sh BUILD_DIR [CLIENTS [RATE [SECONDS]]]
#
# Builds nothing. Makes a temporary server store, lifts the per-address form
# limit (every client here is 127.0.0.1), starts BUILD_DIR's monia-server on
# a free port and runs bench-ask-load: CLIENTS (default 20) clients sending
# the form, each as a browser does (GET for the token, then POST), at RATE
# (default 200) submissions a second for SECONDS (default 30). Prints the
# POSTs' p50/p95/p99 latency, the server's memory, and whether every
# submission answered 200 is in the store. Stops only the server it started.

set -eu

if [ $# -lt 1 ] || [ $# -gt 4 ]; then
	echo "Usage: $0 BUILD_DIR [CLIENTS [RATE [SECONDS]]]" >&2
	exit 2
fi

build=$(cd "$1" && pwd)
server="$build/src/server/monia-server"
load="$build/tests/bench/bench-ask-load"
for exe in "$server" "$load"; do
	if [ ! -x "$exe" ]; then
		echo "$0: $exe is missing: build first (ninja -C $build)" >&2
		exit 2
	fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/monia-ask-bench-XXXXXX")
server_pid=
cleanup() {
	if [ -n "$server_pid" ]; then
		kill "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

"$server" --data "$work" init >/dev/null
"$server" --data "$work" settings set limit.submissions 1000000 >/dev/null
"$server" --data "$work" serve --listen 127.0.0.1:0 >"$work/serve.log" 2>&1 &
server_pid=$!

url=
for _ in $(seq 1 100); do
	url=$(sed -n 's|^Listening on \(http://127\.0\.0\.1:[0-9]*\)/$|\1|p' "$work/serve.log")
	[ -n "$url" ] && break
	sleep 0.1
done
if [ -z "$url" ]; then
	echo "$0: monia-server did not start:" >&2
	cat "$work/serve.log" >&2
	exit 1
fi

"$load" "$url" "$server_pid" "$work/monia-server.db" "${2:-20}" "${3:-200}" "${4:-30}"
