"""The tamper-evident audit trail: append events, and walk the chain to verify it.

Each :class:`~agent_tui.store.models.AuditEvent` carries the hash of the event
before it and a hash of its own content (``seq``, time, actor, action,
subject, payload, previous hash), so changing, deleting or inserting a row
behind the program's back breaks the chain at that row. What a call records
is covered too: the event that records a call note, a promise or a payment
plan carries a digest of its content (a promise's sum and date, a plan's
lines), and :func:`verify_chain` recomputes each from the row as it is now.
A promise's or plan's status moves on as payments come in, so the digest
covers what was agreed, not how it went.

:func:`append_event` must run inside the caller's transaction (the same one
that writes what it records). On SQLite the transaction already holds the
write lock (``BEGIN IMMEDIATE``); on PostgreSQL a transaction-scoped advisory
lock serialises appends, so two agents never both write event n+1.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from json.encoder import encode_basestring
from typing import Any, NamedTuple

from peewee import Cast, DatabaseProxy, PostgresqlDatabase

from agent_tui.domain.records import PromiseStatus
from agent_tui.store.fields import utc_now
from agent_tui.store.models import AuditEvent, BaseModel, CallNote, Plan, PlanLine, Promise

#: Advisory lock key for audit appends on PostgreSQL ("AUDT").
_LOCK_KEY = 0x41554454
NOTE_FIELDS = (
    "id", "account", "agent", "attempt", "amends", "created_at", "outcome", "attitude", "hardship", "can_pay",
    "offer_kind", "offer", "response", "next_action", "next_action_at", "text", "checklist", "lint_flags",
    "compliance_flags", "flagged",
)
#: What a promise's digest covers: what was promised, on which call (not its status, which moves on).
PROMISE_FIELDS = ("id", "account", "note", "amount", "due", "created_at")
#: What a plan's digest covers, besides its lines (seq, due, amount).
PLAN_FIELDS = ("id", "account", "note", "kind", "created_at")
#: The kinds of record the chain vouches for: the action that records one, and its subject's prefix.
RECORDED = {"note": ("note_saved", "note_amended"), "promise": ("promise_made",), "plan": ("plan_made",)}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    return value


def canonical(data: dict[str, Any] | list[Any]) -> str:
    """The one text a dict (or a list) hashes as: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_plain)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _plain_fields(values: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: _plain(values.get(name)) for name in fields}


def note_content(values: dict[str, Any]) -> dict[str, Any]:
    """The fields of a call note that its digest covers, as plain values (foreign keys as ids)."""
    return _plain_fields(values, NOTE_FIELDS)


def note_digest(values: dict[str, Any]) -> str:
    """The digest of a call note's content, from its field values (foreign keys as ids)."""
    return _sha(canonical(note_content(values)))


def _values(row: BaseModel, fields: tuple[str, ...]) -> dict[str, Any]:
    """A row's stored values of ``fields``, foreign keys as ids."""
    return {name: row.__data__.get(name) for name in fields}


def row_values(note: CallNote) -> dict[str, Any]:
    """A saved note's field values with foreign keys as ids, as :func:`note_digest` takes them."""
    return _values(note, NOTE_FIELDS)


def promise_digest(values: dict[str, Any]) -> str:
    """The digest of a promise's agreed content, from its field values (foreign keys as ids)."""
    return _sha(canonical(_plain_fields(values, PROMISE_FIELDS)))


def plan_digest(values: dict[str, Any], lines: list[tuple[int, Any, int]]) -> str:
    """The digest of a plan and its lines ``(seq, due, amount)``, in seq order."""
    content = _plain_fields(values, PLAN_FIELDS)
    content["lines"] = [[seq, _plain(due), amount] for seq, due, amount in sorted(lines, key=lambda line: line[0])]
    return _sha(canonical(content))


def event_hash(seq: int, at: datetime, actor: str, action: str, subject: str, payload: dict, prev_hash: str) -> str:
    """The hash an event must carry."""
    body = {"seq": seq, "at": _plain(at), "actor": actor, "action": action, "subject": subject,
            "payload": payload, "prev": prev_hash}
    return _sha(canonical(body))


def _head() -> tuple[int, str]:
    last = AuditEvent.select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).tuples().first()
    return (last[0], last[1]) if last is not None else (0, "")


