"""The values a template message fills in, as Meta's send API documents them.

Text parameters are plain ``str`` / ``int`` / ``float`` (sent as their ``str()``), or
:class:`Currency` / :class:`DateTime`; a header is also media (:class:`~nxwa.models.Image`,
:class:`~nxwa.models.Video`, :class:`~nxwa.models.Document`, :class:`Gif`), a map pin
(:class:`LocationHeader`) or a catalog product (:class:`ProductHeader`). Buttons take one
parameter object each, at their position ``index`` (0-9)::

    UrlSuffix(0, "track/42")              # a dynamic URL's {{1}}, or an OTP code
    QuickReplyPayload(1, "stop-promos")   # what a quick reply sends back
    CouponCode(0, "25OFF")                # a COPY_CODE button's code
    FlowAction(0, flow_token="t-1", flow_action_data={"order": "42"})
    CatalogAction(0, thumbnail_product_retailer_id="sku-1")
    MultiProductAction(0, thumbnail_product_retailer_id="sku-1",
                       sections=[ProductSection("New", ["sku-1", "sku-2"])])

:class:`CarouselCardParams` fills one carousel card the same way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, TypeAlias, TypeVar

import attrs

from nxwa.errors import RequestValidationError
from nxwa.models.base import WireModel
from nxwa.models.messages import Document, Image, MediaMessage, Video, check_coordinate
from nxwa.models.validation import check_json, check_text

__all__ = [
    "ButtonParam",
    "CarouselCardParams",
    "CatalogAction",
    "CouponCode",
    "Currency",
    "DateTime",
    "FlowAction",
    "Gif",
    "HeaderMedia",
    "HeaderValue",
    "LocationHeader",
    "MultiProductAction",
    "ParamValue",
    "ProductHeader",
    "ProductSection",
    "QuickReplyPayload",
    "TextParams",
    "UrlSuffix",
]

#: Meta allows up to 10 buttons; send-time indexes are 0-9.
MAX_BUTTON_INDEX = 9
_CURRENCY_CODE = re.compile(r"[A-Z]{3}")
B = TypeVar("B", bound="_ButtonParam")


@attrs.frozen(slots=True)
class Currency(WireModel):
    """An amount shown in the recipient's locale; ``fallback_value`` when it cannot be.

    >>> Currency("$100.99", "USD", 100990).parameter()["currency"]
    {'fallback_value': '$100.99', 'code': 'USD', 'amount_1000': 100990}
    """

    fallback_value: str
    #: ISO 4217, e.g. ``USD``.
    code: str
    #: The amount times 1000.
    amount_1000: int

    def __attrs_post_init__(self) -> None:
        check_text(self.fallback_value, "currency.fallback_value")
        if not isinstance(self.code, str) or not _CURRENCY_CODE.fullmatch(self.code):
            raise RequestValidationError("currency.code", "must be an ISO 4217 code such as USD")
        amount = self.amount_1000
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise RequestValidationError("currency.amount_1000", "must be an integer")

    def parameter(self) -> dict[str, Any]:
        return {"type": "currency", "currency": self.to_dict()}


@attrs.frozen(slots=True)
class DateTime(WireModel):
    """A date and time as text (``fallback_value``, e.g. ``"February 25, 1977"``).

    >>> DateTime("February 25, 1977").parameter()
    {'type': 'date_time', 'date_time': {'fallback_value': 'February 25, 1977'}}
    """

    fallback_value: str

    def __attrs_post_init__(self) -> None:
        check_text(self.fallback_value, "date_time.fallback_value")

    def parameter(self) -> dict[str, Any]:
        return {"type": "date_time", "date_time": self.to_dict()}


#: A text parameter: a string or number (sent as its ``str()``), an amount or a date.
ParamValue: TypeAlias = str | int | float | Currency | DateTime
#: The body's (or a text header's) values: positional, in ``{{1}}, {{2}}`` order, or named.
TextParams: TypeAlias = Sequence[ParamValue] | Mapping[str, ParamValue]


def text_parameter(value: object, field: str, name: str | None = None) -> dict[str, Any]:
    """One text parameter's wire object; ``name`` for a named parameter."""
    if isinstance(value, Currency | DateTime):
        parameter = value.parameter()
    elif isinstance(value, bool) or not isinstance(value, str | int | float):
        raise RequestValidationError(
            field, f"must be a str, int, float, Currency or DateTime, not {type(value).__name__}"
        )
    else:
        text = str(value)
        if text in ("nan", "inf", "-inf"):
            raise RequestValidationError(field, "must be a finite number")
        parameter = {"type": "text", "text": check_text(text, field)}
    if name is None:
        return parameter
    return {"type": parameter.pop("type"), "parameter_name": name, **parameter}


