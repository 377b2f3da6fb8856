"""The middleware that paces each attempt by its server's :mod:`~nxwa.pipeline.governor`.

It runs per attempt before the concurrency slot is taken (a call waiting for its turn to send
holds no slot), and learns from every answer: an HTTP 429, or a throttling code that Meta
passes through (its rate-limit error codes inside a 9099), slows that server's sends; anything
else lets the rate grow back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import anyio

from nxwa import errors
from nxwa.pipeline.governor import Governor
from nxwa.pipeline.retry import throttle_of

if TYPE_CHECKING:
    from nxwa.endpoints.descriptor import Family
    from nxwa.pipeline.call import Call, Next, Reply

__all__ = ["PacingMiddleware"]


class PacingMiddleware:
    """Waits for the call's server's governor before each attempt and reports the answer.

    >>> pacing = PacingMiddleware({"cloud": AdaptiveRate(), "saas": AdaptiveRate()})
    """

    def __init__(
        self,
        governors: Mapping[Family, Governor],
        *,
        now: Callable[[], float] = anyio.current_time,
    ) -> None:
        self.governors = governors
        self._now = now

    async def __call__(self, call: Call, next: Next) -> Reply:
        governor = self.governors[call.endpoint.family]
        epoch = governor.epoch
        wait = governor.reserve(now=self._now())
        while wait > 0:
            await anyio.sleep(wait)
            if governor.epoch == epoch:
                break
            # The pace changed while we waited (a cut, a pause): queue again at the new one.
            epoch = governor.epoch
            wait = governor.reserve(now=self._now())
        sent_at = self._now()
        governor.sent(now=sent_at)
        try:
            reply = await next(call)
        except errors.NxwaError as exc:
            throttled, retry_after = throttle_of(exc)
            governor.record(
                now=self._now(), sent_at=sent_at, throttled=throttled, retry_after=retry_after
            )
            raise
        governor.record(now=self._now(), sent_at=sent_at, throttled=False, retry_after=None)
        return reply
