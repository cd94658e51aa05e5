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
from typing import Any

from agent_tui.cli.common import TaskError, UsageError, database_url, json_text, say, store_errors
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
    from agent_tui.store.audit_checkpoints import AnchorReport, check_checkpoints
    from agent_tui.store.audit_keys import load_public_key
    from agent_tui.store.audit_state import verify_trail

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
        report = verify_trail()
        if folder is not None and public is not None:
            # A problem found in a row comes after a whole walk of the chain, whose links all held.
            links_hold = report.problem is None or bool(report.kind)
            anchor = check_checkpoints(folder, public, links_hold=links_hold)
    finally:
        db.close()
    if getattr(args, "json", False):
        print(json_text(_as_json(report, anchor)))
        return 0 if report.intact and (anchor is None or anchor.holds) else 1
    for finding in report.findings:
        say(_finding_text(finding), file=sys.stderr)
    if report.findings:
        say(t("audit.findings", count=len(report.findings), states=report.states), file=sys.stderr)
    elif report.problem is None:
        say(t("audit.intact", events=report.events, notes=report.notes, promises=report.promises,
                plans=report.plans, states=report.states))
    if report.problem is not None:
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


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return t("audit.value.yes" if value else "audit.value.no")
    if isinstance(value, dict):  # a ledger part: its lines' count (the digest tells that their content moved)
        return t("audit.value.lines", count=value.get("count", 0))
    if value is None or value == "":
        return t("audit.value.empty")
    return str(value)


def _finding_text(finding: Any) -> str:
    """One finding in the reader's language: what, which row, which account, who last recorded it, what moved."""
    table = t(f"audit.table.{finding.kind}")
    last = finding.last
    said = {"table": table, "row": finding.row, "ref": finding.ref or "-"}
    if last is not None:
        said.update(actor=last.actor, at=f"{last.at:%Y-%m-%d %H:%M} UTC", seq=last.seq)
    if finding.problem == "changed" and last is not None and last.state is not None and finding.now is not None:
        moved = "; ".join(t("audit.moved", field=t(f"audit.field.{name}"), was=_value(last.state.get(name)),
                            now=_value(finding.now.get(name))) for name in finding.fields)
        return t("audit.finding.changed", moved=moved, **said)
    if finding.problem == "deleted":
        return t("audit.finding.deleted", **said)
    return t("audit.finding.unrecorded", **said)


def _as_json(report: Any, anchor: Any) -> dict[str, Any]:
    findings = []
    for finding in report.findings:
        last = finding.last
        findings.append({
            "table": finding.kind, "row": finding.row, "account": finding.ref, "problem": finding.problem,
            "fields": [{"field": name, "recorded": (last.state or {}).get(name) if last else None,
                        "now": (finding.now or {}).get(name)} for name in finding.fields],
            "last_recorded": None if last is None else {
                "by": last.actor, "at": last.at.isoformat(), "event": last.seq},
            "text": _finding_text(finding),
        })
    chain = None if report.problem is None else {
        "problem": report.problem, "where": report.where, "kind": report.kind or None, "row": report.row,
        "text": t(f"audit.problem.{report.problem}",
                  where=t(f"audit.row.{report.kind}", id=report.row) if report.kind else report.where,
                  events=report.events)}
    return {
        "intact": report.intact, "events": report.events, "notes": report.notes, "promises": report.promises,
        "plans": report.plans, "states_checked": report.states, "chain": chain, "findings": findings,
        "checkpoints": None if anchor is None else {
            "holds": anchor.holds, "checked": anchor.checked,
            "findings": [finding.render() for finding in anchor.findings]},
    }
