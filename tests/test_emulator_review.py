"""Meta's review in the emulator: PENDING, then APPROVED or REJECTED after ``review_delay`` on
the emulator clock, shown by reads and pushed as signed template status callbacks."""

from __future__ import annotations

import json
import time
from typing import Any

import anyio
import httpx
import pytest

import nxwa
from nxwa import endpoints as E
from nxwa.models import TemplateReviewStatus, TemplateStatus
from nxwa.signing import verify
from nxwa.testing import (
    FakeNxCloud,
    StoredTemplate,
    callback_headers,
    meta_review_rule,
    strict_review_rule,
    template_status_callback,
)
from nxwa.testing.callbacks import CALLBACK_ACTION
from nxwa.testing.review import body_problem
from nxwa.testing.state import TemplateEvent

pytestmark = [pytest.mark.anyio, pytest.mark.virtual_time]

PHONE = "8613800000000"
HOOK = "https://hooks.example.com/nxcloud"


class Receiver:
    """An ASGI webhook endpoint in-process: records what it received, and when."""

    def __init__(self, status: int = 200) -> None:
        self.status = status
        self.received: list[tuple[dict[str, str], bytes, float]] = []
        self._arrived: anyio.Event | None = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        self.received.append((headers, body, anyio.current_time()))
        if self._arrived is not None:
            self._arrived.set()
        await send({"type": "http.response.start", "status": self.status, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    async def wait_for(self, count: int) -> None:
        with anyio.fail_after(3600):
            while len(self.received) < count:
                self._arrived = anyio.Event()
                await self._arrived.wait()


def reviewing(receiver: Receiver | None = None, **options: Any) -> FakeNxCloud:
    if receiver is not None:
        options.setdefault("webhook_url", HOOK)
        options.setdefault("webhook_transport", httpx.ASGITransport(app=receiver))
    return FakeNxCloud(**options)


async def create(client: nxwa.AsyncClient, name: str, content: str = "Hi {{1}}, welcome") -> None:
    # Through client.request: a body that breaks Meta's rules reaches the emulator whatever
    # the SDK's own checks think of it; Meta's review is what rejects it here.
    await client.request(
        E.SAAS_CREATE_TEMPLATE,
        phone=PHONE,
        name=name,
        language="en_US",
        category_type=1,
        content=content,
    )


async def statuses(client: nxwa.AsyncClient) -> dict[str, Any]:
    page = await client.saas.templates.list(PHONE, page_size=50)
    return {t.name: t.status for t in page.items}


async def test_pending_then_approved_or_rejected_at_the_review_delay() -> None:
    receiver = Receiver()
    fake = reviewing(receiver, review_delay=600)
    start = anyio.current_time()
    async with fake.client() as client:
        await create(client, "welcome")
        await create(client, "broken", "Hi {{1}}, your code is {{3}}")
        assert await statuses(client) == {
            "welcome": TemplateStatus.PENDING,
            "broken": TemplateStatus.PENDING,
        }
        await anyio.sleep(599.999)
        assert set((await statuses(client)).values()) == {TemplateStatus.PENDING}
        await anyio.sleep(0.001)
        assert await statuses(client) == {
            "welcome": TemplateStatus.IN_USE,
            "broken": TemplateStatus.REJECTED,
        }
        [info] = (await client.cloud.templates.list(PHONE, name="broken")).items
        await receiver.wait_for(2)
    assert info.status is TemplateReviewStatus.REJECTED
    assert info.rejected_reason == "INVALID_FORMAT"
    assert [round(at - start, 6) for _, _, at in receiver.received] == [600.0, 600.0]
    events = [json.loads(body)["value"] for _, body, _ in receiver.received]
    assert [(e["message_template_name"], e["event"], e["reason"]) for e in events] == [
        ("welcome", "APPROVED", "NONE"),
        ("broken", "REJECTED", "INVALID_FORMAT"),
    ]
    assert [c.status for c in fake.callbacks] == [200, 200]


async def test_the_status_callback_is_signed_as_nxcloud_signs_callbacks() -> None:
    receiver = Receiver()
    fake = reviewing(receiver, review_delay=60)
    async with fake.client() as client:
        await create(client, "welcome")
        await anyio.sleep(60)
        await receiver.wait_for(1)
    [(headers, body, _)] = receiver.received
    assert {"accesskey", "action", "biztype", "ts", "algorithm", "sign"} <= set(headers)
    assert headers["accesskey"] == fake.account.access_key
    assert (headers["action"], headers["biztype"], headers["algorithm"]) == (
        CALLBACK_ACTION,
        "2",
        "md5",
    )
    # §4.19.0: accessKey=..&action=..&bizType=..&ts=..&body=<raw body>&accessSecret=..
    assert verify(
        headers["sign"],
        access_key=headers["accesskey"],
        access_secret=fake.account.access_secret,
        action=headers["action"],
        biz_type=headers["biztype"],
        ts=headers["ts"],
        body=body,
    )
    assert not verify(
        headers["sign"],
        access_key=headers["accesskey"],
        access_secret="someone-elses-secret",
        action=headers["action"],
        biz_type=headers["biztype"],
        ts=headers["ts"],
        body=body,
    )
    envelope = json.loads(body)
    assert envelope["field"] == "message_template_status_update"
    value = envelope["value"]
    assert value["business_phone"] == PHONE
    assert (value["message_template_language"], value["event"]) == ("en_US", "APPROVED")
    assert value["message_template_id"] == fake.templates(PHONE)[0].id
    assert abs(value["time"] * 1000 - int(headers["ts"])) < 1000
    assert fake.callbacks[0].body == body


async def test_callbacks_are_signed_with_the_secret_of_the_account_that_created_it() -> None:
    receiver = Receiver()
    fake = reviewing(receiver, review_delay=1)
    fake.add_account("ak-2", "sk-2", app_key="app-2", tenant_id=2)
    async with fake.client(access_key="ak-2", access_secret="sk-2", tenant_id=2) as client:
        await create(client, "theirs")
        await anyio.sleep(1)
        await receiver.wait_for(1)
    [(headers, body, _)] = receiver.received
    assert headers["accesskey"] == "ak-2"
    assert verify(
        headers["sign"],
        access_key="ak-2",
        access_secret="sk-2",
        action=headers["action"],
        biz_type="2",
        ts=headers["ts"],
        body=body,
    )


async def test_a_custom_rule_decides_the_verdict() -> None:
    def rule(template: StoredTemplate) -> str | None:
        return "INCORRECT_CATEGORY" if "order" in template.content else None

    fake = reviewing(review_delay=10, review_rule=rule)
    async with fake.client() as client:
        await create(client, "promo", "Big {{1}} sale today")
        await create(client, "receipt", "Your order {{1}} shipped")
        await anyio.sleep(10)
        page = await client.saas.templates.list(PHONE)
    reasons = {t.name: (t.status, t.rejected_reason) for t in page.items}
    assert reasons == {
        "promo": (TemplateStatus.IN_USE, ""),
        "receipt": (TemplateStatus.REJECTED, "INCORRECT_CATEGORY"),
    }


async def test_an_edit_goes_back_to_review_and_a_superseded_verdict_is_dropped() -> None:
    receiver = Receiver()
    fake = reviewing(receiver, review_delay=60)
    start = anyio.current_time()
    async with fake.client() as client:
        await create(client, "welcome", "Hi {{2}}")  # rejected: no {{1}}
        await anyio.sleep(60)
        assert (await statuses(client))["welcome"] is TemplateStatus.REJECTED
        await anyio.sleep(10)
        await client.saas.templates.update(
            PHONE, name="welcome", language="en_US", category="MARKETING", content="Hi {{1}}!"
        )
        assert (await statuses(client))["welcome"] is TemplateStatus.PENDING
        await anyio.sleep(60)
        assert (await statuses(client))["welcome"] is TemplateStatus.IN_USE
        await receiver.wait_for(2)
    events = [json.loads(body)["value"]["event"] for _, body, _ in receiver.received]
    assert events == ["REJECTED", "APPROVED"]
    assert [round(at - start) for _, _, at in receiver.received] == [60, 130]


async def test_without_a_review_delay_templates_stay_pending_until_a_test_decides() -> None:
    receiver = Receiver()
    fake = reviewing(receiver, review_delay=None)
    async with fake.client() as client:
        await create(client, "welcome")
        await anyio.sleep(86_400)
        assert (await statuses(client))["welcome"] is TemplateStatus.PENDING
        template = fake.templates(PHONE)[0]
        fake.set_status(PHONE, template.id, "PAUSED", reason="LOW_QUALITY")
        await receiver.wait_for(1)
        assert (await statuses(client))["welcome"] is TemplateStatus.PAUSED
    value = json.loads(receiver.received[0][1])["value"]
    assert (value["event"], value["reason"]) == ("PAUSED", "LOW_QUALITY")


async def test_a_failed_delivery_is_recorded_and_does_not_disturb_requests() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    fake = reviewing(
        review_delay=5, webhook_url=HOOK, webhook_transport=httpx.MockTransport(refuse)
    )
    async with fake.client() as client:
        await create(client, "welcome")
        await anyio.sleep(5)
        assert (await statuses(client))["welcome"] is TemplateStatus.IN_USE
        with anyio.fail_after(60):
            while not fake.callbacks:  # noqa: ASYNC110 - nothing to wait on but the record
                await anyio.sleep(0.01)
    [pushed] = fake.callbacks
    assert pushed.status is None
    assert pushed.error is not None
    assert "ConnectError" in pushed.error
    assert pushed.url == HOOK


async def test_the_open_platform_shows_the_verdict_and_reason() -> None:
    fake = reviewing(review_delay=30)
    async with fake.client() as client:
        ref = await client.request(
            E.CLOUD_CREATE_TEMPLATE,
            business_phone=PHONE,
            name="bad_braces",
            language="en_US",
            category="UTILITY",
            components=[{"type": "BODY", "text": "Order {{1} is ready"}],
        )
        [before] = (await client.cloud.templates.list(PHONE, name="bad_braces")).items
        await anyio.sleep(30)
        [after] = (await client.cloud.templates.list(PHONE, name="bad_braces")).items
    assert before.id == after.id == ref.id
    assert before.status is TemplateReviewStatus.PENDING
    assert (after.status, after.rejected_reason) == (
        TemplateReviewStatus.REJECTED,
        "INVALID_FORMAT",
    )


def test_reads_outside_a_loop_still_work() -> None:
    fake = FakeNxCloud(review_delay=0)
    with fake.sync_client() as client:
        client.saas.templates.create(
            PHONE, name="welcome", language="en_US", category="MARKETING", content="Hi {{1}}!"
        )
        [listed] = client.saas.templates.list(PHONE).items
    assert listed.status is TemplateStatus.IN_USE
    assert fake.templates(PHONE)[0].status == 2


def test_a_status_set_outside_an_event_loop_is_pushed_by_the_next_request() -> None:
    seen: list[httpx.Request] = []

    def hook(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200)

    fake = FakeNxCloud(webhook_url=HOOK, webhook_transport=httpx.MockTransport(hook))
    template = fake.add_template(PHONE, name="welcome")
    fake.set_status(PHONE, template.id, "PAUSED", reason="LOW_QUALITY")  # no loop here
    assert fake.callbacks == []
    with fake.sync_client() as client:
        client.saas.flows.list(PHONE)
        deadline = time.monotonic() + 5
        while not fake.callbacks and time.monotonic() < deadline:
            time.sleep(0.01)
    [pushed] = fake.callbacks
    assert pushed.json()["value"]["event"] == "PAUSED"
    assert len(seen) == 1


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Hi {{1}}, order {{2}} is ready", None),
        ("Hi {{first_name}}, welcome", None),
        ("", "the body has no text"),
        ("x" * 1025, "the body is longer than 1024 characters"),
        ("Hi {{1}, welcome", "mismatched curly braces"),
        ("Hi {{1}}}, welcome", "mismatched curly braces"),
        ("Hi {{#1}} there", "parameter {{#1}} has special characters"),
        ("Hi {{1}} and {{name}}", "named and positional parameters are mixed"),
        ("Hi {{1}} and {{3}}", "positional parameters must be {{1}} to {{n}} without gaps"),
        ("Hi {{2}} and {{1}} again", None),
    ],
)
def test_the_built_in_rule_knows_metas_body_format_rules(text: str, problem: str | None) -> None:
    assert body_problem(text) == problem


