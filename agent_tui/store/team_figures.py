"""The team dashboard's figures, counted by the database (GROUP BY), per agent and day.

A period is a run of calendar days on the floor's clock, given as the UTC
instants where each day starts (``bounds``: one more than the days). Each
query groups by agent and by day index, the day found with a ``CASE`` over
those instants, so a day is the floor's day whatever its UTC offset or a
change of clocks. Only a few rows per agent and day come back; the service
adds them up into totals and per-day series.

What counts where:

- attempts and right-party contacts: dials started in the period;
- notes, flagged notes and the checklist score: notes saved in the period
  (the score is the ``score`` the workstation stores with the checklist;
  notes without one are left out of the average);
- promises (count and amount): promises made in the period, credited to the
  agent of the note that took them;
- kept, broken and collected: the promises that came to an end in the period
  (kept by a payment, or broken when their day passed), by the day they did,
  credited the same way; collected is the amount of those kept. All three
  come from the same rows, so the kept rate and the amount collected always
  tell the same story; :func:`payments_by_day` gives every payment received.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

from peewee import JOIN, SQL, Case, Cast, NodeList, PostgresqlDatabase, fn

from agent_tui.store.models import Agent, CallAttempt, CallNote, Payment, Promise, database


@dataclass
class DayCounts:
    """What one agent did on one day (or over a period, once added up)."""

    attempts: int = 0
    right_party: int = 0
    notes: int = 0
    flagged: int = 0
    score_sum: int = 0
    scored: int = 0
    promises: int = 0
    promised: int = 0
    kept: int = 0
    broken: int = 0
    collected: int = 0

    def add(self, other: DayCounts) -> None:
        """Add ``other``'s counts to these."""
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


@dataclass(frozen=True)
class AgentRow:
    """An agent of the team as the dashboard lists them."""

    id: int
    code: str
    name: str
    role: str
    team: str


#: Figures keyed by (agent id or None for no agent, day index).
Figures = dict[tuple[int | None, int], DayCounts]


def _day(column, bounds: list[datetime]):
    """The index of the day ``column`` falls in; the WHERE keeps it within the bounds."""
    return Case(None, [(column < bounds[i + 1], i) for i in range(len(bounds) - 1)])


def _within(column, bounds: list[datetime]):
    return (column >= bounds[0]) & (column < bounds[-1])


def _count_if(condition):
    return fn.SUM(Case(None, [(condition, 1)], 0))


def _score():
    """The stored checklist score of a note as a number, or NULL when it has none."""
    if isinstance(database.obj, PostgresqlDatabase):
        doc = Cast(CallNote.checklist, "jsonb")
        kind = fn.jsonb_typeof(NodeList((doc, SQL("-> 'score'"))))
        return Case(None, [(kind == "number", Cast(NodeList((doc, SQL("->> 'score'"))), "numeric"))])
    kind = fn.json_type(CallNote.checklist, "$.score").coerce(False)
    value = fn.json_extract(CallNote.checklist, "$.score").coerce(False)
    return Case(None, [(kind.in_(["integer", "real"]), value)])


def _slot(figures: Figures, agent: int | None, day: int) -> DayCounts:
    return figures.setdefault((agent, day), DayCounts())


def team_figures(bounds: list[datetime]) -> Figures:
    """Every agent's counts per day of the period that ``bounds`` delimit."""
    if len(bounds) < 2:
        return {}
    figures: Figures = {}
    day = _day(CallAttempt.started_at, bounds)
    attempts = (
        CallAttempt.select(CallAttempt.agent, day.alias("day"), fn.COUNT(CallAttempt.id),
                           _count_if(CallAttempt.right_party == True))  # noqa: E712
        .where(_within(CallAttempt.started_at, bounds))
        .group_by(CallAttempt.agent, SQL("2"))
        .tuples()
    )
    for agent, index, count, right_party in attempts:
        slot = _slot(figures, agent, index)
        slot.attempts, slot.right_party = int(count), int(right_party or 0)
    day = _day(CallNote.created_at, bounds)
    score = _score()
    notes = (
        CallNote.select(CallNote.agent, day.alias("day"), fn.COUNT(CallNote.id),
                        _count_if(CallNote.flagged == True),  # noqa: E712
                        fn.SUM(score), fn.COUNT(score))
        .where(_within(CallNote.created_at, bounds))
        .group_by(CallNote.agent, SQL("2"))
        .tuples()
    )
    for agent, index, count, flagged, score_sum, scored in notes:
        slot = _slot(figures, agent, index)
        slot.notes, slot.flagged = int(count), int(flagged or 0)
        slot.score_sum, slot.scored = int(score_sum or 0), int(scored or 0)
    day = _day(Promise.created_at, bounds)
    promises = (
        Promise.select(CallNote.agent, day.alias("day"), fn.COUNT(Promise.id), fn.SUM(Promise.amount))
        .join(CallNote, on=(Promise.note == CallNote.id), join_type=JOIN.LEFT_OUTER)
        .where(_within(Promise.created_at, bounds))
        .group_by(CallNote.agent, SQL("2"))
        .tuples()
    )
    for agent, index, count, amount in promises:
        slot = _slot(figures, agent, index)
        slot.promises, slot.promised = int(count), int(amount or 0)
    day = _day(Promise.resolved_at, bounds)
    kept = Promise.status == "kept"
    ended = (
        Promise.select(CallNote.agent, day.alias("day"), _count_if(kept), _count_if(Promise.status == "broken"),
                       fn.SUM(Case(None, [(kept, Promise.amount)], 0)))
        .join(CallNote, on=(Promise.note == CallNote.id), join_type=JOIN.LEFT_OUTER)
        .where(Promise.status.in_(["kept", "broken"]) & _within(Promise.resolved_at, bounds))
        .group_by(CallNote.agent, SQL("2"))
        .tuples()
    )
    for agent, index, kept_count, broken, amount in ended:
        slot = _slot(figures, agent, index)
        slot.kept, slot.broken, slot.collected = int(kept_count or 0), int(broken or 0), int(amount or 0)
    return figures


def payments_by_day(bounds: list[datetime]) -> list[int]:
    """Every payment received in the period, summed per day (whoever earned it)."""
    days = [0] * max(0, len(bounds) - 1)
    if not days:
        return days
    day = _day(Payment.paid_at, bounds)
    query = (
        Payment.select(day.alias("day"), fn.SUM(Payment.amount))
        .where(_within(Payment.paid_at, bounds))
        .group_by(SQL("1"))
        .tuples()
    )
    for index, amount in query:
        days[index] = int(amount or 0)
    return days


def team_agents() -> list[AgentRow]:
    """Everyone who works the phones or leads, agents first, by code."""
    query = Agent.select().order_by(Case(None, [(Agent.role == "agent", 0)], 1), Agent.code)
    return [AgentRow(a.id, a.code, a.name, a.role, a.team) for a in query]
