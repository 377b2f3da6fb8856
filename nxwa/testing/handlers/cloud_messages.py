"""Sending on the open platform: ``mt``, ``otp``, markMessageAsRead, typingIndicator.

Template sends are checked like Meta checks them: the template must exist in that language
and be approved (else Meta's 132001 inside code 9099), and the body must get one parameter per
distinct ``{{n}}`` (else 132000).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from nxwa.models.template_fit import variable_count
from nxwa.models.validation import LANGUAGE_CODES
from nxwa.testing.handlers.common import (
    PHONE_NUMBER,
    check_app,
    meta_error,
    record_sent,
    require_dict,
    require_text,
)
from nxwa.testing.handlers.registry import Handler, HandlerContext
from nxwa.testing.state import PhoneState

__all__ = ["HANDLERS"]

_OTP = re.compile(r"(?<!\d)\d{4,8}(?!\d)")
_MEDIA = ("image", "video", "audio", "document", "sticker")


def _recipient(ctx: HandlerContext) -> str:
    to = ctx.values.get("to")
    if not isinstance(to, str) or not PHONE_NUMBER.fullmatch(to):
        raise ctx.param_error("to must be a phone number with country code, digits only")
    return to


def _check_media(ctx: HandlerContext, phone: PhoneState, kind: str, media: dict[str, Any]) -> None:
    media_id, link = media.get("id"), media.get("link")
    if bool(media_id) == bool(link):
        raise ctx.param_error(f"{kind} needs exactly one of id and link")
    if media_id and media_id not in phone.media:
        raise meta_error(131053, f"Media upload error: unknown media id {media_id}")
    if link and not str(link).startswith(("http://", "https://")):
        raise ctx.param_error(f"{kind}.link must be an http(s) URL")


def _check_location(ctx: HandlerContext, location: dict[str, Any]) -> None:
    for name, bound in (("latitude", 90.0), ("longitude", 180.0)):
        try:
            value = float(location[name])
        except (KeyError, TypeError, ValueError):
            raise ctx.param_error(f"location.{name} is required (a number)") from None
        if not math.isfinite(value) or abs(value) > bound:
            raise ctx.param_error(f"location.{name} is out of range")


def _template(ctx: HandlerContext, phone: PhoneState, content: dict[str, Any]) -> str:
    """Check a template send; return the template's category."""
    name = require_text(ctx, "template.name", content.get("name"))
    language = content.get("language")
    if not isinstance(language, dict) or language.get("policy") != "deterministic":
        raise ctx.param_error('template.language needs code and policy "deterministic"')
    template = phone.approved_template(name, str(language.get("code")))
    if template is None:
        raise meta_error(132001, "Template name does not exist in the translation")
    components = content.get("components") or []
    body = next((c for c in components if isinstance(c, dict) and c.get("type") == "body"), None)
    given = len(body.get("parameters") or []) if body else 0
    if given != variable_count(template.content):
        raise meta_error(132000, "Number of parameters does not match the expected number")
    return template.category_name


def send_message(ctx: HandlerContext) -> dict[str, Any]:
    check_app(ctx)
    phone = ctx.phone_state()
    to = _recipient(ctx)
    kind = ctx.values["type"]
    if kind not in ("text", "location", "template", "interactive", "reaction", *_MEDIA):
        raise ctx.param_error(f"type {kind!r} is not a message type")
    content = require_dict(ctx, kind)
    category = None
    if kind == "text":
        require_text(ctx, "text.body", content.get("body"))
    elif kind in _MEDIA:
        _check_media(ctx, phone, kind, content)
    elif kind == "location":
        _check_location(ctx, content)
    elif kind == "template":
        category = _template(ctx, phone, content)
    elif kind == "reaction":
        require_text(ctx, "reaction.message_id", content.get("message_id"))
    elif not content.get("type"):
        raise ctx.param_error("interactive.type is required")
    sent = record_sent(
        ctx, business_phone=phone.phone, to=to, type=kind, content=content, category=category
    )
    return {"messaging_product": "whatsapp", "messages": [{"id": sent.id}]}


def send_otp(ctx: HandlerContext) -> dict[str, Any]:
    check_app(ctx)
    # (conflict) without business_phone NxCloud's number pool sends.
    phone = ctx.phone_state().phone if ctx.values.get("business_phone") else "otp-pool"
    to = _recipient(ctx)
    found = _OTP.search(str(ctx.values["content"]))
    if found is None:
        raise ctx.param_error("content must contain a code of 4-8 digits")
    if ctx.values["language_code"] not in LANGUAGE_CODES:
        raise ctx.param_error("language_code is not a template language")
    category = ctx.values.get("category") or "AUTHENTICATION"
    if category not in ("AUTHENTICATION", "UTILITY"):
        raise ctx.param_error("category must be AUTHENTICATION or UTILITY")
    sent = record_sent(
        ctx,
        business_phone=phone,
        to=to,
        type="otp",
        content={"code": found.group(), "language_code": ctx.values["language_code"]},
        category=category,
    )
    return {"messaging_product": "whatsapp", "messages": [{"id": sent.id}]}


def mark_read(ctx: HandlerContext) -> None:
    phone = ctx.phone_state()
    message_id = require_text(ctx, "message_id", ctx.values["message_id"])
    ctx.state.messaging.read.append((phone.phone, message_id))


def typing_indicator(ctx: HandlerContext) -> None:
    check_app(ctx)
    phone = ctx.phone_state()
    if require_dict(ctx, "typing_indicator").get("type") != "text":
        raise ctx.param_error('typing_indicator.type must be "text"')
    message_id = require_text(ctx, "message_id", ctx.values["message_id"])
    log = ctx.state.messaging
    log.typing.append((phone.phone, message_id))
    log.read.append((phone.phone, message_id))


HANDLERS: Mapping[str, Handler] = {
    "cloud_send_message": send_message,
    "cloud_send_otp": send_otp,
    "cloud_mark_message_read": mark_read,
    "cloud_typing_indicator": typing_indicator,
}
