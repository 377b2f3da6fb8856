"""``client.cloud``: the NxCloud open platform (``https://api2.nxcloud.com/api/wa/...``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nxwa.resources.cloud.block_users import AsyncCloudBlockUsers
from nxwa.resources.cloud.flows import AsyncCloudFlows
from nxwa.resources.cloud.integrator import AsyncIntegrator
from nxwa.resources.cloud.media import AsyncCloudMedia
from nxwa.resources.cloud.messages import AsyncCloudMessages
from nxwa.resources.cloud.numbers import AsyncCloudNumbers
from nxwa.resources.cloud.profile import AsyncCloudProfile
from nxwa.resources.cloud.templates import AsyncCloudTemplates

if TYPE_CHECKING:
    from nxwa.client import AsyncClient

__all__ = ["CloudAPI"]


class CloudAPI:
    """The open-platform namespace: ``templates``, ``media``, ``messages``, ``numbers``,
    ``flows``, ``profile``, ``block_users`` and ``integrator``."""

    def __init__(self, client: AsyncClient) -> None:
        self.templates = AsyncCloudTemplates(client)
        self.media = AsyncCloudMedia(client)
        self.messages = AsyncCloudMessages(client)
        self.numbers = AsyncCloudNumbers(client)
        self.flows = AsyncCloudFlows(client)
        self.profile = AsyncCloudProfile(client)
        self.block_users = AsyncCloudBlockUsers(client)
        self.integrator = AsyncIntegrator(client)
