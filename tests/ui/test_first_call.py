"""The agent's keys drive whole calls: next case → dial → verify → listen → offer → note → save."""

from __future__ import annotations

from datetime import timedelta

import pytest

from agent_tui.domain.records import Outcome, PromiseStatus, Stage
from agent_tui.service.note_check import ATTITUDES, HARDSHIPS, NEXT_ACTIONS, OUTCOMES, RESPONSES
from agent_tui.store.models import Account, CallAttempt, CallNote, Draft, Promise
from agent_tui.ui.workstation.app import make_app
from agent_tui.ui.workstation.desk import DeskScreen
from agent_tui.ui.workstation.dialogs.refusal import RefusalScreen
from tests.service.desk import Clock, desk_config, trail

from .agent import choose, press, settle, type_text

TEXT = {
    "en": "Shop had a slow winter; pays the first instalment on the 17th.",
    # Typed as an input method delivers it, minus full-width punctuation, which Pilot cannot press.
    "zh-CN": "冬季生意不好 同意分期 17日前还第一期",
}


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
async def test_a_whole_first_call_with_keys_only(workstation, lang):
    app, desk = workstation(lang)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        desk_screen = app.screen
        assert isinstance(desk_screen, DeskScreen)
        await press(pilot, "f2")  # next case: the promise due today
        case = desk_screen.case
        assert case.account_id == desk.promise_due
        assert case.debtor.name in desk_screen.debtor.profile.title.plain
        assert case.debtor.employer in desk_screen.debtor.profile.plain  # the profile is on screen
        assert len(list(desk_screen.debtor.walk_children())) <= 8  # a widget a section, not a widget a cell
        await press(pilot, "f3")  # the gate allows it: by hand, the number is shown
        assert desk_screen.state.call is not None and desk_screen.state.call.dial_by_hand
        await press(pilot, "f4", "space", "down", "space", "enter")  # birth date and ID digits confirmed
        assert desk_screen.state.call.identity_verified and desk_screen.state.step == "purpose"
        await press(pilot, "f7")  # purpose stated, listening
        assert desk_screen.state.step == "listen"
        await press(pilot, "f8", "down", "enter")  # the second offer: three instalments
        offer = case.offers[1]
        assert desk_screen.note.draft().offer == str(offer.index)
        assert desk_screen.state.step == "agree"
        await press(pilot, "f5")  # end call: the cursor goes to the note
        due, amount = offer.payments[0]
        await choose(pilot, list(OUTCOMES), "promise_to_pay")
        await press(pilot, "tab")
        await choose(pilot, list(ATTITUDES), "cooperative")
        await press(pilot, "tab")
        await choose(pilot, list(HARDSHIPS), "business")
        await press(pilot, "tab")
        await type_text(pilot, "800")
        await press(pilot, "tab", "tab")  # the offer is already in the form
        await choose(pilot, list(RESPONSES), "accepted")
        await press(pilot, "tab")
        await type_text(pilot, f"{amount // 100}.{amount % 100:02d}")
        await press(pilot, "tab")
        await type_text(pilot, due.isoformat())
        await press(pilot, "tab")
        await choose(pilot, list(NEXT_ACTIONS), "follow_up_promise")
        await press(pilot, "tab")
        await type_text(pilot, f"{(due + timedelta(days=1)).isoformat()} 10:00")
        await press(pilot, "tab")
        await type_text(pilot, TEXT[lang])
        await press(pilot, "ctrl+s")
        # Saved, and the next case is on the screen.
        assert desk_screen.case is not None and desk_screen.case.account_id != desk.promise_due
        assert desk_screen.note.draft().is_empty()

    note = CallNote.get(CallNote.account == desk.promise_due)
    assert note.outcome == Outcome.PROMISE_TO_PAY and note.text == TEXT[lang]
    assert (note.attitude, note.hardship, note.can_pay, note.response) == ("cooperative", "business", 80000, "accepted")
    assert note.offer["kind"] == "instalments" and note.offer["total"] == offer.total.minor
    assert note.next_action == "follow_up_promise"
    assert note.checklist["path"] == "right_party" and note.checklist["score"] == 100
    attempt = CallAttempt.get_by_id(note.attempt_id)
    assert attempt.right_party and attempt.outcome == Outcome.PROMISE_TO_PAY
    promise = Promise.get(Promise.note == note.id)
    assert (promise.amount, promise.due, promise.status) == (amount, due, PromiseStatus.OPEN)
    account = Account.get_by_id(desk.promise_due)
    assert account.stage == Stage.PROMISED and account.next_action_at is not None
    assert [e.action for e in trail() if e.action != "case_claimed"] == [
        "call_dialled",
        "identity_verified",
        "note_saved",
        "promise_made",
        "plan_made",
        "promise_superseded",  # the promise due today that the call was about
        "state_recorded",  # the case's stage, moved to "promised", with before and after
        "call_recorded",
    ]
    assert Draft.select().where(Draft.account == desk.promise_due).count() == 0


