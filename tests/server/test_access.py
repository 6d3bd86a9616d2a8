#!/usr/bin/python3
# Who may read and write what, tried through the sync protocol alone against
# a real monia-server on 127.0.0.1, on a region of eleven accounts: two teams
# of one wellbeing services county, a school, an NGO, their leads, intake and
# an administrator.
#
# The expectations below are written by hand from the rules in
# docs/security.md; they are not derived from the policy table they check.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from monia_test_server import Server  # noqa: E402

TIMEOUT = 60
AREA = "Wellbeing area of Testmaa"

# login: (organisation, team, role)
ACCOUNTS = {
    "owner": (AREA, "Family work 1", "worker"),
    "mate": (AREA, "Family work 1", "worker"),
    "teamw": (AREA, "Family work 1", "worker"),
    "colleague": (AREA, "Family work 2", "worker"),
    "otherw": (AREA, "Family work 2", "worker"),
    "lead1": (AREA, "Family work 1", "lead"),
    "lead2": (AREA, "Family work 2", "lead"),
    "curator": ("Testmaa school", "Student welfare", "worker"),
    "ngo": ("Family NGO", "Support", "worker"),
    "intake": (AREA, "Intake", "intake"),
    "admin": (AREA, "Admins", "admin"),
    # for the lost laptop: not in the matrix
    "spare": (AREA, "Family work 2", "worker"),
}
ACTORS = list(ACCOUNTS)

# What each account may do in the case the owner runs with their work pair
# (mate), a colleague of the owner's organisation as participant, the school
# curator as participant under a consent to overview, plan and
# implementation, and the NGO worker as participant under a consent to the
# assessment only. R read, C create, U update, D delete.
EXPECTED = {
    #               owner   mate    teamw colleague otherw lead1 lead2 curator ngo   intake admin
    "case":        ("RUD",  "RUD",  "",   "RU",     "",    "",   "",   "R",    "",   "",    ""),
    "person":      ("RCU",  "RCU",  "",   "RCU",    "",    "",   "",   "R",    "",   "",    ""),
    "case_person": ("RCUD", "RCUD", "",   "R",      "",    "",   "",   "R",    "",   "",    ""),
    "participant": ("RCUD", "RCUD", "",   "R",      "",    "",   "",   "R",    "",   "",    ""),
    "consent":     ("RCUD", "RCUD", "",   "R",      "",    "",   "",   "R",    "R",  "",    ""),
    "assessment":  ("RCUD", "RCUD", "",   "RCUD",   "",    "",   "",   "",     "RCU", "",   ""),
    "plan":        ("RCUD", "RCUD", "",   "RCUD",   "",    "",   "",   "RCU",  "",   "",    ""),
    "goal":        ("RCUD", "RCUD", "",   "RCUD",   "",    "",   "",   "RCU",  "",   "",    ""),
    "measure":     ("RCUD", "RCUD", "",   "RCUD",   "",    "",   "",   "RCU",  "",   "",    ""),
    "event":       ("RC",   "RC",   "",   "RC",     "",    "",   "",   "RC",   "",   "",    ""),
    "goal_rating": ("RC",   "RC",   "",   "RC",     "",    "",   "",   "RC",   "",   "",    ""),
    "feedback":    ("RCUD", "RCUD", "",   "RCUD",   "",    "",   "",   "RCU",  "",   "",    ""),
}
COLUMNS = ["owner", "mate", "teamw", "colleague", "otherw", "lead1", "lead2", "curator", "ngo", "intake", "admin"]

# A text field of each kind that changes nobody's access.
PLAIN_FIELD = {
    "case": "title", "person": "phone", "case_person": "relation", "participant": "role",
    "consent": "given_on", "assessment": "conclusion", "plan": "needs", "goal": "text",
    "measure": "status", "event": "text", "goal_rating": "comment", "feedback": "comment",
}
PLAIN_VALUE = {"given_on": "2026-01-02"}


def ops(letters):
    return "".join(op for op in "RCUD" if op in letters) or "-"


def new_id():
    return str(uuid.uuid4())


