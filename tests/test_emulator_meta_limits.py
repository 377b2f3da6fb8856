"""Meta's template limits in the emulator (reference ``meta-templates.md``, last section), on
virtual time: each refusal is a distinguishable typed error, and allowed again once the
virtual time has passed."""

from __future__ import annotations

import re
from typing import Any

import anyio
import pytest

import nxwa
from nxwa import endpoints as E
from nxwa.testing import REFUSALS, FakeNxCloud

pytestmark = [pytest.mark.anyio, pytest.mark.virtual_time]

PHONE = "8613800000000"
HOUR, DAY = 3600.0, 86_400.0


def body(text: str = "Your order {{1}} is ready") -> list[dict[str, Any]]:
    # Plain dicts through client.request: what the emulator does must not depend on what the
    # SDK's own validation lets through.
    count = len(set(re.findall(r"\{\{(\w+)\}\}", text)))
    component: dict[str, Any] = {"type": "BODY", "text": text}
    if count:
        component["example"] = {"body_text": [["x"] * count]}
    return [component]


async def cloud_update(
    client: nxwa.AsyncClient, template_id: str, text: str, *, category: str | None = None
) -> None:
    await client.request(
        E.CLOUD_UPDATE_TEMPLATE,
        business_phone=PHONE,
        template_id=template_id,
        category=category,
        components=body(text),
    )


def meta_code(error: nxwa.APIError) -> tuple[int, int | None]:
    """Meta's (code, error_subcode) from either family's answer."""
    meta = error.data["error"]
    return meta["code"], meta.get("error_subcode")


async def cloud_create(client: nxwa.AsyncClient, name: str, language: str = "en_US") -> str:
    ref = await client.request(
        E.CLOUD_CREATE_TEMPLATE,
        business_phone=PHONE,
        name=name,
        language=language,
        category="UTILITY",
        components=body(),
    )
    return str(ref.id)


async def approved(fake: FakeNxCloud, client: nxwa.AsyncClient, name: str) -> str:
    """Create ``name`` and let Meta approve it (review_delay=0: the next request settles it)."""
    template_id = await cloud_create(client, name)
    await client.saas.flows.list(PHONE)
    assert fake.templates(PHONE)[-1].status == 2
    return template_id


async def test_the_second_edit_of_an_approved_template_within_24_h_is_refused() -> None:
    fake = FakeNxCloud()
    async with fake.client() as client:
        template_id = await approved(fake, client, "order_ready")
        await cloud_update(client, template_id, "Order {{1}} ok")
        await client.saas.flows.list(PHONE)  # re-approved (review_delay=0)
        with pytest.raises(nxwa.MetaError) as caught:
            await cloud_update(client, template_id, "v3 {{1}}!")
        # The SaaS side refuses the same edit with NXLink's code and Meta's error inside.
        with pytest.raises(nxwa.InvalidParameterError) as saas:
            await client.saas.templates.update(
                PHONE, name="order_ready", language="en_US", category="UTILITY", content="v3 {{1}}!"
            )
        await anyio.sleep(DAY - 1)
        with pytest.raises(nxwa.MetaError):
            await cloud_update(client, template_id, "v3 {{1}}!")
        await anyio.sleep(1)
        await cloud_update(client, template_id, "v3 {{1}}!")
        [info] = (await client.cloud.templates.list(PHONE, name="order_ready")).items
    error = caught.value
    assert (error.code, meta_code(error)) == (9099, (80012, None))
    assert "edits_per_day=1" in error.message
    assert "allowed in 86400 s" in error.message
    assert (saas.value.code, meta_code(saas.value)) == (22072, (80012, None))
    assert info.component("BODY").text == "v3 {{1}}!"  # type: ignore[union-attr]


async def test_an_approved_template_gets_10_edits_per_30_days() -> None:
    fake = FakeNxCloud()
    async with fake.client() as client:
        template_id = await approved(fake, client, "order_ready")
        for day in range(10):
            await cloud_update(client, template_id, f"Day {day} {{{{1}}}}!")
            await anyio.sleep(DAY)
        with pytest.raises(nxwa.MetaError) as caught:
            await cloud_update(client, template_id, "x {{1}}!")
        await anyio.sleep(20 * DAY)  # the first edit leaves the 30-day window
        await cloud_update(client, template_id, "y {{1}}!")
    assert meta_code(caught.value) == (80012, None)
    assert "edits_per_30_days=10" in caught.value.message


