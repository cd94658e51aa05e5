"""The call script of the screen's language, filled with one case's figures.

The script file (``scripts/<language>.yaml``) gives the words; this module
picks the right ones for the case (the broken-promise opening when a promise
was missed, the debt-collector disclosure where the profile requires it,
only the offers the money rules allow) and groups them as the script pane's
tabs: first call, listening, offers, objections.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from agent_tui.config import Config
from agent_tui.domain.checklist import RIGHT_PARTY_STEPS, Step
from agent_tui.domain.compliance import Profile, RuleKind
from agent_tui.domain.contact_gate import zone_of
from agent_tui.domain.offers import Offer
from agent_tui.domain.scripts import OBJECTION_OUTCOMES, PLACEHOLDERS, CallScript, offer_values, part_of_day
from agent_tui.i18n import has, t
from agent_tui.script_files import load_script
from agent_tui.service.views import DebtorProfile, DebtSplit, PromiseView, ScriptLine, ScriptSection

#: The first-call tab: the right-party steps, then the third-party message.
FIRST_CALL_STEPS = (*RIGHT_PARTY_STEPS, Step.THIRD_PARTY)


class ScriptBook:
    """The script of the configured language, read once and filled per case."""

    def __init__(self, config: Config, profile: Profile) -> None:
        self.config = config
        self.profile = profile
        self._script: CallScript | None = None

    @property
    def script(self) -> CallScript:
        """The script file, read on first use (:class:`~agent_tui.domain.scripts.ScriptError` if unusable)."""
        if self._script is None:
            self._script = load_script(self.config.scripts_dir() / f"{self.config.language}.yaml")
        return self._script

    def values(
        self,
        debtor: DebtorProfile,
        creditor: str,
        debt: DebtSplit,
        due_date: date | None,
        promises: tuple[PromiseView, ...],
        agent_name: str,
        now: datetime,
    ) -> dict[str, Any]:
        """The case's own placeholders; the offer figures come per offer in :meth:`sections`.

        The greeting is the one for the time of day on the debtor's clock at ``now``.
        """
        broken = next((p for p in promises if p.status == "broken"), None)
        values = {
            "debtor_name": debtor.name,
            "agent": agent_name,
            "company": self.config.company or t("common.company", lang=self.config.language),
            "company_phone": self.config.company_phone or "—",
            "creditor": creditor,
            "amount": debt.total,
            "days_past_due": debt.days_past_due,
            "due_date": due_date or "—",
            "promise_amount": broken.amount if broken else "—",
            "promise_date": broken.due if broken else "—",
        }
        part = part_of_day(now.astimezone(zone_of(debtor.time_zone)))
        values["greeting"] = self.script.fill(f"greetings.{part}", _complete(values))
        return values

    def sections(
        self,
        values: Mapping[str, Any],
        offers: tuple[Offer, ...],
        picked: int | None = None,
        broken_promise: bool = False,
    ) -> tuple[ScriptSection, ...]:
        """The four tabs of the script pane, filled; an offer kind the money rules do not allow is left out.

        ``offers`` are the computed offers in the order the list numbers them; the words of each kind
        carry its best offer's figures, except the kind of the offer picked, which carries the picked
        one's; "agree" and the steps after it read the offer picked (or the best one).
        """
        agreed = offers[picked - 1] if picked and 0 < picked <= len(offers) else (offers[0] if offers else None)
        listening, objections = self._fixed(values)
        return self._around(values, offers, agreed, broken_promise, listening, objections)

    def by_offer(
        self, values: Mapping[str, Any], offers: tuple[Offer, ...], broken_promise: bool = False
    ) -> tuple[tuple[ScriptSection, ...], ...]:
        """The tabs as they read once each offer is picked, in the order the list numbers the offers.

        The desk swaps them in the moment the agent picks an offer, so the words never lag the pick.
        """
        listening, objections = self._fixed(values)
        return tuple(self._around(values, offers, offer, broken_promise, listening, objections) for offer in offers)

    def _fixed(self, values: Mapping[str, Any]) -> tuple[ScriptSection, ScriptSection]:
        """The listening and objection tabs: no offer's figures in them."""
        script = self.script
        plain = _complete(values)
        listening = [
            ScriptLine(script.fill(f"listening.{name}", plain), Step.LISTEN.value, key=name)
            for name in script.entries("listening")
        ]
        objections = [
            ScriptLine(
                script.fill(f"objections.{name}", plain),
                None,
                _title("objection", name),
                key=name,
                outcome=OBJECTION_OUTCOMES[name].value if name in OBJECTION_OUTCOMES else "",
            )
            for name in script.entries("objections")
        ]
        return (
            ScriptSection("listening", t("workstation.script.tab.listening"), tuple(listening)),
            ScriptSection("objections", t("workstation.script.tab.objections"), tuple(objections)),
        )

    def _around(
        self,
        values: Mapping[str, Any],
        offers: tuple[Offer, ...],
        agreed: Offer | None,
        broken_promise: bool,
        listening: ScriptSection,
        objections: ScriptSection,
    ) -> tuple[ScriptSection, ...]:
        """The four tabs with the first call and offer words read around ``agreed``."""
        script = self.script
        miranda = self.profile.requires(RuleKind.MINI_MIRANDA)
        first_call_values = _complete({**values, **(offer_values(agreed) if agreed else {})})
        kind = agreed.kind if agreed else ""
        first = [
            ScriptLine(
                script.step_text(step, first_call_values, broken_promise=broken_promise, mini_miranda=miranda,
                                 offer_kind=kind),
                step.value,
                script.title(step),
            )
            for step in FIRST_CALL_STEPS
        ]
        best: dict[str, Offer] = {kind: agreed} if agreed else {}
        for offer in offers:
            best.setdefault(offer.kind, offer)
        offer_words = [
            ScriptLine(
                script.fill(f"offers.{name}", _complete({**values, **offer_values(best[name])})),
                Step.OFFER.value,
                _title("offer_kind", name),
                key=name,
            )
            for name in script.entries("offers")
            if name in best
        ]
        return (
            ScriptSection("first_call", t("workstation.script.tab.first_call"), tuple(first)),
            listening,
            ScriptSection("offers", t("workstation.script.tab.offers"), tuple(offer_words)),
            objections,
        )


def _complete(values: Mapping[str, Any]) -> Mapping[str, Any]:
    """Values with a dash for any placeholder the case has nothing for (an offer kind not allowed)."""
    return {**{name: "—" for name in PLACEHOLDERS}, **values}


def _title(group: str, name: str) -> str:
    key = f"workstation.script.{group}.{name}"
    return t(key) if has(key) else name.replace("_", " ").capitalize()
