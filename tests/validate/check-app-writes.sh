#!/bin/sh
# check-app-writes.sh SRCDIR — the app writes through the core's operations
# only: no widget builds a raw mutation or applies one to the store, so every
# write is checked by the same rules on every path (docs and STYLE.md).
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

found=$(grep -n -E '\bmonia_(mutation_new(_create|_update|_delete)?|store_apply(_one)?)[[:space:]]*\(' \
          "$1"/src/app/*.c "$1"/src/app/*.h || true)
if [ -n "$found" ]; then
  echo "The app writes around the core's operations:"
  echo "$found"
  echo "Add an operation to src/core (with its test) and call that."
  exit 1
fi
echo "ok: the app writes through the core's operations only"
