"""The engine in-process against FakeNxCloud (virtual time, both backends): the contract's
actions, the budgets, faults and reconciliation, the report."""

from __future__ import annotations

import copy
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import anyio
import pytest
from templatesync_helpers import CLOUD_PHONE, ORDER_READY, SAAS_PHONE, body, write_project

import nxwa
import nxwa.webhooks
from nxwa import templatesync as ts
from nxwa.testing import FakeNxCloud

pytestmark = [pytest.mark.anyio, pytest.mark.virtual_time]


def actions(plan: ts.Plan) -> dict[tuple[str, str, str], str]:
    return {(i.target, i.name, i.language): i.action for i in plan.items}


def count_ok(fake: FakeNxCloud, endpoint: str) -> int:
    return sum(1 for r in fake.requests_for(endpoint) if r.status == 200 and r.code == 0)


async def converge(client: nxwa.AsyncClient, project: ts.Project) -> ts.Report:
    report = await ts.apply(client, await ts.plan(client, project))
    await anyio.sleep(120)  # Meta's review (review_delay) passes
    return report


async def test_create_then_noop_then_update_exactly_that(tmp_path: Path) -> None:
    fake = FakeNxCloud(latency=0.05, review_delay=60)
    root = write_project(tmp_path, [ORDER_READY])
    project = ts.Project.load(root)
    async with fake.client() as client:
        first = await ts.plan(client, project)
        assert set(actions(first).values()) == {"create"}
        report = await converge(client, project)
        assert report.ok
        assert {i.outcome for i in report.items} == {"done"}
        before = len(fake.requests)
        again = await ts.plan(client, project)
        assert set(actions(again).values()) == {"noop"}
        assert not again.changes_pending
        reads_only = len(fake.requests)
        edited = copy.deepcopy(ORDER_READY)
        edited["languages"]["en_US"]["components"][0]["text"] = "Hello {{1}}, order {{2}} is ready"
        project = ts.Project.load(write_project(tmp_path, [edited]))
        plan = await ts.plan(client, project)
        assert set(actions(plan).values()) == {"update"}
        for item in plan.items:
            assert [c.path for c in item.changes] == ["components[0].text"]
            assert item.changes[0].new.startswith("Hello")
        writes_before = {
            e: count_ok(fake, e) for e in ("cloud_update_template", "saas_update_template")
        }
        report = await ts.apply(client, plan)
        assert report.ok
        assert count_ok(fake, "cloud_update_template") == writes_before["cloud_update_template"] + 1
        assert count_ok(fake, "saas_update_template") == writes_before["saas_update_template"] + 1
        await anyio.sleep(120)
        assert not (await ts.plan(client, project)).changes_pending
    # The no-op plan made reads only.
    assert all(
        r.endpoint_id in ("cloud_list_templates", "saas_list_templates", "saas_get_template")
        for r in fake.requests[before:reads_only]
    )


async def test_phones_of_one_family_share_what_the_files_want(tmp_path: Path) -> None:
    fake = FakeNxCloud()
    targets = {f"c{n}": {"family": "cloud", "phone": f"62812000000{n}"} for n in range(3)}
    project = ts.Project.load(write_project(tmp_path, [ORDER_READY], targets=targets))
    async with fake.client() as client:
        plan = await ts.plan(client, project)
    by_language: dict[str, set[int]] = {}
    for item in plan.items:
        by_language.setdefault(item.language, set()).add(id(item.desired))
    # One Desired per language for the fleet (memory bounded by the files, not the phones).
    assert len(plan.items) == 3 * len(by_language)
    assert all(len(ids) == 1 for ids in by_language.values())


async def test_noop_run_reads_list_pages_only_on_the_open_platform(tmp_path: Path) -> None:
    fake = FakeNxCloud()
    templates = [body(f"Offer number {n} for you", name=f"promo_{n}") for n in range(5)]
    root = write_project(
        tmp_path, templates, targets={"c": {"family": "cloud", "phone": CLOUD_PHONE}}
    )
    project = ts.Project.load(root)
    async with fake.client() as client:
        await converge(client, project)
        fake.requests.clear()
        plan = await ts.plan(client, project)
    assert set(actions(plan).values()) == {"noop"}
    assert [r.endpoint_id for r in fake.requests] == ["cloud_list_templates"]


