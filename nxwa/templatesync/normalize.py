"""The canonical form of a template, and the normalisation both sides go through before they
are compared (pure functions, no I/O).

The canonical form is Meta's ``createTemplate`` JSON (a file's ``components``). What differs
between what a file says and what a server answers without meaning a different template is
normalised away on *both* sides:

* ``None`` values and empty objects are dropped; ``type`` / ``format`` / button ``type`` /
  ``otp_type`` are upper-cased; ``\\r\\n`` in texts becomes ``\\n``;
* components are put in Meta's order (HEADER, LIMITED_TIME_OFFER, BODY, FOOTER, BUTTONS,
  CAROUSEL, then anything else in the order given); buttons keep their order;
* a media header's ``example`` (``header_handle``, ``header_file``,
  ``custom_header_handle_url``) is dropped: getTemplate answers sample URLs, the file names a
  local file or an upload handle, and the sample is only reviewed, never sent;
* ``example.header_text`` given as a string becomes a one-item list; a dynamic URL button's
  ``example`` string becomes a one-item list;
* AUTHENTICATION templates: BODY and FOOTER texts (Meta writes them) are dropped,
  ``add_security_recommendation: false`` is dropped, an OTP button's default texts ("Copy
  code", "Autofill") are dropped;
* ``parameter_format: POSITIONAL`` (the default) is dropped.

Every function here is idempotent: ``normalise(normalise(x)) == normalise(x)``.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = [
    "MEDIA_FORMATS",
    "canonical_components",
    "canonical_template",
    "clean",
    "components_json",
    "media_header",
]

MEDIA_FORMATS = frozenset({"IMAGE", "VIDEO", "DOCUMENT", "GIF"})
_ORDER = {"HEADER": 0, "LIMITED_TIME_OFFER": 1, "BODY": 2, "FOOTER": 3, "BUTTONS": 4, "CAROUSEL": 5}
_UPPER_KEYS = ("type", "format", "otp_type")
_OTP_DEFAULT_TEXTS = {"text": "Copy code", "autofill_text": "Autofill"}


def clean(value: Any) -> Any:
    """``value`` as plain JSON data without ``None`` values or empty objects (lists keep their
    items; an empty list is kept: it may mean something)."""
    if isinstance(value, Mapping):
        result: dict[str, Any] = {}
        for key, item in value.items():
            cleaned = clean(item)
            if cleaned is None or (isinstance(cleaned, dict) and not cleaned):
                continue
            result[str(key)] = cleaned
        return result
    if isinstance(value, list | tuple):
        return [clean(item) for item in value]
    if isinstance(value, str):
        return value.replace("\r\n", "\n")
    if hasattr(value, "to_dict"):
        return clean(value.to_dict())
    return value


def components_json(components: Sequence[Any]) -> list[Any]:
    """Components (models or dicts) as plain JSON data."""
    return [c.to_dict() if hasattr(c, "to_dict") else copy.deepcopy(c) for c in components]


def media_header(component: Mapping[str, Any]) -> bool:
    return str(component.get("type", "")).upper() == "HEADER" and (
        str(component.get("format", "")).upper() in MEDIA_FORMATS
    )


def _upper(data: dict[str, Any]) -> None:
    for key in _UPPER_KEYS:
        value = data.get(key)
        if isinstance(value, str):
            data[key] = value.upper()


def _button(raw: Any, authentication: bool) -> Any:
    if not isinstance(raw, dict):
        return raw
    button = dict(raw)
    _upper(button)
    kind = button.get("type")
    if kind == "URL" and isinstance(button.get("example"), str):
        button["example"] = [button["example"]]
    if isinstance(button.get("flow_id"), int) and not isinstance(button.get("flow_id"), bool):
        button["flow_id"] = str(button["flow_id"])
    if authentication and kind == "OTP":
        for key, default in _OTP_DEFAULT_TEXTS.items():
            if button.get(key) == default:
                del button[key]
    return button


def _component(raw: Any, authentication: bool) -> Any:
    if not isinstance(raw, dict):
        return raw
    component = dict(raw)
    _upper(component)
    kind = component.get("type")
    example = component.get("example")
    if media_header(component):
        component.pop("example", None)
    elif isinstance(example, dict):
        example = dict(example)
        if isinstance(example.get("header_text"), str):
            example["header_text"] = [example["header_text"]]
        if example:
            component["example"] = example
        else:
            component.pop("example")
    if authentication and kind in ("BODY", "FOOTER"):
        component.pop("text", None)
        if component.get("add_security_recommendation") is False:
            del component["add_security_recommendation"]
    if isinstance(component.get("buttons"), list):
        component["buttons"] = [_button(b, authentication) for b in component["buttons"]]
    if isinstance(component.get("cards"), list):
        component["cards"] = [_card(card, authentication) for card in component["cards"]]
    return component


def _card(raw: Any, authentication: bool) -> Any:
    if not isinstance(raw, dict) or not isinstance(raw.get("components"), list):
        return raw
    card = dict(raw)
    card["components"] = canonical_components(card["components"], authentication=authentication)
    return card


def _rank(component: Any) -> int:
    kind = component.get("type") if isinstance(component, dict) else None
    return _ORDER.get(kind, len(_ORDER)) if isinstance(kind, str) else len(_ORDER)


def canonical_components(components: Sequence[Any], *, authentication: bool = False) -> list[Any]:
    """The canonical, comparable form of ``components`` (models or Meta's JSON)."""
    cleaned = clean(components_json(components))
    normalised = [_component(c, authentication) for c in cleaned]
    normalised = clean(normalised)
    return sorted(normalised, key=_rank)  # stable: equal ranks keep their order


def canonical_template(
    *,
    category: str | None,
    components: Sequence[Any],
    parameter_format: str | None = None,
    message_send_ttl_seconds: int | None = None,
) -> dict[str, Any]:
    """What is compared for one (name, language): category, components, parameter format and
    time to live, normalised."""
    cat = category.upper() if isinstance(category, str) else category
    result: dict[str, Any] = {
        "category": cat,
        "components": canonical_components(components, authentication=cat == "AUTHENTICATION"),
    }
    fmt = parameter_format.upper() if isinstance(parameter_format, str) else None
    if fmt is not None and fmt != "POSITIONAL":
        result["parameter_format"] = fmt
    if message_send_ttl_seconds is not None:
        result["message_send_ttl_seconds"] = message_send_ttl_seconds
    return result
