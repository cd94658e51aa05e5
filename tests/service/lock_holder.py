"""Another program holding SQLite's write lock for a while, for the lock-wait tests."""

from __future__ import annotations

import sqlite3
import threading


class WriteLockHolder:
    """Takes the database's write lock (BEGIN IMMEDIATE) now and lets go after ``seconds``, in a thread."""

    def __init__(self, url: str, seconds: float = 3.0) -> None:
        self.conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None, check_same_thread=False)
        self.conn.execute("BEGIN IMMEDIATE")  # from here every other writer waits
        self.released = threading.Event()
        self._timer = threading.Timer(seconds, self._release)
        self._timer.start()

    def _release(self) -> None:
        self.released.set()  # set first: whatever commits after this line waited for the lock
        self.conn.execute("ROLLBACK")
        self.conn.close()

    def join(self) -> None:
        self._timer.join()
