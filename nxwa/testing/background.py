"""The emulator's background work: Meta's review verdicts when they come due, and the template
status callbacks pushed to ``webhook_url``, off the request path.

There is no server lifecycle to hang a task group on (in-process, the app runs inside the
client's own calls), so the worker is a detached task of whichever event loop served the last
request: ``loop.create_task`` on asyncio, a trio system task on trio. It sleeps on the event
loop's clock until the next verdict is due (a virtual-time loop jumps straight there), settles
what is due, posts the callbacks with httpx, and ends when nothing is left; the next request
that schedules work starts it again. Requests also settle due verdicts themselves, so a read
never shows a status that should have changed.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

import anyio
import attrs
import httpx
import sniffio

if TYPE_CHECKING:
    from nxwa.testing.state import EmulatorState, TemplateEvent

__all__ = ["Background", "BackgroundHost", "PushedCallback"]

_log = logging.getLogger("nxwa.testing")


@attrs.frozen(slots=True, kw_only=True)
class PushedCallback:
    """One callback the emulator posted to ``webhook_url``: what it sent (signed headers, the
    exact body bytes) and what came of it (``status`` of the answer, or ``error``).

    >>> pushed = fake.callbacks[-1]
    >>> pushed.json()["value"]["event"], pushed.status, pushed.headers["sign"]
    ('APPROVED', 200, '3f9c...')
    """

    url: str
    headers: Mapping[str, str]
    body: bytes = attrs.field(repr=lambda b: f"<{len(b)} bytes>")
    event: TemplateEvent
    sent_ms: int
    status: int | None = None
    error: str | None = None

    def json(self) -> Any:
        """The body parsed as JSON."""
        import json

        return json.loads(self.body)


def _loop_token() -> object:
    """Identity of the running event loop."""
    if sniffio.current_async_library() == "trio":
        import trio

        return trio.lowlevel.current_trio_token()
    return asyncio.get_running_loop()


def _spawn(fn: Callable[[], Any]) -> object:
    """Start ``fn()`` as a detached task of the running loop; return the task (asyncio)."""
    if sniffio.current_async_library() == "trio":
        import trio

        trio.lowlevel.spawn_system_task(fn)
        return None
    return asyncio.get_running_loop().create_task(fn())


class BackgroundHost(Protocol):
    """What the worker uses of its emulator (a :class:`~nxwa.testing.FakeNxCloud`): its state
    (the review queue), its wall clock, settling due verdicts, the transport callbacks go
    through and the list the posted ones are appended to."""

    @property
    def state(self) -> EmulatorState: ...
    @property
    def webhook_transport(self) -> httpx.AsyncBaseTransport | None: ...
    @property
    def callbacks(self) -> list[PushedCallback]: ...
    def now_ms(self) -> int: ...
    def settle(self) -> None: ...


class Background:
    """The detached worker of one emulator (see the module docs)."""

    def __init__(self, fake: BackgroundHost) -> None:
        self._fake = fake
        self._loop: object = None
        self._task: object = None
        self._scope: anyio.CancelScope | None = None
        self._queue: list[tuple[str, dict[str, str], bytes, TemplateEvent, int]] = []

    @property
    def running(self) -> bool:
        """Whether a worker runs (in some event loop)."""
        return self._loop is not None

    @property
    def queued(self) -> int:
        """Callbacks waiting to be posted."""
        return len(self._queue)

    def enqueue(self, url: str, headers: dict[str, str], body: bytes, event: TemplateEvent) -> None:
        """A callback to post (the worker posts it soon)."""
        self._queue.append((url, headers, body, event, self._fake.now_ms()))

    def poke(self) -> None:
        """Make sure due work gets done: start the worker in this loop if it does not run
        here, or wake it. Call from inside an event loop."""
        if not self._queue and not self._fake.state.reviews:
            return
        try:
            loop = _loop_token()
        except (RuntimeError, sniffio.AsyncLibraryNotFoundError):
            return  # not in an event loop: the next request will do it
        if self._loop is loop:
            scope = self._scope
            if scope is not None:
                due = self._next_due()
                if due < scope.deadline:
                    scope.deadline = due
            return
        self._loop = loop
        self._task = _spawn(self._run)

    def _next_due(self) -> float:
        if self._queue:
            return -math.inf
        due = self._fake.state.reviews.next_due()
        return math.inf if due is None else due

    async def _run(self) -> None:
        loop = self._loop
        try:
            while True:
                self._fake.settle()
                if self._queue:
                    await self._deliver()
                    continue
                due = self._next_due()
                if due == math.inf:
                    return
                with anyio.CancelScope(deadline=due) as scope:
                    self._scope = scope
                    await anyio.sleep_forever()
                self._scope = None
        except Exception:  # a worker must never take the event loop down with it
            _log.exception("nxwa.testing: the emulator's background worker failed")
        finally:
            self._scope = None
            if self._loop is loop:
                self._loop = None
                self._task = None

    async def _deliver(self) -> None:
        batch, self._queue = self._queue, []
        fake = self._fake
        async with httpx.AsyncClient(transport=fake.webhook_transport, timeout=10.0) as http:
            for url, headers, body, event, sent_ms in batch:
                status: int | None = None
                error: str | None = None
                try:
                    response = await http.post(url, content=body, headers=headers)
                    status = response.status_code
                except httpx.HTTPError as exc:
                    error = f"{type(exc).__name__}: {exc}"
                fake.callbacks.append(
                    PushedCallback(
                        url=url,
                        headers=headers,
                        body=body,
                        event=event,
                        sent_ms=sent_ms,
                        status=status,
                        error=error,
                    )
                )
                if _log.isEnabledFor(logging.INFO):
                    outcome = error or f"HTTP {status}"
                    _log.info("callback %s %s → %s", event.event, event.name, outcome)
