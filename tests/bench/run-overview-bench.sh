#!/bin/sh
# run-overview-bench.sh — the Team Overview and the THL return on a region-sized store
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: tests/bench/run-overview-bench.sh BUILD_DIR [STORE]
#
# Under Xvfb, runs BUILD_DIR/tests/bench/bench-overview on STORE (default
# $MONIA_BENCH_STORE; without either, a store of 50,000 demo cases is made
# in a temporary folder first with monia-ctl demo-data, about a minute and
# a half). With MONIA_BENCH_USER set, the page is that professional's (a
# lead: the team); otherwise the whole region's. Prints the time to read
# the region and compute its THL return (target ≤ 1 s) and the page's time
# from opening to its figures (target ≤ 100 ms).

set -eu

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "Usage: $0 BUILD_DIR [STORE]" >&2
	exit 2
fi

if [ -z "${MONIA_BENCH_UNDER_XVFB:-}" ]; then
	MONIA_BENCH_UNDER_XVFB=1 exec xvfb-run -a -s "-screen 0 1920x1080x24 -nolisten tcp -noreset" "$0" "$@"
fi

build=$(cd "$1" && pwd)
store=${2:-${MONIA_BENCH_STORE:-}}
ctl="$build/src/ctl/monia-ctl"
driver="$build/tests/bench/bench-overview"

for exe in "$ctl" "$driver"; do
	if [ ! -x "$exe" ]; then
		echo "$0: $exe is missing: build first (ninja -C $build)" >&2
		exit 2
	fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/monia-overview-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

if [ -z "$store" ]; then
	store="$work/region.db"
	echo "== making a store of 50,000 demo cases (monia-ctl demo-data)"
	"$ctl" --database "$store" demo-data --cases 50000 --seed 1 | tail -n 1
fi
# An older store is updated when first opened: done here, not measured.
"$ctl" --database "$store" conflicts >/dev/null

export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data"
export GSK_RENDERER=cairo GDK_BACKEND=x11 NO_AT_BRIDGE=1 GTK_A11Y=none
echo "   $(stat -c %s "$store" | awk '{ printf "%.0f MB", $1 / 1e6 }'); $(nproc) cores"
if [ -n "${MONIA_BENCH_USER:-}" ]; then
	"$driver" --database "$store" --user "$MONIA_BENCH_USER"
else
	"$driver" --database "$store"
fi
