"""Fault injection drives the SDK's retry rules end to end against the emulator.

The async tests run on virtual time (``virtual_time`` marker: trio's MockClock, or nxwa's
virtual-time asyncio loop), so backoff and Retry-After pauses take no real time but remain
measurable with ``anyio.current_time()``.
"""

from __future__ import annotations

import anyio
import pytest

import nxwa
from nxwa import endpoints as E
from nxwa._clock import Clock
from nxwa.testing import FakeNxCloud
from nxwa.testing.faults import HttpStatus

PHONE = "8613800000000"


async def create(client: nxwa.AsyncClient, name: str = "order_ready") -> None:
    await client.saas.templates.create(
        PHONE, name=name, language="en_US", category="UTILITY", content="Hi {{1}}!"
    )


def creates(fake: FakeNxCloud) -> list[tuple[int, int | None, str | None]]:
    return [(r.status, r.code, r.fault) for r in fake.requests_for(E.SAAS_CREATE_TEMPLATE)]


@pytest.mark.anyio
@pytest.mark.virtual_time
async def test_a_create_refused_with_503_once_succeeds_on_one_retry() -> None:
    fake = FakeNxCloud()
    fake.faults.http_status(503, endpoint="saas_create_template")
    async with fake.client() as client:
        await create(client)
    assert creates(fake) == [(503, None, "http_status(503)"), (200, 0, None)]
    assert [t.name for t in fake.templates(PHONE)] == ["order_ready"]
    assert not fake.faults.pending


@pytest.mark.anyio
@pytest.mark.virtual_time
async def test_a_create_whose_answer_was_lost_is_not_replayed() -> None:
    fake = FakeNxCloud()
    fake.faults.drop_connection(endpoint=E.SAAS_CREATE_TEMPLATE)
    async with fake.client() as client:
        with pytest.raises(nxwa.OutcomeUnknownError) as caught:
            await create(client)
    assert isinstance(caught.value, nxwa.TransportError)
    assert "outcome is unknown" in str(caught.value)
    # The emulator did the work, the client never heard: exactly one attempt, one template.
    assert creates(fake) == [(200, 0, "drop_connection")]
    assert fake.requests[0].answered is False
    assert len(fake.templates(PHONE)) == 1


@pytest.mark.anyio
@pytest.mark.virtual_time
async def test_an_idempotent_call_whose_answer_was_lost_is_retried() -> None:
    fake = FakeNxCloud()
    fake.add_template(PHONE, name="welcome")
    fake.faults.drop_connection(endpoint="saas_list_templates")
    async with fake.client() as client:
        page = await client.saas.templates.list(PHONE)
    assert page.total == 1
    assert [r.answered for r in fake.requests] == [False, True]


@pytest.mark.anyio
@pytest.mark.virtual_time
async def test_a_1004_with_a_skewed_date_is_corrected_and_succeeds() -> None:
    # Real clocks: the client's clock is right, the server's jumps 5 minutes ahead.
    fake = FakeNxCloud()
    fake.faults.timestamp_expired(skew=300)
    async with fake.client() as client:
        page = await client.saas.templates.list(PHONE)
        later = await client.saas.flows.list(PHONE)
        offset = client._shared.clock.offset_ms
    assert page.total == 0
    assert later == []
    assert [r.code for r in fake.requests] == [1004, 0, 0]
    assert fake.clock_skew == 300
    assert 299_000 <= offset <= 301_000  # Date has one-second resolution


@pytest.mark.anyio
@pytest.mark.virtual_time
async def test_a_stale_ts_without_a_fault_is_a_real_1004_and_also_corrected() -> None:
    class TenMinutesSlow(Clock):
        def local_wall_ms(self) -> int:
            return super().local_wall_ms() - 600_000

    fake = FakeNxCloud()
    async with fake.client(clock=TenMinutesSlow()) as c:
        await c.saas.flows.list(PHONE)
    assert [(r.code, r.fault) for r in fake.requests] == [(1004, None), (0, None)]


@pytest.mark.anyio
@pytest.mark.virtual_time
async def test_429_retry_after_is_honoured_even_for_a_create() -> None:
    fake = FakeNxCloud()
    fake.faults.http_status(429, retry_after=3)
    started = anyio.current_time()
    async with fake.client() as client:
        await create(client)
    assert anyio.current_time() - started == pytest.approx(3.0)
    assert creates(fake) == [(429, None, "http_status(429)"), (200, 0, None)]
    assert len(fake.templates(PHONE)) == 1


