"""The typed events :func:`nxwa.webhooks.parse` returns.

Every event keeps the decoded body as ``raw`` (unknown fields included). Match on the class:

>>> match webhooks.parse(body):
...     case MessageStatusEvent(statuses=statuses): ...
...     case InboundMessageEvent(messages=messages): ...
...     case TemplateStatusEvent(template_name=name, status=status): ...
...     case CallEvent(calls=calls): ...
...     case UnknownEvent(raw=raw): ...

``{field, value}`` callbacks for Meta's own webhook fields (calls, message echoes, template
component updates) are read with NxCloud's envelope (§4.19.3) around Meta's ``value`` object
(inferred: NxCloud documents the envelope for its template and account events only).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from nxwa.models.enums import ButtonType, OpenStrEnum
from nxwa.models.templates import TemplateReviewStatus
from nxwa.webhooks.calls import Call
from nxwa.webhooks.common import CallbackError, Contact, Metadata
from nxwa.webhooks.echoes import MessageEcho
from nxwa.webhooks.inbound import InboundMessage
from nxwa.webhooks.statuses import MessageStatus

__all__ = [
    "AccountEventKind",
    "AccountReviewEvent",
    "AccountUpdateEvent",
    "BanInfo",
    "ButtonClickEvent",
    "CallEvent",
    "Event",
    "FieldEvent",
    "InboundMessageEvent",
    "MessageEchoEvent",
    "MessageStatusEvent",
    "MessagingEvent",
    "PhoneNumberNameEvent",
    "PhoneNumberQualityEvent",
    "TemplateCategoryEvent",
    "TemplateComponentButton",
    "TemplateComponentsEvent",
    "TemplateQualityEvent",
    "TemplateStatusEvent",
    "UnknownEvent",
    "UserPreferencesEvent",
]


def _wire(name: str) -> dict[str, str]:
    return {"wire": name}


@attrs.frozen(kw_only=True, slots=True)
class Event:
    """Base of every event; ``raw`` is the whole decoded callback body."""

    raw: Mapping[str, Any] = attrs.field(factory=dict, repr=False, eq=False)


@attrs.frozen(kw_only=True, slots=True)
class UnknownEvent(Event):
    """A callback nxwa does not recognise (yet); ``field`` is set for a ``{field, value}``
    envelope with an unknown field name."""

    field: str | None = None


# ---------------------------------------------------------------- messages


@attrs.frozen(kw_only=True, slots=True)
class MessagingEvent(Event):
    """Top-level fields shared by status and message callbacks.

    (conflict) The inbound page's table says ``business_phone`` and its examples say
    ``merchant_phone``; ``business_phone`` falls back to ``merchant_phone``, which is also
    kept as sent.
    """

    business_phone: str | None = None
    merchant_phone: str | None = None
    messaging_product: str | None = None
    contacts: list[Contact] = attrs.field(factory=list)
    app_id: str | None = None
    channel: int | None = None
    metadata: Metadata | None = None
    waba_id: str | None = attrs.field(default=None, metadata=_wire("wabaId"))


@attrs.frozen(kw_only=True, slots=True)
class MessageStatusEvent(MessagingEvent):
    """Delivery statuses of messages you sent, with conversation, costs and pricing.

    >>> for status in event.statuses:
    ...     print(status.id, status.status, [c.foreign_price for c in status.all_costs])
    """

    statuses: list[MessageStatus] = attrs.field(factory=list)


@attrs.frozen(kw_only=True, slots=True)
class InboundMessageEvent(MessagingEvent):
    """Messages users sent to a business phone.

    >>> for message in event.messages:
    ...     if message.type is InboundMessageType.TEXT:
    ...         print(message.from_, message.text.body)
    """

    messages: list[InboundMessage] = attrs.field(factory=list)


@attrs.frozen(kw_only=True, slots=True)
class ButtonClickEvent(InboundMessageEvent):
    """Template quick-reply taps (SaaS "template button click" callback): every message is
    of type ``button``; ``message.button.payload``, ``message.template_context``."""


# ---------------------------------------------------------------- {field, value} events


@attrs.frozen(kw_only=True, slots=True)
class FieldEvent(Event):
    """A ``{"field": ..., "value": {...}}`` callback; ``value`` is kept as sent."""

    kind: ClassVar[str] = ""
    field: str = ""
    value: Mapping[str, Any] = attrs.field(factory=dict, repr=False, eq=False)
    business_phone: str | None = None
    waba_id: str | None = attrs.field(default=None, metadata=_wire("wabaId"))
    #: Epoch seconds.
    time: int | None = None


@attrs.frozen(kw_only=True, slots=True)
class _TemplateEvent(FieldEvent):
    template_id: str | None = attrs.field(default=None, metadata=_wire("message_template_id"))
    template_name: str | None = attrs.field(default=None, metadata=_wire("message_template_name"))
    template_language: str | None = attrs.field(
        default=None, metadata=_wire("message_template_language")
    )


@attrs.frozen(kw_only=True, slots=True)
class TemplateStatusEvent(_TemplateEvent):
    """``message_template_status_update``: review outcome (APPROVED, REJECTED, PAUSED,
    PENDING_DELETION, ...) and ``reason`` (NONE, INCORRECT_CATEGORY, ...)."""

    kind: ClassVar[str] = "message_template_status_update"
    status: TemplateReviewStatus | None = attrs.field(default=None, metadata=_wire("event"))
    reason: str | None = None


@attrs.frozen(kw_only=True, slots=True)
class TemplateQualityEvent(_TemplateEvent):
    """``message_template_quality_update`` (GREEN, YELLOW, RED, UNKNOWN)."""

    kind: ClassVar[str] = "message_template_quality_update"
    new_quality_score: str | None = None
    previous_quality_score: str | None = None


@attrs.frozen(kw_only=True, slots=True)
class TemplateCategoryEvent(_TemplateEvent):
    """``template_category_update``. (inferred) The payload is truncated in the docs; the
    category fields are Meta's names."""

    kind: ClassVar[str] = "template_category_update"
    new_category: str | None = None
    previous_category: str | None = None


