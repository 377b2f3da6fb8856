"""Open-platform media: what uploadMedia accepts and what it returns."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from nxwa.models.base import WireModel

__all__ = ["MEDIA_TYPES", "UploadedMedia"]

_KB = 1024
_MB = 1024 * _KB

#: uploadMedia (and send-by-link): MIME type → max bytes, reference §3.7.
MEDIA_TYPES: Mapping[str, int | None] = {
    "image/jpeg": 5 * _MB,
    "image/png": 5 * _MB,
    "audio/aac": 16 * _MB,
    "audio/mp4": 16 * _MB,
    "audio/mpeg": 16 * _MB,
    "audio/amr": 16 * _MB,
    "audio/ogg": 16 * _MB,
    "video/mp4": 16 * _MB,
    "video/3gp": 16 * _MB,
    "text/plain": 100 * _MB,
    "application/pdf": 100 * _MB,
    "application/vnd.ms-powerpoint": 100 * _MB,
    "application/msword": 100 * _MB,
    "application/vnd.ms-excel": 100 * _MB,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": 100 * _MB,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": 100 * _MB,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": 100 * _MB,
    "image/webp": 100 * _KB,
}


@attrs.frozen(kw_only=True, slots=True)
class UploadedMedia(WireModel):
    #: NxCloud's media id (a UUID, not a Meta media id), for ``Image(id=...)`` and friends.
    id: str
