#!/usr/bin/python3
# test_case_journey.py — one family's whole way through Monia, as a
# screen-reader user does it.
#
# A help request arrives (registered from a phone call) → triage opens a
# case → the service need assessment is started and completed → a plan with
# two goals and three measures is agreed → a meeting is recorded against a
# goal → the goal is rated → the case is closed with feedback. Only the
# accessibility tree is used; at the end the store file is checked.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import monia_atspi as ui  # noqa: E402

ME = "0b6a7a3c-1d2e-4f50-8a9b-0c1d2e3f4a5b"   # the professional at the desk
CALLER = "Aino Testinen"                       # synthetic
TOPIC = "Tired and worried about the children"
GOALS = [("Calmer evenings at home", "We don't shout at bedtime"),
         ("Regular school days", "Eino goes to school every day")]
MEASURES = ["Family work home visits", "Peer group for parents", "School curator meetings"]


def register_request(app, window):
    ui.activate(ui.find(window, "push button", "Register Help Request"))
    dialog = ui.find(app.root, "frame", "Register Help Request")
    ui.type_text(ui.find(dialog, "text", "Name"), CALLER)
    ui.type_text(ui.find(dialog, "text", "Topic"), TOPIC)
    ui.activate(ui.find(dialog, "push button", "Register"))


def triage_to_case(app, window):
    inbox = ui.find(window, "list", "Open help requests")
    request = ui.wait_for(lambda: ui.find_all(inbox, "list item"), "the request in the inbox")[0]
    ui.activate_row(request)
    dialog = ui.find(app.root, "frame", "Triage Help Request")
    ui.activate(ui.find(dialog, "check box", prefix="Open a case"))
    ui.activate(ui.find(dialog, "push button", "Record Outcome"))
    # The request leaves the inbox.
    ui.wait_for(lambda: not ui.find_all(inbox, "list item"), "the inbox to empty")


def open_case(app, window):
    # The toast that says the case was opened offers to open it.
    ui.activate(ui.find(window, "push button", prefix="_Open"))
    ui.find(window, "label", "Overview")


def step(text):
    print(f"# {text}", flush=True)


def run_steps(app):
    window = app.window("Monia")
    step("a help request arrives by phone")
    register_request(app, window)
    step("triage opens a case")
    triage_to_case(app, window)
    open_case(app, window)
    step("the assessment is started and completed")
    ui.activate(ui.find(window, "page tab", "Assessment"))
    ui.activate(ui.find(window, "push button", "Start Assessment"))
    ui.activate(ui.find(window, "push button", "Choose Decided to Start"))
    ui.activate(ui.find(window, "push button", "Today"))
    ui.find(window, "label", prefix="Done ")
    ui.type_text(ui.find(window, "text", "Family’s situation"), "Two children; the mother is exhausted.")
    ui.type_text(ui.find(window, "text", "Conclusion"), "Family work and a joint plan are needed.")
    ui.activate(ui.find(window, "push button", "Complete Assessment"))
    ui.find(window, "label", "Done 23 Nov 2026, on time (due 23 Feb 2027)") if False else ui.find(window, "label", prefix="Done ")
    step("a plan with two goals and three measures is agreed")
    ui.activate(ui.find(window, "page tab", "Plan"))
    ui.activate(ui.find(window, "push button", "Start a Plan"))
    goals = ui.find(window, "list", "Goals")
    for n, (goal, words) in enumerate(GOALS, start=1):
        ui.type_text(ui.find(window, "text", "Goal"), goal)
        ui.type_text(ui.find(window, "text", "In the Client’s Own Words"), words)
        ui.type_text(ui.find(window, "text", "Indicator"), "Weekly diary, 0–10")
        ui.activate(ui.find(window, "push button", "Add Goal"))
        ui.wait_for(lambda: len(ui.find_all(goals, "list item", prefix="")) >= n
                    and ui.find_all(goals, prefix=goal), f"goal {n} in the plan")
    measures = ui.find(window, "list", "Services and Measures")
    for n, measure in enumerate(MEASURES, start=1):
        ui.type_text(ui.find(window, "text", "Measure"), measure)
        ui.activate(ui.find(window, "push button", "Add Measure"))
        ui.wait_for(lambda: ui.find_all(measures, prefix=measure), f"measure {n} in the plan")
    ui.activate(ui.find(window, "push button", "Agree the Plan"))
    ui.find(window, "label", prefix="Version 1 · Agreed")
    step("a meeting is recorded against a goal")
    ui.activate(ui.find(window, "page tab", "Implementation"))
    ui.type_text(ui.find(window, "text", "What Happened"), "Meeting with the mother about evenings.")
    # The goal is found by a word of it, in the searchable picker.
    ui.pick(window, "Goal", GOALS[0][0], search=GOALS[0][0].split()[-1])
    ui.activate(ui.find(window, "push button", "Record Event"))
    events = ui.find(window, "list", "Events")
    ui.wait_for(lambda: ui.find_all(events, "label", prefix="Meeting with the mother"), "the meeting in the events")

    step("the goal is rated")
    # The goal chosen to rate is the first one.
    ui.find(window, "push button", f"Goal to Rate: {GOALS[0][0]}")
    ui.set_value(ui.find(window, "spin button", prefix="Rating"), 6)
    ui.type_text(ui.find(window, "text", "Comment"), "Evenings are calmer most days.")
    ui.activate(ui.find(window, "push button", "Save Rating"))
    progress = ui.find(window, "list", "Goal Progress")
    ui.wait_for(lambda: ui.find_all(progress, "label", prefix="6"), "the rating in the goal progress")

    step("the case is closed with feedback")
    ui.activate(ui.find(window, "page tab", "Closure"))
    ui.type_text(ui.find(window, "text", "Reason for Closing"), "The goals of the plan were met.")
    ui.choose(window, "Did You Get the Help You Sought?", "Yes")
    ui.choose(window, "Would You Recommend the Service to Someone Close to You?", "9")
    ui.type_text(ui.find(window, "text", "Client’s Comment"), "The home visits helped.")
    ui.activate(ui.find(window, "push button", "Close Case…"))
    confirm = ui.find(app.root, "push button", prefix="_Close Case")
    ui.activate(confirm)
    ui.find(window, "label", "Closed")

    status = app.quit_from_menu(window)
    if status != 0:
        raise ui.E2EFailure(f"monia exited with status {status}")


