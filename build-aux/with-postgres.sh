#!/bin/sh
# with-postgres.sh — runs a command beside a throwaway PostgreSQL cluster
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: build-aux/with-postgres.sh COMMAND [ARGS…]
#
# Makes a cluster with initdb in a temporary folder, starts it listening on
# a Unix socket in that folder only (no TCP), runs COMMAND with
# MONIA_TEST_PG set to a libpq URI of its "postgres" database (a superuser
# "monia", no password: only this machine's users can reach the socket),
# then stops the cluster and removes the folder, whatever COMMAND did. The
# system's own cluster is never touched. As root, the cluster runs as the
# "postgres" user (PostgreSQL refuses root). Tests make a database of their
# own in it for each store (see tests/common/monia-test-util.c).
#
# The cluster is for tests: fsync is off, so it is fast and loses data on
# a crash, which a throwaway cluster may. MONIA_PG_DURABLE=1 keeps
# PostgreSQL's durable defaults instead (for benchmarks).

set -eu

if [ $# -lt 1 ]; then
	echo "Usage: $0 COMMAND [ARGS…]" >&2
	exit 2
fi

bindir=
for dir in /usr/lib/postgresql/*/bin; do
	if [ -x "$dir/initdb" ]; then
		bindir=$dir
	fi
done
if [ -z "$bindir" ]; then
	echo "with-postgres: PostgreSQL is missing; run build-aux/install-deps.sh first." >&2
	exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/monia-pg-XXXXXX")
chmod 755 "$work"
as_owner=
if [ "$(id -u)" -eq 0 ]; then
	chown postgres: "$work"
	as_owner="runuser -u postgres --"
fi
pid=

cleanup() {
	if [ -n "$pid" ]; then
		$as_owner "$bindir/pg_ctl" -D "$work/data" stop -m immediate -w >/dev/null 2>&1 || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

$as_owner "$bindir/initdb" -D "$work/data" -U monia --auth=trust -E UTF8 --locale=C.UTF-8 \
	--no-sync >"$work/initdb.log" 2>&1 || {
	cat "$work/initdb.log" >&2
	exit 1
}
settings="-c listen_addresses= -c unix_socket_directories=$work -c max_connections=300"
if [ "${MONIA_PG_DURABLE:-0}" = 1 ]; then
	settings="$settings -c shared_buffers=256MB"
else
	settings="$settings -c fsync=off -c full_page_writes=off -c shared_buffers=64MB"
fi
$as_owner "$bindir/pg_ctl" -D "$work/data" -l "$work/server.log" -w -t 60 start -o "$settings" >/dev/null || {
	cat "$work/server.log" >&2
	exit 1
}
pid=started

MONIA_TEST_PG="postgresql://monia@/postgres?host=$work"
export MONIA_TEST_PG
status=0
"$@" || status=$?
exit $status
