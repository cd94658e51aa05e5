"""What the workstation service hands to the screen: plain, frozen data.

The views carry values, not widgets and not rows. Text the agent reads is a
:class:`~agent_tui.i18n.Msg` (or an :class:`~agent_tui.domain.money.Amount`)
so the screen renders it in its language; names, employers and notes are the
debtor's own words and stay plain strings. Instants are aware datetimes; the
debtor's local time is already converted to the debtor's zone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from agent_tui.domain.money import Amount
from agent_tui.i18n import Msg

#: The reasons a case is in the queue, as the queue badge shows them.
REASONS = ("promise_due", "broken_promise", "new", "callback", "follow_up", "not_now")


@dataclass(frozen=True)
class AgentView:
    """Who is working at this workstation."""

    code: str
    name: str
    team: str = ""


@dataclass(frozen=True)
class QueueRow:
    """One line of the agent's queue."""

    account_id: int
    account_ref: str
    debtor_name: str
    balance: Amount
    days_past_due: int
    bucket: str
    #: One of :data:`REASONS`; the badge is ``workstation.reason.<reason>``.
    reason: str
    #: When the case may be called again (for ``not_now``), in the debtor's zone.
    next_time: datetime | None
    #: The debtor's clock right now.
    local_time: datetime


@dataclass(frozen=True)
class ContactView:
    """A number or address, masked except its last four characters."""

    id: int
    kind: str
    masked: str
    primary: bool = False
    do_not_call: bool = False
    #: The zones its calls must also suit, when not only the debtor's: "(number in America/Phoenix)".
    zone_note: Msg | None = None


@dataclass(frozen=True)
class DebtorProfile:
    """Guide 2.1 at a glance: who owes, and what tells ability and willingness to pay."""

    name: str
    national_id_masked: str
    birth_date: date | None
    age: int | None
    occupation: str
    employer: str
    monthly_income: Amount | None
    family: str
    credit_history: str
    time_zone: str
    language: str


@dataclass(frozen=True)
class DebtSplit:
    """What is owed, by component, as the ledger recomputes it."""

    principal: Amount
    interest: Amount
    penalty: Amount
    fees: Amount
    total: Amount
    days_past_due: int
    bucket: str


@dataclass(frozen=True)
class LedgerCheckView:
    """Guide 2.2: the recomputation, line by line, and where the creditor's figures differ."""

    ok: bool
    lines: tuple[Msg, ...] = ()
    discrepancies: tuple[Msg, ...] = ()
    #: Each component whose creditor figure differs, with that figure (principal, interest, penalty, fees).
    creditor_says: tuple[tuple[str, Amount], ...] = ()


@dataclass(frozen=True)
class NoteSummary:
    """A saved call note, as the case history lists it."""

    id: int
    at: datetime
    agent_code: str
    outcome: str
    text: str
    amends_id: int | None = None
    next_action: str = ""


@dataclass(frozen=True)
class PromiseView:
    """A promise to pay and where it stands."""

    amount: Amount
    due: date
    status: str


@dataclass(frozen=True)
class ComplianceBadge:
    """The conduct rules as they stand for this debtor right now."""

    local_time: datetime
    window_start: time
    window_end: time
    contacts_used: int
    contacts_allowed: int
    #: What the cap counts: conversations this ``day`` or attempts in the last seven days (``week``).
    cap_period: str = "day"
    #: Any of ``cease``, ``dispute``, ``vulnerable``, ``attorney``.
    flags: tuple[str, ...] = ()
    dial_allowed: bool = True
    #: Why a dial would be refused now, when it would.
    refusal: Msg | None = None


@dataclass(frozen=True)
class OfferView:
    """A solution the money rules allow (guide 3.3), ready to be read out and picked."""

    index: int
    kind: str
    label: Msg
    total: Amount
    lines: tuple[Msg, ...]
    needs_approval: bool
    first_due: date | None = None
    #: The payments, due date and amount in minor units: what a plan records.
    payments: tuple[tuple[date, int], ...] = ()


@dataclass(frozen=True)
class StepView:
    """One step of the first-call checklist and its state."""

    id: str
    label: Msg
    #: ``done``, ``failed``, ``current``, ``open``, ``locked`` or ``skipped``.
    state: str


@dataclass(frozen=True)
class ScriptLine:
    """Words to say, filled with this case's figures; ``step`` ties them to a checklist step."""

    text: str
    step: str | None = None
    #: A heading for the words (the step's title, the objection's name), if any.
    title: str = ""
    #: The script's name for the entry (``not_my_debt``), for entries the agent can pick.
    key: str = ""
    #: The outcome the note takes when the agent picks this entry (an objection that changes the call).
    outcome: str = ""


@dataclass(frozen=True)
class ScriptSection:
    """A part of the talk track: first call, listening, offers, objections."""

    id: str
    title: str
    lines: tuple[ScriptLine, ...]


@dataclass(frozen=True)
class CallView:
    """The call in progress (or just ended) on the open case."""

    account_id: int
    contact_id: int | None
    number_masked: str
    started_at: datetime
    ended_at: datetime | None = None
    identity_verified: bool = False
    third_party: bool = False
    #: The number to dial by hand, when no dialer command is configured.
    dial_by_hand: str | None = None
    #: The outcomes a note of this call may record (a third party cannot promise); empty: any.
    outcomes: tuple[str, ...] = ()


