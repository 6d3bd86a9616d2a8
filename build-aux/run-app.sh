#!/bin/sh
# Builds Monia's development profile (fi.monia.Monia.Devel, with its own data
# folder, so a user's own Monia data is never touched) and runs it from the
# build folder. Arguments go to the app, e.g. --database /tmp/try.db
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
exec "$top/_build/app/src/app/monia" "$@"
