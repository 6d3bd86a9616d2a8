#!/usr/bin/python3
# Two monia-server processes on one PostgreSQL database, as a region runs
# them behind a load balancer, with desktops on each: the same field edited
# through both servers at the same moment is one conflict, never a lost
# update; a case's sequence numbers stay unique and a desktop following a
# feed through one server misses nothing the other commits; a mutation
# resent to the other server meanwhile is applied once; a notice of a
# change made through one server reaches the desktops of the other; tokens
# and the login throttle are shared. Skipped without PostgreSQL (the
# PostgreSQL run of the sync suite, under build-aux/with-postgres.sh).
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.request
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from monia_test_server import Server, new_database  # noqa: E402

CTL = os.environ["MONIA_CTL"]
TIMEOUT = 60


def new_id():
    return str(uuid.uuid4())


def http(url, method="GET", body=None, token=None, timeout=TIMEOUT):
    """Returns (status, parsed JSON or None)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            raw = answer.read()
            return answer.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        raw = error.read()
        return error.code, json.loads(raw) if raw else None


class Desktop:
    """One person's desktop store, used through monia-ctl, logged in to one server."""

    def __init__(self, folder, login):
        self.db = os.path.join(folder, login + ".db")
        self.login = login

    def ctl(self, *args, stdin=None):
        result = subprocess.run([CTL, "--database", self.db, *args], input=stdin,
                                capture_output=True, text=True, timeout=TIMEOUT)
        if result.returncode != 0:
            raise AssertionError(f"monia-ctl {args} for {self.login}: {result.returncode} {result.stderr!r}")
        return result.stdout

    def json(self, *args):
        return json.loads(self.ctl(*args, "--json"))

    def one_id(self, *args):
        lines = self.ctl(*args).splitlines()
        assert len(lines) == 1, lines
        return lines[0]


