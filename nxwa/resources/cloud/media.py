"""``client.cloud.media``: upload, inspect and delete media files on the open platform."""

from __future__ import annotations

import attrs

from nxwa import endpoints as E
from nxwa.endpoints.request import check_values
from nxwa.files import FileInput, read_file
from nxwa.models.cloud import MediaInfo
from nxwa.models.media import MEDIA_TYPES
from nxwa.resources._base import AsyncResource

__all__ = ["AsyncCloudMedia"]

#: Names Python's mimetypes gives ``.3gp`` files; the docs spell the type ``video/3gp``.
_ALIASES = {"video/3gpp": "video/3gp", "audio/3gpp": "video/3gp"}
_ACCEPTED = {**MEDIA_TYPES, **{alias: MEDIA_TYPES[name] for alias, name in _ALIASES.items()}}


class AsyncCloudMedia(AsyncResource):
    """Media (``/api/wa/*Media``)."""

    async def upload(
        self,
        business_phone: str,
        file: FileInput,
        *,
        type: str | None = None,
        filename: str | None = None,
    ) -> str:
        """Upload a file to send by id, and return NxCloud's media id (a UUID): multipart
        ``POST /api/wa/uploadMedia``. Never retried once sent.

        ``type`` is the MIME type (taken from the file name or the first bytes when omitted)
        and must be one WhatsApp accepts, within its size limit: JPEG/PNG images 5 MB;
        AAC/MP4/MPEG/AMR/OGG audio and MP4/3GP video 16 MB; text, PDF and Office documents
        100 MB; WebP stickers 100 KB. Both are checked before anything is sent.

        >>> media_id = await client.cloud.media.upload("8613800000000", "invoice.pdf")
        >>> await client.cloud.messages.send(phone, to, Document(id=media_id))
        """
        check_values(E.CLOUD_UPLOAD_MEDIA, business_phone=business_phone)  # before reading
        part = await read_file(file, type=type, filename=filename, allowed=_ACCEPTED)
        mime = _ALIASES.get(part.content_type, part.content_type)
        uploaded = await self._client.request(
            E.CLOUD_UPLOAD_MEDIA,
            business_phone=business_phone,
            type=mime,
            file=attrs.evolve(part, content_type=mime),
        )
        return uploaded.id

    async def get(self, business_phone: str, media_id: str) -> MediaInfo:
        """A media file's MIME type, name and expiring download URL: ``getMedia``
        (wire key ``Media-ID``).

        >>> info = await client.cloud.media.get("8613800000000", "fd81acff-eea8-...")
        >>> info.mime_type, info.url
        """
        return await self._client.request(
            E.CLOUD_GET_MEDIA, business_phone=business_phone, media_id=media_id
        )

    async def delete(self, business_phone: str, media_id: str) -> bool:
        """Delete an uploaded media file: ``POST /api/wa/deleteMedia`` (wire key
        ``Media-ID``). Returns the server's ``success`` flag.

        >>> await client.cloud.media.delete("8613800000000", "a75c6d9b-a7c8-...")
        True
        """
        result = await self._client.request(
            E.CLOUD_DELETE_MEDIA, business_phone=business_phone, media_id=media_id
        )
        return result.success
