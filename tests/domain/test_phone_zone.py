"""Where a call rings: the number's own zone, the debtor's, the number's area, or every zone of its country."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from agent_tui.domain.compliance import PROFILES, can_contact, contact_decisions
from agent_tui.domain.phone_zone import (
    clock_zone,
    country_zones,
    number_zones,
    point_zones,
    settled_zone,
)
from agent_tui.domain.records import ContactKind, ContactPoint, Debtor
from agent_tui.i18n import render

from .conduct_cases import NEW_YORK, SHANGHAI, debtor, local

REGF = PROFILES["us-regf"]
CN = PROFILES["cn"]
PHOENIX = "America/Phoenix"
SUMMER = date(2026, 7, 14)  # New York on daylight time, Phoenix on standard time all year: three hours apart
#: The clocks of the United States, west to east; the country-wide window must hold in each.
US_CLOCKS = ("Pacific/Honolulu", "America/Adak", "America/Anchorage", "America/Los_Angeles", PHOENIX,
             "America/Denver", "America/Chicago", "America/New_York")
#: Area codes and the zone each lies in.
AREAS = {"212": NEW_YORK, "312": "America/Chicago", "303": "America/Denver", "602": PHOENIX,
         "213": "America/Los_Angeles", "907": "America/Anchorage", "808": "Pacific/Honolulu"}


def number(value: str, zone: str = "", kind: ContactKind = ContactKind.MOBILE) -> ContactPoint:
    return ContactPoint(11, kind, value, primary=True, time_zone=zone)


def nobody() -> Debtor:
    """A debtor whose placement gave no time zone."""
    return debtor("")


def inside(at: datetime, zone: str, start: time = time(8), end: time = time(21)) -> bool:
    return start <= at.astimezone(ZoneInfo(zone)).time() < end


# --- zones of a number ----------------------------------------------------------------------


def test_an_area_code_places_a_us_number_in_its_zone():
    assert number_zones("+1 602 555 0100") == number_zones("(602) 555-0100", "US")
    found = number_zones("+1 602 555 0100")
    assert found.zones == (PHOENIX,) and found.area


def test_a_chinese_number_rings_in_shanghai_with_or_without_its_country_code():
    for value, country in (("+86 138 1234 5678", ""), ("13812345678", "CN"), ("010-65123456", "CN")):
        assert number_zones(value, country).zones == (SHANGHAI,), value
    # China keeps one clock: the number tells the country, not a part of it.
    assert not number_zones("13812345678", "CN").area


def test_an_unknown_area_code_gives_every_zone_of_the_country():
    found = number_zones("+1 999 555 0100")
    assert not found.area and found.zones == country_zones("US")
    assert set(US_CLOCKS) <= set(found.zones)
    assert "Pacific/Guam" not in found.zones and "America/Toronto" not in found.zones  # other countries of +1


def test_text_that_is_no_number_or_has_no_country_gives_no_zone():
    assert number_zones("not a number", "US").zones == ()
    assert number_zones("13812345678", "").zones == ()  # national digits, and no country to read them in


# --- the zones a call must fall in the window of ----------------------------------------------


def test_the_numbers_own_zone_comes_first():
    assert point_zones(number("+1 212 555 0100", "America/Los_Angeles"), debtor(NEW_YORK), "US") == (
        "America/Los_Angeles",
    )


def test_a_debtor_without_a_zone_takes_the_numbers():
    assert point_zones(number("+1 602 555 0100"), nobody(), "US") == (PHOENIX,)
    assert point_zones(number("+1 999 555 0100"), nobody(), "US") == country_zones("US")


def test_a_number_in_another_zone_than_the_debtors_adds_its_zone():
    assert point_zones(number("+1 602 555 0100"), debtor(NEW_YORK), "US") == (NEW_YORK, PHOENIX)
    assert point_zones(number("+1 212 555 0100"), debtor(NEW_YORK), "US") == (NEW_YORK,)
    # A number that names only its country does not contradict the debtor's zone.
    assert point_zones(number("+1 999 555 0100"), debtor(NEW_YORK), "US") == (NEW_YORK,)
    assert point_zones(number("13812345678"), debtor("Asia/Urumqi"), "CN") == ("Asia/Urumqi",)


def test_the_debtors_settled_and_clock_zones():
    points = (number("+1 602 555 0100"), dataclasses.replace(number("(602) 555-0199"), id=12, primary=False))
    assert settled_zone(nobody(), points, "US") == PHOENIX
    assert settled_zone(debtor(NEW_YORK), points, "US") == NEW_YORK
    mixed = (number("+1 999 555 0100"), dataclasses.replace(number("+1 212 555 0100"), id=12, primary=False))
    assert settled_zone(nobody(), mixed, "US") == ""
    assert clock_zone(nobody(), mixed, "US") == country_zones("US")[0]  # the primary number's first
    assert clock_zone(nobody(), (number("garbage"),), "US") == "UTC"


# --- the gate ------------------------------------------------------------------------------------


def test_a_phoenix_number_without_a_zone_is_refused_at_ten_at_night_in_phoenix():
    at = local(PHOENIX, SUMMER, 22)  # 01:00 the next day in New York, 15:00 in Shanghai
    decision = can_contact(at, nobody(), number("+1 602 555 0100"), (), REGF)
    assert not decision.allowed and decision.rule_id == "us-regf.calling-window"
    assert decision.next_allowed_at == local(PHOENIX, SUMMER + timedelta(days=1), 8)
    assert "America/Phoenix" in render(decision.reason, "en") and "22:00" in render(decision.reason, "en")
    assert can_contact(local(PHOENIX, SUMMER, 20, 59), nobody(), number("+1 602 555 0100"), (), REGF).allowed


def test_a_new_york_debtor_on_a_phoenix_number_is_called_when_it_suits_both():
    who, phone = debtor(NEW_YORK), number("+1 602 555 0100")
    early = can_contact(local(NEW_YORK, SUMMER, 9), who, phone, (), REGF)  # 06:00 in Phoenix
    assert not early.allowed and "America/Phoenix" in render(early.reason, "en")
    assert early.next_allowed_at == local(PHOENIX, SUMMER, 8)
    late = can_contact(local(NEW_YORK, SUMMER, 21, 30), who, phone, (), REGF)  # 18:30 in Phoenix
    assert not late.allowed and "America/New_York" in render(late.reason, "en")
    ok = can_contact(local(NEW_YORK, SUMMER, 12), who, phone, (), REGF)
    assert ok.allowed and ok.zones == (NEW_YORK, PHOENIX)


def test_an_unknown_area_code_is_called_only_when_every_us_clock_is_in_the_window():
    phone = number("+1 999 555 0100")
    at = local(NEW_YORK, SUMMER, 10)  # 04:00 in Honolulu
    refused = can_contact(at, nobody(), phone, (), REGF)
    assert not refused.allowed and refused.rule_id == "us-regf.calling-window"
    opens = refused.next_allowed_at
    assert opens == local("Pacific/Honolulu", SUMMER, 8)
    assert all(inside(opens, zone) for zone in US_CLOCKS)
    decision = can_contact(opens, nobody(), phone, (), REGF)
    assert decision.allowed
    assert render(decision.reason, "en").endswith(f"{len(country_zones('US'))} zones, Pacific/Honolulu to "
                                                  "America/New_York).")
    assert "个时区" in render(decision.reason, "zh-CN")


def test_nothing_to_tell_the_zone_is_refused_naming_the_number():
    floor_without_country = dataclasses.replace(CN, country="")
    decision = can_contact(local(SHANGHAI, SUMMER, 10), nobody(), number("12345"), (), floor_without_country)
    assert not decision.allowed and decision.rule_id == "cn.calling-window" and decision.next_allowed_at is None
    assert "*2345" in render(decision.reason, "en")


def test_an_email_tells_no_zone_and_the_caps_count_days_in_the_debtors_clock():
    mail = ContactPoint(12, ContactKind.EMAIL, "li@example.com")
    decisions = contact_decisions(local(PHOENIX, SUMMER, 10), nobody(), (number("+1 602 555 0100"), mail), (), REGF)
    assert [d.zones for _, d in decisions] == [(PHOENIX,), ()]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(sorted(set(AREAS.values()))),
    st.sampled_from(sorted(AREAS)),
    st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)),
)
def test_a_call_is_allowed_exactly_when_every_candidate_zone_is_in_its_window(home, area, at):
    who, phone = debtor(home), number(f"+1 {area} 555 0100")
    zones = point_zones(phone, who, "US")
    found = number_zones(phone.value).zones
    assert AREAS[area] in found and zones == ((home,) if home in found else (home, *found))
    decision = can_contact(at, who, phone, (), REGF)
    assert decision.allowed == all(inside(at, zone) for zone in zones)
    if not decision.allowed:
        # The next moment is later, in the window everywhere, and called then.
        opens = decision.next_allowed_at
        assert opens is not None and opens > at
        assert all(inside(opens, zone) for zone in zones)
        assert can_contact(opens, who, phone, (), REGF).allowed
