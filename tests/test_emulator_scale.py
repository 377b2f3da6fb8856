"""Scale: 100,000 templates on 20 phones, every operation flat from 1,000 to 100,000.

The bulk is stored through the state's own insert (the index code every handler uses); at
1,000, 10,000 and 100,000 templates the test times real signed requests through the ASGI app
(create, get, list pages of both families), then lists everything through the API. The figures
are printed.
"""

from __future__ import annotations

import random
import statistics
import time
from typing import Any

import pytest
from emulator_raw import AsgiCaller

from nxwa.testing import FakeNxCloud

pytestmark = pytest.mark.anyio

PHONES = [f"86138{i:08d}" for i in range(20)]
TOTAL = 100_000
SAMPLE = 400
CHECKPOINTS = (1_000, 10_000, TOTAL)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"  # one backend is enough to measure the emulator


def _median_us(samples: list[float]) -> float:
    return statistics.median(samples) * 1e6


async def _timed(calls: int, make: Any) -> float:
    samples = []
    for i in range(calls):
        started = time.perf_counter()
        answer = await make(i)
        samples.append(time.perf_counter() - started)
        assert answer["code"] == 0, answer
    return _median_us(samples)


async def test_100000_templates_on_20_phones_stay_flat(capsys: pytest.CaptureFixture[str]) -> None:
    fake = FakeNxCloud(record_requests=False, templates_per_waba=None, creations_per_hour=None)
    call = AsgiCaller(fake)
    rng = random.Random(14)
    figures: dict[int, dict[str, float]] = {}
    count = 0
    started = time.perf_counter()

    def seed_until(target: int) -> None:
        nonlocal count
        while count < target:
            fake.add_template(PHONES[count % 20], name=f"seed_{count:06d}", content="Hi {{1}}")
            count += 1

    for size in CHECKPOINTS:
        seed_until(size - SAMPLE)
        base = count

        async def create(i: int, size: int = size) -> Any:
            return await call(
                "POST",
                f"/saas/wa/template/{PHONES[i % 20]}",
                {
                    "tenant_id": 1,
                    "name": f"api_{size}_{i:05d}",
                    "language": "en_US",
                    "category_type": 1,
                    "content": "Hi {{1}}, order {{2}} is ready",
                },
            )

        create_us = await _timed(SAMPLE, create)
        count = base + SAMPLE
        stored = [(p, t.id) for p in PHONES for t in fake.state.phone(p).templates.page(0, 20)]

        async def get(i: int, stored: list[tuple[str, int]] = stored) -> Any:
            phone, template_id = rng.choice(stored)
            return await call(
                "GET", f"/saas/wa/template/{phone}/{template_id}", query="tenant_id=1"
            )

        get_us = await _timed(200, get)

        async def saas_page(i: int) -> Any:
            query = f"page_number={1 + rng.randrange(2)}&page_size=20&tenant_id=1"
            return await call("GET", f"/saas/wa/template/{PHONES[i % 20]}", query=query)

        saas_us = await _timed(200, saas_page)
        cursors: list[str] = []

        async def cloud_page(i: int, cursors: list[str] = cursors) -> Any:
            body = {
                "appkey": fake.account.app_key,
                "business_phone": PHONES[i % 20],
                "messaging_product": "whatsapp",
                "limit": 20,
            }
            answer = await call("POST", "/api/wa/getTemplate", body, action="getTemplate")
            cursors.append(answer["data"]["paging"]["cursors"]["after"])
            return answer

        cloud_us = await _timed(200, cloud_page)
        figures[size] = {
            "create": create_us,
            "get": get_us,
            "SaaS list page": saas_us,
            "cloud list page": cloud_us,
        }

    # A full listing of everything, through the API, both families.
    listed_started = time.perf_counter()
    saas_total = cloud_total = 0
    for phone in PHONES:
        page_number = 1
        while True:
            query = f"page_number={page_number}&page_size=100&tenant_id=1"
            data = (await call("GET", f"/saas/wa/template/{phone}", query=query))["data"]
            saas_total += len(data["list"])
            if not data["has_next_page"]:
                break
            page_number += 1
        after = None
        while True:
            body: dict[str, Any] = {
                "appkey": fake.account.app_key,
                "business_phone": phone,
                "messaging_product": "whatsapp",
                "limit": 100,
            }
            if after is not None:
                body["after"] = after
            data = (await call("POST", "/api/wa/getTemplate", body, action="getTemplate"))["data"]
            cloud_total += len(data["data"])
            if "next" not in data["paging"]:
                break
            after = data["paging"]["cursors"]["after"]
    listing_s = time.perf_counter() - listed_started
    total_s = time.perf_counter() - started

    with capsys.disabled():
        print(f"\nemulator scale, {len(PHONES)} phones (median µs per request):")
        print(f"{'templates':>10} " + " ".join(f"{name:>16}" for name in figures[TOTAL]))
        for size, row in figures.items():
            print(f"{size:>10,} " + " ".join(f"{value:>16.0f}" for value in row.values()))
        print(f"full listing of {TOTAL:,} through both families: {listing_s:.1f} s", end="; ")
        print(f"all: {total_s:.1f} s")

    assert saas_total == cloud_total == TOTAL
    assert total_s < 30
    for name in figures[TOTAL]:
        small, large = figures[CHECKPOINTS[0]][name], figures[TOTAL][name]
        assert large < 3 * small + 50, (name, figures)
