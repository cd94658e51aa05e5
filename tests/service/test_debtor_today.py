"""One "today" per debtor: the queue, the debtor pane, the offers and the note form count from the same day.

The day is the debtor's local date, which at these moments is neither UTC's
nor the floor's.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest

from agent_tui.i18n import set_language
from agent_tui.service.dialer import Dialer
from agent_tui.service.views import NoteDraft
from agent_tui.service.workstation import Workstation
from agent_tui.store.database import open_database, use_database
from agent_tui.store.models import Account, ContactPoint, Debtor

from .desk import desk_config

CASES = [
    # 23:30 UTC on the 7th: the 8th in Shanghai; the floor in London is still on the 7th.
    pytest.param(datetime(2026, 12, 7, 23, 30, tzinfo=UTC), "Asia/Shanghai", None, "Europe/London",
                 date(2026, 12, 8), id="shanghai"),
    # 03:00 UTC on the 8th: the 7th in Los Angeles (known from the numbers only); the floor in Shanghai is on the 8th.
    pytest.param(datetime(2026, 12, 8, 3, 0, tzinfo=UTC), "", "+1 213 555 0{n}03", "Asia/Shanghai",
                 date(2026, 12, 7), id="los-angeles-by-number"),
]


@pytest.mark.parametrize(("now", "zone", "numbers", "floor", "local"), CASES)
def test_queue_pane_offers_and_form_agree_on_the_debtors_day(desk, clock, now, zone, numbers, floor, local):
    set_language("en")
    db = use_database(open_database(desk.url))
    try:
        debtor = Debtor.get(Debtor.name == "Sam Miller")
        Debtor.update(time_zone=zone).where(Debtor.id == debtor.id).execute()
        if numbers:
            for n, point in enumerate(debtor.contact_points.order_by(ContactPoint.id)):
                ContactPoint.update(value=numbers.format(n=n)).where(ContactPoint.id == point.id).execute()
        account = Account.get(Account.debtor == debtor.id)
        clock.at = now
        config = dataclasses.replace(desk_config(), time_zone=floor)
        station = Workstation(db, config, desk.agent, now=clock, dialer=Dialer(""))
        expected = (local - account.overdue_since).days

        row = next(r for r in station.queue() if r.account_id == account.id)
        case = station.open_case(account.id)
        assert case.debtor.time_zone == (zone or "America/Los_Angeles")
        assert row.days_past_due == case.debt.days_past_due == expected

        within = config.offers.first_payment_within_days
        full = case.offers[0]
        assert full.first_due == local + timedelta(days=within)

        def date_problems(day: date) -> list[str]:
            draft = NoteDraft(outcome="promise_to_pay", promise_amount="10.00", promise_date=day.isoformat())
            return [p.reason.key for p in station.check_note(account.id, draft) if p.field == "promise_date"]

        # The offer's "pay by" date is the form's last allowed day, with or without the offer picked.
        assert date_problems(full.first_due) == []
        assert date_problems(full.first_due + timedelta(days=1)) == ["callnote.problem.promise_beyond_policy"]
        assert date_problems(local) == []
        assert date_problems(local - timedelta(days=1)) == ["callnote.problem.date_past"]
    finally:
        db.close()
