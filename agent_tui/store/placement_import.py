"""``agent-tui import``: the creditor's placement files into the database, all or nothing.

Accounts files go first (each row brings its debtor and contract terms),
then contacts, schedule lines, payments and charges, which must name an
account of the import (or, with ``update``, one already in the database).
Every file is read in batches; each batch is checked (a column at a time, then
against the database with at most one query per question), then written
through the driver's bulk path (:mod:`~agent_tui.store.placement_load`). The whole
import is one transaction: after the first problem nothing more is written,
checking goes on so every bad row is named, and at the end the transaction is
rolled back, so the database is exactly as it was.

An account already in the database is refused unless ``update``; then its
contract terms are replaced in place and its stage, claims, notes, attempts
and promises stay. Its schedule lines, payments or charges are replaced by
the file's when the import has lines of that kind for it.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from peewee import Database, DatabaseError

from agent_tui.domain.placement import FileKind, Problem, kind_for_header
from agent_tui.domain.placement_sheet import Sheet
from agent_tui.i18n import Msg, render
from agent_tui.store import name_search
from agent_tui.store.audit import append_event
from agent_tui.store.audit_state import record_accounts
from agent_tui.store.import_progress import ImportProgress
from agent_tui.store.models import MODELS
from agent_tui.store.placement_files import PlacementFile, PlacementRows, Scan, check_encoding, find_files, scan
from agent_tui.store.placement_load import BATCH, PlacementLoad

#: Problems kept for the report; the rest are counted.
MAX_SHOWN = 1000


class ProblemLog:
    """Every problem counted; the first ``limit`` kept to show."""

    def __init__(self, limit: int = MAX_SHOWN):
        self.limit = limit
        self.shown: list[Problem] = []
        self.count = 0

    def append(self, problem: Problem) -> None:
        """Record one problem."""
        self.count += 1
        if len(self.shown) < self.limit:
            self.shown.append(problem)


@dataclass
class FileReport:
    """What one file held and what became of its rows."""

    file: str
    kind: FileKind | None = None
    encoding: str | None = None
    rows: int = 0
    added: int = 0
    updated: int = 0
    #: Contact points that were already on file (kept, not added twice).
    known: int = 0
    #: Schedule lines, payments or charges written in place of an account's earlier ones, and how many went.
    replaced: int = 0
    removed: int = 0

    def summary(self, dry_run: bool = False) -> Msg:
        """One line for the summary (a dry run's says what the import would do)."""
        counts = {"file": self.file, "count": f"{self.rows:,}", "added": f"{self.added:,}",
                  "updated": f"{self.updated:,}", "known": f"{self.known:,}", "replaced": f"{self.replaced:,}",
                  "removed": f"{self.removed:,}"}
        way = "would" if dry_run else "did"
        if self.kind is FileKind.ACCOUNTS:
            return Msg(f"import.summary.{way}.accounts", counts)
        if self.kind is FileKind.CONTACTS:
            return Msg(f"import.summary.{way}.contacts", counts)
        if self.replaced or self.removed:
            return Msg(f"import.summary.{way}.replaced", counts)
        return Msg(f"import.summary.{way}.lines", counts)


@dataclass
class ImportReport:
    """The outcome: per-file counts, the problems, and whether anything was written."""

    files: list[FileReport] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    #: What stays as it was although a file says otherwise (each named like a problem; not one).
    notices: list[Problem] = field(default_factory=list)
    dry_run: bool = False
    written: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Whether the files had no problem (exit code 0)."""
        return self.problem_count == 0

    def count(self, kind: FileKind, what: str) -> int:
        """The sum of one count (rows, added, updated, known) over the files of ``kind``."""
        return sum(getattr(f, what) for f in self.files if f.kind is kind)

    def lines(self, lang: str | None = None) -> list[str]:
        """What the command prints: each problem, then the summary, in ``lang``."""
        out = [p.render(lang) for p in self.problems]
        if self.problem_count > len(self.problems):
            more = self.problem_count - len(self.problems)
            out.append(render(Msg("import.summary.more", {"count": f"{more:,}"}), lang))
        if not self.ok:
            out.append(render(Msg("import.summary.failed", {"count": f"{self.problem_count:,}"}), lang))
            return out
        out.extend(render(Msg("import.notice.line", {
            "place": n.file if n.line is None else f"{n.file}:{n.line}", "column": n.column, "what": n.expected,
            "why": n.found}), lang) for n in self.notices)
        out.extend(render(f.summary(self.dry_run), lang) for f in self.files)
        if self.dry_run:
            rows = sum(f.rows for f in self.files)
            out.append(render(Msg("import.summary.dry_run", {"files": len(self.files), "count": f"{rows:,}"}), lang))
            return out
        added, updated = self.count(FileKind.ACCOUNTS, "added"), self.count(FileKind.ACCOUNTS, "updated")
        done = {"count": f"{added + updated:,}", "added": f"{added:,}", "updated": f"{updated:,}",
                "seconds": f"{self.seconds:.1f}"}
        out.append(render(Msg("import.summary.done", done), lang))
        return out


class _Abandon(Exception):
    """Raised inside the transaction to roll it back once every problem is named."""


@dataclass
class _Opened:
    """A file ready to import: scanned, its header bound."""

    file: PlacementFile
    scan: Scan
    sheet: Sheet
    rows: PlacementRows
    report: FileReport


def run_import(
    db: Database | None,
    path: str,
    *,
    dry_run: bool = False,
    update: bool = False,
    encoding: str | None = None,
    progress: TextIO | None = None,
    currency: str = "CNY",
    time_zone: str = "Asia/Shanghai",
    now: datetime | None = None,
    max_shown: int = MAX_SHOWN,
    actor: str = "import",
) -> ImportReport:
    """Import the placement files at ``path`` (a CSV file or a folder of them) into ``db``.

    ``currency`` is the default for rows that leave it empty (config.yaml's);
    ``time_zone`` is the floor's, whose date the derived overdue dates are
    taken on (a debtor without a zone is never given it). ``progress`` is a stream for the progress bar
    (stderr when it is a terminal) or None. With ``dry_run`` (or no ``db``)
    nothing is written; with a ``db`` the refs are still checked against it. A written import is on record
    in the audit trail as ``actor``'s: one event naming each file with its SHA-256 and row counts, then the
    state of every account it touched (terms, balance, ledger, the debtor's flags and numbers) where it
    changed.
    """
    started = time.monotonic()
    now = now or datetime.now(UTC)
    log = ProblemLog(max_shown)
    report = ImportReport(dry_run=dry_run)
    files, problems = find_files(path)
    for problem in problems:
        log.append(problem)
    if encoding is not None and not check_encoding(encoding):
        log.append(Problem(path, None, "--encoding", Msg("import.expected.known_encoding"), encoding))
        files = []
    load = PlacementLoad(db, log, update=update, write=not dry_run and db is not None, currency=currency,
                         time_zone=time_zone, now=now)
    opened = []
    unusable: set[FileKind] = set()
    for file in files:
        try:
            item = _open(file, encoding, log, unusable)
        except OSError as error:
            log.append(Problem(file.shown, None, "file", Msg("import.expected.readable"), error.strerror or str(error)))
            continue
        if item is not None:
            opened.append(item)
    load.refs_unknowable = FileKind.ACCOUNTS in unusable
    order = list(FileKind)
    opened.sort(key=lambda item: order.index(item.sheet.kind))
    report.files = [item.report for item in opened]
    bar = ImportProgress(progress) if progress is not None else None
    try:
        if load.write and db is not None:
            with db.atomic():
                _process(load, opened, bar)
                if log.count:
                    raise _Abandon
                name_search.catch_up(db)  # the new debtors in the notes search, in one statement
                with db.bind_ctx(MODELS):  # the trail is written through the models, on this database
                    _on_record(actor, opened, load, now)
            report.written = True
        else:
            _process(load, opened, bar)
    except _Abandon:
        pass
    except DatabaseError as error:
        log.append(Problem(path, None, "database", Msg("import.expected.database"), str(error).strip().splitlines()[0]))
    except OSError as error:
        log.append(Problem(getattr(error, "filename", None) or path, None, "file", Msg("import.expected.readable"),
                           error.strerror or str(error)))
    finally:
        for item in opened:
            item.rows.close()
    report.problems, report.problem_count = _in_file_order(log.shown), log.count
    report.notices = _in_file_order(load.notices)
    report.seconds = time.monotonic() - started
    return report


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _on_record(actor: str, opened: list[_Opened], load: PlacementLoad, now: datetime) -> None:
    """The import's event (each file, its SHA-256 and counts), then the touched accounts' states."""
    files = [{"file": item.file.path.name, "kind": item.sheet.kind.value, "sha256": _sha256(item.file.path),
              "rows": item.report.rows, "added": item.report.added, "updated": item.report.updated}
             for item in opened]
    append_event(actor, "import_written", "", {"files": files, "accounts": len(load.touched)}, now)
    record_accounts(actor, load.touched, "import", now, new_accounts=load.new_accounts,
                    new_debtors=load.new_debtors)


def _in_file_order(problems: list[Problem]) -> list[Problem]:
    """Problems by file (in the order files were met), then by line; a batch finds some out of order."""
    rank: dict[str, int] = {}
    for problem in problems:
        rank.setdefault(problem.file, len(rank))
    return sorted(problems, key=lambda p: (rank[p.file], p.line or 0))


def _open(file: PlacementFile, encoding: str | None, log: ProblemLog, unusable: set[FileKind]) -> _Opened | None:
    """Scan a file and bind its header, or log why it cannot be read (and note its kind in ``unusable``)."""
    result = scan(file, encoding)
    if isinstance(result, Problem):
        log.append(result)
        return None
    records = PlacementRows(file, result.encoding)
    header = records.header
    if header is None:
        records.close()
        log.append(records.problem or Problem(file.shown, 1, "header", Msg("import.expected.header"),
                                              Msg("import.found.empty_file")))
        return None
    kind = file.kind or kind_for_header(header)
    if kind is None:
        records.close()
        columns = ", ".join(cell.strip() for cell in header if cell.strip())
        log.append(Problem(file.shown, None, "file", Msg("import.expected.file_kind"),
                           Msg("import.found.columns", {"columns": columns})))
        return None
    sheet = Sheet(kind, header, file.shown, {"time_zone": None, "currency": None})
    for problem in sheet.problems:
        log.append(problem)
    if not sheet.usable:
        records.close()
        unusable.add(kind)
        return None
    return _Opened(file, result, sheet, records, FileReport(file.shown, kind, result.encoding))


def _process(load: PlacementLoad, opened: list[_Opened], bar: ImportProgress | None) -> None:
    """Every file in batches (accounts first), then the figures the rows left to derive."""
    for item in opened:
        handle = load.accounts if item.sheet.kind is FileKind.ACCOUNTS else load.lines
        if bar is not None:
            bar.start(item.file.shown, item.scan.lines)
        for lines, rows in item.rows.batches(BATCH, load.log):
            handle(item.sheet, lines, rows, item.report)
            if bar is not None:
                bar.update(item.report.rows, item.rows.line)
        if bar is not None:
            bar.finish(item.report.rows)
    if load.writing:
        load.derive_figures()
