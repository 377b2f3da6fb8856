"""Open-platform media: uploadMedia and deleteMedia (limits of reference §3.7), and getMedia
(seed page 003), which also finds media uploaded through SaaS or seeded with
:meth:`EmulatorState.add_media`."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from nxwa.models.media import MEDIA_TYPES
from nxwa.testing.handlers.registry import Handler, HandlerContext
from nxwa.testing.wire import UploadedFile

__all__ = ["HANDLERS"]


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


def get_media(ctx: HandlerContext) -> dict[str, Any]:
    phone = ctx.phone_state()
    media_id = str(ctx.values["media_id"])
    media = phone.media.get(media_id)
    if media is None:
        raise ctx.param_error(f"media {media_id} does not exist")
    return {"mime_type": media.mime_type, "file_name": media.file_name, "url": media.url}


def delete_media(ctx: HandlerContext) -> dict[str, Any]:
    phone = ctx.phone_state()
    if phone.media.pop(str(ctx.values["media_id"]), None) is None:
        raise ctx.param_error(f"media {ctx.values['media_id']} does not exist")
    return {"success": True}


HANDLERS: Mapping[str, Handler] = {
    "cloud_upload_media": upload_media,
    "cloud_get_media": get_media,
    "cloud_delete_media": delete_media,
}