@dataclass(frozen=True)
class CallState:
    """Where the call on the open case stands: the call, the checklist, the step to do now."""

    account_id: int
    call: CallView | None
    checklist: tuple[StepView, ...]
    #: The id of the step to do now (the script pane highlights its words).
    step: str | None = None
    #: Why the last move was not allowed (a step locked by the conduct rules), if it was not.
    blocked: Msg | None = None


@dataclass(frozen=True)
class NoteDraft:
    """The call-note form as typed: every field is the raw text, so nothing is lost."""

    outcome: str = ""
    attitude: str = ""
    hardship: str = ""
    capacity: str = ""
    offer: str = ""
    response: str = ""
    promise_amount: str = ""
    promise_date: str = ""
    next_action: str = ""
    next_action_at: str = ""
    text: str = ""
    #: The note this one corrects, for an amendment.
    amends_id: int | None = None

    def is_empty(self) -> bool:
        """Whether the agent has typed nothing yet."""
        return not any(getattr(self, name) for name in NOTE_FIELDS)

    def to_dict(self) -> dict[str, Any]:
        """The draft as JSON-ready data."""
        data: dict[str, Any] = {name: getattr(self, name) for name in NOTE_FIELDS}
        data["amends_id"] = self.amends_id
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> NoteDraft:
        """Rebuild a draft from :meth:`to_dict`'s data; unknown or odd values are dropped."""
        values = {name: str(data.get(name) or "") for name in NOTE_FIELDS}
        amends = data.get("amends_id")
        return cls(**values, amends_id=amends if isinstance(amends, int) else None)


#: The form's fields, in the order the form shows them.
NOTE_FIELDS = (
    "outcome",
    "attitude",
    "hardship",
    "capacity",
    "offer",
    "response",
    "promise_amount",
    "promise_date",
    "next_action",
    "next_action_at",
    "text",
)


@dataclass(frozen=True)
class FieldProblem:
    """Why one field of the note cannot be saved as it is."""

    field: str
    reason: Msg


@dataclass(frozen=True)
class CaseView:
    """Everything the agent sees about one case before, during and after the call."""

    account_id: int
    account_ref: str
    creditor: str
    product: str
    stage: str
    currency: str
    debtor: DebtorProfile
    contacts: tuple[ContactView, ...]
    debt: DebtSplit
    ledger: LedgerCheckView
    notes: tuple[NoteSummary, ...]
    promises: tuple[PromiseView, ...]
    compliance: ComplianceBadge
    offers: tuple[OfferView, ...]
    script: tuple[ScriptSection, ...]
    checklist: tuple[StepView, ...]
    step: str | None = None
    next_action: str = ""
    next_action_at: datetime | None = None
    call: CallView | None = None
    draft: NoteDraft | None = None
    #: The draft's time of saving, when one was restored.
    draft_saved_at: datetime | None = None
    #: The script as it reads once each offer is picked, in the order of ``offers``.
    offer_scripts: tuple[tuple[ScriptSection, ...], ...] = ()

    #: What the offers were sized to: the debtor's stated monthly capacity (None: not stated) and hardship.
    capacity: Amount | None = None
    hardship: bool = False
    #: Why no offer keeps within what the debtor said they can pay, when that is so (shown above the offers).
    offers_left_out: tuple[Msg, ...] = ()

    def script_for(self, index: int) -> tuple[ScriptSection, ...]:
        """The script's tabs read around offer ``index`` (numbered from 1); the case's script without it."""
        return self.offer_scripts[index - 1] if 0 < index <= len(self.offer_scripts) else self.script


@dataclass(frozen=True)
class HeardOffers:
    """The case with its offers worked out again from what the debtor said, and the offer picked among them."""

    case: CaseView
    #: The picked offer's number in the new list; None when none was picked or it is no longer offered.
    picked: int | None


@dataclass(frozen=True)
class DialResult:
    """What F3 did: refused by the gate (with rule, citation, next time) or started a call."""

    allowed: bool
    state: CallState | None = None
    rule_id: str = ""
    citation: str = ""
    reason: Msg | None = None
    next_allowed_at: datetime | None = None
    #: The softphone command could not be run (the call is still recorded as started).
    dialer_error: Msg | None = None


@dataclass(frozen=True)
class CallbackRow:
    """A callback the agent set, due today on the debtor's clock."""

    account_id: int
    account_ref: str
    debtor_name: str
    #: The debtor's time zone, in which ``at`` is shown ("" when unknown: UTC).
    time_zone: str
    at: datetime


@dataclass(frozen=True)
class NumberChoice:
    """One of the debtor's numbers as F3 offers it, with the calling rules' verdict on dialling it now."""

    contact_id: int
    kind: str
    masked: str
    primary: bool
    allowed: bool
    #: Why not (the rule's words), when it may not be dialled now.
    reason: Msg | None = None
    rule_id: str = ""


@dataclass(frozen=True)
class SaveResult:
    """What saving the note did: the problems that stopped it, or the ids it wrote."""

    saved: bool
    problems: tuple[FieldProblem, ...] = ()
    note_id: int | None = None
    attempt_id: int | None = None
    promise_id: int | None = None
    stage: str = ""
    next_case: CaseView | None = None
    #: What the wording checker found, when the note was held back to ask the agent first (not saved).
    flags: tuple[Msg, ...] = ()
    #: The promise or plan waits for a lead's approval (an offer beyond what an agent may agree alone).
    pending_approval: bool = False
