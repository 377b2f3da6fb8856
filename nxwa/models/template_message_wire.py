"""Meta's ``template`` message object → the fields of a
:class:`~nxwa.models.template_message.TemplateMessage`.

Every parameter kind nxwa has a type for is read and checked (a wrongly typed value raises
:class:`~nxwa.errors.RequestValidationError` naming its path); components of kinds it has no
type for are kept whole in ``extra_components``. The message still sends the object exactly
as given.

>>> read_template_message({"name": "hi", "language": {"code": "en", "policy": "deterministic"},
...     "components": [{"type": "button", "sub_type": "copy_code", "index": 0,
...                     "parameters": [{"type": "coupon_code", "coupon_code": "25OFF"}]}]})
{'name': 'hi', 'language': 'en', 'header': None, 'body': (), 'buttons': [CouponCode(...)], ...}
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar, cast

import attrs

from nxwa.errors import RequestValidationError
from nxwa.models.base import at
from nxwa.models.messages import Document, Image, Video
from nxwa.models.template_parameters import (
    ButtonParam,
    CarouselCardParams,
    CatalogAction,
    CouponCode,
    Currency,
    DateTime,
    FlowAction,
    Gif,
    HeaderValue,
    LocationHeader,
    MultiProductAction,
    ParamValue,
    ProductHeader,
    ProductSection,
    QuickReplyPayload,
    UrlSuffix,
)
from nxwa.models.validation import check_json, check_text

__all__ = ["read_button", "read_card", "read_section", "read_template_message"]

T = TypeVar("T")


class _Unknown(Exception):
    """A component or parameter of a kind nxwa has no type for: kept whole."""


def _mapping(value: object, field: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise RequestValidationError(field, f"must be an object, not {type(value).__name__}")
    return value


def _list(value: object, field: str) -> Sequence[Any]:
    if not isinstance(value, list | tuple):
        raise RequestValidationError(field, f"must be a list, not {type(value).__name__}")
    return value


def _kind(value: Mapping[str, Any], field: str) -> str:
    return check_text(value.get("type"), f"{field}.type").lower()


def _build(factory: Callable[..., T], field: str, **values: Any) -> T:
    try:
        return factory(**values)
    except TypeError as error:
        raise RequestValidationError(field, f"has missing or unexpected fields ({error})") from None
    except RequestValidationError as error:
        raise RequestValidationError(field, f"{error.field}: {error.rule}") from None


def _text_value(parameter: Mapping[str, Any], field: str) -> ParamValue:
    kind = _kind(parameter, field)
    if kind == "text":
        return check_text(parameter.get("text"), f"{field}.text")
    if kind == "currency":
        return _build(Currency, field, **_mapping(parameter.get("currency"), f"{field}.currency"))
    if kind == "date_time":
        value = _mapping(parameter.get("date_time"), f"{field}.date_time")
        return _build(DateTime, field, **value)
    raise _Unknown


def _text_values(parameters: object, field: str) -> tuple[ParamValue, ...] | dict[str, ParamValue]:
    items = [_mapping(p, f"{field}[{i}]") for i, p in enumerate(_list(parameters, field))]
    names = [p.get("parameter_name") for p in items]
    values = [_text_value(p, f"{field}[{i}]") for i, p in enumerate(items)]
    if all(name is None for name in names):
        return tuple(values)
    if any(name is None for name in names):
        raise RequestValidationError(field, "mixes named and positional parameters")
    return {
        check_text(name, f"{field}[{i}].parameter_name"): value
        for i, (name, value) in enumerate(zip(names, values, strict=True))
    }


_MEDIA: Mapping[str, type[Image | Video | Document | Gif]] = {
    "image": Image,
    "video": Video,
    "document": Document,
    "gif": Gif,
}


def _header(component: Mapping[str, Any], field: str) -> HeaderValue:
    parameters = _list(component.get("parameters"), f"{field}.parameters")
    if len(parameters) != 1:
        raise RequestValidationError(f"{field}.parameters", "a header takes one parameter")
    where = f"{field}.parameters[0]"
    parameter = _mapping(parameters[0], where)
    kind = _kind(parameter, where)
    media = _MEDIA.get(kind)
    if media is not None:
        value = _mapping(parameter.get(kind), f"{where}.{kind}")
        # Fields the builder has; the message still sends the object exactly as given.
        known = {a.name for a in attrs.fields(media) if a.init}
        fields = {k: v for k, v in value.items() if k in known}
        return cast("HeaderValue", _build(media, where, **fields))
    if kind == "location":
        value = _mapping(parameter.get("location"), f"{where}.location")
        return _build(LocationHeader, f"{where}.location", **value)
    if kind == "product":
        value = _mapping(parameter.get("product"), f"{where}.product")
        return _build(ProductHeader, f"{where}.product", **value)
    named = _text_values(parameters, f"{field}.parameters")
    return named if isinstance(named, dict) else named[0]


def _index(component: Mapping[str, Any], field: str) -> int:
    index = component.get("index")
    if isinstance(index, str) and index.isascii() and index.isdigit():
        return int(index)
    if isinstance(index, int) and not isinstance(index, bool):
        return index
    raise RequestValidationError(f"{field}.index", "must be a button position 0-9")


def _action(component: Mapping[str, Any], field: str) -> Mapping[str, Any]:
    parameters = _list(component.get("parameters") or [], f"{field}.parameters")
    if not parameters:
        return {}
    parameter = _mapping(parameters[0], f"{field}.parameters[0]")
    return _mapping(parameter.get("action"), f"{field}.parameters[0].action")


def _first_value(component: Mapping[str, Any], field: str, key: str) -> Any:
    parameters = _list(component.get("parameters"), f"{field}.parameters")
    if len(parameters) != 1:
        raise RequestValidationError(f"{field}.parameters", "this button takes one parameter")
    return _mapping(parameters[0], f"{field}.parameters[0]").get(key)


def read_section(raw: object, field: str) -> ProductSection:
    """A multi-product section of its wire object.

    >>> read_section({"title": "New", "product_items": [{"product_retailer_id": "a"}]}, "s")
    ProductSection(title='New', product_retailer_ids=['a'])
    """
    section = _mapping(raw, field)
    items = _list(section.get("product_items"), f"{field}.product_items")
    ids = [
        _mapping(item, f"{field}.product_items[{j}]").get("product_retailer_id")
        for j, item in enumerate(items)
    ]
    return _build(ProductSection, field, title=section.get("title"), product_retailer_ids=ids)


def _sections(action: Mapping[str, Any], field: str) -> list[ProductSection]:
    raw = _list(action.get("sections"), f"{field}.sections")
    return [read_section(section, f"{field}.sections[{i}]") for i, section in enumerate(raw)]


def read_button(component: object, field: str) -> ButtonParam:
    """The parameter of one wire ``button`` component.

    >>> read_button({"type": "button", "sub_type": "url", "index": "0",
    ...              "parameters": [{"type": "text", "text": "42"}]}, "b")
    UrlSuffix(index=0, suffix='42')
    """
    try:
        return _button(_mapping(component, field), field)
    except _Unknown:
        raise RequestValidationError(
            f"{field}.sub_type", "is not a button kind nxwa has a parameter type for"
        ) from None


def _button(component: Mapping[str, Any], field: str) -> ButtonParam:
    sub_type = check_text(component.get("sub_type"), f"{field}.sub_type").lower()
    index = _index(component, field)
    if sub_type == "url":
        suffix = _first_value(component, field, "text")
        return _build(UrlSuffix, field, index=index, suffix=suffix)
    if sub_type == "quick_reply":
        payload = _first_value(component, field, "payload")
        return _build(QuickReplyPayload, field, index=index, payload=payload)
    if sub_type == "copy_code":
        code = _first_value(component, field, "coupon_code")
        return _build(CouponCode, field, index=index, code=code)
    if sub_type == "flow":
        action = _action(component, field)
        return _build(FlowAction, field, index=index, **action)
    if sub_type == "catalog":
        action = _action(component, field)
        return _build(CatalogAction, field, index=index, **action)
    if sub_type == "mpm":
        action = _action(component, field)
        return _build(
            MultiProductAction,
            field,
            index=index,
            thumbnail_product_retailer_id=action.get("thumbnail_product_retailer_id"),
            sections=_sections(action, f"{field}.parameters[0].action"),
        )
    raise _Unknown


def _expiry(component: Mapping[str, Any], field: str) -> int:
    offer = _mapping(_first_value(component, field, "limited_time_offer"), f"{field}.offer")
    expiry = offer.get("expiration_time_ms")
    if isinstance(expiry, bool) or not isinstance(expiry, int):
        raise RequestValidationError(f"{field}.expiration_time_ms", "must be an integer")
    return expiry


def read_card(raw: object, field: str) -> CarouselCardParams:
    """The values of one wire carousel card.

    >>> read_card({"card_index": 1, "components": []}, "card").card_index
    1
    """
    try:
        return _card(raw, field)
    except _Unknown:
        raise RequestValidationError(
            f"{field}.components", "holds a component nxwa has no parameter type for"
        ) from None


def _card(raw: object, field: str) -> CarouselCardParams:
    card = _mapping(raw, field)
    fields: dict[str, Any] = {"card_index": card.get("card_index")}
    buttons: list[ButtonParam] = []
    for i, component in enumerate(_list(card.get("components"), f"{field}.components")):
        where = f"{field}.components[{i}]"
        component = _mapping(component, where)
        kind = _kind(component, where)
        if kind == "header":
            fields["header"] = _header(component, where)
        elif kind == "body":
            fields["body"] = _text_values(component.get("parameters"), f"{where}.parameters")
        elif kind == "button":
            buttons.append(_button(component, where))
        else:
            raise _Unknown
    return _build(CarouselCardParams, field, buttons=buttons, **fields)


def _language(data: Mapping[str, Any]) -> str:
    language = data.get("language")
    if isinstance(language, Mapping):
        return check_text(language.get("code"), "template.language.code")
    return check_text(language, "template.language")


def read_template_message(data: object) -> dict[str, Any]:
    """The ``TemplateMessage`` keyword arguments of Meta's ``template`` object ``data``.

    >>> read_template_message({"name": "hi", "language": {"code": "en"}})["language"]
    'en'
    """
    data = _mapping(data, "template")
    check_json(data, "template")
    fields: dict[str, Any] = {
        "name": check_text(data.get("name"), "template.name"),
        "language": _language(data),
        "header": None,
        "body": (),
        "buttons": [],
        "expiration_time_ms": None,
        "cards": (),
        "extra_components": [],
        "extra": {k: v for k, v in data.items() if k not in ("name", "language", "components")},
    }
    for i, raw in enumerate(_list(data.get("components") or [], "template.components")):
        where = f"template.components[{i}]"
        component = _mapping(raw, where)
        kind = _kind(component, where)
        try:
            if kind == "header":
                fields["header"] = _header(component, where)
            elif kind == "body":
                fields["body"] = _text_values(component.get("parameters"), f"{where}.parameters")
            elif kind == "button":
                fields["buttons"].append(_button(component, where))
            elif kind == "limited_time_offer":
                fields["expiration_time_ms"] = _expiry(component, where)
            elif kind == "carousel":
                cards = _list(component.get("cards"), f"{where}.cards")
                fields["cards"] = [
                    _card(card, f"{where}.cards[{j}]") for j, card in enumerate(cards)
                ]
            else:
                raise _Unknown
        except _Unknown:
            fields["extra_components"].append(component)
        except RequestValidationError as error:
            if error.field.startswith("template"):
                raise
            raise at(where, error) from None
    return fields
