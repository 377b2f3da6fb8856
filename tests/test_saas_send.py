"""``client.saas.messages.send``: ``POST /saas/wa/send`` with ``to`` or ``recipient``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import respx
from wire import assert_signed, ok

import nxwa
from nxwa.errors import InvalidParameterError, RequestValidationError
from nxwa.models import Image, QuickReplyPayload, SaasSendResult, TemplateMessage, Video

pytestmark = pytest.mark.anyio

SEND = "https://api-hk.nxlink.ai/saas/wa/send"
PHONE = "8613800000000"
MakeClient = Callable[..., nxwa.AsyncClient]
TEMPLATE = TemplateMessage(
    name="order_ready", language="en_US", header=Image(link="https://x.io/a.jpg"), body=["Ann"]
)
TEMPLATE_JSON = (
    '"template":{"name":"order_ready","language":{"code":"en_US","policy":"deterministic"},'
    '"components":[{"type":"header","parameters":[{"type":"image","image":{"link":"https://x.io/a.jpg"}}]},'
    '{"type":"body","parameters":[{"type":"text","text":"Ann"}]}]}'
)
HEAD = (
    '{"tenant_id":7,"appkey":"test-app-key","business_phone":"8613800000000",'
    '"messaging_product":"whatsapp","recipient_type":"individual",'
)


@pytest.mark.parametrize(
    ("address", "wire"),
    [
        ({"to": "8613900000000"}, '"to":"8613900000000",'),
        ({"recipient": "HK.733740005265"}, '"recipient":"HK.733740005265",'),
        # (conflict) both may be given; the server uses `to`.
        (
            {"to": "8613900000000", "recipient": "HK.733740005265"},
            '"to":"8613900000000","recipient":"HK.733740005265",',
        ),
    ],
    ids=["to", "recipient", "both"],
)
async def test_send_on_the_wire(
    address: dict[str, str], wire: str, respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    route = respx_mock.post(SEND).mock(
        return_value=ok({"message_id": "gBGGhSNXV1dfAglVQ0RRuE3YWhc"}, traceId="56bf81643292cd6a")
    )
    async with make_client() as client:
        result = await client.saas.messages.send(PHONE, TEMPLATE, **address)
    assert result == SaasSendResult(message_id="gBGGhSNXV1dfAglVQ0RRuE3YWhc")
    request = route.calls.last.request
    assert request.method == "POST"
    assert request.headers["action"] == "mt"
    assert_signed(request)
    assert request.content == (HEAD + wire + '"type":"template",' + TEMPLATE_JSON + "}").encode()


BAD: list[tuple[dict[str, Any], str]] = [
    ({}, "to"),
    ({"to": "+8613900000000"}, "to"),
    ({"recipient": ""}, "recipient"),
    ({"to": "8613900000000", "message": "order_ready"}, "message"),
    (
        {
            "to": "8613900000000",
            "message": TemplateMessage(
                name="t", language="en", buttons=[QuickReplyPayload(0, "p")]
            ),
        },
        "template.buttons",
    ),
    (
        {
            "to": "8613900000000",
            "message": TemplateMessage(
                name="t", language="en", header=Video(link="https://x.io/v.mp4")
            ),
        },
        "template.header",
    ),
    ({"to": "8613900000000", "business_phone": "86-138"}, "business_phone"),
]


@pytest.mark.parametrize(("change", "field"), BAD)
async def test_send_checks_before_sending(
    change: dict[str, Any], field: str, respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    route = respx_mock.post(SEND).mock(return_value=ok({}))
    args: dict[str, Any] = {"business_phone": PHONE, "message": TEMPLATE, **change}
    async with make_client() as client:
        with pytest.raises(RequestValidationError) as caught:
            await client.saas.messages.send(**args)
    assert caught.value.field == field
    assert not route.called


async def test_send_needs_a_tenant(respx_mock: respx.MockRouter, make_client: MakeClient) -> None:
    async with make_client(tenant_id=None) as client:
        with pytest.raises(RequestValidationError) as caught:
            await client.saas.messages.send(PHONE, TEMPLATE, to="8613900000000")
    assert caught.value.field == "tenant_id"


async def test_documented_code_maps_to_its_error(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    respx_mock.post(SEND).respond(
        json={"code": 21061, "message": "to is required", "data": None, "traceId": "t1"}
    )
    async with make_client() as client:
        with pytest.raises(InvalidParameterError) as caught:
            await client.saas.messages.send(PHONE, TEMPLATE, recipient="HK.1")
    assert caught.value.code == 21061
    assert caught.value.trace_id == "t1"
