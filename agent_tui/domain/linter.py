"""The note linter: flags words an agent must not use with a debtor (guide 2.5).

A :class:`Lexicon` holds, per category, regular expressions that catch the
*use* of a word (a threat of jail, a claim to be the police, a threat to tell
the family) rather than the bare word. Each language's lexicon is a data file
(``agent_tui/data/lexicon.<lang>.yaml``), read by
:mod:`agent_tui.lexicon_files`; :func:`lint` takes the lexicons to apply.
Flags do not block anything; they are stored with the note and shown to the
lead (the workstation asks the agent before saving a flagged note).

One category applies only to a note on a call where a third party was on
the line: :attr:`LintCategory.DISCLOSURE`, the debt spoken of (amounts,
"owe", "overdue", 欠款, 逾期 …) to someone who is not the debtor (guide 3.2).
With the debtor those words are the call's subject, not a fault.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from agent_tui.i18n import Msg


class LintCategory(StrEnum):
    """What kind of forbidden conduct a flag points at."""

    THREAT = "threat"
    INSULT = "insult"
    ARREST = "arrest"  # threatening arrest or jail
    IMPERSONATION = "impersonation"  # posing as police, court or government (冒充公检法)
    EXPOSURE = "exposure"  # threatening to tell family, employer or contacts (爆通讯录)
    BORROW_TO_PAY = "borrow_to_pay"  # urging the debtor to borrow or sell property to pay
    DISCLOSURE = "disclosure"  # the debt or its figures told to a third party: third-party notes only


#: Categories that are a fault only on the third-party path.
THIRD_PARTY_ONLY = frozenset({LintCategory.DISCLOSURE})


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


def lint(text: str, lexicons: Iterable[Lexicon], third_party: bool = False) -> tuple[LintFlag, ...]:
    """The passages of ``text`` that any of ``lexicons`` flags, in reading order.

    Overlapping matches of one category are merged into one flag. ``third_party``
    says the note is of a call where someone other than the debtor was on the
    line: only then does speaking of the debt count.
    """
    spans: dict[LintCategory, list[tuple[int, int]]] = {}
    for lexicon in lexicons:
        for category, pattern in lexicon.patterns:
            if category in THIRD_PARTY_ONLY and not third_party:
                continue
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
