"""Virtual time for asyncio: the equivalent of ``trio.testing.MockClock(autojump_threshold=0)``.

:func:`virtual_time_loop` makes an asyncio event loop whose clock (``loop.time()``, so
``anyio.current_time()``, ``asyncio.sleep``, ``anyio.sleep``, timeouts and cancel-scope
deadlines) is virtual: whenever every task is waiting and a timer is pending, the clock jumps to
that timer instead of sleeping. An hour of rate-limited, 50 ms-latency traffic runs in as long as
its CPU work takes, and the timings stay exact. I/O still works: sockets, pipes and
``call_soon_threadsafe`` wake the loop as usual; the loop blocks for real only when no timer is
pending at all.

It uses public asyncio API only: an :class:`asyncio.SelectorEventLoop` whose ``time()`` returns
the virtual time, built on a :class:`selectors.BaseSelector` wrapper whose ``select(timeout)``
polls the real selector without blocking and, when nothing is ready, advances the virtual time by
``timeout`` (which asyncio computed from the earliest timer).

With anyio::

    anyio.run(main, backend="asyncio", backend_options={"loop_factory": virtual_time_loop})
    anyio.run(main, backend="trio",
              backend_options={"clock": trio.testing.MockClock(autojump_threshold=0)})
    # or, for either backend:
    backend, options = virtual_time_backend("asyncio")
    anyio.run(main, backend=backend, backend_options=options)

With the pytest anyio plugin, an ``anyio_backend`` fixture returning
``virtual_time_backend(name)`` runs a test on virtual time (nxwa's own tests mark such tests
``@pytest.mark.virtual_time``; see ``tests/conftest.py``).

As with trio's ``MockClock(autojump_threshold=0)``, the clock jumps as soon as the loop is idle:
work done by real threads or remote servers does not hold time back, so a timeout pending while
such work runs expires at once. Pass ``autojump_threshold`` (real seconds the loop must stay idle
before a jump) when a test mixes virtual time with real I/O that takes real time.

>>> import anyio
>>> async def main() -> float:
...     start = anyio.current_time()
...     await anyio.sleep(3600)
...     return anyio.current_time() - start
>>> anyio.run(main, backend="asyncio", backend_options={"loop_factory": virtual_time_loop})
3600.0
"""

from __future__ import annotations

import asyncio
import selectors
from collections.abc import Mapping
from typing import Any, Literal

__all__ = [
    "VirtualTimeEventLoop",
    "VirtualTimeSelector",
    "virtual_time_backend",
    "virtual_time_loop",
]


class _Now:
    """The virtual "now" a loop and its selector share."""

    __slots__ = ("value",)

    def __init__(self, value: float) -> None:
        self.value = value


class VirtualTimeSelector(selectors.BaseSelector):
    """A selector that turns idle waiting into a jump of the virtual clock.

    ``select(timeout)``: ready I/O is returned at once; with nothing ready, a finite timeout (a
    timer is pending) advances the virtual clock by ``timeout`` instead of sleeping, after
    waiting ``autojump_threshold`` real seconds for I/O; ``timeout=None`` (no timer at all)
    blocks for real until I/O arrives.
    """

    def __init__(
        self, real: selectors.BaseSelector, now: _Now, *, autojump_threshold: float = 0.0
    ) -> None:
        if autojump_threshold < 0:
            raise ValueError("autojump_threshold must be >= 0 (real seconds)")
        self._real = real
        self._now = now
        self.autojump_threshold = autojump_threshold

    def register(self, fileobj: Any, events: int, data: Any = None) -> selectors.SelectorKey:
        return self._real.register(fileobj, events, data)

    def unregister(self, fileobj: Any) -> selectors.SelectorKey:
        return self._real.unregister(fileobj)

    def modify(self, fileobj: Any, events: int, data: Any = None) -> selectors.SelectorKey:
        return self._real.modify(fileobj, events, data)

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        if timeout is None:
            return self._real.select(None)
        if timeout <= 0:
            return self._real.select(0)
        threshold = self.autojump_threshold
        events = self._real.select(min(timeout, threshold) if threshold > 0 else 0)
        if events:
            return events
        self._now.value += timeout
        return []

    def close(self) -> None:
        self._real.close()

    def get_map(self) -> Mapping[Any, selectors.SelectorKey]:
        return self._real.get_map()


class VirtualTimeEventLoop(asyncio.SelectorEventLoop):
    """An asyncio event loop on virtual time (see the module docs).

    >>> loop = VirtualTimeEventLoop(start=100.0)
    >>> loop.run_until_complete(asyncio.sleep(86_400)); loop.time()
    86500.0
    >>> loop.close()
    """

    def __init__(self, *, start: float = 0.0, autojump_threshold: float = 0.0) -> None:
        self._virtual_now = _Now(float(start))
        selector = VirtualTimeSelector(
            selectors.DefaultSelector(), self._virtual_now, autojump_threshold=autojump_threshold
        )
        super().__init__(selector)

    def time(self) -> float:
        return self._virtual_now.value

    def advance(self, seconds: float) -> None:
        """Move the virtual clock forward by hand (timers now due run at the next iteration)."""
        if seconds < 0:
            raise ValueError("virtual time only moves forward")
        self._virtual_now.value += seconds


def virtual_time_loop(
    *, start: float = 0.0, autojump_threshold: float = 0.0
) -> asyncio.AbstractEventLoop:
    """A new :class:`VirtualTimeEventLoop`; usable as anyio's (or ``asyncio.Runner``'s)
    ``loop_factory`` as it is.

    >>> with asyncio.Runner(loop_factory=virtual_time_loop) as runner:
    ...     runner.run(asyncio.sleep(60))
    """
    return VirtualTimeEventLoop(start=start, autojump_threshold=autojump_threshold)


def virtual_time_backend(
    backend: Literal["asyncio", "trio"] | str = "asyncio",
) -> tuple[str, dict[str, Any]]:
    """anyio ``(backend, backend_options)`` that run on virtual time: asyncio on
    :func:`virtual_time_loop`, trio with a fresh ``trio.testing.MockClock(autojump_threshold=0)``.

    >>> backend, options = virtual_time_backend("trio")
    >>> # anyio.run(main, backend=backend, backend_options=options)
    >>> # pytest: @pytest.fixture
    >>> #         def anyio_backend(): return virtual_time_backend("asyncio")
    """
    if backend == "asyncio":
        return "asyncio", {"loop_factory": virtual_time_loop}
    if backend == "trio":
        import trio.testing

        return "trio", {"clock": trio.testing.MockClock(autojump_threshold=0)}
    raise ValueError(f"backend must be 'asyncio' or 'trio', not {backend!r}")