class Region:
    """The server, the accounts' tokens, and pushes and pulls as them."""

    def __init__(self, server):
        self.server = server
        self.tokens = {}
        self.me = {}

    def http(self, method, path, body=None, who=None, raw=None):
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        request = urllib.request.Request(self.server.url + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if who is not None:
            request.add_header("Authorization", "Bearer " + self.tokens[who])
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
                text = answer.read()
                return answer.status, json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            text = error.read()
            return error.code, json.loads(text) if text else None

    def log_in(self, login):
        status, answer = self.http("POST", "/v1/login", {"login": login, "password": login + "-secret-9"})
        assert status == 200, (login, status, answer)
        self.tokens[login] = answer["token"]
        self.me[login] = answer["account"]

    def id_of(self, login):
        return self.me[login]["id"]

    def team_of(self, login):
        return self.me[login]["team_id"]

    def push(self, who, kind, record_id, op, fields=None, base_rev=0, case_id=None):
        mutation = {"id": new_id(), "kind": kind, "record_id": record_id, "op": op,
                    "base_rev": base_rev, "fields": fields}
        if case_id is not None:
            mutation["case_id"] = case_id
        status, answer = self.http("POST", "/v1/push", {"mutations": [mutation]}, who)
        assert status == 200, (who, kind, op, status, answer)
        return answer["results"][0]

    def create(self, who, kind, fields, case_id=None):
        """Creates a record that must be applied; returns (id, rev)."""
        record = new_id()
        result = self.push(who, kind, record, "create", fields, case_id=case_id)
        assert result["status"] == "applied", (who, kind, fields, result)
        return record, result["rev"]

    def pull_kinds(self, who, case_id):
        """(status, {kind: set of ids}) of everything @who is served of the case."""
        kinds = {}
        since = 0
        for _ in range(100):
            status, answer = self.http("GET", f"/v1/cases/{case_id}/changes?since={since}&limit=500", who=who)
            if status != 200:
                return status, kinds
            for change in answer["changes"]:
                kinds.setdefault(change["kind"], set()).add(change["id"])
            since = answer["seq"]
            if not answer["more"]:
                return status, kinds
        raise AssertionError("the feed did not end")


class World:
    """One case with every kind of record in it, as the owner built it."""

    def __init__(self, region, pair_id, ngo_org):
        r = region
        self.region = r
        self.case, _ = r.create("owner", "case", {"title": "Family 901", "status": "assessment",
                                                  "opened_on": "2026-11-02", "pair_id": pair_id})
        c = self.case
        self.child, _ = r.create("owner", "person", {"name": "Child Testinen", "hetu": "010115A901L"},
                                 case_id=c)
        self.link, _ = r.create("owner", "case_person", {"case_id": c, "person_id": self.child,
                                                          "relation": "child"})
        r.create("owner", "participant", {"case_id": c, "professional_id": r.id_of("colleague"),
                                          "role": "psychologist"})
        r.create("owner", "participant", {"case_id": c, "professional_id": r.id_of("curator"),
                                          "role": "school curator"})
        r.create("owner", "participant", {"case_id": c, "professional_id": r.id_of("ngo"),
                                          "organisation_id": ngo_org, "role": "family worker"})
        r.create("owner", "consent", {"case_id": c, "person_id": self.child,
                                      "professional_id": r.id_of("curator"),
                                      "scope": "overview,plan,implementation", "given_on": "2026-11-03"})
        r.create("owner", "consent", {"case_id": c, "person_id": self.child, "organisation_id": ngo_org,
                                      "scope": "assessment", "given_on": "2026-11-03"})
        self.assessment, _ = r.create("owner", "assessment", self.fields("assessment"))
        self.plan, _ = r.create("owner", "plan", self.fields("plan"))
        self.goal, _ = r.create("owner", "goal", self.fields("goal"))
        self.measure, _ = r.create("owner", "measure", self.fields("measure"))
        r.create("owner", "event", self.fields("event"))
        r.create("owner", "goal_rating", self.fields("goal_rating"))
        r.create("owner", "feedback", self.fields("feedback"))

    def fields(self, kind):
        """Fields of a new record of @kind in this case."""
        c = self.case
        return {
            "person": {"name": "Parent Testinen"},
            "case_person": {"case_id": c, "person_id": self.child, "relation": "other"},
            "participant": {"case_id": c, "professional_id": new_id(), "role": "visitor"},
            "consent": {"case_id": c, "person_id": self.child, "professional_id": new_id(),
                        "scope": "plan", "given_on": "2026-11-04"},
            "assessment": {"case_id": c, "kind": "child_welfare_s26", "pending_on": "2026-11-02"},
            "plan": {"case_id": c, "version": 1, "status": "draft"},
            "goal": {"case_id": c, "plan_id": getattr(self, "plan", None), "text": "Calmer mornings"},
            "measure": {"case_id": c, "plan_id": getattr(self, "plan", None), "text": "Weekly visits"},
            "event": {"case_id": c, "kind": "note", "occurred_at": 1793000000, "text": "Met"},
            "goal_rating": {"case_id": c, "goal_id": getattr(self, "goal", None), "rated_on": "2026-11-20",
                            "rating": 6},
            "feedback": {"case_id": c, "got_help": "yes", "recommend": 9},
        }[kind]


class AccessTest(unittest.TestCase):
    maxDiff = None
    checks = 0

    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="monia-access-")
        cls.server = Server(os.path.join(cls.folder, "server"))
        cls.server.run("init")
        for login, (org, team, role) in ACCOUNTS.items():
            cls.server.run("user", "add", login, "--name", login.title() + " Testinen", "--org", org,
                           "--team", team, "--role", role, stdin=f"{login}-secret-9\n")
        cls.server.start()
        cls.region = Region(cls.server)
        for login in ACCOUNTS:
            cls.region.log_in(login)
        r = cls.region
        # Their lead forms the owner's and the mate's work pair.
        cls.ngo_org, _ = r.create("admin", "organisation", {"name": "Family NGO", "sector": "ngo"})
        cls.pair, _ = r.create("lead1", "work_pair", {"first_id": r.id_of("owner"), "second_id": r.id_of("mate"),
                                                      "team_id": r.team_of("owner")})
        cls.world = World(r, cls.pair, cls.ngo_org)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        subprocess.run(["rm", "-rf", cls.folder], check=False)
        print(f"access checks made: {AccessTest.checks}", file=sys.stderr)

    def check(self, condition, message):
        AccessTest.checks += 1
        self.assertTrue(condition, message)

    def new_world(self, pair=None):
        return World(self.region, pair if pair is not None else self.pair, self.ngo_org)

    # ---- the matrix ----

    def test_1_matrix(self):
        """Every account × every kind × read, create, update, delete."""
        failures = []
        for kind, cells in EXPECTED.items():
            for actor, expected in zip(COLUMNS, cells):
                got = self.try_all(actor, kind)
                AccessTest.checks += 4
                if got != set(expected):
                    failures.append(f"{actor} on {kind}: expected {ops(expected)}, got {ops(got)}")
        self.assertEqual(failures, [])

    def try_all(self, actor, kind):
        r = self.region
        world = self.world
        got = set()
        status, kinds = r.pull_kinds(actor, world.case)
        if status == 200 and kind in kinds:
            got.add("R")
        envelope = world.case if kind == "person" else None
        if kind != "case":
            result = r.push(actor, kind, new_id(), "create", world.fields(kind), case_id=envelope)
            if result["status"] == "applied":
                got.add("C")
        # Update and delete a record the owner has just made (for the case
        # itself, a case of its own, so that a delete takes nothing away).
        for op in ("update", "delete"):
            if kind == "case":
                target, rev = self.new_world().case, 1
            else:
                target, rev = r.create("owner", kind, world.fields(kind), case_id=envelope)
            field = PLAIN_FIELD[kind]
            fields = {field: PLAIN_VALUE.get(field, "Changed by " + actor)} if op == "update" else None
            result = r.push(actor, kind, target, op, fields, base_rev=rev, case_id=envelope)
            if result["status"] == "applied":
                got.add("U" if op == "update" else "D")
        return got

    # ---- writes that change who sees the case ----

    def assign(self, actor, field, value):
        """@actor sets @field of a fresh case to @value: was it applied?"""
        case = self.new_world().case
        result = self.region.push(actor, "case", case, "update", {field: value}, base_rev=1)
        AccessTest.checks += 1
        return result["status"] == "applied"

    def test_2_owner_pair_and_team_fields(self):
        r = self.region
        other_pair, _ = r.create("lead1", "work_pair", {"first_id": r.id_of("teamw"), "second_id": r.id_of("mate"),
                                                        "team_id": r.team_of("lead1")})
        team2 = r.team_of("lead2")
        expected = [
            # (actor, field, value, applied?)
            ("owner", "owner_id", r.id_of("mate"), True),
            ("mate", "owner_id", r.id_of("mate"), True),
            ("owner", "pair_id", other_pair, True),
            ("owner", "team_id", team2, True),
            ("mate", "team_id", team2, True),
            ("colleague", "owner_id", r.id_of("colleague"), False),
            ("colleague", "pair_id", other_pair, False),
            ("colleague", "team_id", team2, False),
            ("curator", "owner_id", r.id_of("curator"), False),
            ("curator", "team_id", team2, False),
            ("ngo", "owner_id", r.id_of("ngo"), False),
            ("teamw", "owner_id", r.id_of("teamw"), False),
            ("otherw", "owner_id", r.id_of("otherw"), False),
            # A lead assigns within the team, without becoming the owner.
            ("lead1", "owner_id", r.id_of("teamw"), True),
            ("lead1", "pair_id", other_pair, True),
            ("lead1", "owner_id", r.id_of("lead1"), False),
            ("lead1", "owner_id", r.id_of("otherw"), False),
            ("lead1", "owner_id", r.id_of("admin"), False),
            ("lead1", "team_id", team2, False),
            ("lead2", "owner_id", r.id_of("lead2"), False),
            ("lead2", "owner_id", r.id_of("otherw"), False),
            ("intake", "owner_id", r.id_of("intake"), False),
            ("admin", "owner_id", r.id_of("admin"), False),
            ("admin", "pair_id", other_pair, False),
        ]
        got = [(actor, field, value, self.assign(actor, field, value)) for actor, field, value, _ in expected]
        self.assertEqual(got, expected)

    def test_3_work_pairs_are_formed_by_their_lead_from_its_workers(self):
        r = self.region
        owner, mate, teamw, otherw = (r.id_of(x) for x in ("owner", "mate", "teamw", "otherw"))
        team1 = r.team_of("lead1")
        cases = [
            ("lead1", {"first_id": owner, "second_id": teamw, "team_id": team1}, True),
            ("lead1", {"first_id": r.id_of("lead1"), "second_id": owner, "team_id": team1}, False),
            ("lead1", {"first_id": owner, "second_id": otherw, "team_id": team1}, False),
            ("lead1", {"first_id": owner, "second_id": teamw, "team_id": r.team_of("lead2")}, False),
            ("lead1", {"first_id": owner, "second_id": owner, "team_id": team1}, False),
            ("lead2", {"first_id": owner, "second_id": teamw, "team_id": team1}, False),
            ("admin", {"first_id": owner, "second_id": teamw, "team_id": team1}, False),
            ("owner", {"first_id": owner, "second_id": teamw, "team_id": team1}, False),
        ]
        got = [(actor, fields, r.push(actor, "work_pair", new_id(), "create", fields)["status"] == "applied")
               for actor, fields, _ in cases]
        AccessTest.checks += len(cases)
        self.assertEqual(got, cases)

    def test_4_leads_and_admins_cannot_put_themselves_in_a_pair(self):
        """The attack: a lead of another team, the team's own lead and an
        administrator each edited the case's work pair to put themselves in
        it, then pulled the case's assessment."""
        r = self.region
        world = self.new_world()
        for actor in ("lead2", "lead1", "admin"):
            for field in ("first_id", "second_id"):
                result = r.push(actor, "work_pair", self.pair, "update", {field: r.id_of(actor)}, base_rev=1)
                self.check(result["status"] == "rejected", f"{actor} put themselves in the pair: {result}")
            status, kinds = r.pull_kinds(actor, world.case)
            self.check(status != 200 and "assessment" not in kinds, f"{actor} read the case: {status}")
        # The pair is as it was: the mate still has the case.
        status, kinds = r.pull_kinds("mate", world.case)
        self.check(status == 200 and "assessment" in kinds, "the mate lost the case")

    def test_5_consent_participant_cannot_take_the_case(self):
        """The attack: a participant of another organisation with consent to
        the overview set owner_id to themselves, then wrote themselves a
        full consent, and the real owner lost the case."""
        r = self.region
        world = self.new_world()
        result = r.push("curator", "case", world.case, "update", {"owner_id": r.id_of("curator")}, base_rev=1)
        self.check(result["status"] == "rejected", f"took the case: {result}")
        result = r.push("curator", "consent", new_id(), "create",
                        {"case_id": world.case, "person_id": world.child, "professional_id": r.id_of("curator"),
                         "scope": "overview,assessment,plan,implementation", "given_on": "2026-11-05"})
        self.check(result["status"] == "rejected", f"wrote a consent: {result}")
        status, kinds = r.pull_kinds("curator", world.case)
        self.check(status == 200 and "assessment" not in kinds, "the curator sees the assessment")
        status, kinds = r.pull_kinds("owner", world.case)
        self.check(status == 200 and "assessment" in kinds, "the owner lost the case")

    def test_6_linking_someone_elses_person(self):
        """The attack: the NGO worker (consent to the assessment only) and a
        worker never on the case each made a case of their own, linked the
        child into it, read the child's name, identity code and address and
        changed the address."""
        r = self.region
        world = self.new_world()
        for actor in ("ngo", "teamw", "curator", "colleague"):
            own, _ = r.create(actor, "case", {"title": "Own case of " + actor})
            result = r.push(actor, "case_person", new_id(), "create",
                            {"case_id": own, "person_id": world.child, "relation": "child"})
            self.check(result["status"] == "rejected", f"{actor} linked the child: {result}")
            status, kinds = r.pull_kinds(actor, own)
            self.check(world.child not in kinds.get("person", set()), f"{actor} was served the child")
            result = r.push(actor, "person", world.child, "update", {"address": "Attack street 1"},
                            base_rev=1, case_id=own)
            self.check(result["status"] == "rejected", f"{actor} changed the child: {result}")
        # The owner may link the child into another case of their own: they
        # have the whole of a case that holds the child.
        second, _ = r.create("owner", "case", {"title": "Sibling case"})
        result = r.push("owner", "case_person", new_id(), "create",
                        {"case_id": second, "person_id": world.child, "relation": "other"})
        self.check(result["status"] == "applied", f"the owner could not link: {result}")
        status, kinds = r.pull_kinds("owner", world.case)
        person = [c for c in self.changes("owner", world.case) if c["id"] == world.child][0]
        self.check("address" not in person["fields"], "the child's address was changed")

    def changes(self, who, case):
        status, answer = self.region.http("GET", f"/v1/cases/{case}/changes?since=0&limit=500", who=who)
        self.assertEqual(status, 200)
        return answer["changes"]

    def test_7_references_stay_inside_their_case(self):
        r = self.region
        world = self.new_world()
        other = self.new_world()
        cases = [
            ("goal", {"case_id": other.case, "plan_id": world.plan, "text": "Borrowed plan"}),
            ("measure", {"case_id": other.case, "plan_id": other.plan, "goal_id": world.goal, "text": "x"}),
            ("goal_rating", {"case_id": other.case, "goal_id": world.goal, "rated_on": "2026-11-21", "rating": 5}),
            ("event", {"case_id": other.case, "kind": "note", "occurred_at": 1793000000, "measure_id": world.measure}),
            ("consent", {"case_id": other.case, "person_id": new_id(), "professional_id": r.id_of("ngo"),
                         "scope": "plan", "given_on": "2026-11-05"}),
        ]
        for kind, fields in cases:
            result = r.push("owner", kind, new_id(), "create", fields)
            self.check(result["status"] == "rejected", f"{kind} pointed into another case: {result}")
        result = r.push("owner", "goal", world.goal, "update", {"plan_id": other.plan}, base_rev=1)
        self.check(result["status"] == "rejected", f"a goal moved to another case's plan: {result}")
        # Inside its own case it is applied.
        result = r.push("owner", "goal", new_id(), "create", world.fields("goal"))
        self.check(result["status"] == "applied", result)

    def test_8_pushed_audit_events(self):
        r = self.region
        world = self.new_world()

        def event(**fields):
            base = {"at": int(time.time()), "action": "view", "record_kind": "case", "record_id": world.case,
                    "case_id": world.case}
            base.update(fields)
            return base

        refused = [
            ("teamw", event()),                               # not on the case
            ("lead2", event()),                               # not their team
            ("owner", event(action="delete")),                # not an action a desktop records
            ("owner", event(reason="x" * 3_000_000)),         # unbounded text
            ("owner", event(record_kind="no_such_kind")),
            ("owner", event(case_id=new_id())),               # a case that is not there
        ]
        for actor, fields in refused:
            result = r.push(actor, "audit_event", new_id(), "create", fields)
            self.check(result["status"] == "rejected", f"{actor} audit event accepted: {str(result)[:200]}")
        for actor in ("owner", "curator"):
            result = r.push(actor, "audit_event", new_id(), "create", event(reason="opened the case page"))
            self.check(result["status"] == "applied", result)
        # The administrator's report of who processed the child names only them.
        status, answer = r.http("GET", f"/v1/admin/people/{world.child}/processing", who="admin")
        self.assertEqual(status, 200)
        actors = {entry["actor"] for entry in answer["entries"] if entry["action"] == "view"}
        self.check(actors == {r.id_of("owner"), r.id_of("curator")}, f"views by {actors}")

    def test_9_served_conflicts_are_audited(self):
        r = self.region
        world = self.new_world()
        a = r.push("owner", "goal", world.goal, "update", {"text": "Owner's words"}, base_rev=1)
        b = r.push("mate", "goal", world.goal, "update", {"text": "Mate's words"}, base_rev=1)
        self.assertEqual((a["status"], b["status"]), ("applied", "conflict"))
        conflict = b["conflicts"][0]["conflict_id"]
        served = [c for c in self.changes("owner", world.case) if c["kind"] == "conflict"]
        self.check([c["id"] for c in served] == [conflict], served)
        time.sleep(0.3)  # reads are committed at once, synced to disk within 100 ms
        rows = self.server.query("SELECT actor, action FROM audit WHERE record_kind = 'conflict' AND record_id = ?",
                                 conflict)
        self.check((r.id_of("owner"), "read") in rows, f"no read entry for the served conflict: {rows}")

    def test_10_a_lost_laptops_account_is_disabled(self):
        """An administrator disables the account of a lost laptop: its token
        stops working at once, on the running server, and it cannot log in."""
        r = self.region
        status, _ = r.http("GET", "/v1/me", who="spare")
        self.assertEqual(status, 200)
        result = self.server.run("user", "disable", "spare")
        self.assertIn("spare", result.stdout)
        status, _ = r.http("GET", "/v1/cases", who="spare")
        self.check(status == 401, f"the disabled account's token still works: {status}")
        status, _ = r.http("POST", "/v1/login", {"login": "spare", "password": "spare-secret-9"})
        self.check(status == 401, f"the disabled account logged in: {status}")
        unknown = self.server.run("user", "disable", "nobody", check=False)
        self.assertEqual(unknown.returncode, 1, unknown.stderr)
        self.assertIn("nobody", unknown.stderr)
        # The chain holds the entry, and still verifies.
        self.server.run("audit", "verify")


if __name__ == "__main__":
    unittest.main(verbosity=2)
