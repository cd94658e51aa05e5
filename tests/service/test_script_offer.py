"""The script reads the offer picked: "agree" and the steps after it quote its figures, in both languages."""

from __future__ import annotations

from datetime import date

import pytest

from agent_tui.domain.compliance import profile_for
from agent_tui.domain.money import Amount
from agent_tui.domain.offers import compute_offers
from agent_tui.domain.policy import OfferPolicy
from agent_tui.domain.scripts import spoken_date
from agent_tui.i18n import set_language
from agent_tui.service.script_text import ScriptBook

from .desk import desk_config

BALANCE = 1234550
CASE = {"debtor_name": "Wang Fang", "agent": "Chen Jie", "creditor": "Huaxia Consumer Finance",
        "amount": Amount(BALANCE), "days_past_due": 45, "due_date": date(2026, 1, 25)}


def _line(sections, tab: str, step: str) -> str:
    section = next(s for s in sections if s.id == tab)
    return next(line.text for line in section.lines if line.step == step)


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_a_picked_plan_is_what_agree_and_record_quote(lang):
    set_language(lang)
    config = desk_config(lang)
    book = ScriptBook(config, profile_for(config.compliance))
    offers = compute_offers(BALANCE, date(2026, 3, 10), OfferPolicy()).offers
    plan = max(offers, key=lambda o: o.count)
    index = offers.index(plan) + 1
    assert offers[0] is not plan and plan.count > 2
    first, last = plan.lines[0], plan.lines[-1]
    shown = {
        "count": str(plan.count),
        "instalment": Amount(first.amount).localize(lang),
        "first date": spoken_date(first.due, lang),
        "last": Amount(last.amount).localize(lang),
        "last date": spoken_date(last.due, lang),
    }
    for sections in (book.sections(CASE, offers, picked=index), book.by_offer(CASE, offers)[index - 1]):
        agree = _line(sections, "first_call", "agree")
        assert {name: value in agree for name, value in shown.items()} == dict.fromkeys(shown, True), agree
        assert Amount(BALANCE).localize(lang) not in agree
        record = _line(sections, "first_call", "record")
        assert shown["instalment"] in record and shown["first date"] in record
        # The offers tab reads the plan picked, not the shortest plan.
        assert shown["instalment"] in _line(sections, "offers", "offer")
    set_language("en")


def test_without_a_pick_agree_quotes_the_best_offer_and_each_kind_has_its_words():
    config = desk_config("en")
    book = ScriptBook(config, profile_for(config.compliance))
    offers = compute_offers(BALANCE, date(2026, 3, 10), OfferPolicy(), hardship=True).offers
    offers += compute_offers(BALANCE, date(2026, 3, 10), OfferPolicy()).offers
    best = _line(book.sections(CASE, offers), "first_call", "agree")
    assert best == _line(book.sections(CASE, offers, picked=1), "first_call", "agree")
    for offer, sections in zip(offers, book.by_offer(CASE, offers), strict=True):
        agree = _line(sections, "first_call", "agree")
        assert "{" not in agree and "—" not in agree
        if offer.kind == "settlement":
            assert Amount(offer.total).localize("en") in agree and "full settlement" in agree
        elif offer.kind == "extension":
            assert f"{offer.extension_days} days" in agree
        elif offer.kind == "full":
            assert Amount(BALANCE).localize("en") in agree


def test_the_case_carries_the_words_for_each_offer_and_a_pick_is_kept(station, desk):
    case = station.open_case(desk.promise_due)
    assert len(case.offer_scripts) == len(case.offers)
    plan = max(case.offers, key=lambda o: len(o.payments))
    _, amount = plan.payments[0]
    agree = _line(case.script_for(plan.index), "first_call", "agree")
    assert f"in {len(plan.payments)} instalments" in agree and Amount(amount, case.currency).localize("en") in agree
    assert case.debt.total.localize("en") not in agree
    station.dial(case.account_id)
    station.verify_identity(case.account_id, ("birth_date", "national_id_last4"))
    station.pick_offer(case.account_id, plan.index)
    again = station.open_case(case.account_id)
    assert _line(again.script, "first_call", "agree") == agree
