"""What decides whether, when or how a debtor may be contacted, and what they owe, on record with before and after.

Four kinds of row carry such a state:

- ``debtor``: the conduct flags (cease contact, dispute, vulnerable,
  attorney) and the time zone;
- ``contact``: a number or address: whose, its kind, a digest of its value,
  primary, do-not-call, its own zone;
- ``account``: contract terms, balance, overdue date, stage, closing;
- ``ledger``: an account's schedule, payments and charges, each as a digest
  and a count.

:func:`record_states` compares the rows it is given with the state their
last ``state_recorded`` event holds and appends one event per row that
differs (``before`` and ``after``; ``after`` is null for a row that is gone),
in the caller's transaction. The program calls it wherever it changes one:
an import, a saved note (stage, a cease or dispute request). A change made
any other way (SQL on the database) leaves the row differing from its last
event, and :func:`state_findings`, run by ``audit verify``, names it: the
table, the row, the account, who recorded the last state and when, and the
field that differs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from itertools import islice
from typing import Any

from peewee import JOIN, Cast, DatabaseProxy, PostgresqlDatabase, chunked

from agent_tui.store.audit import (
    _LOCK_KEY,
    ChainReport,
    SeenEvent,
    _head,
    _plain,
    _stored_hash,
    canonical,
    raw_rows,
    verify_chain,
)
from agent_tui.store.fields import utc_now
from agent_tui.store.models import (
    Account,
    AuditEvent,
    CallAttempt,
    CallNote,
    Charge,
    ContactPoint,
    Debtor,
    Payment,
    Promise,
    ScheduleLine,
)

ACTION = "state_recorded"
KINDS = ("debtor", "contact", "account", "ledger")
#: Rows read at once.
BATCH = 500

State = dict[str, Any]


@dataclass(frozen=True)
class Recorded:
    """The last recorded state of one row: what it was, who recorded it, when, and its account."""

    state: State | None
    actor: str
    at: datetime
    ref: str
    seq: int


@dataclass(frozen=True)
class Finding:
    """A row whose stored state is not the one the audit chain last recorded."""

    kind: str  # debtor, contact, account, ledger, promise, attempt
    row: int
    ref: str  # an account of the row, for the reader
    problem: str  # "changed", "unrecorded" or "deleted"
    fields: tuple[str, ...] = ()
    last: Recorded | None = None
    #: The row's state as it is now (None when it is gone).
    now: State | None = None


def _among(column: Any, ids: Sequence[int]) -> Any:
    """``column IN ids``; for ids close together a range, which the database reads as fast and which
    costs far less to write out than hundreds of values (the caller keeps only the rows it asked for)."""
    ids = list(ids)
    if ids and max(ids) - min(ids) < 2 * len(ids):
        return (column >= min(ids)) & (column <= max(ids))
    return column.in_(ids)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _refs_of_debtors(debtor_ids: Iterable[int]) -> dict[int, str]:
    refs: dict[int, str] = {}
    for chunk in chunked(sorted(set(debtor_ids)), BATCH):
        for debtor_id, ref in (Account.select(Account.debtor, Account.ref).where(_among(Account.debtor, chunk))
                               .order_by(Account.id).tuples()):
            refs.setdefault(debtor_id, ref)
    return refs


def _debtors(ids: Sequence[int]) -> dict[int, tuple[State, str]]:
    rows = Debtor.select(Debtor.id, Debtor.cease_contact, Debtor.dispute, Debtor.vulnerable, Debtor.attorney,
                         Debtor.time_zone).where(_among(Debtor.id, ids)).tuples()
    found = {row[0]: {"cease_contact": bool(row[1]), "dispute": bool(row[2]), "vulnerable": bool(row[3]),
                      "attorney": bool(row[4]), "time_zone": row[5] or ""} for row in rows}
    refs = _refs_of_debtors(found)
    return {i: (state, refs.get(i, "")) for i, state in found.items()}


def _contacts(ids: Sequence[int]) -> dict[int, tuple[State, str]]:
    rows = list(ContactPoint.select(ContactPoint.id, ContactPoint.debtor, ContactPoint.kind, ContactPoint.value,
                                    ContactPoint.primary, ContactPoint.do_not_call, ContactPoint.time_zone)
                .where(_among(ContactPoint.id, ids)).tuples())
    refs = _refs_of_debtors(row[1] for row in rows)
    return {row[0]: ({"debtor": row[1], "kind": _plain(row[2]), "value": _sha(row[3] or ""), "primary": bool(row[4]),
                      "do_not_call": bool(row[5]), "time_zone": row[6] or ""}, refs.get(row[1], ""))
            for row in rows}


_ACCOUNT_FIELDS = (Account.principal, Account.annual_rate, Account.start_date, Account.penalty_kind,
                   Account.penalty_value, Account.late_fee, Account.day_count, Account.currency, Account.balance,
                   Account.overdue_since, Account.stage, Account.closed_at)


def _accounts(ids: Sequence[int]) -> dict[int, tuple[State, str]]:
    rows = Account.select(Account.id, Account.ref, *_ACCOUNT_FIELDS).where(_among(Account.id, ids)).tuples()
    names = [field.name for field in _ACCOUNT_FIELDS]
    return {row[0]: ({name: _plain(value) for name, value in zip(names, row[2:], strict=True)}, row[1])
            for row in rows}


def _ledgers(ids: Sequence[int]) -> dict[int, tuple[State, str]]:
    # Dates and times as the database's own text (the same on SQLite and PostgreSQL), so no line is
    # converted twice; each part's lines sorted, then one digest a part.
    refs = dict(Account.select(Account.id, Account.ref).where(_among(Account.id, ids)).tuples())
    parts: dict[int, dict[str, list[tuple]]] = {i: {"schedule": [], "payments": [], "charges": []} for i in refs}
    within = list(refs)
    for name, query in (
        ("schedule", ScheduleLine.select(ScheduleLine.account, ScheduleLine.seq, Cast(ScheduleLine.due, "text"),
                                         ScheduleLine.principal, ScheduleLine.interest)
         .where(_among(ScheduleLine.account, within))),
        ("payments", Payment.select(Payment.account, Cast(Payment.paid_at, "text"), Payment.amount,
                                    Payment.reference).where(_among(Payment.account, within))),
        ("charges", Charge.select(Charge.account, Charge.kind, Charge.amount, Cast(Charge.as_of, "text"))
         .where(_among(Charge.account, within))),
    ):
        for row in raw_rows(query):
            parts[row[0]][name].append(tuple(row[1:]))
    states: dict[int, tuple[State, str]] = {}
    for account_id, lines in parts.items():
        state: State = {}
        for name, values in lines.items():
            values.sort(key=_line_key)
            state[name] = {"count": len(values), "digest": _sha(canonical(values))}
        states[account_id] = (state, refs[account_id])
    return states


def _line_key(line: tuple) -> tuple:
    return tuple("" if value is None else value for value in line)


_READERS: dict[str, Callable[[Sequence[int]], dict[int, tuple[State, str]]]] = {
    "debtor": _debtors, "contact": _contacts, "account": _accounts, "ledger": _ledgers}
_MODELS = {"debtor": Debtor, "contact": ContactPoint, "account": Account, "ledger": Account}


def _last_recorded(subjects: Sequence[str]) -> dict[str, Recorded]:
    last: dict[str, Recorded] = {}
    query = (AuditEvent.select(AuditEvent.subject, AuditEvent.payload, AuditEvent.actor, AuditEvent.at,
                               AuditEvent.seq)
             .where(AuditEvent.subject.in_(list(subjects)) & (AuditEvent.action == ACTION))
             .order_by(AuditEvent.seq).tuples())
    for subject, payload, actor, at, seq in query:
        last[subject] = Recorded(payload.get("after"), actor, at, payload.get("ref", ""), seq)
    return last


def _append_many(events: list[tuple[str, str, str, dict]], at: datetime) -> None:
    """Append ``(actor, action, subject, payload)`` events in one go, chained after the head.

    Written by the driver's own many-rows path (an import records thousands of states at once; building
    an INSERT of Peewee nodes per row cost more than everything else the import did).
    """
    if not events:
        return
    db = AuditEvent._meta.database
    if isinstance(db, DatabaseProxy):
        db = db.obj
    postgres = isinstance(db, PostgresqlDatabase)
    if postgres:
        db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
    seq, prev = _head()
    when = at.astimezone(UTC).replace(microsecond=0)
    at_text = when.strftime("%Y-%m-%d %H:%M:%S")
    stored = when.replace(tzinfo=None) if postgres else at_text
    values = []
    for actor, action, subject, payload in events:
        seq += 1
        text = canonical(payload)  # the payload once: its stored text is the hash body's own
        digest = _stored_hash(seq, at_text, actor, action, subject, text, prev)
        values.append((seq, stored, actor, action, subject, text, prev, digest))
        prev = digest
    columns = '"seq", "at", "actor", "action", "subject", "payload", "prev_hash", "hash"'
    if postgres:
        from psycopg2.extras import execute_values

        execute_values(db.cursor(), f'INSERT INTO "audit_event" ({columns}) VALUES %s', values, page_size=1000)
    else:
        db.connection().executemany(f'INSERT INTO "audit_event" ({columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', values)


def record_states(actor: str, kind: str, ids: Iterable[int], why: str, at: datetime | None = None,
                  fresh: Collection[int] = ()) -> int:
    """Record the state of each row of ``kind`` in ``ids`` that differs from its last event; how many were.

    A row that no longer exists is recorded as gone (``after`` null) if its last event had it. Rows in
    ``fresh`` were written just now (an import's new accounts): they have no earlier state to read.
    """
    at = at or utc_now()
    reader = _READERS[kind]
    written = 0
    for chunk in chunked(sorted(set(ids)), BATCH):
        now = reader(chunk)
        known = [i for i in chunk if i not in fresh]
        last = _last_recorded([f"{kind}:{i}" for i in known]) if known else {}
        events = []
        for row_id in chunk:
            subject = f"{kind}:{row_id}"
            state, ref = now.get(row_id, (None, ""))
            before = last.get(subject)
            if before is None and state is None:
                continue
            if before is not None and before.state == state:
                continue
            events.append((actor, ACTION, subject, {
                "kind": kind, "ref": ref or (before.ref if before else ""), "why": why,
                "before": before.state if before else None, "after": state}))
        _append_many(events, at)
        written += len(events)
    return written


def record_all_states(actor: str, why: str, at: datetime | None = None) -> int:
    """Record every row of every kind that differs from its last event (a baseline, or after an upgrade)."""
    written = 0
    for kind in KINDS:
        model = _MODELS[kind]
        ids = [i for (i,) in model.select(model.id).order_by(model.id).tuples()]
        written += record_states(actor, kind, ids, why, at)
    return written


def debtors_of(account_ids: Iterable[int]) -> list[int]:
    """The debtors of these accounts."""
    found: set[int] = set()
    for chunk in chunked(sorted(set(account_ids)), BATCH):
        found.update(d for (d,) in Account.select(Account.debtor).where(Account.id.in_(chunk)).tuples())
    return sorted(found)


def contacts_of(debtor_ids: Iterable[int]) -> list[int]:
    """The contact points of these debtors."""
    found: list[int] = []
    for chunk in chunked(sorted(set(debtor_ids)), BATCH):
        found.extend(c for (c,) in ContactPoint.select(ContactPoint.id).where(ContactPoint.debtor.in_(chunk))
                     .tuples())
    return found


def record_accounts(actor: str, account_ids: Iterable[int], why: str, at: datetime | None = None,
                    contacts: Iterable[int] = (), new_accounts: Collection[int] = (),
                    new_debtors: Collection[int] = ()) -> int:
    """Record the accounts, their ledgers, their debtors and the debtors' contact points (and ``contacts``,
    which may be gone), where they differ from their last events. ``new_accounts`` and ``new_debtors``
    were written just now (their numbers too): nothing of theirs was recorded before."""
    ids = sorted(set(account_ids))
    debtors = debtors_of(ids)
    written = record_states(actor, "account", ids, why, at, new_accounts)
    written += record_states(actor, "ledger", ids, why, at, new_accounts)
    written += record_states(actor, "debtor", debtors, why, at, new_debtors)
    points = contacts_of(debtors)
    if new_debtors:
        fresh_points = set(contacts_of(new_debtors))
        written += record_states(actor, "contact", [*points, *contacts], why, at, fresh_points)
    else:
        written += record_states(actor, "contact", [*points, *contacts], why, at)
    return written


def state_findings(recorded: dict[str, Recorded], limit: int = 1000, checked: list[int] | None = None
                   ) -> Iterator[Finding]:
    """Every row whose state differs from its last recorded one, has none, or is gone (at most ``limit``).

    ``checked`` (a one-item list) counts the rows compared.
    """
    shown = 0
    checked = checked if checked is not None else [0]
    for kind in KINDS:
        model = _MODELS[kind]
        prefix = f"{kind}:"
        expected = {int(s[len(prefix):]): r for s, r in recorded.items() if s.startswith(prefix)}
        last_id = 0
        while True:
            ids = [i for (i,) in model.select(model.id).where(model.id > last_id).order_by(model.id)
                   .limit(BATCH * 4).tuples()]
            if not ids:
                break
            last_id = ids[-1]
            for chunk in chunked(ids, BATCH):
                states = _READERS[kind](chunk)
                for row_id in chunk:
                    state, ref = states[row_id]
                    checked[0] += 1
                    last = expected.pop(row_id, None)
                    finding = None
                    if last is None or last.state is None:
                        finding = Finding(kind, row_id, ref, "unrecorded", last=last, now=state)
                    elif last.state != state:
                        fields = tuple(sorted(k for k in set(state) | set(last.state)
                                              if state.get(k) != last.state.get(k)))
                        finding = Finding(kind, row_id, ref or last.ref, "changed", fields, last, state)
                    if finding is not None:
                        yield finding
                        shown += 1
                        if shown >= limit:
                            return
        for row_id, last in sorted(expected.items()):
            if last.state is not None:
                yield Finding(kind, row_id, last.ref, "deleted", last=last)
                shown += 1
                if shown >= limit:
                    return


#: The status a promise event leaves its promise in (``promise_made`` says its own, "open" unless it says).
_PROMISE_AFTER = {"promise_cancelled": "cancelled", "promise_superseded": "superseded",
                  "promise_kept": "kept", "promise_broken": "broken"}


def _promise_status(action: str, payload: dict[str, Any]) -> str | None:
    if isinstance(payload.get("after"), str):
        return str(payload["after"])
    if action == "promise_made":
        return str(payload.get("status", "open"))
    return _PROMISE_AFTER.get(action)


def promise_findings(recorded: dict[int, Recorded], limit: int = 1000) -> Iterator[Finding]:
    """Every promise whose status is not the one its last event left it in (at most ``limit``)."""
    shown, last_id = 0, 0
    while shown < limit:
        rows = list(Promise.select(Promise.id, Promise.status, Account.ref).join(Account)
                    .where(Promise.id > last_id).order_by(Promise.id).limit(BATCH * 4).tuples())
        if not rows:
            return
        last_id = rows[-1][0]
        for promise_id, status, ref in rows:
            last = recorded.get(promise_id)
            if last is None or last.state is None or last.state.get("status") == _plain(status):
                continue  # a promise with no event is the chain's own finding (row_unrecorded)
            yield Finding("promise", promise_id, ref, "changed", ("status",), last, {"status": _plain(status)})
            shown += 1
            if shown >= limit:
                return


def attempt_findings(dialled: dict[int, Recorded], limit: int = 1000) -> Iterator[Finding]:
    """Every call attempt neither dialled on record nor the call of a recorded note, and every one recorded
    that is gone (at most ``limit``). A note's attempt is covered by the note's own digest."""
    noted = {a for (a,) in CallNote.select(CallNote.attempt).where(CallNote.attempt.is_null(False)).tuples()}
    vouched = dict.fromkeys(noted, None) | dict(dialled)
    shown, last_id = 0, 0
    while shown < limit:
        rows = list(CallAttempt.select(CallAttempt.id, Account.ref).join(Account, JOIN.LEFT_OUTER)
                    .where(CallAttempt.id > last_id).order_by(CallAttempt.id).limit(BATCH * 4).tuples())
        if not rows:
            break
        last_id = rows[-1][0]
        for attempt_id, ref in rows:
            if attempt_id in vouched:
                vouched.pop(attempt_id)
                continue
            yield Finding("attempt", attempt_id, ref or "", "unrecorded")
            shown += 1
            if shown >= limit:
                return
    for attempt_id, last in sorted(vouched.items()):
        if shown >= limit:
            return
        yield Finding("attempt", attempt_id, last.ref if last else "", "deleted", last=last)
        shown += 1


def verify_trail(batch: int = 5000, limit: int = 1000) -> ChainReport:
    """The chain verified (:func:`~agent_tui.store.audit.verify_chain`); then, if it holds, every row that
    decides contact or money, and every promise's status, held to what the chain last recorded.

    At most ``limit`` findings are listed.
    """
    states: dict[str, Recorded] = {}
    promises: dict[int, Recorded] = {}
    dialled: dict[int, Recorded] = {}

    def seen(event: SeenEvent) -> None:
        if event.action == ACTION:
            payload = event.data()
            states[event.subject] = Recorded(payload.get("after"), event.actor, event.when(), payload.get("ref", ""),
                                             event.seq)
        elif event.action == "call_dialled":
            attempt = event.data().get("attempt")
            if isinstance(attempt, int):
                dialled[attempt] = Recorded(None, event.actor, event.when(), "", event.seq)
        elif event.subject.startswith("promise:"):
            status = _promise_status(event.action, event.data())
            if status is not None:
                promise_id = int(event.subject.removeprefix("promise:"))
                promises[promise_id] = Recorded({"status": status}, event.actor, event.when(), "", event.seq)

    report = verify_chain(batch, seen)
    if not report.intact:
        return report
    checked = [0]
    findings = list(islice(state_findings(states, limit, checked), limit))
    findings += list(promise_findings(promises, limit - len(findings)))
    findings += list(attempt_findings(dialled, limit - len(findings)))
    return replace(report, findings=tuple(findings), states=checked[0])
