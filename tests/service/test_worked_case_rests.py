"""A worked case rests: a promise or plan keeps it out of "next case" until its day, replacing the older
promise on record; a call that reached nobody rests ``queue.rest_minutes``; nothing owed is closed."""

from __future__ import annotations

from datetime import timedelta

from agent_tui.domain.records import PromiseStatus, Stage
from agent_tui.service.case_report import case_file_text, load_case_file
from agent_tui.service.views import NoteDraft
from agent_tui.store.models import Account, Payment, Promise
from agent_tui.store.team_figures import team_figures

from .desk import NOW, desk_config, verified_call


def taken_by_f2(station, clock, times: int = 6) -> list[int]:
    """The cases "next case" hands out one after the other (each left at once)."""
    taken = []
    for _ in range(times):
        case = station.next_case()
        if case is None:
            break
        taken.append(case.account_id)
        station.leave_case(case.account_id)
    return taken


def promise_on_the_due_case(station, desk, ahead: int = 5):
    """A right-party call on the case whose promise falls due today: a new promise, no time set."""
    case = station.open_case(desk.promise_due)
    verified_call(station, case.account_id)
    station.end_call(case.account_id)
    due = (NOW + timedelta(days=ahead)).date()
    result = station.save_note(case.account_id, NoteDraft(
        outcome="promise_to_pay", promise_amount="500", promise_date=due.isoformat(), text="Pays 500 then."))
    assert result.saved, result.problems
    return result, due


def test_a_saved_promise_keeps_the_case_away_until_its_day(station, desk, clock):
    old = Promise.get((Promise.account == desk.promise_due) & (Promise.status == PromiseStatus.OPEN))
    result, due = promise_on_the_due_case(station, desk)
    assert result.next_case is None or result.next_case.account_id != desk.promise_due
    if result.next_case is not None:
        station.leave_case(result.next_case.account_id)
    # Both promises stay on record; the one due today gave way and is neither due nor broken.
    old, new = Promise.get_by_id(old.id), Promise.get_by_id(result.promise_id)
    assert (old.status, new.status) == (PromiseStatus.SUPERSEDED, PromiseStatus.OPEN)
    assert Promise.select().where((Promise.account == desk.promise_due)
                                  & (Promise.status == PromiseStatus.OPEN)).count() == 1
    for hours in (0, 2, 24 * 3):  # past the rest, and days later: still not before the promise's day
        clock.at = NOW + timedelta(hours=hours)
        assert desk.promise_due not in taken_by_f2(station, clock)
        row = next(r for r in station.queue() if r.account_id == desk.promise_due)
        assert row.reason == "not_now" and row.next_time.date() == due
    clock.at = NOW + timedelta(days=5, hours=2)  # 16:00 in Shanghai on the day: the promise is due
    row = next(r for r in station.queue() if r.account_id == desk.promise_due)
    assert row.reason == "promise_due"


def test_a_plan_supersedes_the_older_open_promise_and_it_is_not_counted_broken(station, desk):
    old = Promise.get((Promise.account == desk.promise_due) & (Promise.status == PromiseStatus.OPEN))
    case = station.open_case(desk.promise_due)
    verified_call(station, case.account_id)
    station.mark_step(case.account_id, "offer")
    offer = max(case.offers, key=lambda o: len(o.payments))
    station.pick_offer(case.account_id, offer.index)
    station.end_call(case.account_id)
    result = station.save_note(case.account_id, NoteDraft(
        outcome="right_party", offer=str(offer.index), response="accepted", text="Takes the plan."))
    assert result.saved, result.problems
    assert result.promise_id is None
    assert Promise.get_by_id(old.id).status == PromiseStatus.SUPERSEDED
    assert Account.get_by_id(desk.promise_due).stage == Stage.PROMISED
    rows = station.queue()
    assert next(r for r in rows if r.account_id == desk.promise_due).reason == "not_now"
    figures = team_figures([NOW - timedelta(days=30), NOW + timedelta(days=1)])
    assert sum(slot.broken for slot in figures.values()) == 1  # the desk's own broken promise, not this one
    assert sum(slot.kept for slot in figures.values()) == 0


def test_a_no_answer_and_a_third_party_call_rest_even_with_a_promise_due(station, desk, clock):
    """The promise due today brought the case; a call that reached nobody still rests it an hour."""
    rest = timedelta(minutes=desk_config().queue.rest_minutes)
    case = station.open_case(desk.promise_due)
    station.dial(case.account_id)
    station.end_call(case.account_id)
    assert station.save_note(case.account_id, NoteDraft(outcome="no_answer")).saved
    assert Promise.get(Promise.account == desk.promise_due).status == PromiseStatus.OPEN  # nothing replaced it
    assert desk.promise_due not in taken_by_f2(station, clock)
    row = next(r for r in station.queue() if r.account_id == desk.promise_due)
    assert row.reason == "not_now" and row.next_time == (NOW + rest).astimezone(row.next_time.tzinfo)
    told = load_case_file(Account.get_by_id(desk.promise_due).ref, NOW.date(), NOW, desk_config())
    assert told.queue.resting_until == NOW + rest
    assert sum("Rests until" in line for line in case_file_text(told, "en")) == 1

    station.open_case(desk.broken)
    station.dial(desk.broken)
    station.identity_failed(desk.broken)
    assert station.save_note(desk.broken, NoteDraft(outcome="third_party", text="Wife answered.")).saved
    assert Account.get_by_id(desk.broken).next_action_at == NOW + rest
    assert desk.broken not in taken_by_f2(station, clock)
    clock.at = NOW + rest + timedelta(minutes=1)
    reasons = {r.account_id: r.reason for r in station.queue()}
    assert reasons[desk.promise_due] == "promise_due" and reasons[desk.broken] == "broken_promise"


def test_nothing_owed_is_closed_in_no_queue_and_case_says_so_once(station, desk):
    Account.update(balance=0).where(Account.id == desk.wrong_figures).execute()
    assert desk.wrong_figures not in [r.account_id for r in station.queue()]
    assert desk.wrong_figures not in [r.account_id for r in station.search(
        Account.get_by_id(desk.wrong_figures).ref)]
    # Paid off while the case was on the screen: its note closes it (guide stage 6).
    case = station.open_case(desk.promise_due)
    station.dial(case.account_id)
    station.end_call(case.account_id)
    Account.update(balance=0).where(Account.id == desk.promise_due).execute()
    assert station.save_note(case.account_id, NoteDraft(outcome="no_answer")).saved
    assert Account.get_by_id(desk.promise_due).stage == Stage.CLOSED


def test_case_says_closed_nothing_owed_once(station, desk):
    ref = Account.get_by_id(desk.wrong_figures).ref
    config = desk_config()
    paid = Account.get_by_id(desk.wrong_figures)
    Payment.create(account=paid.id, paid_at=NOW - timedelta(days=1), amount=10**10, reference="PAID-OFF")
    case = load_case_file(ref, NOW.date(), NOW, config)
    text = "\n".join(case_file_text(case, "en"))
    assert case.figures.owed.total == 0
    assert case.queue.group.value == "closed"
    assert text.count("othing owed") == 1 and "Nothing is owed." not in text