async def test_second_edit_of_an_approved_template_in_a_day_is_deferred(tmp_path: Path) -> None:
    fake = FakeNxCloud(review_delay=60)
    root = write_project(tmp_path, [body("First offer for you")])
    project = ts.Project.load(root)
    async with fake.client() as client:
        await converge(client, project)
        project = ts.Project.load(write_project(tmp_path, [body("Second offer for you")]))
        assert (await converge(client, project)).ok
        project = ts.Project.load(write_project(tmp_path, [body("Third offer for you")]))
        plan = await ts.plan(client, project)
        for item in plan.items:
            assert item.action == "deferred", item
            assert "edit budget" in item.reason
            assert item.not_before is not None
        updates = count_ok(fake, "cloud_update_template") + count_ok(fake, "saas_update_template")
        report = await ts.apply(client, plan)
        assert {(i.action, i.outcome) for i in report.items} == {("deferred", "skipped")}
        assert (
            count_ok(fake, "cloud_update_template") + count_ok(fake, "saas_update_template")
            == updates
        )


async def test_category_change_of_an_approved_template_is_blocked(tmp_path: Path) -> None:
    fake = FakeNxCloud(review_delay=60)
    project = ts.Project.load(write_project(tmp_path, [body("An offer for you")]))
    async with fake.client() as client:
        await converge(client, project)
        changed = body("An offer for you", category="UTILITY")
        project = ts.Project.load(write_project(tmp_path, [changed]))
        plan = await ts.plan(client, project)
    for item in plan.items:
        assert item.action == "blocked"
        assert "category change of an APPROVED template (MARKETING → UTILITY)" in item.reason


async def test_a_category_meta_changed_is_drift_not_a_change(tmp_path: Path) -> None:
    fake = FakeNxCloud(review_delay=60)
    targets = {"c": {"family": "cloud", "phone": CLOUD_PHONE}}
    project = ts.Project.load(
        write_project(tmp_path, [body("Your order shipped", category="UTILITY")], targets=targets)
    )
    async with fake.client() as client:
        await converge(client, project)
        stored = fake.templates(CLOUD_PHONE)[0]
        stored.category, stored.category_type = "MARKETING", 1  # Meta re-categorised it
        plan = await ts.plan(client, project)
    (item,) = plan.items
    assert item.action == "noop"
    assert item.drift
    assert "re-categorised it UTILITY → MARKETING" in item.drift


async def test_nxlink_cannot_express_a_carousel_so_it_is_blocked(tmp_path: Path) -> None:
    card = {
        "components": [
            {"type": "HEADER", "format": "IMAGE", "example": {"header_handle": ["4:a"]}},
            {"type": "BODY", "text": "Card"},
            {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "More"}]},
        ]
    }
    carousel = {
        "name": "promo_cards",
        "category": "MARKETING",
        "languages": {
            "en_US": {
                "components": [
                    {"type": "BODY", "text": "See our offers"},
                    {"type": "CAROUSEL", "cards": [card, card]},
                ]
            }
        },
    }
    project = ts.Project.load(write_project(tmp_path, [carousel]))
    async with FakeNxCloud().client() as client:
        plan = await ts.plan(client, project)
    got = {i.target: i for i in plan.items}
    assert got["shop-hk"].action == "blocked"
    assert "NXLink has no CAROUSEL" in got["shop-hk"].reason
    assert got["shop-id"].action == "create"


async def test_prune_deletes_only_inside_match_and_never_protect(tmp_path: Path) -> None:
    fake = FakeNxCloud(review_delay=60)
    targets = {"c": {"family": "cloud", "phone": CLOUD_PHONE}}
    prune = {"match": ["promo_*"], "protect": ["promo_keep"]}
    names = ["promo_old", "promo_keep", "welcome"]
    project = ts.Project.load(
        write_project(
            tmp_path,
            [body("Hello there friend", name=n) for n in names],
            targets=targets,
            prune=prune,
        )
    )
    async with fake.client() as client:
        await converge(client, project)
        project = ts.Project.load(write_project(tmp_path, [], targets=targets, prune=prune))
        without = await ts.plan(client, project)
        assert without.items == ()
        assert without.targets[0].prunable == 1
        plan = await ts.plan(client, project, prune=True)
        assert actions(plan) == {("c", "promo_old", "en_US"): "delete"}
        (item,) = plan.items
        assert "every language" in item.reason
        assert "locked for 30 days" in item.reason
        report = await ts.apply(client, plan)
    assert report.ok
    assert sorted(t.name for t in fake.templates(CLOUD_PHONE)) == ["promo_keep", "welcome"]


