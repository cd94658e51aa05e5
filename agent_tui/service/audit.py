"""The tamper-evident audit trail: each event's hash covers the one before it.

An event is appended inside the transaction of the use case it records, so
the trail and the data cannot disagree: either both are written or neither.
The hash is SHA-256 over a canonical JSON of the event and the previous
event's hash; changing, removing or reordering any event breaks every hash
after it, which :func:`verify_chain` finds.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable

from agent_tui.store.models import AuditEvent


def event_hash(seq: int, at: datetime, actor: str, action: str, subject: str, payload: Any, prev_hash: str) -> str:
    """The hash of one event, chained to ``prev_hash``."""
    body = {
        "seq": seq,
        "at": at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor": actor,
        "action": action,
        "subject": subject,
        "payload": payload,
        "prev": prev_hash,
    }
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def append_event(actor: str, action: str, subject: str, payload: dict, at: datetime) -> AuditEvent:
    """Append one event after the current head; call inside the use case's transaction."""
    head = AuditEvent.select().order_by(AuditEvent.seq.desc()).first()
    seq = head.seq + 1 if head is not None else 1
    prev = head.hash if head is not None else ""
    return AuditEvent.create(
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        subject=subject,
        payload=payload,
        prev_hash=prev,
        hash=event_hash(seq, at, actor, action, subject, payload, prev),
    )


@dataclass(frozen=True)
class ChainBreak:
    """Where the chain stops holding, and how."""

    seq: int
    problem: str  # "hash" (the event was changed), "link" (an event is missing or moved), "gap"


def verify_chain(events: Iterable[AuditEvent]) -> list[ChainBreak]:
    """Every place where the trail (in ``seq`` order) was changed, cut or reordered."""
    breaks = []
    prev_hash = ""
    expected_seq = None
    for event in events:
        if expected_seq is not None and event.seq != expected_seq:
            breaks.append(ChainBreak(event.seq, "gap"))
        if event.prev_hash != prev_hash:
            breaks.append(ChainBreak(event.seq, "link"))
        digest = event_hash(event.seq, event.at, event.actor, event.action, event.subject, event.payload, event.prev_hash)
        if digest != event.hash:
            breaks.append(ChainBreak(event.seq, "hash"))
        prev_hash = event.hash
        expected_seq = event.seq + 1
    return breaks
