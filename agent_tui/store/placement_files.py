"""The creditor's placement files on disk: which they are, how they are encoded, their rows.

Files arrive exported from Excel, often in GB18030, sometimes in UTF-8 with a
byte-order mark. Before a single row is read, each file is scanned once in
binary: the scan decides the encoding (UTF-8 with or without BOM, else
GB18030, unless the user named one) and counts the lines, so the progress
bar knows its total and an undecodable byte is reported with its line before
anything is written.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from agent_tui.domain.placement import FileKind, Problem, kind_for_file_name
from agent_tui.i18n import Msg

_CHUNK = 1 << 20
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (b"\x84\x31\x95\x33", "gb18030"))
_EXCEL = (".xlsx", ".xls", ".xlsm", ".et")


@dataclass(frozen=True)
class PlacementFile:
    """One file of the import: where it is, how problem lines name it, its kind if the name says."""

    path: Path
    shown: str
    kind: FileKind | None


@dataclass(frozen=True)
class Scan:
    """What the binary scan found: the encoding to read with and the number of lines."""

    encoding: str
    lines: int


def find_files(target: str) -> tuple[list[PlacementFile], list[Problem]]:
    """The CSV files ``target`` names (a file, or a folder's ``*.csv``), in import order."""
    path = Path(target)
    if path.is_file():
        return [PlacementFile(path, target, kind_for_file_name(path.stem))], []
    if not path.is_dir():
        return [], [Problem(target, None, "path", Msg("import.expected.path"), Msg("import.found.nothing"))]
    found, problems = [], []
    for entry in sorted(path.iterdir(), key=lambda p: p.name):
        if not entry.is_file() or entry.name.startswith((".", "~$")):
            continue
        suffix = entry.suffix.lower()
        shown = str(path / entry.name)
        if suffix == ".csv":
            found.append(PlacementFile(entry, shown, kind_for_file_name(entry.stem)))
        elif suffix in _EXCEL and kind_for_file_name(entry.stem) is not None:
            problems.append(Problem(shown, None, "file", Msg("import.expected.csv_file"), Msg("import.found.workbook")))
    if not found and not problems:
        problems.append(Problem(target, None, "path", Msg("import.expected.path"), Msg("import.found.no_csv")))
    order = list(FileKind)
    found.sort(key=lambda f: (order.index(f.kind) if f.kind else len(order), f.path.name))
    return found, problems


def check_encoding(name: str) -> bool:
    """Whether Python knows the encoding ``name``."""
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def scan(file: PlacementFile, encoding: str | None = None) -> Scan | Problem:
    """Decide the file's encoding and count its lines, or name the first undecodable byte."""
    with open(file.path, "rb") as stream:
        head = stream.read(4)
    if encoding is None and head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return Problem(file.shown, 1, "encoding", Msg("import.expected.encoding"), Msg("import.found.utf16"))
    if encoding is None:
        for bom, name in _BOMS:
            if head.startswith(bom):
                encoding = name
                break
    if encoding is not None:
        result = _decode_all(file.path, encoding)
        if isinstance(result, int):
            return Scan(encoding, result)
        return _undecodable(file, result, Msg("import.expected.encoding_named", {"encoding": encoding}))
    result = _decode_all(file.path, "utf-8")
    if isinstance(result, int):
        return Scan("utf-8", result)
    fallback = _decode_all(file.path, "gb18030")
    if isinstance(fallback, int):
        return Scan("gb18030", fallback)
    return _undecodable(file, result, Msg("import.expected.encoding"))


def _undecodable(file: PlacementFile, where: tuple[int, str], expected: Msg) -> Problem:
    line, byte = where
    found = Msg("import.found.nul") if byte == "0x00" else Msg("import.found.byte", {"byte": byte})
    return Problem(file.shown, line, "encoding", expected, found)


def _decode_all(path: Path, encoding: str) -> int | tuple[int, str]:
    """The number of lines, or the line and byte where ``encoding`` cannot decode the file."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    lines = 0
    last = b""
    with open(path, "rb") as stream:
        while True:
            chunk = stream.read(_CHUNK)
            final = not chunk
            try:
                decoder.decode(chunk, final)
            except UnicodeDecodeError as exc:
                # exc.object is this chunk, after any bytes of a character the
                # previous chunk left unfinished (never a newline byte).
                data = exc.object
                return lines + data[: exc.start].count(b"\n") + 1, f"0x{data[exc.start]:02X}"
            if final:
                break
            nul = chunk.find(b"\0")
            if nul >= 0:  # valid UTF-8, but no placement file has it: a UTF-16 file, or damage
                return lines + chunk[:nul].count(b"\n") + 1, "0x00"
            lines += chunk.count(b"\n")
            last = chunk
    if last and not last.endswith(b"\n"):
        lines += 1
    return lines


def sniff_delimiter(header_line: str) -> str:
    """Comma, unless the header line plainly uses tabs or semicolons."""
    counts = {mark: header_line.count(mark) for mark in (",", "\t", ";")}
    best = max(counts, key=lambda mark: counts[mark])
    return best if counts[best] > 0 else ","


class PlacementRows:
    """An open placement file: its header (line 1), then its rows in batches.

    A batch is (the line each row starts on, the rows), read by the csv module
    a batch at a time. A record the csv module refuses (a NUL byte, a field
    past its size limit) becomes a :class:`Problem`; the file is then read
    again from the last good batch, record by record, and reading goes on.
    """

    def __init__(self, file: PlacementFile, encoding: str):
        self.file = file
        self._stream = open(file.path, encoding=encoding, newline="")  # noqa: SIM115 - read batch by batch, closed by close()
        first = self._stream.readline()
        self._stream.seek(0)
        self._delimiter = sniff_delimiter(first)
        self._reader = csv.reader(self._stream, delimiter=self._delimiter)
        self._last = 0
        self.header: list[str] | None = None
        self.problem: Problem | None = None
        try:
            self.header = next(self._reader, None)
        except csv.Error as exc:
            self.problem = Problem(file.shown, 1, "-", Msg("import.expected.csv"), str(exc))
        self._last = self._reader.line_num

    def batches(self, size: int, problems) -> Iterator[tuple[Sequence[int], list[list[str]]]]:
        """(start lines, rows) after the header, ``size`` rows at a time; broken records go to ``problems``."""
        reader = self._reader
        while True:
            try:
                rows = list(islice(reader, size))
            except csv.Error:
                yield from self._record_by_record(size, problems)
                return
            if not rows:
                return
            end = reader.line_num
            if end - self._last == len(rows):
                lines: Sequence[int] = range(self._last + 1, end + 1)
            else:  # some record spans lines (a quoted cell with a line break)
                lines, line = [], self._last + 1
                for row in rows:
                    lines.append(line)
                    line += 1 + sum(cell.count("\n") for cell in row)
            self._last = end
            yield lines, rows

    def _record_by_record(self, size: int, problems) -> Iterator[tuple[list[int], list[list[str]]]]:
        """Read again from the end of the last batch, naming each record the csv module refuses."""
        self._stream.seek(0)
        reader = csv.reader(self._stream, delimiter=self._delimiter)
        while reader.line_num < self._last:
            next(reader)  # records read before, without error
        last = self._last
        lines: list[int] = []
        rows: list[list[str]] = []
        while True:
            try:
                for cells in reader:
                    lines.append(last + 1)
                    rows.append(cells)
                    last = reader.line_num
                    if len(rows) >= size:
                        self._last = last
                        yield lines, rows
                        lines, rows = [], []
                break
            except csv.Error as exc:
                problems.append(Problem(self.file.shown, last + 1, "-", Msg("import.expected.csv"), str(exc)))
                last = reader.line_num
        self._last = last
        if rows:
            yield lines, rows

    @property
    def line(self) -> int:
        """The last physical line read so far."""
        return self._last

    def close(self) -> None:
        """Close the file."""
        self._stream.close()
