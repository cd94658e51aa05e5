"""The operational log holds no character a terminal would obey, and a value cannot forge a line of it."""

from __future__ import annotations

import logging
import unicodedata

from agent_tui.log import start_log, stop_log

HOSTILE = "[/]\x1b]0;PWNED-TITLE\x07\x1b]52;c;cHduZWQ=\x07\x9b31m\u202eevil\u2028\x7f"
FORGED = "\n2026-01-01 00:00:00,000 INFO agent_tui.service: note saved id=1"


def obeyed(text: str) -> list[str]:
    """What a terminal would act on rather than show (the file's own line breaks aside)."""
    return [ch for ch in text if unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} and ch not in "\n\u200c\u200d"]


def test_escapes_in_a_message_a_traceback_and_a_stack_are_shown_not_obeyed(tmp_path):
    path = start_log(tmp_path / "agent-tui.log")
    log = logging.getLogger("agent_tui.service.workstation")
    try:
        log.info("case opened ref=%s", HOSTILE + FORGED)
        try:
            raise ValueError(f"bad ref {HOSTILE}")
        except ValueError:
            log.exception("open failed ref=%s", HOSTILE)
        log.warning("where %s", HOSTILE, stack_info=True)
    finally:
        stop_log()
    text = path.read_text(encoding="utf-8")
    assert not obeyed(text)
    assert "\\x1b]0;PWNED-TITLE\\x07" in text and "\\u202eevil" in text and "[/]" in text
    assert "Traceback" in text and "Stack (most recent call last)" in text
    # The line break in the value is shown, so the forged line is not a line of the log.
    assert not any("INFO agent_tui.service: note saved" in line.split("\\x0a")[0] for line in text.splitlines())
    assert "\\x0a" in text.splitlines()[0]
