"""The open platform stores templates losslessly: getTemplate answers with the components
exactly as created (any Meta shape), updateTemplate replaces them, and only AUTHENTICATION
bodies and footers get Meta's generated text."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from emulator_raw import raw_call

from nxwa import endpoints as E
from nxwa.testing import FakeNxCloud

pytestmark = pytest.mark.anyio

PHONE = "8613800000000"
HANDLE = "4:YmFubmVyLmpwZw==:aW1hZ2UvanBlZw==:ARb_example:e:1700000000:1:2"

#: Meta's documented shapes the emulator used to refuse, drop or crash on.
CAROUSEL: list[dict[str, Any]] = [
    {
        "type": "BODY",
        "text": "Hi {{first_name}}, new arrivals for you",
        "example": {"body_text_named_params": [{"param_name": "first_name", "example": "Ana"}]},
    },
    {
        "type": "CAROUSEL",
        "cards": [
            {
                "components": [
                    {"type": "HEADER", "format": "IMAGE", "example": {"header_handle": [HANDLE]}},
                    {"type": "BODY", "text": "Card {{1}}", "example": {"body_text": [["one"]]}},
                    {
                        "type": "BUTTONS",
                        "buttons": [
                            {"type": "QUICK_REPLY", "text": "More"},
                            {
                                "type": "URL",
                                "text": "Shop",
                                "url": "https://x.io/{{1}}",
                                "example": ["https://x.io/a"],
                            },
                        ],
                    },
                ]
            }
            for _ in range(2)
        ],
    },
]
OFFER: list[dict[str, Any]] = [
    {"type": "HEADER", "format": "VIDEO", "example": {"header_handle": [HANDLE]}},
    {"type": "LIMITED_TIME_OFFER",
     "limited_time_offer": {"text": "Ends soon", "has_expiration": True}},
    {"type": "BODY", "text": "Save {{1}} today", "example": {"body_text": [["20%"]]}},
    {
        "type": "BUTTONS",
        "buttons": [
            {"type": "COPY_CODE", "example": "SAVE20"},
            {"type": "URL", "text": "Book", "url": "https://x.io/o/{{1}}", "example": ["https://x.io/o/1"]},
        ],
    },
]  # fmt: skip
BUTTONS_AND_HEADERS: list[dict[str, Any]] = [
    {"type": "HEADER", "format": "LOCATION"},
    {"type": "BODY", "text": "Your order is on its way", "future_field": {"keep": [1, 2]}},
    {
        "type": "BUTTONS",
        "buttons": [
            {"type": "FLOW", "text": "Book", "flow_name": "booking", "flow_action": "navigate",
             "navigate_screen": "WELCOME"},
            {"type": "MPM", "text": "View items"},
            {"type": "CATALOG", "text": "View catalog"},
            {"type": "SPM", "text": "View"},
            {"type": "VOICE_CALL", "text": "Call us", "ttl_minutes": 60},
            {"type": "URL", "text": "Open", "url": "https://x.io", "app_deep_link": {
                "meta_app_id": 123, "android_deep_link": "x://y"}},
        ],
    },
]  # fmt: skip
PRODUCT_HEADER: list[dict[str, Any]] = [
    {"type": "HEADER", "format": "PRODUCT"},
    {"type": "BODY", "text": "Back in stock"},
    {"type": "BUTTONS", "buttons": [{"type": "SPM", "text": "View"}]},
]
ONE_TAP: list[dict[str, Any]] = [
    {"type": "BODY", "add_security_recommendation": True},
    {"type": "FOOTER", "code_expiration_minutes": 10},
    {
        "type": "BUTTONS",
        "buttons": [
            {
                "type": "OTP",
                "otp_type": "ONE_TAP",
                "text": "Copy code",
                "autofill_text": "Autofill",
                "supported_apps": [
                    {"package_name": "com.example.app", "signature_hash": "K8a/AINcGX7"}
                ],
            }
        ],
    },
]


async def create(fake: FakeNxCloud, name: str, components: Any, **extra: Any) -> dict[str, Any]:
    body = {
        "appkey": fake.account.app_key,
        "business_phone": PHONE,
        "messaging_product": "whatsapp",
        "name": name,
        "language": "en_US",
        "category": extra.pop("category", "MARKETING"),
        "components": components,
        **extra,
    }
    return await raw_call(fake, E.CLOUD_CREATE_TEMPLATE, body)


async def read(fake: FakeNxCloud, name: str) -> dict[str, Any]:
    body = {
        "appkey": fake.account.app_key,
        "business_phone": PHONE,
        "messaging_product": "whatsapp",
        "name": name,
    }
    answer = await raw_call(fake, E.CLOUD_LIST_TEMPLATES, body)
    assert answer["code"] == 0, answer
    [info] = answer["data"]["data"]
    return info  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("components", "extra"),
    [
        (CAROUSEL, {"parameter_format": "NAMED"}),
        (OFFER, {"message_send_ttl_seconds": 86_400}),
        (BUTTONS_AND_HEADERS, {"category": "UTILITY"}),
        (PRODUCT_HEADER, {}),
    ],
    ids=["carousel-named", "limited-time-offer", "buttons-location-unknown-fields", "product"],
)
async def test_get_template_answers_with_what_was_created(
    components: list[dict[str, Any]], extra: dict[str, Any]
) -> None:
    fake = FakeNxCloud()
    sent = copy.deepcopy(components)
    answer = await create(fake, "lossless", sent, **extra)
    assert answer["code"] == 0, answer
    info = await read(fake, "lossless")
    assert info["components"] == components
    assert info["id"] == answer["data"]["id"]
    assert (info["name"], info["language"]) == ("lossless", "en_US")
    for key, value in extra.items():
        if key != "category":
            assert info[key] == value
    assert "parameter_format" in info or "parameter_format" not in extra
    assert info["quality_score"] == {"score": "UNKNOWN"}


async def test_update_replaces_the_stored_components() -> None:
    fake = FakeNxCloud(meta_limits=False)
    answer = await create(fake, "order_ready", [{"type": "BODY", "text": "Old text"}])
    template_id = answer["data"]["id"]
    update = {
        "appkey": fake.account.app_key,
        "business_phone": PHONE,
        "messaging_product": "whatsapp",
        "template_id": template_id,
        "category": "MARKETING",
        "components": OFFER,
        "message_send_ttl_seconds": 43_200,
    }
    assert (await raw_call(fake, E.CLOUD_UPDATE_TEMPLATE, update))["code"] == 0
    info = await read(fake, "order_ready")
    assert info["components"] == OFFER  # plan-after-apply sees no change
    assert info["message_send_ttl_seconds"] == 43_200
    # NXLink's view follows the new body (and takes the first of a list of handles).
    stored = fake.templates(PHONE)[0]
    assert (stored.content, stored.media_type, stored.template_media_id) == (
        "Save {{1}} today",
        "VIDEO",
        HANDLE,
    )


async def test_authentication_gets_metas_text_and_its_footer_can_be_updated() -> None:
    fake = FakeNxCloud(meta_limits=False)
    answer = await create(fake, "login_code", ONE_TAP, category="AUTHENTICATION")
    assert answer["code"] == 0, answer
    info = await read(fake, "login_code")
    body, footer, buttons = info["components"]
    assert body["text"] == (
        "*{{1}}* is your verification code. For your security, do not share this code."
    )
    assert footer["text"] == "This code expires in 10 minutes."
    assert buttons == ONE_TAP[2]  # supported_apps kept as sent
    update = {
        "appkey": fake.account.app_key,
        "business_phone": PHONE,
        "messaging_product": "whatsapp",
        "template_id": answer["data"]["id"],
        "components": [{"type": "BODY"}, {"type": "FOOTER", "code_expiration_minutes": 5},
                       ONE_TAP[2]],
    }  # fmt: skip
    assert (await raw_call(fake, E.CLOUD_UPDATE_TEMPLATE, update))["code"] == 0
    body, footer, _ = (await read(fake, "login_code"))["components"]
    assert body["text"] == "*{{1}}* is your verification code."
    assert footer["text"] == "This code expires in 5 minutes."


async def test_a_saas_edit_of_an_open_platform_template_is_shown_on_both_sides() -> None:
    fake = FakeNxCloud(meta_limits=False)
    await create(fake, "order_ready", CAROUSEL, parameter_format="NAMED")
    async with fake.client() as client:
        await client.saas.templates.update(
            PHONE, name="order_ready", language="en_US", category="MARKETING", content="Hi {{1}}!"
        )
    info = await read(fake, "order_ready")
    assert info["components"] == [{"type": "BODY", "text": "Hi {{1}}!"}]
    assert "parameter_format" not in info


async def test_components_still_need_a_type() -> None:
    fake = FakeNxCloud()
    answer = await create(fake, "broken", [{"text": "no type"}])
    assert answer["code"] == 9000
    assert "components[0]" in answer["message"]
    answer = await create(fake, "empty", [])
    assert answer["code"] == 9000
