"""`agent-tui audit verify|keygen|checkpoint`: check the audit chain, and anchor its end outside the database.

``keygen`` makes the checkpoint key pair once; ``checkpoint`` (on a schedule)
signs the chain's head into a new file; ``verify`` walks the chain and, given
the checkpoints and the public key, holds it to each of them. Without
checkpoints, verify says what it cannot prove.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from agent_tui.cli.common import TaskError, UsageError, database_url, say, store_errors
from agent_tui.config import Config
from agent_tui.i18n import t


def _config_path(config: Config, value: str) -> Path | None:
    """A path from config.yaml, relative to its folder; None when empty."""
    if not value:
        return None
    path = Path(value).expanduser()
    return path if path.is_absolute() else Path(config.base_dir) / path


def _checkpoints(args: argparse.Namespace, config: Config) -> Path | None:
    given = getattr(args, "checkpoints", None)
    return Path(given) if given else _config_path(config, config.audit.checkpoints_dir)


@store_errors
def audit_command(args: argparse.Namespace, config: Config) -> int:
    """`agent-tui audit ACTION`: the chain checked (exit 1 naming what does not match), a key made, or signed."""
    from agent_tui.store.audit_checkpoints import CheckpointError
    from agent_tui.store.audit_keys import AuditKeyError

    try:
        if args.action == "keygen":
            return _keygen(args)
        if args.action == "checkpoint":
            return _checkpoint(args, config)
        return _verify(args, config)
    except AuditKeyError as error:
        raise UsageError(f"agent-tui audit: {error}") from None
    except CheckpointError as error:
        raise TaskError(f"agent-tui audit: {error}") from None


def _keygen(args: argparse.Namespace) -> int:
    from agent_tui.store.audit_keys import generate_key

    if not args.key:
        raise UsageError(t("audit.key.no_key_option", action="keygen"))
    public, kid = generate_key(Path(args.key))
    say(t("audit.key.written", private=args.key, public=str(public), key_id=kid))
    return 0


def _checkpoint(args: argparse.Namespace, config: Config) -> int:
    from agent_tui.store import check_schema, open_database, use_database
    from agent_tui.store.audit_checkpoints import write_checkpoint
    from agent_tui.store.audit_keys import key_id, load_private_key, load_public_key

    if not args.key:
        raise UsageError(t("audit.key.no_key_option", action="checkpoint"))
    folder = _checkpoints(args, config)
    if folder is None:
        raise UsageError(t("audit.checkpoint.no_folder"))
    private = load_private_key(Path(args.key))
    configured = _config_path(config, config.audit.public_key)
    if configured is not None and key_id(load_public_key(configured)) != key_id(private.public_key()):
        raise UsageError(t("audit.checkpoint.wrong_key", key=args.key, public=str(configured)))
    db = use_database(open_database(database_url(args, config), read_only=True))
    try:
        check_schema(db)
        checkpoint, new = write_checkpoint(private, folder)
    finally:
        db.close()
    key = "audit.checkpoint.written" if new else "audit.checkpoint.unchanged"
    say(t(key, file=str(checkpoint.file), seq=checkpoint.seq, hash=checkpoint.hash[:16]))
    return 0


def _verify(args: argparse.Namespace, config: Config) -> int:
    from agent_tui.store import check_schema, open_database, use_database
    from agent_tui.store.audit import verify_chain
    from agent_tui.store.audit_checkpoints import AnchorReport, check_checkpoints
    from agent_tui.store.audit_keys import load_public_key

    folder = _checkpoints(args, config)
    public = None
    if folder is not None:
        given = getattr(args, "public_key", None)
        path = Path(given) if given else _config_path(config, config.audit.public_key)
        if path is None:
            raise UsageError(t("audit.anchor.no_public_key"))
        public = load_public_key(path)
    anchor: AnchorReport | None = None
    db = use_database(open_database(database_url(args, config), read_only=True))
    try:
        check_schema(db)
        report = verify_chain()
        if folder is not None and public is not None:
            # A problem found in a row comes after a whole walk of the chain, whose links all held.
            anchor = check_checkpoints(folder, public, links_hold=report.intact or bool(report.kind))
    finally:
        db.close()
    if report.intact:
        say(t("audit.intact", events=report.events, notes=report.notes, promises=report.promises,
                plans=report.plans))
    else:
        where = t(f"audit.row.{report.kind}", id=report.row) if report.kind else report.where
        say(t(f"audit.problem.{report.problem}", where=where, events=report.events), file=sys.stderr)
    if anchor is None:
        say(t("audit.unproven"))
        return 0 if report.intact else 1
    for finding in anchor.findings:
        say(finding.render(), file=sys.stderr)
    if anchor.latest is not None and anchor.holds:
        latest = anchor.latest
        say(t("audit.anchored", checked=anchor.checked, file=str(latest.file), seq=latest.seq, at=latest.at))
        if anchor.unanchored:
            say(t("audit.unanchored", count=anchor.unanchored, seq=latest.seq))
    return 0 if report.intact and anchor.holds else 1
