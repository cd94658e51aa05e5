"""A small collection floor with known figures, for the review's tests.

Three agents and a lead; accounts with debtors in two languages; dials,
notes (some flagged, some with a checklist score, one amended), promises
(open, kept, broken) and payments, at fixed instants around :data:`NOW`. The
builders return what they wrote so tests compute what to expect from it
instead of writing the answer down twice. :func:`all_pages` and
:func:`newest_first` read the review's pages and say what they should hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from agent_tui.domain.checklist import Checklist
from agent_tui.domain.records import Outcome
from agent_tui.service.review_views import NoteQuery
from agent_tui.store import init_db, open_database, use_database
from agent_tui.store.audit import note_event, promise_event
from agent_tui.store.models import (
    Account,
    Agent,
    CallAttempt,
    CallNote,
    Charge,
    ContactPoint,
    Debtor,
    Payment,
    Promise,
    ScheduleLine,
)

if TYPE_CHECKING:
    from agent_tui.service.review import Review

#: The review's "now": 2025-03-14 10:00 on the Shanghai floor.
NOW = datetime(2025, 3, 14, 2, 0, tzinfo=UTC)


@dataclass
class Floor:
    """What was written: rows by name, and every note as (id, created_at, agent code, outcome, account id)."""

    agents: dict[str, Agent] = field(default_factory=dict)
    accounts: list[Account] = field(default_factory=list)
    notes: list[CallNote] = field(default_factory=list)
    attempts: list[CallAttempt] = field(default_factory=list)
    promises: list[Promise] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)


def checklist(done_to: str) -> dict:
    """A stored checklist that went as far as ``done_to`` (``greet``, ``purpose`` or ``record``), with its score."""
    c = Checklist.start("cn").see("profile").see("ledger").complete("greet")
    if done_to in ("purpose", "record"):
        c = c.confirm("birth_date").confirm("employer").complete("purpose")
    if done_to == "record":
        c = c.complete("listen").complete("offer").complete("agree").complete("record")
    return {**c.to_dict(), "score": c.score(Outcome.RIGHT_PARTY)}


def _account(n: int, name: str, national_id: str, phone: str) -> Account:
    debtor = Debtor.create(name=name, national_id=national_id, birth_date=date(1985, 5, n % 27 + 1),
                           occupation="Nurse", employer="City Hospital", monthly_income=800000,
                           time_zone="Asia/Shanghai")
    ContactPoint.create(debtor=debtor, kind="mobile", value=phone, primary=True)
    account = Account.create(ref=f"HX-2024-{n:06d}", debtor=debtor, creditor="Hengxin Bank", product="Card",
                             principal=1_200_000, annual_rate=Decimal("0.12"), start_date=date(2024, 1, 10),
                             balance=600_000, stage="confirmed" if n % 2 else "promised")
    for seq in range(1, 13):
        ScheduleLine.create(account=account, seq=seq, due=date(2024, seq, 10), principal=100_000, interest=12_000)
    Charge.create(account=account, kind="principal", amount=1_000_000, as_of=date(2025, 3, 1))
    return account


def build_floor(notes_per_account: int = 6, accounts: int = 4) -> Floor:
    """Write the floor (models bound, connection open) and return what was written."""
    floor = Floor()
    for code, name, role in (("A001", "Wang Fang", "agent"), ("A002", "Li Qiang", "agent"),
                             ("A003", "Zhao Min", "agent"), ("L001", "Chen Jing", "lead")):
        floor.agents[code] = Agent.create(code=code, name=name, role=role, team="floor-1")
    names = ["张伟", "Maria Lopez", "李娜", "O'Brien 50%_off"]
    for n in range(accounts):
        floor.accounts.append(_account(n + 1, names[n % len(names)], f"11010119850{n}0112345{n % 10}",
                                       f"1380013{n:04d}"))
    agents = [floor.agents["A001"], floor.agents["A002"], floor.agents["A003"]]
    outcomes = [Outcome.NO_ANSWER, Outcome.RIGHT_PARTY, Outcome.PROMISE_TO_PAY, Outcome.REFUSED,
                Outcome.THIRD_PARTY, Outcome.CALLBACK]
    serial = 0
    for a, account in enumerate(floor.accounts):
        for k in range(notes_per_account):
            serial += 1
            agent = agents[(a + k) % 3]
            outcome = outcomes[(2 * a + k) % len(outcomes)]
            # Every 7th note shares its instant with the one before: ties in created_at.
            at = NOW - timedelta(hours=7 * serial - (7 if serial % 7 == 0 else 0))
            attempt = CallAttempt.create(account=account, debtor=account.debtor, agent=agent, number="*******0000",
                                         started_at=at - timedelta(minutes=5), ended_at=at - timedelta(minutes=1),
                                         outcome=outcome, right_party=outcome.is_conversation)
            floor.attempts.append(attempt)
            flags = [{"category": "threat", "excerpt": "or else", "start": 0, "end": 7}] if serial % 5 == 0 else []
            compliance = [{"rule": "cn.call_window"}] if serial % 11 == 0 else []
            note = CallNote.create(
                account=account, agent=agent, attempt=attempt, created_at=at, outcome=outcome,
                attitude="cooperative" if outcome.is_conversation else "",
                text=f"Note {serial} on {account.ref}; call 13800138000 back",
                checklist=checklist(("greet", "purpose", "record")[serial % 3]) if outcome.is_conversation else {},
                lint_flags=flags, compliance_flags=compliance, flagged=bool(flags or compliance),
            )
            floor.notes.append(note)
            if outcome == Outcome.PROMISE_TO_PAY:
                due = (at + timedelta(days=3)).date()
                status = "open" if due >= NOW.date() else ("kept" if serial % 2 else "broken")
                resolved = at + timedelta(days=3) if status != "open" else None
                promise = Promise.create(account=account, note=note, amount=50_000 + 1_000 * serial, due=due,
                                         status=status, created_at=at, resolved_at=resolved)
                floor.promises.append(promise)
                if status == "kept":
                    floor.payments.append(Payment.create(account=account, paid_at=resolved, amount=promise.amount,
                                                         reference=f"P{promise.id}"))
    first = floor.notes[0]
    amendment = CallNote.create(account=first.account, agent=first.agent, attempt=first.attempt,
                                created_at=first.created_at + timedelta(minutes=10), outcome=first.outcome,
                                amends=first, text="Correction: the debtor asked for a call after 6 pm",
                                checklist=first.checklist)
    floor.notes.append(amendment)
    for note in floor.notes:  # as the workstation records them, so the audit chain verifies
        note_event(note.agent.code, note, amended=note.amends_id is not None)
        for promise in floor.promises:
            if promise.note_id == note.id:
                promise_event(note.agent.code, promise)
    return floor


def write_floor(url: str, **options: Any) -> Floor:
    """Initialise the database at ``url`` and write the floor on a writable connection."""
    db = use_database(open_database(url))
    init_db(db)
    with db.connection_context():
        floor = build_floor(**options)
    db.close()
    return floor


def all_pages(review: Review, query: NoteQuery, size: int) -> list[int]:
    """The ids of every note the review lists for ``query``, page after page of ``size``."""
    ids: list[int] = []
    after = None
    while True:
        page = review.notes(query, after, size)
        assert len(page.lines) <= size
        ids += [line.id for line in page.lines]
        if page.next is None:
            return ids
        after = page.next


def newest_first(notes: list[CallNote]) -> list[int]:
    """The ids of ``notes`` in the browser's order: newest first, ties by id."""
    return [n.id for n in sorted(notes, key=lambda n: (n.created_at, n.id), reverse=True)]
