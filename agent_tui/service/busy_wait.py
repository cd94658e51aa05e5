"""Waiting out a busy database: a write that met another writer's lock runs again until it goes through.

A floor shares one database. Another workstation's transaction, an import or
a backup may hold the write lock longer than the database's own wait (the
SQLite busy timeout; on PostgreSQL a lock timeout, or a deadlock or
serialization failure the server ends by rolling one side back). What met
the lock failed whole, so running it again is safe: :meth:`BusyWait.run` does,
after a pause that grows (with some jitter, so writers that collided do not
collide again) up to :data:`LONGEST_PAUSE`.

A note is never lost to a busy database: its save waits as long as it takes,
unless the agent chooses to stop waiting (:meth:`BusyWait.stop`), and the
form then stays as it was, to be kept as a draft. While a use case waits,
:meth:`BusyWait.waiting` says for how long and how many tries, for the
screen to show.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from agent_tui.store.database import is_busy

T = TypeVar("T")

#: The first pause after a busy database, in seconds; each one after it is twice as long, up to the longest.
FIRST_PAUSE = 0.05
LONGEST_PAUSE = 2.0


class Stopped(Exception):
    """The agent stopped waiting for a busy database: what was asked was not written."""


@dataclass(frozen=True)
class Waiting:
    """A use case waiting for a busy database: how many tries failed, and since when (seconds)."""

    tries: int
    seconds: float


class BusyWait:
    """Runs a workstation's use cases again while the database is busy; one at a time, on one workstation."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._stop = threading.Event()
        self._guard = threading.Lock()
        self._since: float | None = None
        self._tries = 0
        #: A stoppable use case is running (it may be inside the database's own wait, not yet told it is busy).
        self._stoppable = False
        self._depth = threading.local()

    def run(self, body: Callable[[], T], *, stoppable: bool = False, patience: float | None = None) -> T:
        """``body()``, again after a pause each time it meets a busy database.

        It goes on until ``body`` goes through; or, with ``stoppable``, until
        :meth:`stop` is called (then :class:`Stopped`); or once it has waited
        ``patience`` seconds (then the busy error itself). Any other error is
        raised at once. Inside another run (on the same thread) ``body`` runs
        once: the outer run runs it all again.
        """
        if getattr(self._depth, "n", 0):
            return body()
        self._depth.n = 1
        try:
            return self._run(body, stoppable, patience)
        finally:
            self._depth.n = 0

    def _run(self, body: Callable[[], T], stoppable: bool, patience: float | None) -> T:
        if stoppable:
            with self._guard:
                self._stop.clear()
                self._stoppable = True
        started = self._clock()
        tries = 0
        try:
            while True:
                try:
                    return body()
                except Exception as error:
                    if not is_busy(error):
                        raise
                    tries += 1
                    waited = self._clock() - started
                    if patience is not None and waited >= patience:
                        raise
                    if stoppable and self._stop.is_set():
                        raise Stopped from error
                    self._note(tries, started)
                    if stoppable and self._stop.wait(self.pause(tries)):
                        raise Stopped from error
                    if not stoppable:
                        time.sleep(self.pause(tries))
        finally:
            with self._guard:
                self._tries, self._since = 0, None
                if stoppable:
                    self._stoppable = False

    @staticmethod
    def pause(tries: int) -> float:
        """The pause after the ``tries``-th busy answer: doubling from the first, capped, with jitter."""
        longest = min(LONGEST_PAUSE, FIRST_PAUSE * 2.0 ** min(tries - 1, 16))
        return longest / 2 + random.random() * longest / 2

    def waiting(self) -> Waiting | None:
        """The use case waiting for a busy database now, or ``None`` when none is (safe from any thread)."""
        with self._guard:
            if self._since is None:
                return None
            return Waiting(self._tries, self._clock() - self._since)

    def stop(self) -> bool:
        """Stop the stoppable use case running now (safe from any thread); whether one was running.

        It stops at its next busy answer: one that goes through meanwhile is written.
        """
        with self._guard:
            if self._stoppable:
                self._stop.set()
            return self._stoppable

    def _note(self, tries: int, since: float) -> None:
        with self._guard:
            self._tries, self._since = tries, since
