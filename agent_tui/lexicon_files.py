"""The lint lexicons shipped with agent-tui: ``agent_tui/data/lexicon.<lang>.yaml``.

Each file names its language and, per :class:`~agent_tui.domain.linter.LintCategory`,
a list of regular expressions. This module reads and checks them (a problem
is named with its file and line) and gives :func:`lint`, the note linter
with the packaged lexicons, to whoever saves or writes notes.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from agent_tui import yaml_lines
from agent_tui.domain import linter
from agent_tui.domain.linter import Lexicon, LintCategory, LintFlag
from agent_tui.i18n import LANGUAGES
from agent_tui.yaml_lines import Map, Problems, Scalar, Seq, YamlProblems, found

#: The packaged lexicons: ``agent_tui/data``.
DATA = Path(__file__).resolve().parent / "data"


class LexiconError(Exception):
    """A lexicon file that cannot be used; ``problems`` holds ``FILE:LINE: key: …`` lines."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def parse_lexicon(text: str, path: str) -> Lexicon:
    """Build a :class:`~agent_tui.domain.linter.Lexicon` from YAML text; :class:`LexiconError` names every problem."""
    try:
        root = yaml_lines.parse(text, path)
    except YamlProblems as exc:
        raise LexiconError(exc.problems) from None
    if not isinstance(root, Map):
        shown = found(root) if root is not None else "nothing"
        raise LexiconError([f"{path}:1: (top level): expected a mapping, found {shown}"])
    problems = Problems(path)
    fields = problems.entries(root, "")
    language = fields["language"].value if "language" in fields else None
    lang = language.text if isinstance(language, Scalar) else ""
    if lang not in LANGUAGES:
        problems.add(language or root, "language", "one of " + ", ".join(LANGUAGES),
                     found(language) if language else "none")
    compiled: list[tuple[LintCategory, re.Pattern[str]]] = []
    categories = fields["categories"].value if "categories" in fields else None
    if not isinstance(categories, Map):
        problems.add(categories or root, "categories", "a mapping of category to patterns",
                     found(categories) if categories else "none")
    else:
        for name, entry in problems.entries(categories, "categories").items():
            key = f"categories.{name}"
            if name not in LintCategory.__members__.values():
                problems.add(entry, key, "one of " + ", ".join(LintCategory), repr(name))
                continue
            if not isinstance(entry.value, Seq):
                problems.add(entry.value, key, "a list of patterns", found(entry.value))
                continue
            for i, item in enumerate(entry.value.items):
                if not isinstance(item, Scalar):
                    problems.add(item, f"{key}[{i}]", "a pattern", found(item))
                    continue
                try:
                    compiled.append((LintCategory(name), re.compile(item.text, re.IGNORECASE)))
                except re.error as exc:
                    problems.add(item, f"{key}[{i}]", "a regular expression", f"{item.text!r} ({exc})")
    if problems.lines:
        raise LexiconError(problems.lines)
    return Lexicon(lang, tuple(compiled))


@cache
def lexicon(lang: str) -> Lexicon:
    """The packaged lexicon of ``lang``."""
    name = f"lexicon.{lang}.yaml"
    # The package's own folder, not importlib.resources: that loads zipfile and its readers,
    # a quarter of a megabyte held for the life of the workstation, to read one file.
    try:
        text = yaml_lines.read_file(DATA / name, "a lint lexicon")
    except YamlProblems as exc:
        raise LexiconError(exc.problems) from None
    return parse_lexicon(text, f"agent_tui/data/{name}")


def lint(text: str, lang: str | None = None, third_party: bool = False) -> tuple[LintFlag, ...]:
    """The passages of ``text`` that the packaged lexicons flag, in reading order.

    ``lang`` picks one language's lexicon; ``None`` (or a language without a
    lexicon) applies all of them, for a note that mixes languages.
    ``third_party``: the note is of a call a third party answered, where any
    word of the debt is flagged too.
    """
    langs = (lang,) if lang in LANGUAGES else LANGUAGES
    return linter.lint(text, [lexicon(name) for name in langs], third_party)
