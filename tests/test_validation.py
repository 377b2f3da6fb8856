"""Every local rule: a clear RequestValidationError naming the field, and nothing sent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import respx

import nxwa
from nxwa.models import (
    Button,
    ButtonEvent,
    ButtonEventType,
    ButtonType,
    Component,
    ComponentExample,
    ComponentType,
    HeaderFormat,
    SaasButton,
)

pytestmark = pytest.mark.anyio

PHONE = "8613800000000"
MakeClient = Callable[..., nxwa.AsyncClient]
VALID = {"name": "order_ready", "language": "en_US", "category": "UTILITY", "content": "Hi"}


def event(kind: ButtonEventType, **fields: Any) -> SaasButton:
    return SaasButton(
        type=ButtonType.QUICK_REPLY, text="Tap", button_events=[ButtonEvent(event=kind, **fields)]
    )


SAAS_CASES: list[tuple[dict[str, Any], str, str]] = [
    ({"name": "订单通知"}, "name", "must not contain Chinese characters"),
    ({"name": "order_通知"}, "name", "must not contain Chinese characters"),
    ({"name": " "}, "name", "must not be empty"),
    ({"language": "english"}, "language", "is not a WhatsApp template language code"),
    ({"category": "AUTHENTICATION"}, "category", "MARKETING (1) or UTILITY (2)"),
    ({"category": "PROMO"}, "category", "MARKETING (1) or UTILITY (2)"),
    ({"category": 3}, "category", "MARKETING (1) or UTILITY (2)"),
    ({"category": nxwa.models.CategoryType(3)}, "category", "MARKETING (1) or UTILITY (2)"),
    ({"category": True}, "category", "MARKETING (1) or UTILITY (2)"),
    ({"content": ""}, "content", "must not be empty"),
    (
        {"buttons": [SaasButton(type=ButtonType.URL, text="Open")]},
        "buttons[0].url",
        "is required for a URL button",
    ),
    (
        {"buttons": [SaasButton(type=ButtonType.URL, text="Open", url="https://x.io/{{1}}")]},
        "buttons[0].example",
        "is required for a dynamic URL",
    ),
    (
        {"buttons": [SaasButton(type=ButtonType.PHONE_NUMBER, text="Call")]},
        "buttons[0].phone_number",
        "is required for a PHONE_NUMBER button",
    ),
    (
        {"buttons": [SaasButton(type=ButtonType.FLOW, text="Book")]},
        "buttons[0].flow_id",
        "is required for a FLOW button",
    ),
    (
        {"buttons": [SaasButton(type=ButtonType.COPY_CODE, text="Copy")]},
        "buttons[0].example",
        "is required for a COPY_CODE button",
    ),
    (
        {"buttons": [SaasButton(type=ButtonType.QUICK_REPLY, text="")]},
        "buttons[0].text",
        "is required",
    ),
    (
        {"buttons": [SaasButton(type=ButtonType("BOGUS"), text="?")]},
        "buttons[0].type",
        "must be QUICK_REPLY, URL, PHONE_NUMBER, FLOW, COPY_CODE on NXLink [R54]",
    ),
    (
        {"buttons": [event(ButtonEventType.TAG)]},
        "buttons[0].button_events[0].tag_name",
        "is required for a tag event",
    ),
    (
        {"buttons": [event(ButtonEventType.TEXT)]},
        "buttons[0].button_events[0].text",
        "is required for a text event",
    ),
    (
        {"buttons": [event(ButtonEventType.TEMPLATE, template_name="t")]},
        "buttons[0].button_events[0].template_id",
        "is required for a template event",
    ),
    (
        {"buttons": [event(ButtonEventType.TEMPLATE, template_id=3)]},
        "buttons[0].button_events[0].template_name",
        "is required for a template event",
    ),
    (
        {"buttons": [event(ButtonEventType("ring_bell"))]},
        "buttons[0].button_events[0].event",
        "must be tag, text or template",
    ),
    ({"buttons": [{"type": "URL"}]}, "buttons[0].text", "is required for a URL button [R51]"),
    (
        {"buttons": [{"type": "URL", "text": "Go"}]},
        "buttons[0].url",
        "is required for a URL button",
    ),
    ({"buttons": ["URL"]}, "buttons[0]", "must be a SaasButton or a dict, not str [shape]"),
    ({"footer_text": 5}, "footer_text", "must be a string, not int"),
    ({"syn_meta": "no"}, "syn_meta", "must be True or False, not 'no'"),
]


@pytest.mark.parametrize(("change", "field", "rule"), SAAS_CASES)
@pytest.mark.parametrize("method", ["create", "update"])
async def test_saas_template_rules(
    respx_mock: respx.MockRouter,
    make_client: MakeClient,
    method: str,
    change: dict[str, Any],
    field: str,
    rule: str,
) -> None:
    async with make_client() as client:
        call = getattr(client.saas.templates, method)
        with pytest.raises(nxwa.RequestValidationError) as info:
            await call(PHONE, **{**VALID, **change})
    assert (info.value.field, info.value.rule) == (field, rule) or (
        info.value.field == field and rule in info.value.rule
    )
    assert isinstance(info.value, ValueError)
    assert str(info.value).startswith(f"{field}: ")
    assert not respx_mock.calls


@pytest.mark.parametrize(
    "category", ["MARKETING", "marketing", "UTILITY", 1, 2, "2", nxwa.models.CategoryType.UTILITY]
)
async def test_saas_category_spellings_are_accepted(
    respx_mock: respx.MockRouter, make_client: MakeClient, category: object
) -> None:
    respx_mock.post(f"https://api-hk.nxlink.ai/saas/wa/template/{PHONE}").respond(
        json={"code": 0, "data": None}
    )
    async with make_client() as client:
        await client.saas.templates.create(PHONE, **{**VALID, "category": category})
    assert respx_mock.calls.last.request.content.count(b'"category_type":') == 1


def body(text: str, **example: Any) -> Component:
    return Component(
        type=ComponentType.BODY,
        text=text,
        example=ComponentExample(**example) if example else None,
    )


CLOUD_CASES: list[tuple[list[Component], str, str]] = [
    ([], "components", "must contain at least one component"),
    ([Component(type=ComponentType.HEADER, text="Hi")], "components[0].format", "is required"),
    (
        [Component(type=ComponentType.HEADER, format=HeaderFormat.TEXT)],
        "components[0].text",
        "is required for a TEXT header",
    ),
    (
        [Component(type=ComponentType.HEADER, format=HeaderFormat.IMAGE)],
        "components[0].example",
        "a media header needs header_handle or custom_header_handle_url",
    ),
    (
        [Component(type=ComponentType.HEADER, format=HeaderFormat.TEXT, text="Hi {{1}}")],
        "components[0].example.header_text",
        "is required when the text has a variable [R14]",
    ),
    ([body("Code {{1}}.")], "components[0].example.body_text", "is required when the text has"),
    ([body("Code {{1}}")], "components[0].text", "must not end with a variable [R30]"),
    ([Component(type=ComponentType.FOOTER)], "components[0].text", "is required for a FOOTER"),
    (
        [Component(type=ComponentType.FOOTER, text="x", code_expiration_minutes=91)],
        "components[0].code_expiration_minutes",
        "must be between 1 and 90",
    ),
    ([Component(type=ComponentType.BUTTONS)], "components[0].buttons", "at least one button"),
    (
        [Component(type=ComponentType.BUTTONS, buttons=[Button(type=ButtonType.URL, text="a")])],
        "components[0].buttons[0].url",
        "is required for a URL button",
    ),
    (
        [
            Component(
                type=ComponentType.BUTTONS,
                buttons=[Button(type=ButtonType.URL, text="a", url="https://x.io/{{1}}")],
            )
        ],
        "components[0].buttons[0].example",
        "is required for a dynamic URL",
    ),
    (
        [
            Component(
                type=ComponentType.BUTTONS,
                buttons=[Button(type=ButtonType.PHONE_NUMBER, text="Call")],
            )
        ],
        "components[0].buttons[0].phone_number",
        "is required for a PHONE_NUMBER button",
    ),
    (
        [
            Component(type=ComponentType.BODY, add_security_recommendation=True),
            Component(
                type=ComponentType.BUTTONS,
                buttons=[Button(type=ButtonType.OTP, otp_type="ONE_TAP", autofill_text="Fill")],
            ),
        ],
        "components[1].buttons[0].supported_apps",
        "ONE_TAP needs supported_apps (or package_name and signature_hash) [R65]",
    ),
    (
        [
            Component(type=ComponentType.BODY, add_security_recommendation=True),
            Component(type=ComponentType.BUTTONS, buttons=[Button(type=ButtonType.OTP)]),
        ],
        "components[1].buttons[0].otp_type",
        "is required: COPY_CODE, ONE_TAP or ZERO_TAP",
    ),
]


@pytest.mark.parametrize(("components", "field", "rule"), CLOUD_CASES)
async def test_cloud_component_rules(
    respx_mock: respx.MockRouter,
    make_client: MakeClient,
    components: list[Component],
    field: str,
    rule: str,
) -> None:
    async with make_client() as client:
        with pytest.raises(nxwa.RequestValidationError) as info:
            await client.cloud.templates.update(PHONE, "1", components=components)
    assert info.value.field == field
    assert rule in info.value.rule
    assert not respx_mock.calls


async def test_authentication_template_components_pass(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    respx_mock.post("https://api2.nxcloud.com/api/wa/updateTemplate").respond(
        json={"code": 0, "data": {"id": "1"}}
    )
    components = [
        Component(type=ComponentType.BODY, add_security_recommendation=True),
        Component(type=ComponentType.FOOTER, code_expiration_minutes=10),
        Component(
            type=ComponentType.BUTTONS,
            buttons=[
                Button(
                    type=ButtonType.OTP,
                    otp_type="ONE_TAP",
                    text="Copy code",
                    autofill_text="Autofill",
                    package_name="com.example.myapplication",
                    signature_hash="K8a%2FAINcGX7",
                )
            ],
        ),
    ]
    async with make_client() as client:
        await client.cloud.templates.update(
            PHONE, "1", category="AUTHENTICATION", components=components
        )
    assert respx_mock.calls.last.request.content.count(b'"otp_type":"ONE_TAP"') == 1


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda c: c.saas.templates.list(PHONE, page_number=0), "page_number"),
        (lambda c: c.saas.templates.list(PHONE, page_size=0), "page_size"),
        (lambda c: c.saas.templates.get("", 1), "phone"),
        (lambda c: c.saas.media.upload(PHONE, url="ftp://x"), "url"),
        (
            lambda c: c.cloud.templates.update(PHONE, "1", category="SPAM", components=[body("x")]),
            "category",
        ),
    ],
)
async def test_other_argument_rules(
    respx_mock: respx.MockRouter, make_client: MakeClient, call: Any, field: str
) -> None:
    async with make_client() as client:
        with pytest.raises(nxwa.RequestValidationError) as info:
            await call(client)
    assert info.value.field == field
    assert not respx_mock.calls
