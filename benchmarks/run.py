"""nxwa's benchmark suite, one command: ``python -m benchmarks [--quick]``.

1. Starts a local target on 127.0.0.1: nginx when installed (``apt-get install -y
   nginx-light``), else the built-in asyncio server (``--target emulator`` serves nxwa's own
   emulator instead; it does real work per request, so it compresses the ratios).
2. Throughput, in interleaved rounds, every run in a fresh process with the client pinned to
   one core and the target to the other: raw ``httpx.AsyncClient``, raw
   ``aiohttp.ClientSession``, nxwa on httpx, nxwa on aiohttp at C=1, 10 and 100 concurrent
   callers (the same signed ~650-byte JSON POST; raw clients sign by hand per request; nxwa
   creates with ``validate=False``, the same work) and nxwa on aiohttp with the template rules
   on at C=10; then
   sequential sync calls: raw ``httpx.Client`` versus ``nxwa.Client`` on each transport.
3. nxwa's own per-call work with the transport stubbed (:mod:`benchmarks.overhead`),
   ``import nxwa`` versus ``import httpx`` (:mod:`benchmarks.importtime`) and peak memory
   while iterating 100,000 templates (:mod:`benchmarks.memory`).
4. Template sync in bulk (:mod:`benchmarks.bulk`): 10,000 items across 20 phones against the
   emulator at a server limit of 200 requests/s, in virtual time (``--quick``: 1,000 items).

It prints medians and same-round ratios against the raw clients (each raw run beside the nxwa
runs compared with it), checks them against the targets of the performance issue, writes JSON
to ``benchmarks/results/`` and a PNG chart there when matplotlib is installed. ``--quick``
finishes in about a minute; a full run takes about ten (two of them the bulk part). Everything
is bounded (time and request caps) and stays on loopback.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks import report, target
from benchmarks.workload import render_body

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"

SYNC_CLIENTS = ("raw_sync_httpx", "nxwa_sync_httpx", "nxwa_sync_aiohttp")
CONCURRENCY = (1, 10, 100)


def _have(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def _available(client: str) -> str | None:
    """Why ``client`` cannot run here, or None."""
    if "aiohttp" in client and not _have("aiohttp"):
        return "aiohttp is not installed (pip install 'nxwa[aiohttp]')"
    if client.startswith("nxwa_sync") and not _have("nxwa.sync"):
        return "the sync facade nxwa.Client (nxwa/sync) is not in this checkout"
    return None


def subprocess_json(args: list[str], timeout: float) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT
    )
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or ["no output"]
        return {"error": f"exit {done.returncode}: {tail[0]}"}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _cpus() -> tuple[int | None, int | None]:
    """(target core, client core): pinned apart on a machine with two or more cores."""
    if not hasattr(os, "sched_getaffinity"):
        return None, None
    cores = sorted(os.sched_getaffinity(0))
    return (cores[0], cores[1]) if len(cores) >= 2 else (None, None)


Run = tuple[str, int]  # (client, concurrency)


def paired_runs(
    concurrency: tuple[int, ...] = CONCURRENCY, *, sync: bool = True
) -> list[list[Run]]:
    """The runs, each raw client beside the nxwa runs whose ratios use it: a same-round ratio
    then compares runs seconds apart, not up to a round apart (the machine's speed drifts)."""
    groups: list[list[Run]] = []
    for raw, nxwa in (("raw_httpx", "nxwa_httpx"), ("raw_aiohttp", "nxwa_aiohttp")):
        for n in concurrency:
            group = [(raw, n), (nxwa, n)]
            if nxwa == "nxwa_aiohttp" and n == 10:
                group.append(("nxwa_aiohttp_validated", n))  # what the template rules cost
            groups.append(group)
    if sync:
        groups.append([(c, 1) for c in SYNC_CLIENTS])
    return groups


def _round_order(groups: list[list[Run]], number: int) -> list[Run]:
    # Rotate the groups each round so drift in machine load hits every client alike, and
    # alternate which run of a group goes first.
    shift = number % len(groups)
    ordered = groups[shift:] + groups[:shift]
    return [run for group in ordered for run in (group if number % 2 == 0 else group[::-1])]


def _throughput(
    args: argparse.Namespace, base_url: str, body: str, groups: list[list[Run]]
) -> dict[str, Any]:
    target_cpu, client_cpu = _cpus()
    if args.no_pin:
        client_cpu = None
    skipped = {c: why for group in groups for c, _ in group if (why := _available(c))}
    groups = [kept for group in groups if (kept := [r for r in group if r[0] not in skipped])]
    rounds: list[dict[str, Any]] = []
    for number in range(args.rounds):
        results: dict[str, Any] = {}
        for client, concurrency in _round_order(groups, number):
            spec = {
                "client": client,
                "concurrency": concurrency,
                "base_url": base_url,
                "body": body,
                "method": args.method,
                "duration": args.duration,
                "max_requests": args.max_requests,
                "warmup": args.warmup,
                "cpu": client_cpu,
            }
            result = subprocess_json(
                ["-m", "benchmarks.load", json.dumps(spec)], timeout=args.duration + 60
            )
            results[f"{client}@{concurrency}"] = result
            rps = result.get("rps")
            label = f"{rps:8.0f} req/s" if rps is not None else result.get("error", "?")
            print(f"  round {number + 1}/{args.rounds}  {client:18s} C={concurrency:<3d} {label}")
        rounds.append(results)
    return {
        "rounds": rounds,
        "skipped": skipped,
        "pinned": {"target": target_cpu, "client": client_cpu},
    }


def _environment(target_name: str) -> dict[str, Any]:
    versions: dict[str, str | None] = {}
    for name in ("nxwa", "httpx", "httpcore", "aiohttp", "anyio", "cattrs", "attrs"):
        try:
            from importlib.metadata import version

            versions[name] = version(name)
        except Exception:
            versions[name] = None
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "target": target_name,
        "versions": versions,
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--quick", action="store_true", help="about a minute, fewer rounds")
    parser.add_argument("--rounds", type=int, help="interleaved rounds (default 5; quick 2)")
    parser.add_argument("--duration", type=float, help="seconds per run (default 3; quick 0.6)")
    parser.add_argument(
        "--target", choices=["auto", "nginx", "builtin", "emulator"], default="auto"
    )
    parser.add_argument("--no-sync", action="store_true", help="skip the sync facade runs")
    parser.add_argument("--no-pin", action="store_true", help="do not pin the client's core")
    parser.add_argument(
        "--skip", default="", help="comma list: throughput,overhead,import,memory,bulk"
    )
    parser.add_argument(
        "--remote-ms",
        type=float,
        default=0,
        help="also run the async clients at C=100 against the built-in server holding every"
        " answer this many ms (a stand-in for a remote NxCloud: shows what max_concurrency"
        " costs when the round trip, not the CPU, is the limit)",
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="where JSON and PNG go")
    args = parser.parse_args(argv)
    args.rounds = args.rounds or (2 if args.quick else 5)
    args.duration = args.duration or (0.6 if args.quick else 3.0)
    args.warmup = 100 if args.quick else 300
    args.max_requests = 200_000  # the time bound is the one that binds
    args.skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.time()
    results: dict[str, Any] = {"mode": "quick" if args.quick else "full"}
    body = render_body().decode()
    target_cpu, _ = _cpus()
    if "throughput" not in args.skip:
        with target.start(args.target, cpu=target_cpu) as server:
            # The emulator rejects a second create of the same template: use the idempotent
            # update (same body, PUT) against it.
            args.method = "PUT" if server.name == "emulator" else "POST"
            print(f"target: {server.name} at {server.base_url}; body {len(body.encode())} bytes")
            results["environment"] = _environment(server.name)
            results["method"] = args.method
            groups = paired_runs(sync=not args.no_sync)
            results["throughput"] = _throughput(args, server.base_url, body, groups)
    else:
        results["environment"] = _environment("none")
    if args.remote_ms:
        with target.start("builtin", cpu=target_cpu, delay_ms=args.remote_ms) as server:
            print(f"remote-like target: answers held {args.remote_ms:g} ms")
            args.method = "POST"
            groups = paired_runs((100,), sync=False)
            remote = _throughput(args, server.base_url, body, groups)
            remote["delay_ms"] = args.remote_ms
            results["remote"] = remote
    if "overhead" not in args.skip:
        print("per-call overhead (stub transport) ...")
        calls = "3000" if args.quick else "20000"
        results["overhead"] = subprocess_json(
            ["-m", "benchmarks.overhead", "--calls", calls, "--repeats", "5"], timeout=300
        )
    if "import" not in args.skip:
        print("import time ...")
        runs = "3" if args.quick else "9"
        results["import"] = subprocess_json(["-m", "benchmarks.importtime", "--runs", runs], 300)
    if "memory" not in args.skip:
        print("memory while iterating templates ...")
        total = "20000" if args.quick else "100000"
        results["memory"] = subprocess_json(["-m", "benchmarks.memory", "--total", total], 600)
    if "bulk" not in args.skip:
        print("template sync in bulk, virtual time ...")
        scale = ["--quick"] if args.quick else []
        bulk = ["-m", "benchmarks.bulk", "--json", "--out", str(args.out), *scale]
        results["bulk"] = subprocess_json(bulk, timeout=1800)
    results["seconds"] = time.time() - started
    summary = report.summarize(results)
    results["summary"] = summary
    print()
    print(report.render(summary, results))
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = args.out / f"bench-{stamp}.json"
    path.write_text(json.dumps(results, indent=2, default=str))
    print(f"\nJSON: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    chart = report.chart(summary, args.out / f"bench-{stamp}.png")
    print(f"chart: {chart}" if chart else "chart: skipped (pip install matplotlib to draw one)")
    if results.get("bulk", {}).get("chart"):
        print(f"bulk chart: {results['bulk']['chart']}")
    print(f"done in {results['seconds']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
