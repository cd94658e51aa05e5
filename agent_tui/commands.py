"""What each `agent-tui` command does, behind the parser in cli.py.

Each handler takes the parsed arguments and the configuration and returns an
exit code. Store problems (a bad URL, a server that is down, a schema that
needs `db init`) come back as :class:`~agent_tui.store.StoreError`, whose text
is a one-line catalog message; they are printed and give exit code 2.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, date, datetime
from functools import wraps
from typing import Callable

from agent_tui.cli import TaskError, UsageError, database_url
from agent_tui.config import Config
from agent_tui.i18n import t

Handler = Callable[[argparse.Namespace, Config], int]


def _store_errors(handler: Handler) -> Handler:
    """Turn a store problem into its one-line message and exit code 2."""

    @wraps(handler)
    def run(args: argparse.Namespace, config: Config) -> int:
        from agent_tui.store import StoreError

        try:
            return handler(args, config)
        except StoreError as exc:
            print(f"agent-tui {args.command or 'run'}: {exc}", file=sys.stderr)
            return 2

    return run


@_store_errors
def db_command(args: argparse.Namespace, config: Config) -> int:
    """`agent-tui db init|upgrade|version`."""
    from agent_tui.store import init_db, open_database, schema_version, upgrade_db
    from agent_tui.store.database import redacted

    url = database_url(args, config)
    db = open_database(url)
    try:
        if args.action == "version":
            print(t("commands.db_version", version=schema_version(db)))
            return 0
        report = init_db(db) if args.action == "init" else upgrade_db(db)
        key = "commands.db_changed" if report.changed else "commands.db_unchanged"
        print(t(key, url=redacted(url), before=report.before, after=report.after))
        if report.backup:
            print(t("commands.db_backup", path=str(report.backup)))
        return 0
    finally:
        db.close()


def _today(config: Config) -> tuple[date, datetime]:
    from zoneinfo import ZoneInfo

    now = datetime.now(UTC)
    return now.astimezone(ZoneInfo(config.time_zone)).date(), now


@_store_errors
def demo_command(args: argparse.Namespace, config: Config) -> int:
    """`agent-tui demo`: write a fresh demo database, then start the workstation on it."""
    from agent_tui.store import init_db, name_search, open_database, use_database
    from agent_tui.store.database import is_sqlite, sqlite_path
    from agent_tui.store.demo import write_demo
    from agent_tui.store.models import Account

    if args.accounts < 1:
        raise UsageError(t("commands.demo_accounts", found=args.accounts))
    url = args.db or _demo_url()
    db = open_database(url)
    path = sqlite_path(db) if is_sqlite(db) else None
    if path is not None:
        db.close()
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        db = open_database(url)
    use_database(db)
    init_db(db)
    if path is None and Account.select().exists():
        raise TaskError(t("commands.demo_not_empty", url=url))
    today, now = _today(config)
    started = time.monotonic()
    tty = sys.stderr.isatty()

    def progress(done: int) -> None:
        if tty:
            print("\r" + t("commands.demo_progress", done=done, total=args.accounts), end="", file=sys.stderr)

    summary = write_demo(
        db,
        accounts=args.accounts,
        seed=args.seed,
        language=config.language,
        currency=config.currency,
        today=today,
        now=now,
        policy=config.ledger,
        progress=progress,
    )
    with db.atomic():
        name_search.catch_up(db)  # the demo's debtors in the notes search, in one statement
    if tty:
        print(file=sys.stderr)
    db.close()
    print(
        t(
            "commands.demo_done",
            accounts=summary.accounts,
            notes=summary.notes,
            promises=summary.promises,
            wrong=summary.wrong_charges,
            seconds=f"{time.monotonic() - started:.1f}",
            url=url,
        )
    )
    if args.no_launch:
        return 0
    args.db = url
    args.agent = "A001"
    return HANDLERS["run"](args, config)


@_store_errors
def case_command(args: argparse.Namespace, config: Config) -> int:
    """`agent-tui case REF`: what the workstation shows about one account before a call."""
    import json
    from zoneinfo import ZoneInfo

    from agent_tui.i18n import language
    from agent_tui.service.case_report import case_file_json, case_file_text, load_case_file
    from agent_tui.store import check_schema, open_database, use_database

    floor = ZoneInfo(config.time_zone)
    at = datetime.now(UTC)
    if args.at:
        try:
            at = datetime.fromisoformat(args.at)
        except ValueError:
            raise UsageError(t("case.bad_datetime", found=args.at)) from None
        at = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(UTC)
    as_of = at.astimezone(floor).date()
    if args.as_of:
        try:
            as_of = date.fromisoformat(args.as_of)
        except ValueError:
            raise UsageError(t("case.bad_date", found=args.as_of)) from None
    db = use_database(open_database(database_url(args, config), read_only=True))
    try:
        check_schema(db)
        case = load_case_file(args.ref, as_of, at, config)
    finally:
        db.close()
    if case is None:
        raise TaskError(t("case.unknown_ref", ref=args.ref))
    if args.json:
        print(json.dumps(case_file_json(case, language()), ensure_ascii=False, indent=2))
    else:
        print("\n".join(case_file_text(case, language())))
    return 0


@_store_errors
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


def _demo_url() -> str:
    from agent_tui.paths import demo_database_url

    return demo_database_url()


def _lead_command(name: str) -> Handler:
    """The lead's commands live in review_commands.py; loaded when one runs."""

    def handler(args: argparse.Namespace, config: Config) -> int:
        from agent_tui import review_commands

        return review_commands.HANDLERS[name](args, config)

    handler.__doc__ = f"`agent-tui {name}` (see agent_tui.review_commands)."
    return handler


@_store_errors
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
        print(line, file=sys.stdout if report.ok else sys.stderr)
    return 0 if report.ok else 1


@_store_errors
def run_command(args: argparse.Namespace, config: Config) -> int:
    """`agent-tui run`: the agent workstation."""
    from agent_tui.ui.workstation.app import run_workstation

    return run_workstation(config, database_url(args, config), getattr(args, "agent", None) or config.agent.default)


HANDLERS: dict[str, Handler] = {
    "run": run_command,
    "db": db_command,
    "demo": demo_command,
    "case": case_command,
    "audit": audit_command,
    "import": import_command,
    "review": _lead_command("review"),
    "serve": _lead_command("serve"),
    "export": _lead_command("export"),
}
