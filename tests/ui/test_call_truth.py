"""The screen tells the truth about the call: no debt once a third party is on the line, no tick that was
not earned, a flagged note asked about before it is saved, and an offer beyond the agent's limits shown
as pending a lead's approval."""

from __future__ import annotations

import re

import pytest
from textual.widgets import Static

from agent_tui.domain.policy import ApprovalLimits, OfferPolicy
from agent_tui.i18n import render
from agent_tui.store.models import CallNote
from agent_tui.ui.common.pick import Pick
from agent_tui.ui.workstation.dialogs.wording import WordingScreen
from agent_tui.ui.workstation.widgets.script_pane import pane_id

from .agent import press, settle

#: A figure of money as the screen writes it (¥1,234.56, 1,234.56元).
FIGURE = re.compile(r"\d[\d,]*\.\d\d")


async def dial(pilot) -> None:
    """F3, and Enter on the first number when the desk asks which."""
    screen = pilot.app.screen
    await press(pilot, "f3")
    if pilot.app.screen is not screen:
        await press(pilot, "enter")


def _marks(screen) -> dict[str, str]:
    return {step.id: step.state for step in screen.state.checklist}


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
async def test_on_the_third_party_path_no_debt_is_shown_or_noted(workstation, lang):
    app, desk = workstation(lang)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = app.screen
        await press(pilot, "f2")
        await dial(pilot)
        await press(pilot, "f4", "n")
        assert screen.state.call.third_party
        assert _marks(screen)["verify"] == "failed"  # tried, not passed: never a tick
        strip = str(screen.strip.steps_view.render())
        assert "✗" in strip and "✓ Verify" not in strip
        # The debtor pane: the debt, the promises and notes, the ledger check are gone; a line says why.
        for section in ("#debt", "#history", "#ledger"):
            assert not screen.debtor.query_one(section).display
        notice = screen.debtor.query_one("#debtor-empty", Static)
        assert notice.display and notice.has_class("-third-party")
        # The queue beside it: no balance of anyone's while the third party is on the line.
        balances = {screen.queue.table.get_row_at(n)[1].plain.strip() for n in range(screen.queue.table.row_count)}
        assert balances == {"—"}
        # The script: no listening or offers tab, and no figure in the words left.
        tabs = screen.script.tabs
        assert not tabs.get_tab(pane_id("offers")).display and not tabs.get_tab(pane_id("listening")).display
        words = str(screen.script.query_one("#words-first_call", Static).render())
        assert not FIGURE.search(words)
        await press(pilot, "f8")
        assert screen.script.section == "first_call"
        # The note: only what a third party can come to, and no offer or figure field to fill.
        form = screen.note
        assert set(form._picks["outcome"]) == {"third_party", "wrong_number", "hung_up"}
        for name in ("offer", "capacity", "promise_amount", "promise_date", "response"):
            assert form.query_one(f"#field-{name}").disabled
        # A note that speaks of the debt: asked about first, nothing saved until the agent says so.
        await press(pilot, "f5")
        form.set_outcome("third_party")
        form.query_one("#field-text").focus()
        await settle(pilot)
        await pilot.press(*"Wife answered, said he owes 800.00.")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, WordingScreen)
        assert CallNote.select().count() == 0
        await press(pilot, "escape")
        assert app.screen is screen and app.focused is form.query_one("#field-text")
        await press(pilot, "ctrl+s", "ctrl+s")  # asked again, and saved anyway
        assert screen.case.account_id != desk.promise_due
    note = CallNote.get(CallNote.account == desk.promise_due)
    assert note.outcome == "third_party" and {f["category"] for f in note.lint_flags} == {"disclosure"}
    assert note.checklist["path"] == "third_party" and note.offer == {}


async def test_offer_and_agree_stay_unticked_when_no_offer_was_made(workstation):
    app, _ = workstation()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = app.screen
        await press(pilot, "f2")
        await dial(pilot)
        await press(pilot, "f4", "space", "down", "space", "enter", "f7")
        screen.note.query_one("#field-next_action", Pick).pick("call_back")  # the next step chosen, no offer put
        await settle(pilot)
        marks = _marks(screen)
        assert marks["listen"] == "done"
        assert marks["offer"] == marks["agree"] == "skipped"
        assert "✓ Offer" not in str(screen.strip.steps_view.render())


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
async def test_an_offer_that_needs_approval_is_saved_pending_and_said_so(workstation, lang):
    # Every plan of more than two payments needs a lead here.
    app, desk = workstation(lang, offers=OfferPolicy(approval=ApprovalLimits(max_instalments=2)))
    said: list[str] = []
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        notify = app.notify
        app.notify = lambda message, **kwargs: (said.append(message), notify(message, **kwargs))[1]
        screen = app.screen
        await press(pilot, "f2")
        await dial(pilot)
        await press(pilot, "f4", "space", "down", "space", "enter", "f8")
        offer = next(o for o in screen.case.offers if o.needs_approval)
        screen.script.mark_picked(offer.index)
        await press(pilot, "enter")
        plan = str(screen.note.query_one("#note-plan", Static).render())
        assert render_key("callnote.pending_approval", lang)[:6] in plan
        await press(pilot, "f5")
        screen.note.set_outcome("promise_to_pay")
        screen.note.query_one("#field-text").focus()
        await settle(pilot)
        await pilot.press(*"Asked for a year.")
        await press(pilot, "ctrl+s")
        assert screen.case.account_id != desk.promise_due, screen.note.problem_fields
        assert any(render_key("workstation.notice.saved_pending", lang, id="")[-12:] in s for s in said)
        await press(pilot, "escape")
    note = CallNote.get(CallNote.account == desk.promise_due)
    assert note.promises.get().status == "pending_approval"


def render_key(key: str, lang: str, **params) -> str:
    from agent_tui.i18n import Msg

    return render(Msg(key, params), lang)
