"""Client-wide bounds: in-flight calls, requests per second, and the shared retry budget."""

from __future__ import annotations

from collections.abc import Callable

import anyio
import httpx
import pytest
from conftest import RecordingClock
from wire import envelope

import nxwa
from nxwa import errors

pytestmark = [pytest.mark.anyio, pytest.mark.virtual_time]

PHONE = "8613800000000"
MEDIA = {"mime_type": "image/png", "file_name": "a", "url": "u"}
MakeClient = Callable[..., nxwa.AsyncClient]


class CountingTransport(httpx.AsyncBaseTransport):
    """Answers every request after a few scheduler turns, tracking peak concurrency."""

    def __init__(self, clock: RecordingClock | None = None, status: int = 200) -> None:
        self.in_flight = 0
        self.peak = 0
        #: When each request was sent, on the event loop's clock.
        self.sent_at: list[float] = []
        self.clock = clock
        self.status = status

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        self.sent_at.append(anyio.current_time())
        for _ in range(5):
            await anyio.lowlevel.checkpoint()
        self.in_flight -= 1
        return httpx.Response(self.status, json=envelope(MEDIA))


async def fire(client: nxwa.AsyncClient, count: int) -> None:
    async with anyio.create_task_group() as tg:
        for i in range(count):
            tg.start_soon(client.cloud.media.get, PHONE, f"m-{i}")


async def test_max_concurrency_bounds_in_flight_requests(make_client: MakeClient) -> None:
    transport = CountingTransport()
    async with make_client(transport=transport, max_concurrency=3) as client:
        await fire(client, 20)
    assert transport.peak == 3


async def test_max_concurrency_holds_across_with_options_copies(make_client: MakeClient) -> None:
    transport = CountingTransport()
    async with make_client(transport=transport, max_concurrency=2) as client:
        other = client.with_options(timeout=5)
        async with anyio.create_task_group() as tg:
            tg.start_soon(fire, client, 6)
            tg.start_soon(fire, other, 6)
    assert transport.peak == 2


async def test_no_bound_when_max_concurrency_is_none(make_client: MakeClient) -> None:
    transport = CountingTransport()
    async with make_client(transport=transport, max_concurrency=None) as client:
        await fire(client, 10)
    assert transport.peak == 10


@pytest.mark.virtual_time
async def test_rate_limit_spaces_requests_evenly(make_client: MakeClient) -> None:
    transport = CountingTransport()
    async with make_client(transport=transport, rate_limit=2) as client:
        started = anyio.current_time()
        await fire(client, 6)
    assert [round(t - started, 6) for t in transport.sent_at] == [0.0, 0.5, 1.0, 1.5, 2.0, 2.5]


@pytest.mark.virtual_time
async def test_rate_limit_lets_a_caller_through_after_idle_time(make_client: MakeClient) -> None:
    transport = CountingTransport()
    async with make_client(transport=transport, rate_limit=1) as client:
        await client.cloud.media.get(PHONE, "a")
        await anyio.sleep(10)
        before = anyio.current_time()
        await client.cloud.media.get(PHONE, "b")
    assert transport.sent_at[-1] == before  # no wait


@pytest.mark.virtual_time
async def test_each_api_family_has_its_own_rate(make_client: MakeClient) -> None:
    # Two servers, two limits: NXLink's pace does not hold back open-platform calls.
    transport = CountingTransport()
    async with make_client(transport=transport, rate_limit=1) as client:
        started = anyio.current_time()
        async with anyio.create_task_group() as tg:
            for i in range(3):
                tg.start_soon(client.cloud.media.get, PHONE, f"m-{i}")
                tg.start_soon(client.saas.flows.list, PHONE)
    offsets = sorted(round(t - started, 6) for t in transport.sent_at)
    assert offsets == [0.0, 0.0, 1.0, 1.0, 2.0, 2.0]


async def test_an_empty_retry_budget_fails_fast(
    make_client: MakeClient, clock: RecordingClock
) -> None:
    transport = CountingTransport(clock, status=503)
    async with make_client(transport=transport) as client:
        while client.retry_budget.try_withdraw():
            pass
        with pytest.raises(errors.HTTPStatusError):
            await client.cloud.media.get(PHONE, "m")
    assert len(transport.sent_at) == 1
    assert clock.sleeps == []


async def test_an_outage_drains_the_budget_then_calls_stop_retrying(
    make_client: MakeClient, clock: RecordingClock
) -> None:
    transport = CountingTransport(clock, status=503)
    async with make_client(transport=transport, max_retries=2) as client:
        for _ in range(30):
            with pytest.raises(errors.HTTPStatusError):
                await client.cloud.media.get(PHONE, "m")
    # 20 tokens allow 20 retries in all; the remaining calls are tried once.
    assert len(transport.sent_at) == 30 + 20
