"""Meta's canonical components ↔ NXLink's template fields (pure functions, no I/O).

NXLink (``/saas/wa/template``) takes a template as ``content`` (the body), ``header_text`` or
header media (``media_id`` / ``template_media_id`` with ``media_type``), ``footer_text`` and
``buttonComponents``; ``saas:`` in a template file adds what only NXLink has
(``button_events`` keyed by button text, ``is_close_auto_flow``, ``media_url`` for the header
media NXLink fetches). What NXLink cannot express makes the item ``blocked`` with the reason,
never a silent drop: AUTHENTICATION, carousels, limited-time offers, GIF / LOCATION / PRODUCT
headers, OTP / COPY_CODE / MPM / CATALOG / SPM / VOICE_CALL buttons, FLOW buttons by name or
JSON, named parameters, a time to live, fields nxwa does not know.

NXLink has no field for Meta's review samples (``example`` of a header or body): they are not
sent and not compared (a dynamic URL button's ``example`` is a button field and is both).

The comparable form (:func:`saas_view` of a file, :func:`server_view` of a detail answer) is
canonical components restricted to what NXLink keeps, plus ``saas`` extras.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from nxwa.templatesync.normalize import MEDIA_FORMATS, canonical_components, clean

__all__ = [
    "SAAS_KEYS",
    "SaasBlocked",
    "SaasWrite",
    "saas_view",
    "saas_write",
    "server_view",
]

#: The keys a template file's ``saas:`` may hold.
SAAS_KEYS = frozenset({"button_events", "is_close_auto_flow", "media_url"})
_BUTTON_FIELDS: Mapping[str, tuple[str, ...]] = {
    "QUICK_REPLY": ("text",),
    "URL": ("text", "url", "example"),
    "PHONE_NUMBER": ("text", "phone_number"),
    "FLOW": ("text", "flow_id", "flow_action", "navigate_screen"),
}
_WIRE_NAMES = {"phone_number": "phoneNumber"}
_SAAS_MEDIA = frozenset({"IMAGE", "VIDEO", "DOCUMENT"})
_EVENT_KEYS = {
    "event": "event",
    "tag_name": "tagName",
    "text": "text",
    "template_id": "templateId",
    "template_name": "templateName",
}


class SaasBlocked(Exception):
    """The template cannot be expressed on NXLink; ``reason`` says what."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@attrs.frozen(kw_only=True)
class SaasWrite:
    """The arguments of ``client.saas.templates.create`` / ``update`` (besides the phone,
    name, language and the header media, resolved at apply time)."""

    category: str
    content: str
    options: Mapping[str, Any]
    #: ``IMAGE`` / ``VIDEO`` / ``DOCUMENT`` when the header is media.
    media_type: str | None = None
    #: NXLink fetches the header media from this URL (``saas.media_url``).
    media_url: str | None = None
    #: Or a Meta upload handle the file gives (``example.header_handle``).
    media_handle: str | None = None


def _events(raw: Any) -> list[dict[str, Any]]:
    events = []
    for event in raw if isinstance(raw, list) else []:
        if isinstance(event, Mapping):
            kept = {}
            for key, wire in _EVENT_KEYS.items():
                value = event.get(key, event.get(wire))
                if value not in (None, ""):
                    kept[key] = value
            if isinstance(kept.get("event"), str):
                kept["event"] = kept["event"].lower()
            if "template_id" in kept:
                kept["template_id"] = str(kept["template_id"])
            events.append(kept)
    return events


def _events_by_text(raw: Any) -> dict[str, list[dict[str, Any]]]:
    if not isinstance(raw, Mapping):
        return {}
    return {str(text): _events(events) for text, events in raw.items() if _events(events)}


def _extras(saas: Mapping[str, Any]) -> dict[str, Any]:
    extras: dict[str, Any] = {}
    events = _events_by_text(saas.get("button_events"))
    if events:
        extras["button_events"] = events
    if saas.get("is_close_auto_flow") in (True, 1):
        extras["is_close_auto_flow"] = True
    return extras


def _first_handle(example: Any) -> str | None:
    if not isinstance(example, Mapping):
        return None
    handle = example.get("header_handle")
    if isinstance(handle, list):
        handle = handle[0] if handle else None
    return handle if isinstance(handle, str) and handle else None