def append_event(actor: str, action: str, subject: str = "", payload: dict | None = None,
                 at: datetime | None = None) -> AuditEvent:
    """Append one event to the chain; call inside the transaction that does what it records."""
    db = AuditEvent._meta.database
    if isinstance(db, DatabaseProxy):
        db = db.obj
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
    payload = json.loads(canonical(payload or {}))
    at = (at or utc_now()).astimezone(UTC).replace(microsecond=0)
    seq, prev = _head()
    seq += 1
    digest = event_hash(seq, at, actor, action, subject, payload, prev)
    values: dict[str, Any] = {"seq": seq, "at": at, "actor": actor, "action": action, "subject": subject,
                              "payload": payload, "prev_hash": prev, "hash": digest}
    AuditEvent.insert(**values).execute()
    return AuditEvent(**values)


def note_event(actor: str, note: CallNote, amended: bool = False) -> AuditEvent:
    """Record a saved (or amending) call note with the digest of its content."""
    action = "note_amended" if amended else "note_saved"
    return append_event(actor, action, f"note:{note.id}", {"digest": note_digest(row_values(note)),
                                                          "account": note.__data__.get("account")})


def promise_event(actor: str, promise: Promise, at: datetime | None = None) -> AuditEvent:
    """Record a promise made on a call: the sum, the date and the digest of what was agreed."""
    values = _values(promise, PROMISE_FIELDS)
    data = {"account": values["account"], "note": values["note"], "amount": values["amount"],
            "due": _plain(values["due"]), "digest": promise_digest(values)}
    if promise.status == PromiseStatus.PENDING_APPROVAL:
        data["status"] = PromiseStatus.PENDING_APPROVAL.value
    return append_event(actor, "promise_made", f"promise:{promise.id}", data, at)


def plan_event(actor: str, plan: Plan, at: datetime | None = None) -> AuditEvent:
    """Record a payment plan agreed on a call, with the digest of the plan and its lines."""
    values = _values(plan, PLAN_FIELDS)
    lines = [(line.seq, line.due, line.amount) for line in PlanLine.select().where(PlanLine.plan == plan.id)]
    return append_event(actor, "plan_made", f"plan:{plan.id}", {
        "account": values["account"], "note": values["note"], "kind": values["kind"], "lines": len(lines),
        "total": sum(amount for _, _, amount in lines), "digest": plan_digest(values, lines)}, at)


def chained_events(start_seq: int, start_hash: str, rows: list[tuple]) -> Iterator[tuple]:
    """Hash a run of new events in order, for bulk writers (the demo).

    ``rows`` are ``(at, actor, action, subject, payload)``; yields
    ``(seq, at, actor, action, subject, payload, prev_hash, hash)``.
    """
    seq, prev = start_seq, start_hash
    for at, actor, action, subject, payload in rows:
        seq += 1
        at = at.astimezone(UTC).replace(microsecond=0)
        digest = event_hash(seq, at, actor, action, subject, payload, prev)
        yield seq, at, actor, action, subject, payload, prev, digest
        prev = digest


@dataclass(frozen=True)
class ChainReport:
    """What :func:`verify_chain` found: the counts, and the first break if any."""

    events: int
    notes: int = 0
    promises: int = 0
    plans: int = 0
    problem: str | None = None  # catalog key under audit.problem.*
    where: str = ""  # an event's "#seq"; for a record, empty (see kind and row)
    kind: str = ""  # "note", "promise" or "plan" when the problem is a record's
    row: int | None = None
    #: Rows whose stored state is not the one the chain last recorded
    #: (:class:`~agent_tui.store.audit_state.Finding`), when the chain itself holds.
    findings: tuple[Any, ...] = ()
    #: Rows of each kind whose state was checked against the chain.
    states: int = 0

    @property
    def intact(self) -> bool:
        """Whether every event and every recorded row matches."""
        return self.problem is None and not self.findings


def _recorded_rows(kind: str, batch: int) -> Iterator[tuple[int, str]]:
    """Every note, promise or plan as ``(id, digest of its row as it is now)``, in id order."""
    model = {"note": CallNote, "promise": Promise, "plan": Plan}[kind]
    last_id = 0
    while True:
        rows = list(model.select().where(model.id > last_id).order_by(model.id).limit(batch))
        if not rows:
            return
        last_id = rows[-1].id
        if kind == "note":
            yield from ((row.id, note_digest(row_values(row))) for row in rows)
        elif kind == "promise":
            yield from ((row.id, promise_digest(_values(row, PROMISE_FIELDS))) for row in rows)
        else:
            lines: dict[int, list] = {row.id: [] for row in rows}
            query = PlanLine.select(PlanLine.plan, PlanLine.seq, PlanLine.due, PlanLine.amount).where(
                PlanLine.plan.in_(list(lines))).tuples()
            for plan_id, seq, due, amount in query:
                lines[plan_id].append((seq, due, amount))
            yield from ((row.id, plan_digest(_values(row, PLAN_FIELDS), lines[row.id])) for row in rows)


