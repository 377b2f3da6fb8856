"""NXLink templates: Meta's rules as far as NXLink's fields express them (the button rules are
the open platform's, written once) and NXLink's own. Valid templates go out unchanged,
invalid ones are refused naming the field and rule, with nothing sent."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
import respx
from wire import json_body, ok

import nxwa
from nxwa.models import validate_saas_template

pytestmark = pytest.mark.anyio

MakeClient = Callable[..., nxwa.AsyncClient]
PHONE = "8613800000000"
URL = f"https://api-hk.nxlink.ai/saas/wa/template/{PHONE}"
BASE: dict[str, Any] = {
    "name": "order_ready",
    "language": "en_US",
    "category": "UTILITY",
    "content": "Hi {{1}}, your order {{2}} is ready.",
}


def quick(text: str = "Thanks") -> dict[str, Any]:
    return {"type": "QUICK_REPLY", "text": text}


def url(link: str = "https://x.io/help", **fields: Any) -> dict[str, Any]:
    return {"type": "URL", "text": "Help", "url": link, **fields}


def phone(number: str = "15550051310") -> dict[str, Any]:
    return {"type": "PHONE_NUMBER", "text": "Call", "phoneNumber": number}


VALID: list[tuple[str, dict[str, Any]]] = [
    ("plain", {}),
    ("nxlink-named-variable", {"content": "Message content: {{WhatsApp}}, end message"}),
    ("nxlink-only-language", {"language": "zh_KR"}),
    ("empty-header-and-footer", {"header_text": "", "footer_text": ""}),
    ("text-header", {"header_text": "Order {{1}}", "footer_text": "Reply STOP to opt out"}),
    (
        "media-header",
        {"media_type": "IMAGE", "media_id": "1167113681293447", "media_name": "banner.jpg"},
    ),
    (
        "buttons",
        {
            "buttons": [
                {
                    "customizeType": "conventional",
                    "text": "button1",
                    "type": "QUICK_REPLY",
                    "payload": "",
                    "buttonEvents": [
                        {"event": "tag", "tagName": "Viber tag"},
                        {"event": "template", "templateId": 314, "templateName": "buttontest22"},
                    ],
                },
                url("https://x.io/o/{{1}}", example=["https://x.io/o/42"]),
                phone(),
            ]
        },
    ),
    ("copy-code", {"buttons": [{"type": "COPY_CODE", "text": "Copy", "example": ["250FF"]}]}),
    (
        "flow",
        {
            "buttons": [
                {
                    "type": "FLOW",
                    "text": "Book",
                    "flow_id": "1743798696088965",
                    "navigate_screen": "WELCOME",
                    "flow_action": "navigate",
                }
            ]
        },
    ),
    ("syn-meta-off", {"syn_meta": False, "is_close_auto_flow": 1}),
]

INVALID: list[tuple[str, dict[str, Any], str, str]] = [
    ("name-513", {"name": "a" * 513}, "name", "R1"),
    ("name-uppercase", {"name": "OrderReady"}, "name", "R2"),
    ("name-chinese", {"name": "订单"}, "name", "R3"),
    ("authentication", {"category": "AUTHENTICATION"}, "category", "R4"),
    ("language", {"language": "english"}, "language", "R5"),
    ("variable-gap", {"content": "Hi {{1}}, order {{3}} ready."}, "content", "R9"),
    ("special-characters", {"content": "Hi {{#1}} there."}, "content", "R12"),
    ("braces", {"content": "Hi {{1} there."}, "content", "R13"),
    ("body-1025", {"content": "y" * 1025}, "content", "R28"),
    ("body-starts", {"content": "{{1}}, welcome."}, "content", "R29"),
    ("body-ends", {"content": "Welcome {{1}}"}, "content", "R30"),
    ("header-61", {"header_text": "h" * 61}, "header_text", "R17"),
    ("header-two-variables", {"header_text": "{{1}} and {{2}}"}, "header_text", "R18"),
    ("header-bold", {"header_text": "*Sale*"}, "header_text", "R20"),
    (
        "header-and-media",
        {"header_text": "Hi", "media_type": "IMAGE", "media_id": "1"},
        "header_text",
        "R16",
    ),
    ("media-without-id", {"media_type": "VIDEO"}, "media_id", "R22"),
    ("gif-media", {"media_type": "GIF", "media_id": "1"}, "media_type", "R23"),
    ("footer-61", {"footer_text": "f" * 61}, "footer_text", "R36"),
    ("label-26", {"buttons": [quick("z" * 26)]}, "buttons[0].text", "R40"),
    ("three-urls", {"buttons": [url(), url(), url()]}, "buttons", "R42"),
    ("two-phones", {"buttons": [phone(), phone()]}, "buttons", "R43"),
    ("eleven-buttons", {"buttons": [quick(f"b{i}") for i in range(11)]}, "buttons", "R44"),
    ("split-replies", {"buttons": [quick(), url(), quick("No")]}, "buttons", "R45"),
    ("url-2001", {"buttons": [url("https://x.io/" + "p" * 1988)]}, "buttons[0].url", "R46"),
    (
        "url-variables",
        {"buttons": [url("https://x.io/{{1}}{{2}}", example=["a"])]},
        "buttons[0].url",
        "R47",
    ),
    (
        "url-variable-inside",
        {"buttons": [url("https://x.io/{{1}}/t", example=["a"])]},
        "buttons[0].url",
        "R48",
    ),
    ("dynamic-url", {"buttons": [url("https://x.io/{{1}}")]}, "buttons[0].example", "R49"),
    ("phone-21", {"buttons": [phone("1" * 21)]}, "buttons[0].phone_number", "R50"),
    (
        "copy-code-no-text",
        {"buttons": [{"type": "COPY_CODE", "example": ["A1"]}]},
        "buttons[0].text",
        "R51",
    ),
    (
        "copy-code-twice",
        {"buttons": [{"type": "COPY_CODE", "text": "C", "example": ["A1"]}] * 2},
        "buttons",
        "R52",
    ),
    (
        "copy-code-no-example",
        {"buttons": [{"type": "COPY_CODE", "text": "Copy"}]},
        "buttons[0].example",
        "R52",
    ),
    (
        "flow-no-id",
        {"buttons": [{"type": "FLOW", "text": "Book", "flow_name": "x"}]},
        "buttons[0].flow_id",
        "R53",
    ),
    ("mpm-on-nxlink", {"buttons": [{"type": "MPM", "text": "View"}]}, "buttons[0].type", "R54"),
    ("otp-on-nxlink", {"buttons": [{"type": "OTP", "text": "Copy"}]}, "buttons[0].type", "R54"),
    (
        "customize-type",
        {"buttons": [{**quick(), "customizeType": "promo"}]},
        "buttons[0].customize_type",
        "R54",
    ),
    (
        "tag-event",
        {"buttons": [{**quick(), "buttonEvents": [{"event": "tag"}]}]},
        "buttons[0].button_events[0].tag_name",
        "R54",
    ),
]


@pytest.mark.parametrize("method", ["create", "update"])
@pytest.mark.parametrize(("case", "change"), VALID, ids=[c for c, _ in VALID])
async def test_a_valid_template_is_sent_as_given(
    respx_mock: respx.MockRouter,
    make_client: MakeClient,
    method: str,
    case: str,
    change: dict[str, Any],
) -> None:
    route = (respx_mock.post if method == "create" else respx_mock.put)(URL).mock(
        return_value=ok(None)
    )
    fields = {**BASE, **change}
    async with make_client() as client:
        await getattr(client.saas.templates, method)(PHONE, **fields)
    sent = json_body(route.calls.last.request)
    assert sent["content"] == fields["content"]
    assert sent["language"] == fields["language"]
    if "buttons" in change:
        assert json.dumps(sent["buttonComponents"]) == json.dumps(change["buttons"])
    problems = validate_saas_template(
        **{
            k: v
            for k, v in fields.items()
            if k not in ("syn_meta", "is_close_auto_flow", "media_name")
        }
    )
    assert [p for p in problems if p.is_error] == []


@pytest.mark.parametrize("method", ["create", "update"])
@pytest.mark.parametrize(("case", "change", "field", "rule"), INVALID, ids=[c[0] for c in INVALID])
async def test_an_invalid_template_is_refused_naming_field_and_rule(
    respx_mock: respx.MockRouter,
    make_client: MakeClient,
    method: str,
    case: str,
    change: dict[str, Any],
    field: str,
    rule: str,
) -> None:
    async with make_client() as client:
        with pytest.raises(nxwa.RequestValidationError) as info:
            await getattr(client.saas.templates, method)(PHONE, **{**BASE, **change})
    assert info.value.field == field
    assert info.value.rule.endswith(f"[{rule}]")
    assert not respx_mock.calls


async def test_an_empty_button_list_is_a_template_without_buttons() -> None:
    assert validate_saas_template(**BASE, buttons=[]) == []


async def test_an_nxlink_named_variable_in_any_case_is_only_a_warning() -> None:
    problems = validate_saas_template(content="Message content: {{WhatsApp}}, end message")
    assert [(p.path, p.rule, p.severity) for p in problems] == [("content", "R8", "warning")]


async def test_validate_false_skips_the_rules_for_one_call(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    route = respx_mock.post(URL).mock(return_value=ok(None))
    async with make_client() as client:
        await client.saas.templates.create(
            PHONE, **{**BASE, "content": "Welcome {{1}}"}, validate=False
        )
    assert json_body(route.calls.last.request)["content"] == "Welcome {{1}}"
