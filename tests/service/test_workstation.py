"""The workstation's use cases against a real SQLite file: what each writes, and what it refuses."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from agent_tui.domain.records import Outcome, PromiseStatus, Stage
from agent_tui.service.dialer import Dialer
from agent_tui.service.errors import CaseRefused
from agent_tui.service.views import NoteDraft
from agent_tui.service.workstation import Workstation
from agent_tui.store.audit import verify_chain
from agent_tui.store.models import Account, AuditEvent, CallAttempt, CallNote, Debtor, Draft, Promise

from .desk import NOW, desk_config, trail, verified_call


def actions() -> list[str]:
    """The audit trail's actions about the call (claims are tested in tests/service/test_claims.py)."""
    claims = ("case_claimed", "case_released")
    return [e.action for e in trail() if e.action not in claims]


def test_the_queue_follows_the_conduct_rules_with_a_badge_for_each_case(station, desk):
    rows = station.queue()
    assert [(r.account_id, r.reason) for r in rows] == [
        (desk.promise_due, "promise_due"),
        (desk.broken, "broken_promise"),
        (desk.wrong_figures, "new"),
        (desk.asleep, "not_now"),
    ]
    asleep = rows[-1]
    assert asleep.next_time.hour == 8 and asleep.next_time.tzinfo.key == "America/New_York"
    assert asleep.local_time.hour == 2  # 06:00 UTC in New York (daylight saving time since 9 March)
    assert desk.held not in [r.account_id for r in rows]  # another agent holds it


def test_next_case_claims_the_top_case_and_shows_its_figures(station, desk):
    case = station.next_case()
    assert case.account_id == desk.promise_due
    account = Account.get_by_id(desk.promise_due)
    assert account.claimed_by.code == desk.agent and account.lease_until > NOW
    assert case.debt.total.minor == sum(x.minor for x in (case.debt.principal, case.debt.interest,
                                                          case.debt.penalty, case.debt.fees))
    assert case.ledger.ok and case.offers and case.compliance.dial_allowed
    assert case.debtor.national_id_masked.endswith("0001") and "1985" not in case.debtor.national_id_masked
    assert all(c.masked[-4:] == "0001" and "*" in c.masked for c in case.contacts)
    assert case.step == "greet" and [s.state for s in case.checklist][:2] == ["done", "current"]
    assert {s.id for s in case.script} == {"first_call", "listening", "offers", "objections"}


def test_wrong_creditor_figures_are_marked_with_their_calculation(station, desk):
    case = station.open_case(desk.wrong_figures)
    assert not case.ledger.ok
    assert case.ledger.discrepancies
    assert any(line.key.startswith("ledger.") for line in case.ledger.discrepancies)


def test_a_case_held_by_another_agent_is_refused(station, desk):
    with pytest.raises(CaseRefused) as refused:
        station.open_case(desk.held)
    assert refused.value.msg.key == "workstation.refused.taken"


def test_a_refused_dial_names_the_rule_and_the_next_time_and_dials_nothing(station, desk):
    station.open_case(desk.asleep)
    result = station.dial(desk.asleep)
    assert not result.allowed
    assert result.rule_id == "cn.calling-window" and result.citation
    assert result.next_allowed_at.astimezone(result.next_allowed_at.tzinfo).hour in (12,)  # 08:00 EDT in UTC
    assert result.reason.key == "compliance.reason.calling_window"
    assert CallAttempt.select().count() == 0
    assert actions() == ["call_refused"]


