"""The one masking rule: a phone number or an ID is found wherever it stands, and nothing else is touched."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from agent_tui.domain.masking import mask, mask_text


@pytest.mark.parametrize("text, masked", [
    ("电话13812345678", "电话*******5678"),
    ("身份证110101198503127701", "身份证**************7701"),
    ("身份证11010119850312770X号", "身份证**************770X号"),
    ("电话：１３８１２３４５６７８，谢谢", "电话：*******５６７８，谢谢"),
    ("手机138-0013-0001。", "手机***-****-0001。"),
    ("tel13812345678", "tel*******5678"),
    ("ID-110101198503127701 on file", "ID-**************7701 on file"),
    ("①13812345678²", "①*******5678²"),
    ("رقم ٠١٣٨١٢٣٤٥٦٧٨", "رقم ********٥٦٧٨"),
    ("+86 138 0013 0001", "+** *** **** 0001"),
    ("＋８６　１３８　００１３　０００１", "＋**　***　****　０００１"),
    ("(010) 1234-5678", "(***) ****-5678"),
    ("+1 (212) 555-0100", "+* (***) ***-0100"),
    ("138.0013.0001", "***.****.0001"),
    ("li.wei@example.cn 联系", "l***@example.cn 联系"),
    ("邮箱13812345678@qq.com", "邮箱1***@qq.com"),
    ("13812345678X电话", "*******5678X电话"),  # an X after eleven digits is the text's, not an ID's
])
def test_numbers_are_found_against_any_script(text, masked):
    assert mask_text(text) == masked


@pytest.mark.parametrize("text", [
    "account HX-2024-000001 again",
    "note saved id=123456 account=42 ref=ACC-0001",
    "paid 2,000 on Friday",
    "paid 12345.67 on Friday",
    "欠款１２３４５６元",
    "",
])
def test_references_amounts_and_short_numbers_stay(text):
    assert mask_text(text) == text


def test_mask_keeps_the_last_four_characters():
    assert mask("13812345678") == "*******5678"
    assert mask("１３８１２３４５６７８") == "*******５６７８"


# --- properties ---------------------------------------------------------------------------------

DIGIT_SYSTEMS = ("0123456789", "０１２３４５６７８９", "٠١٢٣٤٥٦٧٨٩", "०१२३४५६७८९")

#: Text around a number: Chinese, Latin letters, spaces, punctuation (half- and full-width) and
#: digits that are not decimal digits. No decimal digit (it would lengthen the number) and no ``@``
#: (the number would be an e-mail address's name).
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
LATIN = st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
PUNCTUATION = st.sampled_from(" \u3000,.:;!?()-_/'\"，。：；！？（）、《》【】「」·—①②²³Ⅻ")
AROUND = st.text(alphabet=st.one_of(CJK, LATIN, PUNCTUATION), max_size=30)


@st.composite
def personal_numbers(draw: st.DrawFn) -> str:
    """A phone number or a Chinese ID as people write them, in one script of digits."""
    digits = draw(st.sampled_from(DIGIT_SYSTEMS))

    def run(n: int) -> str:
        return "".join(draw(st.lists(st.sampled_from(digits), min_size=n, max_size=n)))

    sep = draw(st.sampled_from(["", " ", "-", "\u3000", "－", "."]))
    shape = draw(st.sampled_from(["mobile", "grouped", "country", "landline", "id", "id_x", "local"]))
    if shape == "mobile":
        return run(11)
    if shape == "grouped":
        return sep.join([run(3), run(4), run(4)])
    if shape == "country":
        return f"{draw(st.sampled_from(['+', '＋']))}{run(2)} {run(3)}{sep}{run(4)}{sep}{run(4)}"
    if shape == "landline":
        return f"({run(3)}) {run(4)}{sep}{run(4)}"
    if shape == "id":
        return run(18)
    if shape == "id_x":
        return run(17) + draw(st.sampled_from("XxＸ"))
    return sep.join([run(3), run(4)])


def last_four(number: str) -> str:
    return "".join([ch for ch in number if ch.isalnum()][-4:])


@settings(max_examples=400, deadline=None)
@given(AROUND, personal_numbers(), AROUND)
def test_a_number_inside_random_text_never_survives_whole(before, number, after):
    # The one exception the rule makes: short groups joined by "-" to a Latin word are a reference.
    assume(not (re.search(r"[A-Za-z]-$", before) and re.match(r"[0-9]+-", number)))
    shown = mask_text(before + number + after)
    assert number not in shown
    assert last_four(number) in shown
    # And nothing around it is lost.
    assert shown.startswith(before)
    assert shown.endswith(after)


#: A stretch without any digit, maybe padded with the separators a phone number uses.
PADDING = st.text(alphabet=st.sampled_from(" \u3000-－()（）."), max_size=3)
WORD = st.text(alphabet=st.one_of(CJK, LATIN, st.sampled_from(",:;!?/，。：；！？、①²Ⅻ")), min_size=1, max_size=12)


@st.composite
def text_without_long_numbers(draw: st.DrawFn) -> str:
    """Words and groups of at most six digits, a word between any two groups."""
    parts = []
    for _ in range(draw(st.integers(0, 8))):
        digits = draw(st.sampled_from(DIGIT_SYSTEMS))
        group = "".join(draw(st.lists(st.sampled_from(digits), min_size=1, max_size=6)))
        parts.append(draw(PADDING) + draw(WORD) + draw(PADDING) + group)
    return "".join(parts) + draw(PADDING) + draw(WORD)


@settings(max_examples=300, deadline=None)
@given(text_without_long_numbers())
def test_text_without_a_run_of_seven_digits_is_unchanged(text):
    assert mask_text(text) == text
