# monia_atspi.py — drive Monia through the accessibility tree, as a screen
# reader user would: find widgets by role and accessible name, act on them
# through AT-SPI actions and text interfaces, never through the app's code.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import contextlib
import os
import re
import subprocess
import sys
import tempfile
import time

# The other tests run with the accessibility bridge off; here it is the
# whole point, for this process and for the app it starts.
os.environ.pop("NO_AT_BRIDGE", None)
# libatspi warns about replies from objects that went away; in this process
# that is no failure (the common test environment makes warnings fatal).
os.environ["G_DEBUG"] = "gc-friendly"

import pyatspi  # noqa: E402
from gi.repository import GLib  # noqa: E402

# Every wait is bounded.
DEFAULT_TIMEOUT = 20.0
POLL = 0.1


class E2EFailure(AssertionError):
    pass


def wait_for(predicate, what, timeout=DEFAULT_TIMEOUT):
    """Polls predicate() until it returns something truthy, or fails."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = predicate()
        except E2EFailure:
            raise
        except Exception:  # the tree changes under us while the app works
            result = None
        if result:
            return result
        time.sleep(POLL)
    raise E2EFailure(f"timed out after {timeout:.0f} s waiting for {what}")


def _walk(node, depth=0, max_depth=60):
    if node is None or depth > max_depth:
        return
    yield node
    try:
        count = node.childCount
    except Exception:
        return
    for i in range(min(count, 500)):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        yield from _walk(child, depth + 1, max_depth)


def describe(node):
    try:
        return f"{node.getRoleName()} “{node.name}”"
    except Exception:
        return "(gone)"


def on_screen(node):
    """GTK 4.8 reports neither SHOWING nor a difference in VISIBLE between
    the shown page of a stack and the hidden ones, but hidden widgets have
    no size: that is what "on screen" means here."""
    try:
        extents = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    except Exception:
        return False
    return extents.width > 0 and extents.height > 0


def app_log(app):
    try:
        app.log.seek(0)
        return app.log.read()
    except Exception:
        return ""


def dump(root, out, showing_only=True):
    """Writes the on-screen part of the tree, indented, for a failure report."""
    def visit(node, depth):
        if depth > 40:
            return
        if not showing_only or on_screen(node):
            out.write("  " * depth + describe(node) + "\n")
        try:
            count = min(node.childCount, 500)
        except Exception:
            return
        for i in range(count):
            try:
                visit(node.getChildAtIndex(i), depth + 1)
            except Exception:
                continue
    visit(root, 0)


def find_all(root, role=None, name=None, showing=True, prefix=None):
    found = []
    for node in _walk(root):
        try:
            if role is not None and node.getRoleName() != role:
                continue
            if name is not None and node.name != name:
                continue
            # GTK 4.8 repeats a check box's label in its name
            # ("Open a case Open a case"): match the start.
            if prefix is not None and not (node.name or "").startswith(prefix):
                continue
            if showing and not on_screen(node):
                continue
        except Exception:
            continue
        found.append(node)
    return found


def find(root, role=None, name=None, timeout=DEFAULT_TIMEOUT, prefix=None):
    return wait_for(lambda: (find_all(root, role, name, prefix=prefix) or [None])[0],
                    f"{role or 'any role'} named “{name or prefix}”", timeout)


def _actionable(node):
    """A GtkMenuButton shows as a button holding the button that acts: take
    the first of the node and its same-named descendants that has actions."""
    for candidate in _walk(node, max_depth=3):
        try:
            if candidate.name == node.name and candidate.queryAction().nActions > 0:
                return candidate
        except NotImplementedError:
            continue
    return node


def activate(node):
    """Performs the widget's default action (a click for a button)."""
    node = _actionable(node)
    try:
        action = node.queryAction()
    except NotImplementedError:
        focus(node)
        press_key(KEY_RETURN)
        return
    for i in range(action.nActions):
        if action.getName(i) in ("click", "activate", "press", "toggle"):
            action.doAction(i)
            return
    if action.nActions > 0:
        action.doAction(0)
        return
    # GTK 4.8 gives check boxes, radio-like groups and rows no AT-SPI action:
    # do what a keyboard user does.
    focus(node)
    press_key(KEY_SPACE if node.getRoleName() in ("check box", "radio button", "toggle button") else KEY_RETURN)


