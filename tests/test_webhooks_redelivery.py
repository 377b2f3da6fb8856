"""``RedeliveryFilter``: a redelivered callback (same ``sign``) is recognised, for a while."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from nxwa import NxwaError
from nxwa.webhooks import RedeliveryFilter, WebhookConfigurationError

SIGN = "87c3560d3331ae23f1021e2025722354"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def test_the_second_delivery_is_a_repeat(clock: FakeClock) -> None:
    redeliveries = RedeliveryFilter(clock=clock)
    assert redeliveries.seen(SIGN) is False
    assert redeliveries.seen(SIGN) is True
    assert redeliveries.seen(SIGN) is True
    assert len(redeliveries) == 1


def test_signs_are_compared_without_case(clock: FakeClock) -> None:
    redeliveries = RedeliveryFilter(clock=clock)
    assert redeliveries.seen(SIGN.upper()) is False
    assert redeliveries.seen(SIGN) is True


def test_first_delivery_reads_the_sign_header(clock: FakeClock) -> None:
    redeliveries = RedeliveryFilter(clock=clock)
    assert redeliveries.first_delivery({"Sign": SIGN, "ts": "1"}) is True
    assert redeliveries.first_delivery({"sign": SIGN.upper()}) is False
    assert redeliveries.first_delivery({"SIGN": "another"}) is True


@pytest.mark.parametrize("headers", [{}, {"sign": ""}, {"sign": None}, {"ts": "1"}])
def test_a_callback_without_a_sign_is_always_first(
    clock: FakeClock, headers: dict[str, Any]
) -> None:
    redeliveries = RedeliveryFilter(clock=clock)
    assert redeliveries.first_delivery(headers) is True
    assert redeliveries.first_delivery(headers) is True
    assert redeliveries.seen("") is False
    assert len(redeliveries) == 0


def test_a_sign_is_forgotten_after_the_ttl(clock: FakeClock) -> None:
    redeliveries = RedeliveryFilter(ttl=120.0, clock=clock)
    assert redeliveries.seen(SIGN) is False
    clock.now += 119.9
    assert redeliveries.seen(SIGN) is True
    # Measured from the first delivery: repeats do not extend it.
    clock.now += 0.1
    assert len(redeliveries) == 0
    assert redeliveries.seen(SIGN) is False
    clock.now += 60
    assert redeliveries.seen(SIGN) is True


def test_expiry_drops_only_the_old_signs(clock: FakeClock) -> None:
    redeliveries = RedeliveryFilter(ttl=10.0, clock=clock)
    redeliveries.seen("a")
    clock.now += 5
    redeliveries.seen("b")
    clock.now += 5
    assert len(redeliveries) == 1
    assert redeliveries.seen("b") is True
    assert redeliveries.seen("a") is False


def test_memory_is_bounded_oldest_first(clock: FakeClock) -> None:
    redeliveries = RedeliveryFilter(max_entries=3, clock=clock)
    for sign in "abcd":
        assert redeliveries.seen(sign) is False
        clock.now += 1
    assert len(redeliveries) == 3
    # "a" was the oldest and made room for "d".
    assert [redeliveries.seen(s) for s in "bcd"] == [True, True, True]
    assert redeliveries.seen("a") is False
    assert len(redeliveries) == 3


def test_forget_lets_the_next_delivery_through(clock: FakeClock) -> None:
    redeliveries = RedeliveryFilter(clock=clock)
    redeliveries.seen(SIGN)
    redeliveries.forget(SIGN.upper())
    assert redeliveries.first_delivery({"sign": SIGN}) is True
    redeliveries.forget("never seen")
    assert len(redeliveries) == 1


def test_one_of_many_threads_wins(clock: FakeClock) -> None:
    redeliveries = RedeliveryFilter(clock=clock)
    start = threading.Barrier(16)
    firsts: list[bool] = []

    def deliver() -> None:
        start.wait()
        for _ in range(200):
            firsts.append(redeliveries.first_delivery({"sign": SIGN}))

    threads = [threading.Thread(target=deliver) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert firsts.count(True) == 1
    assert len(firsts) == 16 * 200


def test_the_bound_holds_under_threads(clock: FakeClock) -> None:
    redeliveries = RedeliveryFilter(max_entries=50, clock=clock)
    start = threading.Barrier(8)
    firsts: list[bool] = []

    def deliver(worker: int) -> None:
        start.wait()
        for i in range(500):
            firsts.append(redeliveries.seen(f"{worker}-{i}"))

    threads = [threading.Thread(target=deliver, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert firsts.count(False) == 8 * 500  # every sign was new
    assert len(redeliveries) == 50


def test_the_default_clock_is_monotonic() -> None:
    redeliveries = RedeliveryFilter()
    assert redeliveries.seen(SIGN) is False
    assert redeliveries.seen(SIGN) is True
    assert repr(redeliveries) == "<RedeliveryFilter ttl=120.0 entries=1/10000>"


@pytest.mark.parametrize(
    "options",
    [{"ttl": 0}, {"ttl": -1}, {"ttl": float("nan")}, {"max_entries": 0}, {"max_entries": -3}],
)
def test_bad_configuration(options: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=r"ttl|max_entries") as caught:
        RedeliveryFilter(**options)
    assert isinstance(caught.value, WebhookConfigurationError)
    assert isinstance(caught.value, NxwaError)
