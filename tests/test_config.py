"""config.yaml: defaults, and one clear line per problem with file and line."""

from __future__ import annotations

import dataclasses
from datetime import time
from decimal import Decimal
from pathlib import Path

import pytest

from agent_tui.config import Config, ConfigError, ScriptsConfig, load_config, parse_config

ROOT = Path(__file__).resolve().parents[1]


def problems(text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse_config(text, "c.yaml")
    return caught.value.problems


def test_empty_file_gives_defaults():
    assert parse_config("", "c.yaml").language == Config().language


def test_shipped_config_is_valid_and_matches_the_defaults():
    config = load_config(str(ROOT / "config.yaml"))
    defaults = Config()
    for name in ("language", "currency", "offers", "ledger", "queue", "claims", "notes", "compliance"):
        assert getattr(config, name) == getattr(defaults, name), name


def test_values_are_typed():
    config = parse_config(
        "offers:\n  max_settlement_discount: 0.25\ncompliance:\n  window_start: '09:00'\n", "c.yaml"
    )
    assert config.offers.max_settlement_discount == Decimal("0.25")
    assert config.compliance.window_start == time(9, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("langauge: en\n",
         "c.yaml:1: langauge: expected a known key (did you mean 'language'?), found unknown key 'langauge'"),
        ("language: fr\n", "c.yaml:1: language: expected one of en, zh-CN, found 'fr'"),
        ("offers:\n  min_instalment: lots\n",
         "c.yaml:2: offers.min_instalment: expected a whole number from 0 to 1,000,000,000,000,000, found 'lots'"),
        ("claims:\n  lease_minutes: '15'\n",
         "c.yaml:2: claims.lease_minutes: expected a whole number from 1 to 1440, found '15'"),
        ("compliance:\n  window_end: '25:00'\n",
         "c.yaml:2: compliance.window_end: expected a time of day as HH:MM (00:00 to 23:59), found '25:00'"),
        ("time_zone: Asia/Atlantis\n",
         "c.yaml:1: time_zone: expected an IANA time zone such as Asia/Shanghai, found 'Asia/Atlantis'"),
        ("database:\n  url: mysql://db\n", "c.yaml:2: database.url: expected a database URL"),
        ("database:\n  url: sqlite:///x.db?foo=1\n",
         "c.yaml:2: database.url: expected only the parameters the database takes, found unknown parameter 'foo'"),
        ("review:\n  database_url: postgresql://u:secret@h/db?sslmod=require\n",
         "c.yaml:2: review.database_url: expected only the parameters the database takes (did you mean 'sslmode'?),"
         " found unknown parameter 'sslmod'"),
        ("currency: XYZ\n", "c.yaml:1: currency: expected one of"),
        ("offers: [1, 2]\n", "c.yaml:1: offers: expected a mapping, found a list"),
        ("keys:\n  next_case: [f2]\n", "c.yaml:2: keys.next_case: expected text, found a list"),
        ("ledger:\n  allocation_order: [fees, fees]\n", "c.yaml:2: ledger.allocation_order: expected each of"),
        ("language: en\nlanguage: zh-CN\n", "c.yaml:2: language: expected each key once"),
        ("language: [en\n", "c.yaml:2: (YAML): expected well-formed YAML"),
    ],
)
def test_each_kind_of_problem_is_named_with_its_line(text, expected):
    found = problems(text)
    assert len(found) == 1, found
    assert found[0].startswith(expected), found[0]


def test_every_problem_is_reported_at_once():
    found = problems("language: fr\ncurrency: XYZ\nclaims:\n  lease_minutes: x\n")
    assert [p.split(":")[1] for p in found] == ["1", "2", "4"]


