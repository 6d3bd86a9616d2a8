#!/bin/sh
# Builds the libFuzzer targets of tests/fuzz with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer in _build/fuzz (only the targets and the
# libraries they link: not the app), then runs each as a test of the suite
# "fuzz" for MONIA_FUZZ_SECONDS (40 s), two at a time, from its seeds in
# tests/fuzz/corpus/. Fails on any crash, sanitizer report, GLib warning,
# leak or hang; prints the runs of each target. run-tests.sh calls it after
# its two builds (MONIA_SKIP_FUZZ=1 leaves it out).
#
# One target by hand, for longer (Ctrl-C ends it):
#   MONIA_FUZZ_SECONDS=600 meson test -C _build/fuzz --no-rebuild --timeout-multiplier 0 fuzz-push -v
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

if ! command -v clang >/dev/null 2>&1; then
  echo "run-fuzzers: clang is missing; run build-aux/install-deps.sh first." >&2
  exit 1
fi

dir=_build/fuzz
targets="fuzz-push fuzz-pull fuzz-login fuzz-sync-pages"
start=$(date +%s)
# A log of an earlier run must not count in run-tests.sh's total.
rm -f "$dir/meson-logs/testlog.json"

if [ ! -f "$dir/build.ninja" ]; then
  CC=clang meson setup "$dir" --werror -Dfuzzing=true -Dbuildtype=debugoptimized \
    -Db_sanitize=address,undefined -Db_lundef=false -Dui_tests=false
fi
# shellcheck disable=SC2046
ninja -C "$dir" $(for t in $targets; do printf 'tests/fuzz/%s ' "$t"; done)
built=$(date +%s)

status=0
meson test -C "$dir" --no-rebuild --suite fuzz --num-processes 2 --print-errorlogs || status=1
done_at=$(date +%s)

# The last line of each target's output: its runs, or where its crash is.
/usr/bin/python3 - "$dir" <<'PY'
import json, os, sys
log = os.path.join(sys.argv[1], "meson-logs", "testlog.json")
if os.path.exists(log):
    with open(log) as f:
        for line in f:
            test = json.loads(line)
            lines = (test.get("stdout") or "").strip().splitlines()
            print("  " + (lines[-1] if lines else f"{test['name']}: {test['result']}, no output"))
PY
echo "run-fuzzers: built in $((built - start)) s, fuzzed in $((done_at - built)) s"
exit $status
