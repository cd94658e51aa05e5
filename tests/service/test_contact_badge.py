"""The case's compliance badge counts contacts exactly as the dial's gate does.

The badge shows "contacts used of the cap"; the gate refuses F3 on the same
cap. Both take their counts from :func:`agent_tui.domain.contact_gate.contact_counts`,
so whatever the history (any account's attempts, attempts with no account,
conversations and missed calls, across the debtor's midnight), the badge's
count is the count the gate refuses on, and a full badge always means F3 is
refused.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent_tui.domain.compliance import PROFILES, RuleKind, contact_decisions
from agent_tui.domain.contact_gate import contact_counts
from agent_tui.domain.records import Attempt, ContactKind, ContactPoint, Debtor, Outcome
from agent_tui.service.case_file import compliance_badge

ACCOUNT = 1
MOBILE = ContactPoint(1, ContactKind.MOBILE, "13812345678", primary=True)
HOME = ContactPoint(2, ContactKind.HOME, "010-62345678")
#: 14:00 in Shanghai and in New York: inside both profiles' calling windows.
MOMENTS = {"Asia/Shanghai": datetime(2025, 3, 12, 6, 0, tzinfo=UTC),
           "America/New_York": datetime(2025, 3, 12, 18, 0, tzinfo=UTC)}
CAP_RULES = {"cn": RuleKind.DAILY_CONVERSATIONS, "us-regf": RuleKind.WEEKLY_ATTEMPTS}


def debtor(zone: str) -> Debtor:
    return Debtor(id=1, name="Li Wei", national_id="110105199001011234", birth_date=date(1990, 1, 1),
                  occupation="engineer", employer="Acme", monthly_income=1_200_000, family="married",
                  credit_history="clean", time_zone=zone)


attempts = st.lists(
    st.builds(
        lambda minutes, point, outcome, account: (minutes, point, outcome, account),
        # From eight days back (the history the case loads) to a little after the moment.
        st.integers(min_value=-8 * 24 * 60, max_value=90),
        st.sampled_from([MOBILE.id, HOME.id, None]),
        st.sampled_from(list(Outcome)),
        st.sampled_from([ACCOUNT, 2, None]),
    ),
    max_size=14,
)


@pytest.mark.parametrize("profile_name", ["cn", "us-regf"])
@pytest.mark.parametrize("zone", list(MOMENTS))
@settings(max_examples=150, deadline=None)
@given(drawn=attempts)
def test_the_badge_counts_what_the_gate_refuses_on(profile_name, zone, drawn):
    profile = PROFILES[profile_name]
    now = MOMENTS[zone]
    who = debtor(zone)
    history = tuple(sorted((Attempt(now + timedelta(minutes=m), point, outcome, account)
                            for m, point, outcome, account in drawn), key=lambda a: a.at))
    decisions = contact_decisions(now, who, (MOBILE, HOME), history, profile, ACCOUNT)
    badge = compliance_badge(now, who, history, decisions, profile, ACCOUNT)
    cap_rule = profile.rule(CAP_RULES[profile_name])

    used, allowed, _ = contact_counts(now, who, history, ACCOUNT).against_cap(profile)
    assert (badge.contacts_used, badge.contacts_allowed) == (used, allowed)
    if badge.contacts_used >= badge.contacts_allowed:
        assert not badge.dial_allowed  # a full badge never lets F3 through
    for _, decision in decisions:
        if decision.rule_id == cap_rule.id:  # refused on the cap: the count it names is the badge's
            assert decision.reason.params["count"] == badge.contacts_used
            assert badge.contacts_used >= badge.contacts_allowed
    if badge.contacts_used < badge.contacts_allowed:
        assert all(decision.rule_id != cap_rule.id for _, decision in decisions)


def test_a_call_later_today_is_not_counted_yet_by_either():
    """An attempt stamped after the moment (another workstation's clock ahead) counts for neither."""
    profile = PROFILES["cn"]
    now = MOMENTS["Asia/Shanghai"]
    who = debtor("Asia/Shanghai")
    history = tuple(Attempt(now + timedelta(minutes=m), MOBILE.id, Outcome.RIGHT_PARTY, ACCOUNT)
                    for m in (-90, -60, 30))
    decisions = contact_decisions(now, who, (MOBILE,), history, profile, ACCOUNT)
    badge = compliance_badge(now, who, history, decisions, profile, ACCOUNT)
    assert (badge.contacts_used, badge.contacts_allowed, badge.dial_allowed) == (2, 3, True)