class SeenEvent(NamedTuple):
    """An event that holds, as :func:`verify_chain` hands it on: its payload still as the stored text."""

    seq: int
    at: str  # "YYYY-MM-DD HH:MM:SS", UTC
    actor: str
    action: str
    subject: str
    payload: str

    def data(self) -> dict[str, Any]:
        """The payload, parsed."""
        value = json.loads(self.payload) if self.payload else {}
        return value if isinstance(value, dict) else {}

    def when(self) -> datetime:
        """The event's time, aware UTC."""
        return datetime.fromisoformat(self.at).replace(tzinfo=UTC)


#: A string as JSON writes it with ensure_ascii=False (quotes and controls escaped, the rest as is).
_text = encode_basestring


def _stored_hash(seq: int, at: str, actor: str, action: str, subject: str, payload: str, prev: str) -> str:
    """:func:`event_hash` from the stored text: the payload is kept as canonical JSON, so it is the body's
    own text, and the keys are written in their sorted order (action, actor, at, payload, prev, seq, subject).
    """
    body = (f'{{"action":{_text(action)},"actor":{_text(actor)},"at":{_text(at)},"payload":{payload},'
            f'"prev":{_text(prev)},"seq":{seq},"subject":{_text(subject)}}}')
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def raw_rows(query: Any) -> list[tuple]:
    """A query's rows as the driver gives them, without a converter per value (for the long walks of
    verify, where every value is text or a number already)."""
    return list(query.model._meta.database.execute(query).fetchall())


def _event_rows(last_id: int, batch: int) -> list[tuple]:
    """The next events after id ``last_id`` with their time and payload as stored text."""
    return raw_rows(AuditEvent.select(
        AuditEvent.id, AuditEvent.seq, Cast(AuditEvent.at, "text"), AuditEvent.actor, AuditEvent.action,
        AuditEvent.subject, Cast(AuditEvent.payload, "text"), AuditEvent.prev_hash, AuditEvent.hash,
    ).where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(batch))


def _holds(seq: int, at: str, actor: str, action: str, subject: str, payload: str, prev: str, digest: str) -> bool:
    if _stored_hash(seq, at, actor, action, subject, payload, prev) == digest:
        return True
    try:  # a payload stored in another (equal) spelling: hash it as it reads
        when = datetime.fromisoformat(at).replace(tzinfo=UTC)
        return event_hash(seq, when, actor, action, subject, json.loads(payload), prev) == digest
    except (ValueError, TypeError):
        return False


def verify_chain(batch: int = 5000, seen: Callable[[SeenEvent], None] | None = None) -> ChainReport:
    """Walk the whole chain in order, then check every note, promise and plan against its event.

    ``seen`` is given each event that holds, in chain order (to gather what else it records).
    """
    prev, expected_seq, count = "", 1, 0
    actions = {action: kind for kind, names in RECORDED.items() for action in names}
    digests: dict[str, dict[int, str]] = {kind: {} for kind in RECORDED}
    last_id = 0
    while True:
        rows = _event_rows(last_id, batch)
        if not rows:
            break
        for event_id, seq, at, actor, action, subject, payload, prev_hash, digest in rows:
            last_id = event_id
            if seq != expected_seq:
                return ChainReport(count, problem="missing" if seq > expected_seq else "out_of_order",
                                   where=f"#{expected_seq}")
            if prev_hash != prev:
                return ChainReport(count, problem="broken_link", where=f"#{seq}")
            if not _holds(seq, at, actor, action, subject, payload or "", prev_hash, digest):
                return ChainReport(count, problem="changed_event", where=f"#{seq}")
            event = SeenEvent(seq, at, actor, action, subject, payload or "")
            if seen is not None:
                seen(event)
            kind = actions.get(action)
            if kind is not None and subject.startswith(f"{kind}:"):
                digests[kind][int(subject[len(kind) + 1:])] = event.data().get("digest", "")
            prev, expected_seq, count = digest, expected_seq + 1, count + 1
    checked = dict.fromkeys(RECORDED, 0)

    def report(problem: str | None = None, kind: str = "", row: int | None = None) -> ChainReport:
        return ChainReport(count, checked["note"], checked["promise"], checked["plan"], problem, kind=kind, row=row)

    for kind in RECORDED:
        noted = digests[kind]
        for row_id, digest in _recorded_rows(kind, batch):
            recorded = noted.pop(row_id, None)
            if recorded is None:
                return report("row_unrecorded", kind, row_id)
            if digest != recorded:
                return report("row_changed", kind, row_id)
            checked[kind] += 1
        if noted:
            return report("row_deleted", kind, min(noted))
    return report()
