"""Callbacks NxCloud pushes to your webhook: verify their signature, drop redeliveries, parse
them into typed events.

>>> from nxwa import webhooks
>>> verifier = webhooks.WebhookVerifier(access_key=ACCESS_KEY, access_secret=ACCESS_SECRET)
>>> redeliveries = webhooks.RedeliveryFilter()
>>> if verifier.verify(headers, body) and redeliveries.first_delivery(headers):
...     event = webhooks.parse(body)                 # the raw bytes of the POST body
...     if isinstance(event, webhooks.MessageStatusEvent):
...         for status in event.statuses:
...             print(status.id, status.status)

Respond with HTTP 200 quickly; NxCloud expects it.
"""

from typing import TYPE_CHECKING

from nxwa.webhooks import signature as _signature
from nxwa.webhooks.calls import Call, CallDirection, CallEventType, CallSession
from nxwa.webhooks.common import (
    CallbackError,
    CdrType,
    Contact,
    ContactProfile,
    Cost,
    CostDirection,
    ErrorData,
    Metadata,
)
from nxwa.webhooks.contact_cards import (
    ContactAddress,
    ContactCard,
    ContactEmail,
    ContactName,
    ContactOrg,
    ContactPhone,
    ContactUrl,
)
from nxwa.webhooks.echoes import MessageEcho
from nxwa.webhooks.errors import (
    WebhookConfigurationError,
    WebhookParseError,
    WebhookSignatureError,
)
from nxwa.webhooks.events import (
    AccountEventKind,
    AccountReviewEvent,
    AccountUpdateEvent,
    BanInfo,
    ButtonClickEvent,
    CallEvent,
    Event,
    FieldEvent,
    InboundMessageEvent,
    MessageEchoEvent,
    MessageStatusEvent,
    MessagingEvent,
    PhoneNumberNameEvent,
    PhoneNumberQualityEvent,
    TemplateCategoryEvent,
    TemplateComponentButton,
    TemplateComponentsEvent,
    TemplateQualityEvent,
    TemplateStatusEvent,
    UnknownEvent,
    UserPreferencesEvent,
)
from nxwa.webhooks.inbound import (
    ButtonContent,
    EditContent,
    InboundMessage,
    InboundMessageType,
    InteractiveContent,
    InteractiveReply,
    LocationContent,
    MediaContent,
    MessageBody,
    MessageContext,
    ReactionContent,
    RevokeContent,
    StickerMetadata,
    SystemContent,
    SystemMessageType,
    TextContent,
    UnsupportedContent,
)
from nxwa.webhooks.parse import parse, parse_payload
from nxwa.webhooks.redelivery import RedeliveryFilter
from nxwa.webhooks.signature import SignatureHeaders, WebhookVerifier
from nxwa.webhooks.statuses import (
    Conversation,
    ConversationOrigin,
    ConversationType,
    DeliveryStatus,
    MessageStatus,
    Pricing,
    StatusError,
)

if TYPE_CHECKING:
    from nxwa.webhooks.signature import DEFAULT_MAX_AGE as DEFAULT_MAX_AGE
else:

    def __getattr__(name: str) -> object:
        if name == "DEFAULT_MAX_AGE":
            return _signature._deprecated_default_max_age()
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "AccountEventKind",
    "AccountReviewEvent",
    "AccountUpdateEvent",
    "BanInfo",
    "ButtonClickEvent",
    "ButtonContent",
    "Call",
    "CallDirection",
    "CallEvent",
    "CallEventType",
    "CallSession",
    "CallbackError",
    "CdrType",
    "Contact",
    "ContactAddress",
    "ContactCard",
    "ContactEmail",
    "ContactName",
    "ContactOrg",
    "ContactPhone",
    "ContactProfile",
    "ContactUrl",
    "Conversation",
    "ConversationOrigin",
    "ConversationType",
    "Cost",
    "CostDirection",
    "DeliveryStatus",
    "EditContent",
    "ErrorData",
    "Event",
    "FieldEvent",
    "InboundMessage",
    "InboundMessageEvent",
    "InboundMessageType",
    "InteractiveContent",
    "InteractiveReply",
    "LocationContent",
    "MediaContent",
    "MessageBody",
    "MessageContext",
    "MessageEcho",
    "MessageEchoEvent",
    "MessageStatus",
    "MessageStatusEvent",
    "MessagingEvent",
    "Metadata",
    "PhoneNumberNameEvent",
    "PhoneNumberQualityEvent",
    "Pricing",
    "ReactionContent",
    "RedeliveryFilter",
    "RevokeContent",
    "SignatureHeaders",
    "StatusError",
    "StickerMetadata",
    "SystemContent",
    "SystemMessageType",
    "TemplateCategoryEvent",
    "TemplateComponentButton",
    "TemplateComponentsEvent",
    "TemplateQualityEvent",
    "TemplateStatusEvent",
    "TextContent",
    "UnknownEvent",
    "UnsupportedContent",
    "UserPreferencesEvent",
    "WebhookConfigurationError",
    "WebhookParseError",
    "WebhookSignatureError",
    "WebhookVerifier",
    "parse",
    "parse_payload",
]