def _check_known(data: Mapping[str, Any], allowed: Sequence[str], where: str) -> None:
    for key in data:
        if key not in allowed:
            raise SaasBlocked(f"NXLink cannot express {where}.{key}")


def saas_write(
    *,
    category: str,
    components: Sequence[Any],
    saas: Mapping[str, Any] | None = None,
    parameter_format: str | None = None,
    message_send_ttl_seconds: int | None = None,
) -> SaasWrite:
    """NXLink's fields for a file's template; raises :class:`SaasBlocked` for what it
    cannot express."""
    cat = str(category).upper()
    if cat not in ("MARKETING", "UTILITY"):
        raise SaasBlocked(f"NXLink has no {cat} templates (MARKETING and UTILITY only)")
    if parameter_format is not None and str(parameter_format).upper() == "NAMED":
        raise SaasBlocked("NXLink has no named parameters (parameter_format: NAMED)")
    if message_send_ttl_seconds is not None:
        raise SaasBlocked("NXLink has no time to live (message_send_ttl_seconds)")
    saas = saas or {}
    raw = clean(list(components))
    content: str | None = None
    options: dict[str, Any] = {}
    media_type = media_handle = None
    texts: list[str] = []
    for i, component in enumerate(raw):
        where = f"components[{i}]"
        kind = str(component.get("type", "")).upper()
        if kind == "HEADER":
            fmt = str(component.get("format", "")).upper()
            if fmt == "TEXT":
                _check_known(component, ("type", "format", "text", "example"), where)
                options["header_text"] = component.get("text", "")
            elif fmt in _SAAS_MEDIA:
                _check_known(component, ("type", "format", "example"), where)
                media_type = fmt
                media_handle = _first_handle(component.get("example"))
                if isinstance(component.get("example"), Mapping) and component["example"].get(
                    "header_file"
                ):
                    media_handle = None
            else:
                raise SaasBlocked(f"NXLink has no {fmt or 'untyped'} header ({where}.format)")
        elif kind == "BODY":
            _check_known(component, ("type", "text", "example"), where)
            content = component.get("text")
        elif kind == "FOOTER":
            _check_known(component, ("type", "text"), where)
            options["footer_text"] = component.get("text", "")
        elif kind == "BUTTONS":
            buttons = []
            for j, button in enumerate(component.get("buttons") or []):
                at = f"{where}.buttons[{j}]"
                btype = str(button.get("type", "")).upper()
                fields = _BUTTON_FIELDS.get(btype)
                if fields is None:
                    raise SaasBlocked(f"NXLink has no {btype} buttons ({at})")
                _check_known(button, ("type", *fields), at)
                wire: dict[str, Any] = {"type": btype}
                for key in fields:
                    if key in button:
                        wire[_WIRE_NAMES.get(key, key)] = button[key]
                if btype == "URL" and isinstance(wire.get("example"), str):
                    wire["example"] = [wire["example"]]
                if isinstance(button.get("text"), str):
                    texts.append(button["text"])
                events = _events_by_text(saas.get("button_events")).get(str(button.get("text")))
                if events:
                    if btype != "QUICK_REPLY":
                        raise SaasBlocked(f"button events are for QUICK_REPLY buttons ({at})")
                    wire["buttonEvents"] = [
                        {_EVENT_KEYS[k]: v for k, v in event.items()} for event in events
                    ]
                buttons.append(wire)
            options["buttons"] = buttons
        else:
            raise SaasBlocked(f"NXLink has no {kind or 'untyped'} component ({where})")
    if not content:
        raise SaasBlocked("NXLink needs a BODY text (content)")
    for text in _events_by_text(saas.get("button_events")):
        if text not in texts:
            raise SaasBlocked(f"saas.button_events names {text!r}, which is no button's text")
    if saas.get("is_close_auto_flow") is not None:
        options["is_close_auto_flow"] = bool(saas["is_close_auto_flow"])
    media_url = saas.get("media_url")
    if media_url is not None and media_type is None:
        raise SaasBlocked("saas.media_url is given but the template has no media header")
    if media_type is not None and media_url is None and media_handle is None:
        raise SaasBlocked(
            "NXLink takes header media from a URL (set saas.media_url) or a Meta upload handle"
            " (example.header_handle); header_file is uploaded on the open platform only"
        )
    return SaasWrite(
        category=cat,
        content=content,
        options=options,
        media_type=media_type,
        media_url=media_url if isinstance(media_url, str) else None,
        media_handle=media_handle,
    )


