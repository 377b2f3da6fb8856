"""Wire tests of the endpoints beyond the seeded ones: method, URL, ``action``, exact body
bytes (or multipart fields), a ``sign`` that verifies over the bytes sent, and the parsed result.

One table drives them all; each row is one call as a user writes it.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import attrs
import pytest
import respx
from wire import assert_signed, multipart_fields, ok

import nxwa
from nxwa.models import (
    BlockUsersResult,
    BusinessProfile,
    Component,
    ComponentType,
    FlowJsonUpdate,
    FlowPreview,
    IntegratorApp,
    PhoneNumber,
    SendResult,
    TemplateRef,
    TemplateSubmission,
    Text,
)

pytestmark = pytest.mark.anyio

OPEN = "https://api2.nxcloud.com"
PHONE = "8613800000000"
USER = "8613900000000"
APP = '"appkey":"test-app-key"'
WA = '"messaging_product":"whatsapp"'
BODY_ONLY = [Component(type=ComponentType.BODY, text="Hello")]
BODY_JSON = '[{"type":"BODY","text":"Hello"}]'
Call = Callable[[nxwa.AsyncClient], Awaitable[Any]]


@attrs.frozen
class Case:
    id: str
    call: Call
    path: str
    action: str
    #: The exact JSON text sent, or None (no body / multipart).
    body: str | None
    data: Any = None
    #: What the call returns for ``data``.
    result: Any = None
    #: Multipart fields, in order, for multipart endpoints.
    form: dict[str, bytes] | None = None


CASES = [
    Case(
        "send_message",
        lambda c: c.cloud.messages.send(PHONE, USER, Text("Hi *Ann*")),
        "/api/wa/mt",
        "mt",
        f'{{{APP},"business_phone":"{PHONE}",{WA},"recipient_type":"individual",'
        f'"to":"{USER}","type":"text","text":{{"body":"Hi *Ann*"}}}}',
        data={
            "messaging_product": "whatsapp",
            "messages": [{"id": "gBGHhhdgYFCBnwIJ6QRYvhwQk7Nc"}],
        },
        result=SendResult(
            messaging_product="whatsapp",
            messages=[nxwa.models.SentMessage(id="gBGHhhdgYFCBnwIJ6QRYvhwQk7Nc")],
        ),
    ),
    Case(
        "send_otp",
        lambda c: c.cloud.messages.send_otp(
            USER, "189384", language="en", business_phone=PHONE, category="UTILITY"
        ),
        "/api/wa/otp",
        "mt",
        f'{{{APP},"business_phone":"{PHONE}",{WA},"recipient_type":"individual",'
        f'"to":"{USER}","category":"UTILITY","content":"189384","language_code":"en"}}',
        data={"messages": [{"id": "otp-1"}]},
        result=SendResult(messages=[nxwa.models.SentMessage(id="otp-1")]),
    ),
    Case(
        "mark_message_read",
        lambda c: c.cloud.messages.mark_read(PHONE, "ABGHhhdgYFCBnwIQNkLO2ipL1_ZpZ41mwgMHEg"),
        "/api/wa/markMessageAsRead",
        "read",
        f'{{"business_phone":"{PHONE}",{WA},'
        '"message_id":"ABGHhhdgYFCBnwIQNkLO2ipL1_ZpZ41mwgMHEg","status":"read"}',
    ),
    Case(
        "typing_indicator",
        lambda c: c.cloud.messages.show_typing(PHONE, "wamid.HBgN"),
        "/api/wa/typingIndicator",
        "read",
        f'{{{APP},{WA},"business_phone":"{PHONE}","status":"read",'
        '"message_id":"wamid.HBgN","typing_indicator":{"type":"text"}}',
    ),
    Case(
        "upload_media",
        lambda c: c.cloud.media.upload(PHONE, b"\xff\xd8\xff\xe0jpeg", type="image/jpeg"),
        "/api/wa/uploadMedia",
        "uploadMedia",
        None,
        data={"id": "a75c6d9b-a7c8-4f41-8f61-94548e92cbee"},
        result="a75c6d9b-a7c8-4f41-8f61-94548e92cbee",
        form={
            "business_phone": PHONE.encode(),
            "messaging_product": b"whatsapp",
            "type": b"image/jpeg",
            "file": b"\xff\xd8\xff\xe0jpeg",
        },
    ),
    Case(
        "delete_media",
        lambda c: c.cloud.media.delete(PHONE, "fd81acff-eea8-4d9d-acc9-6c62904d6615"),
        "/api/wa/deleteMedia",
        "deleteMedia",
        f'{{"business_phone":"{PHONE}","Media-ID":"fd81acff-eea8-4d9d-acc9-6c62904d6615",{WA}}}',
        data={"success": True},
        result=True,
    ),
    Case(
        "get_phone",
        lambda c: c.cloud.numbers.get([PHONE, "185000099"]),
        "/api/wa/getPhone",
        "getPhone",
        f'{{{APP},"business_phones":"{PHONE},185000099",{WA}}}',
        data={"business_phones": [{"display_phone_number": "+86 138 0000 0000"}]},
        result=[PhoneNumber(display_phone_number="+86 138 0000 0000")],
    ),
    Case(
        "list_templates",
        lambda c: c.cloud.templates.list(PHONE, limit=50, after="QVFIU", name="order_ready"),
        "/api/wa/getTemplate",
        "getTemplate",
        f'{{{APP},"business_phone":"{PHONE}",{WA},"after":"QVFIU","limit":50,'
        '"name":"order_ready"}',
        data={"data": [], "paging": {"cursors": {"before": "a", "after": "b"}}},
    ),
    Case(
        "create_template",
        lambda c: c.cloud.templates.create(
            PHONE, name="hello", language="en_US", category="utility", components=BODY_ONLY
        ),
        "/api/wa/createTemplate",
        "createTemplate",
        f'{{{APP},"business_phone":"{PHONE}",{WA},"category":"UTILITY","language":"en_US",'
        f'"name":"hello","components":{BODY_JSON}}}',
        data={"id": "900000755"},
        result=TemplateRef(id="900000755"),
    ),
    Case(
        "create_template_async",
        lambda c: c.cloud.templates.create_async(
            PHONE,
            name="hello",
            language="en_US",
            category="UTILITY",
            components=BODY_ONLY,
            message_send_ttl_seconds=3600,
        ),
        "/api/wa/createTemplateAsync",
        "createTemplate",
        f'{{{APP},"business_phone":"{PHONE}",{WA},"category":"UTILITY","language":"en_US",'
        f'"name":"hello","message_send_ttl_seconds":3600,"components":{BODY_JSON}}}',
        data=None,
        result=TemplateSubmission(),
    ),
    Case(
        "delete_template",
        lambda c: c.cloud.templates.delete(PHONE, "promo_may"),
        "/api/wa/deleteTemplate",
        "deleteTemplate",
        f'{{{APP},"business_phone":"{PHONE}",{WA},"name":"promo_may"}}',
        data={"success": True},
        result=True,
    ),
    Case(
        "get_business_profile",
        lambda c: c.cloud.profile.get(PHONE),
        "/api/wa/getBusinessProfile",
        "mt",
        f'{{{APP},"business_phone":"{PHONE}",{WA}}}',
        data={"data": [{"about": "Hi", "websites": ["https://example.com"]}]},
        result=BusinessProfile(about="Hi", websites=["https://example.com"]),
    ),
    Case(
        "update_business_profile",
        lambda c: c.cloud.profile.update(PHONE, about="Open 9-18", vertical="RETAIL"),
        "/api/wa/updateBusinessProfile",
        "mt",
        f'{{{APP},"business_phone":"{PHONE}",{WA},"about":"Open 9-18","vertical":"RETAIL"}}',
    ),
    Case(
        "block_users",
        lambda c: c.cloud.block_users.block(PHONE, [USER]),
        "/api/wa/createBlockUsers",
        "mt",
        f'{{{APP},{WA},"business_phone":"{PHONE}","block_users":[{{"user":"{USER}"}}]}}',
        data={"block_users": {"added_users": [{"input": USER, "wa_id": USER}]}},
    ),
    Case(
        "unblock_users",
        lambda c: c.cloud.block_users.unblock(PHONE, [USER]),
        "/api/wa/deleteBlockUsers",
        "mt",
        f'{{{APP},{WA},"business_phone":"{PHONE}","block_users":[{{"user":"{USER}"}}]}}',
        data=None,
        result=BlockUsersResult(),
    ),
    Case(
        "list_blocked_users",
        lambda c: c.cloud.block_users.list(PHONE, limit=10),
        "/api/wa/getBlockUsers",
        "mt",
        f'{{{APP},{WA},"business_phone":"{PHONE}","limit":10}}',
        data={"data": [{"wa_id": USER}]},
    ),
    Case(
        "list_flows",
        lambda c: c.cloud.flows.list(PHONE, limit=5),
        "/v1/wa/m/flows/queryFlowsByPhone",
        "queryFlowsByPhone",
        f'{{{APP},"phone":"{PHONE}",{WA},"limit":5}}',
        data={"data": [{"id": "1", "name": "signup", "status": "DRAFT"}], "paging": {}},
    ),
    Case(
        "get_flow_preview",
        lambda c: c.cloud.flows.preview("1743798696088965"),
        "/v1/wa/m/flows/getPreviewByFlowId",
        "getPreviewByFlowId",
        f'{{{APP},"flow_id":"1743798696088965",{WA}}}',
        data={"id": "1743798696088965", "preview": {"preview_url": "https://x", "expires_at": "t"}},
        result=FlowPreview(
            id="1743798696088965",
            preview=nxwa.models.PreviewLink(preview_url="https://x", expires_at="t"),
        ),
    ),
    Case(
        "update_flow",
        lambda c: c.cloud.flows.update(
            "1743798696088965", name="Sign up", categories=["sign_up", "OTHER"]
        ),
        "/v1/wa/m/flows/updateFlow",
        "updateFlow",
        f'{{{APP},"flow_id":"1743798696088965",{WA},"name":"Sign up",'
        '"categories":["SIGN_UP","OTHER"]}',
        data={"success": True},
        result=True,
    ),
    Case(
        "update_flow_json",
        lambda c: c.cloud.flows.update_json("1743798696088965", {"version": "6.0", "screens": []}),
        "/v1/wa/m/flows/updateFlowJson",
        "updateFlowJson",
        None,
        data={"success": True, "validation_errors": []},
        result=FlowJsonUpdate(success=True),
        form={
            "flow_id": b"1743798696088965",
            "messaging_product": b"whatsapp",
            "file": b'{"version":"6.0","screens":[]}',
        },
    ),
    Case(
        "integrator_login",
        lambda c: c.cloud.integrator.login(),
        "/api/wa/integrator/embedded/register/login",
        "login",
        None,
        data={"token": "50abe943xxxe26128e56b08"},
        result="50abe943xxxe26128e56b08",
    ),
    Case(
        "integrator_create_app",
        lambda c: c.cloud.integrator.create_app(
            app_name="Acme", webhook="https://acme.example/api/webhook/whatsApp"
        ),
        "/api/wa/integrator/embedded/register/createApp",
        "createApp",
        '{"app_name":"Acme","webhook":"https://acme.example/api/webhook/whatsApp"}',
        data={"app_id": 1000, "app_name": "Acme", "app_key": "KI92cew9"},
        result=IntegratorApp(app_id=1000, app_name="Acme", app_key="KI92cew9"),
    ),
    Case(
        "integrator_phone_list",
        lambda c: c.cloud.integrator.list_phones("KI92cew9"),
        "/api/wa/integrator/embedded/register/phoneList",
        "phoneList",
        '{"appkey":"KI92cew9"}',
        data=[{"display_phone_number": "+1 555", "register_status": 5, "waba_id": "77"}],
        result=[
            PhoneNumber(
                display_phone_number="+1 555",
                register_status=nxwa.models.RegisterStatus.REGISTERED,
                waba_id="77",
            )
        ],
    ),
    Case(
        "integrator_get_code",
        lambda c: c.cloud.integrator.request_code(PHONE, method="voice"),
        "/api/wa/integrator/embedded/register/getCode",
        "getCode",
        f'{{"phone_number":"{PHONE}","method":"voice"}}',
        data={},
    ),
    Case(
        "integrator_check_code",
        lambda c: c.cloud.integrator.verify_code(PHONE, "1541"),
        "/api/wa/integrator/embedded/register/checkCode",
        "checkCode",
        f'{{"phone_number":"{PHONE}","code":"1541"}}',
    ),
    Case(
        "integrator_create_client",
        lambda c: c.cloud.integrator.create_client(PHONE),
        "/api/wa/integrator/embedded/register/createClient",
        "createClient",
        f'{{"phone_number":"{PHONE}"}}',
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
async def test_endpoint_on_the_wire(
    case: Case, respx_mock: respx.MockRouter, make_client: Callable[..., nxwa.AsyncClient]
) -> None:
    route = respx_mock.post(OPEN + case.path).mock(
        return_value=ok(case.data, message="Request successful")
    )
    async with make_client() as client:
        result = await case.call(client)
    assert route.call_count == 1
    request = route.calls.last.request
    assert request.method == "POST"
    assert str(request.url) == OPEN + case.path
    assert request.headers["action"] == case.action
    assert_signed(request)
    if case.form is not None:
        assert request.headers["content-type"].startswith("multipart/form-data")
        assert multipart_fields(request) == case.form
        assert list(multipart_fields(request)) == list(case.form)
    elif case.body is None:
        assert request.content == b""
    else:
        assert request.headers["content-type"] == "application/json"
        assert request.content == case.body.encode("utf-8")
        json.loads(request.content)  # the expected text is itself valid JSON
    if case.result is not None:
        assert result == case.result


def test_every_new_endpoint_has_a_wire_case() -> None:
    from nxwa.endpoints import ENDPOINTS

    new = {
        e.id.removeprefix("cloud_")
        for e in ENDPOINTS.values()
        if e.family == "cloud"
        and e.id not in {"cloud_get_media", "cloud_update_template", "cloud_upload_template_file"}
    }
    assert new == {c.id for c in CASES}
