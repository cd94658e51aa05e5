"""The plain records the rules work on: what the store reads and the rules take.

These are snapshots, not database rows: the store builds them, the rules read
them, and nothing here knows where they came from. Amounts are integer minor
units; instants are timezone-aware UTC datetimes; due dates are dates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

#: The next action that books a call back at ``next_action_at`` (the note form's value).
CALL_BACK = "call_back"


class Stage(StrEnum):
    """Where a case stands in its life (guide 1.2)."""

    NEW = "new"  # data collected, not yet confirmed with the debtor
    CONFIRMED = "confirmed"  # the debtor confirmed the debt
    NEGOTIATING = "negotiating"  # a strategy is being worked out
    PROMISED = "promised"  # a promise or plan is running
    DISPUTED = "disputed"  # the debtor disputes it; under review
    CEASED = "ceased"  # the debtor asked not to be contacted
    CLOSED = "closed"  # settled and archived


class Outcome(StrEnum):
    """What one call attempt came to."""

    NO_ANSWER = "no_answer"
    WRONG_NUMBER = "wrong_number"
    #: The line was engaged: nobody to speak with.
    BUSY = "busy"
    #: A machine answered; any message left on it is the note's text.
    VOICEMAIL = "voicemail"
    THIRD_PARTY = "third_party"
    #: Whoever answered ended the call before anything was agreed (after verification, or before it).
    HUNG_UP = "hung_up"
    RIGHT_PARTY = "right_party"
    PROMISE_TO_PAY = "promise_to_pay"
    REFUSED = "refused"
    DISPUTE = "dispute"
    CALLBACK = "callback"
    CEASE_REQUEST = "cease_request"

    @property
    def is_conversation(self) -> bool:
        """Whether the agent spoke with the debtor (a right-party contact)."""
        return self in _CONVERSATIONS


_CONVERSATIONS = frozenset(
    {
        Outcome.RIGHT_PARTY,
        Outcome.PROMISE_TO_PAY,
        Outcome.REFUSED,
        Outcome.DISPUTE,
        Outcome.CALLBACK,
        Outcome.CEASE_REQUEST,
    }
)


class ContactKind(StrEnum):
    """A way to reach someone."""

    MOBILE = "mobile"
    HOME = "home"
    WORK = "work"
    EMAIL = "email"
    ATTORNEY = "attorney"


class PenaltyKind(StrEnum):
    """How the contract prices overdue principal."""

    RATE = "rate"  # penalty_value is an annual rate, e.g. 0.18
    MULTIPLE = "multiple"  # penalty_value multiplies the contract's annual rate, e.g. 1.5


class PromiseStatus(StrEnum):
    """Where a promise to pay stands."""

    OPEN = "open"
    KEPT = "kept"
    BROKEN = "broken"
    CANCELLED = "cancelled"
    #: A later promise or plan took its place; kept on record, neither due nor broken.
    SUPERSEDED = "superseded"
    #: Made on an offer beyond what an agent may agree alone: waits for a lead, neither due nor broken yet.
    PENDING_APPROVAL = "pending_approval"


@dataclass(frozen=True)
class ContractTerms:
    """What the loan contract says about money."""

    principal: int
    annual_rate: Decimal  # e.g. Decimal("0.1200") for 12 % a year
    start_date: date
    penalty_kind: PenaltyKind = PenaltyKind.MULTIPLE
    penalty_value: Decimal = Decimal("1.5")
    late_fee: int = 0  # fee the contract allows per overdue schedule line
    day_count: int = 365  # 360 or 365
    currency: str = "CNY"


@dataclass(frozen=True)
class ScheduleLine:
    """One instalment of the contract's repayment schedule."""

    due: date
    principal: int
    interest: int


@dataclass(frozen=True)
class Payment:
    """Money the debtor paid."""

    paid_at: datetime
    amount: int
    reference: str = ""


@dataclass(frozen=True)
class Charge:
    """What the creditor says is owed for one component as of a date."""

    kind: str  # principal | interest | penalty | fees
    amount: int
    as_of: date


@dataclass(frozen=True)
class ContactPoint:
    """A number or address of the debtor's, or of their attorney.

    ``time_zone`` is where this number rings when the creditor says so (a work
    phone in another state); ``""`` leaves it to the debtor's zone and the
    number's area (:mod:`agent_tui.domain.phone_zone`).
    """

    id: int
    kind: ContactKind
    value: str
    primary: bool = False
    do_not_call: bool = False
    time_zone: str = ""


@dataclass(frozen=True)
class Debtor:
    """Who owes: guide 2.1's profile plus what the conduct rules need."""

    id: int
    name: str
    national_id: str
    birth_date: date | None
    occupation: str
    employer: str
    monthly_income: int | None
    family: str
    credit_history: str
    time_zone: str  # IANA name, e.g. "Asia/Shanghai"; "" when the placement gave none (the numbers tell)
    language: str = "zh-CN"
    cease_contact: bool = False
    dispute: bool = False
    vulnerable: bool = False
    attorney: bool = False


@dataclass(frozen=True)
class Attempt:
    """One past call attempt (any agent's) to a debtor."""

    at: datetime
    contact_point_id: int | None
    outcome: Outcome
    account_id: int | None = None

    @property
    def conversation(self) -> bool:
        """Whether it reached the debtor."""
        return self.outcome.is_conversation


@dataclass(frozen=True)
class Promise:
    """A promise to pay a sum by a date."""

    id: int
    amount: int
    due: date
    status: PromiseStatus = PromiseStatus.OPEN
    created_at: datetime | None = None


@dataclass(frozen=True)
class Account:
    """A placed debt: the contract, its schedule, what was paid and claimed."""

    id: int
    ref: str
    debtor_id: int
    creditor: str
    product: str
    terms: ContractTerms
    schedule: tuple[ScheduleLine, ...] = ()
    payments: tuple[Payment, ...] = ()
    charges: tuple[Charge, ...] = ()
    stage: Stage = Stage.NEW
    next_action: str = ""
    next_action_at: datetime | None = None
    assigned_agent: str | None = None
    promises: tuple[Promise, ...] = field(default=())
