"""Enter on an offer fills the note and the words: a promise is saved without retyping what the screen shows."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from agent_tui.domain.money import Amount
from agent_tui.domain.records import Outcome, PromiseStatus
from agent_tui.domain.scripts import spoken_date
from agent_tui.service.note_check import OUTCOMES
from agent_tui.store.models import CallNote, Plan, PlanLine, Promise
from agent_tui.ui.workstation.desk import DeskScreen

from .agent import choose, press, settle


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
async def test_a_picked_plan_fills_the_promise_and_the_agree_words(workstation, lang):
    app, desk = workstation(lang)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DeskScreen)
        await press(pilot, "f2", "f3", "f4", "space", "down", "space", "enter")
        case = screen.case
        assert case.account_id == desk.promise_due and screen.state.call.identity_verified
        plan = max(case.offers, key=lambda o: len(o.payments))
        position = case.offers.index(plan)
        assert position > 0 and len(plan.payments) > 2  # not the offer the script reads before a pick
        await press(pilot, "f8", *["down"] * position, "enter")
        (first_due, first_amount), (last_due, last_amount) = plan.payments[0], plan.payments[-1]

        # The words to say next quote the plan: its count, first instalment and date, its last one.
        assert screen.script.section == "first_call"
        words = str(screen.script.query_one("#words-first_call", Static).content)
        agree = words[words.index(_agree_title(case)):]
        for figure in (str(len(plan.payments)), Amount(first_amount, case.currency).localize(lang),
                       spoken_date(first_due, lang), Amount(last_amount, case.currency).localize(lang),
                       spoken_date(last_due, lang)):
            assert figure in agree.split("\n\n")[0], figure
        assert case.debt.total.localize(lang) not in agree.split("\n\n")[0]

        # The note holds the offer, its first payment as the promise, and the debtor's yes.
        draft = screen.note.draft()
        assert (draft.offer, draft.response, draft.promise_date) == (str(plan.index), "accepted", first_due.isoformat())
        assert draft.promise_amount.replace(",", "") == f"{first_amount // 100}.{first_amount % 100:02d}"
        plan_box = str(screen.note.query_one("#note-plan", Static).content)
        assert first_due.isoformat() in plan_box and last_due.isoformat() in plan_box

        await press(pilot, "f6")
        await choose(pilot, list(OUTCOMES), "promise_to_pay")
        await press(pilot, "ctrl+s")
        assert screen.case is not None and screen.case.account_id != desk.promise_due, screen.note.problem_fields

    note = CallNote.get(CallNote.account == desk.promise_due)
    assert note.outcome == Outcome.PROMISE_TO_PAY and note.response == "accepted"
    assert note.offer["kind"] == "instalments" and note.offer["index"] == plan.index
    promise = Promise.get(Promise.note == note.id)
    assert (promise.amount, promise.due, promise.status) == (first_amount, first_due, PromiseStatus.OPEN)
    saved = Plan.get(Plan.note == note.id)
    lines = PlanLine.select().where(PlanLine.plan == saved.id).order_by(PlanLine.seq)
    assert [(line.due, line.amount) for line in lines] == list(plan.payments)


def _agree_title(case) -> str:
    first_call = next(s for s in case.script if s.id == "first_call")
    return next(line.title for line in first_call.lines if line.step == "agree")
