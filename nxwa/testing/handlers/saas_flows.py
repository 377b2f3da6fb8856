"""NXLink SaaS flow list (``GET /saas/wa/flow/{phone}``, seed page 001)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from nxwa.testing.handlers.common import tenant_phone
from nxwa.testing.handlers.registry import Handler, HandlerContext

__all__ = ["HANDLERS"]


def list_flows(ctx: HandlerContext) -> dict[str, Any]:
    return {"flow_list": [dict(flow) for flow in tenant_phone(ctx).flows]}


HANDLERS: Mapping[str, Handler] = {"saas_list_flows": list_flows}
