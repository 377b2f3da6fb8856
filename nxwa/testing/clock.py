"""``VirtualClock``: a clock tests move by hand, shared by the emulator and its clients.

The emulator reads :meth:`~nxwa._clock.Clock.local_wall_ms` (the clock's own time, without the
offset a client learns from a 1004 answer), so one timeline can serve both sides: the client
corrects its ``offset_ms``, the emulator's time stays put.

>>> clock = VirtualClock(start_ms=1_700_000_000_000)
>>> client_clock = clock.fork()          # same timeline, its own offset
>>> clock.advance(90)
>>> client_clock.local_wall_ms() - 1_700_000_000_000
90000
"""

from __future__ import annotations

import time

import anyio.lowlevel

from nxwa._clock import Clock

__all__ = ["VirtualClock"]


class _Timeline:
    """The shared "now" of every clock forked from one :class:`VirtualClock`."""

    __slots__ = ("monotonic", "wall_ms")

    def __init__(self, wall_ms: int) -> None:
        self.wall_ms = wall_ms
        self.monotonic = 0.0


class VirtualClock(Clock):
    """Time that moves only when told to: :meth:`advance`, :meth:`set`, or :meth:`sleep`.

    ``sleep()`` advances the timeline instead of waiting, so retry backoff and ``Retry-After``
    pauses take no real time in tests while their length stays observable.

    >>> clock = VirtualClock()               # starts at the real current time
    >>> before = clock.monotonic()
    >>> # await clock.sleep(2.5)  -> returns at once; clock.monotonic() == before + 2.5
    """

    def __init__(self, start_ms: int | None = None, *, _timeline: _Timeline | None = None) -> None:
        super().__init__()
        if _timeline is None:
            _timeline = _Timeline(time.time_ns() // 1_000_000 if start_ms is None else start_ms)
        self._timeline = _timeline

    def fork(self) -> VirtualClock:
        """A clock on the same timeline with its own ``offset_ms`` (for one client)."""
        return VirtualClock(_timeline=self._timeline)

    def local_wall_ms(self) -> int:
        return self._timeline.wall_ms

    def monotonic(self) -> float:
        return self._timeline.monotonic

    def advance(self, seconds: float) -> None:
        """Move the timeline forward (wall and monotonic time alike)."""
        if seconds < 0:
            raise ValueError("a virtual clock only moves forward; use set() to jump back")
        self._timeline.wall_ms += round(seconds * 1000)
        self._timeline.monotonic += seconds

    def set(self, wall_ms: int) -> None:
        """Jump the wall time to ``wall_ms`` (monotonic time is unchanged)."""
        self._timeline.wall_ms = wall_ms

    async def sleep(self, seconds: float) -> None:
        self.advance(max(0.0, seconds))
        # Still a checkpoint: cancellation and fairness behave as with a real sleep.
        await anyio.lowlevel.checkpoint()

    def __repr__(self) -> str:
        return f"<VirtualClock wall_ms={self._timeline.wall_ms} offset_ms={self.offset_ms}>"