async def test_rejected_and_paused_templates_can_be_edited_any_number_of_times() -> None:
    fake = FakeNxCloud()
    async with fake.client() as client:
        template_id = await cloud_create(client, "broken")
        await cloud_update(client, template_id, "{{2}} bad")
        for text in ("{{3}} still bad", "{{4}} bad again", "Fixed {{1}} at last"):
            await client.saas.flows.list(PHONE)  # the verdict: rejected
            assert fake.templates(PHONE)[0].status == 0
            await cloud_update(client, template_id, text)
        fake.set_status(PHONE, int(template_id), "PAUSED")
        for text in ("Paused {{1}} one", "Paused {{1}} two"):
            await cloud_update(client, template_id, text)
            fake.set_status(PHONE, int(template_id), "PAUSED")


async def test_the_101st_create_in_an_hour_is_refused() -> None:
    fake = FakeNxCloud(templates_per_waba=None)
    async with fake.client() as client:
        for i in range(100):
            await client.saas.templates.create(
                PHONE, name=f"promo_{i:03d}", language="en_US", category="MARKETING",
                content="Deal {{1}} today",
            )  # fmt: skip
            await anyio.sleep(30)  # 100 creations spread over 50 minutes
        with pytest.raises(nxwa.InvalidParameterError) as saas:
            await client.saas.templates.create(
                PHONE, name="promo_100", language="en_US", category="MARKETING", content="x {{1}}!"
            )
        with pytest.raises(nxwa.MetaError) as cloud:
            await cloud_create(client, "promo_100")
        # Sliding window: the first creation (at t=0) leaves it at t=3600.
        await anyio.sleep(HOUR - 100 * 30)
        await cloud_create(client, "promo_100")
        with pytest.raises(nxwa.MetaError):
            await cloud_create(client, "promo_101")
        await anyio.sleep(30)
        await cloud_create(client, "promo_101")
    assert (saas.value.code, meta_code(saas.value)) == (22072, (80008, None))
    assert (cloud.value.code, meta_code(cloud.value)) == (9099, (80008, None))
    assert "creations_per_hour=100" in cloud.value.message
    assert len(fake.templates(PHONE)) == 102


async def test_the_category_of_an_approved_template_cannot_change() -> None:
    fake = FakeNxCloud()
    async with fake.client() as client:
        template_id = await approved(fake, client, "order_ready")
        with pytest.raises(nxwa.MetaError) as caught:
            await cloud_update(
                client, template_id, "Your order {{1}} is ready", category="MARKETING"
            )
        with pytest.raises(nxwa.InvalidParameterError) as saas:
            await client.saas.templates.update(
                PHONE, name="order_ready", language="en_US", category="MARKETING",
                content="Your order {{1}} is ready",
            )  # fmt: skip
        # The same category is no change; once REJECTED the category may change.
        await cloud_update(client, template_id, "Your order {{1}} is ready", category="UTILITY")
        fake.set_status(PHONE, int(template_id), "REJECTED", reason="INCORRECT_CATEGORY")
        await cloud_update(client, template_id, "Your order {{1}} is ready", category="MARKETING")
    assert meta_code(caught.value) == (100, None)
    assert "category cannot change to MARKETING" in caught.value.message
    assert meta_code(saas.value) == (100, None)
    assert fake.templates(PHONE)[0].category_name == "MARKETING"


