"""Every callback example of the reference (§4.19 open platform, §5.6 SaaS) parses into the
right event type with the right values.

Payloads marked 2023 are the example bodies of the full 2023 pages the reference is built on;
the newer ones are assembled from the fields the reference lists (their pages are truncated).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from nxwa import webhooks
from nxwa.models import TemplateReviewStatus
from nxwa.webhooks import (
    AccountEventKind,
    AccountReviewEvent,
    AccountUpdateEvent,
    ButtonClickEvent,
    CdrType,
    ConversationType,
    CostDirection,
    DeliveryStatus,
    Event,
    InboundMessageEvent,
    InboundMessageType,
    MessageStatusEvent,
    PhoneNumberNameEvent,
    PhoneNumberQualityEvent,
    TemplateCategoryEvent,
    TemplateQualityEvent,
    TemplateStatusEvent,
    UnknownEvent,
    UserPreferencesEvent,
)

WAMID = "wamid.HBgNODYxNzYwNjA1MDgxORUCABEYEjI4RTcyNzFGRDVGQTQwQkQ1RAA="


def status_body(status: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {"statuses": [status], **top}


def inbound_body(message: dict[str, Any], phone_key: str = "merchant_phone") -> dict[str, Any]:
    return {
        "contacts": [{"profile": {"name": "Jay"}, "wa_id": "86176xxxx0819"}],
        "messages": [message],
        phone_key: "86176xxxx0819",
        "messaging_product": "whatsapp",
    }


COST = {
    "currency": "USD",
    "price": 0,
    "foreign_price": 0,
    "cdr_type": 4,
    "message_id": "ABGH",
    "direction": 1,
}

# ---------------------------------------------------------------- §4.19.1 status callbacks

SENT_2023 = status_body(
    {
        "id": WAMID,
        "status": "sent",
        "timestamp": "1660019986",
        "recipient_id": "86176xxxx0819",
        "conversation": {
            "id": "72569257438b471cae074da84bed1b83",
            "expiration_timestamp": "1660106400",
            "origin": {"type": "authentication"},
        },
        "costs": [
            {
                **COST,
                "message_id": "wamid.HBgNNjI4MTI4MTM3NTYwNBUCABEYEkMzODdBNTEzMTAxNDhFMEI5NQA=",
            },
            {
                "currency": "USD",
                "price": 0.1381,
                "foreign_price": 0.02,
                "cdr_type": 4,
                "message_id": "wamid.HBgNNjI4MTI4MTM3NTYwNBUCABEYEkMzODdBNTEzMTAxNDhFMEI5NQA=",
                "direction": 1,
            },
        ],
    }
)
DELIVERED_2023 = status_body(
    {
        "id": WAMID,
        "status": "delivered",
        "timestamp": "1660019987",
        "recipient_id": "86176xxxx0819",
        "conversation": {
            "id": "72569257438b471cae074da84bed1b83",
            "origin": {"type": "authentication"},
        },
    }
)
READ_2023 = status_body(
    {"id": WAMID, "status": "read", "timestamp": "1660019990", "recipient_id": "86176xxxx0819"}
)
FAILED_2023 = status_body(
    {
        "errors": [
            {
                "code": 470,
                "title": "Failed to send message because you are outside the support window "
                "for freeform messages to this user. Please use a valid HSM notification or "
                "reconsider.",
            }
        ],
        "id": "ID",
        "recipient_id": "WHATSAPP_ID",
        "status": "failed",
        "timestamp": "TIMESTAMP",
    }
)
DELETED_2023 = status_body(
    {
        "id": "ID",
        "recipient_id": "WHATSAPP_ID",
        "status": "deleted",
        "timestamp": "TIMESTAMP",
        "type": "message",
        "message": {"recipient_id": "WHATSAPP_ID"},
    }
)
# Newer open-platform fields: meta_message_id, biz_opaque_callback_data, pricing, and the
# third-party top level (metadata, app_id, merchant_phone, channel); errors[].meta_code.
STATUS_NEWER = status_body(
    {
        "id": "order-520",
        "meta_message_id": WAMID,
        "status": "failed",
        "timestamp": "1700000000",
        "recipient_id": "8613900000000",
        "biz_opaque_callback_data": "campaign=may",
        "errors": [{"code": 131026, "title": "Message undeliverable", "meta_code": 131026}],
        "pricing": {"billable": False, "pricing_model": "PMP", "category": "marketing"},
        "costs": [{**COST, "cdr_type": 1}],
    },
    business_phone="8613800000000",
    messaging_product="whatsapp",
    metadata={"display_phone_number": "+86 138 0000 0000", "phone_number_id": "1097"},
    app_id="42",
    merchant_phone="8613800000000",
    channel=2,
)

# ---------------------------------------------------------------- §5.6 SaaS status callbacks

SAAS_SENT_2023 = status_body(
    {
        "id": WAMID,
        "status": "sent",
        "timestamp": "1660019986",
        "recipient_id": "86176xxxx0819",
        "conversation": {
            "id": "72569257438b471cae074da84bed1b83",
            "expiration_timestamp": "1660106400",
            "origin": {"type": "business_initiated"},
        },
    }
)
SAAS_STATUS_2025 = {
    "app_id": 7,
    "business_phone": "8613800000000",
    "channel": 2,
    "contacts": [
        {
            "profile": {"name": "Ann", "username": "ann"},
            "wa_id": "",
            "user_id": "HK.733740005265",
            "parent_user_id": "HK.1",
        }
    ],
    "merchant_phone": "8613800000000",
    "messaging_product": "whatsapp",
    "metadata": {"display_phone_number": "8613800000000", "phone_number_id": "1097"},
    "statuses": [
        {
            "id": WAMID,
            "status": "delivered",
            "timestamp": "1700000000",
            "recipient_id": "",
            "biz_opaque_callback_data": "x",
            "cost": {
                "currency": "USD",
                "foreign_price": 0.0107,
                "cdr_type": 10,
                "message_id": WAMID,
                "direction": 1,
            },
        }
    ],
    "wabaId": "1234",
}
SAAS_BUTTON_CLICK_2023 = {
    "business_phone": "1xxxxxxxxxx",
    "contacts": [{"profile": {"name": "Name"}, "wa_id": "861xxxxxxxxxx"}],
    "messages": [
        {
            "button": {"payload": "Button ID", "text": "Template Button Name"},
            "context": {"from": "185xxxxxx99", "id": "wamid.9ce86df19d7941c3965cac2a131a0b0e"},
            "from": "861xxxxxxxx59",
            "id": "wamid.HBgNODYxMzYwMzAxOTc1ORUCABIYFjNFQjA0NUJBNDczOTIzQUZBOUQ0OUEA",
            "timestamp": "1692266760",
            "type": "button",
            "tag_name": "Tag Name",
            "wa_ext": json.dumps(
                {
                    "templateId": 233,
                    "templateName": "Template Name",
                    "components": [
                        {"type": "body", "parameters": [{"type": "text", "text": "xxxx"}]}
                    ],
                }
            ),
        }
    ],
    "messaging_product": "whatsapp",
}

# ---------------------------------------------------------------- §4.19.2 inbound messages


def message(kind: str, content: Any, **extra: Any) -> dict[str, Any]:
    return {
        "from": "86176xxxx0819",
        "id": "ABGHhhdgYFCBnwIQNkLO2ipL1_ZpZ41mwgMHEg",
        "timestamp": "1663053831",
        "type": kind,
        kind: content,
        "cost": COST,
        **extra,
    }


INBOUND_2023 = {
    "text": inbound_body(message("text", {"body": "Hello"})),
    "image": inbound_body(
        message(
            "image",
            {
                "id": "2bc7102f-5491-40b1-a92f-338303eab9d3",
                "mime_type": "image/jpeg",
                "sha256": "0ed3d9d4db83ed7751314af5f2e9bf008edc49a101bebb9054a97f824cf2136b",
            },
        )
    ),
    "video": inbound_body(
        message(
            "video",
            {
                "id": "bfc0619d-995e-49da-9869-e911a34c43b9",
                "mime_type": "video/mp4",
                "sha256": "e0",
            },
        )
    ),
    "voice": inbound_body(
        message(
            "voice",
            {
                "id": "25fdf335-d846-4e6c-9aa8-35f25abc564c",
                "mime_type": "audio/ogg; codecs=opus",
                "sha256": "f3",
            },
        )
    ),
    "audio": inbound_body(
        message(
            "audio",
            {
                "id": "aab95384-fc19-4136-a330-97e1f8a4cb02",
                "mime_type": "audio/mpeg",
                "sha256": "9a",
            },
        )
    ),
    "document": inbound_body(
        message(
            "document",
            {
                "caption": "null.txt",
                "filename": "null.txt",
                "id": "806bb2f3-d8cc-4477-8b4d-d89df862f6c0",
                "mime_type": "text/plain",
                "sha256": "90",
            },
        )
    ),
    "location": inbound_body(
        message(
            "location",
            {
                "address": "Shenzhen, Guangdong",
                "latitude": 22.550802897696343,
                "longitude": 113.93844723701477,
                "name": "KFC",
                "url": "http://www.kfc.com.cn",
            },
        )
    ),
    "sticker": inbound_body(
        message(
            "sticker",
            {
                "id": "1b0a4c77-c5e7-44fa-b2a3-b69941ed3c64",
                "metadata": {
                    "emojis": ["☕", "🙂"],
                    "is-first-party-sticker": 1,
                    "sticker-pack-id": "whatsappcuppy",
                },
                "mime_type": "image/webp",
                "sha256": "98",
            },
        )
    ),
}
# Newer types (third-party copy of the CN page; Meta shapes), with the table's business_phone.
INBOUND_NEWER = {
    "interactive": inbound_body(
        message(
            "interactive", {"type": "button_reply", "button_reply": {"id": "yes", "title": "Yes"}}
        ),
        "business_phone",
    ),
    "reaction": inbound_body(
        message("reaction", {"message_id": WAMID, "emoji": "👍"}), "business_phone"
    ),
    "button": inbound_body(
        message("button", {"text": "Stop", "payload": "stop-promos"}), "business_phone"
    ),
    "order": inbound_body(
        message("order", {"catalog_id": "1", "product_items": []}), "business_phone"
    ),
    "referral": inbound_body(
        message("text", {"body": "From the ad"}, referral={"source_type": "ad"}),
        "business_phone",
    ),
}

# ---------------------------------------------------------------- §4.19.3/4 field events

TEMPLATE_STATUS = {
    "field": "message_template_status_update",
    "value": {
        "business_phone": "8613800000000",
        "event": "REJECTED",
        "message_template_id": 1234567890,
        "message_template_language": "en_US",
        "message_template_name": "order_ready",
        "reason": "INCORRECT_CATEGORY",
        "time": 1700000000,
        "wabaId": "555",
    },
}
TEMPLATE_QUALITY = {
    "field": "message_template_quality_update",
    "value": {
        "business_phone": "8613800000000",
        "message_template_id": "1234567890",
        "message_template_language": "en_US",
        "message_template_name": "order_ready",
        "new_quality_score": "GREEN",
        "previous_quality_score": "UNKNOWN",
    },
}
TEMPLATE_CATEGORY = {
    "field": "template_category_update",
    "value": {"business_phone": "8613800000000", "message_template_id": "1", "something": 1},
}
ACCOUNT_UPDATE = {
    "field": "account_update",
    "value": {
        "ban_info": {"waba_ban_date": "2025-01-01", "waba_ban_state": "DISABLE"},
        "business_phone": "8613800000000",
        "event": "DISABLED_UPDATE",
        "time": 1700000000,
        "wabaId": "555",
    },
}
ACCOUNT_REVIEW = {"field": "account_review_update", "value": {"decision": "APPROVED"}}
PHONE_NAME = {"field": "phone_number_name_update", "value": {"business_phone": "1", "x": 1}}
PHONE_QUALITY = {"field": "phone_number_quality_update", "value": {"business_phone": "1"}}
USER_PREFERENCES = {"field": "user_preferences", "value": {"wabaId": "9", "user_preferences": []}}

EXAMPLES: list[tuple[str, dict[str, Any], type[Event]]] = [
    ("status-sent-2023", SENT_2023, MessageStatusEvent),
    ("status-delivered-2023", DELIVERED_2023, MessageStatusEvent),
    ("status-read-2023", READ_2023, MessageStatusEvent),
    ("status-failed-2023", FAILED_2023, MessageStatusEvent),
    ("status-deleted-2023", DELETED_2023, MessageStatusEvent),
    ("status-newer", STATUS_NEWER, MessageStatusEvent),
    ("saas-status-2023", SAAS_SENT_2023, MessageStatusEvent),
    ("saas-status-2025", SAAS_STATUS_2025, MessageStatusEvent),
    ("saas-button-click-2023", SAAS_BUTTON_CLICK_2023, ButtonClickEvent),
    *((f"inbound-{k}-2023", v, InboundMessageEvent) for k, v in INBOUND_2023.items()),
    ("inbound-interactive", INBOUND_NEWER["interactive"], InboundMessageEvent),
    ("inbound-reaction", INBOUND_NEWER["reaction"], InboundMessageEvent),
    ("inbound-button", INBOUND_NEWER["button"], ButtonClickEvent),
    ("inbound-order", INBOUND_NEWER["order"], InboundMessageEvent),
    ("inbound-referral", INBOUND_NEWER["referral"], InboundMessageEvent),
    ("template-status", TEMPLATE_STATUS, TemplateStatusEvent),
    ("template-quality", TEMPLATE_QUALITY, TemplateQualityEvent),
    ("template-category", TEMPLATE_CATEGORY, TemplateCategoryEvent),
    ("account-update", ACCOUNT_UPDATE, AccountUpdateEvent),
    ("account-review", ACCOUNT_REVIEW, AccountReviewEvent),
    ("phone-name", PHONE_NAME, PhoneNumberNameEvent),
    ("phone-quality", PHONE_QUALITY, PhoneNumberQualityEvent),
    ("user-preferences", USER_PREFERENCES, UserPreferencesEvent),
]


@pytest.mark.parametrize(
    ("payload", "kind"), [e[1:] for e in EXAMPLES], ids=[e[0] for e in EXAMPLES]
)
def test_example_parses_to_its_event(payload: dict[str, Any], kind: type[Event]) -> None:
    body = json.dumps(payload, ensure_ascii=False, indent=2).encode()
    event = webhooks.parse(body)
    assert type(event) is kind
    assert event.raw == payload
    assert webhooks.parse(body.decode()) == event
    assert webhooks.parse_payload(payload) == event


def test_status_with_costs() -> None:
    event = webhooks.parse(json.dumps(SENT_2023).encode())
    assert isinstance(event, MessageStatusEvent)
    [status] = event.statuses
    assert status.status is DeliveryStatus.SENT
    assert status.at is not None
    assert status.at.year == 2022
    assert status.conversation is not None
    assert status.conversation.origin is not None
    assert status.conversation.origin.type is ConversationType.AUTHENTICATION
    assert [c.foreign_price for c in status.costs] == [0, 0.02]
    assert status.costs[1].price == pytest.approx(0.1381)
    assert status.costs[1].cdr_type is CdrType.MARKETING
    assert status.costs[1].direction is CostDirection.OUTBOUND


def test_failed_status_errors_and_odd_timestamp() -> None:
    event = webhooks.parse(json.dumps(FAILED_2023).encode())
    assert isinstance(event, MessageStatusEvent)
    [status] = event.statuses
    assert status.errors[0].code == 470
    assert status.at is None  # "TIMESTAMP" in the docs' example


def test_newer_status_fields() -> None:
    event = webhooks.parse(json.dumps(STATUS_NEWER).encode())
    assert isinstance(event, MessageStatusEvent)
    [status] = event.statuses
    assert status.reply_to_id == WAMID
    assert status.biz_opaque_callback_data == "campaign=may"
    assert status.pricing == webhooks.Pricing(
        billable=False, pricing_model="PMP", category="marketing"
    )
    assert status.errors[0].meta_code == 131026
    assert status.costs[0].cdr_type is CdrType.MESSAGE
    assert event.app_id == "42"
    assert event.channel == 2
    assert event.metadata == webhooks.Metadata(
        display_phone_number="+86 138 0000 0000", phone_number_id="1097"
    )


def test_saas_2025_status() -> None:
    event = webhooks.parse(json.dumps(SAAS_STATUS_2025).encode())
    assert isinstance(event, MessageStatusEvent)
    assert event.waba_id == "1234"
    assert event.contacts[0].user_id == "HK.733740005265"
    assert event.contacts[0].profile == webhooks.ContactProfile(name="Ann", username="ann")
    [status] = event.statuses
    assert status.conversation is None
    assert status.all_costs == [status.cost]
    assert status.cost is not None
    assert status.cost.cdr_type is CdrType.MM_LITE


def test_button_click() -> None:
    event = webhooks.parse(json.dumps(SAAS_BUTTON_CLICK_2023).encode())
    assert isinstance(event, ButtonClickEvent)
    assert isinstance(event, InboundMessageEvent)
    [click] = event.messages
    assert click.button == webhooks.ButtonContent(payload="Button ID", text="Template Button Name")
    assert click.context == webhooks.MessageContext(
        from_="185xxxxxx99", id="wamid.9ce86df19d7941c3965cac2a131a0b0e"
    )
    assert click.tag_name == "Tag Name"
    assert click.template_context is not None
    assert click.template_context["templateId"] == 233


EXPECTED_CONTENT: dict[str, Any] = {
    "text": webhooks.TextContent(body="Hello"),
    "location": webhooks.LocationContent(
        latitude=22.550802897696343,
        longitude=113.93844723701477,
        name="KFC",
        address="Shenzhen, Guangdong",
        url="http://www.kfc.com.cn",
    ),
}


@pytest.mark.parametrize("kind", list(INBOUND_2023))
def test_inbound_message_content(kind: str) -> None:
    event = webhooks.parse(json.dumps(INBOUND_2023[kind]).encode())
    assert isinstance(event, InboundMessageEvent)
    [msg] = event.messages
    assert msg.type == InboundMessageType(kind)
    assert msg.from_ == "86176xxxx0819"
    assert msg.cost is not None
    assert msg.cost.cdr_type is CdrType.MARKETING
    assert msg.content is getattr(msg, kind)
    assert msg.content is not None
    if kind in EXPECTED_CONTENT:
        assert msg.content == EXPECTED_CONTENT[kind]
    else:
        assert isinstance(msg.content, webhooks.MediaContent)
        assert msg.content.id
    assert event.contacts[0].profile == webhooks.ContactProfile(name="Jay")


def test_sticker_metadata_keys_are_renamed() -> None:
    event = webhooks.parse(json.dumps(INBOUND_2023["sticker"]).encode())
    assert isinstance(event, InboundMessageEvent)
    sticker = event.messages[0].sticker
    assert sticker is not None
    assert sticker.metadata == webhooks.StickerMetadata(
        emojis=["☕", "🙂"], is_first_party_sticker=1, sticker_pack_id="whatsappcuppy"
    )


def test_location_coordinates_may_be_strings() -> None:
    payload = inbound_body(message("location", {"latitude": "22.55", "longitude": "113.9"}))
    event = webhooks.parse(json.dumps(payload).encode())
    assert isinstance(event, InboundMessageEvent)
    assert event.messages[0].location == webhooks.LocationContent(latitude=22.55, longitude=113.9)


@pytest.mark.parametrize("key", ["merchant_phone", "business_phone"])
def test_business_phone_from_either_key(key: str) -> None:
    # (conflict §6.7) the table says business_phone, the examples merchant_phone.
    event = webhooks.parse(json.dumps(inbound_body(message("text", {"body": "x"}), key)).encode())
    assert isinstance(event, InboundMessageEvent)
    assert event.business_phone == "86176xxxx0819"


def test_newer_inbound_types() -> None:
    interactive = webhooks.parse(json.dumps(INBOUND_NEWER["interactive"]).encode())
    assert isinstance(interactive, InboundMessageEvent)
    assert interactive.messages[0].interactive == webhooks.InteractiveContent(
        type="button_reply", button_reply=webhooks.InteractiveReply(id="yes", title="Yes")
    )
    reaction = webhooks.parse(json.dumps(INBOUND_NEWER["reaction"]).encode())
    assert isinstance(reaction, InboundMessageEvent)
    assert reaction.messages[0].content == webhooks.ReactionContent(message_id=WAMID, emoji="👍")
    referral = webhooks.parse(json.dumps(INBOUND_NEWER["referral"]).encode())
    assert isinstance(referral, InboundMessageEvent)
    assert referral.messages[0].referral == {"source_type": "ad"}


def test_unknown_message_type_is_kept() -> None:
    payload = inbound_body(message("poll", {"question": "?"}))
    event = webhooks.parse(json.dumps(payload).encode())
    assert isinstance(event, InboundMessageEvent)
    [msg] = event.messages
    assert msg.type is not None
    assert msg.type.value == "poll"
    assert not msg.type.is_known
    assert msg.content is None
    assert event.raw["messages"][0]["poll"] == {"question": "?"}


def test_template_events() -> None:
    status = webhooks.parse(json.dumps(TEMPLATE_STATUS).encode())
    assert isinstance(status, TemplateStatusEvent)
    assert status.status is TemplateReviewStatus.REJECTED
    assert (status.template_id, status.template_name, status.template_language) == (
        "1234567890",
        "order_ready",
        "en_US",
    )
    assert (status.reason, status.time, status.waba_id) == ("INCORRECT_CATEGORY", 1700000000, "555")
    assert status.business_phone == "8613800000000"
    assert status.field == "message_template_status_update"
    assert status.value == TEMPLATE_STATUS["value"]
    quality = webhooks.parse(json.dumps(TEMPLATE_QUALITY).encode())
    assert isinstance(quality, TemplateQualityEvent)
    assert (quality.previous_quality_score, quality.new_quality_score) == ("UNKNOWN", "GREEN")
    category = webhooks.parse(json.dumps(TEMPLATE_CATEGORY).encode())
    assert isinstance(category, TemplateCategoryEvent)
    assert category.value["something"] == 1


def test_account_update() -> None:
    event = webhooks.parse(json.dumps(ACCOUNT_UPDATE).encode())
    assert isinstance(event, AccountUpdateEvent)
    assert event.event is AccountEventKind.DISABLED_UPDATE
    assert event.ban_info == webhooks.BanInfo(waba_ban_date="2025-01-01", waba_ban_state="DISABLE")
    review = webhooks.parse(json.dumps(ACCOUNT_REVIEW).encode())
    assert isinstance(review, AccountReviewEvent)
    assert review.decision == "APPROVED"


def test_unknown_template_status_value_is_kept() -> None:
    payload = {"field": "message_template_status_update", "value": {"event": "ARCHIVED"}}
    event = webhooks.parse(json.dumps(payload).encode())
    assert isinstance(event, TemplateStatusEvent)
    assert event.status is not None
    assert event.status.value == "ARCHIVED"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"field": "brand_new_event", "value": {"a": 1}}, "brand_new_event"),
        ({"object": "whatsapp_business_account", "entry": []}, None),
        ({}, None),
        ({"field": 5, "value": {}}, None),
    ],
)
def test_unknown_callbacks(payload: dict[str, Any], field: str | None) -> None:
    event = webhooks.parse(json.dumps(payload).encode())
    assert isinstance(event, UnknownEvent)
    assert event.raw == payload
    assert event.field == field


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"[]",
        b"42",
        b'"statuses"',
        b"null",
        b"\xff\xfe\x00",
        b'{"statuses": 5}',
        b'{"statuses": [1]}',
        b'{"statuses": [{"costs": [{"price": "cheap"}]}]}',
        b'{"messages": {"id": "x"}}',
        b'{"messages": [{"timestamp": []}], "contacts": 3}',
        b'{"field": "account_update", "value": [1]}',
        b'{"field": "message_template_status_update", "value": {"time": "soon"}}',
        b"[" * 100_000,
    ],
)
def test_malformed_bodies_raise_one_nxwa_error(body: bytes) -> None:
    with pytest.raises(webhooks.WebhookParseError) as caught:
        webhooks.parse(body)
    assert isinstance(caught.value, ValueError)


def test_unknown_fields_are_ignored_and_kept() -> None:
    payload = {**READ_2023, "brand_new": {"x": [1]}}
    payload["statuses"] = [{**READ_2023["statuses"][0], "future": True}]
    event = webhooks.parse(json.dumps(payload).encode())
    assert isinstance(event, MessageStatusEvent)
    assert event.statuses[0].status is DeliveryStatus.READ
    assert event.raw["brand_new"] == {"x": [1]}
