"""What the review hands the screens: plain values, no rows, nothing that can write.

The notes browser gets :class:`~agent_tui.store.note_search.NotePage` lines
(re-exported here), a note's case comes as :class:`NoteDetail`, and the
dashboard as :class:`Dashboard`. Rates are :class:`~decimal.Decimal`
fractions; amounts are integer minor units.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from agent_tui.domain.case_figures import CaseFigures
from agent_tui.domain.checklist import Step
from agent_tui.i18n import Msg
from agent_tui.store.note_case import NoteCase, TimelineEntry
from agent_tui.store.note_search import FLAG_CHOICES, PROMISE_ANY, NoteCursor, NoteLine, NotePage
from agent_tui.store.team_figures import DayCounts

__all__ = [
    "FLAG_CHOICES",
    "PROMISE_ANY",
    "AgentChoice",
    "AgentFigures",
    "ChecklistView",
    "Dashboard",
    "LeadView",
    "NoteCursor",
    "NoteDetail",
    "NoteLine",
    "NotePage",
    "NoteQuery",
    "TimelineEntry",
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
        return all(getattr(self, name) in (None, "") for name in self.__dataclass_fields__)

    def with_search(self, text: str) -> NoteQuery:
        """The same filter with another search text (blank: no search)."""
        return replace(self, search=text.strip() or None)


@dataclass(frozen=True)
class ChecklistView:
    """The first-call checklist as it was recorded with the note."""

    #: Each step of the call's path with whether it was done, in order.
    steps: tuple[tuple[Step, bool], ...]
    path: str
    #: 0–100; ``None`` when the note carries no checklist.
    score: int | None
    #: Why there is nothing to show (no checklist stored, or one that cannot be read).
    problem: Msg | None = None


@dataclass(frozen=True)
class NoteDetail:
    """One note with its case: the note, the account and debtor, the ledger check, the history."""

    case: NoteCase
    checklist: ChecklistView
    figures: CaseFigures | None
    #: Notes of the same account before and after this one, oldest first.
    earlier: tuple[TimelineEntry, ...]
    later: tuple[TimelineEntry, ...]
    #: Notes that correct this one, and the note this one corrects.
    amendments: tuple[TimelineEntry, ...]
    amends: TimelineEntry | None
    #: Why the ledger check could not be computed, if it could not.
    figures_problem: Msg | None = None

    @property
    def note(self):
        """The note itself."""
        return self.case.note


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
        return [getattr(day, name) for day in self.days]


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
