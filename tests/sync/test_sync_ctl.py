#!/usr/bin/python3
# Two workers of one team and a third from another team, each with their own
# desktop store, driven through monia-ctl exactly as scripts use it, against
# a real monia-server on 127.0.0.1 started here. Runs inside
# tests/sync/with-keyring.sh, so logins are kept in a throwaway keyring;
# a fourth worker logs in where no keyring can be reached, as on a server
# or in CI, and keeps her login in a file or gives it in MONIA_TOKEN.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import glob
import json
import os
import sqlite3
import stat
import subprocess
import sys
import tempfile
import unittest
import urllib.error
import urllib.request
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from monia_test_server import Server  # noqa: E402

CTL = os.environ["MONIA_CTL"]
TIMEOUT = 60


def http(url, method="GET", body=None, token=None):
    """Returns (status, parsed JSON or None)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
            raw = answer.read()
            return answer.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        raw = error.read()
        return error.code, json.loads(raw) if raw else None


class Desktop:
    """One person's desktop store, used through monia-ctl."""

    def __init__(self, folder, login, password):
        self.db = os.path.join(folder, login + ".db")
        self.login = login
        self.password = password

    def run(self, *args, stdin=None, expect=0, env=None):
        result = subprocess.run([CTL, "--database", self.db, *args], input=stdin,
                                capture_output=True, text=True, timeout=TIMEOUT, env=env)
        if result.returncode != expect:
            raise AssertionError(f"monia-ctl {args} for {self.login}: exit {result.returncode}, "
                                 f"stderr {result.stderr!r}")
        return result

    def ctl(self, *args, stdin=None, expect=0):
        return self.run(*args, stdin=stdin, expect=expect).stdout

    def json(self, *args):
        return json.loads(self.ctl(*args, "--json"))

    def one_id(self, *args):
        lines = self.ctl(*args).splitlines()
        assert len(lines) == 1, lines
        assert uuid.UUID(lines[0]), lines
        return lines[0]

    def log_in(self, url):
        self.ctl("login", url, self.login, stdin=self.password + "\n")

    def sync(self):
        self.ctl("sync")

    def rows_of_case(self, case_id):
        db = sqlite3.connect(self.db)
        try:
            count = db.execute("SELECT count(*) FROM cases WHERE id = ?", (case_id,)).fetchone()[0]
            for table in ("goals", "plans", "participants", "case_people", "conflicts"):
                count += db.execute(f"SELECT count(*) FROM {table} WHERE case_id = ?", (case_id,)).fetchone()[0]
            return count
        finally:
            db.close()


