"""F4: the notes filter — agent, days, outcome, stage of the case, flag, promise, search."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from agent_tui.domain.records import Outcome, PromiseStatus, Stage
from agent_tui.i18n import t
from agent_tui.service.review_views import FLAG_CHOICES, PROMISE_ANY, AgentChoice, NoteQuery
from agent_tui.ui.common.key_footer import KeyFooter
from agent_tui.ui.common.pick import Pick, close_open_list
from agent_tui.ui.common.shown import plain, shown
from agent_tui.ui.common.typed_fields import TypedInput
from agent_tui.ui.review.keys import DIALOG_KEYS
from agent_tui.ui.review.wording import label


class FilterDialog(ModalScreen[NoteQuery | None]):
    """The filter as a form; Ctrl+S or Enter applies it, Escape leaves it as it was.

    Each choice is a :class:`~agent_tui.ui.common.pick.Pick`: its prompt is
    "any", and typing jumps to the option that starts with what was typed.
    """

    KEYS = DIALOG_KEYS

    def __init__(self, query: NoteQuery, agents: tuple[AgentChoice, ...]) -> None:
        super().__init__()
        self.query_now = query
        self.agents = agents

    def compose(self) -> ComposeResult:
        q = self.query_now
        any_ = t("review.filter.any")
        with Vertical(classes="dialog", id="filter-dialog"):
            yield Static(t("review.filter.title"), classes="dialog-title")
            with Grid(id="filter-grid"):
                yield Label(t("review.filter.agent"))
                # Text, not str: Select reads a str option as markup; typing still finds a Text option.
                agents = [(Text(plain(f"{a.code} {a.name}")), a.code) for a in self.agents]
                if q.agent and q.agent not in {a.code for a in self.agents}:
                    agents.append((Text(plain(q.agent)), q.agent))
                yield Pick(agents, prompt=any_, value=q.agent or "", id="agent")
                yield Label(t("review.filter.since"))
                yield TypedInput(q.since.isoformat() if q.since else "", placeholder="YYYY-MM-DD", id="since",
                            compact=True)
                yield Label(t("review.filter.until"))
                yield TypedInput(q.until.isoformat() if q.until else "", placeholder="YYYY-MM-DD", id="until",
                            compact=True)
                yield Label(t("review.filter.outcome"))
                yield Pick([(label("outcome", o.value), o.value) for o in Outcome], prompt=any_,
                           value=q.outcome or "", id="outcome")
                yield Label(t("review.filter.stage"))
                yield Pick([(label("stage", s.value), s.value) for s in Stage], prompt=any_,
                           value=q.stage or "", id="stage")
                yield Label(t("review.filter.flag"))
                yield Pick([(t(f"review.flag.{f}"), f) for f in FLAG_CHOICES], prompt=any_,
                           value=q.flag or "", id="flag")
                yield Label(t("review.filter.promise"))
                promises = [(t("review.promise_filter.any"), PROMISE_ANY)]
                promises += [(label("promise_status", p.value), p.value) for p in PromiseStatus]
                yield Pick(promises, prompt=any_, value=q.promise or "", id="promise")
                yield Label(t("review.filter.search"))
                yield TypedInput(q.search or "", placeholder=t("review.notes.search_placeholder"), id="search",
                            compact=True)
            yield Static("", id="filter-problem", classes="problem")
            yield Static(t("review.filter.hint"), classes="hint")
            with Horizontal(classes="buttons"):
                yield Button(t("review.key.apply"), id="apply", variant="primary", compact=True)
                yield Button(t("review.key.cancel"), id="cancel", compact=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#agent", Pick).focus()

    def _picked(self, field: str) -> str | None:
        return self.query_one(f"#{field}", Pick).picked or None

    def _date(self, field: str) -> tuple[date | None, str | None]:
        text = self.query_one(f"#{field}", Input).value.strip()
        if not text:
            return None, None
        try:
            return date.fromisoformat(text), None
        except ValueError:
            return None, t("review.filter.bad_date", found=plain(text))

    def read_form(self) -> tuple[NoteQuery | None, str | None]:
        """The filter the form describes, or the first problem with it."""
        since, problem = self._date("since")
        if problem:
            return None, f"{t('review.filter.since')}: {problem}"
        until, problem = self._date("until")
        if problem:
            return None, f"{t('review.filter.until')}: {problem}"
        if since and until and until < since:
            return None, t("review.filter.backwards")
        search = self.query_one("#search", Input).value.strip() or None
        query = replace(
            NoteQuery(),
            agent=self._picked("agent"),
            since=since,
            until=until,
            outcome=self._picked("outcome"),
            stage=self._picked("stage"),
            flag=self._picked("flag"),
            promise=self._picked("promise"),
            search=search,
        )
        return query, None

    def action_apply(self) -> None:
        """Use the form as the filter, unless something in it cannot be read."""
        query, problem = self.read_form()
        if problem:
            self.query_one("#filter-problem", Static).update(shown(problem))
            return
        self.dismiss(query)

    def action_cancel(self) -> None:
        """Close; the filter stays as it was."""
        if close_open_list(self):
            return  # Escape in an open list closes the list only
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_apply()

    @on(Button.Pressed, "#apply")
    def _apply_pressed(self) -> None:
        self.action_apply()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
