"""``client.saas.media``: media uploaded by URL."""

from __future__ import annotations

from nxwa import endpoints as E
from nxwa.models.saas import SaasMedia
from nxwa.resources._base import AsyncResource

__all__ = ["AsyncSaasMedia"]


class AsyncSaasMedia(AsyncResource):
    """Media (``/saas/wa/media/{phone}``)."""

    async def upload(self, phone: str, *, url: str) -> SaasMedia:
        """Have NXLink fetch ``url`` and upload it to Meta: ``POST /saas/wa/media/{phone}``
        (multipart/form-data with a ``url`` field). Never retried once sent.

        >>> media = await client.saas.media.upload("8613800000000", url="https://x.io/a.jpg")
        >>> media.media_id, media.original_filename
        """
        return await self._client.request(E.SAAS_UPLOAD_MEDIA, phone=phone, url=url)
