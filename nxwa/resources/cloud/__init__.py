"""``client.cloud``: the NxCloud open platform (``https://api2.nxcloud.com/api/wa/...``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nxwa.resources.cloud.media import AsyncCloudMedia
from nxwa.resources.cloud.templates import AsyncCloudTemplates

if TYPE_CHECKING:
    from nxwa.client import AsyncClient

__all__ = ["CloudAPI"]


class CloudAPI:
    """The open-platform namespace: ``templates``, ``media``."""

    def __init__(self, client: AsyncClient) -> None:
        self.templates = AsyncCloudTemplates(client)
        self.media = AsyncCloudMedia(client)
