"""Open-platform template endpoints (``/api/wa/...``): example files (uploadTemplateFile),
getTemplate, createTemplate(Async), updateTemplate and deleteTemplate (seed pages 000, 002).

Templates are shared with the SaaS side (one store per business phone): ``updateTemplate``
takes the template's id as SaaS lists it, and getTemplate shows SaaS-made templates the way
Meta describes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from nxwa.files import TEMPLATE_EXAMPLE_TYPES
from nxwa.models.validation import CHINESE_TEXT as _CHINESE_TEXT
from nxwa.models.validation import LANGUAGE_CODES
from nxwa.testing.handlers.cloud_template_components import apply_components, meta_components
from nxwa.testing.handlers.common import check_app, cursor_page, meta_error
from nxwa.testing.handlers.registry import Handler, HandlerContext
from nxwa.testing.state import StoredTemplate
from nxwa.testing.wire import UploadedFile

__all__ = ["HANDLERS", "template_info"]

#: SaaS status code → Meta's template status.
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
#: Meta category → SaaS ``category_type`` (SaaS has no authentication type).
_CATEGORY_TYPES = {"MARKETING": 1, "UTILITY": 2, "AUTHENTICATION": 2}
_AUTH_BODY = "*{{1}}* is your verification code."


def template_info(t: StoredTemplate) -> dict[str, Any]:
    """A getTemplate ``templateInfo``."""
    return {
        "id": str(t.id),
        "name": t.name,
        "language": t.language,
        "status": _STATUS.get(t.status, "PENDING"),
        "category": t.category_name,
        "rejected_reason": t.rejected_reason or "NONE",
        "quality_score": {"score": t.quality},
        "components": meta_components(t),
    }


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
    phone = ctx.phone_state()
    name, language = ctx.values["name"], ctx.values["language"]
    category = ctx.values["category"]
    if not isinstance(name, str) or _CHINESE_TEXT.search(name):
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
    fields = apply_components(ctx, phone, stored)
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


def update_template(ctx: HandlerContext) -> dict[str, Any]:
    check_app(ctx)
    phone = ctx.phone_state()
    template_id = str(ctx.values["template_id"])
    # isascii(): isdigit() also accepts digits like "²", which int() refuses.
    known = template_id.isascii() and template_id.isdigit()
    template = phone.templates.get(int(template_id)) if known else None
    if template is None:
        raise ctx.param_error(f"template {template_id} does not exist")
    components = ctx.values["components"]
    if not isinstance(components, list) or not components:
        raise ctx.param_error("components must be a non-empty array")
    fields = apply_components(ctx, phone, components)
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


def delete_template(ctx: HandlerContext) -> dict[str, Any]:
    check_app(ctx)
    phone = ctx.phone_state()
    doomed = [t.id for t in phone.templates.values() if t.name == ctx.values["name"]]
    for template_id in doomed:
        del phone.templates[template_id]
    return {"success": bool(doomed)}


HANDLERS: Mapping[str, Handler] = {
    "cloud_upload_template_file": upload_template_file,
    "cloud_list_templates": list_templates,
    "cloud_create_template": create_template,
    "cloud_create_template_async": create_template_async,
    "cloud_update_template": update_template,
    "cloud_delete_template": delete_template,
}
