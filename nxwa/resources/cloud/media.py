"""``client.cloud.media``: media files on the open platform."""

from __future__ import annotations

from nxwa._generated import endpoints as E
from nxwa.models.cloud import MediaInfo
from nxwa.resources._base import AsyncResource

__all__ = ["AsyncCloudMedia"]


class AsyncCloudMedia(AsyncResource):
    """Media (``/api/wa/*Media``)."""

    async def get(self, business_phone: str, media_id: str) -> MediaInfo:
        """A media file's MIME type, name and expiring download URL: ``getMedia``
        (wire key ``Media-ID``).

        >>> info = await client.cloud.media.get("8613800000000", "fd81acff-eea8-...")
        >>> info.mime_type, info.url
        """
        return await self._client.request(
            E.CLOUD_GET_MEDIA, business_phone=business_phone, media_id=media_id
        )
