"""The script pane: the words for each part of the call, and the offers to pick (guide 3.1–3.3, 3.6)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from textual import getters, on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from agent_tui.domain.checklist import third_party_may_hear
from agent_tui.i18n import t
from agent_tui.ui.common import format as fmt
from agent_tui.ui.common.reading import reading
from agent_tui.ui.common.shown import plain

if TYPE_CHECKING:
    from textual.css.styles import RulesMap

    from agent_tui.service.views import OfferView, ScriptLine, ScriptSection

#: The script's sections, in the order of the tabs.
SECTIONS = ("first_call", "listening", "offers", "objections")
#: The sections that speak of the debt throughout: hidden while a third party is on the line.
DEBT_SECTIONS = ("listening", "offers")


def pane_id(section: str) -> str:
    """The id of the tab pane that holds ``section``."""
    return f"section-{section}"


def section_name(pane: str) -> str:
    """The section a tab pane's id names (the inverse of ``pane_id``)."""
    return pane.removeprefix("section-")


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
        parts.append(Content.styled(("▶ " if current else "") + plain(line.title), head))
    parts.append(Content.styled(plain(line.text, lines=True), body))
    return Content("\n").join(parts)


def section_words(lines: tuple[ScriptLine, ...], current_step: str | None) -> Content:
    """A section's entries as one text, a blank line between them (see ``block_content``)."""
    return Content("\n\n").join(block_content(line, current_step) for line in lines)


def step_line(lines: tuple[ScriptLine, ...], step: str, width: int, rules: RulesMap) -> int | None:
    """The line where ``step``'s first entry starts in ``section_words``, broken at ``width`` cells as drawn.

    ``rules`` are the styles of the widget that shows the words (they say how text wraps). None when
    no entry belongs to ``step``.
    """
    y = 0
    for line in lines:
        if line.step == step:
            return y
        y += reading(block_content(line, step)).get_height(rules, width) + 1  # the entry, then the blank line
    return None


def offer_prompt(offer: OfferView) -> Content:
    """One offer as the list shows it: its words, the approval mark, and a plan's payments."""
    head = Content.styled(f"{offer.index}. {plain(fmt.text(offer.label))}", "bold")
    if offer.needs_approval:
        head = head + Content.styled(f"  ⚑ {t('workstation.offer.needs_approval')}", "bold $warning")
    rows = [head]
    if offer.needs_approval or len(offer.payments) > 1:
        rows += [Content.styled("· " + plain(fmt.text(line)), "$text-muted") for line in offer.lines]
    return Content("\n").join(rows)


