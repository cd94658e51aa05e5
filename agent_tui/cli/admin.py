"""The administrator's commands: `db init|upgrade|version`, `import` of placement files, `promises check`.

(`audit`: cli/audit.py.)
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from agent_tui.cli.common import database_url, say, store_errors
from agent_tui.config import Config
from agent_tui.i18n import t

if TYPE_CHECKING:
    from agent_tui.service.promise_keeping import PromiseCheck


@store_errors
def db_command(args: argparse.Namespace, config: Config) -> int:
    """`agent-tui db init|upgrade|version`."""
    from agent_tui.store import init_db, open_database, schema_version, upgrade_db
    from agent_tui.store.database import redacted

    url = database_url(args, config)
    db = open_database(url)
    try:
        if args.action == "version":
            say(t("commands.db_version", version=schema_version(db)))
            return 0
        report = init_db(db) if args.action == "init" else upgrade_db(db)
        key = "commands.db_changed" if report.changed else "commands.db_unchanged"
        say(t(key, url=redacted(url), before=report.before, after=report.after))
        if report.backup:
            say(t("commands.db_backup", path=str(report.backup)))
        return 0
    finally:
        db.close()


@store_errors
def import_command(args: argparse.Namespace, config: Config) -> int:
    """`agent-tui import`: placement files in, all or nothing; exit 1 naming every bad row."""
    from agent_tui.i18n import language
    from agent_tui.store import check_schema, open_database, use_database
    from agent_tui.store.placement_import import run_import

    db = use_database(open_database(database_url(args, config)))
    try:
        check_schema(db)
        report = run_import(
            db,
            args.path,
            dry_run=args.dry_run,
            update=args.update,
            encoding=args.encoding,
            progress=sys.stderr if sys.stderr.isatty() else None,
            currency=config.currency,
            time_zone=config.time_zone,
            actor=_actor(),
        )
        checked = _check_promises(db, config) if report.ok and not args.dry_run else None
    finally:
        db.close()
    for line in report.lines(language()):
        say(line, lines=False, file=sys.stdout if report.ok else sys.stderr)
    if checked is not None and checked.looked_at:
        say(t("commands.promises_checked", looked_at=checked.looked_at, kept=checked.kept, broken=checked.broken))
    return 0 if report.ok else 1


def _actor() -> str:
    from agent_tui.service.export_record import os_actor

    return os_actor()


def _check_promises(db: Any, config: Config) -> PromiseCheck:
    """Open promises moved by the payments (an import brings them) and the debtors' dates, in one transaction."""
    from agent_tui.domain.conduct_rules import profile_for
    from agent_tui.service.promise_keeping import check_promises

    with db.connection_context(), db.atomic():
        return check_promises(_actor(), datetime.now(UTC), profile_for(config.compliance).country)


@store_errors
def promises_command(args: argparse.Namespace, config: Config) -> int:
    """`agent-tui promises check`: run on a schedule, so a promise whose day has passed is broken on time."""
    from agent_tui.store import check_schema, open_database, use_database

    db = use_database(open_database(database_url(args, config)))
    try:
        check_schema(db)
        checked = _check_promises(db, config)
    finally:
        db.close()
    say(t("commands.promises_checked", looked_at=checked.looked_at, kept=checked.kept, broken=checked.broken))
    return 0
