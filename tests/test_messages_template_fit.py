"""``TemplateMessage.from_template`` and ``send(..., template=...)``: the parameters must be
the ones the template (as getTemplate returns it) needs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import respx
from wire import ok

import nxwa
from nxwa.errors import RequestValidationError
from nxwa.models import (
    Image,
    QuickReplyPayload,
    TemplateInfo,
    TemplateMessage,
    UrlSuffix,
    Video,
)
from nxwa.models._converter import converter
from nxwa.models.template_fit import variable_count


def template(
    components: list[dict[str, Any]], name: str = "t", language: str = "en_US"
) -> TemplateInfo:
    """A TemplateInfo structured from getTemplate's wire shape."""
    raw = {
        "id": "1",
        "name": name,
        "language": language,
        "status": "APPROVED",
        "components": components,
    }
    return converter.structure(raw, TemplateInfo)


ORDER = template(
    [
        {
            "type": "HEADER",
            "format": "TEXT",
            "text": "Order {{1}}",
            "example": {"header_text": ["A1"]},
        },
        {"type": "BODY", "text": "Hi {{1}}, order {{2}} ships soon, {{1}}!"},
        {"type": "FOOTER", "text": "Thanks"},
        {
            "type": "BUTTONS",
            "buttons": [
                {
                    "type": "URL",
                    "text": "Track",
                    "url": "https://x.io/t/{{1}}",
                    "example": ["https://x.io/t/1"],
                },
                {"type": "QUICK_REPLY", "text": "Stop"},
                {"type": "PHONE_NUMBER", "text": "Call", "phone_number": "+8613800000000"},
            ],
        },
    ],
    name="order",
)
MEDIA = template(
    [
        {"type": "HEADER", "format": "IMAGE", "example": {"header_handle": "4:x"}},
        {"type": "BODY", "text": "Hi"},
    ]
)
AUTH = template(
    [
        {
            "type": "BODY",
            "text": "*{{1}}* is your verification code.",
            "add_security_recommendation": True,
        },
        {"type": "FOOTER", "text": "Expires in 5 minutes.", "code_expiration_minutes": 5},
        {
            "type": "BUTTONS",
            "buttons": [{"type": "OTP", "otp_type": "COPY_CODE", "text": "Copy code"}],
        },
    ]
)
PLAIN = template([{"type": "BODY", "text": "Welcome"}])
STATIC_URL = template(
    [
        {"type": "BODY", "text": "Hi"},
        {"type": "BUTTONS", "buttons": [{"type": "URL", "text": "Site", "url": "https://x.io"}]},
    ]
)

FITS: list[tuple[TemplateInfo, dict[str, Any]]] = [
    (ORDER, {"header": "A1", "body": ["Ann", "B520"], "buttons": [UrlSuffix(0, "42")]}),
    (
        ORDER,
        {
            "header": "A1",
            "body": ["Ann", 520],
            "buttons": [UrlSuffix(0, "42"), QuickReplyPayload(1, "stop")],
        },
    ),
    (MEDIA, {"header": Image(link="https://x.io/a.jpg")}),
    (AUTH, {"body": ["123456"], "buttons": [UrlSuffix(0, "123456")]}),
    (PLAIN, {}),
    (STATIC_URL, {}),
]


@pytest.mark.parametrize(("info", "params"), FITS)
def test_parameters_that_fit(info: TemplateInfo, params: dict[str, Any]) -> None:
    message = TemplateMessage.from_template(info, **params)
    assert (message.name, message.language) == (info.name, info.language)


ORDER_OK: dict[str, Any] = {
    "header": "A1",
    "body": ["Ann", "B520"],
    "buttons": [UrlSuffix(0, "42")],
}
MISFITS: list[tuple[TemplateInfo, dict[str, Any], str]] = [
    (ORDER, {**ORDER_OK, "body": ["Ann"]}, "template.body"),
    (ORDER, {**ORDER_OK, "body": ["Ann", "B", "C"]}, "template.body"),
    (ORDER, {**ORDER_OK, "header": None}, "template.header"),
    (ORDER, {**ORDER_OK, "header": Image(id="m1")}, "template.header"),
    (ORDER, {**ORDER_OK, "buttons": []}, "template.buttons"),
    (
        ORDER,
        {**ORDER_OK, "buttons": [UrlSuffix(0, "42"), UrlSuffix(1, "x")]},
        "template.buttons[1]",
    ),
    (ORDER, {**ORDER_OK, "buttons": [QuickReplyPayload(0, "x")]}, "template.buttons[0]"),
    (
        ORDER,
        {**ORDER_OK, "buttons": [UrlSuffix(0, "42"), UrlSuffix(2, "x")]},
        "template.buttons[1]",
    ),
    (MEDIA, {"header": Video(link="https://x.io/a.mp4")}, "template.header"),
    (MEDIA, {}, "template.header"),
    (PLAIN, {"header": "x"}, "template.header"),
    (PLAIN, {"body": ["x"]}, "template.body"),
    (PLAIN, {"buttons": [UrlSuffix(0, "x")]}, "template.buttons[0].index"),
    (STATIC_URL, {"buttons": [UrlSuffix(0, "x")]}, "template.buttons[0]"),
    (AUTH, {"body": ["123456"]}, "template.buttons"),
]


@pytest.mark.parametrize(("info", "params", "field"), MISFITS)
def test_parameters_that_do_not_fit(info: TemplateInfo, params: dict[str, Any], field: str) -> None:
    with pytest.raises(RequestValidationError) as caught:
        TemplateMessage.from_template(info, **params)
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("message", "field"),
    [
        (TemplateMessage(name="other", language="en_US"), "template.name"),
        (TemplateMessage(name="t", language="en_GB"), "template.language"),
    ],
)
def test_check_against_compares_name_and_language(message: TemplateMessage, field: str) -> None:
    with pytest.raises(RequestValidationError) as caught:
        message.check_against(PLAIN)
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("text", "count"),
    [(None, 0), ("Hi", 0), ("Hi {{1}}", 1), ("{{1}} {{2}} {{1}}", 2), ("{{ 1 }} and {{2}}", 2)],
)
def test_variable_count(text: str | None, count: int) -> None:
    assert variable_count(text) == count


@pytest.mark.anyio
async def test_send_with_template_checks_before_sending(
    respx_mock: respx.MockRouter, make_client: Callable[..., nxwa.AsyncClient]
) -> None:
    route = respx_mock.post("https://api2.nxcloud.com/api/wa/mt").mock(
        return_value=ok({"messages": [{"id": "m"}]})
    )
    async with make_client() as client:
        with pytest.raises(RequestValidationError) as caught:
            await client.cloud.messages.send(
                "8613800000000",
                "8613900000000",
                TemplateMessage(name="order", language="en_US", body=["Ann"]),
                template=ORDER,
            )
        assert caught.value.field == "template.header"
        assert not route.called
        good = TemplateMessage(name="order", language="en_US", **ORDER_OK)
        result = await client.cloud.messages.send(
            "8613800000000", "8613900000000", good, template=ORDER
        )
    assert result.message_id == "m"
