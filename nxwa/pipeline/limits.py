"""The client-wide bound on calls in flight (``max_concurrency``).

It is the only queue a call waits in: the client sizes it to what its transport can carry
(see :class:`~nxwa.transport.base.Transport`), so a call admitted here always finds a
connection. Requests per second are paced by :mod:`nxwa.pipeline.pacing`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import anyio

from nxwa.errors import RequestNotSentError

if TYPE_CHECKING:
    from nxwa.pipeline.call import Call, Next, Reply

__all__ = ["LimitsMiddleware", "smallest_bound"]


def smallest_bound(*bounds: int | None) -> int | None:
    """The tightest of several bounds, ``None`` meaning unbounded.

    >>> smallest_bound(100, None, 6)
    6
    """
    given = [bound for bound in bounds if bound is not None]
    return min(given) if given else None


class LimitsMiddleware:
    """Holds a concurrency slot for the duration of an attempt.

    A call waits for a slot at most ``timeouts.pool`` seconds (by default without a bound);
    past it the attempt fails with :class:`~nxwa.errors.RequestNotSentError`.
    """

    def __init__(self, *, max_concurrency: int | None) -> None:
        self.max_concurrency = max_concurrency
        self._slots = anyio.Semaphore(max_concurrency) if max_concurrency else None

    async def __call__(self, call: Call, next: Next) -> Reply:
        slots = self._slots
        if slots is None:
            return await next(call)
        try:
            # A free slot is taken without an await: ``async with`` would yield to the
            # scheduler on every call (benchmarks/: 0.6x raw httpx at C=10 with the yield,
            # 0.9x without). Callers still queue fairly: while anyone waits, no slot is
            # free. The transport's first await is the cancellation point, as for any
            # call that got a slot.
            slots.acquire_nowait()
        except anyio.WouldBlock:
            await self._wait_for_slot(wait_at_most=call.request.timeouts.pool)
        try:
            return await next(call)
        finally:
            slots.release()

    async def _wait_for_slot(self, *, wait_at_most: float | None) -> None:
        slots = self._slots
        assert slots is not None
        if wait_at_most is None:
            await slots.acquire()
            return
        with anyio.move_on_after(wait_at_most) as waiting:
            await slots.acquire()
        if waiting.cancelled_caught:
            raise RequestNotSentError(
                f"no slot under max_concurrency={self.max_concurrency} came free within the"
                f" pool timeout of {wait_at_most:g} s"
            )
