"""`agent-tui letter REF --kind K --out FILE.pdf`: the debtor's documents, from the figures `case` prints."""

from __future__ import annotations

import argparse
from pathlib import Path

from agent_tui.cli.common import TaskError, UsageError, case_moment, database_url, read_case_file, say, store_errors
from agent_tui.config import Config
from agent_tui.i18n import t


@store_errors
def letter_command(args: argparse.Namespace, config: Config) -> int:
    """Write one letter about account ``args.ref`` as PDF, and put it on record."""
    from zoneinfo import ZoneInfo

    from agent_tui.i18n import language
    from agent_tui.service.export_record import os_actor
    from agent_tui.service.letters import LetterProblem, check_kind, compose, find_font, render_pdf, write_letter

    case_moment(args)  # a bad --at or --as-of is a usage error before anything else is looked at
    try:
        check_kind(args.kind, config)
        font = find_font()
        url = database_url(args, config)
        case, at = read_case_file(args, config)
        if case is None:
            raise TaskError(t("letters.unknown_ref", ref=args.ref))
        lang = language()
        sent = at.astimezone(ZoneInfo(config.time_zone)).date()  # the letter's date on the floor's calendar
        letter = compose(args.kind, case, config, lang, sent)
        pdf, pages = render_pdf(letter, font, lang)
        written = write_letter(letter, pdf, pages, case, Path(args.out), args.force, url, os_actor(), lang)
    except LetterProblem as exc:
        if exc.exit_code == 2:
            raise UsageError(str(exc)) from None
        raise TaskError(str(exc)) from None
    say(t("letters.written", path=str(written.path), kind=args.kind, pages=written.pages, sha256=written.sha256,
          seq=written.seq))
    return 0
