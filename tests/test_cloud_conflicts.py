"""Where the reference conflicts or is silent (its §6), the choice nxwa made, pinned.

Each test names the conflict; the spec entry in nxwa/codegen/spec.toml says why.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import respx
from wire import json_body, ok

import nxwa
from nxwa import endpoints as E
from nxwa.errors import PermissionDeniedError, ServerError
from nxwa.models import (
    Component,
    ComponentType,
    Location,
    MessagingLimit,
    PhoneNumber,
    PhoneNumberList,
    QualityRating,
    Reaction,
    TemplateSubmission,
)
from nxwa.models._converter import converter

OPEN = "https://api2.nxcloud.com"
PHONE = "8613800000000"
MakeClient = Callable[..., nxwa.AsyncClient]


# §6.4: the documented action is sent even where it differs from the path name.
@pytest.mark.parametrize(
    ("endpoint", "action"),
    [
        (E.CLOUD_MARK_MESSAGE_READ, "read"),
        (E.CLOUD_TYPING_INDICATOR, "read"),
        (E.CLOUD_SEND_OTP, "mt"),
        (E.CLOUD_GET_BUSINESS_PROFILE, "mt"),
        (E.CLOUD_UPDATE_BUSINESS_PROFILE, "mt"),
        (E.CLOUD_BLOCK_USERS, "mt"),
        (E.CLOUD_UNBLOCK_USERS, "mt"),
        (E.CLOUD_LIST_BLOCKED_USERS, "mt"),
        (E.CLOUD_CREATE_TEMPLATE_ASYNC, "createTemplate"),
    ],
)
def test_documented_action_is_sent(endpoint: Any, action: str) -> None:
    assert endpoint.action == action


# §6.5: getPhone's answer is a list (table) or a phone-keyed map (example).
SHAPES: list[tuple[Any, list[PhoneNumber]]] = [
    (
        {
            "86xxx24": [
                {
                    "display_phone_number": "+86 xxx 24",
                    "quality_rating": "GREEN",
                    "name_status": "APPROVED",
                    "verified_name": "GLORY JACK",
                    "code_verification_status": "VERIFIED",
                    "current_limit": "",
                    "status": "CONNECTED",
                }
            ],
            "1xxx99": [{"display_phone_number": "+1 xxx99", "quality_rating": "UNKNOW"}],
        },
        [
            PhoneNumber(
                phone="86xxx24",
                display_phone_number="+86 xxx 24",
                verified_name="GLORY JACK",
                quality_rating=QualityRating.GREEN,
                name_status=nxwa.models.NameStatus.APPROVED,
                status=nxwa.models.PhoneStatus.CONNECTED,
                current_limit=None,
                code_verification_status=nxwa.models.CodeVerificationStatus.VERIFIED,
            ),
            PhoneNumber(
                phone="1xxx99",
                display_phone_number="+1 xxx99",
                quality_rating=QualityRating.UNKNOWN,
            ),
        ],
    ),
    (
        {"business_phones": [{"display_phone_number": "+1 555", "current_limit": "TIER_1K"}]},
        [PhoneNumber(display_phone_number="+1 555", current_limit=MessagingLimit.TIER_1K)],
    ),
    ([{"display_phone_number": "+1 555"}], [PhoneNumber(display_phone_number="+1 555")]),
    (
        {"8613800000000": {"status": "BANNED"}},
        [PhoneNumber(phone="8613800000000", status=nxwa.models.PhoneStatus.BANNED)],
    ),
    (None, []),
    ({}, []),
]


@pytest.mark.parametrize(
    ("data", "expected"),
    SHAPES,
    ids=["map", "table", "bare-list", "map-of-object", "null", "empty"],
)
def test_get_phone_reads_every_documented_shape(data: Any, expected: list[PhoneNumber]) -> None:
    assert converter.structure(data, PhoneNumberList).items == expected


def test_unknown_phone_enum_values_are_kept() -> None:
    [number] = converter.structure(
        [{"status": "SOMETHING_NEW", "quality_rating": "BLUE"}], PhoneNumberList
    )
    assert number.status is not None
    assert number.status.value == "SOMETHING_NEW"
    assert number.status.is_known is False
    assert number.quality_rating is not None
    assert number.quality_rating.value == "BLUE"


@pytest.mark.anyio
async def test_get_phone_without_numbers_omits_business_phones(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    # §6.5: optional (empty returns all numbers of the app) rather than required.
    route = respx_mock.post(f"{OPEN}/api/wa/getPhone").mock(return_value=ok({}))
    async with make_client() as client:
        assert await client.cloud.numbers.get() == []
    assert json_body(route.calls.last.request) == {
        "appkey": "test-app-key",
        "messaging_product": "whatsapp",
    }


@pytest.mark.anyio
async def test_otp_business_phone_is_sent_only_when_given(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    # §6.10: required in the EN doc, absent in the CN number-pool doc.
    route = respx_mock.post(f"{OPEN}/api/wa/otp").mock(return_value=ok(None))
    async with make_client() as client:
        result = await client.cloud.messages.send_otp("8613900000000", "189384", language="en")
    assert result.message_id is None  # (inferred) response truncated: null data is tolerated
    assert "business_phone" not in json_body(route.calls.last.request)


# §6.6: 9007 is "downstream exception" on mt and "not an integrator" on integrator endpoints.
@pytest.mark.anyio
@pytest.mark.parametrize(
    ("path", "call", "error"),
    [
        (
            "/api/wa/mt",
            lambda c: c.cloud.messages.send(PHONE, "8613900000000", nxwa.models.Text("x")),
            ServerError,
        ),
        (
            "/api/wa/integrator/embedded/register/login",
            lambda c: c.cloud.integrator.login(),
            PermissionDeniedError,
        ),
        (
            "/api/wa/integrator/embedded/register/createApp",
            lambda c: c.cloud.integrator.create_app(app_name="a", webhook="https://x.io/h"),
            PermissionDeniedError,
        ),
    ],
)
async def test_9007_depends_on_the_endpoint(
    path: str,
    call: Callable[[nxwa.AsyncClient], Any],
    error: type[Exception],
    respx_mock: respx.MockRouter,
    make_client: MakeClient,
) -> None:
    respx_mock.post(OPEN + path).respond(json={"code": 9007, "message": "x", "data": None})
    async with make_client(max_retries=0) as client:
        with pytest.raises(error) as caught:
            await call(client)
    assert caught.value.code == 9007  # type: ignore[attr-defined]


def test_every_integrator_endpoint_overrides_9007() -> None:
    integrator = [e for e in E.ENDPOINTS.values() if e.id.startswith("integrator_")]
    assert len(integrator) == 6
    assert all(e.error_overrides == {9007: PermissionDeniedError} for e in integrator)


# §6.12: Meta's `reaction`, not the docs' `reacticon`.
def test_reaction_type_is_metas_spelling() -> None:
    assert Reaction("wamid.X", "👍").message_type == "reaction"


# §6.13: coordinates are Double in the table, strings in the example: numbers are sent.
def test_location_coordinates_are_numbers() -> None:
    payload = Location(latitude=22.550802897696343, longitude=113.93844723701477).payload()
    assert isinstance(payload["latitude"], float)
    assert isinstance(payload["longitude"], float)


# (inferred) markMessageAsRead documents no appkey; nothing undocumented is added.
@pytest.mark.anyio
async def test_mark_read_sends_no_appkey(
    respx_mock: respx.MockRouter, make_client: MakeClient
) -> None:
    route = respx_mock.post(f"{OPEN}/api/wa/markMessageAsRead").mock(return_value=ok(None))
    async with make_client() as client:
        await client.cloud.messages.mark_read(PHONE, "ABGH")
    assert "appkey" not in json_body(route.calls.last.request)


# (inferred) createTemplateAsync's response is truncated: an id is read when present.
@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (None, TemplateSubmission()),
        ({"id": "900"}, TemplateSubmission(id="900")),
        ({}, TemplateSubmission()),
    ],
)
@pytest.mark.anyio
async def test_create_template_async_result(
    respx_mock: respx.MockRouter, make_client: MakeClient, data: Any, expected: TemplateSubmission
) -> None:
    respx_mock.post("https://api2.nxcloud.com/api/wa/createTemplateAsync").mock(
        return_value=ok(data)
    )
    async with make_client() as client:
        submitted = await client.cloud.templates.create_async(
            "8613800000000",
            name="order_ready",
            language="en_US",
            category="UTILITY",
            components=[Component(type=ComponentType.BODY, text="Your order is ready")],
        )
    assert submitted == expected
