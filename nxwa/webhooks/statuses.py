"""Message status callbacks (reference §4.19.1, §5.6): sent, delivered, read, failed."""

from __future__ import annotations

from datetime import datetime

import attrs

from nxwa.models.enums import OpenStrEnum
from nxwa.webhooks._time import epoch_seconds
from nxwa.webhooks.common import CallbackError, Cost

__all__ = [
    "Conversation",
    "ConversationOrigin",
    "ConversationType",
    "DeliveryStatus",
    "MessageStatus",
    "Pricing",
    "StatusError",
]


class DeliveryStatus(OpenStrEnum):
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"
    DELETED = "deleted"


class ConversationType(OpenStrEnum):
    MARKETING = "marketing"
    UTILITY = "utility"
    AUTHENTICATION = "authentication"
    SERVICE = "service"
    REFERRAL_CONVERSION = "referral_conversion"
    MARKETING_LITE = "marketing_lite"
    #: Older SaaS examples.
    BUSINESS_INITIATED = "business_initiated"


@attrs.frozen(kw_only=True, slots=True)
class ConversationOrigin:
    type: ConversationType | None = None


@attrs.frozen(kw_only=True, slots=True)
class Conversation:
    id: str | None = None
    expiration_timestamp: str | None = None
    origin: ConversationOrigin | None = None


#: Why a message failed; the error object every callback shares, under its first name.
StatusError = CallbackError


@attrs.frozen(kw_only=True, slots=True)
class Pricing:
    """Newer callbacks' ``pricing`` (``billable`` documented; the rest Meta's, inferred)."""

    billable: bool | None = None
    pricing_model: str | None = None
    category: str | None = None
    type: str | None = None


@attrs.frozen(kw_only=True, slots=True)
class MessageStatus:
    """One status of one sent message. ``id`` is the id the send returned (or your
    ``cus_message_id``); ``costs`` (open platform) or ``cost`` (SaaS 2025) carry charges."""

    id: str | None = None
    status: DeliveryStatus | None = None
    timestamp: str | None = None
    recipient_id: str | None = None
    conversation: Conversation | None = None
    errors: list[CallbackError] = attrs.field(factory=list)
    costs: list[Cost] = attrs.field(factory=list)
    cost: Cost | None = None
    pricing: Pricing | None = None
    meta_message_id: str | None = None
    biz_opaque_callback_data: str | None = None

    @property
    def at(self) -> datetime | None:
        """``timestamp`` as a UTC datetime."""
        return epoch_seconds(self.timestamp)

    @property
    def reply_to_id(self) -> str | None:
        """The id to quote or reply to: Meta's id when the callback carries it."""
        return self.meta_message_id or self.id

    @property
    def all_costs(self) -> list[Cost]:
        """``costs`` plus the SaaS page's single ``cost``."""
        return [*self.costs, *([self.cost] if self.cost else [])]
