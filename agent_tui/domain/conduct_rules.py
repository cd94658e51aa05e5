"""Conduct rules as data: the compliance profiles and how config.yaml may tighten them.

A :class:`Profile` is the set of rules one jurisdiction's practice asks for,
each :class:`Rule` with an id and the citation it comes from. config.yaml
(:class:`ComplianceSettings`) picks a profile and may tighten its numbers; a
value that would loosen a rule is refused with that rule's citation, so a
team cannot configure its way out of the law. Import these names from
:mod:`agent_tui.domain.compliance`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from enum import StrEnum
from types import MappingProxyType
from typing import Any


class RuleKind(StrEnum):
    """What a rule governs; the gate and the checklist look rules up by kind."""

    CALLING_WINDOW = "calling_window"
    DAILY_CONVERSATIONS = "daily_conversations"
    DAILY_UNANSWERED = "daily_unanswered"
    WEEKLY_ATTEMPTS = "weekly_attempts"
    AFTER_CONVERSATION = "after_conversation"
    SELF_IDENTIFICATION = "self_identification"
    MINI_MIRANDA = "mini_miranda"
    THIRD_PARTY_DISCLOSURE = "third_party_disclosure"
    DO_NOT_CALL = "do_not_call"
    CEASE_CONTACT = "cease_contact"
    DISPUTE = "dispute"
    ATTORNEY = "attorney"


@dataclass(frozen=True)
class Rule:
    """One conduct rule: an id to point at, the text it comes from, what it governs."""

    id: str
    citation: str
    kind: RuleKind
    #: The config.yaml key (under ``compliance``) that may tighten it, if any.
    setting: str | None = None


@dataclass(frozen=True)
class Profile:
    """A jurisdiction's rules and their numbers.

    The window is half-open: a call may start at ``window_start`` and must
    start before ``window_end``, since a call placed at the closing minute
    runs into the quiet hours. A limit of ``None`` means the profile has no
    such rule.
    """

    name: str
    rules: tuple[Rule, ...]
    window_start: time
    window_end: time
    max_conversations_per_day: int | None = None
    max_unanswered_per_number_per_day: int | None = None
    max_attempts_per_7_days: int | None = None
    quiet_days_after_conversation: int | None = None
    #: The country (ISO 3166 code) of numbers written without a country code (``010-65123456``),
    #: as a dialler has a home country; it tells such a number's zone (domain.phone_zone).
    country: str = ""

    def rule(self, kind: RuleKind) -> Rule | None:
        """The profile's rule of this kind, if it has one."""
        return next((r for r in self.rules if r.kind == kind), None)

    def requires(self, kind: RuleKind) -> bool:
        """Whether the profile has a rule of this kind."""
        return self.rule(kind) is not None


@dataclass(frozen=True)
class ComplianceSettings:
    """Which compliance profile applies, and where config.yaml tightens it.

    ``None`` keeps the profile's own value. A value that loosens a rule is
    refused by ``problems()`` with the rule's citation.
    """

    profile: str = "cn"
    window_start: time | None = None
    window_end: time | None = None
    max_conversations_per_day: int | None = field(default=None, metadata={"range": (0, 100)})
    max_unanswered_per_number_per_day: int | None = field(default=None, metadata={"range": (0, 100)})
    max_attempts_per_7_days: int | None = field(default=None, metadata={"range": (0, 700)})
    #: Days (the conversation's day being the first) with no calls about a debt after a conversation.
    quiet_days_after_conversation: int | None = field(default=None, metadata={"range": (0, 365)})

    def problems(self) -> list[tuple[str, str]]:
        """Unknown profiles and values that loosen a rule."""
        return settings_problems(self)


CN_STANDARD = "GB/T 45251-2025"
CN_GUIDELINE = "CBA 催收工作指引 2026"
HOUSE = "house rule"

_CN = Profile(
    name="cn",
    rules=(
        Rule("cn.calling-window", f"{CN_STANDARD}; {CN_GUIDELINE}", RuleKind.CALLING_WINDOW, "window_start"),
        Rule("cn.daily-conversations", CN_STANDARD, RuleKind.DAILY_CONVERSATIONS, "max_conversations_per_day"),
        Rule("cn.daily-unanswered", CN_GUIDELINE, RuleKind.DAILY_UNANSWERED, "max_unanswered_per_number_per_day"),
        Rule("cn.self-identification", f"{CN_STANDARD}; {CN_GUIDELINE}", RuleKind.SELF_IDENTIFICATION),
        Rule("cn.third-party-disclosure", f"{CN_STANDARD}; guide 2.5", RuleKind.THIRD_PARTY_DISCLOSURE),
        Rule("cn.do-not-call", f"{HOUSE}; guide 2.5", RuleKind.DO_NOT_CALL),
        Rule("cn.cease-contact", f"{HOUSE}; guide 2.5", RuleKind.CEASE_CONTACT),
        Rule("cn.dispute", f"{HOUSE}; guide 2.2", RuleKind.DISPUTE),
        Rule("cn.attorney", HOUSE, RuleKind.ATTORNEY),
    ),
    window_start=time(8, 0),
    window_end=time(22, 0),
    max_conversations_per_day=3,
    max_unanswered_per_number_per_day=6,
    country="CN",
)

