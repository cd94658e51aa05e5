"""Exports to CSV a spreadsheet opens as it is: UTF-8 with a BOM, headers in the reader's language.

- National IDs and phone numbers are masked (all but the last four
  characters), and so is every phone number, ID and e-mail address inside
  free text (a number an agent typed into a note; the rule of
  :mod:`agent_tui.domain.masking`), unless the caller asks for the data unmasked;
  only the ``export`` command may, and it records that in the audit log.
- Times are written on the floor's clock, the zone named in the header;
  amounts as plain decimal numbers in major units (``1234.50``), so the
  spreadsheet can add them up.
- Every cell a spreadsheet would run as a formula (one starting with ``=``,
  ``+``, ``-``, ``@``, a tab or a carriage return), whatever its column, is
  written with a leading apostrophe; a plain number (``-12.50``) stays a
  number.
- The file is written beside its destination under a new temporary name
  (created exclusively, never through a link, readable by its owner only)
  and only moved into place by :meth:`ExportFile.commit`, so a failed export
  (or an audit event that could not be recorded) leaves no half file and no
  unrecorded unmasked one.
- An existing file is never replaced unless the caller forces it, and a
  database (an SQLite file, or its ``-wal``, ``-shm`` or ``-journal``) never.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from agent_tui.domain.masking import mask_text
from agent_tui.domain.money import to_major
from agent_tui.i18n import Msg, has, t
from agent_tui.service.review_masking import compliance_flag_text, mask_secret, stored_score
from agent_tui.store.export import ExportRange, iter_accounts, iter_promises
from agent_tui.store.note_search import NoteFilter, NoteLine, iter_notes

ExportKind = Literal["notes", "promises", "accounts"]
EXPORT_KINDS: tuple[str, ...] = ("notes", "promises", "accounts")

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ExportProblem(Exception):
    """The export cannot be written (a folder that does not exist, a disk that is full)."""

    def __init__(self, key: str, **params: Any) -> None:
        self.msg = Msg(f"export.problem.{key}", params)
        super().__init__(self.msg.key)


@dataclass
class ExportFile:
    """A written export waiting under its temporary name; ``commit`` puts it in place."""

    kind: str
    path: Path
    temp: Path
    rows: int
    sha256: str
    masked: bool

    #: Whether an existing file at ``path`` may be replaced.
    force: bool = False

    def commit(self) -> None:
        """Move the finished file to its destination; an existing file there only when forced."""
        if self.force:
            os.replace(self.temp, self.path)
            return
        try:
            os.link(self.temp, self.path)  # fails if a file appeared there meanwhile: nothing is replaced
        except FileExistsError:
            self.discard()
            raise ExportProblem("exists", path=str(self.path)) from None
        self.temp.unlink()

    def discard(self) -> None:
        """Remove the temporary file: the export did not happen."""
        self.temp.unlink(missing_ok=True)


_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _safe(text: str) -> str:
    """Text a spreadsheet will show as text, not run as a formula (a plain number stays a number)."""
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


#: What an SQLite database file starts with.
_SQLITE_HEADER = b"SQLite format 3\x00"
#: The files SQLite keeps beside a database while it is in use.
_SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def _is_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER
    except OSError:
        return False


def is_database(path: Path) -> bool:
    """Whether ``path`` is an SQLite database or one of the files SQLite keeps beside one."""
    if _is_sqlite(path):
        return True
    for suffix in _SQLITE_COMPANIONS:
        if path.name.endswith(suffix) and _is_sqlite(path.with_name(path.name[: -len(suffix)])):
            return True
    return False


class _Cells:
    """How values become cells for one export: language, zone, masking."""

    def __init__(self, lang: str, zone: ZoneInfo, masked: bool) -> None:
        self.lang, self.zone, self.masked = lang, zone, masked

    def when(self, at: datetime | None) -> str:
        return at.astimezone(self.zone).strftime("%Y-%m-%d %H:%M:%S") if at else ""

    @staticmethod
    def day(value: date | None) -> str:
        return value.isoformat() if value else ""

    @staticmethod
    def money(minor: int | None, currency: str) -> str:
        return "" if minor is None else str(to_major(minor, currency))

    def label(self, group: str, value: str) -> str:
        key = f"review.{group}.{value}"
        return t(key, lang=self.lang) if value and has(key, self.lang) else value

    def secret(self, value: str) -> str:
        return mask_secret(value) if self.masked else value

    def text(self, value: str) -> str:
        return mask_text(value) if self.masked else value

    def lint(self, flags: Iterable[dict[str, Any]]) -> str:
        parts = []
        for flag in flags:
            value = str(flag.get("category", ""))
            key = f"linter.category.{value}"
            category = t(key, lang=self.lang) if has(key, self.lang) else value
            parts.append(f"{category}: {flag.get('excerpt', '')}")
        return self.text("; ".join(parts))

    def compliance(self, flags: Iterable[object]) -> str:
        if self.masked:
            return "; ".join(compliance_flag_text(flag) for flag in flags)
        parts = []
        for flag in flags:
            if isinstance(flag, dict):
                parts.append(str(flag.get("rule") or flag.get("kind") or flag.get("message") or flag))
            else:
                parts.append(str(flag))
        return "; ".join(parts)

    def yes_no(self, value: bool) -> str:
        return t("export.yes" if value else "export.no", lang=self.lang)


Column = tuple[str, Callable[[Any], str]]


def _note_columns(c: _Cells) -> list[Column]:
    def score(line: NoteLine) -> str:
        value = stored_score(line.checklist)
        return "" if value is None else str(value)

    return [
        ("note", lambda n: str(n.id)),
        ("saved_at", lambda n: c.when(n.created_at)),
        ("agent", lambda n: n.agent_code),
        ("agent_name", lambda n: _safe(n.agent_name)),
        ("account", lambda n: n.account_ref),
        ("debtor", lambda n: _safe(n.debtor_name)),
        ("outcome", lambda n: c.label("outcome", n.outcome)),
        ("attitude", lambda n: c.label("attitude", n.attitude)),
        ("promise_amount", lambda n: ";".join(c.money(a, n.currency) for a, _ in n.promises)),
        ("promise_status", lambda n: ";".join(c.label("promise_status", s) for _, s in n.promises)),
        ("next_action", lambda n: c.text(n.next_action)),
        ("next_action_at", lambda n: c.when(n.next_action_at)),
        ("checklist_score", score),
        ("flagged", lambda n: c.yes_no(n.flagged)),
        ("lint_flags", lambda n: c.lint(n.lint_flags)),
        ("compliance_flags", lambda n: c.compliance(n.compliance_flags)),
        ("amends", lambda n: str(n.amends_id or "")),
        ("text", lambda n: c.text(n.text)),
    ]


def _promise_columns(c: _Cells) -> list[Column]:
    return [
        ("promise", lambda p: str(p.id)),
        ("made_at", lambda p: c.when(p.created_at)),
        ("agent", lambda p: p.agent_code),
        ("account", lambda p: p.account_ref),
        ("debtor", lambda p: _safe(p.debtor_name)),
        ("national_id", lambda p: c.secret(p.national_id)),
        ("phone", lambda p: c.secret(p.phone)),
        ("amount", lambda p: c.money(p.amount, p.currency)),
        ("currency", lambda p: p.currency),
        ("due", lambda p: c.day(p.due)),
        ("status", lambda p: c.label("promise_status", p.status)),
        ("resolved_at", lambda p: c.when(p.resolved_at)),
        ("note", lambda p: str(p.note_id or "")),
    ]


def _account_columns(c: _Cells) -> list[Column]:
    return [
        ("account", lambda a: a.ref),
        ("debtor", lambda a: _safe(a.debtor_name)),
        ("national_id", lambda a: c.secret(a.national_id)),
        ("phone", lambda a: c.secret(a.phone)),
        ("creditor", lambda a: _safe(a.creditor)),
        ("product", lambda a: _safe(a.product)),
        ("currency", lambda a: a.currency),
        ("principal", lambda a: c.money(a.principal, a.currency)),
        ("balance", lambda a: c.money(a.balance, a.currency)),
        ("stage", lambda a: c.label("stage", a.stage)),
        ("overdue_since", lambda a: c.day(a.overdue_since)),
        ("assigned_agent", lambda a: a.assigned_agent),
        ("next_action", lambda a: c.text(a.next_action)),
        ("next_action_at", lambda a: c.when(a.next_action_at)),
        ("placed_at", lambda a: c.when(a.placed_at)),
    ]


_TIMED = ("saved_at", "next_action_at", "made_at", "resolved_at", "placed_at")


def _header(name: str, lang: str, zone: ZoneInfo) -> str:
    text = t(f"export.column.{name}", lang=lang)
    return t("export.with_zone", lang=lang, column=text, zone=str(zone.key)) if name in _TIMED else text


def _rows(kind: str, notes: NoteFilter, scope: ExportRange) -> Iterator[Any]:
    if kind == "notes":
        return iter_notes(notes)
    if kind == "promises":
        return iter_promises(scope)
    return iter_accounts(scope)


def write_export(kind: str, out: Path, *, notes: NoteFilter, scope: ExportRange, masked: bool, lang: str,
                 zone: ZoneInfo, force: bool = False) -> ExportFile:
    """Write ``kind`` rows to a temporary file beside ``out``; the caller commits or discards it.

    An existing ``out`` is refused unless ``force``; a database never. The models must be
    bound and a connection open (the caller's read snapshot).
    """
    if kind not in EXPORT_KINDS:
        raise ExportProblem("unknown_kind", kind=kind, kinds=", ".join(EXPORT_KINDS))
    out = Path(out).expanduser()
    if out.is_dir():
        raise ExportProblem("is_folder", path=str(out))
    if not out.parent.is_dir():
        raise ExportProblem("no_folder", folder=str(out.parent))
    if is_database(out):
        raise ExportProblem("is_database", path=str(out))
    if (out.exists() or out.is_symlink()) and not force:
        raise ExportProblem("exists", path=str(out))
    cells = _Cells(lang, zone, masked)
    columns = {"notes": _note_columns, "promises": _promise_columns, "accounts": _account_columns}[kind](cells)
    count = 0
    try:
        # mkstemp: a new name, created exclusively, never through a link, mode 0600.
        fd, temp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent)
    except OSError as exc:
        raise ExportProblem("cannot_write", path=str(out), reason=exc.strerror or str(exc)) from None
    temp = Path(temp_name)
    try:
        with open(fd, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([_safe(_header(name, lang, zone)) for name, _ in columns])
            for row in _rows(kind, notes, scope):
                writer.writerow([_safe(cell(row)) for _, cell in columns])
                count += 1
        with open(temp, "rb") as handle:
            digest = hashlib.file_digest(handle, "sha256")
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise ExportProblem("cannot_write", path=str(out), reason=exc.strerror or str(exc)) from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return ExportFile(kind, out, temp, count, digest.hexdigest(), masked, force)
