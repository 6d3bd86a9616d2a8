#!/bin/sh
# run-foundation-bench.sh — a region-sized store through monia-ctl, and the
# app's memory showing it
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: tests/bench/run-foundation-bench.sh BUILD_DIR [N_CASES]
#
# Builds a store of N_CASES demo cases (default 50,000) with monia-ctl and
# times it, prints the store's size, then starts the app (BUILD_DIR/src/app/
# monia) on that store under Xvfb, waits, and reads its VmRSS and VmHWM; the
# same for an empty store, for comparison. Everything goes in a temporary
# folder that is removed at the end; the user's own data is never touched.

set -eu

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "Usage: $0 BUILD_DIR [N_CASES]" >&2
	exit 2
fi

build=$(cd "$1" && pwd)
cases=${2:-50000}
ctl="$build/src/ctl/monia-ctl"
app="$build/src/app/monia"
settle=${MONIA_BENCH_SETTLE:-6}

if [ ! -x "$ctl" ]; then
	echo "$0: $ctl is missing: build first (ninja -C $build)" >&2
	exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/monia-foundation-bench-XXXXXX")
app_pid=
runner_pid=

cleanup() {
	if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; fi
	if [ -n "$runner_pid" ]; then wait "$runner_pid" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

size_mb() {
	total=0
	for f in "$@"; do
		if [ -f "$f" ]; then total=$((total + $(stat -c %s "$f"))); fi
	done
	echo "$total" | awk '{ printf "%.1f MB", $1 / 1e6 }'
}

store="$work/region.db"
echo "== monia-ctl demo-data --cases $cases"
start=$(date +%s.%N)
"$ctl" --database "$store" demo-data --cases "$cases" --seed 1
end=$(date +%s.%N)
echo "wall time:       $(echo "$start $end" | awk '{ printf "%.1f s", $2 - $1 }')"
echo "store size:      $(size_mb "$store" "$store-wal") (db $(size_mb "$store"), wal $(size_mb "$store-wal"))"

# The app makes an empty store when the file is missing.
empty="$work/empty.db"

# Starts the app on a store under Xvfb, lets it settle and prints its memory.
# The app's own process is found as the child of xvfb-run running $app, and
# only that process is stopped.
measure_app() {
	label=$1
	db=$2
	home="$work/home-$label"
	mkdir -p "$home/data" "$home/config" "$home/cache" "$home/runtime"
	chmod 700 "$home/runtime"

	XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" XDG_CACHE_HOME="$home/cache" \
	XDG_RUNTIME_DIR="$home/runtime" GSETTINGS_BACKEND=memory GSK_RENDERER=cairo \
	NO_AT_BRIDGE=1 GTK_A11Y=none \
		xvfb-run -a -s "-screen 0 1920x1080x24 -noreset" "$app" --database "$db" \
		>"$work/app-$label.log" 2>&1 &
	runner_pid=$!

	app_pid=
	i=0
	while [ $i -lt 50 ] && [ -z "$app_pid" ]; do
		sleep 0.2
		for pid in $(pgrep -P "$runner_pid" 2>/dev/null || true); do
			if [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = "$app" ]; then app_pid=$pid; fi
		done
		i=$((i + 1))
	done
	if [ -z "$app_pid" ]; then
		echo "$label: the app did not start; its output:" >&2
		cat "$work/app-$label.log" >&2
		return 1
	fi

	sleep "$settle"
	if [ ! -r "/proc/$app_pid/status" ]; then
		echo "$label: the app exited early; its output:" >&2
		cat "$work/app-$label.log" >&2
		app_pid=
		return 1
	fi
	rss=$(awk '/^VmRSS:/ { print $2, $3 }' "/proc/$app_pid/status")
	hwm=$(awk '/^VmHWM:/ { print $2, $3 }' "/proc/$app_pid/status")
	printf '%-16s VmRSS %s, VmHWM %s (after %s s)\n' "$label:" "$rss" "$hwm" "$settle"

	kill "$app_pid" 2>/dev/null || true
	wait "$runner_pid" 2>/dev/null || true
	app_pid=
	runner_pid=
}

if [ ! -x "$app" ]; then
	echo "== app memory: skipped, $app is not built"
	exit 0
fi

echo "== app memory (GSK_RENDERER=cairo, under Xvfb)"
measure_app empty "$empty"
measure_app "$cases-cases" "$store"
