"""Every export on record: the audit event is written before the file is put in place.

An export file leaves the database with debtors' data in it, masked or not,
so who wrote which rows where is on record. The file is written under a
temporary name (:class:`~agent_tui.service.review_export.ExportFile`); the
event is appended on a writable connection of its own to the main database
(the review reads through a connection that refuses every write, perhaps from
a replica); only then is the file renamed into place. An export that could
not be recorded is removed and never left behind.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from typing import Any

from agent_tui.service.review_export import ExportFile, ExportProblem
from agent_tui.store.audit_record import record_event


def os_actor() -> str:
    """Who runs this program, as the audit trail names someone without an agent code."""
    try:
        user = getpass.getuser()
    except Exception:  # no login name in this environment (getpass raises OSError or KeyError)
        user = "unknown"
    return f"os:{user}"[:64]


@dataclass(frozen=True)
class ExportRecorder:
    """Puts export files on record in the audit log of the database at ``database_url``."""

    database_url: str
    actor: str

    def record(self, written: ExportFile, scope: dict[str, Any]) -> int:
        """Append the export's event (its file, rows, checksum and filter); the event's seq."""
        action = "export_masked" if written.masked else "export_unmasked"
        payload = {
            "what": written.kind,
            "file": str(written.path.resolve()),
            "rows": written.rows,
            "sha256": written.sha256,
            "masked": written.masked,
            **scope,
        }
        return record_event(self.database_url, self.actor, action, f"export:{written.kind}", payload)

    def finish(self, written: ExportFile, scope: dict[str, Any]) -> int:
        """Record the export, then put the file in place; an export that cannot be recorded is removed."""
        try:
            seq = self.record(written, scope)
        except BaseException as exc:
            written.discard()
            if isinstance(exc, Exception):
                msg = getattr(exc, "msg", None)
                reason = msg.render() if msg is not None else (str(exc) or type(exc).__name__)
                raise ExportProblem("audit_failed", reason=reason) from None
            raise
        written.commit()
        return seq
