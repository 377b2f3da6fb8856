"""Callbacks NxCloud pushes to your webhook: parse them into typed events, verify signatures.

>>> from nxwa import webhooks
>>> event = webhooks.parse(body)                 # the raw bytes of the POST body
>>> if isinstance(event, webhooks.MessageStatusEvent):
...     for status in event.statuses:
...         print(status.id, status.status)

Respond with HTTP 200 quickly; NxCloud expects it.
"""

from nxwa.webhooks.common import CdrType, Contact, ContactProfile, Cost, CostDirection, Metadata
from nxwa.webhooks.errors import WebhookParseError, WebhookSignatureError
from nxwa.webhooks.events import (
    AccountEventKind,
    AccountReviewEvent,
    AccountUpdateEvent,
    BanInfo,
    ButtonClickEvent,
    Event,
    FieldEvent,
    InboundMessageEvent,
    MessageStatusEvent,
    MessagingEvent,
    PhoneNumberNameEvent,
    PhoneNumberQualityEvent,
    TemplateCategoryEvent,
    TemplateQualityEvent,
    TemplateStatusEvent,
    UnknownEvent,
    UserPreferencesEvent,
)
from nxwa.webhooks.inbound import (
    ButtonContent,
    InboundMessage,
    InboundMessageType,
    InteractiveContent,
    InteractiveReply,
    LocationContent,
    MediaContent,
    MessageContext,
    ReactionContent,
    StickerMetadata,
    TextContent,
)
from nxwa.webhooks.parse import parse, parse_payload
from nxwa.webhooks.signature import DEFAULT_MAX_AGE, SignatureHeaders, WebhookVerifier
from nxwa.webhooks.statuses import (
    Conversation,
    ConversationOrigin,
    ConversationType,
    DeliveryStatus,
    MessageStatus,
    Pricing,
    StatusError,
)

__all__ = [
    "DEFAULT_MAX_AGE",
    "AccountEventKind",
    "AccountReviewEvent",
    "AccountUpdateEvent",
    "BanInfo",
    "ButtonClickEvent",
    "ButtonContent",
    "CdrType",
    "Contact",
    "ContactProfile",
    "Conversation",
    "ConversationOrigin",
    "ConversationType",
    "Cost",
    "CostDirection",
    "DeliveryStatus",
    "Event",
    "FieldEvent",
    "InboundMessage",
    "InboundMessageEvent",
    "InboundMessageType",
    "InteractiveContent",
    "InteractiveReply",
    "LocationContent",
    "MediaContent",
    "MessageContext",
    "MessageStatus",
    "MessageStatusEvent",
    "MessagingEvent",
    "Metadata",
    "PhoneNumberNameEvent",
    "PhoneNumberQualityEvent",
    "Pricing",
    "ReactionContent",
    "SignatureHeaders",
    "StatusError",
    "StickerMetadata",
    "TemplateCategoryEvent",
    "TemplateQualityEvent",
    "TemplateStatusEvent",
    "TextContent",
    "UnknownEvent",
    "UserPreferencesEvent",
    "WebhookParseError",
    "WebhookSignatureError",
    "WebhookVerifier",
    "parse",
    "parse_payload",
]
