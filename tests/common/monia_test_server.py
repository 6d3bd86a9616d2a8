# A real monia-server for Python tests: made with `init`, started on
# 127.0.0.1 on a port of its own choosing, stopped at the end. Its store is
# the SQLite file of its data folder, or, when MONIA_TEST_PG names a
# throwaway PostgreSQL cluster (build-aux/with-postgres.sh), a database of
# its own there.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import glob
import os
import re
import sqlite3
import subprocess
import time
import uuid

SERVER = os.environ["MONIA_SERVER"]
TIMEOUT = 60


def psql_binary():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"))
    return found[-1] if found else "psql"


def psql(uri, sql):
    """Rows of @sql as lists of text (None for NULL)."""
    result = subprocess.run([psql_binary(), "-X", "-q", "-A", "-t", "-F", "\x1f", "-v", "ON_ERROR_STOP=1",
                             "-P", "null=\x1e", "-d", uri, "-c", sql],
                            capture_output=True, text=True, timeout=TIMEOUT)
    if result.returncode != 0:
        raise AssertionError(f"psql {sql!r}: {result.stderr}")
    return [[None if value == "\x1e" else value for value in line.split("\x1f")]
            for line in result.stdout.splitlines() if line != ""]


def new_database():
    """A new empty database in the cluster of MONIA_TEST_PG, or None."""
    base = os.environ.get("MONIA_TEST_PG")
    if not base:
        if os.environ.get("MONIA_TEST_BACKEND") == "postgresql":
            raise AssertionError("MONIA_TEST_BACKEND=postgresql needs MONIA_TEST_PG (build-aux/with-postgres.sh)")
        return None
    name = "monia_t_" + uuid.uuid4().hex[:16]
    psql(base, f"CREATE DATABASE {name}")
    head, _, query = base.partition("?")
    return head[:head.rindex("/") + 1] + name + ("?" + query if query else "")


class Server:
    def __init__(self, data, database=None, shared=False):
        """@database: a PostgreSQL URI to use; with none, one is made when
        the tests run on PostgreSQL. @shared: another Server's data folder
        and database, a second server of the same region."""
        self.data = data
        self.database = database if database is not None or shared else new_database()
        self.proc = None
        self.url = None

    def args(self):
        return ["--data", self.data] + (["--database", self.database] if self.database else [])

    def run(self, *args, stdin=None, check=True):
        result = subprocess.run([SERVER, *self.args(), *args], input=stdin,
                                capture_output=True, text=True, timeout=TIMEOUT)
        if check and result.returncode != 0:
            raise AssertionError(f"monia-server {args}: {result.returncode} {result.stderr}")
        return result

    def query(self, sql, *params):
        """Rows of @sql on the store; ? in @sql takes @params (text or numbers)."""
        if self.database:
            for value in params:
                text = str(value).replace("'", "''")
                sql = sql.replace("?", f"'{text}'", 1)
            return [tuple(int(v) if v is not None and re.fullmatch(r"-?\d+", v) else v for v in row)
                    for row in psql(self.database, sql)]
        db = sqlite3.connect(f"file:{os.path.join(self.data, 'monia-server.db')}?mode=ro", uri=True)
        try:
            return db.execute(sql, params).fetchall()
        finally:
            db.close()

    def execute(self, sql, *params):
        """A statement that changes the store, committed at once."""
        if self.database:
            for value in params:
                text = str(value).replace("'", "''")
                sql = sql.replace("?", f"'{text}'", 1)
            psql(self.database, sql)
            return
        db = sqlite3.connect(os.path.join(self.data, "monia-server.db"))
        try:
            db.execute(sql, params)
            db.commit()
        finally:
            db.close()

    def start(self, env=None):
        self.proc = subprocess.Popen([SERVER, *self.args(), "serve", "--listen", "127.0.0.1:0"],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        deadline = time.monotonic() + TIMEOUT
        line = ""
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if line.startswith("Listening on") or self.proc.poll() is not None:
                break
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not match:
            raise AssertionError(f"server did not start: {line!r} {self.proc.stderr.read()}")
        self.url = f"http://127.0.0.1:{match.group(1)}"

    def stop(self):
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=TIMEOUT)
            self.proc.stdout.close()
            self.proc.stderr.close()
            self.proc = None
