"""Where a case stands after its note (guide 1.2): only what the call recorded moves it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from agent_tui.domain.case_stage import next_stage
from agent_tui.domain.records import Outcome, Stage


@dataclass(frozen=True)
class Note:
    outcome: Outcome
    offer: object | None = None
    response: str = ""
    promise_amount: int | None = None


@pytest.mark.parametrize("stage", list(Stage))
def test_a_cease_request_or_a_dispute_stops_the_case_wherever_it_stood(stage):
    assert next_stage(stage, Note(Outcome.CEASE_REQUEST)) == Stage.CEASED
    assert next_stage(stage, Note(Outcome.DISPUTE)) == Stage.DISPUTED


def test_a_promise_or_an_accepted_offer_makes_it_promised():
    assert next_stage(Stage.NEW, Note(Outcome.PROMISE_TO_PAY, promise_amount=50_000)) == Stage.PROMISED
    assert next_stage(Stage.CONFIRMED, Note(Outcome.RIGHT_PARTY, offer=1, response="accepted")) == Stage.PROMISED


def test_a_conversation_confirms_a_new_case_and_an_offer_puts_it_in_negotiation():
    assert next_stage(Stage.NEW, Note(Outcome.RIGHT_PARTY)) == Stage.CONFIRMED
    assert next_stage(Stage.NEW, Note(Outcome.RIGHT_PARTY, offer=1, response="considering")) == Stage.NEGOTIATING
    assert next_stage(Stage.CONFIRMED, Note(Outcome.REFUSED, response="rejected")) == Stage.NEGOTIATING


@pytest.mark.parametrize("stage", list(Stage))
def test_a_call_that_reached_nobody_leaves_the_stage_as_it_was(stage):
    for outcome in (Outcome.NO_ANSWER, Outcome.WRONG_NUMBER, Outcome.THIRD_PARTY):
        assert next_stage(stage, Note(outcome, offer=1)) == stage


@pytest.mark.parametrize("stage", [Stage.CEASED, Stage.DISPUTED, Stage.CLOSED, Stage.PROMISED])
def test_a_settled_case_is_not_moved_back_by_a_conversation(stage):
    assert next_stage(stage, Note(Outcome.RIGHT_PARTY, offer=1, response="considering")) == stage
