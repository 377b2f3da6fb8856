"""Request throttling: a token bucket per access key and the answer to a request over it.

``FakeNxCloud(rate_limit=10)`` admits 10 requests per second per access key with one second
of burst (the bucket holds ``rate_limit`` tokens and starts full); a request over it is refused
before it is processed. NxCloud documents no throttling answer, so its form is a
:class:`Throttle` (HTTP 429 with ``Retry-After`` by default):

>>> FakeNxCloud(rate_limit=10, throttle=Throttle(status=200, code=-1))   # an envelope instead

``Retry-After`` says when the request would be admitted if every client refused before it
came back at its own ``Retry-After``: refused requests are given successive token arrival
times, so a crowd of clients that honour it is served at the limit without a second refusal.
Time is the emulator's clock (the event loop's).
"""

from __future__ import annotations

import math
from typing import Literal

import attrs

__all__ = ["Throttle", "TokenBucket"]

_EPSILON = 1e-9


@attrs.frozen(kw_only=True)
class Throttle:
    """How a throttled request is answered.

    ``status``: the HTTP status (429). ``code``: when set, the body is the family's result-code
    envelope with this code (e.g. ``status=200, code=-1`` for "request failed"), else a plain
    text body. ``retry_after``: ``"seconds"`` (fractional seconds, e.g. ``0.1``),
    ``"integer"`` (whole seconds, rounded up, as RFC 9110 spells it) or ``None`` (no header).

    >>> fake = FakeNxCloud(rate_limit=5, throttle=Throttle(status=503, retry_after="integer"))
    """

    status: int = 429
    code: int | None = None
    retry_after: Literal["seconds", "integer"] | None = "seconds"
    message: str = "Too Many Requests"

    def retry_after_header(self, seconds: float) -> str | None:
        """The ``Retry-After`` value for a wait of ``seconds``, or None.

        >>> Throttle().retry_after_header(0.1)
        '0.1'
        >>> Throttle(retry_after="integer").retry_after_header(0.1)
        '1'
        """
        if self.retry_after is None:
            return None
        if self.retry_after == "integer":
            return str(max(1, math.ceil(seconds - _EPSILON)))
        # Whole milliseconds, rounded up: a client that waits exactly this long is not early.
        millis = max(0, math.ceil(seconds * 1000 - _EPSILON))
        return f"{millis / 1000:.3f}".rstrip("0").rstrip(".")


class TokenBucket:
    """``rate`` tokens per second, holding at most ``rate`` (one second of burst).

    >>> bucket = TokenBucket(2.0, now=0.0)
    >>> [bucket.take(0.0) for _ in range(3)]
    [None, None, 0.5]
    """

    __slots__ = ("_promised", "_stamp", "_tokens", "capacity", "rate")

    def __init__(self, rate: float, *, now: float) -> None:
        if not rate > 0:
            raise ValueError("rate_limit must be > 0 requests per second")
        self.rate = rate
        self.capacity = max(1.0, rate)
        self._tokens = self.capacity
        self._stamp = now
        # The latest arrival time handed out in a Retry-After.
        self._promised = now

    def take(self, now: float) -> float | None:
        """Admit one request (None) or refuse it: seconds until it would be admitted."""
        if now > self._stamp:
            self._tokens = min(self.capacity, self._tokens + (now - self._stamp) * self.rate)
            self._stamp = now
        if self._tokens >= 1.0 - _EPSILON:
            self._tokens -= 1.0
            return None
        interval = 1.0 / self.rate
        ready = now + (1.0 - self._tokens) * interval
        slot = max(ready, self._promised + interval)
        self._promised = slot
        return slot - now
