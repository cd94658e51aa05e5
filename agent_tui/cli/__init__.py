"""The `agent-tui` command line: one entry for the workstation, review and admin tasks.

Every command accepts ``--config PATH`` and ``--db URL`` before or after its
name. Problems are printed as messages with an exit code (2 for bad
configuration or usage, 1 for a failed task), never as a traceback.

The package's rooms: :mod:`~agent_tui.cli.parser` (the commands and their
options), :mod:`~agent_tui.cli.common` (what every handler shares: its
errors, its database URL, its store-error guard), and the handlers by who
uses them: :mod:`~agent_tui.cli.workstation` (the agent),
:mod:`~agent_tui.cli.review` (the lead), :mod:`~agent_tui.cli.admin` and
:mod:`~agent_tui.cli.audit` (the administrator).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from agent_tui import i18n
from agent_tui.cli.admin import db_command, import_command, promises_command
from agent_tui.cli.audit import audit_command
from agent_tui.cli.common import Handler, TaskError, UsageError, database_url, demo_floor, on_demo_database, say
from agent_tui.cli.letters import letter_command
from agent_tui.cli.parser import COMMANDS, build_parser, preload_language, with_default_command
from agent_tui.cli.review import export_command, review_command, serve_command
from agent_tui.cli.workstation import case_command, demo_command, run_command
from agent_tui.config import Config, ConfigError, load_config
from agent_tui.i18n import t

__all__ = ["COMMANDS", "HANDLERS", "TaskError", "UsageError", "build_parser", "database_url", "main"]

#: Each command's handler; a command of :data:`COMMANDS` missing here says it is not available yet.
HANDLERS: dict[str, Handler] = {
    "run": run_command,
    "db": db_command,
    "demo": demo_command,
    "case": case_command,
    "audit": audit_command,
    "import": import_command,
    "promises": promises_command,
    "review": review_command,
    "serve": serve_command,
    "export": export_command,
    "letter": letter_command,
}


def _not_built(args: argparse.Namespace, config: Config) -> int:
    say(t("cli.not_built", command=args.command or "run"), file=sys.stderr)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the process exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    preload_language(argv)
    parser = build_parser()
    argv = with_default_command(argv)
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        say(exc, file=sys.stderr)
        say(t("cli.see_help"), file=sys.stderr)
        return 2
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        for line in exc.problems:
            say(line, lines=False, file=sys.stderr)
        return 2
    i18n.set_language(config.language)
    if on_demo_database(args, config):  # every command sees the demo's floor: its money, rules and zone
        config = demo_floor(config)
    handler = HANDLERS.get(args.command or "run", _not_built)
    try:
        return handler(args, config)
    except UsageError as exc:
        say(exc, file=sys.stderr)
        return 2
    except TaskError as exc:
        say(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader (`| head`) went away: not an error of ours
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
