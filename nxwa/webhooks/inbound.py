"""Inbound message callbacks (reference §4.19.2) and SaaS button clicks (§5.6).

The 2023 page documents text, image, video, voice, audio, document, location and sticker;
newer pages add interactive, order, referral, reaction and button (third-party copies of the
CN docs, shapes as in Meta's Cloud API: inferred). NxCloud passes Meta's message objects
through, so contacts, system, edit, revoke and unsupported messages are read in the shapes of
Meta's messages webhook reference. An unknown ``type`` keeps its raw value.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import attrs

from nxwa.models.enums import OpenStrEnum
from nxwa.webhooks._time import epoch_seconds
from nxwa.webhooks.common import CallbackError, Cost
from nxwa.webhooks.contact_cards import ContactCard

__all__ = [
    "ButtonContent",
    "EditContent",
    "InboundMessage",
    "InboundMessageType",
    "InteractiveContent",
    "InteractiveReply",
    "LocationContent",
    "MediaContent",
    "MessageBody",
    "MessageContext",
    "ReactionContent",
    "RevokeContent",
    "StickerMetadata",
    "SystemContent",
    "SystemMessageType",
    "TextContent",
    "UnsupportedContent",
]


class InboundMessageType(OpenStrEnum):
    TEXT = "text"
    IMAGE = "image"
    VIDEO = "video"
    VOICE = "voice"
    AUDIO = "audio"
    DOCUMENT = "document"
    LOCATION = "location"
    STICKER = "sticker"
    INTERACTIVE = "interactive"
    ORDER = "order"
    REFERRAL = "referral"
    REACTION = "reaction"
    BUTTON = "button"
    CONTACTS = "contacts"
    SYSTEM = "system"
    EDIT = "edit"
    REVOKE = "revoke"
    UNSUPPORTED = "unsupported"


@attrs.frozen(kw_only=True, slots=True)
class TextContent:
    body: str | None = None


@attrs.frozen(kw_only=True, slots=True)
class StickerMetadata:
    emojis: list[str] = attrs.field(factory=list)
    is_first_party_sticker: int | None = attrs.field(
        default=None, metadata={"wire": "is-first-party-sticker"}
    )
    sticker_pack_id: str | None = attrs.field(default=None, metadata={"wire": "sticker-pack-id"})


@attrs.frozen(kw_only=True, slots=True)
class MediaContent:
    """An image, video, voice note, audio, document or sticker. ``id`` is an NxCloud media
    id: fetch the file with ``client.cloud.media.get(business_phone, id)``."""

    id: str | None = None
    mime_type: str | None = None
    sha256: str | None = None
    caption: str | None = None
    filename: str | None = None
    metadata: StickerMetadata | None = None


@attrs.frozen(kw_only=True, slots=True)
class LocationContent:
    """Coordinates arrive as numbers or strings; both are read as floats."""

    latitude: float | None = None
    longitude: float | None = None
    name: str | None = None
    address: str | None = None
    url: str | None = None


@attrs.frozen(kw_only=True, slots=True)
class InteractiveReply:
    id: str | None = None
    title: str | None = None
    description: str | None = None


@attrs.frozen(kw_only=True, slots=True)
class InteractiveContent:
    """(inferred, Meta) A tap on a reply button (``button_reply``) or list row
    (``list_reply``), or a flow's answer (``nfm_reply``)."""

    type: str | None = None
    button_reply: InteractiveReply | None = None
    list_reply: InteractiveReply | None = None
    nfm_reply: dict[str, Any] | None = None


@attrs.frozen(kw_only=True, slots=True)
class ReactionContent:
    """(inferred, Meta) ``message_id`` reacted to; an empty ``emoji`` removed the reaction."""

    message_id: str | None = None
    emoji: str | None = None


@attrs.frozen(kw_only=True, slots=True)
class ButtonContent:
    """A template quick-reply tap: the button's ``payload`` and ``text``."""

    payload: str | None = None
    text: str | None = None


@attrs.frozen(kw_only=True, slots=True)
class MessageContext:
    """The message this one answers: its sender (``from_``) and ``id``."""

    from_: str | None = attrs.field(default=None, metadata={"wire": "from"})
    id: str | None = None


class SystemMessageType(OpenStrEnum):
    """What a ``system`` message reports (the ``customer_*`` values are older Graph API
    versions')."""

    USER_CHANGED_NUMBER = "user_changed_number"
    USER_CHANGED_USER_ID = "user_changed_user_id"
    CUSTOMER_CHANGED_NUMBER = "customer_changed_number"
    CUSTOMER_IDENTITY_CHANGED = "customer_identity_changed"