def test_the_strict_rule_also_refuses_a_parameter_at_either_end() -> None:
    def template(content: str) -> StoredTemplate:
        return StoredTemplate(id=1, name="t", language="en", category_type=1, content=content)

    assert meta_review_rule(template("Hi {{1}}")) is None
    assert strict_review_rule(template("Hi {{1}}")) == "INVALID_FORMAT"
    assert strict_review_rule(template("{{1}}, hello")) == "INVALID_FORMAT"
    assert strict_review_rule(template("Hi {{1}}, hello")) is None


def test_the_callback_helpers_build_what_the_emulator_pushes() -> None:
    event = TemplateEvent(
        phone=PHONE, template_id=42, name="welcome", language="en_US", event="APPROVED",
        reason="NONE",
    )  # fmt: skip
    body = template_status_callback(event, now_ms=1_700_000_000_000)
    assert json.loads(body)["value"]["time"] == 1_700_000_000
    secret = "the-access-secret"
    headers = callback_headers(body, access_key="ak", access_secret=secret, ts=1_700_000_000_000)
    assert verify(
        headers["sign"], access_key="ak", access_secret=secret, action=CALLBACK_ACTION,
        biz_type="2", ts="1700000000000", body=body,
    )  # fmt: skip
    assert secret not in json.dumps(headers)
