"""The agent workstation app, and the one factory that builds it.

``make_app`` is used by the command line, by the Pilot tests and by the
snapshot tests alike, so all three run the same thing: a config, a database
URL and an agent code in, a ready :class:`WorkstationApp` out.

The app draws the desk before it opens the database: the service (and with
it the store, Peewee and the rules) is imported and opened in a worker just
after the first frame (see :class:`~agent_tui.ui.workstation.desk.DeskScreen`).
A start that cannot go on (an agent the database does not know, a broken
call script, a database that cannot be opened) closes the app again with
exit code 2, and :func:`run_workstation` reports why.
"""

from __future__ import annotations

import gc
import logging
import sys
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Callable

from textual.app import App
from textual.binding import Binding

from agent_tui.config import Config
from agent_tui.drivers import leave_out_server_drivers
from agent_tui.i18n import set_language, t
from agent_tui.ui.workstation.keys import APP_KEYS, keymap_problems, localized_bindings, shown
from agent_tui.ui.workstation.desk import DeskScreen

if TYPE_CHECKING:
    from agent_tui.service.workstation import Workstation


def utc_now() -> datetime:
    """The real clock, in UTC (tests pass a fixed one instead)."""
    return datetime.now(timezone.utc)


class WorkstationApp(App[int], inherit_bindings=False):
    """The agent's screen: queue, debtor, script and call note, driven by the keyboard alone."""

    # Quit comes from the key table (with its id, so config.yaml can move it); Ctrl+C only says how.
    BINDINGS = [Binding("ctrl+c", "help_quit", show=False, system=True)]
    CSS_PATH = "workstation.tcss"
    #: Below 120 columns the desk shows one pane at a time and dialogs lose their margins.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    ENABLE_COMMAND_PALETTE = False  # its words are not in the message catalog; every action has a key

    def __init__(
        self, config: Config, open_service: Callable[[], Workstation], now: Callable[[], datetime] = utc_now
    ) -> None:
        super().__init__()
        self._bindings = localized_bindings(APP_KEYS, self._bindings)
        self.config = config
        self.open_service = open_service
        self.now = now
        #: Why the start could not go on (the app then leaves with exit code 2); None while it can.
        self.start_error: BaseException | None = None
        self._collector_held = False
        self.title = t("workstation.title")
        self.theme = "textual-dark"
        self.set_keymap(dict(config.keys))

    def on_load(self) -> None:
        """Hold Python's cycle collector off until the desk's first frame is drawn.

        Drawing the first frame allocates enough to set off a full collection of
        everything the imports made (tens of milliseconds, mid-frame), with next
        to nothing yet to free. The desk releases it just after the frame.
        """
        if gc.isenabled():
            gc.disable()
            self._collector_held = True

    def first_frame_drawn(self) -> None:
        """The desk is on the screen: the cycle collector runs again."""
        if self._collector_held:
            self._collector_held = False
            gc.enable()

    def on_unmount(self) -> None:
        self.first_frame_drawn()  # an app closed before its first frame gives the collector back too

    def get_key_display(self, binding) -> str:
        """Keys as printed on the keyboard: ``F3``, ``^S``."""
        return shown(super().get_key_display(binding))

    def get_default_screen(self) -> DeskScreen:
        return DeskScreen(self.open_service, self.now, self.config.time_zone)

    @property
    def service(self) -> Workstation | None:
        """The workstation's service once the desk has opened it (None before)."""
        return self.desk.opened if self.screen_stack else None

    def start_failed(self, error: BaseException) -> None:
        """The service could not be opened: leave with exit code 2 (run_workstation says why)."""
        self.start_error = error
        self.exit(2, return_code=2)

    @property
    def desk(self) -> DeskScreen:
        """The main screen (whatever dialog is on top of it)."""
        return self.screen_stack[0]  # type: ignore[return-value]

    def action_help_quit(self) -> None:
        """Ctrl+C does not quit (it copies in a field); say which key does."""
        self.notify(t("workstation.notice.how_to_quit"), markup=False)

    async def action_quit(self) -> None:
        """Ctrl+Q: write the draft first, then leave."""
        try:
            self.desk.save_draft_now()
        except Exception as exc:  # quitting must still work; the last autosave is at most a second old
            self.log.error(f"draft not saved on quit: {exc!r}")
        self.exit(0)


def make_app(
    config: Config,
    database_url: str,
    agent_code: str,
    *,
    now: Callable[[], datetime] | None = None,
) -> WorkstationApp:
    """Build the workstation for ``agent_code`` on the database at ``database_url``.

    Nothing is opened here: the desk opens the service in a worker after its first frame.
    """
    set_language(config.language)
    leave_out_server_drivers(database_url)  # before Peewee is first imported, by the opening worker
    clock = now or utc_now

    def open_service() -> Workstation:
        # The service (and with it the store and Peewee) is imported here, off the UI thread.
        from agent_tui.service.workstation import open_workstation

        service = open_workstation(config, database_url, agent_code, now=clock)
        service.agent()  # an agent the database does not know stops the start, not the first case
        service.loader.scripts.script  # so does a broken call script
        return service

    return WorkstationApp(config, open_service, clock)


def run_workstation(config: Config, database_url: str, agent_code: str) -> int:
    """Run the workstation until the agent quits; the exit code for the command line."""
    problems = keymap_problems(dict(config.keys))
    if problems:
        for problem in problems:
            print(f"config: {problem}", file=sys.stderr)
        return 2
    from agent_tui.log import start_log, stop_log

    start_log()
    log = logging.getLogger(__name__)
    # The scheme only: a PostgreSQL URL may carry a password.
    log.info("workstation started agent=%s database=%s", agent_code, database_url.partition(":")[0])
    app = make_app(config, database_url, agent_code)
    try:
        result = app.run()
    except Exception:
        log.exception("workstation stopped by an error")
        raise
    finally:
        log.info("workstation closed agent=%s", agent_code)
        stop_log()
    if app.start_error is not None:
        return _start_refused(app.start_error)
    return result if isinstance(result, int) else 0


def _start_refused(error: BaseException) -> int:
    """Say why the start could not go on: exit code 2; a store problem goes to the command's own handler."""
    from agent_tui.domain.scripts import ScriptError
    from agent_tui.service.errors import CaseRefused

    if isinstance(error, CaseRefused):
        print(error.msg.render(), file=sys.stderr)
        return 2
    if isinstance(error, ScriptError):
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 2
    raise error
