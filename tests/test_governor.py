"""Rate governors, sans-I/O on a hand-moved clock, then paced against a throttling emulator in
virtual time."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import anyio
import pytest

import nxwa
from nxwa import errors
from nxwa.pipeline.governor import AdaptiveRate, FixedRate, RateMeter
from nxwa.pipeline.pacing import PacingMiddleware
from nxwa.pipeline.retry import throttle_of
from nxwa.testing import FakeNxCloud

PHONE = "8613800000000"


def _send_at(governor: FixedRate | AdaptiveRate, now: float, count: int) -> list[float]:
    """When ``count`` requests reserved at ``now`` may go."""
    return [round(now + governor.reserve(now=now), 6) for _ in range(count)]


# ------------------------------------------------------------------ fixed rate


def test_a_fixed_rate_spaces_sends_evenly() -> None:
    assert _send_at(FixedRate(4), 0.0, 5) == [0.0, 0.25, 0.5, 0.75, 1.0]


def test_a_fixed_rate_does_not_bank_idle_time() -> None:
    pacing = FixedRate(2)
    _send_at(pacing, 0.0, 2)
    assert _send_at(pacing, 100.0, 3) == [100.0, 100.5, 101.0]


def test_a_fixed_rate_allows_the_burst_it_is_given() -> None:
    assert _send_at(FixedRate(10, burst=0.3), 0.0, 6) == [0.0, 0.0, 0.0, 0.0, 0.1, 0.2]


def test_retry_after_holds_every_send_of_that_server() -> None:
    pacing = FixedRate(100)
    pacing.record(now=1.0, sent_at=0.9, throttled=True, retry_after=5.0)
    assert _send_at(pacing, 1.0, 2) == [6.0, 6.01]


def test_a_rate_must_be_positive() -> None:
    with pytest.raises(ValueError, match="> 0"):
        FixedRate(0)


# ------------------------------------------------------------------ adaptive


def _sending(governor: AdaptiveRate, rate: float, start: float, seconds: float) -> float:
    """Send at ``rate`` per second for ``seconds`` (answers unthrottled); the time after."""
    now = start
    while now < start + seconds:
        now += max(1 / rate, governor.reserve(now=now))
        governor.sent(now=now)
        governor.record(now=now, sent_at=now, throttled=False, retry_after=None)
    return now


def test_adaptive_does_not_pace_until_the_first_throttle() -> None:
    governor = AdaptiveRate()
    assert [governor.reserve(now=0.0) for _ in range(1000)] == [0.0] * 1000
    assert governor.rate is None


def test_a_throttle_cuts_the_rate_to_beta_times_what_was_sent() -> None:
    governor = AdaptiveRate(beta=0.7)
    now = _sending(governor, 100.0, 0.0, 5.0)
    governor.record(now=now, sent_at=now, throttled=True, retry_after=None)
    assert governor.rate == pytest.approx(70.0, rel=0.05)


def test_one_cut_per_overload_not_one_per_request_in_flight() -> None:
    governor = AdaptiveRate(beta=0.5)
    now = _sending(governor, 100.0, 0.0, 5.0)
    for late in range(10):  # ten answers to requests sent before the cut
        governor.record(
            now=now + late * 0.001, sent_at=now - 0.05, throttled=True, retry_after=None
        )
    assert governor.rate == pytest.approx(50.0, rel=0.05)
    # A request sent a round trip after the cut and throttled again: the cut was not enough.
    governor.record(now=now + 0.3, sent_at=now + 0.2, throttled=True, retry_after=None)
    assert governor.rate is not None
    assert governor.rate < 40


def test_the_rate_grows_back_along_the_cubic_curve() -> None:
    governor = AdaptiveRate(beta=0.7, scale=0.4)
    now = _sending(governor, 100.0, 0.0, 5.0)
    governor.record(now=now, sent_at=now, throttled=True, retry_after=None)
    cut = governor.rate
    assert cut is not None
    # K = cbrt(W_max * (1 - beta) / C): the time the curve needs to return to W_max.
    k = (100.0 * 0.3 / 0.4) ** (1 / 3)
    governor.record(now=now + k, sent_at=now + k, throttled=False, retry_after=None)
    assert governor.rate == pytest.approx(100.0, rel=0.05)
    # Flat near W_max, steep away from it: a second later it has barely moved.
    governor.record(now=now + k + 1, sent_at=now + k + 1, throttled=False, retry_after=None)
    assert governor.rate == pytest.approx(100.4, rel=0.05)


def test_the_rate_never_grows_past_twice_what_was_sent() -> None:
    governor = AdaptiveRate()
    now = _sending(governor, 10.0, 0.0, 5.0)
    governor.record(now=now, sent_at=now, throttled=True, retry_after=None)
    governor.record(now=now + 60, sent_at=now + 60, throttled=False, retry_after=None)
    assert governor.rate is not None
    assert governor.rate <= 2 * 10.0 * 1.05


def test_the_meter_follows_the_rate_and_measures_a_first_burst() -> None:
    meter = RateMeter()
    for _ in range(30):
        meter.tick(0.0)
    assert meter.estimate(0.0) == 60.0  # 30 at once, over the half-second window
    now = 0.0
    for _ in range(2000):
        now += 0.01
        meter.tick(now)
    assert meter.rate == pytest.approx(100.0, rel=0.05)


def test_a_cut_or_a_pause_voids_the_send_times_handed_out() -> None:
    pacing = FixedRate(10)
    queued = [pacing.reserve(now=0.0) for _ in range(5)]  # 0.0 .. 0.4
    epoch = pacing.epoch
    pacing.record(now=0.05, sent_at=0.0, throttled=True, retry_after=2.0)
    assert pacing.epoch != epoch  # the four still waiting must queue again
    assert queued[-1] == pytest.approx(0.4)
    assert round(pacing.reserve(now=0.1), 6) == 1.95  # after the pause


def test_what_counts_as_throttled() -> None:
    assert throttle_of(errors.HTTPStatusError(429)) == (True, None)
    assert throttle_of(errors.HTTPStatusError(503, headers={"retry-after": "2"})) == (False, None)
    meta = errors.MetaError(code=9099, data={"error": {"code": 130429, "message": "throughput"}})
    assert throttle_of(meta) == (True, None)
    other = errors.MetaError(code=9099, data={"error": {"code": 100}})
    assert throttle_of(other) == (False, None)


def test_a_rise_of_a_quarter_voids_the_slots_queued_at_the_old_pace() -> None:
    governor = AdaptiveRate()
    now = _sending(governor, 100.0, 0.0, 5.0)
    governor.record(now=now, sent_at=now, throttled=True, retry_after=None)
    cut = governor.rate
    assert cut is not None
    epoch = governor.epoch
    later = now
    while governor.rate is not None and governor.rate < cut * 1.2:
        later += 0.01
        governor.sent(now=later)
        governor.record(now=later, sent_at=later, throttled=False, retry_after=None)
    assert governor.epoch == epoch  # small rises only respace the next slot
    while governor.rate is not None and governor.rate < cut * 1.25:
        later += 0.01
        governor.sent(now=later)
        governor.record(now=later, sent_at=later, throttled=False, retry_after=None)
    assert governor.epoch != epoch


def test_a_first_cut_is_not_measured_by_the_answers_of_one_round_trip() -> None:
    governor = AdaptiveRate()
    for _ in range(100):
        governor.sent(now=0.0)  # a first burst, before any pace is known
    for _ in range(10):  # the server took some of it; these answers came in first
        governor.record(now=0.05, sent_at=0.0, throttled=False, retry_after=None)
    governor.record(now=0.05, sent_at=0.0, throttled=True, retry_after=None)
    # 0.7 x the 200/s measured being sent, not 0.7 x "10 answers in half a second".
    assert governor.rate == pytest.approx(140.0)


class _Steered:
    """A governor that hands out one long wait, then none, and voids it on any answer."""

    def __init__(self) -> None:
        self.epoch = 0
        self.waits = [100.0]

    def reserve(self, *, now: float) -> float:
        return self.waits.pop() if self.waits else 0.0

    def sent(self, *, now: float) -> None:
        pass

    def record(
        self, *, now: float, sent_at: float, throttled: bool, retry_after: float | None
    ) -> None:
        self.epoch += 1


@pytest.mark.anyio
@pytest.mark.virtual_time
async def test_a_call_asleep_on_a_voided_slot_wakes_and_queues_again() -> None:
    governor = _Steered()
    pacing = PacingMiddleware({"cloud": governor, "saas": governor})
    call: Any = SimpleNamespace(endpoint=SimpleNamespace(family="cloud"))
    finished: dict[str, float] = {}

    async def answer(_call: Any) -> Any:
        await anyio.sleep(0.05)
        return "reply"

    async def send(label: str) -> None:
        await pacing(call, answer)
        finished[label] = anyio.current_time()

    started = anyio.current_time()
    async with anyio.create_task_group() as tg:
        tg.start_soon(send, "asleep")  # takes the 100 s wait
        await anyio.sleep(0.01)
        tg.start_soon(send, "next")  # goes at once; its answer voids the wait
    assert finished["next"] - started == pytest.approx(0.06)
    assert finished["asleep"] - started == pytest.approx(0.11)


# ------------------------------------------------------------------ against a throttling server


@pytest.mark.anyio
@pytest.mark.virtual_time
async def test_adaptive_finds_a_servers_limit_and_keeps_429s_rare() -> None:
    fake = FakeNxCloud(rate_limit=50, record_requests=True)
    fake.add_media(PHONE, file_name="a.jpg", mime_type="image/jpeg", media_id="m")
    async with fake.client(rate_limit="adaptive", max_retries=10, max_concurrency=100) as client:
        started = anyio.current_time()
        async with anyio.create_task_group() as tg:

            async def worker() -> None:
                for _ in range(50):
                    await client.cloud.media.get(PHONE, "m")

            for _ in range(40):
                tg.start_soon(worker)
        elapsed = anyio.current_time() - started
    answered = [r for r in fake.requests if r.status == 200]
    throttled = [r for r in fake.requests if r.status == 429]
    assert len(answered) == 2000  # every call done, none failed
    ideal = 2000 / 50
    assert elapsed < ideal * 1.35  # close to the server's limit
    assert len(throttled) / len(fake.requests) < 0.05


@pytest.mark.anyio
@pytest.mark.virtual_time
async def test_callers_queued_behind_the_slots_are_paced_as_they_leave() -> None:
    # Five times more callers than slots: those queued for a slot while the pace was still
    # unknown must not all go at once when they get one.
    fake = FakeNxCloud(latency=0.05, rate_limit=50)
    fake.add_media(PHONE, file_name="a.jpg", mime_type="image/jpeg", media_id="m")
    async with fake.client(rate_limit="adaptive", max_concurrency=100) as client:
        started = anyio.current_time()
        async with anyio.create_task_group() as tg:
            for _ in range(500):
                tg.start_soon(client.cloud.media.get, PHONE, "m")
        elapsed = anyio.current_time() - started
    throttled = sum(r.status == 429 for r in fake.requests)
    assert sum(r.status == 200 for r in fake.requests) == 500
    assert elapsed < 500 / 50 * 1.1
    assert throttled <= 60  # the first burst over the server's one second of tokens


@pytest.mark.anyio
@pytest.mark.virtual_time
async def test_throttled_retries_leave_the_retry_budget_alone() -> None:
    fake = FakeNxCloud(rate_limit=10)
    fake.add_media(PHONE, file_name="a.jpg", mime_type="image/jpeg", media_id="m")
    async with fake.client(max_retries=20) as client:
        async with anyio.create_task_group() as tg:
            for _ in range(100):
                tg.start_soon(client.cloud.media.get, PHONE, "m")
        assert client.retry_budget.tokens == client.retry_budget.capacity
    assert sum(r.status == 200 for r in fake.requests) == 100


def test_rate_limit_accepts_a_number_or_adaptive() -> None:
    credentials = {"access_key": "ak", "access_secret": "s"}
    nxwa.AsyncClient(**credentials, rate_limit="adaptive")
    nxwa.AsyncClient(**credentials, rate_limit=2.5)
    with pytest.raises(nxwa.ConfigurationError, match="'adaptive'"):
        nxwa.AsyncClient(**credentials, rate_limit="fast")  # type: ignore[arg-type]