def text_params(values: object, field: str) -> tuple[ParamValue, ...] | dict[str, ParamValue]:
    """Checked positional values (a tuple) or named ones (a dict, in the given order)."""
    if isinstance(values, Mapping):
        named: dict[str, ParamValue] = {}
        for key, value in values.items():
            name = check_text(key, f"{field}.<name>")
            text_parameter(value, f"{field}.{name}", name)
            named[name] = value
        return named
    if isinstance(values, str | bytes) or not isinstance(values, Sequence):
        raise RequestValidationError(
            field, "must be a list of values, or a dict of named values (not a string)"
        )
    checked = tuple(values)
    for i, value in enumerate(checked):
        text_parameter(value, f"{field}[{i}]")
    return checked


def text_parameters(values: TextParams, field: str) -> list[dict[str, Any]]:
    """The wire parameters of checked :func:`text_params` values."""
    if isinstance(values, Mapping):
        return [text_parameter(v, f"{field}.{k}", k) for k, v in values.items()]
    return [text_parameter(v, f"{field}[{i}]") for i, v in enumerate(values)]


# ---------------------------------------------------------------- headers


@attrs.frozen(slots=True, kw_only=True)
class Gif(MediaMessage):
    """A GIF header (Marketing Messages API templates): an MP4 by ``id`` or ``link``. Only a
    template header parameter, not a message of its own.

    >>> Gif(link="https://x.io/dance.mp4")
    Gif(id=None, link='https://x.io/dance.mp4')
    """

    message_type: ClassVar[str] = "gif"
    standalone: ClassVar[bool] = False


@attrs.frozen(slots=True, kw_only=True)
class LocationHeader(WireModel):
    """The map pin of a LOCATION header.

    >>> LocationHeader(latitude=37.48, longitude=-122.15, name="Shop", address="1 Main St")
    LocationHeader(latitude=37.48, longitude=-122.15, name='Shop', address='1 Main St')
    """

    latitude: float
    longitude: float
    name: str | None = None
    address: str | None = None

    def __attrs_post_init__(self) -> None:
        check_coordinate(self.latitude, "header.latitude", 90)
        check_coordinate(self.longitude, "header.longitude", 180)
        for field in ("name", "address"):
            value = getattr(self, field)
            if value is not None:
                check_text(value, f"header.{field}")

    def parameter(self) -> dict[str, Any]:
        return {"type": "location", "location": self.to_dict()}


@attrs.frozen(slots=True, kw_only=True)
class ProductHeader(WireModel):
    """The catalog product of a PRODUCT header (single-product templates, product cards).

    >>> ProductHeader(catalog_id="194836987003835", product_retailer_id="sku-1")
    ProductHeader(catalog_id='194836987003835', product_retailer_id='sku-1')
    """

    catalog_id: str
    product_retailer_id: str

    def __attrs_post_init__(self) -> None:
        check_text(self.catalog_id, "header.catalog_id")
        check_text(self.product_retailer_id, "header.product_retailer_id")

    def parameter(self) -> dict[str, Any]:
        return {
            "type": "product",
            "product": {
                "product_retailer_id": self.product_retailer_id,
                "catalog_id": self.catalog_id,
            },
        }


HeaderMedia: TypeAlias = Image | Video | Document | Gif
#: What fills a header: text (positional, or a one-entry dict for a named variable), media,
#: a map pin or a product.
HeaderValue: TypeAlias = (
    ParamValue | Mapping[str, ParamValue] | HeaderMedia | LocationHeader | ProductHeader
)
_HEADER_MEDIA = (Image, Video, Document, Gif)


