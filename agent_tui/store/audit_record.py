"""One audit event on a connection of its own, for a reader that cannot write.

The lead's review reads through a connection that refuses every write,
perhaps from a replica; what it does that must leave a trace (an export) is
put on record here, on a writable connection to the main database opened for
that one event. It sits apart from :mod:`agent_tui.store.audit` because it
checks the schema first, and the schema's upgrade steps append audit events
themselves: kept in one module, the two would import each other.
"""

from __future__ import annotations

from typing import Any

from agent_tui.store.audit import append_event
from agent_tui.store.database import open_database
from agent_tui.store.models import AuditEvent
from agent_tui.store.schema import check_schema


def record_event(url: str, actor: str, action: str, subject: str = "", payload: dict[str, Any] | None = None) -> int:
    """Append one event on a writable connection of its own to the database at ``url``; its seq."""
    db = open_database(url)
    try:
        with db.connection_context():
            check_schema(db)
            with db.bind_ctx([AuditEvent], bind_refs=False, bind_backrefs=False), db.atomic():
                return int(append_event(actor, action, subject, payload).seq)
    finally:
        db.close()
