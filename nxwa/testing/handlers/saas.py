"""NXLink SaaS handlers: templates, flows and media by URL, answering in the seed page's
shapes (seed 001).

Where the docs are silent the emulator picks the reading a careful client should survive:
create and update answer ``data: null`` (no example shows a body; look the id up by name),
list is newest first and ``name`` filters by substring, an edit sends the template back to
review (status 1).
"""

from __future__ import annotations

import mimetypes
import posixpath
import re
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from nxwa.models.validation import LANGUAGE_CODES
from nxwa.testing.envelope import NxCloudError
from nxwa.testing.handlers.registry import Handler, HandlerContext
from nxwa.testing.state import PhoneState, StoredTemplate, oss_url

__all__ = ["HANDLERS", "LANGUAGE_NAMES", "template_detail", "template_item"]

HANDLERS: dict[str, Handler] = {}


def _handles(endpoint_id: str) -> Callable[[Handler], Handler]:
    def add(fn: Handler) -> Handler:
        HANDLERS[endpoint_id] = fn
        return fn

    return add


#: ``language_name`` per code, from the seed's template language table.
LANGUAGE_NAMES: Mapping[str, str] = {
    "af": "Afrikaans", "sq": "Albanian", "ar": "Arabic", "az": "Azerbaijani", "bn": "Bengali",
    "bg": "Bulgarian", "ca": "Catalan", "zh_CN": "Chinese (CHN)", "zh_HK": "Chinese (HK)",
    "zh_TW": "Chinese (TAI)", "zh_KR": "Chinese (KOR)", "hr": "Croatian", "cs": "Czech",
    "da": "Danish", "nl": "Dutch", "en": "English", "en_GB": "English (UK)",
    "en_US": "English (US)", "et": "Estonian", "he": "Hebrew", "hi": "Hindi", "hu": "Hungarian",
    "id": "Indonesian", "ga": "Irish", "it": "Italian", "ja": "Japanese", "jv": "Javanese",
    "kn": "Kannada", "kk": "Kazakh", "km": "Khmer", "ko": "Korean", "lo": "Lao", "la": "Latin",
    "lv": "Latvian", "lt": "Lithuanian", "mk": "Macedonian", "ml": "Malayalam", "mr": "Marathi",
    "nb": "Norwegian", "fa": "Persian", "pl": "Polish", "pt": "Portuguese",
    "pt_BR": "Portuguese (BR)", "pa": "Punjabi", "ro": "Romanian", "ru": "Russian",
    "sr": "Serbian", "sk": "Slovak", "sl": "Slovenian", "es": "Spanish", "es_AR": "Spanish (ARG)",
    "es_ES": "Spanish (SPA)", "sw": "Swahili", "te": "Telugu", "tr": "Turkish", "uk": "Ukrainian",
    "ur": "Urdu", "uz": "Uzbek", "vi": "Vietnamese", "cy": "Welsh", "zu": "Zulu",
}  # fmt: skip

_CATEGORIES = {1: "MARKETING", 2: "UTILITY"}
_CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")
_BUTTON_TYPES = frozenset({"QUICK_REPLY", "URL", "PHONE_NUMBER", "FLOW", "COPY_CODE"})
_MEDIA_TYPES = frozenset({"IMAGE", "DOCUMENT", "VIDEO"})


def _stamp(ms: int) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(ms / 1000))


# ---------------------------------------------------------------------- rendering


def template_item(t: StoredTemplate) -> dict[str, Any]:
    """A list item, as in the seed's list response."""
    return {
        "id": t.id,
        "channel": 2,
        "name": t.name,
        "content": t.content,
        "created_at": _stamp(t.created_ms),
        "updated_at": _stamp(t.updated_ms),
        "status": t.status,
        "language": t.language,
        "language_name": LANGUAGE_NAMES.get(t.language, t.language),
        "unsubscribe": "",
        "additional": None,
        "quality": t.quality,
        "category": t.category or _CATEGORIES.get(t.category_type, "MARKETING"),
        "category_type": t.category_type,
        "waRejectedReason": t.rejected_reason,
        "is_close_auto_flow": t.is_close_auto_flow,
    }


_COMPONENT_KEYS = (
    "format", "text", "buttons", "parameters", "sub_type", "index", "example", "filename", "url",
    "media_id", "h", "media_type",
)  # fmt: skip


def _component(kind: str, **fields: Any) -> dict[str, Any]:
    # The seed's detail example spells out every key, null when unused.
    component: dict[str, Any] = {"type": kind, **dict.fromkeys(_COMPONENT_KEYS)}
    component.update(fields)
    return component


