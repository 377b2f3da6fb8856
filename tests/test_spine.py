"""The request spine: what every error says about its call, per-call options that rebuild
nothing, the total deadline, and time that runs on the event loop's clock."""

from __future__ import annotations

import random
import time
from typing import Any

import anyio
import httpx
import pytest
import trio.testing

import nxwa
from nxwa import endpoints as E
from nxwa import errors
from nxwa.errors import Outcome
from nxwa.pipeline.pipeline import Pipeline
from nxwa.testing import FakeNxCloud
from nxwa.transport.base import Timeouts

pytestmark = pytest.mark.anyio

PHONE = "8613800000000"
MEDIA_ID = "fd81acff-eea8-4d9d-acc9-6c62904d6615"


def _fake() -> FakeNxCloud:
    """An emulator holding the media the calls below read."""
    fake = FakeNxCloud()
    for media_id in (MEDIA_ID, "queued", *(f"m-{i}" for i in range(21))):
        fake.add_media(PHONE, file_name="a.jpg", mime_type="image/jpeg", media_id=media_id)
    return fake


def _mock_clock() -> dict[str, Any]:
    return {"clock": trio.testing.MockClock(autojump_threshold=0)}


# ------------------------------------------------------------------ outcome, per fault


def _connect_error(fake: FakeNxCloud) -> dict[str, Any]:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)

    return {"transport": httpx.MockTransport(refuse)}


def _read_timeout(fake: FakeNxCloud) -> dict[str, Any]:
    fake.faults.delay(5, endpoint="saas_create_template")
    return {"timeout": Timeouts(read=0.05)}


FAULTS = {
    # fault name: (set it up, expected class, expected outcome)
    "connect error": (_connect_error, errors.RequestNotSentError, Outcome.NOT_APPLIED),
    "429": (
        lambda fake: fake.faults.http_status(429, endpoint="saas_create_template"),
        errors.HTTPStatusError,
        Outcome.NOT_APPLIED,
    ),
    "503": (
        lambda fake: fake.faults.http_status(503, endpoint="saas_create_template"),
        errors.HTTPStatusError,
        Outcome.NOT_APPLIED,
    ),
    "500 before processing": (
        lambda fake: fake.faults.http_status(500, endpoint="saas_create_template"),
        errors.HTTPStatusError,
        Outcome.UNKNOWN,
    ),
    "500 after processing": (
        lambda fake: fake.faults.http_status(500, endpoint="saas_create_template", processed=True),
        errors.HTTPStatusError,
        Outcome.UNKNOWN,
    ),
    "lost answer": (
        lambda fake: fake.faults.drop_connection(endpoint="saas_create_template"),
        errors.OutcomeUnknownError,
        Outcome.UNKNOWN,
    ),
    "read timeout": (_read_timeout, errors.OutcomeUnknownError, Outcome.UNKNOWN),
    "unreadable body": (
        lambda fake: fake.faults.malformed_body(endpoint="saas_create_template"),
        errors.ResponseDecodeError,
        Outcome.UNKNOWN,
    ),
    "result code": (
        lambda fake: fake.faults.result_code(22072, endpoint="saas_create_template"),
        errors.InvalidParameterError,
        Outcome.NOT_APPLIED,
    ),
    "result code of a failure on NxCloud's side": (
        lambda fake: fake.faults.result_code(-1, endpoint="saas_create_template"),
        errors.ServerError,
        Outcome.UNKNOWN,
    ),
}


@pytest.mark.parametrize("fault", FAULTS)
async def test_every_error_says_whether_the_call_may_have_applied_and_where(fault: str) -> None:
    fake = FakeNxCloud()
    setup, cls, outcome = FAULTS[fault]
    options = setup(fake)
    options = options if isinstance(options, dict) else {}
    async with fake.client(max_retries=0, **options) as client:
        with pytest.raises(cls) as caught:
            await client.saas.templates.create(
                PHONE, name="promo", language="en_US", category="MARKETING", content="Hi"
            )
    error = caught.value
    assert type(error) is cls
    assert error.outcome is outcome
    assert (error.endpoint, error.method, error.attempts) == ("saas_create_template", "POST", 1)
    assert error.url == "https://api-hk.nxlink.ai/saas/wa/template/…"
    assert len(error.request_id or "") == 12
    line = str(error)
    assert "\n" not in line
    assert "endpoint=saas_create_template" in line
    assert "POST https://api-hk.nxlink.ai/saas/wa/template/…" in line
    assert PHONE not in line


@pytest.mark.virtual_time
async def test_a_connect_error_says_where_it_went() -> None:
    fake = _fake()
    async with fake.client(max_retries=2, **_connect_error(fake)) as client:
        with pytest.raises(errors.RequestNotSentError) as caught:
            await client.cloud.media.get(PHONE, MEDIA_ID)
    assert str(caught.value) == (
        "ConnectError: [Errno -2] Name or service not known (endpoint=cloud_get_media,"
        " POST https://api2.nxcloud.com/api/wa/getMedia, attempts=3,"
        f" request_id={caught.value.request_id})"
    )


