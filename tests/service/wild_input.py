"""What agents paste into the note form, as Hypothesis strategies for the service's and the form's tests.

Chinese, emoji, control characters, right-to-left marks, combining accents, odd
spaces, very long texts, amounts and dates out of range or not amounts and
dates at all.
"""

from __future__ import annotations

from hypothesis import strategies as st

#: What agents paste: Chinese, emoji, controls, bidi marks, combining accents, odd spaces.
WILD = st.characters(
    codec="utf-8",
    categories=("L", "M", "N", "P", "S", "Z", "Cc", "Cf"),
    include_characters="\u200f\u202e\u2066\ufeff\x00\t\r\n\x1b",
)
TEXTS = st.one_of(
    st.text(WILD, max_size=60),
    st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF) | st.sampled_from("😀🧾💸 \n"), max_size=40),
    st.builds(lambda piece, n: (piece * n)[:100_000], st.text(WILD, min_size=1, max_size=8), st.just(100_000)),
)
AMOUNTS = st.one_of(
    st.integers(-10**15, 10**15).map(str),
    st.decimals(allow_nan=True, allow_infinity=True, places=3).map(str),
    st.sampled_from(["", "0", "0.00", "1e9", "1,000.50", "NaN", "-0", "９９", "1.234", "99999999999999999999"]),
    st.text(WILD, max_size=12),
)
WHENS = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%d %H:%M")),
    st.sampled_from(["", "2025-02-30", "2025-13-01 10:00", "0000-01-01", "9999-12-31 23:59", "tomorrow", "25:61"]),
    st.text(WILD, max_size=16),
)
