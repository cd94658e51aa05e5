"""A clean quit gives the case back at once; with a note typed the case stays the agent's, its draft kept."""

from __future__ import annotations

from agent_tui.store.models import Account, Draft

from .agent import press, settle


async def test_quitting_with_nothing_typed_gives_the_case_back_at_once(workstation):
    app, _ = workstation()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await press(pilot, "f2")
        opened = app.screen.case.account_id
        assert Account.get_by_id(opened).claimed_by is not None
        await press(pilot, "ctrl+q")
    assert app.return_code == 0
    account = Account.get_by_id(opened)
    assert account.claimed_by is None and account.lease_until is None  # free for a teammate now


async def test_quitting_with_words_typed_keeps_the_case_and_its_draft(workstation):
    app, _ = workstation()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await press(pilot, "f2", "f6")
        opened = app.screen.case.account_id
        app.screen.note.query_one("#field-text").focus()
        await settle(pilot)
        await pilot.press(*"call after six")
        await press(pilot, "ctrl+q", "enter")
    account = Account.get_by_id(opened)
    assert account.claimed_by is not None  # the agent's own case comes back first at the next start
    assert Draft.select().where(Draft.account == opened).count() == 1