KEY_RETURN = 0xff0d
KEY_SPACE = 0x0020
KEY_ESCAPE = 0xff1b


def press_key(keysym):
    pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)


KEY_TAB = 0xff09


def has_focus(node):
    try:
        return node.getState().contains(pyatspi.STATE_FOCUSED)
    except Exception:
        return False


KEY_DOWN = 0xff54


def focus(node, max_tabs=60, key=KEY_TAB):
    """Moves the keyboard focus to @node the way a keyboard user does, with
    Tab (GTK 4.8 does not implement AT-SPI's GrabFocus)."""
    for _ in range(max_tabs):
        if has_focus(node):
            return
        press_key(key)
        time.sleep(0.05)
    wait_for(lambda: has_focus(node), f"{describe(node)} to have the focus", timeout=2)


def activate_row(node):
    """GTK 4.8 gives list rows no AT-SPI action: a keyboard user focuses the
    row and presses Enter, and so does this."""
    focus(node)
    press_key(KEY_RETURN)


def choose(window, combo_name, item_label):
    """Picks @item_label in a drop-down row: focus it, open it with Space,
    move down to the item, press Enter."""
    combo = find(window, "combo box", combo_name)
    focus(combo)
    press_key(KEY_SPACE)
    item = wait_for(lambda: next((n for n in find_all(combo, "list item")
                                  if find_all(n, "label", item_label)), None),
                    f"“{item_label}” in “{combo_name}”")
    focus(item, max_tabs=20, key=KEY_DOWN)
    press_key(KEY_RETURN)
    wait_for(lambda: find_all(combo, "label", item_label), f"“{combo_name}” to show “{item_label}”")


def pick(window, title, item_label, search=None):
    """Picks @item_label in a searchable picker the way a keyboard user
    does: open it (the search field takes the focus), type a word of it,
    take the first match with Enter."""
    button = find(window, "push button", prefix=title + ": ")
    activate(button)
    wait_for(lambda: next((n for n in find_all(window, "list item") if find_all(n, "label", item_label)), None),
             f"“{item_label}” in the list of “{title}”")
    type_keys(search if search is not None else item_label)
    time.sleep(0.3)
    press_key(KEY_RETURN)
    find(window, "push button", f"{title}: {item_label}")


def type_keys(text):
    """Types @text on the keyboard into what has the focus."""
    pyatspi.Registry.generateKeyboardEvent(0, text, pyatspi.KEY_STRING)


def set_value(node, value):
    node.queryValue().currentValue = value


def type_text(node, text):
    editable = node.queryEditableText()
    editable.setTextContents(text)


def text_of(node):
    t = node.queryText()
    return t.getText(0, t.characterCount)


def accessibility_bus_address():
    """The address of the accessibility bus of this D-Bus session (the one
    pyatspi talks to), starting it if need be."""
    out = subprocess.run(["gdbus", "call", "--session", "--dest", "org.a11y.Bus",
                          "--object-path", "/org/a11y/bus", "--method", "org.a11y.Bus.GetAddress"],
                         capture_output=True, text=True, timeout=DEFAULT_TIMEOUT, check=True).stdout
    match = re.search(r"'([^']+)'", out)
    if not match:
        raise E2EFailure(f"no accessibility bus address in {out!r}")
    return match.group(1)


