"""uploadMedia and deleteMedia (limits of reference §3.7), and getPhone."""

from __future__ import annotations

import uuid
from typing import Any

from nxwa.models.media import MEDIA_TYPES
from nxwa.testing.envelope import NxCloudError
from nxwa.testing.handlers.registry import Handler, HandlerContext
from nxwa.testing.messaging.common import check_app
from nxwa.testing.wire import UploadedFile

__all__ = ["HANDLERS", "phone_info"]


def upload_media(ctx: HandlerContext) -> dict[str, Any]:
    phone = ctx.phone_state()
    mime_type = str(ctx.values["type"]).lower()
    if mime_type not in MEDIA_TYPES:
        raise ctx.param_error(f"type {mime_type} is not supported")
    file = ctx.values["file"]
    assert isinstance(file, UploadedFile)  # the descriptor puts it in a file part
    limit = MEDIA_TYPES[mime_type]
    if limit is not None and len(file.content) > limit:
        raise ctx.param_error(f"{mime_type} files are limited to {limit} bytes")
    media = ctx.state.add_media(
        phone.phone,
        file_name=file.filename,
        mime_type=mime_type,
        media_id=str(uuid.uuid4()),
        now_ms=ctx.now_ms,
    )
    return {"id": media.media_id}


def delete_media(ctx: HandlerContext) -> dict[str, Any]:
    phone = ctx.phone_state()
    if phone.media.pop(str(ctx.values["media_id"]), None) is None:
        raise ctx.param_error(f"media {ctx.values['media_id']} does not exist")
    return {"success": True}


def phone_info(phone: str) -> dict[str, Any]:
    """A number's information, as the getPhone example shows it."""
    return {
        "display_phone_number": f"+{phone}",
        "quality_rating": "GREEN",
        "name_status": "APPROVED",
        "verified_name": "nxwa emulator",
        "code_verification_status": "VERIFIED",
        "current_limit": "",
        "status": "CONNECTED",
    }


def get_phone(ctx: HandlerContext) -> dict[str, Any]:
    check_app(ctx)
    requested = ctx.values.get("business_phones")
    if requested:
        phones = [p.strip() for p in str(requested).split(",") if p.strip()]
    else:
        known = ctx.state.known_phones
        phones = sorted(known if known is not None else ctx.state.phones)
    for phone in phones:
        if not ctx.state.has_phone(phone):
            raise NxCloudError(9002, f"{phone} is not a WhatsApp number of this application")
    # The documented example's shape: a map keyed by number, each value a one-item list.
    return {phone: [phone_info(phone)] for phone in phones}


HANDLERS: dict[str, Handler] = {
    "cloud_upload_media": upload_media,
    "cloud_delete_media": delete_media,
    "cloud_get_phone": get_phone,
}
