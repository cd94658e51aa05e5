"""The call on the open case: dial through the contact gate, verify who is on the line, walk the
checklist, put an offer, end the call.

Every move is written into the agent's draft (:meth:`Calls.keep`), so a
workstation that stops mid-call comes back to the same call and the same
step; the attempt itself is written at the dial, so every agent's counting
sees it at once.
"""

from __future__ import annotations

from datetime import datetime

from agent_tui.domain.checklist import IDENTIFIERS_NEEDED
from agent_tui.domain.compliance import contact_decisions, mask
from agent_tui.domain.contact_gate import GATE_HISTORY
from agent_tui.domain.records import ContactKind, Outcome
from agent_tui.i18n import Msg
from agent_tui.service import case_file
from agent_tui.service.call_session import CallSession
from agent_tui.service.errors import CaseRefused
from agent_tui.service.views import CallState, DialResult, NoteDraft, NumberChoice
from agent_tui.service.workstation.cases import claim, record_claim
from agent_tui.service.workstation.desk_state import DeskState
from agent_tui.store.audit import append_event
from agent_tui.store.calls import end_attempt, start_attempt
from agent_tui.store.claims import holder_of, lock_debtor, renew
from agent_tui.store.convert import load_attempts, load_contact_points, load_debtor, read_account
from agent_tui.store.drafts import read_draft, write_draft

#: The contact points F3 can dial (an e-mail address is not a number).
DIALLED = frozenset(kind for kind in ContactKind if kind != ContactKind.EMAIL)


