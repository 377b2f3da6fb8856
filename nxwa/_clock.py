"""The client's clock: wall time for ``ts``, and the event loop's time for everything else."""

from __future__ import annotations

import time

import anyio

__all__ = ["Clock"]


class Clock:
    """Wall time in milliseconds for signing (corrected by ``offset_ms``), and monotonic time
    and sleep from the running event loop (``anyio.current_time()``, ``anyio.sleep()``).

    Because waits and readings go through the event loop, a virtual-time runner drives every
    retry pause and rate-limit delay: under ``trio.testing.MockClock(autojump_threshold=0)``
    an hour of backoff passes in no real time. Wall time stays real: ``ts`` must match
    NxCloud's clock.

    ``offset_ms`` is how far NxCloud's clock is ahead of ours; nxwa learns it from the
    ``Date`` header of a 1004 (timestamp expired) answer so every later ``ts`` lands in the
    window. Subclass to inject another wall time (tests that skew it).
    """

    def __init__(self) -> None:
        self.offset_ms = 0

    def wall_ms(self) -> int:
        """Milliseconds since the epoch as NxCloud's clock reads now (best estimate)."""
        return self.local_wall_ms() + self.offset_ms

    def local_wall_ms(self) -> int:
        """This machine's wall time in epoch milliseconds."""
        return time.time_ns() // 1_000_000

    def monotonic(self) -> float:
        """The event loop's clock, in seconds."""
        return anyio.current_time()

    async def sleep(self, seconds: float) -> None:
        """Sleep on the event loop's clock."""
        await anyio.sleep(seconds)
