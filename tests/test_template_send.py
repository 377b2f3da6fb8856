"""Template messages: every parameter kind Meta documents goes out as Meta's JSON, through
the async client (asyncio and trio) and the sync facade; Meta's own JSON is sent as given."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest
import respx
from conftest import CREDENTIALS
from wire import json_body, ok

import nxwa
from nxwa.models import (
    CarouselCardParams,
    CatalogAction,
    CouponCode,
    Currency,
    DateTime,
    Document,
    FlowAction,
    Gif,
    Image,
    LocationHeader,
    MultiProductAction,
    ProductHeader,
    ProductSection,
    QuickReplyPayload,
    TemplateMessage,
    UrlSuffix,
    Video,
)

PHONE, TO = "8613800000000", "8613900000000"
MT = "https://api2.nxcloud.com/api/wa/mt"
LANGUAGE = {"code": "en_US", "policy": "deterministic"}


def message(**fields: Any) -> TemplateMessage:
    return TemplateMessage(name="t", language="en_US", **fields)


def button(sub_type: str, index: int, *parameters: dict[str, Any]) -> dict[str, Any]:
    component: dict[str, Any] = {"type": "button", "sub_type": sub_type, "index": str(index)}
    if parameters:
        component["parameters"] = list(parameters)
    return component


def body(*parameters: dict[str, Any]) -> dict[str, Any]:
    return {"type": "body", "parameters": list(parameters)}


def header(parameter: dict[str, Any]) -> dict[str, Any]:
    return {"type": "header", "parameters": [parameter]}


#: kind → (message, the ``components`` Meta documents for it)
KINDS: dict[str, tuple[TemplateMessage, list[dict[str, Any]]]] = {
    "currency": (
        message(body=[Currency("$100.99", "USD", 100990)]),
        [
            body(
                {
                    "type": "currency",
                    "currency": {"fallback_value": "$100.99", "code": "USD", "amount_1000": 100990},
                }
            )
        ],
    ),
    "date_time": (
        message(body=[DateTime("February 25, 1977")]),
        [body({"type": "date_time", "date_time": {"fallback_value": "February 25, 1977"}})],
    ),
    "named": (
        message(header={"sale_date": "Dec 1"}, body={"first_name": "Ann", "order": 42}),
        [
            header({"type": "text", "parameter_name": "sale_date", "text": "Dec 1"}),
            body(
                {"type": "text", "parameter_name": "first_name", "text": "Ann"},
                {"type": "text", "parameter_name": "order", "text": "42"},
            ),
        ],
    ),
    "named_currency": (
        message(body={"total": Currency("$5", "USD", 5000)}),
        [
            body(
                {
                    "type": "currency",
                    "parameter_name": "total",
                    "currency": {"fallback_value": "$5", "code": "USD", "amount_1000": 5000},
                }
            )
        ],
    ),
    "location_header": (
        message(
            header=LocationHeader(
                latitude=37.48, longitude=-122.15, name="Shop", address="1 Main St"
            )
        ),
        [
            header(
                {
                    "type": "location",
                    "location": {
                        "latitude": 37.48,
                        "longitude": -122.15,
                        "name": "Shop",
                        "address": "1 Main St",
                    },
                }
            )
        ],
    ),
    "product_header": (
        message(header=ProductHeader(catalog_id="194836987003835", product_retailer_id="sku-1")),
        [
            header(
                {
                    "type": "product",
                    "product": {"product_retailer_id": "sku-1", "catalog_id": "194836987003835"},
                }
            )
        ],
    ),
    "gif_header": (
        message(header=Gif(link="https://x.io/dance.mp4")),
        [header({"type": "gif", "gif": {"link": "https://x.io/dance.mp4"}})],
    ),
    "image_header": (
        message(header=Image(id="5867096a")),
        [header({"type": "image", "image": {"id": "5867096a"}})],
    ),
    "video_header": (
        message(header=Video(link="https://x.io/a.mp4")),
        [header({"type": "video", "video": {"link": "https://x.io/a.mp4"}})],
    ),
    "document_header": (
        message(header=Document(link="https://x.io/r.pdf", filename="r.pdf")),
        [
            header(
                {
                    "type": "document",
                    "document": {"link": "https://x.io/r.pdf", "filename": "r.pdf"},
                }
            )
        ],
    ),
    "coupon_code": (
        message(buttons=[CouponCode(1, "25OFF")]),
        [button("copy_code", 1, {"type": "coupon_code", "coupon_code": "25OFF"})],
    ),
    "flow_action": (
        message(buttons=[FlowAction(0, flow_token="t-1", flow_action_data={"order": "42"})]),
        [
            button(
                "flow",
                0,
                {
                    "type": "action",
                    "action": {"flow_token": "t-1", "flow_action_data": {"order": "42"}},
                },
            )
        ],
    ),
    "catalog_action": (
        message(buttons=[CatalogAction(0, thumbnail_product_retailer_id="sku-1")]),
        [
            button(
                "catalog",
                0,
                {"type": "action", "action": {"thumbnail_product_retailer_id": "sku-1"}},
            )
        ],
    ),
    "mpm_action": (
        message(
            buttons=[
                MultiProductAction(
                    0,
                    thumbnail_product_retailer_id="sku-1",
                    sections=[ProductSection("New", ["sku-1", "sku-2"])],
                )
            ]
        ),
        [
            button(
                "mpm",
                0,
                {
                    "type": "action",
                    "action": {
                        "thumbnail_product_retailer_id": "sku-1",
                        "sections": [
                            {
                                "title": "New",
                                "product_items": [
                                    {"product_retailer_id": "sku-1"},
                                    {"product_retailer_id": "sku-2"},
                                ],
                            }
                        ],
                    },
                },
            )
        ],
    ),
    "limited_time_offer": (
        message(expiration_time_ms=1209600000, buttons=[CouponCode(0, "CARIBE25")]),
        [
            button("copy_code", 0, {"type": "coupon_code", "coupon_code": "CARIBE25"}),
            {
                "type": "limited_time_offer",
                "parameters": [
                    {
                        "type": "limited_time_offer",
                        "limited_time_offer": {"expiration_time_ms": 1209600000},
                    }
                ],
            },
        ],
    ),
    "carousel": (
        message(
            body=["Pablo"],
            cards=[
                CarouselCardParams(
                    card_index=1,
                    header=Image(link="https://x.io/2.jpg"),
                    buttons=[UrlSuffix(1, "BUDDHA")],
                ),
                CarouselCardParams(
                    card_index=0,
                    header=Image(link="https://x.io/1.jpg"),
                    buttons=[QuickReplyPayload(0, "more-1"), UrlSuffix(1, "BLUE_ELF")],
                ),
            ],
        ),
        [
            body({"type": "text", "text": "Pablo"}),
            {
                "type": "carousel",
                "cards": [
                    {
                        "card_index": 0,
                        "components": [
                            header({"type": "image", "image": {"link": "https://x.io/1.jpg"}}),
                            button("quick_reply", 0, {"type": "payload", "payload": "more-1"}),
                            button("url", 1, {"type": "text", "text": "BLUE_ELF"}),
                        ],
                    },
                    {
                        "card_index": 1,
                        "components": [
                            header({"type": "image", "image": {"link": "https://x.io/2.jpg"}}),
                            button("url", 1, {"type": "text", "text": "BUDDHA"}),
                        ],
                    },
                ],
            },
        ],
    ),
    "button_index_9": (
        message(buttons=[QuickReplyPayload(9, "last"), UrlSuffix(3, "x")]),
        [
            button("url", 3, {"type": "text", "text": "x"}),
            button("quick_reply", 9, {"type": "payload", "payload": "last"}),
        ],
    ),
}


@pytest.mark.anyio
@pytest.mark.parametrize("kind", KINDS)
async def test_each_parameter_kind_goes_out_as_metas_json(
    respx_mock: respx.MockRouter, make_client: Callable[..., nxwa.AsyncClient], kind: str
) -> None:
    built, components = KINDS[kind]
    route = respx_mock.post(MT).mock(return_value=ok({"messages": [{"id": "m1"}]}))
    async with make_client() as client:
        await client.cloud.messages.send(PHONE, TO, built)
    sent = json_body(route.calls.last.request)
    assert sent["type"] == "template"
    assert sent["template"] == {"name": "t", "language": LANGUAGE, "components": components}
    # Meta's JSON of the message reads back to parameters that build the same JSON.
    rebuilt = attrs.evolve(TemplateMessage.from_dict(sent["template"]))
    assert rebuilt.payload() == sent["template"]


@pytest.fixture
def sync_router() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_called=False, assert_all_mocked=True) as mock:
        yield mock


@pytest.mark.parametrize("kind", KINDS)
def test_each_parameter_kind_through_the_sync_client(
    sync_router: respx.MockRouter, kind: str
) -> None:
    built, components = KINDS[kind]
    route = sync_router.post(MT).mock(return_value=ok({"messages": [{"id": "m1"}]}))
    with nxwa.Client(**CREDENTIALS) as client:
        result = client.cloud.messages.send(PHONE, TO, built)
    assert result.message_id == "m1"
    assert json_body(route.calls.last.request)["template"]["components"] == components


META_JSON: dict[str, Any] = {
    "name": "summer_sale",
    "language": {"policy": "deterministic", "code": "en_US"},
    "components": [
        {
            "type": "header",
            "parameters": [{"type": "image", "image": {"link": "https://x.io/1.jpg"}}],
        },
        {
            "type": "body",
            "parameters": [
                {"type": "text", "text": "Ann"},
                {
                    "type": "currency",
                    "currency": {"fallback_value": "$5", "code": "USD", "amount_1000": 5000},
                },
            ],
        },
        {
            "type": "button",
            "sub_type": "copy_code",
            "index": 0,
            "parameters": [{"type": "coupon_code", "coupon_code": "SUMMER"}],
        },
        {
            "type": "tap_target_configuration",
            "parameters": [
                {
                    "type": "tap_target_configuration",
                    "tap_target_configuration": [{"url": "https://x.io", "title": "Shop"}],
                }
            ],
        },
    ],
    "future_top_level": True,
}


@pytest.mark.anyio
async def test_metas_json_is_sent_exactly_as_given(
    respx_mock: respx.MockRouter, make_client: Callable[..., nxwa.AsyncClient]
) -> None:
    route = respx_mock.post(MT).mock(return_value=ok({"messages": [{"id": "m1"}]}))
    parsed = TemplateMessage.from_dict(META_JSON)
    assert parsed.body == ("Ann", Currency("$5", "USD", 5000))
    assert parsed.buttons == (CouponCode(0, "SUMMER"),)
    assert [c["type"] for c in parsed.extra_components] == ["tap_target_configuration"]
    async with make_client() as client:
        await client.cloud.messages.send(PHONE, TO, parsed)
    template = json.loads(route.calls.last.request.content)["template"]
    assert json.dumps(template) == json.dumps(META_JSON)  # key order and unknown parts kept


@pytest.mark.parametrize(
    ("wire", "field"),
    [
        (
            {
                "name": "t",
                "language": {"code": "en"},
                "components": [{"type": "body", "parameters": [{"type": "text", "text": 5}]}],
            },
            "template.components[0].parameters[0].text",
        ),
        (
            {
                "name": "t",
                "language": {"code": "en"},
                "components": [
                    {
                        "type": "button",
                        "sub_type": "url",
                        "index": "12",
                        "parameters": [{"type": "text", "text": "x"}],
                    }
                ],
            },
            "template.buttons[0].index",
        ),
        (
            {
                "name": "t",
                "language": {"code": "en"},
                "components": [
                    {
                        "type": "body",
                        "parameters": [
                            {"type": "text", "text": "a", "parameter_name": "x"},
                            {"type": "text", "text": "b"},
                        ],
                    }
                ],
            },
            "template.components[0].parameters",
        ),
        ({"name": "t", "language": {"code": "en"}, "x": float("nan")}, "template.x"),
        ({"name": 5, "language": {"code": "en"}}, "template.name"),
    ],
)
def test_metas_json_is_checked_like_the_models(wire: dict[str, Any], field: str) -> None:
    with pytest.raises(nxwa.RequestValidationError) as info:
        TemplateMessage.from_dict(wire)
    assert info.value.field == field


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: message(body={"a": float("nan")}), "template.body.a"),
        (lambda: message(body=[True]), "template.body[0]"),
        (lambda: message(header={"a": "1", "b": "2"}), "template.header"),
        (lambda: message(buttons=[UrlSuffix(10, "x")]), "template.buttons[0].index"),
        (
            lambda: message(buttons=[CouponCode(0, "a"), UrlSuffix(0, "b")]),
            "template.buttons[1].index",
        ),
        (lambda: message(expiration_time_ms=True), "template.expiration_time_ms"),
        (
            lambda: message(cards=[CarouselCardParams(card_index=0)] * 2),
            "template.cards[1].card_index",
        ),
        (lambda: Currency("$1", "usd", 1000), "currency.code"),
        (lambda: LocationHeader(latitude=91, longitude=0), "header.latitude"),
        (
            lambda: FlowAction(0, flow_action_data={"x": float("inf")}).parameters("b"),
            "b.flow_action_data.x",
        ),
        (lambda: message(body="Ann"), "template.body"),
    ],
)
def test_bad_parameters_are_refused_naming_the_field(build: Any, field: str) -> None:
    with pytest.raises(nxwa.RequestValidationError) as info:
        build()
    assert info.value.field == field


@pytest.mark.anyio
async def test_a_gif_is_only_a_template_header(
    respx_mock: respx.MockRouter, make_client: Callable[..., nxwa.AsyncClient]
) -> None:
    async with make_client() as client:
        with pytest.raises(nxwa.RequestValidationError, match="only fills a template"):
            await client.cloud.messages.send(PHONE, TO, Gif(link="https://x.io/a.mp4"))
    assert not respx_mock.calls


@pytest.mark.anyio
async def test_a_message_given_as_metas_dict_is_sent_as_given(
    respx_mock: respx.MockRouter, make_client: Callable[..., nxwa.AsyncClient]
) -> None:
    mt = respx_mock.post(MT).mock(return_value=ok({"messages": [{"id": "m1"}]}))
    saas = respx_mock.post("https://api-hk.nxlink.ai/saas/wa/send").mock(
        return_value=ok({"message_id": "s1"})
    )
    async with make_client() as client:
        await client.cloud.messages.send(PHONE, TO, {"type": "template", "template": META_JSON})
        await client.cloud.messages.send(PHONE, TO, {"type": "text", "text": {"body": "Hi"}})
        await client.saas.messages.send(PHONE, {"name": "hello", "language": LANGUAGE}, to=TO)
    first, second = (json_body(call.request) for call in mt.calls)
    assert json.dumps(first["template"]) == json.dumps(META_JSON)
    assert (second["type"], second["text"]) == ("text", {"body": "Hi"})
    assert json_body(saas.calls.last.request)["template"] == {"name": "hello", "language": LANGUAGE}


@pytest.mark.parametrize(
    "value",
    [
        UrlSuffix(2, "x"),
        CouponCode(0, "25OFF"),
        FlowAction(1, flow_token="t"),
        CatalogAction(0),
        MultiProductAction(
            0, thumbnail_product_retailer_id="s", sections=[ProductSection("A", ["s"])]
        ),
        QuickReplyPayload(3, "p"),
        ProductSection("New", ["a", "b"]),
        CarouselCardParams(card_index=1, header=Image(link="https://x.io/1.jpg"), body=["x"]),
        Currency("$1", "USD", 1000),
        DateTime("today"),
        LocationHeader(latitude=1.5, longitude=2.5, name="Shop"),
        ProductHeader(catalog_id="c", product_retailer_id="s"),
    ],
    ids=lambda v: type(v).__name__,
)
def test_parameter_values_read_their_wire_json_back(value: Any) -> None:
    assert type(value).from_dict(value.to_dict()) == value
