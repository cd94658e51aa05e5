"""Signed checkpoints: the audit chain's end, anchored outside the database.

A hash chain alone proves nothing to someone who can write the database: they
can delete the newest events, or rewrite one and recompute every hash after
it, and the chain still links. So ``agent-tui audit checkpoint`` (run on a
schedule) signs the chain's head (its seq and hash, and the time) with a key
the database never sees (:mod:`agent_tui.store.audit_keys`) into a new JSON
file in a folder kept elsewhere. :func:`check_checkpoints` then holds the
chain to every checkpoint: the event at each checkpoint's seq must still have
the hash that was signed (else an event up to it was rewritten), and the
chain must reach the newest checkpoint's seq (else events were cut from its
end). What happened after the newest checkpoint stays unproven; the report
says how many events that is.

The models must be bound to the database (``use_database``) before these run.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from agent_tui.i18n import Msg
from agent_tui.store.audit import canonical, event_hash
from agent_tui.store.audit_keys import key_id
from agent_tui.store.models import AuditEvent

#: The ``format`` of a checkpoint file; a file without it is not one of ours.
FORMAT = "agent-tui audit checkpoint 1"
_FIELDS = ("format", "seq", "hash", "at", "key_id")


@dataclass(frozen=True)
class Checkpoint:
    """One signed checkpoint: the chain had ``seq`` events ending in ``hash`` at ``at`` (UTC)."""

    seq: int
    hash: str
    at: str
    key_id: str
    signature: str
    file: Path

    def body(self) -> bytes:
        """The bytes the signature covers: every field but the signature, canonical JSON."""
        values = {"format": FORMAT, "seq": self.seq, "hash": self.hash, "at": self.at, "key_id": self.key_id}
        return canonical(values).encode("utf-8")

    def signed_by(self, public: Ed25519PublicKey) -> bool:
        """Whether ``public`` verifies this checkpoint's signature."""
        try:
            public.verify(base64.b64decode(self.signature, validate=True), self.body())
        except (InvalidSignature, binascii.Error, ValueError):
            return False
        return True


class CheckpointError(Exception):
    """``audit checkpoint`` cannot sign; ``msg`` says why."""

    def __init__(self, key: str, **params: object):
        self.msg = Msg(f"audit.checkpoint.{key}", params)
        super().__init__(key)

    def __str__(self) -> str:
        return self.msg.render()


def _head() -> tuple[int, str]:
    row = AuditEvent.select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).tuples().first()
    return (int(row[0]), row[1]) if row else (0, "")


