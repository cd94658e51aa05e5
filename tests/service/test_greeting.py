"""The greeting fits the time of day on the debtor's own clock, in both languages."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from agent_tui.domain.scripts import PARTS_OF_DAY, part_of_day
from agent_tui.i18n import set_language
from agent_tui.service.dialer import Dialer
from agent_tui.service.workstation import Workstation
from agent_tui.store.database import open_database, use_database

from .desk import Clock, desk_config


def test_the_part_of_the_day_turns_at_noon_and_at_six():
    parts = [part_of_day(time(hour, minute)) for hour in range(24) for minute in (0, 59)]
    assert parts == ["morning"] * 24 + ["afternoon"] * 12 + ["evening"] * 12
    assert set(parts) == set(PARTS_OF_DAY)


def _greeting(case) -> str:
    first = next(s for s in case.script if s.id == "first_call")
    return next(line.text for line in first.lines if line.step == "greet")


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ("Good morning", "Good afternoon", "Good evening")),
    ("zh-CN", ("上午好", "下午好", "晚上好")),
])
def test_the_greeting_follows_the_debtors_local_time(desk, lang, words):
    morning, afternoon, evening = words
    set_language(lang)
    clock = Clock(datetime(2025, 3, 10, 11, 0, tzinfo=UTC))  # 19:00 in Shanghai, 07:00 in New York
    db = use_database(open_database(desk.url))
    try:
        station = Workstation(db, desk_config(lang), desk.agent, now=clock, dialer=Dialer(""))
        assert _greeting(station.open_case(desk.promise_due)).startswith(evening)
        assert _greeting(station.open_case(desk.asleep)).startswith(morning)
        clock.at = datetime(2025, 3, 10, 2, 30, tzinfo=UTC)  # 10:30 in Shanghai
        assert _greeting(station.open_case(desk.promise_due)).startswith(morning)
        clock.at = datetime(2025, 3, 10, 6, 0, tzinfo=UTC)  # 14:00 in Shanghai
        assert _greeting(station.open_case(desk.promise_due)).startswith(afternoon)
    finally:
        db.close()
        set_language("en")
