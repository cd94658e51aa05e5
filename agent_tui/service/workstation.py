"""The agent workstation's use cases: one method each, one transaction each.

The screen calls these from worker threads and gets plain views back
(:mod:`agent_tui.service.views`). The rules come from ``domain`` (the
ledger and offers, the contact gate and the queue order, the checklist and
the scripts); rows come through ``store``. A lock serialises the use cases
of one workstation, so a keystroke that arrives while the previous one is
still writing waits its turn instead of racing it.
"""

from __future__ import annotations

import logging
import threading
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from typing import Callable, Iterator

from agent_tui.config import Config
from agent_tui.domain.checklist import IDENTIFIERS_NEEDED
from agent_tui.domain.compliance import contact_decisions, mask, profile_for
from agent_tui.domain.ledger import bucket_for
from agent_tui.domain.queue import order_queue
from agent_tui.domain.records import Outcome
from agent_tui.i18n import Msg
from agent_tui.service import case_file
from agent_tui.service.call_session import CallSession
from agent_tui.service.case_loader import CaseLoader
from agent_tui.service.desk_data import (
    GATE_HISTORY,
    DeskScope,
    account_row,
    draft_row,
    find_accounts,
    open_attempts,
    queue_inputs,
    zone_of,
)
from agent_tui.service.dialer import Dialer
from agent_tui.service.errors import CaseRefused
from agent_tui.service.note_check import check_note
from agent_tui.service.note_writer import NoteWriter
from agent_tui.service.queue_rows import queue_rows
from agent_tui.service.queue_window import QueueWindow, build_window, check_one, refresh
from agent_tui.service.views import (
    AgentView,
    CallState,
    CaseView,
    DialResult,
    FieldProblem,
    NoteDraft,
    QueueRow,
    SaveResult,
)
from agent_tui.store.audit import append_event
from agent_tui.store.claims import claim_first, lock_debtor, release, release_others, renew
from agent_tui.store.convert import load_attempts, load_contact_points, load_debtor
from agent_tui.store.models import Account, Agent, CallAttempt, ContactPoint, Debtor, Draft


log = logging.getLogger(__name__)  # ids and refs only: see agent_tui.log


def utc_now() -> datetime:
    """The real clock, in UTC."""
    return datetime.now(timezone.utc)


