"""The first-call checklist (guide 3.1–3.4) as an immutable state machine.

prepare (profile read, ledger check seen) → greet and identify yourself →
verify identity (two identifiers from the profile) → state purpose and debt
→ listen → offer → agree the next step → record. Steps that disclose the
debt are locked until identity is verified; a failed verification (or a
third party on the line) switches to the third-party path, where the agent
leaves a message and nothing about the debt. Each method returns a new
state; the state is stored with the note as a plain mapping.

The checklist shows what happened, not what the keys implied: a failed
verification is marked failed, not done; "offer" and "agree" are done only
when an offer was put to the debtor (moving past them without one leaves
them skipped); a call that ended early (nobody answered, a wrong number,
a hang-up) skips what it never reached.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from agent_tui.domain.citations import Citation, RuleName
from agent_tui.domain.compliance import PROFILES, Profile, Rule, RuleKind
from agent_tui.domain.records import Outcome
from agent_tui.i18n import Msg


class Step(StrEnum):
    """A step of the first call; the scripts give each one its title and words."""

    PREPARE = "prepare"
    GREET = "greet"
    VERIFY = "verify"
    PURPOSE = "purpose"
    LISTEN = "listen"
    OFFER = "offer"
    AGREE = "agree"
    RECORD = "record"
    THIRD_PARTY = "third_party"


class CallPath(StrEnum):
    """Whom the agent turned out to be speaking with."""

    UNDECIDED = "undecided"
    RIGHT_PARTY = "right_party"
    THIRD_PARTY = "third_party"


#: Every step a call script must give words for.
STEPS: tuple[Step, ...] = tuple(Step)
RIGHT_PARTY_STEPS = (
    Step.PREPARE,
    Step.GREET,
    Step.VERIFY,
    Step.PURPOSE,
    Step.LISTEN,
    Step.OFFER,
    Step.AGREE,
    Step.RECORD,
)
THIRD_PARTY_STEPS = (Step.PREPARE, Step.GREET, Step.VERIFY, Step.THIRD_PARTY, Step.RECORD)
#: Steps that speak about the debt: only with the verified debtor.
DISCLOSURE_STEPS = frozenset({Step.PURPOSE, Step.LISTEN, Step.OFFER, Step.AGREE})
#: What "prepare" asks the agent to have looked at before dialling.
PREPARE_ITEMS = ("profile", "ledger")
#: What the agent may ask the debtor to confirm; two different ones verify identity.
IDENTIFIERS = ("birth_date", "national_id_last4", "employer")
IDENTIFIERS_NEEDED = 2
#: What must come before a step (besides verification for the disclosure steps).
_BEFORE = {
    Step.VERIFY: Step.GREET,
    Step.LISTEN: Step.PURPOSE,
    Step.OFFER: Step.PURPOSE,
    Step.AGREE: Step.PURPOSE,
    Step.THIRD_PARTY: Step.GREET,
}
#: Outcomes in which nobody spoke with anyone: only preparing and recording apply.
_NOBODY = frozenset({Outcome.NO_ANSWER, Outcome.BUSY, Outcome.VOICEMAIL, Outcome.WRONG_NUMBER})
#: Outcomes that end the call before the checklist's end: the steps not reached are skipped.
ENDED_EARLY = _NOBODY | {Outcome.HUNG_UP}
#: Steps done only when an offer was put to the debtor.
OFFER_STEPS = (Step.OFFER, Step.AGREE)
#: What the person on the line can have come to on the third-party path: nothing about the debt.
THIRD_PARTY_OUTCOMES = (Outcome.THIRD_PARTY, Outcome.WRONG_NUMBER, Outcome.HUNG_UP)
#: What cannot be recorded once the debtor's identity is verified: somebody was on the line, and it was them.
_NOT_AFTER_VERIFIED = _NOBODY | {Outcome.THIRD_PARTY}
_VERSION = 1


#: The steps whose words may be read with a third party on the line: none names the debt or a figure
#: ("record" repeats what was agreed, so it is not among them).
THIRD_PARTY_WORDS = frozenset({Step.PREPARE, Step.GREET, Step.VERIFY, Step.THIRD_PARTY})


def third_party_may_hear(step: str, outcome: str = "") -> bool:
    """Whether a script line may be shown on the third-party path.

    ``step`` is the checklist step the line belongs to (first call), or empty; a line without a
    step (an objection's answer) is kept only when it leads to an outcome a third party can come to.
    """
    if step:
        return step in THIRD_PARTY_WORDS
    return outcome in {o.value for o in THIRD_PARTY_OUTCOMES}


class Mark(StrEnum):
    """How a step is shown: what happened to it on this call."""

    DONE = "done"
    FAILED = "failed"  # verification tried and not passed: the third-party path
    CURRENT = "current"
    OPEN = "open"
    LOCKED = "locked"
    SKIPPED = "skipped"  # moved past without doing it, or the call ended before it


def fitting_outcomes(path: CallPath) -> tuple[Outcome, ...]:
    """The outcomes a note may record on ``path``, in the form's order.

    On the third-party path only what a third party can come to (no
    promise, dispute or refusal: the debt was not spoken of); once the
    debtor is verified, not "no answer", "wrong number" or "third party".
    """
    if path == CallPath.THIRD_PARTY:
        return tuple(o for o in Outcome if o in THIRD_PARTY_OUTCOMES)
    if path == CallPath.RIGHT_PARTY:
        return tuple(o for o in Outcome if o not in _NOT_AFTER_VERIFIED)
    return tuple(Outcome)


class ChecklistError(Exception):
    """A move the checklist does not allow, or a stored checklist that cannot be read."""

    def __init__(self, msg: Msg):
        super().__init__(msg.key)
        self.msg = msg


def _rule_params(rule: Rule | None) -> dict[str, object]:
    """The rule and its citation for a message: named in the message's language (numbers as they are)."""
    if rule is None:
        return {"rule": "-", "citation": "-"}
    return {"rule": RuleName(rule.id), "citation": Citation(rule.citation)}


@dataclass(frozen=True)
class Checklist:
    """Where one call stands in the first-call checklist."""

    profile: str = "cn"
    done: frozenset[Step] = frozenset()
    seen: frozenset[str] = frozenset()
    confirmed: frozenset[str] = frozenset()
    path: CallPath = CallPath.UNDECIDED
    #: Steps the agent moved past without doing them (an offer step with no offer made).
    passed: frozenset[Step] = frozenset()

    @classmethod
    def start(cls, profile: Profile | str = "cn", steps: tuple[str, ...] = STEPS) -> Checklist:
        """A fresh checklist for a call under ``profile``, for a script that has ``steps``."""
        name = profile.name if isinstance(profile, Profile) else profile
        if name not in PROFILES:
            raise ChecklistError(Msg("checklist.error.profile", {"profile": name}))
        missing = [s for s in STEPS if s not in steps]
        if missing:
            raise ChecklistError(Msg("checklist.error.unknown_step", {"step": missing[0]}))
        return cls(profile=name)

    # --- what is open ---------------------------------------------------------------

    def _rules(self) -> Profile:
        return PROFILES[self.profile]

    @property
    def steps(self) -> tuple[Step, ...]:
        """The steps of the path this call is on, in order."""
        return THIRD_PARTY_STEPS if self.path == CallPath.THIRD_PARTY else RIGHT_PARTY_STEPS

    def locked(self, step: Step | str) -> Msg | None:
        """Why ``step`` cannot be done now, or None when it can."""
        step = _step(step)
        disclosure = self._rules().rule(RuleKind.THIRD_PARTY_DISCLOSURE)
        if step in DISCLOSURE_STEPS and self.path == CallPath.THIRD_PARTY:
            return Msg("checklist.locked.third_party_path", _rule_params(disclosure))
        if step == Step.THIRD_PARTY and self.path != CallPath.THIRD_PARTY:
            return Msg("checklist.locked.not_third_party")
        if step == Step.VERIFY and self.path != CallPath.UNDECIDED:
            return Msg("checklist.locked.path_decided")
        before = _BEFORE.get(step)
        if before is not None and before not in self.done:
            return Msg("checklist.locked.after", {"step": Msg(f"checklist.step.{before.value}")})
        if step in DISCLOSURE_STEPS and self.path != CallPath.RIGHT_PARTY:
            return Msg("checklist.locked.verify_first", _rule_params(disclosure))
        return None

    @property
    def locked_steps(self) -> frozenset[Step]:
        """The steps that cannot be done now."""
        return frozenset(s for s in STEPS if s not in self.done and self.locked(s) is not None)

    @property
    def current(self) -> Step | None:
        """The next step to do on this path, or None when the path is complete."""
        return next((s for s in self.steps if s not in self.done | self.passed and self.locked(s) is None), None)

    def marks(self, outcome: Outcome | None = None) -> tuple[tuple[Step, Mark], ...]:
        """Each step of the path with what happened to it; ``outcome`` is the one the note holds so far."""
        early = outcome in ENDED_EARLY
        current = Step.RECORD if early and Step.RECORD not in self.done else self.current
        marks = []
        for step in self.steps:
            if step == Step.VERIFY and self.path == CallPath.THIRD_PARTY:
                mark = Mark.FAILED
            elif step in self.done:
                mark = Mark.DONE
            elif step == current:
                mark = Mark.CURRENT
            elif step in self.passed or early:
                mark = Mark.SKIPPED
            elif self.locked(step) is not None:
                mark = Mark.LOCKED
            else:
                mark = Mark.OPEN
            marks.append((step, mark))
        return tuple(marks)

    # --- moves ------------------------------------------------------------------------

    def see(self, item: str) -> Checklist:
        """The agent has looked at ``item`` (``profile`` or ``ledger``) before dialling."""
        if item not in PREPARE_ITEMS:
            raise ChecklistError(Msg("checklist.error.unknown_item", {"item": item}))
        seen = self.seen | {item}
        done = self.done | {Step.PREPARE} if seen >= set(PREPARE_ITEMS) else self.done
        return replace(self, seen=seen, done=done)

    def complete(self, step: Step | str) -> Checklist:
        """Mark ``step`` done; raises :class:`ChecklistError` with the reason when it is locked."""
        step = _step(step)
        if step == Step.PREPARE and Step.PREPARE not in self.done:
            raise ChecklistError(Msg("checklist.locked.prepare_items"))
        if step == Step.VERIFY:
            raise ChecklistError(Msg("checklist.locked.verify_by_identifiers", {"needed": IDENTIFIERS_NEEDED}))
        reason = self.locked(step)
        if reason is not None and step not in self.done:
            raise ChecklistError(reason)
        return replace(self, done=self.done | {step}, passed=self.passed - {step})

    def walk_to(self, target: Step | str, offer_made: bool) -> Checklist:
        """The agent moved on to ``target``: what comes before it on the path is done.

        Greeting, verifying and preparing are never implied by a later key. "Offer" and "agree"
        are done only when ``offer_made``; without an offer they are passed over (skipped, not done).
        A step the rules lock stops the walk there.
        """
        target = _step(target)
        order = list(self.steps)
        if target not in order:
            return self
        state = self
        for step in order[: order.index(target)]:
            if step in (Step.PREPARE, Step.GREET, Step.VERIFY) or step in state.done:
                continue
            if step in OFFER_STEPS and not offer_made:
                if state.locked(step) is not None:
                    return state
                state = replace(state, passed=state.passed | {step})
                continue
            try:
                state = state.complete(step)
            except ChecklistError:
                return state
        return state

    def confirm(self, identifier: str) -> Checklist:
        """The person on the line confirmed ``identifier``; two different ones verify identity."""
        if identifier not in IDENTIFIERS:
            raise ChecklistError(Msg("checklist.error.unknown_identifier", {"identifier": identifier}))
        reason = self.locked(Step.VERIFY)
        if reason is not None:
            raise ChecklistError(reason)
        confirmed = self.confirmed | {identifier}
        if len(confirmed) < IDENTIFIERS_NEEDED:
            return replace(self, confirmed=confirmed)
        return replace(self, confirmed=confirmed, done=self.done | {Step.VERIFY}, path=CallPath.RIGHT_PARTY)

    def fail_verification(self) -> Checklist:
        """Identity could not be verified (wrong answers, or someone else answered): third-party path."""
        reason = self.locked(Step.VERIFY)
        if reason is not None:
            raise ChecklistError(reason)
        return replace(self, done=self.done | {Step.VERIFY}, path=CallPath.THIRD_PARTY)

    # --- saving and scoring ---------------------------------------------------------------

    def _required_for(self, outcome: Outcome) -> tuple[tuple[Step, Rule | None], ...]:
        rules = self._rules()
        identify = rules.rule(RuleKind.SELF_IDENTIFICATION) or rules.rule(RuleKind.THIRD_PARTY_DISCLOSURE)
        disclosure = rules.rule(RuleKind.THIRD_PARTY_DISCLOSURE)
        purpose = rules.rule(RuleKind.MINI_MIRANDA) or disclosure
        if outcome.is_conversation:
            return ((Step.GREET, identify), (Step.VERIFY, disclosure), (Step.PURPOSE, purpose))
        if outcome == Outcome.THIRD_PARTY:
            return ((Step.GREET, identify),)
        return ()

    def can_save(self, outcome: Outcome) -> tuple[bool, Msg | None]:
        """Whether a note with ``outcome`` may be saved now, and if not, why."""
        if outcome.is_conversation and self.path == CallPath.THIRD_PARTY:
            return False, Msg("checklist.save.not_verified")
        if outcome not in fitting_outcomes(self.path):
            return False, Msg(f"checklist.save.unfitting.{self.path.value}",
                              {"outcome": Msg(f"callnote.outcome.{outcome.value}")})
        for step, rule in self._required_for(outcome):
            if step not in self.done:
                params = {"step": Msg(f"checklist.step.{step.value}"), **_rule_params(rule)}
                return False, Msg("checklist.save.missing", params)
        return True, None

    def score(self, outcome: Outcome | None = None) -> int:
        """How completely the checklist was followed on this call, 0–100, for the lead.

        Each step of the path counts the same; "prepare" earns half for each
        of its two looks. For a call nobody answered only preparing and
        recording count; for one the other side hung up, greeting, the
        identity check once settled, and what was done before the line went.
        """
        if outcome in _NOBODY:
            steps: tuple[Step, ...] = (Step.PREPARE, Step.RECORD)
        elif outcome == Outcome.HUNG_UP:
            reached = {Step.PREPARE, Step.GREET, Step.RECORD} | self.done
            if self.path != CallPath.UNDECIDED:
                reached.add(Step.VERIFY)
            steps = tuple(s for s in self.steps if s in reached)
        else:
            steps = self.steps
        earned = 0
        for step in steps:
            if step == Step.PREPARE:
                earned += len(self.seen & set(PREPARE_ITEMS))
            elif step in self.done:
                earned += 2
        total = 2 * len(steps)
        return (100 * earned * 2 + total) // (2 * total)  # rounded half up

    # --- storage ------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """A plain mapping to store with the note."""
        return {
            "version": _VERSION,
            "profile": self.profile,
            "path": self.path.value,
            "done": [s.value for s in STEPS if s in self.done],
            "seen": [i for i in PREPARE_ITEMS if i in self.seen],
            "confirmed": [i for i in IDENTIFIERS if i in self.confirmed],
            "passed": [s.value for s in STEPS if s in self.passed],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Checklist:
        """Rebuild a stored checklist; raises :class:`ChecklistError` naming the field that is wrong."""

        def bad(field: str) -> ChecklistError:
            return ChecklistError(Msg("checklist.error.stored", {"field": field}))

        if not isinstance(data, Mapping) or data.get("version") != _VERSION:
            raise bad("version")
        profile = data.get("profile")
        if not isinstance(profile, str) or profile not in PROFILES:
            raise bad("profile")
        try:
            path = CallPath(str(data.get("path")))
        except ValueError:
            raise bad("path") from None
        lists = {}
        for field, allowed in (("done", [s.value for s in STEPS]), ("seen", PREPARE_ITEMS), ("confirmed", IDENTIFIERS)):
            value = data.get(field)
            if not isinstance(value, list) or any(v not in allowed for v in value):
                raise bad(field)
            lists[field] = value
        passed = data.get("passed", [])  # absent from checklists stored before steps could be passed over
        if not isinstance(passed, list) or any(v not in [s.value for s in OFFER_STEPS] for v in passed):
            raise bad("passed")
        return cls(
            profile=profile,
            done=frozenset(Step(v) for v in lists["done"]),
            seen=frozenset(lists["seen"]),
            confirmed=frozenset(lists["confirmed"]),
            path=path,
            passed=frozenset(Step(v) for v in passed),
        )


def _step(step: Step | str) -> Step:
    try:
        return Step(step)
    except ValueError:
        raise ChecklistError(Msg("checklist.error.unknown_step", {"step": str(step)})) from None
