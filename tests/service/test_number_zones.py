"""F3 and the debtor pane where the numbers, not the debtor's profile, tell the time zone (us-regf floor)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from agent_tui.domain.compliance import ComplianceSettings
from agent_tui.i18n import render, set_language
from agent_tui.service.dialer import Dialer
from agent_tui.service.workstation import Workstation
from agent_tui.store.database import open_database, use_database
from agent_tui.store.models import CallAttempt, ContactPoint, Debtor

from .desk import desk_config

PHOENIX = ZoneInfo("America/Phoenix")


@pytest.fixture
def regf(desk, clock):
    """The desk on a us-regf floor whose "asleep" debtor has Phoenix numbers, with or without a zone of their own."""
    set_language("en")
    db = use_database(open_database(desk.url))
    config = desk_config(compliance=ComplianceSettings(profile="us-regf"))
    station = Workstation(db, config, desk.agent, now=clock, dialer=Dialer(""))

    def numbers(debtor_zone: str) -> None:
        debtor = Debtor.get(Debtor.name == "Sam Miller")
        Debtor.update(time_zone=debtor_zone).where(Debtor.id == debtor.id).execute()
        for n, point in enumerate(debtor.contact_points.order_by(ContactPoint.id)):
            ContactPoint.update(value=f"+1 602 555 0{n}03").where(ContactPoint.id == point.id).execute()

    yield station, numbers
    db.close()


def test_a_phoenix_debtor_without_a_zone_is_not_dialled_at_ten_at_night_in_phoenix(regf, desk, clock):
    station, numbers = regf
    numbers("")
    clock.at = datetime(2025, 3, 10, 22, 0, tzinfo=PHOENIX).astimezone(ZoneInfo("UTC"))
    case = station.open_case(desk.asleep)
    assert case.debtor.time_zone == "America/Phoenix"  # from the numbers, not the floor's Asia/Shanghai
    assert case.compliance.local_time.hour == 22 and not case.compliance.dial_allowed
    assert all(c.zone_note is None for c in case.contacts)  # the numbers ring where the debtor's clock is
    refused = station.dial(desk.asleep)
    assert not refused.allowed and refused.rule_id == "us-regf.calling-window"
    assert refused.next_allowed_at == datetime(2025, 3, 11, 8, 0, tzinfo=PHOENIX)
    assert "America/Phoenix" in render(refused.reason) and CallAttempt.select().count() == 0
    clock.at -= timedelta(hours=2)  # 20:00 in Phoenix
    assert station.dial(desk.asleep).allowed


def test_a_number_in_another_zone_than_the_debtors_is_shown_and_both_clocks_count(regf, desk, clock):
    station, numbers = regf
    numbers("America/New_York")
    clock.at = datetime(2025, 3, 10, 9, 30, tzinfo=ZoneInfo("America/New_York")).astimezone(ZoneInfo("UTC"))
    case = station.open_case(desk.asleep)
    assert [render(c.zone_note) for c in case.contacts] == ["(number in America/Phoenix)"] * 2
    assert render(case.contacts[0].zone_note, "zh-CN") == "（号码在 America/Phoenix）"
    refused = station.dial(desk.asleep)  # 06:30 in Phoenix
    assert not refused.allowed and "America/Phoenix" in render(refused.reason)
    assert refused.next_allowed_at == datetime(2025, 3, 10, 8, 0, tzinfo=PHOENIX)
