"""``VirtualClock``: a clock tests move by hand (deprecated).

.. deprecated:: 0.2
   Run the test on virtual time instead: ``trio.testing.MockClock(autojump_threshold=0)`` or
   :func:`nxwa.testing.virtual_time_loop` (see :mod:`nxwa.testing.virtual_time`). Every wait in
   nxwa and in the emulator goes through the event loop's clock, so backoff, ``Retry-After``,
   rate limits, latency and review delays all take no real time there; ``VirtualClock`` only
   moved the waits that went through it, and the emulator no longer needs it. It keeps working
   for one release and warns when constructed.

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
import warnings

import anyio.lowlevel

from nxwa._clock import Clock

__all__ = ["VirtualClock"]


class _Timeline:
    """The shared "now" of every clock forked from one :class:`VirtualClock`."""

    __slots__ = ("monotonic", "sleeps", "start_wall_ms", "wall_ms")

    def __init__(self, wall_ms: int) -> None:
        self.start_wall_ms = wall_ms
        self.wall_ms = wall_ms
        self.monotonic = 0.0
        self.sleeps: list[float] = []


class VirtualClock(Clock):
    """Time that moves only when told to: :meth:`advance`, :meth:`set`, or :meth:`sleep`.

    ``sleep()`` does not wait: it records the delay in :attr:`sleeps`, lets other tasks run
    once, then moves the timeline to the sleeper's deadline. Retry backoff, ``Retry-After``
    and rate-limit pauses take no real time, their lengths stay observable, and concurrent
    sleepers end at their own deadlines (five tasks sleeping 1 s end at +1 s, not +5 s).

    Deprecated (``DeprecationWarning`` when constructed): see the module docs.

    >>> clock = VirtualClock(start_ms=1_700_000_000_000)
    >>> # await clock.sleep(2.5)  -> returns at once
    >>> # clock.sleeps == [2.5]; clock.now == 2.5; clock.local_wall_ms() == 1_700_000_002_500
    """

    def __init__(self, start_ms: int | None = None, *, _timeline: _Timeline | None = None) -> None:
        super().__init__()
        if _timeline is None:
            warnings.warn(
                "nxwa.testing.VirtualClock is deprecated: run the test on virtual time instead"
                " (trio.testing.MockClock(autojump_threshold=0), or"
                " nxwa.testing.virtual_time_loop() as anyio's asyncio loop_factory)",
                DeprecationWarning,
                stacklevel=2,
            )
            _timeline = _Timeline(time.time_ns() // 1_000_000 if start_ms is None else start_ms)
        self._timeline = _timeline

    def fork(self) -> VirtualClock:
        """A clock on the same timeline with its own ``offset_ms`` (for one client)."""
        return VirtualClock(_timeline=self._timeline)

    @property
    def start_wall_ms(self) -> int:
        """The wall time (epoch ms) the timeline started at, when :attr:`now` was 0."""
        return self._timeline.start_wall_ms

    @property
    def sleeps(self) -> list[float]:
        """Every delay passed to :meth:`sleep` on this timeline (any fork), in call order."""
        return self._timeline.sleeps

    @property
    def now(self) -> float:
        """Monotonic seconds since the timeline started; assigning moves it forward like
        :meth:`advance`."""
        return self._timeline.monotonic

    @now.setter
    def now(self, seconds: float) -> None:
        self._move_to(seconds)

    def local_wall_ms(self) -> int:
        return self._timeline.wall_ms

    def monotonic(self) -> float:
        return self._timeline.monotonic

    def advance(self, seconds: float) -> None:
        """Move the timeline forward (wall and monotonic time alike)."""
        self._move_to(self._timeline.monotonic + seconds)

    def set(self, wall_ms: int) -> None:
        """Jump the wall time to ``wall_ms`` (monotonic time is unchanged)."""
        self._timeline.wall_ms = wall_ms

    async def sleep(self, seconds: float) -> None:
        timeline = self._timeline
        timeline.sleeps.append(seconds)
        deadline = timeline.monotonic + max(0.0, seconds)
        # Still a checkpoint: cancellation and fairness behave as with a real sleep, and
        # sleepers that start together all compute their deadline from the same "now".
        await anyio.lowlevel.checkpoint()
        if deadline > timeline.monotonic:
            self._move_to(deadline)

    def _move_to(self, monotonic: float) -> None:
        timeline = self._timeline
        if monotonic < timeline.monotonic:
            raise ValueError("a virtual clock only moves forward; use set() to jump back")
        # Assigned, not accumulated, so a deadline is reached exactly (no float drift).
        timeline.wall_ms += round((monotonic - timeline.monotonic) * 1000)
        timeline.monotonic = monotonic

    def __repr__(self) -> str:
        return f"<VirtualClock wall_ms={self._timeline.wall_ms} offset_ms={self.offset_ms}>"
