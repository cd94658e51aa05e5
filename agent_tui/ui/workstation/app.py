"""The agent workstation app, and the one factory that builds it.

``make_app`` is used by the command line, by the Pilot tests and by the
snapshot tests alike, so all three run the same thing: a config, a database
URL and an agent code in, a ready :class:`WorkstationApp` out.

The desk is drawn at once; the service (and with it the store and Peewee) is
opened on the desk's database worker beside it (see
:class:`~agent_tui.ui.workstation.desk.DeskScreen`). A start that cannot go on
(an agent the database does not know, a broken call script, a database that
cannot be opened) closes the app again with exit code 2, and
:func:`run_workstation` reports why. An error nobody planned for ends it
with a short message, its detail in the log and exit code 1, never a
traceback with the desk's data (see :mod:`agent_tui.ui.common.crash`).

Keys typed faster than the desk answers wait their turn
(:mod:`~agent_tui.ui.workstation.typeahead`): typed fast, they do what they do
typed slowly.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from textual import events, on
from textual.binding import Binding

from agent_tui.config import Config
from agent_tui.i18n import set_language, t
from agent_tui.ui.common.crash import CrashSafeApp, crash_message, exit_code, unplanned
from agent_tui.ui.workstation.desk import DeskScreen
from agent_tui.ui.workstation.desk_messages import OpenFailed
from agent_tui.ui.workstation.keys import APP_KEYS, keymap_problems, localized, shown
from agent_tui.ui.workstation.typeahead import TypeAhead

if TYPE_CHECKING:
    from agent_tui.service.workstation import Workstation


def utc_now() -> datetime:
    """The real clock, in UTC (tests pass a fixed one instead)."""
    return datetime.now(UTC)


class WorkstationApp(CrashSafeApp, inherit_bindings=False):
    """The agent's screen: queue, debtor, script and call note, driven by the keyboard alone.

    Build it with :func:`make_app`, which also gives it its keys in the workstation's language.
    """

    # Quit comes from the key table (with its id, so config.yaml can move it); Ctrl+C only says how.
    KEYS = APP_KEYS
    CSS_PATH = "workstation.tcss"
    #: Below 120 columns the desk shows one pane at a time and dialogs lose their margins.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    ENABLE_COMMAND_PALETTE = False  # its words are not in the message catalog; every action has a key

    def __init__(
        self, config: Config, open_service: Callable[[], Workstation], now: Callable[[], datetime] = utc_now
    ) -> None:
        super().__init__()
        self.config = config
        self.open_service = open_service
        self.now = now
        #: Why the start could not go on (the app then leaves with exit code 2); None while it can.
        self.start_error: BaseException | None = None
        #: Keys typed while the desk is still at work on the one before wait here for their turn.
        self.typeahead = TypeAhead(self, busy=self._desk_busy, idle=self._desk_idle)
        self.title = t("workstation.title")
        self.theme = "textual-dark"
        self.set_keymap(dict(config.keys))

    async def on_event(self, event: events.Event) -> None:
        """A key (or a paste) is handed on only once the desk is done with the one before it."""
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            if isinstance(event, events.Key) and event.key == "escape" and self._keep_as_draft():
                return  # not held behind the save it stops
            if self.typeahead.holds(event):
                return
            try:
                await super().on_event(event)
            finally:
                self.typeahead.handed_on()
            return
        await super().on_event(event)

    def _keep_as_draft(self) -> bool:
        """Esc while a save waits for a busy database: the note is kept as a draft instead."""
        return bool(self.screen_stack) and self.desk.controller.keep_as_draft()

    def _desk_busy(self) -> bool:
        return bool(self.screen_stack) and self.desk.controller.worker.busy

    async def _desk_idle(self) -> None:
        if self.screen_stack:
            await self.desk.controller.worker.idle()

    async def settled(self) -> None:
        """Until the desk is open (its queue shown, F2 usable), every key typed so far has been handled,
        and the database has answered all they asked."""
        if self.screen_stack:
            await self.desk.controller.open_done.wait()
        await self.typeahead.settled()
        await self._desk_idle()

    def get_key_display(self, binding: Binding) -> str:
        """Keys as printed on the keyboard: ``F3``, ``^S``."""
        return shown(super().get_key_display(binding))

    def get_default_screen(self) -> DeskScreen:
        return localized(DeskScreen)(self.open_service, self.now, self.config.time_zone, dict(self.config.keys))

    @property
    def service(self) -> Workstation | None:
        """The workstation's service once the desk has opened it (None before)."""
        return self.desk.controller.service if self.screen_stack else None

    @on(OpenFailed)
    def start_failed(self, event: OpenFailed) -> None:
        """The desk could not open the service: leave with exit code 2 (run_workstation says why)."""
        logging.getLogger(__name__).error("workstation not opened", exc_info=event.error)
        self.start_error = event.error
        self._leave(2)

    def _leave(self, code: int) -> None:
        """Exit once the desk's note form is in its place: Textual's ``Lazy`` cannot mount it into a closed desk."""
        if self.screen_stack and not self.desk.query("#note"):
            self.desk.call_after_refresh(self._leave, code)
            return
        self.exit(code, return_code=code)

    @property
    def desk(self) -> DeskScreen:
        """The main screen (whatever dialog is on top of it)."""
        return self.screen_stack[0]  # type: ignore[return-value]

    def action_help_quit(self) -> None:
        """Ctrl+C does not quit (it copies in a field); say which key does."""
        self.notify(t("workstation.notice.how_to_quit"), markup=False)

    async def action_quit(self) -> None:
        """Ctrl+Q: asks first when a call or a note is not saved (a second Ctrl+Q leaves); the draft goes to the
        database first (the desk's worker writes it, and is waited for), then leave."""
        from agent_tui.ui.workstation.dialogs.leave import LeaveScreen

        if isinstance(self.screen, LeaveScreen):
            self.screen.dismiss(True)
            return
        unsaved = self.desk.unsaved() if self.screen_stack else None
        if unsaved is not None:
            ref, on_call = unsaved

            async def answered(leave: bool | None) -> None:
                if leave:
                    await self._save_and_leave()

            self.push_screen(localized(LeaveScreen)(ref, on_call), answered)
            return
        await self._save_and_leave()

    async def _save_and_leave(self) -> None:
        if self.screen_stack:
            try:
                await self.desk.controller.before_quit()
            except Exception as exc:  # quitting must still work; the last autosave is at most a second old
                self.log.error(f"draft not saved on quit: {exc!r}")
        self._leave(0)


