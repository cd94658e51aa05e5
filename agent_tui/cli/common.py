"""What every command of the command line shares: its errors, its database URL, its store-error guard.

A handler takes the parsed arguments and the configuration and returns an
exit code. It raises :class:`UsageError` for a request that cannot be done
(exit code 2) and :class:`TaskError` for a task that ran and failed (exit
code 1); :func:`agent_tui.cli.main` prints either as a message. Store problems
(a bad URL, a server that is down, a schema that needs ``db init``) come back
as :class:`~agent_tui.store.StoreError`, whose text is a one-line catalog
message; :func:`store_errors` prints them and gives exit code 2.

Everything the command line writes for a person goes through :func:`say`
(JSON through :func:`json_text`): a name from a placement file or a value
typed on the command line is data, and its control characters are shown as
escapes, never sent to the terminal to obey.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import unicodedata
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import wraps
from typing import Any, TextIO

from agent_tui.config import Config
from agent_tui.domain.shown_text import visible
from agent_tui.i18n import t

#: What runs one command: the parsed arguments and the configuration in, the exit code out.
Handler = Callable[[argparse.Namespace, Config], int]


def say(text: object = "", *, lines: bool = True, file: TextIO | None = None, end: str = "\n",
        flush: bool = False) -> None:
    """Print ``text`` with its control characters escaped; ``lines=False`` escapes line breaks too (one line)."""
    print(visible(str(text), lines=lines), file=file if file is not None else sys.stdout, end=end, flush=flush)


def _json_escape(ch: str) -> str:
    code = ord(ch)
    if code > 0xFFFF:  # JSON writes a character beyond the first plane as its surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def json_text(data: Any) -> str:
    """``data`` as indented JSON, readable (not ASCII-only) but with no character a terminal would obey.

    ``json.dumps`` escapes the C0 controls only; DEL, C1 controls, bidi and other
    format characters and line separators are written as ``\\uXXXX`` too. They
    can only stand inside strings, so the JSON reads back to the same data.
    """
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return "".join(_json_escape(ch) if ch != "\n" and unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} else ch
                   for ch in text)


class UsageError(Exception):
    """The command line asks for something that cannot be done; exit code 2."""


class TaskError(Exception):
    """The task ran and failed (an unknown account, a failed import); exit code 1."""


def demo_url() -> str:
    """The URL of the built-in demo database in the user's data folder."""
    from agent_tui.paths import demo_database_url

    return demo_database_url()


def on_demo_database(args: argparse.Namespace, config: Config) -> bool:
    """Whether the command works on the built-in demo database (no ``--db``, no ``database.url``)."""
    return not getattr(args, "db", None) and not config.database.url


def demo_floor(config: Config) -> Config:
    """``config`` on the demo floor of its language: the market's currency, conduct rules, zone and
    call-back number (a US floor in English, a Chinese one in Chinese); the other keys as written."""
    from agent_tui.store.demo_pools import floor_for

    floor = floor_for(config.language)
    return dataclasses.replace(
        config,
        currency=floor.currency,
        time_zone=floor.time_zone,
        company=config.company or floor.company,
        company_phone=floor.company_phone,
        compliance=dataclasses.replace(config.compliance, profile=floor.profile),
        ledger=dataclasses.replace(config.ledger, booking_zone=floor.time_zone),
    )


def database_url(args: argparse.Namespace, config: Config) -> str:
    """``--db`` if given, else config's URL, else the demo database in the data folder."""
    given: str | None = getattr(args, "db", None)
    if given:
        return given
    if config.database.url:
        return config.database.url
    return demo_url()


def store_errors(handler: Handler) -> Handler:
    """Turn a store problem into its one-line message and exit code 2."""

    @wraps(handler)
    def run(args: argparse.Namespace, config: Config) -> int:
        from agent_tui.store import StoreError

        try:
            return handler(args, config)
        except StoreError as exc:
            say(f"agent-tui {args.command or 'run'}: {exc}", file=sys.stderr)
            return 2

    return run


def case_moment(args: argparse.Namespace) -> tuple[datetime, date | None]:
    """``--at`` (the moment the contact rules are checked; now by default, UTC unless it carries an offset)
    and ``--as-of`` (the day of the figures; None: the debtor's today at that moment, as the desk counts)."""
    at = datetime.now(UTC)
    if getattr(args, "at", None):
        try:
            at = datetime.fromisoformat(args.at)
        except ValueError:
            raise UsageError(t("case.bad_datetime", found=args.at)) from None
        at = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(UTC)
    as_of: date | None = None
    if getattr(args, "as_of", None):
        try:
            as_of = date.fromisoformat(args.as_of)
        except ValueError:
            raise UsageError(t("case.bad_date", found=args.as_of)) from None
    return at, as_of


def read_case_file(args: argparse.Namespace, config: Config) -> tuple[Any, datetime]:
    """The case file of ``args.ref`` at ``--at``/``--as-of``, read on a read-only connection (None for an
    unknown reference), and the moment it was read at."""
    from agent_tui.service.case_report import load_case_file
    from agent_tui.store import check_schema, open_database, use_database

    at, as_of = case_moment(args)
    db = use_database(open_database(database_url(args, config), read_only=True))
    try:
        check_schema(db)
        return load_case_file(args.ref, as_of, at, config), at
    finally:
        db.close()
