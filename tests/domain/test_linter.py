"""The note linter flags forbidden conduct in both languages and leaves ordinary notes alone."""

from __future__ import annotations

import re

import pytest

from agent_tui.domain import linter
from agent_tui.domain.linter import Lexicon, LintCategory, LintFlag
from agent_tui.i18n import LANGUAGES, render
from agent_tui.lexicon_files import LexiconError, lexicon, lint, parse_lexicon

C = LintCategory

FLAGGED = [
    ("en", "Pay today or else.", C.THREAT),
    ("en", "We know where you live, so think about it.", C.THREAT),
    ("en", "Our team will show up at your workplace tomorrow.", C.THREAT),
    ("en", "You are a deadbeat and everyone knows it.", C.INSULT),
    ("en", "Stop lying, you pathetic liar.", C.INSULT),
    ("en", "If you don't pay you will go to jail.", C.ARREST),
    ("en", "There is a warrant out for you.", C.ARREST),
    ("en", "The police will come to pick you up.", C.ARREST),
    ("en", "This is the police, we need to talk about your loan.", C.IMPERSONATION),
    ("en", "I'm calling on behalf of the court.", C.IMPERSONATION),
    ("en", "A court summons has been issued in your name.", C.IMPERSONATION),
    ("en", "We will call your employer and tell him about it.", C.EXPOSURE),
    ("en", "I will text everyone in your contacts.", C.EXPOSURE),
    ("en", "Your family will find out if you keep ignoring us.", C.EXPOSURE),
    ("en", "You should borrow the money from your parents.", C.BORROW_TO_PAY),
    ("en", "Why don't you sell your car?", C.BORROW_TO_PAY),
    ("en", "Just take out a payday loan and pay us.", C.BORROW_TO_PAY),
    ("zh-CN", "今天不还钱，后果自负。", C.THREAT),
    ("zh-CN", "我们知道你住哪，别想躲。", C.THREAT),
    ("zh-CN", "再不还就找人上门堵你。", C.THREAT),
    ("zh-CN", "你就是个老赖。", C.INSULT),
    ("zh-CN", "你这种人真不要脸。", C.INSULT),
    ("zh-CN", "再拖下去你就要坐牢了。", C.ARREST),
    ("zh-CN", "恶意拖欠要追究刑事责任，警察会来抓你。", C.ARREST),
    ("zh-CN", "我是市公安局经侦大队的，你的案子要处理。", C.IMPERSONATION),
    ("zh-CN", "我们这边是法院执行局。", C.IMPERSONATION),
    ("zh-CN", "法院已经立案了，传票马上寄到你家。", C.IMPERSONATION),
    ("zh-CN", "不还钱我们就爆你通讯录。", C.EXPOSURE),
    ("zh-CN", "我会打电话给你的领导，让你全家都知道。", C.EXPOSURE),
    ("zh-CN", "你可以先去借网贷把这笔还上。", C.BORROW_TO_PAY),
    ("zh-CN", "找你的亲戚朋友借一下不就有了。", C.BORROW_TO_PAY),
    ("zh-CN", "你把车卖了不就能还了吗？", C.BORROW_TO_PAY),
]

INNOCENT = [
    ("en", "Debtor lost his job in March; agreed to pay ¥500 on 15 April, then 3 instalments."),
    ("en", "Spoke with the borrower. His family helps with rent; he asked for a callback after 19:00."),
    ("en", "Debtor has a court date for a divorce next week and asked us to call on Monday."),
    ("en", "Debtor is a police officer on night shifts; best to call in the afternoon."),
    ("en", "Third party answered, said the debtor is at work; left our number, no details given."),
    ("en", "Debtor plans to sell the old car next month and will pay from the proceeds."),
    ("en", "Can you tell me whether your employer pays you monthly or weekly?"),
    ("en", "Is there anything about your family situation that we should take into account?"),
    ("zh-CN", "客户本月失业，同意4月15日先还500元，余款分3期。"),
    ("zh-CN", "客户家人生病住院，收入减少，约定周一晚上七点后回电。"),
    ("zh-CN", "客户下周要去法院办理离婚手续，要求周一再联系。"),
    ("zh-CN", "核实紧急联系人信息，对方表示会转告客户回电。"),
    ("zh-CN", "客户表示自己不是老赖，只是暂时周转困难。"),
    ("zh-CN", "客户怀疑我们是骗子，已告知官方客服电话供其核实。"),
    ("zh-CN", "客户说工资到账后会还款，会和家人商量分期方案。"),
    ("zh-CN", "请问您目前的工作和收入情况怎么样？每个月大概能拿出多少来还款？"),
]


