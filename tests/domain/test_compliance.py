"""The contact gate and the compliance profiles, at every boundary the rules draw."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent_tui.config import ConfigError, parse_config
from agent_tui.domain.compliance import (
    PROFILES,
    ComplianceSettings,
    RuleKind,
    can_contact,
    contact_decisions,
    contact_row,
    mask,
    profile_for,
    settings_problems,
)
from agent_tui.domain.policy import ComplianceSettings as FromPolicy
from agent_tui.domain.records import ContactKind, ContactPoint, Outcome
from agent_tui.i18n import LANGUAGES, render

from .conduct_cases import HOME, LAWYER, LOS_ANGELES, MOBILE, NEW_YORK, SHANGHAI, attempt, debtor, local

CN = PROFILES["cn"]
REGF = PROFILES["us-regf"]
DAY = date(2026, 3, 10)


def gate(now, who=None, point=MOBILE, history=(), profile=CN, account_id=7):
    return can_contact(now, who or debtor(), point, history, profile, account_id)


# --- calling window ---------------------------------------------------------------


@pytest.mark.parametrize(
    "hh, mm, allowed",
    [(7, 59, False), (8, 0, True), (20, 59, True), (21, 0, True), (21, 59, True), (22, 0, False)],
)
def test_cn_window_is_eight_to_ten_in_the_debtors_time(hh, mm, allowed):
    decision = gate(local(SHANGHAI, DAY, hh, mm))
    assert decision.allowed is allowed
    if not allowed:
        assert decision.rule_id == "cn.calling-window"
        assert "GB/T 45251-2025" in decision.citation


@pytest.mark.parametrize(
    "hh, mm, allowed",
    [(7, 59, False), (8, 0, True), (20, 59, True), (21, 0, False), (21, 59, False), (22, 0, False)],
)
def test_regf_window_is_eight_to_nine_in_the_debtors_time(hh, mm, allowed):
    decision = gate(local(NEW_YORK, DAY, hh, mm), debtor(NEW_YORK), profile=REGF)
    assert decision.allowed is allowed
    if not allowed:
        assert (decision.rule_id, decision.citation) == ("us-regf.calling-window", "12 CFR 1006.6(b)(1)(i)")


def test_refused_before_opening_points_to_opening_the_same_day():
    decision = gate(local(SHANGHAI, DAY, 7, 59))
    assert decision.next_allowed_at == local(SHANGHAI, DAY, 8, 0)


def test_refused_after_closing_points_to_opening_the_next_day():
    decision = gate(local(SHANGHAI, DAY, 22, 0))
    assert decision.next_allowed_at == local(SHANGHAI, DAY + timedelta(days=1), 8, 0)
    assert decision.next_allowed_at.tzinfo == UTC


def test_window_follows_spring_forward_in_new_york():
    # 8 March 2026: clocks go from 02:00 EST to 03:00 EDT, so 08:00 is 12:00 UTC, not 13:00.
    who = debtor(NEW_YORK)
    assert not gate(datetime(2026, 3, 8, 11, 59, tzinfo=UTC), who, profile=REGF).allowed
    assert gate(datetime(2026, 3, 8, 12, 0, tzinfo=UTC), who, profile=REGF).allowed
    # The evening before, 21:30 EST: the next opening is 08:00 EDT.
    evening = gate(datetime(2026, 3, 8, 2, 30, tzinfo=UTC), who, profile=REGF)
    assert evening.next_allowed_at == datetime(2026, 3, 8, 12, 0, tzinfo=UTC)
    # On the day itself 20:59 EDT is still inside, 21:00 EDT is out.
    assert gate(datetime(2026, 3, 9, 0, 59, tzinfo=UTC), who, profile=REGF).allowed
    assert not gate(datetime(2026, 3, 9, 1, 0, tzinfo=UTC), who, profile=REGF).allowed


def test_window_follows_fall_back_in_new_york_and_los_angeles():
    # 1 November 2026: clocks go from 02:00 EDT back to 01:00 EST, so 08:00 is 13:00 UTC.
    assert not gate(datetime(2026, 11, 1, 12, 59, tzinfo=UTC), debtor(NEW_YORK), profile=REGF).allowed
    assert gate(datetime(2026, 11, 1, 13, 0, tzinfo=UTC), debtor(NEW_YORK), profile=REGF).allowed
    evening = gate(datetime(2026, 11, 1, 1, 0, tzinfo=UTC), debtor(NEW_YORK), profile=REGF)  # 21:00 EDT on 31 Oct
    assert evening.next_allowed_at == datetime(2026, 11, 1, 13, 0, tzinfo=UTC)
    # Los Angeles: 08:00 PST is 16:00 UTC; 20:59 PST is 04:59 UTC the next day.
    assert not gate(datetime(2026, 11, 1, 15, 59, tzinfo=UTC), debtor(LOS_ANGELES), profile=REGF).allowed
    assert gate(datetime(2026, 11, 1, 16, 0, tzinfo=UTC), debtor(LOS_ANGELES), profile=REGF).allowed
    assert gate(datetime(2026, 11, 2, 4, 59, tzinfo=UTC), debtor(LOS_ANGELES), profile=REGF).allowed
    assert not gate(datetime(2026, 11, 2, 5, 0, tzinfo=UTC), debtor(LOS_ANGELES), profile=REGF).allowed


def test_spring_forward_in_los_angeles():
    assert not gate(datetime(2026, 3, 8, 14, 59, tzinfo=UTC), debtor(LOS_ANGELES), profile=REGF).allowed
    assert gate(datetime(2026, 3, 8, 15, 0, tzinfo=UTC), debtor(LOS_ANGELES), profile=REGF).allowed


# --- daily counters (cn) ------------------------------------------------------------


def conversations(zone, day, hours, outcome=Outcome.RIGHT_PARTY):
    return [attempt(local(zone, day, h), outcome) for h in hours]


def test_fourth_conversation_in_a_day_is_refused_until_the_next_morning():
    history = conversations(SHANGHAI, DAY, (9, 10, 11))
    refused = gate(local(SHANGHAI, DAY, 15), history=history)
    expected = (False, "cn.daily-conversations", RuleKind.DAILY_CONVERSATIONS)
    assert (refused.allowed, refused.rule_id, refused.kind) == expected
    assert refused.next_allowed_at == local(SHANGHAI, DAY + timedelta(days=1), 8)
    assert gate(local(SHANGHAI, DAY + timedelta(days=1), 8), history=history).allowed
    assert gate(local(SHANGHAI, DAY, 15), history=history[:2]).allowed


def test_daily_counters_reset_at_the_debtors_midnight_not_utc():
    # 18:00-20:00 in Los Angeles on 10 March is 01:00-03:00 UTC on 11 March.
    history = conversations(LOS_ANGELES, DAY, (18, 19, 20))
    next_morning = local(LOS_ANGELES, DAY + timedelta(days=1), 9)
    assert next_morning.date() == history[0].at.date()  # the same UTC day
    assert gate(next_morning, debtor(LOS_ANGELES), history=history).allowed
    assert not gate(local(LOS_ANGELES, DAY, 20, 30), debtor(LOS_ANGELES), history=history).allowed


def test_conversations_about_other_accounts_count_for_the_debtor():
    history = [attempt(local(SHANGHAI, DAY, h), Outcome.PROMISE_TO_PAY, account=99) for h in (9, 10, 11)]
    assert gate(local(SHANGHAI, DAY, 12), history=history).rule_id == "cn.daily-conversations"


def test_seventh_unanswered_attempt_to_one_number_is_refused():
    six = [attempt(local(SHANGHAI, DAY, 8, m * 5)) for m in range(6)]
    refused = gate(local(SHANGHAI, DAY, 12), history=six)
    assert (refused.rule_id, refused.citation) == ("cn.daily-unanswered", "CBA 催收工作指引 2026")
    assert refused.next_allowed_at == local(SHANGHAI, DAY + timedelta(days=1), 8)
    assert gate(local(SHANGHAI, DAY, 12), point=HOME, history=six).allowed  # another number
    assert gate(local(SHANGHAI, DAY, 12), history=six[:5]).allowed
    answered = [attempt(local(SHANGHAI, DAY, 8, m * 5), Outcome.WRONG_NUMBER) for m in range(6)]
    assert gate(local(SHANGHAI, DAY, 12), history=answered).allowed


@pytest.mark.parametrize("outcome", [Outcome.BUSY, Outcome.VOICEMAIL])
def test_a_busy_line_and_a_voicemail_count_as_unanswered(outcome):
    six = [attempt(local(SHANGHAI, DAY, 8, m * 5), outcome) for m in range(6)]
    assert gate(local(SHANGHAI, DAY, 12), history=six).rule_id == "cn.daily-unanswered"
    assert not outcome.is_conversation


def test_attempts_after_the_moment_asked_about_do_not_count():
    later = conversations(SHANGHAI, DAY, (16, 17, 18))
    assert gate(local(SHANGHAI, DAY, 12), history=later).allowed


# --- Regulation F frequency ------------------------------------------------------------


def test_eighth_attempt_in_seven_days_is_refused():
    who = debtor(NEW_YORK)
    seven = [attempt(local(NEW_YORK, DAY - timedelta(days=d), 10)) for d in range(7)]
    now = local(NEW_YORK, DAY, 15)
    refused = gate(now, who, history=seven, profile=REGF)
    assert (refused.rule_id, refused.citation) == ("us-regf.call-frequency", "12 CFR 1006.14(b)(2)(i)(A)")
    # The oldest attempt (4 March) drops out of the seven days on 11 March.
    assert refused.next_allowed_at == local(NEW_YORK, DAY + timedelta(days=1), 8)
    assert gate(now, who, history=seven[:6], profile=REGF).allowed


def test_seven_attempts_in_one_day_wait_for_a_week():
    who = debtor(NEW_YORK)
    seven = [attempt(local(NEW_YORK, DAY, 9, m)) for m in range(7)]
    refused = gate(local(NEW_YORK, DAY, 12), who, history=seven, profile=REGF)
    assert refused.next_allowed_at == local(NEW_YORK, DAY + timedelta(days=7), 8)
    assert not gate(local(NEW_YORK, DAY + timedelta(days=6), 20), who, history=seven, profile=REGF).allowed


def test_attempts_about_another_debt_do_not_count_toward_this_one():
    who = debtor(NEW_YORK)
    seven = [attempt(local(NEW_YORK, DAY - timedelta(days=d), 10), account=99) for d in range(7)]
    assert gate(local(NEW_YORK, DAY, 15), who, history=seven, profile=REGF, account_id=7).allowed


def test_no_call_within_seven_days_after_a_conversation():
    who = debtor(NEW_YORK)
    spoke = [attempt(local(NEW_YORK, date(2026, 3, 2), 10), Outcome.RIGHT_PARTY)]
    day_after = gate(local(NEW_YORK, date(2026, 3, 3), 10), who, history=spoke, profile=REGF)
    assert (day_after.rule_id, day_after.citation) == ("us-regf.after-conversation", "12 CFR 1006.14(b)(2)(i)(B)")
    assert day_after.next_allowed_at == local(NEW_YORK, date(2026, 3, 9), 8)
    assert not gate(local(NEW_YORK, date(2026, 3, 2), 15), who, history=spoke, profile=REGF).allowed  # same day
    assert not gate(local(NEW_YORK, date(2026, 3, 8), 20), who, history=spoke, profile=REGF).allowed  # day 7
    assert gate(local(NEW_YORK, date(2026, 3, 9), 8), who, history=spoke, profile=REGF).allowed  # day 8


def test_next_allowed_time_passes_every_rule_not_only_the_first():
    # Refused by the window at 21:30 on 2 March; the next morning is still inside the quiet days.
    who = debtor(NEW_YORK)
    spoke = [attempt(local(NEW_YORK, date(2026, 3, 2), 10), Outcome.RIGHT_PARTY)]
    decision = gate(local(NEW_YORK, date(2026, 3, 2), 21, 30), who, history=spoke, profile=REGF)
    assert decision.rule_id == "us-regf.calling-window"
    assert decision.next_allowed_at == local(NEW_YORK, date(2026, 3, 9), 8)


# --- flags on the debtor and the number ----------------------------------------------------


@pytest.mark.parametrize(
    "flags, point, rule",
    [
        ({"dispute": True}, MOBILE, "cn.dispute"),
        ({"cease_contact": True}, MOBILE, "cn.cease-contact"),
        ({}, ContactPoint(5, ContactKind.MOBILE, "13900001111", do_not_call=True), "cn.do-not-call"),
        ({"attorney": True}, MOBILE, "cn.attorney"),
    ],
)
def test_flags_refuse_with_no_time_to_wait_for(flags, point, rule):
    decision = gate(local(SHANGHAI, DAY, 10), debtor(**flags), point=point)
    assert (decision.allowed, decision.rule_id, decision.next_allowed_at) == (False, rule, None)


def test_dispute_outranks_the_calling_window():
    assert gate(local(SHANGHAI, DAY, 23), debtor(dispute=True)).rule_id == "cn.dispute"


def test_attorney_on_file_offers_the_attorneys_number():
    who = debtor(NEW_YORK, attorney=True)
    now = local(NEW_YORK, DAY, 10)
    decisions = dict(contact_decisions(now, who, (MOBILE, LAWYER), (), REGF, 7))
    assert decisions[MOBILE].rule_id == "us-regf.attorney"
    assert decisions[MOBILE].citation == "12 CFR 1006.6(b)(2)"
    assert decisions[MOBILE].alternative == LAWYER
    assert "6666" in render(decisions[MOBILE].reason, "en")
    assert decisions[LAWYER].allowed
    without = can_contact(now, who, MOBILE, (), REGF)
    assert without.alternative is None and without.reason.key == "compliance.reason.attorney_unknown"


def test_a_decision_reads_as_plain_data_for_json():
    refused = gate(local(SHANGHAI, DAY, 22, 30))
    assert contact_row(MOBILE, refused) == {
        "kind": "mobile",
        "masked": "*******5678",
        "allowed": False,
        "rule": "cn.calling-window",
        "citation": "GB/T 45251-2025; CBA 催收工作指引 2026",
        "next_allowed_at": "2026-03-11T00:00:00+00:00",
        "zones": ["Asia/Shanghai"],
    }
    allowed = contact_row(HOME, gate(local(SHANGHAI, DAY, 10), point=HOME))
    assert allowed["allowed"] and allowed["rule"] is None and allowed["next_allowed_at"] is None


def test_unknown_time_zone_is_refused_rather_than_guessed():
    decision = gate(local(SHANGHAI, DAY, 10), debtor("Mars/Olympus"))
    assert decision.rule_id == "cn.calling-window" and decision.next_allowed_at is None
    assert "Mars/Olympus" in render(decision.reason, "zh-CN")


def test_naive_now_is_a_programming_error():
    with pytest.raises(ValueError):
        gate(datetime(2026, 3, 10, 10, 0))


# --- profiles and config.yaml ----------------------------------------------------------------


def test_every_rule_has_an_id_and_a_citation():
    for profile in PROFILES.values():
        ids = [r.id for r in profile.rules]
        assert len(ids) == len(set(ids))
        assert all(r.id.startswith(profile.name + ".") and r.citation for r in profile.rules)
    assert CN.rule(RuleKind.SELF_IDENTIFICATION) and REGF.rule(RuleKind.MINI_MIRANDA).citation == "12 CFR 1006.18(e)"


@pytest.mark.parametrize(
    "profile, field, value, citation",
    [
        ("cn", "window_start", time(7, 30), "GB/T 45251-2025"),
        ("cn", "window_end", time(22, 30), "GB/T 45251-2025"),
        ("cn", "max_conversations_per_day", 4, "GB/T 45251-2025"),
        ("cn", "max_unanswered_per_number_per_day", 7, "CBA 催收工作指引 2026"),
        ("us-regf", "window_end", time(21, 30), "12 CFR 1006.6(b)(1)(i)"),
        ("us-regf", "max_attempts_per_7_days", 8, "12 CFR 1006.14(b)(2)(i)(A)"),
        ("us-regf", "quiet_days_after_conversation", 6, "12 CFR 1006.14(b)(2)(i)(B)"),
    ],
)
def test_a_loosening_value_is_refused_with_the_rules_citation(profile, field, value, citation):
    problems = settings_problems(ComplianceSettings(profile=profile, **{field: value}))
    assert [name for name, _ in problems] == [field]
    assert citation in problems[0][1]


def test_tightening_is_applied():
    profile = profile_for(ComplianceSettings(window_start=time(9, 0), max_conversations_per_day=2))
    assert profile.window_start == time(9, 0) and profile.max_conversations_per_day == 2
    refused = can_contact(local(SHANGHAI, DAY, 8, 30), debtor(), MOBILE, (), profile)
    assert refused.next_allowed_at == local(SHANGHAI, DAY, 9)


def test_a_limit_the_profile_lacks_is_added_as_a_house_rule():
    profile = profile_for(ComplianceSettings(profile="cn", max_attempts_per_7_days=2))
    history = [attempt(local(SHANGHAI, DAY - timedelta(days=1), 10)), attempt(local(SHANGHAI, DAY, 9))]
    decision = can_contact(local(SHANGHAI, DAY, 12), debtor(), MOBILE, history, profile, 7)
    assert decision.rule_id == "cn.house.weekly_attempts"
    assert "compliance.max_attempts_per_7_days" in decision.citation


def test_unknown_profile_and_empty_window_are_refused():
    assert settings_problems(ComplianceSettings(profile="eu"))[0][0] == "profile"
    assert settings_problems(ComplianceSettings(window_start=time(21, 0), window_end=time(9, 0)))
    assert settings_problems(ComplianceSettings(max_conversations_per_day=0))
    with pytest.raises(ValueError):
        profile_for(ComplianceSettings(profile="eu"))


def test_config_file_names_the_line_and_citation_of_a_loosening_value():
    text = "compliance:\n  profile: us-regf\n  max_attempts_per_7_days: 10\n"
    with pytest.raises(ConfigError) as caught:
        parse_config(text, "config.yaml")
    (line,) = caught.value.problems
    assert line.startswith("config.yaml:3: compliance.max_attempts_per_7_days: expected 7 or less")
    assert "12 CFR 1006.14(b)(2)(i)(A)" in line and "found '10'" in line
    assert parse_config("compliance:\n  max_conversations_per_day: 2\n").compliance.max_conversations_per_day == 2


@pytest.mark.parametrize(
    "module", ["contact_gate", "conduct_rules", "compliance", "queue", "checklist", "scripts", "linter"]
)
def test_each_conduct_module_imports_on_its_own(module):
    code = f"import agent_tui.domain.{module}"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0


def test_policy_module_still_exports_the_settings():
    assert FromPolicy is ComplianceSettings


# --- masking ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, masked",
    [
        ("13812345678", "*******5678"),
        ("+1 (212) 555-0100", "+* (***) ***-0100"),
        ("11010519900101123X", "**************123X"),
        ("1234", "****"),
        ("li.wei@example.com", "l***@example.com"),
    ],
)
def test_mask_shows_only_the_last_four(value, masked):
    assert mask(value) == masked


# --- properties --------------------------------------------------------------------------------

moments = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 31), timezones=st.just(UTC))
outcomes = st.sampled_from(list(Outcome))
histories = st.lists(
    st.tuples(st.integers(0, 10 * 24 * 60), outcomes, st.sampled_from([MOBILE, HOME]), st.sampled_from([7, 8, None])),
    max_size=25,
)


@settings(max_examples=150, deadline=None)
@given(
    now=moments,
    zone=st.sampled_from([SHANGHAI, NEW_YORK, LOS_ANGELES]),
    profile=st.sampled_from(list(PROFILES.values())),
    flags=st.fixed_dictionaries({}, optional={"dispute": st.booleans(), "cease_contact": st.booleans()}),
    past=histories,
    do_not_call=st.booleans(),
)
def test_a_refusal_always_says_why_and_its_next_time_is_allowed(now, zone, profile, flags, past, do_not_call):
    who = debtor(zone, **flags)
    point = ContactPoint(1, ContactKind.MOBILE, "13812345678", do_not_call=do_not_call)
    history = [attempt(now - timedelta(minutes=ago), outcome, p, account) for ago, outcome, p, account in past]
    decision = can_contact(now, who, point, history, profile, 7)
    for lang in LANGUAGES:
        assert render(decision.reason, lang)
    if decision.allowed:
        return
    assert decision.rule_id and decision.citation and decision.kind
    assert profile.rule(decision.kind).id == decision.rule_id
    if decision.next_allowed_at is not None:
        assert decision.next_allowed_at > now
        assert can_contact(decision.next_allowed_at, who, point, history, profile, 7).allowed
        assert not can_contact(decision.next_allowed_at - timedelta(seconds=1), who, point, history, profile, 7).allowed
