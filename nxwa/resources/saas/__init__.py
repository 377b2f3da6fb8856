"""``client.saas``: the NXLink SaaS API (``/saas/wa/...`` on the region host)."""

from __future__ import annotations

from nxwa.resources._base import Namespace
from nxwa.resources.saas.flows import AsyncSaasFlows
from nxwa.resources.saas.media import AsyncSaasMedia
from nxwa.resources.saas.messages import AsyncSaasMessages
from nxwa.resources.saas.templates import AsyncSaasTemplates

__all__ = ["SaasAPI"]


class SaasAPI(Namespace):
    """The SaaS namespace: ``templates``, ``flows``, ``media``, ``messages``."""

    templates: AsyncSaasTemplates
    flows: AsyncSaasFlows
    media: AsyncSaasMedia
    messages: AsyncSaasMessages
