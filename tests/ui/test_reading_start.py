"""The screen starts where the agent reads: the top of a new case, a wrong figure by the debt, search's cursor."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from agent_tui.domain.money import Amount
from agent_tui.i18n import t
from agent_tui.service.views import QueueRow
from agent_tui.ui.workstation.desk import DeskScreen
from agent_tui.ui.workstation.dialogs.search import SearchScreen
from agent_tui.ui.workstation.widgets.queue_pane import QueuePane

from .agent import press, settle


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
async def test_a_new_case_opens_at_the_top_and_marks_a_wrong_creditor_figure_by_the_debt(workstation, lang):
    app, desk = workstation(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DeskScreen)
        await press(pilot, "f2")
        assert screen.case.account_id == desk.promise_due
        scroll = screen.debtor.scroll
        scroll.scroll_end(animate=False, immediate=True)
        await settle(pilot)
        assert scroll.scroll_y > 0  # the agent read down to the notes

        screen.post_message(QueuePane.CaseChosen(desk.wrong_figures))
        await settle(pilot)
        assert screen.case.account_id == desk.wrong_figures
        assert scroll.scroll_y == 0  # the name, calling rules and flags, not the last case's notes

        # The debt table's heading says the creditor's figures are wrong, and the penalty row gives theirs.
        assert t("workstation.debtor.ledger_wrong_see_below") in screen.debtor.debt.title.plain
        says = dict(screen.case.ledger.creditor_says)
        assert list(says) == ["penalty"]
        penalty = next(line for line in screen.debtor.debt.plain.split("\n")
                       if line.startswith(t("workstation.debtor.penalty")))
        assert t("workstation.debtor.creditor_says", amount=says["penalty"].localize(lang)) in penalty

        # A case whose figures agree has no mark.
        screen.post_message(QueuePane.CaseChosen(desk.promise_due))
        await settle(pilot)
        assert "✗" not in screen.debtor.debt.title.plain and "✗" not in screen.debtor.debt.plain


def _rows() -> list[QueueRow]:
    now = datetime(2026, 12, 8, 3, 0, tzinfo=UTC)
    return [
        QueueRow(account_id=11 + n, account_ref=f"REF-{n}", debtor_name=f"Name {n}", balance=Amount(100_00, "CNY"),
                 days_past_due=30, bucket="M1", reason="new", next_time=None, local_time=now)
        for n in range(3)
    ]


async def _search(workstation, *keys: str) -> tuple[int | None, int]:
    """The account the dialog closed with after ``keys``, and the row highlighted before the last key."""
    app, _ = workstation()
    chosen: list[int | None] = []
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        search = SearchScreen(lambda query, dialog: dialog.post_message(SearchScreen.ResultsReady(query, _rows())))
        await app.push_screen(search, chosen.append)
        await press(pilot, "a", "b")
        assert search.results.row_count == 3 and search.results.cursor_row == 0  # the first row is highlighted
        await press(pilot, *keys[:-1])
        highlighted = search.results.cursor_row
        await press(pilot, keys[-1])
    return (chosen[0] if chosen else None), highlighted


async def test_enter_in_the_search_field_opens_the_highlighted_row(workstation):
    assert await _search(workstation, "enter") == (11, 0)


async def test_enter_on_a_row_moved_to_opens_that_row(workstation):
    opened, highlighted = await _search(workstation, "down", "down", "enter")
    assert highlighted > 0 and opened == 11 + highlighted