def test_errors_raised_locally_were_not_applied() -> None:
    assert errors.RequestValidationError("name", "is required").outcome is Outcome.NOT_APPLIED
    assert errors.ConfigurationError("no key").outcome is Outcome.NOT_APPLIED
    assert errors.ClientClosedError("closed").outcome is Outcome.NOT_APPLIED
    in_flight = errors.ClientClosedError("closed in flight", outcome=Outcome.UNKNOWN)
    assert in_flight.outcome is Outcome.UNKNOWN
    assert errors.HTTPStatusError(501).outcome is Outcome.NOT_APPLIED
    assert errors.HTTPStatusError(502).outcome is Outcome.UNKNOWN


async def test_integrator_9007_is_a_refusal_not_a_downstream_failure() -> None:
    # 9007 means "downstream exception" (outcome unknown) on mt, but "not an integrator" on
    # the integrator endpoints: that endpoint's meaning decides the outcome too.
    fake = _fake()
    fake.faults.result_code(9007, endpoint="integrator_login")
    fake.faults.result_code(9007, endpoint="cloud_send_message")
    async with fake.client(max_retries=0) as client:
        with pytest.raises(errors.PermissionDeniedError) as refused:
            await client.cloud.integrator.login()
        with pytest.raises(errors.ServerError) as failed:
            await client.cloud.messages.send(PHONE, "8613900000000", nxwa.models.Text("hi"))
    assert refused.value.outcome is Outcome.NOT_APPLIED
    assert failed.value.outcome is Outcome.UNKNOWN


# ------------------------------------------------------------------ per-call options


async def test_per_call_options_construct_no_client_and_no_pipeline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = _fake()
    fake.faults.http_status(503, endpoint="cloud_get_media", times=3)
    built: list[str] = []
    pipeline_init = Pipeline.__init__
    configure = nxwa.AsyncClient._configure

    def counting_pipeline(self: Pipeline, *args: Any, **kwargs: Any) -> None:
        built.append("pipeline")
        pipeline_init(self, *args, **kwargs)

    def counting_configure(self: nxwa.AsyncClient, *args: Any, **kwargs: Any) -> None:
        built.append("client")
        configure(self, *args, **kwargs)

    async with fake.client(retry=nxwa.RetryPolicy(backoff_base=0.0)) as client:
        monkeypatch.setattr(Pipeline, "__init__", counting_pipeline)
        monkeypatch.setattr(nxwa.AsyncClient, "_configure", counting_configure)
        for max_retries, timeout in ((0, 5.0), (3, nxwa.NOT_GIVEN)):
            fake.requests.clear()
            call = client.request(
                E.CLOUD_GET_MEDIA,
                business_phone=PHONE,
                media_id=MEDIA_ID,
                options=nxwa.RequestOptions(max_retries=max_retries, timeout=timeout),
            )
            if max_retries == 0:
                with pytest.raises(errors.HTTPStatusError):
                    await call
                assert len(fake.requests) == 1  # max_retries=0 rode on the call
            else:
                await call  # two 503s left, then the answer: four attempts allowed
                assert [r.status for r in fake.requests] == [503, 503, 200]
    assert built == []


async def test_a_per_call_timeout_rides_on_the_request() -> None:
    seen: list[Timeouts] = []

    class Spy:
        async def __call__(self, call: nxwa.Call, next: Any) -> nxwa.Reply:
            seen.append(call.request.timeouts)
            return await next(call)

    fake = _fake()
    async with fake.client(attempt_middleware=[Spy()]) as client:
        await client.request(
            E.CLOUD_GET_MEDIA,
            business_phone=PHONE,
            media_id=MEDIA_ID,
            options=nxwa.RequestOptions(timeout=Timeouts(read=7, total=9)),
        )
        await client.cloud.media.get(PHONE, MEDIA_ID)
    assert seen == [Timeouts(read=7, total=9), Timeouts()]


# ------------------------------------------------------------------ total deadline, loop time


@pytest.mark.parametrize("anyio_backend", [("trio", _mock_clock())])
async def test_a_total_timeout_ends_a_call_that_would_retry_past_it(anyio_backend: Any) -> None:
    fake = _fake()
    fake.faults.http_status(503, retry_after=4, endpoint="cloud_get_media", times=None)
    async with fake.client(max_retries=10, timeout=Timeouts(total=10)) as client:
        started = anyio.current_time()
        with pytest.raises(errors.HTTPStatusError) as caught:
            await client.cloud.media.get(PHONE, MEDIA_ID)
        elapsed = anyio.current_time() - started
    # Attempts at 0, 4 and 8 s; the next pause would end at 12 s, past the 10 s bound: the
    # last answer is raised at 8 s instead of waiting.
    assert elapsed == pytest.approx(8)
    assert caught.value.attempts == 3
    assert len(fake.requests) == 3


