"""The emulator's in-memory behaviour, seen through the SDK: paging, review status, lookups,
per-phone and per-account rules."""

from __future__ import annotations

from typing import Any

import anyio
import pytest

import nxwa
from nxwa.models import (
    Component,
    ComponentExample,
    ComponentType,
    HeaderFormat,
    TemplateStatus,
    Text,
)
from nxwa.testing import FakeNxCloud, VirtualClock

pytestmark = pytest.mark.anyio

PHONE = "8613800000000"


def fake_with(**options: Any) -> FakeNxCloud:
    return FakeNxCloud(**options)


async def create(client: nxwa.AsyncClient, name: str, **options: Any) -> None:
    await client.saas.templates.create(
        PHONE, name=name, language="en_US", category="MARKETING", content="Hi {{1}}!", **options
    )


async def test_list_pages_newest_first_with_total_and_next_page() -> None:
    fake = fake_with()
    for i in range(25):
        fake.add_template(PHONE, name=f"t_{i:02d}")
    async with fake.client() as client:
        first = await client.saas.templates.list(PHONE, page_number=1, page_size=10)
        last = await client.saas.templates.list(PHONE, page_number=3, page_size=10)
        beyond = await client.saas.templates.list(PHONE, page_number=4, page_size=10)
        named = await client.saas.templates.list(PHONE, name="t_1")
    assert (first.total, first.has_next_page, len(first.items)) == (25, True, 10)
    assert first.items[0].name == "t_24"
    assert (last.has_next_page, [t.name for t in last.items][-1]) == (False, "t_00")
    assert (beyond.total, beyond.items) == (25, [])
    assert sorted(t.name for t in named.items) == [f"t_1{i}" for i in range(10)]


@pytest.mark.virtual_time
async def test_a_new_template_is_pending_until_reviewed_then_in_use() -> None:
    fake = fake_with(review_delay=60)
    async with fake.client() as client:
        await create(client, "welcome")
        listed = (await client.saas.templates.list(PHONE)).items[0]
        assert listed.status is TemplateStatus.PENDING
        await anyio.sleep(60)
        detail = await client.saas.templates.get(PHONE, listed.id or 0)
        assert detail.status is TemplateStatus.IN_USE
        await client.saas.templates.update(
            PHONE, name="welcome", language="en_US", category="MARKETING", content="Hello {{1}}!"
        )
        again = await client.saas.templates.get(PHONE, listed.id or 0)
    assert again.status is TemplateStatus.PENDING  # an edit goes back to review
    assert again.content == "Hello {{1}}!"


@pytest.mark.parametrize(("reads", "expected"), [(None, 1), (0, 2), (3, 1), (1, 2)])
async def test_approval_after_a_configurable_number_of_reads(
    reads: int | None, expected: int
) -> None:
    # approve_after_reads is kept from earlier releases; review_delay=None leaves it alone.
    fake = fake_with(approve_after_reads=reads, review_delay=None)
    async with fake.client() as client:
        await create(client, "welcome")
        await client.saas.templates.list(PHONE)
        page = await client.saas.templates.list(PHONE)
    assert page.items[0].status == expected


async def test_duplicates_and_missing_templates_are_22072() -> None:
    fake = fake_with()
    async with fake.client() as client:
        await create(client, "welcome")
        with pytest.raises(nxwa.InvalidParameterError) as duplicate:
            await create(client, "welcome")
        with pytest.raises(nxwa.InvalidParameterError) as missing_update:
            await client.saas.templates.update(
                PHONE, name="nope", language="en_US", category="UTILITY", content="x"
            )
        with pytest.raises(nxwa.InvalidParameterError) as missing_get:
            await client.saas.templates.get(PHONE, 999)
        template_id = fake.templates(PHONE)[0].id
        await client.saas.templates.delete(PHONE, template_id)
        with pytest.raises(nxwa.InvalidParameterError):
            await client.saas.templates.delete(PHONE, template_id)
    for caught in (duplicate, missing_update, missing_get):
        assert caught.value.code == 22072
        assert caught.value.trace_id
    assert fake.templates(PHONE) == []


async def test_a_header_handle_must_come_from_upload_template_file() -> None:
    fake = fake_with()
    async with fake.client() as client:
        with pytest.raises(nxwa.InvalidParameterError, match="templateMediaId"):
            await create(client, "promo", media_type="IMAGE", template_media_id="4:made-up")
        handle = await client.cloud.templates.upload_example(PHONE, b"\xff\xd8\xff\xe0x")
        await create(client, "promo", media_type="IMAGE", template_media_id=handle)
    stored = fake.templates(PHONE)[0]
    assert (stored.media_type, stored.template_media_id) == ("IMAGE", handle)


async def test_unknown_phones_are_refused_when_phones_are_listed() -> None:
    fake = fake_with(phones={PHONE})
    async with fake.client() as client:
        await client.saas.flows.list(PHONE)
        with pytest.raises(nxwa.InvalidParameterError) as saas:
            await client.saas.flows.list("8613911111111")
        with pytest.raises(nxwa.PhoneNumberError) as cloud:
            await client.cloud.media.get("8613911111111", "m-1")
    assert (saas.value.code, cloud.value.code) == (22016, 9002)


async def test_tenant_and_app_key_must_belong_to_the_access_key() -> None:
    fake = fake_with()
    fake.add_template(PHONE, name="welcome")
    async with fake.client(tenant_id=2) as client:
        with pytest.raises(nxwa.PermissionDeniedError):
            await client.saas.templates.list(PHONE)
    async with fake.client(app_key="other-app") as client:
        with pytest.raises(nxwa.PermissionDeniedError):
            await client.cloud.templates.update(
                PHONE,
                str(fake.templates(PHONE)[0].id),
                components=[Component(type=ComponentType.BODY, text="Hi")],
            )


