"""Message builders: the exact object each sends, their checks, and send options on the wire."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import respx
from wire import assert_signed, json_body, ok

import nxwa
from nxwa.errors import RequestValidationError
from nxwa.models import (
    Audio,
    Document,
    Image,
    Interactive,
    Location,
    MediaMessage,
    OutgoingMessage,
    QuickReplyPayload,
    Reaction,
    Sticker,
    TemplateMessage,
    Text,
    UrlSuffix,
    Video,
)

PHONE = "8613800000000"
USER = "8613900000000"
MT = "https://api2.nxcloud.com/api/wa/mt"

#: builder → (wire type, the object sent under it)
PAYLOADS: list[tuple[OutgoingMessage, str, dict[str, Any]]] = [
    (Text("Hello"), "text", {"body": "Hello"}),
    (
        Text("See https://x.io", preview_url=True),
        "text",
        {"body": "See https://x.io", "preview_url": True},
    ),
    (
        Image(id="5867096a-a9be-4a56-94d6-89377623b4ac", caption="image test"),
        "image",
        {"id": "5867096a-a9be-4a56-94d6-89377623b4ac", "caption": "image test"},
    ),
    (Image(link="https://x.io/a.jpg"), "image", {"link": "https://x.io/a.jpg"}),
    (
        Video(link="https://x.io/a.mp4", caption="v"),
        "video",
        {"link": "https://x.io/a.mp4", "caption": "v"},
    ),
    (Audio(id="a51ca059"), "audio", {"id": "a51ca059"}),
    (
        Document(id="5867096a", filename="document-test"),
        "document",
        {"id": "5867096a", "filename": "document-test"},
    ),
    (Sticker(link="https://x.io/s.webp"), "sticker", {"link": "https://x.io/s.webp"}),
    (
        Location(
            latitude=22.550802897696343,
            longitude=113.93844723701477,
            name="广东深圳",
            address="科兴科学园",
        ),
        "location",
        {
            "latitude": 22.550802897696343,
            "longitude": 113.93844723701477,
            "name": "广东深圳",
            "address": "科兴科学园",
        },
    ),
    (Reaction("wamid.X", "👍"), "reaction", {"message_id": "wamid.X", "emoji": "👍"}),
    (
        Interactive.reply_buttons("Confirm?", {"yes": "Yes", "no": "No"}, footer="Reply below"),
        "interactive",
        {
            "type": "button",
            "body": {"text": "Confirm?"},
            "footer": {"text": "Reply below"},
            "action": {
                "buttons": [
                    {"type": "reply", "reply": {"id": "yes", "title": "Yes"}},
                    {"type": "reply", "reply": {"id": "no", "title": "No"}},
                ]
            },
        },
    ),
    (
        Interactive.cta_url("Track it", display_text="Open", url="https://x.io/t", header="Order"),
        "interactive",
        {
            "type": "cta_url",
            "header": {"type": "text", "text": "Order"},
            "body": {"text": "Track it"},
            "action": {
                "name": "cta_url",
                "parameters": {"display_text": "Open", "url": "https://x.io/t"},
            },
        },
    ),
    (
        TemplateMessage(name="text_template", language="en_US", body=["David", "B520"]),
        "template",
        {
            "name": "text_template",
            "language": {"code": "en_US", "policy": "deterministic"},
            "components": [
                {
                    "type": "body",
                    "parameters": [
                        {"type": "text", "text": "David"},
                        {"type": "text", "text": "B520"},
                    ],
                }
            ],
        },
    ),
    (
        TemplateMessage(name="plain", language="en"),
        "template",
        {"name": "plain", "language": {"code": "en", "policy": "deterministic"}},
    ),
    (
        TemplateMessage(
            name="shipped",
            language="en_US",
            header=Document(link="https://x.io/i.pdf", filename="i.pdf"),
            body=[42, 9.5],
            buttons=[QuickReplyPayload(2, "stop"), UrlSuffix(0, "track/42")],
        ),
        "template",
        {
            "name": "shipped",
            "language": {"code": "en_US", "policy": "deterministic"},
            "components": [
                {
                    "type": "header",
                    "parameters": [
                        {
                            "type": "document",
                            "document": {"link": "https://x.io/i.pdf", "filename": "i.pdf"},
                        }
                    ],
                },
                {
                    "type": "body",
                    "parameters": [{"type": "text", "text": "42"}, {"type": "text", "text": "9.5"}],
                },
                {
                    "type": "button",
                    "sub_type": "url",
                    "index": "0",
                    "parameters": [{"type": "text", "text": "track/42"}],
                },
                {
                    "type": "button",
                    "sub_type": "quick_reply",
                    "index": "2",
                    "parameters": [{"type": "payload", "payload": "stop"}],
                },
            ],
        },
    ),
    (
        # The documented OTP pattern: the code in the body and as button 0's URL suffix.
        TemplateMessage.one_time_password("otp_test_02", "zh_CN", "123456"),
        "template",
        {
            "name": "otp_test_02",
            "language": {"code": "zh_CN", "policy": "deterministic"},
            "components": [
                {"type": "body", "parameters": [{"type": "text", "text": "123456"}]},
                {
                    "type": "button",
                    "sub_type": "url",
                    "index": "0",
                    "parameters": [{"type": "text", "text": "123456"}],
                },
            ],
        },
    ),
]


@pytest.mark.parametrize(("message", "kind", "payload"), PAYLOADS)
def test_builder_payload(message: OutgoingMessage, kind: str, payload: dict[str, Any]) -> None:
    assert message.message_type == kind
    assert message.payload() == payload


@pytest.mark.anyio
@pytest.mark.parametrize(("message", "kind", "payload"), PAYLOADS)
async def test_every_type_is_sent_under_its_type_key(
    message: OutgoingMessage,
    kind: str,
    payload: dict[str, Any],
    respx_mock: respx.MockRouter,
    make_client: Callable[..., nxwa.AsyncClient],
) -> None:
    route = respx_mock.post(MT).mock(return_value=ok({"messages": [{"id": "m1"}]}))
    async with make_client() as client:
        result = await client.cloud.messages.send(PHONE, USER, message)
    assert result.message_id == "m1"
    request = route.calls.last.request
    assert_signed(request)
    body = json_body(request)
    assert list(body) == [
        "appkey",
        "business_phone",
        "messaging_product",
        "recipient_type",
        "to",
        "type",
        kind,
    ]
    assert body["type"] == kind
    assert body[kind] == payload


@pytest.mark.anyio
async def test_send_options_follow_the_type_object(
    respx_mock: respx.MockRouter, make_client: Callable[..., nxwa.AsyncClient]
) -> None:
    route = respx_mock.post(MT).mock(return_value=ok({"messages": [{"id": "order-520"}]}))
    async with make_client() as client:
        result = await client.cloud.messages.send(
            PHONE,
            USER,
            Text("hi"),
            cus_message_id="order-520",
            dr_webhook="https://example.com/wa/status",
            biz_opaque_callback_data="campaign=may",
            mm_lite=True,
        )
    assert result.message_id == "order-520"
    assert route.calls.last.request.content == (
        b'{"appkey":"test-app-key","business_phone":"8613800000000","messaging_product":"whatsapp",'
        b'"recipient_type":"individual","to":"8613900000000","type":"text","text":{"body":"hi"},'
        b'"cus_message_id":"order-520","dr_webhook":"https://example.com/wa/status",'
        b'"biz_opaque_callback_data":"campaign=may","api_type":1}'
    )


# ---------------------------------------------------------------- builder validation

BAD_BUILDERS: list[tuple[Callable[[], object], str]] = [
    (lambda: Text(""), "text.body"),
    (lambda: Image(), "image.id"),
    (lambda: Image(id="x", link="https://x.io/a.jpg"), "image.id"),
    (lambda: Video(link="ftp://x.io/a.mp4"), "video.link"),
    (lambda: Document(id=" "), "document.id"),
    (lambda: Location(latitude=91, longitude=0), "location.latitude"),
    (lambda: Location(latitude=0, longitude=float("nan")), "location.longitude"),
    (lambda: Location(latitude="22.5", longitude=113.9), "location.latitude"),  # type: ignore[arg-type]
    (lambda: Reaction("", "👍"), "reaction.message_id"),
    (lambda: Interactive({"body": {}}), "interactive.type"),
    (lambda: Interactive.reply_buttons("Pick", {}), "interactive.buttons"),
    (
        lambda: Interactive.reply_buttons("Pick", {str(i): "t" for i in range(4)}),
        "interactive.buttons",
    ),
    (lambda: Interactive.cta_url("Go", display_text="Open", url="x.io"), "interactive.url"),
    (lambda: TemplateMessage(name="", language="en"), "template.name"),
    (lambda: TemplateMessage(name="t", language="english"), "template.language"),
    (lambda: TemplateMessage(name="t", language="en", body=[""]), "template.body[0]"),
    (lambda: TemplateMessage(name="t", language="en", body=[True]), "template.body[0]"),
    (lambda: TemplateMessage(name="t", language="en", body="Ann"), "template.body"),  # type: ignore[arg-type]
    (
        lambda: TemplateMessage(name="t", language="en", header=None, body=[None]),
        "template.body[0]",
    ),  # type: ignore[list-item]
    (lambda: TemplateMessage(name="t", language="en", header=""), "template.header"),
    (
        lambda: TemplateMessage(name="t", language="en", buttons=[UrlSuffix(10, "x")]),
        "template.buttons[0].index",
    ),
    (
        lambda: TemplateMessage(name="t", language="en", buttons=[UrlSuffix(0, "")]),
        "template.buttons[0].suffix",
    ),
    (
        lambda: TemplateMessage(name="t", language="en", buttons=[QuickReplyPayload(1, "")]),
        "template.buttons[0].payload",
    ),
    (
        lambda: TemplateMessage(
            name="t", language="en", buttons=[UrlSuffix(0, "a"), QuickReplyPayload(0, "b")]
        ),
        "template.buttons[1].index",
    ),
    (lambda: TemplateMessage(name="t", language="en", buttons=["x"]), "template.buttons[0]"),  # type: ignore[list-item]
]


@pytest.mark.parametrize(("build", "field"), BAD_BUILDERS)
def test_builder_rejects_bad_input_naming_the_field(
    build: Callable[[], object], field: str
) -> None:
    with pytest.raises(RequestValidationError) as info:
        build()
    assert info.value.field == field


# ---------------------------------------------------------------- send validation


SEND_ERRORS: list[tuple[dict[str, Any], str]] = [
    ({"business_phone": "+8613800000000"}, "business_phone"),
    ({"to": "86 139"}, "to"),
    ({"message": {"type": "text"}}, "message.text"),
    ({"message": {"type": "text", "text": {"body": 5}}}, "text.body"),
    ({"message": {"type": "carrier_pigeon", "carrier_pigeon": {}}}, "message.type"),
    ({"message": MediaMessage(id="x")}, "message"),
    ({"dr_webhook": "example.com/hook"}, "dr_webhook"),
    ({"cus_message_id": ""}, "cus_message_id"),
    ({"template": object()}, "template"),
]


@pytest.mark.anyio
@pytest.mark.parametrize(("change", "field"), SEND_ERRORS)
async def test_send_checks_before_sending(
    change: dict[str, Any],
    field: str,
    respx_mock: respx.MockRouter,
    make_client: Callable[..., nxwa.AsyncClient],
) -> None:
    route = respx_mock.post(MT).mock(return_value=ok({}))
    args: dict[str, Any] = {"business_phone": PHONE, "to": USER, "message": Text("hi"), **change}
    async with make_client() as client:
        with pytest.raises(RequestValidationError) as info:
            await client.cloud.messages.send(**args)
    assert info.value.field == field
    assert not route.called


OTP_ERRORS: list[tuple[dict[str, Any], str]] = [
    ({"code": "12a"}, "code"),
    ({"code": "123456789"}, "code"),
    ({"language": "english"}, "language"),
    ({"category": "MARKETING"}, "category"),
    ({"business_phone": "+1"}, "business_phone"),
]


@pytest.mark.anyio
@pytest.mark.parametrize(("change", "field"), OTP_ERRORS)
async def test_send_otp_checks_before_sending(
    change: dict[str, Any],
    field: str,
    respx_mock: respx.MockRouter,
    make_client: Callable[..., nxwa.AsyncClient],
) -> None:
    route = respx_mock.post("https://api2.nxcloud.com/api/wa/otp").mock(return_value=ok({}))
    args: dict[str, Any] = {"to": USER, "code": "Your code: 189384", "language": "en", **change}
    async with make_client() as client:
        with pytest.raises(RequestValidationError) as info:
            await client.cloud.messages.send_otp(**args)
    assert info.value.field == field
    assert not route.called
