"""The script pane: tabs name the sections and show the one chosen (by F-key, click or arrow), the
current step's words stand out, the first call's scroll to them, and the pane keeps the same few
widgets however long the script is."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static, Tab

from agent_tui.i18n import set_language, t
from agent_tui.ui.common.reading import Reading
from agent_tui.ui.workstation.widgets.script_pane import SECTIONS, ScriptPane, pane_id

from .agent import press, settle

CURRENT = "bold $text on $accent 25%"
MUTED = "$text-muted"
VERIFY = ("f4", "space", "down", "space", "enter")  # birth date and ID digits confirmed


def _section(screen, name):
    return next(s for s in screen.case.script if s.id == name)


def _words(screen, name) -> Content:
    drawn = screen.script.query_one(f"#words-{name}", Static).content
    assert isinstance(drawn, Reading)  # the words break their lines where a reader expects
    return drawn.content


def _style_of(content: Content, text: str) -> str:
    """The style the words ``text`` are drawn in (the span that covers exactly them)."""
    start = content.plain.index(text)
    styles = [str(s.style) for s in content.spans if (s.start, s.end) == (start, start + len(text))]
    assert styles, f"no style on {text[:30]!r}"
    return styles[-1]


def _top_line(scroll: VerticalScroll) -> str:
    """The line of the first call's words that the scroll shows first."""
    words = scroll.query_one(Static)
    return words.render_line(round(scroll.scroll_y) - words.virtual_region.y).text.strip()


def _shown(script: ScriptPane) -> list[str]:
    """The sections whose words or lists are on the screen."""
    return [name for name in SECTIONS if script.query_one(f"#scroll-{name}").is_on_screen]


def _active_titles(script: ScriptPane) -> list[str]:
    """The titles marked as the active tab."""
    return [str(tab.label) for tab in script.tabs.query(Tab) if tab.has_class("-active")]


@pytest.mark.parametrize(("lang", "size"), [("en", (160, 48)), ("zh-CN", (80, 24))])
async def test_the_tabs_name_the_sections_and_show_the_one_chosen(workstation, lang, size):
    app, _ = workstation(lang)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        desk = app.screen
        script = desk.script
        titles = [t(f"workstation.script.tab.{name}") for name in SECTIONS]
        assert [str(script.tabs.get_tab(pane_id(name)).label) for name in SECTIONS] == titles
        await press(pilot, "f2")
        while desk.tabs.pane != "script":  # Ctrl+O: the next pane, round to the script
            await press(pilot, "ctrl+o")
        assert app.focused is script.query_one("#scroll-first_call")
        assert script.section == "first_call" and _shown(script) == ["first_call"]
        assert _active_titles(script) == [titles[0]]

        await press(pilot, "f8")  # the offers, the cursor on the first
        assert script.section == "offers" and _shown(script) == ["offers"]
        assert app.focused is script.offer_list and script.offer_list.highlighted == 0
        assert _active_titles(script) == [t("workstation.script.tab.offers")]

        await pilot.click(script.tabs.get_tab(pane_id("listening")))
        await settle(pilot)
        assert script.section == "listening" and _shown(script) == ["listening"]
        assert _active_titles(script) == [t("workstation.script.tab.listening")]

        await press(pilot, "right")  # the tabs have the focus from the click
        assert script.section == "offers" and _shown(script) == ["offers"]

        # Ctrl+O comes round to the script pane again, on the section the tabs show.
        await press(pilot, "ctrl+o")
        while desk.tabs.pane != "script":
            await press(pilot, "ctrl+o")
        assert script.section == "offers" and app.focused is script.offer_list
    set_language("en")