def check_header(value: object, field: str) -> HeaderValue | dict[str, ParamValue]:
    """A checked header value (a named one as a dict)."""
    if isinstance(value, (*_HEADER_MEDIA, LocationHeader, ProductHeader)):
        return value
    if isinstance(value, Mapping):
        named = text_params(value, field)
        if len(named) != 1:
            raise RequestValidationError(field, "a text header has one variable")
        return named  # type: ignore[return-value]
    text_parameter(value, field)
    return value  # type: ignore[return-value]


def header_component(value: HeaderValue, field: str) -> dict[str, Any]:
    """The wire ``header`` component of a checked header value."""
    if isinstance(value, _HEADER_MEDIA):
        parameter = {"type": value.message_type, value.message_type: value.payload()}
    elif isinstance(value, LocationHeader | ProductHeader):
        parameter = value.parameter()
    elif isinstance(value, Mapping):
        return {"type": "header", "parameters": text_parameters(value, field)}
    else:
        parameter = text_parameter(value, field)
    return {"type": "header", "parameters": [parameter]}


# ---------------------------------------------------------------- buttons


def _check_index(index: object, field: str) -> None:
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index <= MAX_BUTTON_INDEX:
        raise RequestValidationError(field, f"must be a button position 0-{MAX_BUTTON_INDEX}")


class _ButtonParam(WireModel):
    """A button's send-time value: its position ``index`` and ``parameters()``."""

    __slots__ = ()
    sub_type: ClassVar[str]
    index: int

    def component(self, field: str) -> dict[str, Any]:
        _check_index(self.index, f"{field}.index")
        component: dict[str, Any] = {
            "type": "button",
            "sub_type": self.sub_type,
            "index": str(self.index),
        }
        parameters = self.parameters(field)
        if parameters:
            component["parameters"] = parameters
        return component

    def parameters(self, field: str) -> list[dict[str, Any]]:
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        """The wire ``button`` component."""
        return self.component("button")

    @classmethod
    def from_dict(cls: type[B], data: Mapping[str, Any]) -> B:
        """The parameter of a wire ``button`` component.

        >>> CouponCode.from_dict({"type": "button", "sub_type": "copy_code", "index": "0",
        ...     "parameters": [{"type": "coupon_code", "coupon_code": "25OFF"}]})
        CouponCode(index=0, code='25OFF')
        """
        from nxwa.models.template_message_wire import read_button

        button = read_button(data, "button")
        if not isinstance(button, cls):
            raise RequestValidationError("button.sub_type", f"is not a {cls.__name__}")
        return button


@attrs.frozen(slots=True)
class UrlSuffix(_ButtonParam):
    """The variable part of a dynamic URL button (``https://x.io/{{1}}``), or the code of
    an authentication template's OTP button, at button position ``index`` (0-based).

    >>> UrlSuffix(0, "track/42").component("buttons[0]")["parameters"]
    [{'type': 'text', 'text': 'track/42'}]
    """

    sub_type: ClassVar[str] = "url"
    index: int
    suffix: str | int | float

    def parameters(self, field: str) -> list[dict[str, Any]]:
        return [text_parameter(_plain(self.suffix, f"{field}.suffix"), f"{field}.suffix")]


@attrs.frozen(slots=True)
class QuickReplyPayload(_ButtonParam):
    """The payload a quick-reply button at ``index`` sends back when tapped.

    >>> QuickReplyPayload(1, "stop").parameters("buttons[0]")
    [{'type': 'payload', 'payload': 'stop'}]
    """

    sub_type: ClassVar[str] = "quick_reply"
    index: int
    payload: str | int | float

    def parameters(self, field: str) -> list[dict[str, Any]]:
        text = text_parameter(_plain(self.payload, f"{field}.payload"), f"{field}.payload")
        return [{"type": "payload", "payload": text["text"]}]


@attrs.frozen(slots=True)
class CouponCode(_ButtonParam):
    """The code a COPY_CODE button copies (limited-time offers included).

    >>> CouponCode(0, "25OFF").parameters("buttons[0]")
    [{'type': 'coupon_code', 'coupon_code': '25OFF'}]
    """

    sub_type: ClassVar[str] = "copy_code"
    index: int
    code: str

    def parameters(self, field: str) -> list[dict[str, Any]]:
        return [{"type": "coupon_code", "coupon_code": check_text(self.code, f"{field}.code")}]


