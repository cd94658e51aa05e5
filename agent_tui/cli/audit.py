"""`agent-tui audit verify`: check the audit chain."""

from __future__ import annotations

import argparse
import sys

from agent_tui.cli.common import database_url, store_errors
from agent_tui.config import Config
from agent_tui.i18n import t


@store_errors
def audit_command(args: argparse.Namespace, config: Config) -> int:
    """`agent-tui audit verify`: walk the chain; exit 1 naming the first row that does not match."""
    from agent_tui.store import check_schema, open_database, use_database
    from agent_tui.store.audit import verify_chain

    db = use_database(open_database(database_url(args, config), read_only=True))
    try:
        check_schema(db)
        report = verify_chain()
    finally:
        db.close()
    if report.intact:
        print(t("audit.intact", events=report.events, notes=report.notes, promises=report.promises,
                plans=report.plans))
        return 0
    where = t(f"audit.row.{report.kind}", id=report.row) if report.kind else report.where
    print(t(f"audit.problem.{report.problem}", where=where, events=report.events), file=sys.stderr)
    return 1