class ScriptPane(Vertical):
    """Tabs for first call, listening, offers and objections; the offers can be picked with Enter.

    Textual's ``TabbedContent`` draws the titles and shows the chosen section;
    each section is a scroll holding one text, and a list where there is one to pick from.
    """

    @dataclass
    class OfferPicked(Message):
        """The agent picked an offer from the list."""

        index: int

    @dataclass
    class ObjectionPicked(Message):
        """The agent picked the objection the debtor raised; ``outcome`` is what the note becomes, if anything."""

        key: str
        outcome: str

    tabs = getters.query_one("#script-tabs", TabbedContent)
    offer_list = getters.query_one("#offer-list", OptionList)
    objection_list = getters.query_one("#objection-list", OptionList)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._sections: dict[str, ScriptSection] = {}
        self._step: str | None = None
        #: A third party is on the line: no figure, offer or word of the debt is shown.
        self._third_party = False
        self._offers: tuple[OfferView, ...] = ()
        self._heard: tuple[str, ...] = ()

    def compose(self) -> ComposeResult:
        # Each section empty until a case is open.
        with TabbedContent(id="script-tabs"):
            for name in SECTIONS:
                title = t(f"workstation.script.tab.{name}")
                with TabPane(title, id=pane_id(name)), VerticalScroll(id=f"scroll-{name}"):
                    if name == "offers":
                        yield OptionList(id="offer-list")
                    if name == "objections":
                        yield OptionList(id="objection-list")
                    else:
                        yield Static(t("workstation.script.empty"), id=f"words-{name}", classes="words empty")

    def on_mount(self) -> None:
        self.border_title = t("workstation.pane.script")

    @property
    def built(self) -> bool:
        """Whether the tabs are in place (the pane is mounted)."""
        return self.is_mounted and bool(self.query("#script-tabs"))

    @property
    def section(self) -> str:
        """The name of the section the tabs show (one of ``SECTIONS``)."""
        return section_name(self.tabs.active)

    async def show(
        self,
        sections: tuple[ScriptSection, ...],
        offers: tuple[OfferView, ...],
        step: str | None,
        heard: tuple[str, ...] = (),
    ) -> None:
        """Put this case's filled script and offers in the tabs; highlight ``step``'s words.

        ``heard`` are the lines above the offers saying what they were worked out for (the debtor's
        stated capacity, hardship) and why no plan keeps within it, when that is so.
        """
        self._sections = {s.id: s for s in sections}
        self._step = step
        self.show_offers(offers, heard)
        self._show_objections()
        self._show_words()

    def _lines(self, name: str) -> tuple[ScriptLine, ...]:
        """A section's lines as they may be shown now: on the third-party path, only those without the debt."""
        section = self._sections.get(name)
        lines = section.lines if section is not None else ()
        if not self._third_party:
            return lines
        if name in DEBT_SECTIONS:
            return ()
        return tuple(line for line in lines if third_party_may_hear(line.step or "", line.outcome))

    def _show_objections(self) -> None:
        self.objection_list.clear_options()
        self.objection_list.add_options(
            [Option(reading(block_content(line, None)), id=line.key or None) for line in self._lines("objections")]
        )

    def set_third_party(self, third_party: bool) -> None:
        """A third party is on the line (or no longer: a new case): the tabs and words that name the debt
        go (or come back)."""
        if third_party == self._third_party:
            return
        self._third_party = third_party
        for name in DEBT_SECTIONS:
            if third_party:
                self.tabs.hide_tab(pane_id(name))
            else:
                self.tabs.show_tab(pane_id(name))
        if third_party and self.section in DEBT_SECTIONS:
            self.tabs.active = pane_id("first_call")
        self.show_offers(self._offers, self._heard)
        self._show_objections()
        self._show_words()

    def show_offers(self, offers: tuple[OfferView, ...], heard: tuple[str, ...] = ()) -> None:
        """The offers to pick, under what they were worked out for (see :meth:`show`); none on the third-party
        path."""
        self._offers, self._heard = offers, heard
        self.offer_list.clear_options()
        if self._third_party:
            self.offer_list.add_option(Option(t("workstation.offer.third_party"), disabled=True))
            return
        above = [Option(reading(Content.styled(line, "italic $text-muted")), disabled=True) for line in heard]
        self.offer_list.add_options(above)
        self.offer_list.add_options([Option(reading(offer_prompt(o)), id=str(o.index)) for o in offers])
        if not offers:
            self.offer_list.add_option(Option(t("workstation.offer.none"), disabled=True))

    def refill(self, sections: tuple[ScriptSection, ...]) -> None:
        """The same case's words read again (an offer was picked: "agree" and after quote it)."""
        self._sections = {s.id: s for s in sections}
        self._show_words()

    def highlight(self, step: str | None) -> None:
        """Mark the words of the checklist's current step, and bring them into view."""
        self._step = step
        self._show_words()

    def _show_words(self) -> None:
        # One Static per section: a widget per entry costs memory and layout time for no gain.
        for name in SECTIONS[:-1]:
            words = self.query_one(f"#words-{name}", Static)
            lines = self._lines(name)
            words.set_class(not lines, "empty")
            words.update(reading(section_words(lines, self._step)) if lines else t("workstation.script.empty"))
        self.call_after_refresh(self._scroll_to_step)

    def _scroll_to_step(self) -> None:
        """Scroll the first call's words so that the current step's are at the top."""
        lines = self._lines("first_call")
        if not self._step or not lines:
            return
        words = self.query_one("#words-first_call", Static)
        width = words.content_size.width
        if not width:
            return  # not on the screen (another pane or tab): nothing to scroll
        # Content.get_height reads a widget's styles as its rules (Textual types them as a RulesMap).
        y = step_line(lines, self._step, width, cast("RulesMap", words.styles))
        if y is not None:
            top = words.virtual_region.y + words.styles.gutter.top
            self.query_one("#scroll-first_call", VerticalScroll).scroll_to(y=top + y, animate=False)

    def open_section(self, name: str, focus: bool = True) -> None:
        """Show a tab (F7 listening, F8 offers, F9 objections); F8 puts the cursor on the offers.

        On the third-party path listening and offers stay hidden: the first call's words show instead.
        """
        if self._third_party and name in DEBT_SECTIONS:
            name = "first_call"
        self.tabs.active = pane_id(name)  # the section is shown at once: the focus can go there now
        if not focus:
            return
        if name in ("offers", "objections"):
            chooser = self.offer_list if name == "offers" else self.objection_list
            chooser.focus()
            if chooser.highlighted is None and chooser.option_count:
                chooser.action_first()  # the first that can be picked (the lines above the offers cannot)
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