_US_REGF = Profile(
    name="us-regf",
    rules=(
        Rule("us-regf.calling-window", "12 CFR 1006.6(b)(1)(i)", RuleKind.CALLING_WINDOW, "window_start"),
        Rule(
            "us-regf.call-frequency", "12 CFR 1006.14(b)(2)(i)(A)", RuleKind.WEEKLY_ATTEMPTS, "max_attempts_per_7_days"
        ),
        Rule(
            "us-regf.after-conversation",
            "12 CFR 1006.14(b)(2)(i)(B)",
            RuleKind.AFTER_CONVERSATION,
            "quiet_days_after_conversation",
        ),
        Rule("us-regf.mini-miranda", "12 CFR 1006.18(e)", RuleKind.MINI_MIRANDA),
        Rule("us-regf.third-party-disclosure", "12 CFR 1006.6(d)(1)", RuleKind.THIRD_PARTY_DISCLOSURE),
        Rule("us-regf.do-not-call", "12 CFR 1006.14(h)(1)", RuleKind.DO_NOT_CALL),
        Rule("us-regf.cease-contact", "12 CFR 1006.6(c)(1)", RuleKind.CEASE_CONTACT),
        Rule("us-regf.dispute", "12 CFR 1006.38(d)(2)", RuleKind.DISPUTE),
        Rule("us-regf.attorney", "12 CFR 1006.6(b)(2)", RuleKind.ATTORNEY),
    ),
    window_start=time(8, 0),
    window_end=time(21, 0),
    max_attempts_per_7_days=7,
    quiet_days_after_conversation=7,
    country="US",
)

#: The profiles config.yaml may name, by name.
PROFILES: Mapping[str, Profile] = MappingProxyType({p.name: p for p in (_CN, _US_REGF)})

#: The numeric limits config.yaml may tighten: setting name -> the rule kind it limits.
LIMITS: Mapping[str, RuleKind] = MappingProxyType(
    {
        "max_conversations_per_day": RuleKind.DAILY_CONVERSATIONS,
        "max_unanswered_per_number_per_day": RuleKind.DAILY_UNANSWERED,
        "max_attempts_per_7_days": RuleKind.WEEKLY_ATTEMPTS,
        "quiet_days_after_conversation": RuleKind.AFTER_CONVERSATION,
    }
)
#: For these a larger number is stricter; for the other limits a smaller one is.
_LARGER_IS_STRICTER = frozenset({"quiet_days_after_conversation"})


def _citation_note(rule: Rule | None) -> str:
    if rule is None:
        return ""
    return f" (rule {rule.id}, {rule.citation}: config may tighten a rule, not loosen it)"


def settings_problems(settings: ComplianceSettings) -> list[tuple[str, str]]:
    """Problems with the compliance section of config.yaml, as ``(field, expected)`` pairs.

    A value that loosens the profile's rule is refused naming the rule's id
    and citation.
    """
    base = PROFILES.get(settings.profile)
    if base is None:
        return [("profile", "one of " + ", ".join(PROFILES))]
    found: list[tuple[str, str]] = []
    window = base.rule(RuleKind.CALLING_WINDOW)
    start = settings.window_start
    end = settings.window_end
    if start is not None and start < base.window_start:
        found.append(("window_start", f"{base.window_start:%H:%M} or later" + _citation_note(window)))
    if end is not None and end > base.window_end:
        found.append(("window_end", f"{base.window_end:%H:%M} or earlier" + _citation_note(window)))
    if (base.window_start if start is None else start) >= (base.window_end if end is None else end):
        found.append(("window_end", "a time after window_start (the window may not be empty or run past midnight)"))
    for name, kind in LIMITS.items():
        value = getattr(settings, name)
        if value is None:
            continue
        if value < 1:
            found.append((name, "a whole number of 1 or more"))
            continue
        current = getattr(base, name)
        if current is None:
            continue  # the profile has no such rule: any number adds one, which only tightens
        if name in _LARGER_IS_STRICTER and value < current:
            found.append((name, f"{current} or more" + _citation_note(base.rule(kind))))
        elif name not in _LARGER_IS_STRICTER and value > current:
            found.append((name, f"{current} or less" + _citation_note(base.rule(kind))))
    return found


def profile_for(settings: ComplianceSettings) -> Profile:
    """The named profile with config.yaml's tightenings applied.

    A tightening of a limit the profile lacks adds it as a house rule citing
    the config key. Raises :class:`ValueError` for settings that
    :func:`settings_problems` refuses (config loading reports those first).
    """
    problems = settings_problems(settings)
    if problems:
        raise ValueError("; ".join(f"compliance.{field}: expected {expected}" for field, expected in problems))
    base = PROFILES[settings.profile]
    changes: dict[str, Any] = {}
    rules = list(base.rules)
    if settings.window_start is not None:
        changes["window_start"] = settings.window_start
    if settings.window_end is not None:
        changes["window_end"] = settings.window_end
    for name, kind in LIMITS.items():
        value = getattr(settings, name)
        if value is None:
            continue
        changes[name] = value
        if base.rule(kind) is None:
            citation = f"{HOUSE} (config.yaml compliance.{name})"
            rules.append(Rule(f"{base.name}.house.{kind.value}", citation, kind, name))
    return dataclasses.replace(base, rules=tuple(rules), **changes)
