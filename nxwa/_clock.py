"""Time sources: one injectable clock for ``ts``, backoff sleeps and rate limiting."""

from __future__ import annotations

import time

import anyio

__all__ = ["Clock"]


class Clock:
    """The real clock: wall time in milliseconds (corrected by ``offset_ms``), monotonic time
    and sleep. Tests substitute :class:`nxwa.testing.VirtualClock`.

    ``offset_ms`` is what NxCloud's clock is ahead of ours; nxwa learns it from the ``Date``
    header of a 1004 (timestamp expired) answer so every later ``ts`` lands in the window.
    """

    def __init__(self) -> None:
        self.offset_ms = 0

    def wall_ms(self) -> int:
        """Milliseconds since the epoch as NxCloud's clock reads now (best estimate)."""
        return self.local_wall_ms() + self.offset_ms

    def local_wall_ms(self) -> int:
        return time.time_ns() // 1_000_000

    def monotonic(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await anyio.sleep(seconds)
