"""The team lead's review: notes, a note's case, the team dashboard, masked exports.

Read-only by construction, not by manners:

- :func:`open_review` opens the database read-only (SQLite ``mode=ro``,
  PostgreSQL ``default_transaction_read_only``), from
  ``review.database_url`` (a replica, say) when config gives one;
- every use case runs in :func:`~agent_tui.store.read_snapshot.read_snapshot`,
  a read-only transaction that also makes its queries agree with each other;
- :class:`Review` has no method that writes, and a test checks that this
  module and its helpers call nothing that does.

The one thing a lead does here that leaves a trace is an export: its audit
event is appended by :class:`~agent_tui.service.export_record.ExportRecorder`
on a connection of its own to the main database, before the file is put in
place. The review's own connection still refuses every write.

Each method opens its own connection on the calling thread, so the screens
call them from thread workers. Nothing here imports Textual.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import asdict
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from agent_tui.config import Config
from agent_tui.domain.case_figures import CaseFigures, before_call
from agent_tui.domain.checklist import Checklist, ChecklistError, Mark
from agent_tui.domain.compliance import profile_for
from agent_tui.domain.debtor_clock import debtor_today
from agent_tui.domain.phone_zone import clock_zone
from agent_tui.domain.records import Outcome, PromiseStatus, Stage
from agent_tui.i18n import Msg
from agent_tui.service import review_masking as masked
from agent_tui.service.export_record import ExportRecorder, os_actor
from agent_tui.service.review_export import ExportFile, ExportKind, ExportProblem, write_export
from agent_tui.service.review_views import (
    AgentChoice,
    AgentFigures,
    BrowserPage,
    ChecklistView,
    Dashboard,
    LeadView,
    NoteDetail,
    NoteQuery,
)
from agent_tui.store import check_schema, open_database, use_database
from agent_tui.store.export import ExportRange
from agent_tui.store.note_case import load_note_case
from agent_tui.store.note_search import FLAG_CHOICES, PAGE_SIZE, PROMISE_ANY, NoteCursor, NoteFilter, note_page
from agent_tui.store.read_snapshot import ReaderDatabase, read_snapshot
from agent_tui.store.team_figures import DayCounts, payments_by_day, team_agents, team_figures

#: The longest dashboard period, in days (a year and a day for leap years).
MAX_PERIOD_DAYS = 366


class ReviewRefused(Exception):
    """The review cannot do what was asked (an unknown lead, a period backwards); ``msg`` says why."""

    def __init__(self, key: str, **params: Any) -> None:
        self.msg = Msg(f"review.refused.{key}", params)
        super().__init__(self.msg.key)


def utc_now() -> datetime:
    """The real clock, in UTC (tests pass a fixed one instead)."""
    return datetime.now(UTC)


def review_database_url(config: Config, cli_url: str | None, main_url: str) -> str:
    """Where the review reads: ``--db`` if given, else ``review.database_url``, else the main database."""
    if cli_url:
        return cli_url
    return config.review.database_url or main_url


class Review:
    """What a team lead can see; nothing here can change the data.

    Every view it returns is masked (see :mod:`agent_tui.service.review_masking`).
    """

    def __init__(self, db: ReaderDatabase, config: Config, lead: LeadView,
                 now: Callable[[], datetime] = utc_now, recorder: ExportRecorder | None = None) -> None:
        self._db = db
        self.config = config
        self.lead = lead
        self.now = now
        self._recorder = recorder
        self.zone = ZoneInfo(config.time_zone)
        #: The floor's country, for the zone of a debtor who has none but their numbers'.
        self.country = profile_for(config.compliance).country

    @property
    def database(self) -> ReaderDatabase:
        """The read-only database the review reads (its connection refuses every write)."""
        return self._db

    def close(self) -> None:
        """Close this thread's connection, if one is open."""
        if not self._db.is_closed():
            self._db.close()

    # --- the floor's calendar ---------------------------------------------------------

    def today(self) -> date:
        """Today on the floor's clock."""
        return self.now().astimezone(self.zone).date()

    def day_start(self, day: date) -> datetime:
        """The UTC instant the floor's ``day`` begins."""
        return datetime.combine(day, time(0), self.zone).astimezone(UTC)

    def note_filter(self, query: NoteQuery) -> NoteFilter:
        """The lead's filter in the store's terms: days become UTC instants.

        A value the filter does not know (a flag, outcome, stage or promise status) is
        refused by name rather than matching every note; so is typed text holding a
        NUL character, which no stored text holds and PostgreSQL's driver refuses.
        """
        for name, text in (("agent", query.agent), ("search", query.search)):
            if text and "\x00" in text:
                raise ReviewRefused("nul_character", filter=name)
        for name, value, known in (
            ("flag", query.flag, FLAG_CHOICES),
            ("outcome", query.outcome, tuple(o.value for o in Outcome)),
            ("stage", query.stage, tuple(s.value for s in Stage)),
            ("promise", query.promise, (PROMISE_ANY, *(p.value for p in PromiseStatus))),
        ):
            if value and value not in known:
                raise ReviewRefused("unknown_filter", filter=name, value=value, known=", ".join(known))
        return NoteFilter(
            agent=query.agent or None,
            since=self.day_start(query.since) if query.since else None,
            until=self.day_start(query.until + timedelta(days=1)) if query.until else None,
            outcome=query.outcome or None,
            stage=query.stage or None,
            flag=query.flag or None,
            promise=query.promise or None,
            search=query.search or None,
        )

    # --- reading ---------------------------------------------------------------------

    def reading(self) -> AbstractContextManager[None]:
        """A read-only snapshot on this thread's connection, for a use case of several queries."""
        return read_snapshot(self._db)

    def agents(self) -> tuple[AgentChoice, ...]:
        """Everyone whose notes the lead may filter by."""
        with self.reading():
            return tuple(AgentChoice(a.code, a.name, a.role) for a in team_agents())

    def notes(self, query: NoteQuery, after: NoteCursor | None = None, size: int = PAGE_SIZE) -> BrowserPage:
        """One page of notes matching ``query``, newest first, continuing after ``after``; masked."""
        with self.reading():
            page = note_page(self.note_filter(query), after, size)
        return masked.browser_page(page)

    def note(self, note_id: int) -> NoteDetail | None:
        """The note with its case around it, masked; ``None`` if there is no such note."""
        with self.reading():
            case = load_note_case(note_id)
        if case is None:
            return None
        figures: CaseFigures | None = None
        problem: Msg | None = None
        try:
            as_of = debtor_today(self.now(), case.debtor, case.contacts, self.country)
            figures = before_call(case.account, as_of, self.config.ledger, self.config.offers)
        except (ValueError, ArithmeticError) as exc:  # a contract the rules cannot price: show the rest
            problem = Msg("review.detail.figures_failed", {"reason": str(exc)})
        note = case.note
        here = (note.created_at, note.id)
        timeline = [masked.timeline_line(entry) for entry in case.timeline]
        return NoteDetail(
            note=masked.note_view(note),
            debtor=masked.debtor_view(case.debtor, clock_zone(case.debtor, case.contacts, self.country)),
            account=masked.account_view(case.account, case.balance),
            contacts=masked.contact_numbers(case.contacts),
            attempt=masked.attempt_view(case.attempt),
            promises=tuple(masked.promise_view(p) for p in case.promises),
            checklist=checklist_view(note.checklist, note.outcome),
            figures=figures,
            earlier=tuple(e for e in timeline if (e.created_at, e.id) < here),
            later=tuple(e for e in timeline if (e.created_at, e.id) > here),
            amendments=tuple(e for e in timeline if e.amends_id == note.id),
            amends=next((e for e in timeline if e.id == note.amends_id), None),
            figures_problem=problem,
        )

    def period_bounds(self, since: date, until: date) -> list[datetime]:
        """The UTC instants where each day of ``since..until`` starts, and where the last ends."""
        if until < since:
            raise ReviewRefused("period_backwards", since=since.isoformat(), until=until.isoformat())
        days = (until - since).days + 1
        if days > MAX_PERIOD_DAYS:
            raise ReviewRefused("period_too_long", days=days, limit=MAX_PERIOD_DAYS)
        return [self.day_start(since + timedelta(days=n)) for n in range(days + 1)]

    def dashboard(self, since: date, until: date) -> Dashboard:
        """Per agent and for the team: the period's counts, totals and per-day series."""
        bounds = self.period_bounds(since, until)
        days = tuple(since + timedelta(days=n) for n in range(len(bounds) - 1))
        with self.reading():
            people = team_agents()
            figures = team_figures(bounds)
            payments = payments_by_day(bounds)
        active = {agent for agent, _ in figures}
        rows: list[AgentFigures] = []
        for person in people:
            if person.role != "agent" and person.id not in active:
                continue  # a lead who took no calls is not a row of the team's work
            series = tuple(figures.get((person.id, n), DayCounts()) for n in range(len(days)))
            rows.append(AgentFigures(person.code, person.name, _sum(series), series))
        # The team is everything counted, including promises taken by no known agent.
        team_days = [DayCounts() for _ in days]
        for (_, index), counts in figures.items():
            team_days[index].add(counts)
        team = AgentFigures("", "", _sum(team_days), tuple(team_days))
        return Dashboard(since, until, days, self.config.currency, tuple(rows), team, tuple(payments))

    # --- export (masked only; on record in the audit log before the file is in place) ---

    def export(self, kind: ExportKind, query: NoteQuery, out: Path, lang: str) -> tuple[ExportFile, int]:
        """Write ``kind`` for the screen's current filter to ``out``, masked; the file and its audit event's seq.

        Promises and accounts take the filter's agent and days; notes take all of it.
        Raises :class:`~agent_tui.service.review_export.ExportProblem` when the file
        cannot be written or put on record (then nothing is left behind).
        """
        if self._recorder is None:
            raise ExportProblem("audit_failed", reason=Msg("review.refused.no_audit_log").render())
        note_filter = self.note_filter(query)
        scope = ExportRange(note_filter.since, note_filter.until, note_filter.agent)
        with self.reading():
            exported = write_export(kind, out, notes=note_filter, scope=scope, masked=True, lang=lang,
                                    zone=self.zone)
        asked = {name: value.isoformat() if isinstance(value, date) else value
                 for name, value in asdict(query).items()}
        seq = self._recorder.finish(exported, {"filter": asked, "lead": self.lead.code or None})
        return exported, seq


