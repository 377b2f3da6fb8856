"""``parse(body) -> Event``: one call from a callback's bytes to a typed event."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, TypeVar

import attrs

from nxwa.models._converter import converter
from nxwa.webhooks.errors import WebhookParseError
from nxwa.webhooks.events import (
    FIELD_EVENTS,
    ButtonClickEvent,
    Event,
    FieldEvent,
    InboundMessageEvent,
    MessageStatusEvent,
    MessagingEvent,
    UnknownEvent,
)
from nxwa.webhooks.inbound import InboundMessageType

__all__ = ["parse", "parse_payload"]

E = TypeVar("E", bound=Event)
M = TypeVar("M", bound=MessagingEvent)

#: Keys nxwa sets itself; a callback's own value for them is ignored.
_RESERVED = ("raw", "field", "value")


def parse(body: bytes | str) -> Event:
    """Turn a callback body (the exact bytes received) into a typed event.

    Status callbacks → :class:`MessageStatusEvent`; user messages →
    :class:`InboundMessageEvent` (:class:`ButtonClickEvent` for template quick-reply taps);
    ``{field, value}`` template, account, call and message-echo events → their
    :class:`FieldEvent` subclass; anything else → :class:`UnknownEvent`. Unknown fields are
    ignored (and kept in ``raw``). Raises :class:`WebhookParseError` for a body that is not a
    JSON object, or a known callback whose fields have the wrong shape.

    >>> event = webhooks.parse(await request.body())
    """
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError):
        raise WebhookParseError("callback body is not JSON") from None
    return parse_payload(payload)


def parse_payload(payload: Any) -> Event:
    """:func:`parse` for an already decoded body (e.g. a framework's parsed JSON)."""
    if not isinstance(payload, dict):
        raise WebhookParseError(f"callback body is a JSON {type(payload).__name__}, not an object")
    try:
        return _classify(payload)
    except WebhookParseError:
        raise
    except Exception as exc:
        # The boundary promised to callers: whatever a malformed callback trips in the
        # structuring (cattrs validation groups, TypeError, ValueError, RecursionError, ...)
        # surfaces as one nxwa error.
        raise WebhookParseError(f"malformed callback: {_summary(exc)}") from exc


def _summary(exc: BaseException) -> str:
    nested = getattr(exc, "exceptions", None)
    if nested:
        return _summary(nested[0])
    return f"{type(exc).__name__}: {exc}"[:200]


def _structure(data: Mapping[str, Any], cls: type[E], raw: dict[str, Any], **extra: Any) -> E:
    fields = {k: v for k, v in data.items() if k not in _RESERVED}
    event = converter.structure(fields, cls)
    return attrs.evolve(event, raw=raw, **extra)


def _messaging(payload: dict[str, Any], cls: type[M]) -> M:
    event = _structure(payload, cls, payload)
    # (conflict) `business_phone` per the table, `merchant_phone` in the examples.
    return attrs.evolve(event, business_phone=event.business_phone or event.merchant_phone)


def _inbound(payload: dict[str, Any]) -> InboundMessageEvent:
    event = _messaging(payload, InboundMessageEvent)
    if event.messages and all(m.type is InboundMessageType.BUTTON for m in event.messages):
        return ButtonClickEvent(**attrs.asdict(event, recurse=False))
    return event


def _field_event(payload: dict[str, Any]) -> Event:
    field = payload["field"]
    cls = FIELD_EVENTS.get(field) if isinstance(field, str) else None
    if cls is None:
        return UnknownEvent(raw=payload, field=field if isinstance(field, str) else None)
    value = payload["value"]
    if not isinstance(value, dict):
        raise WebhookParseError(f"{field}: value is a {type(value).__name__}, not an object")
    event: FieldEvent = _structure(value, cls, payload, field=field, value=value)
    return event


def _classify(payload: dict[str, Any]) -> Event:
    if "field" in payload and "value" in payload:
        return _field_event(payload)
    if "statuses" in payload:
        return _messaging(payload, MessageStatusEvent)
    if "messages" in payload:
        return _inbound(payload)
    return UnknownEvent(raw=payload)
