"""``client.saas``: the NXLink SaaS API (``/saas/wa/...`` on the region host)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nxwa.resources.saas.flows import AsyncSaasFlows
from nxwa.resources.saas.media import AsyncSaasMedia
from nxwa.resources.saas.messages import AsyncSaasMessages
from nxwa.resources.saas.templates import AsyncSaasTemplates

if TYPE_CHECKING:
    from nxwa.client import AsyncClient

__all__ = ["SaasAPI"]


class SaasAPI:
    """The SaaS namespace: ``templates``, ``flows``, ``media``, ``messages``."""

    def __init__(self, client: AsyncClient) -> None:
        self.templates = AsyncSaasTemplates(client)
        self.flows = AsyncSaasFlows(client)
        self.media = AsyncSaasMedia(client)
        self.messages = AsyncSaasMessages(client)