def test_a_whole_first_call_is_written_in_one_go(station, desk):
    case = station.next_case()
    dialled = station.dial(case.account_id)
    assert dialled.allowed and dialled.state.call.dial_by_hand == "13800130001"
    attempt = CallAttempt.get()
    assert attempt.outcome is None and attempt.number.endswith("0001") and "*" in attempt.number
    state = station.verify_identity(case.account_id, ("birth_date", "national_id_last4"))
    assert state.call.identity_verified and state.step == "purpose"
    assert station.mark_step(case.account_id, "listen").step == "listen"
    assert station.mark_step(case.account_id, "offer").step == "offer"
    offer = case.offers[1]
    assert station.pick_offer(case.account_id, offer.index).step == "agree"
    station.end_call(case.account_id)
    first = offer.payments[0]
    draft = NoteDraft(
        outcome="promise_to_pay",
        attitude="cooperative",
        hardship="business",
        capacity="1000",
        offer=str(offer.index),
        response="accepted",
        promise_amount=f"{first[1] / 100:.2f}",
        promise_date=first[0].isoformat(),
        next_action="follow_up_promise",
        next_action_at=(first[0] + timedelta(days=1)).isoformat() + " 10:00",
        text="Shop had a slow winter; pays from the 17th.",
    )
    assert station.check_note(case.account_id, draft) == []
    result = station.save_note(case.account_id, draft)
    assert result.saved, result.problems
    note = CallNote.get_by_id(result.note_id)
    assert note.outcome == Outcome.PROMISE_TO_PAY and note.attempt_id == attempt.id
    assert note.checklist["path"] == "right_party" and "record" in note.checklist["done"]
    attempt = CallAttempt.get_by_id(attempt.id)
    assert attempt.outcome == Outcome.PROMISE_TO_PAY and attempt.right_party and attempt.ended_at == NOW
    promise = Promise.get_by_id(result.promise_id)
    assert (promise.amount, promise.due, promise.status) == (first[1], first[0], PromiseStatus.OPEN)
    account = Account.get_by_id(case.account_id)
    assert account.stage == Stage.PROMISED and account.next_action == "follow_up_promise"
    assert account.claimed_by is None
    assert Draft.select().count() == 0
    # The promise and the plan accepted on the call are each on record, not only inside the call's event;
    # the promise due today that the call was about gives way to them, on record too; so does the stage the
    # case moved to, with before and after.
    assert actions() == [
        "call_dialled", "identity_verified", "note_saved", "promise_made", "plan_made", "promise_superseded",
        "state_recorded", "call_recorded",
    ]
    assert verify_chain().intact
    assert result.next_case is not None and result.next_case.account_id != case.account_id


def test_a_conversation_cannot_be_saved_before_identity_is_verified(station, desk):
    station.open_case(desk.promise_due)
    draft = NoteDraft(outcome="right_party", text="Spoke to someone")
    assert station.save_note(desk.promise_due, draft).problems[0].reason.key == "callnote.problem.call_not_dialled"
    station.dial(desk.promise_due)
    result = station.save_note(desk.promise_due, draft)
    assert not result.saved
    assert [(p.field, p.reason.key) for p in result.problems] == [("outcome", "checklist.save.missing")]
    assert CallNote.select().count() == 0
    assert CallAttempt.get().outcome is None  # nothing half-written


def test_a_third_party_call_takes_a_message_and_discloses_nothing(station, desk):
    station.open_case(desk.broken)
    station.dial(desk.broken)
    state = station.identity_failed(desk.broken)
    assert state.call.third_party and state.step == "third_party"
    assert [s.id for s in state.checklist] == ["prepare", "greet", "verify", "third_party", "record"]
    blocked = station.mark_step(desk.broken, "offer")
    assert blocked.blocked is not None and blocked.blocked.key == "checklist.locked.third_party_path"
    refused = station.save_note(desk.broken, NoteDraft(outcome="promise_to_pay", promise_amount="800",
                                                       promise_date="2025-03-12"))
    assert not refused.saved
    result = station.save_note(desk.broken, NoteDraft(outcome="third_party", next_action="call_back",
                                                      next_action_at="2025-03-11 19:00", text="Wife answered."))
    assert result.saved, result.problems
    note = CallNote.get_by_id(result.note_id)
    assert note.outcome == Outcome.THIRD_PARTY and note.checklist["path"] == "third_party"
    assert not CallAttempt.get().right_party
    assert Account.get_by_id(desk.broken).next_action == "call_back"


def test_a_draft_and_the_call_come_back_after_the_workstation_dies(station, desk, clock):
    station.open_case(desk.promise_due)
    verified_call(station, desk.promise_due)
    station.save_draft(desk.promise_due, NoteDraft(outcome="callback", text="Call me at six"), revision=3)
    # A new workstation on the same database: the old one was killed without saving.
    clock.at = NOW + timedelta(minutes=3)
    again = Workstation(station.db, desk_config(), desk.agent, now=clock, dialer=Dialer(""))
    case = again.open_case(desk.promise_due)
    assert case.draft == NoteDraft(outcome="callback", text="Call me at six")
    assert case.draft_saved_at == NOW
    assert case.call is not None and case.call.started_at == NOW and case.call.identity_verified
    assert case.step == "listen"
    assert again.load_draft(desk.promise_due).text == "Call me at six"


