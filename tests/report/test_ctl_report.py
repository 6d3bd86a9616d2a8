#!/usr/bin/python3
# monia-ctl report thl|scorecard|caseload, run as a program on a demo store:
# the exact JSON field names and values of the forms, each value
# counted a third time here, straight from the database's tables with a
# calendar of this file's own (DOMAIN.md's rules, Easter by the computus).
#
# SPDX-License-Identifier: GPL-3.0-or-later

import datetime as dt
import json
import os
import sqlite3
import subprocess
import tempfile
import unittest
import zoneinfo

CTL = os.environ["MONIA_CTL"]
TODAY = "2025-10-20"
HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")


def easter(year):
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


_holidays = {}


def holidays(year):
    if year not in _holidays:
        e = easter(year)
        days = {dt.date(year, 1, 1), dt.date(year, 1, 6), dt.date(year, 5, 1), dt.date(year, 12, 6),
                dt.date(year, 12, 24), dt.date(year, 12, 25), dt.date(year, 12, 26),
                e - dt.timedelta(2), e, e + dt.timedelta(1), e + dt.timedelta(39), e + dt.timedelta(49)}
        for d in range(19, 26):
            eve = dt.date(year, 6, d)
            if eve.weekday() == 4:
                days |= {eve, eve + dt.timedelta(1)}
        for d in [dt.date(year, 10, 31)] + [dt.date(year, 11, n) for n in range(1, 7)]:
            if d.weekday() == 5:
                days.add(d)
        _holidays[year] = days
    return _holidays[year]


def working(day):
    return day.weekday() < 5 and day not in holidays(day.year)


def seventh_working_day(day):
    n = 0
    while n < 7:
        day += dt.timedelta(1)
        n += working(day)
    return day


def working_days_after(start, end):
    n, day = 0, start
    while day < end:
        day += dt.timedelta(1)
        n += working(day)
    return max(n, 1)


def plus_three_months(day):
    month = day.month + 3
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for d in range(day.day, 27, -1):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    return dt.date(year, month, min(day.day, 28))


def iso(text):
    return dt.date.fromisoformat(text) if text else None


def run(*args, expect=0):
    env = dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="C")
    result = subprocess.run([CTL] + list(args), capture_output=True, text=True, env=env, timeout=120)
    if result.returncode != expect:
        raise AssertionError("monia-ctl %s exited %d, not %d: %s" % (" ".join(args), result.returncode, expect,
                                                                     result.stderr))
    return result


class CtlReportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.db = os.path.join(cls.tmp.name, "monia.db")
        run("--database", cls.db, "demo-data", "--cases", "600", "--seed", "11", "--today", TODAY)
        cls.sql = sqlite3.connect(cls.db)

    @classmethod
    def tearDownClass(cls):
        cls.sql.close()
        cls.tmp.cleanup()

    def report(self, *args):
        return json.loads(run("--database", self.db, "report", *args, "--json").stdout)

    # ---- thl ----

    def expected_thl(self, first, last, as_of, team=None):
        first, last, as_of = iso(first), iso(last), iso(as_of)
        out = dict.fromkeys(["became_pending", "started_within_7", "started_late", "not_started_within_limit",
                             "not_started_late", "completed", "completed_within_3_months", "completed_late"], 0)
        rows = self.sql.execute(
            "SELECT a.pending_on, a.started_on, a.completed_on, c.team_id FROM assessments a"
            " JOIN cases c ON c.id = a.case_id AND c.deleted = 0"
            " WHERE a.deleted = 0 AND a.kind = 'child_welfare_s26'").fetchall()
        for pending, started, completed, team_id in rows:
            if team is not None and team_id != team:
                continue
            pending, started, completed = iso(pending), iso(started), iso(completed)
            if first <= pending <= last:
                due = seventh_working_day(pending)
                out["became_pending"] += 1
                if started is not None:
                    out["started_within_7" if started <= due else "started_late"] += 1
                else:
                    out["not_started_within_limit" if due >= as_of else "not_started_late"] += 1
            if completed is not None and first <= completed <= last:
                out["completed"] += 1
                out["completed_within_3_months" if completed <= plus_three_months(pending) else "completed_late"] += 1
        return out

    def assert_thl(self, first, last, as_of, team=None):
        args = ["thl", "--from", first, "--to", last, "--as-of", as_of]
        if team is not None:
            args += ["--team", team]
        got = self.report(*args)
        expected = self.expected_thl(first, last, as_of, team)
        for field, value in expected.items():
            self.assertIn(field, got)
            self.assertIs(type(got[field]), int, field)
            self.assertEqual(got[field], value, field)
        self.assertEqual(got["became_pending"],
                         got["started_within_7"] + got["started_late"] + got["not_started_within_limit"]
                         + got["not_started_late"])
        self.assertEqual(got["completed"], got["completed_within_3_months"] + got["completed_late"])
        return got

    def test_thl_region(self):
        got = self.assert_thl("2025-04-01", "2025-09-30", "2025-10-17")
        self.assertGreater(got["became_pending"], 30)
        self.assertGreater(got["completed"], 20)
        self.assertEqual(got["due"], "2025-10-17")
        self.assertEqual(len(got["late"]), got["started_late"] + got["not_started_late"] + got["completed_late"])
        self.assert_thl("2024-10-01", "2025-03-31", "2025-04-17")
        # As of the period's end some are still within the limit, others late
        self.assert_thl("2025-04-01", "2025-09-30", "2025-09-30")

    def test_thl_team(self):
        teams = [row[0] for row in self.sql.execute("SELECT id FROM teams WHERE deleted = 0 ORDER BY rowid")]
        self.assertGreater(len(teams), 1)
        for team in teams:
            got = self.assert_thl("2025-04-01", "2025-09-30", "2025-10-17", team)
            self.assertEqual(got["unit"]["id"], team)

    def test_thl_comment(self):
        run("--database", self.db, "report", "thl", "--from", "2024-04-01", "--to", "2024-09-30",
            "--comment", "Kaksi virkaa täyttämättä")
        got = self.report("thl", "--from", "2024-04-01", "--to", "2024-09-30")
        self.assertEqual(got["comment"], "Kaksi virkaa täyttämättä")
        csv = run("--database", self.db, "report", "thl", "--from", "2024-04-01", "--to", "2024-09-30",
                  "--csv").stdout
        self.assertIn("Kaksi virkaa täyttämättä", csv)

    # ---- scorecard ----

    def test_scorecard(self):
        first, last = "2025-01-01", "2025-09-30"
        got = self.report("scorecard", "--from", first, "--to", last)
        answers = self.sql.execute("SELECT got_help, recommend FROM feedback WHERE deleted = 0"
                                   " AND given_on BETWEEN ? AND ?", (first, last)).fetchall()
        for answer in ("yes", "partly", "no"):
            self.assertEqual(got["got_help_" + answer], sum(1 for a in answers if a[0] == answer))
        marks = [a[1] for a in answers if a[1] is not None]
        self.assertGreater(len(marks), 10)
        self.assertEqual(got["recommend_mean"], ((sum(marks) * 20 + len(marks)) // (2 * len(marks))) / 10)
        self.assertIn('"recommend_mean":%.1f,' % got["recommend_mean"],
                      run("--database", self.db, "report", "scorecard", "--from", first, "--to", last,
                          "--json").stdout)

        guided = dict.fromkeys(["digital", "municipal", "parish", "third_sector"], 0)
        consultations = outside = 0
        for received, channel, sector, away in self.sql.execute(
                "SELECT h.received_at, h.channel, s.sector, h.from_outside_area FROM help_requests h"
                " LEFT JOIN services s ON s.id = h.service_id WHERE h.deleted = 0"):
            day = dt.datetime.fromtimestamp(received, HELSINKI).date()
            if not iso(first) <= day <= iso(last):
                continue
            if sector in guided:
                guided[sector] += 1
            if channel == "consultation":
                consultations += 1
                outside += bool(away)
        for sector, n in guided.items():
            self.assertIs(type(got["guided_" + sector]), int)
            self.assertEqual(got["guided_" + sector], n, sector)
        self.assertEqual(got["consultations"], consultations)
        self.assertEqual(got["consultations_outside_area"], outside)
        self.assertGreater(consultations, 0)
        self.assertEqual([m["period"] for m in got["months"]], ["2025-%02d" % m for m in range(1, 10)])
        self.assertEqual([q["period"] for q in got["quarters"]], ["2025-Q1", "2025-Q2", "2025-Q3"])
        self.assertEqual(sum(m["consultations"] for m in got["months"]), consultations)

    # ---- caseload ----

    def test_caseload(self):
        got = self.report("caseload", "--as-of", TODAY)
        self.assertEqual(got["cap"], 30)
        workers = {w["id"]: w for w in got["workers"]}
        today = iso(TODAY)
        pairs = {row[0]: (row[1], row[2]) for row in
                 self.sql.execute("SELECT id, first_id, second_id FROM work_pairs WHERE deleted = 0")}
        children = {}
        for case_id, owner, pair, opened, closed, status in self.sql.execute(
                "SELECT id, owner_id, pair_id, opened_on, closed_on, status FROM cases WHERE deleted = 0"):
            if (opened and iso(opened) > today) or (iso(closed) <= today if closed else status == "closed"):
                continue
            kids = {row[0] for row in self.sql.execute(
                "SELECT person_id FROM case_people WHERE case_id = ? AND deleted = 0 AND relation = 'child'",
                (case_id,))}
            for worker in {owner} | set(pairs.get(pair, ())):
                children.setdefault(worker, set()).update(kids)
        self.assertGreater(len(children), 5)
        for worker, kids in children.items():
            self.assertEqual(workers[worker]["children"], len(kids))
            self.assertEqual(workers[worker]["over_cap"], len(kids) > 30)
            self.assertEqual(workers[worker]["trend"][-1], {"day": TODAY, "children": len(kids)})
        self.assertEqual(got["workers_over_cap"], sum(1 for k in children.values() if len(k) > 30))

    # ---- bad input ----

    def test_bad_input(self):
        for args, words in [
                (["thl", "--from", "2025-04-01"], "--to"),
                (["thl", "--from", "2025-10-01", "--to", "2025-04-01"], "after"),
                (["thl", "--from", "2025-02-30", "--to", "2025-04-01"], "--from"),
                (["thl", "--from", "2025-04-01", "--to", "2025-09-30", "--team", "nobody"], "nobody"),
                (["thl", "--from", "2025-04-01", "--to", "2025-09-30", "--json", "--csv"], "--csv"),
                (["scorecard", "--to", "2025-04-01", "--from"], "--from"),
                (["caseload", "--cap", "0"], "--cap"),
                (["weekly"], "weekly"),
                ([], "thl")]:
            result = run("--database", self.db, "report", *args, expect=2)
            self.assertIn(words, result.stderr)
            self.assertEqual(result.stdout, "")
        # Nothing was made where there was no store
        missing = os.path.join(self.tmp.name, "none.db")
        run("--database", missing, "report", "thl", "--from", "x", "--to", "y", expect=2)
        self.assertFalse(os.path.exists(missing))


if __name__ == "__main__":
    unittest.main(verbosity=2)
