"""Open-platform handlers (``/api/wa/...``): template example files, ``updateTemplate`` and
``getMedia``, answering in the shapes of seed pages 000, 002 and 003.

Templates are shared with the SaaS side: ``updateTemplate`` takes the template's id as SaaS
lists it (the emulator has one template store per business phone), and ``getMedia`` finds
media uploaded through SaaS as well as media seeded with :meth:`EmulatorState.add_media`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nxwa.files import TEMPLATE_EXAMPLE_TYPES
from nxwa.testing.envelope import NxCloudError
from nxwa.testing.handlers.registry import Handler, HandlerContext
from nxwa.testing.state import PhoneState
from nxwa.testing.wire import UploadedFile

__all__ = ["HANDLERS"]

HANDLERS: dict[str, Handler] = {}

_CATEGORY_TYPES = {"MARKETING": 1, "UTILITY": 2, "AUTHENTICATION": 2}
_HEADER_FORMATS = frozenset({"TEXT", "IMAGE", "VIDEO", "DOCUMENT"})


def _handles(endpoint_id: str) -> Callable[[Handler], Handler]:
    def add(fn: Handler) -> Handler:
        HANDLERS[endpoint_id] = fn
        return fn

    return add


def _check_app(ctx: HandlerContext) -> None:
    if "app_key" in ctx.values and ctx.values["app_key"] != ctx.account.app_key:
        raise NxCloudError(1005, "appkey does not belong to this accessKey")


@_handles("cloud_upload_template_file")
def upload_template_file(ctx: HandlerContext) -> dict[str, Any]:
    phone = ctx.phone_state()
    mime_type = str(ctx.values["type"]).lower()
    if mime_type not in TEMPLATE_EXAMPLE_TYPES:
        raise ctx.param_error(f"type must be one of {', '.join(TEMPLATE_EXAMPLE_TYPES)}")
    file = ctx.values["file"]
    assert isinstance(file, UploadedFile)  # the descriptor puts it in a file part
    example = ctx.state.add_example_file(
        phone.phone,
        file_name=file.filename,
        mime_type=mime_type,
        size=len(file.content),
        now_ms=ctx.now_ms,
    )
    return {"id": example.handle}


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


def _apply_components(
    ctx: HandlerContext, phone: PhoneState, components: list[Any]
) -> dict[str, Any]:
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


@_handles("cloud_update_template")
def update_template(ctx: HandlerContext) -> dict[str, Any]:
    _check_app(ctx)
    phone = ctx.phone_state()
    template_id = str(ctx.values["template_id"])
    template = phone.templates.get(int(template_id)) if template_id.isdigit() else None
    if template is None:
        raise ctx.param_error(f"template {template_id} does not exist")
    components = ctx.values["components"]
    if not isinstance(components, list) or not components:
        raise ctx.param_error("components must be a non-empty array")
    fields = _apply_components(ctx, phone, components)
    category = ctx.values.get("category")
    if category is not None:
        if category not in _CATEGORY_TYPES:
            raise ctx.param_error("category must be MARKETING, UTILITY or AUTHENTICATION")
        fields["category"] = category
        fields["category_type"] = _CATEGORY_TYPES[category]
    for key, value in fields.items():
        setattr(template, key, value)
    ctx.state.mark_changed(template, now_ms=ctx.now_ms)
    return {"id": template_id}


@_handles("cloud_get_media")
def get_media(ctx: HandlerContext) -> dict[str, Any]:
    phone = ctx.phone_state()
    media_id = str(ctx.values["media_id"])
    media = phone.media.get(media_id)
    if media is None:
        raise ctx.param_error(f"media {media_id} does not exist")
    return {"mime_type": media.mime_type, "file_name": media.file_name, "url": media.url}
