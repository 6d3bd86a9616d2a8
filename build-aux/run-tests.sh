#!/bin/sh
# Builds Monia and runs the whole test suite twice: in a normal build with
# warnings as errors, then in an AddressSanitizer + UndefinedBehaviorSanitizer
# build. UI tests run under Xvfb. In the first build the server and sync
# suites run once more with monia-server's store in PostgreSQL, in a
# throwaway cluster that build-aux/with-postgres.sh starts and removes
# (MONIA_SKIP_POSTGRESQL=1 leaves that run out). Extra arguments go to `meson test`, e.g.
#   build-aux/run-tests.sh --suite store
# Set MONIA_SKIP_SANITIZERS=1 to run only the first build. Then the fuzz
# targets run for a bounded time each in a clang build of their own (see
# build-aux/run-fuzzers.sh); MONIA_SKIP_FUZZ=1 leaves them out.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

for tool in meson ninja xvfb-run; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "run-tests: $tool is missing; run build-aux/install-deps.sh first." >&2
    exit 1
  fi
done

setup () {
  dir=$1
  shift
  if [ -f "$dir/build.ninja" ]; then
    meson configure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$@"
  fi
  ninja -C "$dir"
}

run_suite () {
  dir=$1
  shift
  # One X server for the whole run; each UI test opens its own windows on it.
  # -noreset: by default Xvfb starts over whenever its last client leaves,
  # and refuses connections meanwhile; a test starting then failed with
  # "cannot open display" (19 of 300 back-to-back connections here).
  xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp -noreset" \
    meson test -C "$dir" --print-errorlogs --num-processes 2 "$@"
}

status=0
builds=_build/test

setup _build/test --werror -Dbuildtype=debugoptimized
rm -f _build/test/meson-logs/testlog-postgresql.json
run_suite _build/test "$@" || status=1

if [ "${MONIA_SKIP_POSTGRESQL:-0}" != 1 ] && [ $# -eq 0 ]; then
  "$top/build-aux/with-postgres.sh" \
    meson test -C _build/test --no-rebuild --print-errorlogs --num-processes 2 \
    --setup postgresql --suite server --suite sync || status=1
fi

if [ "${MONIA_SKIP_SANITIZERS:-0}" != 1 ]; then
  setup _build/asan -Dbuildtype=debug -Db_sanitize=address,undefined -Db_lundef=false
  # The slow unwinder: GLib and GTK are built without frame pointers, and the
  # leak suppressions name libraries and functions deep in the stack.
  ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:fast_unwind_on_malloc=0" \
  LSAN_OPTIONS="suppressions=$top/build-aux/lsan.supp:print_suppressions=0" \
  UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
  G_SLICE=always-malloc \
  MONIA_TEST_WAIT_SCALE=4 \
    run_suite _build/asan --timeout-multiplier 4 "$@" || status=1
  builds="$builds _build/asan"
fi

if [ "${MONIA_SKIP_FUZZ:-0}" != 1 ]; then
  "$top/build-aux/run-fuzzers.sh" || status=1
  builds="$builds _build/fuzz"
fi

# The close of the runs: the end of each failed test's output, so that it
# is in the last lines a CI log keeps, then one line over all runs.
# shellcheck disable=SC2086
/usr/bin/python3 - $builds <<'PY'
import json, os, sys
passed = failed = skipped = 0
failures = []
logs = []
for build in sys.argv[1:]:
    for name in ("testlog.json", "testlog-postgresql.json"):
        logs.append((build if name == "testlog.json" else build + " (PostgreSQL)",
                     os.path.join(build, "meson-logs", name)))
for build, log in logs:
    if not os.path.exists(log):
        continue
    with open(log) as f:
        for line in f:
            test = json.loads(line)
            result = test["result"]
            if result in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif result == "SKIP":
                skipped += 1
            else:
                failed += 1
                failures.append((build, test))
for build, test in failures:
    print(f"--- {build}: {test['name']} {test['result']} after {test.get('duration', 0):.1f} s")
    output = (test.get("stdout") or "") + (test.get("stderr") or "")
    for text in output.splitlines()[-40:]:
        print("    " + text)
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY

exit $status
