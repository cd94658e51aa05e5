"""Conduct rules as code: the compliance profiles and the contact gate, in one place to import from.

The profiles and their tightening by config.yaml are in
:mod:`agent_tui.domain.conduct_rules`; the gate that applies them to a call
(may this number be called now, and if not, why and when) is in
:mod:`agent_tui.domain.contact_gate`; the one masking rule for personal numbers is in
:mod:`agent_tui.domain.masking`. Callers import them from here.
"""

from __future__ import annotations

from agent_tui.domain.conduct_rules import (
    LIMITS,
    PROFILES,
    ComplianceSettings,
    Profile,
    Rule,
    RuleKind,
    profile_for,
    settings_problems,
)
from agent_tui.domain.contact_gate import (
    UNANSWERED,
    ContactDecision,
    attorney_point,
    can_contact,
    contact_decisions,
    contact_row,
)
from agent_tui.domain.masking import mask, mask_text

__all__ = [
    "LIMITS",
    "PROFILES",
    "UNANSWERED",
    "ComplianceSettings",
    "ContactDecision",
    "Profile",
    "Rule",
    "RuleKind",
    "attorney_point",
    "can_contact",
    "contact_decisions",
    "contact_row",
    "mask",
    "mask_text",
    "profile_for",
    "settings_problems",
]