@unittest.skipUnless(os.environ.get("MONIA_TEST_PG"), "two servers share a PostgreSQL database")
class ServersTest(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="monia-servers-")
        data = os.path.join(cls.folder, "region")
        database = new_database()
        # Two servers of one region: the same database, the same audit keys.
        cls.a = Server(data, database=database)
        cls.b = Server(data, database=database)
        cls.a.run("init")
        cls.ids = {}
        for login in ("alice", "bob"):
            out = cls.a.run("user", "add", login, "--name", login.title() + " Testinen", "--org", "Espoo family services",
                            "--team", "Family work 1", "--role", "worker", stdin=f"{login}-secret-1\n")
            cls.ids[login] = out.stdout.strip()
        cls.a.start()
        cls.b.start()
        cls.alice = Desktop(cls.folder, "alice")
        cls.bob = Desktop(cls.folder, "bob")
        cls.alice.ctl("login", cls.a.url, "alice", stdin="alice-secret-1\n")
        cls.bob.ctl("login", cls.b.url, "bob", stdin="bob-secret-1\n")
        cls.alice.ctl("sync")
        cls.bob.ctl("sync")
        cls.tokens = {}
        for login, server in (("alice", cls.a), ("bob", cls.b)):
            status, answer = http(server.url + "/v1/login", "POST", {"login": login, "password": login + "-secret-1"})
            assert status == 200, answer
            cls.tokens[login] = answer["token"]

    @classmethod
    def tearDownClass(cls):
        cls.a.stop()
        cls.b.stop()
        subprocess.run(["rm", "-rf", cls.folder], check=False)

    def push(self, server, who, mutations):
        status, answer = http(server.url + "/v1/push", "POST", {"mutations": mutations}, self.tokens[who])
        self.assertEqual(status, 200, answer)
        return answer["results"]

    def shared_case(self, title):
        """A case of Alice's with Bob on it and one goal, on both desktops."""
        case = self.alice.one_id("case", "new", "--title", title)
        self.alice.one_id("participant", "add", case, "bob")
        goal = self.alice.one_id("goal", "add", case, "--text", "Sleep at night")
        self.alice.ctl("sync")
        self.bob.ctl("sync")
        return case, goal

    def test_1_same_field_through_two_servers_is_one_conflict(self):
        case, goal = self.shared_case("Family 911")
        rev = 1
        rounds = 20
        for i in range(rounds):
            barrier = threading.Barrier(2)
            results = {}

            def edit(who, server):
                mutation = {"id": new_id(), "kind": "goal", "record_id": goal, "op": "update",
                            "base_rev": rev, "fields": {"text": f"{who} {i}"}}
                barrier.wait(timeout=TIMEOUT)
                results[who] = self.push(server, who, [mutation])[0]

            threads = [threading.Thread(target=edit, args=("alice", self.a)),
                       threading.Thread(target=edit, args=("bob", self.b))]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(TIMEOUT)
            statuses = sorted(r["status"] for r in results.values())
            self.assertEqual(statuses, ["applied", "conflict"], results)
            applied = [r for r in results.values() if r["status"] == "applied"][0]
            self.assertEqual(applied["rev"], rev + 1)
            rev = applied["rev"]
        conflicts = self.a.query("SELECT count(*) FROM conflicts WHERE record_id = ? AND field = 'text'", goal)[0][0]
        self.assertEqual(conflicts, rounds)

        # And through the desktops, each on its own server: one conflict
        # record, seen by both.
        self.alice.ctl("sync")
        self.bob.ctl("sync")
        self.alice.ctl("goal", "set", goal, "--text", "Alice: sleep by ten")
        self.bob.ctl("goal", "set", goal, "--text", "Bob: sleep by eleven")
        syncs = [threading.Thread(target=d.ctl, args=("sync",)) for d in (self.alice, self.bob)]
        for thread in syncs:
            thread.start()
        for thread in syncs:
            thread.join(TIMEOUT)
        self.alice.ctl("sync")
        self.bob.ctl("sync")
        values = {"Alice: sleep by ten", "Bob: sleep by eleven"}
        seen_a = [c for c in self.alice.json("conflicts") if c["record"] == goal and {c["mine"], c["theirs"]} == values]
        seen_b = [c for c in self.bob.json("conflicts") if c["record"] == goal and {c["mine"], c["theirs"]} == values]
        self.assertEqual(len(seen_a), 1, seen_a)
        self.assertEqual(len(seen_b), 1, seen_b)
        self.assertEqual(seen_a[0]["id"], seen_b[0]["id"])
        # Each sees their own value as "mine": none is lost.
        self.assertEqual(seen_a[0]["mine"], "Alice: sleep by ten")
        self.assertEqual(seen_b[0]["mine"], "Bob: sleep by eleven")

    def test_2_sequences_under_two_servers(self):
        case, _ = self.shared_case("Family 912")
        created = set()
        created_lock = threading.Lock()
        stop = threading.Event()
        seen = []
        errors = []

        def writer(who, server, n_batches):
            for batch in range(n_batches):
                mutations = []
                for _ in range(5):
                    record = new_id()
                    mutations.append({"id": new_id(), "kind": "event", "record_id": record, "op": "create",
                                      "base_rev": 0, "fields": {"case_id": case, "kind": "note",
                                                                "occurred_at": 1793000000, "text": f"{who} {batch}"}})
                    with created_lock:
                        created.add(record)
                results = self.push(server, who, mutations)
                if [r["status"] for r in results] != ["applied"] * 5:
                    errors.append(results)

        def follower():
            """A desktop on server B following the feed as the notices tell it."""
            since = 0
            while True:
                done = stop.is_set()
                status, page = http(f"{self.b.url}/v1/cases/{case}/changes?since={since}&limit=50",
                                    token=self.tokens["bob"])
                if status != 200:
                    errors.append(page)
                    return
                for change in page["changes"]:
                    seen.append((change["seq"], change["kind"], change["id"]))
                since = page["seq"]
                if done and not page["more"]:
                    return
                if not page["changes"]:
                    time.sleep(0.02)

        reader = threading.Thread(target=follower)
        reader.start()
        writers = [threading.Thread(target=writer, args=(who, server, 12))
                   for who, server in (("alice", self.a), ("bob", self.b), ("alice", self.b), ("bob", self.a))]
        for thread in writers:
            thread.start()
        for thread in writers:
            thread.join(TIMEOUT * 2)
        stop.set()
        reader.join(TIMEOUT)
        self.assertEqual(errors, [])
        seqs = [seq for seq, _, _ in seen]
        self.assertEqual(len(seqs), len(set(seqs)), "a sequence number given twice")
        self.assertEqual(seqs, sorted(seqs))
        events = [record for _, kind, record in seen if kind == "event"]
        self.assertEqual(len(events), len(set(events)), "an event served twice")
        # Followed page by page while four writers wrote through two
        # servers, the desktop missed none.
        self.assertEqual(set(events), created)
        self.assertEqual(len(created), 4 * 12 * 5)

    def test_3_a_resent_push_through_the_other_server_applies_once(self):
        case, _ = self.shared_case("Family 913")
        for _ in range(5):
            mutations = [{"id": new_id(), "kind": "event", "record_id": new_id(), "op": "create", "base_rev": 0,
                          "fields": {"case_id": case, "kind": "note", "occurred_at": 1793000000, "text": "twice"}}
                         for _ in range(20)]
            barrier = threading.Barrier(2)
            answers = []

            def send(server):
                barrier.wait(timeout=TIMEOUT)
                answers.append(self.push(server, "alice", mutations))

            threads = [threading.Thread(target=send, args=(server,)) for server in (self.a, self.b)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(TIMEOUT)
            self.assertEqual(len(answers), 2)
            for first, second in zip(*answers):
                self.assertEqual((first["status"], second["status"]), ("applied", "applied"))
                self.assertEqual(first["rev"], second["rev"])
                # One of the two answers is the stored one.
                self.assertEqual(bool(first.get("duplicate")) + bool(second.get("duplicate")), 1)
            for mutation in mutations:
                n = self.a.query("SELECT count(*) FROM record_history WHERE record_id = ?", mutation["record_id"])[0][0]
                self.assertEqual(n, 1)

    def test_4_a_notice_reaches_the_other_servers_desktops(self):
        case, goal = self.shared_case("Family 914")
        status, first = http(f"{self.b.url}/v1/notices?wait=0", token=self.tokens["bob"])
        self.assertEqual(status, 200)
        got = {}

        def poll():
            started = time.monotonic()
            got["answer"] = http(f"{self.b.url}/v1/notices?epoch={first['epoch']}&after={first['next']}&wait=30",
                                 token=self.tokens["bob"])
            got["seconds"] = time.monotonic() - started

        poller = threading.Thread(target=poll)
        poller.start()
        time.sleep(0.5)
        results = self.push(self.a, "alice", [{"id": new_id(), "kind": "goal", "record_id": goal, "op": "update",
                                               "base_rev": 1, "fields": {"text": "Told through the database"}}])
        self.assertEqual(results[0]["status"], "applied")
        poller.join(TIMEOUT)
        status, answer = got["answer"]
        self.assertEqual(status, 200)
        self.assertIn(case, [notice["feed"] for notice in answer["notices"]])
        self.assertLess(got["seconds"], 10)

    def test_5_tokens_and_throttles_are_shared(self):
        status, login = http(self.a.url + "/v1/login", "POST", {"login": "alice", "password": "alice-secret-1"})
        self.assertEqual(status, 200)
        token = login["token"]
        self.assertEqual(http(self.b.url + "/v1/me", token=token)[0], 200)
        self.assertEqual(http(self.b.url + "/v1/logout", "POST", {}, token=token)[0], 204)
        self.assertEqual(http(self.a.url + "/v1/me", token=token)[0], 401)
        # Failed logins counted through both servers: the fifth blocks both.
        for i in range(5):
            server = (self.a, self.b)[i % 2]
            status, _ = http(server.url + "/v1/login", "POST", {"login": "bob", "password": "wrong password"})
            self.assertEqual(status, 401)
        for server in (self.a, self.b):
            status, _ = http(server.url + "/v1/login", "POST", {"login": "bob", "password": "bob-secret-1"})
            self.assertEqual(status, 429)

    def test_6_the_audit_chain_holds(self):
        result = self.a.run("audit", "verify")
        self.assertIn("The audit log is intact", result.stdout)


if __name__ == "__main__":
    if not os.environ.get("MONIA_TEST_PG"):
        print("SKIP: two servers share a PostgreSQL database; run under build-aux/with-postgres.sh")
        sys.exit(77)   # meson's "skipped"
    unittest.main(verbosity=2)
