"""The operational log after a whole call: ids and refs, never what was said or who said it."""

from __future__ import annotations

import logging
import stat

from agent_tui.log import masked, start_log, stop_log
from agent_tui.store.models import Account, CallNote, ContactPoint, Debtor

from .test_first_call import test_a_whole_first_call_with_keys_only as whole_first_call


def _personal_values() -> list[str]:
    """Everything in the database the log must not hold: names, numbers, IDs, note text."""
    values = []
    for debtor in Debtor.select():
        values += [debtor.name, debtor.national_id]
    values += [point.value for point in ContactPoint.select()]
    values += [point.value.replace("-", "").replace(" ", "") for point in ContactPoint.select()]
    values += [note.text for note in CallNote.select()]
    return [v for v in values if v]


async def test_a_whole_call_leaves_ids_in_the_log_and_nothing_personal(workstation, tmp_path):
    path = start_log(tmp_path / "logs" / "agent-tui.log")
    try:
        await whole_first_call(workstation, "en")
    finally:
        stop_log()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text(encoding="utf-8")
    note = CallNote.select().order_by(CallNote.id.desc()).get()
    account = Account.get_by_id(note.account_id)
    # The log is not empty: the call's steps are there, by id and ref.
    assert f"case opened account={account.id} ref={account.ref}" in text
    assert f"call dialled account={account.id}" in text
    assert f"note saved id={note.id} account={account.id}" in text
    leaks = [value for value in _personal_values() if value in text]
    assert leaks == []


def test_a_number_in_an_error_reaches_the_log_masked(tmp_path):
    path = start_log(tmp_path / "agent-tui.log")
    try:
        try:
            raise ValueError("cannot dial 138-0013-0001 for 110101198503070001X, mail li.wei@example.cn")
        except ValueError:
            logging.getLogger("agent_tui.service.workstation").exception("dial failed account=7")
    finally:
        stop_log()
    text = path.read_text(encoding="utf-8")
    assert "Traceback" in text and "dial failed account=7" in text
    for value in ("138-0013-0001", "13800130001", "110101198503070001", "li.wei@example.cn"):
        assert value not in text
    assert "***-****-0001" in text  # masked, its last four kept so the agent can tell numbers apart


def test_masking_leaves_ids_refs_and_short_numbers_alone():
    line = "note saved id=123456 account=42 ref=ACC-0001"
    assert masked(line) == line
    assert masked("+86 138 0013 0001") == "+** *** **** 0001"
