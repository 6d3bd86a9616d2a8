#!/usr/bin/python3
# The family's front door end to end, with the real programs: a form posted
# to monia-server reaches an intake worker's desktop store by sync, and
# `monia-ctl requests [--json]` lists it with exactly the fields scripts read.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import urllib.parse
import urllib.request
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from monia_test_server import Server  # noqa: E402

CTL = os.environ["MONIA_CTL"]
TIMEOUT = 60
PASSWORD = "correct horse battery"
FIELDS = ["id", "channel", "received_at", "due_on", "anonymous", "topic", "outcome"]


def post_form(url, fields):
    with urllib.request.urlopen(url, timeout=TIMEOUT) as page:
        html = page.read().decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    data = urllib.parse.urlencode(dict(fields, token=token)).encode()
    request = urllib.request.Request(url, data=data, method="POST")
    with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
        return answer.read().decode()


class AskToDesktop(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp()
        cls.server = Server(os.path.join(cls.folder, "server"))
        cls.server.run("init")
        cls.server.run("user", "add", "ilona", "--name", "Ilona Example", "--org", "Org A", "--team", "Intake",
                       "--role", "intake", stdin=PASSWORD + "\n")
        cls.server.run("settings", "set", "promise.web", "2")
        cls.server.start()
        cls.home = os.path.join(cls.folder, "home")
        os.makedirs(cls.home)
        cls.env = {k: v for k, v in os.environ.items() if k != "MONIA_TOKEN"}
        cls.env.update(HOME=cls.home, XDG_CONFIG_HOME=os.path.join(cls.home, "config"),
                       XDG_DATA_HOME=os.path.join(cls.home, "data"),
                       DBUS_SESSION_BUS_ADDRESS="unix:path=" + os.path.join(cls.home, "no-bus"))
        cls.db = os.path.join(cls.folder, "ilona.db")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.folder, ignore_errors=True)

    def ctl(self, *args, stdin=None, expect=0):
        result = subprocess.run([CTL, "--database", self.db, *args], input=stdin, capture_output=True,
                                text=True, timeout=TIMEOUT, env=self.env)
        self.assertEqual(result.returncode, expect, result.stderr)
        return result.stdout

    def test_form_to_requests(self):
        url = self.server.url + "/ask?lang=sv"
        thanks = post_form(url, {"message": "Vi behöver stöd", "topic": "parenting", "anonymous": "1",
                                 "request": "help"})
        code = re.search(r'<p class="code" id="code">([^<]+)</p>', thanks).group(1)
        day = re.search(r'<time datetime="(\d{4}-\d\d-\d\d)">', thanks).group(1)
        post_form(self.server.url + "/ask", {"message": "Soittakaa", "request": "callback",
                                             "phone": "040 123 4567", "name": "Testi Vanhempi"})

        self.ctl("login", self.server.url, "ilona", stdin=PASSWORD + "\n")
        self.ctl("sync")
        listed = json.loads(self.ctl("requests", "--json"))
        self.assertEqual(len(listed), 2)
        for item in listed:
            self.assertEqual(list(item.keys()), FIELDS)
            uuid.UUID(item["id"])
            datetime.datetime.fromisoformat(item["received_at"].replace("Z", "+00:00"))
            datetime.date.fromisoformat(item["due_on"])
            self.assertIsInstance(item["anonymous"], bool)
            self.assertIsNone(item["outcome"])
        web = [item for item in listed if item["channel"] == "web"][0]
        callback = [item for item in listed if item["channel"] == "callback"][0]
        self.assertTrue(web["anonymous"])
        self.assertEqual(web["topic"], "parenting")
        self.assertEqual(web["due_on"], day)
        self.assertFalse(callback["anonymous"])
        self.assertIsNone(callback["topic"])

        # The reference code and the language came along with the request.
        out = subprocess.run(["sqlite3", self.db, "SELECT reference, language FROM help_requests"
                              " WHERE channel = 'web'"], capture_output=True, text=True)
        if out.returncode == 0:
            self.assertEqual(out.stdout.strip(), f"{code}|sv")

        lines = self.ctl("requests").splitlines()
        self.assertEqual(len(lines), 2)
        self.assertTrue(all(len(line.split("\t")) == len(FIELDS) for line in lines))

    def test_usage(self):
        self.ctl("requests", "--yaml", expect=2)


if __name__ == "__main__":
    unittest.main(verbosity=2)
