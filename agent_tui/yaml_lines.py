"""YAML with line numbers: the one reader of the files people edit.

config.yaml, the call scripts and the lint lexicons are read here into a
small tree of plain values that remember their line, so that whoever checks
a file can name the line of each problem. A scalar keeps its text as written
(``9:00`` stays ``"9:00"``, not YAML 1.1's sexagesimal 540), whether it was
quoted, and the type YAML would read it as; a mapping keeps its entries in
file order, a repeated key included, each with its key's line.

Problems are reported through :class:`Problems`, one line each, in the form
every file of agent-tui uses: ``PATH:LINE: key: expected …, found …``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

import yaml

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


def read_file(path: Path, what: str) -> str:
    """The UTF-8 text of ``path``; :class:`YamlProblems` saying ``what`` was expected if it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise YamlProblems([f"{path}:1: (file): expected {what}, found no such file"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise YamlProblems([f"{path}:1: (file): expected a readable UTF-8 file, found {exc}"]) from None


def parse(text: str, path: str) -> Node | None:
    """The tree of ``text`` (None for an empty document).

    Raises :class:`YamlProblems` naming ``path`` and the line when the text
    is not well-formed YAML (or an alias contains itself).
    """
    try:
        root = _compose(text)
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
    return yaml.compose(text, Loader=yaml.SafeLoader)


class _Tree:
    """Turns PyYAML's nodes into :data:`Node` values; an alias is converted once and shared."""

    def __init__(self, path: str):
        self.path = path
        self.done: dict[int, Node] = {}
        self.open: set[int] = set()

    def convert(self, node: yaml.Node) -> Node:
        known = self.done.get(id(node))
        if known is not None:
            return known
        line = node.start_mark.line + 1
        if id(node) in self.open:
            raise YamlProblems([f"{self.path}:{line}: (YAML): expected well-formed YAML, found an alias inside itself"])
        self.open.add(id(node))
        converted: Node
        if isinstance(node, yaml.MappingNode):
            converted = Map(tuple(self._entry(k, v) for k, v in node.value), line)
        elif isinstance(node, yaml.SequenceNode):
            converted = Seq(tuple(self.convert(item) for item in node.value), line)
        elif isinstance(node, yaml.ScalarNode):
            # style: None from the Python parser for an unquoted value, "" from libyaml.
            converted = Scalar(str(node.value), line, not node.style, str(node.tag))
        else:  # PyYAML composes nothing else; a programming error, not a user one
            raise TypeError(f"unexpected YAML node {node!r}")
        self.open.discard(id(node))
        self.done[id(node)] = converted
        return converted

    def _entry(self, key: yaml.Node, value: yaml.Node) -> Entry:
        name = str(key.value) if isinstance(key, yaml.ScalarNode) else None
        return Entry(name, key.start_mark.line + 1, self.convert(value))


def found(node: Node) -> str:
    """What a node is, as a problem's "found …" says it."""
    if isinstance(node, Map):
        return "a mapping"
    if isinstance(node, Seq):
        return "a list"
    return repr(node.text) if node.text != "" else "nothing"


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