def _components(t: StoredTemplate) -> list[dict[str, Any]]:
    components: list[dict[str, Any]] = []
    if t.media_type:
        components.append(
            _component(
                "HEADER",
                format=t.media_type,
                # As in the seed: a preview link here, the Meta handle under "h".
                example={
                    "header_handle": oss_url(t.media_id or str(t.id), now_ms=t.updated_ms),
                    "file_name": t.media_name,
                },
                filename=t.media_name,
                media_id=t.media_id,
                h=t.template_media_id,
            )
        )
    elif t.header_text:
        components.append(_component("HEADER", format="TEXT", text=t.header_text))
    variables = _VARIABLE.findall(t.content)
    body_example = {"body_text": [[f"sample_{v}" for v in variables]]} if variables else None
    components.append(_component("BODY", text=t.content, example=body_example))
    if t.footer_text:
        components.append(_component("FOOTER", text=t.footer_text))
    if t.buttons:
        buttons = [
            {
                "type": b.get("type"),
                "text": b.get("text"),
                "payload": None,
                "url": b.get("url"),
                "phone_number": b.get("phoneNumber"),
                "flow_id": b.get("flow_id"),
                "navigate_screen": b.get("navigate_screen"),
                "flow_action": b.get("flow_action"),
                "buttonReqs": b,
            }
            for b in t.buttons
        ]
        components.append(_component("BUTTONS", buttons=buttons))
    return components


def template_detail(t: StoredTemplate) -> dict[str, Any]:
    """A detail: the list item plus ``buttonComponents`` (seed examples 2 and 3) and the
    Meta-style ``components`` (seed example 1)."""
    return {
        **template_item(t),
        "namespace": None,
        "buttonComponents": [dict(b) for b in t.buttons] or None,
        "components": _components(t),
    }


# ---------------------------------------------------------------------- checks


def _check_tenant(ctx: HandlerContext) -> None:
    if "tenant_id" not in ctx.values:
        return
    tenant = ctx.int_value("tenant_id")
    if tenant != ctx.account.tenant_id:
        raise NxCloudError(1005, f"tenant {tenant} does not belong to this accessKey")


def _phone(ctx: HandlerContext) -> PhoneState:
    _check_tenant(ctx)
    return ctx.phone_state()


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
    if kind == "URL" and _VARIABLE.search(raw["url"]) and not raw.get("example"):
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
    if _CHINESE.search(name):
        raise ctx.param_error("name must not contain Chinese characters")
    language = _text(ctx, "language") or ""
    if language not in LANGUAGE_CODES:
        raise ctx.param_error(f"language {language!r} is not a template language code")
    category_type = ctx.int_value("category_type")
    if category_type not in _CATEGORIES:
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


@_handles("saas_list_templates")
def list_templates(ctx: HandlerContext) -> dict[str, Any]:
    phone = _phone(ctx)
    page_number = ctx.int_value("page_number", minimum=1) or 1
    page_size = ctx.int_value("page_size", minimum=1) or 1
    name = ctx.values.get("name") or ""
    matching = sorted((t for t in phone.templates.values() if name in t.name), key=lambda t: -t.id)
    start = (page_number - 1) * page_size
    page = matching[start : start + page_size]
    body = {
        "list": [template_item(t) for t in page],
        "total": len(matching),
        "has_next_page": start + page_size < len(matching),
    }
    for template in page:
        ctx.state.note_read(template)
    return body


@_handles("saas_get_template")
def get_template(ctx: HandlerContext) -> dict[str, Any]:
    template = _template(ctx, _phone(ctx))
    detail = template_detail(template)
    ctx.state.note_read(template)
    return detail


@_handles("saas_create_template")
def create_template(ctx: HandlerContext) -> None:
    phone = _phone(ctx)
    fields = _template_fields(ctx, phone)
    if phone.find_template(fields["name"], fields["language"]) is not None:
        raise ctx.param_error(
            f"a template named {fields['name']!r} already exists in {fields['language']}"
        )
    ctx.state.new_template(phone.phone, now_ms=ctx.now_ms, **fields)


@_handles("saas_update_template")
def update_template(ctx: HandlerContext) -> None:
    phone = _phone(ctx)
    fields = _template_fields(ctx, phone)
    template = phone.find_template(fields["name"], fields["language"])
    if template is None:
        raise ctx.param_error(
            f"no template named {fields['name']!r} in {fields['language']} to update"
        )
    # PUT: the body replaces the template; optional fields left out are cleared.
    for key, value in fields.items():
        setattr(template, key, value)
    template.category = None
    ctx.state.mark_changed(template, now_ms=ctx.now_ms)


@_handles("saas_delete_template")
def delete_template(ctx: HandlerContext) -> None:
    phone = _phone(ctx)
    template = _template(ctx, phone)
    del phone.templates[template.id]


@_handles("saas_list_flows")
def list_flows(ctx: HandlerContext) -> dict[str, Any]:
    return {"flow_list": [dict(flow) for flow in _phone(ctx).flows]}


@_handles("saas_upload_media")
def upload_media(ctx: HandlerContext) -> dict[str, Any]:
    phone = _phone(ctx)
    url = str(ctx.values["url"])
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ctx.param_error("url must be an http(s) URL")
    # The emulator is offline: it names and types the file from the URL instead of fetching.
    file_name = posixpath.basename(parts.path) or f"{ctx.now_ms}.jpg"
    mime_type = mimetypes.guess_type(file_name)[0] or "application/octet-stream"
    media = ctx.state.add_media(
        phone.phone, file_name=file_name, mime_type=mime_type, source_url=url, now_ms=ctx.now_ms
    )
    return {
        "media_id": media.media_id,
        "original_filename": media.file_name,
        "media_type": media.media_type,
        "url": media.url,
    }
