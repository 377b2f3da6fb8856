"""Meta-style template ``components`` ↔ the fields of a :class:`StoredTemplate`.

The emulator keeps one template store per business phone in the SaaS request's terms; the
open platform speaks Meta's components, so its handlers translate both ways here.
"""

from __future__ import annotations

from typing import Any

from nxwa.testing.handlers.registry import HandlerContext
from nxwa.testing.state import PhoneState, StoredTemplate

__all__ = ["apply_components", "meta_components"]

_HEADER_FORMATS = frozenset({"TEXT", "IMAGE", "VIDEO", "DOCUMENT"})


def _button(ctx: HandlerContext, where: str, raw: Any) -> dict[str, Any]:
    """A Meta-style button as the SaaS ``buttonComponents`` item the template stores."""
    if not isinstance(raw, dict) or not raw.get("type"):
        raise ctx.param_error(f"{where}.type is required")
    kind = raw["type"]
    if kind == "URL" and not raw.get("url"):
        raise ctx.param_error(f"{where}.url is required for a URL button")
    if kind == "PHONE_NUMBER" and not raw.get("phone_number"):
        raise ctx.param_error(f"{where}.phone_number is required for a PHONE_NUMBER button")
    button: dict[str, Any] = {"type": kind, "text": raw.get("text")}
    if raw.get("url"):
        button["url"] = raw["url"]
    if raw.get("phone_number"):
        button["phoneNumber"] = raw["phone_number"]
    if raw.get("example"):
        button["example"] = raw["example"]
    if kind == "QUICK_REPLY":
        button["customizeType"] = "conventional"
        button["payload"] = str(ctx.state.next_serial())
    return button


def apply_components(
    ctx: HandlerContext, phone: PhoneState, components: list[Any]
) -> dict[str, Any]:
    """Check Meta-style components; return the :class:`StoredTemplate` fields they set
    (``content`` only when a BODY is given). A media header must use a handle that
    ``uploadTemplateFile`` returned for this phone."""
    fields: dict[str, Any] = {
        "header_text": None,
        "media_type": None,
        "template_media_id": None,
        "media_name": None,
        "media_id": None,
        "footer_text": None,
        "buttons": [],
    }
    body: str | None = None
    for i, component in enumerate(components):
        where = f"components[{i}]"
        if not isinstance(component, dict):
            raise ctx.param_error(f"{where} must be an object")
        kind = component.get("type")
        example = component.get("example") or {}
        if kind == "HEADER":
            header_format = component.get("format")
            if header_format not in _HEADER_FORMATS:
                raise ctx.param_error(f"{where}.format must be TEXT, IMAGE, VIDEO or DOCUMENT")
            if header_format == "TEXT":
                fields["header_text"] = component.get("text")
                continue
            handle = example.get("header_handle")
            if not (handle or example.get("custom_header_handle_url")):
                raise ctx.param_error(f"{where}.example.header_handle is required for media")
            if handle and handle not in phone.example_files:
                raise ctx.param_error("header_handle is not a handle uploadTemplateFile returned")
            fields["media_type"] = header_format
            fields["template_media_id"] = handle
            if handle:
                fields["media_name"] = phone.example_files[handle].file_name
        elif kind in ("BODY", "FOOTER"):
            text = component.get("text")
            if not text and not component.get("add_security_recommendation"):
                raise ctx.param_error(f"{where}.text is required for {kind}")
            if kind == "BODY":
                body = text or ""
            else:
                fields["footer_text"] = text
        elif kind == "BUTTONS":
            raw_buttons = component.get("buttons")
            if not isinstance(raw_buttons, list) or not raw_buttons:
                raise ctx.param_error(f"{where}.buttons is required for BUTTONS")
            fields["buttons"] = [
                _button(ctx, f"{where}.buttons[{j}]", b) for j, b in enumerate(raw_buttons)
            ]
        else:
            raise ctx.param_error(f"{where}.type must be HEADER, BODY, FOOTER or BUTTONS")
    if body is not None:
        fields["content"] = body
    return fields


def meta_components(t: StoredTemplate) -> list[dict[str, Any]]:
    """The template's Meta components: as last set through the open platform, else derived
    from its SaaS fields."""
    if t.components is not None:
        return t.components
    components: list[dict[str, Any]] = []
    if t.header_text:
        components.append({"type": "HEADER", "format": "TEXT", "text": t.header_text})
    elif t.media_type:
        components.append({"type": "HEADER", "format": t.media_type})
    components.append({"type": "BODY", "text": t.content})
    if t.footer_text:
        components.append({"type": "FOOTER", "text": t.footer_text})
    if t.buttons:
        buttons = []
        for b in t.buttons:
            button = {"type": b.get("type"), "text": b.get("text")}
            for wire, key in (
                ("url", "url"),
                ("phone_number", "phoneNumber"),
                ("example", "example"),
            ):
                if b.get(key):
                    button[wire] = b[key]
            buttons.append(button)
        components.append({"type": "BUTTONS", "buttons": buttons})
    return components
