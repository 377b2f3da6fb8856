"""Import cost in fresh interpreters: ``python -m benchmarks.importtime [--runs N]``.

``import nxwa`` versus ``import httpx``, each measured with ``python -X importtime`` (the
module's cumulative time, interleaved runs, median). Also the wall time to the first
``nxwa.AsyncClient`` (which pulls in httpx, attrs, cattrs, anyio and the pipeline), for
scale: that is what a program pays before its first call.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from typing import Any

_FIRST_CLIENT = (
    "import time; t = time.perf_counter(); import nxwa; "
    "nxwa.AsyncClient(access_key='k', access_secret='s'); "
    "print((time.perf_counter() - t) * 1e6)"
)


def import_us(module: str) -> float:
    """Cumulative ``-X importtime`` microseconds of ``import <module>`` in a new process."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        check=True,
    )
    for line in done.stderr.splitlines():
        # "import time:  self [us] | cumulative | name": the top-level entry is unindented.
        parts = line.split("|")
        if len(parts) == 3 and parts[2].strip() == module and parts[2].startswith(" " + module):
            return float(parts[1])
    raise RuntimeError(f"no importtime line for {module}")


def first_client_us() -> float:
    done = subprocess.run(
        [sys.executable, "-c", _FIRST_CLIENT], capture_output=True, text=True, check=True
    )
    return float(done.stdout.strip())


def run(runs: int = 7) -> dict[str, Any]:
    nxwa, httpx, client = [], [], []
    for _ in range(runs):
        nxwa.append(import_us("nxwa"))
        httpx.append(import_us("httpx"))
        client.append(first_client_us())
    ratios = [a / b for a, b in zip(nxwa, httpx, strict=True)]
    return {
        "import_nxwa_ms": statistics.median(nxwa) / 1000,
        "import_httpx_ms": statistics.median(httpx) / 1000,
        "ratio": statistics.median(ratios),
        "first_async_client_ms": statistics.median(client) / 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(json.dumps(run(args.runs)))


if __name__ == "__main__":
    main()