@pytest.mark.parametrize("lang, text, category", FLAGGED)
def test_forbidden_conduct_is_flagged(lang, text, category):
    flags = lint(text, lang)
    assert category in {f.category for f in flags}, flags
    for flag in flags:
        assert text[flag.start : flag.end] == flag.excerpt and flag.excerpt


@pytest.mark.parametrize("lang, text", INNOCENT)
def test_ordinary_notes_are_not_flagged(lang, text):
    assert lint(text, lang) == ()
    assert lint(text) == ()


THIRD_PARTY_DISCLOSURES = [
    ("en", "Told his wife he owes us money and must call back."),
    ("en", "Sister answered; said the account is overdue."),
    ("en", "Mother asked what it was about: said $1,250 is due."),
    ("en", "Left word that 1,250.00 needs paying by Friday."),
    ("zh-CN", "他妻子接的电话，告诉她客户欠款未还。"),
    ("zh-CN", "同事接听，说明客户已逾期，请转告。"),
    ("zh-CN", "告诉他母亲要还3,000元。"),
]

THIRD_PARTY_CLEAN = [
    ("en", "Third party answered, said the debtor is at work; left our number, no details given."),
    ("en", "Wife answered; left name and callback number only."),
    ("zh-CN", "核实紧急联系人信息，对方表示会转告客户回电。"),
    ("zh-CN", "家人接听，只留了姓名和回电号码。"),
]


@pytest.mark.parametrize("lang, text", THIRD_PARTY_DISCLOSURES)
def test_the_debt_told_to_a_third_party_is_flagged_only_on_a_third_party_note(lang, text):
    assert C.DISCLOSURE in {f.category for f in lint(text, lang, third_party=True)}
    assert C.DISCLOSURE in {f.category for f in lint(text, third_party=True)}
    # With the debtor the same words are the call's subject.
    assert C.DISCLOSURE not in {f.category for f in lint(text, lang)}


@pytest.mark.parametrize("lang, text", THIRD_PARTY_CLEAN)
def test_a_third_party_note_that_keeps_the_debt_out_is_not_flagged(lang, text):
    assert lint(text, lang, third_party=True) == ()


@pytest.mark.parametrize("lang, text", INNOCENT)
def test_a_right_party_note_about_amounts_is_not_flagged(lang, text):
    assert C.DISCLOSURE not in {f.category for f in lint(text, lang)}


def test_all_languages_apply_when_none_is_named():
    mixed = "Debtor said 我们是法院的 on the phone."
    assert lint(mixed, "en") == ()
    assert [f.category for f in lint(mixed)] == [C.IMPERSONATION]
    assert lint(mixed, "fr") == lint(mixed)


def test_overlapping_matches_of_one_category_become_one_flag():
    text = "你就是个骗子，老赖，去死吧。"
    insults = [f for f in lint(text, "zh-CN") if f.category == C.INSULT]
    assert [f.excerpt for f in insults] == ["你就是个骗子", "老赖", "去死"]
    flags = lint("jail, prison, arrested", "en")
    assert [f.start for f in flags] == sorted(f.start for f in flags)


def test_flags_round_trip_through_a_plain_mapping_and_describe_themselves():
    (flag,) = lint("You will go to jail.", "en")
    assert LintFlag.from_dict(flag.to_dict()) == flag
    assert "jail" in render(flag.describe(), "en")
    assert "坐牢" in render(flag.describe(), "zh-CN")
    with pytest.raises(ValueError):
        LintFlag.from_dict({"category": "gossip", "excerpt": "x", "start": 0, "end": 1})


def test_every_category_has_patterns_and_a_name_in_each_language():
    for lang in LANGUAGES:
        assert {c for c, _ in lexicon(lang).patterns} == set(LintCategory)
        for category in LintCategory:
            assert render(LintFlag(category, "x", 0, 1).describe(), lang)


def test_a_broken_lexicon_is_refused_with_file_and_line():
    text = "language: en\ncategories:\n  threat:\n    - '(unclosed'\n  gossip:\n    - 'x'\n"
    with pytest.raises(LexiconError) as caught:
        parse_lexicon(text, "lexicon.en.yaml")
    assert caught.value.problems[0].startswith("lexicon.en.yaml:4: categories.threat[0]: expected a regular expression")
    assert caught.value.problems[1].startswith("lexicon.en.yaml:5: categories.gossip: expected one of")


def test_the_rule_applies_exactly_the_lexicons_it_is_given():
    own = Lexicon("en", ((C.THREAT, re.compile("pineapple", re.IGNORECASE)),))
    assert [(f.category, f.excerpt) for f in linter.lint("No PINEAPPLE today", [own])] == [(C.THREAT, "PINEAPPLE")]
    assert linter.lint("You will go to jail.", [own]) == ()
    assert linter.lint("No pineapple today", []) == ()
