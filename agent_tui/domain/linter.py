"""The note linter: flags words an agent must not use with a debtor (guide 2.5).

Each language has a lexicon in ``agent_tui/data/lexicon.<lang>.yaml``: per
category, regular expressions that catch the *use* of a word (a threat of
jail, a claim to be the police, a threat to tell the family) rather than the
bare word. Flags do not block anything; they are stored with the note and
shown to the lead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import yaml

from agent_tui.i18n import LANGUAGES, Msg

#: The packaged lexicons: ``agent_tui/data``.
DATA = Path(__file__).resolve().parent.parent / "data"


class LintCategory(StrEnum):
    """What kind of forbidden conduct a flag points at."""

    THREAT = "threat"
    INSULT = "insult"
    ARREST = "arrest"  # threatening arrest or jail
    IMPERSONATION = "impersonation"  # posing as police, court or government (冒充公检法)
    EXPOSURE = "exposure"  # threatening to tell family, employer or contacts (爆通讯录)
    BORROW_TO_PAY = "borrow_to_pay"  # urging the debtor to borrow or sell property to pay


class LexiconError(Exception):
    """A lexicon file that cannot be used; ``problems`` holds ``FILE:LINE: key: …`` lines."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class LintFlag:
    """One passage of a text that matched a category of the lexicon."""

    category: LintCategory
    excerpt: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        """A plain mapping to store with the note."""
        return {"category": self.category.value, "excerpt": self.excerpt, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LintFlag:
        """Rebuild a stored flag; raises :class:`ValueError` naming what is wrong."""
        try:
            category = LintCategory(data["category"])
            excerpt, start, end = str(data["excerpt"]), int(data["start"]), int(data["end"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"stored lint flag is not valid: {exc}") from None
        return cls(category, excerpt, start, end)

    def describe(self) -> Msg:
        """The flag as the lead reads it: category and the words that matched."""
        return Msg("linter.flag", {"category": Msg(f"linter.category.{self.category.value}"), "excerpt": self.excerpt})


@dataclass(frozen=True)
class Lexicon:
    """One language's compiled patterns by category."""

    language: str
    patterns: tuple[tuple[LintCategory, re.Pattern[str]], ...]


def parse_lexicon(text: str, path: str) -> Lexicon:
    """Build a :class:`Lexicon` from YAML text; raise :class:`LexiconError` naming every problem."""
    problems: list[str] = []

    def fail(node: yaml.Node | None, key: str, expected: str, found: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        problems.append(f"{path}:{line}: {key}: expected {expected}, found {found}")

    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise LexiconError([f"{path}:{mark.line + 1 if mark else 1}: (YAML): expected well-formed YAML, found {exc}"]) from None
    if not isinstance(root, yaml.MappingNode):
        raise LexiconError([f"{path}:1: (top level): expected a mapping, found something else"])
    fields = {k.value: (k, v) for k, v in root.value}
    language = fields.get("language", (None, None))[1]
    if not isinstance(language, yaml.ScalarNode) or language.value not in LANGUAGES:
        fail(language or root, "language", "one of " + ", ".join(LANGUAGES), repr(getattr(language, "value", None)))
    compiled: list[tuple[LintCategory, re.Pattern[str]]] = []
    categories = fields.get("categories", (None, None))[1]
    if not isinstance(categories, yaml.MappingNode):
        fail(categories or root, "categories", "a mapping of category to patterns", "none")
    else:
        for knode, vnode in categories.value:
            key = f"categories.{knode.value}"
            if knode.value not in LintCategory.__members__.values():
                fail(knode, key, "one of " + ", ".join(LintCategory), repr(knode.value))
                continue
            if not isinstance(vnode, yaml.SequenceNode):
                fail(vnode, key, "a list of patterns", "something else")
                continue
            for i, item in enumerate(vnode.value):
                if not isinstance(item, yaml.ScalarNode):
                    fail(item, f"{key}[{i}]", "a pattern", "something else")
                    continue
                try:
                    compiled.append((LintCategory(knode.value), re.compile(item.value, re.IGNORECASE)))
                except re.error as exc:
                    fail(item, f"{key}[{i}]", "a regular expression", f"{item.value!r} ({exc})")
    if problems:
        raise LexiconError(problems)
    return Lexicon(language.value, tuple(compiled))


@lru_cache(maxsize=None)
def lexicon(lang: str) -> Lexicon:
    """The packaged lexicon of ``lang``."""
    name = f"lexicon.{lang}.yaml"
    # The package's own folder, not importlib.resources: that loads zipfile and its readers,
    # a quarter of a megabyte held for the life of the workstation, to read one file.
    entry = DATA / name
    return parse_lexicon(entry.read_text(encoding="utf-8"), f"agent_tui/data/{name}")


def lint(text: str, lang: str | None = None) -> tuple[LintFlag, ...]:
    """The passages of ``text`` that a lexicon flags, in reading order.

    ``lang`` picks one language's lexicon; ``None`` (or a language without a
    lexicon) applies all of them, for a note that mixes languages. Overlapping matches of one category are
    merged into one flag.
    """
    langs = (lang,) if lang in LANGUAGES else LANGUAGES
    spans: dict[LintCategory, list[tuple[int, int]]] = {}
    for name in langs:
        for category, pattern in lexicon(name).patterns:
            for match in pattern.finditer(text):
                if match.end() > match.start():
                    spans.setdefault(category, []).append(match.span())
    flags = []
    for category, found in spans.items():
        found.sort()
        start, end = found[0]
        for s, e in found[1:]:
            if s < end:
                end = max(end, e)
                continue
            flags.append(LintFlag(category, text[start:end], start, end))
            start, end = s, e
        flags.append(LintFlag(category, text[start:end], start, end))
    order = list(LintCategory)
    return tuple(sorted(flags, key=lambda f: (f.start, order.index(f.category))))