def _sum(days: Iterable[DayCounts]) -> DayCounts:
    total = DayCounts()
    for day in days:
        total.add(day)
    return total


#: What a saved note's step can have come to; anything else (open, locked) was missed.
_AS_RECORDED = frozenset({Mark.DONE, Mark.FAILED, Mark.SKIPPED})


def checklist_view(stored: dict[str, Any], outcome: str) -> ChecklistView:
    """The checklist stored with a note, as steps done or not, and its score."""
    if not stored:
        return ChecklistView((), "", None, Msg("review.detail.no_checklist"))
    try:
        checklist = Checklist.from_dict(stored)
    except ChecklistError as exc:
        return ChecklistView((), "", None, exc.msg)
    result: Outcome | None
    try:
        result = Outcome(outcome)
    except ValueError:
        result = None
    score = masked.stored_score(stored)
    if score is None:
        score = checklist.score(result)
    marks = tuple((step, mark.value if mark in _AS_RECORDED else "missed")
                  for step, mark in checklist.marks(result))
    steps = tuple((step, mark == "done") for step, mark in marks)
    return ChecklistView(steps, checklist.path.value, score, marks=marks)


def open_review(config: Config, database_url: str, lead_code: str | None,
                now: Callable[[], datetime] = utc_now, audit_url: str | None = None) -> Review:
    """Open the database read-only, check its schema and who the lead is; the ready review.

    Exports are put on record in the audit log of the database at ``audit_url``
    (the main database; the review may read a replica); without one the review
    refuses to export.

    Raises :class:`~agent_tui.store.StoreError` for a database that cannot be
    used and :class:`ReviewRefused` for a lead code that is not a team lead.
    """
    db = use_database(open_database(database_url, read_only=True))
    with db.connection_context():
        check_schema(db)
        lead = _lead(lead_code)
    recorder = ExportRecorder(audit_url, lead.code or os_actor()) if audit_url else None
    return Review(db, config, lead, now, recorder)


def _lead(code: str | None) -> LeadView:
    if not code:
        return LeadView()
    person = next((p for p in team_agents() if p.code == code), None)
    if person is None:
        raise ReviewRefused("unknown_lead", code=code)
    if person.role != "lead":
        raise ReviewRefused("not_a_lead", code=code, name=person.name)
    return LeadView(person.code, person.name, person.team)
