"""What every command of the command line shares: its errors, its database URL, its store-error guard.

A handler takes the parsed arguments and the configuration and returns an
exit code. It raises :class:`UsageError` for a request that cannot be done
(exit code 2) and :class:`TaskError` for a task that ran and failed (exit
code 1); :func:`agent_tui.cli.main` prints either as a message. Store problems
(a bad URL, a server that is down, a schema that needs ``db init``) come back
as :class:`~agent_tui.store.StoreError`, whose text is a one-line catalog
message; :func:`store_errors` prints them and gives exit code 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from functools import wraps

from agent_tui.config import Config

#: What runs one command: the parsed arguments and the configuration in, the exit code out.
Handler = Callable[[argparse.Namespace, Config], int]


class UsageError(Exception):
    """The command line asks for something that cannot be done; exit code 2."""


class TaskError(Exception):
    """The task ran and failed (an unknown account, a failed import); exit code 1."""


def demo_url() -> str:
    """The URL of the built-in demo database in the user's data folder."""
    from agent_tui.paths import demo_database_url

    return demo_database_url()


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
            print(f"agent-tui {args.command or 'run'}: {exc}", file=sys.stderr)
            return 2

    return run
