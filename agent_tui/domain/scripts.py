"""Call scripts: the words for each checklist step, read from ``scripts/<language>.yaml``.

Leads change the words without touching code. A script names the
checklist steps (each with a title and what to say), listening prompts,
solution offers, objection handling and the debt-collector disclosure, with
``{placeholders}`` filled from the case. The placeholders a script may use
are listed once, in :data:`PLACEHOLDERS`; an unknown one, a missing step or
a missing section is refused at load with the file and line. Script text is
also run through the note linter so a lead sees any forbidden wording.
"""

from __future__ import annotations

import difflib
import string
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

import yaml

from agent_tui.domain.checklist import STEPS, Step
from agent_tui.domain.linter import LintFlag, lint
from agent_tui.domain.money import Amount
from agent_tui.domain.offers import Offer
from agent_tui.domain.records import Outcome
from agent_tui.i18n import LANGUAGES, Msg, render, t

#: Every placeholder a script may use, and what fills it.
PLACEHOLDERS: Mapping[str, str] = MappingProxyType(
    {
        "debtor_name": "the debtor's name",
        "agent": "the agent's name",
        "company": "the collection company's name",
        "company_phone": "the number the debtor can call back",
        "creditor": "the creditor the debt is owed to",
        "amount": "the balance owed now",
        "days_past_due": "days past due",
        "due_date": "the date the debt fell due",
        "promise_amount": "the amount of the promise that was missed",
        "promise_date": "the date of the promise that was missed",
        "instalments": "the number of instalments offered",
        "instalment_amount": "the amount of each instalment",
        "first_payment_date": "the date of the first payment of the offer",
        "extension_days": "the days of extension offered",
        "new_due_date": "the due date after the extension",
        "settlement_amount": "the amount accepted in full settlement",
        "pay_by": "the date a settlement or full payment is due",
        "agreed_amount": "the amount the debtor agreed to pay",
        "agreed_date": "the date the debtor agreed to pay by",
    }
)

#: Sections besides ``steps``, each with the entries it must have. More entries may be added.
SECTIONS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "listening": ("hardship", "capacity", "attitude"),
        "offers": ("instalments", "extension", "settlement", "full"),
        "objections": ("cant_pay", "not_my_debt", "stop_calling", "angry", "third_party"),
        "disclosures": ("mini_miranda",),
    }
)
#: Objections that change the call's course, and the outcome the note takes: a dispute stops
#: collection until it is reviewed, a stop-calling request is recorded as a cease request, and a
#: third party on the line means the third-party path. The others (can't pay, angry) are handled
#: in the conversation and leave the outcome to the agent.
OBJECTION_OUTCOMES: Mapping[str, Outcome] = MappingProxyType(
    {
        "not_my_debt": Outcome.DISPUTE,
        "stop_calling": Outcome.CEASE_REQUEST,
        "third_party": Outcome.THIRD_PARTY,
    }
)
#: What each step must have, and the extra entries some steps must have.
STEP_FIELDS = ("title", "say")
STEP_EXTRAS: Mapping[Step, tuple[str, ...]] = MappingProxyType({Step.PURPOSE: ("broken_promise",)})
_TOP = ("language", "steps", *SECTIONS)


