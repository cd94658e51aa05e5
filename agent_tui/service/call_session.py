"""The call on the open case: which attempt, which number, and where the checklist stands.

A session lives in the workstation between F3 and the saved note. Its
checklist and chosen offer are written into the agent's draft each time they
change, and the attempt row is written at F3, so a workstation that is killed
mid-call comes back to the same call and the same step.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from agent_tui.domain.checklist import CallPath, Checklist, ChecklistError, Step, fitting_outcomes
from agent_tui.domain.compliance import Profile, mask
from agent_tui.domain.records import Outcome
from agent_tui.i18n import Msg
from agent_tui.service.views import CallState, CallView, StepView

#: Outcomes that say nobody, or not the debtor, was on the line.
_NOT_THE_DEBTOR = frozenset({Outcome.THIRD_PARTY})


@dataclass
class CallSession:
    """The open case's call and checklist; ``attempt_id`` is set from F3 on."""

    account_id: int
    checklist: Checklist
    attempt_id: int | None = None
    contact_id: int | None = None
    number: str = field(default="", repr=False)  # the full number: kept in memory, never in the draft
    started_at: datetime | None = None
    ended_at: datetime | None = None
    offer: int | None = None
    by_hand: bool = False
    #: The outcome the note's form holds so far: a call that ended early shows its steps skipped.
    outcome: Outcome | None = None

    @classmethod
    def start(cls, account_id: int, profile: Profile) -> CallSession:
        """A new session for a case just opened: profile and ledger check are on the screen."""
        checklist = Checklist.start(profile).see("profile").see("ledger")
        return cls(account_id, checklist)

    # ---- moves ----

    def _try(self, *steps: Step) -> None:
        """Complete each step that is open; a step the rules lock stays as it is."""
        for step in steps:
            if step in self.checklist.done:
                continue
            try:
                self.checklist = self.checklist.complete(step)
            except ChecklistError:
                return

    def greet(self) -> None:
        """The agent greeted and said who they are (implied by going on to verify)."""
        self._try(Step.GREET)

    def verify(self, identifiers: tuple[str, ...]) -> None:
        """The debtor confirmed these identifiers; two different ones verify identity."""
        self.greet()
        for identifier in identifiers:
            self.checklist = self.checklist.confirm(identifier)

    def not_the_debtor(self) -> None:
        """Identity could not be verified, or someone else answered: the third-party path."""
        self.greet()
        if self.checklist.locked(Step.VERIFY) is None:
            self.checklist = self.checklist.fail_verification()

    def reach(self, step: str) -> Msg | None:
        """The agent moved on to ``step`` (F7 listen, F8 offer …): what comes before it is done.

        Returns why ``step`` is still locked (identity not verified, third-party path), or None.
        """
        target = Step(step)
        self.checklist = self.checklist.walk_to(target, offer_made=self.offer is not None)
        return self.checklist.locked(target)

    @property
    def third_party(self) -> bool:
        """Whether the call is on the third-party path: nothing about the debt may be said or noted."""
        return self.checklist.path == CallPath.THIRD_PARTY

    def pick_offer(self, index: int) -> Msg | None:
        """An offer was put to the debtor; why the checklist does not allow it yet, or None.

        On the third-party path no offer is taken at all: there is no debt to speak of.
        """
        if self.third_party:
            self.offer = None
            return self.checklist.locked(Step.OFFER)
        self.offer = index
        return self.reach(Step.AGREE)

    def choose_outcome(self, outcome: Outcome) -> None:
        """The note's outcome tells the checklist who was on the line."""
        self.outcome = outcome
        if outcome in _NOT_THE_DEBTOR:
            self.not_the_debtor()
            self._try(Step.THIRD_PARTY)
            self.offer = None

    def outcomes(self) -> tuple[str, ...]:
        """The outcomes that fit the call as it went, for the note form's choice."""
        return tuple(o.value for o in fitting_outcomes(self.checklist.path))

    def can_save(self, outcome: Outcome) -> Msg | None:
        """Why a note with ``outcome`` may not be saved yet, or None."""
        ok, reason = self.checklist.can_save(outcome)
        return None if ok else reason

    def recorded(self) -> Checklist:
        """The checklist as it goes into the saved note: the call is recorded."""
        try:
            return self.checklist.complete(Step.RECORD)
        except ChecklistError:
            return self.checklist

    # ---- what the screen shows ----

    def steps(self) -> tuple[StepView, ...]:
        """Each step of the path with its state."""
        return tuple(StepView(step.value, Msg(f"checklist.step.{step.value}"), mark.value)
                     for step, mark in self.checklist.marks(self.outcome))

    def call_view(self) -> CallView | None:
        """The call, if F3 started one."""
        if self.attempt_id is None or self.started_at is None:
            return None
        return CallView(
            account_id=self.account_id,
            contact_id=self.contact_id,
            number_masked=mask(self.number) if self.number else "",
            started_at=self.started_at,
            ended_at=self.ended_at,
            identity_verified=self.checklist.path.value == "right_party",
            third_party=self.checklist.path.value == "third_party",
            dial_by_hand=self.number if self.by_hand and self.ended_at is None else None,
            outcomes=self.outcomes(),
        )

    def state(self, blocked: Msg | None = None) -> CallState:
        """Call, checklist and current step, for the screen; ``blocked`` says why a move was refused."""
        current = self.checklist.current
        return CallState(self.account_id, self.call_view(), self.steps(), current.value if current else None, blocked)

    # ---- the draft ----

    def to_dict(self) -> dict[str, Any]:
        """What the draft keeps of the session (never the full number)."""
        return {"checklist": self.checklist.to_dict(), "offer": self.offer,
                "outcome": self.outcome.value if self.outcome else None}

    def restored(self, data: Mapping[str, Any]) -> CallSession:
        """This session with a draft's checklist and offer; a draft that cannot be read is ignored."""
        try:
            checklist = Checklist.from_dict(data.get("checklist") or {})
        except ChecklistError:
            return self
        offer = data.get("offer")
        try:
            outcome: Outcome | None = Outcome(str(data.get("outcome")))
        except ValueError:
            outcome = None
        return replace(self, checklist=checklist, offer=offer if isinstance(offer, int) else None, outcome=outcome)
