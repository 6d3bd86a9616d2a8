#!/usr/bin/python3
# A region's failover, end to end: a PostgreSQL primary with a synchronous
# standby (two throwaway clusters on Unix sockets in a temporary folder,
# started here, as the postgres user when run as root), two monia-server
# processes on it through one URI naming both hosts with
# target_session_attrs=read-write, and desktops (monia-ctl, one store each)
# adding goals and syncing as fast as they can. The primary is killed with
# SIGKILL, its whole process group at once, while pushes are in flight; the
# standby is promoted; the servers find it by themselves (they are not
# restarted) and the desktops send again what was not acknowledged. Then:
# every change a desktop had been told was applied is on the new primary
# (0 lost), every goal is there exactly once (0 duplicated), and the audit
# chain verifies there.
#
# Run in the PostgreSQL run of the sync suite (build-aux/with-postgres.sh);
# skipped (exit 77) otherwise.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import glob
import http.client
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from monia_test_server import Server, psql  # noqa: E402

CTL = os.environ["MONIA_CTL"]
TIMEOUT = 60
DESKTOPS = 4
# How long the desktops write before the primary is killed, and after the
# standby is promoted, in seconds.
BEFORE_KILL = 4.0
AFTER_PROMOTE = 4.0


def request(url, method, path, body=None, token=None):
    """(status, Retry-After, error code, reply) of one request to a server."""
    host, port = url.split("//", 1)[1].rstrip("/").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=TIMEOUT)
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    try:
        connection.request(method, path, json.dumps(body) if body is not None else None, headers)
        response = connection.getresponse()
        reply = json.loads(response.read() or b"{}")
        return response.status, response.getheader("Retry-After"), reply.get("error", {}).get("code"), reply
    finally:
        connection.close()


def pg_bindir():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return os.path.dirname(found[-1]) if found else None


def as_owner():
    """The prefix that runs a PostgreSQL program as a user it accepts."""
    return ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []


class Cluster:
    def __init__(self, folder, name, port):
        self.dir = os.path.join(folder, name)
        self.socket = folder
        self.port = port
        self.proc = None
        self.log = open(os.path.join(folder, name + ".log"), "w")

    def uri(self, database="postgres"):
        return f"postgresql://monia@/{database}?host={self.socket}&port={self.port}"

    def start(self, *settings):
        command = as_owner() + [os.path.join(pg_bindir(), "postgres"), "-D", self.dir, "-p", str(self.port),
                                "-k", self.socket, "-c", "listen_addresses=", "-c", "fsync=off"]
        for setting in settings:
            command += ["-c", setting]
        # A process group of its own, to be killed whole, as a machine dies.
        self.proc = subprocess.Popen(command, stdout=self.log, stderr=self.log, start_new_session=True)
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            ready = subprocess.run([os.path.join(pg_bindir(), "pg_isready"), "-q", "-h", self.socket,
                                    "-p", str(self.port)], check=False)
            if ready.returncode == 0:
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(f"the cluster {self.dir} did not start: see {self.log.name}")

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(TIMEOUT)

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGQUIT)
            try:
                self.proc.wait(TIMEOUT)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


class Desktop:
    def __init__(self, folder, login):
        self.db = os.path.join(folder, login + ".db")
        self.login = login
        self.failed_syncs = 0
        self.syncs = 0

    def ctl(self, *args, stdin=None, check=True):
        result = subprocess.run([CTL, "--database", self.db, *args], input=stdin,
                                capture_output=True, text=True, timeout=TIMEOUT)
        if check and result.returncode != 0:
            raise AssertionError(f"monia-ctl {args} for {self.login}: {result.returncode} {result.stderr!r}")
        return result

    def goals(self):
        """(every goal on this desktop, those still waiting to be sent)."""
        db = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=TIMEOUT)
        try:
            goals = {row[0] for row in db.execute("SELECT id FROM goals")}
            pending = {row[0] for row in db.execute("SELECT record_id FROM changes WHERE kind = 'goal'")}
            return goals, pending
        finally:
            db.close()


