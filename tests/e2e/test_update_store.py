#!/usr/bin/python3
# test_update_store.py — Monia opens a store of an older version.
#
# Makes a store from the newest frozen SQL dump of an earlier schema
# (tests/store/data), starts the real monia on it and works only through
# the accessibility tree: the store is updated in a worker thread behind a
# window that says so, then the main window shows the case that was in the
# older store. Checks the file: updated, and the older one kept beside it.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import glob
import os
import re
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import monia_atspi as ui  # noqa: E402

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "store", "data")
TITLE = "Testinen family"


def newest_fixture():
    versions = []
    for path in glob.glob(os.path.join(DATA, "store-v*.sql")):
        match = re.search(r"store-v(\d+)\.sql$", path)
        if match:
            versions.append((int(match.group(1)), path))
    if not versions:
        raise ui.E2EFailure(f"no store fixtures in {DATA}")
    return max(versions)


def user_version(path):
    db = sqlite3.connect(path)
    try:
        return db.execute("PRAGMA user_version").fetchone()[0]
    finally:
        db.close()


def main(binary):
    version, fixture = newest_fixture()
    with tempfile.TemporaryDirectory(prefix="monia-e2e-") as tmp:
        database = os.path.join(tmp, "monia.db")
        db = sqlite3.connect(database)
        with open(fixture, encoding="utf-8") as f:
            db.executescript(f.read())
        db.close()

        with ui.running(binary, database) as app:
            window = ui.find(app.root, "frame", "Monia")
            ui.activate_row(ui.find(window, "list item", prefix="All Cases"))
            cases = ui.find(window, "list", "Cases")
            ui.wait_for(lambda: any(ui.find_all(n, "label", TITLE) for n in ui.find_all(cases, "list item")),
                        "the older store's case in the list")
            status = app.quit_from_menu(window)
        if status != 0:
            raise ui.E2EFailure(f"monia exited with status {status}")

        updated = user_version(database)
        if updated <= version:
            raise ui.E2EFailure(f"the store is at version {updated}, not updated from {version}")
        backup = f"{database}.v{version}.bak"
        if not os.path.exists(backup) or user_version(backup) != version:
            raise ui.E2EFailure(f"no copy of the version {version} store kept at {backup}")
        print(f"ok: a version {version} store opened, updated to {updated}, its case shown")


if __name__ == "__main__":
    ui.run_main(main)
