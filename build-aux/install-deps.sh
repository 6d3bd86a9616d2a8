#!/bin/sh
# Installs the Debian 12 packages Monia needs to build, run and test.
# Idempotent: packages already present are left as they are.
set -eu

packages="
  build-essential meson ninja-build pkg-config gettext
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev
  libsoup-3.0-dev libsqlite3-dev sqlite3 libjson-glib-dev
  libsodium-dev libsecret-1-dev gnome-keyring tzdata
  postgresql libpq-dev
  desktop-file-utils appstream libxml2-utils
  xvfb xauth dbus dbus-x11 at-spi2-core
  python3 python3-gi python3-pyatspi python3-dogtail gir1.2-atspi-2.0
  fonts-cantarell adwaita-icon-theme hicolor-icon-theme librsvg2-common
  libgtk-4-bin poppler-utils
  chromium
  clang libclang-rt-14-dev llvm-14
"

# Node.js and npm drive the browser tests. A Node.js from elsewhere (such as
# NodeSource's, which brings its own npm and conflicts with Debian's npm
# package) is used as it is; without one, Debian's are installed.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  packages="$packages nodejs npm"
fi

missing=""
for p in $packages; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

if [ -z "$missing" ]; then
  echo "install-deps: everything Monia needs is installed."
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1; then
  sudo="sudo"
else
  echo "install-deps: run this as root (or install sudo): missing:$missing" >&2
  exit 1
fi

echo "install-deps: installing:$missing"
$sudo apt-get update
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends $missing