class App:
    """The real monia binary, started on its own store, found in the
    accessibility registry by its process id."""

    def __init__(self, binary, database, extra_args=()):
        env = dict(os.environ)
        env.pop("NO_AT_BRIDGE", None)
        env["GTK_A11Y"] = "atspi"
        # Name our session's accessibility bus: otherwise GTK may take the
        # address another program left on the X server's root window.
        env["AT_SPI_BUS_ADDRESS"] = accessibility_bus_address()
        # GTK 4.8's AT-SPI code logs a critical of its own while answering
        # some tree queries (a reference to an object it has not given a
        # path yet), so warnings are not made fatal here; instead every
        # warning from Monia's own log domains fails the test (check_log).
        env["G_DEBUG"] = "gc-friendly"
        # Under AddressSanitizer memory errors still abort the app, but it
        # runs with the fast unwinder (the slow one, needed for the leak
        # suppressions to see GTK's frames, makes the journey take half an
        # hour over AT-SPI), so its leak check at exit is off. The widget
        # tests in tests/app check leaks with the slow unwinder.
        if "ASAN_OPTIONS" in env:
            env["ASAN_OPTIONS"] += ":fast_unwind_on_malloc=1:detect_leaks=0"
        self.log = tempfile.TemporaryFile(mode="w+")
        self.process = subprocess.Popen([binary, "--database", database, *extra_args],
                                        env=env, stdout=self.log, stderr=self.log)
        self.root = wait_for(self._find_app, "the app in the accessibility tree")

    def check_log(self):
        """Fails on any warning or critical that Monia itself logged; returns
        the lines of other libraries' warnings, for the report."""
        self.log.seek(0)
        ours, others = [], []
        for line in self.log:
            if not re.search(r"-(WARNING|CRITICAL) \*\*", line):
                continue
            (ours if re.search(r"\bmonia[-\w]*-(WARNING|CRITICAL)", line) else others).append(line.rstrip())
        if ours:
            raise E2EFailure("monia logged:\n" + "\n".join(ours))
        return others

    def _find_app(self):
        if self.process.poll() is not None:
            self.log.seek(0)
            raise E2EFailure(f"monia exited with status {self.process.returncode} before its window appeared:\n"
                             + self.log.read()[-2000:])
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            try:
                if app is not None and app.get_process_id() == self.process.pid:
                    return app
            except Exception:
                continue
        return None

    def window(self, name="Monia"):
        return find(self.root, "frame", name)

    def quit_from_menu(self, window, timeout=10.0):
        """Quits as a person would, through the main menu; returns the exit
        status."""
        activate(find(window, "push button", "Main Menu"))
        try:
            activate(find(self.root, "menu item", "Quit"))
        except GLib.Error:
            # The app may be gone before it answers the call that quit it.
            pass
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise E2EFailure("monia did not quit from its menu")

    def quit(self, timeout=10.0):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=timeout)
        return self.process.returncode


@contextlib.contextmanager
def running(binary, database, extra_args=(), showing_only=False):
    """Starts monia on @database for the steps inside the block. On a
    failure there, writes the accessibility tree (all of it, or only what is
    showing) and monia's log; always stops it. Afterwards, prints the
    warnings of other libraries that it logged."""
    app = App(binary, database, extra_args)
    try:
        yield app
    except E2EFailure:
        sys.stderr.write("The tree when it failed:\n")
        dump(app.root, sys.stderr, showing_only=showing_only)
        sys.stderr.write("monia's log:\n" + app_log(app))
        raise
    finally:
        app.quit()
    for line in app.check_log():
        print(f"# not Monia's: {line}")


def run_main(main):
    """The command line of every test here: PATH-TO-MONIA; a failure prints
    "not ok: …" and exits with 1."""
    if len(sys.argv) != 2:
        print(f"usage: {os.path.basename(sys.argv[0])} PATH-TO-MONIA", file=sys.stderr)
        sys.exit(2)
    try:
        main(sys.argv[1])
    except E2EFailure as e:
        print(f"not ok: {e}", file=sys.stderr)
        sys.exit(1)
