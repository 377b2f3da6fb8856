"""Dropping redelivered callbacks.

NxCloud may deliver a callback again (after a timeout or a non-200 answer) with its first
``ts`` and ``sign`` (reference §4.19.0), so the ``sign`` identifies a delivery; a production
receiver keeps the signs of the last two minutes. :class:`RedeliveryFilter` does that in
memory, bounded, for one process.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping

from nxwa.webhooks._headers import REQUIRED, header
from nxwa.webhooks.errors import WebhookConfigurationError

__all__ = ["RedeliveryFilter"]


class RedeliveryFilter:
    """Remembers the signs of recent callbacks so a redelivery is answered without being
    handled twice.

    >>> redeliveries = RedeliveryFilter(ttl=120.0, max_entries=10_000)
    >>> if not verifier.verify(request.headers, body):
    ...     return Response(status_code=401)
    >>> if not redeliveries.first_delivery(request.headers):
    ...     return Response(status_code=200)   # handled already: acknowledge, do nothing

    Check the signature first: an unverified request must not be able to mark a sign as
    seen. If handling fails after :meth:`first_delivery` said yes, :meth:`forget` the sign so
    NxCloud's next delivery is handled.

    A sign is remembered for ``ttl`` seconds after it first arrived; past ``max_entries``
    the oldest are dropped. Thread-safe, for sync frameworks serving requests from several
    threads; each process has its own memory, so several workers need a shared store (the
    same rule, e.g. Redis ``SET sign 1 NX EX 120``). ``clock`` is a monotonic clock in
    seconds (``anyio.current_time`` for virtual-time tests).
    """

    __slots__ = ("_clock", "_lock", "_max_entries", "_seen", "_ttl")

    def __init__(
        self,
        *,
        ttl: float = 120.0,
        max_entries: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not ttl > 0:
            raise WebhookConfigurationError("ttl must be a positive number of seconds")
        if max_entries < 1:
            raise WebhookConfigurationError("max_entries must be at least 1")
        self._ttl = ttl
        self._max_entries = max_entries
        self._clock = clock
        self._lock = threading.Lock()
        # sign → when it was first seen; insertion order is arrival order, so the oldest
        # (first to expire, first to evict) is always at the front.
        self._seen: OrderedDict[str, float] = OrderedDict()

    def __repr__(self) -> str:
        return f"<RedeliveryFilter ttl={self._ttl} entries={len(self)}/{self._max_entries}>"

    def __len__(self) -> int:
        with self._lock:
            self._expire(self._clock())
            return len(self._seen)

    def seen(self, sign: str) -> bool:
        """``True`` when ``sign`` (any case) arrived within ``ttl``; otherwise remember it and
        return ``False``. An empty sign is never a repeat and is not remembered."""
        if not sign:
            return False
        key = sign.lower()
        with self._lock:
            now = self._clock()
            self._expire(now)
            if key in self._seen:
                return True
            self._seen[key] = now
            if len(self._seen) > self._max_entries:
                self._seen.popitem(last=False)
            return False

    def first_delivery(self, headers: Mapping[str, str]) -> bool:
        """``True`` unless a callback with the same ``sign`` header arrived within ``ttl``
        (header name in any case; a callback without one counts as a first delivery)."""
        return not self.seen(header(headers, REQUIRED.sign) or "")

    def forget(self, sign: str) -> None:
        """Forget ``sign`` (any case), so its next delivery counts as the first."""
        with self._lock:
            self._seen.pop(sign.lower(), None)

    def _expire(self, now: float) -> None:
        deadline = now - self._ttl
        while self._seen:
            oldest = next(iter(self._seen.values()))
            if oldest > deadline:
                return
            self._seen.popitem(last=False)
