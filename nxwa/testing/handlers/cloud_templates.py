"""Open-platform template endpoints (``/api/wa/...``): example files (uploadTemplateFile),
getTemplate, createTemplate(Async), updateTemplate and deleteTemplate (reference §4.9–4.14).

Templates are shared with the SaaS side (one store per business phone): ``updateTemplate``
takes the template's id as SaaS lists it, and getTemplate shows SaaS-made templates the way
Meta describes them. Components are stored as received and answered as stored (Meta's own
rules are not re-checked here: Meta's review, :mod:`nxwa.testing.review`, rejects templates
that break them); Meta's limits (:mod:`nxwa.testing.meta`) apply to create, update and delete.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any

from nxwa.files import TEMPLATE_EXAMPLE_TYPES
from nxwa.models.validation import CHINESE_TEXT as _CHINESE_TEXT
from nxwa.models.validation import LANGUAGE_CODES
from nxwa.testing.handlers.cloud_template_components import auth_text, meta_components, saas_fields
from nxwa.testing.handlers.common import check_app
from nxwa.testing.handlers.registry import Handler, HandlerContext
from nxwa.testing.state import StoredTemplate
from nxwa.testing.wire import UploadedFile

__all__ = ["HANDLERS", "template_info"]

#: Meta category → SaaS ``category_type`` (SaaS has no authentication type).
_CATEGORY_TYPES = {"MARKETING": 1, "UTILITY": 2, "AUTHENTICATION": 2}
_DEFAULT_LIMIT = 20


def template_info(t: StoredTemplate) -> dict[str, Any]:
    """A getTemplate ``templateInfo``: Meta's read-side fields and the stored components."""
    info: dict[str, Any] = {
        "id": str(t.id),
        "name": t.name,
        "language": t.language,
        "status": t.meta_status,
        "category": t.category_name,
    }
    if t.parameter_format is not None:
        info["parameter_format"] = t.parameter_format
    if t.message_send_ttl_seconds is not None:
        info["message_send_ttl_seconds"] = t.message_send_ttl_seconds
    info["rejected_reason"] = t.rejected_reason or "NONE"
    info["quality_score"] = {"score": t.quality}
    info["components"] = meta_components(t)
    return info


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


# ---------------------------------------------------------------------- getTemplate paging


def _cursor(template_id: int) -> str:
    return base64.urlsafe_b64encode(f"id:{template_id}".encode()).decode().rstrip("=")


def _after(ctx: HandlerContext, cursor: Any) -> int | None:
    """The template id an ``after`` cursor points past (None: from the start)."""
    if cursor is None or cursor == "":
        return None
    text = str(cursor)
    try:
        decoded = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
        if decoded.startswith("id:"):
            return int(decoded[3:])
    except ValueError:
        pass
    raise ctx.param_error("after is not a cursor this server issued")


def _paging(
    first: StoredTemplate | None, last: StoredTemplate | None, more: bool, limit: int
) -> dict[str, Any]:
    paging: dict[str, Any] = {}
    if first is not None and last is not None:
        paging["cursors"] = {"before": _cursor(first.id - 1), "after": _cursor(last.id)}
        if more:
            after = _cursor(last.id)
            paging["next"] = (
                f"https://graph.facebook.com/v17.0/emulator?limit={limit}&after={after}"
            )
    else:
        paging["cursors"] = {"before": "", "after": ""}
    return paging


def list_templates(ctx: HandlerContext) -> dict[str, Any]:
    """Oldest first, ``after`` cursors by template id (stable when templates come and go),
    ``name`` exact (every language of that name)."""
    check_app(ctx)
    phone = ctx.phone_state()
    limit = ctx.int_value("limit", minimum=1) or _DEFAULT_LIMIT
    after = _after(ctx, ctx.values.get("after"))
    store = phone.templates
    name = ctx.values.get("name")
    if name is not None:
        candidates = [t for t in store.named(str(name)) if after is None or t.id > after]
        page = candidates[:limit]
        more = len(candidates) > limit
    else:
        start = 0 if after is None else store.rank_after(after)
        page = store.page(start, limit + 1)
        more = len(page) > limit
        page = page[:limit]
    body = {
        "data": [template_info(t) for t in page],
        "paging": _paging(page[0] if page else None, page[-1] if page else None, more, limit),
    }
    for t in page:
        ctx.state.note_read(t, phone)
    return body


# ---------------------------------------------------------------------- writes


