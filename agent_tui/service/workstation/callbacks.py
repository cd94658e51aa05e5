"""The agent's callbacks today: the calls back their own notes set, due today on each debtor's clock.

One key away on the desk; Enter on one opens its case. A callback a later note
changed (by anyone) is not listed: the account's next action is what counts.
"""

from __future__ import annotations

from datetime import timedelta

from agent_tui.domain.debtor_clock import local_today
from agent_tui.service.views import CallbackRow
from agent_tui.service.workstation.desk_state import DeskState
from agent_tui.store.desk_reads import callbacks_set_by

#: Every zone's "today" lies within this of the floor's moment (UTC-12 to UTC+14, and a day's length).
_AROUND = timedelta(hours=40)


def callbacks_today(state: DeskState) -> list[CallbackRow]:
    """The callbacks this agent set that fall today in each debtor's time zone (also those already past)."""
    now = state.now()
    with state.unit():
        agent = state.agent()
        found = callbacks_set_by(agent.id, now - _AROUND, now + _AROUND)
    return [
        CallbackRow(c.account_id, c.account_ref, c.debtor_name, c.time_zone, c.at)
        for c in found
        if local_today(c.at, c.time_zone) == local_today(now, c.time_zone)
    ]
