"""One template as the emulator stores it, shared by both API families, and the status
codes and category names its fields hold."""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from typing import Any

import attrs

__all__ = [
    "CATEGORY_NAMES",
    "DISABLED",
    "IN_USE",
    "META_STATUS",
    "PAUSED",
    "PENDING",
    "REJECTED",
    "STATUS_CODES",
    "StoredTemplate",
]

#: SaaS template status codes (reference §3.2); the open platform shows :data:`META_STATUS`.
REJECTED = 0
PENDING = 1
IN_USE = 2
DISABLED = 6
PAUSED = 11
#: SaaS status code → Meta's template status.
META_STATUS: Mapping[int, str] = {
    0: "REJECTED",
    1: "PENDING",
    2: "APPROVED",
    3: "PENDING",
    6: "DISABLED",
    9: "PENDING_DELETION",
    11: "PAUSED",
    12: "LIMIT_EXCEEDED",
    14: "DELETED",
}
#: Meta's template status → SaaS status code.
STATUS_CODES: Mapping[str, int] = {
    "REJECTED": REJECTED,
    "PENDING": PENDING,
    "APPROVED": IN_USE,
    "IN_APPEAL": 3,
    "DISABLED": DISABLED,
    "PENDING_DELETION": 9,
    "PAUSED": PAUSED,
    "LIMIT_EXCEEDED": 12,
    "DELETED": 14,
}
#: SaaS ``category_type`` → category name.
CATEGORY_NAMES: Mapping[int, str] = {1: "MARKETING", 2: "UTILITY"}


@attrs.define(kw_only=True)
class StoredTemplate:
    """One template, shared by both API families.

    SaaS fields (``category_type`` 1/2, ``content``, header fields, ``buttons`` as the wire
    ``buttonComponents`` dicts) are what NXLink shows. ``components`` holds the Meta components
    exactly as last set through the open platform (any shape Meta accepts, unknown fields
    included), with Meta's generated text in AUTHENTICATION bodies and footers; ``None`` when
    the template was last written through SaaS (the open platform then derives components from
    the SaaS fields). ``status`` is the SaaS status code (:data:`META_STATUS` for Meta's name).
    """

    id: int
    name: str
    language: str
    category_type: int
    content: str
    header_text: str | None = None
    media_name: str | None = None
    media_id: str | None = None
    media_type: str | None = None
    template_media_id: str | None = None
    footer_text: str | None = None
    tag_name: str | None = None
    syn_meta: bool = True
    is_close_auto_flow: int = 0
    buttons: list[dict[str, Any]] = attrs.field(factory=list)
    components: list[Any] | None = None
    category: str | None = None
    parameter_format: str | None = None
    message_send_ttl_seconds: int | None = None
    status: int = PENDING
    reads: int = 0
    quality: str = "UNKNOWN"
    rejected_reason: str = ""
    created_ms: int = 0
    updated_ms: int = 0
    #: The access key that created it (its secret signs the template's callbacks).
    owner: str | None = None
    #: Emulator-clock times of the edits made while it was APPROVED (Meta's edit quota).
    approved_edits: deque[float] = attrs.field(factory=deque, repr=False)
    #: Bumped whenever a review is scheduled, so a superseded review is ignored.
    review_generation: int = attrs.field(default=0, repr=False)
    #: When (emulator clock) the pending review's verdict is due; None when not under review.
    review_due: float | None = None

    @property
    def category_name(self) -> str:
        """``category`` when set through the open platform (it knows AUTHENTICATION), else
        the name of ``category_type``."""
        return self.category or CATEGORY_NAMES.get(self.category_type, "MARKETING")

    @property
    def meta_status(self) -> str:
        """Meta's name for :attr:`status` (``APPROVED``, ``PENDING``, ``REJECTED``, ...)."""
        return META_STATUS.get(self.status, "PENDING")
