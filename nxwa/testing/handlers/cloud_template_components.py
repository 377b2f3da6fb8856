"""Meta template ``components`` ↔ the SaaS fields of a :class:`StoredTemplate`.

The open platform stores components exactly as received (any shape Meta accepts: carousel
cards, limited-time offers, named parameters, COPY_CODE / FLOW / MPM / CATALOG / SPM /
VOICE_CALL buttons, LOCATION / PRODUCT headers, ``supported_apps``, fields not invented yet)
and answers ``getTemplate`` with them. NXLink's view of such a template is derived here on a
best-effort basis and never refuses anything: what NXLink cannot express is simply not shown
there. A template last written through SaaS has no stored components; the open platform derives
them from its SaaS fields.
"""

from __future__ import annotations

from typing import Any

from nxwa.testing.state import EmulatorState, PhoneState, StoredTemplate

__all__ = ["AUTH_BODY", "auth_text", "meta_components", "saas_fields"]

#: Meta's generated AUTHENTICATION body (with and without the security recommendation).
AUTH_BODY = "*{{1}}* is your verification code."
_AUTH_SECURITY = " For your security, do not share this code."
_MEDIA_FORMATS = frozenset({"IMAGE", "VIDEO", "DOCUMENT", "GIF"})
_BUTTON_KEYS = {
    "url": "url",
    "phone_number": "phoneNumber",
    "example": "example",
    "flow_id": "flow_id",
    "flow_action": "flow_action",
    "navigate_screen": "navigate_screen",
}


def auth_text(components: list[Any]) -> list[Any]:
    """AUTHENTICATION bodies and footers carry no text: Meta writes it (and getTemplate returns
    it). Everything else is returned as given."""
    result: list[Any] = []
    for component in components:
        if isinstance(component, dict) and not component.get("text"):
            kind = component.get("type")
            if kind == "BODY":
                text = AUTH_BODY
                if component.get("add_security_recommendation"):
                    text += _AUTH_SECURITY
                component = {**component, "text": text}
            elif kind == "FOOTER" and component.get("code_expiration_minutes") is not None:
                minutes = component["code_expiration_minutes"]
                component = {**component, "text": f"This code expires in {minutes} minutes."}
        result.append(component)
    return result


def _first_handle(example: Any) -> str | None:
    """``header_handle`` as Meta documents it (a list) or as a string."""
    if not isinstance(example, dict):
        return None
    handle = example.get("header_handle")
    if isinstance(handle, list):
        handle = handle[0] if handle else None
    return handle if isinstance(handle, str) and handle else None


def _saas_button(state: EmulatorState, raw: dict[str, Any]) -> dict[str, Any]:
    button: dict[str, Any] = {"type": raw.get("type"), "text": raw.get("text")}
    for wire, key in _BUTTON_KEYS.items():
        if raw.get(wire):
            button[key] = raw[wire]
    if raw.get("type") == "QUICK_REPLY":
        button["customizeType"] = "conventional"
        button["payload"] = str(state.next_serial())
    return button


def saas_fields(state: EmulatorState, phone: PhoneState, components: list[Any]) -> dict[str, Any]:
    """The :class:`StoredTemplate` SaaS fields that show ``components`` on NXLink."""
    fields: dict[str, Any] = {
        "content": "",
        "header_text": None,
        "media_type": None,
        "template_media_id": None,
        "media_name": None,
        "media_id": None,
        "footer_text": None,
        "buttons": [],
    }
    for component in components:
        if not isinstance(component, dict):
            continue
        kind = component.get("type")
        if kind == "HEADER":
            header_format = component.get("format")
            if header_format == "TEXT":
                fields["header_text"] = component.get("text")
            elif header_format in _MEDIA_FORMATS:
                handle = _first_handle(component.get("example"))
                fields["media_type"] = header_format
                fields["template_media_id"] = handle
                example = phone.example_files.get(handle) if handle else None
                fields["media_name"] = example.file_name if example else None
        elif kind == "BODY":
            text = component.get("text")
            fields["content"] = text if isinstance(text, str) else ""
        elif kind == "FOOTER":
            text = component.get("text")
            fields["footer_text"] = text if isinstance(text, str) else None
        elif kind == "BUTTONS":
            buttons = component.get("buttons")
            if isinstance(buttons, list):
                fields["buttons"] = [_saas_button(state, b) for b in buttons if isinstance(b, dict)]
    return fields


def meta_components(t: StoredTemplate) -> list[Any]:
    """The template's Meta components: as last set through the open platform, else derived
    from its SaaS fields."""
    if t.components is not None:
        return t.components
    components: list[dict[str, Any]] = []
    if t.header_text:
        components.append({"type": "HEADER", "format": "TEXT", "text": t.header_text})
    elif t.media_type:
        header: dict[str, Any] = {"type": "HEADER", "format": t.media_type}
        if t.template_media_id:
            header["example"] = {"header_handle": [t.template_media_id]}
        components.append(header)
    components.append({"type": "BODY", "text": t.content})
    if t.footer_text:
        components.append({"type": "FOOTER", "text": t.footer_text})
    if t.buttons:
        buttons = []
        for b in t.buttons:
            button = {"type": b.get("type"), "text": b.get("text")}
            for wire, key in _BUTTON_KEYS.items():
                if b.get(key):
                    button[wire] = b[key]
            buttons.append(button)
        components.append({"type": "BUTTONS", "buttons": buttons})
    return components