@attrs.frozen(slots=True)
class FlowAction(_ButtonParam):
    """What a FLOW button starts the flow with: a ``flow_token`` and the first screen's
    ``flow_action_data``.

    >>> FlowAction(0, flow_token="t-1").parameters("buttons[0]")
    [{'type': 'action', 'action': {'flow_token': 't-1'}}]
    """

    sub_type: ClassVar[str] = "flow"
    index: int
    flow_token: str | None = attrs.field(default=None, kw_only=True)
    flow_action_data: Mapping[str, Any] | None = attrs.field(default=None, kw_only=True)

    def parameters(self, field: str) -> list[dict[str, Any]]:
        action: dict[str, Any] = {}
        if self.flow_token is not None:
            action["flow_token"] = check_text(self.flow_token, f"{field}.flow_token")
        if self.flow_action_data is not None:
            data = self.flow_action_data
            if not isinstance(data, Mapping):
                raise RequestValidationError(f"{field}.flow_action_data", "must be a dict")
            check_json(data, f"{field}.flow_action_data")
            action["flow_action_data"] = dict(data)
        return [{"type": "action", "action": action}]


@attrs.frozen(slots=True)
class CatalogAction(_ButtonParam):
    """A CATALOG button: the product whose image is the thumbnail (the catalog's first
    product when left out).

    >>> CatalogAction(0, thumbnail_product_retailer_id="sku-1").parameters("buttons[0]")
    [{'type': 'action', 'action': {'thumbnail_product_retailer_id': 'sku-1'}}]
    """

    sub_type: ClassVar[str] = "catalog"
    index: int
    thumbnail_product_retailer_id: str | None = attrs.field(default=None, kw_only=True)

    def parameters(self, field: str) -> list[dict[str, Any]]:
        sku = self.thumbnail_product_retailer_id
        if sku is None:
            return []
        check_text(sku, f"{field}.thumbnail_product_retailer_id")
        return [{"type": "action", "action": {"thumbnail_product_retailer_id": sku}}]


@attrs.frozen(slots=True)
class ProductSection(WireModel):
    """One section of a multi-product message: a title and its products' retailer ids.

    >>> ProductSection("New", ["sku-1"]).to_dict()
    {'title': 'New', 'product_items': [{'product_retailer_id': 'sku-1'}]}
    """

    title: str
    product_retailer_ids: Sequence[str]

    def __attrs_post_init__(self) -> None:
        check_text(self.title, "section.title")
        ids = self.product_retailer_ids
        if isinstance(ids, str) or not isinstance(ids, Sequence) or not ids:
            raise RequestValidationError("section.product_retailer_ids", "must be a list of ids")
        for i, sku in enumerate(ids):
            check_text(sku, f"section.product_retailer_ids[{i}]")

    def to_dict(self) -> dict[str, Any]:
        items = [{"product_retailer_id": sku} for sku in self.product_retailer_ids]
        return {"title": self.title, "product_items": items}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ProductSection:
        """The section of its wire object.

        >>> ProductSection.from_dict({"title": "New", "product_items": [
        ...     {"product_retailer_id": "sku-1"}]}).product_retailer_ids
        ['sku-1']
        """
        from nxwa.models.template_message_wire import read_section

        return read_section(data, "section")


@attrs.frozen(slots=True)
class MultiProductAction(_ButtonParam):
    """An MPM button: the thumbnail product and up to 10 sections of products.

    >>> MultiProductAction(0, thumbnail_product_retailer_id="sku-1",
    ...                    sections=[ProductSection("New", ["sku-1"])]).parameters("b")
    [{'type': 'action', 'action': {'thumbnail_product_retailer_id': 'sku-1', 'sections': [...]}}]
    """

    sub_type: ClassVar[str] = "mpm"
    index: int
    thumbnail_product_retailer_id: str = attrs.field(kw_only=True)
    sections: Sequence[ProductSection] = attrs.field(kw_only=True)

    def parameters(self, field: str) -> list[dict[str, Any]]:
        check_text(self.thumbnail_product_retailer_id, f"{field}.thumbnail_product_retailer_id")
        if isinstance(self.sections, str) or not self.sections:
            raise RequestValidationError(f"{field}.sections", "must be a list of ProductSection")
        sections = []
        for i, section in enumerate(self.sections):
            if not isinstance(section, ProductSection):
                raise RequestValidationError(f"{field}.sections[{i}]", "must be a ProductSection")
            sections.append(section.to_dict())
        action = {
            "thumbnail_product_retailer_id": self.thumbnail_product_retailer_id,
            "sections": sections,
        }
        return [{"type": "action", "action": action}]