@attrs.frozen(kw_only=True, slots=True)
class SystemContent:
    """A user changed their phone number (or their BSUID changed). ``body`` is WhatsApp's
    sentence about it; :attr:`new_id` is the user's new WhatsApp id."""

    body: str | None = None
    type: SystemMessageType | None = None
    #: The new WhatsApp id (current Graph API versions).
    wa_id: str | None = None
    #: The new WhatsApp id as older Graph API versions name it.
    new_wa_id: str | None = None
    #: The BSUIDs before the change (Meta's changelog, Aug 2026), and (inferred) after it.
    previous_user_id: str | None = None
    previous_parent_user_id: str | None = None
    user_id: str | None = None
    parent_user_id: str | None = None
    #: Older Graph API versions: the user's id, and a changed identity's hash.
    customer: str | None = None
    identity: str | None = None

    @property
    def new_id(self) -> str | None:
        """The user's new WhatsApp id, whichever name the callback gives it."""
        return self.wa_id or self.new_wa_id


@attrs.frozen(kw_only=True, slots=True)
class RevokeContent:
    """A user deleted a message they sent (WhatsApp Business app numbers, "coexistence")."""

    original_message_id: str | None = None


@attrs.frozen(kw_only=True, slots=True)
class UnsupportedContent:
    """A message Cloud API cannot deliver (e.g. ``poll_update``); the reason is in the
    message's ``errors`` (131051 unsupported type, 131060 currently unavailable)."""

    type: str | None = None


@attrs.frozen(kw_only=True, slots=True)
class MessageBody:
    """What a message says: its ``type``, the message it answers (``context``) and the one
    object named by ``type`` (:attr:`content`). Inbound messages, message echoes and the new
    version of an edited message share it."""

    type: InboundMessageType | None = None
    context: MessageContext | None = None
    text: TextContent | None = None
    image: MediaContent | None = None
    video: MediaContent | None = None
    voice: MediaContent | None = None
    audio: MediaContent | None = None
    document: MediaContent | None = None
    sticker: MediaContent | None = None
    location: LocationContent | None = None
    interactive: InteractiveContent | None = None
    reaction: ReactionContent | None = None
    button: ButtonContent | None = None
    contacts: list[ContactCard] = attrs.field(factory=list)
    system: SystemContent | None = None
    edit: EditContent | None = None
    revoke: RevokeContent | None = None
    unsupported: UnsupportedContent | None = None
    order: dict[str, Any] | None = None
    referral: dict[str, Any] | None = None

    @property
    def content(self) -> object | None:
        """The object matching ``type`` (``None`` for an unknown type: see the event's
        ``raw``; the list of cards for ``contacts``)."""
        if self.type is None or not self.type.is_known:
            return None
        value: object | None = getattr(self, self.type.value, None)
        return value


@attrs.frozen(kw_only=True, slots=True)
class EditContent:
    """A user edited a message they sent, within 15 minutes (WhatsApp Business app numbers,
    "coexistence"): ``original_message_id`` and the edited ``message`` (text, or a caption).

    >>> if message.type is InboundMessageType.EDIT:
    ...     replace(message.edit.original_message_id, message.edit.message.content)
    """

    original_message_id: str | None = None
    message: MessageBody | None = None


@attrs.frozen(kw_only=True, slots=True)
class InboundMessage(MessageBody):
    """One message a user sent. ``id`` is what ``client.cloud.messages.mark_read`` takes;
    ``from_`` is the sender (wire ``from``); :attr:`content` is the object of ``type``;
    ``errors`` says why an ``unsupported`` message could not be delivered."""

    id: str | None = None
    from_: str | None = attrs.field(default=None, metadata={"wire": "from"})
    timestamp: str | None = None
    cost: Cost | None = None
    errors: list[CallbackError] = attrs.field(factory=list)
    #: SaaS button clicks: the tag the button applied, and the sent template as JSON text.
    tag_name: str | None = None
    wa_ext: str | None = None

    @property
    def at(self) -> datetime | None:
        """``timestamp`` as a UTC datetime."""
        return epoch_seconds(self.timestamp)

    @property
    def template_context(self) -> dict[str, Any] | None:
        """``wa_ext`` decoded: ``templateId``, ``templateName``, ``components`` of the
        template whose button was tapped (``None`` when absent or not a JSON object)."""
        if not self.wa_ext:
            return None
        try:
            decoded = json.loads(self.wa_ext)
        except (ValueError, RecursionError):
            return None
        return decoded if isinstance(decoded, dict) else None
