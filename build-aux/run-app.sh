#!/bin/sh
# Builds Monia's development profile (fi.monia.Monia.Devel, with its own data
# folder, so a user's own Monia data is never touched) and runs it from the
# build folder. Arguments go to the app, e.g. --database /tmp/try.db
#
# Without arguments it also starts a region server of its own on this
# computer (127.0.0.1:8787, data in the Devel data folder, one synthetic
# account "worker") and logs the app's store in to it, so sync is shown.
# The login is kept in the desktop's keyring (without a desktop session,
# in a keyring of this run's own); if it cannot be kept, the app runs on
# its own store alone.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

if [ -f _build/app/build.ninja ]; then
  meson configure _build/app -Ddevelopment=true >/dev/null
else
  meson setup _build/app -Ddevelopment=true
fi
ninja -C _build/app

export GSETTINGS_SCHEMA_DIR="$top/_build/app/data"
app="$top/_build/app/src/app/monia"

if [ $# -gt 0 ]; then
  exec "$app" "$@"
fi

# Without a desktop session (a bare X server, a remote shell) there is no
# session bus, and no keyring to keep the login in: the keyring would wait
# for a password no one is asked for. This run then gets a session bus of
# its own, below.
if [ -z "${MONIA_RUN_APP_SESSION:-}" ] && [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] &&
   [ ! -S "${XDG_RUNTIME_DIR:-/nonexistent}/bus" ] && command -v dbus-run-session >/dev/null; then
  MONIA_RUN_APP_SESSION=1 exec dbus-run-session -- "$0"
fi

data="${XDG_DATA_HOME:-$HOME/.local/share}/fi.monia.Monia.Devel"
store="$data/monia.db"
server_data="$data/local-server"
server="$top/_build/app/src/server/monia-server"
ctl="$top/_build/app/src/ctl/monia-ctl"
url=http://127.0.0.1:8787
password=monia-local-worker

mkdir -p "$data"
if [ -n "${MONIA_RUN_APP_SESSION:-}" ] && command -v gnome-keyring-daemon >/dev/null; then
  # ... and a keyring of its own, in the Devel data folder, locked with a
  # password made for this run and forgotten with it: the next run starts
  # a new keyring and logs in again.
  keyring_home="$data/run-keyring"
  rm -rf "$keyring_home"
  mkdir -p "$keyring_home"
  chmod 700 "$keyring_home"
  head -c 32 /dev/urandom | base64 |
    XDG_DATA_HOME="$keyring_home" gnome-keyring-daemon --unlock --daemonize --components=secrets >/dev/null
fi
if [ ! -d "$server_data" ]; then
  "$server" --data "$server_data" init
  printf '%s\n' "$password" | "$server" --data "$server_data" user add worker \
    --name "Local Worker" --org "Local family services" --team "Family work" --role worker >/dev/null
elif [ ! -f "$server_data/audit.key" ]; then
  # made before the audit log had a key
  "$server" --data "$server_data" audit upgrade
fi
"$server" --data "$server_data" serve --listen 127.0.0.1:8787 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true' EXIT INT TERM
sleep 1
if ! printf '%s\n' "$password" | "$ctl" --database "$store" login "$url" worker; then
  echo "run-app: the app runs without sync (see the message above)." >&2
fi
"$app" --database "$store"
