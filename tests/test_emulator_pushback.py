"""The emulator pushes back like a busy NxCloud: latency and a rate limit per access key, on
virtual time (asyncio and trio), so none of it costs real time."""

from __future__ import annotations

import time
from typing import Any

import anyio
import pytest

import nxwa
from nxwa._clock import Clock
from nxwa.endpoints import Endpoint
from nxwa.testing import FakeNxCloud, Throttle

pytestmark = [pytest.mark.anyio, pytest.mark.virtual_time]

PHONE = "8613800000000"


def with_media(**options: Any) -> FakeNxCloud:
    fake = FakeNxCloud(**options)
    fake.add_media(PHONE, file_name="cat.png", mime_type="image/png", media_id="m-1")
    return fake


async def test_latency_is_added_before_each_answer_in_virtual_time() -> None:
    fake = with_media(latency=0.05)
    started, real = anyio.current_time(), time.perf_counter()
    async with fake.client() as client:
        for _ in range(20):
            await client.cloud.media.get(PHONE, "m-1")
    assert anyio.current_time() - started == pytest.approx(1.0)
    assert time.perf_counter() - real < 1.0


async def test_latency_can_be_a_callable_of_the_endpoint() -> None:
    seen: list[str] = []

    def latency(endpoint: Endpoint[Any]) -> float:
        seen.append(endpoint.id)
        return 2.0 if endpoint.id == "saas_create_template" else 0.1

    fake = FakeNxCloud(latency=latency)
    started = anyio.current_time()
    async with fake.client() as client:
        await client.saas.templates.create(
            PHONE, name="welcome", language="en_US", category="MARKETING", content="Hi {{1}}!"
        )
        await client.saas.flows.list(PHONE)
    assert anyio.current_time() - started == pytest.approx(2.1)
    assert seen == ["saas_create_template", "saas_list_flows"]


async def test_an_answer_later_than_the_read_timeout_is_an_unknown_outcome() -> None:
    fake = FakeNxCloud(latency=5.0)
    async with fake.client(timeout=1.0) as client:
        with pytest.raises(nxwa.OutcomeUnknownError):
            await client.saas.templates.create(
                PHONE, name="welcome", language="en_US", category="MARKETING", content="Hi {{1}}!"
            )
    # Processed, then the answer was late: the template exists, the record says unanswered.
    assert [t.name for t in fake.templates(PHONE)] == ["welcome"]
    assert [r.answered for r in fake.requests] == [False]


async def test_100_calls_at_once_over_a_rate_of_10_finish_in_about_10_s() -> None:
    fake = with_media(rate_limit=10)
    attempts: list[int] = []
    statuses: list[int] = []
    started = anyio.current_time()
    async with fake.client(max_retries=0) as client:

        async def call() -> None:
            # A client that retries 429s, honouring Retry-After.
            for attempt in range(1, 10):
                try:
                    await client.cloud.media.get(PHONE, "m-1")
                except nxwa.HTTPStatusError as exc:
                    statuses.append(exc.status_code)
                    await anyio.sleep(float(exc.headers["retry-after"]))
                else:
                    attempts.append(attempt)
                    return

        async with anyio.create_task_group() as tg:
            for _ in range(100):
                tg.start_soon(call)
    elapsed = anyio.current_time() - started
    assert 9.0 <= elapsed <= 10.0
    assert len(attempts) == 100
    assert set(statuses) == {429}
    # One second of burst admits 10; every other call was refused once and then admitted at
    # the time its Retry-After named.
    assert sorted(attempts) == [1] * 10 + [2] * 90
    throttled = [r for r in fake.requests if r.throttled]
    assert len(throttled) == 90
    assert {(r.status, r.code, r.signature_verified) for r in throttled} == {(429, None, None)}


async def test_the_clients_own_retries_ride_out_a_short_burst() -> None:
    fake = with_media(rate_limit=10)
    started = anyio.current_time()
    async with fake.client(max_retries=3) as client, anyio.create_task_group() as tg:
        for _ in range(15):
            tg.start_soon(client.cloud.media.get, PHONE, "m-1")
    assert anyio.current_time() - started == pytest.approx(0.5)
    assert sum(r.throttled for r in fake.requests) == 5
    assert sum(r.code == 0 for r in fake.requests) == 15


