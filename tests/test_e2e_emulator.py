"""The SDK end to end against the emulator: every seeded call, async and sync, in-process and
over TCP. Each request is really signed by the SDK and verified by the emulator."""

from __future__ import annotations

import pytest

import nxwa
from nxwa.models import (
    Button,
    ButtonEvent,
    ButtonEventType,
    ButtonType,
    Component,
    ComponentExample,
    ComponentType,
    HeaderFormat,
    SaasButton,
    TemplateStatus,
)
from nxwa.testing import FakeNxCloud

PHONE = "8613800000000"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(32)
BUTTONS = [
    SaasButton(
        type=ButtonType.QUICK_REPLY,
        text="Yes",
        button_events=[ButtonEvent(event=ButtonEventType.TAG, tag_name="vip")],
    ),
    SaasButton(
        type=ButtonType.URL, text="Open", url="https://x.io/{{1}}", example=["https://x.io/1"]
    ),
]
COMPONENTS = [
    Component(
        type=ComponentType.BODY, text="Code {{1}}.", example=ComponentExample(body_text=[["7"]])
    ),
    Component(type=ComponentType.BUTTONS, buttons=[Button(type=ButtonType.QUICK_REPLY, text="Ok")]),
]


def seeded() -> FakeNxCloud:
    # Approval on the first read (the earlier default) and none of Meta's limits: the flow
    # below edits the same template twice in a row, the second time while it is PENDING.
    fake = FakeNxCloud(approve_after_reads=1, review_delay=None, meta_limits=False)
    fake.add_flow(PHONE, name="signup", status="PUBLISHED", flow_id="470341793809141")
    return fake


def assert_all_verified(fake: FakeNxCloud, count: int) -> None:
    assert len(fake.requests) == count
    assert all(r.code == 0 and r.signature_verified for r in fake.requests), fake.requests


@pytest.mark.anyio
@pytest.mark.parametrize("algorithm", ["md5", "sha256"])
async def test_every_seeded_call_async(algorithm: str) -> None:
    fake = seeded()
    async with fake.client(sign_algorithm=algorithm) as c:
        handle = await c.cloud.templates.upload_example(PHONE, JPEG, filename="banner.jpg")
        created = await c.saas.templates.create(
            PHONE,
            name="order_ready",
            language="en_US",
            category="UTILITY",
            content="Hi {{1}}!",
            media_type="IMAGE",
            media_name="banner.jpg",
            template_media_id=handle,
            footer_text="bye",
            buttons=BUTTONS,
        )
        page = await c.saas.templates.list(PHONE, page_size=10, name="order")
        everything = [t async for t in c.saas.templates.iter(PHONE, page_size=1)]
        template_id = page.items[0].id
        assert template_id is not None
        detail = await c.saas.templates.get(PHONE, template_id)
        await c.saas.templates.update(
            PHONE, name="order_ready", language="en_US", category="UTILITY", content="Hey {{1}}!"
        )
        ref = await c.cloud.templates.update(PHONE, str(template_id), components=COMPONENTS)
        flows = await c.saas.flows.list(PHONE)
        media = await c.saas.media.upload(PHONE, url="https://cdn.example.com/a/cat.png")
        info = await c.cloud.media.get(PHONE, media.media_id)
        await c.saas.templates.delete(PHONE, template_id)
    assert created.id is None  # create answers data: null (no documented body)
    assert (page.total, page.items[0].name, page.items[0].status) == (
        1,
        "order_ready",
        TemplateStatus.PENDING,
    )
    assert [t.name for t in everything] == ["order_ready"]
    assert detail.status is TemplateStatus.IN_USE
    assert [b.type for b in detail.buttons or ()] == [ButtonType.QUICK_REPLY, ButtonType.URL]
    header = (detail.components or [])[0]
    assert (header.type, header.format, header.h) == ("HEADER", "IMAGE", handle)
    assert ref.id == str(template_id)
    assert [(f.id, f.name) for f in flows] == [("470341793809141", "signup")]
    assert (info.mime_type, info.file_name) == ("image/png", "cat.png")
    assert fake.templates(PHONE) == []
    assert_all_verified(fake, 11)
    if algorithm == "sha256":
        assert all(r.headers["algorithm"] == "sha256" for r in fake.requests)


def test_every_seeded_call_sync() -> None:
    fake = seeded()
    with fake.sync_client() as c:
        handle = c.cloud.templates.upload_example(PHONE, JPEG, type="image/jpeg")
        c.saas.templates.create(
            PHONE,
            name="order_ready",
            language="en_US",
            category="MARKETING",
            content="Hi {{1}}!",
            media_type=HeaderFormat.IMAGE,
            template_media_id=handle,
            buttons=BUTTONS,
        )
        page = c.saas.templates.list(PHONE)
        names = [t.name for t in c.saas.templates.iter(PHONE, page_size=1)]
        template_id = page.items[0].id
        assert template_id is not None
        detail = c.saas.templates.get(PHONE, template_id)
        c.saas.templates.update(
            PHONE, name="order_ready", language="en_US", category="MARKETING", content="Yo {{1}}!"
        )
        ref = c.cloud.templates.update(PHONE, str(template_id), components=COMPONENTS)
        flows = c.saas.flows.list(PHONE)
        media = c.saas.media.upload(PHONE, url="https://cdn.example.com/v.mp4")
        info = c.cloud.media.get(PHONE, media.media_id)
        c.saas.templates.delete(PHONE, template_id)
    assert names == ["order_ready"]
    assert detail.name == "order_ready"
    assert ref.id == str(template_id)
    assert flows[0].name == "signup"
    assert (media.media_type, info.mime_type) == ("VIDEO", "video/mp4")
    assert_all_verified(fake, 11)


@pytest.mark.anyio
async def test_the_sdk_over_tcp() -> None:
    fake = seeded()
    with fake.serve() as server:
        async with nxwa.AsyncClient(**server.client_options()) as c:
            await c.saas.templates.create(
                PHONE, name="tcp", language="en_US", category="MARKETING", content="Hi"
            )
            page = await c.saas.templates.list(PHONE)
            flows = await c.saas.flows.list(PHONE)
    assert [t.name for t in page.items] == ["tcp"]
    assert len(flows) == 1
    assert_all_verified(fake, 3)
    # Over TCP the emulator saw what went over the wire, host header included.
    assert fake.requests[0].headers["host"] == f"{server.host}:{server.port}"
