"""The dashboard's figures: counted by the database per agent and per floor day, added up right."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from agent_tui.service.review import MAX_PERIOD_DAYS, ReviewRefused

from .floor import NOW

ZONE = ZoneInfo("Asia/Shanghai")
SINCE, UNTIL = date(2025, 3, 1), date(2025, 3, 14)


def _in_period(at: datetime | None) -> bool:
    return at is not None and SINCE <= at.astimezone(ZONE).date() <= UNTIL


def _code(row) -> str:
    return row.agent.code


def expected_for(floor, code: str | None) -> dict:
    """What the dashboard must say for agent ``code`` (None: the team), recomputed from the rows written."""
    mine = (lambda row: _code(row) == code) if code else (lambda row: True)
    attempts = [a for a in floor.attempts if _in_period(a.started_at) and mine(a)]
    notes = [n for n in floor.notes if _in_period(n.created_at) and mine(n)]
    promises = [p for p in floor.promises if _in_period(p.created_at) and mine(p.note)]
    ended = [p for p in floor.promises if p.status in ("kept", "broken") and _in_period(p.resolved_at)
             and mine(p.note)]
    kept = [p for p in ended if p.status == "kept"]
    scores = [n.checklist["score"] for n in notes if "score" in n.checklist]
    return {
        "attempts": len(attempts),
        "right_party": sum(a.right_party for a in attempts),
        "notes": len(notes),
        "flagged": sum(bool(n.flagged) for n in notes),
        "promises": len(promises),
        "promised": sum(p.amount for p in promises),
        "kept": len(kept),
        "broken": len(ended) - len(kept),
        "collected": sum(p.amount for p in kept),
        "score_sum": sum(scores),
        "scored": len(scores),
    }


def _counts(figures) -> dict:
    total = figures.total
    return {name: getattr(total, name) for name in (
        "attempts", "right_party", "notes", "flagged", "promises", "promised", "kept", "broken", "collected",
        "score_sum", "scored")}


@pytest.mark.parametrize("code", ["A001", "A002", "A003", None])
def test_figures_match_the_rows_written(review, floor_url, code):
    _, floor = floor_url
    board = review.dashboard(SINCE, UNTIL)
    row = board.team if code is None else board.row(code)
    expected = expected_for(floor, code)
    assert _counts(row) == expected
    assert expected["attempts"] and expected["promises"], "the period must hold work, or the test proves nothing"


def test_rates_and_average(review, floor_url):
    _, floor = floor_url
    board = review.dashboard(SINCE, UNTIL)
    team = expected_for(floor, None)
    assert board.team.right_party_rate == Decimal(team["right_party"]) / Decimal(team["attempts"])
    if team["kept"] + team["broken"]:
        assert board.team.kept_rate == Decimal(team["kept"]) / Decimal(team["kept"] + team["broken"])
    assert board.team.average_score == Decimal(team["score_sum"]) / Decimal(team["scored"])


def test_the_team_is_the_sum_of_its_agents_and_each_series_sums_to_its_total(review):
    board = review.dashboard(SINCE, UNTIL)
    assert len(board.days) == (UNTIL - SINCE).days + 1
    for name in ("attempts", "right_party", "promises", "collected", "flagged"):
        assert sum(getattr(row.total, name) for row in board.agents) == getattr(board.team.total, name)
        for row in (*board.agents, board.team):
            assert sum(row.series(name)) == getattr(row.total, name)
            assert len(row.series(name)) == len(board.days)


def test_each_day_is_the_floors_day(review, floor_url):
    _, floor = floor_url
    board = review.dashboard(SINCE, UNTIL)
    for n, day in enumerate(board.days):
        on_day = [a for a in floor.attempts if a.started_at.astimezone(ZONE).date() == day]
        assert board.team.series("attempts")[n] == len(on_day)


def test_payments_per_day(review, floor_url):
    _, floor = floor_url
    board = review.dashboard(SINCE, UNTIL)
    assert sum(board.payments) == sum(p.amount for p in floor.payments if _in_period(p.paid_at))


def test_a_lead_who_took_no_calls_is_not_a_row(review):
    board = review.dashboard(SINCE, UNTIL)
    assert [row.code for row in board.agents] == ["A001", "A002", "A003"]


def test_an_empty_period_counts_nothing(review):
    board = review.dashboard(date(2020, 1, 1), date(2020, 1, 3))
    assert board.team.total.attempts == 0 and board.team.right_party_rate is None
    assert board.team.kept_rate is None and board.team.average_score is None


def test_period_that_ends_before_it_starts_is_refused(review):
    with pytest.raises(ReviewRefused) as refused:
        review.dashboard(UNTIL, SINCE)
    assert refused.value.msg.key == "review.refused.period_backwards"


def test_period_too_long_is_refused(review):
    with pytest.raises(ReviewRefused):
        review.dashboard(SINCE, SINCE + timedelta(days=MAX_PERIOD_DAYS))


def test_the_database_does_the_counting(review, query_log_sql):
    """A handful of GROUP BY statements, however many notes: no loop over rows in Python."""
    review.dashboard(SINCE, UNTIL)
    selects = [s for s in query_log_sql.statements if s.lstrip().upper().startswith("SELECT")]
    grouped = [s for s in selects if "GROUP BY" in s.upper()]
    assert len(grouped) == 5, selects
    assert len(selects) <= 7, selects


def test_day_boundaries_follow_the_floor_clock(review):
    bounds = review.period_bounds(date(2025, 3, 10), date(2025, 3, 11))
    assert bounds == [datetime(2025, 3, 9, 16, tzinfo=UTC), datetime(2025, 3, 10, 16, tzinfo=UTC),
                      datetime(2025, 3, 11, 16, tzinfo=UTC)]
    assert review.today() == NOW.astimezone(ZONE).date()


def test_kept_rate_kept_count_and_collected_come_from_the_same_promises(empty_url):
    """Twelve promises taken before the period and paid within it, two more left unpaid past their day.

    Counted by when they were made, this agent kept 0 % beside the amount the twelve brought in; counted by
    when they ended, as the dashboard does, the twelve are kept, the two broken, and collected is what the
    twelve were for.
    """
    from agent_tui.config import Config
    from agent_tui.service.promise_keeping import check_promises
    from agent_tui.service.review import open_review
    from agent_tui.store import init_db, open_database, use_database
    from agent_tui.store.models import Agent, CallNote, Payment, Promise

    from .floor import _account

    made = datetime(2025, 2, 20, 2, 0, tzinfo=UTC)
    db = use_database(open_database(empty_url))
    init_db(db)
    with db.connection_context():
        agent = Agent.create(code="A009", name="Sun Li", role="agent", team="floor-1")
        Agent.create(code="L001", name="Chen Jing", role="lead", team="floor-1")
        amounts = [10_000 * (n + 1) for n in range(14)]
        for n, amount in enumerate(amounts):
            account = _account(n + 1, "王芳", f"11010119850{n:02d}012345", f"1390013{n:04d}")
            note = CallNote.create(account=account, agent=agent, created_at=made, outcome="promise_to_pay")
            Promise.create(account=account, note=note, amount=amount, due=date(2025, 3, 5), created_at=made)
            if n < 12:
                Payment.create(account=account, paid_at=datetime(2025, 3, 3, 4, 0, tzinfo=UTC), amount=amount)
        with db.atomic():
            checked = check_promises("os:admin", NOW)
    db.close()
    assert (checked.kept, checked.broken) == (12, 2)
    service = open_review(Config(), empty_url, "L001", now=lambda: NOW)
    try:
        row = service.dashboard(SINCE, UNTIL).row("A009")
    finally:
        service.close()
    assert (row.total.promises, row.total.kept, row.total.broken) == (0, 12, 2)
    assert row.kept_rate == Decimal(12) / Decimal(14)
    assert row.total.collected == sum(amounts[:12])
