"""The agent's draft notes: the form and the call's checklist as they were left, autosaved.

One draft per agent and account. The workstation reads it when a case
opens, writes it as the agent types and moves through the call, and drops
it when the note is saved; a workstation killed mid-call comes back to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from agent_tui.store.models import Draft


@dataclass(frozen=True)
class StoredDraft:
    """A draft as stored: its fields (``form`` and the call's session) and when they were written."""

    id: int
    fields: dict[str, Any]
    updated_at: datetime


def read_draft(agent_id: int, account_id: int) -> StoredDraft | None:
    """The agent's draft on the account, or ``None``."""
    row = (
        Draft.select(Draft.id, Draft.fields, Draft.updated_at)
        .where((Draft.agent == agent_id) & (Draft.account == account_id))
        .tuples()
        .first()
    )
    return StoredDraft(row[0], dict(row[1] or {}), row[2]) if row is not None else None


def write_draft(agent_id: int, account_id: int, fields: dict[str, Any], now: datetime,
                draft_id: int | None = None) -> None:
    """Store ``fields`` as the agent's draft on the account: over draft ``draft_id``, or as a new one."""
    if draft_id is None:
        Draft.insert(agent=agent_id, account=account_id, fields=fields, updated_at=now).execute()
    else:
        Draft.update(fields=fields, updated_at=now).where(Draft.id == draft_id).execute()


def drop_draft(agent_id: int, account_id: int) -> None:
    """Remove the agent's draft on the account (its note was saved)."""
    Draft.delete().where((Draft.agent == agent_id) & (Draft.account == account_id)).execute()
