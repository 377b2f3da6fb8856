"""Every seeded call through ``nxwa.Client`` (respx): the same requests and results as
``AsyncClient``, the page iterator, ``with_options``, errors and the trio backend."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import anyio
import httpx
import pytest
import respx
import sniffio
from wire import assert_signed

import nxwa
from nxwa.models.cloud import Component, ComponentExample
from nxwa.models.enums import ComponentType
from nxwa.models.saas import SaasTemplate
from nxwa.pipeline.call import Call, Next, Reply
from nxwa.sync import SyncPager
from nxwa.testing import FakeNxCloud

PHONE = "8613800000000"
OPTIONS: dict[str, Any] = {
    "access_key": "ak",
    "access_secret": "s3cr3t-value",
    "app_key": "app",
    "tenant_id": 7,
    "max_retries": 0,
}
SAAS = "https://api-hk.nxlink.ai"
OPEN = "https://api2.nxcloud.com"


def _ok(data: Any) -> httpx.Response:
    return httpx.Response(200, json={"code": 0, "message": "", "traceId": "t-1", "data": data})


#: (HTTP method, URL) → envelope ``data`` the mock server answers with.
ROUTES: dict[tuple[str, str], Any] = {
    ("GET", f"{SAAS}/saas/wa/template/{PHONE}"): {
        "list": [{"id": 314, "name": "order_ready", "status": 2}],
        "total": 1,
        "has_next_page": False,
    },
    ("GET", f"{SAAS}/saas/wa/template/{PHONE}/314"): {"id": 314, "name": "order_ready"},
    ("POST", f"{SAAS}/saas/wa/template/{PHONE}"): {"id": 315},
    ("PUT", f"{SAAS}/saas/wa/template/{PHONE}"): {"id": 315},
    ("DELETE", f"{SAAS}/saas/wa/template/{PHONE}/314"): None,
    ("GET", f"{SAAS}/saas/wa/flow/{PHONE}"): {"flow_list": [{"id": "f1", "name": "signup"}]},
    ("POST", f"{SAAS}/saas/wa/media/{PHONE}"): {"media_id": "m1", "original_filename": "a.jpg"},
    ("POST", f"{OPEN}/api/wa/uploadTemplateFile"): {"id": "4::aW1hZ2U="},
    ("POST", f"{OPEN}/api/wa/updateTemplate"): {"id": "1512500005168"},
    ("POST", f"{OPEN}/api/wa/getMedia"): {"mime_type": "image/jpeg", "file_name": "a.jpg"},
}

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
BODY = [
    Component(
        type=ComponentType.BODY, text="Code {{1}}.", example=ComponentExample(body_text=[["1"]])
    )
]

#: The seeded calls, each written once for both clients (``await`` it for AsyncClient).
CALLS: dict[str, Callable[[Any], Any]] = {
    "saas.templates.list": lambda c: c.saas.templates.list(PHONE, page_size=50, name="order"),
    "saas.templates.get": lambda c: c.saas.templates.get(PHONE, 314),
    "saas.templates.create": lambda c: c.saas.templates.create(
        PHONE,
        name="order_ready",
        language="en_US",
        category="UTILITY",
        content="Hi {{1}}!",
        footer_text="Reply STOP",
        is_close_auto_flow=True,
    ),
    "saas.templates.update": lambda c: c.saas.templates.update(
        PHONE, name="order_ready", language="en_US", category="UTILITY", content="Hello {{1}}!"
    ),
    "saas.templates.delete": lambda c: c.saas.templates.delete(PHONE, 314),
    "saas.flows.list": lambda c: c.saas.flows.list(PHONE),
    "saas.media.upload": lambda c: c.saas.media.upload(PHONE, url="https://x.io/a.jpg"),
    "cloud.templates.upload_example": lambda c: c.cloud.templates.upload_example(
        PHONE, JPEG, filename="banner.jpg"
    ),
    "cloud.templates.update": lambda c: c.cloud.templates.update(
        PHONE, "1512500005168", components=BODY, category="UTILITY"
    ),
    "cloud.media.get": lambda c: c.cloud.media.get(PHONE, "fd81acff"),
}

_VOLATILE_HEADERS = {"ts", "sign", "content-type", "content-length", "user-agent"}


def _wire(request: httpx.Request) -> tuple[str, str, dict[str, str], bytes]:
    """What must match between the two clients (multipart boundaries and ts/sign vary)."""
    content_type = request.headers.get("content-type", "")
    body = request.content
    boundary = re.search(r"boundary=([^;]+)", content_type)
    if boundary:
        body = body.replace(boundary.group(1).encode(), b"BOUNDARY")
    headers = {k: v for k, v in request.headers.items() if k.lower() not in _VOLATILE_HEADERS}
    return request.method, str(request.url), headers, body


@pytest.fixture
def router() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_called=False, assert_all_mocked=True) as mock:
        for (method, url), data in ROUTES.items():
            mock.route(method=method, url=url).mock(return_value=_ok(data))
        yield mock


def _run_async(call: Callable[[Any], Any]) -> Any:
    async def main() -> Any:
        async with nxwa.AsyncClient(**OPTIONS) as client:
            return await call(client)

    return anyio.run(main)


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_seeded_call_matches_async_client(
    router: respx.MockRouter, name: str, backend: str
) -> None:
    call = CALLS[name]
    expected = _run_async(call)
    async_requests = [_wire(c.request) for c in router.calls]
    router.calls.clear()

    with nxwa.Client(**OPTIONS, backend=backend) as client:  # type: ignore[arg-type]
        result = call(client)

    assert result == expected
    assert [_wire(c.request) for c in router.calls] == async_requests
    for sent in router.calls:
        assert_signed(sent.request, secret=OPTIONS["access_secret"])
        assert sent.request.headers["accessKey"] == "ak"


def test_results_are_typed_models(router: respx.MockRouter) -> None:
    with nxwa.Client(**OPTIONS) as client:
        page = client.saas.templates.list(PHONE)
        assert page.items == [SaasTemplate(id=314, name="order_ready", status=page.items[0].status)]
        client.saas.templates.delete(PHONE, 314)  # -> None
        assert client.cloud.templates.upload_example(PHONE, JPEG, filename="b.jpg").startswith("4:")


def test_iter_pulls_one_page_per_hop() -> None:
    pages = {
        "1": {"list": [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}], "has_next_page": True},
        "2": {"list": [{"id": 3, "name": "c"}], "has_next_page": False},
    }
    with respx.mock(assert_all_mocked=True) as mock:
        route = mock.get(f"{SAAS}/saas/wa/template/{PHONE}").mock(
            side_effect=lambda request: _ok(pages[request.url.params["page_number"]])
        )
        with nxwa.Client(**OPTIONS) as client:
            pager = client.saas.templates.iter(PHONE, page_size=2)
            assert isinstance(pager, SyncPager)
            assert route.call_count == 0  # nothing is fetched before iteration starts
            assert next(pager).id == 1
            assert route.call_count == 1
            assert [t.id for t in pager] == [2, 3]
            assert route.call_count == 2
            assert [r.request.url.params["page_size"] for r in route.calls] == ["2", "2"]

            pages_seen = []
            by_page = client.saas.templates.iter(PHONE, page_size=2)
            while (page := by_page.next_page()) is not None:
                pages_seen.append([t.id for t in page])
            assert pages_seen == [[1, 2], [3]]


def test_api_errors_keep_their_type(router: respx.MockRouter) -> None:
    router.route(method="POST", url=f"{OPEN}/api/wa/getMedia").mock(
        return_value=httpx.Response(200, json={"code": 1003, "message": "bad sign", "data": None})
    )
    with nxwa.Client(**OPTIONS) as client, pytest.raises(nxwa.SignatureError) as caught:
        client.cloud.media.get(PHONE, "fd81acff")
    assert caught.value.code == 1003


def test_validation_errors_send_nothing(router: respx.MockRouter) -> None:
    with nxwa.Client(**OPTIONS) as client, pytest.raises(nxwa.RequestValidationError):
        client.saas.media.upload(PHONE, url="ftp://x.io/a.jpg")
    assert not router.calls


def test_with_options_shares_the_runner(router: respx.MockRouter) -> None:
    seen: list[float | None] = []

    class Timeouts:
        async def __call__(self, call: Call, next: Next, /) -> Reply:
            seen.append(call.request.timeouts.read)
            return await next(call)

    with nxwa.Client(**OPTIONS, middleware=[Timeouts()]) as client:
        patient = client.with_options(timeout=60)
        assert isinstance(patient, nxwa.Client)
        patient.cloud.media.get(PHONE, "fd81acff")
        client.cloud.media.get(PHONE, "fd81acff")
        assert patient.with_options(max_retries=2).cloud.media.get(PHONE, "x").file_name == "a.jpg"
        assert patient._runner is client._runner
    assert seen == [60, 30.0, 60]
    with pytest.raises(nxwa.ClientClosedError):
        patient.cloud.media.get(PHONE, "fd81acff")  # closing the original closed the copy


def test_request_escape_hatch(router: respx.MockRouter) -> None:
    from nxwa import endpoints as E

    with nxwa.Client(**OPTIONS) as client:
        info = client.request(E.CLOUD_GET_MEDIA, business_phone=PHONE, media_id="fd81acff")
        reply = client.request_raw(E.CLOUD_GET_MEDIA, business_phone=PHONE, media_id="x")
    assert info.mime_type == "image/jpeg"
    assert reply.trace_id == "t-1"


def test_settings_property(router: respx.MockRouter) -> None:
    with nxwa.Client(**OPTIONS) as client:
        assert client.settings.tenant_id in (7, "7")
        assert "s3cr3t-value" not in repr(client.settings)
        assert "s3cr3t-value" not in repr(client)


def test_trio_backend_runs_the_loop_on_trio(router: respx.MockRouter) -> None:
    libraries: list[str] = []

    class Which:
        async def __call__(self, call: Call, next: Next, /) -> Reply:
            libraries.append(sniffio.current_async_library())
            return await next(call)

    with nxwa.Client(**OPTIONS, middleware=[Which()], backend="trio") as client:
        client.cloud.media.get(PHONE, "fd81acff")
    with nxwa.Client(**OPTIONS, middleware=[Which()]) as client:
        client.cloud.media.get(PHONE, "fd81acff")
    assert libraries == ["trio", "asyncio"]


def test_unknown_backend_is_a_configuration_error() -> None:
    with pytest.raises(nxwa.ConfigurationError, match="backend"):
        nxwa.Client(**OPTIONS, backend="curio")  # type: ignore[arg-type]


def test_missing_credentials_raise_at_construction() -> None:
    with pytest.raises(nxwa.ConfigurationError, match="NXCLOUD_ACCESS_KEY"):
        nxwa.Client()


def test_transport_argument_is_used_inside_the_loop() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["action"])
        return _ok({"mime_type": "image/png"})

    with nxwa.Client(**OPTIONS, transport=httpx.MockTransport(handler)) as client:
        assert client.cloud.media.get(PHONE, "x").mime_type == "image/png"
    assert seen == ["getMedia"]


def test_run_drives_an_async_function_with_the_clients_async_client() -> None:
    fake = FakeNxCloud()
    fake.add_template(PHONE, name="welcome")

    async def names(client: nxwa.AsyncClient, phone: str, *, prefix: str) -> list[str]:
        return [prefix + t.name async for t in client.saas.templates.iter(phone)]

    with fake.sync_client() as client:
        assert client.run(names, PHONE, prefix="> ") == ["> welcome"]


def test_iter_refuses_a_bad_argument_at_the_call_as_the_async_one_does() -> None:
    fake = FakeNxCloud()
    with fake.sync_client() as client, pytest.raises(nxwa.RequestValidationError, match="phone"):
        client.saas.templates.iter("+86")
    assert fake.requests == []
