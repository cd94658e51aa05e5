"""The first-call checklist: disclosure only after verification, a third-party path, a score."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent_tui.domain.checklist import (
    DISCLOSURE_STEPS,
    IDENTIFIERS,
    STEPS,
    CallPath,
    Checklist,
    ChecklistError,
    Mark,
    Step,
    fitting_outcomes,
    third_party_may_hear,
)
from agent_tui.domain.records import Outcome
from agent_tui.i18n import LANGUAGES, render


def prepared(profile: str = "cn") -> Checklist:
    return Checklist.start(profile).see("profile").see("ledger").complete(Step.GREET)


def verified(profile: str = "cn") -> Checklist:
    return prepared(profile).confirm("birth_date").confirm("national_id_last4")


def test_the_whole_first_call_in_order_scores_full_marks():
    checklist = Checklist.start("cn")
    assert checklist.current == Step.PREPARE and checklist.score() == 0
    checklist = checklist.see("profile")
    assert Step.PREPARE not in checklist.done
    checklist = checklist.see("ledger").complete("greet")
    assert checklist.current == Step.VERIFY
    checklist = checklist.confirm("birth_date").confirm("employer")
    assert checklist.path == CallPath.RIGHT_PARTY and checklist.current == Step.PURPOSE
    for step in (Step.PURPOSE, Step.LISTEN, Step.OFFER, Step.AGREE):
        checklist = checklist.complete(step)
    assert checklist.can_save(Outcome.PROMISE_TO_PAY) == (True, None)
    checklist = checklist.complete(Step.RECORD)
    assert checklist.current is None and checklist.score(Outcome.PROMISE_TO_PAY) == 100


@pytest.mark.parametrize("step", sorted(DISCLOSURE_STEPS))
def test_disclosure_steps_are_locked_until_identity_is_verified(step):
    checklist = prepared().confirm("birth_date")  # one identifier is not enough
    assert step in checklist.locked_steps
    with pytest.raises(ChecklistError) as caught:
        checklist.complete(step)
    reason = render(caught.value.msg, "en")
    if step == Step.PURPOSE:
        assert caught.value.msg.key == "checklist.locked.verify_first"
        assert "cn.third-party-disclosure" in reason
    unlocked = verified()
    if step == Step.PURPOSE:
        assert unlocked.locked(step) is None
    else:  # verified, but the debt has not been stated yet
        assert unlocked.locked(step).key == "checklist.locked.after"
        assert unlocked.complete(Step.PURPOSE).locked(step) is None


def test_the_same_identifier_twice_does_not_verify():
    checklist = prepared().confirm("birth_date").confirm("birth_date")
    assert checklist.path == CallPath.UNDECIDED and Step.VERIFY not in checklist.done


def test_verification_comes_after_greeting_and_only_by_identifiers():
    with pytest.raises(ChecklistError) as caught:
        Checklist.start().confirm("birth_date")
    assert caught.value.msg.key == "checklist.locked.after"
    with pytest.raises(ChecklistError):
        prepared().complete(Step.VERIFY)
    with pytest.raises(ChecklistError):
        prepared().confirm("favourite_colour")
    with pytest.raises(ChecklistError):
        Checklist.start().complete(Step.PREPARE)


def test_failing_verification_takes_the_third_party_path():
    checklist = prepared().fail_verification()
    assert checklist.path == CallPath.THIRD_PARTY
    assert checklist.current == Step.THIRD_PARTY
    assert checklist.locked_steps >= DISCLOSURE_STEPS
    with pytest.raises(ChecklistError) as caught:
        checklist.complete(Step.OFFER)
    assert caught.value.msg.key == "checklist.locked.third_party_path"
    with pytest.raises(ChecklistError):
        checklist.confirm("birth_date")  # no second try at identity on the same call
    ok, why = checklist.can_save(Outcome.RIGHT_PARTY)
    assert not ok and why.key == "checklist.save.not_verified"
    assert checklist.can_save(Outcome.THIRD_PARTY) == (True, None)
    done = checklist.complete(Step.THIRD_PARTY).complete(Step.RECORD)
    assert done.current is None and done.score(Outcome.THIRD_PARTY) == 100


def test_the_third_party_step_is_only_for_an_unverified_call():
    assert Step.THIRD_PARTY in verified().locked_steps
    assert Step.THIRD_PARTY in prepared().locked_steps


def test_a_right_party_note_waits_for_the_disclosure_steps():
    ok, why = verified().can_save(Outcome.RIGHT_PARTY)
    assert not ok and why.key == "checklist.save.missing"
    assert "State purpose and debt" in render(why, "en") and "cn.third-party-disclosure" in render(why, "en")
    ok, why = prepared().can_save(Outcome.PROMISE_TO_PAY)
    assert not ok and "Verify identity" in render(why, "en")
    ok, why = Checklist.start().can_save(Outcome.CALLBACK)
    assert not ok and "cn.self-identification" in render(why, "en")
    assert verified().complete(Step.PURPOSE).can_save(Outcome.REFUSED) == (True, None)


def test_under_regulation_f_the_purpose_step_carries_the_mini_miranda():
    ok, why = verified("us-regf").can_save(Outcome.RIGHT_PARTY)
    assert not ok and "12 CFR 1006.18(e)" in render(why, "en")


def test_notes_where_nobody_spoke_can_always_be_saved():
    for outcome in (Outcome.NO_ANSWER, Outcome.WRONG_NUMBER):
        assert Checklist.start().can_save(outcome) == (True, None)
    ok, why = Checklist.start().can_save(Outcome.THIRD_PARTY)
    assert not ok and "自报家门" in render(why, "zh-CN")


def test_score_counts_the_steps_of_the_path_taken():
    assert Checklist.start().see("profile").score(Outcome.NO_ANSWER) == 25
    assert Checklist.start().see("profile").see("ledger").complete("record").score(Outcome.NO_ANSWER) == 100
    # Right-party path: 8 steps; prepare, greet and verify done = 3 of 8.
    assert verified().score() == 38
    assert verified().complete("purpose").score(Outcome.RIGHT_PARTY) == 50


def test_moves_return_new_states_and_leave_the_old_one_alone():
    start = Checklist.start()
    after = start.see("profile")
    assert start.seen == frozenset() and after.seen == {"profile"}


def test_round_trip_through_a_plain_mapping():
    checklist = verified().complete("purpose")
    data = checklist.to_dict()
    assert data["done"] == ["prepare", "greet", "verify", "purpose"]
    assert Checklist.from_dict(data) == checklist


@pytest.mark.parametrize(
    "change",
    [
        {"version": 99},
        {"profile": "mars"},
        {"path": "sideways"},
        {"done": ["teleport"]},
        {"seen": "profile"},
        {"confirmed": ["shoe_size"]},
    ],
)
def test_a_damaged_stored_checklist_is_refused_with_a_message(change):
    data = {**verified().to_dict(), **change}
    with pytest.raises(ChecklistError) as caught:
        Checklist.from_dict(data)
    for lang in LANGUAGES:
        assert render(caught.value.msg, lang)


def test_every_lock_and_refusal_reads_in_both_languages():
    states = [Checklist.start(), prepared(), verified(), prepared().fail_verification()]
    for state in states:
        for step in STEPS:
            reason = state.locked(step)
            if reason is not None:
                for lang in LANGUAGES:
                    assert render(reason, lang)


MOVES = st.lists(
    st.one_of(
        st.tuples(st.just("see"), st.sampled_from(["profile", "ledger"])),
        st.tuples(st.just("complete"), st.sampled_from(list(STEPS))),
        st.tuples(st.just("confirm"), st.sampled_from(list(IDENTIFIERS))),
        st.tuples(st.just("fail"), st.none()),
        st.tuples(st.just("walk"), st.tuples(st.sampled_from(list(STEPS)), st.booleans())),
    ),
    max_size=20,
)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["cn", "us-regf"]), MOVES, st.sampled_from(list(Outcome)))
def test_no_sequence_of_moves_discloses_without_verification(profile, moves, outcome):
    checklist = Checklist.start(profile)
    for move, arg in moves:
        try:
            if move == "see":
                checklist = checklist.see(arg)
            elif move == "complete":
                checklist = checklist.complete(arg)
            elif move == "confirm":
                checklist = checklist.confirm(arg)
            elif move == "walk":
                checklist = checklist.walk_to(*arg)
            else:
                checklist = checklist.fail_verification()
        except ChecklistError as refused:
            assert render(refused.msg, "en")
        if checklist.done & DISCLOSURE_STEPS:
            assert checklist.path == CallPath.RIGHT_PARTY
    assert 0 <= checklist.score(outcome) <= 100
    assert Checklist.from_dict(checklist.to_dict()) == checklist
    ok, why = checklist.can_save(outcome)
    assert ok == (why is None)
    if ok and outcome.is_conversation:
        assert checklist.path == CallPath.RIGHT_PARTY and {Step.GREET, Step.VERIFY, Step.PURPOSE} <= checklist.done
    if ok:
        assert outcome in fitting_outcomes(checklist.path)
    marks = dict(checklist.marks(outcome))
    if checklist.path == CallPath.THIRD_PARTY:
        assert marks[Step.VERIFY] == Mark.FAILED  # never a tick for a verification that did not pass
    assert sum(m == Mark.CURRENT for m in marks.values()) <= 1


def test_a_failed_verification_is_marked_failed_not_done():
    marks = dict(prepared().fail_verification().marks())
    assert marks[Step.VERIFY] == Mark.FAILED
    assert marks[Step.GREET] == Mark.DONE
    assert marks[Step.THIRD_PARTY] == Mark.CURRENT
    assert dict(verified().marks())[Step.VERIFY] == Mark.DONE


def test_offer_and_agree_are_done_only_when_an_offer_was_made():
    without = verified().walk_to(Step.RECORD, offer_made=False)
    assert Step.OFFER not in without.done and Step.AGREE not in without.done
    assert {Step.PURPOSE, Step.LISTEN} <= without.done
    marks = dict(without.marks())
    assert marks[Step.OFFER] == marks[Step.AGREE] == Mark.SKIPPED
    assert marks[Step.RECORD] == Mark.CURRENT
    assert without.score(Outcome.CALLBACK) < verified().walk_to(Step.RECORD, offer_made=True).score(Outcome.CALLBACK)
    # An offer put later still counts, and the skipped mark goes.
    later = without.walk_to(Step.AGREE, offer_made=True)
    assert Step.OFFER in later.done and Step.OFFER not in later.passed
    assert Checklist.from_dict(without.to_dict()) == without


def test_walking_on_never_verifies_or_greets():
    walked = Checklist.start().see("profile").see("ledger").walk_to(Step.RECORD, offer_made=True)
    assert walked.done == {Step.PREPARE}
    assert walked.path == CallPath.UNDECIDED


def test_a_checklist_stored_before_steps_could_be_passed_over_still_reads():
    data = verified().to_dict()
    del data["passed"]
    assert Checklist.from_dict(data) == verified()


def test_a_debtor_who_hangs_up_after_verification_is_recorded_as_such():
    checklist = verified()
    assert checklist.can_save(Outcome.HUNG_UP) == (True, None)
    # What the call reached counts; what it never reached is skipped, not missed.
    assert checklist.complete(Step.RECORD).score(Outcome.HUNG_UP) == 100
    marks = dict(checklist.marks(Outcome.HUNG_UP))
    assert marks[Step.VERIFY] == Mark.DONE
    assert marks[Step.PURPOSE] == marks[Step.OFFER] == Mark.SKIPPED
    assert marks[Step.RECORD] == Mark.CURRENT
    # Hanging up before the identity check was even asked: no tick for verifying either.
    early = prepared()
    assert dict(early.marks(Outcome.HUNG_UP))[Step.VERIFY] == Mark.SKIPPED
    assert early.complete(Step.RECORD).score(Outcome.HUNG_UP) == 100


def test_the_outcomes_fit_the_path():
    third = prepared().fail_verification()
    assert set(fitting_outcomes(third.path)) == {Outcome.THIRD_PARTY, Outcome.WRONG_NUMBER, Outcome.HUNG_UP}
    for outcome in (Outcome.PROMISE_TO_PAY, Outcome.REFUSED, Outcome.DISPUTE, Outcome.NO_ANSWER):
        ok, why = third.can_save(outcome)
        assert not ok and all(render(why, lang) for lang in LANGUAGES)
    ok, why = verified().can_save(Outcome.THIRD_PARTY)
    assert not ok and "核实" in render(why, "zh-CN")
    assert Outcome.HUNG_UP in fitting_outcomes(CallPath.RIGHT_PARTY)
    assert set(fitting_outcomes(CallPath.UNDECIDED)) == set(Outcome)


def test_only_words_without_the_debt_are_read_to_a_third_party():
    assert [s.value for s in STEPS if third_party_may_hear(s.value)] == ["prepare", "greet", "verify", "third_party"]
    assert third_party_may_hear("", "third_party")
    assert not third_party_may_hear("", "dispute") and not third_party_may_hear("", "")