def make_app(
    config: Config,
    database_url: str,
    agent_code: str,
    *,
    now: Callable[[], datetime] | None = None,
) -> WorkstationApp:
    """Build the workstation for ``agent_code`` on the database at ``database_url``.

    Nothing is opened here: the desk opens the service on its worker as it is drawn.
    """
    set_language(config.language)
    clock = now or utc_now

    def open_service() -> Workstation:
        from agent_tui.service.workstation import open_workstation

        service = open_workstation(config, database_url, agent_code, now=clock)
        service.agent()  # an agent the database does not know stops the start, not the first case
        _ = service.loader.scripts.script  # so does a broken call script
        return service

    return localized(WorkstationApp)(config, open_service, clock)


def run_workstation(config: Config, database_url: str, agent_code: str) -> int:
    """Run the workstation until the agent quits; the exit code for the command line."""
    problems = keymap_problems(config)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 2
    from agent_tui.log import start_log, stop_log

    start_log()
    log = logging.getLogger(__name__)
    # The scheme only: a PostgreSQL URL may carry a password.
    log.info("workstation started agent=%s database=%s", agent_code, database_url.partition(":")[0])
    app = make_app(config, database_url, agent_code)
    code = 0
    try:
        result = app.run()
        if app.start_error is None:
            code = exit_code(app, t("workstation.title"), result)  # while the log is open: it may write to it
    except Exception:
        log.exception("workstation stopped by an error")
        raise
    finally:
        log.info("workstation closed agent=%s", agent_code)
        stop_log()
    if app.start_error is not None:
        return _start_refused(app.start_error)
    return code


def _start_refused(error: BaseException) -> int:
    """Say why the start could not go on: exit code 2 (1 for a fault); a store problem goes to the command's handler."""
    from agent_tui.domain.scripts import ScriptError
    from agent_tui.service.errors import CaseRefused

    if isinstance(error, CaseRefused):
        print(error.msg.render(), file=sys.stderr)
        return 2
    if isinstance(error, ScriptError):
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 2
    if unplanned(error):  # its traceback is in the log already (the desk wrote it)
        print(crash_message(t("workstation.title"), "open_workstation", type(error).__name__), file=sys.stderr)
        return 1
    raise error  # a store problem: the command says it