async def test_a_throttled_create_is_refused_before_processing() -> None:
    fake = FakeNxCloud(rate_limit=1)
    async with fake.client(max_retries=0) as client:
        await client.saas.flows.list(PHONE)
        with pytest.raises(nxwa.HTTPStatusError) as caught:
            await client.saas.templates.create(
                PHONE, name="welcome", language="en_US", category="MARKETING", content="Hi {{1}}!"
            )
    assert caught.value.status_code == 429
    assert caught.value.headers["retry-after"] == "1"
    assert fake.templates(PHONE) == []


async def test_each_access_key_has_its_own_bucket() -> None:
    fake = with_media(rate_limit=2)
    fake.add_account("ak-2", "sk-2", app_key="app-2", tenant_id=2)
    async with (
        fake.client(max_retries=0) as one,
        fake.client(max_retries=0, access_key="ak-2", access_secret="sk-2", app_key="app-2") as two,
    ):
        for client in (one, one, two, two):
            await client.cloud.media.get(PHONE, "m-1")
        with pytest.raises(nxwa.HTTPStatusError):
            await one.cloud.media.get(PHONE, "m-1")
        await anyio.sleep(0.5)
        await one.cloud.media.get(PHONE, "m-1")  # a token came back
    assert [r.throttled for r in fake.requests] == [False] * 4 + [True, False]


@pytest.mark.parametrize(
    ("throttle", "error", "retry_after"),
    [
        (Throttle(retry_after="integer"), nxwa.HTTPStatusError, "1"),
        (Throttle(retry_after=None), nxwa.HTTPStatusError, None),
        (Throttle(status=503, retry_after="seconds"), nxwa.HTTPStatusError, "0.5"),
        (Throttle(status=200, code=-1), nxwa.ServerError, "0.5"),
    ],
)
async def test_the_form_of_the_throttling_answer_is_configurable(
    throttle: Throttle, error: type[Exception], retry_after: str | None
) -> None:
    fake = with_media(rate_limit=2, throttle=throttle)
    async with fake.client(max_retries=0) as client:
        await client.cloud.media.get(PHONE, "m-1")
        await client.cloud.media.get(PHONE, "m-1")
        with pytest.raises(error) as caught:
            await client.cloud.media.get(PHONE, "m-1")
    record = fake.requests[-1]
    assert record.throttled
    assert (record.status, record.code) == (throttle.status, throttle.code)
    assert getattr(caught.value, "headers", {}).get("retry-after") == retry_after
    if throttle.code is not None:
        assert record.response_json()["code"] == -1


async def test_hours_of_virtual_time_never_see_a_1004() -> None:
    # ts is checked against the wall clock the client signs with, not the event loop's.
    fake = with_media()
    async with fake.client(max_retries=0) as client:
        for _ in range(5):
            await client.cloud.media.get(PHONE, "m-1")
            await anyio.sleep(10 * 3600)
    assert [r.code for r in fake.requests] == [0] * 5


async def test_an_injected_wall_clock_is_shared_with_the_client_it_builds() -> None:
    class TenMinutesSlow(Clock):
        def local_wall_ms(self) -> int:
            return super().local_wall_ms() - 600_000

    fake = with_media(clock=TenMinutesSlow())
    async with fake.client(max_retries=0) as client:  # signs with the emulator's clock
        await client.cloud.media.get(PHONE, "m-1")
    async with fake.client(clock=Clock(), max_retries=0) as other:  # a clock of its own
        await other.cloud.media.get(PHONE, "m-1")  # 1004, then corrected from Date
    assert [r.code for r in fake.requests] == [0, 1004, 0]


async def test_options_are_checked() -> None:
    with pytest.raises(ValueError, match="rate_limit"):
        FakeNxCloud(rate_limit=0)
    with pytest.raises(ValueError, match="latency"):
        FakeNxCloud(latency=-1)
    with pytest.raises(ValueError, match="review_delay"):
        FakeNxCloud(review_delay=-5)
    with pytest.raises(ValueError, match="creations_per_hour"):
        FakeNxCloud(creations_per_hour=-1)
