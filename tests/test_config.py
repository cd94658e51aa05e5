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
    for name in ("language", "currency", "offers", "ledger", "queue", "claims", "compliance"):
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
        ("offers:\n  min_instalment: lots\n", "c.yaml:2: offers.min_instalment: expected a whole number, found 'lots'"),
        ("claims:\n  lease_minutes: '15'\n", "c.yaml:2: claims.lease_minutes: expected a whole number, found '15'"),
        ("compliance:\n  window_end: '25:00'\n",
         "c.yaml:2: compliance.window_end: expected a time of day as HH:MM (00:00 to 23:59), found '25:00'"),
        ("time_zone: Asia/Atlantis\n",
         "c.yaml:1: time_zone: expected an IANA time zone such as Asia/Shanghai, found 'Asia/Atlantis'"),
        ("database:\n  url: mysql://db\n", "c.yaml:2: database.url: expected a database URL"),
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