def test_missing_file_is_a_problem_not_a_traceback(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load_config(str(tmp_path / "nope.yaml"))
    assert "nope.yaml:1:" in caught.value.problems[0]


def test_scripts_folder_is_relative_to_the_config_file(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("scripts:\n  folder: talk\n", encoding="utf-8")
    assert load_config(str(path)).scripts_dir() == tmp_path / "talk"


def test_without_a_scripts_folder_beside_it_the_shipped_scripts_are_used(tmp_path):
    """An installed agent-tui started in a folder with no config.yaml still has its call scripts."""
    config = dataclasses.replace(Config(), base_dir=str(tmp_path))
    assert (config.scripts_dir() / "en.yaml").is_file() and (config.scripts_dir() / "zh-CN.yaml").is_file()
    (tmp_path / "scripts").mkdir()
    assert config.scripts_dir() == tmp_path / "scripts"  # a folder beside config.yaml wins


def test_a_scripts_folder_named_in_config_is_not_replaced(tmp_path):
    config = dataclasses.replace(Config(), base_dir=str(tmp_path), scripts=ScriptsConfig(folder="mine"))
    assert config.scripts_dir() == tmp_path / "mine"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("claims:\n  lease_minutes: 1000000000000\n",
         "c.yaml:2: claims.lease_minutes: expected a whole number from 1 to 1440, found '1000000000000'"),
        ("claims:\n  lease_minutes: 0\n", "c.yaml:2: claims.lease_minutes: expected a whole number from 1 to 1440"),
        # More digits than Python reads into an int: named, not a ValueError; the value is quoted short.
        ("claims:\n  lease_minutes: " + "9" * 5000 + "\n",
         "c.yaml:2: claims.lease_minutes: expected a whole number from 1 to 1440, found '9999"),
        ("queue:\n  rest_minutes: -1\n", "c.yaml:2: queue.rest_minutes: expected a whole number from 0 to 10,080"),
        ("queue:\n  balance: 1e999999\n", "c.yaml:2: queue.balance: expected a number from -1000 to 1000"),
        ("offers:\n  instalment_counts: [3, 1000]\n",
         "c.yaml:2: offers.instalment_counts[1]: expected a whole number from 2 to 360, found '1000'"),
        ("compliance:\n  max_attempts_per_7_days: 100000\n",
         "c.yaml:2: compliance.max_attempts_per_7_days: expected a whole number from 0 to 700"),
        ("notes:\n  max_length: 5\n", "c.yaml:2: notes.max_length: expected a whole number from 100 to 100,000"),
    ],
)
def test_numbers_outside_their_bounds_are_named_with_the_bounds(text, expected):
    found = problems(text)
    assert len(found) == 1, found
    assert found[0].startswith(expected), found[0]
    assert len(found[0]) < 200


def _number_fields(cls, prefix=""):
    """Every int and Decimal field under ``cls``, dotted, with its metadata."""
    for item in dataclasses.fields(cls):
        if item.metadata.get("internal"):
            continue
        kind = str(item.type)
        if dataclasses.is_dataclass(item.default_factory if callable(item.default_factory) else item.default):
            sub = item.default_factory if callable(item.default_factory) else type(item.default)
            yield from _number_fields(sub, f"{prefix}{item.name}.")
        elif "int" in kind or "Decimal" in kind:
            yield f"{prefix}{item.name}", item.metadata


def test_every_number_of_the_config_has_bounds():
    # The two discounts are held to a fraction below 1 by OfferPolicy.problems().
    checked_elsewhere = {"offers.max_settlement_discount", "offers.approval.max_discount"}
    fields = dict(_number_fields(Config))
    assert "claims.lease_minutes" in fields and "offers.approval.max_instalments" in fields
    unbounded = [name for name, meta in fields.items() if "range" not in meta and name not in checked_elsewhere]
    assert unbounded == []
    defaults = Config()
    for name, meta in fields.items():
        if "range" in meta:
            value = defaults
            for part in name.split("."):
                value = getattr(value, part)
            low, high = meta["range"]
            assert all(low <= v <= high for v in (value if isinstance(value, tuple) else (value,)) if v is not None)


def test_the_note_length_is_configurable():
    assert Config().notes.max_length == 10_000
    assert parse_config("notes:\n  max_length: 20_000\n", "c.yaml").notes.max_length == 20_000


def test_a_huge_or_deeply_nested_config_file_is_refused_by_name(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * (1024 * 1024) + b"\n")  # just over the limit
    with pytest.raises(ConfigError) as caught:
        load_config(str(big))
    assert caught.value.problems == [f"{big}:1: (file): expected at most 1,048,576 bytes, found 1,048,579 bytes"]
    with pytest.raises(ConfigError) as caught:
        parse_config("keys: " + "[" * 5000 + "]" * 5000 + "\n", "c.yaml")
    assert caught.value.problems == ["c.yaml:1: (YAML): expected at most 32 levels of nesting, found more"]