class NarrowScript(App[None]):
    """The script pane alone, in a terminal too narrow for all its titles."""

    def compose(self) -> ComposeResult:
        yield ScriptPane(id="script")


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
async def test_a_narrow_pane_keeps_the_active_title_in_view(lang):
    set_language(lang)
    app = NarrowScript()
    async with app.run_test(size=(22, 10)) as pilot:
        await pilot.pause()
        script = app.query_one(ScriptPane)
        for name in reversed(SECTIONS):
            script.open_section(name, focus=False)
            await pilot.pause(0.5)  # the tabs scroll to the title
            shown = app.screen.find_widget(script.tabs.get_tab(pane_id(name)))
            assert shown.visible_region == shown.region, name
            if name == SECTIONS[-1]:  # the titles do not all fit: the first is out of view
                first = app.screen.find_widget(script.tabs.get_tab(pane_id(SECTIONS[0])))
                assert first.visible_region != first.region
    set_language("en")


async def test_the_words_of_the_current_step_stand_out_and_the_others_recede(workstation):
    app, _ = workstation("en")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        desk = app.screen
        for name in ("first_call", "listening", "offers"):  # no case yet: the notice, muted
            words = desk.script.query_one(f"#words-{name}", Static)
            assert words.has_class("empty") and str(words.content) == t("workstation.script.empty")
        await press(pilot, "f2")
        first = _section(desk, "first_call").lines
        assert desk.state.step == "greet"
        words = _words(desk, "first_call")
        # One text, a blank line between the entries.
        assert words.plain == "\n\n".join(f"{'▶ ' if ln.step == 'greet' else ''}{ln.title}\n{ln.text}" for ln in first)
        for line in first:
            assert _style_of(words, line.text) == (CURRENT if line.step == "greet" else MUTED)
        listening = _section(desk, "listening").lines
        assert listening and all(_style_of(_words(desk, "listening"), ln.text) == MUTED for ln in listening)

        await press(pilot, "f3", *VERIFY)
        assert desk.state.step == "purpose"
        words = _words(desk, "first_call")
        assert "▶ " + next(ln.title for ln in first if ln.step == "purpose") in words.plain
        assert words.plain.count("▶") == 1
        for line in first:
            assert _style_of(words, line.text) == (CURRENT if line.step == "purpose" else MUTED)

        await press(pilot, "f7")  # listening
        assert desk.state.step == "listen"
        assert all(_style_of(_words(desk, "listening"), ln.text) == CURRENT for ln in listening)
        for name in ("first_call", "listening", "offers"):
            assert not desk.script.query_one(f"#words-{name}", Static).has_class("empty")


@pytest.mark.parametrize(("lang", "size"), [("en", (100, 30)), ("zh-CN", (80, 24))])
async def test_the_first_call_scrolls_so_the_current_step_is_at_the_top(workstation, lang, size):
    app, _ = workstation(lang)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        desk = app.screen
        await press(pilot, "f2", "f3")  # dialled: the script pane shows the first call
        scroll = desk.script.query_one("#scroll-first_call", VerticalScroll)
        first = _section(desk, "first_call").lines
        title = {ln.step: ln.title for ln in first}
        assert desk.state.step == "greet"
        assert scroll.scroll_y > 0 and _top_line(scroll) == "▶ " + title["greet"]

        await press(pilot, *VERIFY)
        await pilot.pause()
        assert desk.state.step == "purpose"
        # The entries above wrap at this width: counting their lines unwrapped would scroll short of the step.
        above = first[: [ln.step for ln in first].index("purpose")]
        unwrapped = sum(len(f"{ln.title}\n{ln.text}".splitlines()) + 1 for ln in above)
        assert scroll.scroll_y > unwrapped
        assert _top_line(scroll) == "▶ " + title["purpose"]

        scroll.scroll_home(animate=False)  # the agent scrolls back up; the next step brings the words back
        await pilot.pause()
        assert scroll.scroll_y == 0
        desk.script.highlight("purpose")
        await pilot.pause()
        assert _top_line(scroll) == "▶ " + title["purpose"]


async def test_the_script_pane_keeps_the_same_widgets_with_a_case_open(workstation):
    app, _ = workstation("en")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        empty = len(app.screen.script.query("*"))
        await press(pilot, "f2")
        assert sum(len(s.lines) for s in app.screen.case.script) > 10
        assert len(app.screen.script.query("*")) == empty  # not a widget per entry