def _components(ctx: HandlerContext) -> list[Any]:
    components = ctx.values["components"]
    if not isinstance(components, list) or not components:
        raise ctx.param_error("components must be a non-empty array")
    for i, component in enumerate(components):
        if not isinstance(component, dict) or not component.get("type"):
            raise ctx.param_error(f"components[{i}] must be an object with a type")
    return components


def _extras(ctx: HandlerContext) -> dict[str, Any]:
    """Meta's template fields NxCloud passes through beside the documented ones."""
    body = ctx.inputs.json_body or {}
    extras: dict[str, Any] = {}
    if "parameter_format" in body:
        extras["parameter_format"] = body["parameter_format"]
    ttl = ctx.values.get("message_send_ttl_seconds", body.get("message_send_ttl_seconds"))
    if ttl is not None:
        extras["message_send_ttl_seconds"] = ttl
    return extras


def _category(ctx: HandlerContext, value: Any) -> str:
    if value not in _CATEGORY_TYPES:
        raise ctx.param_error("category must be MARKETING, UTILITY or AUTHENTICATION")
    return str(value)


def _create(ctx: HandlerContext) -> StoredTemplate:
    check_app(ctx)
    phone = ctx.phone_state()
    name, language = ctx.values["name"], ctx.values["language"]
    if not isinstance(name, str) or _CHINESE_TEXT.search(name):
        raise ctx.param_error("name must not contain Chinese characters")
    if language not in LANGUAGE_CODES:
        raise ctx.param_error(f"{language} is not a template language")
    category = _category(ctx, ctx.values["category"])
    components = _components(ctx)
    ctx.state.check_create(phone, name, str(language), ctx.loop_time)
    stored = auth_text(components) if category == "AUTHENTICATION" else components
    template = ctx.state.new_template(
        phone.phone,
        now_ms=ctx.now_ms,
        name=name,
        language=str(language),
        category=category,
        category_type=_CATEGORY_TYPES[category],
        components=stored,
        owner=ctx.account.access_key,
        **_extras(ctx),
        **saas_fields(ctx.state, phone, stored),
    )
    ctx.state.created(phone, template, ctx.loop_time)
    return template


def create_template(ctx: HandlerContext) -> dict[str, Any]:
    return {"id": str(_create(ctx).id)}


def create_template_async(ctx: HandlerContext) -> dict[str, Any]:
    # (inferred) the page's response is truncated; the id is returned like createTemplate's.
    return {"id": str(_create(ctx).id)}


def update_template(ctx: HandlerContext) -> dict[str, Any]:
    """Meta's edit: the components are replaced whole (and read back as sent), the category
    and TTL may change; the template goes back to review."""
    check_app(ctx)
    phone = ctx.phone_state()
    template_id = str(ctx.values["template_id"])
    # isascii(): isdigit() also accepts digits like "²", which int() refuses.
    known = template_id.isascii() and template_id.isdigit()
    template = phone.templates.get(int(template_id)) if known else None
    if template is None:
        raise ctx.param_error(f"template {template_id} does not exist")
    components = _components(ctx)
    raw_category = ctx.values.get("category")
    category = None if raw_category is None else _category(ctx, raw_category)
    ctx.state.check_edit(template, ctx.loop_time, category=category)
    new_category = category or template.category_name
    stored = auth_text(components) if new_category == "AUTHENTICATION" else components
    fields = saas_fields(ctx.state, phone, stored)
    fields.update(_extras(ctx))
    fields["components"] = stored
    if category is not None:
        fields["category"] = category
        fields["category_type"] = _CATEGORY_TYPES[category]
    for key, value in fields.items():
        setattr(template, key, value)
    ctx.state.edited(phone, template, ctx.loop_time, ctx.now_ms)
    return {"id": template_id}


def delete_template(ctx: HandlerContext) -> dict[str, Any]:
    """Deletes every language of the name; an approved one locks its name for a while."""
    check_app(ctx)
    phone = ctx.phone_state()
    doomed = phone.templates.named(str(ctx.values["name"]))
    ctx.state.check_delete(doomed)
    ctx.state.deleted(phone, doomed, ctx.loop_time)
    return {"success": bool(doomed)}


HANDLERS: Mapping[str, Handler] = {
    "cloud_upload_template_file": upload_template_file,
    "cloud_list_templates": list_templates,
    "cloud_create_template": create_template,
    "cloud_create_template_async": create_template_async,
    "cloud_update_template": update_template,
    "cloud_delete_template": delete_template,
}
