"""NXLink SaaS media upload by URL (seed page 001)."""

from __future__ import annotations

import mimetypes
import posixpath
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from nxwa.testing.handlers.common import tenant_phone
from nxwa.testing.handlers.registry import Handler, HandlerContext

__all__ = ["HANDLERS"]


def upload_media(ctx: HandlerContext) -> dict[str, Any]:
    phone = tenant_phone(ctx)
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


HANDLERS: Mapping[str, Handler] = {"saas_upload_media": upload_media}
