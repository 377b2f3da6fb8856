"""SaaS template response shapes: the list item and the detail of seed page 001."""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Mapping
from typing import Any

from nxwa.testing.state import StoredTemplate, oss_url

__all__ = ["LANGUAGE_NAMES", "VARIABLE", "template_detail", "template_item"]

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

#: A ``{{n}}`` (or ``{{name}}``) variable of a SaaS template text; group 1 is its name.
VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")

_COMPONENT_KEYS = (
    "format", "text", "buttons", "parameters", "sub_type", "index", "example", "filename", "url",
    "media_id", "h", "media_type",
)  # fmt: skip


def _stamp(ms: int) -> str:
    return _stamp_seconds(ms // 1000)


@functools.lru_cache(maxsize=4096)
def _stamp_seconds(seconds: int) -> str:
    # Cached: templates made in the same second (a bulk job, a large listing) share it.
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(seconds))


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
        "category": t.category_name,
        "category_type": t.category_type,
        "waRejectedReason": t.rejected_reason,
        "is_close_auto_flow": t.is_close_auto_flow,
    }


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
    variables = VARIABLE.findall(t.content)
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