class Calls:
    """The call's use cases, F3 to F5 and the checklist's steps between."""

    def __init__(self, state: DeskState) -> None:
        self.state = state

    def keep(self, session: CallSession, now: datetime) -> None:
        """Keep the lease, and write the session's checklist into the draft, so a restart resumes at the same step."""
        state = self.state
        agent = state.agent()
        # A long call must not free the case for others.
        renew(session.account_id, agent.id, state.lease(now))
        stored = read_draft(agent.id, session.account_id)
        fields = dict(stored.fields) if stored is not None else {"form": NoteDraft().to_dict()}
        fields.update(session.to_dict())
        write_draft(agent.id, session.account_id, fields, now, stored.id if stored is not None else None)

    def numbers(self, account_id: int) -> tuple[NumberChoice, ...]:
        """F3's choice: the debtor's numbers, the primary first, each with the contact gate's verdict now."""
        state = self.state
        now = state.now()
        with state.unit():
            account = read_account(account_id)
            debtor = load_debtor(account.debtor_id) if account is not None else None
            if account is None or debtor is None:
                raise CaseRefused("no_case")
            points = load_contact_points(account.debtor_id)
            history = load_attempts(account.debtor_id, now - GATE_HISTORY)
            decisions = contact_decisions(now, debtor, points, history, state.profile, account_id)
            return tuple(
                NumberChoice(p.id, p.kind.value, mask(p.value), p.primary, d.allowed,
                             None if d.allowed else d.reason, d.rule_id or "")
                for p, d in decisions
                if p.kind in DIALLED
            )

    def dial(self, account_id: int, contact_id: int | None = None) -> DialResult:
        """F3: ask the contact gate first; dial the number chosen (``contact_id``), or else the first it allows;
        or say why not and when."""
        state = self.state
        now = state.now()
        with state.unit():
            agent = state.agent()
            session = state.session_for(account_id)
            if session.attempt_id is not None:
                # One call, one note: the attempt already dialled is written with its note first.
                raise CaseRefused("on_call" if session.ended_at is None else "note_first")
            account = read_account(account_id)
            if account is None:
                raise CaseRefused("no_case")
            # Dial only on a case still held: a lease that ran out while the agent was away may be a
            # teammate's case by now.
            if not renew(account_id, agent.id, state.lease(now)):
                if not claim(state, account_id, now):
                    holder = holder_of(account_id)
                    raise CaseRefused("taken", ref=account.ref, agent=holder.name if holder else "?")
                record_claim(state, agent, account_id, now)  # the lease ran out but nobody took the case
            # Every agent's calls count: hold the debtor while counting, until this attempt is written.
            lock_debtor(state.db, account.debtor_id)
            # The moment is read again once the debtor is held: a teammate's dial written while this one
            # waited for the lock carries a later time than the one read before, and the limits count up
            # to this moment (a number rang three times against a cap of two under load).
            now = state.now()
            debtor = load_debtor(account.debtor_id)
            if debtor is None:
                raise CaseRefused("no_case")
            points = load_contact_points(account.debtor_id)
            history = load_attempts(account.debtor_id, now - GATE_HISTORY)
            decisions = contact_decisions(now, debtor, points, history, state.profile, account_id)
            if contact_id is not None:
                decisions = tuple((p, d) for p, d in decisions if p.id == contact_id)
            allowed = next((p for p, d in decisions if d.allowed), None)
            if allowed is None:
                if not decisions:
                    raise CaseRefused("no_number")
                refusal = case_file.first_refusal(decisions)
                append_event(agent.code, "call_refused", f"account:{account_id}",
                             {"rule": refusal.rule_id, "at": now.isoformat()}, now)
                return DialResult(
                    allowed=False,
                    rule_id=refusal.rule_id or "",
                    citation=refusal.citation or "",
                    reason=refusal.reason,
                    next_allowed_at=refusal.next_allowed_at,
                )
            point = allowed
            attempt_id = start_attempt(account_id, account.debtor_id, agent.id, point.id, mask(point.value), now)
            append_event(agent.code, "call_dialled", f"account:{account_id}",
                         {"attempt": attempt_id, "contact": point.id}, now)
            session.attempt_id, session.contact_id, session.number = attempt_id, point.id, point.value
            session.started_at, session.ended_at, session.by_hand = now, None, state.dialer.by_hand
            self.keep(session, now)
        # The softphone starts outside the transaction: a slow start must not hold the database.
        problem = state.dialer.dial(point.value)
        return DialResult(allowed=True, state=session.state(), dialer_error=problem)

    def verify_identity(self, account_id: int, identifiers: tuple[str, ...] = ()) -> CallState:
        """F4: the person on the line confirmed these identifiers (two verify identity)."""
        state = self.state
        now = state.now()
        with state.unit():
            agent = state.agent()
            session = state.session_for(account_id)
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
            self.keep(session, now)
            if verified:
                return session.state()
            return session.state(Msg("checklist.locked.verify_by_identifiers", {"needed": IDENTIFIERS_NEEDED}))

    def identity_failed(self, account_id: int) -> CallState:
        """F4, "not the debtor": the third-party path, nothing about the debt may be said."""
        state = self.state
        now = state.now()
        with state.unit():
            agent = state.agent()
            session = state.session_for(account_id)
            session.not_the_debtor()
            append_event(agent.code, "third_party_on_line", f"account:{account_id}",
                         {"attempt": session.attempt_id}, now)
            self.keep(session, now)
            return session.state()

    def end_call(self, account_id: int) -> CallState:
        """F5: the call is over; the clock stops."""
        state = self.state
        now = state.now()
        with state.unit():
            session = state.session_for(account_id)
            if session.attempt_id is None:
                raise CaseRefused("no_call")
            if session.ended_at is None:
                session.ended_at = now
                end_attempt(session.attempt_id, now)
            self.keep(session, now)
            return session.state()

    def mark_step(self, account_id: int, step: str) -> CallState:
        """The agent moved on to ``step``; says why when the conduct rules lock it."""
        state = self.state
        now = state.now()
        with state.unit():
            session = state.session_for(account_id)
            blocked = session.reach(step)
            self.keep(session, now)
            return session.state(blocked)

    def pick_offer(self, account_id: int, index: int) -> CallState:
        """An offer from the list was put to the debtor."""
        state = self.state
        now = state.now()
        with state.unit():
            session = state.session_for(account_id)
            if state.case is None or not any(o.index == index for o in state.case.offers):
                raise CaseRefused("no_offer")
            blocked = session.pick_offer(index)
            self.keep(session, now)
            return session.state(blocked)

    def choose_outcome(self, account_id: int, outcome: str) -> CallState:
        """The note's outcome was chosen; a third party on the line puts the checklist on that path."""
        state = self.state
        now = state.now()
        with state.unit():
            session = state.session_for(account_id)
            try:
                session.choose_outcome(Outcome(outcome))
            except ValueError:
                return session.state()
            self.keep(session, now)
            return session.state()
