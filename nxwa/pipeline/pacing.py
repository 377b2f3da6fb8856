"""The middleware that paces each attempt by its server's :mod:`~nxwa.pipeline.governor`.

It runs per attempt once the concurrency slot is taken, right before the request is signed
and sent: a call that has waited for a slot is paced as it leaves, never by a send time
handed out before it queued (a burst queued behind the slots while the pace was unknown
would otherwise go out at once after the server first throttled). It learns from every
answer: an HTTP 429, or a throttling code that Meta
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
        # Per family: set (and replaced) when its governor voids the slots handed out, so
        # that callers asleep on an old slot wake and queue again (a cut, a pause, a rise).
        self._repaced: dict[Family, anyio.Event] = {}
        self._epochs: dict[Family, int] = {family: g.epoch for family, g in governors.items()}

    async def __call__(self, call: Call, next: Next) -> Reply:
        family = call.endpoint.family
        governor = self.governors[family]
        while True:
            epoch = governor.epoch
            wait = governor.reserve(now=self._now())
            if wait <= 0:
                break
            repaced = self._repaced.get(family)
            if repaced is None:
                repaced = self._repaced[family] = anyio.Event()
            with anyio.move_on_after(wait):
                await repaced.wait()
            if governor.epoch == epoch:
                break
        sent_at = self._now()
        governor.sent(now=sent_at)
        try:
            reply = await next(call)
        except errors.NxwaError as exc:
            throttled, retry_after = throttle_of(exc)
            governor.record(
                now=self._now(), sent_at=sent_at, throttled=throttled, retry_after=retry_after
            )
            self._wake_if_repaced(family, governor)
            raise
        governor.record(now=self._now(), sent_at=sent_at, throttled=False, retry_after=None)
        self._wake_if_repaced(family, governor)
        return reply

    def _wake_if_repaced(self, family: Family, governor: Governor) -> None:
        if governor.epoch == self._epochs[family]:
            return
        self._epochs[family] = governor.epoch
        repaced = self._repaced.pop(family, None)
        if repaced is not None:
            repaced.set()
