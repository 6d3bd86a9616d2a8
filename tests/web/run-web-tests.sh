#!/bin/sh
# run-web-tests.sh — the public form in Debian's headless Chromium
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage (meson's "web" suite runs it): run-web-tests.sh SOURCE_DIR BUILD_DIR
#
# Installs puppeteer-core and axe-core from package-lock.json into
# BUILD_DIR/tests/web/node_modules with `npm ci` when they are missing or
# the lock file changed, then runs ask-browser.cjs. Chromium and node come
# from Debian (build-aux/install-deps.sh); puppeteer-core downloads no
# browser. Screenshots go to BUILD_DIR/tests/web/screenshots. Exits 77
# (skipped) without chromium or npm.

set -eu

src=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)
here="$build/tests/web"
mkdir -p "$here"

if [ ! -x /usr/bin/chromium ] || ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	echo "# skipped: chromium, node or npm is missing (build-aux/install-deps.sh installs them)"
	exit 77
fi

if ! cmp -s "$src/tests/web/package-lock.json" "$here/package-lock.json" || [ ! -d "$here/node_modules" ]; then
	cp "$src/tests/web/package.json" "$src/tests/web/package-lock.json" "$here/"
	(cd "$here" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

mkdir -p "$here/screenshots"
MONIA_WEB_MODULES="$here/node_modules" \
MONIA_SERVER="$build/src/server/monia-server" \
MONIA_LOCALEDIR="$build/po" \
MONIA_SCREENSHOTS="$here/screenshots" \
	exec node "$src/tests/web/ask-browser.cjs"
