#!/bin/sh
# Runs a command with its own session bus and a throwaway, unlocked keyring,
# as a desktop session would have: monia-ctl keeps its login there.
#   tests/sync/with-keyring.sh COMMAND [ARGUMENTS…]
set -eu

if [ "${MONIA_KEYRING_READY:-}" != 1 ]; then
  exec dbus-run-session -- env MONIA_KEYRING_READY=1 "$0" "$@"
fi

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" XDG_RUNTIME_DIR="$home"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME"
# The login keyring is made with this password and left unlocked. The
# daemon is not under test: it runs without the tests' malloc checks and
# fatal warnings (it does not survive MALLOC_PERTURB_).
keyring () {
  env -u MALLOC_PERTURB_ -u MALLOC_CHECK_ -u G_DEBUG -u G_SLICE -u LD_PRELOAD \
    -u ASAN_OPTIONS -u LSAN_OPTIONS -u UBSAN_OPTIONS gnome-keyring-daemon "$@" >/dev/null
}
printf 'monia-test' | keyring --unlock --components=secrets
keyring --start --components=secrets
status=0
"$@" || status=$?
exit $status
