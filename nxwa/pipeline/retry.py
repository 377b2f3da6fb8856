"""Retry decisions (pure) and the retry middleware that applies them.

What is retried:

* never sent (connect error, no slot in time), HTTP 429 and 503: every call;
* outcome unknown (read timeout, dropped connection), other 5xx, and transient result codes
  (-1, 9001): only calls whose endpoint is ``idempotent``; a message send, a template create or
  an upload is never replayed once the server may have acted on it;
* code 1004 (timestamp expired): once, after correcting the clock offset from ``Date``.

Backoff is exponential with full jitter; ``Retry-After`` is honoured up to a cap; a client-wide
:class:`RetryBudget` stops retrying when most recent calls failed, so an outage makes a bulk job
fail fast instead of multiplying its load. The decision is split into small steps of
:class:`RetryPolicy` (:meth:`~RetryPolicy.should_retry`, :meth:`~RetryPolicy.delay`) that a
subclass can override; per-call settings (``max_retries``, the total timeout) are read from the
call itself.
"""

from __future__ import annotations

import email.utils
import random
import threading
import time
from typing import TYPE_CHECKING

import anyio
import attrs

from nxwa import errors
from nxwa.error_codes import TRANSIENT_CODES
from nxwa.pipeline.call import Call, Next, Reply

if TYPE_CHECKING:
    from collections.abc import Mapping

    from nxwa._clock import Clock

__all__ = [
    "META_THROTTLE_CODES",
    "RetryBudget",
    "RetryMiddleware",
    "RetryPolicy",
    "is_retryable",
    "retry_after_seconds",
    "throttle_of",
]

#: Meta's rate-limit error codes (inside a 9099): application and account request limits,
#: API-call throttling, throughput reached, spam rate limit, pair rate limit.
META_THROTTLE_CODES = frozenset({4, 17, 32, 613, 80007, 130429, 131048, 131056})


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """How nxwa retries a failed attempt.

    >>> RetryPolicy(max_retries=5, backoff_cap=4.0).backoff(attempt=3, rng=random.Random(1))
    1.0838...
    """

    max_retries: int = attrs.field(default=2, validator=attrs.validators.ge(0))
    backoff_base: float = 0.5
    backoff_cap: float = 8.0
    retry_after_cap: float = 30.0
    #: HTTP statuses retried for every call: the server refused before doing anything.
    safe_statuses: frozenset[int] = frozenset({429, 503})

    def should_retry(self, error: BaseException, *, idempotent: bool) -> bool:
        """Whether ``error`` may be followed by another attempt (see :func:`is_retryable`)."""
        return is_retryable(error, idempotent=idempotent, policy=self)

    def backoff(self, *, attempt: int, rng: random.Random) -> float:
        """Full jitter: uniform in ``[0, min(cap, base * 2**attempt)]``; ``attempt`` from 0."""
        return rng.uniform(0.0, min(self.backoff_cap, self.backoff_base * (2**attempt)))

    def delay(
        self, error: BaseException, *, attempt: int, rng: random.Random, now: float | None = None
    ) -> float | None:
        """Seconds to wait before the next attempt, or ``None`` to give up on this error
        (asked only after :meth:`should_retry` said yes). ``now`` (epoch seconds, server
        time) resolves a ``Retry-After`` given as a date."""
        hinted = retry_after_seconds(_headers_of(error), now=now)
        if hinted is None:
            return self.backoff(attempt=attempt, rng=rng)
        # A server asking for a longer pause than we are willing to hold a call open for is
        # answered with the error itself; the caller can reschedule.
        return hinted if hinted <= self.retry_after_cap else None


def is_retryable(error: BaseException, *, idempotent: bool, policy: RetryPolicy) -> bool:
    """Whether another attempt may be sent after ``error``.

    >>> is_retryable(errors.OutcomeUnknownError("read timeout"), idempotent=False,
    ...              policy=RetryPolicy())
    False
    """
    if isinstance(error, errors.RequestNotSentError):
        return True
    if isinstance(error, errors.HTTPStatusError):
        if error.status_code in policy.safe_statuses:
            return True
        # 501/505: the server will never do it, however often it is asked.
        return idempotent and error.status_code >= 500 and error.status_code not in (501, 505)
    if isinstance(error, errors.OutcomeUnknownError):
        return idempotent
    if isinstance(error, errors.APIError):
        return idempotent and error.code in TRANSIENT_CODES
    return False


def throttle_of(error: BaseException) -> tuple[bool, float | None]:
    """(whether ``error`` says the server throttled us, the pause it asked for): HTTP 429, or
    one of Meta's rate-limit codes passed through in a 9099.

    >>> throttle_of(errors.HTTPStatusError(429, headers={"retry-after": "3"}))
    (True, 3.0)
    """
    if isinstance(error, errors.HTTPStatusError) and error.status_code == 429:
        return True, retry_after_seconds(error.headers)
    if isinstance(error, errors.MetaError) and error.meta_error.get("code") in META_THROTTLE_CODES:
        return True, retry_after_seconds(error.headers)
    return False, None


