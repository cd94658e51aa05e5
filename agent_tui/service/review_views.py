"""What the review hands the screens: plain values, masked, nothing that can write.

The notes browser gets a :class:`BrowserPage` of :class:`NoteRow` lines, a
note's case comes as :class:`NoteDetail`, and the dashboard as
:class:`Dashboard`. Rates are :class:`~decimal.Decimal` fractions; amounts are
integer minor units.

Every string in these views that could hold a national ID or a phone number
is already masked (see :mod:`agent_tui.service.review_masking`): the review
has no way to reveal one, so no screen ever receives one to hide.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from decimal import Decimal

from agent_tui.domain.case_figures import CaseFigures
from agent_tui.domain.checklist import Step
from agent_tui.i18n import Msg
from agent_tui.store.note_search import FLAG_CHOICES, PROMISE_ANY, NoteCursor
from agent_tui.store.team_figures import DayCounts

__all__ = [
    "FLAG_CHOICES",
    "PROMISE_ANY",
    "AccountView",
    "AgentChoice",
    "AgentFigures",
    "AttemptView",
    "BrowserPage",
    "ChecklistView",
    "Dashboard",
    "DebtorView",
    "LeadView",
    "LintFlagView",
    "NoteCursor",
    "NoteDetail",
    "NoteQuery",
    "NoteRow",
    "NoteView",
    "PromiseView",
    "TimelineLine",
]


@dataclass(frozen=True)
class LeadView:
    """Who is reviewing (``None`` code: nobody was named with ``--lead``)."""

    code: str | None = None
    name: str = ""
    team: str = ""


@dataclass(frozen=True)
class AgentChoice:
    """An agent the lead can filter by."""

    code: str
    name: str
    role: str


@dataclass(frozen=True)
class NoteQuery:
    """The notes browser's filter as the lead sets it: calendar days on the floor's clock.

    ``since`` and ``until`` are both included; empty fields mean "any".
    """

    agent: str | None = None
    since: date | None = None
    until: date | None = None
    outcome: str | None = None
    stage: str | None = None
    flag: str | None = None
    promise: str | None = None
    search: str | None = None

    @property
    def empty(self) -> bool:
        """Whether nothing is filtered."""
        return all(getattr(self, f.name) in (None, "") for f in fields(self))

    def with_search(self, text: str) -> NoteQuery:
        """The same filter with another search text (blank: no search)."""
        return replace(self, search=text.strip() or None)


# --- the notes browser ------------------------------------------------------------------


@dataclass(frozen=True)
class NoteRow:
    """One note as a line of the browser: enough to scan, its text masked; the rest is in the detail."""

    id: int
    created_at: datetime
    agent_code: str
    agent_name: str
    account_id: int
    account_ref: str
    debtor_name: str
    outcome: str
    #: What the agent typed, with every phone number or ID in it masked.
    text: str
    flagged: bool
    #: How many flags the linter and the conduct rules raised on the note.
    flag_count: int
    #: The checklist score stored with the note (0–100), if it carries one.
    score: int | None
    amends_id: int | None
    #: ``(amount, status)`` of the promises the note took (usually none or one).
    promises: tuple[tuple[int, str], ...] = ()
    currency: str = "CNY"

    @property
    def cursor(self) -> NoteCursor:
        """The cursor that continues after this note."""
        return NoteCursor(self.created_at, self.id)


@dataclass(frozen=True)
class BrowserPage:
    """One page of the notes browser and the cursor of the next one (``None``: this is the last)."""

    lines: tuple[NoteRow, ...]
    next: NoteCursor | None = None


# --- a note with its case ---------------------------------------------------------------


@dataclass(frozen=True)
class LintFlagView:
    """A flag the linter raised: its category and the words it was raised on (masked)."""

    category: str
    excerpt: str


@dataclass(frozen=True)
class NoteView:
    """A call note as saved, every field the lead reads, free text masked."""

    id: int
    created_at: datetime
    agent_code: str
    agent_name: str
    account_id: int
    amends_id: int | None
    outcome: str
    attitude: str
    hardship: str
    can_pay: int | None
    offer_kind: str
    #: The offer's total in minor units, when the note recorded one.
    offer_total: int | None
    response: str
    next_action: str
    next_action_at: datetime | None
    text: str
    lint_flags: tuple[LintFlagView, ...]
    #: The conduct rules the note was flagged under, as their ids.
    compliance_flags: tuple[str, ...]
    flagged: bool


@dataclass(frozen=True)
class DebtorView:
    """The debtor's profile as the lead may see it: the national ID masked, free text masked."""

    name: str
    national_id: str
    birth_date: date | None
    occupation: str
    employer: str
    monthly_income: int | None
    family: str
    credit_history: str
    time_zone: str
    cease_contact: bool = False
    dispute: bool = False
    vulnerable: bool = False
    attorney: bool = False


