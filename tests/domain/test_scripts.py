"""Call scripts: the shipped ones are complete and clean; broken ones are refused with file and line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from agent_tui.domain.checklist import STEPS
from agent_tui.domain.linter import LintCategory
from agent_tui.domain.money import Amount
from agent_tui.domain.offers import KINDS, compute_offers
from agent_tui.domain.policy import OfferPolicy
from agent_tui.domain.records import Outcome
from agent_tui.domain.scripts import (
    OBJECTION_OUTCOMES,
    PLACEHOLDERS,
    SECTIONS,
    ScriptError,
    offer_values,
    word_problems,
)
from agent_tui.script_files import load_script, load_scripts, parse_script

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"

CASE = {
    "greeting": "Good afternoon",
    "debtor_name": "Wang Fang",
    "agent": "Chen Jie",
    "company": "Hengxin Credit Services",
    "company_phone": "400-820-1234",
    "creditor": "Huaxia Consumer Finance",
    "amount": Amount(1234550, "CNY"),
    "days_past_due": 45,
    "due_date": date(2026, 1, 25),
    "promise_amount": Amount(200000, "CNY"),
    "promise_date": date(2026, 3, 1),
    "instalments": 6,
    "instalment_amount": Amount(205759, "CNY"),
    "first_payment_date": date(2026, 3, 15),
    "last_payment_amount": Amount(205755, "CNY"),
    "last_payment_date": date(2026, 8, 11),
    "extension_days": 30,
    "new_due_date": date(2026, 4, 10),
    "settlement_amount": Amount(1000000, "CNY"),
    "pay_by": date(2026, 3, 31),
    "agreed_amount": Amount(205759, "CNY"),
    "agreed_date": date(2026, 3, 15),
}


@pytest.fixture(scope="module")
def shipped():
    return load_scripts(SCRIPTS)


def test_shipped_scripts_have_every_step_and_section(shipped):
    for script in shipped.values():
        for step in STEPS:
            assert script.title(step) and script.fill(f"steps.{step.value}", CASE)
        for section, required in SECTIONS.items():
            assert set(required) <= set(script.entries(section))


def test_both_languages_fill_the_same_entries_from_the_same_case(shipped):
    en, zh = shipped["en"], shipped["zh-CN"]
    assert set(en.texts) == set(zh.texts)
    for key in en.texts:
        assert en.placeholders(key) == zh.placeholders(key), key


def test_shipped_scripts_say_nothing_the_linter_flags(shipped):
    assert [s.flags for s in shipped.values()] == [(), ()]


def test_offer_words_carry_the_offers_figures(shipped):
    en = shipped["en"].fill("offers.instalments", CASE)
    assert "6 monthly payments of ¥2,057.59" in en and "15 March 2026" in en and "¥12,345.50" in en
    zh = shipped["zh-CN"].fill("offers.instalments", CASE)
    assert "分6期" in zh and "2,057.59 元" in zh and "2026年3月15日" in zh


def test_every_computed_offer_fills_its_words(shipped):
    as_of = date(2026, 3, 10)
    offers = compute_offers(1234550, as_of, OfferPolicy()).offers
    offers += compute_offers(1234550, as_of, OfferPolicy(), hardship=True).offers
    case = {k: v for k, v in CASE.items() if k in ("debtor_name", "agent", "company", "creditor", "amount")}
    assert {o.kind for o in offers} == set(KINDS)
    for offer in offers:
        values = {**case, **offer_values(offer)}
        for script in shipped.values():
            words = script.fill(f"offers.{offer.kind}", values)
            assert "{" not in words
        if offer.kind == "instalments":
            en = shipped["en"].fill("offers.instalments", values)
            assert f"{offer.count} monthly payments" in en
            assert Amount(offer.lines[0].amount).localize("en") in en
        assert shipped["en"].fill("steps.agree", values)


def test_broken_promise_opening_and_the_disclosure_first(shipped):
    en = shipped["en"]
    opening = en.step_text("purpose", CASE, broken_promise=True)
    assert "¥2,000.00 by 1 March 2026" in opening
    with_disclosure = en.step_text("purpose", CASE, mini_miranda=True)
    assert with_disclosure.index("debt collector") < with_disclosure.index("overdue since")
    assert "debt collector" not in en.step_text("purpose", CASE)
    assert "催收" in shipped["zh-CN"].step_text("purpose", CASE, mini_miranda=True)


def test_agree_says_the_words_of_the_kind_of_offer_picked(shipped):
    en, zh = shipped["en"], shipped["zh-CN"]
    plan = en.step_text("agree", CASE, offer_kind="instalments")
    assert "in 6 instalments, the first of ¥2,057.59 by 15 March 2026" in plan
    assert "the last of ¥2,057.55 by 11 August 2026" in plan and "¥12,345.50" not in plan
    zh_plan = zh.step_text("agree", CASE, offer_kind="instalments")
    assert "分6期" in zh_plan and "2,057.59 元在2026年3月15日" in zh_plan and "12,345.50" not in zh_plan
    assert "¥10,000.00 by 31 March 2026" in en.step_text("agree", CASE, offer_kind="settlement")
    assert "by 30 days to 10 April 2026" in en.step_text("agree", CASE, offer_kind="extension")
    # Paying in full, or a kind the script has no words for, reads the step's own words.
    assert en.step_text("agree", CASE, offer_kind="full") == en.fill("steps.agree", CASE)
    assert en.step_text("greet", CASE, offer_kind="instalments") == en.fill("steps.greet", CASE)


def test_agree_words_per_offer_kind_are_optional_but_no_other_entry_is():
    text = shipped_text()
    start = text.index("    instalments: >-\n      So to confirm")
    end = text.index("  record:\n")
    assert parse_script(text[:start] + text[end:], "en.yaml").texts.get("steps.agree.instalments") is None
    misnamed = text.replace("    instalments: >-\n      So to confirm", "    instalment: >-\n      So")
    with pytest.raises(ScriptError) as caught:
        parse_script(misnamed, "en.yaml")
    assert "steps.agree.instalment: expected one of title, say, instalments, extension, settlement" in (
        "\n".join(caught.value.problems))


def test_a_missing_value_names_file_line_and_placeholder(shipped):
    values = dict(CASE)
    del values["creditor"]
    with pytest.raises(ScriptError) as caught:
        shipped["en"].fill("steps.greet", values)
    (line,) = caught.value.problems
    assert line.startswith(f"{SCRIPTS / 'en.yaml'}:")
    assert "steps.greet.say: expected a value for {creditor}" in line


def shipped_text() -> str:
    return (SCRIPTS / "en.yaml").read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_an_unknown_placeholder_is_refused_with_file_and_line():
    text = shipped_text().replace("May I speak with {debtor_name}", "May I speak with {debtor}")
    with pytest.raises(ScriptError) as caught:
        parse_script(text, "scripts/en.yaml")
    (problem,) = caught.value.problems
    line = line_of(text, "  greet:") + 2
    assert problem.startswith(f"scripts/en.yaml:{line}: steps.greet.say: expected only the known")
    assert "found unknown placeholder {debtor}" in problem and "did you mean {debtor_name}" in problem


def test_placeholder_formatting_and_stray_braces_are_refused():
    text = shipped_text().replace("{days_past_due} days now", "{days_past_due:>5} days {now")
    with pytest.raises(ScriptError) as caught:
        parse_script(text, "en.yaml")
    assert any("steps.purpose.say" in p for p in caught.value.problems)


def test_a_missing_step_is_refused_with_file_and_line():
    text = shipped_text()
    start = text.index("  verify:\n")
    end = text.index("  purpose:\n")
    broken = text[:start] + text[end:]
    with pytest.raises(ScriptError) as caught:
        parse_script(broken, "scripts/en.yaml")
    (problem,) = caught.value.problems
    line = line_of(broken, "steps:")
    assert problem == f"scripts/en.yaml:{line}: steps: expected a step 'verify' (Verify identity), found none"


def test_missing_sections_entries_and_unknown_keys_are_all_reported():
    text = shipped_text()
    text = text.replace("  stop_calling: >-", "  stop_talking: >-")
    text = text.replace("    broken_promise: >-", "    broken_promis: >-")
    text = text.replace("\nlistening:", "\nlistenin:")
    with pytest.raises(ScriptError) as caught:
        parse_script(text, "en.yaml")
    problems = "\n".join(caught.value.problems)
    assert "listenin: expected a known section (did you mean 'listening'?)" in problems
    top, objections = line_of(text, "language: en"), line_of(text, "objections:")
    assert f"en.yaml:{top}: listening: expected a section with hardship, capacity, attitude, found none" in problems
    assert f"en.yaml:{objections}: objections: expected an entry 'stop_calling', found none" in problems
    assert "steps.purpose: expected an entry 'broken_promise', found none" in problems
    assert "steps.purpose.broken_promis: expected one of title, say, broken_promise" in problems


def test_values_that_are_not_text_and_a_wrong_language_are_refused():
    text = shipped_text().replace("language: en", "language: zh-CN").replace("    title: Prepare", "    title: 12")
    with pytest.raises(ScriptError) as caught:
        parse_script(text, "scripts/en.yaml")
    problems = "\n".join(caught.value.problems)
    assert "language: expected 'en' as the file name says, found 'zh-CN'" in problems
    assert "steps.prepare.title: expected text, found '12'" in problems


def test_bad_yaml_and_missing_files_are_reported_not_raised_raw(tmp_path):
    with pytest.raises(ScriptError) as caught:
        parse_script("steps: [unclosed\n", "x.yaml")
    assert caught.value.problems[0].startswith("x.yaml:")
    with pytest.raises(ScriptError) as caught:
        load_script(tmp_path / "fr.yaml")
    assert "no such file" in caught.value.problems[0]
    with pytest.raises(ScriptError) as caught:
        load_scripts(tmp_path)
    assert len(caught.value.problems) == 2


def test_a_huge_or_deeply_nested_script_is_refused_with_its_file(tmp_path):
    big = tmp_path / "en.yaml"
    big.write_bytes(b"language: en\n# " + b"x" * (1024 * 1024) + b"\n")  # just over the limit
    with pytest.raises(ScriptError) as caught:
        load_script(big)
    assert caught.value.problems == [f"{big}:1: (file): expected at most 1,048,576 bytes, found 1,048,592 bytes"]
    with pytest.raises(ScriptError) as caught:
        parse_script("language: en\nsteps: " + "[" * 5000 + "]" * 5000 + "\n", "x.yaml")
    assert caught.value.problems == ["x.yaml:2: (YAML): expected at most 32 levels of nesting, found more"]


def test_forbidden_words_in_a_script_are_flagged_for_the_lead():
    text = shipped_text().replace(
        "Nobody is asking you to pay everything today.", "You should borrow it from your parents."
    )
    script = parse_script(text, "en.yaml")
    assert [(key, flag.category) for key, flag in script.flags] == [("objections.cant_pay", LintCategory.BORROW_TO_PAY)]


def test_placeholders_are_listed_once_with_what_fills_them():
    assert all(isinstance(v, str) and v for v in PLACEHOLDERS.values())
    assert {"debtor_name", "agent", "company", "creditor", "amount", "days_past_due", "due_date"} <= set(PLACEHOLDERS)


def test_objections_that_change_the_course_of_the_call_name_their_outcome(shipped):
    assert OBJECTION_OUTCOMES["not_my_debt"] == Outcome.DISPUTE
    assert OBJECTION_OUTCOMES["stop_calling"] == Outcome.CEASE_REQUEST
    assert OBJECTION_OUTCOMES["third_party"] == Outcome.THIRD_PARTY
    assert set(OBJECTION_OUTCOMES) <= set(SECTIONS["objections"])
    # The words promise what the outcome does: a dispute pauses collection, a cease stops the calls.
    assert "stop collection" in shipped["en"].fill("objections.not_my_debt", CASE)
    assert "暂停催收" in shipped["zh-CN"].fill("objections.not_my_debt", CASE)
    assert "stop calling" in shipped["en"].fill("objections.stop_calling", CASE)


def test_word_problems_name_each_unknown_placeholder_and_unmatched_braces():
    assert word_problems("Hello {debtor_name}, {{not a placeholder}}") == []
    ((expected, found),) = word_problems("May I speak with {debtor}?")
    assert "did you mean {debtor_name}" in expected and found == "unknown placeholder {debtor}"
    assert [f for _, f in word_problems("{amount:>5} and {agent!r}")] == [
        "unknown placeholder {amount:>5}", "unknown placeholder {agent!r}"]
    ((expected, _),) = word_problems("{amount")
    assert "matching braces" in expected
