#!/usr/bin/python3
# test_unknown_user.py — monia started with a --user it cannot take.
#
# A mistyped id, or an id of no professional in the store, used to end
# monia with a line on a terminal nobody was looking at. Now the window
# opens and says what was wrong, read through the accessibility tree.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sqlite3
import sys
import tempfile
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import monia_atspi as ui  # noqa: E402


def check(binary, database, user, expected):
    with ui.running(binary, database, extra_args=("--user", user)) as app:
        ui.find(app.root, "frame", "Monia")
        dialog = ui.find(app.root, "dialog", "Unknown User")
        ui.find(dialog, "label", prefix=expected)
        # libadwaita 1.2 names its responses "_Close Close".
        ui.activate(ui.find(dialog, "push button", prefix="_Close"))
        ui.wait_for(lambda: not ui.find_all(app.root, "dialog", "Unknown User"),
                    "the message to close")
        # The window stays, and works.
        ui.find(app.window("Monia"), "push button", "New Case")


def main(binary):
    with tempfile.TemporaryDirectory(prefix="monia-e2e-") as tmp:
        database = os.path.join(tmp, "monia.db")
        check(binary, database, "sanna", "“sanna” given with --user is not a professional’s id")
        print("ok: a malformed --user opens the window with a message")
        # A directory to look the id up in, as a sync brings it (a new desk
        # without one takes the id as given).
        db = sqlite3.connect(database)
        with db:
            db.execute("INSERT INTO professionals (id, created_at, updated_at, name, role)"
                       " VALUES (?, 0, 0, 'Sanna Testinen', 'worker')",
                       (str(uuid.UUID(int=0x0197f0c0_0000_7000_8000_000000000998)),))
        db.close()
        stranger = str(uuid.UUID(int=0x0197f0c0_0000_7000_8000_000000000999))
        check(binary, database, stranger, f"No professional with the id “{stranger}”")
        print("ok: an unknown --user opens the window with a message")


if __name__ == "__main__":
    ui.run_main(main)
