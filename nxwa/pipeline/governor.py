"""Rate governors (sans-I/O): how fast a client may send to one server.

NxCloud publishes no rate limits. A bulk job's speed is set by how close it runs to the
server's limit without being throttled, so nxwa can pace itself two ways, per API family (the
two families are two servers):

- :class:`FixedRate`, for a known limit (``rate_limit=R``): requests spaced ``1/R`` apart
  (GCRA), with an optional burst;
- :class:`AdaptiveRate` (``rate_limit="adaptive"``), after botocore's adaptive retry mode: a
  paced rate that follows CUBIC. It does not pace at all until the server first throttles
  (starts fast); a throttle cuts the rate to ``beta`` times what the server was accepting
  (multiplicative decrease); between throttles the rate grows back along a cubic curve, flat
  near the rate that last failed and steep away from it (probes back up).

Both honour ``Retry-After``: a throttled answer that names a pause holds every send to that
server until it is over. A rate cut, a pause or a rise of a quarter voids the send times
already handed out (:attr:`Governor.epoch` changes), so calls queued at the old pace re-queue
at the new one.
Everything here takes ``now`` (the event loop's clock, in seconds) as an argument and does no
I/O; :class:`nxwa.pipeline.pacing.PacingMiddleware` applies it.

>>> governor = AdaptiveRate()
>>> governor.reserve(now=0.0)                       # not throttled yet: no pacing
0.0
>>> governor.record(now=0.1, sent_at=0.0, throttled=True, retry_after=None)
>>> governor.rate is not None                       # paced from now on
True
"""

from __future__ import annotations

from typing import Protocol

__all__ = ["AdaptiveRate", "FixedRate", "Governor", "RateMeter"]

#: How much the adaptive rate grows before the calls queued at the old pace queue again.
_REQUEUE_GROWTH = 1.25


class Governor(Protocol):
    """Decides when the next request to one server may start."""

    @property
    def epoch(self) -> int:
        """Changes whenever the waits handed out so far are void (a rate cut, a pause): a
        caller waiting on one reserves again when it wakes."""
        ...

    def reserve(self, *, now: float) -> float:
        """Reserve the next send; the seconds to wait before it (0: send now)."""
        ...

    def sent(self, *, now: float) -> None:
        """A request went out at ``now``."""
        ...

    def record(
        self, *, now: float, sent_at: float, throttled: bool, retry_after: float | None
    ) -> None:
        """Learn from an answer to a request sent at ``sent_at``: throttled (HTTP 429 or a
        throttling code) or not, and the ``Retry-After`` it gave, if any."""
        ...


class _Spacing:
    """GCRA: sends at most ``1/interval`` per second, with up to ``burst`` seconds' worth at
    once. Each reservation takes the next free slot synchronously, so concurrent callers are
    spaced evenly and never race for the same one."""

    __slots__ = ("_burst", "_next_free", "_paused_until", "epoch", "interval")

    def __init__(self, rate: float, *, burst: float) -> None:
        self.interval = 1.0 / rate
        self._burst = burst
        self._next_free = 0.0
        self._paused_until = 0.0
        self.epoch = 0

    def reserve(self, now: float) -> float:
        start = max(self._next_free, now, self._paused_until)
        self._next_free = start + self.interval
        return max(0.0, start - now - self._burst, self._paused_until - now)

    def restart(self, now: float, *, rate: float | None = None, pause_until: float = 0.0) -> None:
        """Void the slots handed out after ``now``: at a new ``rate``, or after a pause."""
        if rate is not None:
            self.interval = 1.0 / rate
        self._paused_until = max(self._paused_until, pause_until)
        self._next_free = now
        self.epoch += 1


class FixedRate:
    """A known limit: at most ``rate`` requests per second, ``burst`` seconds' worth at once.

    >>> pacing = FixedRate(10)
    >>> [pacing.reserve(now=0.0) for _ in range(3)]
    [0.0, 0.1, 0.2]
    """

    def __init__(self, rate: float, *, burst: float = 0.0) -> None:
        if not rate > 0:
            raise ValueError("rate must be > 0 requests per second")
        self.rate = rate
        self._spacing = _Spacing(rate, burst=burst)

    @property
    def epoch(self) -> int:
        return self._spacing.epoch

    def reserve(self, *, now: float) -> float:
        return self._spacing.reserve(now)

    def sent(self, *, now: float) -> None:
        pass

    def record(
        self, *, now: float, sent_at: float, throttled: bool, retry_after: float | None
    ) -> None:
        if throttled and retry_after:
            self._spacing.restart(now, pause_until=now + retry_after)


