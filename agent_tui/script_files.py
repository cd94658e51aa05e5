"""The call script files: ``scripts/<language>.yaml`` read and checked into a :class:`CallScript`.

What a script must hold (the checklist steps, the sections and their
entries, the placeholders its words may use) is the domain's
(:mod:`agent_tui.domain.scripts`); this module reads the files and holds
them to it. Every problem is collected and named with its file and line,
``PATH:LINE: key: expected …, found …``, and the whole lot is raised as one
:class:`~agent_tui.domain.scripts.ScriptError`, which stops start-up. The
words of a usable script are run through the note linter, so a lead sees any
forbidden wording (:attr:`CallScript.flags`).
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from agent_tui import yaml_lines
from agent_tui.domain.checklist import STEPS
from agent_tui.domain.scripts import (
    SECTIONS,
    STEP_CHOICES,
    STEP_EXTRAS,
    STEP_FIELDS,
    TOP_KEYS,
    CallScript,
    ScriptError,
    word_problems,
)
from agent_tui.i18n import LANGUAGES, t
from agent_tui.lexicon_files import lint
from agent_tui.yaml_lines import Entry, Map, Node, Problems, Scalar, YamlProblems, did_you_mean, found


class _Words:
    """The entries' words and lines gathered while a script is checked."""

    def __init__(self, problems: Problems):
        self.problems = problems
        self.texts: dict[str, str] = {}
        self.lines: dict[str, int] = {}

    def take(self, node: Node, key: str) -> None:
        """Check one entry's words and placeholders; keep them when they are usable."""
        if not isinstance(node, Scalar) or not node.is_text or not node.text.strip():
            self.problems.add(node, key, "text", found(node))
            return
        wrong = word_problems(node.text)
        for expected, what in wrong:
            self.problems.add(node, key, expected, what)
        if not wrong:
            self.texts[key] = node.text
            self.lines[key] = node.line


def parse_script(text: str, path: str) -> CallScript:
    """Build a :class:`CallScript` from YAML text; raise :class:`ScriptError` naming every problem."""
    try:
        root = yaml_lines.parse(text, path)
    except YamlProblems as exc:
        raise ScriptError(exc.problems) from None
    if not isinstance(root, Map):
        shown = found(root) if root is not None else "nothing"
        raise ScriptError([f"{path}:1: (top level): expected a mapping of sections, found {shown}"])
    problems = Problems(path)
    top = problems.entries(root, "")
    for name, entry in top.items():
        if name not in TOP_KEYS:
            problems.add(entry, name, "a known section" + did_you_mean(name, TOP_KEYS), f"unknown section {name!r}")
    lang = _language(problems, root, top.get("language"), path)
    words = _Words(problems)
    _steps(problems, root, top.get("steps"), words)
    for section, required in SECTIONS.items():
        found_section = top.get(section)
        if found_section is None:
            problems.add(root, section, "a section with " + ", ".join(required), "none")
            continue
        entries = problems.entries(found_section.value, section)
        for name in required:
            if name not in entries:
                problems.add(found_section, section, f"an entry {name!r}", "none")
        for name, item in entries.items():
            words.take(item.value, f"{section}.{name}")
    if problems.lines:
        raise ScriptError(problems.lines)
    flags = tuple((key, flag) for key, text in words.texts.items() for flag in lint(text, lang))
    return CallScript(path, lang, MappingProxyType(words.texts), MappingProxyType(words.lines), flags)


def _language(problems: Problems, root: Map, entry: Entry | None, path: str) -> str:
    """The script's language, which its file name (``en.yaml``) must agree with."""
    node = entry.value if entry is not None else None
    lang = node.text if isinstance(node, Scalar) else ""
    if lang not in LANGUAGES:
        problems.add(node or root, "language", "one of " + ", ".join(LANGUAGES), found(node) if node else "none")
    stem = Path(path).name.removesuffix(".yaml")
    if lang in LANGUAGES and stem in LANGUAGES and stem != lang:
        problems.add(node, "language", f"{stem!r} as the file name says", repr(lang))
    return lang


def _steps(problems: Problems, root: Map, section: Entry | None, words: _Words) -> None:
    """Check the ``steps`` section: every checklist step, each with its entries and no others."""
    if section is None:
        problems.add(root, "steps", "a section with the checklist steps " + ", ".join(STEPS), "none")
        return
    steps = problems.entries(section.value, "steps")
    for name, entry in steps.items():
        if name not in STEPS:
            expected = "one of the checklist steps " + ", ".join(STEPS)
            problems.add(entry, f"steps.{name}", expected, f"unknown step {name!r}")
    for step in STEPS:
        if step.value not in steps:
            named = t(f"checklist.step.{step.value}", lang="en")
            problems.add(section, "steps", f"a step {step.value!r} ({named})", "none")
            continue
        entry = steps[step.value]
        fields = problems.entries(entry.value, f"steps.{step.value}")
        wanted = STEP_FIELDS + STEP_EXTRAS.get(step, ())
        for name in wanted:
            if name not in fields:
                problems.add(entry, f"steps.{step.value}", f"an entry {name!r}", "none")
        wanted += STEP_CHOICES.get(step, ())
        for name, item in fields.items():
            key = f"steps.{step.value}.{name}"
            if name not in wanted:
                problems.add(item, key, "one of " + ", ".join(wanted), f"unknown entry {name!r}")
                continue
            words.take(item.value, key)


def load_script(path: str | Path) -> CallScript:
    """Read and check one script file."""
    path = Path(path)
    try:
        text = yaml_lines.read_file(path, "a call script")
    except YamlProblems as exc:
        raise ScriptError(exc.problems) from None
    return parse_script(text, str(path))


def load_scripts(folder: str | Path) -> dict[str, CallScript]:
    """Every language's script from ``folder`` (``en.yaml``, ``zh-CN.yaml``), all problems at once."""
    scripts: dict[str, CallScript] = {}
    problems: list[str] = []
    for lang in LANGUAGES:
        try:
            scripts[lang] = load_script(Path(folder) / f"{lang}.yaml")
        except ScriptError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ScriptError(problems)
    return scripts
