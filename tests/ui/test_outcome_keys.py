"""One key per outcome: Shift+F1–F8 end the call with its outcome; the calls that need no words are saved at once.

Also what the desk says instead of silence during a call (F2, F3), what Ctrl+Q asks first, the wrap-up
clock beside the call clock, and which note Ctrl+N amends.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import Static

from agent_tui.domain.records import Outcome
from agent_tui.store.models import CallAttempt, CallNote
from agent_tui.ui.workstation.desk import DeskScreen
from agent_tui.ui.workstation.dialogs.leave import LeaveScreen
from agent_tui.ui.workstation.keys import OUTCOME_KEYS

from .agent import press, settle


def _notices(app) -> list[str]:
    """What the desk says from now on, toast by toast."""
    said: list[str] = []
    notify = app.notify
    app.notify = lambda message, **kwargs: (said.append(message), notify(message, **kwargs))[1]
    return said


@pytest.mark.parametrize(("key", "outcome"), [("shift+f1", "no_answer"), ("shift+f2", "busy"),
                                              ("shift+f3", "voicemail"), ("shift+f4", "wrong_number")])
async def test_an_attempt_with_nobody_to_speak_with_is_one_key_to_the_next_case(workstation, key, outcome):
    app, _ = workstation()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DeskScreen)
        await press(pilot, "f2")
        first = screen.case.account_id
        await press(pilot, "f3")
        assert screen.outcome_bar.has_class("-shown")  # the outcome keys are on the screen during the call
        await press(pilot, key)
        assert screen.case is not None and screen.case.account_id != first  # saved, and the next case is open
        assert screen.state.call is None and not screen.outcome_bar.has_class("-shown")
    note = CallNote.get(CallNote.account == first)
    attempt = CallAttempt.get_by_id(note.attempt_id)
    assert (note.outcome, attempt.outcome, attempt.right_party) == (Outcome(outcome), Outcome(outcome), False)
    assert attempt.ended_at is not None


async def test_the_promise_key_fills_the_promise_from_the_picked_offer(workstation):
    app, desk = workstation()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = app.screen
        await press(pilot, "f2", "f3", "f4", "space", "down", "space", "enter", "f8", "down", "enter")
        offer = screen.case.offers[1]
        await press(pilot, "shift+f8")
        draft = screen.note.draft()
        due, amount = offer.payments[0]
        assert (draft.outcome, draft.offer, draft.response) == ("promise_to_pay", str(offer.index), "accepted")
        assert (draft.promise_date, draft.promise_amount.replace(",", "")) == (
            due.isoformat(), f"{amount // 100}.{amount % 100:02d}")
        assert screen.state.call.ended_at is not None  # the call is over: the wrap-up clock runs
        assert app.focused is screen.note.query_one("#field-text")  # the words are what is left to type
        await pilot.press(*"Pays on the day.")
        await press(pilot, "ctrl+s")
        assert screen.case.account_id != desk.promise_due, screen.note.problem_fields
    note = CallNote.get(CallNote.account == desk.promise_due)
    assert (note.outcome, note.offer["index"], note.text) == (Outcome.PROMISE_TO_PAY, offer.index, "Pays on the day.")


async def test_the_callback_key_puts_the_cursor_on_when(workstation):
    app, _ = workstation()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = app.screen
        await press(pilot, "f2", "f3", "shift+f7")
        draft = screen.note.draft()
        assert (draft.outcome, draft.next_action) == ("callback", "call_back")
        assert app.focused is screen.note.query_one("#field-next_action_at")


async def test_keys_that_cannot_work_during_a_call_say_why(workstation):
    app, _ = workstation()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = app.screen
        await press(pilot, "f2", "f3")
        call_case = screen.case.account_id
        notices = _notices(app)
        await press(pilot, "f2", "f3")
        said = [n for n in notices if "during a call" in n]
        assert [n.split(" ")[0] for n in said] == ["F2", "F3"], notices
        assert "⇧F1…⇧F8" in said[0] and "^S" in said[0]
        assert screen.case.account_id == call_case and screen.state.call is not None  # nothing else happened


async def test_the_wrap_up_clock_runs_from_the_end_of_the_call(workstation):
    app, _ = workstation()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = app.screen
        clock = screen.now
        await press(pilot, "f2", "f3")
        clock.at += timedelta(seconds=75)
        await press(pilot, "f5")
        clock.at += timedelta(seconds=42)
        await pilot.pause(1.2)  # one tick of the strip's clock
        shown = str(screen.strip.query_one("#call-clock", Static).content)
        assert "call ended 01:15" in shown and "wrap-up 00:42" in shown, shown


async def test_quitting_during_a_call_asks_first(workstation):
    app, _ = workstation()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await press(pilot, "f2", "f3", "ctrl+q")
        assert isinstance(app.screen, LeaveScreen)
        await press(pilot, "escape")  # stays
        assert isinstance(app.screen, DeskScreen) and app.is_running
        await press(pilot, "ctrl+q", "enter")
    assert app.return_code == 0


async def test_quitting_with_nothing_unsaved_does_not_ask(workstation):
    app, _ = workstation()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await press(pilot, "f2", "ctrl+q")
        assert not isinstance(app.screen, LeaveScreen)
    assert app.return_code == 0


async def test_amending_says_which_note_and_keeps_its_offer(workstation):
    app, desk = workstation()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = app.screen
        await press(pilot, "f2", "f3", "f4", "space", "down", "space", "enter", "f8", "enter", "shift+f8")
        offer = screen.note.draft().offer
        await pilot.press(*"Pays.")
        await press(pilot, "ctrl+s")
        screen.post_message(type(screen.queue).CaseChosen(desk.promise_due))
        await settle(pilot)
        assert screen.case.account_id == desk.promise_due
        await press(pilot, "ctrl+n")
        note = CallNote.get(CallNote.account == desk.promise_due)
        status = str(screen.note.query_one("#note-status", Static).content)
        assert f"#{note.id}" in status and "Promise to pay" in status and "(debtor)" in status, status
        assert screen.note.draft().offer == offer and screen.note.draft().amends_id == note.id


def test_every_outcome_key_has_its_words_in_both_languages():
    from agent_tui.i18n import set_language, t

    for lang in ("en", "zh-CN"):
        set_language(lang)
        for spec in OUTCOME_KEYS:
            assert t(f"workstation.key.{spec.id}") != f"workstation.key.{spec.id}"
            assert t(f"workstation.key_tip.{spec.id}") != f"workstation.key_tip.{spec.id}"
    set_language("en")


async def test_f3_offers_each_number_with_its_verdict_and_enter_dials_the_highlighted(workstation):
    from agent_tui.config import DialerConfig
    from agent_tui.ui.workstation.dialogs.numbers import NumberScreen

    app, desk = workstation(dialer=DialerConfig(choose_number=True))
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = app.screen
        await press(pilot, "f2", "f3")
        dialog = app.screen
        assert isinstance(dialog, NumberScreen)
        listed = [str(dialog.query_one("#number-list").get_option_at_index(i).prompt) for i in range(2)]
        assert listed[0].startswith("Mobile") and "primary" in listed[0] and "✓ may call now" in listed[0], listed
        assert listed[1].startswith("Work") and "✓ may call now" in listed[1], listed
        assert screen.state.call is None  # nothing dialled before the choice
        await press(pilot, "down", "enter")
        assert isinstance(app.screen, DeskScreen) and screen.state.call is not None
    attempt = CallAttempt.get(CallAttempt.account == desk.promise_due)
    work = next(c for c in screen.case.contacts if c.kind == "work")
    assert attempt.contact_point_id == work.id


async def test_my_callbacks_today_are_one_key_away_and_enter_opens_the_case(workstation):
    from agent_tui.ui.workstation.dialogs.callbacks import CallbacksScreen

    app, desk = workstation()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = app.screen
        await press(pilot, "f2", "f3", "f4", "space", "down", "space", "enter", "shift+f7")
        await pilot.press(*"2025-03-10 18:00")  # the debtor's clock: Shanghai, where it is 14:00
        await press(pilot, "ctrl+s")
        assert screen.case.account_id != desk.promise_due, screen.note.problem_fields
        await press(pilot, "ctrl+t")
        dialog = app.screen
        assert isinstance(dialog, CallbacksScreen)
        table = dialog.query_one("#callback-list")
        assert table.row_count == 1
        assert str(table.get_row_at(0)[0]) == "18:00 (debtor)"
        await press(pilot, "enter")
        assert isinstance(app.screen, DeskScreen) and screen.case.account_id == desk.promise_due


def test_the_outcome_line_breaks_between_keys_never_inside_one():
    from agent_tui.ui.workstation.widgets.outcome_bar import key_lines

    keys = tuple((f"⇧F{n}", words) for n, words in enumerate(
        ["No answer", "Busy", "Voicemail", "Wrong number", "Hung up", "3rd party", "Callback", "Promise"], 1))
    for width in (40, 78, 158):
        lines = key_lines(keys, width).plain.split("\n")
        assert all(len(line) <= width for line in lines), lines
        assert [item for line in lines for item in line.split("  ")] == [f"{k} {w}" for k, w in keys]
    assert len(key_lines(keys, 158).plain.split("\n")) == 1
