"""Keys act once, in order, never lost: typed all at once they do what they do typed one by one.

A burst is what a fast agent (or a terminal handing over a pasted run of
keys) gives the app: every key posted before the first is handled, as a
terminal's driver posts them. The keys then wait their turn
(agent_tui.ui.workstation.typeahead) and the desk's steps run in order on its
one database worker, so the saved note is the one the keys describe.
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual import events
from textual.app import App

from agent_tui.domain.checklist import CallPath, fitting_outcomes
from agent_tui.domain.records import Outcome
from agent_tui.i18n import set_language
from agent_tui.store.models import CallAttempt, CallNote, Draft, Promise
from agent_tui.ui.workstation.app import make_app
from agent_tui.ui.workstation.dialogs.refusal import RefusalScreen
from agent_tui.ui.workstation.widgets.note_form import CHOICES
from tests.service.desk import Clock, build_desk, desk_config, trail

from .agent import settle

#: The characters of the keys that have one (Textual's names for the others).
CHARACTERS = {"enter": "\r", "tab": "\t", "escape": "\x1b", "space": " ", "ctrl+s": "\x13", "slash": "/"}
#: Textual's key names of the punctuation typed below.
NAMES = {" ": "space", "-": "minus", ":": "colon", ".": "full_stop", ",": "comma", "/": "slash"}


def key_event(key: str) -> events.Key:
    """The event a terminal's driver posts for ``key`` (a key name, or one character)."""
    if len(key) == 1:
        return events.Key(NAMES.get(key, key), key)
    return events.Key(key, CHARACTERS.get(key))


async def burst(app: App, keys: list[str]) -> None:
    """Post every key at once, as a terminal does with keys typed faster than the app handles them; then
    wait until they have all been handled and the database has answered."""
    for key in keys:
        app.post_message(key_event(key))
    arrived = asyncio.Event()
    app.call_later(arrived.set)  # behind the keys in the app's queue: each is handled or waiting by then
    await arrived.wait()
    await app.settled()


async def one_by_one(app: App, keys: list[str]) -> None:
    """The same keys typed slowly: each one handled, and all it started over, before the next."""
    for key in keys:
        await burst(app, [key])


def pick(field: str, value: str, path: CallPath | None = None) -> list[str]:
    """Enter opens the field's list, Down to ``value`` (after the blank first line), Enter picks.

    ``path``: the call's path, once decided, narrows the outcomes the list offers.
    """
    values = CHOICES[field][1]
    if field == "outcome" and path is not None:
        values = tuple(o.value for o in fitting_outcomes(path))
    return ["enter", *["down"] * (values.index(value) + 1), "enter"]


async def test_dial_end_pick_and_save_typed_at_once_save_the_outcome(workstation):
    app, desk = workstation("en")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await app.settled()
        await burst(app, ["f2", "f3", "f5", "enter", "down", "enter", "ctrl+s"])
        assert app.screen.case is not None and app.screen.case.account_id != desk.promise_due  # saved: the next one
    note = CallNote.get(CallNote.account == desk.promise_due)
    assert note.outcome == Outcome.NO_ANSWER
    attempt = CallAttempt.get_by_id(note.attempt_id)
    assert attempt.outcome == Outcome.NO_ANSWER and attempt.ended_at is not None
    # The case's state (its stage, its next time) goes on record with the call.
    assert [e.action for e in trail() if e.action != "case_claimed"] == ["call_dialled", "note_saved",
                                                                         "state_recorded", "call_recorded"]


async def test_a_third_party_call_typed_at_once_on_a_narrow_terminal(workstation):
    app, desk = workstation("zh-CN")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.settled()
        # The broken promise, second in the queue; someone else answered; call ended; the note.
        await burst(app, ["down", "enter", "f3", "f4", "n", "f5", *pick("outcome", "third_party", CallPath.THIRD_PARTY),
                          *["tab"] * 3, *pick("next_action", "call_back"), "tab", *"2025-03-11 19:00", "tab",
                          *"Wife answered", "ctrl+s"])
        assert app.screen.case.account_id != desk.broken
    note = CallNote.get(CallNote.account == desk.broken)
    assert note.outcome == Outcome.THIRD_PARTY and note.next_action == "call_back" and note.text == "Wife answered"
    assert note.checklist["path"] == "third_party"


async def test_a_refused_dial_and_its_dialog_in_one_burst(workstation):
    app, desk = workstation("en")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await app.settled()
        # Find Sam (asleep in New York), dial: refused; Enter closes the refusal; dial again; Escape.
        await burst(app, ["slash", *"Sam", "enter", "f3", "enter", "f3"])
        assert isinstance(app.screen, RefusalScreen)
        await burst(app, ["escape"])
        assert app.screen.case.account_id == desk.asleep and app.screen.state.call is None
    assert CallAttempt.select().count() == 0
    assert [e.action for e in trail() if e.action != "case_claimed"] == ["call_refused", "call_refused"]