class ScriptError(Exception):
    """A script that cannot be used; ``problems`` holds ``FILE:LINE: key: …`` lines."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class CallScript:
    """One language's talk tracks, keyed ``steps.greet.say``, ``objections.angry`` and so on."""

    path: str
    language: str
    texts: Mapping[str, str]
    lines: Mapping[str, int]
    #: Linter flags in the script's own words: (key, flag).
    flags: tuple[tuple[str, LintFlag], ...] = ()

    @property
    def steps(self) -> tuple[Step, ...]:
        """The checklist steps this script gives words for, in checklist order."""
        return STEPS

    def _key(self, key: str) -> str:
        if key in self.texts:
            return key
        if f"{key}.say" in self.texts:
            return f"{key}.say"
        raise KeyError(f"{self.path}: no script entry {key!r}")

    def title(self, step: Step | str) -> str:
        """The step's title in this script."""
        return self.texts[f"steps.{Step(step).value}.title"]

    def entries(self, section: str) -> tuple[str, ...]:
        """The entry names of a section, e.g. the objections, in file order."""
        prefix = section + "."
        return tuple(k[len(prefix) :] for k in self.texts if k.startswith(prefix))

    def placeholders(self, key: str) -> frozenset[str]:
        """The placeholders the entry ``key`` uses."""
        return frozenset(_fields(self.texts[self._key(key)]))

    def fill(self, key: str, values: Mapping[str, Any]) -> str:
        """The words of entry ``key`` with the case's values put in.

        ``key`` is dotted (``objections.angry``; ``steps.greet`` means its
        ``say``). Amounts format themselves in the script's language, dates
        are written as the language writes them. A placeholder without a
        value raises :class:`ScriptError` naming the file, line and name.
        """
        full = self._key(key)
        text = self.texts[full]
        missing = sorted(_fields(text) - set(values))
        if missing:
            line = self.lines.get(full, 1)
            raise ScriptError([f"{self.path}:{line}: {full}: expected a value for {{{name}}}, found none" for name in missing])
        return text.format_map({name: _show(values[name], self.language) for name in _fields(text)})

    def step_text(
        self, step: Step | str, values: Mapping[str, Any], *, broken_promise: bool = False, mini_miranda: bool = False
    ) -> str:
        """What to say at ``step``: the broken-promise opening when asked, the disclosure first when required."""
        step = Step(step)
        key = f"steps.{step.value}.broken_promise" if broken_promise and step == Step.PURPOSE else f"steps.{step.value}"
        words = self.fill(key, values)
        if mini_miranda and step == Step.PURPOSE:
            words = self.fill("disclosures.mini_miranda", values) + "\n" + words
        return words


def offer_values(offer: Offer) -> dict[str, Any]:
    """The offer's figures under the placeholder names the ``offers`` entries use.

    The agreed amount and date are the offer's first payment, which is what
    the agent confirms at the "agree" step.
    """
    first, last = offer.lines[0], offer.lines[-1]
    return {
        "instalments": offer.count,
        "instalment_amount": Amount(first.amount, offer.currency),
        "first_payment_date": first.due,
        "extension_days": offer.extension_days,
        "new_due_date": last.due,
        "settlement_amount": Amount(offer.total, offer.currency),
        "pay_by": first.due,
        "agreed_amount": Amount(first.amount, offer.currency),
        "agreed_date": first.due,
    }


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _show(value: Any, lang: str) -> str:
    if isinstance(value, Msg):
        return render(value, lang)
    localize = getattr(value, "localize", None)
    if callable(localize):
        return localize(lang)
    if isinstance(value, datetime):
        return f"{spoken_date(value.date(), lang)} {value:%H:%M}"
    if isinstance(value, date):
        return spoken_date(value, lang)
    return str(value)


def spoken_date(day: date, lang: str) -> str:
    """A date as an agent reads it out in ``lang``: ``10 March 2026`` or ``2026年3月10日``."""
    return t("scripts.date", lang=lang, day=day.day, month=t(f"scripts.month.m{day.month}", lang=lang), year=day.year)