def test_an_older_autosave_does_not_overwrite_a_newer_one(station, desk):
    station.open_case(desk.promise_due)
    station.save_draft(desk.promise_due, NoteDraft(text="newer"), revision=5)
    assert station.save_draft(desk.promise_due, NoteDraft(text="older"), revision=4) is None
    assert station.load_draft(desk.promise_due).text == "newer"


def test_an_amendment_is_a_new_note_pointing_to_the_old_one(station, desk):
    station.open_case(desk.promise_due)
    verified_call(station, desk.promise_due)
    first = station.save_note(desk.promise_due, NoteDraft(outcome="right_party", text="Will call back"))
    station.open_case(desk.promise_due)
    draft = station.start_amendment(desk.promise_due)
    assert draft.amends_id == first.note_id and draft.text == "Will call back"
    fixed = station.save_note(desk.promise_due, NoteDraft(**{**draft.to_dict(), "text": "Will call back Friday"}))
    assert fixed.saved
    old, new = CallNote.get_by_id(first.note_id), CallNote.get_by_id(fixed.note_id)
    assert old.text == "Will call back" and new.amends_id == old.id and new.attempt_id == old.attempt_id
    assert actions()[-1] == "note_amended"
    assert verify_chain().intact


def test_amending_a_promise_cancels_the_old_one_on_record(station, desk):
    """The corrected sum is a new promise with its own event; the old one is cancelled, also on record."""
    case = station.open_case(desk.promise_due)
    verified_call(station, case.account_id)
    station.end_call(case.account_id)
    due = (NOW + timedelta(days=5)).date().isoformat()
    promised = NoteDraft(outcome="promise_to_pay", promise_amount="500", promise_date=due,
                         next_action="follow_up_promise", next_action_at=f"{due} 10:00", text="Pays 500 on the day")
    first = station.save_note(case.account_id, promised)
    assert first.saved, first.problems
    station.open_case(desk.promise_due)
    draft = station.start_amendment(desk.promise_due)
    fixed = station.save_note(desk.promise_due, NoteDraft(**{**draft.to_dict(), "promise_amount": "450",
                                                            "text": "Pays 450 on the day"}))
    assert fixed.saved, fixed.problems
    old, new = Promise.get_by_id(first.promise_id), Promise.get_by_id(fixed.promise_id)
    assert (old.status, new.status, new.amount) == (PromiseStatus.CANCELLED, PromiseStatus.OPEN, 45_000)
    events = [(e.action, e.subject) for e in trail() if e.action.startswith(("promise", "note_amended"))
              and e.subject in (f"promise:{old.id}", f"promise:{new.id}", f"note:{fixed.note_id}")]
    assert events == [("promise_made", f"promise:{old.id}"), ("note_amended", f"note:{fixed.note_id}"),
                      ("promise_cancelled", f"promise:{old.id}"), ("promise_made", f"promise:{new.id}")]
    assert verify_chain().intact


def test_a_call_nobody_answered_rests_before_it_is_offered_again(station, desk, clock):
    """Without a time set for what comes next, the case is "not now" for an hour, then back."""
    case = station.open_case(desk.wrong_figures)
    station.dial(case.account_id)
    station.end_call(case.account_id)
    assert station.save_note(case.account_id, NoteDraft(outcome="no_answer")).saved
    account = Account.get_by_id(desk.wrong_figures)
    assert account.next_action == "" and account.next_action_at == NOW + timedelta(minutes=60)
    row = next(r for r in station.queue() if r.account_id == desk.wrong_figures)
    assert row.reason == "not_now" and row.next_time == (NOW + timedelta(minutes=60)).astimezone(row.next_time.tzinfo)
    taken = [station.next_case().account_id]
    station.leave_case(taken[0])
    assert desk.wrong_figures not in taken
    clock.at = NOW + timedelta(minutes=61)
    row = next(r for r in station.queue() if r.account_id == desk.wrong_figures)
    assert row.reason == "follow_up" and row.next_time is None


def test_a_time_the_agent_sets_wins_over_the_rest(station, desk):
    case = station.open_case(desk.wrong_figures)
    verified_call(station, case.account_id)
    station.end_call(case.account_id)
    later = NOW + timedelta(days=1)
    when = later.astimezone(ZoneInfo(desk_config().time_zone)).strftime("%Y-%m-%d %H:%M")
    draft = NoteDraft(outcome="callback", next_action="call_back", next_action_at=when, text="Call tomorrow")
    assert station.save_note(case.account_id, draft).saved
    assert Account.get_by_id(desk.wrong_figures).next_action_at == later.replace(second=0, microsecond=0)