ButtonParam: TypeAlias = (
    UrlSuffix | QuickReplyPayload | CouponCode | FlowAction | CatalogAction | MultiProductAction
)
_BUTTON_PARAMS = (
    UrlSuffix,
    QuickReplyPayload,
    CouponCode,
    FlowAction,
    CatalogAction,
    MultiProductAction,
)


def _plain(value: object, field: str) -> object:
    if isinstance(value, Currency | DateTime):
        raise RequestValidationError(field, "must be a str, int or float")
    return value


def check_buttons(values: object, field: str) -> tuple[ButtonParam, ...]:
    """Checked button parameters: each one a button parameter object, each index once."""
    if isinstance(values, str | bytes | Mapping) or not isinstance(values, Sequence):
        raise RequestValidationError(field, "must be a list of button parameters")
    checked = tuple(values)
    seen: set[int] = set()
    for i, button in enumerate(checked):
        where = f"{field}[{i}]"
        if not isinstance(button, _BUTTON_PARAMS):
            raise RequestValidationError(
                where,
                "must be UrlSuffix, QuickReplyPayload, CouponCode, FlowAction, "
                "CatalogAction or MultiProductAction",
            )
        button.component(where)  # checks the index and every value
        if button.index in seen:
            raise RequestValidationError(f"{where}.index", "is given twice")
        seen.add(button.index)
    return checked


def button_components(buttons: Sequence[ButtonParam], field: str) -> list[dict[str, Any]]:
    """The wire ``button`` components, by button position."""
    ordered = sorted(enumerate(buttons), key=lambda item: item[1].index)
    return [button.component(f"{field}[{i}]") for i, button in ordered]


# ---------------------------------------------------------------- carousel


def _card_header(value: object) -> HeaderMedia | ProductHeader | None:
    if value is None or isinstance(value, (*_HEADER_MEDIA, ProductHeader)):
        return value
    raise RequestValidationError("header", "must be Image, Video or ProductHeader")


@attrs.frozen(slots=True, kw_only=True)
class CarouselCardParams(WireModel):
    """The values of carousel card ``card_index``: its media (or product) header, its body
    variables and its buttons.

    >>> card = CarouselCardParams(card_index=0, header=Image(link="https://x.io/1.jpg"),
    ...                           buttons=[QuickReplyPayload(0, "more-1"), UrlSuffix(1, "blue")])
    >>> [c["type"] for c in card.to_dict()["components"]]
    ['header', 'button', 'button']
    """

    card_index: int
    header: HeaderMedia | ProductHeader | None = None
    body: TextParams = ()
    buttons: Sequence[ButtonParam] = ()

    def __attrs_post_init__(self) -> None:
        index = self.card_index
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index <= 9:
            raise RequestValidationError("card_index", "must be a card position 0-9")
        try:
            _card_header(self.header)
        except RequestValidationError as error:
            raise RequestValidationError(f"cards[{index}].header", error.rule) from None
        object.__setattr__(self, "body", text_params(self.body, f"cards[{index}].body"))
        object.__setattr__(self, "buttons", check_buttons(self.buttons, f"cards[{index}].buttons"))

    def to_dict(self) -> dict[str, Any]:
        where = f"cards[{self.card_index}]"
        components: list[dict[str, Any]] = []
        if self.header is not None:
            components.append(header_component(self.header, f"{where}.header"))
        if self.body:
            components.append(
                {"type": "body", "parameters": text_parameters(self.body, f"{where}.body")}
            )
        components.extend(button_components(self.buttons, f"{where}.buttons"))
        return {"card_index": self.card_index, "components": components}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CarouselCardParams:
        """The values of a wire carousel card (``{"card_index": 0, "components": [...]}``).

        >>> CarouselCardParams.from_dict({"card_index": 0, "components": []}).card_index
        0
        """
        from nxwa.models.template_message_wire import read_card

        return read_card(data, "card")
