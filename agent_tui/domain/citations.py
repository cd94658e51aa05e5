"""A conduct rule's id and citation as words of the screen's language.

A rule's citation (:mod:`agent_tui.domain.conduct_rules`) is written once, as
the sources it comes from separated by ``"; "``: a standard's number
(``GB/T 45251-2025``), a regulation's section (``12 CFR 1006.6(b)(1)(i)``),
the banking association's guideline, a section of the practice guide, or the
house's own rule (with the config.yaml key that set it). The numbers are the
same in every language; the names are not. :func:`citation_parts` gives each
source as a :class:`~agent_tui.i18n.Msg`, so that a refusal read in Chinese
says 内部规定 and 指引 2.5, and one read in English names the Chinese
guideline in English. :func:`rule_kind` gives the kind of rule an id names,
whose name the catalog has in each language. :class:`Citation` and
:class:`RuleName` put both in a message: the catalog asks each for its words
in the language of the message (as it asks an amount).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent_tui.domain.conduct_rules import CN_GUIDELINE, HOUSE, PROFILES, RuleKind
from agent_tui.i18n import Msg, render, t

_GUIDE = re.compile(r"guide (\d+(?:\.\d+)*)")
_HOUSE_SETTING = re.compile(re.escape(HOUSE) + r" \(config\.yaml (compliance\.\w+)\)")
_HOUSE_ID = re.compile(r"[\w-]+\.house\.(\w+)")


def citation_parts(citation: str) -> tuple[Msg, ...]:
    """Each source of ``citation`` as a message: a name the catalog says in each language, or a number as it is."""
    parts = []
    for source in (part.strip() for part in citation.split(";")):
        if not source:
            continue
        if source == HOUSE:
            parts.append(Msg("compliance.citation.house"))
        elif source == CN_GUIDELINE:
            parts.append(Msg("compliance.citation.cn_guideline"))
        elif match := _GUIDE.fullmatch(source):
            parts.append(Msg("compliance.citation.guide", {"section": match.group(1)}))
        elif match := _HOUSE_SETTING.fullmatch(source):
            parts.append(Msg("compliance.citation.house_setting", {"key": match.group(1)}))
        else:  # a standard's or a regulation's number: the same in every language
            parts.append(Msg("compliance.citation.code", {"code": source}))
    return tuple(parts)


def rule_kind(rule_id: str) -> str | None:
    """The kind of rule ``rule_id`` names (a key of ``compliance.rule``), or None for an id no profile has."""
    for profile in PROFILES.values():
        for rule in profile.rules:
            if rule.id == rule_id:
                return rule.kind.value
    match = _HOUSE_ID.fullmatch(rule_id)
    if match and match.group(1) in {kind.value for kind in RuleKind}:
        return match.group(1)
    return None


@dataclass(frozen=True)
class Citation:
    """A rule's citation as a message's value: its sources in the message's language."""

    text: str

    def localize(self, lang: str) -> str:
        """The sources named in ``lang``, separated as ``lang`` separates them."""
        parts = [render(part, lang) for part in citation_parts(self.text)]
        return t("compliance.citation.separator", lang=lang).join(parts) if parts else "—"


@dataclass(frozen=True)
class RuleName:
    """A rule as a message's value: its name in the message's language, its id after it."""

    rule_id: str

    def localize(self, lang: str) -> str:
        """The rule's name in ``lang`` and its id; the id alone for an id no profile has."""
        kind = rule_kind(self.rule_id)
        if kind is None:
            return self.rule_id or "—"
        return t("compliance.rule_named", lang=lang, name=t(f"compliance.rule.{kind}", lang=lang), id=self.rule_id)
