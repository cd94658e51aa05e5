"""The call script of the screen's language, filled with one case's figures.

The script file (``scripts/<language>.yaml``) gives the words; this module
picks the right ones for the case (the broken-promise opening when a promise
was missed, the debt-collector disclosure where the profile requires it,
only the offers the money rules allow) and groups them as the script pane's
tabs: first call, listening, offers, objections.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Mapping

from agent_tui.config import Config
from agent_tui.domain.checklist import RIGHT_PARTY_STEPS, Step
from agent_tui.domain.compliance import Profile, RuleKind
from agent_tui.domain.money import Amount
from agent_tui.domain.scripts import PLACEHOLDERS, CallScript, load_script
from agent_tui.i18n import has, t
from agent_tui.service.views import DebtSplit, DebtorProfile, OfferView, PromiseView, ScriptLine, ScriptSection

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
        offers: tuple[OfferView, ...],
        promises: tuple[PromiseView, ...],
        agent_name: str,
        picked: int | None = None,
    ) -> dict[str, Any]:
        """Every placeholder's value for this case; offer figures from the best offer of each kind."""
        values: dict[str, Any] = {
            "debtor_name": debtor.name,
            "agent": agent_name,
            "company": self.config.company,
            "company_phone": self.config.company_phone or "—",
            "creditor": creditor,
            "amount": debt.total,
            "days_past_due": debt.days_past_due,
            "due_date": due_date or "—",
        }
        broken = next((p for p in promises if p.status == "broken"), None)
        values["promise_amount"] = broken.amount if broken else "—"
        values["promise_date"] = broken.due if broken else "—"
        best = {}
        for offer in offers:
            best.setdefault(offer.kind, offer)
        chosen = next((o for o in offers if o.index == picked), None) or (offers[0] if offers else None)
        if chosen is not None and chosen.payments:
            values["agreed_amount"] = Amount(chosen.payments[0][1], chosen.total.currency)
            values["agreed_date"] = chosen.payments[0][0]
        plan = best.get("instalments")
        if plan is not None:
            values["instalments"] = len(plan.payments)
            values["instalment_amount"] = Amount(plan.payments[0][1], plan.total.currency)
            values["first_payment_date"] = plan.payments[0][0]
        extension = best.get("extension")
        if extension is not None and extension.first_due:
            values["new_due_date"] = extension.first_due
            values["extension_days"] = extension.extension_days
        for kind in ("settlement", "full"):
            offer = best.get(kind)
            if offer is not None:
                values["pay_by"] = offer.first_due
                if kind == "settlement":
                    values["settlement_amount"] = offer.total
        return values

    def sections(
        self, values: Mapping[str, Any], offers: tuple[OfferView, ...], broken_promise: bool
    ) -> tuple[ScriptSection, ...]:
        """The four tabs of the script pane, filled; an offer kind the rules do not allow is left out."""
        script = self.script
        miranda = self.profile.requires(RuleKind.MINI_MIRANDA)
        first = []
        for step in FIRST_CALL_STEPS:
            words = script.step_text(
                step, _complete(values), broken_promise=broken_promise, mini_miranda=miranda
            )
            first.append(ScriptLine(words, step.value, script.title(step)))
        listening = [
            ScriptLine(script.fill(f"listening.{name}", _complete(values)), Step.LISTEN.value)
            for name in script.entries("listening")
        ]
        kinds = {o.kind for o in offers}
        offer_words = [
            ScriptLine(script.fill(f"offers.{name}", _complete(values)), Step.OFFER.value, _title("offer_kind", name))
            for name in script.entries("offers")
            if name in kinds
        ]
        objections = [
            ScriptLine(script.fill(f"objections.{name}", _complete(values)), None, _title("objection", name))
            for name in script.entries("objections")
        ]
        return (
            ScriptSection("first_call", t("workstation.script.tab.first_call"), tuple(first)),
            ScriptSection("listening", t("workstation.script.tab.listening"), tuple(listening)),
            ScriptSection("offers", t("workstation.script.tab.offers"), tuple(offer_words)),
            ScriptSection("objections", t("workstation.script.tab.objections"), tuple(objections)),
        )


def _complete(values: Mapping[str, Any]) -> Mapping[str, Any]:
    """Values with a dash for any placeholder the case has nothing for (an offer kind not allowed)."""
    return {**{name: "—" for name in PLACEHOLDERS}, **values}


def _title(group: str, name: str) -> str:
    key = f"workstation.script.{group}.{name}"
    return t(key) if has(key) else name.replace("_", " ").capitalize()
