"""The administrator's commands: `db init|upgrade|version`, `import` of placement files (`audit`: cli/audit.py)."""

from __future__ import annotations

import argparse
import sys

from agent_tui.cli.common import database_url, say, store_errors
from agent_tui.config import Config
from agent_tui.i18n import t


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
        )
    finally:
        db.close()
    for line in report.lines(language()):
        say(line, lines=False, file=sys.stdout if report.ok else sys.stderr)
    return 0 if report.ok else 1
