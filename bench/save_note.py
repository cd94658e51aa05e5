"""Save note: Ctrl+S at the end of a first call that ended in a promise, the whole transaction.

Each run works a case the way an agent does, through the workstation
service on a scratch copy of the demo: next case, dial, identity verified,
purpose, listening, an instalment offer put and accepted, call ended; then
the note with a promise to pay the offer's first instalment. The figure is
``Workstation.save_note`` from the call until its transaction has committed
(the attempt's outcome, the note, the promise, the account's stage and next
action, the draft removed, the audit events): ``save_note`` then goes on to
open the next case, which is the next-case figure's business and is not
counted here.

The floor is the transaction's statements through the driver alone, on an
identical database: every statement the run sends is recorded, call by
call, and replayed afterwards on a second copy of the demo in the same
order, each call in one transaction, so the second copy goes through the
same states and the ids the saves wrote and referred to are the same
there; only the saves' transactions are timed.
"""

from __future__ import annotations

import sqlite3
import time
from datetime import timedelta
from pathlib import Path

from bench.figures import Figure, Target
from bench.next_case import open_desk
from bench.portfolio import drop, scratch_copy
from bench.sql_replay import recording

#: Notes saved per repetition requested.
NOTES_PER_REPEAT = 6
#: Cases tried before giving up on finding one the conduct rules let us call now.
TRIES = 50


class Session:
    """The statements of a run, call by call, to be replayed on an identical copy of the database."""

    def __init__(self, workstation) -> None:
        self.workstation = workstation
        self.calls: list[tuple[bool, list]] = []  # (timed, statements)

    def call(self, method: str, *args):
        """Call the service's ``method``, recording its statements as one transaction."""
        with recording(self.workstation.db) as statements:
            result = getattr(self.workstation, method)(*args)
        self.calls.append((False, statements))
        return result

    def save(self, account: int, draft) -> float:
        """Ctrl+S: seconds until the note's transaction has committed (the next case it opens is not counted)."""
        workstation = self.workstation
        committed: dict = {}
        next_case = workstation.next_case
        with recording(workstation.db) as statements:

            def after_commit(*args, **kwargs):  # save_note opens the next case once its transaction is over
                committed.setdefault("at", time.perf_counter())
                committed.setdefault("count", len(statements))
                return next_case(*args, **kwargs)

            workstation.next_case = after_commit
            try:
                started = time.perf_counter()
                result = workstation.save_note(account, draft)
            finally:
                del workstation.next_case
        if not result.saved or "at" not in committed:
            raise RuntimeError(f"the note was not saved: {result.problems}")
        self.calls.append((True, statements[: committed["count"]]))
        self.calls.append((False, statements[committed["count"]:]))
        return committed["at"] - started

    def replay_on(self, mirror: Path) -> list[float]:
        """Replay every call on ``mirror``, each in one committed transaction; seconds of the saves."""
        conn = sqlite3.connect(str(mirror), isolation_level=None)
        for pragma in ("journal_mode = wal", "foreign_keys = 1", "synchronous = normal"):
            conn.execute(f"PRAGMA {pragma}")
        timed = []
        try:
            for is_save, statements in self.calls:
                started = time.perf_counter()
                conn.execute("BEGIN IMMEDIATE")
                for sql, params in statements:
                    conn.execute(sql, params).fetchall()
                conn.execute("COMMIT")
                if is_save:
                    timed.append(time.perf_counter() - started)
        finally:
            conn.close()
        return timed


def first_call(session: Session):
    """Take cases until one can be dialled; work it to the end of the call; its promise note, or None."""
    from agent_tui.service.views import NoteDraft

    for _ in range(TRIES):
        case = session.call("next_case")
        if case is None:
            return None, None
        if not case.offers or not session.call("dial", case.account_id).allowed:
            continue
        account = case.account_id
        session.call("verify_identity", account, ("birth_date", "national_id_last4"))
        for step in ("listen", "offer"):
            session.call("mark_step", account, step)
        offer = case.offers[-1]
        session.call("pick_offer", account, offer.index)
        session.call("end_call", account)
        due, amount = offer.payments[0]
        draft = NoteDraft(
            outcome="promise_to_pay",
            attitude="cooperative",
            hardship="business",
            capacity=f"{max(amount, 100_00) / 100:.2f}",
            offer=str(offer.index),
            response="accepted",
            promise_amount=f"{amount / 100:.2f}",
            promise_date=due.isoformat(),
            next_action="follow_up_promise",
            next_action_at=(due + timedelta(days=1)).isoformat() + " 10:00",
            text="Shop had a slow winter; pays the first instalment on the agreed day.",
        )
        if session.workstation.check_note(account, draft):
            continue  # the rules want something this script does not type: another case
        return account, draft
    return None, None


def measure(demo: Path, work: Path, repeat: int, say=print) -> Figure:
    """Saving a promise note, median over several calls (target ≤ 15 ms)."""
    say("save note (the whole transaction) …")
    ours_db = scratch_copy(demo, work, "save-note")
    mirror = scratch_copy(demo, work, "save-note-floor")
    workstation = open_desk(ours_db)
    session = Session(workstation)
    runs = max(repeat * NOTES_PER_REPEAT, 5)
    ours = []
    for n in range(runs + 1):  # the first save warms up and is not counted
        account, draft = first_call(session)
        if account is None:
            raise RuntimeError("no case in the queue could be called at the bench's moment")
        seconds = session.save(account, draft)
        if n:
            ours.append(seconds * 1000)
    workstation.db.close()
    floor = [s * 1000 for s in session.replay_on(mirror)[1:]]
    for path in (ours_db, mirror):
        drop(path)
    return Figure(
        id="save_note",
        name="save note",
        unit="ms",
        target=Target("limit", 15),
        floor_name="its SQL, sqlite3 alone",
        ours=ours,
        floor=floor,
        notes={"notes": runs, "note": "promise to pay after a first call, with its audit events"},
    )
