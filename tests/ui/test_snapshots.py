"""How the desk looks with a case open, wide and narrow, in English and Chinese."""

from __future__ import annotations

import pytest

from .agent import press, settle


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
@pytest.mark.parametrize("size", [(160, 48), (80, 24)], ids=["160x48", "80x24"])
def test_the_desk_with_a_case_open(snap_compare, workstation, lang, size):
    app, _ = workstation(lang)

    async def next_case(pilot):
        await settle(pilot)
        await press(pilot, "f2")

    assert snap_compare(app, terminal_size=size, run_before=next_case)
