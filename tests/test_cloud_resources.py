"""The open-platform resources beyond the seeded calls: local checks (nothing is sent), file
limits, cursor paging and result shapes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
import respx
from wire import json_body, multipart_fields, ok

import nxwa
from nxwa.errors import RequestValidationError
from nxwa.models import (
    Button,
    ButtonType,
    Component,
    ComponentExample,
    ComponentType,
    TemplateCategory,
)

pytestmark = pytest.mark.anyio

OPEN = "https://api2.nxcloud.com"
PHONE = "8613800000000"
MakeClient = Callable[..., nxwa.AsyncClient]
Call = Callable[[nxwa.AsyncClient], Awaitable[Any]]

KB = 1024
MB = 1024 * KB
BODY = Component(type=ComponentType.BODY, text="Hello")
OTP_BUTTONS = Component(
    type=ComponentType.BUTTONS,
    buttons=[Button(type=ButtonType.OTP, otp_type="COPY_CODE", text="Copy code")],
)
AUTH_BODY = Component(type=ComponentType.BODY, add_security_recommendation=True)


def create(**change: Any) -> Call:
    args: dict[str, Any] = {
        "name": "hello",
        "language": "en_US",
        "category": "UTILITY",
        "components": [BODY],
        **change,
    }
    return lambda c: c.cloud.templates.create(PHONE, **args)


REJECTED: list[tuple[Call, str]] = [
    # media upload: type and size limits of reference §3.7
    (lambda c: c.cloud.media.upload(PHONE, b"GIF89a", type="image/gif"), "type"),
    (lambda c: c.cloud.media.upload(PHONE, b"\xff" * (5 * MB + 1), type="image/jpeg"), "file"),
    (
        lambda c: c.cloud.media.upload(PHONE, b"RIFF" + b"\0" * (100 * KB), type="image/webp"),
        "file",
    ),
    (lambda c: c.cloud.media.upload(PHONE, b"x" * (16 * MB + 1), type="video/mp4"), "file"),
    (lambda c: c.cloud.media.upload(PHONE, b"unknown bytes"), "type"),
    (lambda c: c.cloud.media.upload(PHONE, b""), "file"),
    (lambda c: c.cloud.media.upload("+86", b"x", type="text/plain"), "business_phone"),
    (lambda c: c.cloud.media.delete(PHONE, ""), "media_id"),
    # templates
    (create(name="订单"), "name"),
    (create(language="xx"), "language"),
    (create(category="PROMO"), "category"),
    (create(components=[]), "components"),
    (create(category="AUTHENTICATION", components=[AUTH_BODY]), "components"),
    (create(components=[BODY, OTP_BUTTONS]), "components[1].buttons"),
    (
        create(
            category="AUTHENTICATION",
            components=[
                AUTH_BODY,
                Component(type=ComponentType.FOOTER, code_expiration_minutes=91),
                OTP_BUTTONS,
            ],
        ),
        "components[1].code_expiration_minutes",
    ),
    (
        create(
            category="AUTHENTICATION",
            components=[
                AUTH_BODY,
                Component(
                    type=ComponentType.BUTTONS,
                    buttons=[Button(type=ButtonType.OTP, otp_type="ONE_TAP", text="Fill")],
                ),
            ],
        ),
        "components[1].buttons[0].supported_apps",
    ),
    (create(message_send_ttl_seconds=0), "message_send_ttl_seconds"),
    (lambda c: c.cloud.templates.list(PHONE, limit=0), "limit"),
    (lambda c: c.cloud.templates.delete(PHONE, ""), "name"),
    # numbers
    (lambda c: c.cloud.numbers.get(["8613800000000", "+1"]), "business_phones[1]"),
    # flows
    (lambda c: c.cloud.flows.update("1"), "name"),
    (lambda c: c.cloud.flows.update("1", categories=[]), "categories"),
    (lambda c: c.cloud.flows.update("1", categories=["GAMES"]), "categories[0]"),
    (lambda c: c.cloud.flows.update("1", endpoint_uri="x.io"), "endpoint_uri"),
    (lambda c: c.cloud.flows.update_json("1", b"{not json"), "flow_json"),
    (lambda c: c.cloud.flows.update_json("1", b"[1, 2]"), "flow_json"),
    (lambda c: c.cloud.flows.preview(""), "flow_id"),
    # profile
    (lambda c: c.cloud.profile.update(PHONE), "about"),
    (lambda c: c.cloud.profile.update(PHONE, address="x" * 257), "address"),
    (lambda c: c.cloud.profile.update(PHONE, email="nope"), "email"),
    (lambda c: c.cloud.profile.update(PHONE, websites="https://x.io"), "websites"),
    (lambda c: c.cloud.profile.update(PHONE, websites=["x.io"]), "websites[0]"),
    # block users
    (lambda c: c.cloud.block_users.block(PHONE, []), "users"),
    (lambda c: c.cloud.block_users.unblock(PHONE, "8613900000000"), "users"),
    (lambda c: c.cloud.block_users.block(PHONE, ["8613900000000", "abc"]), "users[1]"),
    # integrator
    (lambda c: c.cloud.integrator.create_app(app_name="", webhook="https://x.io"), "app_name"),
    (lambda c: c.cloud.integrator.create_app(app_name="a", webhook="x.io"), "webhook"),
    (lambda c: c.cloud.integrator.request_code(PHONE, method="fax"), "method"),
    (lambda c: c.cloud.integrator.verify_code(PHONE, ""), "code"),
    (lambda c: c.cloud.integrator.list_phones(""), "app_key"),
]


@pytest.mark.parametrize(("call", "field"), REJECTED)
async def test_bad_input_is_rejected_before_sending(
    call: Call, field: str, respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    route = respx_mock.route(host="api2.nxcloud.com").mock(return_value=ok({}))
    async with make_client() as client:
        with pytest.raises(RequestValidationError) as caught:
            await call(client)
    assert caught.value.field == field
    assert not route.called


@pytest.mark.parametrize(
    ("name", "content", "sent_type"),
    [
        ("clip.3gp", b"\0\0\0\x14ftyp3gp4", b"video/3gp"),
        ("note.txt", b"hello", b"text/plain"),
        ("sticker.webp", b"RIFF\0\0\0\0WEBPVP8 ", b"image/webp"),
        ("doc.pdf", b"%PDF-1.7", b"application/pdf"),
    ],
)
async def test_upload_takes_the_type_from_the_file(
    name: str,
    content: bytes,
    sent_type: bytes,
    tmp_path: Path,
    respx_mock: respx.MockRouter,
    make_client: MakeClient,
) -> None:
    (tmp_path / name).write_bytes(content)
    route = respx_mock.post(f"{OPEN}/api/wa/uploadMedia").mock(return_value=ok({"id": "m"}))
    async with make_client() as client:
        assert await client.cloud.media.upload(PHONE, tmp_path / name) == "m"
    fields = multipart_fields(route.calls.last.request)
    assert fields["type"] == sent_type
    assert fields["file"] == content


async def test_authentication_template_with_otp_button_is_sent(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    route = respx_mock.post(f"{OPEN}/api/wa/createTemplate").mock(return_value=ok({"id": "9"}))
    components = [
        AUTH_BODY,
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
        ref = await client.cloud.templates.create(
            PHONE,
            name="auth_code",
            language="en_US",
            category=TemplateCategory.AUTHENTICATION,
            components=components,
        )
    assert ref.id == "9"
    assert json_body(route.calls.last.request)["components"] == [
        {"type": "BODY", "add_security_recommendation": True},
        {"type": "FOOTER", "code_expiration_minutes": 10},
        {
            "type": "BUTTONS",
            "buttons": [
                {
                    "type": "OTP",
                    "text": "Copy code",
                    "otp_type": "ONE_TAP",
                    "autofill_text": "Autofill",
                    "package_name": "com.example.myapplication",
                    "signature_hash": "K8a%2FAINcGX7",
                }
            ],
        },
    ]


def template(name: str) -> dict[str, Any]:
    return {
        "id": name,
        "name": name,
        "language": "en_US",
        "status": "APPROVED",
        "category": "MARKETING",
        "quality_score": {"score": "UNKNOWN"},
        "components": [
            {"type": "BODY", "text": "Hi {{1}}", "example": {"body_text": [["Ann"]]}},
            {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "Stop"}]},
        ],
        "a_future_field": {"x": 1},
    }


def page(names: list[str], after: str | None) -> dict[str, Any]:
    paging: dict[str, Any] = {"cursors": {"before": "B", "after": after or "END"}}
    if after:
        paging["next"] = f"https://graph.facebook.com/v17.0/1/message_templates?after={after}"
    return {"data": [template(n) for n in names], "paging": paging}


async def test_templates_iter_follows_after_cursors(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    route = respx_mock.post(f"{OPEN}/api/wa/getTemplate").mock(
        side_effect=[ok(page(["a", "b"], "C1")), ok(page(["c"], "C2")), ok(page([], None))]
    )
    async with make_client() as client:
        names = [t.name async for t in client.cloud.templates.iter(PHONE, limit=2)]
    assert names == ["a", "b", "c"]
    sent = [json_body(call.request) for call in route.calls]
    assert [body.get("after") for body in sent] == [None, "C1", "C2"]
    assert {body["limit"] for body in sent} == {2}


async def test_template_info_is_typed(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    respx_mock.post(f"{OPEN}/api/wa/getTemplate").mock(return_value=ok(page(["a"], None)))
    async with make_client() as client:
        result = await client.cloud.templates.list(PHONE)
    [info] = result.items
    assert info.status == nxwa.models.TemplateReviewStatus.APPROVED
    assert info.category is TemplateCategory.MARKETING
    assert info.quality_score == nxwa.models.QualityScore(score="UNKNOWN")
    body = info.component("BODY")
    assert body is not None
    assert body.example == ComponentExample(body_text=[["Ann"]])
    assert result.next_cursor is None


async def test_flows_and_block_lists_page_too(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    respx_mock.post(f"{OPEN}/v1/wa/m/flows/queryFlowsByPhone").mock(
        side_effect=[
            ok(
                {
                    "data": [{"id": "1", "status": "PUBLISHED", "categories": ["SIGN_UP"]}],
                    "paging": {"cursors": {"after": "X"}, "next": "n"},
                }
            ),
            ok(
                {
                    "data": [{"id": "2", "status": "SOMETHING_NEW"}],
                    "paging": {"cursors": {"after": "Y"}},
                }
            ),
        ]
    )
    respx_mock.post(f"{OPEN}/api/wa/getBlockUsers").mock(
        return_value=ok({"data": [{"wa_id": "8613900000000"}]})
    )
    async with make_client() as client:
        flows = [f async for f in client.cloud.flows.iter(PHONE)]
        blocked = [u.wa_id async for u in client.cloud.block_users.iter(PHONE)]
    assert [f.id for f in flows] == ["1", "2"]
    assert flows[1].status is not None
    assert flows[1].status.value == "SOMETHING_NEW"
    assert blocked == ["8613900000000"]


@pytest.mark.parametrize(
    ("flow_json", "sent"),
    [
        ({"version": "6.0"}, b'{"version":"6.0"}'),
        (b'{"version": "6.0"}', b'{"version": "6.0"}'),
    ],
    ids=["dict", "bytes"],
)
async def test_update_flow_json_inputs(
    flow_json: Any, sent: bytes, respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    route = respx_mock.post(f"{OPEN}/v1/wa/m/flows/updateFlowJson").mock(
        return_value=ok({"success": False, "validation_errors": [{"error": "INVALID"}]})
    )
    async with make_client() as client:
        result = await client.cloud.flows.update_json("7", flow_json)
    assert result.validation_errors == [{"error": "INVALID"}]
    request = route.calls.last.request
    assert multipart_fields(request)["file"] == sent
    assert b'filename="flow.json"' in request.content
    assert b"Content-Type: application/json" in request.content


async def test_update_flow_json_from_path(
    tmp_path: Path, respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    (tmp_path / "signup.json").write_bytes(b'{"screens": []}')
    route = respx_mock.post(f"{OPEN}/v1/wa/m/flows/updateFlowJson").mock(
        return_value=ok({"success": True})
    )
    async with make_client() as client:
        assert (await client.cloud.flows.update_json("7", tmp_path / "signup.json")).success
    assert b'filename="signup.json"' in route.calls.last.request.content


async def test_empty_profile_answer(respx_mock: respx.MockRouter, make_client: MakeClient) -> None:
    respx_mock.post(f"{OPEN}/api/wa/getBusinessProfile").mock(return_value=ok(None))
    async with make_client() as client:
        assert await client.cloud.profile.get(PHONE) == nxwa.models.BusinessProfile()


async def test_block_result_reports_failures(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    respx_mock.post(f"{OPEN}/api/wa/createBlockUsers").mock(
        return_value=ok(
            {
                "messaging_product": "whatsapp",
                "block_users": {
                    "added_users": [{"input": "8613900000000", "wa_id": "8613900000000"}],
                    "failed_users": [{"input": "8613700000000", "errors": [{"code": 139100}]}],
                },
            }
        )
    )
    async with make_client() as client:
        result = await client.cloud.block_users.block(PHONE, ["8613900000000", "8613700000000"])
    assert [u.input for u in result.failed] == ["8613700000000"]
