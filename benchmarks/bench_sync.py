"""Sequential sync calls: ``nxwa.Client`` versus a raw ``httpx.Client`` sending the same signed
request, against a local HTTP server in a subprocess.

    python benchmarks/bench_sync.py [--rounds 9] [--calls 200] [--backend asyncio|trio|both]

Both sides make ``getMedia`` calls on one kept-alive connection. The raw side builds the same
body and headers and signs them with :func:`nxwa.signing.sign`, then checks the envelope's
``code``; ``Client`` also runs the pipeline, decodes into a model and hops into its event loop
thread. Rounds interleave the contenders (the order rotates each round) so drift in machine
load hits them alike; the medians of the per-call times are reported with their ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

PHONE = "8613800000000"
MEDIA_ID = "fd81acff-eea8-4e8b-9b4a-1c2d3e4f5a6b"
ACCESS_KEY, ACCESS_SECRET, APP_KEY = "bench-key", "bench-secret", "bench-app"
_RESPONSE_BODY = json.dumps(
    {
        "code": 0,
        "message": "",
        "data": {"mime_type": "image/jpeg", "file_name": "a.jpg", "url": "https://x.io/a"},
    }
).encode()
_RESPONSE = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
    b"Content-Length: " + str(len(_RESPONSE_BODY)).encode() + b"\r\n\r\n" + _RESPONSE_BODY
)


# ---------------------------------------------------------------------------- the server


class _Http(asyncio.Protocol):
    """Minimal keep-alive HTTP/1.1: every request (headers + Content-Length body) gets the
    same canned JSON answer."""

    def __init__(self) -> None:
        self.buffer = b""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            head = self.buffer[:end].lower()
            length = 0
            for line in head.split(b"\r\n"):
                if line.startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            total = end + 4 + length
            if len(self.buffer) < total:
                return
            self.buffer = self.buffer[total:]
            self.transport.write(_RESPONSE)


async def _serve() -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(_Http, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)
    # Exit when the parent closes our stdin (also if it dies).
    await loop.run_in_executor(None, sys.stdin.read)


def start_server() -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, __file__, "--serve"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    port = int(process.stdout.readline())
    return process, f"http://127.0.0.1:{port}"


# ---------------------------------------------------------------------------- contenders


def raw_httpx(url: str) -> tuple[Callable[[], None], Callable[[], None]]:
    """The same signed getMedia request through a plain ``httpx.Client``."""
    import httpx

    from nxwa.signing import sign

    client = httpx.Client(base_url=url)

    def call() -> None:
        body = json.dumps(
            {"business_phone": PHONE, "Media-ID": MEDIA_ID, "messaging_product": "whatsapp"},
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode()
        ts = str(int(time.time() * 1000))
        headers = {
            "accessKey": ACCESS_KEY,
            "bizType": "2",
            "action": "getMedia",
            "Content-Type": "application/json",
            "ts": ts,
        }
        headers["sign"] = sign(
            access_key=ACCESS_KEY,
            access_secret=ACCESS_SECRET,
            action="getMedia",
            biz_type="2",
            ts=ts,
            body=body,
        )
        response = client.post("/api/wa/getMedia", content=body, headers=headers)
        assert response.json()["code"] == 0

    return call, client.close


def nxwa_client(url: str, backend: str) -> tuple[Callable[[], None], Callable[[], None]]:
    import nxwa

    client = nxwa.Client(
        access_key=ACCESS_KEY,
        access_secret=ACCESS_SECRET,
        app_key=APP_KEY,
        open_base_url=url,
        backend=backend,  # type: ignore[arg-type]
    )

    def call() -> None:
        assert client.cloud.media.get(PHONE, MEDIA_ID).mime_type == "image/jpeg"

    return call, client.close


def async_in_loop(url: str, calls: int) -> tuple[Callable[[], None], Callable[[], None]]:
    """Reference, not a contender: ``AsyncClient`` awaited in its own loop, ``calls`` per hop,
    so (Client - this) is what the sync facade adds per call."""
    import contextlib

    from anyio.from_thread import start_blocking_portal

    import nxwa

    stack = contextlib.ExitStack()
    portal = stack.enter_context(start_blocking_portal())
    client = portal.call(
        lambda: nxwa.AsyncClient(
            access_key=ACCESS_KEY, access_secret=ACCESS_SECRET, app_key=APP_KEY, open_base_url=url
        )
    )

    async def batch() -> None:
        for _ in range(calls):
            assert (await client.cloud.media.get(PHONE, MEDIA_ID)).mime_type == "image/jpeg"

    def close() -> None:
        portal.call(client.aclose)
        stack.close()

    # One call of this runs a whole batch: per_call() divides by ``calls`` as for the others.
    return lambda: portal.call(batch), close


# ---------------------------------------------------------------------------- measuring


def per_call(call: Callable[[], None], calls: int, *, batched: bool = False) -> float:
    started = time.perf_counter()
    for _ in range(1 if batched else calls):
        call()
    return (time.perf_counter() - started) / calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--calls", type=int, default=100, help="calls per contender per round")
    parser.add_argument("--backend", choices=["asyncio", "trio", "both"], default="both")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(_serve())
        return

    process, url = start_server()
    backends = ["asyncio", "trio"] if args.backend == "both" else [args.backend]
    contenders = {"httpx.Client (raw)": raw_httpx(url)}
    for backend in backends:
        contenders[f"nxwa.Client ({backend})"] = nxwa_client(url, backend)
    reference = "AsyncClient, no hop"
    contenders[reference] = async_in_loop(url, args.calls)
    try:
        for name, (call, _) in contenders.items():  # warm up: connect, open the loop, caches
            for _ in range(1 if name == reference else 20):
                call()
        samples: dict[str, list[float]] = {name: [] for name in contenders}
        names = list(contenders)
        for round_ in range(args.rounds):
            order = names[round_ % len(names) :] + names[: round_ % len(names)]
            for name in order:
                call = contenders[name][0]
                samples[name].append(per_call(call, args.calls, batched=name == reference))
    finally:
        for _, close in contenders.values():
            close()
        assert process.stdin is not None
        process.stdin.close()
        process.wait(5)

    raw = statistics.median(samples["httpx.Client (raw)"])
    print(f"{args.rounds} rounds x {args.calls} sequential getMedia calls, 127.0.0.1 keep-alive")
    print(f"{'contender':<24}{'median µs/call':>16}{'vs raw':>10}")
    for name, values in samples.items():
        median = statistics.median(values)
        print(f"{name:<24}{median * 1e6:>16.1f}{median / raw:>9.2f}x")
    print(f"('{reference}': AsyncClient awaited in its loop thread, for reference)")


if __name__ == "__main__":
    main()
