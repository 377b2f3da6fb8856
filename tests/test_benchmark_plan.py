"""The throughput benchmark's plan: every ratio it holds to a target compares two runs made
next to each other in every round (the machine's speed drifts within a round)."""

from __future__ import annotations

import pytest

from benchmarks import report, run


@pytest.mark.parametrize("number", range(4))
def test_every_targeted_ratio_compares_neighbouring_runs(number: int) -> None:
    order = [f"{client}@{n}" for client, n in run._round_order(run.paired_runs(), number)]
    assert len(order) == len(set(order))
    compared = [
        (label, top, bottom)
        for label, top, bottom, _, bound in report.RATIO_TARGETS
        if bound is not None or "validated" in top
    ]
    assert len(compared) == 9
    for label, top, bottom in compared:
        assert abs(order.index(top) - order.index(bottom)) <= 2, (label, order)
