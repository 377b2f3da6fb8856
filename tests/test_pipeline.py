"""The async core on the wire: headers, signing, retries, clock correction, errors."""

from __future__ import annotations

import email.utils
import logging
import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import respx
from conftest import CREDENTIALS, RecordingClock
from wire import SECRET, assert_signed, json_body, ok

import nxwa
from nxwa import endpoints as E
from nxwa import errors
from nxwa.pipeline.call import Call, Next, Reply
from nxwa.transport.base import Request, Response

pytestmark = [pytest.mark.anyio, pytest.mark.virtual_time]

PHONE = "8613800000000"
LIST_URL = f"https://api-hk.nxlink.ai/saas/wa/template/{PHONE}"
MEDIA_URL = "https://api2.nxcloud.com/api/wa/getMedia"
PAGE = {"list": [], "total": 0, "has_next_page": False}
MEDIA = {"mime_type": "image/webp", "file_name": "x", "url": "https://oss/x"}

MakeClient = Callable[..., nxwa.AsyncClient]


async def create(client: nxwa.AsyncClient) -> Any:
    return await client.saas.templates.create(
        PHONE, name="order_ready", language="en_US", category="UTILITY", content="Hi"
    )


async def test_every_request_carries_the_five_headers_and_a_verifying_sign(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    respx_mock.get(LIST_URL).mock(return_value=ok(PAGE))
    respx_mock.post(MEDIA_URL).mock(return_value=ok(MEDIA))
    async with make_client() as client:
        await client.saas.templates.list(PHONE)
        await client.cloud.media.get(PHONE, "m-1")
    get, post = (call.request for call in respx_mock.calls)
    assert_signed(get)
    assert_signed(post)
    assert get.headers["action"] == "mt"
    assert post.headers["action"] == "getMedia"
    assert get.headers["accessKey"] == "test-access-key"
    assert "algorithm" not in post.headers
    assert (
        post.content
        == b'{"business_phone":"8613800000000","Media-ID":"m-1","messaging_product":"whatsapp"}'
    )


async def test_sha256_sends_the_algorithm_header(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    respx_mock.post(MEDIA_URL).mock(return_value=ok(MEDIA))
    async with make_client(sign_algorithm="sha256") as client:
        await client.cloud.media.get(PHONE, "m-1")
    request = respx_mock.calls.last.request
    assert request.headers["algorithm"] == "sha256"
    assert len(request.headers["sign"]) == 64
    assert_signed(request, algorithm="sha256")


async def test_ts_comes_from_the_clock(
    respx_mock: respx.MockRouter, make_client: MakeClient, clock: RecordingClock
) -> None:
    respx_mock.get(LIST_URL).mock(return_value=ok(PAGE))
    async with make_client() as client:
        await client.saas.templates.list(PHONE)
    assert respx_mock.calls.last.request.headers["ts"] == str(clock.start_wall_ms)


async def test_a_retry_carries_a_fresh_ts_and_sign_over_the_same_bytes(
    respx_mock: respx.MockRouter, make_client: MakeClient, clock: RecordingClock
) -> None:
    respx_mock.post(MEDIA_URL).mock(side_effect=[httpx.Response(503, text="busy"), ok(MEDIA)])
    async with make_client() as client:
        info = await client.cloud.media.get(PHONE, "m-1")
    assert info.url == "https://oss/x"
    first, second = (call.request for call in respx_mock.calls)
    assert first.content == second.content
    assert first.headers["ts"] != second.headers["ts"]
    assert first.headers["sign"] != second.headers["sign"]
    assert_signed(first)
    assert_signed(second)
    assert len(clock.sleeps) == 1


async def test_non_idempotent_call_is_not_replayed_after_a_read_timeout(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    route = respx_mock.post(LIST_URL).mock(side_effect=httpx.ReadTimeout("slow"))
    async with make_client() as client:
        with pytest.raises(errors.OutcomeUnknownError, match="outcome is unknown"):
            await create(client)
    assert route.call_count == 1


async def test_idempotent_call_is_retried_after_a_read_timeout(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    route = respx_mock.post(MEDIA_URL).mock(side_effect=[httpx.ReadTimeout("slow"), ok(MEDIA)])
    async with make_client() as client:
        await client.cloud.media.get(PHONE, "m-1")
    assert route.call_count == 2


async def test_connect_error_is_retried_even_for_a_create(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    route = respx_mock.post(LIST_URL).mock(
        side_effect=[httpx.ConnectError("refused"), ok({"id": 9})]
    )
    async with make_client() as client:
        ref = await create(client)
    assert ref.id == 9
    assert route.call_count == 2


async def test_429_with_retry_after_waits_that_long(
    respx_mock: respx.MockRouter, make_client: MakeClient, clock: RecordingClock
) -> None:
    respx_mock.post(LIST_URL).mock(
        side_effect=[httpx.Response(429, headers={"Retry-After": "2"}), ok({"id": 1})]
    )
    async with make_client() as client:
        await create(client)
    assert clock.sleeps == [2.0]


async def test_retry_after_beyond_the_cap_is_raised_not_waited(
    respx_mock: respx.MockRouter, make_client: MakeClient, clock: RecordingClock
) -> None:
    respx_mock.post(LIST_URL).mock(return_value=httpx.Response(429, headers={"Retry-After": "90"}))
    async with make_client() as client:
        with pytest.raises(errors.HTTPStatusError) as info:
            await create(client)
    assert info.value.status_code == 429
    assert clock.sleeps == []


async def test_500_is_not_retried_for_a_create_but_is_for_a_read(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    create_route = respx_mock.post(LIST_URL).mock(return_value=httpx.Response(500))
    read_route = respx_mock.post(MEDIA_URL).mock(side_effect=[httpx.Response(500), ok(MEDIA)])
    async with make_client() as client:
        with pytest.raises(errors.HTTPStatusError):
            await create(client)
        await client.cloud.media.get(PHONE, "m-1")
    assert create_route.call_count == 1
    assert read_route.call_count == 2


async def test_transient_code_is_retried_only_when_idempotent(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    failed = httpx.Response(200, json={"code": 9001, "message": "system busy", "data": None})
    create_route = respx_mock.post(LIST_URL).mock(return_value=failed)
    read_route = respx_mock.post(MEDIA_URL).mock(side_effect=[failed, ok(MEDIA)])
    async with make_client() as client:
        with pytest.raises(errors.ServerError):
            await create(client)
        await client.cloud.media.get(PHONE, "m-1")
    assert create_route.call_count == 1
    assert read_route.call_count == 2


async def test_retries_stop_at_max_retries(
    respx_mock: respx.MockRouter, make_client: MakeClient, clock: RecordingClock
) -> None:
    route = respx_mock.post(MEDIA_URL).mock(return_value=httpx.Response(503))
    async with make_client(max_retries=3) as client:
        with pytest.raises(errors.HTTPStatusError):
            await client.cloud.media.get(PHONE, "m-1")
    assert route.call_count == 4
    assert len(clock.sleeps) == 3


async def test_timestamp_expired_corrects_the_clock_from_date_and_retries_once(
    respx_mock: respx.MockRouter, make_client: MakeClient, clock: RecordingClock
) -> None:
    server_ms = clock.start_wall_ms + 5 * 60 * 1000  # the server is 5 minutes ahead
    date = email.utils.formatdate(server_ms / 1000, usegmt=True)
    expired = httpx.Response(
        200,
        headers={"Date": date},
        json={"code": 1004, "message": "timestamp expired", "data": None},
    )
    route = respx_mock.post(LIST_URL).mock(side_effect=[expired, ok({"id": 3})])
    async with make_client() as client:
        await create(client)
    first, second = (call.request for call in route.calls)
    assert int(first.headers["ts"]) == clock.start_wall_ms
    assert abs(int(second.headers["ts"]) - server_ms) < 1000
    assert_signed(second)
    assert clock.sleeps == []


async def test_timestamp_expired_twice_raises(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    expired = httpx.Response(
        200,
        headers={"Date": "Wed, 21 Oct 2026 07:28:00 GMT"},
        json={"code": 1004, "message": "timestamp expired", "data": None},
    )
    route = respx_mock.post(LIST_URL).mock(return_value=expired)
    async with make_client() as client:
        with pytest.raises(errors.TimestampExpiredError):
            await create(client)
    assert route.call_count == 2


# Written out from the reference (§2.6–2.8, seeds), independently of the generated table.
DOCUMENTED_CODES = [
    (-1, errors.ServerError),
    (400, errors.MetaError),
    (1001, errors.AuthenticationError),
    (1002, errors.AuthenticationError),
    (1003, errors.SignatureError),
    (1004, errors.TimestampExpiredError),
    (1005, errors.PermissionDeniedError),
    (9000, errors.InvalidParameterError),
    (9001, errors.ServerError),
    (9002, errors.PhoneNumberError),
    (9003, errors.NotFoundError),
    (9004, errors.InvalidParameterError),
    (9005, errors.InsufficientBalanceError),
    (9006, errors.PhoneNumberError),
    (9007, errors.ServerError),
    (9008, errors.NotFoundError),
    (9009, errors.InvalidParameterError),
    (9010, errors.PermissionDeniedError),
    (9099, errors.MetaError),
    *((code, errors.InvalidParameterError) for code in range(21058, 21064)),
    (22016, errors.InvalidParameterError),
    (22020, errors.NotFoundError),
    (22041, errors.ServerError),
    (22042, errors.ServerError),
    (22049, errors.PhoneNumberError),
    (22072, errors.InvalidParameterError),
    (22089, errors.PhoneNumberError),
    (22090, errors.PhoneNumberError),
    (22091, errors.PhoneNumberError),
    (22092, errors.NotFoundError),
    (22093, errors.NotFoundError),
    (22122, errors.InvalidParameterError),
    (22123, errors.PhoneNumberError),
    (22124, errors.NotFoundError),
    (22125, errors.InsufficientBalanceError),
    (22126, errors.PhoneNumberError),
    (22141, errors.ServerError),
    (424242, errors.APIError),
]


@pytest.mark.parametrize(("code", "cls"), DOCUMENTED_CODES)
async def test_each_documented_code_raises_its_class(
    respx_mock: respx.MockRouter, make_client: MakeClient, code: int, cls: type[errors.APIError]
) -> None:
    data = {"error": {"code": 100, "message": "(#100) Invalid parameter"}}
    respx_mock.post(LIST_URL).mock(
        return_value=httpx.Response(
            200, json={"code": code, "message": "nope", "data": data, "traceId": "tr-1"}
        )
    )
    async with make_client() as client:
        with pytest.raises(cls) as info:
            await create(client)
    error = info.value
    assert type(error) is cls
    assert (error.code, error.message, error.trace_id) == (code, "nope", "tr-1")
    assert error.endpoint == "saas_create_template"
    assert error.data == data
    assert str(error) == (
        f"[{code}] nope (endpoint=saas_create_template, trace_id=tr-1,"
        f" POST https://api-hk.nxlink.ai/saas/wa/template/…, attempts=1,"
        f" request_id={error.request_id})"
    )
    assert (error.method, error.attempts) == ("POST", 1)
    expected = errors.Outcome.UNKNOWN if code in (-1, 9001, 9007) else errors.Outcome.NOT_APPLIED
    assert error.outcome is expected
    if isinstance(error, errors.MetaError):
        assert error.meta_error["code"] == 100


async def test_code_sent_as_a_string_is_understood(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    respx_mock.get(LIST_URL).mock(
        return_value=httpx.Response(200, json={"code": "0", "data": PAGE})
    )
    async with make_client() as client:
        page = await client.saas.templates.list(PHONE)
    assert page.total == 0


@pytest.mark.parametrize(
    ("body", "match"),
    [
        (b"<html>gateway</html>", "not JSON"),
        (b'["a list"]', "envelope"),
        (b'{"message": "no code"}', "envelope"),
        (b'{"code": "x"}', "not an integer"),
    ],
)
async def test_malformed_response_raises_decode_error(
    respx_mock: respx.MockRouter, make_client: MakeClient, body: bytes, match: str
) -> None:
    respx_mock.get(LIST_URL).mock(return_value=httpx.Response(200, content=body))
    async with make_client() as client:
        with pytest.raises(errors.ResponseDecodeError, match=match) as info:
            await client.saas.templates.list(PHONE)
    assert info.value.status_code == 200
    assert info.value.body_excerpt == body.decode()[:200]
    assert "sign" not in str(info.value)
    assert SECRET not in str(info.value)


async def test_wrongly_shaped_data_raises_a_structuring_error(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    respx_mock.get(LIST_URL).mock(return_value=ok(["not", "a", "page"]))
    async with make_client() as client:
        with pytest.raises(errors.ResponseDecodeError):
            await client.saas.templates.list(PHONE)


async def test_debug_logs_never_show_credentials_or_phone_numbers(
    respx_mock: respx.MockRouter, make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    respx_mock.get(LIST_URL).mock(side_effect=[httpx.Response(503), ok(PAGE)])
    caplog.set_level(logging.DEBUG, logger="nxwa")
    async with make_client() as client:
        await client.saas.templates.list(PHONE)
    request = respx_mock.calls.last.request
    text = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("nxwa"))
    assert "saas_list_templates GET /saas/wa/template/{phone} attempt=0" in text
    assert "status=200" in text
    for secret in (SECRET, "test-access-key", request.headers["sign"], PHONE):
        assert secret not in text


async def test_one_request_id_per_call_shared_by_its_attempts(
    respx_mock: respx.MockRouter, make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    respx_mock.get(LIST_URL).mock(side_effect=[httpx.Response(503), ok(PAGE), ok(PAGE)])
    caplog.set_level(logging.DEBUG, logger="nxwa")
    async with make_client() as client:
        await client.saas.templates.list(PHONE)
        await client.saas.templates.list(PHONE)
    ids = re.findall(r"request_id=(\S+)", "\n".join(r.getMessage() for r in caplog.records))
    assert len(ids) == 3
    assert ids[0] == ids[1] != ids[2]  # the retry logs its call's id; the next call has its own
    assert all(re.fullmatch(r"[0-9a-f]{12}", i) for i in ids)


async def test_user_middleware_runs_per_call_and_per_attempt(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    seen: list[str] = []

    class PerCall:
        async def __call__(self, call: Call, next: Next) -> Reply:
            seen.append(f"call:{call.endpoint.id}")
            return await next(call)

    class PerAttempt:
        async def __call__(self, call: Call, next: Next) -> Reply:
            # Runs after signing: the attempt's ts and sign are already stamped.
            seen.append(f"attempt:{call.attempt}:{'sign' in call.request.headers}")
            return await next(call)

    respx_mock.post(MEDIA_URL).mock(side_effect=[httpx.Response(503), ok(MEDIA)])
    async with make_client(middleware=[PerCall()], attempt_middleware=[PerAttempt()]) as client:
        await client.cloud.media.get(PHONE, "m-1")
    assert seen == ["call:cloud_get_media", "attempt:0:True", "attempt:1:True"]


async def test_with_options_shares_the_pool_and_overrides_retries(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    route = respx_mock.post(MEDIA_URL).mock(return_value=httpx.Response(503))
    async with make_client() as client:
        patient = client.with_options(max_retries=4)
        assert patient._shared is client._shared
        with pytest.raises(errors.HTTPStatusError):
            await patient.cloud.media.get(PHONE, "m-1")
        assert route.call_count == 5
        route.reset()
        with pytest.raises(errors.HTTPStatusError):
            await client.request(
                E.CLOUD_GET_MEDIA,
                business_phone=PHONE,
                media_id="m-1",
                options=nxwa.RequestOptions(max_retries=0),
            )
        assert route.call_count == 1


async def test_a_closed_client_refuses_calls(make_client: MakeClient) -> None:
    client = make_client()
    await client.aclose()
    await client.aclose()
    with pytest.raises(errors.ClientClosedError):
        await client.saas.templates.list(PHONE)


async def test_nothing_is_sent_for_a_missing_tenant(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    async with make_client(tenant_id=None) as client:
        with pytest.raises(errors.RequestValidationError, match="tenant_id: is required"):
            await client.saas.templates.list(PHONE)
    assert not respx_mock.calls


async def test_two_clients_do_not_share_state(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    respx_mock.post(MEDIA_URL).mock(return_value=ok(MEDIA))
    async with make_client() as one, make_client(access_key="other", access_secret="s2") as two:
        await one.cloud.media.get(PHONE, "m")
        await two.cloud.media.get(PHONE, "m")
    first, second = (call.request for call in respx_mock.calls)
    assert first.headers["accessKey"] == "test-access-key"
    assert second.headers["accessKey"] == "other"
    assert_signed(second, secret="s2")
    assert json_body(first) == json_body(second)


async def test_call_and_request_reprs_hide_credentials_and_phone_numbers(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    shown: list[str] = []

    class Peek:
        async def __call__(self, call: Call, next: Next) -> Reply:
            shown.append(repr(call))
            return await next(call)

    respx_mock.get(LIST_URL).mock(return_value=ok(PAGE))
    async with make_client(attempt_middleware=[Peek()]) as client:
        await client.saas.templates.list(PHONE)
    request = respx_mock.calls.last.request
    (text,) = shown
    assert "saas_list_templates" in text
    assert "'action': 'mt'" in text
    for secret in (request.headers["sign"], "test-access-key", PHONE, SECRET):
        assert secret not in text


async def test_the_transport_request_repr_hides_credentials_and_phone_numbers() -> None:
    shown: list[str] = []

    class Recording:
        async def send(self, request: Request) -> Response:
            shown.append(repr(request))
            return Response(200, {}, b'{"code":0,"data":{"total":0,"records":[]}}')

        async def aclose(self) -> None:
            pass

    async with nxwa.AsyncClient(**CREDENTIALS, transport=Recording()) as client:
        await client.saas.templates.list(PHONE)
    (text,) = shown
    assert "Request(method='GET'" in text
    assert "'action': 'mt'" in text
    assert "'sign': '***'" in text
    assert PHONE not in text
    assert CREDENTIALS["access_key"] not in text


async def test_closing_the_client_between_attempts_sends_nothing_more(
    respx_mock: respx.MockRouter, make_client: MakeClient, clock: RecordingClock
) -> None:
    route = respx_mock.post(MEDIA_URL).mock(return_value=httpx.Response(503))
    client = make_client()

    async def close_while_backing_off(seconds: float) -> None:
        await client.aclose()

    clock.sleep = close_while_backing_off  # type: ignore[method-assign]
    with pytest.raises(errors.ClientClosedError):
        await client.cloud.media.get(PHONE, "m-1")
    assert route.call_count == 1


async def test_a_closed_borrowed_http_client_raises_client_closed(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    borrowed = httpx.AsyncClient()
    await borrowed.aclose()
    async with make_client(http_client=borrowed) as client:
        with pytest.raises(errors.ClientClosedError, match="httpx client"):
            await client.cloud.media.get(PHONE, "m-1")
    assert not respx_mock.calls


async def test_response_headers_reach_middleware_as_a_plain_dict(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    seen: list[object] = []

    class Peek:
        async def __call__(self, call: Call, next: Next) -> Reply:
            reply = await next(call)
            seen.append(reply.headers)
            return reply

    respx_mock.post(MEDIA_URL).mock(
        return_value=httpx.Response(200, headers={"X-Trace": "t"}, json={"code": 0, "data": MEDIA})
    )
    async with make_client(middleware=[Peek()]) as client:
        await client.cloud.media.get(PHONE, "m-1")
    (headers,) = seen
    assert type(headers) is dict
    assert headers["x-trace"] == "t"


async def test_retry_after_as_a_date_is_read_against_the_clients_clock(
    respx_mock: respx.MockRouter, make_client: MakeClient, clock: RecordingClock
) -> None:
    when = email.utils.formatdate(clock.wall_ms() / 1000 + 3, usegmt=True)
    respx_mock.post(LIST_URL).mock(
        side_effect=[httpx.Response(429, headers={"Retry-After": when}), ok({"id": 1})]
    )
    async with make_client() as client:
        await create(client)
    assert len(clock.sleeps) == 1
    assert 2.0 <= clock.sleeps[0] <= 3.0
