"""The message catalog is complete in every language."""

from __future__ import annotations

import pytest

from agent_tui import i18n
from agent_tui.domain.money import Amount, format_money, parse_money
from agent_tui.i18n import LANGUAGES, Msg, catalog, placeholders, render


def test_every_language_has_the_same_keys():
    keys = {lang: set(catalog(lang)) for lang in LANGUAGES}
    reference = keys["en"]
    for lang, found in keys.items():
        assert found - reference == set(), f"{lang} has keys English lacks"
        assert reference - found == set(), f"{lang} lacks keys"


def test_every_message_has_the_same_placeholders_in_every_language():
    en = catalog("en")
    for lang in LANGUAGES:
        other = catalog(lang)
        for key, text in en.items():
            assert placeholders(other[key]) == placeholders(text), f"{lang}: {key}"


def test_missing_key_is_an_error():
    with pytest.raises(i18n.CatalogError):
        i18n.t("no.such.key")


def test_messages_render_money_per_language():
    msg = Msg("cli.not_built", {"command": Amount(1234567, "CNY")})
    assert "¥12,345.67" in render(msg, "en")
    assert "12,345.67 元" in render(msg, "zh-CN")


def test_money_round_trip():
    assert format_money(-5, "CNY", "en") == "-¥0.05"
    assert parse_money("¥12,345.67") == 1234567
    assert parse_money("300 元") == 30000
    for bad in ("", "abc", "1.234", "NaN"):
        with pytest.raises(ValueError):
            parse_money(bad)