@pytest.mark.anyio
@pytest.mark.virtual_time
async def test_transient_codes_are_retried_only_for_idempotent_calls() -> None:
    fake = FakeNxCloud()
    fake.faults.result_code(9001, endpoint="saas_list_templates", times=2)
    fake.faults.result_code(-1, endpoint="saas_create_template")
    async with fake.client() as client:
        page = await client.saas.templates.list(PHONE)
        with pytest.raises(nxwa.ServerError) as caught:
            await create(client)
    assert page.total == 0
    assert [r.code for r in fake.requests_for("saas_list_templates")] == [9001, 9001, 0]
    assert caught.value.code == -1
    assert creates(fake) == [(200, -1, "result_code(-1)")]
    assert fake.templates(PHONE) == []  # refused before processing


@pytest.mark.anyio
@pytest.mark.virtual_time
async def test_a_500_after_processing_is_not_replayed_for_a_create() -> None:
    fake = FakeNxCloud()
    fake.faults.add(HttpStatus(500, processed=True), endpoint="saas_create_template")
    async with fake.client() as client:
        with pytest.raises(nxwa.HTTPStatusError) as caught:
            await create(client)
    assert caught.value.status_code == 500
    assert len(creates(fake)) == 1
    assert len(fake.templates(PHONE)) == 1


@pytest.mark.anyio
@pytest.mark.virtual_time
async def test_a_malformed_body_raises_response_decode_error() -> None:
    fake = FakeNxCloud()
    fake.faults.malformed_body(endpoint="saas_list_flows")
    async with fake.client() as client:
        with pytest.raises(nxwa.ResponseDecodeError):
            await client.saas.flows.list(PHONE)
    assert fake.requests[0].fault == "malformed_body"
    assert fake.requests[0].code is None


@pytest.mark.anyio
@pytest.mark.virtual_time
async def test_a_delay_past_the_read_timeout_is_an_unknown_outcome() -> None:
    fake = FakeNxCloud()  # on virtual time the delay and the timeout cost nothing
    fake.faults.delay(5.0, endpoint="saas_create_template")
    async with fake.client(timeout=0.05) as client:
        with pytest.raises(nxwa.OutcomeUnknownError, match="outcome is unknown"):
            await create(client)
    assert creates(fake) == [(200, 0, "delay(5s)")]
    assert fake.requests[0].answered is False
    assert len(fake.templates(PHONE)) == 1


@pytest.mark.anyio
@pytest.mark.virtual_time
async def test_faults_match_their_endpoint_and_can_repeat() -> None:
    fake = FakeNxCloud()
    fake.faults.result_code(9001, endpoint="cloud_get_media", times=None)
    async with fake.client(max_retries=0) as client:
        await client.saas.flows.list(PHONE)  # other endpoints are untouched
        for _ in range(3):
            with pytest.raises(nxwa.ServerError):
                await client.cloud.media.get(PHONE, "m-1")
    (scheduled,) = fake.faults.pending
    assert (scheduled.fired, scheduled.remaining) == (3, None)
    fake.faults.clear()
    assert len(fake.faults) == 0
    with pytest.raises(ValueError, match="times"):
        fake.faults.delay(1, times=0)


@pytest.mark.anyio
@pytest.mark.slow
async def test_a_dropped_connection_over_tcp_is_an_unknown_outcome() -> None:
    fake = FakeNxCloud()
    fake.faults.drop_connection(endpoint="saas_create_template")
    fake.faults.http_status(503, endpoint="saas_create_template", retry_after=0)
    with fake.serve() as server:
        async with nxwa.AsyncClient(**server.client_options()) as client:
            with pytest.raises(nxwa.OutcomeUnknownError, match="outcome is unknown"):
                await create(client, "lost")
            await create(client, "kept")  # 503, then a retry on a fresh connection
    assert creates(fake) == [
        (200, 0, "drop_connection"),
        (503, None, "http_status(503)"),
        (200, 0, None),
    ]
    assert sorted(t.name for t in fake.templates(PHONE)) == ["kept", "lost"]


def test_the_sync_client_sees_the_same_faults() -> None:
    fake = FakeNxCloud()
    fake.faults.http_status(503, endpoint="saas_create_template", retry_after=0)
    with fake.sync_client() as client:
        client.saas.templates.create(
            PHONE, name="first", language="en_US", category="UTILITY", content="Hi"
        )
        fake.faults.drop_connection(endpoint="saas_create_template")
        with pytest.raises(nxwa.OutcomeUnknownError, match="outcome is unknown"):
            client.saas.templates.create(
                PHONE, name="second", language="en_US", category="UTILITY", content="Hi"
            )
    assert [c[2] for c in creates(fake)] == ["http_status(503)", None, "drop_connection"]
    assert sorted(t.name for t in fake.templates(PHONE)) == ["first", "second"]
