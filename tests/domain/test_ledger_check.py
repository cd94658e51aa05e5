"""The ledger check finds every creditor figure that is wrong, and says how ours was reached."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent_tui.domain.ledger import compute_ledger
from agent_tui.domain.ledger_check import CHECK_ORDER, bucket_label, check_ledger, explain
from agent_tui.domain.policy import LedgerPolicy
from agent_tui.domain.records import Charge, ContractTerms, Payment, PenaltyKind, ScheduleLine
from agent_tui.i18n import LANGUAGES, catalog, placeholders

from .ledger_cases import at_noon, expected_figures, on_time_histories

POLICY = LedgerPolicy()
AS_OF = date(2025, 3, 3)


def contract(rate: str = "0.1825", kind: PenaltyKind = PenaltyKind.RATE, **more) -> ContractTerms:
    return ContractTerms(
        principal=800000,
        annual_rate=Decimal("0.12"),
        start_date=date(2025, 1, 1),
        penalty_kind=kind,
        penalty_value=Decimal(rate),
        **more,
    )


ONE_LINE = (ScheduleLine(date(2025, 1, 31), 800000, 0),)


def charges_for(figures: dict[str, int], on: date) -> list[Charge]:
    return [Charge(kind, amount, on) for kind, amount in figures.items()]


def test_the_issues_example_reads_aloud():
    ledger = compute_ledger(contract(), ONE_LINE, [], AS_OF, POLICY)
    check = check_ledger(ledger, [Charge("penalty", 13000, AS_OF)], POLICY)
    assert not check.ok
    (found,) = check.discrepancies
    # 8,000.00 × 0.05 % a day × 31 days = 124.00; the creditor asks 130.00.
    assert (found.component, found.creditor, found.computed, found.difference) == ("penalty", 13000, 12400, 600)
    text = [line.render("en") for line in found.lines]
    assert text == [
        "penalty rate in the contract: 18.25% a year",
        "line due 2025-01-31: overdue principal 8,000.00 × 0.05% a day × 31 days (2025-01-31 to 2025-03-03) = 124.00",
        "penalty interest owed as of 2025-03-03: 124.00",
        "the creditor charges ¥130.00, ¥6.00 more than the recomputed ¥124.00",
    ]
    chinese = [line.render("zh-CN") for line in found.lines]
    assert "逾期本金 8,000.00 × 日利率 0.05% × 31 天" in chinese[1]
    assert "少" not in chinese[-1] and "多 6.00 元" in chinese[-1]
    assert check.summary.render("en") == (
        "1 of 1 creditor figures differ from the recomputed ledger: penalty interest."
    )


def test_a_rate_without_a_short_daily_figure_is_read_as_a_yearly_rate():
    ledger = compute_ledger(contract("1.5", PenaltyKind.MULTIPLE), ONE_LINE, [], AS_OF, POLICY)
    lines = [m.render("en") for m in explain(ledger, "penalty")]
    assert lines[0] == "penalty rate: contract rate 12% × 1.5 = 18% a year"
    # 8,000.00 × 18 % ÷ 365 × 31 = 122.30…
    assert lines[1].endswith("× 18% a year ÷ 365 × 31 days (2025-01-31 to 2025-03-03) = 122.30")


def test_one_day_is_singular():
    ledger = compute_ledger(contract(), ONE_LINE, [], date(2025, 2, 1), POLICY)
    assert "× 1 day (" in explain(ledger, "penalty")[1].render("en")


def test_a_partly_paid_line_shows_charged_paid_and_owed():
    three = (
        ScheduleLine(date(2025, 1, 31), 100000, 3000),
        ScheduleLine(date(2025, 2, 28), 100000, 2000),
    )
    terms = contract(late_fee=5000)
    ledger = compute_ledger(terms, three, [Payment(at_noon(date(2025, 2, 10)), 60000)], AS_OF, POLICY)
    principal = [m.render("en") for m in explain(ledger, "principal")]
    assert principal == [
        "line due 2025-01-31: principal 1,000.00, paid 515.00, still owed 485.00",
        "line due 2025-02-28: principal 1,000.00",
        "principal owed as of 2025-03-03: 1,485.00",
    ]
    fees = [m.render("en") for m in explain(ledger, "fees")]
    assert fees[-1] == "fees owed as of 2025-03-03: 100.00 charged − 50.00 paid = 50.00"
    assert [m.render("en") for m in explain(ledger, "interest")][-1] == "interest owed as of 2025-03-03: 20.00"


def test_matching_figures_say_so():
    ledger = compute_ledger(contract(), ONE_LINE, [], AS_OF, POLICY)
    figures = {"principal": 800000, "interest": 0, "penalty": 12400, "fees": 0}
    check = check_ledger(ledger, charges_for(figures, AS_OF), POLICY)
    assert check.ok and check.discrepancies == ()
    assert check.checked == CHECK_ORDER
    assert check.summary.render("en") == "The creditor's figures match the recomputed ledger (4 checked)."


def test_no_charges_nothing_to_check():
    ledger = compute_ledger(contract(), ONE_LINE, [], AS_OF, POLICY)
    check = check_ledger(ledger, [], POLICY)
    assert check.ok and check.checked == ()
    assert check.summary.key == "ledger.summary.nothing"


def test_rounding_tolerance_is_configurable():
    ledger = compute_ledger(contract(), ONE_LINE, [], AS_OF, POLICY)
    off_by_one = [Charge("penalty", 12401, AS_OF)]
    assert check_ledger(ledger, off_by_one, POLICY).ok
    assert not check_ledger(ledger, off_by_one, LedgerPolicy(tolerance=0)).ok
    assert not check_ledger(ledger, [Charge("penalty", 12402, AS_OF)], POLICY).ok


def test_the_most_recent_charge_counts_and_is_compared_as_of_its_own_date():
    ledger = compute_ledger(contract(), ONE_LINE, [], AS_OF, POLICY)
    week_ago = AS_OF - timedelta(days=7)
    # On 24 Feb the line was 24 days past due: 8,000.00 × 0.05 % × 24 = 96.00.
    charges = [
        Charge("penalty", 50000, date(2025, 2, 10)),  # superseded
        Charge("penalty", 9600, week_ago),
        Charge("penalty", 99999, AS_OF + timedelta(days=1)),  # not known yet on AS_OF
    ]
    assert check_ledger(ledger, charges, POLICY).ok
    wrong = check_ledger(ledger, charges + [Charge("penalty", 9000, week_ago)], POLICY)
    (found,) = wrong.discrepancies
    assert (found.as_of, found.computed, found.difference) == (week_ago, 9600, -600)
    assert found.lines[-1].render("en") == "the creditor charges ¥90.00, ¥6.00 less than the recomputed ¥96.00"


def test_unknown_charge_kinds_are_set_aside():
    ledger = compute_ledger(contract(), ONE_LINE, [], AS_OF, POLICY)
    odd = Charge("collection_fee", 100, AS_OF)
    check = check_ledger(ledger, [odd], POLICY)
    assert check.ok and check.ignored == (odd,)


def test_bucket_words():
    assert bucket_label("M2", 31).render("en") == "M2: 31 days past due"
    assert bucket_label("M0", 0).render("zh-CN") == "M0：未逾期"


@pytest.mark.parametrize("area", ["ledger", "offers"])
def test_catalog_files_match_across_languages(area):
    en = {k: v for k, v in catalog("en").items() if k.startswith(area + ".")}
    assert en
    for lang in LANGUAGES:
        other = {k: v for k, v in catalog(lang).items() if k.startswith(area + ".")}
        assert set(other) == set(en), lang
        for key, text in en.items():
            assert placeholders(other[key]) == placeholders(text), f"{lang}: {key}"


# --- properties ---


@settings(max_examples=150, deadline=None)
@given(on_time_histories())
def test_consistent_figures_show_no_discrepancy(case):
    terms, schedule, payments, as_of, paid_lines = case
    ledger = compute_ledger(terms, schedule, payments, as_of, POLICY)
    charges = charges_for(expected_figures(terms, schedule, paid_lines, as_of), as_of)
    check = check_ledger(ledger, charges, POLICY)
    assert check.ok, [d.component for d in check.discrepancies]
    assert check.summary.key == "ledger.summary.ok"


@settings(max_examples=150, deadline=None)
@given(
    on_time_histories(),
    st.sampled_from(CHECK_ORDER),
    st.integers(POLICY.tolerance + 1, 10_000_000) | st.integers(-10_000_000, -POLICY.tolerance - 1),
)
def test_an_altered_charge_is_always_found(case, component, delta):
    terms, schedule, payments, as_of, paid_lines = case
    ledger = compute_ledger(terms, schedule, payments, as_of, POLICY)
    figures = expected_figures(terms, schedule, paid_lines, as_of)
    figures[component] += delta
    check = check_ledger(ledger, charges_for(figures, as_of), POLICY)
    assert [d.component for d in check.discrepancies] == [component]
    (found,) = check.discrepancies
    assert found.difference == delta and found.creditor == figures[component]
    assert found.creditor - found.computed == delta
    for lang in LANGUAGES:
        assert all(line.render(lang) for line in found.lines)
