"""A note with its case: profile, ledger check, checklist and score, the account's other notes, amendments."""

from __future__ import annotations

from agent_tui.domain.checklist import Step
from agent_tui.service.review import checklist_view
from agent_tui.service.review_masking import mask_text

from .floor import checklist


def test_the_note_comes_with_its_case(review, floor_url):
    _, floor = floor_url
    note = next(n for n in floor.notes if n.outcome.is_conversation and n.checklist)
    detail = review.note(note.id)
    assert detail.note.id == note.id and detail.note.text == mask_text(note.text)
    assert detail.debtor.name == note.account.debtor.name
    assert detail.account.ref == note.account.ref
    number = note.account.debtor.contact_points[0].value
    assert detail.contacts == ("*" * (len(number) - 4) + number[-4:],)  # masked: the review reveals nothing
    assert detail.attempt.number == "*******0000"
    assert detail.figures is not None and detail.figures.as_of == review.today()
    assert detail.figures.check.checked == ("principal",)


def test_earlier_and_later_notes_of_the_account(review, floor_url):
    _, floor = floor_url
    account = floor.accounts[1]
    on_account = sorted((n for n in floor.notes if n.account_id == account.id), key=lambda n: (n.created_at, n.id))
    middle = on_account[2]
    detail = review.note(middle.id)
    assert [e.id for e in detail.earlier] == [n.id for n in on_account[:2]]
    assert [e.id for e in detail.later] == [n.id for n in on_account[3:]]
    assert all(e.id != middle.id for e in (*detail.earlier, *detail.later))


def test_amendments_both_ways(review, floor_url):
    _, floor = floor_url
    original, amendment = floor.notes[0], floor.notes[-1]
    assert [e.id for e in review.note(original.id).amendments] == [amendment.id]
    assert review.note(amendment.id).amends.id == original.id
    assert review.note(amendment.id).amendments == ()


def test_checklist_steps_and_score_as_recorded(review, floor_url):
    _, floor = floor_url
    note = next(n for n in floor.notes if n.checklist and n.checklist.get("score") == checklist("record")["score"])
    view = review.note(note.id).checklist
    assert view.score == note.checklist["score"]
    assert all(done for _, done in view.steps)
    partial = checklist_view(checklist("greet"), "right_party")
    done = {step for step, ok in partial.steps if ok}
    assert done == {Step.PREPARE, Step.GREET} and partial.score < view.score


def test_a_note_without_or_with_a_broken_checklist_still_opens():
    assert checklist_view({}, "no_answer").problem.key == "review.detail.no_checklist"
    assert checklist_view({"version": 99}, "no_answer").problem.key == "checklist.error.stored"


def test_flags_are_there_for_the_lead(review, floor_url):
    _, floor = floor_url
    note = next(n for n in floor.notes if n.lint_flags)
    detail = review.note(note.id)
    assert detail.note.flagged and detail.note.lint_flags[0].category == "threat"


def test_an_unknown_note_is_none(review):
    assert review.note(10**9) is None


def test_the_promise_the_note_took_is_listed(review, floor_url):
    _, floor = floor_url
    promise = floor.promises[0]
    detail = review.note(promise.note_id)
    assert (promise.id, promise.amount) in [(p.id, p.amount) for p in detail.promises]


def test_the_lead_sees_a_failed_verification_and_steps_not_reached_as_such():
    from agent_tui.domain.checklist import Checklist

    third = Checklist.start().see("profile").see("ledger").complete(Step.GREET).fail_verification()
    view = checklist_view({**third.complete(Step.RECORD).to_dict(), "score": 80}, "third_party")
    marks = dict(view.marks)
    assert marks[Step.VERIFY] == "failed" and dict(view.steps)[Step.VERIFY] is False
    assert marks[Step.THIRD_PARTY] == "missed" and marks[Step.RECORD] == "done"
    hung_up = Checklist.start().see("profile").see("ledger").complete(Step.GREET).complete(Step.RECORD)
    marks = dict(checklist_view(hung_up.to_dict(), "hung_up").marks)
    assert marks[Step.GREET] == "done" and marks[Step.PURPOSE] == "skipped"
