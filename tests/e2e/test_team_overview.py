#!/usr/bin/python3
# test_team_overview.py — a team lead's figures, read through the
# accessibility tree as a screen-reader user reads them.
#
# A demo region is made with monia-ctl; the real monia is started on it.
# The Team Overview is opened from the sidebar; every figure is found by
# its accessible name ("Decisions to start late: 3"); the cases behind one
# are opened, counted against the figure, and the first of them opened.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import monia_atspi as ui  # noqa: E402

FIGURES = ["Decisions to start due today", "Decisions to start due within 3 working days",
           "Decisions to start late", "Assessments due within two weeks", "Assessments past 3 months"]
KEY_DOWN = 0xff54


def figure(window, title):
    node = ui.find(window, "list item", prefix=title + ": ")
    # GTK 4.8 may repeat the row's title after the name it was given.
    match = re.match(re.escape(title) + r": (\d+)\b", node.name or "")
    if not match:
        raise ui.E2EFailure(f"the figure “{node.name}” does not say its number")
    return node, int(match.group(1))


def main(binary):
    ctl = os.environ["MONIA_CTL"]
    with tempfile.TemporaryDirectory(prefix="monia-e2e-") as tmp:
        database = os.path.join(tmp, "monia.db")
        subprocess.run([ctl, "--database", database, "demo-data", "--cases", "400", "--seed", "4"],
                       check=True, capture_output=True, timeout=120)
        with ui.running(binary, database) as app:
            run_steps(app)
        print("ok: the Team Overview's figures and the cases behind one, through the accessibility tree")


def run_steps(app):
    window = app.window("Monia")
    ui.activate_row(ui.find(window, "list item", prefix="Team Overview"))
    ui.find(window, "label", "Statutory Times")
    ui.find(window, "label", "The whole wellbeing services county")

    figures = {title: figure(window, title) for title in FIGURES}
    open_cases = figure(window, "Open cases")[1]
    if open_cases == 0:
        raise ui.E2EFailure("a demo region with no open cases")
    for title in ("Matters that became pending", "Decided within 7 working days", "Late cases for checking"):
        ui.find(window, "list item", prefix=title + ": ")

    # The cases behind the assessments past their 3 months: as many as it says.
    node, expected = figures["Assessments past 3 months"]
    if expected == 0:
        raise ui.E2EFailure("a demo region with no assessment past its 3 months")
    ui.focus(figures[FIGURES[0]][0])
    ui.focus(node, max_tabs=10, key=KEY_DOWN)
    ui.press_key(ui.KEY_RETURN)
    cases = ui.find(window, "list", prefix="Assessments past 3 months — ")
    if not cases.name.endswith(f"({expected})"):
        raise ui.E2EFailure(f"the list “{cases.name}” is not of {expected}")
    rows = ui.wait_for(lambda: (lambda r: r if len(r) >= min(expected, 3) else None)(ui.find_all(cases, "list item")),
                       "the cases behind the figure")
    if not rows[0].name or "family" not in rows[0].name:
        raise ui.E2EFailure(f"a case row without its title: “{rows[0].name}”")

    # The first of them opens.
    ui.activate_row(rows[0])
    ui.find(window, "page tab", "Assessment")


if __name__ == "__main__":
    ui.run_main(main)
