"""The service behind the floor's keys: the numbers F3 offers, dialling the one chosen, my callbacks today,
and an amendment that keeps its offer."""

from __future__ import annotations

from datetime import timedelta

from agent_tui.service.views import NoteDraft
from agent_tui.store.models import Account, CallAttempt

from .desk import verified_call


def test_the_numbers_come_primary_first_each_with_the_rules_verdict(station, desk):
    station.open_case(desk.promise_due)
    numbers = station.numbers(desk.promise_due)
    assert [(n.kind, n.primary, n.allowed) for n in numbers] == [("mobile", True, True), ("work", False, True)]
    assert all(n.masked.endswith(n.masked[-4:]) and "*" in n.masked for n in numbers)

    station.open_case(desk.asleep)  # 01:00 on the debtor's clock
    refused = station.numbers(desk.asleep)
    assert refused and not any(n.allowed for n in refused)
    assert all(n.reason is not None and n.rule_id for n in refused)


def test_dialling_the_number_chosen(station, desk):
    station.open_case(desk.promise_due)
    work = station.numbers(desk.promise_due)[1]
    result = station.dial(desk.promise_due, work.contact_id)
    assert result.allowed
    assert CallAttempt.get(CallAttempt.account == desk.promise_due).contact_point_id == work.contact_id


def _callback(station, account_id: int, when: str) -> None:
    station.open_case(account_id)
    verified_call(station, account_id)
    result = station.save_note(account_id, NoteDraft(outcome="callback", next_action="call_back",
                                                     next_action_at=when))
    assert result.saved, result.problems


def test_my_callbacks_today_are_those_due_today_on_the_debtors_clock(station, desk, clock):
    # 14:00 in Shanghai: one callback this evening, one tomorrow morning.
    _callback(station, desk.promise_due, "2025-03-10 18:00")
    _callback(station, desk.broken, "2025-03-11 09:30")
    rows = station.callbacks_today()
    assert [(r.account_id, r.at.isoformat()) for r in rows] == [(desk.promise_due, "2025-03-10T10:00:00+00:00")]

    clock.at += timedelta(days=1)  # the next day: this morning's is today's, last evening's is gone
    assert [r.account_id for r in station.callbacks_today()] == [desk.broken]


def test_a_callback_a_later_note_changed_is_not_listed(station, desk):
    _callback(station, desk.promise_due, "2025-03-10 18:00")
    Account.update(next_action="", next_action_at=None).where(Account.id == desk.promise_due).execute()
    assert station.callbacks_today() == []


def test_an_amendment_keeps_the_offer_of_the_note_it_corrects(station, desk):
    case = station.open_case(desk.promise_due)
    verified_call(station, desk.promise_due)
    offer = case.offers[0]
    due, amount = offer.payments[0]
    station.pick_offer(desk.promise_due, offer.index)
    result = station.save_note(desk.promise_due, NoteDraft(
        outcome="promise_to_pay", offer=str(offer.index), response="accepted",
        promise_amount=f"{amount // 100}.{amount % 100:02d}", promise_date=due.isoformat()))
    assert result.saved, result.problems
    station.open_case(desk.promise_due)
    draft = station.start_amendment(desk.promise_due)
    assert (draft.offer, draft.amends_id) == (str(offer.index), result.note_id)
