"""One throughput run, in a fresh process: ``python -m benchmarks.load '<json spec>'``.

The spec names the client (``raw_httpx``, ``raw_aiohttp``, ``nxwa_httpx``, ``nxwa_aiohttp``,
``nxwa_aiohttp_validated``, ``raw_sync_httpx``, ``nxwa_sync_httpx``, ``nxwa_sync_aiohttp``),
the concurrency, the target URL, the body bytes and the time and request bounds. The run
warms up, then sends until either bound is reached, and prints one JSON object: requests,
req/s, process CPU µs per request (all threads) and latency percentiles.

>>> python -m benchmarks.load '{"client": "raw_httpx", "concurrency": 10, "base_url":
...     "http://127.0.0.1:8080", "body": "{...}", "duration": 2, "max_requests": 50000}'
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

from benchmarks.workload import PATH, PHONE, client_options, serializer, signed_headers

Send = Callable[[], Awaitable[None]]
SyncSend = Callable[[], None]


def _check(status: int, content: bytes) -> None:
    # What a raw user does with the answer: parse it and look at the code.
    if status != 200 or json.loads(content)["code"] != 0:
        raise RuntimeError(f"unexpected answer {status} {content[:80]!r}")


async def _raw_httpx(spec: dict[str, Any]) -> tuple[Send, Callable[[], Awaitable[None]]]:
    import httpx

    options = spec.get("options", {})
    limits = httpx.Limits(
        max_connections=options.get("max_connections", 100),
        max_keepalive_connections=options.get("max_keepalive_connections", 20),
    )
    client = httpx.AsyncClient(limits=limits)
    url = spec["base_url"] + PATH
    dump = serializer(spec["body"])

    method = spec.get("method", "POST")

    async def send() -> None:
        text = dump()
        response = await client.request(
            method, url, content=text.encode(), headers=signed_headers(text)
        )
        _check(response.status_code, response.content)

    return send, client.aclose


async def _raw_aiohttp(spec: dict[str, Any]) -> tuple[Send, Callable[[], Awaitable[None]]]:
    import aiohttp

    session = aiohttp.ClientSession()
    url = spec["base_url"] + PATH
    dump = serializer(spec["body"])

    method = spec.get("method", "POST")

    async def send() -> None:
        text = dump()
        headers = signed_headers(text)
        async with session.request(method, url, data=text.encode(), headers=headers) as response:
            content = await response.read()
            _check(response.status, content)

    return send, session.close


def _nxwa_transport(name: str, options: dict[str, Any]) -> Any:
    if name == "httpx" and ("max_connections" in options or "max_keepalive_connections" in options):
        from nxwa.transport.httpx import HttpxTransport

        keys = ("max_connections", "max_keepalive_connections")
        return HttpxTransport(**{k: options[k] for k in keys if k in options})
    return name


#: A client name's suffix for a create with the template rules on (see benchmarks.workload).
VALIDATED = "_validated"


async def _nxwa(spec: dict[str, Any], name: str) -> tuple[Send, Callable[[], Awaitable[None]]]:
    import nxwa
    from benchmarks.workload import create_kwargs

    options = dict(spec.get("options", {}))
    extra = {"max_concurrency": options["max_concurrency"]} if "max_concurrency" in options else {}
    transport = name.removeprefix("nxwa_").removesuffix(VALIDATED)
    client = nxwa.AsyncClient(
        **client_options(spec["base_url"]), transport=_nxwa_transport(transport, options), **extra
    )
    kwargs = create_kwargs(validate=name.endswith(VALIDATED))
    templates = client.saas.templates
    # POST creates; PUT (against the emulator, which refuses duplicates) updates.
    create = templates.update if spec.get("method") == "PUT" else templates.create

    async def send() -> None:
        await create(PHONE, **kwargs)

    return send, client.aclose


async def _run_async(spec: dict[str, Any]) -> dict[str, Any]:
    name = spec["client"]
    if name == "raw_httpx":
        send, close = await _raw_httpx(spec)
    elif name == "raw_aiohttp":
        send, close = await _raw_aiohttp(spec)
    else:
        send, close = await _nxwa(spec, name)
    concurrency = int(spec["concurrency"])
    latencies: list[float] = []
    errors: list[str] = []
    remaining = 0
    deadline = 0.0

    async def worker(record: bool) -> None:
        nonlocal remaining
        clock = time.perf_counter
        while remaining > 0 and clock() < deadline:
            remaining -= 1
            started = clock()
            try:
                await send()
            except Exception as exc:
                errors.append(f"{type(exc).__name__}: {exc}"[:200])
                if len(errors) > 50:
                    raise
                continue
            if record:
                latencies.append(clock() - started)

    try:
        # Warm-up: open the pool at this concurrency, fill caches.
        remaining = max(int(spec.get("warmup", 200)), concurrency * 2)
        deadline = time.perf_counter() + 10
        await asyncio.gather(*(worker(False) for _ in range(concurrency)))
        errors.clear()
        remaining = int(spec["max_requests"])
        cpu0, wall0 = time.process_time(), time.perf_counter()
        deadline = wall0 + float(spec["duration"])
        await asyncio.gather(*(worker(True) for _ in range(concurrency)))
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    finally:
        await close()
    return _summary(latencies, errors, wall, cpu)


def _run_sync(spec: dict[str, Any]) -> dict[str, Any]:
    name = spec["client"]
    close: Callable[[], None]
    if name == "raw_sync_httpx":
        import httpx

        client = httpx.Client()
        url = spec["base_url"] + PATH
        dump = serializer(spec["body"])
        method = spec.get("method", "POST")

        def send() -> None:
            text = dump()
            response = client.request(
                method, url, content=text.encode(), headers=signed_headers(text)
            )
            _check(response.status_code, response.content)

        close = client.close
    else:
        import nxwa
        from benchmarks.workload import create_kwargs

        transport = name.removeprefix("nxwa_sync_")
        sync_client = nxwa.Client(**client_options(spec["base_url"]), transport=transport)
        kwargs = create_kwargs(validate=False)
        templates = sync_client.saas.templates
        create = templates.update if spec.get("method") == "PUT" else templates.create

        def send() -> None:
            create(PHONE, **kwargs)

        close = sync_client.close
    latencies: list[float] = []
    errors: list[str] = []
    clock = time.perf_counter
    try:
        for _ in range(int(spec.get("warmup", 200))):
            send()
        cpu0, wall0 = time.process_time(), clock()
        deadline = wall0 + float(spec["duration"])
        for _ in range(int(spec["max_requests"])):
            started = clock()
            if started >= deadline:
                break
            try:
                send()
            except Exception as exc:
                errors.append(f"{type(exc).__name__}: {exc}"[:200])
                if len(errors) > 50:
                    raise
                continue
            latencies.append(clock() - started)
        wall, cpu = clock() - wall0, time.process_time() - cpu0
    finally:
        close()
    return _summary(latencies, errors, wall, cpu)


def _summary(latencies: list[float], errors: list[str], wall: float, cpu: float) -> dict[str, Any]:
    done = len(latencies)
    ordered = sorted(latencies)

    def pct(p: float) -> float | None:
        return ordered[min(done - 1, int(p * done))] * 1000 if done else None

    return {
        "requests": done,
        "errors": len(errors),
        "first_error": errors[0] if errors else None,
        "seconds": wall,
        "rps": done / wall if wall else 0.0,
        "cpu_us_per_req": cpu / done * 1e6 if done else None,
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
    }


def run(spec: dict[str, Any]) -> dict[str, Any]:
    cpu = spec.get("cpu")
    if cpu is not None and hasattr(os, "sched_setaffinity"):
        # Client on one core, the target on the other: the client's CPU cost is what shows.
        os.sched_setaffinity(0, {int(cpu)})
    if spec["client"].startswith(("raw_sync", "nxwa_sync")):
        return _run_sync(spec)
    return asyncio.run(_run_async(spec))


if __name__ == "__main__":
    print(json.dumps(run(json.loads(sys.argv[1]))))
