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
# The login keyring is made with this password and left unlocked.
printf 'monia-test' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
gnome-keyring-daemon --start --components=secrets >/dev/null
status=0
"$@" || status=$?
exit $status
