"""The demo's worker processes, tied to the process that starts them.

A large demo is drawn by worker processes. Each inherits the write end of
the pool's task pipe from the parent, so when the parent is killed (kill -9,
a closed terminal) no worker ever reads end-of-file: they would wait, or
finish drawing, for ever, a hundred megabytes each. So each worker asks the
kernel to kill it when its parent goes (Linux: ``prctl(PR_SET_PDEATHSIG)``),
and elsewhere watches its parent's id and leaves when it changes.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

#: ``PR_SET_PDEATHSIG`` from <linux/prctl.h>: the signal a process gets when its parent dies.
PR_SET_PDEATHSIG = 1
#: Seconds between two looks at the parent, where the kernel cannot be asked.
WATCH_SECONDS = 1.0


def worker_pool(max_workers: int) -> ProcessPoolExecutor:
    """A process pool whose workers end when this process ends, however it ends."""
    context = multiprocessing.get_context()
    # A forkserver's workers are its children, not ours: there the parent's id says nothing.
    parent = os.getpid() if context.get_start_method() in ("fork", "spawn") else 0
    return ProcessPoolExecutor(max_workers=max_workers, mp_context=context, initializer=die_with_parent,
                               initargs=(parent,))


def die_with_parent(parent: int) -> None:
    """Run in each worker as it starts: end it when its parent ends (``parent``: its id, or 0 if unknown)."""
    if not _kernel_kills_with_parent():
        threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True, name="watch-parent").start()
    if parent and os.getppid() != parent:
        os._exit(1)  # the parent went before the line above took hold


def _kernel_kills_with_parent() -> bool:
    """Ask Linux to send SIGKILL to this process when its parent dies; whether it was done."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)
