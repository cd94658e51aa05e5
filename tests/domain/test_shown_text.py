"""The one escaping function: whatever text goes in, nothing a terminal obeys comes out."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from agent_tui.domain.shown_text import MAX_MARKS, visible

HOSTILE = st.text(
    alphabet=st.one_of(
        st.characters(),
        st.sampled_from(["\x1b", "\x07", "\x9b", "\x9d", "\u202e", "\u2066", "\u2028", "[", "]", "/", "\u0301", "\n"]),
    )
)


def _obeyed(ch: str, lines: bool) -> bool:
    if ch == "\n":
        return not lines
    return unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Zl", "Zp"} and ch not in "\u200c\u200d"


@given(HOSTILE, st.booleans())
def test_nothing_a_terminal_obeys_comes_out(text, lines):
    assert not [ch for ch in visible(text, lines=lines) if _obeyed(ch, lines)]


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp", "Mn", "Me", "Mc"))))
def test_ordinary_text_comes_out_as_it_went_in(text):
    assert visible(text) == text


def test_each_escape_is_shown_by_its_code():
    assert visible("a\x1b]0;PWNED\x07b") == "a\\x1b]0;PWNED\\x07b"
    assert visible("\u202eevil") == "\\u202eevil"
    assert visible("one\ntwo") == "one\\x0atwo"
    assert visible("one\ntwo", lines=True) == "one\ntwo"
    assert visible("a\tb") == "a b"
    assert visible("one\r\ntwo\rthree", lines=True) == "one\ntwo\\x0dthree"


def test_markup_is_left_for_the_screen_to_show_as_typed():
    assert visible("[/] [b]x[/b]") == "[/] [b]x[/b]"


def test_a_stack_of_marks_is_cut_and_a_mark_alone_gets_a_base():
    out = visible("e" + "\u0301" * 10)
    assert out.count("\u0301") == MAX_MARKS
    assert visible("\u0301x").startswith("\u25cc")


def test_chinese_and_emoji_joiners_stay():
    assert visible("张三 👨\u200d👩\u200d👧") == "张三 👨\u200d👩\u200d👧"
