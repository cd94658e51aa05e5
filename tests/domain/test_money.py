"""Money is integer minor units, shown one way per language, and never a float."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from agent_tui.domain.money import (
    Amount,
    Figure,
    Percent,
    format_money,
    parse_money,
    plain,
    round_minor,
    split_evenly,
)

DOMAIN = Path(__file__).resolve().parents[2] / "agent_tui" / "domain"


def test_one_format_per_language_as_the_catalog_writes_it():
    assert format_money(1234567, "CNY", "en") == "¥12,345.67"
    assert format_money(1234567, "CNY", "zh-CN") == "12,345.67 元"
    assert format_money(-5, "CNY", "zh-CN") == "-0.05 元"
    assert format_money(1234, "JPY", "en") == "¥1,234"
    assert Amount(100, "USD").localize("zh-CN") == "1.00 美元"
    assert Figure(800000).localize("en") == Figure(800000).localize("zh-CN") == "8,000.00"


def test_rounding_is_half_up_to_the_minor_unit():
    assert [round_minor(Decimal(v)) for v in ("0.5", "1.5", "2.5", "2.4999", "-0.5")] == [1, 2, 3, 2, -1]


def test_percent_shows_every_digit_the_rate_has():
    cases = {"0.0005": "0.05%", "0.18": "18%", "0.1825": "18.25%", "0.30": "30%", "1": "100%", "0": "0%"}
    for rate, text in cases.items():
        assert Percent(Decimal(rate)).localize("en") == text


def test_split_evenly_example():
    assert split_evenly(100000, 3) == (33333, 33333, 33334)
    assert split_evenly(5, 1) == (5,)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**12), st.integers(1, 60))
def test_split_evenly_adds_up_with_the_remainder_last(total, parts):
    pieces = split_evenly(total, parts)
    assert len(pieces) == parts and sum(pieces) == total
    assert len(set(pieces[:-1])) <= 1
    assert 0 <= pieces[-1] - pieces[0] < parts


@settings(max_examples=200, deadline=None)
@given(st.integers(-(10**12), 10**12), st.sampled_from(["CNY", "USD", "JPY"]))
def test_what_is_shown_parses_back(minor, currency):
    assert parse_money(plain(minor, currency), currency) == minor


def test_no_float_on_any_money_path_in_the_domain():
    offenders = []
    for path in sorted(DOMAIN.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\bfloat\(", line):
                offenders.append(f"{path.name}:{number}: {line.strip()}")
    assert offenders == []
