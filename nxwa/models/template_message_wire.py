"""Meta's ``template`` message object → the fields of a
:class:`~nxwa.models.template_message.TemplateMessage`.

Every parameter kind nxwa has a type for is read and checked (a wrongly typed value raises
:class:`~nxwa.errors.RequestValidationError` naming its path); components of kinds it has no
type for are kept whole in ``extra_components``. The message still sends the object exactly
as given. Each part is read where its type is defined: headers and text values in
:mod:`nxwa.models.template_values`, buttons and carousel cards in
:mod:`nxwa.models.template_parameters`.

>>> read_template_message({"name": "hi", "language": {"code": "en", "policy": "deterministic"},
...     "components": [{"type": "button", "sub_type": "copy_code", "index": 0,
...                     "parameters": [{"type": "coupon_code", "coupon_code": "25OFF"}]}]})
{'name': 'hi', 'language': 'en', 'header': None, 'body': (), 'buttons': [CouponCode(...)], ...}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from nxwa.errors import RequestValidationError
from nxwa.models.base import at
from nxwa.models.template_parameters import parse_button, parse_card
from nxwa.models.template_reading import Unknown, as_list, as_mapping, first_value, kind_of
from nxwa.models.template_values import parse_header, parse_text_values
from nxwa.models.validation import check_json, check_text

__all__ = ["read_template_message"]


def _expiry(component: Mapping[str, Any], field: str) -> int:
    offer = as_mapping(first_value(component, field, "limited_time_offer"), f"{field}.offer")
    expiry = offer.get("expiration_time_ms")
    if isinstance(expiry, bool) or not isinstance(expiry, int):
        raise RequestValidationError(f"{field}.expiration_time_ms", "must be an integer")
    return expiry


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
    data = as_mapping(data, "template")
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
    for i, raw in enumerate(as_list(data.get("components") or [], "template.components")):
        where = f"template.components[{i}]"
        component = as_mapping(raw, where)
        kind = kind_of(component, where)
        try:
            if kind == "header":
                fields["header"] = parse_header(component, where)
            elif kind == "body":
                fields["body"] = parse_text_values(
                    component.get("parameters"), f"{where}.parameters"
                )
            elif kind == "button":
                fields["buttons"].append(parse_button(component, where))
            elif kind == "limited_time_offer":
                fields["expiration_time_ms"] = _expiry(component, where)
            elif kind == "carousel":
                cards = as_list(component.get("cards"), f"{where}.cards")
                fields["cards"] = [
                    parse_card(card, f"{where}.cards[{j}]") for j, card in enumerate(cards)
                ]
            else:
                raise Unknown
        except Unknown:
            fields["extra_components"].append(component)
        except RequestValidationError as error:
            if error.field.startswith("template"):
                raise
            raise at(where, error) from None
    return fields