@pytest.mark.parametrize("anyio_backend", [("trio", _mock_clock())])
async def test_a_total_timeout_bounds_an_answer_that_never_comes(anyio_backend: Any) -> None:
    fake = _fake()
    fake.faults.delay(3600, endpoint="cloud_get_media", times=None)  # processed, answered late
    async with fake.client(timeout=Timeouts(read=None, total=2.5)) as client:
        started = anyio.current_time()
        with pytest.raises(errors.OutcomeUnknownError, match=r"total timeout of 2\.5 s") as caught:
            await client.cloud.media.get(PHONE, MEDIA_ID)
        assert anyio.current_time() - started == pytest.approx(2.5)
    assert caught.value.outcome is Outcome.UNKNOWN


@pytest.mark.parametrize("anyio_backend", [("trio", _mock_clock())])
async def test_a_total_timeout_spent_queueing_sends_nothing(anyio_backend: Any) -> None:
    fake = _fake()
    fake.faults.delay(60, endpoint="cloud_get_media")
    async with fake.client(max_concurrency=1, timeout=Timeouts(read=None)) as client:
        outcome: list[BaseException] = []

        async def queued() -> None:
            await anyio.sleep(1)  # the slot is taken by now
            try:
                await client.request(
                    E.CLOUD_GET_MEDIA,
                    business_phone=PHONE,
                    media_id="queued",
                    options=nxwa.RequestOptions(timeout=Timeouts(read=None, total=5)),
                )
            except errors.NxwaError as exc:
                outcome.append(exc)

        async with anyio.create_task_group() as tg:
            tg.start_soon(client.cloud.media.get, PHONE, MEDIA_ID)
            tg.start_soon(queued)
    assert len(outcome) == 1
    assert isinstance(outcome[0], errors.RequestNotSentError)
    assert [r.body for r in fake.requests if b"queued" in r.body] == []


@pytest.mark.parametrize("anyio_backend", [("trio", _mock_clock())])
async def test_a_retry_schedule_runs_in_virtual_time(anyio_backend: Any) -> None:
    fake = _fake()
    fake.faults.http_status(503, retry_after=20, endpoint="cloud_get_media", times=3)
    real = time.perf_counter()
    async with fake.client(max_retries=3) as client:
        started = anyio.current_time()
        await client.cloud.media.get(PHONE, MEDIA_ID)
        virtual = anyio.current_time() - started
    assert virtual == pytest.approx(60)  # three Retry-After: 20 pauses, in full
    assert time.perf_counter() - real < 5  # and no real minute


@pytest.mark.parametrize("anyio_backend", [("trio", _mock_clock())])
async def test_a_rate_limit_runs_in_virtual_time(anyio_backend: Any) -> None:
    fake = _fake()
    real = time.perf_counter()
    async with fake.client(rate_limit=2, random_source=random.Random(1)) as client:
        started = anyio.current_time()
        async with anyio.create_task_group() as tg:
            for i in range(21):
                tg.start_soon(client.cloud.media.get, PHONE, f"m-{i}")
        virtual = anyio.current_time() - started
    assert virtual == pytest.approx(10)  # 21 requests at 2 per second: the last at 10 s
    assert time.perf_counter() - real < 5


# ------------------------------------------------------------------ wave-1 names, deprecated


def test_wave_one_names_still_work_for_one_release() -> None:
    from nxwa import transport
    from nxwa.client import check_options
    from nxwa.pipeline.call import Call
    from nxwa.transport.httpx import HttpxAdapterTransport, HttpxClientTransport, HttpxTransport

    with pytest.warns(DeprecationWarning, match="nxwa.transport.Request"):
        assert transport.TransportRequest is transport.Request
    with pytest.warns(DeprecationWarning, match="HttpxClientTransport"):
        assert isinstance(HttpxTransport(httpx.AsyncClient()), HttpxClientTransport)
    with pytest.warns(DeprecationWarning, match="HttpxAdapterTransport"):
        lent = HttpxTransport(transport=httpx.MockTransport(lambda r: httpx.Response(200)))
    assert isinstance(lent, HttpxAdapterTransport)
    with pytest.warns(DeprecationWarning, match="ClientOptions.resolve"):
        assert (
            check_options({"access_key": "ak", "access_secret": "s"}).credentials.access_key == "ak"
        )
    call = Call(E.CLOUD_GET_MEDIA, transport.Request("POST", "https://h/x", {"action": "getMedia"}))
    with pytest.warns(DeprecationWarning, match=r"call\.request\.headers"):
        assert call.headers == {"action": "getMedia"}
    with pytest.raises(AttributeError):
        call.params  # noqa: B018 - query parameters are part of request.url now
