#!/bin/sh
# Runs one libFuzzer target for a bounded time, as a test of the fuzz build
# (see build-aux/run-fuzzers.sh):
#   run-fuzzer.sh TARGET SEEDS DICTIONARY WORKDIR
# It starts from the seeds in the source tree and from what earlier runs
# kept in WORKDIR/corpus; new inputs go to WORKDIR/corpus, an input that
# crashes to WORKDIR/artifacts. Fails on a crash, a sanitizer report, a
# fatal GLib warning, a leak or a hang. MONIA_FUZZ_SECONDS sets the time
# (40 s); extra libFuzzer flags can be given in MONIA_FUZZ_FLAGS.
set -eu

exe=$1
seeds=$2
dict=$3
work=$4
name=$(basename "$exe")
seconds=${MONIA_FUZZ_SECONDS:-40}

mkdir -p "$work/corpus" "$work/artifacts"
log="$work/$name.log"

# The stores live on a tmpfs when there is one (the server syncs each commit
# to disk), in a folder of this run's own, removed even after a crash.
base=/tmp
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
  base=/dev/shm
fi
TMPDIR=$(mktemp -d "$base/monia-$name-XXXXXX")
export TMPDIR
trap 'rm -rf "$TMPDIR"' EXIT

if [ -x /usr/lib/llvm-14/bin/llvm-symbolizer ]; then
  export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
fi
export ASAN_OPTIONS="detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1"
supp=$(cd "$(dirname "$0")/../../build-aux" && pwd)/lsan.supp
export LSAN_OPTIONS="suppressions=$supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export G_SLICE=always-malloc
# Warnings abort through the targets' own log writer (fuzz-util.c).
export G_DEBUG=gc-friendly
export GSETTINGS_BACKEND=memory
export NO_AT_BRIDGE=1
export LC_ALL=C.UTF-8
export LANGUAGE=C

status=0
# shellcheck disable=SC2086
"$exe" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -max_len=65536 \
       -dict="$dict" -print_final_stats=1 -artifact_prefix="$work/artifacts/" \
       ${MONIA_FUZZ_FLAGS:-} "$work/corpus" "$seeds" >"$log" 2>&1 || status=$?

runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
kept=$(find "$work/corpus" -type f | wc -l)

if [ "$status" -eq 0 ] &&
   grep -q -e 'ERROR: [A-Za-z]*Sanitizer' -e 'runtime error:' -e 'FUZZ FAILURE' "$log"; then
  status=1
fi
if [ "$status" -ne 0 ]; then
  tail -n 60 "$log"
  # Stacks are unwound the fast way while fuzzing, which stops at GLib (it
  # has no frame pointers): the input once more, the slow way, shows where
  # a leaked block was made.
  artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
  if [ -n "$artifact" ] && [ -f "$artifact" ]; then
    echo "--- $name once more on $(basename "$artifact"), with full stacks:"
    ASAN_OPTIONS="$ASAN_OPTIONS:fast_unwind_on_malloc=0" "$exe" -runs=1 "$artifact" 2>&1 |
      grep -v -e '^INFO:' -e 'in fuzzer::' | head -n 80
  fi
  echo "$name: FAILED (exit $status) after ${runs:-?} runs; the input is in $work/artifacts/, the log in $log"
  exit 1
fi
echo "$name: ${runs:-?} runs in $seconds s (${rate:-?}/s), $kept inputs in its corpus, no crash"