class SyncTest(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="monia-sync-")
        cls.server = Server(os.path.join(cls.folder, "server"))
        cls.server.run("init")
        accounts = {}
        for login, org, team in (("alice", "Espoo family services", "Family work 1"),
                                 ("bob", "Espoo family services", "Family work 1"),
                                 ("dana", "Espoo family services", "Family work 1"),
                                 ("carol", "Vantaa family services", "Family work 9")):
            out = cls.server.run("user", "add", login, "--name", login.title() + " Testinen", "--org", org,
                                 "--team", team, "--role", "worker", stdin=f"{login}-secret-1\n")
            accounts[login] = out.stdout.strip()
        cls.accounts = accounts
        cls.server.start()
        cls.alice = Desktop(cls.folder, "alice", "alice-secret-1")
        cls.bob = Desktop(cls.folder, "bob", "bob-secret-1")
        cls.carol = Desktop(cls.folder, "carol", "carol-secret-1")
        for desktop in (cls.alice, cls.bob, cls.carol):
            desktop.log_in(cls.server.url)
            desktop.sync()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        subprocess.run(["rm", "-rf", cls.folder], check=False)

    def new_shared_case(self, title):
        alice, bob = self.alice, self.bob
        case = alice.one_id("case", "new", "--title", title)
        alice.one_id("participant", "add", case, "bob")
        goal = alice.one_id("goal", "add", case, "--text", "Sleep at night")
        alice.sync()
        bob.sync()
        return case, goal

    def goal_texts(self, desktop, case):
        return sorted(goal["text"] for goal in desktop.json("goals", case))

    def test_1_offline_edits_on_both_sides_merge(self):
        alice, bob = self.alice, self.bob
        case, goal = self.new_shared_case("Family 901")
        self.assertIn(case, [c["id"] for c in bob.json("cases")])
        self.assertEqual([g["id"] for g in bob.json("goals", case)], [goal])

        # Both work offline: Bob rewords the goal, Alice adds another.
        bob.ctl("goal", "set", goal, "--text", "Sleep through the night")
        second = alice.one_id("goal", "add", case, "--text", "Calm school mornings")
        alice.sync()
        bob.sync()
        alice.sync()

        expected = ["Calm school mornings", "Sleep through the night"]
        self.assertEqual(self.goal_texts(alice, case), expected)
        self.assertEqual(self.goal_texts(bob, case), expected)
        self.assertIn(second, [g["id"] for g in bob.json("goals", case)])
        self.assertEqual(alice.json("conflicts"), [])
        self.assertEqual(bob.json("conflicts"), [])

    def test_2_same_field_gives_one_conflict_seen_by_both(self):
        alice, bob = self.alice, self.bob
        case, goal = self.new_shared_case("Family 902")

        alice.ctl("goal", "set", goal, "--text", "Alice: sleep by ten")
        bob.ctl("goal", "set", goal, "--text", "Bob: sleep by eleven")
        alice.sync()
        bob.sync()
        alice.sync()

        mine_a = [c for c in alice.json("conflicts") if c["record"] == goal]
        mine_b = [c for c in bob.json("conflicts") if c["record"] == goal]
        self.assertEqual(len(mine_a), 1)
        self.assertEqual(len(mine_b), 1)
        self.assertEqual(mine_a[0]["id"], mine_b[0]["id"])
        self.assertEqual(mine_a[0]["field"], "text")
        # No value is lost, and each sees their own as "mine".
        self.assertEqual(mine_a[0]["mine"], "Alice: sleep by ten")
        self.assertEqual(mine_a[0]["theirs"], "Bob: sleep by eleven")
        self.assertEqual(mine_b[0]["mine"], "Bob: sleep by eleven")
        self.assertEqual(mine_b[0]["theirs"], "Alice: sleep by ten")
        # The server kept the value that arrived first.
        self.assertEqual(self.goal_texts(alice, case), ["Alice: sleep by ten"])
        self.assertEqual(self.goal_texts(bob, case), ["Alice: sleep by ten"])

        # Bob settles it on his own value: a new change everyone gets.
        bob.ctl("resolve", mine_b[0]["id"], "--take", "mine")
        bob.sync()
        alice.sync()
        self.assertEqual(self.goal_texts(alice, case), ["Bob: sleep by eleven"])
        self.assertEqual(self.goal_texts(bob, case), ["Bob: sleep by eleven"])
        self.assertEqual([c for c in alice.json("conflicts") if c["record"] == goal], [])
        self.assertEqual([c for c in bob.json("conflicts") if c["record"] == goal], [])

    def test_3_resent_batch_creates_nothing_twice(self):
        alice, bob = self.alice, self.bob
        case, _ = self.new_shared_case("Family 903")
        status, login = http(self.server.url + "/v1/login", "POST",
                             {"login": "alice", "password": "alice-secret-1"})
        self.assertEqual(status, 200)
        token = login["token"]
        plan = json.loads(alice.ctl("goals", case, "--json"))[0]["plan_id"]
        batch = {"mutations": [
            {"id": str(uuid.uuid4()), "kind": "goal", "record_id": str(uuid.uuid4()), "op": "create",
             "base_rev": 0, "fields": {"case_id": case, "plan_id": plan, "text": f"Resent goal {i}",
                                       "position": 10 + i}}
            for i in range(3)]}
        status, first = http(self.server.url + "/v1/push", "POST", batch, token)
        self.assertEqual(status, 200)
        self.assertEqual([r["status"] for r in first["results"]], ["applied"] * 3)
        status, again = http(self.server.url + "/v1/push", "POST", batch, token)
        self.assertEqual(status, 200)
        self.assertEqual([r["status"] for r in again["results"]], ["applied"] * 3)
        self.assertTrue(all(r.get("duplicate") for r in again["results"]))
        bob.sync()
        texts = self.goal_texts(bob, case)
        self.assertEqual([t for t in texts if t.startswith("Resent goal")],
                         ["Resent goal 0", "Resent goal 1", "Resent goal 2"])

    def test_4_third_team_reads_nothing(self):
        alice, carol = self.alice, self.carol
        case, goal = self.new_shared_case("Family 904")
        carol.sync()
        self.assertEqual(carol.json("cases"), [])
        self.assertEqual(carol.json("goals", case), [])
        self.assertEqual(carol.rows_of_case(case), 0)

        url = self.server.url
        status, login = http(url + "/v1/login", "POST", {"login": "carol", "password": "carol-secret-1"})
        self.assertEqual(status, 200)
        token = login["token"]
        status, cases = http(url + "/v1/cases", token=token)
        self.assertEqual(status, 200)
        self.assertNotIn(case, [c["id"] for c in cases["cases"]])
        for path in (f"/v1/cases/{case}/changes", f"/v1/cases/{case}/changes?since=0&limit=500"):
            status, answer = http(url + path, token=token)
            self.assertEqual(status, 404, path)
            self.assertEqual(answer["error"]["code"], "not_found")
        for feeds in ([{"feed": case, "since": 0}],
                      [{"feed": "directory", "since": 0}, {"feed": case, "since": 0}]):
            status, answer = http(url + "/v1/pull", "POST", {"feeds": feeds, "limit": 500}, token)
            self.assertEqual(status, 404, feeds)
            self.assertEqual(answer["error"]["code"], "not_found")
            self.assertEqual(answer["error"]["feed"], case)
            self.assertNotIn("pages", answer)
        status, answer = http(url + "/v1/lead/cases", token=token)
        self.assertEqual(status, 403)
        status, answer = http(url + f"/v1/admin/people/{str(uuid.uuid4())}/processing", token=token)
        self.assertEqual(status, 403)
        status, answer = http(url + "/v1/push", "POST", {"mutations": [
            {"id": str(uuid.uuid4()), "kind": "goal", "record_id": goal, "op": "update", "base_rev": 1,
             "fields": {"text": "Carol was here"}}]}, token)
        self.assertEqual(status, 200)
        self.assertEqual(answer["results"][0]["status"], "rejected")
        self.assertEqual(answer["results"][0]["error"]["code"], "not_found")
        conflicts = alice.json("conflicts")
        for conflict in conflicts:
            status, answer = http(url + f"/v1/conflicts/{conflict['id']}/resolve", "POST", {}, token)
            self.assertEqual(status, 404)
        # Without a token nothing at all.
        status, _ = http(url + f"/v1/cases/{case}/changes")
        self.assertEqual(status, 401)
        status, _ = http(url + "/v1/pull", "POST", {"feeds": [{"feed": case}]})
        self.assertEqual(status, 401)
        # Nothing Carol tried changed the goal.
        alice.sync()
        self.assertNotIn("Carol was here", self.goal_texts(alice, case))

    def test_5_removed_participant_loses_the_case(self):
        alice, bob = self.alice, self.bob
        case, _ = self.new_shared_case("Family 905")
        self.assertGreater(bob.rows_of_case(case), 0)
        alice.ctl("participant", "remove", case, "bob")
        alice.sync()
        bob.sync()
        self.assertNotIn(case, [c["id"] for c in bob.json("cases")])
        self.assertEqual(bob.json("goals", case), [])
        self.assertEqual(bob.rows_of_case(case), 0)
        # Alice still has all of it.
        self.assertIn(case, [c["id"] for c in alice.json("cases")])

    def test_6_audit_verify_notices_an_altered_entry(self):
        self.server.stop()
        try:
            self.assertEqual(self.server.run("audit", "verify").returncode, 0)
            n = self.server.query("SELECT count(*) FROM audit")[0][0]
            self.assertGreater(n, 20)
            reads = self.server.query("SELECT count(*) FROM audit WHERE action = 'read'")[0][0]
            self.assertGreater(reads, 0)
            self.server.execute("UPDATE audit SET actor = NULL WHERE seq = ?", n // 2)
            result = self.server.run("audit", "verify", check=False)
            self.assertEqual(result.returncode, 1)
            self.assertIn(str(n // 2), result.stdout + result.stderr)
        finally:
            self.server.start()
            for desktop in (self.alice, self.bob, self.carol):
                desktop.log_in(self.server.url)

    def test_7_bad_input(self):
        # A wrong password, an unusable address, a missing server.
        self.carol.ctl("login", self.server.url, "carol", stdin="wrong password\n", expect=3)
        self.carol.ctl("login", "ftp://example.invalid", "carol", stdin="x\n", expect=3)
        self.carol.ctl("goals", "not-an-id", expect=3)
        self.carol.ctl("resolve", str(uuid.uuid4()), "--take", "mine", expect=3)
        self.carol.ctl("resolve", str(uuid.uuid4()), "--take", "both", expect=2)
        out = subprocess.run([CTL, "--database", self.carol.db, "login", "http://127.0.0.1:1", "carol"],
                             input="whatever\n", capture_output=True, text=True, timeout=TIMEOUT)
        self.assertEqual(out.returncode, 3)
        self.assertIn("cannot be reached", out.stderr)
        # The earlier login still works: nothing was lost.
        self.carol.log_in(self.server.url)
        self.carol.sync()

    # Without a keyring ------------------------------------------------------

    def no_keyring_env(self, home, token=None):
        """monia-ctl's environment on a machine with no session bus at all,
        so no keyring, and its own config folder under @home."""
        env = {k: v for k, v in os.environ.items() if k != "MONIA_TOKEN"}
        env.update(HOME=home, XDG_CONFIG_HOME=os.path.join(home, "config"),
                   DBUS_SESSION_BUS_ADDRESS="unix:path=" + os.path.join(home, "no-bus"))
        if token is not None:
            env["MONIA_TOKEN"] = token
        return env

    def kept_logins(self, home):
        return glob.glob(os.path.join(home, "config", "*", "logins", "*"))

    def test_0_keyring_login_keeps_no_file(self):
        self.assertEqual(self.kept_logins(os.environ["HOME"]), [])

    def test_8_without_keyring_the_login_is_kept_in_a_private_file(self):
        home = tempfile.mkdtemp(dir=self.folder)
        env = self.no_keyring_env(home)
        dana = Desktop(self.folder, "dana", "dana-secret-1")

        out = dana.run("login", self.server.url, "dana", stdin="dana-secret-1\n", env=env)
        files = self.kept_logins(home)
        self.assertEqual(len(files), 1, files)
        path = files[0]
        self.assertIn("No keyring is available", out.stderr)
        self.assertIn(path, out.stderr)
        self.assertIn("monia-ctl logout", out.stderr)
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        self.assertEqual(stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode), 0o700)
        self.assertEqual(os.stat(path).st_uid, os.geteuid())
        with open(path) as file:
            token = file.read().strip()

        # Later commands use it: a case made here reaches the server.
        dana.run("sync", env=env)
        case = dana.run("case", "new", "--title", "Family 908", env=env).stdout.strip()
        dana.run("sync", env=env)
        status, cases = http(self.server.url + "/v1/cases", token=token)
        self.assertEqual(status, 200)
        self.assertIn(case, [c["id"] for c in cases["cases"]])

        # A file others could read is not used.
        for mode in (0o640, 0o604, 0o620):
            os.chmod(path, mode)
            out = dana.run("sync", env=env, expect=3)
            self.assertIn(path, out.stderr)
            self.assertIn("Other users may read or change", out.stderr)
        os.chmod(path, 0o600)
        dana.run("sync", env=env)

        # Nor is a link to one.
        os.rename(path, path + ".real")
        os.symlink(path + ".real", path)
        out = dana.run("sync", env=env, expect=3)
        self.assertIn("not a plain file", out.stderr)
        os.unlink(path)
        os.rename(path + ".real", path)

        # Logging in again replaces the file, still private.
        os.chmod(path, 0o644)
        dana.run("login", self.server.url, "dana", stdin="dana-secret-1\n", env=env)
        self.assertEqual(self.kept_logins(home), [path])
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        with open(path) as file:
            token = file.read().strip()

        # Logging out ends the login on the server and removes the file.
        out = dana.run("logout", env=env)
        self.assertEqual(self.kept_logins(home), [])
        self.assertEqual(http(self.server.url + "/v1/cases", token=token)[0], 401)
        out = dana.run("sync", env=env, expect=3)
        self.assertIn("Log in to sync", out.stderr)
        dana.run("logout", env=env)

    def test_9_token_from_the_environment_wins(self):
        home = tempfile.mkdtemp(dir=self.folder)
        dana = Desktop(self.folder, "dana-env", "dana-secret-1")
        dana.login = "dana"
        dana.run("login", self.server.url, "dana", stdin="dana-secret-1\n", env=self.no_keyring_env(home))
        dana.run("logout", env=self.no_keyring_env(home))
        status, login = http(self.server.url + "/v1/login", "POST", {"login": "dana", "password": "dana-secret-1"})
        self.assertEqual(status, 200)
        token = login["token"]

        # No file, no keyring: only the environment's token.
        dana.run("sync", env=self.no_keyring_env(home), expect=3)
        case = dana.run("case", "new", "--title", "Family 909", env=self.no_keyring_env(home)).stdout.strip()
        dana.run("sync", env=self.no_keyring_env(home, token))
        status, cases = http(self.server.url + "/v1/cases", token=token)
        self.assertIn(case, [c["id"] for c in cases["cases"]])

        # It wins over a kept file: a bad one in the environment fails even
        # though the file holds a good login.
        dana.run("login", self.server.url, "dana", stdin="dana-secret-1\n", env=self.no_keyring_env(home))
        dana.run("sync", env=self.no_keyring_env(home))
        out = dana.run("sync", env=self.no_keyring_env(home, "A" * 43), expect=3)
        self.assertIn("MONIA_TOKEN", out.stderr)
        out = dana.run("sync", env=self.no_keyring_env(home, "not a token"), expect=3)
        self.assertIn("MONIA_TOKEN", out.stderr)
        # ... and over the keyring: Alice's login there is not used.
        env = dict(os.environ, MONIA_TOKEN="A" * 43)
        out = self.alice.run("sync", env=env, expect=3)
        self.assertIn("MONIA_TOKEN", out.stderr)
        self.alice.run("sync", env={k: v for k, v in os.environ.items() if k != "MONIA_TOKEN"})
        # Logging out leaves the environment's token alone.
        dana.run("logout", env=self.no_keyring_env(home, token))
        self.assertEqual(self.kept_logins(home), [])
        self.assertEqual(http(self.server.url + "/v1/cases", token=token)[0], 200)


if __name__ == "__main__":
    unittest.main(verbosity=2)
