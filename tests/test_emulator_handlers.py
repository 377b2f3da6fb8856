"""The emulator is driven by the endpoint descriptors: routing, field checks and handlers."""

from __future__ import annotations

from typing import Any

import pytest

import nxwa
from nxwa.endpoints import ENDPOINTS, Endpoint, Param
from nxwa.testing import FakeNxCloud, HandlerContext, NxCloudError
from nxwa.testing.routing import Route, RouteMiss, Router
from nxwa.testing.wire import MultipartError, parse_multipart

PHONE = "8613800000000"

PING: Endpoint[None] = Endpoint(
    id="test_ping",
    family="cloud",
    method="POST",
    path="/api/wa/ping/{phone}",
    action="ping",
    multipart=False,
    idempotent=True,
    params=(
        Param(name="phone", wire="phone", location="path", required=True),
        Param(name="note", wire="noteText", location="body", required=True),
    ),
    response=None,
)


def test_every_specced_endpoint_is_routed() -> None:
    router = Router(ENDPOINTS.values())
    for endpoint in ENDPOINTS.values():
        path = endpoint.path.replace("{phone}", PHONE).replace("{id}", "314")
        route = router.match(endpoint.method, path, endpoint.action)
        assert isinstance(route, Route), endpoint.id
        assert route.endpoint.id == endpoint.id
        assert route.action_ok


def test_routing_reports_misses_and_wrong_actions() -> None:
    router = Router(ENDPOINTS.values())
    miss = router.match("GET", "/nowhere", "mt")
    assert isinstance(miss, RouteMiss)
    assert miss.status == 404
    wrong = router.match("POST", "/api/wa/getMedia", "mt")
    assert isinstance(wrong, Route)
    assert not wrong.action_ok


def test_the_seeded_endpoints_all_have_handlers() -> None:
    fake = FakeNxCloud()
    seeded = {
        "saas_list_templates",
        "saas_get_template",
        "saas_create_template",
        "saas_update_template",
        "saas_delete_template",
        "saas_list_flows",
        "saas_upload_media",
        "cloud_upload_template_file",
        "cloud_update_template",
        "cloud_get_media",
    }
    assert seeded <= set(fake.handlers)


@pytest.mark.anyio
async def test_a_specced_endpoint_without_handler_answers_a_clear_error() -> None:
    fake = FakeNxCloud(endpoints={**ENDPOINTS, PING.id: PING})
    async with fake.client(max_retries=0) as client:
        with pytest.raises(nxwa.HTTPStatusError) as caught:
            await client.request(PING, phone=PHONE, note="hi")
    assert caught.value.status_code == 501
    assert "no handler for endpoint 'test_ping'" in caught.value.body_excerpt
    record = fake.requests[-1]
    assert record.endpoint_id == "test_ping"
    assert record.signature_verified is True  # auth ran from the descriptor alone


@pytest.mark.anyio
async def test_registering_one_function_teaches_the_emulator_an_endpoint() -> None:
    fake = FakeNxCloud(endpoints={**ENDPOINTS, PING.id: PING})
    seen: list[dict[str, Any]] = []

    @fake.handlers.register("test_ping")
    def ping(ctx: HandlerContext) -> None:
        # Values arrive under their Python names, read from their wire names.
        seen.append(dict(ctx.values))
        if ctx.values["note"] == "boom":
            raise NxCloudError(9001, "exploded")

    async with fake.client(max_retries=0) as client:
        assert await client.request(PING, phone=PHONE, note="hi") is None
        with pytest.raises(nxwa.ServerError) as caught:
            await client.request(PING, phone=PHONE, note="boom")
        with pytest.raises(nxwa.RequestValidationError):
            await client.request(PING, phone=PHONE)  # the SDK refuses before sending
    assert seen == [{"phone": PHONE, "note": "hi"}, {"phone": PHONE, "note": "boom"}]
    assert caught.value.code == 9001
    assert fake.requests[0].json() == {"noteText": "hi"}


def test_registering_an_unknown_endpoint_is_refused() -> None:
    fake = FakeNxCloud()
    with pytest.raises(ValueError, match="not an endpoint"):
        fake.handlers.register("cloud_teleport", lambda ctx: None)
    with pytest.raises(ValueError, match="not an endpoint"):
        fake.faults.http_status(503, endpoint="cloud_teleport")


def test_handlers_are_per_emulator() -> None:
    one, two = FakeNxCloud(), FakeNxCloud()
    one.handlers.register("saas_list_flows", lambda ctx: {"flow_list": []})
    assert one.handlers.get("saas_list_flows") is not two.handlers.get("saas_list_flows")


def test_multipart_parsing() -> None:
    body = (
        b"--xyz\r\n"
        b'Content-Disposition: form-data; name="type"\r\n\r\n'
        b"image/png\r\n"
        b"--xyz\r\n"
        b'Content-Disposition: form-data; name="file"; filename="a b.png"\r\n'
        b"Content-Type: image/png\r\n\r\n"
        b"\x89PNG\r\n\r\nbinary\r\n"
        b"--xyz--\r\n"
    )
    fields, files = parse_multipart(body, "xyz")
    assert fields == [("type", "image/png")]
    assert files["file"].filename == "a b.png"
    assert files["file"].content == b"\x89PNG\r\n\r\nbinary"
    with pytest.raises(MultipartError):
        parse_multipart(body[:-9], "xyz")
