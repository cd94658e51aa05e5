"""Cases: open one from the queue or a search, take the next one, leave one without a note.

Opening a case claims it for the agent with a lease (one statement on
PostgreSQL, one IMMEDIATE transaction on SQLite: two agents opening the
same case at the same moment cannot both get it), restores the agent's
draft and any call in progress, and loads what the screen shows.

The next case is the agent's own unfinished one first: a case they still
hold that is not on the screen was left by a workstation that died (with a
draft, or a dialled call waiting for its note), and it comes back before
anything the queue ranks.
"""

from __future__ import annotations

import logging
from datetime import datetime

from agent_tui.service.call_session import CallSession
from agent_tui.service.case_loader import CaseLoader
from agent_tui.service.errors import CaseRefused
from agent_tui.service.queue_window import check_one
from agent_tui.service.views import CaseView, NoteDraft
from agent_tui.service.workstation.desk_queue import DeskQueue
from agent_tui.service.workstation.desk_state import DeskState
from agent_tui.store.audit import append_event
from agent_tui.store.calls import open_call
from agent_tui.store.claims import claim_first, held_by, holder_of, release, release_others
from agent_tui.store.convert import DeskAccount, read_account
from agent_tui.store.desk_reads import DeskAgent
from agent_tui.store.drafts import read_draft

log = logging.getLogger(__name__)  # ids and refs only: see agent_tui.log


def claim(state: DeskState, account_id: int, now: datetime) -> bool:
    """Claim the case for the agent with a fresh lease; whether they hold it now."""
    agent = state.agent()
    return claim_first(state.db, [account_id], agent.id, now, state.lease(now), team_after=state.team_after) is not None


def record_claim(state: DeskState, agent: DeskAgent, account_id: int, now: datetime) -> None:
    """The claim is made: let go of the agent's other case and write the claim to the audit trail."""
    release_others(agent.id, keep=account_id)
    append_event(
        agent.code,
        "case_claimed",
        f"account:{account_id}",
        # The trail keeps whole seconds; the claim's own moment and lease, to the microsecond, go in the payload.
        {"claimed_at": now.isoformat(), "lease_until": state.lease(now).isoformat()},
        now,
    )


class Cases:
    """Opening, taking and leaving cases."""

    def __init__(self, state: DeskState, desk_queue: DeskQueue, loader: CaseLoader) -> None:
        self.state = state
        self.desk_queue = desk_queue
        self.loader = loader

    def open_case(self, account_id: int) -> CaseView:
        """Open a case from the queue or a search: claim it, restore its draft and any call in progress."""
        state = self.state
        now = state.now()
        with state.unit():
            return self._open(account_id, now)

    def next_case(self, skip: int | None = None) -> CaseView | None:
        """The first case of the queue that can be worked now, other than the one on the screen
        (or ``skip``, the case whose note was just saved)."""
        state = self.state
        now = state.now()
        with state.unit():
            current = state.session.account_id if state.session else skip
            if state.session is not None and skip is None:
                state.passed.add(state.session.account_id)  # passed over without a note
            left = self._left_unfinished(now, current)
            if left is not None:
                return left
            # F2 takes from the queue as the pane shows it (the pane's refresh ranks it again when it
            # is old); each case is checked against the rules as it is taken, and the queue is ranked
            # again here only when nothing in it can be taken.
            ranked_now = state.window is None
            window = state.window or self.desk_queue.rank(now)
            passed = state.passed
            while True:
                for placed in list(window.placed):
                    account_id = placed.row.account_id
                    if not placed.workable or account_id == current or account_id in passed:
                        continue
                    account = read_account(account_id)
                    workable = account is not None and check_one(
                        account, now, window.largest, state.profile, state.config.queue, state.bucket).workable
                    # The claim skips a case another agent took since the window was ranked.
                    if workable and claim(state, account_id, now):
                        return self._open(account_id, now, claimed=True, known=account)
                    window.drop(account_id)  # taken, closed or closed to calls since: not now
                if ranked_now:
                    if not passed:
                        return None
                    passed = set()  # nothing else to take: the cases passed over come round again
                    state.passed.clear()
                    continue
                window, ranked_now = self.desk_queue.rank(now), True

    def _left_unfinished(self, now: datetime, current: int | None) -> CaseView | None:
        """The case the agent still holds but does not have on the screen (their workstation died on it),
        opened again with its draft and call; ``None`` when there is none (or it is not theirs to take now)."""
        state = self.state
        agent = state.agent()
        for account_id in held_by(agent.id):
            if account_id == current or account_id not in state.scope().which([account_id], now):
                continue
            if claim(state, account_id, now):
                log.info("unfinished case back account=%s", account_id)
                return self._open(account_id, now, claimed=True)
        return None

    def leave_case(self, account_id: int) -> bool:
        """The agent leaves the case without a note: the claim goes back to the team at once.

        Refused while a dialled call waits for its note (one call, one note).
        """
        state = self.state
        now = state.now()
        with state.unit():
            agent = state.agent()
            if state.session is not None and state.session.account_id == account_id:
                if state.session.attempt_id is not None:
                    raise CaseRefused("note_first")
                state.forget_case()
            left = release(account_id, agent.id)
            if left:
                append_event(agent.code, "case_released", f"account:{account_id}", {}, now)
            return left

    def _refuse_claim(self, account: DeskAccount, now: datetime) -> None:
        """Say why the case could not be claimed: another agent holds it, or it is not the agent's to take."""
        holder = holder_of(account.id)
        if holder is None or holder.agent_id == self.state.agent().id or (
                holder.lease_until is not None and holder.lease_until <= now):
            raise CaseRefused("not_yours", ref=account.ref)
        raise CaseRefused("taken", ref=account.ref, agent=holder.name)

    def _open(self, account_id: int, now: datetime, claimed: bool = False,
              known: DeskAccount | None = None) -> CaseView:
        """Claim (unless ``claimed``) and load a case; ``known`` is its row when the caller has read it."""
        state = self.state
        agent = state.agent()
        account = known or read_account(account_id)
        if account is None:
            raise CaseRefused("no_case")
        if not claimed and not claim(state, account_id, now):
            self._refuse_claim(account, now)  # refuses a case another agent holds
        if account_id not in state.scope().which([account_id], now):
            raise CaseRefused("not_yours", ref=account.ref)
        saved = read_draft(agent.id, account_id)
        call = open_call(account_id, agent.id)
        session = CallSession.start(account_id, state.profile)
        draft = None
        if saved is not None:
            session = session.restored(saved.fields)
            draft = NoteDraft.from_dict(saved.fields.get("form") or {})
        if call is not None:
            session.attempt_id = call.attempt_id
            session.started_at = call.started_at
            session.ended_at = call.ended_at
            session.contact_id = call.contact_point_id
            session.number = call.number
            session.by_hand = state.dialer.by_hand
        state.session = session
        case = self.loader.load(account_id, now, session, draft, saved.updated_at if saved else None, agent.name,
                                known=account)
        state.case = case
        # Last: on PostgreSQL the audit append holds the trail's lock until commit; loading the case
        # before it keeps the floor's claims from queueing behind each other's case loading.
        record_claim(state, agent, account_id, now)
        log.info("case opened account=%s ref=%s", account_id, case.account_ref)
        return case
