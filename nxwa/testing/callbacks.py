"""Callback bodies the emulator would push, for tests and demos to feed to
:func:`nxwa.webhooks.parse`: status callbacks of sent messages (with conversation, costs and
pricing as reference §4.19.1 / §5.6 describe them), inbound text messages (§4.19.2), template
status events (§4.19.3, which the emulator also pushes itself to ``webhook_url``), and the
signed headers NxCloud sends with a callback (§4.19.0).

>>> sent = fake.state.messaging.sent[-1]
>>> event = webhooks.parse(status_callback(sent, "delivered"))
"""

from __future__ import annotations

import json
import os
from typing import Any

from nxwa.signing import Algorithm, sign
from nxwa.testing.state import SentMessage, TemplateEvent

__all__ = [
    "CALLBACK_ACTION",
    "PRICES",
    "callback_headers",
    "inbound_text_callback",
    "status_callback",
    "template_status_callback",
]

#: The ``action`` header of the template callbacks the emulator pushes. NxCloud's callback
#: signing page shows how the headers are signed, not their values for template events;
#: (inferred) the emulator sends the event's ``field`` name.
CALLBACK_ACTION = "message_template_status_update"

#: Template category → (conversation type, cdr_type, price in USD). Session messages are
#: free service conversations (cdr_type 7).
PRICES: dict[str | None, tuple[str, int, float]] = {
    "MARKETING": ("marketing", 4, 0.0107),
    "UTILITY": ("utility", 5, 0.0042),
    "AUTHENTICATION": ("authentication", 6, 0.0035),
    None: ("service", 7, 0.0),
}
#: CNY per USD for ``price`` (the customer price in CNY).
_CNY = 7.2
_STATUSES = ("sent", "delivered", "read", "failed")


def _dumps(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _cost(sent: SentMessage) -> dict[str, Any]:
    _, cdr_type, usd = PRICES.get(sent.category, PRICES[None])
    return {
        "currency": "USD",
        "price": round(usd * _CNY, 4),
        "foreign_price": usd,
        "cdr_type": cdr_type,
        "message_id": sent.id,
        "direction": 1,
    }


def _status(sent: SentMessage, status: str, seconds: int) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": sent.id,
        "status": status,
        "timestamp": str(seconds),
        "recipient_id": sent.to or "",
    }
    origin, _, _ = PRICES.get(sent.category, PRICES[None])
    if status == "failed":
        item["errors"] = [{"code": 131026, "title": "Message undeliverable"}]
    elif status != "read":
        item["conversation"] = {
            "id": os.urandom(16).hex(),
            "expiration_timestamp": str(seconds + 24 * 3600),
            "origin": {"type": origin},
        }
        item["pricing"] = {
            "billable": origin != "service",
            "pricing_model": "PMP",
            "category": origin,
        }
    if sent.biz_opaque_callback_data is not None:
        item["biz_opaque_callback_data"] = sent.biz_opaque_callback_data
    return item


def status_callback(
    sent: SentMessage, status: str = "delivered", *, now_ms: int | None = None
) -> bytes:
    """The body NxCloud posts to ``dr_webhook`` (or the app's webhook) when ``sent`` reaches
    ``status`` (sent, delivered, read or failed)."""
    if status not in _STATUSES:
        raise ValueError(f"status must be one of {', '.join(_STATUSES)}")
    seconds = (now_ms if now_ms is not None else sent.sent_ms + 1000) // 1000
    item = _status(sent, status, seconds)
    if sent.family == "saas":
        # The 2025 SaaS page: top-level app and contact fields, one `cost` per status.
        if status in ("sent", "delivered"):
            item["cost"] = _cost(sent)
        return _dumps(
            {
                "app_id": 1,
                "business_phone": sent.business_phone,
                "channel": 2,
                "contacts": [
                    {
                        "profile": {"name": ""},
                        "wa_id": sent.to or "",
                        "user_id": sent.recipient or "",
                    }
                ],
                "merchant_phone": sent.business_phone,
                "messaging_product": "whatsapp",
                "metadata": {"display_phone_number": sent.business_phone, "phone_number_id": "1"},
                "statuses": [item],
                "wabaId": "1",
            }
        )
    if status == "sent":
        item["costs"] = [_cost(sent)]
    return _dumps(
        {"statuses": [item], "business_phone": sent.business_phone, "messaging_product": "whatsapp"}
    )


def inbound_text_callback(
    business_phone: str, user: str, body: str, *, name: str = "", now_ms: int = 0
) -> bytes:
    """A user's text message as the 2023 page's example shows it (``merchant_phone`` key)."""
    message_id = "ABGH" + os.urandom(15).hex()
    message = {
        "from": user,
        "id": message_id,
        "text": {"body": body},
        "timestamp": str(now_ms // 1000),
        "type": "text",
        "cost": {
            "currency": "USD",
            "price": 0,
            "foreign_price": 0,
            "cdr_type": 7,
            "message_id": message_id,
            "direction": 2,
        },
    }
    return _dumps(
        {
            "contacts": [{"profile": {"name": name}, "wa_id": user}],
            "messages": [message],
            "merchant_phone": business_phone,
            "messaging_product": "whatsapp",
        }
    )


def template_status_callback(event: TemplateEvent, *, now_ms: int, waba_id: str = "1") -> bytes:
    """The ``message_template_status_update`` body of reference §4.19.3 for ``event``.

    >>> template_status_callback(event, now_ms=1_700_000_000_000)
    b'{"field":"message_template_status_update","value":{"business_phone":...'
    """
    return _dumps(
        {
            "field": "message_template_status_update",
            "value": {
                "business_phone": event.phone,
                "event": event.event,
                "message_template_id": event.template_id,
                "message_template_language": event.language,
                "message_template_name": event.name,
                "reason": event.reason,
                "time": now_ms // 1000,
                "wabaId": waba_id,
            },
        }
    )


def callback_headers(
    body: bytes,
    *,
    access_key: str,
    access_secret: str,
    ts: int,
    action: str = CALLBACK_ACTION,
    biz_type: str = "2",
    algorithm: Algorithm = "md5",
) -> dict[str, str]:
    """The headers NxCloud signs a callback with (reference §4.19.0): ``accessKey``,
    ``action``, ``bizType``, ``ts``, ``algorithm`` and ``sign`` over
    ``accessKey=..&action=..&bizType=..&ts=..&body=<raw body>&accessSecret=..``.

    >>> headers = callback_headers(b'{"field":"x"}', access_key="ak", access_secret="sk",
    ...                            ts=1_700_000_000_000)
    >>> sorted(headers)
    ['Content-Type', 'accessKey', 'action', 'algorithm', 'bizType', 'sign', 'ts']
    """
    signature = sign(
        access_key=access_key,
        access_secret=access_secret,
        action=action,
        biz_type=biz_type,
        ts=str(ts),
        body=body or None,
        algorithm=algorithm,
    )
    return {
        "Content-Type": "application/json",
        "accessKey": access_key,
        "action": action,
        "bizType": biz_type,
        "ts": str(ts),
        "algorithm": algorithm,
        "sign": signature,
    }
