"""The agent's commands: `run` (the workstation), `demo` (a demo floor to try it on) and `case REF`.

Each handler takes the parsed arguments and the configuration and returns an
exit code; what they need beyond the standard library is imported when they
run, so that ``agent-tui --help`` stays quick.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, date, datetime

from agent_tui.cli.common import (
    TaskError,
    UsageError,
    database_url,
    demo_floor,
    demo_url,
    json_text,
    read_case_file,
    say,
    store_errors,
)
from agent_tui.config import Config
from agent_tui.i18n import t


@store_errors
def run_command(args: argparse.Namespace, config: Config) -> int:
    """`agent-tui run`: the agent workstation."""
    from agent_tui.ui.workstation.app import run_workstation

    agent: str = getattr(args, "agent", None) or config.agent.default
    return run_workstation(config, database_url(args, config), agent)


def _today(config: Config) -> tuple[date, datetime]:
    from zoneinfo import ZoneInfo

    now = datetime.now(UTC)
    return now.astimezone(ZoneInfo(config.time_zone)).date(), now


@store_errors
def demo_command(args: argparse.Namespace, config: Config) -> int:
    """`agent-tui demo`: write a fresh demo database, then start the workstation on it.

    A SQLite file that holds anything is replaced only with ``--force`` or the
    user's yes; a PostgreSQL database that holds accounts never.
    """
    from agent_tui.store import init_db, name_search, open_database, use_database
    from agent_tui.store.database import redacted
    from agent_tui.store.demo import write_demo
    from agent_tui.store.demo_target import remove_sqlite_file, sqlite_file
    from agent_tui.store.models import Account

    if args.accounts < 1:
        raise UsageError(t("commands.demo_accounts", found=args.accounts))
    config = demo_floor(config)
    url = args.db or demo_url()
    path = sqlite_file(url)
    if path is not None:
        _agree_to_replace(url, args.force)
        remove_sqlite_file(path)
    db = use_database(open_database(url))
    init_db(db)
    if path is None and Account.select().exists():
        raise TaskError(t("commands.demo_not_empty", url=redacted(url)))
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
    say(
        t(
            "commands.demo_done",
            accounts=summary.accounts,
            notes=summary.notes,
            promises=summary.promises,
            wrong=summary.wrong_charges,
            seconds=f"{time.monotonic() - started:.1f}",
            url=redacted(url),
        )
    )
    if args.no_launch:
        return 0
    args.db = url
    args.agent = "A001"
    return run_command(args, config)


def _agree_to_replace(url: str, force: bool) -> None:
    """Go on only if the SQLite file at ``url`` holds nothing, or ``force``, or the user at the terminal says yes."""
    from agent_tui.store.demo_target import existing_database

    existing = existing_database(url)
    if existing is None or force:
        return
    if existing.accounts is not None:
        what = t("commands.demo_what_ours", accounts=existing.accounts)
    else:
        what = t("commands.demo_what_other", tables=existing.tables)
    place = str(existing.path)
    if not sys.stdin.isatty():
        raise UsageError(t("commands.demo_exists", path=place, what=what))
    say(t("commands.demo_ask", path=place, what=what), end=" ", file=sys.stderr, flush=True)
    answer = sys.stdin.readline().strip().casefold()
    if answer not in {word.strip().casefold() for word in t("commands.demo_yes").split(",")}:
        raise TaskError(t("commands.demo_kept", path=place))


@store_errors
def case_command(args: argparse.Namespace, config: Config) -> int:
    """`agent-tui case REF`: what the workstation shows about one account before a call."""
    from agent_tui.i18n import language
    from agent_tui.service.case_report import case_file_json, case_file_text

    case, _ = read_case_file(args, config)
    if case is None:
        raise TaskError(t("case.unknown_ref", ref=args.ref))
    if args.json:
        print(json_text(case_file_json(case, language())))
    else:
        for line in case_file_text(case, language()):
            say(line, lines=False)  # a name or a reference with a line break in it stays on its line
    return 0
