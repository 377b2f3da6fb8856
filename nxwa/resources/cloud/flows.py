"""``client.cloud.flows``: WhatsApp Flows on the open platform (``/v1/wa/m/flows/...``)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import anyio

from nxwa import endpoints as E
from nxwa.endpoints.request import check_values, dump_json
from nxwa.errors import RequestValidationError
from nxwa.files import FileInput, load_file
from nxwa.models.flows import FlowCategory, FlowInfo, FlowJsonUpdate, FlowPage, FlowPreview
from nxwa.models.validation import check_json, check_phone, coerce_enum
from nxwa.resources._base import AsyncResource
from nxwa.resources._pagination import AsyncPager
from nxwa.resources.cloud._cursor import cursor_pager
from nxwa.transport.base import FilePart

__all__ = ["AsyncCloudFlows"]

_JSON = {"application/json": None}


def _categories(values: Sequence[FlowCategory | str]) -> list[FlowCategory]:
    if isinstance(values, str) or not values:
        raise RequestValidationError("categories", "must be a non-empty list of categories")
    return [coerce_enum(FlowCategory, value, f"categories[{i}]") for i, value in enumerate(values)]


def _flow_file(flow_json: Mapping[str, Any] | FileInput) -> FilePart:
    """The flow JSON as a file part, checked to be a JSON object."""
    if isinstance(flow_json, Mapping):
        check_json(flow_json, "flow_json")
        content = dump_json(dict(flow_json))
        return FilePart(
            field="file", filename="flow.json", content=content, content_type="application/json"
        )
    part = load_file(
        flow_json,
        argument="flow_json",
        type="application/json",
        filename="flow.json" if isinstance(flow_json, bytes | bytearray) else None,
        allowed=_JSON,
        type_field="flow_json",
    )
    try:
        parsed = json.loads(part.content)
    except ValueError:
        raise RequestValidationError("flow_json", "is not valid JSON") from None
    if not isinstance(parsed, dict):
        raise RequestValidationError("flow_json", "must be a JSON object")
    return part


class AsyncCloudFlows(AsyncResource):
    """Flows of a business phone."""

    async def list(
        self,
        business_phone: str,
        *,
        limit: int | None = None,
        after: str | None = None,
        before: str | None = None,
    ) -> FlowPage:
        """One page of flows: ``POST /v1/wa/m/flows/queryFlowsByPhone`` (wire field
        ``phone``). ``limit`` defaults to 20.

        >>> page = await client.cloud.flows.list("8613800000000")
        >>> [(f.id, f.name, f.status) for f in page.items]
        """
        # The descriptor names it `phone` (its wire name): check it under the name given here.
        check_phone(business_phone, "business_phone")
        return await self._client.request(
            E.CLOUD_LIST_FLOWS, phone=business_phone, after=after, before=before, limit=limit
        )

    def iter(self, business_phone: str, *, limit: int = 50) -> AsyncPager[FlowInfo]:
        """Every flow, page by page.

        >>> async for flow in client.cloud.flows.iter("8613800000000"):
        ...     print(flow.id, flow.status)
        """
        # Lazy: refuse a bad argument here, not at the first page.
        check_phone(business_phone, "business_phone")
        check_values(E.CLOUD_LIST_FLOWS, limit=limit)

        async def fetch(cursor: str | None) -> tuple[Sequence[FlowInfo], str | None]:
            page = await self.list(business_phone, limit=limit, after=cursor)
            return page.items, page.next_cursor

        return cursor_pager(fetch)

    async def preview(self, flow_id: str) -> FlowPreview:
        """A web preview link of the flow and its expiry: ``POST
        /v1/wa/m/flows/getPreviewByFlowId``.

        >>> preview = await client.cloud.flows.preview("1743798696088965")
        >>> preview.preview.preview_url
        """
        return await self._client.request(E.CLOUD_GET_FLOW_PREVIEW, flow_id=flow_id)

    async def update(
        self,
        flow_id: str,
        *,
        name: str | None = None,
        categories: Sequence[FlowCategory | str] | None = None,
        endpoint_uri: str | None = None,
    ) -> bool:
        """Change a flow's name, categories (at least one) or data endpoint: ``POST
        /v1/wa/m/flows/updateFlow``. A Meta refusal raises ``MetaError`` (code 400).

        >>> await client.cloud.flows.update("1743798696088965", categories=["SIGN_UP"])
        True
        """
        if name is None and categories is None and endpoint_uri is None:
            raise RequestValidationError(
                "name", "give at least one of name, categories, endpoint_uri"
            )
        result = await self._client.request(
            E.CLOUD_UPDATE_FLOW,
            flow_id=flow_id,
            name=name,
            categories=None if categories is None else _categories(categories),
            endpoint_uri=endpoint_uri,
        )
        return result.success

    async def update_json(
        self, flow_id: str, flow_json: Mapping[str, Any] | FileInput
    ) -> FlowJsonUpdate:
        """Replace the flow's JSON: multipart ``POST /v1/wa/m/flows/updateFlowJson``. Never
        retried once sent. ``flow_json`` is a dict, JSON bytes, or a path/binary file of a
        JSON file; Meta's findings come back in ``validation_errors``.

        >>> result = await client.cloud.flows.update_json("1743798696088965", "flow.json")
        >>> result.success, result.validation_errors
        """
        check_values(E.CLOUD_UPDATE_FLOW_JSON, flow_id=flow_id)  # before reading the file
        part = await anyio.to_thread.run_sync(lambda: _flow_file(flow_json))
        return await self._client.request(E.CLOUD_UPDATE_FLOW_JSON, flow_id=flow_id, file=part)
