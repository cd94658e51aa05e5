"""The lead's commands: `review`, `serve` and `export`.

- ``review`` opens the review app on a read-only connection: ``--db`` if
  given, else config's ``review.database_url`` (a replica, say), else the
  main database.
- ``serve`` runs the same review in web browsers through textual-serve, one
  ``python -m agent_tui review`` process per browser session.
- ``export`` writes notes, promises or accounts to CSV. It reads on a
  read-only connection like the review. Masked is the default; ``--unmasked``
  is an administrator's task. Either way the export leaves a trace: the file
  is written under a temporary name, its audit event is appended on a
  writable connection to the main database, and only then is the file put
  in place — a file that could not be recorded is never left behind (see
  service/export_record.py; the review screen's export, always masked, does
  the same).
"""

from __future__ import annotations

import argparse
import shlex
import sys
from datetime import date
from pathlib import Path

from agent_tui.cli.common import TaskError, UsageError, database_url, say, store_errors
from agent_tui.config import Config
from agent_tui.i18n import t


def _review_url(args: argparse.Namespace, config: Config) -> str:
    from agent_tui.service.review import review_database_url

    return review_database_url(config, getattr(args, "db", None), database_url(args, config))


@store_errors
def review_command(args: argparse.Namespace, config: Config) -> int:
    """`agent-tui review [--lead CODE]`: the read-only review in this terminal."""
    import logging

    from agent_tui.log import start_log, stop_log
    from agent_tui.ui.review.app import run_review

    _check_keys(config)
    start_log()
    logging.getLogger(__name__).info("review started lead=%s", args.lead or "-")
    try:
        return run_review(config, _review_url(args, config), args.lead, audit_url=database_url(args, config))
    except Exception:
        logging.getLogger(__name__).exception("review stopped by an error")
        raise
    finally:
        stop_log()


def _check_keys(config: Config) -> None:
    """Refuse config.yaml's ``keys:`` as the workstation does: an unknown id or key, named with its line."""
    from agent_tui.ui.workstation.keys import keymap_problems

    problems = keymap_problems(config)
    if problems:
        raise UsageError("\n".join(problems))


def serve_invocation(args: argparse.Namespace) -> str:
    """The shell command textual-serve runs per browser session: this Python, ``-m agent_tui review``."""
    parts = [sys.executable, "-m", "agent_tui"]
    if getattr(args, "config", None):
        parts += ["--config", str(Path(args.config).expanduser().resolve())]
    if getattr(args, "db", None):
        parts += ["--db", args.db]
    parts.append("review")
    if getattr(args, "lead", None):
        parts += ["--lead", args.lead]
    return " ".join(shlex.quote(part) for part in parts)


@store_errors
def serve_command(args: argparse.Namespace, config: Config) -> int:
    """`agent-tui serve [--host H] [--port P]`: the review in web browsers."""
    try:
        from textual_serve.server import Server
    except ImportError:
        raise UsageError(t("review.refused.no_textual_serve")) from None
    from agent_tui.service.review import open_review

    # Check once here that the review can open, so a bad key or database shows now, not per browser.
    _check_keys(config)
    open_review(config, _review_url(args, config), getattr(args, "lead", None))
    say(t("review.refused.serve_starting", host=args.host, port=args.port), file=sys.stderr)
    Server(serve_invocation(args), host=args.host, port=args.port, title=t("review.title")).serve()
    return 0


def _day(option: str, text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(t("export.problem.bad_date", option=option, found=text)) from None


@store_errors
def export_command(args: argparse.Namespace, config: Config) -> int:
    """`agent-tui export notes|promises|accounts --out FILE`: CSV, masked unless --unmasked (audited)."""
    from agent_tui.i18n import language
    from agent_tui.service.export_record import ExportRecorder, os_actor
    from agent_tui.service.review import open_review
    from agent_tui.service.review_export import ExportProblem, write_export
    from agent_tui.service.review_views import NoteQuery
    from agent_tui.store.export import ExportRange

    since, until = _day("--since", args.since), _day("--until", args.until)
    if since and until and until < since:
        raise UsageError(t("export.problem.backwards", since=since, until=until))
    review = open_review(config, _review_url(args, config), None)
    if args.agent and args.agent not in {a.code for a in review.agents()}:
        raise UsageError(t("export.problem.unknown_agent", code=args.agent))
    notes = review.note_filter(NoteQuery(agent=args.agent, since=since, until=until))
    scope = ExportRange(notes.since, notes.until, notes.agent)
    masked = not args.unmasked
    try:
        with review.reading():
            written = write_export(args.what, Path(args.out), notes=notes, scope=scope, masked=masked,
                                   lang=language(), zone=review.zone, force=args.force)
    except ExportProblem as problem:
        raise TaskError(f"agent-tui export: {problem.msg.render()}") from None
    kind = t(f"export.kind.{args.what}")
    recorder = ExportRecorder(database_url(args, config), os_actor())
    asked = {"since": since.isoformat() if since else None, "until": until.isoformat() if until else None,
             "agent": args.agent}
    try:
        seq = recorder.finish(written, asked)
    except ExportProblem as problem:
        raise TaskError(f"agent-tui export: {problem.msg.render()}") from None
    done = "export.done_masked" if masked else "export.done_unmasked"
    say(t(done, kind=kind, rows=written.rows, path=str(written.path), seq=seq))
    return 0
