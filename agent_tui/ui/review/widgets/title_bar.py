"""The line at the top of each review screen: what it is, who reviews, and that nothing can change."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from agent_tui.i18n import t
from agent_tui.service.review_views import LeadView
from agent_tui.ui.common.shown import plain


class TitleBar(Static):
    """``Notes browser                     Lead: Li Na (L001) · read-only``."""

    DEFAULT_CSS = """
    TitleBar { height: 1; width: 1fr; }
    """

    def __init__(self, title: str, lead: LeadView, **kwargs) -> None:
        super().__init__(**kwargs)
        self.title_text = title
        self.lead = lead

    def render(self) -> Text:
        lead = self.lead
        who = t("review.lead", name=plain(lead.name), code=plain(lead.code)) if lead.code else t("review.no_lead")
        right = Text.assemble((who, "italic"), " · ", (t("review.read_only"), "bold"))
        left = Text(plain(self.title_text), style="bold")
        gap = max(1, self.size.width - left.cell_len - right.cell_len)
        return Text.assemble(left, " " * gap, right)
