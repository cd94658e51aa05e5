"""The debtor's today: their local date, from their zone or their numbers', never the floor's."""

from __future__ import annotations

from datetime import UTC, date, datetime

from agent_tui.domain.debtor_clock import days_since, debtor_today, local_today
from agent_tui.domain.records import ContactKind, ContactPoint, Debtor


def _debtor(zone: str) -> Debtor:
    return Debtor(id=1, name="Sam", national_id="", birth_date=None, occupation="", employer="",
                  monthly_income=None, family="", credit_history="", time_zone=zone, language="en")


def test_the_debtors_date_is_theirs_not_utcs():
    late = datetime(2026, 12, 7, 23, 30, tzinfo=UTC)
    assert local_today(late, "Asia/Shanghai") == date(2026, 12, 8)
    assert local_today(late, "UTC") == date(2026, 12, 7)
    early = datetime(2026, 12, 8, 3, 0, tzinfo=UTC)
    assert debtor_today(early, _debtor("America/Los_Angeles"), ()) == date(2026, 12, 7)


def test_a_debtor_without_a_zone_counts_on_their_numbers_clock_and_a_bad_name_on_utc():
    la = ContactPoint(id=1, kind=ContactKind.MOBILE, value="+1 213 555 0103", primary=True)
    assert debtor_today(datetime(2026, 12, 8, 3, 0, tzinfo=UTC), _debtor(""), (la,)) == date(2026, 12, 7)
    assert local_today(datetime(2026, 12, 7, 23, 30, tzinfo=UTC), "Mars/Olympus") == date(2026, 12, 7)


def test_days_since_never_goes_below_zero():
    assert days_since(date(2026, 12, 1), date(2026, 12, 8)) == 7
    assert days_since(date(2026, 12, 9), date(2026, 12, 8)) == 0
    assert days_since(None, date(2026, 12, 8)) == 0
