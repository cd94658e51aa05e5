"""What the call record says is what happened: the third-party path keeps the debt out of the note,
the checklist ticks only what was done, a hang-up is recorded as one, and flagged wording is asked
about before it is saved."""

from __future__ import annotations

from agent_tui.domain.records import Outcome, PromiseStatus
from agent_tui.i18n import render
from agent_tui.service.views import NoteDraft
from agent_tui.store.models import AuditEvent, CallNote, Plan, Promise

from .desk import verified_call


def marks(state) -> dict[str, str]:
    return {s.id: s.state for s in state.checklist}


def test_on_the_third_party_path_verify_is_not_ticked_and_no_offer_is_taken(station, desk):
    case = station.open_case(desk.broken)
    station.dial(desk.broken)
    state = station.identity_failed(desk.broken)
    assert marks(state)["verify"] == "failed"
    assert set(state.call.outcomes) == {"third_party", "wrong_number", "hung_up"}
    picked = station.pick_offer(desk.broken, case.offers[0].index)
    assert picked.blocked is not None and picked.blocked.key == "checklist.locked.third_party_path"
    assert station.state.session.offer is None
    problems = station.check_note(desk.broken, NoteDraft(outcome="third_party", offer=str(case.offers[0].index)))
    assert ("offer", "callnote.problem.offer_third_party") in [(p.field, p.reason.key) for p in problems]
    refused = station.save_note(desk.broken, NoteDraft(outcome="refused", text="x"))
    assert not refused.saved
    assert refused.problems[0].reason.key == "checklist.save.not_verified"
    wrong = station.save_note(desk.broken, NoteDraft(outcome="no_answer"))
    assert wrong.problems[0].reason.key == "checklist.save.unfitting.third_party"


def test_a_third_party_note_that_speaks_of_the_debt_is_held_back_then_saved_flagged(station, desk):
    station.open_case(desk.broken)
    station.dial(desk.broken)
    station.identity_failed(desk.broken)
    station.choose_outcome(desk.broken, "third_party")
    draft = NoteDraft(outcome="third_party", text="Told his wife he owes 1,250.00 and is overdue.")
    held = station.save_note(desk.broken, draft)
    assert not held.saved and not held.problems and held.flags
    assert any("third party" in render(flag, "en") for flag in held.flags)
    assert any("第三方" in render(flag, "zh-CN") for flag in held.flags)
    assert CallNote.select().count() == 0
    saved = station.save_note(desk.broken, draft, warned=True)
    assert saved.saved
    note = CallNote.get_by_id(saved.note_id)
    assert {f["category"] for f in note.lint_flags} == {"disclosure"}
    assert note.checklist["score"] == 100  # the steps were followed; the flag is what the lead looks at


def test_the_same_words_with_the_verified_debtor_save_without_asking(station, desk):
    station.open_case(desk.broken)
    verified_call(station, desk.broken)
    result = station.save_note(desk.broken, NoteDraft(outcome="refused", text="Says he owes 1,250.00 but cannot pay."))
    assert result.saved and CallNote.get_by_id(result.note_id).lint_flags == []


def test_offer_and_agree_are_not_ticked_when_no_offer_was_made(station, desk):
    station.open_case(desk.broken)
    verified_call(station, desk.broken)
    state = station.mark_step(desk.broken, "record")  # the next action was chosen
    assert marks(state)["offer"] == "skipped" and marks(state)["agree"] == "skipped"
    assert marks(state)["listen"] == "done" and state.step == "record"
    result = station.save_note(desk.broken, NoteDraft(outcome="callback", next_action="call_back",
                                                      next_action_at="2025-03-11 19:00", text="Busy, call later."))
    assert result.saved, result.problems
    checklist = CallNote.get_by_id(result.note_id).checklist
    assert "offer" not in checklist["done"] and checklist["passed"] == ["offer", "agree"]
    assert checklist["score"] < 100


def test_a_debtor_who_hangs_up_after_verification_is_recorded_honestly(station, desk):
    station.open_case(desk.broken)
    station.dial(desk.broken)
    station.verify_identity(desk.broken, ("birth_date", "national_id_last4"))
    state = station.choose_outcome(desk.broken, "hung_up")
    assert marks(state)["verify"] == "done" and marks(state)["purpose"] == "skipped"
    assert state.step == "purpose" and marks(state)["record"] == "current"
    result = station.save_note(desk.broken, NoteDraft(outcome="hung_up", text="Hung up after the ID check."))
    assert result.saved, result.problems
    note = CallNote.get_by_id(result.note_id)
    assert note.outcome == Outcome.HUNG_UP and note.checklist["score"] == 100


def test_a_promise_on_an_offer_that_needs_approval_is_saved_pending_and_makes_no_plan_yet(station, desk):
    case = station.open_case(desk.broken)
    offer = next(o for o in case.offers if o.needs_approval)
    verified_call(station, desk.broken)
    station.pick_offer(desk.broken, offer.index)
    due, amount = offer.payments[0]
    result = station.save_note(desk.broken, NoteDraft(
        outcome="promise_to_pay", offer=str(offer.index), response="accepted",
        promise_amount=f"{amount / 100:.2f}", promise_date=due.isoformat(), text="Twelve months asked."))
    assert result.saved, result.problems
    assert result.pending_approval
    promise = Promise.get_by_id(result.promise_id)
    assert promise.status == PromiseStatus.PENDING_APPROVAL
    assert Plan.select().count() == 0  # the plan waits for the lead; the note keeps its lines
    note = CallNote.get_by_id(result.note_id)
    assert note.offer["needs_approval"] and len(note.offer["lines"]) == len(offer.payments)
    event = AuditEvent.get(AuditEvent.subject == f"promise:{promise.id}")
    assert event.payload["status"] == "pending_approval"
    # The agent sees it pending in the case's promise list.
    again = station.open_case(desk.broken)
    assert again.promises[0].status == "pending_approval"
