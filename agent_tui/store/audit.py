"""The tamper-evident audit trail: append events, and walk the chain to verify it.

Each :class:`~agent_tui.store.models.AuditEvent` carries the hash of the event
before it and a hash of its own content (``seq``, time, actor, action,
subject, payload, previous hash), so changing, deleting or inserting a row
behind the program's back breaks the chain at that row. A saved call note is
covered too: the event that records it carries a digest of the note's
content, and :func:`verify_chain` recomputes it from the row as it is now.

:func:`append_event` must run inside the caller's transaction (the same one
that writes what it records). On SQLite the transaction already holds the
write lock (``BEGIN IMMEDIATE``); on PostgreSQL a transaction-scoped advisory
lock serialises appends, so two agents never both write event n+1.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Iterator

from peewee import PostgresqlDatabase

from agent_tui.store.fields import utc_now
from agent_tui.store.models import AuditEvent, CallNote, database

#: Advisory lock key for audit appends on PostgreSQL ("AUDT").
_LOCK_KEY = 0x41554454
#: Events whose subject is a call note and whose payload carries its digest.
NOTE_ACTIONS = ("note_saved", "note_amended")
NOTE_FIELDS = (
    "id", "account", "agent", "attempt", "amends", "created_at", "outcome", "attitude", "hardship", "can_pay",
    "offer_kind", "offer", "response", "next_action", "next_action_at", "text", "checklist", "lint_flags",
    "compliance_flags", "flagged",
)


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


def canonical(data: dict[str, Any]) -> str:
    """The one text a dict hashes as: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_plain)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def note_content(values: dict[str, Any]) -> dict[str, Any]:
    """The fields of a call note that its digest covers, as plain values (foreign keys as ids)."""
    return {name: _plain(values.get(name)) for name in NOTE_FIELDS}


def note_digest(values: dict[str, Any]) -> str:
    """The digest of a call note's content, from its field values (foreign keys as ids)."""
    return _sha(canonical(note_content(values)))


def row_values(note: CallNote) -> dict[str, Any]:
    """A saved note's field values with foreign keys as ids, as :func:`note_digest` takes them."""
    return {name: note.__data__.get(name) for name in NOTE_FIELDS}


def event_hash(seq: int, at: datetime, actor: str, action: str, subject: str, payload: dict, prev_hash: str) -> str:
    """The hash an event must carry."""
    body = {"seq": seq, "at": _plain(at), "actor": actor, "action": action, "subject": subject,
            "payload": payload, "prev": prev_hash}
    return _sha(canonical(body))


def _head() -> tuple[int, str]:
    last = AuditEvent.select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).first()
    return (last.seq, last.hash) if last is not None else (0, "")


def append_event(actor: str, action: str, subject: str = "", payload: dict | None = None,
                 at: datetime | None = None) -> AuditEvent:
    """Append one event to the chain; call inside the transaction that does what it records."""
    db = database.obj
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
    payload = json.loads(canonical(payload or {}))
    at = (at or utc_now()).astimezone(UTC).replace(microsecond=0)
    seq, prev = _head()
    seq += 1
    digest = event_hash(seq, at, actor, action, subject, payload, prev)
    return AuditEvent.create(seq=seq, at=at, actor=actor, action=action, subject=subject, payload=payload,
                             prev_hash=prev, hash=digest)


def note_event(actor: str, note: CallNote, amended: bool = False) -> AuditEvent:
    """Record a saved (or amending) call note with the digest of its content."""
    action = "note_amended" if amended else "note_saved"
    return append_event(actor, action, f"note:{note.id}", {"digest": note_digest(row_values(note)),
                                                          "account": note.__data__.get("account")})


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
    """What :func:`verify_chain` found: the count, and the first break if any."""

    events: int
    notes: int
    problem: str | None = None  # catalog key under audit.*
    where: str = ""

    @property
    def intact(self) -> bool:
        """Whether every event and every note matches."""
        return self.problem is None


def verify_chain(batch: int = 5000) -> ChainReport:
    """Walk the whole chain in order and check every note against its event."""
    prev, expected_seq, count = "", 1, 0
    noted: dict[int, str] = {}
    last_id = 0
    while True:
        rows = list(AuditEvent.select().where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(batch))
        if not rows:
            break
        for event in rows:
            last_id = event.id
            where = f"#{event.seq}"
            if event.seq != expected_seq:
                return ChainReport(count, 0, "missing" if event.seq > expected_seq else "out_of_order",
                                   f"#{expected_seq}")
            if event.prev_hash != prev:
                return ChainReport(count, 0, "broken_link", where)
            if event_hash(event.seq, event.at, event.actor, event.action, event.subject, event.payload,
                          event.prev_hash) != event.hash:
                return ChainReport(count, 0, "changed_event", where)
            if event.action in NOTE_ACTIONS and event.subject.startswith("note:"):
                noted[int(event.subject[5:])] = event.payload.get("digest", "")
            prev, expected_seq, count = event.hash, expected_seq + 1, count + 1
    checked = 0
    last_id = 0
    while True:
        notes = list(CallNote.select().where(CallNote.id > last_id).order_by(CallNote.id).limit(batch))
        if not notes:
            break
        for note in notes:
            last_id = note.id
            digest = noted.pop(note.id, None)
            if digest is None:
                return ChainReport(count, checked, "note_unrecorded", f"note {note.id}")
            if note_digest(row_values(note)) != digest:
                return ChainReport(count, checked, "note_changed", f"note {note.id}")
            checked += 1
    if noted:
        return ChainReport(count, checked, "note_deleted", f"note {min(noted)}")
    return ChainReport(count, checked)