@dataclass(frozen=True)
class AccountView:
    """The account around a note: who is owed what, and where the case stands."""

    id: int
    ref: str
    creditor: str
    product: str
    stage: str
    currency: str
    balance: int


@dataclass(frozen=True)
class AttemptView:
    """The dial a note records: the number (masked) and when."""

    number: str
    started_at: datetime
    ended_at: datetime | None
    right_party: bool


@dataclass(frozen=True)
class PromiseView:
    """A promise on the account, and which note took it."""

    id: int
    note_id: int | None
    amount: int
    due: date
    status: str
    created_at: datetime | None


@dataclass(frozen=True)
class TimelineLine:
    """One note of the account, as a line of its history (text masked)."""

    id: int
    created_at: datetime
    agent_code: str
    outcome: str
    amends_id: int | None
    flagged: bool
    text: str


@dataclass(frozen=True)
class ChecklistView:
    """The first-call checklist as it was recorded with the note."""

    #: Each step of the call's path with whether it was done, in order (a failed verification is not done).
    steps: tuple[tuple[Step, bool], ...]
    path: str
    #: 0–100; ``None`` when the note carries no checklist.
    score: int | None
    #: Why there is nothing to show (no checklist stored, or one that cannot be read).
    problem: Msg | None = None
    #: Each step with what happened to it: ``done``, ``failed`` (verification not passed), ``skipped``
    #: (passed over without an offer, or never reached on a call that ended early) or ``missed``.
    marks: tuple[tuple[Step, str], ...] = ()


@dataclass(frozen=True)
class NoteDetail:
    """One note with its case: the note, the account and debtor, the ledger check, the history."""

    note: NoteView
    debtor: DebtorView
    account: AccountView
    #: The debtor's numbers, masked, the primary one first.
    contacts: tuple[str, ...]
    attempt: AttemptView | None
    promises: tuple[PromiseView, ...]
    checklist: ChecklistView
    figures: CaseFigures | None
    #: Notes of the same account before and after this one, oldest first.
    earlier: tuple[TimelineLine, ...]
    later: tuple[TimelineLine, ...]
    #: Notes that correct this one, and the note this one corrects.
    amendments: tuple[TimelineLine, ...]
    amends: TimelineLine | None
    #: Why the ledger check could not be computed, if it could not.
    figures_problem: Msg | None = None


# --- the dashboard ----------------------------------------------------------------------


def _rate(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) / Decimal(whole)) if whole else None


@dataclass(frozen=True)
class AgentFigures:
    """One agent's (or the team's) figures over the period, and per day."""

    code: str
    name: str
    total: DayCounts
    days: tuple[DayCounts, ...] = field(default=())

    @property
    def right_party_rate(self) -> Decimal | None:
        """Right-party contacts per attempt."""
        return _rate(self.total.right_party, self.total.attempts)

    @property
    def kept_rate(self) -> Decimal | None:
        """Of the period's promises that have come due, the share kept."""
        return _rate(self.total.kept, self.total.kept + self.total.broken)

    @property
    def average_score(self) -> Decimal | None:
        """The average checklist score of the notes that carry one."""
        return _rate(self.total.score_sum, self.total.scored)

    def series(self, name: str) -> list[int]:
        """One count per day of the period (``attempts``, ``promises``, ``collected``…)."""
        return [int(getattr(day, name)) for day in self.days]


@dataclass(frozen=True)
class Dashboard:
    """The team's figures for a period of days on the floor's clock."""

    since: date
    until: date
    days: tuple[date, ...]
    currency: str
    agents: tuple[AgentFigures, ...]
    team: AgentFigures
    #: Every payment received, per day (whoever earned it).
    payments: tuple[int, ...]

    def row(self, code: str | None) -> AgentFigures:
        """The agent with ``code``, or the team for ``None`` or an unknown code."""
        return next((a for a in self.agents if a.code == code), self.team)
