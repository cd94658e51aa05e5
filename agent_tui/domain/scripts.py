"""Call scripts: the words for each checklist step, and what a script must hold.

Leads change the words without touching code. A script names the
checklist steps (each with a title and what to say), listening prompts,
solution offers, objection handling and the debt-collector disclosure, with
``{placeholders}`` filled from the case. The placeholders a script may use
are listed once, in :data:`PLACEHOLDERS`; the sections and entries it must
have in :data:`SECTIONS`, :data:`STEP_FIELDS` and :data:`STEP_EXTRAS`.

The files themselves (``scripts/<language>.yaml``) are read and checked
against these rules by :mod:`agent_tui.script_files`, which refuses an
unknown placeholder, a missing step or a missing section with the file and
line, and runs the words through the note linter so a lead sees any
forbidden wording.
"""

from __future__ import annotations

import difflib
import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from types import MappingProxyType
from typing import Any

from agent_tui.domain.checklist import STEPS, Step
from agent_tui.domain.linter import LintFlag
from agent_tui.domain.money import Amount
from agent_tui.domain.offers import Offer
from agent_tui.domain.records import Outcome
from agent_tui.i18n import Msg, render, t

#: Every placeholder a script may use, and what fills it.
PLACEHOLDERS: Mapping[str, str] = MappingProxyType(
    {
        "greeting": "good morning, afternoon or evening, as the debtor's local time calls for",
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
        "last_payment_amount": "the amount of the last payment of the offer",
        "last_payment_date": "the date of the last payment of the offer",
        "extension_days": "the days of extension offered",
        "new_due_date": "the due date after the extension",
        "settlement_amount": "the amount accepted in full settlement",
        "pay_by": "the date a settlement or full payment is due",
        "agreed_amount": "the amount the debtor agreed to pay",
        "agreed_date": "the date the debtor agreed to pay by",
    }
)

#: The parts of the day a greeting names (the ``greetings`` entries), and the local hour each begins at.
PARTS_OF_DAY = ("morning", "afternoon", "evening")
_PART_STARTS = ((18, "evening"), (12, "afternoon"), (0, "morning"))


def part_of_day(local: datetime | time) -> str:
    """The part of the day on the clock given (the debtor's): ``morning`` before 12:00, ``afternoon``
    to 18:00, ``evening`` after; the calling window never opens in the night, so there is no fourth."""
    return next(name for start, name in _PART_STARTS if local.hour >= start)


#: Sections besides ``steps``, each with the entries it must have. More entries may be added.
SECTIONS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "listening": ("hardship", "capacity", "attitude"),
        "offers": ("instalments", "extension", "settlement", "full"),
        "objections": ("cant_pay", "not_my_debt", "stop_calling", "angry", "third_party"),
        "disclosures": ("mini_miranda",),
        "greetings": PARTS_OF_DAY,
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
#: Entries a step may have: "agree" in the words of the kind of offer picked (a plan is confirmed as
#: its count, instalment and first date, not as one payment); without one, its ``say`` is read.
STEP_CHOICES: Mapping[Step, tuple[str, ...]] = MappingProxyType(
    {Step.AGREE: ("instalments", "extension", "settlement")}
)
#: The top-level keys of a script.
TOP_KEYS = ("language", "steps", *SECTIONS)


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

    def fill(self, key: str, values: Mapping[str, object]) -> str:
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
            raise ScriptError(
                [f"{self.path}:{line}: {full}: expected a value for {{{name}}}, found none" for name in missing]
            )
        return text.format_map({name: _show(values[name], self.language) for name in _fields(text)})

    def step_text(
        self,
        step: Step | str,
        values: Mapping[str, object],
        *,
        broken_promise: bool = False,
        mini_miranda: bool = False,
        offer_kind: str = "",
    ) -> str:
        """What to say at ``step``: the broken-promise opening when asked, the disclosure first when required.

        ``offer_kind`` is the kind of the offer picked: a step with words for that kind says those.
        """
        step = Step(step)
        key = f"steps.{step.value}.broken_promise" if broken_promise and step == Step.PURPOSE else f"steps.{step.value}"
        if offer_kind in STEP_CHOICES.get(step, ()) and f"steps.{step.value}.{offer_kind}" in self.texts:
            key = f"steps.{step.value}.{offer_kind}"
        words = self.fill(key, values)
        if mini_miranda and step == Step.PURPOSE:
            words = self.fill("disclosures.mini_miranda", values) + "\n" + words
        return words


def word_problems(text: str) -> list[tuple[str, str]]:
    """What is wrong with one entry's words, as ``(expected, found)`` pairs; empty when they are usable.

    The words may use only the placeholders of :data:`PLACEHOLDERS`, plain
    (no format spec nor conversion), in matching braces.
    """
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        return [("{placeholders} in matching braces (write {{ and }} for a literal brace)", str(exc))]
    problems: list[tuple[str, str]] = []
    for _, name, spec, conversion in parsed:
        if name is None or (name in PLACEHOLDERS and not spec and not conversion):
            continue
        shown = "{" + name + ("!" + conversion if conversion else "") + (":" + spec if spec else "") + "}"
        close = difflib.get_close_matches(name, list(PLACEHOLDERS), n=1)
        hint = f" (did you mean {{{close[0]}}}?)" if close and close[0] != name else ""
        expected = "only the known placeholders " + ", ".join(PLACEHOLDERS) + hint
        problems.append((expected, f"unknown placeholder {shown}"))
    return problems


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
        "last_payment_amount": Amount(last.amount, offer.currency),
        "last_payment_date": last.due,
        "extension_days": offer.extension_days,
        "new_due_date": last.due,
        "settlement_amount": Amount(offer.total, offer.currency),
        "pay_by": first.due,
        "agreed_amount": Amount(first.amount, offer.currency),
        "agreed_date": first.due,
    }


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _show(value: object, lang: str) -> str:
    if isinstance(value, Msg):
        return render(value, lang)
    localize = getattr(value, "localize", None)
    if callable(localize):
        return str(localize(lang))
    if isinstance(value, datetime):
        return f"{spoken_date(value.date(), lang)} {value:%H:%M}"
    if isinstance(value, date):
        return spoken_date(value, lang)
    return str(value)


def spoken_date(day: date, lang: str) -> str:
    """A date as an agent reads it out in ``lang``: ``10 March 2026`` or ``2026年3月10日``."""
    return t("scripts.date", lang=lang, day=day.day, month=t(f"scripts.month.m{day.month}", lang=lang), year=day.year)