def _hashes(seqs: list[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for start in range(0, len(seqs), 500):
        query = AuditEvent.select(AuditEvent.seq, AuditEvent.hash).where(AuditEvent.seq.in_(seqs[start:start + 500]))
        found.update((int(seq), digest) for seq, digest in query.tuples())
    return found


def read_checkpoints(folder: Path) -> tuple[list[Checkpoint], list[Msg]]:
    """Every checkpoint file in ``folder`` (by seq, then time), and a finding for each unreadable one."""
    checkpoints: list[Checkpoint] = []
    findings: list[Msg] = []
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise ValueError(f"no \"format\": \"{FORMAT}\"")
            values: dict[str, Any] = {name: data[name] for name in (*_FIELDS[1:], "signature")}
            if not isinstance(values["seq"], int) or not all(
                    isinstance(values[name], str) for name in ("hash", "at", "key_id", "signature")):
                raise ValueError("a field of the wrong type")
            checkpoints.append(Checkpoint(file=path, **values))
        except (OSError, UnicodeDecodeError, ValueError, KeyError) as error:
            reason = f"missing {error}" if isinstance(error, KeyError) else str(error)
            findings.append(Msg("audit.anchor.unreadable", {"file": str(path), "reason": reason}))
    checkpoints.sort(key=lambda cp: (cp.seq, cp.at))
    return checkpoints, findings


@dataclass(frozen=True)
class AnchorReport:
    """What :func:`check_checkpoints` found: the checkpoints that hold, and every finding."""

    checked: int
    latest: Checkpoint | None
    head: int
    findings: list[Msg] = field(default_factory=list)

    @property
    def holds(self) -> bool:
        """Whether the chain agrees with every checkpoint and every checkpoint is genuine."""
        return not self.findings

    @property
    def unanchored(self) -> int:
        """How many events come after the newest checkpoint (their loss could not be seen)."""
        return max(0, self.head - (self.latest.seq if self.latest else 0))


def check_checkpoints(folder: Path, public: Ed25519PublicKey, links_hold: bool) -> AnchorReport:
    """Hold the chain in the bound database to every checkpoint in ``folder``.

    ``links_hold`` says whether the chain walk found every link intact; a
    checkpoint that disagrees with an intact chain means it was recomputed.
    """
    checkpoints, findings = read_checkpoints(folder)
    genuine: list[Checkpoint] = []
    for cp in checkpoints:
        if cp.signed_by(public):
            genuine.append(cp)
        else:
            findings.append(Msg("audit.anchor.bad_signature", {"file": str(cp.file), "key_id": key_id(public)}))
    head, _ = _head()
    if not genuine:
        if not findings:
            findings.append(Msg("audit.anchor.none", {"folder": str(folder)}))
        return AnchorReport(0, None, head, findings)
    stored = _hashes(sorted({cp.seq for cp in genuine if cp.seq}))
    matched = 0  # the seq of the newest checkpoint the chain still agrees with
    for cp in genuine:
        if cp.seq == 0 or cp.seq > head:
            continue
        found = stored.get(cp.seq)
        params = {"seq": cp.seq, "file": str(cp.file), "at": cp.at, "after": matched}
        if found == cp.hash:
            matched = cp.seq
        elif found is None:
            findings.append(Msg("audit.anchor.gone", params))
        else:
            findings.append(Msg("audit.anchor.recomputed" if links_hold else "audit.anchor.rewritten", params))
            break  # every later checkpoint disagrees too: the first says where
    latest = genuine[-1]
    if latest.seq > head:
        findings.append(Msg("audit.anchor.truncated", {"seq": latest.seq, "file": str(latest.file), "at": latest.at,
                                                       "head": head, "missing": latest.seq - head}))
    return AnchorReport(len(genuine), latest, head, findings)


def _events_after(seq: int, batch: int = 5000) -> Iterator[tuple[Any, ...]]:
    """``(seq, at, actor, action, subject, payload, prev_hash, hash)`` after ``seq``, in order.

    Tuples, not model instances: building a model per row was most of the time on a long chain.
    """
    e = AuditEvent
    while True:
        rows = list(e.select(e.seq, e.at, e.actor, e.action, e.subject, e.payload, e.prev_hash, e.hash)
                    .where(e.seq > seq).order_by(e.seq).limit(batch).tuples())
        if not rows:
            return
        yield from rows
        seq = rows[-1][0]


def _extends(since: Checkpoint | None) -> tuple[int, str]:
    """Check the chain from ``since`` (or from its start) to its head; the head, or CheckpointError."""
    seq, prev = (since.seq, since.hash) if since else (0, "")
    if since and seq and _hashes([seq]).get(seq) != prev:
        raise CheckpointError("not_extending", seq=seq, file=str(since.file))
    for number, at, actor, action, subject, payload, prev_hash, digest in _events_after(seq):
        if number != seq + 1 or prev_hash != prev or event_hash(
                number, at, actor, action, subject, payload, prev_hash) != digest:
            raise CheckpointError("broken", seq=seq + 1)
        seq, prev = number, digest
    return seq, prev


def write_checkpoint(private: Ed25519PrivateKey, folder: Path, now: datetime | None = None) -> tuple[Checkpoint, bool]:
    """Sign the chain's head into a new file in ``folder``; the checkpoint, and whether it is new.

    The events since the newest checkpoint this key signed are checked first
    (all of them for the first one), so a chain that was tampered with is
    never signed. When the head has not moved since then, no file is written.
    """
    public = private.public_key()
    checkpoints, _ = read_checkpoints(folder) if folder.is_dir() else ([], [])
    ours = [cp for cp in checkpoints if cp.signed_by(public)]
    since = ours[-1] if ours else None
    seq, digest = _extends(since)
    if since and since.seq == seq:
        return since, False
    at = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    unsigned = Checkpoint(seq, digest, at.strftime("%Y-%m-%dT%H:%M:%SZ"), key_id(public), "", Path())
    signature = base64.b64encode(private.sign(unsigned.body())).decode("ascii")
    values = {"format": FORMAT, "seq": seq, "hash": digest, "at": unsigned.at, "key_id": unsigned.key_id,
              "signature": signature}
    path = _write_new_file(folder, f"checkpoint-{seq:012d}-{at.strftime('%Y%m%dT%H%M%SZ')}",
                           json.dumps(values, indent=2) + "\n")
    return Checkpoint(seq, digest, unsigned.at, unsigned.key_id, signature, path), True


def _write_new_file(folder: Path, stem: str, text: str) -> Path:
    """Write ``text`` to a new file ``stem[-n].json`` whole or not at all; never replace a file."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=".checkpoint-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, 0o644)
            for n in range(100):
                target = folder / f"{stem}{f'-{n}' if n else ''}.json"
                try:
                    os.link(temporary, target)  # fails if the name is taken, where a rename would replace
                    return target
                except FileExistsError:
                    continue
            raise FileExistsError(str(folder / f"{stem}.json"))
        finally:
            os.unlink(temporary)
    except OSError as error:
        raise CheckpointError("cannot_write", folder=str(folder), reason=error.strerror or str(error)) from None
