"""One agent of the load test, in a process of its own: claim, dial, save a note, in a loop.

Run as ``python -m tests.load.worker URL CODE SECONDS STARTED LEASE_SECONDS [hold]``.
Prints one JSON line per saved note (``{"note": id, "account": id}``) and, with
``hold``, claims one case, prints ``{"holding": id}`` and waits to be killed.
"""

from __future__ import annotations

import json
import sys
import time

from agent_tui.i18n import set_language
from agent_tui.service.dialer import Dialer
from agent_tui.service.errors import CaseRefused
from agent_tui.service.views import NoteDraft
from agent_tui.service.workstation import Workstation
from agent_tui.store.database import open_database, use_database
from tests.load.floor import FloorClock, floor_config


def say(data: dict) -> None:
    print(json.dumps(data), flush=True)


def work(url: str, code: str, seconds: float, started: float, lease_seconds: float, hold: bool) -> None:
    """Work the floor for ``seconds``; with ``hold``, take one case and never finish it."""
    set_language("en")
    # The shipped settings: a writer that waits longer than the busy timeout for the lock tries again.
    db = use_database(open_database(url))
    station = Workstation(db, floor_config(lease_seconds), code, now=FloorClock(started), dialer=Dialer(""))
    if hold:
        case = None
        while case is None:
            case = station.next_case()
        say({"holding": case.account_id})
        time.sleep(3600)
        return
    deadline = time.monotonic() + seconds
    case = None
    while time.monotonic() < deadline:
        try:
            case = case or station.next_case()
            if case is None:
                time.sleep(0.05)
                continue
            dialled = station.dial(case.account_id)
            if not dialled.allowed:
                station.leave_case(case.account_id)
                case = None
                continue
            station.end_call(case.account_id)
            draft = NoteDraft(outcome="no_answer", next_action="send_notice", text=f"{code}: no answer")
            result = station.save_note(case.account_id, draft)
            if not result.saved:
                say({"problems": [str(p) for p in result.problems]})
                return
            say({"note": result.note_id, "account": case.account_id})
            case = result.next_case
        except CaseRefused as refused:
            say({"refused": refused.msg.key})
            case = None
    if case is not None:
        station.leave_case(case.account_id)


if __name__ == "__main__":
    url, code, seconds, started, lease = sys.argv[1:6]
    work(url, code, float(seconds), float(started), float(lease), hold="hold" in sys.argv[6:])