async def test_a_refused_dial_shows_the_rule_and_dials_nothing(workstation):
    app, desk = workstation("en")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        desk_screen = app.screen
        await press(pilot, "slash")
        await type_text(pilot, "Sam")
        await press(pilot, "enter")  # one match: opens it
        assert desk_screen.case.account_id == desk.asleep
        assert not desk_screen.case.compliance.dial_allowed
        await press(pilot, "f3")
        assert isinstance(app.screen, RefusalScreen)
        body = str(app.screen.query_one("#refusal-body").content)
        assert "cn.calling-window" in body
        assert "2025-03-10 08:00" in body and "America/New_York" in body  # the window opens on the debtor's clock
        assert "2025-03-10 20:00" in body  # which is 20:00 on the floor in Shanghai
        await press(pilot, "escape")
        assert app.screen is desk_screen and desk_screen.state.call is None
    assert CallAttempt.select().count() == 0
    assert [e.action for e in trail() if e.action != "case_claimed"] == ["call_refused"]


async def test_a_third_party_call_leaves_a_message_and_nothing_else(workstation):
    app, desk = workstation("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        desk_screen = app.screen
        await press(pilot, "down", "enter")  # the broken promise, second in the queue
        assert desk_screen.case.account_id == desk.broken
        await press(pilot, "f3", "f4", "n")  # someone else answered
        assert desk_screen.state.call.third_party and desk_screen.state.step == "third_party"
        await press(pilot, "f8")  # offers stay locked on this path
        assert desk_screen.state.step == "third_party"
        await press(pilot, "f5")
        await choose(pilot, list(OUTCOMES), "third_party")
        for _ in range(3):  # attitude, hardship, next action: the debt's fields are closed to a third party
            await pilot.press("tab")
        await settle(pilot)
        await choose(pilot, list(NEXT_ACTIONS), "call_back")
        await press(pilot, "tab")
        await type_text(pilot, "2025-03-11 19:00")
        await press(pilot, "tab")
        await type_text(pilot, "Wife answered, message left.")
        await press(pilot, "ctrl+s")
        assert desk_screen.case.account_id != desk.broken
    note = CallNote.get(CallNote.account == desk.broken)
    assert note.outcome == Outcome.THIRD_PARTY and note.checklist["path"] == "third_party"
    assert Promise.select().where(Promise.note == note.id).count() == 0
    assert not CallAttempt.get_by_id(note.attempt_id).right_party


async def test_the_draft_comes_back_after_the_app_is_torn_down_mid_note(workstation):
    app, desk = workstation("en")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await press(pilot, "f2", "f3", "f4", "space", "down", "space", "enter", "f7", "f6")
        await choose(pilot, list(OUTCOMES), "callback")
        for _ in range(10):
            await pilot.press("tab")
        await type_text(pilot, "Asked to be called after six")
        # The autosave writes within about a second of the last keystroke: wait for it, then pull the plug.
        for _ in range(100):
            row = Draft.get_or_none(Draft.account == desk.promise_due)
            if row is not None and row.fields["form"]["text"] == "Asked to be called after six":
                break
            await pilot.pause(0.05)
        else:
            pytest.fail("the draft was never autosaved")
    # A new app on the same database, as after the agent restarts the workstation.
    again = make_app(desk_config("en"), desk.url, desk.agent, now=Clock())
    async with again.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await press(pilot, "enter")  # the case is still first in the queue
        desk_screen = again.screen
        draft = desk_screen.note.draft()
        assert draft.outcome == "callback" and draft.text == "Asked to be called after six"
        assert desk_screen.state.call is not None and desk_screen.state.call.identity_verified
        assert desk_screen.state.step == "listen"
        assert "restored" in str(desk_screen.note.query_one("#note-status").content)
