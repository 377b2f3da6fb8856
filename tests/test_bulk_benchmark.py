"""The bulk benchmark's scenarios (benchmarks/bulk.py) at a tiny scale, in virtual time: the
counts it reports are exact, so these hold them to exact values (what the issue's targets
are about: no 429 with the limit known, the minimum requests, no write in a no-op run, the
edited items written, Meta's creation limit paced rather than probed)."""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks import bulk, report

TINY = bulk.Scale(phones=2, names=6, languages=2, rate=20)
NO_WRITES = {"create": 0, "update": 0, "delete": 0}


@pytest.fixture(scope="module")
def known() -> list[dict[str, Any]]:
    """First apply, re-run and 5%-edited run with the client told the server's limit."""
    runs: list[dict[str, Any]] = bulk.on_virtual_time(
        lambda root: bulk.throughput(TINY, TINY.rate, root)
    )
    return runs


def test_limit_known_first_apply_makes_the_minimum_requests_and_no_429(
    known: list[dict[str, Any]],
) -> None:
    first = known[0]
    assert first["outcomes"] == {"create": 24, "done": 24}
    assert first["throttled"] == 0
    assert first["requests"] == first["minimum"] == 2 + 24  # one page per empty phone
    assert first["list_requests"] == 2
    assert first["writes"] == {**NO_WRITES, "create": 24}
    assert sum(first["per_second"]) == first["requests"]


def test_no_op_rerun_reads_the_list_pages_only(known: list[dict[str, Any]]) -> None:
    rerun = known[1]
    assert rerun["planned"] == {"noop": 24}
    assert rerun["writes"] == NO_WRITES
    assert rerun["requests"] == rerun["list_requests"] == rerun["minimum"] == 2


def test_edit_run_writes_exactly_the_edited_items(known: list[dict[str, Any]]) -> None:
    edited = known[2]
    assert TINY.edited_names == 1  # 5% of 12 items per phone, rounded, at least one name
    assert edited["planned"] == {"update": 2, "noop": 22}
    assert edited["outcomes"] == {"update": 2, "noop": 22, "done": 24}
    assert edited["writes"] == {**NO_WRITES, "update": 2}
    assert edited["requests"] == edited["minimum"] == 2 + 2
    assert edited["throttled"] == 0


def test_adaptive_pays_one_request_per_429_and_finishes() -> None:
    runs = bulk.on_virtual_time(lambda root: bulk.throughput(TINY, "adaptive", root))
    first = runs[0]
    assert first["outcomes"] == {"create": 24, "done": 24}
    assert first["writes"] == {**NO_WRITES, "create": 24}
    assert first["requests"] == first["minimum"] + first["throttled"]


def test_meta_limit_creates_the_cap_per_phone_and_defers_the_rest_with_a_time() -> None:
    scale = bulk.Scale(phones=2, names=60, languages=2, rate=50)  # 120 items per phone
    result = bulk.on_virtual_time(lambda root: bulk.meta_limit(scale, root))
    assert result["created_per_phone"] == [100, 100]
    assert result["writes"] == {**NO_WRITES, "create": 200}
    assert result["deferred"] == result["deferred_with_time"] == 40
    assert "possible from " in result["deferred_reason"]
    assert result["creation_refusals"] == 0
    assert result["throttled"] == 0
    assert result["requests"] == result["minimum"] == 2 + 200


def _run(name: str, ratio: float, requests: int, minimum: int, updates: int = 0) -> Any:
    return {
        "run": name,
        "ratio": ratio,
        "requests": requests,
        "minimum": minimum,
        "throttled": 0,
        "writes": {**NO_WRITES, "update": updates},
    }


def test_targets_are_missed_when_the_figures_miss_them() -> None:
    slow = {
        "runs": [
            _run("first apply", 1.2, 1000, 1000),
            _run("re-run (no-op)", 1.0, 110, 100, updates=1),
            _run("5% edited", 1.05, 100, 100),
        ],
        "peak_rss_mb": 160.0,
        "cpu_seconds": 10.0,
    }
    met = {t["label"]: t["met"] for t in report.bulk_targets({"throughput-known": slow})}
    assert met == {
        "bulk known: first apply, time / ideal": False,
        "bulk known: 5% edited, time / ideal": True,
        "bulk known: no-op, requests / minimum": False,
        "bulk known: no-op, writes": False,
        "bulk known: peak RSS, 3 runs (MB)": False,
        "bulk known: CPU, 3 runs (s)": True,
    }
