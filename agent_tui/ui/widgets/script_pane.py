"""The script pane: the words for each part of the call, and the offers to pick (guide 3.1–3.3, 3.6)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import getters, on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from agent_tui.i18n import t
from agent_tui.ui import format as fmt
from agent_tui.ui.widgets.deferred import Deferred

if TYPE_CHECKING:
    from textual.widgets import TabbedContent

    from agent_tui.service.views import OfferView, ScriptLine, ScriptSection

#: The script's sections, in the order of the tabs.
SECTIONS = ("first_call", "listening", "offers", "objections")


def block_content(line: ScriptLine, current_step: str | None) -> Content:
    """One entry's words; those of the checklist's current step stand out, the other steps recede."""
    current = current_step is not None and line.step == current_step
    if current:
        body, head = "bold $text on $accent 25%", "bold $accent"
    elif line.step and current_step:
        body, head = "$text-muted", "$text-muted"
    else:
        body, head = "", "bold"
    parts = []
    if line.title:
        parts.append(Content.styled(("▶ " if current else "") + line.title, head))
    parts.append(Content.styled(line.text, body))
    return Content("\n").join(parts)


def offer_prompt(offer: OfferView) -> Content:
    """One offer as the list shows it: its words, the approval mark, and a plan's payments."""
    head = Content.styled(f"{offer.index}. {fmt.text(offer.label)}", "bold")
    if offer.needs_approval:
        head = head + Content.styled(f"  ⚑ {t('workstation.offer.needs_approval')}", "bold $warning")
    rows = [head]
    if offer.needs_approval or len(offer.payments) > 1:
        rows += [Content.styled("· " + fmt.text(line), "$text-muted") for line in offer.lines]
    return Content("\n").join(rows)


def script_tabs() -> TabbedContent:
    """The tabs for first call, listening, offers and objections, each empty until a case is open."""
    from textual.widgets import TabbedContent, TabPane

    tabs = TabbedContent(id="script-tabs")
    for name in SECTIONS:
        content: list = []
        if name == "offers":
            content.append(OptionList(id="offer-list"))
        if name == "objections":
            content.append(OptionList(id="objection-list"))
        else:
            empty = Static(t("workstation.script.empty"), classes="empty")
            content.append(Vertical(empty, id=f"words-{name}", classes="words"))
        scroll = VerticalScroll(*content, id=f"scroll-{name}")
        tabs.compose_add_child(TabPane(t(f"workstation.script.tab.{name}"), scroll, id=f"tab-{name}"))
    return tabs


class ScriptPane(Vertical):
    """Tabs for first call, listening, offers and objections; the offers can be picked with Enter."""

    @dataclass
    class OfferPicked(Message):
        """The agent picked an offer from the list."""

        index: int

    @dataclass
    class ObjectionPicked(Message):
        """The agent picked the objection the debtor raised; ``outcome`` is what the note becomes, if anything."""

        key: str
        outcome: str

    #: The section tabs, built just after the desk's first frame (TabbedContent is imported then).
    tabs: getters.query_one[TabbedContent] = getters.query_one("#script-tabs")
    offer_list = getters.query_one("#offer-list", OptionList)
    objection_list = getters.query_one("#objection-list", OptionList)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._sections: dict[str, ScriptSection] = {}
        self._step: str | None = None

    def compose(self) -> ComposeResult:
        # Built just after the desk's first frame: the tabs and their panes are a third of the desk's widgets.
        yield Deferred(script_tabs)

    def on_mount(self) -> None:
        self.border_title = t("workstation.pane.script")

    @property
    def built(self) -> bool:
        """Whether the tabs are in place (they are built just after the desk's first frame)."""
        return bool(self.query("#script-tabs"))

    async def show(self, sections: tuple[ScriptSection, ...], offers: tuple[OfferView, ...], step: str | None) -> None:
        """Put this case's filled script and offers in the tabs; highlight ``step``'s words."""
        self._sections = {s.id: s for s in sections}
        self._step = step
        self.offer_list.clear_options()
        self.offer_list.add_options([Option(offer_prompt(o), id=str(o.index)) for o in offers])
        if not offers:
            self.offer_list.add_option(Option(t("workstation.offer.none"), disabled=True))
        objections = self._sections.get("objections")
        self.objection_list.clear_options()
        self.objection_list.add_options(
            [Option(block_content(line, None), id=line.key or None) for line in objections.lines] if objections else []
        )
        for name in SECTIONS[:-1]:
            box = self.query_one(f"#words-{name}", Vertical)
            await box.remove_children()
            section = self._sections.get(name)
            if section is None or not section.lines:
                await box.mount(Static(t("workstation.script.empty"), classes="empty"))
                continue
            await box.mount_all(
                Static(block_content(line, step), classes="block", name=line.step or "") for line in section.lines
            )
        self.call_after_refresh(self._scroll_to_step)

    def highlight(self, step: str | None) -> None:
        """Mark the words of the checklist's current step, and bring them into view."""
        self._step = step
        for name in SECTIONS[:-1]:
            section = self._sections.get(name)
            if section is None:
                continue
            blocks = self.query_one(f"#words-{name}", Vertical).query(".block")
            for line, block in zip(section.lines, blocks):
                block.update(block_content(line, step))
        self.call_after_refresh(self._scroll_to_step)

    def _scroll_to_step(self) -> None:
        if not self._step:
            return
        for block in self.query_one("#words-first_call", Vertical).query(".block"):
            if block.name == self._step:
                self.query_one("#scroll-first_call", VerticalScroll).scroll_to_widget(block, top=True, animate=False)
                return

    def open_section(self, name: str, focus: bool = True) -> None:
        """Show a tab (F7 listening, F8 offers, F9 objections); F8 puts the cursor on the offers."""
        if not self.built:
            return  # the first moments of the desk: there is nothing in the tabs yet
        self.tabs.active = f"tab-{name}"
        if not focus:
            return
        if name in ("offers", "objections"):
            chooser = self.offer_list if name == "offers" else self.objection_list
            chooser.focus()
            if chooser.highlighted is None and chooser.option_count:
                chooser.highlighted = 0
        else:
            self.query_one(f"#scroll-{name}", VerticalScroll).focus()

    def mark_picked(self, index: int | None) -> None:
        """Keep the list's cursor on the offer the note form holds."""
        if index is None:
            return
        for position in range(self.offer_list.option_count):
            if self.offer_list.get_option_at_index(position).id == str(index):
                self.offer_list.highlighted = position
                return

    @on(OptionList.OptionSelected, "#offer-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.OfferPicked(int(event.option.id)))

    @on(OptionList.OptionSelected, "#objection-list")
    def _objection(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        section = self._sections.get("objections")
        line = next((ln for ln in section.lines if ln.key == event.option.id), None) if section else None
        if line is not None:
            self.post_message(self.ObjectionPicked(line.key, line.outcome))
