"""A refusal's rule and citation read in the screen's language: names translated, numbers as they are."""

from __future__ import annotations

import re

import pytest

from agent_tui.domain.citations import citation_parts, rule_kind
from agent_tui.domain.conduct_rules import PROFILES, ComplianceSettings, profile_for
from agent_tui.i18n import render, t

CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
#: What may stay as it is in Chinese: standard and regulation numbers, config keys.
NUMBERS = re.compile(r"GB/T [\d-]+|\d+ CFR [\d.()a-zA-Z]+|compliance\.\w+|config\.yaml|[\d.]+")


def _rules():
    tightened = profile_for(ComplianceSettings(profile="cn", max_attempts_per_7_days=5))
    return [rule for profile in (*PROFILES.values(), tightened) for rule in profile.rules]


@pytest.mark.parametrize("rule", _rules(), ids=lambda rule: rule.id)
def test_every_citation_reads_in_either_language(rule):
    parts = citation_parts(rule.citation)
    assert parts
    english = t("compliance.citation.separator", lang="en").join(render(p, "en") for p in parts)
    chinese = t("compliance.citation.separator", lang="zh-CN").join(render(p, "zh-CN") for p in parts)
    assert not CJK.search(english), english
    assert not re.search(r"[A-Za-z]{2,}", NUMBERS.sub("", chinese).replace("CBA", "")), chinese
    kind = rule_kind(rule.id)
    assert kind == rule.kind.value
    assert CJK.search(t(f"compliance.rule.{kind}", lang="zh-CN"))


def test_the_parts_of_a_citation():
    assert [p.key for p in citation_parts("GB/T 45251-2025; CBA 催收工作指引 2026")] == [
        "compliance.citation.code", "compliance.citation.cn_guideline"]
    assert citation_parts("house rule; guide 2.5")[1].params == {"section": "2.5"}
    assert citation_parts("house rule (config.yaml compliance.max_attempts_per_7_days)")[0].params == {
        "key": "compliance.max_attempts_per_7_days"}
    assert rule_kind("no.such-rule") is None and citation_parts("") == ()


def test_a_message_naming_a_rule_reads_in_its_own_language():
    from agent_tui.domain.checklist import Checklist
    from agent_tui.domain.citations import Citation, RuleName

    house = next(rule for rule in PROFILES["cn"].rules if rule.citation.startswith("house rule;"))
    assert Citation(house.citation).localize("zh-CN") == "公司内部规定；催收实务指引 2.5"
    assert Citation(house.citation).localize("en") == "house rule; practice guide 2.5"
    assert RuleName(house.id).localize("zh-CN").startswith(t(f"compliance.rule.{house.kind.value}", lang="zh-CN"))
    assert RuleName("no.such-rule").localize("en") == "no.such-rule"
    # The checklist's lock names the rule and its sources in the message's language.
    locked = Checklist().locked("purpose")
    assert locked is not None
    chinese, english = render(locked, "zh-CN"), render(locked, "en")
    assert "guide" not in chinese and "house rule" not in chinese and "催收实务指引" in chinese
    assert not CJK.search(english), english