async def test_a_deleted_approved_name_is_locked_for_30_days() -> None:
    fake = FakeNxCloud()
    async with fake.client() as client:
        await approved(fake, client, "order_ready")
        rejected = await cloud_create(client, "order_ready", language="pt_BR")
        fake.set_status(PHONE, int(rejected), "REJECTED")  # a rejected one leaves no lock
        assert await client.cloud.templates.delete(PHONE, "order_ready")
        with pytest.raises(nxwa.MetaError) as caught:
            await cloud_create(client, "order_ready")
        with pytest.raises(nxwa.InvalidParameterError) as saas:
            await client.saas.templates.create(
                PHONE, name="order_ready", language="en_US", category="UTILITY", content="x {{1}}!"
            )
        await cloud_create(client, "order_ready", language="pt_BR")
        await anyio.sleep(30 * DAY - 1)
        with pytest.raises(nxwa.MetaError):
            await cloud_create(client, "order_ready")
        await anyio.sleep(1)
        await cloud_create(client, "order_ready")
    assert (caught.value.code, meta_code(caught.value)) == (9099, (100, 2388023))
    assert "name_lock_days" in caught.value.message
    assert meta_code(saas.value) == (100, 2388023)


async def test_the_templates_per_waba_cap_counts_each_language() -> None:
    fake = FakeNxCloud(templates_per_waba=3)
    async with fake.client() as client:
        await cloud_create(client, "one", "en_US")
        await cloud_create(client, "one", "pt_BR")
        await cloud_create(client, "two", "en_US")
        with pytest.raises(nxwa.MetaError) as caught:
            await cloud_create(client, "three")
        await client.cloud.templates.delete(PHONE, "two")  # pending when deleted: no lock
        await cloud_create(client, "three")
    assert meta_code(caught.value) == (100, 2388019)
    assert "templates_per_waba=3" in caught.value.message


async def test_pending_templates_cannot_be_edited_and_disabled_ones_not_deleted() -> None:
    fake = FakeNxCloud(review_delay=3600)
    async with fake.client() as client:
        template_id = await cloud_create(client, "order_ready")
        with pytest.raises(nxwa.MetaError) as pending:
            await cloud_update(client, template_id, "x {{1}}!")
        fake.set_status(PHONE, int(template_id), "DISABLED")
        with pytest.raises(nxwa.MetaError) as disabled:
            await client.cloud.templates.delete(PHONE, "order_ready")
        with pytest.raises(nxwa.InvalidParameterError) as saas_disabled:
            await client.saas.templates.delete(PHONE, int(template_id))
    assert meta_code(pending.value) == (100, 2388039)
    assert "PENDING" in pending.value.message
    assert meta_code(disabled.value) == (100, 2388039)
    assert meta_code(saas_disabled.value) == (100, 2388039)
    assert len(fake.templates(PHONE)) == 1


async def test_duplicates_are_metas_2388024() -> None:
    fake = FakeNxCloud()
    async with fake.client() as client:
        await cloud_create(client, "order_ready")
        with pytest.raises(nxwa.MetaError) as caught:
            await cloud_create(client, "order_ready")
    assert meta_code(caught.value) == (100, 2388024)


def test_every_refusal_has_its_own_code_pair() -> None:
    pairs = [(r.code, r.subcode) for r in REFUSALS.values()]
    assert len(set(pairs)) == len(pairs)
    assert all(r.source for r in REFUSALS.values())


@pytest.mark.parametrize(
    "options",
    [
        {"meta_limits": False},
        {"edits_per_day": None, "edits_per_30_days": None},
    ],
)
async def test_limits_can_be_turned_off(options: dict[str, Any]) -> None:
    fake = FakeNxCloud(**options)
    async with fake.client() as client:
        template_id = await approved(fake, client, "order_ready")
        for text in ("a {{1}}!", "b {{1}}!", "c {{1}}!"):
            await cloud_update(client, template_id, text)
            await client.saas.flows.list(PHONE)


async def test_turning_all_limits_off_also_lifts_the_status_rules() -> None:
    fake = FakeNxCloud(meta_limits=False, review_delay=None, creations_per_hour=1)
    async with fake.client() as client:
        template_id = await cloud_create(client, "order_ready")
        await cloud_create(client, "other")  # creations_per_hour is ignored too
        await cloud_update(client, template_id, "x {{1}}!")
        fake.set_status(PHONE, int(template_id), "DISABLED")
        assert await client.cloud.templates.delete(PHONE, "order_ready")
