"""Line breaks as a Chinese reader expects: never inside an amount, before a ，, after a （."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from agent_tui.domain.line_breaks import CLOSING, OPENING, break_opportunities, cell_width, wrap_lines, wrap_offsets
from agent_tui.domain.money import Amount

SENTENCE = "您好，我是恒信信用服务的李明。您在第一港湾银行的账户欠款¥116,239.54，自2025年9月25日起已逾期438天。"

words = st.sampled_from(["您好", "我们", "欠款", "还款", "方案", "逾期", "客户", "银行", "每期", "合计", "a", "ref-12"])
marks = st.sampled_from(["，", "。", "？", "！", "、", "；", "：", "）", "”", " "])
openers = st.sampled_from(["（", "“", "「"])
amounts = st.integers(min_value=0, max_value=10**9).map(lambda minor: Amount(minor, "CNY").localize("zh-CN"))
figures = st.one_of(amounts, amounts.map(lambda a: a + "元"), st.integers(0, 9999).map(lambda n: f"{n}天"),
                    st.integers(1, 360).map(lambda n: f"{n}期"))
pieces = st.lists(st.one_of(words, marks, openers, figures), min_size=1, max_size=40)


def _figures(text: str) -> list[tuple[int, int]]:
    from agent_tui.domain.line_breaks import _FIGURE

    return [m.span() for m in _FIGURE.finditer(text)]


@given(pieces, st.integers(min_value=16, max_value=80))
def test_lines_fit_and_never_break_inside_a_figure_nor_before_closing_nor_after_opening(parts, width):
    text = "".join(parts)
    offsets = wrap_offsets(text, width)
    allowed = break_opportunities(text)
    assert offsets == sorted(set(offsets)) and all(0 < o < len(text) for o in offsets)
    cuts = [0, *offsets, len(text)]
    for a, b in pairwise(cuts):
        assert sum(cell_width(c) for c in text[a:b].rstrip()) <= width
    for before, cut in zip(cuts, offsets, strict=False):
        assert not text[cut].isspace()
        kept = (text[cut] not in CLOSING and text[cut - 1] not in OPENING
                and not any(start < cut < end for start, end in _figures(text)))  # ¥ and 元 stay with their figure
        # A rule gives way only where a run with no other place to break fills a whole line.
        full = sum(cell_width(c) for c in text[before:cut]) + cell_width(text[cut]) > width
        assert kept or (full and not any(allowed[before + 1:cut + 1]))
    # Nothing is lost: the lines are the text, cut (spaces at a cut dropped).
    assert "".join(text[a:b] for a, b in pairwise(cuts)) == text


def test_the_amount_and_its_unit_stay_together_at_every_width():
    for width in range(16, 60):
        lines = wrap_lines(SENTENCE, width)
        assert any("¥116,239.54，" in line for line in lines), width
        assert any("438天" in line for line in lines), width
        assert any("2025年9月25日" in line for line in lines), width
        assert not any(line[:1] in CLOSING for line in lines), width


def test_a_known_sentence_at_twenty_cells():
    assert wrap_lines(SENTENCE, 20) == [
        "您好，我是恒信信用服",
        "务的李明。您在第一港",
        "湾银行的账户欠款",
        "¥116,239.54，自",
        "2025年9月25日起已逾",
        "期438天。",
    ]


def test_english_breaks_at_spaces_and_a_word_too_long_is_folded():
    assert wrap_lines("A balance of ¥116,239.54 has been overdue", 16) == [
        "A balance of", "¥116,239.54 has", "been overdue"]
    assert wrap_lines("abcdefghij", 4) == ["abcd", "efgh", "ij"]
    assert wrap_offsets("", 10) == [] and wrap_offsets("abc", 0) == []
    # A no-break space joins a mark to its words.
    assert wrap_lines("¥79.89  ✗\u00a0creditor says ¥123.10", 16) == ["¥79.89", "✗\u00a0creditor says", "¥123.10"]
