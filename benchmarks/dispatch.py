"""The sync facade's hand-over into its event loop, without any I/O.

    python -m benchmarks.dispatch [--rounds 7] [--calls 5000] [--backend asyncio|trio]

Times a coroutine that returns at once, called from the main thread: through the runner of
``nxwa.Client`` (one hop: the loop is handed the call, the caller waits for the result) and
through anyio's ``BlockingPortal.start_task_soon(...).result()`` on the same portal (it also
waits for the loop to confirm the task started). Rounds interleave the two; medians of the
per-call times are printed as JSON, in µs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable


async def _nothing() -> None:
    return None


class _NoClient:
    """Stands in for the AsyncClient the runner would hold: nothing to close."""

    async def aclose(self) -> None:
        return None


def _per_call(call: Callable[[], object], calls: int) -> float:
    started = time.perf_counter()
    for _ in range(calls):
        call()
    return (time.perf_counter() - started) / calls * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--calls", type=int, default=5000)
    parser.add_argument("--backend", choices=["asyncio", "trio"], default="asyncio")
    args = parser.parse_args()

    from nxwa.sync.runner import Runner

    runner = Runner(_NoClient, backend=args.backend, backend_options=None)  # type: ignore[arg-type]
    state = runner._live()  # opens the portal and its loop thread
    contenders: dict[str, Callable[[], object]] = {
        "nxwa_runner_us": lambda: runner.call(_nothing),
        "anyio_start_task_soon_us": lambda: state.portal.start_task_soon(_nothing).result(),
    }
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    try:
        for _ in range(args.rounds):
            for name, call in contenders.items():
                _per_call(call, args.calls // 10)  # warm
                samples[name].append(_per_call(call, args.calls))
    finally:
        runner.close()
    print(json.dumps({name: statistics.median(values) for name, values in samples.items()}))


if __name__ == "__main__":
    main()
