"""Open-platform template endpoints: getTemplate, createTemplate(Async), deleteTemplate.

The emulator has one template store per business phone, shared with the SaaS side; this
module shows it the way Meta (and so getTemplate) describes templates.
"""

from __future__ import annotations

import re
from typing import Any

from nxwa.models.validation import LANGUAGE_CODES
from nxwa.testing.handlers.cloud import _apply_components
from nxwa.testing.handlers.registry import Handler, HandlerContext
from nxwa.testing.messaging.common import check_app, cursor_page, meta_error
from nxwa.testing.state import IN_USE, PhoneState, StoredTemplate

__all__ = ["HANDLERS", "category_of", "meta_status", "template_info"]

_STATUS = {
    0: "REJECTED",
    1: "PENDING",
    2: "APPROVED",
    3: "PENDING",
    6: "DISABLED",
    9: "PENDING_DELETION",
    11: "PAUSED",
    12: "LIMIT_EXCEEDED",
    14: "DELETED",
}
_CATEGORY_NAMES = {1: "MARKETING", 2: "UTILITY"}
_CATEGORY_TYPES = {"MARKETING": 1, "UTILITY": 2, "AUTHENTICATION": 2}
_CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_AUTH_BODY = "*{{1}}* is your verification code."


def meta_status(t: StoredTemplate) -> str:
    return _STATUS.get(t.status, "PENDING")


def category_of(t: StoredTemplate) -> str:
    return t.category or _CATEGORY_NAMES.get(t.category_type, "MARKETING")


def _derived_components(t: StoredTemplate) -> list[dict[str, Any]]:
    """Meta components of a template created through SaaS (from its SaaS fields)."""
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


def template_info(t: StoredTemplate) -> dict[str, Any]:
    """A getTemplate ``templateInfo``."""
    return {
        "id": str(t.id),
        "name": t.name,
        "language": t.language,
        "status": meta_status(t),
        "category": category_of(t),
        "rejected_reason": t.rejected_reason or "NONE",
        "quality_score": {"score": t.quality},
        "components": t.components if t.components is not None else _derived_components(t),
    }


def list_templates(ctx: HandlerContext) -> dict[str, Any]:
    check_app(ctx)
    phone = ctx.phone_state()
    name = ctx.values.get("name")
    templates = [t for t in phone.templates.values() if name is None or t.name == name]
    page = cursor_page(ctx, [template_info(t) for t in templates])
    listed = {item["id"] for item in page["data"]}
    for t in templates:
        if str(t.id) in listed:
            ctx.state.note_read(t)
    return page


def _with_generated_text(component: Any) -> Any:
    """AUTHENTICATION bodies and footers carry no text: Meta writes it (and getTemplate
    returns it)."""
    if not isinstance(component, dict) or component.get("text"):
        return component
    if component.get("type") == "BODY":
        return {**component, "text": _AUTH_BODY}
    minutes = component.get("code_expiration_minutes")
    if component.get("type") == "FOOTER" and minutes is not None:
        return {**component, "text": f"This code expires in {minutes} minutes."}
    return component


def _create(ctx: HandlerContext) -> StoredTemplate:
    check_app(ctx)
    phone: PhoneState = ctx.phone_state()
    name, language = ctx.values["name"], ctx.values["language"]
    category = ctx.values["category"]
    if not isinstance(name, str) or _CHINESE.search(name):
        raise ctx.param_error("name must not contain Chinese characters")
    if language not in LANGUAGE_CODES:
        raise ctx.param_error(f"{language} is not a template language")
    if category not in _CATEGORY_TYPES:
        raise ctx.param_error("category must be MARKETING, UTILITY or AUTHENTICATION")
    components = ctx.values["components"]
    if not isinstance(components, list) or not components:
        raise ctx.param_error("components must be a non-empty array")
    if phone.find_template(name, language) is not None:
        raise meta_error(2388024, "Content in this language already exists")
    stored = [_with_generated_text(c) if category == "AUTHENTICATION" else c for c in components]
    fields = _apply_components(ctx, phone, stored)
    return ctx.state.new_template(
        phone.phone,
        now_ms=ctx.now_ms,
        name=name,
        language=language,
        category=category,
        category_type=_CATEGORY_TYPES[category],
        components=stored,
        **{"content": "", **fields},
    )


def create_template(ctx: HandlerContext) -> dict[str, Any]:
    return {"id": str(_create(ctx).id)}


def create_template_async(ctx: HandlerContext) -> dict[str, Any]:
    # (inferred) the page's response is truncated; the id is returned like createTemplate's.
    return {"id": str(_create(ctx).id)}


def delete_template(ctx: HandlerContext) -> dict[str, Any]:
    check_app(ctx)
    phone = ctx.phone_state()
    doomed = [t.id for t in phone.templates.values() if t.name == ctx.values["name"]]
    for template_id in doomed:
        del phone.templates[template_id]
    return {"success": bool(doomed)}


def approved(phone: PhoneState, name: str, language: str) -> StoredTemplate | None:
    template = phone.find_template(name, language)
    return template if template is not None and template.status == IN_USE else None


HANDLERS: dict[str, Handler] = {
    "cloud_list_templates": list_templates,
    "cloud_create_template": create_template,
    "cloud_create_template_async": create_template_async,
    "cloud_delete_template": delete_template,
}
