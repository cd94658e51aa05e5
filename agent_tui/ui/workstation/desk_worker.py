"""The desk's one database worker: the service's steps run on one thread, one at a time, in the order asked.

Every step the desk asks of the workstation's service (open a case, dial,
check the note, save it …) is queued here and run off the UI thread; its
answer comes back as a message, and the answers come in the order the steps
were asked. So F3 then F5 typed together dial, then end the call: the end
never overtakes the dial, and neither is dropped.

At most one Textual thread worker serves the queue at a time: it takes the
steps in order until none is left, then ends, and the next step asked starts
another. (Textual's ``exclusive=True`` would cancel the earlier worker of a
group, dropping its step; none is ever dropped here, except a search that a
newer search of the same dialog has made pointless before it started.)

The desk counts the steps whose answers keys must wait for; :meth:`idle`
waits until each of them has been answered.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.dom import DOMNode
from textual.message import Message
from textual.message_pump import MessagePump


@dataclass(frozen=True)
class Step:
    """One step asked of the service: the call, and where its answer (or its failure) goes."""

    call: Callable[[], Any]
    #: The answer as a message, from what the call returned (None: the step has no answer).
    answer: Callable[[Any], Message] | None
    failed: Callable[[BaseException], Message]
    to: MessagePump
    #: Keys typed after it wait for its answer (see :meth:`DeskWorker.idle`).
    keys_wait: bool
    #: A newer step with the same tag makes this one pointless if it has not started yet.
    tag: str | None


class DeskWorker:
    """The queue of the desk's steps and the one worker that runs them in order."""

    @dataclass
    class Failed(Message):
        """A step raised: ``step`` names the service method, ``error`` is what it raised."""

        step: str
        error: BaseException

    def __init__(self, host: DOMNode) -> None:
        self._host = host
        self._steps: deque[Step] = deque()
        self._lock = threading.Lock()
        self._serving = False
        self._unanswered = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._answered_all: asyncio.Event | None = None

    def ask(
        self,
        method: Callable[..., Any],
        *args: Any,
        answer: Callable[[Any], Message] | None = None,
        to: MessagePump | None = None,
        failed: Callable[[BaseException], Message] | None = None,
        keys_wait: bool = True,
        tag: str | None = None,
    ) -> None:
        """Queue ``method(*args)``; post ``answer(result)`` to ``to`` (the host by default) once it has run.

        A step that raises posts ``failed(error)`` to the host instead (by
        default :class:`DeskWorker.Failed`).
        """
        if self._answered_all is None:
            self._loop = asyncio.get_running_loop()
            self._answered_all = asyncio.Event()
            self._answered_all.set()
        name = getattr(method, "__name__", repr(method))
        step = Step(
            call=partial(method, *args),
            answer=answer,
            failed=failed or partial(self.Failed, name),
            to=to or self._host,
            keys_wait=keys_wait,
            tag=tag,
        )
        with self._lock:
            if tag is not None:
                dropped = [s for s in self._steps if s.tag == tag]
                for old in dropped:
                    self._steps.remove(old)
                    if old.keys_wait:
                        self._unanswered -= 1
            self._steps.append(step)
            start = not self._serving
            self._serving = True
        if keys_wait:
            self._unanswered += 1
            self._answered_all.clear()
        if start:
            self._host.run_worker(self._serve, name="database", group="database", thread=True, exit_on_error=False)

    @property
    def busy(self) -> bool:
        """Whether a step that keys wait for has not been answered yet."""
        return self._unanswered > 0

    async def idle(self) -> None:
        """Until every step that keys wait for has been answered (its answer posted)."""
        if self._answered_all is not None:
            await self._answered_all.wait()

    def _serve(self) -> None:
        """The worker: run the queued steps in order until none is left."""
        while True:
            with self._lock:
                if not self._steps:
                    self._serving = False
                    return
                step = self._steps.popleft()
            self._run(step)

    def _run(self, step: Step) -> None:
        try:
            result = step.call()
        except Exception as error:  # the desk says what failed; the worker goes on with the next step
            self._host.post_message(step.failed(error))
        else:
            if step.answer is not None:
                step.to.post_message(step.answer(result))
        if step.keys_wait and self._loop is not None:
            # After the answer: the loop runs both in order, so the answer is queued before the count drops.
            # (A closed loop raises: the app has gone, and nobody waits any more.)
            with contextlib.suppress(RuntimeError):
                self._loop.call_soon_threadsafe(self._answered)

    def _answered(self) -> None:
        self._unanswered -= 1
        if self._unanswered <= 0 and self._answered_all is not None:
            self._unanswered = 0
            self._answered_all.set()
