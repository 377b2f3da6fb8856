"""Open-platform flow endpoints (``/v1/wa/m/flows/...``); failures are code 400 with Meta's
error in ``data.error``, as documented."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from nxwa.models.flows import FlowCategory
from nxwa.testing.envelope import NxCloudError
from nxwa.testing.handlers.common import check_app, cursor_page, meta_error
from nxwa.testing.handlers.registry import Handler, HandlerContext
from nxwa.testing.wire import UploadedFile

__all__ = ["HANDLERS"]

_CATEGORIES = frozenset(FlowCategory.__members__)


def _flow(ctx: HandlerContext, operation: str) -> dict[str, Any]:
    flow_id = str(ctx.values["flow_id"])
    flow = ctx.state.find_flow(flow_id)
    if flow is None:
        error = meta_error(100, f"Unsupported request: flow {flow_id} does not exist", nx_code=400)
        raise NxCloudError(400, f"{operation} error", data=error.data)
    return flow


def list_flows(ctx: HandlerContext) -> dict[str, Any]:
    check_app(ctx)
    flows = ctx.phone_state().flows
    return cursor_page(ctx, [dict(f) for f in flows])


def preview(ctx: HandlerContext) -> dict[str, Any]:
    check_app(ctx)
    flow = _flow(ctx, "getPreviewByFlowId")
    expires_s = ctx.now_ms // 1000 + 30 * 24 * 3600
    url = f"https://business.facebook.com/wa/manage/flows/{flow['id']}/preview/?token=emulator"
    return {"id": flow["id"], "preview": {"preview_url": url, "expires_at": str(expires_s)}}


def update(ctx: HandlerContext) -> dict[str, Any]:
    check_app(ctx)
    flow = _flow(ctx, "updateFlow")
    categories = ctx.values.get("categories")
    if categories is not None:
        if not isinstance(categories, list) or not categories:
            raise NxCloudError(400, "updateFlow error", data=meta_error(100, "categories").data)
        unknown = [c for c in categories if c not in _CATEGORIES]
        if unknown:
            data = meta_error(100, f"Invalid categories {unknown}").data
            raise NxCloudError(400, "updateFlow error", data=data)
        flow["categories"] = list(categories)
    for key in ("name", "endpoint_uri"):
        if ctx.values.get(key) is not None:
            flow[key] = ctx.values[key]
    return {"success": True}


def update_json(ctx: HandlerContext) -> dict[str, Any]:
    flow = _flow(ctx, "updateFlowJsonByFlowId")
    file = ctx.values["file"]
    assert isinstance(file, UploadedFile)  # the descriptor puts it in a file part
    try:
        document = json.loads(file.content)
    except ValueError as exc:
        error = {"error": "INVALID_JSON", "error_type": "JSON_SCHEMA_ERROR", "message": str(exc)}
        return {"success": False, "validation_errors": [error]}
    ctx.state.flow_json[str(flow["id"])] = document
    if isinstance(document, dict) and document.get("version"):
        flow["json_version"] = str(document["version"])
    return {"success": True, "validation_errors": []}


HANDLERS: Mapping[str, Handler] = {
    "cloud_list_flows": list_flows,
    "cloud_get_flow_preview": preview,
    "cloud_update_flow": update,
    "cloud_update_flow_json": update_json,
}
