"""Callbacks that carry Meta's own payloads parse into typed content.

Each payload restates the example of Meta's WhatsApp webhook reference (developers.facebook.com
documentation/business-messaging/whatsapp/webhooks/reference/messages/...: contacts, system,
edit, revoke, unsupported), with the example values of its parameter table, inside NxCloud's
flat message callback (§4.19.2).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from nxwa import webhooks
from nxwa.webhooks import (
    Event,
    InboundMessageEvent,
    InboundMessageType,
    SystemMessageType,
    UnknownEvent,
)

# The example values Meta's parameter tables give.
WABA_ID = "102290129340398"
DISPLAY_PHONE = "15550783881"
PHONE_NUMBER_ID = "106540352242922"
USER_PHONE = "16505551234"
USER_NAME = "Sheena Nelson"
WAMID = "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA="
ORIGINAL_WAMID = "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTQ3RjA5MDlFNDU5MkE4MkQwMAA="
TIMESTAMP = "1739321024"
METADATA = {"display_phone_number": DISPLAY_PHONE, "phone_number_id": PHONE_NUMBER_ID}
SENDER = [{"profile": {"name": USER_NAME}, "wa_id": USER_PHONE}]


def messages_callback(message: dict[str, Any], *, contacts: bool = True) -> dict[str, Any]:
    """A ``messages`` value as NxCloud posts it: flat, with the business phone added."""
    body: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": METADATA,
        "business_phone": DISPLAY_PHONE,
        "messages": [
            {"from": USER_PHONE, "id": WAMID, "timestamp": TIMESTAMP, **message},
        ],
    }
    if contacts:
        body["contacts"] = SENDER
    return body


def field_callback(field: str, value: dict[str, Any]) -> dict[str, Any]:
    return {"field": field, "value": value}


# ---------------------------------------------------------------- messages webhook

CONTACTS = messages_callback(
    {
        "type": "contacts",
        "contacts": [
            {
                "addresses": [
                    {
                        "city": "Menlo Park",
                        "country": "United States",
                        "country_code": "US",
                        "state": "CA",
                        "street": "1 Hacker Way",
                        "type": "HOME",
                        "zip": "94025",
                    }
                ],
                "birthday": "1999-01-23",
                "emails": [{"email": "bjohnson@luckyshrub.com", "type": "WORK"}],
                "name": {
                    "formatted_name": "Barbara J. Johnson",
                    "first_name": "Barbara",
                    "last_name": "Johnson",
                    "middle_name": "Joana",
                    "suffix": "Esq.",
                    "prefix": "Dr.",
                },
                "org": {"company": "Lucky Shrub", "department": "Legal", "title": "Lawyer"},
                "phones": [
                    {"phone": "+1 (940) 555-1234", "wa_id": "19405551234", "type": "HOME"},
                    {"phone": "+1 (650) 555-1234", "type": "WORK"},
                ],
                "urls": [{"url": "https://www.luckyshrub.com", "type": "WORK"}],
            }
        ],
    }
)
# Current reference: the new id is `wa_id`; system messages carry no contacts array.
SYSTEM = messages_callback(
    {
        "type": "system",
        "system": {
            "body": f"User {USER_NAME} changed from {USER_PHONE} to 12195555358",
            "wa_id": "12195555358",
            "type": "user_changed_number",
        },
    },
    contacts=False,
)
# Older Graph API versions named the new id `new_wa_id`.
SYSTEM_OLDER = messages_callback(
    {
        "type": "system",
        "system": {
            "body": f"{USER_NAME} changed from {USER_PHONE} to 12195555358",
            "new_wa_id": "12195555358",
            "type": "user_changed_number",
        },
    },
    contacts=False,
)
# The stored copy of the edit reference is cut inside the edited message's `context`; its
# from/id are those of a reply's context.
EDIT = messages_callback(
    {
        "type": "edit",
        "edit": {
            "original_message_id": ORIGINAL_WAMID,
            "message": {
                "context": {"from": DISPLAY_PHONE, "id": "wamid.HBgLMTY1MDM4NzkQ"},
                "type": "text",
                "text": {"body": "Do you have it in pink?"},
            },
        },
    }
)
REVOKE = messages_callback(
    {"type": "revoke", "revoke": {"original_message_id": ORIGINAL_WAMID}},
)
UNSUPPORTED = messages_callback(
    {
        "errors": [
            {
                "code": 131051,
                "title": "Message type unknown",
                "message": "Message type unknown",
                "error_data": {"details": "Message type is currently not supported."},
            }
        ],
        "type": "unsupported",
        "unsupported": {"type": "poll_update"},
    }
)

META_EXAMPLES: list[tuple[str, dict[str, Any], type[Event]]] = [
    ("contacts", CONTACTS, InboundMessageEvent),
    ("system", SYSTEM, InboundMessageEvent),
    ("system-older", SYSTEM_OLDER, InboundMessageEvent),
    ("edit", EDIT, InboundMessageEvent),
    ("revoke", REVOKE, InboundMessageEvent),
    ("unsupported", UNSUPPORTED, InboundMessageEvent),
]


def parsed(payload: dict[str, Any]) -> Event:
    return webhooks.parse(json.dumps(payload, ensure_ascii=False).encode())


def only_message(payload: dict[str, Any]) -> webhooks.InboundMessage:
    event = parsed(payload)
    assert isinstance(event, InboundMessageEvent)
    [message] = event.messages
    return message


@pytest.mark.parametrize(
    ("payload", "kind"), [e[1:] for e in META_EXAMPLES], ids=[e[0] for e in META_EXAMPLES]
)
def test_example_parses_to_its_event(payload: dict[str, Any], kind: type[Event]) -> None:
    event = parsed(payload)
    assert type(event) is kind
    assert event.raw == payload
    assert webhooks.parse_payload(payload) == event


@pytest.mark.parametrize(
    ("payload", "kind"),
    [
        (CONTACTS, "contacts"),
        (SYSTEM, "system"),
        (EDIT, "edit"),
        (REVOKE, "revoke"),
        (UNSUPPORTED, "unsupported"),
    ],
)
def test_inbound_types_are_known_and_have_content(payload: dict[str, Any], kind: str) -> None:
    message = only_message(payload)
    assert message.type is InboundMessageType(kind)
    assert message.type.is_known
    assert message.content is getattr(message, kind)
    assert message.content
    assert (message.id, message.from_, message.timestamp) == (WAMID, USER_PHONE, TIMESTAMP)


def test_contacts_message() -> None:
    message = only_message(CONTACTS)
    assert message.contacts == [
        webhooks.ContactCard(
            name=webhooks.ContactName(
                formatted_name="Barbara J. Johnson",
                first_name="Barbara",
                last_name="Johnson",
                middle_name="Joana",
                suffix="Esq.",
                prefix="Dr.",
            ),
            phones=[
                webhooks.ContactPhone(phone="+1 (940) 555-1234", wa_id="19405551234", type="HOME"),
                webhooks.ContactPhone(phone="+1 (650) 555-1234", type="WORK"),
            ],
            emails=[webhooks.ContactEmail(email="bjohnson@luckyshrub.com", type="WORK")],
            addresses=[
                webhooks.ContactAddress(
                    street="1 Hacker Way",
                    city="Menlo Park",
                    state="CA",
                    zip="94025",
                    country="United States",
                    country_code="US",
                    type="HOME",
                )
            ],
            org=webhooks.ContactOrg(company="Lucky Shrub", department="Legal", title="Lawyer"),
            urls=[webhooks.ContactUrl(url="https://www.luckyshrub.com", type="WORK")],
            birthday="1999-01-23",
        )
    ]


def test_a_contact_card_may_share_almost_nothing() -> None:
    message = only_message(
        messages_callback({"type": "contacts", "contacts": [{"name": {"first_name": "Ann"}}]})
    )
    assert message.contacts == [webhooks.ContactCard(name=webhooks.ContactName(first_name="Ann"))]


@pytest.mark.parametrize("payload", [SYSTEM, SYSTEM_OLDER], ids=["current", "older"])
def test_system_message_new_number(payload: dict[str, Any]) -> None:
    event = parsed(payload)
    assert isinstance(event, InboundMessageEvent)
    assert event.contacts == []
    system = event.messages[0].system
    assert system is not None
    assert system.type is SystemMessageType.USER_CHANGED_NUMBER
    assert system.new_id == "12195555358"
    assert system.body is not None
    assert system.body.endswith(f"changed from {USER_PHONE} to 12195555358")


def test_system_message_types_stay_open() -> None:
    message = only_message(
        messages_callback({"type": "system", "system": {"type": "user_changed_user_id"}})
    )
    assert message.system == webhooks.SystemContent(type=SystemMessageType.USER_CHANGED_USER_ID)
    future = only_message(messages_callback({"type": "system", "system": {"type": "brand_new"}}))
    assert future.system is not None
    assert future.system.type is not None
    assert (future.system.type.value, future.system.type.is_known) == ("brand_new", False)


def test_edit_message() -> None:
    edit = only_message(EDIT).edit
    assert edit is not None
    assert edit.original_message_id == ORIGINAL_WAMID
    assert edit.message is not None
    assert edit.message.type is InboundMessageType.TEXT
    assert edit.message.content == webhooks.TextContent(body="Do you have it in pink?")
    assert edit.message.context == webhooks.MessageContext(
        from_=DISPLAY_PHONE, id="wamid.HBgLMTY1MDM4NzkQ"
    )


def test_edited_caption() -> None:
    edit = only_message(
        messages_callback(
            {
                "type": "edit",
                "edit": {
                    "original_message_id": ORIGINAL_WAMID,
                    "message": {"type": "image", "image": {"id": "1", "caption": "Now in pink"}},
                },
            }
        )
    ).edit
    assert edit is not None
    assert edit.message is not None
    assert edit.message.content == webhooks.MediaContent(id="1", caption="Now in pink")


def test_revoke_message() -> None:
    assert only_message(REVOKE).revoke == webhooks.RevokeContent(original_message_id=ORIGINAL_WAMID)


def test_unsupported_message_says_why() -> None:
    message = only_message(UNSUPPORTED)
    assert message.unsupported == webhooks.UnsupportedContent(type="poll_update")
    assert message.errors == [
        webhooks.CallbackError(
            code=131051,
            title="Message type unknown",
            message="Message type unknown",
            error_data=webhooks.ErrorData(details="Message type is currently not supported."),
        )
    ]


def test_meta_webhook_fields_not_modelled_stay_unknown() -> None:
    payload = field_callback("history", {"history": [{"threads": []}]})
    event = parsed(payload)
    assert isinstance(event, UnknownEvent)
    assert (event.field, event.raw) == ("history", payload)


@pytest.mark.parametrize(
    "body",
    [
        b'{"messages": [{"type": "contacts", "contacts": [{"phones": 5}]}]}',
        b'{"messages": [{"type": "edit", "edit": {"message": "text"}}]}',
    ],
)
def test_malformed_known_callbacks_raise_one_nxwa_error(body: bytes) -> None:
    with pytest.raises(webhooks.WebhookParseError):
        webhooks.parse(body)
