"""WhatsApp Flows on the open platform (``/v1/wa/m/flows/...``)."""

from __future__ import annotations

from typing import Any

import attrs

from nxwa.models.base import WireModel
from nxwa.models.enums import FlowStatus, OpenStrEnum
from nxwa.models.paging import Paging

__all__ = [
    "FlowCategory",
    "FlowInfo",
    "FlowJsonUpdate",
    "FlowPage",
    "FlowPreview",
    "PreviewLink",
]


class FlowCategory(OpenStrEnum):
    SIGN_UP = "SIGN_UP"
    SIGN_IN = "SIGN_IN"
    APPOINTMENT_BOOKING = "APPOINTMENT_BOOKING"
    LEAD_GENERATION = "LEAD_GENERATION"
    CONTACT_US = "CONTACT_US"
    CUSTOMER_SUPPORT = "CUSTOMER_SUPPORT"
    SURVEY = "SURVEY"
    OTHER = "OTHER"


@attrs.frozen(kw_only=True, slots=True)
class FlowInfo(WireModel):
    """A flow (the page lists ``id``, ``name``, ``status``; the rest is truncated, so
    ``categories`` and ``validation_errors`` are read when present)."""

    id: str
    name: str | None = None
    status: FlowStatus | None = None
    categories: list[FlowCategory] = attrs.field(factory=list)
    validation_errors: list[Any] = attrs.field(factory=list)


@attrs.frozen(kw_only=True, slots=True)
class FlowPage(WireModel):
    items: list[FlowInfo] = attrs.field(factory=list, metadata={"wire": "data"})
    paging: Paging | None = None

    @property
    def next_cursor(self) -> str | None:
        return None if self.paging is None else self.paging.next_cursor


@attrs.frozen(kw_only=True, slots=True)
class PreviewLink(WireModel):
    preview_url: str | None = None
    expires_at: str | None = None


@attrs.frozen(kw_only=True, slots=True)
class FlowPreview(WireModel):
    """``data: {id, preview: {preview_url, expires_at}}``."""

    id: str | None = None
    preview: PreviewLink | None = None


@attrs.frozen(kw_only=True, slots=True)
class FlowJsonUpdate(WireModel):
    """updateFlowJson's answer: ``validation_errors`` lists what Meta found in the JSON."""

    success: bool = False
    validation_errors: list[Any] = attrs.field(factory=list)