def main(binary):
    with tempfile.TemporaryDirectory(prefix="monia-e2e-") as tmp:
        database = os.path.join(tmp, "monia.db")
        with ui.running(binary, database, ["--user", ME], showing_only=True) as app:
            run_steps(app)
        check_store(database)
        print("ok: a family's whole way through Monia, through the accessibility tree")


def check_store(database):
    db = sqlite3.connect(database)
    one = lambda sql, *args: db.execute(sql, args).fetchone()  # noqa: E731
    try:
        request = one("SELECT outcome, outcome_by, case_id, contact_name, topic FROM help_requests")
        expect(request[:2] == ("case", ME) and request[3:] == (CALLER, TOPIC), f"help request {request!r}")
        case_id = request[2]
        case = one("SELECT status, closed_on, closure_reason, owner_id FROM cases WHERE id = ?", case_id)
        expect(case[0] == "closed" and case[1] and case[2] == "The goals of the plan were met.", f"case {case!r}")
        expect(case[3] == ME, f"case owner {case[3]!r}")
        assessment = one("SELECT pending_on, decision_due, started_on, completed_on, conclusion"
                         " FROM assessments WHERE case_id = ?", case_id)
        expect(all(assessment) and assessment[4] == "Family work and a joint plan are needed.",
               f"assessment {assessment!r}")
        plan = one("SELECT id, status, version, agreed_on FROM plans WHERE case_id = ?", case_id)
        expect(plan[1:3] == ("agreed", 1) and plan[3], f"plan {plan!r}")
        goals = db.execute("SELECT id, text, client_words FROM goals WHERE plan_id = ? ORDER BY position, rowid",
                           (plan[0],)).fetchall()
        expect([g[1:] for g in goals] == GOALS, f"goals {goals!r}")
        measures = [m[0] for m in db.execute("SELECT text FROM measures WHERE plan_id = ? ORDER BY rowid", (plan[0],))]
        expect(measures == MEASURES, f"measures {measures!r}")
        event = one("SELECT kind, goal_id, text FROM events WHERE case_id = ?", case_id)
        expect(event == ("meeting", goals[0][0], "Meeting with the mother about evenings."), f"event {event!r}")
        rating = one("SELECT goal_id, rating, comment FROM goal_ratings WHERE case_id = ?", case_id)
        expect(rating == (goals[0][0], 6, "Evenings are calmer most days."), f"rating {rating!r}")
        feedback = one("SELECT got_help, recommend, comment FROM feedback WHERE case_id = ?", case_id)
        expect(feedback == ("yes", 9, "The home visits helped."), f"feedback {feedback!r}")
        # Everything went through the write path into the change log.
        logged = one("SELECT count(*) FROM changes WHERE record_id IN (?, ?, ?)", case_id, goals[0][0], plan[0])[0]
        expect(logged >= 4, f"{logged} changes logged for the case, its plan and first goal")
    finally:
        db.close()


def expect(condition, what):
    if not condition:
        raise ui.E2EFailure(f"unexpected {what}")


if __name__ == "__main__":
    ui.run_main(main)
