#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Checks that the compiled GSettings schema in SCHEMA_DIR has every key Monia
# reads, with the documented default.
#
# Usage: check-schema.sh SCHEMA_DIR SCHEMA_ID

set -eu

schemadir=${1:?usage: check-schema.sh SCHEMA_DIR SCHEMA_ID}
schema=${2:?usage: check-schema.sh SCHEMA_DIR SCHEMA_ID}
status=0

# Read from the schema defaults only, never from the user's settings.
GSETTINGS_BACKEND=memory
export GSETTINGS_BACKEND

expect () {
  key=$1
  want=$2
  if ! got=$(gsettings --schemadir "$schemadir" get "$schema" "$key" 2>&1); then
    echo "not ok: $key: $got"
    status=1
  elif [ "$got" != "$want" ]; then
    echo "not ok: $key is $got, expected $want"
    status=1
  else
    echo "ok: $key = $got"
  fi
}

expect window-width 1000
expect window-height 700
expect window-maximized false
expect eves-non-working true
expect month-end-moves false
expect promise-web 3
expect promise-callback 1
expect promise-consultation 1
expect caseload-cap 30
expect notify-decision-due true
expect notify-request-promise true
expect notify-conflict true
expect database-path "''"

# Each profile keeps its settings at the path made from its own id, so the
# Devel build never changes a released Monia's settings.
expected_path="/$(echo "$schema" | tr . /)/"
path=$(gsettings --schemadir "$schemadir" list-schemas --print-paths | sed -n "s/^$schema //p")
if [ "$path" != "$expected_path" ]; then
  echo "not ok: $schema has path \"$path\", expected $expected_path"
  status=1
else
  echo "ok: path $path"
fi

# No keys beyond the ones above, so a new key gets a default check here too.
n=$(gsettings --schemadir "$schemadir" list-keys "$schema" | wc -l)
if [ "$n" -ne 13 ]; then
  echo "not ok: $schema has $n keys, expected 13:"
  gsettings --schemadir "$schemadir" list-keys "$schema" | sed 's/^/  /'
  status=1
fi

exit $status
