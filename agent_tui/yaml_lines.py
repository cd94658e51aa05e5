"""YAML with line numbers: the one reader of the files people edit.

config.yaml, the call scripts and the lint lexicons are read here into a
small tree of plain values that remember their line, so that whoever checks
a file can name the line of each problem. A scalar keeps its text as written
(``9:00`` stays ``"9:00"``, not YAML 1.1's sexagesimal 540), whether it was
quoted, and the type YAML would read it as; a mapping keeps its entries in
file order, a repeated key included, each with its key's line.

Problems are reported through :class:`Problems`, one line each, in the form
every file of agent-tui uses: ``PATH:LINE: key: expected …, found …``.

The files are small (a few kilobytes), so anything far beyond that is refused
before YAML reads it: a file over :data:`MAX_FILE_BYTES` is not read whole, a
value nested deeper than :data:`MAX_DEPTH` levels is refused before Python
recurses into it, and a tree of more than :data:`MAX_VALUES` values (an alias
counted each time it is used, so a "billion laughs" file cannot blow up its
reader) is refused as it is built.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

import yaml

#: The largest file read: the shipped files are a few kilobytes; a file hundreds of times bigger is a mistake.
MAX_FILE_BYTES = 1024 * 1024
#: The deepest nesting of mappings and lists (the deepest file of agent-tui has five levels).
MAX_DEPTH = 32
#: The most values one file may hold, an alias counted each time it is used.
MAX_VALUES = 100_000

#: The tag YAML gives text (quoted, or plain words that are not a number, boolean or null).
TEXT_TAG = "tag:yaml.org,2002:str"


@dataclass(frozen=True, eq=False)
class Scalar:
    """One value as written: its text, its line, whether it was unquoted, and what YAML reads it as."""

    text: str
    line: int
    plain: bool = True
    tag: str = TEXT_TAG

    @property
    def is_text(self) -> bool:
        """Whether YAML reads the value as text (``12``, ``true`` and ``~`` unquoted are not)."""
        return self.tag == TEXT_TAG


@dataclass(frozen=True, eq=False)
class Entry:
    """One ``key: value`` of a mapping; ``key`` is None when the key is not a plain value."""

    key: str | None
    line: int
    value: Node


@dataclass(frozen=True, eq=False)
class Map:
    """A mapping: its entries in file order (a repeated key is kept, for the checker to refuse)."""

    entries: tuple[Entry, ...]
    line: int

    def get(self, key: str) -> Entry | None:
        """The first entry named ``key``, if any."""
        return next((entry for entry in self.entries if entry.key == key), None)


@dataclass(frozen=True, eq=False)
class Seq:
    """A list of values."""

    items: tuple[Node, ...]
    line: int


Node: TypeAlias = Scalar | Map | Seq


class YamlProblems(Exception):
    """A file that could not be read as YAML; ``problems`` holds its ``PATH:LINE: …`` line."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def read_file(path: Path, what: str, limit: int = MAX_FILE_BYTES) -> str:
    """The UTF-8 text of ``path``; :class:`YamlProblems` saying ``what`` was expected if it cannot be read.

    A file over ``limit`` bytes is refused without reading more than ``limit`` + 1 bytes of it.
    """
    try:
        with path.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            data = stream.read(limit + 1) if size <= limit else b""
    except FileNotFoundError:
        raise YamlProblems([f"{path}:1: (file): expected {what}, found no such file"]) from None
    except OSError as exc:
        raise YamlProblems([f"{path}:1: (file): expected a readable UTF-8 file, found {exc}"]) from None
    if size > limit or len(data) > limit:  # a pipe or a special file has no size until it is read
        shown = f"{size:,} bytes" if size > limit else "more"
        raise YamlProblems([f"{path}:1: (file): expected at most {limit:,} bytes, found {shown}"])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlProblems([f"{path}:1: (file): expected a readable UTF-8 file, found {exc}"]) from None


def parse(text: str, path: str) -> Node | None:
    """The tree of ``text`` (None for an empty document).

    Raises :class:`YamlProblems` naming ``path`` and the line when the text
    is not well-formed YAML (or an alias contains itself), or goes beyond the
    limits: :data:`MAX_FILE_BYTES`, :data:`MAX_DEPTH`, :data:`MAX_VALUES`.
    """
    if len(text) > MAX_FILE_BYTES:  # no fewer bytes than characters: the file is over the limit
        raise YamlProblems([f"{path}:1: (file): expected at most {MAX_FILE_BYTES:,} bytes, found more"])
    try:
        root = _compose(text)
    except _TooDeep as exc:
        raise YamlProblems([_too_deep(path, exc.line)]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise YamlProblems([f"{path}:{line}: (YAML): expected well-formed YAML, found {problem}"]) from None
    if root is None:
        return None
    return _Tree(path).convert(root)


def _compose(text: str) -> yaml.Node | None:
    """The YAML node tree of ``text``, with line marks.

    libyaml when built in: the same nodes in a fraction of the time, and config
    loading runs before the first frame. A file it refuses is read again by
    the Python parser, whose explanations the messages have always quoted.
    """
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.compose(text, Loader=fast)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=_NestingLoader)


