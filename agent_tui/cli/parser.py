"""The argument parser of `agent-tui`: every command, its options, and argparse's words from the catalog.

Every command accepts ``--config PATH`` and ``--db URL`` before or after its
name; with no command named, ``run`` is meant. The parser raises
:class:`~agent_tui.cli.common.UsageError` instead of exiting, so that
:func:`agent_tui.cli.main` owns the exit codes.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Sequence
from typing import NoReturn

from agent_tui import i18n
from agent_tui.cli.common import UsageError
from agent_tui.config import ConfigError, load_config
from agent_tui.i18n import t

COMMANDS = ("run", "review", "serve", "demo", "db", "case", "import", "export", "audit", "promises", "letter")


def _common(parser: argparse.ArgumentParser, *, top: bool) -> None:
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--config", metavar="PATH", default=default, help=t("cli.opt_config"))
    parser.add_argument("--db", metavar="URL", default=default, help=t("cli.opt_db"))


#: argparse's own words (its gettext msgids) and their catalog keys.
_ARGPARSE_WORDS = {
    "usage: ": "cli.argparse.usage",
    "positional arguments": "cli.argparse.positional",
    "options": "cli.argparse.options",
    "show this help message and exit": "cli.argparse.help",
    "argument %(argument_name)s: %(message)s": "cli.argparse.argument",
    "unrecognized arguments: %s": "cli.argparse.unrecognized",
    "the following arguments are required: %s": "cli.argparse.required",
    "expected one argument": "cli.argparse.expected_one",
    "invalid %(type)s value: %(value)r": "cli.argparse.invalid_value",
    "invalid choice: %(value)r (choose from %(choices)s)": "cli.argparse.invalid_choice",
    "ambiguous option: %(option)s could match %(matches)s": "cli.argparse.ambiguous",
}


def _argparse_text(message: str) -> str:
    """argparse's own words from the catalog (its %-placeholders kept as they are)."""
    key = _ARGPARSE_WORDS.get(message)
    return t(key) if key else message


# argparse looks its words up through its module-level gettext name (typeshed does not declare it).
argparse._ = _argparse_text  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so main() owns the exit codes."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    """The parser with every command; help texts come from the catalog."""
    parser = _Parser(prog="agent-tui", description=t("cli.description"))
    _common(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=t(f"cli.cmd.{name}"), description=t(f"cli.cmd.{name}"))
        _common(p, top=False)
        return p

    run = command("run")
    run.add_argument("--agent", metavar="CODE", help=t("cli.opt_agent"))

    review = command("review")
    review.add_argument("--lead", metavar="CODE", help=t("cli.opt_lead"))

    serve = command("serve")
    serve.add_argument("--host", default="127.0.0.1", help=t("cli.opt_host"))
    serve.add_argument("--port", type=int, default=8000, help=t("cli.opt_port"))

    demo = command("demo")
    demo.add_argument("--accounts", type=int, default=1000, metavar="N", help=t("cli.opt_accounts"))
    demo.add_argument("--seed", type=int, default=7, metavar="S", help=t("cli.opt_seed"))
    demo.add_argument("--no-launch", action="store_true", help=t("cli.opt_no_launch"))
    demo.add_argument("--force", action="store_true", help=t("cli.opt_demo_force"))

    db = command("db")
    db.add_argument("action", choices=("init", "upgrade", "version"), help=t("cli.opt_db_action"))

    case = command("case")
    case.add_argument("ref", help=t("cli.opt_ref"))
    case.add_argument("--as-of", metavar="DATE", help=t("cli.opt_as_of"))
    case.add_argument("--at", metavar="DATETIME", help=t("cli.opt_at"))
    case.add_argument("--json", action="store_true", help=t("cli.opt_json"))

    letter = command("letter")
    letter.add_argument("ref", help=t("cli.opt_ref"))
    letter.add_argument("--kind", choices=("validation", "statement", "reminder"), required=True,
                        help=t("cli.opt_letter_kind"))
    letter.add_argument("--out", metavar="FILE", required=True, help=t("cli.opt_out"))
    letter.add_argument("--as-of", metavar="DATE", help=t("cli.opt_as_of"))
    letter.add_argument("--at", metavar="DATETIME", help=t("cli.opt_at"))
    letter.add_argument("--force", action="store_true", help=t("cli.opt_force"))

    imp = command("import")
    imp.add_argument("path", metavar="DIR_OR_FILE", help=t("cli.opt_import_path"))
    imp.add_argument("--dry-run", action="store_true", help=t("cli.opt_dry_run"))
    imp.add_argument("--update", action="store_true", help=t("cli.opt_update"))
    imp.add_argument("--encoding", metavar="E", help=t("cli.opt_encoding"))

    export = command("export")
    export.add_argument("what", choices=("notes", "promises", "accounts"), help=t("cli.opt_export_what"))
    export.add_argument("--out", metavar="FILE", required=True, help=t("cli.opt_out"))
    export.add_argument("--since", metavar="D", help=t("cli.opt_since"))
    export.add_argument("--until", metavar="D", help=t("cli.opt_until"))
    export.add_argument("--agent", metavar="CODE", help=t("cli.opt_agent"))
    export.add_argument("--format", choices=("csv",), default="csv", help=t("cli.opt_format"))
    export.add_argument("--unmasked", action="store_true", help=t("cli.opt_unmasked"))
    export.add_argument("--force", action="store_true", help=t("cli.opt_force"))

    audit = command("audit")
    audit.add_argument("action", choices=("verify", "keygen", "checkpoint"), help=t("cli.opt_audit_action"))
    audit.add_argument("--checkpoints", metavar="DIR", help=t("cli.opt_checkpoints"))
    audit.add_argument("--public-key", metavar="FILE", help=t("cli.opt_public_key"))
    audit.add_argument("--key", metavar="FILE", help=t("cli.opt_audit_key"))
    audit.add_argument("--json", action="store_true", help=t("cli.opt_audit_json"))

    promises = command("promises")
    promises.add_argument("action", choices=("check",), help=t("cli.opt_promises_action"))
    return parser


def preload_language(argv: Sequence[str]) -> None:
    """Read --config early so that help and errors speak the configured language."""
    probe = argparse.ArgumentParser(add_help=False)
    probe.add_argument("--config")
    known, _ = probe.parse_known_args(list(argv))
    with contextlib.suppress(ConfigError, i18n.CatalogError):  # reported properly once the command runs
        i18n.set_language(load_config(known.config).language)


def with_default_command(argv: list[str]) -> list[str]:
    """Insert ``run`` where no command is named: ``agent-tui --db X`` runs the workstation."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in ("--config", "--db"):
            i += 2
            continue
        if arg.startswith("--config=") or arg.startswith("--db="):
            i += 1
            continue
        if arg in ("-h", "--help") or not arg.startswith("-"):
            return argv  # help, or a command (argparse judges whether it is one)
        break
    return [*argv[:i], "run", *argv[i:]]