@attrs.frozen(kw_only=True, slots=True)
class TemplateComponentButton:
    """A button of an edited template (``message_template_button_*``): ``url`` for URL
    buttons, ``phone_number`` for phone-number buttons; any other type keeps its value."""

    type: ButtonType | None = attrs.field(
        default=None, metadata=_wire("message_template_button_type")
    )
    text: str | None = attrs.field(default=None, metadata=_wire("message_template_button_text"))
    url: str | None = attrs.field(default=None, metadata=_wire("message_template_button_url"))
    phone_number: str | None = attrs.field(
        default=None, metadata=_wire("message_template_button_phone_number")
    )


@attrs.frozen(kw_only=True, slots=True)
class TemplateComponentsEvent(_TemplateEvent):
    """``message_template_components_update``: a template was edited; its new texts.
    ``header_text`` and ``footer_text`` are set only for a text header and a footer, and
    ``buttons`` only when the template has a URL or phone-number button (Meta's webhook
    reference).

    >>> case TemplateComponentsEvent(template_name=name, body_text=body): ...
    """

    kind: ClassVar[str] = "message_template_components_update"
    body_text: str | None = attrs.field(default=None, metadata=_wire("message_template_element"))
    header_text: str | None = attrs.field(default=None, metadata=_wire("message_template_title"))
    footer_text: str | None = attrs.field(default=None, metadata=_wire("message_template_footer"))
    buttons: list[TemplateComponentButton] = attrs.field(
        factory=list, metadata=_wire("message_template_buttons")
    )


