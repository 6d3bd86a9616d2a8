#!/usr/bin/python3
# test_new_case.py — a person using a screen reader creates a case.
#
# Starts the real monia on an empty store and works only through the
# accessibility tree: finds the empty state, the New Case button, the
# dialog's fields by their accessible names, types, creates, and then reads
# the store file to check what was saved. Then starts it again, types into
# the case's assessment and stops it with SIGTERM, as a session ending does:
# what was typed must be in the store.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import signal
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import monia_atspi as ui  # noqa: E402

# A synthetic person: temporary identity code (individual number 900–999).
TITLE = "Testinen family"
NAME = "Aino Testinen"
HETU = "300620a901d"
CONCLUSION = "Typed just before the session ended."


def main(binary):
    with tempfile.TemporaryDirectory(prefix="monia-e2e-") as tmp:
        database = os.path.join(tmp, "monia.db")
        with ui.running(binary, database) as app:
            run_steps(app)
        check_store(database)
        print("ok: case created through the accessibility tree")

        with ui.running(binary, database) as app:
            status = type_then_terminate(app)
        if status != 0:
            raise ui.E2EFailure(f"monia exited with status {status} on SIGTERM")
        check_conclusion(database)
        print("ok: SIGTERM quits cleanly and keeps what was typed")


def run_steps(app):
    window = app.window("Monia")
    ui.find(window, "label", "No Cases Yet")

    ui.activate(ui.find(window, "push button", "New Case"))
    dialog = ui.find(app.root, "frame", "New Case")
    create = ui.find(dialog, "push button", "Create")
    if create.getState().contains(ui.pyatspi.STATE_SENSITIVE):
        raise ui.E2EFailure("Create must wait for a title and a name")

    ui.type_text(ui.find(dialog, "text", "Title"), TITLE)
    ui.type_text(ui.find(dialog, "text", "Person's name"), NAME)
    ui.type_text(ui.find(dialog, "text", "Identity code (optional)"), HETU)
    ui.wait_for(lambda: create.getState().contains(ui.pyatspi.STATE_SENSITIVE),
                "Create to become available")
    ui.activate(create)

    # The case shows in the list, by its title. (Not by polling the app's
    # windows while the dialog is destroyed: GTK 4.8 then answers with a
    # reference to a window it is tearing down and crashes.)
    cases = ui.find(window, "list", "Cases")
    ui.wait_for(lambda: any(TITLE in (n.name or "") for n in ui.find_all(cases)),
                "the new case in the list")

    status = app.quit_from_menu(window)
    if status != 0:
        raise ui.E2EFailure(f"monia exited with status {status}")


def type_then_terminate(app):
    window = app.window("Monia")
    cases = ui.find(window, "list", "Cases")
    row = ui.wait_for(lambda: next((n for n in ui.find_all(cases, "list item")
                                    if ui.find_all(n, "label", TITLE)), None),
                      "the case in the list")
    ui.activate_row(row)
    ui.activate(ui.find(window, "page tab", "Assessment"))
    ui.activate(ui.find(window, "push button", "Start Assessment"))
    # No pause for the autosave: the signal comes at once.
    ui.type_text(ui.find(window, "text", "Conclusion"), CONCLUSION)
    app.process.send_signal(signal.SIGTERM)
    try:
        return app.process.wait(timeout=ui.DEFAULT_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise ui.E2EFailure("monia did not quit on SIGTERM")


def check_conclusion(database):
    db = sqlite3.connect(database)
    try:
        conclusions = [r[0] for r in db.execute("SELECT conclusion FROM assessments")]
    finally:
        db.close()
    if conclusions != [CONCLUSION]:
        raise ui.E2EFailure(f"store holds assessment conclusions {conclusions!r}")


def check_store(database):
    db = sqlite3.connect(database)
    try:
        titles = [r[0] for r in db.execute("SELECT title FROM cases WHERE deleted = 0")]
        people = db.execute("SELECT name, hetu FROM people WHERE deleted = 0").fetchall()
        logged = db.execute("SELECT count(*) FROM changes WHERE op = 'create'").fetchone()[0]
    finally:
        db.close()

    if titles != [TITLE]:
        raise ui.E2EFailure(f"store holds cases {titles!r}")
    if people != [(NAME, HETU.upper())]:
        raise ui.E2EFailure(f"store holds people {people!r}")
    if logged != 3:
        raise ui.E2EFailure(f"{logged} creates in the change log, expected 3")


if __name__ == "__main__":
    ui.run_main(main)
