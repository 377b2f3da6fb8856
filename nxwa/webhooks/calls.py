"""WhatsApp Business Calling API callbacks (Meta's ``calls`` webhook field).

A ``connect`` event offers (user-initiated) or answers (business-initiated) a call with an
SDP in ``session``; a ``terminate`` event reports how it ended, with times and duration.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from nxwa.models.enums import OpenStrEnum
from nxwa.webhooks._time import epoch_seconds
from nxwa.webhooks.common import CallbackError

__all__ = ["Call", "CallDirection", "CallEventType", "CallSession"]


class CallEventType(OpenStrEnum):
    """The ``event`` of a call callback."""

    CONNECT = "connect"
    TERMINATE = "terminate"


class CallDirection(OpenStrEnum):
    USER_INITIATED = "USER_INITIATED"
    BUSINESS_INITIATED = "BUSINESS_INITIATED"


@attrs.frozen(kw_only=True, slots=True)
class CallSession:
    """The WebRTC session description: ``sdp_type`` ``offer`` or ``answer`` and the SDP."""

    sdp_type: str | None = None
    sdp: str | None = None


@attrs.frozen(kw_only=True, slots=True)
class Call:
    """One call event. ``id`` is the call id (``wacid.…``) the Calls API takes; ``from_`` is
    the caller (wire ``from``).

    ``status`` is a string in delivered callbacks (``COMPLETED``, ``FAILED``); Meta's
    reference example shows the list of possible values instead, which is kept as a list.

    >>> for call in event.calls:
    ...     if call.event is CallEventType.TERMINATE:
    ...         print(call.id, call.status, call.duration)
    """

    id: str | None = None
    from_: str | None = attrs.field(default=None, metadata={"wire": "from"})
    to: str | None = None
    event: CallEventType | None = None
    direction: CallDirection | None = None
    timestamp: str | None = None
    session: CallSession | None = None
    status: str | list[str] | None = None
    start_time: str | None = None
    end_time: str | None = None
    #: Seconds.
    duration: int | None = None
    biz_opaque_callback_data: str | None = None
    errors: list[CallbackError] = attrs.field(factory=list)
    #: Business-initiated connects: ``{"webrtc": {"sdp": ...}}``.
    connection: dict[str, Any] | None = None

    @property
    def at(self) -> datetime | None:
        """``timestamp`` as a UTC datetime."""
        return epoch_seconds(self.timestamp)

    @property
    def started_at(self) -> datetime | None:
        return epoch_seconds(self.start_time)

    @property
    def ended_at(self) -> datetime | None:
        return epoch_seconds(self.end_time)