class Workstation:
    """What one agent can do at the workstation."""

    def __init__(
        self,
        db,
        config: Config,
        agent_code: str,
        now: Callable[[], datetime] = utc_now,
        dialer: Dialer | None = None,
    ) -> None:
        self.db = db
        self.config = config
        self.agent_code = agent_code
        self.now = now
        self.dialer = dialer or Dialer(config.dialer.command)
        self.profile = profile_for(config.compliance)
        self.loader = CaseLoader(config, self.profile)
        self.writer = NoteWriter(config)
        self._lock = threading.RLock()
        self._session: CallSession | None = None
        self._case: CaseView | None = None
        self._draft_revision: dict[int, int] = {}
        self._noted_revision: dict[int, int] = {}
        self._window: QueueWindow | None = None
        self._agent_row: Agent | None = None
        self._desk_scope: DeskScope | None = None
        #: An idle connection held open beside the use cases' own (see ``store.database.keep_attached``).
        self.attached = None

    @contextmanager
    def _unit(self) -> Iterator[None]:
        """One use case: the lock, a connection of this thread, one transaction."""
        with self._lock, self.db.connection_context(), self.db.atomic():
            yield

    def _agent(self) -> Agent:
        if self._agent_row is None:  # who works here does not change while the workstation runs
            agent = Agent.get_or_none(Agent.code == self.agent_code)
            if agent is None:
                raise CaseRefused("unknown_agent", code=self.agent_code)
            self._agent_row = agent
        return self._agent_row

    def _desk(self, agent: Agent) -> DeskScope:
        if self._desk_scope is None:
            self._desk_scope = DeskScope(agent, timedelta(minutes=self.config.claims.assigned_first_minutes))
        return self._desk_scope

    def _scope(self, agent: Agent, now: datetime):
        return self._desk(agent).condition(now)

    def _bucket(self, days: int) -> str:
        return bucket_for(days, self.config.ledger)

    # ---- who, and the queue ----

    def agent(self) -> AgentView:
        """The agent working here; refuses an agent code the database does not know."""
        with self._unit():
            row = self._agent()
            return AgentView(row.code, row.name, row.team)

    def _rows(self, accounts: list[Account], now: datetime):
        inputs = queue_inputs(accounts, now)
        entries = order_queue(now, list(inputs.values()), self.profile, self.config.queue)
        return queue_rows(entries, inputs, self._bucket, now)

    def _rank(self, agent: Agent, now: datetime) -> QueueWindow:
        """Rank the queue's first cases afresh (see :mod:`agent_tui.service.queue_window`)."""
        today = now.astimezone(zone_of(self.config.time_zone)).date()
        self._window = build_window(self._scope(agent, now), now, today, self.profile, self.config.queue,
                                    self._bucket)
        return self._window

    def _window_at(self, agent: Agent, now: datetime) -> QueueWindow:
        """The queue's window: the one ranked a moment ago without the cases gone since, or a new one."""
        if self._window is not None and self._window.fresh(now):
            return refresh(self._window, lambda ids: self._desk(agent).which(ids, now))
        return self._rank(agent, now)

    def queue(self) -> list[QueueRow]:
        """The first cases of the agent's queue in the conduct rules' order, each with why it is there.

        A long queue is shown as its first cases (see :mod:`agent_tui.service.queue_window`);
        search finds any case.
        """
        now = self.now()
        with self._unit():
            return [placed.row for placed in self._window_at(self._agent(), now).placed]

    def search(self, text: str) -> list[QueueRow]:
        """The agent's accounts whose debtor name, account ref or phone number contains ``text``."""
        now = self.now()
        with self._unit():
            agent = self._agent()
            accounts = find_accounts(self._scope(agent, now), text)
            rows = {p.row.account_id: p.row for p in self._rows(accounts, now)}
            return [rows[a.id] for a in accounts if a.id in rows]

    # ---- cases ----

    def _claim(self, agent: Agent, account: Account, now: datetime) -> None:
        """Hold the case for this agent for a lease; let go of any other case they held.

        The claim is one statement on PostgreSQL and one IMMEDIATE transaction on SQLite
        (:func:`~agent_tui.store.claims.claim_first`), so two agents opening the same case at the
        same moment cannot both get it: the second is told who has it.
        """
        if claim_first(self.db, [account.id], agent.id, now, self._lease(now), team_after=self._team_after()) is None:
            holder = Account.get_by_id(account.id).claimed_by
            if holder is None or holder.id == agent.id or Account.get_by_id(account.id).lease_until <= now:
                raise CaseRefused("not_yours", ref=account.ref)
            raise CaseRefused("taken", ref=account.ref, agent=holder.name)

    def _claimed(self, agent: Agent, account_id: int, now: datetime) -> None:
        """The claim is made: let go of the agent's other case and write the claim to the audit trail."""
        release_others(agent.id, keep=account_id)
        append_event(
            agent.code,
            "case_claimed",
            f"account:{account_id}",
            # The trail keeps whole seconds; the claim's own moment and lease, to the microsecond, go in the payload.
            {"claimed_at": now.isoformat(), "lease_until": self._lease(now).isoformat()},
            now,
        )

    def _lease(self, now: datetime) -> datetime:
        return now + timedelta(seconds=round(self.config.claims.lease_minutes * 60))

    def _team_after(self) -> timedelta:
        return timedelta(minutes=self.config.claims.assigned_first_minutes)

    def _open(self, agent: Agent, account_id: int, now: datetime, claimed: bool = False,
              account: Account | None = None) -> CaseView:
        """Claim (unless ``claimed``) and load a case; ``account`` is its row when the caller has read it."""
        account = account or account_row(account_id)
        if account is None:
            raise CaseRefused("no_case")
        if not claimed:
            self._claim(agent, account, now)  # refuses a case another agent holds
        if account_id not in self._desk(agent).which([account_id], now):
            raise CaseRefused("not_yours", ref=account.ref)
        saved = draft_row(agent.id, account_id)
        # The agent is checked here, not in SQL: with it in the WHERE the planner may walk all of
        # the agent's attempts (hundreds of thousands) by its index instead of the account's few.
        open_attempt = next((a for a in open_attempts(account_id) if a.agent_id == agent.id), None)
        session = CallSession.start(account_id, self.profile)
        draft = None
        if saved is not None:
            session = session.restored(saved.fields)
            draft = NoteDraft.from_dict(saved.fields.get("form") or {})
        if open_attempt is not None:
            session.attempt_id = open_attempt.id
            session.started_at = open_attempt.started_at
            session.ended_at = open_attempt.ended_at
            session.contact_id = open_attempt.contact_point_id
            point = ContactPoint.get_or_none(ContactPoint.id == open_attempt.contact_point_id)
            session.number = point.value if point is not None else ""
            session.by_hand = self.dialer.by_hand
        self._session = session
        case = self.loader.load(
            account_id, now, session, draft, saved.updated_at if saved else None, agent.name, row=account
        )
        self._case = case
        # Last: on PostgreSQL the audit append holds the trail's lock until commit; loading the case
        # before it keeps the floor's claims from queueing behind each other's case loading.
        self._claimed(agent, account_id, now)
        log.info("case opened account=%s ref=%s", account_id, case.account_ref)
        return case

    def open_case(self, account_id: int) -> CaseView:
        """Open a case from the queue or a search: claim it, restore its draft and any call in progress."""
        now = self.now()
        with self._unit():
            return self._open(self._agent(), account_id, now)

    def next_case(self, skip: int | None = None) -> CaseView | None:
        """The first case of the queue that can be worked now, other than the one on the screen
        (or ``skip``, the case whose note was just saved)."""
        now = self.now()
        with self._unit():
            agent = self._agent()
            current = self._session.account_id if self._session else skip
            # F2 takes from the queue as the pane shows it (the pane's refresh ranks it again when it
            # is old); each case is checked against the rules as it is taken, and the queue is ranked
            # again here only when nothing in it can be taken.
            ranked_now = self._window is None
            window = self._window or self._rank(agent, now)
            while True:
                for placed in list(window.placed):
                    account_id = placed.row.account_id
                    if not placed.workable or account_id == current:
                        continue
                    account = account_row(account_id)
                    workable = account is not None and check_one(
                        account, now, window.largest, self.profile, self.config.queue, self._bucket).workable
                    # The claim skips a case another agent took since the window was ranked.
                    if workable and claim_first(self.db, [account_id], agent.id, now, self._lease(now),
                                                team_after=self._team_after()) is not None:
                        return self._open(agent, account_id, now, claimed=True, account=account)
                    window.drop(account_id)  # taken, closed or closed to calls since: not now
                if ranked_now:
                    return None
                window, ranked_now = self._rank(agent, now), True

    def leave_case(self, account_id: int) -> bool:
        """The agent leaves the case without a note: the claim goes back to the team at once.

        Refused while a dialled call waits for its note (one call, one note).
        """
        now = self.now()
        with self._unit():
            agent = self._agent()
            if self._session is not None and self._session.account_id == account_id:
                if self._session.attempt_id is not None:
                    raise CaseRefused("note_first")
                self._session, self._case = None, None
            left = release(account_id, agent.id)
            if left:
                append_event(agent.code, "case_released", f"account:{account_id}", {}, now)
            return left

    # ---- the call ----

    def _session_for(self, account_id: int) -> CallSession:
        if self._session is None or self._session.account_id != account_id:
            raise CaseRefused("no_case")
        return self._session

    def _renew(self, agent: Agent, account_id: int, now: datetime) -> None:
        """Keep the lease while the agent works the case: a long call must not free it for others."""
        renew(account_id, agent.id, self._lease(now))

    def _keep(self, agent: Agent, session: CallSession, now: datetime) -> None:
        """Write the session's checklist into the draft, so a restart resumes at the same step."""
        self._renew(agent, session.account_id, now)
        row = draft_row(agent.id, session.account_id)
        fields = dict(row.fields) if row is not None else {"form": NoteDraft().to_dict()}
        fields.update(session.to_dict())
        if row is None:
            Draft.create(agent=agent.id, account=session.account_id, fields=fields, updated_at=now)
        else:
            Draft.update(fields=fields, updated_at=now).where(Draft.id == row.id).execute()

    def dial(self, account_id: int) -> DialResult:
        """F3: ask the contact gate first; dial the first number it allows, or say why not and when."""
        now = self.now()
        with self._unit():
            agent = self._agent()
            session = self._session_for(account_id)
            if session.attempt_id is not None:
                # One call, one note: the attempt already dialled is written with its note first.
                raise CaseRefused("on_call" if session.ended_at is None else "note_first")
            account = Account.get_by_id(account_id)
            # Dial only on a case still held: a lease that ran out while the agent was away may be a
            # teammate's case by now.
            if not renew(account_id, agent.id, self._lease(now)):
                if claim_first(self.db, [account_id], agent.id, now, self._lease(now), team_after=self._team_after()) is None:
                    holder = Account.get_by_id(account_id).claimed_by
                    raise CaseRefused("taken", ref=account.ref, agent=holder.name if holder else "?")
                self._claimed(agent, account_id, now)  # the lease ran out but nobody took the case: claim it again
            # Every agent's calls count: hold the debtor while counting, until this attempt is written.
            lock_debtor(self.db, account.debtor_id)
            debtor = load_debtor(account.debtor_id)
            points = load_contact_points(account.debtor_id)
            history = load_attempts(account.debtor_id, now - GATE_HISTORY)
            decisions = contact_decisions(now, debtor, points, history, self.profile, account_id)
            allowed = next(((p, d) for p, d in decisions if d.allowed), None)
            if allowed is None:
                if not decisions:
                    raise CaseRefused("no_number")
                refusal = case_file.first_refusal(decisions)
                append_event(
                    agent.code,
                    "call_refused",
                    f"account:{account_id}",
                    {"rule": refusal.rule_id, "at": now.isoformat()},
                    now,
                )
                return DialResult(
                    allowed=False,
                    rule_id=refusal.rule_id or "",
                    citation=refusal.citation or "",
                    reason=refusal.reason,
                    next_allowed_at=refusal.next_allowed_at,
                )
            point, _ = allowed
            attempt = CallAttempt.create(
                account=account_id,
                debtor=account.debtor_id,
                agent=agent.id,
                contact_point=point.id,
                number=mask(point.value),
                started_at=now,
            )
            append_event(
                agent.code, "call_dialled", f"account:{account_id}", {"attempt": attempt.id, "contact": point.id}, now
            )
            session.attempt_id, session.contact_id, session.number = attempt.id, point.id, point.value
            session.started_at, session.ended_at, session.by_hand = now, None, self.dialer.by_hand
            self._keep(agent, session, now)
            number = point.value
        # The softphone starts outside the transaction: a slow start must not hold the database.
        problem = self.dialer.dial(number)
        return DialResult(allowed=True, state=session.state(), dialer_error=problem)

    def verify_identity(self, account_id: int, identifiers: tuple[str, ...] = ()) -> CallState:
        """F4: the person on the line confirmed these identifiers (two verify identity)."""
        now = self.now()
        with self._unit():
            agent = self._agent()
            session = self._session_for(account_id)
            if session.attempt_id is None or session.ended_at is not None:
                raise CaseRefused("no_call")
            session.verify(identifiers)
            verified = session.checklist.path.value == "right_party"
            append_event(
                agent.code,
                "identity_verified" if verified else "identity_checked",
                f"account:{account_id}",
                {"attempt": session.attempt_id, "identifiers": list(identifiers)},
                now,
            )
            self._keep(agent, session, now)
            if verified:
                return session.state()
            return session.state(Msg("checklist.locked.verify_by_identifiers", {"needed": IDENTIFIERS_NEEDED}))

    def identity_failed(self, account_id: int) -> CallState:
        """F4, "not the debtor": the third-party path, nothing about the debt may be said."""
        now = self.now()
        with self._unit():
            agent = self._agent()
            session = self._session_for(account_id)
            session.not_the_debtor()
            append_event(agent.code, "third_party_on_line", f"account:{account_id}", {"attempt": session.attempt_id}, now)
            self._keep(agent, session, now)
            return session.state()

    def end_call(self, account_id: int) -> CallState:
        """F5: the call is over; the clock stops."""
        now = self.now()
        with self._unit():
            agent = self._agent()
            session = self._session_for(account_id)
            if session.attempt_id is None:
                raise CaseRefused("no_call")
            if session.ended_at is None:
                session.ended_at = now
                CallAttempt.update(ended_at=now).where(CallAttempt.id == session.attempt_id).execute()
            self._keep(agent, session, now)
            return session.state()

    def mark_step(self, account_id: int, step: str) -> CallState:
        """The agent moved on to ``step``; says why when the conduct rules lock it."""
        now = self.now()
        with self._unit():
            session = self._session_for(account_id)
            blocked = session.reach(step)
            self._keep(self._agent(), session, now)
            return session.state(blocked)

    def pick_offer(self, account_id: int, index: int) -> CallState:
        """An offer from the list was put to the debtor."""
        now = self.now()
        with self._unit():
            session = self._session_for(account_id)
            if self._case is None or not any(o.index == index for o in self._case.offers):
                raise CaseRefused("no_offer")
            blocked = session.pick_offer(index)
            self._keep(self._agent(), session, now)
            return session.state(blocked)

    def choose_outcome(self, account_id: int, outcome: str) -> CallState:
        """The note's outcome was chosen; a third party on the line puts the checklist on that path."""
        now = self.now()
        with self._unit():
            session = self._session_for(account_id)
            try:
                session.choose_outcome(Outcome(outcome))
            except ValueError:
                return session.state()
            self._keep(self._agent(), session, now)
            return session.state()

    # ---- the note ----

    def check_note(self, account_id: int, draft: NoteDraft) -> list[FieldProblem]:
        """The form's problems, field by field, as the agent types (no database, no lock)."""
        case, session = self._case, self._session
        if case is None or session is None or case.account_id != account_id:
            return []
        _, problems = check_note(draft, self.loader.note_rules(case), self.now())
        return problems + self.writer.call_problems(draft, session)

    def save_draft(self, account_id: int, draft: NoteDraft, revision: int = 0) -> datetime | None:
        """Autosave the form; an older revision than one already stored is dropped."""
        now = self.now()
        with self._unit():
            if revision and revision < self._draft_revision.get(account_id, 0):
                return None  # a newer draft is already stored
            if revision and revision <= self._noted_revision.get(account_id, 0):
                return None  # typed before the note was saved: the note has it, the draft is gone
            self._draft_revision[account_id] = revision
            agent = self._agent()
            row = Draft.get_or_none((Draft.agent == agent.id) & (Draft.account == account_id))
            fields = dict(row.fields) if row is not None else {}
            fields["form"] = draft.to_dict()
            self._renew(agent, account_id, now)
            if self._session is not None and self._session.account_id == account_id:
                fields.update(self._session.to_dict())
            if row is None:
                Draft.create(agent=agent.id, account=account_id, fields=fields, updated_at=now)
            else:
                Draft.update(fields=fields, updated_at=now).where(Draft.id == row.id).execute()
            return now

    def load_draft(self, account_id: int) -> NoteDraft | None:
        """The agent's saved draft for a case, if there is one."""
        with self._unit():
            row = Draft.get_or_none((Draft.agent == self._agent().id) & (Draft.account == account_id))
            return NoteDraft.from_dict(row.fields.get("form") or {}) if row is not None else None

    def save_note(self, account_id: int, draft: NoteDraft, revision: int = 0) -> SaveResult:
        """Ctrl+S: attempt, note, promise or plan, stage and next action, audit — in one transaction;
        then the next case. An amendment (``draft.amends_id``) goes to :meth:`amend_note`.

        ``revision`` is the form's autosave revision at Ctrl+S: an autosave of that revision or
        older that arrives afterwards is dropped instead of bringing back the deleted draft.
        """
        if draft.amends_id is not None:
            return self.amend_note(draft.amends_id, draft, revision)
        now = self.now()
        with self._unit():
            agent = self._agent()
            session = self._session_for(account_id)
            parsed, problems = check_note(draft, self.loader.note_rules(self._case), now)
            problems += self.writer.call_problems(draft, session)
            if problems:
                return SaveResult(saved=False, problems=tuple(problems))
            result = self.writer.save(agent, session, self._case, parsed, now)
            # Only this agent's own claim: a note saved after the lease ran out must not free a teammate's.
            release(account_id, agent.id)
            if self._window is not None:
                self._window.drop(account_id)  # worked: the next ranking puts it where it now belongs
            self._session = None
            self._case = None
            self._noted_revision[account_id] = revision
        log.info("note saved id=%s account=%s", result["note_id"], account_id)
        return SaveResult(**result, next_case=self.next_case(skip=account_id))

    def start_amendment(self, account_id: int) -> NoteDraft:
        """Ctrl+N: the agent's last note on the case, in the form, marked as amending it."""
        with self._unit():
            case = self._case
            if case is None or case.account_id != account_id:
                raise CaseRefused("no_case")
            return self.writer.amendment_draft(self._agent(), account_id, case.debtor.time_zone)

    def amend_note(self, note_id: int, draft: NoteDraft, revision: int = 0) -> SaveResult:
        """Save a correction as a new note pointing to ``note_id``; the old note stays as it was."""
        now = self.now()
        with self._unit():
            agent = self._agent()
            case = self._case
            if case is None:
                raise CaseRefused("no_case")
            parsed, problems = check_note(draft, self.loader.note_rules(case), now)
            if problems:
                return SaveResult(saved=False, problems=tuple(problems))
            result = self.writer.amend(agent, note_id, case, parsed, now)
            self._noted_revision[case.account_id] = revision
        log.info("note amended id=%s amends=%s account=%s", result["note_id"], note_id, case.account_id)
        return SaveResult(**result, next_case=self.open_case(case.account_id))

    # ---- personal data ----

    def reveal_national_id(self, account_id: int) -> str:
        """The full national ID; the reveal is written to the audit log first."""
        now = self.now()
        with self._unit():
            agent = self._agent()
            account = Account.get_or_none(Account.id == account_id)
            if account is None:
                raise CaseRefused("no_case")
            debtor = Debtor.get_by_id(account.debtor_id)
            append_event(
                agent.code, "national_id_revealed", f"debtor:{debtor.id}", {"account": account_id}, now
            )
            log.info("national id revealed account=%s", account_id)
            return debtor.national_id


#: Each SQLite connection's page cache, in KiB. An agent's use cases read a case, its ledger and
#: one window of the queue: a few hundred pages, which the OS keeps cached anyway. SQLite's own
#: default (2 MiB a connection) would be held for the whole shift.
PAGE_CACHE_KIB = 512


def open_workstation(config: Config, database_url: str, agent_code: str, now=utc_now) -> Workstation:
    """Open the database at ``database_url``, bind the models to it, and the agent's workstation on it."""
    from agent_tui.store import check_schema, open_database, use_database

    from agent_tui.store.database import keep_attached

    db = use_database(open_database(database_url, cache_kib=PAGE_CACHE_KIB))
    check_schema(db)
    workstation = Workstation(db, config, agent_code, now=now)
    workstation.attached = keep_attached(db)  # each use case's connection then closes without a disk sync
    return workstation

