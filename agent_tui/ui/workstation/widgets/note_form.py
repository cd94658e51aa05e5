"""The call-note form (guide 2.4, 3.4): fields, their choices, and the reasons a field is wrong.

The fields sit in one grid, a label beside each; a field with a problem has its
label marked, and the form's problem lines name the field and say why. Each
field picked from a list is a :class:`~agent_tui.ui.common.pick.Pick` (the
review's filter picks with the same widget): Enter or Down opens its list,
typing jumps to the option with those letters, Enter picks, Escape closes.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static, TextArea

from agent_tui.domain.money import plain as money_text
from agent_tui.i18n import language, t
from agent_tui.service.note_check import ATTITUDES, HARDSHIPS, NEXT_ACTIONS, OUTCOMES, RESPONSES
from agent_tui.service.views import NOTE_FIELDS, FieldProblem, NoteDraft, OfferView
from agent_tui.ui.common import format as fmt
from agent_tui.ui.common.pick import Pick
from agent_tui.ui.common.shown import plain
from agent_tui.ui.common.typed_fields import TypedInput, TypedTextArea

#: Fields picked from a fixed list: field → (catalog group, values).
CHOICES = {
    "outcome": ("callnote.outcome", OUTCOMES),
    "attitude": ("callnote.attitude", ATTITUDES),
    "hardship": ("callnote.hardship", HARDSHIPS),
    "response": ("callnote.response", RESPONSES),
    "next_action": ("callnote.next_action", NEXT_ACTIONS),
}

#: Fields that hold the debt's figures or an offer: closed while a third party is on the line.
DEBT_FIELDS = ("capacity", "offer", "response", "promise_amount", "promise_date")

#: Fields typed in, with the placeholder each shows.
TYPED = {
    "capacity": "amount",
    "promise_amount": "amount",
    "promise_date": "date",
    "next_action_at": "datetime",
}


class NoteForm(VerticalScroll):
    """The form the agent fills during and after the call; it never saves by itself.

    It scrolls itself when the pane is shorter than the form (a narrow terminal).
    """

    @dataclass
    class DraftChanged(Message):
        """The agent changed a field; ``draft`` is the whole form as typed."""

        draft: NoteDraft
        field: str

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._amends_id: int | None = None
        self._shown: dict[str, str] = {}
        #: The values each pick offers (the offers change with the case).
        self._picks: dict[str, frozenset[str]] = {name: frozenset(values) for name, (_, values) in CHOICES.items()}
        self._picks["offer"] = frozenset()
        #: This case's offers by the value the offer pick holds (their number).
        self._offers: dict[str, OfferView] = {}
        #: A third party is on the line: no offer and no figure of the debt can go into the note.
        self._third_party = False

    def compose(self) -> ComposeResult:
        with Grid(classes="fields"):
            for name in NOTE_FIELDS[:-1]:
                yield Label(t(f"callnote.field.{name}"), id=f"label-{name}")
                yield self._widget(name)
        yield Static("", id="note-plan")
        yield TypedTextArea(id="field-text", compact=True, soft_wrap=True, placeholder=t("callnote.placeholder.text"))
        yield Static("", id="note-problems")
        yield Static("", id="note-status")

    def _widget(self, name: str) -> Widget:
        if name in CHOICES:
            group, values = CHOICES[name]
            options = [(t(f"{group}.{value}"), value) for value in values]
            return Pick(options, prompt=t("callnote.placeholder.choose"), id=f"field-{name}")
        if name == "offer":
            return Pick([], prompt=t("callnote.placeholder.choose"), id="field-offer")
        return TypedInput(placeholder=t(f"callnote.placeholder.{TYPED[name]}"), id=f"field-{name}", compact=True)

    def on_mount(self) -> None:
        self.border_title = t("workstation.pane.note")

    # ---- reading and writing the form ----

    def _value(self, name: str) -> str:
        widget = self.query_one(f"#field-{name}")
        if isinstance(widget, Pick):
            return widget.picked
        if isinstance(widget, TextArea):
            return widget.text
        assert isinstance(widget, Input)
        return widget.value

    def draft(self) -> NoteDraft:
        """The form as typed."""
        return NoteDraft(**{name: self._value(name) for name in NOTE_FIELDS}, amends_id=self._amends_id)

    def _pick(self, name: str, value: str) -> None:
        """Choose ``value`` in the pick ``name``; one it does not offer (an old draft's) leaves it blank."""
        self.query_one(f"#field-{name}", Pick).pick(value if value in self._picks[name] else "")

    def load(self, draft: NoteDraft | None, offers: tuple[OfferView, ...]) -> None:
        """Fill the form from ``draft`` (empty when None) with this case's offers; posts no change.

        A control character in the draft (or in the note being amended) comes into its field as its
        visible escape, ``\\x1b``: the agent sees what the record holds, and the field draws nothing
        the terminal would obey.
        """
        draft = draft or NoteDraft()
        self._amends_id = draft.amends_id
        self._third_party = False
        self._set_outcome_options(())
        for name in DEBT_FIELDS:
            self.query_one(f"#field-{name}").disabled = False
            self.query_one(f"#label-{name}").remove_class("-closed")
        with self.prevent(Input.Changed, Select.Changed, TextArea.Changed):
            self._set_offer_options(offers)
            for name in NOTE_FIELDS:
                value = getattr(draft, name)
                widget = self.query_one(f"#field-{name}")
                if isinstance(widget, Pick):
                    self._pick(name, value)
                elif isinstance(widget, TextArea):
                    widget.text = plain(value, lines=True)
                else:
                    assert isinstance(widget, Input)
                    widget.value = plain(value)
        self._show_plan()
        self.show_problems([])
        self.set_status(t("workstation.note.amending", id=draft.amends_id) if draft.amends_id else "")

    def set_offers(self, offers: tuple[OfferView, ...], picked: int | None) -> None:
        """The case's offers worked out again: the list to choose from, holding ``picked`` (its new number).

        Nothing else in the form changes, and no change is posted: the desk already knows; the draft that
        autosaves next holds the new number.
        """
        with self.prevent(Input.Changed, Select.Changed, TextArea.Changed):
            self._set_offer_options(offers)
            self._pick("offer", str(picked) if picked is not None else "")
        self._show_plan()

    def _set_offer_options(self, offers: tuple[OfferView, ...]) -> None:
        if self._third_party:
            offers = ()
        lang = language()
        options = [(f"{o.index}. {plain(fmt.text(o.label))} {o.total.localize(lang)}", str(o.index)) for o in offers]
        self.query_one("#field-offer", Pick).set_options(options)
        self._picks["offer"] = frozenset(value for _, value in options)
        self._offers = {str(o.index): o for o in offers}

    def _set_outcome_options(self, outcomes: tuple[str, ...]) -> bool:
        """Offer only ``outcomes`` (empty: all); whether the outcome held had to be cleared."""
        values = tuple(v for v in OUTCOMES if not outcomes or v in outcomes)
        if frozenset(values) == self._picks["outcome"]:
            return False
        held = self._value("outcome")
        with self.prevent(Select.Changed):
            self.query_one("#field-outcome", Pick).set_options([(t(f"callnote.outcome.{v}"), v) for v in values])
            self._picks["outcome"] = frozenset(values)
            self._pick("outcome", held)
        return bool(held) and held not in values

    def fit_call(self, outcomes: tuple[str, ...], third_party: bool) -> None:
        """The call as it went: only the outcomes that fit it (``outcomes``; empty: all), and once a third
        party is on the line, no offer and no figure of the debt (those fields are emptied and closed).
        A field emptied here is posted like a change, so the draft and the checks follow."""
        cleared = self._set_outcome_options(outcomes)
        if third_party and not self._third_party:
            self._third_party = True
            with self.prevent(Input.Changed, Select.Changed, TextArea.Changed):
                self._set_offer_options(())
                for name in DEBT_FIELDS:
                    widget = self.query_one(f"#field-{name}")
                    cleared = cleared or bool(self._value(name))
                    if isinstance(widget, Pick):
                        widget.pick("")
                    elif isinstance(widget, Input):
                        widget.value = ""
                    widget.disabled = True
                    self.query_one(f"#label-{name}").add_class("-closed")
            self._show_plan()
        if cleared:
            self.post_message(self.DraftChanged(self.draft(), ""))

    def set_offer(self, index: int) -> None:
        """Put a picked offer in the form: the offer, its first payment as the promise, the debtor's yes.

        What the screen shows is not typed again: the promise amount and date become the offer's first
        payment (a plan's first instalment; its other lines are the offer's, shown under the fields),
        and the response becomes "accepted" unless the agent already chose one. Each change is posted
        like a typed one, and the agent may still change any of them. An offer chosen in the form's own
        field fills the same fields.
        """
        self._pick("offer", str(index))
        self._take_offer()

    def _take_offer(self) -> None:
        """The fields that follow from the offer the form holds (see :meth:`set_offer`); none without one."""
        offer = self._offers.get(self._value("offer"))
        if offer is None or not offer.payments:
            self._show_plan()
            return
        due, amount = offer.payments[0]
        self.query_one("#field-promise_amount", Input).value = money_text(amount, offer.total.currency)
        self.query_one("#field-promise_date", Input).value = due.isoformat()
        if not self._value("response"):
            self._pick("response", "accepted")
        self._show_plan()

    def _show_plan(self) -> None:
        """Under the fields: the offer the form holds, with its payments (what a plan records)."""
        offer = self._offers.get(self._value("offer"))
        box = self.query_one("#note-plan", Static)
        if offer is None:
            box.update("")
            box.set_class(False, "-shown")
            return
        head = Content.styled(t("callnote.plan", index=offer.index, label=plain(fmt.text(offer.label))), "bold")
        rows = [head]
        if offer.lines:
            rows.append(Content("   ").join(Content(plain(fmt.text(line))) for line in offer.lines))
        if offer.needs_approval:
            # Said before saving: the debtor is not told a commitment is final that a lead may still refuse.
            rows.append(Content.styled("⚑ " + t("callnote.pending_approval"), "bold $warning"))
        box.update(Content("\n").join(rows))
        box.set_class(True, "-shown")

    def set_outcome(self, outcome: str, quiet: bool = False) -> None:
        """Put an outcome in the form (an objection's, an outcome key's), posted like a chosen one.

        ``quiet``: not posted (the note is saved with it at once, and nothing else follows from it).
        """
        if quiet:
            with self.prevent(Select.Changed):
                self._pick("outcome", outcome)
        else:
            self._pick("outcome", outcome)

    def set_next_action(self, action: str) -> None:
        """Put a next action in the form (the callback key's), posted like a chosen one."""
        self._pick("next_action", action)

    def focus_field(self, name: str) -> None:
        """Put the cursor on the field ``name``."""
        self.query_one(f"#field-{name}").focus()

    def set_status(self, text: str) -> None:
        """The line under the form: draft saved, amending, saving."""
        status = self.query_one("#note-status", Static)
        if str(status.content) != text:
            status.update(Content(text))

    def show_problems(self, problems: list[FieldProblem] | tuple[FieldProblem, ...]) -> None:
        """Mark each field with a problem and say why, a line a field in the form's order; clear the rest.

        Nothing is touched when the problems are those already shown: this runs on every
        keystroke, and a changed text re-lays out the form.
        """
        shown = {p.field: plain(fmt.text(p.reason)) for p in problems}
        if shown == self._shown:
            return
        for name in NOTE_FIELDS[:-1]:
            if (name in shown) != (name in self._shown):
                self.query_one(f"#label-{name}").set_class(name in shown, "-problem")
        self._shown = shown
        lines = [
            Content.assemble((f"✗ {t(f'callnote.field.{name}')}: ", "bold"), shown[name])
            for name in NOTE_FIELDS
            if name in shown
        ]
        box = self.query_one("#note-problems", Static)
        box.update(Content("\n").join(lines))
        box.set_class(bool(lines), "-shown")

    @property
    def problem_fields(self) -> tuple[str, ...]:
        """The fields the form shows a problem for, in the form's order."""
        return tuple(name for name in NOTE_FIELDS if name in self._shown)

    def focus_first(self) -> None:
        """Put the cursor on the first field to fill: the first one with a problem, or the outcome."""
        first = self.problem_fields[:1] or ("outcome",)
        self.query_one(f"#field-{first[0]}").focus()

    # ---- changes ----

    @on(Input.Changed)
    @on(Select.Changed)
    @on(TextArea.Changed)
    def _changed(self, event: Input.Changed | Select.Changed | TextArea.Changed) -> None:
        event.stop()
        name = (event.control.id or "").removeprefix("field-") if event.control is not None else ""
        if name == "offer":
            self._take_offer()
        self.post_message(self.DraftChanged(self.draft(), name))
