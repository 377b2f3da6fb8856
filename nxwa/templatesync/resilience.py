"""Slowing down instead of failing: a call refused by throttling (HTTP 429, ``Retry-After``,
503, Meta's rate-limit codes) or, for reads, lost on the way is tried again after a backoff
on the event loop's clock; everything else is the caller's to decide."""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from typing import TypeVar

import anyio

from nxwa.errors import (
    APIError,
    HTTPStatusError,
    NxwaError,
    Outcome,
    RequestNotSentError,
    TransportError,
)
from nxwa.pipeline.retry import retry_after_seconds, throttle_of

__all__ = ["Backoff", "is_transient", "retrying"]

T = TypeVar("T")
_TRANSIENT_STATUSES = frozenset({429, 502, 503, 504})
_TRANSIENT_CODES = frozenset({-1, 9001, 9007})


def is_transient(error: BaseException, *, read: bool) -> bool:
    """Whether trying ``error``'s call again later may succeed (and is safe: a write only
    when the server did not act on it)."""
    if not isinstance(error, NxwaError):
        return False
    throttled, _ = throttle_of(error)
    if throttled:
        return True
    if not read and error.outcome is not Outcome.NOT_APPLIED:
        return False
    if isinstance(error, RequestNotSentError):
        return True
    if isinstance(error, HTTPStatusError):
        return error.status_code in _TRANSIENT_STATUSES
    if isinstance(error, TransportError):
        return read
    if isinstance(error, APIError):
        return error.code in _TRANSIENT_CODES and read
    return False


class Backoff:
    """Exponential backoff with full jitter, ``Retry-After`` honoured (capped)."""

    def __init__(
        self, *, first: float = 0.5, cap: float = 30.0, rng: random.Random | None = None
    ) -> None:
        self.first = first
        self.cap = cap
        self.rng = rng or random.Random()

    def delay(self, attempt: int, error: BaseException | None = None) -> float:
        headers = getattr(error, "headers", None) or {}
        asked = retry_after_seconds(headers) if headers else None
        base = min(self.cap, self.first * 2**attempt)
        jittered = self.rng.uniform(base / 2, base)
        return min(self.cap * 2, max(jittered, asked or 0.0))


async def retrying(
    fn: Callable[[], Awaitable[T]],
    *,
    read: bool,
    attempts: int = 8,
    backoff: Backoff | None = None,
) -> T:
    """``await fn()``, again after a backoff while it fails transiently (at most
    ``attempts`` times in all)."""
    backoff = backoff or Backoff()
    attempt = 0
    while True:
        try:
            return await fn()
        except NxwaError as error:
            attempt += 1
            if attempt >= attempts or not is_transient(error, read=read):
                raise
            await anyio.sleep(backoff.delay(attempt, error))
