"""The debtor's personal data the screen shows masked, revealed on the agent's request and audited.

The national ID is masked on the case's profile; the full number leaves the
database only here, and only after the reveal is written to the audit trail.
"""

from __future__ import annotations

import logging

from agent_tui.service.errors import CaseRefused
from agent_tui.service.workstation.desk_state import DeskState
from agent_tui.store.audit import append_event
from agent_tui.store.desk_reads import national_id_of

log = logging.getLogger(__name__)  # ids and refs only: see agent_tui.log


class PersonalData:
    """Revealing what the screen masks."""

    def __init__(self, state: DeskState) -> None:
        self.state = state

    def reveal_national_id(self, account_id: int) -> str:
        """The full national ID; the reveal is written to the audit log first."""
        state = self.state
        now = state.now()
        with state.unit():
            agent = state.agent()
            found = national_id_of(account_id)
            if found is None:
                raise CaseRefused("no_case")
            debtor_id, national_id = found
            append_event(agent.code, "national_id_revealed", f"debtor:{debtor_id}", {"account": account_id}, now)
            log.info("national id revealed account=%s", account_id)
            return national_id