class _Reader:
    def __init__(self, path: str):
        self.path = path
        self.problems: list[str] = []

    def fail(self, node: yaml.Node | None, key: str, expected: str, found: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        self.problems.append(f"{self.path}:{line}: {key}: expected {expected}, found {found}")


def _found(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return repr(node.value) if node.value != "" else "nothing"


def _text(reader: _Reader, node: yaml.Node, key: str, texts: dict, lines: dict) -> None:
    """Check one entry's words and placeholders; keep them when they are usable."""
    if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str" or not node.value.strip():
        reader.fail(node, key, "text", _found(node))
        return
    text = node.value
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        reader.fail(node, key, "{placeholders} in matching braces (write {{ and }} for a literal brace)", str(exc))
        return
    ok = True
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            shown = "{" + name + ("!" + conversion if conversion else "") + (":" + spec if spec else "") + "}"
            close = difflib.get_close_matches(name, list(PLACEHOLDERS), n=1)
            hint = f" (did you mean {{{close[0]}}}?)" if close and close[0] != name else ""
            reader.fail(node, key, "only the known placeholders " + ", ".join(PLACEHOLDERS) + hint, f"unknown placeholder {shown}")
            ok = False
    if ok:
        texts[key] = text
        lines[key] = node.start_mark.line + 1


def _mapping(reader: _Reader, node: yaml.Node | None, key: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        reader.fail(node, key, "a mapping", _found(node))
        return {}
    out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for knode, vnode in node.value:
        name = (str(knode.value) if isinstance(knode, yaml.ScalarNode) else "") or "(empty key)"
        if name in out:
            reader.fail(knode, f"{key}.{name}", "each key once", "it again")
            continue
        out[name] = (knode, vnode)
    return out


def parse_script(text: str, path: str) -> CallScript:
    """Build a :class:`CallScript` from YAML text; raise :class:`ScriptError` naming every problem."""
    reader = _Reader(path)
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise ScriptError([f"{path}:{mark.line + 1 if mark else 1}: (YAML): expected well-formed YAML, found {problem}"]) from None
    if not isinstance(root, yaml.MappingNode):
        raise ScriptError([f"{path}:1: (top level): expected a mapping of sections, found {_found(root) if root else 'nothing'}"])
    top = _mapping(reader, root, "")
    for name, (knode, _) in top.items():
        if name not in _TOP:
            close = difflib.get_close_matches(name, list(_TOP), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            reader.fail(knode, name, "a known section" + hint, f"unknown section {name!r}")
    texts: dict[str, str] = {}
    lines: dict[str, int] = {}

    language = top.get("language", (None, None))[1]
    lang = language.value if isinstance(language, yaml.ScalarNode) else None
    if lang not in LANGUAGES:
        reader.fail(language or root, "language", "one of " + ", ".join(LANGUAGES), _found(language) if language else "none")
    stem = Path(path).name.removesuffix(".yaml")
    if lang in LANGUAGES and stem in LANGUAGES and stem != lang:
        reader.fail(language, "language", f"{stem!r} as the file name says", repr(lang))

    steps_key, steps_node = top.get("steps", (None, None))
    steps = _mapping(reader, steps_node, "steps")
    if steps_node is None:
        reader.fail(root, "steps", "a section with the checklist steps " + ", ".join(STEPS), "none")
    else:
        for name, (knode, _) in steps.items():
            if name not in STEPS:
                reader.fail(knode, f"steps.{name}", "one of the checklist steps " + ", ".join(STEPS), f"unknown step {name!r}")
        for step in STEPS:
            if step.value not in steps:
                reader.fail(steps_key, "steps", f"a step {step.value!r} ({t(f'checklist.step.{step.value}', lang='en')})", "none")
                continue
            knode, vnode = steps[step.value]
            fields = _mapping(reader, vnode, f"steps.{step.value}")
            wanted = STEP_FIELDS + STEP_EXTRAS.get(step, ())
            for field in wanted:
                if field not in fields:
                    reader.fail(knode, f"steps.{step.value}", f"an entry {field!r}", "none")
            for field, (fknode, fvnode) in fields.items():
                key = f"steps.{step.value}.{field}"
                if field not in wanted:
                    reader.fail(fknode, key, "one of " + ", ".join(wanted), f"unknown entry {field!r}")
                    continue
                _text(reader, fvnode, key, texts, lines)

    for section, required in SECTIONS.items():
        knode, vnode = top.get(section, (None, None))
        if vnode is None:
            reader.fail(root, section, "a section with " + ", ".join(required), "none")
            continue
        entries = _mapping(reader, vnode, section)
        for name in required:
            if name not in entries:
                reader.fail(knode, section, f"an entry {name!r}", "none")
        for name, (_, enode) in entries.items():
            _text(reader, enode, f"{section}.{name}", texts, lines)

    if reader.problems:
        raise ScriptError(reader.problems)
    flags = tuple((key, flag) for key, words in texts.items() for flag in lint(words, lang))
    return CallScript(path, lang, MappingProxyType(texts), MappingProxyType(lines), flags)


def load_script(path: str | Path) -> CallScript:
    """Read and check one script file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScriptError([f"{path}:1: (file): expected a call script, found no such file"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScriptError([f"{path}:1: (file): expected a readable UTF-8 file, found {exc}"]) from None
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
