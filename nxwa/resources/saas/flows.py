"""``client.saas.flows``: the WhatsApp Flows of a business phone."""

from __future__ import annotations

from nxwa import endpoints as E
from nxwa.models.saas import SaasFlow
from nxwa.resources._base import AsyncResource

__all__ = ["AsyncSaasFlows"]


class AsyncSaasFlows(AsyncResource):
    """Flows (``/saas/wa/flow/{phone}``)."""

    async def list(self, phone: str) -> list[SaasFlow]:
        """All flows of ``phone``: ``GET /saas/wa/flow/{phone}``.

        >>> flows = await client.saas.flows.list("8613800000000")
        >>> [(f.id, f.name, f.status) for f in flows]
        """
        result = await self._client.request(E.SAAS_LIST_FLOWS, phone=phone)
        return result.flows
