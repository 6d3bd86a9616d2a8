# A real monia-server for Python tests: made with `init`, started on
# 127.0.0.1 on a port of its own choosing, stopped at the end.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import subprocess
import time

SERVER = os.environ["MONIA_SERVER"]
TIMEOUT = 60


class Server:
    def __init__(self, data):
        self.data = data
        self.proc = None
        self.url = None

    def run(self, *args, stdin=None, check=True):
        result = subprocess.run([SERVER, "--data", self.data, *args], input=stdin,
                                capture_output=True, text=True, timeout=TIMEOUT)
        if check and result.returncode != 0:
            raise AssertionError(f"monia-server {args}: {result.returncode} {result.stderr}")
        return result

    def start(self):
        self.proc = subprocess.Popen([SERVER, "--data", self.data, "serve", "--listen", "127.0.0.1:0"],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + TIMEOUT
        line = ""
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if line.startswith("Listening on") or self.proc.poll() is not None:
                break
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not match:
            raise AssertionError(f"server did not start: {line!r} {self.proc.stderr.read()}")
        self.url = f"http://127.0.0.1:{match.group(1)}"

    def stop(self):
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=TIMEOUT)
            self.proc.stdout.close()
            self.proc.stderr.close()
            self.proc = None