@pytest.mark.parametrize(("window", "seconds"), [(1, 12 * 0.5), (3, 4 * 0.5), (12, 0.5)])
async def test_writes_to_one_phone_keep_the_window_in_flight(
    tmp_path: Path, window: int, seconds: float
) -> None:
    fake = FakeNxCloud(latency=0.5, creations_per_hour=None)
    targets = {"c": {"family": "cloud", "phone": CLOUD_PHONE}}
    templates = [body(f"Offer {n} is here now", name=f"promo_{n}") for n in range(12)]
    project = ts.Project.load(write_project(tmp_path, templates, targets=targets))
    async with fake.client() as client:
        plan = await ts.plan(client, project)
        started = anyio.current_time()
        report = await ts.apply(client, plan, window=window)
        elapsed = anyio.current_time() - started
    assert report.ok
    assert len(fake.templates(CLOUD_PHONE)) == 12
    # 12 creates of 0.5 s each, `window` at a time: no gap, no more in flight.
    assert seconds <= elapsed < seconds + 0.05


async def test_every_delete_of_a_phone_finishes_before_its_other_writes(tmp_path: Path) -> None:
    received: list[tuple[str, float]] = []

    def latency(endpoint: Any) -> float:
        received.append((endpoint.id, anyio.current_time()))
        return 2.0 if endpoint.id == "cloud_delete_template" else 0.1

    fake = FakeNxCloud(latency=latency)
    targets = {"c": {"family": "cloud", "phone": CLOUD_PHONE}}
    prune = {"match": ["promo_*"]}
    old = [body("Hello there friend", name=f"promo_old_{n}") for n in range(3)]
    project = ts.Project.load(write_project(tmp_path, old, targets=targets, prune=prune))
    async with fake.client() as client:
        await ts.apply(client, await ts.plan(client, project))
        new = [body("Hello there friend", name=f"promo_new_{n}") for n in range(3)]
        project = ts.Project.load(write_project(tmp_path, new, targets=targets, prune=prune))
        plan = await ts.plan(client, project, prune=True)
        assert sorted(set(actions(plan).values())) == ["create", "delete"]
        received.clear()
        report = await ts.apply(client, plan)
    assert report.ok
    assert [e for e, _ in received] == ["cloud_delete_template"] * 3 + ["cloud_create_template"] * 3
    deletes_sent = max(t for e, t in received if e == "cloud_delete_template")
    creates_sent = min(t for e, t in received if e == "cloud_create_template")
    # The creates went after the deletes' answers (2 s), not after their sending.
    assert creates_sent >= deletes_sent + 2.0


async def test_creates_whose_answers_are_lost_are_reconciled_to_exactly_one(tmp_path: Path) -> None:
    fake = FakeNxCloud(latency=0.01)
    templates = [body(f"Offer {n} is here now", name=f"promo_{n}") for n in range(4)]
    project = ts.Project.load(write_project(tmp_path, templates))
    fake.faults.drop_connection(endpoint="cloud_create_template", times=3)
    fake.faults.drop_connection(endpoint="saas_create_template", times=3)
    async with fake.client() as client:
        report = await ts.apply(client, await ts.plan(client, project))
    assert report.ok, report.to_json()
    assert "reconciled" in " ".join(i.reason for i in report.items)
    for phone in (SAAS_PHONE, CLOUD_PHONE):
        keys = [(t.name, t.language) for t in fake.templates(phone)]
        assert sorted(keys) == sorted(set(keys))
        assert len(keys) == 4


async def test_a_503_and_429_storm_slows_the_run_and_it_ends_done(tmp_path: Path) -> None:
    fake = FakeNxCloud(latency=0.01, rate_limit=5)
    templates = [body(f"Offer {n} is here now", name=f"promo_{n}") for n in range(6)]
    project = ts.Project.load(write_project(tmp_path, templates))
    fake.faults.http_status(503, times=15, retry_after=1)
    fake.faults.http_status(429, times=15, retry_after=2)
    async with fake.client(rate_limit="adaptive") as client:
        report = await ts.apply(client, await ts.plan(client, project))
    assert report.ok, report.to_json()
    assert len(fake.templates(CLOUD_PHONE)) == len(fake.templates(SAAS_PHONE)) == 6


