"""Chinese on the desk breaks lines as a Chinese reader expects, and the refusal reads all in the screen's language."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from textual.widgets import Static

from agent_tui.domain.conduct_rules import PROFILES, RuleKind
from agent_tui.domain.line_breaks import CLOSING
from agent_tui.i18n import Msg
from agent_tui.service.views import DialResult
from agent_tui.ui.workstation.desk import DeskScreen
from agent_tui.ui.workstation.dialogs.refusal import RefusalScreen

from .agent import press, settle

#: An amount as the Chinese screen writes it, with its unit: one piece that no line break may cut.
AMOUNT = re.compile(r"[\d,]+\.\d\d 元")


def _drawn(widget) -> list[str]:
    """The lines ``widget`` draws now, as text (its padding trimmed)."""
    return [widget.render_line(y).text.strip() for y in range(widget.size.height)]


def _check(lines: list[str], expected_amounts: set[str]) -> None:
    assert lines
    for line in lines:
        assert line[:1] not in CLOSING, line  # no line opens with ，。？！、 or the like
        assert not line.startswith("元"), line
    text = "\n".join(lines)
    for amount in expected_amounts:
        assert amount in text, amount  # each amount whole on one line, with its 元


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_the_script_and_the_debtor_pane_never_cut_an_amount_nor_open_a_line_with_a_comma(workstation, size):
    app, _ = workstation("zh-CN")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DeskScreen)
        await press(pilot, "f2", "f7")  # the script pane forward
        screen.script.open_section("first_call", focus=False)
        await settle(pilot)
        words = screen.script.query_one("#words-first_call", Static)
        plain_words = str(words.content)
        amounts = set(AMOUNT.findall(plain_words))
        assert amounts  # the words quote the balance
        _check(_drawn(words), amounts)

        # The offers' list: every amount of every offer on one line.
        screen.script.open_section("offers")
        await settle(pilot)
        listed = screen.script.offer_list
        prompts = "\n".join(str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count))
        _check(_drawn(listed), set(AMOUNT.findall(prompts)) - {""})


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
async def test_the_refusal_names_its_rule_and_sources_in_the_screens_language(workstation, lang):
    app, _ = workstation(lang)
    rule = next(r for r in PROFILES["cn"].rules if r.kind == RuleKind.CALLING_WINDOW)
    house = next(r for r in PROFILES["cn"].rules if r.kind == RuleKind.DISPUTE)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for shown in (rule, house):
            result = DialResult(False, rule_id=shown.id, citation=shown.citation,
                                reason=Msg("compliance.reason.dispute"),
                                next_allowed_at=datetime(2026, 12, 9, 0, 0, tzinfo=UTC))
            await app.push_screen(RefusalScreen(result, "Asia/Shanghai", "UTC"))
            await settle(pilot)
            body = app.screen.query_one("#refusal-body", Static)
            text = "\n".join(_drawn(body))
            if lang == "zh-CN":
                assert "house rule" not in text and "guide" not in text and "CBA" not in text
                assert ("可联系时段" in text) == (shown is rule)
                assert ("公司内部规定" in text) == (shown is house)
                for line in _drawn(body):
                    assert line[:1] not in CLOSING, line
            else:
                assert not re.search(r"[\u4e00-\u9fff]", text), text  # the Chinese guideline named in English
                assert ("Calling window" in text or "calling window" in text.lower()) == (shown is rule)
            app.pop_screen()
            await settle(pilot)
