"""What the agent hears changes the offers: hardship and "can pay a month" typed in the form size them at once."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from agent_tui.domain.money import Amount, plain
from agent_tui.i18n import t
from agent_tui.service.note_check import HARDSHIPS
from agent_tui.ui.workstation.desk import DeskScreen

from .agent import choose, press, settle, type_text


def _offer_rows(screen: DeskScreen) -> list[str]:
    listed = screen.script.offer_list
    return [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
async def test_a_stated_capacity_and_hardship_size_the_offers_the_list_and_the_words(workstation, lang):
    app, _ = workstation(lang)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DeskScreen)
        await press(pilot, "f2", "f3", "f4", "space", "down", "space", "enter")
        case = screen.case
        balance = case.debt.total.minor
        before = _offer_rows(screen)
        assert not any(o.kind == "settlement" for o in case.offers)  # no hardship heard yet

        # The debtor lost their job and can pay about a fifth of the balance a month.
        capacity = -(-balance // 5) + 100
        await press(pilot, "f6")
        screen.note.query_one("#field-hardship").focus()
        await settle(pilot)
        await choose(pilot, list(HARDSHIPS), "job_loss")
        # Hardship alone: a settlement, as the policy allows one in hardship, and the line above says why.
        assert screen.case.hardship and any(o.kind == "settlement" for o in screen.case.offers)
        assert _offer_rows(screen)[0] == t("workstation.offer.sized_hardship")
        screen.note.query_one("#field-capacity").focus()
        await settle(pilot)
        await type_text(pilot, plain(capacity, case.currency).replace(",", ""))
        await press(pilot, "f8")

        heard = screen.case
        assert heard.capacity == Amount(capacity, case.currency) and heard.hardship
        best = heard.offers[0]
        assert best.kind == "instalments" and len(best.payments) == 5  # sized to what they can pay
        assert all(amount <= capacity for _, amount in best.payments)
        assert sum(amount for _, amount in best.payments) == balance
        rows = _offer_rows(screen)
        assert rows != before and capacity_words(capacity, case.currency, lang) in rows[0]
        assert screen.script.offer_list.highlighted == 1  # the cursor on the first offer, not the line above

        # The words quote the new first offer: its instalment, not the whole balance.
        words = str(screen.script.query_one("#words-first_call", Static).content)
        assert Amount(best.payments[0][1], case.currency).localize(lang) in words

        # The form's offer list is the new one too, and the offer picked from it is saved with its lines.
        await press(pilot, "enter")
        draft = screen.note.draft()
        assert draft.offer == "1" and draft.promise_amount.replace(",", "") == plain(best.payments[0][1]).replace(
            ",", "")


def capacity_words(capacity: int, currency: str, lang: str) -> str:
    return Amount(capacity, currency).localize(lang)


async def test_a_capacity_that_is_not_an_amount_is_named_and_leaves_the_offers(workstation):
    app, _ = workstation("en")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = app.screen
        await press(pilot, "f2")
        offers = screen.case.offers
        screen.note.query_one("#field-capacity").focus()
        await settle(pilot)
        await type_text(pilot, "12x")
        assert screen.case.offers == offers and screen.case.capacity is None
        assert "capacity" in screen.note.problem_fields
        problems = str(screen.note.query_one("#note-problems", Static).content)
        assert "Can pay a month" in problems