class RateMeter:
    """A rate of events: counted per ``window`` seconds and smoothed (an exponential moving
    average, as botocore's ``RateClocker``)."""

    __slots__ = ("_count", "_smoothing", "_window", "_window_start", "rate")

    def __init__(self, *, window: float = 0.5, smoothing: float = 0.8) -> None:
        self._window = window
        self._smoothing = smoothing
        self._window_start = 0.0
        self._count = 0
        self.rate = 0.0

    def tick(self, now: float) -> None:
        """Count one event at ``now``."""
        self._count += 1
        if now - self._window_start >= self._window:
            measured = self._count / max(now - self._window_start, self._window)
            # The first full window starts the average (rather than a warm-up from zero).
            self.rate = (
                measured
                if self.rate == 0.0
                else self.rate * self._smoothing + measured * (1 - self._smoothing)
            )
            self._count = 0
            self._window_start = now

    def estimate(self, now: float) -> float:
        """The smoothed rate, or before a full window has passed, the events so far over the
        window: a burst that is throttled at once is still measured."""
        if self.rate:
            return self.rate
        return self._count / max(now - self._window_start, self._window)


class AdaptiveRate:
    """An unknown limit, found and followed (botocore's adaptive mode: CUBIC on a paced rate).

    ``beta`` is the share of the accepted rate kept after a throttle, ``scale`` CUBIC's ``C``
    (how fast the rate grows back), ``min_rate`` the floor. Two guards keep one overload from
    being answered many times over: a cut is measured against what the server accepted (under
    throttling, its limit) rather than what was sent, and answers to requests sent before the
    last cut had time to take effect (one round trip) cut nothing more. The rate never grows
    past twice what was measured being sent, so a client held back by round trips does not
    bank a rate it never used.
    """

    def __init__(
        self,
        *,
        beta: float = 0.7,
        scale: float = 0.4,
        min_rate: float = 0.5,
        burst: float = 0.0,
    ) -> None:
        self.beta = beta
        self.scale = scale
        self.min_rate = min_rate
        #: The rate paced to; ``None`` until the first throttle (no pacing).
        self.rate: float | None = None
        self._sent = RateMeter()
        #: Answers that were not throttled: under throttling, what the server takes.
        self._accepted = RateMeter()
        self._spacing = _Spacing(1.0, burst=burst)
        self._max_rate = 0.0  # CUBIC's W_max: the rate that last failed
        self._k = 0.0  # seconds after a throttle at which the curve is back at W_max
        self._last_throttle = 0.0
        #: A smoothed round trip: how long a change of pace takes to show in the answers.
        self._round_trip = 0.0
        #: The rate when the slots handed out were last voided.
        self._paced_at = 0.0

    @property
    def epoch(self) -> int:
        return self._spacing.epoch

    def reserve(self, *, now: float) -> float:
        if self.rate is None:
            return 0.0
        return self._spacing.reserve(now)

    def sent(self, *, now: float) -> None:
        self._sent.tick(now)

    def record(
        self, *, now: float, sent_at: float, throttled: bool, retry_after: float | None
    ) -> None:
        elapsed = now - sent_at
        self._round_trip = (
            elapsed if not self._round_trip else 0.8 * self._round_trip + 0.2 * elapsed
        )
        sending = self._sent.estimate(now)
        if not throttled:
            self._accepted.tick(now)
            if self.rate is not None:
                since = now - self._last_throttle
                grown = self.scale * (since - self._k) ** 3 + self._max_rate
                self._set_rate(now, min(grown, 2 * sending) if sending else grown)
            return
        pause_until = now + retry_after if retry_after else 0.0
        if self.rate is not None and sent_at < self._last_throttle + self._round_trip:
            # Sent before the last cut could take effect: that cut already answered this
            # overload. Only a pause it asks for is news.
            if pause_until:
                self._spacing.restart(now, pause_until=pause_until)
            return
        basis = min(sending, self.rate or sending)
        if self._accepted.rate:
            # Only a whole window measures what the server takes: the answers that came in
            # before this one, a round trip into a first burst, say nothing of its limit.
            basis = min(basis, self._accepted.rate)
        self._max_rate = max(basis, self.min_rate)
        self._k = (self._max_rate * (1 - self.beta) / self.scale) ** (1 / 3)
        self._last_throttle = now
        self.rate = max(self.min_rate, self._max_rate * self.beta)
        self._paced_at = self.rate
        self._spacing.restart(now, rate=self.rate, pause_until=pause_until)

    def _set_rate(self, now: float, rate: float) -> None:
        self.rate = max(self.min_rate, rate)
        if self.rate >= self._paced_at * _REQUEUE_GROWTH:
            # Calls queued at the old pace would keep it until the queue drains: void their
            # slots, so that they queue again at this one.
            self._paced_at = self.rate
            self._spacing.restart(now, rate=self.rate)
        else:
            self._spacing.interval = 1.0 / self.rate
