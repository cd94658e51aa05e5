"""The team lead's review app, and the one factory that builds it.

``make_review_app`` is used by the command line, by the Pilot tests and by
the snapshot tests alike, so all three run the same thing: a config, a
database URL and a lead code in, a ready :class:`ReviewApp` out, whose
service opened the database read-only.

An error nobody planned for (a read that fails without a message for the
lead) stops the review with a short message, its detail in the log and exit
code 1, never a traceback with the screen's data (see
:mod:`agent_tui.ui.common.crash`).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from datetime import datetime

from textual.binding import Binding
from textual.screen import Screen

from agent_tui.config import Config
from agent_tui.i18n import set_language, t
from agent_tui.service.review import Review, ReviewRefused, open_review, utc_now
from agent_tui.ui.common.crash import CrashSafeApp, crash_message, exit_code, unplanned
from agent_tui.ui.common.shown import plain
from agent_tui.ui.review.dialogs.help import HelpDialog
from agent_tui.ui.review.keys import APP_KEYS, localized, review_keymap, shown
from agent_tui.ui.review.screens.dashboard import DashboardScreen
from agent_tui.ui.review.screens.notes import NotesScreen


def _notes() -> Screen[None]:
    return localized(NotesScreen)()


def _dashboard() -> Screen[None]:
    return localized(DashboardScreen)()


class ReviewApp(CrashSafeApp, inherit_bindings=False):
    """Notes browser and dashboard over a read-only connection: see everything, change nothing.

    Build it with :func:`make_review_app`, which also gives it its keys in the
    review's language. Its keys are its own table's only (quit among them, with
    an id config.yaml can move), so the footer lists them in the table's order.
    """

    CSS_PATH = "review.tcss"
    ENABLE_COMMAND_PALETTE = False  # its words are not in the message catalog; every action has a key
    MODES = {"notes": _notes, "dashboard": _dashboard}
    DEFAULT_MODE = "notes"
    KEYS = APP_KEYS

    def __init__(self, config: Config, review: Review) -> None:
        super().__init__()
        self.config = config
        self.review = review
        self.title = t("review.title")
        self.theme = "textual-dark"
        self.set_keymap(review_keymap(dict(config.keys)))

    def get_key_display(self, binding: Binding) -> str:
        """Keys as printed on the keyboard: ``F3``, ``^Q``."""
        return shown(super().get_key_display(binding))

    def action_help_quit(self) -> None:
        """Ctrl+C does not quit (it copies in a field); say which key does."""
        key = review_keymap(dict(self.config.keys)).get("review.quit", "ctrl+q")
        display = plain(self.get_key_display(Binding(key.split(",")[0], "quit")))
        self.notify(t("review.how_to_quit", key=display), markup=False)

    def action_help(self) -> None:
        """F1: the keys of the screen in front; F1 again closes them."""
        if isinstance(self.screen, HelpDialog):
            self.screen.dismiss(None)
        else:
            self.push_screen(localized(HelpDialog)(self.screen))


def make_review_app(
    config: Config,
    database_url: str,
    lead_code: str | None,
    *,
    now: Callable[[], datetime] | None = None,
    audit_url: str | None = None,
) -> ReviewApp:
    """Build the review for ``lead_code`` on the database at ``database_url``, opened read-only.

    Exports are recorded in the audit log of ``audit_url``, the main database
    (by default the one the review reads).
    """
    set_language(config.language)
    review = open_review(config, database_url, lead_code, now=now or utc_now, audit_url=audit_url or database_url)
    return localized(ReviewApp)(config, review)


def run_review(config: Config, database_url: str, lead_code: str | None, audit_url: str | None = None) -> int:
    """Run the review until the lead quits; the exit code for the command line."""
    try:
        app = make_review_app(config, database_url, lead_code, audit_url=audit_url)
    except ReviewRefused as refused:
        print(plain(refused.msg.render(), lines=True), file=sys.stderr)
        return 2
    except Exception as error:
        if not unplanned(error):
            raise  # a store problem: the command says it
        logging.getLogger(__name__).error("review not opened", exc_info=error)
        print(crash_message(t("review.title"), "open_review", type(error).__name__), file=sys.stderr)
        return 1
    result = app.run()
    return exit_code(app, t("review.title"), result)