class _TooDeep(Exception):
    """A value nested deeper than :data:`MAX_DEPTH`, at ``line``."""

    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


def _too_deep(path: str, line: int) -> str:
    return f"{path}:{line}: (YAML): expected at most {MAX_DEPTH} levels of nesting, found more"


class _NestingLoader(yaml.SafeLoader):
    """PyYAML's safe loader, stopping at :data:`MAX_DEPTH` levels instead of recursing until Python gives up.

    libyaml stops at a thousand levels with an error of its own, and then the
    file comes here: Python's composer calls itself once a level.
    """

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _TooDeep(self.peek_event().start_mark.line + 1)
            return super().compose_node(parent, index)  # type: ignore[arg-type]
        finally:
            self.depth -= 1


class _Tree:
    """Turns PyYAML's nodes into :data:`Node` values; an alias is converted once and shared."""

    def __init__(self, path: str):
        self.path = path
        self.done: dict[int, Node] = {}
        self.open: set[int] = set()
        #: How many values each converted node stands for, its own included, aliases counted each time.
        self.values: dict[int, int] = {}

    def convert(self, node: yaml.Node, depth: int = 1) -> Node:
        known = self.done.get(id(node))
        if known is not None:
            return known
        line = node.start_mark.line + 1
        if id(node) in self.open:
            raise YamlProblems([f"{self.path}:{line}: (YAML): expected well-formed YAML, found an alias inside itself"])
        if depth > MAX_DEPTH:
            raise YamlProblems([_too_deep(self.path, line)])
        self.open.add(id(node))
        converted: Node
        if isinstance(node, yaml.MappingNode):
            converted = Map(tuple(self._entry(k, v, depth + 1) for k, v in node.value), line)
            count = 1 + sum(1 + self.values[id(v)] for _, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            converted = Seq(tuple(self.convert(item, depth + 1) for item in node.value), line)
            count = 1 + sum(self.values[id(item)] for item in node.value)
        elif isinstance(node, yaml.ScalarNode):
            # style: None from the Python parser for an unquoted value, "" from libyaml.
            converted = Scalar(str(node.value), line, not node.style, str(node.tag))
            count = 1
        else:  # PyYAML composes nothing else; a programming error, not a user one
            raise TypeError(f"unexpected YAML node {node!r}")
        if count > MAX_VALUES:
            raise YamlProblems([
                f"{self.path}:{line}: (YAML): expected at most {MAX_VALUES:,} values"
                " (an alias counts each time it is used), found more"
            ])
        self.open.discard(id(node))
        self.done[id(node)] = converted
        self.values[id(node)] = count
        return converted

    def _entry(self, key: yaml.Node, value: yaml.Node, depth: int) -> Entry:
        name = str(key.value) if isinstance(key, yaml.ScalarNode) else None
        return Entry(name, key.start_mark.line + 1, self.convert(value, depth))


def found(node: Node) -> str:
    """What a node is, as a problem's "found …" says it."""
    if isinstance(node, Map):
        return "a mapping"
    if isinstance(node, Seq):
        return "a list"
    if len(node.text) > _SHOWN:  # a problem is one line, whatever a file holds
        return f"{node.text[:_SHOWN]!r}… ({len(node.text):,} characters)"
    return repr(node.text) if node.text != "" else "nothing"


#: The most characters of a value a problem quotes.
_SHOWN = 40


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the choice closest to ``name``; empty when none is close."""
    close = difflib.get_close_matches(name, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


class Problems:
    """The problems found in one file, one ``PATH:LINE: key: expected …, found …`` line each."""

    def __init__(self, path: str):
        self.path = path
        self.lines: list[str] = []

    def add(self, where: Node | Entry | None, key: str, expected: str, found: str) -> None:
        """Record one problem at the line of ``where`` (line 1 when there is nothing to point at)."""
        line = where.line if where is not None else 1
        self.lines.append(f"{self.path}:{line}: {key}: expected {expected}, found {found}")

    def entries(self, node: Node | None, key: str) -> dict[str, Entry]:
        """The entries of a mapping by name, each name once.

        A value that is not a mapping, and a name given twice, are recorded as
        problems; a key that is not a plain value is named ``(empty key)``.
        Nothing (``None``) has no entries. ``key`` is the mapping's own dotted
        key, empty for the top level.
        """
        if node is None:
            return {}
        if not isinstance(node, Map):
            self.add(node, key, "a mapping", found(node))
            return {}
        out: dict[str, Entry] = {}
        for entry in node.entries:
            name = entry.key or "(empty key)"
            if name in out:
                self.add(entry, f"{key}.{name}" if key else name, "each key once", "it again")
                continue
            out[name] = entry
        return out