async def test_creation_rate_paces_and_defers_with_the_time(tmp_path: Path) -> None:
    fake = FakeNxCloud(creations_per_hour=3, latency=0.05)
    targets = {
        "c": {"family": "cloud", "phone": CLOUD_PHONE},
        "s": {"family": "saas", "phone": SAAS_PHONE},
    }
    templates = [body(f"Offer {n} is here now", name=f"promo_{n}") for n in range(5)]
    project = ts.Project.load(
        write_project(tmp_path, templates, targets=targets, limits={"creations_per_hour": 3})
    )
    async with fake.client() as client:
        plan = await ts.plan(client, project)
        report = await ts.apply(client, plan)
    for target in ("c", "s"):
        got = [i for i in report.items if i.target == target]
        assert sum(i.action == "create" and i.outcome == "done" for i in got) == 3
        deferred = [i for i in got if i.action == "deferred"]
        assert len(deferred) == 2
        assert all("possible from" in i.reason for i in deferred)
    planned = [i for i in plan.items if i.action == "deferred"]
    assert len(planned) == 4
    assert all(i.not_before and i.not_before > plan.created_at + 3000 for i in planned)
    refused = [r for r in fake.requests if r.code not in (0, None)]
    assert refused == []  # paced: never probed Meta


async def test_template_cap_blocks_the_creates_beyond_it(tmp_path: Path) -> None:
    fake = FakeNxCloud(templates_per_waba=2)
    targets = {"c": {"family": "cloud", "phone": CLOUD_PHONE, "limits": {"templates_per_waba": 2}}}
    templates = [body(f"Offer {n} is here now", name=f"promo_{n}") for n in range(3)]
    project = ts.Project.load(write_project(tmp_path, templates, targets=targets))
    async with fake.client() as client:
        plan = await ts.plan(client, project)
    assert sorted(actions(plan).values()) == ["blocked", "create", "create"]
    assert "template cap (2" in next(i.reason for i in plan.items if i.action == "blocked")


async def test_saved_plan_is_refused_when_a_target_changed(tmp_path: Path) -> None:
    fake = FakeNxCloud()
    project = ts.Project.load(write_project(tmp_path, [body("An offer for you")]))
    async with fake.client() as client:
        plan = await ts.plan(client, project)
        path = tmp_path / "plan.json"
        plan.save(path)
        fake.add_template(CLOUD_PHONE, name="someone_else", content="Hi")
        saved = ts.Plan.load(path, project)
        with pytest.raises(ts.PlanStale, match="target shop-id changed"):
            await ts.apply(client, saved)
        assert count_ok(fake, "saas_create_template") == 0


async def test_report_matches_the_schema_and_junit_parses(tmp_path: Path) -> None:
    fake = FakeNxCloud()
    carousel_less = body("An offer for you", name="promo_a")
    auth = {
        "name": "otp_login",
        "category": "AUTHENTICATION",
        "languages": {
            "en_US": {
                "components": [
                    {"type": "BODY", "add_security_recommendation": True},
                    {"type": "BUTTONS", "buttons": [{"type": "OTP", "otp_type": "COPY_CODE"}]},
                ]
            }
        },
    }
    project = ts.Project.load(write_project(tmp_path, [carousel_less, auth]))
    async with fake.client() as client:
        report = await ts.apply(client, await ts.plan(client, project))
    data = json.loads(report.to_json())
    assert_schema(data, ts.REPORT_SCHEMA)
    assert data["summary"]["blocked"] == 1
    assert data["summary"]["create"] == 3
    root = ET.fromstring(report.to_junit())
    cases = root.findall(".//testcase")
    assert len(cases) == 4
    assert len(root.findall(".//skipped")) == 1
    assert not report.ok  # one blocked: exit 3


async def test_auth_template_is_noop_after_create_though_meta_writes_the_text(
    tmp_path: Path,
) -> None:
    fake = FakeNxCloud(review_delay=1)
    auth = {
        "name": "otp_login",
        "category": "AUTHENTICATION",
        "targets": ["shop-id"],
        "languages": {
            "en_US": {
                "components": [
                    {"type": "BODY", "add_security_recommendation": True},
                    {"type": "FOOTER", "code_expiration_minutes": 5},
                    {"type": "BUTTONS", "buttons": [{"type": "OTP", "otp_type": "COPY_CODE"}]},
                ]
            }
        },
    }
    project = ts.Project.load(write_project(tmp_path, [auth]))
    async with fake.client() as client:
        await converge(client, project)
        assert not (await ts.plan(client, project)).changes_pending