@unittest.skipUnless(os.environ.get("MONIA_TEST_PG") and pg_bindir(), "needs PostgreSQL")
class FailoverTest(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="monia-failover-")
        os.chmod(self.folder, 0o755)
        pg = os.path.join(self.folder, "pg")
        os.mkdir(pg)
        if os.getuid() == 0:
            subprocess.run(["chown", "postgres:", pg], check=True)
        self.primary = Cluster(pg, "primary", 5432)
        self.standby = Cluster(pg, "standby", 5433)
        self.servers = []

        subprocess.run(as_owner() + [os.path.join(pg_bindir(), "initdb"), "-D", self.primary.dir, "-U", "monia",
                                     "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
                       check=True, capture_output=True, timeout=TIMEOUT)
        # Commits wait until the standby has the WAL: an acknowledged write
        # is on both machines.
        self.primary.start("synchronous_standby_names=standby1", "synchronous_commit=on")
        subprocess.run(as_owner() + [os.path.join(pg_bindir(), "pg_basebackup"), "-D", self.standby.dir,
                                     "-d", f"host={pg} port=5432 user=monia", "-X", "stream", "-c", "fast",
                                     "-R", "--no-sync"],
                       check=True, capture_output=True, timeout=TIMEOUT)
        self.standby.start(f"primary_conninfo=host={pg} port=5432 user=monia application_name=standby1",
                           "hot_standby=on")
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            rows = psql(self.primary.uri(), "SELECT sync_state FROM pg_stat_replication"
                                            " WHERE application_name = 'standby1'")
            if rows == [["sync"]]:
                break
            time.sleep(0.1)
        else:
            raise AssertionError("the standby did not become synchronous")

        psql(self.primary.uri(), "CREATE DATABASE monia")
        # Both hosts; libpq settles on the one that takes writes.
        self.database = (f"postgresql://monia@/monia?host={pg},{pg}&port=5432,5433"
                         "&target_session_attrs=read-write&connect_timeout=2")
        data = os.path.join(self.folder, "region")
        first = Server(data, database=self.database)
        first.run("init")
        self.logins = [f"worker{i}" for i in range(DESKTOPS)]
        for login in self.logins:
            first.run("user", "add", login, "--name", login.title(), "--org", "Espoo family services",
                      "--team", "Family work 1", "--role", "worker", stdin=f"{login}-secret-1\n")
        # A lost database is logged as a warning, which the tests' own
        # G_DEBUG would make fatal: these servers run as in production.
        self.env = {k: v for k, v in os.environ.items() if k != "G_DEBUG"}
        self.servers = [first, Server(data, database=self.database)]
        for server in self.servers:
            server.start(env=self.env)
        # A login of the first account's, for asking a server directly.
        status, _, _, reply = request(first.url, "POST", "/v1/login",
                                      {"login": "worker0", "password": "worker0-secret-1"})
        self.assertEqual(status, 200)
        self.token = reply["token"]
        self.assertEqual(request(first.url, "GET", "/v1/me", token=self.token)[0], 200)
        self.desktops = []
        for i, login in enumerate(self.logins):
            desktop = Desktop(self.folder, login)
            desktop.ctl("login", self.servers[i % 2].url, login, stdin=f"{login}-secret-1\n")
            desktop.ctl("sync")
            desktop.case = desktop.ctl("case", "new", "--title", f"Family 92{i}").stdout.strip()
            desktop.ctl("sync")
            self.desktops.append(desktop)

    def tearDown(self):
        for server in self.servers:
            server.stop()
        self.primary.stop()
        self.standby.stop()
        subprocess.run(["rm", "-rf", self.folder], check=False)

    def test_failover_loses_and_duplicates_nothing(self):
        stop = threading.Event()
        errors = []
        syncing = [0]
        syncing_lock = threading.Lock()

        def work(desktop):
            n = 0
            try:
                while not stop.is_set():
                    for _ in range(3):
                        desktop.ctl("goal", "add", desktop.case, "--text", f"{desktop.login} goal {n}")
                        n += 1
                    desktop.syncs += 1
                    with syncing_lock:
                        syncing[0] += 1
                    ok = desktop.ctl("sync", check=False).returncode == 0
                    with syncing_lock:
                        syncing[0] -= 1
                    if not ok:
                        desktop.failed_syncs += 1
                        time.sleep(0.2)
            except Exception as error:  # noqa: BLE001 — reported below
                errors.append(error)

        threads = [threading.Thread(target=work, args=(d,)) for d in self.desktops]
        for thread in threads:
            thread.start()
        time.sleep(BEFORE_KILL)

        # The primary dies mid-push, and with it every backend: at a moment
        # when most desktops are syncing.
        deadline = time.monotonic() + TIMEOUT
        while syncing[0] < DESKTOPS - 1 and time.monotonic() < deadline:
            time.sleep(0.001)
        in_flight = syncing[0]
        token = self.token
        self.primary.kill()
        acknowledged = set()
        for desktop in self.desktops:
            goals, pending = desktop.goals()
            acknowledged |= goals - pending
        killed_at = time.monotonic()

        # With no database to ask, a server says to come back shortly: not
        # that the login has ended (a desktop would ask for the password
        # again), nor that it failed.
        answers = [request(self.servers[1].url, "GET", "/v1/me", token=token) for _ in range(3)]
        self.assertEqual({a[:3] for a in answers}, {(503, "5", "unavailable")}, answers)

        time.sleep(1.0)
        subprocess.run(as_owner() + [os.path.join(pg_bindir(), "pg_ctl"), "promote", "-w", "-D", self.standby.dir],
                       check=True, capture_output=True, timeout=TIMEOUT)
        promoted_in = time.monotonic() - killed_at
        time.sleep(AFTER_PROMOTE)
        stop.set()
        for thread in threads:
            thread.join(TIMEOUT * 2)
        self.assertEqual(errors, [])

        # Whatever was not acknowledged is sent again, through the same
        # servers, which were never restarted.
        for server in self.servers:
            self.assertIsNone(server.proc.poll(), "a server stopped")
        for desktop in self.desktops:
            for _ in range(20):
                if desktop.ctl("sync", check=False).returncode == 0 and not desktop.goals()[1]:
                    break
                time.sleep(0.5)
            self.assertEqual(desktop.goals()[1], set(), f"{desktop.login} could not send everything")

        made = set()
        for desktop in self.desktops:
            made |= desktop.goals()[0]
        on_server = [row[0] for row in psql(self.standby.uri("monia"),
                                            "SELECT id FROM records WHERE kind = 'goal'")]
        histories = psql(self.standby.uri("monia"),
                         "SELECT record_id, count(*) FROM record_history WHERE kind = 'goal'"
                         " GROUP BY record_id HAVING count(*) > 1")
        lost = acknowledged - set(on_server)
        duplicated = len(on_server) - len(set(on_server)) + len(histories)
        failed = sum(d.failed_syncs for d in self.desktops)
        print(f"failover: {len(made)} goals made by {DESKTOPS} desktops, {len(acknowledged)} acknowledged "
              f"before the kill; {failed} of {sum(d.syncs for d in self.desktops)} syncs failed meanwhile; "
              f"{in_flight} desktops were syncing at the kill; standby promoted {promoted_in:.1f} s after it; "
              f"lost {len(lost)}, duplicated {duplicated}")
        self.assertGreater(len(acknowledged), 0)
        self.assertGreater(failed, 0, "the kill fell between syncs: no push was in flight")
        self.assertEqual(lost, set())
        self.assertEqual(duplicated, 0)
        self.assertEqual(set(on_server), made)

        result = self.servers[0].run("audit", "verify")
        self.assertIn("The audit log is intact", result.stdout)


if __name__ == "__main__":
    if not (os.environ.get("MONIA_TEST_PG") and pg_bindir()):
        print("SKIP: the failover test runs in the PostgreSQL run (build-aux/with-postgres.sh)")
        sys.exit(77)   # meson's "skipped"
    unittest.main(verbosity=2)
