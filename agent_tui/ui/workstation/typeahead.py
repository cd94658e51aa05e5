"""Type-ahead: a key typed while the desk is still at work on the one before waits its turn.

An agent types ahead: F3 (dial) and F5 (end the call) in one movement, or a
burst the terminal delivers all at once. What a key does depends on what the
keys before it did: F5 ends the call F3 started, Enter picks in the list F5
put the cursor on. But the work of a key is not over when Textual has handed
it on: the database answers from its worker later, and the widgets handle
their messages (a change of focus among them) each in its own turn. Textual
hands on the next key at once, so it acted on the screen as it was before:
F5 found no call to end and was lost, and the Enter after it opened a case
from the queue instead of picking an outcome.

So the app hands a key on only once everything the key before it started is
over: each database step it asked has been answered, and every widget on the
screen (and the app) has handled the messages it had. A key that comes
sooner waits here, in order, and is handed on when its turn comes. Typed
fast, keys do exactly what they do typed slowly; a lone key is handed on at
once. Keys are only held, never dropped: a key that does nothing now (dimmed
in the footer) is handed on like any other, and does nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from textual import events
from textual.app import App
from textual.message_pump import MessagePump

#: A round of messages that takes longer than this is not waited for any longer (a widget that never
#: handles its messages again must not stop the keys for good).
ROUND_CEILING = 5.0
#: Rounds after which the next key goes anyway (timers keep posting; the screen is as quiet as it gets).
MOST_ROUNDS = 20

TypedEvent = events.Key | events.Paste


class TypeAhead:
    """The keys waiting for the ones before them to be done; see the module's text."""

    def __init__(self, app: App[Any], busy: Callable[[], bool], idle: Callable[[], Awaitable[None]]) -> None:
        self._app = app
        self._busy = busy
        self._idle = idle
        self._waiting: deque[TypedEvent] = deque()
        #: A key was handed on and what it started is not over yet.
        self._at_work = False
        #: The waiting key handed on last, on its way through the app's queue.
        self._turn: TypedEvent | None = None
        self._quiet = asyncio.Event()
        self._quiet.set()

    @property
    def waiting(self) -> int:
        """How many keys wait for their turn."""
        return len(self._waiting)

    def holds(self, event: TypedEvent) -> bool:
        """Whether ``event`` must wait (it is then kept, and posted to the app again when its turn comes)."""
        if event is self._turn:
            self._turn = None
            return False
        if self._at_work or self._waiting:
            self._waiting.append(event)
            return True
        return False

    def handed_on(self) -> None:
        """A key has just been handed on: the next one waits until all it started is over."""
        self._at_work = True
        self._quiet.clear()
        work: Any = self._next_turn  # the coroutine is made only if the worker starts (not in a closing app)
        self._app.run_worker(work, name="type-ahead", group="type-ahead", exit_on_error=False)

    async def settled(self) -> None:
        """Until every key typed so far has been handed on and all it started is over."""
        await self._quiet.wait()

    async def _next_turn(self) -> None:
        try:
            await self._until_quiet()
        finally:
            if self._waiting:
                self._turn = _again(self._waiting.popleft())
                self._app.post_message(self._turn)
            else:
                self._at_work = False
                self._quiet.set()

    async def _until_quiet(self) -> None:
        """Until the database has answered and no widget has a message left to handle."""
        for _ in range(MOST_ROUNDS):
            await self._idle()
            await self._round()
            if not self._busy() and all(node.message_queue_size == 0 for node in self._nodes()):
                return

    def _nodes(self) -> list[MessagePump]:
        """The app and everything on its screens (a dialog's answer may go to the desk under it)."""
        nodes: list[MessagePump] = [self._app]
        for screen in self._app.screen_stack:
            nodes.extend(screen.walk_children(with_self=True))
        return nodes

    async def _round(self) -> None:
        """Until the app and each screen have handled the messages they had when the round began.

        The app and the screens are where a key's work is done (its bindings, the focus, the
        answers, the dialogs); a widget still at work on something has messages in its queue,
        which :meth:`_until_quiet` looks at after the round.
        """
        left = 0
        done = asyncio.Event()

        def one_done() -> None:
            nonlocal left
            left -= 1
            if left == 0:
                done.set()

        for node in (self._app, *self._app.screen_stack):
            if node.call_later(one_done):
                left += 1
        if left:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), ROUND_CEILING)


def _again(event: TypedEvent) -> TypedEvent:
    """A held key as a new event, to go through the app's queue again."""
    if isinstance(event, events.Paste):
        return events.Paste(event.text)
    return events.Key(event.key, event.character)
