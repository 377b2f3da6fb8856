"""The values a template message fills in, as Meta's send API documents them.

Text parameters are plain ``str`` / ``int`` / ``float`` (sent as their ``str()``), or
:class:`Currency` / :class:`DateTime`; a header is also media (:class:`~nxwa.models.Image`,
:class:`~nxwa.models.Video`, :class:`~nxwa.models.Document`, :class:`Gif`), a map pin
(:class:`LocationHeader`) or a catalog product (:class:`ProductHeader`); these text and header
values are defined in :mod:`nxwa.models.template_values` and exported here too. Buttons take one
parameter object each, at their position ``index`` (0-9)::

    UrlSuffix(0, "track/42")              # a dynamic URL's {{1}}, or an OTP code
    QuickReplyPayload(1, "stop-promos")   # what a quick reply sends back
    CouponCode(0, "25OFF")                # a COPY_CODE button's code
    FlowAction(0, flow_token="t-1", flow_action_data={"order": "42"})
    CatalogAction(0, thumbnail_product_retailer_id="sku-1")
    MultiProductAction(0, thumbnail_product_retailer_id="sku-1",
                       sections=[ProductSection("New", ["sku-1", "sku-2"])])

:class:`CarouselCardParams` fills one carousel card the same way. Each has ``from_dict`` for its
wire object (:func:`read_button`, :func:`read_section`, :func:`read_card`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, TypeAlias, TypeVar

import attrs

from nxwa.errors import RequestValidationError
from nxwa.models.base import WireModel
from nxwa.models.template_reading import (
    Unknown,
    as_list,
    as_mapping,
    build,
    first_value,
    kind_of,
)
from nxwa.models.template_values import (
    HEADER_MEDIA,
    Currency,
    DateTime,
    Gif,
    HeaderMedia,
    HeaderValue,
    LocationHeader,
    ParamValue,
    ProductHeader,
    TextParams,
    header_component,
    parse_header,
    parse_text_values,
    text_parameter,
    text_parameters,
    text_params,
)
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
B = TypeVar("B", bound="_ButtonParam")


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
    if value is None or isinstance(value, (*HEADER_MEDIA, ProductHeader)):
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
        return read_card(data, "card")


# ---------------------------------------------------------------- reading the wire objects


def _index(component: Mapping[str, Any], field: str) -> int:
    index = component.get("index")
    if isinstance(index, str) and index.isascii() and index.isdigit():
        return int(index)
    if isinstance(index, int) and not isinstance(index, bool):
        return index
    raise RequestValidationError(f"{field}.index", "must be a button position 0-9")


def _action(component: Mapping[str, Any], field: str) -> Mapping[str, Any]:
    parameters = as_list(component.get("parameters") or [], f"{field}.parameters")
    if not parameters:
        return {}
    parameter = as_mapping(parameters[0], f"{field}.parameters[0]")
    return as_mapping(parameter.get("action"), f"{field}.parameters[0].action")


def read_section(raw: object, field: str) -> ProductSection:
    """A multi-product section of its wire object.

    >>> read_section({"title": "New", "product_items": [{"product_retailer_id": "a"}]}, "s")
    ProductSection(title='New', product_retailer_ids=['a'])
    """
    section = as_mapping(raw, field)
    items = as_list(section.get("product_items"), f"{field}.product_items")
    ids = [
        as_mapping(item, f"{field}.product_items[{j}]").get("product_retailer_id")
        for j, item in enumerate(items)
    ]
    return build(ProductSection, field, title=section.get("title"), product_retailer_ids=ids)


def _sections(action: Mapping[str, Any], field: str) -> list[ProductSection]:
    raw = as_list(action.get("sections"), f"{field}.sections")
    return [read_section(section, f"{field}.sections[{i}]") for i, section in enumerate(raw)]


def read_button(component: object, field: str) -> ButtonParam:
    """The parameter of one wire ``button`` component.

    >>> read_button({"type": "button", "sub_type": "url", "index": "0",
    ...              "parameters": [{"type": "text", "text": "42"}]}, "b")
    UrlSuffix(index=0, suffix='42')
    """
    try:
        return parse_button(as_mapping(component, field), field)
    except Unknown:
        raise RequestValidationError(
            f"{field}.sub_type", "is not a button kind nxwa has a parameter type for"
        ) from None


def parse_button(component: Mapping[str, Any], field: str) -> ButtonParam:
    """:func:`read_button`, raising :class:`~nxwa.models.template_reading.Unknown` for a
    button kind nxwa has no parameter type for."""
    sub_type = check_text(component.get("sub_type"), f"{field}.sub_type").lower()
    index = _index(component, field)
    if sub_type == "url":
        suffix = first_value(component, field, "text")
        return build(UrlSuffix, field, index=index, suffix=suffix)
    if sub_type == "quick_reply":
        payload = first_value(component, field, "payload")
        return build(QuickReplyPayload, field, index=index, payload=payload)
    if sub_type == "copy_code":
        code = first_value(component, field, "coupon_code")
        return build(CouponCode, field, index=index, code=code)
    if sub_type == "flow":
        action = _action(component, field)
        return build(FlowAction, field, index=index, **action)
    if sub_type == "catalog":
        action = _action(component, field)
        return build(CatalogAction, field, index=index, **action)
    if sub_type == "mpm":
        action = _action(component, field)
        return build(
            MultiProductAction,
            field,
            index=index,
            thumbnail_product_retailer_id=action.get("thumbnail_product_retailer_id"),
            sections=_sections(action, f"{field}.parameters[0].action"),
        )
    raise Unknown


def read_card(raw: object, field: str) -> CarouselCardParams:
    """The values of one wire carousel card.

    >>> read_card({"card_index": 1, "components": []}, "card").card_index
    1
    """
    try:
        return parse_card(raw, field)
    except Unknown:
        raise RequestValidationError(
            f"{field}.components", "holds a component nxwa has no parameter type for"
        ) from None


def parse_card(raw: object, field: str) -> CarouselCardParams:
    """:func:`read_card`, raising :class:`~nxwa.models.template_reading.Unknown` for a
    component nxwa has no parameter type for."""
    card = as_mapping(raw, field)
    fields: dict[str, Any] = {"card_index": card.get("card_index")}
    buttons: list[ButtonParam] = []
    for i, component in enumerate(as_list(card.get("components"), f"{field}.components")):
        where = f"{field}.components[{i}]"
        component = as_mapping(component, where)
        kind = kind_of(component, where)
        if kind == "header":
            fields["header"] = parse_header(component, where)
        elif kind == "body":
            fields["body"] = parse_text_values(component.get("parameters"), f"{where}.parameters")
        elif kind == "button":
            buttons.append(parse_button(component, where))
        else:
            raise Unknown
    return build(CarouselCardParams, field, buttons=buttons, **fields)