async def test_status_reports_rejections_and_waits_with_callbacks(tmp_path: Path) -> None:
    fake = FakeNxCloud(review_delay=None)
    project = ts.Project.load(write_project(tmp_path, [body("An offer for you")]))
    async with fake.client() as client:
        await ts.apply(client, await ts.plan(client, project))
        quick = await ts.status(client, project)
        assert {i.status for i in quick.items} == {"PENDING"}
        assert not quick.ok
        stored = fake.templates(CLOUD_PHONE)[0]
        send, receive = anyio.create_memory_object_stream[Any](10)

        async def verdicts() -> None:
            await anyio.sleep(5)
            fake.set_status(SAAS_PHONE, fake.templates(SAAS_PHONE)[0].id, "APPROVED")
            fake.set_status(CLOUD_PHONE, stored.id, "REJECTED", reason="INVALID_FORMAT")
            await send.send(
                nxwa.webhooks.TemplateStatusEvent(
                    business_phone=CLOUD_PHONE,
                    template_name="promo_may",
                    template_language="en_US",
                    status="REJECTED",
                    reason="INVALID_FORMAT",
                )
            )

        start = anyio.current_time()
        async with anyio.create_task_group() as tg:
            tg.start_soon(verdicts)
            waited = await ts.status(client, project, wait=True, timeout=600, events=receive)
        assert anyio.current_time() - start < 30  # the callback short-cut the 60 s polls
    got = {i.target: i for i in waited.items}
    assert got["shop-id"].status == "REJECTED"
    assert got["shop-id"].reason == "INVALID_FORMAT"
    assert not waited.ok
    assert not waited.timed_out


async def test_status_wait_times_out(tmp_path: Path) -> None:
    fake = FakeNxCloud(review_delay=None)
    project = ts.Project.load(write_project(tmp_path, [body("An offer for you")]))
    async with fake.client() as client:
        await ts.apply(client, await ts.plan(client, project))
        report = await ts.status(client, project, wait=True, timeout=300)
    assert report.timed_out
    assert len(report.pending) == 2


async def test_stop_lets_writes_in_flight_finish_and_skips_the_rest(tmp_path: Path) -> None:
    fake = FakeNxCloud(latency=1.0)
    templates = [body(f"Offer {n} is here now", name=f"promo_{n}") for n in range(10)]
    project = ts.Project.load(write_project(tmp_path, templates))
    async with fake.client() as client:
        plan = await ts.plan(client, project)
        stop = anyio.Event()
        async with anyio.create_task_group() as tg:

            async def interrupt() -> None:
                await anyio.sleep(0.5)
                stop.set()

            tg.start_soon(interrupt)
            report = await ts.apply(client, plan, stop=stop, window=3)
    assert report.interrupted
    outcomes = [i.outcome for i in report.items]
    # Two phones: the first 3 writes of each were in flight when it stopped.
    assert outcomes.count("done") == 6
    assert outcomes.count("skipped") == 14
    assert len(fake.templates(CLOUD_PHONE)) == len(fake.templates(SAAS_PHONE)) == 3


def test_sync_client_runs_the_engine(tmp_path: Path) -> None:
    fake = FakeNxCloud()
    project = ts.Project.load(write_project(tmp_path, [body("An offer for you")]))
    with fake.sync_client() as client:
        plan = client.run(ts.plan, project)
        report = client.run(ts.apply, plan)
    assert report.ok
    assert len(report.items) == 2


# ---------------------------------------------------------------------- a small validator


def assert_schema(value: Any, schema: dict[str, Any], path: str = "$") -> None:
    """The subset of JSON Schema REPORT_SCHEMA uses (type, enum, required, properties,
    additionalProperties, items, minimum, minLength)."""
    kinds = schema.get("type")
    if kinds is not None:
        names = kinds if isinstance(kinds, list) else [kinds]
        checks = {
            "object": lambda v: isinstance(v, dict),
            "array": lambda v: isinstance(v, list),
            "string": lambda v: isinstance(v, str),
            "null": lambda v: v is None,
            "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        }
        assert any(checks[n](value) for n in names), f"{path}: {value!r} is not {names}"
    if "enum" in schema:
        assert value in schema["enum"], f"{path}: {value!r} not in {schema['enum']}"
    if isinstance(value, dict):
        for key in schema.get("required", []):
            assert key in value, f"{path}: {key} is required"
        props = schema.get("properties", {})
        if schema.get("additionalProperties") is False:
            assert set(value) <= set(props), f"{path}: extra {set(value) - set(props)}"
        for key, sub in props.items():
            if key in value:
                assert_schema(value[key], sub, f"{path}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            assert_schema(item, schema["items"], f"{path}[{i}]")
    if isinstance(value, int) and "minimum" in schema:
        assert value >= schema["minimum"]
    if isinstance(value, str) and "minLength" in schema:
        assert len(value) >= schema["minLength"]