async def test_another_account_can_be_added() -> None:
    fake = fake_with()
    fake.add_account("ak-2", "sk-2", app_key="app-2", tenant_id=7)
    async with fake.client(access_key="ak-2", access_secret="sk-2", tenant_id=7) as client:
        await client.saas.flows.list(PHONE)
    assert fake.requests[-1].code == 0


async def test_cloud_update_template_rewrites_the_shared_template() -> None:
    fake = fake_with(approve_after_reads=0)
    template = fake.add_template(
        PHONE, name="welcome", content="Hi {{1}}", footer_text="old", category_type=2
    )
    async with fake.client() as client:
        handle = await client.cloud.templates.upload_example(PHONE, b"\x89PNG\r\n\x1a\n0")
        ref = await client.cloud.templates.update(
            PHONE,
            str(template.id),
            category="UTILITY",
            components=[
                Component(
                    type=ComponentType.HEADER,
                    format=HeaderFormat.IMAGE,
                    example=ComponentExample(header_handle=handle),
                ),
                Component(
                    type=ComponentType.BODY,
                    text="Code {{1}}.",
                    example=ComponentExample(body_text=[["1"]]),
                ),
            ],
        )
        detail = await client.saas.templates.get(PHONE, template.id)
        with pytest.raises(nxwa.InvalidParameterError) as missing:
            await client.cloud.templates.update(
                PHONE, "424242", components=[Component(type=ComponentType.BODY, text="x")]
            )
        # "²" passes str.isdigit() but is no id: refused before anything is sent.
        sent = len(fake.requests)
        with pytest.raises(nxwa.RequestValidationError, match="template_id: must be an id"):
            await client.cloud.templates.update(
                PHONE, "²", components=[Component(type=ComponentType.BODY, text="x")]
            )
        assert len(fake.requests) == sent
    assert ref.id == str(template.id)
    assert (detail.content, detail.category_type) == ("Code {{1}}.", 2)
    assert [c.type for c in detail.components or ()] == ["HEADER", "BODY"]  # footer dropped
    assert missing.value.code == 9000


async def test_media_by_url_is_found_by_get_media_and_unknown_media_is_9000() -> None:
    fake = fake_with()
    async with fake.client() as client:
        media = await client.saas.media.upload(PHONE, url="https://cdn.example.com/report.pdf")
        info = await client.cloud.media.get(PHONE, media.media_id)
        with pytest.raises(nxwa.InvalidParameterError) as missing:
            await client.cloud.media.get(PHONE, "nope")
    assert (media.original_filename, media.media_type) == ("report.pdf", "DOCUMENT")
    assert (info.mime_type, info.file_name, info.url) == (
        "application/pdf",
        "report.pdf",
        media.url,
    )
    assert missing.value.code == 9000


async def test_seeded_flows_are_listed() -> None:
    fake = fake_with()
    fake.add_flow(PHONE, name="signup", status="PUBLISHED", categories=["SIGN_UP"], flow_id="42")
    async with fake.client() as client:
        flows = await client.saas.flows.list(PHONE)
        other = await client.saas.flows.list("8613911111111")
    assert [(f.id, f.name, str(f.status), f.categories) for f in flows] == [
        ("42", "signup", "PUBLISHED", ["SIGN_UP"])
    ]
    assert flows[0].published is True
    assert other == []


async def test_a_virtual_clock_moves_only_when_told() -> None:
    with pytest.warns(DeprecationWarning, match="virtual_time_loop"):
        clock = VirtualClock(start_ms=1_000)
    view = clock.fork()
    await view.sleep(2.5)
    assert (clock.local_wall_ms(), clock.monotonic()) == (3_500, 2.5)
    view.offset_ms = 10
    assert (clock.wall_ms(), view.wall_ms()) == (3_500, 3_510)
    with pytest.raises(ValueError, match="forward"):
        clock.advance(-1)


async def test_a_virtual_clock_records_sleeps_and_ends_each_at_its_deadline() -> None:
    with pytest.warns(DeprecationWarning, match="virtual_time_loop"):
        clock = VirtualClock(start_ms=1_000)
    view = clock.fork()
    async with anyio.create_task_group() as tg:
        for seconds in (1.5, 0.5, 1.0):
            tg.start_soon(view.sleep, seconds)
    # Concurrent sleepers overlap like real ones: time ends at the latest deadline.
    assert (clock.now, clock.local_wall_ms()) == (1.5, 2_500)
    assert sorted(clock.sleeps) == [0.5, 1.0, 1.5]  # forks share one record
    assert clock.start_wall_ms == 1_000
    clock.now += 10
    assert (view.monotonic(), view.local_wall_ms()) == (11.5, 12_500)
    with pytest.raises(ValueError, match="forward"):
        clock.now = 0


async def test_message_log_and_integrator_records_are_per_emulator() -> None:
    one, two = fake_with(), fake_with()
    async with one.client() as client:
        await client.cloud.messages.send(PHONE, "8613900000000", Text("hi"))
        await client.cloud.integrator.request_code(PHONE)
    assert [m.type for m in one.state.messaging.sent] == ["text"]
    assert PHONE in one.state.integrator.codes
    assert two.state.messaging.sent == []
    assert two.state.integrator.codes == {}
