"""Sending, media, numbers, templates, profile, block users, flows and integrator endpoints
end to end against the emulator: every request is signed by the SDK and verified by the
emulator; async and sync."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator

import pytest

import nxwa
from nxwa import webhooks
from nxwa.errors import (
    InvalidParameterError,
    MetaError,
    NotFoundError,
    PermissionDeniedError,
    PhoneNumberError,
)
from nxwa.models import (
    Button,
    ButtonType,
    Component,
    ComponentExample,
    ComponentType,
    Image,
    Interactive,
    Location,
    Reaction,
    TemplateMessage,
    TemplateReviewStatus,
    Text,
    UrlSuffix,
    Video,
)
from nxwa.testing import FakeNxCloud, inbound_text_callback, status_callback

PHONE = "8613800000000"
USER = "8613900000000"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(32)
ORDER_COMPONENTS = [
    Component(
        type=ComponentType.BODY,
        text="Hi {{1}}, order {{2}} is ready",
        example=ComponentExample(body_text=[["Ann", "B520"]]),
    ),
    Component(
        type=ComponentType.BUTTONS,
        buttons=[
            Button(
                type=ButtonType.URL,
                text="Track",
                url="https://x.io/t/{{1}}",
                example=["https://x.io/t/1"],
            )
        ],
    ),
]
AUTH_COMPONENTS = [
    Component(type=ComponentType.BODY, add_security_recommendation=True),
    Component(type=ComponentType.FOOTER, code_expiration_minutes=5),
    Component(
        type=ComponentType.BUTTONS,
        buttons=[Button(type=ButtonType.OTP, otp_type="COPY_CODE", text="Copy code")],
    ),
]

pytestmark = pytest.mark.anyio


@pytest.fixture
def fake() -> FakeNxCloud:
    return FakeNxCloud(approve_after_reads=0)


@pytest.fixture
async def client(fake: FakeNxCloud) -> AsyncIterator[nxwa.AsyncClient]:
    async with fake.client(max_retries=0) as client:
        yield client
    assert all(r.signature_verified for r in fake.requests if r.code is not None)


async def test_template_lifecycle_send_and_status_callbacks(
    fake: FakeNxCloud, client: nxwa.AsyncClient
) -> None:
    ref = await client.cloud.templates.create(
        PHONE, name="order_ready", language="en_US", category="UTILITY", components=ORDER_COMPONENTS
    )
    [info] = (await client.cloud.templates.list(PHONE, name="order_ready")).items
    assert info.id == ref.id
    assert info.status is TemplateReviewStatus.APPROVED
    message = TemplateMessage.from_template(
        info, body=["Ann", "B520"], buttons=[UrlSuffix(0, "520")]
    )
    result = await client.cloud.messages.send(
        PHONE,
        USER,
        message,
        template=info,
        cus_message_id="order-520",
        dr_webhook="https://example.com/wa/status",
        biz_opaque_callback_data="campaign=may",
    )
    assert result.message_id == "order-520"
    sent = fake.state.messaging.sent[-1]
    assert (sent.to, sent.type, sent.dr_webhook) == (
        USER,
        "template",
        "https://example.com/wa/status",
    )

    event = webhooks.parse(status_callback(sent, "sent"))
    assert isinstance(event, webhooks.MessageStatusEvent)
    [status] = event.statuses
    assert (status.id, status.status) == ("order-520", webhooks.DeliveryStatus.SENT)
    assert status.biz_opaque_callback_data == "campaign=may"
    assert status.costs[0].cdr_type is webhooks.CdrType.UTILITY
    assert status.conversation is not None
    assert status.conversation.origin == webhooks.ConversationOrigin(
        type=webhooks.ConversationType.UTILITY
    )
    read = webhooks.parse(status_callback(sent, "read"))
    assert isinstance(read, webhooks.MessageStatusEvent)
    assert read.statuses[0].status is webhooks.DeliveryStatus.READ

    # A duplicate cus_message_id is refused; deleting the template stops sends.
    with pytest.raises(InvalidParameterError):
        await client.cloud.messages.send(PHONE, USER, message, cus_message_id="order-520")
    assert await client.cloud.templates.delete(PHONE, "order_ready") is True
    assert await client.cloud.templates.delete(PHONE, "order_ready") is False
    with pytest.raises(MetaError) as caught:
        await client.cloud.messages.send(PHONE, USER, message)
    assert caught.value.meta_error["code"] == 132001


async def test_wrong_parameter_count_is_metas_132000(client: nxwa.AsyncClient) -> None:
    await client.cloud.templates.create(
        PHONE, name="order_ready", language="en_US", category="UTILITY", components=ORDER_COMPONENTS
    )
    with pytest.raises(MetaError) as caught:
        await client.cloud.messages.send(
            PHONE, USER, TemplateMessage(name="order_ready", language="en_US", body=["Ann"])
        )
    assert caught.value.code == 9099
    assert caught.value.meta_error["code"] == 132000


async def test_authentication_template_and_otp(fake: FakeNxCloud, client: nxwa.AsyncClient) -> None:
    await client.cloud.templates.create_async(
        PHONE,
        name="login_code",
        language="en",
        category="AUTHENTICATION",
        components=AUTH_COMPONENTS,
    )
    info = await anext(aiter(client.cloud.templates.iter(PHONE, name="login_code")))
    body = info.component("BODY")
    assert body is not None
    # Meta's generated text, with the security recommendation the body asked for.
    assert body.text == (
        "*{{1}}* is your verification code. For your security, do not share this code."
    )
    code = TemplateMessage.from_template(info, body=["123456"], buttons=[UrlSuffix(0, "123456")])
    assert (await client.cloud.messages.send(PHONE, USER, code)).message_id
    assert fake.state.messaging.sent[-1].category == "AUTHENTICATION"

    otp = await client.cloud.messages.send_otp(USER, "Your code: 189384", language="en")
    assert otp.message_id
    pooled = fake.state.messaging.sent[-1]
    assert (pooled.business_phone, pooled.content["code"]) == ("otp-pool", "189384")


async def test_every_session_message_type(fake: FakeNxCloud, client: nxwa.AsyncClient) -> None:
    media_id = await client.cloud.media.upload(PHONE, JPEG, type="image/jpeg")
    messages = [
        Text("Hello *Ann*", preview_url=True),
        Image(id=media_id, caption="receipt"),
        Video(link="https://x.io/a.mp4"),
        Location(latitude=22.55, longitude=113.94, name="KFC"),
        Reaction("wamid.X", "👍"),
        Interactive.reply_buttons("Confirm?", {"yes": "Yes", "no": "No"}),
    ]
    for message in messages:
        await client.cloud.messages.send(PHONE, USER, message)
    sent = fake.state.messaging.sent
    assert [m.type for m in sent] == [
        "text",
        "image",
        "video",
        "location",
        "reaction",
        "interactive",
    ]
    assert sent[1].content == {"id": media_id, "caption": "receipt"}
    with pytest.raises(MetaError):
        await client.cloud.messages.send(PHONE, USER, Image(id="no-such-media"))


async def test_media_upload_get_delete(client: nxwa.AsyncClient) -> None:
    media_id = await client.cloud.media.upload(PHONE, JPEG, type="image/jpeg", filename="r.jpg")
    info = await client.cloud.media.get(PHONE, media_id)
    assert (info.mime_type, info.file_name) == ("image/jpeg", "r.jpg")
    assert await client.cloud.media.delete(PHONE, media_id) is True
    with pytest.raises(InvalidParameterError):
        await client.cloud.media.get(PHONE, media_id)


async def test_numbers(client: nxwa.AsyncClient) -> None:
    [number] = await client.cloud.numbers.get([PHONE])
    assert number.phone == PHONE
    assert number.display_phone_number == f"+{PHONE}"
    assert number.current_limit is None  # the documented example's ""


async def test_unknown_business_phone(fake: FakeNxCloud) -> None:
    fake = FakeNxCloud(phones=[PHONE])
    async with fake.client(max_retries=0) as client:
        with pytest.raises(PhoneNumberError):
            await client.cloud.numbers.get(["8613700000000"])


async def test_inbound_message_read_and_typing(fake: FakeNxCloud, client: nxwa.AsyncClient) -> None:
    event = webhooks.parse(inbound_text_callback(PHONE, USER, "Where is my order?", name="Ann"))
    assert isinstance(event, webhooks.InboundMessageEvent)
    assert event.business_phone == PHONE
    inbound = event.messages[0]
    await client.cloud.messages.show_typing(PHONE, inbound.id or "")
    await client.cloud.messages.mark_read(PHONE, inbound.id or "")
    state = fake.state.messaging
    assert state.typing == [(PHONE, inbound.id)]
    assert state.read[-1] == (PHONE, inbound.id)


async def test_profile(client: nxwa.AsyncClient) -> None:
    assert (await client.cloud.profile.get(PHONE)).about == ""
    await client.cloud.profile.update(PHONE, about="Open 9-18", websites=["https://x.io"])
    profile = await client.cloud.profile.get(PHONE)
    assert (profile.about, profile.websites) == ("Open 9-18", ["https://x.io"])


async def test_block_users(client: nxwa.AsyncClient) -> None:
    users = [f"86139000000{i:02d}" for i in range(5)]
    result = await client.cloud.block_users.block(PHONE, users)
    assert result.failed == []
    assert [u.wa_id async for u in client.cloud.block_users.iter(PHONE, limit=2)] == users
    await client.cloud.block_users.unblock(PHONE, users[:4])
    assert [u.wa_id for u in (await client.cloud.block_users.list(PHONE)).items] == users[4:]


async def test_flows(fake: FakeNxCloud, client: nxwa.AsyncClient) -> None:
    for i in range(3):
        fake.add_flow(PHONE, name=f"flow{i}", flow_id=f"17{i}")
    assert [f.name async for f in client.cloud.flows.iter(PHONE, limit=2)] == [
        "flow0",
        "flow1",
        "flow2",
    ]
    preview = await client.cloud.flows.preview("171")
    assert preview.preview is not None
    assert preview.preview.preview_url
    assert await client.cloud.flows.update("171", name="Sign up", categories=["SIGN_UP"])
    [_, flow, _] = (await client.cloud.flows.list(PHONE)).items
    assert (flow.name, flow.categories) == ("Sign up", [nxwa.models.FlowCategory.SIGN_UP])
    assert (await client.cloud.flows.update_json("171", {"version": "6.0", "screens": []})).success
    assert fake.state.flow_json["171"]["version"] == "6.0"
    with pytest.raises(MetaError) as caught:
        await client.cloud.flows.preview("404")
    assert caught.value.code == 400


async def test_integrator_signup(fake: FakeNxCloud, client: nxwa.AsyncClient) -> None:
    assert await client.cloud.integrator.login()
    app = await client.cloud.integrator.create_app(app_name="Acme", webhook="https://acme.io/h")
    assert app.app_key
    assert await client.cloud.integrator.list_phones(app.app_key) == []
    with pytest.raises(NotFoundError):
        await client.cloud.integrator.list_phones("nope")
    await client.cloud.integrator.request_code(PHONE, method="sms")
    with pytest.raises(InvalidParameterError):
        await client.cloud.integrator.verify_code(PHONE, "0000")
    await client.cloud.integrator.verify_code(PHONE, fake.state.integrator.codes[PHONE])
    await client.cloud.integrator.create_client(PHONE)
    [number] = await client.cloud.integrator.list_phones(fake.account.app_key)
    assert number.register_status is nxwa.models.RegisterStatus.REGISTERED

    fake.state.integrator.enabled = False
    with pytest.raises(PermissionDeniedError) as caught:
        await client.cloud.integrator.login()
    assert caught.value.code == 9007


async def test_saas_send_and_callback(fake: FakeNxCloud, client: nxwa.AsyncClient) -> None:
    fake.add_template(PHONE, name="welcome", content="Hi {{1}}, welcome {{1}}", language="en_US")
    welcome = TemplateMessage(name="welcome", language="en_US", body=["Ann", "Ann"])
    result = await client.saas.messages.send(PHONE, welcome, recipient="HK.733740005265")
    assert result.message_id
    sent = fake.state.messaging.sent[-1]
    event = webhooks.parse(status_callback(sent, "delivered"))
    assert isinstance(event, webhooks.MessageStatusEvent)
    assert event.contacts[0].user_id == "HK.733740005265"
    assert event.statuses[0].cost is not None
    assert event.statuses[0].cost.cdr_type is webhooks.CdrType.MARKETING

    cases = [
        (TemplateMessage(name="nope", language="en_US"), 22093),
        (TemplateMessage(name="welcome", language="en_GB"), 22092),
        (TemplateMessage(name="welcome", language="en_US", body=["Ann"]), 22141),
    ]
    for message, code in cases:
        with pytest.raises(nxwa.APIError) as caught:
            await client.saas.messages.send(PHONE, message, to=USER)
        assert caught.value.code == code


# ---------------------------------------------------------------- the same through nxwa.Client

#: Every endpoint the emulator serves except the seed pages' ones (covered elsewhere).
SYNC_COVERED = frozenset(
    {
        "cloud_block_users",
        "cloud_create_template",
        "cloud_create_template_async",
        "cloud_delete_media",
        "cloud_delete_template",
        "cloud_get_business_profile",
        "cloud_get_flow_preview",
        "cloud_get_phone",
        "cloud_list_blocked_users",
        "cloud_list_flows",
        "cloud_list_templates",
        "cloud_mark_message_read",
        "cloud_send_message",
        "cloud_send_otp",
        "cloud_typing_indicator",
        "cloud_unblock_users",
        "cloud_update_business_profile",
        "cloud_update_flow",
        "cloud_update_flow_json",
        "cloud_upload_media",
        "integrator_check_code",
        "integrator_create_app",
        "integrator_create_client",
        "integrator_get_code",
        "integrator_login",
        "integrator_phone_list",
        "saas_send_message",
    }
)


@pytest.fixture
def sync_client(fake: FakeNxCloud) -> Iterator[nxwa.Client]:
    with fake.sync_client(max_retries=0) as client:
        yield client


def test_sync_facade_calls_every_endpoint(fake: FakeNxCloud, sync_client: nxwa.Client) -> None:
    c = sync_client
    fake.add_flow(PHONE, name="signup", flow_id="171")
    fake.add_template(PHONE, name="welcome", content="Hi {{1}}", language="en_US")
    c.cloud.templates.create(
        PHONE, name="order_ready", language="en_US", category="UTILITY", components=ORDER_COMPONENTS
    )
    c.cloud.templates.create_async(
        PHONE,
        name="login_code",
        language="en",
        category="AUTHENTICATION",
        components=AUTH_COMPONENTS,
    )
    [info] = list(c.cloud.templates.iter(PHONE, name="order_ready"))
    assert c.cloud.templates.list(PHONE, limit=1).next_cursor is not None
    message = TemplateMessage.from_template(info, body=["Ann", 1], buttons=[UrlSuffix(0, "1")])
    assert (
        c.cloud.messages.send(PHONE, USER, message).message_id == fake.state.messaging.sent[-1].id
    )
    assert c.cloud.messages.send_otp(USER, "123456", language="en", business_phone=PHONE).message_id
    c.cloud.messages.mark_read(PHONE, "ABGH1")
    c.cloud.messages.show_typing(PHONE, "ABGH1")
    media_id = c.cloud.media.upload(PHONE, JPEG, type="image/jpeg")
    assert c.cloud.media.delete(PHONE, media_id)
    assert c.cloud.numbers.get()[0].phone == PHONE
    assert c.cloud.templates.delete(PHONE, "login_code")
    c.cloud.profile.update(PHONE, about="Open")
    assert c.cloud.profile.get(PHONE).about == "Open"
    c.cloud.block_users.block(PHONE, [USER])
    assert [u.wa_id for u in c.cloud.block_users.iter(PHONE)] == [USER]
    assert c.cloud.block_users.list(PHONE).items[0].wa_id == USER
    c.cloud.block_users.unblock(PHONE, [USER])
    assert [f.id for f in c.cloud.flows.iter(PHONE)] == ["171"]
    assert c.cloud.flows.list(PHONE).items[0].name == "signup"
    assert c.cloud.flows.preview("171").id == "171"
    assert c.cloud.flows.update("171", endpoint_uri="https://x.io/flow")
    assert c.cloud.flows.update_json("171", b"{}").success
    assert c.cloud.integrator.login()
    assert c.cloud.integrator.create_app(app_name="Acme", webhook="https://a.io/h").app_key
    c.cloud.integrator.request_code(PHONE)
    c.cloud.integrator.verify_code(PHONE, fake.state.integrator.codes[PHONE])
    c.cloud.integrator.create_client(PHONE)
    assert c.cloud.integrator.list_phones(fake.account.app_key)[0].waba_id
    saas = c.saas.messages.send(
        PHONE, TemplateMessage(name="welcome", language="en_US", body=["Ann"]), to=USER
    )
    assert saas.message_id == fake.state.messaging.sent[-1].id
    event = webhooks.parse(status_callback(fake.state.messaging.sent[-1], "sent"))
    assert isinstance(event, webhooks.MessageStatusEvent)
    assert json.loads(bytes(fake.requests[-1].body))["type"] == "template"

    served = {r.endpoint_id for r in fake.requests if r.code == 0}
    assert set(fake.handlers) >= SYNC_COVERED
    assert served >= SYNC_COVERED