def _headers_of(error: BaseException) -> Mapping[str, str]:
    headers = getattr(error, "headers", None)
    return headers if headers is not None else {}


def retry_after_seconds(headers: Mapping[str, str], *, now: float | None = None) -> float | None:
    """Parse ``Retry-After`` as seconds or an HTTP date; ``None`` when absent or unreadable.

    >>> retry_after_seconds({"retry-after": "2"})
    2.0
    """
    value = headers.get("retry-after") or headers.get("Retry-After")
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if seconds == seconds else None  # NaN is no hint
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def server_clock_offset_ms(headers: Mapping[str, str], *, local_ms: int) -> int | None:
    """How far the server's clock (from ``Date``) is ahead of ``local_ms``."""
    value = headers.get("date") or headers.get("Date")
    if not value:
        return None
    try:
        server = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return int(server.timestamp() * 1000) - local_ms


class RetryBudget:
    """Client-wide token bucket for retries: a retry withdraws one token, a successful call
    deposits ``refill`` tokens (up to ``capacity``). With the defaults, retries stay possible
    while fewer than about one call in ten fails; past that they stop until successes return.
    Thread-safe, so clients shared across sync threads count together.
    """

    def __init__(self, capacity: float = 20.0, refill: float = 0.1) -> None:
        self.capacity = capacity
        self.refill = refill
        self._tokens = capacity
        self._lock = threading.Lock()

    @property
    def tokens(self) -> float:
        return self._tokens

    def try_withdraw(self) -> bool:
        with self._lock:
            if self._tokens < 1.0:
                return False
            self._tokens -= 1.0
            return True

    def deposit(self) -> None:
        if self._tokens < self.capacity:
            with self._lock:
                self._tokens = min(self.capacity, self._tokens + self.refill)


class RetryMiddleware:
    """Re-runs the per-attempt pipeline when the policy allows it, within the call's
    ``max_retries`` (the call's own, else the policy's) and its total timeout."""

    def __init__(
        self,
        policy: RetryPolicy,
        *,
        budget: RetryBudget,
        clock: Clock,
        rng: random.Random | None = None,
    ) -> None:
        self.policy = policy
        self.budget = budget
        self.clock = clock
        self.rng = rng or random.Random()

    async def __call__(self, call: Call, next: Next, *, deadline: float | None = None) -> Reply:
        total = call.request.timeouts.total
        if total is not None and deadline is None:
            # An exact bound over attempts, pauses and waits for a slot. A cancel scope costs
            # ~10 µs, so only calls that ask for a total timeout pay for one (and for the
            # extra frame of running the attempts again inside it).
            deadline = anyio.current_time() + total
            with anyio.CancelScope(deadline=deadline) as scope:
                return await self(call, next, deadline=deadline)
            assert scope.cancelled_caught
            raise _deadline_error(call, total)
        policy = self.policy
        max_retries = policy.max_retries if call.max_retries is None else call.max_retries
        retries = 0
        clock_corrected = False
        while True:
            applied_before = call.may_have_applied
            try:
                reply = await next(call)
            except errors.NxwaError as exc:
                if exc.outcome is errors.Outcome.NOT_APPLIED:
                    call.may_have_applied = applied_before
                if isinstance(exc, errors.TimestampExpiredError):
                    # The server rejected the ts before doing anything: fix our clock, retry
                    # once, without spending a retry.
                    if clock_corrected or not self._correct_clock(exc):
                        raise
                    clock_corrected = True
                    call.attempt += 1
                    continue
                if retries >= max_retries or not policy.should_retry(
                    exc, idempotent=call.idempotent
                ):
                    raise
                now = self.clock.wall_ms() / 1000
                delay = policy.delay(exc, attempt=retries, rng=self.rng, now=now)
                if delay is None:
                    raise
                if deadline is not None and anyio.current_time() + delay >= deadline:
                    raise  # the pause alone would outlast the call's total timeout
                # A throttled answer is the server alive and asking for less, not an outage:
                # its retries (bounded by max_retries, paced by Retry-After and the
                # governor) leave the budget alone, so a rate-limited bulk job slows down
                # instead of failing.
                if not throttle_of(exc)[0] and not self.budget.try_withdraw():
                    raise
                retries += 1
                call.attempt += 1
                await self.clock.sleep(delay)
                continue
            self.budget.deposit()
            return reply

    def _correct_clock(self, error: errors.TimestampExpiredError) -> bool:
        offset = server_clock_offset_ms(error.headers, local_ms=self.clock.local_wall_ms())
        if offset is None:
            return False
        self.clock.offset_ms = offset
        return True


def _deadline_error(call: Call, total: float) -> errors.TransportError:
    message = f"the call's total timeout of {total:g} s ran out"
    if call.may_have_applied:
        return errors.OutcomeUnknownError(
            f"{message} after a request went out; the outcome is unknown"
        )
    return errors.RequestNotSentError(f"{message} before any request could be applied")
