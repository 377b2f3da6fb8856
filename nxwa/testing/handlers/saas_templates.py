"""NXLink SaaS template endpoints (``/saas/wa/template/...``, seed page 001).

Where the docs are silent the emulator picks the reading a careful client should survive:
create and update answer ``data: null`` (no example shows a body; look the id up by name),
list is newest first and ``name`` filters by substring, an edit sends the template back to
review (status 1).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from nxwa.models.validation import CHINESE_TEXT as _CHINESE_TEXT
from nxwa.models.validation import LANGUAGE_CODES
from nxwa.testing.handlers.common import tenant_phone
from nxwa.testing.handlers.registry import Handler, HandlerContext
from nxwa.testing.handlers.saas_template_views import VARIABLE, template_detail, template_item
from nxwa.testing.state import CATEGORY_NAMES, PhoneState, StoredTemplate

__all__ = ["HANDLERS"]

_BUTTON_TYPES = frozenset({"QUICK_REPLY", "URL", "PHONE_NUMBER", "FLOW", "COPY_CODE"})
_MEDIA_TYPES = frozenset({"IMAGE", "DOCUMENT", "VIDEO"})


# ---------------------------------------------------------------------- checks


def _text(ctx: HandlerContext, name: str) -> str | None:
    value = ctx.values.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ctx.param_error(f"{name} must be a string")
    return value


def _check_button(ctx: HandlerContext, i: int, raw: Any) -> dict[str, Any]:
    where = f"buttonComponents[{i}]"
    if not isinstance(raw, dict):
        raise ctx.param_error(f"{where} must be an object")
    kind = raw.get("type")
    if kind not in _BUTTON_TYPES:
        raise ctx.param_error(f"{where}.type must be one of {', '.join(sorted(_BUTTON_TYPES))}")
    if not raw.get("text"):
        raise ctx.param_error(f"{where}.text is required")
    needs = {"URL": "url", "PHONE_NUMBER": "phoneNumber", "FLOW": "flow_id", "COPY_CODE": "example"}
    field = needs.get(kind)
    if field and not raw.get(field):
        raise ctx.param_error(f"{where}.{field} is required for a {kind} button")
    if kind == "URL" and VARIABLE.search(raw["url"]) and not raw.get("example"):
        raise ctx.param_error(f"{where}.example is required for a dynamic URL")
    button = dict(raw)
    events = []
    for j, event in enumerate(raw.get("buttonEvents") or ()):
        at = f"{where}.buttonEvents[{j}]"
        kind_of = event.get("event") if isinstance(event, dict) else None
        required = {"tag": ("tagName",), "text": ("text",), "template": ("templateId",)}
        if kind_of not in required:
            raise ctx.param_error(f"{at}.event must be tag, text or template")
        for key in required[kind_of]:
            if not event.get(key):
                raise ctx.param_error(f"{at}.{key} is required for a {kind_of} event")
        filled = {"event": kind_of, "tagName": None, "tagId": None, "templateName": None,
                  "templateId": None, "text": None, **event}  # fmt: skip
        if kind_of == "tag":
            filled["tagId"] = ctx.state.next_serial()
        events.append(filled)
    if kind == "QUICK_REPLY":
        # The server assigns the payload a click callback carries (seed detail example 1).
        button["payload"] = raw.get("payload") or str(ctx.state.next_serial())
        button.setdefault("customizeType", "conventional")
    if events:
        button["buttonEvents"] = events
    return button


def _template_fields(ctx: HandlerContext, phone: PhoneState) -> dict[str, Any]:
    """The create/update body, checked; keys are :class:`StoredTemplate` fields."""
    name = _text(ctx, "name") or ""
    if _CHINESE_TEXT.search(name):
        raise ctx.param_error("name must not contain Chinese characters")
    language = _text(ctx, "language") or ""
    if language not in LANGUAGE_CODES:
        raise ctx.param_error(f"language {language!r} is not a template language code")
    category_type = ctx.int_value("category_type")
    if category_type not in CATEGORY_NAMES:
        raise ctx.param_error("category_type must be 1 (MARKETING) or 2 (UTILITY)")
    content = _text(ctx, "content")
    if not content:
        raise ctx.param_error("content is required")
    media_type = _text(ctx, "media_type")
    handle = _text(ctx, "template_media_id")
    media_id = _text(ctx, "media_id")
    if media_type is not None:
        media_type = media_type.upper()
        if media_type not in _MEDIA_TYPES:
            raise ctx.param_error("mediaType must be IMAGE, DOCUMENT or VIDEO")
        if not (handle or media_id):
            raise ctx.param_error("a media header needs templateMediaId or mediaId")
    if handle is not None and handle not in phone.example_files:
        raise ctx.param_error("templateMediaId is not a handle uploadTemplateFile returned")
    raw_buttons = ctx.values.get("buttons") or []
    if not isinstance(raw_buttons, list):
        raise ctx.param_error("buttonComponents must be an array")
    buttons = [_check_button(ctx, i, b) for i, b in enumerate(raw_buttons)]
    syn_meta = ctx.values.get("syn_meta", True)
    return {
        "name": name,
        "language": language,
        "category_type": category_type,
        "content": content,
        "header_text": _text(ctx, "header_text"),
        "media_name": _text(ctx, "media_name"),
        "media_id": media_id,
        "media_type": media_type,
        "template_media_id": handle,
        "footer_text": _text(ctx, "footer_text"),
        "tag_name": _text(ctx, "tag_name"),
        "syn_meta": syn_meta is not False,
        "is_close_auto_flow": ctx.int_value("is_close_auto_flow") or 0,
        "buttons": buttons,
    }


def _template(ctx: HandlerContext, phone: PhoneState) -> StoredTemplate:
    raw = ctx.values["template_id"]
    try:
        template_id = int(raw)
    except (TypeError, ValueError):
        raise ctx.param_error(f"template id {raw!r} is not a number") from None
    template = phone.templates.get(template_id)
    if template is None:
        raise ctx.param_error(f"template {template_id} does not exist")
    return template


# ---------------------------------------------------------------------- handlers


def list_templates(ctx: HandlerContext) -> dict[str, Any]:
    """Newest first. Without ``name`` a page costs O(log n + page); ``name`` matches by
    substring, which looks at each distinct name once (no sort of the whole store)."""
    phone = tenant_phone(ctx)
    page_number = ctx.int_value("page_number", minimum=1) or 1
    page_size = ctx.int_value("page_size", minimum=1) or 1
    name = ctx.values.get("name") or ""
    store = phone.templates
    start = (page_number - 1) * page_size
    if name:
        matching = sorted(
            (t for n in store.names() if name in n for t in store.named(n)),
            key=lambda t: -t.id,
        )
        total = len(matching)
        page = matching[start : start + page_size]
    else:
        total = len(store)
        page = store.page(start, page_size, newest_first=True)
    body = {
        "list": [template_item(t) for t in page],
        "total": total,
        "has_next_page": start + page_size < total,
    }
    for template in page:
        ctx.state.note_read(template, phone)
    return body


def get_template(ctx: HandlerContext) -> dict[str, Any]:
    phone = tenant_phone(ctx)
    template = _template(ctx, phone)
    detail = template_detail(template)
    ctx.state.note_read(template, phone)
    return detail


def create_template(ctx: HandlerContext) -> None:
    phone = tenant_phone(ctx)
    fields = _template_fields(ctx, phone)
    ctx.state.check_create(phone, fields["name"], fields["language"], ctx.loop_time)
    template = ctx.state.new_template(
        phone.phone, now_ms=ctx.now_ms, owner=ctx.account.access_key, **fields
    )
    ctx.state.created(phone, template, ctx.loop_time)


def update_template(ctx: HandlerContext) -> None:
    phone = tenant_phone(ctx)
    fields = _template_fields(ctx, phone)
    name, language = fields.pop("name"), fields.pop("language")
    template = phone.find_template(name, language)
    if template is None:
        raise ctx.param_error(f"no template named {name!r} in {language} to update")
    category = CATEGORY_NAMES[fields["category_type"]]
    if template.category == "AUTHENTICATION" and fields["category_type"] == 2:
        category = "AUTHENTICATION"  # SaaS has no authentication type: type 2 keeps it
    ctx.state.check_edit(template, ctx.loop_time, category=category)
    # PUT: the body replaces the template; optional fields left out are cleared, and the open
    # platform's components give way to the SaaS fields.
    for key, value in fields.items():
        setattr(template, key, value)
    template.category = None if category != "AUTHENTICATION" else category
    template.components = None
    template.parameter_format = None
    ctx.state.edited(phone, template, ctx.loop_time, ctx.now_ms)


def delete_template(ctx: HandlerContext) -> None:
    phone = tenant_phone(ctx)
    template = _template(ctx, phone)
    ctx.state.check_delete([template])
    ctx.state.deleted(phone, [template], ctx.loop_time)


HANDLERS: Mapping[str, Handler] = {
    "saas_list_templates": list_templates,
    "saas_get_template": get_template,
    "saas_create_template": create_template,
    "saas_update_template": update_template,
    "saas_delete_template": delete_template,
}
