"""An error nobody planned for: a short message on the terminal, the detail in the log, exit code 1.

Left to itself, Textual answers an unhandled error by closing the app and
printing a traceback with every frame's local variables (note text, names,
numbers) to the terminal, and so into ``serve``'s log; ``agent-tui`` then
left with exit code 0. Textual 8.2.8 has no public hook that receives such
an error (its handler, ``App._handle_exception``, is private), so the apps
here do it with public parts only:

- Their own work that can fail for a reason nobody planned — a service call
  on a worker — hands the error to :meth:`CrashSafeApp.stop_on_error` (a
  screen's failed worker through :func:`fault_stops_app`), which
  writes its traceback (without local variables, numbers masked by the log's
  formatter) to the 0600 log, keeps what failed and the error's class, and
  closes the app with exit code 1.
- Textual's own report goes to a console that writes nowhere
  (``App.error_console`` is public), so an error Textual caught (a fault in
  drawing the screen) shows no data either; its traceback is not kept, as the
  report lists the screen's data. The log notes the screen it happened on.
- After the app has closed, :func:`exit_code` prints the short message (what
  failed, the error's class, where the log is; in the reader's language) and
  gives the exit code.

A refusal the reader can act on carries a catalog message (``error.msg``) and
is shown where it happened; only an error without one stops the app
(:func:`unplanned`).
"""

from __future__ import annotations

import io
import logging
import sys
from typing import Any

from rich.console import Console
from textual.app import App
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.worker import Worker

from agent_tui.i18n import Msg, t
from agent_tui.log import LOGGER, log_path

#: The exit code of an app an unexpected error stopped.
CRASH_EXIT = 1

log = logging.getLogger(f"{LOGGER}.crash")


class _Nowhere(io.StringIO):
    """A text file that keeps nothing."""

    def write(self, text: str) -> int:
        return len(text)


def silent_console() -> Console:
    """A console whose output goes nowhere (for Textual's report of an unhandled error)."""
    return Console(file=_Nowhere(), markup=False, highlight=False)


def unplanned(error: BaseException | None) -> bool:
    """Whether ``error`` is a fault rather than a refusal: it carries no catalog message to show."""
    return error is not None and not isinstance(getattr(error, "msg", None), Msg)


class CrashSafeApp(App[int], inherit_bindings=False):
    """An app whose unexpected errors show no data and end it with exit code 1 (see the module)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.error_console = silent_console()
        #: What failed and the error's class, once an unexpected error has stopped the app.
        self.crash: tuple[str, str] | None = None
        #: The class of the screen in front (an error Textual caught is named by it).
        self.screen_in_front = ""

    def on_mount(self) -> None:
        self.screen_in_front = type(self.screen).__name__
        self.screen_change_signal.subscribe(self, self._screen_changed)

    def _screen_changed(self, screen: Screen[Any]) -> None:
        self.screen_in_front = type(screen).__name__

    def stop_on_error(self, what: str, error: BaseException) -> None:
        """``what`` (a name from the code, never data) failed with an unplanned ``error``: log it, leave.

        The first error is the one reported; later ones (the app is closing) only go to the log.
        """
        log.error("%s failed with %s", what, type(error).__name__, exc_info=error)
        if self.crash is None:
            self.crash = (what, type(error).__name__)
        self.exit(return_code=CRASH_EXIT)


def fault_stops_app(node: MessagePump, worker: Worker[Any]) -> bool:
    """``node``'s ``worker`` failed: if its error is a fault, the app stops on it (True); a refusal
    (False) is for ``node`` to show."""
    if not unplanned(worker.error):
        return False
    app = node.app
    assert worker.error is not None
    if isinstance(app, CrashSafeApp):
        app.stop_on_error(f"{type(node).__name__}.{worker.name}", worker.error)
    else:
        raise worker.error
    return True


def _log_file() -> str:
    for handler in logging.getLogger(LOGGER).handlers:
        if isinstance(handler, logging.FileHandler):
            return handler.baseFilename
    return str(log_path())


def crash_message(name: str, what: str, error: str) -> str:
    """The short message for the terminal: ``name`` stopped, ``what`` failed with ``error`` (a class name)."""
    return t("common.crash.stopped", app=name, what=what, error=error, log=_log_file())


def exit_code(app: CrashSafeApp, name: str, result: object) -> int:
    """After ``app.run()``: say what stopped it, if an error did (on stderr); the exit code.

    ``name`` is the app's name in the message; ``result`` is what ``run`` returned.
    """
    if app.crash is not None:
        print(crash_message(name, *app.crash), file=sys.stderr)
        return CRASH_EXIT
    if app.return_code == CRASH_EXIT:
        # Textual caught it and kept the report (with the screen's data) to itself.
        where = app.screen_in_front or "-"
        log.error("%s stopped by an error on %s that the screen library caught; its report is not kept",
                  name, where)
        print(t("common.crash.stopped_on", app=name, what=where, log=_log_file()), file=sys.stderr)
        return CRASH_EXIT
    return result if isinstance(result, int) else 0
