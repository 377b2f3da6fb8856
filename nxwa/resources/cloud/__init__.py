"""``client.cloud``: the NxCloud open platform (``https://api2.nxcloud.com/api/wa/...``)."""

from __future__ import annotations

from nxwa.resources._base import Namespace
from nxwa.resources.cloud.block_users import AsyncCloudBlockUsers
from nxwa.resources.cloud.flows import AsyncCloudFlows
from nxwa.resources.cloud.integrator import AsyncIntegrator
from nxwa.resources.cloud.media import AsyncCloudMedia
from nxwa.resources.cloud.messages import AsyncCloudMessages
from nxwa.resources.cloud.numbers import AsyncCloudNumbers
from nxwa.resources.cloud.profile import AsyncCloudProfile
from nxwa.resources.cloud.templates import AsyncCloudTemplates

__all__ = ["CloudAPI"]


class CloudAPI(Namespace):
    """The open-platform namespace: ``templates``, ``media``, ``messages``, ``numbers``,
    ``flows``, ``profile``, ``block_users`` and ``integrator``."""

    templates: AsyncCloudTemplates
    media: AsyncCloudMedia
    messages: AsyncCloudMessages
    numbers: AsyncCloudNumbers
    flows: AsyncCloudFlows
    profile: AsyncCloudProfile
    block_users: AsyncCloudBlockUsers
    integrator: AsyncIntegrator
