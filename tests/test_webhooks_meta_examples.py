"""Callbacks that carry Meta's own payloads parse into typed content and events.

Each payload restates the example of Meta's WhatsApp webhook reference (developers.facebook.com
documentation/business-messaging/whatsapp/webhooks/reference/...: messages/contacts,
messages/system, messages/edit, messages/revoke, messages/unsupported, smb_message_echoes,
message_template_components_update; calling/user-initiated-calls and
business-initiated-calls for ``calls``), with the example values of its parameter table, inside
NxCloud's envelope: message callbacks flat (§4.19.2), other webhook fields as
``{"field": ..., "value": ...}`` (§4.19.3).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from nxwa import webhooks
from nxwa.models import ButtonType
from nxwa.webhooks import (
    CallDirection,
    CallEvent,
    CallEventType,
    Event,
    InboundMessageEvent,
    InboundMessageType,
    MessageEchoEvent,
    SystemMessageType,
    TemplateComponentsEvent,
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

# ---------------------------------------------------------------- calls webhook

CALL_ID = "wacid.ABGGFjFVU2AfAgo6V-Hc5eCgK5Gh"
CALLS_METADATA = {"phone_number_id": "436666719526789", "display_phone_number": "13175551399"}
CALL_CONNECT = field_callback(
    "calls",
    {
        "messaging_product": "whatsapp",
        "metadata": CALLS_METADATA,
        "calls": [
            {
                "id": CALL_ID,
                "to": "16315553601",
                "from": "13175551399",
                "event": "connect",
                "timestamp": "1671644824",
                "session": {"sdp_type": "offer", "sdp": "<<RFC 8866 SDP>>"},
            }
        ],
    },
)
# The reference prints the possible statuses as a list where a value goes.
CALL_TERMINATE = field_callback(
    "calls",
    {
        "messaging_product": "whatsapp",
        "metadata": CALLS_METADATA,
        "calls": [
            {
                "id": CALL_ID,
                "to": "16315553601",
                "from": "13175551399",
                "event": "terminate",
                "direction": "USER_INITIATED",
                "timestamp": "1749197480",
                "status": ["Failed", "Completed"],
                "start_time": "1671644824",
                "end_time": "1671644944",
                "duration": 480,
            }
        ],
    },
)
BUSINESS_CALL_ID = "wacid.HBgLMTIxODU1NTI4MjgVAgARGCAyODRQIAFRoA"
CALL_CONNECT_BUSINESS = field_callback(
    "calls",
    {
        "calls": [
            {
                "biz_opaque_callback_data": "TRx334DUDFTI4Mj",
                "session": {"sdp_type": "answer", "sdp": "<RFC 8866 SDP>"},
                "from": "13175551399",
                "connection": {"webrtc": {"sdp": "<RFC 8866 SDP>"}},
                "id": BUSINESS_CALL_ID,
                "to": "12185552828",
                "event": "connect",
                "timestamp": "1749196895",
                "direction": "BUSINESS_INITIATED",
            }
        ],
        "metadata": CALLS_METADATA,
        "messaging_product": "whatsapp",
    },
)
# A delivered terminate (a receiver's log; not in the reference): one status, and the call's
# errors repeated on the value.
CALL_ERROR = {
    "code": 138021,
    "title": "WhatsApp client terminated the call due to not receiving any media for a long "
    "time. Please try again",
    "message": "WhatsApp client terminated the call due to not receiving any media for a long "
    "time. Please try again",
    "error_data": {
        "details": "WhatsApp client terminated the call due to not receiving any media for a "
        "long time."
    },
}
CALL_FAILED = field_callback(
    "calls",
    {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15551441906", "phone_number_id": "518638374672395"},
        "contacts": [{"profile": {"name": "917358580180"}, "wa_id": "917358580180"}],
        "calls": [
            {
                "id": "wacid.HBgMOTE3MzU4NTgwMTgwFQIAEhggQUNEODk3OUQ3NzI4MjZBRTZFNEE2MzU3NDEz",
                "from": "917358580180",
                "to": "15551441906",
                "event": "terminate",
                "timestamp": "1760681533",
                "direction": "USER_INITIATED",
                "start_time": "1760681513",
                "end_time": "1760681533",
                "duration": 20,
                "status": "FAILED",
                "errors": [CALL_ERROR],
            }
        ],
        "errors": [CALL_ERROR],
    },
)

# ---------------------------------------------------------------- smb_message_echoes webhook

ECHO = field_callback(
    "smb_message_echoes",
    {
        "messaging_product": "whatsapp",
        "metadata": METADATA,
        "message_echoes": [
            {
                "from": DISPLAY_PHONE,
                "to": f"+{USER_PHONE}",
                "id": WAMID,
                "timestamp": TIMESTAMP,
                "type": "text",
                "text": {
                    "body": "Here's the info you requested! https://www.meta.com/quest/quest-3/"
                },
            }
        ],
    },
)

# ---------------------------------------------------------------- template components webhook

TEMPLATE_BODY = (
    "Thank you for your order, {{1}}! Your order number is {{2}}. If you have any questions, "
    "contact support using the buttons below. Thanks again!"
)
# Meta puts the WABA id and time on the entry; NxCloud's template events carry them in the
# value (§4.19.3), as here.
TEMPLATE_COMPONENTS = field_callback(
    "message_template_components_update",
    {
        "message_template_id": 1315502779341834,
        "message_template_name": "order_confirmation",
        "message_template_language": "en_US",
        "message_template_element": TEMPLATE_BODY,
        "message_template_title": "Your order is confirmed!",
        "message_template_footer": "Lucky Shrub: the Succulent Specialists!",
        "message_template_buttons": [
            {
                "message_template_button_type": "URL",
                "message_template_button_text": "Email support",
                "message_template_button_url": "https://www.luckyshrub.com/support",
            },
            {
                "message_template_button_type": "PHONE_NUMBER",
                "message_template_button_text": "Call support",
                "message_template_button_phone_number": "+15550783881",
            },
        ],
        "wabaId": WABA_ID,
        "time": 1739321024,
    },
)

META_EXAMPLES: list[tuple[str, dict[str, Any], type[Event]]] = [
    ("contacts", CONTACTS, InboundMessageEvent),
    ("system", SYSTEM, InboundMessageEvent),
    ("system-older", SYSTEM_OLDER, InboundMessageEvent),
    ("edit", EDIT, InboundMessageEvent),
    ("revoke", REVOKE, InboundMessageEvent),
    ("unsupported", UNSUPPORTED, InboundMessageEvent),
    ("call-connect", CALL_CONNECT, CallEvent),
    ("call-terminate", CALL_TERMINATE, CallEvent),
    ("call-connect-business", CALL_CONNECT_BUSINESS, CallEvent),
    ("call-failed", CALL_FAILED, CallEvent),
    ("echo", ECHO, MessageEchoEvent),
    ("template-components", TEMPLATE_COMPONENTS, TemplateComponentsEvent),
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


def test_user_initiated_call_connect() -> None:
    event = parsed(CALL_CONNECT)
    assert isinstance(event, CallEvent)
    assert (event.field, event.messaging_product) == ("calls", "whatsapp")
    assert event.metadata == webhooks.Metadata(
        display_phone_number="13175551399", phone_number_id="436666719526789"
    )
    [call] = event.calls
    assert call == webhooks.Call(
        id=CALL_ID,
        from_="13175551399",
        to="16315553601",
        event=CallEventType.CONNECT,
        timestamp="1671644824",
        session=webhooks.CallSession(sdp_type="offer", sdp="<<RFC 8866 SDP>>"),
    )
    assert call.at is not None
    assert call.at.isoformat() == "2022-12-21T17:47:04+00:00"


def test_call_terminate() -> None:
    event = parsed(CALL_TERMINATE)
    assert isinstance(event, CallEvent)
    [call] = event.calls
    assert call.event is CallEventType.TERMINATE
    assert call.direction is CallDirection.USER_INITIATED
    assert call.status == ["Failed", "Completed"]
    assert call.duration == 480
    assert call.started_at is not None
    assert call.ended_at is not None
    assert (call.ended_at - call.started_at).total_seconds() == 120


def test_business_initiated_call_connect() -> None:
    event = parsed(CALL_CONNECT_BUSINESS)
    assert isinstance(event, CallEvent)
    [call] = event.calls
    assert call.direction is CallDirection.BUSINESS_INITIATED
    assert call.biz_opaque_callback_data == "TRx334DUDFTI4Mj"
    assert call.session == webhooks.CallSession(sdp_type="answer", sdp="<RFC 8866 SDP>")
    assert call.connection == {"webrtc": {"sdp": "<RFC 8866 SDP>"}}


def test_failed_call_carries_errors() -> None:
    event = parsed(CALL_FAILED)
    assert isinstance(event, CallEvent)
    [call] = event.calls
    assert (call.status, call.duration) == ("FAILED", 20)
    assert [e.code for e in call.errors] == [138021]
    assert call.errors == event.errors
    assert event.contacts[0].wa_id == "917358580180"


def test_message_echo() -> None:
    event = parsed(ECHO)
    assert isinstance(event, MessageEchoEvent)
    [echo] = event.echoes
    assert (echo.from_, echo.to, echo.id, echo.timestamp) == (
        DISPLAY_PHONE,
        f"+{USER_PHONE}",
        WAMID,
        TIMESTAMP,
    )
    assert echo.type is InboundMessageType.TEXT
    assert echo.content == webhooks.TextContent(
        body="Here's the info you requested! https://www.meta.com/quest/quest-3/"
    )
    assert event.metadata == webhooks.Metadata(
        display_phone_number=DISPLAY_PHONE, phone_number_id=PHONE_NUMBER_ID
    )


def test_echo_of_a_deleted_message() -> None:
    event = parsed(
        field_callback(
            "smb_message_echoes",
            {
                "message_echoes": [
                    {
                        "from": DISPLAY_PHONE,
                        "to": USER_PHONE,
                        "id": WAMID,
                        "type": "revoke",
                        "revoke": {"original_message_id": ORIGINAL_WAMID},
                    }
                ]
            },
        )
    )
    assert isinstance(event, MessageEchoEvent)
    assert event.echoes[0].content == webhooks.RevokeContent(original_message_id=ORIGINAL_WAMID)


def test_template_components_update() -> None:
    event = parsed(TEMPLATE_COMPONENTS)
    assert isinstance(event, TemplateComponentsEvent)
    assert (event.template_id, event.template_name, event.template_language) == (
        "1315502779341834",
        "order_confirmation",
        "en_US",
    )
    assert event.body_text == TEMPLATE_BODY
    assert event.header_text == "Your order is confirmed!"
    assert event.footer_text == "Lucky Shrub: the Succulent Specialists!"
    assert event.buttons == [
        webhooks.TemplateComponentButton(
            type=ButtonType.URL, text="Email support", url="https://www.luckyshrub.com/support"
        ),
        webhooks.TemplateComponentButton(
            type=ButtonType.PHONE_NUMBER, text="Call support", phone_number="+15550783881"
        ),
    ]
    assert (event.waba_id, event.time) == (WABA_ID, 1739321024)


def test_template_without_header_footer_or_buttons() -> None:
    event = parsed(
        field_callback(
            "message_template_components_update",
            {"message_template_id": 7, "message_template_element": "Hi {{1}}"},
        )
    )
    assert isinstance(event, TemplateComponentsEvent)
    assert (event.body_text, event.header_text, event.footer_text, event.buttons) == (
        "Hi {{1}}",
        None,
        None,
        [],
    )


def test_unknown_button_type_is_kept() -> None:
    event = parsed(
        field_callback(
            "message_template_components_update",
            {"message_template_buttons": [{"message_template_button_type": "HOLOGRAM"}]},
        )
    )
    assert isinstance(event, TemplateComponentsEvent)
    [button] = event.buttons
    assert button.type is not None
    assert (button.type.value, button.type.is_known) == ("HOLOGRAM", False)


@pytest.mark.parametrize(
    "payload",
    [
        {**CALL_CONNECT["value"], "brand_new": [1]},
        {"calls": [{**CALL_CONNECT["value"]["calls"][0], "future": {"x": 1}}]},
    ],
)
def test_unknown_fields_are_ignored_and_kept(payload: dict[str, Any]) -> None:
    body = field_callback("calls", payload)
    event = parsed(body)
    assert isinstance(event, CallEvent)
    assert event.calls[0].id == CALL_ID
    assert event.raw == body


def test_meta_webhook_fields_not_modelled_stay_unknown() -> None:
    payload = field_callback("history", {"history": [{"threads": []}]})
    event = parsed(payload)
    assert isinstance(event, UnknownEvent)
    assert (event.field, event.raw) == ("history", payload)


@pytest.mark.parametrize(
    "body",
    [
        b'{"field": "calls", "value": {"calls": {"id": "x"}}}',
        b'{"field": "calls", "value": {"calls": [{"duration": "long"}]}}',
        b'{"field": "smb_message_echoes", "value": {"message_echoes": [3]}}',
        b'{"field": "message_template_components_update", "value": []}',
        b'{"messages": [{"type": "contacts", "contacts": [{"phones": 5}]}]}',
        b'{"messages": [{"type": "edit", "edit": {"message": "text"}}]}',
    ],
)
def test_malformed_known_callbacks_raise_one_nxwa_error(body: bytes) -> None:
    with pytest.raises(webhooks.WebhookParseError):
        webhooks.parse(body)
