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
    CarouselCardParams,
    CouponCode,
    Image,
    LocationHeader,
    MultiProductAction,
    ProductHeader,
    ProductSection,
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

NAMED = TemplateInfo.from_dict(
    {
        "id": "2",
        "name": "t",
        "language": "en_US",
        "parameter_format": "NAMED",
        "components": [
            {
                "type": "HEADER",
                "format": "TEXT",
                "text": "Sale starts {{sale_date}}!",
                "example": {
                    "header_text_named_params": [{"param_name": "sale_date", "example": "Dec 1"}]
                },
            },
            {
                "type": "BODY",
                "text": "Thanks {{first_name}}, order {{order}} is in.",
                "example": {
                    "body_text_named_params": [
                        {"param_name": "first_name", "example": "Pablo"},
                        {"param_name": "order", "example": "42"},
                    ]
                },
            },
        ],
    }
)
COUPON = template(
    [
        {"type": "BODY", "text": "Use {{1}} today.", "example": {"body_text": [["25OFF"]]}},
        {
            "type": "BUTTONS",
            "buttons": [
                {"type": "QUICK_REPLY", "text": "Stop"},
                {"type": "COPY_CODE", "example": "250FF"},
            ],
        },
    ]
)
LOCATION = template(
    [{"type": "HEADER", "format": "LOCATION"}, {"type": "BODY", "text": "Your order is here."}]
)
PRODUCT = template(
    [
        {"type": "HEADER", "format": "PRODUCT"},
        {"type": "BODY", "text": "New in."},
        {"type": "BUTTONS", "buttons": [{"type": "SPM", "text": "View"}]},
    ]
)
OFFER = template(
    [
        {"type": "HEADER", "format": "IMAGE", "example": {"header_handle": ["4::a"]}},
        {
            "type": "LIMITED_TIME_OFFER",
            "limited_time_offer": {"text": "Ends soon!", "has_expiration": True},
        },
        {"type": "BODY", "text": "Hi."},
        {"type": "BUTTONS", "buttons": [{"type": "COPY_CODE", "example": "CARIBE25"}]},
    ]
)
CAROUSEL = template(
    [
        {"type": "BODY", "text": "Pick one, {{1}}.", "example": {"body_text": [["Pablo"]]}},
        {
            "type": "CAROUSEL",
            "cards": [
                {
                    "components": [
                        {"type": "HEADER", "format": "IMAGE"},
                        {
                            "type": "BUTTONS",
                            "buttons": [
                                {
                                    "type": "URL",
                                    "text": "Shop",
                                    "url": "https://x.io/{{1}}",
                                    "example": ["a"],
                                }
                            ],
                        },
                    ]
                }
                for _ in range(2)
            ],
        },
    ]
)
MPM = template(
    [
        {"type": "BODY", "text": "Still interested?"},
        {"type": "BUTTONS", "buttons": [{"type": "MPM", "text": "View items"}]},
    ]
)
CARDS_OK = [
    CarouselCardParams(
        card_index=i, header=Image(link=f"https://x.io/{i}.jpg"), buttons=[UrlSuffix(0, f"p{i}")]
    )
    for i in range(2)
]
MPM_OK = MultiProductAction(
    0, thumbnail_product_retailer_id="s1", sections=[ProductSection("All", ["s1"])]
)

FITS: list[tuple[TemplateInfo, dict[str, Any]]] = [
    (NAMED, {"header": {"sale_date": "Dec 1"}, "body": {"first_name": "Ann", "order": 42}}),
    (COUPON, {"body": ["25OFF"], "buttons": [CouponCode(1, "25OFF")]}),
    (LOCATION, {"header": LocationHeader(latitude=1.0, longitude=2.0)}),
    (PRODUCT, {"header": ProductHeader(catalog_id="c", product_retailer_id="s")}),
    (
        OFFER,
        {
            "header": Image(link="https://x.io/a.jpg"),
            "expiration_time_ms": 1,
            "buttons": [CouponCode(0, "CARIBE25")],
        },
    ),
    (CAROUSEL, {"body": ["Ann"], "cards": CARDS_OK}),
    (MPM, {"buttons": [MPM_OK]}),
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
    (NAMED, {"header": "Dec 1", "body": ["Ann", 42]}, "template.header"),
    (NAMED, {"header": {"sale_date": "Dec 1"}, "body": ["Ann", 42]}, "template.body"),
    (NAMED, {"header": {"sale_date": "Dec 1"}, "body": {"first_name": "Ann"}}, "template.body"),
    (
        NAMED,
        {"header": {"sale_date": "x"}, "body": {"first_name": "A", "order": 1, "x": 2}},
        "template.body",
    ),
    (COUPON, {"body": ["25OFF"]}, "template.buttons"),
    (COUPON, {"body": ["25OFF"], "buttons": [UrlSuffix(1, "x")]}, "template.buttons[0]"),
    (LOCATION, {}, "template.header"),
    (LOCATION, {"header": "here"}, "template.header"),
    (PRODUCT, {"header": Image(link="https://x.io/a.jpg")}, "template.header"),
    (
        OFFER,
        {"header": Image(link="https://x.io/a.jpg"), "buttons": [CouponCode(0, "C")]},
        "template.expiration_time_ms",
    ),
    (PLAIN, {"expiration_time_ms": 1}, "template.expiration_time_ms"),
    (CAROUSEL, {"body": ["Ann"], "cards": CARDS_OK[:1]}, "template.cards"),
    (CAROUSEL, {"body": ["Ann"]}, "template.cards"),
    (
        CAROUSEL,
        {"body": ["Ann"], "cards": [CarouselCardParams(card_index=0), CARDS_OK[1]]},
        "template.cards[0].header",
    ),
    (PLAIN, {"cards": CARDS_OK}, "template.cards"),
    (MPM, {}, "template.buttons"),
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
