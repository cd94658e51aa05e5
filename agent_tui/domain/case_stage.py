"""Where a case stands after a call note (guide 1.2): only recorded events move it.

A cease request or a dispute stops the case where it is; a promise, or an
offer the debtor accepted, makes it promised; a conversation about an offer
puts it in negotiation; a first conversation confirms a new case. A note
that reached nobody leaves the stage as it was. An account with nothing
owed is closed (guide stage 6), whatever the note says.
"""

from __future__ import annotations

from typing import Protocol

from agent_tui.domain.records import Outcome, Stage

#: Stages a conversation alone does not move a case out of.
_SETTLED = (Stage.CEASED, Stage.DISPUTED, Stage.CLOSED, Stage.PROMISED)


class NoteFacts(Protocol):
    """What the stage rule reads of a saved note (a :class:`~agent_tui.domain.note_form.ParsedNote`)."""

    @property
    def outcome(self) -> Outcome: ...
    @property
    def offer(self) -> object | None: ...
    @property
    def response(self) -> str: ...
    @property
    def promise_amount(self) -> int | None: ...


def next_stage(stage: Stage, note: NoteFacts, owed: int | None = None) -> Stage:
    """The case's stage after ``note``, from ``stage`` before it; ``owed`` is what is owed now, if known."""
    if owed is not None and owed <= 0:
        return Stage.CLOSED
    outcome = note.outcome
    if outcome == Outcome.CEASE_REQUEST:
        return Stage.CEASED
    if outcome == Outcome.DISPUTE:
        return Stage.DISPUTED
    if note.promise_amount is not None or (note.offer is not None and note.response == "accepted"):
        return Stage.PROMISED
    if not outcome.is_conversation or stage in _SETTLED:
        return stage
    if note.offer is not None or note.response:
        return Stage.NEGOTIATING
    return Stage.CONFIRMED if stage == Stage.NEW else stage