def _strip_samples(components: list[Any]) -> list[Any]:
    result = []
    for component in components:
        component = dict(component)
        if component.get("type") in ("BODY", "HEADER"):
            component.pop("example", None)
        result.append(component)
    return result


def saas_view(
    *,
    category: str,
    components: Sequence[Any],
    saas: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The comparable form of a file's template on NXLink (call :func:`saas_write` first to
    know it is expressible)."""
    view: dict[str, Any] = {
        "category": str(category).upper(),
        "components": _strip_samples(canonical_components(components)),
    }
    extras = _extras(saas or {})
    if extras:
        view["saas"] = extras
    return view


def _button_of(raw: Mapping[str, Any]) -> dict[str, Any]:
    kind = str(raw.get("type", "")).upper()
    button: dict[str, Any] = {"type": kind}
    for key in _BUTTON_FIELDS.get(kind, ("text",)):
        value = raw.get(key, raw.get(_WIRE_NAMES.get(key, key)))
        if value not in (None, ""):
            button[key] = value
    return button


def server_view(detail: Mapping[str, Any]) -> tuple[dict[str, Any], list[Any]]:
    """The comparable form of an NXLink detail answer (wire JSON), and its canonical
    components with the samples the answer carries (what ``pull`` writes)."""
    components: list[dict[str, Any]] = []
    samples: list[dict[str, Any]] = []
    header: dict[str, Any] | None = None
    footer: str | None = None
    body_example: Any = None
    for raw in detail.get("components") or []:
        if not isinstance(raw, Mapping):
            continue
        kind = str(raw.get("type", "")).upper()
        if kind == "HEADER":
            fmt = str(raw.get("format") or raw.get("media_type") or "").upper()
            if fmt == "TEXT":
                header = {"type": "HEADER", "format": "TEXT", "text": raw.get("text") or ""}
            elif fmt in MEDIA_FORMATS:
                header = {"type": "HEADER", "format": fmt}
                handle = raw.get("h")
                if handle:
                    header["example"] = {"header_handle": [handle]}
        elif kind == "FOOTER" and raw.get("text"):
            footer = raw["text"]
        elif kind == "BODY":
            example = raw.get("example")
            if isinstance(example, Mapping) and example.get("body_text"):
                body_example = {"body_text": example["body_text"]}
    raw_buttons: list[Mapping[str, Any]] = [
        b for b in detail.get("buttonComponents") or [] if isinstance(b, Mapping)
    ]
    if not raw_buttons:
        for raw in detail.get("components") or []:
            if isinstance(raw, Mapping) and str(raw.get("type", "")).upper() == "BUTTONS":
                for b in raw.get("buttons") or []:
                    if isinstance(b, Mapping):
                        request = b.get("buttonReqs")
                        raw_buttons.append(request if isinstance(request, Mapping) else b)
    events: dict[str, list[dict[str, Any]]] = {}
    buttons = []
    for raw in raw_buttons:
        button = _button_of(raw)
        if isinstance(button.get("example"), str):
            button["example"] = [button["example"]]
        buttons.append(button)
        found = _events(raw.get("buttonEvents"))
        if found and isinstance(raw.get("text"), str):
            events[raw["text"]] = found
    if header is not None:
        components.append(header)
    body: dict[str, Any] = {"type": "BODY", "text": detail.get("content") or ""}
    components.append(body)
    if footer is not None:
        components.append({"type": "FOOTER", "text": footer})
    if buttons:
        components.append({"type": "BUTTONS", "buttons": buttons})
    samples = [dict(c) for c in components]
    if body_example is not None:
        samples[components.index(body)] = {**body, "example": body_example}
    category = detail.get("category")
    if not category:
        category = {1: "MARKETING", 2: "UTILITY"}.get(detail.get("category_type") or 0, "MARKETING")
    view: dict[str, Any] = {
        "category": str(category).upper(),
        "components": _strip_samples(canonical_components(components)),
    }
    extras: dict[str, Any] = {}
    if events:
        extras["button_events"] = events
    if detail.get("is_close_auto_flow") in (1, True):
        extras["is_close_auto_flow"] = True
    if extras:
        view["saas"] = extras
    return view, canonical_components(samples)