async def test_a_whole_first_call_typed_as_one_burst(workstation):
    app, desk = workstation("en")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await app.settled()
        await burst(app, ["f2"])
        case = app.screen.case
        offer = case.offers[1]
        due, amount = offer.payments[0]
        keys = [
            "f3", "f4", "space", "down", "space", "enter",  # dialled; birth date and ID digits confirmed
            "f7", "f8", "down", "enter",  # listening; the second offer
            "f5", *pick("outcome", "promise_to_pay", CallPath.RIGHT_PARTY),
            "tab", *pick("attitude", "cooperative"),
            "tab", *pick("hardship", "business"),
            # The offer picked filled the response, the promise amount and its date: nothing to retype.
            "tab", *"800", "tab", "tab", "tab", "tab",
            "tab", *pick("next_action", "follow_up_promise"),
            "tab", *f"{(due + timedelta(days=1)).isoformat()} 10:00",
            "tab", *"Pays the first instalment on the 17th.",
            "ctrl+s",
        ]
        await burst(app, keys)
        assert app.screen.case is not None and app.screen.case.account_id != desk.promise_due
    note = CallNote.get(CallNote.account == desk.promise_due)
    assert note.outcome == Outcome.PROMISE_TO_PAY and note.text == "Pays the first instalment on the 17th."
    assert (note.attitude, note.hardship, note.can_pay, note.response) == ("cooperative", "business", 80000, "accepted")
    assert note.offer["total"] == offer.total.minor and note.next_action == "follow_up_promise"
    assert [(p.amount, p.due) for p in Promise.select().where(Promise.note == note)] == [(amount, due)]
    assert note.checklist["path"] == "right_party" and note.checklist["score"] == 100


async def test_a_note_typed_and_quit_at_once_leaves_its_draft(workstation):
    app, desk = workstation("en")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await app.settled()
        # Faster than the autosave; Ctrl+Q asks first (a note not saved), Enter leaves.
        for key in ["f2", "f6", *["tab"] * 10, *"Call after six", "ctrl+q", "enter"]:
            app.post_message(key_event(key))
        async with asyncio.timeout(60):
            while app.is_running:
                await asyncio.sleep(0.05)
    assert app.return_code == 0
    draft = Draft.get(Draft.account == desk.promise_due)
    assert draft.fields["form"]["text"] == "Call after six"


# ---- any keys: fast against slow ----

#: The desk's keys and a few a form or a dialog takes; a run of them is a sequence an agent could type.
DESK_KEYS = ["f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "enter", "down", "up", "tab", "escape", "space",
             "ctrl+s", "ctrl+o", "ctrl+n", "slash", "n", "a", "7"]
#: Ten sequences an example, typed one after the other on the same desk and compared after each.
SEQUENCES = st.lists(st.lists(st.sampled_from(DESK_KEYS), min_size=1, max_size=8), min_size=10, max_size=10)

_template: dict[str, Path] = {}


def _fresh_desk(folder: Path, name: str) -> str:
    """A copy of one desk built once for all the examples; its URL."""
    if "desk" not in _template:
        where = Path(tempfile.mkdtemp(prefix="bursts-")) / "desk.db"
        build_desk(where, "en")
        _template["desk"] = where
    copy = folder / f"{name}.db"
    shutil.copyfile(_template["desk"], copy)
    return f"sqlite:///{copy}"


def _database_state(url: str) -> dict[str, list[tuple]]:
    """What the keys wrote: notes, calls, promises and the audit trail's actions (drafts are the autosave's)."""
    path = url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as db:
        return {
            "notes": db.execute("SELECT account_id, amends_id, outcome, attitude, hardship, can_pay, offer, response,"
                                " next_action, next_action_at, text, checklist FROM call_note ORDER BY id").fetchall(),
            "calls": db.execute("SELECT account_id, outcome, right_party, ended_at FROM call_attempt"
                                " ORDER BY id").fetchall(),
            "promises": db.execute("SELECT account_id, amount, due, status FROM promise ORDER BY id").fetchall(),
            "audit": db.execute("SELECT action FROM audit_event ORDER BY id").fetchall(),
        }


def _screen_state(app: App) -> tuple:
    """What the agent sees that the keys decide (not the notices, the clocks nor the autosave's status)."""
    desk = app.desk
    call = desk.state.call if desk.state else None
    note = desk.query("#note")
    return (
        type(app.screen).__name__,
        getattr(app.focused, "id", None),
        desk.case.account_id if desk.case else None,
        desk.state.step if desk.state else None,
        (call.ended_at is not None, call.identity_verified, call.third_party) if call else None,
        desk.tabs.pane,
        (desk.note.draft(), desk.note.problem_fields) if note else None,
    )


async def _run(url: str, sequences: list[list[str]], typed) -> list[tuple]:
    """The states after each sequence, typed with ``typed`` (``burst`` or ``one_by_one``)."""
    app = make_app(desk_config("en"), url, "A001", now=Clock())
    states = []
    async with app.run_test(size=(80, 24)) as pilot:  # the narrow desk: the same keys, half the drawing
        await settle(pilot)
        await app.settled()
        for keys in sequences:
            await typed(app, keys)
            states.append((_screen_state(app), _database_state(url)))
    return states


@pytest.mark.slow
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sequences=SEQUENCES)
def test_any_keys_typed_at_once_do_what_they_do_typed_one_by_one(sequences):
    """Ten sequences an example, each compared after it is typed: 200 sequences in all."""
    with tempfile.TemporaryDirectory() as folder:
        fast_url, slow_url = _fresh_desk(Path(folder), "fast"), _fresh_desk(Path(folder), "slow")
        try:
            fast = asyncio.run(_run(fast_url, sequences, burst))
            slow = asyncio.run(_run(slow_url, sequences, one_by_one))
        finally:
            set_language("en")
        for keys, at_once, by_one in zip(sequences, fast, slow):
            assert at_once == by_one, f"after {keys}"
