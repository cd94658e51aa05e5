"""The tab bar: one widget draws the titles and the underline; a click or ←/→ changes the tab, and
the script pane shows the section the bar names."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.widgets import ContentSwitcher

from agent_tui.i18n import set_language, t
from agent_tui.ui.workstation.widgets.script_pane import SECTIONS
from agent_tui.ui.workstation.widgets.tab_bar import Tab, TabBar

from .agent import press, settle

TABS = (Tab("one", "First call"), Tab("two", "倾听"), Tab("three", "Offers"))


class BarApp(App):
    """Just the bar, and the changes it posted."""

    def __init__(self) -> None:
        super().__init__()
        self.changes: list[str] = []

    def compose(self) -> ComposeResult:
        yield TabBar(TABS, id="bar")

    def on_tab_bar_changed(self, event: TabBar.Changed) -> None:
        self.changes.append(event.active)


def _lines(app: App, bar: TabBar) -> list[str]:
    """The bar's two lines as the screen shows them."""
    strips = app.screen._compositor.render_strips()
    return [strips[y].crop(bar.region.x, bar.region.right).text for y in range(bar.region.y, bar.region.bottom)]


def _underlined(app: App, bar: TabBar) -> str:
    """The words above the underline's highlighted part (the active title)."""
    titles = _lines(app, bar)[0]
    strip = app.screen._compositor.render_strips()[bar.region.y + 1].crop(bar.region.x, bar.region.right)
    highlight = bar.get_visual_style("tab-bar--highlight").rich_style.color
    spans, x = [], 0
    for segment in strip:
        if segment.style is not None and segment.style.color == highlight:
            spans.append((x, x + len(segment.text)))
        x += len(segment.text)
    assert len(spans) == 1, strip.text
    return _cells(titles, *spans[0]).strip()


def _cells(text: str, start: int, end: int) -> str:
    """``text`` from cell ``start`` to cell ``end`` (a double-width character takes two)."""
    out, x = "", 0
    for ch in text:
        if start <= x < end:
            out += ch
        x += cell_len(ch)
    return out


async def test_the_titles_the_active_one_underlined_and_clicks_and_keys_change_it():
    app = BarApp()
    async with app.run_test(size=(40, 4)) as pilot:
        bar = app.query_one(TabBar)
        await pilot.pause()
        titles, underline = _lines(app, bar)
        assert titles.rstrip() == " First call  倾听  Offers"  # a cell either side of each title
        assert bar.active == "one" and _underlined(app, bar) == "First call"
        assert underline.startswith("╸━━━━━━━━━━╺") and len(underline) == 40

        await pilot.click(bar, offset=(15, 0))  # on 倾听 (double width: cells 14 to 17)
        await pilot.pause()
        assert bar.active == "two" and _underlined(app, bar) == "倾听"
        assert app.focused is bar

        await pilot.click(bar, offset=(22, 1))  # on the underline below Offers
        await pilot.pause()
        assert bar.active == "three" and _underlined(app, bar) == "Offers"

        await pilot.click(bar, offset=(35, 0))  # past the last title: nothing
        await pilot.pause()
        assert bar.active == "three"

        await pilot.press("right")  # after the last, the first
        await pilot.pause()
        assert bar.active == "one" and _underlined(app, bar) == "First call"
        await pilot.press("left")
        await pilot.pause()
        assert bar.active == "three"
        assert app.changes == ["two", "three", "one", "three"]


async def test_a_narrow_bar_keeps_the_active_title_in_view():
    app = BarApp()
    async with app.run_test(size=(22, 4)) as pilot:
        bar = app.query_one(TabBar)
        await pilot.pause()
        assert _lines(app, bar)[0].startswith(" First call  倾听 ")
        bar.active = "three"
        await pilot.pause()
        titles = _lines(app, bar)[0]
        assert "First call" not in titles and titles.startswith(" 倾听  Offers ")
        assert _underlined(app, bar) == "Offers"
        await pilot.click(bar, offset=(2, 0))
        await pilot.pause()
        assert bar.active == "two"


@pytest.mark.parametrize(("lang", "size"), [("en", (160, 48)), ("zh-CN", (80, 24))])
async def test_the_script_pane_shows_the_section_its_bar_names(workstation, lang, size):
    app, _ = workstation(lang)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        desk = app.screen
        script = desk.script
        sections = script.query_one(ContentSwitcher)
        bar = script.tab_bar
        assert [tab.title for tab in bar.tabs] == [t(f"workstation.script.tab.{name}") for name in SECTIONS]
        await press(pilot, "f2")
        while desk.tabs.pane != "script":  # Ctrl+O: the next pane, round to the script
            await press(pilot, "ctrl+o")
        assert app.focused is script.query_one("#scroll-first_call") and script.tab_bar.region.height == 2
        assert bar.active == "first_call" and sections.current == "scroll-first_call"

        await press(pilot, "f8")  # the offers, the cursor on the first
        assert bar.active == "offers" and sections.current == "scroll-offers"
        assert app.focused is script.offer_list and script.offer_list.highlighted == 0
        assert _underlined(app, bar) == t("workstation.script.tab.offers")

        listen = next(p for p in bar._placed if p.name == "listening")
        await pilot.click(bar, offset=(listen.start + 1, 0))
        await settle(pilot)
        assert bar.active == "listening" and sections.current == "scroll-listening"
        assert script.query_one("#scroll-listening").display and not script.query_one("#scroll-offers").display

        await press(pilot, "right")  # the bar has the focus from the click
        assert script.section == "offers" and sections.current == "scroll-offers"

        # Ctrl+O comes round to the script pane again, on the section the bar shows.
        await press(pilot, "ctrl+o")
        while desk.tabs.pane != "script":
            await press(pilot, "ctrl+o")
        assert script.section == "offers" and app.focused is script.offer_list
    set_language("en")