class AccountEventKind(OpenStrEnum):
    DISABLED_UPDATE = "DISABLED_UPDATE"
    ACCOUNT_VIOLATION = "ACCOUNT_VIOLATION"
    ACCOUNT_RESTRICTION = "ACCOUNT_RESTRICTION"
    ACCOUNT_DELETED = "ACCOUNT_DELETED"
    PARTNER_REMOVED = "PARTNER_REMOVED"


@attrs.frozen(kw_only=True, slots=True)
class BanInfo:
    waba_ban_date: str | None = None
    #: ``DISABLE`` or ``REINSTATE``.
    waba_ban_state: str | None = None


@attrs.frozen(kw_only=True, slots=True)
class AccountUpdateEvent(FieldEvent):
    """``account_update``: the WABA was disabled, restricted, deleted, ..."""

    kind: ClassVar[str] = "account_update"
    event: AccountEventKind | None = None
    ban_info: BanInfo | None = None


@attrs.frozen(kw_only=True, slots=True)
class AccountReviewEvent(FieldEvent):
    """``account_review_update``: ``decision`` (e.g. APPROVED)."""

    kind: ClassVar[str] = "account_review_update"
    decision: str | None = None


@attrs.frozen(kw_only=True, slots=True)
class PhoneNumberNameEvent(FieldEvent):
    """``phone_number_name_update``. (inferred) Payload truncated; Meta's field names."""

    kind: ClassVar[str] = "phone_number_name_update"
    display_phone_number: str | None = None
    decision: str | None = None
    requested_verified_name: str | None = None
    rejection_reason: str | None = None


@attrs.frozen(kw_only=True, slots=True)
class PhoneNumberQualityEvent(FieldEvent):
    """``phone_number_quality_update``. (inferred) Payload truncated; Meta's field names."""

    kind: ClassVar[str] = "phone_number_quality_update"
    display_phone_number: str | None = None
    event: str | None = None
    current_limit: str | None = None


@attrs.frozen(kw_only=True, slots=True)
class UserPreferencesEvent(FieldEvent):
    """``user_preferences``: a user opted in or out of marketing messages. Payload truncated
    in the docs: read ``value``."""

    kind: ClassVar[str] = "user_preferences"


@attrs.frozen(kw_only=True, slots=True)
class _MetaValueEvent(FieldEvent):
    """Meta's ``value`` object of a phone-number webhook field."""

    messaging_product: str | None = None
    metadata: Metadata | None = None
    contacts: list[Contact] = attrs.field(factory=list)


@attrs.frozen(kw_only=True, slots=True)
class CallEvent(_MetaValueEvent):
    """``calls``: a WhatsApp call connects or terminates (Business Calling API). ``errors``
    repeats the errors of a failed call.

    >>> for call in event.calls:
    ...     print(call.id, call.event, call.status, call.duration)
    """

    kind: ClassVar[str] = "calls"
    calls: list[Call] = attrs.field(factory=list)
    errors: list[CallbackError] = attrs.field(factory=list)


@attrs.frozen(kw_only=True, slots=True)
class MessageEchoEvent(_MetaValueEvent):
    """``smb_message_echoes``: messages the business sent from the WhatsApp Business app
    (coexistence), with the edits and deletions of such messages.

    >>> for echo in event.echoes:
    ...     print(echo.to, echo.type, echo.content)
    """

    kind: ClassVar[str] = "smb_message_echoes"
    echoes: list[MessageEcho] = attrs.field(factory=list, metadata=_wire("message_echoes"))


FIELD_EVENTS: Mapping[str, type[FieldEvent]] = {
    cls.kind: cls
    for cls in (
        TemplateStatusEvent,
        TemplateQualityEvent,
        TemplateCategoryEvent,
        TemplateComponentsEvent,
        AccountUpdateEvent,
        AccountReviewEvent,
        PhoneNumberNameEvent,
        PhoneNumberQualityEvent,
        UserPreferencesEvent,
        CallEvent,
        MessageEchoEvent,
    )
}