def test_revealing_the_national_id_is_audited_first(station, desk):
    station.open_case(desk.promise_due)
    full = station.reveal_national_id(desk.promise_due)
    debtor = Debtor.get_by_id(Account.get_by_id(desk.promise_due).debtor_id)
    assert full == debtor.national_id
    event = AuditEvent.select().order_by(AuditEvent.seq.desc()).get()
    assert (event.action, event.actor, event.subject) == ("national_id_revealed", "A001", f"debtor:{debtor.id}")


@pytest.mark.parametrize("text", ["Zhao", "ACC-0002", "138 0013 0002", "6555-0002"])
def test_search_finds_by_name_ref_or_phone_among_the_agents_accounts(station, desk, text):
    found = [r.account_id for r in station.search(text)]
    assert desk.wrong_figures in found
    assert desk.held not in found


def test_a_dispute_stops_the_calls(station, desk):
    station.open_case(desk.promise_due)
    verified_call(station, desk.promise_due)
    result = station.save_note(desk.promise_due, NoteDraft(outcome="dispute", text="Says the fees are wrong"))
    assert result.saved
    assert Account.get_by_id(desk.promise_due).stage == Stage.DISPUTED
    station.open_case(desk.promise_due)
    refused = station.dial(desk.promise_due)
    assert not refused.allowed and refused.rule_id == "cn.dispute" and refused.next_allowed_at is None


def test_an_unknown_agent_is_refused_by_name(station, desk, clock):
    stranger = Workstation(station.db, desk_config(), "Z999", now=clock)
    with pytest.raises(CaseRefused) as refused:
        stranger.agent()
    assert refused.value.msg.params == {"code": "Z999"}


def test_the_policy_window_for_a_promise_uses_the_first_payment_limit(station, desk):
    case = station.open_case(desk.promise_due)
    verified_call(station, desk.promise_due)
    late = date(2025, 3, 10) + timedelta(days=30)
    problems = station.check_note(case.account_id, NoteDraft(outcome="promise_to_pay", promise_amount="500",
                                                              promise_date=late.isoformat()))
    assert [(p.field, p.reason.key) for p in problems] == [("promise_date", "callnote.problem.promise_beyond_policy")]


def test_one_call_one_note_a_second_dial_waits_for_the_first_calls_note(station, desk):
    station.open_case(desk.promise_due)
    station.dial(desk.promise_due)
    with pytest.raises(CaseRefused) as refused:
        station.dial(desk.promise_due)
    assert refused.value.msg.key == "workstation.refused.on_call"
    station.end_call(desk.promise_due)
    with pytest.raises(CaseRefused) as refused:
        station.dial(desk.promise_due)
    assert refused.value.msg.key == "workstation.refused.note_first"
    assert CallAttempt.select().count() == 1


def test_one_identifier_is_not_enough_and_the_agent_is_told_so(station, desk):
    station.open_case(desk.promise_due)
    station.dial(desk.promise_due)
    state = station.verify_identity(desk.promise_due, ("employer",))
    assert not state.call.identity_verified
    assert state.blocked.key == "checklist.locked.verify_by_identifiers"
    assert station.verify_identity(desk.promise_due, ("birth_date",)).call.identity_verified


def test_working_the_case_keeps_the_lease(station, desk, clock):
    station.open_case(desk.promise_due)
    clock.at = NOW + timedelta(minutes=14)
    station.dial(desk.promise_due)
    clock.at = NOW + timedelta(minutes=28)
    station.save_draft(desk.promise_due, NoteDraft(text="still talking"), revision=1)
    assert Account.get_by_id(desk.promise_due).lease_until == NOW + timedelta(minutes=28 + 15)


def test_an_autosave_arriving_after_the_note_does_not_bring_the_draft_back(station, desk):
    station.open_case(desk.promise_due)
    verified_call(station, desk.promise_due)
    assert station.save_note(desk.promise_due, NoteDraft(outcome="right_party"), revision=7).saved
    assert station.save_draft(desk.promise_due, NoteDraft(outcome="right_party"), revision=7) is None
    assert Draft.select().where(Draft.account == desk.promise_due).count() == 0
    station.open_case(desk.promise_due)  # typing again later on the same case is kept
    assert station.save_draft(desk.promise_due, NoteDraft(text="later"), revision=8) is not None
